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

static int find(struct store *st, const char *key, struct attendee *a)
{
	unsigned id;
	char *end;

	if (store_attendee_by_ext(st, key, a) == 0)
		return 0;
	id = (unsigned)strtoul(key, &end, 10);
	if (*key && !*end && store_attendee_get(st, id, a) == 0)
		return 0;
	return FAIR_ENOENT;
}

static int reissue(struct store *st, const char *db, const char *who)
{
	struct fair_err err = { "" };
	uint8_t sk[TOKEN_SK_BYTES];
	char text[TOKEN_TEXT_MAX];
	struct event_info ev;
	struct attendee a;
	uint16_t serial;
	int rc = EXIT_FAIL;

	if (find(st, who, &a))
		return cli_error("no attendee '%s' in '%s'", who, db);
	if (store_event_get(st, &ev, &err) || store_signing_key(st, sk, &err))
		return cli_error("cannot reissue from '%s': %s", db, err.msg);
	if (store_attendee_reissue(st, a.id, &serial, &err)) {
		cli_error("cannot revoke '%s': %s", who, err.msg);
		goto out;
	}
	if (token_encode(&(struct token){ .version = TOKEN_VERSION,
			 .role = a.role, .event_id = ev.event_id,
			 .attendee_id = a.id, .serial = serial }, sk, text)) {
		cli_error("revoked, but cannot sign the new badge of '%s'",
			  who);
		goto out;
	}
	puts(text);
	fprintf(stderr, "fairsync: revoked badge %u of '%s'; new serial %u\n",
		(unsigned)a.serial, who, (unsigned)serial);
	rc = EXIT_OK;
out:
	sodium_memzero(sk, sizeof(sk));
	return rc;
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
