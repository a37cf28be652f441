/* events.c: the event loop, the only other file that touches SDL. SDL
 * events (taps, keys, window), the inputs' scan queue and the --script
 * player all become brain events through kiosk_feed(). Script taps and
 * keys are pushed as SDL events, so they take the same path as a finger.
 * The loop sleeps in SDL_WaitEventTimeout until an event, a scan (the
 * inputs push a wake event) or the brain's next timer: idle CPU ~0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "keymap.h"
#include "kiosk.h"

#define SCRIPT_LINE_MAX 1024

struct script {
	FILE *f;
	const char *name;
	int line_no;
	int64_t resume_at; /* after `wait`, in monotonic ms */
	bool done;
	bool failed;
	int64_t quit_by;   /* `quit` seen: leave once scans are answered */
};

/* How long `quit` waits for scans still queued behind a result. */
#define SCRIPT_QUIT_DRAIN_MS 30000

int events_init(struct kiosk *k, struct fair_err *err)
{
	Uint32 t = SDL_RegisterEvents(1);

	if (t == (Uint32)-1)
		return fair_fail(err, FAIR_EIO, "no SDL user events left");
	k->wake_type = t;
	return 0;
}

void events_wake(void *ctx)
{
	struct kiosk *k = ctx;
	SDL_Event e;

	memset(&e, 0, sizeof(e));
	e.type = k->wake_type;
	SDL_PushEvent(&e); /* thread-safe */
}

/* The notice line for staff: the inputs' and the printer's, joined. */
static const char *kiosk_status(struct kiosk *k)
{
	char print[PRINTWATCH_NOTICE_LINE], sync[160];
	const char *in = k->in ? inputs_status(k->in) : "";
	/* the kiosk's file first: while it is gone nothing is stored; else
	 * why the last check-in was not */
	const char *disk = k->store_notice[0] ? k->store_notice
					      : k->write_error;

	printwatch_status(k->pw, print, sizeof(print));
	livesync_status(k->sync, sync, sizeof(sync));
	snprintf(k->status, sizeof(k->status), "%.400s%s%.250s%s%.250s%s%.100s",
		 disk, disk[0] && (in[0] || print[0] || sync[0]) ? "; " : "",
		 in, in[0] && print[0] ? "; " : "", print,
		 (in[0] || print[0]) && sync[0] ? "; " : "", sync);
	return k->status;
}

/* A door's session is over once its window and grace have passed: the
 * idle screen says so before anyone scans. */
static enum layout_session session_state(const struct kiosk *k,
					 int64_t wall_ms)
{
	const struct place *p = &k->ctx.place;

	if (p->ends_ms > 0 &&
	    wall_ms > p->ends_ms + (int64_t)k->cfg.rules.grace_s * 1000)
		return LAYOUT_SESSION_OVER;
	return LAYOUT_SESSION_NONE;
}

static void relayout(struct kiosk *k)
{
	struct layout_info info = { 0 };
	int w, h;

	render_size(k->render, &w, &h);
	info.now = clock_mono_ms();
	info.wall_ms = kiosk_wall_ms(k);
	info.utc_offset_min = k->ctx.event.utc_offset_min;
	info.status = kiosk_status(k);
	info.has_camera = k->has_camera;
	info.has_scanner = k->cfg.scanner[0] || k->cfg.serial[0];
	info.px_per_mm = render_px_per_mm(k->render, k->cfg.screen_mm);
	info.event_name = k->ctx.event.name;
	info.logo = k->logo[0] ? k->logo : NULL;
	info.session = session_state(k, info.wall_ms);
	layout_build(&k->brain, &info, w, h, &k->layout);
}

/* With FAIRKIOSK_TRACE set, prints what bench/bench_kiosk.sh measures:
 * the first frame, each frame's cost and each scan's time to its frame. */
