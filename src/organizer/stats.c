/* stats.c: every figure, computed once (stats.h).
 *
 * The single-place figures a kiosk shows after each scan are small SQL
 * counts on top of export_valid_cte(), the exports' own definition of a
 * valid check-in. The whole event's tables (per place, per hour, in
 * total) read the 500,000 check-ins of a large fair once and radix-sort
 * the (place, student) and (hour, student) pairs as integers: one GROUP
 * BY per table sorted them three times in SQLite (seconds), this keeps a
 * cold overview under half a second of CPU. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fair/export.h"
#include "fair/caltime.h"
#include "fair/stats.h"
#include "fair/tourdata.h"

#define SQL_MAX 4096
#define KIOSKS_MAX 1024          /* kiosk names counted; more are "..." */

#define NOT_VOIDED \
	" f.uuid NOT IN (SELECT voids FROM facts WHERE kind = 'void' AND" \
	" voids IS NOT NULL)"

/* ---- one place today ------------------------------------------------- */

/* One integer from sql with up to two parameters: ?1 a text (NULL binds
 * NULL) and ?2 an integer, when sql has them. FAIR_EIO if it fails. */
static long query_long(struct store *st, const char *sql, const char *text,
		       int64_t since)
{
	sqlite3_stmt *s;
	long n = FAIR_EIO;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* A count over the valid check-ins v of place ?1 from ?2 on. */
static long place_query(struct store *st, const char *select, uint32_t pid,
			int64_t since)
{
	char sql[SQL_MAX], id[16];

	snprintf(sql, sizeof(sql), "%s%s", export_valid_cte(st), select);
	snprintf(id, sizeof(id), "%u", (unsigned)pid);
	return query_long(st, sql, id, since);
}

int stats_place_day(struct store *st, const struct place *p,
		    int64_t since_ms, struct stats_place_day *out)
{
	struct visit_counts vc;
	long visitors, present;
	int taken;

	memset(out, 0, sizeof(*out));
	visitors = place_query(st, "SELECT count(DISTINCT aid) FROM v WHERE"
			       " pid = CAST(?1 AS INTEGER) AND t >= ?2",
			       p->id, since_ms);
	/* an entry/exit place: those whose latest scan here is an entry */
	present = !p->exit_tracking ? visitors :
		  place_query(st, "SELECT count(*) FROM (SELECT aid, dir,"
			      " max(t) FROM v WHERE pid = CAST(?1 AS INTEGER)"
			      " AND t >= ?2 GROUP BY aid) WHERE dir > 0",
			      p->id, since_ms);
	if (visitors < 0 || present < 0 || visit_counts(st, p->id, &vc))
		return FAIR_EIO;
	out->visitors = (int)visitors;
	out->present = (int)present;
	out->expected = vc.expected;
	out->arrived = vc.arrived;
	out->unexpected = vc.unexpected;
	out->capacity = p->capacity > 0 ? p->capacity : 0;
	/* the planned on their way hold their seats */
	taken = out->present + (vc.expected - vc.arrived);
	if (out->capacity) {
		out->seats_left = taken < out->capacity ?
				  out->capacity - taken : 0;
		out->full = out->seats_left == 0;
	}
	return 0;
}

long stats_kiosk_records(struct store *st, const char *kiosk,
			 int64_t since_ms)
{
	return query_long(st, "SELECT count(*) FROM facts WHERE kind ="
			  " 'checkin' AND kiosk = ?1 AND wall_ms >= ?2",
			  kiosk, since_ms);
}

long stats_kiosk_facts(struct store *st, const char *kiosk)
{
	return query_long(st, "SELECT count(*) FROM facts WHERE kiosk = ?1",
			  kiosk, 0);
}

long stats_walkins(struct store *st, const char *kiosk, int64_t since_ms)
{
	return query_long(st, "SELECT count(*) FROM facts f WHERE f.kind ="
			  " 'register' AND (?1 IS NULL OR f.kiosk = ?1) AND"
			  " f.wall_ms >= ?2 AND" NOT_VOIDED, kiosk, since_ms);
}

long stats_facts_of_kind(struct store *st, const char *kind)
{
	return query_long(st, "SELECT count(*) FROM facts WHERE kind = ?1",
			  kind, 0);
}

/* ---- the whole event ------------------------------------------------- */

int stats_roster(struct store *st, struct stats_roster *out)
{
	static const char *const kinds[4] = {
		"entrance", "booth", "session", "visit"
	};
	long *const slot[] = {
		&out->keys, &out->signing_keys, &out->companies, &out->roster,
		&out->walkins, &out->students, &out->staff, &out->revoked,
		&out->packs
	};
	static const char *const sql[] = {
		"SELECT count(*) FROM keys",
		"SELECT count(secret) FROM keys",
		"SELECT count(*) FROM companies",
		"SELECT count(*) FROM attendees WHERE ext_id IS NOT NULL",
		"SELECT count(*) FROM attendees WHERE ext_id IS NULL",
		"SELECT count(*) FROM attendees WHERE role = 0 AND ext_id IS "
		"NOT NULL",
		"SELECT count(*) FROM attendees WHERE role = 1",
		"SELECT count(*) FROM revocations",
		"SELECT count(*) FROM packs",
	};

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		*slot[i] = query_long(st, sql[i], NULL, 0);
		if (*slot[i] < 0)
			return FAIR_EIO;
	}
	for (int k = 0; k < 4; k++) {
		out->places[k] = query_long(st, "SELECT count(*) FROM places"
					    " WHERE kind = ?1", kinds[k], 0);
		if (out->places[k] < 0)
			return FAIR_EIO;
	}
	return 0;
}

