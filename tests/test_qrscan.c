/* test_qrscan.c: badges in camera frames through the real decoder
 * (ZXing-C++ and ZBar behind qrscan): our tokens (libqrencode via qr.h)
 * and badges made by the `qrencode` command, turned 0-45 degrees,
 * blurred, noisy, small; realistic frames of every category of
 * scripts/gen-camera-set.py (dotted modules and dense codes among them,
 * read within a cycle); frames without any QR must never scan, nor codes
 * that are not ASCII text; a badge held in view counts once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "fair/keyscan.h"
#include "fair/qr.h"
#include "fair/qrscan.h"
#include "fair/token.h"
#include "qrscene.h"

#define W 1280
#define H 720

/* A real signed badge token for attendee seed. */
static void make_token(uint32_t seed, char out[TOKEN_TEXT_MAX],
		       uint8_t pk[TOKEN_PK_BYTES])
{
	uint8_t sk[TOKEN_SK_BYTES], key_seed[crypto_sign_SEEDBYTES] = { 42 };
	struct token t = {
		.version = TOKEN_VERSION,
		.role = TOKEN_ROLE_STUDENT,
		.event_id = 0x5eed0001,
		.attendee_id = seed,
		.serial = 1,
	};

	assert_true(sodium_init() >= 0);
	/* A fixed key: the same tokens, so the same images, every run. */
	key_seed[1] = (uint8_t)seed;
	assert_int_equal(crypto_sign_seed_keypair(pk, sk, key_seed), 0);
	assert_int_equal(token_encode(&t, sk, out), 0);
	assert_int_equal(strlen(out), TOKEN_TEXT_LEN);
}

static void fake_token(uint32_t seed, char out[TOKEN_TEXT_MAX])
{
	uint8_t pk[TOKEN_PK_BYTES];

	make_token(seed, out, pk);
}

struct badge {
	struct qr_code code;
	struct scene_qr q;
	uint8_t *cli_mods; /* modules from the qrencode command, or NULL */
};

static void badge_ours(struct badge *b, const char *text)
{
	memset(b, 0, sizeof(*b));
	assert_int_equal(qr_encode(text, &b->code), 0);
	b->q.width = b->code.width;
	b->q.modules = b->code.modules;
}

/* Runs `qrencode` itself: another encoder's choices (ECC L, 8-bit). */
static void badge_cli(struct badge *b, const char *text, char level)
{
	char cmd[1024];
	FILE *p;

	memset(b, 0, sizeof(*b));
	snprintf(cmd, sizeof(cmd), "qrencode -t ASCII -m 0 -l %c -8 -o - "
		 "'%s'", level, text);
	p = popen(cmd, "r");
	assert_non_null(p);
	b->q.width = scene_parse_ascii(p, &b->cli_mods);
	assert_int_equal(pclose(p), 0);
	assert_true(b->q.width >= 21);
	b->q.modules = b->cli_mods;
}

static void badge_free(struct badge *b)
{
	if (b->code.modules)
		qr_free(&b->code);
	free(b->cli_mods);
}

struct look {
	double module, deg;
	int blur, noise;
	int w, h;
	int range;   /* grey levels the frame spans; 0 for full light */
};

/* A frame with the badge (if any) moved dx, dy pixels from its place. */
static uint8_t *frame_moved(const struct badge *b, const struct look *l,
			    uint32_t seed, double dx, double dy)
{
	uint8_t *img = malloc((size_t)l->w * l->h);

	assert_non_null(img);
	scene_background(img, l->w, l->h, seed);
	if (b)
		scene_place(img, l->w, l->h, &b->q, l->w * 0.55 + dx,
			    l->h * 0.5 + dy, l->module, l->deg);
	if (l->range)
		scene_dim(img, l->w, l->h, l->range);
	scene_blur(img, l->w, l->h, l->blur);
	scene_noise(img, l->w, l->h, l->noise, seed + 99);
	return img;
}

static uint8_t *frame_with(const struct badge *b, const struct look *l,
			   uint32_t seed)
{
	return frame_moved(b, l, seed, 0, 0);
}

