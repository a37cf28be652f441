/* bench_util.h: what every benchmark needs: a clock, failure, sizes from
 * the environment and plain SQL. Define BENCH_NAME before including. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

static inline void die(const char *what, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", BENCH_NAME, what, msg);
	exit(1);
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A size from the environment (BENCH_ROWS=...), or def. */
static inline long env_long(const char *name, long def)
{
	const char *v = getenv(name);
	long n = v ? strtol(v, NULL, 10) : 0;

	return n > 0 ? n : def;
}

static inline void sql(sqlite3 *db, const char *s)
{
	char *msg = NULL;

	if (sqlite3_exec(db, s, NULL, NULL, &msg) != SQLITE_OK)
		die(s, msg ? msg : "?");
}

#endif
