/* fuzz_tours.c: the tours' hand-edited files on arbitrary bytes: a host
 * days CSV (fairsync import hosts) and a plan (fairsync import
 * assignments) into a fresh in-memory event with two companies, two
 * students and a host day. Promises checked: a refused import names every
 * refused row and writes nothing; an accepted one keeps every rule. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fair/import.h"
#include "fair/store.h"
#include "fuzz_store.h"
#include "fair/tours.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char roster[] =
	"INSERT INTO companies (id, ext_id, name, industry) VALUES"
	" (1, 'A', 'エー', '製造'), (2, 'B', 'ビー', 'IT');"
	"INSERT INTO attendees (id, ext_id, name) VALUES (1, 'S1', '一'),"
	" (2, 'S2', '二');"
	"INSERT INTO places (ext_id, kind, name, company_id, starts_ms,"
	" ends_ms, capacity) VALUES ('visit:A:2026-12-05', 'visit', 'エー',"
	" 1, 1796396400000, 1796482800000, 1), ('visit:B:2026-12-06',"
	" 'visit', 'ビー', 2, 1796482800000, 1796569200000, 1);";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	struct tours_report rep;
	struct store *st = store_open(":memory:", STORE_CREATE, &err);
	char path[64];
	long visits, assigns;
	int fd, rc;

	if (!st || store_event_create(st, "fuzz", "2026-12-05", "2026-12-06",
				      &err) ||
	    sqlite3_exec(store_db(st), roster, NULL, NULL, NULL))
		abort();
	fd = memfd_create("fuzz.csv", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = tours_import_hosts(st, path, "fuzz.csv", &rep, &err);
	visits = count(st, "SELECT count(*) FROM places WHERE kind = 'visit'");
	if (rc && visits != 2)
		abort();  /* refused: nothing written */
	if (rc == FAIR_EINVAL && rep.refused &&
	    rep.nmessages != (rep.refused < TOURS_MESSAGES_MAX ?
			      rep.refused : TOURS_MESSAGES_MAX))
		abort();
	tours_report_release(&rep);
	rc = tours_import_plan(st, path, "fuzz.csv", 1, 1796432400000LL,
			       &rep, &err);
	assigns = count(st, "SELECT count(*) FROM facts WHERE kind ="
			" 'assign'");
	if (rc && assigns != 0)
		abort();
	/* whatever was accepted keeps capacity and one visit a student */
	if (!rc && count(st, "SELECT count(*) FROM (SELECT place_id FROM"
			 " facts f JOIN places p ON p.id = f.place_id WHERE"
			 " f.kind = 'assign' GROUP BY place_id HAVING"
			 " count(*) > max(p.capacity))") != 0)
		abort();
	if (!rc && count(st, "SELECT count(*) FROM (SELECT attendee_id FROM"
			 " facts WHERE kind = 'assign' GROUP BY attendee_id"
			 " HAVING count(*) <> 1)") != 0)
		abort();
	tours_report_release(&rep);
	close(fd);
	store_close(st);
	return 0;
}
