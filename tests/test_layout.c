/* test_layout.c: every screen on four resolutions: inside the screen, no
 * overlapping touch targets, targets big enough for a finger, text at
 * least DS_MIN_TEXT_MM tall that fits its box and overlaps no other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fair/layout.h"
#include "fair/linebreak.h"

/* The screens we expect, with the physical size assumed for each. */
static const struct {
	int w, h;
	double px_per_mm; /* 7" 800x480, 10.1" 1280x800, 21.5" 1080p */
} screens[] = {
	{ 1920, 1080, 4.03 },
	{ 1080, 1920, 4.03 },
	{ 1280, 800, 5.88 },
	{ 800, 480, 5.25 },
};

static bool overlap(const struct lrect *a, const struct lrect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	       a->y < b->y + b->h && b->y < a->y + a->h;
}

static bool inside_rect(const struct lrect *in, const struct lrect *out)
{
	return in->x >= out->x && in->y >= out->y &&
	       in->x + in->w <= out->x + out->w &&
	       in->y + in->h <= out->y + out->h;
}

static bool is_text(const struct widget *w)
{
	return w->text[0] && w->kind != W_FILL && w->kind != W_QR &&
	       w->kind != W_PREVIEW && w->kind != W_IMAGE &&
	       w->kind != W_ICON;
}

/* What a widget really covers: its lines for text, else its box. */
static struct lrect content(const struct widget *w)
{
	return is_text(w) ? w->text_r : w->r;
}

/* Text and pictures never hide under (or over) a touch target, nor under
 * other text or pictures. */
static void check_label(const struct layout *l, int i, const char *what)
{
	const struct widget *w = &l->w[i];
	struct lrect c = content(w);

	if (w->kind == W_FILL || (is_text(w) && !w->n_lines))
		return;
	for (int j = 0; j < l->n; j++) {
		const struct widget *o = &l->w[j];
		struct lrect oc = content(o);

		if (widget_tappable(o) && overlap(&c, &o->r))
			fail_msg("%s %dx%d: text '%s' under '%s'", what,
				 l->width, l->height, w->text, o->text);
		if (j > i && !widget_tappable(o) && o->kind != W_FILL &&
		    oc.w > 0 && overlap(&c, &oc))
			fail_msg("%s %dx%d: '%s' overlaps '%s'", what,
				 l->width, l->height, w->text, o->text);
	}
}

/* Text is set at a size of the scale, never under the minimum, and its
 * lines (and icon) fit inside its widget, none cut. */
static void check_text(const struct layout *l, const struct widget *w,
		       double ppm, const char *what)
{
	if (!is_text(w))
		return;
	if (!w->n_lines && w->icon != ICON_NONE && w->icon_r.w > 0 &&
	    inside_rect(&w->icon_r, &w->r))
		return; /* too long even at the minimum: the icon alone */
	if (w->px < DS_MIN_TEXT_MM * ppm - 0.5)
		fail_msg("%s %dx%d: '%s' is %d px, under %.0f mm", what,
			 l->width, l->height, w->text, w->px, DS_MIN_TEXT_MM);
	if (w->clipped || w->n_lines < 1)
		fail_msg("%s %dx%d: '%s' does not fit (%d px, %d lines)",
			 what, l->width, l->height, w->text, w->px,
			 w->n_lines);
	if (!inside_rect(&w->text_r, &w->r) ||
	    design_text_height(w->px, w->n_lines) > w->text_r.h)
		fail_msg("%s %dx%d: '%s' lines outside their box", what,
			 l->width, l->height, w->text);
	for (int i = 0; i < w->n_lines; i++)
		if (design_text_width(w->text + w->line[i].start,
				      w->line[i].len, w->px) > w->text_r.w)
			fail_msg("%s %dx%d: '%s' line %d too wide", what,
				 l->width, l->height, w->text, i);
	if (w->icon_r.w && !inside_rect(&w->icon_r, &w->r))
		fail_msg("%s %dx%d: '%s' icon outside", what, l->width,
			 l->height, w->text);
}

/* Labels of one kind and one asked size share their size (a header band's
 * apart from the screen's). */
