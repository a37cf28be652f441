/* layout.h: what the kiosk shows, as a list of rectangles.
 *
 * layout_build() turns the brain's state and a screen size into widgets
 * placed in pixels, computed from the real output size and its physical
 * size (layout_info.px_per_mm), so 1920x1080, 1080x1920, 1280x800 and
 * 800x480 all work and a size change (rotation, another monitor) is just
 * another call. Sizes, colours, icons and spacing come from the design
 * module (design.h); the layout also sets every text: its size from the
 * type scale and its lines (wrapped with kinsoku, linebreak.h). The
 * renderer draws exactly this list and the event pump hit-tests taps
 * against the same list, so what is drawn is what is tapped. Pure: no
 * SDL. Text is resolved into the brain's language here.
 *
 * Guarantees (tests/test_layout.c): every widget lies inside the screen;
 * tappable widgets never overlap; no text overlaps another text or a
 * target it does not belong to; every text's lines fit its box; text is at
 * least DS_MIN_TEXT_MM tall; buttons and rows are at least
 * LAYOUT_MIN_TARGET_MM and keyboard keys LAYOUT_MIN_KEY_MM; labels of the
 * same kind on one screen share one size.
 */
#ifndef FAIR_LAYOUT_H
#define FAIR_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/brain.h"
#include "fair/design.h"

#define LAYOUT_MAX 96          /* widgets on one screen (a keyboard is 60) */
#define LAYOUT_TEXT 320
#define LAYOUT_LINES 8        /* lines of one text */
#define LAYOUT_MIN_TARGET_MM DS_TARGET_MM
#define LAYOUT_MIN_KEY_MM DS_KEY_MM

struct lrect {
	int x, y, w, h; /* pixels, origin top left */
};

enum widget_kind {
	W_FILL = 0, /* a coloured area, e.g. the result background */
	W_TITLE,    /* text set in its box (one or more lines) */
	W_TEXT,     /* text, wrapped inside the rect, top aligned */
	W_ICON,     /* one big pictogram (icon); text names it */
	W_BUTTON,   /* tappable: an icon and a label */
	W_KEY,      /* a keyboard key (tappable) */
	W_FIELD,    /* a text field showing typed text */
	W_ROW,      /* a list row (tappable) */
	W_QR,       /* the issued badge's QR code; text holds the token */
	W_PREVIEW,  /* camera preview slot */
	W_IMAGE,    /* a picture from a file (the event's logo): text = path */
	W_PAD,      /* handwriting pad: draws layout.ink; takes the pen */
	W_KIND_COUNT
};

/* What a text is to a reader, for the screen as text (layout_json):
 * the largest words on the screen, a section's heading, a warning or
 * error, ordinary text, a student's name, a button or list row, a
 * keyboard key, a text field, a figure (the idle counter). */
enum widget_role {
	WR_NONE = 0,  /* no text a reader sees (fills, pictures, icons) */
	WR_TITLE,
	WR_HEADING,
	WR_NOTICE,
	WR_BODY,
	WR_NAME,
	WR_BUTTON,
	WR_KEY,
	WR_FIELD,
	WR_COUNTER,
	WR_ROLE_COUNT
};

struct widget {
	struct lrect r;
	enum widget_kind kind;
	enum widget_style style;  /* colour role (design.h) */
	enum widget_role role;    /* what its text is to a reader */
	enum brain_button button; /* BTN_NONE: not tappable */
	int arg;                  /* button argument (digit, row, grade) */
	char text[LAYOUT_TEXT];   /* UTF-8, already in the brain's language */
	enum ds_icon icon;        /* drawn before the label; W_ICON: all */
	enum ds_type type;        /* the size the layout asked for */
	int px;                   /* the text's em in pixels, as set */
	bool bold;                /* the heavy face: what matters */
	bool left;                /* left aligned (lists), else centred */
	bool fill;                /* as large as its box allows, never below
				   * its type: a result read from 3 m */
	bool clipped;             /* text did not fit: lines cut, with … */
	int n_lines;              /* lines of text as wrapped, <= LAYOUT_LINES */
	struct lb_line line[LAYOUT_LINES]; /* each line's bytes in text */
	struct lrect text_r;      /* where the lines go (inside r) */
	struct lrect icon_r;      /* where the icon goes; w = 0: none */
};

struct layout {
	int width, height;
	struct design ds;    /* the sizes the widgets were set with */
	int n;
	struct widget w[LAYOUT_MAX];
	const struct hw_ink *ink; /* the W_PAD's strokes (the brain's), or
				   * NULL when no pad is shown */
};

/* A session's window as the host sees it (door kiosks). */
enum layout_session {
	LAYOUT_SESSION_NONE = 0, /* not a session, or open */
	LAYOUT_SESSION_OVER,     /* its window (with grace) has passed */
};

/* What the layout shows that the brain does not hold. */
struct layout_info {
	int64_t now;          /* monotonic ms, as given to the brain */
	int64_t wall_ms;      /* wall clock with the kiosk's offset applied */
	int utc_offset_min;   /* venue time zone for showing times */
	const char *status;   /* inputs' notice for staff, or "" */
	bool has_camera;      /* show the preview slot */
	double px_per_mm;     /* the output's; <= 0: DS_DEFAULT_DPI */
	const char *event_name; /* idle header, or NULL */
	const char *logo;     /* the bundle's logo image path, or NULL */
	bool has_scanner;     /* a handheld scanner: staff scan badges */
	enum layout_session session; /* a door's session is over */
};

/* Fills *out with the widgets of b's screen on a w x h screen, in drawing
 * order (backgrounds first). */
void layout_build(const struct brain *b, const struct layout_info *info,
		  int w, int h, struct layout *out);

/* The topmost tappable widget at (x, y), or NULL. */
const struct widget *layout_hit(const struct layout *l, int x, int y);

/* The handwriting pad, or NULL when none is shown. */
const struct widget *layout_pad(const struct layout *l);

/* The first tappable widget whose text is exactly text, or NULL (the
 * script command `press`). */
const struct widget *layout_find(const struct layout *l, const char *text);

bool widget_tappable(const struct widget *w);

/* The screen as text, from the same layout the renderer draws:
 * {"screen": screen, "size_px": [W, H], "px_per_mm": F, "widgets": [{
 * "role": ROLE, "text": FULL_TEXT, "lines": [LINE, ...], "rect": [X, Y,
 * W, H], "font_px": N, "enabled": BOOL}, ...]} with every widget whose
 * role is not WR_NONE, in drawing order; "lines" are the text as broken on
 * screen, the last ending in "…" when the text was cut. A malloc'd
 * NUL-terminated string the caller frees, or NULL without memory. */
char *layout_json(const struct layout *l, const char *screen);
/* "title", "heading", ... for a role; "" for WR_NONE. */
const char *widget_role_name(enum widget_role r);

#endif
