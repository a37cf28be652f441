/* test_roster.c: prefectures, school types, grades and head counts as
 * rosters write them (fair/roster.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fair/roster.h"

typedef enum roster_norm (*norm_fn)(const char *, char *, size_t);

static void expect(norm_fn fn, const char *in, enum roster_norm r,
		   const char *want)
{
	char out[64];

	assert_int_equal(fn(in, out, sizeof(out)), r);
	assert_string_equal(out, want);
}

static void test_prefecture(void **state)
{
	(void)state;
	expect(roster_prefecture, "岐阜県", ROSTER_NORM_OK, "岐阜県");
	expect(roster_prefecture, " 岐阜 ", ROSTER_NORM_OK, "岐阜県");
	expect(roster_prefecture, "東京", ROSTER_NORM_OK, "東京都");
	expect(roster_prefecture, "京都", ROSTER_NORM_OK, "京都府");
	expect(roster_prefecture, "北海道", ROSTER_NORM_OK, "北海道");
	expect(roster_prefecture, "Ｇｉｆｕ", ROSTER_NORM_OK, "岐阜県");
	expect(roster_prefecture, "gifu-ken", ROSTER_NORM_OK, "岐阜県");
	expect(roster_prefecture, "", ROSTER_NORM_EMPTY, "");
	expect(roster_prefecture, "ムー大陸", ROSTER_NORM_UNKNOWN, "ムー大陸");
	expect(roster_prefecture, "岐", ROSTER_NORM_UNKNOWN, "岐");
}

static void test_school_type(void **state)
{
	char out[32];

	(void)state;
	expect(roster_school_type, "短期大学", ROSTER_NORM_OK, "短大");
	expect(roster_school_type, "大学院", ROSTER_NORM_OK, "大学");
	expect(roster_school_type, "高等専門学校", ROSTER_NORM_OK, "高専");
	expect(roster_school_type, "専門", ROSTER_NORM_OK, "専門学校");
	expect(roster_school_type, "高校生", ROSTER_NORM_OK, "高校");
	expect(roster_school_type, "塾", ROSTER_NORM_UNKNOWN, "塾");
	assert_string_equal(roster_school_type_of("岐阜大学", out, 32),
			    "大学");
	assert_string_equal(roster_school_type_of("岐阜市立女子短期大学", out,
						  32), "短大");
	assert_string_equal(roster_school_type_of("岐阜工業高等専門学校", out,
						  32), "高専");
	assert_string_equal(roster_school_type_of("名古屋工学院専門学校", out,
						  32), "専門学校");
	assert_string_equal(roster_school_type_of("岐阜県立岐阜高等学校", out,
						  32), "高校");
	assert_string_equal(roster_school_type_of("ABC塾", out, 32), "");
}

static void test_grade(void **state)
{
	(void)state;
	expect(roster_grade, "1", ROSTER_NORM_OK, "1年");
	expect(roster_grade, "１年生", ROSTER_NORM_OK, "1年");
	expect(roster_grade, "学部3年", ROSTER_NORM_OK, "3年");
	expect(roster_grade, "B4", ROSTER_NORM_OK, "4年");
	expect(roster_grade, "2回生", ROSTER_NORM_OK, "2年");
	expect(roster_grade, "Ｍ１", ROSTER_NORM_OK, "修士1年");
	expect(roster_grade, "博士前期2年", ROSTER_NORM_OK, "修士2年");
	expect(roster_grade, "D3", ROSTER_NORM_OK, "博士3年");
	expect(roster_grade, "既卒", ROSTER_NORM_OK, "既卒");
	expect(roster_grade, "M3", ROSTER_NORM_UNKNOWN, "M3");
	expect(roster_grade, "7年", ROSTER_NORM_UNKNOWN, "7年");
	expect(roster_grade, "5年目", ROSTER_NORM_UNKNOWN, "5年目");
	expect(roster_grade, "", ROSTER_NORM_EMPTY, "");
}

static void test_employees(void **state)
{
	int64_t n = -1;

	(void)state;
	assert_int_equal(roster_employees("１２０名", &n), ROSTER_NORM_OK);
	assert_int_equal(n, 120);
	assert_int_equal(roster_employees("約1,200人", &n), ROSTER_NORM_OK);
	assert_int_equal(n, 1200);
	assert_int_equal(roster_employees("", &n), ROSTER_NORM_EMPTY);
	assert_int_equal(roster_employees("50〜99", &n), ROSTER_NORM_UNKNOWN);
	assert_int_equal(n, 1200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefecture),
		cmocka_unit_test(test_school_type),
		cmocka_unit_test(test_grade),
		cmocka_unit_test(test_employees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
