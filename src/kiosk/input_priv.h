/* input_priv.h: what the input workers share with inputs.c. Not part of
 * the kiosk's interface (that is inputs.h). */
#ifndef KIOSK_INPUT_PRIV_H
#define KIOSK_INPUT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "inputs.h"

/* Which worker a status line belongs to. */
enum input_kind {
	INPUT_CAMERA = 0,
	INPUT_SCANNER,
	INPUT_SERIAL,
	INPUT_TOUCH,
	INPUT_KIND_COUNT
};

#define INPUT_RETRY_MS 1000 /* a missing device is tried again this often */
#define INPUTS_SELFTEST_MS 30000 /* how long a self-test result shows */

/* Queues a complete scan (text of len bytes; workers cap their lines below
 * INPUTS_TEXT_MAX) and wakes the UI. terminated: whether Enter, Tab or a
 * line end closed it (rather than the idle gap); camera scans are. The
 * scanner self-test code is not queued: its diagnosis becomes a notice in
 * inputs_status() for INPUTS_SELFTEST_MS. Any thread. */
void inputs_push(struct inputs *in, enum input_source src, const char *text,
		 size_t len, bool terminated);
/* The same for a scan that arrived at mono_ms (inputs_now_ms() clock): the
 * camera passes its frame's time, so the kiosk's timing trace measures
 * from the frame, not from the end of decoding. */
void inputs_push_at(struct inputs *in, enum input_source src,
		    const char *text, size_t len, bool terminated,
		    int64_t mono_ms);
/* Queues a touch (a finger down, moved or up at screen fractions) for
 * inputs_poll_touch() and wakes the UI; the oldest is dropped when the UI
 * is INPUTS_TOUCH_MAX behind. Any thread. */
void inputs_push_touch(struct inputs *in, const struct abstouch_point *p);
/* Sets the worker's one-line status; "" when it works. Any thread. */
void inputs_set_status(struct inputs *in, enum input_kind kind,
		       const char *msg);
/* Stores the newest camera frame for inputs_preview(). Any thread. */
void inputs_set_preview(struct inputs *in, const uint8_t *gray, int w, int h,
			int stride);
/* Sleeps up to ms, or less when inputs_stop() runs: true when stopping. */
bool inputs_wait(struct inputs *in, int ms);
/* A file descriptor that becomes readable when inputs_stop() runs, for
 * workers that poll() a device. */
int inputs_stop_fd(const struct inputs *in);
/* The worker's device setting from the config (owned by in). */
const char *inputs_device(const struct inputs *in, enum input_kind kind);
int inputs_serial_baud(const struct inputs *in);
/* clock_mono_ms(): the clock of scan times and of inputs_feed_key(). */
int64_t inputs_now_ms(void);

/* Worker bodies (pthread start routines, arg is the struct inputs). */
void *input_camera_main(void *arg);
void *input_evdev_main(void *arg);
void *input_serial_main(void *arg);
void *input_touch_main(void *arg);

#endif
