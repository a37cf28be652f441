/* fairsync: the organizer's tool. A table of sub-commands; each lives in
 * its own cmd_*.c and gets argv from its own name on. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const struct command commands[] = {
	{ "init", cmd_init, "create an event database and its signing keys",
	  usage_init },
	{ "import", cmd_import, "import students, companies or sessions from "
	  "CSV", usage_import },
	{ "assign", cmd_assign, "plan internship tour visits (plan.csv)",
	  usage_assign },
	{ "settings", cmd_settings, "organizer, feedback tags, booth feedback",
	  usage_settings },
	{ "rally", cmd_rally, "set the stamp rally (N booths)", usage_rally },
	{ "certificates", cmd_certificates, "certificates of participation "
	  "(PDF)", usage_certificates },
	{ "token", cmd_token, "issue or verify a badge token", usage_token },
	{ "pack", cmd_pack, "write a kiosk bundle (kiosk.ini + kiosk.db)",
	  usage_pack },
	{ "pin", cmd_pin, "hash a staff PIN for kiosk.ini", usage_pin },
	{ "badges", cmd_badges, "print badge sheets (PDF) and images",
	  usage_badges },
	{ "merge", cmd_merge, "merge kiosk databases into the event",
	  usage_merge },
	{ "export", cmd_export, "attendance, visits, leads, summary files",
	  usage_export },
	{ "report", cmd_report, "a PDF report for funders and companies",
	  usage_report },
	{ "revoke", cmd_revoke, "revoke a badge and issue a new one",
	  usage_revoke },
	{ "scanner-test", cmd_scanner_test, "print the scanner self-test code",
	  usage_scanner_test },
	{ "status", cmd_status, "what an event or kiosk database holds",
	  usage_status },
	{ "central", cmd_central, "set up the central PostgreSQL database",
	  usage_central },
	{ "push", cmd_push, "send the event to the central database",
	  usage_push },
	{ "pull", cmd_pull, "bring the central database's event here",
	  usage_pull },
	{ "season", cmd_season, "every student's events across the central "
	  "database", usage_season },
	{ "records", cmd_records, "every handover of personal data to a "
	  "company", usage_records },
	{ "consent", cmd_consent, "a student's consent to one company",
	  usage_consent },
	{ "purge", cmd_purge, "remove personal data after the retention period",
	  usage_purge },
	{ "serve", cmd_serve, "the organizer's console in a browser",
	  usage_serve },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct command *cli_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_help(void)
{
	printf("usage: fairsync COMMAND [OPTIONS]\n\n"
	       "The organizer's tool for fairkiosk: set an event up, provision "
	       "kiosks,\nmerge their databases and export attendance.\n\n"
	       "Commands:\n");
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-13s %s\n", commands[i].name, commands[i].summary);
	printf("\nA fair, start to finish:\n"
	       "  fairsync init --db fair.db --name '合同企業説明会' "
	       "--start 2026-12-05\n"
	       "  fairsync import companies companies.csv --db fair.db\n"
	       "  fairsync import sessions sessions.csv --db fair.db\n"
	       "  fairsync import students students.csv --db fair.db\n"
	       "  fairsync badges --db fair.db --out badges.pdf\n"
	       "  fairsync pack --db fair.db --role booth --place booth:C001 "
	       "--out kiosk-c001\n"
	       "  ... the fair runs; copy each kiosk's kiosk.db back ...\n"
	       "  fairsync merge --db fair.db kiosk-*/kiosk.db\n"
	       "  fairsync export attendance --db fair.db --format xlsx "
	       "--out attendance.xlsx\n"
	       "  fairsync report --db fair.db --out report.pdf\n\n"
	       "'fairsync COMMAND --help' describes each command.\n"
	       "Exit status: 0 success, 1 failure, 2 usage error.\n");
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		print_help();
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		print_help();
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("fairsync %s\n", FAIR_VERSION);
		return EXIT_OK;
	}
	cmd = cli_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "fairsync: unknown command '%s'\n"
			"Try 'fairsync --help'.\n", argv[1]);
		return EXIT_USAGE;
	}
	if (cli_wants_help(argc - 1, argv + 1, cmd))
		return EXIT_OK;
	return cmd->run(argc - 1, argv + 1);
}
