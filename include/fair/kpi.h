/* kpi.h: the figures a funder asks for (実績報告), each beside its target.
 *
 * Public money pays for many fairs and tours (地域の人事部 subsidies,
 * 地方創生推進交付金 projects), and the grant application named targets:
 * "registered students 100", "students from outside the prefecture 30".
 * kpi_compute() counts the event's results in those terms; kpi_targets_
 * read() sets targets from a file; kpi_write() writes a workbook or CSV.
 * fairsync draws the same report as a PDF (src/fairsync/cmd_kpi.c).
 *
 * What counts (the same rules as fair/export.h): students are attendees of
 * role student; a check-in counts unless voided (export_valid_cte(), at
 * the time merge repaired); a walk-in's registration is its arrival.
 *   事前登録学生数   roster students (an ID from the roster)
 *   当日登録学生数   walk-ins registered at a kiosk
 *   来場学生数       students with at least one valid check-in
 *   来場率           roster students who came / roster students
 *   by 学校種別, 学年, 都道府県, 県内/県外 (against the event's prefecture,
 *                    fair/internship.h EVENT_KEY_PREFECTURE): students who
 *                    came; "不明" where the roster did not say
 *   訪問ブース数, 参加セッション数: per student who came, distinct booths
 *                    (sessions) with a valid check-in: mean, median and how
 *                    many students visited 0, 1, 2, ... (KPI_DIST_TOP or
 *                    more in one row)
 *   企業別来訪学生数 per company, distinct students at its booth, sessions
 *                    or tour visits: mean, min, max over every company
 *   評価             each student's latest valid feedback per company: mean
 *                    rating, answers per face (1-5), per tag the answers
 *                    carrying it and their mean rating
 *   ツアー完了       students with a valid tour assignment, and those with
 *                    a valid check-in at every place assigned to them
 *   企業             companies, by 業種, by 従業員数 band and by 所在市町村
 * A joint training (fair/training.h, event kind "training") has employees,
 * not students: its report holds the companies as above and, instead of
 * the student, visit, feedback and tour figures, the sheet 社員 from
 * training_each() (the rows certificates read):
 *   社員を登録した企業数, 出席のあった企業数
 *   登録社員数       employees on the roster
 *   出席社員数       employees with a valid check-in at a session
 *   出席率           sessions attended / (employees x sessions)
 *   修了者数         employees training_completed() at the min rate,
 *                    and 修了率 (of employees registered)
 *   企業別           per company: 登録社員数, 出席社員数, 出席率, 修了者数
 * Counts of people from 1 to min_count - 1 in a breakdown are suppressed
 * (shown "<N", no ratio) as in the per-school summary; totals, means and
 * company counts are not. Nothing here prints.
 */
#ifndef FAIR_KPI_H
#define FAIR_KPI_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

#define KPI_MIN_COUNT 5  /* default: people counts 1-4 are suppressed */
#define KPI_DIST_TOP 10  /* distributions: "10以上" is the last row */

enum kpi_value_kind {
	KPI_COUNT = 0,   /* a whole number: people, companies, answers */
	KPI_MEAN,        /* a decimal, shown with two places */
	KPI_RATE,        /* a share, 0..1, shown as a percentage */
	KPI_TEXT,        /* a word (the internship type): no target */
};

/* The sheets of the workbook, in order. */
enum kpi_sheet {
	KPI_SHEET_SUMMARY = 0, /* 実績報告: headline rows and any targeted */
	KPI_SHEET_COMPANIES,   /* 企業 */
	KPI_SHEET_STUDENTS,    /* 学生 */
	KPI_SHEET_VISITS,      /* 回遊 */
	KPI_SHEET_FEEDBACK,    /* 評価 */
	KPI_SHEET_TOURS,       /* ツアー */
	KPI_SHEET_EMPLOYEES,   /* 社員: a joint training's */
	KPI_SHEET_COUNT
};

