/* brain.h: the kiosk's behaviour as a pure state machine.
 *
 * brain_step(state, event, now) -> new state plus a list of actions. The
 * brain knows no SDL, no SQLite, no camera and no wall clock: the host
 * (src/kiosk/main.c) feeds it semantic events, runs the actions it asks
 * for (a check-in, a sound, a print, a store query) and feeds their results
 * back as events. `now` is the host's monotonic clock in ms; tests pass a
 * fake one. So every screen flow is a plain unit test (tests/test_brain.c).
 *
 * Invariants:
 * - At most one check-in is in flight (between ACT_CHECKIN and
 *   EV_CHECKIN_DONE). Scans arriving meanwhile, or while a result shows, or
 *   before staff confirmed the clock, wait in a FIFO of BRAIN_QUEUE_MAX and
 *   are processed in order; none is dropped while there is room. A camera
 *   re-reading the badge that is already showing or queued is the same
 *   scan and is coalesced.
 * - Green (ACCEPTED) is shown only for an EV_CHECKIN_DONE whose outcome is
 *   OUTCOME_ACCEPTED, which the host sends only after the fact is on disk.
 * - Students cannot leave: Escape and a window close (BRAIN_KEY_CLOSE) do
 *   nothing outside staff mode; ACT_QUIT is only emitted from staff mode.
 * - Wrong PINs: the cfg.pin_tries-th failure (kiosk.ini pin_tries, default
 *   BRAIN_PIN_FREE_TRIES) locks PIN entry for BRAIN_PIN_BASE_DELAY_MS, and
 *   each further failure doubles it up to BRAIN_PIN_MAX_DELAY_MS, measured
 *   on `now`. While locked every PIN key is ignored (digits typed then
 *   never count); only BACK works. Each change of the count or the lock
 *   is emitted as ACT_PIN_STATE so the host keeps it across a restart and
 *   hands it back in brain_config.
 * - A question (b->confirm: discard the walk-in form, void a scan) is
 *   modal: until BTN_CONFIRM_YES or BTN_CONFIRM_NO, every other button and
 *   all typed text are ignored. Nothing a student typed is dropped without
 *   one; nothing is voided without one.
 * - Kanji for the walk-in's name come from the host (ACT_CONVERT,
 *   ACT_RECOGNIZE -> EV_CANDIDATES); the brain adds the name variants of
 *   itaiji.h itself, so every candidate list offers 髙 beside 高.
 */
#ifndef FAIR_BRAIN_H
#define FAIR_BRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/handwriting.h"
#include "fair/rollcall.h"
#include "fair/rules.h"
#include "fair/strings.h"
#include "fair/survey.h"
#include "fair/types.h"

#define BRAIN_TEXT_MAX 512       /* a scan's raw text, as inputs.h */
#define BRAIN_QUEUE_MAX 32       /* scans waiting behind a showing result */
#define BRAIN_ROWS_MAX 20        /* rows in a staff list (last 20 scans) */
#define BRAIN_ROW_TEXT 160
#define BRAIN_FIELD_MAX 128      /* a form field, bytes of UTF-8 */
#define BRAIN_PIN_MAX 12         /* digits */
#define BRAIN_PIN_FREE_TRIES 3   /* wrong PINs before delays start */
#define BRAIN_PIN_BASE_DELAY_MS 5000
#define BRAIN_PIN_MAX_DELAY_MS (5 * 60 * 1000)
#define BRAIN_RESULT_MIN_MS 700  /* a result shows this long when scans wait */
#define BRAIN_CONSENT_OFFER_MS 8000 /* a booth's consent offer, unless set */
#define BRAIN_STAFF_IDLE_MS (3 * 60 * 1000) /* staff mode closes by itself */
#define BRAIN_REG_IDLE_MS (3 * 60 * 1000)   /* abandoned form is cleared */
#define BRAIN_FEEDBACK_IDLE_MS (60 * 1000)  /* unanswered feedback: skip */
#define BRAIN_TAGS_MAX 6         /* feedback tags offered */
#define BRAIN_CANDS_MAX 24       /* kanji candidates kept for one choice */
#define BRAIN_CAND_TEXT 48

