/* test_merge.c: merge properties on real generated kiosk databases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "organizer_fixture.h"
#include "fair/merge.h"

#define DUMP_SQL \
	"SELECT 'f', hex(uuid), kind, kiosk, place_id, attendee_id, serial," \
	" direction, wall_ms, boot_id, mono_ms, hex(voids) FROM facts" \
	" UNION ALL SELECT 'g', hex(uuid), reason, 0,0,0,0,0,0,0,0,0" \
	" FROM merge_flags" \
	" UNION ALL SELECT 'r', hex(uuid), wall_ms, hex(anchor), distance_ms," \
	" 0,0,0,0,0,0,0 FROM merge_repairs" \
	" UNION ALL SELECT 'a', id, ext_id, name, school, 0,0,0,0,0,0,0" \
	" FROM attendees ORDER BY 1, 2, 3"

struct world {
	struct fx_ids ids;
	struct store *ev;
	char a[512], b[512];   /* two kiosk files */
};

static int64_t T(int minutes)
{
	return fx_base_ms() + minutes * FX_MIN;
}

/* Kiosk A (booth 1) and B (booth 2): shared student 0 scanned at both
 * places 5 s apart (a conflict), a clock set during A's boot (repair),
 * time running backwards on B, a walk-in on B. */
static void fill_a(struct world *w, struct store *k)
{
	struct fx_ids *i = &w->ids;
	int64_t bad = 946684800000LL; /* 2000-01-01: board without battery */

	fx_add(k, fx_fact("booth-a", i->booth1, i->student[1], 1, bad,
			  "boot-a", 1000));
	fx_add(k, fx_fact("booth-a", i->booth1, i->student[2], 1,
			  bad + 60000, "boot-a", 61000));
	/* staff set the clock; from here on wall time is right */
	fx_add(k, fx_fact("booth-a", i->booth1, i->student[3], 1, T(30),
			  "boot-a", 121000));
	fx_add(k, fx_fact("booth-a", i->booth1, i->student[0], 1, T(60),
			  "boot-a", 1921000));
	fx_add(k, fx_fact("booth-a", i->booth1, i->student[0], -1, T(75),
			  "boot-a", 2821000));
}

