/* livesync.h: the kiosk's live link to the central database, when
 * kiosk.ini sets [sync] central = URL: a thread of its own runs
 * central_sync_step() (central.h) about every second, or at once after a
 * check-in, and backs off (1 s doubling to 30 s) while the server cannot
 * be reached. It never touches the kiosk's check-ins in flight: a check-in
 * is stored and confirmed the same with the network up, down or flapping.
 * No SDL. */
#ifndef FAIRKIOSK_LIVESYNC_H
#define FAIRKIOSK_LIVESYNC_H

#include <stddef.h>
#include <stdint.h>

#include "fair/err.h"

struct livesync;

/* Starts the thread. wake(ctx) is called (from the thread) when the
 * status line changes, so staff see it; its time is venue time at
 * offset_min (the event's utc_offset_min). rally_kinds: the event's stamp
 * rally kinds when this kiosk shows rally progress (every RALLY_MS the
 * thread fetches the server's counts), else "". NULL with err on
 * failure. */
struct livesync *livesync_start(const char *url, const char *db,
				uint32_t event_id, int offset_min,
				const char *rally_kinds,
				void (*wake)(void *), void *ctx,
				struct fair_err *err);

/* A student's stamps as the server counted them from every kiosk's scans
 * at its last answer, or -1 when there is no answer yet (or no rally, or
 * ls is NULL): the entrance then shows what it knows itself. */
int livesync_stamps(struct livesync *ls, uint32_t attendee);

/* A fact was stored: send it now rather than at the next tick. */
void livesync_poke(struct livesync *ls);

/* The status for staff, e.g. "central: 0 waiting, last 10:42:07" or
 * "central: unreachable, 3 waiting". "" for NULL. */
void livesync_status(struct livesync *ls, char *out, size_t cap);

/* Stops the thread after a last round (so what is recorded goes up before
 * a clean exit when the server is there), and frees ls. NULL is fine. */
void livesync_stop(struct livesync *ls);

#endif
