/* strings.h: every word the kiosk shows, in Japanese and in English.
 *
 * One table per language in src/brain/strings.c, keyed by enum str_id, so a
 * translator edits one place and a test can check that no entry is
 * missing. Refusals are worded for a student in a queue: what happened and
 * what to do, never a code.
 */
#ifndef FAIR_STRINGS_H
#define FAIR_STRINGS_H

#include "fair/rules.h"

enum lang {
	LANG_JA = 0, /* the default */
	LANG_EN,
	LANG_COUNT
};

enum str_id {
	STR_NONE = 0,
	STR_SHOW_BADGE,       /* idle: "show your badge" */
	STR_SHOW_BADGE_SUB,
	STR_TODAY_COUNT,      /* "today: " */
	STR_SEATS_LEFT,       /* "seats left" after a session's count */
	STR_CAMERA_SLOT,
	STR_STAFF,
	STR_REGISTER,
	STR_DEMO_BADGE,
	STR_LANG_TOGGLE,      /* the other language's name */
	STR_CHECKING,         /* a check-in is in flight */
	STR_WELCOME,          /* accepted: "checked in" */
	STR_NAME_SUFFIX,      /* "さん" */
	STR_ALREADY_AT,       /* "already checked in at" */
	STR_REFUSED,          /* heading of every refusal */
	STR_CALL_STAFF,
	STR_CLOCK_WARN_TITLE,
	STR_CLOCK_WARN_BODY,
	STR_PIN_TITLE,
	STR_PIN_WRONG,
	STR_PIN_LOCKED,       /* "try again in N s" prefix */
	STR_OK,
	STR_BACK,
	STR_DELETE,
	STR_STAFF_TITLE,
	STR_STAFF_RECENT,
	STR_STAFF_FIND,
	STR_STAFF_PLACE,
	STR_STAFF_CLOCK,
	STR_STAFF_EXPORT,
	STR_STAFF_EXIT,
	STR_STAFF_QUIT,
	STR_VOID,
	STR_CHECKIN_HAND,
	STR_SEARCH_KANA,
	STR_CLOCK_CONFIRM,
	STR_CLOCK_NOW,
	STR_NO_ROWS,
	STR_REG_TITLE,
	STR_REG_KANA,
	STR_REG_NAME,
	STR_REG_SCHOOL,
	STR_REG_GRADE,
	STR_REG_EMAIL,
	STR_REG_CONSENT,
	STR_REG_CONSENT_TEXT,
	STR_YES,
	STR_NO,
	STR_NEXT,
	STR_PREV,
	STR_SUBMIT,
	STR_DONE,
	STR_SPACE,
	STR_KBD_SWITCH,
	STR_REG_BUSY,
	STR_BADGE_TITLE,
	STR_BADGE_HINT,
	STR_REG_FAILED,
	STR_PRINTED,
	STR_PRINT_FAILED,
	STR_PRINT_FAILED_ASK,  /* the student's words for it: no reason */
	STR_EXPORTED,
	STR_EXPORT_FAILED,
	STR_VOIDED,
	STR_VOID_FAILED,
	STR_PLACE_SET,
	STR_QUEUED,           /* "N more waiting" */
	STR_GRADE_OTHER,
	STR_COUNT_PLACE,      /* staff: check-ins today at this place */
	STR_COUNT_KIOSK,      /* staff: check-ins today by this kiosk */
	STR_COUNT_REG,        /* staff: walk-ins registered today */
	STR_NO_PRINTER,
	STR_STORE_LOST,       /* staff notice: the kiosk's file went away */
	STR_STORE_READONLY,   /* staff notice: the file cannot be written */
	STR_NO_USB,           /* export: no removable drive found */
	STR_EXPORT_WRITTEN,   /* export: "N check-ins written to" */
	STR_STUDENT_NOTICE,   /* idle: a device needs staff, in plain words */
	STR_SESSION_FULL,     /* a door's idle screen: no seats left */
	STR_SESSION_OVER,     /* a door's idle screen: the session has ended */
	STR_BADGE_HINT_NOPRINT, /* the badge screen with no printer */
	STR_CONVERT,          /* name: convert kana to kanji */
	STR_KEEP_KANA,        /* name: keep this part in kana */
	STR_PAD,              /* name: open the handwriting pad */
	STR_PAD_CLOSE,        /* ... back to the keyboard */
	STR_PAD_CLEAR,
	STR_PAD_HINT,
	STR_DISCARD_ASK,      /* 戻る with data entered */
	STR_DISCARD_YES,
	STR_DISCARD_NO,
	STR_ERR_KANA,         /* what is wrong with a form step */
	STR_ERR_SCHOOL,
	STR_ERR_GRADE,
	STR_ERR_EMAIL,
	STR_NEW_SCHOOL,       /* school step: typed, not in the list */
	STR_SCHOOL_NEW_BTN,   /* school step: 「%s」を... as a new school */
	STR_ERR_SCHOOL_PICK,  /* school step: typed, neither picked nor new */
	STR_VOID_ASK,
	STR_VOID_YES,
	STR_VOID_NO,
	STR_QUIT_ASK,         /* staff: quitting the app, asked first */
	STR_QUIT_YES,
	STR_QUIT_NO,
	STR_UNDO,
	STR_UNVOIDED,
	STR_UNVOID_FAILED,
	STR_KIND_BOOTH,       /* place kinds in the staff place list */
	STR_KIND_SESSION,
	STR_KIND_ENTRANCE,
	STR_KIND_VISIT,
	/* one plain refusal (or success) line per outcome */
	STR_OUT_ACCEPTED,
	STR_OUT_ALREADY,
	STR_OUT_MALFORMED,
	STR_OUT_FORGED,
	STR_OUT_OTHER_EVENT,
	STR_OUT_REVOKED,
	STR_OUT_NOT_TODAY,
	STR_OUT_OUTSIDE_SESSION,
	STR_OUT_FULL,
	STR_OUT_STAFF,
	STR_OUT_NOT_STORED,
	/* tours */
	STR_NOT_EXPECTED,     /* accepted, but not in today's plan here */
	STR_NOT_EXPECTED_SUB,
	STR_GOODBYE,          /* a visit's exit */
	STR_VISIT_ARRIVED,    /* idle: arrived / expected */
	STR_VISIT_EXPECTED,
	STR_RALLY,            /* result: stamp rally progress */
	STR_RALLY_DONE,
	STR_VISIT_MISSING,    /* staff: an expected student not arrived */
	STR_VISIT_UNEXPECTED, /* staff: arrived without being expected */
	STR_FB_TITLE,         /* feedback screen */
	STR_FB_TAGS,
	STR_FB_SEND,
	STR_FB_SKIP,
	STR_FB_FACE1, STR_FB_FACE2, STR_FB_FACE3, STR_FB_FACE4, STR_FB_FACE5,
	STR_FB_NOTE,          /* the comment button when empty, its page */
	STR_STAFF_LEAD,       /* booth staff: note a visitor (lead) */
	STR_LEAD_PICK,        /* ... which visitor: the last scans */
	STR_LEAD_RATE1, STR_LEAD_RATE2, STR_LEAD_RATE3, STR_LEAD_RATE4,
	STR_LEAD_TAGS,
	STR_LEAD_NOTE,        /* the note field when empty */
	STR_LEAD_SAVE,
	STR_LEAD_SAVED,
	/* roll-call (brain_rollcall.c) */
	STR_RC_PICK,          /* idle: choose a group */
	STR_RC_NO_GROUPS,
	STR_RC_MISSING,       /* "未確認" before "1 / 3" */
	STR_RC_ALL_HERE,
	STR_RC_DEPART,        /* the 出発 button */
	STR_RC_MARKED,        /* after a name: marked present */
	STR_RC_ALREADY,       /* after a name: marked already */
	STR_RC_NOT_MEMBER,
	STR_RC_DEPARTED,      /* departure recorded */
	STR_RC_DEPART_FAILED,
	STR_RC_TAP_HINT,      /* tap a name to mark by hand */
	/* the survey (brain_survey.c) */
	STR_SV_BEFORE,        /* title: before the training */
	STR_SV_AFTER,         /* title: after the training */
	STR_SV_LOW,           /* under 1 of a scale */
	STR_SV_HIGH,          /* under 5 */
	STR_SV_SKIP,
	STR_LEAD_FAILED,
	/* the consent step at internship type 1 or 2 (fair/internship.h):
	 * companies receive no student's information */
	STR_REG_CONSENT_NOSHARE,
	/* a booth's result: consent to this company (fair/consent.h) */
	STR_BOOTH_CONSENT,    /* the button */
	STR_BOOTH_CONSENT_OK, /* recorded */
	STR_BOOTH_CONSENT_FAILED,
	/* the booth's lead note asks the visitor the same; not at type 1/2,
	 * where the note says why */
	STR_LEAD_CONSENT,     /* the button */
	STR_LEAD_CONSENT_ASK, /* the question, to the student */
	STR_LEAD_CONSENT_DETAIL,
	STR_LEAD_CONSENT_YES,
	STR_LEAD_CONSENT_NO,
	STR_LEAD_NOSHARE,
	/* staff withdraw a student's consent (brain_consent.c) */
	STR_STAFF_WITHDRAW,   /* the staff menu's button, the screen */
	STR_WITHDRAW_SCAN,
	STR_WITHDRAW_NOT_STUDENT,
	STR_WITHDRAW_THIS,    /* this booth's company */
	STR_WITHDRAW_ALL,     /* every company */
	STR_WITHDRAW_ASK,
	STR_WITHDRAW_ASK_THIS,
	STR_WITHDRAW_ASK_ALL,
	STR_WITHDRAW_YES,
	STR_WITHDRAW_NO,
	STR_WITHDRAW_DONE,
	STR_WITHDRAW_FAILED,
	STR_COUNT
};

/* The text of id in lang; "" for STR_NONE, never NULL. Static storage. */
const char *str_get(enum str_id id, enum lang lang);
/* The plain sentence for an outcome (STR_OUT_*). */
enum str_id str_outcome(enum outcome o);
/* "ja" / "en"; and back (-1 if unknown). */
const char *lang_code(enum lang l);
int lang_parse(const char *code);

#endif
