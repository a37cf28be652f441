#include <ctype.h>
#include <string.h>


#include "fair/keyscan.h"

/* One row of the fixed US table: the key's character without and with
 * shift. Keys absent here (function keys, JIS-only keys, modifiers) type
 * nothing. */
struct us_key {
	char plain;
	char shifted;
};

static const struct us_key us_table[KEY_KPDOT + 1] = {
	[KEY_1] = { '1', '!' }, [KEY_2] = { '2', '@' },
	[KEY_3] = { '3', '#' }, [KEY_4] = { '4', '$' },
	[KEY_5] = { '5', '%' }, [KEY_6] = { '6', '^' },
	[KEY_7] = { '7', '&' }, [KEY_8] = { '8', '*' },
	[KEY_9] = { '9', '(' }, [KEY_0] = { '0', ')' },
	[KEY_MINUS] = { '-', '_' }, [KEY_EQUAL] = { '=', '+' },
	[KEY_Q] = { 'q', 'Q' }, [KEY_W] = { 'w', 'W' },
	[KEY_E] = { 'e', 'E' }, [KEY_R] = { 'r', 'R' },
	[KEY_T] = { 't', 'T' }, [KEY_Y] = { 'y', 'Y' },
	[KEY_U] = { 'u', 'U' }, [KEY_I] = { 'i', 'I' },
	[KEY_O] = { 'o', 'O' }, [KEY_P] = { 'p', 'P' },
	[KEY_LEFTBRACE] = { '[', '{' }, [KEY_RIGHTBRACE] = { ']', '}' },
	[KEY_A] = { 'a', 'A' }, [KEY_S] = { 's', 'S' },
	[KEY_D] = { 'd', 'D' }, [KEY_F] = { 'f', 'F' },
	[KEY_G] = { 'g', 'G' }, [KEY_H] = { 'h', 'H' },
	[KEY_J] = { 'j', 'J' }, [KEY_K] = { 'k', 'K' },
	[KEY_L] = { 'l', 'L' }, [KEY_SEMICOLON] = { ';', ':' },
	[KEY_APOSTROPHE] = { '\'', '"' }, [KEY_GRAVE] = { '`', '~' },
	[KEY_BACKSLASH] = { '\\', '|' },
	[KEY_Z] = { 'z', 'Z' }, [KEY_X] = { 'x', 'X' },
	[KEY_C] = { 'c', 'C' }, [KEY_V] = { 'v', 'V' },
	[KEY_B] = { 'b', 'B' }, [KEY_N] = { 'n', 'N' },
	[KEY_M] = { 'm', 'M' }, [KEY_COMMA] = { ',', '<' },
	[KEY_DOT] = { '.', '>' }, [KEY_SLASH] = { '/', '?' },
	[KEY_KPASTERISK] = { '*', '*' }, [KEY_SPACE] = { ' ', ' ' },
	[KEY_KP7] = { '7', '7' }, [KEY_KP8] = { '8', '8' },
	[KEY_KP9] = { '9', '9' }, [KEY_KPMINUS] = { '-', '-' },
	[KEY_KP4] = { '4', '4' }, [KEY_KP5] = { '5', '5' },
	[KEY_KP6] = { '6', '6' }, [KEY_KPPLUS] = { '+', '+' },
	[KEY_KP1] = { '1', '1' }, [KEY_KP2] = { '2', '2' },
	[KEY_KP3] = { '3', '3' }, [KEY_KP0] = { '0', '0' },
	[KEY_KPDOT] = { '.', '.' },
};

/* USB HID keyboard usages to Linux key codes, as the kernel's hid-input
 * maps them. */
