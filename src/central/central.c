/* central.c: see central.h. Rows travel with COPY in PostgreSQL's text
 * format, into temporary tables, and are folded into the real ones with one
 * INSERT ... ON CONFLICT each, all in one transaction. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>

#include "fair/central.h"
#include "fair/merge.h"
#include "fair/purge.h"
#include "fair/records.h"

struct central {
	PGconn *pg;
};

/* The tables a push sends, each as: the SQLite query (its first column
 * the event id, bound as ?1), the PostgreSQL columns in the same order,
 * and how a row joins what the server holds. */
struct table {
	const char *name;
	const char *sqlite;
	const char *cols;
	const char *fold;
};

#define FACT_COLS "uuid, event_id, kind, kiosk, place_id, attendee_id, " \
	"serial, direction, source, wall_ms, boot_id, mono_ms, voids, flags, " \
	"rating, tags, note"

static const struct table tables[] = {
	{ "keys",
	  "SELECT ?1, public, secret, created_ms FROM keys",
	  "event_id, public, secret, created_ms",
	  "ON CONFLICT (event_id, public) DO UPDATE SET secret = "
	  "coalesce(keys.secret, EXCLUDED.secret)" },
	{ "companies",
	  "SELECT ?1, id, ext_id, name, industry, booth FROM companies",
	  "event_id, id, ext_id, name, industry, booth",
	  "ON CONFLICT (event_id, id) DO UPDATE SET ext_id = EXCLUDED.ext_id, "
	  "name = EXCLUDED.name, industry = EXCLUDED.industry, "
	  "booth = EXCLUDED.booth" },
	{ "places",
	  "SELECT ?1, id, ext_id, kind, name, company_id, room, starts_ms, "
	  "ends_ms, capacity, exit_tracking FROM places",
	  "event_id, id, ext_id, kind, name, company_id, room, starts_ms, "
	  "ends_ms, capacity, exit_tracking",
	  "ON CONFLICT (event_id, id) DO UPDATE SET ext_id = EXCLUDED.ext_id, "
	  "kind = EXCLUDED.kind, name = EXCLUDED.name, company_id = "
	  "EXCLUDED.company_id, room = EXCLUDED.room, starts_ms = "
	  "EXCLUDED.starts_ms, ends_ms = EXCLUDED.ends_ms, capacity = "
	  "EXCLUDED.capacity, exit_tracking = EXCLUDED.exit_tracking" },
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
	  "greatest(attendees.serial, EXCLUDED.serial)" },
	{ "revocations",
	  "SELECT ?1, attendee_id, serial FROM revocations",
	  "event_id, attendee_id, serial",
	  "ON CONFLICT DO NOTHING" },
	{ "provisions",
	  "SELECT ?1, made_ms, recipient, attendees, items, basis, operator, "
	  "command FROM provisions",
	  "event_id, made_ms, recipient, attendees, items, basis, operator, "
	  "command",
	  "ON CONFLICT DO NOTHING" },
	{ "facts",
	  "SELECT uuid, ?1, kind, kiosk, place_id, attendee_id, serial, "
	  "direction, source, wall_ms, boot_id, mono_ms, voids, flags, rating, "
	  "tags, note FROM facts",
	  FACT_COLS,
	  "ON CONFLICT (uuid) DO NOTHING" },
};

#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

/* Version N of the server's schema is steps[N-1]; never edit a shipped
 * step, add one. fk_kiosk is the group every kiosk's login role joins. */
