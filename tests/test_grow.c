/* test_grow: fair_grow(), the growing arrays' one helper: doubling, the
 * cap, overflow, and the array left as it was when refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fair/err.h"
#include "fair/grow.h"

static void test_doubles_and_keeps(void **state)
{
	int *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(fair_grow((void **)&v, &cap, 1, sizeof(*v), 1000), 0);
	assert_int_equal(cap, FAIR_GROW_FIRST);
	for (int i = 0; i < FAIR_GROW_FIRST; i++)
		v[i] = i;
	assert_int_equal(fair_grow((void **)&v, &cap, FAIR_GROW_FIRST + 1,
				   sizeof(*v), 1000), 0);
	assert_int_equal(cap, 2 * FAIR_GROW_FIRST);
	assert_int_equal(v[FAIR_GROW_FIRST - 1], FAIR_GROW_FIRST - 1);
	/* room already there: nothing moves */
	assert_int_equal(fair_grow((void **)&v, &cap, 3, sizeof(*v), 1000), 0);
	assert_int_equal(cap, 2 * FAIR_GROW_FIRST);
	/* a jump past the doubling gets at least what it needs */
	assert_int_equal(fair_grow((void **)&v, &cap, 300, sizeof(*v), 1000),
			 0);
	assert_true(cap >= 300 && cap <= 1000);
	free(v);
}

static void test_cap(void **state)
{
	char *p = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(fair_grow((void **)&p, &cap, 20, 1, 40), 0);
	assert_int_equal(cap, 32);
	/* doubling would pass the cap: the cap itself */
	assert_int_equal(fair_grow((void **)&p, &cap, 33, 1, 40), 0);
	assert_int_equal(cap, 40);
	/* past the cap: refused, the array as it was */
	assert_int_equal(fair_grow((void **)&p, &cap, 41, 1, 40), FAIR_ENOMEM);
	assert_int_equal(cap, 40);
	assert_non_null(p);
	free(p);
}

static void test_overflow(void **state)
{
	char *p = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(fair_grow((void **)&p, &cap, SIZE_MAX / 2, 4,
				   SIZE_MAX), FAIR_ENOMEM);
	assert_null(p);
	assert_int_equal(cap, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubles_and_keeps),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
