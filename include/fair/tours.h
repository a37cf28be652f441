/* tours.h: internship tours (シゴトリップ) on the organizer's side: which
 * company hosts visits on which day, who visits whom, and the event's
 * settings for tours, feedback and the stamp rally.
 *
 * A host day is a place of kind PLACE_VISIT with ext_id
 * "visit:<company ext_id>:<YYYY-MM-DD>", named after the company, with its
 * window (starts_ms..ends_ms) and capacity (seats, > 0), exit-tracking so
 * a student scans in and out. A planned visit is an 'assign' fact
 * (attendee -> visit place); a plan changes only by new facts (a VOID fact
 * cancels an assignment), so plans merge like check-ins.
 *
 * The rules of a plan (checked by tours_assign, tours_import_plan and the
 * tests): every student gets exactly `visits` visits, each on a different
 * day and at a company of a different industry (a company without an
 * industry counts as an industry of its own), and no host day gets more
 * students than its capacity. Students are those of role student with a
 * roster id (walk-ins have none).
 *
 * The solver (tours_solve) is pure (arrays in, arrays out) so tests and
 * the benchmark drive it without a database:
 *  1. checks what no plan can get around, and says it in numbers: days,
 *     industries, seats in all, on each day and in each industry
 *     ("2026-12-08: 60 students, 48 seats");
 *  2. share: water-fills the students over host days so every host day's
 *     load is within one student of every other's unless its capacity (or
 *     the number of students who can come that day) stops it; the
 *     remainder goes to host days chosen at random;
 *  3. days: each student, most visits still needed first, takes the days
 *     with the most seats left (ties at random), which meets every day's
 *     share when any assignment of days can (Gale-Ryser);
 *  4. companies: day by day, a max-flow (Dinic) matches that day's students
 *     to industries they have not visited, within each industry's share;
 *     if the shares cannot be met, spare seats are used before giving up.
 * A failed attempt is retried with another order drawn from the seed (at
 * most TOURS_ATTEMPTS); the same seed always gives the same plan.
 */
#ifndef FAIR_TOURS_H
#define FAIR_TOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

/* ---- settings ------------------------------------------------------- */

/* Keys of the settings table used by tours, feedback and the rally. */
#define TOURS_KEY_ORGANIZER "organizer"        /* name on certificates */
#define TOURS_KEY_FEEDBACK_TAGS "feedback_tags" /* '|'-separated labels */
#define TOURS_KEY_LEAD_TAGS "lead_tags"         /* '|'-separated labels */
#define TOURS_KEY_BOOTH_FEEDBACK "booth_feedback" /* "1": ask at booths */
#define TOURS_KEY_RALLY_BOOTHS "rally_booths"   /* N, absent: no rally */
#define TOURS_KEY_RALLY_KINDS "rally_kinds"     /* "booth,session" */
#define TOURS_KEY_VISITS "tour_visits"     /* visits a student, as last
					    * planned by tours_assign */

/* The value of key into out (cap bytes): 0, FAIR_ENOENT when unset (out
 * is then ""), FAIR_EIO. */
int tours_setting_get(struct store *st, const char *key, char *out,
		      size_t cap);
/* Sets key to value, or removes it when value is NULL. 0 or FAIR_EIO. */
int tours_setting_set(struct store *st, const char *key, const char *value,
		      struct fair_err *err);

/* ---- import reports ------------------------------------------------- */

#define TOURS_MESSAGES_MAX 200

/* What an all-or-nothing import found. messages hold "NAME:ROW: reason",
 * one per refused row (the first TOURS_MESSAGES_MAX; refused counts all). */
struct tours_report {
	int rows;          /* data rows read */
	int imported;      /* rows written (0 when any was refused) */
	int refused;
	char **messages;
	int nmessages;
};
void tours_report_release(struct tours_report *rep);

/* ---- host days ------------------------------------------------------ */

/* Imports host days from a CSV (fair/csv.h: UTF-8, BOM or CP932), TSV or
 * Excel sheet (the first; import_open() in fair/import.h) whose
 * header names, in any order, 企業ID (company)*, 日付 (date)*, 定員
 * (capacity)*, 開始 (start), 終了 (end). Dates lie within the event's;
 * start and end are "HH:MM" on that date (default the whole day); the
 * company must be imported already; a company twice on one date is
 * refused. Re-importing updates a host day by company and date.
 * rep is initialised here; release it whatever this returns.
 * Returns 0 once every row is written. FAIR_EINVAL, writing nothing, if any
 * row is refused (rep lists them; err says how many) or the header lacks a
 * column; FAIR_ENOENT without an event; FAIR_EIO. */
int tours_import_hosts(struct store *st, const char *path, const char *name,
		       struct tours_report *rep, struct fair_err *err);

/* True if a header whose cells are keys[0..n) (import_header_key() of
 * fair/import.h) has the required columns of a host days file, or of a
 * plan (tours_import_plan). For telling a file's kind by its header. */
bool tours_hosts_header_fits(const char *const *keys, int n);
bool tours_plan_header_fits(const char *const *keys, int n);

/* ---- the solver ----------------------------------------------------- */

#define TOURS_ATTEMPTS 8

struct tours_slot {           /* one host day */
	int day;                  /* 0..ndays-1 */
	int industry;             /* 0..nindustries-1 */
	int company;              /* any id; distinct companies differ */
	int capacity;             /* seats, > 0 */
};

struct tours_problem {
	int nstudents, nslots, ndays, nindustries;
	int visits;               /* visits per student */
	const struct tours_slot *slot;
	/* assignments that stay (students already assigned): pairs */
	int nkept;
	const int *kept_student, *kept_slot;
	uint64_t seed;
	/* for messages; NULL prints "day 3", "industry 2" */
	const char *const *day_name;
	const char *const *industry_name;
};

