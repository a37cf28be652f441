/* kpi.c: the funder's figures of an event (see fair/kpi.h). Targets and
 * the workbook are in kpi_write.c.
 *
 * Flow: one query per group of figures; people's breakdowns are
 * aggregated here from one row per student who came, so the school type
 * of a walk-in (who has no roster profile) is read from the school's name
 * exactly as the importer reads it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/grow.h"
#include "fair/export.h"
#include "fair/internship.h"
#include "fair/kpi.h"
#include "fair/roster.h"
#include "fair/tourdata.h"
#include "fair/tours.h"
#include "fair/training.h"

#define SQL_MAX 8192
#define UNKNOWN "不明"
/* Rows of a report, and labels in one breakdown: a school or company
 * per row at most, far under these. */
#define KPI_ROWS_MAX 200000
#define KPI_BUCKETS_MAX 100000

struct kpi_run {
	struct store *st;
	sqlite3 *db;
	struct kpi_report *rep;
	size_t cap;
	struct fair_err *err;
};

/* ---- rows ------------------------------------------------------------ */

static struct kpi_row *row_add(struct kpi_run *k, enum kpi_sheet sheet,
			       const char *section, const char *indicator,
			       enum kpi_value_kind kind, double value)
{
	struct kpi_report *rep = k->rep;
	struct kpi_row *r;

	if (fair_grow((void **)&rep->rows, &k->cap, (size_t)rep->nrows + 1,
		      sizeof(*rep->rows), KPI_ROWS_MAX))
		return NULL;
	r = &rep->rows[rep->nrows++];
	memset(r, 0, sizeof(*r));
	r->sheet = sheet;
	r->kind = kind;
	r->value = value;
	snprintf(r->section, sizeof(r->section), "%s", section);
	snprintf(r->indicator, sizeof(r->indicator), "%s", indicator);
	return r;
}

/* A breakdown row: a count of people, suppressed when small. */
static struct kpi_row *people_add(struct kpi_run *k, enum kpi_sheet sheet,
				  const char *section, const char *prefix,
				  const char *item, long n)
{
	char name[160];
	struct kpi_row *r;

	snprintf(name, sizeof(name), "%s:%s", prefix, item);
	r = row_add(k, sheet, section, name, KPI_COUNT, (double)n);
	if (r) {
		r->people = true;
		r->suppressed = n > 0 && n < k->rep->min_count;
	}
	return r;
}

static struct kpi_row *text_add(struct kpi_run *k, const char *indicator,
				const char *text)
{
	struct kpi_row *r = row_add(k, KPI_SHEET_SUMMARY, "実施概要",
				    indicator, KPI_TEXT, 0);

	if (r) {
		snprintf(r->text, sizeof(r->text), "%s", text);
		r->headline = true;
	}
	return r;
}

static int oom(struct kpi_run *k)
{
	return fair_fail(k->err, FAIR_ENOMEM, "out of memory");
}

/* ---- queries --------------------------------------------------------- */

static sqlite3_stmt *query(struct kpi_run *k, const char *sql)
{
	char full[SQL_MAX];
	sqlite3_stmt *s = NULL;

	/* every query may name v, the valid check-ins */
	if ((size_t)snprintf(full, sizeof(full), "%s%s",
			     export_valid_cte(k->st), sql) >= sizeof(full)) {
		fair_fail(k->err, FAIR_EIO, "query too long");
		return NULL;
	}
	if (sqlite3_prepare_v2(k->db, full, -1, &s, NULL) != SQLITE_OK) {
		fair_fail(k->err, FAIR_EIO, "query failed: %s",
			  sqlite3_errmsg(k->db));
		return NULL;
	}
	return s;
}

static int done(struct kpi_run *k, sqlite3_stmt *s, int step)
{
	int rc = 0;

	if (step != SQLITE_DONE)
		rc = fair_fail(k->err, FAIR_EIO, "query failed: %s",
			       sqlite3_errmsg(k->db));
	sqlite3_finalize(s);
	return rc;
}

static int one(struct kpi_run *k, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = query(k, sql);
	int step;

	if (!s)
		return FAIR_EIO;
	step = sqlite3_step(s);
	*out = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (step == SQLITE_ROW)
		step = SQLITE_DONE;
	return done(k, s, step);
}

