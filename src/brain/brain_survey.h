/* brain_survey.h: what brain.c, brain_survey.c and layout_survey.c share:
 * the kiosk's part of the before-and-after survey. Not part of libfair's
 * contract. */
#ifndef FAIR_BRAIN_SURVEY_H
#define FAIR_BRAIN_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/brain.h"
#include "fair/layout.h"

/* With cfg.survey_dir set, before brain.c: true when ev was handled. */
bool brain_survey_step(struct brain *b, const struct brain_event *ev,
		       int64_t now, struct brain_actions *out);
/* After brain.c took an EV_CHECKIN_DONE: is the survey due? */
void brain_survey_note(struct brain *b, const struct brain_event *ev);

/* SCREEN_SURVEY's widgets (layout_survey.c), appended to out before
 * layout_build sets their text. */
void layout_survey(const struct brain *b, struct layout *out, int gap);

#endif
