/* layout.c: screens as widget lists in fractions of the screen (layout.h).
 *
 * Each screen is a function placing widgets with frac(): x, y, width and
 * height as fractions of the screen. Landscape and portrait differ only
 * where a side-by-side split would make targets too small.
 */
#include <stdio.h>
#include <string.h>

#include "fair/jtext.h"
#include "fair/layout.h"

/* Building context, so screen functions stay short. */
struct lay {
	struct layout *out;
	const struct brain *b;
	const struct layout_info *info;
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

static struct widget *add(struct lay *L, struct frect f,
			  enum widget_kind kind, enum widget_style st,
			  enum brain_button btn, int arg, const char *text)
{
	struct widget *w;

	if (L->out->n >= LAYOUT_MAX)
		return NULL;
	w = &L->out->w[L->out->n++];
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->style = st;
	w->button = btn;
	w->arg = arg;
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

static void button(struct lay *L, struct frect f, enum brain_button id,
		   int arg, enum widget_style st, const char *text)
{
	add(L, f, W_BUTTON, st, id, arg, text);
}

static void title(struct lay *L, struct frect f, enum widget_style st,
		  const char *text)
{
	add(L, f, W_TITLE, st, BTN_NONE, 0, text);
}

/* A top bar: Back on the left, a title beside it. */
static void top_bar(struct lay *L, enum str_id t, enum brain_button back)
{
	button(L, FR(0, 0, 0.2, 0.18), back, 0, ST_PLAIN, S(L, STR_BACK));
	title(L, FR(0.22, 0.02, 0.76, 0.14), ST_PLAIN, S(L, t));
}

static void format_time(char *out, size_t cap, int64_t wall_ms, int off_min)
{
	int64_t min = wall_ms / 60000 + off_min;
	int64_t days = min >= 0 ? min / 1440 : (min - 1439) / 1440;
	int64_t m = min - days * 1440;
	/* civil from days (Howard Hinnant), proleptic Gregorian */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)(yoe + era * 400 + (mo <= 2));

	snprintf(out, cap, "%04d-%02d-%02d %02d:%02d", y, mo, d,
		 (int)(m / 60), (int)(m % 60));
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

		add(L, cell(f, cols, rows, i), W_KEY,
		    id == BTN_KEY ? ST_PLAIN : ST_MUTED, id, 0,
		    id == BTN_KEY_SPACE ? S(L, STR_SPACE) : k);
	}
}

/* ---- lists ---------------------------------------------------------- */

static int rows_fit(double frac_h, int screen_h, int gap)
{
	/* rows stay 15 mm tall even at 6 px/mm */
	int min_px = 90 + 2 * gap;
	int n = (int)(frac_h * screen_h) / (min_px > 0 ? min_px : 1);

	if (n < 1)
		n = 1;
	return n > 8 ? 8 : n;
}

/* Rows of b in f with paging buttons in pager when they do not fit. */
static void rows_list(struct lay *L, struct frect f, struct frect pager)
{
	const struct brain *b = L->b;
	int per = rows_fit(f.h, L->out->height, L->gap);
	int first = b->row_first;

	if (b->n_rows == 0) {
		title(L, FR(f.x, f.y, f.w, f.h / per), ST_MUTED,
		      S(L, STR_NO_ROWS));
		return;
	}
	for (int k = 0; k < per && first + k < b->n_rows; k++) {
		int i = first + k;

		add(L, FR(f.x, f.y + f.h * k / per, f.w, f.h / per), W_ROW,
		    i == b->selected ? ST_SELECTED : ST_PLAIN, BTN_ROW, i,
		    b->rows[i].text);
	}
	if (b->n_rows <= per)
		return;
	button(L, cell(pager, 2, 1, 0), BTN_PAGE, -per, ST_PLAIN, "▲");
	button(L, cell(pager, 2, 1, 1), BTN_PAGE, per, ST_PLAIN, "▼");
}

/* ---- screens -------------------------------------------------------- */