static void check_siblings(const struct layout *l, const char *what)
{
	for (int i = 0; i < l->n; i++)
		for (int j = i + 1; j < l->n; j++)
			if (is_text(&l->w[i]) && is_text(&l->w[j]) &&
			    l->w[i].n_lines && l->w[j].n_lines &&
			    l->w[i].kind == l->w[j].kind &&
			    l->w[i].type == l->w[j].type &&
			    (l->w[i].style == ST_HEADER) ==
				    (l->w[j].style == ST_HEADER) &&
			    l->w[i].px != l->w[j].px)
				fail_msg("%s %dx%d: '%s' %d px, '%s' %d px",
					 what, l->width, l->height,
					 l->w[i].text, l->w[i].px,
					 l->w[j].text, l->w[j].px);
}

static void check_layout(const struct brain *b, const char *what)
{
	static struct layout l;
	struct layout_info info = { .now = 1000, .wall_ms = 1790000000000,
				    .utc_offset_min = 540, .status = "",
				    .has_camera = true };

	for (size_t s = 0; s < sizeof(screens) / sizeof(screens[0]); s++) {
		int W = screens[s].w, H = screens[s].h;
		double ppm = screens[s].px_per_mm;

		info.px_per_mm = ppm;
		layout_build(b, &info, W, H, &l);
		assert_true(l.n > 0);
		check_siblings(&l, what);
		for (int i = 0; i < l.n; i++) {
			const struct widget *w = &l.w[i];
			double mm = w->kind == W_KEY ? LAYOUT_MIN_KEY_MM
						     : LAYOUT_MIN_TARGET_MM;

			if (w->r.x < 0 || w->r.y < 0 || w->r.w <= 0 ||
			    w->r.h <= 0 || w->r.x + w->r.w > W ||
			    w->r.y + w->r.h > H)
				fail_msg("%s %dx%d: '%s' outside the screen",
					 what, W, H, w->text);
			check_text(&l, w, ppm, what);
			if (!widget_tappable(w)) {
				check_label(&l, i, what);
				continue;
			}
			if (w->r.w < mm * ppm - 0.5 || w->r.h < mm * ppm - 0.5)
				fail_msg("%s %dx%d: '%s' is %dx%d px, under "
					 "%.0f mm", what, W, H, w->text,
					 w->r.w, w->r.h, mm);
			for (int j = i + 1; j < l.n; j++)
				if (widget_tappable(&l.w[j]) &&
				    overlap(&w->r, &l.w[j].r))
					fail_msg("%s %dx%d: '%s' overlaps '%s'",
						 what, W, H, w->text,
						 l.w[j].text);
		}
	}
}

static void fill_rows(struct brain *b, int n)
{
	b->n_rows = n;
	for (int i = 0; i < n; i++)
		snprintf(b->rows[i].text, sizeof(b->rows[i].text),
			 "10:%02d ヤマダ タロウ 岐阜大学 row %d", i, i);
}

static void base(struct brain *b, enum lang lang)
{
	struct brain_config c = { .entrance = true, .demo = true,
				  .clock_ok = true, .result_ms = 2000,
				  .utc_offset_min = 540, .lang = lang };

	snprintf(c.place_name, sizeof(c.place_name), "エントランス");
	brain_init(b, &c, 0);
}

static void test_every_screen(void **state)
{
	static struct brain b;
	char what[64];

	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		for (int s = 0; s < SCREEN_COUNT; s++) {
			for (int rows = 0; rows <= BRAIN_ROWS_MAX; rows += 10) {
				base(&b, (enum lang)lang);
				b.screen = (enum brain_screen)s;
				fill_rows(&b, rows);
				b.selected = rows ? 1 : -1;
				b.q_len = 2;
				snprintf(b.notice, sizeof(b.notice), "notice");
				snprintf(what, sizeof(what), "%s/%d rows/%s",
					 brain_screen_name(b.screen), rows,
					 lang_code((enum lang)lang));
				check_layout(&b, what);
				b.latin_kbd = true;
				check_layout(&b, what);
			}
		}
	}
}

/* Booths: the staff menu with リードを記録 and the lead note with the
 * most tags, its memo page closed and open, in both languages. */
