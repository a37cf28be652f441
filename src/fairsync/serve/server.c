/* server.c: the HTTP side of the console on libmicrohttpd: who may ask
 * (the access token), CSRF on every POST, uploads streamed to a private
 * file under a size cap, and the answer's headers.
 *
 * Access: the token printed at start, given once as ?token= (answered by
 * a redirect that sets an HttpOnly SameSite=Strict cookie and drops the
 * token from the address bar), then by that cookie, or as
 * "Authorization: Bearer TOKEN". Anything else is 401.
 * POST: needs the page's CSRF token in an X-CSRF-Token header (403
 * otherwise), and an Origin, when the browser sends one, of this server.
 * Bodies over the path's cap are refused with 413 before they are read
 * (Content-Length) or as soon as they pass it (chunked).
 * Refusals close the connection: without the token, a client holds one
 * only until its headers are complete (watch.c bounds that).
 *
 * Jobs (console_is_job()) are not answered here: the connection is
 * suspended, the worker runs the request (jobs.c) and resumes it, and MHD
 * calls on_request() once more to send what the worker answered. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "console.h"
#include "fair/i18n.h"

#define COOKIE "fairsync_token"

#if MHD_VERSION < 0x00097002
typedef int MHD_Result;
#else
typedef enum MHD_Result MHD_Result;
#endif

enum job_state { JOB_NONE, JOB_QUEUED, JOB_DONE, JOB_ANSWERED };

struct conn_state {
	struct console_req req;
	struct console_job job;         /* when the request is a job */
	struct console_reply reply;     /* the worker's answer */
	_Atomic enum job_state state;
	void *watch;                    /* the connection's watch.c slot */
	bool uncounted;                 /* a job the worker refused */
	char body_path[4200];
	int fd;                 /* upload being written, or -1 */
	long cap;
	long got;
	int refused;            /* 401, 403, 413 decided on the first call */
	bool too_big;
	bool write_failed;
};

const char *console_arg(const struct console_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

static bool token_eq(const char *given, const char *want)
{
	return given && strlen(given) == CONSOLE_TOKEN_HEX &&
	       sodium_memcmp(given, want, CONSOLE_TOKEN_HEX) == 0;
}

/* The token from an Authorization: Bearer header, or NULL. */
static const char *bearer(struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						    "Authorization");

	if (!h || strncasecmp(h, "Bearer ", 7))
		return NULL;
	return h + 7;
}

static void security_headers(struct MHD_Response *res)
{
	MHD_add_response_header(res, "Cache-Control", "no-store");
	MHD_add_response_header(res, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(res, "X-Frame-Options", "DENY");
	MHD_add_response_header(res, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(res, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; "
				"frame-ancestors 'none'; form-action 'self'");
}

static MHD_Result send_bytes(struct MHD_Connection *conn, int status,
			     const char *type, const char *body, size_t len)
{
	struct MHD_Response *res = MHD_create_response_from_buffer(
		len, (void *)body, MHD_RESPMEM_MUST_COPY);
	MHD_Result rc;

	if (!res)
		return MHD_NO;
	MHD_add_response_header(res, "Content-Type", type);
	if (status >= 400)
		MHD_add_response_header(res, "Connection", "close");
	security_headers(res);
	rc = MHD_queue_response(conn, (unsigned)status, res);
	MHD_destroy_response(res);
	return rc;
}

static MHD_Result send_error(struct MHD_Connection *conn, int status,
			     const char *msg)
{
	struct jbuf b = { 0 };
	MHD_Result rc;

	json_obj(&b);
	json_key(&b, "error");
	json_str(&b, _(msg));
	json_end_obj(&b);
	rc = send_bytes(conn, status, "application/json; charset=utf-8",
			b.p ? b.p : "{}", b.p ? b.len : 2);
	jbuf_free(&b);
	return rc;
}

/* ?token=... right: set the cookie and send the browser on without the
 * token in its address bar (nor in its history). */
static MHD_Result login(struct console *c, struct MHD_Connection *conn,
			const char *url)
{
	struct MHD_Response *res = MHD_create_response_from_buffer(
		0, "", MHD_RESPMEM_PERSISTENT);
	char cookie[200];
	MHD_Result rc;

	if (!res)
		return MHD_NO;
	snprintf(cookie, sizeof(cookie), COOKIE "=%s; Path=/; HttpOnly; "
		 "SameSite=Strict", c->token);
	MHD_add_response_header(res, "Set-Cookie", cookie);
	MHD_add_response_header(res, "Location", url);
	security_headers(res);
	rc = MHD_queue_response(conn, MHD_HTTP_SEE_OTHER, res);
	MHD_destroy_response(res);
	return rc;
}

/* An Origin sent with a POST must be this server's own. */
static bool origin_ok(struct MHD_Connection *conn)
{
	const char *o = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						    "Origin");
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						    "Host");

	if (!o)
		return true;
	return h && !strncmp(o, "http://", 7) && !strcmp(o + 7, h);
}

