/* brain_survey.c: the tour's before-and-after survey on the kiosk
 * (fair/survey.h): after an accepted scan in cfg.survey_dir at the door
 * of the first (entry: before) or last (exit: after) 研修 session, one
 * page a question, each skippable; the answers go to the host as one
 * ACT_SURVEY. A scan while it shows, or a minute untouched, ends it with
 * what was answered. brain.c hands every event here first. */
#include <string.h>

#include "brain_survey.h"

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

/* Sends what was answered, if anything, and leaves for idle. */
static void finish(struct brain *b, struct brain_actions *out)
{
	struct brain_action *a;
	bool any = false;

	for (int i = 0; i < b->cfg.survey.n; i++)
		any |= b->sv_answer[i] > 0;
	if (any) {
		a = emit(out, ACT_SURVEY);
		a->u.survey.attendee_id = b->sv_attendee;
		a->u.survey.direction = b->cfg.survey_dir;
		memcpy(a->u.survey.answer, b->sv_answer,
		       sizeof(a->u.survey.answer));
	}
	b->screen = SCREEN_IDLE;
	if (b->lang != b->cfg.lang) { /* the next student's language */
		b->lang = b->cfg.lang;
		emit(out, ACT_SET_LANG)->u.lang = b->lang;
	}
}

static int choices(const struct survey_question *q)
{
	return q->type == SURVEY_SCALE5 ? 5 : q->nchoices;
}

static bool on_button(struct brain *b, const struct brain_event *ev,
		      int64_t now, struct brain_actions *out)
{
	const struct survey_question *q = &b->cfg.survey.q[b->sv_q];
	int v = ev->u.button.arg;

	if (ev->u.button.id == BTN_RATING && v >= 1 && v <= choices(q))
		b->sv_answer[b->sv_q] = v;
	else if (ev->u.button.id != BTN_SKIP)
		return true; /* nothing else on this page */
	b->sv_since = now;
	if (++b->sv_q >= b->cfg.survey.n)
		finish(b, out);
	return true;
}

/* The result shown long enough: the survey instead of idle. */
static bool start_due(struct brain *b, int64_t now)
{
	if (!b->sv_due || b->screen != SCREEN_RESULT || b->pending ||
	    b->q_len || now < b->result_since + b->cfg.result_ms)
		return false;
	b->sv_due = false;
	b->screen = SCREEN_SURVEY;
	b->sv_q = 0;
	memset(b->sv_answer, 0, sizeof(b->sv_answer));
	b->sv_since = now;
	return true;
}

bool brain_survey_step(struct brain *b, const struct brain_event *ev,
		       int64_t now, struct brain_actions *out)
{
	if (b->screen != SCREEN_SURVEY)
		return start_due(b, now);
	if (ev->kind == EV_BUTTON)
		return on_button(b, ev, now, out);
	if (ev->kind == EV_SCAN ||
	    now - b->sv_since >= BRAIN_FEEDBACK_IDLE_MS) {
		finish(b, out);
		return false; /* brain.c takes the scan at idle */
	}
	return ev->kind == EV_TICK;
}

void brain_survey_note(struct brain *b, const struct brain_event *ev)
{
	const struct checkin_result *r = &ev->u.done.res;

	b->sv_due = r->outcome == OUTCOME_ACCEPTED && !b->pending_manual &&
		    r->token_parsed && b->cfg.survey.n > 0 &&
		    r->fact.direction == b->cfg.survey_dir;
	b->sv_attendee = r->token.attendee_id;
}
