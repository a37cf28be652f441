/* test_csv.c: the RFC 4180 reader and its encoding detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fair/csv.h"

static struct csv *open_str(const char *s)
{
	struct fair_err err = { "" };
	struct csv *c = csv_new_mem(s, strlen(s), "t.csv", &err);

	if (!c)
		fail_msg("csv_new_mem: %s", err.msg);
	return c;
}

/* Next record must be good and hold exactly the fields given. */
static void expect_row(struct csv *c, long line, int n, ...)
{
	struct fair_err err = { "" };
	const struct csv_row *row;
	va_list ap;
	int rc = csv_next(c, &row, &err);

	if (rc != 1)
		fail_msg("csv_next = %d (%s), wanted a row at line %ld", rc,
			 err.msg, line);
	assert_int_equal(row->line, line);
	assert_int_equal(row->nfields, n);
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);

		assert_string_equal(row->field[i], want);
		assert_int_equal(row->len[i], strlen(want));
	}
	va_end(ap);
}

static void expect_bad(struct csv *c, const char *msg_part)
{
	struct fair_err err = { "" };
	const struct csv_row *row;

	assert_int_equal(csv_next(c, &row, &err), FAIR_EINVAL);
	if (!strstr(err.msg, msg_part))
		fail_msg("message '%s' lacks '%s'", err.msg, msg_part);
}

static void expect_end(struct csv *c)
{
	struct fair_err err = { "" };
	const struct csv_row *row;

	assert_int_equal(csv_next(c, &row, &err), 0);
	assert_int_equal(csv_next(c, &row, &err), 0);
}

static void test_plain_lf_crlf_cr(void **state)
{
	struct csv *c = open_str("a,b,c\nd,,f\r\ng,h\ri\n");

	(void)state;
	assert_int_equal(csv_encoding(c), CSV_ENC_UTF8);
	expect_row(c, 1, 3, "a", "b", "c");
	expect_row(c, 2, 3, "d", "", "f");
	expect_row(c, 3, 2, "g", "h");
	expect_row(c, 4, 1, "i");
	expect_end(c);
	csv_free(c);
}

static void test_quoted(void **state)
{
	struct csv *c = open_str(
		"id,note\r\n"
		"1,\"a, b\"\r\n"
		"2,\"say \"\"hi\"\"\"\r\n"
		"3,\"two\r\nlines\nthree\"\r\n"
		"4,\"\"\r\n"
		"\"5\",x\r\n");

	(void)state;
	expect_row(c, 1, 2, "id", "note");
	expect_row(c, 2, 2, "1", "a, b");
	expect_row(c, 3, 2, "2", "say \"hi\"");
	expect_row(c, 4, 2, "3", "two\nlines\nthree");
	expect_row(c, 7, 2, "4", "");
	expect_row(c, 8, 2, "5", "x");
	expect_end(c);
	csv_free(c);
}

static void test_blank_lines_and_trailing_comma(void **state)
{
	struct csv *c = open_str("\n\r\na,\n\n\nb\n,\n");

	(void)state;
	expect_row(c, 3, 2, "a", "");
	expect_row(c, 6, 1, "b");
	expect_row(c, 7, 2, "", "");
	expect_end(c);
	csv_free(c);
}

/* Rows as Excel numbers them: the header is row 1, a quoted cell over
 * several lines is one row, an empty line is a row; messages name the
 * row, and the line too where they differ. */
static void test_rows_as_excel_numbers_them(void **state)
{
	struct csv *c = open_str("id,note\r\n"
				 "1,\"two\r\nlines\"\r\n"
				 "\r\n"
				 "3,\"x\ny\nz\"\n"
				 "4,\"a\"b\n"
				 "5,ok\n");
	struct fair_err err = { "" };
	const struct csv_row *row;
	char at[128];
	long rows[] = { 1, 2, 4, 5, 6 }, lines[] = { 1, 2, 5, 8, 9 };

	(void)state;
	for (int i = 0; i < 5; i++) {
		int rc = csv_next(c, &row, &err);

		assert_int_equal(rc, i == 3 ? FAIR_EINVAL : 1);
		assert_int_equal(row->row, rows[i]);
		assert_int_equal(row->line, lines[i]);
		if (i == 3)
			assert_non_null(strstr(err.msg, "t.csv: 5行目 (line 8)"
					       ": field 2: text after"));
	}
	assert_string_equal(csv_where(c, row, at, sizeof(at)),
			    "t.csv: 6行目 (line 9)");
	expect_end(c);
	csv_free(c);
	/* a sheet's rows: lines mean nothing there */
	c = open_str("h\n\"a\nb\"\nc\n");
	csv_set_sheet(c);
	assert_int_equal(csv_next(c, &row, &err), 1);
	assert_int_equal(csv_next(c, &row, &err), 1);
	assert_int_equal(csv_next(c, &row, &err), 1);
	assert_string_equal(row->field[0], "c");
	assert_string_equal(csv_where(c, row, at, sizeof(at)), "t.csv:3");
	csv_free(c);
}

