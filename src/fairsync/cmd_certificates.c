/* cmd_certificates.c: `fairsync certificates`: an A4 certificate of
 * participation (参加証明書) per student who attended something, from the
 * check-in facts only (fair/tourdata.h attended_list), never the plan;
 * for a joint training, a certificate of completion (修了証) per employee
 * who attended enough of its sessions (fair/training.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <sqlite3.h>

#include "cli.h"
#include "commands.h"
#include "fair/lists.h"
#include "fair/rules.h"
#include "fair/tourdata.h"
#include "fair/tourdays.h"
#include "fair/tours.h"
#include "fair/training.h"
#include "paper.h"

const char usage_certificates[] = N_(
	"usage: fairsync certificates --db EVENT.db --out FILE.pdf\n"
	"                             [--attendee ID]\n"
	"\n"
	"Writes one A4 page, in Japanese, for each student who attended\n"
	"something: the event, the organizer ('fairsync settings\n"
	"--organizer'), and each company visit, session or booth the student\n"
	"entered, with its date and company. Only what was scanned counts,\n"
	"never the tour plan; run 'fairsync merge' first. --attendee ID (the\n"
	"roster id or badge number) prints that student's page alone.\n"
	"\n"
	"A joint training (init --kind training): a certificate of\n"
	"completion (修了証) for each employee who attended at least\n"
	"--min-rate of the sessions (0 to 1, default 0.8); --attendee picks\n"
	"one employee by 社員番号.\n"
	"--require-training: a tour's student gets a page only after every\n"
	"研修 session (import sessions, 種別 研修); the others are listed.\n");

#define MARGIN (22 * PAPER_MM)
#define LINES_MAX 24
#define FOOT_Y (PAPER_A4_H - MARGIN - 90) /* the date issued */

/* What every certificate shares: the event, its organizer, the date
 * issued, the fonts and the PDF being written. */
struct sheet {
	cairo_t *cr;
	cairo_surface_t *pdf;
	cairo_font_face_t *regular, *bold;
	struct event_info ev;
	char organizer[256];
	char issued[11];
	int pages;
};

/* Reads the event and its organizer from st and begins the PDF at out.
 * 0, or the refusal said (nothing to close). */
static int sheet_open(struct sheet *p, struct store *st, const char *db,
		      const char *out)
{
	struct fair_err err = { "" };
	const char *why = "";

	if (store_event_get(st, &p->ev, &err))
		return cli_error("cannot read '%s': %s", db, err.msg);
	tours_setting_get(st, TOURS_KEY_ORGANIZER, p->organizer,
			  sizeof(p->organizer));
	event_local_date(&p->ev, (int64_t)time(NULL) * 1000, p->issued);
	p->regular = paper_font(false, &why);
	p->bold = paper_font(true, &why);
	if (!p->regular || !p->bold) {
		if (p->regular)
			cairo_font_face_destroy(p->regular);
		if (p->bold)
			cairo_font_face_destroy(p->bold);
		return cli_error("%s", why);
	}
	p->pdf = cairo_pdf_surface_create(out, PAPER_A4_W, PAPER_A4_H);
	p->cr = cairo_create(p->pdf);
	return 0;
}

/* Ends the PDF; rc is what drawing it returned. rc, else the failure to
 * write it said. */
static int sheet_close(struct sheet *p, const char *out, int rc)
{
	cairo_status_t status;

	cairo_destroy(p->cr);
	cairo_surface_finish(p->pdf);
	status = cairo_surface_status(p->pdf);
	if (!rc && status != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s': %s", out,
			       cairo_status_to_string(status));
	cairo_surface_destroy(p->pdf);
	cairo_font_face_destroy(p->regular);
	cairo_font_face_destroy(p->bold);
	paper_release();
	return rc;
}

/* A new page's frame and its title, in Japanese with the English beneath,
 * at y. */
