/* assign.c: `fairsync assign` on the event database: load the tour, keep
 * or void the current plan, solve (solve.c), record 'assign' facts, and
 * write plan.csv for Excel. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fair/export.h"
#include "table.h"
#include "tours_int.h"

static int write_plan_facts(struct store *st, const struct tmodel *m,
			    const struct tours_plan *plan, bool reassign,
			    int visits, int64_t now,
			    struct tours_assign_result *res,
			    struct fair_err *err)
{
	int rc = store_begin(st, err);

	for (int a = 0; !rc && reassign && a < m->nassign; a++) {
		rc = tours_fact_write(st, FACT_VOID,
				      m->ts[m->a_slot[a]].place_id,
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
	if (!rc) { /* what 'import assignments' checks an edited plan by */
		char v[16];

		snprintf(v, sizeof(v), "%d", visits);
		rc = tours_setting_set(st, TOURS_KEY_VISITS, v, err);
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
	rc = write_plan_facts(st, &m, &plan, o->reassign, o->visits, o->now_ms,
			      res, err);
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
	if (export_part_prepare(path, tmp, sizeof(tmp), err)) {
		tmodel_free(&m);
		return FAIR_EINVAL;
	}
	old = umask(077);          /* the plan names students */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0600);
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
			const char *ext = (const char *)
				sqlite3_column_text(q, 0);
			const char *nm = (const char *)
				sqlite3_column_text(q, 1);
			const char *sc = (const char *)
				sqlite3_column_text(q, 2);

			table_csv_cell(f, ext, false);
			table_csv_cell(f, m.day[m.slot[mine[i]].day], false);
			table_csv_cell(f, t->company_ext, false);
			table_csv_cell(f, nm, false);
			table_csv_cell(f, sc, false);
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

/* ---- visit kiosks --------------------------------------------------- */

int tours_attach_event(struct sqlite3 *db, const char *event_db,
		       struct fair_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(db, "ATTACH ?1 AS ev", -1, &s, NULL))
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	sqlite3_bind_text(s, 1, event_db, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "cannot read '%s': %s", event_db,
			       sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}

int tours_pack_plan(struct store *kiosk, const char *event_db,
		    uint32_t company_id, struct fair_err *err)
{
	sqlite3 *db = store_db(kiosk);
	sqlite3_stmt *s;
	int rc = tours_attach_event(db, event_db, err);

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(db, "INSERT INTO main.facts SELECT * FROM"
			       " ev.facts f WHERE f.kind = 'assign' AND"
			       " f.place_id IN (SELECT id FROM ev.places WHERE"
			       " kind = 'visit' AND company_id = ?1) AND NOT"
			       " EXISTS (SELECT 1 FROM ev.facts v WHERE"
			       " v.voids = f.uuid)", -1, &s, NULL) ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE; DELETE FROM main.facts WHERE"
			 " kind = 'assign'", NULL, NULL, NULL)) {
		rc = fair_fail(err, FAIR_EIO, "cannot copy the plan: %s",
			       sqlite3_errmsg(db));
	} else {
		sqlite3_bind_int64(s, 1, company_id);
		if (sqlite3_step(s) != SQLITE_DONE ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
			rc = fair_fail(err, FAIR_EIO, "cannot copy the plan: "
				       "%s", sqlite3_errmsg(db));
		if (rc)
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	sqlite3_finalize(s);
	sqlite3_exec(db, "DETACH ev", NULL, NULL, NULL);
	return rc;
}

int tours_first_visit(struct store *st, const char *company_ext,
		      char out[64])
{
	sqlite3_stmt *s;
	int rc = FAIR_ENOENT;

	out[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), "SELECT p.ext_id FROM places p"
			       " JOIN companies c ON c.id = p.company_id WHERE"
			       " p.kind = 'visit' AND c.ext_id = ?1 ORDER BY"
			       " p.starts_ms LIMIT 1", -1, &s, NULL))
		return FAIR_EIO;
	sqlite3_bind_text(s, 1, company_ext, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(out, 64, "%s",
			 (const char *)sqlite3_column_text(s, 0));
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}
