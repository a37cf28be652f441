/* host.c: runs the brain's actions against the store and writes the
 * outcome log. No SDL here: the brain decides, this file does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "fair/caltime.h"
#include "fair/consent.h"
#include "fair/internship.h"
#include "fair/kioskdb.h"
#include "fair/stats.h"
#include "fair/tourdata.h"
#include "fair/tourdays.h"
#include "fair/tours.h"
#include "fair/jtext.h"
#include "host_rollcall.h"
#include "kiosk.h"
#include "usb.h"


int64_t kiosk_wall_ms(const struct kiosk *k)
{
	return clock_wall_ms() + k->clock_offset_ms;
}

/* ---- clock correction ---------------------------------------------- */

static void clock_path(const struct kiosk *k, char *out, size_t cap)
{
	snprintf(out, cap, "%s.clock", k->cfg.db);
}

int host_clock_load(struct kiosk *k)
{
	char path[PATH_MAX + 8], boot[40], saved[40] = "";
	long long offset;
	FILE *f;
	int n;

	clock_path(k, path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fscanf(f, "%39s %lld", saved, &offset);
	fclose(f);
	boot_id_read(boot);
	if (n != 2 || strcmp(saved, boot) != 0)
		return -1;
	k->clock_offset_ms = offset;
	return 0;
}

/* Written to a temporary file then renamed, so a crash never leaves half
 * a line that would shift the clock. */
void host_clock_save(struct kiosk *k)
{
	char path[PATH_MAX + 8], tmp[PATH_MAX + 16], boot[40];
	FILE *f;

	clock_path(k, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	boot_id_read(boot);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%s %lld\n", boot, (long long)k->clock_offset_ms);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fclose(f);
		unlink(tmp);
		return;
	}
	fclose(f);
	if (rename(tmp, path) != 0)
		unlink(tmp);
}

/* ---- the kiosk's file ---------------------------------------------- */

/* The reason a file or its folder cannot be written, or NULL. */
static const char *not_writable(const char *path, char *buf, size_t cap)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (access(path, W_OK) != 0) {
		snprintf(buf, cap, "'%.400s' is read-only (%s)", path,
			 strerror(errno));
		return buf;
	}
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s",
			 (int)(slash == path ? 1 : slash - path), path);
	if (access(dir, W_OK) != 0) {
		snprintf(buf, cap, "its folder '%.400s' is read-only (%s)",
			 dir, strerror(errno));
		return buf;
	}
	return NULL;
}

int host_store_open(struct kiosk *k, struct fair_err *err)
{
	struct fair_err e = { "" };
	char why[600];

	k->store_notice[0] = '\0';
	k->store_readonly = false;
	if (access(k->cfg.db, F_OK) == 0 &&
	    not_writable(k->cfg.db, why, sizeof(why))) {
		k->st = store_open(k->cfg.db, STORE_READONLY, err);
		if (!k->st)
			return -1;
		k->store_readonly = true;
		snprintf(k->store_notice, sizeof(k->store_notice), "%s: %s",
			 str_get(STR_STORE_READONLY, LANG_JA), why);
		fprintf(stderr, "fairkiosk: %s: check-ins are refused until "
			"it can be written\n", why);
		return 0;
	}
	k->st = store_open(k->cfg.db, STORE_WATCH, &e);
	if (!k->st) /* the refusal names the file */
		return fair_fail(err, -1, "'%s': %s", k->cfg.db, e.msg);
	return 0;
}

bool host_store_watch(struct kiosk *k, bool force)
{
	struct fair_err err = { "" };
	char before[sizeof(k->store_notice)];
	int64_t now = clock_mono_ms();

	if (k->store_readonly || !k->st ||
	    (!force && now - k->store_checked_ms < 500))
		return false;
	k->store_checked_ms = now;
	memcpy(before, k->store_notice, sizeof(before));
	if (store_check_file(k->st, &err))
		snprintf(k->store_notice, sizeof(k->store_notice), "%s: %s",
			 str_get(STR_STORE_LOST, k->brain.lang), err.msg);
	else
		k->store_notice[0] = '\0';
	if (!strcmp(before, k->store_notice))
		return false;
	if (k->store_notice[0])
		fprintf(stderr, "fairkiosk: %s: no check-in is stored until "
			"it is back or the kiosk is restarted\n", err.msg);
	else
		fprintf(stderr, "fairkiosk: '%s' is back: check-ins are "
			"stored again\n", k->cfg.db);
	if (!k->store_notice[0])
		k->write_error[0] = '\0'; /* the file is back */
	return true;
}

/* ---- staff PIN lock-out -------------------------------------------- */

/* Kept in the kiosk's own database, in a table of its own that merge
 * ignores, as "failures boot_id until_mono_ms until_wall_ms": within the
 * same boot the monotonic clock says how much lock is left, after a reboot
 * the wall clock does (capped at the longest lock-out). */
void host_pin_load(struct kiosk *k, struct brain_config *bc)
{
	char boot[40], saved[40] = "";
	long long mono = 0, wall = 0, left;
	char v[128];
	int failures = 0;

	if (kioskdb_state_get(k->st, "pin", v, sizeof(v)))
		return; /* never locked */
	if (sscanf(v, "%d %39s %lld %lld", &failures, saved, &mono,
		   &wall) != 4)
		failures = 0;
	boot_id_read(boot);
	left = !strcmp(saved, boot) ? mono - clock_mono_ms()
				    : wall - kiosk_wall_ms(k);
	if (left > BRAIN_PIN_MAX_DELAY_MS)
		left = BRAIN_PIN_MAX_DELAY_MS;
	bc->pin_failures = failures > 0 && failures < 1000000 ? failures : 0;
	bc->pin_lock_ms = left > 0 ? left : 0;
	if (bc->pin_lock_ms)
		fprintf(stderr, "fairkiosk: staff PIN entry locked for %lld s "
			"more after %d wrong PINs\n", (left + 999) / 1000,
			bc->pin_failures);
}