enum brain_screen {
	SCREEN_CLOCK_WARN = 0, /* clock outside the event: staff must act */
	SCREEN_IDLE,           /* place, count, "show your badge" */
	SCREEN_RESULT,         /* colour + icon + words, or "checking..." */
	SCREEN_PIN,            /* staff PIN pad */
	SCREEN_STAFF,          /* staff menu with today's counts */
	SCREEN_STAFF_RECENT,   /* last 20 scans; select one and void it */
	SCREEN_STAFF_FIND,     /* find a student by kana, check in by hand */
	SCREEN_STAFF_PLACE,    /* switch place or session */
	SCREEN_STAFF_CLOCK,    /* set the clock offset or confirm it */
	SCREEN_REG,            /* walk-in registration form, one step a page */
	SCREEN_REG_BADGE,      /* the issued badge: a large QR */
	SCREEN_FEEDBACK,       /* tours: the student rates the visit */
	SCREEN_STAFF_LEADS,    /* booth: last scans; pick a visitor to note */
	SCREEN_STAFF_LEAD,     /* booth: rate 1-4, tags, a note; save */
	/* rollcall kiosks (brain_rollcall.c): idle lists the groups; this
	 * screen marks a group's members and records the departure */
	SCREEN_ROLLCALL,
	/* the tour's survey (brain_survey.c): a question a page after the
	 * result, at the door of the first or last 研修 session */
	SCREEN_SURVEY,
	/* any kiosk's staff (brain_consent.c): scan a student's badge and
	 * withdraw their consent to this booth's company or to every one */
	SCREEN_STAFF_WITHDRAW,
	SCREEN_COUNT
};

/* Steps of the walk-in form, in order. */
enum reg_step {
	REG_KANA = 0,  /* name in katakana (katakana keyboard) */
	REG_NAME,      /* name as written: kana converted to kanji (Anthy),
			* a handwritten character (Zinnia) or latin */
	REG_SCHOOL,    /* search the roster's schools, pick one */
	REG_GRADE,     /* grade buttons */
	REG_EMAIL,     /* latin keyboard */
	REG_CONSENT,   /* consent toggle, review, submit */
	REG_STEP_COUNT
};

enum brain_button {
	BTN_NONE = 0,
	BTN_STAFF,        /* idle / clock warning: open the PIN pad */
	BTN_REGISTER,     /* entrance idle: start the walk-in form */
	BTN_DEMO,         /* demo kiosks only: present a demo badge */
	BTN_LANG,         /* toggle Japanese / English */
	BTN_DIGIT,        /* PIN pad digit; arg = 0..9 */
	BTN_BACKSPACE,    /* delete the last character of the focused field */
	BTN_OK,           /* PIN pad: verify */
	BTN_BACK,         /* leave the current page */
	BTN_STAFF_RECENT,
	BTN_STAFF_FIND,
	BTN_STAFF_PLACE,
	BTN_STAFF_CLOCK,
	BTN_STAFF_EXPORT,
	BTN_STAFF_EXIT,   /* back to the student screens */
	BTN_STAFF_QUIT,   /* quit the app (staff only) */
	BTN_ROW,          /* a list row; arg = index */
	BTN_VOID,         /* void the selected recent scan */
	BTN_CHECKIN_HAND, /* check the selected student in by hand */
	BTN_CLOCK_ADJ,    /* arg = minutes to add to the offset */
	BTN_CLOCK_OK,     /* accept the clock (with any offset) */
	BTN_KEY,          /* on-screen key: the host sends its text */
	BTN_KEY_DAKUTEN,  /* turn the last kana voiced: カ -> ガ */
	BTN_KEY_HANDAKUTEN, /* ハ -> パ */
	BTN_KEY_SPACE,
	BTN_KBD_SWITCH,   /* switch between katakana and latin keyboards */
	BTN_NEXT,         /* form: next step */
	BTN_PREV,         /* form: previous step */
	BTN_GRADE,        /* arg = index into brain_grades */
	BTN_CONSENT,      /* arg 1: agrees, 0: does not (the default) */
	BTN_SUBMIT,       /* register the walk-in */
	BTN_DONE,         /* badge screen: finished */
	BTN_PAGE,         /* scroll a list (or candidates); arg = +/- */
	BTN_RATING,       /* feedback: arg = 1..5; lead note: 1..4 */
	BTN_TAG,          /* feedback, lead note: toggle tag arg */
	BTN_SKIP,         /* feedback: leave without answering */
	BTN_CONVERT,      /* name: convert the kana being typed */
	BTN_CAND,         /* name: take candidate arg */
	BTN_KEEP_KANA,    /* name: take the converted part as kana */
	BTN_PAD,          /* name: handwriting pad on / off */
	BTN_PAD_CLEAR,    /* name: wipe the pad */
	BTN_CONFIRM_YES,  /* the open question: yes (discard, void) */
	BTN_CONFIRM_NO,   /* ... no: back to where it was asked */
	BTN_UNDO,         /* staff recent: undo the void just made */
	BTN_STAFF_LEAD,   /* booth staff menu: note a visitor (lead) */
	BTN_MEMO,         /* feedback comment, lead memo: keyboard page */
	BTN_SCHOOL_NEW,   /* school step: register the typed school as one
			   * not in the list (never by 次へ alone) */
	BTN_DEPART,       /* roll-call: 出発, record the departure */
	BTN_BOOTH_CONSENT,/* booth result: give this company the student's
			   * contact details (fair/consent.h) */
	BTN_LEAD_CONSENT, /* booth lead note: ask the visitor the same */
	BTN_STAFF_WITHDRAW, /* staff menu: withdraw a student's consent */
	BTN_WITHDRAW,     /* withdraw screen: arg 0 this booth's company,
			   * 1 every company (asked first) */
	BTN_COUNT
};

