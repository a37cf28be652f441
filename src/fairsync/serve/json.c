/* json.c: see json.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/grow.h"

#include "json.h"

void jbuf_free(struct jbuf *b)
{
	free(b->p);
	*b = (struct jbuf){ 0 };
}

void jbuf_reset(struct jbuf *b)
{
	b->len = 0;
	b->failed = false;
	b->need_comma = false;
	if (b->p)
		b->p[0] = '\0';
}

static bool grow(struct jbuf *b, size_t more)
{
	if (b->failed)
		return false;
	if (more > JBUF_MAX ||
	    fair_grow((void **)&b->p, &b->cap, b->len + more + 1, 1,
		      JBUF_MAX)) {
		b->failed = true;
		return false;
	}
	return true;
}

void jbuf_add(struct jbuf *b, const void *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void jbuf_puts(struct jbuf *b, const char *s)
{
	jbuf_add(b, s, strlen(s));
}

void jbuf_printf(struct jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void jbuf_html(struct jbuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': jbuf_puts(b, "&amp;"); break;
		case '<': jbuf_puts(b, "&lt;"); break;
		case '>': jbuf_puts(b, "&gt;"); break;
		case '"': jbuf_puts(b, "&quot;"); break;
		case '\'': jbuf_puts(b, "&#39;"); break;
		default: jbuf_add(b, s, 1);
		}
	}
}

static void comma(struct jbuf *b)
{
	if (b->need_comma)
		jbuf_add(b, ",", 1);
	b->need_comma = false;
}

void json_obj(struct jbuf *b)
{
	comma(b);
	jbuf_add(b, "{", 1);
}

void json_end_obj(struct jbuf *b)
{
	jbuf_add(b, "}", 1);
	b->need_comma = true;
}

void json_arr(struct jbuf *b)
{
	comma(b);
	jbuf_add(b, "[", 1);
}

void json_end_arr(struct jbuf *b)
{
	jbuf_add(b, "]", 1);
	b->need_comma = true;
}

void json_key(struct jbuf *b, const char *key)
{
	json_str(b, key);
	jbuf_add(b, ":", 1);
	b->need_comma = false;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void json_strn(struct jbuf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	comma(b);
	jbuf_add(b, "\"", 1);
	while (i < n) {
		unsigned char c = s[i];
		size_t len;

		if (c == '"' || c == '\\') {
			jbuf_add(b, "\\", 1);
			jbuf_add(b, &s[i++], 1);
		} else if (c == '\n') {
			jbuf_puts(b, "\\n"), i++;
		} else if (c == '\r') {
			jbuf_puts(b, "\\r"), i++;
		} else if (c == '\t') {
			jbuf_puts(b, "\\t"), i++;
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&' ||
			   c == 0x7f) {
			jbuf_printf(b, "\\u%04x", c), i++;
		} else if (c < 0x80) {
			jbuf_add(b, &s[i++], 1);
		} else if (!(len = utf8_seq(s + i, n - i))) {
			jbuf_puts(b, "\\ufffd"), i++;
		} else if (len == 3 && s[i] == 0xe2 && s[i + 1] == 0x80 &&
			   (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
			/* line and paragraph separators end a JS line */
			jbuf_printf(b, "\\u%04x", s[i + 2] == 0xa8 ? 0x2028
								   : 0x2029);
			i += 3;
		} else {
			jbuf_add(b, s + i, len);
			i += len;
		}
	}
	jbuf_add(b, "\"", 1);
	b->need_comma = true;
}

void json_str(struct jbuf *b, const char *s)
{
	if (!s)
		json_null(b);
	else
		json_strn(b, s, strlen(s));
}

void json_int(struct jbuf *b, long long v)
{
	comma(b);
	jbuf_printf(b, "%lld", v);
	b->need_comma = true;
}

void json_double(struct jbuf *b, double v)
{
	comma(b);
	if (isfinite(v))
		jbuf_printf(b, "%.3f", v);
	else
		jbuf_puts(b, "null");
	b->need_comma = true;
}

void json_bool(struct jbuf *b, bool v)
{
	comma(b);
	jbuf_puts(b, v ? "true" : "false");
	b->need_comma = true;
}

void json_null(struct jbuf *b)
{
	comma(b);
	jbuf_puts(b, "null");
	b->need_comma = true;
}

void json_kv_str(struct jbuf *b, const char *key, const char *s)
{
	json_key(b, key);
	json_str(b, s);
}

void json_kv_int(struct jbuf *b, const char *key, long long v)
{
	json_key(b, key);
	json_int(b, v);
}

void json_kv_bool(struct jbuf *b, const char *key, bool v)
{
	json_key(b, key);
	json_bool(b, v);
}
