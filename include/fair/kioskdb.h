/* kioskdb.h: the questions a kiosk asks its own database, by name, so
 * the kiosk program holds no SQL (the library owns the schema). Counts
 * are in stats.h.
 *
 * All read unless named "set"; nothing here prints. Text columns come
 * back as "" when NULL.
 */
#ifndef FAIR_KIOSKDB_H
#define FAIR_KIOSKDB_H

#include <stdbool.h>
#include <stddef.h>

#include "fair/store.h"

/* The kiosk's own state under key (a table of its own that merge
 * ignores, e.g. the staff PIN lock-out) into out. 0; FAIR_ENOENT when
 * never set (or no table yet); FAIR_EIO. */
int kioskdb_state_get(struct store *st, const char *key, char *out,
		      size_t cap);
/* Sets it, creating the table on first use. 0 or FAIR_EIO with err. */
int kioskdb_state_set(struct store *st, const char *key, const char *value,
		      struct fair_err *err);

/* Calls fn for every place, by kind then name, with its ext_id, name and
 * kind's name (place_kind_name()). A count or FAIR_EIO. */
int kioskdb_places(struct store *st,
		   void (*fn)(const char *ext_id, const char *name,
			      const char *kind, void *),
		   void *ctx);

#define KIOSKDB_SPELLINGS 8

/* The roster's schools (the schools table with its readings, and every
 * school an attendee names) matching q by name, kana by reading, or
 * name by one of the nspell kanji spellings (at most KIOSKDB_SPELLINGS):
 * those whose reading or name starts with the search first. "" matches
 * all. Calls fn for at most limit. A count or FAIR_EIO. */
int kioskdb_schools(struct store *st, const char *q, const char *kana,
		    const char *const *spell, int nspell, int limit,
		    void (*fn)(const char *name, void *), void *ctx);

/* Any student of the roster, at random (demo kiosks); 0 if none. */
uint32_t kioskdb_any_student(struct store *st);

/* True if st's database is whole (PRAGMA quick_check says ok). */
bool kioskdb_whole(struct store *st);

/* True if every fact of the database file old is in the file copy (a
 * later export of the same kiosk holds all an earlier one did); false
 * also when either cannot be read. */
bool kioskdb_holds_all_of(const char *copy, const char *old);

#endif