static void trace_frame(struct kiosk *k, int64_t start_us)
{
	int64_t now = kiosk_now_us();
	char what[128];

	if (!k->trace)
		return;
	if (k->t0_us) {
		fprintf(stderr, "trace first-frame-us %lld\n",
			(long long)(now - k->t0_us));
		fprintf(stderr, "trace sdl-init-to-frame-us %lld\n",
			(long long)(now - render_video_start_us(k->render)));
		render_describe(k->render, what, sizeof(what));
		fprintf(stderr, "trace renderer %s\n", what);
		k->t0_us = 0;
	}
	fprintf(stderr, "trace frame-us %lld\n", (long long)(now - start_us));
	if (k->scan_us && k->brain.screen == SCREEN_RESULT &&
	    !k->brain.pending) {
		fprintf(stderr, "trace scan-to-frame-us %lld\n",
			(long long)(now - k->scan_us));
		k->scan_us = 0;
	}
}

static void redraw(struct kiosk *k)
{
	int64_t start = k->trace ? kiosk_now_us() : 0;

	relayout(k);
	render_frame(k->render, &k->layout, k->in);
	k->dirty = false;
	trace_frame(k, start);
}

/* ---- input mapping -------------------------------------------------- */

static void feed_button(struct kiosk *k, enum brain_button id, int arg)
{
	struct brain_event ev = { .kind = EV_BUTTON };

	ev.u.button.id = id;
	ev.u.button.arg = arg;
	kiosk_feed(k, &ev);
}

static void feed_key(struct kiosk *k, enum brain_key key)
{
	struct brain_event ev = { .kind = EV_NAMED_KEY };

	ev.u.key = key;
	kiosk_feed(k, &ev);
}

static void feed_text(struct kiosk *k, const char *text)
{
	struct brain_event ev = { .kind = EV_KEY_TEXT };

	snprintf(ev.u.text, sizeof(ev.u.text), "%s", text);
	kiosk_feed(k, &ev);
}

/* Gives the text field what texthold released: everything held when
 * force (a tap ends typing), else a run whose gap has passed. now_ms is on
 * SDL's clock, as event timestamps are. */
static void hold_release(struct kiosk *k, int64_t now_ms, bool force)
{
	struct texthold_item out[TEXTHOLD_ITEMS];
	int n = texthold_settle(&k->hold, now_ms, force, out);

	for (int i = 0; i < n; i++) {
		if (out[i].kind == TEXTHOLD_ENTER)
			feed_key(k, BRAIN_KEY_ENTER);
		else if (out[i].kind == TEXTHOLD_BACKSPACE)
			feed_key(k, BRAIN_KEY_BACKSPACE);
		else
			feed_text(k, out[i].text);
	}
}

/* Typing meant for a text field, held so that a scanner's burst (which
 * keyscan turns into a scan) never lands in it: see texthold.h. */
static void hold_input(struct kiosk *k, enum texthold_kind kind,
		       const char *text, Uint32 timestamp)
{
	hold_release(k, (int64_t)timestamp, false);
	texthold_push(&k->hold, kind, text, (int64_t)timestamp);
}

/* A tap at pixel (x, y) on what is drawn. */
static void tap(struct kiosk *k, int x, int y)
{
	const struct widget *w;

	hold_release(k, (int64_t)SDL_GetTicks(), true);
	if (k->dirty)
		relayout(k); /* hit what the brain shows now */
	w = layout_hit(&k->layout, x, y);
	if (!w)
		return;
	if (w->button == BTN_KEY)
		feed_text(k, w->text);
	else
		feed_button(k, w->button, w->arg);
}

/* A finger on the handwriting pad writes rather than taps: down on the
 * pad starts a stroke, moves extend it, up ends it (and is no tap). */
static bool pen(struct kiosk *k, enum pen_phase ph, int x, int y)
{
	struct brain_event ev = { .kind = EV_PEN };
	const struct widget *pad;

	if (ph == PEN_DOWN) {
		if (k->dirty)
			relayout(k);
		pad = layout_pad(&k->layout);
		if (!pad || x < pad->r.x || y < pad->r.y ||
		    x >= pad->r.x + pad->r.w || y >= pad->r.y + pad->r.h)
			return false;
		k->pen_down = true;
	} else if (!k->pen_down) {
		return false;
	}
	pad = layout_pad(&k->layout);
	if (!pad || pad->r.w <= 0 || pad->r.h <= 0) {
		k->pen_down = false;
		return true;
	}
	if (ph == PEN_UP)
		k->pen_down = false;
	ev.u.pen.phase = ph;
	ev.u.pen.x = (x - pad->r.x) * HW_SIDE / pad->r.w;
	ev.u.pen.y = (y - pad->r.y) * HW_SIDE / pad->r.h;
	kiosk_feed(k, &ev);
	return true;
}

