/* export.c: reports out of the event database (see export.h).
 *
 * Each report is an SQL query whose columns are written as they come;
 * one writer per format turns a row into CSV, XLSX or a JSON line.
 */
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "fair/grow.h"
#include "fair/caltime.h"
#include "fair/consent.h"
#include "fair/export.h"
#include "fair/internship.h"
#include "fair/records.h"
#include "fair/merge.h"

#define MAX_COLS 16
#define LINE_MAX_BYTES (4 << 20)  /* one CSV/JSON line; far above real */
#define OUT_BUF (1 << 16)
#define XLSX_MAX_ROWS 1048575L
#define XLSX_MAX_WIDTH 60
#define SQL_MAX 4096
#define PART_TAG ".fairsync-"     /* FILE.fairsync-PID.part: our part */
#define PART_END ".part"

/* A column as the writer needs it. */
struct col {
	const char *name;        /* English: JSON keys, --headers en */
	const char *ja;          /* the header Japanese HR staff read */
	bool time;               /* INTEGER UTC ms shown as local time */
};

/* A growing byte buffer with a cap. */
struct buf {
	char *p;
	size_t n, cap;
	bool toobig;             /* an append would have passed the cap */
};

struct writer {
	enum export_format fmt;
	int offset_min;          /* venue time zone */
	const struct col *cols;
	int ncols;
	long rows;
	bool ja;                 /* Japanese headers (the default) */
	void (*progress)(void *ctx, long rows);
	void *progress_ctx;
	/* CSV and JSON */
	FILE *f;
	iconv_t cd;              /* (iconv_t)-1 unless CP932 */
	struct buf line;
	char out[OUT_BUF];
	size_t on;
	long replaced;
	bool failed;             /* a write failed; the file is abandoned */
	bool toolong;            /* ... because a line passed LINE_MAX_BYTES */
	int write_errno;         /* ... or because of this (0: unknown) */
	/* XLSX */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *when;
	int width[MAX_COLS];
	/* leads: whose contact details went out, and on which consent
	 * texts, for the provision record (records.h) */
	struct buf handed, versions;
};

/* ---- names ----------------------------------------------------------- */

/* A column's header in the file: Japanese unless asked for English. JSON
 * keys stay English whatever the headers (a program reads them). */
static const char *col_title(const struct writer *w, int i)
{
	return w->ja ? w->cols[i].ja : w->cols[i].name;
}

static const char *const report_names[] = { "attendance", "visits",
					    "leads", "summary", "records" };
/* XLSX sheet names for Japanese headers (Excel allows 31 characters). */
static const char *const report_sheets_ja[] = { "出席", "来訪履歴",
						"リード", "集計",
						"提供記録" };
static const char *const format_names[] = { "csv", "xlsx", "json" };

