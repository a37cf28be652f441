/* brain.c: the kiosk state machine (see brain.h). Pure: no SDL, no SQLite,
 * no clock reads; libsodium only to check a PIN against its hash. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "brain_consent.h"
#include "brain_rollcall.h"
#include "brain_survey.h"
#include "fair/brain.h"
#include "fair/caltime.h"
#include "fair/itaiji.h"
#include "fair/jtext.h"
#include "brain_int.h"

struct brain_action *emit(struct brain_actions *out,
				 enum brain_action_kind kind)
{
	struct brain_action *a;

	/* BRAIN_ACTIONS_MAX exceeds what any one event emits */
	if (out->n >= BRAIN_ACTIONS_MAX)
		return &out->a[BRAIN_ACTIONS_MAX - 1];
	a = &out->a[out->n++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	return a;
}

void emit_load(struct brain_actions *out, enum brain_list list,
		      const char *query)
{
	struct brain_action *a = emit(out, ACT_LOAD);

	a->u.load.list = list;
	jtext_copy(a->u.load.query, sizeof(a->u.load.query), query);
}

static bool screen_is_staff(enum brain_screen s)
{
	return s == SCREEN_STAFF || s == SCREEN_STAFF_RECENT ||
	       s == SCREEN_STAFF_FIND || s == SCREEN_STAFF_PLACE ||
	       s == SCREEN_STAFF_CLOCK || s == SCREEN_STAFF_LEADS ||
	       s == SCREEN_STAFF_LEAD || s == SCREEN_STAFF_WITHDRAW;
}

static bool screen_is_reg(enum brain_screen s)
{
	return s == SCREEN_REG || s == SCREEN_REG_BADGE;
}

void brain_init(struct brain *b, const struct brain_config *cfg, int64_t now)
{
	memset(b, 0, sizeof(*b));
	b->cfg = *cfg;
	if (b->cfg.result_ms <= 0)
		b->cfg.result_ms = 2000;
	if (b->cfg.consent_offer_ms <= 0)
		b->cfg.consent_offer_ms = BRAIN_CONSENT_OFFER_MS;
	b->lang = cfg->lang;
	b->clock_ok = cfg->clock_ok;
	/* staff's correction outlives a restart in the same boot: a new one
	 * starts from it, never from zero */
	b->clock_offset_ms = cfg->clock_offset_ms;
	b->screen = b->clock_ok ? SCREEN_IDLE : SCREEN_CLOCK_WARN;
	b->selected = -1;
	b->result_since = now;
	b->staff_since = now;
	/* a lock-out outlives a restart: the host hands back what it kept */
	b->pin_failures = cfg->pin_failures > 0 ? cfg->pin_failures : 0;
	if (cfg->pin_lock_ms > 0)
		b->pin_locked_until = now + (cfg->pin_lock_ms <
					     BRAIN_PIN_MAX_DELAY_MS
					     ? cfg->pin_lock_ms
					     : BRAIN_PIN_MAX_DELAY_MS);
}

/* ---- scans and results ---------------------------------------------- */

static void queue_push(struct brain *b, const char *text,
		       enum input_source src)
{
	int i;

	if (b->q_len >= BRAIN_QUEUE_MAX)
		return; /* only a runaway input fills 32; keep the oldest */
	i = (b->q_head + b->q_len) % BRAIN_QUEUE_MAX;
	jtext_copy(b->queue[i].text, sizeof(b->queue[i].text), text);
	b->queue[i].source = src;
	b->q_len++;
}

/* A camera sees a held-up badge many times a second: the same text as the
 * scan on screen or as one already waiting is the same scan. */
static bool scan_is_repeat(const struct brain *b, const char *text,
			   enum input_source src)
{
	if (src != SOURCE_CAMERA)
		return false;
	if (b->screen == SCREEN_RESULT && !strcmp(b->shown_text, text))
		return true;
	for (int k = 0; k < b->q_len; k++) {
		int i = (b->q_head + k) % BRAIN_QUEUE_MAX;

		if (!strcmp(b->queue[i].text, text))
			return true;
	}
	return false;
}

static void start_checkin(struct brain *b, const char *text,
			  enum input_source src, int64_t now,
			  struct brain_actions *out)
{
	struct brain_action *a = emit(out, ACT_CHECKIN);

	jtext_copy(a->u.checkin.text, sizeof(a->u.checkin.text), text);
	a->u.checkin.source = src;
	jtext_copy(b->shown_text, sizeof(b->shown_text), text);
	b->screen = SCREEN_RESULT;
	b->pending = true;
	b->pending_manual = false;
	b->return_to = SCREEN_IDLE;
	b->result_since = now;
	b->bc = BC_NONE;
}

/* Idle, or the next waiting scan when there is one. */
void go_idle(struct brain *b, int64_t now, struct brain_actions *out)
{
	int i;

	b->confirm = CONFIRM_NONE;
	b->undo_ready = false;
	b->selected = -1;
	b->n_rows = 0;
	b->bc = BC_NONE;
	if (!b->clock_ok) {
		b->screen = SCREEN_CLOCK_WARN;
		return;
	}
	b->screen = SCREEN_IDLE;
	if (!b->q_len)
		return;
	i = b->q_head;
	b->q_head = (b->q_head + 1) % BRAIN_QUEUE_MAX;
	b->q_len--;
	start_checkin(b, b->queue[i].text, b->queue[i].source, now, out);
}


