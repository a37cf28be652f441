#include <stdlib.h>
#include <string.h>

#include <zbar.h>

#include "fair/qrscan.h"
#include "fair/zxing_wrap.h"

/* The extra passes, one a frame in this order (see the header). */
enum qrscan_pass {
	QRSCAN_INVERT,      /* small, inverted: dark-mode phones */
	QRSCAN_FULL,        /* ZXing tryHarder on the full-size frame */
	QRSCAN_STRETCH,     /* small, grey range stretched: dim grey ink */
	QRSCAN_ZBAR,        /* ZBar on the full-size frame */
};
_Static_assert(QRSCAN_ZBAR + 1 == QRSCAN_CYCLE,
	       "each extra pass once a cycle, so the cycle is their count");

struct qrscan {
	uint8_t *small;     /* the downscaled frame (fast pass) */
	uint8_t *work;      /* small inverted or stretched; or the frame's
			     * rows packed for ZBar when its stride is wider */
	size_t cap;         /* bytes allocated for small */
	size_t work_cap;    /* bytes allocated for work */
	zbar_image_scanner_t *zbar; /* QR only, binary, density 1 */
	zbar_image_t *zimg; /* ZBar's view of the frame (data not owned) */
	int scale;          /* fixed factor, or 0 for auto */
	unsigned frame;     /* frames seen: picks the extra pass */
};

/* ZBar as NOTES.md measured it best: QR only (all symbologies cost twice
 * as much), raw bytes (no guessed Shift_JIS or Big5), density 1 (higher
 * densities skip lines and lose tilted codes). */
static int qrscan_zbar_setup(struct qrscan *q)
{
	zbar_image_scanner_t *s = zbar_image_scanner_create();

	q->zbar = s;
	q->zimg = zbar_image_create();
	if (!s || !q->zimg)
		return -1;
	if (zbar_image_scanner_set_config(s, 0, ZBAR_CFG_ENABLE, 0) ||
	    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_ENABLE,
					  1) ||
	    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_BINARY,
					  1) ||
	    zbar_image_scanner_set_config(s, 0, ZBAR_CFG_X_DENSITY, 1) ||
	    zbar_image_scanner_set_config(s, 0, ZBAR_CFG_Y_DENSITY, 1))
		return -1;
	zbar_image_set_format(q->zimg, zbar_fourcc('Y', '8', '0', '0'));
	return 0;
}

struct qrscan *qrscan_new(int scale)
{
	struct qrscan *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	q->scale = scale < 0 ? 0 : scale;
	if (qrscan_zbar_setup(q) < 0) {
		qrscan_free(q);
		return NULL;
	}
	return q;
}

void qrscan_free(struct qrscan *q)
{
	if (!q)
		return;
	if (q->zimg)
		zbar_image_destroy(q->zimg);
	if (q->zbar)
		zbar_image_scanner_destroy(q->zbar);
	free(q->small);
	free(q->work);
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

/* Whether a payload may reach the kiosk: printable ASCII (and tab, CR,
 * LF), no NUL. A badge token is ASCII letters and digits; the scanner
 * self-test code is printable ASCII. Anything else is not ours, and is
 * dropped here rather than fed on as text. */
static bool qrscan_ascii(const char *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)d[i];

		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c > 0x7e)
			return false;
	}
	return n > 0;
}

/* Keeps a payload only when it is acceptable text (1), else empties out
 * (0). */
static int qrscan_accept(char *out, size_t *len)
{
	if (*len > QRSCAN_TEXT_MAX || !qrscan_ascii(out, *len)) {
		*len = 0;
		out[0] = '\0';
		return 0;
	}
	return 1;
}

/* One ZXing read of a w x h view (flags beyond QR only, first symbol);
 * 1 with the payload in out when it is acceptable text. */
static int qrscan_read_with(const uint8_t *px, int w, int h, int stride,
			    unsigned flags, char *out, size_t cap,
			    size_t *len)
{
	int rc;

	if (w < 21 || h < 21)
		return 0;
	rc = zxing_read(px, w, h, stride, ZXING_QR_ONLY | ZXING_FIRST | flags,
			out, cap, len);
	if (rc != 1)
		return rc;
	return qrscan_accept(out, len);
}

static int qrscan_read(const uint8_t *px, int w, int h, int stride,
		       char *out, size_t cap, size_t *len)
{
	return qrscan_read_with(px, w, h, stride, 0, out, cap, len);
}

/* Light modules on black (a phone in dark mode): ZXing looks for dark
 * finder patterns only. */
static void qrscan_invert(const uint8_t *src, size_t n, uint8_t *dst)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = (uint8_t)(255 - src[i]);
}

/* Maps the frame's own grey range (1st to 99th percentile) onto 0-255.
 * ZXing's binarizer treats an 8x8 block whose range is under 24 levels as
 * flat paper, so grey ink on grey paper in a dim hall has no edges for it;
 * stretched, it has. Returns false (dst untouched) when the range is
 * already wide, where stretching adds nothing. */
#define QRSCAN_CLIP_PERMILLE 10  /* darkest and brightest 1% are outliers */
#define QRSCAN_WIDE 192          /* a range this wide is left alone */

