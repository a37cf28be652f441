/* test_purge.c: retention. People not seen since the date lose their
 * personal data and keep their facts and school; people seen later
 * are untouched; provision records live exactly 3 years; a dry run
 * changes nothing; a second purge finds nothing more. */
#include "testutil.h"

#include <sqlite3.h>

#include "fair/purge.h"
#include "fair/records.h"

#define DAY (24 * 60 * T_MIN)

static long q(struct store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL),
			 SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void exec(struct store *st, const char *sql)
{
	assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL),
			 SQLITE_OK);
}

/* S1 seen at the fair, S2 seen at a later event a year on (a fact dated
 * then), S3 and T1 never seen; a lead note on S1. Records: one 4 years
 * old, one from the fair. */
static struct store *world(const char *dir)
{
	struct store *st = tu_event(dir);
	char sql[1024];
	struct provision old = { .made_ms = T_EVENT_DAY_10AM - 4 * 365 * DAY,
				 .recipient = "C1", .attendees = "S1",
				 .items = "氏名", .basis = "同意 v1",
				 .command = "export leads" };
	struct provision now = old;

	snprintf(sql, sizeof(sql),
		 "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,"
		 " wall_ms, note) VALUES "
		 "(randomblob(16), 'checkin', 'k', 1, 1, %lld, ''),"
		 "(randomblob(16), 'lead', 'k', 1, 1, %lld, '熱心、来年応募'),"
		 "(randomblob(16), 'checkin', 'k', 1, 2, %lld, '')",
		 T_EVENT_DAY_10AM, T_EVENT_DAY_10AM + T_MIN,
		 T_EVENT_DAY_10AM + 365 * DAY);
	exec(st, sql);
	exec(st, "UPDATE attendees SET email = 'a@x.jp', phone = '090', "
		 "grade = '3'");
	/* everyone's prefecture and school type; S2 (kept) and T1 (purged)
	 * as employees, to check both tables are cleared of the purged only */
	exec(st, "INSERT INTO attendee_profile SELECT id, '愛知県', '大学' "
		 "FROM attendees;"
		 "INSERT INTO employees SELECT id, 1, '製造部', '課長' FROM "
		 "attendees WHERE ext_id IN ('S2', 'T1')");
	now.made_ms = T_EVENT_DAY_10AM;
	assert_int_equal(records_add(st, &old, NULL), 0);
	assert_int_equal(records_add(st, &now, NULL), 0);
	return st;
}

static void test_purge(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = world(dir);
	struct purge_summary sum = { 0 };
	int64_t before = T_EVENT_DAY_10AM + 180 * DAY;
	int64_t now = T_EVENT_DAY_10AM + 2 * 365 * DAY;

	(void)state;
	assert_int_equal(purge_run(st, before, now, true, &sum, NULL), 0);
	assert_int_equal(sum.people, 3);   /* S1, S3, T1 */
	assert_int_equal(sum.kept, 1);     /* S2 */
	assert_int_equal(sum.records_expired, 1);
	assert_int_equal(q(st, "SELECT count(*) FROM attendees WHERE email "
			   "!= ''"), 4); /* dry run: nothing changed */

	assert_int_equal(purge_run(st, before, now, false, &sum, NULL), 0);
	assert_int_equal(q(st, "SELECT count(*) FROM attendees WHERE name = '"
			   PURGE_NAME "' AND email = '' AND phone = '' AND "
			   "kana = '' AND ext_id LIKE 'ANON-%'"), 3);
	assert_int_equal(q(st, "SELECT count(*) FROM attendees WHERE ext_id = "
			   "'S2' AND name = '佐藤 花子' AND email = 'a@x.jp'"),
			 1);
	/* the purged's prefecture, school type, department and title go */
	assert_int_equal(q(st, "SELECT count(*) FROM attendee_profile p JOIN "
			   "attendees a ON a.id = p.attendee_id WHERE "
			   "p.prefecture = '' AND p.school_type = '' AND "
			   "a.name = '" PURGE_NAME "'"), 3);
	assert_int_equal(q(st, "SELECT count(*) FROM attendee_profile WHERE "
			   "prefecture = '愛知県' AND school_type = '大学'"), 1);
	assert_int_equal(q(st, "SELECT group_concat(x) = 'ANON-4:,S2:製造部"
			   "課長' FROM (SELECT a.ext_id || ':' || e.department "
			   "|| e.title AS x FROM employees e JOIN attendees a "
			   "ON a.id = e.attendee_id ORDER BY a.ext_id)"), 1);
	/* statistics stay: facts, school; the purged's grade goes (with
	 * school, prefecture and school type it narrows to a few) */
	assert_int_equal(q(st, "SELECT count(*) FROM facts"), 3);
	assert_int_equal(q(st, "SELECT count(*) FROM attendees WHERE school = "
			   "'岐阜大学'"), 4);
	assert_int_equal(q(st, "SELECT group_concat(ext_id || ':' || grade) "
			   "= 'S2:3' FROM attendees WHERE grade <> ''"), 1);
	assert_int_equal(q(st, "SELECT count(*) FROM facts WHERE kind = "
			   "'lead' AND note = ''"), 1);
	assert_int_equal(q(st, "SELECT count(*) FROM provisions"), 1);

	assert_int_equal(purge_run(st, before, now, false, &sum, NULL), 0);
	assert_int_equal(sum.people, 0); /* nothing more */
	store_close(st);
	tu_rmdir(dir);
}

