/* setup.h: how far an event is set up, in counts by name, for the
 * console's guided first run (企業 -> セッション / 受入日 -> 学生 ->
 * バッジ -> キオスク) and anything else that asks "what is still
 * missing?". One place computes them, so the overview and the pages that
 * do each step cannot disagree.
 *
 * Badges leave no trace in the event database when they are printed;
 * setup_note_badges() records that they were (how many students then had
 * one), so the guide can tell "printed" from "not yet" and notice
 * students imported since.
 */
#ifndef FAIR_SETUP_H
#define FAIR_SETUP_H

#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

struct setup_counts {
	long companies;           /* companies imported */
	long booths;              /* booth places (one per company) */
	long sessions;            /* session places */
	long host_days;           /* tour host days (places of kind visit) */
	long students;            /* role student with a roster id */
	long staff;               /* role staff */
	long badges_printed;      /* students when badges were last printed
				   * (setup_note_badges); -1: never */
	int64_t badges_ms;        /* when, or 0 */
	long packs;               /* kiosk bundles packed, all roles */
	long packs_entrance, packs_booth, packs_door, packs_visit;
	long assigned;            /* valid tour assignments (the plan) */
};

/* Fills out. 0, or FAIR_EIO when the database cannot be read (out is
 * then zero where it failed). */
int setup_counts(struct store *st, struct setup_counts *out);

/* Records that badges were printed at now_ms for every student there is
 * now. 0 or FAIR_EIO with err set. */
int setup_note_badges(struct store *st, int64_t now_ms,
		      struct fair_err *err);

#endif
