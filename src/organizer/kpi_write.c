/* kpi_write.c: targets from a file, and the KPI report as a workbook or
 * CSV (see fair/kpi.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "fair/csv.h"
#include "fair/i18n.h"
#include "fair/import.h"
#include "fair/jtext.h"
#include "fair/kpi.h"
#include "fair/xlsx.h"

/* ---- text ------------------------------------------------------------ */

const char *kpi_sheet_name(enum kpi_sheet s)
{
	static const char *const names[KPI_SHEET_COUNT] = {
		"実績報告", "企業", "学生", "回遊", "評価", "ツアー",
		"社員" };

	return (unsigned)s < KPI_SHEET_COUNT ? names[s] : "";
}

bool kpi_sheet_used(const struct kpi_report *rep, enum kpi_sheet s)
{
	for (int i = 0; i < rep->nrows; i++)
		if (rep->rows[i].sheet == s)
			return true;
	return false;
}

bool kpi_on_summary(const struct kpi_row *r)
{
	return r->headline || r->has_target;
}

static void number_text(enum kpi_value_kind kind, double v, char *out,
			size_t cap)
{
	if (kind == KPI_RATE)
		snprintf(out, cap, "%.1f%%", v * 100);
	else if (kind == KPI_MEAN)
		snprintf(out, cap, "%.2f", v);
	else
		snprintf(out, cap, "%.0f", v);
}

void kpi_value_text(const struct kpi_report *rep, const struct kpi_row *r,
		    char *out, size_t cap)
{
	if (r->kind == KPI_TEXT)
		snprintf(out, cap, "%s", r->text);
	else if (r->na)
		snprintf(out, cap, "-");
	else if (r->suppressed)
		snprintf(out, cap, "<%d", rep->min_count);
	else
		number_text(r->kind, r->value, out, cap);
}

void kpi_target_text(const struct kpi_row *r, char *out, size_t cap)
{
	out[0] = '\0';
	if (r->has_target)
		number_text(r->kind == KPI_MEAN ? KPI_MEAN : r->kind,
			    r->target, out, cap);
}

void kpi_ratio_text(const struct kpi_row *r, char *out, size_t cap)
{
	out[0] = '\0';
	if (r->has_ratio)
		snprintf(out, cap, "%.1f%%", r->ratio * 100);
}

/* ---- targets --------------------------------------------------------- */

static struct kpi_row *find_row(struct kpi_report *rep, const char *name)
{
	for (int i = 0; i < rep->nrows; i++)
		if (!strcmp(rep->rows[i].indicator, name))
			return &rep->rows[i];
	return NULL;
}

/* "100", "１００人", "1,000", "2.5", "30%" (for a rate: 0.30; a rate
 * written above 1 is read as percent). */
static bool target_parse(const char *cell, enum kpi_value_kind kind,
			 double *out)
{
	char buf[64], num[64];
	size_t n = 0;
	bool pct = false;
	char *end;
	double v;

	if (jtext_clean(cell, true, buf, sizeof(buf)) <= 0)
		return false;
	for (const char *p = buf; *p; p++) {
		if (*p == ',')
			continue;
		if (*p == '%') {
			pct = true;
			if (p[1])
				return false;
			break;
		}
		if (!strchr("0123456789.", *p)) {
			/* a unit after the number: 人, 名, 社, 件, 回 */
			if (strcmp(p, "人") && strcmp(p, "名") &&
			    strcmp(p, "社") && strcmp(p, "件") &&
			    strcmp(p, "回"))
				return false;
			break;
		}
		if (n + 1 >= sizeof(num))
			return false;
		num[n++] = *p;
	}
	num[n] = '\0';
	if (!n)
		return false;
	errno = 0;
	v = strtod(num, &end);
	if (*end || errno || v < 0)
		return false;
	if (kind == KPI_RATE && (pct || v > 1))
		v /= 100;
	else if (pct)
		return false;
	*out = v;
	return true;
}

/* Reading a targets file, row by row (CSV, TSV or a workbook's sheet). */
struct tread {
	struct kpi_report *rep;
	const char *path;
	double *target;         /* per row of rep; -1: none */
	int name_col, target_col;
	bool header_seen;
	char unknown[400];
	int nunknown;
	struct fair_err *err;
};

