/* training.c: joint employee training: the event's kind, employees and
 * their attendance across the sessions, and each company's HR workbook
 * (fair/training.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xlsxwriter.h>

#include "fair/caltime.h"
#include "fair/export.h"
#include "fair/token.h"
#include "fair/training.h"

static const char *const kind_names[] = { "fair", "training" };

const char *event_kind_name(enum event_kind k)
{
	return k == EVENT_TRAINING ? "training" : "fair";
}

int event_kind_parse(const char *s, enum event_kind *out)
{
	for (int k = 0; k < 2; k++)
		if (s && !strcmp(s, kind_names[k])) {
			*out = (enum event_kind)k;
			return 0;
		}
	return FAIR_EINVAL;
}

int event_kind_get(struct store *st, enum event_kind *out)
{
	int64_t t = 0;
	int rc = store_query_int64(st, "SELECT kind = 'training' FROM event",
				   NULL, 0, &t);

	if (rc)
		return rc;
	*out = t ? EVENT_TRAINING : EVENT_FAIR;
	return 0;
}

static int exec_bound(struct store *st, const char *sql,
		      const struct store_arg *args, int nargs, int *changes,
		      struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(db));
	for (int i = 0; i < nargs; i++) {
		if (args[i].text)
			sqlite3_bind_text(s, i + 1, args[i].text, -1,
					  SQLITE_STATIC);
		else
			sqlite3_bind_int64(s, i + 1, args[i].num);
	}
	rc = sqlite3_step(s) == SQLITE_DONE ? 0
		: fair_fail(err, FAIR_EIO, "database: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (changes)
		*changes = sqlite3_changes(db);
	return rc;
}

int event_kind_set(struct store *st, enum event_kind k,
		   struct fair_err *err)
{
	int n = 0;

	if (exec_bound(st, "UPDATE event SET kind = ?1",
		       &STORE_STR(event_kind_name(k)), 1, &n, err))
		return FAIR_EIO;
	if (n != 1)
		return fair_fail(err, FAIR_ENOENT, "no event yet");
	return 0;
}

int training_employee_put(struct store *st, uint32_t attendee_id,
			  uint32_t company_id, const char *department,
			  const char *title, struct fair_err *err)
{
	const struct store_arg a[] = {
		STORE_NUM(attendee_id), STORE_NUM(company_id),
		STORE_STR(department), STORE_STR(title),
	};

	return exec_bound(st, "INSERT INTO employees(attendee_id, company_id,"
			  " department, title) VALUES (?1, ?2, ?3, ?4) ON"
			  " CONFLICT(attendee_id) DO UPDATE SET company_id ="
			  " excluded.company_id, department ="
			  " excluded.department, title = excluded.title",
			  a, 4, NULL, err);
}

/* ---- sessions -------------------------------------------------------- */

static void col_text(sqlite3_stmt *s, int c, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(s, c);

	snprintf(out, cap, "%s", t ? (const char *)t : "");
}

int training_sessions(struct store *st, struct training_session *out,
		      int cap, int *n, struct fair_err *err)
{
	sqlite3 *db = store_db(st);
	struct event_info ev;
	sqlite3_stmt *s;

	*n = 0;
	if (store_event_get(st, &ev, err))
		return FAIR_EIO;
	if (sqlite3_prepare_v2(db, "SELECT id, ext_id, name, starts_ms FROM"
			       " places WHERE kind = 'session' ORDER BY"
			       " starts_ms, ext_id", -1, &s, NULL) !=
	    SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(db));
	while (*n < cap && sqlite3_step(s) == SQLITE_ROW) {
		struct training_session *t = &out[(*n)++];

		t->place_id = (uint32_t)sqlite3_column_int64(s, 0);
		col_text(s, 1, t->ext_id, sizeof(t->ext_id));
		col_text(s, 2, t->name, sizeof(t->name));
		cal_format_minute(sqlite3_column_int64(s, 3),
				  ev.utc_offset_min, t->when);
	}
	sqlite3_finalize(s);
	return 0;
}

/* ---- employees' attendance ------------------------------------------ */

#define EMPLOYEES_SELECT \
	"SELECT a.id, a.ext_id, a.name, a.kana, e.company_id, c.ext_id," \
	" c.name, e.department, e.title FROM attendees a JOIN employees e" \
	" ON e.attendee_id = a.id LEFT JOIN companies c ON c.id =" \
	" e.company_id WHERE a.role = 2 AND (?1 = 0 OR e.company_id = ?1)" \
	" ORDER BY c.ext_id, a.ext_id, a.id"

struct walk {
	struct store *st;
	struct training_session ses[TRAINING_SESSIONS_MAX];
	int nses;
	long total;               /* sessions of the event, all of them */
	sqlite3_stmt *came;       /* the sessions one employee entered */
};