static const char *const steps[] = {
	"CREATE TABLE events (event_id bigint PRIMARY KEY, name text NOT NULL,"
	" start_date text NOT NULL, end_date text NOT NULL,"
	" utc_offset_min integer NOT NULL);"
	"CREATE TABLE keys (event_id bigint NOT NULL REFERENCES events,"
	" public bytea NOT NULL, secret bytea, created_ms bigint NOT NULL,"
	" PRIMARY KEY (event_id, public));"
	"CREATE TABLE companies (event_id bigint NOT NULL REFERENCES events,"
	" id bigint NOT NULL, ext_id text NOT NULL, name text NOT NULL,"
	" industry text NOT NULL, booth text NOT NULL,"
	" PRIMARY KEY (event_id, id), UNIQUE (event_id, ext_id));"
	"CREATE TABLE places (event_id bigint NOT NULL REFERENCES events,"
	" id bigint NOT NULL, ext_id text NOT NULL, kind text NOT NULL,"
	" name text NOT NULL, company_id bigint, room text NOT NULL,"
	" starts_ms bigint NOT NULL, ends_ms bigint NOT NULL,"
	" capacity integer NOT NULL, exit_tracking integer NOT NULL,"
	" PRIMARY KEY (event_id, id), UNIQUE (event_id, ext_id));"
	"CREATE TABLE attendees (event_id bigint NOT NULL REFERENCES events,"
	" id bigint NOT NULL, ext_id text, name text NOT NULL,"
	" kana text NOT NULL, school text NOT NULL, faculty text NOT NULL,"
	" grade text NOT NULL, email text NOT NULL, phone text NOT NULL,"
	" consent integer NOT NULL, consent_version text NOT NULL,"
	" role integer NOT NULL, serial integer NOT NULL,"
	" PRIMARY KEY (event_id, id), UNIQUE (event_id, ext_id));"
	"CREATE TABLE revocations (event_id bigint NOT NULL REFERENCES events,"
	" attendee_id bigint NOT NULL, serial integer NOT NULL,"
	" PRIMARY KEY (event_id, attendee_id, serial));"
	"CREATE TABLE facts (uuid bytea PRIMARY KEY"
	" CHECK (octet_length(uuid) = 16),"
	" event_id bigint NOT NULL REFERENCES events, kind text NOT NULL,"
	" kiosk text NOT NULL, place_id bigint NOT NULL,"
	" attendee_id bigint NOT NULL, serial integer NOT NULL,"
	" direction integer NOT NULL, source text NOT NULL,"
	" wall_ms bigint NOT NULL, boot_id text NOT NULL,"
	" mono_ms bigint NOT NULL, voids bytea, flags integer NOT NULL,"
	" rating integer NOT NULL DEFAULT 0, tags text NOT NULL DEFAULT '',"
	" note text NOT NULL DEFAULT '',"
	" received timestamptz NOT NULL DEFAULT now());"
	"CREATE INDEX facts_event ON facts (event_id, wall_ms);"
	"CREATE TABLE provisions (event_id bigint NOT NULL REFERENCES events,"
	" made_ms bigint NOT NULL, recipient text NOT NULL,"
	" attendees text NOT NULL, items text NOT NULL, basis text NOT NULL,"
	" operator text NOT NULL, command text NOT NULL,"
	" PRIMARY KEY (event_id, made_ms, recipient, operator));"
	"DO $$ BEGIN CREATE ROLE fk_kiosk NOLOGIN;"
	" EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
	"GRANT SELECT ON events, places, companies, revocations TO fk_kiosk;"
	"GRANT SELECT (event_id, id, ext_id, name, kana, school, grade, role,"
	" serial) ON attendees TO fk_kiosk;"
	/* ON CONFLICT (uuid) needs to read the key it checks */
	"GRANT INSERT, SELECT (uuid) ON facts TO fk_kiosk;",
	/* 2: the stamp rally counted from every kiosk's scans, for kiosks,
	 * which may not read facts: counts only, no names */
	"CREATE FUNCTION fk_rally_stamps(ev bigint, kinds text)"
	" RETURNS TABLE (attendee_id bigint, stamps bigint)"
	" LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT"
	" AS $$ SELECT f.attendee_id, count(DISTINCT f.place_id)"
	" FROM facts f JOIN places p ON p.event_id = f.event_id AND"
	" p.id = f.place_id WHERE f.event_id = ev AND"
	" f.kind IN ('checkin', 'register') AND f.direction = 1 AND"
	" position(',' || p.kind || ',' IN ',' || kinds || ',') > 0 AND"
	" f.uuid NOT IN (SELECT v.voids FROM facts v WHERE v.event_id = ev"
	" AND v.kind = 'void' AND v.voids IS NOT NULL)"
	" GROUP BY f.attendee_id ORDER BY 1 $$;"
	"REVOKE ALL ON FUNCTION fk_rally_stamps(bigint, text) FROM PUBLIC;"
	"GRANT EXECUTE ON FUNCTION fk_rally_stamps(bigint, text) TO fk_kiosk;",
	/* 3: a foreign key's lookup per row made a push's COPY twice as slow
	 * as the rows alone. The organizer's push and pull write the event
	 * first, in the same transaction; the untrusted writer is a kiosk, so
	 * a kiosk's row must name an event the server holds (row security:
	 * the table's owner is not subject to it, other roles see no change).
	 * Events are never deleted. */
	"ALTER TABLE facts DROP CONSTRAINT IF EXISTS facts_event_id_fkey;"
	"ALTER TABLE facts ENABLE ROW LEVEL SECURITY;"
	"CREATE POLICY facts_as_before ON facts USING (true) WITH CHECK (true);"
	"CREATE POLICY kiosk_event ON facts AS RESTRICTIVE FOR INSERT"
	" TO fk_kiosk WITH CHECK (EXISTS (SELECT 1 FROM events e"
	" WHERE e.event_id = facts.event_id));",
};