static void pin_save(struct kiosk *k, const struct brain_action *a)
{
	char boot[40], v[128];
	struct fair_err err = { "" };

	if (a->u.pin.lock_ms)
		fprintf(stderr, "fairkiosk: wrong staff PIN (%d in a row); PIN "
			"entry locked for %lld s\n", a->u.pin.failures,
			(long long)(a->u.pin.lock_ms + 999) / 1000);
	else if (a->u.pin.failures)
		fprintf(stderr, "fairkiosk: wrong staff PIN (%d in a row)\n",
			a->u.pin.failures);
	if (k->store_readonly || store_check_file(k->st, NULL))
		return; /* a file that went away keeps nothing */
	boot_id_read(boot);
	snprintf(v, sizeof(v), "%d %s %lld %lld", a->u.pin.failures, boot,
		 (long long)(clock_mono_ms() + a->u.pin.lock_ms),
		 (long long)(kiosk_wall_ms(k) + a->u.pin.lock_ms));
	if (kioskdb_state_set(k->st, "pin", v, &err))
		fprintf(stderr, "fairkiosk: cannot keep the PIN lock-out: "
			"%s\n", err.msg);
}

/* ---- outcome log ---------------------------------------------------- */

static void iso_time(char out[32], int64_t wall_ms)
{
	cal_format_iso_utc(wall_ms, out);
}

/* One JSON line per scan on the log (stdout): what a supervisor's script
 * or a test reads. */
static void log_outcome(struct kiosk *k, const struct brain_event *done,
			const struct attendee *a, enum input_source src,
			int64_t wall)
{
	const struct checkin_result *r = &done->u.done.res;
	char t[32];

	if (!k->log)
		return;
	iso_time(t, wall);
	fprintf(k->log, "{\"time\":\"%s\",\"kiosk\":", t);
	jtext_json_put(k->log, k->cfg.name);
	fprintf(k->log, ",\"place\":");
	jtext_json_put(k->log, k->ctx.place.ext_id);
	fprintf(k->log, ",\"outcome\":\"%s\",\"source\":\"%s\"",
		outcome_key(r->outcome), input_source_name(src));
	if (a) {
		fprintf(k->log, ",\"attendee\":");
		jtext_json_put(k->log, a->ext_id);
		fprintf(k->log, ",\"attendee_id\":%u", a->id);
	}
	if (done->u.done.stamps_need)
		fprintf(k->log, ",\"stamps\":%d,\"stamps_need\":%d",
			done->u.done.stamps, done->u.done.stamps_need);
	fprintf(k->log, "}\n");
	fflush(k->log);
}

/* ---- check-ins ------------------------------------------------------ */

/* The stamp rally: a scan at the entrance (or its exit) shows the
 * student's stamps so far, or 達成 once there are enough. Booths are other
 * kiosks: with a live link the server's count (every kiosk's scans, at
 * most RALLY_MS old) is taken when it is higher than this file's. */
static void rally_progress(struct kiosk *k, struct brain_event *reply)
{
	const struct checkin_result *r = &reply->u.done.res;
	struct rally rl;
	int central;

	if (k->ctx.place.kind != PLACE_ENTRANCE || !r->token_parsed ||
	    (r->outcome != OUTCOME_ACCEPTED &&
	     r->outcome != OUTCOME_ALREADY) || rally_get(k->st, &rl) ||
	    !rl.booths)
		return;
	reply->u.done.stamps = rally_stamps(k->st, &rl, r->token.attendee_id);
	central = livesync_stamps(k->sync, r->token.attendee_id);
	if (central > reply->u.done.stamps)
		reply->u.done.stamps = central;
	reply->u.done.stamps_need = rl.booths;
}

static void finish_checkin(struct kiosk *k, enum input_source src,
			   int64_t wall, struct brain_event *reply)
{
	static struct attendee a;
	struct checkin_result *r = &reply->u.done.res;
	bool known = false;

	rally_progress(k, reply);
	if (r->outcome == OUTCOME_NOT_STORED) {
		host_store_watch(k, true);
		if (k->store_notice[0]) /* the reason staff must act on */
			snprintf(r->err.msg, sizeof(r->err.msg), "%.500s",
				 k->store_notice);
		fprintf(stderr, "fairkiosk: check-in not stored: %s\n",
			r->err.msg);
		snprintf(k->write_error, sizeof(k->write_error), "%s: %.250s",
			 str_get(STR_OUT_NOT_STORED, k->brain.lang),
			 r->err.msg);
	} else if (r->outcome == OUTCOME_ACCEPTED) {
		k->write_error[0] = '\0';
	}

	/* a forged or foreign badge names nobody we may trust */
	if (r->token_parsed && r->outcome != OUTCOME_MALFORMED &&
	    r->outcome != OUTCOME_FORGED && r->outcome != OUTCOME_OTHER_EVENT) {
		uint32_t id = r->token_parsed ? r->token.attendee_id
					      : r->fact.attendee_id;

		known = store_attendee_get(k->st, id, &a) == 0;
	}
	if (known)
		snprintf(reply->u.done.name, sizeof(reply->u.done.name), "%s",
			 a.name);
	/* the voice reads the name as the roster spells it in kana */
	snprintf(k->voice_name, sizeof(k->voice_name), "%s",
		 known ? a.name : "");
	snprintf(k->voice_reading, sizeof(k->voice_reading), "%s",
		 known ? a.kana : "");
	log_outcome(k, reply, known ? &a : NULL, src, wall);
}

static void run_checkin(struct kiosk *k, const struct brain_action *act,
			struct brain_event *reply)
{
	int64_t wall = kiosk_wall_ms(k);
	const char *text = act->u.checkin.text;

	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_CHECKIN_DONE;
	checkin_ctx_follow_day(&k->ctx, wall);  /* tours: today's host day */
	checkin_process(&k->ctx, text, strlen(text), act->u.checkin.source,
			wall, clock_mono_ms(), &reply->u.done.res);
	finish_checkin(k, act->u.checkin.source, wall, reply);
}

