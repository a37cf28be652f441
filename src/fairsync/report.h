/* report.h: the organizer's PDF report, for `fairsync report` and the
 * console. Prints its own errors ("fairsync: ...").
 */
#ifndef FAIRSYNC_REPORT_H
#define FAIRSYNC_REPORT_H

#include <stdbool.h>

#include "fair/store.h"

struct report_opts {
	const char *db;          /* for messages */
	const char *out;         /* the PDF */
	bool per_company;        /* a page per visited company, a table of
				  * the others */
	bool english;            /* English text; Japanese by default */
	bool quiet;              /* no page count on stderr, no progress */
};

/* Writes the report of st (opened read-only is enough) to o->out.
 * Returns EXIT_OK or EXIT_FAIL; *pages (if not NULL) gets the count. */
int report_write(struct store *st, const struct report_opts *o,
		 int *pages);

#endif
