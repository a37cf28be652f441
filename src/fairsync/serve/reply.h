/* reply.h: a request as the console's handlers see it and the answer
 * they write, with the helpers every handler shares (reply.c). Internal
 * to the console. The server (server.c) fills a console_req, a handler
 * fills a console_reply with these helpers, the server sends it: both
 * depend on this file, never on each other. */
#ifndef FAIRSYNC_REPLY_H
#define FAIRSYNC_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"

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

/* A query argument of the request, or NULL. */
const char *console_arg(const struct console_req *r, const char *name);
/* The value of key in the urlencoded form body of r, decoded into out;
 * false if absent. */
bool console_form_get(const struct console_req *r, const char *key,
		      char *out, size_t cap);

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

#endif
