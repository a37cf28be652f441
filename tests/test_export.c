/* test_export.c: exports written from a real event database and read
 * back: CSV through an RFC 4180 parser, CP932 through iconv. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <iconv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "organizer_fixture.h"
#include "fair/export.h"
#include "fair/merge.h"

#define MAX_ROWS 64
#define MAX_CELLS 16

struct table {
	int nrows;
	int ncells[MAX_ROWS];
	char *cell[MAX_ROWS][MAX_CELLS];
};

struct world {
	struct fx_ids ids;
	struct store *ev;
	char out[512];
};

static int64_t T(int minutes)
{
	return fx_base_ms() + minutes * FX_MIN;
}

/* ---- a strict RFC 4180 reader (CRLF records, "" escapes) ------------- */

static char *cell_take(const char *s, size_t n)
{
	char *c = malloc(n + 1);

	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

/* Parses one field at *p; returns false on a syntax error. */
static bool csv_field(const char **p, char **out)
{
	const char *s = *p;
	char buf[1024];
	size_t n = 0;

	if (*s != '"') {
		while (*s && *s != ',' && *s != '\r' && *s != '\n') {
			if (*s == '"')
				return false;
			s++;
		}
		*out = cell_take(*p, (size_t)(s - *p));
		*p = s;
		return true;
	}
	for (s++;; s++) {
		if (!*s)
			return false;
		if (*s == '"' && s[1] == '"') {
			buf[n++] = '"';
			s++;
		} else if (*s == '"') {
			break;
		} else {
			buf[n++] = *s;
		}
		assert_true(n < sizeof(buf));
	}
	*out = cell_take(buf, n);
	*p = s + 1;
	return true;
}

static void csv_parse(const char *s, struct table *t)
{
	memset(t, 0, sizeof(*t));
	while (*s) {
		int r = t->nrows++;

		assert_true(r < MAX_ROWS);
		for (;;) {
			assert_true(t->ncells[r] < MAX_CELLS);
			assert_true(csv_field(&s, &t->cell[r][t->ncells[r]++]));
			if (*s == ',') {
				s++;
				continue;
			}
			/* every record ends with CRLF, never a bare LF */
			assert_int_equal(s[0], '\r');
			assert_int_equal(s[1], '\n');
			s += 2;
			break;
		}
	}
}

static void table_free(struct table *t)
{
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncells[r]; c++)
			free(t->cell[r][c]);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return b;
}

static int col_of(const struct table *t, const char *name)
{
	for (int c = 0; c < t->ncells[0]; c++)
		if (!strcmp(t->cell[0][c], name))
			return c;
	fail_msg("no column %s", name);
	return -1;
}

/* The row whose column `col` equals v, or -1. */
static int row_where(const struct table *t, const char *col, const char *v)
{
	int c = col_of(t, col);

	for (int r = 1; r < t->nrows; r++)
		if (!strcmp(t->cell[r][c], v))
			return r;
	return -1;
}

/* ---- fixture --------------------------------------------------------- */

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct fx_ids *i = &w->ids;
	struct fact f, v;
	struct fair_err e = { "" };

	fx_mkdir();
	w->ev = fx_event("event.db", i);
	fx_path(w->out, sizeof(w->out), "out.csv");
	/* every student at the entrance; 0-3 at booth 1; 4, 5 at booth 2;
	 * 6 in company 1's session; 0 leaves booth 1 after 15 minutes */
	for (int s = 0; s < FX_STUDENTS; s++)
		fx_add(w->ev, fx_fact("ent", i->entrance, i->student[s], 1,
				      T(s), "b0", s));
	for (int s = 0; s < 4; s++)
		fx_add(w->ev, fx_fact("k1", i->booth1, i->student[s], 1,
				      T(60 + s), "b1", s));
	fx_add(w->ev, fx_fact("k1", i->booth1, i->student[0], -1, T(75),
			      "b1", 100));
	fx_add(w->ev, fx_fact("k2", i->booth2, i->student[4], 1, T(61), "b2",
			      1));
	fx_add(w->ev, fx_fact("k2", i->booth2, i->student[5], 1, T(62), "b2",
			      2));
	fx_add(w->ev, fx_fact("k3", i->session1, i->student[6], 1, T(120),
			      "b3", 1));
	/* student 7 at booth 1, then staff voided the scan */
	f = fx_fact("k1", i->booth1, i->student[7], 1, T(70), "b1", 200);
	assert_int_equal(store_fact_append(w->ev, &f, &e), 0);
	v = fx_fact("k1", i->booth1, i->student[7], 1, T(71), "b1", 201);
	v.kind = FACT_VOID;
	memcpy(v.voids, f.uuid, FACT_UUID_BYTES);
	fx_add(w->ev, v);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	store_close(w->ev);
	free(w);
	fx_rm_dir();
	return 0;
}