/* ---- buckets: counts by a label ------------------------------------- */

struct bucket {
	char label[128];
	int rank;       /* order: fixed forms first, 不明 last */
	long n;
};

struct buckets {
	struct bucket *b;
	int n;
	size_t cap;
};

static int bucket_add(struct buckets *bs, const char *label, int rank)
{
	for (int i = 0; i < bs->n; i++)
		if (!strcmp(bs->b[i].label, label)) {
			bs->b[i].n++;
			return 0;
		}
	if (fair_grow((void **)&bs->b, &bs->cap, (size_t)bs->n + 1,
		      sizeof(*bs->b), KPI_BUCKETS_MAX))
		return FAIR_ENOMEM;
	snprintf(bs->b[bs->n].label, sizeof(bs->b[0].label), "%s", label);
	bs->b[bs->n].rank = rank;
	bs->b[bs->n++].n = 1;
	return 0;
}

/* Fixed ranks first, then more people first, then by label. */
static int bucket_cmp(const void *a, const void *b)
{
	const struct bucket *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->label, y->label);
}

static int buckets_emit(struct kpi_run *k, struct buckets *bs,
			enum kpi_sheet sheet, const char *section,
			const char *prefix)
{
	if (bs->n) /* an empty list may have no array at all */
		qsort(bs->b, (size_t)bs->n, sizeof(*bs->b), bucket_cmp);
	for (int i = 0; i < bs->n; i++)
		if (!people_add(k, sheet, section, prefix, bs->b[i].label,
				bs->b[i].n))
			return oom(k);
	return 0;
}

static int rank_in(const char *s, const char *const *forms)
{
	for (int i = 0; forms[i]; i++)
		if (!strcmp(s, forms[i]))
			return i;
	return !strcmp(s, UNKNOWN) ? 1000 : 500;
}

/* ---- companies ------------------------------------------------------- */

static int companies(struct kpi_run *k)
{
	static const char *const bands[] = { "20人以下", "21〜100人",
					     "101〜300人", "301人以上",
					     UNKNOWN };
	static const char *const groups[] = {
		"SELECT coalesce(nullif(industry, ''), '" UNKNOWN "'),"
		" count(*) FROM companies GROUP BY 1"
		" ORDER BY 1 = '" UNKNOWN "', 2 DESC, 1",
		"SELECT coalesce(nullif(p.city, ''), '" UNKNOWN "'), count(*)"
		" FROM companies c LEFT JOIN company_profile p"
		" ON p.company_id = c.id GROUP BY 1"
		" ORDER BY 1 = '" UNKNOWN "', 2 DESC, 1",
	};
	static const char *const sections[] = { "業種別", "所在市町村別" };
	static const char *const prefixes[] = { "業種", "所在市町村" };
	long per_band[5] = { 0 };
	sqlite3_stmt *s;
	int64_t n;
	int step, rc;
	struct kpi_row *r;

	if (one(k, "SELECT count(*) FROM companies", &n))
		return FAIR_EIO;
	r = row_add(k, KPI_SHEET_COMPANIES, "", "参加企業数", KPI_COUNT,
		    (double)n);
	if (!r)
		return oom(k);
	r->headline = true;
	for (int g = 0; g < 2; g++) {
		s = query(k, groups[g]);
		if (!s)
			return FAIR_EIO;
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			char name[160];

			snprintf(name, sizeof(name), "%s:%s", prefixes[g],
				 (const char *)sqlite3_column_text(s, 0));
			if (!row_add(k, KPI_SHEET_COMPANIES, sections[g],
				     name, KPI_COUNT,
				     (double)sqlite3_column_int64(s, 1))) {
				sqlite3_finalize(s);
				return oom(k);
			}
		}
		if ((rc = done(k, s, step)))
			return rc;
		if (g)
			break;
		/* sizes between industry and town */
		s = query(k, "SELECT CASE WHEN typeof(p.employees) !="
			  " 'integer' THEN 4 WHEN p.employees <= 20 THEN 0"
			  " WHEN p.employees <= 100 THEN 1 WHEN p.employees"
			  " <= 300 THEN 2 ELSE 3 END, count(*) FROM companies"
			  " c LEFT JOIN company_profile p ON p.company_id ="
			  " c.id GROUP BY 1");
		if (!s)
			return FAIR_EIO;
		while ((step = sqlite3_step(s)) == SQLITE_ROW)
			per_band[sqlite3_column_int(s, 0) % 5] =
				(long)sqlite3_column_int64(s, 1);
		if ((rc = done(k, s, step)))
			return rc;
		for (int b = 0; b < 5; b++) {
			char name[160];

			snprintf(name, sizeof(name), "従業員規模:%s",
				 bands[b]);
			if (!row_add(k, KPI_SHEET_COMPANIES, "従業員規模別",
				     name, KPI_COUNT, (double)per_band[b]))
				return oom(k);
		}
	}
	return 0;
}

