/* pack.c: the event database's side of a kiosk bundle (pack.h). */
#include <sqlite3.h>

#include "fair/pack.h"

/* Copies the roster from the attached event database "ev" into main.
 * Personal contact details never leave the organizer's database. */
static const char copy_roster_sql[] =
	"DELETE FROM main.event;"
	"INSERT INTO main.event SELECT * FROM ev.event;"
	"DELETE FROM main.keys;"
	"INSERT INTO main.keys (id, public, secret, created_ms)"
	"  SELECT id, public, CASE WHEN ?1 THEN secret END, created_ms"
	"  FROM ev.keys;"
	"DELETE FROM main.companies;"
	"INSERT INTO main.companies SELECT * FROM ev.companies;"
	"DELETE FROM main.places;"
	"INSERT INTO main.places SELECT * FROM ev.places;"
	"DELETE FROM main.revocations;"
	"INSERT INTO main.revocations SELECT * FROM ev.revocations;"
	/* feedback tags, the stamp rally: what kiosks ask and show */
	"DELETE FROM main.settings;"
	"INSERT INTO main.settings SELECT * FROM ev.settings;"
	/* school names and readings: the walk-in form's school search */
	"DELETE FROM main.schools;"
	"INSERT INTO main.schools SELECT name, reading FROM ev.schools;"
	/* roll-call groups and a training's employees */
	"DELETE FROM main.groups;"
	"INSERT INTO main.groups SELECT * FROM ev.groups;"
	"DELETE FROM main.group_members;"
	"INSERT INTO main.group_members SELECT * FROM ev.group_members;"
	"DELETE FROM main.employees;"
	"INSERT INTO main.employees SELECT * FROM ev.employees;"
	"DELETE FROM main.attendees WHERE id < 2147483648;"
	/* A walk-in the kiosk registered keeps what only it holds (e-mail,
	 * phone, consent and its version) until merged; the roster's own
	 * columns follow the event's. */
	"INSERT INTO main.attendees (id, ext_id, name, kana, school,"
	"  faculty, grade, role, serial)"
	"  SELECT id, ext_id, name, kana, school, faculty, grade, role, serial"
	"  FROM ev.attendees WHERE true"
	"  ON CONFLICT(id) DO UPDATE SET ext_id = excluded.ext_id,"
	"  name = excluded.name, kana = excluded.kana,"
	"  school = excluded.school, faculty = excluded.faculty,"
	"  grade = excluded.grade, role = excluded.role,"
	"  serial = excluded.serial;";

static int run_sql(sqlite3 *db, const char *sql, bool with_secret)
{
	sqlite3_stmt *s;
	const char *tail = sql;

	while (*tail) {
		if (sqlite3_prepare_v2(db, tail, -1, &s, &tail) != SQLITE_OK)
			return -1;
		if (!s)
			break;
		if (sqlite3_bind_parameter_count(s) > 0)
			sqlite3_bind_int(s, 1, with_secret);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			return -1;
		}
		sqlite3_finalize(s);
	}
	return 0;
}

int pack_copy_roster(struct store *kiosk, const char *event_db,
		     bool with_secret, struct fair_err *err)
{
	sqlite3 *db = store_db(kiosk);
	sqlite3_stmt *s;
	int rc = -1;

	if (err)
		err->msg[0] = '\0';
	if (sqlite3_prepare_v2(db, "ATTACH ?1 AS ev", -1, &s, NULL))
		return -1;
	sqlite3_bind_text(s, 1, event_db, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(s);
	if (rc)
		return -1;
	rc = run_sql(db, "BEGIN IMMEDIATE", false);
	if (!rc)
		rc = run_sql(db, copy_roster_sql, with_secret);
	if (!rc)
		rc = run_sql(db, "COMMIT", false);
	if (rc) {
		fair_fail(err, -1, "cannot copy the roster: %s",
			  sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_exec(db, "DETACH ev", NULL, NULL, NULL);
	return rc;
}

int pack_record(struct store *ev, const char *kiosk, const char *role,
		uint32_t place_id, int64_t packed_ms, const char *path,
		struct fair_err *err)
{
	sqlite3 *db = store_db(ev);
	sqlite3_stmt *s = NULL;
	int rc = SQLITE_ERROR;

	if (sqlite3_prepare_v2(db, "INSERT INTO packs (kiosk, role, "
			       "place_id, packed_ms, path) VALUES (?1, ?2, "
			       "?3, ?4, ?5)", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, kiosk, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, place_id);
		sqlite3_bind_int64(s, 4, packed_ms);
		sqlite3_bind_text(s, 5, path, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
	}
	if (rc != SQLITE_DONE)
		fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : FAIR_EIO;
}

void pack_rename(struct store *ev, const char *path, const char *file)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(store_db(ev), "UPDATE packs SET path = ?1 "
			       "WHERE path = ?2", -1, &s, NULL))
		return;
	sqlite3_bind_text(s, 1, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	sqlite3_step(s);
	sqlite3_finalize(s);
}
