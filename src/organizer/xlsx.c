/* xlsx.c: one worksheet's rows out of an .xlsx (see xlsx.h).
 *
 * The whole file is held in memory (at most XLSX_FILE_MAX) and minizip
 * reads the ZIP through memory callbacks, so uploads and the fuzz target
 * take the same path as files. Each XML part is inflated in chunks
 * straight into expat, counting bytes as they come: the caps hold whatever
 * the ZIP headers claim. Order: workbook (sheet names, date system) and its
 * relationships (where the sheet, shared strings and styles are), styles
 * (which cell formats are dates), shared strings, then the sheet, row by
 * row to the caller.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <expat.h>
#include <unzip.h>

#include "fair/i18n.h"
#include "fair/caltime.h"
#include "fair/xlsx.h"

#define CHUNK 65536
#define SHEETS_MAX 1024
#define RELS_MAX 4096
#define NUMFMTS_MAX 4096
#define NAME_MAX_LEN 256

/* ---- growing text ----------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, cap;
};

static int sbuf_add(struct sbuf *b, const char *s, size_t n, size_t max)
{
	if (b->n + n + 1 > max)
		return -1;
	if (b->n + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		char *p;

		while (c < b->n + n + 1)
			c *= 2;
		p = realloc(b->p, c);
		if (!p)
			return -1;
		b->p = p;
		b->cap = c;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

static void sbuf_reset(struct sbuf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

static const char *sbuf_str(const struct sbuf *b)
{
	return b->p ? b->p : "";
}

/* ---- the ZIP in memory -------------------------------------------------- */

struct mem {
	const unsigned char *data;
	size_t len, pos;
};

static voidpf mem_open(voidpf opaque, const void *name, int mode)
{
	struct mem *m = opaque;

	(void)name;
	(void)mode;
	m->pos = 0;
	return m;
}

static uLong mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	struct mem *m = stream;
	size_t n = m->len - m->pos;

	(void)opaque;
	if (n > size)
		n = size;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (uLong)n;
}

static uLong mem_write(voidpf opaque, voidpf stream, const void *buf,
		       uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T mem_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct mem *)stream)->pos;
}

static long mem_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	struct mem *m = stream;
	size_t base;

	(void)opaque;
	switch (origin) {
	case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
	case ZLIB_FILEFUNC_SEEK_CUR: base = m->pos; break;
	case ZLIB_FILEFUNC_SEEK_END: base = m->len; break;
	default: return -1;
	}
	if (off > m->len - base)
		return -1;
	m->pos = base + (size_t)off;
	return 0;
}

static int mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

/* ---- reader state ------------------------------------------------------- */

struct rel {
	char id[64];
	char type[32];           /* the last word of the Type URI */
	char target[NAME_MAX_LEN];
};

struct sheet_ref {
	char name[NAME_MAX_LEN];
	char rid[64];
};

struct xr {
	const char *name;        /* for messages */
	struct fair_err *err;
	unzFile zip;
	/* workbook */
	struct sheet_ref *sheets;
	int nsheets;
	bool date1904;
	struct rel *rels;
	int nrels;
	/* styles: numFmt ids that are dates, and each cell format's */
	int *date_fmts;
	int ndate_fmts;
	bool *xf_date;
	int nxf;
	/* shared strings */
	char **sst;
	long nsst, sst_cap;
	size_t sst_bytes;
	/* caller */
	xlsx_row_fn fn;
	void *ctx;
	int fn_rc;
};

