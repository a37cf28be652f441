/* test_programs.c: the seed's other programs: a joint employee training
 * over two days with three companies (training.h, import employees) and
 * roll-call groups with a departure (rollcall.h). */
#include "testutil.h"

#include "fair/brain.h"
#include "fair/import.h"
#include "fair/rollcall.h"
#include "fair/survey.h"
#include "fair/tourdays.h"
#include "fair/training.h"

#define DAY2_10AM (T_EVENT_DAY_10AM + 24 * 60 * T_MIN)

static const char companies_csv[] =
	"企業ID,企業名\nA,株式会社アルファ\nB,ベータ工業\nC,シー商事\n";

/* Two sessions a day over two days. */
static const char sessions_csv[] =
	"ID,セミナー名,開始,終了\n"
	"T1,安全講習,2026-12-05 10:00,2026-12-05 11:00\n"
	"T2,品質管理,2026-12-05 13:00,2026-12-05 14:00\n"
	"T3,リーダー研修,2026-12-06 10:00,2026-12-06 11:00\n"
	"T4,振り返り,2026-12-06 13:00,2026-12-06 14:00\n";

static const char employees_csv[] =
	"社員番号,氏名,フリガナ,企業ID,部署,役職,メール\n"
	"E01,青木 一,あおき はじめ,A,製造部,主任,e01@a.jp\n"
	"E02,井上 二郎,イノウエ ジロウ,A,総務部,,\n"
	"E03,上田 三奈,ウエダ ミナ,B,品質保証部,係長,\n"
	"E04,江藤 四郎,エトウ シロウ,C,営業部,,\n";

static struct store *training_event(const char *dir)
{
	struct fair_err err = { "" };
	struct import_report rep;
	char path[512];
	struct store *st;

	tu_path(path, sizeof(path), dir, "training.db");
	st = store_open(path, STORE_CREATE, &err);
	assert_non_null(st);
	assert_int_equal(store_event_create(st, "合同社員研修", "2026-12-05",
					    "2026-12-06", &err), 0);
	assert_int_equal(event_kind_set(st, EVENT_TRAINING, &err), 0);
	assert_int_equal(import_csv_mem(st, IMPORT_COMPANIES, companies_csv,
					strlen(companies_csv), "c.csv", &rep,
					&err), 0);
	import_report_release(&rep);
	assert_int_equal(import_csv_mem(st, IMPORT_SESSIONS, sessions_csv,
					strlen(sessions_csv), "s.csv", &rep,
					&err), 0);
	import_report_release(&rep);
	assert_int_equal(import_csv_mem(st, IMPORT_EMPLOYEES, employees_csv,
					strlen(employees_csv), "e.csv", &rep,
					&err), 0);
	assert_int_equal(rep.imported, 4);
	import_report_release(&rep);
	return st;
}

static void checkin(struct store *st, const char *who, const char *where,
		    int64_t at)
{
	struct fair_err err = { "" };
	struct attendee a;
	struct place p;
	struct fact f = { .kind = FACT_CHECKIN, .kiosk = "door",
			  .direction = 1, .wall_ms = at };

	assert_int_equal(store_attendee_by_ext(st, who, &a), 0);
	assert_int_equal(store_place_by_ext(st, where, &p), 0);
	f.attendee_id = a.id;
	f.place_id = p.id;
	f.serial = a.serial;
	assert_int_equal(store_fact_append(st, &f, &err), 0);
}

static void test_event_kind(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct fair_err err = { "" };
	enum event_kind k = EVENT_TRAINING;

	(void)state;
	assert_int_equal(event_kind_get(st, &k), 0);
	assert_int_equal(k, EVENT_FAIR);
	assert_int_equal(event_kind_set(st, EVENT_TRAINING, &err), 0);
	assert_int_equal(event_kind_get(st, &k), 0);
	assert_int_equal(k, EVENT_TRAINING);
	assert_int_equal(event_kind_parse("bazaar", &k), FAIR_EINVAL);
	store_close(st);
	tu_rmdir(dir);
}