static void run_manual(struct kiosk *k, uint32_t id,
		       struct brain_event *reply)
{
	int64_t wall = kiosk_wall_ms(k);

	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_CHECKIN_DONE;
	checkin_ctx_follow_day(&k->ctx, wall);
	checkin_manual(&k->ctx, id, wall, clock_mono_ms(),
		       &reply->u.done.res);
	reply->u.done.res.token.attendee_id = id;
	reply->u.done.res.token_parsed = true;
	finish_checkin(k, SOURCE_MANUAL, wall, reply);
}

/* ---- lists for staff screens ---------------------------------------- */

struct rows_ctx {
	struct kiosk *k;
	struct brain_row *rows;
	int n;
};

static void hhmm(struct kiosk *k, int64_t wall_ms, char out[8])
{
	cal_format_hhmm(wall_ms, k->ctx.event.utc_offset_min, out);
}

static void recent_row(const struct fact *f, void *p)
{
	struct rows_ctx *c = p;
	struct brain_row *r;
	struct attendee a;
	struct place pl;
	char t[8];

	if (c->n >= BRAIN_ROWS_MAX)
		return;
	r = &c->rows[c->n++];
	memset(r, 0, sizeof(*r));
	memcpy(r->uuid, f->uuid, FACT_UUID_BYTES);
	r->id = f->attendee_id;
	if (store_attendee_get(c->k->st, f->attendee_id, &a))
		snprintf(a.name, sizeof(a.name), "#%u", f->attendee_id);
	if (store_place_get(c->k->st, f->place_id, &pl))
		pl.name[0] = '\0';
	hhmm(c->k, f->wall_ms, t);
	snprintf(r->text, sizeof(r->text), "%s  %.60s  (%.60s)", t, a.name,
		 pl.name);
}

static void find_row(const struct attendee *a, void *p)
{
	struct rows_ctx *c = p;
	struct brain_row *r;

	if (c->n >= BRAIN_ROWS_MAX)
		return;
	r = &c->rows[c->n++];
	memset(r, 0, sizeof(*r));
	r->id = a->id;
	snprintf(r->text, sizeof(r->text), "%.50s  %.50s  %.50s", a->kana,
		 a->name, a->school);
}

/* Places with their kind in the staff's language, 「ミノ精工（ブース）」,
 * never the database's word for it. */
static void place_row(const char *ext, const char *name, const char *kind,
		      void *p)
{
	static const char *const kinds[] = {
		"booth", "session", "entrance", "visit"
	};
	static const enum str_id label[] = {
		STR_KIND_BOOTH, STR_KIND_SESSION, STR_KIND_ENTRANCE,
		STR_KIND_VISIT
	};
	struct rows_ctx *c = p;
	enum lang l = c->k->brain.lang;
	const char *word = kind;
	struct brain_row *r;

	if (c->n >= BRAIN_ROWS_MAX)
		return;
	r = &c->rows[c->n++];
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kind, kinds[i]))
			word = str_get(label[i], l);
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", ext);
	snprintf(r->text, sizeof(r->text), l == LANG_JA ? "%.100s（%.40s）"
		 : "%.100s (%.40s)", name, word);
}

static void names_open(struct kiosk *k);

#define SCHOOL_SPELLINGS KIOSKDB_SPELLINGS

/* Kanji spellings of a kana search (ギフ: 義父, 岐阜, ...), so a school
 * without a reading is still found by its name. Returns how many. */
static int school_spellings(struct kiosk *k, const char *q,
			    char out[SCHOOL_SPELLINGS][BRAIN_CAND_TEXT])
{
	int n = 0, segs;

	names_open(k);
	if (!k->kc || !q[0])
		return 0;
	segs = kanaconv_convert(k->kc, q, NULL);
	if (segs == 1) {
		for (int i = 0; i < kanaconv_candidates(k->kc, 0) &&
				n < SCHOOL_SPELLINGS; i++)
			if (!kanaconv_candidate(k->kc, 0, i, out[n],
						BRAIN_CAND_TEXT))
				n++;
	} else if (segs > 1 &&
		   !kanaconv_commit(k->kc, out[0], BRAIN_CAND_TEXT)) {
		n = 1; /* ギフダイガク: the likeliest whole spelling */
	}
	return n;
}

static void school_row(const char *name, void *p)
{
	struct rows_ctx *c = p;
	struct brain_row *r = &c->rows[c->n++];

	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", name);
	snprintf(r->text, sizeof(r->text), "%s", name);
}

/* The roster's schools (the schools table with its readings, and every
 * school an attendee names) matching the search by reading, by name, or
 * by a kanji spelling of the kana typed: ギフ finds 岐阜大学 by its
 * reading ギフダイガク, or without one through 岐阜. Schools whose reading
 * or name starts with the search come first. */
static void school_rows(struct rows_ctx *c, const char *q)
{
	char kana[BRAIN_FIELD_MAX];
	char spell[SCHOOL_SPELLINGS][BRAIN_CAND_TEXT];
	const char *sp[SCHOOL_SPELLINGS];
	int n = school_spellings(c->k, q, spell);

	snprintf(kana, sizeof(kana), "%s", q);
	jtext_kana(kana, sizeof(kana));
	for (int i = 0; i < n; i++)
		sp[i] = spell[i];
	kioskdb_schools(c->k->st, q, kana, sp, n, BRAIN_ROWS_MAX - c->n,
			school_row, c);
}

/* Today's figures at the current place (stats.h): the idle screen and
 * the staff menu show the same ones. */
static int place_today(struct kiosk *k, struct stats_place_day *d)
{
	int64_t since = event_day_start_ms(&k->ctx.event, kiosk_wall_ms(k));

	checkin_ctx_follow_day(&k->ctx, kiosk_wall_ms(k));
	return stats_place_day(k->st, &k->ctx.place, since, d);
}