static int name_find(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

int export_report_parse(const char *s, enum export_report *out)
{
	int i = name_find(s, report_names, 4);

	if (i < 0)
		return FAIR_EINVAL;
	*out = (enum export_report)i;
	return 0;
}

int export_format_parse(const char *s, enum export_format *out)
{
	int i = name_find(s, format_names, 3);

	if (!strcmp(s, "jsonl"))
		i = EXPORT_JSON;
	if (i < 0)
		return FAIR_EINVAL;
	*out = (enum export_format)i;
	return 0;
}

int export_encoding_parse(const char *s, enum export_encoding *out)
{
	if (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8"))
		*out = EXPORT_UTF8;
	else if (!strcasecmp(s, "cp932") || !strcasecmp(s, "shift_jis") ||
		 !strcasecmp(s, "sjis"))
		*out = EXPORT_CP932;
	else
		return FAIR_EINVAL;
	return 0;
}

int export_headers_parse(const char *s, enum export_headers *out)
{
	if (!strcasecmp(s, "ja"))
		*out = EXPORT_HEADERS_JA;
	else if (!strcasecmp(s, "en"))
		*out = EXPORT_HEADERS_EN;
	else
		return FAIR_EINVAL;
	return 0;
}

/* ---- time ------------------------------------------------------------ */

void export_format_time(int64_t utc_ms, int offset_min, char out[20])
{
	/* merge and import refuse times beyond four-digit years; an older
	 * database may still hold one: the calendar prints the nearest */
	cal_format_datetime(utc_ms, offset_min, out);
}

/* ---- buffers and output ---------------------------------------------- */

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (n > LINE_MAX_BYTES ||
	    fair_grow((void **)&b->p, &b->cap, b->n + n, 1, LINE_MAX_BYTES)) {
		b->toobig = true;
		return;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void buf_addc(struct buf *b, char c)
{
	if (b->n < b->cap)
		b->p[b->n++] = c;
	else
		buf_add(b, &c, 1);
}

/* A failed write keeps its own errno: by the time the message is made,
 * errno may hold anything (a stale "Inappropriate ioctl for device"). */
static void out_failed(struct writer *w)
{
	if (!w->failed)
		w->write_errno = errno ? errno : EIO;
	w->failed = true;
}

static void out_flush(struct writer *w)
{
	errno = 0;
	if (w->on && fwrite(w->out, 1, w->on, w->f) != w->on)
		out_failed(w);
	w->on = 0;
}

static void out_raw(struct writer *w, const char *s, size_t n)
{
	if (n > sizeof(w->out) - w->on)
		out_flush(w);
	if (n > sizeof(w->out)) {
		errno = 0;
		if (fwrite(s, 1, n, w->f) != n)
			out_failed(w);
		return;
	}
	memcpy(w->out + w->on, s, n);
	w->on += n;
}

static size_t utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	return c >= 0xc0 ? 2 : 1;
}

/* Converts s to CP932 into the output buffer; characters CP932 lacks
 * become '?' (Excel users read a '?' better than a refused file). */
static void out_cp932(struct writer *w, char *s, size_t n)
{
	while (n > 0) {
		char *dst = w->out + w->on;
		size_t room = sizeof(w->out) - w->on, before = room;
		size_t r = iconv(w->cd, &s, &n, &dst, &room);

		w->on += before - room;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			out_flush(w);
		} else {
			size_t k = utf8_len((unsigned char)*s);

			k = k > n ? n : k;
			s += k;
			n -= k;
			w->replaced++;
			out_raw(w, "?", 1);
		}
		if (w->failed)
			return;
	}
}

static void out_line(struct writer *w)
{
	if (w->line.toobig) {
		w->toolong = w->toolong || !w->failed;
		w->failed = true;
		return;
	}
	if (w->cd != (iconv_t)-1)
		out_cp932(w, w->line.p, w->line.n);
	else
		out_raw(w, w->line.p, w->line.n);
	w->line.n = 0;
}

/* ---- CSV ------------------------------------------------------------- */

static bool csv_needs_quotes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return true;
	return false;
}

static void csv_text(struct buf *b, const char *s, size_t n)
{
	bool formula = n > 0 && strchr("=+-@\t\r", s[0]);
	bool quote = csv_needs_quotes(s, n);

	if (quote)
		buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	if (!quote) {
		buf_add(b, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

static void int_text(int64_t v, char *out, size_t cap)
{
	snprintf(out, cap, "%lld", (long long)v);
}

static void csv_cell(struct writer *w, sqlite3_stmt *s, int i)
{
	char tmp[32];
	int type = sqlite3_column_type(s, i);

	if (i)
		buf_addc(&w->line, ',');
	if (type == SQLITE_NULL)
		return;
	if (w->cols[i].time && type == SQLITE_INTEGER) {
		export_format_time(sqlite3_column_int64(s, i), w->offset_min,
				   tmp);
		buf_add(&w->line, tmp, 19);
	} else if (type == SQLITE_INTEGER) {
		int_text(sqlite3_column_int64(s, i), tmp, sizeof(tmp));
		buf_add(&w->line, tmp, strlen(tmp));
	} else {
		const char *t = (const char *)sqlite3_column_text(s, i);

		csv_text(&w->line, t ? t : "",
			 (size_t)sqlite3_column_bytes(s, i));
	}
}

static void csv_header(struct writer *w)
{
	if (w->cd == (iconv_t)-1)
		out_raw(w, "\xEF\xBB\xBF", 3);
	for (int i = 0; i < w->ncols; i++) {
		if (i)
			buf_addc(&w->line, ',');
		buf_add(&w->line, col_title(w, i), strlen(col_title(w, i)));
	}
	buf_add(&w->line, "\r\n", 2);
	out_line(w);
}

static void csv_row(struct writer *w, sqlite3_stmt *s)
{
	for (int i = 0; i < w->ncols; i++)
		csv_cell(w, s, i);
	buf_add(&w->line, "\r\n", 2);
	out_line(w);
}

/* ---- JSON lines ------------------------------------------------------ */

static void json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4],
					hex[c & 15] };

			buf_add(b, esc, 6);
		} else {
			buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

static void json_time(struct writer *w, int64_t ms)
{
	char t[26];

	cal_format_iso(ms, w->offset_min, t);
	buf_addc(&w->line, '"');
	buf_add(&w->line, t, 25);
	buf_addc(&w->line, '"');
}

static void json_row(struct writer *w, sqlite3_stmt *s)
{
	char tmp[32];

	buf_addc(&w->line, '{');
	for (int i = 0; i < w->ncols; i++) {
		int type = sqlite3_column_type(s, i);

		if (i)
			buf_addc(&w->line, ',');
		json_string(&w->line, w->cols[i].name,
			    strlen(w->cols[i].name));
		buf_addc(&w->line, ':');
		if (type == SQLITE_NULL) {
			buf_add(&w->line, "null", 4);
		} else if (w->cols[i].time && type == SQLITE_INTEGER) {
			json_time(w, sqlite3_column_int64(s, i));
		} else if (type == SQLITE_INTEGER) {
			int_text(sqlite3_column_int64(s, i), tmp, sizeof(tmp));
			buf_add(&w->line, tmp, strlen(tmp));
		} else {
			const char *t = (const char *)sqlite3_column_text(s, i);

			json_string(&w->line, t ? t : "",
				    (size_t)sqlite3_column_bytes(s, i));
		}
	}
	buf_add(&w->line, "}\n", 2);
	out_line(w);
}

/* ---- XLSX ------------------------------------------------------------ */

/* Display width: CJK and other wide characters count double. */
static int text_width(const char *s)
{
	int w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; ) {
		size_t k = utf8_len(*p);

		w += k >= 3 ? 2 : 1;
		for (size_t j = 0; j < k && *p; j++)
			p++;
	}
	return w;
}