static void test_employees_import(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = training_event(dir);
	struct attendee a;
	struct token t = { .version = TOKEN_VERSION };
	uint8_t sk[TOKEN_SK_BYTES];
	char text[TOKEN_TEXT_MAX];

	(void)state;
	assert_int_equal(store_attendee_by_ext(st, "E03", &a), 0);
	assert_int_equal(a.role, TOKEN_ROLE_EMPLOYEE);
	assert_string_equal(a.school, "ベータ工業");  /* shown on the badge */
	assert_string_equal(a.kana, "ウエダ ミナ");
	/* an employee's badge signs and verifies */
	assert_int_equal(store_signing_key(st, sk, NULL), 0);
	t.role = a.role;
	t.attendee_id = a.id;
	assert_int_equal(token_encode(&t, sk, text), 0);
	store_close(st);
	tu_rmdir(dir);
}

/* An unknown company on one row: FILE:ROW, and nothing imported. */
static void test_employees_all_or_nothing(void **state)
{
	static const char bad[] =
		"社員番号,氏名,企業ID\nE10,新 社員,A\nE11,謎 社員,Z\n";
	static const char stu[] = "受付番号,氏名\nE01,学生\n";
	char *dir = tu_tmpdir();
	struct store *st = training_event(dir);
	struct fair_err err = { "" };
	struct import_report rep;
	struct attendee a;

	(void)state;
	assert_int_equal(import_csv_mem(st, IMPORT_EMPLOYEES, bad,
					strlen(bad), "bad.csv", &rep, &err),
			 FAIR_EINVAL);
	assert_int_equal(rep.nmessages, 1);
	assert_non_null(strstr(rep.messages[0], "bad.csv:3:"));
	assert_non_null(strstr(rep.messages[0], "'Z'"));
	assert_int_equal(rep.imported, 0);
	import_report_release(&rep);
	assert_int_equal(store_attendee_by_ext(st, "E10", &a), FAIR_ENOENT);
	/* a student's roster may not take an employee's ID */
	assert_int_equal(import_csv_mem(st, IMPORT_STUDENTS, stu,
					strlen(stu), "s.csv", &rep, &err), 0);
	assert_int_equal(rep.skipped, 1);
	import_report_release(&rep);
	assert_int_equal(store_attendee_by_ext(st, "E01", &a), 0);
	assert_string_equal(a.name, "青木 一");
	store_close(st);
	tu_rmdir(dir);
}

struct seen {
	int n;
	struct training_row r[8];
};

static void keep(const struct training_row *r, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < 8)
		s->r[s->n++] = *r;
}

static void attend(struct store *st)
{
	/* E01 all four, E02 three, E03 two, E04 none */
	checkin(st, "E01", "session:T1", T_EVENT_DAY_10AM);
	checkin(st, "E01", "session:T2", T_EVENT_DAY_10AM + 180 * T_MIN);
	checkin(st, "E01", "session:T3", DAY2_10AM);
	checkin(st, "E01", "session:T4", DAY2_10AM + 180 * T_MIN);
	checkin(st, "E02", "session:T1", T_EVENT_DAY_10AM + 2 * T_MIN);
	checkin(st, "E02", "session:T1", T_EVENT_DAY_10AM + 3 * T_MIN);
	checkin(st, "E02", "session:T3", DAY2_10AM);
	checkin(st, "E02", "session:T4", DAY2_10AM + 181 * T_MIN);
	checkin(st, "E03", "session:T1", T_EVENT_DAY_10AM);
	checkin(st, "E03", "session:T2", T_EVENT_DAY_10AM + 180 * T_MIN);
}

