#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <strings.h>
#include <sys/stat.h>

#include <sodium.h>

#include "cli.h"
#include "fair/caltime.h"
#include "fair/central.h"
#include "fair/import.h"
#include "fair/merge.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("fairsync: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap); /* fmt in the reader's language */
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

void cli_note(const char *fmt, ...)
{
	va_list ap;

	fputs("fairsync: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_cell(const char *s, int width, bool right)
{
	int w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			w += *p >= 0xe0 ? 2 : 1;
	if (right)
		printf("%*s%s", width > w ? width - w : 0, "", s);
	else
		printf("%s%*s", s, width > w ? width - w : 0, "");
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fairsync %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try 'fairsync %s --help'.\n"), cmd);
	return EXIT_USAGE;
}

/* In another language the command's one-line summary comes first, as a
 * title over its usage text (both from po/LANG.po; a usage text not yet
 * translated shows in English under a translated title). */
static void help_summary(const struct command *cmd)
{
	const char *t = _(cmd->summary);

	if (t != cmd->summary)
		printf("fairsync %s: %s\n\n", cmd->name, t);
}

bool cli_wants_help(int argc, char **argv, const struct command *cmd)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			help_summary(cmd);
			fputs(_(cmd->usage), stdout);
			return true;
		}
	}
	return false;
}

int cli_refuse_unfinished_merge(struct store *st, const char *db,
				const char *what)
{
	char why[512], p[1024];

	if (!merge_incomplete(st, why, sizeof(why)))
		return 0;
	cli_clean(db, p, sizeof(p));
	return cli_error("cannot %s from '%s': %s; run 'fairsync merge --db "
			 "%s' with those kiosk files to finish it (what is "
			 "merged already is skipped)", _(what), p, why, p);
}

struct store *cli_open_store(const char *path, unsigned flags)
{
	struct fair_err err = { "" };
	struct store *st;

	if (central_is_url(path)) {
		if (!(flags & STORE_READONLY)) {
			cli_error("a central database is read through a "
				  "snapshot, and this command writes: pull the "
				  "event into a file first (fairsync pull)");
			return NULL;
		}
		st = central_snapshot(path, &err);
		if (!st)
			cli_error("cannot read the central database: %s",
				  err.msg);
		return st;
	}
	st = store_open(path, flags, &err);

	if (!st)
		cli_error("cannot open '%s': %s", path, err.msg);
	return st;
}

/* Length of the UTF-8 sequence at p (1-4), or 0 if it is not one. */
static int utf8_len(const unsigned char *p)
{
	int n = p[0] < 0x80 ? 1 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2
		: p[0] >= 0xe0 && p[0] < 0xf0 ? 3
		: p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : 0;

	for (int i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static bool unsafe_char(const unsigned char *p, int n)
{
	unsigned cp;

	if (n == 1)
		return p[0] < 0x20 || p[0] == 0x7f;
	cp = n == 2 ? (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu)
	   : n == 3 ? (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 |
		      (p[2] & 0x3fu)
	   : 0x10000;
	return (cp >= 0x80 && cp < 0xa0) ||          /* C1 */
	       cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) ||      /* embeddings */
	       (cp >= 0x2066 && cp <= 0x2069);        /* isolates */
}

const char *cli_clean(const char *in, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t o = 0;

	if (!cap)
		return out;
	while (*p) {
		int n = utf8_len(p);

		if (!n) {
			if (o + 2 > cap)
				break;
			out[o++] = '?';
			p++;
			continue;
		}
		if (!unsafe_char(p, n)) {
			if (o + (size_t)n + 1 > cap)
				break;
			memcpy(out + o, p, (size_t)n);
			o += (size_t)n;
		}
		p += n;
	}
	out[o] = '\0';
	return out;
}

void cli_company_file(const char *ext_id, const char *name, char *out,
		      size_t cap)
{
	char raw[600];

	/* names come from a CSV file: no control or bidi character reaches
	 * a file name or the terminal line that shows it */
	snprintf(raw, sizeof(raw), "%s_%s", ext_id, name);
	cli_clean(raw, out, cap);
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || strchr("/\\:*?\"<>| ", *c))
			*c = '_';
}

bool cli_parse_u32(const char *s, const char *what, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > 0xffffffffUL || s[0] == '-') {
		cli_error("%s must be a number: '%s'", what, s);
		return false;
	}
	*out = (unsigned)v;
	return true;
}

bool cli_has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n > e && !strcasecmp(path + n - e, ext);
}

static bool is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int cli_out_file(const char *cmd, const char *opt, const char *out,
		 const char *const *exts)
{
	size_t n = strlen(out);
	bool ok = !exts;

	if (!n || out[n - 1] == '/' || is_dir(out))
		return cli_usage_error(cmd, "%s '%s' is a folder; it must name "
				       "a file", opt, out);
	for (int i = 0; exts && exts[i]; i++)
		ok = ok || cli_has_ext(out, exts[i]);
	if (!ok)
		return cli_usage_error(cmd, "%s '%s' must end in %s%s%s", opt,
				       out, exts[0], exts[1] ? " or " : "",
				       exts[1] ? exts[1] : "");
	return 0;
}

int cli_out_table(const char *cmd, const char *out, int format)
{
	static const char *const exts[3][3] = {
		{ ".csv", ".txt", NULL }, { ".xlsx", NULL, NULL },
		{ ".json", ".jsonl", NULL } };

	return cli_out_file(cmd, "--out", out,
			    exts[format >= 0 && format < 3 ? format : 0]);
}

