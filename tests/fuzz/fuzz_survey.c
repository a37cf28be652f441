/* fuzz_survey.c: the tour's survey on arbitrary bytes, as its definition
 * (fairsync settings --survey FILE: 設問,種別 with 5段階 or 選択:A/B/C)
 * and as answers on paper (fairsync import survey FILE: 学生ID, 時期,
 * Q1, Q2 ...) into an in-memory event with two students.
 *
 * Promises checked: a refused definition stores nothing and names every
 * refused row (up to the cap); an accepted one reads back (survey_load)
 * as exactly the questions it reported, each with a text free of tabs and
 * line breaks and a 5段階 scale or 2-5 non-empty choices. Answers are then
 * imported against that survey (or a fixed one when the bytes were not a
 * survey): a refused import records no answer and names its rows; an
 * accepted one records only answers a question allows, from students on
 * the roster, before or after. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fair/import.h"
#include "fair/store.h"
#include "fuzz_store.h"
#include "fair/survey.h"
#include "fair/tours.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char students[] = "学生ID,氏名\nS1,一\nS2,二\n";
static const char fixed[] = "設問,種別\n興味,5段階\n志望,選択:A/B/C\n";

/* One store for every input (a fresh one per input would spend most of
 * the time creating the schema): each input starts from no survey and
 * no answers. */
static struct store *setup(void)
{
	static struct store *st;
	struct fair_err err = { "" };
	struct import_report irep;

	if (!st) {
		st = store_open(":memory:", STORE_CREATE, &err);
		if (!st || store_event_create(st, "fuzz", "2026-12-05",
					      "2026-12-06", &err) ||
		    import_csv_mem(st, IMPORT_STUDENTS, students,
				   sizeof(students) - 1, "s.csv", &irep, &err))
			abort();
		import_report_release(&irep);
	}
	if (sqlite3_exec(store_db(st), "DELETE FROM facts", NULL, NULL,
			 NULL) ||
	    tours_setting_set(st, SURVEY_KEY, NULL, &err))
		abort();
	return st;
}

static void check_messages(const struct survey_report *rep)
{
	if (rep->refused && rep->nmessages != (rep->refused < 200 ?
					       rep->refused : 200))
		abort();
	for (int i = 0; i < rep->nmessages; i++)
		if (strncmp(rep->messages[i], "fuzz.csv", 8))
			abort(); /* each names the file */
}

static void check_survey(const struct survey *s)
{
	for (int i = 0; i < s->n; i++) {
		const struct survey_question *q = &s->q[i];

		if (!q->text[0] || strpbrk(q->text, "\t\r\n"))
			abort();
		if (q->type == SURVEY_SCALE5)
			continue;
		if (q->type != SURVEY_CHOICE || q->nchoices < 2 ||
		    q->nchoices > SURVEY_CHOICES_MAX)
			abort();
		for (int c = 0; c < q->nchoices; c++)
			if (!q->choice[c][0])
				abort();
	}
}

/* Every recorded answer is one its question allows. */
static void check_answers(struct store *st, const struct survey *s)
{
	char sql[512];

	if (count(st, "SELECT count(*) FROM facts WHERE kind = 'survey' AND"
		  " (direction NOT IN (1, -1) OR attendee_id NOT IN (SELECT"
		  " id FROM attendees))"))
		abort();
	for (int i = 0; i < s->n; i++) {
		int top = s->q[i].type == SURVEY_SCALE5 ? 5 :
			  s->q[i].nchoices;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM facts WHERE"
			 " kind = 'survey' AND tags = 'Q%d' AND (rating < 1 OR"
			 " rating > %d)", i + 1, top);
		if (count(st, sql))
			abort();
	}
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM facts WHERE kind ="
		 " 'survey' AND CAST(substr(tags, 2) AS INTEGER) NOT BETWEEN 1"
		 " AND %d", s->n);
	if (count(st, sql))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	struct survey_report rep;
	static struct survey s;
	struct store *st = setup();
	char path[64], fpath[64];
	int fd, ffd, rc;

	fd = mem_file(data, size, path, sizeof(path));
	rc = survey_set(st, path, "fuzz.csv", &rep, &err);
	check_messages(&rep);
	if (rc) {
		if (survey_load(st, &s) != FAIR_ENOENT || !err.msg[0])
			abort(); /* refused: nothing stored, and says why */
	} else if (survey_load(st, &s) || s.n != rep.rows) {
		abort(); /* accepted: reads back as reported */
	}
	survey_report_release(&rep);
	if (rc) {
		ffd = mem_file(fixed, sizeof(fixed) - 1, fpath, sizeof(fpath));
		if (survey_set(st, fpath, "fixed.csv", &rep, &err) ||
		    survey_load(st, &s) || s.n != 2)
			abort();
		survey_report_release(&rep);
		close(ffd);
	}
	check_survey(&s);

	rc = survey_import(st, path, "fuzz.csv", 1796432400000LL, &rep,
			   &err);
	check_messages(&rep);
	if (rc && (count(st, "SELECT count(*) FROM facts WHERE kind ="
			 " 'survey'") || !err.msg[0]))
		abort(); /* refused: no answer recorded */
	if (!rc)
		check_answers(st, &s);
	survey_report_release(&rep);
	close(fd);
	return 0;
}
