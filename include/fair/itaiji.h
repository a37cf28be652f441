/* itaiji.h: the rarer forms of kanji used in family and given names.
 *
 * Many names are registered with a variant (異体字) of a common kanji:
 * 髙 for 高, 﨑 for 崎, 𠮷 for 吉, 邊 for 辺. Neither Anthy (whose dictionary
 * is JIS X 0208) nor the handwriting model knows them, so the kiosk offers
 * them beside the common form a conversion or the pad found. A fixed
 * table; pure.
 */
#ifndef FAIR_ITAIJI_H
#define FAIR_ITAIJI_H

#include <stddef.h>
#include <stdint.h>

/* The variants of cp (0-ended, at most 3), or NULL when it has none. */
const uint32_t *itaiji_variants(uint32_t cp);

/* Spellings of text with one character replaced by one of its variants,
 * in text order: 高子 -> 髙子; 山崎 -> 山﨑, 山嵜, 山碕. Writes at most max
 * strings of cap bytes into out (cap * max bytes); a spelling that does
 * not fit is skipped. Returns how many were written. */
int itaiji_expand(const char *text, char *out, size_t cap, int max);

#endif
