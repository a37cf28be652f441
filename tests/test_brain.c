/* test_brain.c: every kiosk flow through the pure state machine, with a
 * fake clock. No SDL, no database: events in, actions out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "fair/brain.h"

#define PIN "2468"

struct fx {
	struct brain b;
	struct brain_actions out;
	int64_t now; /* the fake clock */
};

static struct fx F;
static char pin_hash[crypto_pwhash_STRBYTES];

static void setup_cfg(struct brain_config *c)
{
	memset(c, 0, sizeof(*c));
	c->entrance = true;
	c->demo = true;
	c->clock_ok = true;
	c->has_printer = true;
	c->result_ms = 2000;
	c->utc_offset_min = 540;
	c->lang = LANG_JA;
	snprintf(c->pin_hash, sizeof(c->pin_hash), "%s", pin_hash);
	snprintf(c->place_name, sizeof(c->place_name), "受付");
	snprintf(c->consent_version, sizeof(c->consent_version), "v3");
}

static int setup(void **state)
{
	struct brain_config c;

	(void)state;
	memset(&F, 0, sizeof(F));
	F.now = 1000000;
	setup_cfg(&c);
	brain_init(&F.b, &c, F.now);
	return 0;
}

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

static void done(enum outcome o, const char *name)
{
	static struct brain_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CHECKIN_DONE;
	ev.u.done.res.outcome = o;
	snprintf(ev.u.done.name, sizeof(ev.u.done.name), "%s", name);
	if (o == OUTCOME_ALREADY) /* 01:42 UTC = 10:42 in Japan */
		ev.u.done.res.first_ms = 1790000000000LL / 86400000 *
					 86400000 + (60 + 42) * 60000;
	if (o == OUTCOME_NOT_STORED)
		snprintf(ev.u.done.res.err.msg, sizeof(ev.u.done.res.err.msg),
			 "disk full");
	step(&ev);
}

static void press(enum brain_button id, int arg)
{
	struct brain_event ev = { .kind = EV_BUTTON };

	ev.u.button.id = id;
	ev.u.button.arg = arg;
	step(&ev);
}

static void type(const char *text)
{
	struct brain_event ev = { .kind = EV_KEY_TEXT };

	snprintf(ev.u.text, sizeof(ev.u.text), "%s", text);
	step(&ev);
}

static void key(enum brain_key k)
{
	struct brain_event ev = { .kind = EV_NAMED_KEY };

	ev.u.key = k;
	step(&ev);
}

static void tick_at(int64_t t)
{
	struct brain_event ev = { .kind = EV_TICK };

	F.now = t;
	step(&ev);
}

