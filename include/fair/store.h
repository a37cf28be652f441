/* store.h: the SQLite file every fairkiosk program reads and writes.
 *
 * One schema serves the organizer's event database and every kiosk
 * database (docs/schema.md). Roster tables (event, keys, companies, places,
 * attendees, revocations) describe the event; the facts table is an
 * append-only log of what happened. Facts are never edited: a correction
 * is a new VOID fact naming the one it cancels. A fact's id is a UUIDv7
 * (time-ordered, 74 random bits), unique even when one kiosk bundle is
 * copied onto two machines, so merging databases is a set union.
 *
 * Invariants: every write is one transaction; a function that returns 0
 * after writing has committed durably (WAL + synchronous=FULL). The store
 * never prints; failures fill struct fair_err.
 */
#ifndef FAIR_STORE_H
#define FAIR_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "fair/err.h"
#include "fair/token.h"
#include "fair/types.h"

#define STORE_SCHEMA_VERSION 4
#define STORE_APPLICATION_ID 0x46414952 /* "FAIR" in PRAGMA application_id */

enum store_flags {
	STORE_CREATE = 1 << 0,   /* create the file and schema if missing */
	/* open read-only; never migrates, and writes nothing beside the
	 * file: with no -wal/-shm/-journal there it opens immutable */
	STORE_READONLY = 1 << 1,
	/* the kiosk: watch the file (store_check_file) and refuse to confirm
	 * a fact into a file that is no longer the one at the path */
	STORE_WATCH = 1 << 2,
};

struct store;

/* Opens (or with STORE_CREATE makes) a fairkiosk database at path and
 * brings an older schema up to date. Fails, changing nothing, with
 * FAIR_ENOTOURS for a file that is not ours (or that holds a trigger or a
 * view, which ours never do: one could undo each fact as it is
 * confirmed) and FAIR_ENEWER for a newer schema. A file from outside
 * (a stick, an upload) is checked with kioskfile_check first. Returns
 * NULL on failure. Caller closes. */
struct store *store_open(const char *path, unsigned flags,
			 struct fair_err *err);
void store_close(struct store *st);

/* With STORE_WATCH: 0 while the file at the path the store was opened
 * with is still the file it has open (same device and inode, still
 * linked), no other program wrote into it, and it is writable. Otherwise
 * FAIR_EIO with the reason naming the path; the first time, a file renamed
 * away or deleted gets every committed fact checkpointed into it (so the
 * renamed file holds all that was confirmed) and the -wal at the path is
 * emptied (it must never be applied to another file put there). A file
 * changed in place is left as it is and the store never checkpoints into
 * it again. Returns 0 again once the same file is back at the path. A few
 * stat calls: cheap enough for every fact. Without STORE_WATCH, 0.
 * A watched store holds a descriptor of its own on the file until
 * store_close; close other connections of this process to the same file
 * first (closing any descriptor drops the process's POSIX locks on it). */
int store_check_file(struct store *st, struct fair_err *err);

/* The underlying handle. Owned by st. Who may use it: the library's
 * modules that run their own SQL (src/core, src/organizer, src/tours,
 * src/privacy, src/central), never the front ends: fairkiosk (src/kiosk)
 * and fairsync (src/fairsync) ask the library by name, so a figure is
 * computed in one place (issue 22; the front ends' remaining calls are
 * being moved into the library). */
sqlite3 *store_db(struct store *st);

/* Adds the calendar's SQL functions to db (store_open does it for every
 * store), answered by caltime.c so SQL never does its own date arithmetic
 * (no strftime, date() or julianday in the library's queries):
 *   venue_day(ms, offset_min)   cal_local_day(): the venue day number
 *   venue_hour(ms, offset_min)  cal_local_hour(): the venue hour number
 *   venue_hour_label(hour)      cal_format_hour(): "YYYY-MM-DD HH:00"
 * NULL in any argument gives NULL. 0 or FAIR_EIO. */
int store_cal_register(sqlite3 *db, struct fair_err *err);

/* Calls stop(ctx) every steps steps of the work of st's statements; a
 * nonzero answer ends the statement running (it fails with "interrupted",
 * nothing of it kept). stop NULL removes it. For long reads a user may
 * cancel (the console's stop). */