/* ---- students -------------------------------------------------------- */

struct came {
	long n, roster, first_second, inside, outside, unknown_place;
	long *booths, *sessions;   /* per student who came */
	struct buckets type, grade, pref;
};

static void came_free(struct came *c)
{
	free(c->booths);
	free(c->sessions);
	free(c->type.b);
	free(c->grade.b);
	free(c->pref.b);
}

static int grade_rank(const char *g)
{
	static const char *const forms[] = {
		"1年", "2年", "3年", "4年", "5年", "6年", "修士1年", "修士2年",
		"博士1年", "博士2年", "博士3年", "既卒", NULL };

	return rank_in(g, forms);
}

/* One student who came: their school type, grade and prefecture. */
static int came_one(struct kpi_run *k, struct came *c, sqlite3_stmt *s)
{
	static const char *const types[] = { "大学", "短大", "高専",
					     "専門学校", "高校", NULL };
	const char *school = (const char *)sqlite3_column_text(s, 1);
	const char *grade = (const char *)sqlite3_column_text(s, 2);
	const char *pref = (const char *)sqlite3_column_text(s, 3);
	const char *type = (const char *)sqlite3_column_text(s, 4);
	char t[64], g[64], p[64], norm[64];
	bool known;

	if (!type || !type[0])
		type = roster_school_type_of(school, t, sizeof(t));
	if (!type[0])
		type = UNKNOWN;
	/* kiosk walk-ins store "3" or "other"; rosters "3年" by now */
	if (grade && !strcmp(grade, "other"))
		snprintf(g, sizeof(g), "その他");
	else if (roster_grade(grade, g, sizeof(g)) == ROSTER_NORM_EMPTY)
		snprintf(g, sizeof(g), UNKNOWN);
	if (!pref || !pref[0])
		snprintf(p, sizeof(p), UNKNOWN);
	else
		snprintf(p, sizeof(p), "%s", pref);
	c->roster += sqlite3_column_int(s, 0);
	c->first_second += !strcmp(g, "1年") || !strcmp(g, "2年");
	/* a value kept as given (not a prefecture) is neither inside nor
	 * outside: it counts as unknown there */
	known = roster_prefecture(p, norm, sizeof(norm)) == ROSTER_NORM_OK;
	if (k->rep->prefecture[0]) {
		if (!known)
			c->unknown_place++;
		else if (!strcmp(norm, k->rep->prefecture))
			c->inside++;
		else
			c->outside++;
	}
	c->booths[c->n] = sqlite3_column_int64(s, 5);
	c->sessions[c->n] = sqlite3_column_int64(s, 6);
	c->n++;
	if (bucket_add(&c->type, type, rank_in(type, types)) ||
	    bucket_add(&c->grade, g, grade_rank(g)) ||
	    bucket_add(&c->pref, p, !strcmp(p, UNKNOWN) ? 1000 : 0))
		return oom(k);
	return 0;
}

static int long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static double median(long *v, long n)
{
	if (!n)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), long_cmp);
	return n % 2 ? (double)v[n / 2]
		     : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Mean, median and distribution of per-student counts. what: 訪問ブース数
 * or 参加セッション数. */
