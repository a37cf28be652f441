#include <stdlib.h>
#include <string.h>

#include <zbar.h>

#include "fair/qrscan.h"

struct qrscan {
	zbar_image_scanner_t *scanner; /* QR only, binary, density 1 */
	zbar_image_t *image;           /* wraps small; never owns it */
	uint8_t *small;                /* the downscaled frame */
	size_t small_cap;              /* bytes allocated for small */
	int scale;                     /* fixed factor, or 0 for auto */
};

/* Only QR, raw bytes, every line scanned: see the header for why. */
static int qrscan_configure(zbar_image_scanner_t *s)
{
	int rc = 0;

	rc |= zbar_image_scanner_set_config(s, 0, ZBAR_CFG_ENABLE, 0);
	rc |= zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_ENABLE,
					    1);
	rc |= zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_BINARY,
					    1);
	rc |= zbar_image_scanner_set_config(s, 0, ZBAR_CFG_X_DENSITY, 1);
	rc |= zbar_image_scanner_set_config(s, 0, ZBAR_CFG_Y_DENSITY, 1);
	return rc ? -1 : 0;
}

struct qrscan *qrscan_new(int scale)
{
	struct qrscan *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	q->scale = scale < 0 ? 0 : scale;
	q->scanner = zbar_image_scanner_create();
	if (!q->scanner)
		goto out_free;
	if (qrscan_configure(q->scanner) != 0)
		goto out_scanner;
	q->image = zbar_image_create();
	if (!q->image)
		goto out_scanner;
	zbar_image_set_format(q->image, zbar_fourcc('Y', '8', '0', '0'));
	return q;

out_scanner:
	zbar_image_scanner_destroy(q->scanner);
out_free:
	free(q);
	return NULL;
}

void qrscan_free(struct qrscan *q)
{
	if (!q)
		return;
	zbar_image_destroy(q->image);
	zbar_image_scanner_destroy(q->scanner);
	free(q->small);
	free(q);
}

int qrscan_auto_scale(int w, int h)
{
	int f = h / 360;

	(void)w;
	if (f < 1)
		return 1;
	return f > 4 ? 4 : f;
}

static void qrscan_downscale2(const uint8_t *src, int w, int h, int stride,
			      uint8_t *dst)
{
	int ow = w / 2, oh = h / 2;

	for (int y = 0; y < oh; y++) {
		const uint8_t *a = src + (size_t)(2 * y) * (size_t)stride;
		const uint8_t *b = a + stride;
		uint8_t *o = dst + (size_t)y * (size_t)ow;

		for (int x = 0; x < ow; x++)
			o[x] = (uint8_t)((a[2 * x] + a[2 * x + 1] +
					  b[2 * x] + b[2 * x + 1] + 2) >> 2);
	}
}

static uint8_t qrscan_box(const uint8_t *src, int stride, int factor)
{
	unsigned sum = 0;

	for (int dy = 0; dy < factor; dy++)
		for (int dx = 0; dx < factor; dx++)
			sum += src[(size_t)dy * (size_t)stride + (size_t)dx];
	return (uint8_t)((sum + (unsigned)(factor * factor) / 2) /
			 (unsigned)(factor * factor));
}

void qrscan_downscale(const uint8_t *src, int w, int h, int stride,
		      int factor, uint8_t *dst)
{
	int ow = w / factor, oh = h / factor;

	if (factor == 2) {
		qrscan_downscale2(src, w, h, stride, dst);
		return;
	}
	for (int y = 0; y < oh; y++)
		for (int x = 0; x < ow; x++)
			dst[(size_t)y * (size_t)ow + (size_t)x] = qrscan_box(
				src + (size_t)(y * factor) * (size_t)stride +
				(size_t)(x * factor), stride, factor);
}

/* Maps the frame's own grey range onto QRSCAN_LEVELS levels. Sensor
 * noise, not the picture, is what ZBar spends its time on: its edge
 * detector has a fixed threshold of 4 levels, every wiggle of a noisy wall
 * passes it, and a noisy 720p frame cost almost three times a clean one.
 * With the range squeezed to 48 levels that threshold sits at a twelfth of
 * the frame's contrast: the noise falls under it, while a badge's black on
 * white modules span most of the range and stay far above. The range is
 * the frame's (1st to 99th percentile), never a fixed cut, so a badge in
 * dim light keeps its contrast (tests/test_qrscan.c, test_dim_light), and
 * a frame already narrower than 48 levels is left as it is. Measured in
 * bench/bench_qrscan.c: a noisy frame costs about a third less. */
#define QRSCAN_LEVELS 48
#define QRSCAN_CLIP_PERMILLE 10 /* darkest and brightest 1% are outliers */

static void qrscan_level(uint8_t *px, int w, int h)
{
	unsigned hist[256] = { 0 }, n = 0, cut, acc;
	uint8_t lut[256];
	int lo = 0, hi = 255, span;

	/* Every other row is plenty to find the range. */
	for (int y = 0; y < h; y += 2)
		for (int x = 0; x < w; x++, n++)
			hist[px[(size_t)y * (size_t)w + (size_t)x]]++;
	cut = n * QRSCAN_CLIP_PERMILLE / 1000;
	for (acc = 0; lo < 255 && acc + hist[lo] <= cut; lo++)
		acc += hist[lo];
	for (acc = 0; hi > lo && acc + hist[hi] <= cut; hi--)
		acc += hist[hi];
	span = hi - lo;
	if (span <= QRSCAN_LEVELS)
		return;
	for (int v = 0; v < 256; v++) {
		int t = ((v - lo) * QRSCAN_LEVELS * 2 / span + 1) / 2;

		lut[v] = (uint8_t)(t < 0 ? 0 : t > QRSCAN_LEVELS ?
				   QRSCAN_LEVELS : t);
	}
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
		px[i] = lut[px[i]];
}