static void fill_b(struct world *w, struct store *k)
{
	struct fx_ids *i = &w->ids;
	struct attendee walk = { .role = TOKEN_ROLE_STUDENT, .consent = 1 };
	struct fair_err e = { "" };
	struct fact reg;

	fx_add(k, fx_fact("booth-b", i->booth2, i->student[0], 1,
			  T(60) + 5000, "boot-b", 5000));
	fx_add(k, fx_fact("booth-b", i->booth2, i->student[4], 1, T(90),
			  "boot-b", 6000));
	fx_add(k, fx_fact("booth-b", i->booth2, i->student[5], 1, T(80),
			  "boot-b", 7000));
	snprintf(walk.name, sizeof(walk.name), "飛込 参加");
	snprintf(walk.school, sizeof(walk.school), "岐阜大学");
	fx_must(store_attendee_upsert(k, &walk, &e), &e);
	assert_true(walk.id >= 0x80000000u);
	reg = fx_fact("booth-b", i->booth2, walk.id, 1, T(95), "boot-b", 8000);
	reg.kind = FACT_REGISTER;
	fx_add(k, reg);
	fx_add(k, fx_fact("booth-b", i->booth2, walk.id, 1, T(96), "boot-b",
			  9000));
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct store *k;

	fx_mkdir();
	w->ev = fx_event("event.db", &w->ids);
	fx_path(w->a, sizeof(w->a), "a.db");
	fx_path(w->b, sizeof(w->b), "b.db");
	k = fx_kiosk(w->ev, "a.db");
	fill_a(w, k);
	store_close(k);
	k = fx_kiosk(w->ev, "b.db");
	fill_b(w, k);
	store_close(k);
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

static int merge(struct store *st, const char *const *paths, int n,
		 struct merge_summary *sums, struct fair_err *e)
{
	return merge_run(st, paths, n, NULL, sums, e);
}

static void test_twice_equals_once(void **state)
{
	struct world *w = *state;
	const char *paths[] = { w->a, w->b };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	char *once, *twice;

	assert_int_equal(merge(w->ev, paths, 2, s, &e), 0);
	assert_int_equal(s[0].facts, 5);
	assert_int_equal(s[0].added, 5);
	assert_int_equal(s[1].added, 5);
	assert_int_equal(s[1].walkins, 1);
	assert_string_equal(s[0].kiosk, "booth-a");
	assert_true(s[0].flagged > 0);
	once = fx_dump(w->ev, DUMP_SQL);
	assert_int_equal(merge(w->ev, paths, 2, s, &e), 0);
	assert_int_equal(s[0].added, 0);
	assert_int_equal(s[0].known, 5);
	assert_int_equal(s[1].known, 5);
	assert_int_equal(s[0].flagged, 0);
	twice = fx_dump(w->ev, DUMP_SQL);
	assert_string_equal(once, twice);
	free(once);
	free(twice);
}

static void test_order_independent(void **state)
{
	struct world *w = *state;
	const char *ab[] = { w->a, w->b }, *ba[] = { w->b, w->a };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	char p1[512], p2[512], *d1, *d2;
	struct store *e1, *e2;

	fx_path(p1, sizeof(p1), "ev1.db");
	fx_path(p2, sizeof(p2), "ev2.db");
	assert_int_equal(store_backup(w->ev, p1, &e), 0);
	assert_int_equal(store_backup(w->ev, p2, &e), 0);
	e1 = store_open(p1, 0, &e);
	e2 = store_open(p2, 0, &e);
	assert_non_null(e1);
	assert_non_null(e2);
	assert_int_equal(merge(e1, ab, 2, s, &e), 0);
	assert_int_equal(merge(e2, ba, 1, s, &e), 0); /* B alone, then A */
	assert_int_equal(merge(e2, ba + 1, 1, s, &e), 0);
	d1 = fx_dump(e1, DUMP_SQL);
	d2 = fx_dump(e2, DUMP_SQL);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	store_close(e1);
	store_close(e2);
}

static int64_t count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL),
			 SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void test_flags_and_repairs(void **state)
{
	struct world *w = *state;
	const char *paths[] = { w->a, w->b };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	char sql[256];

	assert_int_equal(merge(w->ev, paths, 2, s, &e), 0);
	/* both sides of the two-places-at-once badge, never dropped */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM merge_flags g JOIN "
		 "facts f USING (uuid) WHERE reason = 'conflict' AND "
		 "f.attendee_id = %u", w->ids.student[0]);
	assert_int_equal(count(w->ev, sql), 2);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags "
			       "WHERE reason = 'clock-outside'"), 2);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags "
			       "WHERE reason = 'clock-backwards'"), 1);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM facts"), 10);
	/* anchor: student 3 at T(30), mono 121000; repaired = anchor -
	 * 120000 and - 60000 */
	snprintf(sql, sizeof(sql), "SELECT r.wall_ms FROM merge_repairs r "
		 "JOIN facts f USING (uuid) WHERE f.attendee_id = %u",
		 w->ids.student[1]);
	assert_int_equal(count(w->ev, sql), T(30) - 120000);
	snprintf(sql, sizeof(sql), "SELECT r.wall_ms FROM merge_repairs r "
		 "JOIN facts f USING (uuid) WHERE f.attendee_id = %u",
		 w->ids.student[2]);
	assert_int_equal(count(w->ev, sql), T(30) - 60000);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM attendees WHERE "
			       "id >= 2147483648"), 1);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM facts WHERE "
			       "kind = 'register'"), 1);
}

static void file_copy_plain(const char *from, const char *to)
{
	char cmd[1400];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

/* Bytes overwritten in the middle: not SQLite-readable any more. */
static void corrupt_copy(const char *from, const char *to)
{
	char cmd[1400];
	int fd;
	char junk[4096];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
	memset(junk, 0xA5, sizeof(junk));
	fd = open(to, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof(junk), 4096 * 2),
			 (ssize_t)sizeof(junk));
	close(fd);
}

/* One bit flipped in the facts_attendee index: the file opens, is ours and
 * of this event; only integrity_check can tell. */
static void flip_index_bit(const char *from, const char *to)
{
	struct fair_err e = { "" };
	struct store *st;
	int64_t root = 0, page = 4096;
	sqlite3_stmt *s;
	char buf[1];
	int fd;

	file_copy_plain(from, to);
	st = store_open(to, STORE_READONLY, &e);
	assert_non_null(st);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT rootpage, "
		"(SELECT page_size FROM pragma_page_size) FROM sqlite_schema "
		"WHERE name = 'facts_attendee'", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	root = sqlite3_column_int64(s, 0);
	page = sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
	store_close(st);
	fd = open(to, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, 1, (root - 1) * page + page - 3), 1);
	buf[0] ^= 1;
	assert_int_equal(pwrite(fd, buf, 1, (root - 1) * page + page - 3), 1);
	close(fd);
}