static void test_lead_screens(void **state)
{
	static struct brain b;
	char what[64];

	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		for (int k = 0; k < 6; k++) {
			base(&b, (enum lang)lang);
			b.cfg.leads = true;
			b.cfg.nlead_tags = k < 3 ? k * 3 : BRAIN_TAGS_MAX;
			for (int i = 0; i < b.cfg.nlead_tags; i++)
				snprintf(b.cfg.lead_tags[i],
					 sizeof(b.cfg.lead_tags[i]),
					 "タグ%d 面接希望", i);
			b.screen = k == 5 ? SCREEN_STAFF : SCREEN_STAFF_LEAD;
			fill_rows(&b, 3);
			snprintf(b.lead_who, sizeof(b.lead_who), "%s",
				 b.rows[0].text);
			b.lead_rating = 2;
			b.lead_tags = 5;
			b.lead_memo = k == 4;
			b.latin_kbd = lang == LANG_EN;
			snprintf(b.lead_note, sizeof(b.lead_note),
				 "研究職希望 7月に面談");
			snprintf(what, sizeof(what), "%s/%d tags/memo %d/%s",
				 brain_screen_name(b.screen),
				 b.cfg.nlead_tags, b.lead_memo,
				 lang_code((enum lang)lang));
			check_layout(&b, what);
		}
	}
}

/* A booth's result with 「この企業に連絡先を伝える」, then its answer, at
 * every size and language, a queue waiting: the name stays whole and
 * readable from 3 m above the button (the checks above), and the button
 * is a finger's size. */
static void test_booth_consent_result(void **state)
{
	static const enum booth_consent bcs[] = {
		BC_OFFER, BC_PENDING, BC_DONE, BC_FAILED
	};
	static struct brain b;
	static struct layout l;
	struct layout_info info = { .now = 1000, .wall_ms = 1790000000000,
				    .utc_offset_min = 540, .status = "",
				    .px_per_mm = 4.6 };
	char what[64];

	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++)
		for (int o = 0; o < 2; o++)
			for (size_t k = 0; k < 4; k++) {
				base(&b, (enum lang)lang);
				b.cfg.leads = b.cfg.booth_consent = true;
				b.screen = SCREEN_RESULT;
				b.outcome = o ? OUTCOME_ALREADY
					      : OUTCOME_ACCEPTED;
				snprintf(b.result_time, sizeof(b.result_time),
					 "10:42");
				snprintf(b.result_name,
					 sizeof(b.result_name),
					 "長谷川 美和子");
				b.q_len = 3;
				b.bc = bcs[k];
				snprintf(what, sizeof(what), "consent %zu/%d/%s",
					 k, o, lang_code((enum lang)lang));
				check_layout(&b, what);
			}
	/* the button is there while offered, below the name; gone after */
	base(&b, LANG_JA);
	b.screen = SCREEN_RESULT;
	b.outcome = OUTCOME_ACCEPTED;
	snprintf(b.result_name, sizeof(b.result_name), "山田 太郎");
	for (size_t k = 0; k < 4; k++) {
		const struct widget *btn = NULL, *name = NULL;

		b.bc = bcs[k];
		layout_build(&b, &info, 1280, 800, &l);
		for (int i = 0; i < l.n; i++) {
			if (l.w[i].button == BTN_BOOTH_CONSENT)
				btn = &l.w[i];
			if (l.w[i].role == WR_NAME)
				name = &l.w[i];
		}
		assert_non_null(name);
		if (k >= 2) {
			assert_null(btn);
			continue;
		}
		assert_non_null(btn);
		assert_true(btn->r.y >= name->r.y + name->r.h);
	}
}

/* Tours: the student's feedback with no, three and the most tags, its
 * comment page closed (empty, and at its longest) and open. */
