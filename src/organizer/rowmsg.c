/* rowmsg.c: the messages every import gives a bad row (fair/rowmsg.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/csv.h"
#include "fair/i18n.h"
#include "fair/rowmsg.h"

#define REASON_MAX 600
#define MESSAGE_MAX 1000

char *rowmsg_vformat(char *out, size_t cap, const char *where,
		     const char *fmt, va_list ap)
{
	char reason[REASON_MAX];

	vsnprintf(reason, sizeof(reason), _(fmt), ap);
	if (where)
		snprintf(out, cap, "%s: %s", where, reason);
	else
		snprintf(out, cap, "%s", reason);
	return out;
}

int rowmsg_keep(char ***messages, int *n, int max, const char *msg)
{
	char **grown, *copy;

	if (*n >= max)
		return -1;
	grown = realloc(*messages, (size_t)(*n + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	*messages = grown;
	copy = strdup(msg);
	if (!copy)
		return -1;
	grown[(*n)++] = copy;
	return 0;
}

int rowmsg_vadd(char ***messages, int *n, int max, const char *where,
		const char *fmt, va_list ap)
{
	char msg[MESSAGE_MAX];

	if (*n >= max)
		return -1;
	return rowmsg_keep(messages, n, max,
			   rowmsg_vformat(msg, sizeof(msg), where, fmt, ap));
}

void rowmsg_row(char ***messages, int *n, int *refused, int max,
		const struct csv *c, const struct csv_row *row,
		const char *fmt, ...)
{
	char where[300];
	va_list ap;

	(*refused)++;
	va_start(ap, fmt);
	rowmsg_vadd(messages, n, max,
		    row ? csv_where(c, row, where, sizeof(where)) : NULL, fmt,
		    ap);
	va_end(ap);
}

int rowmsg_refuse_file(struct fair_err *err, const char *name, int n)
{
	char msg[sizeof(err->msg)];

	snprintf(msg, sizeof(msg), P_("%s: %d bad row", "%s: %d bad rows", n),
		 name, n);
	return fair_fail(err, FAIR_EINVAL, "%s", msg);
}

void rowmsg_free(char ***messages, int *n)
{
	for (int i = 0; i < *n; i++)
		free((*messages)[i]);
	free(*messages);
	*messages = NULL;
	*n = 0;
}
