/* qrscene.h: synthetic camera frames for the QR tests and benchmark.
 *
 * A frame is a textured background (gradient, blocks and strokes, like a
 * hall behind a kiosk) with optionally one badge: a QR symbol on white
 * paper, placed at any angle and module size, then blurred and given sensor
 * noise. Deterministic for a given seed. Header-only so bench/ can use it.
 */
#ifndef TESTS_QRSCENE_H
#define TESTS_QRSCENE_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCENE_QUIET 4 /* modules of white paper around the symbol */

struct scene_qr {
	int width;              /* modules per side, no quiet zone */
	const uint8_t *modules; /* width*width, 1 dark */
};

static inline uint32_t scene_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Gradient plus random dark and light blocks and thin strokes. */
static inline void scene_background(uint8_t *img, int w, int h,
				    uint32_t seed)
{
	uint32_t s = seed ? seed : 1;

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			img[(size_t)y * w + x] =
				(uint8_t)(90 + 60 * x / w + 40 * y / h);
	for (int i = 0; i < 60; i++) {
		int bw = 8 + (int)(scene_rand(&s) % 120);
		int bh = (i % 3 == 0) ? 2 + (int)(scene_rand(&s) % 3) :
					8 + (int)(scene_rand(&s) % 90);
		int bx = (int)(scene_rand(&s) % (uint32_t)w);
		int by = (int)(scene_rand(&s) % (uint32_t)h);
		uint8_t v = (uint8_t)(scene_rand(&s) % 256);

		for (int y = by; y < by + bh && y < h; y++)
			for (int x = bx; x < bx + bw && x < w; x++)
				img[(size_t)y * w + x] = v;
	}
}

/* 1 dark, 0 light, -1 outside the paper, at symbol coords (u,v) in
 * modules with the quiet zone starting at 0. */
static inline int scene_module_at(const struct scene_qr *q, double u,
				  double v)
{
	int n = q->width + 2 * SCENE_QUIET;
	int mu = (int)floor(u), mv = (int)floor(v);

	if (u < 0 || v < 0 || mu >= n || mv >= n)
		return -1;
	mu -= SCENE_QUIET;
	mv -= SCENE_QUIET;
	if (mu < 0 || mv < 0 || mu >= q->width || mv >= q->width)
		return 0;
	return q->modules[mv * q->width + mu];
}

/* Draws q centred at (cx, cy), module px per module, turned deg degrees,
 * with 2x2 supersampling so edges are grey as a lens makes them. */
static inline void scene_place(uint8_t *img, int w, int h,
			       const struct scene_qr *q, double cx, double cy,
			       double module, double deg)
{
	double a = deg * 3.14159265358979 / 180.0, c = cos(a), s = sin(a);
	double half = (q->width + 2 * SCENE_QUIET) * module / 2.0;
	int r = (int)ceil(half * 1.5) + 2;

	for (int y = (int)cy - r; y <= (int)cy + r; y++) {
		for (int x = (int)cx - r; x <= (int)cx + r; x++) {
			int sum = 0, hits = 0;

			if (x < 0 || y < 0 || x >= w || y >= h)
				continue;
			for (int k = 0; k < 4; k++) {
				double px = x + 0.25 + 0.5 * (k & 1) - cx;
				double py = y + 0.25 + 0.5 * (k >> 1) - cy;
				double u = (c * px + s * py + half) / module;
				double v = (-s * px + c * py + half) / module;
				int m = scene_module_at(q, u, v);

				if (m < 0)
					continue;
				sum += m ? 35 : 215;
				hits++;
			}
			if (hits == 4)
				img[(size_t)y * w + x] = (uint8_t)(sum / 4);
			else if (hits)
				img[(size_t)y * w + x] = (uint8_t)(
					(sum + (4 - hits) *
					 img[(size_t)y * w + x]) / 4);
		}
	}
}

/* passes of a 3x3 box blur (each about 0.8 px of defocus). */
static inline void scene_blur(uint8_t *img, int w, int h, int passes)
{
	uint8_t *t = malloc((size_t)w * h);

	if (!t)
		return;
	for (int p = 0; p < passes; p++) {
		memcpy(t, img, (size_t)w * h);
		for (int y = 1; y < h - 1; y++) {
			for (int x = 1; x < w - 1; x++) {
				int sum = 0;

				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++)
						sum += t[(size_t)(y + dy) * w +
							 x + dx];
				img[(size_t)y * w + x] = (uint8_t)(sum / 9);
			}
		}
	}
	free(t);
}

/* Dim light: squeezes the frame's grey levels into range levels around
 * mid grey, as a badge in a dark corner or against a window looks. */
static inline void scene_dim(uint8_t *img, int w, int h, int range)
{
	for (size_t i = 0; i < (size_t)w * h; i++)
		img[i] = (uint8_t)(128 - range / 2 + img[i] * range / 255);
}

/* Sensor noise: triangular, about +-amp. */
static inline void scene_noise(uint8_t *img, int w, int h, int amp,
			       uint32_t seed)
{
	uint32_t s = seed ? seed : 7;

	if (amp <= 0)
		return;
	for (size_t i = 0; i < (size_t)w * h; i++) {
		int n = (int)(scene_rand(&s) % (uint32_t)(amp + 1)) -
			(int)(scene_rand(&s) % (uint32_t)(amp + 1));
		int v = img[i] + n;

		img[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
}

/* Reads the modules of `qrencode -t ASCII -m 0` output ("##" dark, "  "
 * light, one text row a module row). Returns width or -1; *mods is
 * malloc'd. */
static inline int scene_parse_ascii(FILE *f, uint8_t **mods)
{
	char line[1024];
	int width = -1, row = 0;

	*mods = NULL;
	while (fgets(line, sizeof(line), f)) {
		int n = (int)strcspn(line, "\r\n") / 2;

		if (n == 0)
			continue;
		if (width < 0) {
			width = n;
			*mods = calloc((size_t)n * n, 1);
			if (!*mods)
				return -1;
		}
		if (n != width || row >= width)
			return -1;
		for (int x = 0; x < n; x++)
			(*mods)[row * width + x] = line[2 * x] == '#';
		row++;
	}
	return row == width ? width : -1;
}

#endif
