/* inputs.h: every way a badge reaches the kiosk, behind one interface.
 *
 * Camera (ZBar over V4L2, or recorded frames), handheld scanners read as
 * their own evdev device, and serial scanners each run on their own worker
 * thread and queue complete scans; on a bare console, touchscreens too
 * (their touches queue apart). The UI thread polls the queue; workers
 * call wake() so an idle UI sleeps until something arrives. Any input may be
 * absent or vanish; the others keep working. No SDL in here.
 */
#ifndef KIOSK_INPUTS_H
#define KIOSK_INPUTS_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/abstouch.h"
#include "fair/err.h"
#include "fair/types.h"

#define INPUTS_TEXT_MAX 512

struct scan_event {
	char text[INPUTS_TEXT_MAX]; /* raw decoded text, NUL-terminated */
	enum input_source source;
	int64_t mono_ms;            /* when it arrived: the camera frame that
	                               showed it, or the scan's last byte */
};

struct inputs_config {
	const char *camera;  /* "", "auto", "/dev/videoN", "file:PATH" */
	const char *scanner; /* evdev path, "name:SUBSTRING", or "" */
	const char *serial;  /* tty path or "" */
	int serial_baud;
	const char *touch;   /* "auto": touchscreens read here (input_touch.c),
	                        as on a bare console; "" or NULL when the
	                        display server maps them */
};

struct inputs;

/* Starts the configured inputs. Missing devices are not an error: they are
 * retried and reported through inputs_status(). NULL only when out of
 * memory or threads cannot start. wake may be called from any thread. */
struct inputs *inputs_start(const struct inputs_config *cfg,
			    void (*wake)(void *ctx), void *wake_ctx,
			    struct fair_err *err);
/* Takes the oldest queued scan; false if none. UI thread only. */
bool inputs_poll(struct inputs *in, struct scan_event *out);
/* Takes the oldest queued touch (bare console only); false if none. UI
 * thread only. */
bool inputs_poll_touch(struct inputs *in, struct abstouch_point *out);
/* Copies the newest camera frame (8-bit gray) if one arrived since the last
 * call: returns true and sets *w, *h. buf must hold max_bytes. */
bool inputs_preview(struct inputs *in, uint8_t *buf, int max_bytes, int *w,
		    int *h);
/* A one-line notice for staff ("camera not found, retrying"), or "" when
 * every configured input works. Valid until the next call. */
const char *inputs_status(struct inputs *in);
/* Feeds a key press the UI could not route to a text field (the SDL
 * fallback when no evdev scanner is configured): linux_keycode is a KEY_*
 * code, shift whether shift was held, mono_ms when. */
void inputs_feed_key(struct inputs *in, int linux_keycode, bool shift,
		     int64_t mono_ms);
void inputs_stop(struct inputs *in);

#endif
