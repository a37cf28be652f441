/* fairsync merge: kiosk databases into the event database, with a summary
 * per kiosk. The work and every guarantee are in src/organizer/merge.c. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "fair/merge.h"

const char usage_merge[] = N_(
	"usage: fairsync merge --db EVENT.db KIOSK.db...\n\n"
	"Adds every fact recorded by the kiosks to the event database. Safe to\n"
	"repeat: a fact already merged is skipped, and the order of the files\n"
	"does not matter. A kiosk file may come with or without its -wal file\n"
	"and from read-only media; it is never modified.\n\n"
	"Every file is checked first, as untrusted input: a fairkiosk\n"
	"database of this event, not from a newer fairkiosk, with exactly our\n"
	"tables (no views, triggers or other columns), passing SQLite's\n"
	"integrity check, every value of the right type, size and range, and\n"
	"no fact the event already holds with other content. The event\n"
	"database itself, a link to it, a folder, FIFO or device is refused\n"
	"at once. If any file is refused, nothing at all is merged.\n\n"
	"Suspicious facts are merged and flagged: kiosk clocks outside the\n"
	"event's dates or running backwards, one badge at two places at once,\n"
	"revoked badges, facts naming an attendee or place the event does\n"
	"not know (left out of exports), a void of another kiosk's check-in\n"
	"(not applied), a walk-in claiming a student's roster ID (kept as a\n"
	"walk-in without it). Wrong clocks are repaired from the kiosk's\n"
	"monotonic time where the same boot also recorded trustworthy\n"
	"times.\n\n"
	"Prints one line per file: kiosk, facts, new, already known, flags\n"
	"raised, walk-ins registered. A progress bar shows on a terminal.\n\n"
	"  --db FILE     the event database (from fairsync init)\n"
	"  --batch N     files per transaction (1-10, default 9)\n");

static void on_progress(long done, long total, void *ctx)
{
	struct progress *p = ctx;

	p->total = total;
	progress_step(p, done - p->done);
}

static void print_line(const char *kiosk, const char *file, long facts,
		       long added, long known, long flagged, long walkins)
{
	char k[256], f[1024];

	/* a kiosk name comes from a file: no escape reaches the terminal */
	cli_cell(cli_clean(kiosk, k, sizeof(k)), 16, false);
	putchar(' ');
	cli_cell(cli_clean(file, f, sizeof(f)), 28, false);
	printf(" %8ld %8ld %8ld %8ld %8ld\n", facts, added, known, flagged,
	       walkins);
}

static void print_summary(const struct merge_summary *s, int n)
{
	static const char *const head[] = { N_("facts"), N_("new"),
		N_("known"), N_("flagged"), N_("walk-ins") };
	long facts = 0, added = 0, known = 0, flagged = 0, walkins = 0;

	/* the header in the reader's language, padded as the cells are */
	cli_cell(_("kiosk"), 16, false);
	putchar(' ');
	cli_cell(_("file"), 28, false);
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++) {
		putchar(' ');
		cli_cell(_(head[i]), 8, true);
	}
	putchar('\n');
	for (int i = 0; i < n; i++) {
		print_line(s[i].kiosk[0] ? s[i].kiosk : "-", s[i].path,
			   s[i].facts, s[i].added, s[i].known, s[i].flagged,
			   s[i].walkins);
		facts += s[i].facts;
		added += s[i].added;
		known += s[i].known;
		flagged += s[i].flagged;
		walkins += s[i].walkins;
	}
	print_line(_("total"), "", facts, added, known, flagged, walkins);
}

/* Walk-ins claiming a student's roster id: kept, but the organizer must
 * decide who they were. */
static void print_claims(const struct merge_summary *s, int n)
{
	char p[1024], id[256];

	for (int i = 0; i < n; i++)
		if (s[i].walkin_conflicts)
			printf(P_("'%s': %ld walk-in claims the roster ID of "
				  "a student (%s%s); kept as a walk-in "
				  "without it, its facts flagged %s\n",
				  "'%s': %ld walk-ins claim the roster ID of "
				  "a student (%s%s); kept as walk-ins "
				  "without it, their facts flagged %s\n",
				  s[i].walkin_conflicts),
			       cli_clean(s[i].path, p, sizeof(p)),
			       s[i].walkin_conflicts,
			       cli_clean(s[i].walkin_claim, id, sizeof(id)),
			       s[i].walkin_conflicts > 1 ? ", ..." : "",
			       MERGE_FLAG_WALKIN_ID_CONFLICT);
}

