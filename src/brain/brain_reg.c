/* brain_reg.c: the kiosk brain's walk-in registration (the form's steps,
 * the name by kana keyboard, conversion and handwriting, the confirm page)
 * and the katakana keyboard's voicing marks. Split from brain.c along its
 * sections; what the two share is in brain_int.h. Pure, as brain.c. */
#include <stdio.h>
#include <string.h>

#include "fair/brain.h"
#include "fair/caltime.h"
#include "fair/itaiji.h"
#include "fair/jtext.h"
#include "brain_int.h"

const char *const brain_grades[] = {
	"1", "2", "3", "4", "M1", "M2", "D", "other", NULL
};

/* ---- registration --------------------------------------------------- */

void cands_clear(struct brain *b)
{
	b->n_cands = 0;
	b->cand_chars = 0;
	b->cand_first = 0;
	b->cands_hw = false;
}

static void ink_clear(struct brain *b)
{
	memset(&b->ink, 0, sizeof(b->ink));
}

void reg_open(struct brain *b, int64_t now)
{
	memset(&b->form, 0, sizeof(b->form));
	jtext_copy(b->form.consent_version, sizeof(b->form.consent_version),
		 b->cfg.consent_version);
	b->screen = SCREEN_REG;
	b->step = REG_KANA;
	b->search[0] = '\0';
	b->latin_kbd = false;
	b->reg_busy = false;
	b->reg_error = false;
	b->confirm = CONFIRM_NONE;
	b->preedit[0] = '\0';
	b->preedit_prefill = false;
	b->pad_open = false;
	cands_clear(b);
	ink_clear(b);
	b->notice[0] = '\0';
	b->notice_big = false;
	b->badge_token[0] = '\0';
	b->reg_since = now;
}

void reg_close(struct brain *b, int64_t now, struct brain_actions *out)
{
	lang_reset(b, out);
	memset(&b->form, 0, sizeof(b->form));
	b->badge_token[0] = '\0';
	b->search[0] = '\0';
	b->notice[0] = '\0';
	b->notice_big = false;
	b->preedit[0] = '\0';
	b->confirm = CONFIRM_NONE;
	b->pad_open = false;
	cands_clear(b);
	ink_clear(b);
	go_idle(b, now, out);
}

/* Anything a student would be sorry to lose. */
static bool reg_has_data(const struct brain *b)
{
	const struct reg_form *f = &b->form;

	return f->kana[0] || f->name[0] || f->school[0] || f->grade[0] ||
	       f->email[0] || f->consent || b->search[0] ||
	       (b->preedit[0] && !b->preedit_prefill);
}

static bool email_ok(const char *e)
{
	const char *at = strchr(e, '@');

	/* what a person can check by eye: x@y.z, one @, no spaces */
	return at && at > e && !strchr(at + 1, '@') && !strchr(e, ' ') &&
	       strchr(at + 1, '.') && at[1] != '.' &&
	       e[strlen(e) - 1] != '.';
}

/* Whether school is one of the roster's schools listed for the search
 * (rows hold them). */
static bool school_in_rows(const struct brain *b, const char *school)
{
	for (int i = 0; i < b->n_rows; i++)
		if (!strcmp(b->rows[i].key, school))
			return true;
	return false;
}

enum str_id brain_reg_problem(const struct brain *b)
{
	switch (b->step) {
	case REG_KANA:
		return b->form.kana[0] ? STR_NONE : STR_ERR_KANA;
	case REG_SCHOOL:
		if (b->form.school[0] || school_in_rows(b, b->search))
			return STR_NONE;
		return b->search[0] ? STR_ERR_SCHOOL_PICK : STR_ERR_SCHOOL;
	case REG_GRADE:
		return b->form.grade[0] ? STR_NONE : STR_ERR_GRADE;
	case REG_EMAIL:
		return email_ok(b->form.email) ? STR_NONE : STR_ERR_EMAIL;
	default:
		return STR_NONE;
	}
}

static void emit_convert(struct brain_actions *out, const char *reading)
{
	struct brain_action *a = emit(out, ACT_CONVERT);

	jtext_copy(a->u.load.query, sizeof(a->u.load.query), reading);
}

/* Moves leading spaces of the preedit into the name, then asks for the
 * candidates of the kana up to the next space. */
