/* caltime.c: the one calendar (see fair/caltime.h). Day arithmetic is
 * Howard Hinnant's days_from_civil/civil_from_days, exact for the
 * proleptic Gregorian calendar without a time zone database. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fair/caltime.h"
#include "fair/jtext.h"
#include "fair/types.h"

/* Venue times printable as YYYY: 0000-01-01 to 9999-12-31 23:59:59.999 */
#define PRINT_MIN_MS (-62167219200000LL)
#define PRINT_MAX_MS 253402300799999LL

/* ---- civil days, both ways ------------------------------------------ */

int64_t cal_floor_div(int64_t a, int64_t b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int64_t cal_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void cal_civil_from_days(int64_t day, int *y, int *m, int *d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool cal_date_exists(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* ---- venue time ----------------------------------------------------- */

/* utc_ms moved to venue time, saturating rather than overflowing. */
static int64_t to_local(int64_t utc_ms, int offset_min)
{
	int64_t local;

	if (__builtin_add_overflow(utc_ms, (int64_t)offset_min * 60000,
				   &local))
		local = utc_ms < 0 ? INT64_MIN : INT64_MAX;
	return local;
}

int64_t cal_local_day(int64_t utc_ms, int offset_min)
{
	return cal_floor_div(to_local(utc_ms, offset_min), CAL_DAY_MS);
}

int64_t cal_local_hour(int64_t utc_ms, int offset_min)
{
	return cal_floor_div(to_local(utc_ms, offset_min), CAL_HOUR_MS);
}

int64_t cal_day_start_ms(int64_t day, int offset_min)
{
	return day * CAL_DAY_MS - (int64_t)offset_min * 60000;
}

struct cal_civil cal_local(int64_t utc_ms, int offset_min)
{
	int64_t local = to_local(utc_ms, offset_min), day, in_day;
	struct cal_civil c;

	if (local < PRINT_MIN_MS)
		local = PRINT_MIN_MS;
	if (local > PRINT_MAX_MS)
		local = PRINT_MAX_MS;
	day = cal_floor_div(local, CAL_DAY_MS);
	in_day = local - day * CAL_DAY_MS;
	cal_civil_from_days(day, &c.y, &c.mo, &c.d);
	c.h = (int)(in_day / 3600000);
	c.mi = (int)(in_day / 60000 % 60);
	c.s = (int)(in_day / 1000 % 60);
	c.ms = (int)(in_day % 1000);
	return c;
}

double cal_excel_serial(int64_t utc_ms, int offset_min)
{
	return ((double)utc_ms + (double)offset_min * 60000.0) /
	       (double)CAL_DAY_MS + CAL_EXCEL_EPOCH;
}

bool cal_from_excel_serial(double v, bool date1904, int64_t *utc_ms,
			   bool *time_only)
{
	double days = floor(v);
	long secs;

	/* 2958466 is 10000-01-01 in the 1900 system */
	if (!(v >= 0 && v < 2958466))
		return false;
	secs = lround((v - days) * 86400.0);
	if (secs >= 86400) {
		days += 1;
		secs -= 86400;
	}
	*time_only = days < 1 && !date1904;
	*utc_ms = ((int64_t)days - CAL_EXCEL_EPOCH +
		   (date1904 ? CAL_EXCEL_1904 : 0)) * CAL_DAY_MS +
		  (int64_t)secs * 1000;
	return true;
}

/* ---- formatters ----------------------------------------------------- */

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DD" of c at p (10 bytes, no NUL). */
static void put_date(char *p, const struct cal_civil *c)
{
	put2(p, c->y / 100);
	put2(p + 2, c->y % 100);
	p[4] = '-';
	put2(p + 5, c->mo);
	p[7] = '-';
	put2(p + 8, c->d);
}

/* "HH:MM" of c at p (5 bytes, no NUL). */
static void put_hhmm(char *p, const struct cal_civil *c)
{
	put2(p, c->h);
	p[2] = ':';
	put2(p + 3, c->mi);
}

void cal_format_hhmm(int64_t utc_ms, int offset_min, char out[6])
{
	struct cal_civil c = cal_local(utc_ms, offset_min);

	put_hhmm(out, &c);
	out[5] = '\0';
}

void cal_format_date(int64_t utc_ms, int offset_min, char out[11])
{
	struct cal_civil c = cal_local(utc_ms, offset_min);

	put_date(out, &c);
	out[10] = '\0';
}

void cal_format_day(int64_t day, char out[11])
{
	int64_t lo = cal_floor_div(PRINT_MIN_MS, CAL_DAY_MS);
	int64_t hi = cal_floor_div(PRINT_MAX_MS, CAL_DAY_MS);

	day = day < lo ? lo : day > hi ? hi : day;
	cal_format_date(day * CAL_DAY_MS, 0, out);
}

void cal_format_minute(int64_t utc_ms, int offset_min, char out[17])
{
	struct cal_civil c = cal_local(utc_ms, offset_min);

	put_date(out, &c);
	out[10] = ' ';
	put_hhmm(out + 11, &c);
	out[16] = '\0';
}

void cal_format_hour(int64_t hour, char out[17])
{
	int64_t ms;

	/* an hour beyond any int64 ms clamps as cal_local does */
	if (__builtin_mul_overflow(hour, CAL_HOUR_MS, &ms))
		ms = hour < 0 ? INT64_MIN : INT64_MAX;
	cal_format_minute(ms, 0, out);
}

void cal_format_datetime(int64_t utc_ms, int offset_min, char out[20])
{
	struct cal_civil c = cal_local(utc_ms, offset_min);

	put_date(out, &c);
	out[10] = ' ';
	put_hhmm(out + 11, &c);
	out[16] = ':';
	put2(out + 17, c.s);
	out[19] = '\0';
}

void cal_format_offset(int offset_min, char out[7])
{
	int m = offset_min < 0 ? -offset_min : offset_min;

	out[0] = offset_min < 0 ? '-' : '+';
	put2(out + 1, m / 60 % 100);
	out[3] = ':';
	put2(out + 4, m % 60);
	out[6] = '\0';
}

void cal_format_iso(int64_t utc_ms, int offset_min, char out[26])
{
	cal_format_datetime(utc_ms, offset_min, out);
	out[10] = 'T';
	cal_format_offset(offset_min, out + 19);
}

void cal_format_iso_utc(int64_t utc_ms, char out[25])
{
	struct cal_civil c = cal_local(utc_ms, 0);

	cal_format_datetime(utc_ms, 0, out);
	out[10] = 'T';
	out[19] = '.';
	out[20] = (char)('0' + c.ms / 100);
	put2(out + 21, c.ms % 100);
	out[23] = 'Z';
	out[24] = '\0';
}

void cal_format_md_ja(int64_t day, char out[16])
{
	int y, m, d;

	cal_civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%d月%d日", m, d);
}

/* ---- parsers -------------------------------------------------------- */

/* Reads 1..maxd digits at *p into *v. */
static bool take_num(const char **p, int maxd, int *v)
{
	int n = 0;

	*v = 0;
	while (n < maxd && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n > 0;
}

static bool take_word(const char **p, const char *w)
{
	size_t n = strlen(w);

	if (strncmp(*p, w, n))
		return false;
	*p += n;
	return true;
}

/* Years a roster may name: from the epoch to four digits. */
static bool date_ok(int y, int m, int d)
{
	return y >= 1970 && y <= 9999 && cal_date_exists(y, m, d);
}

/* Japanese eras a roster may use: year 1 of 令和 is 2019. */
static const struct {
	const char *name;
	int base;
} eras[] = { { "令和", 2018 }, { "平成", 1988 } };

/* "年M月D日" after the year at *p (s moves past it). */
static bool take_kanji_md(const char **s, int *m, int *d)
{
	return take_word(s, "年") && take_num(s, 2, m) &&
	       take_word(s, "月") && take_num(s, 2, d) && take_word(s, "日");
}

/* "-M-D", "/M/D" or ".M.D" after the year at *s, one separator. */
static bool take_sep_md(const char **s, int *m, int *d)
{
	char sep = **s;

	if (sep != '-' && sep != '/' && sep != '.')
		return false;
	(*s)++;
	if (!take_num(s, 2, m) || **s != sep)
		return false;
	(*s)++;
	return take_num(s, 2, d);
}

/* A date at *p, as rosters write it (see cal_parse_date), the text
 * already folded to ASCII digits. Returns 1 with the day, 0 if this is
 * not a date, -1 if it is written as one but no such day exists
 * (2026-02-30, 令和0年); *p moves past a date, even one that does not
 * exist. */
static int take_date_any(const char **p, int64_t *day)
{
	const char *s = *p, *digits;
	int y, m, d, base = 0;

	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++)
		if (take_word(&s, eras[i].name))
			base = eras[i].base;
	digits = s;
	if (base && take_word(&s, "元"))
		y = 1;
	else if (!take_num(&s, 4, &y) || (!base && s - digits != 4))
		return 0; /* a western year has four digits: 05/12/2026 is
			   * no date we read */
	if (*s == '-' || *s == '/' || *s == '.') {
		if (base || !take_sep_md(&s, &m, &d))
			return 0;
	} else if (!take_kanji_md(&s, &m, &d)) {
		return 0;
	} else {
		if (base && y < 1) /* 令和0年: kept impossible */
			y = -9999;
		y += base;
	}
	if (*s == '(') { /* a weekday: "(土)" */
		const char *close = strchr(s, ')');

		if (close && close - s <= 8)
			s = close + 1;
	}
	*p = s;
	if (!date_ok(y, m, d))
		return -1;
	*day = cal_days_from_civil(y, m, d);
	return 1;
}

static bool take_date(const char **p, int64_t *day)
{
	const char *start = *p;

	if (take_date_any(p, day) == 1)
		return true;
	*p = start;
	return false;
}

/* "H:MM" or "HH:MM:SS" at *p: milliseconds since midnight. */
static bool take_clock(const char **p, int64_t *ms)
{
	int h, mi, sec = 0;

	if (!take_num(p, 2, &h) || **p != ':')
		return false;
	(*p)++;
	if (!take_num(p, 2, &mi))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!take_num(p, 2, &sec))
			return false;
	}
	if (h > 23 || mi > 59 || sec > 59)
		return false;
	*ms = ((int64_t)h * 3600 + mi * 60 + sec) * 1000;
	return true;
}

int cal_parse_ymd(const char *ymd, int64_t *day)
{
	const char *p = ymd;
	int y, m, d;

	if (!p || !take_num(&p, 4, &y) || p - ymd != 4 || *p++ != '-' ||
	    !take_num(&p, 2, &m) || *p++ != '-' || !take_num(&p, 2, &d) ||
	    *p || !cal_date_exists(y, m, d))
		return FAIR_EINVAL;
	*day = cal_days_from_civil(y, m, d);
	return 0;
}

/* One literal, not a macro pasted in: the translation catalog (po/)
 * finds a message only as it is written at fair_fail(). */
static int not_a_date(const char *s, struct fair_err *err)
{
	return fair_fail(err, FAIR_EINVAL, "not a date: '%s' (write "
			 "2026-12-05, 2026/12/5 or 令和8年12月5日)", s);
}

int cal_parse_date(const char *s, int64_t *day, struct fair_err *err)
{
	char buf[96];
	const char *p = buf;
	int rc;

	if (jtext_clean(s ? s : "", true, buf, sizeof(buf)) <= 0)
		return not_a_date(s ? s : "", err);
	rc = take_date_any(&p, day);
	if (rc < 0 && !*p)
		return fair_fail(err, FAIR_EINVAL, "no such day: '%s'", s);
	if (rc == 0 || *p)
		return not_a_date(s, err);
	return 0;
}

int cal_parse_date_text(const char *s, char out[11], struct fair_err *err)
{
	int64_t day;
	int rc = cal_parse_date(s, &day, err);

	if (rc)
		return rc;
	cal_format_day(day, out);
	return 0;
}

int cal_parse_time(const char *s, const char *default_date, int offset_min,
		   int64_t *utc_ms)
{
	char buf[64];
	const char *p = buf, *dp = default_date;
	int64_t day, ms;

	if (jtext_clean(s, true, buf, sizeof(buf)) <= 0)
		return FAIR_EINVAL;
	if (take_date(&p, &day)) {
		if (*p != ' ' && *p != 'T')
			return FAIR_EINVAL;
		while (*p == ' ' || *p == 'T')
			p++;
	} else if (strpbrk(buf, "-/.") || strstr(buf, "年") || !dp ||
		   !take_date(&dp, &day) || *dp) {
		return FAIR_EINVAL;
	}
	if (!take_clock(&p, &ms) || *p != '\0')
		return FAIR_EINVAL;
	/* four-digit years cannot overflow; the rest is merge's range */
	*utc_ms = cal_day_start_ms(day, offset_min) + ms;
	if (*utc_ms < FAIR_TIME_MIN_MS || *utc_ms > FAIR_TIME_MAX_MS)
		return FAIR_EINVAL;
	return 0;
}
