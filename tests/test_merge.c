/* test_merge.c: merge properties on real generated kiosk databases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "organizer_fixture.h"
#include "fair/export.h"
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
	/* finished: its mark between the batches is gone with the last */
	assert_false(merge_incomplete(w->ev, NULL, 0));
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_state "
			       "WHERE key = 'pending'"), 0);
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

/* Everything an organizer could see of the event database: refusals must
 * leave all of it as it was, new tables included. */
static char *whole_dump(struct store *st)
{
	return fx_dump(st, "SELECT type, name, sql FROM sqlite_schema "
		       "UNION ALL SELECT 'fact', hex(uuid), kiosk FROM facts "
		       "UNION ALL SELECT 'att', id, name FROM attendees "
		       "ORDER BY 1, 2, 3");
}

static void sql_on(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, msg);
		fail();
	}
	sqlite3_close(db);
}

/* A kiosk copy of b.db broken by sql. */
static void hostile(struct world *w, const char *name, const char *sql,
		    char *out, size_t cap)
{
	fx_path(out, cap, name);
	file_copy(w->b, out);
	sql_on(out, sql);
}

/* 13 inputs, the bad one 12th: found before the first batch of 9 is
 * written; the event as it was, not even merge's tables created. */
static void test_bad_12th_file_changes_nothing(void **state)
{
	struct world *w = *state;
	const char *paths[13];
	struct merge_summary s[13];
	struct fair_err e = { "" };
	char bad[512], *before, *after;

	hostile(w, "view.db", "CREATE TABLE f2 AS SELECT * FROM facts;"
		"DROP TABLE facts; CREATE VIEW facts AS WITH RECURSIVE n(i) AS"
		" (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000)"
		" SELECT randomblob(16) AS uuid, 'checkin' AS kind, 'v' AS "
		"kiosk, 1 AS place_id, 1 AS attendee_id, 1 AS serial, 1 AS "
		"direction, '' AS source, 1 AS wall_ms, '' AS boot_id, 0 AS "
		"mono_ms, NULL AS voids, 0 AS flags, 0 AS rating, '' AS tags, "
		"'' AS note FROM n", bad, sizeof(bad));
	for (int i = 0; i < 13; i++)
		paths[i] = i % 2 ? w->a : w->b;
	paths[11] = bad;
	before = whole_dump(w->ev);
	assert_int_equal(merge(w->ev, paths, 13, s, &e), FAIR_ENOTOURS);
	assert_non_null(strstr(e.msg, "view.db"));
	assert_non_null(strstr(e.msg, "view"));
	assert_int_equal(s[11].status, FAIR_ENOTOURS);
	assert_int_equal(s[0].added, 0);
	after = whole_dump(w->ev);
	assert_string_equal(before, after);
	free(after);
	free(before);
}

static void test_schema_and_values_checked(void **state)
{
	static const struct {
		const char *name, *sql, *why;
	} cases[] = {
		{ "trigger.db", "CREATE TRIGGER t AFTER INSERT ON facts BEGIN "
		  "DELETE FROM attendees; END", "trigger" },
		{ "gen.db", "ALTER TABLE facts ADD COLUMN x TEXT GENERATED "
		  "ALWAYS AS (kiosk) VIRTUAL", "not ours" },
		{ "wall.db", "INSERT INTO facts (uuid, kind, kiosk, wall_ms) "
		  "VALUES (randomblob(16), 'void', 'k', 9223372036854775807)",
		  "out of range" },
		{ "kind.db", "PRAGMA ignore_check_constraints = 1; INSERT INTO "
		  "facts (uuid, kind, kiosk, wall_ms) VALUES (randomblob(16), "
		  "'teleport', 'k', 1)", "unknown kind" },
		{ "newer.db", "PRAGMA user_version = 99", "newer" },
	};
	struct world *w = *state;
	const char *paths[2] = { w->a, NULL };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	char bad[512], *before = whole_dump(w->ev), *after;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hostile(w, cases[i].name, cases[i].sql, bad, sizeof(bad));
		paths[1] = bad;
		assert_int_not_equal(merge(w->ev, paths, 2, s, &e), 0);
		if (!strstr(e.msg, cases[i].name) ||
		    !strstr(e.msg, cases[i].why))
			fail_msg("%s: %s", cases[i].name, e.msg);
		after = whole_dump(w->ev);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
}

