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
#include "fair/figures.h"
#include "paper.h"
#include "report.h"
#include "report_feedback.h"

const char usage_report[] = N_(
	"usage: fairsync report --db EVENT.db --out FILE.pdf [--per-company]\n"
	"         [--lang ja|en]\n\n"
	"Writes an A4 PDF: totals, arrivals per hour of each day (each\n"
	"student's first check-in, venue time; the count on every bar),\n"
	"unique visitors per booth (most visited first) and per host company\n"
	"and day (tours), students per school, and session fill rates\n"
	"(attendees as a share of capacity). A chart with nothing to show\n"
	"(no booth scans, no sessions, no check-ins) has no page.\n"
	"--per-company adds a page for each company with visitors: visitors\n"
	"at its booth, sessions and host days, when they came, which schools;\n"
	"companies without visitors are listed in one table. Counts only: no\n"
	"names. No text is smaller than 8 points: long labels wrap.\n"
	"--lang en writes the report in English (Japanese by default).\n"
	"Run 'fairsync merge' first; voided scans do not count.\n");

#define MARGIN (18 * PAPER_MM)
#define SQL_MAX 4096
#define SERIES_MAX 100000
#define ROW_H 15.0              /* one bar of a horizontal chart */
#define MIN_PT 8.0              /* no text on paper is smaller */
#define LABEL_PT 9.0            /* a bar's label, wrapped ... */
#define LABEL_LH 11.0           /* ... on lines this far apart */
#define CONTENT_W (PAPER_A4_W - 2 * MARGIN)
#define BOTTOM (PAPER_A4_H - MARGIN - 10)

/* One bar: a label and its value (and a capacity for sessions); group
 * and key order bars where SQL does not (a host day's company, start). */
struct bar {
	char label[256];
	char note[24];  /* a host day's date, in a column of its own */
	long value;
	long cap;
	int64_t group, key;
};

/* Arrivals in one venue hour. */
struct hour_n {
	int64_t day;    /* days since 1970-01-01, venue time */
	int hour;       /* 0-23 */
	long n;
};

struct hours {
	struct hour_n *v;
	long n, cap;
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
	long booth_visitors;    /* 0: booths were not scanned (a tour) */
};

/* The report's words: Japanese first, English with --lang en. */
#define L(r, ja, en) ((r)->o->english ? (en) : (ja))

#define NO_CHECKINS(r) L(r, "まだ受付の記録がありません (キオスクのデータを " \
			 "fairsync merge で取り込んでから作成してください)", \
			 "No check-ins yet (run 'fairsync merge' with the " \
			 "kiosks' files first)")

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
	s->v[s->n].note[0] = '\0';
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

/* The kinds a company's rows can have, for its heading. */
static const char *const kinds[][3] = {
	{ "booth", "ブース", "booth" },
	{ "session", "セッション", "sessions" },
	{ "visit", "受入日", "host days" },
};
#define KINDS (sizeof(kinds) / sizeof(kinds[0]))

struct places_ctx {
	struct report *r;
	struct series *s;
	long visitors;          /* summed over the places */
	bool company_page;      /* labels for a company's own page */
	unsigned seen;          /* kinds of the rows, bits in kinds[] order */
};

/* A place as a bar: a host day is labelled with its date, so a company
 * hosting on three days is three dated rows, not its name three times. */
static int add_place(const struct fig_place *p, void *ctx)
{
	struct places_ctx *c = ctx;
	struct report *r = c->r;
	char date[16], label[sizeof(c->s->v[0].label)];
	int64_t day = cal_local_day(p->starts_ms, r->ev.utc_offset_min);

	if (r->o->english)
		cal_format_day(day, date);
	else
		cal_format_md_ja(day, date);
	if (c->company_page && !strcmp(p->kind, "booth") &&
	    !r->booth_visitors)
		return 0; /* booths nobody scanned at: no row */
	if (!strcmp(p->kind, "visit") && c->company_page)
		snprintf(label, sizeof(label), "%s %s", L(r, "受入",
			 "Visit"), date);
	else if (!strcmp(p->kind, "booth") && c->company_page)
		snprintf(label, sizeof(label), "%s", L(r, "ブース", "Booth"));
	else
		snprintf(label, sizeof(label), "%s", p->name);
	c->visitors += p->visitors;
	for (size_t k = 0; k < KINDS; k++)
		if (!strcmp(p->kind, kinds[k][0]))
			c->seen |= 1u << k;
	if (series_push(c->s, label, p->visitors, p->capacity))
		return 1;
	if (!strcmp(p->kind, "visit") && !c->company_page)
		snprintf(c->s->v[c->s->n - 1].note, sizeof(c->s->v[0].note),
			 "%s", date); /* a date never wraps mid-way */
	c->s->v[c->s->n - 1].group = p->company_id;
	c->s->v[c->s->n - 1].key = p->starts_ms;
	return 0;
}