void host_count_event(struct kiosk *k, struct brain_event *ev)
{
	struct stats_place_day d;
	int expected, arrived;

	memset(ev, 0, sizeof(*ev));
	ev->kind = EV_COUNT_TODAY;
	if (place_today(k, &d))
		return;
	ev->u.count.n = d.visitors;
	ev->u.count.capacity = d.capacity;
	ev->u.count.seats_left = d.seats_left;
	ev->u.count.full = d.full;
	ev->u.count.expected = d.expected;
	ev->u.count.unexpected = d.unexpected;
	/* the door of a 研修 session expects the whole tour (tourdays.h) */
	if (tourdays_is_training(k->st, k->ctx.place.id) &&
	    tourdays_counts(k->st, k->ctx.place.id, &expected, &arrived) == 0) {
		ev->u.count.expected = expected;
		ev->u.count.unexpected = 0;
	}
}

/* The event's '|'-separated tag labels under key into tags[]; none when
 * the setting is absent. */
static int tags_load(struct kiosk *k, const char *key,
		     char tags[BRAIN_TAGS_MAX][64])
{
	char buf[1024], *p = buf;
	int nt = 0;

	if (tours_setting_get(k->st, key, buf, sizeof(buf)))
		return 0;
	while (*p && nt < BRAIN_TAGS_MAX) {
		size_t n = strcspn(p, "|");

		if (n)
			snprintf(tags[nt++], 64, "%.*s", (int)n, p);
		p += n + (p[n] == '|');
	}
	return nt;
}

void host_tour_setup(struct kiosk *k, struct brain_config *bc)
{
	/* a tour's visit, or the door of its 研修 session: arrived out of
	 * expected */
	bc->visit = k->cfg.role == KIOSK_VISIT ||
		    (k->cfg.role == KIOSK_DOOR &&
		     tourdays_is_training(k->st, k->ctx.place.id));
	bc->feedback_exit = bc->visit && k->cfg.feedback;
	bc->feedback_entry = k->cfg.role == KIOSK_BOOTH && k->cfg.feedback;
	bc->ntags = tags_load(k, TOURS_KEY_FEEDBACK_TAGS, bc->tags);
	/* company staff at their booth note the visitors they talked to */
	bc->leads = k->cfg.role == KIOSK_BOOTH;
	bc->nlead_tags = tags_load(k, TOURS_KEY_LEAD_TAGS, bc->lead_tags);
	bc->no_sharing = !internship_may_share(internship_type(k->st));
	/* a student tells the booth's company to have their contact
	 * details; the booth keeps only the fact, never the details */
	bc->booth_consent = bc->leads && !bc->no_sharing &&
			    k->ctx.place.company_id != 0;
}

/* Joins the labels of the bits set in mask, '|'-separated, into out. */
static void tags_join(char *out, size_t cap, unsigned mask,
		      char tags[BRAIN_TAGS_MAX][64], int nt)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < nt; i++)
		if (mask & (1u << i)) {
			int n = snprintf(out + len, cap - len, "%s%s",
					 len ? "|" : "", tags[i]);

			if (n < 0 || (size_t)n >= cap - len) {
				out[len] = '\0';
				break;
			}
			len += (size_t)n;
		}
}

/* A student's feedback or staff's lead note as a fact of kind at the
 * place this kiosk serves (today's host day for a visit; a lead's booth is
 * the company the leads export hands it to), tags by their labels. */
static int store_answer(struct kiosk *k, enum fact_kind kind,
			const struct brain_answer *ans,
			char labels[BRAIN_TAGS_MAX][64], int nlabels,
			struct fair_err *err)
{
	struct fact f = { .kind = kind, .direction = 1,
			  .source = SOURCE_MANUAL };

	f.wall_ms = kiosk_wall_ms(k);
	f.mono_ms = clock_mono_ms();
	checkin_ctx_follow_day(&k->ctx, f.wall_ms);
	f.place_id = k->ctx.place.id;
	f.attendee_id = ans->attendee_id;
	f.rating = ans->rating;
	snprintf(f.kiosk, sizeof(f.kiosk), "%s", k->ctx.kiosk);
	snprintf(f.boot_id, sizeof(f.boot_id), "%s", k->ctx.boot_id);
	tags_join(f.tags, sizeof(f.tags), ans->tags, labels, nlabels);
	snprintf(f.note, sizeof(f.note), "%s", ans->note);
	return store_fact_append(k->st, &f, err);
}

static void run_feedback(struct kiosk *k, const struct brain_action *a)
{
	struct fair_err err = { "" };

	if (store_answer(k, FACT_FEEDBACK, &a->u.feedback,
			 k->brain.cfg.tags, k->brain.cfg.ntags, &err))
		fprintf(stderr, "fairkiosk: feedback not stored: %s\n",
			err.msg);
}

static void done_reply(struct brain_event *reply, int action, bool ok,
		       const char *msg, const char *detail);

static void run_lead(struct kiosk *k, const struct brain_action *a,
		     struct brain_event *reply)
{
	struct fair_err err = { "" };
	int rc;

	rc = store_answer(k, FACT_LEAD, &a->u.lead,
			  k->brain.cfg.lead_tags, k->brain.cfg.nlead_tags,
			  &err);
	done_reply(reply, ACT_LEAD, rc == 0,
		   str_get(rc ? STR_LEAD_FAILED : STR_LEAD_SAVED,
			   k->brain.lang), err.msg);
}

/* The student's tap on a booth's result: their consent to this booth's
 * company, durable before the screen says 連絡先を伝えました. */
static void run_consent(struct kiosk *k, const struct brain_action *a,
			struct brain_event *reply)
{
	struct fair_err err = { "" };
	int rc;

	rc = consent_company_record(k->st, a->u.consent.attendee_id,
				    k->ctx.place.company_id, true,
				    a->u.consent.version, k->ctx.kiosk,
				    kiosk_wall_ms(k), NULL, &err);
	if (rc)
		fprintf(stderr, "fairkiosk: consent not recorded: %s\n",
			err.msg);
	done_reply(reply, ACT_CONSENT, rc == 0,
		   str_get(rc ? STR_BOOTH_CONSENT_FAILED :
			   STR_BOOTH_CONSENT_OK, k->brain.lang), err.msg);
}

