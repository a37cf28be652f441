/* xlsx.h: the rows of one worksheet of an Excel workbook (.xlsx), for
 * rosters organizers keep in Excel and never save as CSV.
 *
 * Read through minizip (the ZIP container) and expat (the XML parts),
 * never by running a program. Cells come back as UTF-8 text:
 *   shared and inline strings as written (rich-text runs joined; the
 *   furigana Excel stores beside Japanese text, <rPh>, left out);
 *   numbers as the shortest exact decimal ("1001", "3.5");
 *   numbers in a date or time format (styles.xml: the built-in date
 *   formats and any custom format with y, m, d or h outside quotes) as
 *   "YYYY-MM-DD", "HH:MM" or "YYYY-MM-DD HH:MM" (":SS" when not zero),
 *   counting from 1900 or, for date1904 workbooks, 1904;
 *   booleans as "TRUE"/"FALSE"; formulas as their cached result.
 * Line breaks inside a cell become spaces, as the CSV import does.
 *
 * The file is untrusted input. Caps (each a refusal with a message, never
 * a crash or an exhausted machine): the file's size, the number of ZIP
 * entries, every XML part's uncompressed size as actually inflated (a ZIP
 * bomb stops at the cap whatever its header claims), element depth,
 * shared strings, cells, columns and the bytes of one cell. A DOCTYPE (no
 * workbook has one; entity tricks need it) is refused.
 */
#ifndef FAIR_XLSX_H
#define FAIR_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "fair/err.h"

#define XLSX_FILE_MAX (64L << 20)     /* bytes of the .xlsx itself */
#define XLSX_ENTRIES_MAX 4096         /* files inside the ZIP */
#define XLSX_PART_MAX (128L << 20)    /* one XML part, inflated */
#define XLSX_DEPTH_MAX 64             /* nested XML elements */
#define XLSX_STRINGS_MAX 1000000      /* shared strings */
#define XLSX_STRINGS_BYTES (64L << 20) /* their text, all together */
#define XLSX_CELLS_MAX 5000000L       /* cells with a value, in a sheet */
#define XLSX_COLS_MAX 128             /* columns (A..DX), as CSV_FIELDS_MAX */
#define XLSX_CELL_MAX 32768           /* bytes of one cell's text */
#define XLSX_STYLES_MAX 65536         /* cell formats in styles.xml */

/* Called for each row holding at least one value, in sheet order: row is
 * the sheet's row number (1 = the first row), cells[0..ncells) the text
 * of columns A, B, ... ("" where empty). Valid during the call only.
 * Return 0 to go on, anything else to stop: xlsx_read then returns it. */
typedef int (*xlsx_row_fn)(void *ctx, long row, int ncells,
			   const char *const *cells);

/* Reads the worksheet named sheet (NULL: the workbook's first sheet) of
 * the .xlsx at path. name is what messages call the file. Returns 0 after
 * the last row; FAIR_EINVAL with err set ("NAME: reason") for a file that
 * is not a workbook, is damaged, lacks the sheet (the message lists the
 * sheets there are) or passes a cap; FAIR_ENOENT/FAIR_EIO if it cannot
 * be read; or what fn returned. */
int xlsx_read(const char *path, const char *name, const char *sheet,
	      xlsx_row_fn fn, void *ctx, struct fair_err *err);

/* The same from len bytes in memory (for the fuzz target and uploads). */
int xlsx_read_mem(const void *data, size_t len, const char *name,
		  const char *sheet, xlsx_row_fn fn, void *ctx,
		  struct fair_err *err);

/* True if the first bytes look like a ZIP file ("PK\3\4"). */
bool xlsx_sniff(const void *head, size_t len);

#endif
