/* store_cal.c: the calendar inside SQL (store.h). SQLite's own date
 * functions (strftime, date, julianday) would be a second calendar with
 * its own day boundaries and year range; these answer from caltime.c, so
 * a per-hour or per-day grouping in a query is the same hour or day the C
 * code and the screens compute. */
#include <sqlite3.h>

#include "fair/caltime.h"
#include "fair/store.h"

/* NULL in, NULL out, as SQLite's own functions; anything else is read as
 * an integer (a text or real time is a bug elsewhere, not a calendar). */
static bool args(sqlite3_context *cx, int argc, sqlite3_value **argv,
		 int64_t *ms, int *offset_min)
{
	for (int i = 0; i < argc; i++) {
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
			sqlite3_result_null(cx);
			return false;
		}
	}
	*ms = sqlite3_value_int64(argv[0]);
	*offset_min = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
	return true;
}

static void venue_day(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int64_t ms;
	int off;

	if (args(cx, argc, argv, &ms, &off))
		sqlite3_result_int64(cx, cal_local_day(ms, off));
}

static void venue_hour(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int64_t ms;
	int off;

	if (args(cx, argc, argv, &ms, &off))
		sqlite3_result_int64(cx, cal_local_hour(ms, off));
}

static void venue_hour_label(sqlite3_context *cx, int argc,
			     sqlite3_value **argv)
{
	int64_t hour;
	int unused;
	char label[17];

	if (!args(cx, argc, argv, &hour, &unused))
		return;
	cal_format_hour(hour, label);
	sqlite3_result_text(cx, label, -1, SQLITE_TRANSIENT);
}

static const struct {
	const char *name;
	int argc;
	void (*fn)(sqlite3_context *, int, sqlite3_value **);
} funcs[] = {
	{ "venue_day", 2, venue_day },
	{ "venue_hour", 2, venue_hour },
	{ "venue_hour_label", 1, venue_hour_label },
};

int store_cal_register(sqlite3 *db, struct fair_err *err)
{
	/* deterministic: usable in indexes and GROUP BY; innocuous: no side
	 * effects, so a schema or view may name them safely */
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		if (sqlite3_create_function_v2(db, funcs[i].name,
					       funcs[i].argc, flags, NULL,
					       funcs[i].fn, NULL, NULL,
					       NULL) != SQLITE_OK)
			return fair_fail(err, FAIR_EIO, "cannot add the SQL "
					 "function %s: %s", funcs[i].name,
					 sqlite3_errmsg(db));
	}
	return 0;
}
