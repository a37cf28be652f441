/* zxing_wrap.h: ZXing-C++ (Debian's libzxing) behind a C interface, for
 * qrscan. The only C++ in the tree is its one source file,
 * src/brain/zxing_wrap.cpp; nothing C++ (exceptions, allocations) crosses
 * this header: every failure inside is a 0 ("nothing read") or -1.
 *
 * Payloads are ZXing's raw bytes (no guessed character set), the same as
 * ZBar's ZBAR_CFG_BINARY: no Shift_JIS or Big5 mojibake can reach the
 * kiosk. Stateless and thread-safe.
 */
#ifndef FAIR_ZXING_WRAP_H
#define FAIR_ZXING_WRAP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum zxing_flags {
	ZXING_QR_ONLY = 1,    /* QR and nothing else (else every format) */
	ZXING_HARDER = 2,     /* ZXing's tryHarder: more rows, more effort */
	ZXING_ROTATE = 4,     /* tryRotate (linear codes only; QR is round) */
	ZXING_DOWNSCALE = 8,  /* tryDownscale: also look at smaller copies */
	ZXING_GLOBAL = 16,    /* global histogram binarizer, not local mean */
	ZXING_FIRST = 32,     /* stop at the first symbol read */
};

/* Reads codes in gray (w x h bytes, 0 black, stride bytes a row) with
 * flags. Copies the first payload of a valid symbol (not empty, at most
 * cap - 1 bytes) into out, NUL-terminated, and sets *len; returns 1, or 0
 * when nothing was read, or -1 for a bad frame size or an internal error
 * (out of memory). *len is 0 unless 1 is returned. The payload is copied
 * as it is: the caller judges its bytes. */
int zxing_read(const uint8_t *gray, int w, int h, int stride, unsigned flags,
	       char *out, size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
