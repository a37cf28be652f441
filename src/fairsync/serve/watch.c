/* watch.c: deadlines for slow clients. libmicrohttpd's connection timeout
 * counts idle time only: a client sending one header byte every two
 * seconds is never idle, and 70 of them used to hold every connection the
 * console had. So every connection has a slot here, and a watchdog thread
 * looks at them four times a second:
 *
 *   headers  must be complete CONSOLE_HEADER_S after the connection opened
 *            (CONSOLE_KEEPALIVE_S after the previous answer, for the next
 *            request of a kept-alive connection);
 *   body     after CONSOLE_BODY_GRACE_S, must have come at no less than
 *            CONSOLE_BODY_RATE bytes a second on average.
 *
 * A connection past its deadline gets shutdown(2) on its socket: MHD's
 * thread then reads the end of the stream and closes it as it does any
 * other. The slot is freed (under the lock) in MHD's "closed" callback,
 * which runs before MHD closes the socket, so the watchdog never shuts a
 * descriptor down after it was closed and reused. */
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "console.h"

struct watch_slot {
	int fd;                  /* the connection's socket; -1: slot free */
	enum watch_phase phase;
	struct timespec since;   /* phase entered */
	int limit_s;             /* WATCH_HEADERS: seconds allowed */
	long got;                /* WATCH_BODY: bytes so far */
	bool cut;                /* shut down already */
};

struct console_watch {
	pthread_t thread;
	pthread_mutex_t lock;            /* slots, stop */
	pthread_cond_t wake;             /* stop */
	bool stop;
	bool started;
	struct watch_slot slot[CONSOLE_CONN_MAX + 8];
};

static double since_s(const struct watch_slot *s, const struct timespec *now)
{
	return (double)(now->tv_sec - s->since.tv_sec) +
	       (double)(now->tv_nsec - s->since.tv_nsec) / 1e9;
}

static bool too_slow(const struct watch_slot *s, const struct timespec *now)
{
	double t = since_s(s, now);

	if (s->phase == WATCH_HEADERS)
		return t > s->limit_s;
	if (s->phase == WATCH_BODY)
		return t > CONSOLE_BODY_GRACE_S &&
		       (double)s->got < (t - CONSOLE_BODY_GRACE_S) *
						CONSOLE_BODY_RATE;
	return false;
}

static void sweep(struct console_watch *w)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (size_t i = 0; i < sizeof(w->slot) / sizeof(*w->slot); i++) {
		struct watch_slot *s = &w->slot[i];

		if (s->fd < 0 || s->cut || !too_slow(s, &now))
			continue;
		shutdown(s->fd, SHUT_RDWR);
		s->cut = true;
	}
}

static void *watchdog(void *arg)
{
	struct console_watch *w = arg;
	struct timespec t;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		sweep(w);
		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += 250000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->wake, &w->lock, &t);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int console_watch_start(struct console *c)
{
	struct console_watch *w = calloc(1, sizeof(*w));
	pthread_condattr_t ca;

	if (!w)
		return -1;
	for (size_t i = 0; i < sizeof(w->slot) / sizeof(*w->slot); i++)
		w->slot[i].fd = -1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	c->watch = w;
	if (pthread_create(&w->thread, NULL, watchdog, w))
		return -1;
	w->started = true;
	return 0;
}

void console_watch_stop(struct console *c)
{
	struct console_watch *w = c->watch;

	if (!w)
		return;
	if (w->started) {
		pthread_mutex_lock(&w->lock);
		w->stop = true;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
	c->watch = NULL;
}

void *console_watch_add(struct console *c, int fd)
{
	struct console_watch *w = c->watch;
	struct watch_slot *s = NULL;

	pthread_mutex_lock(&w->lock);
	for (size_t i = 0; i < sizeof(w->slot) / sizeof(*w->slot); i++) {
		if (w->slot[i].fd >= 0)
			continue;
		s = &w->slot[i];
		*s = (struct watch_slot){ .fd = fd, .phase = WATCH_HEADERS,
					  .limit_s = CONSOLE_HEADER_S };
		clock_gettime(CLOCK_MONOTONIC, &s->since);
		break;
	}
	pthread_mutex_unlock(&w->lock);
	return s;
}

void console_watch_del(struct console *c, void *slot)
{
	struct console_watch *w = c->watch;
	struct watch_slot *s = slot;

	if (!s)
		return;
	pthread_mutex_lock(&w->lock);
	s->fd = -1;
	pthread_mutex_unlock(&w->lock);
}

void console_watch_set(struct console *c, void *slot, enum watch_phase p,
		       int limit_s)
{
	struct console_watch *w = c->watch;
	struct watch_slot *s = slot;

	if (!s)
		return;
	pthread_mutex_lock(&w->lock);
	s->phase = p;
	s->limit_s = limit_s;
	s->got = 0;
	clock_gettime(CLOCK_MONOTONIC, &s->since);
	pthread_mutex_unlock(&w->lock);
}

void console_watch_body(struct console *c, void *slot, long got)
{
	struct console_watch *w = c->watch;
	struct watch_slot *s = slot;

	if (!s)
		return;
	pthread_mutex_lock(&w->lock);
	s->got = got;
	pthread_mutex_unlock(&w->lock);
}
