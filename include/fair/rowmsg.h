/* rowmsg.h: what an import says about the rows of an organizer's file.
 *
 * Every import of a file an organizer made names a bad row the same way:
 * the roster, companies, sessions and employees (fair/import.h), roll-call
 * groups (fair/rollcall.h), the survey and its answers (fair/survey.h),
 * host days and a tour plan (fair/tours.h). A message reads "FILE:ROW:
 * reason", ROW as Excel numbers it (the header is row 1; a quoted cell
 * spanning lines is still one row: csv_where() in fair/csv.h), the reason
 * in the reader's language: its format is looked up in the catalog
 * (fair/i18n.h) before it is filled in, so the unit and e2e tests, which
 * run in the C locale, read the English source. The all-or-nothing
 * imports (employees, groups, the survey, tours) change nothing once any
 * row has a message; the student roster leaves that row out.
 *
 * The messages stay in each report's own fields (messages, nmessages), so
 * whoever reads a report needs nothing from here. A list keeps the first
 * max messages; the caller counts every row it refuses.
 */
#ifndef FAIR_ROWMSG_H
#define FAIR_ROWMSG_H

#include <stdarg.h>
#include <stddef.h>

#include "fair/err.h"

/* The reason, formatted from fmt (translated first) and its arguments,
 * after "WHERE: " when where is given; with where NULL the reason alone (a
 * message of the csv reader, which names file and row already). Written
 * to out (cap bytes; a longer one is cut short); returns out. */
char *rowmsg_vformat(char *out, size_t cap, const char *where,
		     const char *fmt, va_list ap);

/* Keeps a copy of msg at the end of the list *messages of *n strings,
 * unless *n is max already. 0, or -1 when it was not kept (the list full,
 * or no memory; the list is left whole either way). */
int rowmsg_keep(char ***messages, int *n, int max, const char *msg);

/* rowmsg_vformat() into a message of up to 1,000 bytes, then
 * rowmsg_keep(). */
int rowmsg_vadd(char ***messages, int *n, int max, const char *where,
		const char *fmt, va_list ap);

struct csv;
struct csv_row;

/* A refused row of the file c reads: counted in *refused, its message
 * kept as rowmsg_vadd() keeps it, the row named by csv_where(); with row
 * NULL the reason alone (a message of the csv reader, which names file
 * and row already). */
void rowmsg_row(char ***messages, int *n, int *refused, int max,
		const struct csv *c, const struct csv_row *row,
		const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The refusal of an all-or-nothing import of the file called name, n
 * of whose rows have messages: "NAME: N bad rows", translated, in err.
 * Returns FAIR_EINVAL. */
int rowmsg_refuse_file(struct fair_err *err, const char *name, int n);

/* Frees every message and the list; leaves *messages NULL and *n 0. */
void rowmsg_free(char ***messages, int *n);

#endif
