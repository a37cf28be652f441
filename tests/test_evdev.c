/* test_evdev.c: the kiosk's evdev scanner worker (src/kiosk/input_evdev.c,
 * compiled in with a stand-in for the rest of inputs.c) where no input
 * device exists, as on this build machine (no /dev/uinput to make one):
 * every way of not finding the scanner gives staff a notice naming it and
 * the worker keeps retrying until stopped. Decoding is tested on recorded
 * event streams in test_keyscan.c. */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../src/kiosk/input_evdev.c"

struct inputs {
	pthread_mutex_t lock;
	char status[EVDEV_NOTE_MAX];
	int status_changes;
	int pushed;
	int stop_pipe[2];
	char path[256];
};

int64_t inputs_now_ms(void)
{
	return clock_mono_ms();
}

void inputs_push(struct inputs *in, enum input_source src, const char *text,
		 size_t len, bool terminated)
{
	(void)src;
	(void)text;
	(void)len;
	(void)terminated;
	pthread_mutex_lock(&in->lock);
	in->pushed++;
	pthread_mutex_unlock(&in->lock);
}

void inputs_set_status(struct inputs *in, enum input_kind kind,
		       const char *msg)
{
	assert_int_equal(kind, INPUT_SCANNER);
	pthread_mutex_lock(&in->lock);
	snprintf(in->status, sizeof(in->status), "%s", msg);
	in->status_changes++;
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

/* Runs the worker on path until its notice contains want; checks it
 * retries (a second attempt) and stops promptly. */
static void expect_notice(const char *path, const char *want)
{
	struct inputs in = { .lock = PTHREAD_MUTEX_INITIALIZER };
	int64_t end, t0;
	pthread_t th;
	bool found = false;
	int changes = 0;

	snprintf(in.path, sizeof(in.path), "%s", path);
	assert_int_equal(pipe(in.stop_pipe), 0);
	assert_int_equal(pthread_create(&th, NULL, input_evdev_main, &in), 0);
	end = inputs_now_ms() + 3000;
	while (inputs_now_ms() < end && (!found || changes < 2)) {
		pthread_mutex_lock(&in.lock);
		found = strstr(in.status, want) != NULL;
		changes = in.status_changes;
		pthread_mutex_unlock(&in.lock);
		usleep(10000);
	}
	if (!found)
		print_error("notice '%s' lacks '%s'\n", in.status, want);
	assert_true(found);
	assert_true(changes >= 2);  /* tried again after a second */
	t0 = inputs_now_ms();
	close(in.stop_pipe[1]);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_true(inputs_now_ms() - t0 < 500);
	close(in.stop_pipe[0]);
	assert_int_equal(in.pushed, 0);
}

static void test_missing_path(void **state)
{
	(void)state;
	expect_notice("/dev/input/by-id/usb-Netum_Scanner-event-kbd",
		      "scanner '/dev/input/by-id/usb-Netum_Scanner-event-kbd'"
		      " not found, retrying");
}

static void test_not_an_input_device(void **state)
{
	(void)state;
	expect_notice("/dev/null", "scanner '/dev/null' is not an input "
		      "device, retrying");
}

static void test_name_not_found(void **state)
{
	(void)state;
	expect_notice("name:Barcode", "scanner 'name:Barcode' not found, "
		      "retrying");
}

static void test_permission_denied(void **state)
{
	char path[] = "/tmp/fair-evdev-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(path, 0), 0);
	/* root reads a mode-0 file anyway: then it is "not an input
	 * device"; as the kiosk user it is the permission notice. */
	if (geteuid() == 0)
		expect_notice(path, "is not an input device");
	else
		expect_notice(path, "permission denied (add the kiosk user "
			      "to group input)");
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_path),
		cmocka_unit_test(test_not_an_input_device),
		cmocka_unit_test(test_name_not_found),
		cmocka_unit_test(test_permission_denied),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
