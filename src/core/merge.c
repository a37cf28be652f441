/* merge.c: kiosk databases into the event database (see merge.h).
 *
 * Two passes: validate every input (nothing written), then attach them in
 * batches and copy facts with INSERT OR IGNORE, raising flags and repairs
 * in the same transaction.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fair/merge.h"

#define WALKIN_MIN_ID 2147483648u /* attendee ids with the top bit set */
#define URI_MAX 4200
#define SQL_MAX 4096
#define BOOT_FACTS_MAX 50000000L  /* cap on one boot's facts in memory */
#define DAY_MS 86400000LL

/* One input while it is being merged. */
struct source {
	char uri[URI_MAX];     /* what SQLite opens: the file or its copy */
	char copy[URI_MAX];    /* private copy's path; "" when read in place */
};

/* The event database's view of a merge. */
struct merge_ctx {
	struct store *st;
	sqlite3 *db;
	uint32_t event_id;
	int64_t lo_ms, hi_ms;   /* the event's days in UTC ms, [lo, hi) */
	char fact_cols[1024];   /* facts columns of the event database */
	char att_cols[1024];    /* attendees columns */
	char tmpdir[URI_MAX];   /* private copies live here */
	struct source *src;
	struct merge_summary *sums;
	const struct merge_opts *opts;
	long done, total;
};

static void progress(struct merge_ctx *m)
{
	m->done++;
	if (m->opts && m->opts->progress)
		m->opts->progress(m->done, m->total, m->opts->ctx);
}

static int exec(sqlite3 *db, const char *sql, struct fair_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fair_fail(err, FAIR_EIO, "%s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return FAIR_EIO;
}

int merge_tables_ensure(sqlite3 *db, struct fair_err *err)
{
	return exec(db,
		"CREATE TABLE IF NOT EXISTS merge_flags("
		" uuid BLOB NOT NULL, reason TEXT NOT NULL,"
		" PRIMARY KEY(uuid, reason)) WITHOUT ROWID;"
		"CREATE TABLE IF NOT EXISTS merge_repairs("
		" uuid BLOB PRIMARY KEY, wall_ms INTEGER NOT NULL,"
		" anchor BLOB NOT NULL, distance_ms INTEGER NOT NULL)"
		" WITHOUT ROWID;", err);
}

/* ---- small helpers --------------------------------------------------- */

/* Runs a query returning one integer; def when it returns no row. */
static int query_int(sqlite3 *db, const char *sql, int64_t def,
		     int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	*out = def;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static bool file_nonempty(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && sb.st_size > 0;
}

/* "file:" + path percent-encoded where URI syntax needs it, + query. */
static int make_uri(char *out, size_t cap, const char *path,
		    const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	if (cap < 6)
		return -1;
	memcpy(out, "file:", 5);
	o = 5;
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool plain = c > 0x20 && c < 0x7f && !strchr("?#%\"'", c);

		if (o + 4 >= cap)
			return -1;
		if (plain) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (o + strlen(query) + 1 > cap)
		return -1;
	memcpy(out + o, query, strlen(query) + 1);
	return 0;
}

static int copy_file(const char *from, const char *to, struct fair_err *err)
{
	char buf[1 << 16];
	int in, out, rc = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return fair_fail(err, FAIR_EIO, "cannot read '%s': %s", from,
				 strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", to,
			       strerror(errno));
		goto out_close_in;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s",
				       to, strerror(errno));
			goto out_close_out;
		}
	}
	if (n < 0)
		rc = fair_fail(err, FAIR_EIO, "cannot read '%s': %s", from,
			       strerror(errno));
out_close_out:
	close(out);
out_close_in:
	close(in);
	return rc;
}

/* Copies path and its -wal or -journal (if any) to tmpdir/<i>.db. */
static int source_copy(struct merge_ctx *m, int i, const char *path,
		       struct fair_err *err)
{
	static const char *const side[] = { "-wal", "-journal" };
	struct source *s = &m->src[i];
	char from[URI_MAX], to[URI_MAX];
	int rc;

