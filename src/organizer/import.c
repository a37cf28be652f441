/* import.c: companies, sessions and students from CSV (see fair/import.h).
 *
 * Flow: decode the file (csv.c), bind header names to columns, then in one
 * transaction turn each record into a store struct and upsert it inside a
 * savepoint, so a row that fails half-way leaves nothing behind.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "fair/grow.h"
#include "fair/i18n.h"
#include "fair/caltime.h"
#include "fair/rules.h"
#include "fair/import.h"
#include "fair/jtext.h"
#include "fair/roster.h"
#include "fair/rowmsg.h"
#include "fair/tourdays.h"
#include "fair/training.h"
#include "fair/xlsx.h"

#define CELL_MAX CSV_FIELD_MAX /* a folded cell never grows */

/* ---- value parsers -------------------------------------------------- */

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static int parse_yes_no(const char *s)
{
	static const char *const yes[] = {
		"はい", "yes", "y", "1", "true", "ok", "○", "◯", "〇", "✓",
		"✔", "☑", "同意", "同意する", "同意します", "同意済",
		"同意済み",
		"済", "有", "あり", "する", "on", NULL };
	static const char *const no[] = {
		"", "いいえ", "no", "n", "0", "false", "×", "✗", "✕", "x",
		"-", "同意しない", "同意しません", "未同意", "無", "なし",
		"しない", "off", NULL };
	char buf[128];

	if (jtext_clean(s, true, buf, sizeof(buf)) < 0)
		return -1;
	jtext_ascii_lower(buf);
	if (in_list(buf, yes))
		return 1;
	if (in_list(buf, no))
		return 0;
	return -1;
}

int import_parse_consent(const char *s)
{
	return parse_yes_no(s);
}

/* The calendar's parsers (fair/caltime.h), under the names importers
 * know. */
int import_parse_date_text(const char *s, char out[11], struct fair_err *err)
{
	return cal_parse_date_text(s, out, err);
}

int import_parse_time(const char *s, const char *default_date,
		      int utc_offset_min, int64_t *out_ms)
{
	return cal_parse_time(s, default_date, utc_offset_min, out_ms);
}

/* ---- columns -------------------------------------------------------- */

struct column {
	const char *ja;      /* shown in messages: 氏名 */
	const char *en;      /* and its English: name */
	bool required;
	const char *aliases; /* '|'-separated header names, any spelling */
};

enum { COLS_MAX = 16 };

enum student_col {
	S_ID, S_NAME, S_KANA, S_SCHOOL, S_FACULTY, S_GRADE, S_EMAIL,
	S_PHONE, S_CONSENT, S_CONSENT_VER, S_ROLE, S_SCHOOL_KANA, S_PREF,
	S_SCHOOL_TYPE, S_COUNT
};
enum company_col {
	C_ID, C_NAME, C_INDUSTRY, C_BOOTH, C_EMPLOYEES, C_CITY, C_COUNT
};
enum employee_col {
	E_ID, E_NAME, E_KANA, E_COMPANY, E_DEPT, E_TITLE, E_EMAIL, E_COUNT
};
enum session_col {
	X_ID, X_NAME, X_ROOM, X_START, X_END, X_CAPACITY, X_COMPANY, X_EXIT,
	X_KIND, X_COUNT
};

static const struct column student_cols[S_COUNT] = {
	{ "受付番号", "ID", true, "id|受付番号|受付no|受付id|学生id|"
	  "申込番号|申込id|登録番号|参加者id|名簿id|studentid|attendeeid" },
	{ "氏名", "name", true, "name|fullname|氏名|名前|お名前|"
	  "氏名(漢字)|氏名漢字|studentname" },
	{ "フリガナ", "kana", false, "kana|furigana|フリガナ|ふりがな|カナ|"
	  "氏名(フリガナ)|氏名(カナ)|氏名フリガナ|氏名カナ|お名前(フリガナ)|"
	  "セイメイ|よみがな" },
	{ "学校名", "school", false, "school|university|学校名|大学名|学校|"
	  "大学|学校名(大学名)|大学・学校名|在籍校|schoolname" },
	{ "学部", "faculty", false, "faculty|department|学部|学部学科|学科|"
	  "学部/学科|学部名|学部・学科・専攻|学部学科専攻" },
	{ "学年", "grade", false, "grade|year|学年" },
	{ "メールアドレス", "email", false, "email|mail|emailaddress|"
	  "メールアドレス|メール|mailaddress|連絡先メールアドレス|"
	  "pcメールアドレス" },
	{ "電話番号", "phone", false, "phone|tel|telephone|phonenumber|"
	  "電話番号|電話|携帯電話番号|携帯番号|連絡先電話番号" },
	{ "同意", "consent", false, "consent|同意|同意有無|同意の有無|"
	  "個人情報の提供に同意|企業への情報提供に同意|情報提供への同意|"
	  "情報提供に同意|情報提供同意" },
	{ "同意バージョン", "consent_version", false, "consentversion|"
	  "同意バージョン|同意版|同意書バージョン|規約バージョン" },
	{ "区分", "role", false, "role|区分|種別|参加区分" },
	{ "学校名カナ", "school_kana", false, "schoolkana|schoolreading|"
	  "schoolfurigana|学校名カナ|学校名フリガナ|学校名ふりがな|"
	  "学校名(カナ)|学校名(フリガナ)|学校カナ|学校フリガナ|大学名カナ|"
	  "大学名フリガナ|学校名よみ|学校名読み" },
	{ "都道府県", "prefecture", false, "prefecture|都道府県|出身地|"
	  "出身都道府県|現住所(都道府県)|現住所都道府県|住所(都道府県)|"
	  "居住地|居住都道府県|帰省先|出身県|hometown" },
	{ "学校種別", "school_type", false, "schooltype|学校種別|学校区分|"
	  "学校種類|学校の種類|校種" },
};