/* Named keys from a physical keyboard or a script's `key NAME`. */
enum brain_key {
	BRAIN_KEY_BACKSPACE = 0,
	BRAIN_KEY_ENTER,
	BRAIN_KEY_ESCAPE,
	BRAIN_KEY_CLOSE, /* the window manager's close button */
};

enum sound {
	SOUND_CHIME = 0, /* accepted */
	SOUND_NOTICE,    /* already checked in */
	SOUND_BUZZ,      /* refused or not stored */
	SOUND_COUNT
};

/* Lists the host loads from the store when asked (ACT_LOAD). */
enum brain_list {
	LIST_RECENT = 0, /* last 20 valid check-ins; rows carry fact uuids */
	LIST_FIND,       /* attendees by kana prefix; rows carry ids */
	LIST_PLACES,     /* places; rows carry ext ids */
	LIST_SCHOOLS,    /* the roster's schools by prefix; rows carry names */
	LIST_COUNTS,     /* today's counts as display lines */
	LIST_GROUPS,     /* roll-call groups; rows carry names in key */
	LIST_COUNT
};

struct brain_row {
	char text[BRAIN_ROW_TEXT]; /* what the row shows */
	char key[64];              /* place ext_id or school name */
	uint32_t id;               /* attendee id */
	uint8_t uuid[FACT_UUID_BYTES]; /* fact a recent row shows */
};

/* The walk-in form as the host stores it. */
struct reg_form {
	char kana[BRAIN_FIELD_MAX];
	char name[BRAIN_FIELD_MAX];
	char school[BRAIN_FIELD_MAX];
	char grade[16];
	char email[BRAIN_FIELD_MAX];
	bool consent;
	char consent_version[32];
	bool school_new;     /* typed freely, not picked from the roster */
};

/* What the host sets up once; copied into the brain. */
struct brain_config {
	bool entrance;          /* registration allowed (entrance role) */
	bool demo;              /* show the demo badge button */
	bool clock_ok;          /* clock_within_event() at start */
	bool has_printer;       /* ask to print issued badges */
	int result_ms;          /* how long a result shows */
	int consent_offer_ms;   /* ... at least, while it offers booth
				 * consent; 0: BRAIN_CONSENT_OFFER_MS */
	int utc_offset_min;     /* venue time zone, for "already at 10:42" */
	enum lang lang;         /* starting language */
	char pin_hash[128];     /* crypto_pwhash_str; "" = no PIN login */
	char place_name[256];   /* shown on idle: a whole session title,
				 * its time and room */
	char consent_version[32];
	int pin_tries;          /* failures before the lock; 0: the default */
	int pin_failures;       /* restored from the host's own state */
	int64_t pin_lock_ms;    /* lock-out left at start, ms (restored) */
	int64_t clock_offset_ms; /* staff's clock correction (restored) */
	/* tours: ask for feedback after an accepted exit (visit kiosks) or
	 * entry (booths that enable it); the event's tags, from settings */
	bool feedback_exit, feedback_entry;
	bool visit;             /* a tour visit kiosk: idle shows expected */
	bool rollcall;          /* a roll-call tablet (brain_rollcall.c) */
	/* the before-and-after survey (survey.h): asked after an accepted
	 * scan in this direction (+1 before, -1 after), 0 never */
	int survey_dir;
	struct survey survey;
	int ntags;
	char tags[BRAIN_TAGS_MAX][64];
	/* booths: staff note visitors (lead facts) with the event's lead
	 * tags, from settings */
	bool leads;
	/* internship type 1 or 2 (fair/internship.h): the consent step
	 * says companies receive no student's information */
	bool no_sharing;
	/* a booth's result offers the student consent to its company
	 * (fair/consent.h): never with no_sharing, never without leads */
	bool booth_consent;
	int nlead_tags;
	char lead_tags[BRAIN_TAGS_MAX][64];
};