static bool qrscan_stretch(const uint8_t *src, size_t n, uint8_t *dst)
{
	unsigned hist[256] = { 0 };
	size_t cut, acc, seen = 0;
	uint8_t lut[256];
	int lo = 0, hi = 255, span;

	/* Every other pixel is plenty to find the range. */
	for (size_t i = 0; i < n; i += 2, seen++)
		hist[src[i]]++;
	cut = seen * QRSCAN_CLIP_PERMILLE / 1000;
	for (acc = 0; lo < 255 && acc + hist[lo] <= cut; lo++)
		acc += hist[lo];
	for (acc = 0; hi > lo && acc + hist[hi] <= cut; hi--)
		acc += hist[hi];
	span = hi - lo;
	if (span >= QRSCAN_WIDE || span < 8)
		return false;
	for (int v = 0; v < 256; v++) {
		int t = (v - lo) * 255 / span;

		lut[v] = (uint8_t)(t < 0 ? 0 : t > 255 ? 255 : t);
	}
	for (size_t i = 0; i < n; i++)
		dst[i] = lut[src[i]];
	return true;
}

static bool qrscan_reserve_work(struct qrscan *q, size_t need)
{
	uint8_t *a;

	if (need <= q->work_cap)
		return true;
	a = realloc(q->work, need);
	if (!a)
		return false;
	q->work = a;
	q->work_cap = need;
	return true;
}

static bool qrscan_reserve(struct qrscan *q, size_t need)
{
	uint8_t *a;

	if (need > q->cap) {
		a = realloc(q->small, need);
		if (!a)
			return false;
		q->small = a;
		q->cap = need;
	}
	return qrscan_reserve_work(q, need);
}

/* The first QR symbol ZBar finds whose payload fits in out. ZBar returns
 * only symbols whose Reed-Solomon check passed, like ZXing. */
static int qrscan_zbar_first(struct qrscan *q, char *out, size_t cap,
			     size_t *len)
{
	const zbar_symbol_t *sym = zbar_image_first_symbol(q->zimg);

	for (; sym; sym = zbar_symbol_next(sym)) {
		size_t n = zbar_symbol_get_data_length(sym);

		if (zbar_symbol_get_type(sym) != ZBAR_QRCODE || n == 0 ||
		    n >= cap)
			continue;
		memcpy(out, zbar_symbol_get_data(sym), n);
		out[n] = '\0';
		*len = n;
		return qrscan_accept(out, len);
	}
	return 0;
}

/* ZBar on the full-size frame: it reads codes ZXing-C++ loses (dotted
 * modules, a glossy band over a finder pattern, a finger over an edge),
 * at about 20 ms a 720p frame, so once a cycle. */
static int qrscan_zbar(struct qrscan *q, const uint8_t *gray, int w, int h,
		       int stride, char *out, size_t cap, size_t *len)
{
	const uint8_t *px = gray;
	int rc = 0;

	if (stride != w) {
		if (!qrscan_reserve_work(q, (size_t)w * (size_t)h))
			return -1;
		for (int y = 0; y < h; y++)
			memcpy(q->work + (size_t)y * (size_t)w,
			       gray + (size_t)y * (size_t)stride, (size_t)w);
		px = q->work;
	}
	zbar_image_set_size(q->zimg, (unsigned)w, (unsigned)h);
	zbar_image_set_data(q->zimg, px, (unsigned long)w * (unsigned long)h,
			    NULL);
	if (zbar_scan_image(q->zbar, q->zimg) > 0)
		rc = qrscan_zbar_first(q, out, cap, len);
	zbar_image_set_data(q->zimg, NULL, 0, NULL);
	return rc;
}

int qrscan_frame(struct qrscan *q, const uint8_t *gray, int w, int h,
		 int stride, char *out, size_t cap, size_t *len)
{
	int f = q->scale ? q->scale : qrscan_auto_scale(w, h);
	unsigned pass = q->frame++ % QRSCAN_CYCLE;
	const uint8_t *px;
	int ow, oh, os, rc;
	size_t n;

	*len = 0;
	if (cap > 0)
		out[0] = '\0';
	if (w <= 0 || h <= 0 || w > QRSCAN_MAX_SIDE || h > QRSCAN_MAX_SIDE ||
	    stride < w || cap == 0)
		return -1;
	if (w / f < 21 || h / f < 21)
		f = 1;
	ow = w / f;
	oh = h / f;
	n = (size_t)ow * (size_t)oh;
	if (!qrscan_reserve(q, n))
		return -1;
	if (f == 1) {
		px = gray;
		os = stride;
	} else {
		qrscan_downscale(gray, w, h, stride, f, q->small);
		px = q->small;
		os = ow;
	}
	/* The fast pass, every frame: a badge held up is read at once. */
	rc = qrscan_read(px, ow, oh, os, out, cap, len);
	if (rc != 0)
		return rc;
	/* One extra pass a frame, in turn: every QRSCAN_CYCLE frames each
	 * has looked once (see the header). */
	if (pass == QRSCAN_FULL)
		return qrscan_read_with(gray, w, h, stride, ZXING_HARDER, out,
					cap, len);
	if (pass == QRSCAN_ZBAR)
		return qrscan_zbar(q, gray, w, h, stride, out, cap, len);
	if (f == 1) {
		for (int y = 0; y < h; y++)
			memcpy(q->small + (size_t)y * (size_t)w,
			       gray + (size_t)y * (size_t)stride, (size_t)w);
		px = q->small;
	}
	if (pass == QRSCAN_INVERT)
		qrscan_invert(px, n, q->work);
	else if (!qrscan_stretch(px, n, q->work))
		return 0;
	return qrscan_read(q->work, ow, oh, ow, out, cap, len);
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