/* First call of a request: 0 to go on, or the status refusing it. */
static int admit(struct console *c, struct MHD_Connection *conn,
		 struct conn_state *s)
{
	const char *cookie = MHD_lookup_connection_value(conn,
							 MHD_COOKIE_KIND,
							 COOKIE);
	const char *csrf, *len;

	if (!token_eq(cookie, c->token) && !token_eq(bearer(conn), c->token))
		return 401;
	if (!strcmp(s->req.method, "GET") || !strcmp(s->req.method, "HEAD"))
		return 0;
	if (strcmp(s->req.method, "POST"))
		return 405;
	csrf = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					   "X-CSRF-Token");
	if (!token_eq(csrf, c->csrf) || !origin_ok(conn))
		return 403;
	s->cap = console_upload_cap(s->req.path);
	len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					  "Content-Length");
	if (len && strtoll(len, NULL, 10) > s->cap)
		return 413;
	return 0;
}

static void start_upload(struct console *c, struct conn_state *s)
{
	console_tmp_path(c, ".upload", s->body_path, sizeof(s->body_path));
	s->fd = open(s->body_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		     0600);
	if (s->fd < 0)
		s->write_failed = true;
	else
		s->req.body_path = s->body_path;
}

static void take_chunk(struct conn_state *s, const char *data, size_t n)
{
	if (s->too_big || s->write_failed)
		return;
	if (s->got + (long)n > s->cap) {
		s->too_big = true;
		return;
	}
	for (size_t done = 0; done < n;) {
		ssize_t w = write(s->fd, data + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->write_failed = true;
			return;
		}
		done += (size_t)w;
	}
	s->got += (long)n;
}

static MHD_Result send_reply(struct MHD_Connection *conn,
			     struct console_reply *r)
{
	struct MHD_Response *res;
	MHD_Result rc;

	if (r->fd >= 0) {
		res = MHD_create_response_from_fd((uint64_t)r->fd_len, r->fd);
		r->fd = -1; /* MHD closes it */
	} else {
		res = MHD_create_response_from_buffer(
			r->body.len, r->body.p ? r->body.p : "",
			MHD_RESPMEM_MUST_COPY);
	}
	if (!res)
		return MHD_NO;
	MHD_add_response_header(res, "Content-Type",
				r->type ? r->type : "text/plain");
	if (r->disposition[0])
		MHD_add_response_header(res, "Content-Disposition",
					r->disposition);
	if (r->cached)
		MHD_add_response_header(res, "X-Cache",
					r->stale ? "stale" : "hit");
	security_headers(res);
	rc = MHD_queue_response(conn, (unsigned)r->status, res);
	MHD_destroy_response(res);
	return rc;
}

static void reply_release(struct console_reply *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	jbuf_free(&r->body);
}

/* On the worker: the answer is ready, wake the connection. */
static void job_done(struct console_job *job)
{
	struct conn_state *s = job->ctx;

	atomic_store(&s->state, JOB_DONE);
	MHD_resume_connection(s->req.conn);
}

/* The worker's answer, once it resumed the connection. */
static MHD_Result answer_job(struct console *c, struct conn_state *s)
{
	MHD_Result rc = send_reply(s->req.conn, &s->reply);

	reply_release(&s->reply);
	atomic_store(&s->state, JOB_ANSWERED);
	if (!s->uncounted)
		console_job_answered(c);
	return rc;
}

static MHD_Result start_job(struct console *c, struct conn_state *s)
{
	s->reply = (struct console_reply){ .status = 404, .fd = -1 };
	s->job = (struct console_job){ .req = &s->req, .reply = &s->reply,
				       .done = job_done, .ctx = s };
	atomic_store(&s->state, JOB_QUEUED);
	/* suspended first: the worker may resume it at once */
	MHD_suspend_connection(s->req.conn);
	if (console_job_queue(c, &s->job) == 0)
		return MHD_YES;
	/* not taken: answered like a job, uncounted */
	s->uncounted = true;
	reply_error(&s->reply, 503, "the console is stopping, or too many "
		    "jobs wait: try again");
	job_done(&s->job);
	return MHD_YES;
}

