/* printwatch.c: the print-job follower; see printwatch.h. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cups/cups.h>

#include "fair/types.h"
#include "printwatch.h"

#define PRINTWATCH_POLL_MS 1000
#define PRINTWATCH_CUPS_TIMEOUT_S 5.0
#define PRINTWATCH_QUEUE_MAX 128
#define PRINTWATCH_NOTICE_MAX PRINTWATCH_NOTICE_LINE

struct watched {
	char queue[PRINTWATCH_QUEUE_MAX];
	int job;             /* 0: a free slot */
	int64_t since_ms;    /* when it was handed to CUPS */
};

struct printwatch {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;                            /* [L] */
	struct watched w[PRINTWATCH_JOBS];    /* [L] */
	char notice[PRINTWATCH_NOTICE_MAX];   /* [L] "" when all is well */
	int notice_job;                       /* [L] the job it names */
	bool notice_final;                    /* [L] that job will not print */
	void (*wake)(void *ctx);
	void *ctx;
};

/* What CUPS says of one job, and of its printer when it is not printing. */
struct job_news {
	ipp_jstate_t state;  /* 0 when CUPS does not know the job (any more) */
	bool trouble;        /* the printer is stopped or gives a reason */
	char printer[200];   /* "stopped; media-empty; Out of paper" */
};

/* "printer stopped; media-empty; Out of paper": the printer's state, its
 * reasons and the message its driver or `cupsdisable -r` left. Returns
 * whether anything is wrong: stopped, or a reason given. While a printer
 * simply works, its message is the job's progress and is left out. */
static bool printer_says(http_t *http, const char *queue, char *out,
			 size_t cap)
{
	static const char *const want[] = {
		"printer-state", "printer-state-reasons",
		"printer-state-message",
	};
	char uri[HTTP_MAX_URI];
	ipp_t *req, *resp;
	ipp_attribute_t *a;
	bool trouble;
	size_t used;

	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof(uri), "ipp", NULL,
			 "localhost", 0, "/printers/%s", queue);
	req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL,
		     uri);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
		      "requested-attributes", 3, NULL, want);
	resp = cupsDoRequest(http, req, "/"); /* frees req */
	if (!resp || ippGetStatusCode(resp) > IPP_STATUS_OK_CONFLICTING) {
		snprintf(out, cap, "%s", cupsLastErrorString());
		ippDelete(resp);
		return true;
	}
	a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM);
	trouble = a && ippGetInteger(a, 0) == IPP_PSTATE_STOPPED;
	used = (size_t)snprintf(out, cap, "%s", trouble ? "printer stopped" :
							  "printer on");
	a = ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD);
	for (int i = 0; a && i < ippGetCount(a) && used < cap; i++) {
		const char *why = ippGetString(a, i, NULL);

		if (why && strcmp(why, "none")) {
			used += (size_t)snprintf(out + used, cap - used,
						 "; %s", why);
			trouble = true;
		}
	}
	a = ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT);
	if (trouble && a && ippGetString(a, 0, NULL)[0] && used < cap)
		snprintf(out + used, cap - used, "; %s",
			 ippGetString(a, 0, NULL));
	ippDelete(resp);
	return trouble;
}

static void ask_cups(http_t *http, const struct watched *w,
		     struct job_news *news)
{
	cups_job_t *jobs;
	int n = cupsGetJobs2(http, &jobs, w->queue, 0, CUPS_WHICHJOBS_ALL);

	news->state = 0;
	news->trouble = false;
	news->printer[0] = '\0';
	for (int i = 0; i < n; i++)
		if (jobs[i].id == w->job)
			news->state = jobs[i].state;
	cupsFreeJobs(n, jobs);
	if (news->state && news->state < IPP_JSTATE_COMPLETED)
		news->trouble = printer_says(http, w->queue, news->printer,
					     sizeof(news->printer));
}

static void set_notice(struct printwatch *pw, int job, bool final,
		       const char *text)
{
	if (!strcmp(pw->notice, text) && pw->notice_job == job)
		return;
	snprintf(pw->notice, sizeof(pw->notice), "%s", text);
	pw->notice_job = job;
	pw->notice_final = final;
	fprintf(stderr, "fairkiosk: %s\n", text[0] ? text : "printer: ok");
	if (pw->wake)
		pw->wake(pw->ctx);
}

