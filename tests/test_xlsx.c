/* test_xlsx.c: the workbook reader on workbooks libxlsxwriter writes
 * (shared strings, numbers, dates and times in date formats, booleans,
 * gaps, two sheets), a ZIP bomb, and the roster import through it and
 * through TSV, with FILE:ROW messages. */
#include <math.h>
#include <sys/stat.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "testutil.h"
#include "fair/import.h"
#include "fair/xlsx.h"

#define ROWS_MAX 16
#define GOT_COLS 8

struct got {
	int nrows;
	long row[ROWS_MAX];
	int ncells[ROWS_MAX];
	char cell[ROWS_MAX][GOT_COLS][64];
};

static int collect(void *ctx, long row, int ncells, const char *const *cells)
{
	struct got *g = ctx;

	if (g->nrows >= ROWS_MAX)
		return 99;
	g->row[g->nrows] = row;
	g->ncells[g->nrows] = ncells;
	for (int i = 0; i < ncells && i < GOT_COLS; i++)
		snprintf(g->cell[g->nrows][i], 64, "%s", cells[i]);
	g->nrows++;
	return 0;
}

/* A roster as an organizer's Excel file holds it. */
static void write_book(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "名簿");
	lxw_worksheet *ws2 = workbook_add_worksheet(wb, "企業");
	lxw_format *date = workbook_add_format(wb);
	lxw_format *when = workbook_add_format(wb);
	lxw_format *clock = workbook_add_format(wb);
	lxw_datetime d = { 2026, 12, 5, 0, 0, 0 };
	lxw_datetime t = { 2026, 12, 5, 10, 30, 0 };
	lxw_datetime c = { 0, 0, 0, 13, 0, 0 };

	format_set_num_format(date, "yyyy/m/d");
	format_set_num_format(when, "yyyy\"年\"m\"月\"d\"日\" hh:mm");
	format_set_num_format_index(clock, 20); /* built-in h:mm */
	worksheet_write_string(ws, 0, 0, "受付番号", NULL);
	worksheet_write_string(ws, 0, 1, "氏名", NULL);
	worksheet_write_string(ws, 0, 2, "学校名", NULL);
	worksheet_write_string(ws, 0, 3, "同意", NULL);
	worksheet_write_string(ws, 0, 4, "日付", NULL);
	worksheet_write_string(ws, 1, 0, "S001", NULL);
	worksheet_write_string(ws, 1, 1, "山田 \"太郎\"", NULL);
	worksheet_write_string(ws, 1, 2, "岐阜大学", NULL);
	worksheet_write_boolean(ws, 1, 3, 1, NULL);
	worksheet_write_datetime(ws, 1, 4, &d, date);
	/* row 3 left empty; row 4 has a number id and a gap in column C */
	worksheet_write_number(ws, 3, 0, 1002, NULL);
	worksheet_write_string(ws, 3, 1, "鈴木\n花子", NULL);
	worksheet_write_number(ws, 3, 3, 0, NULL);
	worksheet_write_datetime(ws, 3, 4, &t, when);
	worksheet_write_number(ws, 4, 0, 3.25, NULL);
	worksheet_write_datetime(ws, 4, 4, &c, clock);
	worksheet_write_string(ws2, 0, 0, "企業ID", NULL);
	worksheet_write_string(ws2, 0, 1, "企業名", NULL);
	worksheet_write_string(ws2, 1, 0, "C001", NULL);
	worksheet_write_string(ws2, 1, 1, "ミノ精工", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_cells(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct fair_err e = { "" };
	struct got g = { 0 };

	(void)state;
	tu_path(path, sizeof(path), dir, "roster.xlsx");
	write_book(path);
	assert_int_equal(xlsx_read(path, "roster.xlsx", NULL, collect, &g,
				   &e), 0);
	assert_int_equal(g.nrows, 4);
	assert_int_equal(g.row[0], 1);
	assert_string_equal(g.cell[0][0], "受付番号");
	assert_string_equal(g.cell[0][4], "日付");
	assert_int_equal(g.row[1], 2);
	assert_string_equal(g.cell[1][1], "山田 \"太郎\"");
	assert_string_equal(g.cell[1][3], "TRUE");
	assert_string_equal(g.cell[1][4], "2026-12-05");
	assert_int_equal(g.row[2], 4); /* row 3 had no value */
	assert_string_equal(g.cell[2][0], "1002");
	assert_string_equal(g.cell[2][1], "鈴木 花子"); /* line break: space */
	assert_string_equal(g.cell[2][2], "");         /* the gap */
	assert_string_equal(g.cell[2][3], "0");
	assert_string_equal(g.cell[2][4], "2026-12-05 10:30");
	assert_string_equal(g.cell[3][0], "3.25");
	assert_string_equal(g.cell[3][4], "13:00");
	/* the second sheet by name; a missing one lists what there is */
	memset(&g, 0, sizeof(g));
	assert_int_equal(xlsx_read(path, "roster.xlsx", "企業", collect, &g,
				   &e), 0);
	assert_int_equal(g.nrows, 2);
	assert_string_equal(g.cell[1][1], "ミノ精工");
	assert_int_equal(xlsx_read(path, "roster.xlsx", "x", collect, &g, &e),
			 FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "roster.xlsx: no sheet 'x' (the sheets "
			       "are '名簿', '企業')"));
	/* the caller stops the reading */
	memset(&g, 0, sizeof(g));
	g.nrows = ROWS_MAX;
	assert_int_equal(xlsx_read(path, NULL, NULL, collect, &g, &e), 99);
	tu_rmdir(dir);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Rewrites the uncompressed size of entry in its local and central
 * headers. */
static void lie_about_size(const char *path, const char *entry, uint32_t n)
{
	FILE *f = fopen(path, "r+b");
	size_t len, elen = strlen(entry);
	unsigned char *d;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	d = malloc(len);
	assert_non_null(d);
	assert_int_equal(fread(d, 1, len, f), len);
	for (size_t i = 0; i + 46 + elen <= len; i++) {
		if (!memcmp(d + i, "PK\3\4", 4) &&
		    !memcmp(d + i + 30, entry, elen))
			put_le32(d + i + 22, n);
		if (!memcmp(d + i, "PK\1\2", 4) &&
		    !memcmp(d + i + 46, entry, elen))
			put_le32(d + i + 24, n);
	}
	rewind(f);
	assert_int_equal(fwrite(d, 1, len, f), len);
	fclose(f);
	free(d);
}

/* A sheet that inflates past XLSX_PART_MAX: refused by its header; with
 * headers that lie, only what they claim is ever inflated. */
static void test_zip_bomb(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct fair_err e = { "" };
	zip_fileinfo zi = { 0 };
	struct got g = { 0 };
	static char zeros[1 << 20];
	static const char *const small[][2] = {
		{ "xl/workbook.xml", "<workbook><sheets><sheet name=\"a\" "
		  "r:id=\"rId1\"/></sheets></workbook>" },
		{ "xl/_rels/workbook.xml.rels", "<Relationships><Relationship "
		  "Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/"
		  "sheet1.xml\"/></Relationships>" },
	};
	zipFile z;

	(void)state;
	tu_path(path, sizeof(path), dir, "bomb.xlsx");
	z = zipOpen(path, APPEND_STATUS_CREATE);
	assert_non_null(z);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(zipOpenNewFileInZip(z, small[i][0], &zi, NULL,
						     0, NULL, 0, NULL,
						     Z_DEFLATED, 1), ZIP_OK);
		zipWriteInFileInZip(z, small[i][1],
				    (unsigned)strlen(small[i][1]));
		zipCloseFileInZip(z);
	}
	assert_int_equal(zipOpenNewFileInZip(z, "xl/worksheets/sheet1.xml",
					     &zi, NULL, 0, NULL, 0, NULL,
					     Z_DEFLATED, 1), ZIP_OK);
	zipWriteInFileInZip(z, "<worksheet><sheetData>", 22);
	memset(zeros, ' ', sizeof(zeros));
	for (long i = 0; i <= XLSX_PART_MAX >> 20; i++)
		zipWriteInFileInZip(z, zeros, sizeof(zeros));
	zipCloseFileInZip(z);
	zipClose(z, NULL);
	assert_int_equal(xlsx_read(path, "bomb.xlsx", NULL, collect, &g, &e),
			 FAIR_EINVAL);
	if (!strstr(e.msg, "would be larger than 134217728 bytes"))
		fail_msg("%s", e.msg);
	/* the same with headers that lie: 100 bytes; reading stops there
	 * (a damaged sheet), never inflating the rest */
	lie_about_size(path, "xl/worksheets/sheet1.xml", 100);
	assert_int_equal(xlsx_read(path, "bomb.xlsx", NULL, collect, &g, &e),
			 FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "bomb.xlsx: "));
	tu_rmdir(dir);
}

