/* fairsync badges: A4 sheets of badges (PDF) and one PNG per student,
 * each with a QR of the signed badge token. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo-pdf.h>
#include <sodium.h>

#include "cli.h"
#include "commands.h"
#include "fair/qr.h"
#include "paper.h"

const char usage_badges[] =
	"usage: fairsync badges --db EVENT.db --out FILE.pdf [--png DIR]\n\n"
	"Writes A4 sheets, six badges a page (95 x 90 mm, cut along the grey\n"
	"lines): event, name, kana, school and a 50 mm QR code that scans from\n"
	"about 20 cm. Sorted by school then kana. With --png, also writes one\n"
	"image per attendee into DIR (named by roster id) for e-mailing.\n"
	"Needs the event's signing key (the event database from init).\n";

#define COLS 2
#define ROWS 3
#define BADGE_W (95 * PAPER_MM)
#define BADGE_H (90 * PAPER_MM)
#define QR_SIDE (50 * PAPER_MM) /* quiet zone included */
#define PNG_SCALE 4.0           /* pixels per point: about 290 dpi */

struct badges {
	struct store *st;
	struct event_info ev;
	uint8_t sk[TOKEN_SK_BYTES];
	cairo_font_face_t *regular, *bold;
	const char *png_dir;
	long done;
};

/* Vector modules: crisp at any printer resolution. */
static int draw_qr(cairo_t *cr, const char *text, double x, double y,
		   double side)
{
	struct qr_code q;
	double m;

	if (qr_encode(text, &q))
		return -1;
	m = side / (q.width + 8);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* one rectangle per horizontal run: a smaller, faster PDF */
	for (int r = 0; r < q.width; r++) {
		for (int c = 0; c < q.width; c++) {
			int run = 0;

			while (c + run < q.width &&
			       q.modules[r * q.width + c + run])
				run++;
			if (run)
				cairo_rectangle(cr, x + (c + 4) * m,
						y + (r + 4) * m, run * m, m);
			c += run;
		}
	}
	cairo_fill(cr);
	qr_free(&q);
	return 0;
}

static void draw_text(struct badges *b, cairo_t *cr, const struct attendee *a,
		      double x, double y)
{
	double cx = x + BADGE_W / 2, w = BADGE_W - 10 * PAPER_MM;

	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_font_face(cr, b->regular);
	paper_text_centred(cr, b->ev.name, cx, y + 8 * PAPER_MM, 9, w);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_face(cr, b->bold);
	paper_text_centred(cr, a->name, cx, y + 18 * PAPER_MM, 20, w);
	cairo_set_font_face(cr, b->regular);
	paper_text_centred(cr, a->kana, cx, y + 24 * PAPER_MM, 10, w);
	paper_text_centred(cr, a->role == TOKEN_ROLE_STAFF ? "STAFF / スタッフ"
			   : a->school, cx, y + 31 * PAPER_MM, 11, w);
}

static int draw_badge(struct badges *b, cairo_t *cr, const struct attendee *a,
		      double x, double y)
{
	char token[TOKEN_TEXT_MAX];
	struct token t = { .version = TOKEN_VERSION, .role = a->role,
			   .event_id = b->ev.event_id, .attendee_id = a->id,
			   .serial = a->serial };

	if (token_encode(&t, b->sk, token))
		return -1;
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, x, y, BADGE_W, BADGE_H);
	cairo_stroke(cr);
	draw_text(b, cr, a, x, y);
	return draw_qr(cr, token, x + (BADGE_W - QR_SIDE) / 2,
		       y + BADGE_H - QR_SIDE - 3 * PAPER_MM, QR_SIDE);
}

