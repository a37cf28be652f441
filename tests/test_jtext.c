/* test_jtext.c: folding Japanese text as IMEs and old systems type it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/jtext.h"

static void expect_clean(const char *in, bool fold, const char *want)
{
	char out[64];

	assert_int_equal(jtext_clean(in, fold, out, sizeof(out)),
			 (int)strlen(want));
	assert_string_equal(out, want);
}

static void test_clean(void **state)
{
	(void)state;
	expect_clean("  山田　花子　 ", false, "山田 花子");
	expect_clean("\t a\r\nb \n", false, "a  b");
	expect_clean("ＳＯＮＹ１２３", false, "ＳＯＮＹ１２３");
	expect_clean("ＳＯＮＹ１２３", true, "SONY123");
	expect_clean("ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ", true,
		     "yamada@example.jp");
	expect_clean("　　", true, "");
	expect_clean("", true, "");
}

static void test_clean_cap(void **state)
{
	char out[4];

	(void)state;
	assert_int_equal(jtext_clean("abc", false, out, sizeof(out)), 3);
	assert_int_equal(jtext_clean("abcd", false, out, sizeof(out)), -1);
	/* Trailing spaces never make a value too long. */
	assert_int_equal(jtext_clean("abc    ", false, out, sizeof(out)), 3);
	assert_string_equal(out, "abc");
	/* A character that does not fit whole is not cut in half. */
	assert_int_equal(jtext_clean("a岐", false, out, sizeof(out)), -1);
	assert_int_equal(jtext_clean("岐", false, out, sizeof(out)), 3);
}

static void expect_kana(const char *in, const char *want)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s", in);
	jtext_kana(buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_kana(void **state)
{
	(void)state;
	expect_kana("やまだ はなこ", "ヤマダ ハナコ");
	expect_kana("ヤマダ ハナコ", "ヤマダ ハナコ");
	expect_kana("ｽｽﾞｷ ｲﾁﾛｳ", "スズキ イチロウ");
	expect_kana("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ", "パピプペポ バビブベボ");
	expect_kana("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン");
	/* A mark the kana cannot take stays as it was. */
	expect_kana("ｶﾟｱﾞ", "カﾟアﾞ");
	expect_kana("ﾞｶ", "ﾞカ");
	expect_kana("ｼﾞｭｳﾍﾞｴ", "ジュウベエ");
	expect_kana("ｦｯｰﾝ", "ヲッーン");
	expect_kana("ゔぁ ABC 漢字", "ヴァ ABC 漢字");
}

static void test_codec(void **state)
{
	const char *s = "a岐😀";
	char out[8];
	size_t len = 0;

	(void)state;
	assert_int_equal(jtext_next(&s), 'a');
	assert_int_equal(jtext_next(&s), 0x5c90);
	assert_int_equal(jtext_next(&s), 0x1f600);
	assert_int_equal(*s, '\0');
	assert_true(jtext_put(out, sizeof(out), &len, 0x1f600));
	assert_true(jtext_put(out, sizeof(out), &len, 0x5c90));
	assert_false(jtext_put(out, sizeof(out), &len, 'x'));
	assert_int_equal(len, 7);
	assert_int_equal(jtext_fold_width(0xff21), 'A');
	assert_int_equal(jtext_fold_width(0x3000), ' ');
	assert_int_equal(jtext_fold_width(0x3042), 0x3042);
}

static void test_json_put(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	jtext_json_put(f, "山田 \"太郎\"\\\n\x01");
	fclose(f);
	assert_string_equal(buf, "\"山田 \\\"太郎\\\"\\\\\\u000a\\u0001\"");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_clean_cap),
		cmocka_unit_test(test_kana),
		cmocka_unit_test(test_codec),
		cmocka_unit_test(test_json_put),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