void store_progress(struct store *st, int steps, int (*stop)(void *),
		    void *ctx);
/* Ends the statement st runs now, if any; from any thread. */
void store_interrupt(struct store *st);

/* A value bound to a query's ?N: text when text is not NULL, else num. */
struct store_arg {
	const char *text;    /* bound as text (SQLITE_STATIC: must outlive
			      * the call) */
	int64_t num;         /* bound as an integer when text is NULL */
};
#define STORE_NUM(v) ((struct store_arg){ NULL, (int64_t)(v) })
#define STORE_STR(s) ((struct store_arg){ (s), 0 })

/* Runs sql, a query answering one integer in its first column (count(*),
 * max(...)), with ?1..?nargs bound to args (NULL when nargs is 0):
 *   store_query_int64(st, "SELECT count(*) FROM facts WHERE kind = ?1",
 *                     (struct store_arg[]){ STORE_STR(kind) }, 1, &n);
 * 0 with *out set (a NULL value reads as 0); FAIR_ENOENT when the query
 * returns no row and FAIR_EIO when it fails, *out untouched either way.
 * The one way the library and its callers read a single number. */
int store_query_int64(struct store *st, const char *sql,
		      const struct store_arg *args, int nargs, int64_t *out);

/* Runs `BEGIN IMMEDIATE`/`COMMIT`/`ROLLBACK` for callers batching writes
 * (imports). Return 0 or FAIR_EIO. */
int store_begin(struct store *st, struct fair_err *err);
int store_commit(struct store *st, struct fair_err *err);
void store_rollback(struct store *st);

/* ---- event ---------------------------------------------------------- */

#define STORE_TEXT 128 /* size of the short text fields below */

struct event_info {
	uint32_t event_id;       /* random, carried in every badge */
	char name[256];
	char start_date[11];     /* YYYY-MM-DD, local to the venue */
	char end_date[11];       /* YYYY-MM-DD, inclusive */
	int utc_offset_min;      /* venue time zone; 540 for Japan */
};

/* Creates the event row and a first signing keypair. FAIR_EINVAL if the
 * dates are not valid YYYY-MM-DD or end < start, or an event exists. */
int store_event_create(struct store *st, const char *name,
		       const char *start_date, const char *end_date,
		       struct fair_err *err);
/* FAIR_ENOENT if the database holds no event yet. */
int store_event_get(struct store *st, struct event_info *out,
		    struct fair_err *err);

/* All verify keys (oldest first). Returns 0 or FAIR_EIO. */
int store_keys_load(struct store *st, struct token_keys *out,
		    struct fair_err *err);
/* The newest signing key; FAIR_ENOENT where the kiosk carries none. */
int store_signing_key(struct store *st, uint8_t sk[TOKEN_SK_BYTES],
		      struct fair_err *err);

/* ---- roster --------------------------------------------------------- */

struct company {
	uint32_t id;             /* 0 before the first upsert */
	char ext_id[64];         /* the organizer's id, from the CSV */
	char name[STORE_TEXT];
	char industry[STORE_TEXT];
	char booth[32];          /* booth number or label in the hall */
};

enum place_kind {
	PLACE_ENTRANCE = 0,
	PLACE_BOOTH,
	PLACE_SESSION,
	PLACE_VISIT,             /* a company hosting tour visits on one day */
};

struct place {
	uint32_t id;
	char ext_id[64];         /* "entrance", "booth:<company ext_id>", ... */
	enum place_kind kind;
	char name[STORE_TEXT];
	uint32_t company_id;     /* booth, or a session a company runs; or 0 */
	char room[64];           /* session room */
	int64_t starts_ms;       /* session window in UTC ms; 0 if none */
	int64_t ends_ms;
	int capacity;            /* seats; 0 means no limit */
	bool exit_tracking;      /* entry/exit place rather than entry-only */
};

struct attendee {
	uint32_t id;             /* carried in the badge */
	char ext_id[64];         /* roster id; "" for kiosk walk-ins */
	char name[STORE_TEXT];
	char kana[STORE_TEXT];
	char school[STORE_TEXT];
	char faculty[STORE_TEXT];
	char grade[16];
	char email[STORE_TEXT];
	char phone[32];
	bool consent;            /* share contact details with companies */
	char consent_version[32];/* version of the consent text shown */
	uint8_t role;            /* enum token_role */
	uint16_t serial;         /* current badge serial; older are revoked */
};

