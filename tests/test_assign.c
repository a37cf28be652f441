/* test_assign.c: the tour planner (fair/tours.h). The solver on generated
 * events, checked for every rule of a plan; host days and hand-edited plans
 * through real SQLite files, refused by line. */
#include "testutil.h"

#include "fair/brain.h"
#include "fair/import.h"
#include "fair/tourdata.h"
#include "fair/tours.h"

/* ---- generated problems --------------------------------------------- */

struct gen {
	struct tours_problem p;
	struct tours_slot slot[1024];
	int kept_s[8192], kept_v[8192];
};

static uint64_t g_rng;

static int g_below(int n)
{
	g_rng = g_rng * 6364136223846793005ull + 1442695040888963407ull;
	return (int)((g_rng >> 33) % (uint64_t)n);
}

/* students, companies, days, visits; industries cycle over nind, the last
 * company gets an industry of its own; each company hosts on hosts_each
 * days with capacity lo..hi. */
static void gen_make(struct gen *g, int students, int companies, int days,
		     int visits, int nind, int hosts_each, int lo, int hi,
		     uint64_t seed)
{
	memset(g, 0, sizeof(*g));
	g_rng = seed;
	for (int c = 0; c < companies; c++) {
		int ind = c == companies - 1 ? nind : c % nind;
		int first = g_below(days);

		for (int h = 0; h < hosts_each; h++) {
			struct tours_slot *s = &g->slot[g->p.nslots++];

			s->day = (first + h) % days;
			s->industry = ind;
			s->company = c;
			s->capacity = lo + g_below(hi - lo + 1);
		}
	}
	g->p.nstudents = students;
	g->p.ndays = days;
	g->p.nindustries = nind + 1;
	g->p.visits = visits;
	g->p.slot = g->slot;
	g->p.kept_student = g->kept_s;
	g->p.kept_slot = g->kept_v;
	g->p.seed = 42;
}

/* Every rule of a plan over kept + new; returns the loads in load[]. */
static void check_plan(const struct gen *g, const struct tours_plan *pl,
		       int *load)
{
	const struct tours_problem *p = &g->p;
	int *count = calloc((size_t)p->nstudents, sizeof(int));
	int *first = malloc(sizeof(int) * (size_t)p->nstudents * 64);
	int *day_students = calloc((size_t)p->ndays, sizeof(int));

	assert_non_null(count);
	assert_non_null(first);
	memset(load, 0, sizeof(int) * (size_t)p->nslots);
	for (int k = 0; k < p->nkept + pl->n; k++) {
		int s = k < p->nkept ? p->kept_student[k]
				     : pl->student[k - p->nkept];
		int v = k < p->nkept ? p->kept_slot[k] : pl->slot[k - p->nkept];

		assert_true(s >= 0 && s < p->nstudents);
		assert_true(v >= 0 && v < p->nslots);
		for (int j = 0; j < count[s]; j++) {
			const struct tours_slot *a =
				&p->slot[first[s * 64 + j]];

			assert_int_not_equal(a->day, p->slot[v].day);
			assert_int_not_equal(a->industry, p->slot[v].industry);
			assert_int_not_equal(a->company, p->slot[v].company);
		}
		first[s * 64 + count[s]++] = v;
		load[v]++;
		day_students[p->slot[v].day]++;
	}
	for (int s = 0; s < p->nstudents; s++)
		assert_int_equal(count[s], p->visits);
	for (int v = 0; v < p->nslots; v++)
		assert_true(load[v] <= p->slot[v].capacity);
	/* as even as capacities allow: a host day two below another is full,
	 * or every student is on its day already */
	for (int a = 0; a < p->nslots; a++)
		for (int b = 0; b < p->nslots; b++)
			if (load[a] + 1 < load[b])
				assert_true(load[a] == p->slot[a].capacity ||
					    day_students[p->slot[a].day] ==
					    p->nstudents);
	free(count);
	free(first);
	free(day_students);
}

