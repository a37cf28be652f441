/* fuzz_kpi.c: the KPI targets file (fairsync export kpi --targets FILE:
 * 指標,目標, as CSV, TSV or a workbook) on arbitrary bytes, set on the
 * report of a small event (two companies, three students with school
 * types, grades and prefectures), computed once.
 *
 * Promises checked: a refused file sets no target and its message names
 * the file; an accepted one sets targets only on rows that take one (not
 * a text row), each a finite number >= 0, with an achievement ratio only
 * where the target is above 0 and the figure is shown, and the ratio is
 * value / target. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fair/import.h"
#include "fair/kpi.h"
#include "fair/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char companies[] =
	"企業ID,企業名,業種,従業員数,所在市町村\n"
	"A,エー,製造,120,岐阜市\nB,ビー,IT,約50人,大垣市\n";
static const char students[] =
	"学生ID,氏名,学校名,学年,都道府県,学校種別\n"
	"S1,一,岐阜大学,B1,岐阜,\nS2,二,岐阜高専,4年,愛知県,高専\n"
	"S3,三,,既卒,,\n";

static struct kpi_report base;

static void setup(void)
{
	struct fair_err err = { "" };
	struct import_report rep;
	struct store *st = store_open(":memory:", STORE_CREATE, &err);

	if (!st || store_event_create(st, "fuzz", "2026-12-05", "2026-12-06",
				      &err))
		abort();
	if (import_csv_mem(st, IMPORT_COMPANIES, companies,
			   sizeof(companies) - 1, "c.csv", &rep, &err))
		abort();
	import_report_release(&rep);
	if (import_csv_mem(st, IMPORT_STUDENTS, students,
			   sizeof(students) - 1, "s.csv", &rep, &err))
		abort();
	import_report_release(&rep);
	if (kpi_compute(st, &(struct kpi_opts){ .min_count = 1 }, &base,
			&err) || base.nrows < 1)
		abort();
	store_close(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fair_err err = { "" };
	struct kpi_report rep;
	char path[64];
	int fd, rc;

	if (!base.rows)
		setup();
	rep = base;
	rep.rows = malloc((size_t)base.nrows * sizeof(*rep.rows));
	if (!rep.rows)
		abort();
	memcpy(rep.rows, base.rows, (size_t)base.nrows * sizeof(*rep.rows));
	fd = memfd_create("targets.csv", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = kpi_targets_read(&rep, path, &err);
	if (rc && (strncmp(err.msg, path, strlen(path)) &&
		   !strstr(err.msg, path)))
		abort(); /* a refusal names the file */
	for (int i = 0; i < rep.nrows; i++) {
		const struct kpi_row *r = &rep.rows[i];

		if (!r->has_target) {
			if (r->has_ratio)
				abort();
			continue;
		}
		if (rc)
			abort(); /* refused: no target set */
		if (r->kind == KPI_TEXT || !isfinite(r->target) ||
		    r->target < 0)
			abort();
		if (r->has_ratio != (r->target > 0 && !r->suppressed &&
				     !r->na))
			abort();
		if (r->has_ratio && r->ratio != r->value / r->target)
			abort();
	}
	free(rep.rows);
	close(fd);
	return 0;
}
