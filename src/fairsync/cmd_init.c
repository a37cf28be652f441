/* fairsync init: a new event database with its signing keys. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "fair/caltime.h"
#include "fair/import.h"
#include "fair/training.h"

const char usage_init[] = N_(
	"usage: fairsync init --db EVENT.db --name TEXT --start DATE "
	"[--end DATE]\n"
	"                     [--kind fair|training]\n\n"
	"Creates the event database: the event's name and dates (venue time,\n"
	"Japan by default) and an Ed25519 signing keypair for its badges.\n"
	"The file must not exist yet. --end defaults to --start.\n"
	"A DATE is written as in the roster files: 2026-12-05, 2026/12/5,\n"
	"2026年12月5日 or 令和8年12月5日 (full-width digits too).\n"
	"--kind training: a joint employee training (合同社員研修) over\n"
	"several days, whose attendees are employees of member companies\n"
	"('fairsync import employees'); the default is fair.\n");

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "start", required_argument, NULL, 's' },
		{ "end", required_argument, NULL, 'e' },
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *name = NULL, *start = NULL, *end = NULL;
	enum event_kind kind = EVENT_FAIR;
	struct fair_err err = { "" };
	struct event_info ev;
	struct store *st;
	char from[11], to[11];
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n': name = optarg; break;
		case 's': start = optarg; break;
		case 'e': end = optarg; break;
		case 'k':
			if (event_kind_parse(optarg, &kind))
				return cli_usage_error("init", "--kind is fair "
						       "or training, not '%s'",
						       optarg);
			break;
		default: return cli_usage_error("init", "bad option");
		}
	}
	if (!db || !name || !start)
		return cli_usage_error("init", "--db, --name and --start are "
				       "required");
	if (cal_parse_date_text(start, from, &err))
		return cli_usage_error("init", "--start: %s", err.msg);
	if (end && cal_parse_date_text(end, to, &err))
		return cli_usage_error("init", "--end: %s", err.msg);
	if (end && strcmp(to, from) < 0)
		return cli_usage_error("init", "--end %s is before --start %s",
				       to, from);
	if (access(db, F_OK) == 0)
		return cli_error("'%s' already exists; an event database is "
				 "created once", db);
	st = cli_open_store(db, STORE_CREATE);
	if (!st)
		return EXIT_FAIL;
	if (store_event_create(st, name, from, end ? to : NULL, &err) ||
	    store_event_get(st, &ev, &err) ||
	    (kind != EVENT_FAIR && event_kind_set(st, kind, &err))) {
		store_close(st);
		unlink(db);
		return cli_error("cannot create event in '%s': %s", db,
				 err.msg);
	}
	store_close(st);
	fprintf(stderr, kind == EVENT_TRAINING ?
		_("created training '%s' (%s to %s, id %u) in '%s'\n") :
		_("created event '%s' (%s to %s, id %u) in '%s'\n"),
		ev.name, ev.start_date, ev.end_date, ev.event_id, db);
	return EXIT_OK;
}