static void xlsx_fit(struct writer *w, int col, int width)
{
	if (width > w->width[col])
		w->width[col] = width > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH : width;
}

static int xlsx_open(struct writer *w, const char *path, const char *sheet)
{
	lxw_workbook_options o = { .constant_memory = LXW_TRUE };

	w->wb = workbook_new_opt(path, &o);
	if (!w->wb)
		return FAIR_EIO;
	w->ws = workbook_add_worksheet(w->wb, sheet);
	w->bold = workbook_add_format(w->wb);
	w->when = workbook_add_format(w->wb);
	if (!w->ws || !w->bold || !w->when)
		return FAIR_EIO;
	format_set_bold(w->bold);
	format_set_num_format(w->when, "yyyy-mm-dd hh:mm:ss");
	return 0;
}

static void xlsx_header(struct writer *w)
{
	for (int i = 0; i < w->ncols; i++) {
		worksheet_write_string(w->ws, 0, (lxw_col_t)i,
				       col_title(w, i), w->bold);
		xlsx_fit(w, i, text_width(col_title(w, i)) + 3);
	}
	worksheet_freeze_panes(w->ws, 1, 0);
}

static void xlsx_row(struct writer *w, sqlite3_stmt *s)
{
	lxw_row_t r = (lxw_row_t)(w->rows + 1);

	for (int i = 0; i < w->ncols; i++) {
		lxw_col_t c = (lxw_col_t)i;
		int type = sqlite3_column_type(s, i);
		int64_t v;

		if (type == SQLITE_NULL)
			continue;
		if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
			v = sqlite3_column_int64(s, i);
			if (w->cols[i].time) {
				worksheet_write_number(w->ws, r, c,
						       cal_excel_serial(v,
						       w->offset_min),
						       w->when);
				xlsx_fit(w, i, 19);
			} else {
				worksheet_write_number(w->ws, r, c,
						       sqlite3_column_double(
						       s, i), NULL);
				xlsx_fit(w, i, 8);
			}
			continue;
		}
		const char *t = (const char *)sqlite3_column_text(s, i);

		worksheet_write_string(w->ws, r, c, t ? t : "", NULL);
		xlsx_fit(w, i, text_width(t ? t : "") + 1);
	}
}

static int xlsx_close(struct writer *w)
{
	lxw_error e;

	for (int i = 0; i < w->ncols; i++)
		worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i,
				     w->width[i] + 1, NULL);
	worksheet_autofilter(w->ws, 0, 0, (lxw_row_t)w->rows,
			     (lxw_col_t)(w->ncols - 1));
	e = workbook_close(w->wb);
	w->wb = NULL;
	return e == LXW_NO_ERROR ? 0 : FAIR_EIO;
}

