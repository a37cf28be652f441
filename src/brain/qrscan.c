#include <math.h>
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
	QRSCAN_ZBAR,        /* ZBar, full size, round the finder patterns */
};
_Static_assert(QRSCAN_ZBAR + 1 == QRSCAN_CYCLE,
	       "each extra pass once a cycle, so the cycle is their count");

struct qrscan {
	uint8_t *small;     /* the downscaled frame (fast pass) */
	uint8_t *work;      /* small inverted or stretched; or the rows of
			     * ZBar's region, packed as ZBar wants them */
	size_t cap;         /* bytes allocated for small */
	size_t work_cap;    /* bytes allocated for work */
	zbar_image_scanner_t *zbar; /* QR only, binary, density 1 */
	zbar_image_t *zimg; /* ZBar's view of the frame (data not owned) */
	uint32_t *sum;      /* integral image of small (finder search) */
	size_t sum_cap;     /* entries allocated for sum */
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
	free(q->sum);
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

/* ZBar on the w x h region of the full-size frame at gray (stride): it
 * reads codes ZXing-C++ loses (dotted modules, a glossy band over a finder
 * pattern, a finger over an edge). */
static int qrscan_zbar(struct qrscan *q, const uint8_t *gray, int w, int h,
		       int stride, char *out, size_t cap, size_t *len)
{
	int rc = 0;

	if (w < 21 || h < 21)
		return 0;
	if (!qrscan_reserve_work(q, (size_t)w * (size_t)h))
		return -1;
	for (int y = 0; y < h; y++)
		memcpy(q->work + (size_t)y * (size_t)w,
		       gray + (size_t)y * (size_t)stride, (size_t)w);
	zbar_image_set_size(q->zimg, (unsigned)w, (unsigned)h);
	zbar_image_set_data(q->zimg, q->work,
			    (unsigned long)w * (unsigned long)h, NULL);
	if (zbar_scan_image(q->zbar, q->zimg) > 0)
		rc = qrscan_zbar_first(q, out, cap, len);
	zbar_image_set_data(q->zimg, NULL, 0, NULL);
	return rc;
}

/* --- Where the finder patterns are: the region ZBar looks at ---
 * ZBar costs about 20 ms on a whole 720p frame, too much for one frame
 * period on a busy machine; on the region around the finder patterns
 * (the three nested squares) seen in the downscaled frame it costs a
 * fraction. ZXing-C++ 1.4 does not say where it saw finder patterns it
 * could not read, so they are looked for here: rows whose dark and light
 * runs go 1:1:3:1:1, on consecutive rows at the same place. */

#define QRSCAN_FINDERS 128   /* finder candidates kept a frame */
#define QRSCAN_MIN_MODULE 1.5f /* finer (noise, print) is no finder */
#define QRSCAN_WIN 16        /* threshold: the mean of a 33 x 33 window */
#define QRSCAN_BIAS 6        /* darker than the mean by this is dark */

struct qrscan_finder {
	float x, y;          /* centre (mean of the rows), downscaled px */
	float m;             /* module size, downscaled px */
	int rows;            /* rows whose runs crossed it 1:1:3:1:1 */
	int last;            /* the last such row */
};

struct qrscan_finders {
	struct qrscan_finder f[QRSCAN_FINDERS];
	int n;
};

struct qrscan_box {
	int x0, y0, x1, y1;  /* x1, y1 one past the last */
};

static bool qrscan_reserve_sum(struct qrscan *q, size_t need)
{
	uint32_t *a;

	if (need <= q->sum_cap)
		return true;
	a = realloc(q->sum, need * sizeof(*a));
	if (!a)
		return false;
	q->sum = a;
	q->sum_cap = need;
	return true;
}

/* sum[(y) * (w + 1) + x]: the pixels above and left of (x, y). */
static void qrscan_integral(const uint8_t *px, int w, int h, int stride,
			    uint32_t *sum)
{
	size_t sw = (size_t)w + 1;

	memset(sum, 0, sw * sizeof(*sum));
	for (int y = 0; y < h; y++) {
		const uint8_t *row = px + (size_t)y * (size_t)stride;
		uint32_t acc = 0, *up = sum + (size_t)y * sw;
		uint32_t *cur = up + sw;

		cur[0] = 0;
		for (int x = 0; x < w; x++) {
			acc += row[x];
			cur[x + 1] = up[x + 1] + acc;
		}
	}
}

/* Whether run lengths r (dark, light, dark, light, dark) go 1:1:3:1:1;
 * the module size in *m. */
static bool qrscan_ratio(const int r[5], float *m)
{
	int t = r[0] + r[1] + r[2] + r[3] + r[4];
	float u = (float)t / 7.0f, tol = u * 0.6f;

	if (u < QRSCAN_MIN_MODULE)
		return false;
	if (tol < 1.0f)
		tol = 1.0f;
	for (int i = 0; i < 5; i++)
		if (i != 2 && fabsf((float)r[i] - u) > tol)
			return false;
	if (fabsf((float)r[2] - 3.0f * u) > 2.0f * tol)
		return false;
	*m = u;
	return true;
}

static bool qrscan_finder_ok(const struct qrscan_finder *f);

/* Room for more: candidates no longer continued (rows above y) that are
 * no finder are dropped. */
static void qrscan_forget(struct qrscan_finders *fs, int y)
{
	int k = 0;

	for (int i = 0; i < fs->n; i++)
		if (y - fs->f[i].last <= 2 || qrscan_finder_ok(&fs->f[i]))
			fs->f[k++] = fs->f[i];
	fs->n = k;
}

/* A row crossed a finder at x with module m: the candidate it continues,
 * or a new one. */
static void qrscan_hit(struct qrscan_finders *fs, float x, int y, float m)
{
	struct qrscan_finder *f;

	for (int i = 0; i < fs->n; i++) {
		f = &fs->f[i];
		if (y - f->last > 2 || fabsf(x - f->x) > fmaxf(1.5f, f->m) ||
		    m > f->m * 1.7f || m * 1.7f < f->m)
			continue;
		f->x = (f->x * (float)f->rows + x) / (float)(f->rows + 1);
		f->y = (f->y * (float)f->rows + (float)y) /
		       (float)(f->rows + 1);
		f->m = (f->m * (float)f->rows + m) / (float)(f->rows + 1);
		f->rows++;
		f->last = y;
		return;
	}
	if (fs->n == QRSCAN_FINDERS)
		qrscan_forget(fs, y);
	if (fs->n == QRSCAN_FINDERS)
		return;
	fs->f[fs->n++] = (struct qrscan_finder){ x, (float)y, m, 1, y };
}

/* One row: its runs against the local mean, 1:1:3:1:1 wherever five in
 * a row end dark. */
static void qrscan_row(const uint8_t *row, const uint32_t *sum, int w,
		       int h, int y, struct qrscan_finders *fs)
{
	int y0 = y - QRSCAN_WIN < 0 ? 0 : y - QRSCAN_WIN;
	int y1 = y + QRSCAN_WIN + 1 > h ? h : y + QRSCAN_WIN + 1;
	const uint32_t *top = sum + (size_t)y0 * (size_t)(w + 1);
	const uint32_t *bot = sum + (size_t)y1 * (size_t)(w + 1);
	int r[5] = { 0 }, start = 0;
	bool prev = false;

	for (int x = 0; x <= w; x++) {
		bool dark = false;
		float m;

		if (x < w) {
			int x0 = x - QRSCAN_WIN < 0 ? 0 : x - QRSCAN_WIN;
			int x1 = x + QRSCAN_WIN + 1 > w ? w :
				 x + QRSCAN_WIN + 1;
			uint32_t s = bot[x1] - bot[x0] - top[x1] + top[x0];
			int area = (x1 - x0) * (y1 - y0);

			dark = (int)row[x] * area + QRSCAN_BIAS * area <
			       (int)s;
		}
		if (x > 0 && x < w && dark == prev)
			continue;
		if (x > 0) {
			memmove(r, r + 1, 4 * sizeof(int));
			r[4] = x - start;
			if (prev && qrscan_ratio(r, &m))
				qrscan_hit(fs, (float)(x - r[4] - r[3]) -
					   (float)r[2] / 2.0f, y, m);
		}
		start = x;
		prev = dark;
	}
}

/* A finder seen on enough rows for its size: its centre square is three
 * modules tall (fewer rows counted when tilted or blurred), never much
 * more. Data modules sometimes make a weak one by chance, over two or
 * three rows; a real finder is strong. */
static bool qrscan_finder_ok(const struct qrscan_finder *f)
{
	return f->rows >= 2 && (float)f->rows >= 0.8f * f->m &&
	       (float)f->rows <= 5.0f * f->m + 2.0f;
}

static bool qrscan_finder_strong(const struct qrscan_finder *f)
{
	return qrscan_finder_ok(f) && f->rows >= 3 &&
	       (float)f->rows >= 1.5f * f->m;
}

struct qrscan_group {
	int n;                 /* strong finders in it */
	int rows;              /* their rows, to break ties */
	float m;               /* the largest module size among them */
	struct qrscan_box bb;  /* the box of their centres */
	const struct qrscan_finder *top[3]; /* the three on the most rows */
};

/* Keeps the three finders on the most rows in g->top. */
static void qrscan_top(struct qrscan_group *g, const struct qrscan_finder *b)
{
	for (int k = 0; k < 3; k++) {
		if (g->top[k] && g->top[k]->rows >= b->rows)
			continue;
		for (int j = 2; j > k; j--)
			g->top[j] = g->top[j - 1];
		g->top[k] = b;
		return;
	}
}

static void qrscan_box_add(struct qrscan_box *bb, float x, float y)
{
	bb->x0 = x < (float)bb->x0 ? (int)x : bb->x0;
	bb->y0 = y < (float)bb->y0 ? (int)y : bb->y0;
	bb->x1 = x > (float)bb->x1 ? (int)x : bb->x1;
	bb->y1 = y > (float)bb->y1 ? (int)y : bb->y1;
}

/* Three finders are three corners of the code: the fourth, which has
 * none, is opposite the one between the other two (the right angle, at
 * the end of neither the longest side). */
static void qrscan_fourth(struct qrscan_group *g)
{
	const struct qrscan_finder *const *t = g->top;
	float best = -1.0f;
	int k = 0;

	for (int i = 0; i < 3; i++) {
		const struct qrscan_finder *a = t[(i + 1) % 3];
		const struct qrscan_finder *c = t[(i + 2) % 3];
		float d = hypotf(a->x - c->x, a->y - c->y);

		if (d > best) {
			best = d;
			k = i;
		}
	}
	qrscan_box_add(&g->bb, t[(k + 1) % 3]->x + t[(k + 2) % 3]->x - t[k]->x,
		       t[(k + 1) % 3]->y + t[(k + 2) % 3]->y - t[k]->y);
}

/* The strong finders that may belong to one code with finder a: alike
 * in module size, near enough for a version 20 code. */
static void qrscan_group(const struct qrscan_finders *fs,
			 const struct qrscan_finder *a, struct qrscan_group *g)
{
	*g = (struct qrscan_group){ 0, 0, a->m, { (int)a->x, (int)a->y,
						  (int)a->x, (int)a->y },
				    { NULL, NULL, NULL } };
	for (int j = 0; j < fs->n; j++) {
		const struct qrscan_finder *b = &fs->f[j];

		if (!qrscan_finder_strong(b) || b->m > a->m * 2.0f ||
		    b->m * 2.0f < a->m ||
		    hypotf(b->x - a->x, b->y - a->y) > 130.0f * a->m)
			continue;
		g->n++;
		g->rows += b->rows;
		g->m = fmaxf(g->m, b->m);
		qrscan_box_add(&g->bb, b->x, b->y);
		qrscan_top(g, b);
	}
	if (g->n >= 3)
		qrscan_fourth(g);
}

/* Narrows [*a, *b) to at most side about its middle. */
static void qrscan_cap(int *a, int *b, int side)
{
	int mid = (*a + *b) / 2;

	if (*b - *a <= side)
		return;
	*a = mid - side / 2;
	*b = *a + side;
}

/* The region (downscaled px) around the best group of strong finders:
 * three or more, their box and the quiet zone (a corner of a turned code
 * reaches ten modules past its finder's centre); two, a square round them
 * wide enough for them to be either adjacent corners or opposite ones;
 * one (the others under a finger or a glossy band), a version 6 badge's
 * reach in every direction. At most side a side: ZBar's time grows with
 * the region's area, and the p99 of a frame must stay within a frame
 * period. False when there is none. */
static bool qrscan_region(const struct qrscan_finders *fs, int side,
			  struct qrscan_box *out)
{
	struct qrscan_group g, best = { 0, 0, 0, { 0, 0, 0, 0 },
					{ NULL, NULL, NULL } };
	float grow;

