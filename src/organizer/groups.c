/* groups.c: roll-call groups in the store: `fairsync import groups` (all
 * rows or none), a group's members for the kiosk, and the departures for
 * `fairsync export rollcall` (fair/rollcall.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/csv.h"
#include "fair/export.h"
#include "fair/import.h"
#include "fair/jtext.h"
#include "fair/rowmsg.h"
#include "fair/merge.h"
#include "fair/rollcall.h"

#define MESSAGES_MAX 1000

void rollcall_report_release(struct rollcall_report *rep)
{
	rowmsg_free(&rep->messages, &rep->nmessages);
	memset(rep, 0, sizeof(*rep));
}

/* A refused row, "FILE:ROW: reason" (fair/rowmsg.h); with no row, the csv
 * reader's message, which names both. */
#define row_refuse(rep, c, row, ...)                                         \
	rowmsg_row(&(rep)->messages, &(rep)->nmessages, &(rep)->refused,     \
		   MESSAGES_MAX, c, row, __VA_ARGS__)

/* ---- import --------------------------------------------------------- */

enum { G_GROUP, G_MEMBER, G_COUNT };
static const char *const g_aliases[G_COUNT] = {
	"group|グループ|グループ名|班|クラス|号車|バス|組",
	"id|attendee|学生id|社員id|社員番号|受付番号|名簿id|studentid|"
	"employeeid",
};

static int header(struct csv *c, int map[G_COUNT], struct fair_err *err)
{
	const struct csv_row *row;
	struct fair_err rec = { "" };
	char key[256], where[300];
	int rc = csv_next(c, &row, &rec);

	if (rc <= 0)
		return fair_fail(err, FAIR_EINVAL, "%s: %s", csv_name(c),
				 rc ? rec.msg : "the file is empty; the first "
				 "row must name the columns");
	map[G_GROUP] = map[G_MEMBER] = -1;
	for (int i = 0; i < row->nfields; i++) {
		import_header_key(row->field[i], key, sizeof(key));
		for (int k = 0; key[0] && k < G_COUNT; k++)
			if (map[k] < 0 && import_header_is(key, g_aliases[k]))
				map[k] = i;
	}
	if (map[G_GROUP] < 0 || map[G_MEMBER] < 0)
		return fair_fail(err, FAIR_EINVAL, "%s: missing required "
				 "columns: グループ (group) and 学生ID or 社員ID "
				 "(attendee)", csv_where(c, row, where,
							 sizeof(where)));
	return 0;
}

static void cellv(const struct csv_row *row, int f, char *out, size_t cap)
{
	const char *s = f < row->nfields ? row->field[f] : "";

	if (jtext_clean(s, true, out, cap) >= 0)
		return;
	/* Too long to clean: cut, but still on one line, as a group's name
	 * is a button on the kiosk and a departure fact's tags. */
	jtext_copy(out, cap, s);
	for (char *p = out; *p; p++)
		if (*p == '\t' || *p == '\r' || *p == '\n')
			*p = ' ';
}

static int exec(sqlite3 *db, const char *sql, struct fair_err *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(db));
	return 0;
}

/* One member row: its group made when new, the member added once. */
static void import_row(struct store *st, struct csv *c,
		       const struct csv_row *row, const int *map,
		       sqlite3_stmt *grp, sqlite3_stmt *mem,
		       struct rollcall_report *rep)
{
	char group[STORE_TEXT], id[64];
	struct attendee a;
	int64_t gid = 0, n = 0;

