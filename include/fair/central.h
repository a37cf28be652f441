/* central.h: a central PostgreSQL store for organizations that outgrow one
 * laptop (libpq). It holds every event pushed to it (roster, places,
 * facts, provision records) under a versioned schema, so several
 * organizers' event files and live kiosks converge on one server.
 *
 * Semantics are merge's (merge.h): a push or pull is a set union of facts
 * keyed by UUID, idempotent and order-free, in one transaction (all or
 * nothing). A fact whose UUID the other side holds with different content
 * refuses the whole push or pull, naming the fact. Roster rows (companies,
 * places, attendees) take the pushed values, except that a badge serial
 * never goes back (the higher one wins) and revocations only accumulate.
 * Pulls write what the server sends into a private SQLite file first and
 * merge it with merge_run(), so every untrusted-input check of a kiosk file
 * applies to the server's rows too.
 *
 * Roles: the URL's user runs init, push, pull and grant (an organizer).
 * central_grant() makes a login role for one kiosk of one event; the
 * server's row security and CHECK constraints hold it to that event and
 * that kiosk name, and to the rules merge applies to a kiosk file, so a
 * row the server accepted never makes a pull fail.
 */
#ifndef FAIR_CENTRAL_H
#define FAIR_CENTRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fair/err.h"
#include "fair/store.h"

#define CENTRAL_SCHEMA_VERSION 7

struct central;

/* Connects to url ("postgresql://..." or a libpq keyword string). NULL with
 * err on failure; the message never echoes the password. */
struct central *central_connect(const char *url, struct fair_err *err);
void central_close(struct central *c);

/* Creates the schema, or migrates an older one to CENTRAL_SCHEMA_VERSION.
 * *from is the version found (0: an empty database). FAIR_ENEWER if the
 * server's schema is newer than this program knows. */
int central_init(struct central *c, int *from, struct fair_err *err);
/* central_init() stopping at version `to` (1 to CENTRAL_SCHEMA_VERSION):
 * tests make an older server with it, to test the migrations. */
int central_migrate(struct central *c, int to, int *from,
		    struct fair_err *err);

struct central_counts {
	long facts_sent;     /* facts in the source */
	long facts_added;    /* facts new to the destination */
	long attendees;      /* roster rows sent */
	long records;        /* provision records new to the destination */
};

/* Pushes the event in st (event with its kind and its window, keys,
 * roster, students' and companies' profiles, employees, groups and their
 * members, settings, revocations, facts, provision records) to the
 * server. The window is the first instant of its first day and of the
 * day after its last (caltime.c): the server refuses a kiosk's fact
 * outside it. A pushed group's members replace the server's. */
int central_push(struct central *c, struct store *st,
		 struct central_counts *out, struct fair_err *err);

/* Pulls event event_id from the server into st: roster and revocations,
 * then facts through merge_run() from a private file created beside
 * db_path (mode 0600, removed on every path). When st holds no event yet
 * it becomes that event (keys included). event_id 0: st's own event. */
int central_pull(struct central *c, struct store *st, const char *db_path,
		 uint32_t event_id, struct central_counts *out,
		 struct fair_err *err);

enum central_grant_flags {
	CENTRAL_GRANT_ROTATE = 1 << 0, /* a new password for an existing login */
};

/* Creates the login role of kiosk `kiosk` of event event_id (which the
 * server must hold: push it first) and writes its connection URL, built
 * from the server's host and port, into url. The role is named from the
 * event and the kiosk's name (fk_k_EVENT_NAME, lowercase, other
 * characters '_'); its row security lets it read only its event's roster
 * without contact details, revocations, places and companies, add only
 * facts of that event under that kiosk name inside the event's days,
 * void only its own facts, and create no tables. FAIR_EINVAL when the
 * kiosk has a login already (CENTRAL_GRANT_ROTATE gives it a new
 * password: its old URL stops working) or another kiosk's name maps to
 * the same role (both names in err); FAIR_ENOENT when rotating a login
 * that does not exist or the event is not on the server. Nothing changes
 * on failure. */
int central_grant(struct central *c, const char *kiosk, uint32_t event_id,
		  unsigned flags, char *url, size_t cap, struct fair_err *err);

/* Ends the login of kiosk `kiosk` (its kiosk name or its role's name) of
 * event event_id (0: the only event that has a kiosk of that name): the
 * role loses its login and the kiosk group, is dropped, and its open
 * sessions are ended (their number in *ended). FAIR_ENOENT when there is
 * no such login, FAIR_EINVAL when several events have one (nothing
 * changes then); FAIR_EIO when the login ended but a session could not be
 * (the server's reason in err). */
int central_revoke_kiosk(struct central *c, const char *kiosk,
			 uint32_t event_id, long *ended,
			 struct fair_err *err);

