/* kioskdb.c: a kiosk's questions to its own database (kioskdb.h). */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/kioskdb.h"

static const char *col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

int kioskdb_state_get(struct store *st, const char *key, char *out,
		      size_t cap)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT value FROM kiosk_state"
			       " WHERE key = ?1", -1, &s, NULL) != SQLITE_OK)
		return FAIR_ENOENT; /* no table: never set */
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(out, cap, "%s", col(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? FAIR_ENOENT
							: FAIR_EIO;
}

int kioskdb_state_set(struct store *st, const char *key, const char *value,
		      struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS kiosk_state (key"
			 " TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO kiosk_state"
			       " VALUES (?1, ?2)", -1, &s, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	return 0;
}

int kioskdb_places(struct store *st,
		   void (*fn)(const char *ext_id, const char *name,
			      const char *kind, void *),
		   void *ctx)
{
	sqlite3_stmt *s;
	int n = 0, rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT ext_id, name, kind FROM"
			       " places ORDER BY kind, name", -1, &s,
			       NULL) != SQLITE_OK)
		return FAIR_EIO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn(col(s, 0), col(s, 1), col(s, 2), ctx);
		n++;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? n : FAIR_EIO;
}

int kioskdb_schools(struct store *st, const char *q, const char *kana,
		    const char *const *spell, int nspell, int limit,
		    void (*fn)(const char *name, void *), void *ctx)
{
	sqlite3_stmt *s;
	int n = 0, rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT name FROM ("
			       " SELECT name, reading FROM schools"
			       " UNION SELECT school, '' FROM attendees"
			       " WHERE school != '' AND school NOT IN"
			       "  (SELECT name FROM schools))"
			       " WHERE ?1 = '' OR instr(name, ?1) > 0"
			       "  OR instr(reading, ?2) > 0"
			       "  OR instr(name, ?3) OR instr(name, ?4)"
			       "  OR instr(name, ?5) OR instr(name, ?6)"
			       "  OR instr(name, ?7) OR instr(name, ?8)"
			       "  OR instr(name, ?9) OR instr(name, ?10)"
			       " ORDER BY instr(reading, ?2) = 1"
			       "  OR instr(name, ?1) = 1 DESC, reading, name",
			       -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	sqlite3_bind_text(s, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kana, -1, SQLITE_STATIC);
	/* unbound ones are NULL: no match */
	for (int i = 0; i < nspell && i < KIOSKDB_SPELLINGS; i++)
		sqlite3_bind_text(s, 3 + i, spell[i], -1, SQLITE_STATIC);
	while (n < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		fn(col(s, 0), ctx);
		n++;
	}
	sqlite3_finalize(s);
	return n;
}

uint32_t kioskdb_any_student(struct store *st)
{
	sqlite3_stmt *s;
	uint32_t id = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM attendees"
			       " WHERE role = 0 ORDER BY random() LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		id = (uint32_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return id;
}

bool kioskdb_whole(struct store *st)
{
	sqlite3_stmt *q = NULL;
	bool ok = false;

	if (sqlite3_prepare_v2(store_db(st), "PRAGMA quick_check", -1, &q,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		ok = !strcmp(col(q, 0), "ok");
	sqlite3_finalize(q);
	return ok;
}

bool kioskdb_holds_all_of(const char *copy, const char *old)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	char *uri = sqlite3_mprintf("file:%s?mode=ro", old);
	bool yes = false;

	if (uri && sqlite3_open_v2(copy, &db, SQLITE_OPEN_READONLY |
				   SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "ATTACH ?1 AS old", -1, &q, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(q, 1, uri, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_DONE) {
			sqlite3_finalize(q);
			q = NULL;
			yes = sqlite3_prepare_v2(db, "SELECT count(*) FROM"
						 " old.facts WHERE uuid NOT IN"
						 " (SELECT uuid FROM"
						 " main.facts)", -1, &q,
						 NULL) == SQLITE_OK &&
			      sqlite3_step(q) == SQLITE_ROW &&
			      sqlite3_column_int64(q, 0) == 0;
		}
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	sqlite3_free(uri);
	return yes;
}
