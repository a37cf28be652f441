/* cli.h: what every fairsync sub-command shares: the command table entry,
 * option parsing helpers and how errors reach the user.
 *
 * Conventions: data to stdout, messages to stderr as
 * "fairsync: what: 'subject'"; exit 0 on success, 1 on failure, 2 on a
 * usage error.
 */
#ifndef FAIRSYNC_CLI_H
#define FAIRSYNC_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "fair/i18n.h"
#include "fair/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct command {
	const char *name;     /* first word after fairsync */
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;  /* one line for `fairsync --help`, N_() */
	const char *usage;    /* full help for `fairsync CMD --help`, N_() */
};

/* Prints "fairsync: " + message to stderr. Returns EXIT_FAIL. fmt is
 * English, translated here (po/ja.po): a whole sentence first, the ids
 * and paths as arguments after it. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "fairsync: " + a note (what was written, what to check) to
 * stderr, fmt translated as cli_error's. */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints s padded with spaces to width terminal columns (kanji and kana
 * take two): text left, or right-aligned when right. */
void cli_cell(const char *s, int width, bool right);
/* Prints the usage error (fmt translated as cli_error's) and a hint to
 * stderr. Returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* True if argv holds -h or --help; prints cmd's usage to stdout then. */
bool cli_wants_help(int argc, char **argv, const struct command *cmd);
/* The command table entry by name, for usage texts. */
const struct command *cli_command(const char *name);

/* Opens a database, printing "fairsync: cannot open 'PATH': reason" on
 * failure. NULL on failure. */
struct store *cli_open_store(const char *path, unsigned flags);

/* Refuses to write an output of the event (exports, reports) while a
 * merge into it stopped unfinished: prints why, naming the files not yet
 * merged and 'fairsync merge' to finish, and returns EXIT_FAIL. 0 when
 * no merge is pending. what names the output, N_("export"), translated
 * here. */
int cli_refuse_unfinished_merge(struct store *st, const char *db,
				const char *what);

/* An attendee by roster id ("S0042") or by numeric badge id: 0, or
 * FAIR_ENOENT. */
int cli_find_attendee(struct store *st, const char *key, struct attendee *a);

/* A company by roster ID ("C001") or by its numeric id, wherever a
 * company is asked for. 0, or prints "no company 'KEY' in 'DB'" and the
 * companies there are (ID and name) and returns EXIT_FAIL. */
int cli_find_company(struct store *st, const char *db, const char *key,
		     struct company *out);
/* After a message naming a wrong one, the valid choices on stderr: every
 * company or place by ID and name (the first 30, then how many more). */
void cli_list_companies(struct store *st);
void cli_list_places(struct store *st);

/* Signs the badge of a with the given serial using st's signing key, into
 * text (TOKEN_TEXT_MAX). Prints why on failure and returns EXIT_FAIL. */
int cli_sign_badge(struct store *st, const char *db, const struct attendee *a,
		   uint16_t serial, char text[TOKEN_TEXT_MAX]);

/* Text from a file, made safe for a terminal line: C0 and C1 control
 * characters, DEL and bidi overrides/isolates removed, bytes that are not
 * UTF-8 shown as '?'. Writes at most cap bytes (NUL included) into out,
 * never cutting a character; returns out. NULL in gives "". */
const char *cli_clean(const char *in, char *out, size_t cap);
/* A file name from a company's id and name, "C001_株式会社サンプル":
 * cli_clean()ed, then each character Windows or a shell would trip on
 * (controls, / \ : * ? " < > | and space) made '_'. */
void cli_company_file(const char *ext_id, const char *name, char *out,
		      size_t cap);

/* Parses an unsigned id; false (with a message) if s is not one. */
bool cli_parse_u32(const char *s, const char *what, unsigned *out);

/* --out checks, before anything is written. cli_out_file: out must name a
 * file (not an existing folder, not ending in '/') whose extension is one
 * of exts (NULL-terminated, e.g. { ".pdf", NULL }; NULL accepts any).
 * cli_out_dir: out must name a folder (existing or to be made), never an
 * existing file nor a name ending in one of file_exts. Both print a
 * usage error naming the mistake and return EXIT_USAGE, or 0. */
int cli_out_file(const char *cmd, const char *opt, const char *out,
		 const char *const *exts);
int cli_out_dir(const char *cmd, const char *opt, const char *out,
		const char *const *file_exts);
/* cli_out_file for a table written as format 0 CSV (.csv, .txt),
 * 1 XLSX (.xlsx) or 2 JSON lines (.json, .jsonl): the order of both
 * enum export_format and enum tour_format. */
int cli_out_table(const char *cmd, const char *out, int format);
/* True if path ends with ext, ignoring case. */
bool cli_has_ext(const char *path, const char *ext);

/* dir + "/" + name into out without doubling the slash ("companies/" +
 * "C01.xlsx" -> "companies/C01.xlsx"). false if it does not fit. */
bool cli_path_join(char *out, size_t cap, const char *dir, const char *name);

/* "1 page", "2 pages": n and the word for it. */
const char *cli_plural(long n, const char *one, const char *many);

/* A day as the roster import writes dates ("2027-04-01", "2027/4/1",
 * "令和9年4月1日", full-width digits), as the UTC ms of its midnight at
 * the venue. 0 or FAIR_EINVAL; a day that does not exist ("2027-02-30")
 * is also named on stderr as "no such day". */
int cli_parse_day(const struct event_info *ev, const char *s, int64_t *out);

/* A progress bar on stderr, drawn only when stderr is a terminal. */
struct progress {
	const char *label;
	long total;              /* 0: unknown, count only */
	long done;
	bool tty;
	int last_pct;
};
/* total <= 0: an open-ended count ("export  12288") rather than a bar. */
void progress_start(struct progress *p, const char *label, long total);
void progress_step(struct progress *p, long n);
void progress_end(struct progress *p);

#endif
