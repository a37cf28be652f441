/* kanaconv.h: kana to kanji for names typed on the kiosk (Anthy).
 *
 * A walk-in types the reading of their name in kana; kanaconv splits it
 * into segments (やまだたかこ -> やまだ / たかこ) and lists each segment's
 * candidates (山田, 山だ, ...; 貴子, 高子, ...). The student chooses one per
 * segment or keeps the kana. Text in and out is UTF-8; the reading may be
 * hiragana or full-width katakana (the kiosk's keyboard types katakana).
 *
 * Privacy: Anthy learns from committed conversions into the kiosk user's
 * home. kanaconv never commits to Anthy, so no student's name is learned
 * or kept on the kiosk by the engine; kanaconv_commit only joins choices.
 *
 * Not thread-safe: one context, used by the kiosk's main thread.
 */
#ifndef FAIR_KANACONV_H
#define FAIR_KANACONV_H

#include <stddef.h>

#include "fair/err.h"

#define KANACONV_READING_MAX 256 /* bytes of UTF-8 in one reading */
#define KANACONV_SEG_MAX 16      /* segments kept from one reading */

struct kanaconv;

/* Opens a conversion context in *out (close with kanaconv_close). Fails
 * (FAIR_EIO) when Anthy or its dictionary cannot be loaded. */
int kanaconv_open(struct kanaconv **out, struct fair_err *err);

void kanaconv_close(struct kanaconv *kc);

/* Converts reading (kana only; spaces are not allowed) and returns the
 * number of segments (>= 1), or FAIR_EINVAL for an empty, too long or
 * non-kana reading. Choices start at candidate 0 of each segment. */
int kanaconv_convert(struct kanaconv *kc, const char *reading,
		     struct fair_err *err);

/* Segments of the last conversion (0 before any). */
int kanaconv_segments(const struct kanaconv *kc);

/* Candidates of segment seg, or 0 for a bad seg. */
int kanaconv_candidates(const struct kanaconv *kc, int seg);

/* Copies candidate i of segment seg into out (cap bytes with the NUL; cut
 * at a character boundary). Returns 0, or FAIR_EINVAL for a bad index. */
int kanaconv_candidate(const struct kanaconv *kc, int seg, int i, char *out,
		       size_t cap);

/* The part of the reading segment seg covers, as it was typed (katakana
 * stays katakana), and its length in characters (out or chars may be
 * NULL). */
int kanaconv_reading(const struct kanaconv *kc, int seg, char *out,
		     size_t cap, int *chars);

/* Chooses candidate i (-1: keep the segment's kana) for segment seg. */
int kanaconv_choose(struct kanaconv *kc, int seg, int i);

/* The whole conversion as chosen, joined, into out. Returns 0 or
 * FAIR_EINVAL when it does not fit. */
int kanaconv_commit(const struct kanaconv *kc, char *out, size_t cap);

#endif
