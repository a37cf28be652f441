/* paper.h: what the badge sheets and the report share on cairo: a
 * Japanese font found through fontconfig and fitted text. */
#ifndef FAIRSYNC_PAPER_H
#define FAIRSYNC_PAPER_H

#include <stdbool.h>

#include <cairo.h>

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

#endif
