/* test_import.c: companies, sessions and students from CSV into a real
 * SQLite file made by store_open(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fair/import.h"
#include "fair/store.h"

struct fx {
	char dir[64];
	char db[128];
	struct store *st;
};

static int fx_setup_bare(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct fair_err err = { "" };

	snprintf(f->dir, sizeof(f->dir), "/tmp/test_import_XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/event.db", f->dir);
	f->st = store_open(f->db, STORE_CREATE, &err);
	if (!f->st)
		fail_msg("store_open: %s", err.msg);
	*state = f;
	return 0;
}

static int fx_setup(void **state)
{
	struct fair_err err = { "" };
	struct fx *f;

	fx_setup_bare(state);
	f = *state;
	if (store_event_create(f->st, "合同企業説明会 2026", "2026-12-05",
			       "2026-12-06", &err))
		fail_msg("store_event_create: %s", err.msg);
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	char path[160];

	store_close(f->st);
	snprintf(path, sizeof(path), "%s-wal", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->db);
	unlink(path);
	unlink(f->db);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int import_str(struct fx *f, enum import_kind k, const char *name,
		      const char *csv, struct import_report *rep,
		      struct fair_err *err)
{
	return import_csv_mem(f->st, k, csv, strlen(csv), name, rep, err);
}

/* Imports csv and expects it to succeed with these counts. */
static void import_ok(struct fx *f, enum import_kind k, const char *csv,
		      int imported, int updated, int skipped,
		      struct import_report *rep)
{
	struct fair_err err = { "" };
	int rc = import_str(f, k, "t.csv", csv, rep, &err);

	if (rc)
		fail_msg("import: %d %s", rc, err.msg);
	for (int i = 0; i < rep->nmessages; i++)
		print_message("  report: %s\n", rep->messages[i]);
	assert_int_equal(rep->imported, imported);
	assert_int_equal(rep->updated, updated);
	assert_int_equal(rep->skipped, skipped);
}

static int64_t count(struct fx *f, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), sql, -1, &s,
					    NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void expect_message(const struct import_report *rep, int i,
			   const char *part)
{
	assert_true(i < rep->nmessages);
	if (!strstr(rep->messages[i], part))
		fail_msg("message %d '%s' lacks '%s'", i, rep->messages[i],
			 part);
}

/* ---- companies ------------------------------------------------------ */

static const char *companies_csv =
	"ブース,業種,企業名,企業ID,備考\r\n"
	"A-1,製造業,株式会社ミノ精工,C001,\r\n"
	"A-2,IT・通信,\"ぎふソフト, Inc.\",C002,メモ\r\n"
	"B-1,建設業,飛騨建設株式会社,C003,\r\n";

static void test_companies(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct company c;
	struct place p;

	import_ok(f, IMPORT_COMPANIES, companies_csv, 3, 0, 0, &rep);
	assert_int_equal(rep.encoding, CSV_ENC_UTF8);
	assert_string_equal(rep.ignored, "備考");
	import_report_release(&rep);
	assert_int_equal(store_company_by_ext(f->st, "C002", &c), 0);
	assert_string_equal(c.name, "ぎふソフト, Inc.");
	assert_string_equal(c.industry, "IT・通信");
	assert_string_equal(c.booth, "A-2");
	assert_int_equal(store_place_by_ext(f->st, "booth:C002", &p), 0);
	assert_int_equal(p.kind, PLACE_BOOTH);
	assert_int_equal(p.company_id, c.id);
	assert_string_equal(p.name, "ぎふソフト, Inc.");
	assert_int_equal(count(f, "SELECT count(*) FROM places WHERE "
			       "kind = 'booth'"), 3);
}