/* Calls fn(text, n) for each row of a two-column query. */
static int pairs(struct store *st, const char *sql,
		 void (*fn)(const char *, long, void *), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);

		fn(t ? t : "", (long)sqlite3_column_int64(s, 1), ctx);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : FAIR_EIO;
}

int stats_facts_by_kind(struct store *st,
			void (*fn)(const char *kind, long n, void *),
			void *ctx)
{
	return pairs(st, "SELECT kind, count(*) FROM facts GROUP BY kind"
		     " ORDER BY kind", fn, ctx);
}

struct u64s {
	uint64_t *v;
	size_t n, cap;
};

struct stats {
	struct u64s place;   /* pid << 32 | aid */
	struct u64s hour;    /* local hour since 1970 << 32 | aid */
	struct u64s aid;
};

static int push(struct u64s *a, uint64_t x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 4096;
		uint64_t *v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return -1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

/* Sorts a->v by an LSD radix sort, 16 bits a pass, skipping the passes
 * whose digit is the same in every key (most: place and hour numbers and
 * attendee ids are small). Several times faster than qsort() here, which
 * was most of a cold overview. -1 without memory. */
static int sort_u64(struct u64s *a)
{
	size_t (*count)[65536];
	uint64_t *tmp, *src = a->v, *dst;

	if (a->n < 2)
		return 0;
	tmp = malloc(a->n * sizeof(*tmp));
	count = calloc(4, sizeof(*count));
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	dst = tmp;
	for (size_t i = 0; i < a->n; i++)
		for (int d = 0; d < 4; d++)
			count[d][(src[i] >> (16 * d)) & 0xffff]++;
	for (int d = 0; d < 4; d++) {
		size_t sum = 0, *c = count[d];
		uint64_t *t;

		if (c[(src[0] >> (16 * d)) & 0xffff] == a->n)
			continue; /* one digit for all: already in order */
		for (size_t k = 0; k < 65536; k++) {
			size_t n = c[k];

			c[k] = sum;
			sum += n;
		}
		for (size_t i = 0; i < a->n; i++)
			dst[c[(src[i] >> (16 * d)) & 0xffff]++] = src[i];
		t = src, src = dst, dst = t;
	}
	if (src != a->v)
		memcpy(a->v, src, a->n * sizeof(*src));
	free(tmp);
	free(count);
	return 0;
}

/* One group of a sorted pair array: its high 32 bits, the pairs and the
 * distinct low halves. Returns the index after the group. */
static size_t group(const struct u64s *a, size_t i, uint32_t *key,
		    long *scans, long *distinct)
{
	size_t j = i;

	*key = (uint32_t)(a->v[i] >> 32);
	*scans = 0;
	*distinct = 0;
	for (; j < a->n && (uint32_t)(a->v[j] >> 32) == *key; j++) {
		(*scans)++;
		if (j == i || a->v[j] != a->v[j - 1])
			(*distinct)++;
	}
	return j;
}

void stats_free(struct stats *s)
{
	if (!s)
		return;
	free(s->place.v);
	free(s->hour.v);
	free(s->aid.v);
	free(s);
}

static int load_pairs(struct store *st, int offset_min, struct stats *c)
{
	char sql[SQL_MAX];
	sqlite3_stmt *s;
	int rc;

	snprintf(sql, sizeof(sql), "%s SELECT aid, pid, t FROM v",
		 export_valid_cte(st));
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		uint64_t aid = (uint32_t)sqlite3_column_int64(s, 0);
		uint64_t pid = (uint32_t)sqlite3_column_int64(s, 1);
		int64_t h = cal_local_hour(sqlite3_column_int64(s, 2),
					   offset_min);

		if (h < 0) /* before 1970: counted in the first hour */
			h = 0;

		if (push(&c->place, pid << 32 | aid) ||
		    push(&c->hour, (uint64_t)(uint32_t)h << 32 | aid) ||
		    push(&c->aid, aid)) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_NOMEM)
		return FAIR_ENOMEM;
	return rc == SQLITE_DONE ? 0 : FAIR_EIO;
}

