/* token.h: signed badge tokens, the text a badge's QR code holds.
 *
 * A token is "FK" followed by uppercase RFC 4648 base32 (no padding) of
 * 12 payload bytes and their 64-byte Ed25519 signature: 124 characters, all
 * in QR alphanumeric mode and typed the same by any scanner on any keyboard
 * layout. The byte format is in docs/token-format.md. No personal data is in
 * a token: only ids any kiosk of the event can look up.
 */
#ifndef FAIR_TOKEN_H
#define FAIR_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOKEN_PREFIX "FK"
#define TOKEN_VERSION 1
#define TOKEN_PAYLOAD_BYTES 12
#define TOKEN_SIG_BYTES 64
#define TOKEN_TEXT_LEN 124        /* prefix + base32 of 76 bytes */
#define TOKEN_TEXT_MAX 128        /* buffer size for token_encode() */
#define TOKEN_INPUT_MAX 512       /* longer raw input is malformed, unread */
#define TOKEN_MAX_KEYS 8          /* verify keys kept for rotation */
#define TOKEN_PK_BYTES 32
#define TOKEN_SK_BYTES 64

enum token_role {
	TOKEN_ROLE_STUDENT = 0,
	TOKEN_ROLE_STAFF = 1,
	/* an employee of a member company at a joint training (training.h):
	 * checked in like a student, never counted as one */
	TOKEN_ROLE_EMPLOYEE = 2,
};

/* What a badge says. Plain value; copy freely. */
struct token {
	uint8_t version;      /* TOKEN_VERSION; others are malformed */
	uint8_t role;         /* enum token_role */
	uint32_t event_id;    /* random id chosen at `fairsync init` */
	uint32_t attendee_id; /* attendees.id in the event database */
	uint16_t serial;      /* reissuing a badge bumps it, revoking older */
};

/* The verify keys a kiosk accepts: every key the event has used, so badges
 * signed before a key rotation still verify. */
struct token_keys {
	int n;
	uint8_t pk[TOKEN_MAX_KEYS][TOKEN_PK_BYTES];
};

enum token_status {
	TOKEN_OK = 0,
	TOKEN_MALFORMED,   /* not a token of ours: wrong prefix, chars, length */
	TOKEN_FORGED,      /* looks like ours but no key verifies it */
	TOKEN_OTHER_EVENT, /* a well-formed badge of a different event */
};

/* Writes the token text for t, signed with sk, NUL-terminated into out
 * (TOKEN_TEXT_MAX bytes). Returns 0, or -1 if t->role is not a known role. */
int token_encode(const struct token *t, const uint8_t sk[TOKEN_SK_BYTES],
		 char out[TOKEN_TEXT_MAX]);

/* Parses raw scanner input without checking the signature. Accepts lower
 * case, surrounding whitespace and control characters, an AIM symbology
 * identifier ("]Q1") and an ECI escape ("\000026") in front. On TOKEN_OK,
 * fills *t and, if sig is not NULL, the 76 signed-message bytes (payload
 * then signature). why (if not NULL) gets a short English reason on
 * failure, valid until the next call from the same thread. */
enum token_status token_parse(const char *text, size_t len, struct token *t,
			      uint8_t raw[TOKEN_PAYLOAD_BYTES + TOKEN_SIG_BYTES],
			      const char **why);

/* Parses and verifies: TOKEN_OTHER_EVENT if the badge names another event,
 * TOKEN_FORGED if no key in keys verifies it, else TOKEN_OK with *t set. */
enum token_status token_check(const char *text, size_t len,
			      uint32_t event_id, const struct token_keys *keys,
			      struct token *t, const char **why);

/* The reason key for a status: "ok", "malformed", "forged", "other-event". */
const char *token_status_key(enum token_status s);

/* Makes an Ed25519 keypair. Returns 0, or -1 if libsodium failed to start. */
int token_keypair(uint8_t pk[TOKEN_PK_BYTES], uint8_t sk[TOKEN_SK_BYTES]);

#endif
