/* central.c: see central.h. Rows travel with COPY in PostgreSQL's text
 * format, into temporary tables, and are folded into the real ones with one
 * INSERT ... ON CONFLICT each, all in one transaction. */
#include <stdarg.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "fair/caltime.h"
#include "fair/grow.h"
#include "fair/central.h"
#include "fair/merge.h"
#include "fair/purge.h"
#include "fair/records.h"
#include "fair/training.h"
#include "central_int.h"

/* The tables a push sends, each as: the SQLite query (its first column
 * the event id, bound as ?1), the PostgreSQL columns in the same order,
 * and how a row joins what the server holds (before: run first, when the
 * pushed rows replace a set). A pull reads cols (or pull_cols) into the
 * private file's table of the same name (or pull_into), from which
 * fold_roster_sql takes them. */
struct table {
	const char *name;
	const char *sqlite;
	const char *cols;
	const char *fold;
	const char *before;
	const char *pull_cols;
	const char *pull_into;
};

#define FACT_COLS "uuid, event_id, kind, kiosk, place_id, attendee_id, " \
	"serial, direction, source, wall_ms, boot_id, mono_ms, voids, flags, " \
	"rating, tags, note"

/* A push never undoes a purge on the server (central_purge()): the rows
 * of a purged attendee keep their cleared values, whatever an older
 * event file still holds; a file purged here (purge_run()) clears them
 * there. Attendees are folded before the tables that name them. */
#define NOT_PURGED(t) \
	"NOT EXISTS (SELECT 1 FROM attendees a WHERE a.event_id = " t \
	".event_id AND a.id = " t ".attendee_id AND a.name = '" \
	PURGE_NAME "')"

static const struct table tables[] = {
	{ "keys",
	  "SELECT ?1, public, secret, created_ms FROM keys",
	  "event_id, public, secret, created_ms",
	  "ON CONFLICT (event_id, public) DO UPDATE SET secret = "
	  "coalesce(keys.secret, EXCLUDED.secret)",
	  NULL, NULL, NULL },
	{ "companies",
	  "SELECT ?1, id, ext_id, name, industry, booth FROM companies",
	  "event_id, id, ext_id, name, industry, booth",
	  "ON CONFLICT (event_id, id) DO UPDATE SET ext_id = EXCLUDED.ext_id, "
	  "name = EXCLUDED.name, industry = EXCLUDED.industry, "
	  "booth = EXCLUDED.booth",
	  NULL, NULL, NULL },
	{ "places",
	  "SELECT ?1, id, ext_id, kind, name, company_id, room, starts_ms, "
	  "ends_ms, capacity, exit_tracking FROM places",
	  "event_id, id, ext_id, kind, name, company_id, room, starts_ms, "
	  "ends_ms, capacity, exit_tracking",
	  "ON CONFLICT (event_id, id) DO UPDATE SET ext_id = EXCLUDED.ext_id, "
	  "kind = EXCLUDED.kind, name = EXCLUDED.name, company_id = "
	  "EXCLUDED.company_id, room = EXCLUDED.room, starts_ms = "
	  "EXCLUDED.starts_ms, ends_ms = EXCLUDED.ends_ms, capacity = "
	  "EXCLUDED.capacity, exit_tracking = EXCLUDED.exit_tracking",
	  NULL, NULL, NULL },
	{ "attendees",
	  "SELECT ?1, id, ext_id, name, kana, school, faculty, grade, email, "
	  "phone, consent, consent_version, role, serial FROM attendees",
	  "event_id, id, ext_id, name, kana, school, faculty, grade, email, "
	  "phone, consent, consent_version, role, serial",
	  "ON CONFLICT (event_id, id) DO UPDATE SET ext_id = EXCLUDED.ext_id, "
	  "name = EXCLUDED.name, kana = EXCLUDED.kana, school = "
	  "EXCLUDED.school, faculty = EXCLUDED.faculty, grade = "
	  "EXCLUDED.grade, email = EXCLUDED.email, phone = EXCLUDED.phone, "
	  "consent = EXCLUDED.consent, consent_version = "
	  "EXCLUDED.consent_version, role = EXCLUDED.role, serial = "
	  "greatest(attendees.serial, EXCLUDED.serial) WHERE attendees.name "
	  "<> '" PURGE_NAME "'",
	  NULL, NULL, NULL },
	/* schema 7: what the newer local features store */
	{ "attendee_profile",
	  "SELECT ?1, attendee_id, prefecture, school_type FROM "
	  "attendee_profile",
	  "event_id, attendee_id, prefecture, school_type",
	  "ON CONFLICT (event_id, attendee_id) DO UPDATE SET prefecture = "
	  "EXCLUDED.prefecture, school_type = EXCLUDED.school_type WHERE "
	  NOT_PURGED("attendee_profile") " OR (EXCLUDED.prefecture = '' AND "
	  "EXCLUDED.school_type = '')",
	  NULL, NULL, NULL },
	/* a head count is a number, or text kept as the roster gave it */
	{ "company_profile",
	  "SELECT ?1, company_id, CASE WHEN typeof(employees) = 'integer' "
	  "THEN employees END, CASE WHEN typeof(employees) NOT IN "
	  "('integer', 'null') THEN CAST(employees AS TEXT) END, city FROM "
	  "company_profile",
	  "event_id, company_id, employees, employees_text, city",
	  "ON CONFLICT (event_id, company_id) DO UPDATE SET employees = "
	  "EXCLUDED.employees, employees_text = EXCLUDED.employees_text, "
	  "city = EXCLUDED.city", NULL, NULL, "central_company_profile" },
	{ "employees",
	  "SELECT ?1, attendee_id, company_id, department, title FROM "
	  "employees",
	  "event_id, attendee_id, company_id, department, title",
	  "ON CONFLICT (event_id, attendee_id) DO UPDATE SET company_id = "
	  "EXCLUDED.company_id, department = EXCLUDED.department, title = "
	  "EXCLUDED.title WHERE " NOT_PURGED("employees") " OR "
	  "(EXCLUDED.department = '' AND EXCLUDED.title = '')",
	  NULL, NULL, NULL },
	{ "groups",
	  "SELECT ?1, id, name FROM groups",
	  "event_id, id, name",
	  "ON CONFLICT (event_id, id) DO UPDATE SET name = EXCLUDED.name",
	  NULL, NULL, NULL },
	/* a pushed group's members are the pushed set (an import of
	 * groups replaces them) */
	{ "group_members",
	  "SELECT ?1, group_id, attendee_id FROM group_members",
	  "event_id, group_id, attendee_id",
	  "ON CONFLICT DO NOTHING",
	  "DELETE FROM group_members m USING t_groups g WHERE m.event_id = "
	  "g.event_id AND m.group_id = g.id",
	  NULL, NULL },
	{ "settings",
	  "SELECT ?1, key, value FROM settings",
	  "event_id, key, value",
	  "ON CONFLICT (event_id, key) DO UPDATE SET value = EXCLUDED.value",
	  NULL, NULL, NULL },
	{ "revocations",
	  "SELECT ?1, attendee_id, serial FROM revocations",
	  "event_id, attendee_id, serial",
	  "ON CONFLICT DO NOTHING",
	  NULL, NULL, NULL },
	{ "provisions",
	  "SELECT ?1, made_ms, recipient, attendees, items, basis, operator, "
	  "command FROM provisions",
	  "event_id, made_ms, recipient, attendees, items, basis, operator, "
	  "command",
	  "ON CONFLICT DO NOTHING",
	  NULL, NULL, NULL },
	{ "facts",
	  "SELECT uuid, ?1, kind, kiosk, place_id, attendee_id, serial, "
	  "direction, source, wall_ms, boot_id, mono_ms, voids, flags, rating, "
	  "tags, note FROM facts",
	  FACT_COLS,
	  "ON CONFLICT (uuid) DO NOTHING",
	  NULL, NULL, NULL },
};

