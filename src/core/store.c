/* store.c: the SQLite file behind every fairkiosk program; see store.h.
 *
 * Statements are prepared once per handle and reset after each use, so a
 * check-in costs one INSERT and one fsync. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "fair/store.h"
#include "fair/types.h"
#include "schema.sql.h"

_Static_assert(SCHEMA_STEPS == STORE_SCHEMA_VERSION,
	       "store.h names the schema version schema.sql.h ends at");

/* Every statement used on a hot path, prepared once. */
enum stmt_id {
	Q_FACT_INSERT,
	Q_FIRST_CHECKIN,
	Q_LAST_CHECKIN,
	Q_SERIAL_REVOKED,
	Q_ATTENDEE_GET,
	Q_COUNT
};

static const char *const stmt_sql[Q_COUNT] = {
	[Q_FACT_INSERT] =
	"INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,"
	" direction, source, wall_ms, boot_id, mono_ms, voids, flags, rating,"
	" tags, note)"
	" VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
	[Q_FIRST_CHECKIN] =
	"SELECT " "uuid, kind, kiosk, place_id, attendee_id, serial, direction,"
	" source, wall_ms, boot_id, mono_ms, voids, flags, rating, tags, note"
	" FROM facts f"
	" WHERE attendee_id = ?1 AND place_id = ?2 AND kind = 'checkin'"
	" AND direction = ?3 AND wall_ms >= ?4 AND NOT EXISTS"
	" (SELECT 1 FROM facts v WHERE v.voids = f.uuid)"
	" ORDER BY wall_ms LIMIT 1",
	[Q_LAST_CHECKIN] =
	"SELECT uuid, kind, kiosk, place_id, attendee_id, serial, direction,"
	" source, wall_ms, boot_id, mono_ms, voids, flags, rating, tags, note"
	" FROM facts f"
	" WHERE attendee_id = ?1 AND place_id = ?2 AND kind = 'checkin'"
	" AND NOT EXISTS (SELECT 1 FROM facts v WHERE v.voids = f.uuid)"
	" ORDER BY wall_ms DESC LIMIT 1",
	[Q_SERIAL_REVOKED] =
	"SELECT EXISTS (SELECT 1 FROM revocations WHERE attendee_id = ?1"
	" AND serial = ?2) OR EXISTS (SELECT 1 FROM attendees WHERE id = ?1"
	" AND serial > ?2)",
	[Q_ATTENDEE_GET] =
	"SELECT id, ext_id, name, kana, school, faculty, grade, email, phone,"
	" consent, consent_version, role, serial FROM attendees WHERE id = ?1",
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q_COUNT]; /* prepared lazily, reset after use */
	bool readonly;
	/* STORE_WATCH: our own descriptor of the file SQLite opened, kept
	 * until after sqlite3_close (closing any descriptor of a file drops
	 * the process's POSIX locks on it) */
	int fd;                      /* -1 when not watching */
	char *path;
	dev_t dev;
	ino_t ino;
	struct timespec mtime;       /* as our own last checkpoint left it */
	off_t size;
	bool moved;                  /* gone from the path: checkpointed */
	bool changed;                /* written by someone else: hands off */
};

#define FACT_COLUMNS \
	"uuid, kind, kiosk, place_id, attendee_id, serial, direction," \
	" source, wall_ms, boot_id, mono_ms, voids, flags, rating, tags, note"

static int db_fail(struct store *st, struct fair_err *err, const char *what)
{
	int code = sqlite3_errcode(st->db);
	int rc = FAIR_EIO;

	if (code == SQLITE_CONSTRAINT || code == SQLITE_MISMATCH)
		rc = FAIR_EINVAL;
	return fair_fail(err, rc, "%s: %s", what, sqlite3_errmsg(st->db));
}

static sqlite3_stmt *stmt_get(struct store *st, enum stmt_id id)
{
	if (!st->stmt[id] &&
	    sqlite3_prepare_v3(st->db, stmt_sql[id], -1,
			       SQLITE_PREPARE_PERSISTENT, &st->stmt[id],
			       NULL) != SQLITE_OK)
		return NULL;
	return st->stmt[id];
}

/* store_query_int64() on any handle (store.c also reads files it opened
 * itself, such as a copy on a stick). */
static int query_int64(sqlite3 *db, const char *sql,
		       const struct store_arg *args, int nargs, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	for (int i = 0; i < nargs; i++)
		if (args[i].text)
			sqlite3_bind_text(s, i + 1, args[i].text, -1,
					  SQLITE_STATIC);
		else
			sqlite3_bind_int64(s, i + 1, args[i].num);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? FAIR_ENOENT : FAIR_EIO;
}

int store_query_int64(struct store *st, const char *sql,
		      const struct store_arg *args, int nargs, int64_t *out)
{
	return query_int64(st->db, sql, args, nargs, out);
}

static sqlite3_stmt *prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	return s;
}

static int exec(struct store *st, const char *sql, struct fair_err *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(st, err, "database error");
	return 0;
}

static int pragma_int(struct store *st, const char *sql, int *out)
{
	int64_t v;

	if (store_query_int64(st, sql, NULL, 0, &v))
		return -1;
	*out = (int)v;
	return 0;
}

/* ---- open, check, migrate ------------------------------------------- */

static bool table_count(struct store *st, int *n)
{
	return pragma_int(st, "SELECT count(*) FROM sqlite_schema", n) == 0;
}

/* Ours: application_id matches. An empty file (no tables, no id) is
 * fresh and may get our schema when creating. */
static int check_ownership(struct store *st, const char *path, bool create,
			   bool *fresh, struct fair_err *err)
{
	int app_id = 0, ntables = 0, ncode = 0;

	if (pragma_int(st, "PRAGMA application_id", &app_id) != 0 ||
	    !table_count(st, &ntables))
		return fair_fail(err, FAIR_ENOTOURS,
				 "not a fairkiosk database (%s)",
				 sqlite3_errmsg(st->db));
	*fresh = app_id == 0 && ntables == 0;
	if (*fresh && !create)
		return fair_fail(err, FAIR_ENOTOURS,
				 "empty file, not a fairkiosk database");
	if (!*fresh && app_id != STORE_APPLICATION_ID)
		return fair_fail(err, FAIR_ENOTOURS,
				 "not a fairkiosk database");
	/* ours have none; one from a stick could undo each fact confirmed */
	if (pragma_int(st, "SELECT count(*) FROM sqlite_schema WHERE type IN "
		       "('trigger', 'view')", &ncode) || ncode)
		return fair_fail(err, FAIR_ENOTOURS, "holds a trigger or a "
				 "view, which no fairkiosk database has");
	(void)path;
	return 0;
}