	for (int i = 0; i < fs->n; i++) {
		if (!qrscan_finder_strong(&fs->f[i]))
			continue;
		qrscan_group(fs, &fs->f[i], &g);
		if (g.n > best.n || (g.n == best.n && g.rows > best.rows))
			best = g;
	}
	if (best.n == 0)
		return false;
	grow = 10.0f * best.m;
	if (best.n == 2)
		grow += hypotf((float)(best.bb.x1 - best.bb.x0),
			       (float)(best.bb.y1 - best.bb.y0));
	else if (best.n == 1)
		grow = 42.0f * best.m;
	out->x0 = best.bb.x0 - (int)grow;
	out->y0 = best.bb.y0 - (int)grow;
	out->x1 = best.bb.x1 + (int)grow + 1;
	out->y1 = best.bb.y1 + (int)grow + 1;
	qrscan_cap(&out->x0, &out->x1, side);
	qrscan_cap(&out->y0, &out->y1, side);
	return true;
}

/* The ZBar pass: on the region around the finder patterns the downscaled
 * frame (px, w x h, stride) shows, scaled by f onto the full-size frame;
 * nothing when it shows none (an idle kiosk's frames cost nothing
 * more). */
static int qrscan_zbar_pass(struct qrscan *q, const uint8_t *px, int w,
			    int h, int stride, int f, const uint8_t *gray,
			    int gw, int gh, int gstride, char *out, size_t cap,
			    size_t *len)
{
	struct qrscan_finders fs = { .n = 0 };
	struct qrscan_box b;
	bool found;

	if (!qrscan_reserve_sum(q, (size_t)(w + 1) * (size_t)(h + 1)))
		return -1;
	qrscan_integral(px, w, h, stride, q->sum);
	for (int y = 0; y < h; y++)
		qrscan_row(px + (size_t)y * (size_t)stride, q->sum, w, h, y,
			   &fs);
	/* A square of 0.8 of the frame's height: a code filling half its
	 * height, turned 45 degrees, with its quiet zone. */
	found = qrscan_region(&fs, h * 4 / 5, &b);
	if (!found)
		return 0;
	b.x0 = b.x0 * f < 0 ? 0 : b.x0 * f;
	b.y0 = b.y0 * f < 0 ? 0 : b.y0 * f;
	b.x1 = b.x1 * f > gw ? gw : b.x1 * f;
	b.y1 = b.y1 * f > gh ? gh : b.y1 * f;
	return qrscan_zbar(q, gray + (size_t)b.y0 * (size_t)gstride + b.x0,
			   b.x1 - b.x0, b.y1 - b.y0, gstride, out, cap, len);
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
		return qrscan_zbar_pass(q, px, ow, oh, os, f, gray, w, h,
					stride, out, cap, len);
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
