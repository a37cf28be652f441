/* dispatch.c: the kiosk's dispatcher. kiosk_feed() steps the brain with
 * one event and carries out the actions it asks for (dispatch.h): PLAY,
 * PRINT and SET_LANG touch the screen side, the rest the store (host.c).
 * An action's reply is queued and fed back in order until none is left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispatch.h"

/* Carries out one action. Returns true with *reply to feed back. */
static bool run_action(struct kiosk *k, const struct brain_action *a,
		       struct brain_event *reply)
{
	struct fair_err err = { "" };
	char png[] = "/tmp/fairkiosk-badge-XXXXXX.png";
	int fd, rc, job = 0;

	if (a->kind == ACT_PLAY) {
		render_play(k->render, a->u.sound);
		k->voice_due = k->voice != NULL;
		return false;
	}
	if (a->kind != ACT_PRINT)
		return host_run(k, a, reply);
	fd = mkstemps(png, 4);
	rc = fd < 0 ? fair_fail(&err, FAIR_EIO, "no temporary file") : 0;
	if (fd >= 0)
		close(fd);
	if (!rc)
		rc = render_badge_png(k->render, a->u.print.token,
				      a->u.print.name, k->cfg.label, png, &err);
	if (!rc)
		rc = print_badge(k->cfg.printer, png, k->cfg.label, &job,
				 &err);
	if (!rc)
		printwatch_add(k->pw, k->cfg.printer, job);
	if (fd >= 0)
		unlink(png);
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_DONE;
	reply->u.result.action = ACT_PRINT;
	reply->u.result.ok = rc == 0;
	snprintf(reply->u.result.msg, sizeof(reply->u.result.msg), "%s%s%s",
		 str_get(rc ? STR_PRINT_FAILED : STR_PRINTED, k->brain.lang),
		 rc ? ": " : "", err.msg);
	if (rc)
		fprintf(stderr, "fairkiosk: printing failed: %s\n", err.msg);
	return true;
}

/* Actions after which the idle screen's count (and a door's seats left)
 * is read again from the store: the store, not the brain, knows whether
 * a check-in was a new person or a re-entry. */
/* A walk-in's registration is its arrival at the entrance (stats.h). */
static bool changes_count(enum brain_action_kind kind)
{
	return kind == ACT_SET_PLACE || kind == ACT_CHECKIN ||
	       kind == ACT_REGISTER ||
	       kind == ACT_MANUAL || kind == ACT_VOID || kind == ACT_UNVOID;
}

/* The free slot after the queue's len events from *head: the queue moves
 * to the front when it reaches the end, and doubles when it is full. A
 * full queue used to drop the reply (a check-in's outcome never shown);
 * now it grows, and says so on stderr. NULL only out of memory (said). */
static struct brain_event *queue_tail(struct kiosk *k, int *head, int len)
{
	struct brain_event *q;
	int cap;

	if (*head + len < k->evq_cap)
		return &k->evq[*head + len];
	if (*head > 0) {
		memmove(k->evq, k->evq + *head, (size_t)len * sizeof(*q));
		*head = 0;
		return &k->evq[len];
	}
	cap = k->evq_cap ? k->evq_cap * 2 : DISPATCH_QUEUE_START;
	q = realloc(k->evq, (size_t)cap * sizeof(*q));
	if (!q) {
		fprintf(stderr, "fairkiosk: the reply queue is full at %d and"
			" out of memory: an action's reply is lost\n",
			k->evq_cap);
		return NULL;
	}
	if (k->evq_cap)
		fprintf(stderr, "fairkiosk: the reply queue was full at %d;"
			" grown to %d\n", k->evq_cap, cap);
	k->evq = q;
	k->evq_cap = cap;
	return &k->evq[len];
}

void kiosk_feed(struct kiosk *k, const struct brain_event *ev)
{
	int head = 0, len = 0;
	struct brain_actions out;
	struct brain before = k->brain;
	struct brain_event spare, *slot = queue_tail(k, &head, len);

	if (!slot)
		return;
	*slot = *ev;
	len = 1;
	while (len > 0) {
		struct brain_event cur = k->evq[head];

		head++;
		len--;
		brain_step(&k->brain, &cur, clock_mono_ms(), &out);
		for (int i = 0; i < out.n; i++) {
			slot = queue_tail(k, &head, len);
			/* out of memory the action still runs, its reply
			 * lost (said on stderr) */
			if (run_action(k, &out.a[i], slot ? slot : &spare) &&
			    slot)
				len++;
			if (!changes_count(out.a[i].kind))
				continue;
			slot = queue_tail(k, &head, len);
			if (slot) {
				host_count_event(k, slot);
				len++;
			}
			livesync_poke(k->sync);
		}
	}
	if (memcmp(&before, &k->brain, sizeof(before)))
		k->dirty = true;
}

void kiosk_feed_key(struct kiosk *k, enum brain_key key)
{
	struct brain_event ev = { .kind = EV_NAMED_KEY };

	ev.u.key = key;
	kiosk_feed(k, &ev);
}

void kiosk_feed_text(struct kiosk *k, const char *text)
{
	struct brain_event ev = { .kind = EV_KEY_TEXT };

	snprintf(ev.u.text, sizeof(ev.u.text), "%s", text);
	kiosk_feed(k, &ev);
}

void kiosk_release_typing(struct kiosk *k, int64_t now_ms, bool force)
{
	struct texthold_item out[TEXTHOLD_ITEMS];
	int n = texthold_settle(&k->hold, now_ms, force, out);

	for (int i = 0; i < n; i++) {
		if (out[i].kind == TEXTHOLD_ENTER)
			kiosk_feed_key(k, BRAIN_KEY_ENTER);
		else if (out[i].kind == TEXTHOLD_BACKSPACE)
			kiosk_feed_key(k, BRAIN_KEY_BACKSPACE);
		else
			kiosk_feed_text(k, out[i].text);
	}
}

void kiosk_dispatch_free(struct kiosk *k)
{
	free(k->evq);
	k->evq = NULL;
	k->evq_cap = 0;
}
