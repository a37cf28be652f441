/* texthold.h: keeps a keyboard-wedge scanner's keys out of text fields.
 *
 * Where no scanner device is configured, the kiosk hears a handheld scanner
 * as SDL key events, just like a person typing. Its key codes already
 * become a scan through keyscan's burst timing; but the same keys also
 * arrive as text, and a badge scanned while a walk-in types a name must not
 * end up in the name. So while a text field is open, every text input and
 * Enter or Backspace is held for TEXTHOLD_GAP_MS. A run of at least
 * TEXTHOLD_ITEMS inputs, none further apart than that, is a
 * scanner's burst and is dropped whole, its Enter included; anything else
 * is released to the field in order, about 40 ms late, which nobody sees.
 * Inputs are counted, not characters: an IME commits a whole word as one
 * input, however long.
 *
 * Pure (time is an argument), so tests drive it with a fake clock.
 */
#ifndef FAIR_TEXTHOLD_H
#define FAIR_TEXTHOLD_H

#include <stdbool.h>
#include <stdint.h>

/* keyscan.h's values, not keyscan.h itself: the kiosk's UI code need not
 * see <linux/input.h>. texthold.c checks that the two agree. */
#define TEXTHOLD_TEXT_MAX 32   /* one input's text, NUL included (SDL's) */
#define TEXTHOLD_ITEMS 8       /* KEYSCAN_BURST_MIN_LEN: longer is a burst */
#define TEXTHOLD_GAP_MS 40     /* KEYSCAN_BURST_GAP_MS */

enum texthold_kind {
	TEXTHOLD_TEXT = 0,
	TEXTHOLD_ENTER,
	TEXTHOLD_BACKSPACE,
};

struct texthold_item {
	enum texthold_kind kind;
	char text[TEXTHOLD_TEXT_MAX]; /* TEXTHOLD_TEXT only */
};

struct texthold {
	struct texthold_item item[TEXTHOLD_ITEMS]; /* the run, while short */
	int n;           /* items held */
	int run;         /* inputs in the current run; > n once a burst */
	int64_t last_ms; /* the run's latest input */
};

void texthold_init(struct texthold *h);

/* Ends the current run if no input came for longer than the burst gap by
 * now_ms, or at once when force (a tap ends typing). Copies the items to
 * release, in order, into out and returns how many: 0 for no run, a run
 * still open, or a burst (dropped). */
int texthold_settle(struct texthold *h, int64_t now_ms, bool force,
		    struct texthold_item out[TEXTHOLD_ITEMS]);

/* Holds one input that arrived at now_ms; text is for TEXTHOLD_TEXT and
 * is cut to TEXTHOLD_TEXT_MAX - 1 bytes. Call texthold_settle() first, so
 * an old run is ended before a new one starts. */
void texthold_push(struct texthold *h, enum texthold_kind kind,
		   const char *text, int64_t now_ms);

/* When the open run ends if nothing more arrives; INT64_MAX when none. */
int64_t texthold_deadline(const struct texthold *h);

#endif