static int migrate(struct store *st, struct fair_err *err)
{
	int version = 0;
	char sql[64];

	if (pragma_int(st, "PRAGMA user_version", &version) != 0)
		return db_fail(st, err, "cannot read schema version");
	if (version > SCHEMA_STEPS)
		return fair_fail(err, FAIR_ENEWER,
				 "made by a newer fairkiosk (schema %d, this "
				 "program knows up to %d); upgrade fairkiosk",
				 version, SCHEMA_STEPS);
	if (version == SCHEMA_STEPS)
		return 0;
	if (st->readonly)
		return fair_fail(err, FAIR_ENEWER,
				 "older schema %d needs upgrading, but the file "
				 "is opened read-only", version);
	if (exec(st, "BEGIN IMMEDIATE", err))
		return FAIR_EIO;
	for (int v = version; v < SCHEMA_STEPS; v++) {
		if (sqlite3_exec(st->db, schema_steps[v], NULL, NULL, NULL)) {
			db_fail(st, err, "cannot create schema");
			goto out_rollback;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; "
		 "PRAGMA application_id = %d", SCHEMA_STEPS,
		 STORE_APPLICATION_ID);
	if (exec(st, sql, err) || exec(st, "COMMIT", err))
		goto out_rollback;
	return 0;
out_rollback:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return FAIR_EIO;
}

/* True if path+suffix exists (any size). */
static bool side_exists(const char *path, const char *suffix)
{
	char side[4096];

	if (snprintf(side, sizeof(side), "%s%s", path, suffix) >=
	    (int)sizeof(side))
		return true; /* cannot tell: take the cautious path */
	return access(side, F_OK) == 0;
}

int store_path_uri(char *out, size_t cap, const char *path,
		   const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 5, q = strlen(query);

	if (cap < 6)
		return -1;
	memcpy(out, "file:", 5);
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (o + 4 >= cap)
			return -1;
		if (c > 0x20 && c < 0x7f && !strchr("?#%\"'", c)) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (o + q + 1 > cap)
		return -1;
	memcpy(out + o, query, q + 1);
	return 0;
}

/* A read-only open of a WAL file would create -wal and -shm beside it and,
 * being read-only, never remove them: organizers then copy a half event
 * around. With no -wal, -shm or -journal there, no writer is open and no
 * transaction is pending, so the main file is the whole database: open it
 * immutable, which writes nothing. Otherwise a writer is live (merge,
 * serve) and its files exist already; open normally read-only. */
static int open_readonly(struct store *st, const char *path,
			 struct fair_err *err)
{
	char uri[4200];
	int oflags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_READONLY;

	if (!side_exists(path, "-wal") && !side_exists(path, "-shm") &&
	    !side_exists(path, "-journal") &&
	    store_path_uri(uri, sizeof(uri), path, "?immutable=1") == 0) {
		if (sqlite3_open_v2(uri, &st->db, oflags | SQLITE_OPEN_URI,
				    NULL) == SQLITE_OK)
			goto opened;
		sqlite3_close(st->db);
		st->db = NULL;
	}
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s",
				 st->db ? sqlite3_errmsg(st->db) : "no memory");
opened:
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 0);
	return 0;
}

static int open_handle(struct store *st, const char *path, unsigned flags,
		       struct fair_err *err)
{
	int oflags = SQLITE_OPEN_FULLMUTEX;
	struct stat sb;

	if (flags & STORE_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE;
	if (stat(path, &sb) != 0) {
		if (!(flags & STORE_CREATE))
			return fair_fail(err, FAIR_ENOENT, "no such file");
		oflags |= SQLITE_OPEN_CREATE;
	} else if (!S_ISREG(sb.st_mode)) {
		return fair_fail(err, FAIR_ENOTOURS, "not a regular file");
	}
	if (flags & STORE_READONLY)
		return open_readonly(st, path, err);
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s",
				 st->db ? sqlite3_errmsg(st->db) : "no memory");
	sqlite3_busy_timeout(st->db, 5000);
	sqlite3_extended_result_codes(st->db, 0);
	return 0;
}

/* WAL with synchronous=FULL: a commit is on disk when it returns, and a
 * reader (staff screen, export) never blocks the writer. */
static int set_pragmas(struct store *st, struct fair_err *err)
{
	if (st->readonly)
		return exec(st, "PRAGMA query_only = 1", err);
	return exec(st, "PRAGMA journal_mode = WAL;"
		    "PRAGMA synchronous = FULL;"
		    "PRAGMA foreign_keys = OFF;", err);
}

/* ---- watching the file (STORE_WATCH) -------------------------------- */

/* In WAL mode only checkpoints write the main file, and ours all run
 * through wal_hook below; so between two of them its size and mtime stay
 * as we left them, and a change means another program wrote into it. */
static void stamp_take(struct store *st)
{
	struct stat sb;

	if (fstat(st->fd, &sb) == 0) {
		st->mtime = sb.st_mtim;
		st->size = sb.st_size;
	}
}

static bool stamp_same(const struct store *st, const struct stat *sb)
{
	return sb->st_size == st->size &&
	       sb->st_mtim.tv_sec == st->mtime.tv_sec &&
	       sb->st_mtim.tv_nsec == st->mtime.tv_nsec;
}

/* Replaces SQLite's auto-checkpoint (same threshold), so that every
 * write of ours into the main file is followed by a new stamp, and so
 * that a file someone else changed is never written into. */
static int wal_hook(void *p, sqlite3 *db, const char *name, int pages)
{
	struct store *st = p;
	struct stat sb;

	if (pages < 1000 || st->changed)
		return SQLITE_OK;
	if (fstat(st->fd, &sb) != 0 || !stamp_same(st, &sb))
		return SQLITE_OK; /* store_check_file will say why */
	sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL,
				  NULL);
	stamp_take(st);
	return SQLITE_OK;
}

