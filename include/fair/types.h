/* types.h: small value types shared by the store, the rules and the kiosk. */
#ifndef FAIR_TYPES_H
#define FAIR_TYPES_H

#include <stdint.h>

/* Where a scan came from; stored with every check-in fact. */
enum input_source {
	SOURCE_CAMERA = 0,
	SOURCE_SCANNER,  /* handheld scanner typing as a keyboard (evdev/SDL) */
	SOURCE_SERIAL,   /* serial tty scanner */
	SOURCE_MANUAL,   /* staff checked in by hand from a lookup */
	SOURCE_SCRIPT,   /* --script file or a demo button */
	SOURCE_COUNT
};

/* "camera", "scanner", ...; for logs and the database's text column. */
const char *input_source_name(enum input_source s);

/* Milliseconds since the Unix epoch (UTC) and on the monotonic clock.
 * Passed into the core explicitly, never read inside it, so tests can fake
 * time; these helpers are for the programs' main loops. */
int64_t clock_wall_ms(void);
int64_t clock_mono_ms(void);

/* Wall times the organizer's side accepts at the door (merge, import):
 * 1970-01-01 up to 9999-12-30 UTC, so a venue's local time, whatever
 * its offset, is a four-digit year every export can print. */
#define FAIR_TIME_MIN_MS 0LL
#define FAIR_TIME_MAX_MS 253402214399999LL

#endif
