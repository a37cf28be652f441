/* input_camera.c: the camera worker. Frames come from V4L2 through ZBar's
 * video API (which negotiates a format, maps buffers and drops frames while
 * we decode, so we always see a recent one) or, for `file:PATH`, from
 * recorded frames at their own rate. Every frame becomes the preview
 * first, then goes through qrscan (a fast pass and one extra pass in turn,
 * ZXing-C++) on this thread, so decoding never holds up the screen; a
 * badge held in view is queued once (qrscan_dedupe), however many frames
 * and passes read it. A missing or unplugged camera is retried every
 * second, and one that stops sending frames is reopened. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <zbar.h>

#include "fair/framesrc.h"
#include "fair/qrscan.h"
#include "input_priv.h"

#define CAMERA_FILE_PREFIX "file:"
#define CAMERA_AUTO_MAX 10       /* "auto" tries /dev/video0..9 */
#define CAMERA_WANT_W 1280       /* asked of the camera; it may differ */
#define CAMERA_WANT_H 720
#define CAMERA_NOTE_MAX (PATH_MAX + 1024)
/* A camera that sends nothing this long is reopened: UVC cameras can stall
 * on a starved USB bus without reporting an error, and a frozen preview
 * would otherwise look like a working camera. */
#define CAMERA_STALL_MS 3000

enum camera_end { CAMERA_STOPPING, CAMERA_FAILED, CAMERA_STALLED };

struct camera {
	struct inputs *in;
	struct qrscan *qr;
	struct qrscan_dedupe seen;
};

/* One frame that arrived at now_ms: preview, decode, queue a new badge. */
static void camera_frame(struct camera *cam, const uint8_t *gray, int w,
			 int h, int stride, int64_t now_ms)
{
	char text[QRSCAN_TEXT_MAX + 1];
	size_t len;

	inputs_set_preview(cam->in, gray, w, h, stride);
	if (qrscan_frame(cam->qr, gray, w, h, stride, text, sizeof(text),
			 &len) <= 0 || len == 0)
		return;
	if (qrscan_dedupe_seen(&cam->seen, text, len, now_ms))
		inputs_push_at(cam->in, SOURCE_CAMERA, text, len, true,
			       now_ms);
}

static void camera_note(struct inputs *in, const char *what,
			const char *detail)
{
	char note[CAMERA_NOTE_MAX];

	snprintf(note, sizeof(note), "camera %s%s%s, retrying", what,
		 detail[0] ? ": " : "", detail);
	inputs_set_status(in, INPUT_CAMERA, note);
}

/* Plays recorded frames once at their rate. A bad frame ends playback
 * with a notice: replaying from the start would count badges twice. */
static void camera_play(struct camera *cam, struct framesrc *fs)
{
	char note[CAMERA_NOTE_MAX];
	struct framesrc_frame fr;
	struct fair_err err = { "" };
	int64_t start = inputs_now_ms(), now;
	int rc;

	while ((rc = framesrc_next(fs, &fr, &err)) == 1) {
		now = inputs_now_ms();
		if (start + fr.due_ms > now &&
		    inputs_wait(cam->in, (int)(start + fr.due_ms - now)))
			return;
		camera_frame(cam, fr.gray, fr.w, fr.h, fr.w, start + fr.due_ms);
	}
	if (rc < 0) {
		snprintf(note, sizeof(note), "camera file stopped: %s",
			 err.msg);
		inputs_set_status(cam->in, INPUT_CAMERA, note);
	}
}

/* `file:PATH`: played once; opening is retried while PATH is missing (a
 * USB stick not yet mounted). */
static void camera_run_file(struct camera *cam, const char *path)
{
	struct fair_err err = { "" };
	struct framesrc *fs;

	do {
		fs = framesrc_open(path, &err);
		if (!fs) {
			camera_note(cam->in, "file", err.msg);
			continue;
		}
		inputs_set_status(cam->in, INPUT_CAMERA, "");
		camera_play(cam, fs);
		framesrc_close(fs);
		return;
	} while (!inputs_wait(cam->in, INPUT_RETRY_MS));
}

/* Whether fourcc's first w*h bytes are the luma plane, as for gray and
 * planar YUV: those need no conversion. */
static bool camera_luma_first(unsigned long fourcc)
{
	const unsigned long ok[] = {
		zbar_fourcc('Y', '8', '0', '0'),
		zbar_fourcc('G', 'R', 'E', 'Y'),
		zbar_fourcc('Y', '8', ' ', ' '),
		zbar_fourcc('I', '4', '2', '0'),
		zbar_fourcc('Y', 'U', '1', '2'),
		zbar_fourcc('Y', 'V', '1', '2'),
		zbar_fourcc('N', 'V', '1', '2'),
		zbar_fourcc('N', 'V', '2', '1'),
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i] == fourcc)
			return true;
	return false;
}