/* The file went away from the path (deleted, renamed, replaced): put all
 * that was committed into it, and empty the -wal left at the path, which
 * must never be applied to another file put there. */
static void watch_moved(struct store *st)
{
	if (st->moved || st->changed)
		return;
	st->moved = true;
	if (sqlite3_wal_checkpoint_v2(st->db, "main",
				      SQLITE_CHECKPOINT_TRUNCATE, NULL,
				      NULL) != SQLITE_OK)
		sqlite3_wal_checkpoint_v2(st->db, "main",
					  SQLITE_CHECKPOINT_PASSIVE, NULL,
					  NULL);
	stamp_take(st);
}

/* Someone else wrote into the file: never checkpoint into it again (not
 * even on close), and move our -wal aside so that whoever opens the file
 * next does not get our pages applied onto theirs. */
static void watch_changed(struct store *st)
{
	char wal[4096], aside[4200];

	if (st->changed)
		return;
	st->changed = true;
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (snprintf(wal, sizeof(wal), "%s-wal", st->path) <
	    (int)sizeof(wal)) {
		snprintf(aside, sizeof(aside), "%s.lost", wal);
		rename(wal, aside);
	}
}

int store_check_file(struct store *st, struct fair_err *err)
{
	struct stat a, b;
	const char *why = NULL;

	if (!st || st->fd < 0)
		return 0;
	if (fstat(st->fd, &a) != 0)
		why = strerror(errno);
	else if (stat(st->path, &b) != 0)
		why = errno == ENOENT ? "it is gone (deleted or renamed away)"
				      : strerror(errno);
	else if (a.st_dev != b.st_dev || a.st_ino != b.st_ino ||
		 a.st_nlink == 0)
		why = "another file was put in its place";
	if (why) {
		watch_moved(st);
		return fair_fail(err, FAIR_EIO, "'%s': %s", st->path, why);
	}
	if (st->changed || !stamp_same(st, &a)) {
		watch_changed(st);
		return fair_fail(err, FAIR_EIO, "'%s': another program wrote "
				 "into it", st->path);
	}
	if (access(st->path, W_OK) != 0)
		return fair_fail(err, FAIR_EIO, "'%s' is not writable: %s",
				 st->path, strerror(errno));
	st->moved = false; /* the same file is back */
	return 0;
}

static int watch_start(struct store *st, const char *path,
		       struct fair_err *err)
{
	struct stat a, b;
	int moved = 0;

	st->path = strdup(path);
	if (!st->path)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	st->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (st->fd < 0 || fstat(st->fd, &a) != 0 || stat(path, &b) != 0)
		return fair_fail(err, FAIR_EIO, "cannot watch '%s': %s", path,
				 strerror(errno));
	/* the same file as SQLite's: nothing swapped it meanwhile */
	if (a.st_dev != b.st_dev || a.st_ino != b.st_ino ||
	    sqlite3_file_control(st->db, "main", SQLITE_FCNTL_HAS_MOVED,
				 &moved) != SQLITE_OK || moved)
		return fair_fail(err, FAIR_EIO, "'%s' was replaced while it "
				 "was being opened", path);
	st->dev = a.st_dev;
	st->ino = a.st_ino;
	stamp_take(st);
	sqlite3_wal_hook(st->db, wal_hook, st);
	return 0;
}

struct store *store_open(const char *path, unsigned flags,
			 struct fair_err *err)
{
	struct store *st = calloc(1, sizeof(*st));
	bool fresh = false;

