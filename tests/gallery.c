/* gallery.c: every screen of the kiosk at the four screen sizes, drawn by
 * the kiosk's own renderer (render.c) into PNGs: the gallery that
 * tests/e2e/kiosk_gallery.sh compares with the approved images in
 * tests/screens/ (make approve-screens). Brain states are built directly,
 * with a fixed clock, names and physical sizes, so the pictures only
 * change when the look does.
 *
 *   kiosk-gallery OUTDIR     writes OUTDIR/WxH-NAME.png
 *
 * Runs with SDL's dummy video driver and the software renderer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "../src/kiosk/kiosk.h"

/* The gallery has no camera: the preview slot shows its label. */
bool inputs_preview(struct inputs *in, uint8_t *buf, int max_bytes, int *w,
		    int *h)
{
	(void)in;
	(void)buf;
	(void)max_bytes;
	(void)w;
	(void)h;
	return false;
}

static const struct {
	int w, h;
	int mm[2];   /* the panel assumed: as tests/test_layout.c */
} sizes[] = {
	{ 1920, 1080, { 476, 268 } },
	{ 1080, 1920, { 268, 476 } },
	{ 1280, 800, { 218, 136 } },
	{ 800, 480, { 152, 91 } },
};

#define WALL_MS 1796518800000LL /* 2026-12-05 09:00 JST */

struct shot {
	struct brain b;
	struct layout_info info;
	char name[64];
};

static void base(struct shot *s, const char *name, bool entrance)
{
	struct brain_config c = { .entrance = entrance, .clock_ok = true,
				  .result_ms = 2000, .utc_offset_min = 540,
				  .lang = LANG_JA };

	memset(s, 0, sizeof(*s));
	snprintf(c.place_name, sizeof(c.place_name), "%s",
		 entrance ? "受付" : "ミノ精工  A-1");
	brain_init(&s->b, &c, 0);
	s->info.now = 1000;
	s->info.wall_ms = WALL_MS;
	s->info.utc_offset_min = 540;
	s->info.status = "";
	s->info.event_name = "岐阜 合同企業説明会 2026";
	snprintf(s->name, sizeof(s->name), "%s", name);
}

static void rows(struct brain *b, int n)
{
	static const char *const names[] = {
		"ヤマダ タロウ  岐阜大学", "サトウ ハナコ  名古屋大学",
		"スズキ イチロウ  岐阜聖徳学園大学", "タナカ ミサキ  中部大学",
		"イトウ ケン  岐阜工業高等専門学校",
	};

	b->n_rows = n;
	for (int i = 0; i < n; i++)
		snprintf(b->rows[i].text, sizeof(b->rows[i].text),
			 "10:%02d  %s", 10 + i, names[i % 5]);
}

typedef void (*make_fn)(struct shot *s);

static void idle_entrance(struct shot *s) { base(s, "idle-entrance", true); }

static void idle_booth(struct shot *s)
{
	base(s, "idle-booth", false);
	s->info.has_camera = true;
	s->b.count_today = 42;
}

static void idle_booth_en(struct shot *s)
{
	idle_booth(s);
	snprintf(s->name, sizeof(s->name), "idle-booth-en");
	s->b.lang = LANG_EN;
}

static void idle_scanner(struct shot *s)
{
	base(s, "idle-scanner", false);
	s->info.has_scanner = true;
}

static void idle_notice(struct shot *s)
{
	idle_booth(s);
	snprintf(s->name, sizeof(s->name), "idle-notice");
	s->info.status = "camera /dev/video0: no such device";
}

static void door(struct shot *s, const char *name, int count)
{
	base(s, name, false);
	snprintf(s->b.cfg.place_name, sizeof(s->b.cfg.place_name),
		 "ものづくりセミナー  10:00-11:00  第1会議室");
	s->b.capacity = 30;
	s->b.count_today = count;
	s->b.seats_left = count < 30 ? 30 - count : 0;
	s->b.full = count >= 30;
}

static void idle_door(struct shot *s) { door(s, "idle-door", 12); }
static void idle_door_full(struct shot *s) { door(s, "idle-door-full", 30); }

static void idle_door_over(struct shot *s)
{
	door(s, "idle-door-over", 28);
	s->info.session = LAYOUT_SESSION_OVER;
}