static void test_no_final_newline_and_empty(void **state)
{
	struct csv *c = open_str("x,\"y\"");

	(void)state;
	expect_row(c, 1, 2, "x", "y");
	expect_end(c);
	csv_free(c);
	c = open_str("");
	expect_end(c);
	csv_free(c);
}

static void test_bom(void **state)
{
	struct csv *c = open_str("\xef\xbb\xbf" "氏名,学年\n岐阜 太郎,3\n");

	(void)state;
	assert_int_equal(csv_encoding(c), CSV_ENC_UTF8_BOM);
	expect_row(c, 1, 2, "氏名", "学年");
	expect_row(c, 2, 2, "岐阜 太郎", "3");
	expect_end(c);
	csv_free(c);
}

/* UTF-8 to CP932 with iconv, as Excel in Japan would have saved it. */
static char *to_cp932(const char *utf8, size_t *out_len)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	size_t in_left = strlen(utf8), out_left = in_left + 1;
	char *in = (char *)utf8, *buf = malloc(out_left), *out = buf;

	assert_true(cd != (iconv_t)-1);
	assert_non_null(buf);
	assert_true(iconv(cd, &in, &in_left, &out, &out_left) != (size_t)-1);
	iconv_close(cd);
	*out_len = (size_t)(out - buf);
	return buf;
}

static const char *sjis_text =
	"受付番号,氏名,フリガナ,学校名\r\n"
	"S001,山田 花子,ヤマダ ハナコ,岐阜工業高等専門学校\r\n"
	"S002,\"鈴木, 一郎\",ｽｽﾞｷ ｲﾁﾛｳ,中部学院大学\r\n"
	"S003,表示～ソ,ソ,\"能\r\n十\"\r\n";

static void test_cp932_mem(void **state)
{
	size_t len;
	char *sjis = to_cp932(sjis_text, &len);
	struct fair_err err = { "" };
	struct csv *c = csv_new_mem(sjis, len, "s.csv", &err);

	(void)state;
	assert_non_null(c);
	assert_int_equal(csv_encoding(c), CSV_ENC_CP932);
	expect_row(c, 1, 4, "受付番号", "氏名", "フリガナ", "学校名");
	expect_row(c, 2, 4, "S001", "山田 花子", "ヤマダ ハナコ",
		   "岐阜工業高等専門学校");
	expect_row(c, 3, 4, "S002", "鈴木, 一郎", "ｽｽﾞｷ ｲﾁﾛｳ", "中部学院大学");
	/* ソ and 能 end in 0x5c, the byte of a backslash. */
	expect_row(c, 4, 4, "S003", "表示～ソ", "ソ", "能\n十");
	expect_end(c);
	csv_free(c);
	free(sjis);
}

static void test_cp932_file(void **state)
{
	char path[] = "/tmp/test_csv_XXXXXX";
	int fd = mkstemp(path);
	size_t len;
	char *sjis = to_cp932(sjis_text, &len);
	struct fair_err err = { "" };
	struct csv *c;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, sjis, len), (ssize_t)len);
	close(fd);
	c = csv_open(path, "roster.csv", &err);
	assert_non_null(c);
	assert_string_equal(csv_name(c), "roster.csv");
	assert_int_equal(csv_encoding(c), CSV_ENC_CP932);
	expect_row(c, 1, 4, "受付番号", "氏名", "フリガナ", "学校名");
	csv_free(c);
	free(sjis);
	unlink(path);
}

static void expect_open_fails(const char *data, size_t len, const char *part)
{
	struct fair_err err = { "" };
	struct csv *c = csv_new_mem(data, len, "bad.csv", &err);

	assert_null(c);
	if (!strstr(err.msg, part))
		fail_msg("message '%s' lacks '%s'", err.msg, part);
}