/* Upsert by ext_id (insert when new, update when known). On return ->id is
 * set. Walk-ins (empty ext_id) always insert, with a random id whose top
 * bit is set so kiosks never collide with the roster's ids. */
int store_company_upsert(struct store *st, struct company *c,
			 struct fair_err *err);
int store_place_upsert(struct store *st, struct place *p,
		       struct fair_err *err);
int store_attendee_upsert(struct store *st, struct attendee *a,
			  struct fair_err *err);

/* Lookups: 0, or FAIR_ENOENT when absent. */
int store_company_get(struct store *st, uint32_t id, struct company *out);
int store_company_by_ext(struct store *st, const char *ext_id,
			 struct company *out);
int store_place_get(struct store *st, uint32_t id, struct place *out);
int store_place_by_ext(struct store *st, const char *ext_id,
		       struct place *out);
int store_attendee_get(struct store *st, uint32_t id, struct attendee *out);
int store_attendee_by_ext(struct store *st, const char *ext_id,
			  struct attendee *out);

/* Calls fn for every company (by ext_id) or every place (entrance, booths,
 * sessions, visits, each by ext_id), e.g. to list the valid choices when
 * one given is wrong. The row passed is valid during the call only. 0 or
 * FAIR_EIO. */
int store_company_each(struct store *st,
		       void (*fn)(const struct company *, void *), void *ctx);
int store_place_each(struct store *st,
		     void (*fn)(const struct place *, void *), void *ctx);

/* Calls fn for each attendee whose kana or name starts with prefix
 * (prefix "" lists everyone), in kana order, at most limit times. */
int store_attendee_search(struct store *st, const char *prefix, int limit,
			  void (*fn)(const struct attendee *, void *),
			  void *ctx);

/* Revokes the attendee's current badge: bumps the serial, records the old
 * one as revoked, and returns the new serial in *serial_out. */
int store_attendee_reissue(struct store *st, uint32_t attendee_id,
			   uint16_t *serial_out, struct fair_err *err);
/* True if this badge serial is revoked (an older serial than the current,
 * or listed in revocations). Unknown attendees are not revoked. */
bool store_serial_revoked(struct store *st, uint32_t attendee_id,
			  uint16_t serial);

/* ---- facts ---------------------------------------------------------- */

enum fact_kind {
	FACT_CHECKIN = 0, /* attendee scanned in (or out) at a place */
	FACT_VOID,        /* cancels the fact named in ->voids */
	FACT_REGISTER,    /* a walk-in registered at an entrance kiosk */
	FACT_FEEDBACK,    /* a student's rating of a place (rating 1-5) */
	FACT_LEAD,        /* company staff's note on a visitor (rating 1-4) */
	FACT_ASSIGN,      /* a planned tour visit: attendee to visit place */
	FACT_CONSENT,     /* consent to one company (place: its booth):
			   * direction 1 given, -1 withdrawn; note: the
			   * consent text's version (fair/consent.h) */
	FACT_DEPARTURE,   /* a group's roll-call at departure (rollcall.h) */
	FACT_SURVEY,      /* a before-and-after survey answer */
	FACT_KIND_COUNT
};

enum fact_flags {
	FACT_EXIT_WITHOUT_ENTRY = 1 << 0, /* recorded, flagged for merge */
	FACT_CLOCK_SUSPECT = 1 << 1,      /* kiosk clock outside the event */
	FACT_NOT_EXPECTED = 1 << 2,       /* at a visit not assigned to them */
	FACT_NEW_SCHOOL = 1 << 3,         /* register: a school typed at the
					   * kiosk, not one from the roster */
};

#define FACT_TAGS_MAX 256  /* bytes of fact.tags, NUL included */
#define FACT_NOTE_MAX 1024 /* bytes of fact.note, NUL included */

#define FACT_UUID_BYTES 16