#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

int central_pg_fail(struct central *c, struct fair_err *err,
		    const char *what)
{
	char msg[256];
	char *nl;

	snprintf(msg, sizeof(msg), "%s", PQerrorMessage(c->pg));
	nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	return fair_fail(err, FAIR_EIO, "%s: %s", what, msg);
}

int central_pg_exec(struct central *c, const char *sql,
		    struct fair_err *err)
{
	PGresult *r = PQexec(c->pg, sql);
	int st = PQresultStatus(r);

	PQclear(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return central_pg_fail(c, err, "the central database refused");
	return 0;
}

void central_pg_rollback(struct central *c)
{
	PQclear(PQexec(c->pg, "ROLLBACK"));
}

struct central *central_connect(const char *url, struct fair_err *err)
{
	struct central *c = calloc(1, sizeof(*c));

	if (!c) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	c->pg = PQconnectdb(url);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		central_pg_fail(c, err, "cannot connect to the central database");
		central_close(c);
		return NULL;
	}
	PQclear(PQexec(c->pg, "SET client_min_messages = warning"));
	return c;
}

void central_close(struct central *c)
{
	if (!c)
		return;
	PQfinish(c->pg);
	free(c);
}


/* ---- push ----------------------------------------------------------- */

struct line {
	char *p;
	size_t len, cap;
};

/* Room for n more bytes (and a NUL) at the end of l. */
static int reserve(struct line *l, size_t n)
{
	/* PQputCopyData() takes an int: a row cannot be longer */
	if (n > INT_MAX ||
	    fair_grow((void **)&l->p, &l->cap, l->len + n + 1, 1, INT_MAX))
		return -1;
	return 0;
}

static int put(struct line *l, const char *s, size_t n)
{
	if (reserve(l, n))
		return -1;
	memcpy(l->p + l->len, s, n);
	l->len += n;
	return 0;
}

/* One SQLite value in COPY's text format: \N for NULL, backslash escapes
 * in text, bytea as \\x + hex. A push is mostly this loop (the server's
 * COPY runs beside it), so runs are copied whole and digits written in
 * place rather than through stdio. */
static int put_value(struct line *l, sqlite3_stmt *s, int i)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b;
	char num[24], *w;
	int n, k = 0;
	long long v;
	unsigned long long u;

	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		return put(l, "\\N", 2);
	case SQLITE_INTEGER:
		v = (long long)sqlite3_column_int64(s, i);
		u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
		n = (int)sizeof(num);
		do
			num[--n] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		if (v < 0)
			num[--n] = '-';
		return put(l, num + n, sizeof(num) - (size_t)n);
	case SQLITE_BLOB:
		b = sqlite3_column_blob(s, i);
		n = sqlite3_column_bytes(s, i);
		if (reserve(l, 3 + 2 * (size_t)n))
			return -1;
		w = l->p + l->len;
		memcpy(w, "\\\\x", 3);
		for (k = 0; k < n; k++) {
			w[3 + 2 * k] = hex[b[k] >> 4];
			w[4 + 2 * k] = hex[b[k] & 15];
		}
		l->len += 3 + 2 * (size_t)n;
		return 0;
	default:
		b = sqlite3_column_text(s, i);
		n = sqlite3_column_bytes(s, i);
		while (k < n) {
			int run = k;
			const char *esc;

			while (run < n && b[run] != '\\' && b[run] != '\t' &&
			       b[run] != '\n' && b[run] != '\r')
				run++;
			if (put(l, (const char *)b + k, (size_t)(run - k)))
				return -1;
			if (run == n)
				break;
			esc = b[run] == '\\' ? "\\\\" : b[run] == '\t' ? "\\t" :
			      b[run] == '\n' ? "\\n" : "\\r";
			if (put(l, esc, 2))
				return -1;
			k = run + 1;
		}
		return 0;
	}
}

/* Streams the rows of t's SQLite query into the temporary table t_NAME,
 * or with direct straight into NAME (which fails, changing nothing, if a
 * row's key is there already). */
static int copy_rows(struct central *c, sqlite3 *db, const struct table *t,
		     uint32_t event_id, bool direct, long *rows,
		     struct fair_err *err)
{
	struct line l = { NULL, 0, 0 };
	sqlite3_stmt *s = NULL;
	char sql[512];
	PGresult *r;
	int rc = 0, step;

