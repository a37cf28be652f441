/* linebreak.c: UAX #14 through libunibreak, Japanese kinsoku, and words
 * and phrases (bunsetsu) from MeCab on top (linebreak.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linebreak.h>
#include <mecab.h>

#include "fair/jtext.h"
#include "fair/linebreak.h"

enum script {
	SC_OTHER = 0, /* Latin, digits, symbols */
	SC_SPACE,
	SC_HIRA,
	SC_KATA,
	SC_KANJI,
	SC_OPEN,      /* 「（ and friends: a line never ends after one */
	SC_CLOSE,     /* 、。」）！？: a line never starts with one */
	SC_STICKY,    /* ー, small kana, 々: never start a line */
};

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

static void lb_init(void)
{
	init_linebreak();
}

static bool in(uint32_t c, uint32_t lo, uint32_t hi)
{
	return c >= lo && c <= hi;
}

static bool small_kana(uint32_t c)
{
	static const char *const smalls =
		"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
		"ｧｨｩｪｫｬｭｮｯｰー々ゝゞヽヾ゛゜ﾞﾟ";
	const char *p = smalls;

	while (*p)
		if (jtext_next(&p) == c)
			return true;
	return false;
}

static enum script script_of(uint32_t c)
{
	if (c == ' ' || c == 0x3000 || c == '\t')
		return SC_SPACE;
	if (small_kana(c))
		return SC_STICKY;
	if (strchr("([{", (int)(c < 128 ? c : 1)) && c < 128)
		return SC_OPEN;
	if (c < 128 && c && strchr(")]}.,!?:;", (int)c))
		return SC_CLOSE;
	if (c == 0x300C || c == 0x300E || c == 0xFF08 || c == 0x3010 ||
	    c == 0x3008 || c == 0x300A || c == 0xFF3B || c == 0x3014)
		return SC_OPEN;
	if (c == 0x3001 || c == 0x3002 || c == 0x300D || c == 0x300F ||
	    c == 0xFF09 || c == 0x3011 || c == 0x3009 || c == 0x300B ||
	    c == 0xFF3D || c == 0x3015 || c == 0xFF01 || c == 0xFF1F ||
	    c == 0xFF0C || c == 0xFF0E || c == 0x30FB || c == 0xFF1A)
		return SC_CLOSE;
	if (in(c, 0x3041, 0x309F))
		return SC_HIRA;
	if (in(c, 0x30A0, 0x30FF) || in(c, 0x31F0, 0x31FF) ||
	    in(c, 0xFF66, 0xFF9F))
		return SC_KATA;
	if (in(c, 0x4E00, 0x9FFF) || in(c, 0x3400, 0x4DBF) ||
	    in(c, 0xF900, 0xFAFF) || in(c, 0x20000, 0x3FFFF) || c == 0x3006)
		return SC_KANJI;
	return SC_OTHER;
}

static bool cjk(enum script s)
{
	return s == SC_KANJI || s == SC_KATA;
}

/* The level of a break UAX #14 allows between a and b. */
static enum lb_kind level(enum script a, enum script b)
{
	if (b == SC_STICKY || b == SC_CLOSE || a == SC_OPEN)
		return LB_NONE; /* kinsoku, even where UAX #14 is lax */
	if (a == SC_SPACE || a == SC_CLOSE || b == SC_OPEN)
		return LB_PHRASE;
	if (a == SC_HIRA && b != SC_HIRA)
		return LB_PHRASE; /* a particle ends, a word begins */
	if ((cjk(a) && b == SC_OTHER) || (a == SC_OTHER && cjk(b)))
		return LB_PHRASE;
	return LB_CHAR;
}

/* ---- words and phrases (MeCab) -------------------------------------- */

/* MeCab's model and tagger, made once for the process from MeCab's
 * default configuration (/etc/mecabrc names the dictionary) and never
 * changed after: a tagger parsing into a lattice of the caller's own is
 * safe from any thread (MeCab's own contract), so no lock is needed. */
static pthread_once_t mc_once = PTHREAD_ONCE_INIT;
static mecab_model_t *mc_model;
static mecab_t *mc_tagger;
static char mc_error[256];

static bool mc_off; /* FAIR_LINEBREAK=scripts: the benchmark's baseline */

static void mc_init(void)
{
	const char *why, *env = getenv("FAIR_LINEBREAK");

	if (env && !strcmp(env, "scripts")) {
		mc_off = true;
		return;
	}
	mc_model = mecab_model_new2("");
	mc_tagger = mc_model ? mecab_model_new_tagger(mc_model) : NULL;
	if (mc_tagger)
		return;
	why = mecab_strerror(NULL);
	snprintf(mc_error, sizeof(mc_error), "MeCab has no dictionary (%s); "
		 "install mecab-ipadic-utf8", why && why[0] ? why : "?");
	if (mc_model)
		mecab_model_destroy(mc_model);
	mc_model = NULL;
}

