/* merge_int.h: the parts of merge shared by merge.c (batches, the event
 * side), merge_scan.c (reading and checking inputs, in threads),
 * merge_sweep.c (flags that need the whole event) and merge_state.c (what
 * a merge of several batches leaves between them). Internal to the core. */
#ifndef FAIR_MERGE_INT_H
#define FAIR_MERGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/merge.h"

#define MERGE_URI_MAX 4200
#define MERGE_FILE_FACTS_MAX 20000000L /* facts held per input */
#define MERGE_FILE_WALKINS_MAX 1000000L /* walk-ins per input */
#define MERGE_FILE_BYTES_MAX (8LL << 30) /* size of one input file */
#define MERGE_VALUE_BYTES_MAX (1 << 20) /* SQLITE_LIMIT_LENGTH on inputs */

/* One row of sqlite_schema of a freshly created store: what an input's
 * schema is compared with. */
struct mschema {
	char type[16];
	char name[64];
	char tbl[64];
	char *sql;               /* NULL for automatic indexes; owned */
};

/* What a scan learned about one input; filled by a worker thread, read by
 * the merging thread after every worker has finished. */
struct mscan {
	int status;              /* 0, or the FAIR_E* code refusing it */
	char msg[256];           /* why refused */
	char uri[MERGE_URI_MAX]; /* what SQLite opens: file or its copy */
	char copy[MERGE_URI_MAX];/* private copy's path; "" if read in place */
	long facts;              /* facts in the file */
	uint32_t event_id;       /* the event the file belongs to */
	char kiosk[64];          /* its most frequent kiosk name */
	uint8_t (*uuid)[16];     /* every fact's uuid, sorted; owned */
	uint64_t *hash;          /* content hash of each, same order; owned */
	long nuuid;
	uint32_t *walkin;        /* ids of the file's walk-ins, sorted; owned */
	long nwalkin;
	uint32_t *flag_idx;      /* indexes into uuid of flagged facts */
	const char **flag_why;   /* their reasons (static strings) */
	long nflags, capflags;
	bool repair;             /* a fact outside the event has a boot id */
};

/* What every scan needs to know about the event. */
struct mscan_event {
	uint32_t event_id;
	bool any_event;          /* kioskfile_check: a file of any event */
	int64_t lo_ms, hi_ms;    /* the event's days in UTC ms, [lo, hi) */
	const char *tmpdir;      /* for private copies */
	const uint32_t *att;     /* the event's attendee ids, sorted */
	long natt;
	const uint32_t *place;   /* the event's place ids, sorted */
	long nplace;
	const struct mschema *schema; /* a fresh store's, sorted by name */
	int nschema;
	const char *event_uri;   /* the event database, read-only URI */
	const char *known_sql;   /* uuids of ev.facts differing from main's */
	merge_progress_fn progress;
	void *ctx;
	long *done, total;       /* progress counters (under the pool lock) */
};

/* Validates and scans every input, in parallel. Fills sc[0..n); returns 0
 * when all are fine, else the first failure's code (each sc has its own
 * status and msg). */
int mscan_all(struct mscan *sc, const char *const *paths, int n,
	      const struct mscan_event *ev);
/* Validates and scans one input, on this thread: what mscan_all does
 * for each. ev's progress fields are not used. Release s with
 * mscan_release. */
int mscan_one(struct mscan *s, const char *path,
	      const struct mscan_event *ev, struct fair_err *err);
/* A fresh store's sqlite_schema, sorted by name, into *out (n rows);
 * mschema_free releases it. 0, FAIR_EIO or FAIR_ENOMEM. */
int mschema_load(struct mschema **out, int *n, struct fair_err *err);
void mschema_free(struct mschema *s, int n);
/* Same uuid, different content in two inputs: refuses the later one
 * (status, msg naming the earlier path). Returns 0 or its status. */
int mscan_cross(struct mscan *sc, const char *const *paths, int n);
/* Frees arrays and removes private copies. */
void mscan_release(struct mscan *sc, int n);
/* True if uuid is one of the input's facts. */
bool mscan_has(const struct mscan *sc, const uint8_t uuid[16]);

/* Flags needing every fact of the event: one badge at two places at once
 * (on both facts), revoked serials. msweep_start reads the event's
 * check-ins (inside the caller's transaction) and judges them on a thread
 * of its own; the caller may use db meanwhile. msweep_finish waits, and if
 * write is true inserts the flags, adding new ones to sums[i].flagged of an
 * input holding the fact; it always frees the sweep. Both return 0 or
 * FAIR_EIO/FAIR_ENOMEM. */
struct sweep;
int msweep_start(sqlite3 *db, const struct mscan *sc, int n,
		 struct merge_summary *sums, struct sweep **out,
		 struct fair_err *err);
int msweep_finish(struct sweep *w, bool write, struct fair_err *err);

/* The "pending" mark of a merge of several batches (merge_state.c), in
 * the caller's transaction: with to < n, the inputs [to, n) of sums are
 * still to merge; with to == n, the mark goes. 0 or FAIR_EIO. */
int mstate_pending(sqlite3 *db, const struct merge_summary *sums, int to,
		   int n, struct fair_err *err);
/* Whether an earlier merge left its mark: the whole event's flags must be
 * judged again at the end. 0 or FAIR_EIO. */
int mstate_pending_found(sqlite3 *db, bool *found, struct fair_err *err);

/* FNV-1a, for grouping by kiosk name and boot id without keeping text. */
uint64_t merge_hash(const char *s);

#endif