	if (direct)
		snprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", t->name,
			 t->cols);
	else
		snprintf(sql, sizeof(sql), "CREATE TEMP TABLE t_%s ON COMMIT "
			 "DROP AS SELECT %s FROM %s WITH NO DATA; COPY t_%s "
			 "(%s) FROM STDIN", t->name, t->cols, t->name, t->name,
			 t->cols);
	r = PQexec(c->pg, sql);
	step = PQresultStatus(r);
	PQclear(r);
	if (step != PGRES_COPY_IN)
		return central_pg_fail(c, err, "cannot send rows");
	if (sqlite3_prepare_v2(db, t->sqlite, -1, &s, NULL) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "cannot read %s: %s", t->name,
			       sqlite3_errmsg(db));
		PQputCopyEnd(c->pg, "unreadable source");
		goto out;
	}
	sqlite3_bind_int64(s, 1, event_id);
	*rows = 0;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int n = sqlite3_column_count(s);

		for (int i = 0; i < n && !rc; i++)
			rc = (i && put(&l, "\t", 1)) || put_value(&l, s, i);
		if (rc || put(&l, "\n", 1)) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		(*rows)++;
		if (l.len >= 1 << 16) {
			if (PQputCopyData(c->pg, l.p, (int)l.len) != 1)
				break;
			l.len = 0;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "cannot read %s: %s", t->name,
			       sqlite3_errmsg(db));
	if (!rc && l.len && PQputCopyData(c->pg, l.p, (int)l.len) != 1)
		rc = central_pg_fail(c, err, "cannot send rows");
	PQputCopyEnd(c->pg, rc ? "aborted" : NULL);
out:
	r = PQgetResult(c->pg);
	if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = central_pg_fail(c, err, "the central database refused the rows");
	PQclear(r);
	while ((r = PQgetResult(c->pg)))
		PQclear(r);
	sqlite3_finalize(s);
	free(l.p);
	return rc;
}

/* A fact the server holds with other content: the whole push stops. */
static int fact_conflict(struct central *c, struct fair_err *err)
{
	PGresult *r = PQexec(c->pg,
		"SELECT encode(t.uuid, 'hex') FROM t_facts t JOIN facts f "
		"USING (uuid) WHERE (t.event_id, t.kind, t.kiosk, t.place_id, "
		"t.attendee_id, t.serial, t.direction, t.wall_ms, t.mono_ms, "
		"t.voids, t.rating, t.tags, t.note) IS DISTINCT FROM (f.event_id, "
		"f.kind, f.kiosk, f.place_id, f.attendee_id, f.serial, "
		"f.direction, f.wall_ms, f.mono_ms, f.voids, f.rating, f.tags, "
		"f.note) LIMIT 1");
	int rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = central_pg_fail(c, err, "cannot compare facts");
	else if (PQntuples(r) > 0)
		rc = fair_fail(err, FAIR_EINVAL, "fact %s differs from the "
			       "central database's fact with that UUID: "
			       "nothing was pushed", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

/* INSERT the temporary rows into the real table; the rows added. */
static int fold(struct central *c, const struct table *t, long *added,
		struct fair_err *err)
{
	char sql[1024];
	PGresult *r;
	int rc = 0;

	if (t->before && central_pg_exec(c, t->before, err))
		return FAIR_EIO;
	if ((size_t)snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) SELECT "
			     "%s FROM t_%s %s", t->name, t->cols, t->cols,
			     t->name, t->fold) >= sizeof(sql))
		return fair_fail(err, FAIR_EINVAL, "the fold of %s is too "
				 "long", t->name); /* a bug here, not data */
	r = PQexec(c->pg, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = central_pg_fail(c, err, "the central database refused the rows");
	else if (added)
		*added = strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return rc;
}

static bool try_direct(struct central *c, sqlite3 *db, const struct table *t,
		       uint32_t event_id, long *rows)
{
	struct fair_err ignored = { "" };

	if (central_pg_exec(c, "SAVEPOINT direct", &ignored))
		return false;
	if (copy_rows(c, db, t, event_id, true, rows, &ignored) == 0) {
		central_pg_exec(c, "RELEASE SAVEPOINT direct", &ignored);
		return true;
	}
	central_pg_exec(c, "ROLLBACK TO SAVEPOINT direct", &ignored);
	return false;
}

int central_event_window(uint32_t event_id, const char *start,
			 const char *end, int offset_min, int64_t *lo,
			 int64_t *hi, struct fair_err *err)
{
	int64_t first, last;

	if (cal_parse_ymd(start, &first) || cal_parse_ymd(end, &last))
		return fair_fail(err, FAIR_EINVAL, "event %u: its dates '%s' "
				 "to '%s' are not YYYY-MM-DD",
				 (unsigned)event_id, start, end);
	*lo = cal_day_start_ms(first, offset_min);
	*hi = cal_day_start_ms(last + 1, offset_min);
	return 0;
}

int central_fill_windows(struct central *c, struct fair_err *err)
{
	PGresult *r = PQexec(c->pg, "SELECT event_id, start_date, end_date, "
			     "utc_offset_min FROM events WHERE window_lo_ms IS "
			     "NULL OR window_hi_ms IS NULL");
	int rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return central_pg_fail(c, err, "cannot read the events");
	}
	for (int i = 0; !rc && i < PQntuples(r); i++) {
		char lo_s[24], hi_s[24];
		const char *v[3] = { PQgetvalue(r, i, 0), lo_s, hi_s };
		int64_t lo, hi;
		PGresult *u;

		rc = central_event_window((uint32_t)strtoul(v[0], NULL, 10),
					  PQgetvalue(r, i, 1),
					  PQgetvalue(r, i, 2),
					  (int)strtol(PQgetvalue(r, i, 3),
						      NULL, 10), &lo, &hi, err);
		if (rc)
			break;
		snprintf(lo_s, sizeof(lo_s), "%lld", (long long)lo);
		snprintf(hi_s, sizeof(hi_s), "%lld", (long long)hi);
		u = PQexecParams(c->pg, "UPDATE events SET window_lo_ms = $2, "
				 "window_hi_ms = $3 WHERE event_id = $1", 3,
				 NULL, v, NULL, NULL, 0);
		if (PQresultStatus(u) != PGRES_COMMAND_OK)
			rc = central_pg_fail(c, err, "cannot write the "
					     "event's days");
		PQclear(u);
	}
	PQclear(r);
	return rc;
}