static const unsigned char hid_to_linux[0xe6] = {
	[0x04] = KEY_A, [0x05] = KEY_B, [0x06] = KEY_C, [0x07] = KEY_D,
	[0x08] = KEY_E, [0x09] = KEY_F, [0x0a] = KEY_G, [0x0b] = KEY_H,
	[0x0c] = KEY_I, [0x0d] = KEY_J, [0x0e] = KEY_K, [0x0f] = KEY_L,
	[0x10] = KEY_M, [0x11] = KEY_N, [0x12] = KEY_O, [0x13] = KEY_P,
	[0x14] = KEY_Q, [0x15] = KEY_R, [0x16] = KEY_S, [0x17] = KEY_T,
	[0x18] = KEY_U, [0x19] = KEY_V, [0x1a] = KEY_W, [0x1b] = KEY_X,
	[0x1c] = KEY_Y, [0x1d] = KEY_Z, [0x1e] = KEY_1, [0x1f] = KEY_2,
	[0x20] = KEY_3, [0x21] = KEY_4, [0x22] = KEY_5, [0x23] = KEY_6,
	[0x24] = KEY_7, [0x25] = KEY_8, [0x26] = KEY_9, [0x27] = KEY_0,
	[0x28] = KEY_ENTER, [0x29] = KEY_ESC, [0x2a] = KEY_BACKSPACE,
	[0x2b] = KEY_TAB, [0x2c] = KEY_SPACE, [0x2d] = KEY_MINUS,
	[0x2e] = KEY_EQUAL, [0x2f] = KEY_LEFTBRACE, [0x30] = KEY_RIGHTBRACE,
	[0x31] = KEY_BACKSLASH, [0x32] = KEY_BACKSLASH,
	[0x33] = KEY_SEMICOLON, [0x34] = KEY_APOSTROPHE, [0x35] = KEY_GRAVE,
	[0x36] = KEY_COMMA, [0x37] = KEY_DOT, [0x38] = KEY_SLASH,
	[0x39] = KEY_CAPSLOCK, [0x54] = KEY_KPSLASH,
	[0x55] = KEY_KPASTERISK, [0x56] = KEY_KPMINUS, [0x57] = KEY_KPPLUS,
	[0x58] = KEY_KPENTER, [0x59] = KEY_KP1, [0x5a] = KEY_KP2,
	[0x5b] = KEY_KP3, [0x5c] = KEY_KP4, [0x5d] = KEY_KP5,
	[0x5e] = KEY_KP6, [0x5f] = KEY_KP7, [0x60] = KEY_KP8,
	[0x61] = KEY_KP9, [0x62] = KEY_KP0, [0x63] = KEY_KPDOT,
	[0x64] = KEY_102ND, [0x87] = KEY_RO, [0x89] = KEY_YEN,
	[0xe1] = KEY_LEFTSHIFT, [0xe5] = KEY_RIGHTSHIFT,
};

int keyscan_from_hid(int usage)
{
	if (usage < 0 || usage >= (int)sizeof(hid_to_linux))
		return 0;
	return hid_to_linux[usage];
}

char keyscan_us_char(int code, bool shift)
{
	if (code == KEY_KPSLASH)
		return '/';
	if (code < 0 || code > KEY_KPDOT)
		return 0;
	return shift ? us_table[code].shifted : us_table[code].plain;
}

void keyscan_init(struct keyscan *ks, enum keyscan_mode mode)
{
	memset(ks, 0, sizeof(*ks));
	ks->mode = mode;
	ks->idle_ms = KEYSCAN_IDLE_MS;
	ks->burst_gap_ms = KEYSCAN_BURST_GAP_MS;
	ks->burst_min_len = mode == KEYSCAN_BURST ? KEYSCAN_BURST_MIN_LEN : 1;
	ks->last_ms = -1;
}

static bool keyscan_pending(const struct keyscan *ks)
{
	return ks->len > 0 || ks->overflow;
}

static void keyscan_reset(struct keyscan *ks)
{
	ks->len = 0;
	ks->overflow = false;
	ks->buf[0] = '\0';
}

/* Closes the pending characters as one scan, or drops them: overlong, or
 * in burst mode too short to be a scanner. */
static enum keyscan_result keyscan_finish(struct keyscan *ks,
					  enum keyscan_end end,
					  struct keyscan_line *line)
{
	enum keyscan_result r = KEYSCAN_NONE;