static void on_scan(struct brain *b, const struct brain_event *ev,
		    int64_t now, struct brain_actions *out)
{
	const char *text = ev->u.scan.text;

	if (!text[0] || scan_is_repeat(b, text, ev->u.scan.source))
		return;
	if (b->screen == SCREEN_FEEDBACK) {
		/* the next student is waiting: this one skipped */
		queue_push(b, text, ev->u.scan.source);
		lang_reset(b, out);
		go_idle(b, now, out);
		return;
	}
	if (b->screen == SCREEN_IDLE && !b->q_len)
		start_checkin(b, text, ev->u.scan.source, now, out);
	else
		queue_push(b, text, ev->u.scan.source);
}

static enum sound outcome_sound(enum outcome o)
{
	if (o == OUTCOME_ACCEPTED)
		return SOUND_CHIME;
	if (o == OUTCOME_ALREADY)
		return SOUND_NOTICE;
	return SOUND_BUZZ;
}

static void enter_staff(struct brain *b, int64_t now,
			struct brain_actions *out);
static void toggle_lang(struct brain *b, struct brain_actions *out);

static void on_checkin_done(struct brain *b, const struct brain_event *ev,
			    int64_t now, struct brain_actions *out)
{
	const struct checkin_result *r = &ev->u.done.res;

	if (!b->pending)
		return;
	b->pending = false;
	if (r->outcome == OUTCOME_STAFF && !b->pending_manual) {
		enter_staff(b, now, out);
		return;
	}
	b->outcome = r->outcome;
	jtext_copy(b->result_name, sizeof(b->result_name), ev->u.done.name);
	b->result_time[0] = '\0';
	if (r->outcome == OUTCOME_ALREADY)
		cal_format_hhmm(r->first_ms, b->cfg.utc_offset_min,
				b->result_time);
	jtext_copy(b->result_detail, sizeof(b->result_detail),
		 r->outcome == OUTCOME_NOT_STORED ? r->err.msg : "");
	if (r->outcome == OUTCOME_ACCEPTED)
		b->count_today++;
	/* tours: amber for a student the plan does not expect; feedback
	 * after an exit (visits) or an entry (booths that ask) */
	b->result_unexpected = r->outcome == OUTCOME_ACCEPTED &&
			       r->not_expected;
	b->result_dir = r->fact.direction;
	b->stamps = ev->u.done.stamps;
	b->stamps_need = ev->u.done.stamps_need;
	b->fb_due = r->outcome == OUTCOME_ACCEPTED && !b->pending_manual &&
		    r->token_parsed &&
		    ((b->cfg.feedback_exit && r->fact.direction < 0) ||
		     (b->cfg.feedback_entry && r->fact.direction > 0));
	b->fb_attendee = r->token.attendee_id;
	/* a student at a booth may give this company, and only it, their
	 * contact details (fair/consent.h); staff's hand check-in is not the
	 * student's own tap, and type 1/2 events share nothing */
	b->bc = BC_NONE;
	if (b->cfg.booth_consent && !b->cfg.no_sharing &&
	    !b->pending_manual && r->token_parsed &&
	    r->token.role == TOKEN_ROLE_STUDENT &&
	    (r->outcome == OUTCOME_ACCEPTED ||
	     r->outcome == OUTCOME_ALREADY)) {
		b->bc = BC_OFFER;
		b->bc_attendee = r->token.attendee_id;
	}
	b->result_since = now;
	if (b->pending_manual)
		b->return_to = SCREEN_STAFF_FIND;
	emit(out, ACT_PLAY)->u.sound = outcome_sound(r->outcome);
}

static int64_t result_deadline(const struct brain *b)
{
	int ms = b->cfg.result_ms;

	/* a booth's offer to tell the company stays a few seconds for the
	 * student to decide, unless the next one is waiting */
	if (b->bc == BC_OFFER && b->cfg.consent_offer_ms > ms)
		ms = b->cfg.consent_offer_ms;
	if (b->q_len && ms > BRAIN_RESULT_MIN_MS)
		ms = BRAIN_RESULT_MIN_MS;
	return b->result_since + ms;
}

static void result_finish(struct brain *b, int64_t now,
			  struct brain_actions *out)
{
	if (b->return_to == SCREEN_STAFF_FIND) {
		b->screen = SCREEN_STAFF_FIND;
		b->staff_since = now;
		return;
	}
	if (b->fb_due && !b->q_len) {
		b->fb_due = false;
		b->fb_rating = 0;
		b->fb_tags = 0;
		b->fb_note[0] = '\0';
		b->fb_memo = false;
		b->latin_kbd = false;
		b->fb_since = now;
		b->screen = SCREEN_FEEDBACK;
		return;
	}
	b->fb_due = false;
	lang_reset(b, out);
	go_idle(b, now, out);
}

/* ---- memo pages (a lead's note, a student's comment) ----------------- */


/* The memo's own page, with the kana keyboard converting to kanji as on
 * the name step. */
