/* watchdog.h: the systemd service watchdog, kicked from the kiosk's main
 * loop so that a hung kiosk (a loop that stops turning) is restarted by
 * systemd (WatchdogSec= in fairkiosk.service). Without systemd, or when
 * the unit sets no watchdog, every call is a no-op. No SDL. */
#ifndef FAIRKIOSK_WATCHDOG_H
#define FAIRKIOSK_WATCHDOG_H

#include <stdint.h>

struct watchdog {
	int64_t every_ms;  /* kick period (half the unit's WatchdogSec), 0 off */
	int64_t next_ms;   /* monotonic time of the next kick */
};

/* Reads the unit's watchdog setting ($WATCHDOG_USEC) for this process. */
void watchdog_init(struct watchdog *w, int64_t now_ms);

/* Tells systemd the kiosk is up (READY=1), once the first frame is shown. */
void watchdog_ready(const struct watchdog *w);

/* ms, shortened so that the loop wakes in time for the next kick. */
int watchdog_wait_ms(const struct watchdog *w, int64_t now_ms, int ms);

/* Sends WATCHDOG=1 when a kick is due. Call once per loop turn. */
void watchdog_kick(struct watchdog *w, int64_t now_ms);

#endif
