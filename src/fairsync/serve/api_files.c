/* api_files.c: what the console changes or sends as a file. Each goes
 * through the code the command line runs: the core's import_csv() and
 * merge_run() (their reports become JSON), and the fairsync commands
 * themselves (pack, badges, revoke, export, report) run in-process by
 * run.c, so a check the CLI makes cannot be skipped here. All of it runs
 * on the worker (jobs.c), on its connection wst.
 *
 *   POST /api/import?kind=students&name=FILE   body: the roster file
 *                      (also employees, groups: all or nothing, by the CLI)
 *   POST /api/survey?name=FILE  body: the survey's questions (設問,種別),
 *                      as 'fairsync settings --survey'
 *   POST /api/merge?name=FILE                  body: a kiosk database
 *   POST /api/pack     form: role, place, name, pin    -> a zip
 *   POST /api/pack-update?name=FILE.zip  body: a bundle -> the same, updated
 *   POST /api/reprint  form: attendee                  -> a PDF
 *   POST /api/consent  form: attendee, company, action=withdraw (or give
 *                      with version); attendee, action=withdraw-all
 *                      (every company)                 -> {"ok":true}
 *   POST /api/kpi?format=xlsx|csv|pdf&name=FILE  body: targets (指標,目標)
 *                      -> the KPI report with them, as 'export kpi
 *                      --targets' (its refusals, e.g. unknown indicators)
 *   GET  /export/NAME  attendance|visits|summary .csv|.xlsx, leads.zip,
 *                      report.pdf, report-companies.pdf, badges.pdf,
 *                      feedback|rally .csv|.xlsx, certificates.pdf,
 *                      tour-plan.csv, kpi .xlsx|.csv|.pdf,
 *                      training .xlsx|.zip (per company), rollcall.csv,
 *                      survey.csv, days.csv; certificates.pdf?min-rate=R
 *                      for a joint training */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../cli.h"
#include "../commands.h"
#include "console.h"
#include "fair/config.h"
#include "fair/csv.h"
#include "fair/import.h"
#include "fair/internship.h"
#include "fair/merge.h"
#include "fair/pack.h"
#include "fair/rosterkind.h"
#include "fair/setup.h"
#include "fair/tours.h"
#include "fair/xlsx.h"

#define PREVIEW_ROWS 2000   /* roster rows sent back to show errors by */
#define PREVIEW_CELL 200    /* bytes of a cell shown */

long console_upload_cap(const char *path)
{
	if (!strcmp(path, "/api/merge") || !strcmp(path, "/api/pack-update"))
		return CONSOLE_KIOSK_MAX;
	if (!strcmp(path, "/api/import") || !strcmp(path, "/api/survey") ||
	    !strcmp(path, "/api/kpi"))
		return CONSOLE_ROSTER_MAX;
	return CONSOLE_FORM_MAX;
}

/* A file name from the browser, for messages and extensions only: its
 * last path part, control characters and quotes made '_'. */
static void clean_name(const char *given, const char *fallback, char *out,
		       size_t cap)
{
	const char *s = given && *given ? given : fallback;
	const char *slash = strrchr(s, '/');

	if (slash && slash[1])
		s = slash + 1;
	snprintf(out, cap, "%s", s);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || strchr("\\\"'", *p))
			*p = '_';
}

/* The upload renamed to end like the browser's name (".xlsx", ".csv"),
 * for readers that go by the extension. */
static int upload_as(struct console *c, const struct console_req *r,
		     const char *name, char *path, size_t cap)
{
	const char *dot = strrchr(name, '.');
	char ext[16] = "";

	if (dot && strlen(dot) < sizeof(ext)) {
		snprintf(ext, sizeof(ext), "%s", dot);
		for (char *p = ext + 1; *p; p++)
			if (!((*p | 32) >= 'a' && (*p | 32) <= 'z'))
				*p = '_';
	}
	console_tmp_path(c, ext, path, cap);
	return rename(r->body_path, path);
}

static void unpath(const char *msg, const char *path, const char *name,
		   char *out, size_t cap);

/* ---- import ----------------------------------------------------------- */

/* The spreadsheet row and the physical line a message is about: "NAME:N:
 * reason" (both N) or "NAME: ROW行目 (line LINE): reason" (csv.h); 0 and
 * 0 for a message about no row. */
static void message_where(const char *msg, const char *name, long *row,
			  long *line)
{
	size_t n = strlen(name);
	char *end;

	*row = *line = 0;
	if (strncmp(msg, name, n) || msg[n] != ':')
		return;
	if (msg[n + 1] != ' ') {
		*row = *line = strtol(msg + n + 1, NULL, 10);
		return;
	}
	*row = strtol(msg + n + 2, &end, 10);
	if (end == msg + n + 2 || strncmp(end, "行目 (line ", 13)) {
		*row = 0;
		return;
	}
	*line = strtol(end + 13, NULL, 10);
}