static int header_cols(struct tread *t, long line, int n,
		       const char *const *cells)
{
	char key[128];

	t->header_seen = true;
	t->name_col = t->target_col = -1;
	for (int i = 0; i < n; i++) {
		import_header_key(cells[i], key, sizeof(key));
		if (import_header_is(key, "指標|指標名|indicator|kpi|項目"))
			t->name_col = i;
		else if (import_header_is(key, "目標|目標値|target|goal"))
			t->target_col = i;
	}
	if (t->name_col >= 0 && t->target_col >= 0)
		return 0;
	return fair_fail(t->err, FAIR_EINVAL, "%s:%ld: the header needs 指標 "
			 "(indicator) and 目標 (target)", t->path, line);
}

/* Appends name to the list of unknowns (", "-separated, cut short). */
static void unknown_add(struct tread *t, const char *name)
{
	size_t len = strlen(t->unknown), cap = sizeof(t->unknown);

	if (++t->nunknown > 5) {
		if (t->nunknown == 6 && len + 5 < cap)
			snprintf(t->unknown + len, cap - len, ", ...");
		return;
	}
	snprintf(t->unknown + len, cap - len, "%s'%s'", len ? ", " : "",
		 name);
}

static int target_row(struct tread *t, long line, int n,
		      const char *const *cells)
{
	struct kpi_row *r;
	const char *cell;
	char name[160];
	int len;

	if (!t->header_seen)
		return header_cols(t, line, n, cells);
	len = t->name_col < n ? jtext_clean(cells[t->name_col], false, name,
					    sizeof(name)) : 0;
	if (len == 0)
		return 0; /* a row without an indicator */
	if (len < 0) {
		/* longer than any indicator: unknown, and said so, not
		 * skipped as if the row were empty */
		jtext_copy(name, sizeof(name), cells[t->name_col]);
		unknown_add(t, name);
		return 0;
	}
	r = find_row(t->rep, name);
	if (!r || r->kind == KPI_TEXT) {
		unknown_add(t, name);
		return 0;
	}
	cell = t->target_col < n ? cells[t->target_col] : "";
	if (!target_parse(cell, r->kind, &t->target[r - t->rep->rows]))
		return fair_fail(t->err, FAIR_EINVAL, "%s:%ld: 目標 (target) "
				 "'%s' of '%s' is not a number%s", t->path,
				 line, cell, name, r->kind == KPI_RATE ?
				 _(" or a percentage") : "");
	return 0;
}

static int xlsx_target_row(void *ctx, long row, int n,
			   const char *const *cells)
{
	return target_row(ctx, row, n, cells);
}

static int read_csv(struct tread *t)
{
	struct fair_err rec = { "" };
	const struct csv_row *row;
	struct csv *c;
	int got, rc = 0;

	c = csv_open(t->path, t->path, t->err);
	if (!c)
		return FAIR_EIO;
	csv_set_separator(c, csv_sniff_separator(c));
	while (!rc && (got = csv_next(c, &row, &rec)) != 0) {
		if (got < 0)
			rc = fair_fail(t->err, FAIR_EINVAL, "%s", rec.msg);
		else
			rc = target_row(t, row->line, row->nfields,
					row->field);
	}
	csv_free(c);
	return rc;
}

