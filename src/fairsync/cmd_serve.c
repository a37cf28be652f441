/* fairsync serve: the organizer's console in a browser (src/fairsync/serve/,
 * docs/console.md). Prints one line, the address to open with its access
 * token, and serves until interrupted. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "cli.h"
#include "commands.h"
#include "serve/console.h"

const char usage_serve[] =
	"usage: fairsync serve --db EVENT.db [--listen ADDR:PORT]\n\n"
	"Runs the organizer's console: the event at a glance, roster import,\n"
	"badges, kiosk bundles, merging kiosk files, exports and reports, in\n"
	"a browser (Japanese, with English). Prints the address to open,\n"
	"carrying a random access token; without it every request is refused.\n"
	"Stop it with Ctrl-C.\n\n"
	"  --db FILE           the event database (from fairsync init)\n"
	"  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0\n"
	"                      picks a free one). Plain HTTP: keep it on this\n"
	"                      computer unless the network is your own\n";

static void random_hex(char out[CONSOLE_TOKEN_HEX + 1])
{
	unsigned char raw[CONSOLE_TOKEN_HEX / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, CONSOLE_TOKEN_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

/* The host part to print: a wildcard address is reached as localhost. */
static void url_host(const char *listen, char *out, size_t cap)
{
	const char *colon = strrchr(listen, ':');
	int n = colon ? (int)(colon - listen) : 0;

	snprintf(out, cap, "%.*s", n, listen);
	if (!strcmp(out, "0.0.0.0"))
		snprintf(out, cap, "127.0.0.1");
	else if (!strcmp(out, "[::]"))
		snprintf(out, cap, "[::1]");
}

static bool loopback(const char *host)
{
	return !strncmp(host, "127.", 4) || !strcmp(host, "[::1]") ||
	       !strcmp(host, "localhost");
}

static int serve(struct console *c, const char *listen)
{
	char err[512], host[256];
	sigset_t set;
	void *d;
	int port = 0, sig = 0;

	/* Requests run on the server's thread; signals come here only. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	console_warm(c); /* the first overview answers from the cache too */
	d = console_start(c, listen, &port, err, sizeof(err));
	if (!d)
		return cli_error("%s", err);
	url_host(listen, host, sizeof(host));
	if (!loopback(host))
		fprintf(stderr, "fairsync: listening on '%s' in plain HTTP: "
			"anyone on that network who sees the address can use "
			"the console\n", listen);
	printf("http://%s:%d/?token=%s\n", host, port, c->token);
	fflush(stdout);
	sigwait(&set, &sig);
	console_stop(d);
	return EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct console c = { 0 };
	struct event_info ev;
	struct fair_err ferr = { "" };
	const char *listen = "127.0.0.1:8080";
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': c.db = optarg; break;
		case 'l': listen = optarg; break;
		default: return cli_usage_error("serve", "bad option");
		}
	}
	if (!c.db || optind != argc)
		return cli_usage_error("serve", "--db EVENT.db is required");
	if (sodium_init() < 0)
		return cli_error("cannot initialise libsodium");
	c.st = cli_open_store(c.db, 0);
	if (!c.st)
		return EXIT_FAIL;
	if (store_event_get(c.st, &ev, &ferr)) {
		store_close(c.st);
		return cli_error("'%s' is not an event database: %s (run "
				 "'fairsync init' first)", c.db, ferr.msg);
	}
	umask(077); /* every upload, bundle and export: owner only */
	if (console_tmp_init(&c)) {
		store_close(c.st);
		return cli_error("cannot make a private folder beside '%s': %s",
				 c.db, strerror(errno));
	}
	random_hex(c.token);
	random_hex(c.csrf);
	rc = serve(&c, listen);
	console_tmp_cleanup(&c);
	console_cache_free(&c);
	store_close(c.st);
	sodium_memzero(c.token, sizeof(c.token));
	return rc;
}