static int spread(struct kpi_run *k, long *v, long n, const char *what,
		  bool headline)
{
	long dist[KPI_DIST_TOP + 1] = { 0 }, sum = 0, top = 0;
	char name[160], item[32];
	struct kpi_row *r;

	for (long i = 0; i < n; i++) {
		sum += v[i];
		dist[v[i] < KPI_DIST_TOP ? v[i] : KPI_DIST_TOP]++;
		top = v[i] > top ? v[i] : top;
	}
	snprintf(name, sizeof(name), "1人あたり%s（平均）", what);
	r = row_add(k, KPI_SHEET_VISITS, "", name, KPI_MEAN,
		    n ? (double)sum / (double)n : 0);
	if (!r)
		return oom(k);
	r->headline = headline;
	r->na = !n; /* no one came: no mean */
	snprintf(name, sizeof(name), "1人あたり%s（中央値）", what);
	if (!(r = row_add(k, KPI_SHEET_VISITS, "", name, KPI_MEAN,
			  median(v, n))))
		return oom(k);
	r->na = !n;
	snprintf(name, sizeof(name), "%s別の学生数", what);
	for (long i = 0; i <= (top < KPI_DIST_TOP ? top : KPI_DIST_TOP); i++) {
		if (i == KPI_DIST_TOP)
			snprintf(item, sizeof(item), "%d以上", KPI_DIST_TOP);
		else
			snprintf(item, sizeof(item), "%ld", i);
		if (!people_add(k, KPI_SHEET_VISITS, name, what, item,
				dist[i]))
			return oom(k);
	}
	return 0;
}

#define CAME_SQL \
	", came AS (SELECT v.aid, count(DISTINCT CASE WHEN p.kind = 'booth'" \
	" THEN v.pid END) AS booths, count(DISTINCT CASE WHEN p.kind =" \
	" 'session' THEN v.pid END) AS sessions FROM v JOIN places p ON" \
	" p.id = v.pid GROUP BY v.aid) "

static int student_totals(struct kpi_run *k, struct came *c)
{
	int64_t roster = 0, walkins = 0;
	struct kpi_row *r;

	if (one(k, "SELECT count(*) FROM attendees WHERE role = 0 AND"
		" ext_id IS NOT NULL", &roster) ||
	    one(k, "SELECT count(*) FROM attendees WHERE role = 0 AND"
		" ext_id IS NULL", &walkins))
		return FAIR_EIO;
	if (!(r = row_add(k, KPI_SHEET_STUDENTS, "", "事前登録学生数",
			  KPI_COUNT, (double)roster)))
		return oom(k);
	r->headline = true;
	if (!(r = row_add(k, KPI_SHEET_STUDENTS, "", "当日登録学生数",
			  KPI_COUNT, (double)walkins)))
		return oom(k);
	r->headline = true;
	if (!(r = row_add(k, KPI_SHEET_STUDENTS, "", "来場学生数",
			  KPI_COUNT, (double)c->n)))
		return oom(k);
	r->headline = true;
	if (!(r = row_add(k, KPI_SHEET_STUDENTS, "", "来場率（事前登録者）",
			  KPI_RATE, roster ? (double)c->roster /
			  (double)roster : 0)))
		return oom(k);
	r->headline = true;
	r->na = !roster;
	if (!(r = row_add(k, KPI_SHEET_STUDENTS, "", "1・2年生の来場学生数",
			  KPI_COUNT, (double)c->first_second)))
		return oom(k);
	r->headline = true;
	return 0;
}

static int inside_outside(struct kpi_run *k, const struct came *c)
{
	struct kpi_row *r;

	if (!k->rep->prefecture[0])
		return 0; /* fairsync settings --prefecture not given */
	if (!(r = row_add(k, KPI_SHEET_STUDENTS, "", "県外からの来場学生数",
			  KPI_COUNT, (double)c->outside)))
		return oom(k);
	r->headline = true;
	if (!(r = row_add(k, KPI_SHEET_STUDENTS, "", "県内の来場学生数",
			  KPI_COUNT, (double)c->inside)))
		return oom(k);
	r->headline = true;
	if (!people_add(k, KPI_SHEET_STUDENTS, "県内・県外", "県内外",
			"県内", c->inside) ||
	    !people_add(k, KPI_SHEET_STUDENTS, "県内・県外", "県内外",
			"県外", c->outside) ||
	    !people_add(k, KPI_SHEET_STUDENTS, "県内・県外", "県内外",
			UNKNOWN, c->unknown_place))
		return oom(k);
	return 0;
}