/* Staff withdraw a student's consent: to this booth's company, or to
 * every company (any kiosk), durable before the screen says so. */
static void run_withdraw(struct kiosk *k, const struct brain_action *a,
			 struct brain_event *reply)
{
	struct fair_err err = { "" };
	uint32_t company = k->ctx.place.company_id;
	int rc, n = 0;

	if (a->u.withdraw.all)
		rc = consent_withdraw_all(k->st, a->u.withdraw.attendee_id,
					  k->ctx.kiosk, kiosk_wall_ms(k), &n,
					  &err);
	else if (!company)
		rc = fair_fail(&err, FAIR_EINVAL, "place %s belongs to no "
			       "company", k->ctx.place.ext_id);
	else
		rc = consent_company_record(k->st, a->u.withdraw.attendee_id,
					    company, false, NULL,
					    k->ctx.kiosk, kiosk_wall_ms(k),
					    NULL, &err);
	if (rc)
		fprintf(stderr, "fairkiosk: withdrawal not recorded: %s\n",
			err.msg);
	done_reply(reply, ACT_WITHDRAW, rc == 0,
		   str_get(rc ? STR_WITHDRAW_FAILED : STR_WITHDRAW_DONE,
			   k->brain.lang), err.msg);
}

/* Tours: a visit kiosk's staff see today's expected, arrived and
 * unexpected counts, then each expected student not arrived yet, so they
 * can call the organizer. */
static void missing_row(const struct attendee *a, bool arrived, void *p)
{
	struct rows_ctx *c = p;
	struct brain_row *r;
	char line[512];

	if (arrived || c->n >= BRAIN_ROWS_MAX)
		return;
	r = &c->rows[c->n++];
	memset(r, 0, sizeof(*r));
	r->id = a->id;
	snprintf(line, sizeof(line), "%s: %s  %s",
		 str_get(STR_VISIT_MISSING, c->k->brain.lang), a->name,
		 a->school);
	jtext_copy(r->text, sizeof(r->text), line);
}

static void visit_rows(struct kiosk *k, struct rows_ctx *c,
		       const struct stats_place_day *d)
{
	enum lang l = k->brain.lang;
	struct brain_row *r;
	int expected, arrived;

	if (tourdays_is_training(k->st, k->ctx.place.id) &&
	    c->n < BRAIN_ROWS_MAX &&
	    tourdays_counts(k->st, k->ctx.place.id, &expected,
			    &arrived) == 0) {
		r = &c->rows[c->n++];
		memset(r, 0, sizeof(*r));
		snprintf(r->text, sizeof(r->text), "%s %d / %s %d",
			 str_get(STR_VISIT_ARRIVED, l), arrived,
			 str_get(STR_VISIT_EXPECTED, l), expected);
		tourdays_expected(k->st, k->ctx.place.id, missing_row, c);
		return;
	}
	if (k->ctx.place.kind != PLACE_VISIT || c->n >= BRAIN_ROWS_MAX)
		return;
	r = &c->rows[c->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->text, sizeof(r->text), "%s %d / %s %d  (%s %d)",
		 str_get(STR_VISIT_ARRIVED, l), d->visitors,
		 str_get(STR_VISIT_EXPECTED, l), d->expected,
		 str_get(STR_VISIT_UNEXPECTED, l), d->unexpected);
	visit_expected(k->st, k->ctx.place.id, missing_row, c);
}

static void count_rows(struct kiosk *k, struct rows_ctx *c)
{
	int64_t since = event_day_start_ms(&k->ctx.event, kiosk_wall_ms(k));
	enum lang l = k->brain.lang;
	struct stats_place_day d;
	long v[3];
	static const enum str_id label[3] = {
		STR_COUNT_PLACE, STR_COUNT_KIOSK, STR_COUNT_REG
	};

	if (place_today(k, &d))
		memset(&d, 0, sizeof(d)); /* the rows below say -1 */
	v[0] = d.visitors;
	v[1] = stats_kiosk_records(k->st, k->cfg.name, since);
	v[2] = stats_walkins(k->st, k->cfg.name, since);
	for (int i = 0; i < 3; i++) {
		struct brain_row *r = &c->rows[c->n++];

		memset(r, 0, sizeof(*r));
		snprintf(r->text, sizeof(r->text), "%s: %ld",
			 str_get(label[i], l), v[i]);
	}
	visit_rows(k, c, &d);
}

static void run_load(struct kiosk *k, const struct brain_action *a,
		     struct brain_event *reply)
{
	static struct brain_row rows[BRAIN_ROWS_MAX];
	struct rows_ctx c = { k, rows, 0 };
	const char *q = a->u.load.query;

	switch (a->u.load.list) {
	case LIST_RECENT:
		store_recent_checkins(k->st, BRAIN_ROWS_MAX, recent_row, &c);
		break;
	case LIST_FIND:
		store_attendee_search(k->st, q, BRAIN_ROWS_MAX, find_row, &c);
		break;
	case LIST_PLACES:
		kioskdb_places(k->st, place_row, &c);
		break;
	case LIST_SCHOOLS:
		school_rows(&c, q);
		break;
	case LIST_COUNTS:
		count_rows(k, &c);
		break;
	default:
		break;
	}
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_ROWS;
	reply->u.rows.list = a->u.load.list;
	reply->u.rows.rows = rows;
	reply->u.rows.n = c.n;
}

/* ---- registration --------------------------------------------------- */

