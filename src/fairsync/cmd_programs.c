/* cmd_programs.c: the seed's other programs on the command line: a joint
 * employee training's HR workbooks and certificates of completion
 * (fair/training.h), roll-call groups and departures (fair/rollcall.h).
 * Reached from import, export and certificates. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cairo-pdf.h>

#include "cli.h"
#include "commands.h"
#include "fair/caltime.h"
#include "fair/export.h"
#include "fair/rollcall.h"
#include "fair/survey.h"
#include "fair/tourdays.h"
#include "fair/tours.h"
#include "fair/training.h"
#include "paper.h"

/* ---- import groups -------------------------------------------------- */

/* import survey FILE: answers on paper, all rows or none. */
static int import_survey(const char *db, const char *file)
{
	struct survey_report rep;
	struct fair_err err = { "" };
	struct store *st = cli_open_store(db, 0);
	int rc;

	if (!st)
		return EXIT_FAIL;
	rc = survey_import(st, file, file, clock_wall_ms(), &rep, &err);
	store_close(st);
	for (int i = 0; i < rep.nmessages; i++)
		fprintf(stderr, "%s\n", rep.messages[i]);
	if (rc) {
		survey_report_release(&rep);
		return cli_error("%s (何も取り込んでいません / nothing "
				 "imported)", err.msg);
	}
	printf(P_("imported the answers of %d row\n",
		  "imported the answers of %d rows\n", rep.rows), rep.rows);
	survey_report_release(&rep);
	return EXIT_OK;
}

int cmd_import_groups(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct rollcall_report rep;
	struct fair_err err = { "" };
	const char *db = NULL, *file;
	struct store *st;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage_error("import", "bad option");
		db = optarg;
	}
	if (!db || optind != argc - 1)
		return cli_usage_error("import", "import groups FILE --db "
				       "EVENT.db");
	file = argv[optind];
	if (!strcmp(argv[1], "survey"))
		return import_survey(db, file);
	st = cli_open_store(db, 0);
	if (!st)
		return EXIT_FAIL;
	rc = rollcall_import(st, file, file, &rep, &err);
	store_close(st);
	for (int i = 0; i < rep.nmessages; i++)
		fprintf(stderr, "%s\n", rep.messages[i]);
	if (rc) {
		rollcall_report_release(&rep);
		return cli_error("%s (何も取り込んでいません / nothing "
				 "imported)", err.msg);
	}
	printf(P_("imported %d group", "imported %d groups", rep.groups),
	       rep.groups);
	printf(P_(" with %d member\n", " with %d members\n", rep.members),
	       rep.members);
	rollcall_report_release(&rep);
	return EXIT_OK;
}

/* ---- CSV files of the programs -------------------------------------- */

/* The event database of an export, opened read-only once no merge is
 * left half done; NULL (the refusal said) otherwise. */
static struct store *export_open(const char *db)
{
	struct store *st = cli_open_store(db, STORE_READONLY);

	if (st && cli_refuse_unfinished_merge(st, db, N_("export"))) {
		store_close(st);
		return NULL;
	}
	return st;
}

/* A CSV file being written: a swept part (export_part_prepare()) renamed
 * over out only once whole; UTF-8 with a BOM, as Excel in Japan reads
 * it. */
struct csvfile {
	FILE *f;
	char tmp[4200];     /* the part being written */
};

static int csvfile_open(struct csvfile *c, const char *out)
{
	struct fair_err err = { "" };

	if (export_part_prepare(out, c->tmp, sizeof(c->tmp), &err))
		return cli_error("cannot write '%s': %s", out, err.msg);
	umask(077); /* personal data: the organizer's alone */
	c->f = fopen(c->tmp, "wb");
	if (!c->f)
		return cli_error("cannot write '%s': %s", out,
				 strerror(errno));
	fputs("\xEF\xBB\xBF", c->f);
	return 0;
}

