/* fuzz_config.c: kiosk.ini parsing never crashes and every failure names a
 * line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fair/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kiosk_config c;
	struct fair_err err = { "" };
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (config_parse(text, "fuzz.ini", "/tmp", &c, &err) != 0 &&
	    !err.msg[0])
		__builtin_trap();
	free(text);
	return 0;
}
