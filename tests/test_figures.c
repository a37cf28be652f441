/* test_figures.c: the report's counts from a real event database: first
 * arrivals by venue hour across a venue midnight (the calendar's day, not
 * UTC's), a voided scan left out, a company's places only; places with
 * their visitors, by kind and company; a callback that stops the walk. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "organizer_fixture.h"
#include "fair/caltime.h"
#include "fair/figures.h"

struct world {
	struct fx_ids ids;
	struct store *ev;
};

static int64_t T(int minutes) /* minutes after 2026-12-05 10:00 JST */
{
	return fx_base_ms() + minutes * FX_MIN;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct fx_ids *i = &w->ids;
	struct fair_err e = { "" };
	struct fact f, v;

	fx_mkdir();
	w->ev = fx_event("event.db", i);
	/* 10:00 and 10:59 at the entrance: hour 10 has 2 */
	fx_add(w->ev, fx_fact("ent", i->entrance, i->student[0], 1, T(0),
			      "b0", 1));
	fx_add(w->ev, fx_fact("ent", i->entrance, i->student[1], 1, T(59),
			      "b0", 2));
	/* student 0 again later: only the first check-in is an arrival */
	fx_add(w->ev, fx_fact("k1", i->booth1, i->student[0], 1, T(90),
			      "b1", 1));
	/* 23:59 and 00:00 venue time: two days (UTC sees one, 14:59/15:00) */
	fx_add(w->ev, fx_fact("ent", i->entrance, i->student[2], 1, T(839),
			      "b0", 3));
	fx_add(w->ev, fx_fact("ent", i->entrance, i->student[3], 1, T(840),
			      "b0", 4));
	/* a booth 2 scan voided by staff: no arrival, no visitor */
	f = fx_fact("k2", i->booth2, i->student[4], 1, T(30), "b2", 1);
	assert_int_equal(store_fact_append(w->ev, &f, &e), 0); /* its uuid */
	v = fx_fact("k2", i->booth2, i->student[4], 1, T(31), "b2", 2);
	v.kind = FACT_VOID;
	memcpy(v.voids, f.uuid, FACT_UUID_BYTES);
	fx_add(w->ev, v);
	/* company 1's session at 12:10 */
	fx_add(w->ev, fx_fact("k3", i->session1, i->student[5], 1, T(130),
			      "b3", 1));
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_close(w->ev);
	free(w);
	fx_rm_dir();
	return 0;
}

struct got {
	char rows[16][64];
	int n, stop_after;
};

static int on_hour(int64_t day, int hour, long n, void *ctx)
{
	struct got *g = ctx;
	char date[11];

	cal_format_day(day, date);
	assert_true(g->n < 16);
	snprintf(g->rows[g->n++], sizeof(g->rows[0]), "%s %02d %ld", date,
		 hour, n);
	return g->stop_after && g->n == g->stop_after ? 7 : 0;
}

static void test_arrivals_by_venue_hour(void **state)
{
	struct world *w = *state;
	struct fair_err e = { "" };
	struct got g = { 0 };

	assert_int_equal(figures_arrivals_by_hour(w->ev, 540, 0, on_hour, &g,
						  &e), 0);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.rows[0], "2026-12-05 10 2");
	assert_string_equal(g.rows[1], "2026-12-05 12 1");
	assert_string_equal(g.rows[2], "2026-12-05 23 1");
	assert_string_equal(g.rows[3], "2026-12-06 00 1");
}

static void test_arrivals_at_a_company(void **state)
{
	struct world *w = *state;
	struct fair_err e = { "" };
	struct got g = { 0 };

	/* company 1: booth 1 (student 0 at 11:30) and its session (12:10);
	 * student 0's entrance scan is not company 1's */
	assert_int_equal(figures_arrivals_by_hour(w->ev, 540,
						  w->ids.company1, on_hour,
						  &g, &e), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[0], "2026-12-05 11 1");
	assert_string_equal(g.rows[1], "2026-12-05 12 1");
	g.n = 0; /* company 2: its only scan was voided */
	assert_int_equal(figures_arrivals_by_hour(w->ev, 540,
						  w->ids.company2, on_hour,
						  &g, &e), 0);
	assert_int_equal(g.n, 0);
}

static void test_callback_stops(void **state)
{
	struct world *w = *state;
	struct fair_err e = { "" };
	struct got g = { .stop_after = 2 };

	assert_int_equal(figures_arrivals_by_hour(w->ev, 540, 0, on_hour, &g,
						  &e), 7);
	assert_int_equal(g.n, 2);
}

static int on_place(const struct fig_place *p, void *ctx)
{
	struct got *g = ctx;

	assert_true(g->n < 16);
	snprintf(g->rows[g->n++], sizeof(g->rows[0]), "%s %s %ld", p->kind,
		 p->ext_id, p->visitors);
	return 0;
}

static void test_places(void **state)
{
	struct world *w = *state;
	struct fair_err e = { "" };
	struct got g = { 0 };

	assert_int_equal(figures_places(w->ev, "booth", 0, on_place, &g, &e),
			 0);
	assert_int_equal(g.n, 2);
	/* by name: "Example booth" before "テスト ブース" */
	assert_string_equal(g.rows[0], "booth booth:C002 0"); /* voided */
	assert_string_equal(g.rows[1], "booth booth:C001 1");
	g.n = 0;
	assert_int_equal(figures_places(w->ev, NULL, w->ids.company1,
					on_place, &g, &e), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.rows[0], "booth booth:C001 1");
	assert_string_equal(g.rows[1], "session session:S1 1");
	g.n = 0;
	assert_int_equal(figures_places(w->ev, "visit", 0, on_place, &g, &e),
			 0);
	assert_int_equal(g.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_arrivals_by_venue_hour,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_arrivals_at_a_company,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_stops, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_places, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
