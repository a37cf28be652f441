/* fuzz_keyscan.c: any stream of key events (codes, press/release/repeat,
 * timing, both modes, dropped events) decodes without crashing, and every
 * scan it yields is within the cap, NUL-terminated and made only of
 * characters the US table can type. The self-test diagnosis takes any
 * bytes. Input: byte 0 picks the mode; then 4 bytes an event: code (two
 * bytes, little-endian), value, milliseconds since the previous event. */
#include <stdint.h>
#include <string.h>

#include "fair/keyscan.h"

static void check_line(const struct keyscan_line *l)
{
	if (l->len == 0 || l->len > KEYSCAN_LINE_MAX || l->text[l->len] ||
	    strlen(l->text) != l->len)
		__builtin_trap();
	for (size_t i = 0; i < l->len; i++)
		if (l->text[i] < ' ' || l->text[i] > '~')
			__builtin_trap();
}

static void check(enum keyscan_result r, const struct keyscan_line *l)
{
	if (r == KEYSCAN_LINE)
		check_line(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keyscan ks;
	struct keyscan_line line;
	struct input_event ev;
	int64_t t = 0;

	if (size == 0)
		return 0;
	keyscan_init(&ks, data[0] & 1 ? KEYSCAN_BURST : KEYSCAN_DEVICE);
	for (size_t i = 1; i + 4 <= size; i += 4) {
		int code = data[i] | (data[i + 1] & 0x01) << 8;

		t += data[i + 3];
		memset(&ev, 0, sizeof(ev));
		ev.input_event_sec = t / 1000;
		ev.input_event_usec = (t % 1000) * 1000;
		ev.type = data[i + 1] & 0x80 ? EV_SYN : EV_KEY;
		ev.code = (uint16_t)(ev.type == EV_SYN ? SYN_DROPPED : code);
		ev.value = data[i + 2] % 3;
		if (data[i + 1] & 0x40)
			check(keyscan_tick(&ks, t, &line), &line);
		check(keyscan_feed_event(&ks, &ev, &line), &line);
		/* A tick at or after the deadline always ends the scan. */
		if ((data[i + 1] & 0x20) && keyscan_deadline(&ks) >= 0 &&
		    keyscan_deadline(&ks) <= t) {
			check(keyscan_tick(&ks, t, &line), &line);
			if (keyscan_deadline(&ks) != -1)
				__builtin_trap();
		}
	}
	check(keyscan_tick(&ks, t + 1000000, &line), &line);
	if (keyscan_deadline(&ks) != -1)
		__builtin_trap();
	keyscan_test_diagnose((const char *)data, size, data[0] & 2);
	keyscan_is_test((const char *)data, size);
	return 0;
}
