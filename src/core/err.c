#include <stdarg.h>
#include <stdio.h>

#include "fair/err.h"
#include "fair/i18n.h"

int fair_fail(struct fair_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	/* in the reader's language (i18n.h); the arguments stay as given */
	vsnprintf(err->msg, sizeof(err->msg), _(fmt), ap);
	va_end(ap);
	return code;
}