static void on_keydown(struct kiosk *k, const SDL_KeyboardEvent *e)
{
	SDL_Keycode sym = e->keysym.sym;
	bool text = brain_wants_text(&k->brain);
	int code;

	if (sym == SDLK_ESCAPE) {
		feed_key(k, BRAIN_KEY_ESCAPE);
		return;
	}
	if (text && sym == SDLK_BACKSPACE) {
		hold_input(k, TEXTHOLD_BACKSPACE, NULL, e->timestamp);
		return;
	}
	if (text && (sym == SDLK_RETURN || sym == SDLK_KP_ENTER))
		hold_input(k, TEXTHOLD_ENTER, NULL, e->timestamp);
	/* Also while a text field is open: a scanner's keys are a scan. */
	code = hid_to_linux_keycode((int)e->keysym.scancode);
	if (code >= 0 && k->in)
		inputs_feed_key(k->in, code,
				(e->keysym.mod & KMOD_SHIFT) != 0,
				(int64_t)e->timestamp);
}

static void on_sdl_event(struct kiosk *k, const SDL_Event *e)
{
	int w, h;

	if (e->type == k->wake_type)
		k->dirty = true; /* a scan, or a notice changed */
	switch (e->type) {
	case SDL_QUIT: /* a signal: window close is a window event here */
		k->quit = true;
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_CLOSE)
			feed_key(k, BRAIN_KEY_CLOSE);
		else
			k->dirty = true; /* exposed, resized, shown: the
					  * layout follows the new size */
		break;
	case SDL_DISPLAYEVENT: /* rotated, plugged in or out */
		k->dirty = true;
		break;
	case SDL_FINGERDOWN:
	case SDL_FINGERMOTION:
		render_size(k->render, &w, &h);
		pen(k, e->type == SDL_FINGERDOWN ? PEN_DOWN : PEN_MOVE,
		    (int)(e->tfinger.x * w), (int)(e->tfinger.y * h));
		break;
	case SDL_FINGERUP:
		render_size(k->render, &w, &h);
		if (!pen(k, PEN_UP, (int)(e->tfinger.x * w),
			 (int)(e->tfinger.y * h)))
			tap(k, (int)(e->tfinger.x * w),
			    (int)(e->tfinger.y * h));
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.which != SDL_TOUCH_MOUSEID &&
		    e->button.button == SDL_BUTTON_LEFT)
			pen(k, PEN_DOWN, e->button.x, e->button.y);
		break;
	case SDL_MOUSEMOTION:
		if (e->motion.which != SDL_TOUCH_MOUSEID)
			pen(k, PEN_MOVE, e->motion.x, e->motion.y);
		break;
	case SDL_MOUSEBUTTONUP:
		if (e->button.which != SDL_TOUCH_MOUSEID &&
		    e->button.button == SDL_BUTTON_LEFT &&
		    !pen(k, PEN_UP, e->button.x, e->button.y))
			tap(k, e->button.x, e->button.y);
		break;
	case SDL_TEXTINPUT:
		if (brain_wants_text(&k->brain))
			hold_input(k, TEXTHOLD_TEXT, e->text.text,
				   e->text.timestamp);
		break;
	case SDL_KEYDOWN:
		on_keydown(k, &e->key);
		break;
	default:
		break;
	}
}

/* A touch read by the kiosk itself (input_touch.c, a bare console): the
 * same as SDL's finger events. */
