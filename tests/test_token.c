/* test_token.c: badge tokens encode, decode, verify and refuse, and
 * round-trip through real QR images read back by ZBar. */
#include "testutil.h"

#include <ctype.h>
#include <sodium.h>
#include <zbar.h>

#include "fair/qr.h"
#include "fair/token.h"

struct keyset {
	uint8_t pk[TOKEN_PK_BYTES], sk[TOKEN_SK_BYTES];
	struct token_keys keys;
};

static void keyset_init(struct keyset *k)
{
	assert_int_equal(token_keypair(k->pk, k->sk), 0);
	k->keys.n = 1;
	memcpy(k->keys.pk[0], k->pk, TOKEN_PK_BYTES);
}

static const struct token sample = { .version = TOKEN_VERSION,
	.role = TOKEN_ROLE_STUDENT, .event_id = 0xdeadbeef,
	.attendee_id = 0x80000123, .serial = 7 };

static void encode(const struct keyset *k, const struct token *t,
		   char out[TOKEN_TEXT_MAX])
{
	assert_int_equal(token_encode(t, k->sk, out), 0);
}

static enum token_status check(const struct keyset *k, const char *text,
			       struct token *t)
{
	return token_check(text, strlen(text), sample.event_id, &k->keys, t,
			   NULL);
}

static void test_roundtrip_only_alphanumerics(void **state)
{
	struct keyset k;
	char text[TOKEN_TEXT_MAX];
	struct token t;

	(void)state;
	keyset_init(&k);
	encode(&k, &sample, text);
	assert_int_equal(strlen(text), TOKEN_TEXT_LEN);
	assert_memory_equal(text, "FK", 2);
	for (const char *p = text; *p; p++)
		assert_true(isupper((unsigned char)*p) || (*p >= '2' &&
							   *p <= '7'));
	assert_int_equal(check(&k, text, &t), TOKEN_OK);
	assert_int_equal(t.event_id, sample.event_id);
	assert_int_equal(t.attendee_id, sample.attendee_id);
	assert_int_equal(t.serial, sample.serial);
	assert_int_equal(t.role, sample.role);
}

static void test_accepts_case_whitespace_and_prefixes(void **state)
{
	struct keyset k;
	char text[TOKEN_TEXT_MAX], buf[300];
	struct token t;

	(void)state;
	keyset_init(&k);
	encode(&k, &sample, text);
	for (char *p = text; *p; p++)
		buf[p - text] = (char)tolower((unsigned char)*p);
	buf[strlen(text)] = '\0';
	assert_int_equal(check(&k, buf, &t), TOKEN_OK);
	snprintf(buf, sizeof(buf), "  \t%s\r\n", text);
	assert_int_equal(check(&k, buf, &t), TOKEN_OK);
	snprintf(buf, sizeof(buf), "]Q1%s", text);
	assert_int_equal(check(&k, buf, &t), TOKEN_OK);
	snprintf(buf, sizeof(buf), "]Q2\\000026%s\n", text);
	assert_int_equal(check(&k, buf, &t), TOKEN_OK);
}

static void test_malformed_inputs_have_reasons(void **state)
{
	struct keyset k;
	char text[TOKEN_TEXT_MAX], buf[600];
	const char *why = NULL;
	struct token t;
	static const char *const bad[] = {
		"", "   ", "hello", "FK", "FK1234",
		"https://example.jp/?id=42", "ＦＫ全角",
	};

	(void)state;
	keyset_init(&k);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(token_check(bad[i], strlen(bad[i]), 1,
					     &k.keys, &t, &why),
				 TOKEN_MALFORMED);
		assert_non_null(why);
	}
	encode(&k, &sample, text);
	snprintf(buf, sizeof(buf), "%sA", text); /* too long */
	assert_int_equal(check(&k, buf, &t), TOKEN_MALFORMED);
	snprintf(buf, sizeof(buf), "%s", text);
	buf[40] = '1'; /* '1' is not base32 */
	assert_int_equal(check(&k, buf, &t), TOKEN_MALFORMED);
	memset(buf, 'A', 590);
	buf[590] = '\0';
	assert_int_equal(check(&k, buf, &t), TOKEN_MALFORMED);
}

static void test_forged_other_event_and_rotation(void **state)
{
	struct keyset k, other;
	char text[TOKEN_TEXT_MAX];
	struct token t, ev2 = sample;

	(void)state;
	keyset_init(&k);
	keyset_init(&other);
	encode(&other, &sample, text); /* right event, wrong key */
	assert_int_equal(check(&k, text, &t), TOKEN_FORGED);
	/* After rotation both keys verify. */
	memcpy(k.keys.pk[1], other.pk, TOKEN_PK_BYTES);
	k.keys.n = 2;
	assert_int_equal(check(&k, text, &t), TOKEN_OK);
	ev2.event_id = 42;
	encode(&k, &ev2, text);
	assert_int_equal(check(&k, text, &t), TOKEN_OTHER_EVENT);
}

static void test_every_flipped_character_is_refused(void **state)
{
	struct keyset k;
	char text[TOKEN_TEXT_MAX], buf[TOKEN_TEXT_MAX];
	struct token t;

	(void)state;
	keyset_init(&k);
	encode(&k, &sample, text);
	for (size_t i = 2; i < TOKEN_TEXT_LEN; i++) {
		memcpy(buf, text, sizeof(buf));
		buf[i] = buf[i] == 'A' ? 'B' : 'A';
		assert_int_not_equal(check(&k, buf, &t), TOKEN_OK);
	}
}

