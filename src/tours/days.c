/* days.c: the tour's training days and each student's days
 * (fair/tourdays.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/caltime.h"
#include "fair/export.h"
#include "fair/tourdays.h"
#include "fair/tours.h"
#include "tours_int.h"

#define MARKS_MAX 4096

/* Is ext in the '|'-separated list? */
static bool listed(const char *list, const char *ext)
{
	size_t n = strlen(ext);

	for (const char *p = list; p && *p; p = strchr(p, '|')) {
		if (*p == '|')
			p++;
		if (!strncmp(p, ext, n) && (p[n] == '|' || !p[n]))
			return true;
	}
	return false;
}

int tourdays_mark(struct store *st, const char *session_ext, bool on,
		  struct fair_err *err)
{
	char old[MARKS_MAX], out[MARKS_MAX] = "";
	size_t n = 0;

	tours_setting_get(st, TOURDAYS_KEY_TRAINING, old, sizeof(old));
	if (listed(old, session_ext) == on)
		return 0;
	for (char *p = old, *bar; *p; p = bar ? bar + 1 : p + strlen(p)) {
		bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		if (strcmp(p, session_ext) && *p)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
					      n ? "|" : "", p);
		if (n >= sizeof(out))
			return fair_fail(err, FAIR_EIO, "too many 研修 "
					 "sessions");
	}
	if (on)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
				      n ? "|" : "", session_ext);
	if (n >= sizeof(out))
		return fair_fail(err, FAIR_EIO, "too many 研修 sessions");
	return tours_setting_set(st, TOURDAYS_KEY_TRAINING, n ? out : NULL,
				 err);
}

bool tourdays_is_training(struct store *st, uint32_t place_id)
{
	char marks[MARKS_MAX];
	struct place p;

	if (store_place_get(st, place_id, &p) || p.kind != PLACE_SESSION)
		return false;
	tours_setting_get(st, TOURDAYS_KEY_TRAINING, marks, sizeof(marks));
	return listed(marks, p.ext_id);
}

/* ---- each student's days --------------------------------------------- */

struct walk {
	struct store *st;
	struct event_info ev;
	int64_t first_day;
	int ndays;
	char marks[MARKS_MAX];
	sqlite3_stmt *assigned;   /* a student's valid visits */
	sqlite3_stmt *came;       /* places a student entered */
	sqlite3_stmt *training;   /* the sessions, by time */
};

static int day_index(const struct walk *w, int64_t utc_ms)
{
	int64_t d = cal_local_day(utc_ms, w->ev.utc_offset_min) - w->first_day;

	return d >= 0 && d < w->ndays ? (int)d : -1;
}

static bool entered(struct walk *w, uint32_t aid, uint32_t pid)
{
	bool yes = false;

	sqlite3_reset(w->came);
	sqlite3_bind_int64(w->came, 1, aid);
	sqlite3_bind_int64(w->came, 2, pid);
	yes = sqlite3_step(w->came) == SQLITE_ROW;
	sqlite3_reset(w->came);
	return yes;
}

static void col(sqlite3_stmt *s, int c, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(s, c);

	snprintf(out, cap, "%s", t ? (const char *)t : "");
}

/* The company days from the student's valid assignments. */
static void visits(struct walk *w, struct tourdays_row *r)
{
	sqlite3_reset(w->assigned);
	sqlite3_bind_int64(w->assigned, 1, r->a.id);
	while (sqlite3_step(w->assigned) == SQLITE_ROW) {
		uint32_t pid = (uint32_t)sqlite3_column_int64(w->assigned, 0);
		int d = day_index(w, sqlite3_column_int64(w->assigned, 1));
		struct tourday *t;

		if (d < 0)
			continue;
		t = &r->day[d];
		t->kind = DAY_VISIT;
		col(w->assigned, 2, t->what, sizeof(t->what));
		t->attended = entered(w, r->a.id, pid);
	}
}

