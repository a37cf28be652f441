/* bench_qrscan.c: the camera decoder on realistic 1280x720 frames, beside
 * its baselines on the same frames in the same run:
 *   qrscan     ours (include/fair/qrscan.h: ZXing-C++, a fast pass every
 *              frame and one extra pass in turn); it is shown each view for
 *              QRSCAN_CYCLE consecutive frames (133 ms at 30 fps, inside
 *              the 150 ms confirmation target) and counts when any of them
 *              reads; every one of those frames is timed
 *   previous   the pipeline before it: grey range onto 48 levels, 2x box
 *              downscale, ZBar QR-only binary (rebuilt here as it was)
 *   zbar       ZBar with its default configuration (every symbology, full
 *              frame)
 *   zxing      ZXing-C++ with its default hints (every format, tryHarder,
 *              tryRotate, tryDownscale), one frame
 * The frames come from scripts/gen-camera-set.py (made into DIR if DIR has
 * no manifest.txt): printed badges and phone screens, tilted, curved,
 * blurred, badly lit, small, noisy, covered, and frames without a code.
 * Prints detection per category and overall, the codes read by either
 * library (zbar or zxing), wrong reads (a text that is not the frame's, or
 * any text on a frame without a code), ms per frame median and p99 with
 * and without a code, the frame-to-scan latency, and whether the targets
 * are met: every code either library reads is read by ours, 0 wrong,
 * median <= 5 ms and p99 <= 33 ms (a frame period at 30 fps) a frame.
 * Each frame is timed in ROUNDS rounds and its least time kept (a shared
 * machine's other load only ever adds time); ZBar's default, at a third of
 * a second a frame, is timed once.
 *   usage: bench_qrscan [DIR [ROUNDS]]   (default $B/camset, B=build; 3)
 * BENCH_QRSCAN_LIST=1 also prints each frame's result (1 read, 0 not,
 * -1 wrong) for every decoder. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zbar.h>

#include "fair/qrscan.h"
#include "fair/zxing_wrap.h"

#define W 1280
#define H 720
#define MAX_FRAMES 1024
#define MAX_CATS 32
#define FRAME_MS 33.3 /* 30 fps */

enum dec { D_OURS, D_PREV, D_ZBAR, D_ZXING, D_N };
static const char *dec_name[D_N] = { "qrscan", "previous", "zbar", "zxing" };

struct item {
	int cat;
	char file[256];
	char text[QRSCAN_TEXT_MAX + 1]; /* "" for a frame without a code */
	uint8_t *px;
};

static struct item items[MAX_FRAMES];
static int n_items;
static char cats[MAX_CATS][32];
static int n_cats;

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double pct_ms(int64_t *v, int n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), cmp_i64);
	return (double)v[(int)(p * (n - 1) + 0.5)] / 1e6;
}

static void die(const char *msg)
{
	fprintf(stderr, "bench_qrscan: %s\n", msg);
	exit(1);
}

static uint8_t *read_pgm(const char *path)
{
	FILE *f = fopen(path, "rb");
	int w, h, max;
	uint8_t *px;

	if (!f)
		return NULL;
	if (fscanf(f, "P5 %d %d %d", &w, &h, &max) != 3 || w != W ||
	    h != H || max != 255 || fgetc(f) == EOF) {
		fclose(f);
		return NULL;
	}
	px = malloc((size_t)W * H);
	if (px && fread(px, 1, (size_t)W * H, f) != (size_t)W * H) {
		free(px);
		px = NULL;
	}
	fclose(f);
	return px;
}

static int cat_index(const char *name)
{
	for (int i = 0; i < n_cats; i++)
		if (strcmp(cats[i], name) == 0)
			return i;
	if (n_cats == MAX_CATS)
		die("too many categories");
	snprintf(cats[n_cats], sizeof(cats[0]), "%s", name);
	return n_cats++;
}