static const struct column company_cols[C_COUNT] = {
	{ "企業ID", "ID", true, "id|企業id|企業コード|企業番号|会社id|"
	  "companyid|companycode" },
	{ "企業名", "name", true, "name|company|companyname|企業名|会社名|"
	  "企業名称|社名" },
	{ "業種", "industry", false, "industry|業種|業界" },
	{ "ブース", "booth", false, "booth|boothno|boothnumber|ブース|"
	  "ブース番号|ブースno|ブース位置" },
	{ "従業員数", "employees", false, "employees|staffcount|従業員数|"
	  "社員数|従業員|従業員数(人)|従業員数(名)" },
	{ "所在市町村", "city", false, "city|town|所在市町村|市町村|所在地|"
	  "本社所在地|所在地(市町村)" },
};

static const struct column employee_cols[E_COUNT] = {
	{ "社員番号", "ID", true, "id|社員番号|社員id|社員no|職員番号|"
	  "従業員番号|employeeid|staffid" },
	{ "氏名", "name", true, "name|fullname|氏名|名前|お名前|社員名" },
	{ "フリガナ", "kana", false, "kana|furigana|フリガナ|ふりがな|カナ|"
	  "氏名(フリガナ)|氏名(カナ)|よみがな" },
	{ "企業ID", "company", true, "company|companyid|企業id|企業コード|"
	  "企業番号|会社id" },
	{ "部署", "department", false, "department|dept|部署|部署名|所属|"
	  "所属部署|部門" },
	{ "役職", "title", false, "title|position|役職|役職名|職位" },
	{ "メール", "email", false, "email|mail|メール|メールアドレス|"
	  "emailaddress" },
};

static const struct column session_cols[X_COUNT] = {
	{ "ID", "ID", true, "id|セミナーid|セッションid|講座id|"
	  "プログラムid|sessionid|seminarid" },
	{ "セミナー名", "name", true, "name|title|session|seminar|"
	  "セミナー名|セッション名|講座名|タイトル|名称|プログラム名" },
	{ "会場", "room", false, "room|venue|会場|教室|部屋|会場名|場所" },
	{ "開始", "start", true, "start|starts|starttime|開始|開始時刻|"
	  "開始時間|開始日時" },
	{ "終了", "end", true, "end|ends|endtime|終了|終了時刻|終了時間|"
	  "終了日時" },
	{ "定員", "capacity", false, "capacity|seats|定員|席数|定員数" },
	{ "企業ID", "company_id", false, "companyid|company|企業id|"
	  "企業コード|企業" },
	{ "出口記録", "exit_tracking", false, "exittracking|exit|出口記録|"
	  "退出記録|入退室|入退室記録" },
	{ "種別", "kind", false, "kind|種別|区分|セッション種別" },
};

/* A header name as compared: full-width folded, ASCII lowercase, without
 * spaces, '_', '-', '.', '・', and without a trailing "(必須)", "(任意)",
 * '*' or '※' that forms add to labels. */
static void header_key(const char *s, char *out, size_t cap)
{
	static const char *const tails[] = { "(必須)", "(任意)", "*", "※",
					     NULL };
	size_t len = 0, n;
	bool trimmed = true;

	while (*s) {
		uint32_t cp = jtext_fold_width(jtext_next(&s));

		if (cp == ' ' || cp == '_' || cp == '-' || cp == '.' ||
		    cp == 0x30fb || cp == 0xff65 || cp == '\n' ||
		    cp == '\r' || cp == '\t')
			continue;
		if (!jtext_put(out, cap, &len, cp))
			break;
	}
	out[len] = '\0';
	jtext_ascii_lower(out);
	while (trimmed) {
		trimmed = false;
		for (const char *const *t = tails; *t; t++) {
			n = strlen(*t);
			len = strlen(out);
			if (len > n && !strcmp(out + len - n, *t)) {
				out[len - n] = '\0';
				trimmed = true;
			}
		}
	}
}

static bool column_matches(const struct column *c, const char *key)
{
	char alias[96];
	const char *p = c->aliases, *bar;
	size_t n;

	while (*p) {
		bar = strchr(p, '|');
		n = bar ? (size_t)(bar - p) : strlen(p);
		if (n < sizeof(alias)) {
			memcpy(alias, p, n);
			alias[n] = '\0';
			if (!strcmp(alias, key))
				return true;
		}
		p += n + (bar ? 1 : 0);
	}
	return false;
}

/* ---- the import run ------------------------------------------------- */

/* Ids seen earlier in this file, for duplicate rows; grows with the file,
 * which csv.c caps. */
struct seen {
	char **ids;
	long *lines;
	size_t cap;  /* slots, a power of two */
	size_t n;
};

