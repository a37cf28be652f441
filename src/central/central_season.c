/* central_season.c: a season's events from the central store as one
 * read-only local event file (central.h, central_season_open()), so the
 * KPI report (kpi.c) counts a season with the very code that counts one
 * event: one computation per figure, whatever the store.
 *
 * Each event is pulled as `pull` does (central_pull(): the server's rows
 * checked by merge as a kiosk file's) into a private file, then copied
 * into the union file with new ids: events number their companies,
 * places, attendees and groups apart, so every id is renumbered through a
 * map (TEMP tables m_*), and roster IDs and group names gain the event
 * ("E<event id>:") so they stay unique. Fact UUIDs are unique across
 * events already; merge's flags and repairs travel with them, so a void
 * or a repaired clock counts as it does in the event's own report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "fair/central.h"
#include "fair/merge.h"
#include "fair/training.h"
#include "central_int.h"

/* ?1 the event's number in the season, ?2 its id prefix ("E123:"). An id
 * the event does not hold (a fact of an unknown place) becomes its
 * negative, which names nothing in the union either. */
static const char copy_sql[] =
	"INSERT INTO m_co (ev, old) SELECT ?1, id FROM e.companies ORDER BY id;"
	"INSERT INTO m_pl (ev, old) SELECT ?1, id FROM e.places ORDER BY id;"
	"INSERT INTO m_att (ev, old) SELECT ?1, id FROM e.attendees "
	"ORDER BY id;"
	"INSERT INTO m_grp (ev, old) SELECT ?1, id FROM e.groups ORDER BY id;"
	"INSERT INTO main.companies SELECT m.new, ?2 || c.ext_id, c.name, "
	"c.industry, c.booth FROM e.companies c JOIN m_co m ON m.ev = ?1 AND "
	"m.old = c.id;"
	"INSERT INTO main.company_profile SELECT m.new, p.employees, p.city "
	"FROM e.company_profile p JOIN m_co m ON m.ev = ?1 AND "
	"m.old = p.company_id;"
	"INSERT INTO main.places SELECT m.new, ?2 || p.ext_id, p.kind, p.name, "
	"(SELECT x.new FROM m_co x WHERE x.ev = ?1 AND x.old = p.company_id), "
	"p.room, p.starts_ms, p.ends_ms, p.capacity, p.exit_tracking FROM "
	"e.places p JOIN m_pl m ON m.ev = ?1 AND m.old = p.id;"
	"INSERT INTO main.attendees SELECT m.new, CASE WHEN a.ext_id IS NULL "
	"THEN NULL ELSE ?2 || a.ext_id END, a.name, a.kana, a.school, "
	"a.faculty, a.grade, a.email, a.phone, a.consent, a.consent_version, "
	"a.role, a.serial FROM e.attendees a JOIN m_att m ON m.ev = ?1 AND "
	"m.old = a.id;"
	"INSERT INTO main.attendee_profile SELECT m.new, p.prefecture, "
	"p.school_type FROM e.attendee_profile p JOIN m_att m ON m.ev = ?1 "
	"AND m.old = p.attendee_id;"
	"INSERT INTO main.employees SELECT m.new, coalesce((SELECT x.new FROM "
	"m_co x WHERE x.ev = ?1 AND x.old = y.company_id), 0), y.department, "
	"y.title FROM e.employees y JOIN m_att m ON m.ev = ?1 AND "
	"m.old = y.attendee_id;"
	"INSERT INTO main.groups SELECT m.new, ?2 || g.name FROM e.groups g "
	"JOIN m_grp m ON m.ev = ?1 AND m.old = g.id;"
	"INSERT INTO main.group_members SELECT g.new, a.new FROM "
	"e.group_members x JOIN m_grp g ON g.ev = ?1 AND g.old = x.group_id "
	"JOIN m_att a ON a.ev = ?1 AND a.old = x.attendee_id;"
	"INSERT INTO main.facts SELECT f.uuid, f.kind, f.kiosk, CASE WHEN "
	"f.place_id = 0 THEN 0 ELSE coalesce((SELECT x.new FROM m_pl x WHERE "
	"x.ev = ?1 AND x.old = f.place_id), -f.place_id) END, CASE WHEN "
	"f.attendee_id = 0 THEN 0 ELSE coalesce((SELECT x.new FROM m_att x "
	"WHERE x.ev = ?1 AND x.old = f.attendee_id), -f.attendee_id) END, "
	"f.serial, f.direction, f.source, f.wall_ms, f.boot_id, f.mono_ms, "
	"f.voids, f.flags, f.rating, f.tags, f.note FROM e.facts f;"
	"INSERT OR IGNORE INTO main.merge_flags SELECT * FROM e.merge_flags;"
	"INSERT OR IGNORE INTO main.merge_repairs SELECT * FROM e.merge_repairs;"
	"INSERT INTO season_settings SELECT ?1, key, value FROM e.settings;";