static void on_touch(struct kiosk *k, const struct abstouch_point *p)
{
	static const Uint32 type[] = {
		[ABSTOUCH_DOWN] = SDL_FINGERDOWN,
		[ABSTOUCH_MOVE] = SDL_FINGERMOTION,
		[ABSTOUCH_UP] = SDL_FINGERUP,
	};
	SDL_Event e;

	if (p->kind == ABSTOUCH_NONE)
		return;
	memset(&e, 0, sizeof(e));
	e.type = type[p->kind];
	e.tfinger.touchId = 2;
	e.tfinger.x = p->x;
	e.tfinger.y = p->y;
	e.tfinger.pressure = 1;
	on_sdl_event(k, &e);
}

static void drain_inputs(struct kiosk *k)
{
	struct scan_event s;
	struct abstouch_point p;
	struct brain_event ev = { .kind = EV_SCAN };

	while (k->in && inputs_poll_touch(k->in, &p))
		on_touch(k, &p);
	while (k->in && inputs_poll(k->in, &s)) {
		snprintf(ev.u.scan.text, sizeof(ev.u.scan.text), "%s", s.text);
		ev.u.scan.source = s.source;
		/* Timed from when it arrived: for the camera, the frame. */
		if (k->trace)
			k->scan_us = s.mono_ms * 1000;
		kiosk_feed(k, &ev);
	}
}

/* ---- the script player ---------------------------------------------- */

static void push_tap(float fx, float fy)
{
	SDL_Event e;

	memset(&e, 0, sizeof(e));
	e.type = SDL_FINGERDOWN;
	e.tfinger.touchId = 1;
	e.tfinger.x = fx;
	e.tfinger.y = fy;
	e.tfinger.pressure = 1;
	SDL_PushEvent(&e);
	e.type = SDL_FINGERUP;
	SDL_PushEvent(&e);
}

static void push_finger(Uint32 type, float fx, float fy)
{
	SDL_Event e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.tfinger.touchId = 1;
	e.tfinger.x = fx;
	e.tfinger.y = fy;
	e.tfinger.pressure = 1;
	SDL_PushEvent(&e);
}

/* Pushes text as SDL_TEXTINPUT events, split on character boundaries. */
static void push_text(const char *s)
{
	SDL_Event e;
	size_t n = strlen(s), at = 0;

	while (at < n) {
		size_t take = n - at;

		if (take > sizeof(e.text.text) - 1)
			take = sizeof(e.text.text) - 1;
		while (take > 0 && at + take < n &&
		       ((unsigned char)s[at + take] & 0xC0) == 0x80)
			take--;
		memset(&e, 0, sizeof(e));
		e.type = SDL_TEXTINPUT;
		memcpy(e.text.text, s + at, take);
		SDL_PushEvent(&e);
		at += take;
	}
}

/* A key pressed and released, as a keyboard sends it. */
static void push_keystroke(SDL_Scancode sc, SDL_Keycode sym, Uint16 mod)
{
	SDL_Event e;

	memset(&e, 0, sizeof(e));
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.scancode = sc;
	e.key.keysym.sym = sym;
	e.key.keysym.mod = mod;
	SDL_PushEvent(&e);
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	SDL_PushEvent(&e);
}

static int push_key(const char *name)
{
	SDL_Scancode sc = SDL_GetScancodeFromName(name);

	if (sc == SDL_SCANCODE_UNKNOWN)
		return -1;
	push_keystroke(sc, SDL_GetKeyFromScancode(sc), KMOD_NONE);
	return 0;
}

/* Types s as a keyboard-wedge scanner does when the kiosk hears it
 * through SDL (no scanner device configured): for each character a key
 * stroke and its text, all at once, then Enter. Letters, digits and the
 * unshifted US symbols only, as in badge tokens. */
static int push_wedge(const char *s)
{
	for (; *s; s++) {
		bool upper = *s >= 'A' && *s <= 'Z';
		SDL_Keycode sym = upper ? *s - 'A' + 'a' : *s;
		SDL_Scancode sc = SDL_GetScancodeFromKey(sym);
		char text[2] = { *s, '\0' };

		if (sc == SDL_SCANCODE_UNKNOWN)
			return -1;
		push_keystroke(sc, sym, upper ? KMOD_LSHIFT : KMOD_NONE);
		push_text(text);
	}
	return push_key("Return");
}