struct run {
	struct store *st;
	enum import_kind kind;
	struct csv *csv;
	const struct column *cols;
	int ncols;
	int map[COLS_MAX];     /* field index of each column, or -1 */
	int header_fields;     /* fields in the header record */
	struct event_info ev;  /* sessions: dates and time zone */
	struct seen seen;      /* ids imported so far from this file */
	char id[64];           /* the current row's id, once read */
	struct import_report *rep;
	const struct csv_row *row; /* the record being imported */
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static size_t seen_slot(const struct seen *sn, const char *id)
{
	size_t i = hash_str(id) & (sn->cap - 1);

	while (sn->ids[i] && strcmp(sn->ids[i], id))
		i = (i + 1) & (sn->cap - 1);
	return i;
}

static int seen_grow(struct seen *sn)
{
	struct seen bigger = { .cap = sn->cap ? sn->cap * 2 : 256 };

	bigger.ids = calloc(bigger.cap, sizeof(*bigger.ids));
	bigger.lines = calloc(bigger.cap, sizeof(*bigger.lines));
	if (!bigger.ids || !bigger.lines) {
		free(bigger.ids);
		free(bigger.lines);
		return FAIR_ENOMEM;
	}
	for (size_t i = 0; i < sn->cap; i++) {
		size_t j;

		if (!sn->ids[i])
			continue;
		j = seen_slot(&bigger, sn->ids[i]);
		bigger.ids[j] = sn->ids[i];
		bigger.lines[j] = sn->lines[i];
	}
	bigger.n = sn->n;
	free(sn->ids);
	free(sn->lines);
	*sn = bigger;
	return 0;
}

/* The row id was imported from, or 0. */
static long seen_find(const struct seen *sn, const char *id)
{
	size_t i;

	if (!sn->cap)
		return 0;
	i = seen_slot(sn, id);
	return sn->ids[i] ? sn->lines[i] : 0;
}

/* Records that id was imported from row line. 0 or FAIR_ENOMEM. */
static int seen_add(struct seen *sn, const char *id, long line)
{
	size_t i;

	if ((sn->n + 1) * 2 > sn->cap && seen_grow(sn))
		return FAIR_ENOMEM;
	i = seen_slot(sn, id);
	if (sn->ids[i])
		return 0;
	sn->ids[i] = strdup(id);
	if (!sn->ids[i])
		return FAIR_ENOMEM;
	sn->lines[i] = line;
	sn->n++;
	return 0;
}

static void seen_free(struct seen *sn)
{
	for (size_t i = 0; i < sn->cap; i++)
		free(sn->ids[i]);
	free(sn->ids);
	free(sn->lines);
}

/* A bad row left out: its message kept (the first IMPORT_MESSAGES_MAX),
 * the rest counted. */
static void report_add(struct import_report *rep, const char *msg)
{
	rep->skipped++;
	if (rowmsg_keep(&rep->messages, &rep->nmessages, IMPORT_MESSAGES_MAX,
			msg))
		rep->dropped++;
}

/* A value kept as given, with the forms that would have been read; the
 * row named as row_fail() names it. */
static void report_warn(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void report_warn(struct run *r, const char *fmt, ...)
{
	struct import_report *rep = r->rep;
	char at[300];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rowmsg_vadd(&rep->warnings, &rep->nwarnings, IMPORT_MESSAGES_MAX,
			 csv_where(r->csv, r->row, at, sizeof(at)), fmt, ap);
	va_end(ap);
	if (rc)
		rep->wdropped++;
}

void import_report_release(struct import_report *rep)
{
	rowmsg_free(&rep->warnings, &rep->nwarnings);
	rowmsg_free(&rep->messages, &rep->nmessages);
	memset(rep, 0, sizeof(*rep));
}

/* Where the current row is: "NAME:ROW", or "NAME: ROW行目 (line LINE)"
 * where a cell spanning lines moved the physical line (csv_where()). */
static const char *where(const struct run *r, char *out, size_t cap)
{
	return csv_where(r->csv, r->row, out, cap);
}

/* A row error: "NAME:ROW: reason" (fair/rowmsg.h). */
static int row_fail(struct run *r, struct fair_err *err, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
static int row_fail(struct run *r, struct fair_err *err, const char *fmt,
		    ...)
{
	char msg[1000], at[300];
	va_list ap;

	va_start(ap, fmt);
	rowmsg_vformat(msg, sizeof(msg), where(r, at, sizeof(at)), fmt, ap);
	va_end(ap);
	return fair_fail(err, FAIR_EINVAL, "%s", msg);
}

static const char *raw_cell(const struct run *r, int col)
{
	int i = r->map[col];

	if (i < 0 || i >= r->row->nfields)
		return "";
	return r->row->field[i];
}

static bool has(const struct run *r, int col)
{
	return r->map[col] >= 0;
}

/* A code point no cell may hold: C0 controls (tabs and line breaks
 * aside, which become spaces), DEL, C1 controls, and the bidi marks,
 * embeddings, overrides and isolates that reorder what a screen, a badge
 * or a spreadsheet shows (U+202E shows "gpj.exe" as "exe.jpg"). */
static bool control_cp(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static uint32_t first_control(const char *s)
{
	while (*s) {
		uint32_t cp = jtext_next(&s);

		if (control_cp(cp))
			return cp;
	}
	return 0;
}

/* Cleans column col of the current row into out (cap bytes, NUL
 * included). A value that does not fit is a row error naming the column.
 * A column the file lacks leaves out as it was, so re-importing a file
 * with fewer columns keeps what an earlier import stored. */
static int cell(struct run *r, int col, bool fold, char *out, size_t cap,
		struct fair_err *err)
{
	const struct column *c = &r->cols[col];
	uint32_t bad;

	if (!has(r, col))
		return 0;
	bad = first_control(raw_cell(r, col));
	if (bad)
		return row_fail(r, err, "%s (%s) holds a control character "
				"(U+%04X); remove it", c->ja, c->en,
				(unsigned)bad);
	if (jtext_clean(raw_cell(r, col), fold, out, cap) < 0)
		return row_fail(r, err, "%s (%s) is longer than %zu bytes",
				c->ja, c->en, cap - 1);
	if (c->required && !out[0])
		return row_fail(r, err, "%s (%s) is empty", c->ja, c->en);
	return 0;
}

static bool id_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s == 0x7f ||
		    *s == ',' || *s == '"')
			return false;
	return true;
}

/* The row's ID: required, folded to ASCII, no spaces, once per file (a
 * repeat of a row that was itself bad is not a repeat). */
static int row_id(struct run *r, int col, char *out, size_t cap,
		  struct fair_err *err)
{
	long first;

	if (cell(r, col, true, out, cap, err))
		return FAIR_EINVAL;
	if (!id_ok(out))
		return row_fail(r, err, "%s (%s) '%s' may not hold spaces, "
				"commas or quotes", r->cols[col].ja,
				r->cols[col].en, out);
	snprintf(r->id, sizeof(r->id), "%s", out);
	first = seen_find(&r->seen, out);
	if (first > 0)
		return row_fail(r, err, "%s (%s) '%s' is already on row %ld",
				r->cols[col].ja, r->cols[col].en, out, first);
	return 0;
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return false;
	if (at[1] == '.' || s[strlen(s) - 1] == '.')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static bool phone_ok(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr("+-() ", *s))
			return false;
	}
	return digits >= 3;
}

static int yes_no_cell(struct run *r, int col, bool *out,
		       struct fair_err *err)
{
	int v = parse_yes_no(raw_cell(r, col));

