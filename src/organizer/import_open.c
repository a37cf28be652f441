/* import_open.c: a roster file of any format as CSV (see fair/import.h):
 * an .xlsx sheet rewritten as CSV text, TSV told apart from CSV. Apart
 * from import.c so that file stays under the house's 1,500 lines. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fair/csv.h"
#include "fair/grow.h"
#include "fair/import.h"
#include "fair/xlsx.h"

/* A sheet's rows as CSV text, one physical line per sheet row (blank
 * lines for rows without values), so the CSV reader's line numbers are
 * the sheet's row numbers: FILE.xlsx:ROW in every message (csv_set_sheet:
 * a cell's line breaks move the text's lines, never its rows). */
struct sheet_csv {
	char *p;
	size_t n, cap;
	long line;
};

static int sheet_put(struct sheet_csv *b, const char *s, size_t n)
{
	if (b->n + n > (size_t)CSV_FILE_MAX)
		return FAIR_EINVAL;
	if (fair_grow((void **)&b->p, &b->cap, b->n + n, 1, CSV_FILE_MAX))
		return FAIR_ENOMEM;
	memcpy(b->p + b->n, s, n);
	b->n += n;
	return 0;
}

static int sheet_row(void *ctx, long row, int ncells,
		     const char *const *cells)
{
	struct sheet_csv *b = ctx;
	int rc = 0;

	while (!rc && b->line + 1 < row) {
		rc = sheet_put(b, "\r\n", 2);
		b->line++;
	}
	for (int i = 0; !rc && i < ncells; i++) {
		const char *c = cells[i];

		rc = sheet_put(b, i ? ",\"" : "\"", i ? 2 : 1);
		for (const char *q; !rc && (q = strchr(c, '"')); c = q + 1) {
			rc = sheet_put(b, c, (size_t)(q - c + 1));
			if (!rc) /* a quote is doubled */
				rc = sheet_put(b, "\"", 1);
		}
		if (!rc)
			rc = sheet_put(b, c, strlen(c));
		if (!rc)
			rc = sheet_put(b, "\"", 1);
	}
	if (!rc)
		rc = sheet_put(b, "\r\n", 2);
	b->line = row;
	return rc;
}

static bool ends_with(const char *s, const char *ext)
{
	size_t n = strlen(s), e = strlen(ext);

	return n > e && !strcasecmp(s + n - e, ext);
}

/* The first bytes of the file at path, for telling formats apart. */
static size_t file_head(const char *path, unsigned char *head, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(head, 1, cap, f);
	fclose(f);
	return n;
}

int import_open(const char *path, const char *name, const char *sheet,
		struct csv **out, const char **format, struct fair_err *err)
{
	unsigned char head[8];
	size_t n = file_head(path, head, sizeof(head));
	struct sheet_csv b = { 0 };
	int rc;

	*out = NULL;
	*format = "CSV";
	name = name ? name : path;
	if (n >= 4 && !memcmp(head, "\xD0\xCF\x11\xE0", 4))
		return fair_fail(err, FAIR_EINVAL, "%s: an old Excel 97-2003 "
				 "workbook (.xls) or a password-protected one; "
				 "save it as .xlsx (without a password) or "
				 "CSV", name);
	if (xlsx_sniff(head, n) || ends_with(path, ".xlsx") ||
	    ends_with(path, ".xlsm")) {
		*format = "XLSX";
		rc = xlsx_read(path, name, sheet, sheet_row, &b, err);
		if (rc == FAIR_EINVAL && !err->msg[0]) /* from sheet_row */
			rc = fair_fail(err, rc, "%s: the sheet is larger than "
				       "%ld MiB", name, CSV_FILE_MAX >> 20);
		else if (rc == FAIR_ENOMEM && !err->msg[0])
			rc = fair_fail(err, rc, "%s: out of memory", name);
		if (!rc && !(*out = csv_new_mem(b.p ? b.p : "", b.n, name,
						err)))
			rc = FAIR_EINVAL;
		if (*out) /* messages name the sheet's own row numbers */
			csv_set_sheet(*out);
		free(b.p);
		return rc;
	}
	if (sheet)
		return fair_fail(err, FAIR_EINVAL, "%s: not a workbook; a "
				 "sheet is chosen only in .xlsx files", name);
	*out = csv_open(path, name, err);
	if (!*out)
		return FAIR_EINVAL;
	if (ends_with(path, ".tsv") || ends_with(path, ".tab") ||
	    csv_sniff_separator(*out) == '\t') {
		csv_set_separator(*out, '\t');
		*format = "TSV";
	}
	return 0;
}

