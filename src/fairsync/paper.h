/* paper.h: what the badge sheets, certificates and the report share on
 * cairo: a Japanese font found through fontconfig, fitted text on one
 * line, and text wrapped into lines by the rules of fair/linebreak.h
 * (UAX #14 with kinsoku and phrases: the kiosk's rules, not a copy). */
#ifndef FAIRSYNC_PAPER_H
#define FAIRSYNC_PAPER_H

#include <stdbool.h>

#include <cairo.h>

#include "fair/linebreak.h"

#define PAPER_A4_W 595.2756 /* points */
#define PAPER_A4_H 841.8898
#define PAPER_MM (72.0 / 25.4)

/* The font face for Japanese text: fontconfig's best match for "Noto Sans
 * CJK JP" (any face with kana if that is missing). bold picks the bold
 * weight. Returns NULL (with a message in why) if no installed font has
 * Japanese glyphs. Caller releases with cairo_font_face_destroy. */
cairo_font_face_t *paper_font(bool bold, const char **why);

/* Frees cairo's and fontconfig's process-wide caches; call once after
 * every surface and face is destroyed, so leak checkers see a clean exit. */
void paper_release(void);

/* Draws text with its left edge at x and baseline at y, shrinking the
 * size from size down to at most half so it fits max_w points; longer text
 * is cut with an ellipsis. */
void paper_text(cairo_t *cr, const char *text, double x, double y,
		double size, double max_w);
/* The same, centred on cx. */
void paper_text_centred(cairo_t *cr, const char *text, double cx, double y,
			double size, double max_w);
/* paper_text() that shrinks no further than min_size (the report: never
 * under 8 points on paper); what still does not fit is cut with "…". */
void paper_text_min(cairo_t *cr, const char *text, double x, double y,
		    double size, double min_size, double max_w);

/* Where text (UTF-8, Japanese or English) breaks into lines no wider than
 * max_w points in cr's current font face and size: only where
 * linebreak_wrap() allows (never 。、） at a line start or （ at its end,
 * a word split only when no phrase break fits). Fills up to max_lines
 * entries of lines (offsets into text); returns the number of lines the
 * text needs, which may be more. Text past LINEBREAK_TEXT_MAX bytes is
 * left out. */
int paper_wrap(cairo_t *cr, const char *text, double max_w,
	       struct lb_line *lines, int max_lines);

/* The number of lines text needs at size in max_w (sets the size). */
int paper_text_lines(cairo_t *cr, const char *text, double size,
		     double max_w);

#define PAPER_LINES_MAX 64 /* lines one call draws, whatever max_lines */

/* Draws text wrapped into lines no wider than max_w, left edges at x, the
 * first baseline at y and each next one line_h lower. Nothing is lost
 * while the text fits max_lines lines (0: as many as it needs, up to
 * PAPER_LINES_MAX): only if it needs more does the size shrink (and
 * line_h with it) down to half, and only if even that is too long does
 * the last line end in an ellipsis. Returns the height used: the lines
 * drawn times the line height drawn with. */
double paper_text_wrapped(cairo_t *cr, const char *text, double x, double y,
			  double size, double max_w, int max_lines,
			  double line_h);
/* The same with each line centred on cx. */
double paper_text_wrapped_centred(cairo_t *cr, const char *text, double cx,
				  double y, double size, double max_w,
				  int max_lines, double line_h);

#endif
