/* report_feedback.h: the report's feedback page per company (tours and
 * fairs), drawn by report_feedback.c on the report's cairo context. */
#ifndef FAIRSYNC_REPORT_FEEDBACK_H
#define FAIRSYNC_REPORT_FEEDBACK_H

#include <stdbool.h>
#include <stdint.h>

#include <cairo.h>

#include "fair/store.h"

/* Draws a page with the company's feedback (answers, ratings as bars,
 * top tags, up to FEEDBACK_COMMENTS_TOP comments without names, each
 * whole and wrapped, continued on more pages when they do not fit) if it
 * has any, adding 1 to *pages per page; nothing when it has none. Like
 * the report's own pages, it shows the page before it (when *pages > 0)
 * and leaves its last one open.
 * Returns 0, or EXIT_FAIL after printing why. */
int report_feedback_page(cairo_t *cr, cairo_font_face_t *regular,
			 cairo_font_face_t *bold, struct store *st,
			 int64_t company_id, const char *name, bool english,
			 int *pages);

#endif
