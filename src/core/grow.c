/* grow.c: growing arrays under a cap (grow.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fair/err.h"
#include "fair/grow.h"

int fair_grow(void **p, size_t *cap, size_t need, size_t elem, size_t max)
{
	size_t c = *cap ? *cap : FAIR_GROW_FIRST;
	void *old, *q;

	if (need <= *cap)
		return FAIR_OK;
	if (need > max || elem == 0)
		return FAIR_ENOMEM;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : c * 2;
	if (c > max)
		c = max;
	if (c > SIZE_MAX / elem)
		return FAIR_ENOMEM;
	/* through memcpy: *p is a char *, a struct row *, ..., and reading
	 * it as a void * lvalue would break strict aliasing */
	memcpy(&old, p, sizeof(old));
	q = realloc(old, c * elem);
	if (!q)
		return FAIR_ENOMEM;
	memcpy(p, &q, sizeof(q));
	*cap = c;
	return FAIR_OK;
}
