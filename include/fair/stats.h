/* stats.h: every figure a screen, a command or a report shows, each
 * computed in one place.
 *
 * What counts (the exports' definition, export_valid_cte()): check-in
 * facts not cancelled by a VOID fact, at their best-known time; a
 * walk-in's registration is its arrival where it registered (at the
 * entrance), so it counts as a check-in there. A "visitor" is a distinct
 * attendee with at least one such fact; "scans" counts the facts. The
 * kiosk's idle counter and staff menu, `fairsync status`, the console's
 * overview and the exports all read these, so they cannot disagree.
 *
 * All functions only read; they return 0 (or a count) and FAIR_EIO when a
 * query fails. Nothing here prints.
 */
#ifndef FAIR_STATS_H
#define FAIR_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/store.h"

/* ---- one place today (a kiosk's screens) ------------------------------ */

struct stats_place_day {
	int visitors;     /* distinct attendees in since_ms onwards */
	int present;      /* exit-tracking: inside now; else = visitors */
	int expected;     /* attendees the plan ('assign' facts) puts here */
	int arrived;      /* of them, those with a valid entry here */
	int unexpected;   /* entered here without being planned */
	int capacity;     /* the place's seats; 0: no limit */
	int seats_left;   /* capacity - present - planned not yet arrived,
			   * at least 0; 0 when capacity is 0 */
	bool full;        /* no seat left for anyone expected: seats taken
			   * by those present and by the planned on their
			   * way; unplanned arrivals never make a place full
			   * for the planned (they are over the plan) */
};

/* The figures of place p from since_ms on (the kiosk: the start of the
 * venue's day). 0 or FAIR_EIO. */
int stats_place_day(struct store *st, const struct place *p,
		    int64_t since_ms, struct stats_place_day *out);

/* 'checkin' facts kiosk recorded (both directions, as the console's
 * per-kiosk table counts them) with wall_ms >= since_ms. A count or
 * FAIR_EIO. */
long stats_kiosk_records(struct store *st, const char *kiosk,
			 int64_t since_ms);

/* Every fact kiosk recorded itself (a fresh bundle holds none). A count
 * or FAIR_EIO. */
long stats_kiosk_facts(struct store *st, const char *kiosk);

/* Walk-ins registered (valid 'register' facts) with wall_ms >= since_ms,
 * at kiosk, or everywhere when kiosk is NULL. A count or FAIR_EIO. */
long stats_walkins(struct store *st, const char *kiosk, int64_t since_ms);

/* Facts of kind (a fact_kind_name()) anywhere. A count or FAIR_EIO. */
long stats_facts_of_kind(struct store *st, const char *kind);

/* ---- the whole event (status, console, report) ----------------------- */

struct stats_roster {
	long keys, signing_keys;   /* verify keys; of them with a secret */
	long companies;
	long places[4];            /* by enum place_kind */
	long roster, walkins;      /* attendees from the roster; walk-ins */
	long staff;                /* attendees with the staff role */
	long revoked;              /* revoked badges */
};

/* What the event's roster holds. 0 or FAIR_EIO. */
int stats_roster(struct store *st, struct stats_roster *out);

/* Calls fn(kind, n) for the facts of each kind, by kind. 0 or FAIR_EIO. */
int stats_facts_by_kind(struct store *st,
			void (*fn)(const char *kind, long n, void *),
			void *ctx);

/* The valid check-ins of the event, read once. Opaque; stats_free. */
struct stats;

/* Reads every valid check-in; offset_min is the venue's UTC offset, for
 * the hours. NULL with err set on failure. Caller frees. */
struct stats *stats_load(struct store *st, int offset_min,
			 struct fair_err *err);
void stats_free(struct stats *s);

/* Total scans and distinct visitors. */
long stats_checkins(const struct stats *s);
long stats_visitors(const struct stats *s);

struct stats_row {
	const char *key;     /* place ext_id, "YYYY-MM-DD HH:00", kiosk */
	const char *kind;    /* by place: its kind; else "" */
	const char *name;    /* by place: its name; else "" */
	long visitors;       /* distinct attendees */
	long scans;          /* valid check-ins (and registrations) */
};

/* Calls fn for every place, check-ins or not: entrance first, then
 * booths, then the rest, by ext_id. Strings valid during the call. 0 or
 * FAIR_EIO. */
int stats_by_place(struct store *st, const struct stats *s,
		   void (*fn)(const struct stats_row *, void *), void *ctx);
/* Calls fn for every venue-local hour with check-ins, in order. */
void stats_by_hour(const struct stats *s,
		   void (*fn)(const struct stats_row *, void *), void *ctx);

struct stats_kiosk {
	const char *kiosk;   /* the kiosk's name; "..." for all past 1024 */
	long facts;          /* every fact it recorded */
	long checkins;       /* its 'checkin' facts, both directions */
	long walkins;        /* its 'register' facts */
	long flagged;        /* merged: its facts merge flagged */
	int64_t first_ms, last_ms; /* its first and last fact, wall ms */
};

/* Calls fn for every kiosk that recorded a fact, by name; with merged,
 * counts merge flags too. 0 or FAIR_EIO. */
int stats_by_kiosk(struct store *st, bool merged,
		   void (*fn)(const struct stats_kiosk *, void *), void *ctx);

/* Calls fn(school, walk-ins) for the schools walk-ins typed at a kiosk
 * rather than picked from the roster's list (FACT_NEW_SCHOOL), for the
 * organizer to check their spelling. 0 or FAIR_EIO. */
int stats_new_schools(struct store *st,
		      void (*fn)(const char *school, long n, void *),
		      void *ctx);

#endif