static void memo_open(struct brain *b, bool *open)
{
	*open = true;
	b->latin_kbd = false;
	b->preedit[0] = '\0';
	b->preedit_prefill = false;
	b->pad_open = false;
	cands_clear(b);
}

/* On the memo page: conversion's buttons; 完了 or 戻る keep the text,
 * kana not yet converted included. */
static void memo_button(struct brain *b, enum brain_button id, int arg,
			bool *open, struct brain_actions *out)
{
	if (id == BTN_DONE || id == BTN_BACK) {
		preedit_commit(b);
		*open = false;
	} else if (id == BTN_CONVERT || id == BTN_CAND ||
		   id == BTN_KEEP_KANA) {
		name_button(b, id, arg, out);
	}
}

/* ---- tours: the student's feedback ---------------------------------- */

static void on_feedback_button(struct brain *b, enum brain_button id,
			       int arg, int64_t now,
			       struct brain_actions *out)
{
	struct brain_action *a;

	b->fb_since = now;
	if (b->fb_memo) {
		memo_button(b, id, arg, &b->fb_memo, out);
		return;
	}
	if (id == BTN_MEMO) {
		memo_open(b, &b->fb_memo);
	} else if (id == BTN_RATING && arg >= 1 && arg <= 5) {
		b->fb_rating = arg;
	} else if (id == BTN_TAG && arg >= 0 && arg < b->cfg.ntags) {
		b->fb_tags ^= 1u << arg;
	} else if (id == BTN_SUBMIT && b->fb_rating) {
		a = emit(out, ACT_FEEDBACK);
		a->u.feedback.attendee_id = b->fb_attendee;
		a->u.feedback.rating = b->fb_rating;
		a->u.feedback.tags = b->fb_tags;
		jtext_copy(a->u.feedback.note, sizeof(a->u.feedback.note),
			   b->fb_note);
		b->fb_note[0] = '\0';
		lang_reset(b, out);
		go_idle(b, now, out);
	} else if (id == BTN_SKIP) {
		lang_reset(b, out);
		go_idle(b, now, out);
	} else if (id == BTN_LANG) {
		toggle_lang(b, out);
	}
}

/* ---- PIN and staff mode --------------------------------------------- */

static void open_pin(struct brain *b, int64_t now)
{
	b->screen = SCREEN_PIN;
	b->pin[0] = '\0';
	b->pin_wrong = false;
	b->staff_since = now;
}

static void enter_staff(struct brain *b, int64_t now,
			struct brain_actions *out)
{
	b->pin[0] = '\0';
	b->pin_wrong = false;
	b->staff_since = now;
	b->notice[0] = '\0';
	b->notice_big = false;
	b->selected = -1;
	b->n_rows = 0;
	if (!b->clock_ok) {
		b->screen = SCREEN_STAFF_CLOCK;
		b->clock_edit_ms = b->clock_offset_ms;
		return;
	}
	b->screen = SCREEN_STAFF;
	emit_load(out, LIST_COUNTS, "");
}

int brain_pin_wait_s(const struct brain *b, int64_t now)
{
	if (now >= b->pin_locked_until)
		return 0;
	return (int)((b->pin_locked_until - now + 999) / 1000);
}

static int pin_tries(const struct brain *b)
{
	return b->cfg.pin_tries > 0 ? b->cfg.pin_tries : BRAIN_PIN_FREE_TRIES;
}

/* The lock after the failures-th wrong PIN: none before pin_tries, then
 * the base delay, doubling with each further failure up to the maximum. */
static int64_t pin_delay_ms(int tries, int failures)
{
	int64_t d = BRAIN_PIN_BASE_DELAY_MS;

	if (failures < tries)
		return 0;
	for (int i = tries; i < failures; i++) {
		d *= 2;
		if (d >= BRAIN_PIN_MAX_DELAY_MS)
			return BRAIN_PIN_MAX_DELAY_MS;
	}
	return d;
}

static bool pin_matches(const struct brain *b)
{
	if (!b->cfg.pin_hash[0] || !b->pin[0])
		return false;
	if (sodium_init() < 0)
		return false;
	return crypto_pwhash_str_verify(b->cfg.pin_hash, b->pin,
					strlen(b->pin)) == 0;
}

static void emit_pin_state(struct brain *b, int64_t now,
			   struct brain_actions *out)
{
	struct brain_action *a = emit(out, ACT_PIN_STATE);

	a->u.pin.failures = b->pin_failures;
	a->u.pin.lock_ms = b->pin_locked_until > now
				   ? b->pin_locked_until - now : 0;
}

static void pin_submit(struct brain *b, int64_t now,
		       struct brain_actions *out)
{
	int64_t d;

	if (brain_pin_wait_s(b, now) > 0 || !b->pin[0])
		return; /* OK on an empty pad is no try */
	if (pin_matches(b)) {
		if (b->pin_failures) {
			b->pin_failures = 0;
			b->pin_locked_until = 0;
			emit_pin_state(b, now, out);
		}
		enter_staff(b, now, out);
		return;
	}
	b->pin_failures++;
	b->pin_wrong = true;
	b->pin[0] = '\0';
	d = pin_delay_ms(pin_tries(b), b->pin_failures);
	if (d)
		b->pin_locked_until = now + d;
	emit_pin_state(b, now, out);
}

