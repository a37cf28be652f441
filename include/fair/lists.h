/* lists.h: the rows the organizer's screens list, read-only: places,
 * bundles packed, students found by a search, flagged facts, feedback
 * per place, flags per reason, and the roster's counts. The console
 * (fairsync serve) and `fairsync merge` ask for them by name here, so
 * the SQL stays in the library that owns the schema.
 *
 * Rows come to a callback one at a time, as cells in the order the
 * function names them; a cell's text is valid only during the call. The
 * callback returns 0 to go on, anything else to stop (the function then
 * returns 0: stopping is not a failure). Every function returns 0 or
 * FAIR_EIO (err, when given, says what SQLite said). */
#ifndef FAIR_LISTS_H
#define FAIR_LISTS_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

enum list_type { LIST_NULL, LIST_INT, LIST_TEXT };

/* One value: type is what the database holds (an integer, or text, or
 * NULL); i and s are the value read as an integer and as text (s NULL
 * for NULL), so a caller takes the form it shows. */
struct list_cell {
	enum list_type type;
	int64_t i;
	const char *s;
};

typedef int (*list_row_fn)(const struct list_cell *row, int n, void *ctx);

/* ext_id, kind, name, room: entrances, then booths, then the rest, each
 * by ext_id. */
int lists_places(struct store *st, list_row_fn fn, void *ctx,
		 struct fair_err *err);
/* kiosk, role, place ext_id, place name, packed_ms, path: the newest
 * limit bundles packed, newest first. */
int lists_packs(struct store *st, int limit, list_row_fn fn, void *ctx,
		struct fair_err *err);
/* ext_id, name, kana, school, serial, role: roster attendees (not
 * walk-ins) whose ext_id, name or kana contains q ("" or NULL: all), the
 * first limit by ext_id. */
int lists_students(struct store *st, const char *q, int limit,
		   list_row_fn fn, void *ctx, struct fair_err *err);
/* True once a merge has made its tables (merge_flags, merge_repairs):
 * before, there are no flags to list. */
bool lists_merged(struct store *st);
/* reason, kiosk, roster id, attendee name, place name, wall_ms: flagged
 * facts by reason then time, the first limit. Merged events only. */
int lists_flagged_facts(struct store *st, int limit, list_row_fn fn,
			void *ctx, struct fair_err *err);
/* reason, count: flags per reason, by reason. Merged events only. */
int lists_flag_counts(struct store *st, list_row_fn fn, void *ctx,
		      struct fair_err *err);
/* kind, place ext_id, place name, count, sum of ratings: feedback, lead
 * and assign facts per kind and place. */
int lists_feedback(struct store *st, list_row_fn fn, void *ctx,
		   struct fair_err *err);

/* id, ext_id, name: every company, by ext_id (one leads file each). */
int lists_companies(struct store *st, list_row_fn fn, void *ctx,
		    struct fair_err *err);
/* id: every attendee in the order badges are printed: by role, school,
 * kana, id. */
int lists_badge_order(struct store *st, list_row_fn fn, void *ctx,
		      struct fair_err *err);
/* id: every student (role 0) in the order certificates are printed:
 * roster students by ext_id, then walk-ins, by id. */
int lists_certificate_order(struct store *st, list_row_fn fn, void *ctx,
			    struct fair_err *err);

/* The roster's sizes; -1 for one the database cannot answer. repairs is
 * merge's count, -1 before a merge made its table. */
/* The repairs merge made, -1 before a merge made its table. (The roster's
 * counts are stats_roster()'s, fair/stats.h.) */
int64_t lists_repairs(struct store *st);

/* PRAGMA data_version of st's connection: moves with every commit of
 * another connection (the console's cache key), -1 if it cannot say. */
int64_t lists_data_version(struct store *st);

#endif
