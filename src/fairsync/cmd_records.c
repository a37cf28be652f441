/* fairsync records: the provision records (records.h) as a file, for the
 * organizer's APPI records (3 years) or an inquiry from a student. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fair/export.h"

const char usage_records[] = N_(
	"usage: fairsync records --db EVENT.db [--since DATE] --out FILE\n"
	"                        [--format csv|xlsx|json] [--headers ja|en]\n\n"
	"Lists every handover of students' personal data to a company (each\n"
	"'export leads' writes one record per company: when, to whom, whose\n"
	"data, which items, on what consent, who ran it), from DATE on. The\n"
	"format follows FILE's extension unless given.\n");

static int format_of(const char *path, const char *given,
		     enum export_format *out)
{
	const char *dot = strrchr(path, '.');

	if (given)
		return export_format_parse(given, out);
	*out = EXPORT_CSV;
	if (dot && !strcmp(dot, ".xlsx"))
		*out = EXPORT_XLSX;
	else if (dot && (!strcmp(dot, ".json") || !strcmp(dot, ".jsonl")))
		*out = EXPORT_JSON;
	return 0;
}

int cmd_records(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "since", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "headers", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *since = NULL, *out = NULL, *fmt = NULL;
	struct export_opts o = { .report = EXPORT_RECORDS };
	struct export_stats stats;
	struct fair_err err = { "" };
	struct event_info ev;
	struct store *st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': since = optarg; break;
		case 'o': out = optarg; break;
		case 'f': fmt = optarg; break;
		case 'H':
			if (export_headers_parse(optarg, &o.headers))
				return cli_usage_error("records", "--headers "
						       "ja or en");
			break;
		default: return cli_usage_error("records", "bad option");
		}
	}
	if (!db || !out || optind != argc)
		return cli_usage_error("records", "needs --db and --out");
	if (format_of(out, fmt, &o.format))
		return cli_usage_error("records", "--format csv, xlsx or json");
	if (cli_out_table("records", out, (int)o.format))
		return EXIT_USAGE;
	st = cli_open_store(db, STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	rc = store_event_get(st, &ev, &err);
	if (!rc && since && cli_parse_day(&ev, since, &o.since_ms)) {
		store_close(st);
		return cli_usage_error("records", "--since '%s' is not a date",
				       since);
	}
	if (!rc)
		rc = export_write(st, &o, out, &stats, &err);
	store_close(st);
	if (rc)
		return cli_error("cannot list the records of '%s': %s", db,
				 err.msg);
	cli_note(P_("%ld provision record in '%s'",
		    "%ld provision records in '%s'", stats.rows), stats.rows,
		 out);
	return EXIT_OK;
}
