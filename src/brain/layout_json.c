/* layout_json.c: a screen as text (layout.h), so tests, the gallery and a
 * voice read what the student sees without OCR. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/layout.h"

#define JSON_MAX (1 << 20) /* a screen of 96 widgets needs about 40 KB */

struct out {
	char *p;
	size_t n, cap;
	bool failed;     /* out of memory or over JSON_MAX */
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (o->n + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		char *p;

		while (cap < o->n + n + 1)
			cap *= 2;
		p = cap <= JSON_MAX ? realloc(o->p, cap) : NULL;
		if (!p) {
			o->failed = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
	o->p[o->n] = '\0';
}

static void putf(struct out *o, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, buf, (size_t)n < sizeof(buf) ? (size_t)n
						    : sizeof(buf) - 1);
}

/* A JSON string of the n bytes at s (UTF-8 passes through). */
static void put_str(struct out *o, const char *s, size_t n)
{
	put(o, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			put(o, "\\", 1);
			put(o, s + i, 1);
		} else if (c < 0x20) {
			putf(o, "\\u%04x", c);
		} else {
			put(o, s + i, 1);
		}
	}
	put(o, "\"", 1);
}

const char *widget_role_name(enum widget_role r)
{
	static const char *const names[WR_ROLE_COUNT] = {
		"", "title", "heading", "notice", "body", "name", "button",
		"key", "field", "counter",
	};

	return r > WR_NONE && r < WR_ROLE_COUNT ? names[r] : "";
}

static void put_lines(struct out *o, const struct widget *w)
{
	put(o, "[", 1);
	for (int i = 0; i < w->n_lines; i++) {
		const struct lb_line *ln = &w->line[i];
		char buf[LAYOUT_TEXT + 4];
		size_t n = ln->len < LAYOUT_TEXT ? ln->len : LAYOUT_TEXT;

		memcpy(buf, w->text + ln->start, n);
		if (i == w->n_lines - 1 && w->clipped) {
			memcpy(buf + n, "…", 3); /* as the renderer draws it */
			n += 3;
		}
		if (i)
			put(o, ", ", 2);
		put_str(o, buf, n);
	}
	put(o, "]", 1);
}

/* A button or key drawn muted does nothing yet (次へ before a choice). */
static bool enabled(const struct widget *w)
{
	if (w->role != WR_BUTTON && w->role != WR_KEY)
		return true;
	return widget_tappable(w) && w->style != ST_MUTED;
}

static void put_widget(struct out *o, const struct widget *w)
{
	put(o, "{\"role\": ", 9);
	put_str(o, widget_role_name(w->role), strlen(widget_role_name(
		w->role)));
	put(o, ", \"text\": ", 10);
	put_str(o, w->text, strlen(w->text));
	put(o, ", \"lines\": ", 11);
	put_lines(o, w);
	putf(o, ", \"rect\": [%d, %d, %d, %d], \"font_px\": %d,", w->r.x,
	     w->r.y, w->r.w, w->r.h, w->px);
	putf(o, " \"enabled\": %s}", enabled(w) ? "true" : "false");
}

char *layout_json(const struct layout *l, const char *screen)
{
	struct out o = { NULL, 0, 0, false };
	bool first = true;

	put(&o, "{\"screen\": ", 11);
	put_str(&o, screen, strlen(screen));
	putf(&o, ", \"size_px\": [%d, %d], \"px_per_mm\": %.3f,", l->width,
	     l->height, l->ds.px_per_mm);
	put(&o, "\n \"widgets\": [", 14);
	for (int i = 0; i < l->n; i++) {
		if (l->w[i].role == WR_NONE)
			continue;
		put(&o, first ? "\n  " : ",\n  ", first ? 3 : 4);
		put_widget(&o, &l->w[i]);
		first = false;
	}
	put(&o, "]}\n", 3);
	if (o.failed) {
		free(o.p);
		return NULL;
	}
	return o.p;
}
