/* setup.c: how far an event is set up (fair/setup.h). Counts only: each
 * is one indexed or small-table query, cheap enough for every overview. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/setup.h"

#define KEY_BADGES "badges_printed"       /* "STUDENTS MS" */

/* The single integer sql answers; -1 (and *rc FAIR_EIO) on failure. */
static long count(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *s;
	long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		*rc = FAIR_EIO;
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(s, 0);
	else
		*rc = FAIR_EIO;
	sqlite3_finalize(s);
	return v;
}

static void count_packs(sqlite3 *db, struct setup_counts *o, int *rc)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT role, count(*) FROM packs GROUP "
			       "BY role", -1, &s, NULL) != SQLITE_OK) {
		*rc = FAIR_EIO;
		return;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(s, 0);
		long n = (long)sqlite3_column_int64(s, 1);

		o->packs += n;
		if (!strcmp(role, "entrance"))
			o->packs_entrance += n;
		else if (!strcmp(role, "booth"))
			o->packs_booth += n;
		else if (!strcmp(role, "door"))
			o->packs_door += n;
		else if (!strcmp(role, "visit"))
			o->packs_visit += n;
	}
	sqlite3_finalize(s);
}

static void read_badges(sqlite3 *db, struct setup_counts *o)
{
	sqlite3_stmt *s;
	long long n = -1, ms = 0;

	o->badges_printed = -1;
	if (sqlite3_prepare_v2(db, "SELECT value FROM settings WHERE key = "
			       "'" KEY_BADGES "'", -1, &s, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sscanf((const char *)sqlite3_column_text(s, 0), "%lld %lld", &n,
		   &ms) == 2) {
		o->badges_printed = (long)n;
		o->badges_ms = ms;
	}
	sqlite3_finalize(s);
}

int setup_counts(struct store *st, struct setup_counts *out)
{
	sqlite3 *db = store_db(st);
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->companies = count(db, "SELECT count(*) FROM companies", &rc);
	out->booths = count(db, "SELECT count(*) FROM places WHERE kind = "
			    "'booth'", &rc);
	out->sessions = count(db, "SELECT count(*) FROM places WHERE kind = "
			      "'session'", &rc);
	out->host_days = count(db, "SELECT count(*) FROM places WHERE kind "
			       "= 'visit'", &rc);
	out->students = count(db, "SELECT count(*) FROM attendees WHERE role "
			      "= 0 AND ext_id IS NOT NULL", &rc);
	out->staff = count(db, "SELECT count(*) FROM attendees WHERE role = "
			   "1", &rc);
	/* facts has no index by kind: scan for a plan only on a tour */
	if (out->host_days > 0)
		out->assigned = count(db, "SELECT count(*) FROM facts f WHERE "
				      "f.kind = 'assign' AND NOT EXISTS (SELECT "
				      "1 FROM facts v WHERE v.voids = f.uuid)",
				      &rc);
	count_packs(db, out, &rc);
	read_badges(db, out);
	return rc;
}

int setup_note_badges(struct store *st, int64_t now_ms,
		      struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s;
	int rc = 0, crc = 0;
	long students = count(db, "SELECT count(*) FROM attendees WHERE role "
			      "= 0 AND ext_id IS NOT NULL", &crc);
	char value[64];

	if (crc)
		return fair_fail(err, FAIR_EIO, "cannot count students: %s",
				 sqlite3_errmsg(db));
	snprintf(value, sizeof(value), "%ld %lld", students,
		 (long long)now_ms);
	if (sqlite3_prepare_v2(db, "INSERT INTO settings(key, value) VALUES "
			       "('" KEY_BADGES "', ?1) ON CONFLICT(key) DO "
			       "UPDATE SET value = excluded.value", -1, &s,
			       NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "cannot note the badges: %s",
				 sqlite3_errmsg(db));
	sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "cannot note the badges: %s",
			       sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}
