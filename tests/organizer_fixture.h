/* organizer_fixture.h: a small real event and kiosk databases for the
 * merge and export tests. Static functions; include from one test file. */
#ifndef ORGANIZER_FIXTURE_H
#define ORGANIZER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fair/store.h"

#define FX_STUDENTS 8
#define FX_MIN 60000LL

/* 2026-12-05 10:00 in Japan (UTC+9), in UTC ms. */
static __attribute__((unused))
int64_t fx_base_ms(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 5,
			 .tm_hour = 1 };

	return (int64_t)timegm(&tm) * 1000;
}

struct fx_ids {
	uint32_t entrance, booth1, booth2, session1;
	uint32_t company1, company2;
	uint32_t student[FX_STUDENTS];
};

static char fx_dir[256];

static __attribute__((unused))
void fx_mkdir(void)
{
	snprintf(fx_dir, sizeof(fx_dir), "%s/fxXXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fx_dir))
		abort();
}

static __attribute__((unused))
void fx_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s", fx_dir, name);
}

static __attribute__((unused))
void fx_must(int rc, const struct fair_err *e)
{
	if (rc) {
		fprintf(stderr, "fixture: %s\n", e->msg);
		abort();
	}
}

static __attribute__((unused))
uint32_t fx_place(struct store *st, const char *ext, enum place_kind k,
			 const char *name, uint32_t company)
{
	struct place p = { .kind = k, .company_id = company };
	struct fair_err e = { "" };

	snprintf(p.ext_id, sizeof(p.ext_id), "%s", ext);
	snprintf(p.name, sizeof(p.name), "%s", name);
	fx_must(store_place_upsert(st, &p, &e), &e);
	return p.id;
}

static __attribute__((unused))
uint32_t fx_company(struct store *st, const char *ext,
			  const char *name)
{
	struct company c = { 0 };
	struct fair_err e = { "" };

	snprintf(c.ext_id, sizeof(c.ext_id), "%s", ext);
	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.booth, sizeof(c.booth), "A-%s", ext);
	fx_must(store_company_upsert(st, &c, &e), &e);
	return c.id;
}

static const char *const fx_names[FX_STUDENTS] = {
	"山田 太郎", "=HYPERLINK(\"x\")", "佐藤 花子", "+81 Injection",
	"Comma, \"Quoted\"", "@SUM(A1)", "鈴木 一郎", "-minus"
};
static const char *const fx_schools[3] = { "岐阜大学", "名古屋大学",
					   "岐阜聖徳学園大学" };

static __attribute__((unused))
void fx_students(struct store *st, struct fx_ids *ids)
{
	for (int i = 0; i < FX_STUDENTS; i++) {
		struct attendee a = { .role = TOKEN_ROLE_STUDENT,
				      .consent = i % 2 == 0 };
		struct fair_err e = { "" };

		snprintf(a.ext_id, sizeof(a.ext_id), "S%03d", i + 1);
		snprintf(a.name, sizeof(a.name), "%s", fx_names[i]);
		snprintf(a.kana, sizeof(a.kana), "ガクセイ%d", i);
		snprintf(a.school, sizeof(a.school), "%s",
			 fx_schools[i % 3]);
		snprintf(a.email, sizeof(a.email), "s%d@example.jp", i);
		snprintf(a.phone, sizeof(a.phone), "090-0000-%04d", i);
		snprintf(a.consent_version, sizeof(a.consent_version), "v1");
		fx_must(store_attendee_upsert(st, &a, &e), &e);
		ids->student[i] = a.id;
	}
}

/* Creates event.db in fx_dir with two companies, four places, students. */
static __attribute__((unused))
struct store *fx_event(const char *name, struct fx_ids *ids)
{
	char path[512];
	struct fair_err e = { "" };
	struct store *st;

	fx_path(path, sizeof(path), name);
	st = store_open(path, STORE_CREATE, &e);
	if (!st)
		fx_must(-1, &e);
	fx_must(store_event_create(st, "合同企業説明会", "2026-12-05",
				   "2026-12-05", &e), &e);
	ids->company1 = fx_company(st, "C001", "株式会社テスト");
	ids->company2 = fx_company(st, "C002", "Example KK");
	ids->entrance = fx_place(st, "entrance", PLACE_ENTRANCE, "受付", 0);
	ids->booth1 = fx_place(st, "booth:C001", PLACE_BOOTH, "テスト ブース",
			       ids->company1);
	ids->booth2 = fx_place(st, "booth:C002", PLACE_BOOTH, "Example booth",
			       ids->company2);
	ids->session1 = fx_place(st, "session:S1", PLACE_SESSION,
				 "会社説明セミナー", ids->company1);
	fx_students(st, ids);
	return st;
}

/* A kiosk database: a copy of the event's. Returns it opened. */
static __attribute__((unused))
struct store *fx_kiosk(struct store *ev, const char *name)
{
	char path[512];
	struct fair_err e = { "" };
	struct store *st;

	fx_path(path, sizeof(path), name);
	unlink(path);
	fx_must(store_backup(ev, path, &e), &e);
	st = store_open(path, 0, &e);
	if (!st)
		fx_must(-1, &e);
	return st;
}

static __attribute__((unused))
struct fact fx_fact(const char *kiosk, uint32_t place,
			   uint32_t attendee, int dir, int64_t wall,
			   const char *boot, int64_t mono)
{
	struct fact f = { .kind = FACT_CHECKIN, .place_id = place,
			  .attendee_id = attendee, .serial = 1,
			  .direction = dir, .source = SOURCE_CAMERA,
			  .wall_ms = wall, .mono_ms = mono };

	snprintf(f.kiosk, sizeof(f.kiosk), "%s", kiosk);
	snprintf(f.boot_id, sizeof(f.boot_id), "%s", boot);
	return f;
}

static __attribute__((unused))
void fx_add(struct store *st, struct fact f)
{
	struct fair_err e = { "" };

	fx_must(store_fact_append(st, &f, &e), &e);
}

/* Runs sql and returns every row's columns joined, rows by newline;
 * caller frees. A fingerprint of a table's content for comparisons. */
static __attribute__((unused))
char *fx_dump(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	size_t n = 0, cap = 4096;
	char *out = malloc(cap);

	out[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "dump: %s\n", sqlite3_errmsg(store_db(st)));
		abort();
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(s); c++) {
			const char *v = (const char *)sqlite3_column_text(s, c);
			size_t l = strlen(v ? v : "") + 2;

			if (n + l + 1 > cap) {
				cap = (n + l + 1) * 2;
				out = realloc(out, cap);
			}
			n += (size_t)snprintf(out + n, cap - n, "%s%c",
					      v ? v : "", c + 1 <
					      sqlite3_column_count(s) ? '|'
								      : '\n');
		}
	}
	sqlite3_finalize(s);
	return out;
}

static __attribute__((unused))
void fx_rm_dir(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx_dir);
}

#endif