/* Closes c and renames it over out when rc (what writing it returned) is
 * 0; else removes it. EXIT_OK or the refusal said. */
static int csvfile_close(struct csvfile *c, const char *out, int rc,
			 struct fair_err *err)
{
	if (fclose(c->f) != 0 && !rc)
		rc = fair_fail(err, FAIR_EIO, "%s", strerror(errno));
	if (!rc && rename(c->tmp, out))
		rc = fair_fail(err, FAIR_EIO, "%s", strerror(errno));
	if (rc) {
		remove(c->tmp);
		return cli_error("cannot export to '%s': %s", out, err->msg);
	}
	return EXIT_OK;
}

/* ---- export training ------------------------------------------------- */

static void file_name(const char *ext_id, const char *name, char *out,
		      size_t cap)
{
	char raw[600];

	snprintf(raw, sizeof(raw), "%s_%s", ext_id, name);
	cli_clean(raw, out, cap);
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || strchr("/\\:*?\"<>| ", *c))
			*c = '_';
}

static int training_per_company(struct store *st, const char *dir)
{
	static const char *const exts[] = { ".xlsx", ".csv", ".pdf", NULL };
	struct fair_err err = { "" };
	struct company co;
	char path[4096], file[600], name[620];
	int64_t id = 0;
	long rows;
	int n = 0;

	if (cli_out_dir("export", "--out", dir, exts))
		return EXIT_USAGE;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return cli_error("cannot make folder '%s': %s", dir,
				 strerror(errno));
	for (;;) {
		if (store_query_int64(st, "SELECT min(e.company_id) FROM "
				      "employees e WHERE e.company_id > ?1",
				      &STORE_NUM(id), 1, &id) || !id)
			break;
		if (store_company_get(st, (uint32_t)id, &co))
			continue;
		file_name(co.ext_id, co.name, file, sizeof(file));
		snprintf(name, sizeof(name), "%s.xlsx", file);
		if (!cli_path_join(path, sizeof(path), dir, name))
			return cli_error("path too long: '%s'", dir);
		if (training_export_company(st, co.id, path, &rows, &err))
			return cli_error("cannot export to '%s': %s", path,
					 err.msg);
		fprintf(stderr, P_("fairsync: %-40s %ld employee\n",
				   "fairsync: %-40s %ld employees\n", rows),
			path, rows);
		n++;
	}
	if (!n)
		return cli_error("社員がいません (no employees: run 'fairsync "
				 "import employees' first)");
	cli_note(P_("wrote %d company file to '%s'",
		    "wrote %d company files to '%s'", n), n, dir);
	return EXIT_OK;
}

/* One line per employee on stdout: what the HR files hold, at a glance. */
static void print_row(const struct training_row *r, void *ctx)
{
	char name[STORE_TEXT], co[STORE_TEXT], missed[TRAINING_MISSED_MAX];

	(void)ctx;
	printf("%s\t%s\t%s\t%d/%d\t%.0f%%\t%s\n", r->ext_id,
	       cli_clean(r->name, name, sizeof(name)),
	       cli_clean(r->company_ext, co, sizeof(co)), r->attended,
	       r->sessions, r->rate * 100,
	       cli_clean(r->missed, missed, sizeof(missed)));
}

static int export_training(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "per-company", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const xlsx[] = { ".xlsx", NULL };
	struct fair_err err = { "" };
	const char *db = NULL, *out = NULL;
	bool per = false;
	struct store *st;
	long rows = 0;
	int c, rc = EXIT_OK;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': out = optarg; break;
		case 'p': per = true; break;
		default: return cli_usage_error("export", "bad option");
		}
	}
	if (!db || optind != argc)
		return cli_usage_error("export", "export training --db "
				       "EVENT.db [--per-company] [--out "
				       "FILE|DIR]");
	if (out && !per && cli_out_file("export", "--out", out, xlsx))
		return EXIT_USAGE;
	if (per && !out)
		return cli_usage_error("export", "--per-company needs --out "
				       "DIR");
	st = export_open(db);
	if (!st)
		return EXIT_FAIL;
	if (per)
		rc = training_per_company(st, out);
	else if (out && training_export_company(st, 0, out, &rows, &err))
		rc = cli_error("cannot export to '%s': %s", out, err.msg);
	else if (out)
		cli_note(P_("wrote %ld employee to '%s'",
			    "wrote %ld employees to '%s'", rows), rows, out);
	else if (training_each(st, 0, print_row, NULL, &err))
		rc = cli_error("cannot read '%s': %s", db, err.msg);
	store_close(st);
	return rc;
}