static void message_json(struct jbuf *b, const char *msg, const char *name)
{
	long row, line;

	message_where(msg, name, &row, &line);
	json_obj(b);
	json_kv_int(b, "line", line);
	json_kv_int(b, "row", row);
	json_kv_str(b, "text", msg);
	json_end_obj(b);
}

struct preview {
	struct jbuf *b;
	long n;
};

static void preview_row(struct preview *p, long line, long row, int n,
			const char *const *cells, const size_t *len)
{
	if (p->n++ >= PREVIEW_ROWS)
		return;
	json_obj(p->b);
	json_kv_int(p->b, "line", line);
	json_kv_int(p->b, "row", row);
	json_key(p->b, "cells");
	json_arr(p->b);
	for (int i = 0; i < n; i++) {
		size_t l = len ? len[i] : strlen(cells[i]);

		json_strn(p->b, cells[i], l > PREVIEW_CELL ? PREVIEW_CELL : l);
	}
	json_end_arr(p->b);
	json_end_obj(p->b);
}

static int preview_xlsx_row(void *ctx, long row, int ncells,
			    const char *const *cells)
{
	preview_row(ctx, row, row, ncells, cells, NULL);
	return 0;
}

/* The file's rows as read (a workbook's sheet, or the CSV/TSV records),
 * so the page shows each error beside its row. */
static void preview_rows(const char *path, const char *name,
			 const char *sheet, struct jbuf *b)
{
	struct fair_err err = { "" };
	struct preview p = { .b = b };
	unsigned char head[4] = { 0 };
	const struct csv_row *row;
	struct csv *csv = NULL;
	FILE *f = fopen(path, "rb");
	size_t got = f ? fread(head, 1, sizeof(head), f) : 0;
	int rc;

	if (f)
		fclose(f);
	json_key(b, "rows");
	json_arr(b);
	if (xlsx_sniff(head, got)) {
		xlsx_read(path, name, sheet, preview_xlsx_row, &p, &err);
	} else if ((csv = csv_open(path, name, &err))) {
		while ((rc = csv_next(csv, &row, &err)) != 0)
			if (rc > 0)
				preview_row(&p, row->line, row->row,
					    row->nfields, row->field,
					    row->len);
		csv_free(csv);
	}
	json_end_arr(b);
	json_kv_int(b, "rows_total", p.n);
}

static void report_json(const struct import_report *rep, const char *name,
			struct jbuf *b)
{
	json_kv_int(b, "imported", rep->imported);
	json_kv_int(b, "updated", rep->updated);
	json_kv_int(b, "skipped", rep->skipped);
	json_kv_int(b, "dropped", rep->dropped);
	json_kv_str(b, "format", rep->format ? rep->format : "CSV");
	json_kv_str(b, "encoding", csv_encoding_name(rep->encoding));
	json_kv_str(b, "ignored", rep->ignored);
	json_key(b, "messages");
	json_arr(b);
	for (int i = 0; i < rep->nmessages; i++)
		message_json(b, rep->messages[i], name);
	json_end_arr(b);
	/* values kept as given but not understood (fair/roster.h): the
	 * rows were imported */
	json_key(b, "warnings");
	json_arr(b);
	for (int i = 0; i < rep->nwarnings; i++)
		message_json(b, rep->warnings[i], name);
	json_end_arr(b);
}

/* Tour rosters (host days, an edited plan) are all-or-nothing imports of
 * their own: run 'fairsync import hosts|assignments' itself and show its
 * messages by line, the private path shown as the browser's name. */
static void import_by_cli(struct console *c, const char *kind,
			  const char *path, const char *name,
			  struct console_reply *out)
{
	const char *argv[] = { "import", kind, path, "--db", c->db, NULL };
	const char *set[] = { "settings", "--db", c->db, "--survey", path,
			      NULL };
	char msg[16384], shown[16384], *line, *save = NULL;
	struct jbuf *b = &out->body;
	int rc = console_run(c, strcmp(kind, "survey") ? argv : set, msg,
			     sizeof(msg));