	if (ks->overflow) {
		r = KEYSCAN_DROPPED;
	} else if (ks->len > 0 && ks->len >= (size_t)ks->burst_min_len) {
		memcpy(line->text, ks->buf, ks->len);
		line->text[ks->len] = '\0';
		line->len = ks->len;
		line->end = end;
		line->first_ms = ks->first_ms;
		line->last_ms = ks->last_ms;
		r = KEYSCAN_LINE;
	}
	keyscan_reset(ks);
	return r;
}

static void keyscan_append(struct keyscan *ks, char c, int64_t now_ms)
{
	if (ks->len == 0 && !ks->overflow)
		ks->first_ms = now_ms;
	if (ks->overflow)
		return;
	if (ks->len >= KEYSCAN_LINE_MAX) {
		ks->overflow = true;
		return;
	}
	ks->buf[ks->len++] = c;
	ks->buf[ks->len] = '\0';
}

static bool keyscan_is_terminator(int code)
{
	return code == KEY_ENTER || code == KEY_KPENTER || code == KEY_TAB;
}

enum keyscan_result keyscan_press(struct keyscan *ks, int code, bool shift,
				  int64_t now_ms, struct keyscan_line *line)
{
	enum keyscan_result r = KEYSCAN_NONE;
	int64_t gap = ks->last_ms < 0 ? 0 : now_ms - ks->last_ms;
	char c;

	/* A key after the idle gap: the pending scan ended before it. */
	if (keyscan_pending(ks) && gap >= ks->idle_ms)
		r = keyscan_finish(ks, KEYSCAN_END_IDLE, line);
	/* Burst mode: a slow key means a person typed what came before. */
	if (ks->mode == KEYSCAN_BURST && keyscan_pending(ks) &&
	    gap > ks->burst_gap_ms)
		keyscan_reset(ks);
	ks->last_ms = now_ms;
	if (keyscan_is_terminator(code)) {
		if (r != KEYSCAN_NONE)
			return r;
		return keyscan_finish(ks, code == KEY_TAB ? KEYSCAN_END_TAB :
				      KEYSCAN_END_ENTER, line);
	}
	c = keyscan_us_char(code, shift);
	if (c)
		keyscan_append(ks, c, now_ms);
	return r;
}

static bool keyscan_is_shift(int code)
{
	return code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT;
}

enum keyscan_result keyscan_feed(struct keyscan *ks, int code, int value,
				 int64_t now_ms, struct keyscan_line *line)
{
	if (code == KEY_LEFTSHIFT && value != 2)
		ks->lshift = value == 1;
	if (code == KEY_RIGHTSHIFT && value != 2)
		ks->rshift = value == 1;
	/* Releases type nothing; autorepeat is a held key, never a scanner. */
	if (keyscan_is_shift(code) || value != 1)
		return KEYSCAN_NONE;
	return keyscan_press(ks, code, ks->lshift || ks->rshift, now_ms, line);
}

enum keyscan_result keyscan_feed_event(struct keyscan *ks,
				       const struct input_event *ev,
				       struct keyscan_line *line)
{
	int64_t ms = (int64_t)ev->input_event_sec * 1000 +
		     (int64_t)ev->input_event_usec / 1000;

	if (ev->type == EV_SYN && ev->code == SYN_DROPPED) {
		/* The rest of this scan is holed: drop it at its end. */
		ks->overflow = true;
		ks->last_ms = ms;
		ks->lshift = false;
		ks->rshift = false;
		return KEYSCAN_NONE;
	}
	if (ev->type != EV_KEY)
		return KEYSCAN_NONE;
	return keyscan_feed(ks, ev->code, ev->value, ms, line);
}

enum keyscan_result keyscan_tick(struct keyscan *ks, int64_t now_ms,
				 struct keyscan_line *line)
{
	if (!keyscan_pending(ks) || now_ms - ks->last_ms < ks->idle_ms)
		return KEYSCAN_NONE;
	return keyscan_finish(ks, KEYSCAN_END_IDLE, line);
}

int64_t keyscan_deadline(const struct keyscan *ks)
{
	if (!keyscan_pending(ks))
		return -1;
	return ks->last_ms + ks->idle_ms;
}

