/* merge.c: kiosk databases into the event database (see merge.h).
 *
 * Three steps: scan and check every input (merge_scan.c, in threads,
 * nothing written); copy facts in batches of attached inputs with INSERT
 * OR IGNORE, with the per-file flags and time repairs; then, in the last
 * batch's transaction, the flags that need the whole event
 * (merge_sweep.c). A large merge drops the secondary indexes of facts
 * first and builds them again at the end: building once is far cheaper
 * than a random B-tree insert per fact.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fair/caltime.h"
#include "fair/rules.h"
#include "merge_int.h"

#define WALKIN_MIN_ID 2147483648u /* attendee ids with the top bit set */
#define SQL_MAX 4096
#define BOOT_FACTS_MAX 50000000L  /* cap on one boot's facts in memory */
#define MERGE_CACHE_KIB 65536     /* page cache while merging (NOTES.md) */
#define MAX_INDEXES 16

/* The event database's view of a merge. */
struct merge_ctx {
	struct store *st;
	sqlite3 *db;
	uint32_t event_id;
	int64_t lo_ms, hi_ms;   /* the event's days in UTC ms, [lo, hi) */
	char fact_cols[1024];   /* facts columns of the event database */
	char att_cols[1024];    /* attendees columns */
	char walkin_sel[1024];  /* the same, ext_id read as NULL */
	char tmpdir[MERGE_URI_MAX]; /* private copies live here */
	struct mscan *sc;
	struct merge_summary *sums;
	const struct merge_opts *opts;
	long done, total;       /* progress */
	bool drop_indexes;      /* rebuild facts' indexes at the end */
	bool resume;            /* an earlier merge stopped between batches:
				 * judge the whole event again at the end */
	long added;             /* facts new to the event, all inputs */
	uint32_t *att, *place;  /* the event's ids, sorted */
	long natt, nplace;
	struct mschema *schema; /* a fresh store's sqlite_schema */
	int nschema;
	char event_uri[MERGE_URI_MAX];
	char known_sql[SQL_MAX];
};

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
		" WITHOUT ROWID;"
		"CREATE TABLE IF NOT EXISTS merge_state("
		" key TEXT PRIMARY KEY, value TEXT NOT NULL);", err);
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

/* ---- event side ------------------------------------------------------ */

