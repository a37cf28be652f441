/* rules.c: the check-in decision; order and meaning in rules.h. */
#include <stdio.h>
#include <string.h>

#include "fair/caltime.h"
#include "fair/rules.h"

static const char *const outcome_keys[OUTCOME_COUNT] = {
	[OUTCOME_ACCEPTED] = "accepted",
	[OUTCOME_ALREADY] = "already",
	[OUTCOME_MALFORMED] = "malformed",
	[OUTCOME_FORGED] = "forged",
	[OUTCOME_OTHER_EVENT] = "other-event",
	[OUTCOME_REVOKED] = "revoked",
	[OUTCOME_NOT_TODAY] = "not-today",
	[OUTCOME_OUTSIDE_SESSION] = "outside-session",
	[OUTCOME_FULL] = "full",
	[OUTCOME_STAFF] = "staff",
	[OUTCOME_NOT_STORED] = "not-stored",
};

const char *outcome_key(enum outcome o)
{
	return (unsigned)o < OUTCOME_COUNT ? outcome_keys[o] : "malformed";
}

/* An event date as stored, "YYYY-MM-DD", as a day number; 0 (1970-01-01)
 * for a date that cannot be read, so such an event is never "today". */
static int64_t date_days(const char *ymd)
{
	int64_t day;

	return cal_parse_ymd(ymd, &day) ? 0 : day;
}

bool clock_within_event(const struct event_info *ev, int64_t now_wall_ms)
{
	int64_t day = cal_local_day(now_wall_ms, ev->utc_offset_min);

	return day >= date_days(ev->start_date) &&
	       day <= date_days(ev->end_date);
}

int64_t event_day_start_ms(const struct event_info *ev, int64_t wall_ms)
{
	return cal_day_start_ms(cal_local_day(wall_ms, ev->utc_offset_min),
				ev->utc_offset_min);
}

void event_local_date(const struct event_info *ev, int64_t wall_ms,
		      char out[11])
{
	cal_format_date(wall_ms, ev->utc_offset_min, out);
}

