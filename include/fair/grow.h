/* grow.h: the one way a growing array of the library or fairsync gets
 * more room. Every such array has a cap (house rule): past it, or on
 * overflow, the array is refused more room rather than grown, so a
 * hostile file costs at most the cap.
 *
 * Invariant: *cap is the number of elements *p has room for (0 with *p
 * NULL). fair_grow() never shrinks and never moves the elements already
 * there except as realloc() does. */
#ifndef FAIR_GROW_H
#define FAIR_GROW_H

#include <stddef.h>

#define FAIR_GROW_FIRST 16 /* elements in a new array, unless need is more */

/* Makes room for at least need elements of elem bytes in the array *p
 * (which may be NULL), doubling *cap from FAIR_GROW_FIRST, never past max
 * elements. Returns 0 (with *p and *cap updated; nothing done when the
 * room is there already), or FAIR_ENOMEM when need is over max, the size
 * overflows or memory ran out: *p and *cap are then unchanged, still
 * owned by the caller. p is the address of any object pointer
 * (`(void **)&v`): it is read and written as bytes, so its type does not
 * matter. */
int fair_grow(void **p, size_t *cap, size_t need, size_t elem, size_t max);

#endif
