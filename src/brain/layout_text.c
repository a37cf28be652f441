/* layout_text.c: every widget's text set once the screen is placed
 * (layout_int.h): its size, its lines (wrapped by linebreak.c's rules
 * through design_wrap) and where its icon goes. */
#include <string.h>

#include "fair/design.h"
#include "fair/linebreak.h"
#include "layout_int.h"

/* ---- setting text --------------------------------------------------- */

static bool has_text(const struct widget *w)
{
	return w->text[0] && w->kind != W_FILL && w->kind != W_QR &&
	       w->kind != W_PREVIEW && w->kind != W_IMAGE &&
	       w->kind != W_ICON;
}

/* Boxes keep their text off their edges; bare text uses all its box. */
static struct lrect text_box(const struct design *ds, const struct widget *w)
{
	struct lrect r = w->r;
	int px = w->kind == W_TITLE || w->kind == W_TEXT ? 0
		 : w->kind == W_KEY ? ds->pad / 4 : ds->pad;
	int py = w->kind == W_TITLE || w->kind == W_TEXT ? 0 : ds->pad / 2;

	if (r.w > 2 * px + 1 && r.h > 2 * py + 1) {
		r.x += px;
		r.w -= 2 * px;
		r.y += py;
		r.h -= 2 * py;
	}
	return r;
}

/* The icon's side beside text of em px in box b. */
static int icon_side(const struct widget *w, struct lrect b, int px)
{
	int s = px * 6 / 5;

	if (w->icon == ICON_NONE || w->kind == W_ICON)
		return 0;
	return s < b.h ? s : b.h;
}

static int lines_fit(struct lrect b, int px)
{
	int n = b.h >= px ? 1 + (b.h - px) / design_line_pitch(px) : 0;

	return n > LAYOUT_LINES ? LAYOUT_LINES : n;
}

/* Titles and headings (text set at the title size or larger) step down
 * one size at most, then end in "…"; other text shrinks to fit. */
static bool whole_title(const struct widget *w)
{
	return w->kind == W_TITLE && w->type >= DS_TITLE;
}

/* The size w's text gets on its own: the largest of the scale, from the
 * size asked for down, that fits its box; 0 when even the smallest does
 * not fit (a key's: on one line) and the widget has an icon to show alone
 * instead. */
static int own_px(const struct design *ds, const struct widget *w)
{
	struct lrect b = text_box(ds, w);
	int want = ds->type_px[w->type], cap = ds->type_px[DS_CAPTION];
	int is = icon_side(w, b, want), max, px;
	struct lb_line ln[LAYOUT_LINES + 1];

	b.w -= is ? is + ds->pad : 0;
	max = lines_fit(b, cap);
	/* a key's word is never broken (空/白): one line, or the icon */
	if (w->kind == W_KEY && max > 1)
		max = 1;
	if (w->icon != ICON_NONE && max >= 1 &&
	    (design_wrap(w->text, cap, b.w, ln, LAYOUT_LINES + 1) > max ||
	     design_text_width(w->text + ln[0].start, ln[0].len, cap) > b.w))
		return 0;
	if (w->fill) {
		px = design_fill(w->text, want, b.w, b.h, 2);
		if (px >= want)
			return px;
	}
	px = design_fit(ds, w->type, w->text, b.w, b.h, max);
	/* a title or heading wraps onto the lines its area allows at its
	 * size, then one size down, and only then ends in "…" (set_text; the
	 * JSON keeps it whole): shrunk further it would no longer read as a
	 * title. Smaller only where not one line of that size fits its box. */
	if (whole_title(w) && px < ds->type_px[w->type - 1] &&
	    lines_fit(b, ds->type_px[w->type - 1]) >= 1)
		px = ds->type_px[w->type - 1];
	return px;
}

/* A label too long for its key or button even at the smallest size: the
 * icon alone says it (the text stays for `press` and hit tests). */
