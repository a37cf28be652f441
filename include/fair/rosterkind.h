/* rosterkind.h: what kind of roster a file is, told from its header row,
 * so a companies file dropped where students were expected is recognised
 * ("これは企業の一覧のようです") instead of refused for a missing column.
 *
 * A kind fits when the header has every required column of that kind's
 * importer (fair/import.h, fair/tours.h), by the same aliases. The most
 * demanding kinds are tried first: a tour plan (受付番号, 日付, 企業ID),
 * host days (企業ID, 日付, 定員), sessions (ID, name, start, end); then
 * companies and students, which both need only an ID and a name: a
 * header that fits both ("ID,name") is ROSTER_UNKNOWN, never a guess.
 */
#ifndef FAIR_ROSTERKIND_H
#define FAIR_ROSTERKIND_H

#include "fair/err.h"

enum roster_kind {
	ROSTER_UNKNOWN = 0,
	ROSTER_STUDENTS,
	ROSTER_COMPANIES,
	ROSTER_SESSIONS,
	ROSTER_HOSTS,             /* tour host days */
	ROSTER_PLAN,              /* a tour plan (import assignments) */
};

/* The kind whose header cells are cells[0..n) (as written in the file). */
enum roster_kind roster_kind_of_header(const char *const *cells, int n);

/* Reads the header row of the file at path (CSV, TSV or an .xlsx sheet,
 * import_open(); of a workbook, only up to its first row) into *out. name is what messages call the file. 0, or
 * FAIR_EINVAL/FAIR_ENOENT/FAIR_EIO with err set when the file cannot be
 * read or is empty (*out is then ROSTER_UNKNOWN). */
int roster_kind_detect(const char *path, const char *name, const char *sheet,
		       enum roster_kind *out, struct fair_err *err);

/* The name the importers use: "students", "companies", "sessions",
 * "hosts", "assignments"; "" for ROSTER_UNKNOWN. */
const char *roster_kind_name(enum roster_kind k);
/* ROSTER_* for such a name, or ROSTER_UNKNOWN. */
enum roster_kind roster_kind_parse(const char *s);
/* What an organizer calls it: 学生, 企業, セミナー, ツアー受入日程,
 * ツアー計画; "" for ROSTER_UNKNOWN. */
const char *roster_kind_ja(enum roster_kind k);

#endif