int linebreak_init(struct fair_err *err)
{
	pthread_once(&mc_once, mc_init);
	if (!mc_tagger && !mc_off)
		return fair_fail(err, FAIR_EIO, "%s", mc_error);
	return 0;
}

/* What a morpheme is to the phrase it belongs to. */
enum mclass {
	MC_INDEP = 0, /* an independent word: it starts a phrase */
	MC_NOUN,      /* a noun: starts a phrase, or continues a compound */
	MC_PREFIX,    /* お, ご: never a break after it */
	MC_ATTACH,    /* particle, auxiliary, suffix: belongs to the word
		       * before it */
	MC_OPEN,      /* an opening bracket */
	MC_PUNCT,     /* other punctuation: ends a phrase */
};

static bool field_is(const char *feature, int i, const char *want)
{
	size_t n = strlen(want);

	while (i-- > 0) {
		feature = strchr(feature, ',');
		if (!feature)
			return false;
		feature++;
	}
	return !strncmp(feature, want, n) &&
	       (feature[n] == ',' || feature[n] == '\0');
}

static enum mclass mclass_of(const char *f)
{
	if (field_is(f, 0, "接頭詞"))
		return MC_PREFIX;
	if (field_is(f, 0, "助詞") || field_is(f, 0, "助動詞") ||
	    field_is(f, 1, "接尾") || field_is(f, 1, "非自立") ||
	    field_is(f, 6, "くださる") || field_is(f, 6, "いただく") ||
	    field_is(f, 6, "する"))
		return MC_ATTACH; /* お声がけください, 印刷した: they help */
	if (field_is(f, 0, "記号"))
		return field_is(f, 1, "括弧開") ? MC_OPEN : MC_PUNCT;
	if (field_is(f, 0, "名詞"))
		return MC_NOUN;
	return MC_INDEP;
}

/* The break between two morphemes that touch (no space between). */
static enum lb_kind mlevel(enum mclass a, enum mclass b)
{
	if (a == MC_PREFIX || a == MC_OPEN || b == MC_PUNCT)
		return LB_NONE;
	if (b == MC_ATTACH)
		return LB_WORD; /* within a phrase: a last resort */
	if (a == MC_NOUN && b == MC_NOUN)
		return LB_CHAR; /* a compound noun longer than the line */
	return LB_PHRASE;         /* a phrase begins */
}

static bool has_japanese(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0xE3 && (unsigned char)s[i] <= 0xE9)
			return true; /* U+3000..U+9FFF: kana, kanji, 、。 */
	return false;
}

/* Puts MeCab's word and phrase boundaries over out[0..n): never inside a
 * word; between two words that touch, where UAX #14 and kinsoku allow a
 * break at all, the level mlevel() gives. */
static void words(const char *s, size_t n, uint8_t *out)
{
	mecab_lattice_t *lat;
	const mecab_node_t *m;
	enum mclass prev = MC_PUNCT;
	size_t prev_end = 0;
	bool prev_ja = false, any = false;

	for (size_t i = 0; i + 1 < n && !any; i++)
		any = out[i] != LB_NONE;
	if (!any || !has_japanese(s, n))
		return; /* a key's label, a word that cannot break anyway */
	pthread_once(&mc_once, mc_init);
	if (!mc_tagger)
		return;
	lat = mecab_model_new_lattice(mc_model);
	if (!lat)
		return;
	mecab_lattice_set_sentence2(lat, s, n);
	if (!mecab_parse_lattice(mc_tagger, lat)) {
		mecab_lattice_destroy(lat);
		return;
	}
	for (m = mecab_lattice_get_bos_node(lat); m; m = m->next) {
		size_t at = (size_t)(m->surface - s), end = at + m->length;
		enum mclass c;
		bool ja;

		if (m->stat == MECAB_BOS_NODE || m->stat == MECAB_EOS_NODE ||
		    !m->length || end > n)
			continue;
		c = mclass_of(m->feature);
		ja = has_japanese(m->surface, m->length);
		for (size_t i = at; i + 1 < end; i++)
			if (out[i] != LB_NONE && out[i] != LB_MUST)
				out[i] = LB_SPLIT; /* never inside a word */
		if (at && at == prev_end && (ja || prev_ja) &&
		    out[at - 1] != LB_NONE && out[at - 1] != LB_MUST)
			out[at - 1] = (uint8_t)mlevel(prev, c);
		prev = c;
		prev_end = end;
		prev_ja = ja;
	}
	mecab_lattice_destroy(lat);
}

