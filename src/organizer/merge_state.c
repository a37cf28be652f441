/* merge_state.c: what a merge of several transactions leaves in the event
 * database between them (merge.h, merge_incomplete()).
 *
 * Until its last batch commits, a merge of more inputs than one batch
 * keeps the files still to merge in merge_state under "pending" ("left/
 * total", then one path a line), written in the same transaction as each
 * batch. A merge killed between two batches is then known to be
 * unfinished, instead of looking like a finished one that lacks some
 * files; exports refuse until a merge completes.
 */
#include <stdio.h>
#include <string.h>

#include "merge_int.h"

#define PENDING_MAX 2048 /* the paths a stopped merge lists */

static int fail_db(sqlite3 *db, struct fair_err *err)
{
	return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
}

int mstate_pending(sqlite3 *db, const struct merge_summary *sums, int to,
		   int n, struct fair_err *err)
{
	char v[PENDING_MAX];
	sqlite3_stmt *s;
	size_t o;
	int rc;

	if (to == n) {
		if (sqlite3_exec(db, "DELETE FROM merge_state WHERE key = "
				 "'pending'", NULL, NULL, NULL) != SQLITE_OK)
			return fail_db(db, err);
		return 0;
	}
	o = (size_t)snprintf(v, sizeof(v), "%d/%d", n - to, n);
	for (int i = to; i < n && o < sizeof(v); i++)
		o += (size_t)snprintf(v + o, sizeof(v) - o, "\n%s",
				      sums[i].path);
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO merge_state "
			       "VALUES ('pending', ?1)", -1, &s, NULL) !=
	    SQLITE_OK)
		return fail_db(db, err);
	sqlite3_bind_text(s, 1, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : fail_db(db, err);
}

int mstate_pending_found(sqlite3 *db, bool *found, struct fair_err *err)
{
	sqlite3_stmt *q;
	int rc;

	*found = false;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM merge_state WHERE key = "
			       "'pending'", -1, &q, NULL) != SQLITE_OK)
		return fail_db(db, err);
	rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail_db(db, err);
}

/* "left/total" and the first three paths of a pending mark, as a
 * sentence into why. */
static void pending_text(const char *v, char *why, size_t cap)
{
	int left = 0, total = 0;
	const char *nl = strchr(v, '\n');
	size_t o;

	if (sscanf(v, "%d/%d", &left, &total) != 2)
		left = total = 0;
	o = (size_t)snprintf(why, cap, "a merge stopped before it finished: "
			     "%d of %d kiosk files not merged yet", left,
			     total);
	for (int i = 0; nl && o + 1 < cap; i++) {
		const char *end = strchr(nl + 1, '\n');
		int len = end ? (int)(end - nl - 1) : (int)strlen(nl + 1);

		if (i == 3) {
			o += (size_t)snprintf(why + o, cap - o, ", ...");
			break;
		}
		o += (size_t)snprintf(why + o, cap - o, "%s'%.*s'",
				      i ? ", " : " (", len, nl + 1);
		nl = end;
	}
	if (o + 1 < cap && strchr(v, '\n'))
		snprintf(why + o, cap - o, ")");
}

bool merge_incomplete(struct store *st, char *why, size_t cap)
{
	sqlite3_stmt *q;
	bool yes = false;

	/* no merge_state: never merged, so nothing is pending. Indexes
	 * waiting to be rebuilt (merge.h) mean the same. */
	if (sqlite3_prepare_v2(store_db(st), "SELECT key, value FROM "
			       "merge_state WHERE key = 'pending' OR key LIKE "
			       "'index:%' ORDER BY key = 'pending' DESC", -1,
			       &q, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(q) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		const char *v = (const char *)sqlite3_column_text(q, 1);

		yes = true;
		if (why && cap && k && v && !strcmp(k, "pending"))
			pending_text(v, why, cap);
		else if (why && cap)
			snprintf(why, cap, "a merge stopped before it "
				 "finished (the event's indexes are not "
				 "rebuilt)");
	}
	sqlite3_finalize(q);
	return yes;
}