static MHD_Result dispatch(struct console *c, struct conn_state *s)
{
	struct console_reply r = { .status = 404, .fd = -1 };
	MHD_Result rc;

	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	s->req.body_len = s->got;
	console_watch_set(c, s->watch, WATCH_BUSY, 0);
	if (s->too_big)
		return send_error(s->req.conn, 413,
				  "upload too large");
	if (s->write_failed)
		return send_error(s->req.conn, 500, "cannot store the upload");
	if (console_is_job(s->req.method, s->req.path))
		return start_job(c, s);
	pthread_mutex_lock(&c->read_lock);
	if (!console_api(c, &s->req, &r) && !console_pages(c, &s->req, &r))
		reply_error(&r, 404, "not found");
	pthread_mutex_unlock(&c->read_lock);
	rc = send_reply(s->req.conn, &r);
	reply_release(&r);
	return rc;
}

static void *watch_slot(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static MHD_Result on_request(void *cls, struct MHD_Connection *conn,
			     const char *url, const char *method,
			     const char *version, const char *data,
			     size_t *data_size, void **con_cls)
{
	struct console *c = cls;
	struct conn_state *s = *con_cls;
	const char *q;

	(void)version;
	console_lang_use(conn); /* this thread speaks the request's language */
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return MHD_NO;
		s->fd = -1;
		s->req = (struct console_req){ .conn = conn, .method = method,
					       .path = url };
		s->reply.fd = -1;
		s->watch = watch_slot(conn);
		/* the headers are in: now being answered (or its body read) */
		console_watch_set(c, s->watch, WATCH_BUSY, 0);
		*con_cls = s;
		q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
						"token");
		if (q && !strcmp(method, "GET") && token_eq(q, c->token))
			/* "//host" would leave this server: go home instead */
			return login(c, conn, url[0] == '/' && url[1] != '/' &&
					      url[1] != '\\' ? url : "/");
		s->refused = admit(c, conn, s);
		if (s->refused)
			return send_error(conn, s->refused,
					  s->refused == 401 ? "token required"
					  : s->refused == 403 ? "bad CSRF token"
					  : s->refused == 413 ? "upload too large"
					  : "method not allowed");
		if (!strcmp(method, "POST") && s->cap > 0)
			start_upload(c, s);
		/* a body, if any, must keep coming (GET: none, answered next) */
		console_watch_set(c, s->watch, WATCH_BODY, 0);
		return MHD_YES;
	}
	if (s->refused)
		return MHD_NO;
	if (atomic_load(&s->state) == JOB_DONE)
		return answer_job(c, s);
	if (atomic_load(&s->state) != JOB_NONE)
		return MHD_YES; /* resumed before the answer: not ours */
	if (*data_size) {
		if (s->fd >= 0)
			take_chunk(s, data, *data_size);
		else
			s->too_big = true; /* a body where none is taken */
		console_watch_body(c, s->watch, s->got);
		*data_size = 0;
		return MHD_YES;
	}
	return dispatch(c, s);
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
		    enum MHD_RequestTerminationCode why)
{
	struct console *c = cls;
	struct conn_state *s = *con_cls;

	(void)why;
	/* the next request on this connection: its headers, in time */
	console_watch_set(c, watch_slot(conn), WATCH_HEADERS,
			  CONSOLE_KEEPALIVE_S);
	if (!s)
		return;
	if (atomic_load(&s->state) == JOB_DONE && !s->uncounted)
		console_job_answered(c); /* closed before it was sent */
	reply_release(&s->reply);
	if (s->fd >= 0)
		close(s->fd);
	if (s->body_path[0])
		unlink(s->body_path);
	free(s);
	*con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct console *c = cls;
	const union MHD_ConnectionInfo *ci;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
					     MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? console_watch_add(c, ci->connect_fd)
				     : NULL;
	} else {
		console_watch_del(c, *socket_context);
		*socket_context = NULL;
	}
}