struct fact {
	uint8_t uuid[FACT_UUID_BYTES]; /* zero: store_fact_append makes one */
	enum fact_kind kind;
	char kiosk[64];          /* kiosk name from kiosk.ini */
	uint32_t place_id;
	uint32_t attendee_id;
	uint16_t serial;         /* badge serial scanned */
	int direction;           /* +1 in, -1 out */
	enum input_source source;
	int64_t wall_ms;         /* kiosk wall clock, UTC ms (may be wrong) */
	char boot_id[40];        /* /proc/sys/kernel/random/boot_id */
	int64_t mono_ms;         /* CLOCK_MONOTONIC ms within that boot */
	uint8_t voids[FACT_UUID_BYTES]; /* FACT_VOID: the cancelled fact */
	unsigned flags;          /* enum fact_flags */
	int rating;              /* feedback 1-5, lead 1-4; else 0 */
	char tags[FACT_TAGS_MAX]; /* feedback/lead: tag ids, '|'-separated */
	char note[FACT_NOTE_MAX]; /* feedback comment, lead note */
};

/* Appends f in its own durable transaction. Fills f->uuid if all zero.
 * Returns 0 only once the fact is on disk; FAIR_EIO (disk full, read-only)
 * leaves the database as it was. With STORE_WATCH, store_check_file runs
 * before the write (a failure writes nothing) and after the commit (a
 * failure returns FAIR_EIO: the fact went to a file no longer at the
 * path, so it is not confirmed). */
int store_fact_append(struct store *st, struct fact *f,
		      struct fair_err *err);

/* The earliest still-valid (not voided) check-in of attendee at place with
 * wall_ms >= since_ms and the given direction. 0 and *out, or FAIR_ENOENT. */
int store_first_checkin(struct store *st, uint32_t attendee_id,
			uint32_t place_id, int direction, int64_t since_ms,
			struct fact *out);
/* The latest valid check-in (either direction) of attendee at place. */
int store_last_checkin(struct store *st, uint32_t attendee_id,
		       uint32_t place_id, struct fact *out);
/* Distinct attendees with a valid check-in at place since since_ms; for an
 * exit-tracking place, those whose latest valid check-in is an entry. */
int store_place_count(struct store *st, const struct place *p,
		      int64_t since_ms);
/* Valid check-ins at place with wall_ms in [from_ms, to_ms). */
int store_checkin_count(struct store *st, uint32_t place_id, int64_t from_ms,
			int64_t to_ms);
/* Calls fn for the newest valid check-ins, newest first, at most limit. */
int store_recent_checkins(struct store *st, int limit,
			  void (*fn)(const struct fact *, void *), void *ctx);
int store_fact_get(struct store *st, const uint8_t uuid[FACT_UUID_BYTES],
		   struct fact *out);
/* True if a valid (not voided) 'assign' fact plans attendee at place: the
 * tour plan, which a visit kiosk's bundle carries. */
bool store_assigned(struct store *st, uint32_t attendee_id,
		    uint32_t place_id);

/* UUID as 32 lowercase hex characters plus NUL. */
void fact_uuid_hex(const uint8_t uuid[FACT_UUID_BYTES], char out[33]);
const char *fact_kind_name(enum fact_kind k);
const char *place_kind_name(enum place_kind k);

/* "file:" + path percent-encoded where URI syntax needs it, + query
 * (e.g. "?immutable=1"), for SQLITE_OPEN_URI. -1 if it does not fit cap. */
int store_path_uri(char *out, size_t cap, const char *path,
		   const char *query);

/* Writes a consistent copy of the whole database to path through SQLite's
 * backup API (never a half-copied WAL). The copy is in rollback-journal
 * mode so it is one self-contained file. */
int store_backup(struct store *st, const char *path, struct fair_err *err);

/* A copy for a USB stick at path, which must not exist: made in memory
 * without the signing secret key (keys.secret NULL), written by VACUUM
 * INTO (a fresh file: no freed page, no journal ever holds the key) with
 * mode 0600 and fsynced, then read back: integrity_check ok, no secret,
 * the same number of facts as st. *facts gets that number. On failure
 * nothing is left at path. */
int store_copy_for_stick(struct store *st, const char *path, long *facts,
			 struct fair_err *err);

#endif
