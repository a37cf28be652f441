/* brain_rollcall.c: the roll-call kiosk's screens in the brain (a tablet
 * in a staff member's hand): idle lists the groups; picking one opens
 * SCREEN_ROLLCALL, where each scanned badge marks its member present, a
 * tap on a missing name marks by hand, and 出発 records the departure
 * (fair/rollcall.h). brain.c hands every event of a rollcall kiosk here
 * first; what this does not take (staff badges, the PIN pad, the staff
 * screens, paging) goes on to brain.c. */
#include <stdio.h>
#include <string.h>

#include "brain_rollcall.h"
#include "fair/jtext.h"

static struct brain_action *emit(struct brain_actions *out,
				 enum brain_action_kind kind)
{
	struct brain_action *a;

	if (out->n >= BRAIN_ACTIONS_MAX)
		return &out->a[BRAIN_ACTIONS_MAX - 1]; /* never: few per step */
	a = &out->a[out->n++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	return a;
}

/* rows: the members still missing, by kana, for a tap by hand. */
static void rows_from_rc(struct brain *b)
{
	b->n_rows = 0;
	b->rows_list = LIST_FIND;
	b->selected = -1;
	for (int i = 0; i < b->rc.n && b->n_rows < BRAIN_ROWS_MAX; i++) {
		struct brain_row *r = &b->rows[b->n_rows];

		if (b->rc.m[i].present)
			continue;
		memset(r, 0, sizeof(*r));
		jtext_copy(r->text, sizeof(r->text), b->rc.m[i].name);
		r->id = b->rc.m[i].attendee_id;
		b->n_rows++;
	}
	if (b->row_first >= b->n_rows)
		b->row_first = 0;
}

static void say(struct brain *b, const char *name, enum str_id id,
		bool error)
{
	const char *s = str_get(id, b->lang);

	if (name && name[0])
		snprintf(b->notice, sizeof(b->notice), "%s%s %s", name,
			 str_get(STR_NAME_SUFFIX, b->lang), s);
	else
		snprintf(b->notice, sizeof(b->notice), "%s", s);
	b->notice_error = error;
	b->notice_big = false;
}

static void play(struct brain_actions *out, enum sound s)
{
	emit(out, ACT_PLAY)->u.sound = s;
}

static bool on_scan(struct brain *b, const struct brain_event *ev,
		    struct brain_actions *out)
{
	struct brain_action *a;

	if (b->screen != SCREEN_IDLE && b->screen != SCREEN_ROLLCALL)
		return false;
	if (b->rc_pending || !ev->u.scan.text[0])
		return true; /* one at a time: the host answers at once */
	a = emit(out, ACT_IDENTIFY);
	jtext_copy(a->u.checkin.text, sizeof(a->u.checkin.text),
		   ev->u.scan.text);
	a->u.checkin.source = ev->u.scan.source;
	b->rc_pending = true;
	/* brain.c opens staff mode for a staff badge, as everywhere */
	b->pending = true;
	b->pending_manual = false;
	return true;
}

static void mark(struct brain *b, uint32_t id, bool manual,
		 struct brain_actions *out)
{
	const char *name = "";

	for (int i = 0; i < b->rc.n; i++)
		if (b->rc.m[i].attendee_id == id)
			name = b->rc.m[i].name;
	switch (rollcall_mark(&b->rc, id, manual)) {
	case ROLLCALL_MARKED:
		say(b, name, STR_RC_MARKED, false);
		play(out, SOUND_CHIME);
		break;
	case ROLLCALL_ALREADY:
		say(b, name, STR_RC_ALREADY, false);
		play(out, SOUND_NOTICE);
		break;
	case ROLLCALL_NOT_MEMBER:
		say(b, "", STR_RC_NOT_MEMBER, true);
		play(out, SOUND_BUZZ);
		break;
	}
	rows_from_rc(b);
}

static bool on_done(struct brain *b, const struct brain_event *ev,
		    struct brain_actions *out)
{
	const struct checkin_result *r = &ev->u.done.res;

