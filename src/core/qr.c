#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "fair/qr.h"

#define QR_QUIET_ZONE 4

int qr_encode(const char *text, struct qr_code *out)
{
	QRcode *code;
	int n;

	memset(out, 0, sizeof(*out));
	/* version 0 = smallest that fits; case-sensitive so base32 stays
	 * uppercase and lands in alphanumeric mode. */
	code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!code)
		return -1;
	n = code->width * code->width;
	out->modules = malloc((size_t)n);
	if (!out->modules) {
		QRcode_free(code);
		return -1;
	}
	for (int i = 0; i < n; i++)
		out->modules[i] = code->data[i] & 1;
	out->width = code->width;
	out->version = code->version;
	QRcode_free(code);
	return 0;
}

void qr_free(struct qr_code *q)
{
	free(q->modules);
	q->modules = NULL;
	q->width = 0;
}

int qr_render_gray(const struct qr_code *q, int scale, uint8_t **pixels,
		   int *side)
{
	int s = (q->width + 2 * QR_QUIET_ZONE) * scale;
	uint8_t *img = malloc((size_t)s * (size_t)s);

	if (!img)
		return -1;
	memset(img, 255, (size_t)s * (size_t)s);
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width; x++) {
			if (!q->modules[y * q->width + x])
				continue;
			for (int dy = 0; dy < scale; dy++) {
				uint8_t *row = img + (size_t)((y + QR_QUIET_ZONE) *
						scale + dy) * (size_t)s;
				memset(row + (x + QR_QUIET_ZONE) * scale, 0,
				       (size_t)scale);
			}
		}
	}
	*pixels = img;
	*side = s;
	return 0;
}
