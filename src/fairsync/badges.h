/* badges.h: badge sheets and images, for `fairsync badges`, `fairsync
 * revoke --out` and the console. Each function prints its own errors
 * ("fairsync: ...") and returns EXIT_OK or EXIT_FAIL.
 */
#ifndef FAIRSYNC_BADGES_H
#define FAIRSYNC_BADGES_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/store.h"

struct badge_job {
	const char *db;          /* for messages */
	const char *pdf;         /* A4 sheets, six a page; or NULL */
	const char *png_dir;     /* one image per attendee; or NULL */
	const uint32_t *ids;     /* these attendees in this order; NULL: all,
				  * sorted by role, school, kana */
	long n_ids;
	int jobs;                /* PNG threads; 0: one per online core */
	bool quiet;              /* no summary line on stderr */
};

/* Writes the PDF and/or PNGs of j. PNGs are drawn by a pool of threads
 * while this thread draws the PDF. st is only read by this thread. */
int badges_make(struct store *st, const struct badge_job *j);

/* The current badge of one attendee into out: a one-badge A4 page if out
 * ends in .pdf, else a PNG image (about 290 dpi). */
int badges_write_one(struct store *st, const char *db, uint32_t attendee_id,
		     const char *out);

#endif
