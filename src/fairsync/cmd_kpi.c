/* fairsync export kpi: the funder's results table (実績報告) with targets,
 * as XLSX, CSV or an A4 PDF. The figures are fair/kpi.h's; this file only
 * reads the options and draws the PDF. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>

#include "cli.h"
#include "commands.h"
#include "fair/central.h"
#include "fair/kpi.h"
#include "paper.h"

#define MARGIN (18 * PAPER_MM)
#define CONTENT_W (PAPER_A4_W - 2 * MARGIN)
#define BOTTOM (PAPER_A4_H - MARGIN - 10)
#define ROW_H 15.0

struct kpi_pdf {
	const struct kpi_report *rep;
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
	int page;
	double y;
};

static void pdf_font(struct kpi_pdf *p, bool bold, double size)
{
	cairo_set_font_face(p->cr, bold ? p->bold : p->regular);
	cairo_set_font_size(p->cr, size);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void pdf_page(struct kpi_pdf *p, const char *title)
{
	char foot[32];

	if (p->page++)
		cairo_show_page(p->cr);
	pdf_font(p, false, 9);
	paper_text(p->cr, p->rep->event_name, MARGIN, MARGIN, 9, CONTENT_W);
	snprintf(foot, sizeof(foot), "%d", p->page);
	paper_text_centred(p->cr, foot, PAPER_A4_W / 2,
			   PAPER_A4_H - MARGIN / 2, 9, 100);
	pdf_font(p, true, 18);
	paper_text(p->cr, title, MARGIN, MARGIN + 28, 18, CONTENT_W);
	p->y = MARGIN + 56;
}

/* Column edges of the table: 指標, 目標, 実績, 達成率. */
static const double col_x[] = { 0, 0.55, 0.70, 0.85 };

static void pdf_cells(struct kpi_pdf *p, const char *const cells[4],
		      bool bold)
{
	pdf_font(p, bold, 10);
	for (int c = 0; c < 4; c++) {
		double x = MARGIN + col_x[c] * CONTENT_W;
		double w = ((c < 3 ? col_x[c + 1] : 1.0) - col_x[c]) *
			   CONTENT_W - 6;

		paper_text(p->cr, cells[c], x, p->y, 10, w);
	}
	cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, p->y + 4);
	cairo_line_to(p->cr, MARGIN + CONTENT_W, p->y + 4);
	cairo_stroke(p->cr);
	p->y += ROW_H;
}

static void pdf_table_head(struct kpi_pdf *p)
{
	static const char *const head[4] = { "指標", "目標", "実績",
					     "達成率" };

	pdf_cells(p, head, true);
}

static void pdf_row(struct kpi_pdf *p, const struct kpi_row *r,
		    const char *title)
{
	char v[300], t[64], q[64];
	const char *cells[4] = { r->indicator, t, v, q };

	if (p->y > BOTTOM) {
		pdf_page(p, title);
		pdf_table_head(p);
	}
	kpi_value_text(p->rep, r, v, sizeof(v));
	kpi_target_text(r, t, sizeof(t));
	kpi_ratio_text(r, q, sizeof(q));
	pdf_cells(p, cells, false);
}

static void pdf_pages(struct kpi_pdf *p)
{
	const struct kpi_report *rep = p->rep;

	pdf_page(p, "実績報告");
	for (int i = 0; i < rep->nrows; i++) {
		const struct kpi_row *r = &rep->rows[i];
		char line[480];

		if (r->kind != KPI_TEXT)
			continue;
		snprintf(line, sizeof(line), "%s: %s", r->indicator, r->text);
		pdf_font(p, false, 10);
		paper_text(p->cr, line, MARGIN, p->y, 10, CONTENT_W);
		p->y += ROW_H;
	}
	p->y += ROW_H / 2;
	pdf_table_head(p);
	for (int i = 0; i < rep->nrows; i++)
		if (rep->rows[i].kind != KPI_TEXT &&
		    kpi_on_summary(&rep->rows[i]))
			pdf_row(p, &rep->rows[i], "実績報告");
	for (int s = KPI_SHEET_COMPANIES; s < KPI_SHEET_COUNT; s++) {
		const char *section = NULL;

		if (!kpi_sheet_used(rep, (enum kpi_sheet)s))
			continue;
		pdf_page(p, kpi_sheet_name((enum kpi_sheet)s));
		pdf_table_head(p);
		for (int i = 0; i < rep->nrows; i++) {
			const struct kpi_row *r = &rep->rows[i];

			if (r->sheet != (enum kpi_sheet)s)
				continue;
			if (r->section[0] && (!section ||
					      strcmp(section, r->section))) {
				section = r->section;
				p->y += 4;
				pdf_font(p, true, 11);
				paper_text(p->cr, section, MARGIN, p->y, 11,
					   CONTENT_W);
				p->y += ROW_H;
			}
			pdf_row(p, r, kpi_sheet_name((enum kpi_sheet)s));
		}
	}
}

static int write_pdf(const struct kpi_report *rep, const char *out)
{
	struct kpi_pdf p = { .rep = rep };
	cairo_surface_t *pdf;
	char tmp[4200];
	const char *why = "";
	int rc = EXIT_OK;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.part%d", out,
			     (int)getpid()) >= sizeof(tmp))
		return cli_error("path too long: '%s'", out);
	p.regular = paper_font(false, &why);
	p.bold = paper_font(true, &why);
	if (!p.regular || !p.bold) {
		rc = cli_error("%s", why);
		goto out;
	}
	pdf = cairo_pdf_surface_create(tmp, PAPER_A4_W, PAPER_A4_H);
	p.cr = cairo_create(pdf);
	pdf_pages(&p);
	cairo_destroy(p.cr);
	cairo_surface_finish(pdf);
	if (cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s': %s", out,
			       cairo_status_to_string(
				       cairo_surface_status(pdf)));
	cairo_surface_destroy(pdf);
	if (rc == EXIT_OK && rename(tmp, out))
		rc = cli_error("cannot write '%s'", out);
	if (rc != EXIT_OK)
		unlink(tmp);
