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

#endif
