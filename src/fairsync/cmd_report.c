/* fairsync report: an A4 PDF with charts an organizer hands to a funder:
 * arrivals over the day, visitors per booth, schools, session fill rates;
 * with --per-company, a page per company. Counts only, no personal data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "cli.h"
#include "commands.h"
#include "fair/export.h"
#include "paper.h"

const char usage_report[] =
	"usage: fairsync report --db EVENT.db --out FILE.pdf [--per-company]\n\n"
	"Writes an A4 PDF: totals, arrivals per 15 minutes (each student's\n"
	"first check-in), unique visitors per booth (most visited first),\n"
	"students per school, and session fill rates against capacity.\n"
	"--per-company adds a page for each company: visitors at its booth and\n"
	"sessions, when they came, which schools. Counts only: no names.\n"
	"Run 'fairsync merge' first; voided scans do not count.\n";

#define MARGIN (18 * PAPER_MM)
#define SQL_MAX 4096
#define SERIES_MAX 100000
#define SLOT_MS 900000LL        /* 15 minutes */
#define ROW_H 15.0              /* one bar of a horizontal chart */

/* One bar: a label and its value (and a capacity for sessions). */
struct bar {
	char label[128];
	long value;
	long cap;
};

struct series {
	struct bar *v;
	long n, cap;
};

struct report {
	struct store *st;
	struct event_info ev;
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
	int page;
};

/* ---- data ------------------------------------------------------------ */

static int series_push(struct series *s, const char *label, long v,
		       long cap)
{
	if (s->n == s->cap) {
		long c = s->cap ? s->cap * 2 : 64;
		struct bar *b;

		if (c > SERIES_MAX)
			return -1;
		b = realloc(s->v, (size_t)c * sizeof(*b));
		if (!b)
			return -1;
		s->v = b;
		s->cap = c;
	}
	snprintf(s->v[s->n].label, sizeof(s->v[0].label), "%s",
		 label ? label : "");
	s->v[s->n].value = v;
	s->v[s->n++].cap = cap;
	return 0;
}

/* Runs CTE + select (columns: label, value[, capacity]) with ?1 bound to
 * a1 into s. */
static int load(struct report *r, const char *select, int64_t a1,
		struct series *s)
{
	char sql[SQL_MAX];
	sqlite3_stmt *q;
	sqlite3 *db = store_db(r->st);
	int rc = 0;

	s->n = 0;
	snprintf(sql, sizeof(sql), "%s%s", export_valid_cte(r->st), select);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return cli_error("report query failed: %s", sqlite3_errmsg(db));
	if (sqlite3_bind_parameter_count(q) >= 1)
		sqlite3_bind_int64(q, 1, a1);
	while (!rc && sqlite3_step(q) == SQLITE_ROW)
		rc = series_push(s, (const char *)sqlite3_column_text(q, 0),
				 (long)sqlite3_column_int64(q, 1),
				 sqlite3_column_count(q) > 2 ?
				 (long)sqlite3_column_int64(q, 2) : 0);
	sqlite3_finalize(q);
	return rc ? cli_error("report: too many rows") : 0;
}

static long load_one(struct report *r, const char *select)
{
	struct series s = { 0 };
	long v;

	if (load(r, select, 0, &s) || s.n < 1)
		v = 0;
	else
		v = s.v[0].value;
	free(s.v);
	return v;
}

/* A quiet stretch longer than this (a night, a day without a fair) is one
 * empty bar labelled with the day that follows ("12/06"), so a multi-day
 * event's chart shows its days, not their nights. */
#define ARRIVALS_GAP_SLOTS (4 * 60 * 60 * 1000 / SLOT_MS)

/* Arrivals per 15 minutes, short gaps filled with zeros; labels "HH:MM".
 * where narrows the students' first check-ins (e.g. to a company's
 * places). */
static int load_arrivals(struct report *r, const char *where,
			 struct series *out)
{
	char sel[1024];
	struct series raw = { 0 };
	int rc;