static void screen_idle(struct lay *L)
{
	const struct brain *b = L->b;
	char line[640];
	double tw = L->land && L->info->has_camera ? 0.6 : 1.0;

	title(L, FR(0.03, 0.02, 0.72, 0.12), ST_PLAIN, b->cfg.place_name);
	button(L, FR(0.78, 0, 0.22, 0.18), BTN_LANG, 0, ST_PLAIN,
	       S(L, STR_LANG_TOGGLE));
	title(L, FR(0.03, 0.25, tw - 0.06, 0.16), ST_PRIMARY,
	      S(L, STR_SHOW_BADGE));
	title(L, FR(0.03, 0.42, tw - 0.06, 0.08), ST_MUTED,
	      S(L, STR_SHOW_BADGE_SUB));
	if (b->capacity > 0) /* a door: staff and students see seats left */
		snprintf(line, sizeof(line), "%s: %d / %d  (%s %d)",
			 S(L, STR_TODAY_COUNT), b->count_today, b->capacity,
			 S(L, STR_SEATS_LEFT), b->capacity > b->count_today ?
			 b->capacity - b->count_today : 0);
	else
		snprintf(line, sizeof(line), "%s: %d", S(L, STR_TODAY_COUNT),
			 b->count_today);
	title(L, FR(0.03, 0.55, tw - 0.06, 0.08), ST_PLAIN, line);
	if (L->info->has_camera)
		add(L, L->land ? FR(0.62, 0.2, 0.35, 0.6)
			       : FR(0.2, 0.65, 0.6, 0.16),
		    W_PREVIEW, ST_MUTED, BTN_NONE, 0, S(L, STR_CAMERA_SLOT));
	if (L->info->status && L->info->status[0])
		title(L, FR(0.03, 0.66, tw - 0.06, 0.05), ST_ERROR,
		      L->info->status);
	button(L, FR(0, 0.82, 0.22, 0.18), BTN_STAFF, 0, ST_PLAIN,
	       S(L, STR_STAFF));
	if (b->cfg.entrance)
		button(L, FR(0.24, 0.82, 0.4, 0.18), BTN_REGISTER, 0,
		       ST_PRIMARY, S(L, STR_REGISTER));
	if (b->cfg.demo)
		button(L, FR(0.66, 0.82, 0.34, 0.18), BTN_DEMO, 0, ST_DEMO,
		       S(L, STR_DEMO_BADGE));
}

static void result_colours(enum outcome o, enum widget_style *st,
			   const char **icon)
{
	*st = ST_BAD;
	*icon = "×";
	if (o == OUTCOME_ACCEPTED) {
		*st = ST_OK;
		*icon = "○";
	} else if (o == OUTCOME_ALREADY) {
		*st = ST_WARN;
		*icon = "△";
	}
}

