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

	/* untapped: gone with the result; a late tap does nothing */
	tick_at(F.now + 2000);
	scan("FKSTUDENT3", SOURCE_SCRIPT);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_STUDENT, 44);
	assert_int_equal(F.b.bc, BC_OFFER);
	tick_at(F.now + 2000);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_int_equal(F.b.bc, BC_NONE);
	press(BTN_BOOTH_CONSENT, 0);
	assert_int_equal(F.out.n, 0);

	/* the next scan's result is its own: no offer carried over */
	scan("FKSTUDENT4", SOURCE_SCRIPT);
	assert_int_equal(F.b.bc, BC_NONE);
	booth_done(OUTCOME_ACCEPTED, TOKEN_ROLE_EMPLOYEE, 45);
	assert_int_equal(F.b.bc, BC_NONE);
	press(BTN_BOOTH_CONSENT, 0);
	assert_false(has_act(ACT_CONSENT));
	tick_at(F.now + 2000);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_booth_consent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
