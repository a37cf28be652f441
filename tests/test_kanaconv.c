/* test_kanaconv.c: names through the real Anthy dictionary, and the name
 * variants (itaiji) the kiosk offers beside them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fair/itaiji.h"
#include "fair/kanaconv.h"

static int setup(void **state)
{
	struct fair_err err = { "" };
	struct kanaconv *kc;

	if (kanaconv_open(&kc, &err)) {
		fprintf(stderr, "kanaconv_open: %s\n", err.msg);
		return -1;
	}
	*state = kc;
	return 0;
}

static int teardown(void **state)
{
	kanaconv_close(*state);
	return 0;
}

static bool offers(struct kanaconv *kc, int seg, const char *want)
{
	char c[64];

	for (int i = 0; i < kanaconv_candidates(kc, seg); i++)
		if (!kanaconv_candidate(kc, seg, i, c, sizeof(c)) &&
		    !strcmp(c, want))
			return true;
	return false;
}

static int index_of(struct kanaconv *kc, int seg, const char *want)
{
	char c[64];

	for (int i = 0; i < kanaconv_candidates(kc, seg); i++)
		if (!kanaconv_candidate(kc, seg, i, c, sizeof(c)) &&
		    !strcmp(c, want))
			return i;
	return -1;
}

/* A full name in hiragana splits into family and given name. */
static void test_full_name(void **state)
{
	struct kanaconv *kc = *state;
	struct fair_err err = { "" };
	char r[64], out[64];
	int chars;

	assert_int_equal(kanaconv_convert(kc, "やまだたかこ", &err), 2);
	assert_int_equal(kanaconv_reading(kc, 0, r, sizeof(r), &chars), 0);
	assert_string_equal(r, "やまだ");
	assert_int_equal(chars, 3);
	assert_true(offers(kc, 0, "山田"));
	assert_true(offers(kc, 1, "高子"));
	assert_true(offers(kc, 1, "貴子"));
	assert_int_equal(kanaconv_choose(kc, 0, index_of(kc, 0, "山田")), 0);
	assert_int_equal(kanaconv_choose(kc, 1, index_of(kc, 1, "高子")), 0);
	assert_int_equal(kanaconv_commit(kc, out, sizeof(out)), 0);
	assert_string_equal(out, "山田高子");
	/* keeping the kana of a segment */
	assert_int_equal(kanaconv_choose(kc, 1, -1), 0);
	assert_int_equal(kanaconv_commit(kc, out, sizeof(out)), 0);
	assert_string_equal(out, "山田たかこ");
	assert_int_equal(kanaconv_commit(kc, out, 8), FAIR_EINVAL);
}

/* The kiosk's keyboard types katakana: the reading keeps it as typed. */
static void test_katakana(void **state)
{
	struct kanaconv *kc = *state;
	char r[64];
	int chars;

	assert_int_equal(kanaconv_convert(kc, "ヤマダ", NULL), 1);
	assert_true(offers(kc, 0, "山田"));
	assert_int_equal(kanaconv_reading(kc, 0, r, sizeof(r), &chars), 0);
	assert_string_equal(r, "ヤマダ");
	assert_int_equal(chars, 3);
	assert_int_equal(kanaconv_convert(kc, "タカコ", NULL), 1);
	assert_true(offers(kc, 0, "高子"));
}

static void test_refuses(void **state)
{
	struct kanaconv *kc = *state;
	struct fair_err err = { "" };
	char big[400];

	assert_int_equal(kanaconv_convert(kc, "", &err), FAIR_EINVAL);
	assert_int_equal(kanaconv_convert(kc, "yamada", &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "kana only"));
	assert_int_equal(kanaconv_convert(kc, "やま だ", &err), FAIR_EINVAL);
	memset(big, 0, sizeof(big));
	for (size_t i = 0; i + 3 < sizeof(big); i += 3)
		memcpy(big + i, "あ", 3);
	assert_int_equal(kanaconv_convert(kc, big, &err), FAIR_EINVAL);
	assert_int_equal(kanaconv_segments(kc), 0);
	assert_int_equal(kanaconv_candidates(kc, 0), 0);
	assert_int_equal(kanaconv_choose(kc, 0, 0), FAIR_EINVAL);
}

/* Converting never teaches Anthy: the same reading gives the same first
 * candidate after a choice (no student's name is learned). */
static void test_no_learning(void **state)
{
	struct kanaconv *kc = *state;
	char first[64], again[64];

	assert_int_equal(kanaconv_convert(kc, "たかこ", NULL), 1);
	assert_int_equal(kanaconv_candidate(kc, 0, 0, first, sizeof(first)),
			 0);
	kanaconv_choose(kc, 0, kanaconv_candidates(kc, 0) - 1);
	kanaconv_commit(kc, again, sizeof(again));
	assert_int_equal(kanaconv_convert(kc, "たかこ", NULL), 1);
	assert_int_equal(kanaconv_candidate(kc, 0, 0, again, sizeof(again)),
			 0);
	assert_string_equal(first, again);
}

static void test_itaiji(void **state)
{
	char out[4][32];

	(void)state;
	assert_int_equal(itaiji_expand("高子", &out[0][0], 32, 4), 1);
	assert_string_equal(out[0], "髙子");
	assert_int_equal(itaiji_expand("山崎", &out[0][0], 32, 4), 3);
	assert_string_equal(out[0], "山﨑");
	assert_string_equal(out[1], "山嵜");
	assert_string_equal(out[2], "山碕");
	assert_int_equal(itaiji_expand("吉田", &out[0][0], 32, 4), 1);
	assert_string_equal(out[0], "𠮷田");
	assert_int_equal(itaiji_expand("山田", &out[0][0], 32, 4), 0);
	assert_int_equal(itaiji_expand("山崎", &out[0][0], 32, 2), 2);
	/* a spelling that does not fit is skipped, never cut */
	assert_int_equal(itaiji_expand("高", &out[0][0], 3, 4), 0);
	assert_null(itaiji_variants('a'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_name),
		cmocka_unit_test(test_katakana),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_no_learning),
		cmocka_unit_test(test_itaiji),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