static void result(struct shot *s, enum outcome o)
{
	base(s, "", false);
	snprintf(s->name, sizeof(s->name), "result-%s", outcome_key(o));
	s->b.screen = SCREEN_RESULT;
	s->b.outcome = o;
	if (o == OUTCOME_ACCEPTED || o == OUTCOME_ALREADY)
		snprintf(s->b.result_name, sizeof(s->b.result_name),
			 "山田 太郎");
	if (o == OUTCOME_ALREADY)
		snprintf(s->b.result_time, sizeof(s->b.result_time), "10:42");
	if (o == OUTCOME_NOT_STORED)
		snprintf(s->b.result_detail, sizeof(s->b.result_detail),
			 "disk I/O error");
}

/* Tours: a company's visit kiosk (arrivals out of those expected), a
 * student it does not expect (amber), a student leaving, the stamp rally
 * under way and done, and the feedback screen (its comment page too). */
static void visit(struct shot *s, const char *name)
{
	static const char *const tags[] = {
		"仕事内容が分かった", "社員と話せた", "社風が合いそう",
		"また来たい", "働くイメージが持てた", "説明が分かりやすい",
	};

	base(s, name, false);
	snprintf(s->b.cfg.place_name, sizeof(s->b.cfg.place_name),
		 "ミノ精工  会社訪問");
	s->b.cfg.visit = true;
	s->b.cfg.feedback_exit = true;
	s->b.cfg.ntags = 6;
	for (int i = 0; i < 6; i++)
		snprintf(s->b.cfg.tags[i], sizeof(s->b.cfg.tags[i]), "%s",
			 tags[i]);
	s->b.expected = 8;
	s->b.count_today = 5;
}

static void idle_visit(struct shot *s) { visit(s, "idle-visit"); }

static void visit_result(struct shot *s, const char *name, int dir)
{
	visit(s, name);
	s->b.screen = SCREEN_RESULT;
	s->b.outcome = OUTCOME_ACCEPTED;
	s->b.result_dir = dir;
	snprintf(s->b.result_name, sizeof(s->b.result_name), "山田 太郎");
}

static void result_visit_exit(struct shot *s)
{
	visit_result(s, "result-visit-exit", -1);
}

static void result_not_expected(struct shot *s)
{
	visit_result(s, "result-not-expected", 1);
	s->b.result_unexpected = true;
}

static void result_rally(struct shot *s, const char *name, int stamps)
{
	result(s, OUTCOME_ACCEPTED);
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->b.stamps = stamps;
	s->b.stamps_need = 5;
}

static void result_rally_3(struct shot *s) { result_rally(s, "result-rally", 3); }

static void result_rally_done(struct shot *s)
{
	result_rally(s, "result-rally-done", 5);
}

/* A booth's result offering 「この企業に連絡先を伝える」 below the name,
 * and the answer once tapped (fair/consent.h). */
static void result_consent(struct shot *s)
{
	result(s, OUTCOME_ACCEPTED);
	snprintf(s->name, sizeof(s->name), "result-consent");
	s->b.cfg.leads = s->b.cfg.booth_consent = true;
	s->b.bc = BC_OFFER;
}

static void result_consent_done(struct shot *s)
{
	result_consent(s);
	snprintf(s->name, sizeof(s->name), "result-consent-done");
	s->b.bc = BC_DONE;
}

static void feedback(struct shot *s)
{
	visit(s, "feedback");
	s->b.screen = SCREEN_FEEDBACK;
	s->b.fb_rating = 4;
	s->b.fb_tags = 0x5;
	snprintf(s->b.fb_note, sizeof(s->b.fb_note), "%s",
		 "シャチョウノ ハナシガ オモシロカッタ");
}

static void feedback_memo(struct shot *s)
{
	feedback(s);
	snprintf(s->name, sizeof(s->name), "feedback-memo");
	s->b.fb_memo = true;
	/* kana being converted: Anthy's candidates in the bar */
	snprintf(s->b.fb_note, sizeof(s->b.fb_note), "%s", "社長の話が");
	snprintf(s->b.preedit, sizeof(s->b.preedit), "%s", "オモシロカッタ");
	s->b.n_cands = 2;
	s->b.cand_chars = 7;
	snprintf(s->b.cands[0], BRAIN_CAND_TEXT, "%s", "面白かった");
	snprintf(s->b.cands[1], BRAIN_CAND_TEXT, "%s", "おもしろかった");
}