static void test_invalid_bytes_name_line(void **state)
{
	static const char junk[] = "a,b\nc,d\n\"x\ny\",\x80\x80\n";
	static const char bom_bad[] = "\xef\xbb\xbf" "a\nb\xff\n";
	static const char utf8_bad[] = "名前\n太郎\nab\xe5\xb1\n";
	static const char nul[] = "a\nb\n\0c\n";

	(void)state;
	/* the quoted "x\ny" is one row over two lines */
	expect_open_fails(junk, sizeof(junk) - 1, "bad.csv: 3行目 (line 4):");
	expect_open_fails(bom_bad, sizeof(bom_bad) - 1,
			  "bad.csv:2: invalid UTF-8");
	/* A UTF-8 file with one broken character is blamed on UTF-8. */
	expect_open_fails(utf8_bad, sizeof(utf8_bad) - 1, "bad.csv:3:");
	expect_open_fails(nul, sizeof(nul) - 1, "bad.csv:3: NUL");
	expect_open_fails("\xff\xfe" "a\0", 4, "UTF-16");
	expect_open_fails("a\0b\0", 4, "UTF-16");
}

static void test_missing_file(void **state)
{
	struct fair_err err = { "" };

	(void)state;
	assert_null(csv_open("/nonexistent/x.csv", NULL, &err));
	assert_non_null(strstr(err.msg, "cannot open '/nonexistent/x.csv'"));
}

static void test_bad_records_skip(void **state)
{
	struct csv *c = open_str("a,\"b\"c,d\n"
				 "ok,1\n"
				 "\"x\" ,y\n"
				 "ok,2\n"
				 "\"never closed,\nz\n");

	(void)state;
	expect_bad(c, "t.csv:1: field 2: text after the closing quote");
	expect_row(c, 2, 2, "ok", "1");
	expect_bad(c, "t.csv:3: field 1");
	expect_row(c, 4, 2, "ok", "2");
	expect_bad(c, "t.csv:5: field 1: a quote");
	expect_end(c);
	csv_free(c);
}

static void test_caps(void **state)
{
	size_t n = 2 * CSV_FIELD_MAX + 64, off = 0;
	char *s = malloc(n);
	struct csv *c;
	const struct csv_row *row;
	struct fair_err err = { "" };

	(void)state;
	/* Line 1: a field one byte over the cap; then an exact fit. */
	s[off++] = '"';
	memset(s + off, 'x', CSV_FIELD_MAX + 1);
	off += CSV_FIELD_MAX + 1;
	memcpy(s + off, "\",b\n", 4);
	off += 4;
	memset(s + off, 'y', CSV_FIELD_MAX);
	off += CSV_FIELD_MAX;
	memcpy(s + off, "\nend\n", 5);
	off += 5;
	c = csv_new_mem(s, off, "t.csv", &err);
	assert_non_null(c);
	expect_bad(c, "t.csv:1: field 1 is longer than");
	assert_int_equal(csv_next(c, &row, &err), 1);
	assert_int_equal(row->line, 2);
	assert_int_equal(row->len[0], CSV_FIELD_MAX);
	expect_row(c, 3, 1, "end");
	csv_free(c);
	free(s);
}

static void test_too_many_fields(void **state)
{
	char s[CSV_FIELDS_MAX * 2 + 16];
	size_t off = 0;
	struct csv *c;

	(void)state;
	for (int i = 0; i <= CSV_FIELDS_MAX; i++)
		s[off++] = ',';
	memcpy(s + off, "\nlast\n", 6);
	off += 6;
	c = csv_new_mem(s, off, "t.csv", NULL);
	assert_non_null(c);
	expect_bad(c, "t.csv:1: more than");
	expect_row(c, 2, 1, "last");
	csv_free(c);
}

static void test_utf8_validator(void **state)
{
	(void)state;
	assert_int_equal(csv_utf8_valid_prefix("abc", 3), 3);
	assert_int_equal(csv_utf8_valid_prefix("岐阜", 6), 6);
	assert_int_equal(csv_utf8_valid_prefix("a\xc0\x80", 3), 1);
	assert_int_equal(csv_utf8_valid_prefix("\xed\xa0\x80", 3), 0);
	assert_int_equal(csv_utf8_valid_prefix("\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(csv_utf8_valid_prefix("\xf0\x9f\x98\x80", 4), 4);
	assert_int_equal(csv_utf8_valid_prefix("ab\xe5\xb2", 4), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lf_crlf_cr),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_blank_lines_and_trailing_comma),
		cmocka_unit_test(test_no_final_newline_and_empty),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_cp932_mem),
		cmocka_unit_test(test_cp932_file),
		cmocka_unit_test(test_invalid_bytes_name_line),
		cmocka_unit_test(test_rows_as_excel_numbers_them),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_bad_records_skip),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_utf8_validator),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
