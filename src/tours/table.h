/* table.h: the rows writer of the tours reports (table.c). Internal. */
#ifndef FAIR_TOURS_TABLE_H
#define FAIR_TOURS_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#include <xlsxwriter.h>

#include "fair/err.h"
#include "fair/tourdata.h"

struct table {
	enum tour_format format;
	int ncols;
	const char *const *en;     /* JSON keys */
	const char *path;
	char tmp[4096];
	FILE *f;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	long rows;
};

/* Opens a temporary file beside path and writes the header (ja names;
 * JSON uses en as keys). */
int table_open(struct table *t, enum tour_format format, const char *path,
	       const char *sheet, const char *const *ja,
	       const char *const *en, int ncols, struct fair_err *err);
/* One row of ncols cells (NULL is empty). */
void table_row(struct table *t, const char *const *cells);
/* keep: rename over path; else remove. 0 or FAIR_EIO. */
int table_close(struct table *t, bool keep, struct fair_err *err);
void table_csv_cell(FILE *f, const char *s, bool last);

#endif
