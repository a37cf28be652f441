/* survey.h: the tour's before-and-after survey: the same questions asked
 * before the pre-training day and after the post-training day, and the
 * change in the students' answers.
 *
 * The questions: `fairsync settings --survey survey.csv` (設問,種別 where
 * 種別 is 5段階, a scale 1-5, or 選択:A/B/C, at most SURVEY_CHOICES_MAX
 * choices), all rows or none, stored in the event's settings (key
 * "survey") and so copied into kiosk bundles.
 *
 * The answers are facts of kind 'survey': attendee_id the student,
 * direction +1 before and -1 after, tags "Q<n>" (the question's number,
 * from 1), rating the answer (1-5, or the choice's number from 1). The
 * latest valid answer of a student to a question, before or after, is the
 * one that counts. The kiosk at the first 研修 session's door asks after
 * an entry, at the last one's exit after an exit (brain_survey.c); answers
 * on paper come in by `fairsync import survey FILE` (学生ID, 時期
 * 事前/事後, Q1, Q2, ...), all rows or none.
 *
 * The library never prints; errors come back in struct fair_err.
 */
#ifndef FAIR_SURVEY_H
#define FAIR_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

#define SURVEY_QUESTIONS_MAX 20
#define SURVEY_CHOICES_MAX 5    /* a fact's rating holds 1-5 */
#define SURVEY_KEY "survey"     /* the settings key */

enum survey_type {
	SURVEY_SCALE5 = 0,       /* 5段階: 1 (low) to 5 (high) */
	SURVEY_CHOICE,           /* 選択:A/B/C */
};

struct survey_question {
	char text[256];
	enum survey_type type;
	int nchoices;            /* SURVEY_CHOICE: the choices' count */
	char choice[SURVEY_CHOICES_MAX][64];
};

struct survey {
	int n;
	struct survey_question q[SURVEY_QUESTIONS_MAX];
};

/* What an all-or-nothing survey import found. */
struct survey_report {
	int rows;                /* imported */
	int refused;             /* bad rows: then nothing was imported */
	char **messages;         /* "FILE:ROW: reason" */
	int nmessages;
};
void survey_report_release(struct survey_report *rep);

/* Reads the questions from a CSV file and stores them, replacing any
 * before; a row with an unknown 種別, an empty question, more than
 * SURVEY_CHOICES_MAX choices or more than SURVEY_QUESTIONS_MAX rows refuses
 * the file (FAIR_EINVAL, rows in rep->messages), changing nothing. */
int survey_set(struct store *st, const char *path, const char *name,
	       struct survey_report *rep, struct fair_err *err);
/* The event's questions. 0, FAIR_ENOENT when none were set. */
int survey_load(struct store *st, struct survey *out);

/* Records answers from a CSV file (学生ID or 社員番号, 時期: 事前/before or
 * 事後/after, then a column Q1, Q2 ... per question; an empty cell is no
 * answer), all rows or none: an unknown student, 時期, question column or
 * answer is FILE:ROW and nothing is recorded. now_ms is the facts' time. */
int survey_import(struct store *st, const char *path, const char *name,
		  int64_t now_ms, struct survey_report *rep,
		  struct fair_err *err);

/* One question's answers before and after. Counts below the min_count
 * given to survey_stats are -1 (shown "<N"); the paired figures are
 * suppressed (paired -1) when fewer than min_count answered both. */
struct survey_stat {
	int number;              /* from 1 */
	const struct survey_question *q;
	int before[SURVEY_CHOICES_MAX + 1]; /* [v]: answered v (1..5) */
	int after[SURVEY_CHOICES_MAX + 1];
	/* students who answered; -2 (not shown) when exactly one count is
	 * hidden, which the total would give away */
	int n_before, n_after;
	int paired;              /* answered both */
	double mean_change;      /* scale: mean of after - before */
	int moved_up;            /* scale: after > before */
	int changed;             /* after != before */
};

/* Calls fn for each question in order. 0, FAIR_ENOENT without questions,
 * FAIR_EIO. */
int survey_stats(struct store *st, int min_count,
		 void (*fn)(const struct survey_stat *, void *), void *ctx,
		 struct fair_err *err);

#endif
