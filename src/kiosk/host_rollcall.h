/* host_rollcall.h: the host's side of the seed's other programs
 * (host_rollcall.c): a rollcall kiosk (verifying a badge without storing,
 * the groups and a group's members from the bundle, the departure fact)
 * and the tour's survey at a 研修 door (the questions, the answers). */
#ifndef FAIRKIOSK_HOST_ROLLCALL_H
#define FAIRKIOSK_HOST_ROLLCALL_H

#include <stdbool.h>

#include "kiosk.h"

/* Runs ACT_IDENTIFY, ACT_RC_GROUPS, ACT_RC_LOAD, ACT_DEPART (true, with
 * the reply for the brain filled) or ACT_SURVEY (false: no reply). */
bool host_rollcall_run(struct kiosk *k, const struct brain_action *a,
		       struct brain_event *reply);
/* The survey's questions and when this kiosk asks them (survey.h,
 * tourdays.h): at the entry of the first 研修 session's door, at the
 * exit of the last one's (kiosk.ini [rules] direction = -1). */
void host_survey_setup(struct kiosk *k, struct brain_config *bc);

#endif
