/* test_booth_consent.c: a booth's result offers the student consent to
 * its company (fair/consent.h) through the pure state machine, with a fake
 * clock: events in, actions out (as test_brain.c, which is full). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fair/brain.h"

static struct {
	struct brain b;
	struct brain_actions out;
	int64_t now; /* the fake clock */
} F;

static void step(const struct brain_event *ev)
{
	brain_step(&F.b, ev, F.now, &F.out);
}

static void scan(const char *text, enum input_source src)
{
	struct brain_event ev = { .kind = EV_SCAN };

	snprintf(ev.u.scan.text, sizeof(ev.u.scan.text), "%s", text);
	ev.u.scan.source = src;
	step(&ev);
}

/* A refusal: no badge the host could read. */
static void done(enum outcome o, const char *name)
{
	static struct brain_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CHECKIN_DONE;
	ev.u.done.res.outcome = o;
	snprintf(ev.u.done.name, sizeof(ev.u.done.name), "%s", name);
	step(&ev);
}

static void press(enum brain_button id, int arg)
{
	struct brain_event ev = { .kind = EV_BUTTON };

	ev.u.button.id = id;
	ev.u.button.arg = arg;
	step(&ev);
}

static void tick_at(int64_t t)
{
	struct brain_event ev = { .kind = EV_TICK };

	F.now = t;
	step(&ev);
}

static const struct brain_action *find_act(enum brain_action_kind k)
{
	for (int i = 0; i < F.out.n; i++)
		if (F.out.a[i].kind == k)
			return &F.out.a[i];
	return NULL;
}

static bool has_act(enum brain_action_kind k)
{
	return find_act(k) != NULL;
}

static void setup_cfg(struct brain_config *c)
{
	memset(c, 0, sizeof(*c));
	c->entrance = true;
	c->clock_ok = true;
	c->result_ms = 2000;
	c->utc_offset_min = 540;
	c->lang = LANG_JA;
	snprintf(c->place_name, sizeof(c->place_name), "受付");
	snprintf(c->consent_version, sizeof(c->consent_version), "v3");
}

/* An entrance, as test_brain.c's fixture. */
static void setup(void **state)
{
	struct brain_config c;

	(void)state;
	memset(&F, 0, sizeof(F));
	F.now = 1000000;
	setup_cfg(&c);
	brain_init(&F.b, &c, F.now);
}

/* A booth's check-in, as the host reports it: a parsed badge of role. */
static void booth_done(enum outcome o, enum token_role role, uint32_t id)
{
	static struct brain_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CHECKIN_DONE;
	ev.u.done.res.outcome = o;
	ev.u.done.res.token_parsed = true;
	ev.u.done.res.token.role = (uint8_t)role;
	ev.u.done.res.token.attendee_id = id;
	ev.u.done.res.fact.direction = 1;
	snprintf(ev.u.done.name, sizeof(ev.u.done.name), "岐阜 花子");
	step(&ev);
}

static void booth_init(bool booth, bool no_sharing)
{
	struct brain_config c;

	setup_cfg(&c);
	c.entrance = false;
	c.leads = booth;
	c.booth_consent = booth;
	c.no_sharing = no_sharing;
	brain_init(&F.b, &c, F.now);
}

static void consent_done(bool ok)
{
	struct brain_event ev = { .kind = EV_DONE };

	ev.u.result.action = ACT_CONSENT;
	ev.u.result.ok = ok;
	snprintf(ev.u.result.msg, sizeof(ev.u.result.msg), "x");
	step(&ev);
}

/* After a student's check-in at a booth the result offers 「この企業に連絡
 * 先を伝える」 for a few seconds; a tap asks the host to record the consent
 * with the consent text's version, once, and the result says so. Never
 * for staff or employees, a refused badge, a hand check-in, at a type 1/2
 * event, or at a door or entrance; gone with the result. */