static void name_convert(struct brain *b, struct brain_actions *out)
{
	char run[BRAIN_FIELD_MAX];
	size_t sp = strspn(b->preedit, " "), n;

	if (sp) {
		conv_append(b, " ");
		memmove(b->preedit, b->preedit + sp,
			strlen(b->preedit + sp) + 1);
	}
	cands_clear(b);
	if (!b->preedit[0])
		return;
	n = strcspn(b->preedit, " ");
	memcpy(run, b->preedit, n);
	run[n] = '\0';
	emit_convert(out, run);
}

/* Drops the first n characters of the preedit. */
static void preedit_drop(struct brain *b, int n)
{
	const char *p = b->preedit;

	while (n-- > 0 && *p)
		jtext_next(&p);
	memmove(b->preedit, p, strlen(p) + 1);
}

/* The whole preedit goes into the name as typed. */
void preedit_commit(struct brain *b)
{
	conv_append(b, b->preedit);
	b->preedit[0] = '\0';
	b->preedit_prefill = false;
	cands_clear(b);
}

/* A candidate (or, for -1, the kana it stands for) joins the name. */
static void name_take(struct brain *b, int i, struct brain_actions *out)
{
	char kana[BRAIN_FIELD_MAX];
	bool hw = b->cands_hw;
	const char *p = b->preedit;
	size_t len = 0;

	if (i >= b->n_cands || (i < 0 && (hw || !b->n_cands)))
		return;
	if (i >= 0) {
		conv_append(b, b->cands[i]);
	} else {
		kana[0] = '\0';
		for (int k = 0; k < b->cand_chars && *p; k++)
			if (jtext_put(kana, sizeof(kana), &len, jtext_next(&p)))
				kana[len] = '\0';
		conv_append(b, kana);
	}
	b->preedit_prefill = false;
	if (hw) { /* the pad stays open for the next character */
		ink_clear(b);
		cands_clear(b);
		return;
	}
	preedit_drop(b, b->cand_chars);
	name_convert(b, out); /* on to the rest of the reading */
}

/* Text on the name step: kana is a reading to convert; latin letters
 * (the latin keyboard, a physical keyboard) go straight into the name. */
void name_type(struct brain *b, const char *text)
{
	bool ascii = true;

	for (const char *t = text; *t; t++)
		ascii = ascii && (unsigned char)*t < 0x80;
	if (b->latin_kbd || (ascii && strcmp(text, " "))) {
		preedit_commit(b);
		conv_append(b, text);
		return;
	}
	if (b->preedit_prefill) /* typing replaces the copied furigana */
		b->preedit[0] = '\0';
	b->preedit_prefill = false;
	field_append(b->preedit, sizeof(b->preedit), text);
	if (!b->cands_hw)
		cands_clear(b);
}

/* Backspace on the name step: the kana being typed first, then the
 * name; the pad's last stroke when the pad is open. */
bool name_backspace(struct brain *b)
{
	if (b->pad_open && b->ink.strokes > 0) {
		int s = --b->ink.strokes;

		while (b->ink.n > 0 && b->ink.p[b->ink.n - 1].stroke >= s)
			b->ink.n--;
		cands_clear(b);
		return true;
	}
	if (b->preedit[0]) {
		utf8_pop(b->preedit);
		b->preedit_prefill = false;
		cands_clear(b);
	} else {
		size_t cap;
		char *f = conv_target(b, &cap);

		if (f)
			utf8_pop(f);
	}
	return true;
}

void name_kbd_switch(struct brain *b)
{
	if (!b->latin_kbd) {
		if (b->preedit_prefill)
			b->preedit[0] = '\0'; /* a latin name: drop the copy */
		preedit_commit(b);
	}
	b->latin_kbd = !b->latin_kbd;
	b->pad_open = false;
	ink_clear(b);
}

void on_candidates(struct brain *b, const struct brain_event *ev)
{
	int n = ev->u.cands.n;

	bool names = b->screen == SCREEN_REG;

	if (!converting(b))
		return;
	if (ev->u.cands.handwriting != b->pad_open)
		return; /* the pad was opened or closed meanwhile */
	cands_clear(b);
	b->cands_hw = ev->u.cands.handwriting;
	b->cand_chars = ev->u.cands.chars;
	for (int i = 0; i < n && i < BRAIN_CANDS_MAX; i++) {
		char var[3][BRAIN_CAND_TEXT];
		const char *c = ev->u.cands.text[i];
		int nv = names ? itaiji_expand(c, &var[0][0],
					       BRAIN_CAND_TEXT, 3) : 0;
		bool dup = false;

		for (int k = -1; k < nv && b->n_cands < BRAIN_CANDS_MAX; k++) {
			const char *t = k < 0 ? c : var[k];

			dup = false;
			for (int j = 0; j < b->n_cands; j++)
				dup = dup || !strcmp(b->cands[j], t);
			if (t[0] && !dup)
				jtext_copy(b->cands[b->n_cands++],
					 BRAIN_CAND_TEXT, t);
		}
	}
}

