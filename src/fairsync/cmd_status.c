/* fairsync status: what a database holds, to check an event before the
 * fair or a kiosk bundle before it leaves the office. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "fair/caltime.h"
#include "commands.h"

const char usage_status[] = N_(
	"usage: fairsync status --db DB\n\n"
	"Prints what an event or kiosk database holds: the event, keys,\n"
	"companies, places, attendees (roster and walk-ins), schools walk-ins\n"
	"typed that are not in the roster ('new school'), and facts by kind\n"
	"and kiosk.\n");

/* A count, or -1 when the database cannot answer. */
static long scalar(struct store *st, const char *sql)
{
	int64_t v = -1;

	store_query_int64(st, sql, NULL, 0, &v);
	return (long)v;
}

/* A line's title in the reader's language, padded to one column width
 * (terminal columns, so Japanese titles line up too). */
static void title(const char *t)
{
	cli_cell(_(t), 12, false);
	putchar(' ');
}

/* Rows of a name (a kind, a school, a kiosk: data, never translated)
 * and a count under one title. */
static void print_rows(sqlite3 *db, const char *t, const char *sql)
{
	sqlite3_stmt *s;
	char name[256];

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW) {
		title(t);
		cli_cell(cli_clean((const char *)sqlite3_column_text(s, 0),
				   name, sizeof(name)), 24, false);
		printf(" %lld\n", (long long)sqlite3_column_int64(s, 1));
	}
	sqlite3_finalize(s);
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct fair_err err = { "" };
	const char *path = NULL;
	struct event_info ev;
	struct store *st;
	sqlite3 *db;
	char name[sizeof(ev.name)], off[7];
	long nrev;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage_error("status", "bad option");
		path = optarg;
	}
	if (!path || optind != argc)
		return cli_usage_error("status", "--db DB is required");
	st = cli_open_store(path, STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	if (store_event_get(st, &ev, &err)) {
		store_close(st);
		return cli_error("'%s': %s", path, err.msg);
	}
	db = store_db(st);
	title(N_("event"));
	printf("%s\n", cli_clean(ev.name, name, sizeof(name)));
	cal_format_offset(ev.utc_offset_min, off);
	title(N_("dates"));
	printf(_("%s to %s (UTC%s)\n"), ev.start_date, ev.end_date, off);
	title(N_("event id"));
	printf("%u\n", ev.event_id);
	title(N_("keys"));
	printf(_("%ld verify, %ld signing\n"),
	       scalar(st, "SELECT count(*) FROM keys"),
	       scalar(st, "SELECT count(secret) FROM keys"));
	title(N_("companies"));
	printf("%ld\n", scalar(st, "SELECT count(*) FROM companies"));
	print_rows(db, N_("places"), "SELECT kind, count(*) FROM places "
		   "GROUP BY kind ORDER BY kind");
	title(N_("attendees"));
	printf(_("%ld roster, %ld walk-in, %ld staff\n"),
	       scalar(st, "SELECT count(*) FROM attendees WHERE ext_id IS NOT "
		      "NULL"),
	       scalar(st, "SELECT count(*) FROM attendees WHERE ext_id IS "
		      "NULL"),
	       scalar(st, "SELECT count(*) FROM attendees WHERE role = 1"));
	nrev = scalar(st, "SELECT count(*) FROM revocations");
	title(N_("revoked"));
	printf(P_("%ld badge (lost or reissued)\n",
		  "%ld badges (lost or reissued)\n", nrev), nrev);
	/* schools walk-ins typed at a kiosk rather than picked from the
	 * roster's list: the organizer checks their spelling */
	print_rows(db, N_("new school"), "SELECT a.school, count(DISTINCT a.id)"
		   " FROM facts f JOIN attendees a ON a.id = f.attendee_id"
		   " WHERE f.kind = 'register' AND f.flags & 8" /* NEW_SCHOOL */
		   " GROUP BY a.school ORDER BY a.school");
	print_rows(db, N_("facts"), "SELECT kind, count(*) FROM facts GROUP BY "
		   "kind ORDER BY kind");
	print_rows(db, N_("by kiosk"), "SELECT kiosk, count(*) FROM facts "
		   "WHERE kind = 'checkin' GROUP BY kiosk ORDER BY kiosk");
	store_close(st);
	return EXIT_OK;
}