/* Decodes one frame; returns the count, text in out. */
static int decode(struct qrscan *q, const uint8_t *img, const struct look *l,
		  char *out, size_t *len)
{
	return qrscan_frame(q, img, l->w, l->h, l->w, out, QRSCAN_TEXT_MAX + 1,
			    len);
}

/* Reads one frame: true if it read exactly text. Any other text read is
 * a false scan and fails the test at once. */
static bool try_read_at(struct qrscan *q, const struct badge *b,
			const char *text, const struct look *l, uint32_t seed,
			double dx, double dy)
{
	char out[QRSCAN_TEXT_MAX + 1];
	size_t len;
	uint8_t *img = frame_moved(b, l, seed, dx, dy);
	int n = decode(q, img, l, out, &len);

	free(img);
	if (n > 0)
		assert_string_equal(out, text);
	if (n == 1 && len == strlen(text))
		return true;
	print_message("frame not read: module %.1f px, %.0f deg, blur %d, "
		      "noise %d, %dx%d\n", l->module, l->deg, l->blur,
		      l->noise, l->w, l->h);
	return false;
}

static void expect_read(struct qrscan *q, const struct badge *b,
			const char *text, const struct look *l, uint32_t seed)
{
	assert_true(try_read_at(q, b, text, l, seed, 0, 0));
}

/* A badge held up for three frames: a hand moves it a few pixels, turns
 * it a degree and brings it a little closer between frames, and the
 * noise differs. At least one must read. Returns frames not read. */
static int expect_held(struct qrscan *q, const struct badge *b,
		       const char *text, const struct look *l, uint32_t seed)
{
	int missed = 0;

	for (uint32_t f = 0; f < 3; f++) {
		struct look m = *l;

		m.deg += f == 1 ? 1.0 : f == 2 ? -1.0 : 0.0;
		m.module *= 1.0 + 0.03 * f;
		missed += !try_read_at(q, b, text, &m, seed * 3 + f, 3.0 * f,
				       -2.0 * f);
	}
	assert_true(missed < 3);
	return missed;
}

/* Our badge tokens at every tilt 0-45 degrees, noisy and a bit soft, on a
 * 720p frame at the automatic scale (2x downscale). */
static void test_tokens_every_angle(void **state)
{
	struct qrscan *q = qrscan_new(0);
	struct badge b;
	char tok[TOKEN_TEXT_MAX];
	int missed = 0;

	(void)state;
	assert_non_null(q);
	for (int deg = 0; deg <= 45; deg++) {
		struct look l = { 6.0, deg, 1, 12, W, H, 0 };

		fake_token((uint32_t)deg, tok);
		badge_ours(&b, tok);
		missed += expect_held(q, &b, tok, &l, (uint32_t)deg + 1);
		badge_free(&b);
	}
	/* Single frames may miss at 3 px modules; rarely. */
	print_message("frames not read: %d of %d\n", missed, 46 * 3);
	assert_true(missed <= 46 * 3 / 10);
	qrscan_free(q);
}

/* Token -> QR (libqrencode) -> frame -> ZBar -> verified token. */
static void test_token_round_trip(void **state)
{
	struct qrscan *q = qrscan_new(0);
	struct token_keys keys = { .n = 1 };
	struct look l = { 6.0, 33, 1, 12, W, H, 0 };
	char tok[TOKEN_TEXT_MAX], out[QRSCAN_TEXT_MAX + 1];
	struct badge b;
	struct token t;
	uint8_t *img;
	size_t len;

	(void)state;
	make_token(4242, tok, keys.pk[0]);
	badge_ours(&b, tok);
	img = frame_with(&b, &l, 1);
	assert_int_equal(decode(q, img, &l, out, &len), 1);
	assert_int_equal(token_check(out, len, 0x5eed0001, &keys, &t, NULL),
			 TOKEN_OK);
	assert_int_equal(t.attendee_id, 4242);
	free(img);
	badge_free(&b);
	qrscan_free(q);
}

/* The scanner self-test code survives the camera path byte for byte. */
static void test_self_test_code(void **state)
{
	struct qrscan *q = qrscan_new(0);
	struct look l = { 8.0, 20, 1, 10, W, H, 0 };
	struct badge b;

	(void)state;
	badge_ours(&b, keyscan_test_text());
	expect_held(q, &b, keyscan_test_text(), &l, 3);
	badge_free(&b);
	qrscan_free(q);
}