/* Days in the venue's time: "before the 7th" takes the whole of the 6th,
 * the event's last day, so those never seen go too; a check-in at 00:30
 * on the 7th (still the 6th in UTC) keeps its person; a time of day in
 * before_ms counts as its whole day. */
static void test_purge_by_day(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = world(dir);
	struct purge_summary sum = { 0 };
	int64_t day7 = T_EVENT_DAY_10AM + 38 * 60 * T_MIN; /* 12-07 00:00 */
	int64_t now = T_EVENT_DAY_10AM + 2 * 365 * DAY;
	char sql[256];

	(void)state;
	snprintf(sql, sizeof(sql), "INSERT INTO facts (uuid, kind, kiosk, "
		 "place_id, attendee_id, wall_ms) VALUES (randomblob(16), "
		 "'checkin', 'k', 1, 4, %lld)", day7 + 30 * T_MIN);
	exec(st, sql);
	assert_int_equal(purge_run(st, day7, now, true, &sum, NULL), 0);
	assert_int_equal(sum.people, 2);   /* S1 (the 5th), S3 (never) */
	assert_int_equal(sum.kept, 2);     /* S2, T1 (00:30 on the 7th) */
	assert_int_equal(purge_run(st, day7 + 15 * 60 * T_MIN, now, true,
				   &sum, NULL), 0);
	assert_int_equal(sum.people, 2);   /* 15:00 on the 7th: the same */
	assert_int_equal(purge_run(st, day7 - DAY, now, true, &sum, NULL), 0);
	assert_int_equal(sum.people, 1);   /* before the 6th: S1 only */
	assert_int_equal(purge_run(st, day7 + DAY, now, true, &sum, NULL), 0);
	assert_int_equal(sum.people, 3);   /* before the 8th: T1 too */

	assert_int_equal(purge_run(st, day7, now, false, &sum, NULL), 0);
	assert_int_equal(q(st, "SELECT count(*) FROM attendees WHERE email "
			   "= '' AND ext_id IN ('ANON-1', 'ANON-3')"), 2);
	assert_int_equal(q(st, "SELECT count(*) FROM attendees WHERE email "
			   "= 'a@x.jp' AND ext_id IN ('S2', 'T1')"), 2);
	store_close(st);
	tu_rmdir(dir);
}

static void test_record_operator(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = world(dir);

	(void)state;
	assert_int_equal(q(st, "SELECT count(*) FROM provisions WHERE "
			   "operator LIKE '%@%' AND recipient = 'C1' AND "
			   "items = '氏名' AND basis = '同意 v1'"), 2);
	store_close(st);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_purge),
		cmocka_unit_test(test_purge_by_day),
		cmocka_unit_test(test_record_operator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
