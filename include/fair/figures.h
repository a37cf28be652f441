/* figures.h: the counts the report's charts draw, by name, so no front end
 * writes SQL for them.
 *
 * What counts is the exports' definition (export_valid_cte()): check-ins
 * not voided, at their best-known time; a walk-in's registration counts
 * as a check-in where it registered. A "visitor" of a place is a distinct
 * attendee with such a check-in there. Hours and days are venue time,
 * computed by fair/caltime.h (the one calendar), never in SQL.
 *
 * Functions only read. They return 0, FAIR_EIO (a query failed, err says
 * which) or the first non-zero value a callback returned. Nothing here
 * prints. (A parallel branch brings fair/stats.h; these may move there.)
 */
#ifndef FAIR_FIGURES_H
#define FAIR_FIGURES_H

#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

struct fig_place {
	int64_t id;
	int64_t company_id;  /* 0: no company */
	const char *ext_id;  /* "booth:C1", "visit:C1:2026-12-08" */
	const char *kind;    /* "entrance", "booth", "session", "visit" */
	const char *name;
	int64_t starts_ms;   /* a session's start, a host day's window */
	long capacity;       /* 0: no limit */
	long visitors;       /* distinct attendees checked in here */
};

/* Calls fn for every place of kind (NULL: any kind) belonging to company
 * company_id (0: any company, or none), visited or not, ordered by kind,
 * starts_ms, name, id. Strings are valid during the call only. */
int figures_places(struct store *st, const char *kind, int64_t company_id,
		   int (*fn)(const struct fig_place *p, void *ctx),
		   void *ctx, struct fair_err *err);

/* Each attendee's first check-in (among company_id's places when it is
 * not 0), counted by venue-local day (days since 1970-01-01) and hour of
 * that day (0-23) at offset_min: calls fn once per hour that has
 * arrivals, in time order. */
int figures_arrivals_by_hour(struct store *st, int offset_min,
			     int64_t company_id,
			     int (*fn)(int64_t day, int hour, long n,
				       void *ctx),
			     void *ctx, struct fair_err *err);

#endif
