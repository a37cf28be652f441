/* test_store.c: the database file: refuses what is not ours without
 * touching it, keeps roster ids stable, appends facts and copies safely. */
#include "testutil.h"

#include <sys/stat.h>

#include "../src/core/schema.sql.h"

static char *read_all(const char *path, long *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)*n + 1);
	assert_int_equal(fread(buf, 1, (size_t)*n, f), (size_t)*n);
	fclose(f);
	return buf;
}

static void assert_refused_unchanged(const char *path, int code)
{
	struct fair_err err = { "" };
	long n1, n2;
	char *before = read_all(path, &n1), *after;

	assert_null(store_open(path, 0, &err));
	assert_true(err.msg[0] != '\0');
	assert_null(store_open(path, STORE_CREATE, &err));
	after = read_all(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, (size_t)n1);
	free(before);
	free(after);
	(void)code;
}

static void test_refuses_foreign_files_unchanged(void **state)
{
	char *dir = tu_tmpdir(), path[512], cmd[1024];
	struct fair_err err = { "" };
	FILE *f;

	(void)state;
	tu_path(path, sizeof(path), dir, "notes.txt");
	f = fopen(path, "w");
	fputs("this is not a database\n", f);
	fclose(f);
	assert_refused_unchanged(path, FAIR_ENOTOURS);

	tu_path(path, sizeof(path), dir, "other.db");
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'CREATE TABLE t(x);"
		 "INSERT INTO t VALUES (1)'", path);
	assert_int_equal(system(cmd), 0);
	assert_refused_unchanged(path, FAIR_ENOTOURS);
	assert_null(store_open(path, 0, &err));
	assert_non_null(strstr(err.msg, "not a fairkiosk database"));

	tu_path(path, sizeof(path), dir, "missing.db");
	assert_null(store_open(path, 0, &err));
	assert_int_equal(access(path, F_OK), -1);
	tu_rmdir(dir);
}

static void test_refuses_newer_schema(void **state)
{
	char *dir = tu_tmpdir(), path[512], cmd[1024];
	struct fair_err err = { "" };
	struct store *st;

	(void)state;
	tu_path(path, sizeof(path), dir, "k.db");
	st = store_open(path, STORE_CREATE, &err);
	assert_non_null(st);
	store_close(st);
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'PRAGMA user_version = 99'",
		 path);
	assert_int_equal(system(cmd), 0);
	assert_refused_unchanged(path, FAIR_ENEWER);
	assert_null(store_open(path, 0, &err));
	assert_non_null(strstr(err.msg, "newer"));
	tu_rmdir(dir);
}

/* A file made at schema 2 (before issue 26's profiles and consent, and
 * issue 27's programs) migrates through 3 and 4 in one open: its facts
 * kept, and the rebuilt facts table takes every kind, 'consent' (step 3)
 * as well as 'departure' and 'survey' (step 4). */
