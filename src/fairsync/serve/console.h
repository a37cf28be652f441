/* console.h: `fairsync serve`, the organizer's web console. Internal to
 * fairsync: the console runs the same core functions and the same fairsync
 * commands as the command line, so a check the CLI makes is never skipped
 * (docs/console.md).
 *
 * Threads: libmicrohttpd's one internal thread (epoll) reads every
 * request and answers the reads (pages, GET /api/) on the console's
 * reading connection `st`. Work that changes the event or writes a file
 * (every POST, every /export/) is a job: its connection is suspended and
 * the job runs on the worker thread (jobs.c) with its own connection
 * `wst`, one job at a time, so a merge never holds up the overview. The
 * watchdog thread (watch.c) cuts connections that are slow to send their
 * headers or body. The main thread only waits for a signal, then stops it
 * all (cmd_serve.c).
 *
 * Files: uploads and downloads live in a private folder (0700) beside the
 * event database, each file 0600, removed as soon as it is served or
 * used; the folder itself goes when the server stops.
 */
#ifndef FAIRSYNC_CONSOLE_H
#define FAIRSYNC_CONSOLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/store.h"
#include "json.h"

#define CONSOLE_TOKEN_HEX 64          /* 32 random bytes, hex */
#define CONSOLE_KIOSK_MAX (64L << 20) /* a kiosk database upload */
#define CONSOLE_ROSTER_MAX (8L << 20) /* a roster upload */
#define CONSOLE_FORM_MAX (64L << 10)  /* anything else POSTed */
#define CONSOLE_CACHE 16              /* API answers kept */

/* Who may hold a connection, and for how long (docs/console.md). */
#define CONSOLE_CONN_MAX 256    /* connections at once, all clients */
#define CONSOLE_CONN_PER_IP 16  /* from one address (a browser uses 6) */
#define CONSOLE_IDLE_S 30       /* nothing sent or received: closed */
#define CONSOLE_HEADER_S 10     /* connect to the end of the headers */
#define CONSOLE_KEEPALIVE_S 30  /* an answer to the next request's headers */
#define CONSOLE_BODY_GRACE_S 10 /* a body's first seconds, unmetered */
#define CONSOLE_BODY_RATE 16384 /* then bytes a second on average, at least */
#define CONSOLE_JOBS_MAX 32     /* jobs waiting for the worker */
#define CONSOLE_STOP_MS 500     /* how long a stop waits for the job */

struct console_jobs;
struct console_watch;

struct console {
	const char *db;                  /* the event database path */
	char tmpdir[4096];               /* private folder for uploads */
	char token[CONSOLE_TOKEN_HEX + 1];
	char csrf[CONSOLE_TOKEN_HEX + 1];
	struct store *st;                /* reads: the server thread only */
	struct store *wst;               /* jobs: the worker thread only */
	pthread_mutex_t read_lock;       /* st, also asked for its version
					  * by the worker */
	pthread_mutex_t cache_lock;      /* cache[], cache_next */
	struct console_jobs *jobs;       /* the worker (jobs.c) */
	struct console_watch *watch;     /* the watchdog (watch.c) */
	int stderr_fd;                   /* the terminal's stderr, while a
					  * command borrows fd 2 (run.c) */
	atomic_ulong tmp_seq;            /* names of temporary files */
	/* GET /api/ answers, kept until the database changes: version is
	 * the reading connection's PRAGMA data_version, which moves with
	 * every commit of another connection (the worker's, the CLI's) */
	struct console_cached {
		char key[300];           /* path?q */
		long long version;       /* data_version + own changes */
		struct jbuf body;
	} cache[CONSOLE_CACHE];
	unsigned cache_next;
};

/* One request as the handlers see it: method, path, the uploaded body
 * (already on disk, NULL without one) and the query arguments. */
struct console_req {
	void *conn;                      /* struct MHD_Connection * */
	const char *method;
	const char *path;
	const char *body_path;           /* upload in tmpdir, or NULL */
	long body_len;
};

/* What a handler answers: a status code, a content type and either bytes
 * (body, owned by the reply) or an open file descriptor to stream (fd >=
 * 0; the file is already unlinked). */