/* ---- export rollcall ------------------------------------------------- */

struct csvout {
	FILE *f;
	int offset_min;
	long rows;
};

/* A plain number ("+1.75", "-2"): never a formula. */
static bool is_number(const char *s)
{
	char *end;

	if (!s[0])
		return false;
	strtod(s, &end);
	return !*end;
}

/* A CSV cell as Excel in Japan reads it; a text starting as a formula
 * gets a leading '. */
static void cell(FILE *f, const char *s, bool last)
{
	fputc('"', f);
	if (s[0] && strchr("=+-@\t\r", s[0]) && !is_number(s))
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs(last ? "\"\r\n" : "\",", f);
}

static void departure_row(const struct rollcall_row *r, void *ctx)
{
	struct csvout *o = ctx;
	char when[17], n1[16], n2[16], n3[16];

	cal_format_minute(r->wall_ms, o->offset_min, when);
	snprintf(n1, sizeof(n1), "%d", r->npresent);
	snprintf(n2, sizeof(n2), "%d", r->nmissing);
	snprintf(n3, sizeof(n3), "%d", r->nmanual);
	cell(o->f, r->group, false);
	cell(o->f, when, false);
	cell(o->f, r->kiosk, false);
	cell(o->f, n1, false);
	cell(o->f, n2, false);
	cell(o->f, n3, false);
	cell(o->f, r->missing, false);
	cell(o->f, r->present, true);
	o->rows++;
}

static int export_rollcall(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const csv[] = { ".csv", NULL };
	static const char *const head[] = { "グループ", "出発時刻", "端末",
		"出席", "不在", "手動", "不在者", "出席者" };
	struct fair_err err = { "" };
	struct event_info ev;
	struct csvout o = { 0 };
	const char *db = NULL, *out = NULL;
	struct csvfile file;
	struct store *st;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'o')
			out = optarg;
		else
			return cli_usage_error("export", "bad option");
	}
	if (!db || !out || optind != argc)
		return cli_usage_error("export", "export rollcall --db "
				       "EVENT.db --out FILE.csv");
	if (cli_out_file("export", "--out", out, csv))
		return EXIT_USAGE;
	st = export_open(db);
	if (!st)
		return EXIT_FAIL;
	if (store_event_get(st, &ev, &err)) {
		store_close(st);
		return cli_error("cannot read '%s': %s", db, err.msg);
	}
	o.offset_min = ev.utc_offset_min;
	if (csvfile_open(&file, out)) {
		store_close(st);
		return EXIT_FAIL;
	}
	o.f = file.f;
	for (int i = 0; i < 8; i++)
		cell(o.f, head[i], i == 7);
	rc = rollcall_departures_each(st, departure_row, &o, &err);
	store_close(st);
	if (csvfile_close(&file, out, rc, &err))
		return EXIT_FAIL;
	cli_note(P_("wrote %ld departure to '%s'",
		    "wrote %ld departures to '%s'", o.rows), o.rows, out);
	return EXIT_OK;
}

/* ---- export survey --------------------------------------------------- */

static void count_cell(FILE *f, int n, int min_count, bool last)
{
	char buf[32];

	if (n == -2)
		snprintf(buf, sizeof(buf), "(非表示)");
	else if (n < 0)
		snprintf(buf, sizeof(buf), "<%d", min_count);
	else
		snprintf(buf, sizeof(buf), "%d", n);
	cell(f, buf, last);
}

