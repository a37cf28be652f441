/* bench_export.c: `fairsync export attendance` to CSV beside the sqlite3
 * shell running the same query with -csv, in the same run, on an event
 * with one million attendance rows (students x places). Target ratio at
 * most 1.0. Our side also formats times, quotes and neutralises cells.
 *   env BENCH_EXPORT_STUDENTS (100000), BENCH_EXPORT_PLACES (10),
 *       BENCH_EXPORT_RUNS (3), BENCH_DIR (/tmp) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "fair/export.h"
#include "fair/merge.h"
#include "fair/store.h"

#define BENCH_NAME "bench_export"
#include "bench_util.h"

#define DAY_10AM 1796432400000LL /* 2026-12-05 10:00 JST */

static void roster(sqlite3 *db, long students, int places)
{
	char q[512];

	snprintf(q, sizeof(q), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
		 "SELECT i + 1 FROM n WHERE i < %d) INSERT INTO places (id, "
		 "ext_id, kind, name) SELECT i + 1, 'booth:C' || i, 'booth', "
		 "'株式会社 ' || i FROM n", places);
	sql(db, q);
	snprintf(q, sizeof(q), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
		 "SELECT i + 1 FROM n WHERE i < %ld) INSERT INTO attendees "
		 "(id, ext_id, name, kana, school) SELECT i, 'S' || i, "
		 "'学生 ' || i, 'ガクセイ', CASE i %% 3 WHEN 0 THEN '岐阜大学' "
		 "WHEN 1 THEN 'Comma, Univ' ELSE '=Formula' END FROM n",
		 students);
	sql(db, q);
}

/* Every student at every place: in, and out 20 minutes later for half. */
static void facts(sqlite3 *db, long students, int places)
{
	sqlite3_stmt *s;
	uint8_t u[16];
	long k = 0;

	if (sqlite3_prepare_v2(db, "INSERT INTO facts (uuid, kind, kiosk, "
			       "place_id, attendee_id, direction, wall_ms) "
			       "VALUES (?1, 'checkin', 'k', ?2, ?3, ?4, ?5)",
			       -1, &s, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	for (int p = 0; p < places; p++) {
		for (long a = 1; a <= students; a++) {
			int64_t wall = DAY_10AM + k++ * 10;

			randombytes_buf(u, sizeof(u));
			for (int i = 0; i < 6; i++)
				u[i] = (uint8_t)((uint64_t)wall >> (40 - 8 * i));
			sqlite3_bind_blob(s, 1, u, 16, SQLITE_TRANSIENT);
			sqlite3_bind_int(s, 2, p + 2);
			sqlite3_bind_int64(s, 3, a);
			sqlite3_bind_int(s, 4, 1);
			sqlite3_bind_int64(s, 5, wall);
			if (sqlite3_step(s) != SQLITE_DONE)
				die("insert", sqlite3_errmsg(db));
			sqlite3_reset(s);
		}
	}
	sqlite3_finalize(s);
}

static void make_event(const char *path, long students, int places)
{
	struct fair_err e = { "" };
	struct store *st = store_open(path, STORE_CREATE, &e);
	sqlite3 *db;

	if (!st || store_event_create(st, "bench", "2026-12-05",
				      "2026-12-05", &e))
		die("event", e.msg);
	db = store_db(st);
	if (merge_tables_ensure(db, &e))
		die("tables", e.msg);
	sql(db, "PRAGMA cache_size = -65536; BEGIN");
	roster(db, students, places);
	facts(db, students, places);
	sql(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
	store_close(st);
}

static double ours(const char *db, const char *out, long *rows)
{
	struct export_opts o = { .report = EXPORT_ATTENDANCE };
	struct export_stats s;
	struct fair_err e = { "" };
	struct store *st = store_open(db, STORE_READONLY, &e);
	double t0 = now_s();

	if (!st || export_write(st, &o, out, &s, &e))
		die("export", e.msg);
	store_close(st);
	*rows = s.rows;
	return now_s() - t0;
}

static double shell(const char *db, const char *qfile, const char *out)
{
	char cmd[1200];
	double t0 = now_s();

	snprintf(cmd, sizeof(cmd), "sqlite3 -csv '%s' < '%s' > '%s'", db,
		 qfile, out);
	if (system(cmd) != 0)
		die("sqlite3 shell", cmd);
	return now_s() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	long students = env_long("BENCH_EXPORT_STUDENTS", 100000);
	int places = (int)env_long("BENCH_EXPORT_PLACES", 10);
	int runs = (int)env_long("BENCH_EXPORT_RUNS", 3);
	const char *base = getenv("BENCH_DIR") ? getenv("BENCH_DIR") : "/tmp";
	char dir[256], db[300], qf[300], a[300], b[300], cmd[300];
	double to[16], ts[16];
	long rows = 0;
	FILE *f;

	runs = runs > 16 ? 16 : runs;
	if (sodium_init() < 0)
		die("init", "libsodium");
	snprintf(dir, sizeof(dir), "%s/bench_exportXXXXXX", base);
	if (!mkdtemp(dir))
		die("mkdtemp", dir);
	snprintf(db, sizeof(db), "%s/event.db", dir);
	snprintf(qf, sizeof(qf), "%s/q.sql", dir);
	snprintf(a, sizeof(a), "%s/ours.csv", dir);
	snprintf(b, sizeof(b), "%s/shell.csv", dir);
	printf("generating %ld students x %d places...\n", students, places);
	fflush(stdout);
	make_event(db, students, places);
	f = fopen(qf, "w");
	if (!f)
		die("write", qf);
	fprintf(f, "%s;\n", export_attendance_sql());
	fclose(f);
	for (int r = 0; r < runs; r++) {
		ts[r] = shell(db, qf, b);
		to[r] = ours(db, a, &rows);
		printf("  run %d: sqlite3 -csv %.2f s, fairsync export %.2f s\n",
		       r + 1, ts[r], to[r]);
		fflush(stdout);
	}
	qsort(to, (size_t)runs, sizeof(double), cmp_double);
	qsort(ts, (size_t)runs, sizeof(double), cmp_double);
	printf("export attendance, %ld rows to CSV\n", rows);
	printf("  sqlite3 -csv, same query:        %.2f s (median)\n",
	       ts[runs / 2]);
	printf("  fairsync export (BOM, CRLF, times, quoting): %.2f s "
	       "(median)\n", to[runs / 2]);
	printf("  ratio %.2f (target <= 1.0)\n", to[runs / 2] / ts[runs / 2]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (getenv("BENCH_KEEP"))
		printf("kept %s\n", dir);
	else if (system(cmd) != 0)
		fprintf(stderr, "bench_export: could not remove %s\n", dir);
	return 0;
}