struct console_reply {
	int status;
	const char *type;
	struct jbuf body;
	int fd;
	long fd_len;
	char disposition[256];           /* Content-Disposition, or "" */
	bool cached;                     /* from the cache: X-Cache: hit */
	bool stale;                      /* the cached overview, kept while
					  * a job changes the event */
};

/* ---- jobs.c: the worker --------------------------------------------- */
/* A request handed to the worker. The server fills req, reply and done;
 * the worker fills reply, then calls done(job) on its own thread. */
struct console_job {
	struct console_job *next;        /* the queue */
	const struct console_req *req;
	struct console_reply *reply;
	void (*done)(struct console_job *job);
	void *ctx;                       /* for done */
};

/* Opens the worker's connection (wst) and starts it. 0, or -1 with why. */
int console_jobs_start(struct console *c, char *err, size_t cap);
/* Queues job. 0, or -1 when the console is stopping or CONSOLE_JOBS_MAX
 * jobs wait already (the job is then not taken: answer it yourself). */
int console_job_queue(struct console *c, struct console_job *job);
/* The server has sent a job's answer: it no longer counts as pending. */
void console_job_answered(struct console *c);
/* True while a job runs or waits. */
bool console_jobs_busy(struct console *c);
/* Stops taking jobs, answers those waiting with 503, interrupts the one
 * running (its SQLite connection) and waits up to ms for every job to be
 * answered. True if none is left; false if the running one is stuck (a
 * command's own connection the console cannot reach): then the worker
 * is left running and the caller exits without waiting for it. what gets
 * the stuck job's path. */
bool console_jobs_stop(struct console *c, int ms, char *what, size_t cap);
/* Joins the worker and closes wst. Only after console_jobs_stop() said
 * true, or when the worker was never started. */
void console_jobs_free(struct console *c);

/* ---- watch.c: deadlines for slow clients ---------------------------- */
enum watch_phase {
	WATCH_HEADERS,    /* headers coming: limit seconds since `since` */
	WATCH_BODY,       /* body coming: at least CONSOLE_BODY_RATE */
	WATCH_BUSY,       /* being answered: MHD's idle timeout only */
};

int console_watch_start(struct console *c);
void console_watch_stop(struct console *c);
/* A connection opened on socket fd: its slot (NULL when none is free:
 * then only MHD's idle timeout guards it). */
void *console_watch_add(struct console *c, int fd);
/* The connection is about to close its socket: forget it. */
void console_watch_del(struct console *c, void *slot);
/* The connection entered phase; limit_s for WATCH_HEADERS. */
void console_watch_set(struct console *c, void *slot, enum watch_phase p,
		       int limit_s);
/* got bytes of the body arrived so far. */
void console_watch_body(struct console *c, void *slot, long got);

/* ---- server.c ------------------------------------------------------- */
/* A query argument of the request, or NULL. */
const char *console_arg(const struct console_req *r, const char *name);

/* ---- tmp.c ---------------------------------------------------------- */
/* Creates the private folder beside db. 0 or -1 (errno set). */
int console_tmp_init(struct console *c);
/* Removes the folder and anything left in it. */
void console_tmp_cleanup(struct console *c);
/* A fresh path in the folder ending in suffix (".csv"); nothing created. */
void console_tmp_path(struct console *c, const char *suffix, char *out,
		      size_t cap);
/* Removes a file or a whole folder under tmpdir. */
void console_tmp_remove(const char *path);

/* ---- run.c: fairsync commands in-process ---------------------------- */
/* Runs the fairsync command argv[0] with argv as the command line would,
 * its stdout and stderr caught (not shown on the server's terminal). msg
 * gets what it said on stderr, "fairsync: " prefixes removed. Returns the
 * command's exit status. */
int console_run(struct console *c, const char *const *argv, char *msg,
		size_t cap);

/* ---- lang.c: the page's language ------------------------------------ */
/* True if the request on conn (struct MHD_Connection *) asks for English
 * (?lang=en, or X-Lang: en); Japanese otherwise. */
bool console_lang_en(void *conn);
/* Sets the calling thread's messages to the request's language, before
 * anything of its answer is formatted (the server's thread and the
 * worker both call it for each request they take). */