static void test_feedback_screens(void **state)
{
	static struct brain b;
	char what[64];

	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		for (int k = 0; k < 5; k++) {
			base(&b, (enum lang)lang);
			b.screen = SCREEN_FEEDBACK;
			b.cfg.ntags = k < 3 ? k * 3 : BRAIN_TAGS_MAX;
			for (int i = 0; i < b.cfg.ntags; i++)
				snprintf(b.cfg.tags[i], sizeof(b.cfg.tags[i]),
					 "社風が合いそう%d", i);
			b.fb_rating = 4;
			b.fb_tags = 5;
			b.fb_memo = k == 4;
			b.latin_kbd = lang == LANG_EN;
			if (b.fb_memo) { /* kana being converted */
				snprintf(b.preedit, sizeof(b.preedit),
					 "オモシロカッタ");
				b.n_cands = BRAIN_CANDS_MAX;
				for (int i = 0; i < b.n_cands; i++)
					snprintf(b.cands[i], BRAIN_CAND_TEXT,
						 "面白かった%d", i);
			}
			for (int i = 0; k >= 3 && i < 42; i++) /* 126 bytes */
				snprintf(b.fb_note + 3 * i, 4, "%s",
					 i % 7 == 6 ? "。" : "シ");
			snprintf(what, sizeof(what), "%s/%d tags/memo %d/%s",
				 brain_screen_name(b.screen), b.cfg.ntags,
				 b.fb_memo, lang_code((enum lang)lang));
			check_layout(&b, what);
		}
	}
}

static void test_every_reg_step(void **state)
{
	static struct brain b;
	char what[64];

	(void)state;
	for (int step = 0; step < REG_STEP_COUNT; step++) {
		for (int latin = 0; latin < 2; latin++) {
			base(&b, LANG_JA);
			b.screen = SCREEN_REG;
			b.step = (enum reg_step)step;
			b.latin_kbd = latin;
			fill_rows(&b, step == REG_SCHOOL ? 12 : 0);
			snprintf(what, sizeof(what), "reg step %d", step);
			check_layout(&b, what);
		}
	}
}

/* The name step in each of its states, and the questions over screens. */
static void test_name_step_and_questions(void **state)
{
	static struct brain b;
	const struct widget *w;
	struct layout l;
	struct layout_info info = { .now = 1000, .status = "" };

	(void)state;
	for (int pad = 0; pad < 2; pad++) {
		base(&b, LANG_JA);
		b.screen = SCREEN_REG;
		b.step = REG_NAME;
		b.pad_open = pad;
		snprintf(b.form.name, sizeof(b.form.name), "山田 ");
		snprintf(b.preedit, sizeof(b.preedit), "タカコ");
		b.n_cands = BRAIN_CANDS_MAX;
		for (int i = 0; i < b.n_cands; i++)
			snprintf(b.cands[i], BRAIN_CAND_TEXT, "候補%d", i);
		b.cands_hw = pad;
		check_layout(&b, pad ? "name pad" : "name keys");
	}
	layout_build(&b, &info, 1280, 800, &l);
	w = layout_pad(&l);
	assert_non_null(w);
	assert_ptr_equal(l.ink, &b.ink);
	assert_true(w->r.w == w->r.h || w->r.w == w->r.h + 1 ||
		    w->r.w + 1 == w->r.h); /* square, to write a kanji in */
	assert_non_null(layout_find(&l, "候補0"));
	assert_non_null(layout_find(&l, "▶"));
	b.pad_open = false;
	b.cands_hw = false;
	layout_build(&b, &info, 1280, 800, &l);
	assert_null(layout_pad(&l));
	assert_null(l.ink);
	assert_non_null(layout_find(&l, "カナのまま"));

	/* an invalid step: the reason is shown, next looks disabled */
	base(&b, LANG_JA);
	b.screen = SCREEN_REG;
	b.step = REG_EMAIL;
	snprintf(b.form.email, sizeof(b.form.email), "taro");
	b.reg_error = true;
	check_layout(&b, "email error");
	layout_build(&b, &info, 1280, 800, &l);
	assert_int_equal(layout_find(&l, "次へ")->style, ST_MUTED);
	w = NULL;
	for (int i = 0; i < l.n; i++)
		if (!strcmp(l.w[i].text, str_get(STR_ERR_EMAIL, LANG_JA)))
			w = &l.w[i];
	assert_non_null(w);
	assert_int_equal(w->style, ST_ERROR);

	b.confirm = CONFIRM_DISCARD;
	check_layout(&b, "discard?");
	layout_build(&b, &info, 1280, 800, &l);
	assert_non_null(layout_find(&l, "消して戻る"));
	assert_non_null(layout_find(&l, "入力を続ける"));
	assert_null(layout_find(&l, "次へ")); /* nothing else to tap */

	base(&b, LANG_EN);
	b.screen = SCREEN_STAFF_RECENT;
	fill_rows(&b, 12);
	b.selected = 2;
	b.confirm = CONFIRM_VOID;
	check_layout(&b, "void?");
	layout_build(&b, &info, 1280, 800, &l);
	assert_non_null(layout_find(&l, "Void"));
	assert_non_null(layout_find(&l, "Cancel"));
	b.confirm = CONFIRM_NONE;
	b.selected = -1;
	b.undo_ready = true;
	check_layout(&b, "undo");
	layout_build(&b, &info, 1280, 800, &l);
	assert_non_null(layout_find(&l, "Undo the void"));

	base(&b, LANG_JA);
	b.screen = SCREEN_STAFF;
	b.confirm = CONFIRM_QUIT;
	check_layout(&b, "quit?");
	layout_build(&b, &info, 1280, 800, &l);
	assert_non_null(layout_find(&l, "終了する"));
	assert_non_null(layout_find(&l, "終了しない"));
	assert_null(layout_find(&l, "受付画面に戻る")); /* only the answer */
}

