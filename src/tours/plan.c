/* plan.c: `fairsync import assignments plan.csv`: a plan edited by hand,
 * checked against every rule of fair/tours.h; all rows or none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/caltime.h"
#include "fair/csv.h"
#include "fair/i18n.h"
#include "fair/import.h"
#include "tours_int.h"

enum { P_ATTENDEE, P_DATE, P_COMPANY, P_COUNT };

static const struct tcol plan_cols[P_COUNT] = {
	{ "受付番号", "attendee", true, "attendee|attendeeid|id|受付番号|"
	  "学生id|studentid|申込番号|参加者id" },
	{ "日付", "date", true, "date|day|日付|訪問日|日" },
	{ "企業ID", "company", true, "company|companyid|企業id|企業コード|"
	  "企業番号" },
};

bool tours_plan_header_fits(const char *const *keys, int n)
{
	return tours_cols_fit(plan_cols, P_COUNT, keys, n);
}

struct prow {
	int stu, slot;
	long row;               /* as Excel numbers it */
};

/* Refuses the row (student s to host day v) if s already visits on that
 * day or in that industry in rows[0..n). */
static bool row_conflicts(struct tours_report *rep, const char *name,
			  const struct tmodel *m, const struct prow *rows,
			  int n, int s, int v, long row, const char *who)
{
	for (int i = 0; i < n; i++) {
		char where[32] = ""; /* the other row, when read from a file */

		if (rows[i].stu != s)
			continue;
		if (rows[i].row > 0)
			snprintf(where, sizeof(where), _(" (row %ld)"),
				 rows[i].row);
		if (m->slot[rows[i].slot].day == m->slot[v].day) {
			tours_refuse(rep, name, row, "%s already visits on "
				     "%s%s", who, m->day[m->slot[v].day],
				     where);
			return true;
		}
		if (m->slot[rows[i].slot].industry == m->slot[v].industry) {
			tours_refuse(rep, name, row, "%s already visits %s, of "
				     "the same industry (%s) as %s%s", who,
				     m->ts[rows[i].slot].company_ext,
				     m->ind_name[m->slot[v].industry],
				     m->ts[v].company_ext, where);
			return true;
		}
	}
	return false;
}

/* Checks seats and visit counts for rows (every student in them gets
 * exactly their rows; others keep theirs), then writes the difference in
 * one transaction: 0, or FAIR_EINVAL with rep listing why, nothing
 * written. */
static int plan_commit(struct store *st, const struct tmodel *m,
		       const struct prow *rows, int n, int visits,
		       int64_t now_ms, const char *name,
		       struct tours_report *rep, struct fair_err *err)
{
	int *load = calloc((size_t)m->nslots + 1, sizeof(int));
	int *count = calloc((size_t)m->nstudents + 1, sizeof(int));
	long *first = calloc((size_t)m->nstudents + 1, sizeof(long));
	uint8_t *inplan = calloc((size_t)m->nstudents + 1, 1);
	int rc = 0;

	if (!load || !count || !first || !inplan) {
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (!count[rows[i].stu]++)
			first[rows[i].stu] = rows[i].row;
		inplan[rows[i].stu] = 1;
	}
	/* seats: the plan's rows and the kept visits of everyone else */
	for (int a = 0; a < m->nassign; a++)
		if (!inplan[m->a_stu[a]])
			load[m->a_slot[a]]++;
	for (int i = 0; i < n; i++)
		if (++load[rows[i].slot] == m->slot[rows[i].slot].capacity + 1)
			tours_refuse(rep, name, rows[i].row, "%s on %s is "
				     "over its %d seats", m->ts[rows[i].slot]
				     .company_ext, m->day[m->slot[rows[i].slot]
				     .day], m->slot[rows[i].slot].capacity);
	for (int s = 0; s < m->nstudents; s++)
		if (inplan[s] && count[s] != visits) {
			struct attendee a;

			store_attendee_get(st, m->stu_id[s], &a);
			tours_refuse(rep, name, first[s], "%s has %d visit%s; "
				     "every student needs %d", a.ext_id,
				     count[s], count[s] == 1 ? "" : "s",
				     visits);
		}
	if (rep->refused) {
		rc = fair_fail(err, FAIR_EINVAL, "%d row%s refused; nothing "
			       "imported", rep->refused,
			       rep->refused == 1 ? "" : "s");
		goto out;
	}
	rc = store_begin(st, err);
	if (rc)
		goto out;
	/* void what the plan dropped, add what it gained; rows already
	 * assigned stay as they are, so loading one plan twice is a no-op */
	for (int a = 0; !rc && a < m->nassign; a++) {
		bool keep = !inplan[m->a_stu[a]];

		for (int i = 0; i < n && !keep; i++)
			keep = rows[i].stu == m->a_stu[a] &&
			       rows[i].slot == m->a_slot[a];
		if (!keep)
			rc = tours_fact_write(st, FACT_VOID,
					      m->ts[m->a_slot[a]].place_id,
					      m->stu_id[m->a_stu[a]],
					      m->a_uuid[a], now_ms, err);
	}
	for (int i = 0; !rc && i < n; i++) {
		bool have = false;

		for (int a = 0; a < m->nassign && !have; a++)
			have = m->a_stu[a] == rows[i].stu &&
			       m->a_slot[a] == rows[i].slot;
		if (have)
			continue;
		rc = tours_fact_write(st, FACT_ASSIGN,
				      m->ts[rows[i].slot].place_id,
				      m->stu_id[rows[i].stu], NULL, now_ms,
				      err);
		rep->imported += !rc;
	}
	if (!rc)
		rc = store_commit(st, err);
	if (rc) {
		store_rollback(st);
		rep->imported = 0;
	}
out:
	free(load);
	free(count);
	free(first);
	free(inplan);
	return rc;
}

