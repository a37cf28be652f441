/* design.h: the kiosk's look in one place. Every screen in layout.c takes
 * its sizes, spacing, colours and icons from here; render.c only draws
 * what the layout decided. Pure: no SDL.
 *
 * Sizes come from the screen's physical size (pixels per millimetre, from
 * the display's DPI or kiosk.ini's screen_mm), never per label:
 *   - a type scale of four sizes; the smallest is DS_MIN_TEXT_MM tall (the
 *     em), readable at 1.5 m; bigger screens get bigger text, in step;
 *   - touch targets at least DS_TARGET_MM, keyboard keys DS_KEY_MM;
 *   - one gap, one margin, one corner radius.
 * Text fits by wrapping (linebreak.h, kinsoku for Japanese), never by
 * shrinking one label: design_fit() picks the one size a group of labels
 * shares.
 */
#ifndef FAIR_DESIGN_H
#define FAIR_DESIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/linebreak.h"

#define DS_MIN_TEXT_MM 5.0   /* smallest em: ~11' of arc at 1.5 m */
#define DS_BODY_MM 7.0       /* what a student reads: ~16' at 1.5 m */
#define DS_TARGET_MM 15.0    /* a finger, with room to miss */
#define DS_KEY_MM 7.0        /* keyboard keys: typed at arm's length */
#define DS_DEFAULT_DPI 96.0  /* when the display does not say */

/* The type scale, smallest first. */
enum ds_type {
	DS_CAPTION = 0, /* secondary lines: subtitles, counts, notices */
	DS_BODY,        /* labels, buttons, lists */
	DS_TITLE,       /* a screen's heading, a result's name */
	DS_DISPLAY,     /* the one thing to read from afar */
	DS_TYPE_COUNT
};

/* Colour roles. Widgets name a role; design_colours() gives its pair.
 * The result colours (OK, WARN, BAD) are sampled by the e2e tests
 * (tests/e2e/lib/kiosk.sh): change both together. */
enum widget_style {
	ST_PLAIN = 0, /* neutral: an ordinary button, a key */
	ST_PRIMARY,   /* the main action */
	ST_DANGER,    /* void, quit */
	ST_DEMO,      /* demo-only: striped, unmistakable */
	ST_SELECTED,  /* a chosen row, grade or toggle */
	ST_OK,        /* success: accepted, green */
	ST_WARN,      /* warning: already, the clock; amber */
	ST_BAD,       /* refused: red */
	ST_BUSY,      /* waiting: grey */
	ST_MUTED,     /* secondary text; a disabled button */
	ST_ERROR,     /* an error notice on the surface */
	ST_SURFACE,   /* the screen itself */
	ST_HEADER,    /* a screen's header band */
	ST_STYLE_COUNT
};
#define ST_NEUTRAL ST_PLAIN
#define ST_SUCCESS ST_OK
#define ST_WARNING ST_WARN

struct ds_colour {
	uint8_t r, g, b;
};

struct ds_colours {
	struct ds_colour bg;   /* the box's fill */
	struct ds_colour fg;   /* text and icons on it */
	struct ds_colour text; /* the role's colour for bare text */
};

/* Icons, drawn as vector shapes (design_icon) so they scale and need no
 * font glyphs. */
enum ds_icon {
	ICON_NONE = 0,
	ICON_OK,       /* a check mark in a circle */
	ICON_ALREADY,  /* a triangle: seen before */
	ICON_REFUSED,  /* a cross in a circle */
	ICON_BACK,     /* an arrow left */
	ICON_NEXT,     /* an arrow right */
	ICON_UP,
	ICON_DOWN,
	ICON_STAFF,    /* a padlock */
	ICON_REGISTER, /* a person with a plus */
	ICON_LANG,     /* a globe */
	ICON_CLOCK,
	ICON_SEARCH,   /* a magnifier */
	ICON_LIST,
	ICON_PLACE,    /* a map pin */
	ICON_EXPORT,   /* an arrow into a tray */
	ICON_EXIT,     /* an arrow out of a door */
	ICON_POWER,
	ICON_PRINT,
	ICON_VOID,     /* a bin */
	ICON_QR,       /* a badge's QR code */
	ICON_CAMERA,
	ICON_SCANNER,  /* a handheld scanner */
	ICON_CHECK,    /* a bare check mark (a chosen option) */
	ICON_ALERT,    /* an exclamation mark in a triangle */
	ICON_SPACE,    /* the space bar's ␣ */
	ICON_FACE1,    /* feedback faces, from a frown (1) ... */
	ICON_FACE2,
	ICON_FACE3,    /* ... a straight mouth (3) ... */
	ICON_FACE4,
	ICON_FACE5,    /* ... to a wide smile (5) */
	ICON_COUNT
};

