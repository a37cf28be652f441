/* layout_frame.c: how the screens laid out beside layout.c
 * (layout_consent.c, layout_survey.c) put a widget and a text
 * (layout_int.h). Plain fractions of the screen, no clamping: their
 * screens stay inside it by construction. */
#include <string.h>

#include "fair/jtext.h"
#include "layout_int.h"

struct widget *frame_put(struct frame *f, double x, double y, double w,
			 double h, enum widget_kind kind,
			 enum widget_style st, enum brain_button btn, int arg,
			 const char *text)
{
	struct layout *l = f->out;
	struct widget *wd;
	int g = btn != BTN_NONE ? f->gap : 0;

	if (l->n >= LAYOUT_MAX)
		return NULL;
	wd = &l->w[l->n++];
	memset(wd, 0, sizeof(*wd));
	wd->kind = kind;
	wd->style = st;
	wd->button = btn;
	wd->arg = arg;
	wd->type = DS_BODY;
	wd->bold = kind == W_BUTTON;
	/* the page as text (layout_json): without a role it was left out */
	wd->role = kind == W_BUTTON ? WR_BUTTON
		   : kind == W_FILL ? WR_NONE : WR_BODY;
	wd->r.x = (int)(x * l->width + 0.5) + g;
	wd->r.y = (int)(y * l->height + 0.5) + g;
	wd->r.w = (int)((x + w) * l->width + 0.5) - (int)(x * l->width + 0.5)
		  - 2 * g;
	wd->r.h = (int)((y + h) * l->height + 0.5) -
		  (int)(y * l->height + 0.5) - 2 * g;
	jtext_copy(wd->text, sizeof(wd->text), text);
	return wd;
}

struct widget *frame_title(struct frame *f, double x, double y, double w,
			   double h, enum ds_type t, enum widget_style st,
			   const char *text)
{
	struct widget *wd = frame_put(f, x, y, w, h, W_TITLE, st, BTN_NONE, 0,
				      text);

	if (wd) {
		wd->type = t;
		wd->bold = t >= DS_TITLE;
		wd->role = t == DS_DISPLAY ? WR_TITLE : t == DS_TITLE ?
			   WR_HEADING : WR_BODY;
		if (st == ST_ERROR || st == ST_WARN)
			wd->role = WR_NOTICE;
	}
	return wd;
}