/* ---- writer ---------------------------------------------------------- */

static void writer_header(struct writer *w, const struct col *cols, int n)
{
	w->cols = cols;
	w->ncols = n;
	if (w->fmt == EXPORT_CSV)
		csv_header(w);
	else if (w->fmt == EXPORT_XLSX)
		xlsx_header(w);
}

static int writer_row(struct writer *w, sqlite3_stmt *s)
{
	if (w->fmt == EXPORT_XLSX && w->rows >= XLSX_MAX_ROWS)
		return FAIR_EINVAL;
	if (w->fmt == EXPORT_CSV)
		csv_row(w, s);
	else if (w->fmt == EXPORT_JSON)
		json_row(w, s);
	else
		xlsx_row(w, s);
	w->rows++;
	if (w->progress && w->rows % 4096 == 0)
		w->progress(w->progress_ctx, w->rows);
	return w->failed ? FAIR_EIO : 0;
}

static int writer_open(struct writer *w, const struct export_opts *o,
		       const char *tmp, struct fair_err *err)
{
	w->fmt = o->format;
	w->cd = (iconv_t)-1;
	if (o->encoding == EXPORT_CP932) {
		w->cd = iconv_open("CP932", "UTF-8");
		if (w->cd == (iconv_t)-1)
			return fair_fail(err, FAIR_EIO, "no CP932 converter: "
					 "%s", strerror(errno));
	}
	if (w->fmt == EXPORT_XLSX) {
		if (xlsx_open(w, tmp, o->headers == EXPORT_HEADERS_EN ?
			      report_names[o->report] :
			      report_sheets_ja[o->report]))
			return fair_fail(err, FAIR_EIO, "cannot write '%s'",
					 tmp);
		return 0;
	}
	w->f = fopen(tmp, "wb");
	if (!w->f)
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", tmp,
				 strerror(errno));
	return 0;
}

/* Finishes the file; 0 only if every byte reached it. */
static int writer_close(struct writer *w, bool keep)
{
	int rc = 0;

	if (w->wb) {
		rc = keep ? xlsx_close(w) : (workbook_close(w->wb), FAIR_EIO);
		w->wb = NULL;
	}
	if (w->f) {
		out_flush(w);
		if (fflush(w->f) || fsync(fileno(w->f)) || w->failed)
			rc = FAIR_EIO;
		if (fclose(w->f))
			rc = FAIR_EIO;
		w->f = NULL;
	}
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	w->cd = (iconv_t)-1;
	free(w->line.p);
	w->line.p = NULL;
	return rc;
}

/* ---- reports --------------------------------------------------------- */

/* Check-ins still valid (not voided), at their best-known time. A
 * walk-in's registration at the entrance is its arrival there, so it
 * counts as a check-in. On a merged event, facts merge flagged as naming
 * no known attendee or place stay out, and a void naming another kiosk's
 * fact is not applied (merge.h). */
#define VALID_CTE(time, join, held, out) \
	"WITH v AS (SELECT f.attendee_id AS aid, f.place_id AS pid," \
	" f.direction AS dir, " time " AS t FROM facts f " join \
	" WHERE f.kind IN ('checkin', 'register') AND f.uuid NOT IN" \
	" (SELECT voids FROM facts WHERE kind = 'void' AND voids IS NOT" \
	" NULL" held ")" out ") "
#define VALID_REPAIRED VALID_CTE(MERGE_TIME_SQL, MERGE_TIME_JOIN, \
	" AND uuid NOT IN " MERGE_VOIDS_HELD_SQL, \
	" AND f.uuid NOT IN " MERGE_EXCLUDED_SQL)
#define VALID_PLAIN VALID_CTE("f.wall_ms", "", "", "")

#define ATTENDANCE_SELECT \
	"SELECT a.id, a.ext_id, a.name, a.kana, a.school, p.ext_id, p.name," \
	" x.first_in, x.last_out, CASE WHEN x.last_out > x.first_in THEN" \
	" (x.last_out - x.first_in) / 60000 END, x.scans FROM (SELECT aid," \
	" pid, min(CASE WHEN dir > 0 THEN t END) AS first_in," \
	" max(CASE WHEN dir < 0 THEN t END) AS last_out, count(*) AS scans" \
	" FROM v GROUP BY aid, pid) x JOIN attendees a ON a.id = x.aid" \
	" JOIN places p ON p.id = x.pid WHERE a.role <> 2" \
	" ORDER BY x.aid, x.pid"