	snprintf(sel, sizeof(sel), "SELECT (t0 + ?1) / %lld, count(*) FROM "
		 "(SELECT min(t) AS t0 FROM v %s GROUP BY aid) GROUP BY 1 "
		 "ORDER BY 1", SLOT_MS, where);
	rc = load(r, sel, (int64_t)r->ev.utc_offset_min * 60000, &raw);
	out->n = 0;
	for (long i = 0; !rc && i < raw.n; i++) {
		long slot = strtol(raw.v[i].label, NULL, 10);
		long next = i + 1 < raw.n ? strtol(raw.v[i + 1].label, NULL,
						   10) : slot + 1;
		bool gap = next - slot > ARRIVALS_GAP_SLOTS;
		char t[20];

		for (long k = slot; !rc && k < (gap ? slot + 1 : next); k++) {
			export_format_time(k * SLOT_MS, 0, t);
			t[16] = '\0';
			rc = series_push(out, t + 11, k == slot ?
					 raw.v[i].value : 0, 0);
		}
		if (!rc && gap) { /* "YYYY-MM-DD" of the next arrival -> "MM/DD" */
			export_format_time(next * SLOT_MS, 0, t);
			t[7] = '/';
			t[10] = '\0';
			rc = series_push(out, t + 5, 0, 0);
		}
	}
	free(raw.v);
	return rc;
}

/* ---- drawing --------------------------------------------------------- */

static void font(struct report *r, bool bold, double size)
{
	cairo_set_font_face(r->cr, bold ? r->bold : r->regular);
	cairo_set_font_size(r->cr, size);
}

static double page_start(struct report *r, const char *title)
{
	char foot[64];

	if (r->page++)
		cairo_show_page(r->cr);
	cairo_set_source_rgb(r->cr, 0.4, 0.4, 0.4);
	font(r, false, 9);
	paper_text(r->cr, r->ev.name, MARGIN, MARGIN, 9,
		   PAPER_A4_W - 2 * MARGIN);
	snprintf(foot, sizeof(foot), "%d", r->page);
	paper_text_centred(r->cr, foot, PAPER_A4_W / 2,
			   PAPER_A4_H - MARGIN / 2, 9, 100);
	cairo_set_source_rgb(r->cr, 0, 0, 0);
	font(r, true, 18);
	paper_text(r->cr, title, MARGIN, MARGIN + 28, 18,
		   PAPER_A4_W - 2 * MARGIN);
	return MARGIN + 50;
}

static void heading(struct report *r, const char *text, double y)
{
	cairo_set_source_rgb(r->cr, 0, 0, 0);
	font(r, true, 12);
	paper_text(r->cr, text, MARGIN, y, 12, PAPER_A4_W - 2 * MARGIN);
}

static long series_max(const struct series *s, long from, long to)
{
	long m = 1;

	for (long i = from; i < to; i++) {
		if (s->v[i].value > m)
			m = s->v[i].value;
		if (s->v[i].cap > m)
			m = s->v[i].cap;
	}
	return m;
}

/* Vertical bars over time, a label every hour and at each new day. */
static void vbars(struct report *r, const struct series *s, double y,
		  double h)
{
	double x0 = MARGIN + 30, w = PAPER_A4_W - MARGIN - x0;
	double bw = s->n ? w / s->n : w;
	long max = series_max(s, 0, s->n);
	char num[32];

	cairo_set_source_rgb(r->cr, 0.6, 0.6, 0.6);
	cairo_rectangle(r->cr, x0, y + h, w, 0.5);
	cairo_fill(r->cr);
	font(r, false, 8);
	snprintf(num, sizeof(num), "%ld", max);
	paper_text(r->cr, num, MARGIN, y + 8, 8, 28);
	for (long i = 0; i < s->n; i++) {
		double bh = h * (double)s->v[i].value / (double)max;

		cairo_set_source_rgb(r->cr, 0.15, 0.4, 0.7);
		cairo_rectangle(r->cr, x0 + i * bw + bw * 0.1, y + h - bh,
				bw * 0.8, bh);
		cairo_fill(r->cr);
		if (!strcmp(s->v[i].label + 2, ":00") ||
		    strchr(s->v[i].label, '/') || s->n <= 12) {
			cairo_set_source_rgb(r->cr, 0.2, 0.2, 0.2);
			paper_text(r->cr, s->v[i].label, x0 + i * bw,
				   y + h + 11, 8, 40);
		}
	}
}

/* Horizontal bars, one row per item from `from`; returns the next item
 * that did not fit above bottom. */
