/* voice.c: the result said aloud with Open JTalk, on a thread of its own
 * (voice.h). One utterance is wanted at a time: the newest. The thread
 * runs open_jtalk for it, and when no newer one was asked meanwhile hands
 * the samples to the main loop. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "voice.h"

extern char **environ;

struct voice {
	struct voice_config cfg;
	char exe[PATH_MAX];        /* open_jtalk, found on PATH */
	char dic[PATH_MAX];
	char file[PATH_MAX];       /* the .htsvoice */
	char dir[PATH_MAX];        /* private folder (mkdtemp) */
	pthread_t thread;
	pthread_mutex_t mu;        /* guards everything below */
	pthread_cond_t cv;         /* a text was asked, or stop */
	char want[VOICE_TEXT_MAX]; /* the newest text asked */
	uint64_t want_gen;         /* counts voice_say calls */
	uint64_t took_gen;         /* the generation the thread last took */
	pid_t child;               /* open_jtalk running, or 0 */
	void *pcm;                 /* samples ready for voice_take, or NULL */
	uint32_t pcm_len;
	bool have_last;            /* dir/last.wav holds the last utterance */
	bool stop;
};

static int64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- what is said --------------------------------------------------- */

/* Appends s to out (cap bytes, *n used), cut at cap between characters
 * (Open JTalk is handed valid UTF-8). */
static void put(char *out, size_t cap, size_t *n, const char *s)
{
	size_t len = strlen(s);

	if (*n + len >= cap) {
		len = cap - 1 - *n;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out + *n, s, len);
	*n += len;
	out[*n] = '\0';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Appends s with every "H:MM" (or "HH:MM") as "H時M分": a colon would
 * be read as a symbol. */
static void put_times(char *out, size_t cap, size_t *n, const char *s)
{
	char one[5], t[32];

	for (const char *p = s; *p; p++) {
		int d = is_digit(p[0]) && is_digit(p[1]) ? 2 : 1;
		bool at_start = p == s || !is_digit(p[-1]);

		if (at_start && is_digit(p[0]) && p[d] == ':' &&
		    is_digit(p[d + 1]) && is_digit(p[d + 2]) &&
		    !is_digit(p[d + 3])) {
			int h = (p[0] - '0') * (d == 2 ? 10 : 1) +
				(d == 2 ? p[1] - '0' : 0);
			int m = (p[d + 1] - '0') * 10 + p[d + 2] - '0';

			if (m)
				snprintf(t, sizeof(t), "%d時%d分", h, m);
			else
				snprintf(t, sizeof(t), "%d時", h);
			put(out, cap, n, t);
			p += d + 2;
			continue;
		}
		/* a whole character at a time: put() cuts between them */
		d = 1;
		while (d < 4 && ((unsigned char)p[d] & 0xc0) == 0x80)
			d++;
		memcpy(one, p, (size_t)d);
		one[d] = '\0';
		put(out, cap, n, one);
		p += d - 1;
	}
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !memcmp(s + n - t, tail, t);
}

static bool spoken_role(const struct widget *w)
{
	if (!w->text[0] || w->type == DS_CAPTION)
		return false; /* the queue's "+2 waiting" is for staff */
	return w->role == WR_TITLE || w->role == WR_HEADING ||
	       w->role == WR_BODY || w->role == WR_NOTICE;
}

/* The name widget's words, the name itself replaced by its reading. */
static void put_name(char *out, size_t cap, size_t *n,
		     const struct widget *w, const char *name,
		     const char *reading)
{
	size_t len = name ? strlen(name) : 0;

	if (len && reading && reading[0] && !strncmp(w->text, name, len)) {
		put(out, cap, n, reading);
		put_times(out, cap, n, w->text + len);
	} else {
		put_times(out, cap, n, w->text);
	}
}

bool voice_text(const struct layout *l, const char *name,
		const char *reading, char *out, size_t cap)
{
	size_t n = 0;
	bool named = false;

	if (!cap)
		return false;
	out[0] = '\0';
	for (int i = 0; i < l->n && !named; i++) {
		if (l->w[i].role != WR_NAME || !l->w[i].text[0])
			continue;
		put_name(out, cap, &n, &l->w[i], name, reading);
		named = true;
	}
	for (int i = 0; i < l->n; i++) {
		const struct widget *w = &l->w[i];

		if (!spoken_role(w))
			continue;
		/* 「山田さん、受付しました」, then a pause between texts */
		if (named)
			put(out, cap, &n, "、");
		else if (n && !ends_with(out, "。"))
			put(out, cap, &n, "。");
		named = false;
		put_times(out, cap, &n, w->text);
	}
	return n > 0;
}

/* ---- the thread ----------------------------------------------------- */

static void path_in(const struct voice *v, char *out, size_t cap,
		    const char *name)
{
	snprintf(out, cap, "%s/%s", v->dir, name);
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (!f)
		return -1;
	if (fputs(text, f) < 0 || fputc('\n', f) < 0)
		rc = -1;
	if (fclose(f))
		rc = -1;
	return rc;
}

/* open_jtalk's first line of complaint, for the log. */
static void first_line(const char *path, char *out, size_t cap)
{
	FILE *f = fopen(path, "r");

	out[0] = '\0';
	if (f) {
		if (!fgets(out, (int)cap, f))
			out[0] = '\0';
		fclose(f);
	}
	out[strcspn(out, "\n")] = '\0';
}

/* Starts open_jtalk for txt into wav: no shell, its output into the
 * private folder. 0 with *pid. */
static int spawn(struct voice *v, const char *txt, const char *wav,
		 pid_t *pid)
{
	char err_path[PATH_MAX + 16];
	char *argv[] = { v->exe, "-x", v->dic, "-m", v->file, "-ow",
			 (char *)wav, (char *)txt, NULL };
	posix_spawn_file_actions_t fa;
	int rc;

	path_in(v, err_path, sizeof(err_path), "jtalk.err");
	if (posix_spawn_file_actions_init(&fa))
		return -1;
	rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
					      0) ||
	     posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
					      0) ||
	     posix_spawn_file_actions_addopen(&fa, 2, err_path,
					      O_WRONLY | O_CREAT | O_TRUNC,
					      0600) ||
	     posix_spawn(pid, v->exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc ? -1 : 0;
}

