/* merge_sweep.c: flags that need every check-in of the event at once.
 *
 * Two kiosks that admitted one badge at two places within a minute cannot
 * both be right (a copied badge, a shared one); a check-in with an older
 * serial than the attendee's current badge used a revoked badge. Both are
 * judged on the whole facts table after the inputs are in, so the result
 * is the same whatever order files arrive in. One sequential read of the
 * table and a sort in memory: far cheaper than a lookup per fact. The
 * judging (sort, compare) runs on its own thread while the caller rebuilds
 * indexes; only reading and writing the database stay on the caller's.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fair/grow.h"
#include "merge_int.h"

/* A check-in, as the sweep needs it. */
struct chk {
	uint8_t uuid[16];
	uint32_t attendee, place;
	int64_t wall;
	uint64_t kiosk;          /* merge_hash of the kiosk name */
	uint16_t serial;
};

struct serial {
	uint32_t id;
	uint16_t serial;         /* the attendee's current badge */
};

/* A flag to raise, found by the judging thread. */
struct hit {
	uint8_t uuid[16];
	const char *why;
};

struct sweep {
	sqlite3 *db;
	sqlite3_stmt *ins;       /* INSERT OR IGNORE INTO merge_flags */
	const struct mscan *sc;
	int n;
	struct merge_summary *sums;
	struct chk *c;
	long nc;
	struct serial *s;
	long ns;
	struct hit *h;           /* flags found, in finding order */
	long nh;
	size_t caph;
	pthread_t th;
	bool threaded;           /* th runs judge() */
	int judged;              /* judge()'s result */
};

static int cmp_serial(const void *a, const void *b)
{
	const struct serial *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_chk(const void *a, const void *b)
{
	const struct chk *x = a, *y = b;

	if (x->attendee != y->attendee)
		return x->attendee < y->attendee ? -1 : 1;
	if (x->wall != y->wall)
		return x->wall < y->wall ? -1 : 1;
	return memcmp(x->uuid, y->uuid, 16);
}

/* The sweep's arrays hold at most this many rows each. */
#define SWEEP_ROWS_MAX ((size_t)4 * MERGE_FILE_FACTS_MAX)

static int load_serials(struct sweep *w)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(w->db, "SELECT id, serial FROM attendees", -1,
			       &q, NULL) != SQLITE_OK)
		return FAIR_EIO;
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		if (fair_grow((void **)&w->s, &cap, (size_t)w->ns + 1,
			      sizeof(*w->s), SWEEP_ROWS_MAX)) {
			rc = FAIR_ENOMEM;
			break;
		}
		w->s[w->ns].id = (uint32_t)sqlite3_column_int64(q, 0);
		w->s[w->ns++].serial = (uint16_t)sqlite3_column_int(q, 1);
	}
	sqlite3_finalize(q);
	if (w->ns)
		qsort(w->s, (size_t)w->ns, sizeof(*w->s), cmp_serial);
	return rc;
}

static void chk_read(struct chk *c, sqlite3_stmt *q)
{
	memset(c->uuid, 0, 16);
	if (sqlite3_column_bytes(q, 0) == 16)
		memcpy(c->uuid, sqlite3_column_blob(q, 0), 16);
	c->attendee = (uint32_t)sqlite3_column_int64(q, 1);
	c->place = (uint32_t)sqlite3_column_int64(q, 2);
	c->wall = sqlite3_column_int64(q, 3);
	c->kiosk = merge_hash((const char *)sqlite3_column_text(q, 4));
	c->serial = (uint16_t)sqlite3_column_int(q, 5);
}

static int load_checkins(struct sweep *w)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(w->db, "SELECT uuid, attendee_id, place_id, "
			       "wall_ms, kiosk, serial FROM facts WHERE "
			       "kind = 'checkin' AND direction > 0", -1, &q,
			       NULL) != SQLITE_OK)
		return FAIR_EIO;
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		if (fair_grow((void **)&w->c, &cap, (size_t)w->nc + 1,
			      sizeof(*w->c), SWEEP_ROWS_MAX)) {
			rc = FAIR_ENOMEM;
			break;
		}
		chk_read(&w->c[w->nc++], q);
	}
	sqlite3_finalize(q);
	return rc;
}

/* Inserts a flag; a new one counts for the first input holding the fact
 * (none when the fact came from an earlier merge only). */