struct survey_out {
	FILE *f;
	int min_count;
	long rows;
};

static void survey_row4(struct survey_out *o, const struct survey_stat *s,
			const char *item, const char *before,
			const char *after)
{
	char num[16];

	snprintf(num, sizeof(num), "Q%d", s->number);
	cell(o->f, num, false);
	cell(o->f, s->q->text, false);
	cell(o->f, item, false);
	cell(o->f, before, false);
	cell(o->f, after, true);
	o->rows++;
}

static void survey_paired(struct survey_out *o, const struct survey_stat *s)
{
	char n[32], v[32];

	if (s->paired < 0) {
		snprintf(n, sizeof(n), "<%d", o->min_count);
		survey_row4(o, s, "両方に回答", n, "");
		return;
	}
	snprintf(n, sizeof(n), "%d", s->paired);
	survey_row4(o, s, "両方に回答", n, "");
	if (s->q->type == SURVEY_SCALE5 && s->paired) {
		snprintf(v, sizeof(v), "%+.2f", s->mean_change);
		survey_row4(o, s, "平均の変化", v, "");
		snprintf(v, sizeof(v), "%.0f%%", 100.0 * s->moved_up /
			 s->paired);
		survey_row4(o, s, "上がった割合", v, "");
	} else if (s->paired) {
		snprintf(v, sizeof(v), "%.0f%%", 100.0 * s->changed /
			 s->paired);
		survey_row4(o, s, "回答が変わった割合", v, "");
	}
}

static void survey_stat_rows(const struct survey_stat *s, void *ctx)
{
	struct survey_out *o = ctx;
	int nv = s->q->type == SURVEY_SCALE5 ? 5 : s->q->nchoices;
	char num[16];

	for (int v = 1; v <= nv; v++) {
		const char *item = s->q->type == SURVEY_SCALE5 ? NULL
				   : s->q->choice[v - 1];
		char label[80];

		snprintf(label, sizeof(label), "%s", item ? item : "");
		if (!item)
			snprintf(label, sizeof(label), "%d", v);
		snprintf(num, sizeof(num), "Q%d", s->number);
		cell(o->f, num, false);
		cell(o->f, s->q->text, false);
		cell(o->f, label, false);
		count_cell(o->f, s->before[v], o->min_count, false);
		count_cell(o->f, s->after[v], o->min_count, true);
		o->rows++;
	}
	snprintf(num, sizeof(num), "Q%d", s->number);
	cell(o->f, num, false);
	cell(o->f, s->q->text, false);
	cell(o->f, "回答者数", false);
	count_cell(o->f, s->n_before, o->min_count, false);
	count_cell(o->f, s->n_after, o->min_count, true);
	o->rows++;
	survey_paired(o, s);
}

static int export_survey(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "min-count", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const csv[] = { ".csv", NULL };
	static const char *const head[] = { "設問番号", "設問", "回答",
					    "事前", "事後" };
	struct survey_out o = { .min_count = 0 };
	struct fair_err err = { "" };
	const char *db = NULL, *out = NULL;
	unsigned min = 0;
	struct csvfile file;
	struct store *st;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'o')
			out = optarg;
		else if (c == 'm' && cli_parse_u32(optarg, "--min-count", &min))
			o.min_count = min > 1000000 ? 1000000 : (int)min;
		else
			return cli_usage_error("export", "bad option");
	}
	if (!db || !out || optind != argc)
		return cli_usage_error("export", "export survey --db EVENT.db "
				       "[--min-count N] --out FILE.csv");
	if (cli_out_file("export", "--out", out, csv))
		return EXIT_USAGE;
	st = export_open(db);
	if (!st)
		return EXIT_FAIL;
	if (csvfile_open(&file, out)) {
		store_close(st);
		return EXIT_FAIL;
	}
	o.f = file.f;
	for (int i = 0; i < 5; i++)
		cell(o.f, head[i], i == 4);
	rc = survey_stats(st, o.min_count, survey_stat_rows, &o, &err);
	store_close(st);
	if (csvfile_close(&file, out, rc, &err))
		return EXIT_FAIL;
	cli_note(P_("wrote %ld row to '%s'", "wrote %ld rows to '%s'",
		    o.rows), o.rows, out);
	return EXIT_OK;
}