/* The badge screen promises a printed badge only with a printer. */
static void test_badge_hint_follows_printer(void **state)
{
	static struct brain b;
	struct layout l;
	struct layout_info info = { .now = 1000, .status = "" };
	const char *printed = str_get(STR_BADGE_HINT, LANG_JA);
	bool found;

	(void)state;
	for (int printer = 0; printer < 2; printer++) {
		base(&b, LANG_JA);
		b.cfg.has_printer = printer;
		b.screen = SCREEN_REG_BADGE;
		snprintf(b.badge_token, sizeof(b.badge_token), "FK1TEST");
		snprintf(b.form.name, sizeof(b.form.name), "山田 髙子");
		layout_build(&b, &info, 1280, 800, &l);
		found = false;
		for (int i = 0; i < l.n; i++)
			found = found || strstr(l.w[i].text, "印刷") ||
				!strcmp(l.w[i].text, printed);
		assert_int_equal(found, printer);
		found = false;
		for (int i = 0; i < l.n; i++)
			found = found || strstr(l.w[i].text, "山田 髙子");
		assert_true(found);
	}
}

static void test_every_result(void **state)
{
	static struct brain b;
	char what[64];

	(void)state;
	for (int o = 0; o < OUTCOME_COUNT; o++) {
		base(&b, LANG_JA);
		b.screen = SCREEN_RESULT;
		b.outcome = (enum outcome)o;
		snprintf(b.result_name, sizeof(b.result_name), "山田 太郎");
		snprintf(what, sizeof(what), "result %d", o);
		check_layout(&b, what);
	}
}

/* The hit test finds exactly what is drawn, and the demo button exists only
 * on demo kiosks. */
static void test_hit_and_find(void **state)
{
	static struct brain b;
	static struct layout l;
	struct layout_info info = { .status = "" };
	const struct widget *w;

	(void)state;
	base(&b, LANG_JA);
	layout_build(&b, &info, 800, 480, &l);
	w = layout_find(&l, str_get(STR_STAFF, LANG_JA));
	assert_non_null(w);
	assert_int_equal(w->button, BTN_STAFF);
	assert_ptr_equal(layout_hit(&l, w->r.x + w->r.w / 2,
				    w->r.y + w->r.h / 2), w);
	assert_null(layout_hit(&l, 400, 200)); /* the text, not a target */
	assert_non_null(layout_find(&l, str_get(STR_DEMO_BADGE, LANG_JA)));
	b.cfg.demo = false;
	layout_build(&b, &info, 800, 480, &l);
	assert_null(layout_find(&l, str_get(STR_DEMO_BADGE, LANG_JA)));
}

static bool has_text(const struct layout *l, const char *text)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->w[i].text, text))
			return true;
	return false;
}

/* At internship type 1 or 2 the consent step says companies receive
 * nothing (issue 26), in both languages, and fits like every other. */
static void test_consent_says_no_sharing(void **state)
{
	static struct brain b;
	static struct layout l;
	struct layout_info info = { .now = 1000, .status = "" };

	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++)
		for (int ns = 0; ns < 2; ns++) {
			base(&b, (enum lang)lang);
			b.screen = SCREEN_REG;
			b.step = REG_CONSENT;
			b.cfg.no_sharing = ns;
			layout_build(&b, &info, 1280, 800, &l);
			assert_int_equal(has_text(&l, str_get(
				STR_REG_CONSENT_NOSHARE, (enum lang)lang)), ns);
			assert_int_equal(has_text(&l, str_get(
				STR_REG_CONSENT_TEXT, (enum lang)lang)), !ns);
			check_layout(&b, ns ? "consent, no sharing"
					    : "consent");
		}
}