#define N_STEPS ((int)(sizeof(steps) / sizeof(steps[0])))
_Static_assert(N_STEPS == CENTRAL_SCHEMA_VERSION,
	       "central.h names the version the steps end at");

/* libpq's message is the server's, already in the user's language; one
 * line is enough. */
static int pg_fail(struct central *c, struct fair_err *err, const char *what)
{
	char msg[256];
	char *nl;

	snprintf(msg, sizeof(msg), "%s", PQerrorMessage(c->pg));
	nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	return fair_fail(err, FAIR_EIO, "%s: %s", what, msg);
}

static int pg_exec(struct central *c, const char *sql, struct fair_err *err)
{
	PGresult *r = PQexec(c->pg, sql);
	int st = PQresultStatus(r);

	PQclear(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return pg_fail(c, err, "the central database refused");
	return 0;
}

static void pg_rollback(struct central *c)
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
		pg_fail(c, err, "cannot connect to the central database");
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

/* The schema version on the server; 0 when it has none. */
static int schema_version(struct central *c, int *out, struct fair_err *err)
{
	PGresult *r;

	if (pg_exec(c, "CREATE TABLE IF NOT EXISTS fairkiosk_schema "
		    "(version integer NOT NULL);"
		    "LOCK TABLE fairkiosk_schema IN EXCLUSIVE MODE", err))
		return FAIR_EIO;
	r = PQexec(c->pg, "SELECT coalesce(max(version), 0) FROM "
		   "fairkiosk_schema");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return pg_fail(c, err, "cannot read the schema version");
	}
	*out = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

int central_init(struct central *c, int *from, struct fair_err *err)
{
	char sql[96];
	int v = 0;

	if (pg_exec(c, "BEGIN", err))
		return FAIR_EIO;
	if (schema_version(c, &v, err))
		goto out_fail;
	*from = v;
	if (v > N_STEPS) {
		pg_rollback(c);
		return fair_fail(err, FAIR_ENEWER, "the central schema is "
				 "version %d, newer than this fairsync knows "
				 "(%d); upgrade fairsync", v, N_STEPS);
	}
	for (; v < N_STEPS; v++)
		if (pg_exec(c, steps[v], err))
			goto out_fail;
	snprintf(sql, sizeof(sql), "DELETE FROM fairkiosk_schema; INSERT INTO "
		 "fairkiosk_schema VALUES (%d)", N_STEPS);
	if (pg_exec(c, sql, err) || pg_exec(c, "COMMIT", err))
		goto out_fail;
	return 0;
out_fail:
	pg_rollback(c);
	return FAIR_EIO;
}

static int require_schema(struct central *c, struct fair_err *err)
{
	PGresult *r = PQexec(c->pg, "SELECT max(version) FROM "
			     "fairkiosk_schema");
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK &&
		 PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) &&
		 strtol(PQgetvalue(r, 0, 0), NULL, 10) == N_STEPS;

	PQclear(r);
	if (!ok)
		return fair_fail(err, FAIR_ENOTOURS, "the central database "
				 "has no fairkiosk schema of version %d; run "
				 "'fairsync central init' first", N_STEPS);
	return 0;
}

/* ---- push ----------------------------------------------------------- */

struct line {
	char *p;
	size_t len, cap;
};

/* Room for n more bytes (and a NUL) at the end of l. */
static int reserve(struct line *l, size_t n)
{
	if (l->len + n + 1 > l->cap) {
		size_t cap = (l->len + n + 1) * 2;
		char *p = realloc(l->p, cap);

		if (!p)
			return -1;
		l->p = p;
		l->cap = cap;
	}
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
		return pg_fail(c, err, "cannot send rows");
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
		rc = pg_fail(c, err, "cannot send rows");
	PQputCopyEnd(c->pg, rc ? "aborted" : NULL);
out:
	r = PQgetResult(c->pg);
	if (!rc && PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(c, err, "the central database refused the rows");
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
		rc = pg_fail(c, err, "cannot compare facts");
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

	snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) SELECT %s FROM t_%s %s",
		 t->name, t->cols, t->cols, t->name, t->fold);
	r = PQexec(c->pg, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(c, err, "the central database refused the rows");
	else if (added)
		*added = strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return rc;
}

