/* test_paper.c: wrapped text of the PDFs (src/fairsync/paper.c, compiled
 * in: it is part of fairsync, not libfair), measured by cairo in the real
 * Japanese font paper_font() finds, on a real image surface. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/fairsync/paper.c"

/* A student's comment of 120 characters, with 、。（） to keep out of
 * line starts and ends. */
static const char comment[] =
	"説明が大変分かりやすく、社員の方の話から仕事内容がよく分かりまし"
	"た。工場見学では実際の製造ラインを見せていただき（特に検査工程）、"
	"品質へのこだわりを感じました。質問にも丁寧に答えていただき、働く"
	"イメージが持てました。ありがとうございました。";

struct fixture {
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_font_face_t *face;
};

static int setup(void **state)
{
	static struct fixture f;
	const char *why = "";

	f.face = paper_font(false, &why);
	if (!f.face) {
		print_error("no Japanese font: %s\n", why);
		return -1;
	}
	f.s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 800);
	f.cr = cairo_create(f.s);
	cairo_set_font_face(f.cr, f.face);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)		/* setup found no font: nothing to free */
		return 0;
	cairo_destroy(f->cr);
	cairo_surface_destroy(f->s);
	cairo_font_face_destroy(f->face);
	paper_release();
	return 0;
}

static void clear(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
}

static bool starts(const char *line, const char *const *set)
{
	for (int k = 0; set[k]; k++)
		if (!strncmp(line, set[k], strlen(set[k])))
			return true;
	return false;
}

static bool ends(const char *line, const char *const *set)
{
	size_t n = strlen(line);

	for (int k = 0; set[k]; k++) {
		size_t m = strlen(set[k]);

		if (n >= m && !memcmp(line + n - m, set[k], m))
			return true;
	}
	return false;
}

/* Wraps s at many widths: no line starts with a closing mark or ends with
 * an opening one, every line fits (or is one character), and the lines
 * put back together are the text (spaces at the breaks left out). */
static void wrap_widths(cairo_t *cr, const char *s, double size)
{
	static const char *const closing[] = { "。", "、", "）", "」", "ー",
					       "ッ", "ょ", ".", ",", ")", " ",
					       NULL };
	static const char *const opening[] = { "（", "「", "(", NULL };
	struct lb_line ln[PAPER_LINES_MAX];
	char line[LINEBREAK_TEXT_MAX + 1], all[LINEBREAK_TEXT_MAX + 1];
	char want[LINEBREAK_TEXT_MAX + 1];
	size_t k = 0;

	for (const char *p = s; *p; p++)
		if (*p != ' ')
			want[k++] = *p;
	want[k] = '\0';
	cairo_set_font_size(cr, size);
	for (double w = 3 * size; w < 40 * size; w += size * 0.7) {
		int n = paper_wrap(cr, s, w, ln, PAPER_LINES_MAX);
		size_t len = 0;

		assert_true(n >= 1 && n <= PAPER_LINES_MAX);
		assert_int_equal(n, paper_text_lines(cr, s, size, w));
		for (int i = 0; i < n; i++) {
			snprintf(line, sizeof(line), "%.*s", (int)ln[i].len,
				 s + ln[i].start);
			if (i > 0 && starts(line, closing))
				fail_msg("width %.0f: line %d '%s' starts "
					 "with a closing mark", w, i, line);
			if (i < n - 1 && ends(line, opening))
				fail_msg("width %.0f: line %d '%s' ends with "
					 "an opening mark", w, i, line);
			if (text_w(cr, line) > w + 0.01 &&
			    strlen(line) > 4)
				fail_msg("width %.0f: '%s' is %.1f wide", w,
					 line, text_w(cr, line));
			for (const char *p = line; *p; p++)
				if (*p != ' ')
					all[len++] = *p;
		}
		all[len] = '\0';
		assert_string_equal(all, want);
	}
}

static void test_kinsoku_whole_text(void **state)
{
	struct fixture *f = *state;

	wrap_widths(f->cr, comment, 11);
	wrap_widths(f->cr, "「印刷」を押すとバッジが出ます。スタッフ（受付）"
		    "にお声がけください。", 9);
	wrap_widths(f->cr, "Students' feedback on the company visit (day "
		    "two) was very positive, overall.", 10);
}