static void missed_add(char *out, const char *name)
{
	size_t len = strlen(out), need = strlen(name) + 4;

	if (len >= 3 && !strcmp(out + len - 3, "…"))
		return;
	if (len + need + 4 >= TRAINING_MISSED_MAX) {
		snprintf(out + len, TRAINING_MISSED_MAX - len, "…");
		return;
	}
	snprintf(out + len, TRAINING_MISSED_MAX - len, "%s%s",
		 len ? "、" : "", name);
}

static int fill_attended(struct walk *w, struct training_row *r)
{
	sqlite3_reset(w->came);
	sqlite3_bind_int64(w->came, 1, r->attendee_id);
	while (sqlite3_step(w->came) == SQLITE_ROW) {
		uint32_t pid = (uint32_t)sqlite3_column_int64(w->came, 0);

		for (int i = 0; i < w->nses; i++)
			if (w->ses[i].place_id == pid)
				r->at[i] = true;
		r->attended++;
	}
	r->sessions = (int)w->total;
	r->rate = r->sessions ? (double)r->attended / r->sessions : 0;
	for (int i = 0; i < w->nses; i++)
		if (!r->at[i])
			missed_add(r->missed, w->ses[i].name);
	return 0;
}

static void row_read(sqlite3_stmt *s, struct training_row *r)
{
	memset(r, 0, sizeof(*r));
	r->attendee_id = (uint32_t)sqlite3_column_int64(s, 0);
	col_text(s, 1, r->ext_id, sizeof(r->ext_id));
	col_text(s, 2, r->name, sizeof(r->name));
	col_text(s, 3, r->kana, sizeof(r->kana));
	r->company_id = (uint32_t)sqlite3_column_int64(s, 4);
	col_text(s, 5, r->company_ext, sizeof(r->company_ext));
	col_text(s, 6, r->company, sizeof(r->company));
	col_text(s, 7, r->department, sizeof(r->department));
	col_text(s, 8, r->title, sizeof(r->title));
}

static int walk_open(struct store *st, struct walk *w, struct fair_err *err)
{
	char sql[4096];
	int64_t total = 0;

	memset(w, 0, sizeof(*w));
	w->st = st;
	if (training_sessions(st, w->ses, TRAINING_SESSIONS_MAX, &w->nses,
			      err))
		return FAIR_EIO;
	if (store_query_int64(st, "SELECT count(*) FROM places WHERE kind ="
			      " 'session'", NULL, 0, &total))
		return fair_fail(err, FAIR_EIO, "cannot count sessions");
	w->total = (long)total;
	snprintf(sql, sizeof(sql), "%s SELECT DISTINCT v.pid FROM v JOIN"
		 " places p ON p.id = v.pid WHERE v.aid = ?1 AND v.dir > 0"
		 " AND p.kind = 'session'", export_valid_cte(st));
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &w->came, NULL) !=
	    SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(store_db(st)));
	return 0;
}

int training_each(struct store *st, uint32_t company_id,
		  void (*fn)(const struct training_row *, void *), void *ctx,
		  struct fair_err *err)
{
	struct training_row r;
	struct walk w;
	sqlite3_stmt *s;
	int rc = walk_open(st, &w, err);

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(store_db(st), EMPLOYEES_SELECT, -1, &s,
			       NULL) != SQLITE_OK) {
		sqlite3_finalize(w.came);
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(store_db(st)));
	}
	sqlite3_bind_int64(s, 1, company_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		row_read(s, &r);
		fill_attended(&w, &r);
		fn(&r, ctx);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(w.came);
	return 0;
}

bool training_completed(const struct training_row *r, double min_rate)
{
	return r->sessions && r->rate + 1e-9 >= min_rate;
}

/* ---- per company and session ---------------------------------------- */

struct tally {
	uint32_t company_id;
	int employees;
	int attended[TRAINING_SESSIONS_MAX];
};

static void tally_row(const struct training_row *r, void *ctx)
{
	struct tally *t = ctx;

	t->employees++;
	for (int i = 0; i < TRAINING_SESSIONS_MAX; i++)
		t->attended[i] += r->at[i];
}

