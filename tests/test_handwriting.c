/* test_handwriting.c: characters drawn on the pad (recorded strokes in
 * tests/data/handwriting/) through the real Zinnia Japanese model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/handwriting.h"

#define DATA "tests/data/handwriting/"

static int setup(void **state)
{
	struct fair_err err = { "" };
	struct handwriting *hw;

	if (handwriting_open(&hw, NULL, &err)) {
		fprintf(stderr, "handwriting_open: %s\n", err.msg);
		return -1;
	}
	*state = hw;
	return 0;
}

static int teardown(void **state)
{
	handwriting_close(*state);
	return 0;
}

/* One stroke a line of "x,y" points; '#' lines are comments. */
static void load_ink(const char *name, struct hw_ink *ink)
{
	char path[256], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), DATA "%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	memset(ink, 0, sizeof(*ink));
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *end;
		bool start = true;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (;;) {
			long x = strtol(p, &end, 10), y;

			if (end == p || *end != ',')
				break;
			p = end + 1;
			y = strtol(p, &end, 10);
			assert_true(end != p);
			p = end;
			assert_true(hw_ink_add(ink, (int)x, (int)y, start));
			start = false;
		}
	}
	fclose(f);
}

static int rank_of(struct handwriting *hw, const struct hw_ink *ink,
		   const char *want)
{
	char out[10][HW_CHAR];
	int n = handwriting_recognize(hw, ink, out, 10, NULL);

	assert_true(n > 0);
	for (int i = 0; i < n; i++)
		if (!strcmp(out[i], want))
			return i;
	return -1;
}

static void test_taka(void **state)
{
	struct hw_ink ink;

	load_ink("taka.txt", &ink);
	assert_int_equal(ink.strokes, 10);
	assert_int_equal(rank_of(*state, &ink, "高"), 0);
}

static void test_yama(void **state)
{
	struct hw_ink ink;

	load_ink("yama.txt", &ink);
	assert_int_equal(ink.strokes, 3);
	assert_int_equal(rank_of(*state, &ink, "山"), 0);
}

static void test_ink_limits(void **state)
{
	struct hw_ink ink = { 0 };
	char out[4][HW_CHAR];

	assert_int_equal(handwriting_recognize(*state, &ink, out, 4, NULL), 0);
	assert_false(hw_ink_add(&ink, 1, 1, false)); /* no press yet */
	assert_true(hw_ink_add(&ink, -50, 5000, true));
	assert_int_equal(ink.p[0].x, 0);
	assert_int_equal(ink.p[0].y, HW_SIDE - 1);
	for (int i = 1; i < HW_POINTS_MAX; i++)
		assert_true(hw_ink_add(&ink, i, i, false));
	assert_false(hw_ink_add(&ink, 1, 1, false));
	ink.n = 0;
	ink.strokes = HW_STROKES_MAX;
	assert_false(hw_ink_add(&ink, 1, 1, true));
}

static void test_missing_model(void **state)
{
	struct fair_err err = { "" };
	struct handwriting *hw = (void *)1;

	(void)state;
	assert_int_equal(handwriting_open(&hw, "/nonexistent.model", &err),
			 FAIR_ENOENT);
	assert_null(hw);
	assert_non_null(strstr(err.msg, "/nonexistent.model"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_taka),
		cmocka_unit_test(test_yama),
		cmocka_unit_test(test_ink_limits),
		cmocka_unit_test(test_missing_model),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