static int xr_fail(struct xr *x, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int xr_fail(struct xr *x, int code, const char *fmt, ...)
{
	char msg[sizeof(x->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap); /* fair/i18n.h */
	va_end(ap);
	return fair_fail(x->err, code, "%s: %s", x->name, msg);
}

/* ---- XML parts --------------------------------------------------------- */

enum part_kind { P_RELS, P_WORKBOOK, P_STYLES, P_STRINGS, P_SHEET };

struct cell {
	int col;                 /* 0-based; -1 when none yet */
	char type[12];           /* t attribute: s, str, inlineStr, b, e, n */
	int style;
	bool has_value;
};

struct part {
	struct xr *x;
	XML_Parser p;
	enum part_kind kind;
	int depth;
	char why[200];           /* why parsing stopped, if we stopped it */
	/* text being captured (<t>, <v>) */
	bool capture;
	int rph;                 /* inside furigana runs: text not captured */
	struct sbuf text;
	/* styles */
	bool in_numfmts, in_cellxfs;
	/* strings and inline strings */
	bool in_si, in_is;
	/* sheet */
	bool in_data;
	long row, last_row;
	int ncols;
	char *cells[XLSX_COLS_MAX];
	struct cell c;
	long ncells;
};

static void stop(struct part *pt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void stop(struct part *pt, const char *fmt, ...)
{
	va_list ap;

	if (pt->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(pt->why, sizeof(pt->why), fmt, ap);
	va_end(ap);
	XML_StopParser(pt->p, XML_FALSE);
}

/* "x:row" -> "row": generators may prefix the main namespace. */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
	for (int i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), want))
			return atts[i + 1];
	return NULL;
}

static long attr_long(const char **atts, const char *want, long dflt)
{
	const char *v = attr(atts, want);
	char *end;
	long n;

	if (!v)
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end || errno)
		return dflt;
	return n;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* Built-in number formats that show dates or times (ECMA-376 18.8.30,
 * with the East Asian ones Excel in Japan writes). */
static bool builtin_date(int id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	       (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* A custom format code shows a date if it has y, m, d or h outside
 * quotes, brackets ([Red], [$-411]) and escapes. */
static bool code_is_date(const char *code)
{
	bool quote = false;

	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			quote = !quote;
		} else if (quote) {
			continue;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			const char *e = strchr(p, ']');

			if (!e)
				return false;
			p = e;
		} else if (strchr("ymdhYMDH", *p)) {
			return true;
		} else if (!strncmp(p, "General", 7)) {
			return false;
		}
	}
	return false;
}

static bool fmt_is_date(const struct xr *x, int id)
{
	if (builtin_date(id))
		return true;
	for (int i = 0; i < x->ndate_fmts; i++)
		if (x->date_fmts[i] == id)
			return true;
	return false;
}

static void start_rels(struct part *pt, const char *el, const char **atts)
{
	struct xr *x = pt->x;
	struct rel *r;
	const char *type;

	if (strcmp(el, "Relationship"))
		return;
	if (x->nrels >= RELS_MAX) {
		stop(pt, "more than %d relationships", RELS_MAX);
		return;
	}
	r = &x->rels[x->nrels++];
	type = attr(atts, "Type");
	type = type && strrchr(type, '/') ? strrchr(type, '/') + 1 : "";
	copy(r->id, sizeof(r->id), attr(atts, "Id"));
	copy(r->type, sizeof(r->type), type);
	copy(r->target, sizeof(r->target), attr(atts, "Target"));
}

static void start_workbook(struct part *pt, const char *el,
			   const char **atts)
{
	struct xr *x = pt->x;
	const char *v;

	if (!strcmp(el, "workbookPr")) {
		v = attr(atts, "date1904");
		x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(el, "sheet")) {
		if (x->nsheets >= SHEETS_MAX) {
			stop(pt, "more than %d sheets", SHEETS_MAX);
			return;
		}
		copy(x->sheets[x->nsheets].name, NAME_MAX_LEN,
		     attr(atts, "name"));
		copy(x->sheets[x->nsheets].rid, 64, attr(atts, "id"));
		x->nsheets++;
	}
}

static void start_styles(struct part *pt, const char *el, const char **atts)
{
	struct xr *x = pt->x;

	if (!strcmp(el, "numFmts")) {
		pt->in_numfmts = true;
	} else if (!strcmp(el, "cellXfs")) {
		pt->in_cellxfs = true;
	} else if (pt->in_numfmts && !strcmp(el, "numFmt")) {
		const char *code = attr(atts, "formatCode");

		if (code && code_is_date(code)) {
			if (x->ndate_fmts >= NUMFMTS_MAX) {
				stop(pt, "more than %d number formats",
				     NUMFMTS_MAX);
				return;
			}
			x->date_fmts[x->ndate_fmts++] =
				(int)attr_long(atts, "numFmtId", -1);
		}
	} else if (pt->in_cellxfs && !strcmp(el, "xf")) {
		if (x->nxf >= XLSX_STYLES_MAX) {
			stop(pt, "more than %d cell formats", XLSX_STYLES_MAX);
			return;
		}
		x->xf_date[x->nxf++] = fmt_is_date(
			x, (int)attr_long(atts, "numFmtId", 0));
	}
}

static void end_styles(struct part *pt, const char *el)
{
	if (!strcmp(el, "numFmts"))
		pt->in_numfmts = false;
	else if (!strcmp(el, "cellXfs"))
		pt->in_cellxfs = false;
}

/* <t> text of a string item or inline string, furigana runs left out. */
static void start_text(struct part *pt, const char *el)
{
	if (!strcmp(el, "rPh"))
		pt->rph++;
	else if (!strcmp(el, "t") && !pt->rph)
		pt->capture = true;
}

static void end_text(struct part *pt, const char *el)
{
	if (!strcmp(el, "rPh") && pt->rph > 0)
		pt->rph--;
	else if (!strcmp(el, "t"))
		pt->capture = false;
}

static void start_strings(struct part *pt, const char *el)
{
	if (!strcmp(el, "si")) {
		pt->in_si = true;
		pt->rph = 0;
		sbuf_reset(&pt->text);
	} else if (pt->in_si) {
		start_text(pt, el);
	}
}

static void end_strings(struct part *pt, const char *el)
{
	struct xr *x = pt->x;
	char *s;

	if (!pt->in_si)
		return;
	if (strcmp(el, "si")) {
		end_text(pt, el);
		return;
	}
	pt->in_si = false;
	if (x->nsst >= XLSX_STRINGS_MAX) {
		stop(pt, "more than %d shared strings", XLSX_STRINGS_MAX);
		return;
	}
	x->sst_bytes += pt->text.n + 1;
	if (x->sst_bytes > (size_t)XLSX_STRINGS_BYTES) {
		stop(pt, "shared strings larger than %ld bytes",
		     XLSX_STRINGS_BYTES);
		return;
	}
	if (x->nsst == x->sst_cap) {
		long c = x->sst_cap ? x->sst_cap * 2 : 256;
		char **p = realloc(x->sst, (size_t)c * sizeof(*p));

		if (!p) {
			stop(pt, "out of memory");
			return;
		}
		x->sst = p;
		x->sst_cap = c;
	}
	s = strdup(sbuf_str(&pt->text));
	if (!s) {
		stop(pt, "out of memory");
		return;
	}
	x->sst[x->nsst++] = s;
}

/* "B12" -> column 1; -1 if no letters. */
static int ref_col(const char *ref)
{
	int col = 0, n = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		if (n >= 3)
			return XLSX_COLS_MAX + 1;
		col = col * 26 + (*ref - 'A' + 1);
	}
	return n ? col - 1 : -1;
}