static void rows(enum brain_list list, int n)
{
	static struct brain_row r[BRAIN_ROWS_MAX];
	struct brain_event ev = { .kind = EV_ROWS };

	for (int i = 0; i < n; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		snprintf(r[i].text, sizeof(r[i].text), "row %d", i);
		snprintf(r[i].key, sizeof(r[i].key), "key-%d", i);
		r[i].id = 100 + (uint32_t)i;
		r[i].uuid[0] = (uint8_t)(0xA0 + i);
	}
	ev.u.rows.list = list;
	ev.u.rows.rows = r;
	ev.u.rows.n = n;
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

static void login(void)
{
	press(BTN_STAFF, 0);
	assert_int_equal(F.b.screen, SCREEN_PIN);
	for (const char *p = PIN; *p; p++)
		press(BTN_DIGIT, *p - '0');
	press(BTN_OK, 0);
}

/* ---- check-in flows ------------------------------------------------- */

static void test_scan_accepted_then_idle(void **state)
{
	const struct brain_action *a;

	(void)state;
	scan("FKAAAA", SOURCE_SCANNER);
	a = find_act(ACT_CHECKIN);
	assert_non_null(a);
	assert_string_equal(a->u.checkin.text, "FKAAAA");
	assert_int_equal(a->u.checkin.source, SOURCE_SCANNER);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	assert_true(F.b.pending);
	/* still "checking" however long the disk takes: no timeout to idle */
	tick_at(F.now + 10000);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	assert_true(F.b.pending);

	done(OUTCOME_ACCEPTED, "山田 太郎");
	assert_false(F.b.pending);
	assert_int_equal(F.b.outcome, OUTCOME_ACCEPTED);
	assert_string_equal(F.b.result_name, "山田 太郎");
	assert_int_equal(find_act(ACT_PLAY)->u.sound, SOUND_CHIME);
	assert_int_equal(F.b.count_today, 1);
	assert_int_equal(brain_wake_at(&F.b), F.now + 2000);

	tick_at(F.now + 1999);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	tick_at(F.now + 1);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_int_equal(brain_wake_at(&F.b), INT64_MAX);
}

static void test_every_refusal(void **state)
{
	static const enum outcome refused[] = {
		OUTCOME_MALFORMED, OUTCOME_FORGED, OUTCOME_OTHER_EVENT,
		OUTCOME_REVOKED, OUTCOME_NOT_TODAY, OUTCOME_OUTSIDE_SESSION,
		OUTCOME_FULL, OUTCOME_NOT_STORED,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		setup(NULL);
		scan("FKBAD", SOURCE_CAMERA);
		done(refused[i], "");
		assert_int_equal(F.b.screen, SCREEN_RESULT);
		assert_int_equal(F.b.outcome, refused[i]);
		assert_int_equal(find_act(ACT_PLAY)->u.sound, SOUND_BUZZ);
		assert_int_equal(F.b.count_today, 0); /* never counted */
		assert_true(str_get(str_outcome(refused[i]), LANG_JA)[0]);
		assert_true(str_get(str_outcome(refused[i]), LANG_EN)[0]);
		tick_at(F.now + 2000);
		assert_int_equal(F.b.screen, SCREEN_IDLE);
	}
}

static void test_not_stored_shows_disk_error(void **state)
{
	(void)state;
	scan("FKOK", SOURCE_SCANNER);
	done(OUTCOME_NOT_STORED, "山田");
	assert_int_equal(F.b.outcome, OUTCOME_NOT_STORED);
	assert_string_equal(F.b.result_detail, "disk full");
	assert_int_equal(F.b.count_today, 0);
}

static void test_already_shows_first_time(void **state)
{
	(void)state;
	scan("FKAGAIN", SOURCE_SCANNER);
	done(OUTCOME_ALREADY, "佐藤");
	assert_int_equal(F.b.outcome, OUTCOME_ALREADY);
	assert_string_equal(F.b.result_time, "10:42");
	assert_int_equal(find_act(ACT_PLAY)->u.sound, SOUND_NOTICE);
}

static void test_result_ms_configurable(void **state)
{
	struct brain_config c;

	(void)state;
	setup_cfg(&c);
	c.result_ms = 3500;
	brain_init(&F.b, &c, F.now);
	scan("FK1", SOURCE_SCANNER);
	done(OUTCOME_ACCEPTED, "");
	tick_at(F.now + 3499);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	tick_at(F.now + 1);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

/* Scans during a check-in and during a result are processed in order. */
static void test_queued_scans_in_order(void **state)
{
	const char *texts[] = { "FK1", "FK2", "FK3", "FK4" };

	(void)state;
	scan(texts[0], SOURCE_SCANNER);
	scan(texts[1], SOURCE_SCANNER); /* while the first is in flight */
	assert_false(has_act(ACT_CHECKIN));
	done(OUTCOME_ACCEPTED, "a");
	scan(texts[2], SOURCE_CAMERA);  /* while the result shows */
	scan(texts[3], SOURCE_SERIAL);
	assert_int_equal(F.b.q_len, 3);
	/* with scans waiting a result shows for BRAIN_RESULT_MIN_MS only */
	assert_int_equal(brain_wake_at(&F.b), F.now + BRAIN_RESULT_MIN_MS);
	for (int i = 1; i < 4; i++) {
		const struct brain_action *a;

		tick_at(brain_wake_at(&F.b));
		a = find_act(ACT_CHECKIN);
		assert_non_null(a);
		assert_string_equal(a->u.checkin.text, texts[i]);
		done(i == 2 ? OUTCOME_FORGED : OUTCOME_ACCEPTED, "");
	}
	assert_int_equal(F.b.q_len, 0);
	assert_int_equal(F.b.count_today, 3);
	assert_int_equal(brain_wake_at(&F.b), F.now + 2000);
	tick_at(F.now + 2000);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

/* A camera re-reading the badge on screen is the same scan; a scanner
 * pressed twice is two scans (the rules answer "already"). */
static void test_camera_repeat_coalesced(void **state)
{
	(void)state;
	scan("FKSAME", SOURCE_CAMERA);
	done(OUTCOME_ACCEPTED, "");
	scan("FKSAME", SOURCE_CAMERA);
	scan("FKSAME", SOURCE_CAMERA);
	assert_int_equal(F.b.q_len, 0);
	scan("FKSAME", SOURCE_SCANNER);
	assert_int_equal(F.b.q_len, 1);
	scan("FKOTHER", SOURCE_CAMERA);
	scan("FKOTHER", SOURCE_CAMERA);
	assert_int_equal(F.b.q_len, 2);
}

static void test_queue_full_keeps_oldest(void **state)
{
	char t[16];

	(void)state;
	scan("FK-FIRST", SOURCE_SCANNER);
	for (int i = 0; i < BRAIN_QUEUE_MAX + 5; i++) {
		snprintf(t, sizeof(t), "FK%d", i);
		scan(t, SOURCE_SCANNER);
	}
	assert_int_equal(F.b.q_len, BRAIN_QUEUE_MAX);
	assert_string_equal(F.b.queue[F.b.q_head].text, "FK0");
}

static void test_done_without_checkin_ignored(void **state)
{
	(void)state;
	done(OUTCOME_ACCEPTED, "x");
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_int_equal(F.b.count_today, 0);
}

static void test_staff_badge_opens_staff_mode(void **state)
{
	const struct brain_action *a;

	(void)state;
	scan("FKSTAFF", SOURCE_SCANNER);
	done(OUTCOME_STAFF, "");
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	a = find_act(ACT_LOAD);
	assert_non_null(a);
	assert_int_equal(a->u.load.list, LIST_COUNTS);
}

/* ---- clock warning -------------------------------------------------- */

static void test_clock_warning_blocks_checkins(void **state)
{
	struct brain_config c;
	const struct brain_action *a;

	(void)state;
	setup_cfg(&c);
	c.clock_ok = false;
	brain_init(&F.b, &c, F.now);
	assert_int_equal(F.b.screen, SCREEN_CLOCK_WARN);
	scan("FKEARLY", SOURCE_SCANNER);
	assert_false(has_act(ACT_CHECKIN));
	assert_int_equal(F.b.q_len, 1);
	press(BTN_REGISTER, 0);
	assert_int_equal(F.b.screen, SCREEN_CLOCK_WARN);

	login();
	assert_int_equal(F.b.screen, SCREEN_STAFF_CLOCK);
	press(BTN_CLOCK_ADJ, 60);
	press(BTN_CLOCK_ADJ, -1);
	press(BTN_CLOCK_OK, 0);
	a = find_act(ACT_SET_CLOCK);
	assert_non_null(a);
	assert_int_equal(a->u.offset_ms, 59 * 60000);
	assert_true(F.b.clock_ok);
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	press(BTN_STAFF_EXIT, 0);
	a = find_act(ACT_CHECKIN); /* the waiting scan goes through now */
	assert_non_null(a);
	assert_string_equal(a->u.checkin.text, "FKEARLY");
}

static void test_clock_back_without_confirm_stays_warned(void **state)
{
	struct brain_config c;

	(void)state;
	setup_cfg(&c);
	c.clock_ok = false;
	brain_init(&F.b, &c, F.now);
	login();
	press(BTN_BACK, 0);
	assert_int_equal(F.b.screen, SCREEN_CLOCK_WARN);
}

/* A restart in the same boot: the correction staff set earlier is where
 * a new one starts, so adding a minute adds it to that correction. */
static void test_clock_restored_correction_adds(void **state)
{
	struct brain_config c;
	const struct brain_action *a;

	(void)state;
	setup_cfg(&c);
	c.clock_offset_ms = 86400000;
	brain_init(&F.b, &c, F.now);
	assert_int_equal(F.b.clock_offset_ms, 86400000);
	login();
	press(BTN_STAFF_CLOCK, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_CLOCK);
	press(BTN_CLOCK_ADJ, 1);
	press(BTN_CLOCK_OK, 0);
	a = find_act(ACT_SET_CLOCK);
	assert_non_null(a);
	assert_int_equal(a->u.offset_ms, 86400000 + 60000);
}

/* ---- PIN ------------------------------------------------------------ */

static void wrong_pin(void)
{
	press(BTN_DIGIT, 1);
	press(BTN_DIGIT, 1);
	press(BTN_OK, 0);
}

static void test_pin_right_opens_staff(void **state)
{
	(void)state;
	login();
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	assert_string_equal(F.b.pin, "");
}

static void test_pin_lockout_grows(void **state)
{
	int64_t d;

	(void)state;
	press(BTN_STAFF, 0);
	for (int i = 0; i < BRAIN_PIN_FREE_TRIES - 1; i++) {
		wrong_pin();
		assert_true(F.b.pin_wrong);
		assert_int_equal(brain_pin_wait_s(&F.b, F.now), 0);
	}
	wrong_pin(); /* third: first delay */
	assert_int_equal(brain_pin_wait_s(&F.b, F.now),
			 BRAIN_PIN_BASE_DELAY_MS / 1000);
	assert_int_equal(brain_wake_at(&F.b), F.now + BRAIN_PIN_BASE_DELAY_MS);

	/* the right PIN is refused while locked */
	for (const char *p = PIN; *p; p++)
		press(BTN_DIGIT, *p - '0');
	press(BTN_OK, 0);
	assert_int_equal(F.b.screen, SCREEN_PIN);

	F.now += BRAIN_PIN_BASE_DELAY_MS;
	press(BTN_BACKSPACE, 0);
	press(BTN_BACKSPACE, 0);
	press(BTN_BACKSPACE, 0);
	press(BTN_BACKSPACE, 0);
	wrong_pin(); /* fourth: doubled */
	assert_int_equal(brain_pin_wait_s(&F.b, F.now),
			 2 * BRAIN_PIN_BASE_DELAY_MS / 1000);
	for (int i = 0; i < 20; i++) {
		F.now = F.b.pin_locked_until;
		wrong_pin();
	}
	d = F.b.pin_locked_until - F.now;
	assert_int_equal(d, BRAIN_PIN_MAX_DELAY_MS);

	F.now = F.b.pin_locked_until;
	for (const char *p = PIN; *p; p++)
		press(BTN_DIGIT, *p - '0');
	press(BTN_OK, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	assert_int_equal(F.b.pin_failures, 0);
}

/* Digits typed (on the pad or a keyboard) while the pad is locked are
 * dropped: after the lock they do not count towards the PIN. */
static void test_pin_digits_during_lock_never_count(void **state)
{
	(void)state;
	press(BTN_STAFF, 0);
	for (int i = 0; i < BRAIN_PIN_FREE_TRIES; i++)
		wrong_pin();
	assert_true(brain_pin_wait_s(&F.b, F.now) > 0);
	for (const char *p = PIN; *p; p++)
		press(BTN_DIGIT, *p - '0');
	type(PIN);
	assert_string_equal(F.b.pin, "");
	F.now = F.b.pin_locked_until;
	press(BTN_OK, 0);
	assert_int_equal(F.b.screen, SCREEN_PIN);
	key(BRAIN_KEY_ENTER);
	assert_int_equal(F.b.screen, SCREEN_PIN);
	/* typed after the lock, the PIN opens staff mode */
	login();
	assert_int_equal(F.b.screen, SCREEN_STAFF);
}

/* Every change of failures or lock is handed to the host to keep, and a
 * brain started with what was kept is locked as before. */
static void test_pin_state_emitted_and_restored(void **state)
{
	const struct brain_action *a;
	struct brain_config c;

	(void)state;
	press(BTN_STAFF, 0);
	wrong_pin();
	a = find_act(ACT_PIN_STATE);
	assert_non_null(a);
	assert_int_equal(a->u.pin.failures, 1);
	assert_int_equal(a->u.pin.lock_ms, 0);
	wrong_pin();
	wrong_pin();
	a = find_act(ACT_PIN_STATE);
	assert_non_null(a);
	assert_int_equal(a->u.pin.failures, 3);
	assert_int_equal(a->u.pin.lock_ms, BRAIN_PIN_BASE_DELAY_MS);

	/* a restart 2 s later: locked for the 3 s left */
	setup_cfg(&c);
	c.pin_failures = 3;
	c.pin_lock_ms = BRAIN_PIN_BASE_DELAY_MS - 2000;
	brain_init(&F.b, &c, F.now);
	press(BTN_STAFF, 0);
	assert_int_equal(brain_pin_wait_s(&F.b, F.now), 3);
	for (const char *p = PIN; *p; p++)
		press(BTN_DIGIT, *p - '0');
	press(BTN_OK, 0);
	assert_int_equal(F.b.screen, SCREEN_PIN);
	/* the next failure after the restart doubles the lock */
	F.now += 3000;
	wrong_pin();
	assert_int_equal(brain_pin_wait_s(&F.b, F.now),
			 2 * BRAIN_PIN_BASE_DELAY_MS / 1000);
	/* the right PIN resets what is kept */
	F.now = F.b.pin_locked_until;
	login();
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	a = find_act(ACT_PIN_STATE);
	assert_non_null(a);
	assert_int_equal(a->u.pin.failures, 0);

	/* a kept lock is never longer than the longest lock-out */
	setup_cfg(&c);
	c.pin_failures = 50;
	c.pin_lock_ms = 24LL * 3600 * 1000;
	brain_init(&F.b, &c, F.now);
	assert_int_equal(brain_pin_wait_s(&F.b, F.now),
			 BRAIN_PIN_MAX_DELAY_MS / 1000);
}

/* kiosk.ini's pin_tries: the lock starts at that many failures. */
static void test_pin_tries_configured(void **state)
{
	struct brain_config c;

	(void)state;
	setup_cfg(&c);
	c.pin_tries = 5;
	brain_init(&F.b, &c, F.now);
	press(BTN_STAFF, 0);
	for (int i = 0; i < 4; i++) {
		wrong_pin();
		assert_int_equal(brain_pin_wait_s(&F.b, F.now), 0);
	}
	wrong_pin();
	assert_int_equal(brain_pin_wait_s(&F.b, F.now),
			 BRAIN_PIN_BASE_DELAY_MS / 1000);
}

static void test_pin_empty_hash_never_opens(void **state)
{
	struct brain_config c;

	(void)state;
	setup_cfg(&c);
	c.pin_hash[0] = '\0';
	brain_init(&F.b, &c, F.now);
	press(BTN_STAFF, 0);
	press(BTN_OK, 0);
	assert_int_equal(F.b.screen, SCREEN_PIN);
}

static void test_pin_pad_takes_digits_only(void **state)
{
	(void)state;
	press(BTN_STAFF, 0);
	type("12a");
	assert_string_equal(F.b.pin, "");
	type("12");
	assert_string_equal(F.b.pin, "12");
	key(BRAIN_KEY_BACKSPACE);
	assert_string_equal(F.b.pin, "1");
	assert_true(brain_wants_text(&F.b));
	key(BRAIN_KEY_ESCAPE);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_false(brain_wants_text(&F.b));
}

/* ---- students cannot leave ------------------------------------------ */

static void test_students_cannot_quit(void **state)
{
	(void)state;
	key(BRAIN_KEY_ESCAPE);
	key(BRAIN_KEY_CLOSE);
	assert_false(has_act(ACT_QUIT));
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	press(BTN_STAFF_QUIT, 0); /* not on the idle screen */
	assert_false(has_act(ACT_QUIT));
	press(BTN_REGISTER, 0);
	key(BRAIN_KEY_ESCAPE);
	key(BRAIN_KEY_CLOSE);
	assert_false(has_act(ACT_QUIT));
	assert_int_equal(F.b.screen, SCREEN_REG);
	scan("FKX", SOURCE_SCANNER);
	key(BRAIN_KEY_CLOSE);
	assert_false(has_act(ACT_QUIT));
}

static void test_staff_can_quit(void **state)
{
	(void)state;
	login();
	key(BRAIN_KEY_CLOSE);
	assert_true(has_act(ACT_QUIT));
	press(BTN_STAFF_QUIT, 0); /* asked first, never by one tap */
	assert_false(has_act(ACT_QUIT));
	assert_int_equal(F.b.confirm, CONFIRM_QUIT);
	press(BTN_STAFF_EXIT, 0); /* the question is modal */
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	press(BTN_CONFIRM_NO, 0);
	assert_false(has_act(ACT_QUIT));
	assert_int_equal(F.b.confirm, CONFIRM_NONE);
	press(BTN_STAFF_QUIT, 0);
	press(BTN_CONFIRM_YES, 0);
	assert_true(has_act(ACT_QUIT));
}

static void test_staff_mode_closes_by_itself(void **state)
{
	(void)state;
	login();
	tick_at(F.now + BRAIN_STAFF_IDLE_MS - 1);
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	tick_at(F.now + 1);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

/* ---- staff screens -------------------------------------------------- */

static void test_recent_and_void(void **state)
{
	const struct brain_action *a;

	(void)state;
	login();
	press(BTN_STAFF_RECENT, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_RECENT);
	assert_int_equal(find_act(ACT_LOAD)->u.load.list, LIST_RECENT);
	rows(LIST_RECENT, 20);
	assert_int_equal(F.b.n_rows, 20);
	press(BTN_VOID, 0); /* nothing selected: nothing voided */
	assert_false(has_act(ACT_VOID));
	press(BTN_PAGE, 5);
	assert_int_equal(F.b.row_first, 5);
	press(BTN_ROW, 7);
	press(BTN_VOID, 0); /* asks first */
	assert_false(has_act(ACT_VOID));
	assert_int_equal(F.b.confirm, CONFIRM_VOID);
	press(BTN_BACK, 0); /* the question is modal */
	assert_int_equal(F.b.screen, SCREEN_STAFF_RECENT);
	press(BTN_CONFIRM_NO, 0);
	assert_int_equal(F.b.confirm, CONFIRM_NONE);
	assert_false(has_act(ACT_VOID));
	assert_int_equal(F.b.selected, 7);
	press(BTN_VOID, 0);
	press(BTN_CONFIRM_YES, 0);
	a = find_act(ACT_VOID);
	assert_non_null(a);
	assert_int_equal(a->u.uuid[0], 0xA7);

	struct brain_event ev = { .kind = EV_DONE };
	ev.u.result.action = ACT_VOID;
	ev.u.result.ok = true;
	snprintf(ev.u.result.msg, sizeof(ev.u.result.msg), "voided");
	step(&ev);
	assert_string_equal(F.b.notice, "voided");
	assert_int_equal(find_act(ACT_LOAD)->u.load.list, LIST_RECENT);
	assert_true(F.b.undo_ready);

	/* undo while the list is open: the same scan comes back */
	rows(LIST_RECENT, 19);
	press(BTN_UNDO, 0);
	a = find_act(ACT_UNVOID);
	assert_non_null(a);
	assert_int_equal(a->u.uuid[0], 0xA7);
	ev.u.result.action = ACT_UNVOID;
	snprintf(ev.u.result.msg, sizeof(ev.u.result.msg), "restored");
	step(&ev);
	assert_false(F.b.undo_ready);
	assert_int_equal(find_act(ACT_LOAD)->u.load.list, LIST_RECENT);
	press(BTN_UNDO, 0); /* once */
	assert_false(has_act(ACT_UNVOID));

	/* a void cannot be undone once the screen was left */
	rows(LIST_RECENT, 20);
	press(BTN_ROW, 3);
	press(BTN_VOID, 0);
	press(BTN_CONFIRM_YES, 0);
	ev.u.result.action = ACT_VOID;
	step(&ev);
	assert_true(F.b.undo_ready);
	press(BTN_BACK, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	press(BTN_STAFF_RECENT, 0);
	assert_false(F.b.undo_ready);
	press(BTN_UNDO, 0);
	assert_false(has_act(ACT_UNVOID));
}

/* Counts are worded by the host: a language change loads them again. */
static void test_staff_lang_reloads_counts(void **state)
{
	(void)state;
	login();
	press(BTN_LANG, 0);
	assert_int_equal(find_act(ACT_SET_LANG)->u.lang, LANG_EN);
	assert_non_null(find_act(ACT_LOAD));
	assert_int_equal(find_act(ACT_LOAD)->u.load.list, LIST_COUNTS);
}

/* While locked, the PIN pad takes no digits (taps are not queued up to
 * be tried the moment the lock ends). */
static void test_pin_locked_ignores_taps(void **state)
{
	(void)state;
	press(BTN_STAFF, 0);
	for (int i = 0; i < BRAIN_PIN_FREE_TRIES; i++) {
		press(BTN_DIGIT, 1);
		press(BTN_OK, 0);
	}
	assert_true(brain_pin_wait_s(&F.b, F.now) > 0);
	press(BTN_DIGIT, 2);
	type("3");
	assert_string_equal(F.b.pin, "");
	press(BTN_BACK, 0); /* leaving still works */
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

static void test_find_and_checkin_by_hand(void **state)
{
	const struct brain_action *a;

	(void)state;
	login();
	press(BTN_STAFF_FIND, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_FIND);
	type("ヤ");
	type("マ");
	press(BTN_KEY_DAKUTEN, 0);
	a = find_act(ACT_LOAD);
	assert_non_null(a);
	assert_int_equal(a->u.load.list, LIST_FIND);
	assert_string_equal(a->u.load.query, "ヤマ");
	rows(LIST_FIND, 3);
	press(BTN_ROW, 2);
	press(BTN_CHECKIN_HAND, 0);
	a = find_act(ACT_MANUAL);
	assert_non_null(a);
	assert_int_equal(a->u.attendee_id, 102);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	done(OUTCOME_ACCEPTED, "山田");
	assert_int_equal(F.b.outcome, OUTCOME_ACCEPTED);
	tick_at(F.now + 2000);
	assert_int_equal(F.b.screen, SCREEN_STAFF_FIND);
}

static void test_switch_place(void **state)
{
	const struct brain_action *a;
	struct brain_event ev = { .kind = EV_DONE };

	(void)state;
	login();
	press(BTN_STAFF_PLACE, 0);
	rows(LIST_PLACES, 4);
	press(BTN_ROW, 3);
	a = find_act(ACT_SET_PLACE);
	assert_non_null(a);
	assert_string_equal(a->u.place, "key-3");
	ev.u.result.action = ACT_SET_PLACE;
	ev.u.result.ok = true;
	snprintf(ev.u.result.place_name, sizeof(ev.u.result.place_name),
		 "セミナーA");
	step(&ev);
	assert_string_equal(F.b.cfg.place_name, "セミナーA");
	assert_int_equal(F.b.screen, SCREEN_STAFF);
}

static void test_export_lang_exit(void **state)
{
	(void)state;
	login();
	press(BTN_STAFF_EXPORT, 0);
	assert_true(has_act(ACT_EXPORT));
	press(BTN_LANG, 0);
	assert_int_equal(find_act(ACT_SET_LANG)->u.lang, LANG_EN);
	assert_int_equal(F.b.lang, LANG_EN);
	press(BTN_STAFF_EXIT, 0);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

static void test_scan_in_staff_mode_waits(void **state)
{
	(void)state;
	login();
	scan("FKLATER", SOURCE_SCANNER);
	assert_false(has_act(ACT_CHECKIN));
	press(BTN_STAFF_EXIT, 0);
	assert_string_equal(find_act(ACT_CHECKIN)->u.checkin.text, "FKLATER");
}

/* ---- idle buttons --------------------------------------------------- */

static void test_demo_and_lang_buttons(void **state)
{
	struct brain_config c;

	(void)state;
	press(BTN_DEMO, 0);
	assert_true(has_act(ACT_DEMO));
	press(BTN_LANG, 0);
	assert_int_equal(F.b.lang, LANG_EN);
	setup_cfg(&c);
	c.demo = false;
	c.entrance = false;
	brain_init(&F.b, &c, F.now);
	press(BTN_DEMO, 0);
	assert_false(has_act(ACT_DEMO));
	press(BTN_REGISTER, 0);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

/* A student's English lasts for their visit; staff's choice stays. */
static void test_student_language_is_temporary(void **state)
{
	(void)state;
	press(BTN_LANG, 0);
	assert_int_equal(F.b.lang, LANG_EN);
	scan("FK1", SOURCE_CAMERA);
	done(OUTCOME_ACCEPTED, "");
	assert_int_equal(F.b.lang, LANG_EN); /* the result is in English */
	tick_at(F.now + 2000);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_int_equal(F.b.lang, LANG_JA);
	assert_int_equal(find_act(ACT_SET_LANG)->u.lang, LANG_JA);

	login();
	press(BTN_LANG, 0);
	press(BTN_STAFF_EXIT, 0);
	scan("FK2", SOURCE_CAMERA);
	done(OUTCOME_ACCEPTED, "");
	tick_at(F.now + 2000);
	assert_int_equal(F.b.lang, LANG_EN);
}

/* ---- registration --------------------------------------------------- */

static void reg_to_consent(void)
{
	press(BTN_REGISTER, 0);
	assert_int_equal(F.b.screen, SCREEN_REG);
	assert_int_equal(F.b.step, REG_KANA);
	assert_int_equal(brain_reg_problem(&F.b), STR_ERR_KANA);
	assert_false(F.b.reg_error);
	press(BTN_NEXT, 0); /* kana is required, and it says so */
	assert_int_equal(F.b.step, REG_KANA);
	assert_true(F.b.reg_error);
	type("ハ");
	assert_false(F.b.reg_error); /* judged again on the next 次へ */
	press(BTN_KEY_HANDAKUTEN, 0);
	type("ン");
	press(BTN_KEY_SPACE, 0);
	type("タ");
	type("ロ");
	type("ウ");
	assert_string_equal(F.b.form.kana, "パン タロウ");
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_NAME);
	/* the furigana is offered for conversion, up to the space */
	assert_false(F.b.latin_kbd);
	assert_string_equal(F.b.preedit, "パン タロウ");
	assert_string_equal(find_act(ACT_CONVERT)->u.load.query, "パン");
	press(BTN_KBD_SWITCH, 0); /* a latin name: the copy goes */
	assert_true(F.b.latin_kbd);
	assert_string_equal(F.b.preedit, "");
	type("pan taro");
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_SCHOOL);
	assert_int_equal(find_act(ACT_LOAD)->u.load.list, LIST_SCHOOLS);
	type("ギ");
	assert_string_equal(find_act(ACT_LOAD)->u.load.query, "ギ");
	rows(LIST_SCHOOLS, 2);
	press(BTN_ROW, 1);
	assert_string_equal(F.b.form.school, "key-1");
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_GRADE);
	press(BTN_NEXT, 0); /* grade is required */
	assert_int_equal(F.b.step, REG_GRADE);
	assert_true(F.b.reg_error);
	assert_int_equal(brain_reg_problem(&F.b), STR_ERR_GRADE);
	press(BTN_GRADE, 2);
	assert_string_equal(F.b.form.grade, "3");
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_EMAIL);
	type("taro");
	press(BTN_NEXT, 0); /* not an address */
	assert_int_equal(F.b.step, REG_EMAIL);
	assert_int_equal(brain_reg_problem(&F.b), STR_ERR_EMAIL);
	type("@example.jp");
	key(BRAIN_KEY_ENTER);
	assert_int_equal(F.b.step, REG_CONSENT);
}

static void test_registration_flow(void **state)
{
	const struct brain_action *a;
	struct brain_event ev = { .kind = EV_REGISTERED };

	(void)state;
	reg_to_consent();
	assert_false(F.b.form.consent); /* never agreed by default */
	press(BTN_CONSENT, 1);
	press(BTN_CONSENT, 0);
	assert_false(F.b.form.consent);
	press(BTN_CONSENT, 1);
	press(BTN_SUBMIT, 0);
	a = find_act(ACT_REGISTER);
	assert_non_null(a);
	assert_string_equal(a->u.form.kana, "パン タロウ");
	assert_string_equal(a->u.form.name, "pan taro");
	assert_string_equal(a->u.form.school, "key-1");
	assert_string_equal(a->u.form.grade, "3");
	assert_string_equal(a->u.form.email, "taro@example.jp");
	assert_true(a->u.form.consent);
	assert_string_equal(a->u.form.consent_version, "v3");
	press(BTN_SUBMIT, 0); /* no double registration while busy */
	assert_false(has_act(ACT_REGISTER));

	ev.u.reg.ok = true;
	snprintf(ev.u.reg.token, sizeof(ev.u.reg.token), "FKTOKEN");
	step(&ev);
	assert_int_equal(F.b.screen, SCREEN_REG_BADGE);
	a = find_act(ACT_PRINT);
	assert_non_null(a);
	assert_string_equal(a->u.print.token, "FKTOKEN");

	struct brain_event pe = { .kind = EV_DONE };
	pe.u.result.action = ACT_PRINT;
	pe.u.result.ok = false;
	snprintf(pe.u.result.msg, sizeof(pe.u.result.msg), "printer gone");
	step(&pe);
	assert_int_equal(F.b.screen, SCREEN_REG_BADGE); /* badge stays */
	assert_true(F.b.notice_error);
	press(BTN_DONE, 0);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_string_equal(F.b.form.kana, "");
}

static void test_registration_failure_keeps_form(void **state)
{
	struct brain_event ev = { .kind = EV_REGISTERED };

	(void)state;
	reg_to_consent();
	press(BTN_SUBMIT, 0);
	ev.u.reg.ok = false;
	snprintf(ev.u.reg.msg, sizeof(ev.u.reg.msg), "disk full");
	step(&ev);
	assert_int_equal(F.b.screen, SCREEN_REG);
	assert_string_equal(F.b.form.kana, "パン タロウ");
	assert_string_equal(F.b.notice, "disk full");
	press(BTN_SUBMIT, 0);
	assert_true(has_act(ACT_REGISTER));
	assert_false(find_act(ACT_REGISTER)->u.form.consent);
}

static void test_registration_abandoned_clears(void **state)
{
	(void)state;
	press(BTN_REGISTER, 0);
	type("ア");
	tick_at(F.now + BRAIN_REG_IDLE_MS);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_string_equal(F.b.form.kana, "");
}

static void test_registration_prev_cancels(void **state)
{
	(void)state;
	press(BTN_REGISTER, 0);
	press(BTN_PREV, 0); /* nothing entered: nothing to ask */
	assert_int_equal(F.b.screen, SCREEN_IDLE);
}

/* 戻る with data asks before discarding; the form survives a "no". */
static void test_registration_back_asks(void **state)
{
	(void)state;
	press(BTN_REGISTER, 0);
	type("ミ");
	press(BTN_BACK, 0);
	assert_int_equal(F.b.screen, SCREEN_REG);
	assert_int_equal(F.b.confirm, CONFIRM_DISCARD);
	type("ノ"); /* ignored while asked */
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_KANA);
	press(BTN_CONFIRM_NO, 0);
	assert_string_equal(F.b.form.kana, "ミ");
	press(BTN_PREV, 0); /* 前へ on the first step asks too */
	assert_int_equal(F.b.confirm, CONFIRM_DISCARD);
	press(BTN_CONFIRM_YES, 0);
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_string_equal(F.b.form.kana, "");
	assert_int_equal(F.b.confirm, CONFIRM_NONE);
}

static void cands(bool hw, int chars, const char *const *text, int n)
{
	static struct brain_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CANDIDATES;
	ev.u.cands.handwriting = hw;
	ev.u.cands.chars = chars;
	ev.u.cands.n = n;
	for (int i = 0; i < n; i++)
		snprintf(ev.u.cands.text[i], BRAIN_CAND_TEXT, "%s", text[i]);
	step(&ev);
}

static int cand_index(const char *want)
{
	for (int i = 0; i < F.b.n_cands; i++)
		if (!strcmp(F.b.cands[i], want))
			return i;
	return -1;
}

static void pen(enum pen_phase ph, int x, int y)
{
	struct brain_event ev = { .kind = EV_PEN };

	ev.u.pen.phase = ph;
	ev.u.pen.x = x;
	ev.u.pen.y = y;
	step(&ev);
}

/* ヤマダ タカコ becomes 山田 髙子: conversion segment by segment, the
 * name variant offered beside the common form, and the pad. */
static void test_registration_kanji_name(void **state)
{
	static const char *const yamada[] = { "山田", "山だ", "やまだ" };
	static const char *const takako[] = { "貴子", "高子", "たかこ" };
	static const char *const taka[] = { "高", "髙", "鷹" };
	static const char *const ko[] = { "子", "小" };
	const struct brain_action *a;

	(void)state;
	press(BTN_REGISTER, 0);
	type("ヤマダ タカコ");
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_NAME);
	a = find_act(ACT_CONVERT);
	assert_non_null(a);
	assert_string_equal(a->u.load.query, "ヤマダ");
	cands(false, 3, yamada, 3);
	assert_int_equal(F.b.n_cands, 3);
	press(BTN_CAND, 0);
	assert_string_equal(F.b.form.name, "山田 ");
	assert_string_equal(F.b.preedit, "タカコ");
	a = find_act(ACT_CONVERT); /* on to the given name */
	assert_non_null(a);
	assert_string_equal(a->u.load.query, "タカコ");
	cands(false, 3, takako, 3);
	/* 髙子 is offered right after 高子, though Anthy does not know it */
	assert_int_equal(cand_index("高子"), 1);
	assert_int_equal(cand_index("髙子"), 2);
	assert_int_equal(F.b.n_cands, 4);

	/* or keep the kana of the segment */
	press(BTN_KEEP_KANA, 0);
	assert_string_equal(F.b.form.name, "山田 タカコ");
	assert_string_equal(F.b.preedit, "");
	assert_false(has_act(ACT_CONVERT));
	for (int i = 0; i < 3; i++)
		press(BTN_BACKSPACE, 0);
	assert_string_equal(F.b.form.name, "山田 ");

	/* the pad: each stroke asks for candidates */
	press(BTN_PAD, 0);
	assert_true(F.b.pad_open);
	pen(PEN_MOVE, 5, 5); /* no press: nothing */
	assert_int_equal(F.b.ink.n, 0);
	pen(PEN_DOWN, 100, 100);
	pen(PEN_MOVE, 200, 100);
	assert_false(has_act(ACT_RECOGNIZE));
	pen(PEN_UP, 300, 100);
	assert_non_null(find_act(ACT_RECOGNIZE));
	assert_int_equal(F.b.ink.strokes, 1);
	assert_int_equal(F.b.ink.n, 3);
	cands(true, 0, taka, 3);
	assert_int_equal(cand_index("髙"), 1);
	press(BTN_CAND, cand_index("髙"));
	assert_string_equal(F.b.form.name, "山田 髙");
	assert_int_equal(F.b.ink.n, 0); /* ready for the next character */
	assert_true(F.b.pad_open);
	cands(false, 1, ko, 2); /* stale conversion: the pad is open */
	assert_int_equal(F.b.n_cands, 0);

	press(BTN_PAD, 0); /* back to the keys */
	assert_false(F.b.pad_open);
	type("コ");
	press(BTN_CONVERT, 0);
	assert_string_equal(find_act(ACT_CONVERT)->u.load.query, "コ");
	cands(false, 1, ko, 2);
	press(BTN_CAND, 0);
	assert_string_equal(F.b.form.name, "山田 髙子");
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_SCHOOL);
	assert_string_equal(F.b.form.name, "山田 髙子");
	assert_string_equal(F.b.form.kana, "ヤマダ タカコ");
}

/* Kana left unconverted goes into the name as typed on 次へ. */
static void test_registration_name_unconverted(void **state)
{
	(void)state;
	press(BTN_REGISTER, 0);
	type("ミノ");
	press(BTN_NEXT, 0);
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_SCHOOL);
	assert_string_equal(F.b.form.name, "ミノ");
	press(BTN_PREV, 0); /* back: the name is kept, no copy again */
	assert_int_equal(F.b.step, REG_NAME);
	assert_string_equal(F.b.preedit, "");
	assert_string_equal(F.b.form.name, "ミノ");
}

/* A school typed freely is never stored by 次へ alone (ギフ stored as the
 * school while 岐阜大学 was listed): it is picked from the list, or
 * registered with its own button, marked new for the organizer. */
static void test_registration_new_school(void **state)
{
	(void)state;
	press(BTN_REGISTER, 0);
	type("ミノ");
	press(BTN_NEXT, 0);
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_SCHOOL);
	press(BTN_NEXT, 0);
	assert_int_equal(brain_reg_problem(&F.b), STR_ERR_SCHOOL);
	type("ミノ");
	rows(LIST_SCHOOLS, 2);
	press(BTN_NEXT, 0); /* a search, neither picked nor new */
	assert_int_equal(F.b.step, REG_SCHOOL);
	assert_true(F.b.reg_error);
	assert_int_equal(brain_reg_problem(&F.b), STR_ERR_SCHOOL_PICK);
	assert_string_equal(F.b.form.school, "");
	rows(LIST_SCHOOLS, 0);
	press(BTN_SCHOOL_NEW, 0);
	assert_int_equal(F.b.step, REG_GRADE);
	assert_string_equal(F.b.form.school, "ミノ");
	assert_true(F.b.form.school_new);
	press(BTN_PREV, 0);
	rows(LIST_SCHOOLS, 2);
	press(BTN_ROW, 0);
	press(BTN_NEXT, 0);
	assert_string_equal(F.b.form.school, "key-0");
	assert_false(F.b.form.school_new);
	press(BTN_PREV, 0);
	rows(LIST_SCHOOLS, 2);
	press(BTN_ROW, 1);
	assert_string_equal(F.b.form.school, "key-1");
	type("ン"); /* editing the search drops the pick */
	assert_string_equal(F.b.form.school, "");
	rows(LIST_SCHOOLS, 0);
	press(BTN_NEXT, 0);
	assert_int_equal(F.b.step, REG_SCHOOL);
	press(BTN_SCHOOL_NEW, 0);
	assert_true(F.b.form.school_new);
}