	if (!has(r, col))
		return 0;
	if (v < 0)
		return row_fail(r, err, "%s (%s) must be はい/いいえ (yes/no), "
				"not '%s'", r->cols[col].ja, r->cols[col].en,
				raw_cell(r, col));
	*out = v;
	return 0;
}

static int role_cell(struct run *r, uint8_t *role, struct fair_err *err)
{
	static const char *const student[] = { "学生", "student", "参加者",
					       "一般", NULL };
	static const char *const staff[] = { "スタッフ", "staff", "運営",
					     "企業", "社員", NULL };
	char buf[64];

	if (!has(r, S_ROLE))
		return 0;
	if (cell(r, S_ROLE, true, buf, sizeof(buf), err))
		return FAIR_EINVAL;
	jtext_ascii_lower(buf);
	if (!buf[0] || in_list(buf, student))
		*role = TOKEN_ROLE_STUDENT;
	else if (in_list(buf, staff))
		*role = TOKEN_ROLE_STAFF;
	else
		return row_fail(r, err, "区分 (role) must be 学生 (student) or "
				"スタッフ (staff), not '%s'", buf);
	return 0;
}

/* Runs sql (savepoint commands) on the store's handle. */
static int sp_exec(struct run *r, const char *sql, struct fair_err *err)
{
	sqlite3 *db = store_db(r->st);

	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(db));
	return 0;
}

/* ---- students ------------------------------------------------------- */

static int student_fields(struct run *r, struct attendee *a,
			  struct fair_err *err)
{
	if (cell(r, S_NAME, false, a->name, sizeof(a->name), err) ||
	    cell(r, S_KANA, false, a->kana, sizeof(a->kana), err) ||
	    cell(r, S_SCHOOL, false, a->school, sizeof(a->school), err) ||
	    cell(r, S_FACULTY, false, a->faculty, sizeof(a->faculty), err) ||
	    cell(r, S_GRADE, true, a->grade, sizeof(a->grade), err) ||
	    cell(r, S_EMAIL, true, a->email, sizeof(a->email), err) ||
	    cell(r, S_PHONE, true, a->phone, sizeof(a->phone), err) ||
	    cell(r, S_CONSENT_VER, true, a->consent_version,
		 sizeof(a->consent_version), err) ||
	    yes_no_cell(r, S_CONSENT, &a->consent, err) ||
	    role_cell(r, &a->role, err))
		return FAIR_EINVAL;
	jtext_kana(a->kana, sizeof(a->kana));
	if (has(r, S_GRADE)) {
		char given[sizeof(a->grade)];

		snprintf(given, sizeof(given), "%s", a->grade);
		if (roster_grade(given, a->grade, sizeof(a->grade)) ==
		    ROSTER_NORM_UNKNOWN)
			report_warn(r, "学年 (grade) '%s' is not one of %s; "
				    "kept as given", given,
				    ROSTER_GRADE_FORMS);
	}
	if (a->email[0] && !email_ok(a->email))
		return row_fail(r, err, "メールアドレス (email) '%s' is not "
				"an e-mail address", a->email);
	if (a->phone[0] && !phone_ok(a->phone))
		return row_fail(r, err, "電話番号 (phone) '%s' is not a phone "
				"number", a->phone);
	return 0;
}

/* The school and its reading, for the kiosk's school search (ギフ finds
 * 岐阜大学 by its reading ギフダイガク). Without a reading column a name
 * written in kana is its own reading; a kanji name is found by its
 * characters only. A reading never replaces a known one with nothing. */
static int school_note(struct run *r, const char *school,
		       struct fair_err *err)
{
	char reading[STORE_TEXT] = "";
	sqlite3_stmt *s;
	const char *p;
	bool kana = true;
	int rc;

	if (!school[0])
		return 0;
	if (r->map[S_SCHOOL_KANA] >= 0 &&
	    cell(r, S_SCHOOL_KANA, false, reading, sizeof(reading), err))
		return FAIR_EINVAL;
	if (!reading[0]) {
		for (p = school; *p && kana;) {
			uint32_t c = jtext_next(&p);

			kana = (c >= 0x3041 && c <= 0x30FC) ||
			       (c >= 0xFF66 && c <= 0xFF9F);
		}
		if (kana)
			snprintf(reading, sizeof(reading), "%s", school);
	}
	jtext_kana(reading, sizeof(reading));
	if (sqlite3_prepare_v2(store_db(r->st), "INSERT INTO schools(name,"
			       " reading) VALUES (?1, ?2) ON CONFLICT(name) DO"
			       " UPDATE SET reading = excluded.reading WHERE"
			       " excluded.reading != ''", -1, &s, NULL) !=
	    SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(store_db(r->st)));
	sqlite3_bind_text(s, 1, school, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reading, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0
		: fair_fail(err, FAIR_EIO, "database: %s",
			    sqlite3_errmsg(store_db(r->st)));
	sqlite3_finalize(s);
	return rc;
}

/* 都道府県 and 学校種別 (fair/roster.h): normalised, or kept as given
 * with a warning; the school type read from the school's name when the
 * file does not say. A column the file lacks leaves the stored value. */
static int student_profile(struct run *r, const struct attendee *a,
			   struct fair_err *err)
{
	char raw[STORE_TEXT], pref[STORE_TEXT], type[STORE_TEXT] = "";
	const char *set_pref = NULL, *set_type = NULL;