static int rows_push(struct prow **rows, int *n, int *cap, struct prow r)
{
	if (*n == *cap) {
		int nc = *cap ? *cap * 2 : 256;
		void *g = realloc(*rows, sizeof(**rows) * (size_t)nc);

		if (!g)
			return FAIR_ENOMEM;
		*rows = g;
		*cap = nc;
	}
	(*rows)[(*n)++] = r;
	return 0;
}

int tours_import_plan(struct store *st, const char *path, const char *name,
		      int visits, int64_t now_ms, struct tours_report *rep,
		      struct fair_err *err)
{
	struct tmodel m;
	struct prow *rows = NULL;
	int map[P_COUNT], n = 0, cap = 0, rc;
	const struct csv_row *row;
	struct csv *c;
	const char *format; /* CSV, TSV or an Excel sheet */

	memset(rep, 0, sizeof(*rep));
	if (!name)
		name = path;
	if (visits < 1)
		return fair_fail(err, FAIR_EINVAL,
				 "--visits must be 1 or more");
	rc = tmodel_load(st, &m, err);
	if (rc)
		return rc;
	rc = import_open(path, name, NULL, &c, &format, err);
	if (rc) {
		tmodel_free(&m);
		return FAIR_EINVAL;
	}
	rc = tours_header(c, plan_cols, P_COUNT, map, err);
	while (!rc) {
		struct fair_err rec = { "" };
		char who[64], date[64], company[64], iso[11];
		struct attendee a;
		int64_t day;
		int got = csv_next(c, &row, &rec), s, v;

		if (got == 0)
			break;
		rep->rows++;
		if (got < 0) {
			tours_refuse(rep, name, 0, "%s", rec.msg);
			continue;
		}
		tours_cell(row, map, P_ATTENDEE, who, sizeof(who));
		tours_cell(row, map, P_DATE, date, sizeof(date));
		tours_cell(row, map, P_COMPANY, company, sizeof(company));
		if (store_attendee_by_ext(st, who, &a) ||
		    (s = tmodel_student(&m, a.id)) < 0) {
			tours_refuse(rep, name, row->row, "'%s' is not a "
				     "student of this event", who);
			continue;
		}
		if (cal_parse_date(date, &day, NULL)) {
			tours_refuse(rep, name, row->row, "date '%s' is not a "
				     "date like 2026-12-08", date);
			continue;
		}
		{
			struct place p = { .starts_ms = cal_day_start_ms(
				day, m.ev.utc_offset_min) };

			tours_visit_date(&m.ev, &p, iso);
		}
		v = tmodel_slot(&m, company, iso);
		if (v < 0) {
			tours_refuse(rep, name, row->row, "company '%s' hosts "
				     "no visit on %s", company, iso);
			continue;
		}
		if (row_conflicts(rep, name, &m, rows, n, s, v, row->row,
				  who))
			continue;
		if (rows_push(&rows, &n, &cap,
			      (struct prow){ s, v, row->row }))
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
	}
	csv_free(c);
	if (!rc)
		rc = plan_commit(st, &m, rows, n, visits, now_ms, name, rep,
				 err);
	free(rows);
	tmodel_free(&m);
	return rc;
}

/* ---- one student moved (the console) -------------------------------- */

int tours_move(struct store *st, const struct tours_move *mv,
	       int64_t now_ms, struct tours_report *rep, struct fair_err *err)
{
	struct tmodel m;
	struct prow rows[64];
	struct attendee a;
	int n = 0, s, v, from = -1, rc;

	memset(rep, 0, sizeof(*rep));
	rc = tmodel_load(st, &m, err);
	if (rc)
		return rc;
	if (store_attendee_by_ext(st, mv->attendee, &a) ||
	    (s = tmodel_student(&m, a.id)) < 0) {
		rc = fair_fail(err, FAIR_EINVAL, "'%s' is not a student of "
			       "this event", mv->attendee);
		goto out;
	}
	v = tmodel_slot(&m, mv->to_company, mv->to_date);
	if (v < 0) {
		rc = fair_fail(err, FAIR_EINVAL, "company '%s' hosts no visit "
			       "on %s", mv->to_company, mv->to_date);
		goto out;
	}
	/* the student's plan as it is, the visit on from_date left out */
	for (int i = 0; i < m.nassign && n < 64; i++) {
		if (m.a_stu[i] != s)
			continue;
		if (!strcmp(m.day[m.slot[m.a_slot[i]].day], mv->from_date))
			from = m.a_slot[i];
		else
			rows[n++] = (struct prow){ s, m.a_slot[i], 0 };
	}
	if (from < 0) {
		rc = fair_fail(err, FAIR_EINVAL, "%s has no visit on %s",
			       mv->attendee, mv->from_date);
		goto out;
	}
	if (row_conflicts(rep, "", &m, rows, n, s, v, 0, mv->attendee)) {
		rc = fair_fail(err, FAIR_EINVAL, "%s", rep->messages ?
			       rep->messages[0] : "refused");
		goto out;
	}
	rows[n++] = (struct prow){ s, v, 0 };
	rc = plan_commit(st, &m, rows, n, n, now_ms, "", rep, err);
	if (rc == FAIR_EINVAL && rep->nmessages)
		fair_fail(err, rc, "%s", rep->messages[0]);
out:
	tmodel_free(&m);
	return rc;
}