enum brain_event_kind {
	EV_SCAN = 0,     /* a badge text from any input */
	EV_CHECKIN_DONE, /* the host ran the check-in it was asked for */
	EV_BUTTON,       /* a tapped widget (or a script tap) */
	EV_KEY_TEXT,     /* UTF-8 text typed into the focused field */
	EV_NAMED_KEY,    /* a named key (not EV_KEY: <linux/input.h> has that) */
	EV_TICK,         /* time passes; the host calls at brain_wake_at() */
	EV_ROWS,         /* the list the host loaded for ACT_LOAD */
	EV_COUNT_TODAY,  /* check-ins today at this place (idle screen) */
	EV_REGISTERED,   /* the host stored a walk-in and signed a badge */
	EV_DONE,         /* result of ACT_PRINT/VOID/UNVOID/EXPORT/... */
	EV_PEN,          /* a finger on the handwriting pad */
	EV_CANDIDATES,   /* result of ACT_CONVERT or ACT_RECOGNIZE */
	EV_ROLLCALL,     /* result of ACT_RC_LOAD: the group's members */
};

enum pen_phase { PEN_DOWN = 0, PEN_MOVE, PEN_UP };

struct brain_event {
	enum brain_event_kind kind;
	union {
		struct {                      /* EV_SCAN */
			char text[BRAIN_TEXT_MAX];
			enum input_source source;
		} scan;
		struct {                      /* EV_CHECKIN_DONE */
			struct checkin_result res;
			char name[STORE_TEXT]; /* attendee's name, "" unknown */
			int stamps, stamps_need; /* stamp rally at an entrance */
		} done;
		struct {                      /* EV_BUTTON */
			enum brain_button id;
			int arg;
		} button;
		char text[64];                /* EV_KEY_TEXT */
		enum brain_key key;           /* EV_NAMED_KEY */
		struct {                      /* EV_ROWS; rows not owned */
			enum brain_list list;
			const struct brain_row *rows;
			int n;
		} rows;
		struct {                      /* EV_COUNT_TODAY */
			int n;                /* visitors today here */
			int capacity;         /* seats; 0 = no limit */
			int seats_left;       /* see struct brain */
			bool full;
			int expected, unexpected; /* tours: the plan */
		} count;
		struct {                      /* EV_REGISTERED */
			bool ok;
			char token[TOKEN_TEXT_MAX];
			char msg[256];        /* why not, for staff */
		} reg;
		struct {                      /* EV_DONE */
			int action;           /* enum brain_action_kind */
			bool ok;
			char msg[256];        /* shown in the staff notice */
			char place_name[256]; /* ACT_SET_PLACE: the new name */
		} result;
		struct {                      /* EV_PEN */
			enum pen_phase phase;
			int x, y;             /* pad units, 0..HW_SIDE-1 */
		} pen;
		const struct rollcall *rc;    /* EV_ROLLCALL; not owned,
					       * n 0: no such group */
		struct {                      /* EV_CANDIDATES */
			bool handwriting;     /* from the pad, not Anthy */
			int chars;            /* kana characters they replace */
			int n;
			char text[BRAIN_CANDS_MAX][BRAIN_CAND_TEXT];
		} cands;
	} u;
};