static void screen_result(struct lay *L)
{
	const struct brain *b = L->b;
	enum widget_style st;
	const char *icon;
	char line[640];

	if (b->pending) {
		add(L, FR(0, 0, 1, 1), W_FILL, ST_BUSY, BTN_NONE, 0, "");
		title(L, FR(0.05, 0.4, 0.9, 0.2), ST_BUSY,
		      S(L, STR_CHECKING));
		return;
	}
	result_colours(b->outcome, &st, &icon);
	add(L, FR(0, 0, 1, 1), W_FILL, st, BTN_NONE, 0, "");
	add(L, FR(0.3, 0.04, 0.4, 0.36), W_ICON, st, BTN_NONE, 0, icon);
	if (b->outcome == OUTCOME_ACCEPTED)
		title(L, FR(0.05, 0.42, 0.9, 0.16), st, S(L, STR_WELCOME));
	else if (b->outcome == OUTCOME_ALREADY)
		title(L, FR(0.05, 0.42, 0.9, 0.16), st,
		      S(L, STR_ALREADY_AT));
	else
		title(L, FR(0.05, 0.42, 0.9, 0.16), st, S(L, STR_REFUSED));
	if (b->outcome == OUTCOME_ACCEPTED || b->outcome == OUTCOME_ALREADY) {
		snprintf(line, sizeof(line), "%s%s", b->result_name,
			 b->result_name[0] ? S(L, STR_NAME_SUFFIX) : "");
		if (b->outcome == OUTCOME_ALREADY && b->result_time[0])
			snprintf(line, sizeof(line), "%s%s  %s",
				 b->result_name,
				 b->result_name[0] ? S(L, STR_NAME_SUFFIX)
						   : "",
				 b->result_time);
	} else {
		snprintf(line, sizeof(line), "%s",
			 S(L, str_outcome(b->outcome)));
	}
	title(L, FR(0.05, 0.6, 0.9, 0.13), st, line);
	if (b->outcome != OUTCOME_ACCEPTED && b->outcome != OUTCOME_ALREADY)
		title(L, FR(0.05, 0.75, 0.9, 0.08), st,
		      S(L, STR_CALL_STAFF));
	if (b->result_detail[0])
		title(L, FR(0.05, 0.84, 0.9, 0.05), st, b->result_detail);
	if (b->q_len) {
		snprintf(line, sizeof(line), "+%d %s", b->q_len,
			 S(L, STR_QUEUED));
		title(L, FR(0.7, 0.91, 0.28, 0.07), st, line);
	}
}

