/* printwatch.h: follows printed badges to the end of their CUPS jobs.
 *
 * Handing a job to CUPS is not printing it: a label printer out of paper,
 * paused or unplugged takes the job and sits on it, and the walk-in walks
 * away without a badge. A worker thread asks CUPS about each job every
 * second. A job not printed after PRINTWATCH_STUCK_MS while its printer
 * is stopped or gives a reason (after PRINTWATCH_SLOW_MS otherwise), or
 * one CUPS aborted or cancelled, becomes a one-line notice for staff
 * naming the job and what the printer says (its state message and reasons, e.g.
 * "media-empty"); the notice goes away once the job prints. The names of
 * students are never in it: it shows on the idle screen. No SDL in here.
 */
#ifndef KIOSK_PRINTWATCH_H
#define KIOSK_PRINTWATCH_H

#include <stddef.h>

#define PRINTWATCH_STUCK_MS 15000   /* unprinted this long on a printer in
				       trouble is worth a notice */
#define PRINTWATCH_SLOW_MS 60000    /* ... and this long on one that works */
#define PRINTWATCH_GIVE_UP_MS 600000 /* a job is followed this long */
#define PRINTWATCH_JOBS 8           /* followed at once; older dropped */
#define PRINTWATCH_NOTICE_LINE 320  /* bytes printwatch_status() may fill */

struct printwatch;

/* Starts the worker; wake (any thread) is called when the notice changes.
 * NULL when out of memory or the thread cannot start. */
struct printwatch *printwatch_start(void (*wake)(void *ctx), void *ctx);
/* Follows job (as cupsPrintFile returned it) on queue. UI thread. */
void printwatch_add(struct printwatch *pw, const char *queue, int job);
/* The notice, or "" when every followed job printed or is on its way.
 * Copied into out (cap bytes). Any thread. */
void printwatch_status(struct printwatch *pw, char *out, size_t cap);
/* Stops the worker (within the 5 s a CUPS request may take) and frees. */
void printwatch_stop(struct printwatch *pw);

#endif
