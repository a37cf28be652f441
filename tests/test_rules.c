/* test_rules.c: one test per outcome of the check-in decision, with a
 * fake clock, on a real database. */
#include "testutil.h"

struct fixture {
	char *dir;
	struct store *st;
	struct checkin_ctx ctx;
};

static int setup_at(void **state, const char *place, int direction)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct rules_config cfg = { .dedupe_s = 600, .grace_s = 300,
				    .direction = direction };

	fx->dir = tu_tmpdir();
	fx->st = tu_event(fx->dir);
	assert_int_equal(checkin_ctx_init(&fx->ctx, fx->st, place, "kiosk-1",
					  &cfg, NULL), 0);
	*state = fx;
	return 0;
}

static int setup_booth(void **state)
{
	return setup_at(state, "booth:C1", 1);
}

static int setup_session(void **state)
{
	return setup_at(state, "session:S01", 1);
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	store_close(fx->st);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

static enum outcome scan(struct fixture *fx, const char *ext, int64_t now,
			 struct checkin_result *res)
{
	char badge[TOKEN_TEXT_MAX];

	tu_badge(fx->st, ext, badge);
	return checkin_process(&fx->ctx, badge, strlen(badge),
			       SOURCE_CAMERA, now, 1000, res);
}

static int count_facts(struct fixture *fx)
{
	sqlite3_stmt *s;
	int n;

	sqlite3_prepare_v2(store_db(fx->st), "SELECT count(*) FROM facts", -1,
			   &s, NULL);
	sqlite3_step(s);
	n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void test_accepted_is_stored_with_context(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;
	struct fact got;

	assert_int_equal(scan(fx, "S1", T_EVENT_DAY_10AM, &res),
			 OUTCOME_ACCEPTED);
	assert_int_equal(store_fact_get(fx->st, res.fact.uuid, &got), 0);
	assert_string_equal(got.kiosk, "kiosk-1");
	assert_int_equal(got.place_id, fx->ctx.place.id);
	assert_int_equal(got.attendee_id, res.token.attendee_id);
	assert_int_equal(got.direction, 1);
	assert_int_equal(got.source, SOURCE_CAMERA);
	assert_int_equal(got.wall_ms, T_EVENT_DAY_10AM);
	assert_int_equal(got.mono_ms, 1000);
	assert_true(got.boot_id[0] != '\0');
}

static void test_repeat_within_window_is_already(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;

	scan(fx, "S1", T_EVENT_DAY_10AM, &res);
	assert_int_equal(scan(fx, "S1", T_EVENT_DAY_10AM + 5 * T_MIN, &res),
			 OUTCOME_ALREADY);
	assert_int_equal(res.first_ms, T_EVENT_DAY_10AM);
	assert_int_equal(count_facts(fx), 1);
	/* After the window a new visit is a new check-in. */
	assert_int_equal(scan(fx, "S1", T_EVENT_DAY_10AM + 11 * T_MIN, &res),
			 OUTCOME_ACCEPTED);
	assert_int_equal(count_facts(fx), 2);
}

static void test_refusals(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;
	const char *junk = "hello world";
	struct attendee a;
	uint16_t serial;

	assert_int_equal(checkin_process(&fx->ctx, junk, strlen(junk),
					 SOURCE_SCANNER, T_EVENT_DAY_10AM, 0,
					 &res), OUTCOME_MALFORMED);
	assert_non_null(res.detail);
	assert_int_equal(scan(fx, "S1", T_EVENT_DAY_10AM - 2 * 24 * 60 * T_MIN,
			      &res), OUTCOME_NOT_TODAY);
	assert_int_equal(scan(fx, "T1", T_EVENT_DAY_10AM, &res),
			 OUTCOME_STAFF);
	assert_int_equal(store_attendee_by_ext(fx->st, "S2", &a), 0);
	{
		char old[TOKEN_TEXT_MAX];

		tu_badge(fx->st, "S2", old);
		assert_int_equal(store_attendee_reissue(fx->st, a.id, &serial,
							NULL), 0);
		assert_int_equal(checkin_process(&fx->ctx, old, strlen(old),
						 SOURCE_CAMERA,
						 T_EVENT_DAY_10AM, 0, &res),
				 OUTCOME_REVOKED);
	}
	assert_int_equal(count_facts(fx), 0);
}

static void test_other_event_and_forged(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;
	uint8_t pk[32], sk[64];
	char text[TOKEN_TEXT_MAX];
	struct token t = { .version = 1, .event_id = fx->ctx.event.event_id,
			   .attendee_id = 1, .serial = 1 };

	assert_int_equal(token_keypair(pk, sk), 0);
	token_encode(&t, sk, text);
	assert_int_equal(checkin_process(&fx->ctx, text, strlen(text),
					 SOURCE_CAMERA, T_EVENT_DAY_10AM, 0,
					 &res), OUTCOME_FORGED);
	t.event_id ^= 1;
	token_encode(&t, sk, text);
	assert_int_equal(checkin_process(&fx->ctx, text, strlen(text),
					 SOURCE_CAMERA, T_EVENT_DAY_10AM, 0,
					 &res), OUTCOME_OTHER_EVENT);
}

static void test_session_window_grace_and_capacity(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;
	int64_t start = T_EVENT_DAY_10AM;

	/* grace is 5 minutes */
	assert_int_equal(scan(fx, "S1", start - 6 * T_MIN, &res),
			 OUTCOME_OUTSIDE_SESSION);
	assert_int_equal(scan(fx, "S1", start - 4 * T_MIN, &res),
			 OUTCOME_ACCEPTED);
	assert_int_equal(scan(fx, "S2", start, &res), OUTCOME_ACCEPTED);
	assert_int_equal(scan(fx, "S3", start + T_MIN, &res), OUTCOME_FULL);
	/* A repeat from someone inside is still "already", not "full". */
	assert_int_equal(scan(fx, "S2", start + 2 * T_MIN, &res),
			 OUTCOME_ALREADY);
	assert_int_equal(scan(fx, "S3", start + 66 * T_MIN, &res),
			 OUTCOME_OUTSIDE_SESSION);
}

static void test_voided_checkin_frees_the_seat(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;
	struct fact v = { .kind = FACT_VOID, .kiosk = "kiosk-1",
			  .wall_ms = T_EVENT_DAY_10AM };

	scan(fx, "S1", T_EVENT_DAY_10AM, &res);
	scan(fx, "S2", T_EVENT_DAY_10AM, &res);
	memcpy(v.voids, res.fact.uuid, FACT_UUID_BYTES);
	assert_int_equal(store_fact_append(fx->st, &v, NULL), 0);
	assert_int_equal(scan(fx, "S3", T_EVENT_DAY_10AM + T_MIN, &res),
			 OUTCOME_ACCEPTED);
}

static void test_exit_without_entry_is_recorded_and_flagged(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;

	fx->ctx.place.exit_tracking = true;
	fx->ctx.cfg.direction = -1;
	assert_int_equal(scan(fx, "S1", T_EVENT_DAY_10AM, &res),
			 OUTCOME_ACCEPTED);
	assert_true(res.fact.flags & FACT_EXIT_WITHOUT_ENTRY);
	fx->ctx.cfg.direction = 1;
	assert_int_equal(scan(fx, "S2", T_EVENT_DAY_10AM, &res),
			 OUTCOME_ACCEPTED);
	fx->ctx.cfg.direction = -1;
	assert_int_equal(scan(fx, "S2", T_EVENT_DAY_10AM + T_MIN, &res),
			 OUTCOME_ACCEPTED);
	assert_false(res.fact.flags & FACT_EXIT_WITHOUT_ENTRY);
}

static void test_manual_checkin(void **state)
{
	struct fixture *fx = *state;
	struct checkin_result res;
	struct attendee a;

	assert_int_equal(store_attendee_by_ext(fx->st, "S3", &a), 0);
	assert_int_equal(checkin_manual(&fx->ctx, a.id, T_EVENT_DAY_10AM, 0,
					&res), OUTCOME_ACCEPTED);
	assert_int_equal(res.fact.source, SOURCE_MANUAL);
	assert_int_equal(checkin_manual(&fx->ctx, a.id, T_EVENT_DAY_10AM + 1,
					0, &res), OUTCOME_ALREADY);
	assert_int_equal(checkin_manual(&fx->ctx, 999999, T_EVENT_DAY_10AM, 0,
					&res), OUTCOME_MALFORMED);
}

static void test_clock_sanity_in_venue_time(void **state)
{
	struct event_info ev = { .start_date = "2026-12-05",
				 .end_date = "2026-12-06",
				 .utc_offset_min = 540 };
	char date[11];

	(void)state;
	/* 2026-12-04 15:00 UTC is 2026-12-05 00:00 JST: inside. */
	assert_true(clock_within_event(&ev, 1796396400000LL));
	assert_false(clock_within_event(&ev, 1796396400000LL - 1));
	assert_true(clock_within_event(&ev, 1796396400000LL +
				       2 * 86400000LL - 1));
	assert_false(clock_within_event(&ev, 1796396400000LL +
					2 * 86400000LL));
	assert_false(clock_within_event(&ev, 0)); /* board with no battery */
	event_local_date(&ev, T_EVENT_DAY_10AM, date);
	assert_string_equal(date, "2026-12-05");
	assert_int_equal(event_day_start_ms(&ev, T_EVENT_DAY_10AM),
			 1796396400000LL);
}

static void test_outcome_keys(void **state)
{
	(void)state;
	assert_string_equal(outcome_key(OUTCOME_ACCEPTED), "accepted");
	assert_string_equal(outcome_key(OUTCOME_OTHER_EVENT), "other-event");
	assert_string_equal(outcome_key(OUTCOME_OUTSIDE_SESSION),
			    "outside-session");
	assert_string_equal(outcome_key(OUTCOME_NOT_TODAY), "not-today");
	for (int o = 0; o < OUTCOME_COUNT; o++)
		assert_non_null(outcome_key((enum outcome)o));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_accepted_is_stored_with_context, setup_booth,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_repeat_within_window_is_already, setup_booth,
			teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup_booth,
						teardown),
		cmocka_unit_test_setup_teardown(test_other_event_and_forged,
						setup_booth, teardown),
		cmocka_unit_test_setup_teardown(
			test_session_window_grace_and_capacity, setup_session,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_voided_checkin_frees_the_seat, setup_session,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_exit_without_entry_is_recorded_and_flagged,
			setup_booth, teardown),
		cmocka_unit_test_setup_teardown(test_manual_checkin,
						setup_booth, teardown),
		cmocka_unit_test(test_clock_sanity_in_venue_time),
		cmocka_unit_test(test_outcome_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