static void test_attendance(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = training_event(dir);
	struct fair_err err = { "" };
	struct seen s = { 0 };

	(void)state;
	attend(st);
	assert_int_equal(training_each(st, 0, keep, &s, &err), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.r[0].ext_id, "E01");
	assert_int_equal(s.r[0].attended, 4);
	assert_int_equal(s.r[0].sessions, 4);
	assert_string_equal(s.r[0].missed, "");
	assert_string_equal(s.r[1].ext_id, "E02");
	assert_int_equal(s.r[1].attended, 3);   /* a double scan counts once */
	assert_true(s.r[1].rate > 0.74 && s.r[1].rate < 0.76);
	assert_string_equal(s.r[1].missed, "品質管理");
	assert_string_equal(s.r[2].company, "ベータ工業");
	assert_string_equal(s.r[2].missed, "リーダー研修、振り返り");
	assert_int_equal(s.r[3].attended, 0);
	assert_string_equal(s.r[3].department, "営業部");
	s.n = 0;
	assert_int_equal(training_each(st, s.r[2].company_id, keep, &s, &err),
			 0);
	assert_int_equal(s.n, 1);
	store_close(st);
	tu_rmdir(dir);
}

struct per_company {
	char line[16][200];
	int n;
};

static void company_line(const struct company *c,
			 const struct training_session *s, int employees,
			 int attended, void *ctx)
{
	struct per_company *p = ctx;

	if (p->n < 16)
		snprintf(p->line[p->n++], sizeof(p->line[0]), "%s %s %d/%d",
			 c->ext_id, s->ext_id, attended, employees);
}

static void test_per_company(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = training_event(dir);
	struct fair_err err = { "" };
	struct per_company p = { 0 };
	char path[512];
	long rows = 0;

	(void)state;
	attend(st);
	assert_int_equal(training_company_each(st, company_line, &p, &err), 0);
	assert_int_equal(p.n, 12);  /* 3 companies x 4 sessions */
	assert_string_equal(p.line[0], "A session:T1 2/2");
	assert_string_equal(p.line[1], "A session:T2 1/2");
	assert_string_equal(p.line[4], "B session:T1 1/1");
	assert_string_equal(p.line[6], "B session:T3 0/1");
	assert_string_equal(p.line[11], "C session:T4 0/1");
	tu_path(path, sizeof(path), dir, "A.xlsx");
	assert_int_equal(training_export_company(st, p.n ? 1 : 0, path, &rows,
						 &err), 0);
	assert_int_equal(rows, 2);
	assert_int_equal(access(path, R_OK), 0);
	store_close(st);
	tu_rmdir(dir);
}

/* ---- roll-call ------------------------------------------------------- */

static void test_rollcall_marks(void **state)
{
	struct rollcall rc = { .group = "1号車", .n = 3 };
	struct rollcall_departure d;
	struct fact f;

	(void)state;
	rc.m[0].attendee_id = 11;
	rc.m[1].attendee_id = 12;
	rc.m[2].attendee_id = 13;
	assert_int_equal(rollcall_missing(&rc), 3);
	assert_int_equal(rollcall_mark(&rc, 12, false), ROLLCALL_MARKED);
	assert_int_equal(rollcall_mark(&rc, 12, false), ROLLCALL_ALREADY);
	assert_int_equal(rollcall_mark(&rc, 99, false), ROLLCALL_NOT_MEMBER);
	assert_int_equal(rollcall_mark(&rc, 11, true), ROLLCALL_MARKED);
	assert_int_equal(rollcall_missing(&rc), 1);
	assert_int_equal(rollcall_depart(&rc, &f), 0);
	assert_int_equal(f.kind, FACT_DEPARTURE);
	assert_string_equal(f.tags, "1号車");
	assert_string_equal(f.note, "present=11m,12;missing=13");
	assert_int_equal(rollcall_missing(&rc), 3); /* cleared for the next */
	assert_int_equal(rollcall_parse(f.note, &d), 0);
	assert_int_equal(d.npresent, 2);
	assert_true(d.manual[0]);
	assert_false(d.manual[1]);
	assert_int_equal(d.nmissing, 1);
	assert_int_equal(d.missing[0], 13);
	assert_int_equal(rollcall_parse("present=1,x;missing=", &d),
			 FAIR_EINVAL);
	assert_int_equal(rollcall_parse("present=;missing=2m", &d),
			 FAIR_EINVAL);
	rc.group[0] = '\0';
	assert_int_equal(rollcall_depart(&rc, &f), FAIR_EINVAL);
}

