/* handwriting.h: one handwritten character to candidates (Zinnia).
 *
 * The kiosk's pad records strokes as points in a square of HW_SIDE units
 * (origin top left); handwriting_recognize returns the characters the
 * Japanese model (tegaki-zinnia-japanese) finds likeliest, best first.
 * The model knows the JIS X 0208 kanji; rarer name forms (髙, 﨑) come from
 * their common form through itaiji.h.
 */
#ifndef FAIR_HANDWRITING_H
#define FAIR_HANDWRITING_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"

#define HW_SIDE 1000
#define HW_POINTS_MAX 400    /* points kept for one character */
#define HW_STROKES_MAX 30
#define HW_CHAR 8            /* one character of UTF-8 with the NUL */
#define HANDWRITING_MODEL \
	"/usr/share/tegaki/models/zinnia/handwriting-ja.model"

struct hw_point {
	int16_t x, y;    /* 0 .. HW_SIDE - 1 */
	uint8_t stroke;  /* 0-based; points of one stroke are consecutive */
};

/* The ink of one character. */
struct hw_ink {
	int n;                 /* points */
	int strokes;           /* strokes started */
	struct hw_point p[HW_POINTS_MAX];
};

struct handwriting;

/* Loads model (NULL: HANDWRITING_MODEL) into *out. FAIR_ENOENT when the
 * model file cannot be read. Close with handwriting_close. */
int handwriting_open(struct handwriting **out, const char *model,
		     struct fair_err *err);

void handwriting_close(struct handwriting *hw);

/* Adds a point to ink; a new stroke when start. False when full (the
 * point is dropped; what is there still recognises). */
bool hw_ink_add(struct hw_ink *ink, int x, int y, bool start);

/* Up to max candidates for ink into out[], best first; returns how many
 * (0 for empty ink) or a negative FAIR_ code. */
int handwriting_recognize(struct handwriting *hw, const struct hw_ink *ink,
			  char out[][HW_CHAR], int max, struct fair_err *err);

#endif