	unpath(msg, path, name, shown, sizeof(shown));
	json_obj(b);
	json_kv_str(b, "file", name);
	json_kv_str(b, "kind", kind);
	json_kv_bool(b, "ok", rc == EXIT_OK);
	json_key(b, "messages");
	json_arr(b);
	for (line = strtok_r(shown, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		message_json(b, line, name);
	json_end_arr(b);
	preview_rows(path, name, NULL, b);
	json_end_obj(b);
	reply_json(out, rc == EXIT_OK ? 200 : 422);
}

/* The kind the file's header names, when it is not the one asked for:
 * answered as 409 with both, nothing imported, so the page can ask
 * "これは企業の一覧のようです。企業として取り込みますか？". */
static bool kind_mismatch(const char *path, const char *name,
			  const char *sheet, const char *asked,
			  struct console_reply *out)
{
	struct fair_err err = { "" };
	enum roster_kind k;
	struct jbuf *b = &out->body;

	if (roster_kind_detect(path, name, sheet, &k, &err) ||
	    k == ROSTER_UNKNOWN || k == roster_kind_parse(asked))
		return false;
	json_obj(b);
	json_kv_str(b, "file", name);
	json_kv_bool(b, "ok", false);
	json_kv_bool(b, "mismatch", true);
	json_kv_str(b, "kind", asked);
	json_kv_str(b, "kind_ja", roster_kind_ja(roster_kind_parse(asked)));
	json_kv_str(b, "detected", roster_kind_name(k));
	json_kv_str(b, "detected_ja", roster_kind_ja(k));
	json_end_obj(b);
	reply_json(out, 409);
	return true;
}

/* kind=auto: the kind the header names, or NULL (answered) when it names
 * none. */
static const char *kind_auto(const char *path, const char *name,
			     const char *sheet, struct console_reply *out)
{
	struct fair_err err = { "" };
	enum roster_kind k;

	if (roster_kind_detect(path, name, sheet, &k, &err)) {
		reply_error(out, 422, err.msg);
		return NULL;
	}
	if (k == ROSTER_UNKNOWN) {
		reply_error(out, 422, "cannot tell the kind of roster from "
			    "its header; choose it");
		return NULL;
	}
	return roster_kind_name(k);
}

static void api_import(struct console *c, const struct console_req *r,
		       struct console_reply *out)
{
	const char *kind_s = console_arg(r, "kind");
	const char *sheet = console_arg(r, "sheet");
	const char *force = console_arg(r, "force");
	int kind;
	struct import_report rep = { 0 };
	struct fair_err err = { "" };
	char name[256], path[4200];
	struct jbuf *b = &out->body;
	bool tours, programs;
	int rc;

	/* a joint training's employees and roll-call groups: kinds the
	 * header detection does not tell, imported all or nothing */
	programs = kind_s && (!strcmp(kind_s, "employees") ||
			      !strcmp(kind_s, "groups"));
	if (!kind_s || (!roster_kind_parse(kind_s) && strcmp(kind_s, "auto")
			&& !programs) || !r->body_path) {
		reply_error(out, 400, "kind=students|companies|sessions|hosts|"
			    "assignments|employees|groups|auto and a file "
			    "are needed");
		return;
	}
	clean_name(console_arg(r, "name"), "roster.csv", name, sizeof(name));
	if (upload_as(c, r, name, path, sizeof(path))) {
		reply_error(out, 500, "cannot store the upload");
		return;
	}
	if (programs) {
		import_by_cli(c, kind_s, path, name, out);
		unlink(path);
		return;
	}
	if (!strcmp(kind_s, "auto"))
		kind_s = kind_auto(path, name, sheet, out);
	else if (!(force && !strcmp(force, "1")) &&
		 kind_mismatch(path, name, sheet, kind_s, out))
		kind_s = NULL;
	if (!kind_s) {
		unlink(path);
		return;
	}
	kind = import_kind_parse(kind_s);
	tours = kind < 0;
	if (tours) {
		import_by_cli(c, kind_s, path, name, out);
		unlink(path);
		return;
	}
	/* what 'fairsync import' calls: CSV, TSV or an Excel workbook */
	rc = import_file(c->wst, (enum import_kind)kind, path, name, sheet,
			 &rep, &err);
	json_obj(b);
	json_kv_str(b, "file", name);
	json_kv_str(b, "kind", import_kind_name((enum import_kind)kind));
	json_kv_bool(b, "ok", rc == 0 && rep.skipped == 0);
	if (rc) {
		json_kv_str(b, "error", err.msg);
	} else {
		report_json(&rep, name, b);
	}
	preview_rows(path, name, sheet, b);
	json_end_obj(b);
	import_report_release(&rep);
	unlink(path);
	reply_json(out, rc == FAIR_EIO ? 500 : rc ? 422 : 200);
}

/* The survey's questions (設問,種別): 'fairsync settings --survey', its
 * messages by row as an import's. */
static void api_survey(struct console *c, const struct console_req *r,
		       struct console_reply *out)
{
	char name[256], path[4200];

	if (!r->body_path || r->body_len == 0) {
		reply_error(out, 400, "send the survey file (設問,種別) as the "
			    "body");
		return;
	}
	clean_name(console_arg(r, "name"), "survey.csv", name, sizeof(name));
	if (upload_as(c, r, name, path, sizeof(path))) {
		reply_error(out, 500, "cannot store the upload");
		return;
	}
	import_by_cli(c, "survey", path, name, out);
	unlink(path);
}

/* ---- merge ------------------------------------------------------------ */

/* msg with every copy of the private path shown as the browser's name. */
static void unpath(const char *msg, const char *path, const char *name,
		   char *out, size_t cap)
{
	size_t o = 0, pl = strlen(path);

	while (*msg && o + 1 < cap) {
		if (!strncmp(msg, path, pl)) {
			o += (size_t)snprintf(out + o, cap - o, "%s", name);
			msg += pl;
		} else {
			out[o++] = *msg++;
		}
		if (o >= cap)
			o = cap - 1;
	}
	out[o] = '\0';
}

static void api_merge(struct console *c, const struct console_req *r,
		      struct console_reply *out)
{
	struct merge_opts o = { .tmpdir = c->tmpdir };
	struct merge_summary sum = { 0 };
	struct fair_err err = { "" };
	char name[256], path[4200], msg[1024];
	const char *p = path;
	struct jbuf *b = &out->body;
	int rc;

	if (!r->body_path || r->body_len == 0) {
		reply_error(out, 400, "send a kiosk database as the body");
		return;
	}
	clean_name(console_arg(r, "name"), "kiosk.db", name, sizeof(name));
	if (upload_as(c, r, ".db", path, sizeof(path))) {
		reply_error(out, 500, "cannot store the upload");
		return;
	}
	rc = merge_run(c->wst, &p, 1, &o, &sum, &err);
	unpath(sum.msg[0] ? sum.msg : err.msg, path, name, msg, sizeof(msg));
	json_obj(b);
	json_kv_str(b, "file", name);
	json_kv_bool(b, "ok", rc == 0);
	json_kv_str(b, "kiosk", sum.kiosk);
	json_kv_int(b, "facts", sum.facts);
	json_kv_int(b, "added", sum.added);
	json_kv_int(b, "known", sum.known);
	json_kv_int(b, "flagged", sum.flagged);
	json_kv_int(b, "walkins", sum.walkins);
	if (rc) {
		char line[1400];

		json_kv_str(b, "error", msg);
		/* the line the CLI prints for the same file */
		snprintf(line, sizeof(line), "cannot merge '%s': %s", name,
			 msg);
		json_kv_str(b, "message", line);
	}
	json_end_obj(b);
	unlink(path);
	reply_json(out, rc == 0 ? 200 : rc == FAIR_EIO || rc == FAIR_ENOMEM
					 ? 500 : 422);
}

/* ---- pack ------------------------------------------------------------- */

/* A folder name for the bundle: kiosk-NAME with only safe characters. */
static void bundle_name(const char *role, const char *place,
			const char *name, char *out, size_t cap)
{
	const char *base = name[0] ? name : place[0] ? place : role;
	const char *colon = strchr(base, ':');
	size_t o;

	snprintf(out, cap, "kiosk-%s", colon && !name[0] ? colon + 1 : base);
	for (o = 6; out[o]; o++)
		if (!strchr("-_.", out[o]) && !((out[o] | 32) >= 'a' &&
		    (out[o] | 32) <= 'z') && !(out[o] >= '0' && out[o] <= '9'))
			out[o] = '_';
}

/* The row pack just recorded names our private folder; say "zip". */
static void note_download(struct console *c, const char *dir,
			  const char *zipname)
{
	pack_rename(c->wst, dir, zipname);
}

static void api_pack(struct console *c, const struct console_req *r,
		     struct console_reply *out)
{
	char role[32], place[128], name[128], pin[128], msg[2048];
	char work[4200], dir[4400], zip[4200] = "", bundle[160], zipname[200];
	const char *argv[16];
	int n = 0;

	console_form_get(r, "role", role, sizeof(role));
	console_form_get(r, "place", place, sizeof(place));
	console_form_get(r, "name", name, sizeof(name));
	console_form_get(r, "pin", pin, sizeof(pin));
	bundle_name(role, place, name, bundle, sizeof(bundle));
	console_tmp_path(c, ".pack", work, sizeof(work));
	if (mkdir(work, 0700)) {
		reply_error(out, 500, "cannot make a folder for the bundle");
		return;
	}
	snprintf(dir, sizeof(dir), "%s/%s", work, bundle);
	argv[n++] = "pack";
	argv[n++] = "--db", argv[n++] = c->db;
	argv[n++] = "--role", argv[n++] = role;
	if (place[0])
		argv[n++] = "--place", argv[n++] = place;
	if (name[0])
		argv[n++] = "--name", argv[n++] = name;
	if (pin[0])
		argv[n++] = "--pin", argv[n++] = pin;
	argv[n++] = "--out", argv[n++] = dir;
	argv[n] = NULL;
	if (console_run(c, argv, msg, sizeof(msg)) != EXIT_OK) {
		reply_error(out, 422, msg);
	} else {
		snprintf(zipname, sizeof(zipname), "%s.zip", bundle);
		console_tmp_path(c, ".zip", zip, sizeof(zip));
		note_download(c, dir, zipname);
		if (console_zip_dir(dir, bundle, zip))
			reply_error(out, 500, "cannot write the zip");
		else
			reply_file(out, zip, "application/zip", zipname);
	}
	console_tmp_remove(work);
	if (zip[0])
		unlink(zip);
}

/* ---- update a bundle: roster and revocations refreshed, facts kept ------ */

/* The bundle's kiosk.ini must name the kiosk.db beside it: an uploaded
 * ini naming another file would have pack --update write to that. */
static int check_bundle_db(const char *dir, char *why, size_t cap)
{
	char ini[4500], want[4500], *real_db, *real_want;
	struct kiosk_config kc;
	struct fair_err err = { "" };
	int rc = -1;

	snprintf(ini, sizeof(ini), "%s/kiosk.ini", dir);
	snprintf(want, sizeof(want), "%s/kiosk.db", dir);
	if (config_load(ini, &kc, &err)) {
		snprintf(why, cap, "%s", err.msg);
		return -1;
	}
	real_db = realpath(kc.db, NULL);
	real_want = realpath(want, NULL);
	if (real_db && real_want && !strcmp(real_db, real_want))
		rc = 0;
	else
		snprintf(why, cap, "kiosk.ini names another database than the "
			 "kiosk.db beside it; refusing to update it");
	free(real_db);
	free(real_want);
	return rc;
}

/* The CLI's message names the console's private folder; the organizer
 * knows the bundle by its own name. */
static void name_as_uploaded(char *msg, size_t cap, const char *dir,
			     const char *shown)
{
	char buf[2048];
	size_t dl = strlen(dir), o = 0;

	for (const char *p = msg; *p && o + 1 < sizeof(buf);) {
		if (!strncmp(p, dir, dl)) {
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s",
					      shown);
			o = o < sizeof(buf) ? o : sizeof(buf) - 1;
			p += dl;
		} else {
			buf[o++] = *p++;
		}
	}
	buf[o] = '\0';
	snprintf(msg, cap, "%s", buf);
}

static void api_pack_update(struct console *c, const struct console_req *r,
			    struct console_reply *out)
{
	char name[256], work[4200], dir[4400], zip[4200] = "", msg[2048];
	char bundle[160], zipname[200], folder[128];
	const char *argv[] = { "pack", "--db", c->db, "--update", dir, NULL };

