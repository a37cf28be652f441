/* test_console_json: the console's JSON writer (src/fairsync/serve/json.c,
 * compiled in: it is part of fairsync, not libfair). Every answer of the
 * API goes through it, with roster text from any file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../src/fairsync/serve/json.c"

static void test_nesting_and_commas(void **state)
{
	struct jbuf b = { 0 };

	(void)state;
	json_obj(&b);
	json_key(&b, "a");
	json_int(&b, 1);
	json_key(&b, "list");
	json_arr(&b);
	json_obj(&b);
	json_key(&b, "x");
	json_bool(&b, true);
	json_end_obj(&b);
	json_obj(&b);
	json_end_obj(&b);
	json_null(&b);
	json_double(&b, 2.5);
	json_end_arr(&b);
	json_key(&b, "s");
	json_str(&b, NULL);
	json_end_obj(&b);
	assert_false(b.failed);
	assert_string_equal(b.p, "{\"a\":1,\"list\":[{\"x\":true},{},null,"
			    "2.500],\"s\":null}");
	jbuf_free(&b);
}

/* The one-member helpers write exactly what json_key() and the value
 * would, commas included. */
static void test_members(void **state)
{
	struct jbuf b = { 0 };

	(void)state;
	json_obj(&b);
	json_kv_int(&b, "n", -3);
	json_kv_str(&b, "s", "a\"b");
	json_kv_str(&b, "none", NULL);
	json_kv_bool(&b, "ok", false);
	json_end_obj(&b);
	assert_false(b.failed);
	assert_string_equal(b.p, "{\"n\":-3,\"s\":\"a\\\"b\",\"none\":null,"
			    "\"ok\":false}");
	jbuf_free(&b);
}

static void test_escapes(void **state)
{
	struct jbuf b = { 0 };

	(void)state;
	json_str(&b, "\"\\\n\r\t\x01 <b>&</b> \x7f");
	assert_string_equal(b.p, "\"\\\"\\\\\\n\\r\\t\\u0001 \\u003cb\\u003e"
			    "\\u0026\\u003c/b\\u003e \\u007f\"");
	jbuf_free(&b);
}

static void test_utf8(void **state)
{
	struct jbuf b = { 0 };

	(void)state;
	/* kanji kept; a separator that ends a JavaScript line escaped */
	json_str(&b, "山田\xe2\x80\xa8" "x");
	assert_string_equal(b.p, "\"山田\\u2028x\"");
	jbuf_reset(&b);
	/* a lone continuation byte, an overlong '/', a surrogate, a cut
	 * sequence: each a U+FFFD, nothing else lost */
	json_str(&b, "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe5\xb1");
	assert_string_equal(b.p, "\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd"
			    "\\ufffdd\\ufffd\\ufffd\"");
	jbuf_reset(&b);
	json_strn(&b, "a\0b", 3); /* a NUL inside a cell */
	assert_string_equal(b.p, "\"a\\u0000b\"");
	jbuf_free(&b);
}

static void test_html(void **state)
{
	struct jbuf b = { 0 };

	(void)state;
	jbuf_html(&b, "<a href=\"x\">'&'</a>");
	assert_string_equal(b.p, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
			    "&lt;/a&gt;");
	jbuf_free(&b);
}

static void test_grows(void **state)
{
	struct jbuf b = { 0 };
	char big[10000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	json_arr(&b);
	for (int i = 0; i < 50; i++)
		json_str(&b, big);
	json_end_arr(&b);
	assert_false(b.failed);
	assert_int_equal(b.len, 2 + 50 * (sizeof(big) - 1 + 2) + 49);
	assert_int_equal(strlen(b.p), b.len);
	jbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting_and_commas),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