/* A katakana word is never split while a phrase break fits. */
static void test_words_kept(void **state)
{
	struct fixture *f = *state;
	const char *s = "受付ではスタッフにお声がけください。イベントの"
			"バッジをお持ちください。";
	struct lb_line ln[PAPER_LINES_MAX];
	const char *const words[] = { "スタッフ", "イベント", "バッジ",
				      NULL };

	cairo_set_font_size(f->cr, 10);
	for (double w = 50; w < 200; w += 3) {
		int n = paper_wrap(f->cr, s, w, ln, PAPER_LINES_MAX);
		char text[1024] = "";

		for (int i = 0; i < n; i++) {
			size_t at = strlen(text);

			snprintf(text + at, sizeof(text) - at, "%.*s|",
				 (int)ln[i].len, s + ln[i].start);
		}
		for (int k = 0; words[k]; k++)
			if (!strstr(text, words[k]))
				fail_msg("width %.0f: '%s' split: %s", w,
					 words[k], text);
	}
}

/* Columns and rows with ink: the box of what was drawn. */
struct ink {
	int x0, x1, y0, y1;
};

static struct ink ink_box(cairo_surface_t *s)
{
	struct ink b = { 10000, -1, 10000, -1 };
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *px;

	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t v = *(const uint32_t *)(const void *)
				     (px + (size_t)y * (size_t)stride +
				      (size_t)x * 4);

			if ((v & 0xffffff) == 0xffffff)
				continue;
			if (x < b.x0)
				b.x0 = x;
			if (x > b.x1)
				b.x1 = x;
			if (y < b.y0)
				b.y0 = y;
			if (y > b.y1)
				b.y1 = y;
		}
	return b;
}

/* Unlimited lines: the whole comment at its size, inside the box. */
static void test_drawn_whole(void **state)
{
	struct fixture *f = *state;
	int n = paper_text_lines(f->cr, comment, 11, 200);
	double h;
	struct ink b;

	assert_true(n >= 5);
	clear(f->cr);
	h = paper_text_wrapped(f->cr, comment, 50, 100, 11, 200, 0, 15);
	assert_float_equal(h, n * 15.0, 1e-9);
	b = ink_box(f->s);
	assert_true(b.x0 >= 50 && b.x1 <= 251);
	assert_true(b.y0 >= 100 - 11 && b.y1 <= 100 + h);
	/* the lines are at least half full: wrapped, not one per word */
	assert_true(b.x1 > 200);
}

/* Too many lines for max_lines: smaller, never cut while half size does;
 * beyond that the last line ends in an ellipsis, still inside the box. */
static void test_shrink_then_ellipsis(void **state)
{
	struct fixture *f = *state;
	const char *s = "ぎふ シゴトリップ 2026 冬の合同企業説明会と"
			"インターンシップ体験ツアー";
	int n3 = paper_text_lines(f->cr, s, 10, 150);
	double h;
	struct ink b;

	assert_int_equal(n3, 3);
	clear(f->cr);
	h = paper_text_wrapped_centred(f->cr, s, 300, 100, 10, 150, 2, 12);
	assert_true(h < 24 && h >= 12); /* two lines, a smaller size */
	b = ink_box(f->s);
	assert_true(b.x0 >= 225 - 1 && b.x1 <= 375 + 1);
	assert_true(abs((b.x0 + b.x1) / 2 - 300) <= 6); /* centred */
	assert_true(b.y1 <= 100 + h);

	/* 120 characters on one short line: half size, then the ellipsis */
	clear(f->cr);
	h = paper_text_wrapped(f->cr, comment, 10, 50, 10, 120, 1, 12);
	assert_true(h <= 6.01);
	b = ink_box(f->s);
	assert_true(b.x0 >= 10 && b.x1 <= 131);
}

/* The ellipsis line: the line's own text cut until it and the "…" fit. */
static void test_last_line(void **state)
{
	struct fixture *f = *state;
	struct lb_line ln[4];
	char buf[LINEBREAK_TEXT_MAX + 4];
	size_t n;

	cairo_set_font_size(f->cr, 10);
	assert_true(paper_wrap(f->cr, comment, 100, ln, 4) > 4);
	last_line(f->cr, comment, &ln[0], 100, buf);
	n = strlen(buf);
	assert_true(n > 3 && !strcmp(buf + n - 3, "…"));
	assert_true(text_w(f->cr, buf) <= 100);
	assert_memory_equal(buf, comment, n - 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinsoku_whole_text),
		cmocka_unit_test(test_words_kept),
		cmocka_unit_test(test_drawn_whole),
		cmocka_unit_test(test_shrink_then_ellipsis),
		cmocka_unit_test(test_last_line),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
