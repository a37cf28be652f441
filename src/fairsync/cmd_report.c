/* fairsync report: an A4 PDF with charts an organizer hands to a funder:
 * arrivals over the day, visitors per booth, schools, session fill rates;
 * with --per-company, a page per visited company and a table of those no
 * one visited. Counts only, no personal data. Japanese unless --lang en.
 *
 * Every bar is proportional to the number printed beside it, on one scale
 * per chart (across its pages); a fill rate is a share of the session's
 * capacity, the full grey track being 100 %. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "cli.h"
#include "fair/caltime.h"
#include "commands.h"
#include "fair/export.h"
#include "paper.h"
#include "report.h"
#include "report_feedback.h"

const char usage_report[] =
	"usage: fairsync report --db EVENT.db --out FILE.pdf [--per-company]\n"
	"         [--lang ja|en]\n\n"
	"Writes an A4 PDF: totals, arrivals per 15 minutes (each student's\n"
	"first check-in; hours marked, the date at each new day), unique\n"
	"visitors per booth (most visited first), students per school, and\n"
	"session fill rates (attendees as a share of capacity).\n"
	"--per-company adds a page for each company with visitors: visitors\n"
	"at its booth and sessions, when they came, which schools; companies\n"
	"without visitors are listed in one table. Counts only: no names.\n"
	"--lang en writes the report in English (Japanese by default).\n"
	"Run 'fairsync merge' first; voided scans do not count.\n";

#define MARGIN (18 * PAPER_MM)
#define SQL_MAX 4096
#define SERIES_MAX 100000
#define SLOT_MS 900000LL        /* 15 minutes */
#define ROW_H 15.0              /* one bar of a horizontal chart */
#define CONTENT_W (PAPER_A4_W - 2 * MARGIN)
#define BOTTOM (PAPER_A4_H - MARGIN - 10)

/* One bar: a label and its value (and a capacity for sessions; for the
 * arrivals chart, cap 1 marks a skipped quiet stretch). */
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
	const struct report_opts *o;
	struct event_info ev;
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
	struct progress bar;
	int page;
};

/* The report's words: Japanese first, English with --lang en. */
#define L(r, ja, en) ((r)->o->english ? (en) : (ja))

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

/* Arrivals per 15 minutes, short gaps filled with zeros, each run of
 * slots starting on the hour; labels "YYYY-MM-DD HH:MM" (venue time). A
 * quiet stretch longer than ARRIVALS_GAP_SLOTS is one marker (cap 1).
 * where narrows the students' first check-ins (e.g. to a company's
 * places). */
static int load_arrivals(struct report *r, const char *where,
			 struct series *out)
{
	char sel[1024];
	struct series raw = { 0 };
	long from;
	int rc;