/* Badges made by the qrencode command at every ECC level, in 8-bit mode:
 * the exact bytes come back. */
static void test_qrencode_cli_badges(void **state)
{
	const char *texts[] = {
		"FKMZXW6YTBOI3DINRWG65DSMFZWK3TUMVZXI2LPN5XW4IDUNBSSA3DB",
		"]Q1fkabcdefghijklmnopqrstuvwxyz234567",
		"https://example.jp/fair?id=42&x=1",
	};
	const char levels[] = "LMQH";
	struct qrscan *q = qrscan_new(0);
	struct badge b;

	(void)state;
	assert_non_null(q);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (int k = 0; k < 4; k++) {
			struct look l = { 7.0, 15.0 * k, 1, 10, W, H, 0 };

			badge_cli(&b, texts[i], levels[k]);
			expect_held(q, &b, texts[i], &l, (uint32_t)(i * 4 + k));
			badge_free(&b);
		}
	}
	qrscan_free(q);
}

/* A code that is not ASCII text (UTF-8 Japanese, or raw bytes) is never
 * ours: it is dropped in the decoder, never fed on as text, in every pass
 * (a whole cycle of frames). */
static void test_non_ascii_dropped(void **state)
{
	const char *texts[] = {
		"\xe5\x8f\x97\xe4\xbb\x98\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88 "
		"\xe5\xb2\x90\xe9\x98\x9c\xe5\x90\x88\xe5\x90\x8c\xe4\xbc\x81"
		"\xe6\xa5\xad\xe8\xaa\xac\xe6\x98\x8e\xe4\xbc\x9a",
		"FK\x82\xa0" "ABC",
	};
	struct qrscan *q = qrscan_new(0);
	char out[QRSCAN_TEXT_MAX + 1];
	struct look l = { 7.0, 10.0, 1, 4, W, H, 0 };
	struct badge b;
	size_t len;

	(void)state;
	assert_non_null(q);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		uint8_t *img;

		badge_cli(&b, texts[i], 'M');
		img = frame_with(&b, &l, (uint32_t)i + 7);
		for (int k = 0; k < QRSCAN_CYCLE; k++) {
			assert_int_equal(decode(q, img, &l, out, &len), 0);
			assert_int_equal(len, 0);
			assert_string_equal(out, "");
		}
		free(img);
		badge_free(&b);
	}
	qrscan_free(q);
}

/* Blur and heavy noise within reason still read. */
static void test_blur_and_noise(void **state)
{
	struct qrscan *q = qrscan_new(0);
	struct badge b;
	char tok[TOKEN_TEXT_MAX];
	const struct look looks[] = {
		{ 6.0, 10, 2, 8, W, H, 0 },
		{ 6.0, 30, 0, 30, W, H, 0 },
		{ 8.0, 45, 3, 20, W, H, 0 },
	};

	(void)state;
	fake_token(77, tok);
	badge_ours(&b, tok);
	for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
		expect_held(q, &b, tok, &looks[i], (uint32_t)i + 40);
	badge_free(&b);
	qrscan_free(q);
}

/* Dim light: the badge's black and white only 70 levels apart (a third of
 * full light) and the noise as strong relative to it. The 16 grey levels
 * ZBar is given (qrscan_flatten) must still keep its modules apart. */
static void test_dim_light(void **state)
{
	struct qrscan *q = qrscan_new(0);
	struct badge b;
	char tok[TOKEN_TEXT_MAX];
	const struct look looks[] = {
		{ 6.0, 0, 1, 4, W, H, 90 },
		{ 6.0, 20, 1, 4, W, H, 90 },
		{ 6.0, 45, 1, 4, W, H, 90 },
		{ 3.0, 30, 0, 4, 640, 480, 90 },
	};

	(void)state;
	fake_token(78, tok);
	badge_ours(&b, tok);
	for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
		expect_held(q, &b, tok, &looks[i], (uint32_t)i + 60);
	badge_free(&b);
	qrscan_free(q);
}

/* Small modules: 3 px on a 640x480 camera (no downscale) reads; 2.5 px on
 * a 720p frame is below what the 2x downscale keeps, but reads at scale 1:
 * the documented trade-off for badges far from the camera. */