static bool is_workbook(const char *path)
{
	unsigned char head[4];
	size_t n = 0;
	FILE *f = fopen(path, "rb");

	if (f) {
		n = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	return xlsx_sniff(head, n);
}

int kpi_targets_read(struct kpi_report *rep, const char *path,
		     struct fair_err *err)
{
	struct tread t = { .rep = rep, .path = path, .err = err };
	int rc;

	t.target = calloc((size_t)rep->nrows + 1, sizeof(*t.target));
	if (!t.target)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	for (int i = 0; i < rep->nrows; i++)
		t.target[i] = -1;
	if (is_workbook(path))
		rc = xlsx_read(path, path, NULL, xlsx_target_row, &t, err);
	else
		rc = read_csv(&t);
	if (!rc && !t.header_seen)
		rc = fair_fail(err, FAIR_EINVAL, "%s: empty; write a header "
			       "指標,目標 and one row per target", path);
	if (!rc && t.nunknown)
		rc = fair_fail(err, FAIR_EINVAL, "%s: %d unknown %s: %s; "
			       "'fairsync export kpi --list' shows every "
			       "indicator (県内/県外 need 'fairsync settings "
			       "--prefecture')", path, t.nunknown,
			       P_("indicator", "indicators", t.nunknown),
			       t.unknown);
	for (int i = 0; !rc && i < rep->nrows; i++) {
		struct kpi_row *r = &rep->rows[i];

		if (t.target[i] < 0)
			continue;
		r->has_target = true;
		r->target = t.target[i];
		r->has_ratio = r->target > 0 && !r->suppressed && !r->na;
		r->ratio = r->has_ratio ? r->value / r->target : 0;
	}
	free(t.target);
	return rc;
}

/* ---- CSV ------------------------------------------------------------- */

static void csv_cell(FILE *f, const char *s, bool last)
{
	/* text beginning = + - @ would run as a formula in a spreadsheet */
	bool formula = s[0] && strchr("=+-@\t\r", s[0]) && strcmp(s, "-");

	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs(last ? "\"\r\n" : "\",", f);
}

static void csv_line(FILE *f, const struct kpi_report *rep,
		     const struct kpi_row *r, enum kpi_sheet sheet)
{
	char v[300], t[64], q[64];

	kpi_value_text(rep, r, v, sizeof(v));
	kpi_target_text(r, t, sizeof(t));
	kpi_ratio_text(r, q, sizeof(q));
	csv_cell(f, kpi_sheet_name(sheet), false);
	csv_cell(f, r->section, false);
	csv_cell(f, r->indicator, false);
	csv_cell(f, t, false);
	csv_cell(f, v, false);
	csv_cell(f, q, true);
}

static int write_csv(const struct kpi_report *rep, const char *tmp)
{
	FILE *f = fopen(tmp, "wb");
	int rc = 0;

	if (!f)
		return FAIR_EIO;
	fputs("\xEF\xBB\xBF", f);
	fputs("\"シート\",\"区分\",\"指標\",\"目標\",\"実績\",\"達成率\"\r\n",
	      f);
	for (int i = 0; i < rep->nrows; i++)
		if (kpi_on_summary(&rep->rows[i]))
			csv_line(f, rep, &rep->rows[i], KPI_SHEET_SUMMARY);
	for (int i = 0; i < rep->nrows; i++)
		if (rep->rows[i].sheet != KPI_SHEET_SUMMARY)
			csv_line(f, rep, &rep->rows[i], rep->rows[i].sheet);
	if (fflush(f) || fsync(fileno(f)) || ferror(f))
		rc = FAIR_EIO;
	if (fclose(f))
		rc = FAIR_EIO;
	return rc;
}

/* ---- XLSX ------------------------------------------------------------ */

struct xfmt {
	lxw_format *bold, *title, *mean, *rate, *head;
};

/* The value in its cell: a number Excel can sum, or the text shown. */
static void xlsx_value(lxw_worksheet *ws, int row, int col,
		       const struct kpi_report *rep, const struct kpi_row *r,
		       const struct xfmt *x)
{
	char text[300];

	if (r->kind == KPI_TEXT || r->na || r->suppressed) {
		kpi_value_text(rep, r, text, sizeof(text));
		worksheet_write_string(ws, row, col, text, NULL);
		return;
	}
	worksheet_write_number(ws, row, col, r->value,
			       r->kind == KPI_RATE ? x->rate :
			       r->kind == KPI_MEAN ? x->mean : NULL);
}

static void xlsx_target(lxw_worksheet *ws, int row, int col,
			const struct kpi_row *r, const struct xfmt *x)
{
	if (r->has_target)
		worksheet_write_number(ws, row, col, r->target,
				       r->kind == KPI_RATE ? x->rate :
				       r->kind == KPI_MEAN ? x->mean : NULL);
	if (r->has_ratio)
		worksheet_write_number(ws, row, col + 2, r->ratio, x->rate);
}

static void xlsx_summary(lxw_workbook *wb, const struct kpi_report *rep,
			 const struct xfmt *x)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "実績報告");
	static const char *const head[] = { "No.", "指標", "目標", "実績",
					    "達成率", "区分" };
	int row = 2, no = 0;

	worksheet_write_string(ws, 0, 0, "実績報告", x->title);
	for (int i = 0; i < rep->nrows; i++) {
		const struct kpi_row *r = &rep->rows[i];

		if (r->kind != KPI_TEXT)
			continue;
		worksheet_write_string(ws, row, 0, r->indicator, x->bold);
		worksheet_write_string(ws, row++, 1, r->text, NULL);
	}
	row++;
	for (int c = 0; c < 6; c++)
		worksheet_write_string(ws, row, c, head[c], x->head);
	row++;
	for (int i = 0; i < rep->nrows; i++) {
		const struct kpi_row *r = &rep->rows[i];

		if (r->kind == KPI_TEXT || !kpi_on_summary(r))
			continue;
		worksheet_write_number(ws, row, 0, ++no, NULL);
		worksheet_write_string(ws, row, 1, r->indicator, NULL);
		xlsx_target(ws, row, 2, r, x);
		xlsx_value(ws, row, 3, rep, r, x);
		worksheet_write_string(ws, row++, 5, kpi_sheet_name(r->sheet),
				       NULL);
	}
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 2, 5, 12, NULL);
}

