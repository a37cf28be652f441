/* fsync_shim.c: an LD_PRELOAD library for tests/e2e/kiosk_durable.sh. It
 * passes fsync, fdatasync and SDL_RenderPresent through and says on stderr
 * when each happened (CLOCK_MONOTONIC in us, the kiosk's own clock for
 * FAIRKIOSK_TRACE) and which file each fsync was for, so the test can count
 * the fsyncs of the kiosk's database and its -wal between a scan and the
 * frame that shows its result. Lines go out with one write(2) each on fd
 * 2, so they never interleave with the kiosk's own (the store's writer is
 * another thread). */
#include <dlfcn.h>
#include <limits.h>
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

int fsync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");

	say("fsync", fd);
	return real(fd);
}

int fdatasync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");

	say("fdatasync", fd);
	return real(fd);
}

/* SDL's: the renderer is opaque here, a pointer passed through. */
void SDL_RenderPresent(void *renderer)
{
	void (*real)(void *) =
		(void (*)(void *))dlsym(RTLD_NEXT, "SDL_RenderPresent");

	real(renderer);
	say("present", -1);
}
