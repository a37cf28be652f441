/* rally.c: the stamp rally (settings rally_booths, rally_kinds), and what
 * each student attended, for certificates (fair/tourdata.h). */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/export.h"
#include "fair/rules.h"
#include "fair/tourdata.h"
#include "fair/tours.h"
#include "table.h"

#define NOT_VOIDED \
	" f.uuid NOT IN (SELECT voids FROM facts WHERE kind = 'void' AND" \
	" voids IS NOT NULL)"

int rally_get(struct store *st, struct rally *out)
{
	char buf[32];
	char *end;
	long n;

	memset(out, 0, sizeof(*out));
	if (tours_setting_get(st, TOURS_KEY_RALLY_BOOTHS, buf, sizeof(buf)))
		return 0;
	n = strtol(buf, &end, 10);
	if (*end || n < 0 || n > 1000)
		return 0;
	out->booths = (int)n;
	if (tours_setting_get(st, TOURS_KEY_RALLY_KINDS, out->kinds,
			      sizeof(out->kinds)) || !out->kinds[0])
		snprintf(out->kinds, sizeof(out->kinds), "booth");
	return 0;
}

int rally_set(struct store *st, int booths, const char *kinds,
	      struct fair_err *err)
{
	char buf[64], num[16];
	const char *p;
	int rc;

	if (booths <= 0) {
		rc = tours_setting_set(st, TOURS_KEY_RALLY_BOOTHS, NULL, err);
		return rc ? rc : tours_setting_set(st, TOURS_KEY_RALLY_KINDS,
						   NULL, err);
	}
	if (!kinds)
		kinds = "booth";
	if (strlen(kinds) >= sizeof(buf))
		return fair_fail(err, FAIR_EINVAL, "--kinds is too long");
	for (p = kinds; *p;) {
		size_t n = strcspn(p, ",");

		if (!((n == 5 && !strncmp(p, "booth", 5)) ||
		      (n == 7 && !strncmp(p, "session", 7)) ||
		      (n == 5 && !strncmp(p, "visit", 5))))
			return fair_fail(err, FAIR_EINVAL, "unknown place kind "
					 "'%.*s' (booth, session or visit)",
					 (int)n, p);
		p += n + (p[n] == ',');
	}
	snprintf(buf, sizeof(buf), "%s", kinds);
	snprintf(num, sizeof(num), "%d", booths);
	rc = tours_setting_set(st, TOURS_KEY_RALLY_BOOTHS, num, err);
	return rc ? rc : tours_setting_set(st, TOURS_KEY_RALLY_KINDS, buf,
					   err);
}

#define STAMPS_FROM \
	" FROM facts f JOIN places p ON p.id = f.place_id" \
	" WHERE f.kind IN ('checkin', 'register') AND f.direction = 1 AND" \
	" instr(',' || ?1 || ',', ',' || p.kind || ',') > 0 AND" NOT_VOIDED

int rally_stamps(struct store *st, const struct rally *r, uint32_t attendee)
{
	sqlite3_stmt *q;
	int n = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT count(DISTINCT"
			       " f.place_id)" STAMPS_FROM " AND"
			       " f.attendee_id = ?2", -1, &q, NULL))
		return 0;
	sqlite3_bind_text(q, 1, r->kinds, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, attendee);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return n;
}

int rally_export(struct store *st, enum tour_format format, const char *path,
		 long *rows, struct fair_err *err)
{
	static const char *const ja[] = { "受付番号", "氏名", "学校名",
					  "スタンプ数", "達成日時" };
	static const char *const en[] = { "roster_id", "name", "school",
					  "stamps", "completed" };
	struct event_info ev;
	struct rally r;
	struct table t;
	sqlite3_stmt *q;
	int rc;

	*rows = 0;
	rally_get(st, &r);
	if (!r.booths)
		return fair_fail(err, FAIR_ENOENT, "the event has no stamp "
				 "rally (set one with 'fairsync rally "
				 "--booths N')");
	rc = store_event_get(st, &ev, err);
	if (rc)
		return rc;
	rc = table_open(&t, format, path, "スタンプラリー", ja, en, 5, err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(store_db(st), "WITH firsts AS (SELECT"
			       " f.attendee_id AS aid, min(f.wall_ms) AS t"
			       STAMPS_FROM " GROUP BY f.attendee_id,"
			       " f.place_id), ranked AS (SELECT aid, t,"
			       " row_number() OVER (PARTITION BY aid ORDER BY"
			       " t) AS rn, count(*) OVER (PARTITION BY aid) AS"
			       " n FROM firsts) SELECT a.ext_id, a.name,"
			       " a.school, r.n, r.t FROM ranked r JOIN"
			       " attendees a ON a.id = r.aid WHERE r.rn = ?2"
			       " ORDER BY r.t, a.id", -1, &q, NULL)) {
		table_close(&t, false, err);
		return fair_fail(err, FAIR_EIO, "%s",
				 sqlite3_errmsg(store_db(st)));
	}
	sqlite3_bind_text(q, 1, r.kinds, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, r.booths);
	while (sqlite3_step(q) == SQLITE_ROW) {
		char when[20];
		const char *cells[5];

		export_format_time(sqlite3_column_int64(q, 4),
				   ev.utc_offset_min, when);
		cells[0] = (const char *)sqlite3_column_text(q, 0);
		cells[1] = (const char *)sqlite3_column_text(q, 1);
		cells[2] = (const char *)sqlite3_column_text(q, 2);
		cells[3] = (const char *)sqlite3_column_text(q, 3);
		cells[4] = when;
		table_row(&t, cells);
	}
	sqlite3_finalize(q);
	*rows = t.rows;
	return table_close(&t, true, err);
}

