/* bench_merge.c: merge_run() beside the plain-SQL merge (ATTACH + INSERT
 * OR IGNORE, 10 files per transaction, 64 MB cache) on the same kiosk
 * files in the same run; then re-merging one already merged file.
 * Targets: ratio at most 1.2 with our validation included; re-merge at
 * most 0.25 s.
 * Each side runs BENCH_MERGE_RUNS times, alternating, into a fresh event
 * database; medians are compared (this machine is noisy).
 *   env BENCH_MERGE_FILES (20), BENCH_MERGE_FACTS (50000 per file),
 *       BENCH_MERGE_RUNS (3), BENCH_DIR (temporary directory on the disk
 *       under test), BENCH_KEEP (keep the files) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "fair/merge.h"
#include "fair/store.h"

#define BENCH_NAME "bench_merge"
#include "bench_util.h"

#define DAY_10AM 1796432400000LL /* 2026-12-05 10:00 JST */
#define ATTENDEES 2000
#define PLACES 50

/* UUIDv7 of fact number k of the whole pool: the same k gives the same
 * UUID in every file, which is how files overlap. */
static void uuid_of(long k, int64_t wall, uint8_t u[16])
{
	uint8_t key[crypto_shorthash_KEYBYTES] = { 7 };
	uint8_t in[8];

	for (int i = 0; i < 8; i++)
		in[i] = (uint8_t)(k >> (8 * i));
	crypto_shorthash(u + 8, in, sizeof(in), key);
	in[0] ^= 0x5a;
	crypto_shorthash(u, in, sizeof(in), key);
	for (int i = 0; i < 6; i++)
		u[i] = (uint8_t)((uint64_t)wall >> (40 - 8 * i));
	u[6] = (uint8_t)(0x70 | (u[6] & 0x0f));
	u[8] = (uint8_t)(0x80 | (u[8] & 0x3f));
}

/* Kiosk file f holds pool facts [f * step, f * step + per). */
static void fill_kiosk(const char *path, int f, long per, long step)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char kiosk[32], boot[40];

	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	sql(db, "PRAGMA cache_size = -65536; BEGIN");
	if (sqlite3_prepare_v2(db, "INSERT INTO facts (uuid, kind, kiosk, "
			       "place_id, attendee_id, serial, direction, "
			       "source, wall_ms, boot_id, mono_ms) VALUES "
			       "(?1, 'checkin', ?2, ?3, ?4, 1, 1, 'camera', "
			       "?5, ?6, ?7)", -1, &s, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	for (long i = 0; i < per; i++) {
		long k = f * step + i;
		int64_t wall = DAY_10AM + k * 20;
		uint8_t u[16];

		/* a fact copied to the next file keeps its first kiosk */
		snprintf(kiosk, sizeof(kiosk), "kiosk-%ld", k / step);
		snprintf(boot, sizeof(boot), "boot-%ld", k / step);
		uuid_of(k, wall, u);
		sqlite3_bind_blob(s, 1, u, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, kiosk, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 3, 1 + (int)(k % PLACES));
		sqlite3_bind_int(s, 4, 1 + (int)(k * 7919 % ATTENDEES));
		sqlite3_bind_int64(s, 5, wall);
		sqlite3_bind_text(s, 6, boot, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 7, k * 20);
		if (sqlite3_step(s) != SQLITE_DONE)
			die("insert", sqlite3_errmsg(db));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	sql(db, "COMMIT");
	sqlite3_close(db);
}

static void make_event(const char *dir, char *empty, size_t n)
{
	struct fair_err e = { "" };
	struct store *st;

	snprintf(empty, n, "%s/empty.db", dir);
	st = store_open(empty, STORE_CREATE, &e);
	if (!st || store_event_create(st, "bench", "2026-12-05",
				      "2026-12-05", &e))
		die("event", e.msg);
	/* the places and attendees the facts name: merge flags (and exports
	 * leave out) facts naming ones the event does not know */
	sql(store_db(st), "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO attendees (id, "
	    "ext_id, name) SELECT i, 'S' || i, 'student ' || i FROM n; "
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 50) INSERT OR IGNORE INTO places (id, ext_id, kind, name) "
	    "SELECT i, 'booth:' || i, 'booth', 'booth ' || i FROM n; "
	    "COMMIT");
	store_close(st);
}

static void copy_event(const char *empty, const char *to)
{
	struct fair_err e = { "" };
	struct store *st = store_open(empty, 0, &e);

	if (!st || store_backup(st, to, &e))
		die("copy", e.msg);
	store_close(st);
}

static double plain_merge(const char *path, char (*files)[512], int n)
{
	sqlite3 *db;
	char q[700];
	double t0 = now_s();

	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "PRAGMA cache_size = -65536");
	for (int i = 0; i < n; i += 10) {
		int k = n - i < 10 ? n - i : 10;

		for (int j = 0; j < k; j++) {
			snprintf(q, sizeof(q), "ATTACH '%s' AS k%d",
				 files[i + j], j);
			sql(db, q);
		}
		sql(db, "BEGIN");
		for (int j = 0; j < k; j++) {
			snprintf(q, sizeof(q), "INSERT OR IGNORE INTO "
				 "main.facts SELECT * FROM k%d.facts", j);
			sql(db, q);
		}
		sql(db, "COMMIT");
		for (int j = 0; j < k; j++) {
			snprintf(q, sizeof(q), "DETACH k%d", j);
			sql(db, q);
		}
	}
	sqlite3_close(db);
	return now_s() - t0;
}