	cellv(row, map[G_GROUP], group, sizeof(group));
	cellv(row, map[G_MEMBER], id, sizeof(id));
	if (!group[0] || !id[0])
		return row_refuse(rep, c, row, "グループ (group) and ID "
				  "are both required");
	if (store_attendee_by_ext(st, id, &a))
		return row_refuse(rep, c, row, "ID '%s' is not on the "
				  "roster (import the students or employees "
				  "first)", id);
	sqlite3_reset(grp);
	sqlite3_bind_text(grp, 1, group, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(grp) == SQLITE_ROW)
		gid = sqlite3_column_int64(grp, 0);
	sqlite3_reset(grp);
	store_query_int64(st, "SELECT count(*) FROM group_members WHERE "
			  "group_id = ?1", &STORE_NUM(gid), 1, &n);
	if (n >= ROLLCALL_MEMBERS_MAX)
		return row_refuse(rep, c, row, "グループ (group) '%s' has "
				  "more than %d members", group,
				  ROLLCALL_MEMBERS_MAX);
	sqlite3_reset(mem);
	sqlite3_bind_int64(mem, 1, gid);
	sqlite3_bind_int64(mem, 2, a.id);
	if (sqlite3_step(mem) != SQLITE_DONE)
		return row_refuse(rep, c, row, "ID '%s' is in group '%s' "
				  "twice", id, group);
	rep->members++;
}

static int import_rows(struct store *st, struct csv *c, const int *map,
		       struct rollcall_report *rep, struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *grp = NULL, *mem = NULL;
	const struct csv_row *row;
	struct fair_err rec = { "" };
	int rc = 0;

	if (sqlite3_prepare_v2(db, "INSERT INTO groups(name) VALUES (?1) ON "
			       "CONFLICT(name) DO UPDATE SET name = name "
			       "RETURNING id", -1, &grp, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO group_members(group_id, "
			       "attendee_id) VALUES (?1, ?2)", -1, &mem, NULL))
		rc = fair_fail(err, FAIR_EIO, "database: %s",
			       sqlite3_errmsg(db));
	while (!rc) {
		int r = csv_next(c, &row, &rec);

		if (r == 0)
			break;
		if (r == FAIR_EINVAL) {
			row_refuse(rep, c, NULL, "%s", rec.msg);
			continue;
		}
		if (r < 0) {
			rc = fair_fail(err, r, "%s", rec.msg);
			break;
		}
		import_row(st, c, row, map, grp, mem, rep);
	}
	sqlite3_finalize(grp);
	sqlite3_finalize(mem);
	return rc;
}

int rollcall_import(struct store *st, const char *path, const char *name,
		    struct rollcall_report *rep, struct fair_err *err)
{
	int map[G_COUNT], rc;
	int64_t n = 0;
	struct csv *c;

	memset(rep, 0, sizeof(*rep));
	c = csv_open(path, name ? name : path, err);
	if (!c)
		return FAIR_EINVAL;
	if (csv_sniff_separator(c) == '\t')
		csv_set_separator(c, '\t');
	rc = header(c, map, err);
	if (!rc)
		rc = store_begin(st, err);
	if (rc) {
		csv_free(c);
		return rc;
	}
	rc = exec(store_db(st), "DELETE FROM group_members; DELETE FROM "
		  "groups", err);
	if (!rc)
		rc = import_rows(st, c, map, rep, err);
	if (!rc && rep->refused)
		rc = rowmsg_refuse_file(err, csv_name(c), rep->refused);
	csv_free(c);
	if (!rc)
		rc = store_query_int64(st, "SELECT count(*) FROM groups",
				       NULL, 0, &n) ? FAIR_EIO : 0;
	if (rc) {
		store_rollback(st);
		rep->groups = rep->members = 0;
		return rc;
	}
	rep->groups = (int)n;
	return store_commit(st, err);
}

/* ---- the kiosk's side ------------------------------------------------ */

int rollcall_groups_each(struct store *st,
			 void (*fn)(const char *group, int members, void *),
			 void *ctx)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(store_db(st), "SELECT g.name, (SELECT count(*)"
			       " FROM group_members m WHERE m.group_id = g.id)"
			       " FROM groups g ORDER BY g.name", -1, &s, NULL))
		return FAIR_EIO;
	while (sqlite3_step(s) == SQLITE_ROW)
		fn((const char *)sqlite3_column_text(s, 0),
		   sqlite3_column_int(s, 1), ctx);
	sqlite3_finalize(s);
	return 0;
}