/* The places of kind (NULL: any) of company (0: all) into s. */
static int load_places(struct report *r, const char *kind, int64_t company,
		       bool company_page, struct series *s, long *visitors,
		       unsigned *seen)
{
	struct places_ctx c = { r, s, 0, company_page, 0 };
	struct fair_err err = { "" };
	int rc;

	s->n = 0;
	rc = figures_places(r->st, kind, company, add_place, &c, &err);
	if (visitors)
		*visitors = c.visitors;
	if (seen)
		*seen = c.seen;
	if (rc > 0)
		return cli_error("report: too many places");
	return rc ? cli_error("report: %s", err.msg) : 0;
}

static int add_hour(int64_t day, int hour, long n, void *ctx)
{
	struct hours *h = ctx;

	if (h->n == h->cap) {
		long c = h->cap ? h->cap * 2 : 64;
		struct hour_n *v;

		if (c > SERIES_MAX)
			return 1;
		v = realloc(h->v, (size_t)c * sizeof(*v));
		if (!v)
			return 1;
		h->v = v;
		h->cap = c;
	}
	h->v[h->n++] = (struct hour_n){ day, hour, n };
	return 0;
}

/* Each student's first check-in per venue hour (at company's places when
 * company is not 0). */
static int load_arrivals(struct report *r, int64_t company, struct hours *h)
{
	struct fair_err err = { "" };
	int rc;

	h->n = 0;
	rc = figures_arrivals_by_hour(r->st, r->ev.utc_offset_min, company,
				      add_hour, h, &err);
	if (rc > 0)
		return cli_error("report: too many hours");
	return rc ? cli_error("report: %s", err.msg) : 0;
}

/* Most visitors first, then by label. */
static int by_value(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return strcmp(x->label, y->label);
}

