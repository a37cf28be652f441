/* brain_consent.h: what brain.c, brain_consent.c and layout_consent.c
 * share: consent to one company asked on a booth's lead note, and consent
 * withdrawn at any kiosk's staff screen (fair/consent.h). Not part of
 * libfair's contract. */
#ifndef FAIR_BRAIN_CONSENT_H
#define FAIR_BRAIN_CONSENT_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/brain.h"
#include "fair/layout.h"

/* Before brain.c: true when ev was handled (the withdraw screen's scans,
 * its buttons and answers, the lead note's question). */
bool brain_consent_step(struct brain *b, const struct brain_event *ev,
			int64_t now, struct brain_actions *out);

/* SCREEN_STAFF_WITHDRAW, and the question over either screen
 * (CONFIRM_CONSENT_ASK, CONFIRM_WITHDRAW): widgets appended to out before
 * layout_build sets their text. */
void layout_consent(const struct brain *b, struct layout *out, int gap);

#endif
