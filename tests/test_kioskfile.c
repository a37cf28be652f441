/* test_kioskfile.c: a kiosk file from outside is checked as merge checks
 * it, nothing it carries runs, a copy is checked (not its source), a
 * refused copy leaves nothing, and a bundle's database lives in it. The
 * store itself never opens a file holding a trigger or a view. */
#include <sys/stat.h>

#include "testutil.h"

#include "fair/kioskfile.h"

/* A check-in of attendee 1 at place 1 at wall time ms. */
static void checkin(struct store *st, int64_t ms)
{
	struct fact f = { .kind = FACT_CHECKIN, .kiosk = "booth-C1",
			  .place_id = 1, .attendee_id = 1, .serial = 1,
			  .direction = 1, .wall_ms = ms };
	struct fair_err err = { "" };

	if (store_fact_append(st, &f, &err))
		fail_msg("%s", err.msg);
}

struct world {
	char *dir;
	char good[512];          /* a kiosk file with one check-in */
	uint32_t event_id;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct fair_err err = { "" };
	struct event_info ev;
	struct store *st;

	assert_non_null(w);
	w->dir = tu_tmpdir();
	st = tu_event(w->dir);
	checkin(st, T_EVENT_DAY_10AM);
	assert_int_equal(store_event_get(st, &ev, &err), 0);
	w->event_id = ev.event_id;
	store_close(st);
	tu_path(w->good, sizeof(w->good), w->dir, "event.db");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	tu_rmdir(w->dir);
	free(w);
	return 0;
}

/* dir/name: a copy of the good file with sql run on it (sqlite3 CLI, as
 * an attacker would). */
static void spoil(struct world *w, const char *name, const char *sql,
		  char *out, size_t cap)
{
	char cmd[2048];

	tu_path(out, cap, w->dir, name);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && sqlite3 '%s' \"%s\"",
		 w->good, out, out, sql);
	assert_int_equal(system(cmd), 0);
}

static char *slurp(const char *path, long *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*n = ftell(f);
	rewind(f);
	buf = malloc((size_t)*n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)*n, f), (size_t)*n);
	fclose(f);
	return buf;
}