static bool name_char(char c, size_t at)
{
	if (c == '.')
		return at > 0; /* never a hidden file */
	return c == '-' || c == '_' || (c >= '0' && c <= '9') ||
	       ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static void png_name(const struct attendee *a, char *out, size_t cap,
		     const char *dir)
{
	char base[80];
	size_t n = 0;

	for (const char *p = a->ext_id; *p && n + 1 < sizeof(base); p++) {
		base[n] = name_char(*p, n) ? *p : '_';
		n++;
	}
	base[n] = '\0';
	if (!n)
		snprintf(base, sizeof(base), "%u", (unsigned)a->id);
	if (snprintf(out, cap, "%s/%s.png", dir, base) >= (int)cap)
		out[0] = '\0';
}

static int write_png(struct badges *b, const struct attendee *a)
{
	int w = (int)(BADGE_W * PNG_SCALE), h = (int)(BADGE_H * PNG_SCALE);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
							w, h);
	cairo_t *cr = cairo_create(s);
	char path[4200];
	int rc = 0;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, PNG_SCALE, PNG_SCALE);
	png_name(a, path, sizeof(path), b->png_dir);
	if (!path[0] || draw_badge(b, cr, a, 0, 0))
		rc = cli_error("cannot draw the badge of '%s'", a->ext_id);
	else if (cairo_surface_write_to_png(s, path) != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s'", path);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}

/* Attendee ids in print order: school, kana. */
static int load_ids(struct store *st, uint32_t **ids, long *n)
{
	sqlite3_stmt *s;
	long cap = 0;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM attendees ORDER"
			       " BY role, school, kana, id", -1, &s, NULL))
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (*n == cap) {
			uint32_t *p;

			cap = cap ? cap * 2 : 256;
			p = realloc(*ids, (size_t)cap * sizeof(**ids));
			if (!p) {
				sqlite3_finalize(s);
				return -1;
			}
			*ids = p;
		}
		(*ids)[(*n)++] = (uint32_t)sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return 0;
}

static int one(struct badges *b, cairo_t *cr, uint32_t id, long i)
{
	struct attendee a;
	double mx = (PAPER_A4_W - COLS * BADGE_W) / 2;
	double my = (PAPER_A4_H - ROWS * BADGE_H) / 2;
	int slot = (int)(i % (COLS * ROWS));

	if (store_attendee_get(b->st, id, &a))
		return cli_error("attendee %u vanished", (unsigned)id);
	if (i > 0 && slot == 0)
		cairo_show_page(cr);
	if (draw_badge(b, cr, &a, mx + slot % COLS * BADGE_W,
		       my + slot / COLS * BADGE_H))
		return cli_error("cannot sign the badge of '%s'", a.ext_id);
	if (b->png_dir && write_png(b, &a))
		return EXIT_FAIL;
	return 0;
}

static int sheets(struct badges *b, const char *out)
{
	cairo_surface_t *pdf;
	cairo_t *cr;
	uint32_t *ids;
	long n;
	int rc = 0;
	struct progress bar;

	if (load_ids(b->st, &ids, &n))
		return cli_error("cannot read attendees");
	pdf = cairo_pdf_surface_create(out, PAPER_A4_W, PAPER_A4_H);
	cr = cairo_create(pdf);
	progress_start(&bar, "badges", n);
	for (long i = 0; i < n && !rc; i++) {
		rc = one(b, cr, ids[i], i);
		progress_step(&bar, 1);
	}
	progress_end(&bar);
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	if (!rc && cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s': %s", out,
			       cairo_status_to_string(cairo_surface_status(pdf)));
	cairo_surface_destroy(pdf);
	free(ids);
	if (!rc)
		fprintf(stderr, "fairsync: %ld badges on %ld pages in '%s'\n",
			n, (n + COLS * ROWS - 1) / (COLS * ROWS), out);
	return rc;
}

static int badges_run(const char *db, const char *out, const char *png)
{
	struct badges b = { .png_dir = png };
	struct fair_err err = { "" };
	const char *why = "";
	int rc = EXIT_FAIL;

	if (png && mkdir(png, 0777) && errno != EEXIST)
		return cli_error("cannot make '%s': %s", png, strerror(errno));
	b.st = cli_open_store(db, STORE_READONLY);
	if (!b.st)
		return EXIT_FAIL;
	if (store_event_get(b.st, &b.ev, &err) ||
	    store_signing_key(b.st, b.sk, &err)) {
		cli_error("cannot sign badges from '%s': %s", db, err.msg);
		goto out;
	}
	b.regular = paper_font(false, &why);
	b.bold = paper_font(true, &why);
	if (!b.regular || !b.bold)
		cli_error("%s", why);
	else
		rc = sheets(&b, out) ? EXIT_FAIL : EXIT_OK;
out:
	if (b.regular)
		cairo_font_face_destroy(b.regular);
	if (b.bold)
		cairo_font_face_destroy(b.bold);
	sodium_memzero(b.sk, sizeof(b.sk));
	store_close(b.st);
	paper_release();
	return rc;
}

int cmd_badges(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "png", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *out = NULL, *png = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'p': png = optarg; break;
		default: return cli_usage_error("badges", "bad option");
		}
	}
	if (!db || !out || optind != argc)
		return cli_usage_error("badges", "needs --db and --out");
	return badges_run(db, out, png);
}
