/* api.c: the console's JSON answers that only read: the event at a glance
 * (cached until the database changes), places, bundles packed, students,
 * flags, feedback. docs/console.md lists them all; the ones that change
 * things or send files are in api_files.c. */
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "fair/caltime.h"
#include "fair/lists.h"
#include "fair/stats.h"

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
	json_kv_int(b, k, ms);
	cal_format_minute(ms, offset_min, t);
	json_kv_str(b, key, t);
}

/* Each row a lists_*() function answers, written as an object with the
 * given keys; a key starting with '#' is an integer column, '@' a time
 * (time_json(), venue time at offset_min). null_zero: a NULL integer is
 * 0 and a NULL text null (the student list's way), else NULL is null. */
struct rows_ctx {
	struct jbuf *b;
	const char *const *keys;
	int offset_min;
	bool null_zero;
};

static int row_json(const struct list_cell *row, int n, void *ctx)
{
	struct rows_ctx *r = ctx;
	struct jbuf *b = r->b;

	json_obj(b);
	for (int i = 0; i < n && r->keys[i]; i++) {
		const char *key = r->keys[i];
		bool num = key[0] == '#', at = key[0] == '@';

		if (at && row[i].type != LIST_NULL) {
			time_json(b, key + 1, row[i].i, r->offset_min);
			continue;
		}
		json_key(b, key + (num || at));
		if (row[i].type == LIST_NULL && !r->null_zero)
			json_null(b);
		else if (num)
			json_int(b, row[i].i);
		else
			json_str(b, row[i].s);
	}
	json_end_obj(b);
	return 0;
}

/* ---- /api/status ------------------------------------------------------ */

static void status_counts(struct store *st, struct jbuf *b)
{
	struct stats_roster n;
	long places = 0;

	if (stats_roster(st, &n)) /* the same figures as fairsync status */
		memset(&n, 0xff, sizeof(n)); /* -1: cannot say */
	for (int k = 0; k < 4; k++)
		places += n.places[k];
	json_kv_int(b, "students", n.students);
	json_kv_int(b, "walkins", n.walkins);
	json_kv_int(b, "staff", n.staff);
	json_kv_int(b, "companies", n.companies);
	json_kv_int(b, "places", places);
	json_kv_int(b, "revoked", n.revoked);
	json_kv_int(b, "packs", n.packs);
}

static void status_flags(struct store *st, struct jbuf *b, bool merged)
{
	static const char *const flag_keys[] = { "reason", "#count", NULL };
	struct rows_ctx r = { b, flag_keys, 0, false };

	json_key(b, "flags");
	json_arr(b);
	if (merged)
		lists_flag_counts(st, row_json, &r, NULL);
	json_end_arr(b);
	json_kv_int(b, "repairs", merged ? lists_repairs(st) : 0);
}

static void status_build(struct console *c, struct store *st,
			 struct jbuf *b)
{
	struct fair_err err = { "" };
	struct event_info ev = { 0 };
	bool merged = lists_merged(st);

	store_event_get(st, &ev, &err);
	json_obj(b);
	json_key(b, "event");
	json_obj(b);
	json_kv_str(b, "name", ev.name);
	json_kv_str(b, "start_date", ev.start_date);
	json_kv_str(b, "end_date", ev.end_date);
	json_kv_int(b, "utc_offset_min", ev.utc_offset_min);
	json_end_obj(b);
	json_kv_str(b, "csrf", c->csrf);
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
	return lists_data_version(c->st);
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
	struct rows_ctx r = { &out->body, keys, 0, false };

	json_arr(&out->body);
	lists_places(c->st, row_json, &r, NULL);
	json_end_arr(&out->body);
	reply_json(out, 200);
}

static void api_packs(struct console *c, struct console_reply *out)
{
	static const char *const keys[] = { "kiosk", "role", "place", "name",
					    "@packed", "path", NULL };
	struct rows_ctx r = { &out->body, keys, venue_offset(c), false };

	json_arr(&out->body);
	lists_packs(c->st, 500, row_json, &r, NULL);
	json_end_arr(&out->body);
	reply_json(out, 200);
}

static void api_students(struct console *c, const struct console_req *r,
			 struct console_reply *out)
{
	static const char *const keys[] = { "ext_id", "name", "kana",
					    "school", "#serial", "#role",
					    NULL };
	struct rows_ctx rows = { &out->body, keys, 0, true };
	struct fair_err err = { "" };

	json_arr(&out->body);
	if (lists_students(c->st, console_arg(r, "q"), 50, row_json, &rows,
			   &err)) {
		reply_error(out, 500, err.msg);
		return;
	}
	json_end_arr(&out->body);
	reply_json(out, 200);
}

/* The flagged facts to look at, newest reasons first, at most 200. */
static void api_flags(struct console *c, struct console_reply *out)
{
	static const char *const keys[] = { "reason", "kiosk", "roster_id",
					    "name", "place", "@wall", NULL };
	struct rows_ctx r = { &out->body, keys, venue_offset(c), false };

	json_arr(&out->body);
	/* before a merge made its tables there are none */
	if (lists_merged(c->st))
		lists_flagged_facts(c->st, 200, row_json, &r, NULL);
	json_end_arr(&out->body);
	reply_json(out, 200);
}

/* Feedback and tour facts (schema 2): what exists of them, per place. */
static void api_feedback(struct console *c, struct console_reply *out)
{
	static const char *const keys[] = { "kind", "place", "name",
					    "#count", "#rating_sum", NULL };
	struct rows_ctx r = { &out->body, keys, 0, false };

	json_arr(&out->body);
	lists_feedback(c->st, row_json, &r, NULL);
	json_end_arr(&out->body);
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
