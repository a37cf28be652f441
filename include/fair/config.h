/* config.h: kiosk.ini, the one file that tells a kiosk who it is.
 *
 * Parsed with inih. Unknown sections or keys and bad values are errors that
 * name FILE:LINE, so a typo never silently changes a kiosk's behaviour.
 * Paths in the file are relative to the file's own directory. See
 * config/kiosk.example.ini for every key with its default.
 */
#ifndef FAIR_CONFIG_H
#define FAIR_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "fair/err.h"
#include "fair/label.h"
#include "fair/rules.h"

enum kiosk_role {
	KIOSK_ENTRANCE = 0, /* registration, badge issuing, entrance check-in */
	KIOSK_BOOTH,        /* a company booth */
	KIOSK_DOOR,         /* a session room with a window and seat limit */
	KIOSK_VISIT,        /* a company hosting tour visits, all its days */
	KIOSK_ROLLCALL,     /* a group's roll-call at departure (rollcall.h) */
};

struct kiosk_config {
	/* [kiosk] */
	char name[64];            /* shown to staff, stored with each fact */
	enum kiosk_role role;
	char place[64];           /* place ext_id this kiosk records at */
	char db[PATH_MAX];        /* database path, resolved against the ini */
	char language[3];         /* "ja" (default) or "en" */
	char pin_hash[128];       /* crypto_pwhash_str of the staff PIN */
	int pin_tries;            /* wrong PINs before the lock-out; 3 */
	bool demo;                /* shows a demo badge button: demos only */
	char consent_version[32]; /* version of the consent text shown */
	bool feedback;            /* ask students for feedback (tours: a
				   * visit kiosk at each exit; a booth when
				   * set) */
	/* [rules] */
	struct rules_config rules;
	/* [inputs] */
	char camera[PATH_MAX];    /* "", "auto", "/dev/videoN", "file:PATH" */
	char scanner[PATH_MAX];   /* evdev path, "name:SUBSTRING", or "" */
	char serial[PATH_MAX];    /* tty path or "" */
	int serial_baud;          /* 9600 unless set */
	/* [screen] */
	bool fullscreen;          /* true unless --windowed */
	int result_ms;            /* how long a result shows; 2000 */
	int consent_offer_ms;     /* a booth's 「この企業に連絡先を伝える」
				   * stays this long (or until the next
				   * scan); 8000 */
	bool sound;               /* play chimes; true */
	int screen_mm[2];         /* the panel's visible width and height in
				   * mm when its DPI lies ("WxH"); 0 0 = ask
				   * the display */
	/* [sound] */
	bool voice;               /* say results aloud (Open JTalk, Japanese
				   * only); false */
	char voice_file[PATH_MAX]; /* an .htsvoice; "" = Debian's nitech */
	/* [printer] */
	char printer[128];        /* CUPS queue for badges; "" = none */
	enum label_kind label;    /* the paper badges print on; A6 */
	/* [export] */
	char usb_root[PATH_MAX];  /* "" finds USB drives; else for tests */
	/* [sync] */
	char central[512];        /* PostgreSQL URL for live sync; "" none */
};

/* Defaults for every field. */
void config_defaults(struct kiosk_config *c);

/* Reads path into *c (defaults first). On error returns FAIR_EINVAL with
 * err naming "PATH:LINE: what". Relative paths become relative to the
 * directory holding path. */
int config_load(const char *path, struct kiosk_config *c,
		struct fair_err *err);

/* Parses ini text held in memory; name is used in messages and dir for
 * resolving relative paths. For tests and the fuzz target. */
int config_parse(const char *text, const char *name, const char *dir,
		 struct kiosk_config *c, struct fair_err *err);

/* Writes c as an ini file (paths written as given). FAIR_EINVAL, writing
 * nothing, when the name is not a plain kiosk name or a text value holds
 * a control character (a newline would start another key). */
int config_write(const char *path, const struct kiosk_config *c,
		 struct fair_err *err);

const char *kiosk_role_name(enum kiosk_role r);
/* Parses "entrance", "booth", "door", "visit"; -1 if none. */
int kiosk_role_parse(const char *s);

#define KIOSK_NAME_MAX 63 /* bytes of a kiosk name (struct kiosk_config) */

/* The one rule for a kiosk's name, which becomes a folder on a USB stick
 * (NAME/kiosk.db), part of the kiosk's bundle folder and of every fact:
 * 1 to 63 bytes of valid UTF-8 (Japanese is fine), not starting with '.',
 * without "..", '/', control characters (newlines included), nor the
 * characters a FAT stick cannot hold (\ : * ? " < > |). kiosk.ini's
 * name, `fairsync pack --name`, the console, --install-bundle and the
 * kiosk's USB export all use it. True if plain; else false, and *rule
 * (when rule is not NULL) points to a static text naming the rule broken
 * ("holds '/'"); NULL name is empty. */
bool kiosk_name_plain(const char *name, const char **rule);

#endif
