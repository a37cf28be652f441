/* test_keyscan.c: the keyboard-scanner decoder on recorded evdev streams
 * (tests/data/evdev/, made by scripts/gen-evdev-recordings.py) and the
 * scanner self-test diagnosis. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fair/keyscan.h"

#define DATA "tests/data/evdev/"
#define MAX_OUT 16
#define REC_BYTES 24

struct recording {
	struct input_event *ev;
	size_t n;
};

/* What a stream decoded to, in order. */
struct outcome {
	int n;
	enum keyscan_result r[MAX_OUT];
	struct keyscan_line line[MAX_OUT];
};

static char tok[2][KEYSCAN_LINE_MAX];

static int64_t le_s64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (int64_t)v;
}

/* Reads a recording as 24-byte records, whatever this host's layout of
 * struct input_event is. */
static struct recording load(const char *name)
{
	char path[256];
	struct recording rec = { NULL, 0 };
	unsigned char b[REC_BYTES];
	FILE *f;

	snprintf(path, sizeof(path), DATA "%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	while (fread(b, 1, REC_BYTES, f) == REC_BYTES) {
		struct input_event *e;

		rec.ev = realloc(rec.ev, (rec.n + 1) * sizeof(*rec.ev));
		assert_non_null(rec.ev);
		e = &rec.ev[rec.n++];
		memset(e, 0, sizeof(*e));
		e->input_event_sec = le_s64(b);
		e->input_event_usec = le_s64(b + 8);
		e->type = (uint16_t)(b[16] | b[17] << 8);
		e->code = (uint16_t)(b[18] | b[19] << 8);
		e->value = (int32_t)((uint32_t)b[20] | (uint32_t)b[21] << 8 |
				     (uint32_t)b[22] << 16 |
				     (uint32_t)b[23] << 24);
	}
	fclose(f);
	assert_true(rec.n > 0);
	return rec;
}

static int64_t ev_ms(const struct input_event *e)
{
	return (int64_t)e->input_event_sec * 1000 +
	       (int64_t)e->input_event_usec / 1000;
}

static void record(struct outcome *o, enum keyscan_result r,
		   const struct keyscan_line *line)
{
	if (r == KEYSCAN_NONE)
		return;
	assert_true(o->n < MAX_OUT);
	o->r[o->n] = r;
	if (r == KEYSCAN_LINE)
		o->line[o->n] = *line;
	o->n++;
}

/* Plays a recording as the evdev worker does: ticks when the deadline
 * passes before the next event (poll timing out), then feeds it. */
static struct outcome play(const char *name, enum keyscan_mode mode,
			   bool tick)
{
	struct recording rec = load(name);
	struct outcome o = { 0 };
	struct keyscan ks;
	struct keyscan_line line;
	int64_t due;

	keyscan_init(&ks, mode);
	for (size_t i = 0; i < rec.n; i++) {
		due = keyscan_deadline(&ks);
		if (tick && due >= 0 && due <= ev_ms(&rec.ev[i]))
			record(&o, keyscan_tick(&ks, due, &line), &line);
		record(&o, keyscan_feed_event(&ks, &rec.ev[i], &line), &line);
	}
	due = keyscan_deadline(&ks);
	if (due >= 0)
		record(&o, keyscan_tick(&ks, due, &line), &line);
	free(rec.ev);
	return o;
}

static void assert_line(const struct outcome *o, int i, const char *text,
			enum keyscan_end end)
{
	assert_true(i < o->n);
	assert_int_equal(o->r[i], KEYSCAN_LINE);
	assert_string_equal(o->line[i].text, text);
	assert_int_equal(o->line[i].len, strlen(text));
	assert_int_equal(o->line[i].end, end);
}

static void test_us_scanner(void **state)
{
	struct outcome o = play("us_scanner.ev", KEYSCAN_DEVICE, true);

	(void)state;
	assert_int_equal(o.n, 2);
	assert_line(&o, 0, tok[0], KEYSCAN_END_ENTER);
	assert_line(&o, 1, tok[1], KEYSCAN_END_TAB);
	assert_true(o.line[0].last_ms - o.line[0].first_ms < 1000);
	/* A scanner's burst is also a scan on a shared keyboard. */
	o = play("us_scanner.ev", KEYSCAN_BURST, true);
	assert_int_equal(o.n, 2);
	assert_line(&o, 0, tok[0], KEYSCAN_END_ENTER);
}

/* What a host with the Japanese (jp106) layout types for a key: letters
 * and digits as US, most symbols elsewhere. 0 where the key types
 * nothing there (shift+0, the zenkaku/hankaku key at US grave). */
