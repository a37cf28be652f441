/* csv.h: an RFC 4180 reader for the rosters organizers keep in Excel.
 *
 * A reader holds the whole file in memory as UTF-8. On opening it detects
 * the encoding: UTF-8 with or without a byte order mark, otherwise
 * Shift_JIS as Excel in Japan writes it (CP932, converted with iconv).
 * Bytes valid in neither, and NUL bytes, are an error naming the row.
 * UTF-16 files ("Unicode text" in Excel) are refused with a hint.
 *
 * Records: fields separated by commas, records by CRLF, LF or a lone CR.
 * A field in double quotes may hold commas, line breaks and doubled quotes
 * (""); line breaks inside quotes come back as "\n". Completely empty lines
 * are skipped. Every record knows the physical line it starts on and its
 * row as a spreadsheet numbers it (the first record is row 1; a quoted
 * cell spanning lines is still one row; an empty line is a row), so
 * messages name the row Excel shows: "NAME:ROW: reason" where row and
 * line agree, "NAME: ROW行目 (line LINE): reason" where they differ
 * (csv_where()).
 *
 * Limits (every buffer is capped): the file, each field and the number of
 * fields per record. A record over a limit, or with a stray character
 * after a closing quote, is reported as bad and skipped; reading goes on
 * with the next record. A quote never closed runs to the end of the file
 * and is reported once.
 */
#ifndef FAIR_CSV_H
#define FAIR_CSV_H

#include <stddef.h>

#include "fair/err.h"

#define CSV_FILE_MAX (16L << 20) /* bytes in a file, before conversion */
#define CSV_FIELD_MAX 4096       /* bytes in one field, UTF-8 */
#define CSV_FIELDS_MAX 128       /* fields in one record */

enum csv_encoding {
	CSV_ENC_UTF8 = 0,  /* UTF-8 without a byte order mark */
	CSV_ENC_UTF8_BOM,  /* UTF-8 with one (Excel's "CSV UTF-8") */
	CSV_ENC_CP932,     /* Shift_JIS / Windows-31J, Excel's plain "CSV" */
};

/* One record. Owned by the reader; valid until the next csv_next() or
 * csv_free(). */
struct csv_row {
	long line;                 /* physical line the record starts on */
	long row;                  /* its row in a spreadsheet, from 1 */
	int nfields;               /* at least 1 */
	const char *field[CSV_FIELDS_MAX]; /* NUL-terminated UTF-8 */
	size_t len[CSV_FIELDS_MAX];        /* bytes in each field */
};

struct csv;

/* Reads the file at path. name is what messages call the file (usually
 * path itself). NULL on failure with err set: cannot open, larger than
 * CSV_FILE_MAX, UTF-16, or bytes that are neither UTF-8 nor CP932
 * ("NAME:ROW: ..."). Caller frees with csv_free(). */
struct csv *csv_open(const char *path, const char *name,
		     struct fair_err *err);

/* The same from len bytes in memory (copied; data may be freed after). */
struct csv *csv_new_mem(const void *data, size_t len, const char *name,
			struct fair_err *err);

void csv_free(struct csv *c);

/* The encoding found on opening. */
enum csv_encoding csv_encoding(const struct csv *c);
/* "UTF-8", "UTF-8 with BOM", "Shift_JIS (CP932)". */
const char *csv_encoding_name(enum csv_encoding e);
/* The name given when opening; owned by the reader. */
const char *csv_name(const struct csv *c);

/* Fields are separated by commas unless set here before the first
 * csv_next(): '\t' reads TSV (Excel's "Text (Tab delimited)"), with the
 * same quoting rules. */
void csv_set_separator(struct csv *c, char sep);
/* '\t' if the first line holds more tabs than commas, else ','. */
char csv_sniff_separator(const struct csv *c);

/* Where a record of c is, for messages: "NAME:ROW" when its row and
 * physical line agree, else "NAME: ROW行目 (line LINE)"; "NAME:ROW" always
 * after csv_set_sheet(). Written to out (cap bytes); returns out. */
const char *csv_where(const struct csv *c, const struct csv_row *row,
		      char *out, size_t cap);
/* The text is a workbook sheet's rows as CSV (one record per sheet row):
 * its physical lines mean nothing to the user, so messages name rows. */
void csv_set_sheet(struct csv *c);

/* Reads the next record into *row. Returns 1 with *row set, 0 at the end
 * of the file, or FAIR_EINVAL for a bad record with err set to
 * "NAME:ROW: reason" (csv_where()): the reader has moved past that
 * record, so the caller may report it and call again. */
int csv_next(struct csv *c, const struct csv_row **row,
	     struct fair_err *err);

/* Checks that s[0..len) is well-formed UTF-8 (no overlongs, surrogates
 * or code points past U+10FFFF). Returns the length of the valid prefix:
 * len when all of it is valid. */
size_t csv_utf8_valid_prefix(const char *s, size_t len);

#endif