/* A uuid is a name: the same name with other content is refused, from
 * the event or from another input, and the file is named. */
static void test_known_uuid_other_content_refused(void **state)
{
	struct world *w = *state;
	const char *paths[2] = { w->b, NULL };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	char bad[512], *before;

	hostile(w, "twin.db", "UPDATE facts SET attendee_id = attendee_id + 1"
		" WHERE kind = 'checkin' AND uuid = (SELECT min(uuid) FROM "
		"facts WHERE kind = 'checkin')", bad, sizeof(bad));
	paths[1] = bad;
	/* both in one list: nothing merged */
	before = whole_dump(w->ev);
	assert_int_equal(merge(w->ev, paths, 2, s, &e), FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "twin.db"));
	assert_non_null(strstr(e.msg, "conflict"));
	assert_int_equal(s[0].status, 0);
	free(before);
	/* b merged first, then its twin alone */
	assert_int_equal(merge(w->ev, paths, 1, s, &e), 0);
	before = whole_dump(w->ev);
	assert_int_equal(merge(w->ev, paths + 1, 1, s, &e), FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "twin.db"));
	assert_non_null(strstr(e.msg, "already in the event"));
	{
		char *after = whole_dump(w->ev);

		assert_string_equal(before, after);
		free(after);
	}
	free(before);
}

static void test_unknown_and_foreign_void_flagged(void **state)
{
	struct world *w = *state;
	const char *paths[2] = { w->a, NULL };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	char bad[512];

	/* kiosk "evil" voids booth-a's first fact; a check-in of nobody */
	hostile(w, "evil.db", "INSERT INTO facts (uuid, kind, kiosk, "
		"place_id, attendee_id, wall_ms, voids) VALUES (randomblob(16),"
		" 'void', 'evil', 0, 0, 1796432400000, (SELECT uuid FROM facts"
		" WHERE kiosk = 'booth-b' ORDER BY uuid LIMIT 1));"
		"INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, "
		"wall_ms) VALUES (randomblob(16), 'checkin', 'evil', 9999, "
		"77777, 1796432400000)", bad, sizeof(bad));
	paths[1] = bad;
	assert_int_equal(merge(w->ev, paths, 2, s, &e), 0);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags WHERE"
			       " reason = 'void-foreign'"), 1);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags WHERE"
			       " reason = 'unknown-attendee'"), 1);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags WHERE"
			       " reason = 'unknown-place'"), 1);
	/* the walk-in of b is known (registered in the same file) */
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags g "
			       "JOIN facts f USING (uuid) WHERE f.attendee_id"
			       " >= 2147483648"), 0);
	assert_true(s[1].flagged >= 3);
}

/* A walk-in claiming a student's roster id (S001): kept under its own
 * badge id without the roster id, never dropped; the student untouched;
 * the facts naming the walk-in flagged and naming it; the same again
 * changes nothing. Two files' walk-ins claiming one id that no student
 * holds are both kept, whatever the order. */
