/* fsync_shim.c: an LD_PRELOAD library for tests/e2e/kiosk_durable.sh and
 * the gallery (tests/e2e/kiosk_gallery.sh). It
 * passes fsync, fdatasync and SDL_RenderPresent through and says on stderr
 * when each happened (CLOCK_MONOTONIC in us, the kiosk's own clock for
 * FAIRKIOSK_TRACE) and which file each fsync was for, so the test can count
 * the fsyncs of the kiosk's database and its -wal between a scan and the
 * frame that shows its result. Lines go out with one write(2) each on fd
 * 2, so they never interleave with the kiosk's own (the store's writer is
 * another thread).
 *
 * A fault for the gallery's not-stored screens: with FSYNC_SHIM_FAIL=1 in
 * the environment every fsync of a file named *.db or *.db-wal fails with
 * EIO once the kiosk has started (its first frame presented), as a dying
 * card's would: the kiosk's real store then refuses the check-in. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void say(const char *what, int fd)
{
	char link[64], path[PATH_MAX] = "", line[PATH_MAX + 96];
	ssize_t n = 0, w;
	int len;

	if (fd >= 0) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, path, sizeof(path) - 1);
		path[n > 0 ? n : 0] = '\0';
	}
	len = snprintf(line, sizeof(line), "fsync-shim: %s %lld %s\n", what,
		       now_us(), path);
	if (len > 0) {
		w = write(2, line, (size_t)len);
		(void)w; /* nowhere left to say it */
	}
}

static volatile int presented; /* the kiosk has drawn its first frame */

/* With FSYNC_SHIM_FAIL=1, once the kiosk has started: -1 (errno EIO)
 * for fd if it is the database or its journal, else 0. */
static int fault(int fd)
{
	char link[64], path[PATH_MAX] = "";
	const char *fail = getenv("FSYNC_SHIM_FAIL");
	size_t n;
	ssize_t got;

	if (!fail || strcmp(fail, "1") || !presented)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	got = readlink(link, path, sizeof(path) - 1);
	path[got > 0 ? got : 0] = '\0';
	n = strlen(path);
	if (!(n > 3 && !strcmp(path + n - 3, ".db")) &&
	    !(n > 7 && !strcmp(path + n - 7, ".db-wal")))
		return 0;
	errno = EIO;
	return -1;
}

int fsync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");

	say("fsync", fd);
	return fault(fd) ? -1 : real(fd);
}

int fdatasync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");

	say("fdatasync", fd);
	return fault(fd) ? -1 : real(fd);
}

/* SDL's: the renderer is opaque here, a pointer passed through. */
void SDL_RenderPresent(void *renderer)
{
	void (*real)(void *) =
		(void (*)(void *))dlsym(RTLD_NEXT, "SDL_RenderPresent");

	real(renderer);
	presented = 1;
	say("present", -1);
}
