/* events.c: the event loop, with render.c the files that touch SDL (and
 * script.c, which pushes SDL events). SDL events (taps, keys, window), the
 * inputs' scan queue and the --script player (script.c) all become brain
 * events through kiosk_feed() (dispatch.c). Script taps and keys are
 * pushed as SDL events, so they take the same path as a finger.
 * The loop sleeps in SDL_WaitEventTimeout until an event, a scan (the
 * inputs push a wake event) or the brain's next timer: idle CPU ~0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "dispatch.h"
#include "keymap.h"
#include "kiosk.h"
#include "script.h"

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

/* ---- input mapping -------------------------------------------------- */

static void feed_button(struct kiosk *k, enum brain_button id, int arg)
{
	struct brain_event ev = { .kind = EV_BUTTON };

	ev.u.button.id = id;
	ev.u.button.arg = arg;
	kiosk_feed(k, &ev);
}

/* Typing meant for a text field, held so that a scanner's burst (which
 * keyscan turns into a scan) never lands in it: see texthold.h. */
static void hold_input(struct kiosk *k, enum texthold_kind kind,
		       const char *text, Uint32 timestamp)
{
	kiosk_release_typing(k, (int64_t)timestamp, false);
	texthold_push(&k->hold, kind, text, (int64_t)timestamp);
}

/* A tap at pixel (x, y) on what is drawn. */
static void tap(struct kiosk *k, int x, int y)
{
	const struct widget *w;

	kiosk_release_typing(k, (int64_t)SDL_GetTicks(), true);
	if (k->dirty)
		view_relayout(k); /* hit what the brain shows now */
	w = layout_hit(&k->layout, x, y);
	if (!w)
		return;
	if (w->button == BTN_KEY)
		kiosk_feed_text(k, w->text);
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
			view_relayout(k);
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
		kiosk_feed_key(k, BRAIN_KEY_ESCAPE);
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
			kiosk_feed_key(k, BRAIN_KEY_CLOSE);
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

/* ---- the loop ------------------------------------------------------- */

/* How long to sleep: until the brain's timer, the script's next line or
 * a periodic refresh of a screen that shows time passing. */
static int wait_ms(struct kiosk *k, const struct script *sc)
{
	int64_t now = clock_mono_ms(), next = brain_wake_at(&k->brain);
	int refresh = brain_refresh_ms(&k->brain, k->has_camera);

	if (next <= now)
		next = now + 1000; /* a timer the brain did not act on */
	if (sc->f && !sc->done)
		next = sc->resume_at < next ? sc->resume_at : next;
	if (sc->quit_by)
		next = now + 50 < next ? now + 50 : next;
	if (refresh >= BRAIN_REFRESH_MINUTE_MS) { /* the minute turns */
		int64_t turn = now + refresh - kiosk_wall_ms(k) % refresh + 5;

		next = turn < next ? turn : next;
	} else if (refresh > 0) {
		next = now + refresh < next ? now + refresh : next;
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
	int refresh = brain_refresh_ms(&k->brain, k->has_camera);
	int64_t now = clock_mono_ms();

	if (now >= brain_wake_at(&k->brain)) {
		struct brain_event ev = { .kind = EV_TICK };

		kiosk_feed(k, &ev);
	}
	if (refresh > 0 && refresh < BRAIN_REFRESH_MINUTE_MS) {
		k->dirty = true; /* countdown, clock or camera preview */
	} else if (refresh > 0 &&
		   kiosk_wall_ms(k) / refresh != k->shown_minute) {
		k->shown_minute = kiosk_wall_ms(k) / refresh;
		k->dirty = true; /* the idle header's time */
	}
}

/* The voice's samples, once synthesised, after the result's tone. */
static void speak(struct kiosk *k)
{
	void *pcm;
	uint32_t len;

	if (!voice_take(k->voice, &pcm, &len))
		return;
	render_speak(k->render, pcm, len);
	free(pcm);
}

int events_run(struct kiosk *k)
{
	struct script sc;
	SDL_Event e;

	if (script_open(k, &sc))
		return 1;
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	SDL_StartTextInput();
	view_redraw(k);
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
		kiosk_release_typing(k, (int64_t)SDL_GetTicks(), false);
		drain_inputs(k);
		if (script_ready(&sc))
			script_step(k, &sc);
		if (sc.failed || script_quit_due(k, &sc))
			k->quit = true; /* a broken script must not hang */
		tick(k);
		speak(k);
		if (host_store_watch(k, false))
			k->dirty = true;
		if (k->dirty && !k->quit)
			view_redraw(k);
		watchdog_kick(&k->wd, clock_mono_ms());
	}
	script_close(&sc);
	return sc.failed ? 1 : 0;
}