static void screen_clock_warn(struct lay *L)
{
	char line[640];

	add(L, FR(0, 0, 1, 1), W_FILL, ST_WARN, BTN_NONE, 0, "");
	title(L, FR(0.03, 0.03, 0.73, 0.15), ST_WARN,
	      S(L, STR_CLOCK_WARN_TITLE));
	add(L, FR(0.05, 0.24, 0.9, 0.3), W_TEXT, ST_WARN, BTN_NONE, 0,
	    S(L, STR_CLOCK_WARN_BODY));
	format_time(line, sizeof(line), L->info->wall_ms,
		    L->info->utc_offset_min);
	title(L, FR(0.05, 0.58, 0.9, 0.1), ST_WARN, line);
	button(L, FR(0.3, 0.78, 0.4, 0.2), BTN_STAFF, 0, ST_PRIMARY,
	       S(L, STR_STAFF));
	button(L, FR(0.78, 0, 0.22, 0.18), BTN_LANG, 0, ST_PLAIN,
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
	title(L, FR(0.22, 0.01, 0.56, 0.08), ST_PLAIN, S(L, STR_PIN_TITLE));
	add(L, FR(0.3, 0.1, 0.4, 0.08), W_FIELD, ST_PLAIN, BTN_NONE, 0, dots);
	if (wait > 0) {
		snprintf(line, sizeof(line), "%s %d", S(L, STR_PIN_LOCKED),
			 wait);
		title(L, FR(0.1, 0.19, 0.8, 0.06), ST_ERROR, line);
	} else if (b->pin_wrong) {
		title(L, FR(0.1, 0.19, 0.8, 0.06), ST_ERROR,
		      S(L, STR_PIN_WRONG));
	}
	for (int i = 0; i < 12; i++) {
		enum brain_button id = i == 9 ? BTN_BACKSPACE
				     : i == 11 ? BTN_OK : BTN_DIGIT;
		int digit = i == 10 ? 0 : i + 1;

		button(L, cell(pad, 3, 4, i), id, digit,
		       i == 11 ? ST_PRIMARY : ST_PLAIN, keys[i]);
	}
	button(L, L->land ? FR(0, 0.82, 0.22, 0.18) : FR(0, 0.87, 0.3, 0.13),
	       BTN_BACK, 0, ST_PLAIN, S(L, STR_BACK));
}

static void notice(struct lay *L, struct frect f)
{
	if (L->b->notice[0])
		title(L, f, L->b->notice_error ? ST_ERROR : ST_MUTED,
		      L->b->notice);
}

static void screen_staff(struct lay *L)
{
	const struct brain *b = L->b;
	static const struct {
		enum brain_button id;
		enum str_id label;
		enum widget_style st;
	} menu[8] = {
		{ BTN_STAFF_RECENT, STR_STAFF_RECENT, ST_PLAIN },
		{ BTN_STAFF_FIND, STR_STAFF_FIND, ST_PLAIN },
		{ BTN_STAFF_PLACE, STR_STAFF_PLACE, ST_PLAIN },
		{ BTN_STAFF_CLOCK, STR_STAFF_CLOCK, ST_PLAIN },
		{ BTN_STAFF_EXPORT, STR_STAFF_EXPORT, ST_PLAIN },
		{ BTN_LANG, STR_LANG_TOGGLE, ST_PLAIN },
		{ BTN_STAFF_EXIT, STR_STAFF_EXIT, ST_PRIMARY },
		{ BTN_STAFF_QUIT, STR_STAFF_QUIT, ST_DANGER },
	};
	int cols = L->land ? 4 : 2, rows = 8 / cols;
	struct frect grid = FR(0, 0.5, 1, 0.5);
	int nl = b->n_rows < 4 ? b->n_rows : 4;

	title(L, FR(0.03, 0.01, 0.6, 0.1), ST_PLAIN, S(L, STR_STAFF_TITLE));
	title(L, FR(0.64, 0.01, 0.33, 0.1), ST_MUTED, b->cfg.place_name);
	for (int i = 0; i < nl; i++)
		title(L, FR(0.05, 0.12 + 0.07 * i, 0.9, 0.065), ST_PLAIN,
		      b->rows[i].text);
	if (L->info->status && L->info->status[0])
		title(L, FR(0.05, 0.41, 0.9, 0.04), ST_ERROR,
		      L->info->status);
	notice(L, FR(0.05, 0.455, 0.9, 0.04));
	for (int i = 0; i < 8; i++)
		button(L, cell(grid, cols, rows, i), menu[i].id, 0,
		       menu[i].st, S(L, menu[i].label));
}

static void screen_staff_recent(struct lay *L)
{
	top_bar(L, STR_STAFF_RECENT, BTN_BACK);
	notice(L, FR(0.05, 0.18, 0.9, 0.04));
	rows_list(L, FR(0, 0.22, 1, 0.6), FR(0, 0.82, 0.4, 0.18));
	button(L, FR(0.5, 0.82, 0.5, 0.18), BTN_VOID, 0,
	       L->b->selected >= 0 ? ST_DANGER : ST_MUTED, S(L, STR_VOID));
}

static void screen_staff_place(struct lay *L)
{
	top_bar(L, STR_STAFF_PLACE, BTN_BACK);
	notice(L, FR(0.05, 0.18, 0.9, 0.04));
	rows_list(L, FR(0, 0.22, 1, 0.6), FR(0, 0.82, 0.4, 0.18));
}

/* A search field with a keyboard and a list of matches beside (landscape)
 * or above (portrait) it; the action button goes under the list. */
static void search_panel(struct lay *L, struct frect area,
			 enum brain_button action, enum str_id action_label)
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
		button(L, L->land ? FR(0.64, area.y + area.h - 0.18, 0.36, 0.18)
				  : FR(0.7, area.y + 0.13, 0.3, 0.12),
		       action, 0,
		       L->b->selected >= 0 ? ST_PRIMARY : ST_MUTED,
		       S(L, action_label));
}

