/* test_durability.c: nothing confirmed is ever lost. A child process
 * records check-ins and reports each one the store confirmed; the parent
 * kills it with SIGKILL at a random moment, 100 times, and checks that the
 * file is intact and holds every confirmed check-in. A full disk refuses a
 * check-in honestly and recording resumes once there is room. */
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include <sodium.h>

#define KILLS 100

static void child_record(const char *path, int fd)
{
	struct store *st = store_open(path, 0, NULL);
	struct rules_config cfg = { .dedupe_s = 0, .direction = 1 };
	struct checkin_ctx ctx;
	struct checkin_result res;

	if (!st || checkin_ctx_init(&ctx, st, "booth:C1", "crash", &cfg,
				    NULL))
		_exit(2);
	for (int64_t i = 0;; i++) {
		/* Dedupe 0: every manual check-in is a new fact. */
		if (checkin_manual(&ctx, 1 + (uint32_t)(i % 3),
				   T_EVENT_DAY_10AM + i * 1000, i, &res) ==
		    OUTCOME_ACCEPTED) {
			if (write(fd, res.fact.uuid, FACT_UUID_BYTES) !=
			    FACT_UUID_BYTES)
				_exit(3);
		}
	}
}

static int read_confirmed(int fd, uint8_t (*uuids)[FACT_UUID_BYTES],
			  int max)
{
	int n = 0;
	ssize_t got;

	while (n < max && (got = read(fd, uuids[n], FACT_UUID_BYTES)) ==
	       FACT_UUID_BYTES)
		n++;
	return n;
}

static void assert_integrity_ok(struct store *st)
{
	sqlite3_stmt *s;

	sqlite3_prepare_v2(store_db(st), "PRAGMA integrity_check", -1, &s,
			   NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
}

static void test_sigkill_never_loses_a_confirmed_checkin(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	static uint8_t uuids[200000][FACT_UUID_BYTES];
	long total = 0;

	(void)state;
	store_close(tu_event(dir));
	tu_path(path, sizeof(path), dir, "event.db");
	for (int k = 0; k < KILLS; k++) {
		int fds[2];
		pid_t pid;
		struct store *st;
		int n;

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			child_record(path, fds[1]);
		}
		close(fds[1]);
		/* the kill lands at a random moment after the first
		 * confirmed check-in, however long opening took */
		n = read_confirmed(fds[0], uuids, 1);
		usleep(randombytes_uniform(20000));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		n += read_confirmed(fds[0], uuids + n, 200000 - n);
		close(fds[0]);
		st = store_open(path, 0, NULL);
		assert_non_null(st);
		assert_integrity_ok(st);
		for (int i = 0; i < n; i++)
			assert_int_equal(store_fact_get(st, uuids[i],
							&(struct fact){ 0 }),
					 0);
		store_close(st);
		total += n;
	}
	print_message("%d kills, %ld confirmed check-ins all present\n",
		      KILLS, total);
	assert_true(total > 0);
	tu_rmdir(dir);
}

static void set_max_pages(struct store *st, int pages)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %d", pages);
	assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL),
			 SQLITE_OK);
}

static void test_full_disk_is_reported_and_recovers(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct rules_config cfg = { .dedupe_s = 0, .direction = 1 };
	struct checkin_ctx ctx;
	struct checkin_result res;
	int stored = 0, pages = 0;
	char badge[TOKEN_TEXT_MAX];
	enum outcome o = OUTCOME_ACCEPTED;

	(void)state;
	assert_int_equal(checkin_ctx_init(&ctx, st, "booth:C1", "full", &cfg,
					  NULL), 0);
	sqlite3_exec(store_db(st), "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
		     NULL, NULL);
	{
		sqlite3_stmt *s;

		sqlite3_prepare_v2(store_db(st), "PRAGMA page_count", -1, &s,
				   NULL);
		sqlite3_step(s);
		pages = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	set_max_pages(st, pages + 2); /* the "disk" is nearly full */
	tu_badge(st, "S1", badge);
	for (int i = 0; i < 5000 && o == OUTCOME_ACCEPTED; i++) {
		o = checkin_process(&ctx, badge, strlen(badge), SOURCE_CAMERA,
				    T_EVENT_DAY_10AM + i, i, &res);
		stored += o == OUTCOME_ACCEPTED;
	}
	assert_int_equal(o, OUTCOME_NOT_STORED);
	assert_true(res.err.msg[0] != '\0');
	print_message("full after %d check-ins: %s\n", stored, res.err.msg);
	assert_int_equal(store_fact_get(st, res.fact.uuid,
					&(struct fact){ 0 }), FAIR_ENOENT);
	assert_int_equal(store_checkin_count(st, ctx.place.id, 0, INT64_MAX),
			 stored);
	set_max_pages(st, 1000000); /* room again */
	assert_int_equal(checkin_process(&ctx, badge, strlen(badge),
					 SOURCE_CAMERA, T_EVENT_DAY_10AM + 9999,
					 1, &res), OUTCOME_ACCEPTED);
	assert_int_equal(store_checkin_count(st, ctx.place.id, 0, INT64_MAX),
			 stored + 1);
	assert_integrity_ok(st);
	store_close(st);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sigkill_never_loses_a_confirmed_checkin),
		cmocka_unit_test(test_full_disk_is_reported_and_recovers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
