/* central_int.h: what the parts of the central store share: central.c
 * (connection, push, pull, snapshots, season, purge), central_schema.c
 * (the server's schema and its migrations), central_login.c (kiosk
 * logins) and central_sync.c (a kiosk's live link). Internal to the core.
 */
#ifndef FAIR_CENTRAL_INT_H
#define FAIR_CENTRAL_INT_H

#include <libpq-fe.h>

#include "fair/central.h"

struct central {
	PGconn *pg;
};

/* err gets what, then the first line of libpq's message (the server's,
 * already in the user's language); FAIR_EIO. */
int central_pg_fail(struct central *c, struct fair_err *err,
		    const char *what);
/* Runs sql (no parameters); FAIR_EIO with the server's message. */
int central_pg_exec(struct central *c, const char *sql,
		    struct fair_err *err);
void central_pg_rollback(struct central *c);
/* The first instant of the event's first day and of the day after its
 * last, in ms, by caltime.c from its dates and offset. FAIR_EINVAL when a
 * date is not YYYY-MM-DD (naming the event). */
int central_event_window(uint32_t event_id, const char *start,
			 const char *end, int offset_min, int64_t *lo,
			 int64_t *hi, struct fair_err *err);
/* Writes central_event_window() into every event row that has none
 * (schema 7's migration). FAIR_EIO, FAIR_EINVAL. */
int central_fill_windows(struct central *c, struct fair_err *err);
/* Removes the SQLite file at path and the -wal, -shm and -journal files
 * beside it; what is not there is no error. */
void central_remove_db(const char *path);
/* A private copy of the server's rows, read by one command: a new
 * folder (0700) from dir, a template "/tmp/NAME-XXXXXX" rewritten in
 * place, and in it a new store called name, its path written to path (n
 * bytes). NULL with err, nothing left on disk. */
struct store *central_private_new(char *dir, char *path, size_t n,
				  const char *name, struct fair_err *err);
/* Ends what central_private_new() began, rc its filling's result: st is
 * closed and, when rc is 0, opened again read-only, for the caller to
 * close; either way its file and folder are gone from disk (the open
 * store reads its unlinked file). NULL unless rc is 0 and it opens. */
struct store *central_private_done(struct store *st, const char *dir,
				   const char *path, int rc,
				   struct fair_err *err);
/* FAIR_ENOTOURS unless the server's schema is CENTRAL_SCHEMA_VERSION. */
int central_require_schema(struct central *c, struct fair_err *err);

#endif