/* A door's idle screen counts against its seats; elsewhere just a count.
 * Both come from the host's EV_COUNT_TODAY. */
static void test_idle_count_and_seats_left(void **state)
{
	static struct brain b;
	static struct layout l;
	struct layout_info info = { .status = "" };
	struct brain_event ev = { .kind = EV_COUNT_TODAY };
	struct brain_actions out;

	(void)state;
	base(&b, LANG_JA);
	ev.u.count.n = 12;
	brain_step(&b, &ev, 0, &out);
	layout_build(&b, &info, 1280, 800, &l);
	assert_true(has_text(&l, "本日の受付: 12"));
	ev.u.count.capacity = 30;
	ev.u.count.seats_left = 18;
	brain_step(&b, &ev, 0, &out);
	layout_build(&b, &info, 1280, 800, &l);
	assert_true(has_text(&l, "本日の受付: 12 / 30  (残席 18)"));
	ev.u.count.n = 31; /* over: a seat freed and re-taken by a void */
	ev.u.count.seats_left = 0;
	ev.u.count.full = true;
	brain_step(&b, &ev, 0, &out);
	layout_build(&b, &info, 1280, 800, &l);
	assert_true(has_text(&l, "本日の受付: 31 / 30  (残席 0)"));
}

/* Refusals never rely on colour alone: an icon and words are there. */
static void test_result_has_icon_and_words(void **state)
{
	static struct brain b;
	static struct layout l;
	struct layout_info info = { .status = "" };
	bool icon = false, words = false;

	(void)state;
	base(&b, LANG_JA);
	b.screen = SCREEN_RESULT;
	b.outcome = OUTCOME_REVOKED;
	layout_build(&b, &info, 1920, 1080, &l);
	for (int i = 0; i < l.n; i++) {
		if (l.w[i].kind == W_ICON && !strcmp(l.w[i].text, "×"))
			icon = true;
		if (!strcmp(l.w[i].text,
			    str_get(STR_OUT_REVOKED, LANG_JA)))
			words = true;
	}
	assert_true(icon);
	assert_true(words);
}

static void test_strings_complete(void **state)
{
	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++)
		for (int id = 1; id < STR_COUNT; id++)
			if (!str_get((enum str_id)id, (enum lang)lang)[0] &&
			    id != STR_NAME_SUFFIX)
				fail_msg("string %d missing in %s", id,
					 lang_code((enum lang)lang));
	for (int o = 0; o < OUTCOME_COUNT; o++)
		assert_true(str_outcome((enum outcome)o) != STR_NONE);
}

/* The survey (brain_survey.c): a scale and five long choices, on every
 * screen size, in both languages; the roll-call's group too. */
static void test_program_screens(void **state)
{
	static struct brain b;
	static const char *const ch[5] = { "仕事内容", "給与・待遇",
		"職場の雰囲気と社風", "地域とのかかわり", "その他" };
	char what[64];

	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		for (int q = 0; q < 2; q++) {
			base(&b, (enum lang)lang);
			b.screen = SCREEN_SURVEY;
			b.cfg.survey_dir = q ? -1 : 1;
			b.cfg.survey.n = 2;
			snprintf(b.cfg.survey.q[0].text, 256, "地元の中小企業に"
				 "魅力を感じますか。働いてみたいと思いますか。");
			b.cfg.survey.q[1].type = SURVEY_CHOICE;
			b.cfg.survey.q[1].nchoices = 5;
			snprintf(b.cfg.survey.q[1].text, 256, "一番知りたいこと");
			for (int i = 0; i < 5; i++)
				snprintf(b.cfg.survey.q[1].choice[i], 64, "%s",
					 ch[i]);
			b.sv_q = q;
			snprintf(what, sizeof(what), "survey/%d/%s", q,
				 lang_code((enum lang)lang));
			check_layout(&b, what);
		}
		base(&b, (enum lang)lang);
		b.screen = SCREEN_ROLLCALL;
		b.cfg.rollcall = true;
		b.rc.n = 3;
		snprintf(b.rc.group, sizeof(b.rc.group), "3年2組（ぎふ号）");
		fill_rows(&b, 3);
		check_layout(&b, "rollcall");
	}
}

