/* test_inputs.c: the kiosk's real inputs.c with its camera and serial
 * workers, through the interface in src/kiosk/inputs.h: recorded camera
 * frames (camera = file:DIR), a serial scanner on a pseudo-terminal, the
 * SDL key fallback, notices for missing devices, and a prompt stop.
 *
 * The evdev worker needs a real input device (no /dev/uinput here), so it
 * is replaced by a stand-in; its decoding is tested on recordings in
 * test_keyscan.c. */
#include <pty.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../src/kiosk/inputs.c"
#include "../src/kiosk/input_camera.c"
#include "../src/kiosk/input_serial.c"
#include "fair/qr.h"
#include "qrscene.h"

void *input_evdev_main(void *arg)
{
	inputs_set_status(arg, INPUT_SCANNER, "scanner stand-in");
	return NULL;
}

void *input_touch_main(void *arg)
{
	(void)arg;
	return NULL;
}

struct waker {
	pthread_mutex_t lock;
	int calls;
};

static void wake(void *ctx)
{
	struct waker *w = ctx;

	pthread_mutex_lock(&w->lock);
	w->calls++;
	pthread_mutex_unlock(&w->lock);
}

/* Polls like the UI: up to ms for n scans into ev. Returns how many. */
static int poll_scans(struct inputs *in, struct scan_event *ev, int n,
		      int ms)
{
	int64_t end = inputs_now_ms() + ms;
	int got = 0;

	while (got < n && inputs_now_ms() < end) {
		if (inputs_poll(in, &ev[got]))
			got++;
		else
			usleep(5000);
	}
	return got;
}

static bool wait_status(struct inputs *in, const char *sub, int ms)
{
	int64_t end = inputs_now_ms() + ms;

	while (inputs_now_ms() < end) {
		const char *s = inputs_status(in);

		if (sub[0] ? strstr(s, sub) != NULL : s[0] == '\0')
			return true;
		usleep(5000);
	}
	return false;
}

static void write_pgm(const char *path, const uint8_t *px, int w, int h)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fprintf(f, "P5\n%d %d\n255\n", w, h);
	assert_int_equal(fwrite(px, 1, (size_t)w * h, f), (size_t)w * h);
	assert_int_equal(fclose(f), 0);
}

/* 45 frames at 30 fps: badge A for 0.5 s, nothing for 0.5 s, badge A
 * again (still within the forget time: the same showing), then badge B. */