int rollcall_load(struct store *st, const char *group, struct rollcall *rc)
{
	sqlite3_stmt *s;

	memset(rc, 0, sizeof(*rc));
	if (sqlite3_prepare_v2(store_db(st), "SELECT a.id, a.name, a.kana FROM"
			       " groups g JOIN group_members m ON m.group_id ="
			       " g.id JOIN attendees a ON a.id = m.attendee_id"
			       " WHERE g.name = ?1 ORDER BY a.kana, a.id", -1,
			       &s, NULL))
		return FAIR_EIO;
	sqlite3_bind_text(s, 1, group, -1, SQLITE_STATIC);
	while (rc->n < ROLLCALL_MEMBERS_MAX && sqlite3_step(s) == SQLITE_ROW) {
		struct rollcall_member *m = &rc->m[rc->n++];

		m->attendee_id = (uint32_t)sqlite3_column_int64(s, 0);
		snprintf(m->name, sizeof(m->name), "%s",
			 (const char *)sqlite3_column_text(s, 1));
		snprintf(m->kana, sizeof(m->kana), "%s",
			 (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_finalize(s);
	if (!rc->n)
		return FAIR_ENOENT;
	snprintf(rc->group, sizeof(rc->group), "%s", group);
	return 0;
}

/* ---- departures ------------------------------------------------------ */

static void name_add(struct store *st, char *out, size_t cap, uint32_t id,
		     bool manual)
{
	struct attendee a;
	size_t len = strlen(out);
	char who[STORE_TEXT + 16];

	if (store_attendee_get(st, id, &a))
		snprintf(who, sizeof(who), "#%u", id);
	else
		snprintf(who, sizeof(who), "%s", a.name);
	snprintf(out + len, cap - len, "%s%s%s", len ? "、" : "", who,
		 manual ? "(手動)" : "");
}

static void row_fill(struct store *st, const struct rollcall_departure *d,
		     struct rollcall_row *r)
{
	r->npresent = d->npresent;
	r->nmissing = d->nmissing;
	for (int i = 0; i < d->npresent; i++) {
		name_add(st, r->present, sizeof(r->present), d->present[i],
			 d->manual[i]);
		r->nmanual += d->manual[i];
	}
	for (int i = 0; i < d->nmissing; i++)
		name_add(st, r->missing, sizeof(r->missing), d->missing[i],
			 false);
}

int rollcall_departures_each(struct store *st,
			     void (*fn)(const struct rollcall_row *, void *),
			     void *ctx, struct fair_err *err)
{
	int64_t merged = 0;
	const char *held;
	struct rollcall_departure d;
	struct rollcall_row r;
	sqlite3_stmt *s;
	char sql[2048];

	store_query_int64(st, "SELECT count(*) FROM sqlite_schema WHERE name ="
			  " 'merge_repairs'", NULL, 0, &merged);
	held = merged ? " AND f.uuid NOT IN " MERGE_EXCLUDED_SQL : "";
	snprintf(sql, sizeof(sql), "SELECT f.tags, f.kiosk, %s, f.note FROM"
		 " facts f %s WHERE f.kind = 'departure' AND f.uuid NOT IN"
		 " (SELECT voids FROM facts WHERE kind = 'void' AND voids IS"
		 " NOT NULL)%s ORDER BY 3, f.uuid", *held ? MERGE_TIME_SQL :
		 "f.wall_ms", *held ? MERGE_TIME_JOIN : "", held);
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL))
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(store_db(st)));
	while (sqlite3_step(s) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		snprintf(r.group, sizeof(r.group), "%s",
			 (const char *)sqlite3_column_text(s, 0));
		snprintf(r.kiosk, sizeof(r.kiosk), "%s",
			 (const char *)sqlite3_column_text(s, 1));
		r.wall_ms = sqlite3_column_int64(s, 2);
		if (rollcall_parse((const char *)sqlite3_column_text(s, 3), &d))
			continue;
		row_fill(st, &d, &r);
		fn(&r, ctx);
	}
	sqlite3_finalize(s);
	return 0;
}