	if (!r->body_path || r->body_len == 0) {
		reply_error(out, 400, "send the bundle as a zip");
		return;
	}
	clean_name(console_arg(r, "name"), "kiosk.zip", name, sizeof(name));
	if (strlen(name) > 4 && !strcasecmp(name + strlen(name) - 4, ".zip"))
		name[strlen(name) - 4] = '\0';
	console_tmp_path(c, ".update", work, sizeof(work));
	snprintf(dir, sizeof(dir), "%s/bundle", work);
	if (mkdir(work, 0700) || mkdir(dir, 0700)) {
		reply_error(out, 500, "cannot make a folder for the bundle");
		goto out;
	}
	if (console_unzip_bundle(r->body_path, dir, CONSOLE_KIOSK_MAX, folder,
				 sizeof(folder), msg, sizeof(msg)) ||
	    check_bundle_db(dir, msg, sizeof(msg))) {
		reply_error(out, 422, msg);
		goto out;
	}
	/* named as its folder was (kiosk-C001), else as the zip */
	bundle_name("", "", folder[0] ? folder : name, bundle, sizeof(bundle));
	if (!strncmp(bundle, "kiosk-kiosk-", 12))
		memmove(bundle, bundle + 6, strlen(bundle + 6) + 1);
	if (console_run(c, argv, msg, sizeof(msg)) != EXIT_OK) {
		name_as_uploaded(msg, sizeof(msg), dir, bundle);
		reply_error(out, 422, msg);
		goto out;
	}
	snprintf(zipname, sizeof(zipname), "%s.zip", bundle);
	note_download(c, dir, zipname);
	console_tmp_path(c, ".zip", zip, sizeof(zip));
	if (console_zip_dir(dir, bundle, zip))
		reply_error(out, 500, "cannot write the zip");
	else
		reply_file(out, zip, "application/zip", zipname);
out:
	console_tmp_remove(work);
	if (zip[0])
		unlink(zip);
}

/* ---- reprint: revoke the lost badge, print the new one ----------------- */

/* "S0042-badge.pdf": the attendee's roster ID, characters a file name
 * would trip on as '_'. */
static void badge_name(const char *who, char *out, size_t cap)
{
	char id[64];
	size_t i;

	for (i = 0; who[i] && i + 1 < sizeof(id); i++) {
		bool bad = (unsigned char)who[i] < 0x20 ||
			   strchr("/\\:*?\"<>|", who[i]);

		id[i] = bad ? '_' : who[i];
	}
	id[i] = '\0';
	snprintf(out, cap, "%s-badge.pdf", id);
}

static void api_reprint(struct console *c, const struct console_req *r,
			struct console_reply *out)
{
	char who[128], pdf[4200], msg[2048], name[96];
	const char *argv[] = { "revoke", "--db", c->db, "--attendee", who,
			       "--out", pdf, NULL };