static void test_companies_reimport_updates(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct company before, after;
	struct place pb, pa;

	import_ok(f, IMPORT_COMPANIES, companies_csv, 3, 0, 0, &rep);
	import_report_release(&rep);
	assert_int_equal(store_company_by_ext(f->st, "C001", &before), 0);
	assert_int_equal(store_place_by_ext(f->st, "booth:C001", &pb), 0);
	/* English headers this time, one company renamed, one new. */
	import_ok(f, IMPORT_COMPANIES,
		  "Company ID,Company Name,Industry,Booth\n"
		  "C001,株式会社ミノ精工 本社,製造業,A-9\n"
		  "C004,ながら食品,食品,C-1\n", 2, 1, 0, &rep);
	import_report_release(&rep);
	assert_int_equal(store_company_by_ext(f->st, "C001", &after), 0);
	assert_int_equal(after.id, before.id);
	assert_string_equal(after.name, "株式会社ミノ精工 本社");
	assert_string_equal(after.booth, "A-9");
	assert_int_equal(store_place_by_ext(f->st, "booth:C001", &pa), 0);
	assert_int_equal(pa.id, pb.id);
	assert_string_equal(pa.name, "株式会社ミノ精工 本社");
	assert_int_equal(count(f, "SELECT count(*) FROM companies"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM places WHERE "
			       "kind = 'booth'"), 4);
}