/* A count, or 0 when the database cannot answer. */
static long count_rows(struct store *st, const char *sql)
{
	int64_t n = 0;

	store_query_int64(st, sql, NULL, 0, &n);
	return (long)n;
}

/* What the event holds, all merges so far: the organizer's to-do list. */
static void print_flags(struct store *st)
{
	sqlite3_stmt *q;
	const char *sep = " ";

	if (sqlite3_prepare_v2(store_db(st), "SELECT reason, count(*) FROM "
			       "merge_flags GROUP BY reason ORDER BY 1", -1,
			       &q, NULL) != SQLITE_OK)
		return;
	printf("%s", _("flagged in the event:"));
	while (sqlite3_step(q) == SQLITE_ROW) {
		char r[64];

		printf("%s%s %lld", sep, cli_clean((const char *)
		       sqlite3_column_text(q, 0), r, sizeof(r)),
		       (long long)sqlite3_column_int64(q, 1));
		sep = ", ";
	}
	sqlite3_finalize(q);
	printf(_("%s; times repaired: %ld\n"), *sep == ' ' ? _(" none") : "",
	       count_rows(st, "SELECT count(*) FROM merge_repairs"));
}

static int report_refused(const struct merge_summary *s, int n)
{
	int bad = 0;

	char p[1024], m[512];

	for (int i = 0; i < n; i++) {
		if (s[i].status && s[i].msg[0]) {
			cli_error("cannot merge '%s': %s",
				  cli_clean(s[i].path, p, sizeof(p)),
				  cli_clean(s[i].msg, m, sizeof(m)));
			bad++;
		}
	}
	return cli_error("%d of %d files refused; nothing merged, the event "
			 "database is unchanged", bad, n);
}

/* Interrupted (Ctrl-C, kill, a closed terminal): the private copies of
 * kiosk files go first, then the signal does what it would have done.
 * The event database needs nothing: SQLite rolls back an unfinished
 * transaction at the next open. */
static void on_signal(int sig)
{
	merge_cleanup_on_signal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
				    SIGPIPE };
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int do_merge(const char *db, const char *const *paths, int n,
		    int batch)
{
	struct fair_err err = { "" };
	struct progress bar;
	struct merge_opts o = { .batch = batch, .progress = on_progress,
				.ctx = &bar };
	struct merge_summary *sums = calloc((size_t)n, sizeof(*sums));
	struct store *st;
	int rc;

	if (!sums)
		return cli_error("out of memory");
	st = cli_open_store(db, 0);
	if (!st) {
		free(sums);
		return EXIT_FAIL;
	}
	catch_signals();
	progress_start(&bar, _("merging"), 2L * n);
	rc = merge_run(st, paths, n, &o, sums, &err);
	progress_end(&bar);
	if (rc == FAIR_EIO || rc == FAIR_ENOMEM) {
		char m[512], why[512];

		print_summary(sums, n);
		cli_error("merge stopped: %s",
			  cli_clean(err.msg, m, sizeof(m)));
		if (merge_incomplete(st, why, sizeof(why)))
			cli_error("%s; run the same merge again to finish it "
				  "(exports refuse until then)", why);
	} else if (rc) {
		report_refused(sums, n);
	} else {
		print_summary(sums, n);
		print_claims(sums, n);
		print_flags(st);
	}
	store_close(st);
	free(sums);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "batch", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	unsigned batch = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'b':
			if (!cli_parse_u32(optarg, "--batch", &batch))
				return EXIT_USAGE;
			break;
		default: return cli_usage_error("merge", "bad option");
		}
	}
	if (!db)
		return cli_usage_error("merge", "--db is required");
	if (optind >= argc)
		return cli_usage_error("merge", "name at least one KIOSK.db");
	if (batch > MERGE_MAX_ATTACH)
		return cli_usage_error("merge", "--batch is at most %d",
				       MERGE_MAX_ATTACH);
	return do_merge(db, (const char *const *)argv + optind, argc - optind,
			(int)batch);
}
