/* fuzz_dbfile.c: foreign databases handed to fairsync. Any bytes, as a
 * file given to `fairsync merge` or opened as a kiosk database, must get a
 * clear refusal or a clean merge: never a crash, and a refused merge must
 * leave the event database as it was. The corpus holds real kiosk files of
 * the fuzz event (event_id 4242) and damaged copies of them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fair/merge.h"
#include "fair/store.h"

#define FUZZ_EVENT_ID 4242

static char dir[64];

/* The event database every input is merged into, made once per process. */
static struct store *event_store(void)
{
	static struct store *st;
	char path[128];

	if (st)
		return st;
	snprintf(dir, sizeof(dir), "/tmp/fuzz_dbfile.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/event.db", dir);
	st = store_open(path, STORE_CREATE, NULL);
	if (!st || store_event_create(st, "fuzz", "2026-12-05", NULL, NULL) ||
	    sqlite3_exec(store_db(st), "UPDATE event SET event_id = 4242",
			 NULL, NULL, NULL))
		abort();
	return st;
}

static long fact_count(struct store *st)
{
	sqlite3_stmt *s;
	long n = -1;

	sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM facts", -1, &s,
			   NULL);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = event_store(), *k;
	struct merge_summary sum;
	struct fair_err err = { "" };
	char path[128];
	const char *paths[1] = { path };
	FILE *f;
	long before;
	int rc;

	snprintf(path, sizeof(path), "%s/kiosk.db", dir);
	unlink(path);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	k = store_open(path, STORE_READONLY, &err);
	if (!k && !err.msg[0])
		__builtin_trap(); /* every refusal says why */
	store_close(k);
	before = fact_count(st);
	memset(&sum, 0, sizeof(sum));
	rc = merge_run(st, paths, 1, NULL, &sum, &err);
	if (rc != 0 && (!err.msg[0] || fact_count(st) != before))
		__builtin_trap(); /* refused: named, and nothing written */
	return 0;
}