static void test_missing_columns(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct fair_err err = { "" };

	assert_int_equal(import_str(f, IMPORT_STUDENTS, "s.csv",
				    "フリガナ,学校名\nヤマダ,岐阜大学\n", &rep,
				    &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "s.csv:1:"));
	assert_non_null(strstr(err.msg, "受付番号 (ID)"));
	assert_non_null(strstr(err.msg, "氏名 (name)"));
	import_report_release(&rep);
	assert_int_equal(import_str(f, IMPORT_COMPANIES, "c.csv",
				    "企業ID,業種\nC1,製造業\n", &rep, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "企業名 (name)"));
	import_report_release(&rep);
	assert_int_equal(count(f, "SELECT count(*) FROM companies"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM attendees"), 0);
}

static void test_duplicate_column_and_empty(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct fair_err err = { "" };

	assert_int_equal(import_str(f, IMPORT_STUDENTS, "s.csv",
				    "ID,氏名,名前\n1,a,b\n", &rep, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "appears twice: columns 2 and 3"));
	import_report_release(&rep);
	assert_int_equal(import_str(f, IMPORT_STUDENTS, "e.csv", "\n\n", &rep,
				    &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "e.csv: the file is empty"));
	import_report_release(&rep);
}

/* ---- students ------------------------------------------------------- */

static const char *students_csv =
	"\xef\xbb\xbf"
	"タイムスタンプ,受付番号,氏名,フリガナ,学校名,学部・学科,学年,"
	"メールアドレス,電話番号,企業への情報提供に同意,同意バージョン\r\n"
	"2026/11/01 9:00,S001,山田　花子,やまだ はなこ,岐阜大学,工学部,3年,"
	"hanako@example.jp,090-1234-5678,はい,v1\r\n"
	"2026/11/01 9:05,Ｓ００２,鈴木 一郎,ｽｽﾞｷ ｲﾁﾛｳ,岐阜工業高等専門学校,"
	"\"電気情報工学科\r\n(専攻科)\",専攻科1年,ichiro@example.jp,,○,v1\r\n"
	"2026/11/01 9:10,S003,佐藤 美咲,サトウ ミサキ,中部学院大学,,2,"
	"misaki@,,いいえ,v1\r\n"
	"2026/11/01 9:11,S004,,タナカ,岐阜大学,,1,,,no,v1\r\n"
	"2026/11/01 9:12,S005,田中 翔,タナカ ショウ,岐阜大学,教育学部,4,"
	"sho@example.jp,,たぶん,v1\r\n"
	",,,,,,,,,,\r\n"
	"2026/11/01 9:13,S001,山田 花子(2),,,,,,,yes,v1\r\n"
	"2026/11/01 9:14,S006,\"伊藤 \"健\"\",イトウ ケン,岐阜大学,,1,,,1,v1\r\n"
	"2026/11/01 9:15,S007,高橋 陽菜,タカハシ ヒナ,岐阜大学,,1,"
	"hina@example.jp,abc,✓,v1\r\n"
	"2026/11/01 9:16,S008,小林 蓮,コバヤシ レン,岐阜大学,医学部, 5 ,"
	"REN@EXAMPLE.JP,,TRUE,v2\r\n";

static void test_students(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct attendee a;

	import_ok(f, IMPORT_STUDENTS, students_csv, 3, 0, 6, &rep);
	assert_int_equal(rep.encoding, CSV_ENC_UTF8_BOM);
	assert_string_equal(rep.ignored, "タイムスタンプ");
	/* S002's faculty spans two lines: from there on the row Excel
	 * shows is one less than the physical line, and both are named */
	expect_message(&rep, 0, "t.csv: 4行目 (line 5): メールアドレス (email) "
		       "'misaki@'");
	expect_message(&rep, 1, "t.csv: 5行目 (line 6): 氏名 (name) is empty");
	expect_message(&rep, 2, "t.csv: 6行目 (line 7): 同意 (consent) must be "
		       "はい/いいえ (yes/no), not 'たぶん'");
	expect_message(&rep, 3, "t.csv: 8行目 (line 9): 受付番号 (ID) 'S001' "
		       "is already on row 2");
	expect_message(&rep, 4, "t.csv: 9行目 (line 10): field 3: text after "
		       "the closing");
	expect_message(&rep, 5, "t.csv: 10行目 (line 11): 電話番号 (phone) "
		       "'abc'");
	import_report_release(&rep);

	assert_int_equal(store_attendee_by_ext(f->st, "S001", &a), 0);
	assert_string_equal(a.name, "山田 花子");
	assert_string_equal(a.kana, "ヤマダ ハナコ");
	assert_string_equal(a.school, "岐阜大学");
	assert_string_equal(a.faculty, "工学部");
	assert_string_equal(a.grade, "3年");
	assert_string_equal(a.email, "hanako@example.jp");
	assert_string_equal(a.phone, "090-1234-5678");
	assert_true(a.consent);
	assert_string_equal(a.consent_version, "v1");
	assert_int_equal(a.role, TOKEN_ROLE_STUDENT);

	/* Full-width ID folded; half-width kana widened; a quoted line
	 * break is a space in a one-line store field. */
	assert_int_equal(store_attendee_by_ext(f->st, "S002", &a), 0);
	assert_string_equal(a.kana, "スズキ イチロウ");
	assert_string_equal(a.faculty, "電気情報工学科 (専攻科)");
	assert_string_equal(a.phone, "");
	assert_true(a.consent);
	assert_int_equal(store_attendee_by_ext(f->st, "S008", &a), 0);
	assert_string_equal(a.grade, "5年"); /* normalised (roster.h) */
	assert_true(a.consent);
	assert_int_equal(count(f, "SELECT count(*) FROM attendees"), 3);
	assert_int_equal(count(f, "SELECT count(DISTINCT id) FROM "
			       "attendees"), 3);
}

static void test_students_reimport(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct fair_err err = { "" };
	struct attendee before, after;
	uint16_t serial;

	import_ok(f, IMPORT_STUDENTS, students_csv, 3, 0, 6, &rep);
	import_report_release(&rep);
	assert_int_equal(store_attendee_by_ext(f->st, "S001", &before), 0);
	assert_int_equal(store_attendee_reissue(f->st, before.id, &serial,
						&err), 0);
	/* Same file again: everything updates, nothing duplicates. */
	import_ok(f, IMPORT_STUDENTS, students_csv, 3, 3, 6, &rep);
	import_report_release(&rep);
	assert_int_equal(count(f, "SELECT count(*) FROM attendees"), 3);
	/* A smaller export without e-mail or consent: those are kept. */
	import_ok(f, IMPORT_STUDENTS,
		  "ID,Name,School\nS001,山田 花子,岐阜大学 大学院\n"
		  "S100,森 大輝,中部学院大学\n", 2, 1, 0, &rep);
	import_report_release(&rep);
	assert_int_equal(store_attendee_by_ext(f->st, "S001", &after), 0);
	assert_int_equal(after.id, before.id);
	assert_int_equal(after.serial, serial);
	assert_string_equal(after.school, "岐阜大学 大学院");
	assert_string_equal(after.email, "hanako@example.jp");
	assert_true(after.consent);
	assert_int_equal(count(f, "SELECT count(*) FROM attendees"), 4);
}

/* School readings for the kiosk's school search: from a reading column
 * (folded to katakana), a kana name is its own, and a later file without
 * a reading never wipes one. */
static void test_students_school_reading(void **state)
{
	struct fx *f = *state;
	struct import_report rep;

	import_ok(f, IMPORT_STUDENTS,
		  "受付番号,氏名,学校名,学校名カナ\n"
		  "S001,山田 花子,岐阜大学,ぎふだいがく\n"
		  "S002,森 大輝,ぎふこうせん,\n"
		  "S003,林 一,中部学院大学,\n", 3, 0, 0, &rep);
	import_report_release(&rep);
	assert_int_equal(count(f, "SELECT count(*) FROM schools"), 3);
	assert_int_equal(count(f, "SELECT count(*) FROM schools WHERE name ="
			       " '岐阜大学' AND reading = 'ギフダイガク'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM schools WHERE name ="
			       " 'ぎふこうせん' AND reading = 'ギフコウセン'"),
			 1);
	assert_int_equal(count(f, "SELECT count(*) FROM schools WHERE name ="
			       " '中部学院大学' AND reading = ''"), 1);
	import_ok(f, IMPORT_STUDENTS, "ID,Name,School\nS004,森 花,岐阜大学\n",
		  1, 0, 0, &rep);
	import_report_release(&rep);
	assert_int_equal(count(f, "SELECT count(*) FROM schools WHERE name ="
			       " '岐阜大学' AND reading = 'ギフダイガク'"), 1);
}

static void test_students_role_column(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct attendee a;

	import_ok(f, IMPORT_STUDENTS,
		  "ID,氏名,区分\nT1,運営 太郎,スタッフ\nT2,学生 次郎,学生\n"
		  "T3,誰か,ゲスト\n", 2, 0, 1, &rep);
	expect_message(&rep, 0, "t.csv:4: 区分 (role)");
	import_report_release(&rep);
	assert_int_equal(store_attendee_by_ext(f->st, "T1", &a), 0);
	assert_int_equal(a.role, TOKEN_ROLE_STAFF);
}

/* UTF-8 to CP932 with iconv, as Excel in Japan saves "CSV". */
static char *to_cp932(const char *utf8, size_t *out_len)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	size_t in_left = strlen(utf8), out_left = in_left + 1;
	char *in = (char *)utf8, *buf = malloc(out_left), *out = buf;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &in_left, &out, &out_left) != (size_t)-1);
	iconv_close(cd);
	*out_len = (size_t)(out - buf);
	return buf;
}

