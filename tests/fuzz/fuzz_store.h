/* fuzz_store.h: what the fuzzers that import into a store share (included
 * by them only; static inline so a fuzzer may use either). */
#ifndef FUZZ_STORE_H
#define FUZZ_STORE_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fair/store.h"

/* The one number sql answers on st's database; -1 for no row. A query
 * that does not prepare is the fuzzer's own mistake: abort. */
static inline long count(struct store *st, const char *sql)
{
	sqlite3_stmt *q;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL))
		abort();
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* data as a file in memory: its /proc path in path, its fd returned (the
 * caller closes it). The importers take paths, not buffers. */
static inline int mem_file(const void *data, size_t size, char *path,
			   size_t cap)
{
	int fd = memfd_create("fuzz.csv", 0);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, cap, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