static void test_migrates_from_schema_2(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct fair_err err = { "" };
	static const char *const kinds[] = { "consent", "departure",
					     "survey" };
	struct store *st;
	sqlite3 *db;
	int64_t n = -1;

	(void)state;
	assert_int_equal(SCHEMA_STEPS, 4);
	tu_path(path, sizeof(path), dir, "v2.db");
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (int v = 0; v < 2; v++)
		assert_int_equal(sqlite3_exec(db, schema_steps[v], NULL, NULL,
					      NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO facts (uuid, kind, "
		"kiosk, wall_ms) VALUES (zeroblob(16), 'checkin', 'k', 1);"
		"PRAGMA user_version = 2; PRAGMA application_id = "
		"1178683730;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	st = store_open(path, 0, &err);
	assert_non_null(st);
	assert_int_equal(store_query_int64(st, "PRAGMA user_version", NULL,
					   0, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(store_query_int64(st, "SELECT count(*) FROM facts "
					   "WHERE kind = 'checkin'", NULL, 0,
					   &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_query_int64(st, "SELECT count(*) FROM "
		"attendee_profile, company_profile, employees, groups, "
		"group_members", NULL, 0, &n), 0);
	assert_int_equal(store_query_int64(st, "SELECT count(*) FROM event "
					   "WHERE kind <> 'fair'", NULL, 0,
					   &n), 0);
	for (int i = 0; i < 3; i++) {
		char sql[160];

		snprintf(sql, sizeof(sql), "INSERT INTO facts (uuid, kind, "
			 "kiosk, wall_ms) VALUES (randomblob(16), '%s', 'k', "
			 "2)", kinds[i]);
		assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL,
					      NULL), SQLITE_OK);
	}
	assert_int_not_equal(sqlite3_exec(store_db(st), "INSERT INTO facts "
		"(uuid, kind, kiosk, wall_ms) VALUES (randomblob(16), "
		"'pwned', 'k', 2)", NULL, NULL, NULL), SQLITE_OK);
	store_close(st);
	tu_rmdir(dir);
}

static void test_roster_upsert_by_ext_id(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct attendee a = { .ext_id = "S1", .name = "山田 太郎（改）" }, b;
	struct attendee walkin = { .name = "飛び入り" };
	struct fair_err err = { "" };
	sqlite3_stmt *s;

	(void)state;
	assert_int_equal(store_attendee_by_ext(st, "S1", &b), 0);
	assert_int_equal(store_attendee_upsert(st, &a, &err), 0);
	assert_int_equal(a.id, b.id); /* same row, updated */
	assert_int_equal(store_attendee_get(st, a.id, &b), 0);
	assert_string_equal(b.name, "山田 太郎（改）");
	assert_int_equal(store_attendee_upsert(st, &walkin, &err), 0);
	assert_true(walkin.id & 0x80000000u);
	/* A roster row added after a walk-in stays in the low id half. */
	struct attendee c = { .ext_id = "S9", .name = "新規" };
	assert_int_equal(store_attendee_upsert(st, &c, &err), 0);
	assert_true(c.id < 0x80000000u);
	sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM attendees", -1,
			   &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 6);
	sqlite3_finalize(s);
	store_close(st);
	tu_rmdir(dir);
}

/* One integer from SQL: bound numbers and text, NULL as 0, no row and a
 * failing query told apart, *out untouched on failure. */
static void test_query_int64(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	int64_t n = -7;

	(void)state;
	assert_int_equal(store_query_int64(st, "SELECT count(*) FROM "
					   "attendees", NULL, 0, &n), 0);
	assert_true(n > 0);
	assert_int_equal(store_query_int64(st, "SELECT count(*) FROM "
			 "attendees WHERE ext_id = ?1 AND ?2 = 2",
			 (struct store_arg[]){ STORE_STR("S1"), STORE_NUM(2) },
			 2, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_query_int64(st, "SELECT ?1 * 3",
			 &STORE_NUM(5000000000LL), 1, &n), 0);
	assert_int_equal(n, 15000000000LL);
	assert_int_equal(store_query_int64(st, "SELECT max(id) FROM attendees"
					   " WHERE 0", NULL, 0, &n), 0);
	assert_int_equal(n, 0);
	n = -7;
	assert_int_equal(store_query_int64(st, "SELECT 1 WHERE 0", NULL, 0,
					   &n), FAIR_ENOENT);
	assert_int_equal(store_query_int64(st, "SELECT nosuch FROM nowhere",
					   NULL, 0, &n), FAIR_EIO);
	assert_int_equal(n, -7);
	store_close(st);
	tu_rmdir(dir);
}

static void test_reissue_revokes_old_serial(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct attendee a;
	uint16_t serial;

	(void)state;
	assert_int_equal(store_attendee_by_ext(st, "S2", &a), 0);
	assert_false(store_serial_revoked(st, a.id, a.serial));
	assert_int_equal(store_attendee_reissue(st, a.id, &serial, NULL), 0);
	assert_int_equal(serial, a.serial + 1);
	assert_true(store_serial_revoked(st, a.id, a.serial));
	assert_false(store_serial_revoked(st, a.id, serial));
	assert_false(store_serial_revoked(st, 123456, 1)); /* unknown */
	store_close(st);
	tu_rmdir(dir);
}

static struct fact checkin_fact(uint32_t attendee, uint32_t place,
				int64_t wall)
{
	struct fact f = { .kind = FACT_CHECKIN, .kiosk = "k1",
			  .place_id = place, .attendee_id = attendee,
			  .serial = 1, .direction = 1,
			  .source = SOURCE_SCANNER, .wall_ms = wall,
			  .boot_id = "b", .mono_ms = 5 };
	return f;
}

static void count_cb(const struct fact *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
}

static void test_facts_append_void_and_query(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct place booth;
	struct fact f1, f2, v = { .kind = FACT_VOID, .kiosk = "k1" }, got;
	int n = 0;

	(void)state;
	assert_int_equal(store_place_by_ext(st, "booth:C1", &booth), 0);
	f1 = checkin_fact(1, booth.id, T_EVENT_DAY_10AM);
	f2 = checkin_fact(2, booth.id, T_EVENT_DAY_10AM + T_MIN);
	assert_int_equal(store_fact_append(st, &f1, NULL), 0);
	assert_int_equal(store_fact_append(st, &f2, NULL), 0);
	assert_memory_not_equal(f1.uuid, f2.uuid, FACT_UUID_BYTES);
	assert_int_equal(f1.uuid[6] >> 4, 7); /* UUIDv7 */
	assert_int_equal(store_fact_get(st, f1.uuid, &got), 0);
	assert_int_equal(got.attendee_id, 1);
	assert_int_equal(got.source, SOURCE_SCANNER);
	assert_int_equal(store_place_count(st, &booth, 0), 2);
	/* The same fact twice is refused: facts are keyed by uuid. */
	assert_int_not_equal(store_fact_append(st, &f1, NULL), 0);
	memcpy(v.voids, f2.uuid, FACT_UUID_BYTES);
	v.wall_ms = T_EVENT_DAY_10AM + 2 * T_MIN;
	assert_int_equal(store_fact_append(st, &v, NULL), 0);
	assert_int_equal(store_place_count(st, &booth, 0), 1);
	assert_int_equal(store_last_checkin(st, 2, booth.id, &got),
			 FAIR_ENOENT);
	assert_int_equal(store_recent_checkins(st, 20, count_cb, &n), 1);
	assert_int_equal(n, 1);
	store_close(st);
	tu_rmdir(dir);
}

static void test_backup_is_one_consistent_file(void **state)
{
	char *dir = tu_tmpdir(), copy[512], wal[600];
	struct store *st = tu_event(dir), *c;
	struct fact f = checkin_fact(1, 1, T_EVENT_DAY_10AM);
	struct attendee a;

	(void)state;
	assert_int_equal(store_fact_append(st, &f, NULL), 0);
	tu_path(copy, sizeof(copy), dir, "usb.db");
	assert_int_equal(store_backup(st, copy, NULL), 0);
	snprintf(wal, sizeof(wal), "%s-wal", copy);
	assert_int_equal(access(wal, F_OK), -1);
	c = store_open(copy, STORE_READONLY, NULL);
	assert_non_null(c);
	assert_int_equal(store_fact_get(c, f.uuid, &(struct fact){ 0 }), 0);
	assert_int_equal(store_attendee_by_ext(c, "S3", &a), 0);
	store_close(c);
	store_close(st);
	tu_rmdir(dir);
}

/* The event database reopened watched, as the kiosk opens its file. */
static struct store *watched(const char *dir, char *path, size_t cap)
{
	struct store *st = tu_event(dir);

	store_close(st);
	tu_path(path, cap, dir, "event.db");
	st = store_open(path, STORE_WATCH, NULL);
	assert_non_null(st);
	return st;
}

static long facts_in(const char *path)
{
	struct store *st = store_open(path, STORE_READONLY, NULL);
	sqlite3_stmt *q;
	long n = -1;

	assert_non_null(st);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT count(*)"
					    " FROM facts", -1, &q, NULL), 0);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	store_close(st);
	return n;
}

static void test_watch_renamed_away_and_back(void **state)
{
	char *dir = tu_tmpdir(), path[512], moved[512];
	struct store *st = watched(dir, path, sizeof(path));
	struct fact f = checkin_fact(1, 1, T_EVENT_DAY_10AM);
	struct fair_err err = { "" };

	(void)state;
	assert_int_equal(store_check_file(st, &err), 0);
	assert_int_equal(store_fact_append(st, &f, &err), 0);
	tu_path(moved, sizeof(moved), dir, "moved.db");
	assert_int_equal(rename(path, moved), 0);
	f = checkin_fact(2, 1, T_EVENT_DAY_10AM + 1);
	assert_int_equal(store_fact_append(st, &f, &err), FAIR_EIO);
	assert_non_null(strstr(err.msg, path));
	/* everything confirmed is in the renamed file, without any -wal */
	assert_int_equal(facts_in(moved), 1);
	assert_int_equal(rename(moved, path), 0);
	assert_int_equal(store_check_file(st, &err), 0);
	f = checkin_fact(3, 1, T_EVENT_DAY_10AM + 2);
	assert_int_equal(store_fact_append(st, &f, &err), 0);
	store_close(st);
	assert_int_equal(facts_in(path), 2);
	tu_rmdir(dir);
}

static void test_watch_deleted_replaced_overwritten(void **state)
{
	char *dir = tu_tmpdir(), path[512], other[512], cmd[4096];
	struct store *st = watched(dir, path, sizeof(path));
	struct fact f = checkin_fact(1, 1, T_EVENT_DAY_10AM);
	struct fair_err err = { "" };

	(void)state;
	tu_path(other, sizeof(other), dir, "other.db");
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", path, other);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(store_fact_append(st, &f, &err), 0);
	/* deleted */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(store_check_file(st, &err), FAIR_EIO);
	assert_non_null(strstr(err.msg, "gone"));
	/* another file renamed into its place: not ours, never written */
	assert_int_equal(rename(other, path), 0);
	assert_int_equal(store_check_file(st, &err), FAIR_EIO);
	assert_non_null(strstr(err.msg, "another file"));
	f = checkin_fact(2, 1, T_EVENT_DAY_10AM + 1);
	assert_int_equal(store_fact_append(st, &f, &err), FAIR_EIO);
	store_close(st);
	assert_int_equal(facts_in(path), 0);

	/* overwritten in place (same inode): noticed by its stamp */
	st = store_open(path, STORE_WATCH, NULL);
	assert_non_null(st);
	f = checkin_fact(1, 1, T_EVENT_DAY_10AM);
	assert_int_equal(store_fact_append(st, &f, &err), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s.copy' && sleep 0.01 && "
		 "cat '%s.copy' > '%s'", path, path, path, path);
	assert_int_equal(system(cmd), 0);
	f = checkin_fact(2, 1, T_EVENT_DAY_10AM + 1);
	assert_int_equal(store_fact_append(st, &f, &err), FAIR_EIO);
	assert_non_null(strstr(err.msg, "another program"));
	store_close(st);
	/* our -wal was moved aside: the file holds what was written into it
	 * (the copy had no facts in its main file), not our pages */
	assert_int_equal(facts_in(path), 0);
	tu_rmdir(dir);
}

static void test_watch_many_checkpoints_no_false_alarm(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct store *st = watched(dir, path, sizeof(path));
	struct fair_err err = { "" };

	(void)state;
	/* enough facts for our own checkpoints to run: never "changed" */
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < 40000; i++) {
		struct fact f = checkin_fact(1, 1, T_EVENT_DAY_10AM + i);

		f.mono_ms = i;
		assert_int_equal(store_fact_append(st, &f, &err), 0);
	}
	assert_int_equal(store_commit(st, &err), 0);
	for (int i = 0; i < 50; i++) {
		struct fact f = checkin_fact(2, 1, T_EVENT_DAY_10AM + i);

		assert_int_equal(store_fact_append(st, &f, &err), 0);
	}
	assert_int_equal(store_check_file(st, &err), 0);
	store_close(st);
	assert_int_equal(facts_in(path), 40050);
	tu_rmdir(dir);
}

static void test_event_dates_validated(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct fair_err err = { "" };
	struct store *st;

	(void)state;
	tu_path(path, sizeof(path), dir, "e.db");
	st = store_open(path, STORE_CREATE, &err);
	assert_non_null(st);
	assert_int_equal(store_event_create(st, "x", "2026-02-30", NULL, &err),
			 FAIR_EINVAL);
	assert_int_equal(store_event_create(st, "x", "2026-12-05",
					    "2026-12-04", &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "before"));
	assert_int_equal(store_event_get(st, &(struct event_info){ 0 }, NULL),
			 FAIR_ENOENT);
	assert_int_equal(store_event_create(st, "x", "2028-02-29", NULL, &err),
			 0);
	store_close(st);
	tu_rmdir(dir);
}

/* The promise "green only once on disk" rests on these two pragmas: a
 * commit in WAL with synchronous=FULL returns after its fsync. Checked on
 * every way a store is opened for writing (new, existing, watched by the
 * kiosk, reopened after a migration left it in another mode). */
static void assert_durable(struct store *st)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), "PRAGMA journal_mode",
					    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "PRAGMA synchronous",
					    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 2); /* FULL */
	sqlite3_finalize(s);
}

