/* store_list.c: the roster's companies and places one by one (store.h),
 * for messages that list the valid choices when one given is wrong. Kept
 * beside store.c, which is at its size limit; each row is read through
 * store.c's own lookups, so a struct is filled in one place. */
#include <sqlite3.h>

#include "fair/store.h"

/* What to do with each id a query answers. */
struct each {
	void (*company)(const struct company *, void *);
	void (*place)(const struct place *, void *);
	void *ctx;
};

static void one(struct store *st, uint32_t id, const struct each *e)
{
	struct company c;
	struct place p;

	if (e->company && store_company_get(st, id, &c) == 0)
		e->company(&c, e->ctx);
	if (e->place && store_place_get(st, id, &p) == 0)
		e->place(&p, e->ctx);
}

static int each_id(struct store *st, const char *sql, const struct each *e)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		one(st, (uint32_t)sqlite3_column_int64(s, 0), e);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : FAIR_EIO;
}

int store_company_each(struct store *st,
		       void (*fn)(const struct company *, void *), void *ctx)
{
	const struct each e = { .company = fn, .ctx = ctx };

	return each_id(st, "SELECT id FROM companies ORDER BY ext_id", &e);
}

int store_place_each(struct store *st,
		     void (*fn)(const struct place *, void *), void *ctx)
{
	const struct each e = { .place = fn, .ctx = ctx };

	return each_id(st, "SELECT id FROM places ORDER BY CASE kind WHEN "
		       "'entrance' THEN 0 WHEN 'booth' THEN 1 WHEN 'session' "
		       "THEN 2 ELSE 3 END, ext_id", &e);
}
