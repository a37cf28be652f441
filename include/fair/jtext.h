/* jtext.h: Japanese text as organizers and students type it.
 *
 * Rosters come from Excel and web forms typed with a Japanese IME: digits
 * and letters may be full-width (１２３, ＡＢＣ), spaces ideographic
 * (U+3000), kana hiragana or half-width katakana (ｶﾀｶﾅ, as old systems
 * and CP932 files hold them). These helpers fold such text into one
 * spelling so ids compare equal and kana lookups find everyone.
 *
 * Every function takes valid UTF-8 (csv.c checks files on reading), never
 * allocates, and never writes past the cap it is given.
 */
#ifndef FAIR_JTEXT_H
#define FAIR_JTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decodes the code point at *p and moves *p past it. On a malformed
 * sequence (not on valid input) returns U+FFFD. *p must not be at NUL. */
uint32_t jtext_next(const char **p);

/* Appends cp as UTF-8 at out[*len] and advances *len, if it fits with
 * room left for a NUL in cap bytes; false (nothing written) if not. */
bool jtext_put(char *out, size_t cap, size_t *len, uint32_t cp);

/* Full-width ASCII (U+FF01..FF5E) to ASCII and U+3000 to a space; any
 * other code point is returned as it is. */
uint32_t jtext_fold_width(uint32_t cp);

/* Copies s into out (cap bytes with the NUL) with spaces (ASCII and
 * ideographic) trimmed from both ends and tabs or line breaks turned into
 * spaces; with fold, full-width ASCII is folded too. Returns the length,
 * or -1 if the result does not fit (out then holds no useful value). */
int jtext_clean(const char *s, bool fold, char *out, size_t cap);

/* Kana for lookups, in place: hiragana and half-width katakana become
 * full-width katakana (ｶﾞ -> ガ, ﾊﾟ -> パ, ｳﾞ -> ヴ). Never grows s. */
void jtext_kana(char *s, size_t cap);

/* Copies src into dst (cap bytes with the NUL), cut at a character
 * boundary when it does not fit, so a long name never ends in half a
 * character on screen. */
void jtext_copy(char *dst, size_t cap, const char *src);

/* Lowercases ASCII letters in place; other bytes are left alone. */
void jtext_ascii_lower(char *s);

/* Writes s to f as a JSON string: quoted, '"' and '\\' escaped, control
 * characters as \u00XX; other UTF-8 as it is (the kiosk's outcome log,
 * the tour tables' JSON). */
void jtext_json_put(FILE *f, const char *s);

#endif