int training_company_each(struct store *st,
			  void (*fn)(const struct company *,
				     const struct training_session *,
				     int employees, int attended, void *),
			  void *ctx, struct fair_err *err)
{
	struct training_session ses[TRAINING_SESSIONS_MAX];
	sqlite3_stmt *s;
	int n, rc = training_sessions(st, ses, TRAINING_SESSIONS_MAX, &n, err);

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(store_db(st), "SELECT DISTINCT company_id FROM"
			       " employees e JOIN companies c ON c.id ="
			       " e.company_id ORDER BY c.ext_id", -1, &s,
			       NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "database: %s",
				 sqlite3_errmsg(store_db(st)));
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct tally t = { 0 };
		struct company c;

		t.company_id = (uint32_t)sqlite3_column_int64(s, 0);
		if (store_company_get(st, t.company_id, &c))
			continue;
		rc = training_each(st, t.company_id, tally_row, &t, err);
		for (int i = 0; !rc && i < n; i++)
			fn(&c, &ses[i], t.employees, t.attended[i], ctx);
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- the company's HR workbook -------------------------------------- */

struct book {
	lxw_workbook *wb;
	lxw_worksheet *ws, *by_session;
	lxw_format *bold, *pct;
	struct training_session ses[TRAINING_SESSIONS_MAX];
	int nses;
	lxw_row_t row;
};

static const char *const emp_head[] = {
	"社員番号", "氏名", "フリガナ", "部署", "役職", "出席数",
	"セッション数", "出席率", "欠席したセッション",
};
#define EMP_COLS 9

static void book_header(struct book *b)
{
	for (int i = 0; i < EMP_COLS; i++)
		worksheet_write_string(b->ws, 0, (lxw_col_t)i, emp_head[i],
				       b->bold);
	for (int i = 0; i < b->nses; i++)
		worksheet_write_string(b->ws, 0, (lxw_col_t)(EMP_COLS + i),
				       b->ses[i].name, b->bold);
	worksheet_freeze_panes(b->ws, 1, 2);
	worksheet_set_column(b->ws, 0, 4, 14, NULL);
	worksheet_set_column(b->ws, 8, 8, 40, NULL);
}

static void book_row(const struct training_row *r, void *ctx)
{
	struct book *b = ctx;
	lxw_row_t y = ++b->row;

	worksheet_write_string(b->ws, y, 0, r->ext_id, NULL);
	worksheet_write_string(b->ws, y, 1, r->name, NULL);
	worksheet_write_string(b->ws, y, 2, r->kana, NULL);
	worksheet_write_string(b->ws, y, 3, r->department, NULL);
	worksheet_write_string(b->ws, y, 4, r->title, NULL);
	worksheet_write_number(b->ws, y, 5, r->attended, NULL);
	worksheet_write_number(b->ws, y, 6, r->sessions, NULL);
	worksheet_write_number(b->ws, y, 7, r->rate, b->pct);
	worksheet_write_string(b->ws, y, 8, r->missed, NULL);
	for (int i = 0; i < b->nses; i++)
		worksheet_write_string(b->ws, y, (lxw_col_t)(EMP_COLS + i),
				       r->at[i] ? "○" : "×", NULL);
}

struct by_session {
	struct book *b;
	uint32_t company_id;
	lxw_row_t row;
};

static void session_row(const struct company *c,
			const struct training_session *s, int employees,
			int attended, void *ctx)
{
	struct by_session *bs = ctx;
	lxw_worksheet *ws = bs->b->by_session;
	lxw_row_t y;

	if (c->id != bs->company_id)
		return;
	y = ++bs->row;
	worksheet_write_string(ws, y, 0, s->when, NULL);
	worksheet_write_string(ws, y, 1, s->name, NULL);
	worksheet_write_number(ws, y, 2, employees, NULL);
	worksheet_write_number(ws, y, 3, attended, NULL);
}

static int book_fill(struct store *st, struct book *b, uint32_t company_id,
		     struct fair_err *err)
{
	struct by_session bs = { b, company_id, 0 };
	static const char *const head[] = { "日時", "セッション", "対象者",
					    "出席者" };

	if (training_sessions(st, b->ses, TRAINING_SESSIONS_MAX, &b->nses,
			      err))
		return FAIR_EIO;
	book_header(b);
	if (training_each(st, company_id, book_row, b, err))
		return FAIR_EIO;
	for (int i = 0; i < 4; i++)
		worksheet_write_string(b->by_session, 0, (lxw_col_t)i, head[i],
				       b->bold);
	worksheet_set_column(b->by_session, 0, 1, 24, NULL);
	return training_company_each(st, session_row, &bs, err);
}

int training_export_company(struct store *st, uint32_t company_id,
			    const char *path, long *rows,
			    struct fair_err *err)
{
	struct book b = { 0 };
	char tmp[4200];
	mode_t old;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path,
			     (long)getpid()) >= sizeof(tmp))
		return fair_fail(err, FAIR_EIO, "%s: path too long", path);
	/* it names employees: readable by its owner only, as the exports */
	old = umask(077);
	b.wb = workbook_new(tmp);
	if (!b.wb) {
		umask(old);
		return fair_fail(err, FAIR_EIO, "%s: cannot create", path);
	}
	b.ws = workbook_add_worksheet(b.wb, "出席状況");
	b.by_session = workbook_add_worksheet(b.wb, "セッション別");
	b.bold = workbook_add_format(b.wb);
	format_set_bold(b.bold);
	b.pct = workbook_add_format(b.wb);
	format_set_num_format(b.pct, "0%");
	rc = book_fill(st, &b, company_id, err);
	if (workbook_close(b.wb) != LXW_NO_ERROR && !rc)
		rc = fair_fail(err, FAIR_EIO, "%s: cannot write", path);
	umask(old);
	if (!rc && rename(tmp, path))
		rc = fair_fail(err, FAIR_EIO, "%s: cannot write", path);
	if (rc)
		remove(tmp);
	if (rows)
		*rows = (long)b.row;
	return rc;
}
