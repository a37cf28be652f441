/* cmd_feedback.c: what tours and fairs collect beyond check-ins, on the
 * command line: `fairsync export feedback|rally` (reached from
 * cmd_export.c), `fairsync rally` and `fairsync settings`. The work is in
 * fair/tourdata.h and fair/tours.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fair/tourdata.h"
#include "fair/tours.h"

const char usage_rally[] =
	"usage: fairsync rally --db EVENT.db [--booths N] [--kinds KINDS]\n"
	"                      [--off]\n"
	"\n"
	"The stamp rally (スタンプラリー): a student who enters N different\n"
	"places of the given kinds (booth unless --kinds, e.g.\n"
	"booth,session,visit) completes it. Kiosks show the progress (3/5)\n"
	"and 達成 on a scan at the entrance or exit; pack the kiosks after\n"
	"setting it. --off removes the rally. Without options, prints it.\n"
	"'fairsync export rally --db EVENT.db --out FILE' lists who completed\n"
	"it.\n";

const char usage_settings[] =
	"usage: fairsync settings --db EVENT.db [--organizer NAME]\n"
	"         [--feedback-tags A,B,...] [--lead-tags A,B,...]\n"
	"         [--booth-feedback yes|no]\n"
	"\n"
	"Event settings for tours and feedback. --organizer: the name on\n"
	"certificates. --feedback-tags: what students may tick on the\n"
	"feedback screen (e.g. 仕事内容が分かった,社員と話せた,\n"
	"社風が合いそう).\n"
	"--lead-tags: what company staff may tick on a lead note.\n"
	"--booth-feedback yes: booth kiosks ask for feedback too (visit\n"
	"kiosks always ask at the exit). Without options, prints them all.\n";

static const char *opt_val(int argc, char **argv, int *i, const char *opt,
			   bool *bad)
{
	size_t n = strlen(opt);

	if (!strncmp(argv[*i], opt, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], opt))
		return NULL;
	if (++*i >= argc) {
		*bad = true;
		return NULL;
	}
	return argv[*i];
}

/* ',' and '、' separated labels into the stored '|' list. */
static bool tags_value(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	for (const char *p = in; *p;) {
		if (!strncmp(p, "、", 3) || *p == ',' || *p == '|') {
			p += *p == ',' || *p == '|' ? 1 : 3;
			if (n && out[n - 1] != '|' && n + 1 < cap)
				out[n++] = '|';
			continue;
		}
		if (n + 1 >= cap)
			return false;
		out[n++] = *p++;
	}
	while (n && out[n - 1] == '|')
		n--;
	out[n] = '\0';
	return true;
}

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
	struct feedback_opts o = { .min_count = 1 };
	struct fair_err err = { "" };
	const char *db = NULL, *out = NULL, *company = NULL, *v;
	bool feedback = !strcmp(argv[1], "feedback"), bad = false;
	bool format_given = false;
	char name[512];
	struct store *st;
	struct company c;
	long rows;
	int rc;

	for (int i = 2; i < argc; i++) {
		if ((v = opt_val(argc, argv, &i, "--db", &bad)))
			db = v;
		else if ((v = opt_val(argc, argv, &i, "--out", &bad)))
			out = v;
		else if (feedback && (v = opt_val(argc, argv, &i, "--company",
						  &bad)))
			company = v;
		else if (feedback && (v = opt_val(argc, argv, &i,
						  "--min-count", &bad))) {
			unsigned n;

			if (!cli_parse_u32(v, "--min-count", &n) || n > 1000)
				return EXIT_USAGE;
			o.min_count = (int)n;
		} else if ((v = opt_val(argc, argv, &i, "--format", &bad))) {
			if (tour_format_parse(v, &o.format))
				return cli_usage_error("export", "--format is "
						       "csv, xlsx or json, not "
						       "'%s'", v);
			format_given = true;
		} else if (bad) {
			return cli_usage_error("export", "%s needs a value",
					       argv[i - 1]);
		} else {
			return cli_usage_error("export", "unknown option '%s'",
					       argv[i]);
		}
	}
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
	if (cli_refuse_unfinished_merge(st, db, "export")) {
		store_close(st);
		return EXIT_FAIL;
	}
	if (company) {
		if (store_company_by_ext(st, company, &c)) {
			unsigned id;

			if (!cli_parse_u32(company, "--company", &id) ||
			    store_company_get(st, id, &c)) {
				store_close(st);
				return cli_error("no company '%s' in '%s'",
						 company, db);
			}
		}
		o.company_id = c.id;
	}
	rc = feedback ? feedback_export(st, &o, out, &rows, &err)
		      : rally_export(st, o.format, out, &rows, &err);
	store_close(st);
	if (rc)
		return cli_error("%s", err.msg);
	fprintf(stderr, "fairsync: %ld %s in '%s'\n", rows,
		cli_plural(rows, "row", "rows"), out);
	return EXIT_OK;
}

