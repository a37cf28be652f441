/* kiosk.h: what fairkiosk's own files share (not a library interface).
 *
 * main.c sets a struct kiosk up and tears it down; dispatch.c feeds events
 * to the brain and carries out its actions (dispatch.h); host.c runs them
 * against the store (no SDL); view.c lays the brain's screen out and has
 * render.c draw it; render.c draws and plays sounds; events.c pumps SDL
 * events and the inputs into kiosk_feed(), script.c plays --script files
 * (script.h); print.c prints badges through CUPS. Data flows one way:
 * inputs -> brain -> (store, screen, sound, printer).
 */
#ifndef KIOSK_KIOSK_H
#define KIOSK_KIOSK_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "fair/brain.h"
#include "fair/config.h"
#include "fair/handwriting.h"
#include "fair/kanaconv.h"
#include "fair/layout.h"
#include "fair/rules.h"
#include "fair/store.h"
#include "fair/texthold.h"
#include "inputs.h"
#include "printwatch.h"
#include "livesync.h"
#include "voice.h"
#include "watchdog.h"

struct render;
struct events;

struct kiosk {
	struct kiosk_config cfg;
	char config_path[PATH_MAX];
	char config_dir[PATH_MAX];  /* kiosk.ini's folder (demo badge file) */
	struct store *st;
	struct checkin_ctx ctx;
	struct inputs *in;          /* NULL when inputs could not start */
	struct brain brain;
	struct layout layout;       /* what is on screen; taps hit this */
	struct render *render;
	const char *script;         /* --script FILE or NULL */
	int win_w, win_h;           /* --size for windowed mode */
	int64_t clock_offset_ms;    /* staff-set correction of wall time */
	bool quit;
	bool dirty;                 /* the screen needs a redraw */
	bool has_camera;
	FILE *log;                  /* outcome log, one JSON line a scan */
	char export_dir[PATH_MAX];  /* --export-dir, or found at export */
	uint32_t wake_type;         /* SDL user event inputs push to wake */
	bool trace;                 /* FAIRKIOSK_TRACE=1: timings on stderr */
	int64_t t0_us;              /* process start, for the first frame */
	int64_t scan_us;            /* a scan waiting for its frame, or 0 */
	struct brain_event *evq;    /* kiosk_feed's pending replies */
	int evq_cap;                /* grows from DISPATCH_QUEUE_START */
	struct texthold hold;       /* typing held back from text fields */
	struct printwatch *pw;      /* NULL without a printer */
	char status[1024];          /* inputs' and printer's notices */
	struct watchdog wd;         /* systemd's, kicked by the main loop */
	struct livesync *sync;      /* [sync] central, or NULL */
	const char *install_src;    /* --install-bundle SRC, or NULL */
	const char *data_dir;       /* --data-dir, or NULL for the default */
	/* the kiosk's file: "" while it is the file at cfg.db and writable,
	 * else the red notice staff see (naming the path) */
	char store_notice[768];
	/* the last check-in not stored and why, in the staff menu's notice
	 * until a check-in is stored again (students see only that staff
	 * are needed, never the disk's words) */
	char write_error[300];
	bool store_readonly;        /* not writable at start: opened read-only */
	int64_t store_checked_ms;   /* last host_store_watch, monotonic */
	char logo[PATH_MAX + 16];   /* the bundle's logo.png, or "" */
	int64_t shown_minute;       /* wall minute the idle clock shows */
	struct kanaconv *kc;        /* walk-in names: opened on first use */
	struct handwriting *hw;
	bool names_tried;           /* the engines were opened (or failed) */
	bool pen_down;              /* a finger is writing on the pad */
	struct voice *voice;        /* [sound] voice, or NULL */
	bool voice_due;             /* a result's tone played: say it once
				     * its frame is drawn */
	bool voice_en_told;         /* "English: tone alone" said once */
	/* the last check-in's name and its reading (roster's フリガナ),
	 * for the voice; "" when unknown */
	char voice_name[STORE_TEXT], voice_reading[STORE_TEXT];
};

/* Monotonic microseconds, for the timing trace (inline: the renderer,
 * linked alone into the screen gallery, reads it too). */
static inline int64_t kiosk_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Wall time with the staff's clock correction applied. */
int64_t kiosk_wall_ms(const struct kiosk *k);

/* host.c: runs one action; may fill *reply (returns true) with the event
 * to feed back. */
bool host_run(struct kiosk *k, const struct brain_action *a,
	      struct brain_event *reply);
/* Opens cfg.db watched (STORE_WATCH); a file or folder that cannot be
 * written is opened read-only instead, with store_notice saying so (and
 * stderr): the kiosk starts, shows why, and stores no check-in. */
