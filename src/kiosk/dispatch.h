/* dispatch.h: the one place events reach the kiosk's brain and its actions
 * are carried out (dispatch.c). The event loop, the --script player and
 * main.c feed events in; the actions go out to the store (host.c), the
 * speaker and the printer (render.c, print.c). Nothing here calls back
 * into the loop. */
#ifndef KIOSK_DISPATCH_H
#define KIOSK_DISPATCH_H

#include "kiosk.h"

/* The reply queue's first size; it doubles when full (logged on stderr),
 * so no action's reply is ever dropped, but out of memory. */
#define DISPATCH_QUEUE_START 8

/* Steps the brain with ev and runs every action it asks for, feeding their
 * results back, until nothing is left. Marks the screen dirty when the
 * brain changed. */
void kiosk_feed(struct kiosk *k, const struct brain_event *ev);
/* A named key or typed text, as a brain event. */
void kiosk_feed_key(struct kiosk *k, enum brain_key key);
void kiosk_feed_text(struct kiosk *k, const char *text);
/* Gives the text field what texthold released: everything held when
 * force (a tap ends typing), else a run whose gap has passed. now_ms is on
 * SDL's clock, as event timestamps are. */
void kiosk_release_typing(struct kiosk *k, int64_t now_ms, bool force);
/* Frees the reply queue (at exit). */
void kiosk_dispatch_free(struct kiosk *k);

#endif
