/* api.c: the console's JSON answers that only read: the event at a glance
 * (cached until the database changes), places, bundles packed, students,
 * flags, feedback. docs/console.md lists them all; the ones that change
 * things or send files are in api_files.c. */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "console.h"
#include "fair/caltime.h"

static bool table_exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *s;
	bool yes = false;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type ="
			       " 'table' AND name = ?1", -1, &s, NULL))
		return false;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

/* A count, or -1 when the database cannot answer. */
static long long scalar(struct store *st, const char *sql)
{
	int64_t v = -1;

	store_query_int64(st, sql, NULL, 0, &v);
	return v;
}

/* The event's offset from UTC in minutes: every time the console shows
 * is venue time, whatever zone the browser or the server is in. */
static int venue_offset(struct console *c)
{
	struct event_info ev = { .utc_offset_min = 540 };

	store_event_get(c->st, &ev, NULL);
	return ev.utc_offset_min;
}

/* A time column as the console shows it: key_ms (UTC ms, for programs)
 * and key (venue time, "2026-12-05 15:34", for people). */
static void time_json(struct jbuf *b, const char *key, int64_t ms,
		      int offset_min)
{
	char k[64], t[17];

	snprintf(k, sizeof(k), "%s_ms", key);
	json_key(b, k);
	json_int(b, ms);
	cal_format_minute(ms, offset_min, t);
	json_key(b, key);
	json_str(b, t);
}

/* Writes each row of sql as an object with the given keys; a key starting
 * with '#' is an integer column, '@' a time (time_json(), venue time at
 * offset_min). ?1 is bound to a1 when the query has it. -1 if the query
 * fails. */
static int rows_json_at(sqlite3 *db, struct jbuf *b, const char *sql,
			const char *const *keys, long long a1, int offset_min)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, a1);
	json_arr(b);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_obj(b);
		for (int i = 0; keys[i]; i++) {
			bool num = keys[i][0] == '#';

			if (keys[i][0] == '@' &&
			    sqlite3_column_type(s, i) != SQLITE_NULL) {
				time_json(b, keys[i] + 1,
					  sqlite3_column_int64(s, i),
					  offset_min);
				continue;
			}
			json_key(b, keys[i] + num + (keys[i][0] == '@'));
			if (sqlite3_column_type(s, i) == SQLITE_NULL)
				json_null(b);
			else if (num)
				json_int(b, sqlite3_column_int64(s, i));
			else
				json_str(b, (const char *)
					 sqlite3_column_text(s, i));
		}
		json_end_obj(b);
	}
	json_end_arr(b);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int rows_json(sqlite3 *db, struct jbuf *b, const char *sql,
		     const char *const *keys, long long a1)
{
	return rows_json_at(db, b, sql, keys, a1, 0);
}

/* ---- /api/status ------------------------------------------------------ */

static void status_counts(struct store *st, struct jbuf *b)
{
	json_key(b, "students");
	json_int(b, scalar(st, "SELECT count(*) FROM attendees WHERE role = 0"
			   " AND ext_id IS NOT NULL"));
	json_key(b, "walkins");
	json_int(b, scalar(st, "SELECT count(*) FROM attendees WHERE ext_id "
			   "IS NULL"));
	json_key(b, "staff");
	json_int(b, scalar(st, "SELECT count(*) FROM attendees WHERE role = "
			   "1"));
	json_key(b, "companies");
	json_int(b, scalar(st, "SELECT count(*) FROM companies"));
	json_key(b, "places");
	json_int(b, scalar(st, "SELECT count(*) FROM places"));
	json_key(b, "revoked");
	json_int(b, scalar(st, "SELECT count(*) FROM revocations"));
	json_key(b, "packs");
	json_int(b, scalar(st, "SELECT count(*) FROM packs"));
}

static void status_flags(struct store *st, struct jbuf *b, bool merged)
{
	static const char *const flag_keys[] = { "reason", "#count", NULL };

	json_key(b, "flags");
	if (merged)
		rows_json(store_db(st), b, "SELECT reason, count(*) FROM "
			  "merge_flags "
			  "GROUP BY reason ORDER BY reason", flag_keys, 0);
	else
		jbuf_puts(b, "[]"), b->need_comma = true;
	json_key(b, "repairs");
	json_int(b, merged ? scalar(st, "SELECT count(*) FROM merge_repairs")
			   : 0);
}

static void status_build(struct console *c, struct store *st,
			 struct jbuf *b)
{
	sqlite3 *db = store_db(st);
	struct fair_err err = { "" };
	struct event_info ev = { 0 };
	bool merged = table_exists(db, "merge_flags") &&
		      table_exists(db, "merge_repairs");

