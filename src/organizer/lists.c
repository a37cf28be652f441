/* lists.c: the rows the organizer's screens list (lists.h). */
#include <sqlite3.h>

#include "fair/lists.h"

/* Runs sql with :q = q and :limit = limit where it names them, handing
 * each row to fn. */
static int each_row(struct store *st, const char *sql, const char *q,
		    int limit, list_row_fn fn, void *ctx, struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	struct list_cell row[8];
	sqlite3_stmt *s;
	int rc, at;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	if ((at = sqlite3_bind_parameter_index(s, ":q")) > 0)
		sqlite3_bind_text(s, at, q ? q : "", -1, SQLITE_TRANSIENT);
	if ((at = sqlite3_bind_parameter_index(s, ":limit")) > 0)
		sqlite3_bind_int(s, at, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int n = sqlite3_column_count(s);

		if (n > 8)
			n = 8;
		for (int i = 0; i < n; i++) {
			int t = sqlite3_column_type(s, i);

			/* the integer first: reading the text after it
			 * leaves both valid */
			row[i].i = sqlite3_column_int64(s, i);
			row[i].s = (const char *)sqlite3_column_text(s, i);
			row[i].type = t == SQLITE_NULL ? LIST_NULL
				      : t == SQLITE_INTEGER ? LIST_INT
				      : LIST_TEXT;
		}
		if (fn(row, n, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
		sqlite3_finalize(s);
		return FAIR_EIO;
	}
	sqlite3_finalize(s);
	return 0;
}

int lists_places(struct store *st, list_row_fn fn, void *ctx,
		 struct fair_err *err)
{
	return each_row(st, "SELECT ext_id, kind, name, room FROM places "
			"ORDER BY CASE kind WHEN 'entrance' THEN 0 WHEN "
			"'booth' THEN 1 ELSE 2 END, ext_id", NULL, 0, fn, ctx,
			err);
}

int lists_packs(struct store *st, int limit, list_row_fn fn, void *ctx,
		struct fair_err *err)
{
	return each_row(st, "SELECT k.kiosk, k.role, p.ext_id, p.name, "
			"k.packed_ms, k.path FROM packs k LEFT JOIN places p "
			"ON p.id = k.place_id ORDER BY k.packed_ms DESC, "
			"k.rowid DESC LIMIT :limit", NULL,
			limit, fn, ctx, err);
}

int lists_students(struct store *st, const char *q, int limit,
		   list_row_fn fn, void *ctx, struct fair_err *err)
{
	return each_row(st, "SELECT ext_id, name, kana, school, serial, role "
			"FROM attendees WHERE ext_id IS NOT NULL AND (:q = '' "
			"OR instr(ext_id, :q) OR instr(name, :q) OR "
			"instr(kana, :q)) ORDER BY ext_id LIMIT :limit", q,
			limit, fn, ctx, err);
}

static bool table_exists(struct store *st, const char *name)
{
	sqlite3_stmt *s;
	bool yes = false;

	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM sqlite_schema "
			       "WHERE type = 'table' AND name = ?1", -1, &s,
			       NULL))
		return false;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

bool lists_merged(struct store *st)
{
	return table_exists(st, "merge_flags") &&
	       table_exists(st, "merge_repairs");
}

int lists_flagged_facts(struct store *st, int limit, list_row_fn fn,
			void *ctx, struct fair_err *err)
{
	return each_row(st, "SELECT g.reason, f.kiosk, a.ext_id, a.name, "
			"p.name, f.wall_ms FROM merge_flags g JOIN facts f ON "
			"f.uuid = g.uuid LEFT JOIN attendees a ON a.id = "
			"f.attendee_id LEFT JOIN places p ON p.id = "
			"f.place_id ORDER BY g.reason, f.wall_ms LIMIT "
			":limit", NULL, limit, fn, ctx, err);
}

int lists_flag_counts(struct store *st, list_row_fn fn, void *ctx,
		      struct fair_err *err)
{
	return each_row(st, "SELECT reason, count(*) FROM merge_flags GROUP "
			"BY reason ORDER BY reason", NULL, 0, fn, ctx, err);
}

int lists_feedback(struct store *st, list_row_fn fn, void *ctx,
		   struct fair_err *err)
{
	return each_row(st, "SELECT f.kind, p.ext_id, p.name, count(*), "
			"sum(f.rating) FROM facts f LEFT JOIN places p ON "
			"p.id = f.place_id WHERE f.kind IN ('feedback', "
			"'lead', 'assign') GROUP BY f.kind, f.place_id ORDER "
			"BY f.kind, p.ext_id", NULL, 0, fn, ctx, err);
}

int lists_companies(struct store *st, list_row_fn fn, void *ctx,
		    struct fair_err *err)
{
	return each_row(st, "SELECT id, ext_id, name FROM companies ORDER BY "
			"ext_id", NULL, 0, fn, ctx, err);
}

int lists_badge_order(struct store *st, list_row_fn fn, void *ctx,
		      struct fair_err *err)
{
	return each_row(st, "SELECT id FROM attendees ORDER BY role, school, "
			"kana, id", NULL, 0, fn, ctx, err);
}

int lists_certificate_order(struct store *st, list_row_fn fn, void *ctx,
			    struct fair_err *err)
{
	return each_row(st, "SELECT id FROM attendees WHERE role = 0 ORDER BY "
			"ext_id IS NULL, ext_id, id", NULL, 0, fn, ctx, err);
}

static int64_t count(struct store *st, const char *sql)
{
	int64_t v = -1;

	store_query_int64(st, sql, NULL, 0, &v);
	return v;
}

int64_t lists_repairs(struct store *st)
{
	return count(st, "SELECT count(*) FROM merge_repairs");
}

int64_t lists_data_version(struct store *st)
{
	return count(st, "PRAGMA data_version");
}