int cmd_rally(int argc, char **argv)
{
	struct fair_err err = { "" };
	const char *db = NULL, *kinds = NULL, *v;
	int booths = -1, rc;
	bool bad = false;
	struct store *st;
	struct rally r;

	for (int i = 1; i < argc; i++) {
		if ((v = opt_val(argc, argv, &i, "--db", &bad))) {
			db = v;
		} else if ((v = opt_val(argc, argv, &i, "--booths", &bad))) {
			unsigned n;

			if (!cli_parse_u32(v, "--booths", &n) || n < 1 ||
			    n > 1000)
				return cli_usage_error("rally", "--booths is 1 "
						       "to 1000");
			booths = (int)n;
		} else if ((v = opt_val(argc, argv, &i, "--kinds", &bad))) {
			kinds = v;
		} else if (!strcmp(argv[i], "--off")) {
			booths = 0;
		} else if (bad) {
			return cli_usage_error("rally", "%s needs a value",
					       argv[i - 1]);
		} else {
			return cli_usage_error("rally", "unknown option '%s'",
					       argv[i]);
		}
	}
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
		printf("stamp rally: %d stamps from %s\n", r.booths, r.kinds);
	else
		printf("no stamp rally\n");
	return EXIT_OK;
}

int cmd_settings(int argc, char **argv)
{
	static const char *const keys[] = {
		TOURS_KEY_ORGANIZER, TOURS_KEY_FEEDBACK_TAGS,
		TOURS_KEY_LEAD_TAGS, TOURS_KEY_BOOTH_FEEDBACK,
		TOURS_KEY_RALLY_BOOTHS, TOURS_KEY_RALLY_KINDS };
	static const char *const opts[] = {
		"--organizer", "--feedback-tags", "--lead-tags",
		"--booth-feedback" };
	const char *val[4] = { 0 }, *db = NULL, *v;
	struct fair_err err = { "" };
	bool bad = false, any = false;
	struct store *st;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		bool hit = false;

		if ((v = opt_val(argc, argv, &i, "--db", &bad))) {
			db = v;
			continue;
		}
		for (int k = 0; k < 4 && !hit && !bad; k++)
			if ((v = opt_val(argc, argv, &i, opts[k], &bad))) {
				val[k] = v;
				hit = any = true;
			}
		if (bad)
			return cli_usage_error("settings", "%s needs a value",
					       argv[i - 1]);
		if (!hit)
			return cli_usage_error("settings", "unknown option "
					       "'%s'", argv[i]);
	}
	if (!db)
		return cli_usage_error("settings", "--db EVENT.db is required");
	if (val[3] && strcmp(val[3], "yes") && strcmp(val[3], "no"))
		return cli_usage_error("settings", "--booth-feedback is yes or "
				       "no");
	st = cli_open_store(db, any ? 0 : STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	for (int k = 0; k < 4 && !rc; k++) {
		char buf[1024];

		if (!val[k])
			continue;
		if (k == 1 || k == 2) {
			if (!tags_value(val[k], buf, sizeof(buf))) {
				store_close(st);
				return cli_usage_error("settings", "%s is too "
						       "long", opts[k]);
			}
		} else if (k == 3) {
			snprintf(buf, sizeof(buf), "%s",
				 !strcmp(val[k], "yes") ? "1" : "0");
		} else {
			snprintf(buf, sizeof(buf), "%s", val[k]);
		}
		rc = tours_setting_set(st, keys[k], buf[0] ? buf : NULL, &err);
	}
	for (size_t k = 0; !rc && k < sizeof(keys) / sizeof(keys[0]); k++) {
		char buf[1024];

		if (!tours_setting_get(st, keys[k], buf, sizeof(buf)))
			printf("%s = %s\n", keys[k], buf);
	}
	store_close(st);
	return rc ? cli_error("%s", err.msg) : EXIT_OK;
}
