/* layout_int.h: what the layout's parts share, private to src/brain/
 * (layout.c was getting too big: it places the widgets, layout_text.c
 * sets their text; layout_consent.c and layout_survey.c place their
 * screens with layout_frame.c's two calls). */
#ifndef FAIR_LAYOUT_INT_H
#define FAIR_LAYOUT_INT_H

#include "fair/layout.h"

/* Sets every text of l: the largest size of the type scale, from the one
 * asked down, at which it fits its box, the same for siblings; a label
 * too long even at the smallest size shows its icon alone. */
void layout_settle(struct layout *l);

/* Where a screen laid out beside layout.c puts its widgets. */
struct frame {
	const struct brain *b; /* whose screen: its language and state */
	struct layout *out;    /* the widgets so far */
	int gap;               /* pixels between tappable widgets */
};

/* Appends a widget at x, y, w, h (fractions of the screen), a button's
 * inset by gap on every side, its text set later in the body's type (a
 * button's bold); NULL when the screen is full (the rest is dropped).
 * The text is copied. */
struct widget *frame_put(struct frame *f, double x, double y, double w,
			 double h, enum widget_kind kind,
			 enum widget_style st, enum brain_button btn, int arg,
			 const char *text);
/* Text in type size t: the title, a heading or body by its size, bold
 * from the title's size up; a notice in the error and warning styles.
 * NULL when the screen is full. */
struct widget *frame_title(struct frame *f, double x, double y, double w,
			   double h, enum ds_type t, enum widget_style st,
			   const char *text);

#endif
