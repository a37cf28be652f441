/* tours_int.h: what the files of src/tours share: the tour as loaded from
 * the event database (host days, days, industries, students and the valid
 * assignments), and small helpers. Not part of libfair's contract. */
#ifndef FAIR_TOURS_INT_H
#define FAIR_TOURS_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fair/store.h"
#include "fair/tours.h"

/* Rows of any one list a tour loads or builds (host days, students,
 * assignments, a plan's rows): indexed by int, and far past a fair's. */
#define TOURS_ROWS_MAX 10000000

struct tslot {                /* a host day, as loaded */
	uint32_t place_id;
	uint32_t company_id;
	char company_ext[64];
	char company_name[STORE_TEXT];
	char industry[STORE_TEXT]; /* as imported; may be "" */
	int capacity;
};

struct tmodel {
	struct event_info ev;
	int ndays;
	char (*day)[11];          /* sorted dates with host days */
	int nind;
	char **ind_key;           /* industry, or "\x01" + company ext */
	const char **ind_name;    /* for messages: the industry or company */
	int nslots;
	struct tslot *ts;
	struct tours_slot *slot;  /* the solver's view of ts */
	int nstudents;
	uint32_t *stu_id;         /* sorted by id */
	int nassign;              /* valid assignments of known students */
	uint8_t (*a_uuid)[FACT_UUID_BYTES];
	int *a_stu, *a_slot;
	int stray;                /* valid assign facts left out (unknown) */
};

/* Loads the tour. 0, FAIR_ENOENT (no event), FAIR_ENOMEM, FAIR_EIO. */
int tmodel_load(struct store *st, struct tmodel *m, struct fair_err *err);
void tmodel_free(struct tmodel *m);
/* Index of the student / host day / day, or -1. */
int tmodel_student(const struct tmodel *m, uint32_t attendee_id);
int tmodel_slot_by_place(const struct tmodel *m, uint32_t place_id);
int tmodel_slot(const struct tmodel *m, const char *company_ext,
		const char *date);
int tmodel_day(const struct tmodel *m, const char *date);

/* Appends a fact written by fairsync: kind FACT_ASSIGN (place, attendee)
 * or FACT_VOID (voids). Part of the caller's transaction. */
int tours_fact_write(struct store *st, enum fact_kind kind, uint32_t place,
		     uint32_t attendee, const uint8_t *voids, int64_t now_ms,
		     struct fair_err *err);

/* Attaches the event database at event_db as "ev" to db, a kiosk's
 * (the packs copy the plan from it); the caller detaches. 0, or FAIR_EIO
 * naming event_db. */
struct sqlite3;
int tours_attach_event(struct sqlite3 *db, const char *event_db,
		       struct fair_err *err);

/* ---- all-or-nothing CSV imports (hosts.c, plan.c) ---- */

struct csv;
struct csv_row;

struct tcol {
	const char *ja, *en;
	bool required;
	const char *aliases;      /* header keys, '|'-separated */
};

/* Reads the header record and maps each column to its field (map[c], -1
 * when absent). 0, or FAIR_EINVAL naming a missing or repeated column. */
int tours_header(struct csv *c, const struct tcol *cols, int ncols,
		 int *map, struct fair_err *err);
/* True if header keys[0..n) (import_header_key()) hold every required
 * column of cols. */
bool tours_cols_fit(const struct tcol *cols, int ncols,
		    const char *const *keys, int n);
/* Column c of row, cleaned (trimmed, full-width folded) into out. */
void tours_cell(const struct csv_row *row, const int *map, int c,
		char *out, size_t cap);
/* Adds "NAME:ROW: reason" to rep, ROW as Excel numbers it (csv.h). */
void tours_refuse(struct tours_report *rep, const char *name, long row,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