static bool try_direct(struct central *c, sqlite3 *db, const struct table *t,
		       uint32_t event_id, long *rows)
{
	struct fair_err ignored = { "" };

	if (pg_exec(c, "SAVEPOINT direct", &ignored))
		return false;
	if (copy_rows(c, db, t, event_id, true, rows, &ignored) == 0) {
		pg_exec(c, "RELEASE SAVEPOINT direct", &ignored);
		return true;
	}
	pg_exec(c, "ROLLBACK TO SAVEPOINT direct", &ignored);
	return false;
}

static int push_event(struct central *c, const struct event_info *ev,
		      struct fair_err *err)
{
	char id[16], off[16];
	const char *v[5] = { id, ev->name, ev->start_date, ev->end_date, off };
	PGresult *r;
	int rc = 0;

	snprintf(id, sizeof(id), "%u", (unsigned)ev->event_id);
	snprintf(off, sizeof(off), "%d", ev->utc_offset_min);
	r = PQexecParams(c->pg, "INSERT INTO events VALUES ($1, $2, $3, $4, "
			 "$5) ON CONFLICT (event_id) DO UPDATE SET name = "
			 "EXCLUDED.name, start_date = EXCLUDED.start_date, "
			 "end_date = EXCLUDED.end_date, utc_offset_min = "
			 "EXCLUDED.utc_offset_min", 5, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_fail(c, err, "cannot push the event");
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
	rc = require_schema(c, err);
	if (!rc)
		rc = store_event_get(st, &ev, err);
	if (!rc)
		rc = pg_exec(c, "BEGIN", err);
	if (rc)
		return rc;
	rc = push_event(c, &ev, err);
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
		rc = pg_exec(c, "COMMIT", err);
	if (rc)
		pg_rollback(c);
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
		      const char *cols, uint32_t event_id, long *rows,
		      struct fair_err *err)
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
		return pg_fail(c, err, "cannot read from the central database");
	*rows = 0;
	while ((r = PQgetResult(c->pg))) {
		int st = PQresultStatus(r);

		if (st == PGRES_SINGLE_TUPLE && !rc) {
			if (!s) {
				n = PQnfields(r);
				skip = PQfnumber(r, "event_id");
				len = snprintf(ins, sizeof(ins),
					       "INSERT INTO %s (", name);
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
			rc = pg_fail(c, err, "cannot read from the central "
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
			 "utc_offset_min FROM events WHERE event_id = $1", 1,
			 NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_fail(c, err, "cannot read the event");
	else if (PQntuples(r) != 1)
		rc = fair_fail(err, FAIR_ENOENT, "the central database has no "
			       "event %u", (unsigned)event_id);
	else if (sqlite3_prepare_v2(db, "INSERT INTO event (id, event_id, "
				    "name, start_date, end_date, "
				    "utc_offset_min) VALUES (1, ?, ?, ?, ?, ?)",
				    -1, &s, NULL) != SQLITE_OK)
		rc = fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	for (int i = 0; !rc && i < 5; i++)
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
		rc = sql_exec(tmp, "BEGIN", err);
	for (size_t i = 0; i < N_TABLES && !rc; i++) {
		const char *cols = tables[i].cols;

		if (!strcmp(tables[i].name, "keys"))
			cols = "event_id, public, created_ms"; /* no secret */
		rc = pull_table(c, tmp, tables[i].name, cols, event_id, &rows,
				err);
	}
	if (!rc)
		rc = sql_exec(tmp, "COMMIT", err);
	return rc;
}

/* Roster, revocations and records from the attached private file p into
 * the event database, one transaction. An ext_id that names another id
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

static void remove_private(const char *path)
{
	static const char *const tails[] = { "", "-wal", "-shm", "-journal" };
	char p[4096];

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
		rc = pg_fail(c, err, "cannot read the event's keys");
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
	rc = require_schema(c, err);
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
	remove_private(tmp);
	return rc;
}

/* ---- kiosk roles ---------------------------------------------------- */

int central_grant(struct central *c, const char *kiosk, uint32_t event_id,
		  char *url, size_t cap, struct fair_err *err)
{
	unsigned char raw[18];
	char role[64] = "fk_k_", pass[40], sql[512], *qrole, *qpass;
	const char *host = PQhost(c->pg), *port = PQport(c->pg);
	size_t n = strlen(role);
	int rc;

	(void)event_id; /* the group's grants hold for every event */
	rc = require_schema(c, err);
	if (rc)
		return rc;
	for (const char *p = kiosk; *p && n < sizeof(role) - 1; p++)
		role[n++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) :
			    ((*p >= 'a' && *p <= 'z') ||
			     (*p >= '0' && *p <= '9')) ? *p : '_';
	role[n] = '\0';
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pass, sizeof(pass), raw, sizeof(raw));
	qrole = PQescapeIdentifier(c->pg, role, strlen(role));
	qpass = PQescapeLiteral(c->pg, pass, strlen(pass));
	if (!qrole || !qpass) {
		rc = pg_fail(c, err, "cannot name the role");
		goto out;
	}
	snprintf(sql, sizeof(sql), "DO $$ BEGIN CREATE ROLE %s LOGIN PASSWORD "
		 "%s IN ROLE fk_kiosk; EXCEPTION WHEN duplicate_object THEN "
		 "ALTER ROLE %s LOGIN PASSWORD %s; END $$", qrole, qpass,
		 qrole, qpass);
	rc = pg_exec(c, sql, err);
	if (rc)
		goto out;
	if (host && host[0] == '/')
		snprintf(url, cap, "postgresql://%s:%s@/%s?host=%s&port=%s",
			 role, pass, PQdb(c->pg), host, port);
	else
		snprintf(url, cap, "postgresql://%s:%s@%s:%s/%s", role, pass,
			 host && host[0] ? host : "localhost", port,
			 PQdb(c->pg));
out:
	PQfreemem(qrole);
	PQfreemem(qpass);
	sodium_memzero(pass, sizeof(pass));
	return rc;
}

/* ---- a kiosk's live link -------------------------------------------- */

struct central_sync {
	char url[1024];
	uint32_t event_id;
	PGconn *pg;          /* NULL until connected, and after a failure */
	sqlite3 *db;         /* the kiosk's database + the side file as s */
	uint8_t batch[CENTRAL_SYNC_BATCH][16]; /* UUIDs of the round's facts */
};

struct central_sync *central_sync_open(const char *url, const char *kiosk_db,
				       uint32_t event_id,
				       struct fair_err *err)
{
	struct central_sync *s = calloc(1, sizeof(*s));
	char side[4096];
	sqlite3_stmt *q = NULL;
	int rc;

	if (!s) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(s->url, sizeof(s->url), "%s", url);
	s->event_id = event_id;
	snprintf(side, sizeof(side), "%s-sync", kiosk_db);
	/* CREATE is for the side file ATTACH makes; the kiosk's own file
	 * must already be there. */
	rc = access(kiosk_db, W_OK) ? SQLITE_CANTOPEN :
	     sqlite3_open_v2(kiosk_db, &s->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		/* never make a check-in wait: a busy kiosk wins, we retry */
		sqlite3_busy_timeout(s->db, 20);
		rc = sqlite3_prepare_v2(s->db, "ATTACH ?1 AS s", -1, &q, NULL);
	}
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, side, -1, SQLITE_STATIC);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "CREATE TABLE IF NOT EXISTS s.sent "
				  "(uuid BLOB PRIMARY KEY) WITHOUT ROWID",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fair_fail(err, FAIR_EIO, "live sync: '%s': %s", side,
			  s->db ? sqlite3_errmsg(s->db) : "no memory");
		central_sync_close(s);
		return NULL;
	}
	return s;
}

void central_sync_close(struct central_sync *s)
{
	if (!s)
		return;
	PQfinish(s->pg);
	sqlite3_close(s->db);
	free(s);
}

/* Short timeouts: a venue network that drops must not hang the thread. */
static int sync_connect(struct central_sync *s, struct fair_err *err)
{
	const char *keys[] = { "dbname", "connect_timeout", "tcp_user_timeout",
			       "options", "application_name", NULL };
	const char *vals[] = { s->url, "3", "5000",
			       "-c statement_timeout=10000", "fairkiosk",
			       NULL };

	if (s->pg && PQstatus(s->pg) == CONNECTION_OK)
		return 0;
	PQfinish(s->pg);
	s->pg = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(s->pg) != CONNECTION_OK) {
		struct central c = { s->pg };

		pg_fail(&c, err, "central database unreachable");
		PQfinish(s->pg);
		s->pg = NULL;
		return FAIR_EIO;
	}
	return 0;
}