/* Runs open_jtalk for text (generation gen) to the end; true when it
 * wrote wav. A newer voice_say kills it (said as superseded, not as a
 * failure). */
static bool synthesise(struct voice *v, uint64_t gen, const char *text,
		       const char *wav)
{
	char txt[PATH_MAX + 16], err_path[PATH_MAX + 16], why[200];
	pid_t pid;
	int status = 0;
	bool newer;

	path_in(v, txt, sizeof(txt), "say.txt");
	if (write_text(txt, text) || spawn(v, txt, wav, &pid)) {
		fprintf(stderr, "fairkiosk: voice: cannot run '%s': %s\n",
			v->exe, strerror(errno));
		return false;
	}
	pthread_mutex_lock(&v->mu);
	v->child = pid;
	if (v->want_gen != gen || v->stop)
		kill(pid, SIGTERM); /* asked again while it started */
	pthread_mutex_unlock(&v->mu);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&v->mu);
	v->child = 0;
	newer = v->want_gen != gen || v->stop;
	pthread_mutex_unlock(&v->mu);
	unlink(txt);
	if (newer)
		return false;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	path_in(v, err_path, sizeof(err_path), "jtalk.err");
	first_line(err_path, why, sizeof(why));
	fprintf(stderr, "fairkiosk: voice: open_jtalk failed (status %d)%s%s\n",
		status, why[0] ? ": " : "", why);
	return false;
}

/* Hands the samples of wav to the main loop, unless a newer text was
 * asked meanwhile; keeps the file as last.wav. */
static void deliver(struct voice *v, uint64_t gen, const char *wav,
		    int64_t t0, const char *text)
{
	char last[PATH_MAX + 16];
	void *pcm = NULL;
	uint32_t len = 0;

	if (v->cfg.load(v->cfg.load_ctx, wav, &pcm, &len)) {
		fprintf(stderr, "fairkiosk: voice: cannot play '%s'\n", wav);
		return;
	}
	path_in(v, last, sizeof(last), "last.wav");
	pthread_mutex_lock(&v->mu);
	if (v->want_gen != gen || v->stop) {
		pthread_mutex_unlock(&v->mu);
		free(pcm);
		return;
	}
	free(v->pcm);
	v->pcm = pcm;
	v->pcm_len = len;
	v->have_last = rename(wav, last) == 0;
	pthread_mutex_unlock(&v->mu);
	if (v->cfg.trace)
		fprintf(stderr, "trace voice-ready-us %lld synth-ms %lld "
			"text %s\n", (long long)mono_us(),
			(long long)(mono_us() - t0) / 1000, text);
	v->cfg.wake(v->cfg.wake_ctx);
}

static void *run(void *arg)
{
	struct voice *v = arg;
	char text[VOICE_TEXT_MAX], wav[PATH_MAX + 16];
	uint64_t gen;
	int64_t t0;

	path_in(v, wav, sizeof(wav), "say.wav");
	for (;;) {
		pthread_mutex_lock(&v->mu);
		while (!v->stop && v->took_gen == v->want_gen)
			pthread_cond_wait(&v->cv, &v->mu);
		if (v->stop) {
			pthread_mutex_unlock(&v->mu);
			return NULL;
		}
		gen = v->took_gen = v->want_gen;
		memcpy(text, v->want, sizeof(text));
		pthread_mutex_unlock(&v->mu);
		if (!text[0])
			continue; /* a cancel */
		t0 = mono_us();
		if (synthesise(v, gen, text, wav))
			deliver(v, gen, wav, t0, text);
		unlink(wav);
	}
}

/* ---- open, ask, take, close ----------------------------------------- */

/* The first executable "open_jtalk" on PATH, into out. */
static bool find_exe(char *out, size_t cap)
{
	const char *path = getenv("PATH");
	const char *p = path && path[0] ? path : "/usr/bin:/bin";

	while (*p) {
		size_t len = strcspn(p, ":");

		snprintf(out, cap, "%.*s/open_jtalk", (int)len,
			 len ? p : ".");
		if (access(out, X_OK) == 0)
			return true;
		p += len + (p[len] == ':');
	}
	return false;
}

