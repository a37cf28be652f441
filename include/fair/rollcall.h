/* rollcall.h: roll-call for groups (a bus, a class, a tour day's party):
 * "who is missing?" at each departure.
 *
 * Groups come from `fairsync import groups FILE` (グループ, 学生ID or
 * 社員ID), all rows or none; an import replaces every group. A kiosk of
 * role rollcall (a tablet in a staff member's hand) picks a group, marks
 * each member whose badge is scanned (or whom staff mark by hand) present,
 * shows who is still missing, and at 出発 records one 'departure' fact:
 *
 *   kind 'departure', attendee_id 0, place_id the kiosk's place (or 0),
 *   tags  the group's name,
 *   note  "present=ID,IDm,...;missing=ID,..." where ID is attendees.id
 *         and a trailing 'm' marks a member marked present by hand.
 *
 * The fact merges like any other (merge's value rules: the note fits
 * FACT_NOTE_MAX, so a group holds at most ROLLCALL_MEMBERS_MAX members).
 * struct rollcall is the kiosk's pure state (no SQLite, no SDL): tests
 * drive it directly; the kiosk's screens are SCREEN_ROLLCALL in brain.h
 * (src/brain/brain_rollcall.c). The store side (groups.c) never prints.
 */
#ifndef FAIR_ROLLCALL_H
#define FAIR_ROLLCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

#define ROLLCALL_MEMBERS_MAX 80 /* 80 x "4294967295m," fits a fact note */
#define ROLLCALL_GROUPS_MAX 200

/* ---- the kiosk's state (src/brain/rollcall.c) ------------------------ */

struct rollcall_member {
	uint32_t attendee_id;
	char name[STORE_TEXT];
	char kana[STORE_TEXT];
	bool present;             /* marked for this departure */
	bool manual;              /* marked by staff's hand, not a scan */
};

struct rollcall {
	char group[STORE_TEXT];   /* "" until a group is picked */
	int n;
	struct rollcall_member m[ROLLCALL_MEMBERS_MAX];
};

enum rollcall_mark {
	ROLLCALL_MARKED = 0,      /* now present */
	ROLLCALL_ALREADY,         /* was present already: say so */
	ROLLCALL_NOT_MEMBER,      /* not in this group */
};

/* Marks attendee_id present (manual: by hand). */
enum rollcall_mark rollcall_mark(struct rollcall *rc, uint32_t attendee_id,
				 bool manual);
/* Members not yet marked. */
int rollcall_missing(const struct rollcall *rc);
/* The departure fact of the current marks (kind, tags, note; the caller
 * sets kiosk, times, place), then clears the marks for the next
 * departure. 0, or FAIR_EINVAL without a group. */
int rollcall_depart(struct rollcall *rc, struct fact *out);

/* A departure fact's note read back: present and missing ids (manual[i]
 * for present[i]), at most ROLLCALL_MEMBERS_MAX each. 0 or FAIR_EINVAL
 * for a note not of that form. */
struct rollcall_departure {
	int npresent, nmissing;
	uint32_t present[ROLLCALL_MEMBERS_MAX];
	bool manual[ROLLCALL_MEMBERS_MAX];
	uint32_t missing[ROLLCALL_MEMBERS_MAX];
};
int rollcall_parse(const char *note, struct rollcall_departure *out);

/* ---- the store (src/organizer/groups.c) ------------------------------ */

struct rollcall_report {
	int groups, members;      /* imported */
	int refused;              /* bad rows: then nothing was imported */
	char **messages;          /* "FILE:ROW: reason" */
	int nmessages;
};

/* Imports groups from a CSV/TSV file (UTF-8 or CP932), replacing every
 * group, all rows or none: a row naming an unknown attendee, a group
 * over ROLLCALL_MEMBERS_MAX or a member twice in a group refuses the
 * file (FAIR_EINVAL, each row in rep->messages) and changes nothing.
 * Release rep with rollcall_report_release() whatever this returns. */
int rollcall_import(struct store *st, const char *path, const char *name,
		    struct rollcall_report *rep, struct fair_err *err);
void rollcall_report_release(struct rollcall_report *rep);

/* Calls fn for each group by name with its member count. 0 or FAIR_EIO. */
int rollcall_groups_each(struct store *st,
			 void (*fn)(const char *group, int members, void *),
			 void *ctx);
/* Loads a group's members (by kana) into rc, marks cleared. 0,
 * FAIR_ENOENT for an unknown group, FAIR_EIO. */
int rollcall_load(struct store *st, const char *group, struct rollcall *rc);

/* Calls fn for each valid departure fact, oldest first: the group, the
 * time (UTC ms, the best known: repaired by merge where it was), the
 * present and missing names joined with "、" (manual marks with
 * "(手動)"). 0 or FAIR_EIO. */
struct rollcall_row {
	char group[STORE_TEXT];
	char kiosk[64];
	int64_t wall_ms;
	int npresent, nmissing, nmanual;
	char present[2048];
	char missing[2048];
};
int rollcall_departures_each(struct store *st,
			     void (*fn)(const struct rollcall_row *, void *),
			     void *ctx, struct fair_err *err);

#endif