int host_store_open(struct kiosk *k, struct fair_err *err);
/* Checks the file is still the one at cfg.db (store_check_file) and sets
 * store_notice; prints a change on stderr. True when the notice changed.
 * At most every 500 ms unless force. */
bool host_store_watch(struct kiosk *k, bool force);
/* The staff PIN's failures and lock-out kept by ACT_PIN_STATE, into
 * bc->pin_failures and bc->pin_lock_ms (none when nothing was kept). */
void host_pin_load(struct kiosk *k, struct brain_config *bc);
/* Closes the name engines (kana conversion, handwriting) if opened. */
void host_close(struct kiosk *k);

/* The place's name for the idle screen (a session adds time and room). */
void host_place_label(struct kiosk *k, char *out, size_t cap);
/* Today's figures at the current place (stats.h) as an EV_COUNT_TODAY
 * event for the brain: visitors, seats, the tour plan. */
void host_count_event(struct kiosk *k, struct brain_event *ev);
/* Tours: visit kiosk, feedback questions and the event's tags into bc. */
void host_tour_setup(struct kiosk *k, struct brain_config *bc);
/* The staff's clock correction outlives a restart of the kiosk within the
 * same boot: kept in DB.clock as "boot_id offset_ms". After a reboot the
 * board's clock starts wrong anew, so an offset from another boot is
 * ignored and staff are asked again. Load: 0 if one applied. */
int host_clock_load(struct kiosk *k);
void host_clock_save(struct kiosk *k);

/* render.c: the window, fonts, drawing, screenshots and sounds. */
struct render *render_open(const struct kiosk_config *cfg, bool windowed,
			   int w, int h, struct fair_err *err);
void render_close(struct render *r);
void render_size(struct render *r, int *w, int *h);
/* True when the kiosk drives the display itself (SDL's KMSDRM driver, a
 * bare console): nothing else maps touchscreens to the screen. */
bool render_bare_console(const struct render *r);
/* "VIDEODRIVER/renderer" for the trace, in out (n bytes). */
void render_describe(const struct render *r, char *out, size_t n);
/* When SDL's video started (kiosk_now_us() clock), for the trace. */
int64_t render_video_start_us(const struct render *r);
/* Pixels per millimetre of the output: kiosk.ini's screen_mm when set
 * (WxH, both > 0), else the display's DPI, else 96 dpi. */
double render_px_per_mm(struct render *r, const int screen_mm[2]);
/* Draws the layout and presents it. */
void render_frame(struct render *r, const struct layout *l,
		  struct inputs *in);
/* Draws l again, saves it as a PNG (exactly what is then presented). */
int render_screenshot(struct render *r, const struct layout *l,
		      struct inputs *in, const char *path,
		      struct fair_err *err);
/* Plays a sound if there is an audio device; silent otherwise. */
void render_play(struct render *r, enum sound s);
/* The voice (voice.h) needs an audio device: true when one is open. */
bool render_has_audio(const struct render *r);
/* A voice_load_fn (voice.h) for ctx = the render: the WAV at path as
 * samples in the device's format. Safe on another thread. */
int render_load_speech(void *ctx, const char *path, void **pcm,
		       uint32_t *len);
/* Queues samples from render_load_speech after what is playing (the
 * result's tone); the next render_play drops them. */
void render_speak(struct render *r, const void *pcm, uint32_t len);
/* Writes a badge image (QR and name) as a PNG for printing on the label
 * kind's paper, at its print resolution (label.h). */
int render_badge_png(struct render *r, const char *token, const char *name,
		     enum label_kind label, const char *path,
		     struct fair_err *err);

/* view.c: builds k->layout from the brain's screen at the window's size
 * (no drawing). */
void view_relayout(struct kiosk *k);
/* view.c: lays out, draws and presents; clears k->dirty. */
void view_redraw(struct kiosk *k);

/* events.c: registers the wake event; call after render_open and before
 * the inputs start. */
int events_init(struct kiosk *k, struct fair_err *err);
/* events.c: the main loop until k->quit. Returns 0, or 1 on a script
 * error (printed). */
int events_run(struct kiosk *k);
/* Wakes the loop from any thread (inputs' wake callback). */
void events_wake(void *ctx);

/* print.c: hands a PNG made for label to a CUPS queue, asking for that
 * label's media, the image fitted to it; *job is CUPS's job id, for
 * printwatch to follow. */
int print_badge(const char *queue, const char *png_path,
		enum label_kind label, int *job, struct fair_err *err);

#endif
