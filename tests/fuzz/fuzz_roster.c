/* fuzz_roster.c: the roster's normalisers (fair/roster.h: 都道府県,
 * 学校種別, 学年, 従業員数, and the school type a school's name shows) on
 * each line of arbitrary bytes, at the sizes the importer passes and at
 * small ones. fuzz_csv reaches the same cells through the importer; this
 * one checks the normalisers' own promises.
 *
 * Promises checked: out is always NUL-terminated within cap; an empty
 * cell is ROSTER_NORM_EMPTY with out ""; ROSTER_NORM_OK gives a spelling
 * that is itself read back as ROSTER_NORM_OK, unchanged (one spelling), and
 * a school type that is one of ROSTER_SCHOOL_TYPE_FORMS; a head count is
 * >= 0. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fair/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef enum roster_norm (*norm_fn)(const char *, char *, size_t);

static bool terminated(const char *out, size_t cap)
{
	return memchr(out, '\0', cap) != NULL;
}

static void check(norm_fn fn, const char *in, size_t cap)
{
	char out[128], again[128];
	enum roster_norm r;

	memset(out, 'x', sizeof(out));
	r = fn(in, out, cap);
	if (!terminated(out, cap))
		abort();
	if (r == ROSTER_NORM_EMPTY && out[0])
		abort();
	if (r != ROSTER_NORM_OK || cap < sizeof(out))
		return;
	if (!out[0] || fn(out, again, sizeof(again)) != ROSTER_NORM_OK ||
	    strcmp(out, again))
		abort(); /* one spelling */
}

static void check_type(const char *t)
{
	static const char *const forms[] = { "大学", "短大", "高専",
					     "専門学校", "高校" };

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (!strcmp(t, forms[i]))
			return;
	abort();
}

static void line(const char *in)
{
	static const norm_fn fns[] = { roster_prefecture, roster_school_type,
				       roster_grade };
	char out[128];
	int64_t n = -1;

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		check(fns[i], in, sizeof(out));
		check(fns[i], in, 4);
		check(fns[i], in, 1);
	}
	if (roster_school_type(in, out, sizeof(out)) == ROSTER_NORM_OK)
		check_type(out);
	memset(out, 'x', sizeof(out));
	roster_school_type_of(in, out, sizeof(out));
	if (!terminated(out, sizeof(out)) || (out[0] && (check_type(out), 0)))
		abort();
	memset(out, 'x', sizeof(out));
	roster_school_type_of(in, out, 3);
	if (!terminated(out, 3))
		abort();
	switch (roster_employees(in, &n)) {
	case ROSTER_NORM_OK:
		if (n < 0)
			abort();
		break;
	case ROSTER_NORM_EMPTY:
	case ROSTER_NORM_UNKNOWN:
		break;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *p, *nl;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = text; p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line(p);
	}
	free(text);
	return 0;
}
