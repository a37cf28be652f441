/* fairsync central, push, pull: the central PostgreSQL store (central.h).
 *   central init  --url URL            create or migrate the schema
 *   central grant --url URL --kiosk N --db EVENT.db   one kiosk's login
 *   central revoke-kiosk --url URL N   end a kiosk's login
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

const char usage_central[] = N_(
	"usage: fairsync central init --url URL [--schema N]\n"
	"       fairsync central grant --url URL --kiosk NAME\n"
	"                     (--db EVENT.db | --event ID) [--rotate]\n"
	"       fairsync central revoke-kiosk --url URL\n"
	"                     [--db EVENT.db | --event ID] NAME\n\n"
	"The central PostgreSQL database several organizers and live kiosks\n"
	"share (URL: postgresql://USER:PASSWORD@HOST:PORT/DB, as libpq takes\n"
	"it). 'init' creates its tables, or brings an older version up to\n"
	"date (--schema N stops at version N: tests make old servers so).\n\n"
	"'grant' creates a login for the kiosk NAME of one event (the event\n"
	"of EVENT.db, or ID; push it first) and prints its URL for the\n"
	"kiosk's kiosk.ini ([sync] central = URL). The login may read that\n"
	"event's names, places and revoked badges (never e-mail addresses or\n"
	"phone numbers), and add check-ins of that event under its own name,\n"
	"timed within the event's days, voiding only its own; the server\n"
	"checks every value as 'fairsync merge' checks a kiosk file. It may\n"
	"read nothing of other events and create no tables. A name that would\n"
	"share a login with another kiosk's (booth-C1, BOOTH_c1) is refused.\n"
	"  --rotate   a new password for a kiosk that has a login: its old\n"
	"             URL stops working\n\n"
	"'revoke-kiosk' ends the login of a lost kiosk NAME: it can no longer\n"
	"log in, its open connections are closed, its role is dropped.\n"
	"--db or --event picks the event when several have a kiosk NAME.\n");

const char usage_push[] = N_(
	"usage: fairsync push --db EVENT.db --to URL\n\n"
	"Sends the event, its roster, revocations, provision records and every\n"
	"check-in to the central database: a set union, so pushing twice, or\n"
	"from two copies of the event, adds each check-in once. A check-in the\n"
	"server holds with other content stops the push; nothing is sent.\n");

const char usage_pull[] = N_(
	"usage: fairsync pull --db EVENT.db --from URL [--event ID]\n\n"
	"Brings what the central database holds of the event into EVENT.db:\n"
	"roster and revocations, then check-ins through the same checks as\n"
	"'fairsync merge'. A new EVENT.db becomes the central event ID (with\n"
	"its signing keys, so this computer can print badges too).\n");

static struct central *connect_or_say(const char *url)
{
	struct fair_err err = { "" };
	struct central *c = central_connect(url, &err);

	if (!c)
		cli_error("%s", err.msg);
	return c;
}

static int central_init_cmd(const char *url, unsigned to)
{
	struct fair_err err = { "" };
	struct central *c = connect_or_say(url);
	int from = 0, rc;

	if (!c)
		return EXIT_FAIL;
	rc = central_migrate(c, to ? (int)to : CENTRAL_SCHEMA_VERSION, &from,
			     &err);
	central_close(c);
	if (rc)
		return cli_error("%s", err.msg);
	to = to ? to : CENTRAL_SCHEMA_VERSION;
	if (from == (int)to)
		cli_note("the central schema is up to date (version %d)",
			 from);
	else if (from)
		cli_note("central schema migrated to version %u", to);
	else
		cli_note("central schema created at version %u", to);
	if (from > 0 && from < 4 && to >= 4)
		cli_note("kiosk logins granted before version 4 named no "
			 "event and no longer work; grant each kiosk again "
			 "with --db EVENT.db");
	return EXIT_OK;
}

/* The event a login is for: --event, or the event of --db's file. */
static int login_event(const char *db, unsigned event, uint32_t *out)
{
	struct fair_err err = { "" };
	struct event_info ev;
	struct store *st;
	int rc;

	*out = event;
	if (!db)
		return 0;
	st = cli_open_store(db, STORE_READONLY);
	if (!st)
		return -1;
	rc = store_event_get(st, &ev, &err);
	store_close(st);
	if (rc) {
		cli_error("'%s' holds no event: %s", db, err.msg);
		return -1;
	}
	if (event && event != ev.event_id) {
		cli_error("'%s' holds event %u, not %u", db,
			  (unsigned)ev.event_id, event);
		return -1;
	}
	*out = ev.event_id;
	return 0;
}

