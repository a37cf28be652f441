/* script.c: the --script player (script.h). Taps, keys, text and a
 * wedge scanner's typing are pushed as SDL events, so they take the same
 * path through the event loop as a finger or a keyboard; scans go straight
 * to kiosk_feed(); screenshots draw through view.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "dispatch.h"
#include "script.h"

/* How long `quit` waits for scans still queued behind a result. */
#define SCRIPT_QUIT_DRAIN_MS 30000

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

	view_relayout(k);
	w = layout_find(&k->layout, arg);
	if (!w)
		return script_fail(sc, "nothing to press labelled", arg);
	push_tap((w->r.x + w->r.w / 2.0f) / (float)k->layout.width,
		 (w->r.y + w->r.h / 2.0f) / (float)k->layout.height);
	return 0;
}

/* where LABEL: prints where the widget labelled LABEL is now, as screen
 * fractions of its middle ("where LABEL FX FY" on stderr), for tests that
 * touch the screen from outside (tests/vm/). */
static int cmd_where(struct kiosk *k, struct script *sc, const char *arg)
{
	const struct widget *w;

	view_relayout(k);
	w = layout_find(&k->layout, arg);
	if (!w)
		return script_fail(sc, "nothing labelled", arg);
	fprintf(stderr, "where %s %.4f %.4f\n", arg,
		(w->r.x + w->r.w / 2.0) / k->layout.width,
		(w->r.y + w->r.h / 2.0) / k->layout.height);
	return 0;
}

/* stroke X,Y X,Y ...: one stroke on the handwriting pad, points in pad
 * units (0..999), pushed as a finger's down, moves and up. */
static int cmd_stroke(struct kiosk *k, struct script *sc, const char *arg)
{
	const struct widget *pad;
	const char *p = arg;
	Uint32 type = SDL_FINGERDOWN;
	float fx = 0, fy = 0;
	int n = 0;

	view_relayout(k);
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
		view_redraw(k);
	if (render_screenshot(k->render, &k->layout, k->in, arg, &err))
		return script_fail(sc, err.msg, arg);
	if (write_screen_json(k, arg))
		return script_fail(sc, "cannot write the screen's text beside",
				   arg);
	return 0;
}

/* voice-save FILE.wav: the last result said aloud, as synthesised (tests
 * check it is speech; wait for it first). */
static int cmd_voice_save(struct kiosk *k, struct script *sc,
			  const char *arg)
{
	struct fair_err err = { "" };

	if (voice_save(k->voice, arg, &err))
		return script_fail(sc, err.msg, arg);
	return 0;
}

static int cmd_wait(struct script *sc, const char *arg)
{
	char *end;
	long ms = strtol(arg, &end, 10);

	if (end == arg || *end || ms < 0 || ms > 60 * 60 * 1000)
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
	if (!strcmp(line, "voice-save"))
		return cmd_voice_save(k, sc, arg);
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
bool script_quit_due(const struct kiosk *k, const struct script *sc)
{
	if (!sc->quit_by)
		return false;
	return (!k->brain.pending && k->brain.q_len == 0) ||
	       clock_mono_ms() >= sc->quit_by;
}

bool script_ready(const struct script *sc)
{
	return sc->f && !sc->done && clock_mono_ms() >= sc->resume_at;
}

void script_step(struct kiosk *k, struct script *sc)
{
	char line[SCRIPT_LINE_MAX];

	if (!fgets(line, sizeof(line), sc->f)) {
		sc->done = true;
		return;
	}
	sc->line_no++;
	/* A script's next line comes faster than a person's next action:
	 * what it typed goes into the field first (a burst stays dropped). */
	kiosk_release_typing(k, (int64_t)SDL_GetTicks(), true);
	script_run_line(k, sc, line);
}

int script_open(struct kiosk *k, struct script *sc)
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

void script_close(struct script *sc)
{
	if (sc->f)
		fclose(sc->f);
	sc->f = NULL;
}
