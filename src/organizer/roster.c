/* roster.c: prefectures, school types, grades and head counts as rosters
 * write them, brought to one spelling (see fair/roster.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/jtext.h"
#include "fair/roster.h"

/* A cell as compared: trimmed, full-width ASCII folded, spaces dropped,
 * ASCII lowercased. "" if it does not fit. */
static void key_of(const char *in, char *out, size_t cap)
{
	char buf[256];
	size_t n = 0;

	if (jtext_clean(in ? in : "", true, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	for (const char *p = buf; *p && n + 1 < cap; p++)
		if (*p != ' ' && *p != '-' && *p != '_')
			out[n++] = (char)tolower((unsigned char)*p);
	out[n] = '\0';
}

static enum roster_norm as_given(const char *in, char *out, size_t cap)
{
	if (jtext_clean(in ? in : "", false, out, cap) < 0)
		snprintf(out, cap, "%s", in ? in : "");
	return out[0] ? ROSTER_NORM_UNKNOWN : ROSTER_NORM_EMPTY;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcmp(s + n - t, tail);
}

/* ---- prefectures ------------------------------------------------------ */

static const struct { const char *name, *romaji; } prefs[] = {
	{ "北海道", "hokkaido" }, { "青森県", "aomori" },
	{ "岩手県", "iwate" }, { "宮城県", "miyagi" }, { "秋田県", "akita" },
	{ "山形県", "yamagata" }, { "福島県", "fukushima" },
	{ "茨城県", "ibaraki" }, { "栃木県", "tochigi" },
	{ "群馬県", "gunma" }, { "埼玉県", "saitama" }, { "千葉県", "chiba" },
	{ "東京都", "tokyo" }, { "神奈川県", "kanagawa" },
	{ "新潟県", "niigata" }, { "富山県", "toyama" },
	{ "石川県", "ishikawa" }, { "福井県", "fukui" },
	{ "山梨県", "yamanashi" }, { "長野県", "nagano" },
	{ "岐阜県", "gifu" }, { "静岡県", "shizuoka" }, { "愛知県", "aichi" },
	{ "三重県", "mie" }, { "滋賀県", "shiga" }, { "京都府", "kyoto" },
	{ "大阪府", "osaka" }, { "兵庫県", "hyogo" }, { "奈良県", "nara" },
	{ "和歌山県", "wakayama" }, { "鳥取県", "tottori" },
	{ "島根県", "shimane" }, { "岡山県", "okayama" },
	{ "広島県", "hiroshima" }, { "山口県", "yamaguchi" },
	{ "徳島県", "tokushima" }, { "香川県", "kagawa" },
	{ "愛媛県", "ehime" }, { "高知県", "kochi" }, { "福岡県", "fukuoka" },
	{ "佐賀県", "saga" }, { "長崎県", "nagasaki" },
	{ "熊本県", "kumamoto" }, { "大分県", "oita" },
	{ "宮崎県", "miyazaki" }, { "鹿児島県", "kagoshima" },
	{ "沖縄県", "okinawa" },
};

#define NPREFS (sizeof(prefs) / sizeof(prefs[0]))

/* The name without its 都/道/府/県 ("北海道" stays whole). */
static size_t stem_len(const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(name, "北海道"))
		return n;
	return n - 3; /* each suffix is one 3-byte character */
}

enum roster_norm roster_prefecture(const char *in, char *out, size_t cap)
{
	char k[256];
	size_t n;

	key_of(in, k, sizeof(k));
	if (!k[0])
		return as_given(in, out, cap);
	for (size_t i = 0; i < NPREFS; i++) {
		const char *name = prefs[i].name, *ro = prefs[i].romaji;
		size_t rl = strlen(ro);

		n = stem_len(name);
		if (!strcmp(k, name) ||
		    (strlen(k) == n && !strncmp(k, name, n)) ||
		    !strcmp(k, ro) ||
		    (!strncmp(k, ro, rl) &&
		     (!strcmp(k + rl, "ken") || !strcmp(k + rl, "to") ||
		      !strcmp(k + rl, "fu") ||
		      !strcmp(k + rl, "prefecture")))) {
			snprintf(out, cap, "%s", name);
			return ROSTER_NORM_OK;
		}
	}
	return as_given(in, out, cap);
}

/* ---- school types ----------------------------------------------------- */

enum roster_norm roster_school_type(const char *in, char *out, size_t cap)
{
	static const struct { const char *form, *type; } forms[] = {
		{ "大学", "大学" }, { "大学院", "大学" },
		{ "4年制大学", "大学" }, { "四年制大学", "大学" },
		{ "university", "大学" },
		{ "短大", "短大" }, { "短期大学", "短大" },
		{ "juniorcollege", "短大" },
		{ "高専", "高専" }, { "高等専門学校", "高専" },
		{ "専門学校", "専門学校" }, { "専門", "専門学校" },
		{ "専修学校", "専門学校" }, { "専門学校生", "専門学校" },
		{ "高校", "高校" }, { "高等学校", "高校" },
		{ "highschool", "高校" },
	};
	char k[256];

	key_of(in, k, sizeof(k));
	if (!k[0])
		return as_given(in, out, cap);
	if (ends_with(k, "生") && strlen(k) > 3)
		k[strlen(k) - 3] = '\0'; /* 大学生, 高校生 */
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (!strcmp(k, forms[i].form)) {
			snprintf(out, cap, "%s", forms[i].type);
			return ROSTER_NORM_OK;
		}
	return as_given(in, out, cap);
}

const char *roster_school_type_of(const char *school, char *out, size_t cap)
{
	/* longest first: 短期大学 and 高等専門学校 hold 大学 and 専門学校 */
	static const struct { const char *part, *type; } parts[] = {
		{ "短期大学", "短大" }, { "短大", "短大" },
		{ "高等専門学校", "高専" }, { "高専", "高専" },
		{ "専門学校", "専門学校" }, { "専修学校", "専門学校" },
		{ "高等学校", "高校" }, { "高校", "高校" },
		{ "大学", "大学" }, { "University", "大学" },
		{ "university", "大学" },
	};

	out[0] = '\0';
	for (size_t i = 0; school && i < sizeof(parts) / sizeof(parts[0]); i++)
		if (strstr(school, parts[i].part)) {
			snprintf(out, cap, "%s", parts[i].type);
			break;
		}
	return out;
}

/* ---- grades ----------------------------------------------------------- */

/* Reads a digit 1..9 (ASCII after folding, or a kanji numeral). */
static int digit_at(const char **p)
{
	static const char *const kanji[] = { "一", "二", "三", "四", "五",
					     "六" };

	if (**p >= '1' && **p <= '9')
		return *(*p)++ - '0';
	for (int i = 0; i < 6; i++)
		if (!strncmp(*p, kanji[i], 3)) {
			*p += 3;
			return i + 1;
		}
	return 0;
}

static bool eat(const char **p, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*p, prefix, n))
		return false;
	*p += n;
	return true;
}

