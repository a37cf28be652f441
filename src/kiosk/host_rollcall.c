/* host_rollcall.c: the host's side of a rollcall kiosk (host_rollcall.h).
 * A scan is verified as at any kiosk (rules_decide) but never stored as a
 * check-in: the roll-call's only fact is the departure. Each departure is
 * also one JSON line on the outcome log. */
#include <stdio.h>
#include <string.h>

#include "fair/caltime.h"
#include "fair/jtext.h"
#include "fair/rollcall.h"
#include "fair/survey.h"
#include "fair/tourdays.h"
#include "host_rollcall.h"

static void identify(struct kiosk *k, const struct brain_action *a,
		     struct brain_event *reply)
{
	struct checkin_result *r = &reply->u.done.res;
	const char *text = a->u.checkin.text;
	struct attendee at;
	bool known;

	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_CHECKIN_DONE;
	rules_decide(&k->ctx, text, strlen(text), kiosk_wall_ms(k), r);
	known = r->token_parsed && r->outcome != OUTCOME_FORGED &&
		r->outcome != OUTCOME_OTHER_EVENT &&
		store_attendee_get(k->st, r->token.attendee_id, &at) == 0;
	if (known)
		snprintf(reply->u.done.name, sizeof(reply->u.done.name), "%s",
			 at.name);
	if (!k->log)
		return;
	fprintf(k->log, "{\"rollcall\":\"scan\",\"outcome\":\"%s\"",
		outcome_key(r->outcome));
	if (known) {
		fprintf(k->log, ",\"attendee\":");
		jtext_json_put(k->log, at.ext_id);
	}
	fprintf(k->log, "}\n");
	fflush(k->log);
}

struct rows {
	struct brain_row *row;
	int n;
};

static void group_row(const char *group, int members, void *ctx)
{
	struct rows *c = ctx;
	struct brain_row *r;

	if (c->n >= BRAIN_ROWS_MAX)
		return;
	r = &c->row[c->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->text, sizeof(r->text), "%.100s（%d人）", group, members);
	snprintf(r->key, sizeof(r->key), "%.63s", group);
}

static void groups(struct kiosk *k, struct brain_event *reply)
{
	static struct brain_row rows[BRAIN_ROWS_MAX];
	struct rows c = { rows, 0 };

	rollcall_groups_each(k->st, group_row, &c);
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_ROWS;
	reply->u.rows.list = LIST_GROUPS;
	reply->u.rows.rows = rows;
	reply->u.rows.n = c.n;
}

static void load(struct kiosk *k, const char *group,
		 struct brain_event *reply)
{
	static struct rollcall rc;

	if (rollcall_load(k->st, group, &rc))
		memset(&rc, 0, sizeof(rc));
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_ROLLCALL;
	reply->u.rc = &rc;
}

static void log_departure(struct kiosk *k, const struct fact *f)
{
	char t[26];

	if (!k->log)
		return;
	cal_format_iso(f->wall_ms, k->ctx.event.utc_offset_min, t);
	fprintf(k->log, "{\"rollcall\":\"departure\",\"time\":\"%s\","
		"\"group\":", t);
	jtext_json_put(k->log, f->tags);
	fprintf(k->log, ",\"note\":");
	jtext_json_put(k->log, f->note);
	fprintf(k->log, "}\n");
	fflush(k->log);
}

static void depart(struct kiosk *k, const struct brain_action *a,
		   struct brain_event *reply)
{
	struct fact f = a->u.departure;
	struct fair_err err = { "" };
	int rc;

	f.wall_ms = kiosk_wall_ms(k);
	f.mono_ms = clock_mono_ms();
	f.place_id = k->ctx.place.id;
	snprintf(f.kiosk, sizeof(f.kiosk), "%s", k->ctx.kiosk);
	snprintf(f.boot_id, sizeof(f.boot_id), "%s", k->ctx.boot_id);
	rc = store_fact_append(k->st, &f, &err);
	if (rc)
		host_store_watch(k, true);
	else
		log_departure(k, &f);
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_DONE;
	reply->u.result.action = ACT_DEPART;
	reply->u.result.ok = rc == 0;
	snprintf(reply->u.result.msg, sizeof(reply->u.result.msg), "%.200s",
		 err.msg);
}

/* ---- the survey ------------------------------------------------------ */

void host_survey_setup(struct kiosk *k, struct brain_config *bc)
{
	int when, dir = k->cfg.rules.direction;

	bc->survey_dir = 0;
	if (k->cfg.role != KIOSK_DOOR || survey_load(k->st, &bc->survey))
		return;
	when = tourdays_survey_when(k->st, k->ctx.place.id);
	if (dir > 0 && (when == 1 || when == 2))
		bc->survey_dir = 1;
	else if (dir < 0 && (when == -1 || when == 2))
		bc->survey_dir = -1;
}

/* Each answer a 'survey' fact (survey.h); one failing is said on stderr,
 * the others still stored. */
static void survey_store(struct kiosk *k, const struct brain_action *a)
{
	const struct survey *s = &k->brain.cfg.survey;

	for (int i = 0; i < s->n && i < SURVEY_QUESTIONS_MAX; i++) {
		struct fact f = { .kind = FACT_SURVEY,
				  .source = SOURCE_MANUAL };
		struct fair_err err = { "" };

		if (a->u.survey.answer[i] <= 0)
			continue;
		f.attendee_id = a->u.survey.attendee_id;
		f.direction = a->u.survey.direction;
		f.rating = a->u.survey.answer[i];
		f.wall_ms = kiosk_wall_ms(k);
		f.mono_ms = clock_mono_ms();
		f.place_id = k->ctx.place.id;
		snprintf(f.tags, sizeof(f.tags), "Q%d", i + 1);
		snprintf(f.kiosk, sizeof(f.kiosk), "%s", k->ctx.kiosk);
		snprintf(f.boot_id, sizeof(f.boot_id), "%s", k->ctx.boot_id);
		if (store_fact_append(k->st, &f, &err))
			fprintf(stderr, "fairkiosk: survey answer not stored: "
				"%s\n", err.msg);
	}
	if (k->log) {
		fprintf(k->log, "{\"survey\":%s,\"attendee_id\":%u}\n",
			a->u.survey.direction > 0 ? "\"before\"" : "\"after\"",
			a->u.survey.attendee_id);
		fflush(k->log);
	}
}

bool host_rollcall_run(struct kiosk *k, const struct brain_action *a,
		       struct brain_event *reply)
{
	switch (a->kind) {
	case ACT_IDENTIFY:
		identify(k, a, reply);
		return true;
	case ACT_RC_GROUPS:
		groups(k, reply);
		return true;
	case ACT_RC_LOAD:
		load(k, a->u.load.query, reply);
		return true;
	case ACT_DEPART:
		depart(k, a, reply);
		return true;
	case ACT_SURVEY:
		survey_store(k, a);
		return false;
	default:
		return false;
	}
}