void on_pen(struct brain *b, const struct brain_event *ev,
		   struct brain_actions *out)
{
	enum pen_phase ph = ev->u.pen.phase;

	if (b->screen != SCREEN_REG || b->step != REG_NAME || !b->pad_open ||
	    b->confirm != CONFIRM_NONE || b->reg_busy)
		return;
	if (ph == PEN_DOWN && b->n_cands && b->cands_hw && b->ink.n == 0)
		cands_clear(b);
	if (!hw_ink_add(&b->ink, ev->u.pen.x, ev->u.pen.y, ph == PEN_DOWN) ||
	    ph != PEN_UP)
		return;
	emit(out, ACT_RECOGNIZE);
}

static void reg_enter_step(struct brain *b, struct brain_actions *out)
{
	b->latin_kbd = b->step == REG_EMAIL;
	b->n_rows = 0;
	b->selected = -1;
	b->reg_error = false;
	b->pad_open = false;
	ink_clear(b);
	cands_clear(b);
	b->preedit[0] = '\0';
	b->preedit_prefill = false;
	if (b->step == REG_SCHOOL) {
		jtext_copy(b->search, sizeof(b->search), b->form.school);
		emit_load(out, LIST_SCHOOLS, b->search);
	}
	if (b->step == REG_NAME && !b->form.name[0] && b->form.kana[0]) {
		/* the reading is usually the furigana just typed */
		jtext_copy(b->preedit, sizeof(b->preedit), b->form.kana);
		b->preedit_prefill = true;
		name_convert(b, out);
	}
}

static void reg_next(struct brain *b, struct brain_actions *out)
{
	if (brain_reg_problem(b) != STR_NONE) {
		b->reg_error = true;
		return;
	}
	if (b->step + 1 >= REG_STEP_COUNT)
		return;
	if (b->step == REG_NAME)
		preedit_commit(b);
	/* a school is picked from the list (typing its whole name picks
	 * it) or registered as new with its own button, never by 次へ on
	 * a search (ギフ stored as the school) */
	if (b->step == REG_SCHOOL) {
		if (!b->form.school[0])
			jtext_copy(b->form.school, sizeof(b->form.school),
				 b->search);
		b->form.school_new = !school_in_rows(b, b->form.school);
	}
	b->step++;
	reg_enter_step(b, out);
}

static void reg_back(struct brain *b, int64_t now, struct brain_actions *out)
{
	if (reg_has_data(b)) {
		b->confirm = CONFIRM_DISCARD;
		return;
	}
	reg_close(b, now, out);
}

void confirm_button(struct brain *b, enum brain_button id,
			   int64_t now, struct brain_actions *out)
{
	enum brain_confirm c = b->confirm;

	if (id != BTN_CONFIRM_YES && id != BTN_CONFIRM_NO)
		return; /* the question is modal */
	b->confirm = CONFIRM_NONE;
	if (id == BTN_CONFIRM_NO)
		return;
	if (c == CONFIRM_DISCARD) {
		reg_close(b, now, out);
	} else if (c == CONFIRM_QUIT) {
		emit(out, ACT_QUIT);
	} else if (c == CONFIRM_VOID && b->selected >= 0 &&
		   b->selected < b->n_rows) {
		memcpy(emit(out, ACT_VOID)->u.uuid, b->rows[b->selected].uuid,
		       FACT_UUID_BYTES);
		memcpy(b->undo_uuid, b->rows[b->selected].uuid,
		       FACT_UUID_BYTES);
	}
}

void name_button(struct brain *b, enum brain_button id, int arg,
			struct brain_actions *out)
{
	switch (id) {
	case BTN_CONVERT:
		if (b->preedit[0])
			name_convert(b, out);
		break;
	case BTN_CAND:
		name_take(b, arg, out);
		break;
	case BTN_KEEP_KANA:
		name_take(b, -1, out);
		break;
	case BTN_PAD:
		preedit_commit(b);
		b->pad_open = !b->pad_open;
		b->latin_kbd = false;
		ink_clear(b);
		cands_clear(b);
		break;
	case BTN_PAD_CLEAR:
		ink_clear(b);
		cands_clear(b);
		break;
	default:
		break;
	}
}

