/* cmd_import.c: `fairsync import students|companies|sessions FILE.csv
 * --db EVENT.db`. The work is in the core (fair/import.h); this prints its
 * report: one "FILE:LINE: reason" per bad row on stderr, then a summary. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fair/import.h"

const char usage_import[] = N_(
	"usage: fairsync import students|companies|sessions FILE "
	"--db EVENT.db\n"
	"         [--sheet NAME]\n"
	"       fairsync import employees FILE --db EVENT.db [--sheet NAME]\n"
	"       fairsync import groups FILE --db EVENT.db\n"
	"       fairsync import survey FILE --db EVENT.db\n"
	"       fairsync import hosts FILE.csv --db EVENT.db\n"
	"       fairsync import assignments plan.csv --db EVENT.db "
	"[--visits N]\n"
	"\n"
	"Reads a roster into the event database. Import companies before\n"
	"sessions (a session may name the company running it), and run\n"
	"'fairsync init' first.\n"
	"\n"
	"FILE may be an Excel workbook (.xlsx: the first sheet, or --sheet\n"
	"NAME; errors name the sheet's row), CSV or TSV (tab-separated, as\n"
	"Excel's \"Text\" saves it), in UTF-8 (with or without BOM) or\n"
	"Shift_JIS as Excel in Japan saves it; the encoding is detected.\n"
	"Dates may be written 2026-12-05, 2026/12/5, 2026年12月5日 or\n"
	"令和8年12月5日 (or be Excel dates in a workbook). The first row names the\n"
	"columns, in any order, in Japanese or English; other columns are\n"
	"ignored (* = required):\n"
	"  students   受付番号 (ID)*, 氏名 (name)*, フリガナ (kana), 学校名\n"
	"             (school), 学部 (faculty), 学年 (grade), メールアドレス\n"
	"             (email), 電話番号 (phone), 同意 (consent: はい/いいえ),\n"
	"             同意バージョン (consent_version),\n"
	"             区分 (role: 学生/スタッフ), 学校名カナ (school_kana:\n"
	"             the school's reading, for the kiosk's school search)\n"
	"  companies  企業ID (ID)*, 企業名 (name)*, 業種 (industry), ブース\n"
	"             (booth); each company gets its booth place 'booth:ID'\n"
	"  sessions   ID*, セミナー名 (name)*, 会場 (room), 開始 (start)*,\n"
	"             終了 (end)*, 定員 (capacity), 企業ID (company_id),\n"
	"             出口記録 (exit_tracking), 種別 (kind: 研修 marks a\n"
	"             tour's training day, expected of every student on\n"
	"             the tour); place 'session:ID'\n"
	"  employees  社員番号 (ID)*, 氏名 (name)*, フリガナ (kana), 企業ID\n"
	"             (company)*, 部署 (department), 役職 (title), メール\n"
	"             (email): a joint training's employees (init --kind\n"
	"             training); 社員番号 is the roster id (token issue\n"
	"             --attendee E01); the company must be imported first\n"
	"  groups     グループ (group)*, 学生ID or 社員ID (attendee)*: roll-call\n"
	"             groups (a bus, a class); replaces the groups\n"
	"  survey     学生ID (ID)*, 時期 (事前/事後)*, Q1, Q2 ...: answers to\n"
	"             the survey ('fairsync settings --survey') from paper\n"
	"employees, groups and survey are all or nothing, as hosts.\n"
	"Session times: '2026-12-05 10:00', or '10:00' on the event's first\n"
	"day, in the venue's local time.\n"
	"  hosts      企業ID (company)*, 日付 (date)*, 定員 (capacity)*,\n"
	"             開始 (start), 終了 (end): internship tour host days,\n"
	"             place 'visit:COMPANY:DATE'\n"
	"  assignments  a plan from 'fairsync assign', edited: attendee,\n"
	"             date, company; every rule of the plan is checked\n"
	"hosts and assignments are all or nothing: any refused row (FILE:LINE:\n"
	"reason) and nothing is imported.\n"
	"\n"
	"Each bad row is reported as FILE:LINE: reason and skipped; the good\n"
	"rows are imported. Importing again updates rows by ID instead of\n"
	"duplicating them.\n"
	"\n"
	"Options:\n"
	"  --db EVENT.db   the event database made by 'fairsync init'\n"
	"  --sheet NAME    the workbook's sheet to read (default: the first)\n"
	"\n"
	"Exit status: 0 all rows imported, 1 some rows bad (the others are\n"
	"imported) or the file could not be imported, 2 usage error.\n");

struct import_args {
	const char *kind;
	const char *file;
	const char *db;
	const char *sheet;
};

static int parse_args(int argc, char **argv, struct import_args *a)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "sheet", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* options anywhere: import students --db ev.db roster.csv */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			a->db = optarg;
		else if (c == 's')
			a->sheet = optarg;
		else
			return cli_usage_error("import", "bad option");
	}
	if (optind < argc)
		a->kind = argv[optind++];
	if (optind < argc)
		a->file = argv[optind++];
	if (optind < argc)
		return cli_usage_error("import", "one file at a time: '%s'",
				       argv[optind]);
	if (!a->kind || !a->file)
		return cli_usage_error("import", "which roster, and which "
				       "file?");
	if (!a->db)
		return cli_usage_error("import", "--db EVENT.db is required");
	if (import_kind_parse(a->kind) < 0)
		return cli_usage_error("import", "can import students, "
				       "companies, sessions, employees, "
				       "groups, hosts or assignments, not "
				       "'%s'",
				       a->kind);
	return EXIT_OK;
}

