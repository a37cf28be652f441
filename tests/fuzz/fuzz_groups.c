/* fuzz_groups.c: roll-call groups on arbitrary bytes: the groups file
 * (fairsync import groups FILE: グループ, 学生ID or 社員ID) into an
 * in-memory event with three students and one group already imported,
 * and the same bytes as a departure fact's note (present=...;missing=...,
 * which arrives from a kiosk's database through merge).
 *
 * Promises checked: a refused import names every refused row (up to the
 * cap) and changes nothing (the earlier group stays as it was); an
 * accepted one replaces every group, reports the groups and members it
 * wrote, keeps every group within ROLLCALL_MEMBERS_MAX members, each on
 * the roster and once, each group named on one line (a kiosk's button),
 * and each group loads for the kiosk and departs with a note that reads
 * back as its members. A note is read or refused, never read past
 * ROLLCALL_MEMBERS_MAX ids. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fair/import.h"
#include "fair/rollcall.h"
#include "fair/store.h"
#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char students[] = "学生ID,氏名,フリガナ\nS1,一,イチ\n"
			       "S2,二,ニ\nS3,三,サン\n";
static const char earlier[] = "グループ,学生ID\n1号車,S1\n";

/* A group loads for the kiosk and its departure note reads back. */
static void depart(const char *group, int members, void *ctx)
{
	struct store *st = ctx;
	static struct rollcall rc;
	static struct rollcall_departure d;
	static struct fact f;

	if (members < 1 || members > ROLLCALL_MEMBERS_MAX ||
	    !group[0] || strpbrk(group, "\t\r\n"))
		abort(); /* a name fit for a button and a fact's tags */
	if (rollcall_load(st, group, &rc) || rc.n != members)
		abort();
	for (int i = 0; i < rc.n; i += 2)
		rollcall_mark(&rc, rc.m[i].attendee_id, i % 4 == 0);
	memset(&f, 0, sizeof(f));
	if (rollcall_depart(&rc, &f) || rollcall_parse(f.note, &d) ||
	    d.npresent + d.nmissing != members ||
	    strcmp(f.tags, group))
		abort();
}

static void parse_note(const uint8_t *data, size_t size)
{
	static struct rollcall_departure d;
	char *note = malloc(size + 1);

	if (!note)
		abort();
	memcpy(note, data, size);
	note[size] = '\0';
	if (rollcall_parse(note, &d) == 0 &&
	    (d.npresent < 0 || d.npresent > ROLLCALL_MEMBERS_MAX ||
	     d.nmissing < 0 || d.nmissing > ROLLCALL_MEMBERS_MAX))
		abort();
	free(note);
}

/* One store for every input (a fresh one per input would spend most of
 * the time creating the schema); an import replaces every group, so each
 * input starts from the earlier group alone. */
static struct store *setup(void)
{
	static struct store *st;
	struct fair_err err = { "" };
	struct rollcall_report rep;
	struct import_report irep;
	char path[64];
	int fd;

	if (!st) {
		st = store_open(":memory:", STORE_CREATE, &err);
		if (!st || store_event_create(st, "fuzz", "2026-12-05",
					      "2026-12-06", &err) ||
		    import_csv_mem(st, IMPORT_STUDENTS, students,
				   sizeof(students) - 1, "s.csv", &irep, &err))
			abort();
		import_report_release(&irep);
	}
	fd = mem_file(earlier, sizeof(earlier) - 1, path, sizeof(path));
	if (rollcall_import(st, path, "earlier.csv", &rep, &err))
		abort();
	rollcall_report_release(&rep);
	close(fd);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	struct rollcall_report rep;
	struct store *st = setup();
	char path[64];
	int fd, rc;

	fd = mem_file(data, size, path, sizeof(path));
	rc = rollcall_import(st, path, "fuzz.csv", &rep, &err);
	if (rep.refused && rep.nmessages != (rep.refused < 1000 ?
					     rep.refused : 1000))
		abort();
	for (int i = 0; i < rep.nmessages; i++)
		if (strncmp(rep.messages[i], "fuzz.csv", 8))
			abort(); /* each names the file */
	if (rc) {
		/* refused: the earlier group, untouched */
		if (!err.msg[0] || rep.groups || rep.members ||
		    count(st, "SELECT count(*) FROM groups") != 1 ||
		    count(st, "SELECT count(*) FROM group_members m JOIN"
			  " groups g ON g.id = m.group_id JOIN attendees a"
			  " ON a.id = m.attendee_id WHERE g.name = '1号車'"
			  " AND a.ext_id = 'S1'") != 1 ||
		    count(st, "SELECT count(*) FROM group_members") != 1)
			abort();
	} else {
		if (rep.groups != count(st, "SELECT count(*) FROM groups") ||
		    rep.members != count(st, "SELECT count(*) FROM"
					 " group_members") ||
		    count(st, "SELECT count(*) FROM group_members WHERE"
			  " attendee_id NOT IN (SELECT id FROM attendees)") ||
		    count(st, "SELECT count(*) FROM groups WHERE name = ''") ||
		    count(st, "SELECT count(*) FROM (SELECT 1 FROM"
			  " group_members GROUP BY group_id, attendee_id"
			  " HAVING count(*) > 1)"))
			abort();
		if (rollcall_groups_each(st, depart, st))
			abort();
	}
	rollcall_report_release(&rep);
	close(fd);
	parse_note(data, size);
	return 0;
}
