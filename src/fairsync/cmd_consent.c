/* fairsync consent: a student's consent to one company, given or
 * withdrawn by the organizer (the student asked at the desk, by mail, or
 * on the console), or withdrawn from every company at once, as the
 * kiosk's staff screen can; kiosks record it at the booth
 * (fair/consent.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "fair/consent.h"

const char usage_consent[] = N_(
	"usage: fairsync consent --db EVENT.db --attendee ID --company ID\n"
	"         (--give --version V | --withdraw | --show)\n"
	"       fairsync consent --db EVENT.db --attendee ID --all --withdraw\n\n"
	"A student's consent to pass their contact details to one company\n"
	"(この企業に連絡先を伝える), usually given at its booth's kiosk.\n"
	"--give records it with the version of the consent text shown;\n"
	"--withdraw takes it back (the student's word for this company, even\n"
	"if they consented to all companies at registration); --show prints\n"
	"what 'export leads --company ID' will go by. --all --withdraw\n"
	"takes it back from every company with a booth at once (the student\n"
	"wants no company to have their contact details), as the kiosk's\n"
	"staff screen does. Giving is refused at internship type 1 or 2\n"
	"(fairsync settings --internship-type).\n");

/* Milliseconds: a withdrawal and a new consent in one second must keep
 * their order (the latest decides). */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --all --withdraw: consent_withdraw_all(), one transaction. */
static int withdraw_all(const char *db, const char *who)
{
	struct fair_err err = { "" };
	struct attendee a;
	struct store *st;
	int n, rc = EXIT_OK;

	if (!db || !who)
		return cli_usage_error("consent", "needs --db and --attendee");
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	if (cli_find_attendee(st, who, &a))
		rc = cli_error("no attendee '%s' in '%s'", who, db);
	else if (consent_withdraw_all(st, a.id, "fairsync", now_ms(), &n,
				      &err))
		rc = cli_error("%s: %s", db, err.msg);
	else if (n)
		cli_note(P_("%s's consent withdrawn from %d company: no "
			    "company's leads list them",
			    "%s's consent withdrawn from %d companies: no "
			    "company's leads list them", n), who, n);
	else
		cli_note("%s's consent was withdrawn from every company "
			 "already: nothing written", who);
	store_close(st);
	return rc;
}

int cmd_consent(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "attendee", required_argument, NULL, 'a' },
		{ "company", required_argument, NULL, 'c' },
		{ "version", required_argument, NULL, 'v' },
		{ "give", no_argument, NULL, 'g' },
		{ "withdraw", no_argument, NULL, 'w' },
		{ "show", no_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *who = NULL, *company = NULL, *version = NULL;
	struct fair_err err = { "" };
	char v[CONSENT_VERSION_MAX] = "";
	struct attendee a;
	struct company co;
	struct store *st;
	int c, act = 0, state, rc = EXIT_OK;
	bool all = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': who = optarg; break;
		case 'c': company = optarg; break;
		case 'v': version = optarg; break;
		case 'A': all = true; break;
		case 'g': case 'w': case 's':
			if (act && act != c)
				return cli_usage_error("consent", "one of "
						       "--give, --withdraw, "
						       "--show");
			act = c;
			break;
		default: return cli_usage_error("consent", "bad option");
		}
	}
	if (all && (company || act != 'w' || optind != argc))
		return cli_usage_error("consent", "--all goes with --withdraw "
				       "and no --company");
	if (all)
		return withdraw_all(db, who);
	if (optind != argc || !db || !who || !company || !act)
		return cli_usage_error("consent", "needs --db, --attendee, "
				       "--company and --give, --withdraw or "
				       "--show");
	if (act == 'g' && !version)
		return cli_usage_error("consent", "--give needs --version, "
				       "the consent text's version");
	st = cli_open_store(db, act == 's' ? STORE_READONLY : 0);
	if (!st)
		return EXIT_FAIL;
	if (cli_find_company(st, db, company, &co)) {
		store_close(st);
		return EXIT_FAIL;
	}
	if (cli_find_attendee(st, who, &a)) {
		store_close(st);
		return cli_error("no attendee '%s' in '%s'", who, db);
	}
	if (act == 's') {
		state = consent_company_state(st, a.id, co.id, v);
		printf("%s\t%s\t%s\n", who, co.ext_id,
		       state == 1 ? v : state == 0 ? "withdrawn"
		       : a.consent ? "registration" : "none");
	} else if (consent_company_record(st, a.id, co.id, act == 'g',
					  version, "fairsync", now_ms(), NULL,
					  &err)) {
		rc = cli_error("%s: %s", db, err.msg);
	} else {
		if (act == 'g')
			cli_note("%s's consent to %s recorded", who,
				 co.ext_id);
		else
			cli_note("%s's consent to %s withdrawn", who,
				 co.ext_id);
	}
	store_close(st);
	return rc;
}
