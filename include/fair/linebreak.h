/* linebreak.h: where a line of Japanese (or English) text may break.
 *
 * The Unicode line-breaking rules (UAX #14, through libunibreak) with
 * Japanese kinsoku: never before 。、」ー or a small kana, never after 「.
 * On top of them a phrase level: between two kanji or two katakana UAX #14
 * allows a break, but a reader sees 印刷, スタッフ, イベント as one word, so
 * such breaks are kept for emergencies (a word longer than the line) and a
 * line prefers to end after a particle, punctuation or a space.
 *
 * Used by the kiosk's layout (src/brain/layout.c) and free for the badge
 * PDF and the report. Pure: no allocation, no globals beyond libunibreak's
 * own tables (initialised once, thread-safe after the first call).
 */
#ifndef FAIR_LINEBREAK_H
#define FAIR_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

/* What may happen after byte i (the last byte of a character). */
enum lb_kind {
	LB_NONE = 0,   /* no break here (or inside a character) */
	LB_CHAR,       /* allowed by UAX #14, but splits a word */
	LB_PHRASE,     /* a good place: after a particle, 、。, a space */
	LB_MUST,       /* a line feed: the line ends here */
};

/* Fills out[0..len) for the UTF-8 text s of len bytes: out[i] is the kind
 * of break after byte i; the last character's entry is LB_MUST. lang is a
 * BCP 47 tag ("ja", "en") or NULL. s must be valid UTF-8. */
void linebreak_find(const char *s, size_t len, const char *lang,
		    uint8_t *out);

/* Width in any unit (pixels) of the n bytes at s; must be additive enough
 * that a longer prefix is never narrower. */
typedef int (*linebreak_width_fn)(void *ctx, const char *s, size_t n);

struct lb_line {
	size_t start;  /* byte offset in the text */
	size_t len;    /* bytes, trailing spaces and the line feed left out */
};

#define LINEBREAK_TEXT_MAX 2048 /* longer texts are wrapped as if cut */

/* Wraps s (NUL-terminated UTF-8) into lines no wider than max_w: each line
 * ends at the last LB_PHRASE or LB_MUST break that fits, else the last
 * LB_CHAR, else (a single word wider than the line) at the last character
 * that fits; a line holds at least one character. Fills up to max_lines
 * entries of lines. Returns the number of lines the text needs, which may
 * be more than max_lines (then only the first max_lines are filled). */
int linebreak_wrap(const char *s, const char *lang, int max_w,
		   linebreak_width_fn width, void *ctx, struct lb_line *lines,
		   int max_lines);

#endif
