/* qr.h: QR symbols for badge tokens, through libqrencode.
 *
 * Tokens are uppercase base32, so libqrencode picks alphanumeric mode by
 * itself and a 124-character token fits version 6 at ECC M.
 */
#ifndef FAIR_QR_H
#define FAIR_QR_H

#include <stdint.h>

/* A QR symbol as a square of modules, without the quiet zone. */
struct qr_code {
	int width;         /* modules per side */
	int version;       /* QR version, 1-40 */
	uint8_t *modules;  /* width*width bytes, 1 = dark; owned, qr_free */
};

/* Encodes text at ECC M. Returns 0, or -1 (text too long, out of memory). */
int qr_encode(const char *text, struct qr_code *out);
void qr_free(struct qr_code *q);

/* Renders q into an 8-bit grayscale image (0 dark, 255 light) with a
 * 4-module quiet zone, scale pixels per module. Caller frees *pixels.
 * Returns 0, or -1 out of memory. */
int qr_render_gray(const struct qr_code *q, int scale, uint8_t **pixels,
		   int *side);

#endif
