/* input_touch.c: touchscreens read by the kiosk itself on a bare console.
 *
 * Under a compositor or X the display server maps a touchscreen to the
 * screen. On a bare console (SDL's KMSDRM driver) SDL 2.26 reads evdev
 * itself and passes an absolute pointer's values through in the device's
 * own units (measured under QEMU: usb-tablet taps in 0..32767 all landed on
 * the screen's edge). So there every absolute pointing device in
 * /dev/input is grabbed here (SDL then hears none of its events) and its
 * events are scaled by its own axis ranges (abstouch.c) into touches for
 * the UI. /dev/input is looked at again every second, so a panel plugged
 * in later is found, with or without udev.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libevdev/libevdev.h>

#include "fair/abstouch.h"
#include "input_priv.h"

#define TOUCH_DIR "/dev/input"
#define TOUCH_DEVICES_MAX 4 /* a panel, a spare; more are left alone */

struct touch_dev {
	int fd;
	struct libevdev *dev;
	dev_t rdev;          /* which device node, to open each once */
	struct abstouch dec; /* its events so far */
};

static struct abstouch_axis touch_axis(struct libevdev *d, unsigned code)
{
	const struct input_absinfo *a = libevdev_get_abs_info(d, code);

	if (!a)
		return (struct abstouch_axis){ 0, 0 };
	return (struct abstouch_axis){ a->minimum, a->maximum };
}

/* Absolute x and y, and something that says "in contact": a joystick has
 * ABS_X too, but neither BTN_TOUCH nor BTN_LEFT nor multitouch slots. */
static bool touch_is_pointer(struct libevdev *d, bool *mt)
{
	bool st = libevdev_has_event_code(d, EV_ABS, ABS_X) &&
		  libevdev_has_event_code(d, EV_ABS, ABS_Y);

	*mt = libevdev_has_event_code(d, EV_ABS, ABS_MT_POSITION_X) &&
	      libevdev_has_event_code(d, EV_ABS, ABS_MT_POSITION_Y) &&
	      libevdev_has_event_code(d, EV_ABS, ABS_MT_TRACKING_ID);
	if (*mt)
		return true;
	return st && (libevdev_has_event_code(d, EV_KEY, BTN_TOUCH) ||
		      libevdev_has_event_code(d, EV_KEY, BTN_LEFT));
}

/* Opens path if it is an absolute pointer nobody holds. 0 or -1. */
static int touch_open(struct touch_dev *t, const char *path, dev_t rdev)
{
	struct abstouch_axis xy[2], mt_xy[2];
	bool mt;

	t->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0)
		return -1;
	if (libevdev_new_from_fd(t->fd, &t->dev) < 0)
		goto out_close;
	if (!touch_is_pointer(t->dev, &mt) ||
	    libevdev_grab(t->dev, LIBEVDEV_GRAB) != 0)
		goto out_free;
	xy[0] = touch_axis(t->dev, ABS_X);
	xy[1] = touch_axis(t->dev, ABS_Y);
	mt_xy[0] = touch_axis(t->dev, ABS_MT_POSITION_X);
	mt_xy[1] = touch_axis(t->dev, ABS_MT_POSITION_Y);
	abstouch_init(&t->dec, xy, mt, mt_xy);
	t->rdev = rdev;
	fprintf(stderr, "fairkiosk: touch: %s '%s', x %d..%d, y %d..%d\n",
		path, libevdev_get_name(t->dev), t->dec.ax[0].min,
		t->dec.ax[0].max, t->dec.ax[1].min, t->dec.ax[1].max);
	return 0;

out_free:
	libevdev_free(t->dev);
out_close:
	close(t->fd);
	return -1;
}

static void touch_close(struct touch_dev *t)
{
	libevdev_grab(t->dev, LIBEVDEV_UNGRAB);
	libevdev_free(t->dev);
	close(t->fd);
}

static bool touch_known(const struct touch_dev *devs, int n, dev_t rdev)
{
	for (int i = 0; i < n; i++)
		if (devs[i].rdev == rdev)
			return true;
	return false;
}

/* Opens the absolute pointers not yet open. */
static void touch_look(struct touch_dev *devs, int *n)
{
	DIR *d = opendir(TOUCH_DIR);
	struct dirent *e;
	char path[PATH_MAX];
	struct stat st;

	if (!d)
		return;
	while (*n < TOUCH_DEVICES_MAX && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", TOUCH_DIR, e->d_name);
		if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode) ||
		    touch_known(devs, *n, st.st_rdev))
			continue;
		if (touch_open(&devs[*n], path, st.st_rdev) == 0)
			(*n)++;
	}
	closedir(d);
}

/* Reads every queued event into touches. Returns 0, or -ENODEV once
 * unplugged. Lost events lift the finger (abstouch_feed's SYN_DROPPED);
 * the sync replay that follows is skipped: it restates, never presses. */
static int touch_drain(struct inputs *in, struct touch_dev *t)
{
	struct input_event ev;
	struct abstouch_point p;
	unsigned flag = LIBEVDEV_READ_FLAG_NORMAL;
	int rc;

	for (;;) {
		rc = libevdev_next_event(t->dev, flag, &ev);
		if (rc == -EAGAIN && flag == LIBEVDEV_READ_FLAG_SYNC) {
			flag = LIBEVDEV_READ_FLAG_NORMAL;
			continue;
		}
		if (rc == -EAGAIN)
			return 0;
		if (rc < 0)
			return -ENODEV;
		if (rc == LIBEVDEV_READ_STATUS_SYNC) {
			if (flag == LIBEVDEV_READ_FLAG_NORMAL &&
			    abstouch_feed(&t->dec, &ev, &p) != ABSTOUCH_NONE)
				inputs_push_touch(in, &p);
			flag = LIBEVDEV_READ_FLAG_SYNC;
			continue;
		}
		if (abstouch_feed(&t->dec, &ev, &p) != ABSTOUCH_NONE)
			inputs_push_touch(in, &p);
	}
}

/* Waits up to a second for events; closes devices that went away.
 * Returns true when the kiosk stops. */
static bool touch_wait(struct inputs *in, struct touch_dev *devs, int *n)
{
	struct pollfd p[TOUCH_DEVICES_MAX + 1];
	int i;

	for (i = 0; i < *n; i++)
		p[i] = (struct pollfd){ .fd = devs[i].fd, .events = POLLIN };
	p[*n] = (struct pollfd){ .fd = inputs_stop_fd(in), .events = POLLIN };
	if (poll(p, (nfds_t)*n + 1, INPUT_RETRY_MS) < 0 && errno != EINTR)
		return true;
	if (p[*n].revents)
		return true;
	for (i = *n - 1; i >= 0; i--) {
		bool gone = p[i].revents & (POLLERR | POLLHUP | POLLNVAL);

		if (!gone && (p[i].revents & POLLIN))
			gone = touch_drain(in, &devs[i]) < 0;
		if (gone) {
			touch_close(&devs[i]);
			devs[i] = devs[--*n];
		}
	}
	return false;
}

void *input_touch_main(void *arg)
{
	struct inputs *in = arg;
	struct touch_dev devs[TOUCH_DEVICES_MAX];
	int64_t look_at = 0;
	int n = 0;

	do {
		/* not at every touch: opening each device costs */
		if (inputs_now_ms() >= look_at) {
			touch_look(devs, &n);
			look_at = inputs_now_ms() + INPUT_RETRY_MS;
		}
	} while (!touch_wait(in, devs, &n));
	while (n > 0)
		touch_close(&devs[--n]);
	return NULL;
}
