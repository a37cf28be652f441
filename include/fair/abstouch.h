/* abstouch.h: touches from an absolute pointing device's evdev events.
 *
 * On a bare console (SDL's KMSDRM driver) nothing between the kernel and
 * the kiosk maps a touchscreen to the screen: SDL 2.26 passes an absolute
 * pointer's values through in the device's own units (QEMU's usb-tablet
 * reports 0..32767, a panel whatever its controller says), so a tap lands
 * off the screen or in its corner. This decoder scales every position by
 * the device's own axis range (EVIOCGABS minimum and maximum) to a fraction
 * of the screen, so a tap lands where it was made on any device.
 *
 * Two kinds of device:
 *  - single touch (ABS_X, ABS_Y): contact is BTN_TOUCH, or BTN_LEFT for an
 *    absolute mouse or tablet such as QEMU's usb-tablet;
 *  - multitouch, protocol B (ABS_MT_SLOT, ABS_MT_TRACKING_ID,
 *    ABS_MT_POSITION_X/Y): the first finger down is followed until it
 *    lifts; other fingers are ignored (the kiosk has no gestures). The
 *    device's single-touch emulation (ABS_X, BTN_TOUCH) is then ignored.
 *
 * Pure: no I/O. The caller reads the axis ranges, feeds each event in
 * order and gets a touch at each SYN_REPORT that changed something. The
 * struct is caller-owned and holds no resources.
 */
#ifndef FAIR_ABSTOUCH_H
#define FAIR_ABSTOUCH_H

#include <stdbool.h>

#include <linux/input.h>

struct abstouch_axis {
	int min, max; /* the device's range, both included (EVIOCGABS) */
};

enum abstouch_kind {
	ABSTOUCH_NONE = 0, /* nothing to report (yet) */
	ABSTOUCH_DOWN,     /* contact began at x, y */
	ABSTOUCH_MOVE,     /* the contact moved to x, y */
	ABSTOUCH_UP,       /* contact ended at x, y: a tap, or a stroke's end */
};

struct abstouch_point {
	enum abstouch_kind kind;
	float x, y; /* fractions of the screen, 0 <= x, y < 1 */
};

struct abstouch {
	bool mt;                    /* multitouch axes: follow MT events */
	struct abstouch_axis ax[2]; /* x and y range of the events followed */
	int pos[2];                 /* latest x, y, device units */
	bool moved;                 /* pos changed since the last report */
	bool down;                  /* in contact, as the events say */
	bool reported_down;         /* as of the last touch reported */
	int slot;                   /* MT: the slot events now address */
	int follow;                 /* MT: the followed finger's slot, or -1 */
};

/* Starts a decoder for a device with the ranges of ABS_X and ABS_Y (xy)
 * and, if it has them (mt true), of ABS_MT_POSITION_X and _Y (mt_xy). */
void abstouch_init(struct abstouch *t, const struct abstouch_axis xy[2],
		   bool mt, const struct abstouch_axis mt_xy[2]);
/* Feeds one event. Returns the touch completed by it (at SYN_REPORT) in
 * *out and as the result, or ABSTOUCH_NONE. After SYN_DROPPED a finger
 * that was down is lifted where it was last seen. */
enum abstouch_kind abstouch_feed(struct abstouch *t,
				 const struct input_event *ev,
				 struct abstouch_point *out);
/* Where value v of an axis lies on a screen, as a fraction 0 <= f < 1:
 * the range's units spread evenly over the screen's pixels, clamped. */
float abstouch_scale(struct abstouch_axis a, int v);

#endif