	if (!console_form_get(r, "attendee", who, sizeof(who)) || !who[0]) {
		reply_error(out, 400, "which attendee?");
		return;
	}
	/* Never revoke a badge without printing its successor. */
	if (!strstr(usage_revoke, "--out")) {
		reply_error(out, 501, "this fairsync cannot print one badge "
			    "yet (revoke --out)");
		return;
	}
	console_tmp_path(c, ".pdf", pdf, sizeof(pdf));
	if (console_run(c, argv, msg, sizeof(msg)) != EXIT_OK) {
		unlink(pdf);
		reply_error(out, 422, msg);
		return;
	}
	badge_name(who, name, sizeof(name));
	reply_download(out, pdf, "application/pdf", name, name);
}

/* A student's consent to one company (fair/consent.h) withdrawn, or
 * given, or (action=withdraw-all, no company) withdrawn from every
 * company at once, at the console: 'fairsync consent' itself runs. */
static void api_consent(struct console *c, const struct console_req *r,
			struct console_reply *out)
{
	char who[128], co[128] = "", act[16] = "", ver[40] = "", msg[2048];
	const char *argv[12] = { "consent", "--db", c->db, "--attendee", who,
				 "--company", co };
	int n = 7;

	console_form_get(r, "action", act, sizeof(act));
	console_form_get(r, "version", ver, sizeof(ver));
	if (!strcmp(act, "withdraw-all")) {
		if (!console_form_get(r, "attendee", who, sizeof(who)) ||
		    !who[0] || (console_form_get(r, "company", co,
						 sizeof(co)) && co[0])) {
			reply_error(out, 400, "which student? (every company: "
				    "no company)");
			return;
		}
		n = 5;
		argv[n++] = "--all";
		argv[n++] = "--withdraw";
	} else if (!console_form_get(r, "attendee", who, sizeof(who)) ||
		   !who[0] ||
		   !console_form_get(r, "company", co, sizeof(co)) || !co[0]) {
		reply_error(out, 400, "which student and which company?");
		return;
	} else if (!strcmp(act, "withdraw")) {
		argv[n++] = "--withdraw";
	} else if (!strcmp(act, "give") && ver[0]) {
		argv[n++] = "--give";
		argv[n++] = "--version";
		argv[n++] = ver;
	} else {
		reply_error(out, 400, "action is withdraw, or give with a "
			    "version");
		return;
	}
	argv[n] = NULL;
	if (console_run(c, argv, msg, sizeof(msg)) != EXIT_OK) {
		reply_error(out, 422, msg);
		return;
	}
	json_obj(&out->body);
	json_kv_bool(&out->body, "ok", true);
	json_end_obj(&out->body);
	reply_json(out, 200);
}

/* ---- downloads -------------------------------------------------------- */

static const char *type_of(const char *ext)
{
	if (!strcmp(ext, "xlsx"))
		return "application/vnd.openxmlformats-officedocument."
		       "spreadsheetml.sheet";
	if (!strcmp(ext, "csv"))
		return "text/csv; charset=utf-8";
	if (!strcmp(ext, "pdf"))
		return "application/pdf";
	return "application/zip";
}

/* What a download is called: the export's name, Japanese first, and the
 * event's first day, "出席一覧-2026-12-05.xlsx" (ASCII for old browsers:
 * "attendance-2026-12-05.xlsx"). */
struct dl_name {
	char ascii[96];
	char name[160];
};

static const struct {
	const char *what;   /* the path's base: attendance */
	const char *ja;     /* as the exports page calls it */
} dl_names[] = {
	{ "attendance", "出席一覧" }, { "visits", "学生別訪問先" },
	{ "summary", "集計" }, { "feedback", "感想" },
	{ "rally", "スタンプラリー" }, { "leads", "企業別来訪者" },
	{ "report", "報告書" }, { "report-companies", "企業別報告書" },
	{ "tour-plan", "訪問計画" }, { "certificates", "参加証明書" },
	{ "badges", "名札" }, { "kpi", "実績報告" },
	{ "training", "研修の出席" }, { "rollcall", "点呼の記録" },
	{ "survey", "アンケートの変化" }, { "days", "学生ごとの5日間" },
};

static void dl_name_of(struct console *c, const char *what,
		       struct dl_name *dn)
{
	struct event_info ev = { 0 };
	const char *dot = strrchr(what, '.'), *ja = NULL;
	int base = dot ? (int)(dot - what) : (int)strlen(what);

