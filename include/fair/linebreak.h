/* linebreak.h: where a line of Japanese (or English) text may break.
 *
 * The Unicode line-breaking rules (UAX #14, through libunibreak) with
 * Japanese kinsoku: never before 。、」ー or a small kana, never after 「.
 * On top of them, for Japanese, words and phrases (bunsetsu) from MeCab
 * (its default dictionary, mecab-ipadic-utf8): never inside a word; a
 * line ends at a phrase boundary (after a particle, before an independent
 * word, never right after a prefix such as お or ご); only a compound
 * noun longer than the line breaks between its nouns, and only a phrase
 * longer than the line between its words. Without MeCab's dictionary
 * (linebreak_init() says why) the breaks fall back to the scripts: a
 * phrase after hiragana, within a run of kanji or katakana only in need.
 * FAIR_LINEBREAK=scripts in the environment asks for that fallback on
 * purpose (bench/bench_layout.c's baseline); nothing else should set it.
 *
 * Used by the kiosk's layout (src/brain/layout.c), labels and the PDFs.
 * MeCab's tagger and libunibreak's tables are made once for the process
 * and read-only after: every function is safe from any thread.
 */
#ifndef FAIR_LINEBREAK_H
#define FAIR_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

#include "fair/err.h"

/* What may happen after byte i (the last byte of a character). */
enum lb_kind {
	LB_NONE = 0,   /* no break here (kinsoku, inside a character) */
	LB_SPLIT,      /* inside a word: only for a word wider than the line */
	LB_WORD,       /* between the words of a phrase: a last resort */
	LB_CHAR,       /* between the nouns of a compound; without MeCab,
			* allowed by UAX #14 but splits a word */
	LB_PHRASE,     /* a good place: a phrase boundary, 、。, a space */
	LB_MUST,       /* a line feed: the line ends here */
};

/* Loads MeCab's dictionary (once; later calls are cheap). 0, or FAIR_EIO
 * naming the missing dictionary: a kiosk refuses to start rather than
 * break Japanese inside words. */
int linebreak_init(struct fair_err *err);

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
 * LB_CHAR, else the last LB_WORD, else the last LB_SPLIT (a word wider
 * than the line), else at the last character that fits; a line holds at
 * least one character. Fills up to max_lines entries of lines. Returns the number of lines the text needs, which may
 * be more than max_lines (then only the first max_lines are filled). */
int linebreak_wrap(const char *s, const char *lang, int max_w,
		   linebreak_width_fn width, void *ctx, struct lb_line *lines,
		   int max_lines);

#endif
