/* cmd_assign.c: internship tours on the command line: `fairsync import
 * hosts|assignments FILE.csv` and `fairsync assign`. The work is in
 * fair/tours.h; this parses options and prints what happened. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "commands.h"
#include "fair/rules.h"
#include "fair/tours.h"

const char usage_assign[] = N_(
	"usage: fairsync assign --db EVENT.db --out plan.csv [--visits N]\n"
	"                       [--seed S] [--reassign]\n"
	"\n"
	"Plans an internship tour: every student gets N visits (3 unless\n"
	"--visits), each on a different day and at a company of a different\n"
	"industry, within each host day's capacity ('fairsync import hosts'),\n"
	"spread as evenly over the host days as the capacities allow. Which\n"
	"student goes where is drawn at random: the same --seed gives the\n"
	"same plan (without --seed one is drawn and printed).\n"
	"\n"
	"Students already assigned keep their visits (a student with fewer\n"
	"than N gets the rest); --reassign cancels every assignment and plans\n"
	"afresh. The plan is recorded in the event database and written to\n"
	"plan.csv (UTF-8 with BOM, for Excel): attendee,date,company, then\n"
	"氏名, 学校名, 企業名, 業種. Edit it and load it back with 'fairsync\n"
	"import assignments plan.csv --db EVENT.db'.\n"
	"\n"
	"When no plan can exist the command says why in numbers, e.g.\n"
	"'2026-12-08: 60 students, 48 seats', and changes nothing.\n"
	"\n"
	"Exit status: 0 planned, 1 impossible or failed, 2 usage error.\n");

static bool parse_int(const char *s, const char *what, int lo, int hi,
		      int *out)
{
	unsigned v;

	if (!cli_parse_u32(s, what, &v))
		return false;
	if ((long)v < lo || (long)v > hi) {
		cli_error("%s must be from %d to %d: '%s'", what, lo, hi, s);
		return false;
	}
	*out = (int)v;
	return true;
}

static void print_reasons(const char *msg)
{
	const char *p = msg, *nl;

	cli_note("no plan fits:");
	while (*p) {
		nl = strchr(p, '\n');
		fprintf(stderr, "  %.*s\n", nl ? (int)(nl - p) : (int)strlen(p),
			p);
		p = nl ? nl + 1 : p + strlen(p);
	}
}

int cmd_assign(int argc, char **argv)
{
	struct tours_assign_opts o = { .visits = 3 };
	struct tours_assign_result res;
	struct fair_err err = { "" };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "visits", required_argument, NULL, 'v' },
		{ "seed", required_argument, NULL, 's' },
		{ "reassign", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *out = NULL;
	static const char *const csv_ext[] = { ".csv", NULL };
	bool seeded = false;
	struct store *st;
	long rows;
	int rc = 0, c;
	char *end;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'r': o.reassign = true; break;
		case 'v':
			if (!parse_int(optarg, "--visits", 1, 30, &o.visits))
				return EXIT_USAGE;
			break;
		case 's':
			o.seed = strtoull(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-')
				return cli_usage_error("assign", "--seed must "
						       "be a number: '%s'",
						       optarg);
			seeded = true;
			break;
		default: return cli_usage_error("assign", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("assign", "unexpected '%s'",
				       argv[optind]);
	if (!db)
		return cli_usage_error("assign", "--db EVENT.db is required");
	if (!out)
		return cli_usage_error("assign", "--out plan.csv is required");
	rc = cli_out_file("assign", "--out", out, csv_ext);
	if (rc)
		return rc;
	if (!seeded) {
		if (sodium_init() < 0)
			return cli_error("no random numbers");
		o.seed = randombytes_uniform(1000000000u);
		cli_note("seed %llu (--seed %llu gives this plan again)",
			 (unsigned long long)o.seed,
			 (unsigned long long)o.seed);
	}
	o.now_ms = clock_wall_ms();
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	rc = tours_assign(st, &o, &res, &err);
	if (rc == FAIR_EINVAL && strchr(err.msg, ':')) {
		store_close(st);
		print_reasons(err.msg);
		cli_note("nothing changed");
		return EXIT_FAIL;
	}
	if (rc) {
		store_close(st);
		return cli_error("%s", err.msg);
	}
	rc = tours_plan_write(st, out, &rows, &err);
	store_close(st);
	if (rc)
		return cli_error("%s (the plan is recorded; write it again "
				 "with the same command)", err.msg);
	printf(P_("planned %d visit for %d students (%d kept their visits%s) "
		  "over %d host days; %ld rows in %s\n",
		  "planned %d visits for %d students (%d kept their visits%s) "
		  "over %d host days; %ld rows in %s\n", res.assigned),
	       res.assigned, res.students, res.kept,
	       res.voided ? _(", earlier plan cancelled") : "",
	       res.host_days, rows, out);
	return EXIT_OK;
}

/* `fairsync import hosts|assignments FILE --db EVENT.db [--visits N]`,
 * reached from cmd_import. */
int cmd_import_tours(int argc, char **argv)
{
	struct tours_report rep;
	struct fair_err err = { "" };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "visits", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *file = NULL;
	bool hosts = !strcmp(argv[1], "hosts");
	int visits = 0, rc = 0, c;
	struct store *st;

	optind = 2; /* past "import hosts" */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'v' && !hosts)
			rc = parse_int(optarg, "--visits", 1, 30, &visits) ?
			     0 : EXIT_USAGE;
		else
			rc = cli_usage_error("import", "bad option");
		if (rc)
			return rc;
	}
	if (optind < argc)
		file = argv[optind++];
	if (optind < argc)
		return cli_usage_error("import", "one file at a time: '%s'",
				       argv[optind]);
	if (!file)
		return cli_usage_error("import", "which file?");
	if (!db)
		return cli_usage_error("import", "--db EVENT.db is required");
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	if (!hosts && !visits) { /* as the plan was made, else 3 */
		char v[16];

		visits = 3;
		if (!tours_setting_get(st, TOURS_KEY_VISITS, v, sizeof(v)))
			parse_int(v, "--visits", 1, 30, &visits);
	}
	rc = hosts ? tours_import_hosts(st, file, file, &rep, &err)
		   : tours_import_plan(st, file, file, visits,
				       clock_wall_ms(), &rep, &err);
	store_close(st);
	for (int i = 0; i < rep.nmessages; i++)
		fprintf(stderr, "%s\n", rep.messages[i]);
	if (rep.refused > rep.nmessages)
		fprintf(stderr, _("... and %d more refused rows\n"),
			rep.refused - rep.nmessages);
	if (rc) {
		tours_report_release(&rep);
		return cli_error("%s", err.msg);
	}
	if (hosts)
		printf(P_("imported %d host day\n", "imported %d host days\n",
			  rep.imported), rep.imported);
	else {
		/* two counts, two forms: a clause each */
		printf(P_("loaded %d plan row", "loaded %d plan rows",
			  rep.rows), rep.rows);
		printf(P_(": %d new assignment\n", ": %d new assignments\n",
			  rep.imported), rep.imported);
	}
	tours_report_release(&rep);
	return EXIT_OK;
}