/* While PIN entry is locked, keys typed or tapped on the pad are dropped:
 * they must not count against the PIN once the lock ends. */
static bool pin_locked_out(const struct brain *b, int64_t now)
{
	return b->screen == SCREEN_PIN && brain_pin_wait_s(b, now) > 0;
}

static void toggle_lang(struct brain *b, struct brain_actions *out)
{
	b->lang = b->lang == LANG_JA ? LANG_EN : LANG_JA;
	if (screen_is_staff(b->screen)) /* staff set the kiosk's language */
		b->cfg.lang = b->lang;
	emit(out, ACT_SET_LANG)->u.lang = b->lang;
	/* the host words the lists: load them again in the new language */
	if (b->screen == SCREEN_STAFF)
		emit_load(out, LIST_COUNTS, "");
}

/* A student's language choice lasts for their own visit only. */
void lang_reset(struct brain *b, struct brain_actions *out)
{
	if (b->lang == b->cfg.lang)
		return;
	b->lang = b->cfg.lang;
	emit(out, ACT_SET_LANG)->u.lang = b->lang;
}

static void open_list(struct brain *b, enum brain_screen s,
		      enum brain_list list, struct brain_actions *out)
{
	b->screen = s;
	b->undo_ready = false;
	b->confirm = CONFIRM_NONE;
	b->selected = -1;
	b->n_rows = 0;
	b->notice[0] = '\0';
	b->notice_big = false;
	b->search[0] = '\0';
	b->latin_kbd = false;
	emit_load(out, list, "");
}

static void staff_menu(struct brain *b, const struct brain_event *ev,
		       int64_t now, struct brain_actions *out)
{
	switch (ev->u.button.id) {
	case BTN_STAFF_RECENT:
		open_list(b, SCREEN_STAFF_RECENT, LIST_RECENT, out);
		break;
	case BTN_STAFF_FIND:
		open_list(b, SCREEN_STAFF_FIND, LIST_FIND, out);
		break;
	case BTN_STAFF_LEAD:
		if (b->cfg.leads)
			open_list(b, SCREEN_STAFF_LEADS, LIST_RECENT, out);
		break;
	case BTN_STAFF_PLACE:
		open_list(b, SCREEN_STAFF_PLACE, LIST_PLACES, out);
		break;
	case BTN_STAFF_CLOCK:
		b->screen = SCREEN_STAFF_CLOCK;
		b->clock_edit_ms = b->clock_offset_ms;
		break;
	case BTN_STAFF_EXPORT:
		emit(out, ACT_EXPORT);
		break;
	case BTN_LANG:
		toggle_lang(b, out);
		break;
	case BTN_STAFF_EXIT:
		go_idle(b, now, out);
		break;
	case BTN_STAFF_QUIT: /* asked first: nothing is checked in after */
		b->confirm = CONFIRM_QUIT;
		break;
	default:
		break;
	}
}

static void staff_back(struct brain *b, int64_t now,
		       struct brain_actions *out)
{
	if (b->screen == SCREEN_STAFF) {
		go_idle(b, now, out);
		return;
	}
	if (b->screen == SCREEN_STAFF_CLOCK && !b->clock_ok) {
		go_idle(b, now, out); /* back to the clock warning */
		return;
	}
	b->screen = SCREEN_STAFF;
	b->selected = -1;
	b->n_rows = 0;
	b->undo_ready = false;
	emit_load(out, LIST_COUNTS, "");
}

static void select_row(struct brain *b, int i)
{
	if (i >= 0 && i < b->n_rows)
		b->selected = i;
}

static void staff_list_button(struct brain *b, const struct brain_event *ev,
			      int64_t now, struct brain_actions *out)
{
	enum brain_button id = ev->u.button.id;
	int arg = ev->u.button.arg;

	if (id == BTN_ROW && b->screen == SCREEN_STAFF_PLACE) {
		if (arg >= 0 && arg < b->n_rows)
			jtext_copy(emit(out, ACT_SET_PLACE)->u.place,
				 sizeof(out->a[0].u.place), b->rows[arg].key);
	} else if (id == BTN_ROW) {
		select_row(b, arg);
	} else if (id == BTN_VOID && b->screen == SCREEN_STAFF_RECENT &&
		   b->selected >= 0) {
		b->confirm = CONFIRM_VOID; /* asked over the list */
	} else if (id == BTN_UNDO && b->screen == SCREEN_STAFF_RECENT &&
		   b->undo_ready) {
		memcpy(emit(out, ACT_UNVOID)->u.uuid, b->undo_uuid,
		       FACT_UUID_BYTES);
	} else if (id == BTN_CHECKIN_HAND && b->screen == SCREEN_STAFF_FIND &&
		   b->selected >= 0) {
		emit(out, ACT_MANUAL)->u.attendee_id =
			b->rows[b->selected].id;
		b->screen = SCREEN_RESULT;
		b->pending = true;
		b->pending_manual = true;
		b->return_to = SCREEN_STAFF_FIND;
		b->shown_text[0] = '\0';
		b->result_since = now;
	}
}

/* ---- booth lead notes ----------------------------------------------- */