static void export(struct world *w, enum export_report r,
		   enum export_format f, enum export_encoding enc,
		   struct export_stats *st)
{
	struct export_opts o = { .report = r, .format = f, .encoding = enc,
				 .headers = EXPORT_HEADERS_EN,
				 .company_id = w->ids.company1,
				 .min_count = 3 };
	struct fair_err e = { "" };
	int rc = export_write(w->ev, &o, w->out, st, &e);

	if (rc)
		fail_msg("export: %s", e.msg);
}

/* ---- tests ----------------------------------------------------------- */

static void test_attendance_csv(void **state)
{
	struct world *w = *state;
	struct export_stats st;
	struct table t;
	char *text;
	int r, c;

	export(w, EXPORT_ATTENDANCE, EXPORT_CSV, EXPORT_UTF8, &st);
	text = slurp(w->out, NULL);
	assert_memory_equal(text, "\xEF\xBB\xBF", 3);
	csv_parse(text + 3, &t);
	/* 8 entrance rows + 4 booth 1 + 2 booth 2 + 1 session; the voided
	 * scan of student 7 at booth 1 is gone */
	assert_int_equal(st.rows, 15);
	assert_int_equal(t.nrows, 16);
	assert_string_equal(t.cell[0][0], "attendee_id");
	r = -1;
	for (int k = 1; k < t.nrows; k++)
		if (!strcmp(t.cell[k][col_of(&t, "roster_id")], "S001") &&
		    !strcmp(t.cell[k][col_of(&t, "place_id")], "booth:C001"))
			r = k;
	assert_true(r > 0);
	assert_string_equal(t.cell[r][col_of(&t, "first_in")],
			    "2026-12-05 11:00:00");
	assert_string_equal(t.cell[r][col_of(&t, "last_out")],
			    "2026-12-05 11:15:00");
	assert_string_equal(t.cell[r][col_of(&t, "dwell_min")], "15");
	assert_string_equal(t.cell[r][col_of(&t, "scans")], "2");
	assert_string_equal(t.cell[r][col_of(&t, "name")], "山田 太郎");
	/* quoting round-trips */
	assert_true(row_where(&t, "name", "Comma, \"Quoted\"") > 0);
	/* voided: student 8 (S008) only at the entrance */
	c = col_of(&t, "roster_id");
	for (int k = 1; k < t.nrows; k++)
		if (!strcmp(t.cell[k][c], "S008"))
			assert_string_equal(
				t.cell[k][col_of(&t, "place_id")], "entrance");
	table_free(&t);
	free(text);
}

static void test_injection_neutralised(void **state)
{
	struct world *w = *state;
	struct table t;
	char *text;

	export(w, EXPORT_ATTENDANCE, EXPORT_CSV, EXPORT_UTF8, NULL);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	for (int r = 1; r < t.nrows; r++)
		for (int c = 0; c < t.ncells[r]; c++)
			if (t.cell[r][c][0] &&
			    strchr("=+-@\t\r", t.cell[r][c][0]))
				fail_msg("formula cell: %s", t.cell[r][c]);
	assert_true(row_where(&t, "name", "'=HYPERLINK(\"x\")") > 0);
	assert_true(row_where(&t, "name", "'+81 Injection") > 0);
	assert_true(row_where(&t, "name", "'@SUM(A1)") > 0);
	assert_true(row_where(&t, "name", "'-minus") > 0);
	table_free(&t);
	free(text);
}