static void make_clip(const char *dir, const char *a, const char *b)
{
	struct qr_code ca, cb;
	struct scene_qr qa, qb;
	uint8_t *img = malloc(640 * 360);
	char p[256];
	FILE *f;

	assert_int_equal(qr_encode(a, &ca), 0);
	assert_int_equal(qr_encode(b, &cb), 0);
	qa = (struct scene_qr){ ca.width, ca.modules };
	qb = (struct scene_qr){ cb.width, cb.modules };
	for (int i = 0; i < 45; i++) {
		scene_background(img, 640, 360, 9);
		if (i < 15 || (i >= 30 && i < 35))
			scene_place(img, 640, 360, &qa, 320, 180, 4.0, 20);
		else if (i >= 35)
			scene_place(img, 640, 360, &qb, 320, 180, 4.0, 40);
		scene_noise(img, 640, 360, 8, (uint32_t)i + 3);
		snprintf(p, sizeof(p), "%s/%03d.pgm", dir, i);
		write_pgm(p, img, 640, 360);
	}
	snprintf(p, sizeof(p), "%s/fps", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("30\n", f);
	fclose(f);
	free(img);
	qr_free(&ca);
	qr_free(&cb);
}

static void test_camera_file_and_serial_together(void **state)
{
	char dir[] = "/tmp/fair-inputs-XXXXXX", cam[300], link[300];
	char slave[256], cmd[320];
	const char *a = "FKAAAAMZXW6YTBOI3DINRWG65DSMFZWK3TUMVZXI2LPN5XW4";
	const char *b = "FKBBBBMZXW6YTBOI3DINRWG65DSMFZWK3TUMVZXI2LPN5XW4";
	struct waker wk = { PTHREAD_MUTEX_INITIALIZER, 0 };
	struct fair_err err = { "" };
	struct scan_event ev[8];
	struct inputs_config cfg = { .scanner = "", .serial_baud = 38400 };
	struct inputs *in;
	uint8_t *preview = malloc(640 * 360);
	int m, s, w = 0, h = 0, got;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_clip(dir, a, b);
	assert_int_equal(openpty(&m, &s, slave, NULL, NULL), 0);
	close(s);
	snprintf(link, sizeof(link), "%s/ttyScanner", dir);
	assert_int_equal(symlink(slave, link), 0);
	snprintf(cam, sizeof(cam), "file:%s", dir);
	cfg.camera = cam;
	cfg.serial = link;

	in = inputs_start(&cfg, wake, &wk, &err);
	assert_non_null(in);
	got = poll_scans(in, ev, 2, 5000);
	assert_int_equal(got, 2);
	assert_int_equal(ev[0].source, SOURCE_CAMERA);
	assert_string_equal(ev[0].text, a);
	assert_string_equal(ev[1].text, b);
	assert_true(ev[1].mono_ms >= ev[0].mono_ms + 900);
	/* The serial port is open by now (bytes from before are flushed). */
	assert_true(write(m, "FKSERIAL1\r\n", 11) == 11);
	assert_int_equal(poll_scans(in, ev, 1, 2000), 1);
	assert_int_equal(ev[0].source, SOURCE_SERIAL);
	assert_string_equal(ev[0].text, "FKSERIAL1");
	/* Held or briefly hidden, badge A counted once: nothing more. */
	assert_int_equal(poll_scans(in, ev, 1, 300), 0);
	assert_true(inputs_preview(in, preview, 640 * 360, &w, &h));
	assert_int_equal(w, 640);
	assert_int_equal(h, 360);
	assert_false(inputs_preview(in, preview, 640 * 360, &w, &h));
	assert_true(wk.calls >= 3);
	assert_true(wait_status(in, "", 2000));

	inputs_stop(in);
	close(m);
	free(preview);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_missing_devices_are_notices(void **state)
{
	struct inputs_config cfg = {
		.camera = "file:/nonexistent/frames",
		.scanner = "/dev/input/by-id/usb-none-event-kbd",
		.serial = "/nonexistent/ttyUSB0",
		.serial_baud = 9600,
	};
	struct fair_err err = { "" };
	struct inputs *in = inputs_start(&cfg, NULL, NULL, &err);
	struct scan_event ev;
	int64_t t0;

	(void)state;
	assert_non_null(in);
	assert_true(wait_status(in, "camera file: no frames at "
				"'/nonexistent/frames'", 2000));
	assert_true(wait_status(in, "serial scanner: no serial device "
				"'/nonexistent/ttyUSB0', retrying", 2000));
	assert_true(wait_status(in, "scanner stand-in", 2000));
	assert_false(inputs_poll(in, &ev));
	/* Stopping does not wait out a retry sleep. */
	t0 = inputs_now_ms();
	inputs_stop(in);
	assert_true(inputs_now_ms() - t0 < 500);
}

/* SDL's event timestamps count from SDL's start, not the monotonic clock:
 * a burst stamped that way still decodes, and still ends by the gap. */
static void test_fallback_on_sdl_clock(void **state)
{
	struct inputs_config cfg = { "", "", "", 0, "" };
	struct fair_err err = { "" };
	struct inputs *in = inputs_start(&cfg, NULL, NULL, &err);
	struct scan_event ev;
	int64_t sdl = 5000;

	(void)state;
	for (int i = 0; i < 12; i++, sdl += 4) {
		inputs_feed_key(in, KEY_B, true, sdl);
		assert_false(inputs_poll(in, &ev));  /* mid-burst: nothing */
	}
	usleep((KEYSCAN_IDLE_MS + 80) * 1000);
	assert_true(inputs_poll(in, &ev));
	assert_string_equal(ev.text, "BBBBBBBBBBBB");
	inputs_stop(in);
}

/* Types text as a scanner would through the SDL fallback, 3 ms a key. */
static int64_t type_burst(struct inputs *in, const char *text, int64_t t)
{
	for (size_t i = 0; text[i]; i++, t += 3) {
		int code = 0;
		bool shift = false;

		for (int k = 1; k <= KEY_KPDOT && !code; k++) {
			if (keyscan_us_char(k, false) == text[i])
				code = k;
			else if (keyscan_us_char(k, true) == text[i])
				code = k, shift = true;
		}
		assert_true(code != 0);
		inputs_feed_key(in, code, shift, t);
	}
	return t;
}

static void test_self_test_notice(void **state)
{
	struct inputs_config cfg = { "", "", "", 0, "" };
	struct fair_err err = { "" };
	struct inputs *in = inputs_start(&cfg, NULL, NULL, &err);
	struct scan_event ev;
	int64_t t = inputs_now_ms();

	(void)state;
	assert_non_null(in);
	t = type_burst(in, keyscan_test_text(), t);
	inputs_feed_key(in, KEY_ENTER, false, t);
	assert_false(inputs_poll(in, &ev));  /* not a badge: not queued */
	assert_non_null(strstr(inputs_status(in),
			       "scanner self-test: Scanner OK"));
	/* The same without Enter: the gap ends it, and staff are told. */
	usleep(200 * 1000);
	t = type_burst(in, keyscan_test_text(), inputs_now_ms());
	usleep((KEYSCAN_IDLE_MS + 200) * 1000);
	assert_false(inputs_poll(in, &ev));
	assert_non_null(strstr(inputs_status(in), "no Enter or Tab"));
	inputs_stop(in);
}

/* Frames made by scripts/make-badge-frames.py (what demos and the kiosk's
 * end-to-end tests use) play through the camera worker: one scan. */
static void test_script_made_frames(void **state)
{
	char dir[] = "/tmp/fair-inputs-script-XXXXXX", cmd[512], cam[64];
	const char *tok = "FKSCRIPTMZXW6YTBOI3DINRWG65DSMFZWK3TUMVZXI2LPN5X";
	struct inputs_config cfg = { cam, "", "", 0, "" };
	struct fair_err err = { "" };
	struct scan_event ev;
	struct inputs *in;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "scripts/make-badge-frames.py --angle 30 "
		 "'%s' '%s'", tok, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cam, sizeof(cam), "file:%s", dir);
	in = inputs_start(&cfg, NULL, NULL, &err);
	assert_non_null(in);
	assert_int_equal(poll_scans(in, &ev, 1, 5000), 1);
	assert_string_equal(ev.text, tok);
	assert_int_equal(ev.source, SOURCE_CAMERA);
	assert_int_equal(poll_scans(in, &ev, 1, 1500), 0);
	inputs_stop(in);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A corrupt frame stops playback with a notice naming it, after the
 * frames before it were read; it does not replay (that would count the
 * badge twice). */
static void test_corrupt_frame_stops(void **state)
{
	char dir[] = "/tmp/fair-inputs-bad-XXXXXX", cmd[512], cam[64];
	const char *tok = "FKBADFRAMEZXW6YTBOI3DINRWG65DSMFZWK3TUMVZXI2LPN5X";
	struct inputs_config cfg = { cam, "", "", 0, "" };
	struct fair_err err = { "" };
	struct scan_event ev;
	struct inputs *in;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "scripts/make-badge-frames.py --before 0 "
		 "--show 3 --after 0 '%s' '%s'", tok, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/0003.pgm", dir);
	f = fopen(cmd, "w");
	assert_non_null(f);
	fputs("P5\n640 360\n255\nshort", f);
	fclose(f);
	snprintf(cam, sizeof(cam), "file:%s", dir);
	in = inputs_start(&cfg, NULL, NULL, &err);
	assert_non_null(in);
	assert_int_equal(poll_scans(in, &ev, 1, 3000), 1);
	assert_string_equal(ev.text, tok);
	assert_true(wait_status(in, "camera file stopped: bad frame", 3000));
	assert_non_null(strstr(inputs_status(in), "0003.pgm"));
	assert_int_equal(poll_scans(in, &ev, 1, 1500), 0);
	inputs_stop(in);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* No camera on this machine: V4L2 through ZBar fails to open, staff are
 * told which camera, and the kiosk keeps trying. */
static void test_missing_camera_device(void **state)
{
	const char *devs[] = { "/dev/video7", "auto" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct inputs_config cfg = { devs[i], "", "", 0, "" };
		struct fair_err err = { "" };
		struct inputs *in = inputs_start(&cfg, NULL, NULL, &err);
		char want[64];

		assert_non_null(in);
		snprintf(want, sizeof(want), "camera '%s' not found, retrying",
			 devs[i]);
		assert_true(wait_status(in, want, 3000));
		inputs_stop(in);
	}
}

static void test_sdl_fallback_keys(void **state)
{
	struct inputs_config cfg = { "", "", "", 0, "" };
	struct fair_err err = { "" };
	struct inputs *in = inputs_start(&cfg, NULL, NULL, &err);
	const char *tok = "FK2QXYZ7ABC";
	struct scan_event ev;
	int64_t t = inputs_now_ms();

	(void)state;
	assert_non_null(in);
	assert_string_equal(inputs_status(in), "");
	/* A person types "hi" and Enter: not a scan. */
	inputs_feed_key(in, KEY_H, false, t);
	inputs_feed_key(in, KEY_I, false, t + 150);
	inputs_feed_key(in, KEY_ENTER, false, t + 300);
	assert_false(inputs_poll(in, &ev));
	/* A scanner's burst, 3 ms a key, then Enter: one scan. */
	t += 1000;
	for (size_t i = 0; tok[i]; i++, t += 3) {
		char c = tok[i];
		int code = 0;

		for (int k = 0; k <= KEY_KPDOT && !code; k++)
			if (keyscan_us_char(k, true) == c ||
			    (c >= '0' && c <= '9' &&
			     keyscan_us_char(k, false) == c))
				code = k;
		inputs_feed_key(in, code, c >= 'A' && c <= 'Z', t);
	}
	inputs_feed_key(in, KEY_ENTER, false, t);
	assert_true(inputs_poll(in, &ev));
	assert_string_equal(ev.text, tok);
	assert_int_equal(ev.source, SOURCE_SCANNER);
	/* A burst without terminator is ended by polling after the gap. */
	t = inputs_now_ms();
	for (size_t i = 0; tok[i]; i++)
		inputs_feed_key(in, KEY_A, true, t + (int64_t)i);
	assert_false(inputs_poll(in, &ev));
	usleep((KEYSCAN_IDLE_MS + 50) * 1000);
	assert_true(inputs_poll(in, &ev));
	assert_string_equal(ev.text, "AAAAAAAAAAA");
	inputs_stop(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_camera_file_and_serial_together),
		cmocka_unit_test(test_missing_devices_are_notices),
		cmocka_unit_test(test_script_made_frames),
		cmocka_unit_test(test_corrupt_frame_stops),
		cmocka_unit_test(test_missing_camera_device),
		cmocka_unit_test(test_sdl_fallback_keys),
		cmocka_unit_test(test_self_test_notice),
		cmocka_unit_test(test_fallback_on_sdl_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
