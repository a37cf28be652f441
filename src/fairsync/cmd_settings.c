/* cmd_settings.c: `fairsync settings`, the event's settings for tours and
 * feedback (fair/tours.h): the organizer's name on certificates, the tags
 * students and company staff may tick, feedback at booths. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fair/internship.h"
#include "fair/roster.h"
#include "fair/survey.h"
#include "fair/tours.h"

const char usage_settings[] = N_(
	"usage: fairsync settings --db EVENT.db [--organizer NAME]\n"
	"         [--feedback-tags A,B,...] [--lead-tags A,B,...]\n"
	"         [--booth-feedback yes|no] [--prefecture 岐阜県]\n"
	"         [--internship-type 1|2|3|4|none] [--survey survey.csv]\n"
	"\n"
	"Event settings for tours and feedback. --organizer: the name on\n"
	"certificates. --feedback-tags: what students may tick on the\n"
	"feedback screen (e.g. 仕事内容が分かった,社員と話せた,\n"
	"社風が合いそう).\n"
	"--lead-tags: what company staff may tick on a lead note.\n"
	"--booth-feedback yes: booth kiosks ask for feedback too (visit\n"
	"kiosks always ask at the exit).\n"
	"--prefecture: the event's own prefecture, for 県内/県外 in the KPI\n"
	"report (export kpi).\n"
	"--internship-type: the program's type under the 2022 三省合意:\n"
	"1 オープン・カンパニー, 2 キャリア教育,\n"
	"3 汎用的能力・専門活用型インターンシップ, 4 高度専門型;\n"
	"none (the default) is a recruiting fair. At 1 and 2 no\n"
	"student's information goes to companies: export leads is refused\n"
	"and feedback comments stay anonymous.\n"
	"--survey: the tour's before-and-after survey, 設問,種別 per row\n"
	"(種別 5段階 or 選択:A/B/C), all rows or none; answers on paper come\n"
	"in by 'fairsync import survey', the change by 'fairsync export\n"
	"survey'.\n"
	"Without options, prints them all.\n");

enum { SET_ORGANIZER, SET_FEEDBACK_TAGS, SET_LEAD_TAGS, SET_BOOTH_FEEDBACK,
       SET_PREFECTURE, SET_INTERNSHIP, SET_COUNT };

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

/* The stored form of setting k's value v into buf; false if too long. */
static bool stored_value(int k, const char *v, char *buf, size_t cap)
{
	if (k == SET_FEEDBACK_TAGS || k == SET_LEAD_TAGS)
		return tags_value(v, buf, cap);
	if (k == SET_BOOTH_FEEDBACK)
		snprintf(buf, cap, "%s", !strcmp(v, "yes") ? "1" : "0");
	else if (k == SET_INTERNSHIP)
		snprintf(buf, cap, "%s", !strcmp(v, "none") ? "" : v);
	else if (k == SET_PREFECTURE)
		roster_prefecture(v, buf, cap); /* checked before */
	else
		snprintf(buf, cap, "%s", v);
	return true;
}

/* --survey FILE: the questions, all rows or none; listed once stored. */
static int survey_setting(struct store *st, const char *file)
{
	struct survey_report rep;
	struct fair_err err = { "" };
	struct survey s;
	int rc = survey_set(st, file, file, &rep, &err);

	for (int i = 0; i < rep.nmessages; i++)
		fprintf(stderr, "%s\n", rep.messages[i]);
	survey_report_release(&rep);
	if (rc) {
		cli_error("%s (nothing changed)", err.msg);
		return rc;
	}
	survey_load(st, &s);
	for (int i = 0; i < s.n; i++)
		printf(_("survey Q%d = %s (%s)\n"), i + 1, s.q[i].text,
		       s.q[i].type == SURVEY_SCALE5 ? "5段階" : "選択");
	return 0;
}

int cmd_settings(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "organizer", required_argument, NULL, SET_ORGANIZER },
		{ "feedback-tags", required_argument, NULL,
		  SET_FEEDBACK_TAGS },
		{ "lead-tags", required_argument, NULL, SET_LEAD_TAGS },
		{ "booth-feedback", required_argument, NULL,
		  SET_BOOTH_FEEDBACK },
		{ "prefecture", required_argument, NULL, SET_PREFECTURE },
		{ "internship-type", required_argument, NULL,
		  SET_INTERNSHIP },
		{ "db", required_argument, NULL, 'd' },
		{ "survey", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const keys[] = {
		TOURS_KEY_ORGANIZER, TOURS_KEY_FEEDBACK_TAGS,
		TOURS_KEY_LEAD_TAGS, TOURS_KEY_BOOTH_FEEDBACK,
		EVENT_KEY_PREFECTURE, INTERNSHIP_KEY_TYPE,
		TOURS_KEY_RALLY_BOOTHS, TOURS_KEY_RALLY_KINDS };
	const char *val[SET_COUNT] = { 0 }, *db = NULL, *survey = NULL;
	struct fair_err err = { "" };
	bool any = false;
	struct store *st;
	int rc = 0, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'S') {
			survey = optarg;
			any = true;
		} else if (c >= 0 && c < SET_COUNT) {
			val[c] = optarg;
			any = true;
		} else {
			return cli_usage_error("settings", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("settings", "unexpected '%s'",
				       argv[optind]);
	if (!db)
		return cli_usage_error("settings", "--db EVENT.db is required");
	if (val[SET_BOOTH_FEEDBACK] && strcmp(val[SET_BOOTH_FEEDBACK], "yes") &&
	    strcmp(val[SET_BOOTH_FEEDBACK], "no"))
		return cli_usage_error("settings", "--booth-feedback is yes or "
				       "no");
	if (val[SET_INTERNSHIP] && strcmp(val[SET_INTERNSHIP], "none") &&
	    (strlen(val[SET_INTERNSHIP]) != 1 ||
	     val[SET_INTERNSHIP][0] < '1' || val[SET_INTERNSHIP][0] > '4'))
		return cli_usage_error("settings", "--internship-type is 1, 2, "
				       "3, 4 or none, not '%s'",
				       val[SET_INTERNSHIP]);
	if (val[SET_PREFECTURE]) {
		char p[64];

		if (roster_prefecture(val[SET_PREFECTURE], p, sizeof(p)) !=
		    ROSTER_NORM_OK)
			return cli_usage_error("settings", "--prefecture '%s' "
					       "is not one of %s",
					       val[SET_PREFECTURE],
					       ROSTER_PREFECTURE_FORMS);
	}
	st = cli_open_store(db, any ? 0 : STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	if (survey)
		rc = survey_setting(st, survey);
	for (int k = 0; k < SET_COUNT && !rc; k++) {
		char buf[1024];

		if (!val[k])
			continue;
		if (!stored_value(k, val[k], buf, sizeof(buf))) {
			store_close(st);
			return cli_usage_error("settings", "--%s is too long",
					       opts[k].name);
		}
		rc = tours_setting_set(st, keys[k], buf[0] ? buf : NULL, &err);
	}
	for (size_t k = 0; !rc && k < sizeof(keys) / sizeof(keys[0]); k++) {
		char buf[1024];

		if (!tours_setting_get(st, keys[k], buf, sizeof(buf)))
			printf("%s = %s\n", keys[k], buf);
	}
	store_close(st);
	if (rc && survey && !err.msg[0])
		return EXIT_FAIL; /* said by survey_setting */
	return rc ? cli_error("%s", err.msg) : EXIT_OK;
}