/* Copies s without surrounding spaces (ASCII and the ideographic one). */
static void copy_trimmed(char *dst, size_t cap, const char *s)
{
	size_t n;

	while (*s == ' ' || !strncmp(s, "\u3000", 3))
		s += *s == ' ' ? 1 : 3;
	n = strlen(s);
	for (;;) {
		if (n >= 1 && s[n - 1] == ' ')
			n -= 1;
		else if (n >= 3 && !strncmp(s + n - 3, "\u3000", 3))
			n -= 3;
		else
			break;
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int register_walkin(struct kiosk *k, const struct reg_form *f,
			   char token[TOKEN_TEXT_MAX], struct fair_err *err)
{
	struct attendee a = { 0 };
	struct fact fact = { 0 };
	struct token t = { 0 };
	uint8_t sk[TOKEN_SK_BYTES];
	int rc;

	if (k->store_readonly || store_check_file(k->st, err)) {
		host_store_watch(k, true);
		return fair_fail(err, FAIR_EIO, "%.500s", k->store_notice);
	}
	rc = store_signing_key(k->st, sk, err);
	if (rc)
		return rc; /* refuse before storing: no badge, no walk-in */
	copy_trimmed(a.kana, sizeof(a.kana), f->kana);
	copy_trimmed(a.name, sizeof(a.name), f->name);
	if (!a.name[0])
		snprintf(a.name, sizeof(a.name), "%s", a.kana);
	copy_trimmed(a.school, sizeof(a.school), f->school);
	copy_trimmed(a.grade, sizeof(a.grade), f->grade);
	copy_trimmed(a.email, sizeof(a.email), f->email);
	snprintf(a.consent_version, sizeof(a.consent_version), "%s",
		 f->consent_version);
	a.consent = f->consent;
	a.role = TOKEN_ROLE_STUDENT;
	a.serial = 1;
	rc = store_attendee_upsert(k->st, &a, err);
	if (rc)
		goto out_wipe;
	fact.kind = FACT_REGISTER;
	if (f->school_new && a.school[0])
		fact.flags |= FACT_NEW_SCHOOL; /* for the organizer to check */
	snprintf(fact.kiosk, sizeof(fact.kiosk), "%s", k->cfg.name);
	fact.place_id = k->ctx.place.id;
	fact.attendee_id = a.id;
	fact.serial = a.serial;
	fact.direction = 1;
	fact.source = SOURCE_MANUAL;
	fact.wall_ms = kiosk_wall_ms(k);
	fact.mono_ms = clock_mono_ms();
	snprintf(fact.boot_id, sizeof(fact.boot_id), "%s", k->ctx.boot_id);
	rc = store_fact_append(k->st, &fact, err);
	if (rc)
		goto out_wipe;
	t.version = TOKEN_VERSION;
	t.role = TOKEN_ROLE_STUDENT;
	t.event_id = k->ctx.event.event_id;
	t.attendee_id = a.id;
	t.serial = a.serial;
	if (token_encode(&t, sk, token))
		rc = fair_fail(err, FAIR_EINVAL, "cannot sign the badge");
out_wipe:
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

static void run_register(struct kiosk *k, const struct brain_action *a,
			 struct brain_event *reply)
{
	struct fair_err err = { "" };

	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_REGISTERED;
	reply->u.reg.ok = register_walkin(k, &a->u.form, reply->u.reg.token,
					  &err) == 0;
	if (!reply->u.reg.ok) {
		snprintf(reply->u.reg.msg, sizeof(reply->u.reg.msg), "%s: %s",
			 str_get(STR_REG_FAILED, k->brain.lang), err.msg);
		fprintf(stderr, "fairkiosk: registration failed: %s\n",
			err.msg);
	}
}

/* ---- staff actions -------------------------------------------------- */

static void done_reply(struct brain_event *reply, int action, bool ok,
		       const char *msg, const char *detail)
{
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_DONE;
	reply->u.result.action = action;
	reply->u.result.ok = ok;
	snprintf(reply->u.result.msg, sizeof(reply->u.result.msg),
		 "%.120s%s%.120s", msg, detail[0] ? ": " : "", detail);
}

static void run_void(struct kiosk *k, const uint8_t uuid[FACT_UUID_BYTES],
		     struct brain_event *reply)
{
	struct fact orig, f = { 0 };
	struct fair_err err = { "" };
	int rc = store_fact_get(k->st, uuid, &orig);

	if (rc) {
		snprintf(err.msg, sizeof(err.msg), "no such scan");
	} else {
		f.kind = FACT_VOID;
		snprintf(f.kiosk, sizeof(f.kiosk), "%s", k->cfg.name);
		f.place_id = orig.place_id;
		f.attendee_id = orig.attendee_id;
		f.serial = orig.serial;
		f.direction = orig.direction;
		f.source = SOURCE_MANUAL;
		f.wall_ms = kiosk_wall_ms(k);
		f.mono_ms = clock_mono_ms();
		snprintf(f.boot_id, sizeof(f.boot_id), "%s", k->ctx.boot_id);
		memcpy(f.voids, uuid, FACT_UUID_BYTES);
		rc = store_fact_append(k->st, &f, &err);
	}
	done_reply(reply, ACT_VOID, rc == 0,
		   str_get(rc ? STR_VOID_FAILED : STR_VOIDED, k->brain.lang),
		   err.msg);
}

/* Undoing a void: the check-in it took away is recorded again as a new
 * fact (facts are append-only; a void of a void would not restore it for
 * merge and export, which only ask whether a check-in has a void). */
static void run_unvoid(struct kiosk *k, const uint8_t uuid[FACT_UUID_BYTES],
		       struct brain_event *reply)
{
	struct fact orig, f;
	struct fair_err err = { "" };
	int rc = store_fact_get(k->st, uuid, &orig);

	if (rc) {
		snprintf(err.msg, sizeof(err.msg), "no such scan");
	} else {
		f = orig;
		memset(f.uuid, 0, sizeof(f.uuid));
		f.source = SOURCE_MANUAL;
		f.mono_ms = clock_mono_ms();
		snprintf(f.kiosk, sizeof(f.kiosk), "%s", k->cfg.name);
		snprintf(f.boot_id, sizeof(f.boot_id), "%s", k->ctx.boot_id);
		rc = store_fact_append(k->st, &f, &err);
	}
	done_reply(reply, ACT_UNVOID, rc == 0,
		   str_get(rc ? STR_UNVOID_FAILED : STR_UNVOIDED,
			   k->brain.lang), err.msg);
}

/* ---- names: kana to kanji, handwriting ------------------------------ */

/* Opens the engines on first use: only an entrance kiosk needs them,
 * and the handwriting model is 26 MB. One that will not open leaves the
 * form working in kana and latin letters. */
static void names_open(struct kiosk *k)
{
	struct fair_err err = { "" };

	if (k->names_tried)
		return;
	k->names_tried = true;
	if (kanaconv_open(&k->kc, &err))
		fprintf(stderr, "fairkiosk: kana conversion: %s\n", err.msg);
	if (handwriting_open(&k->hw, NULL, &err))
		fprintf(stderr, "fairkiosk: handwriting: %s\n", err.msg);
}

void host_close(struct kiosk *k)
{
	kanaconv_close(k->kc);
	handwriting_close(k->hw);
	k->kc = NULL;
	k->hw = NULL;
}

static void run_convert(struct kiosk *k, const char *reading,
			struct brain_event *reply)
{
	int n;

	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_CANDIDATES;
	names_open(k);
	if (!k->kc)
		return;
	if (kanaconv_convert(k->kc, reading, NULL) < 1)
		return;
	kanaconv_reading(k->kc, 0, NULL, 0, &reply->u.cands.chars);
	n = kanaconv_candidates(k->kc, 0);
	for (int i = 0; i < n && reply->u.cands.n < BRAIN_CANDS_MAX; i++)
		if (!kanaconv_candidate(k->kc, 0, i,
					reply->u.cands.text[reply->u.cands.n],
					BRAIN_CAND_TEXT))
			reply->u.cands.n++;
}

static void run_recognize(struct kiosk *k, struct brain_event *reply)
{
	char out[BRAIN_CANDS_MAX][HW_CHAR];
	int n;

	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_CANDIDATES;
	reply->u.cands.handwriting = true;
	names_open(k);
	if (!k->hw)
		return;
	n = handwriting_recognize(k->hw, &k->brain.ink, out, 10, NULL);
	for (int i = 0; i < n; i++)
		jtext_copy(reply->u.cands.text[reply->u.cands.n++],
			   BRAIN_CAND_TEXT, out[i]);
}

/* ---- export to a USB drive ------------------------------------------ */

/* The kiosk's name as one folder name (kiosk_name_plain's rule). */
static void folder_name(const char *name, char *out, size_t cap)
{
	/* kiosk.ini's name passed the same rule; a name that does not is
	 * never made into a path on the stick */
	snprintf(out, cap, "%s", kiosk_name_plain(name, NULL) ? name
							      : "kiosk");
}

/* summary.txt beside the copy: what an organizer reads before merging. */
static void write_summary(struct kiosk *k, const char *dir, long facts)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 40], when[32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/summary.txt", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	/* organizers read it: venue time, with its offset */
	cal_format_iso(kiosk_wall_ms(k), k->ctx.event.utc_offset_min, when);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "fairkiosk %s\n"
		"端末 kiosk: %s\n場所 place: %s (%s)\n"
		"書き出し exported: %s\n"
		"記録 facts: %ld\n受付 check-ins: %ld\n"
		"当日登録 walk-ins: %ld\n取消 voids: %ld\n"
		"取り込み merge: fairsync merge --db fair.db usb/*/kiosk.db\n",
		FAIR_VERSION, k->cfg.name, k->ctx.place.name,
		k->ctx.place.ext_id, when, facts,
		stats_facts_of_kind(k->st, "checkin"),
		stats_facts_of_kind(k->st, "register"),
		stats_facts_of_kind(k->st, "void"));
	if (fflush(f) == 0 && fsync(fileno(f)) == 0 && fclose(f) == 0)
		rename(tmp, path);
	else
		unlink(tmp);
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The copy goes to DRIVE/NAME/kiosk.db (the README's usb/<star>/kiosk.db),
 * replacing an earlier export only when this one holds all its facts;
 * else beside it as DRIVE/NAME-TIME/kiosk.db. Returns 0 and the path. */
static int export_to(struct kiosk *k, const char *drive, char *out,
		     size_t cap, long *facts, struct fair_err *err)
{
	char name[80], dir[PATH_MAX], tmp[PATH_MAX + 32], stamp[32];

	folder_name(k->cfg.name, name, sizeof(name));
	snprintf(dir, sizeof(dir), "%.3900s/%s", drive, name);
	if (mkdir(dir, 0700) && errno != EEXIST)
		return fair_fail(err, FAIR_EIO, "cannot create '%s': %s", dir,
				 strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s/.kiosk.db.tmp", dir);
	unlink(tmp);
	if (store_copy_for_stick(k->st, tmp, facts, err))
		return FAIR_EIO;
	snprintf(out, cap, "%s/kiosk.db", dir);
	if (access(out, F_OK) == 0 && !kioskdb_holds_all_of(tmp, out)) {
		iso_time(stamp, kiosk_wall_ms(k));
		for (char *p = stamp; *p; p++)
			if (*p == ':' || *p == '.')
				*p = '-';
		snprintf(dir, sizeof(dir), "%.3900s/%s-%s", drive, name, stamp);
		if (mkdir(dir, 0700)) {
			unlink(tmp);
			return fair_fail(err, FAIR_EIO, "cannot create '%s': "
					 "%s", dir, strerror(errno));
		}
		snprintf(out, cap, "%s/kiosk.db", dir);
	}
	if (rename(tmp, out)) {
		unlink(tmp);
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", out,
				 strerror(errno));
	}
	fsync_dir(dir);
	write_summary(k, dir, *facts);
	fsync_dir(dir);
	return 0;
}

static void run_export(struct kiosk *k, struct brain_event *reply)
{
	static struct usb_drive d[USB_DRIVES_MAX];
	const char *root = k->export_dir[0] ? k->export_dir : k->cfg.usb_root;
	char path[PATH_MAX + 32] = "", msg[256];
	struct fair_err err = { "" };
	long facts = 0;
	int n = usb_find(root, k->cfg.db, d, USB_DRIVES_MAX), rc = -1;

	if (n == 0) {
		done_reply(reply, ACT_EXPORT, false,
			   str_get(STR_NO_USB, k->brain.lang), "");
		fprintf(stderr, "fairkiosk: export failed: no removable drive "
			"is mounted%s%s; nothing was written\n",
			root[0] ? " at " : "", root);
		return;
	}
	rc = export_to(k, d[0].mount, path, sizeof(path), &facts, &err);
	if (rc) {
		done_reply(reply, ACT_EXPORT, false,
			   str_get(STR_EXPORT_FAILED, k->brain.lang), err.msg);
		fprintf(stderr, "fairkiosk: export failed: %s\n", err.msg);
		return;
	}
	snprintf(msg, sizeof(msg), "%ld%s", facts,
		 str_get(STR_EXPORT_WRITTEN, k->brain.lang));
	done_reply(reply, ACT_EXPORT, true, msg, path + strlen(d[0].mount) +
		   (path[strlen(d[0].mount)] == '/'));
	fprintf(stderr, "fairkiosk: export done: %ld facts in %s, read back "
		"and checked\n", facts, path);
}

void host_place_label(struct kiosk *k, char *out, size_t cap)
{
	const struct place *p = &k->ctx.place;
	char from[8], to[8];

	if (p->kind != PLACE_SESSION || !p->starts_ms) {
		snprintf(out, cap, "%s", p->name);
		return;
	}
	/* a door kiosk shows the session's time and room too */
	hhmm(k, p->starts_ms, from);
	hhmm(k, p->ends_ms, to);
	/* whole: a title cut at a byte count lost its end mid-word */
	snprintf(out, cap, "%s  %s-%s  %s", p->name, from, to, p->room);
}

static void run_set_place(struct kiosk *k, const char *ext,
			  struct brain_event *reply)
{
	struct fair_err err = { "" };
	int rc = checkin_ctx_set_place(&k->ctx, ext, &err);

	done_reply(reply, ACT_SET_PLACE, rc == 0,
		   rc ? err.msg : str_get(STR_PLACE_SET, k->brain.lang), "");
	host_place_label(k, reply->u.result.place_name,
			 sizeof(reply->u.result.place_name));
}

/* Any student of the roster, so repeated demo presses mostly succeed. */
static uint32_t demo_student(struct kiosk *k)
{
	return kioskdb_any_student(k->st);
}

/* A demo badge: signed here on an entrance kiosk, else read from
 * demo-badge.txt beside kiosk.ini (run-demo.sh writes it). */
static bool demo_token(struct kiosk *k, char *out, size_t cap)
{
	uint8_t sk[TOKEN_SK_BYTES];
	struct attendee a;
	struct token t = { TOKEN_VERSION, TOKEN_ROLE_STUDENT, 0, 0, 0 };
	char path[PATH_MAX + 32];
	FILE *f;
	bool ok = false;

	if (store_signing_key(k->st, sk, NULL) == 0 &&
	    store_attendee_get(k->st, demo_student(k), &a) == 0) {
		t.event_id = k->ctx.event.event_id;
		t.attendee_id = a.id;
		t.serial = a.serial;
		ok = cap >= TOKEN_TEXT_MAX && token_encode(&t, sk, out) == 0;
		sodium_memzero(sk, sizeof(sk));
		if (ok)
			return true;
	}
	snprintf(path, sizeof(path), "%s/demo-badge.txt", k->config_dir);
	f = fopen(path, "r");
	if (!f)
		return false;
	ok = fgets(out, (int)cap, f) != NULL;
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	return ok && out[0];
}

static bool run_demo(struct kiosk *k, struct brain_event *reply)
{
	memset(reply, 0, sizeof(*reply));
	reply->kind = EV_SCAN;
	reply->u.scan.source = SOURCE_SCRIPT;
	if (demo_token(k, reply->u.scan.text, sizeof(reply->u.scan.text)))
		return true;
	fprintf(stderr, "fairkiosk: no demo badge: this kiosk has no signing"
		" key and no demo-badge.txt\n");
	return false;
}

bool host_run(struct kiosk *k, const struct brain_action *a,
	      struct brain_event *reply)
{
	switch (a->kind) {
	case ACT_CHECKIN:
		run_checkin(k, a, reply);
		return true;
	case ACT_MANUAL:
		run_manual(k, a->u.attendee_id, reply);
		return true;
	case ACT_LOAD:
		run_load(k, a, reply);
		return true;
	case ACT_REGISTER:
		run_register(k, a, reply);
		return true;
	case ACT_VOID:
		run_void(k, a->u.uuid, reply);
		return true;
	case ACT_UNVOID:
		run_unvoid(k, a->u.uuid, reply);
		return true;
	case ACT_CONVERT:
		run_convert(k, a->u.load.query, reply);
		return true;
	case ACT_RECOGNIZE:
		run_recognize(k, reply);
		return true;
	case ACT_EXPORT:
		run_export(k, reply);
		return true;
	case ACT_SET_PLACE:
		run_set_place(k, a->u.place, reply);
		return true;
	case ACT_SET_CLOCK:
		k->clock_offset_ms = a->u.offset_ms;
		host_clock_save(k);
		return false;
	case ACT_DEMO:
		return run_demo(k, reply);
	case ACT_PIN_STATE:
		pin_save(k, a);
		return false;
	case ACT_FEEDBACK:
		run_feedback(k, a);
		return false;
	case ACT_LEAD:
		run_lead(k, a, reply);
		return true;
	case ACT_CONSENT:
		run_consent(k, a, reply);
		return true;
	case ACT_WITHDRAW:
		run_withdraw(k, a, reply);
		return true;
	case ACT_QUIT:
		k->quit = true;
		return false;
	case ACT_IDENTIFY:
	case ACT_RC_GROUPS:
	case ACT_RC_LOAD:
	case ACT_DEPART:
	case ACT_SURVEY:
		return host_rollcall_run(k, a, reply);
	default:
		return false; /* PLAY, PRINT, SET_LANG: the SDL side */
	}
}
