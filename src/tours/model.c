/* model.c: the tour as the event database holds it (tours_int.h), and the
 * small things every tours file shares. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/grow.h"
#include "fair/rowmsg.h"
#include "fair/rules.h"
#include "tours_int.h"

static int db_err(struct store *st, struct fair_err *err, const char *what)
{
	return fair_fail(err, FAIR_EIO, "%s: %s", what,
			 sqlite3_errmsg(store_db(st)));
}

static void copy(char *dst, size_t cap, const unsigned char *src)
{
	snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

void tours_visit_date(const struct event_info *ev, const struct place *p,
		      char out[11])
{
	event_local_date(ev, p->starts_ms, out);
}

static int cmp_date(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int tmodel_day(const struct tmodel *m, const char *date)
{
	const char (*d)[11] = bsearch(date, m->day, (size_t)m->ndays,
				      sizeof(*m->day), cmp_date);

	return d ? (int)(d - m->day) : -1;
}

int tmodel_student(const struct tmodel *m, uint32_t id)
{
	const uint32_t *p = bsearch(&id, m->stu_id, (size_t)m->nstudents,
				    sizeof(uint32_t), cmp_u32);

	return p ? (int)(p - m->stu_id) : -1;
}

int tmodel_slot_by_place(const struct tmodel *m, uint32_t place_id)
{
	for (int v = 0; v < m->nslots; v++)
		if (m->ts[v].place_id == place_id)
			return v;
	return -1;
}

int tmodel_slot(const struct tmodel *m, const char *company_ext,
		const char *date)
{
	int d = tmodel_day(m, date);

	for (int v = 0; d >= 0 && v < m->nslots; v++)
		if (m->slot[v].day == d &&
		    !strcmp(m->ts[v].company_ext, company_ext))
			return v;
	return -1;
}

static int load_slots(struct store *st, struct tmodel *m,
		      struct fair_err *err)
{
	sqlite3_stmt *q;
	char (*dates)[11] = NULL;
	size_t cap = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT p.id, p.company_id,"
			       " p.starts_ms, p.capacity, c.ext_id, c.name,"
			       " c.industry FROM places p JOIN companies c ON"
			       " c.id = p.company_id WHERE p.kind = 'visit'"
			       " ORDER BY p.ext_id", -1, &q, NULL))
		return db_err(st, err, "cannot read host days");
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct tslot *t;
		struct place p = { 0 };

		/* two arrays side by side: each grows to the same cap */
		size_t ct = cap, cd = cap, need = (size_t)m->nslots + 1;

		if (fair_grow((void **)&m->ts, &ct, need, sizeof(*m->ts),
			      TOURS_ROWS_MAX) ||
		    fair_grow((void **)&dates, &cd, need, sizeof(*dates),
			      TOURS_ROWS_MAX)) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		cap = ct;
		t = &m->ts[m->nslots];
		memset(t, 0, sizeof(*t));
		t->place_id = (uint32_t)sqlite3_column_int64(q, 0);
		t->company_id = (uint32_t)sqlite3_column_int64(q, 1);
		p.starts_ms = sqlite3_column_int64(q, 2);
		t->capacity = sqlite3_column_int(q, 3);
		copy(t->company_ext, sizeof(t->company_ext),
		     sqlite3_column_text(q, 4));
		copy(t->company_name, sizeof(t->company_name),
		     sqlite3_column_text(q, 5));
		copy(t->industry, sizeof(t->industry),
		     sqlite3_column_text(q, 6));
		tours_visit_date(&m->ev, &p, dates[m->nslots]);
		m->nslots++;
	}
	sqlite3_finalize(q);
	if (rc)
		goto out;
	m->slot = calloc((size_t)m->nslots + 1, sizeof(*m->slot));
	m->day = malloc(sizeof(*m->day) * ((size_t)m->nslots + 1));
	if (!m->slot || !m->day) {
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	if (m->nslots) /* a plan without slots has no dates array */
		memcpy(m->day, dates, sizeof(*dates) * (size_t)m->nslots);
	qsort(m->day, (size_t)m->nslots, sizeof(*m->day), cmp_date);
	for (int i = 0; i < m->nslots; i++)
		if (!m->ndays || strcmp(m->day[m->ndays - 1], m->day[i]))
			memcpy(m->day[m->ndays++], m->day[i], 11);
	for (int v = 0; v < m->nslots; v++) {
		m->slot[v].day = tmodel_day(m, dates[v]);
		m->slot[v].capacity = m->ts[v].capacity;
		m->slot[v].company = (int)m->ts[v].company_id;
	}
out:
	free(dates);
	return rc;
}

/* Industries: each distinct text, and each company without one alone. */
static int load_industries(struct tmodel *m, struct fair_err *err)
{
	m->ind_key = calloc((size_t)m->nslots + 1, sizeof(char *));
	m->ind_name = calloc((size_t)m->nslots + 1, sizeof(char *));
	if (!m->ind_key || !m->ind_name)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	for (int v = 0; v < m->nslots; v++) {
		char key[STORE_TEXT + 2];
		int i;

		if (m->ts[v].industry[0])
			snprintf(key, sizeof(key), "%s", m->ts[v].industry);
		else
			snprintf(key, sizeof(key), "\x01%s",
				 m->ts[v].company_ext);
		for (i = 0; i < m->nind && strcmp(m->ind_key[i], key); i++)
			;
		if (i == m->nind) {
			m->ind_key[i] = strdup(key);
			if (!m->ind_key[i])
				return fair_fail(err, FAIR_ENOMEM,
						 "out of memory");
			m->ind_name[i] = key[0] == 1 ? m->ind_key[i] + 1
						     : m->ind_key[i];
			m->nind++;
		}
		m->slot[v].industry = i;
	}
	return 0;
}

