/* cmd_certificates.c: `fairsync certificates`: an A4 certificate of
 * participation (参加証明書) per student who attended something, from the
 * check-in facts only (fair/tourdata.h attended_list), never the plan. */
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

struct cert {
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
	struct event_info ev;
	char organizer[256];
	char issued[11];
	struct attended line[LINES_MAX];
	int n, more;
	int pages;
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
	cairo_t *cr = c->cr;
	double x = MARGIN, w = PAPER_A4_W - 2 * MARGIN, y = 120;
	char buf[512];
	int more = c->more;

	cairo_set_source_rgb(cr, 0.2, 0.3, 0.5);
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, 14 * PAPER_MM, 14 * PAPER_MM,
			PAPER_A4_W - 28 * PAPER_MM, PAPER_A4_H - 28 * PAPER_MM);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_face(cr, c->bold);
	paper_text_centred(cr, "参加証明書", PAPER_A4_W / 2, y, 32, w);
	cairo_set_font_face(cr, c->regular);
	paper_text_centred(cr, "Certificate of Participation", PAPER_A4_W / 2,
			   y + 24, 11, w);
	y += 90;
	cairo_set_font_face(cr, c->bold);
	snprintf(buf, sizeof(buf), "%s 様", a->name);
	paper_text(cr, buf, x, y, 22, w);
	cairo_set_font_face(cr, c->regular);
	if (a->school[0])
		paper_text(cr, a->school, x, y + 22, 12, w);
	y += 60;
	paper_text(cr, "あなたは下記のプログラムに参加されたことを証明します。",
		   x, y, 12, w);
	y += 30;
	snprintf(buf, sizeof(buf), "%s（%s〜%s）", c->ev.name,
		 c->ev.start_date, c->ev.end_date);
	cairo_set_font_face(cr, c->bold);
	y += paper_text_wrapped(cr, buf, x, y, 14, w, 2, 19) - 19;
	cairo_set_font_face(cr, c->regular);
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
	y = FOOT_Y;
	snprintf(buf, sizeof(buf), "発行日 %s", c->issued);
	paper_text(cr, buf, x + w / 2, y, 11, w / 2);
	cairo_set_font_face(cr, c->bold);
	snprintf(buf, sizeof(buf), "主催 %s", c->organizer[0] ? c->organizer
							    : c->ev.name);
	paper_text_wrapped(cr, buf, x + w / 2, y + 28, 14, w / 2, 2, 19);
	cairo_show_page(cr);
	c->pages++;
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

/* A training's certificates of completion (cmd_programs.c). */
static int certificates_training(const char *db, const char *out,
				 const char *who, const char *min_rate,
				 enum event_kind kind)
{
	double r = 0.8;
	char *end = NULL;

	if (kind != EVENT_TRAINING)
		return cli_usage_error("certificates", "--min-rate is for a "
				       "joint training (init --kind training)");
	if (min_rate)
		r = strtod(min_rate, &end);
	if (min_rate && (end == min_rate || *end || !(r >= 0 && r <= 1)))
		return cli_usage_error("certificates", "--min-rate is a "
				       "number from 0 to 1, not '%s'",
				       min_rate);
	return cmd_certificates_training(db, out, who, r);
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
	const char *db = NULL, *out = NULL, *who = NULL, *why = "";
	const char *min_rate = NULL;
	enum event_kind kind = EVENT_FAIR;
	struct cert c = { 0 };
	struct fair_err err = { "" };
	struct attendee only;
	cairo_surface_t *s;
	struct store *st;
	time_t now = time(NULL);
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
	if (kind == EVENT_TRAINING || min_rate) {
		store_close(st);
		return certificates_training(db, out, who, min_rate, kind);
	}
	if (store_event_get(st, &c.ev, &err)) {
		store_close(st);
		return cli_error("cannot read '%s': %s", db, err.msg);
	}
	if (who && cli_find_attendee(st, who, &only)) {
		store_close(st);
		return cli_error("no attendee '%s' in '%s'", who, db);
	}
	tours_setting_get(st, TOURS_KEY_ORGANIZER, c.organizer,
			  sizeof(c.organizer));
	event_local_date(&c.ev, (int64_t)now * 1000, c.issued);
	c.regular = paper_font(false, &why);
	c.bold = paper_font(true, &why);
	if (!c.regular || !c.bold) {
		store_close(st);
		return cli_error("%s", why);
	}
	s = cairo_pdf_surface_create(out, PAPER_A4_W, PAPER_A4_H);
	c.cr = cairo_create(s);
	rc = all(&c, st, who ? &only : NULL);
	cairo_destroy(c.cr);
	cairo_surface_finish(s);
	if (!rc && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s': %s", out,
			       cairo_status_to_string(cairo_surface_status(s)));
	cairo_surface_destroy(s);
	cairo_font_face_destroy(c.regular);
	cairo_font_face_destroy(c.bold);
	paper_release();
	store_close(st);
	if (!rc && !c.pages) {
		remove(out);
		return cli_error("no student attended anything yet (merge the "
				 "kiosks first); nothing written");
	}
	if (!rc)
		cli_note(P_("%d certificate in '%s'",
			    "%d certificates in '%s'", c.pages), c.pages, out);
	return rc;
}
