/* fairsync token issue|verify: one badge token, for tests, e-mails and
 * checking a badge someone doubts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fair/rules.h"

const char usage_token[] = N_(
	"usage: fairsync token issue --db EVENT.db --attendee ID\n"
	"       fairsync token verify --db DB TOKEN\n\n"
	"issue   prints the badge token of an attendee (roster ID or numeric\n"
	"        badge id) signed with the event's key.\n"
	"verify  checks a token against DB (an event or kiosk database) and\n"
	"        prints one reason key: ok, malformed, forged, other-event or\n"
	"        revoked. Exit status 0 only for a valid token.\n");

static int token_issue(const char *db, const char *who)
{
	char text[TOKEN_TEXT_MAX];
	struct attendee a;
	struct store *st = cli_open_store(db, STORE_READONLY);
	int rc = EXIT_FAIL;

	if (!st)
		return EXIT_FAIL;
	if (cli_find_attendee(st, who, &a))
		cli_error("no attendee '%s' in '%s'", who, db);
	else if (cli_sign_badge(st, db, &a, a.serial, text) == EXIT_OK) {
		puts(text);
		rc = EXIT_OK;
	}
	store_close(st);
	return rc;
}

static int token_verify(const char *db, const char *text)
{
	struct fair_err err = { "" };
	struct event_info ev;
	struct token_keys keys;
	struct token t;
	enum token_status s;
	const char *why = "";
	struct store *st = cli_open_store(db, STORE_READONLY);

	if (!st)
		return EXIT_FAIL;
	if (store_event_get(st, &ev, &err) || store_keys_load(st, &keys, &err)) {
		store_close(st);
		return cli_error("cannot verify with '%s': %s", db, err.msg);
	}
	s = token_check(text, strlen(text), ev.event_id, &keys, &t, &why);
	if (s == TOKEN_OK && store_serial_revoked(st, t.attendee_id, t.serial)) {
		puts("revoked");
		store_close(st);
		return EXIT_FAIL;
	}
	store_close(st);
	puts(token_status_key(s));
	if (s != TOKEN_OK)
		fprintf(stderr, "fairsync: %s\n", why);
	return s == TOKEN_OK ? EXIT_OK : EXIT_FAIL;
}

int cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "attendee", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *who = NULL, *sub;
	int c;

	if (argc < 2)
		return cli_usage_error("token", "issue or verify?");
	sub = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': who = optarg; break;
		default: return cli_usage_error("token", "bad option");
		}
	}
	if (!db)
		return cli_usage_error("token", "--db is required");
	if (!strcmp(sub, "issue")) {
		if (!who || optind != argc)
			return cli_usage_error("token", "issue needs "
					       "--attendee ID");
		return token_issue(db, who);
	}
	if (!strcmp(sub, "verify")) {
		if (optind != argc - 1)
			return cli_usage_error("token", "verify needs one "
					       "TOKEN");
		return token_verify(db, argv[optind]);
	}
	return cli_usage_error("token", "unknown sub-command '%s'", sub);
}
