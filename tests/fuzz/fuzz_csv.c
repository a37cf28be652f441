/* fuzz_csv.c: the CSV reader and the roster importer on arbitrary bytes.
 *
 * Each input is read record by record (checking the reader's promises:
 * valid UTF-8 fields of the stated length, lines that never go back), then
 * imported as companies, sessions and students into a fresh in-memory
 * store holding an event, so the header binding, every cell parser and
 * the savepoint path all see it. Any broken promise aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fair/csv.h"
#include "fair/import.h"
#include "fair/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_row(const struct csv_row *row, long *last_line)
{
	if (row->nfields < 1 || row->nfields > CSV_FIELDS_MAX)
		abort();
	if (row->line <= *last_line)
		abort();
	*last_line = row->line;
	for (int i = 0; i < row->nfields; i++) {
		if (strlen(row->field[i]) != row->len[i] ||
		    row->len[i] > CSV_FIELD_MAX)
			abort();
		if (csv_utf8_valid_prefix(row->field[i], row->len[i]) !=
		    row->len[i])
			abort();
	}
}

static void read_all(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	const struct csv_row *row;
	struct csv *c = csv_new_mem(data, size, "fuzz.csv", &err);
	long last_line = 0;
	int rc;

	if (!c) {
		if (!err.msg[0])
			abort(); /* a failure always says why */
		return;
	}
	while ((rc = csv_next(c, &row, &err)) != 0) {
		if (rc == 1)
			check_row(row, &last_line);
		else if (rc != FAIR_EINVAL || strncmp(err.msg, "fuzz.csv:", 9))
			abort();
	}
	csv_free(c);
}

static void import_all(const uint8_t *data, size_t size)
{
	static const enum import_kind kinds[] = {
		IMPORT_COMPANIES, IMPORT_SESSIONS, IMPORT_STUDENTS };
	struct fair_err err = { "" };
	struct import_report rep;
	struct store *st = store_open(":memory:", STORE_CREATE, &err);

	if (!st)
		abort();
	if (store_event_create(st, "fuzz", "2026-12-05", "2026-12-06", &err))
		abort();
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (import_csv_mem(st, kinds[k], data, size, "fuzz.csv", &rep,
				   &err) == 0 &&
		    rep.nmessages + rep.dropped != rep.skipped)
			abort();
		import_report_release(&rep);
	}
	store_close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_all(data, size);
	import_all(data, size);
	return 0;
}
