/* fairsync export: attendance, visits, leads and summaries as CSV, XLSX or
 * JSON lines. The queries and writers are in src/organizer/export.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "cli.h"
#include "commands.h"
#include "fair/export.h"
#include "fair/figures.h"
#include "fair/internship.h"
#include "fair/lists.h"

const char usage_export[] = N_(
	"usage: fairsync export attendance|visits|leads|summary --db EVENT.db\n"
	"       fairsync export feedback --db EVENT.db [--company ID]\n"
	"         [--min-count N] [--anonymous] [--format csv|xlsx|json]\n"
	"         [--out FILE]\n"
	"       fairsync export rally --db EVENT.db [--format F] [--out FILE]\n"
	"       fairsync export training --db EVENT.db [--per-company]\n"
	"         [--out FILE.xlsx|DIR]\n"
	"       fairsync export rollcall --db EVENT.db --out FILE.csv\n"
	"       fairsync export days --db EVENT.db --out FILE.csv\n"
	"       fairsync export survey --db EVENT.db [--min-count N]\n"
	"         --out FILE.csv\n"
	"       fairsync export kpi --db EVENT.db [--targets T.csv]\n"
	"         [--format xlsx|csv|pdf] [--min-count N] [--min-rate R]\n"
	"         --out FILE\n"
	"       fairsync export kpi --db postgresql://... [--season 2026]\n"
	"         [the options above] --out FILE\n"
	"       fairsync export kpi --db EVENT.db --list\n"
	"         [--format csv|xlsx|json] [--encoding utf-8|cp932]\n"
	"         [--company ID | --per-company] [--min-count N]\n"
	"         [--headers ja|en] --out FILE\n\n"
	"attendance  one row per student and place: first in, last out,\n"
	"            minutes between them, number of scans\n"
	"visits      each student's places in time order, by school\n"
	"            (for universities' career offices)\n"
	"leads       students who visited the company's booth or sessions\n"
	"            AND consented to share contact details (--company ID,\n"
	"            the company's id from its CSV or its number), or with\n"
	"            --per-company one file per company into the folder --out\n"
	"            (C001_<name>.xlsx ...), one command for every company;\n"
	"            with the staff's lead notes (評価, タグ, メモ)\n"
	"feedback    per company: answers, ratings 1-5, tags, comments;\n"
	"            anonymous unless the student consented; counts below\n"
	"            --min-count shown as <N, no comments under it;\n"
	"            --anonymous: no names at all (the only feedback an\n"
	"            internship type 1 or 2 event may export)\n"
	"rally       students who completed the stamp rally\n"
	"training    合同社員研修: each employee's sessions attended, rate and\n"
	"            sessions missed (stdout without --out); --per-company:\n"
	"            an Excel file per company for its HR (C01_<name>.xlsx)\n"
	"rollcall    each departure of a roll-call group: group, time (venue\n"
	"            time), present, missing by name\n"
	"days        each student on the tour, day by day: the company visit\n"
	"            or the 研修 session, attended (○) or not (×)\n"
	"survey      per question the answers before and after, and the\n"
	"            change of the students who answered both (mean change,\n"
	"            share who moved up); counts below --min-count as <N\n"
	"kpi         the funder's results table (実績報告): companies,\n"
	"            students by school type, year and prefecture,\n"
	"            県内/県外, booths and sessions per student, visitors\n"
	"            per company, feedback,\n"
	"            tours, each beside its target from --targets (a CSV\n"
	"            指標,目標; --list prints every 指標) and the ratio;\n"
	"            people counts under --min-count (default 5) shown <5;\n"
	"            a training (init --kind training): companies and\n"
	"            employees registered, attended, attendance rate and\n"
	"            completions at --min-rate (default 0.8), per company;\n"
	"            --db postgresql://...: every event of the central\n"
	"            database (or of --season, a fiscal year 4/1-3/31)\n"
	"            counted as one, participations summed (延べ)\n"
	"summary     students and scans per place, per school (counts below\n"
	"            --min-count shown as <N) and per hour\n\n"
	"Scans voided by staff do not count; times are the venue's, repaired\n"
	"by 'fairsync merge' where a kiosk clock was wrong.\n\n"
	"  --format    csv (default; or from the --out extension .xlsx,\n"
	"              .json, .jsonl), xlsx, json (one object per line)\n"
	"  --encoding  CSV only: utf-8 with a BOM (default, what Excel\n"
	"              expects) or cp932 (Shift_JIS, for older Excel)\n"
	"  --min-count hide school counts smaller than N (default 0)\n"
	"  --headers   ja (default): column headers and sheet names in\n"
	"              Japanese (氏名, フリガナ, 学校名, 最初の受付, 滞在分 ...);\n"
	"              en: English names (name, kana, school, first_in ...)\n"
	"              for programs. JSON keys are always English.\n"
	"  --out FILE  written whole or not at all; readable by you only\n"
	"              except the summary (the others name students). Its\n"
	"              extension matches the format (.csv/.txt, .xlsx,\n"
	"              .json/.jsonl); with --per-company a folder.\n");

struct export_args {
	const char *db, *out, *company, *format, *encoding, *headers;
	unsigned min_count;
	bool per_company;       /* leads: a file per company into dir out */
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

