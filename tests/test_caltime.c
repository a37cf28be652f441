/* test_caltime.c: the one calendar, against glibc's own (timegm and
 * gmtime_r over every day of years 1..9999), known dates, Japan's offset,
 * leap years and what the parsers refuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fair/caltime.h"
#include "fair/store.h"
#include "fair/types.h"

#define JST 540
/* 2026-12-05 06:34 UTC, 15:34 in Japan */
#define T_0634Z 1796452440000LL
/* 2026-12-05 00:00 in Japan: 2026-12-04 15:00 UTC */
#define T_DEC5_JST 1796396400000LL

/* Every day of years 1..9999 both ways, against glibc (64-bit time_t),
 * and consecutive: day n + 1 is the day after day n. */
static void test_days_both_ways(void **state)
{
	int64_t first = cal_days_from_civil(1, 1, 1);
	int64_t last = cal_days_from_civil(9999, 12, 31);
	int py = 0, pm = 0, pd = 0;

	(void)state;
	assert_int_equal(first, -719162);
	assert_int_equal(last, 2932896);
	for (int64_t day = first; day <= last; day++) {
		time_t t = (time_t)(day * 86400);
		struct tm tm;
		int y, m, d;

		cal_civil_from_days(day, &y, &m, &d);
		assert_non_null(gmtime_r(&t, &tm));
		assert_int_equal(y, tm.tm_year + 1900);
		assert_int_equal(m, tm.tm_mon + 1);
		assert_int_equal(d, tm.tm_mday);
		assert_int_equal(cal_days_from_civil(y, m, d), day);
		assert_true(cal_date_exists(y, m, d));
		if (day > first) /* the next day of the previous one */
			assert_true((y == py && m == pm && d == pd + 1) ||
				    (y == py && m == pm + 1 && d == 1 &&
				     !cal_date_exists(py, pm, pd + 1)) ||
				    (y == py + 1 && m == 1 && d == 1 &&
				     pm == 12 && pd == 31));
		py = y;
		pm = m;
		pd = d;
	}
}