static void test_small_modules(void **state)
{
	struct qrscan *autoq = qrscan_new(0), *full = qrscan_new(1);
	struct badge b;
	char tok[TOKEN_TEXT_MAX], out[QRSCAN_TEXT_MAX + 1];
	struct look vga = { 3.0, 20, 0, 8, 640, 480, 0 };
	struct look far = { 2.5, 0, 0, 6, W, H, 0 };
	uint8_t *img;
	size_t len;

	(void)state;
	fake_token(5, tok);
	badge_ours(&b, tok);
	expect_read(autoq, &b, tok, &vga, 3);
	img = frame_with(&b, &far, 4);
	assert_true(decode(autoq, img, &far, out, &len) <= 0 ||
		    strcmp(out, tok) == 0);
	assert_int_equal(decode(full, img, &far, out, &len), 1);
	assert_string_equal(out, tok);
	free(img);
	badge_free(&b);
	qrscan_free(autoq);
	qrscan_free(full);
}

/* Busy frames with no QR never scan, at either scale. */
static void test_no_false_scans(void **state)
{
	struct qrscan *q = qrscan_new(0), *full = qrscan_new(1);
	char out[QRSCAN_TEXT_MAX + 1];
	size_t len;

	(void)state;
	for (uint32_t seed = 1; seed <= 60; seed++) {
		struct look l = { 0, 0, (int)(seed % 3), (int)(seed % 40), W,
				  H, 0 };
		uint8_t *img = frame_with(NULL, &l, seed * 31);

		assert_int_equal(decode(q, img, &l, out, &len), 0);
		assert_int_equal(len, 0);
		if (seed % 6 == 0)
			assert_int_equal(decode(full, img, &l, out, &len), 0);
		free(img);
	}
	qrscan_free(q);
	qrscan_free(full);
}

/* Half a badge (cut off by the frame edge) gives no scan, not a wrong one. */
static void test_cut_badge_no_wrong_text(void **state)
{
	struct qrscan *q = qrscan_new(0);
	struct badge b;
	char tok[TOKEN_TEXT_MAX], out[QRSCAN_TEXT_MAX + 1];
	struct look l = { 6.0, 0, 1, 10, W, H, 0 };
	uint8_t *img = malloc((size_t)W * H);
	size_t len;

	(void)state;
	fake_token(9, tok);
	badge_ours(&b, tok);
	scene_background(img, W, H, 5);
	scene_place(img, W, H, &b.q, W - 40, H / 2, l.module, 0);
	scene_noise(img, W, H, 10, 6);
	assert_int_equal(decode(q, img, &l, out, &len), 0);
	free(img);
	badge_free(&b);
	qrscan_free(q);
}

/* Rows padded (a camera's stride wider than the image): same result at
 * both scales. */
static void test_padded_stride(void **state)
{
	struct qrscan *q[2] = { qrscan_new(0), qrscan_new(1) };
	struct look l = { 5.0, 15, 1, 8, 640, 480, 0 };
	char tok[TOKEN_TEXT_MAX], out[QRSCAN_TEXT_MAX + 1];
	const int stride = 700;
	uint8_t *img, *padded = malloc((size_t)stride * 480);
	struct badge b;
	size_t len;

	(void)state;
	fake_token(21, tok);
	badge_ours(&b, tok);
	img = frame_with(&b, &l, 8);
	memset(padded, 0, (size_t)stride * 480);
	for (int y = 0; y < 480; y++)
		memcpy(padded + (size_t)y * stride, img + (size_t)y * 640, 640);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(qrscan_frame(q[i], padded, 640, 480, stride,
					      out, sizeof(out), &len), 1);
		assert_string_equal(out, tok);
		qrscan_free(q[i]);
	}
	free(img);
	free(padded);
	badge_free(&b);
}