static int sync_drop(struct central_sync *s, struct fair_err *err,
		     const char *what)
{
	struct central c = { s->pg };

	pg_fail(&c, err, what);
	PQfinish(s->pg);
	s->pg = NULL;
	return FAIR_EIO;
}

#define SYNC_COLS "uuid, event_id, kind, kiosk, place_id, attendee_id, " \
	"serial, direction, source, wall_ms, boot_id, mono_ms, voids, flags, " \
	"rating, tags, note"

/* One fact, its columns as PostgreSQL parameters: text (SQLite renders
 * integers as their digits), uuid and voids as binary. */
static int send_fact(struct central_sync *s, sqlite3_stmt *q)
{
	const char *v[17];
	int len[17] = { 0 }, fmt[17] = { 0 };
	char event[16];
	PGresult *r;
	int ok;

	snprintf(event, sizeof(event), "%u", (unsigned)s->event_id);
	for (int i = 2; i < 17; i++)
		v[i] = (const char *)sqlite3_column_text(q, i - 1);
	v[0] = sqlite3_column_blob(q, 0);
	len[0] = sqlite3_column_bytes(q, 0);
	fmt[0] = 1;
	v[1] = event;
	v[12] = sqlite3_column_blob(q, 11); /* NULL stays NULL */
	len[12] = sqlite3_column_bytes(q, 11);
	fmt[12] = 1;
	r = PQexecParams(s->pg, "INSERT INTO facts (" SYNC_COLS ") VALUES ($1, "
			 "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
			 "$14, $15, $16, $17) ON CONFLICT (uuid) DO NOTHING",
			 17, NULL, v, len, fmt, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok ? 0 : -1;
}

static int pg_simple(struct central_sync *s, const char *sql)
{
	PGresult *r = PQexec(s->pg, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	PQclear(r);
	return ok ? 0 : -1;
}

/* Marks the UUIDs the server committed as sent, in the side file. */
static int mark_sent(struct central_sync *s, const uint8_t (*uuid)[16],
		     int n, struct fair_err *err)
{
	sqlite3_stmt *mark = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO s.sent VALUES "
			       "(?1)", -1, &mark, NULL) ||
	    sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL))
		rc = fair_fail(err, FAIR_EIO, "live sync: %s",
			       sqlite3_errmsg(s->db));
	for (int i = 0; !rc && i < n; i++) {
		sqlite3_bind_blob(mark, 1, uuid[i], 16, SQLITE_STATIC);
		if (sqlite3_step(mark) != SQLITE_DONE)
			rc = fair_fail(err, FAIR_EIO, "live sync: %s",
				       sqlite3_errmsg(s->db));
		sqlite3_reset(mark);
	}
	if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL))
		rc = fair_fail(err, FAIR_EIO, "live sync: %s",
			       sqlite3_errmsg(s->db));
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(mark);
	return rc;
}