enum roster_norm roster_grade(const char *in, char *out, size_t cap)
{
	static const char *const level_names[] = { "", "修士", "博士" };
	char k[256];
	const char *p;
	int level = 0, year; /* 0 undergraduate, 1 master, 2 doctor */

	key_of(in, k, sizeof(k));
	if (!k[0])
		return as_given(in, out, cap);
	if (!strcmp(k, "既卒") || !strcmp(k, "卒業生") ||
	    !strcmp(k, "既卒者") || !strcmp(k, "graduate")) {
		snprintf(out, cap, "既卒");
		return ROSTER_NORM_OK;
	}
	p = k;
	if (eat(&p, "修士") || eat(&p, "博士前期") || eat(&p, "大学院修士") ||
	    eat(&p, "master") || eat(&p, "m"))
		level = 1;
	else if (eat(&p, "博士後期") || eat(&p, "博士") ||
		 eat(&p, "大学院博士") || eat(&p, "doctor") || eat(&p, "d"))
		level = 2;
	else if (!eat(&p, "学部") && !eat(&p, "大学") && !eat(&p, "b") &&
		 !eat(&p, "短大") && !eat(&p, "高専") && !eat(&p, "専門"))
		eat(&p, "高校");
	eat(&p, "課程");
	year = digit_at(&p);
	if (eat(&p, "年"))
		eat(&p, "生");
	eat(&p, "回生");
	if (*p || year < 1 || year > (level == 0 ? 6 : level == 1 ? 2 : 3))
		return as_given(in, out, cap);
	snprintf(out, cap, "%s%d年", level_names[level], year);
	return ROSTER_NORM_OK;
}