static int load_students(struct store *st, struct tmodel *m,
			 struct fair_err *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM attendees WHERE"
			       " role = 0 AND ext_id IS NOT NULL AND"
			       " ext_id <> '' ORDER BY id", -1, &q, NULL))
		return db_err(st, err, "cannot read students");
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (fair_grow((void **)&m->stu_id, &cap,
			      (size_t)m->nstudents + 1, sizeof(*m->stu_id),
			      TOURS_ROWS_MAX)) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		m->stu_id[m->nstudents++] =
			(uint32_t)sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	return rc;
}

static int load_assignments(struct store *st, struct tmodel *m,
			    struct fair_err *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT uuid, attendee_id,"
			       " place_id FROM facts f WHERE kind = 'assign'"
			       " AND NOT EXISTS (SELECT 1 FROM facts v WHERE"
			       " v.voids = f.uuid AND v.kind = 'void')"
			       " ORDER BY uuid", -1, &q, NULL))
		return db_err(st, err, "cannot read assignments");
	while (sqlite3_step(q) == SQLITE_ROW) {
		int s = tmodel_student(m, (uint32_t)sqlite3_column_int64(q, 1));
		int v = tmodel_slot_by_place(m,
				(uint32_t)sqlite3_column_int64(q, 2));

		if (s < 0 || v < 0 ||
		    sqlite3_column_bytes(q, 0) != FACT_UUID_BYTES) {
			m->stray++;
			continue;
		}
		/* three arrays side by side: each grows to the same cap */
		size_t cu = cap, cs = cap, cv = cap;
		size_t need = (size_t)m->nassign + 1;

		if (fair_grow((void **)&m->a_uuid, &cu, need,
			      sizeof(*m->a_uuid), TOURS_ROWS_MAX) ||
		    fair_grow((void **)&m->a_stu, &cs, need,
			      sizeof(*m->a_stu), TOURS_ROWS_MAX) ||
		    fair_grow((void **)&m->a_slot, &cv, need,
			      sizeof(*m->a_slot), TOURS_ROWS_MAX)) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		cap = cu;
		memcpy(m->a_uuid[m->nassign], sqlite3_column_blob(q, 0),
		       FACT_UUID_BYTES);
		m->a_stu[m->nassign] = s;
		m->a_slot[m->nassign++] = v;
	}
	sqlite3_finalize(q);
	return rc;
}

int tmodel_load(struct store *st, struct tmodel *m, struct fair_err *err)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = store_event_get(st, &m->ev, err);
	if (!rc)
		rc = load_slots(st, m, err);
	if (!rc)
		rc = load_industries(m, err);
	if (!rc)
		rc = load_students(st, m, err);
	if (!rc)
		rc = load_assignments(st, m, err);
	if (rc)
		tmodel_free(m);
	return rc;
}

void tmodel_free(struct tmodel *m)
{
	for (int i = 0; i < m->nind; i++)
		free(m->ind_key[i]);
	free(m->ind_key);
	free(m->ind_name);
	free(m->day);
	free(m->ts);
	free(m->slot);
	free(m->stu_id);
	free(m->a_uuid);
	free(m->a_stu);
	free(m->a_slot);
	memset(m, 0, sizeof(*m));
}

int tours_fact_write(struct store *st, enum fact_kind kind, uint32_t place,
		     uint32_t attendee, const uint8_t *voids, int64_t now_ms,
		     struct fair_err *err)
{
	struct fact f = { .kind = kind, .place_id = place,
			  .attendee_id = attendee, .direction = 1,
			  .source = SOURCE_MANUAL, .wall_ms = now_ms };

	snprintf(f.kiosk, sizeof(f.kiosk), "fairsync");
	boot_id_read(f.boot_id);
	if (voids)
		memcpy(f.voids, voids, FACT_UUID_BYTES);
	return store_fact_append(st, &f, err);
}

/* ---- settings ------------------------------------------------------- */

int tours_setting_get(struct store *st, const char *key, char *out,
		      size_t cap)
{
	sqlite3_stmt *q;
	int rc = FAIR_ENOENT;

	if (cap)
		out[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), "SELECT value FROM settings"
			       " WHERE key = ?1", -1, &q, NULL))
		return FAIR_EIO;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		copy(out, cap, sqlite3_column_text(q, 0));
		rc = 0;
	}
	sqlite3_finalize(q);
	return rc;
}

int tours_setting_set(struct store *st, const char *key, const char *value,
		      struct fair_err *err)
{
	sqlite3_stmt *q;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(st), value ?
			       "INSERT INTO settings(key, value) VALUES"
			       " (?1, ?2) ON CONFLICT(key) DO UPDATE SET"
			       " value = excluded.value" :
			       "DELETE FROM settings WHERE key = ?1", -1, &q,
			       NULL))
		return db_err(st, err, "cannot change settings");
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_err(st, err, "cannot change settings");
	sqlite3_finalize(q);
	return rc;
}

void tours_report_release(struct tours_report *rep)
{
	rowmsg_free(&rep->messages, &rep->nmessages);
	memset(rep, 0, sizeof(*rep));
}