static void test_booth_consent(void **state)
{
	const struct brain_action *a;

	setup(state);
	booth_init(true, false);
	scan("FKSTUDENT", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 42);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	assert_int_equal(F.b.bc, BC_OFFER);
	/* offered while the result shows (kiosk.ini result_ms) */
	tick_at(F.now + 1500);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	press(BTN_BOOTH_CONSENT, 0);
	a = find_act(ACT_CONSENT);
	assert_non_null(a);
	assert_int_equal(F.out.n, 1);
	assert_int_equal(a->u.consent.attendee_id, 42);
	assert_string_equal(a->u.consent.version, "v3");
	assert_int_equal(F.b.bc, BC_PENDING);
	press(BTN_BOOTH_CONSENT, 0); /* a second tap records nothing more */
	assert_false(has_act(ACT_CONSENT));
	/* no confirmation before the fact is on disk: the result waits */
	tick_at(F.now + 60000);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	assert_int_equal(brain_wake_at(&F.b), INT64_MAX);
	consent_done(true);
	assert_int_equal(F.b.bc, BC_DONE);
	assert_string_equal(F.b.notice, ""); /* the student's, not staff's */
	press(BTN_BOOTH_CONSENT, 0);
	assert_false(has_act(ACT_CONSENT));
	/* the confirmation shows a whole result_ms from the answer */
	tick_at(F.now + 1500);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	tick_at(F.now + 500);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_int_equal(F.b.bc, BC_NONE);

	/* a failure says so on the student's screen */
	scan("FKSTUDENT2", SOURCE_SCRIPT);
	booth_done(OUTCOME_ALREADY, TOKEN_ROLE_STUDENT, 43);
	press(BTN_BOOTH_CONSENT, 0);
	assert_int_equal(find_act(ACT_CONSENT)->u.consent.attendee_id, 43);
	consent_done(false);
	assert_int_equal(F.b.bc, BC_FAILED);

	/* untapped: the offer keeps the result a few seconds (kiosk.ini
	 * consent_offer_ms, 8 s), longer than result_ms; then gone, and a
	 * late tap does nothing */
	tick_at(F.now + 2000);
	scan("FKSTUDENT3", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 44);
	assert_int_equal(F.b.bc, BC_OFFER);
	assert_int_equal(brain_wake_at(&F.b), F.now + BRAIN_CONSENT_OFFER_MS);
	tick_at(F.now + 2000);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	assert_int_equal(F.b.bc, BC_OFFER);
	tick_at(F.now + BRAIN_CONSENT_OFFER_MS - 2000);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_int_equal(F.b.bc, BC_NONE);
	press(BTN_BOOTH_CONSENT, 0);
	assert_int_equal(F.out.n, 0);

	/* the next scan is never delayed by the offer: waiting, it ends
	 * the offer once the result has shown BRAIN_RESULT_MIN_MS */
	scan("FKSTUDENT5", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 46);
	assert_int_equal(F.b.bc, BC_OFFER);
	F.now += BRAIN_RESULT_MIN_MS;
	scan("FKSTUDENT4", SOURCE_SCRIPT);
	a = find_act(ACT_CHECKIN);
	assert_non_null(a);
	assert_string_equal(a->u.checkin.text, "FKSTUDENT4");

	/* the next scan's result is its own: no offer carried over */
	assert_int_equal(F.b.bc, BC_NONE);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_EMPLOYEE, 45);
	assert_int_equal(F.b.bc, BC_NONE);
	press(BTN_BOOTH_CONSENT, 0);
	assert_false(has_act(ACT_CONSENT));
	tick_at(F.now + 2000);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	/* kiosk.ini's own time */
	F.b.cfg.consent_offer_ms = 4000;
	scan("FKSTUDENT6", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 47);
	assert_int_equal(brain_wake_at(&F.b), F.now + 4000);
	tick_at(F.now + 4000);
	assert_int_equal(F.b.screen, SCREEN_IDLE);

	scan("FKFORGED", SOURCE_SCRIPT);
	done(OUTCOME_FORGED, "");
	assert_int_equal(F.b.bc, BC_NONE);
	tick_at(F.now + 2000);

	/* internship type 1/2: nothing may go to the company */
	booth_init(true, true);
	scan("FKSTUDENT", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 42);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	assert_int_equal(F.b.bc, BC_NONE);
	press(BTN_BOOTH_CONSENT, 0);
	assert_false(has_act(ACT_CONSENT));

	/* a door or the entrance: no company to tell */
	booth_init(false, false);
	scan("FKSTUDENT", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 42);
	assert_int_equal(F.b.bc, BC_NONE);
	press(BTN_BOOTH_CONSENT, 0);
	assert_false(has_act(ACT_CONSENT));
	setup(NULL);
	scan("FKSTUDENT", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 42);
	assert_int_equal(F.b.bc, BC_NONE);
}