static char jis_host_char(int code, bool shift)
{
	switch (code) {
	case KEY_2: return shift ? '"' : '2';
	case KEY_6: return shift ? '&' : '6';
	case KEY_7: return shift ? '\'' : '7';
	case KEY_8: return shift ? '(' : '8';
	case KEY_9: return shift ? ')' : '9';
	case KEY_0: return shift ? 0 : '0';
	case KEY_MINUS: return shift ? '=' : '-';
	case KEY_EQUAL: return shift ? '~' : '^';
	case KEY_LEFTBRACE: return shift ? '`' : '@';
	case KEY_RIGHTBRACE: return shift ? '{' : '[';
	case KEY_SEMICOLON: return shift ? '+' : ';';
	case KEY_APOSTROPHE: return shift ? '*' : ':';
	case KEY_GRAVE: return 0;
	case KEY_BACKSLASH: return shift ? '}' : ']';
	}
	return keyscan_us_char(code, shift);
}

/* The text a JIS host would make of the same recording. */
static void jis_host_text(const char *name, char *out, size_t cap)
{
	struct recording rec = load(name);
	bool shift = false;
	size_t n = 0;

	for (size_t i = 0; i < rec.n; i++) {
		const struct input_event *e = &rec.ev[i];
		char c;

		if (e->type != EV_KEY)
			continue;
		if (e->code == KEY_LEFTSHIFT)
			shift = e->value != 0;
		if (e->value != 1)
			continue;
		c = jis_host_char(e->code, shift);
		if (c && n + 1 < cap)
			out[n++] = c;
	}
	out[n] = '\0';
	free(rec.ev);
}

static void test_jis_host_layout_is_irrelevant(void **state)
{
	char want[256], host[256];
	struct outcome o = play("jis_host.ev", KEYSCAN_DEVICE, true);

	(void)state;
	snprintf(want, sizeof(want), "]Q1%.20s+@:*_=[]^~'\"`\\|{}&()",
		 tok[0]);
	assert_int_equal(o.n, 1);
	assert_line(&o, 0, want, KEYSCAN_END_ENTER);
	/* The same key codes as text on a JIS host: mangled, as the field
	 * notes say ('+' becomes '~'). Decoding codes avoids exactly this. */
	jis_host_text("jis_host.ev", host, sizeof(host));
	assert_string_not_equal(host, want);
	assert_non_null(strstr(host, "~\"+("));
	assert_int_equal(strncmp(host, "[Q1", 3), 0);
}

static void test_caps_lock(void **state)
{
	char lower[KEYSCAN_LINE_MAX];
	struct outcome o = play("caps_lock.ev", KEYSCAN_DEVICE, true);
	size_t i;

	(void)state;
	for (i = 0; tok[0][i]; i++)
		lower[i] = (char)(tok[0][i] >= 'A' && tok[0][i] <= 'Z' ?
				  tok[0][i] - 'A' + 'a' : tok[0][i]);
	lower[i] = '\0';
	assert_int_equal(o.n, 2);
	/* A caps-aware scanner sends letters without shift: lower case,
	 * which token_parse() accepts; the caps lock key changes nothing. */
	assert_line(&o, 0, lower, KEYSCAN_END_ENTER);
	assert_line(&o, 1, tok[1], KEYSCAN_END_ENTER);
}

static void test_human_typing_is_never_a_scan(void **state)
{
	struct outcome o = play("human_and_scan.ev", KEYSCAN_BURST, true);

	(void)state;
	assert_int_equal(o.n, 1);
	assert_line(&o, 0, tok[0], KEYSCAN_END_ENTER);
	/* Without ticks (a UI that only feeds keys) the result is the same. */
	o = play("human_and_scan.ev", KEYSCAN_BURST, false);
	assert_int_equal(o.n, 1);
	assert_line(&o, 0, tok[0], KEYSCAN_END_ENTER);
}

static void test_fast_typist_is_not_a_scanner(void **state)
{
	struct keyscan ks;
	struct keyscan_line line;
	const int keys[] = { KEY_H, KEY_E, KEY_L, KEY_L, KEY_O, KEY_W,
			     KEY_O, KEY_R, KEY_L, KEY_D, KEY_ENTER };
	int64_t t = 5000;

	(void)state;
	keyscan_init(&ks, KEYSCAN_BURST);
	/* 45 ms a key is about 270 words a minute: still a person. */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++, t += 45)
		assert_int_equal(keyscan_press(&ks, keys[i], false, t, &line),
				 KEYSCAN_NONE);
	assert_int_equal(keyscan_tick(&ks, t + 1000, &line), KEYSCAN_NONE);
	/* A short fast burst (two keys rolled over) is not a scan either. */
	assert_int_equal(keyscan_press(&ks, KEY_A, false, t + 2000, &line),
			 KEYSCAN_NONE);
	assert_int_equal(keyscan_press(&ks, KEY_S, false, t + 2005, &line),
			 KEYSCAN_NONE);
	assert_int_equal(keyscan_press(&ks, KEY_ENTER, false, t + 2010,
				       &line), KEYSCAN_NONE);
}