static int students(struct kpi_run *k)
{
	struct came c = { 0 };
	sqlite3_stmt *s;
	int64_t total = 0;
	int step = SQLITE_DONE, rc;

	if (one(k, "SELECT count(*) FROM attendees", &total))
		return FAIR_EIO;
	c.booths = calloc((size_t)total + 1, sizeof(long));
	c.sessions = calloc((size_t)total + 1, sizeof(long));
	if (!c.booths || !c.sessions) {
		came_free(&c);
		return oom(k);
	}
	s = query(k, CAME_SQL "SELECT a.ext_id IS NOT NULL, a.school,"
		  " a.grade, coalesce(pr.prefecture, ''),"
		  " coalesce(pr.school_type, ''), came.booths, came.sessions"
		  " FROM came JOIN attendees a ON a.id = came.aid AND"
		  " a.role = 0 LEFT JOIN attendee_profile pr ON"
		  " pr.attendee_id = a.id");
	if (!s) {
		came_free(&c);
		return FAIR_EIO;
	}
	rc = 0;
	while (!rc && c.n < total && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = came_one(k, &c, s);
	if (!rc)
		rc = done(k, s, step == SQLITE_ROW ? SQLITE_DONE : step);
	else
		sqlite3_finalize(s);
	if (!rc)
		rc = student_totals(k, &c);
	if (!rc)
		rc = inside_outside(k, &c);
	if (!rc)
		rc = buckets_emit(k, &c.type, KPI_SHEET_STUDENTS, "学校種別",
				  "学校種別");
	if (!rc)
		rc = buckets_emit(k, &c.grade, KPI_SHEET_STUDENTS, "学年",
				  "学年");
	if (!rc)
		rc = buckets_emit(k, &c.pref, KPI_SHEET_STUDENTS, "都道府県",
				  "都道府県");
	if (!rc)
		rc = spread(k, c.booths, c.n, "訪問ブース数", true);
	if (!rc)
		rc = spread(k, c.sessions, c.n, "参加セッション数", false);
	came_free(&c);
	return rc;
}

/* ---- visitors per company -------------------------------------------- */

static int per_company(struct kpi_run *k)
{
	sqlite3_stmt *s;
	long n = 0, sum = 0, lo = 0, hi = 0, v;
	struct kpi_row *r;
	int step, rc;

	s = query(k, ", vc AS (SELECT p.company_id AS cid, count(DISTINCT"
		  " v.aid) AS n FROM v JOIN places p ON p.id = v.pid JOIN"
		  " attendees a ON a.id = v.aid AND a.role = 0 WHERE"
		  " p.company_id IS NOT NULL GROUP BY p.company_id)"
		  " SELECT coalesce(vc.n, 0) FROM companies c LEFT JOIN vc"
		  " ON vc.cid = c.id");
	if (!s)
		return FAIR_EIO;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		v = (long)sqlite3_column_int64(s, 0);
		lo = !n || v < lo ? v : lo;
		hi = v > hi ? v : hi;
		sum += v;
		n++;
	}
	if ((rc = done(k, s, step)))
		return rc;
	if (!(r = row_add(k, KPI_SHEET_VISITS, "企業別来訪学生数",
			  "企業あたり来訪学生数（平均）", KPI_MEAN,
			  n ? (double)sum / (double)n : 0)))
		return oom(k);
	r->headline = true;
	r->na = !n;
	if (!(r = row_add(k, KPI_SHEET_VISITS, "企業別来訪学生数",
			  "企業あたり来訪学生数（最小）", KPI_COUNT, lo)))
		return oom(k);
	r->na = !n;
	if (!(r = row_add(k, KPI_SHEET_VISITS, "企業別来訪学生数",
			  "企業あたり来訪学生数（最大）", KPI_COUNT, hi)))
		return oom(k);
	r->na = !n;
	return 0;
}

/* ---- feedback -------------------------------------------------------- */

/* Each student's latest valid answer per company (as fair/tourdata.h's
 * feedback export counts them). */