	if (!b->rc_pending)
		return false;
	b->rc_pending = false;
	if (r->outcome == OUTCOME_STAFF)
		return false; /* brain.c: staff mode */
	b->pending = false;
	if (b->screen != SCREEN_ROLLCALL) {
		say(b, "", STR_RC_PICK, true);
		play(out, SOUND_BUZZ);
	} else if (r->outcome == OUTCOME_ACCEPTED ||
		   r->outcome == OUTCOME_ALREADY) {
		mark(b, r->token.attendee_id, false, out);
	} else {
		say(b, "", STR_REFUSED, true);
		play(out, SOUND_BUZZ);
	}
	return true;
}

/* 出発: the departure of the marks as they are; cleared once stored. */
static void depart(struct brain *b, struct brain_actions *out)
{
	struct rollcall copy = b->rc;
	struct brain_action *a;

	if (b->rc_depart_pending)
		return;
	a = emit(out, ACT_DEPART);
	if (rollcall_depart(&copy, &a->u.departure)) {
		out->n--;
		return;
	}
	b->rc_depart_pending = true;
}

static bool on_button(struct brain *b, const struct brain_event *ev,
		      struct brain_actions *out)
{
	enum brain_button id = ev->u.button.id;
	int i = ev->u.button.arg;

	if (b->screen == SCREEN_IDLE && id == BTN_ROW && i >= 0 &&
	    i < b->n_rows) {
		jtext_copy(emit(out, ACT_RC_LOAD)->u.load.query,
			   sizeof(out->a[0].u.load.query), b->rows[i].key);
		return true;
	}
	if (b->screen != SCREEN_ROLLCALL)
		return false;
	if (id == BTN_ROW && i >= 0 && i < b->n_rows)
		mark(b, b->rows[i].id, true, out);
	else if (id == BTN_DEPART)
		depart(b, out);
	else if (id == BTN_BACK && !b->rc_depart_pending) {
		b->screen = SCREEN_IDLE;
		b->rc_groups_asked = false;
		b->notice[0] = '\0';
		b->n_rows = 0;
	} else
		return id == BTN_PAGE ? false : true;
	return true;
}

static void on_rollcall(struct brain *b, const struct brain_event *ev)
{
	if (!ev->u.rc || ev->u.rc->n == 0) {
		say(b, "", STR_RC_NO_GROUPS, true);
		return;
	}
	b->rc = *ev->u.rc;
	b->screen = SCREEN_ROLLCALL;
	b->notice[0] = '\0';
	b->row_first = 0;
	rows_from_rc(b);
}

static void on_departed(struct brain *b, const struct brain_event *ev)
{
	char n[16];

	b->rc_depart_pending = false;
	if (!ev->u.result.ok) {
		say(b, "", STR_RC_DEPART_FAILED, true);
		return;
	}
	snprintf(n, sizeof(n), "%d", rollcall_missing(&b->rc));
	snprintf(b->notice, sizeof(b->notice), "%s（%s %s）",
		 str_get(STR_RC_DEPARTED, b->lang),
		 str_get(STR_RC_MISSING, b->lang), n);
	b->notice_error = false;
	for (int i = 0; i < b->rc.n; i++)
		b->rc.m[i].present = b->rc.m[i].manual = false;
	rows_from_rc(b);
}

bool brain_rollcall_step(struct brain *b, const struct brain_event *ev,
			 int64_t now, struct brain_actions *out)
{
	(void)now;
	switch (ev->kind) {
	case EV_SCAN:
		return on_scan(b, ev, out);
	case EV_CHECKIN_DONE:
		return on_done(b, ev, out);
	case EV_BUTTON:
		return on_button(b, ev, out);
	case EV_ROLLCALL:
		on_rollcall(b, ev);
		return true;
	case EV_DONE:
		if (ev->u.result.action != ACT_DEPART)
			return false;
		on_departed(b, ev);
		return true;
	case EV_ROWS:
		/* a late group list must not replace the missing names */
		return ev->u.rows.list == LIST_GROUPS &&
		       b->screen != SCREEN_IDLE;
	default:
		return false;
	}
}

void brain_rollcall_after(struct brain *b, struct brain_actions *out)
{
	if (b->screen != SCREEN_IDLE && b->screen != SCREEN_ROLLCALL)
		b->rc_groups_asked = false;
	if (b->screen == SCREEN_IDLE && !b->rc_groups_asked &&
	    out->n < BRAIN_ACTIONS_MAX) {
		emit(out, ACT_RC_GROUPS);
		b->rc_groups_asked = true;
	}
}
