/* script.h: the --script player (script.c): a file of scripted input
 * (scan, tap, press, text, key, wedge, stroke, wait, screenshot, where,
 * quit; fairkiosk --help), one line at a time, as the event loop asks. */
#ifndef KIOSK_SCRIPT_H
#define KIOSK_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kiosk.h"

#define SCRIPT_LINE_MAX 1024

struct script {
	FILE *f;           /* NULL without --script */
	const char *name;
	int line_no;
	int64_t resume_at; /* after `wait`, in monotonic ms */
	bool done;
	bool failed;       /* a line was wrong (said on stderr) */
	int64_t quit_by;   /* `quit` seen: leave once scans are answered */
};

/* Opens k->script (none: sc->f stays NULL). -1 when it cannot be opened
 * (said on stderr). */
int script_open(struct kiosk *k, struct script *sc);
void script_close(struct script *sc);
/* True when the next line may run now (not waiting, not done). */
bool script_ready(const struct script *sc);
/* Runs the next line; at the end of the file the script is done. */
void script_step(struct kiosk *k, struct script *sc);
/* True once a script's `quit` may take effect: nothing in flight or
 * queued, or the drain took too long. */
bool script_quit_due(const struct kiosk *k, const struct script *sc);

#endif
