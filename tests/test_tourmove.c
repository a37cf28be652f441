/* test_tourmove.c: what the console's guided set-up and tour pages stand
 * on: a roster's kind told by its header (fair/rosterkind.h), how far an
 * event is set up (fair/setup.h), one student's move checked by the rules
 * of an edited plan, and the plan as a view and a workbook that imports
 * back (fair/tours.h). Through real SQLite files. */
#include "testutil.h"

#include "fair/import.h"
#include "fair/rosterkind.h"
#include "fair/setup.h"
#include "fair/tourdata.h"
#include "fair/tours.h"

static char *g_dir;

static void write_file(const char *name, const char *text, char *path,
		       size_t cap)
{
	FILE *f;

	tu_path(path, cap, g_dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* ---- kinds ------------------------------------------------------------ */

#define KIND(...) roster_kind_of_header((const char *const[]){ __VA_ARGS__ }, \
	(int)(sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(char *)))

static void test_kind_of_header(void **state)
{
	(void)state;
	assert_int_equal(KIND("企業ID", "企業名", "業種", "ブース"),
			 ROSTER_COMPANIES);
	assert_int_equal(KIND("受付番号", "氏名", "フリガナ", "学校名"),
			 ROSTER_STUDENTS);
	assert_int_equal(KIND("ID", "セミナー名", "会場", "開始", "終了"),
			 ROSTER_SESSIONS);
	assert_int_equal(KIND("企業ID", "日付", "定員"), ROSTER_HOSTS);
	assert_int_equal(KIND("attendee", "date", "company", "氏名",
			      "学校名", "企業名", "業種"), ROSTER_PLAN);
	/* fits companies and students both: never a guess */
	assert_int_equal(KIND("ID", "name"), ROSTER_UNKNOWN);
	assert_int_equal(KIND("foo", "bar"), ROSTER_UNKNOWN);
	/* spelled as forms write headers */
	assert_int_equal(KIND("企業ＩＤ（必須）", "会社名"), ROSTER_COMPANIES);
	assert_string_equal(roster_kind_name(ROSTER_PLAN), "assignments");
	assert_string_equal(roster_kind_ja(ROSTER_COMPANIES), "企業");
	assert_int_equal(roster_kind_parse("hosts"), ROSTER_HOSTS);
	assert_int_equal(roster_kind_parse("nope"), ROSTER_UNKNOWN);
}

static void test_kind_detect_file(void **state)
{
	struct fair_err err = { "" };
	enum roster_kind k;
	char path[512];

	(void)state;
	g_dir = tu_tmpdir();
	write_file("c.csv", "\xEF\xBB\xBF\n企業ID,企業名\nC1,ミノ\n", path,
		   sizeof(path));
	assert_int_equal(roster_kind_detect(path, "c.csv", NULL, &k, &err),
			 0);
	assert_int_equal(k, ROSTER_COMPANIES);
	write_file("h.tsv", "企業ID\t日付\t定員\nC1\t2026-12-07\t3\n", path,
		   sizeof(path));
	assert_int_equal(roster_kind_detect(path, "h.tsv", NULL, &k, &err),
			 0);
	assert_int_equal(k, ROSTER_HOSTS);
	write_file("e.csv", "", path, sizeof(path));
	assert_int_equal(roster_kind_detect(path, "e.csv", NULL, &k, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "e.csv"));
	tu_rmdir(g_dir);
}

/* ---- a tour, set up ---------------------------------------------------- */

/* Three days, companies A and D of one industry, B and C of others, five
 * host days and a plan of two visits for S1..S4 loaded from a file. */
static struct store *tour(void)
{
	struct import_report rep;
	struct tours_report trep;
	struct fair_err err = { "" };
	struct store *st;
	char path[512];

	g_dir = tu_tmpdir();
	tu_path(path, sizeof(path), g_dir, "ev.db");
	st = store_open(path, STORE_CREATE, &err);
	assert_non_null(st);
	assert_int_equal(store_event_create(st, "ツアー", "2026-12-07",
					    "2026-12-09", &err), 0);
	write_file("c.csv", "企業ID,企業名,業種\nA,エー,製造\nB,ビー,IT\n"
		   "C,シー,建設\nD,ディー,製造\n", path, sizeof(path));
	assert_int_equal(import_csv(st, IMPORT_COMPANIES, path, NULL, &rep,
				    &err), 0);
	import_report_release(&rep);
	write_file("s.csv", "受付番号,氏名\nS1,一\nS2,二\nS3,三\nS4,四\n",
		   path, sizeof(path));
	assert_int_equal(import_csv(st, IMPORT_STUDENTS, path, NULL, &rep,
				    &err), 0);
	import_report_release(&rep);
	write_file("h.csv", "企業ID,日付,定員\nA,2026-12-07,2\nB,2026-12-08,1\n"
		   "D,2026-12-08,2\nC,2026-12-09,2\nB,2026-12-07,2\n", path,
		   sizeof(path));
	assert_int_equal(tours_import_hosts(st, path, NULL, &trep, &err), 0);
	tours_report_release(&trep);
	write_file("p.csv", "attendee,date,company\n"
		   "S1,2026-12-07,A\nS1,2026-12-08,B\n"
		   "S2,2026-12-07,B\nS2,2026-12-08,D\n"
		   "S3,2026-12-07,A\nS3,2026-12-09,C\n"
		   "S4,2026-12-07,B\nS4,2026-12-09,C\n", path, sizeof(path));
	assert_int_equal(tours_import_plan(st, path, NULL, 2,
					   T_EVENT_DAY_10AM, &trep, &err), 0);
	assert_int_equal(trep.imported, 8);
	tours_report_release(&trep);
	return st;
}

static void test_setup_counts(void **state)
{
	struct store *st = tour();
	struct fair_err err = { "" };
	struct setup_counts s;

	(void)state;
	assert_int_equal(setup_counts(st, &s), 0);
	assert_int_equal(s.companies, 4);
	assert_int_equal(s.booths, 4);
	assert_int_equal(s.host_days, 5);
	assert_int_equal(s.sessions, 0);
	assert_int_equal(s.students, 4);
	assert_int_equal(s.assigned, 8);
	assert_int_equal(s.badges_printed, -1);
	assert_int_equal(s.packs, 0);
	assert_int_equal(setup_note_badges(st, T_EVENT_DAY_10AM, &err), 0);
	assert_int_equal(setup_counts(st, &s), 0);
	assert_int_equal(s.badges_printed, 4);
	assert_true(s.badges_ms == T_EVENT_DAY_10AM);
	store_close(st);
	tu_rmdir(g_dir);
}

static long facts(struct store *st)
{
	sqlite3_stmt *q;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT count(*) "
					    "FROM facts", -1, &q, NULL), 0);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* The move mv: its return code; err's text into why. */
