/* cmd_rally.c: `fairsync rally`, the stamp rally's rule (fair/tours.h);
 * who completed it is `fairsync export rally` (cmd_feedback.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "fair/tourdata.h"
#include "fair/tours.h"

const char usage_rally[] = N_(
	"usage: fairsync rally --db EVENT.db [--booths N] [--kinds KINDS]\n"
	"                      [--off]\n"
	"\n"
	"The stamp rally (スタンプラリー): a student who enters N different\n"
	"places of the given kinds (booth unless --kinds, e.g.\n"
	"booth,session,visit) completes it. Kiosks show the progress (3/5)\n"
	"and 達成 on a scan at the entrance or exit; pack the kiosks after\n"
	"setting it. --off removes the rally. Without options, prints it.\n"
	"'fairsync export rally --db EVENT.db --out FILE' lists who completed\n"
	"it.\n");

int cmd_rally(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "booths", required_argument, NULL, 'b' },
		{ "kinds", required_argument, NULL, 'k' },
		{ "off", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct fair_err err = { "" };
	const char *db = NULL, *kinds = NULL;
	int booths = -1, rc, c;
	struct store *st;
	struct rally r;
	unsigned n;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': kinds = optarg; break;
		case 'x': booths = 0; break;
		case 'b':
			if (!cli_parse_u32(optarg, "--booths", &n) || n < 1 ||
			    n > 1000)
				return cli_usage_error("rally", "--booths is 1 "
						       "to 1000");
			booths = (int)n;
			break;
		default: return cli_usage_error("rally", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("rally", "unexpected '%s'",
				       argv[optind]);
	if (!db)
		return cli_usage_error("rally", "--db EVENT.db is required");
	if (kinds && booths < 0)
		return cli_usage_error("rally", "--kinds goes with --booths N");
	st = cli_open_store(db, booths < 0 ? STORE_READONLY : 0);
	if (!st)
		return EXIT_FAIL;
	rc = booths >= 0 ? rally_set(st, booths, kinds, &err) : 0;
	if (!rc)
		rally_get(st, &r);
	store_close(st);
	if (rc)
		return rc == FAIR_EINVAL ? cli_usage_error("rally", "%s",
							   err.msg)
					 : cli_error("%s", err.msg);
	if (r.booths)
		printf(P_("stamp rally: %d stamp from %s\n",
			  "stamp rally: %d stamps from %s\n", r.booths),
		       r.booths, r.kinds);
	else
		printf("%s\n", _("no stamp rally"));
	return EXIT_OK;
}
