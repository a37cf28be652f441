/* rules.h: the check-in decision, made the same way on every kiosk.
 *
 * rules_decide() turns (badge text, place, now, this kiosk's own facts)
 * into one outcome with a reason key. checkin_process() decides and, for an
 * accepted scan, appends the fact durably; only then is the outcome
 * ACCEPTED. If the disk refuses, the outcome is NOT_STORED and the kiosk
 * must not show green.
 *
 * Checks run in this order (as pretixSCAN does): malformed, other event,
 * forged (tries every verify key), revoked, staff badge, not today, outside
 * the session window (+grace), already (inside the dedupe window), full.
 *
 * A tour visit (place kind PLACE_VISIT) differs: one kiosk records both
 * ways (a student's first scan of the day is the entry, the next one after
 * the dedupe window the exit), its capacity never refuses anyone, and a
 * student the plan does not expect there is accepted with
 * res->not_expected set and the fact flagged FACT_NOT_EXPECTED (amber on
 * screen), never refused.
 */
#ifndef FAIR_RULES_H
#define FAIR_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/store.h"
#include "fair/token.h"

enum outcome {
	OUTCOME_ACCEPTED = 0,
	OUTCOME_ALREADY,         /* repeat within the window; not an error */
	OUTCOME_MALFORMED,
	OUTCOME_FORGED,
	OUTCOME_OTHER_EVENT,
	OUTCOME_REVOKED,
	OUTCOME_NOT_TODAY,       /* now is outside the event's dates */
	OUTCOME_OUTSIDE_SESSION, /* outside the session window plus grace */
	OUTCOME_FULL,            /* session capacity reached */
	OUTCOME_STAFF,           /* a valid staff badge: opens staff mode */
	OUTCOME_NOT_STORED,      /* valid, but the disk refused the fact */
	OUTCOME_COUNT
};

/* Tunables from kiosk.ini [rules]. */
struct rules_config {
	int dedupe_s;  /* a repeat scan within this many seconds is ALREADY */
	int grace_s;   /* sessions admit this early and this late */
	int direction; /* +1 records entries, -1 exits */
};

#define RULES_DEFAULT_DEDUPE_S 900
#define RULES_DEFAULT_GRACE_S 900

/* Everything a kiosk decides with; filled once by checkin_ctx_init and
 * again when staff switch place. Not owned: st. */
struct checkin_ctx {
	struct store *st;
	struct event_info event;
	struct token_keys keys;
	struct place place;
	struct rules_config cfg;
	char kiosk[64];   /* kiosk name, stored with each fact */
	char boot_id[40]; /* this boot, stored with each fact */
};

struct checkin_result {
	enum outcome outcome;
	struct token token;      /* valid when the token parsed */
	bool token_parsed;
	int64_t first_ms;        /* ALREADY: wall time of the first check-in */
	struct fact fact;        /* ACCEPTED: the stored fact */
	struct fair_err err;     /* NOT_STORED: why the disk refused */
	const char *detail;      /* MALFORMED: short English parse reason */
	int direction;           /* ACCEPTED: +1 entry, -1 exit recorded */
	bool not_expected;       /* ACCEPTED at a visit the plan lacks */
};

/* Loads event, keys and place (by ext_id) from st. FAIR_ENOENT if the place
 * is unknown. */
int checkin_ctx_init(struct checkin_ctx *ctx, struct store *st,
		     const char *place_ext_id, const char *kiosk_name,
		     const struct rules_config *cfg, struct fair_err *err);
/* Switches the ctx to another place (staff: switch place or session). */
int checkin_ctx_set_place(struct checkin_ctx *ctx, const char *place_ext_id,
			  struct fair_err *err);

/* A visit kiosk serves its company's host days: switches ctx to the same
 * company's visit place on now's local date, if it hosts that day.
 * 0 when ctx is at today's place (or is not a visit), FAIR_ENOENT when the
 * company hosts no visit today (ctx unchanged). */
int checkin_ctx_follow_day(struct checkin_ctx *ctx, int64_t now_wall_ms);

/* Decides without writing. */
enum outcome rules_decide(const struct checkin_ctx *ctx, const char *text,
			  size_t len, int64_t now_wall_ms,
			  struct checkin_result *res);

/* Decides and, when accepted, appends the check-in fact durably. */
enum outcome checkin_process(const struct checkin_ctx *ctx, const char *text,
			     size_t len, enum input_source source,
			     int64_t now_wall_ms, int64_t now_mono_ms,
			     struct checkin_result *res);

/* Records a check-in staff made by hand for a known attendee (no badge). */
enum outcome checkin_manual(const struct checkin_ctx *ctx,
			    uint32_t attendee_id, int64_t now_wall_ms,
			    int64_t now_mono_ms, struct checkin_result *res);

/* Reason key as in the outcome log: "accepted", "already", "malformed",
 * "forged", "other-event", "revoked", "not-today", "outside-session",
 * "full", "staff", "not-stored". */
const char *outcome_key(enum outcome o);

/* True if now lies within the event's dates in the venue's time zone. */
bool clock_within_event(const struct event_info *ev, int64_t now_wall_ms);

/* Venue-local calendar date of a UTC time, as YYYY-MM-DD. */
void event_local_date(const struct event_info *ev, int64_t wall_ms,
		      char out[11]);
/* UTC ms of local midnight starting the venue-local day containing wall_ms;
 * "today's counts" start here. */
int64_t event_day_start_ms(const struct event_info *ev, int64_t wall_ms);

/* This machine's boot id (or "unknown"). */
void boot_id_read(char out[40]);

#endif