static void row_clear(struct part *pt)
{
	for (int i = 0; i < pt->ncols; i++) {
		free(pt->cells[i]);
		pt->cells[i] = NULL;
	}
	pt->ncols = 0;
}

static void start_sheet(struct part *pt, const char *el, const char **atts)
{
	if (!strcmp(el, "sheetData")) {
		pt->in_data = true;
		return;
	}
	if (!pt->in_data)
		return;
	if (!strcmp(el, "row")) {
		long r = attr_long(atts, "r", pt->last_row + 1);

		if (r <= pt->last_row || r > 1048576) {
			stop(pt, "row %ld is out of order or out of range", r);
			return;
		}
		row_clear(pt);
		pt->row = r;
		pt->c.col = -1;
	} else if (!strcmp(el, "c")) {
		const char *ref = attr(atts, "r");
		int col = ref ? ref_col(ref) : pt->c.col + 1;

		pt->c.col = col < 0 ? pt->c.col + 1 : col;
		copy(pt->c.type, sizeof(pt->c.type), attr(atts, "t"));
		pt->c.style = (int)attr_long(atts, "s", 0);
		pt->c.has_value = false;
		pt->rph = 0;
		sbuf_reset(&pt->text);
	} else if (!strcmp(el, "v")) {
		pt->capture = true;
		pt->c.has_value = true;
	} else if (!strcmp(el, "is")) {
		pt->in_is = true;
		pt->c.has_value = true;
	} else if (pt->in_is) {
		start_text(pt, el);
	}
}