	if (snprintf(s->copy, sizeof(s->copy), "%s/%d.db", m->tmpdir, i) >=
	    (int)sizeof(s->copy))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	rc = copy_file(path, s->copy, err);
	for (int k = 0; !rc && k < 2; k++) {
		snprintf(from, sizeof(from), "%s%s", path, side[k]);
		snprintf(to, sizeof(to), "%s%s", s->copy, side[k]);
		if (file_nonempty(from))
			rc = copy_file(from, to, err);
	}
	if (rc)
		return rc;
	if (make_uri(s->uri, sizeof(s->uri), s->copy, ""))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	return 0;
}

/* Picks how to read input i without ever writing beside it: in place as
 * immutable when the main file is all there is, else from a copy so the
 * -wal (or a hot -journal) is applied to the copy. */
static int source_prepare(struct merge_ctx *m, int i, const char *path,
			  struct fair_err *err)
{
	char side[URI_MAX];
	bool extra;

	if (access(path, R_OK) != 0)
		return fair_fail(err, FAIR_ENOENT, "%s", strerror(errno));
	snprintf(side, sizeof(side), "%s-wal", path);
	extra = file_nonempty(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	extra = extra || file_nonempty(side);
	m->src[i].copy[0] = '\0';
	if (extra)
		return source_copy(m, i, path, err);
	if (make_uri(m->src[i].uri, sizeof(m->src[i].uri), path,
		     "?immutable=1"))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	return 0;
}

/* ---- validation ------------------------------------------------------ */

static int check_integrity(sqlite3 *db, struct fair_err *err)
{
	sqlite3_stmt *s;
	const char *txt;
	int rc;

	rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &s,
				NULL);
	if (rc != SQLITE_OK)
		return fair_fail(err, FAIR_ENOTOURS, "damaged: %s",
				 sqlite3_errmsg(db));
	rc = sqlite3_step(s);
	txt = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0)
			       : NULL;
	if (!txt || strcmp(txt, "ok")) {
		fair_fail(err, FAIR_EINVAL, "fails integrity check: %s",
			  txt ? txt : sqlite3_errmsg(db));
		sqlite3_finalize(s);
		return FAIR_EINVAL;
	}
	sqlite3_finalize(s);
	return 0;
}

static int check_identity(sqlite3 *db, uint32_t event_id,
			  struct fair_err *err)
{
	int64_t app, ver, ev;

	if (query_int(db, "PRAGMA application_id", 0, &app) != SQLITE_OK)
		return fair_fail(err, FAIR_ENOTOURS,
				 "not a fairkiosk database (%s)",
				 sqlite3_errmsg(db));
	if (app != STORE_APPLICATION_ID)
		return fair_fail(err, FAIR_ENOTOURS,
				 "not a fairkiosk database");
	if (query_int(db, "PRAGMA user_version", 0, &ver) != SQLITE_OK)
		return fair_fail(err, FAIR_ENOTOURS, "%s", sqlite3_errmsg(db));
	if (ver > STORE_SCHEMA_VERSION)
		return fair_fail(err, FAIR_ENEWER,
				 "made by a newer fairkiosk (schema %lld, "
				 "this one reads %d)", (long long)ver,
				 STORE_SCHEMA_VERSION);
	if (ver < STORE_SCHEMA_VERSION)
		return fair_fail(err, FAIR_ENOTOURS,
				 "schema %lld is too old (expected %d)",
				 (long long)ver, STORE_SCHEMA_VERSION);
	if (query_int(db, "SELECT event_id FROM event", -1, &ev) !=
	    SQLITE_OK || ev < 0)
		return fair_fail(err, FAIR_ENOTOURS, "holds no event");
	if ((uint32_t)ev != event_id)
		return fair_fail(err, FAIR_EINVAL,
				 "belongs to another event (id %08x, this "
				 "event is %08x)", (unsigned)ev,
				 (unsigned)event_id);
	return 0;
}

static int validate_one(struct merge_ctx *m, int i, const char *path,
			struct fair_err *err)
{
	sqlite3 *db = NULL;
	int rc;