/* Makes the frame ZBar will read, in q->small: downscaled (or, at scale 1,
 * copied packed) and levelled. Returns its pixels or NULL. */
static const uint8_t *qrscan_prepare(struct qrscan *q, const uint8_t *gray,
				     int w, int h, int stride, int f,
				     int *ow, int *oh)
{
	size_t need;

	*ow = w / f;
	*oh = h / f;
	need = (size_t)*ow * (size_t)*oh;
	if (need > q->small_cap) {
		uint8_t *p = realloc(q->small, need);

		if (!p)
			return NULL;
		q->small = p;
		q->small_cap = need;
	}
	if (f == 1) {
		for (int y = 0; y < h; y++)
			memcpy(q->small + (size_t)y * (size_t)w,
			       gray + (size_t)y * (size_t)stride, (size_t)w);
	} else {
		qrscan_downscale(gray, w, h, stride, f, q->small);
	}
	qrscan_level(q->small, *ow, *oh);
	return q->small;
}

/* Copies the first QR payload that fits into out. */
static void qrscan_take(zbar_image_t *img, char *out, size_t cap,
			size_t *len)
{
	const zbar_symbol_t *s = zbar_image_first_symbol(img);

	for (; s; s = zbar_symbol_next(s)) {
		const char *d = zbar_symbol_get_data(s);
		size_t n = zbar_symbol_get_data_length(s);

		if (zbar_symbol_get_type(s) != ZBAR_QRCODE || !d)
			continue;
		if (n == 0 || n > QRSCAN_TEXT_MAX || n >= cap ||
		    memchr(d, '\0', n))
			continue;
		memcpy(out, d, n);
		out[n] = '\0';
		*len = n;
		return;
	}
}

int qrscan_frame(struct qrscan *q, const uint8_t *gray, int w, int h,
		 int stride, char *out, size_t cap, size_t *len)
{
	int f = q->scale ? q->scale : qrscan_auto_scale(w, h);
	const uint8_t *px;
	int ow, oh, n;

	*len = 0;
	if (cap > 0)
		out[0] = '\0';
	if (w <= 0 || h <= 0 || w > QRSCAN_MAX_SIDE || h > QRSCAN_MAX_SIDE ||
	    stride < w)
		return -1;
	if (w / f < 21 || h / f < 21)
		f = 1;
	px = qrscan_prepare(q, gray, w, h, stride, f, &ow, &oh);
	if (!px)
		return -1;
	zbar_image_set_size(q->image, (unsigned)ow, (unsigned)oh);
	zbar_image_set_data(q->image, px, (unsigned long)ow * (unsigned)oh,
			    NULL);
	n = zbar_scan_image(q->scanner, q->image);
	if (n > 0)
		qrscan_take(q->image, out, cap, len);
	/* Never leave ZBar pointing at memory we may free or reuse. */
	zbar_image_set_data(q->image, NULL, 0, NULL);
	return n < 0 ? -1 : n;
}

void qrscan_dedupe_init(struct qrscan_dedupe *d, int forget_ms)
{
	memset(d, 0, sizeof(*d));
	d->forget_ms = forget_ms > 0 ? forget_ms : QRSCAN_FORGET_MS;
}

static struct qrscan_seen *qrscan_dedupe_find(struct qrscan_dedupe *d,
					      const char *text, size_t len)
{
	for (int i = 0; i < QRSCAN_DEDUPE_SLOTS; i++) {
		struct qrscan_seen *s = &d->slot[i];

		if (s->len == len && memcmp(s->text, text, len) == 0)
			return s;
	}
	return NULL;
}

/* The slot to reuse: a free one, else the one seen longest ago. */
static struct qrscan_seen *qrscan_dedupe_victim(struct qrscan_dedupe *d)
{
	struct qrscan_seen *v = &d->slot[0];

	for (int i = 0; i < QRSCAN_DEDUPE_SLOTS; i++) {
		if (d->slot[i].len == 0)
			return &d->slot[i];
		if (d->slot[i].last_ms < v->last_ms)
			v = &d->slot[i];
	}
	return v;
}

bool qrscan_dedupe_seen(struct qrscan_dedupe *d, const char *text, size_t len,
			int64_t now_ms)
{
	struct qrscan_seen *s;
	bool fresh;

	if (len == 0 || len > QRSCAN_TEXT_MAX)
		return false;
	s = qrscan_dedupe_find(d, text, len);
	fresh = !s || now_ms - s->last_ms >= d->forget_ms;
	if (!s) {
		s = qrscan_dedupe_victim(d);
		memcpy(s->text, text, len);
		s->text[len] = '\0';
		s->len = len;
	}
	s->last_ms = now_ms;
	return fresh;
}