static void test_kana_voice(void **state)
{
	char s[32];

	(void)state;
	snprintf(s, sizeof(s), "カ");
	assert_true(brain_kana_voice(s, sizeof(s), false));
	assert_string_equal(s, "ガ");
	snprintf(s, sizeof(s), "ホ");
	assert_true(brain_kana_voice(s, sizeof(s), true));
	assert_string_equal(s, "ポ");
	snprintf(s, sizeof(s), "ツ");
	assert_true(brain_kana_voice(s, sizeof(s), false));
	assert_string_equal(s, "ヅ");
	snprintf(s, sizeof(s), "ウ");
	assert_true(brain_kana_voice(s, sizeof(s), false));
	assert_string_equal(s, "ヴ");
	snprintf(s, sizeof(s), "ア");
	assert_false(brain_kana_voice(s, sizeof(s), false));
	snprintf(s, sizeof(s), "カ");
	assert_false(brain_kana_voice(s, sizeof(s), true));
	snprintf(s, sizeof(s), "a");
	assert_false(brain_kana_voice(s, sizeof(s), false));
}

static void test_field_cap_never_cuts_characters(void **state)
{
	(void)state;
	press(BTN_REGISTER, 0);
	for (int i = 0; i < 100; i++)
		type("ア");
	assert_int_equal(strlen(F.b.form.kana) % 3, 0);
	assert_true(strlen(F.b.form.kana) < BRAIN_FIELD_MAX);
}