/* The import through a workbook: same rules, FILE:ROW messages. */
static void test_import_xlsx_and_tsv(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct fair_err e = { "" };
	struct import_report rep;
	struct store *st = tu_event(dir);
	struct attendee a;
	FILE *f;

	(void)state;
	tu_path(path, sizeof(path), dir, "roster.xlsx");
	write_book(path);
	assert_int_equal(import_file(st, IMPORT_STUDENTS, path, "roster.xlsx",
				     NULL, &rep, &e), 0);
	assert_string_equal(rep.format, "XLSX");
	/* S001 and 1002 imported; row 5 (3.25) has no name */
	assert_int_equal(rep.imported, 2);
	assert_int_equal(rep.skipped, 1);
	assert_non_null(strstr(rep.messages[0], "roster.xlsx:5: "));
	assert_int_equal(store_attendee_by_ext(st, "S001", &a), 0);
	assert_string_equal(a.name, "山田 \"太郎\"");
	assert_true(a.consent);
	assert_int_equal(store_attendee_by_ext(st, "1002", &a), 0);
	assert_false(a.consent);
	import_report_release(&rep);
	assert_int_equal(import_file(st, IMPORT_COMPANIES, path, "roster.xlsx",
				     "企業", &rep, &e), 0);
	assert_int_equal(rep.imported, 1);
	import_report_release(&rep);
	/* TSV, by its extension and by its first line */
	tu_path(path, sizeof(path), dir, "roster.txt");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("受付番号\t氏名\t学校名\nS010\t田中, 一郎\t岐阜大学\n"
	      "S011\t\t岐阜大学\n", f);
	fclose(f);
	assert_int_equal(import_file(st, IMPORT_STUDENTS, path, "roster.txt",
				     NULL, &rep, &e), 0);
	assert_string_equal(rep.format, "TSV");
	assert_int_equal(rep.imported, 1);
	assert_non_null(strstr(rep.messages[0], "roster.txt:3: "));
	assert_int_equal(store_attendee_by_ext(st, "S010", &a), 0);
	assert_string_equal(a.name, "田中, 一郎");
	import_report_release(&rep);
	/* --sheet on a CSV is refused */
	assert_int_equal(import_file(st, IMPORT_STUDENTS, path, "roster.txt",
				     "x", &rep, &e), FAIR_EINVAL);
	import_report_release(&rep);
	store_close(st);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_import_xlsx_and_tsv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