/* The self-test text: every letter case, digits, and the symbols a JIS or
 * European layout moves (@ : + * [ ] _ = ^ ~ and y/z for QWERTZ). */
static const char test_text[] = "FKTEST-Yz09+@:*[]_=^~/aQ";

const char *keyscan_test_text(void)
{
	return test_text;
}

/* Copies the letters and digits of s, upper-cased, into out (cap bytes
 * with NUL); returns how many. */
static size_t keyscan_alnum_upper(const char *s, size_t len, char *out,
				  size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80 && isalnum(c))
			out[n++] = (char)toupper(c);
	}
	out[n] = '\0';
	return n;
}

bool keyscan_is_test(const char *text, size_t len)
{
	char a[16];

	keyscan_alnum_upper(text, len < 64 ? len : 64, a, sizeof(a));
	return strncmp(a, "FKTEST", 6) == 0;
}

static bool keyscan_has_non_ascii(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)text[i] >= 0x80)
			return true;
	return false;
}

static bool keyscan_equal_nocase(const char *a, size_t len, const char *b)
{
	if (len != strlen(b))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (tolower(x) != tolower(y))
			return false;
	}
	return true;
}

/* Equal letters and digits, allowing y and z swapped: a QWERTZ layout
 * moves those two letters and keeps the rest. */
static bool keyscan_same_but_yz(const char *got, const char *want)
{
	if (strlen(got) != strlen(want))
		return false;
	for (size_t i = 0; want[i]; i++) {
		bool swapped = (want[i] == 'Y' && got[i] == 'Z') ||
			       (want[i] == 'Z' && got[i] == 'Y');

		if (got[i] != want[i] && !swapped)
			return false;
	}
	return true;
}

enum keyscan_fault keyscan_test_diagnose(const char *text, size_t len,
					 bool terminated)
{
	char got[KEYSCAN_LINE_MAX + 1], want[64];
	size_t n = sizeof(test_text) - 1;

	if (len == 0)
		return KEYSCAN_FAULT_NOTHING;
	if (keyscan_has_non_ascii(text, len))
		return KEYSCAN_FAULT_IME;
	if (len == n && memcmp(text, test_text, n) == 0)
		return terminated ? KEYSCAN_FAULT_NONE :
				    KEYSCAN_FAULT_TERMINATOR;
	if (keyscan_equal_nocase(text, len, test_text))
		return KEYSCAN_FAULT_CAPS_LOCK;
	keyscan_alnum_upper(text, len, got, sizeof(got));
	keyscan_alnum_upper(test_text, n, want, sizeof(want));
	if (keyscan_same_but_yz(got, want))
		return KEYSCAN_FAULT_LAYOUT;
	return KEYSCAN_FAULT_GARBLED;
}

const char *keyscan_fault_text(enum keyscan_fault fault)
{
	switch (fault) {
	case KEYSCAN_FAULT_NONE:
		return "Scanner OK: the test code arrived exactly.";
	case KEYSCAN_FAULT_NOTHING:
		return "Nothing arrived: check the scanner's cable and the "
		       "[inputs] scanner setting.";
	case KEYSCAN_FAULT_TERMINATOR:
		return "The text arrived but no Enter or Tab after it: set the "
		       "scanner to send Enter (scans will be slower).";
	case KEYSCAN_FAULT_CAPS_LOCK:
		return "Letters arrived in the wrong case: caps lock is on or "
		       "the scanner's case setting is wrong (badges still "
		       "work).";
	case KEYSCAN_FAULT_LAYOUT:
		return "Symbols arrived changed: the scanner's keyboard layout "
		       "is not US; set it to US (badges still work).";
	case KEYSCAN_FAULT_IME:
		return "Non-ASCII text arrived: an input method (IME) is on; "
		       "turn it off or read the scanner as its own device.";
	case KEYSCAN_FAULT_GARBLED:
		return "The text arrived garbled: check the serial speed, the "
		       "cable, or the scanner's inter-key delay.";
	}
	return "Unknown scanner fault.";
}
