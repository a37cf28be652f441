/* test_kpi.c: the funder's figures (fair/kpi.h) on a small real event:
 * what counts as came, means and medians, visitors per company, small
 * counts suppressed, targets and their refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "organizer_fixture.h"
#include "fair/kpi.h"

struct world {
	struct fx_ids ids;
	struct store *ev;
	struct kpi_report rep;
};

static int64_t T(int minutes)
{
	return fx_base_ms() + minutes * FX_MIN;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct fact f, v;
	struct fair_err e = { "" };

	fx_mkdir();
	w->ev = fx_event("event.db", &w->ids);
	/* six of eight came; 0 saw both booths, 1 and 2 one booth */
	for (int i = 0; i < 6; i++)
		fx_add(w->ev, fx_fact("k", w->ids.entrance, w->ids.student[i],
				      1, T(i), "b", i));
	for (int i = 0; i < 3; i++)
		fx_add(w->ev, fx_fact("k", w->ids.booth1, w->ids.student[i],
				      1, T(10 + i), "b", 10 + i));
	fx_add(w->ev, fx_fact("k", w->ids.booth2, w->ids.student[0], 1, T(20),
			      "b", 20));
	fx_add(w->ev, fx_fact("k", w->ids.session1, w->ids.student[1], 1,
			      T(21), "b", 21));
	/* student 7's only scan was voided: not came */
	f = fx_fact("k", w->ids.booth1, w->ids.student[7], 1, T(30), "b", 30);
	fx_must(store_fact_append(w->ev, &f, &e), &e);
	v = fx_fact("k", 0, 0, 1, T(31), "b", 31);
	v.kind = FACT_VOID;
	memcpy(v.voids, f.uuid, sizeof(v.voids));
	fx_add(w->ev, v);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	kpi_report_free(&w->rep);
	store_close(w->ev);
	free(w);
	return 0;
}

static const struct kpi_row *row(const struct kpi_report *rep,
				 const char *name)
{
	for (int i = 0; i < rep->nrows; i++)
		if (!strcmp(rep->rows[i].indicator, name))
			return &rep->rows[i];
	fail_msg("no row '%s'", name);
	return NULL;
}

static void test_figures(void **state)
{
	struct world *w = *state;
	struct fair_err e = { "" };
	const struct kpi_row *r;
	char text[64];

	fx_must(kpi_compute(w->ev, NULL, &w->rep, &e), &e);
	assert_int_equal(row(&w->rep, "来場学生数")->value, 6);
	assert_int_equal(row(&w->rep, "事前登録学生数")->value, 8);
	assert_int_equal(row(&w->rep, "当日登録学生数")->value, 0);
	assert_int_equal(row(&w->rep, "参加企業数")->value, 2);
	r = row(&w->rep, "1人あたり訪問ブース数（平均）");
	assert_true(r->headline && kpi_on_summary(r));
	assert_float_equal(r->value, 4.0 / 6, 1e-9);
	/* 0 0 0 1 1 2 */
	r = row(&w->rep, "1人あたり訪問ブース数（中央値）");
	assert_float_equal(r->value, 0.5, 1e-9);
	assert_int_equal(row(&w->rep, "訪問ブース数:0")->value, 3);
	r = row(&w->rep, "1人あたり参加セッション数（平均）");
	assert_float_equal(r->value, 1.0 / 6, 1e-9);
	/* company 1: booth and session, students 0 1 2; company 2: 0 */
	assert_float_equal(row(&w->rep, "企業あたり来訪学生数（平均）")->value,
			   2, 1e-9);
	r = row(&w->rep, "企業あたり来訪学生数（最小）");
	assert_int_equal(r->value, 1);
	r = row(&w->rep, "企業あたり来訪学生数（最大）");
	assert_int_equal(r->value, 3);
	/* school type from the name: all six at a 大学; under 5 hidden */
	r = row(&w->rep, "学校種別:大学");
	assert_int_equal(r->value, 6);
	assert_false(r->suppressed);
	r = row(&w->rep, "訪問ブース数:1");
	assert_int_equal(r->value, 2);
	assert_true(r->suppressed);
	kpi_value_text(&w->rep, r, text, sizeof(text));
	assert_string_equal(text, "<5");
	/* no answers, no tours: no mean to show */
	r = row(&w->rep, "満足度（平均評価）");
	assert_true(r->na);
	kpi_value_text(&w->rep, r, text, sizeof(text));
	assert_string_equal(text, "-");
	assert_string_equal(row(&w->rep, "実施形態")->text,
			    "設定なし（採用目的の合同企業説明会）");
}

static void test_min_count(void **state)
{
	struct world *w = *state;
	struct kpi_opts o = { .min_count = 1 };
	struct fair_err e = { "" };

	fx_must(kpi_compute(w->ev, &o, &w->rep, &e), &e);
	assert_false(row(&w->rep, "訪問ブース数:1")->suppressed);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_targets(void **state)
{
	struct world *w = *state;
	struct fair_err e = { "" };
	const struct kpi_row *r;
	char path[512], text[64];

	fx_must(kpi_compute(w->ev, NULL, &w->rep, &e), &e);
	fx_path(path, sizeof(path), "bad.csv");
	write_file(path, "指標,目標\n来場学生数,10\nほげ,1\n");
	assert_int_equal(kpi_targets_read(&w->rep, path, &e), FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "1 unknown indicator: 'ほげ'"));
	assert_false(row(&w->rep, "来場学生数")->has_target); /* nothing */
	/* one too long for any indicator is unknown too, not skipped */
	write_file(path, "指標,目標\n来場学生数,10\n"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   ",1\n");
	assert_int_equal(kpi_targets_read(&w->rep, path, &e), FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "1 unknown indicator: 'xxx"));
	assert_false(row(&w->rep, "来場学生数")->has_target);
	fx_path(path, sizeof(path), "good.csv");
	write_file(path, "\xEF\xBB\xBF目標,指標\r\n１０人,来場学生数\r\n"
		   "50%,来場率（事前登録者）\r\n5,訪問ブース数:1\r\n");
	fx_must(kpi_targets_read(&w->rep, path, &e), &e);
	r = row(&w->rep, "来場学生数");
	assert_true(r->has_target && r->has_ratio);
	assert_float_equal(r->ratio, 0.6, 1e-9);
	kpi_ratio_text(r, text, sizeof(text));
	assert_string_equal(text, "60.0%");
	r = row(&w->rep, "来場率（事前登録者）");
	assert_float_equal(r->target, 0.5, 1e-9);
	assert_float_equal(r->ratio, (6.0 / 8) / 0.5, 1e-9);
	/* a suppressed count gets its target but never a ratio */
	r = row(&w->rep, "訪問ブース数:1");
	assert_true(r->has_target && kpi_on_summary(r));
	assert_false(r->has_ratio);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_min_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_targets, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