/* Decodes one camera image, converting packed formats (YUYV, MJPEG) to
 * gray first. Returns -1 if the image is unusable. */
static int camera_image(struct camera *cam, zbar_image_t *img)
{
	zbar_image_t *gray = img;
	int w = (int)zbar_image_get_width(img);
	int h = (int)zbar_image_get_height(img);

	if (!camera_luma_first(zbar_image_get_format(img))) {
		gray = zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0'));
		if (!gray)
			return -1;
	}
	camera_frame(cam, zbar_image_get_data(gray), w, h, w, inputs_now_ms());
	if (gray != img)
		zbar_image_destroy(gray);
	return 0;
}

/* Waits for the next frame while watching for stop. 1: a frame is ready
 * (or the fd cannot be polled), 0: timeout, -1: stopping. */
static int camera_wait(struct camera *cam, zbar_video_t *vid)
{
	struct pollfd p[2] = {
		{ .fd = zbar_video_get_fd(vid), .events = POLLIN },
		{ .fd = inputs_stop_fd(cam->in), .events = POLLIN },
	};
	int n;

	if (p[0].fd < 0)
		return inputs_wait(cam->in, 0) ? -1 : 1;
	n = poll(p, 2, INPUT_RETRY_MS);
	if (n < 0 && errno != EINTR)
		return -1;
	if (p[1].revents)
		return -1;
	return n > 0 ? 1 : 0;
}

/* Reads frames until the camera fails, stalls or the kiosk stops. */
static enum camera_end camera_stream(struct camera *cam, zbar_video_t *vid)
{
	enum camera_end end = CAMERA_FAILED;
	int64_t last = inputs_now_ms();
	zbar_image_t *img;
	int w;

	if (zbar_video_enable(vid, 1) != 0)
		return CAMERA_FAILED;
	for (;;) {
		w = camera_wait(cam, vid);
		if (w < 0) {
			end = CAMERA_STOPPING;
			break;
		}
		if (w == 0) {
			if (inputs_now_ms() - last < CAMERA_STALL_MS)
				continue;
			end = CAMERA_STALLED;
			break;
		}
		img = zbar_video_next_image(vid);
		if (!img)
			break;
		last = inputs_now_ms();
		camera_image(cam, img);
		zbar_image_destroy(img);
	}
	zbar_video_enable(vid, 0);
	return end;
}

/* Opens dev (a path, or "auto" for the first that works). */
static zbar_video_t *camera_open(const char *dev)
{
	char path[32];
	zbar_video_t *vid;

	for (int i = 0; i < CAMERA_AUTO_MAX; i++) {
		vid = zbar_video_create();
		if (!vid)
			return NULL;
		zbar_video_request_size(vid, CAMERA_WANT_W, CAMERA_WANT_H);
		snprintf(path, sizeof(path), "/dev/video%d", i);
		if (zbar_video_open(vid, strcmp(dev, "auto") ? dev : path) == 0)
			return vid;
		zbar_video_destroy(vid);
		if (strcmp(dev, "auto") != 0)
			break;
	}
	return NULL;
}

static void camera_run_device(struct camera *cam, const char *dev)
{
	char what[PATH_MAX + 32];
	zbar_video_t *vid;
	enum camera_end end;

	snprintf(what, sizeof(what), "'%s' not found", dev);
	do {
		vid = camera_open(dev);
		if (!vid) {
			camera_note(cam->in, what, "");
			continue;
		}
		inputs_set_status(cam->in, INPUT_CAMERA, "");
		end = camera_stream(cam, vid);
		zbar_video_destroy(vid);
		if (end == CAMERA_STOPPING)
			return;
		camera_note(cam->in, end == CAMERA_STALLED ?
			    "stopped sending frames" : "unplugged or failed",
			    "");
	} while (!inputs_wait(cam->in, INPUT_RETRY_MS));
}

void *input_camera_main(void *arg)
{
	struct camera cam = { .in = arg };
	const char *dev = inputs_device(cam.in, INPUT_CAMERA);
	size_t n = strlen(CAMERA_FILE_PREFIX);

	cam.qr = qrscan_new(0);
	if (!cam.qr) {
		inputs_set_status(cam.in, INPUT_CAMERA,
				  "camera: out of memory");
		return NULL;
	}
	qrscan_dedupe_init(&cam.seen, QRSCAN_FORGET_MS);
	if (strncmp(dev, CAMERA_FILE_PREFIX, n) == 0)
		camera_run_file(&cam, dev + n);
	else
		camera_run_device(&cam, dev);
	qrscan_free(cam.qr);
	return NULL;
}
