/* keyscan.h: scan lines from the key codes a keyboard-emulating scanner
 * types.
 *
 * A handheld scanner "types" its QR content as key presses. The text the
 * host makes of them depends on the host's keyboard layout (a JIS layout
 * turns a US scanner's '+' into '~'), on caps lock and on an active IME
 * (which turns 'a' into 'あ'). So we never read text: we decode Linux KEY_*
 * codes plus our own shift state through one fixed US table, which nothing
 * on the host can change. Caps lock is deliberately ignored: at worst a
 * caps-lock-aware scanner sends lower case, which token_parse() accepts.
 *
 * A scan ends on Enter or Tab, or after an idle gap with no key (scanners
 * without a terminator). Lines longer than KEYSCAN_LINE_MAX are dropped
 * whole, never cut into a shorter token.
 *
 * Two modes:
 *  - KEYSCAN_DEVICE: the keys come from the scanner's own evdev device, so
 *    every key is the scanner's.
 *  - KEYSCAN_BURST: the keys come from the shared keyboard (the SDL
 *    fallback). Only a fast burst (every gap at most burst_gap_ms, at least
 *    min_len characters) is a scan; a person typing never is.
 *
 * Pure: no I/O, no clock. The caller passes each key's time in ms and calls
 * keyscan_tick() when keyscan_deadline() passes. The struct is caller-owned
 * and holds no resources.
 */
#ifndef FAIR_KEYSCAN_H
#define FAIR_KEYSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/input.h>

#define KEYSCAN_LINE_MAX 512       /* longest scan kept, as TOKEN_INPUT_MAX */
#define KEYSCAN_IDLE_MS 120        /* no key for this long ends a scan */
#define KEYSCAN_BURST_GAP_MS 40    /* burst mode: slower keys are a person */
#define KEYSCAN_BURST_MIN_LEN 8    /* burst mode: shorter bursts are a person */

enum keyscan_mode {
	KEYSCAN_DEVICE = 0, /* a device that is only the scanner */
	KEYSCAN_BURST,      /* a keyboard shared with people */
};

enum keyscan_result {
	KEYSCAN_NONE = 0,   /* nothing complete yet */
	KEYSCAN_LINE,       /* *line holds a complete scan */
	KEYSCAN_DROPPED,    /* a scan-like burst was thrown away (too long) */
};

/* How a scan ended; the self-test names a missing terminator from it. */
enum keyscan_end {
	KEYSCAN_END_ENTER = 0,
	KEYSCAN_END_TAB,
	KEYSCAN_END_IDLE,
};

struct keyscan_line {
	char text[KEYSCAN_LINE_MAX + 1]; /* NUL-terminated, never mangled */
	size_t len;                      /* bytes in text */
	enum keyscan_end end;            /* what ended it */
	int64_t first_ms;                /* first key of the scan */
	int64_t last_ms;                 /* last key (terminator included) */
};

struct keyscan {
	enum keyscan_mode mode;
	int idle_ms;        /* gap that ends a scan */
	int burst_gap_ms;   /* burst mode: max gap inside a scan */
	int burst_min_len;  /* burst mode: min characters for a scan */
	bool lshift, rshift;/* our own shift state, never the host's */
	bool overflow;      /* current scan is to be dropped: too long, or
			     * events were lost */
	size_t len;         /* characters pending in buf */
	int64_t first_ms;   /* time of the first pending key */
	int64_t last_ms;    /* time of the newest key (any key), or -1 */
	char buf[KEYSCAN_LINE_MAX + 1];
};

/* Starts an empty decoder with the default timings for mode. */
void keyscan_init(struct keyscan *ks, enum keyscan_mode mode);

/* Feeds one key event: code is a Linux KEY_* code, value 1 press, 2
 * autorepeat, 0 release (as in struct input_event). Presses of keys the US
 * table lacks are ignored (scanners never send them; a JIS-only key from a
 * scanner set to JIS is not ours to guess). When a scan completes, fills
 * *line and returns KEYSCAN_LINE. */
enum keyscan_result keyscan_feed(struct keyscan *ks, int code, int value,
				 int64_t now_ms, struct keyscan_line *line);

/* Feeds one struct input_event as read from an evdev device (or a
 * recording of one): EV_KEY goes to keyscan_feed() with the event's own
 * time in ms (so set the device's clock to CLOCK_MONOTONIC); after
 * SYN_DROPPED (the kernel lost events) the scan in progress is dropped at
 * its end (KEYSCAN_DROPPED) rather than passed on with holes; everything
 * else is ignored. */
enum keyscan_result keyscan_feed_event(struct keyscan *ks,
				       const struct input_event *ev,
				       struct keyscan_line *line);

/* The same for a key press whose shift state the caller knows (the SDL
 * fallback passes SDL's modifier state). Shift and release events are not
 * fed here. */
enum keyscan_result keyscan_press(struct keyscan *ks, int code, bool shift,
				  int64_t now_ms, struct keyscan_line *line);

/* Ends a pending scan whose idle gap has passed: KEYSCAN_LINE with *line,
 * KEYSCAN_DROPPED for an overlong one, else KEYSCAN_NONE. */
enum keyscan_result keyscan_tick(struct keyscan *ks, int64_t now_ms,
				 struct keyscan_line *line);

/* When keyscan_tick() should next be called, or -1 when nothing pends. */
int64_t keyscan_deadline(const struct keyscan *ks);

/* The Linux KEY_* code for a USB HID keyboard usage (page 0x07), or 0 for
 * usages a scanner never sends. SDL_Scancode values are these usages, so
 * the SDL fallback passes keyscan_from_hid(event.key.keysym.scancode) to
 * inputs_feed_key() without any SDL in the core. */
int keyscan_from_hid(int usage);

/* The character the fixed US table gives code with shift, or 0 if none. */
char keyscan_us_char(int code, bool shift);

/* The self-test: staff scan a test QR holding keyscan_test_text(); given
 * what arrived, names the likely fault. */
enum keyscan_fault {
	KEYSCAN_FAULT_NONE = 0,     /* arrived exactly */
	KEYSCAN_FAULT_NOTHING,      /* nothing arrived */
	KEYSCAN_FAULT_TERMINATOR,   /* right text but no Enter/Tab after it */
	KEYSCAN_FAULT_CAPS_LOCK,    /* letters arrived in the wrong case */
	KEYSCAN_FAULT_LAYOUT,       /* symbols changed: layout mismatch */
	KEYSCAN_FAULT_IME,          /* non-ASCII arrived: an IME is on */
	KEYSCAN_FAULT_GARBLED,      /* bytes lost or changed: speed/noise */
};

/* The self-test text: letters of both cases, digits and the symbols that
 * differ between US and JIS layouts. Static storage. */
const char *keyscan_test_text(void);

/* Whether a scan is the self-test QR, even if mangled: its letters and
 * digits start with FKTEST in any case. */
bool keyscan_is_test(const char *text, size_t len);

/* Compares text (len bytes, as received, without the terminator) with
 * keyscan_test_text(); terminated says whether Enter/Tab ended it. */
enum keyscan_fault keyscan_test_diagnose(const char *text, size_t len,
					 bool terminated);

/* One English sentence for staff about fault. Static storage. */
const char *keyscan_fault_text(enum keyscan_fault fault);

#endif
