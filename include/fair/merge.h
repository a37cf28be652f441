/* merge.h: the union of kiosk databases into the event database.
 *
 * Kiosk databases are append-only logs of facts keyed by a UUID, so a merge
 * is a set union: a fact whose UUID is known is skipped (ON CONFLICT(uuid)
 * DO NOTHING; any other constraint failing stops the merge instead of
 * dropping a fact). That makes it idempotent (merging a file
 * twice adds nothing) and order independent (A then B equals B then A,
 * flags and repairs included).
 *
 * Every input is checked before anything is written (merge's own tables
 * included): it must be a fairkiosk database (not another file, not a
 * newer or older schema), of this event (same event_id), pass PRAGMA
 * integrity_check and the checks below (docs/schema.md, "Merging kiosk
 * files"). If any input fails, the whole merge is refused and the event
 * database is left byte-identical; each bad file is named in its summary
 * row and the first in err. Checking runs on a few threads, one SQLite
 * connection each.
 *
 * Inputs are never written, not even a -shm file: an input alone is read
 * in place with immutable=1; one with a -wal (or a hot -journal) beside it
 * is read from a private copy of both in a folder beside the event
 * database, so commits only in the -wal are merged too. Read-only media work. An input must not
 * be in use by a running kiosk while it is merged (copy it first).
 *
 * Writes are batched, up to 9 inputs per transaction (SQLite attaches at
 * most 10 databases), and a failing batch rolls back whole, so each input is
 * merged completely or not at all. Since every input was checked first, a
 * batch can only fail for the event database's own sake (disk full).
 * Until the last batch commits, merge_state holds the files still to
 * merge ("pending"), so a merge stopped between batches is known to be
 * unfinished (merge_incomplete()). A merge bringing many facts (more than a
 * quarter of what the event holds) drops the secondary indexes of facts in
 * its first transaction and builds them again in its last: one build costs
 * far less than a random B-tree insert per fact. Their definitions wait in
 * merge_state meanwhile, and the next merge rebuilds them should a merge
 * stop in between.
 *
 * Suspicious facts are merged and flagged, never dropped, in the table
 * merge_flags(uuid, reason) this module owns:
 *   "clock-outside"   wall time outside the event's dates (venue time zone)
 *   "clock-backwards" wall time more than a second before that of a fact
 *                     recorded earlier (by monotonic time) in the same boot
 *   "conflict"        the same badge checked in by two kiosks at two
 *                     different places less than ten seconds apart, which
 *                     no visitor walks (a shared or copied badge); both
 *                     facts. A fast walk from the entrance to a booth is
 *                     not a conflict
 *   "revoked"         a check-in with a badge serial older than the
 *                     attendee's current one (revoked by now; perhaps not
 *                     yet when scanned: revocations carry no time)
 *   "unknown-attendee" a fact naming an attendee the event does not know
 *   "unknown-place"   (nor the same file, for its walk-ins) or such a
 *                     place; exports leave these facts out
 *   "void-foreign"    a void naming a fact another kiosk recorded; it is
 *                     not applied (exports still count the fact) until
 *                     the organizer decides
 *   "walkin-id-conflict" a fact naming a walk-in of its file that claims
 *                     the roster id (ext_id) of one of the event's
 *                     students. Walk-ins enter the event without a
 *                     roster id (kiosks register them without one), so
 *                     this one is kept under its own badge id, never
 *                     dropped, and its facts name it; exports count it
 *                     as the walk-in it is
 * "conflict", "revoked" and "void-foreign" are judged on every fact of
 * the event whenever a merge added facts, so the flag set does not depend
 * on the order of merges.
 *
 * Kiosk files are untrusted input (merge_scan.c): read on a defensive
 * connection that runs none of the file's SQL, their schema compared with
 * a fresh store's, every value checked (types, lengths, ranges, kinds).
 * A fact whose uuid is known (to the event, or another input) with other
 * content is a conflict: its file is refused. The event database itself
 * (or a link to it), a directory, FIFO, device or socket is refused by
 * name before anything is read. Private copies live in a folder beside
 * the event database (0700, files 0600), removed on every return; a
 * folder left by a killed merge is removed by the next.
 *
 * Repairs: a fact whose wall time is outside the event but whose boot also
 * holds facts inside it (a "trusted anchor", e.g. staff set the clock during
 * the boot) gets a repaired wall time, anchor.wall + (fact.mono -
 * anchor.mono), from the anchor nearest in monotonic time. It is stored in
 * merge_repairs(uuid, wall_ms, anchor, distance_ms); facts stay unedited.
 * Exports read times through MERGE_TIME_SQL.
 */
#ifndef FAIR_MERGE_H
#define FAIR_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