static void screen_staff_find(struct lay *L)
{
	const struct brain *b = L->b;

	button(L, FR(0, 0, 0.2, 0.18), BTN_BACK, 0, ST_PLAIN, S(L, STR_BACK));
	add(L, FR(0.22, 0.02, 0.5, 0.14), W_FIELD, ST_PLAIN, BTN_NONE, 0,
	    b->search[0] ? b->search : S(L, STR_SEARCH_KANA));
	button(L, FR(0.76, 0, 0.24, 0.18), BTN_KBD_SWITCH, 0, ST_PLAIN,
	       S(L, STR_KBD_SWITCH));
	notice(L, FR(0.05, 0.18, 0.9, 0.04));
	search_panel(L, FR(0, 0.22, 1, 0.78), BTN_CHECKIN_HAND,
		     STR_CHECKIN_HAND);
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

	top_bar(L, STR_STAFF_CLOCK, BTN_BACK);
	format_time(line, sizeof(line), shown, L->info->utc_offset_min);
	title(L, FR(0.1, 0.2, 0.8, 0.15), ST_PRIMARY, line);
	for (int i = 0; i < 8; i++)
		button(L, cell(FR(0, 0.38, 1, 0.4), 4, 2, i), BTN_CLOCK_ADJ,
		       adj[i], ST_PLAIN, adj_label[i]);
	button(L, FR(0.25, 0.8, 0.5, 0.2), BTN_CLOCK_OK, 0, ST_PRIMARY,
	       S(L, STR_CLOCK_CONFIRM));
}

/* ---- registration --------------------------------------------------- */

static const enum str_id step_label[REG_STEP_COUNT] = {
	STR_REG_KANA, STR_REG_NAME, STR_REG_SCHOOL, STR_REG_GRADE,
	STR_REG_EMAIL, STR_REG_CONSENT,
};

static const char *reg_field_text(const struct brain *b)
{
	switch (b->step) {
	case REG_KANA:
		return b->form.kana;
	case REG_NAME:
		return b->form.name;
	case REG_SCHOOL:
		return b->search;
	case REG_GRADE:
		return b->form.grade;
	case REG_EMAIL:
		return b->form.email;
	default:
		return "";
	}
}

static void reg_nav(struct lay *L)
{
	const struct brain *b = L->b;
	struct frect nav = FR(0, 0.82, 1, 0.18);

	button(L, cell(nav, 3, 1, 0), BTN_PREV, 0, ST_PLAIN, S(L, STR_PREV));
	if (b->step == REG_KANA || b->step == REG_NAME ||
	    b->step == REG_SCHOOL || b->step == REG_EMAIL)
		button(L, cell(nav, 3, 1, 1), BTN_KBD_SWITCH, 0, ST_PLAIN,
		       S(L, STR_KBD_SWITCH));
	if (b->step == REG_CONSENT)
		button(L, cell(nav, 3, 1, 2), BTN_SUBMIT, 0, ST_PRIMARY,
		       S(L, b->reg_busy ? STR_REG_BUSY : STR_SUBMIT));
	else
		button(L, cell(nav, 3, 1, 2), BTN_NEXT, 0, ST_PRIMARY,
		       S(L, STR_NEXT));
}

static void reg_grades(struct lay *L)
{
	for (int i = 0; brain_grades[i]; i++) {
		const char *g = brain_grades[i];

		if (!strcmp(g, "other"))
			g = S(L, STR_GRADE_OTHER);
		button(L, cell(FR(0, 0.32, 1, 0.48), 4, 2, i), BTN_GRADE, i,
		       strcmp(L->b->form.grade, brain_grades[i]) ? ST_PLAIN
							       : ST_SELECTED,
		       g);
	}
}

static void reg_consent(struct lay *L)
{
	const struct brain *b = L->b;
	char line[640];

	add(L, FR(0.05, 0.3, 0.9, 0.17), W_TEXT, ST_PLAIN, BTN_NONE, 0,
	    S(L, STR_REG_CONSENT_TEXT));
	snprintf(line, sizeof(line), "%s %s", b->form.consent ? "✓" : "□",
		 S(L, STR_YES));
	button(L, FR(0.05, 0.48, 0.45, 0.18), BTN_CONSENT, 1,
	       b->form.consent ? ST_SELECTED : ST_PLAIN, line);
	snprintf(line, sizeof(line), "%s %s", b->form.consent ? "□" : "✓",
		 S(L, STR_NO));
	button(L, FR(0.5, 0.48, 0.45, 0.18), BTN_CONSENT, 0,
	       b->form.consent ? ST_PLAIN : ST_SELECTED, line);
	snprintf(line, sizeof(line), "%s / %s / %s / %s", b->form.kana,
		 b->form.school, b->form.grade, b->form.email);
	title(L, FR(0.05, 0.68, 0.9, 0.07), ST_MUTED, line);
	notice(L, FR(0.05, 0.76, 0.9, 0.06));
}