/* Consent on staff screens (brain_consent.c) at every size and language:
 * the lead note's question button, or at type 1/2 the reason instead; the
 * question over it; the withdraw screen before and after a badge, at a
 * booth and elsewhere, and its question. */
static bool has_button(const struct brain *b, enum brain_button id)
{
	static struct layout l;
	struct layout_info info = { .now = 1000, .wall_ms = 1790000000000,
				    .utc_offset_min = 540, .status = "",
				    .px_per_mm = 5 };

	layout_build(b, &info, 1280, 800, &l);
	for (int i = 0; i < l.n; i++)
		if (l.w[i].button == id)
			return true;
	return false;
}

static void test_consent_staff_screens(void **state)
{
	static struct brain b;
	char what[64];

	(void)state;
	for (int lang = 0; lang < LANG_COUNT; lang++) {
		for (int k = 0; k < 10; k++) {
			base(&b, (enum lang)lang);
			b.cfg.leads = k != 6 && k != 7;
			b.cfg.booth_consent = k != 1;
			b.cfg.no_sharing = k == 1;
			b.cfg.nlead_tags = 6;
			for (int i = 0; i < 6; i++)
				snprintf(b.cfg.lead_tags[i], 64, "タグ%d", i);
			snprintf(b.lead_who, sizeof(b.lead_who),
				 "12:00  山田 太郎  (ミノ精工)");
			b.lead_attendee = 42;
			b.screen = k < 4 ? SCREEN_STAFF_LEAD
					 : SCREEN_STAFF_WITHDRAW;
			b.confirm = k == 2 ? CONFIRM_CONSENT_ASK
				    : k >= 8 ? CONFIRM_WITHDRAW
					     : CONFIRM_NONE;
			if (k == 3 || k == 5)
				snprintf(b.notice, sizeof(b.notice),
					 "連絡先を伝えました");
			b.notice_error = k == 5;
			b.wd_pending = k == 4;
			b.wd_attendee = k >= 5 ? 42 : 0;
			b.wd_all = k == 9;
			snprintf(b.wd_who, sizeof(b.wd_who), "山田 太郎");
			snprintf(what, sizeof(what), "consent staff %d/%s", k,
				 lang_code((enum lang)lang));
			check_layout(&b, what);
			if (k == 0)
				assert_true(has_button(&b, BTN_LEAD_CONSENT));
			if (k == 1)
				assert_false(has_button(&b,
							BTN_LEAD_CONSENT));
			if (k == 5 || k == 6)
				assert_true(has_button(&b, BTN_WITHDRAW));
		}
	}
}

/* A title or heading wraps onto the lines its box allows at its size,
 * then one size down, and only then ends in "…" (issue 23.4): w's lines
 * are its text's start, every line ends where a line may break (never
 * inside a MeCab word), and a cut text is at one size down and would not
 * fit there either. Returns whether it was cut. */
