/* kanaconv.c: Anthy behind kanaconv.h. Candidates are copied out at
 * convert time, so reading them needs no engine call. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <anthy/anthy.h>

#include "fair/jtext.h"
#include "fair/kanaconv.h"

#define CANDS_MAX 32
#define CAND_TEXT 64

struct seg {
	char reading[KANACONV_READING_MAX]; /* as typed */
	int chars;
	int n;
	int chosen;                          /* -1: the kana */
	char cand[CANDS_MAX][CAND_TEXT];
};

struct kanaconv {
	anthy_context_t ctx;
	int nseg;
	struct seg seg[KANACONV_SEG_MAX];
};

static int users; /* anthy_init is process-wide */

int kanaconv_open(struct kanaconv **out, struct fair_err *err)
{
	struct kanaconv *kc = calloc(1, sizeof(*kc));

	*out = NULL;
	if (!kc)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	if (users == 0 && anthy_init() != 0) {
		free(kc);
		return fair_fail(err, FAIR_EIO,
				 "cannot load the Anthy dictionary");
	}
	users++;
	kc->ctx = anthy_create_context();
	if (!kc->ctx) {
		kanaconv_close(kc);
		return fair_fail(err, FAIR_EIO,
				 "cannot create an Anthy context");
	}
	anthy_context_set_encoding(kc->ctx, ANTHY_UTF8_ENCODING);
	*out = kc;
	return 0;
}

void kanaconv_close(struct kanaconv *kc)
{
	if (!kc)
		return;
	if (kc->ctx)
		anthy_release_context(kc->ctx);
	free(kc);
	if (--users == 0)
		anthy_quit();
}

/* Katakana to hiragana for Anthy; false on anything but kana and ー. */
static bool to_hiragana(const char *s, char *out, size_t cap, int *chars)
{
	size_t len = 0;

	*chars = 0;
	out[0] = '\0';
	while (*s) {
		uint32_t c = jtext_next(&s);

		if (c >= 0x30A1 && c <= 0x30F6)
			c -= 0x60;
		else if (!(c >= 0x3041 && c <= 0x3096) && c != 0x30FC)
			return false;
		if (!jtext_put(out, cap, &len, c))
			return false;
		out[len] = '\0'; /* jtext_put writes no NUL */
		(*chars)++;
	}
	return *chars > 0;
}

/* The first n characters of *p into out; moves *p past them. */
static void take_chars(const char **p, int n, char *out, size_t cap)
{
	size_t len = 0;

	out[0] = '\0';
	while (n-- > 0 && **p && jtext_put(out, cap, &len, jtext_next(p)))
		out[len] = '\0'; /* jtext_put writes no NUL */
}

static int utf8_chars(const char *s)
{
	int n = 0;

	while (*s)
		n += (*s++ & 0xC0) != 0x80;
	return n;
}

int kanaconv_convert(struct kanaconv *kc, const char *reading,
		     struct fair_err *err)
{
	char hira[KANACONV_READING_MAX];
	struct anthy_conv_stat cs;
	const char *typed = reading;
	int chars;

	kc->nseg = 0;
	if (strlen(reading) >= sizeof(hira) ||
	    !to_hiragana(reading, hira, sizeof(hira), &chars))
		return fair_fail(err, FAIR_EINVAL,
				 "a reading is kana only: '%.60s'", reading);
	/* set_string starts afresh; nothing is ever committed, so nothing
	 * is learned */
	anthy_context_set_encoding(kc->ctx, ANTHY_UTF8_ENCODING);
	if (anthy_set_string(kc->ctx, hira) != 0 ||
	    anthy_get_stat(kc->ctx, &cs) != 0 || cs.nr_segment < 1)
		return fair_fail(err, FAIR_EIO, "Anthy cannot convert '%.60s'",
				 reading);
	for (int i = 0; i < cs.nr_segment && i < KANACONV_SEG_MAX; i++) {
		struct seg *g = &kc->seg[i];
		struct anthy_segment_stat ss;
		char buf[KANACONV_READING_MAX];
		bool last = i == cs.nr_segment - 1 ||
			    i == KANACONV_SEG_MAX - 1;

		memset(g, 0, sizeof(*g));
		g->chosen = 0;
		if (anthy_get_segment_stat(kc->ctx, i, &ss) != 0)
			ss.nr_candidate = 0;
		if (anthy_get_segment(kc->ctx, i, NTH_UNCONVERTED_CANDIDATE,
				      buf, sizeof(buf)) < 0)
			buf[0] = '\0';
		/* the last kept segment takes whatever reading is left */
		g->chars = last ? utf8_chars(typed) : utf8_chars(buf);
		take_chars(&typed, g->chars, g->reading, sizeof(g->reading));
		for (int j = 0; j < ss.nr_candidate && g->n < CANDS_MAX; j++) {
			if (anthy_get_segment(kc->ctx, i, j, buf,
					      sizeof(buf)) < 0 ||
			    strlen(buf) >= CAND_TEXT)
				continue;
			memcpy(g->cand[g->n++], buf, strlen(buf) + 1);
		}
		if (g->n == 0)
			g->chosen = -1;
		kc->nseg = i + 1;
	}
	return kc->nseg;
}

int kanaconv_segments(const struct kanaconv *kc)
{
	return kc->nseg;
}

static const struct seg *seg_at(const struct kanaconv *kc, int seg)
{
	return seg >= 0 && seg < kc->nseg ? &kc->seg[seg] : NULL;
}

int kanaconv_candidates(const struct kanaconv *kc, int seg)
{
	const struct seg *g = seg_at(kc, seg);

	return g ? g->n : 0;
}

int kanaconv_candidate(const struct kanaconv *kc, int seg, int i, char *out,
		       size_t cap)
{
	const struct seg *g = seg_at(kc, seg);

	if (!g || i < 0 || i >= g->n)
		return FAIR_EINVAL;
	jtext_copy(out, cap, g->cand[i]);
	return 0;
}

int kanaconv_reading(const struct kanaconv *kc, int seg, char *out,
		     size_t cap, int *chars)
{
	const struct seg *g = seg_at(kc, seg);

	if (!g)
		return FAIR_EINVAL;
	if (out && cap)
		jtext_copy(out, cap, g->reading);
	if (chars)
		*chars = g->chars;
	return 0;
}

int kanaconv_choose(struct kanaconv *kc, int seg, int i)
{
	if (!seg_at(kc, seg) || i < -1 || i >= kc->seg[seg].n)
		return FAIR_EINVAL;
	kc->seg[seg].chosen = i;
	return 0;
}

int kanaconv_commit(const struct kanaconv *kc, char *out, size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return FAIR_EINVAL;
	out[0] = '\0';
	for (int i = 0; i < kc->nseg; i++) {
		const struct seg *g = &kc->seg[i];
		const char *t = g->chosen >= 0 ? g->cand[g->chosen]
					       : g->reading;
		size_t n = strlen(t);

		if (len + n + 1 > cap)
			return FAIR_EINVAL;
		memcpy(out + len, t, n + 1);
		len += n;
	}
	return 0;
}