static void sheet_title(struct sheet *p, const char *ja, const char *en,
			double y, double size)
{
	cairo_t *cr = p->cr;
	double w = PAPER_A4_W - 2 * MARGIN;

	cairo_set_source_rgb(cr, 0.2, 0.3, 0.5);
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, 14 * PAPER_MM, 14 * PAPER_MM,
			PAPER_A4_W - 28 * PAPER_MM, PAPER_A4_H - 28 * PAPER_MM);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_face(cr, p->bold);
	paper_text_centred(cr, ja, PAPER_A4_W / 2, y, size, w);
	cairo_set_font_face(cr, p->regular);
	paper_text_centred(cr, en, PAPER_A4_W / 2, y + 24, 11, w);
}

/* The page's foot, the date issued and the organizer (the event's name
 * when none was set), and the page ended. */
static void sheet_foot(struct sheet *p)
{
	cairo_t *cr = p->cr;
	double x = MARGIN, w = PAPER_A4_W - 2 * MARGIN;
	char buf[512];

	snprintf(buf, sizeof(buf), "発行日 %s", p->issued);
	paper_text(cr, buf, x + w / 2, FOOT_Y, 11, w / 2);
	cairo_set_font_face(cr, p->bold);
	snprintf(buf, sizeof(buf), "主催 %s", p->organizer[0] ? p->organizer
							    : p->ev.name);
	paper_text_wrapped(cr, buf, x + w / 2, FOOT_Y + 28, 14, w / 2, 2, 19);
	cairo_show_page(cr);
	p->pages++;
}

/* ---- a certificate of participation ----------------------------------- */

struct cert {
	struct sheet p;
	struct attended line[LINES_MAX];
	int n, more;
	bool require_training;    /* a tour: every 研修 session attended */
	int held;                 /* pages withheld for a missed 研修 */
};

static void collect(const struct attended *a, void *ctx)
{
	struct cert *c = ctx;

	if (c->n < LINES_MAX)
		c->line[c->n++] = *a;
	else
		c->more++;
}

static const char *kind_word(enum place_kind k)
{
	switch (k) {
	case PLACE_VISIT: return "企業訪問";
	case PLACE_SESSION: return "セミナー";
	case PLACE_BOOTH: return "企業ブース";
	case PLACE_ENTRANCE: break;
	}
	return "";
}

static void page(struct cert *c, const struct attendee *a)
{
	cairo_t *cr = c->p.cr;
	double x = MARGIN, w = PAPER_A4_W - 2 * MARGIN, y = 120;
	char buf[512];
	int more = c->more;

	sheet_title(&c->p, "参加証明書", "Certificate of Participation", y,
		    32);
	y += 90;
	cairo_set_font_face(cr, c->p.bold);
	snprintf(buf, sizeof(buf), "%s 様", a->name);
	paper_text(cr, buf, x, y, 22, w);
	cairo_set_font_face(cr, c->p.regular);
	if (a->school[0])
		paper_text(cr, a->school, x, y + 22, 12, w);
	y += 60;
	paper_text(cr, "あなたは下記のプログラムに参加されたことを証明します。",
		   x, y, 12, w);
	y += 30;
	snprintf(buf, sizeof(buf), "%s（%s〜%s）", c->p.ev.name,
		 c->p.ev.start_date, c->p.ev.end_date);
	cairo_set_font_face(cr, c->p.bold);
	y += paper_text_wrapped(cr, buf, x, y, 14, w, 2, 19) - 19;
	cairo_set_font_face(cr, c->p.regular);
	y += 34;
	paper_text(cr, "日付", x, y, 10, 80);
	paper_text(cr, "内容", x + 85, y, 10, 70);
	paper_text(cr, "企業・プログラム", x + 160, y, 10, w - 160);
	cairo_move_to(cr, x, y + 5);
	cairo_line_to(cr, x + w, y + 5);
	cairo_set_line_width(cr, 0.5);
	cairo_stroke(cr);
	y += 20;
	for (int i = 0; i < c->n; i++) {
		const struct attended *l = &c->line[i];

		if (l->company[0] && strcmp(l->company, l->place))
			snprintf(buf, sizeof(buf), "%s（%s）", l->place,
				 l->company);
		else
			snprintf(buf, sizeof(buf), "%s", l->place);
		/* a row, and room for "ほか", above the footer */
		if (y + (paper_text_lines(cr, buf, 11, w - 160) - 1) * 14 >
		    FOOT_Y - 50) {
			more += c->n - i;
			break;
		}
		paper_text(cr, l->date, x, y, 11, 80);
		paper_text(cr, kind_word(l->kind), x + 85, y, 11, 70);
		/* a long program or company name on up to three lines */
		y += paper_text_wrapped(cr, buf, x + 160, y, 11, w - 160, 3,
					14) + 4;
	}
	if (more) {
		snprintf(buf, sizeof(buf), "ほか %d 件", more);
		paper_text(cr, buf, x + 160, y, 11, w - 160);
	}
	sheet_foot(&c->p);
}