	if (!st) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	st->readonly = flags & STORE_READONLY;
	st->fd = -1;
	if (open_handle(st, path, flags, err))
		goto out_free;
	if (check_ownership(st, path, flags & STORE_CREATE, &fresh, err))
		goto out_close;
	if (!fresh || !st->readonly) {
		if (migrate(st, err))
			goto out_close;
	}
	if (set_pragmas(st, err) || store_cal_register(st->db, err))
		goto out_close;
	if ((flags & STORE_WATCH) && !st->readonly &&
	    watch_start(st, path, err))
		goto out_close;
	return st;
out_close:
	sqlite3_close(st->db);
	if (fresh && (flags & STORE_CREATE))
		unlink(path); /* we made it; leave nothing behind */
out_free:
	if (st->fd >= 0)
		close(st->fd);
	free(st->path);
	free(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	/* SQLite skips its checkpoint on close when the file has moved: a
	 * file renamed away gets what it holds now, before closing */
	store_check_file(st, NULL);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	if (st->fd >= 0)
		close(st->fd);
	free(st->path);
	free(st);
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

int store_begin(struct store *st, struct fair_err *err)
{
	return exec(st, "BEGIN IMMEDIATE", err);
}

int store_commit(struct store *st, struct fair_err *err)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = db_fail(st, err, "cannot commit");

		store_rollback(st);
		return rc;
	}
	return 0;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- event and keys ------------------------------------------------- */

static bool date_valid(const char *s)
{
	int y, m, d;
	char tail;

	if (!s || strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	if (s[4] != '-' || s[7] != '-' || y < 2000 || y > 2999 || m < 1 ||
	    m > 12 || d < 1)
		return false;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	if (d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static void copy_text(char *dst, size_t n, const unsigned char *src)
{
	snprintf(dst, n, "%s", src ? (const char *)src : "");
}

#define COL_TEXT(s, i, field) \
	copy_text((field), sizeof(field), sqlite3_column_text((s), (i)))

static int key_insert(struct store *st, struct fair_err *err)
{
	uint8_t pk[TOKEN_PK_BYTES], sk[TOKEN_SK_BYTES];
	sqlite3_stmt *s;
	int rc = 0;

	if (token_keypair(pk, sk))
		return fair_fail(err, FAIR_EIO, "cannot start libsodium");
	s = prepare(st, "INSERT INTO keys (public, secret, created_ms) "
		    "VALUES (?1, ?2, ?3)");
	if (!s)
		return db_fail(st, err, "cannot store keys");
	sqlite3_bind_blob(s, 1, pk, sizeof(pk), SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, sk, sizeof(sk), SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, clock_wall_ms());
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_fail(st, err, "cannot store keys");
	sqlite3_finalize(s);
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

int store_event_create(struct store *st, const char *name,
		       const char *start_date, const char *end_date,
		       struct fair_err *err)
{
	struct event_info ev;
	sqlite3_stmt *s;
	uint32_t event_id;

	if (!name || !*name)
		return fair_fail(err, FAIR_EINVAL, "the event needs a name");
	if (!date_valid(start_date))
		return fair_fail(err, FAIR_EINVAL, "start date must be "
				 "YYYY-MM-DD: '%s'", start_date ? start_date : "");
	if (!end_date)
		end_date = start_date;
	if (!date_valid(end_date))
		return fair_fail(err, FAIR_EINVAL, "end date must be "
				 "YYYY-MM-DD: '%s'", end_date);
	if (strcmp(end_date, start_date) < 0)
		return fair_fail(err, FAIR_EINVAL, "end date %s is before "
				 "start date %s", end_date, start_date);
	if (store_event_get(st, &ev, NULL) == 0)
		return fair_fail(err, FAIR_EINVAL, "this database already "
				 "holds the event '%s'", ev.name);
	if (sodium_init() < 0)
		return fair_fail(err, FAIR_EIO, "cannot start libsodium");
	do
		event_id = randombytes_random();
	while (event_id == 0);
	if (store_begin(st, err))
		return FAIR_EIO;
	s = prepare(st, "INSERT INTO event (id, event_id, name, start_date,"
		    " end_date) VALUES (1, ?1, ?2, ?3, ?4)");
	if (!s)
		goto out_fail;
	sqlite3_bind_int64(s, 1, event_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, start_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, end_date, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto out_fail;
	sqlite3_finalize(s);
	s = NULL;
	if (key_insert(st, err))
		goto out_rollback;
	if (store_place_by_ext(st, "entrance", &(struct place){ 0 }) != 0) {
		struct place p = { .kind = PLACE_ENTRANCE };

		snprintf(p.ext_id, sizeof(p.ext_id), "entrance");
		snprintf(p.name, sizeof(p.name), "受付");
		if (store_place_upsert(st, &p, err))
			goto out_rollback;
	}
	return store_commit(st, err);
out_fail:
	db_fail(st, err, "cannot create event");
	sqlite3_finalize(s);
out_rollback:
	store_rollback(st);
	return FAIR_EIO;
}

int store_event_get(struct store *st, struct event_info *out,
		    struct fair_err *err)
{
	sqlite3_stmt *s = prepare(st, "SELECT event_id, name, start_date, "
				  "end_date, utc_offset_min FROM event");
	int rc;

	if (!s)
		return db_fail(st, err, "cannot read event");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->event_id = (uint32_t)sqlite3_column_int64(s, 0);
		COL_TEXT(s, 1, out->name);
		COL_TEXT(s, 2, out->start_date);
		COL_TEXT(s, 3, out->end_date);
		out->utc_offset_min = sqlite3_column_int(s, 4);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = fair_fail(err, FAIR_ENOENT, "no event in this database; "
			       "run 'fairsync init' first");
	} else {
		rc = db_fail(st, err, "cannot read event");
	}
	sqlite3_finalize(s);
	return rc;
}

int store_keys_load(struct store *st, struct token_keys *out,
		    struct fair_err *err)
{
	sqlite3_stmt *s = prepare(st, "SELECT public FROM keys ORDER BY id");

	if (!s)
		return db_fail(st, err, "cannot read keys");
	out->n = 0;
	while (sqlite3_step(s) == SQLITE_ROW && out->n < TOKEN_MAX_KEYS) {
		if (sqlite3_column_bytes(s, 0) != TOKEN_PK_BYTES)
			continue;
		memcpy(out->pk[out->n++], sqlite3_column_blob(s, 0),
		       TOKEN_PK_BYTES);
	}
	sqlite3_finalize(s);
	return 0;
}

int store_signing_key(struct store *st, uint8_t sk[TOKEN_SK_BYTES],
		      struct fair_err *err)
{
	sqlite3_stmt *s = prepare(st, "SELECT secret FROM keys WHERE secret "
				  "IS NOT NULL ORDER BY id DESC LIMIT 1");
	int rc = FAIR_ENOENT;

	if (!s)
		return db_fail(st, err, "cannot read keys");
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 0) == TOKEN_SK_BYTES) {
		memcpy(sk, sqlite3_column_blob(s, 0), TOKEN_SK_BYTES);
		rc = 0;
	}
	sqlite3_finalize(s);
	if (rc)
		fair_fail(err, rc, "this database holds no signing key (only "
			  "the organizer's and entrance kiosks do)");
	return rc;
}

/* ---- roster --------------------------------------------------------- */

/* Steps a statement whose last column is the row id (RETURNING id). */
static int step_returning_id(struct store *st, sqlite3_stmt *s,
			     uint32_t *id, struct fair_err *err,
			     const char *what)
{
	int rc = 0;

	if (!s)
		return db_fail(st, err, what);
	if (sqlite3_step(s) == SQLITE_ROW)
		*id = (uint32_t)sqlite3_column_int64(s, 0);
	else
		rc = db_fail(st, err, what);
	sqlite3_finalize(s);
	return rc;
}

int store_company_upsert(struct store *st, struct company *c,
			 struct fair_err *err)
{
	sqlite3_stmt *s;

	if (!c->ext_id[0] || !c->name[0])
		return fair_fail(err, FAIR_EINVAL, "a company needs an id and "
				 "a name");
	s = prepare(st, "INSERT INTO companies (ext_id, name, industry, booth)"
		    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (ext_id) DO UPDATE"
		    " SET name = ?2, industry = ?3, booth = ?4 RETURNING id");
	if (s) {
		sqlite3_bind_text(s, 1, c->ext_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, c->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, c->industry, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, c->booth, -1, SQLITE_STATIC);
	}
	return step_returning_id(st, s, &c->id, err, "cannot store company");
}

int store_place_upsert(struct store *st, struct place *p,
		       struct fair_err *err)
{
	sqlite3_stmt *s;

	if (!p->ext_id[0] || !p->name[0])
		return fair_fail(err, FAIR_EINVAL, "a place needs an id and a "
				 "name");
	s = prepare(st, "INSERT INTO places (ext_id, kind, name, company_id,"
		    " room, starts_ms, ends_ms, capacity, exit_tracking)"
		    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT (ext_id)"
		    " DO UPDATE SET kind = ?2, name = ?3, company_id = ?4,"
		    " room = ?5, starts_ms = ?6, ends_ms = ?7, capacity = ?8,"
		    " exit_tracking = ?9 RETURNING id");
	if (s) {
		sqlite3_bind_text(s, 1, p->ext_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, place_kind_name(p->kind), -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(s, 3, p->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, p->company_id);
		sqlite3_bind_text(s, 5, p->room, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 6, p->starts_ms);
		sqlite3_bind_int64(s, 7, p->ends_ms);
		sqlite3_bind_int(s, 8, p->capacity);
		sqlite3_bind_int(s, 9, p->exit_tracking);
	}
	return step_returning_id(st, s, &p->id, err, "cannot store place");
}

#define WALKIN_ID_BIT 0x80000000u

static uint32_t walkin_id(void)
{
	uint32_t id;

	do
		id = randombytes_random() | WALKIN_ID_BIT;
	while (id == 0xffffffffu);
	return id;
}

static void bind_attendee(sqlite3_stmt *s, const struct attendee *a)
{
	sqlite3_bind_text(s, 2, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->kana, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->school, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, a->faculty, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, a->grade, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, a->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, a->phone, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 9, a->consent);
	sqlite3_bind_text(s, 10, a->consent_version, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 11, a->role);
	sqlite3_bind_int(s, 12, a->serial ? a->serial : 1);
}

#define ATTENDEE_SET \
	" name = ?2, kana = ?3, school = ?4, faculty = ?5, grade = ?6," \
	" email = ?7, phone = ?8, consent = ?9, consent_version = ?10," \
	" role = ?11"

/* Roster ids are below WALKIN_ID_BIT, so a roster import after merging
 * walk-ins never strays into the walk-in half of the id space. */
int store_attendee_upsert(struct store *st, struct attendee *a,
			  struct fair_err *err)
{
	sqlite3_stmt *s;
	bool walkin = !a->ext_id[0];

	if (!a->name[0])
		return fair_fail(err, FAIR_EINVAL, "an attendee needs a name");
	if (walkin && !a->id) {
		if (sodium_init() < 0)
			return fair_fail(err, FAIR_EIO, "no libsodium");
		a->id = walkin_id();
	}
	if (walkin)
		s = prepare(st, "INSERT INTO attendees (id, name, kana, school,"
			    " faculty, grade, email, phone, consent,"
			    " consent_version, role, serial) VALUES"
			    " (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)"
			    " ON CONFLICT (id) DO UPDATE SET" ATTENDEE_SET
			    " RETURNING id");
	else
		s = prepare(st, "INSERT INTO attendees (id, ext_id, name, kana,"
			    " school, faculty, grade, email, phone, consent,"
			    " consent_version, role, serial) VALUES"
			    " ((SELECT coalesce(max(id), 0) + 1 FROM attendees"
			    "   WHERE id < 2147483648), ?1,?2,?3,?4,?5,?6,?7,"
			    " ?8,?9,?10,?11,?12) ON CONFLICT (ext_id) DO UPDATE"
			    " SET" ATTENDEE_SET " RETURNING id");
	if (s) {
		if (walkin)
			sqlite3_bind_int64(s, 1, a->id);
		else
			sqlite3_bind_text(s, 1, a->ext_id, -1, SQLITE_STATIC);
		bind_attendee(s, a);
	}
	return step_returning_id(st, s, &a->id, err, "cannot store attendee");
}

static void row_company(sqlite3_stmt *s, struct company *c)
{
	memset(c, 0, sizeof(*c));
	c->id = (uint32_t)sqlite3_column_int64(s, 0);
	COL_TEXT(s, 1, c->ext_id);
	COL_TEXT(s, 2, c->name);
	COL_TEXT(s, 3, c->industry);
	COL_TEXT(s, 4, c->booth);
}

static enum place_kind place_kind_parse(const unsigned char *s)
{
	if (s && !strcmp((const char *)s, "booth"))
		return PLACE_BOOTH;
	if (s && !strcmp((const char *)s, "session"))
		return PLACE_SESSION;
	if (s && !strcmp((const char *)s, "visit"))
		return PLACE_VISIT;
	return PLACE_ENTRANCE;
}

static void row_place(sqlite3_stmt *s, struct place *p)
{
	memset(p, 0, sizeof(*p));
	p->id = (uint32_t)sqlite3_column_int64(s, 0);
	COL_TEXT(s, 1, p->ext_id);
	p->kind = place_kind_parse(sqlite3_column_text(s, 2));
	COL_TEXT(s, 3, p->name);
	p->company_id = (uint32_t)sqlite3_column_int64(s, 4);
	COL_TEXT(s, 5, p->room);
	p->starts_ms = sqlite3_column_int64(s, 6);
	p->ends_ms = sqlite3_column_int64(s, 7);
	p->capacity = sqlite3_column_int(s, 8);
	p->exit_tracking = sqlite3_column_int(s, 9) != 0;
}

static void row_attendee(sqlite3_stmt *s, struct attendee *a)
{
	memset(a, 0, sizeof(*a));
	a->id = (uint32_t)sqlite3_column_int64(s, 0);
	COL_TEXT(s, 1, a->ext_id);
	COL_TEXT(s, 2, a->name);
	COL_TEXT(s, 3, a->kana);
	COL_TEXT(s, 4, a->school);
	COL_TEXT(s, 5, a->faculty);
	COL_TEXT(s, 6, a->grade);
	COL_TEXT(s, 7, a->email);
	COL_TEXT(s, 8, a->phone);
	a->consent = sqlite3_column_int(s, 9) != 0;
	COL_TEXT(s, 10, a->consent_version);
	a->role = (uint8_t)sqlite3_column_int(s, 11);
	a->serial = (uint16_t)sqlite3_column_int(s, 12);
}

#define COMPANY_COLS "SELECT id, ext_id, name, industry, booth FROM companies"
#define PLACE_COLS "SELECT id, ext_id, kind, name, company_id, room," \
	" starts_ms, ends_ms, capacity, exit_tracking FROM places"
#define ATTENDEE_COLS "SELECT id, ext_id, name, kana, school, faculty," \
	" grade, email, phone, consent, consent_version, role, serial" \
	" FROM attendees"

/* Runs a one-row lookup bound to an id or a text key. */
static int lookup(struct store *st, const char *sql, uint32_t id,
		  const char *key, void (*row)(sqlite3_stmt *, void *),
		  void *out)
{
	sqlite3_stmt *s = prepare(st, sql);
	int rc = FAIR_ENOENT;

	if (!s)
		return FAIR_EIO;
	if (key)
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		row(s, out);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

#define ROW_FN(f) ((void (*)(sqlite3_stmt *, void *))(f))

int store_company_get(struct store *st, uint32_t id, struct company *out)
{
	return lookup(st, COMPANY_COLS " WHERE id = ?1", id, NULL,
		      ROW_FN(row_company), out);
}

int store_company_by_ext(struct store *st, const char *ext_id,
			 struct company *out)
{
	return lookup(st, COMPANY_COLS " WHERE ext_id = ?1", 0, ext_id,
		      ROW_FN(row_company), out);
}

int store_place_get(struct store *st, uint32_t id, struct place *out)
{
	return lookup(st, PLACE_COLS " WHERE id = ?1", id, NULL,
		      ROW_FN(row_place), out);
}

int store_place_by_ext(struct store *st, const char *ext_id,
		       struct place *out)
{
	return lookup(st, PLACE_COLS " WHERE ext_id = ?1", 0, ext_id,
		      ROW_FN(row_place), out);
}

int store_attendee_get(struct store *st, uint32_t id, struct attendee *out)
{
	sqlite3_stmt *s = stmt_get(st, Q_ATTENDEE_GET);
	int rc = FAIR_ENOENT;

	if (!s)
		return FAIR_EIO;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		row_attendee(s, out);
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

int store_attendee_by_ext(struct store *st, const char *ext_id,
			  struct attendee *out)
{
	return lookup(st, ATTENDEE_COLS " WHERE ext_id = ?1", 0, ext_id,
		      ROW_FN(row_attendee), out);
}

int store_attendee_search(struct store *st, const char *prefix, int limit,
			  void (*fn)(const struct attendee *, void *),
			  void *ctx)
{
	sqlite3_stmt *s = prepare(st, ATTENDEE_COLS " WHERE substr(kana, 1,"
				  " length(?1)) = ?1 OR substr(name, 1,"
				  " length(?1)) = ?1 ORDER BY kana, id"
				  " LIMIT ?2");
	struct attendee a;
	int n = 0;

	if (!s)
		return FAIR_EIO;
	sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit);
	while (sqlite3_step(s) == SQLITE_ROW) {
		row_attendee(s, &a);
		fn(&a, ctx);
		n++;
	}
	sqlite3_finalize(s);
	return n;
}

int store_attendee_reissue(struct store *st, uint32_t attendee_id,
			   uint16_t *serial_out, struct fair_err *err)
{
	struct attendee a;
	sqlite3_stmt *s;
	int rc;

	if (store_attendee_get(st, attendee_id, &a))
		return fair_fail(err, FAIR_ENOENT, "no attendee with id %u",
				 attendee_id);
	if (a.serial == UINT16_MAX)
		return fair_fail(err, FAIR_EINVAL, "badge reissued too often");
	if (store_begin(st, err))
		return FAIR_EIO;
	s = prepare(st, "INSERT OR IGNORE INTO revocations VALUES (?1, ?2);"
		    );
	if (!s)
		goto out_fail;
	sqlite3_bind_int64(s, 1, attendee_id);
	sqlite3_bind_int(s, 2, a.serial);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		goto out_fail;
	s = prepare(st, "UPDATE attendees SET serial = ?2 WHERE id = ?1");
	if (!s)
		goto out_fail;
	sqlite3_bind_int64(s, 1, attendee_id);
	sqlite3_bind_int(s, 2, a.serial + 1);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		goto out_fail;
	*serial_out = (uint16_t)(a.serial + 1);
	return store_commit(st, err);
out_fail:
	db_fail(st, err, "cannot revoke badge");
	store_rollback(st);
	return FAIR_EIO;
}

bool store_serial_revoked(struct store *st, uint32_t attendee_id,
			  uint16_t serial)
{
	sqlite3_stmt *s = stmt_get(st, Q_SERIAL_REVOKED);
	bool revoked = false;

	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, attendee_id);
	sqlite3_bind_int(s, 2, serial);
	if (sqlite3_step(s) == SQLITE_ROW)
		revoked = sqlite3_column_int(s, 0) != 0;
	sqlite3_reset(s);
	return revoked;
}

/* ---- facts ---------------------------------------------------------- */

static const char *const fact_kind_names[FACT_KIND_COUNT] = {
	"checkin", "void", "register", "feedback", "lead", "assign",
	"consent", "departure", "survey",
};

const char *fact_kind_name(enum fact_kind k)
{
	return (unsigned)k < FACT_KIND_COUNT ? fact_kind_names[k] : "checkin";
}

static enum fact_kind fact_kind_parse(const unsigned char *s)
{
	for (int k = 0; s && k < FACT_KIND_COUNT; k++)
		if (!strcmp((const char *)s, fact_kind_names[k]))
			return (enum fact_kind)k;
	return FACT_CHECKIN;
}

const char *place_kind_name(enum place_kind k)
{
	switch (k) {
	case PLACE_BOOTH: return "booth";
	case PLACE_SESSION: return "session";
	case PLACE_VISIT: return "visit";
	case PLACE_ENTRANCE: break;
	}
	return "entrance";
}

static enum input_source source_parse(const unsigned char *s)
{
	for (int i = 0; s && i < SOURCE_COUNT; i++)
		if (!strcmp((const char *)s, input_source_name(i)))
			return (enum input_source)i;
	return SOURCE_SCRIPT;
}

/* UUIDv7 (RFC 9562): 48-bit ms timestamp then random bits. Time-ordered
 * keys keep inserts at the end of the B-tree; the 74 random bits keep two
 * machines running one copied bundle from ever colliding. */
static void uuid7(uint8_t u[FACT_UUID_BYTES], int64_t wall_ms)
{
	uint64_t ts = wall_ms > 0 ? (uint64_t)wall_ms : 0;

	randombytes_buf(u, FACT_UUID_BYTES);
	for (int i = 0; i < 6; i++)
		u[i] = (uint8_t)(ts >> (40 - 8 * i));
	u[6] = (uint8_t)(0x70 | (u[6] & 0x0f));
	u[8] = (uint8_t)(0x80 | (u[8] & 0x3f));
}

static bool uuid_is_zero(const uint8_t u[FACT_UUID_BYTES])
{
	uint8_t acc = 0;

	for (int i = 0; i < FACT_UUID_BYTES; i++)
		acc |= u[i];
	return acc == 0;
}

void fact_uuid_hex(const uint8_t uuid[FACT_UUID_BYTES], char out[33])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < FACT_UUID_BYTES; i++) {
		out[2 * i] = hex[uuid[i] >> 4];
		out[2 * i + 1] = hex[uuid[i] & 15];
	}
	out[32] = '\0';
}

static void bind_fact(sqlite3_stmt *s, const struct fact *f)
{
	sqlite3_bind_blob(s, 1, f->uuid, FACT_UUID_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, fact_kind_name(f->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, f->place_id);
	sqlite3_bind_int64(s, 5, f->attendee_id);
	sqlite3_bind_int(s, 6, f->serial);
	sqlite3_bind_int(s, 7, f->direction < 0 ? -1 : 1);
	sqlite3_bind_text(s, 8, input_source_name(f->source), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, f->wall_ms);
	sqlite3_bind_text(s, 10, f->boot_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 11, f->mono_ms);
	if (f->kind == FACT_VOID)
		sqlite3_bind_blob(s, 12, f->voids, FACT_UUID_BYTES,
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 12);
	sqlite3_bind_int(s, 13, (int)f->flags);
	sqlite3_bind_int(s, 14, f->rating);
	sqlite3_bind_text(s, 15, f->tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 16, f->note, -1, SQLITE_STATIC);
}

int store_fact_append(struct store *st, struct fact *f,
		      struct fair_err *err)
{
	sqlite3_stmt *s = stmt_get(st, Q_FACT_INSERT);
	int rc = 0;

	if (!s)
		return db_fail(st, err, "cannot record");
	if (store_check_file(st, err))
		return FAIR_EIO; /* write nothing into a file that went away */
	if (uuid_is_zero(f->uuid)) {
		if (sodium_init() < 0)
			return fair_fail(err, FAIR_EIO, "no libsodium");
		uuid7(f->uuid, f->wall_ms);
	}
	bind_fact(s, f);
	/* Autocommit: the INSERT is its own transaction, and with WAL +
	 * synchronous=FULL sqlite3_step returns only after the fsync. */
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_fail(st, err, "check-in not stored");
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	/* committed, but into the file at the path? (it may have gone while
	 * the commit ran) */
	if (!rc && store_check_file(st, err))
		rc = FAIR_EIO;
	return rc;
}

static void row_fact(sqlite3_stmt *s, struct fact *f)
{
	memset(f, 0, sizeof(*f));
	if (sqlite3_column_bytes(s, 0) == FACT_UUID_BYTES)
		memcpy(f->uuid, sqlite3_column_blob(s, 0), FACT_UUID_BYTES);
	f->kind = fact_kind_parse(sqlite3_column_text(s, 1));
	COL_TEXT(s, 2, f->kiosk);
	f->place_id = (uint32_t)sqlite3_column_int64(s, 3);
	f->attendee_id = (uint32_t)sqlite3_column_int64(s, 4);
	f->serial = (uint16_t)sqlite3_column_int(s, 5);
	f->direction = sqlite3_column_int(s, 6);
	f->source = source_parse(sqlite3_column_text(s, 7));
	f->wall_ms = sqlite3_column_int64(s, 8);
	COL_TEXT(s, 9, f->boot_id);
	f->mono_ms = sqlite3_column_int64(s, 10);
	if (sqlite3_column_bytes(s, 11) == FACT_UUID_BYTES)
		memcpy(f->voids, sqlite3_column_blob(s, 11), FACT_UUID_BYTES);
	f->flags = (unsigned)sqlite3_column_int(s, 12);
	f->rating = sqlite3_column_int(s, 13);
	COL_TEXT(s, 14, f->tags);
	COL_TEXT(s, 15, f->note);
}

/* Steps a prepared, bound query for one fact and resets it. */
static int one_fact(sqlite3_stmt *s, struct fact *out)
{
	int rc = FAIR_ENOENT;

	if (sqlite3_step(s) == SQLITE_ROW) {
		row_fact(s, out);
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

int store_first_checkin(struct store *st, uint32_t attendee_id,
			uint32_t place_id, int direction, int64_t since_ms,
			struct fact *out)
{
	sqlite3_stmt *s = stmt_get(st, Q_FIRST_CHECKIN);

	if (!s)
		return FAIR_EIO;
	sqlite3_bind_int64(s, 1, attendee_id);
	sqlite3_bind_int64(s, 2, place_id);
	sqlite3_bind_int(s, 3, direction < 0 ? -1 : 1);
	sqlite3_bind_int64(s, 4, since_ms);
	return one_fact(s, out);
}

int store_last_checkin(struct store *st, uint32_t attendee_id,
		       uint32_t place_id, struct fact *out)
{
	sqlite3_stmt *s = stmt_get(st, Q_LAST_CHECKIN);

	if (!s)
		return FAIR_EIO;
	sqlite3_bind_int64(s, 1, attendee_id);
	sqlite3_bind_int64(s, 2, place_id);
	return one_fact(s, out);
}

#define VALID_CHECKIN \
	" kind = 'checkin' AND NOT EXISTS" \
	" (SELECT 1 FROM facts v WHERE v.voids = f.uuid)"

static int count_query(struct store *st, const char *sql, int64_t a,
		       int64_t b, int64_t c)
{
	const struct store_arg p[3] = { STORE_NUM(a), STORE_NUM(b),
					STORE_NUM(c) };
	int64_t n;

	if (store_query_int64(st, sql, p, 3, &n))
		return FAIR_EIO;
	return (int)n;
}

int store_place_count(struct store *st, const struct place *p,
		      int64_t since_ms)
{
	if (!p->exit_tracking)
		return count_query(st, "SELECT count(DISTINCT attendee_id)"
				   " FROM facts f WHERE place_id = ?1 AND"
				   " wall_ms >= ?2 AND" VALID_CHECKIN,
				   p->id, since_ms, 0);
	/* Present now: attendees whose latest valid scan here is an entry. */
	return count_query(st, "SELECT count(*) FROM (SELECT attendee_id,"
			   " direction, max(wall_ms) FROM facts f"
			   " WHERE place_id = ?1 AND wall_ms >= ?2 AND"
			   VALID_CHECKIN " GROUP BY attendee_id)"
			   " WHERE direction = 1", p->id, since_ms, 0);
}

int store_checkin_count(struct store *st, uint32_t place_id, int64_t from_ms,
			int64_t to_ms)
{
	return count_query(st, "SELECT count(*) FROM facts f WHERE"
			   " place_id = ?1 AND wall_ms >= ?2 AND wall_ms < ?3"
			   " AND direction = 1 AND" VALID_CHECKIN,
			   place_id, from_ms, to_ms);
}

int store_recent_checkins(struct store *st, int limit,
			  void (*fn)(const struct fact *, void *), void *ctx)
{
	sqlite3_stmt *s = prepare(st, "SELECT " FACT_COLUMNS " FROM facts f"
				  " WHERE" VALID_CHECKIN
				  " ORDER BY wall_ms DESC LIMIT ?1");
	struct fact f;
	int n = 0;

	if (!s)
		return FAIR_EIO;
	sqlite3_bind_int(s, 1, limit);
	while (sqlite3_step(s) == SQLITE_ROW) {
		row_fact(s, &f);
		fn(&f, ctx);
		n++;
	}
	sqlite3_finalize(s);
	return n;
}

int store_fact_get(struct store *st, const uint8_t uuid[FACT_UUID_BYTES],
		   struct fact *out)
{
	sqlite3_stmt *s = prepare(st, "SELECT " FACT_COLUMNS
				  " FROM facts WHERE uuid = ?1");
	int rc;

	if (!s)
		return FAIR_EIO;
	sqlite3_bind_blob(s, 1, uuid, FACT_UUID_BYTES, SQLITE_STATIC);
	rc = one_fact(s, out);
	sqlite3_finalize(s);
	return rc;
}

/* ---- backup --------------------------------------------------------- */

int store_backup(struct store *st, const char *path, struct fair_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "cannot create '%s': %s", path,
			       dst ? sqlite3_errmsg(dst) : "no memory");
		goto out_close;
	}
	b = sqlite3_backup_init(dst, "main", st->db, "main");
	if (!b) {
		rc = fair_fail(err, FAIR_EIO, "cannot copy to '%s': %s", path,
			       sqlite3_errmsg(dst));
		goto out_close;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = fair_fail(err, FAIR_EIO, "cannot copy to '%s': %s", path,
			       sqlite3_errstr(rc));
		goto out_close;
	}
	/* One self-contained file, safe to pull out on a USB stick. */
	rc = 0;
	if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
			 NULL) != SQLITE_OK)
		rc = fair_fail(err, FAIR_EIO, "cannot finish '%s': %s", path,
			       sqlite3_errmsg(dst));
out_close:
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = fair_fail(err, FAIR_EIO, "cannot close '%s'", path);
	return rc;
}

bool store_assigned(struct store *st, uint32_t attendee_id, uint32_t place_id)
{
	sqlite3_stmt *s = prepare(st, "SELECT 1 FROM facts f WHERE"
				  " attendee_id = ?1 AND place_id = ?2 AND"
				  " kind = 'assign' AND NOT EXISTS (SELECT 1"
				  " FROM facts v WHERE v.voids = f.uuid)");
	bool yes = false;

	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, attendee_id);
	sqlite3_bind_int64(s, 2, place_id);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

/* Reads the copy back as the organizer's merge will. */
static int stick_verify(const char *path, long want, struct fair_err *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	int64_t facts = -1, secrets = -1;
	int rc = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "'%s' cannot be read back: %s",
			       path, db ? sqlite3_errmsg(db) : "no memory");
		goto out;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) !=
	    SQLITE_OK || sqlite3_step(q) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(q, 0), "ok"))
		rc = fair_fail(err, FAIR_EIO, "'%s' reads back damaged", path);
	else if (query_int64(db, "SELECT count(*) FROM facts", NULL, 0,
			     &facts) || facts != want)
		rc = fair_fail(err, FAIR_EIO, "'%s' reads back with a "
			       "different number of facts", path);
	else if (query_int64(db, "SELECT count(*) FROM keys WHERE secret IS "
			     "NOT NULL", NULL, 0, &secrets) || secrets != 0)
		rc = fair_fail(err, FAIR_EIO, "'%s' still holds a secret key",
			       path);
	sqlite3_finalize(q);