static char *from_cp932(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	size_t cap = n * 3 + 1, room = cap;
	char *out = calloc(1, cap), *o = out, *in = (char *)s;

	assert_true(cd != (iconv_t)-1);
	assert_int_not_equal(iconv(cd, &in, &n, &o, &room), (size_t)-1);
	iconv_close(cd);
	return out;
}

static void test_cp932(void **state)
{
	struct world *w = *state;
	struct export_stats st;
	struct attendee a;
	struct fair_err e = { "" };
	char *utf8, *sjis, *back;
	size_t n;

	export(w, EXPORT_ATTENDANCE, EXPORT_CSV, EXPORT_UTF8, NULL);
	utf8 = slurp(w->out, NULL);
	export(w, EXPORT_ATTENDANCE, EXPORT_CSV, EXPORT_CP932, &st);
	sjis = slurp(w->out, &n);
	assert_int_equal(st.replaced, 0);
	assert_int_not_equal((unsigned char)sjis[0], 0xEF); /* no BOM */
	back = from_cp932(sjis, n);
	assert_string_equal(back, utf8 + 3);
	assert_null(strstr(sjis, "岐阜")); /* really converted */
	free(back);
	free(sjis);
	free(utf8);

	/* 𠮷 (U+20BB7) is not in CP932: written as '?', counted */
	assert_int_equal(store_attendee_get(w->ev, w->ids.student[0], &a), 0);
	snprintf(a.name, sizeof(a.name), "𠮷田 太郎");
	assert_int_equal(store_attendee_upsert(w->ev, &a, &e), 0);
	export(w, EXPORT_ATTENDANCE, EXPORT_CSV, EXPORT_CP932, &st);
	assert_int_equal(st.replaced, 2); /* entrance and booth rows */
	sjis = slurp(w->out, &n);
	back = from_cp932(sjis, n);
	assert_non_null(strstr(back, "?田 太郎"));
	free(back);
	free(sjis);
}

static void test_leads_only_consenting(void **state)
{
	struct world *w = *state;
	struct export_stats st;
	struct table t;
	struct attendee a;
	char *text;
	int c;

	export(w, EXPORT_LEADS, EXPORT_CSV, EXPORT_UTF8, &st);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	/* company 1: booth 1 (students 0-3) and its session (6); students
	 * with an even index consented: 0, 2, 6 */
	assert_int_equal(t.nrows - 1, 3);
	assert_true(row_where(&t, "roster_id", "S001") > 0);
	assert_true(row_where(&t, "roster_id", "S003") > 0);
	assert_true(row_where(&t, "roster_id", "S007") > 0);
	c = col_of(&t, "roster_id");
	for (int r = 1; r < t.nrows; r++) {
		assert_int_equal(store_attendee_by_ext(w->ev, t.cell[r][c], &a),
				 0);
		assert_true(a.consent);
		assert_string_equal(t.cell[r][col_of(&t, "consent")], "1");
	}
	assert_string_equal(t.cell[row_where(&t, "roster_id", "S001")]
			    [col_of(&t, "email")], "s0@example.jp");
	table_free(&t);
	free(text);
}

static void test_summary_min_count(void **state)
{
	struct world *w = *state;
	struct table t;
	char *text;
	int item, n;

	export(w, EXPORT_SUMMARY, EXPORT_CSV, EXPORT_UTF8, NULL);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	item = col_of(&t, "item");
	n = col_of(&t, "students");
	/* schools: 岐阜大学 has 3 students, 名古屋大学 3, 岐阜聖徳 2 (< 3) */
	for (int r = 1; r < t.nrows; r++) {
		if (strcmp(t.cell[r][0], "school"))
			continue;
		if (!strcmp(t.cell[r][item], "岐阜聖徳学園大学")) {
			assert_string_equal(t.cell[r][n], "<3");
			assert_string_equal(t.cell[r][n + 1], "");
		} else {
			assert_string_equal(t.cell[r][n], "3");
		}
	}
	assert_string_equal(t.cell[row_where(&t, "item", "受付")][n], "8");
	assert_true(row_where(&t, "item", "2026-12-05 10:00") > 0);
	table_free(&t);
	free(text);
}

