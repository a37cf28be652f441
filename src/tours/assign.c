/* assign.c: `fairsync assign` on the event database: load the tour, keep
 * or void the current plan, solve (solve.c), record 'assign' facts, and
 * write plan.csv for Excel. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "table.h"
#include "tours_int.h"

static int write_plan_facts(struct store *st, const struct tmodel *m,
			    const struct tours_plan *plan, bool reassign,
			    int64_t now, struct tours_assign_result *res,
			    struct fair_err *err)
{
	int rc = store_begin(st, err);

	for (int a = 0; !rc && reassign && a < m->nassign; a++) {
		rc = tours_fact_write(st, FACT_VOID, m->ts[m->a_slot[a]].place_id,
				      m->stu_id[m->a_stu[a]], m->a_uuid[a],
				      now, err);
		res->voided += !rc;
	}
	for (int i = 0; !rc && i < plan->n; i++) {
		rc = tours_fact_write(st, FACT_ASSIGN,
				      m->ts[plan->slot[i]].place_id,
				      m->stu_id[plan->student[i]], NULL, now,
				      err);
		res->assigned += !rc;
	}
	if (!rc)
		rc = store_commit(st, err);
	if (rc) {
		store_rollback(st);
		res->voided = res->assigned = 0;
	}
	return rc;
}

int tours_assign(struct store *st, const struct tours_assign_opts *o,
		 struct tours_assign_result *res, struct fair_err *err)
{
	struct tmodel m;
	struct tours_plan plan = { 0 };
	struct tours_problem p;
	char **day_names = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	if (o->visits < 1)
		return fair_fail(err, FAIR_EINVAL, "--visits must be 1 or "
				 "more");
	rc = tmodel_load(st, &m, err);
	if (rc)
		return rc;
	if (!m.nslots || !m.nstudents) {
		rc = fair_fail(err, FAIR_ENOENT, "%s", !m.nslots ?
			       "no host days: run 'fairsync import hosts' "
			       "first" : "no students: run 'fairsync import "
			       "students' first");
		goto out;
	}
	day_names = calloc((size_t)m.ndays, sizeof(char *));
	if (!day_names) {
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (int d = 0; d < m.ndays; d++)
		day_names[d] = m.day[d];
	p = (struct tours_problem){
		.nstudents = m.nstudents, .nslots = m.nslots,
		.ndays = m.ndays, .nindustries = m.nind, .visits = o->visits,
		.slot = m.slot, .seed = o->seed,
		.nkept = o->reassign ? 0 : m.nassign,
		.kept_student = m.a_stu, .kept_slot = m.a_slot,
		.day_name = (const char *const *)day_names,
		.industry_name = m.ind_name,
	};
	rc = tours_solve(&p, &plan, err);
	if (rc)
		goto out;
	res->students = m.nstudents;
	res->host_days = m.nslots;
	if (!o->reassign) {
		uint8_t *has = calloc((size_t)m.nstudents, 1);

		if (!has) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			goto out;
		}
		for (int a = 0; a < m.nassign; a++)
			has[m.a_stu[a]] = 1;
		for (int s = 0; s < m.nstudents; s++)
			res->kept += has[s];
		free(has);
	}
	rc = write_plan_facts(st, &m, &plan, o->reassign, o->now_ms, res, err);
out:
	free(day_names);
	tours_plan_free(&plan);
	tmodel_free(&m);
	return rc;
}

/* ---- plan.csv ------------------------------------------------------- */

int tours_plan_write(struct store *st, const char *path, long *rows,
		     struct fair_err *err)
{
	struct tmodel m;
	sqlite3_stmt *q = NULL;
	char tmp[4096];
	FILE *f;
	int rc, fd;
	mode_t old;

	*rows = 0;
	rc = tmodel_load(st, &m, err);
	if (rc)
		return rc;
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
		tmodel_free(&m);
		return fair_fail(err, FAIR_EINVAL, "path too long");
	}
	old = umask(077);          /* the plan names students */
	fd = mkstemp(tmp);
	umask(old);
	f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		tmodel_free(&m);
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
				 strerror(errno));
	}
	fputs("\xEF\xBB\xBF", f);
	fputs("attendee,date,company,氏名,学校名,企業名,業種\r\n", f);
	if (sqlite3_prepare_v2(store_db(st), "SELECT ext_id, name, school FROM"
			       " attendees WHERE id = ?1", -1, &q, NULL)) {
		rc = fair_fail(err, FAIR_EIO, "cannot read students");
		goto done;
	}
	/* by attendee id, then date */
	for (int s = 0; s < m.nstudents; s++) {
		int mine[64], n = 0;

		for (int a = 0; a < m.nassign && n < 64; a++)
			if (m.a_stu[a] == s)
				mine[n++] = m.a_slot[a];
		if (!n)
			continue;
		for (int i = 1; i < n; i++)
			for (int j = i; j > 0 && m.slot[mine[j]].day <
			     m.slot[mine[j - 1]].day; j--) {
				int t = mine[j];

				mine[j] = mine[j - 1];
				mine[j - 1] = t;
			}
		sqlite3_bind_int64(q, 1, m.stu_id[s]);
		if (sqlite3_step(q) != SQLITE_ROW) {
			sqlite3_reset(q);
			continue;
		}
		for (int i = 0; i < n; i++) {
			const struct tslot *t = &m.ts[mine[i]];

			table_csv_cell(f, (const char *)sqlite3_column_text(q, 0),
				       false);
			table_csv_cell(f, m.day[m.slot[mine[i]].day], false);
			table_csv_cell(f, t->company_ext, false);
			table_csv_cell(f, (const char *)sqlite3_column_text(q, 1),
				       false);
			table_csv_cell(f, (const char *)sqlite3_column_text(q, 2),
				       false);
			table_csv_cell(f, t->company_name, false);
			table_csv_cell(f, t->industry, true);
			(*rows)++;
		}
		sqlite3_reset(q);
	}
done:
	sqlite3_finalize(q);
	if (fflush(f) || fsync(fileno(f)))
		rc = rc ? rc : fair_fail(err, FAIR_EIO, "cannot write '%s': %s",
					 path, strerror(errno));
	fclose(f);
	if (!rc && rename(tmp, path))
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
			       strerror(errno));
	if (rc)
		unlink(tmp);
	tmodel_free(&m);
	return rc;
}