static int script_fail(struct script *sc, const char *what, const char *arg)
{
	fprintf(stderr, "fairkiosk: %s:%d: %s '%s'\n", sc->name, sc->line_no,
		what, arg);
	sc->failed = true;
	sc->done = true;
	return -1;
}

static int cmd_tap(struct kiosk *k, struct script *sc, const char *arg)
{
	char *end;
	float x = strtof(arg, &end), y;

	(void)k;
	y = strtof(end, &end);
	if (end == arg || *end || x < 0 || x > 1 || y < 0 || y > 1)
		return script_fail(sc, "tap wants X Y as screen fractions,"
				   " got", arg);
	push_tap(x, y);
	return 0;
}

static int cmd_press(struct kiosk *k, struct script *sc, const char *arg)
{
	const struct widget *w;

	relayout(k);
	w = layout_find(&k->layout, arg);
	if (!w)
		return script_fail(sc, "nothing to press labelled", arg);
	push_tap((w->r.x + w->r.w / 2.0f) / (float)k->layout.width,
		 (w->r.y + w->r.h / 2.0f) / (float)k->layout.height);
	return 0;
}

/* stroke X,Y X,Y ...: one stroke on the handwriting pad, points in pad
 * units (0..999), pushed as a finger's down, moves and up. */
/* where LABEL: prints where the widget labelled LABEL is now, as screen
 * fractions of its middle ("where LABEL FX FY" on stderr), for tests that
 * touch the screen from outside (tests/vm/). */
static int cmd_where(struct kiosk *k, struct script *sc, const char *arg)
{
	const struct widget *w;

	relayout(k);
	w = layout_find(&k->layout, arg);
	if (!w)
		return script_fail(sc, "nothing labelled", arg);
	fprintf(stderr, "where %s %.4f %.4f\n", arg,
		(w->r.x + w->r.w / 2.0) / k->layout.width,
		(w->r.y + w->r.h / 2.0) / k->layout.height);
	return 0;
}

static int cmd_stroke(struct kiosk *k, struct script *sc, const char *arg)
{
	const struct widget *pad;
	const char *p = arg;
	Uint32 type = SDL_FINGERDOWN;
	float fx = 0, fy = 0;
	int n = 0;

	relayout(k);
	pad = layout_pad(&k->layout);
	if (!pad)
		return script_fail(sc, "no handwriting pad for", arg);
	for (;;) {
		char *end;
		long x, y;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		x = strtol(p, &end, 10);
		if (end == p || *end != ',')
			return script_fail(sc, "stroke wants X,Y points, got",
					   arg);
		p = end + 1;
		y = strtol(p, &end, 10);
		if (end == p || x < 0 || y < 0 || x >= HW_SIDE || y >= HW_SIDE)
			return script_fail(sc, "stroke wants X,Y points in"
					   " 0..999, got", arg);
		p = end;
		fx = (pad->r.x + (x + 0.5f) * pad->r.w / HW_SIDE) /
		     (float)k->layout.width;
		fy = (pad->r.y + (y + 0.5f) * pad->r.h / HW_SIDE) /
		     (float)k->layout.height;
		push_finger(type, fx, fy);
		type = SDL_FINGERMOTION;
		n++;
	}
	if (!n)
		return script_fail(sc, "stroke wants X,Y points, got", arg);
	push_finger(SDL_FINGERUP, fx, fy);
	return 0;
}

static int cmd_scan(struct kiosk *k, const char *arg)
{
	struct brain_event ev = { .kind = EV_SCAN };

	snprintf(ev.u.scan.text, sizeof(ev.u.scan.text), "%s", arg);
	ev.u.scan.source = SOURCE_SCRIPT;
	if (k->trace)
		k->scan_us = kiosk_now_us();
	kiosk_feed(k, &ev);
	return 0;
}

/* FILE.json beside FILE.png: the screen as text, from the layout just
 * drawn (layout_json). */
