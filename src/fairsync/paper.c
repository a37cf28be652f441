/* paper.c: fonts and fitted text for the PDFs (see paper.h). */
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

static void fit(cairo_t *cr, const char *text, double size, double max_w,
		char buf[TEXT_CAP])
{
	double s = size;

	/* reserve room for the ellipsis */
	strncpy(buf, text, TEXT_CAP - 4);
	buf[TEXT_CAP - 4] = '\0';
	cairo_set_font_size(cr, s);
	while (text_w(cr, buf) > max_w && s > size / 2) {
		s *= 0.92;
		cairo_set_font_size(cr, s);
	}
	if (text_w(cr, buf) > max_w)
		text_cut(cr, buf, max_w);
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
