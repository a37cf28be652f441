/* view.c: the plan for the console's tours page (tours_view_load) and as
 * a spreadsheet that imports back (tours_plan_export). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/tourdata.h"
#include "table.h"
#include "tours_int.h"

static void copy_text(char *dst, size_t cap, const unsigned char *src)
{
	snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

/* Host days by date, then company ext_id: how a page lists them. */
static int host_order(const struct tmodel *m, int *order)
{
	for (int v = 0; v < m->nslots; v++)
		order[v] = v;
	for (int i = 1; i < m->nslots; i++)
		for (int j = i; j > 0; j--) {
			const struct tours_slot *a = &m->slot[order[j - 1]];
			const struct tours_slot *b = &m->slot[order[j]];
			int t;

			if (a->day < b->day || (a->day == b->day &&
			    strcmp(m->ts[order[j - 1]].company_ext,
				   m->ts[order[j]].company_ext) <= 0))
				break;
			t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	return 0;
}

static int load_students(struct store *st, const struct tmodel *m,
			 struct tours_view *v, struct fair_err *err)
{
	sqlite3_stmt *q;

	v->student = calloc((size_t)m->nstudents + 1, sizeof(*v->student));
	if (!v->student)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	if (sqlite3_prepare_v2(store_db(st), "SELECT ext_id, name, school "
			       "FROM attendees WHERE id = ?1", -1, &q, NULL))
		return fair_fail(err, FAIR_EIO, "cannot read students: %s",
				 sqlite3_errmsg(store_db(st)));
	for (int s = 0; s < m->nstudents; s++) {
		struct tours_view_student *o = &v->student[s];

		sqlite3_bind_int64(q, 1, m->stu_id[s]);
		if (sqlite3_step(q) == SQLITE_ROW) {
			copy_text(o->id, sizeof(o->id),
				  sqlite3_column_text(q, 0));
			copy_text(o->name, sizeof(o->name),
				  sqlite3_column_text(q, 1));
			copy_text(o->school, sizeof(o->school),
				  sqlite3_column_text(q, 2));
		}
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	v->nstudents = m->nstudents;
	return 0;
}

int tours_view_load(struct store *st, struct tours_view *out,
		    struct fair_err *err)
{
	struct tmodel m;
	int *order = NULL, *rank = NULL, rc;

	memset(out, 0, sizeof(*out));
	rc = tmodel_load(st, &m, err);
	if (rc)
		return rc;
	order = calloc((size_t)m.nslots + 1, sizeof(int));
	rank = calloc((size_t)m.nslots + 1, sizeof(int));
	out->host = calloc((size_t)m.nslots + 1, sizeof(*out->host));
	out->visit_host = calloc((size_t)m.nassign + 1, sizeof(int));
	out->visit_student = calloc((size_t)m.nassign + 1, sizeof(int));
	if (!order || !rank || !out->host || !out->visit_host ||
	    !out->visit_student) {
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	host_order(&m, order);
	for (int i = 0; i < m.nslots; i++) {
		struct tours_host_day *h = &out->host[i];
		const struct tslot *t = &m.ts[order[i]];

		rank[order[i]] = i;
		snprintf(h->place, sizeof(h->place), "visit:%s:%s",
			 t->company_ext, m.day[m.slot[order[i]].day]);
		snprintf(h->company, sizeof(h->company), "%s", t->company_ext);
		snprintf(h->company_name, sizeof(h->company_name), "%s",
			 t->company_name);
		snprintf(h->industry, sizeof(h->industry), "%s", t->industry);
		snprintf(h->date, sizeof(h->date), "%s",
			 m.day[m.slot[order[i]].day]);
		h->capacity = t->capacity;
	}
	out->nhosts = m.nslots;
	rc = load_students(st, &m, out, err);
	for (int a = 0; !rc && a < m.nassign; a++) {
		out->visit_host[a] = rank[m.a_slot[a]];
		out->visit_student[a] = m.a_stu[a];
		out->host[rank[m.a_slot[a]]].assigned++;
		out->student[m.a_stu[a]].visits++;
	}
	out->nvisits = rc ? 0 : m.nassign;
out:
	free(order);
	free(rank);
	tmodel_free(&m);
	if (rc)
		tours_view_free(out);
	return rc;
}

void tours_view_free(struct tours_view *v)
{
	free(v->host);
	free(v->student);
	free(v->visit_host);
	free(v->visit_student);
	memset(v, 0, sizeof(*v));
}

/* ---- the plan as a spreadsheet -------------------------------------- */

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int tours_plan_export(struct store *st, int format, const char *path,
		      long *rows, struct fair_err *err)
{
	static const char *const ja[] = { "attendee", "date", "company", "氏名",
					  "学校名", "企業名", "業種" };
	static const char *const en[] = { "attendee", "date", "company",
					  "name", "school", "company_name",
					  "industry" };
	struct tours_view v;
	struct table t;
	long long *keys = NULL;
	int rc;

	*rows = 0;
	if (format == TOUR_CSV)
		return tours_plan_write(st, path, rows, err);
	rc = tours_view_load(st, &v, err);
	if (rc)
		return rc;
	rc = table_open(&t, (enum tour_format)format, path, "plan", ja, en,
			7, err);
	/* by student, then date, as tours_plan_write: host days are in
	 * date order, so a key of student * nhosts + host sorts both */
	keys = calloc((size_t)v.nvisits + 1, sizeof(*keys));
	if (!rc && !keys) {
		table_close(&t, false, err);
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
	}
	for (int a = 0; !rc && a < v.nvisits; a++)
		keys[a] = (long long)v.visit_student[a] * v.nhosts +
			  v.visit_host[a];
	if (!rc)
		qsort(keys, (size_t)v.nvisits, sizeof(*keys), cmp_ll);
	for (int a = 0; !rc && a < v.nvisits; a++) {
		const struct tours_view_student *w =
			&v.student[keys[a] / v.nhosts];
		const struct tours_host_day *d = &v.host[keys[a] % v.nhosts];
		const char *cells[7] = { w->id, d->date, d->company, w->name,
					 w->school, d->company_name,
					 d->industry };

		table_row(&t, cells);
	}
	if (!rc) {
		rc = table_close(&t, true, err);
		*rows = t.rows;
	}
	free(keys);
	tours_view_free(&v);
	return rc;
}
