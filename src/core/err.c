#include <stdarg.h>
#include <stdio.h>

#include "fair/err.h"

int fair_fail(struct fair_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}