static const char *const file_exts[] = { ".csv", ".txt", ".tsv", ".xlsx",
					 ".xls", ".json", ".jsonl", ".pdf",
					 NULL };

/* --out against what will be written: a folder for --per-company, else a
 * file whose extension matches the format. */
static int check_out(const struct export_args *a)
{
	if (a->per_company)
		return cli_out_dir("export", "--out", a->out, file_exts);
	return cli_out_table("export", a->out, (int)a->o.format);
}

static int parse_values(struct export_args *a)
{
	const char *fmt = a->format ? a->format :
			  a->per_company ? "xlsx" : ext_format(a->out);

	if (export_format_parse(fmt, &a->o.format))
		return cli_usage_error("export", "unknown format '%s'", fmt);
	if (a->encoding && export_encoding_parse(a->encoding, &a->o.encoding))
		return cli_usage_error("export", "unknown encoding '%s'",
				       a->encoding);
	if (a->o.encoding == EXPORT_CP932 && a->o.format != EXPORT_CSV)
		return cli_usage_error("export", "--encoding cp932 is for csv");
	if (a->per_company && (a->o.report != EXPORT_LEADS || a->company))
		return cli_usage_error("export", "--per-company is for leads, "
				       "instead of --company");
	if (a->o.report == EXPORT_LEADS && !a->company && !a->per_company)
		return cli_usage_error("export", "leads needs --company ID or "
				       "--per-company");
	if (a->headers && export_headers_parse(a->headers, &a->o.headers))
		return cli_usage_error("export", "--headers is ja or en, not "
				       "'%s'", a->headers);
	a->o.min_count = (int)(a->min_count > 1000000 ? 1000000
							: a->min_count);
	return check_out(a);
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
		{ "per-company", no_argument, NULL, 'p' },
		{ "headers", required_argument, NULL, 'H' },
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
		case 'p': a->per_company = true; break;
		case 'H': a->headers = optarg; break;
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
static const char *format_ext(enum export_format f)
{
	return f == EXPORT_XLSX ? "xlsx" : f == EXPORT_JSON ? "jsonl" : "csv";
}

struct per_company {
	struct store *st;
	struct export_args *a;
	int rc, n;
};

/* One company's leads file. */
static int company_one(const struct list_cell *row, int ncells, void *ctx)
{
	struct per_company *x = ctx;
	struct export_args *a = x->a;
	struct fair_err err = { "" };
	struct export_stats stats;
	char file[600], name[620], path[4096];
	long total = 0;

	(void)ncells;
	a->o.company_id = (uint32_t)row[0].i;
	cli_company_file(row[1].s, row[2].s, file, sizeof(file));
	snprintf(name, sizeof(name), "%s.%s", file, format_ext(a->o.format));
	if (!cli_path_join(path, sizeof(path), a->out, name))
		return x->rc = cli_error("path too long: '%s'", a->out);
	if (export_write(x->st, &a->o, path, &stats, &err))
		return x->rc = cli_error("cannot export to '%s': %s", path,
					 err.msg);
	/* students who visited, consenting or not: what the leads are a
	 * share of */
	total = figures_company_visitors(x->st, a->o.company_id);
	fprintf(stderr, "fairsync: %-40s ", path);
	fprintf(stderr, P_("%ld lead of ", "%ld leads of ", stats.rows),
		stats.rows);
	fprintf(stderr, P_("%ld visitor%s\n", "%ld visitors%s\n", total), total,
		total > stats.rows ? _(" (the others did not consent)") : "");
	x->n++;
	return 0;
}

/* --per-company: leads for every company, one file each in a->out. */
static int export_per_company(struct store *st, struct export_args *a)
{
	struct per_company x = { st, a, EXIT_OK, 0 };
	struct stat sb;

	if (mkdir(a->out, 0700) != 0 && errno != EEXIST)
		return cli_error("cannot make folder '%s': %s", a->out,
				 strerror(errno));
	if (stat(a->out, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return cli_error("'%s' is not a folder: --per-company writes "
				 "one file per company into a folder",
				 a->out);
	if (lists_companies(st, company_one, &x, NULL) && x.rc == EXIT_OK &&
	    x.n == 0)
		return cli_error("cannot list companies in '%s'", a->db);
	if (x.rc == EXIT_OK)
		cli_note(P_("wrote %d company file to '%s'",
			    "wrote %d company files to '%s'", x.n), x.n, a->out);
	return x.rc;
}

/* Rows so far, on a terminal (the total is not known in advance). */
static void on_rows(void *ctx, long rows)
{
	struct progress *bar = ctx;

	progress_step(bar, rows - bar->done);
}

int cmd_export(int argc, char **argv)
{
	struct export_args a = { 0 };
	struct progress bar;
	struct export_stats stats;
	struct fair_err err = { "" };
	struct store *st;
	int rc;

	/* tours and fairs: feedback and the stamp rally (cmd_feedback.c) */
	if (argc > 1 && (!strcmp(argv[1], "feedback") ||
			 !strcmp(argv[1], "rally")))
		return cmd_export_tours(argc, argv);
	/* the funder's results table (cmd_kpi.c) */
	if (argc > 1 && !strcmp(argv[1], "kpi"))
		return cmd_export_kpi(argc, argv);
	/* joint training and roll-call (cmd_programs.c) */
	if (argc > 1 && (!strcmp(argv[1], "training") ||
			 !strcmp(argv[1], "rollcall") ||
			 !strcmp(argv[1], "survey") ||
			 !strcmp(argv[1], "days")))
		return cmd_export_programs(argc, argv);
	rc = parse(argc, argv, &a);
	if (rc)
		return rc;
	/* Leads hand students' contact details to a company: that writes a
	 * provision record into the event database (records.h). */
	st = cli_open_store(a.db, a.o.report == EXPORT_LEADS ? 0 :
			    STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	if (cli_refuse_unfinished_merge(st, a.db, N_("export"))) {
		store_close(st);
		return EXIT_FAIL;
	}
	if (a.o.report == EXPORT_LEADS &&
	    internship_refuse_sharing(st, "連絡先（リード）の出力", &err)) {
		store_close(st);
		return cli_error("%s: %s", a.db, err.msg);
	}
	if (a.company) {
		struct company co;

		if (cli_find_company(st, a.db, a.company, &co)) {
			store_close(st);
			return EXIT_FAIL;
		}
		a.o.company_id = co.id;
	}
	if (a.per_company) {
		rc = export_per_company(st, &a);
		store_close(st);
		return rc;
	}
	progress_start(&bar, _("export"), 0);
	a.o.progress = on_rows;
	a.o.progress_ctx = &bar;
	rc = export_write(st, &a.o, a.out, &stats, &err);
	progress_end(&bar);
	store_close(st);
	if (rc)
		return cli_error("cannot export to '%s': %s", a.out, err.msg);
	cli_note(P_("wrote %ld row to '%s'", "wrote %ld rows to '%s'",
		    stats.rows), stats.rows, a.out);
	if (stats.replaced)
		cli_note(P_("%ld character has no CP932 form and was written "
			    "as '?'; use utf-8 to keep it",
			    "%ld characters have no CP932 form and were "
			    "written as '?'; use utf-8 to keep them",
			    stats.replaced), stats.replaced);
	return EXIT_OK;
}
