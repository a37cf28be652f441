/* test_dispatch.c: the kiosk's dispatcher (src/kiosk/dispatch.c, compiled
 * into this test) with a stand-in brain and host. A brain step that asks
 * for more actions than the reply queue's first size must see every reply
 * come back, in order: a full queue grows, never drops a check-in's reply
 * (it used to hold 8 and drop the rest without a word). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/kiosk/dispatch.c"

/* ---- stand-ins for the brain, the store and the screen side ---- */

static int want;       /* check-ins the first scan asks for */
static int replies;    /* EV_CHECKIN_DONE seen, in order */
static int counts;     /* EV_COUNT_TODAY seen */
static int out_of_order;
static int pokes;

static int issued;     /* check-ins asked for, numbered from 0 */

static void ask_checkin(struct brain_actions *out)
{
	struct brain_action *a = &out->a[out->n++];

	memset(a, 0, sizeof(*a));
	a->kind = ACT_CHECKIN;
	snprintf(a->u.checkin.text, sizeof(a->u.checkin.text), "%d",
		 issued++);
}

void brain_step(struct brain *b, const struct brain_event *ev, int64_t now,
		struct brain_actions *out)
{
	(void)b;
	(void)now;
	out->n = 0;
	if (ev->kind == EV_SCAN) {
		while (out->n < want && out->n < BRAIN_ACTIONS_MAX)
			ask_checkin(out);
	} else if (ev->kind == EV_CHECKIN_DONE) {
		/* replies come back in the order they were asked for */
		if (strtol(ev->u.done.name, NULL, 10) != replies)
			out_of_order++;
		replies++;
		if (issued < want) /* each reply asks for one more */
			ask_checkin(out);
	} else if (ev->kind == EV_COUNT_TODAY) {
		counts++;
	}
}

bool host_run(struct kiosk *k, const struct brain_action *a,
	      struct brain_event *reply)
{
	(void)k;
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_CHECKIN_DONE;
	snprintf(reply->u.done.name, sizeof(reply->u.done.name), "%.12s",
		 a->u.checkin.text);
	return true;
}

void host_count_event(struct kiosk *k, struct brain_event *ev)
{
	(void)k;
	memset(ev, 0, sizeof(*ev));
	ev->kind = EV_COUNT_TODAY;
}

void livesync_poke(struct livesync *ls)
{
	(void)ls;
	pokes++;
}

void render_play(struct render *r, enum sound s)
{
	(void)r;
	(void)s;
}

int render_badge_png(struct render *r, const char *token, const char *name,
		     enum label_kind label, const char *path,
		     struct fair_err *err)
{
	(void)r, (void)token, (void)name, (void)label, (void)path;
	return fair_fail(err, FAIR_EIO, "no renderer in this test");
}

int print_badge(const char *queue, const char *png_path,
		enum label_kind label, int *job, struct fair_err *err)
{
	(void)queue, (void)png_path, (void)label, (void)job;
	return fair_fail(err, FAIR_EIO, "no printer in this test");
}

void printwatch_add(struct printwatch *pw, const char *queue, int job)
{
	(void)pw, (void)queue, (void)job;
}

/* ---- tests ---- */

static void flood(int n)
{
	static struct kiosk k;
	struct brain_event ev = { .kind = EV_SCAN };

	want = n;
	replies = counts = out_of_order = pokes = issued = 0;
	kiosk_feed(&k, &ev);
	assert_int_equal(replies, n);
	assert_int_equal(counts, n);
	assert_int_equal(pokes, n);
	assert_int_equal(out_of_order, 0);
	assert_true(k.evq_cap >= DISPATCH_QUEUE_START);
	kiosk_dispatch_free(&k);
}

/* One step asks for more check-ins than the queue's first size. */
static void test_full_queue_keeps_every_reply(void **state)
{
	(void)state;
	flood(BRAIN_ACTIONS_MAX);
}

/* 500 check-ins, each reply asking for the next: every one, in order. */
static void test_long_chain_of_replies(void **state)
{
	(void)state;
	flood(500);
}

static void test_small_feed_stays_small(void **state)
{
	(void)state;
	flood(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_feed_stays_small),
		cmocka_unit_test(test_full_queue_keeps_every_reply),
		cmocka_unit_test(test_long_chain_of_replies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