struct stats *stats_load(struct store *st, int offset_min,
			 struct fair_err *err)
{
	struct stats *s = calloc(1, sizeof(*s));
	int rc;

	if (!s) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	rc = load_pairs(st, offset_min, s);
	if (!rc && (sort_u64(&s->place) || sort_u64(&s->hour) ||
		    sort_u64(&s->aid)))
		rc = FAIR_ENOMEM;
	if (rc) {
		fair_fail(err, rc, rc == FAIR_ENOMEM ? "out of memory" :
			  "cannot read the check-ins: %s",
			  sqlite3_errmsg(store_db(st)));
		stats_free(s);
		return NULL;
	}
	return s;
}

long stats_checkins(const struct stats *s)
{
	return (long)s->aid.n;
}

long stats_visitors(const struct stats *s)
{
	long distinct = 0;

	for (size_t i = 0; i < s->aid.n; i++)
		if (i == 0 || s->aid.v[i] != s->aid.v[i - 1])
			distinct++;
	return distinct;
}

/* The visitors and scans of place pid, by binary search. */
static void place_figures(const struct stats *c, uint64_t pid,
			  struct stats_row *r)
{
	uint64_t lo = pid << 32;
	size_t a = 0, z = c->place.n;
	uint32_t key;

	r->visitors = r->scans = 0;
	while (a < z) { /* first pair of this place */
		size_t m = a + (z - a) / 2;

		if (c->place.v[m] < lo)
			a = m + 1;
		else
			z = m;
	}
	if (a < c->place.n && c->place.v[a] >> 32 == pid)
		group(&c->place, a, &key, &r->scans, &r->visitors);
}

static const char *col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

int stats_by_place(struct store *st, const struct stats *c,
		   void (*fn)(const struct stats_row *, void *), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id, ext_id, kind, name"
			       " FROM places ORDER BY CASE kind WHEN 'entrance'"
			       " THEN 0 WHEN 'booth' THEN 1 ELSE 2 END, ext_id",
			       -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct stats_row r = { col(s, 1), col(s, 2), col(s, 3), 0, 0 };

		place_figures(c, (uint32_t)sqlite3_column_int64(s, 0), &r);
		fn(&r, ctx);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : FAIR_EIO;
}

