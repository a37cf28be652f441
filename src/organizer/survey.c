/* survey.c: the before-and-after survey: its questions in the settings,
 * answers on paper as facts, and the change per question (fair/survey.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fair/csv.h"
#include "fair/import.h"
#include "fair/jtext.h"
#include "fair/rowmsg.h"
#include "fair/rules.h"
#include "fair/survey.h"
#include "fair/tours.h"

#define MESSAGES_MAX 200
#define SETTING_MAX 16384 /* the stored questions */

void survey_report_release(struct survey_report *rep)
{
	rowmsg_free(&rep->messages, &rep->nmessages);
	memset(rep, 0, sizeof(*rep));
}

/* A refused row, "FILE:ROW: reason" (fair/rowmsg.h); with no row, the csv
 * reader's message, which names both. */
#define row_refuse(rep, c, row, ...)                                         \
	rowmsg_row(&(rep)->messages, &(rep)->nmessages, &(rep)->refused,     \
		   MESSAGES_MAX, c, row, __VA_ARGS__)

static void cellv(const struct csv_row *row, int f, char *out, size_t cap)
{
	const char *s = f >= 0 && f < row->nfields ? row->field[f] : "";

	if (jtext_clean(s, true, out, cap) >= 0)
		return;
	/* Too long to clean: cut, but still without tabs or line breaks,
	 * which the stored survey uses between a question's fields and
	 * between questions (a raw one lost every later question). */
	jtext_copy(out, cap, s);
	for (char *p = out; *p; p++)
		if (*p == '\t' || *p == '\r' || *p == '\n')
			*p = ' ';
}

/* The header row: field of each alias list (-1 when absent); for the
 * answers also each question column Q1.. / 設問1.. into qmap. */
static int header(struct csv *c, const char *const *aliases, int n,
		  int *map, int *qmap, struct fair_err *err)
{
	const struct csv_row *row;
	struct fair_err rec = { "" };
	char key[256], where[300];
	int rc = csv_next(c, &row, &rec);

	if (rc <= 0)
		return fair_fail(err, FAIR_EINVAL, "%s: %s", csv_name(c),
				 rc ? rec.msg : "the file is empty; the first "
				 "row must name the columns");
	for (int k = 0; k < n; k++)
		map[k] = -1;
	for (int q = 0; qmap && q < SURVEY_QUESTIONS_MAX; q++)
		qmap[q] = -1;
	for (int i = 0; i < row->nfields; i++) {
		const char *d;
		long q;

		import_header_key(row->field[i], key, sizeof(key));
		for (int k = 0; key[0] && k < n; k++)
			if (map[k] < 0 && import_header_is(key, aliases[k]))
				map[k] = i;
		d = !strncmp(key, "q", 1) ? key + 1 :
		    !strncmp(key, "設問", 6) ? key + 6 : NULL;
		q = d && *d >= '1' && *d <= '9' ? strtol(d, NULL, 10) : 0;
		if (qmap && q >= 1 && q <= SURVEY_QUESTIONS_MAX)
			qmap[q - 1] = i;
	}
	for (int k = 0; k < n; k++)
		if (map[k] < 0)
			return fair_fail(err, FAIR_EINVAL, "%s: missing "
					 "required column (%s)",
					 csv_where(c, row, where,
						   sizeof(where)), aliases[k]);
	return 0;
}

/* ---- the questions -------------------------------------------------- */

/* "A/B/C" (or "A,B,C") as q's choices; false unless 2 to
 * SURVEY_CHOICES_MAX non-empty ones. */
static bool choices_parse(const char *list, struct survey_question *q)
{
	char buf[400], *p, *tok;

	q->type = SURVEY_CHOICE;
	q->nchoices = 0;
	snprintf(buf, sizeof(buf), "%s", list);
	for (p = buf; *p; p++)
		if (*p == ',')
			*p = '/';
	for (p = buf; p;) {
		tok = p;
		p = strchr(p, '/');
		if (p)
			*p++ = '\0';
		if (!tok[0] || q->nchoices >= SURVEY_CHOICES_MAX)
			return false;
		if (strlen(tok) >= sizeof(q->choice[0]))
			return false;
		memcpy(q->choice[q->nchoices++], tok, strlen(tok) + 1);
	}
	return q->nchoices >= 2;
}

