/* fairsync revoke: reissue an attendee's badge, revoking the old serial,
 * and print the new token. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "commands.h"

const char usage_revoke[] =
	"usage: fairsync revoke --db EVENT.db --attendee ID\n\n"
	"Revokes the attendee's current badge (lost, shared, stolen) and\n"
	"prints the token of a new badge with the next serial on stdout.\n"
	"Kiosks refuse the old badge once re-provisioned with\n"
	"'fairsync pack --update'. ID is the roster id or the badge number.\n";

static int reissue(struct store *st, const char *db, const char *who)
{
	struct fair_err err = { "" };
	uint8_t sk[TOKEN_SK_BYTES];
	char text[TOKEN_TEXT_MAX];
	struct attendee a;
	uint16_t serial;
	int rc;

	if (cli_find_attendee(st, who, &a))
		return cli_error("no attendee '%s' in '%s'", who, db);
	/* Revoke only where a new badge can be signed right after. */
	rc = store_signing_key(st, sk, &err);
	sodium_memzero(sk, sizeof(sk));
	if (rc)
		return cli_error("cannot reissue from '%s': %s", db, err.msg);
	if (store_attendee_reissue(st, a.id, &serial, &err))
		return cli_error("cannot revoke '%s': %s", who, err.msg);
	if (cli_sign_badge(st, db, &a, serial, text) != EXIT_OK)
		return cli_error("badge %u of '%s' is revoked, but the new one "
				 "could not be signed", (unsigned)a.serial, who);
	puts(text);
	fprintf(stderr, "fairsync: revoked badge %u of '%s'; new serial %u\n",
		(unsigned)a.serial, who, (unsigned)serial);
	return EXIT_OK;
}

int cmd_revoke(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "attendee", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *who = NULL;
	struct store *st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': who = optarg; break;
		default: return cli_usage_error("revoke", "bad option");
		}
	}
	if (!db || !who || optind != argc)
		return cli_usage_error("revoke", "needs --db and --attendee");
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	rc = reissue(st, db, who);
	store_close(st);
	return rc;
}
