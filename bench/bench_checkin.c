/* bench_checkin.c: a full check-in (decode, verify, rules, durable commit)
 * beside a bare INSERT with the same pragmas on the same disk, in the same
 * run, interleaved in blocks so drift hits both alike. Prints p50/p99 and
 * their ratios; the target is a p99 ratio of at most 1.5. Also token
 * verifications per second beside bare Ed25519 verifies.
 *   usage: bench_checkin [N] [DIR]   (N >= 2000, DIR on the kiosk's disk) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "fair/rules.h"
#include "fair/store.h"

#define BLOCK 100
#define DAY_10AM 1796432400000LL

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double pct(int64_t *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_i64);
	return (double)v[(int)(p * (n - 1))] / 1e6;
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_checkin: %s: %s\n", what, msg);
	exit(1);
}

/* An event with n students, and their badges. */
static struct store *setup_event(const char *path, int n, char (*badges)[128])
{
	struct fair_err err = { "" };
	/* opened as the kiosk opens its file: watched (store_check_file
	 * before and after each fact) */
	struct store *st = store_open(path, STORE_CREATE | STORE_WATCH, &err);
	struct event_info ev;
	uint8_t sk[TOKEN_SK_BYTES];
	struct place p = { .ext_id = "booth:B", .kind = PLACE_BOOTH,
			   .name = "Booth" };

	if (!st || store_event_create(st, "bench", "2026-12-05", NULL, &err) ||
	    store_place_upsert(st, &p, &err) || store_event_get(st, &ev, &err) ||
	    store_signing_key(st, sk, &err) || store_begin(st, &err))
		die(path, err.msg);
	for (int i = 0; i < n; i++) {
		struct attendee a = { .name = "学生" };

		snprintf(a.ext_id, sizeof(a.ext_id), "S%d", i);
		if (store_attendee_upsert(st, &a, &err))
			die("roster", err.msg);
		token_encode(&(struct token){ .version = 1,
			     .event_id = ev.event_id, .attendee_id = a.id,
			     .serial = 1 }, sk, badges[i]);
	}
	if (store_commit(st, &err))
		die("roster", err.msg);
	return st;
}

/* The baseline: the same row, same pragmas, no validation, no index. */
static sqlite3_stmt *setup_bare(const char *path, sqlite3 **db)
{
	sqlite3_stmt *s;

	unlink(path);
	if (sqlite3_open(path, db) ||
	    sqlite3_exec(*db, "PRAGMA journal_mode=WAL; PRAGMA synchronous="
			 "FULL; CREATE TABLE facts (uuid BLOB PRIMARY KEY,"
			 " kind TEXT, kiosk TEXT, place_id INT, attendee_id"
			 " INT, serial INT, direction INT, source TEXT,"
			 " wall_ms INT, boot_id TEXT, mono_ms INT, voids BLOB,"
			 " flags INT) WITHOUT ROWID", NULL, NULL, NULL) ||
	    sqlite3_prepare_v2(*db, "INSERT INTO facts VALUES (?1, 'checkin',"
			       " 'k', 1, ?2, 1, 1, 'camera', ?3, 'boot', ?2,"
			       " NULL, 0)", -1, &s, NULL))
		die(path, sqlite3_errmsg(*db));
	return s;
}

static int64_t bare_insert(sqlite3_stmt *s, int i)
{
	uint8_t uuid[16];
	int64_t t0 = now_ns();

	randombytes_buf(uuid, sizeof(uuid));
	sqlite3_bind_blob(s, 1, uuid, 16, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, i);
	sqlite3_bind_int64(s, 3, DAY_10AM + i);
	if (sqlite3_step(s) != SQLITE_DONE)
		die("bare insert", "failed");
	sqlite3_reset(s);
	return now_ns() - t0;
}

static void bench_verify(char (*badges)[128], const struct token_keys *keys,
			 uint32_t event_id)
{
	int n = 5000;
	int64_t t0 = now_ns(), t_ours, t_bare;
	uint8_t sig[64], msg[12] = { 0 }, pk[32], sk[64];
	struct token t;

	for (int i = 0; i < n; i++)
		if (token_check(badges[i % 100], TOKEN_TEXT_LEN, event_id, keys,
				&t, NULL) != TOKEN_OK)
			die("verify", "badge refused");
	t_ours = now_ns() - t0;
	crypto_sign_keypair(pk, sk);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	t0 = now_ns();
	for (int i = 0; i < n; i++)
		if (crypto_sign_verify_detached(sig, msg, sizeof(msg), pk))
			die("verify", "bare verify failed");
	t_bare = now_ns() - t0;
	printf("token verify: %.0f/s; bare Ed25519 verify: %.0f/s; "
	       "ratio %.2f\n", n / (t_ours / 1e9), n / (t_bare / 1e9),
	       (double)t_ours / (double)t_bare);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 3000;
	const char *dir = argc > 2 ? argv[2] : "build/bench-data";
	char ev_path[512], bare_path[512], cmd[600];
	char (*badges)[128];
	int64_t *ours, *bare;
	struct checkin_ctx ctx;
	struct rules_config cfg = { .dedupe_s = 900, .direction = 1 };
	struct fair_err err = { "" };
	struct store *st;
	sqlite3 *bdb;
	sqlite3_stmt *bs;

	if (n < 2000)
		n = 2000;
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
	if (system(cmd) != 0 || sodium_init() < 0)
		die(dir, "cannot create");
	snprintf(ev_path, sizeof(ev_path), "%s/checkin.db", dir);
	snprintf(bare_path, sizeof(bare_path), "%s/bare.db", dir);
	unlink(ev_path);
	badges = calloc((size_t)n, sizeof(*badges));
	ours = calloc((size_t)n, sizeof(*ours));
	bare = calloc((size_t)n, sizeof(*bare));
	st = setup_event(ev_path, n, badges);
	if (checkin_ctx_init(&ctx, st, "booth:B", "bench", &cfg, &err))
		die("ctx", err.msg);
	bs = setup_bare(bare_path, &bdb);
	for (int b = 0; b < n; b += BLOCK) {
		for (int i = b; i < b + BLOCK && i < n; i++)
			bare[i] = bare_insert(bs, i);
		for (int i = b; i < b + BLOCK && i < n; i++) {
			struct checkin_result res;
			int64_t t0 = now_ns();

			if (checkin_process(&ctx, badges[i], TOKEN_TEXT_LEN,
					    SOURCE_CAMERA, DAY_10AM + i, i,
					    &res) != OUTCOME_ACCEPTED)
				die("check-in", outcome_key(res.outcome));
			ours[i] = now_ns() - t0;
		}
	}
	double op50 = pct(ours, n, 0.5), op99 = pct(ours, n, 0.99);
	double bp50 = pct(bare, n, 0.5), bp99 = pct(bare, n, 0.99);
	printf("check-in x%d (decode+verify+rules+durable commit): "
	       "p50 %.3f ms, p99 %.3f ms\n", n, op50, op99);
	printf("bare INSERT, WAL+FULL, same disk:            "
	       "p50 %.3f ms, p99 %.3f ms\n", bp50, bp99);
	printf("ratio check-in/bare: p50 %.2f, p99 %.2f (target p99 <= 1.5)\n",
	       op50 / bp50, op99 / bp99);
	bench_verify(badges, &ctx.keys, ctx.event.event_id);
	sqlite3_finalize(bs);
	sqlite3_close(bdb);
	store_close(st);
	free(badges);
	free(ours);
	free(bare);
	return 0;
}