static void lead_open(struct brain *b, int i)
{
	if (i < 0 || i >= b->n_rows || !b->rows[i].id)
		return;
	b->screen = SCREEN_STAFF_LEAD;
	b->selected = i;
	b->lead_attendee = b->rows[i].id;
	jtext_copy(b->lead_who, sizeof(b->lead_who), b->rows[i].text);
	b->lead_rating = 0;
	b->lead_tags = 0;
	b->lead_note[0] = '\0';
	b->lead_memo = false;
	b->latin_kbd = false;
	b->notice[0] = '\0';
	b->notice_big = false;
}

/* 戻る leaves the note unsaved and returns to the list it came from (the
 * rows are still held: nothing to load). */
static void lead_close(struct brain *b)
{
	b->screen = SCREEN_STAFF_LEADS;
	b->selected = -1;
	b->lead_attendee = 0;
	b->lead_note[0] = '\0';
	b->lead_memo = false;
}

static void lead_button(struct brain *b, enum brain_button id, int arg,
			struct brain_actions *out)
{
	struct brain_action *a;

	if (b->lead_memo) {
		memo_button(b, id, arg, &b->lead_memo, out);
		return;
	}
	if (id == BTN_MEMO) {
		memo_open(b, &b->lead_memo);
	} else if (id == BTN_RATING && arg >= 1 && arg <= 4) {
		b->lead_rating = arg;
	} else if (id == BTN_TAG && arg >= 0 && arg < b->cfg.nlead_tags) {
		b->lead_tags ^= 1u << arg;
	} else if (id == BTN_SUBMIT && b->lead_rating) {
		a = emit(out, ACT_LEAD);
		a->u.lead.attendee_id = b->lead_attendee;
		a->u.lead.rating = b->lead_rating;
		a->u.lead.tags = b->lead_tags;
		jtext_copy(a->u.lead.note, sizeof(a->u.lead.note),
			   b->lead_note);
		lead_close(b);
	} else if (id == BTN_BACK) {
		lead_close(b);
	}
}

static void clock_button(struct brain *b, const struct brain_event *ev,
			 int64_t now, struct brain_actions *out)
{
	if (ev->u.button.id == BTN_CLOCK_ADJ) {
		b->clock_edit_ms += (int64_t)ev->u.button.arg * 60000;
	} else if (ev->u.button.id == BTN_CLOCK_OK) {
		b->clock_offset_ms = b->clock_edit_ms;
		b->clock_ok = true;
		emit(out, ACT_SET_CLOCK)->u.offset_ms = b->clock_offset_ms;
		b->screen = SCREEN_STAFF;
		emit_load(out, LIST_COUNTS, "");
	}
	(void)now;
}

/* ---- text fields ---------------------------------------------------- */

/* Where converted text goes: the name on the registration's name step,
 * the note on a memo page (a lead's, a student's comment); NULL where
 * kana is not converted. */

char *conv_target(struct brain *b, size_t *cap)
{
	char *f = NULL;

	if (b->screen == SCREEN_REG && b->step == REG_NAME) {
		f = b->form.name;
		*cap = sizeof(b->form.name);
	} else if (b->screen == SCREEN_STAFF_LEAD && b->lead_memo) {
		f = b->lead_note;
		*cap = sizeof(b->lead_note);
	} else if (b->screen == SCREEN_FEEDBACK && b->fb_memo) {
		f = b->fb_note;
		*cap = sizeof(b->fb_note);
	}
	return f;
}

bool converting(struct brain *b)
{
	size_t cap;

	return conv_target(b, &cap) != NULL;
}

/* Appends text to the conversion's target (nothing if there is none). */
void conv_append(struct brain *b, const char *text)
{
	size_t cap;
	char *f = conv_target(b, &cap);

	if (f)
		field_append(f, cap, text);
}

/* The field typed text goes to on this screen, or NULL. */
static char *focus_field(struct brain *b, size_t *cap)
{
	if (b->screen == SCREEN_PIN) {
		*cap = sizeof(b->pin);
		return b->pin;
	}
	if (b->screen == SCREEN_STAFF_FIND ||
	    (b->screen == SCREEN_REG && b->step == REG_SCHOOL)) {
		*cap = sizeof(b->search);
		return b->search;
	}
	if ((b->screen == SCREEN_STAFF_LEAD && b->lead_memo) ||
	    (b->screen == SCREEN_FEEDBACK && b->fb_memo)) {
		if (b->latin_kbd) /* kana is a reading to convert first */
			return conv_target(b, cap);
		*cap = sizeof(b->preedit);
		return b->preedit;
	}
	if (b->screen != SCREEN_REG)
		return NULL;
	switch (b->step) {
	case REG_KANA:
		*cap = sizeof(b->form.kana);
		return b->form.kana;
	case REG_NAME: /* kana is a reading to convert first */
		*cap = b->latin_kbd ? sizeof(b->form.name) : sizeof(b->preedit);
		return b->latin_kbd ? b->form.name : b->preedit;
	case REG_EMAIL:
		*cap = sizeof(b->form.email);
		return b->form.email;
	default:
		return NULL;
	}
}

bool brain_wants_text(const struct brain *b)
{
	size_t cap;

	return focus_field((struct brain *)b, &cap) != NULL;
}

static bool text_is_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

