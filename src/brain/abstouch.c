/* abstouch.c: touches from absolute evdev events; see abstouch.h. */
#include "fair/abstouch.h"

void abstouch_init(struct abstouch *t, const struct abstouch_axis xy[2],
		   bool mt, const struct abstouch_axis mt_xy[2])
{
	const struct abstouch_axis *use = mt ? mt_xy : xy;

	*t = (struct abstouch){ .mt = mt, .follow = -1 };
	t->ax[0] = use[0];
	t->ax[1] = use[1];
}

float abstouch_scale(struct abstouch_axis a, int v)
{
	double span = (double)a.max - a.min + 1;
	double f;

	if (span < 1)
		return 0;
	/* each unit covers 1/span of the screen: its middle is the point */
	f = ((double)v - a.min + 0.5) / span;
	if (f < 0)
		return 0;
	if (f > 0.999999)
		return 0.999999f;
	return (float)f;
}

static void set_pos(struct abstouch *t, int axis, int v)
{
	if (t->pos[axis] != v)
		t->moved = true;
	t->pos[axis] = v;
}

/* Multitouch: the first finger down is the one followed. */
static void feed_mt(struct abstouch *t, const struct input_event *ev)
{
	if (ev->code == ABS_MT_SLOT) {
		t->slot = ev->value;
	} else if (ev->code == ABS_MT_TRACKING_ID) {
		if (ev->value >= 0 && t->follow < 0) {
			t->follow = t->slot;
			t->down = true;
		} else if (ev->value < 0 && t->slot == t->follow) {
			t->follow = -1;
			t->down = false;
		}
	} else if (t->slot == t->follow || (t->follow < 0 && !t->down)) {
		/* a position may come just before its tracking id */
		if (ev->code == ABS_MT_POSITION_X)
			set_pos(t, 0, ev->value);
		else if (ev->code == ABS_MT_POSITION_Y)
			set_pos(t, 1, ev->value);
	}
}

static void feed_single(struct abstouch *t, const struct input_event *ev)
{
	if (ev->type == EV_ABS && ev->code == ABS_X)
		set_pos(t, 0, ev->value);
	else if (ev->type == EV_ABS && ev->code == ABS_Y)
		set_pos(t, 1, ev->value);
	else if (ev->type == EV_KEY &&
		 (ev->code == BTN_TOUCH || ev->code == BTN_LEFT))
		t->down = ev->value != 0;
}

static enum abstouch_kind report(struct abstouch *t,
				 struct abstouch_point *out)
{
	enum abstouch_kind k = ABSTOUCH_NONE;

	if (t->down && !t->reported_down)
		k = ABSTOUCH_DOWN;
	else if (!t->down && t->reported_down)
		k = ABSTOUCH_UP;
	else if (t->down && t->moved)
		k = ABSTOUCH_MOVE;
	t->reported_down = t->down;
	t->moved = false;
	if (k != ABSTOUCH_NONE) {
		out->kind = k;
		out->x = abstouch_scale(t->ax[0], t->pos[0]);
		out->y = abstouch_scale(t->ax[1], t->pos[1]);
	}
	return k;
}

enum abstouch_kind abstouch_feed(struct abstouch *t,
				 const struct input_event *ev,
				 struct abstouch_point *out)
{
	if (ev->type == EV_SYN && ev->code == SYN_DROPPED) {
		t->down = false;
		t->follow = -1;
		return report(t, out);
	}
	if (ev->type == EV_SYN && ev->code == SYN_REPORT)
		return report(t, out);
	if (t->mt && ev->type == EV_ABS && ev->code >= ABS_MT_SLOT &&
	    ev->code <= ABS_MT_TOOL_Y)
		feed_mt(t, ev);
	else if (!t->mt)
		feed_single(t, ev);
	return ABSTOUCH_NONE;
}
