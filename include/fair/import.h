/* import.h: companies, sessions and the student roster from CSV, TSV or
 * an Excel workbook (import_file()).
 *
 * The file is read with fair/csv.h (UTF-8 with or without BOM, or CP932).
 * Its first record is the header; columns are found by name in any order,
 * English or the Japanese that form exports use (case, spaces, full-width
 * letters and parentheses do not matter; unknown columns are ignored):
 *
 *   students   ID (受付番号, 学生ID, 申込番号) *, name (氏名, 名前) *,
 *              kana (フリガナ, ふりがな), school (学校名, 大学名),
 *              faculty (学部, 学部学科, 学科), grade (学年),
 *              email (メールアドレス), phone (電話番号),
 *              consent (同意), consent_version (同意バージョン),
 *              role (区分: 学生/student or スタッフ/staff),
 *              prefecture (都道府県, 出身地, 現住所(都道府県)),
 *              school_type (学校種別, 学校区分)
 *   companies  ID (企業ID, 企業コード) *, name (企業名, 会社名) *,
 *              industry (業種), booth (ブース, ブース番号),
 *              employees (従業員数, 社員数), city (所在市町村, 所在地)
 *   sessions   ID (セミナーID, セッションID) *, name (セミナー名) *,
 *              room (会場, 教室), start (開始, 開始時刻) *,
 *              end (終了, 終了時刻) *, capacity (定員),
 *              company_id (企業ID), exit_tracking (出口記録)
 *
 * (* = required.) A missing required column is an error naming it in
 * Japanese and English, and nothing is imported.
 *
 * Rows: cells are trimmed (ideographic spaces too) and a line break inside
 * a quoted cell becomes a space. IDs, numbers, times and e-mail addresses
 * may be written with full-width characters (Excel IME input); they are
 * folded to ASCII. A column the file lacks leaves that field as an earlier
 * import stored it.
 * Hiragana and half-width kana in フリガナ become full-width katakana
 * (fair/jtext.h), so kiosk lookups find them.
 * Consent is yes for はい/yes/y/1/true/○/◯/✓/同意する..., no for
 * いいえ/no/n/0/false/×/同意しない... or an empty cell; anything else is a
 * bad row. Session times are "YYYY-MM-DD HH:MM" (or any date form of
 * import_parse_date_text(), or "HH:MM" meaning the event's first day) in
 * the venue's local time (event_info.utc_offset_min), stored as UTC ms; a session must end after
 * it starts and lie within the event's dates.
 *
 * Each company also gets its booth place (ext_id "booth:<ID>", kind
 * PLACE_BOOTH, named after the company); each session becomes a place of
 * kind PLACE_SESSION with ext_id "session:<ID>". A session's 企業ID must
 * name a company already imported.
 *
 * Re-importing updates rows by ID instead of duplicating them (an
 * attendee keeps its internal id, badge serial and role unless the file
 * has a role column). An ID twice in one file is a bad row the second
 * time. Rows with every cell empty are skipped silently.
 *
 * 学年, 都道府県 and 学校種別 are brought to one spelling (fair/roster.h);
 * without a 学校種別 column (or with the cell empty) the type is read from
 * the school's name. A value none of the accepted forms matches is kept
 * as given and reported as a warning naming the accepted forms
 * (rep->warnings): the row is still imported. So is a 従業員数 that is
 * not a number (kept as text; the KPI report counts it as unknown).
 *
 * Each bad row is reported as "NAME:ROW: reason" in the report and not
 * imported, ROW as Excel numbers it (the header is row 1; a quoted cell
 * spanning lines is still one row); where the file's physical line
 * differs, as "NAME: ROW行目 (line LINE): reason" (csv_where()); warnings
 * name rows the same way. All good rows are imported in one transaction,
 * each row atomically (a row is never half-written).
 */
#ifndef FAIR_IMPORT_H
#define FAIR_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/csv.h"
#include "fair/err.h"
#include "fair/store.h"

enum import_kind {
	IMPORT_STUDENTS = 0,
	IMPORT_COMPANIES,
	IMPORT_SESSIONS,
	/* employees of member companies (fair/training.h): 社員番号 (ID) *,
	 * 氏名 *, フリガナ, 企業ID * (a company already imported), 部署, 役職,
	 * メール; role 2. All rows or none: one bad row and nothing is
	 * imported (FAIR_EINVAL, the rows in rep->messages). */
	IMPORT_EMPLOYEES,
};

#define IMPORT_MESSAGES_MAX 1000 /* bad-row messages kept; more are counted */

struct import_report {
	int imported;          /* good rows written (new + updated) */
	int updated;           /* of those, rows whose ID already existed */
	int skipped;           /* bad rows, not imported */
	enum csv_encoding encoding; /* what the file was read as */
	const char *format;    /* import_file(): "CSV", "TSV" or "XLSX" */
	char **messages;       /* "NAME:ROW: reason", one per bad row */
	int nmessages;         /* entries in messages */
	int dropped;           /* bad rows past IMPORT_MESSAGES_MAX */
	/* Header names no column matched, ", "-separated ("" if none), so a
	 * renamed consent column is noticed instead of silently ignored;
	 * cut short with "..." when long. */
	char ignored[256];
	/* Values kept as given but not understood (an unknown prefecture,
	 * grade or school type), "NAME:LINE: ..." each; the rows were
	 * imported. Capped like messages: wdropped counts the rest. */
	char **warnings;
	int nwarnings;
	int wdropped;
};