static int check_paths(struct voice *v, const struct voice_config *cfg,
		       struct fair_err *err)
{
	char sys[PATH_MAX + 16];

	if (!find_exe(v->exe, sizeof(v->exe)))
		return fair_fail(err, FAIR_EINVAL, "no open_jtalk on PATH "
				 "(Debian package open-jtalk)");
	snprintf(v->dic, sizeof(v->dic), "%s",
		 cfg->dic && cfg->dic[0] ? cfg->dic : VOICE_DIC_DEFAULT);
	snprintf(sys, sizeof(sys), "%s/sys.dic", v->dic);
	if (access(sys, R_OK))
		return fair_fail(err, FAIR_EINVAL, "no Open JTalk dictionary "
				 "at '%s' (Debian package "
				 "open-jtalk-mecab-naist-jdic)", v->dic);
	snprintf(v->file, sizeof(v->file), "%s",
		 cfg->voice_file && cfg->voice_file[0] ? cfg->voice_file
						       : VOICE_FILE_DEFAULT);
	if (access(v->file, R_OK))
		return fair_fail(err, FAIR_EINVAL, "no voice at '%s' (Debian "
				 "package hts-voice-nitech-jp-atr503-m001, in "
				 "contrib)", v->file);
	return 0;
}

static int make_dir(struct voice *v, struct fair_err *err)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(v->dir, sizeof(v->dir), "%s/fairkiosk-voice-XXXXXX",
		 tmp && tmp[0] == '/' ? tmp : "/tmp");
	if (!mkdtemp(v->dir))
		return fair_fail(err, FAIR_EIO, "cannot make a folder in "
				 "'%s': %s", tmp && tmp[0] == '/' ? tmp
				 : "/tmp", strerror(errno));
	return 0;
}

/* Empties and removes the private folder: it holds only our files. */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[PATH_MAX + 300];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

struct voice *voice_open(const struct voice_config *cfg,
			 struct fair_err *err)
{
	struct voice *v = calloc(1, sizeof(*v));

	if (!v) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	v->cfg = *cfg;
	if (check_paths(v, cfg, err) || make_dir(v, err))
		goto out_free;
	pthread_mutex_init(&v->mu, NULL);
	pthread_cond_init(&v->cv, NULL);
	if (pthread_create(&v->thread, NULL, run, v)) {
		fair_fail(err, FAIR_EIO, "cannot start the voice's thread");
		goto out_dir;
	}
	return v;
out_dir:
	pthread_cond_destroy(&v->cv);
	pthread_mutex_destroy(&v->mu);
	remove_dir(v->dir);
out_free:
	free(v);
	return NULL;
}

void voice_say(struct voice *v, const char *text)
{
	if (!v)
		return;
	pthread_mutex_lock(&v->mu);
	snprintf(v->want, sizeof(v->want), "%s", text);
	v->want_gen++;
	if (v->child)
		kill(v->child, SIGTERM); /* ours, superseded */
	free(v->pcm);
	v->pcm = NULL;
	pthread_cond_signal(&v->cv);
	pthread_mutex_unlock(&v->mu);
}

bool voice_take(struct voice *v, void **pcm, uint32_t *len)
{
	bool got;

	if (!v)
		return false;
	pthread_mutex_lock(&v->mu);
	got = v->pcm != NULL;
	*pcm = v->pcm;
	*len = v->pcm_len;
	v->pcm = NULL;
	pthread_mutex_unlock(&v->mu);
	return got;
}

int voice_save(struct voice *v, const char *path, struct fair_err *err)
{
	char last[PATH_MAX + 16], buf[65536];
	FILE *in = NULL, *out = NULL;
	size_t n;
	int rc = 0;

	if (!v)
		return fair_fail(err, FAIR_EINVAL, "no voice ([sound] voice "
				 "is off, or it could not start)");
	path_in(v, last, sizeof(last), "last.wav");
	pthread_mutex_lock(&v->mu);
	if (v->have_last)
		in = fopen(last, "rb");
	pthread_mutex_unlock(&v->mu);
	if (!in)
		return fair_fail(err, FAIR_EINVAL, "nothing was spoken yet");
	out = fopen(path, "wb");
	if (!out) {
		fclose(in);
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
				 strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fclose(out) || rc)
		return fair_fail(err, FAIR_EIO, "cannot write '%s'", path);
	return 0;
}

void voice_close(struct voice *v)
{
	if (!v)
		return;
	pthread_mutex_lock(&v->mu);
	v->stop = true;
	if (v->child)
		kill(v->child, SIGTERM);
	pthread_cond_signal(&v->cv);
	pthread_mutex_unlock(&v->mu);
	pthread_join(v->thread, NULL);
	pthread_cond_destroy(&v->cv);
	pthread_mutex_destroy(&v->mu);
	free(v->pcm);
	remove_dir(v->dir);
	free(v);
}
