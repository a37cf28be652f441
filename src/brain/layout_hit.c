/* layout_hit.c: what a built layout answers about itself (layout.h):
 * which tappable widget a touch at x, y lands on, the handwriting pad,
 * a button by its label (the --script steps). Kept apart from layout.c,
 * which builds the widgets, because the input side asks these of any
 * layout, whoever built it. */
#include <string.h>

#include "fair/layout.h"

bool widget_tappable(const struct widget *w)
{
	return w->button != BTN_NONE;
}

static bool inside(const struct lrect *r, int x, int y)
{
	return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

const struct widget *layout_hit(const struct layout *l, int x, int y)
{
	for (int i = l->n - 1; i >= 0; i--)
		if (widget_tappable(&l->w[i]) && inside(&l->w[i].r, x, y))
			return &l->w[i];
	return NULL;
}

const struct widget *layout_pad(const struct layout *l)
{
	for (int i = 0; i < l->n; i++)
		if (l->w[i].kind == W_PAD)
			return &l->w[i];
	return NULL;
}

const struct widget *layout_find(const struct layout *l, const char *text)
{
	for (int i = 0; i < l->n; i++)
		if (widget_tappable(&l->w[i]) && !strcmp(l->w[i].text, text))
			return &l->w[i];
	return NULL;
}