void linebreak_find(const char *s, size_t len, const char *lang,
		    uint8_t *out)
{
	char brks[LINEBREAK_TEXT_MAX];
	size_t n = len < sizeof(brks) ? len : sizeof(brks);
	const char *p = s, *end = s + n;
	enum script prev = SC_OTHER;
	size_t last = 0;

	pthread_once(&lb_once, lb_init);
	memset(out, LB_NONE, len);
	if (!n)
		return;
	set_linebreaks_utf8((const utf8_t *)s, n, lang, brks);
	while (p < end && *p) {
		const char *at = p;
		uint32_t c = jtext_next(&p);
		size_t i = (size_t)(p - s) - 1; /* the character's last byte */
		enum script sc = script_of(c);

		if (at > s && brks[last] == LINEBREAK_ALLOWBREAK)
			out[last] = (uint8_t)level(prev, sc);
		else if (at > s && brks[last] == LINEBREAK_MUSTBREAK)
			out[last] = LB_MUST;
		prev = sc;
		last = i < n ? i : n - 1;
	}
	out[last] = LB_MUST;
	for (size_t i = n; i < len; i++)
		out[i] = LB_NONE;
	if (!lang || !strncmp(lang, "ja", 2))
		words(s, n, out);
}

/* True for the bytes a line may drop at its end. */
static bool trailing_space(const char *s, size_t i)
{
	return s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t';
}

static size_t trim_len(const char *s, size_t start, size_t end)
{
	while (end > start && trailing_space(s, end - 1))
		end--;
	if (end - start >= 3 && !memcmp(s + end - 3, "\xE3\x80\x80", 3))
		end -= 3; /* an ideographic space */
	return end - start;
}

/* The end (exclusive) of the longest run of whole characters from start
 * fitting max_w; at least one character. */
static size_t fit_chars(const char *s, size_t start, size_t n, int max_w,
			linebreak_width_fn width, void *ctx)
{
	const char *p = s + start;
	size_t best = 0;

	while ((size_t)(p - s) < n && *p) {
		jtext_next(&p);
		if (best && width(ctx, s + start, (size_t)(p - s) - start) >
				    max_w)
			break;
		best = (size_t)(p - s);
	}
	return best;
}

/* The end (exclusive) of the line starting at start; *next where the
 * following line starts. */
static size_t line_end(const char *s, size_t n, const uint8_t *brk,
		       size_t start, int max_w, linebreak_width_fn width,
		       void *ctx, size_t *next)
{
	size_t phrase = 0, chr = 0, word = 0, split = 0;

	for (size_t i = start; i < n; i++) {
		if (brk[i] == LB_NONE)
			continue;
		if (width(ctx, s + start, trim_len(s, start, i + 1)) > max_w)
			break;
		if (brk[i] == LB_MUST) {
			*next = i + 1;
			return i + 1;
		}
		if (brk[i] == LB_PHRASE)
			phrase = i + 1;
		else if (brk[i] == LB_CHAR)
			chr = i + 1;
		else if (brk[i] == LB_WORD)
			word = i + 1;
		else
			split = i + 1;
	}
	if (!phrase)
		phrase = chr;
	if (!phrase)
		phrase = word;
	if (!phrase)
		phrase = split;
	if (!phrase)
		phrase = fit_chars(s, start, n, max_w, width, ctx);
	*next = phrase;
	return phrase;
}

int linebreak_wrap(const char *s, const char *lang, int max_w,
		   linebreak_width_fn width, void *ctx, struct lb_line *lines,
		   int max_lines)
{
	uint8_t brk[LINEBREAK_TEXT_MAX];
	size_t n = strlen(s), at = 0;
	int count = 0;

	if (n > sizeof(brk))
		n = sizeof(brk);
	while (n && (s[n - 1] & 0xC0) == 0x80 && n < strlen(s))
		n--; /* cut at a character boundary */
	linebreak_find(s, n, lang, brk);
	while (at < n) {
		size_t next, end;

		while (at < n && s[at] == ' ')
			at++; /* a line never starts with a space */
		if (at >= n)
			break;
		end = line_end(s, n, brk, at, max_w, width, ctx, &next);
		if (count < max_lines) {
			lines[count].start = at;
			lines[count].len = trim_len(s, at, end);
		}
		count++;
		at = next;
	}
	return count;
}