/* Staff in the menu, as after a PIN. */
static void to_staff(void)
{
	struct brain_event ev = { .kind = EV_CHECKIN_DONE };

	scan("FKSTAFF", SOURCE_SCRIPT);
	ev.u.done.res.outcome = OUTCOME_STAFF;
	step(&ev);
	assert_int_equal(F.b.screen, SCREEN_STAFF);
}

static void rows(void)
{
	static struct brain_row r[2];
	struct brain_event ev = { .kind = EV_ROWS };

	memset(r, 0, sizeof(r));
	snprintf(r[0].text, sizeof(r[0].text), "12:00  岐阜 花子");
	r[0].id = 42;
	ev.u.rows.list = LIST_RECENT;
	ev.u.rows.rows = r;
	ev.u.rows.n = 1;
	step(&ev);
}

/* The booth's lead note asks the visitor (the tablet handed over): a
 * question over the whole screen, yes records the same consent fact as
 * the result's button, no records nothing; at type 1/2 it cannot be
 * asked. */
static void test_lead_asks_consent(void **state)
{
	const struct brain_action *a;

	setup(state);
	booth_init(true, false);
	to_staff();
	press(BTN_STAFF_LEAD, 0);
	rows();
	press(BTN_ROW, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEAD);
	press(BTN_LEAD_CONSENT, 0);
	assert_int_equal(F.b.confirm, CONFIRM_CONSENT_ASK);
	press(BTN_RATING, 3); /* modal: nothing else counts */
	assert_int_equal(F.b.lead_rating, 0);
	press(BTN_CONFIRM_NO, 0);
	assert_int_equal(F.b.confirm, CONFIRM_NONE);
	assert_int_equal(F.out.n, 0);
	press(BTN_LEAD_CONSENT, 0);
	press(BTN_CONFIRM_YES, 0);
	a = find_act(ACT_CONSENT);
	assert_non_null(a);
	assert_int_equal(a->u.consent.attendee_id, 42);
	assert_string_equal(a->u.consent.version, "v3");
	consent_done(true);
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEAD);
	assert_string_equal(F.b.notice, "x"); /* staff read the answer */
	assert_false(F.b.notice_error);
	assert_int_equal(F.b.lead_attendee, 42); /* the note goes on */

	booth_init(true, true); /* type 1/2 */
	to_staff();
	press(BTN_STAFF_LEAD, 0);
	rows();
	press(BTN_ROW, 0);
	press(BTN_LEAD_CONSENT, 0);
	assert_int_equal(F.b.confirm, CONFIRM_NONE);
	assert_int_equal(F.out.n, 0);
}

static void identify_done(enum outcome o, enum token_role role,
			  uint32_t id, const char *name)
{
	static struct brain_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CHECKIN_DONE;
	ev.u.done.res.outcome = o;
	ev.u.done.res.token_parsed = true;
	ev.u.done.res.token.role = (uint8_t)role;
	ev.u.done.res.token.attendee_id = id;
	snprintf(ev.u.done.name, sizeof(ev.u.done.name), "%s", name);
	step(&ev);
}