enum brain_action_kind {
	ACT_CHECKIN = 0, /* run checkin_process(text, source), send DONE */
	ACT_MANUAL,      /* run checkin_manual(id), send CHECKIN_DONE */
	ACT_PLAY,        /* play a sound; silence is fine */
	ACT_LOAD,        /* load a list (with query) and send EV_ROWS */
	ACT_REGISTER,    /* store the form, sign a badge, send EV_REGISTERED */
	ACT_PRINT,       /* print the badge just issued; send EV_DONE */
	ACT_VOID,        /* append a FACT_VOID for uuid; send EV_DONE */
	ACT_EXPORT,      /* back the database up into a folder; EV_DONE */
	ACT_SET_PLACE,   /* switch the check-in place; EV_DONE */
	ACT_SET_LANG,    /* the language changed (host may reload fonts) */
	ACT_SET_CLOCK,   /* apply offset_ms to the wall clock from now on */
	ACT_DEMO,        /* present a demo badge as a scan (demo kiosks) */
	ACT_QUIT,        /* staff asked to quit */
	ACT_PIN_STATE,   /* keep failures and lock-out (survive a restart) */
	ACT_FEEDBACK,    /* store a feedback fact; no reply */
	ACT_CONVERT,     /* kanaconv the reading in load.query; EV_CANDIDATES
			  * with the first segment's candidates */
	ACT_RECOGNIZE,   /* recognise b->ink; EV_CANDIDATES */
	ACT_UNVOID,      /* check in again what uuid's void took away */
	ACT_LEAD,        /* store a lead fact; send EV_DONE */
	/* roll-call (rollcall.h): */
	ACT_IDENTIFY,    /* rules_decide(text) without storing; send
			  * EV_CHECKIN_DONE */
	ACT_RC_GROUPS,   /* the groups as EV_ROWS (list LIST_GROUPS) */
	ACT_RC_LOAD,     /* the group load.query's members; EV_ROLLCALL */
	ACT_DEPART,      /* store u.departure; send EV_DONE */
	ACT_SURVEY,      /* store u.survey's answers as facts; no reply */
	ACT_CONSENT,     /* record u.consent: the student's consent to this
			  * booth's company (consent_company_record); send
			  * EV_DONE */
	ACT_WITHDRAW,    /* record u.withdraw: the consent withdrawn, to
			  * this booth's company or (all) to every company
			  * (consent_withdraw_all); send EV_DONE */
	ACT_KIND_COUNT
};

struct brain_action {
	enum brain_action_kind kind;
	union {
		struct {                      /* ACT_CHECKIN */
			char text[BRAIN_TEXT_MAX];
			enum input_source source;
		} checkin;
		uint32_t attendee_id;         /* ACT_MANUAL */
		enum sound sound;             /* ACT_PLAY */
		struct {                      /* ACT_LOAD, ACT_CONVERT */
			enum brain_list list;
			char query[BRAIN_FIELD_MAX];
		} load;
		struct reg_form form;         /* ACT_REGISTER */
		struct {                      /* ACT_PRINT */
			char token[TOKEN_TEXT_MAX];
			char name[BRAIN_FIELD_MAX];
		} print;
		uint8_t uuid[FACT_UUID_BYTES];/* ACT_VOID, ACT_UNVOID */
		char place[64];               /* ACT_SET_PLACE: ext id */
		enum lang lang;               /* ACT_SET_LANG */
		int64_t offset_ms;            /* ACT_SET_CLOCK */
		struct {                      /* ACT_PIN_STATE */
			int failures;
			int64_t lock_ms;      /* lock-out left from now */
		} pin;
		/* ACT_FEEDBACK: rating 1..5, tags bit i: cfg.tags[i], the
		 * comment; ACT_LEAD: rating 1..4, bit i: cfg.lead_tags[i],
		 * the memo */
		struct brain_answer {
			uint32_t attendee_id;
			int rating;
			unsigned tags;
			char note[BRAIN_FIELD_MAX]; /* or "" */
		} feedback, lead;
		/* ACT_DEPART: kind, tags and note set (rollcall_depart);
		 * the host adds kiosk, times and place */
		struct fact departure;
		struct {                      /* ACT_SURVEY */
			uint32_t attendee_id;
			int direction;        /* +1 before, -1 after */
			int answer[SURVEY_QUESTIONS_MAX]; /* 0: skipped */
		} survey;
		struct {                      /* ACT_CONSENT */
			uint32_t attendee_id;
			char version[32];     /* cfg.consent_version */
		} consent;
		struct {                      /* ACT_WITHDRAW */
			uint32_t attendee_id;
			bool all;             /* every company, not this one */
		} withdraw;
	} u;
};

