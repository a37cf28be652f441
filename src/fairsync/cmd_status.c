/* fairsync status: what a database holds, to check an event before the
 * fair or a kiosk bundle before it leaves the office. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "fair/caltime.h"
#include "commands.h"
#include "fair/stats.h"

const char usage_status[] = N_(
	"usage: fairsync status --db DB\n\n"
	"Prints what an event or kiosk database holds: the event, keys,\n"
	"companies, places, attendees (roster and walk-ins), schools walk-ins\n"
	"typed that are not in the roster ('new school'), facts by kind,\n"
	"check-ins by kiosk, and visitors in total and by place (a walk-in's\n"
	"registration is its arrival at the entrance, as in the exports).\n");

/* A line's title in the reader's language, padded to one column width
 * (terminal columns, so Japanese titles line up too). */
static void title(const char *t)
{
	cli_cell(_(t), 12, false);
	putchar(' ');
}

/* A name (a kind, a school, a kiosk: data, never translated) and a count
 * under one title. */
static void print_pair(const char *t, const char *text, long n)
{
	char name[256];

	title(t);
	cli_cell(cli_clean(text, name, sizeof(name)), 24, false);
	printf(" %ld\n", n);
}

static void new_school(const char *school, long n, void *ctx)
{
	(void)ctx;
	print_pair(N_("new school"), school, n);
}

static void fact_kind(const char *kind, long n, void *ctx)
{
	(void)ctx;
	print_pair(N_("facts"), kind, n);
}

static void by_place(const struct stats_row *r, void *ctx)
{
	char name[256];

	(void)ctx;
	title(N_("by place"));
	cli_cell(cli_clean(r->key, name, sizeof(name)), 24, false);
	printf(_(" %ld visitors, %ld scans\n"), r->visitors, r->scans);
}

static void by_kiosk(const struct stats_kiosk *k, void *ctx)
{
	(void)ctx;
	print_pair(N_("by kiosk"), k->kiosk, k->checkins);
}

/* The figures, each from the library's statistics (stats.h): the same
 * numbers the kiosks, the console and the exports show. */
static int print_counts(struct store *st, const struct event_info *ev,
			struct fair_err *err)
{
	static const char *const kinds[4] = {
		"entrance", "booth", "session", "visit"
	};
	struct stats_roster r;
	struct stats *s;
	int rc;

	if (stats_roster(st, &r))
		return fair_fail(err, FAIR_EIO, "cannot read the roster");
	title(N_("keys"));
	printf(_("%ld verify, %ld signing\n"), r.keys, r.signing_keys);
	title(N_("companies"));
	printf("%ld\n", r.companies);
	for (int k = 0; k < 4; k++)
		if (r.places[k])
			print_pair(N_("places"), kinds[k], r.places[k]);
	title(N_("attendees"));
	printf(_("%ld roster, %ld walk-in, %ld staff\n"), r.roster,
	       r.walkins, r.staff);
	title(N_("revoked"));
	printf(P_("%ld badge (lost or reissued)\n",
		  "%ld badges (lost or reissued)\n", r.revoked), r.revoked);
	/* schools walk-ins typed at a kiosk rather than picked from the
	 * roster's list: the organizer checks their spelling */
	rc = stats_new_schools(st, new_school, NULL);
	if (!rc)
		rc = stats_facts_by_kind(st, fact_kind, NULL);
	if (!rc)
		rc = stats_by_kiosk(st, false, by_kiosk, NULL);
	s = rc ? NULL : stats_load(st, ev->utc_offset_min, err);
	if (!s)
		return rc ? fair_fail(err, rc, "cannot count the facts") : -1;
	title(N_("visitors"));
	printf(_("%ld (%ld check-ins and walk-in registrations)\n"),
	       stats_visitors(s), stats_checkins(s));
	rc = stats_by_place(st, s, by_place, NULL);
	stats_free(s);
	return rc ? fair_fail(err, rc, "cannot count the places") : 0;
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
	char name[sizeof(ev.name)], off[7];
	int c, rc;

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
	title(N_("event"));
	printf("%s\n", cli_clean(ev.name, name, sizeof(name)));
	cal_format_offset(ev.utc_offset_min, off);
	title(N_("dates"));
	printf(_("%s to %s (UTC%s)\n"), ev.start_date, ev.end_date, off);
	title(N_("event id"));
	printf("%u\n", ev.event_id);
	rc = print_counts(st, &ev, &err);
	store_close(st);
	if (rc)
		return cli_error("'%s': %s", path, err.msg);
	return EXIT_OK;
}