static void result_pending(struct shot *s)
{
	base(s, "result-pending", false);
	s->b.screen = SCREEN_RESULT;
	s->b.pending = true;
}

static void result_queued(struct shot *s)
{
	result(s, OUTCOME_ACCEPTED);
	snprintf(s->name, sizeof(s->name), "result-queued");
	s->b.q_len = 3;
}

static void clock_warn(struct shot *s)
{
	base(s, "clock-warn", false);
	s->b.screen = SCREEN_CLOCK_WARN;
}

static void pin(struct shot *s)
{
	base(s, "pin", false);
	s->b.screen = SCREEN_PIN;
	snprintf(s->b.pin, sizeof(s->b.pin), "24");
	s->b.pin_wrong = true;
}

static void staff(struct shot *s)
{
	base(s, "staff", false);
	s->b.screen = SCREEN_STAFF;
	s->b.n_rows = 3;
	snprintf(s->b.rows[0].text, sizeof(s->b.rows[0].text),
		 "この場所の本日の受付: 42");
	snprintf(s->b.rows[1].text, sizeof(s->b.rows[1].text),
		 "この端末の本日の受付: 40");
	snprintf(s->b.rows[2].text, sizeof(s->b.rows[2].text),
		 "プリンター未設定");
	s->info.status = "camera /dev/video0: no such device";
	snprintf(s->b.notice, sizeof(s->b.notice), "印刷しました");
}

static void staff_recent(struct shot *s)
{
	base(s, "staff-recent", false);
	s->b.screen = SCREEN_STAFF_RECENT;
	rows(&s->b, 12);
	s->b.selected = 1;
}

/* Booths: the staff menu with リードを記録, the scans to pick from, and
 * one visitor's lead note (its memo page too). */
static void leads_cfg(struct shot *s, const char *name)
{
	static const char *const tags[] = {
		"理系", "面接希望", "インターン希望", "Uターン", "大学院",
		"要連絡",
	};

	base(s, name, false);
	s->b.cfg.leads = true;
	s->b.cfg.nlead_tags = 6;
	for (int i = 0; i < 6; i++)
		snprintf(s->b.cfg.lead_tags[i], sizeof(s->b.cfg.lead_tags[i]),
			 "%s", tags[i]);
}

static void staff_booth(struct shot *s)
{
	staff(s);
	s->b.cfg.leads = true;
	snprintf(s->name, sizeof(s->name), "staff-booth");
}

static void staff_leads(struct shot *s)
{
	leads_cfg(s, "staff-leads");
	s->b.screen = SCREEN_STAFF_LEADS;
	rows(&s->b, 12);
	snprintf(s->b.notice, sizeof(s->b.notice), "リードを記録しました");
}

static void staff_lead(struct shot *s)
{
	leads_cfg(s, "staff-lead");
	s->b.screen = SCREEN_STAFF_LEAD;
	snprintf(s->b.lead_who, sizeof(s->b.lead_who),
		 "10:10  ヤマダ タロウ  岐阜大学");
	s->b.lead_rating = 3;
	s->b.lead_tags = 0x6;
	snprintf(s->b.lead_note, sizeof(s->b.lead_note), "%s",
		 "研究職希望 7月に面談");
}

static void staff_lead_memo(struct shot *s)
{
	staff_lead(s);
	snprintf(s->name, sizeof(s->name), "staff-lead-memo");
	s->b.lead_memo = true;
}

static void staff_find(struct shot *s)
{
	base(s, "staff-find", false);
	s->b.screen = SCREEN_STAFF_FIND;
	snprintf(s->b.search, sizeof(s->b.search), "ヤマ");
	rows(&s->b, 2);
}

static void staff_place(struct shot *s)
{
	base(s, "staff-place", false);
	s->b.screen = SCREEN_STAFF_PLACE;
	rows(&s->b, 4);
	s->b.selected = 0;
}

static void staff_clock(struct shot *s)
{
	base(s, "staff-clock", false);
	s->b.screen = SCREEN_STAFF_CLOCK;
}