#define BRAIN_ACTIONS_MAX 8

struct brain_actions {
	int n;
	struct brain_action a[BRAIN_ACTIONS_MAX];
};

/* The whole kiosk state; plain data the layout reads. Hosts treat it as
 * read-only and change it only through brain_step. */
struct brain {
	struct brain_config cfg;
	enum brain_screen screen;
	enum lang lang;
	bool clock_ok;             /* confirmed by staff or within event */
	int64_t clock_offset_ms;   /* applied to wall time by the host */
	int count_today;           /* visitors today at this place */
	int capacity;              /* its seats (door kiosks); 0 = no limit */
	int seats_left;            /* seats less those inside and the planned
				    * on their way (stats.h) */
	bool full;                 /* no seat left for anyone expected */
	int expected;              /* tours: students the plan puts here */
	int unexpected;            /* tours: arrived without being planned */

	/* SCREEN_RESULT */
	bool pending;              /* a check-in is in flight */
	bool pending_manual;       /* ... started by staff from a lookup */
	enum outcome outcome;      /* shown result */
	char result_name[STORE_TEXT];
	char result_time[8];       /* ALREADY: "HH:MM" of the first check-in */
	char result_detail[256];   /* NOT_STORED: the disk's words for staff */
	char shown_text[BRAIN_TEXT_MAX]; /* the scan being shown */
	int64_t result_since;      /* when the result appeared */
	enum brain_screen return_to; /* where the result returns */
	bool result_unexpected;    /* tours: accepted, not in the plan */
	int stamps, stamps_need;   /* stamp rally progress; need 0: none */
	int result_dir;            /* accepted: +1 entry, -1 exit */
	bool fb_due;               /* ask for feedback after the result */
	uint32_t fb_attendee;
	int fb_rating;             /* 0 until a face is tapped */
	unsigned fb_tags;
	char fb_note[BRAIN_FIELD_MAX]; /* the optional comment */
	bool fb_memo;              /* the comment's keyboard page is open */
	int64_t fb_since;
	/* a booth's result: 「この企業に連絡先を伝える」 offered to the
	 * student shown (cfg.booth_consent), the result staying for
	 * cfg.consent_offer_ms unless a scan waits; a tap holds the result
	 * until the host answers, then the answer shows for result_ms */
	enum booth_consent {
		BC_NONE = 0, BC_OFFER, BC_PENDING, BC_DONE,
		BC_FAILED
	} bc;
	uint32_t bc_attendee;

	/* scan queue (FIFO ring) */
	struct {
		char text[BRAIN_TEXT_MAX];
		enum input_source source;
	} queue[BRAIN_QUEUE_MAX];
	int q_head, q_len;

	/* PIN pad and lock-out */
	char pin[BRAIN_PIN_MAX + 1];
	int pin_failures;
	int64_t pin_locked_until;
	bool pin_wrong;            /* the last try was wrong (shown) */

	/* staff screens */
	int64_t staff_since;       /* last staff input, for the auto close */
	struct brain_row rows[BRAIN_ROWS_MAX];
	int n_rows;
	enum brain_list rows_list; /* which list rows holds */
	int selected;              /* selected row, -1 none */
	int row_first;             /* first row shown (the layout pages) */
	char search[BRAIN_FIELD_MAX]; /* find / school search text */
	bool latin_kbd;            /* latin rather than katakana keyboard */
	int64_t clock_edit_ms;     /* clock screen: offset being edited */
	char notice[256];          /* last staff action's result */
	bool notice_error;
	bool notice_big;           /* an export's result: large type */

	/* a question over the screen (discard the form, void a scan, quit
	 * the app) */
	enum brain_confirm {
		CONFIRM_NONE = 0, CONFIRM_DISCARD, CONFIRM_VOID, CONFIRM_QUIT,
		CONFIRM_CONSENT_ASK, /* lead note: the visitor is asked */
		CONFIRM_WITHDRAW     /* withdraw screen: staff confirm */
	} confirm;
	/* staff recent: the void just made, undone by BTN_UNDO */
	bool undo_ready;
	uint8_t undo_uuid[FACT_UUID_BYTES];