/* "5段階" or "選択:A/B/C" into q; false if neither. */
static bool type_parse(const char *s, struct survey_question *q)
{
	if (!strcmp(s, "5段階") || !strcmp(s, "5") || !strcmp(s, "scale")) {
		q->type = SURVEY_SCALE5;
		return true;
	}
	if (!strncmp(s, "選択:", 7))
		return choices_parse(s + 7, q);
	if (!strncmp(s, "選択：", 9))
		return choices_parse(s + 9, q);
	return false;
}

static void question_line(const struct survey_question *q, char *out,
			  size_t cap)
{
	size_t n;

	if (q->type == SURVEY_SCALE5) {
		snprintf(out, cap, "5\t%s\n", q->text);
		return;
	}
	n = (size_t)snprintf(out, cap, "c:");
	for (int i = 0; i < q->nchoices && n < cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "/" : "",
				      q->choice[i]);
	if (n < cap)
		snprintf(out + n, cap - n, "\t%s\n", q->text);
}

static void set_rows(struct csv *c, const int *map, struct survey *s,
		     struct survey_report *rep)
{
	const struct csv_row *row;
	struct fair_err rec = { "" };
	char type[400];
	int r;

	while ((r = csv_next(c, &row, &rec)) != 0) {
		struct survey_question *q = &s->q[s->n < SURVEY_QUESTIONS_MAX ?
						  s->n : 0];

		if (r < 0) {
			row_refuse(rep, c, NULL, "%s", rec.msg);
			continue;
		}
		memset(q, 0, sizeof(*q));
		cellv(row, map[0], q->text, sizeof(q->text));
		cellv(row, map[1], type, sizeof(type));
		if (!q->text[0] && !type[0])
			continue;
		if (s->n >= SURVEY_QUESTIONS_MAX)
			row_refuse(rep, c, row, "a survey has at most %d "
				   "questions", SURVEY_QUESTIONS_MAX);
		else if (!q->text[0] || strchr(q->text, '\t'))
			row_refuse(rep, c, row, "設問 (question) is empty");
		else if (!type_parse(type, q))
			row_refuse(rep, c, row, "種別 (type) '%s' must be "
				   "5段階 or 選択:A/B/C (2-%d choices)", type,
				   SURVEY_CHOICES_MAX);
		else
			s->n++;
	}
}

int survey_set(struct store *st, const char *path, const char *name,
	       struct survey_report *rep, struct fair_err *err)
{
	static const char *const aliases[] = {
		"設問|質問|question|設問文", "種別|形式|type|回答形式" };
	static struct survey s;
	char *value, line[1024];
	size_t n = 0;
	int map[2], rc;
	struct csv *c;

	memset(rep, 0, sizeof(*rep));
	memset(&s, 0, sizeof(s));
	c = csv_open(path, name ? name : path, err);
	if (!c)
		return FAIR_EINVAL;
	rc = header(c, aliases, 2, map, NULL, err);
	if (!rc)
		set_rows(c, map, &s, rep);
	if (!rc && rep->refused)
		rc = rowmsg_refuse_file(err, csv_name(c), rep->refused);
	else if (!rc && !s.n)
		rc = fair_fail(err, FAIR_EINVAL, "%s: no question (設問)",
			       csv_name(c));
	csv_free(c);
	if (rc)
		return rc;
	value = calloc(1, SETTING_MAX);
	if (!value)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	for (int i = 0; i < s.n && n < SETTING_MAX; i++) {
		question_line(&s.q[i], line, sizeof(line));
		n += (size_t)snprintf(value + n, SETTING_MAX - n, "%s", line);
	}
	rc = tours_setting_set(st, SURVEY_KEY, value, err);
	free(value);
	rep->rows = rc ? 0 : s.n;
	return rc;
}

