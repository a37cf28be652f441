/* test_stats.c: the figures every screen, command and report shares
 * (stats.h), on a real database: a walk-in's registration counts where
 * it registered, a voided check-in counts nowhere, and a planned student
 * on the way holds a seat that an unplanned arrival never takes from
 * them. */
#include "testutil.h"

#include "fair/stats.h"

struct fixture {
	char *dir;
	struct store *st;
	struct place sess, booth;
	uint32_t s1, s2, s3;
};

static uint32_t id_of(struct store *st, const char *ext)
{
	struct attendee a;

	assert_int_equal(store_attendee_by_ext(st, ext, &a), 0);
	return a.id;
}

static void fact(struct fixture *fx, enum fact_kind kind, uint32_t place,
		 uint32_t who, struct fact *out)
{
	struct fact f = { .kind = kind, .kiosk = "k1", .place_id = place,
			  .attendee_id = who, .direction = 1,
			  .wall_ms = T_EVENT_DAY_10AM };

	assert_int_equal(store_fact_append(fx->st, &f, NULL), 0);
	if (out)
		*out = f;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct fact f, v = { .kind = FACT_VOID, .kiosk = "k1",
			     .wall_ms = T_EVENT_DAY_10AM + 1 };
	struct attendee w = { .name = "当日 参加", .school = "ミノ工業" };

	fx->dir = tu_tmpdir();
	fx->st = tu_event(fx->dir);
	assert_int_equal(store_place_by_ext(fx->st, "session:S01", &fx->sess),
			 0);
	assert_int_equal(store_place_by_ext(fx->st, "booth:C1", &fx->booth),
			 0);
	fx->s1 = id_of(fx->st, "S1");
	fx->s2 = id_of(fx->st, "S2");
	fx->s3 = id_of(fx->st, "S3");
	/* S2 and S3 planned; S1 (unplanned) and S3 arrive; S2's scan at
	 * the session was voided; a walk-in registers at the booth */
	fact(fx, FACT_ASSIGN, fx->sess.id, fx->s2, NULL);
	fact(fx, FACT_ASSIGN, fx->sess.id, fx->s3, NULL);
	fact(fx, FACT_CHECKIN, fx->sess.id, fx->s1, NULL);
	fact(fx, FACT_CHECKIN, fx->sess.id, fx->s3, NULL);
	fact(fx, FACT_CHECKIN, fx->sess.id, fx->s2, &f);
	memcpy(v.voids, f.uuid, FACT_UUID_BYTES);
	assert_int_equal(store_fact_append(fx->st, &v, NULL), 0);
	assert_int_equal(store_attendee_upsert(fx->st, &w, NULL), 0);
	fact(fx, FACT_REGISTER, fx->booth.id, w.id, NULL);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	store_close(fx->st);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

static void test_place_day_and_the_plan(void **state)
{
	struct fixture *fx = *state;
	struct stats_place_day d;

	assert_int_equal(stats_place_day(fx->st, &fx->sess, 0, &d), 0);
	assert_int_equal(d.visitors, 2);   /* S1, S3: S2's scan voided */
	assert_int_equal(d.present, 2);
	assert_int_equal(d.expected, 2);
	assert_int_equal(d.arrived, 1);
	assert_int_equal(d.unexpected, 1);
	/* 2 seats: S1 and S3 inside, S2 on the way: full, and S2 keeps a
	 * seat (the unplanned S1 is over the plan) */
	assert_int_equal(d.capacity, 2);
	assert_true(d.full);
	assert_int_equal(d.seats_left, 0);
	fx->sess.capacity = 4;
	assert_int_equal(stats_place_day(fx->st, &fx->sess, 0, &d), 0);
	assert_false(d.full);
	assert_int_equal(d.seats_left, 1);
	/* the walk-in's registration is its arrival at the booth */
	assert_int_equal(stats_place_day(fx->st, &fx->booth, 0, &d), 0);
	assert_int_equal(d.visitors, 1);
	assert_int_equal(d.capacity, 0);
	assert_false(d.full);
	/* nothing counts from the next day on */
	assert_int_equal(stats_place_day(fx->st, &fx->sess,
					 T_EVENT_DAY_10AM + 86400000LL, &d),
			 0);
	assert_int_equal(d.visitors, 0);
}

static void count_place(const struct stats_row *r, void *ctx)
{
	long *v = ctx;

	if (!strcmp(r->key, "session:S01"))
		v[0] = r->visitors;
	else if (!strcmp(r->key, "booth:C1"))
		v[1] = r->visitors;
}

static void count_kiosk(const struct stats_kiosk *k, void *ctx)
{
	long *v = ctx;

	if (!strcmp(k->kiosk, "k1")) {
		v[0] = k->checkins;
		v[1] = k->walkins;
	}
}

static void test_event_totals(void **state)
{
	struct fixture *fx = *state;
	struct stats *s = stats_load(fx->st, 540, NULL);
	long place[2] = { -1, -1 }, kiosk[2] = { -1, -1 };

	assert_non_null(s);
	assert_int_equal(stats_visitors(s), 3); /* S1, S3, the walk-in */
	assert_int_equal(stats_checkins(s), 3);
	assert_int_equal(stats_by_place(fx->st, s, count_place, place), 0);
	assert_int_equal(place[0], 2);
	assert_int_equal(place[1], 1);
	stats_free(s);
	assert_int_equal(stats_by_kiosk(fx->st, false, count_kiosk, kiosk),
			 0);
	assert_int_equal(kiosk[0], 3); /* as recorded, the voided one too */
	assert_int_equal(kiosk[1], 1);
	assert_int_equal(stats_walkins(fx->st, NULL, 0), 1);
	assert_int_equal(stats_walkins(fx->st, "k2", 0), 0);
	assert_int_equal(stats_kiosk_records(fx->st, "k1", 0), 3);
	assert_int_equal(stats_kiosk_facts(fx->st, "k1"), 7);
	assert_int_equal(stats_facts_of_kind(fx->st, "void"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_place_day_and_the_plan,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_totals, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