void console_lang_use(void *conn);

/* ---- zip.c ---------------------------------------------------------- */
/* Writes a zip of every regular file in dir (not recursive beyond one
 * level of folders), each stored as prefix/NAME. 0 or -1. */
int console_zip_dir(const char *dir, const char *prefix, const char *zip);
/* Extracts a kiosk bundle from a zip into dir: kiosk.ini, kiosk.db and
 * kiosk.db-wal wherever they are in it (other entries are ignored, no path
 * of the zip's is used), each at most cap bytes. folder gets the name of
 * the folder kiosk.ini was in ("" if none). 0, or -1 with why. */
int console_unzip_bundle(const char *zip, const char *dir, long cap,
			 char *folder, size_t folder_cap, char *why,
			 size_t why_cap);

/* ---- api.c ---------------------------------------------------------- */
/* Answers r if its path is one of the API's or a download; false if the
 * path is unknown. A job (console_is_job()) on the worker only, with wst;
 * a read on the server's thread only, holding read_lock. */
bool console_api(struct console *c, const struct console_req *r,
		 struct console_reply *out);
/* Computes the overview (/api/status) into the cache unless it is there
 * for the database as it is now, on the worker's connection. Called
 * before the server listens and by the worker after every change, so the
 * page an organizer goes back to after a merge or import answers from the
 * cache. */
void console_warm(struct console *c);
/* True for a request that runs as a job (every POST, every download). */
bool console_is_job(const char *method, const char *path);
/* ---- status.c ------------------------------------------------------- */
/* Writes the keys checkins, visitors, by_place, by_hour and by_kiosk of
 * /api/status into the open object b. 0, or -1 if the database failed or
 * memory ran out (b is then incomplete). */
int console_status_counts(struct store *st, int offset_min, bool merged,
			  struct jbuf *b);

/* ---- api_files.c: uploads, changes and downloads -------------------- */
/* The jobs: on the worker only. */
bool console_api_files(struct console *c, const struct console_req *r,
		       struct console_reply *out);
/* Frees the cached answers. */
void console_cache_free(struct console *c);
/* Upload cap for a POST to path (0: no body accepted). */
long console_upload_cap(const char *path);
/* The value of key in the urlencoded form body of r, decoded into out;
 * false if absent. */
bool console_form_get(const struct console_req *r, const char *key,
		      char *out, size_t cap);

/* ---- api_tours.c: a tour in the browser ------------------------------ */
/* POST /api/assign, /api/tour-move and GET /export/tour-plan.xlsx: jobs,
 * on the worker. False if the path is none of them. */
bool console_api_tours(struct console *c, const struct console_req *r,
		       struct console_reply *out);
/* GET /api/tour-plan: a read, on the server's thread with st. */
void console_tour_plan(struct store *st, struct console_reply *out);
/* GET /api/setup: how far the event is set up, for the guided first run:
 * a read. */
void console_setup(struct store *st, struct console_reply *out);

/* ---- pages.c -------------------------------------------------------- */
/* Answers r if its path is a page or a static file; false otherwise. */
bool console_pages(struct console *c, const struct console_req *r,
		   struct console_reply *out);

/* Helpers for handlers: a JSON or text reply, an error as JSON
 * {"error": msg} (msg English, translated to the request's language:
 * console_lang_use), a file to stream (unlinked here). */
void reply_json(struct console_reply *out, int status);
void reply_error(struct console_reply *out, int status, const char *msg);
int reply_file(struct console_reply *out, const char *path, const char *type,
	       const char *download_name);
/* reply_file() for a download named name, which may be Japanese (UTF-8:
 * sent RFC 5987-encoded), with ascii_name for browsers that cannot. */
int reply_download(struct console_reply *out, const char *path,
		   const char *type, const char *ascii_name, const char *name);

/* Starts the server on addr ("127.0.0.1:8080", "[::1]:0"); fills the
 * port actually bound. NULL on failure with why written into err. The
 * worker and the watchdog must be running. console_stop() only when no
 * job is pending (a suspended connection makes MHD abort). */
void *console_start(struct console *c, const char *addr, int *port,
		    char *err, size_t cap);
void console_stop(void *daemon);

#endif