static int one(struct cert *c, struct store *st, const struct attendee *a)
{
	int missed = 0;

	c->n = c->more = 0;
	if (c->require_training && tourdays_missed(st, a->id, &missed))
		return cli_error("cannot read the 研修 of '%s'", a->ext_id);
	if (missed) {
		fprintf(stderr, "fairsync: %s: 研修を %d 回欠席 (missed %d 研修 "
			"%s); no certificate\n", a->ext_id, missed, missed,
			missed == 1 ? "session" : "sessions");
		c->held++;
		return 0;
	}
	if (attended_list(st, a->id, collect, c) < 0)
		return cli_error("cannot read what '%s' attended", a->ext_id);
	if (c->n)
		page(c, a);
	return 0;
}

struct all_ctx {
	struct cert *c;
	struct store *st;
	int rc;
};

static int all_one(const struct list_cell *row, int n, void *ctx)
{
	struct all_ctx *x = ctx;
	struct attendee a;

	(void)n;
	if (!store_attendee_get(x->st, (uint32_t)row[0].i, &a))
		x->rc = one(x->c, x->st, &a);
	return x->rc;
}

static int all(struct cert *c, struct store *st, const struct attendee *only)
{
	struct all_ctx x = { c, st, 0 };

	if (only)
		return one(c, st, only);
	if (lists_certificate_order(st, all_one, &x, NULL) && !x.rc)
		return cli_error("cannot read students");
	return x.rc;
}

/* ---- a certificate of completion ------------------------------------- */

struct completion {
	struct sheet p;
	double min_rate;
	const char *only;         /* a 社員番号, or NULL for everyone */
	int below;
};

static void completion_page(struct completion *c, const struct training_row *r)
{
	cairo_t *cr = c->p.cr;
	double x = MARGIN, w = PAPER_A4_W - 2 * MARGIN, y = 140;
	char buf[512];

	sheet_title(&c->p, "修了証", "Certificate of Completion", y, 34);
	y += 100;
	paper_text(cr, r->company, x, y, 14, w);
	cairo_set_font_face(cr, c->p.bold);
	snprintf(buf, sizeof(buf), "%s 様", r->name);
	paper_text(cr, buf, x, y + 34, 24, w);
	cairo_set_font_face(cr, c->p.regular);
	y += 100;
	snprintf(buf, sizeof(buf), "あなたは%s（%s〜%s）の全%dセッションのうち"
		 "%dセッションに出席し、所定の課程を修了されたことを証します。",
		 c->p.ev.name, c->p.ev.start_date, c->p.ev.end_date,
		 r->sessions, r->attended);
	paper_text_wrapped(cr, buf, x, y, 13, w, 4, 22);
	sheet_foot(&c->p);
}

static void completion_row(const struct training_row *r, void *ctx)
{
	struct completion *c = ctx;

	if (c->only && strcmp(c->only, r->ext_id))
		return;
	if (training_completed(r, c->min_rate))
		completion_page(c, r);
	else
		c->below++;
}

