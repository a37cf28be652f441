/* host_rollcall.h: the host's side of a rollcall kiosk (host_rollcall.c):
 * verifying a badge without storing, the groups and a group's members
 * from the bundle, and the departure fact. */
#ifndef FAIRKIOSK_HOST_ROLLCALL_H
#define FAIRKIOSK_HOST_ROLLCALL_H

#include <stdbool.h>

#include "kiosk.h"

/* Runs ACT_IDENTIFY, ACT_RC_GROUPS, ACT_RC_LOAD or ACT_DEPART; true with
 * the reply for the brain filled. */
bool host_rollcall_run(struct kiosk *k, const struct brain_action *a,
		       struct brain_event *reply);

#endif