/* Parses "students", "companies", "sessions"; -1 if none. */
int import_kind_parse(const char *s);
/* "students", "companies", "sessions". */
const char *import_kind_name(enum import_kind k);

/* Imports the CSV at path into st. name is what messages call the file
 * (NULL: path). rep is initialised here; release it with
 * import_report_release() whatever this returns.
 *
 * Returns 0 once the good rows are committed, even if some rows were bad
 * (rep->skipped > 0). Returns a negative code with err set, importing
 * nothing, when the file cannot be read or decoded, lacks a header or a
 * required column, has a column twice, sessions are imported before
 * `fairsync init` made the event (FAIR_ENOENT), or the database fails
 * (FAIR_EIO: the whole import is rolled back). */
int import_csv(struct store *st, enum import_kind kind, const char *path,
	       const char *name, struct import_report *rep,
	       struct fair_err *err);

/* Imports a roster file of any kind an organizer has: an Excel workbook
 * (.xlsx, or any file starting as a ZIP) through fair/xlsx.h, reading the
 * sheet named sheet or the first one, with the same header detection,
 * rules and messages, "NAME:ROW: reason" naming the sheet's row; a TSV
 * file (.tsv, .tab, or a first line with more tabs than commas); else
 * CSV as import_csv(). sheet is refused for files that are not
 * workbooks; an old binary .xls is refused with a hint. rep->format says
 * which it was. Returns as import_csv(). */
int import_file(struct store *st, enum import_kind kind, const char *path,
		const char *name, const char *sheet,
		struct import_report *rep, struct fair_err *err);

/* Opens a roster file as import_file() reads it (an .xlsx sheet, TSV or
 * CSV) for other importers (fair/tours.h, fair/rosterkind.h): *out gets a
 * reader whose line numbers are the sheet's row numbers (the caller frees
 * it with csv_free()), *format "XLSX", "TSV" or "CSV". 0, or a negative
 * code with err set ("NAME: reason") and *out NULL. */
int import_open(const char *path, const char *name, const char *sheet,
		struct csv **out, const char **format, struct fair_err *err);
/* The same from len bytes in memory; for tests and the fuzz target. */
int import_csv_mem(struct store *st, enum import_kind kind,
		   const void *data, size_t len, const char *name,
		   struct import_report *rep, struct fair_err *err);

/* Frees rep's messages and warnings; rep may then be reused. */
void import_report_release(struct import_report *rep);

/* Parses a consent cell (see above): 1 yes, 0 no or empty, -1 unknown. */
int import_parse_consent(const char *s);

/* The calendar's parsers (fair/caltime.h: cal_parse_date_text,
 * cal_parse_time, cal_parse_date) under the names importers knew; new
 * code calls those. Parses a date as rosters write it, for every date a
 * user types (the CLI's date options, the console): "2026-12-05",
 * "2026/12/5", "2026.12.5", "2026年12月5日", "令和8年12月5日" (令和元年, 平成 too), with
 * full-width digits, spaces around and an optional weekday "(土)". Writes
 * "YYYY-MM-DD" to out. 0, or FAIR_EINVAL with err saying "no such day"
 * for a date that does not exist (2026-02-30) or "not a date". */
int import_parse_date_text(const char *s, char out[11],
			   struct fair_err *err);

/* Parses a session time: a date as import_parse_date_text() reads it, a
 * space or 'T', then "HH:MM[:SS]" ("2026/12/5 9:05", "令和8年12月5日 10:00");
 * or "HH:MM" alone, on default_date. Local to a venue utc_offset_min
 * east of UTC, into UTC ms. Full-width digits are accepted. 0 or
 * FAIR_EINVAL. */
int import_parse_time(const char *s, const char *default_date,
		      int utc_offset_min, int64_t *out_ms);

/* For other importers (fair/tours.h) that read their own kinds of file
 * with the same manners. import_header_key: a header cell as compared
 * (full-width folded, lowercase, without spaces, '_', '-', '.', '・' or a
 * trailing "(必須)", "*", "※"). import_header_is: true if key is one of
 * the '|'-separated aliases (written as keys). import_parse_date: a date
 * in any form import_parse_date_text() reads, into days since
 * 1970-01-01; 0 or FAIR_EINVAL. */
/* True if a header whose cells are keys[0..n) (as import_header_key()
 * writes them) has every required column of kind. */
bool import_header_fits(enum import_kind kind, const char *const *keys,
			int n);
void import_header_key(const char *s, char *out, size_t cap);
bool import_header_is(const char *key, const char *aliases);
int import_parse_date(const char *s, int64_t *day);

#endif