	store_event_get(st, &ev, &err);
	json_obj(b);
	json_key(b, "event");
	json_obj(b);
	json_key(b, "name");
	json_str(b, ev.name);
	json_key(b, "start_date");
	json_str(b, ev.start_date);
	json_key(b, "end_date");
	json_str(b, ev.end_date);
	json_key(b, "utc_offset_min");
	json_int(b, ev.utc_offset_min);
	json_end_obj(b);
	json_key(b, "csrf");
	json_str(b, c->csrf);
	status_counts(st, b);
	if (console_status_counts(st, ev.utc_offset_min, merged, b))
		b->failed = true; /* answered as 500, never cached */
	status_flags(st, b, merged);
	json_end_obj(b);
}

/* The reading connection never writes, so its data_version moves with
 * every commit: the worker's, and another program's (a fairsync run
 * beside the console). The caller holds read_lock. */
static long long db_version(struct console *c)
{
	return scalar(c->st, "PRAGMA data_version");
}

static void api_status(struct console *c, struct store *st,
		       struct console_reply *out)
{
	status_build(c, st, &out->body);
	reply_json(out, out->body.failed ? 500 : 200);
}

/* ---- lists ------------------------------------------------------------- */

static void api_places(struct console *c, struct console_reply *out)
{
	static const char *const keys[] = { "ext_id", "kind", "name", "room",
					    NULL };

	rows_json(store_db(c->st), &out->body, "SELECT ext_id, kind, name, "
		  "room FROM places ORDER BY CASE kind WHEN 'entrance' THEN 0 "
		  "WHEN 'booth' THEN 1 ELSE 2 END, ext_id", keys, 0);
	reply_json(out, 200);
}

static void api_packs(struct console *c, struct console_reply *out)
{
	static const char *const keys[] = { "kiosk", "role", "place", "name",
					    "@packed", "path", NULL };

	rows_json_at(store_db(c->st), &out->body, "SELECT k.kiosk, k.role, "
		     "p.ext_id, p.name, k.packed_ms, k.path FROM packs k LEFT "
		     "JOIN places p ON p.id = k.place_id ORDER BY k.packed_ms "
		     "DESC, k.rowid DESC LIMIT 500", keys, 0, venue_offset(c));
	reply_json(out, 200);
}

static void api_students(struct console *c, const struct console_req *r,
			 struct console_reply *out)
{
	static const char *const keys[] = { "ext_id", "name", "kana",
					    "school", "#serial", "#role",
					    NULL };
	const char *q = console_arg(r, "q");
	sqlite3 *db = store_db(c->st);
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT ext_id, name, kana, school, "
			       "serial, role FROM attendees WHERE ext_id IS "
			       "NOT NULL AND (?1 = '' OR instr(ext_id, ?1) OR "
			       "instr(name, ?1) OR instr(kana, ?1)) ORDER BY "
			       "ext_id LIMIT 50", -1, &s, NULL)) {
		reply_error(out, 500, sqlite3_errmsg(db));
		return;
	}
	sqlite3_bind_text(s, 1, q ? q : "", -1, SQLITE_TRANSIENT);
	json_arr(&out->body);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_obj(&out->body);
		for (int i = 0; keys[i]; i++) {
			bool num = keys[i][0] == '#';

			json_key(&out->body, keys[i] + num);
			if (num)
				json_int(&out->body,
					 sqlite3_column_int64(s, i));
			else
				json_str(&out->body, (const char *)
					 sqlite3_column_text(s, i));
		}
		json_end_obj(&out->body);
	}
	json_end_arr(&out->body);
	sqlite3_finalize(s);
	reply_json(out, 200);
}

/* The flagged facts to look at, newest reasons first, at most 200. */
static void api_flags(struct console *c, struct console_reply *out)
{
	static const char *const keys[] = { "reason", "kiosk", "roster_id",
					    "name", "place", "@wall", NULL };
	sqlite3 *db = store_db(c->st);

	if (!table_exists(db, "merge_flags")) {
		jbuf_puts(&out->body, "[]");
		reply_json(out, 200);
		return;
	}
	rows_json_at(db, &out->body, "SELECT g.reason, f.kiosk, a.ext_id, "
		     "a.name, p.name, f.wall_ms FROM merge_flags g JOIN facts "
		     "f ON f.uuid = g.uuid LEFT JOIN attendees a ON a.id = "
		     "f.attendee_id LEFT JOIN places p ON p.id = f.place_id "
		     "ORDER BY g.reason, f.wall_ms LIMIT 200", keys, 0,
		     venue_offset(c));
	reply_json(out, 200);
}

/* Feedback and tour facts (schema 2): what exists of them, per place. */
static void api_feedback(struct console *c, struct console_reply *out)
{
	static const char *const keys[] = { "kind", "place", "name",
					    "#count", "#rating_sum", NULL };

	rows_json(store_db(c->st), &out->body, "SELECT f.kind, p.ext_id, "
		  "p.name, count(*), sum(f.rating) FROM facts f LEFT JOIN "
		  "places p ON p.id = f.place_id WHERE f.kind IN ('feedback', "
		  "'lead', 'assign') GROUP BY f.kind, f.place_id ORDER BY "
		  "f.kind, p.ext_id", keys, 0);
	reply_json(out, 200);
}