static void test_json_and_xlsx(void **state)
{
	struct world *w = *state;
	struct export_stats st;
	char *text, *line;
	int lines = 0;

	export(w, EXPORT_VISITS, EXPORT_JSON, EXPORT_UTF8, &st);
	text = slurp(w->out, NULL);
	for (line = text; *line; lines++) {
		char *end = strchr(line, '\n');

		assert_non_null(end);
		assert_int_equal(line[0], '{');
		assert_int_equal(end[-1], '}');
		line = end + 1;
	}
	assert_int_equal(lines, st.rows);
	assert_non_null(strstr(text,
			       "\"arrived\":\"2026-12-05T10:00:00+09:00\""));
	assert_non_null(strstr(text, "\"name\":\"Comma, \\\"Quoted\\\"\""));
	free(text);
	export(w, EXPORT_ATTENDANCE, EXPORT_XLSX, EXPORT_UTF8, &st);
	text = slurp(w->out, NULL);
	assert_memory_equal(text, "PK", 2);
	free(text);
}

/* A time merge repaired (a kiosk clock in 2000) is what exports show. */
static void test_repaired_time_used(void **state)
{
	struct world *w = *state;
	struct fact f = fx_fact("k9", w->ids.booth2, w->ids.student[7], 1,
				946684800000LL, "b9", 5);
	struct fair_err e = { "" };
	sqlite3_stmt *s;
	struct table t;
	char *text;
	int r;

	assert_int_equal(store_fact_append(w->ev, &f, &e), 0);
	assert_int_equal(merge_tables_ensure(store_db(w->ev), &e), 0);
	assert_int_equal(sqlite3_prepare_v2(store_db(w->ev), "INSERT INTO "
		"merge_repairs VALUES (?1, ?2, ?1, 0)", -1, &s, NULL), 0);
	sqlite3_bind_blob(s, 1, f.uuid, 16, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, T(150));
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	export(w, EXPORT_ATTENDANCE, EXPORT_CSV, EXPORT_UTF8, NULL);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	r = -1;
	for (int k = 1; k < t.nrows; k++)
		if (!strcmp(t.cell[k][col_of(&t, "roster_id")], "S008") &&
		    !strcmp(t.cell[k][col_of(&t, "place_id")], "booth:C002"))
			r = k;
	assert_true(r > 0);
	assert_string_equal(t.cell[r][col_of(&t, "first_in")],
			    "2026-12-05 12:30:00");
	table_free(&t);
	free(text);
}

/* Without --headers en the columns are what Japanese HR staff read, in
 * CSV and XLSX alike; JSON keys stay English. */
static void test_japanese_headers_by_default(void **state)
{
	struct world *w = *state;
	struct export_opts o = { .report = EXPORT_ATTENDANCE };
	struct fair_err e = { "" };
	struct table t;
	char *text;
	int r;

	assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e), 0);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	assert_string_equal(t.cell[0][0], "バッジ番号");
	assert_string_equal(t.cell[0][2], "氏名");
	assert_string_equal(t.cell[0][3], "フリガナ");
	assert_string_equal(t.cell[0][4], "学校名");
	r = row_where(&t, "氏名", "山田 太郎");
	assert_true(r > 0);
	assert_true(col_of(&t, "最初の受付") > 0);
	assert_true(col_of(&t, "滞在分") > 0);
	table_free(&t);
	free(text);
	o.report = EXPORT_SUMMARY;
	assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e), 0);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	assert_string_equal(t.cell[0][0], "区分");
	assert_true(row_where(&t, "区分", "時間帯") > 0);
	table_free(&t);
	free(text);
	o.format = EXPORT_JSON;
	o.report = EXPORT_ATTENDANCE;
	assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e), 0);
	text = slurp(w->out, NULL);
	assert_non_null(strstr(text, "\"first_in\":"));
	free(text);
}

