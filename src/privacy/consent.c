/* consent.c: a student's consent to one company (see fair/consent.h). */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/consent.h"
#include "fair/internship.h"

#define CONSENT_SQL CONSENT_COMPANY_SQL

const char *consent_company_sql(void)
{
	return CONSENT_SQL;
}

int consent_company_state(struct store *st, uint32_t attendee_id,
			  uint32_t company_id, char *version)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s;
	int state = -1;

	if (sqlite3_prepare_v2(db, "SELECT dir, version FROM (" CONSENT_SQL
			       ") WHERE attendee_id = ?2", -1, &s, NULL))
		return -1;
	sqlite3_bind_int64(s, 1, company_id);
	sqlite3_bind_int64(s, 2, attendee_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		state = sqlite3_column_int(s, 0) == 1;
		if (state == 1 && version)
			snprintf(version, CONSENT_VERSION_MAX, "%s",
				 (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	return state;
}

/* The company's booth: where its consents are recorded. */
static int booth_of(struct store *st, uint32_t company_id, uint32_t *place)
{
	struct company c;
	struct place p;
	char ext[80];

	if (store_company_get(st, company_id, &c))
		return FAIR_ENOENT;
	snprintf(ext, sizeof(ext), "booth:%s", c.ext_id);
	if (store_place_by_ext(st, ext, &p) || p.company_id != company_id)
		return FAIR_ENOENT;
	*place = p.id;
	return 0;
}

int consent_company_record(struct store *st, uint32_t attendee_id,
			   uint32_t company_id, bool give,
			   const char *version, const char *kiosk,
			   int64_t now_ms, struct fact *f,
			   struct fair_err *err)
{
	struct fact local;
	struct attendee a;
	char old[CONSENT_VERSION_MAX] = "-";
	uint32_t place;

	if (give && internship_refuse_sharing(st, "企業への連絡先の提供"
					      "への同意", err))
		return FAIR_EINVAL;
	if (store_attendee_get(st, attendee_id, &a))
		return fair_fail(err, FAIR_EINVAL, "no student with id %u",
				 (unsigned)attendee_id);
	if (booth_of(st, company_id, &place))
		return fair_fail(err, FAIR_EINVAL, "company %u has no booth",
				 (unsigned)company_id);
	if (!give && !version) {
		consent_company_state(st, attendee_id, company_id, old);
		version = old;
	}
	if (!version || !version[0] ||
	    strlen(version) >= CONSENT_VERSION_MAX)
		return fair_fail(err, FAIR_EINVAL, "a consent needs the "
				 "consent text's version (1 to %d bytes)",
				 CONSENT_VERSION_MAX - 1);
	f = f ? f : &local;
	memset(f, 0, sizeof(*f));
	f->kind = FACT_CONSENT;
	snprintf(f->kiosk, sizeof(f->kiosk), "%s", kiosk ? kiosk : "");
	f->place_id = place;
	f->attendee_id = attendee_id;
	f->serial = a.serial;
	f->direction = give ? 1 : -1;
	f->source = SOURCE_MANUAL;
	f->wall_ms = now_ms;
	snprintf(f->note, sizeof(f->note), "%s", version);
	return store_fact_append(st, f, err) ? FAIR_EIO : 0;
}

/* Every company whose booth consent_company_record would find. */
#define BOOTHS_SQL \
	"SELECT c.id FROM companies c JOIN places p ON p.company_id = c.id" \
	" AND p.ext_id = 'booth:' || c.ext_id ORDER BY c.id"

int consent_withdraw_all(struct store *st, uint32_t attendee_id,
			 const char *kiosk, int64_t now_ms, int *n,
			 struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s;
	struct attendee a;
	uint32_t company;
	int rc = 0;

	*n = 0;
	if (store_attendee_get(st, attendee_id, &a))
		return fair_fail(err, FAIR_EINVAL, "no student with id %u",
				 (unsigned)attendee_id);
	if (sqlite3_prepare_v2(db, BOOTHS_SQL, -1, &s, NULL))
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	if (store_begin(st, err)) {
		sqlite3_finalize(s);
		return FAIR_EIO;
	}
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		company = (uint32_t)sqlite3_column_int64(s, 0);
		if (consent_company_state(st, attendee_id, company, NULL) == 0)
			continue; /* withdrawn already */
		rc = consent_company_record(st, attendee_id, company, false,
					    NULL, kiosk, now_ms, NULL, err);
		*n += !rc;
	}
	sqlite3_finalize(s);
	if (!rc)
		rc = store_commit(st, err);
	if (rc) {
		store_rollback(st);
		*n = 0;
		return FAIR_EIO;
	}
	return 0;
}
