/* view.c: the screen as the brain has it: the layout built at the
 * window's size from the brain's state and the kiosk's notices, drawn by
 * render.c (kiosk.h). No SDL here; no event goes back to the brain. */
#include <stdio.h>

#include "kiosk.h"

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

void view_relayout(struct kiosk *k)
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

/* A result whose tone just played is said aloud once its frame is on
 * screen, from the words of that frame: the voice's thread does the
 * work, so the frame never waits for it. English has no voice: the tone
 * alone. */
static void speak_result(struct kiosk *k)
{
	const struct brain *b = &k->brain;
	char text[VOICE_TEXT_MAX];

	if (!k->voice_due || b->pending)
		return;
	k->voice_due = false;
	if (b->screen != SCREEN_RESULT)
		return;
	if (b->lang != LANG_JA) {
		if (!k->voice_en_told)
			fprintf(stderr, "fairkiosk: voice: no English voice; "
				"English results have the tone alone\n");
		k->voice_en_told = true;
		voice_say(k->voice, "");
		return;
	}
	if (voice_text(&k->layout, k->voice_name, k->voice_reading, text,
		       sizeof(text))) {
		if (k->trace)
			fprintf(stderr, "trace voice-asked-us %lld\n",
				(long long)kiosk_now_us());
		voice_say(k->voice, text);
	}
}

void view_redraw(struct kiosk *k)
{
	int64_t start = k->trace ? kiosk_now_us() : 0;

	view_relayout(k);
	render_frame(k->render, &k->layout, k->in);
	k->dirty = false;
	trace_frame(k, start);
	speak_result(k);
}