#define FB_CTE \
	", fb AS (SELECT * FROM (SELECT f.attendee_id AS aid, p.company_id" \
	" AS cid, f.rating, f.tags, row_number() OVER (PARTITION BY" \
	" f.attendee_id, p.company_id ORDER BY f.wall_ms DESC, f.uuid DESC)" \
	" AS rn FROM facts f JOIN places p ON p.id = f.place_id WHERE" \
	" f.kind = 'feedback' AND p.company_id IS NOT NULL AND f.uuid NOT IN" \
	" (SELECT voids FROM facts WHERE kind = 'void' AND voids IS NOT" \
	" NULL)) WHERE rn = 1) "

static int feedback(struct kpi_run *k)
{
	long per[6] = { 0 }, answers = 0, sum = 0;
	struct kpi_row *r;
	sqlite3_stmt *s;
	int step, rc;

	s = query(k, FB_CTE "SELECT rating, count(*) FROM fb GROUP BY 1");
	if (!s)
		return FAIR_EIO;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int f = sqlite3_column_int(s, 0);
		long n = (long)sqlite3_column_int64(s, 1);

		if (f < 1 || f > 5)
			continue;
		per[f] = n;
		answers += n;
		sum += n * f;
	}
	if ((rc = done(k, s, step)))
		return rc;
	if (!row_add(k, KPI_SHEET_FEEDBACK, "", "評価の回答数", KPI_COUNT,
		     (double)answers))
		return oom(k);
	if (!(r = row_add(k, KPI_SHEET_FEEDBACK, "", "満足度（平均評価）",
			  KPI_MEAN, answers ? (double)sum / answers : 0)))
		return oom(k);
	r->headline = true;
	r->na = !answers;
	for (int f = 5; f >= 1; f--)
		if (!people_add(k, KPI_SHEET_FEEDBACK, "評価別", "評価",
				tour_rating_label(f), per[f]))
			return oom(k);
	/* tags: split the '|' lists in SQL, each with its answer's rating */
	s = query(k, FB_CTE ", split(tag, rest, rating) AS (SELECT '',"
		  " tags || '|', rating FROM fb UNION ALL SELECT substr(rest,"
		  " 1, instr(rest, '|') - 1), substr(rest, instr(rest, '|') +"
		  " 1), rating FROM split WHERE rest <> '') SELECT tag,"
		  " count(*), avg(rating) FROM split WHERE tag <> '' GROUP BY"
		  " tag ORDER BY 2 DESC, tag");
	if (!s)
		return FAIR_EIO;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *tag = (const char *)sqlite3_column_text(s, 0);
		long n = (long)sqlite3_column_int64(s, 1);
		struct kpi_row *c = people_add(k, KPI_SHEET_FEEDBACK, "タグ別",
					       "タグ", tag, n);
		char name[160];

		snprintf(name, sizeof(name), "タグ平均評価:%s", tag);
		r = c ? row_add(k, KPI_SHEET_FEEDBACK, "タグ別", name,
				KPI_MEAN, sqlite3_column_double(s, 2)) : NULL;
		if (!r) {
			sqlite3_finalize(s);
			return oom(k);
		}
		/* a small group's mean tells as much as its count */
		r->suppressed = k->rep->rows[k->rep->nrows - 2].suppressed;
	}
	return done(k, s, step);
}

/* ---- tours ----------------------------------------------------------- */

static int tours(struct kpi_run *k)
{
	int64_t assigned = 0, complete = 0;
	struct kpi_row *r;

	if (one(k, ", asg AS (SELECT DISTINCT f.attendee_id AS aid,"
		" f.place_id AS pid FROM facts f WHERE f.kind = 'assign' AND"
		" f.uuid NOT IN (SELECT voids FROM facts WHERE kind = 'void'"
		" AND voids IS NOT NULL)) SELECT count(DISTINCT aid) FROM asg",
		&assigned) ||
	    one(k, ", asg AS (SELECT DISTINCT f.attendee_id AS aid,"
		" f.place_id AS pid FROM facts f WHERE f.kind = 'assign' AND"
		" f.uuid NOT IN (SELECT voids FROM facts WHERE kind = 'void'"
		" AND voids IS NOT NULL)), seen AS (SELECT DISTINCT aid, pid"
		" FROM v) SELECT count(*) FROM (SELECT asg.aid FROM asg LEFT"
		" JOIN seen ON seen.aid = asg.aid AND seen.pid = asg.pid"
		" GROUP BY asg.aid HAVING count(seen.aid) = count(*))",
		&complete))
		return FAIR_EIO;
	if (!row_add(k, KPI_SHEET_TOURS, "", "ツアー参加学生数", KPI_COUNT,
		     (double)assigned) ||
	    !row_add(k, KPI_SHEET_TOURS, "", "ツアー完了学生数", KPI_COUNT,
		     (double)complete))
		return oom(k);
	if (!(r = row_add(k, KPI_SHEET_TOURS, "", "ツアー完了率", KPI_RATE,
			  assigned ? (double)complete / assigned : 0)))
		return oom(k);
	r->na = !assigned;
	r->headline = assigned > 0; /* a fair without tours: not a line */
	return 0;
}