/* Every training session: expected of every student on the tour. */
static void training(struct walk *w, struct tourdays_row *r)
{
	sqlite3_reset(w->training);
	while (sqlite3_step(w->training) == SQLITE_ROW) {
		char ext[64];
		uint32_t pid = (uint32_t)sqlite3_column_int64(w->training, 0);
		int d = day_index(w, sqlite3_column_int64(w->training, 1));
		bool came;

		col(w->training, 2, ext, sizeof(ext));
		if (!listed(w->marks, ext))
			continue;
		came = entered(w, r->a.id, pid);
		r->training++;
		r->training_missed += !came;
		if (d < 0 || r->day[d].kind == DAY_VISIT)
			continue;
		if (r->day[d].kind == DAY_NONE) {
			r->day[d].kind = DAY_TRAINING;
			col(w->training, 3, r->day[d].what,
			    sizeof(r->day[d].what));
			r->day[d].attended = came;
		} else {
			r->day[d].attended &= came; /* two on one day */
		}
	}
}

static int walk_open(struct store *st, struct walk *w, struct fair_err *err)
{
	char sql[4096];
	sqlite3 *db = store_db(st);
	int64_t last;

	memset(w, 0, sizeof(*w));
	w->st = st;
	if (store_event_get(st, &w->ev, err) ||
	    cal_parse_ymd(w->ev.start_date, &w->first_day) ||
	    cal_parse_ymd(w->ev.end_date, &last))
		return fair_fail(err, FAIR_EIO, "cannot read the event");
	w->ndays = (int)(last - w->first_day + 1);
	if (w->ndays > TOURDAYS_MAX)
		w->ndays = TOURDAYS_MAX;
	tours_setting_get(st, TOURDAYS_KEY_TRAINING, w->marks,
			  sizeof(w->marks));
	snprintf(sql, sizeof(sql), "%s SELECT 1 FROM v WHERE aid = ?1 AND"
		 " pid = ?2 AND dir > 0 LIMIT 1", export_valid_cte(st));
	if (sqlite3_prepare_v2(db, sql, -1, &w->came, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT p.id, p.starts_ms, c.name FROM"
			       " facts f JOIN places p ON p.id = f.place_id"
			       " LEFT JOIN companies c ON c.id = p.company_id"
			       " WHERE f.kind = 'assign' AND f.attendee_id ="
			       " ?1 AND f.uuid NOT IN (SELECT voids FROM facts"
			       " WHERE kind = 'void' AND voids IS NOT NULL)",
			       -1, &w->assigned, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT id, starts_ms, ext_id, name FROM"
			       " places WHERE kind = 'session' ORDER BY"
			       " starts_ms, ext_id", -1, &w->training, NULL))
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(db));
	return 0;
}

static void walk_close(struct walk *w)
{
	sqlite3_finalize(w->came);
	sqlite3_finalize(w->assigned);
	sqlite3_finalize(w->training);
}

static void row_fill(struct walk *w, struct tourdays_row *r)
{
	r->ndays = w->ndays;
	for (int d = 0; d < w->ndays; d++)
		cal_format_day(w->first_day + d, r->day[d].date);
	visits(w, r);
	training(w, r);
}

#define ON_TOUR \
	"SELECT id FROM attendees a WHERE role = 0 AND EXISTS (SELECT 1" \
	" FROM facts f WHERE f.kind = 'assign' AND f.attendee_id = a.id" \
	" AND f.uuid NOT IN (SELECT voids FROM facts WHERE kind = 'void'" \
	" AND voids IS NOT NULL))"

int tourdays_each(struct store *st,
		  void (*fn)(const struct tourdays_row *, void *), void *ctx,
		  struct fair_err *err)
{
	static struct tourdays_row r;
	sqlite3_stmt *s;
	struct walk w;
	int rc = walk_open(st, &w, err);

	if (!rc && sqlite3_prepare_v2(store_db(st), ON_TOUR " ORDER BY"
				      " ext_id, id", -1, &s, NULL))
		rc = fair_fail(err, FAIR_EIO, "database: %s",
			       sqlite3_errmsg(store_db(st)));
	if (rc) {
		walk_close(&w);
		return rc;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		if (store_attendee_get(st, (uint32_t)sqlite3_column_int64(s, 0),
				       &r.a))
			continue;
		row_fill(&w, &r);
		fn(&r, ctx);
	}
	sqlite3_finalize(s);
	walk_close(&w);
	return 0;
}

