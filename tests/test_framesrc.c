/* test_framesrc.c: recorded frames (PGM and PNG directories, Y4M files)
 * and their failure messages, and a badge played through framesrc, qrscan
 * and the dedupe as the camera worker does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <png.h>

#include "fair/framesrc.h"
#include "fair/qr.h"
#include "fair/qrscan.h"
#include "qrscene.h"

struct tmp {
	char dir[64];
};

static void tmp_make(struct tmp *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/fair-frames-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

static void tmp_path(const struct tmp *t, const char *name, char *out,
		     size_t cap)
{
	snprintf(out, cap, "%s/%s", t->dir, name);
}

static void tmp_remove(struct tmp *t)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void write_pgm(const char *path, const uint8_t *px, int w, int h,
		      const char *comment)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fprintf(f, "P5\n%s%d %d\n255\n", comment, w, h);
	assert_int_equal(fwrite(px, 1, (size_t)w * h, f), (size_t)w * h);
	assert_int_equal(fclose(f), 0);
}

/* A colour PNG, so the reader's conversion to gray is exercised. */
static void write_png_rgb(const char *path, int w, int h, uint8_t v)
{
	png_image img;
	uint8_t *px = malloc((size_t)w * h * 3);

	assert_non_null(px);
	memset(px, v, (size_t)w * h * 3);
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_RGB;
	assert_true(png_image_write_to_file(&img, path, 0, px, 0, NULL));
	free(px);
}

static void test_directory_of_pgm_and_png(void **state)
{
	struct tmp t;
	char p[256];
	uint8_t px[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255 };
	struct fair_err err = { "" };
	struct framesrc *fs;
	struct framesrc_frame fr;
	int num, den;

	(void)state;
	tmp_make(&t);
	tmp_path(&t, "b.pgm", p, sizeof(p));
	write_pgm(p, px, 4, 3, "# a comment\n");
	tmp_path(&t, "a.pgm", p, sizeof(p));
	write_pgm(p, px, 3, 4, "");
	tmp_path(&t, "c.png", p, sizeof(p));
	write_png_rgb(p, 5, 2, 200);
	tmp_path(&t, "notes.txt", p, sizeof(p));
	write_file(p, "x", 1);
	tmp_path(&t, "fps", p, sizeof(p));
	write_file(p, "20\n", 3);

	fs = framesrc_open(t.dir, &err);
	assert_non_null(fs);
	framesrc_rate(fs, &num, &den);
	assert_int_equal(num, 20);
	assert_int_equal(den, 1);
	assert_int_equal(framesrc_next(fs, &fr, &err), 1);  /* a.pgm */
	assert_int_equal(fr.w, 3);
	assert_int_equal(fr.h, 4);
	assert_int_equal(fr.due_ms, 0);
	assert_memory_equal(fr.gray, px, 12);
	assert_int_equal(framesrc_next(fs, &fr, &err), 1);  /* b.pgm */
	assert_int_equal(fr.w, 4);
	assert_int_equal(fr.index, 1);
	assert_int_equal(fr.due_ms, 50);
	assert_int_equal(fr.gray[11], 255);
	assert_int_equal(framesrc_next(fs, &fr, &err), 1);  /* c.png */
	assert_int_equal(fr.w, 5);
	assert_int_equal(fr.h, 2);
	assert_true(fr.gray[0] >= 195 && fr.gray[0] <= 205);
	assert_int_equal(framesrc_next(fs, &fr, &err), 0);
	framesrc_close(fs);
	tmp_remove(&t);
}

static void test_y4m(void **state)
{
	struct tmp t;
	char p[256];
	const char hdr[] = "YUV4MPEG2 W4 H2 F30000:1001 Ip A1:1 C420jpeg\n";
	FILE *f;
	struct fair_err err = { "" };
	struct framesrc *fs;
	struct framesrc_frame fr;

	(void)state;
	tmp_make(&t);
	tmp_path(&t, "clip.y4m", p, sizeof(p));
	f = fopen(p, "wb");
	assert_non_null(f);
	fputs(hdr, f);
	for (int i = 0; i < 3; i++) {
		fputs(i == 1 ? "FRAME Ixyz\n" : "FRAME\n", f);
		for (int k = 0; k < 8; k++)
			fputc(10 * i + k, f);  /* luma */
		for (int k = 0; k < 4; k++)
			fputc(128, f);         /* 2x1 U and V */
	}
	fclose(f);
	fs = framesrc_open(p, &err);
	assert_non_null(fs);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(framesrc_next(fs, &fr, &err), 1);
		assert_int_equal(fr.w, 4);
		assert_int_equal(fr.h, 2);
		assert_int_equal(fr.gray[0], 10 * i);
		assert_int_equal(fr.gray[7], 10 * i + 7);
		assert_int_equal(fr.due_ms, (int64_t)i * 1000 * 1001 / 30000);
	}
	assert_int_equal(framesrc_next(fs, &fr, &err), 0);
	framesrc_close(fs);
	tmp_remove(&t);
}

static void expect_open_fails(const char *path, const char *words)
{
	struct fair_err err = { "" };

	assert_null(framesrc_open(path, &err));
	if (!strstr(err.msg, words))
		print_error("message '%s' lacks '%s'\n", err.msg, words);
	assert_non_null(strstr(err.msg, words));
}

