/* fuzz_serialscan.c: any bytes from a serial port, in any read sizes,
 * split into lines within the cap, without NUL bytes or line ends in them.
 * Input: byte 0 the read size, the rest the bytes. */
#include <stdint.h>
#include <string.h>

#include "fair/serialscan.h"

static void check(enum keyscan_result r, const struct keyscan_line *l)
{
	if (r != KEYSCAN_LINE)
		return;
	if (l->len == 0 || l->len > KEYSCAN_LINE_MAX || l->text[l->len] ||
	    memchr(l->text, '\0', l->len) || memchr(l->text, '\n', l->len) ||
	    memchr(l->text, '\r', l->len))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct serialscan ss;
	struct keyscan_line line;
	enum keyscan_result r;
	const char *p = (const char *)data + 1;
	size_t chunk, left, used;
	int64_t t = 0;

	if (size == 0)
		return 0;
	chunk = data[0] ? data[0] : 1;
	left = size - 1;
	serialscan_init(&ss);
	while (left > 0) {
		size_t n = left < chunk ? left : chunk;

		t += (int64_t)(n * 7 % 200);
		used = serialscan_feed(&ss, p, n, t, &r, &line);
		check(r, &line);
		if (used > n)
			__builtin_trap();
		p += used;
		left -= used;
	}
	check(serialscan_tick(&ss, t + 1000, &line), &line);
	return 0;
}
