/* brain_rollcall.h: what brain.c and brain_rollcall.c share: the
 * roll-call kiosk's part of brain_step. Not part of libfair's contract. */
#ifndef FAIR_BRAIN_ROLLCALL_H
#define FAIR_BRAIN_ROLLCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/brain.h"

/* For a rollcall kiosk, before brain.c: true when ev was handled. */
bool brain_rollcall_step(struct brain *b, const struct brain_event *ev,
			 int64_t now, struct brain_actions *out);
/* After every step: idle asks the host for the groups once. */
void brain_rollcall_after(struct brain *b, struct brain_actions *out);

#endif