static const struct col attendance_cols[] = {
	{ "attendee_id", "バッジ番号", false }, { "roster_id", "名簿ID", false },
	{ "name", "氏名", false }, { "kana", "フリガナ", false },
	{ "school", "学校名", false }, { "place_id", "場所ID", false },
	{ "place", "場所", false }, { "first_in", "最初の受付", true },
	{ "last_out", "最後の退出", true }, { "dwell_min", "滞在分", false },
	{ "scans", "スキャン数", false },
};

#define VISITS_SELECT \
	"SELECT a.school, a.faculty, a.grade, a.ext_id, a.name, a.kana," \
	" row_number() OVER (PARTITION BY x.aid ORDER BY x.arrived, x.pid)," \
	" p.name, p.kind, x.arrived, x.last_seen, x.scans FROM (SELECT aid," \
	" pid, min(t) AS arrived, max(t) AS last_seen, count(*) AS scans" \
	" FROM v GROUP BY aid, pid) x JOIN attendees a ON a.id = x.aid" \
	" JOIN places p ON p.id = x.pid WHERE a.role = 0" \
	" ORDER BY a.school, a.kana, a.id, x.arrived, x.pid"

static const struct col visits_cols[] = {
	{ "school", "学校名", false }, { "faculty", "学部", false },
	{ "grade", "学年", false }, { "roster_id", "名簿ID", false },
	{ "name", "氏名", false }, { "kana", "フリガナ", false },
	{ "visit", "訪問順", false }, { "place", "場所", false },
	{ "place_kind", "場所の種類", false }, { "arrived", "到着", true },
	{ "last_seen", "最後の確認", true }, { "scans", "スキャン数", false },
};

#define LEADS_CONSENT_COL 8
/* The company staff's lead note on each visitor (tours: 'lead' facts at
 * the company's places), the latest one not voided. */
#define LEADS_NOTE_SELECT \
	"SELECT f.attendee_id, f.rating, f.tags, f.note, max(f.wall_ms)" \
	" FROM facts f JOIN places lp ON lp.id = f.place_id" \
	" WHERE f.kind = 'lead' AND lp.company_id = ?1 AND f.uuid NOT IN" \
	" (SELECT voids FROM facts WHERE kind = 'void' AND voids IS NOT NULL)" \
	" GROUP BY f.attendee_id"
/* Consent to this company at its booth, when the student said so
 * (fair/consent.h), else the registration's consent. */
#define LEADS_CONSENT \
	"CASE WHEN pc.dir IS NULL THEN a.consent WHEN pc.dir = 1 THEN 1" \
	" ELSE 0 END"
#define LEADS_SELECT \
	"SELECT a.ext_id, a.name, a.kana, a.school, a.faculty, a.grade," \
	" a.email, a.phone, " LEADS_CONSENT ", CASE WHEN pc.dir = 1 THEN" \
	" pc.version || ' (この企業への同意)' ELSE a.consent_version END," \
	" x.places," \
	" x.first_visit, x.scans, l.rating, replace(l.tags, '|', '、')," \
	" l.note FROM (SELECT v.aid, group_concat(DISTINCT" \
	" p.name) AS places, min(t) AS first_visit, count(*) AS scans" \
	" FROM v JOIN places p ON p.id = v.pid WHERE p.company_id = ?1" \
	" GROUP BY v.aid) x JOIN attendees a ON a.id = x.aid" \
	" LEFT JOIN (" LEADS_NOTE_SELECT ") l ON l.attendee_id = a.id" \
	" LEFT JOIN (" CONSENT_COMPANY_SQL ") pc ON pc.attendee_id = a.id" \
	" WHERE " LEADS_CONSENT " = 1 AND a.role = 0" \
	" ORDER BY x.first_visit, a.id"

static const struct col leads_cols[] = {
	{ "roster_id", "名簿ID", false }, { "name", "氏名", false },
	{ "kana", "フリガナ", false }, { "school", "学校名", false },
	{ "faculty", "学部", false }, { "grade", "学年", false },
	{ "email", "メールアドレス", false }, { "phone", "電話番号", false },
	{ "consent", "同意", false }, { "consent_version", "同意文の版", false },
	{ "visited", "訪問先", false }, { "first_visit", "最初の訪問", true },
	{ "scans", "スキャン数", false },
	{ "lead_rating", "評価", false }, { "lead_tags", "タグ", false },
	{ "lead_note", "メモ", false },
};

