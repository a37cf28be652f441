/* cmd_assign.c: internship tours on the command line: `fairsync import
 * hosts|assignments FILE.csv` and `fairsync assign`. The work is in
 * fair/tours.h; this parses options and prints what happened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "commands.h"
#include "fair/rules.h"
#include "fair/tours.h"

const char usage_assign[] =
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
	"Exit status: 0 planned, 1 impossible or failed, 2 usage error.\n";

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

/* "--opt VALUE" or "--opt=VALUE" at argv[*i]: the value, or NULL. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt,
			     const char *cmd, int *rc)
{
	size_t n = strlen(opt);

	if (!strncmp(argv[*i], opt, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], opt))
		return NULL;
	if (++*i >= argc) {
		*rc = cli_usage_error(cmd, "%s needs a value", opt);
		return NULL;
	}
	return argv[*i];
}

static void print_reasons(const char *msg)
{
	const char *p = msg, *nl;

	fprintf(stderr, "fairsync: no plan fits:\n");
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
	const char *db = NULL, *out = NULL, *v;
	static const char *const csv_ext[] = { ".csv", NULL };
	bool seeded = false;
	struct store *st;
	long rows;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--db", "assign", &rc)))
			db = v;
		else if ((v = opt_value(argc, argv, &i, "--out", "assign",
					&rc)))
			out = v;
		else if ((v = opt_value(argc, argv, &i, "--visits", "assign",
					&rc))) {
			if (!parse_int(v, "--visits", 1, 30, &o.visits))
				return EXIT_USAGE;
		} else if ((v = opt_value(argc, argv, &i, "--seed", "assign",
					  &rc))) {
			char *end;

			o.seed = strtoull(v, &end, 10);
			if (!*v || *end || v[0] == '-')
				return cli_usage_error("assign", "--seed must "
						       "be a number: '%s'", v);
			seeded = true;
		} else if (rc) {
			return rc;
		} else if (!strcmp(argv[i], "--reassign")) {
			o.reassign = true;
		} else {
			return cli_usage_error("assign", "unknown option '%s'",
					       argv[i]);
		}
		if (rc)
			return rc;
	}
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
		fprintf(stderr, "fairsync: seed %llu (--seed %llu gives this "
			"plan again)\n", (unsigned long long)o.seed,
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
		fprintf(stderr, "fairsync: nothing changed\n");
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
	printf("planned %d %s for %d students (%d kept their visits%s) over "
	       "%d host days; %ld rows in %s\n", res.assigned,
	       cli_plural(res.assigned, "visit", "visits"), res.students,
	       res.kept, res.voided ? ", earlier plan cancelled" : "",
	       res.host_days, rows, out);
	return EXIT_OK;
}

/* `fairsync import hosts|assignments FILE --db EVENT.db [--visits N]`,
 * reached from cmd_import. */
int cmd_import_tours(int argc, char **argv)
{
	struct tours_report rep;
	struct fair_err err = { "" };
	const char *db = NULL, *file = NULL, *v;
	bool hosts = !strcmp(argv[1], "hosts");
	int visits = 0, rc = 0;
	struct store *st;

	for (int i = 2; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--db", "import", &rc))) {
			db = v;
		} else if (!hosts && (v = opt_value(argc, argv, &i,
						    "--visits", "import",
						    &rc))) {
			if (!parse_int(v, "--visits", 1, 30, &visits))
				return EXIT_USAGE;
		} else if (rc) {
			return rc;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("import", "unknown option '%s'",
					       argv[i]);
		} else if (!file) {
			file = argv[i];
		} else {
			return cli_usage_error("import", "one file at a time: "
					       "'%s'", argv[i]);
		}
	}
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
		fprintf(stderr, "... and %d more refused rows\n",
			rep.refused - rep.nmessages);
	if (rc) {
		tours_report_release(&rep);
		return cli_error("%s", err.msg);
	}
	if (hosts)
		printf("imported %d host %s\n", rep.imported,
		       cli_plural(rep.imported, "day", "days"));
	else
		printf("loaded %d plan %s: %d new %s\n", rep.rows,
		       cli_plural(rep.rows, "row", "rows"), rep.imported,
		       cli_plural(rep.imported, "assignment", "assignments"));
	tours_report_release(&rep);
	return EXIT_OK;
}