static void test_missing_terminator(void **state)
{
	struct outcome o = play("no_terminator.ev", KEYSCAN_DEVICE, true);

	(void)state;
	assert_int_equal(o.n, 2);
	assert_line(&o, 0, tok[0], KEYSCAN_END_IDLE);
	assert_line(&o, 1, tok[1], KEYSCAN_END_IDLE);
	/* Never ticked: the next key still closes the first scan. */
	o = play("no_terminator.ev", KEYSCAN_DEVICE, false);
	assert_int_equal(o.n, 2);
	assert_line(&o, 0, tok[0], KEYSCAN_END_IDLE);
	assert_line(&o, 1, tok[1], KEYSCAN_END_IDLE);
}

static void test_overlong_garbage_dropped(void **state)
{
	struct outcome o = play("garbage_burst.ev", KEYSCAN_DEVICE, true);

	(void)state;
	assert_int_equal(o.n, 2);
	assert_int_equal(o.r[0], KEYSCAN_DROPPED);
	assert_line(&o, 1, tok[1], KEYSCAN_END_ENTER);
	o = play("garbage_burst.ev", KEYSCAN_BURST, true);
	assert_int_equal(o.n, 2);
	assert_int_equal(o.r[0], KEYSCAN_DROPPED);
	assert_line(&o, 1, tok[1], KEYSCAN_END_ENTER);
}

static void test_syn_dropped_drops_the_scan(void **state)
{
	struct outcome o = play("syn_dropped.ev", KEYSCAN_DEVICE, true);

	(void)state;
	assert_int_equal(o.n, 2);
	assert_int_equal(o.r[0], KEYSCAN_DROPPED);
	assert_line(&o, 1, tok[1], KEYSCAN_END_ENTER);
}

static void test_exact_cap(void **state)
{
	struct keyscan ks;
	struct keyscan_line line;
	int64_t t = 0;

	(void)state;
	keyscan_init(&ks, KEYSCAN_DEVICE);
	for (int i = 0; i < KEYSCAN_LINE_MAX; i++)
		assert_int_equal(keyscan_press(&ks, KEY_A, true, t++, &line),
				 KEYSCAN_NONE);
	assert_int_equal(keyscan_press(&ks, KEY_ENTER, false, t++, &line),
			 KEYSCAN_LINE);
	assert_int_equal(line.len, KEYSCAN_LINE_MAX);
	for (int i = 0; i <= KEYSCAN_LINE_MAX; i++)
		keyscan_press(&ks, KEY_A, true, t++, &line);
	assert_int_equal(keyscan_press(&ks, KEY_ENTER, false, t++, &line),
			 KEYSCAN_DROPPED);
	assert_int_equal(keyscan_deadline(&ks), -1);
}

static void test_autorepeat_and_unknown_keys(void **state)
{
	struct keyscan ks;
	struct keyscan_line line;

	(void)state;
	keyscan_init(&ks, KEYSCAN_DEVICE);
	keyscan_feed(&ks, KEY_RIGHTSHIFT, 1, 0, &line);
	keyscan_feed(&ks, KEY_F, 1, 1, &line);
	keyscan_feed(&ks, KEY_F, 2, 2, &line);   /* held: not typed again */
	keyscan_feed(&ks, KEY_F, 0, 3, &line);
	keyscan_feed(&ks, KEY_RIGHTSHIFT, 0, 4, &line);
	keyscan_feed(&ks, KEY_F1, 1, 5, &line);  /* not in the table */
	keyscan_feed(&ks, KEY_K, 1, 6, &line);
	keyscan_feed(&ks, KEY_KP5, 1, 7, &line);
	assert_int_equal(keyscan_feed(&ks, KEY_KPENTER, 1, 8, &line),
			 KEYSCAN_LINE);
	assert_string_equal(line.text, "Fk5");
	/* Enter alone is no scan. */
	assert_int_equal(keyscan_feed(&ks, KEY_ENTER, 1, 9, &line),
			 KEYSCAN_NONE);
}

