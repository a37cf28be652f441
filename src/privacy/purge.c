/* purge.c: see purge.h. */
#include <stdio.h>

#include <sqlite3.h>

#include "fair/caltime.h"
#include "fair/purge.h"
#include "fair/records.h"
#include "fair/rules.h"

/* The people whose last activity is before ?1 (a venue day's start):
 * their last fact, or the event's last day (?2) for people never seen.
 * Already purged people are not counted again. */
#define DUE_CTE \
	"WITH last AS (SELECT a.id AS aid, coalesce((SELECT max(f.wall_ms) " \
	"FROM facts f WHERE f.attendee_id = a.id), ?2) AS t FROM attendees a " \
	"WHERE a.name != '" PURGE_NAME "'), due AS (SELECT aid FROM last " \
	"WHERE t < ?1) "

static int count(struct store *st, const char *sql, int64_t a, int64_t b,
		 long *out)
{
	const struct store_arg p[2] = { STORE_NUM(a), STORE_NUM(b) };
	int64_t n;

	if (store_query_int64(st, sql, p, 2, &n))
		return -1;
	*out = (long)n;
	return 0;
}

static int run(sqlite3 *db, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, a);
		sqlite3_bind_int64(s, 2, b);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The first instant of the event's last day at the venue, UTC ms: the
 * last activity of someone never seen. */
static int64_t event_last_day_ms(const struct event_info *ev)
{
	int64_t day;

	if (cal_parse_ymd(ev->end_date, &day))
		return 0;
	return cal_day_start_ms(day, ev->utc_offset_min);
}

/* After the attendees: the profile and employee rows of everyone purged,
 * those purged before these rows were cleared too. A student's grade,
 * prefecture and school type, with the school, would narrow an anonymous
 * id down to a few people (the school alone stays, for counts per
 * school); an employee's department and title, with the company, to one.
 * The server clears the same (central.h). */
#define PURGED_OF(t, set, changed) \
	"UPDATE " t " SET " set " WHERE attendee_id IN (SELECT id FROM " \
	"attendees WHERE name = '" PURGE_NAME "') AND (" changed ") AND " \
	"?1 = ?1 AND ?2 = ?2"

static int purge_people(sqlite3 *db, int64_t before, int64_t end)
{
	/* Lead notes are staff's words about a person: they go with the
	 * person. Ratings, tags and every fact stay, on the anonymous id. */
	return run(db, DUE_CTE "UPDATE facts SET note = '' WHERE kind = "
		   "'lead' AND attendee_id IN (SELECT aid FROM due)",
		   before, end) ||
	       run(db, DUE_CTE "UPDATE attendees SET name = '" PURGE_NAME
		   "', kana = '', faculty = '', grade = '', email = '', "
		   "phone = '', "
		   "consent = 0, consent_version = '', ext_id = CASE WHEN "
		   "ext_id IS NULL THEN NULL ELSE 'ANON-' || id END WHERE id "
		   "IN (SELECT aid FROM due)", before, end) ||
	       run(db, PURGED_OF("attendee_profile", "prefecture = '', "
				 "school_type = ''", "prefecture <> '' OR "
				 "school_type <> ''"), before, end) ||
	       run(db, PURGED_OF("employees", "department = '', title = ''",
				 "department <> '' OR title <> ''"),
		   before, end);
}

int purge_run(struct store *st, int64_t before_ms, int64_t now_ms,
	      bool dry_run, struct purge_summary *out, struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	int64_t expire = now_ms - RECORDS_KEEP_MS, end;
	struct event_info ev;
	long people = 0, all = 0;

	if (store_event_get(st, &ev, err))
		return FAIR_ENOENT;
	end = event_last_day_ms(&ev);
	/* A person is due when the venue day of their last activity is
	 * before the day of before_ms: with both sides the first instant of
	 * a venue day, "t < before" is exactly that. */
	before_ms = cal_day_start_ms(cal_local_day(before_ms, ev.utc_offset_min),
				    ev.utc_offset_min);
	if (store_begin(st, err))
		return FAIR_EIO;
	if (count(st, DUE_CTE "SELECT count(*) FROM due", before_ms, end,
		  &people) ||
	    count(st, "SELECT count(*) FROM attendees WHERE name != '"
		  PURGE_NAME "' AND ?1 = ?1 AND ?2 = ?2", 0, 0, &all) ||
	    count(st, "SELECT count(*) FROM provisions WHERE made_ms < ?1 "
		  "AND ?2 = ?2", expire, 0, &out->records_expired))
		goto out_fail;
	out->people = people;
	out->kept = all - people;
	if (dry_run) {
		store_rollback(st);
		return 0;
	}
	if (purge_people(db, before_ms, end) ||
	    run(db, "DELETE FROM provisions WHERE made_ms < ?1 AND ?2 = ?2",
		expire, 0))
		goto out_fail;
	if (store_commit(st, err))
		return FAIR_EIO;
	/* The old rows' pages would otherwise wait in the -wal file. */
	sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
				  NULL);
	return 0;
out_fail:
	fair_fail(err, FAIR_EIO, "cannot purge: %s", sqlite3_errmsg(db));
	store_rollback(st);
	return FAIR_EIO;
}
