/* fairsync purge: retention (purge.h). Removes the personal data of people
 * not seen since a date; anonymous statistics and, until their 3 years
 * end, the provision records stay. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "fair/central.h"
#include "fair/purge.h"

const char usage_purge[] = N_(
	"usage: fairsync purge --db EVENT.db --before DATE [--dry-run]\n\n"
	"Removes the names, furigana, faculty, grade, e-mail, phone, consent\n"
	"and roster id (and prefecture, school type, department and title) of\n"
	"every student, employee and staff member whose last check-in (or,\n"
	"never seen, the event's last day) falls on a day before DATE (days\n"
	"in venue time, e.g. 2027-04-01). Their check-ins stay on an\n"
	"anonymous id with the school, so counts per place, school and\n"
	"hour still add up. Provision\n"
	"records (fairsync records) older than 3 years are removed too.\n"
	"--dry-run only counts. With --db postgresql://...[#EVENT] the same\n"
	"happens in the central database (every event unless one is named).\n");

static void report(const struct purge_summary *sum, const char *before,
		   bool dry, const char *where)
{
	/* where: "" or " in the central database", N_() */
	fputs("fairsync: ", stderr);
	if (dry)
		fprintf(stderr, P_("would remove the personal data of %ld "
				   "person last seen before %s%s; ",
				   "would remove the personal data of %ld "
				   "people last seen before %s%s; ",
				   sum->people), sum->people, before,
			where[0] ? _(where) : "");
	else
		fprintf(stderr, P_("removed the personal data of %ld person "
				   "last seen before %s%s; ",
				   "removed the personal data of %ld people "
				   "last seen before %s%s; ", sum->people),
			sum->people, before, where[0] ? _(where) : "");
	if (dry)
		fprintf(stderr, P_("%ld kept; %ld provision record past 3 "
				   "years would go\n", "%ld kept; %ld "
				   "provision records past 3 years would go\n",
				   sum->records_expired), sum->kept,
			sum->records_expired);
	else
		fprintf(stderr, P_("%ld kept; %ld provision record past 3 "
				   "years removed\n", "%ld kept; %ld "
				   "provision records past 3 years removed\n",
				   sum->records_expired), sum->kept,
			sum->records_expired);
}

static int purge(struct store *st, const char *db, const char *before,
		 bool dry)
{
	struct fair_err err = { "" };
	struct purge_summary sum = { 0 };
	struct event_info ev;
	int64_t before_ms;

	if (store_event_get(st, &ev, &err))
		return cli_error("cannot read '%s': %s", db, err.msg);
	if (cli_parse_day(&ev, before, &before_ms))
		return cli_usage_error("purge", "--before '%s' is not a date "
				       "(YYYY-MM-DD)", before);
	if (purge_run(st, before_ms, (int64_t)time(NULL) * 1000, dry, &sum,
		      &err))
		return cli_error("cannot purge '%s': %s", db, err.msg);
	report(&sum, before, dry, "");
	return EXIT_OK;
}

/* --db postgresql://...[#EVENT]: the same on the server, every event
 * unless one is named; dates at Japan's venue time. */
static int purge_central(const char *url, const char *before, bool dry)
{
	struct event_info jst = { .utc_offset_min = 540,
				  .start_date = "2000-01-01" };
	struct fair_err err = { "" };
	struct purge_summary sum = { 0 };
	const char *hash = strrchr(url, '#');
	char conn[1024];
	struct central *c;
	int64_t before_ms;
	int rc;

	if (cli_parse_day(&jst, before, &before_ms))
		return cli_usage_error("purge", "--before '%s' is not a date "
				       "(YYYY-MM-DD)", before);
	snprintf(conn, sizeof(conn), "%.*s", hash ? (int)(hash - url) :
		 (int)strlen(url), url);
	c = central_connect(conn, &err);
	if (!c)
		return cli_error("%s", err.msg);
	rc = central_purge(c, hash ? (uint32_t)strtoul(hash + 1, NULL, 10) : 0,
			   before_ms, (int64_t)time(NULL) * 1000, dry, &sum,
			   &err);
	central_close(c);
	if (rc)
		return cli_error("%s", err.msg);
	report(&sum, before, dry, N_(" in the central database"));
	return EXIT_OK;
}

int cmd_purge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "before", required_argument, NULL, 'b' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *before = NULL;
	bool dry = false;
	struct store *st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'b': before = optarg; break;
		case 'n': dry = true; break;
		default: return cli_usage_error("purge", "bad option");
		}
	}
	if (!db || !before || optind != argc)
		return cli_usage_error("purge", "needs --db and --before");
	if (central_is_url(db))
		return purge_central(db, before, dry);
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	rc = purge(st, db, before, dry);
	store_close(st);
	return rc;
}