/* By company in the roster's order, then its days in order. */
static int by_group_key(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;

	if (x->group != y->group)
		return (x->group > y->group) - (x->group < y->group);
	return (x->key > y->key) - (x->key < y->key);
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

/* One line of text that never drops under MIN_PT: cut with "…" instead. */
static void text(struct report *r, const char *s, double x, double y,
		 double size, double max_w)
{
	paper_text_min(r->cr, s, x, y, size, MIN_PT, max_w);
}

static double text_width(struct report *r, const char *s)
{
	cairo_text_extents_t e;

	cairo_text_extents(r->cr, s, &e);
	return e.x_advance;
}

/* Short text (a count, an hour) centred on cx in the current font. */
static void text_centred(struct report *r, const char *s, double cx,
			 double y)
{
	cairo_move_to(r->cr, cx - text_width(r, s) / 2, y);
	cairo_show_text(r->cr, s);
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
	text(r, r->ev.name, MARGIN, MARGIN, 9, CONTENT_W);
	snprintf(foot, sizeof(foot), "%d", r->page);
	paper_text_centred(r->cr, foot, PAPER_A4_W / 2,
			   PAPER_A4_H - MARGIN / 2, 9, 100);
	grey(r, 0);
	font(r, true, 18);
	text(r, title, MARGIN, MARGIN + 28, 18, CONTENT_W);
	return MARGIN + 50;
}

/* A new page titled title (continued) when need points do not fit below
 * *y. */
static void room(struct report *r, double *y, double need, const char *title)
{
	char t[300];

	if (*y + need <= BOTTOM)
		return;
	snprintf(t, sizeof(t), "%s%s", title, L(r, "（続き）",
						" (continued)"));
	*y = page_start(r, t);
}

static void heading(struct report *r, const char *s, double y)
{
	grey(r, 0);
	font(r, true, 12);
	text(r, s, MARGIN, y, 12, CONTENT_W);
}

/* A paragraph of plain text: notes and "nothing to show" messages, whole,
 * wrapped by the Japanese rules. Returns the height of its lines. */
static double note(struct report *r, const char *s, double y)
{
	grey(r, 0.25);
	font(r, false, 10);
	return paper_text_wrapped(r->cr, s, MARGIN, y, 10, CONTENT_W, 0, 14);
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

/* ---- arrivals per hour ---------------------------------------------- */

#define DAY_TOP 30.0     /* the date, then room for the counts on top */
#define DAY_FOOT 18.0    /* ticks and hour labels under the axis */
#define HOUR_W_MAX 40.0  /* a short day's bars stay bars */

/* One day's arrivals (v[0..n), all on day, by hour): a bar per hour from
 * the first hour with arrivals to the last, the count on each bar (0 too),
 * a tick at every hour and its label under its bar, on the scale max
 * shared by every day of the chart. */
static void day_chart(struct report *r, const struct hour_n *v, long n,
		      double y, double h, long max)
{
	double x0 = MARGIN + 30, w = PAPER_A4_W - MARGIN - x0;
	int first = v[0].hour, last = v[n - 1].hour;
	double bw = w / (last - first + 1);
	double base = y + DAY_TOP + h;
	char buf[32];
	bool short_hours;
	long k = 0;

	if (bw > HOUR_W_MAX)
		bw = HOUR_W_MAX;
	w = bw * (last - first + 1); /* the grid ends with the last hour */
	font(r, false, MIN_PT);
	/* all "10:00", or all "10" with a legend: the widest decides */
	short_hours = text_width(r, "00:00") > bw - 2;
	grey(r, 0);
	font(r, true, 10);
	if (r->o->english)
		cal_format_day(v[0].day, buf);
	else
		cal_format_md_ja(v[0].day, buf);
	text(r, buf, MARGIN, y + 10, 10, CONTENT_W);
	font(r, false, MIN_PT);
	if (short_hours) /* the legend of the shortened hours */
		text(r, L(r, "(時)", "(h)"), MARGIN, base + 11, MIN_PT, 26);
	for (int g = 0; g <= 2; g++) { /* 0, half, top */
		double gy = base - h * g / 2.0;

		grey(r, g ? 0.85 : 0.5);
		cairo_rectangle(r->cr, x0, gy, w, g ? 0.4 : 0.7);
		cairo_fill(r->cr);
		if (g == 1 && max % 2)
			continue; /* half of an odd top is not a count */
		grey(r, 0.45);
		snprintf(buf, sizeof(buf), "%ld", max * g / 2);
		text(r, buf, MARGIN, gy + 3, MIN_PT, 26);
	}
	for (int hr = first; hr <= last; hr++) {
		double x = x0 + (hr - first) * bw, bh;
		long c = 0;

		if (k < n && v[k].hour == hr)
			c = v[k++].n;
		bh = h * (double)c / (double)max;
		blue(r);
		cairo_rectangle(r->cr, x + bw * 0.12, base - bh, bw * 0.76, bh);
		cairo_fill(r->cr);
		grey(r, 0);
		snprintf(buf, sizeof(buf), "%ld", c);
		text_centred(r, buf, x + bw / 2, base - bh - 2);
		grey(r, 0.2); /* the hour starts here */
		cairo_rectangle(r->cr, x, base, 0.6, 3);
		cairo_fill(r->cr);
		snprintf(buf, sizeof(buf), short_hours ? "%d" : "%d:00", hr);
		text_centred(r, buf, x + bw / 2, base + 11);
	}
	cairo_rectangle(r->cr, x0 + w, base, 0.6, 3);
	cairo_fill(r->cr);
}

/* Arrivals per hour at company's places (0: everywhere), one chart per
 * day, from *y on, continued on new pages titled title; h is a day
 * chart's height. Returns 0 or EXIT_FAIL. */
static int arrivals(struct report *r, int64_t company, double *y, double h,
		    const char *title)
{
	struct hours a = { 0 };
	long max = 1;

	if (load_arrivals(r, company, &a))
		return EXIT_FAIL;
	for (long i = 0; i < a.n; i++)
		if (a.v[i].n > max)
			max = a.v[i].n;
	max = nice_max(max);
	if (!a.n)
		*y += note(r, NO_CHECKINS(r), *y + 8) + 8;
	for (long i = 0, j; i < a.n; i = j) {
		for (j = i; j < a.n && a.v[j].day == a.v[i].day; j++)
			;
		room(r, y, DAY_TOP + h + DAY_FOOT, title);
		day_chart(r, a.v + i, j - i, *y, h, max);
		*y += DAY_TOP + h + DAY_FOOT + 6;
	}
	free(a.v);
	return 0;
}

/* ---- horizontal bars ------------------------------------------------ */

#define LABEL_W (CONTENT_W * 0.38)
#define NOTE_W 56.0 /* "12月10日", "2026-12-10" */

static double label_w(const struct bar *b)
{
	return b->note[0] ? LABEL_W - NOTE_W : LABEL_W;
}

/* A row's height: its label's lines, wrapped, never shrunk. */
static double row_h(struct report *r, const struct bar *b)
{
	int n;

	font(r, false, LABEL_PT);
	n = paper_text_lines(r->cr, b->label, LABEL_PT, label_w(b));
	return n > 1 ? n * LABEL_LH + 4 : ROW_H;
}

/* Horizontal bars, one row per item from `from`, all on the scale max;
 * returns the next item that did not fit above bottom (at least one row
 * is drawn) and moves *y below the rows. With fill_rate each bar is
 * value / capacity on a grey track that is 100 %. */
static long hbars(struct report *r, const struct series *s, long from,
		  double *y, double bottom, long max, bool fill_rate)
{
	double x0 = MARGIN + LABEL_W + 6, w = PAPER_A4_W - MARGIN - x0 - 86;
	char num[96];
	long i;

	if (max < 1)
		max = 1;
	for (i = from; i < s->n; i++) {
		const struct bar *b = &s->v[i];
		double frac = (double)b->value / (double)max;
		double rh = row_h(r, b);

		if (i > from && *y + rh > bottom)
			break;
		grey(r, 0);
		font(r, false, LABEL_PT);
		paper_text_wrapped(r->cr, b->label, MARGIN, *y + 10, LABEL_PT,
				   label_w(b), 0, LABEL_LH);
		if (b->note[0])
			text(r, b->note, MARGIN + LABEL_W - NOTE_W + 6,
			     *y + 10, LABEL_PT, NOTE_W - 6);
		if (fill_rate && b->cap > 0) {
			frac = (double)b->value / (double)b->cap;
			grey(r, 0.88);
			cairo_rectangle(r->cr, x0, *y + 2, w, ROW_H - 4);
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
		cairo_rectangle(r->cr, x0, *y + 2, w * frac, ROW_H - 4);
		cairo_fill(r->cr);
		grey(r, 0);
		text(r, num, PAPER_A4_W - MARGIN - 82, *y + 10, LABEL_PT, 82);
		*y += rh;
	}
	return i;
}

/* Rows of s from *y on, continued on new pages titled title. */
static void hbars_flow(struct report *r, const struct series *s, double *y,
		       long max, bool fill_rate, const char *title)
{
	long next = 0;

	while (next < s->n) {
		room(r, y, row_h(r, &s->v[next]), title);
		next = hbars(r, s, next, y, BOTTOM, max, fill_rate);
		if (next < s->n)
			*y = BOTTOM + 1; /* the rest on the next page */
	}
}

/* A chart of its own pages; only called when it has rows. */
static void hbar_pages(struct report *r, const char *title,
		       const struct series *s, bool fill_rate)
{
	double y = page_start(r, title);

	hbars_flow(r, s, &y, series_max(s), fill_rate, title);
}

/* ---- pages ----------------------------------------------------------- */

static int page_overview(struct report *r, long came)
{
	char line[256];
	const char *title = L(r, "参加状況", "Attendance");
	double y = page_start(r, title);
	long reg = load_one(r, "SELECT '', count(*) FROM attendees WHERE "
			    "role = 0");
	long scans = load_one(r, "SELECT '', count(*) FROM v");
	long walk = load_one(r, "SELECT '', count(*) FROM attendees WHERE "
			     "id >= 2147483648");

	font(r, false, 11);
	if (strcmp(r->ev.start_date, r->ev.end_date))
		snprintf(line, sizeof(line), "%s – %s", r->ev.start_date,
			 r->ev.end_date);
	else
		snprintf(line, sizeof(line), "%s", r->ev.start_date);
	text(r, line, MARGIN, y, 11, CONTENT_W);
	if (r->o->english)
		snprintf(line, sizeof(line), "students registered: %ld "
			 "(walk-ins %ld)   attended: %ld   check-ins: %ld",
			 reg, walk, came, scans);
	else
		snprintf(line, sizeof(line), "登録学生: %ld 人 (当日登録 %ld "
			 "人)   来場: %ld 人   受付: %ld 件", reg, walk, came,
			 scans);
	paper_text_wrapped(r->cr, line, MARGIN, y + 18, 11, CONTENT_W, 0, 15);
	heading(r, L(r, "到着 (1時間ごと、各学生の最初の受付)",
		     "Arrivals per hour (each student's first check-in)"),
		y + 52);
	y += 60;
	return arrivals(r, 0, &y, strcmp(r->ev.start_date, r->ev.end_date) ?
			110 : 200, title);
}

/* Booths (when any was scanned), host days (when any was), schools (when
 * anyone came), sessions (when there are any): no page says "nothing". */
static int pages_lists(struct report *r, long came)
{
	struct series s = { 0 };
	long visits = 0;
	int rc;

	rc = load_places(r, "booth", 0, false, &s, &r->booth_visitors,
			 NULL);
	/* every booth, visited or not: a booth nobody came to is news */
	if (!rc && r->booth_visitors) {
		qsort(s.v, (size_t)s.n, sizeof(*s.v), by_value);
		hbar_pages(r, L(r, "ブース別 来訪者数",
				"Unique visitors per booth"), &s, false);
	}
	if (!rc)
		rc = load_places(r, "visit", 0, false, &s, &visits, NULL);
	if (!rc && visits) {
		qsort(s.v, (size_t)s.n, sizeof(*s.v), by_group_key);
		hbar_pages(r, L(r, "受入企業別 来訪者数 (日ごと)",
				"Unique visitors per host company and day"),
			   &s, false);
	}
	if (!rc && came)
		rc = load(r, "SELECT coalesce(nullif(a.school, ''), "
			  "'?'), count(DISTINCT v.aid) FROM v JOIN "
			  "attendees a ON a.id = v.aid GROUP BY 1 ORDER BY 2 "
			  "DESC, 1", 0, &s);
	for (long i = 0; !rc && came && i < s.n; i++)
		if (!strcmp(s.v[i].label, "?"))
			snprintf(s.v[i].label, sizeof(s.v[i].label), "%s",
				 L(r, "(学校名なし)", "(no school given)"));
	if (!rc && came)
		hbar_pages(r, L(r, "学校別 参加者数", "Students per school"),
			   &s, false);
	if (!rc)
		rc = load_places(r, "session", 0, false, &s, NULL, NULL);
	if (!rc && s.n)
		hbar_pages(r, L(r, "セッション 充足率 (参加者 / 定員)",
				"Session fill rates (attendees / capacity)"),
			   &s, true);
	free(s.v);
	return rc;
}

/* "来訪者数 (ブース・セッション別)": the kinds of the company's rows only
 * (bits of seen, in kinds[] order), so a tour's page does not speak of
 * booths it never had. */
static const char *place_heading(struct report *r, unsigned seen)
{
	static char h[160];
	size_t n;

	n = (size_t)snprintf(h, sizeof(h), "%s (", L(r, "来訪者数",
						      "Unique visitors"));
	for (size_t k = 0; k < KINDS; k++)
		if (seen & (1u << k) && n < sizeof(h))
			n += (size_t)snprintf(h + n, sizeof(h) - n, "%s%s",
					      h[n - 1] == '(' ? "" :
					      L(r, "・", ", "),
					      L(r, kinds[k][1], kinds[k][2]));
	if (n < sizeof(h))
		snprintf(h + n, sizeof(h) - n, "%s", L(r, "別)", ")"));
	return h;
}

static int page_company(struct report *r, int64_t id, const char *name)
{
	struct series s = { 0 };
	char sel[512];
	double y = page_start(r, name) + 6;
	unsigned seen = 0;
	int rc;

	rc = load_places(r, NULL, id, true, &s, NULL, &seen);
	if (!rc) {
		heading(r, place_heading(r, seen), y);
		y += 8;
		hbars_flow(r, &s, &y, series_max(&s), false, name);
		y += 24;
		room(r, &y, 40 + DAY_TOP + 110 + DAY_FOOT, name);
		heading(r, L(r, "来訪時刻 (1時間ごと、最初の来訪)",
			     "When they came (per hour, first visit)"), y);
		y += 8;
		rc = arrivals(r, id, &y, 110, name);
	}
	snprintf(sel, sizeof(sel), "SELECT coalesce(nullif(a.school, ''), "
		 "'%s'), count(DISTINCT v.aid) FROM v JOIN attendees a "
		 "ON a.id = v.aid JOIN places p ON p.id = v.pid WHERE "
		 "p.company_id = %lld GROUP BY 1 ORDER BY 2 DESC, 1",
		 L(r, "(学校名なし)", "(no school given)"), (long long)id);
	if (!rc)
		rc = load(r, sel, 0, &s);
	if (!rc) {
		y += 18;
		room(r, &y, 40, name);
		heading(r, L(r, "来訪者の学校", "Schools of visitors"), y);
		y += 8;
		hbars_flow(r, &s, &y, series_max(&s), false, name);
	}
	free(s.v);
	return rc;
}

/* Companies nobody visited: rows of a table, not pages of empty charts;
 * a long name wraps onto more lines of its row. */
static void pages_unvisited(struct report *r, const struct series *ids,
			    const struct series *names)
{
	const char *title = L(r, "来訪者のいなかった企業",
			      "Companies without visitors");
	double y = 0, name_w = CONTENT_W - 160;

	for (long i = 0; i < names->n; i++) {
		double rh;

		font(r, false, 9);
		rh = paper_text_lines(r->cr, names->v[i].label, 9, name_w) *
		     LABEL_LH + 4;
		if (rh < ROW_H)
			rh = ROW_H;
		if (i == 0 || y + rh > BOTTOM) {
			y = page_start(r, title);
			y += note(r, L(r, "ブース・セッション・受入日のどこにも"
				       "受付の記録がない企業です。",
				       "No check-in at their booth, sessions "
				       "or host days."), y) + 6;
			font(r, true, 9);
			grey(r, 0);
			text(r, "ID", MARGIN, y, 9, 80);
			text(r, L(r, "企業名", "Company"), MARGIN + 90, y, 9,
			     300);
			text(r, L(r, "来訪者", "Visitors"),
			     PAPER_A4_W - MARGIN - 60, y, 9, 60);
			y += ROW_H;
		}
		grey(r, 0.85);
		cairo_rectangle(r->cr, MARGIN, y - 11, CONTENT_W, 0.4);
		cairo_fill(r->cr);
		grey(r, 0);
		font(r, false, 9);
		text(r, ids->v[i].label, MARGIN, y, 9, 85);
		paper_text_wrapped(r->cr, names->v[i].label, MARGIN + 90, y, 9,
				   name_w, 0, LABEL_LH);
		text(r, "0", PAPER_A4_W - MARGIN - 60, y, 9, 60);
		y += rh;
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
	long came;
	int rc;

	/* overview, booths, schools, sessions, then about one a company */
	if (!r->o->quiet)
		progress_start(&r->bar, _("report"), 4 + companies);
	r->cr = cairo_create(pdf);
	came = load_one(r, "SELECT '', count(DISTINCT aid) FROM v");
	rc = page_overview(r, came);
	if (!rc)
		rc = pages_lists(r, came);
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
		cli_note(P_("%d page in '%s'", "%d pages in '%s'", r->page),
			 r->page, r->o->out);
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
	rc = cli_refuse_unfinished_merge(st, o.db, N_("write a report"));
	if (!rc)
		rc = report_write(st, &o, NULL);
	store_close(st);
	return rc;
}