/* A training's certificates: --min-rate (default 0.8) checked, then a
 * page for each employee (only: the one with that 社員番号) at or above
 * it. */
static int certificates_training(struct store *st, const char *db,
				 const char *out, const char *only,
				 const char *min_rate, enum event_kind kind)
{
	struct completion c = { .min_rate = TRAINING_MIN_RATE, .only = only };
	struct fair_err err = { "" };
	char *end = NULL;
	int rc;

	if (kind != EVENT_TRAINING)
		return cli_usage_error("certificates", "--min-rate is for a "
				       "joint training (init --kind training)");
	if (min_rate)
		c.min_rate = strtod(min_rate, &end);
	if (min_rate && (end == min_rate || *end ||
			 !(c.min_rate >= 0 && c.min_rate <= 1)))
		return cli_usage_error("certificates", "--min-rate is a "
				       "number from 0 to 1, not '%s'",
				       min_rate);
	if (sheet_open(&c.p, st, db, out))
		return EXIT_FAIL;
	rc = training_each(st, 0, completion_row, &c, &err) ?
	     cli_error("cannot read '%s': %s", db, err.msg) : EXIT_OK;
	rc = sheet_close(&c.p, out, rc);
	if (!rc && !c.p.pages) {
		remove(out);
		return cli_error("出席率 %.0f%% 以上の社員がいません (no employee "
				 "attended %.0f%% of the sessions); nothing "
				 "written", c.min_rate * 100, c.min_rate * 100);
	}
	if (!rc)
		cli_note(P_("%d certificate in '%s' (%d below %.0f%%)",
			    "%d certificates in '%s' (%d below %.0f%%)",
			    c.p.pages), c.p.pages, out, c.below,
			 c.min_rate * 100);
	return rc;
}

/* ---- the command ------------------------------------------------------ */

/* The certificates of participation: one student's (who) or everyone's. */
static int certificates_students(struct cert *c, struct store *st,
				 const char *db, const char *out,
				 const char *who)
{
	struct attendee only;
	int rc;

	if (who && cli_find_attendee(st, who, &only))
		return cli_error("no attendee '%s' in '%s'", who, db);
	if (sheet_open(&c->p, st, db, out))
		return EXIT_FAIL;
	rc = sheet_close(&c->p, out, all(c, st, who ? &only : NULL));
	if (!rc && !c->p.pages) {
		remove(out);
		return cli_error("no student attended anything yet (merge the "
				 "kiosks first); nothing written");
	}
	if (!rc)
		cli_note(P_("%d certificate in '%s'",
			    "%d certificates in '%s'", c->p.pages),
			 c->p.pages, out);
	return rc;
}

int cmd_certificates(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "attendee", required_argument, NULL, 'a' },
		{ "min-rate", required_argument, NULL, 'r' },
		{ "require-training", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const pdf[] = { ".pdf", NULL };
	const char *db = NULL, *out = NULL, *who = NULL, *min_rate = NULL;
	enum event_kind kind = EVENT_FAIR;
	struct cert c = { 0 };
	struct store *st;
	int rc, opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'a': who = optarg; break;
		case 'r': min_rate = optarg; break;
		case 't': c.require_training = true; break;
		default: return cli_usage_error("certificates", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("certificates", "unexpected '%s'",
				       argv[optind]);
	if (!db || !out)
		return cli_usage_error("certificates", "--db and --out are "
				       "required");
	rc = cli_out_file("certificates", "--out", out, pdf);
	if (rc)
		return rc;
	st = cli_open_store(db, STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	if (cli_refuse_unfinished_merge(st, db,
					N_("write certificates"))) {
		store_close(st);
		return EXIT_FAIL;
	}
	event_kind_get(st, &kind);
	if (kind == EVENT_TRAINING || min_rate)
		rc = certificates_training(st, db, out, who, min_rate, kind);
	else
		rc = certificates_students(&c, st, db, out, who);
	store_close(st);
	return rc;
}