/* Runs every statement of sql on db with ?1 = ev and ?2 = prefix. */
static int run_bound(sqlite3 *db, const char *sql, int ev, const char *prefix,
		     struct fair_err *err)
{
	const char *tail = sql;
	int rc = 0;

	while (!rc && tail && *tail) {
		sqlite3_stmt *s = NULL;

		if (sqlite3_prepare_v2(db, tail, -1, &s, &tail) != SQLITE_OK)
			return fair_fail(err, FAIR_EIO, "season: %s",
					 sqlite3_errmsg(db));
		if (!s)
			break;
		if (sqlite3_bind_parameter_count(s) >= 1)
			sqlite3_bind_int(s, 1, ev);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_text(s, 2, prefix, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = fair_fail(err, FAIR_EIO, "season: %s",
				       sqlite3_errmsg(db));
		sqlite3_finalize(s);
	}
	return rc;
}

/* Event n of the season (id) pulled into its own private file, then
 * copied into the union db. */
static int add_event(struct central *c, sqlite3 *db, const char *dir, int n,
		     uint32_t id, struct fair_err *err)
{
	char path[4200], prefix[24];
	struct central_counts counts;
	struct store *st;
	sqlite3_stmt *s = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/event-%d.db", dir, n);
	st = store_open(path, STORE_CREATE, err);
	if (!st)
		return FAIR_EIO;
	rc = central_pull(c, st, path, id, &counts, err);
	store_close(st);
	if (!rc && (sqlite3_prepare_v2(db, "ATTACH ?1 AS e", -1, &s, NULL) ||
		    sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC) ||
		    sqlite3_step(s) != SQLITE_DONE))
		rc = fair_fail(err, FAIR_EIO, "season: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (!rc) {
		snprintf(prefix, sizeof(prefix), "E%u:", (unsigned)id);
		rc = run_bound(db, "BEGIN", 0, "", err);
		if (!rc)
			rc = run_bound(db, copy_sql, n, prefix, err);
		if (!rc)
			rc = run_bound(db, "COMMIT", 0, "", err);
		if (rc)
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_exec(db, "DETACH e", NULL, NULL, NULL);
	}
	central_remove_db(path);
	return rc;
}

/* The season's events: ids, and the union's name, dates and kind. */
struct season {
	uint32_t *ids;
	int n;
	char first[11], last[11];
	int offset_min;
	bool all_training;
};

/* A 年度 (fiscal year, April to March) as "2026" or "2026年度": its first
 * and last dates; NULL season: every event. */
static int season_dates(const char *season, char from[11], char to[11],
			struct fair_err *err)
{
	char *end = NULL;
	long y;

	if (!season) {
		snprintf(from, 11, "0000-01-01");
		snprintf(to, 11, "9999-12-31");
		return 0;
	}
	y = strtol(season, &end, 10);
	if (end == season || (*end && strcmp(end, "年度")) || y < 1970 ||
	    y > 9998)
		return fair_fail(err, FAIR_EINVAL, "--season '%s' is not a "
				 "fiscal year (年度) such as 2026 or 2026年度",
				 season);
	snprintf(from, 11, "%04ld-04-01", y);
	snprintf(to, 11, "%04ld-03-31", y + 1);
	return 0;
}

