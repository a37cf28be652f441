/* fuzz_qrscan.c: any bytes as a camera frame go through every pass of the
 * decoder (the frame is shown QRSCAN_CYCLE times: fast, inverted, full
 * size through ZXing-C++, stretched, full size through ZBar; padded rows
 * included) and the once-only logic without a crash, an over-read or a
 * payload that breaks its promises (NUL-terminated, at most
 * QRSCAN_TEXT_MAX bytes, printable ASCII). The first 4 bytes choose the
 * frame's width, height, row padding and scale; the rest are pixels,
 * repeated to fill the frame. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fair/qrscan.h"

#define FUZZ_SIDE_MAX 720 /* larger frames only slow the fuzzer down */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qrscan *q[5]; /* scale 0 (auto) to 4 */
	char out[QRSCAN_TEXT_MAX + 1];
	struct qrscan_dedupe seen;
	uint8_t *frame;
	size_t len;
	int w, h, stride, n, s;

	if (size < 5)
		return 0;
	w = 1 + (data[0] | (data[1] & 3) << 8) % FUZZ_SIDE_MAX;
	h = 1 + (data[2] | (data[3] & 3) << 8) % FUZZ_SIDE_MAX;
	stride = w + (data[1] >> 2 & 7);
	s = data[3] >> 2 & 7;
	s = s > 4 ? 0 : s;
	if (!q[s] && !(q[s] = qrscan_new(s)))
		return 0;
	frame = malloc((size_t)stride * (size_t)h);
	if (!frame)
		return 0;
	for (size_t i = 0; i < (size_t)stride * (size_t)h; i++)
		frame[i] = data[4 + i % (size - 4)];
	for (int pass = 0; pass < QRSCAN_CYCLE; pass++) {
		n = qrscan_frame(q[s], frame, w, h, stride, out, sizeof(out),
				 &len);
		if (n < -1 || n > 1 || (n != 1 && len != 0))
			__builtin_trap();
		if (n != 1)
			continue;
		if (len == 0 || len > QRSCAN_TEXT_MAX || out[len] != '\0')
			__builtin_trap();
		for (size_t i = 0; i < len; i++)
			if ((out[i] < 0x20 && out[i] != '\t' &&
			     out[i] != '\r' && out[i] != '\n') || out[i] > 0x7e)
				__builtin_trap();
		qrscan_dedupe_init(&seen, 0);
		if (!qrscan_dedupe_seen(&seen, out, len, 0) ||
		    qrscan_dedupe_seen(&seen, out, len, 1))
			__builtin_trap();
	}
	free(frame);
	return 0;
}
