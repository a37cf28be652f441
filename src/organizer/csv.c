/* csv.c: RFC 4180 records from UTF-8 or CP932 text (see fair/csv.h). */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fair/csv.h"

/* Room for every field of one record at its maximum, each NUL-terminated,
 * so a record never needs a second allocation. */
#define ROW_BUF_BYTES ((size_t)CSV_FIELDS_MAX * (CSV_FIELD_MAX + 1))

struct csv {
	char *name;            /* for messages, "NAME:ROW: ..." */
	char *text;            /* whole file as UTF-8, BOM removed */
	size_t len;            /* bytes in text */
	size_t pos;            /* next byte to read */
	long line;             /* physical line of text[pos], from 1 */
	long srow;             /* spreadsheet row of text[pos], from 1: line
				* breaks inside quotes do not count */
	bool sheet;            /* text made from a sheet: name rows only */
	enum csv_encoding enc; /* found on opening */
	char sep;              /* ',' or, for TSV, '\t' */
	char *buf;             /* ROW_BUF_BYTES: the current record's fields */
	struct csv_row row;    /* points into buf */
};

/* What went wrong with the record being read; the first problem wins. */
enum row_problem {
	ROW_OK = 0,
	ROW_UNTERMINATED,  /* a quote never closed before the end */
	ROW_STRAY,         /* text after a closing quote */
	ROW_FIELD_LONG,    /* a field over CSV_FIELD_MAX */
	ROW_TOO_MANY,      /* more than CSV_FIELDS_MAX fields */
};

/* ---- encoding ------------------------------------------------------- */

/* Length of the UTF-8 sequence starting at s (at most n bytes), or 0 if
 * it is not a well-formed one. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t cp, min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2; cp = c & 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3; cp = c & 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

size_t csv_utf8_valid_prefix(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq_len(u + i, len - i);
		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

/* The physical line and the spreadsheet row holding byte off, counting
 * CRLF, LF and lone CR as one line break each, as the record reader
 * does; a break inside quotes starts a line but no row. Safe on CP932
 * too: its second bytes are never CR, LF or '"'. */
static void where_of(const char *s, size_t off, long *line, long *row)
{
	bool quoted = false;

	*line = *row = 1;
	for (size_t i = 0; i < off; i++) {
		bool brk = s[i] == '\n' ||
			   (s[i] == '\r' && !(i + 1 < off && s[i + 1] == '\n'));

		quoted ^= s[i] == '"';
		*line += brk;
		*row += brk && !quoted;
	}
}

/* "NAME:ROW" when the row and the line agree (or only rows mean
 * anything), else "NAME: ROW行目 (line LINE)". */
static const char *where_text(char *out, size_t cap, const char *name,
			      long row, long line, bool rows_only)
{
	if (rows_only || row == line)
		snprintf(out, cap, "%s:%ld", name, row);
	else
		snprintf(out, cap, "%s: %ld行目 (line %ld)", name, row, line);
	return out;
}

const char *csv_where(const struct csv *c, const struct csv_row *row,
		      char *out, size_t cap)
{
	return where_text(out, cap, c->name, row->row, row->line, c->sheet);
}

void csv_set_sheet(struct csv *c)
{
	c->sheet = true;
}

/* Converts CP932 to UTF-8 into a new buffer. On a bad byte returns -1 with
 * *bad_off at it. Half-width katakana grow most: one byte to three. */
static int cp932_to_utf8(const char *in, size_t len, char **out,
			 size_t *out_len, size_t *bad_off)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	char *src = (char *)in, *dst, *buf;
	size_t in_left = len, out_left = len * 3 + 1;

	*bad_off = 0;
	if (cd == (iconv_t)-1)
		return -2;
	buf = malloc(out_left);
	if (!buf) {
		iconv_close(cd);
		return -2;
	}
	dst = buf;
	if (iconv(cd, &src, &in_left, &dst, &out_left) == (size_t)-1) {
		*bad_off = (size_t)(src - in);
		free(buf);
		iconv_close(cd);
		return errno == E2BIG ? -2 : -1;
	}
	iconv_close(cd);
	*out_len = (size_t)(dst - buf);
	*out = buf;
	return 0;
}