static void test_walkin_claiming_roster_id_kept(void **state)
{
	struct world *w = *state;
	const char *paths[3] = { w->a, NULL, NULL };
	struct merge_summary s[3];
	struct fair_err e = { "" };
	char c[512], d[512], sql[256], *once, *twice;

	/* a kiosk packed before S001 was imported, or an edited file */
	hostile(w, "claim.db", "DELETE FROM attendees WHERE ext_id = 'S001';"
		"INSERT INTO attendees (id, ext_id, name) "
		"VALUES (3000000001, 'S001', '飛込 偽名'), (3000000002, 'W9', "
		"'飛込 二');"
		"INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, "
		"wall_ms) VALUES (randomblob(16), 'register', 'booth-b', 0, "
		"3000000001, 1796432400000), (randomblob(16), 'checkin', "
		"'booth-b', 0, 3000000001, 1796432460000)", c, sizeof(c));
	hostile(w, "claim2.db", "INSERT INTO attendees (id, ext_id, name) "
		"VALUES (3000000003, 'W9', '飛込 三')", d, sizeof(d));
	paths[1] = d;
	paths[2] = c;
	assert_int_equal(merge(w->ev, paths, 3, s, &e), 0);
	assert_int_equal(s[2].walkin_conflicts, 1);
	assert_string_equal(s[2].walkin_claim, "S001");
	assert_int_equal(s[1].walkin_conflicts, 0);
	/* b's own walk-in, 飛込 偽名, 飛込 二 (in the first file merged
	 * holding them) and 飛込 三 */
	assert_int_equal(count(w->ev, "SELECT count(*) FROM attendees WHERE "
			       "id >= 2147483648"), 4);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM attendees WHERE "
			       "id = 3000000001 AND ext_id IS NULL AND name = "
			       "'飛込 偽名'"), 1);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM attendees WHERE "
			       "id IN (3000000002, 3000000003)"), 2);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM attendees WHERE id ="
		 " %u AND ext_id = 'S001' AND name = '山田 太郎'",
		 w->ids.student[0]);
	assert_int_equal(count(w->ev, sql), 1);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags g "
			       "JOIN facts f USING (uuid) JOIN attendees a ON "
			       "a.id = f.attendee_id WHERE g.reason = "
			       "'walkin-id-conflict' AND a.name = '飛込 偽名'"),
			 2);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM merge_flags WHERE"
			       " reason = 'walkin-id-conflict'"), 2);
	assert_true(s[2].flagged >= 2);
	once = fx_dump(w->ev, DUMP_SQL);
	assert_int_equal(merge(w->ev, paths, 3, s, &e), 0);
	assert_int_equal(s[2].walkin_conflicts, 0); /* none new */
	twice = fx_dump(w->ev, DUMP_SQL);
	assert_string_equal(once, twice);
	free(once);
	free(twice);
}

static bool has_entry(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool yes = false;

	while (d && (e = readdir(d)) != NULL)
		yes = yes || (strcmp(e->d_name, ".") &&
			      strcmp(e->d_name, "..") &&
			      !strncmp(e->d_name, prefix, strlen(prefix)));
	if (d)
		closedir(d);
	return yes;
}

/* A merge of two batches killed after the first commits: the event
 * knows it is unfinished (naming the file not merged) and exports refuse
 * without writing; merging the same files again finishes it, and the
 * event is then exactly what one whole merge makes. */
static void die_after_first_batch(long done, long total, void *ctx)
{
	(void)total;
	(void)ctx;
	if (done == 3) /* 2 checked, the first batch committed */
		_exit(0);
}

static void test_killed_between_batches_is_incomplete(void **state)
{
	struct world *w = *state;
	const char *paths[] = { w->a, w->b };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	struct merge_opts o = { .batch = 1, .progress = die_after_first_batch };
	struct export_opts x = { .report = EXPORT_ATTENDANCE };
	char evp[512], whole[512], out[512], why[512], *d1, *d2;
	struct store *ref;
	int status;
	pid_t pid;

	fx_path(evp, sizeof(evp), "event.db");
	fx_path(whole, sizeof(whole), "whole.db");
	fx_path(out, sizeof(out), "out.csv");
	assert_int_equal(store_backup(w->ev, whole, &e), 0);
	assert_false(merge_incomplete(w->ev, why, sizeof(why)));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *st = store_open(evp, 0, &e);

		merge_run(st, paths, 2, &o, s, &e);
		_exit(1); /* never reached: the callback exits */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(count(w->ev, "SELECT count(*) FROM facts"), 5);
	assert_true(merge_incomplete(w->ev, why, sizeof(why)));
	assert_non_null(strstr(why, "1 of 2 kiosk files not merged yet"));
	assert_non_null(strstr(why, w->b));
	assert_int_equal(export_write(w->ev, &x, out, NULL, &e), FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "1 of 2"));
	assert_int_not_equal(access(out, F_OK), 0);

	assert_int_equal(merge(w->ev, paths, 2, s, &e), 0);
	assert_false(merge_incomplete(w->ev, why, sizeof(why)));
	assert_int_equal(export_write(w->ev, &x, out, NULL, &e), 0);
	assert_false(has_entry(fx_dir, ".fairmerge-"));
	ref = store_open(whole, 0, &e);
	assert_non_null(ref);
	assert_int_equal(merge(ref, paths, 2, s, &e), 0);
	d1 = fx_dump(ref, DUMP_SQL);
	d2 = fx_dump(w->ev, DUMP_SQL);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	store_close(ref);
}

