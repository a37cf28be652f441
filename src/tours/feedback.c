/* feedback.c: students' feedback per company, for the company
 * (fair/tourdata.h): rating distribution, tag counts, comments;
 * anonymous unless the student consented; small counts suppressed. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fair/grow.h"
#include "fair/internship.h"
#include "fair/jtext.h"
#include "fair/records.h"
#include "fair/tourdata.h"
#include "table.h"

const char *tour_rating_label(int rating)
{
	static const char *const labels[] = {
		"", "1 よくなかった", "2 いまひとつ", "3 ふつう", "4 よかった",
		"5 とてもよかった" };

	return rating >= 1 && rating <= 5 ? labels[rating] : "";
}

/* Each student's latest valid answer per company. */
#define FEEDBACK_CTE \
	"WITH fb AS (SELECT * FROM (SELECT f.attendee_id AS aid," \
	" p.company_id AS cid, f.rating, f.tags, f.note, row_number() OVER" \
	" (PARTITION BY f.attendee_id, p.company_id ORDER BY f.wall_ms DESC," \
	" f.uuid DESC) AS rn FROM facts f JOIN places p ON p.id = f.place_id" \
	" WHERE f.kind = 'feedback' AND p.company_id IS NOT NULL AND" \
	" (?1 = 0 OR p.company_id = ?1) AND f.uuid NOT IN (SELECT voids FROM" \
	" facts WHERE kind = 'void' AND voids IS NOT NULL)) WHERE rn = 1) "

enum { F_COMPANY, F_NAME, F_SECTION, F_ITEM, F_COUNT, F_COMMENT, F_RATING,
       F_STUDENT, F_NCOLS };

static const char *const fb_ja[F_NCOLS] = {
	"企業ID", "企業名", "区分", "項目", "件数", "コメント", "評価",
	"学生" };
static const char *const fb_en[F_NCOLS] = {
	"company", "company_name", "section", "item", "count", "comment",
	"rating", "student" };

/* One company's list of the students whose answers it was handed: ids
 * and commas, far under this for any fair. */
#define HANDED_MAX ((size_t)16 << 20)

struct fbrun {
	sqlite3 *db;
	const struct feedback_opts *o;
	struct table t;
	bool anonymous;  /* o->anonymous: never a name */
	/* names handed over, per company, for the provision record */
	char *handed;
	size_t handed_len, handed_cap;
};

static void count_text(const struct fbrun *r, long n, char out[24])
{
	if (r->o->min_count > 1 && n > 0 && n < r->o->min_count)
		snprintf(out, 24, "<%d", r->o->min_count);
	else
		snprintf(out, 24, "%ld", n);
}

static void put(struct fbrun *r, const char *cid, const char *cname,
		const char *section, const char *item, const char *count,
		const char *comment, const char *rating, const char *student)
{
	const char *cells[F_NCOLS] = { cid, cname, section, item, count,
				       comment, rating, student };

	table_row(&r->t, cells);
}

static int add_handed(struct fbrun *r, const char *id)
{
	size_t n = strlen(id) + 2;
	char *p;

	if (n > HANDED_MAX ||
	    fair_grow((void **)&r->handed, &r->handed_cap, r->handed_len + n,
		      1, HANDED_MAX))
		return FAIR_ENOMEM;
	p = r->handed;
	if (r->handed_len)
		p[r->handed_len - 1] = ',';
	memcpy(p + r->handed_len, id, n - 1);
	r->handed_len += n - 1;
	return 0;
}

