/* roster.h: the roster fields funders ask about (issue 26), and how the
 * forms people type them in are brought to one spelling.
 *
 * Students: 都道府県 (prefecture of residence or home town), 学校種別
 * (大学, 短大, 高専, 専門学校, 高校) and 学年 (1年..6年, 修士1年..修士2年,
 * 博士1年..博士3年, 既卒). Companies: 従業員数 (head count) and 所在市町村
 * (town). Stored in attendees.grade and the tables attendee_profile and
 * company_profile (schema 3, docs/schema.md).
 *
 * Each normaliser reads one cell as a form or a person wrote it (full-width
 * letters and digits, spaces, a trailing 生 or 県 left off) and answers
 * ROSTER_NORM_OK with the one spelling in out, ROSTER_NORM_EMPTY for an
 * empty cell (out ""), or ROSTER_NORM_UNKNOWN with the cell as given in
 * out, so the importer can warn (naming ROSTER_*_FORMS) and keep it: an
 * unknown value is a warning, never a refusal. out is always
 * NUL-terminated (cut to cap). Nothing here prints; the normalisers touch
 * no database.
 */
#ifndef FAIR_ROSTER_H
#define FAIR_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

enum roster_norm {
	ROSTER_NORM_EMPTY = 0,
	ROSTER_NORM_OK = 1,
	ROSTER_NORM_UNKNOWN = -1,
};

/* What each normaliser accepts, for messages. */
#define ROSTER_PREFECTURE_FORMS \
	"47都道府県の名前 (岐阜県, 岐阜, 東京都, 北海道; Gifu)"
#define ROSTER_SCHOOL_TYPE_FORMS "大学, 短大, 高専, 専門学校, 高校"
#define ROSTER_GRADE_FORMS \
	"1年..6年, 修士1年, 修士2年, 博士1年..博士3年, 既卒 " \
	"(1, 1年生, B1, M1, D1 も可)"

/* "岐阜県", "岐阜", "ぎふ" is not read; "Gifu", "gifu-ken", "東京",
 * "東京都", "京都", "大阪府", "北海道" -> the prefecture's full name. */
enum roster_norm roster_prefecture(const char *in, char *out, size_t cap);

/* "大学" (and 大学院, 大学校 of a university), "短大"/"短期大学",
 * "高専"/"高等専門学校", "専門学校"/"専門", "高校"/"高等学校" -> one of
 * ROSTER_SCHOOL_TYPE_FORMS. */
enum roster_norm roster_school_type(const char *in, char *out, size_t cap);

/* The school type a school's name shows: "岐阜大学" -> 大学, "岐阜市立
 * 女子短期大学" -> 短大, "岐阜工業高等専門学校" -> 高専, "名古屋工学院
 * 専門学校" -> 専門学校, "岐阜県立岐阜高等学校" -> 高校. "" when the name
 * does not say. Returns out. */
const char *roster_school_type_of(const char *school, char *out, size_t cap);

/* "1", "１年", "1年生", "学部1年", "B1", "大学1年" -> "1年" (to 6年);
 * "M1", "修士1年", "博士前期1年" -> "修士1年"; "D2", "博士後期2年" ->
 * "博士2年"; "既卒", "卒業生" -> "既卒". */
enum roster_norm roster_grade(const char *in, char *out, size_t cap);

/* "120", "１２０名", "約120人", "1,200" -> 120 / 1200 in *out; ROSTER_NORM_EMPTY
 * for "", ROSTER_NORM_UNKNOWN (out untouched) for anything else ("50〜99"). */
enum roster_norm roster_employees(const char *in, int64_t *out);

/* Stores an attendee's prefecture and school type (either NULL: left as
 * stored). 0 or FAIR_EIO. */
int roster_attendee_set(struct store *st, uint32_t attendee_id,
			const char *prefecture, const char *school_type,
			struct fair_err *err);

/* Stores a company's head count (employees_text NULL: left as stored; ""
 * clears it; a number as a number, anything else kept as given) and town
 * (NULL: left as stored). 0 or FAIR_EIO. */
int roster_company_set(struct store *st, uint32_t company_id,
		       const char *employees_text, const char *city,
		       struct fair_err *err);

#endif
