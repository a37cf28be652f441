/* fuzz_caltime.c: the calendar's parsers read what anyone types into a
 * roster or an option; they must never crash, and whatever they accept
 * must print and read back as the same time. */
#include <stdint.h>
#include <string.h>

#include "fair/caltime.h"
#include "fair/types.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[256], text[11], t[17];
	int64_t day, ms, back;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	if (cal_parse_date(s, &day, NULL) == 0) {
		if (cal_parse_date_text(s, text, NULL) ||
		    cal_parse_ymd(text, &back) || back != day)
			__builtin_trap(); /* a date reads back as itself */
	}
	if (cal_parse_time(s, "2026-12-05", 540, &ms) == 0) {
		if (ms < FAIR_TIME_MIN_MS || ms > FAIR_TIME_MAX_MS)
			__builtin_trap();
		cal_format_minute(ms, 540, t);
		if (cal_parse_time(t, NULL, 540, &back) ||
		    back != ms - ms % 60000)
			__builtin_trap(); /* to the minute */
	}
	cal_parse_ymd(s, &day);
	return 0;
}