	rc = source_prepare(m, i, path, err);
	if (rc)
		return rc;
	if (sqlite3_open_v2(m->src[i].uri, &db, SQLITE_OPEN_READONLY |
			    SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
		goto out_close;
	}
	rc = check_identity(db, m->event_id, err);
	if (!rc)
		rc = check_integrity(db, err);
out_close:
	sqlite3_close(db);
	return rc;
}

/* Validates every input; returns the first failure's code. */
static int validate_all(struct merge_ctx *m, const char *const *paths,
			int n, struct fair_err *err)
{
	int first = 0, bad = 0;

	for (int i = 0; i < n; i++) {
		struct fair_err e = { "" };
		struct merge_summary *s = &m->sums[i];

		s->status = validate_one(m, i, paths[i], &e);
		if (s->status) {
			snprintf(s->msg, sizeof(s->msg), "%s", e.msg);
			if (!bad++) {
				first = s->status;
				fair_fail(err, first, "cannot merge '%s': %s",
					  paths[i], e.msg);
			}
		}
		progress(m);
	}
	if (bad > 1 && err) {
		char first_msg[sizeof(err->msg)];

		memcpy(first_msg, err->msg, sizeof(first_msg));
		fair_fail(err, first, "%d files refused, nothing merged; "
			  "%.400s", bad, first_msg);
	}
	return first;
}

/* ---- event side ------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t days_from_civil(int y, int mo, int d)
{
	int64_t era, yoe, doy, doe;

	y -= mo <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int date_ms(const char *ymd, int offset_min, int64_t *out)
{
	int y, mo, d;

	if (sscanf(ymd, "%4d-%2d-%2d", &y, &mo, &d) != 3)
		return -1;
	*out = days_from_civil(y, mo, d) * DAY_MS -
	       (int64_t)offset_min * 60000;
	return 0;
}

/* Comma-separated column names of main.table, for INSERT ... SELECT with
 * names rather than positions. */
static int table_cols(sqlite3 *db, const char *table, char *out,
		      size_t cap, struct fair_err *err)
{
	char sql[128];
	sqlite3_stmt *s;
	size_t o = 0;

	snprintf(sql, sizeof(sql), "PRAGMA main.table_info(%s)", table);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	out[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 1);
		int w = snprintf(out + o, cap - o, "%s\"%s\"", o ? "," : "",
				 name);

		if (w < 0 || (size_t)w >= cap - o) {
			sqlite3_finalize(s);
			return fair_fail(err, FAIR_EINVAL, "too many columns");
		}
		o += (size_t)w;
	}
	sqlite3_finalize(s);
	if (!o)
		return fair_fail(err, FAIR_ENOTOURS, "event database has no "
				 "table %s", table);
	return 0;
}

static int ctx_init(struct merge_ctx *m, struct fair_err *err)
{
	struct event_info ev;
	int rc;

	rc = store_event_get(m->st, &ev, err);
	if (rc)
		return rc;
	m->event_id = ev.event_id;
	if (date_ms(ev.start_date, ev.utc_offset_min, &m->lo_ms) ||
	    date_ms(ev.end_date, ev.utc_offset_min, &m->hi_ms))
		return fair_fail(err, FAIR_EINVAL, "event dates unreadable");
	m->hi_ms += DAY_MS;
	rc = table_cols(m->db, "facts", m->fact_cols, sizeof(m->fact_cols),
			err);
	if (!rc)
		rc = table_cols(m->db, "attendees", m->att_cols,
				sizeof(m->att_cols), err);
	return rc;
}

/* ---- one attached input ---------------------------------------------- */

static int run_sql(sqlite3 *db, const char *sql, int64_t lo, int64_t hi,
		   long *changes, struct fair_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	if (sqlite3_bind_parameter_count(s) >= 2) {
		sqlite3_bind_int64(s, 1, lo);
		sqlite3_bind_int64(s, 2, hi);
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	if (changes)
		*changes += sqlite3_changes(db);
	return 0;
}

static int copy_rows(struct merge_ctx *m, const char *as,
		     struct merge_summary *sum, struct fair_err *err)
{
	char sql[SQL_MAX];
	int64_t n;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s.facts", as);
	if (query_int(m->db, sql, 0, &n) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	sum->facts = (long)n;
	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO main.facts(%s) "
		 "SELECT %s FROM %s.facts", m->fact_cols, m->fact_cols, as);
	rc = run_sql(m->db, sql, 0, 0, &sum->added, err);
	if (rc)
		return rc;
	sum->known = sum->facts - sum->added;
	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO main.attendees(%s) "
		 "SELECT %s FROM %s.attendees WHERE id >= %u", m->att_cols,
		 m->att_cols, as, WALKIN_MIN_ID);
	return run_sql(m->db, sql, 0, 0, &sum->walkins, err);
}

