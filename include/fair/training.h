/* training.h: joint employee training (域内企業等の合同社員研修): an event
 * of kind "training" whose attendees are employees of member companies.
 *
 * An employee is an attendee of role TOKEN_ROLE_EMPLOYEE (2) with a row in
 * the employees table: the company (companies.id), department and title.
 * The attendee's school field holds the company's name, so the kiosk's
 * screens and the badge show the employee's company where a student's
 * school would be. `fairsync import employees` (import.h,
 * IMPORT_EMPLOYEES) writes both, all rows or none.
 *
 * A training series is one event over several days; its sessions are the
 * event's places of kind PLACE_SESSION, and every employee is expected at
 * every session. An employee attended a session when a valid check-in
 * (entry, not voided; export.h) at it exists. Student reports (attendance,
 * visits, leads, summary, KPIs) count role 0 only, so employees never
 * appear there.
 *
 * The library never prints; errors come back in struct fair_err.
 */
#ifndef FAIR_TRAINING_H
#define FAIR_TRAINING_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

enum event_kind {
	EVENT_FAIR = 0,          /* the default: a fair, seminars, a tour */
	EVENT_TRAINING,          /* joint training of member companies' staff */
};

/* "fair" / "training" and back; parse returns 0 or FAIR_EINVAL. */
const char *event_kind_name(enum event_kind k);
int event_kind_parse(const char *s, enum event_kind *out);
/* The event's kind (event.kind). 0, or FAIR_ENOENT without an event. */
int event_kind_get(struct store *st, enum event_kind *out);
/* Sets it; 0, FAIR_ENOENT without an event, FAIR_EIO. */
int event_kind_set(struct store *st, enum event_kind k,
		   struct fair_err *err);

/* Records (or updates) attendee_id as an employee of company_id. Part of
 * the caller's transaction; 0 or FAIR_EIO. */
int training_employee_put(struct store *st, uint32_t attendee_id,
			  uint32_t company_id, const char *department,
			  const char *title, struct fair_err *err);

/* The share of sessions attended that completes a training, unless
 * `certificates --min-rate` (or `export kpi --min-rate`) says otherwise. */
#define TRAINING_MIN_RATE 0.8

#define TRAINING_MISSED_MAX 512 /* bytes of the missed sessions' names */

/* One employee's attendance across the event's sessions. */
struct training_row {
	uint32_t attendee_id;
	char ext_id[64];          /* 社員番号 */
	char name[STORE_TEXT];
	char kana[STORE_TEXT];
	uint32_t company_id;
	char company_ext[64];
	char company[STORE_TEXT];
	char department[STORE_TEXT];
	char title[STORE_TEXT];
	int sessions;             /* sessions of the event */
	int attended;             /* of those, attended */
	double rate;              /* attended / sessions; 0 without sessions */
	/* names of the sessions missed, "、"-separated, in time order; cut
	 * with "…" when long */
	char missed[TRAINING_MISSED_MAX];
	/* per session in time order: attended or not; at most
	 * TRAINING_SESSIONS_MAX, the rest only counted above */
	bool at[64];
};
#define TRAINING_SESSIONS_MAX 64

/* True when the employee of r completed the training: the event has
 * sessions and r attended at least min_rate of them (4 of 5 is 0.8 though
 * binary makes it a hair under). Certificates of completion and the KPI
 * report both count by it. */
bool training_completed(const struct training_row *r, double min_rate);

/* Calls fn for every employee (company_id 0) or a company's employees, by
 * company then 社員番号. The row is valid during the call. 0, FAIR_EIO. */
int training_each(struct store *st, uint32_t company_id,
		  void (*fn)(const struct training_row *, void *), void *ctx,
		  struct fair_err *err);

/* A session as the training reports show it. */
struct training_session {
	uint32_t place_id;
	char ext_id[64];
	char name[STORE_TEXT];
	char when[17];            /* venue time "YYYY-MM-DD HH:MM" */
};

/* The event's sessions in time order, at most cap into out; *n the count
 * written. 0 or FAIR_EIO. */
int training_sessions(struct store *st, struct training_session *out,
		      int cap, int *n, struct fair_err *err);

/* Per company and session: how many of its employees attended. Calls fn
 * for every (company with employees, session) pair, by company then time.
 * 0 or FAIR_EIO. */
int training_company_each(struct store *st,
			  void (*fn)(const struct company *,
				     const struct training_session *,
				     int employees, int attended, void *),
			  void *ctx, struct fair_err *err);

/* Writes the company's HR file: an Excel workbook at path with a sheet
 * 出席状況 (each employee: 社員番号, 氏名, 部署, 役職, 出席数, 出席率,
 * 欠席したセッション, then ○/× per session) and a sheet セッション別
 * (each session: employees, attended). Written beside path and renamed
 * (never half a file), readable by its owner only. *rows the employees
 * written. 0, FAIR_EIO. */
int training_export_company(struct store *st, uint32_t company_id,
			    const char *path, long *rows,
			    struct fair_err *err);

#endif