/* Excel's serial day (and fraction) as "YYYY-MM-DD", "HH:MM" or both. */
static bool serial_text(double v, bool date1904, char *out, size_t cap)
{
	char t[20];
	int64_t ms;
	bool time_only;
	int secs;

	if (!cal_from_excel_serial(v, date1904, &ms, &time_only))
		return false;
	cal_format_datetime(ms, 0, t);
	secs = (int)((ms - cal_floor_div(ms, CAL_DAY_MS) * CAL_DAY_MS) /
		     1000);
	if (time_only) /* a time of day only */
		snprintf(out, cap, "%.*s", secs % 60 ? 8 : 5, t + 11);
	else if (!secs)
		snprintf(out, cap, "%.10s", t);
	else
		snprintf(out, cap, "%.*s", secs % 60 ? 19 : 16, t);
	return true;
}

/* A cell's value as text, into out (cap bytes). */
static void cell_text(struct part *pt, char *out, size_t cap)
{
	struct xr *x = pt->x;
	const char *v = sbuf_str(&pt->text), *t = pt->c.type;
	char *end;
	double d;

	if (!strcmp(t, "s")) {
		long i = strtol(v, &end, 10);

		if (end == v || *end || i < 0 || i >= x->nsst) {
			stop(pt, "cell refers to shared string '%.20s' that "
			     "does not exist", v);
			out[0] = '\0';
			return;
		}
		snprintf(out, cap, "%s", x->sst[i]);
	} else if (!strcmp(t, "b")) {
		snprintf(out, cap, "%s", strcmp(v, "1") ? "FALSE" : "TRUE");
	} else if (!strcmp(t, "inlineStr") || !strcmp(t, "str") ||
		   !strcmp(t, "e") || (t[0] && strcmp(t, "n"))) {
		snprintf(out, cap, "%s", v);
	} else { /* a number */
		errno = 0;
		d = strtod(v, &end);
		if (end == v || *end || errno || !isfinite(d))
			snprintf(out, cap, "%s", v);
		else if (pt->c.style >= 0 && pt->c.style < x->nxf &&
			 x->xf_date[pt->c.style] &&
			 serial_text(d, x->date1904, out, cap))
			;
		else if (d == floor(d) && fabs(d) < 1e15)
			snprintf(out, cap, "%.0f", d);
		else
			snprintf(out, cap, "%.15g", d);
	}
	/* a line break inside a cell reads as a space, as in the CSV */
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

static void end_cell(struct part *pt)
{
	char *text;

	if (!pt->c.has_value)
		return;
	if (++pt->ncells > XLSX_CELLS_MAX) {
		stop(pt, "more than %ld cells", XLSX_CELLS_MAX);
		return;
	}
	if (pt->c.col >= XLSX_COLS_MAX) {
		stop(pt, "row %ld: a value beyond column %d", pt->row,
		     XLSX_COLS_MAX);
		return;
	}
	text = malloc(XLSX_CELL_MAX + 1);
	if (!text) {
		stop(pt, "out of memory");
		return;
	}
	cell_text(pt, text, XLSX_CELL_MAX + 1);
	if (!text[0]) {
		free(text);
		return;
	}
	while (pt->ncols <= pt->c.col)
		pt->cells[pt->ncols++] = NULL;
	free(pt->cells[pt->c.col]);
	pt->cells[pt->c.col] = text;
}

static void end_row(struct part *pt)
{
	const char *cells[XLSX_COLS_MAX];
	struct xr *x = pt->x;

	pt->last_row = pt->row;
	if (!pt->ncols)
		return;
	for (int i = 0; i < pt->ncols; i++)
		cells[i] = pt->cells[i] ? pt->cells[i] : "";
	x->fn_rc = x->fn(x->ctx, pt->row, pt->ncols, cells);
	row_clear(pt);
	if (x->fn_rc)
		stop(pt, "stopped by the caller");
}

static void end_sheet(struct part *pt, const char *el)
{
	if (!pt->in_data)
		return;
	if (!strcmp(el, "sheetData")) {
		pt->in_data = false;
	} else if (!strcmp(el, "row")) {
		end_row(pt);
	} else if (!strcmp(el, "c")) {
		end_cell(pt);
	} else if (!strcmp(el, "v")) {
		pt->capture = false;
	} else if (!strcmp(el, "is")) {
		pt->in_is = false;
		pt->capture = false;
	} else if (pt->in_is) {
		end_text(pt, el);
	}
}

static void XMLCALL on_start(void *ud, const char *name, const char **atts)
{
	struct part *pt = ud;
	const char *el = local(name);

	if (++pt->depth > XLSX_DEPTH_MAX) {
		stop(pt, "XML nested deeper than %d", XLSX_DEPTH_MAX);
		return;
	}
	switch (pt->kind) {
	case P_RELS: start_rels(pt, el, atts); break;
	case P_WORKBOOK: start_workbook(pt, el, atts); break;
	case P_STYLES: start_styles(pt, el, atts); break;
	case P_STRINGS: start_strings(pt, el); break;
	case P_SHEET: start_sheet(pt, el, atts); break;
	}
}

static void XMLCALL on_end(void *ud, const char *name)
{
	struct part *pt = ud;
	const char *el = local(name);

	pt->depth--;
	switch (pt->kind) {
	case P_STYLES: end_styles(pt, el); break;
	case P_STRINGS: end_strings(pt, el); break;
	case P_SHEET: end_sheet(pt, el); break;
	default: break;
	}
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
	struct part *pt = ud;

	if (!pt->capture || pt->why[0])
		return;
	if (sbuf_add(&pt->text, s, (size_t)len, XLSX_CELL_MAX))
		stop(pt, "a cell longer than %d bytes", XLSX_CELL_MAX);
}

static void XMLCALL on_doctype(void *ud, const char *name, const char *sys,
			       const char *pub, int internal)
{
	(void)name;
	(void)sys;
	(void)pub;
	(void)internal;
	stop(ud, "a DOCTYPE, which no workbook has");
}

/* Inflates the ZIP entry `entry` into the parser for kind. FAIR_ENOENT if
 * there is no such entry and optional. */
static int parse_part(struct xr *x, const char *entry, enum part_kind kind,
		      bool optional)
{
	struct part pt = { .x = x, .kind = kind, .last_row = 0 };
	unz_file_info64 info;
	char *buf = NULL;
	long total = 0;
	int n, rc = 0;

	if (unzLocateFile(x->zip, entry, 1) != UNZ_OK) {
		if (optional)
			return FAIR_ENOENT;
		return xr_fail(x, FAIR_EINVAL, "not an Excel workbook (no %s)",
			       entry);
	}
	if (unzGetCurrentFileInfo64(x->zip, &info, NULL, 0, NULL, 0, NULL,
				    0) != UNZ_OK)
		return xr_fail(x, FAIR_EINVAL, "damaged ZIP entry %s", entry);
	if (info.flag & 1)
		return xr_fail(x, FAIR_EINVAL, "%s is encrypted; save the "
			       "workbook without a password", entry);
	if (info.uncompressed_size > (ZPOS64_T)XLSX_PART_MAX)
		return xr_fail(x, FAIR_EINVAL, "%s would be larger than %ld "
			       "bytes", entry, XLSX_PART_MAX);
	if (unzOpenCurrentFile(x->zip) != UNZ_OK)
		return xr_fail(x, FAIR_EINVAL, "cannot read %s", entry);
	pt.p = XML_ParserCreate("UTF-8");
	buf = malloc(CHUNK);
	if (!pt.p || !buf) {
		rc = xr_fail(x, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	XML_SetUserData(pt.p, &pt);
	XML_SetElementHandler(pt.p, on_start, on_end);
	XML_SetCharacterDataHandler(pt.p, on_text);
	XML_SetStartDoctypeDeclHandler(pt.p, on_doctype);
	do {
		n = unzReadCurrentFile(x->zip, buf, CHUNK);
		if (n < 0) {
			rc = xr_fail(x, FAIR_EINVAL, "damaged ZIP data in %s",
				     entry);
			break;
		}
		total += n;
		if (total > XLSX_PART_MAX) {
			rc = xr_fail(x, FAIR_EINVAL, "%s inflates to more than "
				     "%ld bytes", entry, XLSX_PART_MAX);
			break;
		}
		if (XML_Parse(pt.p, buf, n, n == 0) != XML_STATUS_OK) {
			if (x->fn_rc)
				rc = x->fn_rc;
			else if (pt.why[0])
				rc = xr_fail(x, FAIR_EINVAL, "%s: %s", entry,
					     pt.why);
			else
				rc = xr_fail(x, FAIR_EINVAL, "%s line %lu: %s",
					     entry, (unsigned long)
					     XML_GetCurrentLineNumber(pt.p),
					     XML_ErrorString(
					     XML_GetErrorCode(pt.p)));
			break;
		}
	} while (n > 0);
	if (!rc && unzCloseCurrentFile(x->zip) == UNZ_CRCERROR)
		rc = xr_fail(x, FAIR_EINVAL, "%s is damaged (CRC)", entry);
out:
	if (rc)
		unzCloseCurrentFile(x->zip);
	row_clear(&pt);
	free(pt.text.p);
	free(buf);
	if (pt.p)
		XML_ParserFree(pt.p);
	return rc;
}

/* A relationship's target as a ZIP entry name: "worksheets/sheet1.xml"
 * -> "xl/worksheets/sheet1.xml"; "/xl/..." -> "xl/...". */
static void rel_entry(const char *target, char *out, size_t cap)
{
	if (target[0] == '/')
		snprintf(out, cap, "%s", target + 1);
	else
		snprintf(out, cap, "xl/%s", target);
}

static const struct rel *rel_by(const struct xr *x, const char *id,
				const char *type)
{
	for (int i = 0; i < x->nrels; i++)
		if ((id && !strcmp(x->rels[i].id, id)) ||
		    (type && !strcmp(x->rels[i].type, type)))
			return &x->rels[i];
	return NULL;
}

/* The ZIP entry of the sheet asked for, or a message listing sheets. */
static int find_sheet(struct xr *x, const char *sheet, char *entry,
		      size_t cap)
{
	const struct rel *r;
	char names[512] = "";
	size_t n = 0;
	int i;

	if (!x->nsheets)
		return xr_fail(x, FAIR_EINVAL, "the workbook has no sheet");
	for (i = 0; sheet && i < x->nsheets; i++)
		if (!strcmp(x->sheets[i].name, sheet))
			break;
	if (sheet && i == x->nsheets) {
		for (int k = 0; k < x->nsheets && n + 4 < sizeof(names); k++)
			n += (size_t)snprintf(names + n, sizeof(names) - n,
					      "%s'%s'", k ? ", " : "",
					      x->sheets[k].name);
		return xr_fail(x, FAIR_EINVAL, "no sheet '%s' (the sheets "
			       "are %s)", sheet, names);
	}
	if (!sheet)
		i = 0;
	r = rel_by(x, x->sheets[i].rid, NULL);
	if (!r)
		return xr_fail(x, FAIR_EINVAL, "sheet '%s' has no part",
			       x->sheets[i].name);
	rel_entry(r->target, entry, cap);
	return 0;
}

static int read_workbook(struct xr *x, const char *sheet)
{
	const struct rel *r;
	char entry[NAME_MAX_LEN + 8];
	int rc;

	x->sheets = calloc(SHEETS_MAX, sizeof(*x->sheets));
	x->rels = calloc(RELS_MAX, sizeof(*x->rels));
	x->date_fmts = calloc(NUMFMTS_MAX, sizeof(*x->date_fmts));
	x->xf_date = calloc(XLSX_STYLES_MAX, sizeof(*x->xf_date));
	if (!x->sheets || !x->rels || !x->date_fmts || !x->xf_date)
		return xr_fail(x, FAIR_ENOMEM, "out of memory");
	rc = parse_part(x, "xl/workbook.xml", P_WORKBOOK, false);
	if (!rc)
		rc = parse_part(x, "xl/_rels/workbook.xml.rels", P_RELS,
				false);
	if (rc)
		return rc;
	r = rel_by(x, NULL, "styles");
	rel_entry(r ? r->target : "styles.xml", entry, sizeof(entry));
	rc = parse_part(x, entry, P_STYLES, true);
	if (rc && rc != FAIR_ENOENT)
		return rc;
	r = rel_by(x, NULL, "sharedStrings");
	rel_entry(r ? r->target : "sharedStrings.xml", entry, sizeof(entry));
	rc = parse_part(x, entry, P_STRINGS, true);
	if (rc && rc != FAIR_ENOENT)
		return rc;
	rc = find_sheet(x, sheet, entry, sizeof(entry));
	if (rc)
		return rc;
	return parse_part(x, entry, P_SHEET, false);
}

bool xlsx_sniff(const void *head, size_t len)
{
	return len >= 4 && !memcmp(head, "PK\3\4", 4);
}

int xlsx_read_mem(const void *data, size_t len, const char *name,
		  const char *sheet, xlsx_row_fn fn, void *ctx,
		  struct fair_err *err)
{
	struct mem m = { .data = data, .len = len };
	zlib_filefunc64_def io = {
		.zopen64_file = mem_open, .zread_file = mem_read,
		.zwrite_file = mem_write, .ztell64_file = mem_tell,
		.zseek64_file = mem_seek, .zclose_file = mem_close,
		.zerror_file = mem_error, .opaque = &m,
	};
	struct xr x = { .name = name ? name : "workbook", .err = err,
			.fn = fn, .ctx = ctx };
	unz_global_info64 gi;
	int rc;

	if (len > (size_t)XLSX_FILE_MAX)
		return xr_fail(&x, FAIR_EINVAL, "larger than %ld bytes",
			       XLSX_FILE_MAX);
	if (!xlsx_sniff(data, len))
		return xr_fail(&x, FAIR_EINVAL, "not an Excel workbook (.xlsx)");
	x.zip = unzOpen2_64("mem", &io);
	if (!x.zip)
		return xr_fail(&x, FAIR_EINVAL, "not an Excel workbook (a "
			       "damaged ZIP file)");
	if (unzGetGlobalInfo64(x.zip, &gi) != UNZ_OK)
		rc = xr_fail(&x, FAIR_EINVAL, "damaged ZIP directory");
	else if (gi.number_entry > XLSX_ENTRIES_MAX)
		rc = xr_fail(&x, FAIR_EINVAL, "more than %d files inside",
			     XLSX_ENTRIES_MAX);
	else
		rc = read_workbook(&x, sheet);
	unzClose(x.zip);
	for (long i = 0; i < x.nsst; i++)
		free(x.sst[i]);
	free(x.sst);
	free(x.sheets);
	free(x.rels);
	free(x.date_fmts);
	free(x.xf_date);
	return rc;
}

int xlsx_read(const char *path, const char *name, const char *sheet,
	      xlsx_row_fn fn, void *ctx, struct fair_err *err)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, got;
	struct stat sb;
	int rc;

	name = name ? name : path;
	if (!f)
		return fair_fail(err, errno == ENOENT ? FAIR_ENOENT : FAIR_EIO,
				 "%s: %s", name, strerror(errno));
	if (fstat(fileno(f), &sb) || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return fair_fail(err, FAIR_EIO, "%s: not a regular file", name);
	}
	if (sb.st_size > XLSX_FILE_MAX) {
		fclose(f);
		return fair_fail(err, FAIR_EINVAL, "%s: larger than %ld bytes",
				 name, XLSX_FILE_MAX);
	}
	data = malloc((size_t)sb.st_size + 1);
	if (!data) {
		fclose(f);
		return fair_fail(err, FAIR_ENOMEM, "%s: out of memory", name);
	}
	while (len <= (size_t)sb.st_size &&
	       (got = fread(data + len, 1, (size_t)sb.st_size + 1 - len,
			    f)) > 0)
		len += got;
	rc = ferror(f);
	fclose(f);
	if (rc)
		rc = fair_fail(err, FAIR_EIO, "%s: cannot read", name);
	else
		rc = xlsx_read_mem(data, len, name, sheet, fn, ctx, err);
	free(data);
	return rc;
}
