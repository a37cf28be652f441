/* export.h: attendance, visits, leads and summaries out of the event
 * database, as CSV, XLSX or JSON lines.
 *
 * What counts: check-in facts not cancelled by a VOID fact, at the best
 * known time (a time merge repaired, else the kiosk's wall time), shown in
 * the venue's time zone (event.utc_offset_min).
 *
 * Reports:
 * Employees of a joint training (role 2, fair/training.h) are never in
 * these reports; `export training` has theirs.
 *
 *   attendance  one row per student and place: first in, last out, dwell
 *               in minutes (when both exist), number of scans;
 *   visits      each student's places in time order (for career offices);
 *   leads       students who visited the company's booth or sessions AND
 *               consented to share contact details (at registration, or
 *               to this company at its booth: fair/consent.h, whose
 *               latest word for the company decides), with those details; a
 *               non-consenting student is never written, whatever the query
 *               returned; refused (FAIR_EINVAL, naming the rule) at an
 *               event of internship type 1 or 2 (fair/internship.h);
 *   summary     rows (section, item, students, scans) for each place, each
 *               school (student counts below min_count are written as
 *               "<N" and their scans left empty) and each hour.
 *
 * Formats:
 *   CSV   as Excel in Japan opens it: UTF-8 with a BOM (or CP932 without
 *         one; a character CP932 lacks becomes "?", counted in
 *         stats->replaced), CRLF line ends, RFC 4180 quoting, and text
 *         cells that begin with = + - @ TAB or CR get a leading ' so a
 *         spreadsheet never runs them as formulas.
 *   XLSX  through libxlsxwriter: bold frozen header, autofilter, column
 *         widths fitted to the content, times as Excel date-times. At most
 *         1,048,575 data rows (Excel's limit): more is FAIR_EINVAL.
 *   JSON  one object per line, UTF-8, times as ISO 8601 with the offset.
 *
 * The output is written to a temporary file beside path, named
 * PATH.fairsync-PID.part, and renamed over it on success, so a failed
 * export never leaves half a file; the part of an export killed outright
 * is removed by the next export into that folder (parts whose process is
 * gone, nothing else). Every report
 * but the summary names students, so those files are created readable by
 * their owner only (umask 077 while writing).
 */
#ifndef FAIR_EXPORT_H
#define FAIR_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

enum export_report {
	EXPORT_ATTENDANCE = 0,
	EXPORT_VISITS,
	EXPORT_LEADS,
	EXPORT_SUMMARY,
	EXPORT_RECORDS,   /* provision records (records.h), since since_ms */
};

enum export_format {
	EXPORT_CSV = 0,
	EXPORT_XLSX,
	EXPORT_JSON,
};

enum export_encoding {
	EXPORT_UTF8 = 0,  /* with a BOM */
	EXPORT_CP932,     /* Shift_JIS as Windows writes it; CSV only */
};

/* Column headers and XLSX sheet names of CSV and XLSX files: Japanese
 * by default (氏名, フリガナ, 学校名, 最初の受付, 滞在分 ...; sheet 出席),
 * English (name, kana, school, first_in, dwell_min ...) for programs.
 * JSON keys are always the English names. */
enum export_headers {
	EXPORT_HEADERS_JA = 0,
	EXPORT_HEADERS_EN,
};

struct export_opts {
	enum export_report report;
	enum export_format format;
	enum export_encoding encoding;
	enum export_headers headers;
	uint32_t company_id;     /* leads: the company (companies.id) */
	int min_count;           /* summary: smaller school counts hidden */
	int64_t since_ms;        /* records: made at or after this */
	/* If set, called every few thousand rows written (for a progress
	 * bar); it must not touch st. */
	void (*progress)(void *ctx, long rows);
	void *progress_ctx;
};

struct export_stats {
	long rows;               /* data rows written (header not counted) */
	long replaced;           /* CP932: characters written as '?' */
	long withheld;           /* leads: rows dropped for lack of consent */
};

/* Writes the report to path. Returns 0; FAIR_EINVAL for a bad option
 * (leads without a known company, CP932 with a format other than CSV, too
 * many rows for XLSX) or, for every report but the provision records,
 * while a merge stopped unfinished (merge_incomplete: the facts would be
 * quietly short; err says which files wait); FAIR_EIO if the file
 * cannot be written (then no file is left at path). stats may be NULL. */
int export_write(struct store *st, const struct export_opts *o,
		 const char *path, struct export_stats *stats,
		 struct fair_err *err);

/* For every writer of the organizer's files (exports, tours' tables):
 * the temporary name to write before renaming over path,
 * "PATH.fairsync-PID.part", into out; and removes the parts that
 * exports killed outright left in the same folder (personal data: those
 * so named whose process is gone, regular files of this user, nothing
 * else). 0, or FAIR_EINVAL when the path is too long for cap. */
int export_part_prepare(const char *path, char *out, size_t cap,
			struct fair_err *err);

/* Name <-> value for the command line: "attendance", "csv", "cp932"
 * ("utf-8" and "utf8" both accepted). Return 0 or FAIR_EINVAL. */
int export_report_parse(const char *s, enum export_report *out);
int export_format_parse(const char *s, enum export_format *out);
int export_encoding_parse(const char *s, enum export_encoding *out);
/* "ja" or "en". */
int export_headers_parse(const char *s, enum export_headers *out);

/* The start of a query naming the valid check-ins: "WITH v AS (...) "
 * with columns aid (attendee), pid (place), dir (+1/-1) and t (best-known
 * UTC ms), for reports that run their own aggregates on top. Static. */
const char *export_valid_cte(struct store *st);

/* The attendance query, for a baseline that runs the same SQL elsewhere
 * (bench/). Needs merge_repairs to exist (merge_tables_ensure). Static. */
const char *export_attendance_sql(void);

/* Formats UTC ms as local "YYYY-MM-DD HH:MM:SS" (20 bytes with NUL) for
 * the given offset; also used by reports. */
void export_format_time(int64_t utc_ms, int offset_min, char out[20]);

#endif
