/* test_abstouch.c: touches from absolute pointing devices, scaled by each
 * device's own axis range (abstouch.c): QEMU's usb-tablet (0..32767 with
 * BTN_LEFT), a panel with an offset range and BTN_TOUCH, and a protocol-B
 * multitouch panel whose second finger is ignored. A tap made on pixel P of
 * the screen comes out on pixel P, whatever the device's units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fair/abstouch.h"

#define MAX_OUT 16

struct outcome {
	int n;
	struct abstouch_point p[MAX_OUT];
};

static void feed(struct abstouch *t, struct outcome *o, int type, int code,
		 int value)
{
	struct input_event ev;
	struct abstouch_point p;

	memset(&ev, 0, sizeof(ev));
	ev.type = (unsigned short)type;
	ev.code = (unsigned short)code;
	ev.value = value;
	if (abstouch_feed(t, &ev, &p) != ABSTOUCH_NONE) {
		assert_true(o->n < MAX_OUT);
		o->p[o->n++] = p;
	}
}

static void syn(struct abstouch *t, struct outcome *o)
{
	feed(t, o, EV_SYN, SYN_REPORT, 0);
}

/* The pixel of a w-pixel-wide screen a fraction lands on, as events.c
 * computes it. */
static int pixel(float f, int w)
{
	return (int)(f * w);
}

/* QEMU's usb-tablet: a host pointer at pixel px of a w-pixel screen is
 * sent as px * 32767 / (w - 1) (QEMU's qemu_input_scale_axis). */
static int qemu_units(int px, int w)
{
	return (int)((int64_t)px * 32767 / (w - 1));
}

static void test_usb_tablet_tap_lands_where_made(void **state)
{
	const struct abstouch_axis r[2] = { { 0, 32767 }, { 0, 32767 } };
	struct abstouch t;
	struct outcome o = { 0 };

	(void)state;
	abstouch_init(&t, r, false, r);
	feed(&t, &o, EV_ABS, ABS_X, qemu_units(1200, 1280));
	feed(&t, &o, EV_ABS, ABS_Y, qemu_units(40, 800));
	syn(&t, &o);
	assert_int_equal(o.n, 0); /* moving without contact is nothing */
	feed(&t, &o, EV_KEY, BTN_LEFT, 1);
	syn(&t, &o);
	feed(&t, &o, EV_KEY, BTN_LEFT, 0);
	syn(&t, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.p[0].kind, ABSTOUCH_DOWN);
	assert_int_equal(o.p[1].kind, ABSTOUCH_UP);
	assert_int_equal(pixel(o.p[1].x, 1280), 1200);
	assert_int_equal(pixel(o.p[1].y, 800), 40);
}

/* Every pixel comes back within one of itself, at any screen width and
 * on both edges (QEMU maps its ends to the screen's outer pixels, a panel
 * spreads its units evenly: they differ by less than a pixel). */
static void test_every_pixel_round_trips(void **state)
{
	const struct abstouch_axis a = { 0, 32767 };

	(void)state;
	for (int w = 480; w <= 1920; w += 240) {
		for (int px = 0; px < w; px++) {
			int got = pixel(abstouch_scale(a, qemu_units(px, w)),
					w);

			assert_in_range(got, px > 0 ? px - 1 : 0, px + 1);
			assert_in_range(got, 0, w - 1);
		}
	}
}