struct kpi_row {
	enum kpi_sheet sheet;   /* the detail sheet it belongs to */
	char section[64];       /* 業種別, 学校種別 ...; "" for a total */
	/* Unique in a report: what targets.csv's 指標 column names, e.g.
	 * "来場学生数", "学校種別:大学", "訪問ブース数:3". */
	char indicator[160];
	enum kpi_value_kind kind;
	double value;
	char text[256];         /* KPI_TEXT's value */
	bool people;            /* a count of people: may be suppressed */
	bool suppressed;        /* 1..min_count-1 people: shown "<N" */
	bool na;                /* no base to count on (no answers, no
				 * tour): shown "-", no ratio */
	bool headline;          /* on the summary sheet even without target */
	bool has_target;
	double target;
	bool has_ratio;         /* target > 0 and the value not suppressed */
	double ratio;           /* value / target */
};

struct kpi_report {
	char event_name[256];
	bool training;          /* a joint training: employees, not students */
	double min_rate;        /* its completion rate */
	char start_date[11], end_date[11];
	char prefecture[32];    /* the event's; "" if unset */
	int internship_type;    /* 0 unset, 1..4 */
	int min_count;
	int nrows;
	struct kpi_row *rows;   /* owned; kpi_report_free() */
};

struct kpi_opts {
	int min_count;          /* 0: KPI_MIN_COUNT; 1: nothing suppressed */
	double min_rate;        /* a training's completion; 0:
				 * TRAINING_MIN_RATE (fair/training.h) */
};

/* Computes every figure of the event in st into *out (initialised here;
 * free with kpi_report_free() whatever this returns). 0, FAIR_ENOENT (no
 * event), FAIR_EIO (a query failed), FAIR_ENOMEM. */
int kpi_compute(struct store *st, const struct kpi_opts *o,
		struct kpi_report *out, struct fair_err *err);

/* Reads targets from a CSV, TSV or XLSX file (header 指標,目標; also
 * indicator,target) and sets them on rep's rows. A 目標 that is not a
 * number ("100", "１００人", "30%" for a rate) is refused naming the file
 * and line; so is a file naming indicators rep does not have, naming each
 * of them (up to a few) and how to list the valid ones. On refusal no
 * target is set. 0, FAIR_EINVAL, FAIR_EIO. */
int kpi_targets_read(struct kpi_report *rep, const char *path,
		     struct fair_err *err);

/* A row's value as shown: "63", "<5", "2.40", "41.3%", "-", the text. */
void kpi_value_text(const struct kpi_report *rep, const struct kpi_row *r,
		    char *out, size_t cap);
/* Its target ("" without) and achievement ratio ("" without: "63.0%"). */
void kpi_target_text(const struct kpi_row *r, char *out, size_t cap);
void kpi_ratio_text(const struct kpi_row *r, char *out, size_t cap);

/* The sheet's name: 実績報告, 企業, 学生, 回遊, 評価, ツアー, 社員. */
const char *kpi_sheet_name(enum kpi_sheet s);
/* True if a row of rep is on sheet s: a detail sheet without rows (社員
 * at a fair; 学生, 回遊, 評価, ツアー at a training) is left out. */
bool kpi_sheet_used(const struct kpi_report *rep, enum kpi_sheet s);
/* True if row r appears on the summary sheet: headline or targeted. */
bool kpi_on_summary(const struct kpi_row *r);

enum kpi_format { KPI_XLSX = 0, KPI_CSV };

/* Writes rep to path: XLSX with the summary sheet laid out as a results
 * table (事業名, 実施日, 実施形態, then No., 指標, 目標, 実績, 達成率) and
 * one sheet per detail (区分, 指標, 実績, 目標, 達成率); CSV (UTF-8 with a
 * BOM, CRLF, as Excel in Japan opens it) with one row per figure: シート,
 * 区分, 指標, 目標, 実績, 達成率, the summary's rows first. Through a
 * temporary file renamed over path: a failure leaves nothing. Counts only,
 * no personal data. 0 or FAIR_EIO. */
int kpi_write(const struct kpi_report *rep, enum kpi_format f,
	      const char *path, struct fair_err *err);

void kpi_report_free(struct kpi_report *rep);

#endif