static void reg(struct shot *s, enum reg_step step)
{
	static const char *const names[REG_STEP_COUNT] = {
		"reg-1-kana", "reg-2-name", "reg-3-school", "reg-4-grade",
		"reg-5-email", "reg-6-consent",
	};

	base(s, names[step], true);
	s->b.screen = SCREEN_REG;
	s->b.step = step;
	snprintf(s->b.form.kana, sizeof(s->b.form.kana), "ヤマダ ハナコ");
	snprintf(s->b.form.school, sizeof(s->b.form.school), "岐阜大学");
	snprintf(s->b.form.grade, sizeof(s->b.form.grade), "3");
	snprintf(s->b.form.email, sizeof(s->b.form.email), "h@example.jp");
	if (step == REG_SCHOOL) {
		snprintf(s->b.search, sizeof(s->b.search), "岐阜");
		rows(&s->b, 3);
	}
	if (step == REG_EMAIL)
		s->b.latin_kbd = true;
}

static void reg_badge(struct shot *s, bool printer)
{
	base(s, printer ? "badge" : "badge-noprinter", true);
	s->b.screen = SCREEN_REG_BADGE;
	s->b.cfg.has_printer = printer;
	snprintf(s->b.form.kana, sizeof(s->b.form.kana), "ヤマダ ハナコ");
	snprintf(s->b.badge_token, sizeof(s->b.badge_token),
		 "FK1.AAAAAQAAAAIAAAADgallery0123456789");
	if (printer)
		snprintf(s->b.notice, sizeof(s->b.notice), "印刷しました");
}

static int draw(struct render *r, const struct shot *s, int i,
		const char *dir)
{
	static struct layout l;
	struct fair_err err = { "" };
	struct layout_info info = s->info;
	char path[4200];
	int w, h;

	render_size(r, &w, &h);
	info.px_per_mm = design_px_per_mm(w, h, 0, sizes[i].mm[0],
					  sizes[i].mm[1]);
	layout_build(&s->b, &info, w, h, &l);
	snprintf(path, sizeof(path), "%s/%dx%d-%s.png", dir, sizes[i].w,
		 sizes[i].h, s->name);
	if (render_screenshot(r, &l, NULL, path, &err)) {
		fprintf(stderr, "kiosk-gallery: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* Builds shot k (in order) into *s; false past the last. */
static bool make(int k, struct shot *s)
{
	static const make_fn fns[] = {
		idle_entrance, idle_booth, idle_booth_en, idle_scanner,
		idle_notice, idle_door, idle_door_full, idle_door_over,
		result_pending, result_queued, clock_warn, pin, staff,
		staff_recent, staff_find, staff_place, staff_clock,
		staff_booth, staff_leads, staff_lead, staff_lead_memo,
		idle_visit, result_visit_exit, result_not_expected,
		result_rally_3, result_rally_done, feedback, feedback_memo,
		result_consent, result_consent_done,
	};
	int nf = (int)(sizeof(fns) / sizeof(fns[0]));

	if (k < nf) {
		fns[k](s);
		return true;
	}
	k -= nf;
	if (k < OUTCOME_COUNT) {
		result(s, (enum outcome)k);
		return true;
	}
	k -= OUTCOME_COUNT;
	if (k < REG_STEP_COUNT) {
		reg(s, (enum reg_step)k);
		return true;
	}
	k -= REG_STEP_COUNT;
	if (k < 2) {
		reg_badge(s, k == 0);
		return true;
	}
	return false;
}

int main(int argc, char **argv)
{
	static struct shot s;
	struct kiosk_config cfg;
	int rc = 0;

	if (argc != 2) {
		fputs("usage: kiosk-gallery OUTDIR\n", stderr);
		return 2;
	}
	config_defaults(&cfg);
	cfg.sound = false;
	SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
	SDL_setenv("SDL_RENDER_DRIVER", "software", 1);
	for (int i = 0; i < 4 && !rc; i++) {
		struct fair_err err = { "" };
		struct render *r = render_open(&cfg, true, sizes[i].w,
					       sizes[i].h, &err);

		if (!r) {
			fprintf(stderr, "kiosk-gallery: %s\n", err.msg);
			return 1;
		}
		for (int k = 0; !rc && make(k, &s); k++)
			rc = draw(r, &s, i, argv[1]);
		render_close(r);
	}
	return rc ? 1 : 0;
}