	store_event_get(c->st, &ev, NULL);
	for (size_t i = 0; i < sizeof(dl_names) / sizeof(*dl_names); i++)
		if ((int)strlen(dl_names[i].what) == base &&
		    !strncmp(dl_names[i].what, what, (size_t)base))
			ja = dl_names[i].ja;
	snprintf(dn->ascii, sizeof(dn->ascii), "%.*s%s%s%s", base, what,
		 ev.start_date[0] ? "-" : "", ev.start_date, dot ? dot : "");
	snprintf(dn->name, sizeof(dn->name), "%s%s%s%s", ja ? ja : "",
		 ev.start_date[0] ? "-" : "", ev.start_date, dot ? dot : "");
	if (!ja)
		snprintf(dn->name, sizeof(dn->name), "%s", dn->ascii);
}

/* Runs argv (whose output path is file or folder dir) and sends the
 * result as download. */
static void run_and_send(struct console *c, const char *const *argv,
			 const char *file, const char *dir,
			 const char *download, struct console_reply *out)
{
	const char *ext = strrchr(download, '.') + 1;
	struct dl_name dn;
	char msg[2048], zip[4200];

	if (console_run(c, argv, msg, sizeof(msg)) != EXIT_OK) {
		reply_error(out, 422, msg);
		if (dir)
			console_tmp_remove(dir);
		else
			unlink(file);
		return;
	}
	dl_name_of(c, download, &dn);
	if (!dir) {
		reply_download(out, file, type_of(ext), dn.ascii, dn.name);
		return;
	}
	console_tmp_path(c, ".zip", zip, sizeof(zip));
	if (console_zip_dir(dir, "", zip))
		reply_error(out, 500, "cannot write the zip");
	else
		reply_download(out, zip, type_of(ext), dn.ascii, dn.name);
	console_tmp_remove(dir);
	unlink(zip);
}

/* ---- KPI report with targets ----------------------------------------- */

/* The funder's results table beside the grant application's targets: the
 * upload read by 'export kpi --targets' itself, so the console refuses
 * what the command line refuses (a 目標 not a number, indicators the
 * report does not have, each named), with the browser's file name. */
static void api_kpi(struct console *c, const struct console_req *r,
		    struct console_reply *out)
{
	const char *fmt = console_arg(r, "format");
	char name[256], tpath[4200], path[4200], ext[8], dl[16];
	char msg[2048], shown[2048], why[512];
	const char *argv[12];
	int n = 0;