static void set_icon_only(const struct design *ds, struct widget *w)
{
	struct lrect b = text_box(ds, w);
	int s = ds->type_px[w->type] * 6 / 5;

	s = s < b.h ? s : b.h;
	s = s < b.w ? s : b.w;
	w->n_lines = 0;
	w->px = 0;
	w->icon_r.x = b.x + (b.w - s) / 2;
	w->icon_r.y = b.y + (b.h - s) / 2;
	w->icon_r.w = s;
	w->icon_r.h = s;
}

/* A cut text's last line ends in "…" (render.c, layout_json.c): the
 * line is wrapped again, narrower by the ellipsis, so it still breaks at
 * a phrase and the "…" stays inside the box. */
static void make_room_for_ellipsis(struct widget *w, int px, int width)
{
	struct lb_line *last = &w->line[w->n_lines - 1];
	struct lb_line ln[2];
	int room = width - design_text_width("…", strlen("…"), px);
	const char *rest = w->text + last->start;

	if (design_text_width(rest, last->len, px) <= room)
		return;
	if (room > 0 && design_wrap(rest, px, room, ln, 2) >= 1 &&
	    ln[0].len > 0 && ln[0].start + ln[0].len <= last->len) {
		last->start += ln[0].start;
		last->len = ln[0].len;
	}
}

/* Wraps w's text at px and places its lines and icon. */
static void set_text(const struct design *ds, struct widget *w, int px)
{
	struct lrect b = text_box(ds, w);
	int is = icon_side(w, b, px), gap = is ? ds->pad : 0;
	int max = lines_fit(b, px), n, widest = 0, th, x;

	if (max < 1)
		max = 1;
	n = design_wrap(w->text, px, b.w - is - gap, w->line, max);
	w->clipped = n > max;
	w->n_lines = n > max ? max : n;
	if (w->clipped)
		make_room_for_ellipsis(w, px, b.w - is - gap);
	w->px = px;
	for (int i = 0; i < w->n_lines; i++) {
		int lw = design_text_width(w->text + w->line[i].start,
					   w->line[i].len, px);

		if (w->clipped && i == w->n_lines - 1)
			lw += design_text_width("…", strlen("…"), px);

		widest = lw > widest ? lw : widest;
	}
	widest = widest < b.w - is - gap ? widest : b.w - is - gap;
	th = design_text_height(px, w->n_lines);
	x = w->left ? b.x : b.x + (b.w - is - gap - widest) / 2;
	w->text_r.x = x + is + gap;
	w->text_r.w = widest;
	w->text_r.h = th;
	w->text_r.y = w->kind == W_TEXT ? b.y : b.y + (b.h - th) / 2;
	if (is) {
		w->icon_r.x = x;
		w->icon_r.y = b.y + (b.h - is) / 2;
		w->icon_r.w = is;
		w->icon_r.h = is;
	}
}

/* Siblings share a size: widgets of one kind asking for one type. */
static int sibling_class(const struct widget *w)
{
	int k = w->kind == W_TEXT ? W_TITLE : w->kind;
	int band = w->style == ST_HEADER; /* a header's own siblings */

	return (k * DS_TYPE_COUNT + (int)w->type) * 2 + band;
}

#define CLASSES (W_KIND_COUNT * DS_TYPE_COUNT * 2)

void layout_settle(struct layout *l)
{
	int px[CLASSES];

	for (int c = 0; c < CLASSES; c++)
		px[c] = 1 << 20;
	for (int i = 0; i < l->n; i++) {
		struct widget *w = &l->w[i];
		int p;

		if (!has_text(w))
			continue;
		p = own_px(&l->ds, w);
		if (p > 0 && p < px[sibling_class(w)])
			px[sibling_class(w)] = p;
	}
	for (int i = 0; i < l->n; i++) {
		struct widget *w = &l->w[i];

		if (w->kind == W_ICON) {
			w->icon_r = w->r;
		} else if (has_text(w) && !own_px(&l->ds, w)) {
			set_icon_only(&l->ds, w);
		} else if (has_text(w)) {
			set_text(&l->ds, w, px[sibling_class(w)]);
		}
	}
}

