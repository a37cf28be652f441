/* status.c: the counts of the overview in one pass over the check-ins.
 *
 * The overview wants, for every valid check-in (export_valid_cte(): not
 * voided, at its best-known time), the number of scans and of distinct
 * students per place and per hour, and in total. One GROUP BY per table
 * reads the 500,000 check-ins of a large fair three times and sorts them
 * each time in SQLite (seconds); here they are read once and the
 * (place, student) and (hour, student) pairs radix-sorted as integers,
 * which keeps a cold overview under half a second of CPU. The facts per
 * kiosk are counted the same way from one scan of facts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "console.h"
#include "fair/caltime.h"
#include "fair/export.h"

#define SQL_MAX 4096
#define KIOSKS_MAX 1024          /* kiosk names counted; more are "..." */

struct u64s {
	uint64_t *v;
	size_t n, cap;
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
 * was most of a cold overview. -1 without memory for the second buffer. */
static int sort_u64(struct u64s *a)
{
	/* per call, not static: the server's thread and the worker may
	 * count at once (console.h) */
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

struct checkins {
	struct u64s place;   /* pid << 32 | aid */
	struct u64s hour;    /* local hour since 1970 << 32 | aid */
	struct u64s aid;
};

static void checkins_free(struct checkins *c)
{
	free(c->place.v);
	free(c->hour.v);
	free(c->aid.v);
}

static int checkins_load(struct store *st, int offset_min,
			 struct checkins *c)
{
	char sql[SQL_MAX];
	sqlite3_stmt *s;
	int rc;

	snprintf(sql, sizeof(sql), "%s SELECT aid, pid, t FROM v",
		 export_valid_cte(st));
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
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
	if (rc != SQLITE_DONE)
		return -1;
	if (sort_u64(&c->place) || sort_u64(&c->hour) || sort_u64(&c->aid))
		return -1;
	return 0;
}

static void write_totals(const struct checkins *c, struct jbuf *b)
{
	long distinct = 0;

	for (size_t i = 0; i < c->aid.n; i++)
		if (i == 0 || c->aid.v[i] != c->aid.v[i - 1])
			distinct++;
	json_key(b, "checkins");
	json_int(b, (long long)c->aid.n);
	json_key(b, "visitors");
	json_int(b, distinct);
}

/* Every place, check-ins or not, entrance first, then booths, sessions. */
static int write_places(sqlite3 *db, const struct checkins *c,
			struct jbuf *b)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT id, ext_id, kind, name FROM places"
			       " ORDER BY CASE kind WHEN 'entrance' THEN 0 WHEN "
			       "'booth' THEN 1 ELSE 2 END, ext_id", -1, &s,
			       NULL) != SQLITE_OK)
		return -1;
	json_key(b, "by_place");
	json_arr(b);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		uint64_t pid = (uint32_t)sqlite3_column_int64(s, 0);
		uint64_t lo = pid << 32;
		size_t a = 0, z = c->place.n;
		long scans = 0, distinct = 0;
		uint32_t key;

		while (a < z) { /* first pair of this place */
			size_t m = a + (z - a) / 2;

			if (c->place.v[m] < lo)
				a = m + 1;
			else
				z = m;
		}
		if (a < c->place.n && c->place.v[a] >> 32 == pid)
			group(&c->place, a, &key, &scans, &distinct);
		json_obj(b);
		json_key(b, "ext_id");
		json_str(b, (const char *)sqlite3_column_text(s, 1));
		json_key(b, "kind");
		json_str(b, (const char *)sqlite3_column_text(s, 2));
		json_key(b, "name");
		json_str(b, (const char *)sqlite3_column_text(s, 3));
		json_key(b, "students");
		json_int(b, distinct);
		json_key(b, "scans");
		json_int(b, scans);
		json_end_obj(b);
	}
	json_end_arr(b);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void write_hours(const struct checkins *c, struct jbuf *b)
{
	json_key(b, "by_hour");
	json_arr(b);
	for (size_t i = 0; i < c->hour.n;) {
		long scans, distinct;
		uint32_t h;
		char label[17];

		i = group(&c->hour, i, &h, &scans, &distinct);
		/* h is already venue-local */
		cal_format_minute((int64_t)h * 3600000, 0, label);
		json_obj(b);
		json_key(b, "hour");
		json_str(b, label);
		json_key(b, "students");
		json_int(b, distinct);
		json_key(b, "scans");
		json_int(b, scans);
		json_end_obj(b);
	}
	json_end_arr(b);
}

/* ---- per kiosk ---------------------------------------------------------- */

struct kiosk_row {
	char name[64];
	long facts, checkins, walkins, flagged;
	int64_t first, last;
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
		kiosk_slot(t, n, (const char *)sqlite3_column_text(s, 0))
			->flagged = sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
}

/* A time as the console shows it: key_ms (UTC) and key (venue time). */
static void write_time(struct jbuf *b, const char *key_ms, const char *key,
		       int64_t ms, int offset_min)
{
	char t[17];

	json_key(b, key_ms);
	json_int(b, ms);
	cal_format_minute(ms, offset_min, t);
	json_key(b, key);
	json_str(b, t);
}

static int write_kiosks(sqlite3 *db, bool merged, int offset_min,
			struct jbuf *b)
{
	struct kiosk_row *t = calloc(2 * KIOSKS_MAX, sizeof(*t));
	sqlite3_stmt *s;
	int n = 0, rc;

	if (!t)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT kiosk, kind, wall_ms FROM facts",
			       -1, &s, NULL) != SQLITE_OK) {
		free(t);
		return -1;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct kiosk_row *k = kiosk_slot(
			t, &n, (const char *)sqlite3_column_text(s, 0));
		const char *kind = (const char *)sqlite3_column_text(s, 1);
		int64_t w = sqlite3_column_int64(s, 2);

		if (!k->facts || w < k->first)
			k->first = w;
		if (!k->facts || w > k->last)
			k->last = w;
		k->facts++;
		k->checkins += !strcmp(kind, "checkin");
		k->walkins += !strcmp(kind, "register");
	}
	sqlite3_finalize(s);
	if (merged)
		count_flags(db, t, &n);
	qsort(t, 2 * KIOSKS_MAX, sizeof(*t), cmp_kiosk);
	json_key(b, "by_kiosk");
	json_arr(b);
	for (int i = 0; i < 2 * KIOSKS_MAX && t[i].used; i++) {
		json_obj(b);
		json_key(b, "kiosk");
		json_str(b, t[i].name);
		json_key(b, "facts");
		json_int(b, t[i].facts);
		json_key(b, "checkins");
		json_int(b, t[i].checkins);
		json_key(b, "walkins");
		json_int(b, t[i].walkins);
		json_key(b, "flagged");
		json_int(b, t[i].flagged);
		write_time(b, "first_ms", "first", t[i].first, offset_min);
		write_time(b, "last_ms", "last", t[i].last, offset_min);
		json_end_obj(b);
	}
	json_end_arr(b);
	free(t);
	return rc == SQLITE_DONE ? 0 : -1;
}

int console_status_counts(struct store *st, int offset_min, bool merged,
			  struct jbuf *b)
{
	struct checkins c = { 0 };
	int rc = checkins_load(st, offset_min, &c);

	if (!rc) {
		write_totals(&c, b);
		rc = write_places(store_db(st), &c, b);
		write_hours(&c, b);
	}
	checkins_free(&c);
	if (!rc)
		rc = write_kiosks(store_db(st), merged, offset_min, b);
	return rc;
}
