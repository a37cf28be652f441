/* status.c: the counts of the overview, from the library's statistics
 * (stats.h), so the console shows the figures `fairsync status`, the
 * kiosks and the exports show. */
#include <stdio.h>

#include "console.h"
#include "fair/caltime.h"
#include "fair/stats.h"

static void totals(const struct stats *s, struct jbuf *b)
{
	json_key(b, "checkins");
	json_int(b, stats_checkins(s));
	json_key(b, "visitors");
	json_int(b, stats_visitors(s));
}

static void place_obj(const struct stats_row *r, void *ctx)
{
	struct jbuf *b = ctx;

	json_obj(b);
	json_key(b, "ext_id");
	json_str(b, r->key);
	json_key(b, "kind");
	json_str(b, r->kind);
	json_key(b, "name");
	json_str(b, r->name);
	json_key(b, "students");
	json_int(b, r->visitors);
	json_key(b, "scans");
	json_int(b, r->scans);
	json_end_obj(b);
}

static void hour_obj(const struct stats_row *r, void *ctx)
{
	struct jbuf *b = ctx;

	json_obj(b);
	json_key(b, "hour");
	json_str(b, r->key);
	json_key(b, "students");
	json_int(b, r->visitors);
	json_key(b, "scans");
	json_int(b, r->scans);
	json_end_obj(b);
}

/* A time as the console shows it: key_ms (UTC) and key (venue time). */
static void write_time(struct jbuf *b, const char *key, int64_t ms,
		       int offset_min)
{
	char k[32], t[17];

	snprintf(k, sizeof(k), "%s_ms", key);
	json_key(b, k);
	json_int(b, ms);
	cal_format_minute(ms, offset_min, t);
	json_key(b, key);
	json_str(b, t);
}

struct kiosk_ctx {
	struct jbuf *b;
	int offset_min;   /* the venue's, for first and last */
};

static void kiosk_obj(const struct stats_kiosk *k, void *ctx)
{
	const struct kiosk_ctx *kc = ctx;
	struct jbuf *b = kc->b;

	json_obj(b);
	json_key(b, "kiosk");
	json_str(b, k->kiosk);
	json_key(b, "facts");
	json_int(b, k->facts);
	json_key(b, "checkins");
	json_int(b, k->checkins);
	json_key(b, "walkins");
	json_int(b, k->walkins);
	json_key(b, "flagged");
	json_int(b, k->flagged);
	write_time(b, "first", k->first_ms, kc->offset_min);
	write_time(b, "last", k->last_ms, kc->offset_min);
	json_end_obj(b);
}

int console_status_counts(struct store *st, int offset_min, bool merged,
			  struct jbuf *b)
{
	struct stats *s = stats_load(st, offset_min, NULL);
	struct kiosk_ctx kc = { b, offset_min };
	int rc;

	if (!s)
		return -1;
	totals(s, b);
	json_key(b, "by_place");
	json_arr(b);
	rc = stats_by_place(st, s, place_obj, b);
	json_end_arr(b);
	json_key(b, "by_hour");
	json_arr(b);
	stats_by_hour(s, hour_obj, b);
	json_end_arr(b);
	stats_free(s);
	if (rc)
		return -1;
	json_key(b, "by_kiosk");
	json_arr(b);
	rc = stats_by_kiosk(st, merged, kiosk_obj, &kc);
	json_end_arr(b);
	return rc ? -1 : 0;
}