static long hbars(struct report *r, const struct series *s, long from,
		  double y, double bottom, bool fill_rate)
{
	double lw = (PAPER_A4_W - 2 * MARGIN) * 0.38;
	double x0 = MARGIN + lw + 6, w = PAPER_A4_W - MARGIN - x0 - 70;
	long rows = (long)((bottom - y) / ROW_H), to;
	long max;
	char num[64];

	to = from + rows < s->n ? from + rows : s->n;
	max = series_max(s, from, to);
	for (long i = from; i < to; i++, y += ROW_H) {
		const struct bar *b = &s->v[i];

		cairo_set_source_rgb(r->cr, 0, 0, 0);
		font(r, false, 9);
		paper_text(r->cr, b->label, MARGIN, y + 10, 9, lw);
		if (fill_rate && b->cap > 0) {
			cairo_set_source_rgb(r->cr, 0.88, 0.88, 0.88);
			cairo_rectangle(r->cr, x0, y + 2, w * b->cap / max,
					ROW_H - 4);
			cairo_fill(r->cr);
			snprintf(num, sizeof(num), "%ld/%ld %ld%%", b->value,
				 b->cap, b->value * 100 / b->cap);
		} else {
			snprintf(num, sizeof(num), "%ld", b->value);
		}
		cairo_set_source_rgb(r->cr, 0.15, 0.4, 0.7);
		cairo_rectangle(r->cr, x0, y + 2, w * b->value / max,
				ROW_H - 4);
		cairo_fill(r->cr);
		cairo_set_source_rgb(r->cr, 0, 0, 0);
		paper_text(r->cr, num, PAPER_A4_W - MARGIN - 66, y + 10, 9,
			   66);
	}
	return to;
}

/* A chart that may need several pages. */
static void hbar_pages(struct report *r, const char *title,
		       const struct series *s, bool fill_rate)
{
	long next = 0;

	do {
		double y = page_start(r, title);

		if (!s->n) {
			heading(r, "(no check-ins yet)", y + 10);
			return;
		}
		next = hbars(r, s, next, y, PAPER_A4_H - MARGIN - 10,
			     fill_rate);
	} while (next < s->n);
}

/* ---- pages ----------------------------------------------------------- */

static int page_overview(struct report *r)
{
	struct series arr = { 0 };
	char line[256];
	double y = page_start(r, "参加状況 / Attendance");
	long reg = load_one(r, "SELECT '', count(*) FROM attendees WHERE "
			    "role = 0");
	long came = load_one(r, "SELECT '', count(DISTINCT aid) FROM v");
	long scans = load_one(r, "SELECT '', count(*) FROM v");
	long walk = load_one(r, "SELECT '', count(*) FROM attendees WHERE "
			     "id >= 2147483648");

	font(r, false, 11);
	snprintf(line, sizeof(line), "%s – %s", r->ev.start_date,
		 r->ev.end_date);
	paper_text(r->cr, line, MARGIN, y, 11, 400);
	snprintf(line, sizeof(line), "students registered: %ld (walk-ins "
		 "%ld)   attended: %ld   check-ins: %ld", reg, walk, came,
		 scans);
	paper_text(r->cr, line, MARGIN, y + 18, 11, PAPER_A4_W - 2 * MARGIN);
	heading(r, "到着 (15分ごと) / Arrivals per 15 minutes", y + 52);
	if (load_arrivals(r, "", &arr))
		return EXIT_FAIL;
	vbars(r, &arr, y + 64, 220);
	free(arr.v);
	return 0;
}

static int pages_lists(struct report *r)
{
	struct series s = { 0 };
	int rc;

	rc = load(r, "SELECT p.name, count(DISTINCT v.aid) FROM v JOIN places"
		  " p ON p.id = v.pid WHERE p.kind = 'booth' GROUP BY p.id "
		  "ORDER BY 2 DESC, p.name", 0, &s);
	if (!rc)
		hbar_pages(r, "ブース別 来訪者数 / Unique visitors per booth",
			   &s, false);
	if (!rc)
		rc = load(r, "SELECT coalesce(nullif(a.school, ''), "
			  "'(unknown)'), count(DISTINCT v.aid) FROM v JOIN "
			  "attendees a ON a.id = v.aid GROUP BY 1 ORDER BY 2 "
			  "DESC, 1", 0, &s);
	if (!rc)
		hbar_pages(r, "学校別 参加者数 / Students per school", &s,
			   false);
	if (!rc)
		rc = load(r, "SELECT p.name, count(DISTINCT v.aid), "
			  "p.capacity FROM places p LEFT JOIN v ON v.pid = "
			  "p.id WHERE p.kind = 'session' GROUP BY p.id ORDER "
			  "BY p.starts_ms, p.name", 0, &s);
	if (!rc)
		hbar_pages(r, "セッション 充足率 / Session fill rates", &s,
			   true);
	free(s.v);
	return rc;
}

