/* plan.c: `fairsync import assignments plan.csv`: a plan edited by hand,
 * checked against every rule of fair/tours.h; all rows or none. */
#include <stdlib.h>
#include <string.h>

#include "fair/caltime.h"
#include "fair/csv.h"
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

struct prow {
	int stu, slot;
	long row;               /* as Excel numbers it */
};

int tours_import_plan(struct store *st, const char *path, const char *name,
		      int visits, int64_t now_ms, struct tours_report *rep,
		      struct fair_err *err)
{
	struct tmodel m;
	struct prow *rows = NULL;
	int map[P_COUNT], n = 0, cap = 0, rc;
	int *load = NULL, *count = NULL;
	long *first = NULL;
	uint8_t *inplan = NULL;
	const struct csv_row *row;
	struct csv *c;

	memset(rep, 0, sizeof(*rep));
	if (!name)
		name = path;
	if (visits < 1)
		return fair_fail(err, FAIR_EINVAL,
				 "--visits must be 1 or more");
	rc = tmodel_load(st, &m, err);
	if (rc)
		return rc;
	c = csv_open(path, name, err);
	if (!c) {
		tmodel_free(&m);
		return FAIR_EINVAL;
	}
	load = calloc((size_t)m.nslots + 1, sizeof(int));
	count = calloc((size_t)m.nstudents + 1, sizeof(int));
	first = calloc((size_t)m.nstudents + 1, sizeof(long));
	inplan = calloc((size_t)m.nstudents + 1, 1);
	if (!load || !count || !first || !inplan) {
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
		goto out;
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
		for (int i = 0; i < n; i++) {
			if (rows[i].stu != s)
				continue;
			if (m.slot[rows[i].slot].day == m.slot[v].day) {
				tours_refuse(rep, name, row->row, "%s already "
					     "visits on %s (row %ld)", who,
					     iso, rows[i].row);
				v = -1;
				break;
			}
			if (m.slot[rows[i].slot].industry ==
			    m.slot[v].industry) {
				tours_refuse(rep, name, row->row, "%s already "
					     "visits %s, of the same industry "
					     "(%s) as %s (row %ld)", who,
					     m.ts[rows[i].slot].company_ext,
					     m.ind_name[m.slot[v].industry],
					     company, rows[i].row);
				v = -1;
				break;
			}
		}
		if (v < 0)
			continue;
		if (n == cap) {
			int nc = cap ? cap * 2 : 256;
			void *g = realloc(rows, sizeof(*rows) * (size_t)nc);

			if (!g) {
				rc = fair_fail(err, FAIR_ENOMEM,
					       "out of memory");
				break;
			}
			rows = g;
			cap = nc;
		}
		rows[n++] = (struct prow){ s, v, row->row };
		if (!count[s]++)
			first[s] = row->row;
		inplan[s] = 1;
	}
	csv_free(c);
	c = NULL;
	if (rc)
		goto out;
	/* seats: the plan's rows and the kept visits of everyone else */
	for (int a = 0; a < m.nassign; a++)
		if (!inplan[m.a_stu[a]])
			load[m.a_slot[a]]++;
	for (int i = 0; i < n; i++)
		if (++load[rows[i].slot] == m.slot[rows[i].slot].capacity + 1)
			tours_refuse(rep, name, rows[i].row, "%s on %s is "
				     "over its %d seats", m.ts[rows[i].slot]
				     .company_ext, m.day[m.slot[rows[i].slot]
				     .day], m.slot[rows[i].slot].capacity);
	for (int s = 0; s < m.nstudents; s++)
		if (inplan[s] && count[s] != visits) {
			struct attendee a;

			store_attendee_get(st, m.stu_id[s], &a);
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
	for (int a = 0; !rc && a < m.nassign; a++) {
		bool keep = !inplan[m.a_stu[a]];

		for (int i = 0; i < n && !keep; i++)
			keep = rows[i].stu == m.a_stu[a] &&
			       rows[i].slot == m.a_slot[a];
		if (!keep)
			rc = tours_fact_write(st, FACT_VOID,
					      m.ts[m.a_slot[a]].place_id,
					      m.stu_id[m.a_stu[a]], m.a_uuid[a],
					      now_ms, err);
	}
	for (int i = 0; !rc && i < n; i++) {
		bool have = false;

		for (int a = 0; a < m.nassign && !have; a++)
			have = m.a_stu[a] == rows[i].stu &&
			       m.a_slot[a] == rows[i].slot;
		if (have)
			continue;
		rc = tours_fact_write(st, FACT_ASSIGN,
				      m.ts[rows[i].slot].place_id,
				      m.stu_id[rows[i].stu], NULL, now_ms, err);
		rep->imported += !rc;
	}
	if (!rc)
		rc = store_commit(st, err);
	if (rc) {
		store_rollback(st);
		rep->imported = 0;
	}
out:
	csv_free(c);
	free(rows);
	free(load);
	free(count);
	free(first);
	free(inplan);
	tmodel_free(&m);
	return rc;
}