/* "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_addr(const char *addr, struct sockaddr_storage *ss,
		      char *err, size_t cap)
{
	char host[256];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST |
					      AI_NUMERICSERV,
				  .ai_socktype = SOCK_STREAM }, *ai;
	size_t hl;

	if (!colon || colon == addr || !colon[1]) {
		snprintf(err, cap, "--listen wants ADDR:PORT, not '%s'", addr);
		return -1;
	}
	hl = (size_t)(colon - addr);
	if (addr[0] == '[' && hl > 2 && addr[hl - 1] == ']')
		snprintf(host, sizeof(host), "%.*s", (int)hl - 2, addr + 1);
	else
		snprintf(host, sizeof(host), "%.*s", (int)hl, addr);
	if (getaddrinfo(host, colon + 1, &hints, &ai)) {
		snprintf(err, cap, "--listen wants a numeric ADDR:PORT, not "
			 "'%s'", addr);
		return -1;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	return 0;
}

void *console_start(struct console *c, const char *addr, int *port,
		    char *err, size_t cap)
{
	struct sockaddr_storage ss = { 0 };
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD |
			 MHD_ALLOW_SUSPEND_RESUME;

	if (parse_addr(addr, &ss, err, cap))
		return NULL;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, c,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_NOTIFY_COMPLETED, on_done, c,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, c,
			     MHD_OPTION_CONNECTION_TIMEOUT,
			     (unsigned)CONSOLE_IDLE_S,
			     MHD_OPTION_CONNECTION_LIMIT,
			     (unsigned)CONSOLE_CONN_MAX,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT,
			     (unsigned)CONSOLE_CONN_PER_IP,
			     MHD_OPTION_END);
	if (!d) {
		snprintf(err, cap, "cannot listen on '%s': %s", addr,
			 strerror(errno ? errno : EADDRINUSE));
		return NULL;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : 0;
	return d;
}

void console_stop(void *daemon)
{
	if (daemon)
		MHD_stop_daemon(daemon);
}

/* ---- replies ----------------------------------------------------------- */

void reply_json(struct console_reply *out, int status)
{
	out->status = status;
	out->type = "application/json; charset=utf-8";
}

void reply_error(struct console_reply *out, int status, const char *msg)
{
	jbuf_reset(&out->body);
	json_obj(&out->body);
	json_key(&out->body, "error");
	json_str(&out->body, _(msg)); /* a message already translated is
				       * its own msgid: left as it is */
	json_end_obj(&out->body);
	reply_json(out, status);
}

/* True if name can stand in a quoted filename="" as it is. */
static bool plain_name(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			return false;
	return true;
}

/* name percent-encoded as RFC 5987 wants (attr-char kept), into out;
 * false if it does not fit. */
static bool pct_encode(const char *name, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("-._~", *p);

		if (n + (keep ? 1 : 3) >= cap)
			return false;
		if (keep) {
			out[n++] = (char)*p;
			continue;
		}
		out[n++] = '%';
		out[n++] = hex[*p >> 4];
		out[n++] = hex[*p & 15];
	}
	out[n] = '\0';
	return true;
}

/* Content-Disposition for a download: filename="ascii" for every
 * browser, and for a name beyond ASCII also filename*=UTF-8''... (RFC
 * 5987/6266), which browsers prefer: 出席一覧-2026-12-05.xlsx. */
static void set_disposition(struct console_reply *out, const char *ascii,
			    const char *name)
{
	char enc[sizeof(out->disposition)];
	int n = snprintf(out->disposition, sizeof(out->disposition),
			 "attachment; filename=\"%s\"",
			 plain_name(ascii) ? ascii : "download");

	if (plain_name(name) || n < 0 ||
	    (size_t)n + 20 >= sizeof(out->disposition) ||
	    !pct_encode(name, enc, sizeof(out->disposition) - (size_t)n - 20))
		return; /* the ASCII name alone */
	/* pct_encode() left room for the parameter's name */
	snprintf(out->disposition + n, sizeof(out->disposition) - (size_t)n,
		 "; filename*=UTF-8''%.*s",
		 (int)(sizeof(out->disposition) - (size_t)n - 20), enc);
}

int reply_download(struct console_reply *out, const char *path,
		   const char *type, const char *ascii_name, const char *name)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb)) {
		if (fd >= 0)
			close(fd);
		unlink(path);
		reply_error(out, 500, "the file to send vanished");
		return -1;
	}
	unlink(path); /* served from the open descriptor, gone from disk */
	out->fd = fd;
	out->fd_len = (long)sb.st_size;
	out->status = 200;
	out->type = type;
	if (name)
		set_disposition(out, ascii_name ? ascii_name : name, name);
	return 0;
}

int reply_file(struct console_reply *out, const char *path, const char *type,
	       const char *download_name)
{
	return reply_download(out, path, type, download_name, download_name);
}