/* Booth staff note a visitor: pick from the last scans, rate, tag, type a
 * note, save -> one ACT_LEAD; 戻る stores nothing. */
static void test_lead_note(void **state)
{
	const struct brain_action *a;
	struct brain_config c;

	(void)state;
	login();
	press(BTN_STAFF_LEAD, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF);
	assert_int_equal(F.out.n, 0);

	setup_cfg(&c);
	c.leads = true;
	c.nlead_tags = 2;
	snprintf(c.lead_tags[0], sizeof(c.lead_tags[0]), "理系");
	snprintf(c.lead_tags[1], sizeof(c.lead_tags[1]), "面接希望");
	brain_init(&F.b, &c, F.now);
	login();
	press(BTN_STAFF_LEAD, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEADS);
	assert_int_equal(find_act(ACT_LOAD)->u.load.list, LIST_RECENT);
	rows(LIST_RECENT, 5);

	/* cancel: nothing stored, back at the list */
	press(BTN_ROW, 2);
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEAD);
	assert_int_equal(F.b.lead_attendee, 102);
	press(BTN_RATING, 3);
	press(BTN_MEMO, 0);
	type("ア");
	press(BTN_DONE, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEAD);
	press(BTN_BACK, 0);
	assert_int_equal(F.out.n, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEADS);
	assert_int_equal(F.b.n_rows, 5);

	/* the next visitor starts blank; no rating: 保存 does nothing */
	press(BTN_ROW, 1);
	assert_int_equal(F.b.lead_rating, 0);
	assert_string_equal(F.b.lead_note, "");
	assert_false(brain_wants_text(&F.b)); /* until the memo opens */
	press(BTN_SUBMIT, 0);
	assert_false(has_act(ACT_LEAD));
	press(BTN_RATING, 5); /* a lead is rated 1-4 */
	press(BTN_RATING, 0);
	assert_int_equal(F.b.lead_rating, 0);
	press(BTN_RATING, 4);
	press(BTN_TAG, 1);
	press(BTN_TAG, 0);
	press(BTN_TAG, 0);
	press(BTN_TAG, 2); /* no such tag */
	press(BTN_MEMO, 0);
	assert_true(brain_wants_text(&F.b));
	press(BTN_RATING, 1); /* the memo page has no ratings */
	type("ケンキュウ");
	press(BTN_BACKSPACE, 0);
	press(BTN_KEY_SPACE, 0);
	type("ok");
	press(BTN_BACK, 0); /* leaves the memo page, keeps the text */
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEAD);
	assert_string_equal(F.b.lead_note, "ケンキュ ok");
	press(BTN_SUBMIT, 0);
	assert_int_equal(F.out.n, 1);
	a = find_act(ACT_LEAD);
	assert_non_null(a);
	assert_int_equal(a->u.lead.attendee_id, 101);
	assert_int_equal(a->u.lead.rating, 4);
	assert_int_equal(a->u.lead.tags, 2u);
	assert_string_equal(a->u.lead.note, "ケンキュ ok");
	assert_int_equal(F.b.screen, SCREEN_STAFF_LEADS);

	struct brain_event ev = { .kind = EV_DONE };
	ev.u.result.action = ACT_LEAD;
	ev.u.result.ok = true;
	snprintf(ev.u.result.msg, sizeof(ev.u.result.msg), "saved");
	step(&ev);
	assert_string_equal(F.b.notice, "saved");
	press(BTN_BACK, 0);
	assert_int_equal(F.b.screen, SCREEN_STAFF);
}