static void test_students_cp932_file(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct fair_err err = { "" };
	struct attendee a;
	char path[160];
	size_t len;
	char *sjis = to_cp932(
		"受付番号,氏名,フリガナ,学校名,学年,同意\r\n"
		"K01,能見 ソラ,ノウミ ソラ,岐阜工業高等専門学校,4年,はい\r\n"
		"K02,表 十兵衛,ｵﾓﾃ ｼﾞｭｳﾍﾞｴ,中部学院大学,1年,×\r\n"
		"K03,予備,,,,maybe\r\n", &len);
	FILE *fp;

	snprintf(path, sizeof(path), "%s/名簿.csv", f->dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(sjis, 1, len, fp), len);
	fclose(fp);
	free(sjis);
	assert_int_equal(import_csv(f->st, IMPORT_STUDENTS, path, "名簿.csv",
				    &rep, &err), 0);
	assert_int_equal(rep.encoding, CSV_ENC_CP932);
	assert_int_equal(rep.imported, 2);
	assert_int_equal(rep.skipped, 1);
	expect_message(&rep, 0, "名簿.csv:4: 同意 (consent)");
	import_report_release(&rep);
	assert_int_equal(store_attendee_by_ext(f->st, "K01", &a), 0);
	assert_string_equal(a.name, "能見 ソラ");
	assert_string_equal(a.school, "岐阜工業高等専門学校");
	assert_true(a.consent);
	assert_int_equal(store_attendee_by_ext(f->st, "K02", &a), 0);
	assert_string_equal(a.kana, "オモテ ジュウベエ");
	assert_false(a.consent);
	unlink(path);
}