#define ANY_VERSION (-2) /* cache_get(): the newest kept, however old */

/* The cached answer for key if the database has not changed since (or,
 * with ANY_VERSION, the newest kept). */
static bool cache_get(struct console *c, const char *key, long long version,
		      struct console_reply *out)
{
	struct console_cached *best = NULL;

	pthread_mutex_lock(&c->cache_lock);
	for (int i = 0; i < CONSOLE_CACHE; i++) {
		struct console_cached *e = &c->cache[i];

		if (!e->body.p || e->version < 0 || strcmp(e->key, key))
			continue;
		if (version == ANY_VERSION ? !best || e->version >
						      best->version
					   : e->version == version)
			best = e;
	}
	if (best) {
		jbuf_add(&out->body, best->body.p, best->body.len);
		reply_json(out, 200);
		out->cached = true;
		out->stale = version == ANY_VERSION;
	}
	pthread_mutex_unlock(&c->cache_lock);
	return best != NULL;
}

static void cache_put(struct console *c, const char *key, long long version,
		      const struct console_reply *out)
{
	struct console_cached *e;

	if (out->status != 200 || out->body.failed || !out->body.p ||
	    strlen(key) >= sizeof(e->key))
		return;
	pthread_mutex_lock(&c->cache_lock);
	e = &c->cache[c->cache_next++ % CONSOLE_CACHE];
	snprintf(e->key, sizeof(e->key), "%s", key);
	jbuf_reset(&e->body);
	jbuf_add(&e->body, out->body.p, out->body.len);
	e->version = e->body.failed ? -1 : version;
	pthread_mutex_unlock(&c->cache_lock);
}

void console_cache_free(struct console *c)
{
	for (int i = 0; i < CONSOLE_CACHE; i++)
		jbuf_free(&c->cache[i].body);
}

static bool api_read(struct console *c, const struct console_req *r,
		     struct console_reply *out)
{
	if (!strcmp(r->path, "/api/status"))
		api_status(c, c->st, out);
	else if (!strcmp(r->path, "/api/places"))
		api_places(c, out);
	else if (!strcmp(r->path, "/api/packs"))
		api_packs(c, out);
	else if (!strcmp(r->path, "/api/students"))
		api_students(c, r, out);
	else if (!strcmp(r->path, "/api/flags"))
		api_flags(c, out);
	else if (!strcmp(r->path, "/api/feedback"))
		api_feedback(c, out);
	else if (!strcmp(r->path, "/api/tour-plan"))
		console_tour_plan(c->st, out);
	else if (!strcmp(r->path, "/api/setup"))
		console_setup(c->st, out);
	else
		return false;
	return true;
}

#define STATUS_KEY "/api/status?" /* as console_api() keys it */

/* The version is read before the counts: a commit in between makes the
 * entry look older than it is, which costs a recount, never a stale
 * answer. */
void console_warm(struct console *c)
{
	struct console_reply r = { .status = 404, .fd = -1 };
	long long v;

	pthread_mutex_lock(&c->read_lock);
	v = db_version(c);
	pthread_mutex_unlock(&c->read_lock);
	if (!cache_get(c, STATUS_KEY, v, &r)) {
		api_status(c, c->wst, &r);
		cache_put(c, STATUS_KEY, v, &r);
	}
	jbuf_free(&r.body);
}

bool console_is_job(const char *method, const char *path)
{
	if (!strcmp(method, "GET") || !strcmp(method, "HEAD"))
		return !strncmp(path, "/export/", 8);
	return true;
}

/* Reading answers are kept until the database changes: the overview
 * scans every check-in, and a page asks for it on each view. While a job
 * runs, the overview answers as it was before (X-Cache: stale): the job's
 * commits would make every look at it a recount, and the worker counts
 * afresh when the job ends. */
static bool api_cached(struct console *c, const struct console_req *r,
		       const char *key, struct console_reply *out)
{
	long long v = db_version(c);

	if (cache_get(c, key, v, out))
		return true;
	if (!strcmp(key, STATUS_KEY) && console_jobs_busy(c) &&
	    cache_get(c, key, ANY_VERSION, out))
		return true;
	if (!api_read(c, r, out))
		return false;
	cache_put(c, key, v, out);
	return true;
}

bool console_api(struct console *c, const struct console_req *r,
		 struct console_reply *out)
{
	const char *q = console_arg(r, "q");
	char key[300];

	if (console_is_job(r->method, r->path)) { /* on the worker */
		bool known = console_api_files(c, r, out);

		if (known && out->status < 300 && strcmp(r->method, "GET") &&
		    strcmp(r->method, "HEAD"))
			console_warm(c); /* a change: count it now */
		return known;
	}
	if (strncmp(r->path, "/api/", 5))
		return false;
	if (snprintf(key, sizeof(key), "%s?%s", r->path, q ? q : "") >=
	    (int)sizeof(key))
		return api_read(c, r, out);
	return api_cached(c, r, key, out);
}
