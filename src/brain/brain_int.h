/* brain_int.h: what brain.c and brain_reg.c share; private to src/brain/
 * (the public contract is include/fair/brain.h). As SQLite's btreeInt.h:
 * one state machine in two files because one would be too big. Every
 * function here takes the brain and the actions being emitted as brain.c's
 * statics did; none is for use outside src/brain/. */
#ifndef BRAIN_BRAIN_INT_H
#define BRAIN_BRAIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/brain.h"

/* brain.c: actions, going idle, the language, text fields */
struct brain_action *emit(struct brain_actions *out,
	enum brain_action_kind kind);
void emit_load(struct brain_actions *out, enum brain_list list,
	const char *query);
void go_idle(struct brain *b, int64_t now, struct brain_actions *out);
void lang_reset(struct brain *b, struct brain_actions *out);
char *conv_target(struct brain *b, size_t *cap);
bool converting(struct brain *b);
void conv_append(struct brain *b, const char *text);
void utf8_pop(char *s);
void field_append(char *f, size_t cap, const char *text);

/* brain_reg.c: registration, the name's kana, candidates and ink */
void cands_clear(struct brain *b);
void reg_open(struct brain *b, int64_t now);
void reg_close(struct brain *b, int64_t now, struct brain_actions *out);
void preedit_commit(struct brain *b);
void name_type(struct brain *b, const char *text);
bool name_backspace(struct brain *b);
void name_kbd_switch(struct brain *b);
void on_candidates(struct brain *b, const struct brain_event *ev);
void on_pen(struct brain *b, const struct brain_event *ev,
	struct brain_actions *out);
void confirm_button(struct brain *b, enum brain_button id, int64_t now,
	struct brain_actions *out);
void name_button(struct brain *b, enum brain_button id, int arg,
	struct brain_actions *out);
void reg_button(struct brain *b, const struct brain_event *ev, int64_t now,
	struct brain_actions *out);
void on_registered(struct brain *b, const struct brain_event *ev,
	struct brain_actions *out);

#endif