static void screen_reg(struct lay *L)
{
	const struct brain *b = L->b;
	char head[640];

	snprintf(head, sizeof(head), "%s  %d/%d", S(L, step_label[b->step]),
		 (int)b->step + 1, (int)REG_STEP_COUNT);
	button(L, FR(0, 0, 0.2, 0.18), BTN_BACK, 0, ST_PLAIN, S(L, STR_BACK));
	title(L, FR(0.22, 0.02, 0.76, 0.14), ST_PLAIN, head);
	if (b->step != REG_CONSENT)
		add(L, FR(0.05, 0.19, 0.9, 0.1), W_FIELD, ST_PLAIN, BTN_NONE,
		    0, reg_field_text(b));
	switch (b->step) {
	case REG_SCHOOL:
		search_panel(L, FR(0, 0.3, 1, 0.52), BTN_NONE, STR_NONE);
		break;
	case REG_GRADE:
		reg_grades(L);
		break;
	case REG_CONSENT:
		reg_consent(L);
		break;
	default:
		keyboard(L, FR(0, 0.3, 1, 0.52), b->latin_kbd);
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
	double side = L->land ? 0.8 * H : 0.8 * W;
	struct frect qr = L->land ? FR(0.04, 0.15, side / W, side / H)
				  : FR(0.1, 0.08, side / W, side / H);
	double ty = L->land ? 0.15 : 0.1 + side / H;
	double tx = L->land ? 0.08 + side / W : 0.05;

	add(L, qr, W_QR, ST_PLAIN, BTN_NONE, 0, b->badge_token);
	title(L, FR(0.04, 0.02, 0.92, 0.11), ST_PRIMARY,
	      S(L, STR_BADGE_TITLE));
	snprintf(line, sizeof(line), "%s%s", b->form.kana,
		 S(L, STR_NAME_SUFFIX));
	title(L, FR(tx, ty, 0.96 - tx, 0.1), ST_PLAIN, line);
	add(L, FR(tx, ty + 0.12, 0.96 - tx, L->land ? 0.2 : 0.1), W_TEXT,
	    ST_MUTED, BTN_NONE, 0, S(L, STR_BADGE_HINT));
	if (b->notice[0]) /* a print failure: staff must see it */
		add(L, FR(tx, ty + (L->land ? 0.33 : 0.225), 0.96 - tx,
			  L->land ? 0.14 : 0.05),
		    W_TEXT, b->notice_error ? ST_ERROR : ST_MUTED, BTN_NONE, 0,
		    b->notice);
	button(L, L->land ? FR(tx, 0.8, 0.96 - tx, 0.2)
			  : FR(0.25, 0.83, 0.5, 0.17),
	       BTN_DONE, 0, ST_PRIMARY, S(L, STR_DONE));
}

void layout_build(const struct brain *b, const struct layout_info *info,
		  int w, int h, struct layout *out)
{
	struct lay L = { out, b, info, w >= h, 0 };
	int m = w < h ? w : h;

	out->width = w;
	out->height = h;
	out->n = 0;
	L.gap = m / 200 + 1;
	switch (b->screen) {
	case SCREEN_CLOCK_WARN:
		screen_clock_warn(&L);
		break;
	case SCREEN_IDLE:
		screen_idle(&L);
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
	default:
		break;
	}
}

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

const struct widget *layout_find(const struct layout *l, const char *text)
{
	for (int i = 0; i < l->n; i++)
		if (widget_tappable(&l->w[i]) && !strcmp(l->w[i].text, text))
			return &l->w[i];
	return NULL;
}