static void test_integrity_check_refuses(void **state)
{
	struct world *w = *state;
	char bad[512];
	const char *paths[3] = { w->a, bad, w->b };
	struct merge_summary s[3];
	struct fair_err e = { "" };
	char *before, *after;

	fx_path(bad, sizeof(bad), "bitflip.db");
	flip_index_bit(w->a, bad);
	before = fx_dump(w->ev, "SELECT hex(uuid) FROM facts ORDER BY 1");
	assert_int_equal(merge_run(w->ev, paths, 3, NULL, s, &e), FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "bitflip.db"));
	assert_non_null(strstr(e.msg, "integrity"));
	assert_int_equal(s[0].status, 0);
	assert_int_equal(s[1].status, FAIR_EINVAL);
	after = fx_dump(w->ev, "SELECT hex(uuid) FROM facts ORDER BY 1");
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_bad_file_changes_nothing(void **state)
{
	struct world *w = *state;
	char bad[512], text[512], other[512];
	const char *paths[3] = { w->a, bad, w->b };
	struct merge_summary s[3];
	struct fair_err e = { "" };
	struct fx_ids oids;
	struct store *oev, *ok;
	char *before, *after;
	FILE *f;
	int rc;

	fx_path(bad, sizeof(bad), "corrupt.db");
	corrupt_copy(w->a, bad);
	before = fx_dump(w->ev, "SELECT hex(uuid) FROM facts ORDER BY 1");
	rc = merge(w->ev, paths, 3, s, &e);
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(e.msg, "corrupt.db"));
	assert_int_not_equal(s[1].status, 0);
	after = fx_dump(w->ev, "SELECT hex(uuid) FROM facts ORDER BY 1");
	assert_string_equal(before, after);
	free(after);

	/* not a database at all */
	fx_path(text, sizeof(text), "notes.db");
	f = fopen(text, "w");
	fputs("id,name\n1,山田\n", f);
	fclose(f);
	paths[1] = text;
	assert_int_equal(merge(w->ev, paths, 3, s, &e), FAIR_ENOTOURS);
	assert_non_null(strstr(e.msg, "notes.db"));

	/* another event's kiosk */
	oev = fx_event("other-event.db", &oids);
	ok = fx_kiosk(oev, "other.db");
	fx_add(ok, fx_fact("x", oids.booth1, oids.student[0], 1, T(1), "bx",
			   1));
	store_close(ok);
	store_close(oev);
	fx_path(other, sizeof(other), "other.db");
	paths[1] = other;
	assert_int_equal(merge(w->ev, paths, 3, s, &e), FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "other.db"));
	assert_non_null(strstr(e.msg, "another event"));
	after = fx_dump(w->ev, "SELECT hex(uuid) FROM facts ORDER BY 1");
	assert_string_equal(before, after);
	free(after);
	free(before);
}

static void file_copy(const char *from, const char *to)
{
	char cmd[1400];

	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
	assert_int_equal(system(cmd), 0);
}

static char *file_sum(const char *path)
{
	char cmd[1400], *out = calloc(1, 128);
	FILE *p;

	snprintf(cmd, sizeof(cmd), "sha1sum < '%s'", path);
	p = popen(cmd, "r");
	assert_non_null(fgets(out, 128, p));
	pclose(p);
	return out;
}