static int push_event(struct central *c, struct store *st,
		      const struct event_info *ev, struct fair_err *err)
{
	char id[16], off[16], lo_s[24], hi_s[24];
	enum event_kind kind = EVENT_FAIR;
	const char *v[8] = { id, ev->name, ev->start_date, ev->end_date, off,
			     NULL, lo_s, hi_s };
	int64_t lo, hi;
	PGresult *r;
	int rc;

	rc = central_event_window(ev->event_id, ev->start_date, ev->end_date,
				  ev->utc_offset_min, &lo, &hi, err);
	if (rc)
		return rc;
	if (event_kind_get(st, &kind))
		kind = EVENT_FAIR;
	v[5] = event_kind_name(kind);
	snprintf(id, sizeof(id), "%u", (unsigned)ev->event_id);
	snprintf(off, sizeof(off), "%d", ev->utc_offset_min);
	snprintf(lo_s, sizeof(lo_s), "%lld", (long long)lo);
	snprintf(hi_s, sizeof(hi_s), "%lld", (long long)hi);
	/* the window is the event's days in C's calendar (caltime.c):
	 * the server's kiosk check compares with it (schema 7) */
	r = PQexecParams(c->pg, "INSERT INTO events (event_id, name, "
			 "start_date, end_date, utc_offset_min, kind, "
			 "window_lo_ms, window_hi_ms) VALUES ($1, $2, $3, $4, "
			 "$5, $6, $7, $8) ON CONFLICT (event_id) DO UPDATE SET "
			 "name = EXCLUDED.name, start_date = "
			 "EXCLUDED.start_date, end_date = EXCLUDED.end_date, "
			 "utc_offset_min = EXCLUDED.utc_offset_min, kind = "
			 "EXCLUDED.kind, window_lo_ms = EXCLUDED.window_lo_ms, "
			 "window_hi_ms = EXCLUDED.window_hi_ms", 8, NULL, v,
			 NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = central_pg_fail(c, err, "cannot push the event");
	PQclear(r);
	return rc;
}

int central_push(struct central *c, struct store *st,
		 struct central_counts *out, struct fair_err *err)
{
	struct event_info ev;
	long rows = 0, added = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = central_require_schema(c, err);
	if (!rc)
		rc = store_event_get(st, &ev, err);
	if (!rc)
		rc = central_pg_exec(c, "BEGIN", err);
	if (rc)
		return rc;
	rc = push_event(c, st, &ev, err);
	for (size_t i = 0; i < N_TABLES && !rc; i++) {
		const struct table *t = &tables[i];
		bool facts = !strcmp(t->name, "facts");

		/* Facts all new to the server (a first push, or a kiosk's day
		 * the server has not seen) go straight in by COPY, as fast as
		 * the server takes rows; one known UUID and the savepoint
		 * undoes it, and the rows take the checked path below. */
		if (facts && try_direct(c, store_db(st), t, ev.event_id,
					&rows)) {
			out->facts_sent = out->facts_added = rows;
			continue;
		}
		rc = copy_rows(c, store_db(st), t, ev.event_id, false, &rows,
			       err);
		if (!rc && facts)
			rc = fact_conflict(c, err);
		if (!rc)
			rc = fold(c, t, &added, err);
		if (facts) {
			out->facts_sent = rows;
			out->facts_added = added;
		} else if (!strcmp(t->name, "attendees")) {
			out->attendees = rows;
		} else if (!strcmp(t->name, "provisions")) {
			out->records = added;
		}
	}
	if (!rc)
		rc = central_pg_exec(c, "COMMIT", err);
	if (rc)
		central_pg_rollback(c);
	return rc;
}

/* ---- pull ----------------------------------------------------------- */

#define BYTEA_OID 17
#define INT8_OID 20
#define INT4_OID 23

/* One PostgreSQL value (text format) bound as SQLite parameter i. */
static int bind_pg(sqlite3_stmt *s, int i, PGresult *r, int row, int col)
{
	const char *v = PQgetvalue(r, row, col);
	unsigned char *b;
	size_t n = 0;
	int rc;

	if (PQgetisnull(r, row, col))
		return sqlite3_bind_null(s, i);
	switch (PQftype(r, col)) {
	case INT8_OID:
	case INT4_OID:
		return sqlite3_bind_int64(s, i, strtoll(v, NULL, 10));
	case BYTEA_OID:
		b = PQunescapeBytea((const unsigned char *)v, &n);
		if (!b)
			return SQLITE_NOMEM;
		rc = sqlite3_bind_blob(s, i, b, (int)n, SQLITE_TRANSIENT);
		PQfreemem(b);
		return rc;
	default:
		return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	}
}

/* Every row of the server's table `name` for the event into the SQLite
 * table of the same name in db (event_id left out), a row at a time so a
 * million facts never sit in memory at once. */
static int pull_table(struct central *c, sqlite3 *db, const char *name,
		      const char *into, const char *cols, uint32_t event_id,
		      long *rows, struct fair_err *err)
{
	char sql[1024], id[16], ins[1024];
	const char *v[1] = { id };
	sqlite3_stmt *s = NULL;
	PGresult *r;
	int rc = 0, skip = -1, n = 0, len;

	snprintf(id, sizeof(id), "%u", (unsigned)event_id);
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE event_id = $1",
		 cols, name);
	if (!PQsendQueryParams(c->pg, sql, 1, NULL, v, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(c->pg))
		return central_pg_fail(c, err, "cannot read from the central database");
	*rows = 0;
	while ((r = PQgetResult(c->pg))) {
		int st = PQresultStatus(r);

		if (st == PGRES_SINGLE_TUPLE && !rc) {
			if (!s) {
				n = PQnfields(r);
				skip = PQfnumber(r, "event_id");
				len = snprintf(ins, sizeof(ins),
					       "INSERT INTO %s (", into);
				for (int i = 0, k = 0; i < n; i++)
					if (i != skip)
						len += snprintf(ins + len,
							sizeof(ins) - len,
							"%s%s", k++ ? ", " : "",
							PQfname(r, i));
				len += snprintf(ins + len, sizeof(ins) - len,
						") VALUES (");
				for (int i = 1; i < n; i++)
					len += snprintf(ins + len,
							sizeof(ins) - len,
							"%s?", i > 1 ? ", " : "");
				snprintf(ins + len, sizeof(ins) - len, ")");
				if (sqlite3_prepare_v2(db, ins, -1, &s, NULL))
					rc = fair_fail(err, FAIR_EIO, "%s",
						       sqlite3_errmsg(db));
			}
			for (int i = 0, k = 1; !rc && i < n; i++)
				if (i != skip && bind_pg(s, k++, r, 0, i))
					rc = fair_fail(err, FAIR_ENOMEM,
						       "out of memory");
			if (!rc && sqlite3_step(s) != SQLITE_DONE)
				rc = fair_fail(err, FAIR_EINVAL, "the central "
					       "database's %s: %s", name,
					       sqlite3_errmsg(db));
			if (s)
				sqlite3_reset(s);
			(*rows)++;
		} else if (st != PGRES_TUPLES_OK && st != PGRES_SINGLE_TUPLE &&
			   !rc) {
			rc = central_pg_fail(c, err, "cannot read from the central "
				     "database");
		}
		PQclear(r);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The server's event row as db's event (db holds none yet). */
static int pull_event_row(struct central *c, sqlite3 *db, uint32_t event_id,
			  struct fair_err *err)
{
	char id[16];
	const char *v[1] = { id };
	sqlite3_stmt *s = NULL;
	PGresult *r;
	int rc = 0;

	snprintf(id, sizeof(id), "%u", (unsigned)event_id);
	r = PQexecParams(c->pg, "SELECT event_id, name, start_date, end_date, "
			 "utc_offset_min, kind FROM events WHERE event_id = "
			 "$1", 1,
			 NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = central_pg_fail(c, err, "cannot read the event");
	else if (PQntuples(r) != 1)
		rc = fair_fail(err, FAIR_ENOENT, "the central database has no "
			       "event %u", (unsigned)event_id);
	else if (sqlite3_prepare_v2(db, "INSERT INTO event (id, event_id, "
				    "name, start_date, end_date, "
				    "utc_offset_min, kind) VALUES (1, ?, ?, ?, "
				    "?, ?, ?)",
				    -1, &s, NULL) != SQLITE_OK)
		rc = fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	for (int i = 0; !rc && i < 6; i++)
		if (bind_pg(s, i + 1, r, 0, i))
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
	if (!rc && sqlite3_step(s) != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EINVAL, "the central event: %s",
			       sqlite3_errmsg(db));
	sqlite3_finalize(s);
	PQclear(r);
	return rc;
}

static int sql_exec(sqlite3 *db, const char *sql, struct fair_err *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EINVAL, "%s", sqlite3_errmsg(db));
	return 0;
}

/* The server's rows for the event into the private file tmp: what a kiosk
 * file would hold, so merge_run() can check it like one. */
static int fill_private(struct central *c, sqlite3 *tmp, uint32_t event_id,
			struct fair_err *err)
{
	long rows;
	int rc;

	rc = pull_event_row(c, tmp, event_id, err);
	if (!rc)
		rc = sql_exec(tmp, "BEGIN; CREATE TABLE central_company_profile "
			      "(company_id INTEGER PRIMARY KEY, employees "
			      "INTEGER, employees_text TEXT, city TEXT NOT "
			      "NULL) STRICT", err);
	for (size_t i = 0; i < N_TABLES && !rc; i++) {
		const struct table *t = &tables[i];
		const char *cols = t->pull_cols ? t->pull_cols : t->cols;

		if (!strcmp(t->name, "keys"))
			cols = "event_id, public, created_ms"; /* no secret */
		rc = pull_table(c, tmp, t->name, t->pull_into ? t->pull_into :
				t->name, cols, event_id, &rows, err);
	}
	if (!rc)
		rc = sql_exec(tmp, "COMMIT", err);
	return rc;
}

/* Roster (with profiles, employees, groups and the event's settings),
 * revocations and records from the attached private file p into the
 * event database, one transaction; the server's values win. An ext_id that names another id
 * here than on the server stops it (two rosters imported apart). */
static const char fold_roster_sql[] =
	"BEGIN;"
	"INSERT OR IGNORE INTO keys (public, created_ms) SELECT public, "
	"created_ms FROM p.keys;"
	"INSERT INTO companies SELECT * FROM p.companies WHERE true "
	"ON CONFLICT (id) DO UPDATE SET ext_id = excluded.ext_id, name = "
	"excluded.name, industry = excluded.industry, booth = excluded.booth;"
	"INSERT INTO places SELECT * FROM p.places WHERE true "
	"ON CONFLICT (id) DO UPDATE SET ext_id = excluded.ext_id, kind = "
	"excluded.kind, name = excluded.name, company_id = excluded.company_id,"
	" room = excluded.room, starts_ms = excluded.starts_ms, ends_ms = "
	"excluded.ends_ms, capacity = excluded.capacity, exit_tracking = "
	"excluded.exit_tracking;"
	"INSERT INTO attendees SELECT * FROM p.attendees WHERE true "
	"ON CONFLICT (id) DO UPDATE SET ext_id = excluded.ext_id, name = "
	"excluded.name, kana = excluded.kana, school = excluded.school, "
	"faculty = excluded.faculty, grade = excluded.grade, email = "
	"excluded.email, phone = excluded.phone, consent = excluded.consent, "
	"consent_version = excluded.consent_version, role = excluded.role, "
	"serial = max(serial, excluded.serial);"
	"INSERT INTO attendee_profile SELECT * FROM p.attendee_profile WHERE "
	"true ON CONFLICT (attendee_id) DO UPDATE SET prefecture = "
	"excluded.prefecture, school_type = excluded.school_type;"
	"INSERT INTO company_profile SELECT company_id, coalesce(employees, "
	"employees_text), city FROM p.central_company_profile WHERE true "
	"ON CONFLICT (company_id) DO UPDATE SET employees = "
	"excluded.employees, city = excluded.city;"
	"INSERT INTO employees SELECT * FROM p.employees WHERE true "
	"ON CONFLICT (attendee_id) DO UPDATE SET company_id = "
	"excluded.company_id, department = excluded.department, title = "
	"excluded.title;"
	/* a group's members are the server's set */
	"DELETE FROM group_members WHERE group_id IN (SELECT id FROM "
	"p.groups);"
	"INSERT INTO groups SELECT * FROM p.groups WHERE true "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name;"
	"INSERT OR IGNORE INTO group_members SELECT * FROM p.group_members;"
	"INSERT INTO settings SELECT * FROM p.settings WHERE true "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value;"
	"INSERT OR IGNORE INTO revocations SELECT * FROM p.revocations;"
	"INSERT INTO provisions (made_ms, recipient, attendees, items, basis, "
	"operator, command) SELECT made_ms, recipient, attendees, items, "
	"basis, operator, command FROM p.provisions q WHERE NOT EXISTS "
	"(SELECT 1 FROM main.provisions m WHERE m.made_ms = q.made_ms AND "
	"m.recipient = q.recipient AND m.operator = q.operator);"
	"COMMIT;";

static int fold_roster(sqlite3 *db, const char *tmp_path,
		       struct fair_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(db, "ATTACH ?1 AS p", -1, &s, NULL) ||
	    (sqlite3_bind_text(s, 1, tmp_path, -1, SQLITE_STATIC),
	     sqlite3_step(s) != SQLITE_DONE))
		rc = fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if (sqlite3_exec(db, fold_roster_sql, NULL, NULL, NULL) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EINVAL, "the central roster does not "
			       "fit this event file: %s", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_exec(db, "DETACH p", NULL, NULL, NULL);
	return rc;
}

void central_remove_db(const char *path)
{
	static const char *const tails[] = { "", "-wal", "-shm", "-journal" };
	char p[4200]; /* a 4096-byte path and its longest tail */

	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, tails[i]);
		unlink(p);
	}
}

/* A fresh event file becomes the server's event, signing keys included
 * (an organizer's second laptop issues badges too). */
static int adopt_event(struct central *c, struct store *st, uint32_t id,
		       struct fair_err *err)
{
	char eid[16];
	const char *v[1] = { eid };
	sqlite3_stmt *s = NULL;
	PGresult *r;
	int rc;

	rc = pull_event_row(c, store_db(st), id, err);
	if (rc)
		return rc;
	snprintf(eid, sizeof(eid), "%u", (unsigned)id);
	r = PQexecParams(c->pg, "SELECT public, secret, created_ms FROM keys "
			 "WHERE event_id = $1", 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = central_pg_fail(c, err, "cannot read the event's keys");
	else if (sqlite3_prepare_v2(store_db(st), "INSERT INTO keys (public, "
				    "secret, created_ms) VALUES (?, ?, ?)", -1,
				    &s, NULL) != SQLITE_OK)
		rc = fair_fail(err, FAIR_EIO, "%s",
			       sqlite3_errmsg(store_db(st)));
	for (int row = 0; !rc && row < PQntuples(r); row++) {
		for (int i = 0; !rc && i < 3; i++)
			if (bind_pg(s, i + 1, r, row, i))
				rc = fair_fail(err, FAIR_ENOMEM, "no memory");
		if (!rc && sqlite3_step(s) != SQLITE_DONE)
			rc = fair_fail(err, FAIR_EIO, "%s",
				       sqlite3_errmsg(store_db(st)));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	PQclear(r);
	return rc;
}

int central_pull(struct central *c, struct store *st, const char *db_path,
		 uint32_t event_id, struct central_counts *out,
		 struct fair_err *err)
{
	char tmp[4096];
	struct merge_summary sum;
	struct event_info ev;
	struct store *priv;
	const char *paths[1] = { tmp };
	int rc, fd;

	memset(out, 0, sizeof(*out));
	rc = central_require_schema(c, err);
	if (rc)
		return rc;
	if (store_event_get(st, &ev, NULL) == 0) {
		if (event_id && event_id != ev.event_id)
			return fair_fail(err, FAIR_EINVAL, "'%s' holds event "
					 "%u, not %u", db_path,
					 (unsigned)ev.event_id,
					 (unsigned)event_id);
		event_id = ev.event_id;
	} else if (!event_id) {
		return fair_fail(err, FAIR_EINVAL, "'%s' holds no event yet: "
				 "name the central event to pull (--event)",
				 db_path);
	} else {
		rc = adopt_event(c, st, event_id, err);
		if (rc)
			return rc;
	}
	/* Beside the event file, so the server's rows never sit in /tmp;
	 * mkstemp makes it 0600. */
	snprintf(tmp, sizeof(tmp), "%s.pull-XXXXXX", db_path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return fair_fail(err, FAIR_EIO, "cannot create a file beside "
				 "'%s'", db_path);
	close(fd);
	priv = store_open(tmp, STORE_CREATE, err);
	rc = priv ? fill_private(c, store_db(priv), event_id, err) : FAIR_EIO;
	store_close(priv);
	if (!rc)
		rc = fold_roster(store_db(st), tmp, err);
	if (!rc) {
		memset(&sum, 0, sizeof(sum));
		rc = merge_run(st, paths, 1, NULL, &sum, err);
		out->facts_sent = sum.facts;
		out->facts_added = sum.added;
	}
	central_remove_db(tmp);
	return rc;
}

/* ---- snapshots ------------------------------------------------------ */

bool central_is_url(const char *s)
{
	return !strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11);
}

/* The one event the server holds, when the URL names none. */
static int only_event(struct central *c, uint32_t *out, struct fair_err *err)
{
	PGresult *r = PQexec(c->pg, "SELECT event_id FROM events ORDER BY 1");
	int rc = 0, n;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return central_pg_fail(c, err, "cannot list the central events");
	}
	n = PQntuples(r);
	if (n == 1)
		*out = (uint32_t)strtoul(PQgetvalue(r, 0, 0), NULL, 10);
	else
		rc = fair_fail(err, FAIR_EINVAL, "the central database holds "
			       "%d events: name one as URL#EVENT_ID%s%s", n,
			       n ? ", e.g. #" : "", n ? PQgetvalue(r, 0, 0) :
			       "");
	PQclear(r);
	return rc;
}

struct store *central_private_new(char *dir, char *path, size_t n,
				  const char *name, struct fair_err *err)
{
	mode_t old = umask(077);
	struct store *st;

	if (!mkdtemp(dir)) {
		umask(old);
		fair_fail(err, FAIR_EIO, "cannot create a private folder");
		return NULL;
	}
	umask(old);
	snprintf(path, n, "%s/%s", dir, name);
	st = store_open(path, STORE_CREATE, err);
	if (!st) {
		central_remove_db(path);
		rmdir(dir);
	}
	return st;
}

struct store *central_private_done(struct store *st, const char *dir,
				   const char *path, int rc,
				   struct fair_err *err)
{
	store_close(st);
	st = rc ? NULL : store_open(path, STORE_READONLY, err);
	/* open (or failed): either way nothing stays on disk */
	central_remove_db(path);
	rmdir(dir);
	return st;
}

struct store *central_snapshot(const char *url, struct fair_err *err)
{
	char conn[1024], dir[] = "/tmp/fairsync-central-XXXXXX", path[64];
	const char *hash = strrchr(url, '#');
	struct central_counts n;
	struct central *c;
	struct store *st = NULL;
	uint32_t event = 0;
	int rc;

	snprintf(conn, sizeof(conn), "%.*s", hash ? (int)(hash - url) :
		 (int)strlen(url), url);
	if (hash)
		event = (uint32_t)strtoul(hash + 1, NULL, 10);
	c = central_connect(conn, err);
	if (!c)
		return NULL;
	rc = central_require_schema(c, err);
	if (!rc && !event)
		rc = only_event(c, &event, err);
	if (!rc)
		st = central_private_new(dir, path, sizeof(path), "event.db",
					 err);
	if (st)
		rc = central_pull(c, st, path, event, &n, err);
	central_close(c);
	return st ? central_private_done(st, dir, path, rc, err) : NULL;
}

/* ---- the season ------------------------------------------------------ */

/* Text a spreadsheet would run as a formula gets a leading apostrophe. */
#define SAFE(x) "(CASE WHEN " x " ~ '^[-=+@\t\r]' THEN '''' || " x \
	" ELSE " x " END)"

/* A void counts against its own kiosk's fact only, as merge holds a
 * foreign one (void-foreign). */
static const char season_sql[] =
	"COPY (WITH seen AS (SELECT DISTINCT f.event_id, f.attendee_id FROM "
	"facts f WHERE f.kind IN ('checkin', 'register') AND NOT EXISTS "
	"(SELECT 1 FROM facts v WHERE v.voids = f.uuid AND v.kind = 'void' "
	"AND v.event_id = f.event_id AND v.kiosk = f.kiosk)),"
	" who AS (SELECT s.event_id, coalesce(lower(nullif(a.email, '')), "
	"a.name || ' / ' || a.school) AS person, a.name, a.kana, a.school, "
	"a.email FROM seen s JOIN attendees a ON a.event_id = s.event_id AND "
	"a.id = s.attendee_id WHERE a.role = 0 AND a.name <> '(削除済み)') "
	"SELECT " SAFE("max(w.name)") " AS 氏名, " SAFE("max(w.kana)")
	" AS フリガナ, " SAFE("max(w.school)") " AS 学校名, "
	SAFE("max(w.email)") " AS メールアドレス, count(DISTINCT w.event_id) "
	"AS 参加イベント数, " SAFE("string_agg(DISTINCT e.name, ' / ')")
	" AS 参加イベント FROM who w JOIN events e ON e.event_id = w.event_id "
	"GROUP BY w.person ORDER BY 5 DESC, 3, 2) TO STDOUT "
	"WITH (FORMAT csv, HEADER true)";

long central_season_csv(struct central *c, FILE *out, struct fair_err *err)
{
	PGresult *r;
	char *buf = NULL;
	long lines = 0;
	int n, rc;

	rc = central_require_schema(c, err);
	if (rc)
		return rc;
	r = PQexec(c->pg, season_sql);
	n = PQresultStatus(r);
	PQclear(r);
	if (n != PGRES_COPY_OUT)
		return central_pg_fail(c, err, "cannot read the season");
	fputs("\xef\xbb\xbf", out); /* Excel in Japan reads UTF-8 by it */
	while ((n = PQgetCopyData(c->pg, &buf, 0)) > 0) {
		fwrite(buf, 1, (size_t)n, out);
		lines++;
		PQfreemem(buf);
	}
	r = PQgetResult(c->pg);
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 :
	     central_pg_fail(c, err, "cannot read the season");
	PQclear(r);
	if (!rc && (fflush(out) || ferror(out)))
		rc = fair_fail(err, FAIR_EIO, "cannot write the season");
	return rc ? rc : lines - 1;
}

/* ---- retention on the server ---------------------------------------- */

/* $1 before (a venue day's start), $2 event (0: all), $3 and $4 the
 * events' ids and the first instants of their last days (ends(), computed
 * by caltime.c, not by the server's calendar). Never-seen people were last
 * active on their event's last day (its first instant), as in purge.c:
 * before the day after it takes them. */
#define CENTRAL_DUE \
	"WITH e AS (SELECT * FROM unnest($3::bigint[], $4::bigint[]) AS " \
	"t(event_id, last_ms)), due AS (SELECT a.event_id, a.id FROM " \
	"attendees a JOIN e USING (event_id) WHERE a.name <> '" PURGE_NAME \
	"' AND ($2::bigint = 0 OR a.event_id = $2::bigint) AND " \
	"coalesce((SELECT max(f.wall_ms) FROM facts f " \
	"WHERE f.event_id = a.event_id AND f.attendee_id = a.id), " \
	"e.last_ms) < $1) "

/* After the attendees: the profile and employee rows of everyone purged
 * ($2: the event, 0 all), those purged before these rows were cleared
 * too. A purged student's grade, prefecture and school type, with the
 * school, would narrow an anonymous id down to a few people; a purged
 * employee's department and title, with the company, to one. $1 only
 * keeps the parameters those of CENTRAL_DUE. */
#define PURGED_OF(t, set, changed) \
	"UPDATE " t " x SET " set " FROM attendees a WHERE a.event_id = " \
	"x.event_id AND a.id = x.attendee_id AND a.name = '" PURGE_NAME \
	"' AND ($2::bigint = 0 OR x.event_id = $2::bigint) AND " \
	"$1::bigint IS NOT NULL AND (" changed ")"
#define PURGED_PROFILE PURGED_OF("attendee_profile", \
	"prefecture = '', school_type = ''", \
	"x.prefecture <> '' OR x.school_type <> ''")
#define PURGED_EMPLOYEE PURGED_OF("employees", \
	"department = '', title = ''", "x.department <> '' OR x.title <> ''")