	if (has(r, S_PREF)) {
		if (cell(r, S_PREF, false, raw, sizeof(raw), err))
			return FAIR_EINVAL;
		if (roster_prefecture(raw, pref, sizeof(pref)) ==
		    ROSTER_NORM_UNKNOWN)
			report_warn(r, "都道府県 (prefecture) '%s' is not a "
				    "prefecture (%s); kept as given", raw,
				    ROSTER_PREFECTURE_FORMS);
		set_pref = pref;
	}
	if (has(r, S_SCHOOL_TYPE)) {
		if (cell(r, S_SCHOOL_TYPE, false, raw, sizeof(raw), err))
			return FAIR_EINVAL;
		if (roster_school_type(raw, type, sizeof(type)) ==
		    ROSTER_NORM_UNKNOWN)
			report_warn(r, "学校種別 (school_type) '%s' is not one "
				    "of %s; kept as given", raw,
				    ROSTER_SCHOOL_TYPE_FORMS);
		set_type = type;
	}
	if (!type[0] && a->school[0] &&
	    roster_school_type_of(a->school, type, sizeof(type))[0])
		set_type = type;
	if (!set_pref && !set_type)
		return 0;
	return roster_attendee_set(r->st, a->id, set_pref, set_type, err)
		? FAIR_EIO : 0;
}

static int import_student(struct run *r, bool *updated,
			  struct fair_err *err)
{
	struct attendee a = { 0 };
	char id[sizeof(a.ext_id)];

	if (row_id(r, S_ID, id, sizeof(id), err))
		return FAIR_EINVAL;
	*updated = store_attendee_by_ext(r->st, id, &a) == 0;
	if (*updated && a.role == TOKEN_ROLE_EMPLOYEE)
		return row_fail(r, err, "受付番号 (ID) '%s' は社員の社員番号です "
				"(an employee's ID)", id);
	if (!*updated) {
		memset(&a, 0, sizeof(a));
		snprintf(a.ext_id, sizeof(a.ext_id), "%s", id);
	}
	if (student_fields(r, &a, err))
		return FAIR_EINVAL;
	if (school_note(r, a.school, err))
		return FAIR_EINVAL;
	if (store_attendee_upsert(r->st, &a, err))
		return FAIR_EIO;
	return student_profile(r, &a, err);
}

/* ---- employees (fair/training.h) ----------------------------------- */

/* An employee of a member company: role 2, the company's name where a
 * student's school would be (badges, kiosk screens), and the employees
 * row. A roster id a student or staff member holds is refused. */
static int import_employee(struct run *r, bool *updated,
			   struct fair_err *err)
{
	struct attendee a = { 0 };
	struct company c;
	char id[sizeof(a.ext_id)], co[sizeof(c.ext_id)];
	char title[STORE_TEXT] = ""; /* cell() leaves it when no column */

	if (row_id(r, E_ID, id, sizeof(id), err) ||
	    cell(r, E_COMPANY, true, co, sizeof(co), err))
		return FAIR_EINVAL;
	if (!co[0] || store_company_by_ext(r->st, co, &c))
		return row_fail(r, err, "企業ID (company) '%s' は登録された企業"
				"ではありません (not a known company; import "
				"companies first)", co);
	*updated = store_attendee_by_ext(r->st, id, &a) == 0;
	if (*updated && a.role != TOKEN_ROLE_EMPLOYEE)
		return row_fail(r, err, "社員番号 (ID) '%s' は学生・スタッフの"
				"ID です (already a student's or staff's ID)",
				id);
	if (!*updated) {
		memset(&a, 0, sizeof(a));
		snprintf(a.ext_id, sizeof(a.ext_id), "%s", id);
	}
	a.role = TOKEN_ROLE_EMPLOYEE;
	snprintf(a.school, sizeof(a.school), "%s", c.name);
	if (cell(r, E_NAME, false, a.name, sizeof(a.name), err) ||
	    cell(r, E_KANA, false, a.kana, sizeof(a.kana), err) ||
	    cell(r, E_DEPT, false, a.faculty, sizeof(a.faculty), err) ||
	    cell(r, E_TITLE, false, title, sizeof(title), err) ||
	    cell(r, E_EMAIL, true, a.email, sizeof(a.email), err))
		return FAIR_EINVAL;
	jtext_kana(a.kana, sizeof(a.kana));
	if (a.email[0] && !email_ok(a.email))
		return row_fail(r, err, "メール (email) '%s' is not an e-mail "
				"address", a.email);
	if (store_attendee_upsert(r->st, &a, err))
		return FAIR_EIO;
	return training_employee_put(r->st, a.id, c.id, a.faculty, title,
				     err) ? FAIR_EIO : 0;
}

/* ---- companies ------------------------------------------------------ */

/* The company's booth: a place named after it, kept in step with it. */
static int booth_upsert(struct run *r, const struct company *c,
			struct fair_err *err)
{
	struct place p = { 0 };
	char ext[sizeof(p.ext_id)];

	if ((size_t)snprintf(ext, sizeof(ext), "booth:%s", c->ext_id) >=
	    sizeof(ext))
		return row_fail(r, err, "企業ID (ID) '%s' is too long",
				c->ext_id);
	if (store_place_by_ext(r->st, ext, &p) != 0) {
		memset(&p, 0, sizeof(p));
		snprintf(p.ext_id, sizeof(p.ext_id), "%s", ext);
	}
	p.kind = PLACE_BOOTH;
	p.company_id = c->id;
	snprintf(p.name, sizeof(p.name), "%s", c->name);
	return store_place_upsert(r->st, &p, err) ? FAIR_EIO : 0;
}

/* 従業員数 and 所在市町村: a head count that is not a number is kept as
 * given, with a warning. */
static int company_profile(struct run *r, const struct company *c,
			   struct fair_err *err)
{
	char emp[64] = "", city[STORE_TEXT] = "";
	int64_t n;

	if (!has(r, C_EMPLOYEES) && !has(r, C_CITY))
		return 0;
	if (cell(r, C_EMPLOYEES, true, emp, sizeof(emp), err) ||
	    cell(r, C_CITY, false, city, sizeof(city), err))
		return FAIR_EINVAL;
	if (has(r, C_EMPLOYEES) &&
	    roster_employees(emp, &n) == ROSTER_NORM_UNKNOWN)
		report_warn(r, "従業員数 (employees) '%s' is not a number of "
			    "people (120, 120名, 約120人); kept as given", emp);
	return roster_company_set(r->st, c->id,
				  has(r, C_EMPLOYEES) ? emp : NULL,
				  has(r, C_CITY) ? city : NULL, err)
		? FAIR_EIO : 0;
}

static int import_company(struct run *r, bool *updated,
			  struct fair_err *err)
{
	struct company c = { 0 }, old;
	int rc;