static void expect_next_fails(const char *path, const char *words)
{
	struct fair_err err = { "" };
	struct framesrc_frame fr;
	struct framesrc *fs = framesrc_open(path, &err);
	int rc;

	assert_non_null(fs);
	do
		rc = framesrc_next(fs, &fr, &err);
	while (rc == 1);
	assert_true(rc < 0);
	if (!strstr(err.msg, words))
		print_error("message '%s' lacks '%s'\n", err.msg, words);
	assert_non_null(strstr(err.msg, words));
	framesrc_close(fs);
}

static void test_bad_input_messages(void **state)
{
	struct tmp t, e;
	char p[256];
	uint8_t px[4] = { 0 };

	(void)state;
	tmp_make(&t);
	tmp_make(&e);
	expect_open_fails("/nonexistent/frames", "no frames at");
	expect_open_fails(e.dir, "no .pgm or .png frames");
	tmp_path(&t, "x.y4m", p, sizeof(p));
	write_file(p, "P5 2 2 255\n", 11);
	expect_open_fails(p, "not an 8-bit YUV4MPEG2");
	write_file(p, "YUV4MPEG2 W640 H480 F30:1 C420p10\n", 34);
	expect_open_fails(p, "not an 8-bit YUV4MPEG2");
	write_file(p, "YUV4MPEG2 W99999 H480 F30:1\n", 28);
	expect_open_fails(p, "at most 4096");
	write_file(p, "YUV4MPEG2 W4 H2 F30:1 Cmono\nFRAME\nabc", 37);
	expect_next_fails(p, "cut short");
	write_file(p, "YUV4MPEG2 W4 H2 F30:1 Cmono\nFRAMX\nabcdefgh", 43);
	expect_next_fails(p, "no FRAME header");
	unlink(p);
	tmp_path(&t, "a.pgm", p, sizeof(p));
	write_file(p, "P5\n2 2\n65535\n", 13);
	expect_next_fails(t.dir, "8-bit PGM");
	write_pgm(p, px, 2, 2, "");
	truncate(p, 12);
	expect_next_fails(t.dir, "a.pgm");
	write_file(p, "P2\n2 2\n255\n0 0 0 0\n", 19);
	expect_next_fails(t.dir, "bad frame");
	unlink(p);
	tmp_path(&t, "b.png", p, sizeof(p));
	write_file(p, "\x89PNG\r\n\x1a\nbroken", 14);
	expect_next_fails(t.dir, "b.png");
	tmp_remove(&t);
	tmp_remove(&e);
}

/* 30 fps: a badge shown for a second, gone for two, shown again; read
 * through framesrc, qrscan and the dedupe exactly as the camera worker
 * does. Two scans, not sixty. */
static void test_badge_clip_counts_twice(void **state)
{
	struct tmp t;
	char p[256], text[QRSCAN_TEXT_MAX + 1];
	const char *tok = "FKTESTCLIPMZXW6YTBOI3DINRWG65DSMFZWK3TUMVZXI2LPN5X";
	struct qr_code code;
	struct scene_qr q;
	uint8_t *img = malloc(640 * 480);
	struct fair_err err = { "" };
	struct framesrc *fs;
	struct framesrc_frame fr;
	struct qrscan *qs = qrscan_new(0);
	struct qrscan_dedupe seen;
	int scans = 0, read_frames = 0;
	size_t len;

	(void)state;
	tmp_make(&t);
	assert_int_equal(qr_encode(tok, &code), 0);
	q.width = code.width;
	q.modules = code.modules;
	for (int i = 0; i < 120; i++) {
		bool shown = i < 30 || i >= 90;

		scene_background(img, 640, 480, 3);
		if (shown)
			scene_place(img, 640, 480, &q, 300 + i % 7,
				    240 + i % 5, 5.0, 10 + i % 4);
		scene_noise(img, 640, 480, 10, (uint32_t)i + 1);
		snprintf(p, sizeof(p), "%s/f%04d.pgm", t.dir, i);
		write_pgm(p, img, 640, 480, "");
	}
	tmp_path(&t, "fps", p, sizeof(p));
	write_file(p, "30", 2);
	fs = framesrc_open(t.dir, &err);
	assert_non_null(fs);
	qrscan_dedupe_init(&seen, QRSCAN_FORGET_MS);
	while (framesrc_next(fs, &fr, &err) == 1) {
		if (qrscan_frame(qs, fr.gray, fr.w, fr.h, fr.w, text,
				 sizeof(text), &len) <= 0 || len == 0)
			continue;
		assert_string_equal(text, tok);
		read_frames++;
		scans += qrscan_dedupe_seen(&seen, text, len, fr.due_ms);
	}
	assert_true(read_frames >= 50);
	assert_int_equal(scans, 2);
	framesrc_close(fs);
	qrscan_free(qs);
	qr_free(&code);
	free(img);
	tmp_remove(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_directory_of_pgm_and_png),
		cmocka_unit_test(test_y4m),
		cmocka_unit_test(test_bad_input_messages),
		cmocka_unit_test(test_badge_clip_counts_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
