/* inputs.c: the scan queue, statuses and preview shared by the input
 * workers (input_camera.c, input_evdev.c, input_serial.c), and the SDL
 * fallback decoder. Workers never block one another: each owns its thread
 * and only takes the lock to hand over a finished scan or frame. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fair/keyscan.h"
#include "input_priv.h"
#include "inputs.h"

#define INPUTS_QUEUE_MAX 32     /* scans waiting for the UI; oldest kept */
#define INPUTS_STATUS_MAX 256   /* one worker's notice */
#define INPUTS_PREVIEW_MAX (1920 * 1080)
#define INPUTS_TOUCH_MAX 64     /* touches waiting for the UI */

struct inputs {
	pthread_mutex_t lock;     /* guards every field below marked [L] */
	struct scan_event queue[INPUTS_QUEUE_MAX]; /* [L] ring of scans */
	int head;                 /* [L] index of the oldest scan */
	int count;                /* [L] scans queued */
	struct abstouch_point touch[INPUTS_TOUCH_MAX]; /* [L] ring */
	int touch_head;           /* [L] index of the oldest touch */
	int touch_count;          /* [L] touches queued */
	char status[INPUT_KIND_COUNT][INPUTS_STATUS_MAX]; /* [L] per worker */
	uint8_t *preview;         /* [L] newest frame, INPUTS_PREVIEW_MAX */
	int preview_w, preview_h; /* [L] its size; 0 before the first */
	bool preview_new;         /* [L] not yet taken by inputs_preview() */
	void (*wake)(void *ctx);  /* tells the UI something arrived */
	void *wake_ctx;
	int stop_pipe[2];         /* readable once inputs_stop() runs */
	pthread_t thread[INPUT_KIND_COUNT];
	bool running[INPUT_KIND_COUNT]; /* which threads to join */
	char device[INPUT_KIND_COUNT][PATH_MAX]; /* copied config */
	int serial_baud;
	char selftest[INPUTS_STATUS_MAX]; /* [L] last self-test diagnosis */
	int64_t selftest_until;   /* [L] when it stops showing */
	struct keyscan fallback;  /* UI thread only: SDL key bursts */
	int64_t fallback_skew;    /* UI only: our clock minus the caller's */
	char status_line[(INPUT_KIND_COUNT + 1) * INPUTS_STATUS_MAX]; /* UI */
};

int64_t inputs_now_ms(void)
{
	return clock_mono_ms();
}

/* The self-test code arrived: say what is wrong instead of queueing it. */
static void inputs_selftest(struct inputs *in, enum input_source src,
			    const char *text, size_t len, bool terminated)
{
	enum keyscan_fault f = keyscan_test_diagnose(text, len, terminated);

	pthread_mutex_lock(&in->lock);
	snprintf(in->selftest, sizeof(in->selftest), "%s self-test: %s",
		 input_source_name(src), keyscan_fault_text(f));
	in->selftest_until = inputs_now_ms() + INPUTS_SELFTEST_MS;
	pthread_mutex_unlock(&in->lock);
	if (in->wake)
		in->wake(in->wake_ctx);
}

void inputs_push(struct inputs *in, enum input_source src, const char *text,
		 size_t len, bool terminated)
{
	inputs_push_at(in, src, text, len, terminated, inputs_now_ms());
}

void inputs_push_at(struct inputs *in, enum input_source src,
		    const char *text, size_t len, bool terminated,
		    int64_t mono_ms)
{
	struct scan_event *ev;

	if (len >= INPUTS_TEXT_MAX)
		return;
	if (keyscan_is_test(text, len)) {
		inputs_selftest(in, src, text, len, terminated);
		return;
	}
	pthread_mutex_lock(&in->lock);
	if (in->count == INPUTS_QUEUE_MAX) {
		/* The UI is stuck; keep the oldest scans, they came first. */
		pthread_mutex_unlock(&in->lock);
		return;
	}
	ev = &in->queue[(in->head + in->count) % INPUTS_QUEUE_MAX];
	memcpy(ev->text, text, len);
	ev->text[len] = '\0';
	ev->source = src;
	ev->mono_ms = mono_ms;
	in->count++;
	pthread_mutex_unlock(&in->lock);
	if (in->wake)
		in->wake(in->wake_ctx);
}