int survey_load(struct store *st, struct survey *out)
{
	char *value = calloc(1, SETTING_MAX), *p, *nl, *tab;

	memset(out, 0, sizeof(*out));
	if (!value)
		return FAIR_ENOMEM;
	if (tours_setting_get(st, SURVEY_KEY, value, SETTING_MAX) ||
	    !value[0]) {
		free(value);
		return FAIR_ENOENT;
	}
	for (p = value; *p && out->n < SURVEY_QUESTIONS_MAX; p = nl + 1) {
		struct survey_question *q = &out->q[out->n];
		char type[400];

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		tab = strchr(p, '\t');
		if (!tab || tab > nl)
			break;
		snprintf(type, sizeof(type), "%.*s", (int)(tab - p), p);
		snprintf(q->text, sizeof(q->text), "%.*s", (int)(nl - tab - 1),
			 tab + 1);
		if (!strcmp(type, "5"))
			q->type = SURVEY_SCALE5;
		else if (strncmp(type, "c:", 2) ||
			 !choices_parse(type + 2, q))
			break;
		out->n++;
	}
	free(value);
	return out->n ? 0 : FAIR_ENOENT;
}

/* ---- answers on paper ------------------------------------------------ */

struct answers {
	struct store *st;
	struct csv *c;
	const struct survey *s;
	int map[2];                      /* ID, 時期 */
	int qmap[SURVEY_QUESTIONS_MAX];  /* Q1.. */
	int64_t now_ms;
	struct survey_report *rep;
};

/* 1..5 for question q's answer text, 0 for none, -1 if not an answer. */
static int answer_value(const struct survey_question *q, const char *v)
{
	char *end;
	long n;

	if (!v[0])
		return 0;
	for (int i = 0; q->type == SURVEY_CHOICE && i < q->nchoices; i++)
		if (!strcmp(v, q->choice[i]))
			return i + 1;
	n = strtol(v, &end, 10);
	if (*end || n < 1)
		return -1;
	if (q->type == SURVEY_SCALE5)
		return n <= 5 ? (int)n : -1;
	return n <= q->nchoices ? (int)n : -1;
}

static int when_parse(const char *s)
{
	static const char *const before[] = { "事前", "before", "pre", "前",
					      "研修前", NULL };
	static const char *const after[] = { "事後", "after", "post", "後",
					     "研修後", NULL };

	for (int i = 0; before[i]; i++)
		if (!strcmp(s, before[i]))
			return 1;
	for (int i = 0; after[i]; i++)
		if (!strcmp(s, after[i]))
			return -1;
	return 0;
}

static int answer_fact(struct answers *a, uint32_t who, int q, int when,
		       int v, struct fair_err *err)
{
	struct fact f = { .kind = FACT_SURVEY, .attendee_id = who,
			  .direction = when, .source = SOURCE_MANUAL,
			  .wall_ms = a->now_ms, .rating = v };

	snprintf(f.kiosk, sizeof(f.kiosk), "fairsync");
	boot_id_read(f.boot_id);
	snprintf(f.tags, sizeof(f.tags), "Q%d", q + 1);
	return store_fact_append(a->st, &f, err);
}

static int answer_row(struct answers *a, const struct csv_row *row,
		      struct fair_err *err)
{
	char id[64], when_s[64], v[128];
	struct attendee at;
	int when, val[SURVEY_QUESTIONS_MAX], bad = a->rep->refused;

