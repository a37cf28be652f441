/* test_voice.c: what the kiosk says aloud (src/kiosk/voice.c, compiled
 * into this test): the words of the result screen's own layout, for every
 * outcome in Japanese, the name replaced by its reading, times read as
 * times, buttons and the waiting count never read. Built from the real
 * layout, so a change of wording on screen is a change of what is said,
 * never a second text to keep in step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/kiosk/voice.c"

#define NAME "山田 太郎"
#define READING "ヤマダ タロウ"

static struct brain b;
static struct layout l;
static char said[VOICE_TEXT_MAX];

/* b showing outcome o for 山田 太郎 (ALREADY at 10:42), laid out. */
static void show(enum outcome o, int w, int h)
{
	struct brain_config c = { .clock_ok = true, .result_ms = 2000,
				  .utc_offset_min = 540, .lang = LANG_JA };
	struct layout_info info = { .now = 1000, .wall_ms = 1790000000000,
				    .utc_offset_min = 540, .status = "",
				    .px_per_mm = 4.6 };

	brain_init(&b, &c, 0);
	b.screen = SCREEN_RESULT;
	b.outcome = o;
	if (o == OUTCOME_ACCEPTED || o == OUTCOME_ALREADY)
		snprintf(b.result_name, sizeof(b.result_name), NAME);
	if (o == OUTCOME_ALREADY)
		snprintf(b.result_time, sizeof(b.result_time), "10:42");
	layout_build(&b, &info, w, h, &l);
}

static void say(void)
{
	assert_true(voice_text(&l, NAME, READING, said, sizeof(said)));
}

/* Every text a reader sees on the result screen is said (times as
 * times); no button, key or caption is. */
static void said_as_shown(void)
{
	char t[VOICE_TEXT_MAX];
	size_t n = 0;

	for (int i = 0; i < l.n; i++) {
		const struct widget *w = &l.w[i];

		if (!w->text[0] || w->role == WR_NONE)
			continue;
		n = 0;
		t[0] = '\0';
		if (w->role == WR_NAME)
			put_name(t, sizeof(t), &n, w, NAME, READING);
		else
			put_times(t, sizeof(t), &n, w->text);
		if (w->role == WR_BUTTON || w->role == WR_KEY ||
		    w->role == WR_FIELD || w->type == DS_CAPTION) {
			if (strstr(said, t))
				fail_msg("'%s' said (%s)", t, said);
		} else if (!strstr(said, t)) {
			fail_msg("'%s' not said (%s)", t, said);
		}
	}
}

static void test_accepted(void **state)
{
	char want[VOICE_TEXT_MAX];

	(void)state;
	show(OUTCOME_ACCEPTED, 1280, 800);
	say();
	snprintf(want, sizeof(want), "%s%s、%s", READING,
		 str_get(STR_NAME_SUFFIX, LANG_JA),
		 str_get(STR_WELCOME, LANG_JA));
	assert_string_equal(said, want); /* 「ヤマダ タロウ さん、受付しました」 */
	assert_null(strstr(said, "山田"));
	said_as_shown();
}

static void test_already_reads_the_time(void **state)
{
	(void)state;
	show(OUTCOME_ALREADY, 1280, 800);
	say();
	assert_non_null(strstr(said, "10時42分"));
	assert_null(strstr(said, "10:42"));
	assert_int_equal(strncmp(said, READING, strlen(READING)), 0);
	assert_non_null(strstr(said, str_get(STR_ALREADY_AT, LANG_JA)));
	said_as_shown();
}

/* Every refusal, at every size: the screen's words, no name. */
static void test_every_refusal(void **state)
{
	static const int sizes[][2] = {
		{ 1920, 1080 }, { 1080, 1920 }, { 1280, 800 }, { 800, 480 }
	};

	(void)state;
	for (int o = 0; o < OUTCOME_COUNT; o++) {
		if (o == OUTCOME_ACCEPTED || o == OUTCOME_ALREADY)
			continue;
		for (size_t s = 0; s < 4; s++) {
			show((enum outcome)o, sizes[s][0], sizes[s][1]);
			say();
			assert_non_null(strstr(said, str_get(
				str_outcome((enum outcome)o), LANG_JA)));
			assert_null(strstr(said, READING));
			said_as_shown();
		}
	}
}

/* The waiting count and the booth's consent button are for the eye. */
static void test_not_buttons_nor_the_queue(void **state)
{
	(void)state;
	show(OUTCOME_ACCEPTED, 1280, 800);
	b.q_len = 3;
	b.cfg.leads = b.cfg.booth_consent = true;
	b.bc = BC_OFFER;
	{
		struct layout_info info = { .now = 1000, .status = "",
					    .px_per_mm = 4.6 };

		layout_build(&b, &info, 1280, 800, &l);
	}
	say();
	assert_null(strstr(said, "+3"));
	assert_null(strstr(said, str_get(STR_BOOTH_CONSENT, LANG_JA)));
	said_as_shown();
}

static void test_reading_only_for_the_name(void **state)
{
	(void)state;
	show(OUTCOME_ACCEPTED, 1280, 800);
	/* another name than the screen's: the screen's is said as shown */
	assert_true(voice_text(&l, "佐藤 花子", "サトウ ハナコ", said,
			       sizeof(said)));
	assert_non_null(strstr(said, NAME));
	/* no reading known: the name as written */
	assert_true(voice_text(&l, NAME, "", said, sizeof(said)));
	assert_non_null(strstr(said, NAME));
}

static void test_times_and_cap(void **state)
{
	char out[64];
	size_t n = 0;

	(void)state;
	put_times(out, sizeof(out), &n, "9:05 と 12:00 と 1:2 と 123:45");
	assert_string_equal(out, "9時5分 と 12時 と 1:2 と 123:45");
	show(OUTCOME_MALFORMED, 1280, 800);
	/* cut short, the text stays whole characters */
	for (size_t cap = 1; cap < 40; cap++) {
		voice_text(&l, NAME, READING, out, cap);
		assert_true(strlen(out) < cap);
		for (size_t i = 0; out[i]; ) {
			unsigned char c = (unsigned char)out[i];
			size_t k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3
								       : 4;

			assert_true(i + k <= strlen(out));
			i += k;
		}
	}
}

/* An empty screen has nothing to say. */
static void test_nothing(void **state)
{
	(void)state;
	memset(&l, 0, sizeof(l));
	assert_false(voice_text(&l, NAME, READING, said, sizeof(said)));
	assert_string_equal(said, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_already_reads_the_time),
		cmocka_unit_test(test_every_refusal),
		cmocka_unit_test(test_not_buttons_nor_the_queue),
		cmocka_unit_test(test_reading_only_for_the_name),
		cmocka_unit_test(test_times_and_cap),
		cmocka_unit_test(test_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
