/* rosterkind.c: a roster's kind from its header (fair/rosterkind.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/csv.h"
#include "fair/import.h"
#include "fair/rosterkind.h"
#include "fair/tours.h"
#include "fair/xlsx.h"

#define KEY_MAX 256

static const struct {
	const char *name, *ja;
} kinds[] = {
	[ROSTER_UNKNOWN] = { "", "" },
	[ROSTER_STUDENTS] = { "students", "学生" },
	[ROSTER_COMPANIES] = { "companies", "企業" },
	[ROSTER_SESSIONS] = { "sessions", "セミナー" },
	[ROSTER_HOSTS] = { "hosts", "ツアー受入日程" },
	[ROSTER_PLAN] = { "assignments", "ツアー計画" },
};

static enum roster_kind of_keys(const char *const *keys, int n)
{
	bool students, companies;

	if (tours_plan_header_fits(keys, n))
		return ROSTER_PLAN;
	if (tours_hosts_header_fits(keys, n))
		return ROSTER_HOSTS;
	if (import_header_fits(IMPORT_SESSIONS, keys, n))
		return ROSTER_SESSIONS;
	students = import_header_fits(IMPORT_STUDENTS, keys, n);
	companies = import_header_fits(IMPORT_COMPANIES, keys, n);
	if (students == companies)
		return ROSTER_UNKNOWN; /* neither, or "ID,name": ask */
	return students ? ROSTER_STUDENTS : ROSTER_COMPANIES;
}

enum roster_kind roster_kind_of_header(const char *const *cells, int n)
{
	char (*key)[KEY_MAX];
	const char **keys;
	enum roster_kind k = ROSTER_UNKNOWN;

	if (n <= 0 || n > CSV_FIELDS_MAX)
		return ROSTER_UNKNOWN;
	key = calloc((size_t)n, sizeof(*key));
	keys = calloc((size_t)n, sizeof(*keys));
	if (key && keys) {
		for (int i = 0; i < n; i++) {
			import_header_key(cells[i], key[i], KEY_MAX);
			keys[i] = key[i];
		}
		k = of_keys(keys, n);
	}
	free(key);
	free(keys);
	return k;
}

/* A workbook's first row with a value: its kind, then stop reading (a
 * sheet of a million rows is not read twice). */
struct first_row {
	enum roster_kind kind;
	bool seen;
};

static int sheet_first_row(void *ctx, long row, int n,
			   const char *const *cells)
{
	struct first_row *f = ctx;

	(void)row;
	for (int i = 0; i < n; i++)
		if (cells[i][0]) {
			f->kind = roster_kind_of_header(cells, n);
			f->seen = true;
			return 1;
		}
	return 0;
}

static int detect_sheet(const char *path, const char *name,
			const char *sheet, enum roster_kind *out,
			struct fair_err *err)
{
	struct first_row f = { ROSTER_UNKNOWN, false };
	int rc = xlsx_read(path, name, sheet, sheet_first_row, &f, err);

	if (rc == 1)
		rc = 0;
	if (!rc && !f.seen)
		rc = fair_fail(err, FAIR_EINVAL, "%s: the sheet is empty", name);
	*out = f.kind;
	return rc;
}

int roster_kind_detect(const char *path, const char *name, const char *sheet,
		       enum roster_kind *out, struct fair_err *err)
{
	const struct csv_row *row;
	const char *format;
	unsigned char head[4] = { 0 };
	struct csv *c;
	FILE *f = fopen(path, "rb");
	size_t got = f ? fread(head, 1, sizeof(head), f) : 0;
	int rc;

	if (f)
		fclose(f);
	*out = ROSTER_UNKNOWN;
	name = name ? name : path;
	if (xlsx_sniff(head, got))
		return detect_sheet(path, name, sheet, out, err);
	rc = import_open(path, name, sheet, &c, &format, err);
	if (rc)
		return rc;
	/* the first record with a cell */
	while ((rc = csv_next(c, &row, err)) != 0) {
		if (rc < 0)
			break;
		if (row->nfields > 1 || row->len[0] > 0)
			break;
	}
	if (rc > 0)
		*out = roster_kind_of_header(row->field, row->nfields);
	else if (rc == 0)
		rc = fair_fail(err, FAIR_EINVAL, "%s: the file is empty", name);
	csv_free(c);
	return rc < 0 ? rc : 0;
}

const char *roster_kind_name(enum roster_kind k)
{
	return (unsigned)k <= ROSTER_PLAN ? kinds[k].name : "";
}

enum roster_kind roster_kind_parse(const char *s)
{
	for (int k = ROSTER_STUDENTS; k <= ROSTER_PLAN; k++)
		if (!strcmp(s, kinds[k].name))
			return (enum roster_kind)k;
	return ROSTER_UNKNOWN;
}

const char *roster_kind_ja(enum roster_kind k)
{
	return (unsigned)k <= ROSTER_PLAN ? kinds[k].ja : "";
}
