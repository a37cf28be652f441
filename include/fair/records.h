/* records.h: the record of every handover of students' personal data to a
 * company (Japan's APPI, art. 29: who received it, whose data, which items,
 * on what consent, when, by whom), kept 3 years in the event database's
 * `provisions` table. Every export that gives a company names or contact
 * details writes one record per company before the file is written, in the
 * same database, so a handover without a record cannot happen.
 */
#ifndef FAIR_RECORDS_H
#define FAIR_RECORDS_H

#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

/* How long a record is kept (APPI art. 29 and its rules: 3 years). */
#define RECORDS_KEEP_MS (3LL * 365 * 24 * 3600 * 1000 + 24LL * 3600 * 1000)

struct provision {
	int64_t made_ms;          /* when the data was handed over (UTC) */
	const char *recipient;    /* the company's ext_id */
	const char *attendees;    /* their roster ids, ',' separated */
	const char *items;        /* the columns handed over, ',' separated */
	const char *basis;        /* the consent: text and its version(s) */
	const char *command;      /* what made it, e.g. "export leads" */
};

/* Appends one record; the operator is the user running the program
 * ($SUDO_USER, else the login name) on this host. 0 or FAIR_EIO. */
int records_add(struct store *st, const struct provision *p,
		struct fair_err *err);

/* The records are listed through export.h (report "records"), like every
 * other organizer output: CSV, XLSX or JSON lines. */

#endif