/* ---- a joint training ------------------------------------------------ */

/* One company's employees, or (id 0) all of them. */
struct trn_tally {
	uint32_t company_id;
	char name[STORE_TEXT];
	long employees, came, completed, attended, expected;
};

struct trn {
	double min_rate;
	struct trn_tally all;
	struct trn_tally *co;     /* in training_each()'s company order */
	int nco;
	size_t cap;
	bool oom;
};

static void tally_add(struct trn_tally *t, const struct training_row *r,
		      double min_rate)
{
	t->employees++;
	t->came += r->attended > 0;
	t->completed += training_completed(r, min_rate);
	t->attended += r->attended;
	t->expected += r->sessions;
}

static void trn_row(const struct training_row *r, void *ctx)
{
	struct trn *t = ctx;
	struct trn_tally *c;

	tally_add(&t->all, r, t->min_rate);
	if (!t->nco || t->co[t->nco - 1].company_id != r->company_id) {
		if (fair_grow((void **)&t->co, &t->cap, (size_t)t->nco + 1,
			      sizeof(*t->co), KPI_BUCKETS_MAX)) {
			t->oom = true;
			return;
		}
		c = &t->co[t->nco++];
		memset(c, 0, sizeof(*c));
		c->company_id = r->company_id;
		snprintf(c->name, sizeof(c->name), "%s", r->company[0] ?
			 r->company : r->company_ext);
	}
	tally_add(&t->co[t->nco - 1], r, t->min_rate);
}

/* The rows of one tally: the totals (headline) or a company's 企業別
 * rows named after it. Each row is finished before the next is added: an
 * add may move the rows. */
static int tally_emit(struct kpi_run *k, const struct trn_tally *t,
		      double min_rate, bool total)
{
	char done_name[64], name[160];
	const char *sec = total ? "" : "企業別";
	double rate = t->expected ? (double)t->attended / t->expected : 0;
	struct kpi_row *r;
	bool small;

	if (total) {
		snprintf(done_name, sizeof(done_name),
			 "修了者数（出席率%.0f%%以上）", min_rate * 100);
		if (!(r = row_add(k, KPI_SHEET_EMPLOYEES, sec, "登録社員数",
				  KPI_COUNT, (double)t->employees)))
			return oom(k);
		r->headline = true;
		if (!(r = row_add(k, KPI_SHEET_EMPLOYEES, sec, "出席社員数",
				  KPI_COUNT, (double)t->came)))
			return oom(k);
		r->headline = true;
		if (!(r = row_add(k, KPI_SHEET_EMPLOYEES, sec, "出席率",
				  KPI_RATE, rate)))
			return oom(k);
		r->headline = true;
		r->na = !t->expected;
		if (!(r = row_add(k, KPI_SHEET_EMPLOYEES, sec, done_name,
				  KPI_COUNT, (double)t->completed)))
			return oom(k);
		r->headline = true;
		if (!(r = row_add(k, KPI_SHEET_EMPLOYEES, sec, "修了率",
				  KPI_RATE, t->employees ?
				  (double)t->completed / t->employees : 0)))
			return oom(k);
		r->headline = true;
		r->na = !t->employees;
		return 0;
	}
	if (!(r = people_add(k, KPI_SHEET_EMPLOYEES, sec, "登録社員数",
			     t->name, t->employees)))
		return oom(k);
	small = r->suppressed;
	if (!people_add(k, KPI_SHEET_EMPLOYEES, sec, "出席社員数", t->name,
			t->came))
		return oom(k);
	snprintf(name, sizeof(name), "出席率:%s", t->name);
	if (!(r = row_add(k, KPI_SHEET_EMPLOYEES, sec, name, KPI_RATE, rate)))
		return oom(k);
	/* a company's rate tells what its few employees did */
	r->suppressed = small;
	r->na = !t->expected;
	if (!people_add(k, KPI_SHEET_EMPLOYEES, sec, "修了者数", t->name,
			t->completed))
		return oom(k);
	return 0;
}

