/* report_feedback.c: the feedback page of `fairsync report
 * --per-company` (report_feedback.h). Counts and anonymous comments. */
#include <stdio.h>

#include "cli.h"
#include "fair/tourdata.h"
#include "paper.h"
#include "report_feedback.h"

#define M (18 * PAPER_MM)
#define W (PAPER_A4_W - 2 * M)
#define T(ja, en) (english ? (en) : (ja))
#define BOTTOM (PAPER_A4_H - M - 10)
#define LINE_H 15.0     /* lines of one comment */
#define COMMENT_GAP 23.0 /* a comment's last baseline to the next's first */

/* One line of text, never under 8 points (the report's floor): what
 * does not fit is cut with "…" rather than printed too small to read. */
static void put(cairo_t *cr, const char *s, double x, double y, double size,
		double max_w)
{
	paper_text_min(cr, s, x, y, size, 8.0, max_w);
}

/* Shows the page before (the report shows a page when the next one
 * starts), then the page number and the title; returns the title's
 * baseline, with the regular face set. */
static double page_start(cairo_t *cr, cairo_font_face_t *regular,
			 cairo_font_face_t *bold, const char *name,
			 bool english, bool more, int *pages)
{
	char buf[512];

	if ((*pages)++)
		cairo_show_page(cr);
	cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
	cairo_set_font_face(cr, regular);
	snprintf(buf, sizeof(buf), "%d", *pages);
	paper_text_centred(cr, buf, PAPER_A4_W / 2, PAPER_A4_H - M / 2, 9,
			   100);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_face(cr, bold);
	snprintf(buf, sizeof(buf), "%s: %s%s", T("学生からのフィードバック",
						  "Students' feedback"), name,
		 more ? T("（続き）", " (continued)") : "");
	put(cr, buf, M, M + 20, 18, W);
	cairo_set_font_face(cr, regular);
	return M + 20;
}

int report_feedback_page(cairo_t *cr, cairo_font_face_t *regular,
			 cairo_font_face_t *bold, struct store *st,
			 int64_t company_id, const char *name, bool english,
			 int *pages)
{
	struct feedback_summary fs;
	char buf[512];
	double y = M + 20, bw;
	long max = 1;

	if (feedback_summary(st, (uint32_t)company_id, &fs))
		return cli_error("report: cannot read feedback");
	if (!fs.answers)
		return 0;
	page_start(cr, regular, bold, name, english, false, pages);
	y += 28;
	snprintf(buf, sizeof(buf), T("回答 %ld 件", "%ld answers"),
		 fs.answers);
	put(cr, buf, M, y, 12, W);
	y += 30;
	cairo_set_font_face(cr, bold);
	put(cr, T("評価", "Ratings"), M, y, 13, W);
	cairo_set_font_face(cr, regular);
	y += 8;
	for (int k = 1; k <= 5; k++)
		if (fs.rating[k] > max)
			max = fs.rating[k];
	for (int k = 5; k >= 1; k--) {
		y += 20;
		put(cr, tour_rating_label(k), M, y, 11, 120);
		bw = (W - 180) * (double)fs.rating[k] / (double)max;
		cairo_set_source_rgb(cr, 0.25, 0.45, 0.75);
		cairo_rectangle(cr, M + 125, y - 11, bw, 13);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		snprintf(buf, sizeof(buf), "%ld", fs.rating[k]);
		put(cr, buf, M + 130 + bw, y, 11, 50);
	}
	if (fs.ntags) {
		y += 36;
		cairo_set_font_face(cr, bold);
		put(cr, T("タグ", "Tags"), M, y, 13, W);
		cairo_set_font_face(cr, regular);
		y += 4;
		for (int i = 0; i < fs.ntags; i++) {
			y += 18;
			snprintf(buf, sizeof(buf), "%s  %ld", fs.tags[i].tag,
				 fs.tags[i].n);
			put(cr, buf, M + 10, y, 11, W - 10);
		}
	}
	y += 36;
	cairo_set_font_face(cr, bold);
	put(cr, T("コメント（匿名）", "Comments (anonymous)"), M, y, 13,
		   W);
	cairo_set_font_face(cr, regular);
	y += 4;
	if (!fs.ncomments) {
		y += 18;
		put(cr, T("（回答が少ないため載せていません）",
				 "(too few answers to show)"), M + 10, y, 11,
			   W - 10);
	}
	/* each comment whole, wrapped; on the next page if it does not fit */
	for (int i = 0; i < fs.ncomments; i++) {
		const char *c = fs.comments[i];
		int n = paper_text_lines(cr, c, 11, W - 14);
		double h;

		if (n > PAPER_LINES_MAX)
			n = PAPER_LINES_MAX;
		y += i ? COMMENT_GAP : 18;
		if (y + (n - 1) * LINE_H > BOTTOM)
			y = page_start(cr, regular, bold, name, english, true,
				       pages) + 22;
		h = paper_text_wrapped(cr, c, M + 14, y, 11, W - 14, 0,
				       LINE_H);
		cairo_set_source_rgb(cr, 0.7, 0.7, 0.7); /* a quote bar */
		cairo_rectangle(cr, M + 4, y - 10, 1.5, h);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		y += h - LINE_H;
	}
	return 0;
}