out:
	if (p.regular)
		cairo_font_face_destroy(p.regular);
	if (p.bold)
		cairo_font_face_destroy(p.bold);
	paper_release();
	return rc;
}

struct kpi_args {
	const char *db, *out, *targets, *format, *season;
	unsigned min_count;
	double min_rate;
	bool list, min_given;
};

static int parse(int argc, char **argv, struct kpi_args *a)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "targets", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "min-count", required_argument, NULL, 'm' },
		{ "list", no_argument, NULL, 'l' },
		{ "season", required_argument, NULL, 's' },
		{ "min-rate", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	char *end = NULL;
	int c;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'o': a->out = optarg; break;
		case 't': a->targets = optarg; break;
		case 'f': a->format = optarg; break;
		case 'l': a->list = true; break;
		case 's':
			/* a fiscal year: 2026 or 2026年度 */
			a->season = optarg;
			if (strtol(optarg, &end, 10) < 1970 || end == optarg ||
			    (*end && strcmp(end, "年度")))
				return cli_usage_error("export", "--season is a "
						       "fiscal year (年度) such "
						       "as 2026, not '%s'",
						       optarg);
			break;
		case 'r':
			a->min_rate = strtod(optarg, &end);
			if (end == optarg || *end || !(a->min_rate > 0 &&
						       a->min_rate <= 1))
				return cli_usage_error("export", "--min-rate "
						       "is a number above 0 "
						       "up to 1, not '%s'",
						       optarg);
			break;
		case 'm':
			if (!cli_parse_u32(optarg, "--min-count",
					   &a->min_count) ||
			    a->min_count > 1000)
				return EXIT_USAGE;
			a->min_given = true;
			break;
		default: return cli_usage_error("export", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("export", "unexpected '%s'",
				       argv[optind]);
	if (!a->db || (!a->out && !a->list))
		return cli_usage_error("export", "kpi needs --db and --out");
	if (a->season && !central_is_url(a->db))
		return cli_usage_error("export", "--season counts the events "
				       "of a central database: --db "
				       "postgresql://...");
	if (!a->format && a->out)
		a->format = cli_has_ext(a->out, ".pdf") ? "pdf" :
			    cli_has_ext(a->out, ".csv") ? "csv" : "xlsx";
	if (a->format && strcmp(a->format, "xlsx") &&
	    strcmp(a->format, "csv") && strcmp(a->format, "pdf"))
		return cli_usage_error("export", "kpi --format is xlsx, csv "
				       "or pdf, not '%s'", a->format);
	if (a->out && !cli_has_ext(a->out, a->format[0] == 'x' ? ".xlsx" :
				   a->format[0] == 'c' ? ".csv" : ".pdf"))
		return cli_usage_error("export", "--out '%s' does not end in "
				       ".%s", a->out, a->format);
	return 0;
}

static void list_indicators(const struct kpi_report *rep)
{
	printf("指標\tシート\t実績\n");
	for (int i = 0; i < rep->nrows; i++) {
		char v[300];

		if (rep->rows[i].kind == KPI_TEXT)
			continue;
		kpi_value_text(rep, &rep->rows[i], v, sizeof(v));
		printf("%s\t%s\t%s\n", rep->rows[i].indicator,
		       kpi_sheet_name(rep->rows[i].sheet), v);
	}
}

int cmd_export_kpi(int argc, char **argv)
{
	struct kpi_args a = { 0 };
	struct kpi_opts o = { 0 };
	struct kpi_report rep;
	struct fair_err err = { "" };
	struct store *st;
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc;
	if (central_is_url(a.db)) {
		/* a season: its events as one file, counted by the same
		 * kpi_compute() as one event */
		st = central_season_open(a.db, a.season, &err);
		if (!st)
			return cli_error("cannot read the central database: "
					 "%s", err.msg);
	} else {
		st = cli_open_store(a.db, STORE_READONLY);
	}
	if (!st)
		return EXIT_FAIL;
	if (cli_refuse_unfinished_merge(st, a.db, N_("export"))) {
		store_close(st);
		return EXIT_FAIL;
	}
	o.min_count = a.min_given ? (int)(a.min_count ? a.min_count : 1) : 0;
	o.min_rate = a.min_rate;
	rc = kpi_compute(st, &o, &rep, &err);
	store_close(st);
	if (rc) {
		kpi_report_free(&rep);
		return cli_error("%s: %s", a.db, err.msg);
	}
	if (a.targets && kpi_targets_read(&rep, a.targets, &err)) {
		kpi_report_free(&rep);
		return cli_error("%s", err.msg);
	}
	if (a.list) {
		list_indicators(&rep);
		kpi_report_free(&rep);
		return EXIT_OK;
	}
	if (!strcmp(a.format, "pdf"))
		rc = write_pdf(&rep, a.out);
	else if (kpi_write(&rep, a.format[0] == 'x' ? KPI_XLSX : KPI_CSV,
			   a.out, &err))
		rc = cli_error("%s", err.msg);
	if (!rc)
		cli_note(P_("wrote the KPI report (%d figure) to '%s'",
			    "wrote the KPI report (%d figures) to '%s'",
			    rep.nrows), rep.nrows, a.out);
	kpi_report_free(&rep);
	return rc;
}
