/* layout.h: what the kiosk shows, as a list of rectangles.
 *
 * layout_build() turns the brain's state and a screen size into widgets
 * placed in fractions of the screen, so 1920x1080, 1080x1920, 1280x800 and
 * 800x480 all work. The renderer draws exactly this list and the event pump
 * hit-tests taps against the same list, so what is drawn is what is
 * tapped. Pure: no SDL. Text is resolved into the brain's language here.
 *
 * Guarantees (tests/test_layout.c): every widget lies inside the screen;
 * tappable widgets never overlap; buttons and rows are at least
 * LAYOUT_MIN_TARGET_MM and keyboard keys LAYOUT_MIN_KEY_MM on the screen
 * sizes the test assumes for each resolution.
 */
#ifndef FAIR_LAYOUT_H
#define FAIR_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/brain.h"

#define LAYOUT_MAX 96          /* widgets on one screen (a keyboard is 60) */
#define LAYOUT_TEXT 160
#define LAYOUT_MIN_TARGET_MM 15
#define LAYOUT_MIN_KEY_MM 7

struct lrect {
	int x, y, w, h; /* pixels, origin top left */
};

enum widget_kind {
	W_FILL = 0, /* a coloured area, e.g. the result background */
	W_TITLE,    /* large text, one line, shrunk to fit */
	W_TEXT,     /* text, wrapped inside the rect */
	W_ICON,     /* one big symbol: ○ △ × */
	W_BUTTON,   /* tappable, with a label */
	W_KEY,      /* a keyboard key (tappable) */
	W_FIELD,    /* a text field showing typed text */
	W_ROW,      /* a list row (tappable) */
	W_QR,       /* the issued badge's QR code; text holds the token */
	W_PREVIEW,  /* camera preview slot */
	W_KIND_COUNT
};

enum widget_style {
	ST_PLAIN = 0, /* default colours */
	ST_PRIMARY,   /* the main action */
	ST_DANGER,    /* void, quit */
	ST_DEMO,      /* demo-only: striped, unmistakable */
	ST_SELECTED,  /* a chosen row, grade or toggle */
	ST_OK,        /* accepted: green */
	ST_WARN,      /* already / clock: amber */
	ST_BAD,       /* refused: red */
	ST_BUSY,      /* waiting: grey */
	ST_MUTED,     /* secondary text */
	ST_ERROR,     /* error text on a light background */
	ST_STYLE_COUNT
};

struct widget {
	struct lrect r;
	enum widget_kind kind;
	enum widget_style style;
	enum brain_button button; /* BTN_NONE: not tappable */
	int arg;                  /* button argument (digit, row, grade) */
	char text[LAYOUT_TEXT];   /* UTF-8, already in the brain's language */
};

struct layout {
	int width, height;
	int n;
	struct widget w[LAYOUT_MAX];
};

/* What the layout shows that the brain does not hold. */
struct layout_info {
	int64_t now;          /* monotonic ms, as given to the brain */
	int64_t wall_ms;      /* wall clock with the kiosk's offset applied */
	int utc_offset_min;   /* venue time zone for showing times */
	const char *status;   /* inputs' notice for staff, or "" */
	bool has_camera;      /* show the preview slot */
};

/* Fills *out with the widgets of b's screen on a w x h screen, in drawing
 * order (backgrounds first). */
void layout_build(const struct brain *b, const struct layout_info *info,
		  int w, int h, struct layout *out);

/* The topmost tappable widget at (x, y), or NULL. */
const struct widget *layout_hit(const struct layout *l, int x, int y);

/* The first tappable widget whose text is exactly text, or NULL (the
 * script command `press`). */
const struct widget *layout_find(const struct layout *l, const char *text);

bool widget_tappable(const struct widget *w);

#endif