/* A kiosk copied while running: its newest facts exist only in -wal. */
static void test_wal_only_facts_not_lost(void **state)
{
	struct world *w = *state;
	char live[512], copy[512], from[600], to[600], shm[600];
	const char *paths[1] = { copy };
	struct merge_summary s[1];
	struct fair_err e = { "" };
	struct store *k;
	char *sum_db, *sum_wal, *again;
	struct stat sb;

	fx_path(live, sizeof(live), "live.db");
	fx_path(copy, sizeof(copy), "copied.db");
	k = fx_kiosk(w->ev, "live.db");
	assert_int_equal(sqlite3_exec(store_db(k), "PRAGMA wal_autocheckpoint"
				      " = 0", NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < 20; i++)
		fx_add(k, fx_fact("live", w->ids.booth1, w->ids.student[i % 8],
				  1, T(100 + i), "boot-live", 1000 * i));
	file_copy(live, copy);
	snprintf(from, sizeof(from), "%s-wal", live);
	snprintf(to, sizeof(to), "%s-wal", copy);
	assert_int_equal(stat(from, &sb), 0);
	assert_true(sb.st_size > 0);
	file_copy(from, to);
	store_close(k);

	sum_db = file_sum(copy);
	sum_wal = file_sum(to);
	assert_int_equal(merge(w->ev, paths, 1, s, &e), 0);
	assert_int_equal(s[0].facts, 20);
	assert_int_equal(s[0].added, 20);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM facts WHERE "
			       "kiosk = 'live'"), 20);
	/* the source is read, never written: no -shm, same bytes */
	snprintf(shm, sizeof(shm), "%s-shm", copy);
	assert_int_not_equal(stat(shm, &sb), 0);
	again = file_sum(copy);
	assert_string_equal(sum_db, again);
	free(again);
	again = file_sum(to);
	assert_string_equal(sum_wal, again);
	free(again);
	free(sum_db);
	free(sum_wal);
}

static void test_many_files_batches(void **state)
{
	struct world *w = *state;
	const char *paths[23];
	char names[23][512];
	struct merge_summary s[23];
	struct fair_err e = { "" };
	struct merge_opts o = { .batch = 10 };

	for (int i = 0; i < 23; i++) {
		snprintf(names[i], sizeof(names[i]), "%s", i % 2 ? w->a : w->b);
		paths[i] = names[i];
	}
	assert_int_equal(merge_run(w->ev, paths, 23, &o, s, &e), 0);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM facts"), 10);
	assert_int_equal(s[0].added + s[1].added, 10);
	assert_int_equal(s[22].added, 0);
}

/* A kiosk with enough facts that merge drops and rebuilds the facts
 * indexes; afterwards they must all be back and the file sound. */
static void test_large_merge_rebuilds_indexes(void **state)
{
	struct world *w = *state;
	const char *paths[1];
	char big[512];
	struct merge_summary s[1];
	struct fair_err e = { "" };
	struct store *k;
	char *before, *after;
	sqlite3 *db;

	before = fx_dump(w->ev, "SELECT name, sql FROM sqlite_schema WHERE "
			 "tbl_name = 'facts' ORDER BY 1");
	k = fx_kiosk(w->ev, "big.db");
	db = store_db(k);
	assert_int_equal(sqlite3_exec(db, "BEGIN; WITH RECURSIVE n(i) AS "
		"(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) "
		"INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,"
		" wall_ms, boot_id, mono_ms) SELECT randomblob(16), 'checkin',"
		" 'big', 2, i % 8 + 1, 1796432400000 + i * 1000, 'bb', i * 1000"
		" FROM n; COMMIT", NULL, NULL, NULL), SQLITE_OK);
	store_close(k);
	fx_path(big, sizeof(big), "big.db");
	paths[0] = big;
	assert_int_equal(merge_run(w->ev, paths, 1, NULL, s, &e), 0);
	assert_int_equal(s[0].added, 12000);
	after = fx_dump(w->ev, "SELECT name, sql FROM sqlite_schema WHERE "
			"tbl_name = 'facts' ORDER BY 1");
	assert_string_equal(before, after);
	free(after);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_state"), 0);
	after = fx_dump(w->ev, "PRAGMA integrity_check");
	assert_string_equal(after, "ok\n");
	free(after);

	/* a merge that stopped between batches left its indexes listed:
	 * the next merge builds them */
	assert_int_equal(sqlite3_exec(store_db(w->ev), "INSERT INTO "
		"merge_state SELECT 'index:' || name, sql FROM sqlite_schema "
		"WHERE name = 'facts_attendee'; DROP INDEX facts_attendee",
		NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(merge_run(w->ev, paths, 1, NULL, s, &e), 0);
	after = fx_dump(w->ev, "SELECT name, sql FROM sqlite_schema WHERE "
			"tbl_name = 'facts' ORDER BY 1");
	assert_string_equal(before, after);
	free(after);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_twice_equals_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_order_independent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_flags_and_repairs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_file_changes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_integrity_check_refuses,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_only_facts_not_lost,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_files_batches, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_large_merge_rebuilds_indexes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
