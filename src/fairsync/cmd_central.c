/* fairsync central, push, pull: the central PostgreSQL store (central.h).
 *   central init  --url URL            create or migrate the schema
 *   central grant --url URL --kiosk N  a login for one kiosk's live sync
 *   push --db EVENT.db --to URL        the event, roster and facts up
 *   pull --db EVENT.db --from URL      and down, through merge's checks */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "fair/central.h"

const char usage_central[] =
	"usage: fairsync central init --url URL\n"
	"       fairsync central grant --url URL --kiosk NAME\n\n"
	"The central PostgreSQL database several organizers and live kiosks\n"
	"share (URL: postgresql://USER:PASSWORD@HOST:PORT/DB, as libpq takes\n"
	"it). 'init' creates its tables, or brings an older version up to\n"
	"date. 'grant' creates a login for the kiosk NAME that may only add\n"
	"check-ins and read the roster without contact details, and prints\n"
	"its URL for the kiosk's kiosk.ini ([sync] central = URL).\n";

const char usage_push[] =
	"usage: fairsync push --db EVENT.db --to URL\n\n"
	"Sends the event, its roster, revocations, provision records and every\n"
	"check-in to the central database: a set union, so pushing twice, or\n"
	"from two copies of the event, adds each check-in once. A check-in the\n"
	"server holds with other content stops the push; nothing is sent.\n";

const char usage_pull[] =
	"usage: fairsync pull --db EVENT.db --from URL [--event ID]\n\n"
	"Brings what the central database holds of the event into EVENT.db:\n"
	"roster and revocations, then check-ins through the same checks as\n"
	"'fairsync merge'. A new EVENT.db becomes the central event ID (with\n"
	"its signing keys, so this computer can print badges too).\n";

static struct central *connect_or_say(const char *url)
{
	struct fair_err err = { "" };
	struct central *c = central_connect(url, &err);

	if (!c)
		cli_error("%s", err.msg);
	return c;
}

static int central_init_cmd(const char *url)
{
	struct fair_err err = { "" };
	struct central *c = connect_or_say(url);
	int from = 0, rc;

	if (!c)
		return EXIT_FAIL;
	rc = central_init(c, &from, &err);
	central_close(c);
	if (rc)
		return cli_error("%s", err.msg);
	if (from == CENTRAL_SCHEMA_VERSION)
		fprintf(stderr, "fairsync: the central schema is up to date "
			"(version %d)\n", from);
	else
		fprintf(stderr, "fairsync: central schema %s version %d\n",
			from ? "migrated to" : "created at",
			CENTRAL_SCHEMA_VERSION);
	return EXIT_OK;
}

static int central_grant_cmd(const char *url, const char *kiosk)
{
	struct fair_err err = { "" };
	struct central *c = connect_or_say(url);
	char out[1024];
	int rc;

	if (!c)
		return EXIT_FAIL;
	rc = central_grant(c, kiosk, 0, out, sizeof(out), &err);
	central_close(c);
	if (rc)
		return cli_error("%s", err.msg);
	puts(out);
	fprintf(stderr, "fairsync: kiosk '%s' may add check-ins and read the "
		"roster; put the URL above in its kiosk.ini as [sync] "
		"central\n", kiosk);
	return EXIT_OK;
}

int cmd_central(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "kiosk", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *kiosk = NULL, *what;
	int c;

	if (cli_wants_help(argc, argv, cli_command("central")))
		return EXIT_OK;
	if (argc < 2)
		return cli_usage_error("central", "init or grant?");
	what = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': url = optarg; break;
		case 'k': kiosk = optarg; break;
		default: return cli_usage_error("central", "bad option");
		}
	}
	if (!url || optind != argc)
		return cli_usage_error("central", "needs --url");
	if (!strcmp(what, "init") && !kiosk)
		return central_init_cmd(url);
	if (!strcmp(what, "grant") && kiosk)
		return central_grant_cmd(url, kiosk);
	return cli_usage_error("central", "'%s': init, or grant --kiosk NAME",
			       what);
}