static void load(const char *dir)
{
	char path[4096], line[1024], cat[32], file[256], text[QRSCAN_TEXT_MAX];
	FILE *m;

	snprintf(path, sizeof(path), "%s/manifest.txt", dir);
	m = fopen(path, "r");
	if (!m) {
		char cmd[4200];

		fprintf(stderr, "bench_qrscan: making the frames in %s\n", dir);
		snprintf(cmd, sizeof(cmd), "/usr/bin/python3 "
			 "scripts/gen-camera-set.py set '%s'", dir);
		if (system(cmd) != 0)
			die("scripts/gen-camera-set.py failed");
		m = fopen(path, "r");
		if (!m)
			die("no manifest.txt");
	}
	while (fgets(line, sizeof(line), m) && n_items < MAX_FRAMES) {
		struct item *it = &items[n_items];

		if (sscanf(line, "%31s %255s %511s", cat, file, text) != 3)
			continue;
		it->cat = cat_index(cat);
		snprintf(it->file, sizeof(it->file), "%s", file);
		snprintf(it->text, sizeof(it->text), "%s",
			 strcmp(text, "-") ? text : "");
		snprintf(path, sizeof(path), "%s/%s", dir, file);
		it->px = read_pgm(path);
		if (!it->px)
			die("cannot read a frame (1280x720 P5 expected)");
		n_items++;
	}
	fclose(m);
	if (n_items == 0)
		die("no frames");
}

/* The previous pipeline, as it was in src/brain/qrscan.c: the 2x box
 * downscale, the grey range (1st-99th percentile) onto 48 levels, ZBar
 * QR-only with binary payloads at density 1. */
#define PREV_LEVELS 48

static void prev_level(uint8_t *px, int w, int h)
{
	unsigned hist[256] = { 0 }, n = 0, cut, acc;
	uint8_t lut[256];
	int lo = 0, hi = 255, span;

	for (int y = 0; y < h; y += 2)
		for (int x = 0; x < w; x++, n++)
			hist[px[(size_t)y * (size_t)w + (size_t)x]]++;
	cut = n * 10 / 1000;
	for (acc = 0; lo < 255 && acc + hist[lo] <= cut; lo++)
		acc += hist[lo];
	for (acc = 0; hi > lo && acc + hist[hi] <= cut; hi--)
		acc += hist[hi];
	span = hi - lo;
	if (span <= PREV_LEVELS)
		return;
	for (int v = 0; v < 256; v++) {
		int t = ((v - lo) * PREV_LEVELS * 2 / span + 1) / 2;

		lut[v] = (uint8_t)(t < 0 ? 0 : t > PREV_LEVELS ?
				   PREV_LEVELS : t);
	}
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
		px[i] = lut[px[i]];
}

struct zb {
	zbar_image_scanner_t *s;
	zbar_image_t *img;
	uint8_t small[(W / 2) * (H / 2)];
};

static void zb_init(struct zb *z, bool previous)
{
	z->s = zbar_image_scanner_create();
	z->img = zbar_image_create();
	if (!z->s || !z->img)
		die("zbar: out of memory");
	if (previous) {
		zbar_image_scanner_set_config(z->s, 0, ZBAR_CFG_ENABLE, 0);
		zbar_image_scanner_set_config(z->s, ZBAR_QRCODE,
					      ZBAR_CFG_ENABLE, 1);
		zbar_image_scanner_set_config(z->s, ZBAR_QRCODE,
					      ZBAR_CFG_BINARY, 1);
		zbar_image_scanner_set_config(z->s, 0, ZBAR_CFG_X_DENSITY, 1);
		zbar_image_scanner_set_config(z->s, 0, ZBAR_CFG_Y_DENSITY, 1);
	}
	zbar_image_set_format(z->img, zbar_fourcc('Y', '8', '0', '0'));
}

static void zb_free(struct zb *z)
{
	zbar_image_destroy(z->img);
	zbar_image_scanner_destroy(z->s);
}

