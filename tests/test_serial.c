/* test_serial.c: serial scanners through a pseudo-terminal pair.
 *
 * The line splitter is tested alone; then the kiosk's real serial worker
 * (src/kiosk/input_serial.c, compiled into this test with a small stand-in
 * for the rest of inputs.c) reads a pty slave through a symlink, as a
 * /dev/serial/by-id path would be, while the test types on the master,
 * unplugs it and plugs a new one in. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pty.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fair/serialscan.h"
#include "../src/kiosk/input_serial.c"

/* ---- a stand-in for inputs.c: a queue, a status, a stop pipe ---- */

#define FAKE_QUEUE 16

struct inputs {
	pthread_mutex_t lock;
	struct scan_event q[FAKE_QUEUE];
	int n;
	char status[INPUTS_TEXT_MAX];
	int stop_pipe[2];
	char path[256];
	int baud;
};

int64_t inputs_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void inputs_push(struct inputs *in, enum input_source src, const char *text,
		 size_t len, bool terminated)
{
	(void)terminated;
	pthread_mutex_lock(&in->lock);
	if (in->n < FAKE_QUEUE && len < INPUTS_TEXT_MAX) {
		memcpy(in->q[in->n].text, text, len);
		in->q[in->n].text[len] = '\0';
		in->q[in->n].source = src;
		in->n++;
	}
	pthread_mutex_unlock(&in->lock);
}

void inputs_set_status(struct inputs *in, enum input_kind kind,
		       const char *msg)
{
	assert_int_equal(kind, INPUT_SERIAL);
	pthread_mutex_lock(&in->lock);
	snprintf(in->status, sizeof(in->status), "%s", msg);
	pthread_mutex_unlock(&in->lock);
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
	(void)kind;
	return in->path;
}

int inputs_serial_baud(const struct inputs *in)
{
	return in->baud;
}

/* ---- helpers ---- */

static int64_t now_ms(void)
{
	return inputs_now_ms();
}

/* Waits up to 5 s for n scans queued. */
static bool wait_scans(struct inputs *in, int n)
{
	int64_t end = now_ms() + 5000;
	bool ok = false;

	while (!ok && now_ms() < end) {
		pthread_mutex_lock(&in->lock);
		ok = in->n >= n;
		pthread_mutex_unlock(&in->lock);
		if (!ok)
			usleep(5000);
	}
	return ok;
}

/* Waits up to 5 s for the status to contain sub ("" waits for none). */
static bool wait_status(struct inputs *in, const char *sub)
{
	int64_t end = now_ms() + 5000;
	bool ok = false;

	while (!ok && now_ms() < end) {
		pthread_mutex_lock(&in->lock);
		ok = sub[0] ? strstr(in->status, sub) != NULL :
			      in->status[0] == '\0';
		pthread_mutex_unlock(&in->lock);
		if (!ok)
			usleep(5000);
	}
	return ok;
}

/* Opens a pty pair and points link at its slave. Returns the master. */
static int plug_pty(const char *link)
{
	char name[256];
	int m, s;

	assert_int_equal(openpty(&m, &s, name, NULL, NULL), 0);
	close(s);
	unlink(link);
	assert_int_equal(symlink(name, link), 0);
	return m;
}

static void type_master(int m, const char *s)
{
	assert_int_equal(write(m, s, strlen(s)), (ssize_t)strlen(s));
}

/* ---- the line splitter alone ---- */

static void feed_all(struct serialscan *ss, const char *s, int64_t t,
		     enum keyscan_result *r, struct keyscan_line *line,
		     int *lines, int *dropped)
{
	size_t n = strlen(s), used;

	while (n > 0) {
		used = serialscan_feed(ss, s, n, t, r, line);
		*lines += *r == KEYSCAN_LINE;
		*dropped += *r == KEYSCAN_DROPPED;
		s += used;
		n -= used;
	}
}