/* ---- head counts ------------------------------------------------------ */

enum roster_norm roster_employees(const char *in, int64_t *out)
{
	char k[256], digits[32];
	const char *p;
	size_t n = 0;

	key_of(in, k, sizeof(k));
	if (!k[0])
		return ROSTER_NORM_EMPTY;
	p = k;
	eat(&p, "約");
	for (; *p; p++) {
		if (*p == ',')
			continue;
		if (!isdigit((unsigned char)*p))
			break;
		if (n + 1 >= sizeof(digits) || n >= 9)
			return ROSTER_NORM_UNKNOWN;
		digits[n++] = *p;
	}
	digits[n] = '\0';
	if (!n || (*p && strcmp(p, "名") && strcmp(p, "人")))
		return ROSTER_NORM_UNKNOWN;
	*out = strtoll(digits, NULL, 10);
	return ROSTER_NORM_OK;
}

/* ---- storing ---------------------------------------------------------- */

static int run_update(struct store *st, const char *sql, uint32_t id,
		      const char *a, const char *b, bool a_num,
		      int64_t num, struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, id);
	if (a_num)
		sqlite3_bind_int64(s, 2, num);
	else if (a)
		sqlite3_bind_text(s, 2, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(s, 3, b, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "database: %s",
			       sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}

/* ?2/?3 left unbound are NULL: coalesce keeps what is stored. */
int roster_attendee_set(struct store *st, uint32_t attendee_id,
			const char *prefecture, const char *school_type,
			struct fair_err *err)
{
	return run_update(st, "INSERT INTO attendee_profile (attendee_id,"
			  " prefecture, school_type) VALUES (?1,"
			  " coalesce(?2, ''), coalesce(?3, '')) ON CONFLICT"
			  " (attendee_id) DO UPDATE SET prefecture ="
			  " coalesce(?2, prefecture), school_type ="
			  " coalesce(?3, school_type)",
			  attendee_id, prefecture, school_type, false, 0, err);
}

int roster_company_set(struct store *st, uint32_t company_id,
		       const char *employees_text, const char *city,
		       struct fair_err *err)
{
	int64_t n = 0;
	enum roster_norm r = ROSTER_NORM_EMPTY;

	if (employees_text)
		r = roster_employees(employees_text, &n);
	if (!employees_text)
		return run_update(st, "INSERT INTO company_profile (company_id,"
				  " city) VALUES (?1, coalesce(?3, ''))"
				  " ON CONFLICT (company_id) DO UPDATE SET"
				  " city = coalesce(?3, city)",
				  company_id, NULL, city, false, 0, err);
	/* "" clears the head count: ?2 stays unbound, NULL */
	return run_update(st, "INSERT INTO company_profile (company_id,"
			  " employees, city) VALUES (?1, ?2,"
			  " coalesce(?3, '')) ON CONFLICT (company_id) DO"
			  " UPDATE SET employees = ?2, city = coalesce(?3,"
			  " city)", company_id,
			  r == ROSTER_NORM_UNKNOWN ? employees_text : NULL,
			  city,
			  r == ROSTER_NORM_OK, n, err);
}
