/* layout_int.h: what layout.c and layout_text.c share, private to
 * src/brain/ (layout.c was getting too big: it places the widgets,
 * layout_text.c sets their text). */
#ifndef FAIR_LAYOUT_INT_H
#define FAIR_LAYOUT_INT_H

#include "fair/layout.h"

/* Sets every text of l: the largest size of the type scale, from the one
 * asked down, at which it fits its box, the same for siblings; a label
 * too long even at the smallest size shows its icon alone. */
void layout_settle(struct layout *l);

#endif