static long pg_count(struct central *c, const char *sql, const char *const *v,
		     int n)
{
	PGresult *r = PQexecParams(c->pg, sql, n, NULL, v, NULL, NULL, 0);
	long out = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		out = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	else if (PQresultStatus(r) == PGRES_COMMAND_OK)
		out = strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return out;
}

/* The events' ids and the venue midnight starting each one's last day,
 * as PostgreSQL array literals ("{1,2}"), for CENTRAL_DUE's $3 and $4. */
static int ends(struct central *c, char **ids, char **last,
		struct fair_err *err)
{
	PGresult *r = PQexec(c->pg, "SELECT event_id, end_date, "
			     "utc_offset_min FROM events ORDER BY event_id");
	size_t cap = 0, n, at_i = 0, at_l = 0;
	int rc = 0;

	*ids = *last = NULL;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return central_pg_fail(c, err, "cannot read the events");
	}
	n = (size_t)PQntuples(r);
	/* an id is up to 20 digits, a time 20 and a sign, each with ',' */
	cap = 24 * n + 3;
	*ids = calloc(1, cap);
	*last = calloc(1, cap);
	if (!*ids || !*last)
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < n; i++) {
		const char *id = PQgetvalue(r, (int)i, 0);
		const char *end = PQgetvalue(r, (int)i, 1);
		int off = (int)strtol(PQgetvalue(r, (int)i, 2), NULL, 10);
		int64_t day;

		if (cal_parse_ymd(end, &day)) {
			rc = fair_fail(err, FAIR_EINVAL, "event %s: end date "
				       "'%s' is not YYYY-MM-DD", id, end);
			break;
		}
		at_i += (size_t)snprintf(*ids + at_i, cap - at_i, "%s%lld",
					 i ? "," : "{", strtoll(id, NULL, 10));
		at_l += (size_t)snprintf(*last + at_l, cap - at_l, "%s%lld",
					 i ? "," : "{",
					 (long long)cal_day_start_ms(day, off));
	}
	if (!rc) {
		snprintf(*ids + at_i, cap - at_i, "%s}", n ? "" : "{");
		snprintf(*last + at_l, cap - at_l, "%s}", n ? "" : "{");
	}
	PQclear(r);
	if (rc) {
		free(*ids);
		free(*last);
		*ids = *last = NULL;
	}
	return rc;
}