/* push and pull share their options: --db, --to/--from, --event. */
static int sync_cmd(int argc, char **argv, bool push)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' },
		{ "event", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = push ? "push" : "pull";
	const char *db = NULL, *url = NULL;
	struct fair_err err = { "" };
	struct central_counts n;
	struct central *c;
	struct store *st;
	unsigned event = 0;
	int o, rc;

	if (cli_wants_help(argc, argv, cli_command(name)))
		return EXIT_OK;
	optind = 1;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'd': db = optarg; break;
		case 't': if (push) url = optarg; else return
			  cli_usage_error(name, "pull takes --from"); break;
		case 'f': if (!push) url = optarg; else return
			  cli_usage_error(name, "push takes --to"); break;
		case 'e':
			if (push || !cli_parse_u32(optarg, "--event", &event))
				return cli_usage_error(name, "bad --event");
			break;
		default: return cli_usage_error(name, "bad option");
		}
	}
	if (!db || !url || optind != argc)
		return cli_usage_error(name, "needs --db and --%s",
				       push ? "to" : "from");
	st = cli_open_store(db, push ? 0 : STORE_CREATE);
	if (!st)
		return EXIT_FAIL;
	c = connect_or_say(url);
	rc = !c ? FAIR_EIO : push ? central_push(c, st, &n, &err) :
		central_pull(c, st, db, event, &n, &err);
	central_close(c);
	store_close(st);
	if (!c)
		return EXIT_FAIL;
	if (rc)
		return cli_error("cannot %s '%s': %s", name, db, err.msg);
	fprintf(stderr, "fairsync: %s %ld check-%s, %ld new%s\n",
		push ? "pushed" : "pulled", n.facts_sent,
		n.facts_sent == 1 ? "in" : "ins", n.facts_added,
		push ? " to the central database" : " to this event file");
	return EXIT_OK;
}

int cmd_push(int argc, char **argv)
{
	return sync_cmd(argc, argv, true);
}

int cmd_pull(int argc, char **argv)
{
	return sync_cmd(argc, argv, false);
}

const char usage_season[] =
	"usage: fairsync season --from URL --out FILE.csv\n\n"
	"One row per student across every event of the central database\n"
	"(fairs, seminars, tours): name, school, how many events they came to\n"
	"and which. Students are known by e-mail address across events.\n";

int cmd_season(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *out = NULL;
	struct fair_err err = { "" };
	struct central *c;
	char tmp[4200];
	FILE *f;
	long n;
	int o;

	if (cli_wants_help(argc, argv, cli_command("season")))
		return EXIT_OK;
	optind = 1;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'f': url = optarg; break;
		case 'o': out = optarg; break;
		default: return cli_usage_error("season", "bad option");
		}
	}
	if (!url || !out || optind != argc)
		return cli_usage_error("season", "needs --from and --out");
	snprintf(tmp, sizeof(tmp), "%s.part", out);
	c = connect_or_say(url);
	if (!c)
		return EXIT_FAIL;
	f = fopen(tmp, "w");
	n = f ? central_season_csv(c, f, &err) :
		fair_fail(&err, FAIR_EIO, "cannot write '%s'", tmp);
	central_close(c);
	if (f && (fclose(f) || n < 0)) {
		unlink(tmp);
		n = n < 0 ? n : fair_fail(&err, FAIR_EIO, "cannot write '%s'",
					  out);
	}
	if (n >= 0 && rename(tmp, out))
		n = fair_fail(&err, FAIR_EIO, "cannot write '%s'", out);
	if (n < 0)
		return cli_error("%s", err.msg);
	fprintf(stderr, "fairsync: %ld %s in the season, in '%s'\n", n,
		n == 1 ? "student" : "students", out);
	return EXIT_OK;
}