static int write_screen_json(struct kiosk *k, const char *png)
{
	char path[PATH_MAX];
	size_t n = strlen(png);
	char *json;
	FILE *f;
	int rc = 0;

	if (n > 4 && !strcmp(png + n - 4, ".png"))
		n -= 4;
	if (snprintf(path, sizeof(path), "%.*s.json", (int)n, png) >=
	    (int)sizeof(path))
		return -1;
	json = layout_json(&k->layout, brain_screen_name(k->brain.screen));
	f = json ? fopen(path, "w") : NULL;
	if (!f || fputs(json, f) == EOF)
		rc = -1;
	if (f && fclose(f))
		rc = -1;
	free(json);
	return rc;
}

static int cmd_screenshot(struct kiosk *k, struct script *sc,
			  const char *arg)
{
	struct fair_err err = { "" };

	if (k->dirty)
		redraw(k);
	if (render_screenshot(k->render, &k->layout, k->in, arg, &err))
		return script_fail(sc, err.msg, arg);
	if (write_screen_json(k, arg))
		return script_fail(sc, "cannot write the screen's text beside",
				   arg);
	return 0;
}

static int cmd_wait(struct script *sc, const char *arg)
{
	char *end;
	long ms = strtol(arg, &end, 10);

	if (end == arg || *end || ms < 0 || ms > 3600000)
		return script_fail(sc, "wait wants milliseconds, got", arg);
	sc->resume_at = clock_mono_ms() + ms;
	return 0;
}

/* Runs one script command. */
static int script_run_line(struct kiosk *k, struct script *sc, char *line)
{
	char *arg;

	line[strcspn(line, "\r\n")] = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#')
		return 0;
	arg = line + strcspn(line, " \t");
	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ' || *arg == '\t')
		arg++;
	if (!strcmp(line, "scan"))
		return cmd_scan(k, arg);
	if (!strcmp(line, "tap"))
		return cmd_tap(k, sc, arg);
	if (!strcmp(line, "where"))
		return cmd_where(k, sc, arg);
	if (!strcmp(line, "stroke"))
		return cmd_stroke(k, sc, arg);
	if (!strcmp(line, "press"))
		return cmd_press(k, sc, arg);
	if (!strcmp(line, "text")) {
		push_text(arg);
		return 0;
	}
	if (!strcmp(line, "key"))
		return push_key(arg) ? script_fail(sc, "unknown key", arg) : 0;
	if (!strcmp(line, "wedge"))
		return push_wedge(arg) ? script_fail(sc, "cannot type", arg) : 0;
	if (!strcmp(line, "wait"))
		return cmd_wait(sc, arg);
	if (!strcmp(line, "screenshot"))
		return cmd_screenshot(k, sc, arg);
	if (!strcmp(line, "quit")) {
		/* Scans the script fed are answered first, as a person at
		 * the kiosk would see them, then the kiosk quits. */
		sc->quit_by = clock_mono_ms() + SCRIPT_QUIT_DRAIN_MS;
		sc->done = true;
		return 0;
	}
	return script_fail(sc, "unknown command", line);
}

/* True once a script's `quit` may take effect: nothing in flight or
 * queued, or the drain took too long. */
static bool script_quit_due(const struct kiosk *k, const struct script *sc)
{
	if (!sc->quit_by)
		return false;
	return (!k->brain.pending && k->brain.q_len == 0) ||
	       clock_mono_ms() >= sc->quit_by;
}

static bool script_ready(const struct script *sc)
{
	return sc->f && !sc->done && clock_mono_ms() >= sc->resume_at;
}

static void script_step(struct kiosk *k, struct script *sc)
{
	char line[SCRIPT_LINE_MAX];

	if (!fgets(line, sizeof(line), sc->f)) {
		sc->done = true;
		return;
	}
	sc->line_no++;
	/* A script's next line comes faster than a person's next action:
	 * what it typed goes into the field first (a burst stays dropped). */
	hold_release(k, (int64_t)SDL_GetTicks(), true);
	script_run_line(k, sc, line);
}

/* ---- the loop ------------------------------------------------------- */