/* Decodes a gray image with ZBar, QR only, binary; returns the text. */
static char *zbar_decode(const uint8_t *gray, int side)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_t *img = zbar_image_create();
	const zbar_symbol_t *sym;
	char *out = NULL;

	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)side, (unsigned)side);
	zbar_image_set_data(img, gray, (unsigned long)side * side, NULL);
	if (zbar_scan_image(sc, img) > 0) {
		sym = zbar_image_first_symbol(img);
		out = strndup(zbar_symbol_get_data(sym),
			      zbar_symbol_get_data_length(sym));
	}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	return out;
}

static void test_random_tokens_roundtrip_through_qr_and_zbar(void **state)
{
	struct keyset k;
	char text[TOKEN_TEXT_MAX];
	struct token t, back;

	(void)state;
	keyset_init(&k);
	for (int i = 0; i < 40; i++) {
		struct qr_code q;
		uint8_t *px;
		int side;
		char *got;

		t = (struct token){ .version = TOKEN_VERSION,
			.role = (uint8_t)(randombytes_random() & 1),
			.event_id = sample.event_id,
			.attendee_id = randombytes_random(),
			.serial = (uint16_t)randombytes_random() };
		encode(&k, &t, text);
		assert_int_equal(qr_encode(text, &q), 0);
		assert_in_range(q.version, 1, 6); /* fits version 6, ECC M */
		assert_int_equal(qr_render_gray(&q, 3, &px, &side), 0);
		got = zbar_decode(px, side);
		assert_non_null(got);
		assert_int_equal(check(&k, got, &back), TOKEN_OK);
		assert_int_equal(back.attendee_id, t.attendee_id);
		assert_int_equal(back.serial, t.serial);
		assert_int_equal(back.role, t.role);
		free(got);
		free(px);
		qr_free(&q);
	}
}

/* A fixed vector written from docs/token-format.md, not from token.c:
 * Ed25519 key from the seed 00 01 .. 1f, a student (role 0) of event
 * 0x12345678, attendee 66, serial 3. The expected text was computed
 * outside this code base (Python: cryptography's Ed25519 and base64's
 * b32encode, padding dropped, "FK" in front). */
static const char vector_text[] =
	"FKAEABENCWPAAAAACCAAB2P53UZEIWRRX6IRPQ6U2MIK2WDYDO2DVK7WBYKTJVRHZQ"
	"CVFZBE7VGS6AQBRVNGWQFHETASTLK4XXMVWZ3T3NJXACSTBV7RVVLTGXBY";
static const uint8_t vector_payload[TOKEN_PAYLOAD_BYTES] = {
	1, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0x42, 0, 3 };

/* RFC 4648 base32, upper case, no padding: the test's own decoder. */
static size_t base32_decode(const char *in, uint8_t *out, size_t cap)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;

	for (; *in; in++) {
		const char *at = strchr(abc, *in);

		assert_non_null(at);
		acc = (acc << 5) | (uint32_t)(at - abc);
		bits += 5;
		if (bits >= 8) {
			assert_true(n < cap);
			out[n++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	assert_int_equal(acc & ((1u << bits) - 1), 0); /* zero padding bits */
	return n;
}

static void test_fixed_vector_from_the_format_doc(void **state)
{
	uint8_t seed[32], pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t sk[crypto_sign_SECRETKEYBYTES], raw[76];
	struct token t = { .version = 1, .role = TOKEN_ROLE_STUDENT,
			   .event_id = 0x12345678, .attendee_id = 66,
			   .serial = 3 }, got;
	struct token_keys keys = { .n = 1 };
	char text[TOKEN_TEXT_MAX];

	(void)state;
	assert_true(sodium_init() >= 0);
	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)i;
	assert_int_equal(crypto_sign_seed_keypair(pk, sk, seed), 0);
	/* ours writes exactly the documented text */
	assert_int_equal(token_encode(&t, sk, text), 0);
	assert_string_equal(text, vector_text);
	assert_int_equal(strlen(vector_text), TOKEN_TEXT_LEN);
	/* the text holds the documented bytes, signed as documented,
	 * checked with libsodium alone */
	assert_memory_equal(vector_text, "FK", 2);
	assert_int_equal(base32_decode(vector_text + 2, raw, sizeof(raw)), 76);
	assert_memory_equal(raw, vector_payload, TOKEN_PAYLOAD_BYTES);
	assert_int_equal(crypto_sign_verify_detached(raw + 12, raw, 12, pk),
			 0);
	/* and ours reads it back */
	memcpy(keys.pk[0], pk, TOKEN_PK_BYTES);
	assert_int_equal(token_check(vector_text, strlen(vector_text),
				     0x12345678, &keys, &got, NULL), TOKEN_OK);
	assert_int_equal(got.role, TOKEN_ROLE_STUDENT);
	assert_int_equal(got.attendee_id, 66);
	assert_int_equal(got.serial, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_vector_from_the_format_doc),
		cmocka_unit_test(test_roundtrip_only_alphanumerics),
		cmocka_unit_test(test_accepts_case_whitespace_and_prefixes),
		cmocka_unit_test(test_malformed_inputs_have_reasons),
		cmocka_unit_test(test_forged_other_event_and_rotation),
		cmocka_unit_test(test_every_flipped_character_is_refused),
		cmocka_unit_test(test_random_tokens_roundtrip_through_qr_and_zbar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
