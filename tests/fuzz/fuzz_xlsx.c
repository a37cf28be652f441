/* fuzz_xlsx.c: the workbook reader on arbitrary bytes.
 *
 * Each input is read as an .xlsx (first sheet), checking the reader's
 * promises on every row: increasing row numbers within the sheet's range,
 * at most XLSX_COLS_MAX cells of at most XLSX_CELL_MAX bytes each, with
 * no line breaks; a failure always says why, naming the file. Then the
 * same bytes are imported as students into a fresh in-memory store, the
 * path `fairsync import students FILE.xlsx` takes. Any broken promise
 * aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fair/import.h"
#include "fair/store.h"
#include "fair/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_row(void *ctx, long row, int ncells,
		     const char *const *cells)
{
	long *last = ctx;

	if (row <= *last || row > 1048576 || ncells < 1 ||
	    ncells > XLSX_COLS_MAX)
		abort();
	*last = row;
	for (int i = 0; i < ncells; i++)
		if (strlen(cells[i]) > XLSX_CELL_MAX ||
		    strpbrk(cells[i], "\r\n"))
			abort();
	return 0;
}

static void import_students(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	struct import_report rep;
	char path[] = "/tmp/fuzz_xlsxXXXXXX";
	struct store *st;
	int fd = mkstemp(path);

	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return;
	}
	close(fd);
	st = store_open(":memory:", STORE_CREATE, &err);
	if (!st || store_event_create(st, "fuzz", "2026-12-05", "2026-12-06",
				      &err))
		abort();
	if (import_file(st, IMPORT_STUDENTS, path, "fuzz.xlsx", NULL, &rep,
			&err) == 0) {
		if (rep.nmessages + rep.dropped != rep.skipped)
			abort();
	} else if (!err.msg[0]) {
		abort(); /* a refusal always says why */
	}
	import_report_release(&rep);
	store_close(st);
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	long last = 0;
	int rc = xlsx_read_mem(data, size, "fuzz.xlsx", NULL, check_row,
			       &last, &err);

	if (rc && strncmp(err.msg, "fuzz.xlsx: ", 11))
		abort(); /* a failure names the file and says why */
	import_students(data, size);
	return 0;
}