enum ds_shape_kind {
	DS_LINE = 0,  /* a..d: from (a, b) to (c, d); e: stroke width */
	DS_DISC,      /* (a, b) centre, c radius */
	DS_RING,      /* (a, b) centre, c radius, e: stroke width */
	DS_RECT,      /* (a, b) corner, c x d size; e: stroke, 0 = filled */
	DS_TRI,       /* (a, b), (c, d), (e, f): filled */
};

/* One shape of an icon, in the unit square (0..1 both ways). */
struct ds_shape {
	enum ds_shape_kind kind;
	float a, b, c, d, e, f;
};

/* The shapes of icon (static, never freed); *n their count. ICON_NONE
 * and unknown icons have none. */
const struct ds_shape *design_icon(enum ds_icon icon, int *n);

/* Everything sized for one screen. */
struct design {
	int w, h;              /* the output in pixels */
	double px_per_mm;
	int type_px[DS_TYPE_COUNT]; /* em of each type size, pixels */
	int min_text_px;       /* DS_MIN_TEXT_MM */
	int target_px;         /* DS_TARGET_MM */
	int key_px;            /* DS_KEY_MM */
	int gap;               /* between widgets: 2 mm */
	int margin;            /* from the screen's edge: 3 mm */
	int pad;               /* inside a box around its text: 2 mm */
	int radius;            /* a box's corners */
};

/* Pixels per millimetre of a w x h output: from screen_mm (w_mm x h_mm,
 * kiosk.ini, both > 0: the panel's real size, matched to the output's
 * orientation) if given, else from dpi if plausible (50..600), else
 * DS_DEFAULT_DPI. */
double design_px_per_mm(int w, int h, double dpi, double w_mm, double h_mm);

/* Fills d for a w x h output at px_per_mm (<= 0: DS_DEFAULT_DPI). */
void design_init(struct design *d, int w, int h, double px_per_mm);

/* The distance between lines of text of em px, and the height n lines
 * need (the first line's em plus the pitch of the others). */
int design_line_pitch(int px);
int design_text_height(int px, int n_lines);

/* Width in pixels of n bytes of UTF-8 at em px, from Noto Sans CJK JP
 * Bold's advances (the widest face we draw): layout and renderer agree
 * without a font in the library. */
int design_text_width(const char *s, size_t n, int px);

/* Wraps text at em px into lines no wider than max_w (linebreak_wrap,
 * language from the text). Returns the number of lines needed. */
int design_wrap(const char *text, int px, int max_w, struct lb_line *lines,
		int max_lines);

/* The largest size from the scale, from want down to DS_CAPTION, at
 * which text wraps into at most max_lines lines of max_w and fits
 * max_h; returns its pixels, or the caption's when even that does not
 * fit (the layout must then give the text more room). */
int design_fit(const struct design *d, enum ds_type want, const char *text,
	       int max_w, int max_h, int max_lines);

/* The largest em in pixels, from min_px up to max_h, at which text wraps
 * into at most max_lines lines of max_w and fits max_h: what is read from
 * three metres (a result) takes all its box. 0 if min_px does not fit. */
int design_fill(const char *text, int min_px, int max_w, int max_h,
		int max_lines);

struct ds_colours design_colours(enum widget_style st);

#endif