static void test_plan_rules_hold(void **state)
{
	static struct gen g;
	struct tours_plan pl;
	struct fair_err err = { "" };
	int load[1024];

	(void)state;
	/* 300 students, 40 companies in 6 industries + one alone, 5 days,
	 * 3 visits, 2 host days each, capacities 8..30 */
	gen_make(&g, 300, 40, 5, 3, 6, 2, 8, 30, 7);
	assert_int_equal(tours_solve(&g.p, &pl, &err), 0);
	assert_int_equal(pl.n, 300 * 3);
	check_plan(&g, &pl, load);
	tours_plan_free(&pl);
}

static void test_plan_uneven_and_tight(void **state)
{
	static struct gen g;
	struct tours_plan pl;
	struct fair_err err = { "" };
	int load[1024];

	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		/* uneven capacities 2..60, more days than visits */
		gen_make(&g, 500, 60, 6, 3, 8, 3, 2, 60, seed);
		g.p.seed = seed;
		assert_int_equal(tours_solve(&g.p, &pl, &err), 0);
		check_plan(&g, &pl, load);
		tours_plan_free(&pl);
	}
	/* three days, three visits: every student every day */
	gen_make(&g, 200, 30, 3, 3, 5, 3, 10, 12, 3);
	assert_int_equal(tours_solve(&g.p, &pl, &err), 0);
	check_plan(&g, &pl, load);
	tours_plan_free(&pl);
}

static void test_same_seed_same_plan(void **state)
{
	static struct gen g;
	struct tours_plan a, b, c;
	struct fair_err err = { "" };

	(void)state;
	gen_make(&g, 250, 35, 5, 3, 5, 2, 10, 25, 11);
	assert_int_equal(tours_solve(&g.p, &a, &err), 0);
	assert_int_equal(tours_solve(&g.p, &b, &err), 0);
	g.p.seed = 43;
	assert_int_equal(tours_solve(&g.p, &c, &err), 0);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.student, b.student, sizeof(int) * (size_t)a.n);
	assert_memory_equal(a.slot, b.slot, sizeof(int) * (size_t)a.n);
	assert_int_equal(a.n, c.n);
	assert_true(memcmp(a.slot, c.slot, sizeof(int) * (size_t)a.n) ||
		    memcmp(a.student, c.student, sizeof(int) * (size_t)a.n));
	tours_plan_free(&a);
	tours_plan_free(&b);
	tours_plan_free(&c);
}

static void test_kept_visits_stay(void **state)
{
	static struct gen g;
	struct tours_plan first, second;
	struct fair_err err = { "" };
	int load[1024];

	(void)state;
	gen_make(&g, 200, 30, 4, 3, 5, 2, 10, 30, 5);
	g.p.nstudents = 100;
	assert_int_equal(tours_solve(&g.p, &first, &err), 0);
	/* the first 100 keep theirs; 100 more join, and student 0 lost one */
	for (int i = 0; i < first.n; i++) {
		if (first.student[i] == 0 && g.p.nkept &&
		    g.kept_s[g.p.nkept - 1] == 0)
			continue;
		g.kept_s[g.p.nkept] = first.student[i];
		g.kept_v[g.p.nkept++] = first.slot[i];
	}
	g.p.nstudents = 200;
	g.p.seed = 9;
	assert_int_equal(tours_solve(&g.p, &second, &err), 0);
	check_plan(&g, &second, load);
	for (int i = 0; i < second.n; i++)
		assert_true(second.student[i] >= 100 || second.student[i] == 0);
	tours_plan_free(&first);
	tours_plan_free(&second);
}

