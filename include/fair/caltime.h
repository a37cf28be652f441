/* caltime.h: the one calendar. Every date and time the programs compute,
 * read or write goes through here, so a day boundary, a leap year or the
 * venue's offset is decided in one place (SQLite keeps all of its date and
 * time in date.c for the same reason).
 *
 * Invariants:
 * - A time is UTC milliseconds since 1970-01-01 (int64_t), as the store
 *   keeps it. A day is a count of days since 1970-01-01 in the proleptic
 *   Gregorian calendar (negative before), never a struct tm: nothing here
 *   reads the TZ variable or a time zone database.
 * - Venue time is UTC plus the event's fixed offset in minutes east of UTC
 *   (event.utc_offset_min; 540 for Japan, which has no summer time). A
 *   venue with summer time is not supported: one offset per event.
 * - Formatters always write the whole buffer's pattern, NUL-terminated;
 *   years outside 0000..9999 are clamped to the nearest printable time, so
 *   an odd value in an old database prints instead of failing.
 * - Parsers accept what rosters and users type (full-width digits, 和暦)
 *   and answer 0 or FAIR_EINVAL; they never print.
 */
#ifndef FAIR_CALTIME_H
#define FAIR_CALTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"

#define CAL_DAY_MS 86400000LL
#define CAL_HOUR_MS 3600000LL
/* 1970-01-01 as an Excel serial day (1900 system); 1904 starts later */
#define CAL_EXCEL_EPOCH 25569
#define CAL_EXCEL_1904 1462

/* A broken-down civil time; fields as written (month 1-12, day 1-31). */
struct cal_civil {
	int y, mo, d;    /* date */
	int h, mi, s;    /* time of day */
	int ms;          /* 0-999 */
};

/* ---- civil days, both ways ------------------------------------------ */

/* a / b rounded towards minus infinity (b > 0): the day of a negative
 * time is the day before, not day 0. */
int64_t cal_floor_div(int64_t a, int64_t b);

/* Days since 1970-01-01 of y-m-d (Howard Hinnant's days_from_civil); any
 * m 1-12 and d 1-31, valid or not (2026-02-30 is 2026-03-02). */
int64_t cal_days_from_civil(int y, int m, int d);

/* The date of a day number (civil_from_days); exact over the int range
 * of years. */
void cal_civil_from_days(int64_t day, int *y, int *m, int *d);

/* True if y-m-d exists in the Gregorian calendar (any year). */
bool cal_date_exists(int y, int m, int d);

/* ---- venue time ----------------------------------------------------- */

/* The venue-local day (days since 1970-01-01) containing utc_ms. */
int64_t cal_local_day(int64_t utc_ms, int offset_min);

/* The venue-local hour (hours since 1970-01-01 00:00 venue time)
 * containing utc_ms: per-hour counts group by it. */
int64_t cal_local_hour(int64_t utc_ms, int offset_min);

/* UTC ms of venue midnight starting day: "today's counts" start here. */
int64_t cal_day_start_ms(int64_t day, int offset_min);

/* utc_ms in venue time, clamped to years 0000..9999. */
struct cal_civil cal_local(int64_t utc_ms, int offset_min);

/* Excel's serial day of utc_ms in venue time (1900 system), for cells
 * formatted as dates. */
double cal_excel_serial(int64_t utc_ms, int offset_min);

/* The time an Excel serial day (and fraction) stands for, read as UTC
 * (the cell carries no zone), rounded to the second. false outside
 * 1900-01-01..9999-12-31. time_only is set for a serial below 1 in the
 * 1900 system (a time of day with no date). */
bool cal_from_excel_serial(double v, bool date1904, int64_t *utc_ms,
			   bool *time_only);

/* ---- formatters ----------------------------------------------------- */

/* "HH:MM" (the kiosk's "already at 10:42", staff lists). */
void cal_format_hhmm(int64_t utc_ms, int offset_min, char out[6]);
/* "YYYY-MM-DD", the venue date of utc_ms. */
void cal_format_date(int64_t utc_ms, int offset_min, char out[11]);
/* "YYYY-MM-DD" of a day number. */
void cal_format_day(int64_t day, char out[11]);
/* "YYYY-MM-DD HH:MM" (pages, the console's lists). */
void cal_format_minute(int64_t utc_ms, int offset_min, char out[17]);
/* "YYYY-MM-DD HH:00" of a venue hour number (cal_local_hour()): the
 * per-hour tables' row labels. */
void cal_format_hour(int64_t hour, char out[17]);
/* "YYYY-MM-DD HH:MM:SS" (CSV and spreadsheet cells). */
void cal_format_datetime(int64_t utc_ms, int offset_min, char out[20]);
/* "YYYY-MM-DDTHH:MM:SS+09:00", ISO 8601 with the venue's offset (JSON). */
void cal_format_iso(int64_t utc_ms, int offset_min, char out[26]);
/* "YYYY-MM-DDTHH:MM:SS.mmmZ", ISO 8601 in UTC (machine logs). */
void cal_format_iso_utc(int64_t utc_ms, char out[25]);
/* "+09:00" or "-03:30". */
void cal_format_offset(int offset_min, char out[7]);
/* "12月6日": month and day the Japanese way, of a day number. */
void cal_format_md_ja(int64_t day, char out[16]);

/* ---- parsers -------------------------------------------------------- */

/* A date exactly as the store keeps it, "YYYY-MM-DD" (event dates), into
 * days since 1970-01-01. 0 or FAIR_EINVAL. */
int cal_parse_ymd(const char *ymd, int64_t *day);

/* A date as rosters and users write it: "2026-12-05", "2026/12/5",
 * "2026.12.5", "2026年12月5日", "令和8年12月5日" (令和元年, 平成 too),
 * with full-width digits, spaces around and an optional weekday "(土)";
 * years 1970-9999. Into days since 1970-01-01. 0, or FAIR_EINVAL with err
 * (may be NULL) saying "no such day" for a date that does not exist
 * (2026-02-30) or "not a date". */
int cal_parse_date(const char *s, int64_t *day, struct fair_err *err);

/* cal_parse_date() writing the date as "YYYY-MM-DD". */
int cal_parse_date_text(const char *s, char out[11], struct fair_err *err);

/* A time as rosters write it: a date as cal_parse_date() reads it, a
 * space or 'T', then "HH:MM[:SS]" ("2026/12/5 9:05", "令和8年12月5日
 * 10:00"); or "HH:MM" alone on default_date (NULL: a date is required).
 * Venue time at offset_min, into UTC ms within FAIR_TIME_MIN_MS ..
 * FAIR_TIME_MAX_MS. 0 or FAIR_EINVAL. */
int cal_parse_time(const char *s, const char *default_date, int offset_min,
		   int64_t *utc_ms);

#endif
