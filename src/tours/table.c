/* table.c: rows out to CSV, XLSX or JSON lines, for the tours reports
 * (tourdata.h says how each looks). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "fair/export.h"
#include "fair/jtext.h"
#include "fair/tourdata.h"
#include "table.h"

int tour_format_parse(const char *s, enum tour_format *out)
{
	static const char *const names[] = { "csv", "xlsx", "json" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum tour_format)i;
			return 0;
		}
	return FAIR_EINVAL;
}

int table_open(struct table *t, enum tour_format format, const char *path,
	       const char *sheet, const char *const *ja,
	       const char *const *en, int ncols, struct fair_err *err)
{
	mode_t old;
	int fd;

	memset(t, 0, sizeof(*t));
	t->format = format;
	t->ncols = ncols;
	t->en = en;
	t->path = path;
	/* a part named as exports name theirs, so the next export sweeps
	 * it should this one be killed (it names students) */
	if (export_part_prepare(path, t->tmp, sizeof(t->tmp), err))
		return FAIR_EINVAL;
	old = umask(077);
	fd = open(t->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
		  O_CLOEXEC, 0600);
	umask(old);
	if (fd < 0)
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
				 strerror(errno));
	if (format == TOUR_XLSX) {
		lxw_workbook_options o = { .constant_memory = LXW_TRUE };

		close(fd);
		t->wb = workbook_new_opt(t->tmp, &o);
		t->ws = t->wb ? workbook_add_worksheet(t->wb, sheet) : NULL;
		if (!t->ws) {
			unlink(t->tmp);
			return fair_fail(err, FAIR_EIO, "cannot write '%s'",
					 path);
		}
		t->bold = workbook_add_format(t->wb);
		format_set_bold(t->bold);
		for (int i = 0; i < ncols; i++)
			worksheet_write_string(t->ws, 0, (lxw_col_t)i, ja[i],
					       t->bold);
		worksheet_freeze_panes(t->ws, 1, 0);
		return 0;
	}
	t->f = fdopen(fd, "wb");
	if (!t->f) {
		close(fd);
		unlink(t->tmp);
		return fair_fail(err, FAIR_EIO, "cannot write '%s'", path);
	}
	if (format == TOUR_CSV) {
		fputs("\xEF\xBB\xBF", t->f);
		for (int i = 0; i < ncols; i++)
			table_csv_cell(t->f, ja[i], i == ncols - 1);
	}
	return 0;
}

void table_csv_cell(FILE *f, const char *s, bool last)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	bool guard = s[0] && strchr("=+-@\t\r", s[0]);

	if (quote || guard)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote || guard)
		fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
}

void table_row(struct table *t, const char *const *cells)
{
	t->rows++;
	for (int i = 0; i < t->ncols; i++) {
		const char *s = cells[i] ? cells[i] : "";

		switch (t->format) {
		case TOUR_CSV:
			table_csv_cell(t->f, s, i == t->ncols - 1);
			break;
		case TOUR_XLSX: {
			char *end;
			double v = strtod(s, &end);

			if (s[0] && !*end && s[0] != '+' && s[0] != '-' &&
			    strlen(s) < 10)
				worksheet_write_number(t->ws,
						       (lxw_row_t)t->rows,
						       (lxw_col_t)i, v, NULL);
			else if (s[0])
				worksheet_write_string(t->ws,
						       (lxw_row_t)t->rows,
						       (lxw_col_t)i, s, NULL);
			break;
		}
		case TOUR_JSON:
			fputc(i ? ',' : '{', t->f);
			jtext_json_put(t->f, t->en[i]);
			fputc(':', t->f);
			jtext_json_put(t->f, s);
			if (i == t->ncols - 1)
				fputs("}\n", t->f);
			break;
		}
	}
}

int table_close(struct table *t, bool keep, struct fair_err *err)
{
	int rc = 0;

	if (t->format == TOUR_XLSX) {
		if (workbook_close(t->wb) != LXW_NO_ERROR)
			rc = FAIR_EIO;
	} else {
		if (fflush(t->f) || fsync(fileno(t->f)))
			rc = FAIR_EIO;
		if (fclose(t->f))
			rc = FAIR_EIO;
	}
	if (rc && keep)
		fair_fail(err, rc, "cannot write '%s'", t->path);
	if (!rc && keep && rename(t->tmp, t->path))
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", t->path,
			       strerror(errno));
	if (rc || !keep)
		unlink(t->tmp);
	return rc;
}