static int training(struct kpi_run *k, double min_rate)
{
	struct trn t = { .min_rate = min_rate };
	long came_co = 0;
	struct kpi_row *r;
	int rc;

	rc = training_each(k->st, 0, trn_row, &t, k->err);
	if (!rc && t.oom)
		rc = oom(k);
	for (int i = 0; !rc && i < t.nco; i++)
		came_co += t.co[i].came > 0;
	if (!rc) {
		r = row_add(k, KPI_SHEET_COMPANIES, "", "社員を登録した企業数",
			    KPI_COUNT, (double)t.nco);
		if (r)
			r->headline = true;
		r = r ? row_add(k, KPI_SHEET_COMPANIES, "",
				"出席のあった企業数", KPI_COUNT,
				(double)came_co) : NULL;
		if (r)
			r->headline = true;
		else
			rc = oom(k);
	}
	if (!rc)
		rc = tally_emit(k, &t.all, min_rate, true);
	for (int i = 0; !rc && i < t.nco; i++)
		rc = tally_emit(k, &t.co[i], min_rate, false);
	free(t.co);
	return rc;
}

/* ---- the report ------------------------------------------------------ */

int kpi_compute(struct store *st, const struct kpi_opts *o,
		struct kpi_report *out, struct fair_err *err)
{
	struct kpi_run k = { .st = st, .db = store_db(st), .rep = out,
			     .err = err };
	struct event_info ev;
	enum event_kind kind = EVENT_FAIR;
	char dates[40];
	int rc;

	memset(out, 0, sizeof(*out));
	out->min_count = o && o->min_count ? o->min_count : KPI_MIN_COUNT;
	out->min_rate = o && o->min_rate > 0 ? o->min_rate : TRAINING_MIN_RATE;
	if ((rc = store_event_get(st, &ev, err)))
		return rc;
	if (event_kind_get(st, &kind))
		kind = EVENT_FAIR;
	out->training = kind == EVENT_TRAINING;
	snprintf(out->event_name, sizeof(out->event_name), "%s", ev.name);
	snprintf(out->start_date, sizeof(out->start_date), "%s",
		 ev.start_date);
	snprintf(out->end_date, sizeof(out->end_date), "%s", ev.end_date);
	if (tours_setting_get(st, EVENT_KEY_PREFECTURE, out->prefecture,
			      sizeof(out->prefecture)))
		out->prefecture[0] = '\0';
	out->internship_type = internship_type(st);
	if (!strcmp(ev.start_date, ev.end_date))
		snprintf(dates, sizeof(dates), "%s", ev.start_date);
	else
		snprintf(dates, sizeof(dates), "%s〜%s", ev.start_date,
			 ev.end_date);
	if (!text_add(&k, "事業名", ev.name) ||
	    !text_add(&k, "実施日", dates) ||
	    !text_add(&k, "実施形態", out->training ? "合同社員研修" :
		      internship_type_label(out->internship_type)) ||
	    !text_add(&k, "開催地の都道府県", out->prefecture[0] ?
		      out->prefecture : "未設定"))
		return oom(&k);
	rc = companies(&k);
	/* a training's employees are never counted as students */
	if (!rc && out->training)
		return training(&k, out->min_rate);
	if (!rc)
		rc = students(&k);
	if (!rc)
		rc = per_company(&k);
	if (!rc)
		rc = feedback(&k);
	if (!rc)
		rc = tours(&k);
	return rc;
}

void kpi_report_free(struct kpi_report *rep)
{
	free(rep->rows);
	memset(rep, 0, sizeof(*rep));
}
