/* api_tours.c: an internship tour in the browser, through the library's
 * tours functions, so the console plans and checks a move exactly as
 * `fairsync assign` and `fairsync import assignments` do; and how far the
 * event is set up, for the overview's guided first run.
 *
 *   POST /api/assign     form: visits, seed (optional), reassign=1
 *                        -> the plan's summary
 *   POST /api/tour-move  form: attendee, from (date), company, date
 *   GET  /api/tour-plan  host days with who visits, students unplanned
 *   GET  /api/setup      counts of fair/setup.h
 *   GET  /export/tour-plan.xlsx   the plan as a workbook (imports back)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "console.h"
#include "fair/setup.h"
#include "fair/tourdata.h"
#include "fair/tours.h"
#include "fair/types.h"

/* ---- reads ------------------------------------------------------------ */

void console_setup(struct store *st, struct console_reply *out)
{
	struct setup_counts s;
	struct jbuf *b = &out->body;

	if (setup_counts(st, &s)) {
		reply_error(out, 500, "cannot read the event database");
		return;
	}
	json_obj(b);
#define N(k) json_key(b, #k), json_int(b, s.k)
	N(companies), N(booths), N(sessions), N(host_days), N(students);
	N(staff), N(badges_printed), N(badges_ms), N(packs);
	N(packs_entrance), N(packs_booth), N(packs_door), N(packs_visit);
	N(assigned);
#undef N
	json_end_obj(b);
	reply_json(out, 200);
}

static void host_json(struct jbuf *b, const struct tours_view *v, int h)
{
	const struct tours_host_day *d = &v->host[h];

	json_obj(b);
	json_key(b, "place");
	json_str(b, d->place);
	json_key(b, "company");
	json_str(b, d->company);
	json_key(b, "company_name");
	json_str(b, d->company_name);
	json_key(b, "industry");
	json_str(b, d->industry);
	json_key(b, "date");
	json_str(b, d->date);
	json_key(b, "capacity");
	json_int(b, d->capacity);
	json_key(b, "assigned");
	json_int(b, d->assigned);
	json_key(b, "students");
	json_arr(b);
	for (int a = 0; a < v->nvisits; a++) {
		const struct tours_view_student *s;

		if (v->visit_host[a] != h)
			continue;
		s = &v->student[v->visit_student[a]];
		json_obj(b);
		json_key(b, "id");
		json_str(b, s->id);
		json_key(b, "name");
		json_str(b, s->name);
		json_key(b, "school");
		json_str(b, s->school);
		json_end_obj(b);
	}
	json_end_arr(b);
	json_end_obj(b);
}

void console_tour_plan(struct store *st, struct console_reply *out)
{
	struct fair_err err = { "" };
	struct tours_view v;
	struct jbuf *b = &out->body;
	char visits[16] = "";
	long planned = 0;

	if (tours_view_load(st, &v, &err)) {
		reply_error(out, 500, err.msg);
		return;
	}
	tours_setting_get(st, TOURS_KEY_VISITS, visits, sizeof(visits));
	json_obj(b);
	json_key(b, "visits");
	json_int(b, strtol(visits, NULL, 10));
	json_key(b, "students");
	json_int(b, v.nstudents);
	for (int s = 0; s < v.nstudents; s++)
		planned += v.student[s].visits > 0;
	json_key(b, "planned");
	json_int(b, planned);
	json_key(b, "hosts");
	json_arr(b);
	for (int h = 0; h < v.nhosts; h++)
		host_json(b, &v, h);
	json_end_arr(b);
	json_end_obj(b);
	tours_view_free(&v);
	reply_json(out, 200);
}

/* ---- jobs ------------------------------------------------------------- */

/* err's reasons, one a line (tours_solve says each in numbers), as an
 * array. */
static void reasons_json(struct jbuf *b, const char *msg)
{
	const char *p = msg;

	json_key(b, "reasons");
	json_arr(b);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (n)
			json_strn(b, p, n);
		p += n + (nl != NULL);
	}
	json_end_arr(b);
}