int cli_out_dir(const char *cmd, const char *opt, const char *out,
		const char *const *file_exts)
{
	struct stat sb;

	if (!*out)
		return cli_usage_error(cmd, "%s needs a folder", opt);
	if (stat(out, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return cli_usage_error(cmd, "%s '%s' is a file; it must name a "
				       "folder", opt, out);
	for (int i = 0; file_exts && file_exts[i]; i++)
		if (cli_has_ext(out, file_exts[i]) && !is_dir(out))
			return cli_usage_error(cmd, "%s '%s' looks like a file "
					       "name; it must name a folder "
					       "(files go inside it)", opt,
					       out);
	return 0;
}

bool cli_path_join(char *out, size_t cap, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	while (*name == '/')
		name++;
	if (n == 1 && dir[0] == '/')
		return snprintf(out, cap, "/%s", name) < (int)cap;
	return snprintf(out, cap, "%.*s/%s", (int)n, dir, name) < (int)cap;
}

const char *cli_plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void progress_start(struct progress *p, const char *label, long total)
{
	p->label = label;
	p->total = total > 0 ? total : 0;
	p->done = 0;
	p->tty = isatty(STDERR_FILENO);
	p->last_pct = -1;
}

void progress_step(struct progress *p, long n)
{
	int pct, bar;

	p->done += n;
	if (!p->tty)
		return;
	if (!p->total) { /* open-ended: a count */
		fprintf(stderr, "\r%-12s %ld", p->label, p->done);
		fflush(stderr);
		p->last_pct = 0;
		return;
	}
	pct = (int)((p->done < p->total ? p->done : p->total) * 100 /
		    p->total); /* an estimate passed stays at 100 % */
	if (pct == p->last_pct)
		return;
	p->last_pct = pct;
	bar = pct * 30 / 100;
	fprintf(stderr, "\r%-12s [%.*s%*s] %3d%%", p->label, bar,
		"##############################", 30 - bar, "", pct);
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->tty && p->last_pct >= 0)
		fputc('\n', stderr);
}

int cli_find_attendee(struct store *st, const char *key, struct attendee *a)
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

/* ---- valid choices, listed when one given is wrong ------------------- */

#define CHOICES_SHOWN 30 /* a hall's worth; the rest are counted */

struct choices {
	long n;
};

static void choice_line(struct choices *ch, const char *id, const char *name)
{
	char a[96], b[STORE_TEXT];

	if (ch->n++ < CHOICES_SHOWN)
		fprintf(stderr, "  %-16s %s\n", cli_clean(id, a, sizeof(a)),
			cli_clean(name, b, sizeof(b)));
}

static void choices_end(const struct choices *ch, const char *none)
{
	if (!ch->n)
		fprintf(stderr, "  (%s)\n", none);
	else if (ch->n > CHOICES_SHOWN)
		fprintf(stderr, _("  ... and %ld more\n"),
			ch->n - CHOICES_SHOWN);
}

static void company_choice(const struct company *c, void *ctx)
{
	choice_line(ctx, c->ext_id, c->name);
}

static void place_choice(const struct place *p, void *ctx)
{
	choice_line(ctx, p->ext_id, p->name);
}

void cli_list_companies(struct store *st)
{
	struct choices ch = { 0 };

	fprintf(stderr, "fairsync: %s\n", _("the companies are (ID, name):"));
	store_company_each(st, company_choice, &ch);
	choices_end(&ch, _("none yet: fairsync import companies FILE"));
}

void cli_list_places(struct store *st)
{
	struct choices ch = { 0 };

	fprintf(stderr, "fairsync: %s\n", _("the places are (ID, name):"));
	store_place_each(st, place_choice, &ch);
	choices_end(&ch, _("none"));
}

int cli_find_company(struct store *st, const char *db, const char *key,
		     struct company *out)
{
	unsigned long id;
	char *end, k[96];

	if (store_company_by_ext(st, key, out) == 0)
		return 0;
	errno = 0;
	id = strtoul(key, &end, 10);
	if (*key >= '0' && *key <= '9' && !*end && !errno &&
	    id <= UINT32_MAX && store_company_get(st, (uint32_t)id, out) == 0)
		return 0;
	cli_error("no company '%s' in '%s'", cli_clean(key, k, sizeof(k)),
		  db);
	cli_list_companies(st);
	return EXIT_FAIL;
}

int cli_sign_badge(struct store *st, const char *db, const struct attendee *a,
		   uint16_t serial, char text[TOKEN_TEXT_MAX])
{
	struct fair_err err = { "" };
	uint8_t sk[TOKEN_SK_BYTES];
	struct event_info ev;
	int rc = EXIT_OK;

	if (store_event_get(st, &ev, &err) || store_signing_key(st, sk, &err))
		return cli_error("cannot sign badges with '%s': %s", db,
				 err.msg);
	if (token_encode(&(struct token){ .version = TOKEN_VERSION,
			 .role = a->role, .event_id = ev.event_id,
			 .attendee_id = a->id, .serial = serial }, sk, text))
		rc = cli_error("cannot sign a badge for '%s'", a->name);
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

int cli_parse_day(const struct event_info *ev, const char *s, int64_t *out)
{
	struct fair_err err = { "" };
	char day[64], norm[11], nosuch[sizeof(err.msg)];
	int rc;

	if (cal_parse_time("00:00", s, ev->utc_offset_min, out) == 0)
		return 0;
	snprintf(day, sizeof(day), "%s 00:00", s);
	rc = cal_parse_time(day, ev->start_date, ev->utc_offset_min, out);
	/* a date that does not exist says so, before the caller's usage */
	snprintf(nosuch, sizeof(nosuch), _("no such day: '%s'"), s);
	if (rc && cal_parse_date_text(s, norm, &err) &&
	    !strcmp(err.msg, nosuch)) /* caltime's words, in any language */
		cli_error("%s", err.msg);
	return rc;
}