/* Sends up to a batch of facts in one server transaction, then marks
 * exactly those sent (a check-in stored meanwhile waits for the next
 * round). Unmarked facts are sent again; the server ignores a UUID it
 * holds, so nothing doubles. */
static int sync_send(struct central_sync *s, long *sent, struct fair_err *err)
{
	uint8_t (*uuid)[16] = s->batch;
	sqlite3_stmt *q = NULL;
	int rc = 0, n = 0;

	*sent = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT uuid, kind, kiosk, place_id, "
			       "attendee_id, serial, direction, source, "
			       "wall_ms, boot_id, mono_ms, voids, flags, "
			       "rating, tags, note FROM main.facts WHERE uuid "
			       "NOT IN (SELECT uuid FROM s.sent) LIMIT ?1",
			       -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "live sync: %s",
				 sqlite3_errmsg(s->db));
	sqlite3_bind_int(q, 1, CENTRAL_SYNC_BATCH);
	if (pg_simple(s, "BEGIN"))
		rc = sync_drop(s, err, "central database unreachable");
	while (!rc && n < CENTRAL_SYNC_BATCH &&
	       sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 0) != 16)
			continue; /* not a fact of ours; merge will say so */
		memcpy(uuid[n++], sqlite3_column_blob(q, 0), 16);
		if (send_fact(s, q))
			rc = sync_drop(s, err, "the central database refused "
				       "a check-in");
	}
	sqlite3_finalize(q);
	if (!rc && pg_simple(s, n ? "COMMIT" : "ROLLBACK"))
		rc = sync_drop(s, err, "central commit failed");
	if (!rc && n)
		rc = mark_sent(s, (const uint8_t (*)[16])uuid, n, err);
	if (!rc)
		*sent = n;
	return rc;
}