/* One company's rows; answers is its number of answers. */
static int company_rows(struct fbrun *r, sqlite3_int64 cid, const char *ext,
			const char *cname, long answers, struct fair_err *err)
{
	sqlite3_stmt *q;
	char num[24], item[16];
	long per[6] = { 0 };

	count_text(r, answers, num);
	put(r, ext, cname, "回答数", "", num, NULL, NULL, NULL);
	if (sqlite3_prepare_v2(r->db, FEEDBACK_CTE "SELECT rating, count(*)"
			       " FROM fb WHERE cid = ?2 GROUP BY rating", -1,
			       &q, NULL))
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(r->db));
	sqlite3_bind_int64(q, 1, cid);
	sqlite3_bind_int64(q, 2, cid);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int k = sqlite3_column_int(q, 0);

		if (k >= 1 && k <= 5)
			per[k] = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	for (int k = 5; k >= 1; k--) {
		count_text(r, per[k], num);
		put(r, ext, cname, "評価", tour_rating_label(k), num, NULL,
		    NULL, NULL);
	}
	/* tags: split the '|' lists in SQL with a recursive walk */
	if (sqlite3_prepare_v2(r->db, FEEDBACK_CTE ", split(tag, rest) AS"
			       " (SELECT '', tags || '|' FROM fb WHERE cid = ?2"
			       " UNION ALL SELECT substr(rest, 1, instr(rest,"
			       " '|') - 1), substr(rest, instr(rest, '|') + 1)"
			       " FROM split WHERE rest <> '') SELECT tag,"
			       " count(*) FROM split WHERE tag <> '' GROUP BY"
			       " tag ORDER BY 2 DESC, tag", -1, &q, NULL))
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(r->db));
	sqlite3_bind_int64(q, 1, cid);
	sqlite3_bind_int64(q, 2, cid);
	while (sqlite3_step(q) == SQLITE_ROW) {
		count_text(r, sqlite3_column_int64(q, 1), num);
		put(r, ext, cname, "タグ",
		    (const char *)sqlite3_column_text(q, 0), num, NULL, NULL,
		    NULL);
	}
	sqlite3_finalize(q);
	/* comments: none at all for a group smaller than min_count */
	if (r->o->min_count > 1 && answers < r->o->min_count)
		return 0;
	if (sqlite3_prepare_v2(r->db, FEEDBACK_CTE "SELECT fb.note, fb.rating,"
			       " a.consent, a.name, a.ext_id FROM fb JOIN"
			       " attendees a ON a.id = fb.aid WHERE fb.cid = ?2"
			       " AND fb.note <> '' ORDER BY random()", -1, &q,
			       NULL))
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(r->db));
	/* random order: the file's order never hints at who wrote what */
	sqlite3_bind_int64(q, 1, cid);
	sqlite3_bind_int64(q, 2, cid);
	while (sqlite3_step(q) == SQLITE_ROW) {
		bool named = sqlite3_column_int(q, 2) == 1 && !r->anonymous;
		const char *ext_id = (const char *)sqlite3_column_text(q, 4);

		snprintf(item, sizeof(item), "%d", sqlite3_column_int(q, 1));
		put(r, ext, cname, "コメント", "", NULL,
		    (const char *)sqlite3_column_text(q, 0), item,
		    named ? (const char *)sqlite3_column_text(q, 3) : "匿名");
		if (named && add_handed(r, ext_id && ext_id[0] ? ext_id
					: "(当日登録)")) {
			sqlite3_finalize(q);
			return fair_fail(err, FAIR_ENOMEM, "out of memory");
		}
	}
	sqlite3_finalize(q);
	return 0;
}

