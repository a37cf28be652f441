/* brain_consent.c: a student's consent to one company, on staff screens
 * (fair/consent.h). On a booth's lead note staff hand the tablet to the
 * visitor, who is asked whether this company may have their contact
 * details (the same fact as the booth result's button). At any kiosk
 * staff open 同意の取り消し, scan the student's badge (verified, never
 * checked in) and withdraw the consent to this booth's company or to every
 * company, after a question: nothing is withdrawn without one. brain.c
 * hands every event here first. */
#include <string.h>

#include "brain_consent.h"
#include "brain_int.h"
#include "fair/jtext.h"

static void say(struct brain *b, const char *msg, bool error)
{
	jtext_copy(b->notice, sizeof(b->notice), msg);
	b->notice_error = error;
	b->notice_big = false;
}

static void withdraw_open(struct brain *b)
{
	b->screen = SCREEN_STAFF_WITHDRAW;
	b->wd_pending = false;
	b->wd_attendee = 0;
	b->wd_who[0] = '\0';
	b->wd_all = false;
	b->confirm = CONFIRM_NONE;
	b->notice[0] = '\0';
	b->notice_big = false;
}

/* The question's answer. Every other button waits for it. */
static void answer(struct brain *b, enum brain_button id,
		   struct brain_actions *out)
{
	enum brain_confirm c = b->confirm;
	struct brain_action *a;

	if (id != BTN_CONFIRM_YES && id != BTN_CONFIRM_NO)
		return;
	b->confirm = CONFIRM_NONE;
	if (id == BTN_CONFIRM_NO)
		return;
	if (c == CONFIRM_CONSENT_ASK) {
		a = emit(out, ACT_CONSENT);
		a->u.consent.attendee_id = b->lead_attendee;
		jtext_copy(a->u.consent.version, sizeof(a->u.consent.version),
			   b->cfg.consent_version);
	} else {
		a = emit(out, ACT_WITHDRAW);
		a->u.withdraw.attendee_id = b->wd_attendee;
		a->u.withdraw.all = b->wd_all;
	}
}

static bool on_button(struct brain *b, enum brain_button id, int arg,
		      int64_t now)
{
	if (b->screen == SCREEN_STAFF && b->confirm == CONFIRM_NONE &&
	    id == BTN_STAFF_WITHDRAW) {
		b->staff_since = now;
		withdraw_open(b);
		return true;
	}
	if (b->screen == SCREEN_STAFF_LEAD && id == BTN_LEAD_CONSENT &&
	    b->confirm == CONFIRM_NONE && !b->lead_memo &&
	    b->cfg.booth_consent && !b->cfg.no_sharing && b->lead_attendee) {
		b->staff_since = now;
		b->confirm = CONFIRM_CONSENT_ASK;
		return true;
	}
	if (b->screen != SCREEN_STAFF_WITHDRAW || id == BTN_BACK ||
	    b->confirm != CONFIRM_NONE)
		return false; /* brain.c: 戻る, and questions over its own */
	b->staff_since = now;
	/* this booth's company, or every company (any kiosk) */
	if (id == BTN_WITHDRAW && b->wd_attendee && !b->wd_pending &&
	    (arg == 1 || b->cfg.leads)) {
		b->wd_all = arg == 1;
		b->confirm = CONFIRM_WITHDRAW;
	}
	return true;
}

/* A badge scanned on the withdraw screen: whose is it? Verified as a
 * check-in would be (ACT_IDENTIFY), never stored as one. */
static void on_scan(struct brain *b, const struct brain_event *ev,
		    int64_t now, struct brain_actions *out)
{
	struct brain_action *a;

	b->staff_since = now;
	if (b->wd_pending || b->confirm != CONFIRM_NONE || !ev->u.scan.text[0])
		return;
	a = emit(out, ACT_IDENTIFY);
	jtext_copy(a->u.checkin.text, sizeof(a->u.checkin.text),
		   ev->u.scan.text);
	a->u.checkin.source = ev->u.scan.source;
	b->wd_pending = true;
	b->wd_attendee = 0;
	b->notice[0] = '\0';
}

static bool identified(const struct checkin_result *r)
{
	return r->token_parsed && r->token.role == TOKEN_ROLE_STUDENT &&
	       r->outcome != OUTCOME_MALFORMED &&
	       r->outcome != OUTCOME_FORGED &&
	       r->outcome != OUTCOME_OTHER_EVENT &&
	       r->outcome != OUTCOME_REVOKED;
}

static void on_identified(struct brain *b, const struct brain_event *ev)
{
	const struct checkin_result *r = &ev->u.done.res;

	b->wd_pending = false;
	if (!identified(r) || !ev->u.done.name[0]) {
		b->wd_attendee = 0;
		say(b, str_get(STR_WITHDRAW_NOT_STUDENT, b->lang), true);
		return;
	}
	b->wd_attendee = r->token.attendee_id;
	jtext_copy(b->wd_who, sizeof(b->wd_who), ev->u.done.name);
	b->notice[0] = '\0';
}

static bool on_done(struct brain *b, const struct brain_event *ev)
{
	int act = ev->u.result.action;

	if (act == ACT_WITHDRAW && b->screen == SCREEN_STAFF_WITHDRAW) {
		say(b, ev->u.result.msg, !ev->u.result.ok);
		if (ev->u.result.ok) /* the next student's badge */
			b->wd_attendee = 0;
		return true;
	}
	if (act == ACT_CONSENT && b->screen == SCREEN_STAFF_LEAD) {
		say(b, ev->u.result.msg, !ev->u.result.ok);
		return true;
	}
	return act == ACT_WITHDRAW;
}

bool brain_consent_step(struct brain *b, const struct brain_event *ev,
			int64_t now, struct brain_actions *out)
{
	switch (ev->kind) {
	case EV_BUTTON:
		if (b->confirm == CONFIRM_CONSENT_ASK ||
		    b->confirm == CONFIRM_WITHDRAW) {
			b->staff_since = now;
			answer(b, ev->u.button.id, out);
			return true;
		}
		return on_button(b, ev->u.button.id, ev->u.button.arg, now);
	case EV_SCAN:
		if (b->screen != SCREEN_STAFF_WITHDRAW)
			return false;
		on_scan(b, ev, now, out);
		return true;
	case EV_CHECKIN_DONE: /* the answer to ACT_IDENTIFY */
		if (!b->wd_pending || b->screen != SCREEN_STAFF_WITHDRAW)
			return false;
		on_identified(b, ev);
		return true;
	case EV_DONE:
		return on_done(b, ev);
	default:
		return false;
	}
}
