/* fuzz_dbfile.c: foreign databases handed to fairsync. Any bytes, as a
 * file given to `fairsync merge` or opened as a kiosk database, must get a
 * clear refusal or a clean merge: never a crash, a refused merge leaves
 * the event database as it was (its schema included), and a clean one
 * brings only values merge's checks allow (types, sizes, ranges, kinds).
 * Each input is merged alone, then beside a copy of itself (the check of
 * one uuid in two files). The corpus holds real kiosk files of the fuzz
 * event (event_id 4242), damaged copies, and the hostile files of
 * make-hostile-dbs.py (make-dbfile-corpus.sh). The same bytes as a
 * bundle's kiosk.db (kioskfile_copy, as --install-bundle does): refused
 * with a reason and nothing left, or a copy the kiosk then opens. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fair/kioskfile.h"
#include "fair/merge.h"
#include "fair/store.h"

#define FUZZ_EVENT_ID 4242

static char dir[64];

static struct store *event_st;

/* Leaves no folder behind in /tmp when the process ends. */
static void cleanup(void)
{
	static const char *const names[] = {
		"event.db", "event.db-wal", "event.db-shm", "kiosk.db",
		"twin.db", "copy.db", "copy.db-wal", "copy.db-shm",
		"copy.db-journal",
	};
	char path[160];

	store_close(event_st);
	event_st = NULL;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* The event database every input is merged into, made once per process. */
static struct store *event_store(void)
{
	struct store *st;
	char path[128];

	if (event_st)
		return event_st;
	snprintf(dir, sizeof(dir), "/tmp/fuzz_dbfile.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/event.db", dir);
	st = store_open(path, STORE_CREATE, NULL);
	if (!st || store_event_create(st, "fuzz", "2026-12-05", NULL, NULL) ||
	    sqlite3_exec(store_db(st), "PRAGMA synchronous = OFF;" /* speed */
			 "UPDATE event SET event_id = 4242;"
			 "INSERT INTO places (id, ext_id, kind, name) VALUES "
			 "(2, 'booth:C1', 'booth', 'b');"
			 "INSERT INTO attendees (id, ext_id, name) VALUES "
			 "(1, 'S1', 'a'), (2, 'S2', 'b'), (3, 'S3', 'c')",
			 NULL, NULL, NULL))
		abort();
	event_st = st;
	return st;
}

static long scalar(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long n = -1;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		abort();
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* What a refusal must leave as it was. */
static long fingerprint(struct store *st)
{
	return scalar(st, "SELECT (SELECT count(*) FROM facts) * 1000003 + "
		      "(SELECT count(*) FROM attendees) * 1009 + "
		      "(SELECT count(*) FROM sqlite_schema) * 7 + "
		      "(SELECT total_changes())");
}

/* Facts a merge let in that its checks should have kept out. */
static long bad_facts(struct store *st)
{
	return scalar(st, "SELECT count(*) FROM facts WHERE "
		      "typeof(uuid) <> 'blob' OR length(uuid) <> 16 OR "
		      "kind NOT IN ('checkin','void','register','feedback',"
		      "'lead','assign') OR typeof(wall_ms) <> 'integer' OR "
		      "wall_ms < 0 OR wall_ms > 253402214399999 OR "
		      "typeof(mono_ms) <> 'integer' OR mono_ms < 0 OR "
		      "typeof(place_id) <> 'integer' OR "
		      "typeof(attendee_id) <> 'integer' OR "
		      "direction NOT IN (-1, 1) OR length(kiosk) > 63 OR "
		      "(kind = 'void') <> (voids IS NOT NULL)");
}

static void merge_check(struct store *st, const char *const *paths, int n)
{
	struct merge_summary sum[2];
	struct fair_err err = { "" };
	long before = fingerprint(st);
	int rc;

	memset(sum, 0, sizeof(sum));
	rc = merge_run(st, paths, n, NULL, sum, &err);
	if (rc != 0 && (!err.msg[0] || fingerprint(st) != before))
		__builtin_trap(); /* refused: named, and nothing written */
	if (rc == 0 && bad_facts(st) != 0)
		__builtin_trap(); /* merged: only what the checks allow */
}

/* What --install-bundle does with a stick's kiosk.db. */
static void install_check(const char *path)
{
	struct fair_err err = { "" };
	char copy[128];
	struct store *k;

	snprintf(copy, sizeof(copy), "%s/copy.db", dir);
	if (kioskfile_copy(path, copy, 1LL << 30, NULL, &err)) {
		if (!err.msg[0] || access(copy, F_OK) == 0)
			__builtin_trap(); /* named, and nothing left */
		return;
	}
	k = store_open(copy, 0, &err);
	if (!k)
		__builtin_trap(); /* checked, so the kiosk can run it */
	store_close(k);
	for (int i = 0; i < 4; i++) {
		char p[160];

		snprintf(p, sizeof(p), "%s%s", copy, (const char *const[]){
			 "", "-wal", "-shm", "-journal" }[i]);
		unlink(p);
	}
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = event_store(), *k;
	struct fair_err err = { "" };
	char path[128], twin[128];
	const char *paths[2] = { path, twin };

	snprintf(path, sizeof(path), "%s/kiosk.db", dir);
	snprintf(twin, sizeof(twin), "%s/twin.db", dir);
	write_file(path, data, size);
	write_file(twin, data, size);
	k = store_open(path, STORE_READONLY, &err);
	if (!k && !err.msg[0])
		__builtin_trap(); /* every refusal says why */
	store_close(k);
	install_check(path);
	merge_check(st, paths, 1);
	merge_check(st, paths, 2);
	return 0;
}