static void test_known_vectors(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(cal_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(cal_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(cal_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(cal_days_from_civil(2026, 12, 5), 20792);
	assert_int_equal(cal_days_from_civil(1900, 3, 1), -25508);
	/* out-of-range days roll over, as timegm does */
	assert_int_equal(cal_days_from_civil(2026, 2, 30),
			 cal_days_from_civil(2026, 3, 2));
	cal_civil_from_days(-1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 19691231);
	cal_civil_from_days(20792, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20261205);
	assert_int_equal(cal_floor_div(-1, 1000), -1);
	assert_int_equal(cal_floor_div(-1000, 1000), -1);
	assert_int_equal(cal_floor_div(999, 1000), 0);
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(cal_date_exists(2000, 2, 29));  /* by 400 */
	assert_false(cal_date_exists(1900, 2, 29)); /* by 100, not 400 */
	assert_false(cal_date_exists(2100, 2, 29));
	assert_true(cal_date_exists(2024, 2, 29));
	assert_true(cal_date_exists(2028, 2, 29));
	assert_false(cal_date_exists(2026, 2, 29));
	assert_false(cal_date_exists(2026, 4, 31));
	assert_false(cal_date_exists(2026, 13, 1));
	assert_false(cal_date_exists(2026, 0, 1));
	assert_false(cal_date_exists(2026, 1, 0));
	assert_int_equal(cal_days_from_civil(2024, 3, 1) -
			 cal_days_from_civil(2024, 2, 28), 2);
	assert_int_equal(cal_days_from_civil(2100, 3, 1) -
			 cal_days_from_civil(2100, 2, 28), 1);
	assert_int_equal(cal_days_from_civil(2001, 1, 1) -
			 cal_days_from_civil(2000, 1, 1), 366);
}

/* Japan has one offset all year: the day turns at 15:00 UTC in December
 * and in July alike. */
static void test_venue_jst(void **state)
{
	char t[26];
	int64_t july = cal_day_start_ms(cal_days_from_civil(2026, 7, 1), JST);

	(void)state;
	assert_int_equal(cal_day_start_ms(20792, JST), T_DEC5_JST);
	assert_int_equal(cal_local_day(T_DEC5_JST, JST), 20792);
	assert_int_equal(cal_local_day(T_DEC5_JST - 1, JST), 20791);
	assert_int_equal(cal_local_day(T_DEC5_JST - 1, 0), 20791);
	assert_int_equal(cal_local_day(T_DEC5_JST, 0), 20791);
	assert_int_equal(july % CAL_DAY_MS, 15 * 3600000LL);
	assert_int_equal(cal_local_hour(T_0634Z, JST), 20792 * 24 + 15);
	assert_int_equal(cal_local_hour(T_0634Z, 0), 20792 * 24 + 6);
	assert_int_equal(cal_local_hour(-1, 0), -1);
	assert_int_equal(T_DEC5_JST % CAL_DAY_MS, 15 * 3600000LL);
	cal_format_hhmm(T_0634Z, JST, t);
	assert_string_equal(t, "15:34");
	cal_format_hhmm(T_0634Z, 0, t);
	assert_string_equal(t, "06:34");
	cal_format_hhmm(T_DEC5_JST - 60000, JST, t);
	assert_string_equal(t, "23:59");
	cal_format_date(T_DEC5_JST - 1, JST, t);
	assert_string_equal(t, "2026-12-04");
	cal_format_date(T_DEC5_JST, JST, t);
	assert_string_equal(t, "2026-12-05");
	/* a western venue: the day turns later in UTC */
	cal_format_minute(T_0634Z, -210, t);
	assert_string_equal(t, "2026-12-05 03:04");
	cal_format_minute(T_0634Z - 7 * 3600000LL, -210, t);
	assert_string_equal(t, "2026-12-04 20:04");
}

static void test_formatters(void **state)
{
	char t[32];

	(void)state;
	cal_format_minute(T_0634Z, JST, t);
	assert_string_equal(t, "2026-12-05 15:34");
	cal_format_datetime(T_0634Z + 7999, JST, t);
	assert_string_equal(t, "2026-12-05 15:34:07");
	cal_format_iso(T_0634Z, JST, t);
	assert_string_equal(t, "2026-12-05T15:34:00+09:00");
	cal_format_iso(T_0634Z, -210, t);
	assert_string_equal(t, "2026-12-05T03:04:00-03:30");
	cal_format_iso_utc(T_0634Z + 7, t);
	assert_string_equal(t, "2026-12-05T06:34:00.007Z");
	cal_format_offset(JST, t);
	assert_string_equal(t, "+09:00");
	cal_format_offset(0, t);
	assert_string_equal(t, "+00:00");
	cal_format_day(20792, t);
	assert_string_equal(t, "2026-12-05");
	cal_format_day(-719162, t);
	assert_string_equal(t, "0001-01-01");
	cal_format_md_ja(cal_days_from_civil(2026, 12, 6), t);
	assert_string_equal(t, "12月6日");
	cal_format_md_ja(cal_days_from_civil(2027, 1, 9), t);
	assert_string_equal(t, "1月9日");
	/* beyond four-digit years: the nearest printable, never garbage */
	cal_format_datetime(INT64_MAX, JST, t);
	assert_string_equal(t, "9999-12-31 23:59:59");
	cal_format_datetime(INT64_MIN, -JST, t);
	assert_string_equal(t, "0000-01-01 00:00:00");
	cal_format_day(INT64_MAX / 2, t);
	assert_string_equal(t, "9999-12-31");
}

/* Every minute of a leap year round-trips through the formatter and the
 * parser, in venue time. */
static void test_format_parse_round_trip(void **state)
{
	int64_t from = cal_day_start_ms(cal_days_from_civil(2028, 1, 1), JST);
	int64_t to = cal_day_start_ms(cal_days_from_civil(2029, 1, 1), JST);

	(void)state;
	for (int64_t ms = from; ms < to; ms += 60000) {
		char t[17];
		int64_t back = -1;

		cal_format_minute(ms, JST, t);
		assert_int_equal(cal_parse_time(t, NULL, JST, &back), 0);
		assert_int_equal(back, ms);
	}
}

static void test_excel_serial(void **state)
{
	int64_t ms;
	bool time_only;

	(void)state;
	assert_true(cal_excel_serial(0, 0) == 25569.0);
	/* 15:34 in Japan is 0.6486... of a day */
	assert_true(cal_excel_serial(T_0634Z, JST) > 25569.0 + 20792.64 &&
		    cal_excel_serial(T_0634Z, JST) < 25569.0 + 20792.65);
	assert_true(cal_from_excel_serial(25569.0 + 20792.5, false, &ms,
					  &time_only));
	assert_false(time_only);
	assert_int_equal(ms, 20792 * CAL_DAY_MS + 12 * 3600000LL);
	assert_true(cal_from_excel_serial(0.25, false, &ms, &time_only));
	assert_true(time_only);
	assert_true(cal_from_excel_serial(0, true, &ms, &time_only));
	assert_int_equal(ms, cal_day_start_ms(cal_days_from_civil(1904, 1, 1),
					      0));
	/* just under a whole day rounds to the next midnight */
	assert_true(cal_from_excel_serial(25569.99999999, false, &ms,
					  &time_only));
	assert_int_equal(ms, CAL_DAY_MS);
	assert_false(cal_from_excel_serial(-1, false, &ms, &time_only));
	assert_false(cal_from_excel_serial(2958466, false, &ms, &time_only));
}

static void test_parse_dates(void **state)
{
	static const char *const ok[] = {
		"2026-12-05", "2026/12/5", "2026.12.5", "2026年12月5日",
		"令和8年12月5日", "２０２６／１２／０５", " 2026-12-05 ",
		"2026/12/5(土)", NULL
	};
	static const char *const bad[] = {
		"", "12/5", "05/12/2026", "2026-12/05", "2026-12-05x",
		"26-12-05", "令和8/12/5", "2026年12月", "tomorrow", NULL
	};
	static const char *const nosuch[] = {
		"2026-02-29", "2026-02-30", "2026-13-01", "令和0年1月1日",
		"2100/2/29", "1969-12-31", NULL
	};
	struct fair_err e = { "" };
	char out[11];
	int64_t day;

	(void)state;
	for (int i = 0; ok[i]; i++) {
		assert_int_equal(cal_parse_date_text(ok[i], out, &e), 0);
		assert_string_equal(out, "2026-12-05");
	}
	assert_int_equal(cal_parse_date_text("令和元年5月1日", out, &e), 0);
	assert_string_equal(out, "2019-05-01");
	assert_int_equal(cal_parse_date_text("平成31年4月30日", out, &e), 0);
	assert_string_equal(out, "2019-04-30");
	assert_int_equal(cal_parse_date("2028/2/29", &day, NULL), 0);
	assert_int_equal(day, cal_days_from_civil(2028, 2, 29));
	for (int i = 0; bad[i]; i++) {
		assert_int_equal(cal_parse_date(bad[i], &day, &e),
				 FAIR_EINVAL);
		assert_non_null(strstr(e.msg, "not a date"));
	}
	for (int i = 0; nosuch[i]; i++) {
		assert_int_equal(cal_parse_date(nosuch[i], &day, &e),
				 FAIR_EINVAL);
		assert_non_null(strstr(e.msg, "no such day"));
	}
	assert_int_equal(cal_parse_date(NULL, &day, NULL), FAIR_EINVAL);
	/* the store's own form, strictly */
	assert_int_equal(cal_parse_ymd("2026-12-05", &day), 0);
	assert_int_equal(day, 20792);
	assert_int_equal(cal_parse_ymd("2026/12/05", &day), FAIR_EINVAL);
	assert_int_equal(cal_parse_ymd("2026-02-30", &day), FAIR_EINVAL);
	assert_int_equal(cal_parse_ymd("2026-12-05 ", &day), FAIR_EINVAL);
	assert_int_equal(cal_parse_ymd("", &day), FAIR_EINVAL);
	assert_int_equal(cal_parse_ymd(NULL, &day), FAIR_EINVAL);
}

static void test_parse_times(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(cal_parse_time("2026-12-05 15:34", NULL, JST, &ms),
			 0);
	assert_int_equal(ms, T_0634Z);
	assert_int_equal(cal_parse_time("2026-12-05T06:34", NULL, 0, &ms), 0);
	assert_int_equal(ms, T_0634Z);
	assert_int_equal(cal_parse_time("15:34", "2026-12-05", JST, &ms), 0);
	assert_int_equal(ms, T_0634Z);
	assert_int_equal(cal_parse_time("令和8年12月5日 １５：３４", NULL, JST,
					&ms), 0);
	assert_int_equal(ms, T_0634Z);
	assert_int_equal(cal_parse_time("0:00", "2026-12-05", JST, &ms), 0);
	assert_int_equal(ms, T_DEC5_JST);
	assert_int_equal(cal_parse_time("2026-12-05 15:34:07", NULL, JST,
					&ms), 0);
	assert_int_equal(ms, T_0634Z + 7000);
	/* refused */
	assert_int_equal(cal_parse_time("15:34", NULL, JST, &ms), FAIR_EINVAL);
	assert_int_equal(cal_parse_time("24:00", "2026-12-05", JST, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("12:60", "2026-12-05", JST, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("2026-12-05", NULL, JST, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("2026-12-05 10:00x", NULL, JST, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("2026-02-29 10:00", NULL, JST, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("", "2026-12-05", JST, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("10:00", "12/05", JST, &ms),
			 FAIR_EINVAL);
	/* 1970-01-01 00:30 in Japan is before the epoch in UTC */
	assert_int_equal(cal_parse_time("1970-01-01 00:30", NULL, JST, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("9999-12-31 00:00", NULL, 0, &ms),
			 FAIR_EINVAL);
	assert_int_equal(cal_parse_time("9999-12-30 23:59", NULL, 0, &ms), 0);
}

/* The calendar's SQL functions (store_cal.c) answer as caltime.c does:
 * a fact at 23:30 UTC is already the next day in Japan, and the per-hour
 * label is the venue hour. A query doing its own date arithmetic instead
 * (strftime, 'unixepoch') would put it on the UTC day. */
static char *sql_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, n, "%s", sqlite3_column_type(s, 0) == SQLITE_NULL ?
		 "NULL" : (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static void test_sql_functions(void **state)
{
	struct fair_err e = { "" };
	sqlite3 *db;
	char got[64], want[32];
	/* 2026-12-04 23:30 UTC: 2026-12-05 08:30 in Japan */
	const int64_t t = T_DEC5_JST + 8 * CAL_HOUR_MS + 30 * 60000;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(store_cal_register(db, &e), 0);
	snprintf(want, sizeof(want), "%lld",
		 (long long)cal_days_from_civil(2026, 12, 5));
	assert_string_equal(sql_text(db, "SELECT venue_day(1796427000000, "
				     "540)", got, sizeof(got)), want);
	assert_int_equal(t, 1796427000000LL);
	snprintf(want, sizeof(want), "%lld",
		 (long long)cal_days_from_civil(2026, 12, 4));
	assert_string_equal(sql_text(db, "SELECT venue_day(1796427000000, 0)",
				     got, sizeof(got)), want);
	assert_string_equal(sql_text(db, "SELECT venue_hour_label(venue_hour("
				     "1796427000000, 540))", got,
				     sizeof(got)), "2026-12-05 08:00");
	assert_string_equal(sql_text(db, "SELECT venue_hour_label(venue_hour("
				     "1796427000000, 0))", got, sizeof(got)),
			    "2026-12-04 23:00");
	/* before the epoch: the hour before, not hour 0 */
	assert_string_equal(sql_text(db, "SELECT venue_hour_label(venue_hour("
				     "-1, 0))", got, sizeof(got)),
			    "1969-12-31 23:00");
	assert_string_equal(sql_text(db, "SELECT venue_day(NULL, 540)", got,
				     sizeof(got)), "NULL");
	assert_string_equal(sql_text(db, "SELECT venue_hour(0, NULL)", got,
				     sizeof(got)), "NULL");
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_both_ways),
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_venue_jst),
		cmocka_unit_test(test_formatters),
		cmocka_unit_test(test_format_parse_round_trip),
		cmocka_unit_test(test_excel_serial),
		cmocka_unit_test(test_parse_dates),
		cmocka_unit_test(test_parse_times),
		cmocka_unit_test(test_sql_functions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