int tourdays_missed(struct store *st, uint32_t attendee_id, int *missed)
{
	static struct tourdays_row r;
	struct fair_err err = { "" };
	int64_t on = 0;
	struct walk w;

	*missed = 0;
	if (store_query_int64(st, "SELECT count(*) FROM (" ON_TOUR
			      " AND a.id = ?1)", &STORE_NUM(attendee_id), 1,
			      &on))
		return FAIR_EIO;
	if (!on)
		return 0;
	if (walk_open(st, &w, &err)) {
		walk_close(&w);
		return FAIR_EIO;
	}
	memset(&r, 0, sizeof(r));
	if (store_attendee_get(st, attendee_id, &r.a) == 0)
		row_fill(&w, &r);
	walk_close(&w);
	*missed = r.training_missed;
	return 0;
}

/* ---- the door of a training session ---------------------------------- */

int tourdays_pack(struct store *kiosk, const char *event_db,
		  struct fair_err *err)
{
	sqlite3 *db = store_db(kiosk);
	int rc = tours_attach_event(db, event_db, err);

	if (rc)
		return rc;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE; DELETE FROM main.facts WHERE"
			 " kind = 'assign'; INSERT INTO main.facts SELECT *"
			 " FROM ev.facts f WHERE f.kind = 'assign' AND NOT"
			 " EXISTS (SELECT 1 FROM ev.facts v WHERE v.voids ="
			 " f.uuid); COMMIT", NULL, NULL, NULL)) {
		rc = fair_fail(err, FAIR_EIO, "cannot copy the plan: %s",
			       sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_exec(db, "DETACH ev", NULL, NULL, NULL);
	return rc;
}

#define CAME \
	"SELECT DISTINCT f.attendee_id FROM facts f WHERE f.kind =" \
	" 'checkin' AND f.direction = 1 AND f.place_id = ?1 AND f.uuid NOT" \
	" IN (SELECT voids FROM facts WHERE kind = 'void' AND voids IS NOT" \
	" NULL)"

int tourdays_counts(struct store *st, uint32_t place_id, int *expected,
		    int *arrived)
{
	int64_t e = 0, a = 0;

	if (store_query_int64(st, "SELECT count(*) FROM (" ON_TOUR ")", NULL,
			      0, &e) ||
	    store_query_int64(st, "SELECT count(*) FROM (" ON_TOUR
			      " AND a.id IN (" CAME "))",
			      &STORE_NUM(place_id), 1, &a))
		return FAIR_EIO;
	*expected = (int)e;
	*arrived = (int)a;
	return 0;
}

int tourdays_expected(struct store *st, uint32_t place_id,
		      void (*fn)(const struct attendee *, bool arrived,
				 void *),
		      void *ctx)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id, id IN (" CAME ") AS"
			       " came FROM attendees WHERE id IN (" ON_TOUR ")"
			       " ORDER BY came, kana, id", -1, &s, NULL))
		return FAIR_EIO;
	sqlite3_bind_int64(s, 1, place_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		uint32_t id = (uint32_t)sqlite3_column_int64(s, 0);
		struct attendee a;

		if (!store_attendee_get(st, id, &a))
			fn(&a, sqlite3_column_int(s, 1) != 0, ctx);
	}
	sqlite3_finalize(s);
	return 0;
}

int tourdays_survey_when(struct store *st, uint32_t place_id)
{
	char marks[MARKS_MAX], ext[64];
	uint32_t first = 0, last = 0;
	sqlite3_stmt *s;

	if (!tourdays_is_training(st, place_id))
		return 0;
	tours_setting_get(st, TOURDAYS_KEY_TRAINING, marks, sizeof(marks));
	if (sqlite3_prepare_v2(store_db(st), "SELECT id, ext_id FROM places"
			       " WHERE kind = 'session' ORDER BY starts_ms,"
			       " ext_id", -1, &s, NULL))
		return 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		col(s, 1, ext, sizeof(ext));
		if (!listed(marks, ext))
			continue;
		last = (uint32_t)sqlite3_column_int64(s, 0);
		if (!first)
			first = last;
	}
	sqlite3_finalize(s);
	if (first == place_id && last == place_id)
		return 2;
	return first == place_id ? 1 : last == place_id ? -1 : 0;
}