	if (row_id(r, C_ID, c.ext_id, sizeof(c.ext_id) - 6, err) ||
	    cell(r, C_NAME, false, c.name, sizeof(c.name), err) ||
	    cell(r, C_INDUSTRY, false, c.industry, sizeof(c.industry), err) ||
	    cell(r, C_BOOTH, true, c.booth, sizeof(c.booth), err))
		return FAIR_EINVAL;
	*updated = store_company_by_ext(r->st, c.ext_id, &old) == 0;
	if (store_company_upsert(r->st, &c, err))
		return FAIR_EIO;
	rc = company_profile(r, &c, err);
	return rc ? rc : booth_upsert(r, &c, err);
}

/* ---- sessions ------------------------------------------------------- */

static int time_cell(struct run *r, int col, int64_t *ms,
		     struct fair_err *err)
{
	const char *s = raw_cell(r, col);
	const struct column *c = &r->cols[col];
	char probe[8];

	if (jtext_clean(s, true, probe, sizeof(probe)) == 0)
		return row_fail(r, err, "%s (%s) is empty", c->ja, c->en);
	if (import_parse_time(s, r->ev.start_date, r->ev.utc_offset_min, ms))
		return row_fail(r, err, "%s (%s) '%s' is not a time like "
				"'2026-12-05 10:00' or '10:00'", c->ja, c->en,
				s);
	return 0;
}

/* The local calendar day of a UTC time, as days since the epoch. */
static int64_t local_day(const struct run *r, int64_t ms)
{
	return cal_local_day(ms, r->ev.utc_offset_min);
}

static int session_window(struct run *r, struct place *p,
			  struct fair_err *err)
{
	int64_t first, last;

	if (time_cell(r, X_START, &p->starts_ms, err) ||
	    time_cell(r, X_END, &p->ends_ms, err))
		return FAIR_EINVAL;
	if (p->ends_ms <= p->starts_ms)
		return row_fail(r, err, "終了 (end) '%s' is not after 開始 "
				"(start) '%s'", raw_cell(r, X_END),
				raw_cell(r, X_START));
	if (cal_parse_date(r->ev.start_date, &first, NULL) ||
	    cal_parse_date(r->ev.end_date, &last, NULL))
		return fair_fail(err, FAIR_EIO, "the event's dates are bad");
	if (local_day(r, p->starts_ms) < first ||
	    local_day(r, p->ends_ms - 1) > last)
		return row_fail(r, err, "the session is outside the event's "
				"dates (%s to %s)", r->ev.start_date,
				r->ev.end_date);
	return 0;
}

static int capacity_cell(struct run *r, int *cap, struct fair_err *err)
{
	static const char *const units[] = { "名", "人", "席", NULL };
	char buf[64], *end;
	size_t n;
	long v;

	if (!has(r, X_CAPACITY))
		return 0;
	if (cell(r, X_CAPACITY, true, buf, sizeof(buf), err))
		return FAIR_EINVAL;
	for (const char *const *u = units; *u; u++) {
		n = strlen(buf);
		if (n > strlen(*u) && !strcmp(buf + n - strlen(*u), *u))
			buf[n - strlen(*u)] = '\0';
	}
	*cap = 0;
	if (!buf[0])
		return 0;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (*end || errno || v < 0 || v > 100000 ||
	    !isdigit((unsigned char)buf[0]))
		return row_fail(r, err, "定員 (capacity) must be a number of "
				"seats (0 or empty: no limit), not '%s'",
				raw_cell(r, X_CAPACITY));
	*cap = (int)v;
	return 0;
}

static int session_company(struct run *r, struct place *p,
			   struct fair_err *err)
{
	struct company c;
	char id[sizeof(c.ext_id)];

	if (!has(r, X_COMPANY))
		return 0;
	if (cell(r, X_COMPANY, true, id, sizeof(id), err))
		return FAIR_EINVAL;
	p->company_id = 0;
	if (!id[0])
		return 0;
	if (store_company_by_ext(r->st, id, &c) != 0)
		return row_fail(r, err, "企業ID (company_id) '%s' is not a "
				"known company (import companies first)", id);
	p->company_id = c.id;
	return 0;
}

/* 種別 研修: a tour's training day, expected of every student on the tour
 * (fair/tourdays.h); セミナー or empty: not. Without the column, as it
 * was. */
static int session_kind(struct run *r, const struct place *p,
			struct fair_err *err)
{
	static const char *const on[] = { "研修", "training", "事前研修",
					  "事後研修", NULL };
	static const char *const off[] = { "", "セミナー", "seminar",
					   "講座", NULL };
	char buf[64];

	if (!has(r, X_KIND))
		return 0;
	if (cell(r, X_KIND, true, buf, sizeof(buf), err))
		return FAIR_EINVAL;
	jtext_ascii_lower(buf);
	if (!in_list(buf, on) && !in_list(buf, off))
		return row_fail(r, err, "種別 (kind) は 研修 か セミナー です, "
				"not '%s'", buf);
	return tourdays_mark(r->st, p->ext_id, in_list(buf, on), err);
}

static int import_session(struct run *r, bool *updated,
			  struct fair_err *err)
{
	struct place p = { 0 };
	char id[sizeof(p.ext_id) - 8], ext[sizeof(p.ext_id)];