static void test_impossible_explained(void **state)
{
	static struct gen g;
	static const char *const days[] = { "2026-12-07", "2026-12-08",
					    "2026-12-09" };
	struct tours_plan pl;
	struct fair_err err = { "" };

	(void)state;
	/* three days, three visits, 60 students: the 8th has 48 seats */
	gen_make(&g, 60, 9, 3, 3, 9, 1, 20, 20, 1);
	for (int v = 0; v < g.p.nslots; v++) {
		g.slot[v].day = v % 3;
		g.slot[v].industry = v;
		g.slot[v].capacity = g.slot[v].day == 1 ? 16 : 30;
	}
	g.p.nindustries = 10;
	g.p.day_name = days;
	assert_int_equal(tours_solve(&g.p, &pl, &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "2026-12-08: 60 students, 48 seats"));
	assert_int_equal(pl.n, 0);

	/* too few seats in all */
	gen_make(&g, 100, 10, 5, 3, 9, 1, 10, 10, 1);
	assert_int_equal(tours_solve(&g.p, &pl, &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "all days: 300 visits needed, 100 "
			       "seats"));

	/* two industries cannot give three different ones */
	gen_make(&g, 10, 10, 5, 3, 1, 3, 10, 10, 1);
	g.p.nindustries = 2;
	for (int v = 0; v < g.p.nslots; v++)
		g.slot[v].industry = g.slot[v].company % 2;
	assert_int_equal(tours_solve(&g.p, &pl, &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "industries: 3 visits each need 3 "
			       "industries"));

	/* an industry with one company cannot take every student twice */
	gen_make(&g, 50, 3, 3, 3, 3, 3, 50, 50, 1);
	for (int v = 0; v < g.p.nslots; v++)
		g.slot[v].industry = g.slot[v].company == 0 ? 0 : 1;
	g.p.nindustries = 2;
	assert_int_equal(tours_solve(&g.p, &pl, &err), FAIR_EINVAL);
}

/* ---- through the database ------------------------------------------- */

static char *g_dir;

static struct store *tour_event(void)
{
	char path[512], csv[512];
	struct fair_err err = { "" };
	struct import_report rep;
	struct store *st;
	FILE *f;

	g_dir = tu_tmpdir();
	tu_path(path, sizeof(path), g_dir, "ev.db");
	st = store_open(path, STORE_CREATE, &err);
	assert_non_null(st);
	assert_int_equal(store_event_create(st, "ツアー", "2026-12-07",
					    "2026-12-09", &err), 0);
	tu_path(csv, sizeof(csv), g_dir, "c.csv");
	f = fopen(csv, "w");
	fputs("企業ID,企業名,業種\nA,エー,製造\nB,ビー,IT\nC,シー,建設\n"
	      "D,ディー,製造\n", f);
	fclose(f);
	assert_int_equal(import_csv(st, IMPORT_COMPANIES, csv, NULL, &rep,
				    &err), 0);
	import_report_release(&rep);
	f = fopen(csv, "w");
	fputs("受付番号,氏名\nS1,一\nS2,二\nS3,三\nS4,四\n", f);
	fclose(f);
	assert_int_equal(import_csv(st, IMPORT_STUDENTS, csv, NULL, &rep,
				    &err), 0);
	import_report_release(&rep);
	return st;
}