static int page_company(struct report *r, int64_t id, const char *name)
{
	struct series s = { 0 };
	char where[160], sel[512], title[300];
	double y;
	int rc;

	snprintf(title, sizeof(title), "%s", name);
	y = page_start(r, title);
	snprintf(sel, sizeof(sel), "SELECT p.name, count(DISTINCT v.aid) FROM "
		 "v JOIN places p ON p.id = v.pid WHERE p.company_id = %lld "
		 "GROUP BY p.id ORDER BY p.kind, p.name", (long long)id);
	rc = load(r, sel, 0, &s);
	if (!rc) {
		heading(r, "来訪者数 / Unique visitors", y);
		hbars(r, &s, 0, y + 8, y + 8 + 6 * ROW_H, false);
	}
	snprintf(where, sizeof(where), "WHERE pid IN (SELECT id FROM places "
		 "WHERE company_id = %lld)", (long long)id);
	if (!rc)
		rc = load_arrivals(r, where, &s);
	if (!rc) {
		heading(r, "来訪時刻 / When they came (15 min)", y + 120);
		vbars(r, &s, y + 132, 150);
	}
	snprintf(sel, sizeof(sel), "SELECT coalesce(nullif(a.school, ''), "
		 "'(unknown)'), count(DISTINCT v.aid) FROM v JOIN attendees a "
		 "ON a.id = v.aid JOIN places p ON p.id = v.pid WHERE "
		 "p.company_id = %lld GROUP BY 1 ORDER BY 2 DESC, 1",
		 (long long)id);
	if (!rc)
		rc = load(r, sel, 0, &s);
	if (!rc) {
		heading(r, "学校 / Schools of visitors", y + 330);
		hbars(r, &s, 0, y + 338, PAPER_A4_H - MARGIN - 10, false);
	}
	free(s.v);
	return rc;
}

static int pages_companies(struct report *r)
{
	sqlite3_stmt *q;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(r->st), "SELECT id, name FROM "
			       "companies ORDER BY booth, name", -1, &q, NULL))
		return cli_error("cannot list companies");
	while (!rc && sqlite3_step(q) == SQLITE_ROW)
		rc = page_company(r, sqlite3_column_int64(q, 0),
				  (const char *)sqlite3_column_text(q, 1));
	sqlite3_finalize(q);
	return rc;
}

static int write_pdf(struct report *r, const char *out, bool per_company)
{
	cairo_surface_t *pdf = cairo_pdf_surface_create(out, PAPER_A4_W,
							PAPER_A4_H);
	int rc;

	r->cr = cairo_create(pdf);
	rc = page_overview(r);
	if (!rc)
		rc = pages_lists(r);
	if (!rc && per_company)
		rc = pages_companies(r);
	cairo_destroy(r->cr);
	cairo_surface_finish(pdf);
	if (!rc && cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s': %s", out,
			       cairo_status_to_string(cairo_surface_status(pdf)));
	cairo_surface_destroy(pdf);
	if (!rc)
		fprintf(stderr, "fairsync: %d pages in '%s'\n", r->page, out);
	return rc;
}

static int report_run(const char *db, const char *out, bool per_company)
{
	struct report r = { 0 };
	struct fair_err err = { "" };
	const char *why = "";
	int rc = EXIT_FAIL;

	r.st = cli_open_store(db, STORE_READONLY);
	if (!r.st)
		return EXIT_FAIL;
	if (store_event_get(r.st, &r.ev, &err)) {
		cli_error("cannot report on '%s': %s", db, err.msg);
		goto out;
	}
	r.regular = paper_font(false, &why);
	r.bold = paper_font(true, &why);
	if (!r.regular || !r.bold)
		cli_error("%s", why);
	else
		rc = write_pdf(&r, out, per_company) ? EXIT_FAIL : EXIT_OK;
out:
	if (r.regular)
		cairo_font_face_destroy(r.regular);
	if (r.bold)
		cairo_font_face_destroy(r.bold);
	store_close(r.st);
	paper_release();
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "per-company", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *out = NULL;
	bool per_company = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'c': per_company = true; break;
		default: return cli_usage_error("report", "bad option");
		}
	}
	if (!db || !out || optind != argc)
		return cli_usage_error("report", "needs --db and --out");
	return report_run(db, out, per_company);
}