static void test_self_test_diagnosis(void **state)
{
	const char *t = keyscan_test_text();
	char buf[64];
	size_t n = strlen(t);

	(void)state;
	assert_true(keyscan_is_test(t, n));
	assert_int_equal(keyscan_test_diagnose(t, n, true),
			 KEYSCAN_FAULT_NONE);
	assert_int_equal(keyscan_test_diagnose(t, n, false),
			 KEYSCAN_FAULT_TERMINATOR);
	assert_int_equal(keyscan_test_diagnose("", 0, false),
			 KEYSCAN_FAULT_NOTHING);
	/* Caps lock on a host reading text: every letter's case flips. */
	for (size_t i = 0; i <= n; i++) {
		char c = t[i];

		buf[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 :
				c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	assert_true(keyscan_is_test(buf, n));
	assert_int_equal(keyscan_test_diagnose(buf, n, true),
			 KEYSCAN_FAULT_CAPS_LOCK);
	/* A scanner set to JIS read through the US table: symbols move. */
	snprintf(buf, sizeof(buf), "%s", t);
	buf[strcspn(buf, "+")] = '~';
	buf[strcspn(buf, "@")] = '[';
	assert_int_equal(keyscan_test_diagnose(buf, n, true),
			 KEYSCAN_FAULT_LAYOUT);
	/* German QWERTZ swaps y and z. */
	snprintf(buf, sizeof(buf), "%s", t);
	buf[strcspn(buf, "Y")] = 'Z';
	buf[strcspn(buf, "z")] = 'y';
	assert_int_equal(keyscan_test_diagnose(buf, n, true),
			 KEYSCAN_FAULT_LAYOUT);
	/* The IME turned a letter into hiragana. */
	snprintf(buf, sizeof(buf), "FKTEST-Yz09+@:*[]_=^~/\xe3\x81\x82Q");
	assert_int_equal(keyscan_test_diagnose(buf, strlen(buf), true),
			 KEYSCAN_FAULT_IME);
	/* Wrong serial speed: bytes lost and changed. */
	assert_int_equal(keyscan_test_diagnose("F\x7f\x13T", 4, true),
			 KEYSCAN_FAULT_GARBLED);
	assert_false(keyscan_is_test("FK2ABC", 6));
	for (int f = KEYSCAN_FAULT_NONE; f <= KEYSCAN_FAULT_GARBLED; f++)
		assert_true(strlen(keyscan_fault_text(f)) > 10);
}

/* The self-test QR typed by a US scanner decodes exactly: every
 * character of it is in the US table. */
static void test_self_test_text_is_typeable(void **state)
{
	const char *t = keyscan_test_text();

	(void)state;
	for (size_t i = 0; t[i]; i++) {
		bool found = false;

		for (int code = 0; code <= KEY_KPDOT && !found; code++)
			found = keyscan_us_char(code, false) == t[i] ||
				keyscan_us_char(code, true) == t[i];
		assert_true(found);
	}
}

/* SDL scancodes are HID usages: the fallback's mapping to key codes. */
static void test_hid_usages(void **state)
{
	const char *letters = "abcdefghijklmnopqrstuvwxyz";

	(void)state;
	for (int i = 0; i < 26; i++)
		assert_int_equal(keyscan_us_char(keyscan_from_hid(0x04 + i),
						 false), letters[i]);
	for (int i = 0; i < 9; i++)
		assert_int_equal(keyscan_us_char(keyscan_from_hid(0x1e + i),
						 false), '1' + i);
	assert_int_equal(keyscan_us_char(keyscan_from_hid(0x27), false), '0');
	assert_int_equal(keyscan_us_char(keyscan_from_hid(0x2e), true), '+');
	assert_int_equal(keyscan_from_hid(0x28), KEY_ENTER);
	assert_int_equal(keyscan_from_hid(0x2b), KEY_TAB);
	assert_int_equal(keyscan_from_hid(0x58), KEY_KPENTER);
	assert_int_equal(keyscan_us_char(keyscan_from_hid(0x62), false), '0');
	assert_int_equal(keyscan_from_hid(0xe1), KEY_LEFTSHIFT);
	assert_int_equal(keyscan_from_hid(0), 0);
	assert_int_equal(keyscan_from_hid(-1), 0);
	assert_int_equal(keyscan_from_hid(0x1000), 0);
}

static int load_tokens(void **state)
{
	FILE *f = fopen(DATA "tokens.txt", "r");

	(void)state;
	if (!f)
		return -1;
	for (int i = 0; i < 2; i++) {
		if (!fgets(tok[i], sizeof(tok[i]), f))
			return -1;
		tok[i][strcspn(tok[i], "\n")] = '\0';
	}
	fclose(f);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_us_scanner),
		cmocka_unit_test(test_jis_host_layout_is_irrelevant),
		cmocka_unit_test(test_caps_lock),
		cmocka_unit_test(test_human_typing_is_never_a_scan),
		cmocka_unit_test(test_fast_typist_is_not_a_scanner),
		cmocka_unit_test(test_missing_terminator),
		cmocka_unit_test(test_overlong_garbage_dropped),
		cmocka_unit_test(test_syn_dropped_drops_the_scan),
		cmocka_unit_test(test_exact_cap),
		cmocka_unit_test(test_autorepeat_and_unknown_keys),
		cmocka_unit_test(test_self_test_diagnosis),
		cmocka_unit_test(test_self_test_text_is_typeable),
		cmocka_unit_test(test_hid_usages),
	};

	return cmocka_run_group_tests(tests, load_tokens, NULL);
}