/* Acts on what CUPS said of slot i at now. [L] held. */
static void apply(struct printwatch *pw, int i, const struct job_news *n,
		  int64_t now)
{
	struct watched *w = &pw->w[i];
	char text[PRINTWATCH_NOTICE_MAX];
	int64_t age = now - w->since_ms;

	if (n->state == IPP_JSTATE_COMPLETED) {
		if (pw->notice[0] &&
		    (pw->notice_job == w->job || pw->notice_final))
			set_notice(pw, 0, false, "");
		w->job = 0;
	} else if (n->state == IPP_JSTATE_CANCELED ||
		   n->state == IPP_JSTATE_ABORTED) {
		snprintf(text, sizeof(text), "badge print job %d on '%s' %s",
			 w->job, w->queue, n->state == IPP_JSTATE_ABORTED ?
			 "failed" : "was cancelled");
		set_notice(pw, w->job, true, text);
		w->job = 0;
	} else if (age >= PRINTWATCH_GIVE_UP_MS || n->state == 0) {
		w->job = 0; /* gone from CUPS, or followed long enough */
	} else if ((n->trouble ? age >= PRINTWATCH_STUCK_MS :
				 age >= PRINTWATCH_SLOW_MS) &&
		   (!pw->notice[0] || pw->notice_job == w->job)) {
		snprintf(text, sizeof(text), "badge print job %d on '%s' not "
			 "printed after %d s: %s", w->job, w->queue,
			 (int)(age / 1000 / 15 * 15), n->printer);
		set_notice(pw, w->job, false, text);
	}
}

/* One round: asks CUPS about every followed job, outside the lock. */
static void poll_round(struct printwatch *pw)
{
	struct watched w[PRINTWATCH_JOBS];
	struct job_news news[PRINTWATCH_JOBS];
	http_t *http = NULL;
	int64_t now;

	memcpy(w, pw->w, sizeof(w));
	pthread_mutex_unlock(&pw->lock);
	for (int i = 0; i < PRINTWATCH_JOBS; i++) {
		news[i].state = 0;
		if (!w[i].job)
			continue;
		if (!http) {
			http = httpConnect2(cupsServer(), ippPort(), NULL,
					    AF_UNSPEC, cupsEncryption(), 1,
					    (int)(PRINTWATCH_CUPS_TIMEOUT_S *
						  1000), NULL);
			if (!http)
				break;
			httpSetTimeout(http, PRINTWATCH_CUPS_TIMEOUT_S, NULL,
				       NULL);
		}
		ask_cups(http, &w[i], &news[i]);
	}
	if (http)
		httpClose(http);
	now = clock_mono_ms();
	pthread_mutex_lock(&pw->lock);
	for (int i = 0; i < PRINTWATCH_JOBS; i++) {
		if (!w[i].job || pw->w[i].job != w[i].job)
			continue; /* replaced meanwhile */
		if (!http) { /* CUPS not answering: keep the job, say so */
			news[i].state = IPP_JSTATE_PENDING;
			news[i].trouble = true;
			snprintf(news[i].printer, sizeof(news[i].printer),
				 "CUPS does not answer");
		}
		apply(pw, i, &news[i], now);
	}
}

static void *printwatch_main(void *arg)
{
	struct printwatch *pw = arg;
	struct timespec until;

	pthread_mutex_lock(&pw->lock);
	while (!pw->stop) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += PRINTWATCH_POLL_MS / 1000;
		pthread_cond_timedwait(&pw->cond, &pw->lock, &until);
		if (!pw->stop)
			poll_round(pw);
	}
	pthread_mutex_unlock(&pw->lock);
	return NULL;
}

struct printwatch *printwatch_start(void (*wake)(void *ctx), void *ctx)
{
	struct printwatch *pw = calloc(1, sizeof(*pw));
	pthread_condattr_t ca;

	if (!pw)
		return NULL;
	pw->wake = wake;
	pw->ctx = ctx;
	pthread_mutex_init(&pw->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&pw->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&pw->thread, NULL, printwatch_main, pw) != 0) {
		pthread_cond_destroy(&pw->cond);
		pthread_mutex_destroy(&pw->lock);
		free(pw);
		return NULL;
	}
	return pw;
}

void printwatch_add(struct printwatch *pw, const char *queue, int job)
{
	struct watched *slot;

	if (!pw || job <= 0)
		return;
	pthread_mutex_lock(&pw->lock);
	slot = &pw->w[0];
	for (int i = 0; i < PRINTWATCH_JOBS; i++) {
		if (!pw->w[i].job) {
			slot = &pw->w[i];
			break;
		}
		if (pw->w[i].since_ms < slot->since_ms)
			slot = &pw->w[i]; /* all taken: drop the oldest */
	}
	snprintf(slot->queue, sizeof(slot->queue), "%s", queue);
	slot->job = job;
	slot->since_ms = clock_mono_ms();
	pthread_mutex_unlock(&pw->lock);
}

void printwatch_status(struct printwatch *pw, char *out, size_t cap)
{
	if (cap == 0)
		return;
	out[0] = '\0';
	if (!pw)
		return;
	pthread_mutex_lock(&pw->lock);
	snprintf(out, cap, "%s", pw->notice);
	pthread_mutex_unlock(&pw->lock);
}

void printwatch_stop(struct printwatch *pw)
{
	if (!pw)
		return;
	pthread_mutex_lock(&pw->lock);
	pw->stop = true;
	pthread_cond_signal(&pw->cond);
	pthread_mutex_unlock(&pw->lock);
	pthread_join(pw->thread, NULL);
	pthread_cond_destroy(&pw->cond);
	pthread_mutex_destroy(&pw->lock);
	free(pw);
}