static void test_undecodable_file(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct fair_err err = { "" };
	static const char junk[] = "ID,氏名\n1,a\n2,\x80\xff\n";

	assert_int_equal(import_csv_mem(f->st, IMPORT_STUDENTS, junk,
					sizeof(junk) - 1, "j.csv", &rep, &err),
			 FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "j.csv:3:"));
	import_report_release(&rep);
	assert_int_equal(import_csv(f->st, IMPORT_STUDENTS, "/nonexistent.csv",
				    NULL, &rep, &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "cannot open '/nonexistent.csv'"));
	import_report_release(&rep);
	assert_int_equal(count(f, "SELECT count(*) FROM attendees"), 0);
}

/* ---- sessions ------------------------------------------------------- */

static int64_t jst_ms(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi };

	return ((int64_t)timegm(&tm) - 9 * 3600) * 1000;
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct place p;
	struct company c;

	import_ok(f, IMPORT_COMPANIES, companies_csv, 3, 0, 0, &rep);
	import_report_release(&rep);
	import_ok(f, IMPORT_SESSIONS,
		  "ID,セミナー名,会場,開始,終了,定員,企業ID,出口記録\n"
		  "S1,ものづくりの仕事,第1会議室,2026-12-05 10:00,"
		  "2026-12-05 10:45,30,C001,はい\n"
		  "S2,ITの働き方,第2会議室,13:00,13:40,８名,,\n"
		  "S3,二日目,ホール,2026/12/6 9:30,2026/12/6 11:00,,C002,\n"
		  "S4,逆,ホール,11:00,10:00,10,,\n"
		  "S5,前日,ホール,2026-12-04 10:00,2026-12-04 11:00,10,,\n"
		  "S6,変,ホール,10時,11時,10,,\n"
		  "S7,不明企業,ホール,10:00,11:00,10,C999,\n"
		  "S8,定員変,ホール,10:00,11:00,多数,,\n"
		  "S9,時刻なし,ホール,,11:00,10,,\n",
		  3, 0, 6, &rep);
	expect_message(&rep, 0, "t.csv:5: 終了 (end) '10:00' is not after");
	expect_message(&rep, 1, "t.csv:6: the session is outside the "
		       "event's dates (2026-12-05 to 2026-12-06)");
	expect_message(&rep, 2, "t.csv:7: 開始 (start) '10時' is not a time");
	expect_message(&rep, 3, "t.csv:8: 企業ID (company_id) 'C999' is not "
		       "a known company");
	expect_message(&rep, 4, "t.csv:9: 定員 (capacity)");
	expect_message(&rep, 5, "t.csv:10: 開始 (start) is empty");
	import_report_release(&rep);

	assert_int_equal(store_place_by_ext(f->st, "session:S1", &p), 0);
	assert_int_equal(p.kind, PLACE_SESSION);
	assert_string_equal(p.name, "ものづくりの仕事");
	assert_string_equal(p.room, "第1会議室");
	assert_int_equal(p.starts_ms, jst_ms(2026, 12, 5, 10, 0));
	assert_int_equal(p.ends_ms, jst_ms(2026, 12, 5, 10, 45));
	assert_int_equal(p.capacity, 30);
	assert_true(p.exit_tracking);
	assert_int_equal(store_company_by_ext(f->st, "C001", &c), 0);
	assert_int_equal(p.company_id, c.id);
	assert_int_equal(store_place_by_ext(f->st, "session:S2", &p), 0);
	assert_int_equal(p.starts_ms, jst_ms(2026, 12, 5, 13, 0));
	assert_int_equal(p.capacity, 8);
	assert_int_equal(p.company_id, 0);
	assert_false(p.exit_tracking);
	assert_int_equal(store_place_by_ext(f->st, "session:S3", &p), 0);
	assert_int_equal(p.starts_ms, jst_ms(2026, 12, 6, 9, 30));
	assert_int_equal(p.capacity, 0);

	/* Re-import: capacity changed, same place. */
	import_ok(f, IMPORT_SESSIONS,
		  "セミナーID,セミナー名,開始時刻,終了時刻,定員\n"
		  "S2,ITの働き方,13:00,13:40,5\n", 1, 1, 0, &rep);
	import_report_release(&rep);
	assert_int_equal(store_place_by_ext(f->st, "session:S2", &p), 0);
	assert_int_equal(p.capacity, 5);
	assert_string_equal(p.room, "第2会議室");
	assert_int_equal(count(f, "SELECT count(*) FROM places WHERE "
			       "kind = 'session'"), 3);
}

