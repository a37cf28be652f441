/* console.h: `fairsync serve`, the organizer's web console. Internal to
 * fairsync: the console runs the same core functions and the same fairsync
 * commands as the command line, so a check the CLI makes is never skipped
 * (docs/console.md).
 *
 * Threads: libmicrohttpd runs every request on one internal thread, one
 * request at a time, so the handlers below share the console without
 * locks. The main thread only waits for a signal.
 *
 * Files: uploads and downloads live in a private folder (0700) beside the
 * event database, each file 0600, removed as soon as it is served or
 * used; the folder itself goes when the server stops.
 */
#ifndef FAIRSYNC_CONSOLE_H
#define FAIRSYNC_CONSOLE_H

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

struct console {
	const char *db;                  /* the event database path */
	char tmpdir[4096];               /* private folder for uploads */
	char token[CONSOLE_TOKEN_HEX + 1];
	char csrf[CONSOLE_TOKEN_HEX + 1];
	struct store *st;                /* open for the server's life */
	unsigned long tmp_seq;           /* names of temporary files */
	/* GET /api/ answers, kept until the database changes */
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
};

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
 * path is unknown. */
bool console_api(struct console *c, const struct console_req *r,
		 struct console_reply *out);
/* Computes the overview (/api/status) into the cache unless it is there
 * for the database as it is now. The server calls it before it listens
 * and after every change made through it, so the page an organizer goes
 * back to after a merge or import answers from the cache. */
void console_warm(struct console *c);
/* ---- status.c ------------------------------------------------------- */
/* Writes the keys checkins, visitors, by_place, by_hour and by_kiosk of
 * /api/status into the open object b. 0, or -1 if the database failed or
 * memory ran out (b is then incomplete). */
int console_status_counts(struct store *st, int offset_min, bool merged,
			  struct jbuf *b);

/* ---- api_files.c: uploads, changes and downloads -------------------- */
bool console_api_files(struct console *c, const struct console_req *r,
		       struct console_reply *out);
/* Frees the cached answers. */
void console_cache_free(struct console *c);
/* Upload cap for a POST to path (0: no body accepted). */
long console_upload_cap(const char *path);

/* ---- pages.c -------------------------------------------------------- */
/* Answers r if its path is a page or a static file; false otherwise. */
bool console_pages(struct console *c, const struct console_req *r,
		   struct console_reply *out);

/* Helpers for handlers: a JSON or text reply, an error as JSON
 * {"error": msg}, a file to stream (unlinked here). */
void reply_json(struct console_reply *out, int status);
void reply_error(struct console_reply *out, int status, const char *msg);
int reply_file(struct console_reply *out, const char *path, const char *type,
	       const char *download_name);
/* reply_file() for a download named name, which may be Japanese (UTF-8:
 * sent RFC 5987-encoded), with ascii_name for browsers that cannot. */
int reply_download(struct console_reply *out, const char *path,
		   const char *type, const char *ascii_name, const char *name);

/* Starts the server on addr ("127.0.0.1:8080", "[::1]:0"); fills the
 * port actually bound. NULL on failure with why written into err. */
void *console_start(struct console *c, const char *addr, int *port,
		    char *err, size_t cap);
void console_stop(void *daemon);

#endif