int central_sync_rally(struct central_sync *s, const char *kinds,
		       void (*each)(uint32_t attendee, int stamps, void *ctx),
		       void *ctx, struct fair_err *err)
{
	char event[16];
	const char *v[2] = { event, kinds };
	PGresult *r;

	if (sync_connect(s, err))
		return FAIR_EIO;
	snprintf(event, sizeof(event), "%u", (unsigned)s->event_id);
	r = PQexecParams(s->pg, "SELECT attendee_id, stamps FROM "
			 "fk_rally_stamps($1, $2)", 2, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		struct central c = { s->pg };

		PQclear(r);
		if (PQstatus(s->pg) != CONNECTION_OK)
			return sync_drop(s, err, "central database "
					 "unreachable");
		/* an older server (schema 1) keeps its link for facts */
		return pg_fail(&c, err, "the central database cannot count "
			       "the stamp rally");
	}
	for (int i = 0; i < PQntuples(r); i++)
		each((uint32_t)strtoul(PQgetvalue(r, i, 0), NULL, 10),
		     (int)strtol(PQgetvalue(r, i, 1), NULL, 10), ctx);
	PQclear(r);
	return 0;
}

/* Revocations and badge serials from the server into the kiosk's own
 * tables (the only writes this link makes there; short, and skipped when
 * the kiosk is busy). */
static int sync_revocations(struct central_sync *s, long *added,
			    struct fair_err *err)
{
	char id[16];
	const char *v[1] = { id };
	sqlite3_stmt *ins = NULL, *bump = NULL;
	PGresult *r;
	int rc = 0;

	*added = 0;
	snprintf(id, sizeof(id), "%u", (unsigned)s->event_id);
	r = PQexecParams(s->pg, "SELECT attendee_id, serial FROM revocations "
			 "WHERE event_id = $1", 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return sync_drop(s, err, "cannot read revocations");
	}
	if (PQntuples(r) == 0 ||
	    sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO main.revocations "
			       "VALUES (?1, ?2)", -1, &ins, NULL) ||
	    sqlite3_prepare_v2(s->db, "UPDATE main.attendees SET serial = ?2 "
			       "WHERE id = ?1 AND serial <= ?2", -1, &bump,
			       NULL) ||
	    sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
		goto out;
	for (int i = 0; i < PQntuples(r); i++) {
		long long a = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		long long n = strtoll(PQgetvalue(r, i, 1), NULL, 10);

		sqlite3_bind_int64(ins, 1, a);
		sqlite3_bind_int64(ins, 2, n);
		if (sqlite3_step(ins) == SQLITE_DONE)
			*added += sqlite3_changes(s->db);
		sqlite3_reset(ins);
		/* the revoked serial's successor is the badge now valid */
		sqlite3_bind_int64(bump, 1, a);
		sqlite3_bind_int64(bump, 2, n + 1);
		sqlite3_step(bump);
		sqlite3_reset(bump);
	}
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		*added = 0;
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(bump);
	PQclear(r);
	return rc;
}