static void withdraw_done(bool ok)
{
	struct brain_event ev = { .kind = EV_DONE };

	ev.u.result.action = ACT_WITHDRAW;
	ev.u.result.ok = ok;
	snprintf(ev.u.result.msg, sizeof(ev.u.result.msg), "w");
	step(&ev);
}

/* Any kiosk's staff: 同意の取り消し, a badge scanned is identified, never
 * checked in; the withdrawal is asked first; a booth may withdraw its own
 * company's, every kiosk every company's. */
static void test_staff_withdraws(void **state)
{
	const struct brain_action *a;

	setup(state); /* an entrance */
	to_staff();
	press(BTN_STAFF_WITHDRAW, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_WITHDRAW);
	press(BTN_WITHDRAW, 1); /* no student yet */
	assert_int_equal(F.b.confirm, CONFIRM_NONE);
	scan("FKSTUDENT", SOURCE_SCRIPT);
	a = find_act(ACT_IDENTIFY);
	assert_non_null(a);
	assert_string_equal(a->u.checkin.text, "FKSTUDENT");
	assert_false(has_act(ACT_CHECKIN));
	scan("FKOTHER", SOURCE_SCRIPT); /* one at a time */
	assert_int_equal(F.out.n, 0);
	identify_done(OUTCOME_ALREADY, TOKEN_ROLE_STUDENT, 42, "岐阜 花子");
	assert_int_equal(F.b.screen, SCREEN_STAFF_WITHDRAW);
	assert_int_equal(F.b.wd_attendee, 42);
	assert_string_equal(F.b.wd_who, "岐阜 花子");
	press(BTN_WITHDRAW, 0); /* not a booth: no company of its own */
	assert_int_equal(F.b.confirm, CONFIRM_NONE);
	press(BTN_WITHDRAW, 1);
	assert_int_equal(F.b.confirm, CONFIRM_WITHDRAW);
	assert_int_equal(F.out.n, 0); /* nothing before the answer */
	press(BTN_BACK, 0); /* modal */
	assert_int_equal(F.b.screen, SCREEN_STAFF_WITHDRAW);
	press(BTN_CONFIRM_NO, 0);
	assert_int_equal(F.out.n, 0);
	press(BTN_WITHDRAW, 1);
	press(BTN_CONFIRM_YES, 0);
	a = find_act(ACT_WITHDRAW);
	assert_non_null(a);
	assert_int_equal(a->u.withdraw.attendee_id, 42);
	assert_true(a->u.withdraw.all);
	withdraw_done(true);
	assert_string_equal(F.b.notice, "w");
	assert_int_equal(F.b.wd_attendee, 0); /* ready for the next badge */

	/* a staff badge, a forged one: not a student's */
	scan("FKSTAFF", SOURCE_SCRIPT);
	identify_done(OUTCOME_STAFF, TOKEN_ROLE_STAFF, 7, "係員");
	assert_int_equal(F.b.wd_attendee, 0);
	assert_true(F.b.notice_error);
	scan("FKFORGED", SOURCE_SCRIPT);
	identify_done(OUTCOME_FORGED, TOKEN_ROLE_STUDENT, 42, "");
	assert_int_equal(F.b.wd_attendee, 0);
	press(BTN_BACK, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF);

	/* a booth: its own company */
	booth_init(true, false);
	to_staff();
	press(BTN_STAFF_WITHDRAW, 0);
	scan("FKSTUDENT", SOURCE_SCRIPT);
	identify_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 43, "美濃 次郎");
	press(BTN_WITHDRAW, 0);
	assert_int_equal(F.b.confirm, CONFIRM_WITHDRAW);
	press(BTN_CONFIRM_YES, 0);
	a = find_act(ACT_WITHDRAW);
	assert_non_null(a);
	assert_int_equal(a->u.withdraw.attendee_id, 43);
	assert_false(a->u.withdraw.all);
	/* staff's screens close by themselves */
	tick_at(F.now + BRAIN_STAFF_IDLE_MS);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_booth_consent),
		cmocka_unit_test(test_lead_asks_consent),
		cmocka_unit_test(test_staff_withdraws),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
