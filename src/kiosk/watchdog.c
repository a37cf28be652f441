/* watchdog.c: see watchdog.h. */
#include <errno.h>
#include <stdlib.h>

#include <systemd/sd-daemon.h>

#include "watchdog.h"

void watchdog_init(struct watchdog *w, int64_t now_ms)
{
	const char *usec_s = getenv("WATCHDOG_USEC");
	unsigned long long usec = 0;
	char *end = NULL;

	/* Not sd_watchdog_enabled(): it answers only the process named by
	 * $WATCHDOG_PID, which is cage, the unit's main process. The kiosk
	 * is cage's child, so the unit sets NotifyAccess=all and the kiosk
	 * kicks on cage's behalf. */
	w->every_ms = 0;
	w->next_ms = now_ms;
	if (!usec_s || !usec_s[0])
		return;
	errno = 0;
	usec = strtoull(usec_s, &end, 10);
	if (errno || *end || usec < 2000)
		return;
	w->every_ms = (int64_t)(usec / 2000);
}

void watchdog_ready(const struct watchdog *w)
{
	if (w->every_ms)
		sd_notify(0, "READY=1");
}

int watchdog_wait_ms(const struct watchdog *w, int64_t now_ms, int ms)
{
	int64_t left;

	if (!w->every_ms)
		return ms;
	left = w->next_ms - now_ms;
	if (left < 0)
		left = 0;
	return (ms < 0 || left < ms) ? (int)left : ms;
}

void watchdog_kick(struct watchdog *w, int64_t now_ms)
{
	if (!w->every_ms || now_ms < w->next_ms)
		return;
	sd_notify(0, "WATCHDOG=1");
	w->next_ms = now_ms + w->every_ms;
}