/* ---- export days ------------------------------------------------------ */

struct days_out {
	FILE *f;
	long rows;
	bool head;
};

static void days_row(const struct tourdays_row *r, void *ctx)
{
	struct days_out *o = ctx;
	char buf[STORE_TEXT + 16];

	if (!o->head) {
		cell(o->f, "受付番号", false);
		cell(o->f, "氏名", false);
		cell(o->f, "学校名", false);
		for (int d = 0; d < r->ndays; d++)
			cell(o->f, r->day[d].date, false);
		cell(o->f, "研修の欠席", true);
		o->head = true;
	}
	cell(o->f, r->a.ext_id, false);
	cell(o->f, r->a.name, false);
	cell(o->f, r->a.school, false);
	for (int d = 0; d < r->ndays; d++) {
		const struct tourday *t = &r->day[d];

		if (t->kind == DAY_NONE)
			buf[0] = '\0';
		else
			snprintf(buf, sizeof(buf), "%s%s %s",
				 t->kind == DAY_TRAINING ? "研修 " : "",
				 t->what, t->attended ? "○" : "×");
		cell(o->f, buf, false);
	}
	snprintf(buf, sizeof(buf), "%d", r->training_missed);
	cell(o->f, buf, true);
	o->rows++;
}

static int export_days(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const csv[] = { ".csv", NULL };
	struct fair_err err = { "" };
	struct days_out o = { 0 };
	const char *db = NULL, *out = NULL;
	struct csvfile file;
	struct store *st;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'o')
			out = optarg;
		else
			return cli_usage_error("export", "bad option");
	}
	if (!db || !out || optind != argc)
		return cli_usage_error("export", "export days --db EVENT.db "
				       "--out FILE.csv");
	if (cli_out_file("export", "--out", out, csv))
		return EXIT_USAGE;
	st = export_open(db);
	if (!st)
		return EXIT_FAIL;
	if (csvfile_open(&file, out)) {
		store_close(st);
		return EXIT_FAIL;
	}
	o.f = file.f;
	rc = tourdays_each(st, days_row, &o, &err);
	store_close(st);
	if (csvfile_close(&file, out, rc, &err))
		return EXIT_FAIL;
	cli_note(P_("wrote %ld student to '%s'",
		    "wrote %ld students to '%s'", o.rows), o.rows, out);
	return EXIT_OK;
}

int cmd_export_programs(int argc, char **argv)
{
	if (!strcmp(argv[1], "days"))
		return export_days(argc, argv);
	if (!strcmp(argv[1], "training"))
		return export_training(argc, argv);
	if (!strcmp(argv[1], "survey"))
		return export_survey(argc, argv);
	return export_rollcall(argc, argv);
}

/* ---- certificates of completion -------------------------------------- */

struct completion {
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
	struct event_info ev;
	char organizer[256];
	char issued[11];
	double min_rate;
	const char *only;         /* a 社員番号, or NULL for everyone */
	int pages, below;
};

