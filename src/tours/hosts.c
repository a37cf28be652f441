/* hosts.c: `fairsync import hosts`: which company hosts visits on which
 * day, all rows or none (fair/tours.h). Also the CSV manners the plan
 * import shares. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/grow.h"
#include "fair/i18n.h"
#include "fair/caltime.h"
#include "fair/csv.h"
#include "fair/import.h"
#include "fair/jtext.h"
#include "fair/rowmsg.h"
#include "fair/rules.h"
#include "tours_int.h"

int tours_header(struct csv *c, const struct tcol *cols, int ncols,
		 int *map, struct fair_err *err)
{
	const struct csv_row *row;
	struct fair_err rec = { "" };
	char key[256], missing[300] = "";
	size_t len = 0;
	int rc = csv_next(c, &row, &rec);

	if (rc == 0)
		return fair_fail(err, FAIR_EINVAL, "%s: the file is empty; "
				 "the first row must name the columns",
				 csv_name(c));
	if (rc < 0)
		return fair_fail(err, rc, "%s (in the header row)", rec.msg);
	for (int k = 0; k < ncols; k++)
		map[k] = -1;
	for (int i = 0; i < row->nfields; i++) {
		import_header_key(row->field[i], key, sizeof(key));
		for (int k = 0; key[0] && k < ncols; k++) {
			if (!import_header_is(key, cols[k].aliases))
				continue;
			if (map[k] >= 0)
				return fair_fail(err, FAIR_EINVAL, "%s:%ld: "
						 "column %s (%s) appears twice",
						 csv_name(c), row->row,
						 cols[k].ja, cols[k].en);
			map[k] = i;
			break;
		}
	}
	for (int k = 0; k < ncols; k++)
		if (cols[k].required && map[k] < 0) {
			len += (size_t)snprintf(missing + len,
						sizeof(missing) - len,
						"%s%s (%s)", len ? ", " : "",
						cols[k].ja, cols[k].en);
			if (len >= sizeof(missing))
				len = sizeof(missing) - 1;
		}
	if (len)
		return fair_fail(err, FAIR_EINVAL, "%s:%ld: missing required "
				 "columns: %s", csv_name(c), row->row,
				 missing);
	return 0;
}

bool tours_cols_fit(const struct tcol *cols, int ncols,
		    const char *const *keys, int n)
{
	for (int k = 0; k < ncols; k++) {
		bool found = !cols[k].required;

		for (int i = 0; i < n && !found; i++)
			found = import_header_is(keys[i], cols[k].aliases);
		if (!found)
			return false;
	}
	return true;
}

void tours_cell(const struct csv_row *row, const int *map, int c,
		char *out, size_t cap)
{
	const char *s = map[c] >= 0 && map[c] < row->nfields ?
			row->field[map[c]] : "";

	if (jtext_clean(s, true, out, cap) < 0)
		jtext_copy(out, cap, s);
}

void tours_refuse(struct tours_report *rep, const char *name, long row,
		  const char *fmt, ...)
{
	char where[300];
	va_list ap;

	rep->refused++;
	if (row > 0)
		snprintf(where, sizeof(where), "%s:%ld", name, row);
	va_start(ap, fmt);
	rowmsg_vadd(&rep->messages, &rep->nmessages, TOURS_MESSAGES_MAX,
		    row > 0 ? where : NULL, fmt, ap);
	va_end(ap);
}

/* ---- host days ------------------------------------------------------ */

enum { H_COMPANY, H_DATE, H_CAPACITY, H_START, H_END, H_COUNT };

static const struct tcol host_cols[H_COUNT] = {
	{ "企業ID", "company", true, "company|companyid|企業id|企業コード|"
	  "企業番号|会社id|企業|id" },
	{ "日付", "date", true, "date|day|日付|日|開催日|受入日|訪問日" },
	{ "定員", "capacity", true, "capacity|seats|定員|受入人数|"
	  "受入可能人数|人数|定員数" },
	{ "開始", "start", false, "start|starts|starttime|開始|開始時刻|"
	  "開始時間" },
	{ "終了", "end", false, "end|ends|endtime|終了|終了時刻|終了時間" },
};

struct host_row {
	struct place p;
	long row;                 /* as Excel numbers it */
	char key[128];            /* company + date, for repeats */
};

static int parse_capacity(const char *s, int *out)
{
	static const char *const units[] = { "名", "人", "席", NULL };
	char buf[64], *end;
	size_t n;
	long v;

	snprintf(buf, sizeof(buf), "%s", s);
	for (const char *const *u = units; *u; u++) {
		n = strlen(buf);
		if (n > strlen(*u) && !strcmp(buf + n - strlen(*u), *u))
			buf[n - strlen(*u)] = '\0';
	}
	if (!buf[0])
		return FAIR_EINVAL;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (*end || errno || v < 1 || v > 100000)
		return FAIR_EINVAL;
	*out = (int)v;
	return 0;
}

/* One row into r->p; false with a message in rep when refused. */
static bool host_row(struct store *st, const struct event_info *ev,
		     const struct csv_row *row, const int *map,
		     const char *name, struct host_row *r,
		     struct tours_report *rep)
{
	char company[64], date[64], cap[64], start[64], end[64], when[160];
	char ext[160];
	int64_t day, first, last, day0;
	struct company c;