int central_purge(struct central *c, uint32_t event_id, int64_t before_ms,
		  int64_t now_ms, bool dry_run, struct purge_summary *out,
		  struct fair_err *err)
{
	char before[24], event[16], expire[24], *ids = NULL, *last = NULL;
	const char *v[4] = { before, event, NULL, NULL }, *x[1] = { expire };
	int rc;

	snprintf(before, sizeof(before), "%lld", (long long)before_ms);
	snprintf(event, sizeof(event), "%u", (unsigned)event_id);
	snprintf(expire, sizeof(expire), "%lld",
		 (long long)(now_ms - RECORDS_KEEP_MS));
	rc = central_require_schema(c, err);
	if (!rc)
		rc = central_pg_exec(c, "BEGIN", err);
	if (rc)
		return rc;
	if ((rc = ends(c, &ids, &last, err))) {
		central_pg_rollback(c);
		return rc;
	}
	v[2] = ids;
	v[3] = last;
	if ((out->people = pg_count(c, CENTRAL_DUE "SELECT count(*) FROM "
				    "due", v, 4)) < 0 ||
	    (out->kept = pg_count(c, "SELECT count(*) FROM attendees WHERE "
				  "name <> '" PURGE_NAME "' AND "
				  "$1::bigint IS NOT NULL AND ($2::bigint = 0 OR "
				  "event_id = $2)", v, 2)) < 0 ||
	    (out->records_expired = pg_count(c, "SELECT count(*) FROM "
					     "provisions WHERE made_ms < $1",
					     x, 1)) < 0)
		goto out_fail;
	out->kept -= out->people;
	if (dry_run) {
		central_pg_rollback(c);
		goto out;
	}
	if (pg_count(c, CENTRAL_DUE "UPDATE facts f SET note = '' FROM due "
		     "WHERE f.kind = 'lead' AND f.event_id = due.event_id AND "
		     "f.attendee_id = due.id", v, 4) < 0 ||
	    pg_count(c, CENTRAL_DUE "UPDATE attendees a SET name = '"
		     PURGE_NAME "', kana = '', faculty = '', grade = '', "
		     "email = '', phone = '', consent = 0, consent_version = '', "
		     "ext_id = CASE WHEN a.ext_id IS NULL THEN NULL ELSE "
		     "'ANON-' || a.id END FROM due WHERE a.event_id = due.event_id AND a.id = "
		     "due.id", v, 4) < 0 ||
	    pg_count(c, PURGED_PROFILE, v, 2) < 0 ||
	    pg_count(c, PURGED_EMPLOYEE, v, 2) < 0 ||
	    pg_count(c, "DELETE FROM provisions WHERE made_ms < $1", x, 1) < 0)
		goto out_fail;
	rc = central_pg_exec(c, "COMMIT", err);
	goto out;
out_fail:
	rc = central_pg_fail(c, err, "cannot purge the central database");
	central_pg_rollback(c);
out:
	free(ids);
	free(last);
	return rc;
}