static int write_file(const char *name, const char *text, char *path,
		      size_t cap)
{
	FILE *f;

	tu_path(path, cap, g_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	return fclose(f);
}

static void test_hosts_all_or_nothing(void **state)
{
	struct store *st = tour_event();
	struct tours_report rep;
	struct fair_err err = { "" };
	struct place p;
	char path[512];

	(void)state;
	write_file("h.csv", "企業ID,日付,定員,開始,終了\n"
		   "A,2026-12-07,2,10:00,16:00\n"
		   "Z,2026-12-07,2,10:00,16:00\n"
		   "B,2026-12-10,2,10:00,16:00\n"
		   "C,2026-12-08,０,,\n"
		   "A,2026/12/7,3,,\n", path, sizeof(path));
	assert_int_equal(tours_import_hosts(st, path, "h.csv", &rep, &err),
			 FAIR_EINVAL);
	assert_int_equal(rep.refused, 4);
	assert_string_equal(rep.messages[0], "h.csv:3: company 'Z' is not "
			    "imported (fairsync import companies first)");
	assert_non_null(strstr(rep.messages[1], "h.csv:4: 日付 (date) "
			       "2026-12-10 is outside"));
	assert_non_null(strstr(rep.messages[2], "h.csv:5: 定員"));
	assert_non_null(strstr(rep.messages[3], "h.csv:6: A:2026-12-07 "
			       "hosts on that date already (row 2)"));
	assert_int_equal(store_place_by_ext(st, "visit:A:2026-12-07", &p),
			 FAIR_ENOENT);
	tours_report_release(&rep);
	/* a quoted note over two lines: rows as Excel numbers them */
	write_file("h.csv", "企業ID,日付,定員,備考\n"
		   "A,2026-12-07,2,\"午前\n午後\"\n"
		   "Z,2026-12-07,2,\n", path, sizeof(path));
	assert_int_equal(tours_import_hosts(st, path, "h.csv", &rep, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(rep.messages[0], "h.csv:3: company 'Z'"));
	tours_report_release(&rep);

	write_file("h.csv", "company,date,capacity,start,end\n"
		   "A,2026-12-07,2,10:00,16:00\nB,2026-12-08,2,,\n"
		   "C,2026-12-09,2,,\nD,2026-12-08,2,,\nB,2026-12-07,2,,\n"
		   "C,2026-12-07,2,,\nA,2026-12-09,2,,\n", path, sizeof(path));
	assert_int_equal(tours_import_hosts(st, path, NULL, &rep, &err), 0);
	assert_int_equal(rep.imported, 7);
	assert_int_equal(store_place_by_ext(st, "visit:A:2026-12-07", &p), 0);
	assert_int_equal(p.kind, PLACE_VISIT);
	assert_int_equal(p.capacity, 2);
	assert_true(p.exit_tracking);
	tours_report_release(&rep);
	store_close(st);
	tu_rmdir(g_dir);
}

static void test_plan_import_refused_by_line(void **state)
{
	struct store *st = tour_event();
	struct tours_assign_opts o = { .visits = 2, .seed = 1,
				       .now_ms = T_EVENT_DAY_10AM };
	struct tours_assign_result res;
	struct tours_report rep;
	struct fair_err err = { "" };
	char path[512], plan[512];
	long rows;

	(void)state;
	write_file("h.csv", "company,date,capacity\n"
		   "A,2026-12-07,2\nB,2026-12-08,3\nC,2026-12-09,3\n"
		   "D,2026-12-08,3\nB,2026-12-07,3\nC,2026-12-07,3\n"
		   "A,2026-12-09,3\n", path, sizeof(path));
	assert_int_equal(tours_import_hosts(st, path, NULL, &rep, &err), 0);
	tours_report_release(&rep);
	assert_int_equal(tours_assign(st, &o, &res, &err), 0);
	assert_int_equal(res.assigned, 8);
	tu_path(plan, sizeof(plan), g_dir, "plan.csv");
	assert_int_equal(tours_plan_write(st, plan, &rows, &err), 0);
	assert_int_equal(rows, 8);
	/* the same plan loads back and changes nothing */
	assert_int_equal(tours_import_plan(st, plan, "plan.csv", 2,
					   T_EVENT_DAY_10AM, &rep, &err), 0);
	assert_int_equal(rep.imported, 0);
	tours_report_release(&rep);

	write_file("bad.csv", "attendee,date,company\n"
		   "S1,2026-12-07,A\nS1,2026-12-09,A\n"      /* same company */
		   "S2,2026-12-08,B\nS2,2026-12-08,D\n"      /* same day */
		   "S3,2026-12-07,A\nS3,2026-12-08,D\n"      /* same industry */
		   "S4,2026-12-07,A\nS4,2026-12-10,B\n"      /* no host */
		   "S9,2026-12-07,B\n", path, sizeof(path)); /* unknown */
	assert_int_equal(tours_import_plan(st, path, "bad.csv", 2,
					   T_EVENT_DAY_10AM, &rep, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(rep.messages[0], "bad.csv:3: S1 already "
			       "visits A"));
	assert_non_null(strstr(rep.messages[1], "bad.csv:5: S2 already "
			       "visits on 2026-12-08 (row 4)"));
	assert_non_null(strstr(rep.messages[2], "bad.csv:7: S3 already "
			       "visits A, of the same industry (製造)"));
	assert_string_equal(rep.messages[3], "bad.csv:9: company 'B' hosts "
			    "no visit on 2026-12-10");
	assert_string_equal(rep.messages[4], "bad.csv:10: 'S9' is not a "
			    "student of this event");
	/* A on the 7th now holds S1, S3, S4: over its 2 seats */
	assert_string_equal(rep.messages[5], "bad.csv:8: A on 2026-12-07 is "
			    "over its 2 seats");
	tours_report_release(&rep);

	/* a good edit moves S1 and is recorded */
	write_file("edit.csv", "受付番号,日付,企業ID,氏名\n"
		   "S1,2026-12-08,B,一\nS1,2026-12-09,C,一\n", path,
		   sizeof(path));
	assert_int_equal(tours_import_plan(st, path, NULL, 2,
					   T_EVENT_DAY_10AM, &rep, &err), 0);
	tours_report_release(&rep);
	assert_int_equal(tours_plan_write(st, plan, &rows, &err), 0);
	assert_int_equal(rows, 8);
	{
		char buf[4096] = "";
		FILE *f = fopen(plan, "r");

		assert_non_null(f);
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
		fclose(f);
		assert_non_null(strstr(buf, "S1,2026-12-08,B,"));
		assert_non_null(strstr(buf, "S1,2026-12-09,C,"));
		assert_memory_equal(buf, "\xEF\xBB\xBF" "attendee,date,company",
				    24);
	}
	/* --reassign voids all and plans afresh */
	o.reassign = true;
	o.seed = 2;
	assert_int_equal(tours_assign(st, &o, &res, &err), 0);
	assert_int_equal(res.voided, 8);
	assert_int_equal(res.assigned, 8);
	store_close(st);
	tu_rmdir(g_dir);
}

/* A visit kiosk: follows its company's days, enters then exits, never
 * refuses, flags a student the plan does not expect; counts for the idle
 * screen and the staff's list of who is missing. */
static int g_missing, g_came;

static void on_expected(const struct attendee *a, bool arrived, void *ctx)
{
	(void)a;
	(void)ctx;
	if (arrived)
		g_came++;
	else
		g_missing++;
}

static void test_visit_kiosk(void **state)
{
	struct store *st = tour_event();
	struct tours_report rep;
	struct fair_err err = { "" };
	struct checkin_ctx ctx;
	struct checkin_result res;
	struct rules_config cfg = { .dedupe_s = 60, .grace_s = 0,
				    .direction = 1 };
	struct visit_counts vc;
	struct place p;
	char path[512], badge[TOKEN_TEXT_MAX], other[TOKEN_TEXT_MAX];
	/* 2026-12-08 10:00 JST */
	int64_t day2 = 1796432400000LL + 3 * 86400000LL;

	(void)state;
	write_file("h.csv", "company,date,capacity\n"
		   "A,2026-12-07,1\nA,2026-12-08,1\nB,2026-12-08,5\n", path,
		   sizeof(path));
	assert_int_equal(tours_import_hosts(st, path, NULL, &rep, &err), 0);
	tours_report_release(&rep);
	write_file("p.csv", "attendee,date,company\nS1,2026-12-08,A\n", path,
		   sizeof(path));
	assert_int_equal(tours_import_plan(st, path, NULL, 1, day2, &rep,
					   &err), 0);
	tours_report_release(&rep);
	/* the bundle names the first day; the kiosk follows the clock */
	assert_int_equal(checkin_ctx_init(&ctx, st, "visit:A:2026-12-07", "v",
					  &cfg, &err), 0);
	assert_int_equal(checkin_ctx_follow_day(&ctx, day2), 0);
	assert_string_equal(ctx.place.ext_id, "visit:A:2026-12-08");
	assert_int_equal(checkin_ctx_follow_day(&ctx, day2 + 86400000LL),
			 FAIR_ENOENT);
	assert_string_equal(ctx.place.ext_id, "visit:A:2026-12-08");
	tu_badge(st, "S1", badge);
	tu_badge(st, "S2", other);
	/* expected: in, green */
	assert_int_equal(checkin_process(&ctx, badge, strlen(badge),
					 SOURCE_SCANNER, day2, 1, &res),
			 OUTCOME_ACCEPTED);
	assert_false(res.not_expected);
	assert_int_equal(res.fact.direction, 1);
	/* not expected, and the single seat taken: let in, flagged */
	assert_int_equal(checkin_process(&ctx, other, strlen(other),
					 SOURCE_SCANNER, day2 + 1000, 2, &res),
			 OUTCOME_ACCEPTED);
	assert_true(res.not_expected);
	assert_true(res.fact.flags & FACT_NOT_EXPECTED);
	/* a repeat within the window is ALREADY, later it is the exit */
	assert_int_equal(checkin_process(&ctx, badge, strlen(badge),
					 SOURCE_SCANNER, day2 + 5000, 3, &res),
			 OUTCOME_ALREADY);
	assert_int_equal(checkin_process(&ctx, badge, strlen(badge),
					 SOURCE_SCANNER, day2 + 3600000, 4,
					 &res), OUTCOME_ACCEPTED);
	assert_int_equal(res.fact.direction, -1);
	assert_false(res.fact.flags & FACT_EXIT_WITHOUT_ENTRY);
	assert_int_equal(visit_counts(st, ctx.place.id, &vc), 0);
	assert_int_equal(vc.expected, 1);
	assert_int_equal(vc.arrived, 1);
	assert_int_equal(vc.unexpected, 1);
	g_missing = g_came = 0;
	assert_int_equal(visit_expected(st, ctx.place.id, on_expected, NULL),
			 1);
	assert_int_equal(g_came, 1);
	/* B expects S3 who never comes: missing */
	assert_int_equal(store_place_by_ext(st, "visit:B:2026-12-08", &p), 0);
	write_file("p2.csv", "attendee,date,company\nS3,2026-12-08,B\n", path,
		   sizeof(path));
	assert_int_equal(tours_import_plan(st, path, NULL, 1, day2, &rep,
					   &err), 0);
	tours_report_release(&rep);
	g_missing = g_came = 0;
	assert_int_equal(visit_expected(st, p.id, on_expected, NULL), 1);
	assert_int_equal(g_missing, 1);
	store_close(st);
	tu_rmdir(g_dir);
}

/* The kiosk's brain on a visit: an accepted exit leads to the feedback
 * screen; a face and a tag are sent as ACT_FEEDBACK; skip and the time
 * limit send nothing; an entry asks nothing; rally progress is kept. */
static const struct brain_action *find_act(const struct brain_actions *o,
					   enum brain_action_kind k)
{
	for (int i = 0; i < o->n; i++)
		if (o->a[i].kind == k)
			return &o->a[i];
	return NULL;
}

static void done(struct brain *b, int dir, int64_t now,
		 struct brain_actions *out)
{
	struct brain_event ev = { .kind = EV_SCAN };

	snprintf(ev.u.scan.text, sizeof(ev.u.scan.text), "BADGE%d%lld", dir,
		 (long long)now);
	brain_step(b, &ev, now, out);
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CHECKIN_DONE;
	ev.u.done.res.outcome = OUTCOME_ACCEPTED;
	ev.u.done.res.token_parsed = true;
	ev.u.done.res.token.attendee_id = 7;
	ev.u.done.res.fact.direction = dir;
	ev.u.done.stamps = 2;
	ev.u.done.stamps_need = 3;
	brain_step(b, &ev, now + 10, out);
}

static void tick(struct brain *b, int64_t now, struct brain_actions *out)
{
	struct brain_event ev = { .kind = EV_TICK };

	brain_step(b, &ev, now, out);
}

static void tap(struct brain *b, enum brain_button id, int arg, int64_t now,
		struct brain_actions *out)
{
	struct brain_event ev = { .kind = EV_BUTTON };

	ev.u.button.id = id;
	ev.u.button.arg = arg;
	brain_step(b, &ev, now, out);
}

static void text(struct brain *b, const char *t, int64_t now,
		 struct brain_actions *out)
{
	struct brain_event ev = { .kind = EV_KEY_TEXT };

	snprintf(ev.u.text, sizeof(ev.u.text), "%s", t);
	brain_step(b, &ev, now, out);
}

static void cands(struct brain *b, int chars, const char *c0,
		  const char *c1, int64_t now, struct brain_actions *out)
{
	struct brain_event ev = { .kind = EV_CANDIDATES };

	ev.u.cands.chars = chars;
	ev.u.cands.n = 2;
	snprintf(ev.u.cands.text[0], sizeof(ev.u.cands.text[0]), "%s", c0);
	snprintf(ev.u.cands.text[1], sizeof(ev.u.cands.text[1]), "%s", c1);
	brain_step(b, &ev, now, out);
}

static void test_feedback_screen(void **state)
{
	static struct brain b;
	struct brain_config c = { .clock_ok = true, .result_ms = 2000,
				  .feedback_exit = true, .visit = true,
				  .ntags = 2 };
	struct brain_actions out;
	const struct brain_action *a;

	(void)state;
	snprintf(c.tags[0], sizeof(c.tags[0]), "仕事内容が分かった");
	snprintf(c.tags[1], sizeof(c.tags[1]), "社員と話せた");
	brain_init(&b, &c, 0);
	/* an entry asks nothing */
	done(&b, 1, 1000, &out);
	assert_int_equal(b.screen, SCREEN_RESULT);
	assert_int_equal(b.stamps, 2);
	assert_int_equal(b.stamps_need, 3);
	tick(&b, 4000, &out);
	assert_int_equal(b.screen, SCREEN_IDLE);
	/* an exit: the result, then the feedback screen */
	done(&b, -1, 10000, &out);
	assert_int_equal(b.screen, SCREEN_RESULT);
	tick(&b, 13000, &out);
	assert_int_equal(b.screen, SCREEN_FEEDBACK);
	tap(&b, BTN_SUBMIT, 0, 13100, &out);      /* no face yet: nothing */
	assert_null(find_act(&out, ACT_FEEDBACK));
	assert_int_equal(b.screen, SCREEN_FEEDBACK);
	tap(&b, BTN_RATING, 4, 13200, &out);
	tap(&b, BTN_TAG, 1, 13300, &out);
	tap(&b, BTN_TAG, 0, 13400, &out);
	tap(&b, BTN_TAG, 0, 13500, &out);          /* untick */
	tap(&b, BTN_SUBMIT, 0, 13600, &out);
	a = find_act(&out, ACT_FEEDBACK);
	assert_non_null(a);
	assert_int_equal(a->u.feedback.attendee_id, 7);
	assert_int_equal(a->u.feedback.rating, 4);
	assert_int_equal(a->u.feedback.tags, 2u);
	assert_int_equal(b.screen, SCREEN_IDLE);
	/* a comment on its own page: typed, kept on 完了, sent with the
	 * face; typing keeps the screen from timing out */
	done(&b, -1, 15000, &out);
	tick(&b, 18000, &out);
	assert_int_equal(b.screen, SCREEN_FEEDBACK);
	assert_string_equal(b.fb_note, "");
	assert_false(brain_wants_text(&b));   /* until the page opens */
	tap(&b, BTN_MEMO, 0, 18100, &out);
	assert_true(brain_wants_text(&b));
	tap(&b, BTN_RATING, 2, 18200, &out); /* no faces on that page */
	assert_int_equal(b.fb_rating, 0);
	text(&b, "シャチョウカ", 18100 + BRAIN_FEEDBACK_IDLE_MS - 1, &out);
	tap(&b, BTN_KEY_DAKUTEN, 0, 18100 + BRAIN_FEEDBACK_IDLE_MS, &out);
	tick(&b, 18100 + BRAIN_FEEDBACK_IDLE_MS + 10, &out);
	assert_int_equal(b.screen, SCREEN_FEEDBACK);
	tap(&b, BTN_DONE, 0, 78200, &out);
	assert_false(brain_wants_text(&b));
	assert_int_equal(b.screen, SCREEN_FEEDBACK);
	tap(&b, BTN_SUBMIT, 0, 78300, &out); /* a comment needs a face */
	assert_null(find_act(&out, ACT_FEEDBACK));
	tap(&b, BTN_RATING, 5, 78400, &out);
	tap(&b, BTN_SUBMIT, 0, 78500, &out);
	a = find_act(&out, ACT_FEEDBACK);
	assert_non_null(a);
	assert_int_equal(a->u.feedback.rating, 5);
	assert_string_equal(a->u.feedback.note, "シャチョウガ");
	assert_int_equal(b.screen, SCREEN_IDLE);
	/* the next student's screen starts without it */
	done(&b, -1, 80000, &out);
	tick(&b, 83000, &out);
	assert_string_equal(b.fb_note, "");
	tap(&b, BTN_SUBMIT, 0, 83100, &out);
	tap(&b, BTN_RATING, 1, 83200, &out);
	tap(&b, BTN_SUBMIT, 0, 83300, &out);
	assert_string_equal(find_act(&out, ACT_FEEDBACK)->u.feedback.note, "");
	/* the comment's kana converts to kanji as a name does (Anthy's
	 * candidates, segment by segment), without the name variants */
	done(&b, -1, 85000, &out);
	tick(&b, 88000, &out);
	tap(&b, BTN_MEMO, 0, 88100, &out);
	text(&b, "タカイ", 88200, &out);
	assert_string_equal(b.fb_note, "");
	assert_string_equal(b.preedit, "タカイ");
	tap(&b, BTN_CONVERT, 0, 88300, &out);
	a = find_act(&out, ACT_CONVERT);
	assert_non_null(a);
	assert_string_equal(a->u.load.query, "タカイ");
	cands(&b, 3, "高い", "多会", 88400, &out);
	assert_int_equal(b.n_cands, 2);         /* no 髙い added */
	tap(&b, BTN_CAND, 0, 88500, &out);
	assert_string_equal(b.fb_note, "高い");
	assert_string_equal(b.preedit, "");
	text(&b, "ネ", 88600, &out);
	tap(&b, BTN_DONE, 0, 88700, &out);      /* kana kept as typed */
	assert_string_equal(b.fb_note, "高いネ");
	tap(&b, BTN_RATING, 3, 88800, &out);
	tap(&b, BTN_SUBMIT, 0, 88900, &out);
	assert_string_equal(find_act(&out, ACT_FEEDBACK)->u.feedback.note,
			    "高いネ");
	/* skipped */
	done(&b, -1, 20000 + 70000, &out);
	tick(&b, 93000, &out);
	assert_int_equal(b.screen, SCREEN_FEEDBACK);
	tap(&b, BTN_SKIP, 0, 93100, &out);
	assert_null(find_act(&out, ACT_FEEDBACK));
	assert_int_equal(b.screen, SCREEN_IDLE);
	/* left alone: back to idle after the limit, nothing sent */
	done(&b, -1, 100000, &out);
	tick(&b, 103000, &out);
	tap(&b, BTN_RATING, 5, 103100, &out);
	assert_int_equal(brain_wake_at(&b), 103100 + BRAIN_FEEDBACK_IDLE_MS);
	tick(&b, 103100 + BRAIN_FEEDBACK_IDLE_MS, &out);
	assert_int_equal(b.screen, SCREEN_IDLE);
	assert_null(find_act(&out, ACT_FEEDBACK));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_rules_hold),
		cmocka_unit_test(test_plan_uneven_and_tight),
		cmocka_unit_test(test_same_seed_same_plan),
		cmocka_unit_test(test_kept_visits_stay),
		cmocka_unit_test(test_impossible_explained),
		cmocka_unit_test(test_hosts_all_or_nothing),
		cmocka_unit_test(test_plan_import_refused_by_line),
		cmocka_unit_test(test_visit_kiosk),
		cmocka_unit_test(test_feedback_screen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
