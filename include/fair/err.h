/* err.h: how the core reports failure.
 *
 * The library never prints. A function that can fail for a reason a user
 * must read takes a `struct fair_err *` (which may be NULL) and fills it with
 * one line of text; it also returns a negative code so callers can branch
 * without parsing words. Callers decide who sees the text (stderr, a staff
 * screen, a test assertion).
 */
#ifndef FAIR_ERR_H
#define FAIR_ERR_H

#include <stddef.h>

enum {
	FAIR_OK = 0,
	FAIR_EINVAL = -1,  /* bad input: a parse error, a bad option */
	FAIR_EIO = -2,     /* the disk said no: full, read-only, vanished */
	FAIR_ENOTOURS = -3,/* a file that is not a fairkiosk database */
	FAIR_ENEWER = -4,  /* a database from a newer fairkiosk */
	FAIR_ENOENT = -5,  /* a named thing does not exist */
	FAIR_ENOMEM = -6,
};

struct fair_err {
	char msg[512]; /* one line, no trailing newline; "" when unset */
};

/* Formats into err (if not NULL) and returns code, so a failing path can be
 * `return fair_fail(err, FAIR_EINVAL, "bad date '%s'", s);`. fmt is
 * English and translated first (fair/i18n.h): write it as a whole
 * sentence, its technical details (file, row, id) as arguments after. */
int fair_fail(struct fair_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
