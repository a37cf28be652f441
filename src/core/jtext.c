/* jtext.c: Japanese text as organizers type it (see fair/jtext.h). */
#include <ctype.h>
#include <string.h>

#include "fair/jtext.h"

uint32_t jtext_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t cp;
	int n;

	if (s[0] < 0x80) {
		cp = s[0]; n = 1;
	} else if (s[0] < 0xe0) {
		cp = s[0] & 0x1f; n = 2;
	} else if (s[0] < 0xf0) {
		cp = s[0] & 0x0f; n = 3;
	} else {
		cp = s[0] & 0x07; n = 4;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) { /* defensive: never on valid */
			*p += i;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*p += n;
	return cp;
}

bool jtext_put(char *out, size_t cap, size_t *len, uint32_t cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp; n = 1;
	} else if (cp < 0x800) {
		b[0] = 0xc0 | (cp >> 6); b[1] = 0x80 | (cp & 0x3f); n = 2;
	} else if (cp < 0x10000) {
		b[0] = 0xe0 | (cp >> 12); b[1] = 0x80 | ((cp >> 6) & 0x3f);
		b[2] = 0x80 | (cp & 0x3f); n = 3;
	} else {
		b[0] = 0xf0 | (cp >> 18); b[1] = 0x80 | ((cp >> 12) & 0x3f);
		b[2] = 0x80 | ((cp >> 6) & 0x3f); b[3] = 0x80 | (cp & 0x3f);
		n = 4;
	}
	if (*len + n >= cap)
		return false;
	memcpy(out + *len, b, n);
	*len += n;
	return true;
}

/* Full-width ASCII (U+FF01..FF5E) and the ideographic space, as Japanese
 * IMEs type them, to plain ASCII. */
uint32_t jtext_fold_width(uint32_t cp)
{
	if (cp >= 0xff01 && cp <= 0xff5e)
		return cp - 0xfee0;
	if (cp == 0x3000)
		return ' ';
	return cp;
}

/* Half-width katakana U+FF66..FF9D as full-width, in code point order. */
static const char halfwidth_kana[] =
	"ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテト"
	"ナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

static uint32_t halfwidth_to_full(uint32_t cp)
{
	const char *p = halfwidth_kana;
	uint32_t out = cp;

	for (uint32_t i = 0xff66; i <= cp && *p; i++)
		out = jtext_next(&p);
	return out;
}

/* A half-width kana followed by a half-width (semi-)voiced mark. */
static uint32_t kana_with_mark(uint32_t base, uint32_t mark)
{
	static const char voicable[] =
		"カキクケコサシスセソタチツテトハヒフヘホ";
	const char *p = voicable;

	if (mark != 0xff9e && mark != 0xff9f)
		return 0;
	if (mark == 0xff9e && base == 0x30a6) /* ウ゛ */
		return 0x30f4;
	while (*p) {
		uint32_t v = jtext_next(&p);

		if (v != base)
			continue;
		if (mark == 0xff9e)
			return base + 1;
		if (base >= 0x30cf) /* ハ行 only take ゜ */
			return base + 2;
	}
	return 0;
}

/* Spaces are held back until something follows them, so trailing ones
 * are dropped and never make a value "too long". */
int jtext_clean(const char *s, bool fold, char *out, size_t cap)
{
	size_t len = 0, spaces = 0;

	while (*s) {
		uint32_t cp = jtext_next(&s);

		if (fold || cp == 0x3000)
			cp = jtext_fold_width(cp);
		if (cp == ' ' || cp == '\r' || cp == '\n' || cp == '\t') {
			spaces += len > 0;
			continue;
		}
		for (; spaces; spaces--)
			if (!jtext_put(out, cap, &len, ' '))
				return -1;
		if (!jtext_put(out, cap, &len, cp))
			return -1;
	}
	out[len] = '\0';
	return (int)len;
}

/* In place: no character grows (each is 3 bytes before and after, a kana
 * with its half-width mark shrinks from 6 to 3), so writing never passes
 * reading. */
void jtext_kana(char *s, size_t cap)
{
	const char *p = s;
	size_t len = 0;

	while (*p) {
		uint32_t cp = jtext_next(&p), mark;
		const char *q = p;

		if (cp >= 0x3041 && cp <= 0x3096)
			cp += 0x60;
		if (cp >= 0xff66 && cp <= 0xff9d) {
			cp = halfwidth_to_full(cp);
			mark = *q ? jtext_next(&q) : 0;
			if (mark && kana_with_mark(cp, mark)) {
				cp = kana_with_mark(cp, mark);
				p = q;
			}
		}
		if (!jtext_put(s, cap, &len, cp))
			break;
	}
	s[len] = '\0';
}

void jtext_ascii_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

void jtext_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strnlen(src, cap - 1);

	if (n == cap - 1)
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void jtext_json_put(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
