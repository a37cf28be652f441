/* pack.h: what a kiosk bundle takes from the event database and what the
 * event database keeps of it: the roster copied into a kiosk's store, and
 * the packs table that lists the bundles made (`fairsync pack`, the
 * console's bundle page). Writing kiosk.ini, PINs and folders stays with
 * the front end.
 *
 * Personal contact details never leave the organizer's database: the copy
 * takes the attendees' roster columns only. */
#ifndef FAIR_PACK_H
#define FAIR_PACK_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

/* Replaces kiosk's event, keys (the secret only with with_secret: the
 * entrance kiosk signs walk-ins' badges), companies, places,
 * revocations, settings, schools and roster attendees with those of the
 * event database at event_db, in one transaction. A walk-in the kiosk
 * registered (id >= 2^31) keeps what only it holds. 0, or -1 with nothing
 * changed: err then says why, or is left "" when event_db could not even
 * be attached (SQLite said nothing worth showing). */
int pack_copy_roster(struct store *kiosk, const char *event_db,
		     bool with_secret, struct fair_err *err);

/* Notes a bundle in ev's packs table: kiosk name, role name, place,
 * packed_ms (wall clock) and the folder written. 0, or FAIR_EIO with err
 * holding SQLite's words. */
int pack_record(struct store *ev, const char *kiosk, const char *role,
		uint32_t place_id, int64_t packed_ms, const char *path,
		struct fair_err *err);

/* The bundle recorded with folder path is handed out as file instead
 * (the console zips the folder, then removes it). Best effort: a packs
 * row that does not change leaves the bundle as good. */
void pack_rename(struct store *ev, const char *path, const char *file);

#endif