static void test_sessions_need_event(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct fair_err err = { "" };

	assert_int_equal(import_str(f, IMPORT_SESSIONS, "s.csv",
				    "ID,セミナー名,開始,終了\n"
				    "S1,a,10:00,11:00\n", &rep, &err),
			 FAIR_ENOENT);
	assert_non_null(strstr(err.msg, "fairsync init"));
	import_report_release(&rep);
}

/* ---- the demo event in config/demo ---------------------------------- */

static void import_demo(struct fx *f, enum import_kind k, const char *path,
			enum csv_encoding enc, int n)
{
	struct import_report rep;
	struct fair_err err = { "" };

	if (import_csv(f->st, k, path, NULL, &rep, &err))
		fail_msg("%s: %s", path, err.msg);
	for (int i = 0; i < rep.nmessages; i++)
		print_message("  %s\n", rep.messages[i]);
	assert_int_equal(rep.encoding, enc);
	assert_int_equal(rep.imported, n);
	assert_int_equal(rep.skipped, 0);
	import_report_release(&rep);
}

/* Run from the top of the tree, as `make test` does. */
static void test_demo_event(void **state)
{
	struct fx *f = *state;
	struct place p;
	struct company c;
	struct attendee a;

	import_demo(f, IMPORT_COMPANIES, "config/demo/companies.csv",
		    CSV_ENC_CP932, 12);
	import_demo(f, IMPORT_SESSIONS, "config/demo/sessions.csv",
		    CSV_ENC_UTF8, 5);
	import_demo(f, IMPORT_STUDENTS, "config/demo/students.csv",
		    CSV_ENC_UTF8_BOM, 42);
	assert_int_equal(store_company_by_ext(f->st, "C001", &c), 0);
	assert_string_equal(c.name, "株式会社ミノ精工");
	assert_int_equal(store_place_by_ext(f->st, "session:S02", &p), 0);
	assert_string_equal(p.name, "Webエンジニアの1日: 設計, 開発, 運用");
	assert_int_equal(p.starts_ms, jst_ms(2026, 12, 5, 10, 30));
	assert_int_equal(store_place_by_ext(f->st, "session:S04", &p), 0);
	assert_true(p.capacity > 0 && p.capacity <= 5);
	assert_int_equal(store_attendee_by_ext(f->st, "ST01", &a), 0);
	assert_int_equal(a.role, TOKEN_ROLE_STAFF);
	assert_int_equal(count(f, "SELECT count(*) FROM attendees WHERE "
			       "role = 0"), 40);
	assert_int_equal(count(f, "SELECT count(DISTINCT school) FROM "
			       "attendees WHERE role = 0"), 7);
	assert_true(count(f, "SELECT count(*) FROM attendees WHERE "
			  "consent = 0") > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM places WHERE "
			       "kind = 'booth'"), 12);
}

