/* purge.h: retention. After a retention period the organizer removes the
 * personal data of students who have not been seen since a date, keeping
 * anonymous statistics: each purged attendee keeps its id (so every fact,
 * count per place and hour stays) and its school (counts per school),
 * and loses name, furigana, faculty, grade, e-mail, phone, consent and
 * roster id; a student's prefecture and school type (attendee_profile)
 * and an employee's department and title (employees) go too. The central
 * server's purge (central.h) removes the same. Provision records are kept
 * until their 3 years end (records.h), then removed by the same purge.
 */
#ifndef FAIR_PURGE_H
#define FAIR_PURGE_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

/* The name a purged attendee shows in exports and reports. */
#define PURGE_NAME "(削除済み)"

struct purge_summary {
	long people;          /* attendees whose personal data goes */
	long kept;            /* attendees still within the period */
	long records_expired; /* provision records past their 3 years */
};

/* Purges every attendee (students and staff) whose last activity (last
 * fact, or the event's last day when none) falls on a day before the day
 * of before_ms, days counted in the venue's time (event.utc_offset_min):
 * before 2026-12-07 takes the whole of the 6th, and those never seen at
 * an event whose last day is the 6th. Also removes the
 * provision records older than now_ms minus 3 years. With dry_run, only
 * counts. One transaction; the WAL is checkpointed and truncated after, so
 * the old values do not linger beside the file. 0, or FAIR_* with err. */
int purge_run(struct store *st, int64_t before_ms, int64_t now_ms,
	      bool dry_run, struct purge_summary *out, struct fair_err *err);

#endif