/* The brain, not the loop, knows which screens show time passing: the
 * idle header's minute (every 100 ms with a camera preview), a lock-out's
 * countdown and the clock screens each second, nothing on a result. */
static void test_refresh_follows_screen(void **state)
{
	struct brain_config c;

	(void)state;
	assert_int_equal(F.b.screen, SCREEN_IDLE);
	assert_int_equal(brain_refresh_ms(&F.b, false),
			 BRAIN_REFRESH_MINUTE_MS);
	assert_int_equal(brain_refresh_ms(&F.b, true), 100);
	scan("not-a-token", SOURCE_SCRIPT);
	assert_int_equal(F.b.screen, SCREEN_RESULT);
	assert_int_equal(brain_refresh_ms(&F.b, true), 0);
	setup(NULL);
	press(BTN_STAFF, 0);
	assert_int_equal(F.b.screen, SCREEN_PIN);
	assert_int_equal(brain_refresh_ms(&F.b, false), 0);
	for (int i = 0; i < 3 && !F.b.pin_locked_until; i++)
		wrong_pin();
	assert_true(F.b.pin_locked_until > 0);
	assert_int_equal(brain_refresh_ms(&F.b, false), 1000);
	setup_cfg(&c);
	c.clock_ok = false;
	brain_init(&F.b, &c, F.now);
	assert_int_equal(F.b.screen, SCREEN_CLOCK_WARN);
	assert_int_equal(brain_refresh_ms(&F.b, false), 1000);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_scan_accepted_then_idle),
		T(test_refresh_follows_screen),
		T(test_every_refusal),
		T(test_not_stored_shows_disk_error),
		T(test_already_shows_first_time),
		T(test_result_ms_configurable),
		T(test_queued_scans_in_order),
		T(test_camera_repeat_coalesced),
		T(test_queue_full_keeps_oldest),
		T(test_done_without_checkin_ignored),
		T(test_staff_badge_opens_staff_mode),
		T(test_clock_warning_blocks_checkins),
		T(test_clock_restored_correction_adds),
		T(test_clock_back_without_confirm_stays_warned),
		T(test_pin_right_opens_staff),
		T(test_pin_lockout_grows),
		T(test_pin_digits_during_lock_never_count),
		T(test_pin_state_emitted_and_restored),
		T(test_pin_tries_configured),
		T(test_pin_empty_hash_never_opens),
		T(test_pin_pad_takes_digits_only),
		T(test_students_cannot_quit),
		T(test_staff_can_quit),
		T(test_staff_mode_closes_by_itself),
		T(test_recent_and_void),
		T(test_find_and_checkin_by_hand),
		T(test_switch_place),
		T(test_export_lang_exit),
		T(test_scan_in_staff_mode_waits),
		T(test_demo_and_lang_buttons),
		T(test_student_language_is_temporary),
		T(test_registration_flow),
		T(test_registration_failure_keeps_form),
		T(test_registration_abandoned_clears),
		T(test_registration_prev_cancels),
		T(test_registration_back_asks),
		T(test_registration_kanji_name),
		T(test_registration_name_unconverted),
		T(test_registration_new_school),
		T(test_staff_lang_reloads_counts),
		T(test_pin_locked_ignores_taps),
		T(test_kana_voice),
		T(test_field_cap_never_cuts_characters),
		T(test_lead_note),
	};

	if (sodium_init() < 0 ||
	    crypto_pwhash_str(pin_hash, PIN, strlen(PIN),
			      crypto_pwhash_OPSLIMIT_MIN,
			      crypto_pwhash_MEMLIMIT_MIN) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
