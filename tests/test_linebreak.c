/* test_linebreak.c: kinsoku, and MeCab's word and phrase breaks, on the
 * kiosk's own texts and on the sentences the issue found cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fair/jtext.h"
#include "fair/linebreak.h"

/* Width in characters: every character counts 1. */
static int chars(void *ctx, const char *s, size_t n)
{
	const char *p = s;
	int w = 0;

	(void)ctx;
	while ((size_t)(p - s) < n && *p) {
		jtext_next(&p);
		w++;
	}
	return w;
}

/* Wraps s at every width from 1 to its length and checks that no line
 * starts with a forbidden character and no word is split when a phrase
 * break would do. From 4 characters: 「印刷」 never splits, so it needs
 * them. */
static void wrap_all(const char *s, const char *const *words)
{
	struct lb_line ln[64];
	char line[256];

	for (int w = 4; w <= chars(NULL, s, strlen(s)); w++) {
		int n = linebreak_wrap(s, "ja", w, chars, NULL, ln, 64);

		assert_true(n >= 1 && n <= 64);
		for (int i = 0; i < n; i++) {
			snprintf(line, sizeof(line), "%.*s", (int)ln[i].len,
				 s + ln[i].start);
			assert_true(chars(NULL, line, strlen(line)) <= w);
			if (i > 0 && (!strncmp(line, "。", 3) ||
				      !strncmp(line, "、", 3) ||
				      !strncmp(line, "ー", 3) ||
				      !strncmp(line, "ッ", 3) ||
				      !strncmp(line, "」", 3)))
				fail_msg("width %d: line '%s' of '%s'", w,
					 line, s);
			for (int k = 0; words[k]; k++) {
				size_t wl = strlen(words[k]);
				const char *at = strstr(s, words[k]);
				/* 。 never starts a line: it counts */
				int tail = at && (!strncmp(at + wl, "。", 3) ||
						  !strncmp(at + wl, "、", 3));

				if (chars(NULL, words[k], wl) + tail > w)
					continue; /* may split: no room */
				for (size_t c = 3; c < wl; c += 3) {
					/* the line ends inside the word? */
					if (ln[i].len >= c &&
					    !memcmp(line + ln[i].len - c,
						    words[k], c) &&
					    i + 1 < n &&
					    !memcmp(s + ln[i + 1].start,
						    words[k] + c, wl - c))
						fail_msg("width %d: '%s' split"
							 " in '%s'", w,
							 words[k], s);
				}
			}
		}
	}
}

static void test_kiosk_texts(void **state)
{
	static const char *const words[] = { "印刷", "スタッフ", "イベント",
					     "バッジ", "受付", NULL };

	(void)state;
	wrap_all("印刷したバッジをお持ちください。", words);
	wrap_all("スタッフにお声がけください。", words);
	wrap_all("イベントの期間外です。スタッフを呼んでください。", words);
	wrap_all("「印刷」を押すとバッジが出ます。", words);
}

/* Lines broken inside a word by the old rules of thumb: バッジのQR|コード,
 * スタッフにお|声がけ, 株式会|社, スタッフをお|呼び. At every width each
 * MeCab word stays whole while it fits the line. */
static void test_words_found_cut(void **state)
{
	static const char *const words[] = {
		"バッジ", "QRコード", "ください", "スタッフ", "お声がけ",
		"株式会社", "お呼び", "ご来場", "サービス", NULL
	};

	(void)state;
	wrap_all("バッジのQRコードをかざしてください", words);
	wrap_all("スタッフにお声がけください。", words);
	wrap_all("株式会社東海オートサービス", words);
	wrap_all("スタッフをお呼びください", words);
	wrap_all("ご来場ありがとうございます", words);
}

/* The break levels: phrases after particles and before independent
 * words, none after a prefix, compound nouns only in need. */
static void test_phrase_levels(void **state)
{
	const char *s = "バッジのQRコードをお持ちください";
	uint8_t brk[64];

	(void)state;
	linebreak_find(s, strlen(s), "ja", brk);
	assert_int_equal(brk[11], LB_PHRASE); /* バッジの|QR */
	assert_int_equal(brk[13], LB_CHAR);   /* QR|コード: a compound */
	assert_int_equal(brk[19], LB_SPLIT);  /* コー|ド: inside a word */
	assert_int_equal(brk[22], LB_WORD);   /* コード|を: a particle */
	assert_int_equal(brk[25], LB_PHRASE); /* を|お持ち */
	assert_int_equal(brk[28], LB_NONE);   /* お|持ち: after a prefix */
	s = "株式会社";
	linebreak_find(s, strlen(s), "ja", brk);
	assert_int_equal(brk[2], LB_SPLIT);   /* 株|式 */
	assert_int_equal(brk[8], LB_SPLIT);   /* 会|社 */
}

static void test_find_levels(void **state)
{
	const char *s = "印刷した バッジ。";
	uint8_t brk[64];
	size_t n = strlen(s);

	(void)state;
	linebreak_find(s, n, "ja", brk);
	assert_int_equal(brk[2], LB_SPLIT);   /* 印|刷: one word */
	assert_int_equal(brk[5], LB_WORD);    /* 刷|した: one phrase */
	assert_int_equal(brk[15], LB_NONE);   /* never before ッ */
	assert_int_equal(brk[12], LB_PHRASE); /* after the space */
	assert_int_equal(brk[n - 4], LB_NONE); /* never before 。 */
	assert_int_equal(brk[n - 1], LB_MUST);
}

static void test_english_and_newline(void **state)
{
	struct lb_line ln[8];
	const char *s = "Please show your badge\nto the camera";
	int n;

	(void)state;
	n = linebreak_wrap(s, "en", 12, chars, NULL, ln, 8);
	assert_int_equal(n, 4);
	assert_int_equal(ln[0].len, 11); /* "Please show" */
	assert_memory_equal(s + ln[1].start, "your badge", 10);
	assert_int_equal(ln[1].len, 10);
	assert_memory_equal(s + ln[2].start, "to the", 6);
	/* a word longer than the line is cut where it must */
	n = linebreak_wrap("abcdefghij", "en", 4, chars, NULL, ln, 8);
	assert_int_equal(n, 3);
	assert_int_equal(ln[2].len, 2);
	assert_int_equal(linebreak_wrap("", "ja", 4, chars, NULL, ln, 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kiosk_texts),
		cmocka_unit_test(test_words_found_cut),
		cmocka_unit_test(test_phrase_levels),
		cmocka_unit_test(test_find_levels),
		cmocka_unit_test(test_english_and_newline),
	};

	struct fair_err err = { "" };

	if (linebreak_init(&err)) {
		fprintf(stderr, "test_linebreak: %s\n", err.msg);
		return 77; /* no dictionary: cannot test the words */
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
