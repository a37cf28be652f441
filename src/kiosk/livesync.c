/* livesync.c: see livesync.h. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fair/caltime.h"
#include "fair/central.h"
#include "livesync.h"

#define TICK_MS 1000
#define BACKOFF_MAX_MS 30000
#define RALLY_MS 5000 /* the server's rally counts, asked this often */

/* The server's stamp counts, sorted by attendee. */
struct stamps {
	uint32_t *attendee;
	int *n;
	size_t len, cap;
};

struct livesync {
	struct central_sync *cs;
	void (*wake)(void *);
	void *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool poked;          /* [lock] a fact waits to go up */
	bool stop;           /* [lock] */
	char status[160];    /* [lock] */
	char rally_kinds[64];
	bool have_stamps;    /* [lock] the server answered once */
	struct stamps stamps;/* [lock] */
	char rally_err[256]; /* the thread's: last failure told */
	int offset_min;      /* venue time zone, for "last 15:34:07" */
};

static void deadline_in(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void set_status(struct livesync *ls, int rc,
		       const struct central_sync_state *st,
		       const struct fair_err *err)
{
	char now[20], line[160];
	bool changed;

	/* venue time, whatever zone the kiosk's system is set to */
	cal_format_datetime((int64_t)time(NULL) * 1000, ls->offset_min, now);
	if (rc)
		snprintf(line, sizeof(line), "central: unreachable, %ld "
			 "waiting", st->waiting);
	else
		snprintf(line, sizeof(line), "central: %ld waiting, last %s",
			 st->waiting, now + 11);
	pthread_mutex_lock(&ls->lock);
	/* the time alone changing is no reason to redraw */
	changed = strncmp(ls->status, line, 18) != 0;
	memcpy(ls->status, line, sizeof(line));
	pthread_mutex_unlock(&ls->lock);
	if (rc && changed)
		fprintf(stderr, "fairkiosk: live sync: %s\n", err->msg);
	if (changed && ls->wake)
		ls->wake(ls->ctx);
}

static void stamps_free(struct stamps *t)
{
	free(t->attendee);
	free(t->n);
	memset(t, 0, sizeof(*t));
}

static void stamps_add(uint32_t attendee, int n, void *ctx)
{
	struct stamps *t = ctx;

	if (t->len == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		uint32_t *a = realloc(t->attendee, cap * sizeof(*a));
		int *c;

		if (a)
			t->attendee = a;
		c = a ? realloc(t->n, cap * sizeof(*c)) : NULL;
		if (!c)
			return; /* short of memory: fewer answers, no harm */
		t->n = c;
		t->cap = cap;
	}
	t->attendee[t->len] = attendee;
	t->n[t->len++] = n;
}

/* Asks the server for the rally's counts and swaps them in; a failure is
 * told once on stderr and leaves the last answer. */
static void fetch_stamps(struct livesync *ls)
{
	struct stamps t = { 0 };
	struct fair_err err = { "" };

	if (central_sync_rally(ls->cs, ls->rally_kinds, stamps_add, &t,
			       &err)) {
		if (strcmp(err.msg, ls->rally_err))
			fprintf(stderr, "fairkiosk: live sync: %s\n",
				err.msg);
		snprintf(ls->rally_err, sizeof(ls->rally_err), "%s", err.msg);
		stamps_free(&t);
		return;
	}
	ls->rally_err[0] = '\0';
	pthread_mutex_lock(&ls->lock);
	stamps_free(&ls->stamps);
	ls->stamps = t;
	ls->have_stamps = true;
	pthread_mutex_unlock(&ls->lock);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *run(void *arg)
{
	struct livesync *ls = arg;
	int backoff = 0;
	int64_t rally_at = 0;

	for (;;) {
		struct central_sync_state st;
		struct fair_err err = { "" };
		struct timespec until;
		bool stop;
		int rc;

		rc = central_sync_step(ls->cs, &st, &err);
		set_status(ls, rc, &st, &err);
		if (st.refused) /* for good: staff learn it once */
			fprintf(stderr, "fairkiosk: live sync: the central "
				"database refused a fact: %s; it stays in this "
				"kiosk's file for 'fairsync merge'\n", st.why);
		if (!rc && ls->rally_kinds[0] && mono_ms() >= rally_at) {
			fetch_stamps(ls);
			rally_at = mono_ms() + RALLY_MS;
		}
		if (rc)
			backoff = backoff ? backoff * 2 : TICK_MS;
		else
			backoff = 0;
		if (backoff > BACKOFF_MAX_MS)
			backoff = BACKOFF_MAX_MS;
		/* a full batch means more are waiting: go on at once */
		deadline_in(&until, rc ? backoff : st.sent ==
			    CENTRAL_SYNC_BATCH || st.refused ? 0 : TICK_MS);
		pthread_mutex_lock(&ls->lock);
		while (!ls->stop && !(ls->poked && !rc) &&
		       pthread_cond_timedwait(&ls->cond, &ls->lock,
					      &until) == 0)
			;
		ls->poked = false;
		stop = ls->stop;
		pthread_mutex_unlock(&ls->lock);
		if (stop) {
			if (!rc) /* one last round for what came meanwhile */
				central_sync_step(ls->cs, &st, &err);
			return NULL;
		}
	}
}

struct livesync *livesync_start(const char *url, const char *db,
				uint32_t event_id, int offset_min,
				const char *rally_kinds,
				void (*wake)(void *), void *ctx,
				struct fair_err *err)
{
	struct livesync *ls = calloc(1, sizeof(*ls));
	pthread_condattr_t ca;

	if (!ls) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	ls->cs = central_sync_open(url, db, event_id, err);
	if (!ls->cs) {
		free(ls);
		return NULL;
	}
	ls->wake = wake;
	ls->ctx = ctx;
	ls->offset_min = offset_min;
	snprintf(ls->rally_kinds, sizeof(ls->rally_kinds), "%s",
		 rally_kinds ? rally_kinds : "");
	snprintf(ls->status, sizeof(ls->status), "central: connecting");
	pthread_mutex_init(&ls->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&ls->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&ls->thread, NULL, run, ls)) {
		fair_fail(err, FAIR_ENOMEM, "cannot start the live sync");
		central_sync_close(ls->cs);
		free(ls);
		return NULL;
	}
	return ls;
}

void livesync_poke(struct livesync *ls)
{
	if (!ls)
		return;
	pthread_mutex_lock(&ls->lock);
	ls->poked = true;
	pthread_cond_signal(&ls->cond);
	pthread_mutex_unlock(&ls->lock);
}

void livesync_status(struct livesync *ls, char *out, size_t cap)
{
	if (!cap)
		return;
	out[0] = '\0';
	if (!ls)
		return;
	pthread_mutex_lock(&ls->lock);
	snprintf(out, cap, "%s", ls->status);
	pthread_mutex_unlock(&ls->lock);
}

int livesync_stamps(struct livesync *ls, uint32_t attendee)
{
	size_t lo = 0, hi;
	int n = -1;

	if (!ls)
		return -1;
	pthread_mutex_lock(&ls->lock);
	hi = ls->stamps.len;
	while (lo < hi) { /* the server sends them in attendee order */
		size_t mid = lo + (hi - lo) / 2;

		if (ls->stamps.attendee[mid] < attendee)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (ls->have_stamps)
		n = lo < ls->stamps.len && ls->stamps.attendee[lo] == attendee
		    ? ls->stamps.n[lo] : 0;
	pthread_mutex_unlock(&ls->lock);
	return n;
}

void livesync_stop(struct livesync *ls)
{
	if (!ls)
		return;
	pthread_mutex_lock(&ls->lock);
	ls->stop = true;
	pthread_cond_signal(&ls->cond);
	pthread_mutex_unlock(&ls->lock);
	pthread_join(ls->thread, NULL);
	central_sync_close(ls->cs);
	stamps_free(&ls->stamps);
	pthread_cond_destroy(&ls->cond);
	pthread_mutex_destroy(&ls->lock);
	free(ls);
}