void reg_button(struct brain *b, const struct brain_event *ev,
		       int64_t now, struct brain_actions *out)
{
	int arg = ev->u.button.arg;

	switch (ev->u.button.id) {
	case BTN_NEXT:
		reg_next(b, out);
		break;
	case BTN_PREV:
		if (b->step == REG_KANA) {
			reg_back(b, now, out);
			return;
		}
		if (b->step == REG_NAME)
			preedit_commit(b); /* kept for when they return */
		b->step--;
		reg_enter_step(b, out);
		break;
	case BTN_BACK:
		reg_back(b, now, out);
		return;
	case BTN_SCHOOL_NEW:
		if (b->step == REG_SCHOOL && b->search[0]) {
			jtext_copy(b->form.school, sizeof(b->form.school),
				 b->search);
			reg_next(b, out);
		}
		break;
	case BTN_ROW:
		if (b->step == REG_SCHOOL && arg >= 0 && arg < b->n_rows) {
			b->selected = arg;
			jtext_copy(b->form.school, sizeof(b->form.school),
				 b->rows[arg].key);
			b->reg_error = false;
		}
		break;
	case BTN_GRADE:
		if (arg >= 0 && arg < (int)(sizeof(brain_grades) /
					    sizeof(brain_grades[0])) - 1)
			jtext_copy(b->form.grade, sizeof(b->form.grade),
				 brain_grades[arg]);
		b->reg_error = false;
		break;
	case BTN_CONSENT:
		b->form.consent = arg != 0;
		break;
	case BTN_SUBMIT:
		if (b->step == REG_CONSENT && !b->reg_busy) {
			emit(out, ACT_REGISTER)->u.form = b->form;
			b->reg_busy = true;
			b->notice[0] = '\0';
			b->notice_big = false;
		}
		break;
	default:
		if (b->step == REG_NAME)
			name_button(b, ev->u.button.id, arg, out);
		break;
	}
}

void on_registered(struct brain *b, const struct brain_event *ev,
			  struct brain_actions *out)
{
	struct brain_action *a;

	if (!b->reg_busy)
		return;
	b->reg_busy = false;
	if (!ev->u.reg.ok) {
		jtext_copy(b->notice, sizeof(b->notice), ev->u.reg.msg);
		b->notice_error = true;
		b->notice_big = false;
		return;
	}
	jtext_copy(b->badge_token, sizeof(b->badge_token), ev->u.reg.token);
	b->screen = SCREEN_REG_BADGE;
	b->notice[0] = '\0';
	b->notice_big = false;
	if (!b->cfg.has_printer)
		return;
	a = emit(out, ACT_PRINT);
	jtext_copy(a->u.print.token, sizeof(a->u.print.token), b->badge_token);
	jtext_copy(a->u.print.name, sizeof(a->u.print.name),
		 b->form.name[0] ? b->form.name : b->form.kana);
}

/* ---- kana ----------------------------------------------------------- */

static uint32_t utf8_last(const char *s, size_t *at)
{
	size_t n = strlen(s);
	const unsigned char *p;

	if (n < 3)
		return 0;
	p = (const unsigned char *)s + n - 3;
	if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 ||
	    (p[2] & 0xC0) != 0x80)
		return 0;
	*at = n - 3;
	return ((uint32_t)(p[0] & 0x0F) << 12) |
	       ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

static uint32_t kana_voiced(uint32_t c, bool semi)
{
	bool ha_row = c >= 0x30CF && c <= 0x30DB && (c - 0x30CF) % 3 == 0;

	if (ha_row)
		return c + (semi ? 2 : 1);
	if (semi)
		return 0;
	if (c == 0x30A6) /* ウ -> ヴ */
		return 0x30F4;
	if ((c >= 0x30AB && c <= 0x30C2 && (c - 0x30AB) % 2 == 0) ||
	    c == 0x30C4 || c == 0x30C6 || c == 0x30C8)
		return c + 1;
	return 0;
}

bool brain_kana_voice(char *s, size_t cap, bool semi)
{
	size_t at = 0;
	uint32_t c = utf8_last(s, &at), v;

	if (!c)
		return false;
	v = kana_voiced(c, semi);
	if (!v || at + 4 > cap)
		return false;
	s[at] = (char)(0xE0 | (v >> 12));
	s[at + 1] = (char)(0x80 | ((v >> 6) & 0x3F));
	s[at + 2] = (char)(0x80 | (v & 0x3F));
	s[at + 3] = '\0';
	return true;
}