/* How long to sleep: until the brain's timer, the script's next line or
 * a periodic refresh of a screen that shows time passing. */
static int wait_ms(struct kiosk *k, const struct script *sc)
{
	int64_t now = clock_mono_ms(), next = brain_wake_at(&k->brain);
	enum brain_screen s = k->brain.screen;

	if (next <= now)
		next = now + 1000; /* a timer the brain did not act on */
	if (sc->f && !sc->done)
		next = sc->resume_at < next ? sc->resume_at : next;
	if (sc->quit_by)
		next = now + 50 < next ? now + 50 : next;
	if ((s == SCREEN_PIN && k->brain.pin_locked_until) ||
	    s == SCREEN_CLOCK_WARN || s == SCREEN_STAFF_CLOCK)
		next = now + 1000 < next ? now + 1000 : next;
	if (k->has_camera && s == SCREEN_IDLE)
		next = now + 100 < next ? now + 100 : next;
	if (s == SCREEN_IDLE) { /* the header's clock turns the minute */
		int64_t turn = now + 60000 - kiosk_wall_ms(k) % 60000 + 5;

		next = turn < next ? turn : next;
	}
	if (texthold_deadline(&k->hold) != INT64_MAX) {
		int64_t held = now + texthold_deadline(&k->hold) -
			       (int64_t)SDL_GetTicks(); /* SDL's clock */

		next = held < next ? held : next;
	}
	if (next - now > 60000)
		return 60000;
	return next > now ? (int)(next - now) : 0;
}

static void tick(struct kiosk *k)
{
	enum brain_screen s = k->brain.screen;
	int64_t now = clock_mono_ms();

	if (now >= brain_wake_at(&k->brain)) {
		struct brain_event ev = { .kind = EV_TICK };

		kiosk_feed(k, &ev);
	}
	if ((s == SCREEN_PIN && k->brain.pin_locked_until) ||
	    s == SCREEN_CLOCK_WARN || s == SCREEN_STAFF_CLOCK ||
	    (k->has_camera && s == SCREEN_IDLE))
		k->dirty = true; /* countdown, clock or camera preview */
	if (s == SCREEN_IDLE && kiosk_wall_ms(k) / 60000 != k->shown_minute) {
		k->shown_minute = kiosk_wall_ms(k) / 60000;
		k->dirty = true; /* the idle header's time */
	}
}

static int script_open(struct kiosk *k, struct script *sc)
{
	memset(sc, 0, sizeof(*sc));
	if (!k->script)
		return 0;
	sc->name = k->script;
	sc->f = fopen(k->script, "r");
	if (!sc->f) {
		fprintf(stderr, "fairkiosk: cannot open script '%s': %s\n",
			k->script, strerror(errno));
		return -1;
	}
	return 0;
}

int events_run(struct kiosk *k)
{
	struct script sc;
	SDL_Event e;

	if (script_open(k, &sc))
		return 1;
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	SDL_StartTextInput();
	redraw(k);
	watchdog_init(&k->wd, clock_mono_ms());
	watchdog_ready(&k->wd);
	while (!k->quit) {
		int ms = script_ready(&sc) ? 0 : wait_ms(k, &sc);

		ms = watchdog_wait_ms(&k->wd, clock_mono_ms(), ms);
		ms = ms > 1000 ? 1000 : ms; /* the file is checked each second */

		if (SDL_WaitEventTimeout(&e, ms)) {
			on_sdl_event(k, &e);
			while (!k->quit && SDL_PollEvent(&e))
				on_sdl_event(k, &e);
		}
		hold_release(k, (int64_t)SDL_GetTicks(), false);
		drain_inputs(k);
		if (script_ready(&sc))
			script_step(k, &sc);
		if (sc.failed || script_quit_due(k, &sc))
			k->quit = true; /* a broken script must not hang */
		tick(k);
		if (host_store_watch(k, false))
			k->dirty = true;
		if (k->dirty && !k->quit)
			redraw(k);
		watchdog_kick(&k->wd, clock_mono_ms());
	}
	if (sc.f)
		fclose(sc.f);
	return sc.failed ? 1 : 0;
}