int central_sync_step(struct central_sync *s, struct central_sync_state *out,
		      struct fair_err *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sync_connect(s, err);
	if (!rc)
		rc = sync_send(s, &out->sent, err);
	if (!rc)
		rc = sync_revocations(s, &out->revoked, err);
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM main.facts WHERE "
			       "uuid NOT IN (SELECT uuid FROM s.sent)", -1, &q,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		out->waiting = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
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
		return pg_fail(c, err, "cannot list the central events");
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

struct store *central_snapshot(const char *url, struct fair_err *err)
{
	char conn[1024], dir[] = "/tmp/fairsync-central-XXXXXX", path[64];
	const char *hash = strrchr(url, '#');
	struct central_counts n;
	struct central *c;
	struct store *st = NULL;
	uint32_t event = 0;
	mode_t old;
	int rc;

	snprintf(conn, sizeof(conn), "%.*s", hash ? (int)(hash - url) :
		 (int)strlen(url), url);
	if (hash)
		event = (uint32_t)strtoul(hash + 1, NULL, 10);
	c = central_connect(conn, err);
	if (!c)
		return NULL;
	rc = require_schema(c, err);
	if (!rc && !event)
		rc = only_event(c, &event, err);
	old = umask(077);
	if (!rc && !mkdtemp(dir))
		rc = fair_fail(err, FAIR_EIO, "cannot create a private folder");
	umask(old);
	if (rc) {
		central_close(c);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/event.db", dir);
	st = store_open(path, STORE_CREATE, err);
	if (st)
		rc = central_pull(c, st, path, event, &n, err);
	central_close(c);
	store_close(st);
	st = rc ? NULL : store_open(path, STORE_READONLY, err);
	/* open (or failed): either way nothing stays on disk */
	remove_private(path);
	rmdir(dir);
	return st;
}

/* ---- the season ------------------------------------------------------ */

/* Text a spreadsheet would run as a formula gets a leading apostrophe. */
#define SAFE(x) "(CASE WHEN " x " ~ '^[-=+@\t\r]' THEN '''' || " x \
	" ELSE " x " END)"

static const char season_sql[] =
	"COPY (WITH seen AS (SELECT DISTINCT f.event_id, f.attendee_id FROM "
	"facts f WHERE f.kind IN ('checkin', 'register') AND f.uuid NOT IN "
	"(SELECT voids FROM facts WHERE kind = 'void' AND voids IS NOT NULL)),"
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

	rc = require_schema(c, err);
	if (rc)
		return rc;
	r = PQexec(c->pg, season_sql);
	n = PQresultStatus(r);
	PQclear(r);
	if (n != PGRES_COPY_OUT)
		return pg_fail(c, err, "cannot read the season");
	fputs("\xef\xbb\xbf", out); /* Excel in Japan reads UTF-8 by it */
	while ((n = PQgetCopyData(c->pg, &buf, 0)) > 0) {
		fwrite(buf, 1, (size_t)n, out);
		lines++;
		PQfreemem(buf);
	}
	r = PQgetResult(c->pg);
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 :
	     pg_fail(c, err, "cannot read the season");
	PQclear(r);
	if (!rc && (fflush(out) || ferror(out)))
		rc = fair_fail(err, FAIR_EIO, "cannot write the season");
	return rc ? rc : lines - 1;
}

/* ---- retention on the server ---------------------------------------- */

/* $1 before (a venue day's start), $2 event (0: all). Never-seen people
 * were last active on their event's last day (its first instant), as in
 * purge.c: before the day after it takes them. */
#define CENTRAL_DUE \
	"WITH due AS (SELECT a.event_id, a.id FROM attendees a JOIN events e " \
	"USING (event_id) WHERE a.name <> '" PURGE_NAME "' AND " \
	"($2::bigint = 0 OR a.event_id = $2::bigint) AND " \
	"coalesce((SELECT max(f.wall_ms) FROM facts f " \
	"WHERE f.event_id = a.event_id AND f.attendee_id = a.id), " \
	"(extract(epoch FROM e.end_date::date::timestamp) - " \
	"e.utc_offset_min * 60)::bigint * 1000) < $1) "

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

int central_purge(struct central *c, uint32_t event_id, int64_t before_ms,
		  int64_t now_ms, bool dry_run, struct purge_summary *out,
		  struct fair_err *err)
{
	char before[24], event[16], expire[24];
	const char *v[2] = { before, event }, *x[1] = { expire };
	int rc;

	snprintf(before, sizeof(before), "%lld", (long long)before_ms);
	snprintf(event, sizeof(event), "%u", (unsigned)event_id);
	snprintf(expire, sizeof(expire), "%lld",
		 (long long)(now_ms - RECORDS_KEEP_MS));
	rc = require_schema(c, err);
	if (!rc)
		rc = pg_exec(c, "BEGIN", err);
	if (rc)
		return rc;
	if ((out->people = pg_count(c, CENTRAL_DUE "SELECT count(*) FROM "
				    "due", v, 2)) < 0 ||
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
		pg_rollback(c);
		return 0;
	}
	if (pg_count(c, CENTRAL_DUE "UPDATE facts f SET note = '' FROM due "
		     "WHERE f.kind = 'lead' AND f.event_id = due.event_id AND "
		     "f.attendee_id = due.id", v, 2) < 0 ||
	    pg_count(c, CENTRAL_DUE "UPDATE attendees a SET name = '"
		     PURGE_NAME "', kana = '', faculty = '', email = '', "
		     "phone = '', consent = 0, consent_version = '', ext_id = "
		     "CASE WHEN a.ext_id IS NULL THEN NULL ELSE 'ANON-' || a.id "
		     "END FROM due WHERE a.event_id = due.event_id AND a.id = "
		     "due.id", v, 2) < 0 ||
	    pg_count(c, "DELETE FROM provisions WHERE made_ms < $1", x, 1) < 0)
		goto out_fail;
	return pg_exec(c, "COMMIT", err);
out_fail:
	rc = pg_fail(c, err, "cannot purge the central database");
	pg_rollback(c);
	return rc;
}