static bool form_int(const struct console_req *r, const char *key,
		     long long lo, long long hi, long long *out)
{
	char v[32], *end;
	long long x;

	if (!console_form_get(r, key, v, sizeof(v)) || !v[0])
		return false;
	x = strtoll(v, &end, 10);
	if (*end || x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static void api_assign(struct console *c, const struct console_req *r,
		       struct console_reply *out)
{
	struct tours_assign_opts o = { .now_ms = clock_wall_ms() };
	struct tours_assign_result res;
	struct fair_err err = { "" };
	struct jbuf *b = &out->body;
	long long visits = 3, seed;
	char flag[8];
	int rc;

	if (console_form_get(r, "visits", flag, sizeof(flag)) &&
	    !form_int(r, "visits", 1, 30, &visits)) {
		reply_error(out, 400, "visits must be a number from 1 to 30");
		return;
	}
	if (!form_int(r, "seed", 0, 999999999999LL, &seed))
		seed = sodium_init() < 0 ? (long long)o.now_ms % 1000000000
					 : randombytes_uniform(1000000000u);
	o.visits = (int)visits;
	o.seed = (uint64_t)seed;
	o.reassign = console_form_get(r, "reassign", flag, sizeof(flag)) &&
		     !strcmp(flag, "1");
	rc = tours_assign(c->wst, &o, &res, &err);
	json_obj(b);
	json_key(b, "ok");
	json_bool(b, rc == 0);
	json_key(b, "visits");
	json_int(b, o.visits);
	json_key(b, "seed");
	json_int(b, seed);
	if (rc) {
		json_key(b, "error");
		json_str(b, err.msg);
		reasons_json(b, err.msg);
	} else {
		json_key(b, "students");
		json_int(b, res.students);
		json_key(b, "kept");
		json_int(b, res.kept);
		json_key(b, "assigned");
		json_int(b, res.assigned);
		json_key(b, "voided");
		json_int(b, res.voided);
		json_key(b, "host_days");
		json_int(b, res.host_days);
	}
	json_end_obj(b);
	reply_json(out, rc == 0 ? 200 : rc == FAIR_EIO || rc == FAIR_ENOMEM ?
				 500 : 422);
}

static void api_move(struct console *c, const struct console_req *r,
		     struct console_reply *out)
{
	char who[64], from[16], company[64], date[16];
	struct tours_move mv = { who, from, company, date };
	struct tours_report rep;
	struct fair_err err = { "" };
	struct jbuf *b = &out->body;
	int rc;

	if (!console_form_get(r, "attendee", who, sizeof(who)) ||
	    !console_form_get(r, "from", from, sizeof(from)) ||
	    !console_form_get(r, "company", company, sizeof(company)) ||
	    !console_form_get(r, "date", date, sizeof(date))) {
		reply_error(out, 400, "attendee, from, company and date are "
			    "needed");
		return;
	}
	rc = tours_move(c->wst, &mv, clock_wall_ms(), &rep, &err);
	json_obj(b);
	json_key(b, "ok");
	json_bool(b, rc == 0);
	json_key(b, "attendee");
	json_str(b, who);
	json_key(b, "company");
	json_str(b, company);
	json_key(b, "date");
	json_str(b, date);
	if (rc) {
		json_key(b, "error");
		json_str(b, err.msg);
		json_key(b, "reasons");
		json_arr(b);
		for (int i = 0; i < rep.nmessages; i++)
			json_str(b, rep.messages[i]);
		json_end_arr(b);
	}
	json_end_obj(b);
	tours_report_release(&rep);
	reply_json(out, rc == 0 ? 200 : rc == FAIR_EIO || rc == FAIR_ENOMEM ?
				 500 : 422);
}

static void export_plan_xlsx(struct console *c, struct console_reply *out)
{
	struct fair_err err = { "" };
	char path[4200];
	long rows;

	console_tmp_path(c, ".xlsx", path, sizeof(path));
	if (tours_plan_export(c->wst, TOUR_XLSX, path, &rows, &err)) {
		unlink(path);
		reply_error(out, 422, err.msg);
		return;
	}
	reply_file(out, path, "application/vnd.openxmlformats-officedocument."
		   "spreadsheetml.sheet", "tour-plan.xlsx");
}

bool console_api_tours(struct console *c, const struct console_req *r,
		       struct console_reply *out)
{
	bool post = !strcmp(r->method, "POST");

	if (post && !strcmp(r->path, "/api/assign"))
		api_assign(c, r, out);
	else if (post && !strcmp(r->path, "/api/tour-move"))
		api_move(c, r, out);
	else if (!post && !strcmp(r->path, "/export/tour-plan.xlsx"))
		export_plan_xlsx(c, out);
	else
		return false;
	return true;
}
