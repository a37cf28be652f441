/* fairsync export: attendance, visits, leads and summaries as CSV, XLSX or
 * JSON lines. The queries and writers are in core/export.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fair/export.h"

const char usage_export[] =
	"usage: fairsync export attendance|visits|leads|summary --db EVENT.db\n"
	"         [--format csv|xlsx|json] [--encoding utf-8|cp932]\n"
	"         [--company ID] [--min-count N] --out FILE\n\n"
	"attendance  one row per student and place: first in, last out,\n"
	"            minutes between them, number of scans\n"
	"visits      each student's places in time order, by school\n"
	"            (for universities' career offices)\n"
	"leads       students who visited the company's booth or sessions\n"
	"            AND consented to share contact details (--company ID,\n"
	"            the company's id from its CSV or its number)\n"
	"summary     students and scans per place, per school (counts below\n"
	"            --min-count shown as <N) and per hour\n\n"
	"Scans voided by staff do not count; times are the venue's, repaired\n"
	"by 'fairsync merge' where a kiosk clock was wrong.\n\n"
	"  --format    csv (default; or from the --out extension .xlsx,\n"
	"              .json, .jsonl), xlsx, json (one object per line)\n"
	"  --encoding  CSV only: utf-8 with a BOM (default, what Excel\n"
	"              expects) or cp932 (Shift_JIS, for older Excel)\n"
	"  --min-count hide school counts smaller than N (default 0)\n"
	"  --out FILE  written whole or not at all\n";

struct export_args {
	const char *db, *out, *company, *format, *encoding;
	unsigned min_count;
	struct export_opts o;
};

static const char *ext_format(const char *out)
{
	const char *dot = strrchr(out, '.');

	if (dot && (!strcasecmp(dot, ".xlsx") || !strcasecmp(dot, ".json") ||
		    !strcasecmp(dot, ".jsonl")))
		return dot + 1;
	return "csv";
}

static int parse_values(struct export_args *a)
{
	const char *fmt = a->format ? a->format : ext_format(a->out);

	if (export_format_parse(fmt, &a->o.format))
		return cli_usage_error("export", "unknown format '%s'", fmt);
	if (a->encoding && export_encoding_parse(a->encoding, &a->o.encoding))
		return cli_usage_error("export", "unknown encoding '%s'",
				       a->encoding);
	if (a->o.encoding == EXPORT_CP932 && a->o.format != EXPORT_CSV)
		return cli_usage_error("export", "--encoding cp932 is for csv");
	if (a->o.report == EXPORT_LEADS && !a->company)
		return cli_usage_error("export", "leads needs --company ID");
	a->o.min_count = (int)(a->min_count > 1000000 ? 1000000
							: a->min_count);
	return 0;
}

static int parse(int argc, char **argv, struct export_args *a)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "company", required_argument, NULL, 'c' },
		{ "min-count", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	if (argc < 2 || argv[1][0] == '-')
		return cli_usage_error("export", "which report?");
	if (export_report_parse(argv[1], &a->o.report))
		return cli_usage_error("export", "unknown report '%s'",
				       argv[1]);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': a->db = optarg; break;
		case 'o': a->out = optarg; break;
		case 'f': a->format = optarg; break;
		case 'e': a->encoding = optarg; break;
		case 'c': a->company = optarg; break;
		case 'm':
			if (!cli_parse_u32(optarg, "--min-count", &a->min_count))
				return EXIT_USAGE;
			break;
		default: return cli_usage_error("export", "bad option");
		}
	}
	if (!a->db || !a->out || optind != argc)
		return cli_usage_error("export", "needs --db and --out");
	return parse_values(a);
}

/* A company by its CSV id, else by number. */
static int find_company(struct store *st, const char *key, uint32_t *id)
{
	struct company c;
	unsigned n;
	char *end;

	if (store_company_by_ext(st, key, &c) == 0) {
		*id = c.id;
		return 0;
	}
	n = (unsigned)strtoul(key, &end, 10);
	if (*key && !*end && store_company_get(st, n, &c) == 0) {
		*id = c.id;
		return 0;
	}
	return FAIR_ENOENT;
}

int cmd_export(int argc, char **argv)
{
	struct export_args a = { 0 };
	struct export_stats stats;
	struct fair_err err = { "" };
	struct store *st;
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc;
	st = cli_open_store(a.db, STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	if (a.company && find_company(st, a.company, &a.o.company_id)) {
		store_close(st);
		return cli_error("no company '%s' in '%s'", a.company, a.db);
	}
	rc = export_write(st, &a.o, a.out, &stats, &err);
	store_close(st);
	if (rc)
		return cli_error("cannot export to '%s': %s", a.out, err.msg);
	fprintf(stderr, "fairsync: wrote %ld rows to '%s'\n", stats.rows,
		a.out);
	if (stats.replaced)
		fprintf(stderr, "fairsync: %ld characters have no CP932 form "
			"and were written as '?'; use utf-8 to keep them\n",
			stats.replaced);
	return EXIT_OK;
}