int attended_list(struct store *st, uint32_t attendee,
		  void (*fn)(const struct attended *, void *), void *ctx)
{
	struct event_info ev;
	struct fair_err err;
	sqlite3_stmt *q;
	int n = 0;

	if (store_event_get(st, &ev, &err))
		return FAIR_ENOENT;
	if (sqlite3_prepare_v2(store_db(st), "SELECT min(f.wall_ms), p.kind,"
			       " p.name, coalesce(c.name, '') FROM facts f"
			       " JOIN places p ON p.id = f.place_id LEFT JOIN"
			       " companies c ON c.id = p.company_id WHERE"
			       " f.kind = 'checkin' AND f.direction = 1 AND"
			       " f.attendee_id = ?1 AND p.kind IN ('visit',"
			       " 'session', 'booth') AND" NOT_VOIDED
			       " GROUP BY f.place_id ORDER BY 1", -1, &q, NULL))
		return FAIR_EIO;
	sqlite3_bind_int64(q, 1, attendee);
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct attended a = { .kind = PLACE_BOOTH };
		const char *k = (const char *)sqlite3_column_text(q, 1);

		event_local_date(&ev, sqlite3_column_int64(q, 0), a.date);
		if (k && !strcmp(k, "visit"))
			a.kind = PLACE_VISIT;
		else if (k && !strcmp(k, "session"))
			a.kind = PLACE_SESSION;
		snprintf(a.place, sizeof(a.place), "%s",
			 (const char *)sqlite3_column_text(q, 2));
		snprintf(a.company, sizeof(a.company), "%s",
			 (const char *)sqlite3_column_text(q, 3));
		fn(&a, ctx);
		n++;
	}
	sqlite3_finalize(q);
	return n;
}

/* ---- a visit kiosk's day ------------------------------------------- */

#define ASSIGNED \
	"SELECT f.attendee_id AS aid FROM facts f WHERE f.kind = 'assign'" \
	" AND f.place_id = ?1 AND" NOT_VOIDED
#define ENTERED \
	"SELECT DISTINCT f.attendee_id AS aid FROM facts f WHERE" \
	" f.kind = 'checkin' AND f.direction = 1 AND f.place_id = ?1 AND" \
	NOT_VOIDED

int visit_counts(struct store *st, uint32_t place_id,
		 struct visit_counts *out)
{
	sqlite3_stmt *q;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(store_db(st), "WITH x AS (" ASSIGNED "), e AS ("
			       ENTERED ") SELECT (SELECT count(DISTINCT aid)"
			       " FROM x), (SELECT count(*) FROM e WHERE aid IN"
			       " (SELECT aid FROM x)), (SELECT count(*) FROM e"
			       " WHERE aid NOT IN (SELECT aid FROM x))", -1, &q,
			       NULL))
		return FAIR_EIO;
	sqlite3_bind_int64(q, 1, place_id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		out->expected = sqlite3_column_int(q, 0);
		out->arrived = sqlite3_column_int(q, 1);
		out->unexpected = sqlite3_column_int(q, 2);
	} else {
		rc = FAIR_EIO;
	}
	sqlite3_finalize(q);
	return rc;
}

int visit_expected(struct store *st, uint32_t place_id,
		   void (*fn)(const struct attendee *, bool arrived, void *),
		   void *ctx)
{
	sqlite3_stmt *q;
	int n = 0;

	if (sqlite3_prepare_v2(store_db(st), "WITH x AS (" ASSIGNED "), e AS ("
			       ENTERED ") SELECT a.id, a.id IN (SELECT aid FROM"
			       " e) AS came FROM attendees a WHERE a.id IN"
			       " (SELECT aid FROM x) ORDER BY came, a.kana,"
			       " a.id", -1, &q, NULL))
		return FAIR_EIO;
	sqlite3_bind_int64(q, 1, place_id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct attendee a;

		if (store_attendee_get(st, (uint32_t)sqlite3_column_int64(q, 0),
				       &a))
			continue;
		fn(&a, sqlite3_column_int(q, 1) != 0, ctx);
		n++;
	}
	sqlite3_finalize(q);
	return n;
}
