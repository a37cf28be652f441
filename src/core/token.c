/* token.c: badge tokens; format in docs/token-format.md. */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "fair/token.h"

#define RAW_BYTES (TOKEN_PAYLOAD_BYTES + TOKEN_SIG_BYTES)
#define B32_CHARS 122 /* ceil(76 * 8 / 5) */
#define PREFIX_LEN 2

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static void b32_encode(const uint8_t *in, size_t n, char *out)
{
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			*out++ = b32_alphabet[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		*out++ = b32_alphabet[(acc << (5 - bits)) & 31];
	*out = '\0';
}

static int b32_value(char c)
{
	c = (char)toupper((unsigned char)c);
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/* Decodes exactly B32_CHARS characters into RAW_BYTES; false on a bad
 * character or non-zero padding bits (a damaged or altered token). */
static bool b32_decode(const char *in, uint8_t *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	for (int i = 0; i < B32_CHARS; i++) {
		int v = b32_value(in[i]);

		if (v < 0)
			return false;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	return o == RAW_BYTES && (acc & ((1u << bits) - 1)) == 0;
}

static void put_be(uint8_t *p, uint32_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint32_t get_be(const uint8_t *p, int n)
{
	uint32_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static void payload_pack(const struct token *t, uint8_t *p)
{
	p[0] = t->version;
	p[1] = t->role;
	put_be(p + 2, t->event_id, 4);
	put_be(p + 6, t->attendee_id, 4);
	put_be(p + 10, t->serial, 2);
}

static void payload_unpack(const uint8_t *p, struct token *t)
{
	t->version = p[0];
	t->role = p[1];
	t->event_id = get_be(p + 2, 4);
	t->attendee_id = get_be(p + 6, 4);
	t->serial = (uint16_t)get_be(p + 10, 2);
}

int token_keypair(uint8_t pk[TOKEN_PK_BYTES], uint8_t sk[TOKEN_SK_BYTES])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_sign_keypair(pk, sk) == 0 ? 0 : -1;
}

int token_encode(const struct token *t, const uint8_t sk[TOKEN_SK_BYTES],
		 char out[TOKEN_TEXT_MAX])
{
	uint8_t raw[RAW_BYTES];

	if (t->role > TOKEN_ROLE_EMPLOYEE || sodium_init() < 0)
		return -1;
	payload_pack(t, raw);
	raw[0] = TOKEN_VERSION;
	crypto_sign_detached(raw + TOKEN_PAYLOAD_BYTES, NULL, raw,
			     TOKEN_PAYLOAD_BYTES, sk);
	memcpy(out, TOKEN_PREFIX, PREFIX_LEN);
	b32_encode(raw, RAW_BYTES, out + PREFIX_LEN);
	return 0;
}

/* Skips what scanners put around a code: whitespace and control characters
 * (CR, LF, TAB, GS), an AIM symbology identifier "]Xn", an ECI escape
 * "\NNNNNN". Narrows [*s, *e) in place. */
static void strip_wrapping(const char **s, const char **e)
{
	while (*s < *e && (isspace((unsigned char)**s) || iscntrl((unsigned char)**s)))
		(*s)++;
	while (*e > *s && (isspace((unsigned char)(*e)[-1]) ||
			   iscntrl((unsigned char)(*e)[-1])))
		(*e)--;
	if (*e - *s >= 3 && (*s)[0] == ']' && isalpha((unsigned char)(*s)[1]) &&
	    isalnum((unsigned char)(*s)[2]))
		*s += 3;
	if (*e - *s >= 7 && (*s)[0] == '\\') {
		bool digits = true;

		for (int i = 1; i <= 6; i++)
			digits = digits && isdigit((unsigned char)(*s)[i]);
		if (digits)
			*s += 7;
	}
}

static enum token_status malformed(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return TOKEN_MALFORMED;
}

enum token_status token_parse(const char *text, size_t len, struct token *t,
			      uint8_t raw_out[RAW_BYTES], const char **why)
{
	const char *s = text, *e;
	uint8_t raw[RAW_BYTES];

	if (!text || len == 0)
		return malformed(why, "empty");
	if (len > TOKEN_INPUT_MAX)
		return malformed(why, "too long");
	e = s + len;
	strip_wrapping(&s, &e);
	if (e - s < PREFIX_LEN ||
	    strncasecmp(s, TOKEN_PREFIX, PREFIX_LEN) != 0)
		return malformed(why, "not a fairkiosk badge");
	s += PREFIX_LEN;
	if (e - s != B32_CHARS)
		return malformed(why, "wrong length (damaged or cut short)");
	if (!b32_decode(s, raw))
		return malformed(why, "characters a badge never holds");
	payload_unpack(raw, t);
	if (t->version != TOKEN_VERSION)
		return malformed(why, "unknown badge format version");
	if (t->role > TOKEN_ROLE_EMPLOYEE)
		return malformed(why, "unknown badge role");
	if (raw_out)
		memcpy(raw_out, raw, RAW_BYTES);
	return TOKEN_OK;
}

enum token_status token_check(const char *text, size_t len,
			      uint32_t event_id, const struct token_keys *keys,
			      struct token *t, const char **why)
{
	uint8_t raw[RAW_BYTES];
	enum token_status st = token_parse(text, len, t, raw, why);

	if (st != TOKEN_OK)
		return st;
	if (t->event_id != event_id) {
		if (why)
			*why = "badge of another event";
		return TOKEN_OTHER_EVENT;
	}
	if (sodium_init() < 0)
		return TOKEN_FORGED;
	for (int i = 0; i < keys->n; i++) {
		if (crypto_sign_verify_detached(raw + TOKEN_PAYLOAD_BYTES, raw,
						TOKEN_PAYLOAD_BYTES,
						keys->pk[i]) == 0)
			return TOKEN_OK;
	}
	if (why)
		*why = "signature does not verify";
	return TOKEN_FORGED;
}

const char *token_status_key(enum token_status s)
{
	switch (s) {
	case TOKEN_OK: return "ok";
	case TOKEN_MALFORMED: return "malformed";
	case TOKEN_FORGED: return "forged";
	case TOKEN_OTHER_EVENT: return "other-event";
	}
	return "malformed";
}