static void test_good_file_passes(void **state)
{
	struct world *w = *state;
	struct kioskfile_info info = { 0 };
	struct fair_err err = { "" };

	if (kioskfile_check(w->good, NULL, &info, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(info.event_id, w->event_id);
	assert_int_equal(info.facts, 1);
}

static void test_hostile_files_refused_unchanged(void **state)
{
	static const struct {
		const char *name, *sql, *why;
	} cases[] = {
		{ "trig.db", "CREATE TABLE marker (x); CREATE TRIGGER t AFTER "
		  "INSERT ON facts BEGIN INSERT INTO marker VALUES (1); END",
		  "trigger" },
		{ "view.db", "CREATE VIEW v AS SELECT 1", "view" },
		{ "gen.db", "ALTER TABLE facts ADD COLUMN x TEXT GENERATED "
		  "ALWAYS AS (kiosk) VIRTUAL", "not ours" },
		{ "kind.db", "PRAGMA ignore_check_constraints = 1; INSERT INTO "
		  "facts (uuid, kind, kiosk, wall_ms) VALUES (randomblob(16), "
		  "'teleport', 'k', 1)", "unknown kind" },
		{ "newer.db", "PRAGMA user_version = 99", "newer" },
		{ "idx.db", "CREATE INDEX mine ON facts(note)", "index" },
	};
	struct world *w = *state;
	struct fair_err err = { "" };
	char path[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		long n1, n2;
		char *before, *after;

		spoil(w, cases[i].name, cases[i].sql, path, sizeof(path));
		before = slurp(path, &n1);
		assert_int_not_equal(kioskfile_check(path, NULL, NULL, &err),
				     0);
		if (!strstr(err.msg, path) || !strstr(err.msg, cases[i].why))
			fail_msg("%s: %s", cases[i].name, err.msg);
		after = slurp(path, &n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(before, after, (size_t)n1);
		free(before);
		free(after);
	}
}

static void test_link_refused(void **state)
{
	struct world *w = *state;
	struct fair_err err = { "" };
	char link[512], to[512];

	tu_path(link, sizeof(link), w->dir, "link.db");
	tu_path(to, sizeof(to), w->dir, "to.db");
	assert_int_equal(symlink(w->good, link), 0);
	assert_int_equal(kioskfile_check(link, NULL, NULL, &err),
			 FAIR_ENOTOURS);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_not_equal(kioskfile_copy(link, to, 1LL << 30, NULL, &err),
			     0);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_equal(access(to, F_OK), -1);
}

/* A bundle's other files: the budget counts down by what was copied,
 * a file over what is left or behind a link is refused. */
static void test_copy_plain_budget(void **state)
{
	struct world *w = *state;
	struct fair_err err = { "" };
	char from[512], to[512], to2[512], link[512];
	long long left = 100;
	FILE *f;

	tu_path(from, sizeof(from), w->dir, "kiosk.ini");
	tu_path(to, sizeof(to), w->dir, "copy.ini");
	tu_path(to2, sizeof(to2), w->dir, "copy2.ini");
	tu_path(link, sizeof(link), w->dir, "link.ini");
	f = fopen(from, "w");
	assert_non_null(f);
	fputs("[kiosk]\nrole = door\n", f); /* 20 bytes */
	fclose(f);
	assert_int_equal(kioskfile_copy_plain(from, to, &left, &err), 0);
	assert_int_equal(left, 100 - 20);
	assert_int_equal(access(to, F_OK), 0);
	left = 19;
	assert_int_equal(kioskfile_copy_plain(from, to2, &left, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "larger"));
	assert_int_equal(access(to2, F_OK), -1);
	assert_int_equal(symlink(from, link), 0);
	left = 100;
	assert_int_equal(kioskfile_copy_plain(link, to2, &left, &err),
			 FAIR_ENOTOURS);
	assert_non_null(strstr(err.msg, "symbolic link"));
}

/* A file still open by a kiosk has its newest facts in the -wal: the
 * copy holds them, in one file. */
static void test_copy_folds_wal(void **state)
{
	struct world *w = *state;
	struct kioskfile_info info = { 0 };
	struct fair_err err = { "" };
	struct store *st = store_open(w->good, 0, &err);
	char to[512], side[600];
	struct stat sb;

	assert_non_null(st);
	checkin(st, T_EVENT_DAY_10AM + T_MIN);
	snprintf(side, sizeof(side), "%s-wal", w->good);
	assert_int_equal(stat(side, &sb), 0);
	assert_true(sb.st_size > 0);
	tu_path(to, sizeof(to), w->dir, "copy.db");
	if (kioskfile_copy(w->good, to, 1LL << 30, &info, &err))
		fail_msg("%s", err.msg);
	store_close(st);
	assert_int_equal(info.facts, 2);
	snprintf(side, sizeof(side), "%s-wal", to);
	assert_int_equal(access(side, F_OK), -1);
	assert_int_equal(stat(to, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(kioskfile_check(to, NULL, &info, &err), 0);
	assert_int_equal(info.facts, 2);
}

/* What is installed is what was checked: a refused copy leaves nothing
 * at the destination, and the message names the source. */
static void test_refused_copy_leaves_nothing(void **state)
{
	struct world *w = *state;
	struct fair_err err = { "" };
	char bad[512], to[512], side[600];

	spoil(w, "eat.db", "CREATE TRIGGER eat AFTER INSERT ON facts BEGIN "
	      "DELETE FROM facts WHERE uuid = NEW.uuid; END", bad,
	      sizeof(bad));
	tu_path(to, sizeof(to), w->dir, "copy2.db");
	assert_int_equal(kioskfile_copy(bad, to, 1LL << 30, NULL, &err),
			 FAIR_ENOTOURS);
	assert_non_null(strstr(err.msg, bad));
	assert_non_null(strstr(err.msg, "trigger"));
	assert_int_equal(access(to, F_OK), -1);
	snprintf(side, sizeof(side), "%s-journal", to);
	assert_int_equal(access(side, F_OK), -1);
	/* larger than allowed: refused before a byte is written */
	assert_int_not_equal(kioskfile_copy(w->good, to, 4096, NULL, &err),
			     0);
	assert_non_null(strstr(err.msg, "larger"));
	assert_int_equal(access(to, F_OK), -1);
	/* the destination exists: never overwritten */
	assert_int_equal(kioskfile_copy(w->good, w->good, 1LL << 30, NULL,
					&err), FAIR_EIO);
	assert_int_equal(kioskfile_check(w->good, NULL, NULL, &err), 0);
}

static void test_db_in_bundle(void **state)
{
	static const struct {
		const char *db;
		int ok;
	} cases[] = {
		{ "usb/k/kiosk.db", 1 },
		{ "usb/k/other.db", 1 },
		{ "/abs/outside.db", 0 },
		{ "usb/k/../x.db", 0 },
		{ "usb/k/sub/x.db", 0 },
		{ "usb/kx/kiosk.db", 0 },
		{ "usb/k/.hidden.db", 0 },
	};
	struct kiosk_config c;
	struct fair_err err = { "" };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		config_defaults(&c);
		snprintf(c.db, sizeof(c.db), "%s", cases[i].db);
		if ((kioskfile_db_in_bundle("usb/k/kiosk.ini", &c, &err) == 0)
		    != cases[i].ok)
			fail_msg("%s: %s", cases[i].db, err.msg);
		if (!cases[i].ok && (!strstr(err.msg, "usb/k/kiosk.ini") ||
				     !strstr(err.msg, "beside kiosk.ini")))
			fail_msg("%s: %s", cases[i].db, err.msg);
	}
	config_defaults(&c);
	snprintf(c.db, sizeof(c.db), "./kiosk.db");
	assert_int_equal(kioskfile_db_in_bundle("kiosk.ini", &c, &err), 0);
}

/* The kiosk's own open: a trigger that deletes each fact would let it
 * show green over nothing on disk. Refused, read-only too. */
static void test_store_refuses_trigger_and_view(void **state)
{
	struct world *w = *state;
	struct fair_err err = { "" };
	char path[512];

	spoil(w, "st-trig.db", "CREATE TRIGGER eat AFTER INSERT ON facts "
	      "BEGIN DELETE FROM facts WHERE uuid = NEW.uuid; END", path,
	      sizeof(path));
	assert_null(store_open(path, STORE_WATCH, &err));
	assert_non_null(strstr(err.msg, "trigger"));
	assert_null(store_open(path, STORE_READONLY, &err));
	spoil(w, "st-view.db", "CREATE VIEW v AS SELECT 1", path,
	      sizeof(path));
	assert_null(store_open(path, 0, &err));
	assert_non_null(strstr(err.msg, "view"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file_passes),
		cmocka_unit_test(test_hostile_files_refused_unchanged),
		cmocka_unit_test(test_link_refused),
		cmocka_unit_test(test_copy_plain_budget),
		cmocka_unit_test(test_copy_folds_wal),
		cmocka_unit_test(test_refused_copy_leaves_nothing),
		cmocka_unit_test(test_db_in_bundle),
		cmocka_unit_test(test_store_refuses_trigger_and_view),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