/* Not kiosk files: refused by name before anything is opened (a FIFO
 * would block an open forever). */
static void test_not_files_refused_at_once(void **state)
{
	struct world *w = *state;
	char evp[512], fifo[512], dir[512], lnk[512], hard[512];
	const char *bad[] = { evp, fifo, dir, lnk, hard, "/dev/null" };
	const char *paths[2] = { w->a, NULL };
	struct merge_summary s[2];
	struct fair_err e = { "" };
	char *before = whole_dump(w->ev), *after;

	fx_path(evp, sizeof(evp), "event.db");
	fx_path(fifo, sizeof(fifo), "fifo.db");
	fx_path(dir, sizeof(dir), "dir.db");
	fx_path(lnk, sizeof(lnk), "link.db");
	fx_path(hard, sizeof(hard), "hard.db");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(symlink(evp, lnk), 0);
	assert_int_equal(link(evp, hard), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		paths[1] = bad[i];
		assert_int_equal(merge(w->ev, paths, 2, s, &e), FAIR_EINVAL);
		if (!strstr(e.msg, bad[i]))
			fail_msg("%s not named: %s", bad[i], e.msg);
		assert_int_equal(s[1].status, FAIR_EINVAL);
	}
	after = whole_dump(w->ev);
	assert_string_equal(before, after);
	free(after);
	free(before);
	unlink(hard);
}

/* A copy (input with -wal) lives beside the event database, never in
 * TMPDIR, and is gone after the merge. */
static void test_copies_beside_event_and_removed(void **state)
{
	struct world *w = *state;
	char live[512], copy[512], from[600], to[700], tmp[512];
	const char *paths[1] = { copy };
	struct merge_summary s[1];
	struct fair_err e = { "" };
	struct store *k;
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	fx_path(tmp, sizeof(tmp), "tmp");
	assert_int_equal(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	fx_path(live, sizeof(live), "live2.db");
	fx_path(copy, sizeof(copy), "copied2.db");
	k = fx_kiosk(w->ev, "live2.db");
	assert_int_equal(sqlite3_exec(store_db(k), "PRAGMA wal_autocheckpoint"
				      " = 0", NULL, NULL, NULL), SQLITE_OK);
	fx_add(k, fx_fact("live", w->ids.booth1, w->ids.student[1], 1, T(9),
			  "boot-live", 9));
	file_copy(live, copy);
	snprintf(from, sizeof(from), "%s-wal", live);
	snprintf(to, sizeof(to), "%s-wal", copy);
	file_copy(from, to);
	store_close(k);
	/* a folder a killed merge left (no such process) */
	fx_path(from, sizeof(from), ".fairmerge-999999999-abcdef");
	assert_int_equal(mkdir(from, 0700), 0);
	snprintf(to, sizeof(to), "%s/0.db", from);
	file_copy(w->a, to);
	assert_int_equal(merge(w->ev, paths, 1, s, &e), 0);
	assert_int_equal(s[0].added, 1);
	assert_false(has_entry(fx_dir, ".fairmerge-"));
	assert_false(has_entry(tmp, ""));
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_twice_equals_once, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_order_independent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_walkin_claiming_roster_id_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_killed_between_batches_is_incomplete, setup,
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
		cmocka_unit_test_setup_teardown(
			test_bad_12th_file_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_schema_and_values_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_known_uuid_other_content_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_unknown_and_foreign_void_flagged, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_not_files_refused_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_copies_beside_event_and_removed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
