/* fairsync: the organizer's tool. A table of sub-commands; each lives in
 * its own cmd_*.c and gets argv from its own name on. */
#include <langinfo.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"

static const struct command commands[] = {
	{ "init", cmd_init, N_("create an event database and its signing "
	  "keys"), usage_init },
	{ "import", cmd_import, N_("import students, companies or sessions "
	  "from CSV"), usage_import },
	{ "assign", cmd_assign, N_("plan internship tour visits (plan.csv)"),
	  usage_assign },
	{ "settings", cmd_settings, N_("organizer, feedback tags, booth "
	  "feedback"), usage_settings },
	{ "rally", cmd_rally, N_("set the stamp rally (N booths)"),
	  usage_rally },
	{ "certificates", cmd_certificates, N_("certificates of participation "
	  "(PDF)"), usage_certificates },
	{ "token", cmd_token, N_("issue or verify a badge token"),
	  usage_token },
	{ "pack", cmd_pack, N_("write a kiosk bundle (kiosk.ini + kiosk.db)"),
	  usage_pack },
	{ "pin", cmd_pin, N_("hash a staff PIN for kiosk.ini"), usage_pin },
	{ "badges", cmd_badges, N_("print badge sheets (PDF) and images"),
	  usage_badges },
	{ "merge", cmd_merge, N_("merge kiosk databases into the event"),
	  usage_merge },
	{ "export", cmd_export, N_("attendance, visits, leads, summary "
	  "files"), usage_export },
	{ "report", cmd_report, N_("a PDF report for funders and companies"),
	  usage_report },
	{ "revoke", cmd_revoke, N_("revoke a badge and issue a new one"),
	  usage_revoke },
	{ "scanner-test", cmd_scanner_test, N_("print the scanner self-test "
	  "code"), usage_scanner_test },
	{ "status", cmd_status, N_("what an event or kiosk database holds"),
	  usage_status },
	{ "central", cmd_central, N_("set up the central PostgreSQL "
	  "database"), usage_central },
	{ "push", cmd_push, N_("send the event to the central database"),
	  usage_push },
	{ "pull", cmd_pull, N_("bring the central database's event here"),
	  usage_pull },
	{ "season", cmd_season, N_("every student's events across the "
	  "central database"), usage_season },
	{ "records", cmd_records, N_("every handover of personal data to a "
	  "company"), usage_records },
	{ "consent", cmd_consent, N_("a student's consent to one company"),
	  usage_consent },
	{ "purge", cmd_purge, N_("remove personal data after the retention "
	  "period"), usage_purge },
	{ "serve", cmd_serve, N_("the organizer's console in a browser"),
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
	printf("%s\n\n%s\n\n%s\n", _("usage: fairsync COMMAND [OPTIONS]"),
	       _("The organizer's tool for fairkiosk: set an event up, "
		 "provision kiosks,\nmerge their databases and export "
		 "attendance."), _("Commands:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-13s %s\n", commands[i].name,
		       _(commands[i].summary));
	printf("\n%s\n", _("A fair, start to finish:"));
	printf("  fairsync init --db fair.db --name '合同企業説明会' "
	       "--start 2026-12-05\n"
	       "  fairsync import companies companies.csv --db fair.db\n"
	       "  fairsync import sessions sessions.csv --db fair.db\n"
	       "  fairsync import students students.csv --db fair.db\n"
	       "  fairsync badges --db fair.db --out badges.pdf\n"
	       "  fairsync pack --db fair.db --role booth --place booth:C001 "
	       "--out kiosk-c001\n"
	       "  %s\n"
	       "  fairsync merge --db fair.db kiosk-*/kiosk.db\n"
	       "  fairsync export attendance --db fair.db --format xlsx "
	       "--out attendance.xlsx\n"
	       "  fairsync report --db fair.db --out report.pdf\n\n",
	       _("... the fair runs; copy each kiosk's kiosk.db back ..."));
	printf("%s\n%s\n%s\n", _("'fairsync COMMAND --help' describes each "
				 "command."),
	       _("Exit status: 0 success, 1 failure, 2 usage error."),
	       _("Messages follow the locale (LANG=ja_JP.UTF-8: Japanese)."));
}

/* Where the catalogs are: FAIR_LOCALEDIR (tests point it at the build
 * tree), else a locale/ folder beside the program (build/fairsync finds
 * build/locale/ before `make install`), else the installed one. */
static void bind_locale(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("FAIR_LOCALEDIR");
	char exe[PATH_MAX];
	struct stat sb;
	ssize_t n;

	if (env && *env) {
		fair_i18n_bind(env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(dir, sizeof(dir), "%s/locale", dirname(exe));
		if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fair_i18n_bind(dir);
			return;
		}
	}
	fair_i18n_bind(FAIR_LOCALEDIR);
}

/* Messages in the user's language, but every number written (CSV, JSON,
 * PDF, SQL text) stays "C": 1.5, never 1,5. Characters are UTF-8 in any
 * locale: every file and message is, a legacy codeset's ctype would class
 * bytes of UTF-8 text as letters or spaces, and the system's own messages
 * (strerror) in Japanese need it, on the console's threads too. */
static void start_locale(void)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
	bind_locale();
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	start_locale();
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
		fprintf(stderr, _("fairsync: unknown command '%s'\n"
				  "Try 'fairsync --help'.\n"), argv[1]);
		return EXIT_USAGE;
	}
	if (cli_wants_help(argc - 1, argv + 1, cmd))
		return EXIT_OK;
	return cmd->run(argc - 1, argv + 1);
}