/* Walk-ins a kiosk registered are exported like students: one as the
 * kiosk made it, one claiming a student's roster id (S002) that merge
 * keeps as a walk-in. An export dropping either shows here. */
static void test_walkins_exported(void **state)
{
	struct world *w = *state;
	struct fx_ids *i = &w->ids;
	struct merge_summary sum;
	struct export_stats st;
	struct fair_err e = { "" };
	struct store *k = fx_kiosk(w->ev, "k.db");
	const char *paths[1];
	char kp[512], *text;
	struct fact f;
	struct table t;
	int n;

	assert_int_equal(sqlite3_exec(store_db(k), "DELETE FROM attendees "
		"WHERE ext_id = 'S002'; INSERT INTO attendees (id, ext_id, "
		"name, school) VALUES (3000000001, NULL, '飛込 一郎', "
		"'岐阜大学'), (3000000002, 'S002', '飛込 偽名', '岐阜大学')",
		NULL, NULL, NULL), SQLITE_OK);
	for (uint32_t a = 3000000001u; a <= 3000000002u; a++) {
		f = fx_fact("ent", i->entrance, a, 1, T(200), "bw", a);
		f.kind = FACT_REGISTER;
		fx_add(k, f);
	}
	fx_add(k, fx_fact("ent", i->booth1, 3000000001u, 1, T(210), "bw", 9));
	store_close(k);
	fx_path(kp, sizeof(kp), "k.db");
	paths[0] = kp;
	assert_int_equal(merge_run(w->ev, paths, 1, NULL, &sum, &e), 0);

	export(w, EXPORT_ATTENDANCE, EXPORT_CSV, EXPORT_UTF8, &st);
	assert_int_equal(st.rows, 15 + 3);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	n = 0;
	for (int r = 1; r < t.nrows; r++)
		n += !strncmp(t.cell[r][col_of(&t, "name")], "飛込 ", 7);
	assert_int_equal(n, 3);
	assert_true(row_where(&t, "name", "飛込 偽名") > 0);
	table_free(&t);
	free(text);

	export(w, EXPORT_VISITS, EXPORT_CSV, EXPORT_UTF8, &st);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	assert_true(row_where(&t, "name", "飛込 一郎") > 0);
	assert_true(row_where(&t, "name", "飛込 偽名") > 0);
	table_free(&t);
	free(text);

	export(w, EXPORT_SUMMARY, EXPORT_CSV, EXPORT_UTF8, &st);
	text = slurp(w->out, NULL);
	csv_parse(text + 3, &t);
	n = col_of(&t, "students");
	assert_string_equal(t.cell[row_where(&t, "item", "受付")][n], "10");
	assert_string_equal(t.cell[row_where(&t, "item", "テスト ブース")][n],
			    "5");
	table_free(&t);
	free(text);
}

/* While a merge stopped between its transactions, every report of facts
 * refuses and writes nothing; provision records are no facts. */
static void test_refused_while_merge_unfinished(void **state)
{
	struct world *w = *state;
	struct export_opts o = { .company_id = w->ids.company1 };
	struct fair_err e = { "" };
	static const enum export_report reports[] = {
		EXPORT_ATTENDANCE, EXPORT_VISITS, EXPORT_LEADS, EXPORT_SUMMARY
	};

	assert_int_equal(merge_tables_ensure(store_db(w->ev), &e), 0);
	assert_int_equal(sqlite3_exec(store_db(w->ev), "INSERT INTO "
		"merge_state VALUES ('pending', '3/12' || char(10) || "
		"'k10.db' || char(10) || 'k11.db' || char(10) || 'k12.db')",
		NULL, NULL, NULL), SQLITE_OK);
	unlink(w->out);
	for (size_t r = 0; r < sizeof(reports) / sizeof(*reports); r++) {
		o.report = reports[r];
		assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e),
				 FAIR_EINVAL);
		assert_non_null(strstr(e.msg, "3 of 12 kiosk files not merged"
				       " yet ('k10.db', 'k11.db', 'k12.db')"));
		assert_int_not_equal(access(w->out, F_OK), 0);
	}
	o.report = EXPORT_RECORDS;
	assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e), 0);
	assert_int_equal(sqlite3_exec(store_db(w->ev), "DELETE FROM "
		"merge_state", NULL, NULL, NULL), SQLITE_OK);
	o.report = EXPORT_ATTENDANCE;
	assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e), 0);
}