	cellv(row, a->map[0], id, sizeof(id));
	cellv(row, a->map[1], when_s, sizeof(when_s));
	if (!id[0] && !when_s[0])
		return 0;
	if (store_attendee_by_ext(a->st, id, &at))
		row_refuse(a->rep, a->c, row, "ID '%s' is not on the "
			   "roster (no such student)", id);
	when = when_parse(when_s);
	if (!when)
		row_refuse(a->rep, a->c, row, "時期 '%s' must be 事前 "
			   "(before) or 事後 (after)", when_s);
	for (int q = 0; q < a->s->n; q++) {
		cellv(row, a->qmap[q], v, sizeof(v));
		val[q] = answer_value(&a->s->q[q], v);
		if (val[q] < 0)
			row_refuse(a->rep, a->c, row, "Q%d '%s' is not an "
				   "answer to %s", q + 1, v,
				   a->s->q[q].text);
	}
	if (a->rep->refused > bad)
		return 0;
	for (int q = 0; q < a->s->n; q++)
		if (val[q] > 0 && answer_fact(a, at.id, q, when, val[q], err))
			return FAIR_EIO;
	a->rep->rows++;
	return 0;
}

static int answer_rows(struct answers *a, struct fair_err *err)
{
	const struct csv_row *row;
	struct fair_err rec = { "" };
	int r;

	for (int q = a->s->n; q < SURVEY_QUESTIONS_MAX; q++)
		if (a->qmap[q] >= 0)
			return fair_fail(err, FAIR_EINVAL, "%s: column Q%d "
					 "names no question (the survey has "
					 "%d)", csv_name(a->c), q + 1,
					 a->s->n);
	while ((r = csv_next(a->c, &row, &rec)) != 0) {
		if (r < 0) {
			row_refuse(a->rep, a->c, NULL, "%s", rec.msg);
			continue;
		}
		if (answer_row(a, row, err))
			return FAIR_EIO;
	}
	return 0;
}

int survey_import(struct store *st, const char *path, const char *name,
		  int64_t now_ms, struct survey_report *rep,
		  struct fair_err *err)
{
	static const char *const aliases[] = {
		"id|学生id|社員番号|受付番号|名簿id|studentid",
		"時期|timing|when|事前事後|区分" };
	static struct survey s;
	struct answers a = { .st = st, .s = &s, .now_ms = now_ms,
			     .rep = rep };
	int64_t last = 0;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (survey_load(st, &s))
		return fair_fail(err, FAIR_ENOENT, "設問がありません: 先に "
				 "fairsync settings --survey (no survey set)");
	a.c = csv_open(path, name ? name : path, err);
	if (!a.c)
		return FAIR_EINVAL;
	rc = header(a.c, aliases, 2, a.map, a.qmap, err);
	if (!rc)
		rc = store_begin(st, err);
	/* a later import is a correction: its answers must be the latest
	 * even within the same millisecond */
	if (!rc && !store_query_int64(st, "SELECT max(wall_ms) + 1 FROM "
				      "facts WHERE kind = 'survey'", NULL, 0,
				      &last) && last > a.now_ms)
		a.now_ms = last;
	if (rc) {
		csv_free(a.c);
		return rc;
	}
	rc = answer_rows(&a, err);
	if (!rc && rep->refused)
		rc = rowmsg_refuse_file(err, csv_name(a.c), rep->refused);
	csv_free(a.c);
	if (rc) {
		store_rollback(st);
		rep->rows = 0;
		return rc;
	}
	return store_commit(st, err);
}

/* ---- the change ------------------------------------------------------ */

/* Each student's latest valid answer per question, before and after. */
#define LATEST_CTE \
	"WITH a AS (SELECT attendee_id AS aid, tags AS q, direction AS d," \
	" rating AS v FROM (SELECT f.*, row_number() OVER (PARTITION BY" \
	" f.attendee_id, f.tags, f.direction ORDER BY f.wall_ms DESC," \
	" f.uuid DESC) AS rn FROM facts f WHERE f.kind = 'survey' AND" \
	" f.uuid NOT IN (SELECT voids FROM facts WHERE kind = 'void' AND" \
	" voids IS NOT NULL)) WHERE rn = 1) "