	if (row_id(r, X_ID, id, sizeof(id), err))
		return FAIR_EINVAL;
	snprintf(ext, sizeof(ext), "session:%s", id);
	*updated = store_place_by_ext(r->st, ext, &p) == 0;
	if (!*updated) {
		memset(&p, 0, sizeof(p));
		snprintf(p.ext_id, sizeof(p.ext_id), "%s", ext);
	}
	p.kind = PLACE_SESSION;
	if (cell(r, X_NAME, false, p.name, sizeof(p.name), err) ||
	    cell(r, X_ROOM, false, p.room, sizeof(p.room), err) ||
	    session_window(r, &p, err) || capacity_cell(r, &p.capacity, err) ||
	    session_company(r, &p, err))
		return FAIR_EINVAL;
	if (yes_no_cell(r, X_EXIT, &p.exit_tracking, err))
		return FAIR_EINVAL;
	if (store_place_upsert(r->st, &p, err))
		return FAIR_EIO;
	return session_kind(r, &p, err); /* a bad 種別 undoes the row */
}

/* ---- rows ----------------------------------------------------------- */

static bool row_blank(const struct csv_row *row)
{
	char buf[CELL_MAX + 1];

	for (int i = 0; i < row->nfields; i++)
		if (jtext_clean(row->field[i], true, buf, sizeof(buf)) != 0)
			return false;
	return true;
}

/* More cells than the header has names, with text in them: nearly always
 * an unquoted comma inside a value. */
static int row_shape(struct run *r, struct fair_err *err)
{
	for (int i = r->header_fields; i < r->row->nfields; i++)
		if (r->row->len[i] > 0)
			return row_fail(r, err, "%d fields but the header has "
					"%d (a value with a comma needs "
					"\"quotes\")", r->row->nfields,
					r->header_fields);
	return 0;
}

static int import_row(struct run *r, bool *updated, struct fair_err *err)
{
	if (row_shape(r, err))
		return FAIR_EINVAL;
	switch (r->kind) {
	case IMPORT_STUDENTS:
		return import_student(r, updated, err);
	case IMPORT_COMPANIES:
		return import_company(r, updated, err);
	case IMPORT_SESSIONS:
		return import_session(r, updated, err);
	case IMPORT_EMPLOYEES:
		return import_employee(r, updated, err);
	}
	return FAIR_EINVAL;
}

/* One row inside a savepoint: a bad row leaves no trace. */
static int import_one(struct run *r, struct fair_err *err)
{
	struct fair_err row_err = { "" };
	bool updated = false;
	char at[300];
	int rc;

	r->id[0] = '\0';
	if (sp_exec(r, "SAVEPOINT import_row", err))
		return FAIR_EIO;
	rc = import_row(r, &updated, &row_err);
	if (rc == 0) {
		r->rep->imported++;
		r->rep->updated += updated;
		if (seen_add(&r->seen, r->id, r->row->row))
			return fair_fail(err, FAIR_ENOMEM, "out of memory");
		return sp_exec(r, "RELEASE import_row", err);
	}
	if (sp_exec(r, "ROLLBACK TO import_row", err) ||
	    sp_exec(r, "RELEASE import_row", err))
		return FAIR_EIO;
	if (rc != FAIR_EINVAL)
		return fair_fail(err, rc, "%s: %s", where(r, at, sizeof(at)),
				 row_err.msg);
	report_add(r->rep, row_err.msg);
	return 0;
}

static int import_rows(struct run *r, struct fair_err *err)
{
	struct fair_err rec_err = { "" };
	int rc;

	for (;;) {
		rc = csv_next(r->csv, &r->row, &rec_err);
		if (rc == 0)
			return 0;
		if (rc == FAIR_EINVAL) {
			report_add(r->rep, rec_err.msg);
			continue;
		}
		if (rc < 0)
			return fair_fail(err, rc, "%s", rec_err.msg);
		if (row_blank(r->row))
			continue;
		rc = import_one(r, err);
		if (rc)
			return rc;
	}
}

/* ---- header --------------------------------------------------------- */

/* A column we do not use, e.g. a form's timestamp: listed for the
 * caller, in case it was meant to be one we do. */
static void note_ignored(struct import_report *rep, const char *name)
{
	const size_t keep = sizeof(rep->ignored) - sizeof(", ...");
	size_t len = strlen(rep->ignored);
	const char *sep = len ? ", " : "";
	char clean[128];

	if (len >= 3 && !strcmp(rep->ignored + len - 3, "..."))
		return;
	if (jtext_clean(name, false, clean, sizeof(clean)) < 0 ||
	    len + strlen(sep) + strlen(clean) > keep) {
		/* whole names only: never cut a character in half */
		snprintf(rep->ignored + len, sizeof(rep->ignored) - len,
			 "%s...", sep);
		return;
	}
	snprintf(rep->ignored + len, sizeof(rep->ignored) - len, "%s%s", sep,
		 clean);
}

static int bind_field(struct run *r, int field, const char *name,
		      struct fair_err *err)
{
	char key[256], at[300];