/* "student" for one row, "students" for any other count; translated. */
static const char *rows_noun(enum import_kind kind, int n)
{
	static const char *const one[] = { N_("student"), N_("company"),
					   N_("session"), N_("employee") };
	static const char *const many[] = { N_("students"), N_("companies"),
					    N_("sessions"), N_("employees") };

	if ((int)kind < 0 || (int)kind > 3)
		return import_kind_name(kind);
	return _(n == 1 ? one[kind] : many[kind]);
}

static void print_report(enum import_kind kind, const char *file,
			 const struct import_report *rep)
{
	for (int i = 0; i < rep->nmessages; i++)
		fprintf(stderr, "%s\n", rep->messages[i]);
	if (rep->dropped)
		fprintf(stderr, _("... and %d more bad rows\n"), rep->dropped);
	for (int i = 0; i < rep->nwarnings; i++)
		fprintf(stderr, _("%s (warning)\n"), rep->warnings[i]);
	if (rep->wdropped)
		fprintf(stderr, _("... and %d more warnings\n"),
			rep->wdropped);
	if (rep->ignored[0])
		fprintf(stderr, _("fairsync: ignored columns in '%s': %s\n"),
			file, rep->ignored);
	if (rep->format && strcmp(rep->format, "CSV"))
		fprintf(stderr, _("fairsync: read '%s' as %s\n"), file,
			rep->format);
	if (rep->encoding == CSV_ENC_CP932)
		fprintf(stderr, _("fairsync: read '%s' as %s\n"), file,
			csv_encoding_name(rep->encoding));
	printf(_("imported %d %s (%d updated), %d %s skipped\n"),
	       rep->imported, rows_noun(kind, rep->imported), rep->updated,
	       rep->skipped, rep->skipped == 1 ? _("row") : _("rows"));
}

int cmd_import(int argc, char **argv)
{
	struct import_args a = { 0 };
	struct import_report rep;
	struct fair_err err = { "" };
	struct store *st;
	enum import_kind kind;
	int rc;

	/* internship tours: host days and plans (cmd_assign.c) */
	if (argc > 1 && (!strcmp(argv[1], "hosts") ||
			 !strcmp(argv[1], "assignments")))
		return cmd_import_tours(argc, argv);
	if (argc > 1 && (!strcmp(argv[1], "groups") ||
			 !strcmp(argv[1], "survey")))
		return cmd_import_groups(argc, argv);
	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	kind = (enum import_kind)import_kind_parse(a.kind);
	st = cli_open_store(a.db, 0);
	if (!st)
		return EXIT_FAIL;
	rc = import_file(st, kind, a.file, a.file, a.sheet, &rep, &err);
	store_close(st);
	if (rc) {
		for (int i = 0; i < rep.nmessages; i++)
			fprintf(stderr, "%s\n", rep.messages[i]);
		import_report_release(&rep);
		return cli_error("%s (nothing imported)", err.msg);
	}
	print_report(kind, a.file, &rep);
	rc = rep.skipped ? EXIT_FAIL : EXIT_OK;
	import_report_release(&rep);
	return rc;
}