/* The provision records (records.h), oldest first. */
#define RECORDS_SELECT \
	"SELECT r.made_ms, r.recipient, c.name, length(r.attendees) -" \
	" length(replace(r.attendees, ',', '')) + 1, r.attendees, r.items," \
	" r.basis, r.operator, r.command FROM provisions r LEFT JOIN" \
	" companies c ON c.ext_id = r.recipient WHERE r.made_ms >= ?1" \
	" ORDER BY r.made_ms, r.id"

static const struct col records_cols[] = {
	{ "made", "提供日時", true }, { "recipient", "提供先ID", false },
	{ "recipient_name", "提供先", false }, { "people", "人数", false },
	{ "attendees", "本人(名簿ID)", false }, { "items", "項目", false },
	{ "basis", "同意", false }, { "operator", "実施者", false },
	{ "command", "操作", false },
};

static const char *const summary_selects[] = {
	"SELECT iif(?3, '場所', 'place'), p.name, count(DISTINCT v.aid),"
	" count(*) FROM v"
	" JOIN places p ON p.id = v.pid GROUP BY p.id"
	" ORDER BY 3 DESC, p.name",
	"SELECT iif(?3, '学校', 'school'), school,"
	" CASE WHEN n < ?1 THEN '<' || ?1 ELSE n END,"
	" CASE WHEN n < ?1 THEN NULL ELSE scans END FROM (SELECT"
	" coalesce(nullif(a.school, ''), iif(?3, '(不明)', '(unknown)'))"
	" AS school,"
	" count(DISTINCT v.aid) AS n, count(*) AS scans FROM v JOIN attendees"
	" a ON a.id = v.aid WHERE a.role <> 2 GROUP BY 1)"
	" ORDER BY n DESC, school",
	"SELECT iif(?3, '時間帯', 'hour'),"
	" venue_hour_label(venue_hour(t, ?2)), count(DISTINCT aid),"
	" count(*) FROM v GROUP BY 2 ORDER BY 2",
};

static const struct col summary_cols[] = {
	{ "section", "区分", false }, { "item", "項目", false },
	{ "students", "学生数", false }, { "scans", "スキャン数", false },
};

const char *export_attendance_sql(void)
{
	return VALID_REPAIRED ATTENDANCE_SELECT;
}

static bool have_repairs(sqlite3 *db)
{
	sqlite3_stmt *s;
	bool yes = false;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE "
			       "name = 'merge_repairs'", -1, &s, NULL))
		return false;
	yes = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return yes;
}

const char *export_valid_cte(struct store *st)
{
	return have_repairs(store_db(st)) ? VALID_REPAIRED : VALID_PLAIN;
}

/* Runs one query into the writer. */
/* Appends text to a ','-separated list kept as a C string (the NUL just
 * past b->n); with once, not when the list holds it already. */