static int central_grant_cmd(const char *url, const char *kiosk,
			     uint32_t event, unsigned flags)
{
	struct fair_err err = { "" };
	struct central *c;
	char out[1024];
	int rc;

	if (!event)
		return cli_error("kiosk '%s': a login belongs to one event; "
				 "name it with --db EVENT.db or --event ID",
				 kiosk);
	c = connect_or_say(url);
	if (!c)
		return EXIT_FAIL;
	rc = central_grant(c, kiosk, event, flags, out, sizeof(out), &err);
	central_close(c);
	if (rc)
		return cli_error("%s", err.msg);
	puts(out);
	cli_note("kiosk '%s' may add check-ins to event %u and read its "
		 "roster; put the URL above in its kiosk.ini as [sync] "
		 "central%s", kiosk, (unsigned)event,
		 flags & CENTRAL_GRANT_ROTATE ?
		 _(" (its old URL no longer works)") : "");
	return EXIT_OK;
}

static int central_revoke_cmd(const char *url, const char *kiosk,
			      uint32_t event)
{
	struct fair_err err = { "" };
	struct central *c = connect_or_say(url);
	long ended = 0;
	int rc;

	if (!c)
		return EXIT_FAIL;
	rc = central_revoke_kiosk(c, kiosk, event, &ended, &err);
	central_close(c);
	if (rc)
		return cli_error("%s", err.msg);
	cli_note(P_("kiosk '%s' can no longer log in to the central database "
		    "(%ld open connection closed)",
		    "kiosk '%s' can no longer log in to the central database "
		    "(%ld open connections closed)", ended), kiosk, ended);
	return EXIT_OK;
}

int cmd_central(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "kiosk", required_argument, NULL, 'k' },
		{ "db", required_argument, NULL, 'd' },
		{ "event", required_argument, NULL, 'e' },
		{ "rotate", no_argument, NULL, 'r' },
		{ "schema", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *kiosk = NULL, *db = NULL, *what;
	unsigned event = 0, flags = 0, to = 0;
	uint32_t ev = 0;
	int c;

	if (cli_wants_help(argc, argv, cli_command("central")))
		return EXIT_OK;
	if (argc < 2)
		return cli_usage_error("central", "init, grant or "
				       "revoke-kiosk?");
	what = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': url = optarg; break;
		case 'k': kiosk = optarg; break;
		case 'd': db = optarg; break;
		case 'e':
			if (!cli_parse_u32(optarg, "--event", &event))
				return cli_usage_error("central", "bad "
						       "--event");
			break;
		case 'r': flags |= CENTRAL_GRANT_ROTATE; break;
		case 's':
			if (!cli_parse_u32(optarg, "--schema", &to) || !to)
				return cli_usage_error("central", "bad "
						       "--schema");
			break;
		default: return cli_usage_error("central", "bad option");
		}
	}
	if (!strcmp(what, "revoke-kiosk") && !kiosk && optind == argc - 1)
		kiosk = argv[optind++];
	if (!url || optind != argc)
		return cli_usage_error("central", "needs --url");
	if (!strcmp(what, "init") && !kiosk && !db && !event && !flags)
		return central_init_cmd(url, to);
	if (to)
		return cli_usage_error("central", "--schema goes with init");
	if ((!strcmp(what, "grant") || !strcmp(what, "revoke-kiosk")) &&
	    kiosk && login_event(db, event, &ev))
		return EXIT_FAIL;
	if (!strcmp(what, "grant") && kiosk)
		return central_grant_cmd(url, kiosk, ev, flags);
	if (!strcmp(what, "revoke-kiosk") && kiosk && !flags)
		return central_revoke_cmd(url, kiosk, ev);
	return cli_usage_error("central", "'%s': init, grant --kiosk NAME "
			       "--db EVENT.db, or revoke-kiosk NAME", what);
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
	if (push)
		cli_note(P_("pushed %ld check-in, %ld new to the central "
			    "database", "pushed %ld check-ins, %ld new to the "
			    "central database", n.facts_sent),
			 n.facts_sent, n.facts_added);
	else
		cli_note(P_("pulled %ld check-in, %ld new to this event file",
			    "pulled %ld check-ins, %ld new to this event file",
			    n.facts_sent), n.facts_sent, n.facts_added);
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

const char usage_season[] = N_(
	"usage: fairsync season --from URL --out FILE.csv\n\n"
	"One row per student across every event of the central database\n"
	"(fairs, seminars, tours): name, school, how many events they came to\n"
	"and which. Students are known by e-mail address across events.\n");

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
	cli_note(P_("%ld student in the season, in '%s'",
		    "%ld students in the season, in '%s'", n), n, out);
	return EXIT_OK;
}
