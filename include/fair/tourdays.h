/* tourdays.h: the tour's training days (研修: the pre-training and
 * post-training days around the company days) and each student's days.
 *
 * A session is a training day's when `fairsync import sessions` reads 研修
 * in its 種別 column; the marks are the event's setting
 * TOURDAYS_KEY_TRAINING ('|'-separated session ext_ids), copied into
 * kiosk bundles. Every student on the tour (with a valid 'assign' fact) is
 * expected at every training session; attended means a valid check-in
 * (entry, not voided) there.
 *
 * The library never prints; errors come back in struct fair_err.
 */
#ifndef FAIR_TOURDAYS_H
#define FAIR_TOURDAYS_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

#define TOURDAYS_KEY_TRAINING "training_sessions"
#define TOURDAYS_MAX 31           /* days of one event shown */

/* Marks (on) or unmarks the session ext_id as a training day's. Part of
 * the caller's transaction. 0 or FAIR_EIO. */
int tourdays_mark(struct store *st, const char *session_ext, bool on,
		  struct fair_err *err);
/* True if place_id is a session marked 研修. */
bool tourdays_is_training(struct store *st, uint32_t place_id);

struct tourday {
	char date[11];            /* YYYY-MM-DD, venue time */
	enum { DAY_NONE = 0, DAY_VISIT, DAY_TRAINING } kind;
	char what[STORE_TEXT];    /* the company, or the session's name */
	bool attended;
};

/* One student's days, in the event's order. */
struct tourdays_row {
	struct attendee a;
	int ndays;
	struct tourday day[TOURDAYS_MAX];
	int training;             /* training sessions expected */
	int training_missed;      /* of those, not attended */
};

/* Calls fn for every student on the tour (a valid assignment), by roster
 * id. The row is valid during the call. 0 or FAIR_EIO. */
int tourdays_each(struct store *st,
		  void (*fn)(const struct tourdays_row *, void *), void *ctx,
		  struct fair_err *err);

/* ---- the door of a training session (the kiosk) ---------------------- */

/* Copies every valid 'assign' fact of event_db into a door kiosk's store:
 * who is on the tour, so the door of a 研修 session knows whom it
 * expects. Replaces the assignments the kiosk held. 0 or FAIR_EIO. */
int tourdays_pack(struct store *kiosk, const char *event_db,
		  struct fair_err *err);
/* At a 研修 session: students on the tour (*expected) and how many of them
 * entered it (*arrived). 0 or FAIR_EIO. */
int tourdays_counts(struct store *st, uint32_t place_id, int *expected,
		    int *arrived);
/* Calls fn for each student on the tour, those not yet in place_id first,
 * then by kana. 0 or FAIR_EIO. */
int tourdays_expected(struct store *st, uint32_t place_id,
		      void (*fn)(const struct attendee *, bool arrived,
				 void *),
		      void *ctx);

/* When the before-and-after survey (survey.h) is asked at place_id: 1 it
 * is the first 研修 session (before: at the entry), -1 the last (after: at
 * the exit), 2 the only one (both), 0 not a 研修 session. */
int tourdays_survey_when(struct store *st, uint32_t place_id);

/* The training sessions attendee_id missed (0 when none, or when not on
 * the tour), into *missed. 0 or FAIR_EIO. */
int tourdays_missed(struct store *st, uint32_t attendee_id, int *missed);

#endif
