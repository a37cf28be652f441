/* test_texthold.c: a scanner's burst never reaches a text field, a
 * person's typing always does, in order, on a fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fair/texthold.h"

/* What reached the field: text as typed, Enter as "\n", Backspace "\b". */
struct field {
	char s[512];
	struct texthold h;
};

static void field_init(struct field *f)
{
	f->s[0] = '\0';
	texthold_init(&f->h);
}

static void field_settle(struct field *f, int64_t now, bool force)
{
	struct texthold_item out[TEXTHOLD_ITEMS];
	int n = texthold_settle(&f->h, now, force, out);

	for (int i = 0; i < n; i++) {
		size_t len = strlen(f->s);

		snprintf(f->s + len, sizeof(f->s) - len, "%s",
			 out[i].kind == TEXTHOLD_ENTER ? "\n" :
			 out[i].kind == TEXTHOLD_BACKSPACE ? "\b" :
							     out[i].text);
	}
}

/* One input at now, as the kiosk feeds it: settle, then push. */
static void field_input(struct field *f, enum texthold_kind kind,
			const char *text, int64_t now)
{
	field_settle(f, now, false);
	texthold_push(&f->h, kind, text, now);
}

/* Each character of s as its own input, gap_ms apart from t; returns the
 * time of the last. */
static int64_t field_type(struct field *f, const char *s, int gap_ms,
			  int64_t t)
{
	char one[2] = { 0, 0 };

	for (; *s; s++, t += gap_ms) {
		one[0] = *s;
		field_input(f, TEXTHOLD_TEXT, one, t);
	}
	return t - gap_ms;
}

static void test_person_typing_reaches_field(void **state)
{
	struct field f;
	int64_t t;

	(void)state;
	field_init(&f);
	t = field_type(&f, "yamada taro", 90, 1000);
	field_input(&f, TEXTHOLD_BACKSPACE, NULL, t + 120);
	field_input(&f, TEXTHOLD_ENTER, NULL, t + 300);
	field_settle(&f, t + 1000, false);
	assert_string_equal(f.s, "yamada taro\b\n");
}

static void test_scanner_burst_dropped_with_its_enter(void **state)
{
	struct field f;
	int64_t t;

	(void)state;
	field_init(&f);
	t = field_type(&f, "FKAEAD2H5XUYQ7", 4, 1000);
	field_input(&f, TEXTHOLD_ENTER, NULL, t + 4);
	field_settle(&f, t + 500, false);
	assert_string_equal(f.s, "");
	assert_int_equal(texthold_deadline(&f.h), INT64_MAX);
}

/* A name typed, a badge scanned in the middle, the name finished: the
 * field holds only the name. */
static void test_scan_in_the_middle_of_typing(void **state)
{
	struct field f;
	int64_t t;

	(void)state;
	field_init(&f);
	t = field_type(&f, "mino", 150, 1000);
	t = field_type(&f, "FK0123456789ABCD", 5, t + 200);
	field_input(&f, TEXTHOLD_ENTER, NULL, t + 5);
	t = field_type(&f, "ru", 150, t + 300);
	field_settle(&f, t + 100, false);
	assert_string_equal(f.s, "minoru");
}

/* Seven fast inputs are not a burst (a short code, or key rollover). */
static void test_short_fast_run_released(void **state)
{
	struct field f;
	int64_t t;

	(void)state;
	field_init(&f);
	t = field_type(&f, "abcdefg", 10, 1000);
	field_settle(&f, t + TEXTHOLD_GAP_MS, false);
	assert_string_equal(f.s, ""); /* the run may still go on */
	assert_int_equal(texthold_deadline(&f.h),
			 t + TEXTHOLD_GAP_MS + 1);
	field_settle(&f, texthold_deadline(&f.h), false);
	assert_string_equal(f.s, "abcdefg");
}

/* An IME commits a whole word as one input: never a burst. */
static void test_ime_commit_is_one_input(void **state)
{
	struct field f;

	(void)state;
	field_init(&f);
	field_input(&f, TEXTHOLD_TEXT, "岐阜大学工学部", 1000);
	field_input(&f, TEXTHOLD_TEXT, "電気電子工学科", 1010);
	field_settle(&f, 2000, false);
	assert_string_equal(f.s, "岐阜大学工学部電気電子工学科");
}

/* A tap ends typing at once: what is held goes in before the tap acts. */
static void test_force_releases_at_once(void **state)
{
	struct field f;

	(void)state;
	field_init(&f);
	field_input(&f, TEXTHOLD_TEXT, "ヤマダ", 1000);
	field_settle(&f, 1001, true);
	assert_string_equal(f.s, "ヤマダ");
	assert_int_equal(texthold_deadline(&f.h), INT64_MAX);
	field_settle(&f, 1002, true);
	assert_string_equal(f.s, "ヤマダ");
}

/* A text longer than an item holds is cut, not overrun. */
static void test_long_text_cut(void **state)
{
	struct field f;
	char big[100];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	field_init(&f);
	field_input(&f, TEXTHOLD_TEXT, big, 1000);
	field_settle(&f, 2000, false);
	assert_int_equal(strlen(f.s), TEXTHOLD_TEXT_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_person_typing_reaches_field),
		cmocka_unit_test(test_scanner_burst_dropped_with_its_enter),
		cmocka_unit_test(test_scan_in_the_middle_of_typing),
		cmocka_unit_test(test_short_fast_run_released),
		cmocka_unit_test(test_ime_commit_is_one_input),
		cmocka_unit_test(test_force_releases_at_once),
		cmocka_unit_test(test_long_text_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