	if (!fmt || (strcmp(fmt, "xlsx") && strcmp(fmt, "csv") &&
		     strcmp(fmt, "pdf"))) {
		reply_error(out, 400, "format is xlsx, csv or pdf");
		return;
	}
	if (!r->body_path || r->body_len == 0) {
		reply_error(out, 400, "send the targets file (指標,目標) as "
			    "the body");
		return;
	}
	if (merge_incomplete(c->st, why, sizeof(why))) {
		snprintf(msg, sizeof(msg), "マージが途中で止まっています "
			 "(fairsync merge)。%s", why);
		reply_error(out, 409, msg);
		return;
	}
	clean_name(console_arg(r, "name"), "targets.csv", name, sizeof(name));
	if (upload_as(c, r, name, tpath, sizeof(tpath))) {
		reply_error(out, 500, "cannot store the upload");
		return;
	}
	snprintf(ext, sizeof(ext), ".%s", fmt);
	snprintf(dl, sizeof(dl), "kpi.%s", fmt);
	console_tmp_path(c, ext, path, sizeof(path));
	argv[n++] = "export", argv[n++] = "kpi";
	argv[n++] = "--db", argv[n++] = c->db;
	argv[n++] = "--targets", argv[n++] = tpath;
	argv[n++] = "--format", argv[n++] = fmt;
	argv[n++] = "--out", argv[n++] = path;
	argv[n] = NULL;
	if (console_run(c, argv, msg, sizeof(msg)) != EXIT_OK) {
		unpath(msg, tpath, name, shown, sizeof(shown));
		reply_error(out, 422, shown);
		unlink(path);
	} else {
		struct dl_name dn;

		dl_name_of(c, dl, &dn);
		reply_download(out, path, type_of(fmt), dn.ascii, dn.name);
	}
	unlink(tpath);
}

static bool api_export(struct console *c, const struct console_req *r,
		       const char *what, struct console_reply *out)
{
	static const char *const reports[] = { "attendance", "visits",
					       "summary", "feedback",
					       "rally" };
	const char *dot = strrchr(what, '.');
	char path[4200], base[32], why[512], msg[768];
	const char *argv[12];
	int n = 0;

	if (!dot || (size_t)(dot - what) >= sizeof(base))
		return false;
	/* every download but the badges (the roster only) is of merged
	 * facts: none while a merge stopped unfinished */
	if (strcmp(what, "badges.pdf") &&
	    merge_incomplete(c->st, why, sizeof(why))) {
		snprintf(msg, sizeof(msg), "マージが途中で止まっています。同じ"
			 "キオスクのファイルをもう一度マージすると完了します "
			 "(fairsync merge)。%s", why);
		reply_error(out, 409, msg);
		return true;
	}
	snprintf(base, sizeof(base), "%.*s", (int)(dot - what), what);
	console_tmp_path(c, dot, path, sizeof(path));
	for (size_t i = 0; i < sizeof(reports) / sizeof(*reports); i++) {
		if (strcmp(base, reports[i]) || (strcmp(dot, ".csv") &&
						 strcmp(dot, ".xlsx")))
			continue;
		argv[n++] = "export", argv[n++] = reports[i];
		argv[n++] = "--db", argv[n++] = c->db;
		argv[n++] = "--out", argv[n++] = path;
		/* 三省合意: a type 1/2 event's feedback goes out nameless */
		if (!strcmp(base, "feedback") &&
		    !internship_may_share(internship_type(c->st)))
			argv[n++] = "--anonymous";
		argv[n] = NULL;
		run_and_send(c, argv, path, NULL, what, out);
		return true;
	}
	if (!strcmp(what, "leads.zip")) {
		argv[n++] = "export", argv[n++] = "leads";
		argv[n++] = "--db", argv[n++] = c->db;
		argv[n++] = "--per-company";
		argv[n++] = "--out", argv[n++] = path;
		argv[n] = NULL;
		run_and_send(c, argv, NULL, path, what, out);
	} else if (!strcmp(what, "report.pdf") ||
		   !strcmp(what, "report-companies.pdf")) {
		argv[n++] = "report";
		argv[n++] = "--db", argv[n++] = c->db;
		argv[n++] = "--out", argv[n++] = path;
		if (what[6] == '-')
			argv[n++] = "--per-company";
		argv[n] = NULL;
		run_and_send(c, argv, path, NULL, what, out);
	} else if (!strcmp(what, "tour-plan.csv")) {
		long rows;
		struct fair_err err = { "" };

		/* the plan as 'fairsync assign' writes it, without planning */
		if (tours_plan_write(c->wst, path, &rows, &err)) {
			unlink(path);
			reply_error(out, 422, err.msg);
		} else {
			struct dl_name dn;

			dl_name_of(c, what, &dn);
			reply_download(out, path, "text/csv; charset=utf-8",
				       dn.ascii, dn.name);
		}
	} else if (!strcmp(what, "kpi.xlsx") || !strcmp(what, "kpi.csv") ||
		   !strcmp(what, "kpi.pdf")) {
		/* the funder's results table (issue 26), without targets */
		argv[n++] = "export", argv[n++] = "kpi";
		argv[n++] = "--db", argv[n++] = c->db;
		argv[n++] = "--out", argv[n++] = path;
		argv[n] = NULL;
		run_and_send(c, argv, path, NULL, what, out);
	} else if (!strcmp(what, "certificates.pdf")) {
		const char *rate = console_arg(r, "min-rate");

		argv[n++] = "certificates";
		argv[n++] = "--db", argv[n++] = c->db;
		argv[n++] = "--out", argv[n++] = path;
		if (rate && *rate) /* a joint training's threshold */
			argv[n++] = "--min-rate", argv[n++] = rate;
		argv[n] = NULL;
		run_and_send(c, argv, path, NULL, what, out);
	} else if (!strcmp(what, "training.xlsx") ||
		   !strcmp(what, "training.zip")) {
		/* a joint training: every employee, or a file per company
		 * for its HR (a folder, sent zipped) */
		argv[n++] = "export", argv[n++] = "training";
		argv[n++] = "--db", argv[n++] = c->db;
		if (what[9] == 'z')
			argv[n++] = "--per-company";
		argv[n++] = "--out", argv[n++] = path;
		argv[n] = NULL;
		run_and_send(c, argv, what[9] == 'z' ? NULL : path,
			     what[9] == 'z' ? path : NULL, what, out);
	} else if (!strcmp(what, "rollcall.csv") ||
		   !strcmp(what, "survey.csv") || !strcmp(what, "days.csv")) {
		argv[n++] = "export", argv[n++] = base;
		argv[n++] = "--db", argv[n++] = c->db;
		argv[n++] = "--out", argv[n++] = path;
		argv[n] = NULL;
		run_and_send(c, argv, path, NULL, what, out);
	} else if (!strcmp(what, "badges.pdf")) {
		argv[n++] = "badges";
		argv[n++] = "--db", argv[n++] = c->db;
		argv[n++] = "--out", argv[n++] = path;
		argv[n] = NULL;
		run_and_send(c, argv, path, NULL, what, out);
		if (out->status == 200) { /* the guide's バッジ step */
			struct fair_err err = { "" };

			setup_note_badges(c->wst, clock_wall_ms(), &err);
		}
	} else {
		return false;
	}
	return true;
}

bool console_api_files(struct console *c, const struct console_req *r,
		       struct console_reply *out)
{
	bool post = !strcmp(r->method, "POST");

	if (console_api_tours(c, r, out))
		return true;
	if (post && !strcmp(r->path, "/api/import"))
		api_import(c, r, out);
	else if (post && !strcmp(r->path, "/api/merge"))
		api_merge(c, r, out);
	else if (post && !strcmp(r->path, "/api/pack"))
		api_pack(c, r, out);
	else if (post && !strcmp(r->path, "/api/pack-update"))
		api_pack_update(c, r, out);
	else if (post && !strcmp(r->path, "/api/reprint"))
		api_reprint(c, r, out);
	else if (post && !strcmp(r->path, "/api/consent"))
		api_consent(c, r, out);
	else if (post && !strcmp(r->path, "/api/survey"))
		api_survey(c, r, out);
	else if (post && !strcmp(r->path, "/api/kpi"))
		api_kpi(c, r, out);
	else if (!post && !strncmp(r->path, "/export/", 8))
		return api_export(c, r, r->path + 8, out);
	else
		return false;
	return true;
}