/* A read-only snapshot of a central event, for the commands that read an
 * event file (export, report, status, records): url is a PostgreSQL URL,
 * optionally ending in "#EVENT_ID" (needed when the server holds several
 * events). The event is pulled into a private file that is unlinked as
 * soon as it is open again read-only, so nothing is left on disk. NULL
 * with err on failure. */
struct store *central_snapshot(const char *url, struct fair_err *err);

/* A season of the central store as one read-only event file, for the
 * KPI report across events (export kpi --db URL): every event the server
 * holds, or with season ("2026" or "2026年度") those starting in that
 * fiscal year (April 1 to March 31). Each event is pulled as by
 * central_pull(), then copied into a private file with its ids renumbered
 * (the events' own ids overlap): roster IDs and group names gain
 * "E<event id>:", so a student or company at two events is two rows, as
 * funders count participations (延べ). The file's event is named for the
 * season, spans its events' dates and is a training only if every event
 * is; the prefecture and internship type are set only where every event
 * sets the same. A URL ending in "#EVENT_ID" is that event alone, as
 * central_snapshot() (season must be NULL then). Nothing stays on disk.
 * NULL with err: FAIR_ENOENT when no event matches. */
struct store *central_season_open(const char *url, const char *season,
				  struct fair_err *err);

/* True if s names a PostgreSQL database rather than a file. */
bool central_is_url(const char *s);

struct purge_summary;

/* purge.h's retention on the server: every attendee of every event (or of
 * event_id when not 0) not seen since before_ms loses what purge_run()
 * removes: name, furigana, faculty, grade, e-mail, phone, consent and
 * roster id, a student's prefecture and school type, an employee's
 * department and title; lead notes about them go; provision records
 * older than 3 years (before now_ms) go. One transaction; dry_run only
 * counts. A later push
 * never restores a purged attendee's rows (an older event file may still
 * hold them), and a pull brings the cleared values into the file. */
int central_purge(struct central *c, uint32_t event_id, int64_t before_ms,
		  int64_t now_ms, bool dry_run, struct purge_summary *out,
		  struct fair_err *err);

/* The season across every event the server holds, one row per student
 * (known by e-mail address, else by name and school): name, furigana,
 * school, events attended and their names, as CSV (UTF-8 with a BOM,
 * Japanese headers, cells that would run as formulas neutralised) to out.
 * The number of students, or a negative FAIR_* code. */
long central_season_csv(struct central *c, FILE *out, struct fair_err *err);

/* ---- a kiosk's live link ------------------------------------------- */

/* What a kiosk with `[sync] central = URL` runs on a thread of its own:
 * facts it recorded go up, revocations and badge serials come down. It
 * reads the kiosk's database through its own connection and keeps the
 * UUIDs already sent in a side file (kiosk_db + "-sync"), never in the
 * kiosk's database, so a check-in never waits for it. A fact is marked
 * sent only after the server committed it, and the server ignores a UUID
 * it holds, so a link that drops at any moment neither loses nor doubles
 * a check-in. */
struct central_sync;

#define CENTRAL_SYNC_BATCH 500 /* facts sent per step */

/* Opens the local side; the server is connected on the first step. */
struct central_sync *central_sync_open(const char *url, const char *kiosk_db,
				       uint32_t event_id,
				       struct fair_err *err);

struct central_sync_state {
	long sent;        /* facts the server committed in this step */
	long waiting;     /* facts recorded here and not yet on the server */
	long revoked;     /* revocations new to this kiosk in this step */
	long refused;     /* facts the server refused for good in this step
			   * (e.g. recorded outside the event's days): never
			   * sent again, kept in the kiosk's file for merge */
	char why[256];    /* the server's reason for the refused one */
};

/* One round: (re)connects if needed, sends up to CENTRAL_SYNC_BATCH facts
 * (of the login's own kiosk name, as the server says), takes new
 * revocations and serials. A fact the server refuses for its own sake
 * (its values or time: SQLSTATE classes 22, 23) rolls the round back, is
 * set aside in the side file and counted in out->refused; the next round
 * sends the rest. FAIR_EIO when the server cannot be reached or refuses
 * the login (another event's, another kiosk name's than the facts bear:
 * the connection is dropped and retried by the next step); the local
 * side is never harmed. */
int central_sync_step(struct central_sync *s, struct central_sync_state *out,
		      struct fair_err *err);

/* The stamp rally as the server counts it, from every kiosk's scans: for
 * each attendee with a stamp, each(attendee, stamps, ctx), in attendee
 * order. A stamp is a distinct place of one of kinds (comma-separated: the
 * event's rally_kinds) entered and not voided by its own kiosk. Needs the
 * server at schema 2 (`fairsync central init` migrates) and, from schema
 * 4, a login of the link's event; FAIR_EIO if it cannot answer. */
int central_sync_rally(struct central_sync *s, const char *kinds,
		       void (*each)(uint32_t attendee, int stamps, void *ctx),
		       void *ctx, struct fair_err *err);

void central_sync_close(struct central_sync *s);

#endif
