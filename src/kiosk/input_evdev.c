/* input_evdev.c: a handheld scanner read as its own evdev device.
 *
 * The device is grabbed exclusively, so its key presses never reach X, SDL,
 * a text field or an IME; key codes are decoded by keyscan.c through the
 * fixed US table. The scanner is named by path (best: /dev/input/by-id/...,
 * stable across replugging) or by "name:SUBSTRING" of its device name. A
 * missing or unplugged scanner is looked for again every second.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libevdev/libevdev.h>

#include "fair/keyscan.h"
#include "input_priv.h"

#define EVDEV_DIR "/dev/input"
#define EVDEV_NAME_PREFIX "name:"
#define EVDEV_NOTE_MAX (PATH_MAX + 128)

/* Opens path as an evdev device with a key table. Returns 0, or a negative
 * errno (-ENOTTY: not an input device). */
static int evdev_open(const char *path, int *fd_out, struct libevdev **dev)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = libevdev_new_from_fd(fd, dev);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	*fd_out = fd;
	return 0;
}

static void evdev_close(int fd, struct libevdev *dev)
{
	libevdev_free(dev);
	close(fd);
}

/* Finds the first keyboard-like device whose name contains sub (case
 * ignored) and opens it. Returns 0 or -ENOENT. */
static int evdev_open_by_name(const char *sub, int *fd, struct libevdev **dev)
{
	DIR *d = opendir(EVDEV_DIR);
	struct dirent *e;
	char path[PATH_MAX];
	int rc = -ENOENT;

	if (!d)
		return -ENOENT;
	while (rc != 0 && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", EVDEV_DIR, e->d_name);
		if (evdev_open(path, fd, dev) != 0)
			continue;
		if (libevdev_has_event_code(*dev, EV_KEY, KEY_ENTER) &&
		    strcasestr(libevdev_get_name(*dev), sub)) {
			rc = 0;
			break;
		}
		evdev_close(*fd, *dev);
	}
	closedir(d);
	return rc;
}

static int evdev_open_configured(const char *want, int *fd,
				 struct libevdev **dev)
{
	size_t n = strlen(EVDEV_NAME_PREFIX);

	if (strncmp(want, EVDEV_NAME_PREFIX, n) == 0)
		return evdev_open_by_name(want + n, fd, dev);
	return evdev_open(want, fd, dev);
}

static void evdev_note_open_error(struct inputs *in, const char *want,
				  int rc)
{
	char note[EVDEV_NOTE_MAX];

	if (rc == -EACCES || rc == -EPERM)
		snprintf(note, sizeof(note), "scanner '%s': permission denied "
			 "(add the kiosk user to group input), retrying", want);
	else if (rc == -ENOTTY || rc == -EINVAL)
		snprintf(note, sizeof(note), "scanner '%s' is not an input "
			 "device, retrying", want);
	else
		snprintf(note, sizeof(note), "scanner '%s' not found, "
			 "retrying", want);
	inputs_set_status(in, INPUT_SCANNER, note);
}

/* Ends a scan left without terminator once its idle gap has passed. */
static void evdev_tick(struct inputs *in, struct keyscan *ks)
{
	struct keyscan_line line;

	if (keyscan_tick(ks, inputs_now_ms(), &line) == KEYSCAN_LINE)
		inputs_push(in, SOURCE_SCANNER, line.text, line.len, false);
}

/* Reads every queued event. Returns 0, or -ENODEV once unplugged. */
static int evdev_drain(struct inputs *in, struct libevdev *dev,
		       struct keyscan *ks)
{
	struct input_event ev;
	struct keyscan_line line;
	unsigned flag = LIBEVDEV_READ_FLAG_NORMAL;
	int rc;

	for (;;) {
		rc = libevdev_next_event(dev, flag, &ev);
		if (rc == -EAGAIN && flag == LIBEVDEV_READ_FLAG_SYNC) {
			flag = LIBEVDEV_READ_FLAG_NORMAL;
			continue;
		}
		if (rc == -EAGAIN)
			return 0;
		if (rc < 0)
			return -ENODEV;
		if (rc == LIBEVDEV_READ_STATUS_SYNC) {
			/* Events were lost: keyscan drops the holed scan;
			 * the sync replay carries key state, not presses. */
			flag = LIBEVDEV_READ_FLAG_SYNC;
			if (ev.type == EV_SYN && ev.code == SYN_DROPPED)
				keyscan_feed_event(ks, &ev, &line);
			continue;
		}
		if (flag == LIBEVDEV_READ_FLAG_NORMAL &&
		    keyscan_feed_event(ks, &ev, &line) == KEYSCAN_LINE)
			inputs_push(in, SOURCE_SCANNER, line.text, line.len,
				    line.end != KEYSCAN_END_IDLE);
	}
}

static int evdev_poll_ms(const struct keyscan *ks)
{
	int64_t due = keyscan_deadline(ks), now;

	if (due < 0)
		return INPUT_RETRY_MS;
	now = inputs_now_ms();
	return due <= now ? 0 : (int)(due - now);
}

/* Reads the grabbed device until it vanishes or the kiosk stops. */
static void evdev_session(struct inputs *in, int fd, struct libevdev *dev)
{
	struct pollfd p[2] = {
		{ .fd = fd, .events = POLLIN },
		{ .fd = inputs_stop_fd(in), .events = POLLIN },
	};
	struct keyscan ks;

	keyscan_init(&ks, KEYSCAN_DEVICE);
	for (;;) {
		if (poll(p, 2, evdev_poll_ms(&ks)) < 0 && errno != EINTR)
			return;
		if (p[1].revents)
			return;
		if (p[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			return;
		if ((p[0].revents & POLLIN) && evdev_drain(in, dev, &ks) < 0)
			return;
		evdev_tick(in, &ks);
	}
}

/* Takes the device for ourselves. Returns false (with a notice) if another
 * program holds it. */
static bool evdev_grab(struct inputs *in, const char *want,
		       struct libevdev *dev)
{
	char note[EVDEV_NOTE_MAX];

	if (libevdev_grab(dev, LIBEVDEV_GRAB) == 0)
		return true;
	snprintf(note, sizeof(note), "scanner '%s' is in use by another "
		 "program, retrying", want);
	inputs_set_status(in, INPUT_SCANNER, note);
	return false;
}

void *input_evdev_main(void *arg)
{
	struct inputs *in = arg;
	const char *want = inputs_device(in, INPUT_SCANNER);
	struct libevdev *dev;
	int fd, rc;

	do {
		rc = evdev_open_configured(want, &fd, &dev);
		if (rc != 0) {
			evdev_note_open_error(in, want, rc);
			continue;
		}
		if (evdev_grab(in, want, dev)) {
			/* Key times on the monotonic clock, as our ticks. */
			libevdev_set_clock_id(dev, CLOCK_MONOTONIC);
			inputs_set_status(in, INPUT_SCANNER, "");
			/* for the journal: which device is the scanner */
			fprintf(stderr, "fairkiosk: scanner: '%s' grabbed\n",
				libevdev_get_name(dev));
			evdev_session(in, fd, dev);
			libevdev_grab(dev, LIBEVDEV_UNGRAB);
			if (!inputs_wait(in, 0))
				inputs_set_status(in, INPUT_SCANNER, "scanner "
						  "unplugged, retrying");
		}
		evdev_close(fd, dev);
	} while (!inputs_wait(in, INPUT_RETRY_MS));
	return NULL;
}