static double our_merge(const char *path, char (*files)[512], int n,
			long *added)
{
	const char **paths = calloc((size_t)n, sizeof(*paths));
	struct merge_summary *sums = calloc((size_t)n, sizeof(*sums));
	struct fair_err e = { "" };
	struct store *st;
	double t0 = now_s(), t;

	for (int i = 0; i < n; i++)
		paths[i] = files[i];
	st = store_open(path, 0, &e);
	if (!st || merge_run(st, paths, n, NULL, sums, &e))
		die("merge", e.msg);
	store_close(st);
	t = now_s() - t0;
	*added = 0;
	for (int i = 0; i < n; i++)
		*added += sums[i].added;
	free(paths);
	free(sums);
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

int main(void)
{
	int nf = (int)env_long("BENCH_MERGE_FILES", 20);
	long per = env_long("BENCH_MERGE_FACTS", 50000);
	long step = per - per / 10; /* 10% shared with the next file */
	const char *base = getenv("BENCH_DIR") ? getenv("BENCH_DIR") : "/tmp";
	char dir[256], empty[300], plain[320], ours[320], cmd[300];
	char (*files)[512] = calloc((size_t)nf, sizeof(*files));
	int runs = (int)env_long("BENCH_MERGE_RUNS", 3);
	double tp, to, tr, p[16], o[16], re[16];
	long added = 0, again = 0;

	runs = runs > 16 ? 16 : runs;
	if (sodium_init() < 0 || !files)
		die("init", "libsodium or memory");
	snprintf(dir, sizeof(dir), "%s/bench_mergeXXXXXX", base);
	if (!mkdtemp(dir))
		die("mkdtemp", dir);
	make_event(dir, empty, sizeof(empty));
	printf("generating %d kiosk files x %ld facts (10%% overlap)...\n",
	       nf, per);
	fflush(stdout);
	for (int f = 0; f < nf; f++) {
		snprintf(files[f], sizeof(files[f]), "%s/kiosk%02d.db", dir, f);
		copy_event(empty, files[f]);
		fill_kiosk(files[f], f, per, step);
	}
	for (int r = 0; r < runs; r++) {
		snprintf(plain, sizeof(plain), "%s/plain%d.db", dir, r);
		snprintf(ours, sizeof(ours), "%s/ours%d.db", dir, r);
		copy_event(empty, plain);
		copy_event(empty, ours);
		sync();
		p[r] = plain_merge(plain, files, nf);
		sync();
		o[r] = our_merge(ours, files, nf, &added);
		sync();
		re[r] = our_merge(ours, files + nf / 2, 1, &again);
		printf("  run %d: plain %.2f s, ours %.2f s, re-merge %.3f s\n",
		       r + 1, p[r], o[r], re[r]);
		fflush(stdout);
	}
	tp = median(p, runs);
	to = median(o, runs);
	tr = median(re, runs);
	printf("merge %d files x %ld facts: %ld new facts\n", nf, per, added);
	printf("  plain SQL (ATTACH, INSERT OR IGNORE, 10/tx, 64 MB): "
	       "%.2f s (median)\n", tp);
	printf("  fairsync merge (validation, flags, repairs):        "
	       "%.2f s (median)\n", to);
	printf("  ratio %.2f (target <= 1.2)\n", to / tp);
	printf("  re-merge of one merged file: %.3f s, %ld new "
	       "(target <= 0.25 s)\n", tr, again);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (getenv("BENCH_KEEP"))
		printf("kept %s\n", dir);
	else if (system(cmd) != 0)
		fprintf(stderr, "bench_merge: could not remove %s\n", dir);
	free(files);
	return 0;
}
