/* voice.h: the kiosk says the result aloud, for students who cannot read
 * the screen ([sound] voice = on in kiosk.ini, docs/kiosk.md).
 *
 * Japanese only: Debian's Open JTalk (the open_jtalk program, its
 * dictionary and the nitech voice) has no English voice, so an English
 * screen keeps the tone alone. A thread of its own runs open_jtalk
 * (posix_spawn with an argument vector, no shell) into a private
 * temporary folder and turns the WAV into the audio device's samples
 * through a loader the renderer gives; the main loop collects them with
 * voice_take() and queues them after the tone. Asking never waits: the
 * result's frame is drawn first, and a newer result supersedes one still
 * waiting or being synthesised (its open_jtalk is killed). No SDL here.
 *
 * What is said comes from the layout the screen shows (voice_text), never
 * a second wording; only the student's name is read from the roster's
 * フリガナ, so that it is pronounced right.
 */
#ifndef FAIRKIOSK_VOICE_H
#define FAIRKIOSK_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/layout.h"

#define VOICE_TEXT_MAX 1024  /* bytes of one utterance */

/* Debian's paths (packages open-jtalk-mecab-naist-jdic and, from
 * contrib, hts-voice-nitech-jp-atr503-m001). */
#define VOICE_DIC_DEFAULT "/var/lib/mecab/dic/open-jtalk/naist-jdic"
#define VOICE_FILE_DEFAULT "/usr/share/hts-voice/nitech-jp-atr503-m001/" \
			   "nitech_jp_atr503_m001.htsvoice"

/* Turns the WAV at path into samples the audio device plays: *pcm
 * malloc'd (voice frees it), *len bytes. 0 or -1. Called on the voice's
 * thread, so it must not touch what the main thread uses. */
typedef int (*voice_load_fn)(void *ctx, const char *path, void **pcm,
			     uint32_t *len);

struct voice_config {
	const char *voice_file;  /* an .htsvoice; NULL or "": the default */
	const char *dic;         /* Open JTalk's dictionary; NULL: default */
	voice_load_fn load;      /* the renderer's WAV loader */
	void *load_ctx;
	void (*wake)(void *);    /* called from the thread when samples are
				  * ready, so the main loop takes them */
	void *wake_ctx;
	bool trace;              /* timings on stderr (FAIRKIOSK_TRACE) */
};

struct voice;

/* Finds open_jtalk on PATH, the dictionary and the voice file, makes the
 * private folder and starts the thread. NULL when one is missing, with
 * err naming it and the Debian package that has it. */
struct voice *voice_open(const struct voice_config *cfg,
			 struct fair_err *err);

/* Stops the thread (killing an open_jtalk still running), removes the
 * private folder and frees v. NULL is fine. */
void voice_close(struct voice *v);

/* Asks for text to be spoken; returns at once. Replaces a text not yet
 * started and stops one being synthesised; samples of an older text not
 * yet taken are dropped. "" only cancels. */
void voice_say(struct voice *v, const char *text);

/* The samples of the latest text, once synthesised: *pcm (caller frees)
 * and *len; false when none is ready. Main thread. */
bool voice_take(struct voice *v, void **pcm, uint32_t *len);

/* Copies the WAV of the last text synthesised to path (the --script step
 * `voice-save`). 0, or -1 with err. */
int voice_save(struct voice *v, const char *path, struct fair_err *err);

/* What a result screen says, in words read aloud: the name first (its
 * reading when the name widget starts with name and reading is not "":
 * the roster's フリガナ), then the title, headings and body texts in
 * drawing order; buttons, keys, fields and captions are not read. Times
 * "HH:MM" are read as "H時M分". Into out (cap bytes); false when the
 * layout holds nothing to say. Pure: for tests. */
bool voice_text(const struct layout *l, const char *name,
		const char *reading, char *out, size_t cap);

#endif
