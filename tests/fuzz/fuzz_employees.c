/* fuzz_employees.c: a joint training's employees file (fairsync import
 * employees FILE: 社員番号, 氏名, フリガナ, 企業ID, 部署, 役職, メール) on
 * arbitrary bytes, into an in-memory event with two companies, a
 * student and one employee already imported.
 *
 * Promises checked: a refused import names every refused row (the
 * messages and the dropped count add up to the rows refused) and changes
 * nothing: the attendees and the employees table are as they were. An
 * accepted one keeps every rule: each employee (role 2) has an employees
 * row naming a company that exists and is named where a student's school
 * would be, no employees row belongs to anyone else, the student is still
 * a student, and the report's counts are the rows written.
 *
 * The same bytes are also told apart by their header (fair/rosterkind.h,
 * as a file dropped on the console is): a kind, or a refusal that says
 * why and leaves the kind unknown. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fair/import.h"
#include "fair/rosterkind.h"
#include "fair/store.h"
#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char companies[] = "企業ID,企業名\nA,エー\nB,ビー\n";
static const char students[] = "学生ID,氏名\nS1,一\n";
static const char earlier[] = "社員番号,氏名,フリガナ,企業ID,部署,役職,メール\n"
			      "E0,零,ゼロ,A,総務,主任,e0@example.jp\n";

/* Every attendee and employee row as one text, to compare. */
static char *snapshot(struct store *st)
{
	sqlite3_stmt *q;
	char *s;

	if (sqlite3_prepare_v2(store_db(st), "SELECT (SELECT group_concat("
			       "quote(id) || quote(ext_id) || quote(name) ||"
			       " quote(kana) || quote(school) ||"
			       " quote(faculty) || quote(email) ||"
			       " quote(role), '|') FROM (SELECT * FROM"
			       " attendees ORDER BY id)) || '#' || (SELECT"
			       " ifnull(group_concat(attendee_id || ',' ||"
			       " company_id || ',' || department || ',' ||"
			       " title, '|'), '') FROM (SELECT * FROM"
			       " employees ORDER BY attendee_id))", -1, &q,
			       NULL) ||
	    sqlite3_step(q) != SQLITE_ROW)
		abort();
	s = strdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (!s)
		abort();
	return s;
}

static void load(struct store *st, enum import_kind k, const char *csv,
		 size_t len)
{
	struct fair_err err = { "" };
	struct import_report rep;

	if (import_csv_mem(st, k, csv, len, "setup.csv", &rep, &err) ||
	    rep.skipped)
		abort();
	import_report_release(&rep);
}

/* One store for every input (a fresh one per input would spend most of
 * the time creating the schema): each input starts from the student and
 * the earlier employee alone, as the earlier import wrote them. */
static struct store *setup(void)
{
	static struct store *st;
	struct fair_err err = { "" };

	if (!st) {
		st = store_open(":memory:", STORE_CREATE, &err);
		if (!st || store_event_create(st, "fuzz", "2026-12-05",
					      "2026-12-06", &err))
			abort();
		load(st, IMPORT_COMPANIES, companies, sizeof(companies) - 1);
		load(st, IMPORT_STUDENTS, students, sizeof(students) - 1);
	}
	if (sqlite3_exec(store_db(st), "DELETE FROM employees WHERE"
			 " attendee_id NOT IN (SELECT id FROM attendees WHERE"
			 " ext_id = 'E0'); DELETE FROM attendees WHERE ext_id"
			 " NOT IN ('S1', 'E0')", NULL, NULL, NULL))
		abort();
	load(st, IMPORT_EMPLOYEES, earlier, sizeof(earlier) - 1);
	return st;
}

static void detect(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	enum roster_kind k = ROSTER_PLAN + 1;
	char path[64];
	int fd = memfd_create("roster.csv", 0);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (roster_kind_detect(path, "fuzz.csv", NULL, &k, &err)) {
		if (k != ROSTER_UNKNOWN || !err.msg[0])
			abort();
	} else if ((unsigned)k > ROSTER_PLAN) {
		abort();
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	struct import_report rep;
	struct store *st = setup();
	char *before, *after;
	int rc;

	before = snapshot(st);

	rc = import_csv_mem(st, IMPORT_EMPLOYEES, data, size, "fuzz.csv",
			    &rep, &err);
	if (rep.nmessages + rep.dropped != rep.skipped)
		abort();
	for (int i = 0; i < rep.nmessages; i++)
		if (strncmp(rep.messages[i], "fuzz.csv", 8))
			abort(); /* each names the file */
	after = snapshot(st);
	if (rc) {
		if (!err.msg[0] || strcmp(before, after) || rep.imported)
			abort(); /* refused: says why, changes nothing */
	} else {
		if (rep.skipped)
			abort(); /* all rows or none */
		if (count(st, "SELECT count(*) FROM attendees a LEFT JOIN"
			  " employees e ON e.attendee_id = a.id LEFT JOIN"
			  " companies c ON c.id = e.company_id WHERE a.role ="
			  " 2 AND (c.id IS NULL OR a.school <> c.name)") ||
		    count(st, "SELECT count(*) FROM employees e JOIN"
			  " attendees a ON a.id = e.attendee_id WHERE a.role"
			  " <> 2") ||
		    count(st, "SELECT count(*) FROM employees WHERE"
			  " attendee_id NOT IN (SELECT id FROM attendees)") ||
		    count(st, "SELECT role FROM attendees WHERE ext_id ="
			  " 'S1'") != 0 ||
		    count(st, "SELECT count(*) FROM attendees WHERE role ="
			  " 2") != 1 + rep.imported - rep.updated ||
		    rep.updated > rep.imported)
			abort();
	}
	free(before);
	free(after);
	import_report_release(&rep);
	detect(data, size);
	return 0;
}
