/* testutil.h: shared set-up for the cmocka tests: scratch directories and a
 * small event with a roster, in real SQLite files. Header-only so each test
 * binary stays one file plus libfair. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fair/store.h"
#include "fair/rules.h"

/* 2026-12-05 10:00 JST in UTC ms: inside the test event's dates. */
#define T_EVENT_DAY_10AM 1796432400000LL
#define T_MIN (60LL * 1000)

/* A fresh scratch directory; caller removes it with tu_rmdir. */
static inline char *tu_tmpdir(void)
{
	char *d = strdup("/tmp/fairtest.XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static inline void tu_rmdir(char *d)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
	free(d);
}

static inline void tu_path(char *out, size_t n, const char *dir,
			   const char *name)
{
	snprintf(out, n, "%s/%s", dir, name);
}

/* An event on 2026-12-05..06 with a booth, a 2-seat session 10:00-11:00,
 * and students S1..S3 plus staff member T1. */
static inline struct store *tu_event(const char *dir)
{
	char path[512];
	struct fair_err err = { "" };
	struct store *st;
	struct company c = { .ext_id = "C1", .name = "株式会社ミノ精工",
			     .industry = "製造業", .booth = "A-1" };
	struct place booth = { .ext_id = "booth:C1", .kind = PLACE_BOOTH,
			       .name = "株式会社ミノ精工" };
	struct place sess = { .ext_id = "session:S01", .kind = PLACE_SESSION,
			      .name = "ものづくり講座", .room = "201",
			      .starts_ms = T_EVENT_DAY_10AM,
			      .ends_ms = T_EVENT_DAY_10AM + 60 * T_MIN,
			      .capacity = 2 };
	static const char *const names[][3] = {
		{ "S1", "山田 太郎", "ヤマダ タロウ" },
		{ "S2", "佐藤 花子", "サトウ ハナコ" },
		{ "S3", "鈴木 一郎", "スズキ イチロウ" },
		{ "T1", "高橋 スタッフ", "タカハシ スタッフ" },
	};

	tu_path(path, sizeof(path), dir, "event.db");
	st = store_open(path, STORE_CREATE, &err);
	assert_non_null(st);
	assert_int_equal(store_event_create(st, "合同企業説明会", "2026-12-05",
					    "2026-12-06", &err), 0);
	assert_int_equal(store_company_upsert(st, &c, &err), 0);
	booth.company_id = c.id;
	assert_int_equal(store_place_upsert(st, &booth, &err), 0);
	assert_int_equal(store_place_upsert(st, &sess, &err), 0);
	for (int i = 0; i < 4; i++) {
		struct attendee a = { .consent = i % 2 == 0 };

		snprintf(a.ext_id, sizeof(a.ext_id), "%s", names[i][0]);
		snprintf(a.name, sizeof(a.name), "%s", names[i][1]);
		snprintf(a.kana, sizeof(a.kana), "%s", names[i][2]);
		snprintf(a.school, sizeof(a.school), "岐阜大学");
		a.role = i == 3 ? TOKEN_ROLE_STAFF : TOKEN_ROLE_STUDENT;
		assert_int_equal(store_attendee_upsert(st, &a, &err), 0);
	}
	return st;
}

/* The badge text for roster id ext (signed with the event's key). */
static inline void tu_badge(struct store *st, const char *ext,
			    char out[TOKEN_TEXT_MAX])
{
	struct attendee a;
	struct event_info ev;
	uint8_t sk[TOKEN_SK_BYTES];

	assert_int_equal(store_attendee_by_ext(st, ext, &a), 0);
	assert_int_equal(store_event_get(st, &ev, NULL), 0);
	assert_int_equal(store_signing_key(st, sk, NULL), 0);
	assert_int_equal(token_encode(&(struct token){ .version = 1,
			 .role = a.role, .event_id = ev.event_id,
			 .attendee_id = a.id, .serial = a.serial }, sk, out),
			 0);
}

#endif
