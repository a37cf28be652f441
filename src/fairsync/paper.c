/* paper.c: fonts, fitted and wrapped text for the PDFs (see paper.h). */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>

#include "paper.h"

#define TEXT_CAP 512

cairo_font_face_t *paper_font(bool bold, const char **why)
{
	FcPattern *pat, *match;
	FcCharSet *cs = NULL;
	FcResult res;
	cairo_font_face_t *face = NULL;

	pat = FcNameParse((const FcChar8 *)"Noto Sans CJK JP:lang=ja");
	if (!pat) {
		*why = "fontconfig failed";
		return NULL;
	}
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD
						 : FC_WEIGHT_REGULAR);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (!match) {
		*why = "no font found by fontconfig";
		return NULL;
	}
	/* あ: without kana every name would print as boxes */
	if (FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) != FcResultMatch ||
	    !FcCharSetHasChar(cs, 0x3042)) {
		*why = "no Japanese font installed (apt-get install "
		       "fonts-noto-cjk)";
	} else {
		face = cairo_ft_font_face_create_for_pattern(match);
	}
	FcPatternDestroy(match);
	return face;
}

void paper_release(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}

static double text_w(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/* Drops whole UTF-8 characters from the end until text + "…" fits. */
static void text_cut(cairo_t *cr, char *buf, double max_w)
{
	size_t n = strlen(buf);

	while (n > 0) {
		do
			n--;
		while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80);
		memcpy(buf + n, "\xE2\x80\xA6", 4);
		if (text_w(cr, buf) <= max_w)
			return;
	}
}

/* Shrinks by steps while wider than max_w and above min_size; with floor
 * the last step stops at min_size instead of just under it. */
static void fit_down_to(cairo_t *cr, const char *text, double size,
			double min_size, bool floor, double max_w,
			char buf[TEXT_CAP])
{
	double s = size;

	/* reserve room for the ellipsis */
	strncpy(buf, text, TEXT_CAP - 4);
	buf[TEXT_CAP - 4] = '\0';
	cairo_set_font_size(cr, s);
	while (text_w(cr, buf) > max_w && s > min_size) {
		s *= 0.92;
		if (floor && s < min_size)
			s = min_size;
		cairo_set_font_size(cr, s);
	}
	if (text_w(cr, buf) > max_w)
		text_cut(cr, buf, max_w);
}

static void fit(cairo_t *cr, const char *text, double size, double max_w,
		char buf[TEXT_CAP])
{
	fit_down_to(cr, text, size, size / 2, false, max_w, buf);
}

void paper_text_min(cairo_t *cr, const char *text, double x, double y,
		    double size, double min_size, double max_w)
{
	char buf[TEXT_CAP];

	fit_down_to(cr, text, size, min_size < size ? min_size : size, true,
		    max_w, buf);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, buf);
}

void paper_text(cairo_t *cr, const char *text, double x, double y,
		double size, double max_w)
{
	char buf[TEXT_CAP];

	fit(cr, text, size, max_w, buf);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, buf);
}

void paper_text_centred(cairo_t *cr, const char *text, double cx, double y,
			double size, double max_w)
{
	char buf[TEXT_CAP];

	fit(cr, text, size, max_w, buf);
	cairo_move_to(cr, cx - text_w(cr, buf) / 2, y);
	cairo_show_text(cr, buf);
}

/* ---- wrapped text ---------------------------------------------------- */

#define WRAP_UNIT 64.0 /* linebreak measures in ints: 1/64 point */

struct measure {
	cairo_t *cr;
	char buf[LINEBREAK_TEXT_MAX + 1];
};

/* linebreak_width_fn: the n bytes at s in cairo's current font. */
static int measure_w(void *ctx, const char *s, size_t n)
{
	struct measure *m = ctx;

	if (n > LINEBREAK_TEXT_MAX)
		n = LINEBREAK_TEXT_MAX;
	memcpy(m->buf, s, n);
	m->buf[n] = '\0';
	return (int)ceil(text_w(m->cr, m->buf) * WRAP_UNIT);
}