/* 1 with the first QR payload in out. */
static int zb_scan(struct zb *z, const uint8_t *px, int w, int h, char *out,
		   size_t cap)
{
	const zbar_symbol_t *s;
	int got = 0;

	zbar_image_set_size(z->img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(z->img, px, (unsigned long)w * (unsigned)h, NULL);
	if (zbar_scan_image(z->s, z->img) > 0) {
		for (s = zbar_image_first_symbol(z->img); s && !got;
		     s = zbar_symbol_next(s)) {
			size_t n = zbar_symbol_get_data_length(s);

			if (zbar_symbol_get_type(s) != ZBAR_QRCODE || n == 0 ||
			    n >= cap)
				continue;
			memcpy(out, zbar_symbol_get_data(s), n);
			out[n] = '\0';
			got = 1;
		}
	}
	zbar_image_set_data(z->img, NULL, 0, NULL);
	return got;
}

static int prev_scan(struct zb *z, const uint8_t *px, char *out, size_t cap)
{
	qrscan_downscale(px, W, H, W, 2, z->small);
	prev_level(z->small, W / 2, H / 2);
	return zb_scan(z, z->small, W / 2, H / 2, out, cap);
}

struct result {
	int read[MAX_CATS], total[MAX_CATS], wrong;
	int64_t *t;     /* ns: the least of the rounds, per item and frame */
	int64_t *t_code, *t_none; /* the same split, for the report */
	int n_code, n_none;
};

struct ctx {
	double *latency; /* ours: first frame shown to read, ms */
	int n_latency;
	struct qrscan *q;
	struct zb prev, zbar;
	struct result r[D_N];
	int *read_at;    /* ours: the frame of the cycle that read, or -1 */
	int (*got)[D_N]; /* per item and decoder: 1 read, 0 not, -1 wrong */
};

/* Runs decoder d on item i: returns 1 read right, 0 nothing, -1 wrong.
 * Keeps each frame's least time over the rounds. */
static int run_one(struct ctx *c, enum dec d, int i)
{
	const struct item *it = &items[i];
	char out[QRSCAN_TEXT_MAX + 1];
	struct result *r = &c->r[d];
	size_t len;
	int got = 0, wrong = 0, frames = d == D_OURS ? QRSCAN_CYCLE : 1;
	int64_t t0, dt, when = -1;

	for (int k = 0; k < frames; k++) {
		out[0] = '\0';
		t0 = now_ns();
		switch (d) {
		case D_OURS:
			got = qrscan_frame(c->q, it->px, W, H, W, out,
					   sizeof(out), &len) == 1;
			break;
		case D_PREV:
			got = prev_scan(&c->prev, it->px, out, sizeof(out));
			break;
		case D_ZBAR:
			got = zb_scan(&c->zbar, it->px, W, H, out,
				      sizeof(out));
			break;
		default:
			got = zxing_read(it->px, W, H, W, ZXING_HARDER |
					 ZXING_ROTATE | ZXING_DOWNSCALE, out,
					 sizeof(out), &len) == 1;
			break;
		}
		dt = now_ns() - t0;
		if (dt < r->t[i * QRSCAN_CYCLE + k])
			r->t[i * QRSCAN_CYCLE + k] = dt;
		if (got && strcmp(out, it->text) != 0)
			wrong = 1;
		else if (got && when < 0)
			when = k;
	}
	if (d == D_OURS)
		c->read_at[i] = wrong ? -1 : (int)when;
	if (wrong)
		return -1;
	return when >= 0;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Per category: codes read by zbar or zxing, and those of them ours
 * missed (printed by name: the ones to look at). */
static void either(struct ctx *c, int *read, int *missed)
{
	for (int i = 0; i < n_items; i++) {
		const int *g = c->got[i];

		if (g[D_ZBAR] <= 0 && g[D_ZXING] <= 0)
			continue;
		read[items[i].cat]++;
		if (g[D_OURS] <= 0) {
			missed[items[i].cat]++;
			printf("qrscan misses %s, which %s reads\n",
			       items[i].file, g[D_ZXING] > 0 ? "zxing" :
			       "zbar");
		}
	}
}

static bool report(struct ctx *c)
{
	int all[D_N] = { 0 }, coded = 0, ei[MAX_CATS] = { 0 };
	int miss[MAX_CATS] = { 0 }, all_ei = 0, all_miss = 0;
	bool det_ok = true, wrong_ok = c->r[D_OURS].wrong == 0;
	double med, p99;
	bool time_ok = false;

	either(c, ei, miss);
	printf("\n%-12s %4s", "category", "n");
	for (int d = 0; d < D_N; d++)
		printf(" %9s", dec_name[d]);
	printf(" %9s\n", "either");
	for (int k = 0; k < n_cats; k++) {
		int n = c->r[D_OURS].total[k];
		bool none = strcmp(cats[k], "empty") == 0;

		printf("%-12s %4d", cats[k], n);
		for (int d = 0; d < D_N; d++) {
			if (none)
				printf(" %9s", "-");
			else
				printf(" %9d", c->r[d].read[k]);
			all[d] += c->r[d].read[k];
		}
		if (none)
			printf(" %9s", "-");
		else
			printf(" %9d", ei[k]);
		all_ei += ei[k];
		all_miss += miss[k];
		if (miss[k]) {
			det_ok = false;
			printf("   %d missed", miss[k]);
		}
		if (!none)
			coded += n;
		printf("\n");
	}
	printf("%-12s %4d", "all codes", coded);
	for (int d = 0; d < D_N; d++)
		printf(" %9d", all[d]);
	printf(" %9d", all_ei);
	if (all_miss)
		printf("   %d missed", all_miss);
	printf("\n%-12s %4s", "wrong reads", "");
	for (int d = 0; d < D_N; d++)
		printf(" %9d", c->r[d].wrong);
	for (int d = 0; d < D_N; d++) {
		struct result *r = &c->r[d];
		int frames = d == D_OURS ? QRSCAN_CYCLE : 1;

		for (int i = 0; i < n_items; i++)
			for (int k = 0; k < frames; k++) {
				int64_t v = r->t[i * QRSCAN_CYCLE + k];

				if (items[i].text[0])
					r->t_code[r->n_code++] = v;
				else
					r->t_none[r->n_none++] = v;
			}
	}
	printf("\n\nms a frame     with a code: median  p99    "
	       "without: median  p99    all: median  p99\n");
	for (int d = 0; d < D_N; d++) {
		struct result *r = &c->r[d];
		int64_t *v = malloc(sizeof(int64_t) *
				    (size_t)(r->n_code + r->n_none));

		if (!v)
			die("out of memory");
		memcpy(v, r->t_code, sizeof(int64_t) * (size_t)r->n_code);
		memcpy(v + r->n_code, r->t_none,
		       sizeof(int64_t) * (size_t)r->n_none);
		med = pct_ms(v, r->n_code + r->n_none, 0.5);
		p99 = pct_ms(v, r->n_code + r->n_none, 0.99);
		printf("%-10s %22.2f %6.2f %17.2f %6.2f %13.2f %6.2f\n",
		       dec_name[d], pct_ms(r->t_code, r->n_code, 0.5),
		       pct_ms(r->t_code, r->n_code, 0.99),
		       pct_ms(r->t_none, r->n_none, 0.5),
		       pct_ms(r->t_none, r->n_none, 0.99), med, p99);
		if (d == D_OURS)
			time_ok = med <= 5.0 && p99 <= 33.0;
		free(v);
	}
	for (int i = 0; i < n_items; i++)
		if (c->read_at[i] >= 0 && items[i].text[0])
			c->latency[c->n_latency++] = c->read_at[i] * FRAME_MS +
				(double)c->r[D_OURS].t[i * QRSCAN_CYCLE +
						       c->read_at[i]] / 1e6;
	qsort(c->latency, (size_t)c->n_latency, sizeof(double), cmp_dbl);
	if (c->n_latency)
		printf("\nqrscan: first frame showing a code to its scan "
		       "(30 fps, decode included): median %.1f ms, p99 "
		       "%.1f ms\n", c->latency[c->n_latency / 2],
		       c->latency[(int)(0.99 * (c->n_latency - 1) + 0.5)]);
	printf("\ntargets: every code zbar or zxing reads, read: %s\n",
	       det_ok ? "met" : "NOT MET");
	printf("         0 wrong reads: %s\n", wrong_ok ? "met" : "NOT MET");
	printf("         median <= 5 ms, p99 <= 33 ms a frame: %s\n",
	       time_ok ? "met" : "NOT MET");
	return det_ok && wrong_ok && time_ok;
}

int main(int argc, char **argv)
{
	const char *b = getenv("B");
	char def[1024];
	const char *dir = def;
	int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;

	/* the set is made once per build dir, as run-bench.sh passes B */
	snprintf(def, sizeof(def), "%s/camset", b && *b ? b : "build");
	if (argc > 1)
		dir = argv[1];
	struct ctx c = { 0 };
	int order = 0;
	bool list = getenv("BENCH_QRSCAN_LIST") != NULL;

	load(dir);
	c.q = qrscan_new(0);
	if (!c.q)
		die("out of memory");
	zb_init(&c.prev, true);
	zb_init(&c.zbar, false);
	c.latency = calloc((size_t)n_items, sizeof(double));
	c.read_at = calloc((size_t)n_items, sizeof(int));
	c.got = calloc((size_t)n_items, sizeof(*c.got));
	if (!c.read_at || !c.got)
		die("out of memory");
	for (int d = 0; d < D_N; d++) {
		c.r[d].t = malloc((size_t)n_items * QRSCAN_CYCLE *
				  sizeof(int64_t));
		if (!c.r[d].t)
			die("out of memory");
		for (int i = 0; i < n_items * QRSCAN_CYCLE; i++)
			c.r[d].t[i] = INT64_MAX;
		c.r[d].t_code = calloc((size_t)n_items * QRSCAN_CYCLE,
				       sizeof(int64_t));
		c.r[d].t_none = calloc((size_t)n_items * QRSCAN_CYCLE,
				       sizeof(int64_t));
		if (!c.r[d].t_code || !c.r[d].t_none || !c.latency)
			die("out of memory");
	}
	printf("%d frames of 1280x720 from %s (scripts/gen-camera-set.py); "
	       "qrscan sees each for %d frames\n"
	       "times: each frame's least of %d rounds (zbar: 1), so that "
	       "other load on the machine counts less\n", n_items, dir,
	       QRSCAN_CYCLE, rounds);
	/* Every decoder on each frame in turn, the order rotating, so that
	 * drift and the other load on the machine hit all alike. */
	if (rounds < 1 || rounds > 100)
		die("usage: bench_qrscan [DIR [ROUNDS 1-100]]");
	for (int round = 1; round < rounds; round++)
		for (int i = 0; i < n_items; i++, order++)
			for (int k = 0; k < D_N; k++) {
				enum dec d = (enum dec)((k + order) % D_N);

				if (d != D_ZBAR) /* far too slow to repeat */
					run_one(&c, d, i);
			}
	for (int i = 0; i < n_items; i++, order++) {
		int *got = c.got[i];

		for (int k = 0; k < D_N; k++) {
			enum dec d = (enum dec)((k + order) % D_N);
			int rc = run_one(&c, d, i);

			got[d] = rc;
			c.r[d].total[items[i].cat]++;
			if (rc > 0)
				c.r[d].read[items[i].cat]++;
			else if (rc < 0)
				c.r[d].wrong++;
		}
		if (list)
			printf("%s %s: qrscan %d previous %d zbar %d zxing "
			       "%d\n", cats[items[i].cat], items[i].file,
			       got[D_OURS], got[D_PREV], got[D_ZBAR],
			       got[D_ZXING]);
	}
	report(&c);
	for (int i = 0; i < n_items; i++)
		free(items[i].px);
	for (int d = 0; d < D_N; d++) {
		free(c.r[d].t);
		free(c.r[d].t_code);
		free(c.r[d].t_none);
	}
	free(c.latency);
	free(c.read_at);
	free(c.got);
	zb_free(&c.prev);
	zb_free(&c.zbar);
	qrscan_free(c.q);
	return 0;
}