#define MERGE_MAX_ATTACH 10   /* SQLite's compiled limit on Debian */
#define MERGE_CONFLICT_MS 10000 /* two places at once: a shared badge */
#define MERGE_BACKWARDS_MS 1000
#define MERGE_MONO_MAX_MS 3153600000000LL /* a century of uptime */

#define MERGE_FLAG_UNKNOWN_ATTENDEE "unknown-attendee"
#define MERGE_FLAG_UNKNOWN_PLACE "unknown-place"
#define MERGE_FLAG_VOID_FOREIGN "void-foreign"
#define MERGE_FLAG_WALKIN_ID_CONFLICT "walkin-id-conflict"

/* What one input contributed; one per input path, in the caller's order. */
struct merge_summary {
	const char *path;        /* the caller's string, not copied */
	char kiosk[64];          /* most frequent kiosk name in its facts */
	long facts;              /* facts in the file */
	long added;              /* facts new to the event database */
	long known;              /* facts the event database already had */
	long flagged;            /* flags newly raised on facts of this file
				  * (a fact in several files counts once, for
				  * the first) */
	long walkins;            /* walk-in attendees new to the event */
	long walkin_conflicts;   /* of those, how many claimed the roster
				  * id of one of the event's students */
	char walkin_claim[64];   /* the first such roster id; "" if none */
	int status;              /* 0, or the FAIR_E* code that refused it */
	char msg[256];           /* why it was refused; "" when fine */
};

/* Called after each checked input (from checking threads, one call at a
 * time) and after each merged input: done of total steps (total = 2 *
 * number of inputs). */
typedef void (*merge_progress_fn)(long done, long total, void *ctx);

struct merge_opts {
	int batch;               /* inputs per transaction; 0 = 9 */
	const char *tmpdir;      /* for the private copies; NULL = a
				  * folder beside the event database.
				  * Needs room for inputs that come with
				  * a -wal */
	merge_progress_fn progress; /* may be NULL */
	void *ctx;               /* passed to progress */
};

/* Merges n kiosk databases into st (the event database). sums must hold n
 * entries; each is filled. Returns 0 when every input was merged;
 * FAIR_EINVAL/FAIR_ENOTOURS/FAIR_ENEWER when some input was refused (then
 * nothing at all was written); FAIR_EIO if the event database could not be
 * written (inputs whose batch committed stay merged: their status is 0);
 * FAIR_ENOMEM when memory ran out (about 16 bytes per input fact and 48
 * per check-in of the event are held at once; at most 20 million facts
 * per input). err names the first bad file. */
int merge_run(struct store *st, const char *const *paths, int n,
	      const struct merge_opts *opts, struct merge_summary *sums,
	      struct fair_err *err);

/* True while a merge of several transactions (more inputs than a batch)
 * stopped between them: killed, the power cut, the disk full. Some files
 * are merged, others not, and the flags that need the whole event are
 * not judged, so exports would be quietly short: they refuse meanwhile.
 * why (may be NULL) gets one sentence naming the files not merged yet.
 * Merging again (the same files: what is merged is skipped) finishes it.
 * False for an event never merged. */
bool merge_incomplete(struct store *st, char *why, size_t cap);

/* Removes the private copies of a merge running in this process and
 * their folder. Async-signal-safe: for a signal handler of the program
 * (then re-raise the signal). */
void merge_cleanup_on_signal(void);

/* Creates merge_flags, merge_repairs and merge_state if missing.
 * merge_run calls it; benchmarks and tests may call it on a database never
 * merged. 0 or FAIR_EIO. */
int merge_tables_ensure(sqlite3 *db, struct fair_err *err);

/* SQL for a fact's best-known wall time in UTC ms, for a query whose facts
 * table is aliased f: the repaired time when merge found one. Use both:
 * "SELECT " MERGE_TIME_SQL " FROM facts f " MERGE_TIME_JOIN. */
#define MERGE_TIME_SQL "COALESCE(f_r.wall_ms, f.wall_ms)"
#define MERGE_TIME_JOIN "LEFT JOIN merge_repairs f_r ON f_r.uuid = f.uuid"
/* Conditions for exports on a merged event (merge tables present): facts
 * left out, and voids not applied. */
#define MERGE_EXCLUDED_SQL \
	"(SELECT uuid FROM merge_flags WHERE reason IN ('" \
	MERGE_FLAG_UNKNOWN_ATTENDEE "','" MERGE_FLAG_UNKNOWN_PLACE "'))"
#define MERGE_VOIDS_HELD_SQL \
	"(SELECT uuid FROM merge_flags WHERE reason = '" \
	MERGE_FLAG_VOID_FOREIGN "')"

#endif