	tours_cell(row, map, H_COMPANY, company, sizeof(company));
	tours_cell(row, map, H_DATE, date, sizeof(date));
	tours_cell(row, map, H_CAPACITY, cap, sizeof(cap));
	tours_cell(row, map, H_START, start, sizeof(start));
	tours_cell(row, map, H_END, end, sizeof(end));
	memset(r, 0, sizeof(*r));
	r->row = row->row;
	if (!company[0]) {
		tours_refuse(rep, name, row->row, "企業ID (company) is empty");
		return false;
	}
	if (store_company_by_ext(st, company, &c)) {
		tours_refuse(rep, name, row->row, "company '%s' is not "
			     "imported (fairsync import companies first)",
			     company);
		return false;
	}
	if (cal_parse_date(date, &day, NULL)) {
		tours_refuse(rep, name, row->row, "日付 (date) '%s' is not a "
			     "date like 2026-12-08", date);
		return false;
	}
	cal_parse_date(ev->start_date, &first, NULL);
	cal_parse_date(ev->end_date, &last, NULL);
	if (day < first || day > last) {
		tours_refuse(rep, name, row->row, "日付 (date) %s is outside "
			     "the event's dates (%s to %s)", date,
			     ev->start_date, ev->end_date);
		return false;
	}
	if (parse_capacity(cap, &r->p.capacity)) {
		tours_refuse(rep, name, row->row, "定員 (capacity) '%s' is "
			     "not a number of seats from 1", cap);
		return false;
	}
	/* the date as written may be 2026/12/8: store it as YYYY-MM-DD */
	day0 = cal_day_start_ms(day, ev->utc_offset_min);
	cal_format_day(day, date);
	r->p.starts_ms = day0;
	r->p.ends_ms = cal_day_start_ms(day + 1, ev->utc_offset_min);
	snprintf(when, sizeof(when), "%s %s", strpbrk(start, "-/") ? "" :
		 date, start);
	if (start[0] && cal_parse_time(when, NULL, ev->utc_offset_min,
				       &r->p.starts_ms)) {
		tours_refuse(rep, name, row->row, "開始 (start) '%s' is not a "
			     "time like 10:00", start);
		return false;
	}
	snprintf(when, sizeof(when), "%s %s", strpbrk(end, "-/") ? "" : date,
		 end);
	if (end[0] && cal_parse_time(when, NULL, ev->utc_offset_min,
				     &r->p.ends_ms)) {
		tours_refuse(rep, name, row->row, "終了 (end) '%s' is not a "
			     "time like 17:00", end);
		return false;
	}
	if (r->p.ends_ms <= r->p.starts_ms) {
		tours_refuse(rep, name, row->row, "終了 (end) '%s' is not "
			     "after 開始 (start) '%s'", end, start);
		return false;
	}
	snprintf(ext, sizeof(ext), "visit:%s:%s", company, date);
	if (strlen(ext) >= sizeof(r->p.ext_id)) {
		tours_refuse(rep, name, row->row, "企業ID (company) '%s' is "
			     "too long", company);
		return false;
	}
	memcpy(r->p.ext_id, ext, strlen(ext) + 1);
	snprintf(r->key, sizeof(r->key), "%s", r->p.ext_id);
	r->p.kind = PLACE_VISIT;
	jtext_copy(r->p.name, sizeof(r->p.name), c.name);
	r->p.company_id = c.id;
	r->p.exit_tracking = true;
	return true;
}

int tours_import_hosts(struct store *st, const char *path, const char *name,
		       struct tours_report *rep, struct fair_err *err)
{
	struct event_info ev;
	struct host_row *rows = NULL;
	int map[H_COUNT], n = 0, rc;
	size_t cap = 0;
	const struct csv_row *row;
	struct csv *c;
	const char *format; /* CSV, TSV or an Excel sheet */

	memset(rep, 0, sizeof(*rep));
	if (!name)
		name = path;
	rc = store_event_get(st, &ev, err);
	if (rc)
		return rc;
	rc = import_open(path, name, NULL, &c, &format, err);
	if (rc)
		return FAIR_EINVAL;
	rc = tours_header(c, host_cols, H_COUNT, map, err);
	while (!rc) {
		struct fair_err rec = { "" };
		int got = csv_next(c, &row, &rec);

		if (got == 0)
			break;
		rep->rows++;
		if (got < 0) {
			/* the reader's message names file and row */
			tours_refuse(rep, name, 0, "%s", rec.msg);
			continue;
		}
		if (fair_grow((void **)&rows, &cap, (size_t)n + 1,
			      sizeof(*rows), TOURS_ROWS_MAX)) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		if (!host_row(st, &ev, row, map, name, &rows[n], rep))
			continue;
		for (int i = 0; i < n; i++)
			if (!strcmp(rows[i].key, rows[n].key)) {
				tours_refuse(rep, name, row->row, "%s hosts "
					     "on that date already (row %ld)",
					     rows[n].key + 6, rows[i].row);
				n--;
				break;
			}
		n++;
	}
	csv_free(c);
	if (!rc && rep->refused)
		rc = fair_fail(err, FAIR_EINVAL, "%d row%s refused; nothing "
			       "imported", rep->refused,
			       rep->refused == 1 ? "" : "s");
	if (!rc && !(rc = store_begin(st, err))) {
		for (int i = 0; !rc && i < n; i++)
			rc = store_place_upsert(st, &rows[i].p, err);
		if (!rc)
			rc = store_commit(st, err);
		if (rc)
			store_rollback(st);
	}
	if (!rc)
		rep->imported = n;
	free(rows);
	return rc;
}

bool tours_hosts_header_fits(const char *const *keys, int n)
{
	return tours_cols_fit(host_cols, H_COUNT, keys, n);
}