static int list_add(struct buf *b, const char *text, bool once)
{
	size_t n = strlen(text);
	const char *p = b->n ? b->p : NULL;

	while (once && p && (p = strstr(p, text))) {
		if ((p == b->p || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 0;
		p += n;
	}
	if (b->n)
		buf_add(b, ",", 1);
	buf_add(b, text, n);
	buf_add(b, "", 1);
	if (b->toobig)
		return FAIR_ENOMEM;
	b->n--;
	return 0;
}

#define LEADS_VERSION_COL 9

/* A lead row went out: remember whose data and which consent text. */
static int note_handover(struct writer *w, sqlite3_stmt *s)
{
	const char *id = (const char *)sqlite3_column_text(s, 0);
	const char *v = (const char *)sqlite3_column_text(s,
							  LEADS_VERSION_COL);

	if (list_add(&w->handed, id && id[0] ? id : "(当日登録)", false))
		return FAIR_ENOMEM;
	return list_add(&w->versions, v && v[0] ? v : "?", true);
}

/* APPI art. 29: the handover of the leads just written, recorded in the
 * event database before the file appears under its name. */
static int record_leads(struct store *st, const struct export_opts *o,
			const struct writer *w, struct fair_err *err)
{
	struct company c;
	char basis[300];
	struct provision p = {
		.made_ms = (int64_t)time(NULL) * 1000,
		.attendees = w->handed.p,
		.items = "氏名,フリガナ,学校名,学部,学年,メールアドレス,電話番号,"
			 "訪問先",
		.basis = basis,
		.command = "export leads",
	};

	if (!w->handed.n)
		return 0; /* nobody's data went out */
	if (store_company_get(st, o->company_id, &c))
		return fair_fail(err, FAIR_EINVAL, "no company with id %u",
				 (unsigned)o->company_id);
	p.recipient = c.ext_id;
	snprintf(basis, sizeof(basis), "本人の同意 (同意文の版 %s)",
		 w->versions.p);
	if (records_add(st, &p, err))
		return fair_fail(err, FAIR_EIO, "the handover could not be "
				 "recorded, so nothing was exported: %s",
				 err ? err->msg : "");
	return 0;
}

static int run_query(sqlite3 *db, struct writer *w, const char *select,
		     const struct export_opts *o, struct export_stats *st,
		     struct fair_err *err)
{
	char sql[SQL_MAX];
	sqlite3_stmt *s;
	int rc = 0, step;

	snprintf(sql, sizeof(sql), "%s%s", have_repairs(db) ? VALID_REPAIRED
			: VALID_PLAIN, select);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "query failed: %s",
				 sqlite3_errmsg(db));
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, o->report == EXPORT_LEADS ?
				   (int64_t)o->company_id :
				   o->report == EXPORT_RECORDS ? o->since_ms :
				   o->min_count);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int(s, 2, w->offset_min);
	/* summary: Japanese section names where the headers are Japanese;
	 * JSON is for programs and stays English */
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_int(s, 3, w->ja && w->fmt != EXPORT_JSON);
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		/* Leads carry contact details: a row without consent is
		 * never written, even if the query were wrong. */
		if (o->report == EXPORT_LEADS &&
		    sqlite3_column_int(s, LEADS_CONSENT_COL) != 1) {
			st->withheld++;
			continue;
		}
		rc = writer_row(w, s);
		if (!rc && o->report == EXPORT_LEADS)
			rc = note_handover(w, s);
	}
	if (!rc && step != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "query failed: %s",
			       sqlite3_errmsg(db));
	else if (rc == FAIR_EINVAL)
		fair_fail(err, rc, "more than %ld rows do not fit a "
			  "spreadsheet; export as csv", XLSX_MAX_ROWS);
	else if (rc && w->toolong)
		fair_fail(err, rc, "a row is longer than %d MB; is the "
			  "database damaged?", LINE_MAX_BYTES >> 20);
	else if (rc)
		fair_fail(err, rc, "write failed: %s",
			  strerror(w->write_errno ? w->write_errno : EIO));
	sqlite3_finalize(s);
	return rc;
}

#define NCOLS(a) ((int)(sizeof(a) / sizeof(a[0])))

static int run_report(sqlite3 *db, struct writer *w,
		      const struct export_opts *o, struct export_stats *st,
		      struct fair_err *err)
{
	int rc = 0;

	switch (o->report) {
	case EXPORT_ATTENDANCE:
		writer_header(w, attendance_cols, NCOLS(attendance_cols));
		return run_query(db, w, ATTENDANCE_SELECT, o, st, err);
	case EXPORT_VISITS:
		writer_header(w, visits_cols, NCOLS(visits_cols));
		return run_query(db, w, VISITS_SELECT, o, st, err);
	case EXPORT_LEADS:
		writer_header(w, leads_cols, NCOLS(leads_cols));
		return run_query(db, w, LEADS_SELECT, o, st, err);
	case EXPORT_RECORDS:
		writer_header(w, records_cols, NCOLS(records_cols));
		return run_query(db, w, RECORDS_SELECT, o, st, err);
	case EXPORT_SUMMARY:
		writer_header(w, summary_cols, NCOLS(summary_cols));
		for (int i = 0; !rc && i < 3; i++)
			rc = run_query(db, w, summary_selects[i], o, st, err);
		return rc;
	}
	return fair_fail(err, FAIR_EINVAL, "unknown report");
}

static int check_opts(struct store *st, const struct export_opts *o,
		      struct fair_err *err)
{
	struct company c;