static bool check_whole_title(const struct layout *l, const struct widget *w,
			      const char *what)
{
	static uint8_t brk[LAYOUT_TEXT];
	size_t len = strlen(w->text), at = 0;
	int down = l->ds.type_px[w->type - 1];

	linebreak_find(w->text, len, "ja", brk);
	assert_true(w->n_lines >= 1);
	for (int i = 0; i < w->n_lines; i++) {
		const struct lb_line *ln = &w->line[i];
		size_t end = ln->start + ln->len;

		/* the lines run on from each other, spaces between */
		for (; at < ln->start; at++)
			if (w->text[at] != ' ')
				fail_msg("%s %dx%d: '%s' line %d skips text",
					 what, l->width, l->height, w->text,
					 i);
		at = end;
		while (end < len && w->text[end] == ' ')
			end++; /* a space ends the line before it */
		if (end < len && brk[end - 1] < LB_WORD)
			fail_msg("%s %dx%d: '%s' line %d ends mid-word (%.*s)",
				 what, l->width, l->height, w->text, i,
				 (int)ln->len, w->text + ln->start);
	}
	if (w->px < down)
		fail_msg("%s %dx%d: '%s' at %d px, under one size down (%d)",
			 what, l->width, l->height, w->text, w->px, down);
	if (!w->clipped) {
		if (at < len)
			fail_msg("%s %dx%d: '%s' cut without …", what,
				 l->width, l->height, w->text);
		return false;
	}
	/* the "…" the renderer adds stays inside the box */
	{
		const struct lb_line *ln = &w->line[w->n_lines - 1];

		if (design_text_width(w->text + ln->start, ln->len, w->px) +
			    design_text_width("…", strlen("…"), w->px) >
		    w->r.w)
			fail_msg("%s %dx%d: '%s' its … outside its box",
				 what, l->width, l->height, w->text);
	}
	if (w->px != down ||
	    design_fit(&l->ds, w->type - 1, w->text, w->r.w, w->r.h,
		       LAYOUT_LINES) == down)
		fail_msg("%s %dx%d: '%s' ends in … at %d px, fits at %d",
			 what, l->width, l->height, w->text, w->px, down);
	return true;
}

/* A 40-character session title at a door, a long company name at a booth
 * and a visit, a long survey question: whole where they fit, at the four
 * sizes. */
static void test_whole_titles(void **state)
{
	static const char *const names[] = {
		"東海オートサービス 仕事体験ワークショップ（整備士・営業・"
		"事務の三職種合同見学会）",
		"株式会社ミノ精密工業ホールディングス岐阜本社工場",
	};
	static struct brain b;
	static struct layout l;
	struct layout_info info = { .now = 1000, .wall_ms = 1790000000000,
				    .utc_offset_min = 540, .status = "" };
	int cut = 0, seen = 0;
	struct fair_err err = { "" };

	(void)state;
	assert_int_equal(linebreak_init(&err), 0);
	for (size_t s = 0; s < sizeof(screens) / sizeof(screens[0]); s++) {
		for (int v = 0; v < 5; v++) {
			struct brain_config c = { .clock_ok = true,
						  .result_ms = 2000,
						  .utc_offset_min = 540,
						  .visit = v == 2,
						  .leads = v == 1 };

			snprintf(c.place_name, sizeof(c.place_name), "%s",
				 names[v == 0 ? 0 : 1]);
			if (v >= 3) {
				c.survey.n = 1;
				c.survey.q[0].type = SURVEY_SCALE5;
				snprintf(c.survey.q[0].text, 256, "%s%s",
					 names[0], v == 4 ? names[1] : "");
			}
			brain_init(&b, &c, 0);
			if (v >= 3) {
				b.screen = SCREEN_SURVEY;
				b.cfg.survey_dir = 1;
			}
			info.px_per_mm = screens[s].px_per_mm;
			layout_build(&b, &info, screens[s].w, screens[s].h,
				     &l);
			for (int i = 0; i < l.n; i++) {
				const struct widget *w = &l.w[i];

				if (w->kind != W_TITLE ||
				    w->type < DS_TITLE ||
				    (strcmp(w->text, c.place_name) &&
				     strcmp(w->text, c.survey.q[0].text)))
					continue;
				seen++;
				cut += check_whole_title(&l, w, "title");
			}
		}
	}
	assert_int_equal(seen, 4 * 5);
	print_message("%d of %d titles end in …\n", cut, seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_screen),
		cmocka_unit_test(test_every_reg_step),
		cmocka_unit_test(test_lead_screens),
		cmocka_unit_test(test_booth_consent_result),
		cmocka_unit_test(test_feedback_screens),
		cmocka_unit_test(test_every_result),
		cmocka_unit_test(test_name_step_and_questions),
		cmocka_unit_test(test_badge_hint_follows_printer),
		cmocka_unit_test(test_consent_says_no_sharing),
		cmocka_unit_test(test_hit_and_find),
		cmocka_unit_test(test_idle_count_and_seats_left),
		cmocka_unit_test(test_result_has_icon_and_words),
		cmocka_unit_test(test_strings_complete),
		cmocka_unit_test(test_program_screens),
		cmocka_unit_test(test_consent_staff_screens),
		cmocka_unit_test(test_whole_titles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