static void test_panel_with_offset_range(void **state)
{
	/* a resistive controller: 200..3900 across, 350..3700 down */
	const struct abstouch_axis r[2] = { { 200, 3900 }, { 350, 3700 } };
	struct abstouch t;
	struct outcome o = { 0 };

	(void)state;
	abstouch_init(&t, r, false, r);
	feed(&t, &o, EV_ABS, ABS_X, 200);
	feed(&t, &o, EV_ABS, ABS_Y, 3700);
	feed(&t, &o, EV_KEY, BTN_TOUCH, 1);
	syn(&t, &o);
	feed(&t, &o, EV_ABS, ABS_X, 2050);
	syn(&t, &o);
	syn(&t, &o); /* nothing new: nothing reported */
	feed(&t, &o, EV_KEY, BTN_TOUCH, 0);
	syn(&t, &o);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.p[0].kind, ABSTOUCH_DOWN);
	assert_int_equal(pixel(o.p[0].x, 1280), 0);
	assert_int_equal(pixel(o.p[0].y, 800), 799);
	assert_int_equal(o.p[1].kind, ABSTOUCH_MOVE);
	assert_int_equal(pixel(o.p[1].x, 1280), 640);
	assert_int_equal(o.p[2].kind, ABSTOUCH_UP);
	/* out of range values (a badly calibrated edge) stay on screen */
	assert_true(abstouch_scale(r[0], 100) == 0);
	assert_true(abstouch_scale(r[0], 5000) < 1);
}

static void test_multitouch_follows_first_finger(void **state)
{
	/* single-touch emulation in other units, to show it is ignored */
	const struct abstouch_axis st[2] = { { 0, 100 }, { 0, 100 } };
	const struct abstouch_axis mt[2] = { { 0, 4095 }, { 0, 4095 } };
	struct abstouch t;
	struct outcome o = { 0 };

	(void)state;
	abstouch_init(&t, st, true, mt);
	feed(&t, &o, EV_ABS, ABS_MT_SLOT, 0);
	feed(&t, &o, EV_ABS, ABS_MT_TRACKING_ID, 7);
	feed(&t, &o, EV_ABS, ABS_MT_POSITION_X, 1024);
	feed(&t, &o, EV_ABS, ABS_MT_POSITION_Y, 3072);
	feed(&t, &o, EV_KEY, BTN_TOUCH, 1);
	feed(&t, &o, EV_ABS, ABS_X, 25);
	syn(&t, &o);
	/* a second finger lands and moves: ignored */
	feed(&t, &o, EV_ABS, ABS_MT_SLOT, 1);
	feed(&t, &o, EV_ABS, ABS_MT_TRACKING_ID, 8);
	feed(&t, &o, EV_ABS, ABS_MT_POSITION_X, 4000);
	syn(&t, &o);
	/* the first moves, then lifts */
	feed(&t, &o, EV_ABS, ABS_MT_SLOT, 0);
	feed(&t, &o, EV_ABS, ABS_MT_POSITION_X, 2048);
	syn(&t, &o);
	feed(&t, &o, EV_ABS, ABS_MT_TRACKING_ID, -1);
	syn(&t, &o);
	/* the second finger lifting later is nothing */
	feed(&t, &o, EV_ABS, ABS_MT_SLOT, 1);
	feed(&t, &o, EV_ABS, ABS_MT_TRACKING_ID, -1);
	syn(&t, &o);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.p[0].kind, ABSTOUCH_DOWN);
	assert_int_equal(pixel(o.p[0].x, 1280), 320);
	assert_int_equal(pixel(o.p[0].y, 800), 600);
	assert_int_equal(o.p[1].kind, ABSTOUCH_MOVE);
	assert_int_equal(pixel(o.p[1].x, 1280), 640);
	assert_int_equal(o.p[2].kind, ABSTOUCH_UP);
	assert_int_equal(pixel(o.p[2].x, 1280), 640);
}

static void test_syn_dropped_lifts(void **state)
{
	const struct abstouch_axis r[2] = { { 0, 1023 }, { 0, 1023 } };
	struct abstouch t;
	struct outcome o = { 0 };

	(void)state;
	abstouch_init(&t, r, false, r);
	feed(&t, &o, EV_KEY, BTN_TOUCH, 1);
	syn(&t, &o);
	feed(&t, &o, EV_SYN, SYN_DROPPED, 0);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.p[1].kind, ABSTOUCH_UP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usb_tablet_tap_lands_where_made),
		cmocka_unit_test(test_every_pixel_round_trips),
		cmocka_unit_test(test_panel_with_offset_range),
		cmocka_unit_test(test_multitouch_follows_first_finger),
		cmocka_unit_test(test_syn_dropped_lifts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