	snprintf(sel, sizeof(sel), "SELECT (t0 + ?1) / %lld, count(*) FROM "
		 "(SELECT min(t) AS t0 FROM v %s GROUP BY aid) GROUP BY 1 "
		 "ORDER BY 1", SLOT_MS, where);
	rc = load(r, sel, (int64_t)r->ev.utc_offset_min * 60000, &raw);
	out->n = 0;
	from = raw.n ? strtol(raw.v[0].label, NULL, 10) : 0;
	from -= ((from % 4) + 4) % 4; /* back to the hour */
	for (long i = 0; !rc && i < raw.n; i++) {
		long slot = strtol(raw.v[i].label, NULL, 10);
		long next = i + 1 < raw.n ? strtol(raw.v[i + 1].label, NULL,
						   10) : slot + 1;
		bool gap = next - slot > ARRIVALS_GAP_SLOTS;
		char t[17];

		for (long k = from; !rc && k < (gap ? slot + 1 : next); k++) {
			cal_format_minute(k * SLOT_MS, 0, t); /* venue-local */
			rc = series_push(out, t, k == slot ? raw.v[i].value
					 : 0, 0);
		}
		from = next;
		if (!rc && gap) {
			rc = series_push(out, "", 0, 1);
			from -= ((next % 4) + 4) % 4;
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

static void grey(struct report *r, double g)
{
	cairo_set_source_rgb(r->cr, g, g, g);
}

static void blue(struct report *r)
{
	cairo_set_source_rgb(r->cr, 0.15, 0.4, 0.7);
}

static double page_start(struct report *r, const char *title)
{
	char foot[64];

	if (r->page++)
		cairo_show_page(r->cr);
	if (!r->o->quiet)
		progress_step(&r->bar, 1);
	grey(r, 0.4);
	font(r, false, 9);
	paper_text(r->cr, r->ev.name, MARGIN, MARGIN, 9, CONTENT_W);
	snprintf(foot, sizeof(foot), "%d", r->page);
	paper_text_centred(r->cr, foot, PAPER_A4_W / 2,
			   PAPER_A4_H - MARGIN / 2, 9, 100);
	grey(r, 0);
	font(r, true, 18);
	paper_text(r->cr, title, MARGIN, MARGIN + 28, 18, CONTENT_W);
	return MARGIN + 50;
}

static void heading(struct report *r, const char *text, double y)
{
	grey(r, 0);
	font(r, true, 12);
	paper_text(r->cr, text, MARGIN, y, 12, CONTENT_W);
}

/* A paragraph of plain text: notes and "nothing to show" messages, whole,
 * wrapped by the Japanese rules. Returns the height of its lines. */
static double note(struct report *r, const char *text, double y)
{
	grey(r, 0.25);
	font(r, false, 10);
	return paper_text_wrapped(r->cr, text, MARGIN, y, 10, CONTENT_W, 0,
				  14);
}

static long series_max(const struct series *s)
{
	long m = 0;

	for (long i = 0; i < s->n; i++)
		if (s->v[i].value > m)
			m = s->v[i].value;
	return m;
}

/* The axis top: the smallest 1, 2 or 5 x 10^k at or above m. */
static long nice_max(long m)
{
	for (long p = 1;; p *= 10) {
		if (p >= m)
			return p;
		if (2 * p >= m)
			return 2 * p;
		if (5 * p >= m)
			return 5 * p;
	}
}

/* Hours between labelled ticks so that labels (about 26 points wide) do
 * not overlap on bars bw points wide. */
static int hour_step(double bw)
{
	static const int steps[] = { 1, 2, 3, 4, 6, 12, 24 };

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (bw * 4 * steps[i] >= 28)
			return steps[i];
	return 24;
}

static int two_digits(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Vertical bars over time: a value axis with gridlines, a tick and label
 * at every (few) hour(s), the date under the first slot of each day, a
 * dashed line where a quiet stretch (a night) is left out. */
static void vbars(struct report *r, const struct series *s, double y,
		  double h)
{
	double x0 = MARGIN + 30, w = PAPER_A4_W - MARGIN - x0;
	double bw = s->n ? w / s->n : w;
	long max = nice_max(series_max(s));
	int step = hour_step(bw);
	char num[32], day[11] = "";

	font(r, false, 8);
	for (int k = 0; k <= 2; k++) { /* 0, half, top */
		double gy = y + h - h * k / 2.0;

		grey(r, k ? 0.85 : 0.5);
		cairo_rectangle(r->cr, x0, gy, w, k ? 0.4 : 0.7);
		cairo_fill(r->cr);
		if (k == 1 && max % 2)
			continue; /* half of an odd top is not a count */
		grey(r, 0.2);
		snprintf(num, sizeof(num), "%ld", max * k / 2);
		paper_text(r->cr, num, MARGIN, gy + 3, 8, 26);
	}
	for (long i = 0; i < s->n; i++) {
		const struct bar *b = &s->v[i];
		double x = x0 + i * bw;
		double bh = h * (double)b->value / (double)max;

		if (b->cap) { /* the night left out */
			grey(r, 0.5);
			cairo_set_line_width(r->cr, 0.6);
			cairo_set_dash(r->cr, (double[]){ 2, 2 }, 2, 0);
			cairo_move_to(r->cr, x + bw / 2, y);
			cairo_line_to(r->cr, x + bw / 2, y + h);
			cairo_stroke(r->cr);
			cairo_set_dash(r->cr, NULL, 0, 0);
			continue;
		}
		blue(r);
		cairo_rectangle(r->cr, x + bw * 0.1, y + h - bh, bw * 0.8, bh);
		cairo_fill(r->cr);
		grey(r, 0.2);
		/* "YYYY-MM-DD HH:MM": a tick at each labelled hour */
		if (!strcmp(b->label + 13, ":00") &&
		    two_digits(b->label + 11) % step == 0) {
			cairo_rectangle(r->cr, x, y + h, 0.6, 3);
			cairo_fill(r->cr);
			paper_text(r->cr, b->label + 11, x - 9, y + h + 11, 8,
				   28);
		}
		if (strncmp(day, b->label, 10)) { /* a new day: its date */
			snprintf(day, sizeof(day), "%.10s", b->label);
			snprintf(num, sizeof(num), "%.2s/%.2s", b->label + 5,
				 b->label + 8);
			font(r, true, 8);
			paper_text(r->cr, num, x - 9, y + h + 22, 8, 40);
			font(r, false, 8);
		}
	}
}

/* Horizontal bars, one row per item from `from`, all on the scale max;
 * returns the next item that did not fit above bottom. With fill_rate
 * each bar is value / capacity on a grey track that is 100 %. */
static long hbars(struct report *r, const struct series *s, long from,
		  double y, double bottom, long max, bool fill_rate)
{
	double lw = CONTENT_W * 0.38;
	double x0 = MARGIN + lw + 6, w = PAPER_A4_W - MARGIN - x0 - 86;
	long rows = (long)((bottom - y) / ROW_H), to;
	char num[96];

	to = from + rows < s->n ? from + rows : s->n;
	if (max < 1)
		max = 1;
	for (long i = from; i < to; i++, y += ROW_H) {
		const struct bar *b = &s->v[i];
		double frac = (double)b->value / (double)max;

		grey(r, 0);
		font(r, false, 9);
		paper_text(r->cr, b->label, MARGIN, y + 10, 9, lw);
		if (fill_rate && b->cap > 0) {
			frac = (double)b->value / (double)b->cap;
			grey(r, 0.88);
			cairo_rectangle(r->cr, x0, y + 2, w, ROW_H - 4);
			cairo_fill(r->cr);
			snprintf(num, sizeof(num), "%ld/%ld  %ld%%", b->value,
				 b->cap, (b->value * 100 + b->cap / 2) /
				 b->cap);
		} else if (fill_rate) {
			frac = 0; /* no capacity: nothing to be a share of */
			snprintf(num, sizeof(num), "%ld %s", b->value,
				 L(r, "(定員なし)", "(no limit)"));
		} else {
			snprintf(num, sizeof(num), "%ld", b->value);
		}
		if (frac > 1) { /* over capacity: a full bar, in orange */
			frac = 1;
			cairo_set_source_rgb(r->cr, 0.85, 0.45, 0.1);
		} else {
			blue(r);
		}
		cairo_rectangle(r->cr, x0, y + 2, w * frac, ROW_H - 4);
		cairo_fill(r->cr);
		grey(r, 0);
		paper_text(r->cr, num, PAPER_A4_W - MARGIN - 82, y + 10, 9,
			   82);
	}
	return to;
}

/* A chart that may need several pages; empty says why instead. */
static void hbar_pages(struct report *r, const char *title,
		       const struct series *s, bool fill_rate,
		       const char *empty)
{
	long next = 0, max = series_max(s);

	do {
		double y = page_start(r, title);

		if (!s->n) {
			note(r, empty, y + 10);
			return;
		}
		next = hbars(r, s, next, y, BOTTOM, max, fill_rate);
	} while (next < s->n);
}

/* ---- pages ----------------------------------------------------------- */

#define NO_CHECKINS(r) L(r, "まだ受付の記録がありません (キオスクのデータを " \
			 "fairsync merge で取り込んでから作成してください)", \
			 "No check-ins yet (run 'fairsync merge' with the " \
			 "kiosks' files first)")

static int page_overview(struct report *r)
{
	struct series arr = { 0 };
	char line[256];
	double y = page_start(r, L(r, "参加状況", "Attendance"));
	long reg = load_one(r, "SELECT '', count(*) FROM attendees WHERE "
			    "role = 0");
	long came = load_one(r, "SELECT '', count(DISTINCT aid) FROM v");
	long scans = load_one(r, "SELECT '', count(*) FROM v");
	long walk = load_one(r, "SELECT '', count(*) FROM attendees WHERE "
			     "id >= 2147483648");

	font(r, false, 11);
	if (strcmp(r->ev.start_date, r->ev.end_date))
		snprintf(line, sizeof(line), "%s – %s", r->ev.start_date,
			 r->ev.end_date);
	else
		snprintf(line, sizeof(line), "%s", r->ev.start_date);
	paper_text(r->cr, line, MARGIN, y, 11, 400);
	if (r->o->english)
		snprintf(line, sizeof(line), "students registered: %ld "
			 "(walk-ins %ld)   attended: %ld   check-ins: %ld",
			 reg, walk, came, scans);
	else
		snprintf(line, sizeof(line), "登録学生: %ld 人 (当日登録 %ld "
			 "人)   来場: %ld 人   受付: %ld 件", reg, walk, came,
			 scans);
	paper_text(r->cr, line, MARGIN, y + 18, 11, CONTENT_W);
	heading(r, L(r, "到着 (15分ごと、各学生の最初の受付)",
		     "Arrivals per 15 minutes (each student's first "
		     "check-in)"), y + 52);
	if (load_arrivals(r, "", &arr))
		return EXIT_FAIL;
	if (arr.n)
		vbars(r, &arr, y + 64, 220);
	else
		note(r, NO_CHECKINS(r), y + 72);
	free(arr.v);
	return 0;
}

static int pages_lists(struct report *r)
{
	struct series s = { 0 };
	int rc;

	/* every booth, visited or not: a booth nobody came to is news */
	rc = load(r, "SELECT p.name, count(DISTINCT v.aid) FROM places p "
		  "LEFT JOIN v ON v.pid = p.id WHERE p.kind = 'booth' GROUP BY "
		  "p.id ORDER BY 2 DESC, p.name", 0, &s);
	if (!rc)
		hbar_pages(r, L(r, "ブース別 来訪者数",
				"Unique visitors per booth"), &s, false,
			   L(r, "この催しにはブースがありません",
			     "This event has no booths"));
	if (!rc)
		rc = load(r, "SELECT coalesce(nullif(a.school, ''), "
			  "'?'), count(DISTINCT v.aid) FROM v JOIN "
			  "attendees a ON a.id = v.aid GROUP BY 1 ORDER BY 2 "
			  "DESC, 1", 0, &s);
	for (long i = 0; !rc && i < s.n; i++)
		if (!strcmp(s.v[i].label, "?"))
			snprintf(s.v[i].label, sizeof(s.v[i].label), "%s",
				 L(r, "(学校名なし)", "(no school given)"));
	if (!rc)
		hbar_pages(r, L(r, "学校別 参加者数", "Students per school"),
			   &s, false, NO_CHECKINS(r));
	if (!rc)
		rc = load(r, "SELECT p.name, count(DISTINCT v.aid), "
			  "p.capacity FROM places p LEFT JOIN v ON v.pid = "
			  "p.id WHERE p.kind = 'session' GROUP BY p.id ORDER "
			  "BY p.starts_ms, p.name", 0, &s);
	if (!rc)
		hbar_pages(r, L(r, "セッション 充足率 (参加者 / 定員)",
				"Session fill rates (attendees / capacity)"),
			   &s, true, L(r, "この催しにはセッションがありません",
				       "This event has no sessions"));
	free(s.v);
	return rc;
}

static int page_company(struct report *r, int64_t id, const char *name)
{
	struct series s = { 0 };
	char where[160], sel[512];
	double y;
	int rc;

	y = page_start(r, name);
	snprintf(sel, sizeof(sel), "SELECT p.name, count(DISTINCT v.aid) FROM "
		 "places p LEFT JOIN v ON v.pid = p.id WHERE p.company_id = "
		 "%lld GROUP BY p.id ORDER BY p.kind, p.name", (long long)id);
	rc = load(r, sel, 0, &s);
	if (!rc) {
		heading(r, L(r, "来訪者数 (ブース・セッション別)",
			     "Unique visitors (booth and sessions)"), y);
		hbars(r, &s, 0, y + 8, y + 8 + 6 * ROW_H, series_max(&s),
		      false);
	}
	snprintf(where, sizeof(where), "WHERE pid IN (SELECT id FROM places "
		 "WHERE company_id = %lld)", (long long)id);
	if (!rc)
		rc = load_arrivals(r, where, &s);
	if (!rc) {
		heading(r, L(r, "来訪時刻 (15分ごと、最初の来訪)",
			     "When they came (per 15 minutes, first visit)"),
			y + 120);
		vbars(r, &s, y + 132, 150);
	}
	snprintf(sel, sizeof(sel), "SELECT coalesce(nullif(a.school, ''), "
		 "'%s'), count(DISTINCT v.aid) FROM v JOIN attendees a "
		 "ON a.id = v.aid JOIN places p ON p.id = v.pid WHERE "
		 "p.company_id = %lld GROUP BY 1 ORDER BY 2 DESC, 1",
		 L(r, "(学校名なし)", "(no school given)"), (long long)id);
	if (!rc)
		rc = load(r, sel, 0, &s);
	if (!rc) {
		heading(r, L(r, "来訪者の学校", "Schools of visitors"),
			y + 330);
		hbars(r, &s, 0, y + 338, BOTTOM, series_max(&s), false);
	}
	free(s.v);
	return rc;
}

/* Companies nobody visited: rows of a table, not pages of empty charts. */
static void pages_unvisited(struct report *r, const struct series *ids,
			    const struct series *names)
{
	const char *title = L(r, "来訪者のいなかった企業",
			      "Companies without visitors");
	double y = 0;

	for (long i = 0; i < names->n; i++) {
		if (i == 0 || y + ROW_H > BOTTOM) {
			y = page_start(r, title);
			y += note(r, L(r, "ブースにもセッションにも受付の記録"
				       "がない企業です。", "No check-in at "
				       "their booth or sessions."), y) + 6;
			font(r, true, 9);
			grey(r, 0);
			paper_text(r->cr, "ID", MARGIN, y, 9, 80);
			paper_text(r->cr, L(r, "企業名", "Company"),
				   MARGIN + 90, y, 9, 300);
			paper_text(r->cr, L(r, "来訪者", "Visitors"),
				   PAPER_A4_W - MARGIN - 60, y, 9, 60);
			y += ROW_H;
		}
		grey(r, 0.85);
		cairo_rectangle(r->cr, MARGIN, y - 11, CONTENT_W, 0.4);
		cairo_fill(r->cr);
		grey(r, 0);
		font(r, false, 9);
		paper_text(r->cr, ids->v[i].label, MARGIN, y, 9, 85);
		paper_text(r->cr, names->v[i].label, MARGIN + 90, y, 9,
			   CONTENT_W - 160);
		paper_text(r->cr, "0", PAPER_A4_W - MARGIN - 60, y, 9, 60);
		y += ROW_H;
	}
}

static int pages_companies(struct report *r)
{
	struct series ids = { 0 }, names = { 0 };
	sqlite3_stmt *q;
	char sql[SQL_MAX];
	int rc = 0;

	snprintf(sql, sizeof(sql), "%sSELECT c.id, c.ext_id, c.name, EXISTS "
		 "(SELECT 1 FROM v JOIN places p ON p.id = v.pid WHERE "
		 "p.company_id = c.id) FROM companies c ORDER BY c.booth, "
		 "c.name", export_valid_cte(r->st));
	if (sqlite3_prepare_v2(store_db(r->st), sql, -1, &q, NULL))
		return cli_error("cannot list companies");
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 2);

		if (sqlite3_column_int(q, 3))
			rc = page_company(r, sqlite3_column_int64(q, 0), name);
		else if (series_push(&ids, (const char *)
				     sqlite3_column_text(q, 1), 0, 0) ||
			 series_push(&names, name, 0, 0))
			rc = cli_error("report: too many companies");
		if (!rc)        /* tours: students' feedback, when given */
			rc = report_feedback_page(r->cr, r->regular, r->bold,
						  r->st, sqlite3_column_int64(q,
						  0), name, r->o->english,
						  &r->page);
	}
	sqlite3_finalize(q);
	if (!rc && names.n)
		pages_unvisited(r, &ids, &names);
	free(ids.v);
	free(names.v);
	return rc;
}

static int write_pdf(struct report *r)
{
	cairo_surface_t *pdf = cairo_pdf_surface_create(r->o->out, PAPER_A4_W,
							PAPER_A4_H);
	long companies = r->o->per_company ?
		load_one(r, "SELECT '', count(*) FROM companies") : 0;
	int rc;

	/* overview, booths, schools, sessions, then about one a company */
	if (!r->o->quiet)
		progress_start(&r->bar, "report", 4 + companies);
	r->cr = cairo_create(pdf);
	rc = page_overview(r);
	if (!rc)
		rc = pages_lists(r);
	if (!rc && r->o->per_company)
		rc = pages_companies(r);
	cairo_destroy(r->cr);
	cairo_surface_finish(pdf);
	if (!r->o->quiet)
		progress_end(&r->bar);
	if (!rc && cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s': %s", r->o->out,
			       cairo_status_to_string(cairo_surface_status(pdf)));
	cairo_surface_destroy(pdf);
	if (!rc && !r->o->quiet)
		fprintf(stderr, "fairsync: %d %s in '%s'\n", r->page,
			cli_plural(r->page, "page", "pages"), r->o->out);
	return rc;
}

int report_write(struct store *st, const struct report_opts *o, int *pages)
{
	struct report r = { .st = st, .o = o };
	struct fair_err err = { "" };
	const char *why = "";
	int rc = EXIT_FAIL;

	if (store_event_get(r.st, &r.ev, &err))
		return cli_error("cannot report on '%s': %s", o->db, err.msg);
	r.regular = paper_font(false, &why);
	r.bold = paper_font(true, &why);
	if (!r.regular || !r.bold)
		cli_error("%s", why);
	else
		rc = write_pdf(&r) ? EXIT_FAIL : EXIT_OK;
	if (r.regular)
		cairo_font_face_destroy(r.regular);
	if (r.bold)
		cairo_font_face_destroy(r.bold);
	paper_release();
	if (pages)
		*pages = r.page;
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "per-company", no_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const pdf[] = { ".pdf", NULL };
	struct report_opts o = { 0 };
	struct store *st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'o': o.out = optarg; break;
		case 'c': o.per_company = true; break;
		case 'l':
			if (strcmp(optarg, "ja") && strcmp(optarg, "en"))
				return cli_usage_error("report", "--lang is ja "
						       "or en, not '%s'",
						       optarg);
			o.english = !strcmp(optarg, "en");
			break;
		default: return cli_usage_error("report", "bad option");
		}
	}
	if (!o.db || !o.out || optind != argc)
		return cli_usage_error("report", "needs --db and --out");
	rc = cli_out_file("report", "--out", o.out, pdf);
	if (rc)
		return rc;
	st = cli_open_store(o.db, STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	rc = cli_refuse_unfinished_merge(st, o.db, "write a report");
	if (!rc)
		rc = report_write(st, &o, NULL);
	store_close(st);
	return rc;
}
