/* fairsync serve: the organizer's console in a browser (src/fairsync/serve/,
 * docs/console.md). Prints one line, the address to open with its access
 * token, and serves until interrupted. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "commands.h"
#include "serve/console.h"

const char usage_serve[] = N_(
	"usage: fairsync serve --db EVENT.db [--listen ADDR:PORT]\n\n"
	"Runs the organizer's console: the event at a glance, roster import,\n"
	"badges, kiosk bundles, merging kiosk files, exports and reports, in\n"
	"a browser (Japanese, with English). Prints the address to open,\n"
	"carrying a random access token; without it every request is refused.\n"
	"Stop it with Ctrl-C.\n\n"
	"  --db FILE           the event database (from fairsync init)\n"
	"  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0\n"
	"                      picks a free one). Plain HTTP: keep it on this\n"
	"                      computer unless the network is your own\n");

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

/* The folder goes even while a stuck job still writes into it: a file it
 * makes between two passes is taken by the next. tmpdir is left as it is:
 * that job may still be reading it. */
static void remove_tmp(const struct console *c)
{
	struct stat sb;

	for (int i = 0; i < 20; i++) {
		console_tmp_remove(c->tmpdir);
		if (lstat(c->tmpdir, &sb) != 0)
			break;
	}
}

/* A job did not end when asked (a fairsync command busy on a connection
 * of its own): leave without it, the private folder removed. SQLite's
 * journal undoes what it had not committed. */
static void abandon(struct console *c, const char *what)
{
	char msg[400];
	int n;

	remove_tmp(c);
	n = snprintf(msg, sizeof(msg), "fairsync: stopped while '%s' was "
		     "still running; what it had not finished is undone, "
		     "run it again\n", what);
	if (c->stderr_fd >= 0 && n > 0 && write(c->stderr_fd, msg,
						(size_t)n) < 0)
		n = 0; /* nowhere left to say it */
	_exit(EXIT_OK);
}

static int start_threads(struct console *c, char *err, size_t cap)
{
	if (console_watch_start(c)) {
		snprintf(err, cap, "cannot start the watchdog: %s",
			 strerror(errno));
		return -1;
	}
	return console_jobs_start(c, err, cap);
}

static void stop_threads(struct console *c, void *d)
{
	char what[128];

	if (!console_jobs_stop(c, CONSOLE_STOP_MS, what, sizeof(what)))
		abandon(c, what);
	console_stop(d); /* no connection is suspended any more */
	console_jobs_free(c);
	console_watch_stop(c);
}

static int serve(struct console *c, const char *listen)
{
	char err[512], host[256];
	sigset_t set;
	void *d = NULL;
	int port = 0, sig = 0;

	/* Requests run on the server's, the worker's and the watchdog's
	 * threads; signals come here only. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (start_threads(c, err, sizeof(err)) == 0) {
		console_warm(c); /* the first overview from the cache too */
		d = console_start(c, listen, &port, err, sizeof(err));
	}
	if (!d) {
		stop_threads(c, NULL);
		return cli_error("%s", err);
	}
	url_host(listen, host, sizeof(host));
	if (!loopback(host))
		fprintf(stderr, _("fairsync: listening on '%s' in plain HTTP: "
				  "anyone on that network who sees the address "
				  "can use the console\n"), listen);
	printf("http://%s:%d/?token=%s\n", host, port, c->token);
	fflush(stdout);
	sigwait(&set, &sig);
	stop_threads(c, d);
	return EXIT_OK;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct console c = { .stderr_fd = -1 };
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
	pthread_mutex_init(&c.read_lock, NULL);
	pthread_mutex_init(&c.cache_lock, NULL);
	c.stderr_fd = fcntl(2, F_DUPFD_CLOEXEC, 3);
	rc = serve(&c, listen);
	console_tmp_cleanup(&c);
	console_cache_free(&c);
	store_close(c.st);
	if (c.stderr_fd >= 0)
		close(c.stderr_fd);
	pthread_mutex_destroy(&c.read_lock);
	pthread_mutex_destroy(&c.cache_lock);
	sodium_memzero(c.token, sizeof(c.token));
	return rc;
}