void inputs_set_status(struct inputs *in, enum input_kind kind,
		       const char *msg)
{
	bool changed;

	pthread_mutex_lock(&in->lock);
	changed = strcmp(in->status[kind], msg) != 0;
	snprintf(in->status[kind], sizeof(in->status[kind]), "%s", msg);
	pthread_mutex_unlock(&in->lock);
	if (changed && in->wake)
		in->wake(in->wake_ctx);
}

void inputs_set_preview(struct inputs *in, const uint8_t *gray, int w, int h,
			int stride)
{
	if (w <= 0 || h <= 0 || (size_t)w * (size_t)h > INPUTS_PREVIEW_MAX)
		return;
	pthread_mutex_lock(&in->lock);
	for (int y = 0; y < h; y++)
		memcpy(in->preview + (size_t)y * (size_t)w,
		       gray + (size_t)y * (size_t)stride, (size_t)w);
	in->preview_w = w;
	in->preview_h = h;
	in->preview_new = true;
	pthread_mutex_unlock(&in->lock);
	if (in->wake)
		in->wake(in->wake_ctx);
}

bool inputs_wait(struct inputs *in, int ms)
{
	struct pollfd p = { .fd = in->stop_pipe[0], .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

int inputs_stop_fd(const struct inputs *in)
{
	return in->stop_pipe[0];
}

const char *inputs_device(const struct inputs *in, enum input_kind kind)
{
	return in->device[kind];
}

int inputs_serial_baud(const struct inputs *in)
{
	return in->serial_baud;
}

static void inputs_copy_config(struct inputs *in,
			       const struct inputs_config *cfg)
{
	const char *dev[INPUT_KIND_COUNT] = {
		[INPUT_CAMERA] = cfg->camera,
		[INPUT_SCANNER] = cfg->scanner,
		[INPUT_SERIAL] = cfg->serial,
		[INPUT_TOUCH] = cfg->touch,
	};

	for (int k = 0; k < INPUT_KIND_COUNT; k++)
		snprintf(in->device[k], sizeof(in->device[k]), "%s",
			 dev[k] ? dev[k] : "");
	in->serial_baud = cfg->serial_baud > 0 ? cfg->serial_baud : 9600;
}

static int inputs_start_workers(struct inputs *in, struct fair_err *err)
{
	void *(*body[INPUT_KIND_COUNT])(void *) = {
		[INPUT_CAMERA] = input_camera_main,
		[INPUT_SCANNER] = input_evdev_main,
		[INPUT_SERIAL] = input_serial_main,
		[INPUT_TOUCH] = input_touch_main,
	};

	for (int k = 0; k < INPUT_KIND_COUNT; k++) {
		if (in->device[k][0] == '\0')
			continue;
		if (pthread_create(&in->thread[k], NULL, body[k], in) != 0)
			return fair_fail(err, FAIR_ENOMEM,
					 "cannot start input thread: %s",
					 strerror(errno));
		in->running[k] = true;
	}
	return 0;
}

struct inputs *inputs_start(const struct inputs_config *cfg,
			    void (*wake)(void *ctx), void *wake_ctx,
			    struct fair_err *err)
{
	struct inputs *in = calloc(1, sizeof(*in));

	if (!in)
		goto out_nomem;
	in->preview = malloc(INPUTS_PREVIEW_MAX);
	if (!in->preview)
		goto out_free;
	if (pipe2(in->stop_pipe, O_CLOEXEC) != 0)
		goto out_free_preview;
	pthread_mutex_init(&in->lock, NULL);
	in->wake = wake;
	in->wake_ctx = wake_ctx;
	inputs_copy_config(in, cfg);
	keyscan_init(&in->fallback, KEYSCAN_BURST);
	if (inputs_start_workers(in, err) != 0) {
		inputs_stop(in);
		return NULL;
	}
	return in;

out_free_preview:
	free(in->preview);
out_free:
	free(in);
out_nomem:
	fair_fail(err, FAIR_ENOMEM, "cannot start inputs: out of memory");
	return NULL;
}

/* now is on the caller's clock (see inputs_feed_key()). */
static void inputs_tick_fallback(struct inputs *in, int64_t now)
{
	struct keyscan_line line;

	if (keyscan_tick(&in->fallback, now, &line) == KEYSCAN_LINE)
		inputs_push(in, SOURCE_SCANNER, line.text, line.len, false);
}

bool inputs_poll(struct inputs *in, struct scan_event *out)
{
	bool got = false;

	inputs_tick_fallback(in, inputs_now_ms() - in->fallback_skew);
	pthread_mutex_lock(&in->lock);
	if (in->count > 0) {
		*out = in->queue[in->head];
		in->head = (in->head + 1) % INPUTS_QUEUE_MAX;
		in->count--;
		got = true;
	}
	pthread_mutex_unlock(&in->lock);
	return got;
}

void inputs_push_touch(struct inputs *in, const struct abstouch_point *p)
{
	pthread_mutex_lock(&in->lock);
	if (in->touch_count == INPUTS_TOUCH_MAX) {
		in->touch_head = (in->touch_head + 1) % INPUTS_TOUCH_MAX;
		in->touch_count--;
	}
	in->touch[(in->touch_head + in->touch_count) % INPUTS_TOUCH_MAX] = *p;
	in->touch_count++;
	pthread_mutex_unlock(&in->lock);
	if (in->wake)
		in->wake(in->wake_ctx);
}

bool inputs_poll_touch(struct inputs *in, struct abstouch_point *out)
{
	bool got = false;

	pthread_mutex_lock(&in->lock);
	if (in->touch_count > 0) {
		*out = in->touch[in->touch_head];
		in->touch_head = (in->touch_head + 1) % INPUTS_TOUCH_MAX;
		in->touch_count--;
		got = true;
	}
	pthread_mutex_unlock(&in->lock);
	return got;
}

bool inputs_preview(struct inputs *in, uint8_t *buf, int max_bytes, int *w,
		    int *h)
{
	bool got = false;
	size_t n;

	pthread_mutex_lock(&in->lock);
	n = (size_t)in->preview_w * (size_t)in->preview_h;
	if (in->preview_new && max_bytes >= 0 && n <= (size_t)max_bytes) {
		memcpy(buf, in->preview, n);
		*w = in->preview_w;
		*h = in->preview_h;
		in->preview_new = false;
		got = true;
	}
	pthread_mutex_unlock(&in->lock);
	return got;
}

const char *inputs_status(struct inputs *in)
{
	size_t used = 0;

	in->status_line[0] = '\0';
	pthread_mutex_lock(&in->lock);
	for (int k = 0; k < INPUT_KIND_COUNT; k++) {
		int n;

		if (in->status[k][0] == '\0')
			continue;
		n = snprintf(in->status_line + used,
			     sizeof(in->status_line) - used, "%s%s",
			     used ? "; " : "", in->status[k]);
		if (n > 0 && (size_t)n < sizeof(in->status_line) - used)
			used += (size_t)n;
	}
	if (in->selftest[0] && inputs_now_ms() < in->selftest_until)
		snprintf(in->status_line + used, sizeof(in->status_line) - used,
			 "%s%s", used ? "; " : "", in->selftest);
	pthread_mutex_unlock(&in->lock);
	return in->status_line;
}

/* mono_ms may be on any millisecond clock that only moves forward (SDL's
 * event timestamps are): gaps between keys are measured on it, and
 * inputs_poll() maps our clock onto it to end a burst without Enter. */
void inputs_feed_key(struct inputs *in, int linux_keycode, bool shift,
		     int64_t mono_ms)
{
	struct keyscan_line line;

	in->fallback_skew = inputs_now_ms() - mono_ms;
	inputs_tick_fallback(in, mono_ms);
	if (keyscan_press(&in->fallback, linux_keycode, shift, mono_ms,
			  &line) == KEYSCAN_LINE)
		inputs_push(in, SOURCE_SCANNER, line.text, line.len,
			    line.end != KEYSCAN_END_IDLE);
}

void inputs_stop(struct inputs *in)
{
	if (!in)
		return;
	/* Closing the write end makes the read end readable for every
	 * worker's poll() at once. */
	close(in->stop_pipe[1]);
	for (int k = 0; k < INPUT_KIND_COUNT; k++)
		if (in->running[k])
			pthread_join(in->thread[k], NULL);
	close(in->stop_pipe[0]);
	pthread_mutex_destroy(&in->lock);
	free(in->preview);
	free(in);
}