static int try_move(struct store *st, const char *who, const char *from,
		    const char *company, const char *date, char *why)
{
	struct tours_move mv = { who, from, company, date };
	struct tours_report rep;
	struct fair_err err = { "" };
	int rc = tours_move(st, &mv, T_EVENT_DAY_10AM + T_MIN, &rep, &err);

	snprintf(why, 400, "%s", rc ? err.msg : "");
	tours_report_release(&rep);
	return rc;
}

static void test_move_checked_as_a_plan(void **state)
{
	struct store *st = tour();
	long before = facts(st);
	struct tours_view v;
	struct fair_err err = { "" };
	char why[400];

	(void)state;
	/* S2 visits B (IT) on the 7th: B again is the same industry */
	assert_int_equal(try_move(st, "S2", "2026-12-08", "B", "2026-12-08",
				  why), FAIR_EINVAL);
	assert_non_null(strstr(why, "same industry (IT)"));
	/* S1 visits A (製造): D is 製造 too */
	assert_int_equal(try_move(st, "S1", "2026-12-08", "D", "2026-12-08",
				  why), FAIR_EINVAL);
	assert_non_null(strstr(why, "S1 already visits A, of the same "
			       "industry (製造) as D"));
	/* B on the 8th seats one, S1 holds it */
	assert_int_equal(try_move(st, "S3", "2026-12-09", "B", "2026-12-08",
				  why), FAIR_EINVAL);
	assert_string_equal(why, "B on 2026-12-08 is over its 1 seats");
	/* one company a day */
	assert_int_equal(try_move(st, "S4", "2026-12-09", "B", "2026-12-07",
				  why), FAIR_EINVAL);
	assert_non_null(strstr(why, "S4 already visits on 2026-12-07"));
	assert_int_equal(try_move(st, "S4", "2026-12-08", "D", "2026-12-08",
				  why), FAIR_EINVAL);
	assert_string_equal(why, "S4 has no visit on 2026-12-08");
	assert_int_equal(try_move(st, "S9", "2026-12-09", "D", "2026-12-08",
				  why), FAIR_EINVAL);
	assert_int_equal(try_move(st, "S4", "2026-12-09", "Z", "2026-12-08",
				  why), FAIR_EINVAL);
	assert_int_equal(facts(st), before); /* nothing written */

	assert_int_equal(try_move(st, "S4", "2026-12-09", "D", "2026-12-08",
				  why), 0);
	assert_int_equal(facts(st), before + 2); /* a VOID, an assign */
	assert_int_equal(tours_view_load(st, &v, &err), 0);
	assert_int_equal(v.nhosts, 5);
	/* by date, then company */
	assert_string_equal(v.host[0].place, "visit:A:2026-12-07");
	assert_string_equal(v.host[1].place, "visit:B:2026-12-07");
	assert_string_equal(v.host[3].place, "visit:D:2026-12-08");
	assert_int_equal(v.host[3].assigned, 2);
	assert_int_equal(v.host[4].assigned, 1); /* C on the 9th */
	assert_int_equal(v.nvisits, 8);
	assert_int_equal(v.nstudents, 4);
	for (int s = 0; s < v.nstudents; s++)
		assert_int_equal(v.student[s].visits, 2);
	tours_view_free(&v);
	store_close(st);
	tu_rmdir(g_dir);
}

static void test_plan_workbook_round_trip(void **state)
{
	struct store *st = tour();
	struct tours_report rep;
	struct fair_err err = { "" };
	char path[512];
	long rows, before = facts(st);

	(void)state;
	tu_path(path, sizeof(path), g_dir, "plan.xlsx");
	assert_int_equal(tours_plan_export(st, TOUR_XLSX, path, &rows, &err),
			 0);
	assert_int_equal(rows, 8);
	/* the same plan back: checked, nothing to change */
	assert_int_equal(tours_import_plan(st, path, "plan.xlsx", 2,
					   T_EVENT_DAY_10AM, &rep, &err), 0);
	assert_int_equal(rep.rows, 8);
	assert_int_equal(rep.imported, 0);
	tours_report_release(&rep);
	assert_int_equal(facts(st), before);
	tu_path(path, sizeof(path), g_dir, "plan.csv");
	assert_int_equal(tours_plan_export(st, TOUR_CSV, path, &rows, &err),
			 0);
	assert_int_equal(rows, 8);
	store_close(st);
	tu_rmdir(g_dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_of_header),
		cmocka_unit_test(test_kind_detect_file),
		cmocka_unit_test(test_setup_counts),
		cmocka_unit_test(test_move_checked_as_a_plan),
		cmocka_unit_test(test_plan_workbook_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
