/* layout.c: screens as widget lists (layout.h).
 *
 * Each screen is a function placing widgets with frac(): x, y, width and
 * height as fractions of the screen, or in pixels from the design's sizes
 * where a fraction would be too small on a small screen. A screen says
 * "a primary button with this icon and label" or "a title"; sizes,
 * colours and spacing are the design module's (design.h). After the
 * screen is placed, layout_settle() (layout_text.c) sets every text: the
 * largest size of the type scale at which it fits its box, the same for
 * every sibling of its kind, wrapped with the line-breaking rules
 * (kinsoku and MeCab's phrases for Japanese).
 */
#include <stdio.h>
#include <string.h>

#include "brain_consent.h"
#include "brain_survey.h"
#include "fair/caltime.h"
#include "fair/design.h"
#include "fair/jtext.h"
#include "fair/layout.h"
#include "layout_int.h"

/* Building context, so screen functions stay short. */
struct lay {
	struct layout *out;
	const struct brain *b;
	const struct layout_info *info;
	const struct design *ds;
	bool land;      /* landscape: wider than tall */
	int gap;        /* pixels between tappable widgets */
};

struct frect {
	double x, y, w, h;
};

static const char *S(const struct lay *L, enum str_id id)
{
	return str_get(id, L->b->lang);
}

/* inset: 0 none, 1 a key's (half gap), 2 a button's */
static struct lrect to_px(const struct lay *L, struct frect f, int inset)
{
	int W = L->out->width, H = L->out->height;
	struct lrect r;
	int x1 = (int)((f.x + f.w) * W + 0.5);
	int y1 = (int)((f.y + f.h) * H + 0.5);
	int g;

	r.x = (int)(f.x * W + 0.5);
	r.y = (int)(f.y * H + 0.5);
	if (x1 > W)
		x1 = W;
	if (y1 > H)
		y1 = H;
	r.w = x1 - r.x;
	r.h = y1 - r.y;
	g = inset == 2 ? L->gap : inset == 1 ? (L->gap + 1) / 2 : 0;
	if (r.w > 2 * g && r.h > 2 * g) {
		r.x += g;
		r.y += g;
		r.w -= 2 * g;
		r.h -= 2 * g;
	}
	return r;
}

static enum ds_type default_type(enum widget_kind kind)
{
	return kind == W_FIELD ? DS_TITLE : DS_BODY;
}

static enum widget_role kind_role(enum widget_kind kind)
{
	switch (kind) {
	case W_TITLE:
	case W_TEXT:
		return WR_BODY;
	case W_BUTTON:
	case W_ROW:
		return WR_BUTTON;
	case W_KEY:
		return WR_KEY;
	case W_FIELD:
		return WR_FIELD;
	default:
		return WR_NONE;
	}
}

static struct widget *add(struct lay *L, struct frect f,
			  enum widget_kind kind, enum widget_style st,
			  enum brain_button btn, int arg, const char *text)
{
	struct widget *w;

	if (L->out->n >= LAYOUT_MAX)
		return NULL; /* a full screen drops the rest */
	w = &L->out->w[L->out->n++];
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->style = st;
	w->button = btn;
	w->arg = arg;
	w->type = default_type(kind);
	w->role = kind_role(kind);
	w->bold = kind == W_BUTTON || kind == W_KEY;
	w->r = to_px(L, f, btn != BTN_NONE ? (kind == W_KEY ? 1 : 2) : 0);
	jtext_copy(w->text, sizeof(w->text), text ? text : "");
	return w;
}

static struct frect FR(double x, double y, double w, double h)
{
	struct frect f = { x, y, w, h };

	return f;
}

/* Cell i of a cols x rows grid filling f. */
static struct frect cell(struct frect f, int cols, int rows, int i)
{
	return FR(f.x + f.w * (i % cols) / cols, f.y + f.h * (i / cols) / rows,
		  f.w / cols, f.h / rows);
}

/* Fractions of the screen from pixels. */
static double fx(const struct lay *L, int px)
{
	return (double)px / L->out->width;
}

static double fy(const struct lay *L, int px)
{
	return (double)px / L->out->height;
}

/* A button: an icon (or ICON_NONE) and a label, in the one button style. */
static struct widget *button_i(struct lay *L, struct frect f,
			       enum brain_button id, int arg,
			       enum widget_style st, enum ds_icon icon,
			       const char *text)
{
	struct widget *w = add(L, f, W_BUTTON, st, id, arg, text);

	if (w)
		w->icon = icon;
	return w;
}

static struct widget *button(struct lay *L, struct frect f,
			     enum brain_button id, int arg,
			     enum widget_style st, const char *text)
{
	return button_i(L, f, id, arg, st, ICON_NONE, text);
}

/* Text set in f at the type size t (or the next smaller that fits). */
static struct widget *title(struct lay *L, struct frect f, enum ds_type t,
			    enum widget_style st, const char *text)
{
	struct widget *w = add(L, f, W_TITLE, st, BTN_NONE, 0, text);

	if (w) {
		w->type = t;
		w->bold = t >= DS_TITLE;
		w->role = t == DS_DISPLAY ? WR_TITLE : t == DS_TITLE ?
			  WR_HEADING : WR_BODY;
		if ((st == ST_WARN || st == ST_ERROR) &&
		    L->b->screen != SCREEN_RESULT)
			w->role = WR_NOTICE;
	}
	return w;
}

static struct widget *icon(struct lay *L, struct frect f, enum ds_icon i,
			   enum widget_style st, const char *name)
{
	struct widget *w = add(L, f, W_ICON, st, BTN_NONE, 0, name);

	if (w)
		w->icon = i;
	return w;
}

/* The header band's height as a fraction of the screen: a touch target
 * and a title, whichever is taller. */
static double header_h(const struct lay *L)
{
	int px = L->ds->target_px + 2 * L->gap;
	int t = L->ds->type_px[DS_TITLE] * 3 / 2;

	return fy(L, px > t ? px : t);
}

/* A top bar: Back on the left, a title beside it, on the header band. */
static void top_bar(struct lay *L, enum str_id t, enum brain_button back)
{
	double h = header_h(L), bw = L->land ? 0.2 : 0.3;

	add(L, FR(0, 0, 1, h), W_FILL, ST_HEADER, BTN_NONE, 0, "");
	button_i(L, FR(0, 0, bw, h), back, 0, ST_PLAIN, ICON_BACK,
		 S(L, STR_BACK));
	title(L, FR(bw + 0.02, 0, 0.96 - bw, h), DS_TITLE, ST_HEADER,
	      S(L, t));
}

/* The date and time in the venue's zone; with date false, HH:MM. */
static void format_clock(char *out, size_t cap, int64_t wall_ms,
			 int off_min, bool date)
{
	char t[17];

	cal_format_minute(wall_ms, off_min, t);
	snprintf(out, cap, "%s", date ? t : t + 11);
}

static void format_time(char *out, size_t cap, int64_t wall_ms, int off_min)
{
	format_clock(out, cap, wall_ms, off_min, true);
}

/* ---- keyboards ------------------------------------------------------ */

static const char *const kana_keys[5][12] = {
	{ "ア", "カ", "サ", "タ", "ナ", "ハ",
	  "マ", "ヤ", "ラ", "ワ", "ァ", "゛" },
	{ "イ", "キ", "シ", "チ", "ニ", "ヒ",
	  "ミ", "ャ", "リ", "ヲ", "ィ", "゜" },
	{ "ウ", "ク", "ス", "ツ", "ヌ", "フ",
	  "ム", "ユ", "ル", "ン", "ゥ", "ー" },
	{ "エ", "ケ", "セ", "テ", "ネ", "ヘ",
	  "メ", "ュ", "レ", "ッ", "ェ", "←" },
	{ "オ", "コ", "ソ", "ト", "ノ", "ホ",
	  "モ", "ヨ", "ロ", "ョ", "ォ", "␣" },
};