static int distribution(struct store *st, struct survey_stat *s,
			const char *q)
{
	sqlite3_stmt *k;

	if (sqlite3_prepare_v2(store_db(st), LATEST_CTE "SELECT d, v, "
			       "count(*) FROM a WHERE q = ?1 GROUP BY d, v",
			       -1, &k, NULL))
		return FAIR_EIO;
	sqlite3_bind_text(k, 1, q, -1, SQLITE_STATIC);
	while (sqlite3_step(k) == SQLITE_ROW) {
		int d = sqlite3_column_int(k, 0), v = sqlite3_column_int(k, 1);
		int n = sqlite3_column_int(k, 2);

		if (v < 1 || v > SURVEY_CHOICES_MAX)
			continue;
		if (d > 0) {
			s->before[v] += n;
			s->n_before += n;
		} else {
			s->after[v] += n;
			s->n_after += n;
		}
	}
	sqlite3_finalize(k);
	return 0;
}

static int paired(struct store *st, struct survey_stat *s, const char *q)
{
	sqlite3_stmt *k;
	int rc = 0;

	if (sqlite3_prepare_v2(store_db(st), LATEST_CTE "SELECT count(*),"
			       " total(x.v - b.v), total(x.v > b.v),"
			       " total(x.v <> b.v) FROM a b JOIN a x ON"
			       " x.aid = b.aid AND x.q = b.q AND x.d = -1"
			       " WHERE b.q = ?1 AND b.d = 1", -1, &k, NULL))
		return FAIR_EIO;
	sqlite3_bind_text(k, 1, q, -1, SQLITE_STATIC);
	if (sqlite3_step(k) == SQLITE_ROW) {
		s->paired = sqlite3_column_int(k, 0);
		s->mean_change = s->paired ? sqlite3_column_double(k, 1) /
					     s->paired : 0;
		s->moved_up = sqlite3_column_int(k, 2);
		s->changed = sqlite3_column_int(k, 3);
	} else {
		rc = FAIR_EIO;
	}
	sqlite3_finalize(k);
	return rc;
}

/* Counts below min_count become -1: too few to show without naming. */
static void suppress(struct survey_stat *s, int min_count)
{
	int hid_b = 0, hid_a = 0;

	for (int v = 1; v <= SURVEY_CHOICES_MAX; v++) {
		if (s->before[v] && s->before[v] < min_count) {
			s->before[v] = -1;
			hid_b++;
		}
		if (s->after[v] && s->after[v] < min_count) {
			s->after[v] = -1;
			hid_a++;
		}
	}
	if (s->n_before && s->n_before < min_count)
		s->n_before = -1;
	if (s->n_after && s->n_after < min_count)
		s->n_after = -1;
	/* one count hidden and the total shown would give it away */
	if (hid_b == 1)
		s->n_before = -2;
	if (hid_a == 1)
		s->n_after = -2;
	if (s->paired < min_count) {
		s->paired = -1;
		s->mean_change = 0;
		s->moved_up = s->changed = -1;
	}
}

int survey_stats(struct store *st, int min_count,
		 void (*fn)(const struct survey_stat *, void *), void *ctx,
		 struct fair_err *err)
{
	static struct survey sv;
	struct survey_stat s;
	char q[16];

	if (survey_load(st, &sv))
		return fair_fail(err, FAIR_ENOENT, "設問がありません (no "
				 "survey set: fairsync settings --survey)");
	for (int i = 0; i < sv.n; i++) {
		memset(&s, 0, sizeof(s));
		s.number = i + 1;
		s.q = &sv.q[i];
		snprintf(q, sizeof(q), "Q%d", i + 1);
		if (distribution(st, &s, q) || paired(st, &s, q))
			return fair_fail(err, FAIR_EIO, "database: %s",
					 sqlite3_errmsg(store_db(st)));
		suppress(&s, min_count);
		fn(&s, ctx);
	}
	return 0;
}