static int flag(struct sweep *w, const uint8_t uuid[16], const char *why)
{
	int rc;

	sqlite3_bind_blob(w->ins, 1, uuid, 16, SQLITE_STATIC);
	sqlite3_bind_text(w->ins, 2, why, -1, SQLITE_STATIC);
	rc = sqlite3_step(w->ins);
	sqlite3_reset(w->ins);
	if (rc != SQLITE_DONE)
		return FAIR_EIO;
	if (sqlite3_changes(w->db) == 0)
		return 0;
	for (int i = 0; i < w->n; i++) {
		if (mscan_has(&w->sc[i], uuid)) {
			w->sums[i].flagged++;
			break;
		}
	}
	return 0;
}

static int hit_add(struct sweep *w, const uint8_t uuid[16],
		   const char *why)
{
	if (fair_grow((void **)&w->h, &w->caph, (size_t)w->nh + 1,
		      sizeof(*w->h), SWEEP_ROWS_MAX))
		return FAIR_ENOMEM;
	memcpy(w->h[w->nh].uuid, uuid, 16);
	w->h[w->nh++].why = why;
	return 0;
}

static int judge_revoked(struct sweep *w)
{
	int rc = 0;

	for (long i = 0; i < w->nc && !rc; i++) {
		struct serial key = { .id = w->c[i].attendee };
		const struct serial *s = w->ns ? bsearch(&key, w->s,
			(size_t)w->ns, sizeof(*w->s), cmp_serial) : NULL;

		if (s && w->c[i].serial < s->serial)
			rc = hit_add(w, w->c[i].uuid, "revoked");
	}
	return rc;
}

static bool conflicting(const struct chk *a, const struct chk *b)
{
	return a->kiosk != b->kiosk && a->place != b->place &&
	       memcmp(a->uuid, b->uuid, 16) != 0;
}

static int judge_conflicts(struct sweep *w)
{
	int rc = 0;

	if (w->nc)
		qsort(w->c, (size_t)w->nc, sizeof(*w->c), cmp_chk);
	for (long i = 0; i < w->nc && !rc; i++) {
		for (long j = i + 1; j < w->nc && !rc; j++) {
			int64_t gap;

			/* walls of facts merged before merge checked them
			 * may be anything: subtract with a check */
			if (w->c[j].attendee != w->c[i].attendee ||
			    __builtin_sub_overflow(w->c[j].wall, w->c[i].wall,
						   &gap) ||
			    gap >= MERGE_CONFLICT_MS)
				break;
			if (!conflicting(&w->c[i], &w->c[j]))
				continue;
			rc = hit_add(w, w->c[i].uuid, "conflict");
			if (!rc)
				rc = hit_add(w, w->c[j].uuid, "conflict");
		}
	}
	return rc;
}

static void *judge(void *arg)
{
	struct sweep *w = arg;

	w->judged = judge_revoked(w);
	if (!w->judged)
		w->judged = judge_conflicts(w);
	return NULL;
}

static void sweep_free(struct sweep *w)
{
	if (w->threaded)
		pthread_join(w->th, NULL);
	free(w->c);
	free(w->s);
	free(w->h);
	free(w);
}

int msweep_start(sqlite3 *db, const struct mscan *sc, int n,
		 struct merge_summary *sums, struct sweep **out,
		 struct fair_err *err)
{
	struct sweep *w = calloc(1, sizeof(*w));
	int rc;

	*out = NULL;
	if (!w)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	*w = (struct sweep){ .db = db, .sc = sc, .n = n, .sums = sums };
	rc = load_serials(w);
	if (!rc)
		rc = load_checkins(w);
	if (rc) {
		fair_fail(err, rc, "flagging: %s", rc == FAIR_ENOMEM ?
			  "out of memory" : sqlite3_errmsg(db));
		sweep_free(w);
		return rc;
	}
	w->threaded = pthread_create(&w->th, NULL, judge, w) == 0;
	if (!w->threaded)
		judge(w);
	*out = w;
	return 0;
}

int msweep_finish(struct sweep *w, bool write, struct fair_err *err)
{
	int rc;

	if (w->threaded)
		pthread_join(w->th, NULL);
	w->threaded = false;
	rc = w->judged;
	if (!rc && write &&
	    sqlite3_prepare_v2(w->db, "INSERT OR IGNORE INTO main.merge_flags"
			       " VALUES (?1, ?2)", -1, &w->ins, NULL) !=
	    SQLITE_OK)
		rc = FAIR_EIO;
	for (long i = 0; !rc && write && i < w->nh; i++)
		rc = flag(w, w->h[i].uuid, w->h[i].why);
	if (rc)
		fair_fail(err, rc, "flagging: %s", rc == FAIR_ENOMEM ?
			  "out of memory" : sqlite3_errmsg(w->db));
	sqlite3_finalize(w->ins);
	sweep_free(w);
	return rc;
}