	/* booth lead note (SCREEN_STAFF_LEAD): the visitor picked */
	uint32_t lead_attendee;
	char lead_who[BRAIN_ROW_TEXT]; /* the picked row's text */
	int lead_rating;           /* 0 until one is tapped */
	unsigned lead_tags;
	char lead_note[BRAIN_FIELD_MAX];
	bool lead_memo;            /* the memo's keyboard page is open */

	/* consent withdrawn at a staff screen (SCREEN_STAFF_WITHDRAW): the
	 * student whose badge was scanned, and what is being withdrawn */
	bool wd_pending;           /* ACT_IDENTIFY in flight */
	uint32_t wd_attendee;      /* 0 until a student's badge is read */
	char wd_who[STORE_TEXT];
	bool wd_all;

	/* roll-call (SCREEN_ROLLCALL): the group, its members and marks;
	 * rows hold the members still missing (id, name) */
	struct rollcall rc;
	bool rc_pending;           /* ACT_IDENTIFY in flight */
	bool rc_groups_asked;      /* idle's group list requested */
	bool rc_depart_pending;    /* ACT_DEPART in flight */

	/* the survey (SCREEN_SURVEY) */
	bool sv_due;               /* ask once this result is over */
	uint32_t sv_attendee;
	int sv_q;                  /* the question shown */
	int sv_answer[SURVEY_QUESTIONS_MAX];
	int64_t sv_since;          /* last answer, for the auto close */

	/* registration */
	enum reg_step step;
	struct reg_form form;
	bool reg_error;            /* 次へ refused: say why by the field */
	/* REG_NAME: kana typed but not yet converted, and its candidates */
	char preedit[BRAIN_FIELD_MAX];
	bool preedit_prefill;      /* still the furigana copied in */
	char cands[BRAIN_CANDS_MAX][BRAIN_CAND_TEXT];
	int n_cands;
	int cand_chars;            /* preedit characters a candidate takes */
	bool cands_hw;             /* the candidates come from the pad */
	int cand_first;            /* first candidate shown */
	bool pad_open;             /* the handwriting pad replaces the keys */
	struct hw_ink ink;
	int64_t reg_since;         /* last form input */
	char badge_token[TOKEN_TEXT_MAX];
	bool reg_busy;             /* waiting for EV_REGISTERED */
};

/* Grades offered by the form's buttons (brain_grades[i], NULL ended). */
extern const char *const brain_grades[];

/* Sets *b to its first screen: the clock warning when !cfg->clock_ok,
 * else idle. Emits nothing; the host loads today's count itself. */
void brain_init(struct brain *b, const struct brain_config *cfg,
		int64_t now);

/* Applies ev at now (monotonic ms) and fills *out (n = 0 first) with the
 * actions the host must run in order. Never fails: bad events are ignored. */
void brain_step(struct brain *b, const struct brain_event *ev, int64_t now,
		struct brain_actions *out);

/* When the host must send EV_TICK next (result timeout, lock-out end,
 * auto-close), or INT64_MAX if nothing is timed. */
int64_t brain_wake_at(const struct brain *b);

/* How often the screen shows time passing, so the host redraws it: under
 * BRAIN_REFRESH_MINUTE_MS, at least that often (a lock-out's countdown,
 * the clock screens each second; the camera's preview on the idle screen
 * every 100 ms when camera); BRAIN_REFRESH_MINUTE_MS when the wall clock's
 * minute turns (the idle header's HH:MM); 0 when nothing on screen moves
 * by itself. */
#define BRAIN_REFRESH_MINUTE_MS 60000
int brain_refresh_ms(const struct brain *b, bool camera);

/* True if typed text goes to a field now (PIN, search, form); otherwise a
 * keyboard is a badge scanner and the host feeds it to the inputs. */
bool brain_wants_text(const struct brain *b);

/* Seconds left of a PIN lock-out at now, 0 if none. */
int brain_pin_wait_s(const struct brain *b, int64_t now);

/* Why the walk-in form's current step cannot be left forward (shown next
 * to the field), or STR_NONE when it can. */
enum str_id brain_reg_problem(const struct brain *b);

/* Applies one dakuten (handakuten if semi) to the last kana of s in place;
 * returns false when it has none. For the katakana keyboard. */
bool brain_kana_voice(char *s, size_t cap, bool semi);

const char *brain_screen_name(enum brain_screen s);

#endif