static int kiosk_name(struct merge_ctx *m, const char *as,
		      struct merge_summary *sum)
{
	char sql[256];
	sqlite3_stmt *s;

	snprintf(sql, sizeof(sql), "SELECT kiosk FROM %s.facts GROUP BY "
		 "kiosk ORDER BY count(*) DESC, kiosk LIMIT 1", as);
	if (sqlite3_prepare_v2(m->db, sql, -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(sum->kiosk, sizeof(sum->kiosk), "%s",
			 (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return 0;
}

/* Flags on facts of input `as`. Each query is a pure function of the
 * facts present, so the union of flags does not depend on order. */
static int raise_flags(struct merge_ctx *m, const char *as,
		       struct merge_summary *sum, struct fair_err *err)
{
	char sql[SQL_MAX];
	int rc;

	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO main.merge_flags "
		 "SELECT uuid, 'clock-outside' FROM %s.facts "
		 "WHERE wall_ms < ?1 OR wall_ms >= ?2", as);
	rc = run_sql(m->db, sql, m->lo_ms, m->hi_ms, &sum->flagged, err);
	if (rc)
		return rc;
	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO main.merge_flags "
		 "SELECT uuid, 'clock-backwards' FROM (SELECT uuid, wall_ms, "
		 "max(wall_ms) OVER (PARTITION BY boot_id ORDER BY mono_ms, "
		 "uuid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS "
		 "before FROM %s.facts WHERE boot_id <> '') "
		 "WHERE before > wall_ms + %d", as, MERGE_BACKWARDS_MS);
	rc = run_sql(m->db, sql, 0, 0, &sum->flagged, err);
	if (rc)
		return rc;
	snprintf(sql, sizeof(sql), "WITH pair(a, b) AS (SELECT f.uuid, "
		 "g.uuid FROM %s.facts f JOIN main.facts g "
		 "ON g.attendee_id = f.attendee_id AND g.kind = 'checkin' "
		 "AND g.direction > 0 AND g.kiosk <> f.kiosk "
		 "AND g.place_id <> f.place_id "
		 "AND g.wall_ms > f.wall_ms - %d AND g.wall_ms < f.wall_ms + %d "
		 "WHERE f.kind = 'checkin' AND f.direction > 0) "
		 "INSERT OR IGNORE INTO main.merge_flags "
		 "SELECT a, 'conflict' FROM pair UNION "
		 "SELECT b, 'conflict' FROM pair", as,
		 MERGE_CONFLICT_MS, MERGE_CONFLICT_MS);
	rc = run_sql(m->db, sql, 0, 0, &sum->flagged, err);
	if (rc)
		return rc;
	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO main.merge_flags "
		 "SELECT f.uuid, 'revoked' FROM %s.facts f "
		 "JOIN main.attendees a ON a.id = f.attendee_id "
		 "WHERE f.kind = 'checkin' AND f.serial < a.serial", as);
	return run_sql(m->db, sql, 0, 0, &sum->flagged, err);
}

/* ---- repairs --------------------------------------------------------- */

struct bfact {
	uint8_t uuid[FACT_UUID_BYTES];
	int64_t mono, wall;
	bool trusted;           /* wall inside the event: an anchor */
};

struct boot {
	struct bfact *v;
	long n, cap;
};

static int boot_push(struct boot *b, sqlite3_stmt *s, int64_t lo,
		     int64_t hi)
{
	struct bfact *f;

	if (b->n == b->cap) {
		long cap = b->cap ? b->cap * 2 : 256;
		struct bfact *v;

		if (cap > BOOT_FACTS_MAX)
			return FAIR_ENOMEM;
		v = realloc(b->v, (size_t)cap * sizeof(*v));
		if (!v)
			return FAIR_ENOMEM;
		b->v = v;
		b->cap = cap;
	}
	f = &b->v[b->n++];
	memset(f->uuid, 0, sizeof(f->uuid));
	if (sqlite3_column_bytes(s, 1) == FACT_UUID_BYTES)
		memcpy(f->uuid, sqlite3_column_blob(s, 1), FACT_UUID_BYTES);
	f->mono = sqlite3_column_int64(s, 2);
	f->wall = sqlite3_column_int64(s, 3);
	f->trusted = f->wall >= lo && f->wall < hi;
	return 0;
}

static int repair_offer(sqlite3_stmt *up, const struct bfact *f,
			const struct bfact *a)
{
	int64_t dist = f->mono > a->mono ? f->mono - a->mono
					 : a->mono - f->mono;

	sqlite3_bind_blob(up, 1, f->uuid, FACT_UUID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(up, 2, a->wall + (f->mono - a->mono));
	sqlite3_bind_blob(up, 3, a->uuid, FACT_UUID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(up, 4, dist);
	if (sqlite3_step(up) != SQLITE_DONE) {
		sqlite3_reset(up);
		return FAIR_EIO;
	}
	sqlite3_reset(up);
	return 0;
}

/* Offers each untrusted fact its nearest anchor before and after it; the
 * upsert keeps the nearest of all offers, so the outcome is independent of
 * which copy of a boot arrives first. */
static int boot_repair(struct boot *b, sqlite3_stmt *up)
{
	long prev = -1;
	int rc = 0;

	for (long i = 0; i < b->n && !rc; i++) {
		if (b->v[i].trusted)
			prev = i;
		else if (prev >= 0)
			rc = repair_offer(up, &b->v[i], &b->v[prev]);
	}
	prev = -1;
	for (long i = b->n - 1; i >= 0 && !rc; i--) {
		if (b->v[i].trusted)
			prev = i;
		else if (prev >= 0)
			rc = repair_offer(up, &b->v[i], &b->v[prev]);
	}
	b->n = 0;
	return rc;
}

static int repair_times(struct merge_ctx *m, const char *as,
			struct fair_err *err)
{
	char sql[SQL_MAX];
	sqlite3_stmt *q = NULL, *up = NULL;
	struct boot b = { 0 };
	char cur[64] = "";
	int rc = 0;

	snprintf(sql, sizeof(sql), "SELECT boot_id, uuid, mono_ms, wall_ms "
		 "FROM %s.facts WHERE boot_id IN (SELECT boot_id FROM "
		 "%s.facts WHERE (wall_ms < ?1 OR wall_ms >= ?2) AND "
		 "boot_id <> '') ORDER BY boot_id, mono_ms, uuid", as, as);
	if (sqlite3_prepare_v2(m->db, sql, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->db, "INSERT INTO main.merge_repairs VALUES"
		"(?1, ?2, ?3, ?4) ON CONFLICT(uuid) DO UPDATE SET "
		"wall_ms = excluded.wall_ms, anchor = excluded.anchor, "
		"distance_ms = excluded.distance_ms WHERE excluded.distance_ms"
		" < distance_ms OR (excluded.distance_ms = distance_ms AND "
		"excluded.anchor < anchor)", -1, &up, NULL) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
		goto out;
	}
	sqlite3_bind_int64(q, 1, m->lo_ms);
	sqlite3_bind_int64(q, 2, m->hi_ms);
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		const char *boot = (const char *)sqlite3_column_text(q, 0);

		if (strncmp(cur, boot ? boot : "", sizeof(cur) - 1)) {
			rc = boot_repair(&b, up);
			snprintf(cur, sizeof(cur), "%s", boot ? boot : "");
		}
		if (!rc)
			rc = boot_push(&b, q, m->lo_ms, m->hi_ms);
	}
	if (!rc)
		rc = boot_repair(&b, up);
	if (rc)
		fair_fail(err, rc, "repairing times: %s",
			  rc == FAIR_ENOMEM ? "out of memory"
					    : sqlite3_errmsg(m->db));
out:
	free(b.v);
	sqlite3_finalize(q);
	sqlite3_finalize(up);
	return rc;
}

/* ---- batches --------------------------------------------------------- */

static int merge_one(struct merge_ctx *m, const char *as,
		     struct merge_summary *sum, struct fair_err *err)
{
	int rc;

	sum->added = sum->known = sum->flagged = sum->walkins = 0;
	rc = copy_rows(m, as, sum, err);
	if (!rc)
		rc = kiosk_name(m, as, sum);
	if (!rc)
		rc = raise_flags(m, as, sum, err);
	if (!rc)
		rc = repair_times(m, as, err);
	return rc;
}

static void detach_all(struct merge_ctx *m, int k)
{
	char sql[32];

	for (int j = 0; j < k; j++) {
		snprintf(sql, sizeof(sql), "DETACH src%d", j);
		sqlite3_exec(m->db, sql, NULL, NULL, NULL);
	}
}

static int attach(struct merge_ctx *m, int i, int j, struct fair_err *err)
{
	char as[16];
	sqlite3_stmt *s;
	int rc;

	snprintf(as, sizeof(as), "src%d", j);
	if (sqlite3_prepare_v2(m->db, "ATTACH ?1 AS ?2", -1, &s, NULL) !=
	    SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	sqlite3_bind_text(s, 1, m->src[i].uri, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, as, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fair_fail(err, FAIR_EIO, "cannot attach: %s",
				 sqlite3_errmsg(m->db));
	return 0;
}

/* Inputs [from, to) in one transaction. */
static int merge_batch(struct merge_ctx *m, int from, int to,
		       struct fair_err *err)
{
	char as[16];
	int k = 0, rc = 0;

	for (; from + k < to && !rc; k++)
		rc = attach(m, from + k, k, err);
	if (rc) {
		k--;
		goto out_detach;
	}
	rc = store_begin(m->st, err);
	for (int j = 0; !rc && j < k; j++) {
		snprintf(as, sizeof(as), "src%d", j);
		rc = merge_one(m, as, &m->sums[from + j], err);
	}
	if (!rc)
		rc = store_commit(m->st, err);
	if (rc)
		store_rollback(m->st);
	for (int j = 0; j < k; j++) {
		struct merge_summary *sum = &m->sums[from + j];

		sum->status = rc;
		if (rc && snprintf(sum->msg, sizeof(sum->msg), "%s",
				   err ? err->msg : "not merged") < 0)
			sum->msg[0] = '\0';
		progress(m);
	}
out_detach:
	detach_all(m, k);
	return rc;
}

/* ---- temporary directory --------------------------------------------- */

static int tmp_make(struct merge_ctx *m, struct fair_err *err)
{
	const char *base = m->opts && m->opts->tmpdir ? m->opts->tmpdir
						      : getenv("TMPDIR");

	if (!base || !*base)
		base = "/tmp";
	snprintf(m->tmpdir, sizeof(m->tmpdir), "%s/fairmerge-XXXXXX", base);
	if (!mkdtemp(m->tmpdir))
		return fair_fail(err, FAIR_EIO, "cannot make a directory in "
				 "'%s': %s", base, strerror(errno));
	return 0;
}

static void tmp_remove(struct merge_ctx *m, int n)
{
	static const char *const side[] = { "", "-wal", "-journal", "-shm" };
	char p[URI_MAX + 16];

	for (int i = 0; i < n; i++) {
		if (!m->src[i].copy[0])
			continue;
		for (int k = 0; k < 4; k++) {
			snprintf(p, sizeof(p), "%s%s", m->src[i].copy, side[k]);
			unlink(p);
		}
	}
	rmdir(m->tmpdir);
}

int merge_run(struct store *st, const char *const *paths, int n,
	      const struct merge_opts *opts, struct merge_summary *sums,
	      struct fair_err *err)
{
	struct merge_ctx m = { .st = st, .db = store_db(st), .sums = sums,
			       .opts = opts, .total = 2L * n };
	int batch = opts && opts->batch > 0 ? opts->batch
					    : MERGE_MAX_ATTACH - 1;
	int rc;

	if (batch > MERGE_MAX_ATTACH)
		batch = MERGE_MAX_ATTACH;
	memset(sums, 0, sizeof(*sums) * (size_t)(n > 0 ? n : 0));
	for (int i = 0; i < n; i++)
		sums[i].path = paths[i];
	if (n <= 0)
		return 0;
	m.src = calloc((size_t)n, sizeof(*m.src));
	if (!m.src)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	rc = ctx_init(&m, err);
	if (!rc)
		rc = merge_tables_ensure(m.db, err);
	if (!rc)
		rc = tmp_make(&m, err);
	if (rc)
		goto out_free;
	rc = validate_all(&m, paths, n, err);
	for (int i = 0; !rc && i < n; i += batch) {
		rc = merge_batch(&m, i, i + batch < n ? i + batch : n, err);
		for (int j = i + batch; rc && j < n; j++) {
			sums[j].status = rc;
			snprintf(sums[j].msg, sizeof(sums[j].msg),
				 "not merged: stopped after an error");
		}
	}
	tmp_remove(&m, n);
out_free:
	free(m.src);
	return rc;
}