	if (o->encoding == EXPORT_CP932 && o->format != EXPORT_CSV)
		return fair_fail(err, FAIR_EINVAL, "cp932 is for csv only; "
				 "xlsx and json are always Unicode");
	/* 三省合意: types 1 and 2 hand no student to a company */
	if (o->report == EXPORT_LEADS &&
	    internship_refuse_sharing(st, "連絡先（リード）の出力", err))
		return FAIR_EINVAL;
	if (o->report == EXPORT_LEADS &&
	    store_company_get(st, o->company_id, &c) != 0)
		return fair_fail(err, FAIR_EINVAL, "no company with id %u",
				 (unsigned)o->company_id);
	if (o->report > EXPORT_RECORDS || o->format > EXPORT_JSON)
		return fair_fail(err, FAIR_EINVAL, "unknown report or format");
	return 0;
}

/* ---- parts of killed exports ---------------------------------------- */

/* The folder of path, "." when it has none. */
static void dir_of(const char *path, char *out, size_t cap)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(out, cap, ".");
	else
		snprintf(out, cap, "%.*s", (int)(slash - path ? slash - path
							      : 1), path);
}

/* The pid in "NAME.fairsync-PID.part", or 0 when name is no part. */
static long part_pid(const char *name)
{
	size_t n = strlen(name), e = strlen(PART_END);
	const char *tag = NULL, *p;
	char *end;
	long pid;

	if (n <= e || strcmp(name + n - e, PART_END))
		return 0;
	for (p = strstr(name, PART_TAG); p; p = strstr(p + 1, PART_TAG))
		tag = p;
	if (!tag)
		return 0;
	pid = strtol(tag + strlen(PART_TAG), &end, 10);
	if (end != name + n - e || end == tag + strlen(PART_TAG) ||
	    pid <= 0 || pid > INT_MAX) /* kill() of a negative: a group */
		return 0;
	return pid;
}

/* An export killed outright (SIGKILL, power) leaves its part, personal
 * data, beside the file it was writing: the next export into the folder
 * removes the parts of exports whose process is gone. Only ours: named
 * as export_write names them, regular files of this user; never one of
 * a live process (or of this one: another thread may be exporting). */
static void parts_sweep(const char *path)
{
	char dir[4200], p[4500];
	struct dirent *e;
	struct stat sb;
	DIR *d;

	dir_of(path, dir, sizeof(dir));
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		long pid = part_pid(e->d_name);

		if (pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_uid == geteuid())
			unlink(p);
	}
	closedir(d);
}

int export_part_prepare(const char *path, char *out, size_t cap,
			struct fair_err *err)
{
	if (snprintf(out, cap, "%s" PART_TAG "%d" PART_END, path,
		     (int)getpid()) >= (int)cap)
		return fair_fail(err, FAIR_EINVAL, "path too long: '%.200s'",
				 path);
	parts_sweep(path);
	return 0;
}

int export_write(struct store *st, const struct export_opts *o,
		 const char *path, struct export_stats *stats,
		 struct fair_err *err)
{
	struct export_stats local = { 0 };
	struct writer *w;
	struct event_info ev;
	char tmp[4200], why[512];
	mode_t old_mask;
	int rc;

	stats = stats ? stats : &local;
	memset(stats, 0, sizeof(*stats));
	rc = check_opts(st, o, err);
	if (!rc)
		rc = store_event_get(st, &ev, err);
	if (rc)
		return rc;
	if (o->report != EXPORT_RECORDS &&
	    merge_incomplete(st, why, sizeof(why)))
		return fair_fail(err, FAIR_EINVAL, "%s", why);
	if (export_part_prepare(path, tmp, sizeof(tmp), err))
		return FAIR_EINVAL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	w->offset_min = ev.utc_offset_min;
	w->ja = o->headers != EXPORT_HEADERS_EN;
	w->progress = o->progress;
	w->progress_ctx = o->progress_ctx;
	/* Reports that name students are created readable by their owner
	 * only, from the first byte (XLSX files appear only at close). */
	old_mask = umask(077);
	umask(o->report == EXPORT_SUMMARY ? old_mask : old_mask | 077);
	rc = writer_open(w, o, tmp, err);
	if (!rc)
		rc = run_report(store_db(st), w, o, stats, err);
	stats->rows = w->rows;
	stats->replaced = w->replaced;
	if (writer_close(w, rc == 0) && !rc)
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s'", path);
	umask(old_mask);
	if (!rc && o->report == EXPORT_LEADS)
		rc = record_leads(st, o, w, err);
	free(w->handed.p);
	free(w->versions.p);
	if (!rc && rename(tmp, path))
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
			       strerror(errno));
	if (rc)
		unlink(tmp);
	free(w);
	return rc;
}
