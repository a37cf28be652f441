/* fairsync revoke: reissue an attendee's badge, revoking the old serial;
 * print the new token and write the new badge. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "badges.h"
#include "cli.h"
#include "commands.h"

const char usage_revoke[] = N_(
	"usage: fairsync revoke --db EVENT.db --attendee ID\n"
	"         [--out FILE.pdf|FILE.png]\n\n"
	"Revokes the attendee's current badge (lost, shared, stolen), issues\n"
	"a new one with the next serial and writes it to --out: an A4 page\n"
	"to print (.pdf) or an image to e-mail (.png). The new badge's token\n"
	"is printed on stdout either way, for scripts. Kiosks refuse the old\n"
	"badge once re-provisioned with 'fairsync pack --update'. ID is the\n"
	"roster id or the badge number.\n");

static int reissue(struct store *st, const char *db, const char *who,
		   const char *out)
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
	fflush(stdout);
	fprintf(stderr, _("fairsync: revoked badge %u of '%s'; new serial "
			  "%u\n"),
		(unsigned)a.serial, who, (unsigned)serial);
	if (!out)
		return EXIT_OK;
	if (badges_write_one(st, db, a.id, out) != EXIT_OK)
		return cli_error("badge %u of '%s' is revoked, but the new one "
				 "could not be written to '%s'; reprint it with "
				 "'fairsync badges --attendee %s'",
				 (unsigned)a.serial, who, out, who);
	fprintf(stderr, _("fairsync: the new badge of '%s' is in '%s'\n"), who,
		out);
	return EXIT_OK;
}

int cmd_revoke(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "attendee", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const exts[] = { ".pdf", ".png", NULL };
	const char *db = NULL, *who = NULL, *out = NULL;
	struct store *st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': who = optarg; break;
		case 'o': out = optarg; break;
		default: return cli_usage_error("revoke", "bad option");
		}
	}
	if (!db || !who || optind != argc)
		return cli_usage_error("revoke", "needs --db and --attendee");
	/* checked before anything is revoked */
	if (out && (rc = cli_out_file("revoke", "--out", out, exts)))
		return rc;
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	rc = reissue(st, db, who, out);
	store_close(st);
	return rc;
}
