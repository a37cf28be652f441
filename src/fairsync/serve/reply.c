/* reply.c: what every handler shares to read a request and to write its
 * answer: query and form arguments, JSON and error replies, files to
 * stream. Its own file so that the server (server.c) and the handlers
 * (api*.c, jobs.c) both depend on it and never on each other (reply.h). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "console.h"
#include "fair/i18n.h"

/* ---- the request ------------------------------------------------------- */

const char *console_arg(const struct console_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

/* ---- a urlencoded form (the body of small POSTs) ---------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 32) >= 'a' && (c | 32) <= 'f')
		return (c | 32) - 'a' + 10;
	return -1;
}

/* The value of key in the form body at path, decoded into out; false if
 * absent. */
bool console_form_get(const struct console_req *r, const char *key,
		      char *out, size_t cap)
{
	char buf[CONSOLE_FORM_MAX + 1];
	size_t klen = strlen(key), n;
	FILE *f;
	char *p;

	out[0] = '\0';
	if (!r->body_path || !(f = fopen(r->body_path, "rb")))
		return false;
	n = fread(buf, 1, CONSOLE_FORM_MAX, f);
	fclose(f);
	buf[n] = '\0';
	for (p = buf; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		size_t o = 0;

		if (strncmp(p, key, klen) || p[klen] != '=')
			continue;
		for (p += klen + 1; *p && *p != '&' && o + 1 < cap; p++) {
			if (*p == '+') {
				out[o++] = ' ';
			} else if (*p == '%' && hexval(p[1]) >= 0 &&
				   hexval(p[2]) >= 0) {
				out[o++] = (char)(hexval(p[1]) * 16 +
						  hexval(p[2]));
				p += 2;
			} else {
				out[o++] = *p;
			}
		}
		out[o] = '\0';
		return true;
	}
	return false;
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
	/* a message already translated is its own msgid: left as it is */
	json_kv_str(&out->body, "error", _(msg));
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
