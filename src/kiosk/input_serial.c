/* input_serial.c: a serial scanner on a tty, one scan a line. The port is
 * reopened every second while missing (USB serial adapters vanish when
 * unplugged and come back under the same by-id path). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

#include "fair/serialscan.h"
#include "input_priv.h"

#define SERIAL_READ_MAX 256

static void serial_push_result(struct inputs *in, enum keyscan_result r,
			       const struct keyscan_line *line)
{
	if (r == KEYSCAN_LINE)
		inputs_push(in, SOURCE_SERIAL, line->text, line->len,
			    line->end != KEYSCAN_END_IDLE);
}

/* Splits one read's bytes into scans. */
static void serial_take(struct inputs *in, struct serialscan *ss,
			const char *buf, size_t n)
{
	struct keyscan_line line;
	enum keyscan_result r;
	size_t used;

	while (n > 0) {
		used = serialscan_feed(ss, buf, n, inputs_now_ms(), &r, &line);
		serial_push_result(in, r, &line);
		buf += used;
		n -= used;
	}
}

static int serial_poll_ms(const struct serialscan *ss)
{
	int64_t due = serialscan_deadline(ss), now;

	if (due < 0)
		return INPUT_RETRY_MS;
	now = inputs_now_ms();
	return due <= now ? 0 : (int)(due - now);
}

/* Reads the port until it fails (unplugged) or the kiosk stops. */
static void serial_session(struct inputs *in, int fd)
{
	struct pollfd p[2] = {
		{ .fd = fd, .events = POLLIN },
		{ .fd = inputs_stop_fd(in), .events = POLLIN },
	};
	struct serialscan ss;
	struct keyscan_line line;
	char buf[SERIAL_READ_MAX];
	ssize_t n;

	serialscan_init(&ss);
	for (;;) {
		if (poll(p, 2, serial_poll_ms(&ss)) < 0 && errno != EINTR)
			return;
		if (p[1].revents)
			return;
		if (p[0].revents & POLLIN) {
			n = read(fd, buf, sizeof(buf));
			/* 0 after POLLIN is end of file: the line hung up. */
			if (n == 0 ||
			    (n < 0 && errno != EAGAIN && errno != EINTR))
				return;
			if (n > 0)
				serial_take(in, &ss, buf, (size_t)n);
		} else if (p[0].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			return;
		}
		serial_push_result(in, serialscan_tick(&ss, inputs_now_ms(),
						       &line), &line);
	}
}

void *input_serial_main(void *arg)
{
	struct inputs *in = arg;
	const char *path = inputs_device(in, INPUT_SERIAL);
	char note[INPUTS_TEXT_MAX];
	struct fair_err err = { "" };
	int fd;

	do {
		fd = serialscan_open(path, inputs_serial_baud(in), &err);
		if (fd < 0) {
			snprintf(note, sizeof(note), "serial scanner: %s, "
				 "retrying", err.msg);
			inputs_set_status(in, INPUT_SERIAL, note);
			continue;
		}
		inputs_set_status(in, INPUT_SERIAL, "");
		serial_session(in, fd);
		close(fd);
		if (!inputs_wait(in, 0))
			inputs_set_status(in, INPUT_SERIAL, "serial scanner "
					  "disconnected, retrying");
	} while (!inputs_wait(in, INPUT_RETRY_MS));
	return NULL;
}