out:
	sqlite3_close(db);
	return rc;
}

int store_copy_for_stick(struct store *st, const char *path, long *facts,
			 struct fair_err *err)
{
	sqlite3 *mem = NULL;
	sqlite3_backup *b;
	sqlite3_stmt *q = NULL;
	int64_t n = -1;
	int fd, rc = 0;

	/* created 0600 before SQLite writes: walk-ins' e-mails are in it */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return fair_fail(err, FAIR_EIO, "cannot create '%s': %s", path,
				 strerror(errno));
	close(fd);
	if (store_query_int64(st, "SELECT count(*) FROM facts", NULL, 0, &n) ||
	    sqlite3_open(":memory:", &mem) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "cannot read the database");
		goto out;
	}
	b = sqlite3_backup_init(mem, "main", st->db, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) {
		sqlite3_backup_finish(b);
		rc = fair_fail(err, FAIR_EIO, "cannot copy the database: %s",
			       sqlite3_errmsg(mem));
		goto out;
	}
	sqlite3_backup_finish(b);
	if (sqlite3_exec(mem, "UPDATE keys SET secret = NULL", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(mem, "VACUUM INTO ?1", -1, &q, NULL) !=
	    SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "cannot strip the key: %s",
			       sqlite3_errmsg(mem));
		goto out;
	}
	sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
			       sqlite3_errmsg(mem));
		goto out;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
			       strerror(errno));
	if (fd >= 0)
		close(fd);
	if (!rc)
		rc = stick_verify(path, n, err);
out:
	sqlite3_finalize(q);
	sqlite3_close(mem);
	if (rc)
		unlink(path);
	else
		*facts = n;
	return rc;
}