static void completion_page(struct completion *c, const struct training_row *r)
{
	cairo_t *cr = c->cr;
	double x = 22 * PAPER_MM, w = PAPER_A4_W - 44 * PAPER_MM, y = 140;
	char buf[512];

	cairo_set_source_rgb(cr, 0.2, 0.3, 0.5);
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, 14 * PAPER_MM, 14 * PAPER_MM,
			PAPER_A4_W - 28 * PAPER_MM, PAPER_A4_H - 28 * PAPER_MM);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_face(cr, c->bold);
	paper_text_centred(cr, "修了証", PAPER_A4_W / 2, y, 34, w);
	cairo_set_font_face(cr, c->regular);
	paper_text_centred(cr, "Certificate of Completion", PAPER_A4_W / 2,
			   y + 24, 11, w);
	y += 100;
	paper_text(cr, r->company, x, y, 14, w);
	cairo_set_font_face(cr, c->bold);
	snprintf(buf, sizeof(buf), "%s 様", r->name);
	paper_text(cr, buf, x, y + 34, 24, w);
	cairo_set_font_face(cr, c->regular);
	y += 100;
	snprintf(buf, sizeof(buf), "あなたは%s（%s〜%s）の全%dセッションのうち"
		 "%dセッションに出席し、所定の課程を修了されたことを証します。",
		 c->ev.name, c->ev.start_date, c->ev.end_date, r->sessions,
		 r->attended);
	paper_text_wrapped(cr, buf, x, y, 13, w, 4, 22);
	y = PAPER_A4_H - 22 * PAPER_MM - 90;
	snprintf(buf, sizeof(buf), "発行日 %s", c->issued);
	paper_text(cr, buf, x + w / 2, y, 11, w / 2);
	cairo_set_font_face(cr, c->bold);
	snprintf(buf, sizeof(buf), "主催 %s", c->organizer[0] ? c->organizer
							    : c->ev.name);
	paper_text_wrapped(cr, buf, x + w / 2, y + 28, 14, w / 2, 2, 19);
	cairo_show_page(cr);
	c->pages++;
}

static void completion_row(const struct training_row *r, void *ctx)
{
	struct completion *c = ctx;

	if (c->only && strcmp(c->only, r->ext_id))
		return;
	if (training_completed(r, c->min_rate))
		completion_page(c, r);
	else
		c->below++;
}

int cmd_certificates_training(const char *db, const char *out,
			      const char *only, double min_rate)
{
	static const char *const pdf[] = { ".pdf", NULL };
	struct completion c = { .min_rate = min_rate, .only = only };
	struct fair_err err = { "" };
	const char *why = "";
	cairo_surface_t *s;
	struct store *st;
	int rc;

	if (cli_out_file("certificates", "--out", out, pdf))
		return EXIT_USAGE;
	st = cli_open_store(db, STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	if (store_event_get(st, &c.ev, &err)) {
		store_close(st);
		return cli_error("cannot read '%s': %s", db, err.msg);
	}
	tours_setting_get(st, TOURS_KEY_ORGANIZER, c.organizer,
			  sizeof(c.organizer));
	cal_format_date((int64_t)time(NULL) * 1000, c.ev.utc_offset_min,
			c.issued);
	c.regular = paper_font(false, &why);
	c.bold = paper_font(true, &why);
	if (!c.regular || !c.bold) {
		store_close(st);
		return cli_error("%s", why);
	}
	s = cairo_pdf_surface_create(out, PAPER_A4_W, PAPER_A4_H);
	c.cr = cairo_create(s);
	rc = training_each(st, 0, completion_row, &c, &err) ?
	     cli_error("cannot read '%s': %s", db, err.msg) : EXIT_OK;
	cairo_destroy(c.cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	cairo_font_face_destroy(c.regular);
	cairo_font_face_destroy(c.bold);
	paper_release();
	store_close(st);
	if (!rc && !c.pages) {
		remove(out);
		return cli_error("出席率 %.0f%% 以上の社員がいません (no employee "
				 "attended %.0f%% of the sessions); nothing "
				 "written", min_rate * 100, min_rate * 100);
	}
	if (!rc)
		cli_note(P_("%d certificate in '%s' (%d below %.0f%%)",
			    "%d certificates in '%s' (%d below %.0f%%)",
			    c.pages), c.pages, out, c.below, min_rate * 100);
	return rc;
}
