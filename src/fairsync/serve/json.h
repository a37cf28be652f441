/* json.h: a growable byte buffer and the small JSON writer the console's
 * API answers with. Strings are escaped for JSON and for being inlined in
 * HTML (<, >, & and U+2028/9 as \u escapes); invalid UTF-8 becomes U+FFFD
 * so an odd byte in a roster never breaks the answer.
 *
 * Errors: the buffer remembers running out of memory (failed); later
 * writes do nothing, and the caller checks once at the end. */
#ifndef FAIRSYNC_JSON_H
#define FAIRSYNC_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* The most one answer may hold: far past any event's (a 5,000-student
 * tour plan is about 2 MB), short of what would take the server down. */
#define JBUF_MAX ((size_t)256 << 20)

struct jbuf {
	char *p;        /* NUL-terminated; owned; NULL while empty */
	size_t len;
	size_t cap;
	bool failed;    /* a write ran out of memory */
	bool need_comma;/* inside an object or array, after a value */
};

void jbuf_free(struct jbuf *b);
void jbuf_reset(struct jbuf *b);          /* empties, keeps memory */
void jbuf_add(struct jbuf *b, const void *s, size_t n);
void jbuf_puts(struct jbuf *b, const char *s);
void jbuf_printf(struct jbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s HTML-escaped (& < > " '). */
void jbuf_html(struct jbuf *b, const char *s);

/* JSON: open/close containers, keys and values. Commas are written by
 * the writer. json_key() is followed by exactly one value. */
void json_obj(struct jbuf *b);
void json_end_obj(struct jbuf *b);
void json_arr(struct jbuf *b);
void json_end_arr(struct jbuf *b);
void json_key(struct jbuf *b, const char *key);
void json_str(struct jbuf *b, const char *s);   /* NULL writes null */
void json_strn(struct jbuf *b, const char *s, size_t n);
void json_int(struct jbuf *b, long long v);
void json_double(struct jbuf *b, double v);
void json_bool(struct jbuf *b, bool v);
void json_null(struct jbuf *b);
/* One member of an object: json_key(b, key) and its value, the pair the
 * API writes most (NULL s writes null). */
void json_kv_str(struct jbuf *b, const char *key, const char *s);
void json_kv_int(struct jbuf *b, const char *key, long long v);
void json_kv_bool(struct jbuf *b, const char *key, bool v);

#endif