void boot_id_read(char out[40])
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	snprintf(out, 40, "unknown");
	if (!f)
		return;
	if (fgets(out, 40, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

int checkin_ctx_set_place(struct checkin_ctx *ctx, const char *place_ext_id,
			  struct fair_err *err)
{
	if (store_place_by_ext(ctx->st, place_ext_id, &ctx->place) != 0)
		return fair_fail(err, FAIR_ENOENT, "no place '%s' in this "
				 "database", place_ext_id);
	return 0;
}

int checkin_ctx_init(struct checkin_ctx *ctx, struct store *st,
		     const char *place_ext_id, const char *kiosk_name,
		     const struct rules_config *cfg, struct fair_err *err)
{
	int rc;

	memset(ctx, 0, sizeof(*ctx));
	ctx->st = st;
	ctx->cfg = *cfg;
	if (ctx->cfg.direction == 0)
		ctx->cfg.direction = 1;
	snprintf(ctx->kiosk, sizeof(ctx->kiosk), "%s", kiosk_name);
	boot_id_read(ctx->boot_id);
	rc = store_event_get(st, &ctx->event, err);
	if (rc)
		return rc;
	rc = store_keys_load(st, &ctx->keys, err);
	if (rc)
		return rc;
	if (ctx->keys.n == 0)
		return fair_fail(err, FAIR_ENOENT, "no verify keys in this "
				 "database");
	return checkin_ctx_set_place(ctx, place_ext_id, err);
}

static enum outcome from_token_status(enum token_status s)
{
	switch (s) {
	case TOKEN_OK: return OUTCOME_ACCEPTED;
	case TOKEN_FORGED: return OUTCOME_FORGED;
	case TOKEN_OTHER_EVENT: return OUTCOME_OTHER_EVENT;
	case TOKEN_MALFORMED: break;
	}
	return OUTCOME_MALFORMED;
}

static bool outside_session(const struct checkin_ctx *ctx, int64_t now)
{
	const struct place *p = &ctx->place;
	int64_t grace = (int64_t)ctx->cfg.grace_s * 1000;

	if (p->kind != PLACE_SESSION || (!p->starts_ms && !p->ends_ms))
		return false;
	if (p->starts_ms && now < p->starts_ms - grace)
		return true;
	return p->ends_ms && now > p->ends_ms + grace;
}

/* The seat count a session door enforces: today's attendees, or for an
 * entry/exit place those inside now. */
static bool place_full(const struct checkin_ctx *ctx, int64_t now)
{
	const struct place *p = &ctx->place;

	if (p->capacity <= 0)
		return false;
	return store_place_count(ctx->st, p,
				 event_day_start_ms(&ctx->event, now)) >=
	       p->capacity;
}

/* Repeat within the dedupe window: answered, not recorded again. */
static bool repeat_scan(const struct checkin_ctx *ctx, uint32_t attendee,
			int64_t now, struct checkin_result *res)
{
	struct fact last, first;
	int64_t since = now - (int64_t)ctx->cfg.dedupe_s * 1000;

	if (store_last_checkin(ctx->st, attendee, ctx->place.id, &last) != 0)
		return false;
	if (last.direction != ctx->cfg.direction || last.wall_ms < since)
		return false;
	res->first_ms = last.wall_ms;
	/* Report the first scan of this stay, not the latest repeat. */
	if (store_first_checkin(ctx->st, attendee, ctx->place.id,
				ctx->cfg.direction, since, &first) == 0)
		res->first_ms = first.wall_ms;
	return true;
}

/* A tour visit: the day's first scan enters, the next one (after the
 * dedupe window) leaves; a student the plan does not expect here is let
 * in and flagged, since the plan may be out of date and the company will
 * still host them. Capacity is the plan's business, not the door's. */
static enum outcome decide_visit(const struct checkin_ctx *ctx,
				 uint32_t attendee, int64_t now,
				 struct checkin_result *res)
{
	struct fact last;
	int64_t since = now - (int64_t)ctx->cfg.dedupe_s * 1000;
	bool inside = false;

	if (store_last_checkin(ctx->st, attendee, ctx->place.id, &last) == 0) {
		if (last.wall_ms >= since && last.wall_ms <= now) {
			res->first_ms = last.wall_ms;
			return OUTCOME_ALREADY;
		}
		inside = last.direction > 0 &&
			 last.wall_ms >= event_day_start_ms(&ctx->event, now);
	}
	res->direction = inside ? -1 : 1;
	res->not_expected = !inside && !store_assigned(ctx->st, attendee,
						      ctx->place.id);
	return OUTCOME_ACCEPTED;
}

int checkin_ctx_follow_day(struct checkin_ctx *ctx, int64_t now_wall_ms)
{
	char date[11], ext[64 + 16];
	const char *colon;
	struct place p;
	size_t n;

	if (ctx->place.kind != PLACE_VISIT)
		return 0;
	event_local_date(&ctx->event, now_wall_ms, date);
	n = strlen(ctx->place.ext_id);
	if (n > 11 && !strcmp(ctx->place.ext_id + n - 10, date))
		return 0;
	colon = strrchr(ctx->place.ext_id, ':');
	if (!colon)
		return FAIR_ENOENT;
	snprintf(ext, sizeof(ext), "%.*s:%s",
		 (int)(colon - ctx->place.ext_id), ctx->place.ext_id, date);
	if (strlen(ext) >= sizeof(p.ext_id) ||
	    store_place_by_ext(ctx->st, ext, &p) || p.kind != PLACE_VISIT)
		return FAIR_ENOENT;
	ctx->place = p;
	return 0;
}

static enum outcome decide_attendee(const struct checkin_ctx *ctx,
				    const struct token *t, int64_t now,
				    struct checkin_result *res)
{
	res->direction = ctx->cfg.direction;
	if (store_serial_revoked(ctx->st, t->attendee_id, t->serial))
		return OUTCOME_REVOKED;
	if (t->role == TOKEN_ROLE_STAFF)
		return OUTCOME_STAFF;
	if (!clock_within_event(&ctx->event, now))
		return OUTCOME_NOT_TODAY;
	if (ctx->place.kind == PLACE_VISIT)
		return decide_visit(ctx, t->attendee_id, now, res);
	if (outside_session(ctx, now))
		return OUTCOME_OUTSIDE_SESSION;
	if (repeat_scan(ctx, t->attendee_id, now, res))
		return OUTCOME_ALREADY;
	if (ctx->cfg.direction > 0 && place_full(ctx, now))
		return OUTCOME_FULL;
	return OUTCOME_ACCEPTED;
}

enum outcome rules_decide(const struct checkin_ctx *ctx, const char *text,
			  size_t len, int64_t now_wall_ms,
			  struct checkin_result *res)
{
	enum token_status ts;

	memset(res, 0, sizeof(*res));
	ts = token_check(text, len, ctx->event.event_id, &ctx->keys,
			 &res->token, &res->detail);
	res->token_parsed = ts == TOKEN_OK || ts == TOKEN_OTHER_EVENT ||
			    ts == TOKEN_FORGED;
	res->outcome = from_token_status(ts);
	if (ts == TOKEN_OK)
		res->outcome = decide_attendee(ctx, &res->token, now_wall_ms,
					       res);
	return res->outcome;
}

/* An exit with no entry before it is recorded and flagged, not refused:
 * the entry may sit on another kiosk, or the student slipped past. */
static unsigned exit_flags(const struct checkin_ctx *ctx, uint32_t attendee)
{
	struct fact last;

	if (ctx->cfg.direction > 0)
		return 0;
	if (store_last_checkin(ctx->st, attendee, ctx->place.id, &last) != 0 ||
	    last.direction < 0)
		return FACT_EXIT_WITHOUT_ENTRY;
	return 0;
}

static enum outcome record(const struct checkin_ctx *ctx, uint32_t attendee,
			   uint16_t serial, enum input_source source,
			   int64_t now_wall_ms, int64_t now_mono_ms,
			   struct checkin_result *res)
{
	struct fact *f = &res->fact;

	memset(f, 0, sizeof(*f));
	f->kind = FACT_CHECKIN;
	snprintf(f->kiosk, sizeof(f->kiosk), "%s", ctx->kiosk);
	f->place_id = ctx->place.id;
	f->attendee_id = attendee;
	f->serial = serial;
	f->direction = res->direction ? res->direction : ctx->cfg.direction;
	f->source = source;
	f->wall_ms = now_wall_ms;
	snprintf(f->boot_id, sizeof(f->boot_id), "%s", ctx->boot_id);
	f->mono_ms = now_mono_ms;
	f->flags = f->direction < 0 && ctx->place.kind == PLACE_VISIT ? 0 :
		   exit_flags(ctx, attendee);
	if (res->not_expected)
		f->flags |= FACT_NOT_EXPECTED;
	if (store_fact_append(ctx->st, f, &res->err) != 0)
		res->outcome = OUTCOME_NOT_STORED;
	return res->outcome;
}

enum outcome checkin_process(const struct checkin_ctx *ctx, const char *text,
			     size_t len, enum input_source source,
			     int64_t now_wall_ms, int64_t now_mono_ms,
			     struct checkin_result *res)
{
	if (rules_decide(ctx, text, len, now_wall_ms, res) != OUTCOME_ACCEPTED)
		return res->outcome;
	return record(ctx, res->token.attendee_id, res->token.serial, source,
		      now_wall_ms, now_mono_ms, res);
}

enum outcome checkin_manual(const struct checkin_ctx *ctx,
			    uint32_t attendee_id, int64_t now_wall_ms,
			    int64_t now_mono_ms, struct checkin_result *res)
{
	struct attendee a;

	memset(res, 0, sizeof(*res));
	if (store_attendee_get(ctx->st, attendee_id, &a) != 0) {
		res->outcome = OUTCOME_MALFORMED;
		res->detail = "unknown attendee";
		return res->outcome;
	}
	res->token = (struct token){ .version = TOKEN_VERSION,
		.role = a.role, .event_id = ctx->event.event_id,
		.attendee_id = a.id, .serial = a.serial };
	res->token_parsed = true;
	if (repeat_scan(ctx, a.id, now_wall_ms, res))
		return res->outcome = OUTCOME_ALREADY;
	res->outcome = OUTCOME_ACCEPTED;
	return record(ctx, a.id, a.serial, SOURCE_MANUAL, now_wall_ms,
		      now_mono_ms, res);
}