/* New assignments: student[i] visits slot[i]. */
struct tours_plan {
	int n;
	int *student, *slot;
};

/* Solves p into out (caller frees with tours_plan_free). Students with
 * kept assignments get only the visits they lack, on other days and in
 * other industries. Returns 0, FAIR_ENOMEM, or FAIR_EINVAL when no plan
 * was found: err holds every reason found, one per line, in numbers. */
int tours_solve(const struct tours_problem *p, struct tours_plan *out,
		struct fair_err *err);
void tours_plan_free(struct tours_plan *plan);

/* ---- assignments in the event database ------------------------------ */

struct tours_assign_opts {
	int visits;               /* per student, >= 1 */
	uint64_t seed;
	bool reassign;            /* void every assignment, plan afresh */
	int64_t now_ms;           /* wall_ms of the facts written */
};

struct tours_assign_result {
	int students;             /* students in the plan */
	int kept;                 /* who kept their visits */
	int assigned;             /* new assign facts */
	int voided;               /* assignments cancelled (--reassign) */
	int host_days;
};

/* Plans the students' visits and records them as 'assign' facts in one
 * transaction, with o->visits as the setting TOURS_KEY_VISITS.
 * FAIR_EINVAL (nothing written) if impossible, err saying why in
 * numbers; FAIR_ENOENT without host days or students. */
int tours_assign(struct store *st, const struct tours_assign_opts *o,
		 struct tours_assign_result *res, struct fair_err *err);

/* Writes the current plan to path as CSV, UTF-8 with a BOM, CRLF:
 * attendee,date,company,氏名,学校名,企業名,業種; one row per valid
 * assignment, by attendee then date. *rows gets the count. 0 or FAIR_EIO. */
int tours_plan_write(struct store *st, const char *path, long *rows,
		     struct fair_err *err);

/* Loads a plan (as tours_plan_write writes it, edited by hand, as CSV, TSV
 * or the first sheet of an .xlsx: columns
 * attendee/受付番号, date/日付, company/企業ID; others ignored) checking
 * every rule above: students in the file get exactly their rows as
 * assignments (others keep theirs, and count against capacity). Any row
 * refused: FAIR_EINVAL, nothing written, rep lists "NAME:ROW: reason". */
int tours_import_plan(struct store *st, const char *path, const char *name,
		      int visits, int64_t now_ms, struct tours_report *rep,
		      struct fair_err *err);

/* One student's visit moved (the console's plan page): the visit on
 * from_date goes to to_company's host day on to_date (the same date to
 * change only the company). Checked by the rules of tours_import_plan
 * with the student's other visits and everyone else's kept: one company
 * a day, no industry twice, the host day's seats. 0 once recorded (a VOID
 * and an 'assign' fact); FAIR_EINVAL, nothing written, with err saying
 * why (rep lists every reason); FAIR_ENOENT without an event; FAIR_EIO.
 * rep is initialised here; release it whatever this returns. */
struct tours_move {
	const char *attendee;     /* roster id */
	const char *from_date;    /* YYYY-MM-DD of the visit moved */
	const char *to_company;   /* company ext_id */
	const char *to_date;      /* YYYY-MM-DD */
};
int tours_move(struct store *st, const struct tours_move *mv,
	       int64_t now_ms, struct tours_report *rep, struct fair_err *err);

/* The plan as a screen shows it: every host day (by date, then company)
 * with its seats and who visits, and the students without a whole plan.
 * Arrays owned by the view; free with tours_view_free(). */
struct tours_host_day {
	char place[96];           /* place ext_id "visit:C001:2026-12-08" */
	char company[64];         /* company ext_id */
	char company_name[STORE_TEXT];
	char industry[STORE_TEXT]; /* "" when the company has none */
	char date[11];            /* venue-local YYYY-MM-DD */
	int capacity;
	int assigned;             /* students the plan puts here */
};
struct tours_view_student {
	char id[64];              /* roster id */
	char name[STORE_TEXT];
	char school[STORE_TEXT];
	int visits;               /* visits in the plan */
};
struct tours_view {
	int nhosts;
	struct tours_host_day *host;
	int nstudents;            /* students of the event, by roster id */
	struct tours_view_student *student;
	int nvisits;              /* valid assignments, by host day */
	int *visit_host;          /* index into host */
	int *visit_student;       /* index into student */
};
/* 0, FAIR_ENOENT without an event, FAIR_ENOMEM, FAIR_EIO. */
int tours_view_load(struct store *st, struct tours_view *out,
		    struct fair_err *err);
void tours_view_free(struct tours_view *v);

/* The plan as tours_plan_write writes it, in a format of fair/tourdata.h
 * (CSV or XLSX; the same columns, so either imports back). 0 or FAIR_EIO.
 * format is an enum tour_format. */
int tours_plan_export(struct store *st, int format, const char *path,
		      long *rows, struct fair_err *err);

/* A visit kiosk's share of the plan: replaces the 'assign' facts in
 * kiosk (a bundle's database) with the valid ones of the event database
 * at event_db for company_id's host days, so the kiosk knows who is
 * expected; facts it recorded itself are untouched. 0 or FAIR_EIO. */
int tours_pack_plan(struct store *kiosk, const char *event_db,
		    uint32_t company_id, struct fair_err *err);
/* The first host day of a company (by date): its place ext_id into out.
 * 0 or FAIR_ENOENT. */
int tours_first_visit(struct store *st, const char *company_ext,
		      char out[64]);

/* The venue-local date "YYYY-MM-DD" of a host day place. */
void tours_visit_date(const struct event_info *ev, const struct place *p,
		      char out[11]);

#endif
