#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fair/serialscan.h"

struct baud_map {
	int baud;
	speed_t speed;
};

static const struct baud_map bauds[] = {
	{ 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 },
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
	{ 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 },
	{ 460800, B460800 }, { 921600, B921600 },
};

static bool serialscan_speed(int baud, speed_t *out)
{
	for (size_t i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++) {
		if (bauds[i].baud == baud) {
			*out = bauds[i].speed;
			return true;
		}
	}
	return false;
}

bool serialscan_baud_ok(int baud)
{
	speed_t s;

	return serialscan_speed(baud, &s);
}

static int serialscan_setup(int fd, speed_t speed)
{
	struct termios t;

	if (tcgetattr(fd, &t) != 0)
		return -1;
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (cfsetispeed(&t, speed) != 0 || cfsetospeed(&t, speed) != 0)
		return -1;
	/* Bytes already waiting are kept: a badge scanned while the kiosk
	 * was starting still counts, and a partial line is refused later as
	 * not a badge. */
	return tcsetattr(fd, TCSANOW, &t) != 0 ? -1 : 0;
}

int serialscan_open(const char *path, int baud, struct fair_err *err)
{
	speed_t speed;
	int fd;

	if (!serialscan_speed(baud, &speed))
		return fair_fail(err, FAIR_EINVAL, "unsupported serial speed "
				 "%d (use 9600, 19200, 38400, 57600 or "
				 "115200)", baud);
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return fair_fail(err, FAIR_ENOENT, "no serial device '%s'",
				 path);
	if (fd < 0)
		return fair_fail(err, FAIR_EIO, "cannot open serial device "
				 "'%s': %s", path, strerror(errno));
	if (serialscan_setup(fd, speed) != 0) {
		int e = errno;

		close(fd);
		return fair_fail(err, FAIR_EIO, "cannot set up serial device "
				 "'%s': %s", path, strerror(e));
	}
	return fd;
}

void serialscan_init(struct serialscan *ss)
{
	memset(ss, 0, sizeof(*ss));
	ss->last_ms = -1;
	ss->idle_ms = KEYSCAN_IDLE_MS;
}

static bool serialscan_pending(const struct serialscan *ss)
{
	return ss->len > 0 || ss->overflow;
}

static enum keyscan_result serialscan_finish(struct serialscan *ss,
					     enum keyscan_end end,
					     struct keyscan_line *line)
{
	enum keyscan_result r = KEYSCAN_NONE;

	if (ss->overflow) {
		r = KEYSCAN_DROPPED;
	} else if (ss->len > 0) {
		memcpy(line->text, ss->buf, ss->len);
		line->text[ss->len] = '\0';
		line->len = ss->len;
		line->end = end;
		line->first_ms = ss->last_ms;
		line->last_ms = ss->last_ms;
		r = KEYSCAN_LINE;
	}
	ss->len = 0;
	ss->overflow = false;
	return r;
}

static void serialscan_append(struct serialscan *ss, char c)
{
	if (ss->overflow)
		return;
	if (ss->len >= KEYSCAN_LINE_MAX) {
		ss->overflow = true;
		return;
	}
	ss->buf[ss->len++] = c;
}

size_t serialscan_feed(struct serialscan *ss, const char *data, size_t n,
		       int64_t now_ms, enum keyscan_result *result,
		       struct keyscan_line *line)
{
	*result = KEYSCAN_NONE;
	if (n > 0 && serialscan_pending(ss) &&
	    now_ms - ss->last_ms >= ss->idle_ms) {
		*result = serialscan_finish(ss, KEYSCAN_END_IDLE, line);
		if (*result != KEYSCAN_NONE)
			return 0;
	}
	for (size_t i = 0; i < n; i++) {
		char c = data[i];

		ss->last_ms = now_ms;
		if (c == '\r' || c == '\n') {
			*result = serialscan_finish(ss, KEYSCAN_END_ENTER,
						    line);
			if (*result != KEYSCAN_NONE)
				return i + 1;
			continue;
		}
		if (c != '\0')
			serialscan_append(ss, c);
	}
	return n;
}

enum keyscan_result serialscan_tick(struct serialscan *ss, int64_t now_ms,
				    struct keyscan_line *line)
{
	if (!serialscan_pending(ss) || now_ms - ss->last_ms < ss->idle_ms)
		return KEYSCAN_NONE;
	return serialscan_finish(ss, KEYSCAN_END_IDLE, line);
}

int64_t serialscan_deadline(const struct serialscan *ss)
{
	if (!serialscan_pending(ss))
		return -1;
	return ss->last_ms + ss->idle_ms;
}