static void test_bad_frames(void **state)
{
	struct qrscan *q = qrscan_new(0);
	uint8_t px[64] = { 0 };
	char out[8];
	size_t len = 99;

	(void)state;
	assert_int_equal(qrscan_frame(q, px, 0, 8, 8, out, sizeof(out), &len),
			 -1);
	assert_int_equal(len, 0);
	assert_int_equal(qrscan_frame(q, px, 8, 8, 4, out, sizeof(out), &len),
			 -1);
	assert_int_equal(qrscan_frame(q, px, 99999, 1, 99999, out,
				      sizeof(out), &len), -1);
	/* A tiny frame is read at scale 1 rather than shrunk to nothing. */
	assert_int_equal(qrscan_frame(q, px, 8, 8, 8, out, sizeof(out), &len),
			 0);
	qrscan_free(q);
}

/* A payload longer than out can hold is not cut short: not copied. */
static void test_payload_too_big_for_buffer(void **state)
{
	struct qrscan *q = qrscan_new(1);
	struct badge b;
	char tok[TOKEN_TEXT_MAX], out[32];
	uint8_t *img;
	struct look l = { 4.0, 0, 0, 0, 640, 480, 0 };
	size_t len;

	(void)state;
	fake_token(11, tok);
	badge_ours(&b, tok);
	img = frame_with(&b, &l, 2);
	assert_int_equal(qrscan_frame(q, img, 640, 480, 640, out, sizeof(out),
				      &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(img);
	badge_free(&b);
	qrscan_free(q);
}

static void test_downscale(void **state)
{
	const uint8_t src[] = {
		0, 4, 100, 100, 9,
		8, 4, 100, 104, 9,
		1, 1, 1, 1, 1,
	};
	uint8_t d2[2], d3[1];

	(void)state;
	qrscan_downscale(src, 4, 2, 5, 2, d2);
	assert_int_equal(d2[0], 4);
	assert_int_equal(d2[1], 101);
	qrscan_downscale(src, 3, 3, 5, 3, d3);
	assert_int_equal(d3[0], (0 + 4 + 100 + 8 + 4 + 100 + 1 + 1 + 1 + 4) /
			 9);
	assert_int_equal(qrscan_auto_scale(1280, 720), 2);
	assert_int_equal(qrscan_auto_scale(1920, 1080), 3);
	assert_int_equal(qrscan_auto_scale(640, 480), 1);
	assert_int_equal(qrscan_auto_scale(7680, 4320), 4);
}

/* Realistic frames from scripts/gen-camera-set.py (the set bench_qrscan
 * measures; docs/scanners.md), one representative per category, each shown
 * for QRSCAN_CYCLE frames as a camera would: it must be read, exactly.
 * Where one exists, the frame picked is one that only a later pass reads
 * (bench_qrscan with BENCH_QRSCAN_LIST=1 lists what each decoder reads):
 * tilted, curved, motion-blurred, out of focus, glare, low contrast,
 * coloured ink, phone screen, dark mode, JPEG-compressed, uneven light;
 * and those only ZBar reads (dotted modules, a dense code filling half the
 * frame's height, a glossy band, a finger over a finder) or only ZXing at
 * full size (a small code). Frames without a code read nothing. */
#define CAMSET_PICK "plain:0,perspective:4,curved:0,motion:0,focus:0," \
	"light:1,lowcontrast:12,colour:4,phone:7,dark:1,finger:12," \
	"small:11,noise:0,dotted:9,dense:9,jpeg:3,uneven:13,glossy:5," \
	"empty:0,empty:1,empty:2"
#define CAMSET_FRAMES 21

static uint8_t *read_pgm(const char *path, int *w, int *h)
{
	FILE *f = fopen(path, "rb");
	uint8_t *px;
	int max;

	assert_non_null(f);
	assert_int_equal(fscanf(f, "P5 %d %d %d", w, h, &max), 3);
	assert_true(fgetc(f) != EOF);
	px = malloc((size_t)*w * (size_t)*h);
	assert_non_null(px);
	assert_int_equal(fread(px, 1, (size_t)*w * (size_t)*h, f),
			 (size_t)*w * (size_t)*h);
	fclose(f);
	return px;
}

static void test_camera_set(void **state)
{
	char dir[] = "/tmp/test_qrscan.XXXXXX", cmd[512], line[1024];
	char cat[32], file[128], text[QRSCAN_TEXT_MAX], path[256];
	char out[QRSCAN_TEXT_MAX + 1];
	struct qrscan *q = qrscan_new(0);
	int frames = 0, missed = 0;
	FILE *m;

	(void)state;
	assert_non_null(q);
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 scripts/gen-camera-set.py "
		 "set '%s' --pick %s", dir, CAMSET_PICK);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/manifest.txt", dir);
	m = fopen(path, "r");
	assert_non_null(m);
	while (fgets(line, sizeof(line), m)) {
		bool none, got = false;
		uint8_t *px;
		size_t len;
		int w, h;

		assert_int_equal(sscanf(line, "%31s %127s %511s", cat, file,
					text), 3);
		none = strcmp(text, "-") == 0;
		snprintf(path, sizeof(path), "%s/%s", dir, file);
		px = read_pgm(path, &w, &h);
		for (int k = 0; k < QRSCAN_CYCLE; k++) {
			int n = qrscan_frame(q, px, w, h, w, out, sizeof(out),
					     &len);

			if (n != 1)
				continue;
			/* a read is the frame's own text, or a failure */
			assert_false(none);
			assert_string_equal(out, text);
			got = true;
		}
		if (!none && !got) {
			print_message("not read: %s (%s)\n", file, cat);
			missed++;
		}
		frames++;
		free(px);
	}
	fclose(m);
	assert_int_equal(frames, CAMSET_FRAMES);
	assert_int_equal(missed, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	qrscan_free(q);
}

static void test_held_badge_counts_once(void **state)
{
	struct qrscan_dedupe d;
	int64_t t = 1000;
	int scans = 0;

	(void)state;
	qrscan_dedupe_init(&d, 0);
	/* Held for 3 s, unreadable in every fifth frame (motion blur). */
	for (int f = 0; f < 90; f++, t += 33)
		if (f % 5 != 4)
			scans += qrscan_dedupe_seen(&d, "FKA", 3, t);
	assert_int_equal(scans, 1);
	/* Taken away for 2 s, shown again: a new scan. */
	t += 2000;
	assert_true(qrscan_dedupe_seen(&d, "FKA", 3, t));
	assert_false(qrscan_dedupe_seen(&d, "FKA", 3, t + 33));
	/* Away just under the forget time: still the same showing. */
	assert_false(qrscan_dedupe_seen(&d, "FKA", 3,
					t + 33 + QRSCAN_FORGET_MS - 1));
}

static void test_two_badges_each_once(void **state)
{
	struct qrscan_dedupe d;
	int64_t t = 0;
	int a = 0, b = 0, c = 0;

	(void)state;
	qrscan_dedupe_init(&d, 1000);
	/* Two friends hold badges up together, the reader alternates. */
	for (int f = 0; f < 60; f++, t += 33) {
		a += qrscan_dedupe_seen(&d, "FKA", 3, t);
		b += qrscan_dedupe_seen(&d, "FKB", 3, t);
	}
	assert_int_equal(a, 1);
	assert_int_equal(b, 1);
	/* More badges than slots: the oldest is forgotten, never a crash. */
	for (int i = 0; i < 3 * QRSCAN_DEDUPE_SLOTS; i++) {
		char s[8];

		snprintf(s, sizeof(s), "FK%d", i);
		c += qrscan_dedupe_seen(&d, s, strlen(s), t);
	}
	assert_int_equal(c, 3 * QRSCAN_DEDUPE_SLOTS);
	assert_false(qrscan_dedupe_seen(&d, "", 0, t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_every_angle),
		cmocka_unit_test(test_token_round_trip),
		cmocka_unit_test(test_self_test_code),
		cmocka_unit_test(test_qrencode_cli_badges),
		cmocka_unit_test(test_non_ascii_dropped),
		cmocka_unit_test(test_blur_and_noise),
		cmocka_unit_test(test_dim_light),
		cmocka_unit_test(test_small_modules),
		cmocka_unit_test(test_no_false_scans),
		cmocka_unit_test(test_cut_badge_no_wrong_text),
		cmocka_unit_test(test_padded_stride),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_payload_too_big_for_buffer),
		cmocka_unit_test(test_downscale),
		cmocka_unit_test(test_camera_set),
		cmocka_unit_test(test_held_badge_counts_once),
		cmocka_unit_test(test_two_badges_each_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