static int fail_at(struct fair_err *err, const char *name, const char *data,
		   size_t off, const char *what)
{
	char at[300];
	long line, row;

	where_of(data, off, &line, &row);
	return fair_fail(err, FAIR_EINVAL, "%s: %s (byte 0x%02x)",
			 where_text(at, sizeof(at), name, row, line, false),
			 what, (unsigned)(unsigned char)data[off]);
}

static int take_copy(struct csv *c, const char *data, size_t len)
{
	c->text = malloc(len + 1);
	if (!c->text)
		return FAIR_ENOMEM;
	memcpy(c->text, data, len);
	c->text[len] = '\0';
	c->len = len;
	return 0;
}

/* Neither reading was valid: name the line where the likelier one (the
 * one that got further) broke down. */
static int fail_undecodable(struct csv *c, const char *data, size_t len,
			    size_t utf8_ok, size_t sjis_bad,
			    struct fair_err *err)
{
	char at[300];
	long line, row;

	if (sjis_bad >= len) {
		where_of(data, len, &line, &row);
		return fair_fail(err, FAIR_EINVAL, "%s: the file ends inside "
				 "a character", where_text(at, sizeof(at),
				 c->name, row, line, false));
	}
	if (sjis_bad > utf8_ok)
		return fail_at(err, c->name, data, sjis_bad,
			       "invalid Shift_JIS (CP932) text, and not "
			       "UTF-8 either");
	return fail_at(err, c->name, data, utf8_ok,
		       "invalid UTF-8 text, and not Shift_JIS (CP932) either");
}

static int decode_cp932(struct csv *c, const char *data, size_t len,
			size_t utf8_ok, struct fair_err *err)
{
	size_t bad, out_len;
	char *out;
	int rc = cp932_to_utf8(data, len, &out, &out_len, &bad);

	if (rc == -2)
		return fair_fail(err, FAIR_ENOMEM,
				 "%s: cannot convert from Shift_JIS", c->name);
	if (rc < 0)
		return fail_undecodable(c, data, len, utf8_ok, bad, err);
	c->enc = CSV_ENC_CP932;
	c->text = out;
	c->text[out_len] = '\0';
	c->len = out_len;
	return 0;
}

static bool is_utf16(const unsigned char *u, size_t len)
{
	return len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
			    (u[0] == 0xfe && u[1] == 0xff));
}

static int decode(struct csv *c, const char *data, size_t len,
		  struct fair_err *err)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *nul = memchr(data, '\0', len);
	size_t ok;

	if (is_utf16(u, len) || (nul && nul - data < 2))
		return fair_fail(err, FAIR_EINVAL, "%s: the file is UTF-16 "
				 "(Excel's \"Unicode text\"); save it as "
				 "\"CSV UTF-8\" or \"CSV\"", c->name);
	if (nul)
		return fail_at(err, c->name, data, (size_t)(nul - data),
			       "NUL byte: not a text file");
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		ok = csv_utf8_valid_prefix(data + 3, len - 3);
		if (ok != len - 3)
			return fail_at(err, c->name, data, ok + 3,
				       "invalid UTF-8 text");
		c->enc = CSV_ENC_UTF8_BOM;
		return take_copy(c, data + 3, len - 3);
	}
	ok = csv_utf8_valid_prefix(data, len);
	if (ok == len) {
		c->enc = CSV_ENC_UTF8;
		return take_copy(c, data, len);
	}
	return decode_cp932(c, data, len, ok, err);
}

/* ---- reader --------------------------------------------------------- */

struct csv *csv_new_mem(const void *data, size_t len, const char *name,
			struct fair_err *err)
{
	struct csv *c = calloc(1, sizeof(*c));

