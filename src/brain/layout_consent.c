/* layout_consent.c: consent on staff screens (brain_consent.c). The
 * withdraw screen: 戻る and the title on the header band, what to do (scan
 * the student's badge) or whose badge was read, staff's notice, and the
 * withdrawals at the bottom right, away from 戻る, in the danger style.
 * Over it, or over a booth's lead note, the question (as every question:
 * the whole screen, no at the left, yes at the right). Widgets only;
 * layout.c sets their text and checks them as every screen's. */
#include <stdio.h>

#include "brain_consent.h"
#include "layout_int.h"

static const char *S(const struct frame *f, enum str_id id)
{
	return str_get(id, f->b->lang);
}

static void button(struct frame *f, double x, double y, double w, double h,
		   enum brain_button id, int arg, enum widget_style st,
		   enum ds_icon icon, const char *text)
{
	struct widget *wd = frame_put(f, x, y, w, h, W_BUTTON, st, id, arg,
				      text);

	if (wd)
		wd->icon = icon;
}

/* The header band as layout.c's: a touch target or a title, whichever is
 * taller. */
static double header_h(const struct frame *f)
{
	const struct design *ds = &f->out->ds;
	int px = ds->target_px + 2 * f->gap;
	int t = ds->type_px[DS_TITLE] * 3 / 2;

	return (double)(px > t ? px : t) / f->out->height;
}

/* Whose question: the visitor picked on the lead note, the student whose
 * badge staff scanned. */
static void question(struct frame *f, const char *who, enum str_id ask,
		     enum str_id detail, enum str_id no, enum str_id yes,
		     enum widget_style yes_st, enum ds_icon yes_icon)
{
	struct widget *t;

	frame_title(f, 0.05, 0.03, 0.9, 0.08, DS_BODY, ST_SURFACE, who);
	t = frame_title(f, 0.05, 0.12, 0.9, 0.2, DS_TITLE, ST_SURFACE,
			S(f, ask));
	if (t)
		t->icon = ICON_ALERT;
	frame_put(f, 0.05, 0.34, 0.9, 0.24, W_TEXT, ST_SURFACE, BTN_NONE, 0,
		  S(f, detail));
	button(f, 0.04, 0.6, 0.44, 0.24, BTN_CONFIRM_NO, 0, ST_PLAIN,
	       ICON_BACK, S(f, no));
	button(f, 0.52, 0.6, 0.44, 0.24, BTN_CONFIRM_YES, 0, yes_st,
	       yes_icon, S(f, yes));
}

static void withdraw_screen(struct frame *f)
{
	const struct brain *b = f->b;
	double h = header_h(f), bw = f->out->width >= f->out->height ? 0.2
								      : 0.3;
	char who[STORE_TEXT + 32];

	frame_put(f, 0, 0, 1, h, W_FILL, ST_HEADER, BTN_NONE, 0, "");
	button(f, 0, 0, bw, h, BTN_BACK, 0, ST_PLAIN, ICON_BACK,
	       S(f, STR_BACK));
	frame_title(f, bw + 0.02, 0, 0.96 - bw, h, DS_TITLE, ST_HEADER,
		    S(f, STR_STAFF_WITHDRAW));
	if (!b->wd_attendee) {
		frame_title(f, 0.05, h + 0.06, 0.9, 0.22, DS_TITLE,
			    ST_PRIMARY, S(f, b->wd_pending ? STR_CHECKING
						: STR_WITHDRAW_SCAN));
	} else {
		snprintf(who, sizeof(who), "%s%s", b->wd_who,
			 S(f, STR_NAME_SUFFIX));
		frame_title(f, 0.05, h + 0.04, 0.9, 0.24, DS_DISPLAY,
			    ST_SURFACE, who);
	}
	if (b->notice[0])
		frame_title(f, 0.05, 0.56, 0.9, 0.1, DS_BODY,
			    b->notice_error ? ST_ERROR : ST_MUTED, b->notice);
	if (!b->wd_attendee)
		return;
	if (b->cfg.leads) /* a booth: its own company, or every one */
		button(f, 0.02, 0.78, 0.47, 0.2, BTN_WITHDRAW, 0, ST_DANGER,
		       ICON_VOID, S(f, STR_WITHDRAW_THIS));
	button(f, 0.51, 0.78, 0.47, 0.2, BTN_WITHDRAW, 1, ST_DANGER,
	       ICON_VOID, S(f, STR_WITHDRAW_ALL));
}

void layout_consent(const struct brain *b, struct layout *out, int gap)
{
	struct frame f = { b, out, gap };
	char who[STORE_TEXT + 32];

	if (b->confirm == CONFIRM_CONSENT_ASK) {
		question(&f, b->lead_who, STR_LEAD_CONSENT_ASK,
			 STR_LEAD_CONSENT_DETAIL, STR_LEAD_CONSENT_NO,
			 STR_LEAD_CONSENT_YES, ST_PRIMARY, ICON_CHECK);
	} else if (b->confirm == CONFIRM_WITHDRAW) {
		snprintf(who, sizeof(who), "%s%s", b->wd_who,
			 S(&f, STR_NAME_SUFFIX));
		question(&f, who, STR_WITHDRAW_ASK, b->wd_all ?
			 STR_WITHDRAW_ASK_ALL : STR_WITHDRAW_ASK_THIS,
			 STR_WITHDRAW_NO, STR_WITHDRAW_YES, ST_DANGER,
			 ICON_VOID);
	} else {
		withdraw_screen(&f);
	}
}
