/* tourdata.h: what a tour and a fair collect beyond check-ins, out of the
 * event database: students' feedback per company, the stamp rally, and
 * what each student attended (for certificates).
 *
 * Feedback is a 'feedback' fact (attendee, place, rating 1-5, tags as
 * '|'-separated labels from the event's list, note as comment); a student
 * who answered twice for one company counts once, by the latest answer.
 * Facts cancelled by a VOID fact never count.
 *
 * Privacy: feedback goes to companies anonymous. A comment carries the
 * student's name only if the student consented to share contact details
 * with companies (attendees.consent) and the event's internship type lets
 * names go to companies (fair/internship.h); then the handover is
 * recorded
 * (fair/records.h). With min_count, any count below it is written as
 * "<N", and a company with fewer answers gets no comments at all, so a
 * small group cannot be singled out.
 *
 * Files: CSV (UTF-8 with BOM, CRLF, a leading ' before = + - @ so Excel
 * never runs a cell), XLSX (libxlsxwriter, one sheet) or JSON lines (one
 * object per row, English keys). Written beside path and renamed over it,
 * readable by the owner only.
 */
#ifndef FAIR_TOURDATA_H
#define FAIR_TOURDATA_H

#include <stdbool.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/store.h"

enum tour_format { TOUR_CSV = 0, TOUR_XLSX, TOUR_JSON };

/* "csv", "xlsx", "json": 0 or FAIR_EINVAL. */
int tour_format_parse(const char *s, enum tour_format *out);

/* The five ratings, 1 to 5, as a student reads them (face and words). */
const char *tour_rating_label(int rating);

struct feedback_opts {
	uint32_t company_id;      /* companies.id, 0 for every company */
	int min_count;            /* 0 or 1: nothing suppressed */
	enum tour_format format;
	bool anonymous;           /* every comment without a name, no
				   * handover recorded: the only feedback
				   * an internship type 1/2 event gives */
};

/* Per company with feedback, rows (section, item, count, comment, rating,
 * student): 回答数 (answers), 評価 (each rating 1-5), タグ (each tag
 * given), コメント (each comment). *rows gets the data rows written.
 * 0, FAIR_EINVAL (unknown company; named feedback, !o->anonymous, at
 * internship type 1 or 2, refused in a sentence citing the rule with
 * nothing written), FAIR_EIO. */
int feedback_export(struct store *st, const struct feedback_opts *o,
		    const char *path, long *rows, struct fair_err *err);

/* One company's feedback in figures, for the report's page: answers,
 * count per rating, the most given tags, and a few comments (text only,
 * never a name; none unless answers >= FEEDBACK_COMMENTS_FROM). */
#define FEEDBACK_TAGS_TOP 12
#define FEEDBACK_COMMENTS_TOP 8
#define FEEDBACK_COMMENTS_FROM 3

struct feedback_summary {
	long answers;
	long rating[6];           /* [1..5] */
	int ntags;
	struct {
		char tag[128];
		long n;
	} tags[FEEDBACK_TAGS_TOP];
	int ncomments;
	char comments[FEEDBACK_COMMENTS_TOP][FACT_NOTE_MAX]; /* whole */
};

/* 0 (answers 0 when none) or FAIR_EIO. */
int feedback_summary(struct store *st, uint32_t company_id,
		     struct feedback_summary *out);

/* ---- stamp rally ---------------------------------------------------- */

struct rally {
	int booths;               /* stamps needed; 0: no rally */
	char kinds[64];           /* place kinds that stamp: "booth,session" */
};

/* The event's rally (settings rally_booths, rally_kinds). 0 (booths 0
 * when none is set) or FAIR_EIO. */
int rally_get(struct store *st, struct rally *out);
/* Sets it; booths 0 removes it. kinds: ','-separated of booth, session,
 * visit (NULL: "booth"). FAIR_EINVAL for an unknown kind. */
int rally_set(struct store *st, int booths, const char *kinds,
	      struct fair_err *err);
/* Distinct places of a stamping kind where attendee has a valid entry. */
int rally_stamps(struct store *st, const struct rally *r, uint32_t attendee);
/* Those who reached r->booths stamps: roster id, name, school, stamps,
 * when the last needed stamp came (local time). */
int rally_export(struct store *st, enum tour_format format, const char *path,
		 long *rows, struct fair_err *err);

/* ---- a visit kiosk's day ------------------------------------------- */

struct visit_counts {
	int expected;             /* students the plan puts here */
	int arrived;              /* of them, those who entered */
	int unexpected;           /* entered without being expected */
};

/* Counts for a visit place (one company, one day). 0 or FAIR_EIO. */
int visit_counts(struct store *st, uint32_t place_id,
		 struct visit_counts *out);
/* Calls fn for each expected student, missing ones first, then by kana,
 * with whether they entered. Returns how many, or FAIR_EIO. */
int visit_expected(struct store *st, uint32_t place_id,
		   void (*fn)(const struct attendee *, bool arrived, void *),
		   void *ctx);

/* ---- attendance, for certificates ----------------------------------- */

struct attended {
	char date[11];            /* venue-local YYYY-MM-DD, first entry */
	enum place_kind kind;     /* visit, session or booth */
	char place[STORE_TEXT];   /* place name (session title, company) */
	char company[STORE_TEXT]; /* the company's name, or "" */
};

/* Calls fn for each visit, session or booth attendee entered (valid
 * check-in facts only, never the plan), in time order. Returns how many,
 * or a negative FAIR_* code. */
int attended_list(struct store *st, uint32_t attendee,
		  void (*fn)(const struct attended *, void *), void *ctx);

#endif