static void test_writers_are_wal_and_synchronous_full(void **state)
{
	char *dir = tu_tmpdir(), path[512], cmd[1024];
	struct fair_err err = { "" };
	struct store *st;

	(void)state;
	tu_path(path, sizeof(path), dir, "ev.db");
	st = store_open(path, STORE_CREATE, &err);
	assert_non_null(st);
	assert_durable(st);
	store_close(st);
	st = store_open(path, 0, &err);
	assert_non_null(st);
	assert_durable(st);
	store_close(st);
	st = store_open(path, STORE_WATCH, &err);
	assert_non_null(st);
	assert_durable(st);
	store_close(st);
	/* a file another tool turned back to a rollback journal */
	snprintf(cmd, sizeof(cmd), "sqlite3 '%s' 'PRAGMA journal_mode=DELETE'"
		 " >/dev/null", path);
	assert_int_equal(system(cmd), 0);
	st = store_open(path, STORE_WATCH, &err);
	assert_non_null(st);
	assert_durable(st);
	store_close(st);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refuses_foreign_files_unchanged),
		cmocka_unit_test(test_refuses_newer_schema),
		cmocka_unit_test(test_roster_upsert_by_ext_id),
		cmocka_unit_test(test_query_int64),
		cmocka_unit_test(test_reissue_revokes_old_serial),
		cmocka_unit_test(test_facts_append_void_and_query),
		cmocka_unit_test(test_backup_is_one_consistent_file),
		cmocka_unit_test(test_event_dates_validated),
		cmocka_unit_test(test_watch_renamed_away_and_back),
		cmocka_unit_test(test_watch_deleted_replaced_overwritten),
		cmocka_unit_test(test_watch_many_checkpoints_no_false_alarm),
		cmocka_unit_test(test_writers_are_wal_and_synchronous_full),
		cmocka_unit_test(test_migrates_from_schema_2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