static int season_list(struct central *c, const char *season,
		       struct season *out, struct fair_err *err)
{
	char from[11], to[11];
	const char *v[2] = { from, to };
	PGresult *r;
	int rc = season_dates(season, from, to, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	r = PQexecParams(c->pg, "SELECT event_id, start_date, end_date, "
			 "utc_offset_min, kind FROM events WHERE start_date "
			 "BETWEEN $1 AND $2 ORDER BY start_date, event_id", 2,
			 NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return central_pg_fail(c, err, "cannot list the central events");
	}
	out->n = PQntuples(r);
	out->ids = calloc((size_t)out->n + 1, sizeof(*out->ids));
	if (!out->ids) {
		PQclear(r);
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	}
	out->all_training = out->n > 0;
	for (int i = 0; i < out->n; i++) {
		out->ids[i] = (uint32_t)strtoul(PQgetvalue(r, i, 0), NULL, 10);
		if (!i) {
			snprintf(out->first, sizeof(out->first), "%s",
				 PQgetvalue(r, i, 1));
			out->offset_min = (int)strtol(PQgetvalue(r, i, 3),
						      NULL, 10);
		}
		if (strcmp(PQgetvalue(r, i, 2), out->last) > 0)
			snprintf(out->last, sizeof(out->last), "%s",
				 PQgetvalue(r, i, 2));
		out->all_training &= !strcmp(PQgetvalue(r, i, 4), "training");
	}
	PQclear(r);
	if (!out->n)
		return fair_fail(err, FAIR_ENOENT, season ? "the central "
				 "database holds no event of %s年度" :
				 "the central database holds no event%s",
				 season ? season : "");
	return 0;
}

/* The union's event row and the settings every event agrees on (the
 * prefecture for 県内/県外, the internship type): one left unset by an
 * event, or set otherwise, is unset for the season. */
static int union_event(sqlite3 *db, const struct season *se,
		       const char *season, struct fair_err *err)
{
	char name[256];
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (season)
		snprintf(name, sizeof(name), "%s%s の全イベント（%d件）",
			 season, strstr(season, "年度") ? "" : "年度", se->n);
	else
		snprintf(name, sizeof(name), "全イベント（%d件）", se->n);
	if (sqlite3_prepare_v2(db, "INSERT INTO event (id, event_id, name, "
			       "start_date, end_date, utc_offset_min, kind) "
			       "VALUES (1, 0, ?1, ?2, ?3, ?4, ?5)", -1, &s,
			       NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "season: %s",
				 sqlite3_errmsg(db));
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, se->first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, se->last, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, se->offset_min);
	sqlite3_bind_text(s, 5, event_kind_name(se->all_training ?
			  EVENT_TRAINING : EVENT_FAIR), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "season: %s",
			       sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (!rc)
		rc = run_bound(db, "INSERT INTO main.settings SELECT key, "
			       "min(value) FROM season_settings WHERE key IN "
			       "('prefecture', 'internship_type') GROUP BY key "
			       "HAVING count(DISTINCT value) = 1 AND "
			       "count(DISTINCT ev) = ?1", se->n, "", err);
	return rc;
}

static int build(struct central *c, sqlite3 *db, const char *dir,
		 const char *season, struct fair_err *err)
{
	struct season se;
	int rc = season_list(c, season, &se, err);

	if (!rc)
		rc = merge_tables_ensure(db, err);
	if (!rc)
		rc = run_bound(db, "CREATE TEMP TABLE m_co (ev INTEGER, old "
			       "INTEGER, new INTEGER PRIMARY KEY);"
			       "CREATE TEMP TABLE m_pl (ev INTEGER, old INTEGER,"
			       " new INTEGER PRIMARY KEY);"
			       "CREATE TEMP TABLE m_att (ev INTEGER, old "
			       "INTEGER, new INTEGER PRIMARY KEY);"
			       "CREATE TEMP TABLE m_grp (ev INTEGER, old "
			       "INTEGER, new INTEGER PRIMARY KEY);"
			       "CREATE UNIQUE INDEX m_co_old ON m_co (ev, old);"
			       "CREATE UNIQUE INDEX m_pl_old ON m_pl (ev, old);"
			       "CREATE UNIQUE INDEX m_att_old ON m_att (ev, "
			       "old);"
			       "CREATE UNIQUE INDEX m_grp_old ON m_grp (ev, "
			       "old);"
			       "CREATE TEMP TABLE season_settings (ev INTEGER, "
			       "key TEXT, value TEXT)", 0, "", err);
	for (int i = 0; !rc && i < se.n; i++)
		rc = add_event(c, db, dir, i + 1, se.ids[i], err);
	if (!rc)
		rc = union_event(db, &se, season, err);
	free(se.ids);
	return rc;
}

struct store *central_season_open(const char *url, const char *season,
				  struct fair_err *err)
{
	char conn[1024], dir[] = "/tmp/fairsync-season-XXXXXX", path[64];
	struct central *c;
	struct store *st = NULL;
	int rc;

	if (strchr(url, '#')) {
		if (season)
			fair_fail(err, FAIR_EINVAL, "--season counts every "
				  "event of a fiscal year: name no event "
				  "(#ID) in the URL");
		return season ? NULL : central_snapshot(url, err);
	}
	snprintf(conn, sizeof(conn), "%s", url);
	c = central_connect(conn, err);
	if (!c)
		return NULL;
	rc = central_require_schema(c, err);
	if (!rc)
		st = central_private_new(dir, path, sizeof(path), "season.db",
					 err);
	if (st)
		rc = build(c, store_db(st), dir, season, err);
	central_close(c);
	return st ? central_private_done(st, dir, path, rc, err) : NULL;
}