int feedback_export(struct store *st, const struct feedback_opts *o,
		    const char *path, long *rows, struct fair_err *err)
{
	struct fbrun r = { .db = store_db(st), .o = o };
	struct company c;
	sqlite3_stmt *q;
	int rc;

	*rows = 0;
	/* 三省合意: at types 1 and 2 no comment may carry a name; asked
	 * for names, refuse before a file exists */
	if (!o->anonymous &&
	    internship_refuse_sharing(st, "氏名付きの感想の出力", err))
		return FAIR_EINVAL;
	r.anonymous = o->anonymous;
	if (o->company_id && store_company_get(st, o->company_id, &c))
		return fair_fail(err, FAIR_EINVAL, "no such company");
	rc = table_open(&r.t, o->format, path, "フィードバック", fb_ja, fb_en,
			F_NCOLS, err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(r.db, FEEDBACK_CTE "SELECT c.id, c.ext_id,"
			       " c.name, count(*) FROM fb JOIN companies c ON"
			       " c.id = fb.cid GROUP BY c.id ORDER BY c.ext_id",
			       -1, &q, NULL)) {
		table_close(&r.t, false, err);
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(r.db));
	}
	sqlite3_bind_int64(q, 1, o->company_id);
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		r.handed_len = 0;
		rc = company_rows(&r, sqlite3_column_int64(q, 0),
				  (const char *)sqlite3_column_text(q, 1),
				  (const char *)sqlite3_column_text(q, 2),
				  sqlite3_column_int64(q, 3), err);
		if (!rc && r.handed_len && o->company_id) {
			/* APPI art. 29: names with comments went out */
			struct provision p = {
				.made_ms = (int64_t)time(NULL) * 1000,
				.recipient = (const char *)
					sqlite3_column_text(q, 1),
				.attendees = r.handed,
				.items = "氏名,コメント",
				.basis = "同意 (consent)",
				.command = "export feedback",
			};

			rc = records_add(st, &p, err);
		}
	}
	sqlite3_finalize(q);
	*rows = r.t.rows;
	free(r.handed);
	return table_close(&r.t, !rc, err) ? (rc ? rc : FAIR_EIO) : rc;
}

int feedback_summary(struct store *st, uint32_t company_id,
		     struct feedback_summary *out)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *q;

	memset(out, 0, sizeof(*out));
	if (!company_id)
		return 0;
	if (sqlite3_prepare_v2(db, FEEDBACK_CTE "SELECT rating, count(*) FROM"
			       " fb GROUP BY rating", -1, &q, NULL))
		return FAIR_EIO;
	sqlite3_bind_int64(q, 1, company_id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		int k = sqlite3_column_int(q, 0);

		out->answers += sqlite3_column_int64(q, 1);
		if (k >= 1 && k <= 5)
			out->rating[k] = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(db, FEEDBACK_CTE ", split(tag, rest) AS"
			       " (SELECT '', tags || '|' FROM fb UNION ALL"
			       " SELECT substr(rest, 1, instr(rest, '|') - 1),"
			       " substr(rest, instr(rest, '|') + 1) FROM split"
			       " WHERE rest <> '') SELECT tag, count(*) FROM"
			       " split WHERE tag <> '' GROUP BY tag ORDER BY 2"
			       " DESC, tag LIMIT ?2", -1, &q, NULL))
		return FAIR_EIO;
	sqlite3_bind_int64(q, 1, company_id);
	sqlite3_bind_int(q, 2, FEEDBACK_TAGS_TOP);
	while (sqlite3_step(q) == SQLITE_ROW &&
	       out->ntags < FEEDBACK_TAGS_TOP) {
		snprintf(out->tags[out->ntags].tag,
			 sizeof(out->tags[0].tag), "%s",
			 (const char *)sqlite3_column_text(q, 0));
		out->tags[out->ntags++].n = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (out->answers < FEEDBACK_COMMENTS_FROM)
		return 0;
	if (sqlite3_prepare_v2(db, FEEDBACK_CTE "SELECT note FROM fb WHERE"
			       " note <> '' ORDER BY length(note) DESC, note"
			       " LIMIT ?2", -1, &q, NULL))
		return FAIR_EIO;
	sqlite3_bind_int64(q, 1, company_id);
	sqlite3_bind_int(q, 2, FEEDBACK_COMMENTS_TOP);
	while (sqlite3_step(q) == SQLITE_ROW &&
	       out->ncomments < FEEDBACK_COMMENTS_TOP)
		jtext_copy(out->comments[out->ncomments++],
			   sizeof(out->comments[0]),
			   (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return 0;
}