static void touch(const char *name)
{
	char p[600];
	FILE *f;

	fx_path(p, sizeof(p), name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("山田 太郎,a@x.jp\n", f);
	fclose(f);
}

static bool exists(const char *name)
{
	char p[600];

	fx_path(p, sizeof(p), name);
	return access(p, F_OK) == 0;
}

/* Parts of exports killed outright hold personal data: the next export
 * into the folder removes those whose process is gone, and nothing
 * else (a live export's part, files not named as ours). */
static void test_parts_of_killed_exports_swept(void **state)
{
	struct world *w = *state;
	char dead_csv[64], dead_xlsx[64], alive[64], dead_dir[64];
	char not_ours[64], p[600];
	pid_t dead = fork();

	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	snprintf(dead_csv, sizeof(dead_csv), "out.csv.fairsync-%d.part",
		 (int)dead);
	snprintf(dead_xlsx, sizeof(dead_xlsx), "名簿.xlsx.fairsync-%d.part",
		 (int)dead);
	snprintf(alive, sizeof(alive), "x.csv.fairsync-%d.part",
		 (int)getppid());
	snprintf(not_ours, sizeof(not_ours), "x.fairsync-%d.part.bak",
		 (int)dead);
	snprintf(dead_dir, sizeof(dead_dir), "d.fairsync-%d.part", (int)dead);
	touch(dead_csv);
	touch(dead_xlsx);
	touch(alive);
	touch(not_ours);
	touch("notes.part");
	fx_path(p, sizeof(p), dead_dir);
	assert_int_equal(mkdir(p, 0700), 0);
	export(w, EXPORT_SUMMARY, EXPORT_CSV, EXPORT_UTF8, NULL);
	assert_false(exists(dead_csv));
	assert_false(exists(dead_xlsx));
	assert_true(exists(alive));
	assert_true(exists(not_ours));
	assert_true(exists("notes.part"));
	assert_true(exists(dead_dir));
	assert_true(exists("out.csv"));
}

static void test_bad_options_leave_no_file(void **state)
{
	struct world *w = *state;
	struct export_opts o = { .report = EXPORT_LEADS, .company_id = 999 };
	struct fair_err e = { "" };
	char missing[600];

	unlink(w->out);
	assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e),
			 FAIR_EINVAL);
	assert_non_null(strstr(e.msg, "company"));
	assert_int_not_equal(access(w->out, F_OK), 0);
	o.report = EXPORT_ATTENDANCE;
	o.format = EXPORT_XLSX;
	o.encoding = EXPORT_CP932;
	assert_int_equal(export_write(w->ev, &o, w->out, NULL, &e),
			 FAIR_EINVAL);
	o.format = EXPORT_CSV;
	o.encoding = EXPORT_UTF8;
	snprintf(missing, sizeof(missing), "%s/no/such/dir/x.csv", fx_dir);
	assert_int_equal(export_write(w->ev, &o, missing, NULL, &e), FAIR_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_attendance_csv, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_injection_neutralised,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cp932, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leads_only_consenting,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_min_count, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_and_xlsx, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_repaired_time_used, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_japanese_headers_by_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walkins_exported, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_refused_while_merge_unfinished, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_parts_of_killed_exports_swept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_options_leave_no_file,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
