/* cmd_feedback.c: what tours and fairs collect beyond check-ins, on the
 * command line: `fairsync export feedback|rally` (reached from
 * cmd_export.c). The work is in fair/tourdata.h and fair/tours.h; the
 * rally's rule is cmd_rally.c, the settings cmd_settings.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/internship.h"
#include "cli.h"
#include "commands.h"
#include "fair/tourdata.h"
#include "fair/tours.h"

static const char *default_out(const char *what, const char *company,
			       enum tour_format f, char *buf, size_t cap)
{
	static const char *const ext[] = { "csv", "xlsx", "json" };

	if (company)
		snprintf(buf, cap, "%s-%s.%s", what, company, ext[f]);
	else
		snprintf(buf, cap, "%s.%s", what, ext[f]);
	return buf;
}

/* `fairsync export feedback|rally ...` */
int cmd_export_tours(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "company", required_argument, NULL, 'c' },
		{ "min-count", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "anonymous", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	struct feedback_opts o = { .min_count = 1 };
	struct fair_err err = { "" };
	const char *db = NULL, *out = NULL, *company = NULL;
	bool feedback = !strcmp(argv[1], "feedback");
	bool format_given = false;
	char name[512];
	struct store *st;
	struct company c;
	long rows;
	unsigned n;
	int rc, opt;

	optind = 2; /* past "export feedback" */
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (!feedback && (opt == 'c' || opt == 'm' || opt == 'a'))
			return cli_usage_error("export", "--%s is for export "
					       "feedback", opt == 'c' ?
					       "company" : opt == 'm' ?
					       "min-count" : "anonymous");
		switch (opt) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'c': company = optarg; break;
		case 'a': o.anonymous = true; break;
		case 'm':
			if (!cli_parse_u32(optarg, "--min-count", &n) ||
			    n > 1000)
				return EXIT_USAGE;
			o.min_count = (int)n;
			break;
		case 'f':
			if (tour_format_parse(optarg, &o.format))
				return cli_usage_error("export", "--format is "
						       "csv, xlsx or json, not "
						       "'%s'", optarg);
			format_given = true;
			break;
		default: return cli_usage_error("export", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("export", "unexpected '%s'",
				       argv[optind]);
	if (!db)
		return cli_usage_error("export", "--db EVENT.db is required");
	if (!out)
		out = default_out(argv[1], company, o.format, name,
				  sizeof(name));
	else if (!format_given && cli_has_ext(out, ".xlsx"))
		o.format = TOUR_XLSX; /* as export: the extension says */
	else if (!format_given && (cli_has_ext(out, ".json") ||
				   cli_has_ext(out, ".jsonl")))
		o.format = TOUR_JSON;
	if (cli_out_table("export", out, (int)o.format))
		return EXIT_USAGE;
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	if (cli_refuse_unfinished_merge(st, db, N_("export"))) {
		store_close(st);
		return EXIT_FAIL;
	}
	if (company) {
		if (cli_find_company(st, db, company, &c)) {
			store_close(st);
			return EXIT_FAIL;
		}
		o.company_id = c.id;
	}
	rc = feedback ? feedback_export(st, &o, out, &rows, &err)
		      : rally_export(st, o.format, out, &rows, &err);
	/* 三省合意 (types 1, 2): names refused, the anonymous export not */
	if (rc && feedback && !o.anonymous &&
	    !internship_may_share(internship_type(st))) {
		store_close(st);
		return cli_error("%s: %s %s", db, err.msg,
				 _("Feedback without names: add --anonymous."));
	}
	store_close(st);
	if (rc)
		return cli_error("%s", err.msg);
	cli_note(P_("%ld row in '%s'", "%ld rows in '%s'", rows), rows, out);
	return EXIT_OK;
}
