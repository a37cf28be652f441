/* fuzz_token.c: the badge decoder must never crash or read out of bounds,
 * whatever a scanner types. */
#include <stdint.h>
#include <string.h>

#include "fair/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct token_keys keys = { .n = 1 };
	struct token t;
	const char *why = NULL;
	enum token_status s;

	s = token_check((const char *)data, size, 1, &keys, &t, &why);
	if (s != TOKEN_OK && !why)
		__builtin_trap(); /* every refusal carries a reason */
	return 0;
}