void utf8_pop(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

/* Appends whole: a text that does not fit is refused, never cut mid
 * character. */
void field_append(char *f, size_t cap, const char *text)
{
	size_t a = strlen(f), t = strlen(text);

	for (size_t i = 0; i < t; i++)
		if ((unsigned char)text[i] < 0x20)
			return;
	if (a + t + 1 > cap)
		return;
	memcpy(f + a, text, t + 1);
}

/* The search text changed: reload the list that follows it. */
static void field_changed(struct brain *b, struct brain_actions *out)
{
	if (b->screen == SCREEN_REG)
		b->reg_error = false; /* judged again on the next 次へ */
	if (converting(b) && !b->cands_hw) {
		b->n_cands = 0; /* the reading changed */
		b->preedit_prefill = false;
	}
	if (b->screen == SCREEN_STAFF_FIND) {
		emit_load(out, LIST_FIND, b->search);
	} else if (b->screen == SCREEN_REG && b->step == REG_SCHOOL) {
		b->form.school[0] = '\0'; /* a new search drops the pick */
		emit_load(out, LIST_SCHOOLS, b->search);
	}
}

static bool edit_field(struct brain *b, enum brain_button id,
		       const char *text, struct brain_actions *out)
{
	size_t cap;
	char *f = focus_field(b, &cap);

	if (!f)
		return false;
	if (id == BTN_KEY) {
		if (b->screen == SCREEN_PIN && !text_is_digits(text))
			return true;
		field_append(f, cap, text);
	} else if (id == BTN_BACKSPACE) {
		utf8_pop(f);
	} else if (id == BTN_KEY_SPACE && b->screen != SCREEN_PIN) {
		field_append(f, cap, " ");
	} else if (id == BTN_KEY_DAKUTEN || id == BTN_KEY_HANDAKUTEN) {
		brain_kana_voice(f, cap, id == BTN_KEY_HANDAKUTEN);
	} else if (id == BTN_KBD_SWITCH) {
		b->latin_kbd = !b->latin_kbd;
		return true;
	} else {
		return false;
	}
	if (b->screen == SCREEN_PIN)
		b->pin_wrong = false;
	field_changed(b, out);
	return true;
}

/* ---- dispatch ------------------------------------------------------- */

static void page_rows(struct brain *b, int by)
{
	int first = b->row_first + by;

	if (first > b->n_rows - 1)
		first = b->n_rows - 1;
	if (first < 0)
		first = 0;
	b->row_first = first;
}

static void on_button(struct brain *b, const struct brain_event *ev,
		      int64_t now, struct brain_actions *out)
{
	enum brain_button id = ev->u.button.id;

	if (screen_is_staff(b->screen) || b->screen == SCREEN_PIN)
		b->staff_since = now;
	if (screen_is_reg(b->screen))
		b->reg_since = now;
	if (b->screen == SCREEN_FEEDBACK)
		b->fb_since = now;
	if (b->confirm != CONFIRM_NONE) {
		confirm_button(b, id, now, out);
		return;
	}
	if (converting(b) && !b->reg_busy && id == BTN_KBD_SWITCH) {
		name_kbd_switch(b);
		return;
	}
	if (pin_locked_out(b, now) && id != BTN_BACK)
		return;
	if (id >= BTN_KEY && id <= BTN_KBD_SWITCH && id != BTN_KEY &&
	    edit_field(b, id, "", out))
		return;
	if (id == BTN_BACKSPACE && converting(b) && name_backspace(b))
		return;
	if (id == BTN_BACKSPACE && edit_field(b, id, "", out))
		return;
	if (id == BTN_PAGE && converting(b)) {
		int f = b->cand_first + ev->u.button.arg;

		b->cand_first = f < 0 ? 0 : f >= b->n_cands ? b->cand_first : f;
		return;
	}
	if (id == BTN_PAGE) {
		page_rows(b, ev->u.button.arg);
		return;
	}
	switch (b->screen) {
	case SCREEN_FEEDBACK:
		on_feedback_button(b, id, ev->u.button.arg, now, out);
		break;
	case SCREEN_RESULT:
		if (id == BTN_BOOTH_CONSENT && b->bc == BC_OFFER &&
		    !b->pending) {
			struct brain_action *a = emit(out, ACT_CONSENT);

			a->u.consent.attendee_id = b->bc_attendee;
			jtext_copy(a->u.consent.version,
				   sizeof(a->u.consent.version),
				   b->cfg.consent_version);
			b->bc = BC_PENDING;
			b->result_since = now;
		}
		break;
	case SCREEN_CLOCK_WARN:
	case SCREEN_IDLE:
		if (id == BTN_STAFF)
			open_pin(b, now);
		else if (id == BTN_LANG)
			toggle_lang(b, out);
		else if (id == BTN_REGISTER && b->cfg.entrance &&
			 b->screen == SCREEN_IDLE)
			reg_open(b, now);
		else if (id == BTN_DEMO && b->cfg.demo &&
			 b->screen == SCREEN_IDLE)
			emit(out, ACT_DEMO);
		break;
	case SCREEN_PIN:
		if (id == BTN_DIGIT && ev->u.button.arg >= 0 &&
		    ev->u.button.arg <= 9) {
			char d[2] = { (char)('0' + ev->u.button.arg), 0 };

			edit_field(b, BTN_KEY, d, out);
		} else if (id == BTN_OK) {
			pin_submit(b, now, out);
		} else if (id == BTN_BACK) {
			go_idle(b, now, out);
		}
		break;
	case SCREEN_STAFF:
		staff_menu(b, ev, now, out);
		break;
	case SCREEN_STAFF_RECENT:
	case SCREEN_STAFF_FIND:
	case SCREEN_STAFF_PLACE:
		if (id == BTN_BACK)
			staff_back(b, now, out);
		else
			staff_list_button(b, ev, now, out);
		break;
	case SCREEN_STAFF_CLOCK:
		if (id == BTN_BACK)
			staff_back(b, now, out);
		else
			clock_button(b, ev, now, out);
		break;
	case SCREEN_STAFF_LEADS:
		if (id == BTN_BACK)
			staff_back(b, now, out);
		else if (id == BTN_ROW)
			lead_open(b, ev->u.button.arg);
		break;
	case SCREEN_STAFF_LEAD:
		lead_button(b, id, ev->u.button.arg, out);
		break;
	case SCREEN_STAFF_WITHDRAW: /* the rest in brain_consent.c */
		if (id == BTN_BACK)
			staff_back(b, now, out);
		break;
	case SCREEN_REG:
		if (!b->reg_busy)
			reg_button(b, ev, now, out);
		break;
	case SCREEN_REG_BADGE:
		if (id == BTN_DONE)
			reg_close(b, now, out);
		break;
	default:
		break;
	}
}

static void on_key(struct brain *b, enum brain_key key, int64_t now,
		   struct brain_actions *out)
{
	struct brain_event ev = { .kind = EV_BUTTON };

	if (key == BRAIN_KEY_BACKSPACE) {
		ev.u.button.id = BTN_BACKSPACE;
	} else if (key == BRAIN_KEY_ENTER) {
		if (b->screen == SCREEN_PIN)
			ev.u.button.id = BTN_OK;
		else if (b->screen == SCREEN_REG && b->step != REG_CONSENT)
			ev.u.button.id = BTN_NEXT;
	} else if (key == BRAIN_KEY_ESCAPE) {
		/* students cannot leave: escape works for staff only */
		if (screen_is_staff(b->screen) || b->screen == SCREEN_PIN)
			ev.u.button.id = BTN_BACK;
		if (b->screen == SCREEN_STAFF)
			ev.u.button.id = BTN_STAFF_EXIT;
	} else if (key == BRAIN_KEY_CLOSE) {
		if (screen_is_staff(b->screen))
			emit(out, ACT_QUIT);
		return;
	}
	if (ev.u.button.id != BTN_NONE)
		on_button(b, &ev, now, out);
}

static void on_text(struct brain *b, const char *text,
		    struct brain_actions *out, int64_t now)
{
	if (screen_is_staff(b->screen) || b->screen == SCREEN_PIN)
		b->staff_since = now;
	if (screen_is_reg(b->screen))
		b->reg_since = now;
	if (b->screen == SCREEN_FEEDBACK) /* writing a comment is no idling */
		b->fb_since = now;
	if ((b->screen == SCREEN_REG && b->reg_busy) ||
	    pin_locked_out(b, now))
		return;
	if (b->confirm != CONFIRM_NONE)
		return;
	if (converting(b)) {
		name_type(b, text);
		b->reg_error = false;
		return;
	}
	edit_field(b, BTN_KEY, text, out);
}

static void on_rows(struct brain *b, const struct brain_event *ev)
{
	int n = ev->u.rows.n;

	if (n > BRAIN_ROWS_MAX)
		n = BRAIN_ROWS_MAX;
	if (n < 0 || (n > 0 && !ev->u.rows.rows))
		n = 0;
	if (n > 0)
		memcpy(b->rows, ev->u.rows.rows,
		       (size_t)n * sizeof(b->rows[0]));
	b->n_rows = n;
	b->rows_list = ev->u.rows.list;
	b->selected = -1;
	b->row_first = 0;
}

static void on_done(struct brain *b, const struct brain_event *ev,
		    int64_t now, struct brain_actions *out)
{
	if (ev->u.result.action == ACT_CONSENT) {
		/* the student's screen says it; staff's notice is not theirs */
		if (b->bc == BC_PENDING && b->screen == SCREEN_RESULT) {
			b->bc = ev->u.result.ok ? BC_DONE : BC_FAILED;
			b->result_since = now;
		}
		return;
	}
	jtext_copy(b->notice, sizeof(b->notice), ev->u.result.msg);
	b->notice_error = !ev->u.result.ok;
	/* an export's result is read from a step back: in large type */
	b->notice_big = ev->u.result.action == ACT_EXPORT;
	if (!ev->u.result.ok)
		return;
	if ((ev->u.result.action == ACT_VOID ||
	     ev->u.result.action == ACT_UNVOID) &&
	    b->screen == SCREEN_STAFF_RECENT) {
		/* a void can be undone while this list stays open */
		b->undo_ready = ev->u.result.action == ACT_VOID;
		b->selected = -1;
		emit_load(out, LIST_RECENT, "");
	} else if (ev->u.result.action == ACT_SET_PLACE) {
		jtext_copy(b->cfg.place_name, sizeof(b->cfg.place_name),
			 ev->u.result.place_name);
		if (b->screen == SCREEN_STAFF_PLACE)
			staff_back(b, now, out);
	}
}

static void on_tick(struct brain *b, int64_t now, struct brain_actions *out)
{
	if (b->pin_locked_until && now >= b->pin_locked_until)
		b->pin_locked_until = 0; /* the lock is over: nothing to wake */
	if (b->screen == SCREEN_RESULT && !b->pending &&
	    b->bc != BC_PENDING && now >= result_deadline(b)) {
		result_finish(b, now, out);
		return;
	}
	if ((screen_is_staff(b->screen) || b->screen == SCREEN_PIN) &&
	    now - b->staff_since >= BRAIN_STAFF_IDLE_MS) {
		go_idle(b, now, out);
		return;
	}
	if (screen_is_reg(b->screen) && !b->reg_busy &&
	    now - b->reg_since >= BRAIN_REG_IDLE_MS)
		reg_close(b, now, out);
	if (b->screen == SCREEN_FEEDBACK &&
	    now - b->fb_since >= BRAIN_FEEDBACK_IDLE_MS) {
		lang_reset(b, out);
		go_idle(b, now, out);
	}
}

void brain_step(struct brain *b, const struct brain_event *ev, int64_t now,
		struct brain_actions *out)
{
	out->n = 0;
	if (brain_consent_step(b, ev, now, out))
		return;
	if (b->cfg.survey_dir && brain_survey_step(b, ev, now, out))
		return;
	if (b->cfg.rollcall && brain_rollcall_step(b, ev, now, out)) {
		brain_rollcall_after(b, out);
		return;
	}
	switch (ev->kind) {
	case EV_SCAN:
		on_scan(b, ev, now, out);
		break;
	case EV_CHECKIN_DONE:
		on_checkin_done(b, ev, now, out);
		break;
	case EV_BUTTON:
		on_button(b, ev, now, out);
		break;
	case EV_KEY_TEXT:
		on_text(b, ev->u.text, out, now);
		break;
	case EV_NAMED_KEY:
		on_key(b, ev->u.key, now, out);
		break;
	case EV_TICK:
		break;
	case EV_ROWS:
		on_rows(b, ev);
		break;
	case EV_COUNT_TODAY:
		b->count_today = ev->u.count.n;
		b->capacity = ev->u.count.capacity;
		b->seats_left = ev->u.count.seats_left;
		b->full = ev->u.count.full;
		b->expected = ev->u.count.expected;
		b->unexpected = ev->u.count.unexpected;
		break;
	case EV_REGISTERED:
		on_registered(b, ev, out);
		break;
	case EV_DONE:
		on_done(b, ev, now, out);
		break;
	case EV_PEN:
		if (screen_is_reg(b->screen))
			b->reg_since = now;
		on_pen(b, ev, out);
		break;
	case EV_CANDIDATES:
		on_candidates(b, ev);
		break;
	case EV_ROLLCALL:
		break; /* brain_rollcall.c */
	}
	if (ev->kind == EV_CHECKIN_DONE && b->cfg.survey_dir)
		brain_survey_note(b, ev);
	/* every event is also a tick: timers never wait for an idle host */
	if (out->n == 0)
		on_tick(b, now, out);
	if (b->cfg.rollcall)
		brain_rollcall_after(b, out);
}

int64_t brain_wake_at(const struct brain *b)
{
	int64_t t = INT64_MAX;

	if (b->screen == SCREEN_RESULT && !b->pending &&
	    b->bc != BC_PENDING) /* the consent's EV_DONE wakes it */
		t = result_deadline(b);
	if (screen_is_staff(b->screen) || b->screen == SCREEN_PIN)
		t = b->staff_since + BRAIN_STAFF_IDLE_MS;
	if (b->screen == SCREEN_PIN && b->pin_locked_until > 0 &&
	    b->pin_locked_until < t)
		t = b->pin_locked_until; /* redraw when the lock ends */
	if (screen_is_reg(b->screen) && !b->reg_busy)
		t = b->reg_since + BRAIN_REG_IDLE_MS;
	if (b->screen == SCREEN_FEEDBACK)
		t = b->fb_since + BRAIN_FEEDBACK_IDLE_MS;
	return t;
}

int brain_refresh_ms(const struct brain *b, bool camera)
{
	enum brain_screen s = b->screen;

	if ((s == SCREEN_PIN && b->pin_locked_until) ||
	    s == SCREEN_CLOCK_WARN || s == SCREEN_STAFF_CLOCK)
		return 1000; /* a countdown or a clock with seconds */
	if (s == SCREEN_IDLE)
		return camera ? 100 : BRAIN_REFRESH_MINUTE_MS;
	return 0;
}

const char *brain_screen_name(enum brain_screen s)
{
	static const char *const names[SCREEN_COUNT] = {
		"clock-warn", "idle", "result", "pin", "staff",
		"staff-recent", "staff-find", "staff-place", "staff-clock",
		"reg", "reg-badge", "feedback", "staff-leads", "staff-lead",
		"rollcall", "survey", "staff-withdraw",
	};

	return (unsigned)s < SCREEN_COUNT ? names[s] : "?";
}