/* Japanese rules as soon as the text holds kana or kanji. */
static const char *text_lang(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xE3)
			return "ja";
	return "en";
}

int paper_wrap(cairo_t *cr, const char *text, double max_w,
	       struct lb_line *lines, int max_lines)
{
	struct measure m; /* 2 KiB on the stack: badge threads share none */
	double w = floor(max_w * WRAP_UNIT);

	m.cr = cr;
	return linebreak_wrap(text, text_lang(text),
			      w < 1 ? 1 : w > 1e9 ? 1000000000 : (int)w,
			      measure_w, &m, lines, max_lines);
}

int paper_text_lines(cairo_t *cr, const char *text, double size,
		     double max_w)
{
	cairo_set_font_size(cr, size);
	if (!*text)
		return 0;
	if (!strchr(text, '\n') && strlen(text) <= LINEBREAK_TEXT_MAX &&
	    text_w(cr, text) <= max_w)
		return 1; /* the usual case, without the breaking rules */
	return paper_wrap(cr, text, max_w, NULL, 0);
}

/* The last line drawn when the text does not fit: from its start to the
 * text's end, cut with an ellipsis (its own line's length is where the
 * cutting starts, so only a few characters are measured). */
static void last_line(cairo_t *cr, const char *text,
		      const struct lb_line *ln, double max_w,
		      char buf[LINEBREAK_TEXT_MAX + 4])
{
	size_t n = ln->len < LINEBREAK_TEXT_MAX ? ln->len : LINEBREAK_TEXT_MAX;

	memcpy(buf, text + ln->start, n);
	memcpy(buf + n, "\xE2\x80\xA6", 4);
	if (text_w(cr, buf) > max_w)
		text_cut(cr, buf, max_w);
}

static double wrapped(cairo_t *cr, const char *text, double x, double y,
		      double size, double max_w, int max_lines,
		      double line_h, bool centred)
{
	struct lb_line ln[PAPER_LINES_MAX];
	char buf[LINEBREAK_TEXT_MAX + 4];
	double s = size;
	int n;

	if (max_lines <= 0 || max_lines > PAPER_LINES_MAX)
		max_lines = PAPER_LINES_MAX;
	cairo_set_font_size(cr, s);
	if (!*text)
		return 0;
	if (!strchr(text, '\n') && strlen(text) <= LINEBREAK_TEXT_MAX &&
	    text_w(cr, text) <= max_w) { /* the usual case: one line */
		cairo_move_to(cr, centred ? x - text_w(cr, text) / 2 : x, y);
		cairo_show_text(cr, text);
		return line_h;
	}
	n = paper_wrap(cr, text, max_w, ln, max_lines);
	while (n > max_lines && s > size / 2) {
		s *= 0.92;
		cairo_set_font_size(cr, s);
		n = paper_wrap(cr, text, max_w, ln, max_lines);
	}
	line_h *= s / size;
	for (int i = 0; i < n && i < max_lines; i++) {
		const char *show = buf;

		if (i == max_lines - 1 && n > max_lines) {
			last_line(cr, text, &ln[i], max_w, buf);
		} else {
			memcpy(buf, text + ln[i].start, ln[i].len);
			buf[ln[i].len] = '\0';
		}
		cairo_move_to(cr, centred ? x - text_w(cr, show) / 2 : x,
			      y + i * line_h);
		cairo_show_text(cr, show);
	}
	return (n < max_lines ? n : max_lines) * line_h;
}

double paper_text_wrapped(cairo_t *cr, const char *text, double x, double y,
			  double size, double max_w, int max_lines,
			  double line_h)
{
	return wrapped(cr, text, x, y, size, max_w, max_lines, line_h, false);
}

double paper_text_wrapped_centred(cairo_t *cr, const char *text, double cx,
				  double y, double size, double max_w,
				  int max_lines, double line_h)
{
	return wrapped(cr, text, cx, y, size, max_w, max_lines, line_h, true);
}
