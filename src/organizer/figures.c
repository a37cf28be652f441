/* figures.c: counts for the report's charts (figures.h). The SQL picks the
 * facts; the calendar, not SQL, decides which venue day and hour a time
 * falls in. */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/caltime.h"
#include "fair/export.h"
#include "fair/figures.h"

#define SQL_MAX 4096

/* Prepares the valid-check-in CTE followed by select. */
static sqlite3_stmt *prepare(struct store *st, const char *select,
			     struct fair_err *err)
{
	char sql[SQL_MAX];
	sqlite3_stmt *q = NULL;
	sqlite3 *db = store_db(st);

	if ((size_t)snprintf(sql, sizeof(sql), "%s%s", export_valid_cte(st),
			     select) >= sizeof(sql)) {
		fair_fail(err, FAIR_EIO, "figures: query too long");
		return NULL;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		fair_fail(err, FAIR_EIO, "figures: %s", sqlite3_errmsg(db));
		sqlite3_finalize(q);
		return NULL;
	}
	return q;
}

static int finish(struct store *st, sqlite3_stmt *q, int step, int rc,
		  struct fair_err *err)
{
	sqlite3_finalize(q);
	if (!rc && step != SQLITE_DONE)
		return fair_fail(err, FAIR_EIO, "figures: %s",
				 sqlite3_errmsg(store_db(st)));
	return rc;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);

	return s ? s : "";
}

int figures_places(struct store *st, const char *kind, int64_t company_id,
		   int (*fn)(const struct fig_place *p, void *ctx),
		   void *ctx, struct fair_err *err)
{
	/* visitors per place first, then joined: one pass over the facts */
	sqlite3_stmt *q = prepare(st, "SELECT p.id, coalesce(p.company_id, "
				  "0), p.ext_id, p.kind, p.name, p.starts_ms, "
				  "p.capacity, coalesce(n.visitors, 0) FROM "
				  "places p LEFT JOIN (SELECT pid, count("
				  "DISTINCT aid) AS visitors FROM v GROUP BY "
				  "pid) n ON n.pid = p.id WHERE (?1 IS NULL OR "
				  "p.kind = ?1) AND (?2 = 0 OR p.company_id = "
				  "?2) ORDER BY p.kind, p.starts_ms, p.name, "
				  "p.id", err);
	int step = SQLITE_DONE, rc = 0;

	if (!q)
		return FAIR_EIO;
	if (kind)
		sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, company_id);
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		struct fig_place p = {
			.id = sqlite3_column_int64(q, 0),
			.company_id = sqlite3_column_int64(q, 1),
			.ext_id = col_text(q, 2),
			.kind = col_text(q, 3),
			.name = col_text(q, 4),
			.starts_ms = sqlite3_column_int64(q, 5),
			.capacity = (long)sqlite3_column_int64(q, 6),
			.visitors = (long)sqlite3_column_int64(q, 7),
		};

		rc = fn(&p, ctx);
	}
	if (rc)
		step = SQLITE_DONE;
	return finish(st, q, step, rc, err);
}

int figures_arrivals_by_hour(struct store *st, int offset_min,
			     int64_t company_id,
			     int (*fn)(int64_t day, int hour, long n,
				       void *ctx),
			     void *ctx, struct fair_err *err)
{
	/* first check-ins in time order; counted while the hour lasts */
	sqlite3_stmt *q = prepare(st, "SELECT min(t) FROM v WHERE ?1 = 0 OR "
				  "pid IN (SELECT id FROM places WHERE "
				  "company_id = ?1) GROUP BY aid ORDER BY 1",
				  err);
	int step = SQLITE_DONE, rc = 0, hour = -1;
	int64_t day = 0;
	long n = 0;

	if (!q)
		return FAIR_EIO;
	sqlite3_bind_int64(q, 1, company_id);
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(q, 0);
		int64_t d = cal_local_day(t, offset_min);
		int h = cal_local(t, offset_min).h;

		if (n && (d != day || h != hour)) {
			rc = fn(day, hour, n, ctx);
			n = 0;
		}
		day = d;
		hour = h;
		n++;
	}
	if (!rc && step == SQLITE_DONE && n)
		rc = fn(day, hour, n, ctx);
	if (rc)
		step = SQLITE_DONE;
	return finish(st, q, step, rc, err);
}