/* ---- value parsers -------------------------------------------------- */

static void test_parse_time(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(import_parse_time("2026-12-05 10:00", NULL, 540,
					   &ms), 0);
	assert_int_equal(ms, jst_ms(2026, 12, 5, 10, 0));
	assert_int_equal(import_parse_time("２０２６／１２／５　９：０５", NULL,
					   540, &ms), 0);
	assert_int_equal(ms, jst_ms(2026, 12, 5, 9, 5));
	assert_int_equal(import_parse_time("2026-12-05T23:59:59", NULL, 0,
					   &ms), 0);
	assert_int_equal(import_parse_time(" 7:30 ", "2026-12-06", 540, &ms),
			 0);
	assert_int_equal(ms, jst_ms(2026, 12, 6, 7, 30));
	/* 00:30 in Japan is the previous day in UTC. */
	assert_int_equal(import_parse_time("2026-01-01 00:30", NULL, 540,
					   &ms), 0);
	assert_int_equal(ms, jst_ms(2026, 1, 1, 0, 30));
	assert_int_equal(import_parse_time("10:00", NULL, 540, &ms),
			 FAIR_EINVAL);
	assert_int_equal(import_parse_time("2026-02-29 10:00", NULL, 540,
					   &ms), FAIR_EINVAL);
	assert_int_equal(import_parse_time("2028-02-29 10:00", NULL, 540,
					   &ms), 0);
	assert_int_equal(import_parse_time("24:00", "2026-12-05", 540, &ms),
			 FAIR_EINVAL);
	assert_int_equal(import_parse_time("2026-12-05", NULL, 540, &ms),
			 FAIR_EINVAL);
	assert_int_equal(import_parse_time("2026-12-05 10:00x", NULL, 540,
					   &ms), FAIR_EINVAL);
	assert_int_equal(import_parse_time("2026-12/05 10:00", NULL, 540,
					   &ms), FAIR_EINVAL);
	assert_int_equal(import_parse_time("", "2026-12-05", 540, &ms),
			 FAIR_EINVAL);
}

/* Every form a Japanese organizer types a date in; impossible days are
 * told apart from text that is no date at all. */
static void test_parse_date(void **state)
{
	static const char *const ok[] = {
		"2026-12-05", "2026/12/05", "2026-12-5", "2026/12/5",
		"2026.12.5", "２０２６／１２／０５", " 2026-12-05 ",
		"2026年12月5日", "２０２６年１２月５日", "令和8年12月5日",
		"令和８年１２月５日", "2026年12月5日(土)", "2026/12/5（土）",
	};
	struct fair_err e = { "" };
	int64_t ms;
	char out[11];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(out, 0, sizeof(out));
		if (import_parse_date_text(ok[i], out, &e))
			fail_msg("'%s' refused: %s", ok[i], e.msg);
		assert_string_equal(out, "2026-12-05");
	}
	assert_int_equal(import_parse_date_text("令和元年5月1日", out, &e), 0);
	assert_string_equal(out, "2019-05-01");
	assert_int_equal(import_parse_date_text("平成31年4月30日", out, &e), 0);
	assert_string_equal(out, "2019-04-30");
	assert_int_equal(import_parse_date_text("2028/2/29", out, &e), 0);
	/* impossible days say so */
	static const char *const nosuch[] = { "2026-02-30", "2026/13/01",
					      "2026年2月29日", "令和8年4月31日",
					      "2026-12-00", "令和0年1月1日" };
	for (size_t i = 0; i < sizeof(nosuch) / sizeof(nosuch[0]); i++) {
		assert_int_equal(import_parse_date_text(nosuch[i], out, &e),
				 FAIR_EINVAL);
		if (!strstr(e.msg, "no such day"))
			fail_msg("'%s': %s", nosuch[i], e.msg);
	}
	static const char *const bad[] = { "", "tomorrow", "12/05",
					   "2026-12/05", "2026-12-05 10:00",
					   "令和8/12/5", "2026年12月", "20261205",
					   "05/12/2026", "26-12-05",
					   "2026-02-30 x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(import_parse_date_text(bad[i], out, &e),
				 FAIR_EINVAL);
		if (!strstr(e.msg, "not a date"))
			fail_msg("'%s': %s", bad[i], e.msg);
	}
	/* session times take the same dates */
	assert_int_equal(import_parse_time("令和8年12月5日 10:00", NULL, 540,
					   &ms), 0);
	assert_int_equal(ms, jst_ms(2026, 12, 5, 10, 0));
	assert_int_equal(import_parse_time("2026年12月5日 9:05", NULL, 540,
					   &ms), 0);
	assert_int_equal(ms, jst_ms(2026, 12, 5, 9, 5));
}