	if (!c)
		goto out_nomem;
	c->sep = ',';
	c->name = strdup(name ? name : "(csv)");
	c->buf = malloc(ROW_BUF_BYTES);
	if (!c->name || !c->buf)
		goto out_free;
	if ((long long)len > CSV_FILE_MAX) {
		fair_fail(err, FAIR_EINVAL, "%s: larger than %ld MiB; is it "
			  "really a roster?", c->name, CSV_FILE_MAX >> 20);
		goto out_free;
	}
	if (decode(c, data, len, err) < 0)
		goto out_free;
	c->line = 1;
	c->srow = 1;
	return c;

out_free:
	csv_free(c);
	return NULL;
out_nomem:
	fair_fail(err, FAIR_ENOMEM, "out of memory");
	return NULL;
}

static char *read_file(const char *path, const char *name, size_t *len,
		       struct fair_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		fair_fail(err, FAIR_ENOENT, "cannot open '%s': %s", name,
			  strerror(errno));
		return NULL;
	}
	buf = malloc((size_t)CSV_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, (size_t)CSV_FILE_MAX + 1, f);
	if (ferror(f)) {
		fair_fail(err, FAIR_EIO, "cannot read '%s': %s", name,
			  strerror(errno));
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

struct csv *csv_open(const char *path, const char *name,
		     struct fair_err *err)
{
	struct csv *c;
	size_t len;
	char *data;

	if (!name)
		name = path;
	data = read_file(path, name, &len, err);
	if (!data)
		return NULL;
	c = csv_new_mem(data, len, name, err);
	free(data);
	return c;
}

void csv_free(struct csv *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->text);
	free(c->buf);
	free(c);
}

enum csv_encoding csv_encoding(const struct csv *c)
{
	return c->enc;
}

const char *csv_encoding_name(enum csv_encoding e)
{
	switch (e) {
	case CSV_ENC_UTF8:
		return "UTF-8";
	case CSV_ENC_UTF8_BOM:
		return "UTF-8 with BOM";
	case CSV_ENC_CP932:
		return "Shift_JIS (CP932)";
	}
	return "?";
}

const char *csv_name(const struct csv *c)
{
	return c->name;
}

/* The record being assembled in c->buf. */
struct rec {
	size_t used;            /* bytes of c->buf in use */
	size_t flen;            /* bytes in the current field */
	enum row_problem prob;  /* first problem found */
	int prob_field;         /* 1-based field it was found in */
};

static void rec_problem(struct csv *c, struct rec *r, enum row_problem p)
{
	if (r->prob != ROW_OK)
		return;
	r->prob = p;
	r->prob_field = c->row.nfields + 1;
}

static void rec_put(struct csv *c, struct rec *r, char ch)
{
	if (c->row.nfields >= CSV_FIELDS_MAX)
		return;
	if (r->flen >= CSV_FIELD_MAX) {
		rec_problem(c, r, ROW_FIELD_LONG);
		return;
	}
	c->buf[r->used + r->flen++] = ch;
}

static void rec_end_field(struct csv *c, struct rec *r)
{
	struct csv_row *row = &c->row;

	if (row->nfields >= CSV_FIELDS_MAX) {
		rec_problem(c, r, ROW_TOO_MANY);
		return;
	}
	c->buf[r->used + r->flen] = '\0';
	row->field[row->nfields] = c->buf + r->used;
	row->len[row->nfields] = r->flen;
	row->nfields++;
	r->used += r->flen + 1;
	r->flen = 0;
}

/* At text[pos] == CR or LF: steps over one line break. */
static void skip_break(struct csv *c)
{
	if (c->text[c->pos] == '\r' && c->pos + 1 < c->len &&
	    c->text[c->pos + 1] == '\n')
		c->pos++;
	c->pos++;
	c->line++;
}