static const char *const latin_keys[4][11] = {
	{ "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "←" },
	{ "q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "-" },
	{ "a", "s", "d", "f", "g", "h", "j", "k", "l", "@", "_" },
	{ "z", "x", "c", "v", "b", "n", "m", ".", "+", "'", "␣" },
};

/* The button a key label stands for: most keys type their label. */
static enum brain_button key_button(const char *k)
{
	if (!strcmp(k, "←"))
		return BTN_BACKSPACE;
	if (!strcmp(k, "゛"))
		return BTN_KEY_DAKUTEN;
	if (!strcmp(k, "゜"))
		return BTN_KEY_HANDAKUTEN;
	if (!strcmp(k, "␣"))
		return BTN_KEY_SPACE;
	return BTN_KEY;
}

static void keyboard(struct lay *L, struct frect f, bool latin)
{
	int cols = latin ? 11 : 12, rows = latin ? 4 : 5;

	for (int i = 0; i < cols * rows; i++) {
		const char *k = latin ? latin_keys[i / cols][i % cols]
				      : kana_keys[i / cols][i % cols];
		enum brain_button id = key_button(k);

		/* ゛ ゜ ← 空白 work: they look like every working key, never
		 * like a muted button that does nothing yet */
		struct widget *w = add(L, cell(f, cols, rows, i), W_KEY,
				       ST_PLAIN, id, 0,
				       id == BTN_KEY_SPACE ? S(L, STR_SPACE)
							   : k);

		if (w && id == BTN_KEY_SPACE)
			w->icon = ICON_SPACE;
	}
}

/* ---- lists ---------------------------------------------------------- */

static int rows_fit(const struct lay *L, double frac_h)
{
	/* rows stay a touch target tall on every screen */
	int min_px = L->ds->target_px + 2 * L->gap;
	int n = (int)(frac_h * L->out->height) / (min_px > 0 ? min_px : 1);

	if (n < 1)
		n = 1;
	return n > 8 ? 8 : n;
}

/* Rows of b in f with paging buttons in pager when they do not fit. */
static void rows_list(struct lay *L, struct frect f, struct frect pager)
{
	const struct brain *b = L->b;
	int per = rows_fit(L, f.h);
	int first = b->row_first;

	if (b->n_rows == 0) {
		title(L, FR(f.x, f.y, f.w, f.h / per), DS_BODY, ST_MUTED,
		      S(L, STR_NO_ROWS));
		return;
	}
	for (int k = 0; k < per && first + k < b->n_rows; k++) {
		int i = first + k;
		struct widget *w = add(L, FR(f.x, f.y + f.h * k / per, f.w,
					     f.h / per),
				       W_ROW, i == b->selected ? ST_SELECTED
							       : ST_PLAIN,
				       BTN_ROW, i, b->rows[i].text);

		if (w) {
			w->left = true;
			w->bold = false;
			w->icon = i == b->selected ? ICON_CHECK : ICON_NONE;
		}
	}
	if (b->n_rows <= per)
		return;
	button(L, cell(pager, 2, 1, 0), BTN_PAGE, -per, ST_PLAIN, "▲");
	button(L, cell(pager, 2, 1, 1), BTN_PAGE, per, ST_PLAIN, "▼");
}

/* ---- screens -------------------------------------------------------- */

/* A notice for students: in their language, never technical (the inputs'
 * and printer's own words are for staff, on the staff screen). */
static void student_notice(struct lay *L, struct frect f)
{
	struct widget *w;

	if (!L->info->status || !L->info->status[0])
		return;
	add(L, f, W_FILL, ST_ERROR, BTN_NONE, 0, "");
	w = title(L, f, DS_BODY, ST_ERROR, S(L, STR_STUDENT_NOTICE));
	if (w)
		w->icon = ICON_ALERT;
}

/* The idle header: logo, the event's name, the time, the language. */
static void idle_header(struct lay *L)
{
	char now[32];
	double h = header_h(L), lw = L->land ? 0.24 : 0.34;
	double logo = L->info->logo ? fx(L, (int)(h * L->out->height)) : 0;
	double tw = L->land ? 0.14 : 0.22;

	add(L, FR(0, 0, 1, h), W_FILL, ST_HEADER, BTN_NONE, 0, "");
	if (logo > 0)
		add(L, FR(0, 0, logo, h), W_IMAGE, ST_HEADER, BTN_NONE, 0,
		    L->info->logo);
	format_clock(now, sizeof(now), L->info->wall_ms,
		     L->info->utc_offset_min, false);
	title(L, FR(logo + 0.02, 0, 1 - lw - tw - logo - 0.03, h), DS_BODY,
	      ST_HEADER, L->info->event_name ? L->info->event_name : "");
	title(L, FR(1 - lw - tw, 0, tw, h), DS_TITLE, ST_HEADER, now);
	button_i(L, FR(1 - lw, 0, lw, h), BTN_LANG, 0, ST_PLAIN, ICON_LANG,
		 S(L, STR_LANG_TOGGLE));
}

/* Where to hold the badge, as a picture: the badge's QR, an arrow, and
 * the camera, or a handheld scanner in staff's hands. */
static void pictogram(struct lay *L, struct frect f)
{
	int side = (int)(f.h * L->out->height);
	double s = fx(L, side), x = f.x + (f.w - 3 * s) / 2;
	bool cam = L->info->has_camera || !L->info->has_scanner;

	icon(L, FR(x, f.y, s, f.h), ICON_QR, ST_SURFACE, "QR");
	icon(L, FR(x + s, f.y + f.h / 4, s, f.h / 2), ICON_NEXT, ST_PRIMARY,
	     "→");
	icon(L, FR(x + 2 * s, f.y, s, f.h), cam ? ICON_CAMERA : ICON_SCANNER,
	     ST_SURFACE, cam ? "camera" : "scanner");
}

/* A door's session: full or over before anyone scans. A visit kiosk is
 * never full for the students its plan expects: those it does not expect
 * show as over the plan in the count below. */
static enum str_id door_state(const struct lay *L)
{
	const struct brain *b = L->b;

	if (L->info->session == LAYOUT_SESSION_OVER)
		return STR_SESSION_OVER;
	if (!b->cfg.visit && b->capacity > 0 && b->full)
		return STR_SESSION_FULL;
	return STR_NONE;
}

/* The figures of stats.h, as the staff menu shows them too. */
static void idle_count(struct lay *L, struct frect f)
{
	const struct brain *b = L->b;
	struct widget *w;
	char line[640];
	int n;

	if (b->cfg.visit) { /* tours: today's arrivals out of the plan */
		n = snprintf(line, sizeof(line), "%s %d / %s %d",
			     S(L, STR_VISIT_ARRIVED), b->count_today,
			     S(L, STR_VISIT_EXPECTED), b->expected);
		if (b->unexpected > 0 && n > 0 && (size_t)n < sizeof(line))
			snprintf(line + n, sizeof(line) - (size_t)n,
				 "  (%s %d)", S(L, STR_VISIT_UNEXPECTED),
				 b->unexpected);
	} else if (b->capacity > 0) { /* a door: seats left */
		snprintf(line, sizeof(line), "%s: %d / %d  (%s %d)",
			 S(L, STR_TODAY_COUNT), b->count_today, b->capacity,
			 S(L, STR_SEATS_LEFT), b->seats_left);
	} else {
		snprintf(line, sizeof(line), "%s: %d", S(L, STR_TODAY_COUNT),
			 b->count_today);
	}
	w = title(L, f, DS_CAPTION, ST_MUTED, line);
	if (w)
		w->role = WR_COUNTER;
}

static void idle_buttons(struct lay *L)
{
	const struct brain *b = L->b;
	double h = header_h(L), y = 1 - h;

	button_i(L, FR(0, y, L->land ? 0.22 : 0.32, h), BTN_STAFF, 0,
		 ST_PLAIN, ICON_STAFF, S(L, STR_STAFF));
	if (b->cfg.entrance)
		button_i(L, FR(L->land ? 0.24 : 0.34, y, L->land ? 0.4 : 0.66,
			       h),
			 BTN_REGISTER, 0, ST_PRIMARY, ICON_REGISTER,
			 S(L, STR_REGISTER));
	if (b->cfg.demo)
		button_i(L, L->land ? FR(0.66, y, 0.34, h)
				    : FR(0.34, y - h, 0.66, h),
			 BTN_DEMO, 0, ST_DEMO, ICON_QR, S(L, STR_DEMO_BADGE));
}

/* The lines (1 or 2) text needs at type t in a box w of the screen wide. */
static int need_lines(const struct lay *L, const char *text, enum ds_type t,
		      double w)
{
	struct lb_line ln[3];

	return design_wrap(text, L->ds->type_px[t],
			   (int)(w * L->out->width) - 1, ln, 3) > 1 ? 2 : 1;
}

static void screen_idle(struct lay *L)
{
	enum str_id closed = door_state(L);
	bool cam = L->info->has_camera;
	double h = header_h(L), tw = L->land && cam ? 0.6 : 1.0;
	double x = 0.03, w = tw - 0.06;
	double y0 = h + 0.01, foot = 1 - h - (L->land ? 0 : h), th, sh, y;
	struct widget *t;
	int n;

	/* the place's name: up to two lines one size down where it needs
	 * them (a 7" screen's header band takes a fifth of it), the rest
	 * moving down with it */
	th = fy(L, design_text_height(L->ds->type_px[DS_TITLE],
				      need_lines(L, L->b->cfg.place_name,
						 DS_TITLE, w)) + 1);
	th = th > 0.25 - y0 ? th : 0.25 - y0;
	idle_header(L);
	title(L, FR(x, y0, w, th), DS_DISPLAY, ST_SURFACE,
	      L->b->cfg.place_name);
	y = y0 + th;
	if (closed != STR_NONE) {
		add(L, FR(x, y + 0.01, w, 0.24), W_FILL, ST_WARN, BTN_NONE, 0,
		    "");
		t = title(L, FR(x, y + 0.01, w, 0.24), DS_DISPLAY, ST_WARN,
			  S(L, closed));
		if (t)
			t->icon = ICON_ALERT;
		y += 0.25;
	} else {
		/* two lines one size down beside a 7" screen's camera */
		n = need_lines(L, S(L, STR_SHOW_BADGE), DS_BODY, w);
		th = fy(L, design_text_height(L->ds->type_px[DS_BODY], n) + 1);
		th = th > 0.16 ? th : 0.16;
		title(L, FR(x, y, w, th), DS_TITLE, ST_PRIMARY,
		      S(L, STR_SHOW_BADGE));
		y += th;
		/* the other language's line, where it has room above the
		 * notice's place */
		sh = fy(L, L->ds->type_px[DS_CAPTION] + 1);
		sh = sh > 0.49 - y ? sh : 0.49 - y;
		if (y + sh <= 0.65) {
			title(L, FR(x, y, w, sh), DS_BODY, ST_MUTED,
			      S(L, STR_SHOW_BADGE_SUB));
			y += sh;
		}
		y += 0.01;
	}
	y = y > 0.5 ? y : 0.5;
	/* the picture where it has room: a camera's preview says it too */
	if ((L->land || !cam) && 0.64 - y >= 0.08)
		pictogram(L, FR(x, y, w, 0.64 - y));
	if (cam)
		add(L, L->land ? FR(0.62, 0.2, 0.35, 0.6)
			       : FR(0.2, 0.5, 0.6, 0.14),
		    W_PREVIEW, ST_MUTED, BTN_NONE, 0, S(L, STR_CAMERA_SLOT));
	student_notice(L, FR(x, 0.65, w, 0.1));
	idle_count(L, FR(x, 0.755, w, foot - 0.76));
	idle_buttons(L);
}

static void result_look(enum outcome o, enum widget_style *st,
			const char **glyph, enum ds_icon *ic)
{
	*st = ST_BAD;
	*glyph = "×";
	*ic = ICON_REFUSED;
	if (o == OUTCOME_ACCEPTED) {
		*st = ST_OK;
		*glyph = "○";
		*ic = ICON_OK;
	} else if (o == OUTCOME_ALREADY) {
		*st = ST_WARN;
		*glyph = "△";
		*ic = ICON_ALREADY;
	}
}

static void result_name(const struct lay *L, char *line, size_t cap)
{
	const struct brain *b = L->b;
	const char *suffix = b->result_name[0] ? S(L, STR_NAME_SUFFIX) : "";

	if (b->outcome == OUTCOME_ALREADY && b->result_time[0])
		snprintf(line, cap, "%s%s  %s", b->result_name, suffix,
			 b->result_time);
	else if (b->outcome == OUTCOME_ACCEPTED ||
		 b->outcome == OUTCOME_ALREADY)
		snprintf(line, cap, "%s%s", b->result_name, suffix);
	else
		snprintf(line, cap, "%s", S(L, str_outcome(b->outcome)));
}

static enum str_id result_heading(enum outcome o)
{
	if (o == OUTCOME_ACCEPTED)
		return STR_WELCOME;
	if (o == OUTCOME_ALREADY)
		return STR_ALREADY_AT;
	return STR_REFUSED;
}

/* A booth's offer to give its company the student's contact details,
 * below the name (which stays readable from 3 m), then its answer. */
static void booth_consent(struct lay *L, enum widget_style st)
{
	const struct brain *b = L->b;
	double h = fy(L, L->ds->target_px + 2 * L->gap); /* add() insets */
	/* a finger's size; beside the waiting count when scans wait */
	struct frect f = b->q_len ? FR(0.04, 0.765, 0.6, h < 0.09 ? 0.09 : h)
				  : FR(0.15, 0.765, 0.7, h < 0.09 ? 0.09 : h);
	struct widget *w;

	if (b->bc == BC_OFFER || b->bc == BC_PENDING)
		button_i(L, f, BTN_BOOTH_CONSENT, 0, ST_PRIMARY, ICON_NEXT,
			 S(L, STR_BOOTH_CONSENT));
	else if (b->bc == BC_DONE && (w = title(L, f, DS_TITLE, st,
				S(L, STR_BOOTH_CONSENT_OK))))
		w->icon = ICON_CHECK;
	else if (b->bc == BC_FAILED)
		title(L, f, DS_BODY, st, S(L, STR_BOOTH_CONSENT_FAILED));
}

/* Full-screen colour, an icon (never colour alone), the name or the
 * reason in words; the brain goes back to idle by itself. */
static void screen_result(struct lay *L)
{
	const struct brain *b = L->b;
	enum widget_style st;
	const char *glyph;
	enum ds_icon ic;
	struct widget *w;
	char line[640];
	bool ok = b->outcome == OUTCOME_ACCEPTED ||
		  b->outcome == OUTCOME_ALREADY;

	if (b->pending) {
		add(L, FR(0, 0, 1, 1), W_FILL, ST_BUSY, BTN_NONE, 0, "");
		title(L, FR(0.05, 0.4, 0.9, 0.2), DS_DISPLAY, ST_BUSY,
		      S(L, STR_CHECKING));
		return;
	}
	result_look(b->outcome, &st, &glyph, &ic);
	if (b->result_unexpected) {  /* tours: let in, flagged: amber */
		st = ST_WARN;
		glyph = "△";
		ic = ICON_ALREADY;
	}
	add(L, FR(0, 0, 1, 1), W_FILL, st, BTN_NONE, 0, "");
	icon(L, FR(0.3, 0.04, 0.4, 0.32), ic, st, glyph);
	w = title(L, FR(0.05, 0.38, 0.9, 0.18), DS_DISPLAY, st,
		  S(L, b->result_unexpected ? STR_NOT_EXPECTED :
		       b->cfg.visit && b->outcome == OUTCOME_ACCEPTED &&
		       b->result_dir < 0 ? STR_GOODBYE :
		       result_heading(b->outcome)));
	if (w)
		w->fill = true; /* the word and the name read from 3 m */
	if (b->result_unexpected)
		title(L, FR(0.05, 0.76, 0.9, 0.1), DS_BODY, st,
		      S(L, STR_NOT_EXPECTED_SUB));
	else if (ok && b->stamps_need > 0) {  /* the stamp rally */
		if (b->stamps >= b->stamps_need)
			snprintf(line, sizeof(line), "%s %s",
				 S(L, STR_RALLY), S(L, STR_RALLY_DONE));
		else
			snprintf(line, sizeof(line), "%s %d / %d",
				 S(L, STR_RALLY), b->stamps, b->stamps_need);
		title(L, FR(0.05, 0.76, 0.9, 0.1), DS_TITLE, st, line);
	}
	result_name(L, line, sizeof(line));
	w = title(L, FR(0.05, 0.57, 0.9, 0.18), ok ? DS_DISPLAY : DS_TITLE,
		  st, line);
	if (w && ok) {
		w->role = WR_NAME;
		w->fill = true;
	}
	if (!ok)
		title(L, FR(0.05, 0.76, 0.9, 0.1), DS_BODY, st,
		      S(L, STR_CALL_STAFF));
	booth_consent(L, st);
	/* result_detail (the disk's words) is for staff: the log and the
	 * staff menu carry it, never the student's screen */
	if (b->q_len) {
		snprintf(line, sizeof(line), "+%d %s", b->q_len,
			 S(L, STR_QUEUED));
		title(L, FR(0.66, 0.86, 0.32, 0.12), DS_CAPTION, st, line);
	}
}

static void screen_clock_warn(struct lay *L)
{
	char line[640];
	double h = header_h(L), lw = L->land ? 0.22 : 0.32;
	struct widget *t;

	add(L, FR(0, 0, 1, 1), W_FILL, ST_WARN, BTN_NONE, 0, "");
	t = title(L, FR(0.03, 0, 0.97 - lw - 0.02, h * 1.3), DS_TITLE,
		  ST_WARN, S(L, STR_CLOCK_WARN_TITLE));
	if (t)
		t->icon = ICON_CLOCK;
	add(L, FR(0.05, h * 1.3 + 0.02, 0.9, 0.56 - h * 1.3), W_TEXT,
	    ST_WARN, BTN_NONE, 0, S(L, STR_CLOCK_WARN_BODY));
	format_time(line, sizeof(line), L->info->wall_ms,
		    L->info->utc_offset_min);
	title(L, FR(0.05, 0.6, 0.9, 0.14), DS_DISPLAY, ST_WARN, line);
	button_i(L, FR(0.25, 1 - h * 1.2, 0.5, h * 1.2), BTN_STAFF, 0,
		 ST_PRIMARY, ICON_STAFF, S(L, STR_STAFF));
	button_i(L, FR(1 - lw, 0, lw, h), BTN_LANG, 0, ST_PLAIN, ICON_LANG,
		 S(L, STR_LANG_TOGGLE));
}

static void screen_pin(struct lay *L)
{
	const struct brain *b = L->b;
	static const char *const keys[12] = {
		"1", "2", "3", "4", "5", "6", "7", "8", "9", "←", "0", "OK"
	};
	char dots[BRAIN_PIN_MAX * 3 + 1] = "";
	char line[640];
	int wait = brain_pin_wait_s(b, L->info->now);
	struct frect pad = L->land ? FR(0.3, 0.26, 0.4, 0.74)
				   : FR(0.1, 0.3, 0.8, 0.5);

	for (size_t i = 0; i < strlen(b->pin); i++)
		memcpy(dots + i * 3, "●", 4);
	title(L, FR(0.22, 0.01, 0.56, 0.08), DS_BODY, ST_SURFACE,
	      S(L, STR_PIN_TITLE));
	add(L, FR(0.3, 0.1, 0.4, 0.08), W_FIELD, ST_PLAIN, BTN_NONE, 0, dots);
	if (wait > 0) {
		snprintf(line, sizeof(line), "%s %d", S(L, STR_PIN_LOCKED),
			 wait);
		title(L, FR(0.1, 0.19, 0.8, 0.065), DS_CAPTION, ST_ERROR, line);
	} else if (b->pin_wrong) {
		title(L, FR(0.1, 0.19, 0.8, 0.065), DS_CAPTION, ST_ERROR,
		      S(L, STR_PIN_WRONG));
	}
	for (int i = 0; i < 12; i++) {
		enum brain_button id = i == 9 ? BTN_BACKSPACE
				     : i == 11 ? BTN_OK : BTN_DIGIT;
		int digit = i == 10 ? 0 : i + 1;

		button(L, cell(pad, 3, 4, i), id, digit,
		       wait > 0 ? ST_MUTED : i == 11 ? ST_PRIMARY : ST_PLAIN,
		       keys[i]);
	}
	button_i(L, L->land ? FR(0, 0.82, 0.22, 0.18)
			    : FR(0, 0.87, 0.3, 0.13),
		 BTN_BACK, 0, ST_PLAIN, ICON_BACK, S(L, STR_BACK));
}

/* One line of caption, with its leading: a notice's band. */
static double notice_h(const struct lay *L)
{
	return fy(L, design_line_pitch(L->ds->type_px[DS_CAPTION]) + 4);
}

static void notice(struct lay *L, struct frect f)
{
	if (L->b->notice[0])
		title(L, f, DS_CAPTION,
		      L->b->notice_error ? ST_ERROR : ST_MUTED, L->b->notice);
}

static void confirm_dialog(struct lay *L, const char *question,
			   const char *detail, enum str_id yes,
			   enum widget_style yes_st, enum ds_icon yes_icon,
			   enum str_id no);

/* Beside the counts: 同意の取り消し (every kiosk), at a booth with its
 * lead notes, the staff's main task there (side by side in landscape,
 * where the band is too low for two finger-sized buttons). */
static void staff_side(struct lay *L, struct frect f)
{
	struct frect lead = f, wd = f;

	if (L->b->cfg.leads && L->land) {
		lead.w = wd.w = f.w / 2;
		wd.x = f.x + f.w / 2;
	} else if (L->b->cfg.leads) {
		lead.h = wd.h = f.h / 2;
		wd.y = f.y + f.h / 2;
	} else if (!L->land) { /* a finger's size, not a column */
		wd.h = f.h / 2;
	}
	if (L->b->cfg.leads)
		button_i(L, lead, BTN_STAFF_LEAD, 0, ST_PRIMARY, ICON_CHECK,
			 S(L, STR_STAFF_LEAD));
	button_i(L, wd, BTN_STAFF_WITHDRAW, 0, ST_PLAIN, ICON_VOID,
		 S(L, STR_STAFF_WITHDRAW));
}

static void screen_staff(struct lay *L)
{
	const struct brain *b = L->b;
	static const struct {
		enum brain_button id;
		enum str_id label;
		enum widget_style st;
		enum ds_icon icon;
	} menu[8] = {
		{ BTN_STAFF_RECENT, STR_STAFF_RECENT, ST_PLAIN, ICON_LIST },
		{ BTN_STAFF_FIND, STR_STAFF_FIND, ST_PLAIN, ICON_SEARCH },
		{ BTN_STAFF_PLACE, STR_STAFF_PLACE, ST_PLAIN, ICON_PLACE },
		{ BTN_STAFF_CLOCK, STR_STAFF_CLOCK, ST_PLAIN, ICON_CLOCK },
		/* quitting (red) sits away from 受付画面に戻る, the way
		 * back a hurried hand reaches for */
		{ BTN_STAFF_QUIT, STR_STAFF_QUIT, ST_DANGER, ICON_POWER },
		{ BTN_STAFF_EXPORT, STR_STAFF_EXPORT, ST_PLAIN, ICON_EXPORT },
		{ BTN_LANG, STR_LANG_TOGGLE, ST_PLAIN, ICON_LANG },
		{ BTN_STAFF_EXIT, STR_STAFF_EXIT, ST_PRIMARY, ICON_EXIT },
	};
	int cols = L->land ? 4 : 2, rows = 8 / cols;
	/* beside the counts (which narrow to make room): a booth's lead
	 * notes, the staff's main task there, over 同意の取り消し (every
	 * kiosk) */
	double cw = 0.58;
	double h = header_h(L), nh = notice_h(L);
	struct frect grid = FR(0, 0.58, 1, 0.42);
	int nl = b->n_rows < 4 ? b->n_rows : 4;
	double rh = (0.58 - h - 2 * nh) / 4;

	if (b->confirm == CONFIRM_QUIT) {
		confirm_dialog(L, S(L, STR_QUIT_ASK), "", STR_QUIT_YES,
			       ST_DANGER, ICON_POWER, STR_QUIT_NO);
		return;
	}
	add(L, FR(0, 0, 1, h), W_FILL, ST_HEADER, BTN_NONE, 0, "");
	title(L, FR(0.03, 0, 0.6, h), DS_TITLE, ST_HEADER,
	      S(L, STR_STAFF_TITLE));
	title(L, FR(0.64, 0, 0.33, h), DS_BODY, ST_HEADER,
	      b->cfg.place_name);
	if (b->notice[0] && b->notice_big) /* an export: where the counts
					    * were, read from a step back */
		title(L, FR(0.05, h, 0.9, 0.58 - h - 2 * nh), DS_TITLE,
		      b->notice_error ? ST_ERROR : ST_SURFACE, b->notice);
	for (int i = 0; i < nl && !(b->notice[0] && b->notice_big); i++)
		title(L, FR(0.05, h + rh * i, cw, rh), DS_BODY, ST_SURFACE,
		      b->rows[i].text);
	if (!(b->notice[0] && b->notice_big))
		staff_side(L, FR(0.64, h, 0.36, 0.58 - h - 2 * nh));
	if (L->info->status && L->info->status[0])
		title(L, FR(0.05, 0.58 - 2 * nh, 0.9, nh), DS_CAPTION,
		      ST_ERROR, L->info->status);
	if (!b->notice_big)
		notice(L, FR(0.05, 0.58 - nh, 0.9, nh));
	for (int i = 0; i < 8; i++)
		button_i(L, cell(grid, cols, rows, i), menu[i].id, 0,
			 menu[i].st, menu[i].icon, S(L, menu[i].label));
}

/* A question over the whole screen, so nothing else can be tapped: the
 * brain ignores every other button until it is answered. */
static void confirm_dialog(struct lay *L, const char *question,
			   const char *detail, enum str_id yes,
			   enum widget_style yes_st, enum ds_icon yes_icon,
			   enum str_id no)
{
	struct widget *t;

	t = title(L, FR(0.05, 0.1, 0.9, 0.2), DS_TITLE, ST_SURFACE, question);
	if (t)
		t->icon = ICON_ALERT;
	if (detail && detail[0])
		title(L, FR(0.05, 0.32, 0.9, 0.14), DS_BODY, ST_SURFACE,
		      detail);
	button_i(L, FR(0.04, 0.6, 0.44, 0.24), BTN_CONFIRM_NO, 0, ST_PLAIN,
		 ICON_BACK, S(L, no));
	button_i(L, FR(0.52, 0.6, 0.44, 0.24), BTN_CONFIRM_YES, 0, yes_st,
		 yes_icon, S(L, yes));
}

static void screen_staff_recent(struct lay *L)
{
	const struct brain *b = L->b;
	double h = header_h(L), nh = notice_h(L);

	if (b->confirm == CONFIRM_VOID) {
		confirm_dialog(L, S(L, STR_VOID_ASK),
			       b->selected >= 0 ? b->rows[b->selected].text
						: "",
			       STR_VOID_YES, ST_DANGER, ICON_VOID,
			       STR_VOID_NO);
		return;
	}
	top_bar(L, STR_STAFF_RECENT, BTN_BACK);
	notice(L, FR(0.05, h, 0.9, nh));
	rows_list(L, FR(0, h + nh, 1, 0.82 - h - nh), FR(0, 0.82, 0.4, 0.18));
	if (b->undo_ready && b->selected < 0) /* while this list is open */
		button_i(L, FR(0.5, 0.82, 0.5, 0.18), BTN_UNDO, 0,
			 ST_PRIMARY, ICON_BACK, S(L, STR_UNDO));
	else
		button_i(L, FR(0.5, 0.82, 0.5, 0.18), BTN_VOID, 0,
			 b->selected >= 0 ? ST_DANGER : ST_MUTED, ICON_VOID,
			 S(L, STR_VOID));
}

/* Booth: the last scans; tapping one opens its lead note. */
static void screen_staff_leads(struct lay *L)
{
	double h = header_h(L), nh = notice_h(L);

	top_bar(L, STR_STAFF_LEAD, BTN_BACK);
	title(L, FR(0.05, h, 0.9, nh), DS_CAPTION, ST_SURFACE,
	      S(L, STR_LEAD_PICK));
	notice(L, FR(0.05, h + nh, 0.9, nh));
	rows_list(L, FR(0, h + 2 * nh, 1, 0.82 - h - 2 * nh),
		  FR(0, 0.82, 0.4, 0.18));
}

/* A memo runs to 40 characters; where it is shown in a smaller box, its
 * first or last n characters with "…" for the rest. */
static void memo_part(char *out, size_t cap, const char *memo, int n,
		      bool tail)
{
	const char *p = memo;
	size_t len = 0;
	int chars = 0;

	while (*p) {
		jtext_next(&p);
		chars++;
	}
	p = memo;
	if (tail && chars > n) {
		memcpy(out, "…", 4);
		len = 3;
		for (int skip = chars - n; skip > 0; skip--)
			jtext_next(&p);
	}
	for (int i = 0; i < n && *p; i++) {
		const char *q = p;

		if (!jtext_put(out, cap - 4, &len, jtext_next(&q)))
			break;
		p = q;
	}
	out[len] = '\0';
	if (!tail && *p)
		memcpy(out + len, "…", 4);
}

/* The button that opens a memo's page: the memo's start, or what to do. */
static void memo_button(struct lay *L, struct frect f, const char *memo,
			enum str_id empty)
{
	char head[64];

	memo_part(head, sizeof(head), memo, 10, false);
	button(L, f, BTN_MEMO, 0, ST_PLAIN, memo[0] ? head : S(L, empty));
}

static void cands_bar(struct lay *L, struct frect bar, bool wide);

/* A memo's own page under top: its field (the kana being typed in
 * brackets), the candidate bar, the keyboard, カナ/ABC and 完了 (a lead's
 * memo, a student's comment). */
static void memo_page(struct lay *L, double top, const char *text)
{
	const struct brain *b = L->b;
	double body = 0.82 - top;
	char all[BRAIN_FIELD_MAX * 2 + 8], tail[96]; /* typed: the end */

	snprintf(all, sizeof(all), b->preedit[0] ? "%s［%s］" : "%s", text,
		 b->preedit);
	memo_part(tail, sizeof(tail), all, 24, true);
	add(L, FR(0.02, top, 0.96, 0.1), W_FIELD, ST_PLAIN, BTN_NONE, 0, tail);
	cands_bar(L, FR(0, top + 0.1, 1, 0.1), true);
	keyboard(L, FR(0, top + 0.2, 1, body - 0.2), b->latin_kbd);
	button(L, FR(0, 0.82, 0.4, 0.18), BTN_KBD_SWITCH, 0, ST_PLAIN,
	       S(L, STR_KBD_SWITCH));
	button_i(L, FR(0.55, 0.82, 0.45, 0.18), BTN_DONE, 0, ST_PRIMARY,
		 ICON_CHECK, S(L, STR_DONE));
}

/* Booth: one visitor's lead note. Rating 1-4 and the event's lead tags
 * take the page, the memo its own page with the keyboard (both would be
 * too small on a 7" screen); 保存 needs a rating, 戻る keeps nothing. */
static void screen_staff_lead(struct lay *L)
{
	const struct brain *b = L->b;
	double h = header_h(L), nh = notice_h(L), top = h + nh;
	int n = b->cfg.nlead_tags;
	double body = 0.82 - top, rh = body / (n > 3 ? 3 : n ? 2 : 1);
	struct frect tags = FR(0, top + rh, 1, body - rh);
	/* the visitor asked to give this company their contact details;
	 * at type 1/2, where that button would be, why not */
	bool ask = b->cfg.booth_consent && !b->cfg.no_sharing;
	bool mid = ask || b->cfg.no_sharing;
	struct widget *why;

	top_bar(L, STR_STAFF_LEAD, BTN_BACK);
	if (b->lead_memo) { /* the keys need the who line's room */
		memo_page(L, h, b->lead_note);
		return;
	}
	if (b->notice[0]) /* the visitor's answer, recorded or not */
		notice(L, FR(0.05, h, 0.9, nh));
	else
		title(L, FR(0.05, h, 0.9, nh), DS_CAPTION, ST_SURFACE,
		      b->lead_who);
	for (int k = 1; k <= 4; k++)
		button(L, cell(FR(0, top, 1, rh), 4, 1, k - 1), BTN_RATING, k,
		       b->lead_rating == k ? ST_SELECTED : ST_PLAIN,
		       S(L, (enum str_id)(STR_LEAD_RATE1 + k - 1)));
	for (int i = 0; i < n; i++)
		button(L, cell(tags, 3, n > 3 ? 2 : 1, i), BTN_TAG, i,
		       b->lead_tags & (1u << i) ? ST_SELECTED : ST_PLAIN,
		       b->cfg.lead_tags[i]);
	memo_button(L, FR(0, 0.82, ask ? 0.33 : mid ? 0.25 : 0.5, 0.18),
		    b->lead_note, STR_LEAD_NOTE);
	if (ask) /* the visitor answers the question themselves */
		button(L, FR(0.335, 0.82, 0.33, 0.18), BTN_LEAD_CONSENT, 0,
		       ST_PLAIN, S(L, STR_LEAD_CONSENT));
	else if (mid && (why = add(L, FR(0.26, 0.83, 0.48, 0.16), W_TEXT,
				   ST_MUTED, BTN_NONE, 0,
				   S(L, STR_LEAD_NOSHARE))))
		why->type = DS_CAPTION;
	button_i(L, FR(ask ? 0.67 : mid ? 0.75 : 0.55, 0.82,
		       ask ? 0.33 : mid ? 0.25 : 0.45, 0.18),
		 BTN_SUBMIT, 0, b->lead_rating ? ST_PRIMARY : ST_MUTED,
		 ICON_CHECK, S(L, STR_LEAD_SAVE));
}

/* Tours: faces 1-5, the event's tags, a comment on its own keyboard page,
 * send or skip. Skipping is always one tap away; nothing is stored without
 * a face. */
static void screen_feedback(struct lay *L)
{
	const struct brain *b = L->b;
	int n = b->cfg.ntags, tag_rows = n > 3 ? 2 : n ? 1 : 0;
	/* faces side by side, or (portrait, too narrow for their words) one
	 * above the other; their rows as tall as the tags' */
	int face_rows = L->land ? 1 : 5;
	double h = header_h(L), nh = n ? notice_h(L) : 0;
	double rh = (0.82 - h - nh) / (face_rows + tag_rows);
	struct frect faces = FR(0, h, 1, face_rows * rh);
	struct frect bar = FR(0, 0.82, 1, 0.18);

	add(L, FR(0, 0, 1, 1), W_FILL, ST_SURFACE, BTN_NONE, 0, "");
	title(L, FR(0.04, 0, 0.92, h), DS_TITLE, ST_SURFACE,
	      S(L, b->fb_memo ? STR_FB_NOTE : STR_FB_TITLE));
	if (b->fb_memo) {
		memo_page(L, h, b->fb_note);
		return;
	}
	for (int k = 1; k <= 5; k++) /* a drawn face beside its word */
		button_i(L, cell(faces, 6 - face_rows, face_rows, k - 1),
			 BTN_RATING, k,
			 b->fb_rating == k ? ST_SELECTED : ST_PLAIN,
			 (enum ds_icon)(ICON_FACE1 + k - 1),
			 S(L, (enum str_id)(STR_FB_FACE1 + k - 1)));
	if (n)
		title(L, FR(0.05, h + faces.h, 0.9, nh), DS_CAPTION,
		      ST_SURFACE, S(L, STR_FB_TAGS));
	for (int i = 0; i < n; i++)
		button(L, cell(FR(0, h + faces.h + nh, 1, tag_rows * rh), 3,
			       tag_rows, i), BTN_TAG, i,
		       b->fb_tags & (1u << i) ? ST_SELECTED : ST_PLAIN,
		       b->cfg.tags[i]);
	button(L, cell(bar, 3, 1, 0), BTN_SKIP, 0, ST_PLAIN,
	       S(L, STR_FB_SKIP));
	memo_button(L, cell(bar, 3, 1, 1), b->fb_note, STR_FB_NOTE);
	button_i(L, cell(bar, 3, 1, 2), BTN_SUBMIT, 0,
		 b->fb_rating ? ST_PRIMARY : ST_MUTED, ICON_CHECK,
		 S(L, STR_FB_SEND));
}

static void screen_staff_place(struct lay *L)
{
	double h = header_h(L), nh = notice_h(L);

	top_bar(L, STR_STAFF_PLACE, BTN_BACK);
	notice(L, FR(0.05, h, 0.9, nh));
	rows_list(L, FR(0, h + nh, 1, 0.82 - h - nh), FR(0, 0.82, 0.4, 0.18));
}

/* A search field with a keyboard and a list of matches beside (landscape)
 * or above (portrait) it; the action button goes under the list. */
static void search_panel(struct lay *L, struct frect area,
			 enum brain_button action, const char *action_label,
			 bool action_ready)
{
	struct frect kbd, list, pager;

	double act = action != BTN_NONE ? 0.18 : 0;

	if (L->land) {
		kbd = FR(area.x, area.y, 0.64, area.h);
		list = FR(0.64, area.y, 0.36, area.h - 0.18 - act);
		pager = FR(0.64, area.y + area.h - 0.18 - act, 0.36, 0.18);
	} else {
		kbd = FR(0, area.y + area.h * 0.5, 1, area.h * 0.5);
		list = FR(0, area.y, 0.7, area.h * 0.5);
		pager = FR(0.7, area.y, 0.3, 0.12);
	}
	keyboard(L, kbd, L->b->latin_kbd);
	rows_list(L, list, pager);
	if (action != BTN_NONE)
		button_i(L, L->land ? FR(0.64, area.y + area.h - 0.18, 0.36,
					 0.18)
				    : FR(0.7, area.y + 0.13, 0.3, 0.12),
			 action, 0, action_ready ? ST_PRIMARY : ST_MUTED,
			 ICON_CHECK, action_label);
}

static void screen_staff_find(struct lay *L)
{
	const struct brain *b = L->b;

	button_i(L, FR(0, 0, 0.2, 0.18), BTN_BACK, 0, ST_PLAIN, ICON_BACK,
		 S(L, STR_BACK));
	add(L, FR(0.22, 0.02, 0.5, 0.14), W_FIELD, ST_PLAIN, BTN_NONE, 0,
	    b->search[0] ? b->search : S(L, STR_SEARCH_KANA));
	button(L, FR(0.76, 0, 0.24, 0.18), BTN_KBD_SWITCH, 0, ST_PLAIN,
	       S(L, STR_KBD_SWITCH));
	notice(L, FR(0.05, 0.18, 0.9, notice_h(L)));
	search_panel(L, FR(0, 0.18 + notice_h(L), 1, 0.82 - notice_h(L)),
		     BTN_CHECKIN_HAND, S(L, STR_CHECKIN_HAND),
		     b->selected >= 0);
}

static void screen_staff_clock(struct lay *L)
{
	static const int adj[8] = { -1440, -60, -10, -1, 1, 10, 60, 1440 };
	static const char *const adj_label[8] = {
		"-1d", "-1h", "-10m", "-1m", "+1m", "+10m", "+1h", "+1d"
	};
	char line[640];
	int64_t shown = L->info->wall_ms - L->b->clock_offset_ms +
			L->b->clock_edit_ms;
	double h = header_h(L);

	top_bar(L, STR_STAFF_CLOCK, BTN_BACK);
	format_time(line, sizeof(line), shown, L->info->utc_offset_min);
	title(L, FR(0.05, h + 0.01, 0.9, 0.37 - h), DS_DISPLAY, ST_PRIMARY,
	      line);
	for (int i = 0; i < 8; i++)
		button(L, cell(FR(0, 0.38, 1, 0.4), 4, 2, i), BTN_CLOCK_ADJ,
		       adj[i], ST_PLAIN, adj_label[i]);
	button_i(L, FR(0.25, 0.8, 0.5, 0.2), BTN_CLOCK_OK, 0, ST_PRIMARY,
		 ICON_CHECK, S(L, STR_CLOCK_CONFIRM));
}

/* ---- registration --------------------------------------------------- */

static const enum str_id step_label[REG_STEP_COUNT] = {
	STR_REG_KANA, STR_REG_NAME, STR_REG_SCHOOL, STR_REG_GRADE,
	STR_REG_EMAIL, STR_REG_CONSENT,
};

static void reg_field_text(const struct brain *b, char *out, size_t cap)
{
	switch (b->step) {
	case REG_KANA:
		snprintf(out, cap, "%s", b->form.kana);
		break;
	case REG_NAME: /* the kana not yet converted in brackets */
		snprintf(out, cap, b->preedit[0] ? "%s［%s］" : "%s",
			 b->form.name, b->preedit);
		break;
	case REG_SCHOOL:
		snprintf(out, cap, "%s", b->search);
		break;
	case REG_GRADE:
		snprintf(out, cap, "%s", b->form.grade);
		break;
	case REG_EMAIL:
		snprintf(out, cap, "%s", b->form.email);
		break;
	default:
		out[0] = '\0';
		break;
	}
}

static void reg_nav(struct lay *L)
{
	const struct brain *b = L->b;
	struct frect nav = FR(0, 0.82, 1, 0.18);
	bool name = b->step == REG_NAME;
	int cols = name ? 4 : 3;
	/* 次へ looks disabled while the step is incomplete; a tap still
	 * says why under the field */
	enum widget_style next_st = brain_reg_problem(b) != STR_NONE
				    ? ST_MUTED : ST_PRIMARY;

	button_i(L, cell(nav, cols, 1, 0), BTN_PREV, 0, ST_PLAIN, ICON_BACK,
		 S(L, STR_PREV));
	if (b->step == REG_KANA || b->step == REG_NAME ||
	    b->step == REG_SCHOOL || b->step == REG_EMAIL)
		button(L, cell(nav, cols, 1, 1), BTN_KBD_SWITCH, 0, ST_PLAIN,
		       S(L, STR_KBD_SWITCH));
	if (name)
		button(L, cell(nav, cols, 1, 2), BTN_PAD, 0,
		       b->pad_open ? ST_SELECTED : ST_PLAIN,
		       S(L, b->pad_open ? STR_PAD_CLOSE : STR_PAD));
	if (b->step == REG_CONSENT)
		button_i(L, cell(nav, cols, 1, cols - 1), BTN_SUBMIT, 0,
			 ST_PRIMARY, ICON_CHECK,
			 S(L, b->reg_busy ? STR_REG_BUSY : STR_SUBMIT));
	else
		button_i(L, cell(nav, cols, 1, cols - 1), BTN_NEXT, 0,
			 next_st, ICON_NEXT, S(L, STR_NEXT));
}

/* The candidate bar (the name step, memo pages): カナのまま or 変換
 * first (two units wide), then as many candidates as fit, with paging keys
 * when there are more. */
static void cands_bar(struct lay *L, struct frect bar, bool wide)
{
	const struct brain *b = L->b;
	/* a name's parts are a few characters, a sentence's longer: wide
	 * candidates take two units */
	int cw = wide ? 2 : 1, per = (L->land ? 6 : 4) / cw;
	int units = per * cw + 4, k = 2;
	double u = bar.w / units;

	if (!b->cands_hw && b->preedit[0])
		add(L, FR(bar.x, bar.y, 2 * u, bar.h), W_KEY, ST_PLAIN,
		    b->n_cands ? BTN_KEEP_KANA : BTN_CONVERT, 0,
		    S(L, b->n_cands ? STR_KEEP_KANA : STR_CONVERT));
	for (int i = b->cand_first; i < b->n_cands && i < b->cand_first + per;
	     i++, k += cw)
		add(L, FR(bar.x + u * k, bar.y, u * cw, bar.h), W_KEY,
		    ST_PRIMARY, BTN_CAND, i, b->cands[i]);
	if (b->n_cands > per) {
		add(L, FR(bar.x + u * (units - 2), bar.y, u, bar.h), W_KEY,
		    ST_MUTED, BTN_PAGE, -per, "◀");
		add(L, FR(bar.x + u * (units - 1), bar.y, u, bar.h), W_KEY,
		    ST_MUTED, BTN_PAGE, per, "▶");
	}
}

/* The pad (square, to write a kanji in) with its tools beside it; the
 * hint shows in the empty pad. */
static void reg_pad(struct lay *L, struct frect area)
{
	int W = L->out->width, H = L->out->height;
	double side_px = area.h * H < area.w * W * 0.6 ? area.h * H
						       : area.w * W * 0.6;
	struct frect pad = FR(area.x + 0.02, area.y, side_px / W, side_px / H);
	double tx = pad.x + pad.w + 0.02;
	struct widget *w;

	w = add(L, pad, W_PAD, ST_MUTED, BTN_NONE, 0, S(L, STR_PAD_HINT));
	if (w) {
		w->type = DS_CAPTION;
		L->out->ink = &L->b->ink;
	}
	button(L, FR(tx, area.y, 0.98 - tx, area.h * 0.5), BTN_BACKSPACE, 0,
	       ST_PLAIN, "←");
	button(L, FR(tx, area.y + area.h * 0.5, 0.98 - tx, area.h * 0.5),
	       BTN_PAD_CLEAR, 0, ST_PLAIN, S(L, STR_PAD_CLEAR));
}

static void reg_grades(struct lay *L)
{
	for (int i = 0; brain_grades[i]; i++) {
		const char *g = brain_grades[i];
		bool on = !strcmp(L->b->form.grade, brain_grades[i]);

		if (!strcmp(g, "other"))
			g = S(L, STR_GRADE_OTHER);
		button_i(L, cell(FR(0, 0.32, 1, 0.48), 4, 2, i), BTN_GRADE, i,
			 on ? ST_SELECTED : ST_PLAIN,
			 on ? ICON_CHECK : ICON_NONE, g);
	}
}

static void reg_consent(struct lay *L)
{
	const struct brain *b = L->b;
	char line[640];

	add(L, FR(0.05, 0.19, 0.9, 0.28), W_TEXT, ST_SURFACE, BTN_NONE, 0,
	    S(L, b->cfg.no_sharing ? STR_REG_CONSENT_NOSHARE
				   : STR_REG_CONSENT_TEXT));
	button_i(L, FR(0.05, 0.48, 0.45, 0.18), BTN_CONSENT, 1,
		 b->form.consent ? ST_SELECTED : ST_PLAIN,
		 b->form.consent ? ICON_CHECK : ICON_NONE, S(L, STR_YES));
	button_i(L, FR(0.5, 0.48, 0.45, 0.18), BTN_CONSENT, 0,
		 b->form.consent ? ST_PLAIN : ST_SELECTED,
		 b->form.consent ? ICON_NONE : ICON_CHECK, S(L, STR_NO));
	snprintf(line, sizeof(line), "%s（%s）/ %s / %s / %s", b->form.name,
		 b->form.kana, b->form.school, b->form.grade, b->form.email);
	title(L, FR(0.05, 0.67, 0.9, 0.075), DS_BODY, ST_SURFACE, line);
	notice(L, FR(0.05, 0.745, 0.9, 0.07));
}

/* Under the field: what is wrong (after a refused 次へ). */
static void reg_hint(struct lay *L, struct frect f)
{
	const struct brain *b = L->b;
	enum str_id problem = brain_reg_problem(b);
	struct widget *t;

	if (b->reg_error && problem != STR_NONE) {
		t = title(L, f, DS_CAPTION, ST_ERROR, S(L, problem));
		if (t)
			t->icon = ICON_ALERT;
		return;
	}
}

/* The school: picked from the list, or, for a school the roster does not
 * know, its own button showing what was typed: 次へ never stores a search
 * (ギフ) as the school. */
static void reg_school(struct lay *L, struct frect body)
{
	const struct brain *b = L->b;
	char label[BRAIN_FIELD_MAX + 160];
	bool listed = false;

	for (int i = 0; i < b->n_rows; i++)
		listed = listed || !strcmp(b->rows[i].key, b->search);
	snprintf(label, sizeof(label), L->b->lang == LANG_JA ? "「%s」を%s" :
		 "%s: %s", b->search, S(L, STR_SCHOOL_NEW_BTN));
	search_panel(L, body, BTN_NONE, NULL, false);
	/* in the header band: the list keeps its rows on a 7" screen */
	button_i(L, FR(0.6, 0, 0.4, 0.18), BTN_SCHOOL_NEW, 0,
		 b->search[0] && !listed && !b->form.school[0] ? ST_PRIMARY
							       : ST_MUTED,
		 ICON_CHECK, b->search[0] ? label : S(L, STR_SCHOOL_NEW_BTN));
}

static void screen_reg(struct lay *L)
{
	const struct brain *b = L->b;
	char head[640], field[BRAIN_FIELD_MAX * 2 + 8];
	double nh = notice_h(L); /* one line for what is wrong */
	struct frect body = FR(0, 0.27 + nh, 1, 0.55 - nh);
	double hw;

	if (b->confirm == CONFIRM_DISCARD) {
		confirm_dialog(L, S(L, STR_DISCARD_ASK), "", STR_DISCARD_YES,
			       ST_DANGER, ICON_VOID, STR_DISCARD_NO);
		return;
	}
	snprintf(head, sizeof(head), "%s  %d/%d", S(L, step_label[b->step]),
		 (int)b->step + 1, (int)REG_STEP_COUNT);
	add(L, FR(0, 0, 1, 0.18), W_FILL, ST_HEADER, BTN_NONE, 0, "");
	button_i(L, FR(0, 0, 0.2, 0.18), BTN_BACK, 0, ST_PLAIN, ICON_BACK,
		 S(L, STR_BACK));
	/* beside the school step's button a 7" screen has room for the
	 * step's name alone, on two lines: the count gives way */
	hw = b->step == REG_SCHOOL ? 0.37 : 0.76;
	if (design_fit(L->ds, DS_TITLE, head, (int)(hw * L->out->width) - 1,
		       (int)(0.18 * L->out->height) - 1, LAYOUT_LINES) <
	    L->ds->type_px[DS_BODY])
		jtext_copy(head, sizeof(head), S(L, step_label[b->step]));
	title(L, FR(0.22, 0, hw, 0.18), DS_TITLE, ST_HEADER, head);
	if (b->step != REG_CONSENT) {
		reg_field_text(b, field, sizeof(field));
		/* the grade is a choice: no empty field to type into */
		if (b->step != REG_GRADE)
			add(L, FR(0.05, 0.19, 0.9, 0.08), W_FIELD, ST_PLAIN,
			    BTN_NONE, 0, field);
		if (b->step != REG_NAME) /* there the candidates take it */
			reg_hint(L, FR(0.05, 0.27, 0.9, nh));
	}
	switch (b->step) {
	case REG_SCHOOL:
		reg_school(L, body);
		break;
	case REG_GRADE:
		reg_grades(L);
		break;
	case REG_CONSENT:
		reg_consent(L);
		break;
	case REG_NAME:
		cands_bar(L, FR(0, 0.27, 1, 0.1), false);
		if (b->pad_open)
			reg_pad(L, FR(0, 0.37, 1, 0.45));
		else
			keyboard(L, FR(0, 0.37, 1, 0.45), b->latin_kbd);
		break;
	default:
		keyboard(L, body, b->latin_kbd);
		break;
	}
	reg_nav(L);
}

static void screen_reg_badge(struct lay *L)
{
	const struct brain *b = L->b;
	char line[640];
	/* the QR's side in screen fractions: square in pixels */
	int W = L->out->width, H = L->out->height;
	double side = L->land ? 0.78 * H : 0.7 * W;
	struct frect qr = L->land ? FR(0.03, 0.17, side / W, side / H)
				  : FR(0.15, 0.13, side / W, side / H);
	double ty = L->land ? 0.17 : 0.14 + side / H;
	double tx = L->land ? 0.06 + side / W : 0.05;
	bool printer = b->cfg.has_printer;

	add(L, FR(0, 0, 1, 0.13), W_FILL, ST_HEADER, BTN_NONE, 0, "");
	title(L, FR(0.04, 0, 0.92, 0.13), DS_TITLE, ST_HEADER,
	      S(L, STR_BADGE_TITLE));
	add(L, qr, W_QR, ST_PLAIN, BTN_NONE, 0, b->badge_token);
	snprintf(line, sizeof(line), "%s%s",
		 b->form.name[0] ? b->form.name : b->form.kana,
		 S(L, STR_NAME_SUFFIX));
	title(L, FR(tx, ty, 0.96 - tx, L->land ? 0.14 : 0.08), DS_TITLE,
	      ST_SURFACE, line);
	add(L, FR(tx, ty + (L->land ? 0.15 : 0.085), 0.96 - tx,
		  L->land ? 0.28 : 0.08),
	    W_TEXT, ST_MUTED, BTN_NONE, 0,
	    S(L, printer ? STR_BADGE_HINT : STR_BADGE_HINT_NOPRINT));
	/* printed or not, in the student's words: the reason (b->notice,
	 * CUPS's words) is for the staff menu and the log */
	if (b->notice[0])
		add(L, FR(tx, ty + (L->land ? 0.44 : 0.17), 0.96 - tx,
			  L->land ? 0.18 : 0.14),
		    W_TEXT, b->notice_error ? ST_ERROR : ST_MUTED, BTN_NONE, 0,
		    S(L, b->notice_error ? STR_PRINT_FAILED_ASK
					 : STR_PRINTED));
	button_i(L, L->land ? FR(tx, 0.8, 0.96 - tx, 0.2)
			    : FR(0.25, 0.85, 0.5, 0.15),
		 BTN_DONE, 0, ST_PRIMARY, ICON_CHECK, S(L, STR_DONE));
}

/* ---- roll-call (brain_rollcall.c) ------------------------------------ */

/* Idle of a rollcall kiosk: the groups to pick from, and staff. */
static void screen_rc_pick(struct lay *L)
{
	double h = header_h(L), nh = notice_h(L), bw = L->land ? 0.2 : 0.3;

	add(L, FR(0, 0, 1, h), W_FILL, ST_HEADER, BTN_NONE, 0, "");
	title(L, FR(0.03, 0, 0.95 - bw, h), DS_TITLE, ST_HEADER,
	      S(L, STR_RC_PICK));
	button_i(L, FR(1 - bw, 0, bw, h), BTN_STAFF, 0, ST_PLAIN, ICON_STAFF,
		 S(L, STR_STAFF));
	notice(L, FR(0.05, h, 0.9, nh));
	rows_list(L, FR(0, h + nh, 1, 0.82 - h - nh), FR(0, 0.82, 0.4, 0.18));
}

/* A group's roll-call: who is missing (tap: by hand), and 出発. */
static void screen_rollcall(struct lay *L)
{
	const struct brain *b = L->b;
	double h = header_h(L), nh = notice_h(L), bw = L->land ? 0.2 : 0.3;
	int missing = rollcall_missing(&b->rc);
	char count[64];

	add(L, FR(0, 0, 1, h), W_FILL, ST_HEADER, BTN_NONE, 0, "");
	button_i(L, FR(0, 0, bw, h), BTN_BACK, 0, ST_PLAIN, ICON_BACK,
		 S(L, STR_BACK));
	title(L, FR(bw + 0.02, 0, 0.96 - bw, h), DS_TITLE, ST_HEADER,
	      b->rc.group);
	if (missing)
		snprintf(count, sizeof(count), "%s %d / %d", S(L,
			 STR_RC_MISSING), missing, b->rc.n);
	else
		snprintf(count, sizeof(count), "%s", S(L, STR_RC_ALL_HERE));
	title(L, FR(0.03, h, 0.94, 0.12), DS_TITLE,
	      missing ? ST_WARN : ST_OK, count);
	notice(L, FR(0.05, h + 0.12, 0.9, nh));
	rows_list(L, FR(0, h + 0.12 + nh, 1, 0.8 - h - 0.12 - nh),
		  FR(0, 0.82, 0.3, 0.18));
	title(L, FR(0.31, 0.82, 0.36, 0.18), DS_CAPTION, ST_MUTED,
	      S(L, STR_RC_TAP_HINT));
	button_i(L, FR(0.68, 0.82, 0.32, 0.18), BTN_DEPART, 0, ST_PRIMARY,
		 ICON_CHECK, S(L, STR_RC_DEPART));
}

/* ---- building ------------------------------------------------------- */

void layout_build(const struct brain *b, const struct layout_info *info,
		  int w, int h, struct layout *out)
{
	struct lay L = { out, b, info, &out->ds, w >= h, 0 };
	int m = w < h ? w : h;

	out->width = w;
	out->height = h;
	out->n = 0;
	out->ink = NULL;
	design_init(&out->ds, w, h, info->px_per_mm);
	L.gap = m / 200 + 1;
	switch (b->screen) {
	case SCREEN_CLOCK_WARN:
		screen_clock_warn(&L);
		break;
	case SCREEN_IDLE:
		if (b->cfg.rollcall)
			screen_rc_pick(&L);
		else
			screen_idle(&L);
		break;
	case SCREEN_ROLLCALL:
		screen_rollcall(&L);
		break;
	case SCREEN_SURVEY:
		layout_survey(b, out, L.gap);
		break;
	case SCREEN_RESULT:
		screen_result(&L);
		break;
	case SCREEN_PIN:
		screen_pin(&L);
		break;
	case SCREEN_STAFF:
		screen_staff(&L);
		break;
	case SCREEN_STAFF_RECENT:
		screen_staff_recent(&L);
		break;
	case SCREEN_STAFF_FIND:
		screen_staff_find(&L);
		break;
	case SCREEN_STAFF_PLACE:
		screen_staff_place(&L);
		break;
	case SCREEN_STAFF_CLOCK:
		screen_staff_clock(&L);
		break;
	case SCREEN_REG:
		screen_reg(&L);
		break;
	case SCREEN_REG_BADGE:
		screen_reg_badge(&L);
		break;
	case SCREEN_FEEDBACK:
		screen_feedback(&L);
		break;
	case SCREEN_STAFF_LEADS:
		screen_staff_leads(&L);
		break;
	case SCREEN_STAFF_LEAD:
		if (b->confirm == CONFIRM_CONSENT_ASK)
			layout_consent(b, out, L.gap);
		else
			screen_staff_lead(&L);
		break;
	case SCREEN_STAFF_WITHDRAW:
		layout_consent(b, out, L.gap);
		break;
	default:
		break;
	}
	layout_settle(out);
}