static int date_ms(const char *ymd, int offset_min, int64_t *out)
{
	int64_t day;

	if (cal_parse_ymd(ymd, &day))
		return -1;
	*out = cal_day_start_ms(day, offset_min);
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

/* Walk-ins enter the event without a roster id, as every kiosk registers
 * them: roster ids are the organizer's (import). One claimed by a file
 * would be dropped by UNIQUE(ext_id) if a student holds it, its facts
 * then naming nobody; and which of two files claiming one id kept it
 * would depend on their order. */
static int walkin_select(struct merge_ctx *m, struct fair_err *err)
{
	const char *ext = strstr(m->att_cols, "\"ext_id\"");

	if (!ext)
		return fair_fail(err, FAIR_ENOTOURS, "event database has no "
				 "attendees.ext_id");
	snprintf(m->walkin_sel, sizeof(m->walkin_sel), "%.*sNULL%s",
		 (int)(ext - m->att_cols), m->att_cols, ext + 8);
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
	m->hi_ms += CAL_DAY_MS;
	rc = table_cols(m->db, "facts", m->fact_cols, sizeof(m->fact_cols),
			err);
	if (!rc)
		rc = table_cols(m->db, "attendees", m->att_cols,
				sizeof(m->att_cols), err);
	if (!rc)
		rc = walkin_select(m, err);
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

/* The file's walk-ins claiming the roster id of one of the event's
 * students (ids below WALKIN_MIN_ID), for "FROM as.attendees w WHERE". */
#define WALKIN_CLAIMS_SQL \
	"w.id >= 2147483648 AND w.ext_id IN (SELECT ext_id FROM " \
	"main.attendees WHERE id < 2147483648 AND ext_id IS NOT NULL)"

/* A walk-in claiming a student's roster id is kept (without it, under
 * its own badge id, so its facts still name it) and every fact of the
 * file naming it is flagged: the organizer decides who it was. Depends
 * only on the roster and the file, so the order of merges does not
 * matter. */
static int walkin_claims(struct merge_ctx *m, const char *as,
			 struct merge_summary *sum, struct fair_err *err)
{
	char sql[SQL_MAX];
	sqlite3_stmt *q;
	int64_t n = 0;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s.attendees w "
		 "WHERE " WALKIN_CLAIMS_SQL, as);
	if (query_int(m->db, sql, 0, &n) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	if (!n)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT count(*), min(w.ext_id) FROM "
		 "%s.attendees w WHERE " WALKIN_CLAIMS_SQL " AND w.id NOT IN "
		 "(SELECT id FROM main.attendees)", as);
	if (sqlite3_prepare_v2(m->db, sql, -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	if (sqlite3_step(q) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 1);

		sum->walkin_conflicts = sqlite3_column_int64(q, 0);
		snprintf(sum->walkin_claim, sizeof(sum->walkin_claim), "%s",
			 id ? id : "");
	}
	sqlite3_finalize(q);
	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO main.merge_flags "
		 "SELECT f.uuid, '" MERGE_FLAG_WALKIN_ID_CONFLICT "' FROM "
		 "%s.facts f WHERE f.attendee_id IN (SELECT w.id FROM "
		 "%s.attendees w WHERE " WALKIN_CLAIMS_SQL ")", as, as);
	return run_sql(m->db, sql, 0, 0, &sum->flagged, err);
}

static int copy_rows(struct merge_ctx *m, const char *as,
		     struct merge_summary *sum, struct fair_err *err)
{
	char sql[SQL_MAX];
	int rc;

	/* sum->facts: counted by the scan of this very file. Only a known
	 * uuid is skipped; any other constraint failing stops the batch
	 * rather than dropping a fact silently (OR IGNORE would). */
	snprintf(sql, sizeof(sql), "INSERT INTO main.facts(%s) SELECT %s "
		 "FROM %s.facts WHERE true ON CONFLICT(uuid) DO NOTHING",
		 m->fact_cols, m->fact_cols, as);
	rc = run_sql(m->db, sql, 0, 0, &sum->added, err);
	if (rc)
		return rc;
	sum->known = sum->facts - sum->added;
	rc = walkin_claims(m, as, sum, err);
	if (rc)
		return rc;
	/* a walk-in whose id the event holds is that walk-in, merged
	 * before (perhaps purged since): only then is one skipped */
	snprintf(sql, sizeof(sql), "INSERT INTO main.attendees(%s) SELECT %s "
		 "FROM %s.attendees WHERE id >= %u ON CONFLICT(id) DO NOTHING",
		 m->att_cols, m->walkin_sel, as, WALKIN_MIN_ID);
	return run_sql(m->db, sql, 0, 0, &sum->walkins, err);
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

/* Inputs hold checked times (FAIR_TIME_*, MERGE_MONO_MAX_MS), so these
 * sums fit; checked all the same, and a repair landing outside the
 * times merge accepts is no repair. */
static int repair_offer(sqlite3_stmt *up, const struct bfact *f,
			const struct bfact *a)
{
	int64_t delta, dist, wall;

	if (__builtin_sub_overflow(f->mono, a->mono, &delta) ||
	    __builtin_add_overflow(a->wall, delta, &wall) ||
	    delta == INT64_MIN || wall < FAIR_TIME_MIN_MS ||
	    wall > FAIR_TIME_MAX_MS)
		return 0;
	dist = delta < 0 ? -delta : delta;
	sqlite3_bind_blob(up, 1, f->uuid, FACT_UUID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(up, 2, wall);
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

/* ---- per-file flags ------------------------------------------------- */

static int file_flags(struct merge_ctx *m, const struct mscan *sc,
		      struct merge_summary *sum, struct fair_err *err)
{
	sqlite3_stmt *ins;
	int rc = 0;

	if (!sc->nflags)
		return 0;
	if (sqlite3_prepare_v2(m->db, "INSERT OR IGNORE INTO main.merge_flags"
			       " VALUES (?1, ?2)", -1, &ins, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	for (long i = 0; i < sc->nflags && !rc; i++) {
		sqlite3_bind_blob(ins, 1, sc->uuid[sc->flag_idx[i]], 16,
				  SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, sc->flag_why[i], -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = fair_fail(err, FAIR_EIO, "%s",
				       sqlite3_errmsg(m->db));
		else
			sum->flagged += sqlite3_changes(m->db);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	return rc;
}

/* ---- secondary indexes ------------------------------------------------ */

/* Up to MAX_INDEXES rows of a two-column text query; schema changes
 * must wait until no statement reads, so rows are copied out first. */
struct idx_list {
	char a[MAX_INDEXES][SQL_MAX / 4];
	char b[MAX_INDEXES][128];
	int n;
};

static int idx_query(sqlite3 *db, const char *sql, struct idx_list *l,
		     struct fair_err *err)
{
	sqlite3_stmt *q;

	l->n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	while (l->n < MAX_INDEXES && sqlite3_step(q) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(q, 0);
		const char *b = (const char *)sqlite3_column_text(q, 1);

		snprintf(l->a[l->n], sizeof(l->a[0]), "%s", a ? a : "");
		snprintf(l->b[l->n], sizeof(l->b[0]), "%s", b ? b : "");
		l->n++;
	}
	sqlite3_finalize(q);
	return 0;
}

/* Saves the CREATE statements of facts' own indexes in merge_state (same
 * transaction), then drops them. A crash before the rebuild leaves them
 * listed there; indexes_recover() at the next merge builds them. */
static int indexes_drop(struct merge_ctx *m, struct fair_err *err)
{
	char sql[256];
	struct idx_list *l = malloc(sizeof(*l));
	int rc;

	if (!l)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	rc = exec(m->db, "INSERT OR REPLACE INTO merge_state SELECT "
		  "'index:' || name, sql FROM sqlite_schema WHERE type = "
		  "'index' AND tbl_name = 'facts' AND sql IS NOT NULL", err);
	if (!rc)
		rc = idx_query(m->db, "SELECT '', substr(key, 7) FROM "
			       "merge_state WHERE key LIKE 'index:%'", l, err);
	for (int i = 0; !rc && i < l->n; i++) {
		snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS \"%s\"",
			 l->b[i]);
		rc = exec(m->db, sql, err);
	}
	free(l);
	return rc;
}

static int indexes_restore(struct merge_ctx *m, struct fair_err *err)
{
	char sql[SQL_MAX];
	struct idx_list *l = malloc(sizeof(*l));
	int rc;

	if (!l)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	rc = idx_query(m->db, "SELECT value, substr(key, 7) FROM merge_state"
		       " WHERE key LIKE 'index:%'", l, err);
	for (int i = 0; !rc && i < l->n; i++) {
		/* CREATE INDEX x -> CREATE INDEX IF NOT EXISTS x */
		if (strncmp(l->a[i], "CREATE INDEX ", 13))
			snprintf(sql, sizeof(sql), "%s", l->a[i]);
		else
			snprintf(sql, sizeof(sql), "CREATE INDEX IF NOT EXISTS"
				 " %s", l->a[i] + 13);
		rc = exec(m->db, sql, err);
	}
	free(l);
	if (!rc)
		rc = exec(m->db, "DELETE FROM merge_state WHERE key LIKE "
			  "'index:%'", err);
	return rc;
}

/* Left over from a merge that stopped between batches. */
static int indexes_recover(struct merge_ctx *m, struct fair_err *err)
{
	int64_t left = 0;
	int rc;

	if (query_int(m->db, "SELECT count(*) FROM merge_state WHERE key "
		      "LIKE 'index:%'", 0, &left) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	if (!left)
		return 0;
	rc = store_begin(m->st, err);
	if (!rc)
		rc = indexes_restore(m, err);
	if (!rc)
		return store_commit(m->st, err);
	store_rollback(m->st);
	return rc;
}

/* Dropping pays when the inputs are large against the event: building
 * an index once beats a random insert per fact; re-merging one file into
 * a full event must not rebuild everything. */
static int indexes_decide(struct merge_ctx *m, int n, struct fair_err *err)
{
	int64_t have = 0;
	long in = 0;

	for (int i = 0; i < n; i++)
		in += m->sc[i].facts;
	if (query_int(m->db, "SELECT count(*) FROM facts", 0, &have) !=
	    SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	m->drop_indexes = in > have / 4 && in > 10000;
	return 0;
}

/* ---- batches --------------------------------------------------------- */

static int merge_one(struct merge_ctx *m, int i, const char *as,
		     struct fair_err *err)
{
	struct merge_summary *sum = &m->sums[i];
	int rc;

	sum->added = sum->known = sum->flagged = sum->walkins = 0;
	sum->walkin_conflicts = 0;
	sum->walkin_claim[0] = '\0';
	memcpy(sum->kiosk, m->sc[i].kiosk, sizeof(sum->kiosk));
	sum->facts = m->sc[i].facts;
	rc = copy_rows(m, as, sum, err);
	m->added += sum->added;
	if (!rc)
		rc = file_flags(m, &m->sc[i], sum, err);
	if (!rc && m->sc[i].repair)
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
	sqlite3_bind_text(s, 1, m->sc[i].uri, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, as, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fair_fail(err, FAIR_EIO, "cannot attach: %s",
				 sqlite3_errmsg(m->db));
	return 0;
}

/* A void must come from the kiosk that recorded the fact it cancels;
 * one naming another kiosk's fact is flagged and not applied. Voids are
 * few, and found through facts_voids. */
static int flag_voids(struct merge_ctx *m, int n, struct fair_err *err)
{
	sqlite3_stmt *q, *ins;
	int rc = 0;

	if (sqlite3_prepare_v2(m->db, "SELECT v.uuid FROM facts v JOIN facts t"
			       " ON t.uuid = v.voids WHERE v.voids IS NOT NULL"
			       " AND v.kind = 'void' AND t.kiosk <> v.kiosk",
			       -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	if (sqlite3_prepare_v2(m->db, "INSERT OR IGNORE INTO main.merge_flags"
			       " VALUES (?1, '" MERGE_FLAG_VOID_FOREIGN "')",
			       -1, &ins, NULL) != SQLITE_OK) {
		sqlite3_finalize(q);
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	}
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		const void *u = sqlite3_column_blob(q, 0);

		if (sqlite3_column_bytes(q, 0) != FACT_UUID_BYTES)
			continue;
		sqlite3_bind_blob(ins, 1, u, FACT_UUID_BYTES, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = fair_fail(err, FAIR_EIO, "%s",
				       sqlite3_errmsg(m->db));
		else if (sqlite3_changes(m->db))
			for (int i = 0; i < n; i++)
				if (mscan_has(&m->sc[i], u)) {
					m->sums[i].flagged++;
					break;
				}
		sqlite3_reset(ins);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(ins);
	return rc;
}

/* The work of the whole event, done once, in the last transaction; the
 * flags are judged on another thread while the indexes are built. */
static int finish(struct merge_ctx *m, int n, struct fair_err *err)
{
	struct sweep *w = NULL;
	int rc = 0, rc2;

	if (m->added > 0 || m->resume)
		rc = msweep_start(m->db, m->sc, n, m->sums, &w, err);
	if (!rc && m->drop_indexes)
		rc = indexes_restore(m, err);
	if (w) {
		rc2 = msweep_finish(w, rc == 0, rc ? NULL : err);
		rc = rc ? rc : rc2;
	}
	if (!rc && (m->added > 0 || m->resume))
		rc = flag_voids(m, n, err);
	return rc;
}

static void progress(struct merge_ctx *m)
{
	m->done++;
	if (m->opts && m->opts->progress)
		m->opts->progress(m->done, m->total, m->opts->ctx);
}

static void batch_status(struct merge_ctx *m, int from, int k, int rc,
			 struct fair_err *err)
{
	for (int j = 0; j < k; j++) {
		struct merge_summary *sum = &m->sums[from + j];

		sum->status = rc;
		if (rc && snprintf(sum->msg, sizeof(sum->msg), "%s",
				   err ? err->msg : "not merged") < 0)
			sum->msg[0] = '\0';
		if (rc)
			sum->added = sum->known = sum->flagged = 0;
		progress(m);
	}
}

/* Inputs [from, to) in one transaction; the first also drops indexes,
 * the last also runs finish(). */
static int merge_batch(struct merge_ctx *m, int from, int to, int n,
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
	if (!rc && from == 0 && m->drop_indexes)
		rc = indexes_drop(m, err);
	/* several batches: marked until the last, which clears the mark */
	if (!rc && (from > 0 || to < n || m->resume))
		rc = mstate_pending(m->db, m->sums, to, n, err);
	for (int j = 0; !rc && j < k; j++) {
		snprintf(as, sizeof(as), "src%d", j);
		rc = merge_one(m, from + j, as, err);
	}
	if (!rc && to == n)
		rc = finish(m, n, err);
	if (!rc)
		rc = store_commit(m->st, err);
	if (rc)
		store_rollback(m->st);
	batch_status(m, from, k, rc, err);
out_detach:
	detach_all(m, k);
	return rc;
}

/* Random UUID keys land all over the B-tree: a big page cache is worth
 * more than anything else here (7.1 s against 12.9 s per million rows). */
static int cache_grow(struct merge_ctx *m, int64_t *old, struct fair_err *err)
{
	char sql[64];

	if (query_int(m->db, "PRAGMA main.cache_size", -2000, old) !=
	    SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(m->db));
	snprintf(sql, sizeof(sql), "PRAGMA main.cache_size = -%d",
		 MERGE_CACHE_KIB);
	return exec(m->db, sql, err);
}

static void cache_restore(struct merge_ctx *m, int64_t old)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA main.cache_size = %lld",
		 (long long)old);
	sqlite3_exec(m->db, sql, NULL, NULL, NULL);
}

/* ---- temporary directory --------------------------------------------- */

/* The folder of private copies, for merge_cleanup_on_signal(): copies
 * are <dir>/<i>.db and its -wal, -journal, -shm, i < sig_inputs. One
 * merge at a time per process is covered (the command line's case). */
static char sig_dir[MERGE_URI_MAX];
static volatile sig_atomic_t sig_inputs = -1; /* -1: no folder */

static size_t put_str(char *p, size_t o, size_t cap, const char *s)
{
	while (*s && o + 1 < cap)
		p[o++] = *s++;
	p[o] = '\0';
	return o;
}

void merge_cleanup_on_signal(void)
{
	static const char *const side[] = { "", "-wal", "-journal", "-shm" };
	char p[MERGE_URI_MAX + 32], num[24];
	int n = sig_inputs;

	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		int v = i, k = (int)sizeof(num) - 1;

		num[k] = '\0';
		do {
			num[--k] = (char)('0' + v % 10);
			v /= 10;
		} while (v && k > 0);
		for (int j = 0; j < 4; j++) {
			size_t o = put_str(p, 0, sizeof(p), sig_dir);

			o = put_str(p, o, sizeof(p), "/");
			o = put_str(p, o, sizeof(p), num + k);
			o = put_str(p, o, sizeof(p), ".db");
			put_str(p, o, sizeof(p), side[j]);
			unlink(p);
		}
	}
	rmdir(sig_dir);
}

/* Removes a folder of copies (only regular files in it) and the folder. */
static void tmp_remove(const char *dir)
{
	char p[MERGE_URI_MAX + 300];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* A merge killed outright (SIGKILL, power) leaves its folder behind:
 * remove those whose process is gone. */
static void tmp_sweep_stale(const char *base)
{
	char p[MERGE_URI_MAX + 300];
	struct dirent *e;
	DIR *d = opendir(base);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		long pid;
		char *end;

		if (strncmp(e->d_name, ".fairmerge-", 11))
			continue;
		/* only a folder whose process is gone: never one of this
		 * process (another thread may be merging) or of a live one */
		pid = strtol(e->d_name + 11, &end, 10);
		if (end == e->d_name + 11 || *end != '-' || pid <= 0 ||
		    pid == (long)getpid() || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		snprintf(p, sizeof(p), "%s/%s", base, e->d_name);
		tmp_remove(p);
	}
	closedir(d);
}

/* Beside the event database (its folder is as private as the database
 * itself, and a crash leaves nothing in a shared /tmp), mode 0700. */
static int tmp_make(struct merge_ctx *m, int n, struct fair_err *err)
{
	const char *evpath = sqlite3_db_filename(m->db, "main");
	char base[MERGE_URI_MAX];
	const char *slash;

	if (m->opts && m->opts->tmpdir) {
		snprintf(base, sizeof(base), "%s", m->opts->tmpdir);
	} else if (evpath && (slash = strrchr(evpath, '/')) != NULL) {
		snprintf(base, sizeof(base), "%.*s",
			 (int)(slash - evpath ? slash - evpath : 1), evpath);
	} else {
		snprintf(base, sizeof(base), ".");
	}
	tmp_sweep_stale(base);
	if (snprintf(m->tmpdir, sizeof(m->tmpdir), "%s/.fairmerge-%ld-XXXXXX",
		     base, (long)getpid()) >= (int)sizeof(m->tmpdir))
		return fair_fail(err, FAIR_EINVAL, "path too long: '%.200s'",
				 base);
	if (!mkdtemp(m->tmpdir)) {
		int e = errno;

		return fair_fail(err, FAIR_EIO, "cannot make a folder in "
				 "'%s': %s", base, strerror(e));
	}
	memcpy(sig_dir, m->tmpdir, sizeof(sig_dir));
	sig_inputs = n;
	return 0;
}

static void tmp_done(struct merge_ctx *m)
{
	sig_inputs = -1;
	tmp_remove(m->tmpdir);
}

/* ---- what inputs are checked against ---------------------------------- */

/* Inputs named by the caller, refused at once when they are no file a
 * kiosk exports: the event database itself or a link to it, a folder,
 * FIFO (opening one would wait forever), device or socket. */
static int check_paths(struct merge_ctx *m, const char *const *paths, int n,
		       struct fair_err *err)
{
	const char *evpath = sqlite3_db_filename(m->db, "main");
	struct stat ev = { 0 }, sb;
	int bad = 0, rc = 0;

	if (!evpath || !*evpath || stat(evpath, &ev) != 0)
		ev.st_ino = 0;
	for (int i = 0; i < n; i++) {
		struct merge_summary *s = &m->sums[i];
		const char *why = NULL;
		int code = FAIR_EINVAL;

		if (stat(paths[i], &sb) != 0) {
			int e = errno;

			code = e == ENOENT ? FAIR_ENOENT : FAIR_EIO;
			snprintf(s->msg, sizeof(s->msg), "%s", strerror(e));
		} else if (S_ISDIR(sb.st_mode)) {
			why = "is a folder, not a kiosk database";
		} else if (S_ISFIFO(sb.st_mode)) {
			why = "is a FIFO (named pipe), not a kiosk database";
		} else if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode)) {
			why = "is a device, not a kiosk database";
		} else if (!S_ISREG(sb.st_mode)) {
			why = "is not a regular file";
		} else if (ev.st_ino && sb.st_dev == ev.st_dev &&
			   sb.st_ino == ev.st_ino) {
			why = "is the event database itself (or a link to it)";
		} else if (sb.st_size > MERGE_FILE_BYTES_MAX) {
			why = "is larger than any kiosk file (8 GiB)";
		} else {
			continue;
		}
		if (why)
			snprintf(s->msg, sizeof(s->msg), "%s", why);
		s->status = code;
		if (!bad++) {
			rc = code;
			fair_fail(err, code, "cannot merge '%s': %s", paths[i],
				  s->msg);
		}
	}
	if (bad > 1 && err) {
		char first[sizeof(err->msg)];

		memcpy(first, err->msg, sizeof(first));
		fair_fail(err, rc, "%d files refused, nothing merged; %.400s",
			  bad, first);
	}
	return rc;
}

static int load_ids(sqlite3 *db, const char *sql, uint32_t **out, long *n,
		    struct fair_err *err)
{
	sqlite3_stmt *q;
	long cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);

		if (id < 0 || id > UINT32_MAX)
			continue;
		if (*n == cap) {
			uint32_t *v;

			cap = cap ? cap * 2 : 1024;
			v = realloc(*out, (size_t)cap * sizeof(*v));
			if (!v) {
				rc = fair_fail(err, FAIR_ENOMEM,
					       "out of memory");
				break;
			}
			*out = v;
		}
		(*out)[(*n)++] = (uint32_t)id;
	}
	sqlite3_finalize(q);
	return rc;
}

/* SELECT of the input's facts the event holds with other content; the
 * input is main, the event attached as ev (merge_scan.c). CROSS JOIN:
 * one lookup in the event per input fact, never a scan of the event. */
static int known_sql(struct merge_ctx *m, struct fair_err *err)
{
	size_t o;
	const char *p = m->fact_cols;
	bool first = true;

	o = (size_t)snprintf(m->known_sql, sizeof(m->known_sql), "SELECT "
			     "s.uuid FROM main.facts s CROSS JOIN ev.facts e "
			     "ON e.uuid = s.uuid WHERE NOT (");
	while (*p) {
		const char *c = strchr(p, ',');
		int len = c ? (int)(c - p) : (int)strlen(p);
		int w = snprintf(m->known_sql + o, sizeof(m->known_sql) - o,
				 "%ss.%.*s IS e.%.*s", first ? "" : " AND ",
				 len, p, len, p);

		if (w < 0 || (size_t)w >= sizeof(m->known_sql) - o)
			return fair_fail(err, FAIR_EINVAL, "too many columns");
		o += (size_t)w;
		first = false;
		p += len + (c ? 1 : 0);
	}
	if (o + 2 > sizeof(m->known_sql))
		return fair_fail(err, FAIR_EINVAL, "too many columns");
	memcpy(m->known_sql + o, ")", 2);
	return 0;
}

static int ctx_refs(struct merge_ctx *m, struct fair_err *err)
{
	const char *evpath = sqlite3_db_filename(m->db, "main");
	int rc;

	rc = load_ids(m->db, "SELECT id FROM attendees ORDER BY id", &m->att,
		      &m->natt, err);
	if (!rc)
		rc = load_ids(m->db, "SELECT id FROM places ORDER BY id",
			      &m->place, &m->nplace, err);
	if (!rc)
		rc = mschema_load(&m->schema, &m->nschema, err);
	if (!rc)
		rc = known_sql(m, err);
	if (!rc && (!evpath || store_path_uri(m->event_uri, sizeof(m->event_uri),
					 evpath, "?mode=ro")))
		rc = fair_fail(err, FAIR_EINVAL, "event database path too "
			       "long");
	return rc;
}

static void ctx_free(struct merge_ctx *m)
{
	free(m->att);
	free(m->place);
	mschema_free(m->schema, m->nschema);
}

/* Scans every input; on refusal, copies reasons into the summaries and
 * names the first bad file in err. */
static int scan_inputs(struct merge_ctx *m, const char *const *paths, int n,
		       struct fair_err *err)
{
	struct mscan_event ev = { .event_id = m->event_id, .lo_ms = m->lo_ms,
				  .hi_ms = m->hi_ms, .tmpdir = m->tmpdir,
				  .att = m->att, .natt = m->natt,
				  .place = m->place, .nplace = m->nplace,
				  .schema = m->schema, .nschema = m->nschema,
				  .event_uri = m->event_uri,
				  .known_sql = m->known_sql,
				  .done = &m->done, .total = m->total };
	int rc, bad = 0;

	if (m->opts) {
		ev.progress = m->opts->progress;
		ev.ctx = m->opts->ctx;
	}
	rc = mscan_all(m->sc, paths, n, &ev);
	if (!rc && n > 1)
		rc = mscan_cross(m->sc, paths, n);
	for (int i = 0; rc && i < n; i++) {
		struct merge_summary *s = &m->sums[i];

		s->status = m->sc[i].status;
		memcpy(s->msg, m->sc[i].msg, sizeof(s->msg));
		if (s->status && !bad++)
			fair_fail(err, s->status, "cannot merge '%s': %s",
				  paths[i], s->msg);
	}
	if (bad > 1 && err) {
		char first[sizeof(err->msg)];

		memcpy(first, err->msg, sizeof(first));
		fair_fail(err, rc, "%d files refused, nothing merged; %.400s",
			  bad, first);
	}
	return rc;
}

static int merge_all(struct merge_ctx *m, int n, int batch,
		     struct fair_err *err)
{
	int64_t old_cache = 0;
	int rc;

	rc = indexes_decide(m, n, err);
	if (!rc)
		rc = cache_grow(m, &old_cache, err);
	for (int i = 0; !rc && i < n; i += batch) {
		rc = merge_batch(m, i, i + batch < n ? i + batch : n, n, err);
		for (int j = i + batch; rc && j < n; j++) {
			m->sums[j].status = rc;
			snprintf(m->sums[j].msg, sizeof(m->sums[j].msg),
				 "not merged: stopped after an error");
		}
	}
	/* a failed later batch must not leave the event without indexes */
	if (rc && m->drop_indexes)
		indexes_recover(m, NULL);
	cache_restore(m, old_cache);
	return rc;
}

int merge_run(struct store *st, const char *const *paths, int n,
	      const struct merge_opts *opts, struct merge_summary *sums,
	      struct fair_err *err)
{
	struct merge_ctx m = { .st = st, .db = store_db(st), .sums = sums,
			       .opts = opts, .total = 2L * n };
	int batch = opts && opts->batch > 0 ? opts->batch
					    : MERGE_MAX_ATTACH - 1;
	int rc, trusted = 1, defensive = 0;

	if (batch > MERGE_MAX_ATTACH)
		batch = MERGE_MAX_ATTACH;
	memset(sums, 0, sizeof(*sums) * (size_t)(n > 0 ? n : 0));
	for (int i = 0; i < n; i++)
		sums[i].path = paths[i];
	if (n <= 0)
		return 0;
	rc = check_paths(&m, paths, n, err);
	if (rc)
		return rc;
	m.sc = calloc((size_t)n, sizeof(*m.sc));
	if (!m.sc)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	/* the event's connection attaches inputs: none of their SQL runs */
	sqlite3_db_config(m.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted);
	sqlite3_db_config(m.db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
	sqlite3_db_config(m.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(m.db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	rc = ctx_init(&m, err);
	if (!rc)
		rc = ctx_refs(&m, err);
	if (!rc)
		rc = tmp_make(&m, n, err);
	if (rc)
		goto out_free;
	/* every input checked before the event database is first written
	 * (its merge tables included): a refusal leaves it byte-identical */
	rc = scan_inputs(&m, paths, n, err);
	if (!rc)
		rc = merge_tables_ensure(m.db, err);
	if (!rc)
		rc = indexes_recover(&m, err);
	if (!rc)
		rc = mstate_pending_found(m.db, &m.resume, err);
	if (!rc)
		rc = merge_all(&m, n, batch, err);
	mscan_release(m.sc, n);
	tmp_done(&m);
out_free:
	sqlite3_db_config(m.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, trusted, NULL);
	sqlite3_db_config(m.db, SQLITE_DBCONFIG_DEFENSIVE, defensive, NULL);
	ctx_free(&m);
	free(m.sc);
	return rc;
}