	header_key(name, key, sizeof(key));
	if (!key[0])
		return 0;
	for (int c = 0; c < r->ncols; c++) {
		if (!column_matches(&r->cols[c], key))
			continue;
		if (r->map[c] >= 0)
			return fair_fail(err, FAIR_EINVAL, "%s: column %s "
					 "(%s) appears twice: columns %d and "
					 "%d", where(r, at, sizeof(at)),
					 r->cols[c].ja, r->cols[c].en,
					 r->map[c] + 1, field + 1);
		r->map[c] = field;
		return 0;
	}
	note_ignored(r->rep, name);
	return 0;
}

static int check_required(struct run *r, struct fair_err *err)
{
	char missing[300] = "", at[300];
	size_t len = 0;
	int n = 0;

	for (int c = 0; c < r->ncols; c++) {
		if (!r->cols[c].required || r->map[c] >= 0)
			continue;
		len += (size_t)snprintf(missing + len, sizeof(missing) - len,
					"%s%s (%s)", n ? ", " : "",
					r->cols[c].ja, r->cols[c].en);
		if (len >= sizeof(missing))
			len = sizeof(missing) - 1;
		n++;
	}
	if (!n)
		return 0;
	return fair_fail(err, FAIR_EINVAL, "%s: missing required "
			 "column%s for %s: %s", where(r, at, sizeof(at)),
			 n > 1 ? "s" : "",
			 import_kind_name(r->kind), missing);
}

static int read_header(struct run *r, struct fair_err *err)
{
	struct fair_err rec_err = { "" };
	int rc = csv_next(r->csv, &r->row, &rec_err);

	if (rc == 0)
		return fair_fail(err, FAIR_EINVAL, "%s: the file is empty; "
				 "the first row must name the columns",
				 csv_name(r->csv));
	if (rc < 0)
		return fair_fail(err, rc, "%s (in the header row)",
				 rec_err.msg);
	for (int c = 0; c < COLS_MAX; c++)
		r->map[c] = -1;
	r->header_fields = r->row->nfields;
	for (int i = 0; i < r->row->nfields; i++)
		if (bind_field(r, i, r->row->field[i], err))
			return FAIR_EINVAL;
	return check_required(r, err);
}

static void run_columns(struct run *r)
{
	switch (r->kind) {
	case IMPORT_STUDENTS:
		r->cols = student_cols;
		r->ncols = S_COUNT;
		break;
	case IMPORT_COMPANIES:
		r->cols = company_cols;
		r->ncols = C_COUNT;
		break;
	case IMPORT_SESSIONS:
		r->cols = session_cols;
		r->ncols = X_COUNT;
		break;
	case IMPORT_EMPLOYEES:
		r->cols = employee_cols;
		r->ncols = E_COUNT;
		break;
	}
}

static int import_run(struct run *r, struct fair_err *err)
{
	int rc;

	run_columns(r);
	rc = read_header(r, err);
	if (rc)
		return rc;
	if (r->kind == IMPORT_SESSIONS) {
		rc = store_event_get(r->st, &r->ev, err);
		if (rc)
			return rc;
	}
	if (store_begin(r->st, err))
		return FAIR_EIO;
	rc = import_rows(r, err);
	/* employees are all or nothing, as host days: a training roster
	 * with a row missing is worse than none */
	if (!rc && r->kind == IMPORT_EMPLOYEES && r->rep->skipped)
		rc = rowmsg_refuse_file(err, csv_name(r->csv),
					r->rep->skipped);
	if (rc) {
		store_rollback(r->st);
		r->rep->imported = 0;
		r->rep->updated = 0;
		return rc;
	}
	return store_commit(r->st, err) ? FAIR_EIO : 0;
}

/* ---- public --------------------------------------------------------- */

static int import_from(struct store *st, enum import_kind kind,
		       struct csv *csv, struct import_report *rep,
		       struct fair_err *err)
{
	struct run r = { .st = st, .kind = kind, .csv = csv, .rep = rep };
	int rc;

	if ((unsigned)kind > IMPORT_EMPLOYEES) {
		csv_free(csv);
		return fair_fail(err, FAIR_EINVAL, "unknown import kind");
	}
	rep->encoding = csv_encoding(csv);
	rc = import_run(&r, err);
	seen_free(&r.seen);
	csv_free(csv);
	return rc;
}

int import_csv(struct store *st, enum import_kind kind, const char *path,
	       const char *name, struct import_report *rep,
	       struct fair_err *err)
{
	struct csv *csv;

	memset(rep, 0, sizeof(*rep));
	csv = csv_open(path, name ? name : path, err);
	if (!csv)
		return FAIR_EINVAL;
	return import_from(st, kind, csv, rep, err);
}

int import_csv_mem(struct store *st, enum import_kind kind,
		   const void *data, size_t len, const char *name,
		   struct import_report *rep, struct fair_err *err)
{
	struct csv *csv;

	memset(rep, 0, sizeof(*rep));
	csv = csv_new_mem(data, len, name, err);
	if (!csv)
		return FAIR_EINVAL;
	return import_from(st, kind, csv, rep, err);
}

/* ---- any file (import_open.c reads XLSX and TSV) ------------------ */

int import_file(struct store *st, enum import_kind kind, const char *path,
		const char *name, const char *sheet,
		struct import_report *rep, struct fair_err *err)
{
	const char *format;
	struct csv *csv;
	int rc;

	memset(rep, 0, sizeof(*rep));
	err->msg[0] = '\0';
	rc = import_open(path, name, sheet, &csv, &format, err);
	if (rc)
		return rc;
	rc = import_from(st, kind, csv, rep, err);
	rep->format = format;
	return rc;
}

int import_kind_parse(const char *s)
{
	if (!strcmp(s, "students"))
		return IMPORT_STUDENTS;
	if (!strcmp(s, "companies"))
		return IMPORT_COMPANIES;
	if (!strcmp(s, "sessions"))
		return IMPORT_SESSIONS;
	if (!strcmp(s, "employees"))
		return IMPORT_EMPLOYEES;
	return -1;
}

const char *import_kind_name(enum import_kind k)
{
	switch (k) {
	case IMPORT_STUDENTS:
		return "students";
	case IMPORT_COMPANIES:
		return "companies";
	case IMPORT_SESSIONS:
		return "sessions";
	case IMPORT_EMPLOYEES:
		return "employees";
	}
	return "?";
}

/* ---- for other importers -------------------------------------------- */

void import_header_key(const char *s, char *out, size_t cap)
{
	header_key(s, out, cap);
}

bool import_header_is(const char *key, const char *aliases)
{
	struct column c = { .aliases = aliases };

	return column_matches(&c, key);
}

bool import_header_fits(enum import_kind kind, const char *const *keys,
			int n)
{
	const struct column *cols = kind == IMPORT_STUDENTS ? student_cols :
				    kind == IMPORT_COMPANIES ? company_cols :
				    session_cols;
	int ncols = kind == IMPORT_STUDENTS ? S_COUNT :
		    kind == IMPORT_COMPANIES ? C_COUNT : X_COUNT;

	for (int c = 0; c < ncols; c++) {
		bool found = false;

		for (int i = 0; i < n && !found && cols[c].required; i++)
			found = column_matches(&cols[c], keys[i]);
		if (cols[c].required && !found)
			return false;
	}
	return true;
}

int import_parse_date(const char *s, int64_t *day)
{
	return cal_parse_date(s, day, NULL);
}