static void test_parse_consent(void **state)
{
	static const char *const yes[] = { "はい", "Yes", "ＹＥＳ", "1", "１",
		"true", "○", "◯", "✓", "✔", "同意する", " y ", NULL };
	static const char *const no[] = { "いいえ", "NO", "0", "false", "×",
		"", "　", "同意しない", NULL };

	(void)state;
	for (const char *const *s = yes; *s; s++)
		if (import_parse_consent(*s) != 1)
			fail_msg("'%s' should be yes", *s);
	for (const char *const *s = no; *s; s++)
		if (import_parse_consent(*s) != 0)
			fail_msg("'%s' should be no", *s);
	assert_int_equal(import_parse_consent("maybe"), -1);
	assert_int_equal(import_parse_consent("たぶん"), -1);
}

static void test_ignored_columns_capped(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	char csv[4096] = "ID,氏名";
	size_t len = strlen(csv);

	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(csv + len, sizeof(csv) - len,
					",メモ%d", i);
	snprintf(csv + len, sizeof(csv) - len, "\n1,a\n");
	import_ok(f, IMPORT_STUDENTS, csv, 1, 0, 0, &rep);
	assert_int_equal(strncmp(rep.ignored, "メモ0, メモ1, ", 18), 0);
	assert_string_equal(rep.ignored + strlen(rep.ignored) - 3, "...");
	assert_true(strlen(rep.ignored) < sizeof(rep.ignored));
	assert_int_equal(csv_utf8_valid_prefix(rep.ignored,
					       strlen(rep.ignored)),
			 strlen(rep.ignored));
	import_report_release(&rep);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_int_equal(import_kind_parse("students"), IMPORT_STUDENTS);
	assert_int_equal(import_kind_parse("sessions"), IMPORT_SESSIONS);
	assert_int_equal(import_kind_parse("companies"), IMPORT_COMPANIES);
	assert_int_equal(import_kind_parse("people"), -1);
	assert_string_equal(import_kind_name(IMPORT_COMPANIES), "companies");
}

#define FX(t) cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX(test_companies),
		FX(test_companies_reimport_updates),
		FX(test_missing_columns),
		FX(test_duplicate_column_and_empty),
		FX(test_students),
		FX(test_students_reimport),
		FX(test_students_role_column),
		FX(test_students_school_reading),
		FX(test_students_cp932_file),
		FX(test_undecodable_file),
		FX(test_sessions),
		FX(test_demo_event),
		FX(test_ignored_columns_capped),
		cmocka_unit_test_setup_teardown(test_sessions_need_event,
						fx_setup_bare, fx_teardown),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_parse_consent),
		cmocka_unit_test(test_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
