/* layout_survey.c: SCREEN_SURVEY, one question a page: the title (before
 * or after the training) with the page number, the question, its answers
 * as buttons (1-5 with the ends named, or the choices) and とばす. Widgets
 * only; layout.c sets their text and checks them as every screen's. */
#include <stdio.h>

#include "brain_survey.h"
#include "layout_int.h"

/* The answers: a row of 1-5 with the ends named, or the choices (two
 * columns when there are more than three: labels run long). */
static void answers(const struct brain *b, struct frame *f,
		    const struct survey_question *q, double top)
{
	int n = q->type == SURVEY_SCALE5 ? 5 : q->nchoices;
	int cols = q->type == SURVEY_SCALE5 || n <= 3 ? n : 2;
	int rows = (n + cols - 1) / cols;
	double h = q->type == SURVEY_SCALE5 || rows == 1 ? 0.26
		   : (1 - top) / rows;
	char label[16];

	for (int i = 0; i < n; i++) {
		snprintf(label, sizeof(label), "%d", i + 1);
		frame_put(f, 0.02 + 0.96 * (i % cols) / cols,
			  top + h * (i / cols), 0.96 / cols, h, W_BUTTON,
			  ST_PRIMARY, BTN_RATING, i + 1,
			  q->type == SURVEY_SCALE5 ? label : q->choice[i]);
	}
	if (q->type != SURVEY_SCALE5)
		return;
	frame_title(f, 0.02, top + h, 0.38, 0.09, DS_CAPTION, ST_MUTED,
		    str_get(STR_SV_LOW, b->lang));
	frame_title(f, 0.6, top + h, 0.38, 0.09, DS_CAPTION, ST_MUTED,
		    str_get(STR_SV_HIGH, b->lang));
}

/* The header band: a touch target tall, as every screen's. */
void layout_survey(const struct brain *b, struct layout *out, int gap)
{
	const struct survey *s = &b->cfg.survey;
	const struct survey_question *q;
	struct frame f = { b, out, gap };
	double hh = (double)(out->ds.target_px + 2 * gap) / out->height;
	double sw = out->width >= out->height ? 0.22 : 0.32, qh, top;
	char head[160];
	int i = b->sv_q < s->n ? b->sv_q : s->n - 1;

	snprintf(head, sizeof(head), "%s  %d / %d",
		 str_get(b->cfg.survey_dir > 0 ? STR_SV_BEFORE : STR_SV_AFTER,
			 b->lang), i + 1, s->n);
	frame_put(&f, 0, 0, 1, hh, W_FILL, ST_HEADER, BTN_NONE, 0, "");
	frame_title(&f, 0.03, 0, 0.95 - sw, hh, DS_TITLE, ST_HEADER, head);
	frame_put(&f, 1 - sw, 0, sw, hh, W_BUTTON, ST_PLAIN, BTN_SKIP, 0,
		  str_get(STR_SV_SKIP, b->lang));
	if (i < 0)
		return; /* no question: never shown, but never empty */
	q = &s->q[i];
	/* the question: at least two lines one size down (a 7" screen) */
	qh = (double)(design_text_height(out->ds.type_px[DS_BODY], 2) + 1) /
	     out->height;
	qh = qh > 0.29 - hh ? qh : 0.29 - hh;
	frame_title(&f, 0.04, hh + 0.01, 0.92, qh, DS_TITLE, ST_SURFACE,
		    q->text);
	top = hh + 0.02 + qh;
	answers(b, &f, q, q->type == SURVEY_SCALE5 ? (top > 0.4 ? top : 0.4)
						   : top);
}