static void test_splitter(void **state)
{
	struct serialscan ss;
	struct keyscan_line line;
	enum keyscan_result r;
	size_t used;
	char big[KEYSCAN_LINE_MAX + 10];
	int lines = 0, dropped = 0;

	(void)state;
	serialscan_init(&ss);
	used = serialscan_feed(&ss, "FKAB\r\nFKCD\n", 11, 0, &r, &line);
	assert_int_equal(used, 5);
	assert_int_equal(r, KEYSCAN_LINE);
	assert_string_equal(line.text, "FKAB");
	/* CRLF makes one line, not an empty second one. */
	used = serialscan_feed(&ss, "\nFKCD\n", 6, 0, &r, &line);
	assert_int_equal(used, 6);
	assert_int_equal(r, KEYSCAN_LINE);
	assert_string_equal(line.text, "FKCD");
	/* Split across reads, NUL bytes skipped. */
	serialscan_feed(&ss, "FK", 2, 10, &r, &line);
	assert_int_equal(r, KEYSCAN_NONE);
	serialscan_feed(&ss, "E\0F\r", 4, 11, &r, &line);
	assert_string_equal(line.text, "FKEF");
	/* No terminator: ended by the idle gap. */
	serialscan_feed(&ss, "FKGH", 4, 100, &r, &line);
	assert_int_equal(serialscan_deadline(&ss), 100 + KEYSCAN_IDLE_MS);
	assert_int_equal(serialscan_tick(&ss, 150, &line), KEYSCAN_NONE);
	assert_int_equal(serialscan_tick(&ss, 100 + KEYSCAN_IDLE_MS, &line),
			 KEYSCAN_LINE);
	assert_string_equal(line.text, "FKGH");
	assert_int_equal(line.end, KEYSCAN_END_IDLE);
	/* Overlong: dropped whole, the next line is intact. */
	memset(big, 'X', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	feed_all(&ss, big, 1000, &r, &line, &lines, &dropped);
	feed_all(&ss, "\nFKOK\n", 1000, &r, &line, &lines, &dropped);
	assert_int_equal(dropped, 1);
	assert_int_equal(lines, 1);
	assert_string_equal(line.text, "FKOK");
}

static void test_open_errors(void **state)
{
	struct fair_err err = { "" };

	(void)state;
	assert_int_equal(serialscan_open("/dev/null", 12345, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "12345"));
	assert_int_equal(serialscan_open("/nonexistent/ttyUSB9", 9600, &err),
			 FAIR_ENOENT);
	assert_non_null(strstr(err.msg, "/nonexistent/ttyUSB9"));
	assert_int_equal(serialscan_open("/dev/null", 9600, &err), FAIR_EIO);
	assert_non_null(strstr(err.msg, "/dev/null"));
	assert_true(serialscan_baud_ok(115200));
	assert_false(serialscan_baud_ok(0));
}

static void test_open_sets_speed_raw(void **state)
{
	struct fair_err err = { "" };
	struct termios t;
	char name[256];
	int m, s, fd;

	(void)state;
	assert_int_equal(openpty(&m, &s, name, NULL, NULL), 0);
	fd = serialscan_open(name, 19200, &err);
	assert_true(fd >= 0);
	assert_int_equal(tcgetattr(fd, &t), 0);
	assert_int_equal(cfgetispeed(&t), B19200);
	assert_int_equal(t.c_lflag & (ICANON | ECHO), 0);
	close(fd);
	close(s);
	close(m);
}

/* ---- the real worker on a pty ---- */

static void test_worker_reads_lines_and_survives_unplug(void **state)
{
	struct inputs in = { .baud = 9600 };
	char dir[] = "/tmp/fair-serial-XXXXXX";
	pthread_t th;
	int m;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(in.path, sizeof(in.path), "%s/ttyScanner", dir);
	pthread_mutex_init(&in.lock, NULL);
	assert_int_equal(pipe(in.stop_pipe), 0);

	/* Not plugged in yet: a notice, and the worker keeps trying. */
	assert_int_equal(pthread_create(&th, NULL, input_serial_main, &in), 0);
	assert_true(wait_status(&in, "retrying"));

	m = plug_pty(in.path);
	assert_true(wait_status(&in, ""));
	type_master(m, "FKFIRST\r\n");
	type_master(m, "]Q1FKSECOND\n");
	type_master(m, "FKTHIRD");  /* no terminator: the idle gap ends it */
	assert_true(wait_scans(&in, 3));
	assert_string_equal(in.q[0].text, "FKFIRST");
	assert_string_equal(in.q[1].text, "]Q1FKSECOND");
	assert_string_equal(in.q[2].text, "FKTHIRD");
	assert_int_equal(in.q[0].source, SOURCE_SERIAL);

	/* Unplugged: a notice; plugged again (new pty, same link): works. */
	close(m);
	assert_true(wait_status(&in, "retrying"));
	m = plug_pty(in.path);
	assert_true(wait_status(&in, ""));
	type_master(m, "FKAFTERPLUG\n");
	assert_true(wait_scans(&in, 4));
	assert_string_equal(in.q[3].text, "FKAFTERPLUG");

	close(in.stop_pipe[1]);
	assert_int_equal(pthread_join(th, NULL), 0);
	close(m);
	close(in.stop_pipe[0]);
	unlink(in.path);
	rmdir(dir);
	pthread_mutex_destroy(&in.lock);
}

static void test_worker_bad_speed_notice(void **state)
{
	struct inputs in = { .baud = 31337 };
	pthread_t th;

	(void)state;
	snprintf(in.path, sizeof(in.path), "/dev/null");
	pthread_mutex_init(&in.lock, NULL);
	assert_int_equal(pipe(in.stop_pipe), 0);
	assert_int_equal(pthread_create(&th, NULL, input_serial_main, &in), 0);
	assert_true(wait_status(&in, "unsupported serial speed 31337"));
	close(in.stop_pipe[1]);
	assert_int_equal(pthread_join(th, NULL), 0);
	close(in.stop_pipe[0]);
	pthread_mutex_destroy(&in.lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splitter),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_open_sets_speed_raw),
		cmocka_unit_test(test_worker_reads_lines_and_survives_unplug),
		cmocka_unit_test(test_worker_bad_speed_notice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