/* The longest note a full group of the largest ids makes still fits. */
static void test_rollcall_full_group(void **state)
{
	struct rollcall rc = { .group = "G", .n = ROLLCALL_MEMBERS_MAX };
	struct rollcall_departure d;
	struct fact f;

	(void)state;
	for (int i = 0; i < rc.n; i++) {
		rc.m[i].attendee_id = UINT32_MAX - (uint32_t)i;
		if (i % 2)
			rollcall_mark(&rc, rc.m[i].attendee_id, true);
	}
	assert_int_equal(rollcall_depart(&rc, &f), 0);
	assert_true(strlen(f.note) < FACT_NOTE_MAX - 1);
	assert_int_equal(rollcall_parse(f.note, &d), 0);
	assert_int_equal(d.npresent + d.nmissing, ROLLCALL_MEMBERS_MAX);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

struct dep {
	int n;
	struct rollcall_row r;
};

static void keep_dep(const struct rollcall_row *r, void *ctx)
{
	struct dep *d = ctx;

	d->n++;
	d->r = *r;
}

static void one_line(const char *group, int members, void *ctx)
{
	(void)ctx;
	assert_int_equal(members, 1);
	assert_true(group[0] == '1' && group[1] == ' ');
	assert_null(strpbrk(group, "\t\r\n"));
}

static void test_groups(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct fair_err err = { "" };
	struct rollcall_report rep;
	struct rollcall rc;
	struct dep d = { 0 };
	struct fact f;
	char path[512];

	(void)state;
	tu_path(path, sizeof(path), dir, "bad.csv");
	write_file(path, "グループ,学生ID\n1号車,S1\n1号車,S9\n1号車,S1\n");
	assert_int_equal(rollcall_import(st, path, "bad.csv", &rep, &err),
			 FAIR_EINVAL);
	assert_int_equal(rep.nmessages, 2);
	assert_non_null(strstr(rep.messages[0], "bad.csv:3:"));
	assert_non_null(strstr(rep.messages[0], "'S9'"));
	assert_non_null(strstr(rep.messages[1], "bad.csv:4:"));
	rollcall_report_release(&rep);
	assert_int_equal(rollcall_load(st, "1号車", &rc), FAIR_ENOENT);

	tu_path(path, sizeof(path), dir, "groups.csv");
	write_file(path, "グループ,学生ID\n1号車,S1\n1号車,S2\n1号車,S3\n"
		   "2号車,S2\n");
	assert_int_equal(rollcall_import(st, path, NULL, &rep, &err), 0);
	assert_int_equal(rep.groups, 2);
	assert_int_equal(rep.members, 4);
	rollcall_report_release(&rep);
	assert_int_equal(rollcall_load(st, "1号車", &rc), 0);
	assert_int_equal(rc.n, 3);
	/* by kana: サトウ, スズキ, ヤマダ */
	assert_string_equal(rc.m[0].name, "佐藤 花子");
	rollcall_mark(&rc, rc.m[0].attendee_id, false);
	rollcall_mark(&rc, rc.m[2].attendee_id, true);
	assert_int_equal(rollcall_depart(&rc, &f), 0);
	snprintf(f.kiosk, sizeof(f.kiosk), "rollcall-1");
	f.wall_ms = T_EVENT_DAY_10AM;
	assert_int_equal(store_fact_append(st, &f, &err), 0);
	assert_int_equal(rollcall_departures_each(st, keep_dep, &d, &err), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.r.group, "1号車");
	assert_string_equal(d.r.missing, "鈴木 一郎");
	assert_string_equal(d.r.present, "佐藤 花子、山田 太郎(手動)");
	assert_int_equal(d.r.nmanual, 1);

	/* a name too long to keep whole is cut on one line (fuzz_groups) */
	tu_path(path, sizeof(path), dir, "long.csv");
	write_file(path, "グループ,学生ID\n\"1\n"
		   "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"
		   "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"
		   "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"
		   "\",S1\n");
	assert_int_equal(rollcall_import(st, path, NULL, &rep, &err), 0);
	rollcall_report_release(&rep);
	assert_int_equal(rollcall_groups_each(st, one_line, NULL), 0);
	store_close(st);
	tu_rmdir(dir);
}

/* ---- the survey's questions ------------------------------------------ */

static void test_survey_questions(void **state)
{
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct fair_err err = { "" };
	struct survey_report rep;
	struct survey sv;
	char path[512];

	(void)state;
	tu_path(path, sizeof(path), dir, "bad.csv");
	write_file(path, "設問,種別\n魅力,5段階\n色,選択:A/B/C/D/E/F\n"
		   "空,\n");
	assert_int_equal(survey_set(st, path, "bad.csv", &rep, &err),
			 FAIR_EINVAL);
	assert_int_equal(rep.refused, 2);
	assert_non_null(strstr(rep.messages[0], "bad.csv:3:"));
	assert_non_null(strstr(rep.messages[1], "bad.csv:4:"));
	survey_report_release(&rep);
	assert_int_equal(survey_load(st, &sv), FAIR_ENOENT);

	tu_path(path, sizeof(path), dir, "s.csv");
	write_file(path, "種別,設問\n5段階,魅力を感じる\n"
		   "選択：仕事／給与,知りたいこと\n");
	assert_int_equal(survey_set(st, path, NULL, &rep, &err), 0);
	survey_report_release(&rep);
	assert_int_equal(survey_load(st, &sv), 0);
	assert_int_equal(sv.n, 2);
	assert_int_equal(sv.q[0].type, SURVEY_SCALE5);
	assert_string_equal(sv.q[0].text, "魅力を感じる");
	assert_int_equal(sv.q[1].type, SURVEY_CHOICE);
	assert_int_equal(sv.q[1].nchoices, 2);
	assert_string_equal(sv.q[1].choice[1], "給与");

	/* a question too long to keep whole, with a line break in it, is
	 * cut without the break: the next question is not lost (fuzz_survey
	 * found it) */
	tu_path(path, sizeof(path), dir, "long.csv");
	write_file(path, "設問,種別\n\"長い\n"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		   "\",5段階\n次,5段階\n");
	assert_int_equal(survey_set(st, path, NULL, &rep, &err), 0);
	assert_int_equal(rep.rows, 2);
	survey_report_release(&rep);
	assert_int_equal(survey_load(st, &sv), 0);
	assert_int_equal(sv.n, 2);
	assert_null(strchr(sv.q[0].text, '\n'));
	assert_string_equal(sv.q[1].text, "次");
	store_close(st);
	tu_rmdir(dir);
}

/* ---- the tour's training days ----------------------------------------- */

static void assign(struct store *st, const char *who, const char *where)
{
	struct fair_err err = { "" };
	struct attendee a;
	struct place p;
	struct fact f = { .kind = FACT_ASSIGN, .kiosk = "fairsync",
			  .direction = 1, .wall_ms = T_EVENT_DAY_10AM };

	assert_int_equal(store_attendee_by_ext(st, who, &a), 0);
	assert_int_equal(store_place_by_ext(st, where, &p), 0);
	f.attendee_id = a.id;
	f.place_id = p.id;
	assert_int_equal(store_fact_append(st, &f, &err), 0);
}

static void keep_name(const struct attendee *a, bool arrived, void *ctx)
{
	char *out = ctx;
	size_t n = strlen(out);

	snprintf(out + n, 256 - n, "%s%s%s", n ? "," : "", a->ext_id,
		 arrived ? "+" : "-");
}

static void test_training_days(void **state)
{
	static const char sessions[] =
		"ID,セミナー名,開始,終了,種別\n"
		"PRE,事前研修,2026-12-05 13:00,2026-12-05 15:00,研修\n"
		"SEM,説明会,2026-12-05 16:00,2026-12-05 17:00,セミナー\n"
		"BAD,謎,2026-12-05 16:00,2026-12-05 17:00,謎\n";
	char *dir = tu_tmpdir();
	struct store *st = tu_event(dir);
	struct fair_err err = { "" };
	struct import_report rep;
	struct place pre, sem;
	char names[256] = "", path[512];
	struct store *k;
	int expected, arrived, missed;
	int64_t n = 0;

	(void)state;
	assert_int_equal(import_csv_mem(st, IMPORT_SESSIONS, sessions,
					strlen(sessions), "s.csv", &rep, &err),
			 0);
	assert_int_equal(rep.skipped, 1);          /* 謎: by line */
	assert_non_null(strstr(rep.messages[0], "s.csv:4:"));
	import_report_release(&rep);
	assert_int_equal(store_place_by_ext(st, "session:PRE", &pre), 0);
	assert_int_equal(store_place_by_ext(st, "session:SEM", &sem), 0);
	assert_true(tourdays_is_training(st, pre.id));
	assert_false(tourdays_is_training(st, sem.id));
	/* S1 and S2 are on the tour (planned at the session S01 here), S3
	 * is not; S1 came to the 研修 */
	assign(st, "S1", "session:S01");
	assign(st, "S2", "session:S01");
	checkin(st, "S1", "session:PRE", T_EVENT_DAY_10AM + 200 * T_MIN);
	checkin(st, "S3", "session:PRE", T_EVENT_DAY_10AM + 200 * T_MIN);
	assert_int_equal(tourdays_counts(st, pre.id, &expected, &arrived), 0);
	assert_int_equal(expected, 2);
	assert_int_equal(arrived, 1);
	assert_int_equal(tourdays_expected(st, pre.id, keep_name, names), 0);
	assert_string_equal(names, "S2-,S1+");     /* the missing first */
	assert_int_equal(tourdays_missed(st, 2, &missed), 0);
	assert_int_equal(missed, 1);               /* S2 */
	assert_int_equal(tourdays_missed(st, 3, &missed), 0);
	assert_int_equal(missed, 0);               /* S3: not on the tour */

	/* the door of the 研修 carries the tour's plan */
	tu_path(path, sizeof(path), dir, "door.db");
	k = store_open(path, STORE_CREATE, &err);
	assert_non_null(k);
	tu_path(path, sizeof(path), dir, "event.db");
	assert_int_equal(tourdays_pack(k, path, &err), 0);
	assert_int_equal(store_query_int64(k, "SELECT count(*) FROM facts "
					   "WHERE kind = 'assign'", NULL, 0,
					   &n), 0);
	assert_int_equal(n, 2);
	store_close(k);
	/* unmarked: no longer a training day */
	assert_int_equal(tourdays_mark(st, "session:PRE", false, &err), 0);
	assert_false(tourdays_is_training(st, pre.id));
	store_close(st);
	tu_rmdir(dir);
}

/* ---- the roll-call kiosk's brain -------------------------------------- */

static struct brain rb;
static struct brain_actions ra;

static void rstep(struct brain_event *ev)
{
	brain_step(&rb, ev, 1000, &ra);
}

static const struct brain_action *ract(enum brain_action_kind k)
{
	for (int i = 0; i < ra.n; i++)
		if (ra.a[i].kind == k)
			return &ra.a[i];
	return NULL;
}

static void rscan(uint32_t id, enum outcome o)
{
	struct brain_event ev = { .kind = EV_SCAN };

	snprintf(ev.u.scan.text, sizeof(ev.u.scan.text), "FK1BADGE");
	rstep(&ev);
	assert_non_null(ract(ACT_IDENTIFY));
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CHECKIN_DONE;
	ev.u.done.res.outcome = o;
	ev.u.done.res.token_parsed = true;
	ev.u.done.res.token.attendee_id = id;
	rstep(&ev);
}

static void rpress(enum brain_button id, int arg)
{
	struct brain_event ev = { .kind = EV_BUTTON };

	ev.u.button.id = id;
	ev.u.button.arg = arg;
	rstep(&ev);
}

static void test_rollcall_brain(void **state)
{
	static struct rollcall rc = { .group = "1号車", .n = 3 };
	struct brain_config cfg = { .rollcall = true, .clock_ok = true,
				    .result_ms = 3000 };
	struct brain_row groups[1] = { { .text = "1号車（3人）",
					 .key = "1号車" } };
	struct brain_event ev = { .kind = EV_COUNT_TODAY };
	const struct brain_action *a;

	(void)state;
	rc.m[0] = (struct rollcall_member){ .attendee_id = 11,
					    .name = "佐藤 花子" };
	rc.m[1] = (struct rollcall_member){ .attendee_id = 12,
					    .name = "鈴木 一郎" };
	rc.m[2] = (struct rollcall_member){ .attendee_id = 13,
					    .name = "山田 太郎" };
	brain_init(&rb, &cfg, 0);
	rstep(&ev);                              /* idle asks for groups */
	assert_non_null(ract(ACT_RC_GROUPS));
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_ROWS;
	ev.u.rows.list = LIST_GROUPS;
	ev.u.rows.rows = groups;
	ev.u.rows.n = 1;
	rstep(&ev);
	assert_int_equal(rb.n_rows, 1);
	rscan(11, OUTCOME_ACCEPTED);             /* no group picked yet */
	assert_true(rb.notice_error);
	rpress(BTN_ROW, 0);
	a = ract(ACT_RC_LOAD);
	assert_non_null(a);
	assert_string_equal(a->u.load.query, "1号車");
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_ROLLCALL;
	ev.u.rc = &rc;
	rstep(&ev);
	assert_int_equal(rb.screen, SCREEN_ROLLCALL);
	assert_int_equal(rb.n_rows, 3);          /* all missing */

	rscan(13, OUTCOME_ACCEPTED);
	assert_int_equal(rb.n_rows, 2);
	assert_non_null(strstr(rb.notice, "山田 太郎"));
	assert_int_equal(ract(ACT_PLAY)->u.sound, SOUND_CHIME);
	rscan(13, OUTCOME_ALREADY);              /* twice: said, once */
	assert_int_equal(ract(ACT_PLAY)->u.sound, SOUND_NOTICE);
	rscan(99, OUTCOME_ACCEPTED);             /* not in the group */
	assert_true(rb.notice_error);
	assert_int_equal(ract(ACT_PLAY)->u.sound, SOUND_BUZZ);
	rscan(12, OUTCOME_FORGED);
	assert_int_equal(rb.n_rows, 2);
	assert_string_equal(rb.rows[0].text, "佐藤 花子");
	rpress(BTN_ROW, 0);                      /* by hand */
	assert_int_equal(rb.n_rows, 1);
	assert_string_equal(rb.rows[0].text, "鈴木 一郎");
	assert_int_equal(rollcall_missing(&rb.rc), 1);

	rpress(BTN_DEPART, 0);
	a = ract(ACT_DEPART);
	assert_non_null(a);
	assert_int_equal(a->u.departure.kind, FACT_DEPARTURE);
	assert_string_equal(a->u.departure.tags, "1号車");
	assert_string_equal(a->u.departure.note, "present=11m,13;missing=12");
	assert_int_equal(rollcall_missing(&rb.rc), 1); /* until stored */
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_DONE;
	ev.u.result.action = ACT_DEPART;
	ev.u.result.ok = true;
	rstep(&ev);
	assert_int_equal(rollcall_missing(&rb.rc), 3); /* the next one */
	assert_non_null(strstr(rb.notice, "出発を記録しました"));

	rscan(1, OUTCOME_STAFF);                 /* staff badge: staff mode */
	assert_int_equal(rb.screen, SCREEN_STAFF);
	rpress(BTN_STAFF_EXIT, 0);
	assert_int_equal(rb.screen, SCREEN_IDLE);
	assert_non_null(ract(ACT_RC_GROUPS));    /* the groups again */
}

/* ---- the survey on the kiosk ----------------------------------------- */

static void sv_done(enum outcome o, int dir)
{
	struct brain_event ev = { .kind = EV_SCAN };

	snprintf(ev.u.scan.text, sizeof(ev.u.scan.text), "FK1BADGE%d", dir);
	rstep(&ev);
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_CHECKIN_DONE;
	ev.u.done.res.outcome = o;
	ev.u.done.res.token_parsed = true;
	ev.u.done.res.token.attendee_id = 7;
	ev.u.done.res.fact.direction = dir;
	rstep(&ev);
}

static void sv_tick(int64_t now)
{
	struct brain_event ev = { .kind = EV_TICK };

	brain_step(&rb, &ev, now, &ra);
}

static void test_survey_brain(void **state)
{
	struct brain_config cfg = { .clock_ok = true, .result_ms = 2000,
				    .survey_dir = 1 };
	const struct brain_action *a;

	(void)state;
	cfg.survey.n = 3;
	cfg.survey.q[2].type = SURVEY_CHOICE;
	cfg.survey.q[2].nchoices = 3;
	brain_init(&rb, &cfg, 0);
	sv_done(OUTCOME_ACCEPTED, 1);
	assert_int_equal(rb.screen, SCREEN_RESULT);
	sv_tick(1000 + 2000);                     /* the result is over */
	assert_int_equal(rb.screen, SCREEN_SURVEY);
	rpress(BTN_RATING, 4);
	assert_int_equal(rb.sv_q, 1);
	rpress(BTN_SKIP, 0);
	rpress(BTN_RATING, 4);                    /* only 3 choices: no */
	assert_int_equal(rb.sv_q, 2);
	rpress(BTN_RATING, 2);
	a = ract(ACT_SURVEY);
	assert_non_null(a);
	assert_int_equal(a->u.survey.attendee_id, 7);
	assert_int_equal(a->u.survey.direction, 1);
	assert_int_equal(a->u.survey.answer[0], 4);
	assert_int_equal(a->u.survey.answer[1], 0);
	assert_int_equal(a->u.survey.answer[2], 2);
	assert_int_equal(rb.screen, SCREEN_IDLE);

	/* ALREADY, or the other direction: no survey */
	sv_done(OUTCOME_ALREADY, 1);
	sv_tick(1000 + 2000);
	assert_int_equal(rb.screen, SCREEN_IDLE);
	sv_done(OUTCOME_ACCEPTED, -1);
	sv_tick(1000 + 2000);
	assert_int_equal(rb.screen, SCREEN_IDLE);

	/* the next student's scan ends it with what was answered */
	sv_done(OUTCOME_ACCEPTED, 1);
	sv_tick(1000 + 2000);
	rpress(BTN_RATING, 5);
	{
		struct brain_event ev = { .kind = EV_SCAN };

		snprintf(ev.u.scan.text, sizeof(ev.u.scan.text), "NEXT");
		rstep(&ev);
	}
	a = ract(ACT_SURVEY);
	assert_non_null(a);
	assert_int_equal(a->u.survey.answer[0], 5);
	assert_non_null(ract(ACT_CHECKIN));       /* and checks the next in */
	assert_int_equal(rb.screen, SCREEN_RESULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_kind),
		cmocka_unit_test(test_employees_import),
		cmocka_unit_test(test_employees_all_or_nothing),
		cmocka_unit_test(test_attendance),
		cmocka_unit_test(test_per_company),
		cmocka_unit_test(test_rollcall_marks),
		cmocka_unit_test(test_rollcall_full_group),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_rollcall_brain),
		cmocka_unit_test(test_survey_questions),
		cmocka_unit_test(test_training_days),
		cmocka_unit_test(test_survey_brain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
