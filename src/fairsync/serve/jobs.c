/* jobs.c: the worker. Everything that changes the event or writes a file
 * (merge, import, pack, reprint, exports, reports, badge PDFs) runs here,
 * one job at a time, in the order asked, on a SQLite connection of its
 * own, while the server thread goes on answering reads: the event
 * database is in WAL, so a reader never waits for this writer.
 *
 * One at a time because the in-process fairsync commands (run.c) borrow
 * fds 1 and 2 and getopt's globals, and because two merges into one event
 * would only wait for each other's write lock anyway.
 *
 * Stopping: a progress handler on the worker's connection (and on the
 * reader's) returns nonzero once the console stops, so a job busy in
 * SQLite on it (a merge, an import) ends within a few thousand VM steps.
 * A fairsync command run in-process opens connections of its own, and a
 * merge checks its file on threads with theirs, which nothing here
 * reaches; console_jobs_stop() then reports the job stuck and the caller
 * exits without it (SQLite's journal undoes its unfinished transaction).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "../cli.h"
#include "console.h"

struct console_jobs {
	pthread_t thread;
	pthread_mutex_t lock;            /* everything below */
	pthread_cond_t wake;             /* a job queued, or stopping */
	pthread_cond_t idle;             /* pending went down */
	struct console_job *head, *tail; /* waiting, oldest first */
	int waiting;                     /* jobs in the queue */
	int pending;                     /* queued, running or not yet
					  * answered by the server */
	char running[128];               /* the running job's path, or "" */
	atomic_bool stopping;            /* read by the progress handler */
	bool started;
};

static int stop_check(void *ctx)
{
	struct console_jobs *j = ctx;

	return atomic_load(&j->stopping) ? 1 : 0;
}

static void answer_stopping(struct console_job *job)
{
	console_lang_use(job->req->conn);
	reply_error(job->reply, 503, "the console is stopping");
	job->done(job);
}

static struct console_job *next_job(struct console_jobs *j)
{
	struct console_job *job;

	pthread_mutex_lock(&j->lock);
	while (!j->head && !atomic_load(&j->stopping))
		pthread_cond_wait(&j->wake, &j->lock);
	job = j->head;
	if (job) {
		j->head = job->next;
		if (!j->head)
			j->tail = NULL;
		j->waiting--;
		snprintf(j->running, sizeof(j->running), "%s",
			 job->req->path);
	}
	pthread_mutex_unlock(&j->lock);
	return job;
}

static void *worker(void *arg)
{
	struct console *c = arg;
	struct console_jobs *j = c->jobs;
	struct console_job *job;

	while ((job = next_job(j))) {
		if (atomic_load(&j->stopping)) {
			answer_stopping(job);
		} else {
			/* the job's messages in its request's language */
			console_lang_use(job->req->conn);
			if (!console_api(c, job->req, job->reply))
				reply_error(job->reply, 404, "not found");
			job->done(job);
		}
		pthread_mutex_lock(&j->lock);
		j->running[0] = '\0';
		pthread_mutex_unlock(&j->lock);
	}
	return NULL;
}

int console_jobs_start(struct console *c, char *err, size_t cap)
{
	struct console_jobs *j = calloc(1, sizeof(*j));
	pthread_condattr_t ca;

	if (!j) {
		snprintf(err, cap, "out of memory");
		return -1;
	}
	c->jobs = j;
	pthread_mutex_init(&j->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&j->wake, NULL);
	pthread_cond_init(&j->idle, &ca);
	pthread_condattr_destroy(&ca);
	c->wst = cli_open_store(c->db, 0);
	if (!c->wst) {
		snprintf(err, cap, "cannot open '%s' a second time", c->db);
		return -1;
	}
	/* both connections: a stop also ends a long count on the reader */
	sqlite3_progress_handler(store_db(c->wst), 1000, stop_check, j);
	sqlite3_progress_handler(store_db(c->st), 1000, stop_check, j);
	if (pthread_create(&j->thread, NULL, worker, c)) {
		snprintf(err, cap, "cannot start the worker: %s",
			 strerror(errno));
		return -1;
	}
	j->started = true;
	return 0;
}

int console_job_queue(struct console *c, struct console_job *job)
{
	struct console_jobs *j = c->jobs;
	int rc = -1;

	pthread_mutex_lock(&j->lock);
	if (!atomic_load(&j->stopping) && j->waiting < CONSOLE_JOBS_MAX) {
		job->next = NULL;
		if (j->tail)
			j->tail->next = job;
		else
			j->head = job;
		j->tail = job;
		j->waiting++;
		j->pending++;
		pthread_cond_signal(&j->wake);
		rc = 0;
	}
	pthread_mutex_unlock(&j->lock);
	return rc;
}

void console_job_answered(struct console *c)
{
	struct console_jobs *j = c->jobs;

	pthread_mutex_lock(&j->lock);
	j->pending--;
	pthread_cond_broadcast(&j->idle);
	pthread_mutex_unlock(&j->lock);
}

bool console_jobs_busy(struct console *c)
{
	struct console_jobs *j = c->jobs;
	bool busy;

	pthread_mutex_lock(&j->lock);
	busy = j->pending > 0;
	pthread_mutex_unlock(&j->lock);
	return busy;
}

/* now + ms on the monotonic clock */
static struct timespec after_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static bool before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec ||
	       (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

bool console_jobs_stop(struct console *c, int ms, char *what, size_t cap)
{
	struct console_jobs *j = c->jobs;
	struct timespec end = after_ms(ms), tick;
	bool idle;

	what[0] = '\0';
	if (!j || !j->started)
		return true;
	pthread_mutex_lock(&j->lock);
	atomic_store(&j->stopping, true);
	pthread_cond_broadcast(&j->wake);
	while (j->pending > 0 && before(after_ms(0), end)) {
		/* the statement running now, if the handler is not reached;
		 * again every 50 ms, as an interrupt is lost between two
		 * statements */
		sqlite3_interrupt(store_db(c->wst));
		tick = after_ms(50);
		pthread_cond_timedwait(&j->idle, &j->lock,
				       before(tick, end) ? &tick : &end);
	}
	idle = j->pending == 0;
	if (!idle)
		snprintf(what, cap, "%s", j->running[0] ? j->running
							: "a job");
	pthread_mutex_unlock(&j->lock);
	return idle;
}

void console_jobs_free(struct console *c)
{
	struct console_jobs *j = c->jobs;

	if (j && j->started) {
		pthread_mutex_lock(&j->lock);
		atomic_store(&j->stopping, true);
		pthread_cond_broadcast(&j->wake);
		pthread_mutex_unlock(&j->lock);
		pthread_join(j->thread, NULL);
	}
	if (c->wst)
		store_close(c->wst);
	c->wst = NULL;
	if (j) {
		pthread_cond_destroy(&j->wake);
		pthread_cond_destroy(&j->idle);
		pthread_mutex_destroy(&j->lock);
		free(j);
	}
	c->jobs = NULL;
}
