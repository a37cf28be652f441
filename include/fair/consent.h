/* consent.h: a student's consent to one company, given at its booth.
 *
 * Consent at registration (attendees.consent) is all or nothing. A student
 * who wants one company, and only that one, to have their contact details
 * says so at its booth: a fact of kind FACT_CONSENT at the company's booth
 * (direction 1, note: the consent text's version). Withdrawing, at any
 * kiosk's staff screen or the console, is the same fact with direction
 * -1. Facts are never edited: for a (student, company) the latest valid
 * (not voided) consent fact decides; without one, the registration's
 * consent does. So `export leads --company C` (fair/export.h) lists a
 * student who consented to C even without the general consent, and never
 * one who withdrew from C. Each handover is recorded (fair/records.h) as
 * for every lead.
 *
 * At internship type 1 or 2 (fair/internship.h) no consent to a company
 * can be recorded: the rule lets no student information go to companies.
 * Booth kiosks hold no contact data either way; only the organizer's
 * export hands it over. Nothing here prints.
 */
#ifndef FAIR_CONSENT_H
#define FAIR_CONSENT_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

#define CONSENT_VERSION_MAX 32 /* bytes of a version, NUL included */

/* The state of attendee's consent to company: 1 given, 0 withdrawn, -1
 * never said at a booth (the registration's consent decides). With 1,
 * version (CONSENT_VERSION_MAX bytes, may be NULL) gets the consent
 * text's version. */
int consent_company_state(struct store *st, uint32_t attendee_id,
			  uint32_t company_id, char *version);

/* Records attendee's consent to company (give true) or its withdrawal,
 * from kiosk (the kiosk's name, or "console"/"fairsync"), at now_ms, with
 * the consent text's version (1 to 31 bytes; a withdrawal may pass NULL
 * and records the version it withdraws, or "-"). f, when not NULL, gets
 * the fact written. Refused (FAIR_EINVAL, nothing written) at internship
 * type 1 or 2 naming the rule, for an unknown attendee or company, a
 * company without a booth, or a bad version. 0, or FAIR_EIO. */
int consent_company_record(struct store *st, uint32_t attendee_id,
			   uint32_t company_id, bool give,
			   const char *version, const char *kiosk,
			   int64_t now_ms, struct fact *f,
			   struct fair_err *err);

/* Withdraws attendee's consent to every company with a booth, as a
 * student who wants no company to have their contact details says at any
 * kiosk's staff screen: one withdrawal fact (as consent_company_record
 * with give false) per company whose consent is not withdrawn already,
 * all in one transaction (none on failure). The leads of every company
 * then leave the student out, even with the registration's consent. *n
 * gets the facts written. 0, FAIR_EINVAL (unknown attendee) or
 * FAIR_EIO. */
int consent_withdraw_all(struct store *st, uint32_t attendee_id,
			 const char *kiosk, int64_t now_ms, int *n,
			 struct fair_err *err);

/* The query leads join (fair/export.h): per attendee_id, dir (1 given,
 * -1 withdrawn) and version of the latest valid consent to the company
 * bound as ?1. A macro so other queries can be built around it at
 * compile time; consent_company_sql() returns the same text. */
#define CONSENT_COMPANY_SQL \
	"SELECT attendee_id, dir, version FROM (SELECT f.attendee_id," \
	" f.direction AS dir, f.note AS version, row_number() OVER" \
	" (PARTITION BY f.attendee_id ORDER BY f.wall_ms DESC, f.uuid DESC)" \
	" AS rn FROM facts f JOIN places cp ON cp.id = f.place_id" \
	" WHERE f.kind = 'consent' AND cp.company_id = ?1 AND f.uuid NOT IN" \
	" (SELECT voids FROM facts WHERE kind = 'void' AND voids IS NOT" \
	" NULL)) WHERE rn = 1"
const char *consent_company_sql(void);

#endif