static void xlsx_detail(lxw_workbook *wb, const struct kpi_report *rep,
			enum kpi_sheet sheet, const struct xfmt *x)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, kpi_sheet_name(sheet));
	static const char *const head[] = { "区分", "指標", "実績", "目標",
					    "達成率" };
	int row = 1;

	for (int c = 0; c < 5; c++)
		worksheet_write_string(ws, 0, c, head[c], x->head);
	for (int i = 0; i < rep->nrows; i++) {
		const struct kpi_row *r = &rep->rows[i];

		if (r->sheet != sheet)
			continue;
		worksheet_write_string(ws, row, 0, r->section, NULL);
		worksheet_write_string(ws, row, 1, r->indicator, NULL);
		xlsx_value(ws, row, 2, rep, r, x);
		/* target in column D, ratio in E: xlsx_target's col + 2 */
		if (r->has_target)
			worksheet_write_number(ws, row, 3, r->target,
					       r->kind == KPI_RATE ? x->rate :
					       r->kind == KPI_MEAN ? x->mean
								   : NULL);
		if (r->has_ratio)
			worksheet_write_number(ws, row, 4, r->ratio, x->rate);
		row++;
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 2, 4, 12, NULL);
}

static int write_xlsx(const struct kpi_report *rep, const char *tmp)
{
	lxw_workbook *wb = workbook_new(tmp);
	struct xfmt x;

	if (!wb)
		return FAIR_EIO;
	x.bold = workbook_add_format(wb);
	format_set_bold(x.bold);
	x.head = workbook_add_format(wb);
	format_set_bold(x.head);
	format_set_bottom(x.head, LXW_BORDER_THIN);
	x.title = workbook_add_format(wb);
	format_set_bold(x.title);
	format_set_font_size(x.title, 16);
	x.mean = workbook_add_format(wb);
	format_set_num_format(x.mean, "0.00");
	x.rate = workbook_add_format(wb);
	format_set_num_format(x.rate, "0.0%");
	xlsx_summary(wb, rep, &x);
	for (int s = KPI_SHEET_COMPANIES; s < KPI_SHEET_COUNT; s++)
		if (kpi_sheet_used(rep, (enum kpi_sheet)s))
			xlsx_detail(wb, rep, (enum kpi_sheet)s, &x);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : FAIR_EIO;
}

int kpi_write(const struct kpi_report *rep, enum kpi_format f,
	      const char *path, struct fair_err *err)
{
	char tmp[4200];
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.part%d", path,
			     (int)getpid()) >= sizeof(tmp))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	rc = f == KPI_XLSX ? write_xlsx(rep, tmp) : write_csv(rep, tmp);
	if (!rc && rename(tmp, path))
		rc = FAIR_EIO;
	if (rc) {
		unlink(tmp);
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
				 strerror(errno ? errno : EIO));
	}
	return 0;
}
