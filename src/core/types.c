#include <time.h>

#include "fair/types.h"

const char *input_source_name(enum input_source s)
{
	static const char *const names[SOURCE_COUNT] = {
		"camera", "scanner", "serial", "manual", "script",
	};

	return (unsigned)s < SOURCE_COUNT ? names[s] : "unknown";
}

static int64_t clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_wall_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

int64_t clock_mono_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}