static bool at_break(const struct csv *c)
{
	return c->pos < c->len &&
	       (c->text[c->pos] == '\r' || c->text[c->pos] == '\n');
}

/* Reads a quoted field from just after its opening quote to just after
 * its closing one. Line breaks inside become "\n". */
static void read_quoted(struct csv *c, struct rec *r)
{
	while (c->pos < c->len) {
		char ch = c->text[c->pos];

		if (ch == '"') {
			c->pos++;
			if (c->pos < c->len && c->text[c->pos] == '"') {
				rec_put(c, r, '"');
				c->pos++;
				continue;
			}
			return;
		}
		if (ch == '\r' || ch == '\n') {
			skip_break(c);
			rec_put(c, r, '\n');
			continue;
		}
		rec_put(c, r, ch);
		c->pos++;
	}
	rec_problem(c, r, ROW_UNTERMINATED);
}

/* Reads unquoted text up to the next comma, line break or the end. */
static void read_plain(struct csv *c, struct rec *r)
{
	while (c->pos < c->len && c->text[c->pos] != c->sep &&
	       !at_break(c)) {
		rec_put(c, r, c->text[c->pos]);
		c->pos++;
	}
}

static void read_field(struct csv *c, struct rec *r)
{
	if (c->pos < c->len && c->text[c->pos] == '"') {
		c->pos++;
		read_quoted(c, r);
		if (c->pos < c->len && c->text[c->pos] != c->sep &&
		    !at_break(c)) {
			rec_problem(c, r, ROW_STRAY);
			read_plain(c, r);
		}
	} else {
		read_plain(c, r);
	}
	rec_end_field(c, r);
}

static int rec_report(struct csv *c, const struct rec *r,
		      struct fair_err *err)
{
	char n[300];
	int f = r->prob_field;

	if (r->prob != ROW_OK)
		csv_where(c, &c->row, n, sizeof(n));
	switch (r->prob) {
	case ROW_OK:
		return 1;
	case ROW_UNTERMINATED:
		return fair_fail(err, FAIR_EINVAL, "%s: field %d: a quote (\") "
				 "opened here is never closed", n, f);
	case ROW_STRAY:
		return fair_fail(err, FAIR_EINVAL, "%s: field %d: text after "
				 "the closing quote (write \"\" for a quote "
				 "inside a quoted field)", n, f);
	case ROW_FIELD_LONG:
		return fair_fail(err, FAIR_EINVAL, "%s: field %d is longer "
				 "than %d bytes", n, f, CSV_FIELD_MAX);
	case ROW_TOO_MANY:
		return fair_fail(err, FAIR_EINVAL, "%s: more than %d fields",
				 n, CSV_FIELDS_MAX);
	}
	return FAIR_EINVAL;
}

void csv_set_separator(struct csv *c, char sep)
{
	c->sep = sep;
}

char csv_sniff_separator(const struct csv *c)
{
	size_t tabs = 0, commas = 0;

	for (size_t i = c->pos; i < c->len && c->text[i] != '\n' &&
	     c->text[i] != '\r'; i++) {
		tabs += c->text[i] == '\t';
		commas += c->text[i] == ',';
	}
	return tabs > commas ? '\t' : ',';
}

int csv_next(struct csv *c, const struct csv_row **row,
	     struct fair_err *err)
{
	struct rec r = { 0 };

	/* an empty line is a row of the sheet Excel shows, though skipped */
	while (at_break(c)) {
		skip_break(c);
		c->srow++;
	}
	if (c->pos >= c->len)
		return 0;
	c->row.line = c->line;
	c->row.row = c->srow;
	c->row.nfields = 0;
	for (;;) {
		read_field(c, &r);
		if (c->pos < c->len && c->text[c->pos] == c->sep) {
			c->pos++;
			continue;
		}
		if (at_break(c)) {
			skip_break(c);
			c->srow++;
		}
		break;
	}
	*row = &c->row;
	return rec_report(c, &r, err);
}