void stats_by_hour(const struct stats *c,
		   void (*fn)(const struct stats_row *, void *), void *ctx)
{
	for (size_t i = 0; i < c->hour.n;) {
		struct stats_row r = { "", "", "", 0, 0 };
		uint32_t h;
		char label[17];

		i = group(&c->hour, i, &h, &r.scans, &r.visitors);
		/* h is already venue-local */
		cal_format_hour(h, label);
		r.key = label;
		fn(&r, ctx);
	}
}

/* ---- per kiosk ------------------------------------------------------- */

struct kiosk_row {
	char name[64];
	struct stats_kiosk k;
	bool used;
};

static uint32_t fnv(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The row of name in an open-addressed table of 2 * KIOSKS_MAX slots,
 * the last slot standing for every kiosk past the limit. */
static struct kiosk_row *kiosk_slot(struct kiosk_row *t, int *n,
				    const char *name)
{
	uint32_t i = fnv(name) % (2 * KIOSKS_MAX - 1);

	while (t[i].used && strncmp(t[i].name, name, sizeof(t[i].name) - 1))
		i = (i + 1) % (2 * KIOSKS_MAX - 1);
	if (!t[i].used) {
		if (*n >= KIOSKS_MAX) {
			i = 2 * KIOSKS_MAX - 1;
			name = "...";
		} else {
			(*n)++;
		}
		t[i].used = true;
		snprintf(t[i].name, sizeof(t[i].name), "%s", name);
	}
	return &t[i];
}

static int cmp_kiosk(const void *a, const void *b)
{
	const struct kiosk_row *x = a, *y = b;

	if (x->used != y->used)
		return x->used ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void count_flags(sqlite3 *db, struct kiosk_row *t, int *n)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT f.kiosk, count(DISTINCT g.uuid) "
			       "FROM merge_flags g JOIN facts f ON f.uuid = "
			       "g.uuid GROUP BY f.kiosk", -1, &s,
			       NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW)
		kiosk_slot(t, n, col(s, 0))->k.flagged =
			sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
}

static int read_kiosks(sqlite3 *db, struct kiosk_row *t, int *n)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT kiosk, kind, wall_ms FROM facts",
			       -1, &s, NULL) != SQLITE_OK)
		return FAIR_EIO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct stats_kiosk *k = &kiosk_slot(t, n, col(s, 0))->k;
		const char *kind = col(s, 1);
		int64_t w = sqlite3_column_int64(s, 2);

		if (!k->facts || w < k->first_ms)
			k->first_ms = w;
		if (!k->facts || w > k->last_ms)
			k->last_ms = w;
		k->facts++;
		k->checkins += !strcmp(kind, "checkin");
		k->walkins += !strcmp(kind, "register");
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : FAIR_EIO;
}

int stats_by_kiosk(struct store *st, bool merged,
		   void (*fn)(const struct stats_kiosk *, void *), void *ctx)
{
	struct kiosk_row *t = calloc(2 * KIOSKS_MAX, sizeof(*t));
	int n = 0, rc;

	if (!t)
		return FAIR_ENOMEM;
	rc = read_kiosks(store_db(st), t, &n);
	if (!rc && merged)
		count_flags(store_db(st), t, &n);
	qsort(t, 2 * KIOSKS_MAX, sizeof(*t), cmp_kiosk);
	for (int i = 0; !rc && i < 2 * KIOSKS_MAX && t[i].used; i++) {
		t[i].k.kiosk = t[i].name;
		fn(&t[i].k, ctx);
	}
	free(t);
	return rc;
}

int stats_new_schools(struct store *st,
		      void (*fn)(const char *school, long n, void *),
		      void *ctx)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "SELECT a.school, count(DISTINCT a.id)"
		 " FROM facts f JOIN attendees a ON a.id = f.attendee_id"
		 " WHERE f.kind = 'register' AND f.flags & %d"
		 " GROUP BY a.school ORDER BY a.school", FACT_NEW_SCHOOL);
	return pairs(st, sql, fn, ctx);
}
