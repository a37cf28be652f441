/* design.c: the type scale, spacing, colours and icons (design.h). */
#include <string.h>

#include "fair/design.h"
#include "fair/jtext.h"

/* ---- sizes ---------------------------------------------------------- */

static int mm(double px_per_mm, double v)
{
	return (int)(px_per_mm * v + 0.5);
}

static int imax(int a, int b)
{
	return a > b ? a : b;
}

double design_px_per_mm(int w, int h, double dpi, double w_mm, double h_mm)
{
	if (w_mm > 0 && h_mm > 0) {
		/* the panel's long side goes with the output's long side */
		double lo = w_mm > h_mm ? w_mm : h_mm;
		int lp = w > h ? w : h;

		return lp / lo;
	}
	if (dpi >= 50 && dpi <= 600)
		return dpi / 25.4;
	return DS_DEFAULT_DPI / 25.4;
}

void design_init(struct design *d, int w, int h, double px_per_mm)
{
	double p = px_per_mm > 0 ? px_per_mm : DS_DEFAULT_DPI / 25.4;
	int shortest = w < h ? w : h;
	int body;

	memset(d, 0, sizeof(*d));
	d->w = w;
	d->h = h;
	d->px_per_mm = p;
	d->min_text_px = mm(p, DS_MIN_TEXT_MM);
	/* On a big screen text grows with it, the steps staying in ratio:
	 * a 1080p panel read from across a booth wants more than 7 mm. */
	body = imax(mm(p, DS_BODY_MM), shortest / 26);
	d->type_px[DS_BODY] = body;
	d->type_px[DS_CAPTION] = imax(d->min_text_px, body * 72 / 100);
	d->type_px[DS_TITLE] = body * 14 / 10;
	d->type_px[DS_DISPLAY] = body * 2;
	d->target_px = mm(p, DS_TARGET_MM);
	d->key_px = mm(p, DS_KEY_MM);
	d->gap = imax(2, mm(p, 2));
	d->margin = imax(4, mm(p, 3));
	d->pad = imax(2, mm(p, 2));
	d->radius = imax(2, mm(p, 1.5));
}

int design_line_pitch(int px)
{
	return px * 13 / 10;
}

int design_text_height(int px, int n_lines)
{
	return n_lines > 0 ? px + (n_lines - 1) * design_line_pitch(px) : 0;
}

/* ---- text widths ---------------------------------------------------- */

/* Noto Sans CJK JP Bold advances of ASCII 32..126, in 1/1000 em. */
static const unsigned short ascii_adv[95] = {
	227, 370, 574, 590, 590, 963, 740, 325, 378, 378, 507, 590, 325,
	370, 325, 387, 590, 590, 590, 590, 590, 590, 590, 590, 590, 590,
	325, 325, 590, 590, 590, 514, 1007, 641, 681, 656, 714, 615, 585,
	717, 757, 330, 568, 686, 578, 853, 749, 770, 667, 770, 682, 624,
	625, 748, 619, 915, 627, 580, 613, 378, 387, 378, 590, 567, 626,
	591, 644, 527, 644, 581, 372, 597, 640, 304, 306, 604, 315, 964,
	641, 626, 644, 644, 436, 495, 421, 637, 576, 863, 562, 574, 511,
	378, 296, 378, 590,
};

static int advance(uint32_t c)
{
	if (c >= 32 && c < 127)
		return ascii_adv[c - 32];
	if (c >= 0xFF61 && c <= 0xFF9F)
		return 500; /* half-width katakana */
	if (c < 32)
		return 0;
	return 1000; /* kana, kanji, symbols: full width, or narrower */
}

int design_text_width(const char *s, size_t n, int px)
{
	const char *p = s;
	long sum = 0;

	while ((size_t)(p - s) < n && *p)
		sum += advance(jtext_next(&p));
	return (int)((sum * px + 999) / 1000);
}

static int width_cb(void *ctx, const char *s, size_t n)
{
	return design_text_width(s, n, *(const int *)ctx);
}

/* Japanese rules as soon as the text holds kana or kanji. */
static const char *text_lang(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xE3)
			return "ja";
	return "en";
}

int design_wrap(const char *text, int px, int max_w, struct lb_line *lines,
		int max_lines)
{
	return linebreak_wrap(text, text_lang(text), max_w, width_cb, &px,
			      lines, max_lines);
}

static bool fits(const char *text, int px, int max_w, int max_h,
		 int max_lines)
{
	struct lb_line ln[16];
	int cap = max_lines < 16 ? max_lines : 16;
	int n = design_wrap(text, px, max_w, ln, cap);

	if (n > cap || design_text_height(px, n) > max_h)
		return false;
	for (int i = 0; i < n; i++) /* one character wider than the box */
		if (design_text_width(text + ln[i].start, ln[i].len, px) >
		    max_w)
			return false;
	return true;
}

int design_fit(const struct design *d, enum ds_type want, const char *text,
	       int max_w, int max_h, int max_lines)
{
	for (int t = want; t > DS_CAPTION; t--)
		if (fits(text, d->type_px[t], max_w, max_h, max_lines))
			return d->type_px[t];
	return d->type_px[DS_CAPTION];
}

int design_fill(const char *text, int min_px, int max_w, int max_h,
		int max_lines)
{
	int lo = min_px, hi = max_h, best = 0;

	while (lo <= hi) { /* wrapping is near enough monotonic */
		int mid = lo + (hi - lo) / 2;

		if (fits(text, mid, max_w, max_h, max_lines)) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return best;
}

/* ---- colours -------------------------------------------------------- */

struct ds_colours design_colours(enum widget_style st)
{
#define C(r, g, b) { r, g, b }
	static const struct ds_colours c[ST_STYLE_COUNT] = {
		[ST_PLAIN] = { C(226, 232, 240), C(22, 30, 40), C(22, 30, 40) },
		[ST_PRIMARY] = { C(21, 101, 192), C(255, 255, 255),
				 C(13, 71, 161) },
		[ST_DANGER] = { C(198, 40, 40), C(255, 255, 255),
				C(183, 28, 28) },
		[ST_DEMO] = { C(106, 27, 154), C(255, 235, 59),
			      C(106, 27, 154) },
		[ST_SELECTED] = { C(255, 179, 0), C(22, 30, 40),
				  C(22, 30, 40) },
		[ST_OK] = { C(30, 142, 62), C(255, 255, 255),
			    C(255, 255, 255) },
		[ST_WARN] = { C(249, 168, 37), C(22, 30, 40), C(22, 30, 40) },
		[ST_BAD] = { C(198, 40, 40), C(255, 255, 255),
			     C(255, 255, 255) },
		[ST_BUSY] = { C(96, 96, 96), C(255, 255, 255),
			      C(255, 255, 255) },
		[ST_MUTED] = { C(236, 239, 243), C(120, 130, 142),
			       C(84, 96, 110) },
		[ST_ERROR] = { C(255, 235, 238), C(198, 40, 40),
			       C(198, 40, 40) },
		[ST_SURFACE] = { C(250, 250, 250), C(22, 30, 40),
				 C(22, 30, 40) },
		[ST_HEADER] = { C(13, 71, 161), C(255, 255, 255),
				C(255, 255, 255) },
	};
#undef C
	return c[(unsigned)st < ST_STYLE_COUNT ? st : ST_PLAIN];
}

/* ---- icons ---------------------------------------------------------- */

#define L(x0, y0, x1, y1, w) { DS_LINE, x0, y0, x1, y1, w, 0 }
#define DISC(x, y, r) { DS_DISC, x, y, r, 0, 0, 0 }
#define RING(x, y, r, w) { DS_RING, x, y, r, 0, w, 0 }
#define RECT(x, y, w, h, s) { DS_RECT, x, y, w, h, s, 0 }
#define TRI(a, b, c, d, e, f) { DS_TRI, a, b, c, d, e, f }

static const struct ds_shape i_ok[] = {
	RING(.5f, .5f, .45f, .09f), L(.27f, .52f, .44f, .69f, .1f),
	L(.44f, .69f, .74f, .34f, .1f),
};
static const struct ds_shape i_already[] = {
	L(.5f, .1f, .92f, .86f, .09f), L(.92f, .86f, .08f, .86f, .09f),
	L(.08f, .86f, .5f, .1f, .09f), RING(.5f, .6f, .13f, .07f),
};
static const struct ds_shape i_refused[] = {
	RING(.5f, .5f, .45f, .09f), L(.32f, .32f, .68f, .68f, .1f),
	L(.68f, .32f, .32f, .68f, .1f),
};
static const struct ds_shape i_back[] = {
	L(.85f, .5f, .2f, .5f, .12f), L(.45f, .22f, .17f, .5f, .12f),
	L(.17f, .5f, .45f, .78f, .12f),
};
static const struct ds_shape i_next[] = {
	L(.15f, .5f, .8f, .5f, .12f), L(.55f, .22f, .83f, .5f, .12f),
	L(.83f, .5f, .55f, .78f, .12f),
};
static const struct ds_shape i_up[] = {
	TRI(.5f, .2f, .9f, .75f, .1f, .75f),
};
static const struct ds_shape i_down[] = {
	TRI(.1f, .25f, .9f, .25f, .5f, .8f),
};
static const struct ds_shape i_staff[] = {
	RECT(.18f, .45f, .64f, .47f, 0), RING(.5f, .42f, .22f, .09f),
	RECT(.18f, .45f, .64f, .47f, 0), DISC(.5f, .65f, .06f),
};
static const struct ds_shape i_register[] = {
	DISC(.38f, .3f, .17f), TRI(.08f, .9f, .68f, .9f, .38f, .5f),
	DISC(.38f, .72f, .26f), L(.8f, .3f, .8f, .62f, .09f),
	L(.64f, .46f, .96f, .46f, .09f),
};
static const struct ds_shape i_lang[] = {
	RING(.5f, .5f, .42f, .07f), L(.08f, .5f, .92f, .5f, .06f),
	L(.5f, .08f, .5f, .92f, .06f), RING(.5f, .5f, .2f, .06f),
};
static const struct ds_shape i_clock[] = {
	RING(.5f, .5f, .42f, .08f), L(.5f, .5f, .5f, .24f, .08f),
	L(.5f, .5f, .7f, .6f, .08f),
};
static const struct ds_shape i_search[] = {
	RING(.42f, .42f, .27f, .09f), L(.62f, .62f, .88f, .88f, .13f),
};
static const struct ds_shape i_list[] = {
	DISC(.17f, .25f, .07f), L(.32f, .25f, .88f, .25f, .09f),
	DISC(.17f, .5f, .07f), L(.32f, .5f, .88f, .5f, .09f),
	DISC(.17f, .75f, .07f), L(.32f, .75f, .88f, .75f, .09f),
};
static const struct ds_shape i_place[] = {
	DISC(.5f, .38f, .28f), TRI(.25f, .5f, .75f, .5f, .5f, .93f),
	DISC(.5f, .38f, .1f),
};
static const struct ds_shape i_export[] = {
	L(.5f, .1f, .5f, .6f, .1f), L(.28f, .4f, .5f, .62f, .1f),
	L(.5f, .62f, .72f, .4f, .1f), L(.12f, .62f, .12f, .88f, .08f),
	L(.12f, .88f, .88f, .88f, .08f), L(.88f, .88f, .88f, .62f, .08f),
};
static const struct ds_shape i_exit[] = {
	L(.55f, .12f, .15f, .12f, .08f), L(.15f, .12f, .15f, .88f, .08f),
	L(.15f, .88f, .55f, .88f, .08f), L(.38f, .5f, .9f, .5f, .1f),
	L(.7f, .3f, .9f, .5f, .1f), L(.9f, .5f, .7f, .7f, .1f),
};
static const struct ds_shape i_power[] = {
	RING(.5f, .55f, .36f, .09f), RECT(.38f, .05f, .24f, .3f, 0),
	L(.5f, .1f, .5f, .5f, .1f),
};
static const struct ds_shape i_print[] = {
	RECT(.28f, .1f, .44f, .28f, .07f), RECT(.08f, .36f, .84f, .36f, 0),
	RECT(.28f, .6f, .44f, .3f, 0), RECT(.34f, .66f, .32f, .18f, 0),
};
static const struct ds_shape i_void[] = {
	L(.12f, .2f, .88f, .2f, .08f), RECT(.38f, .08f, .24f, .1f, .06f),
	L(.22f, .28f, .28f, .9f, .08f), L(.28f, .9f, .72f, .9f, .08f),
	L(.72f, .9f, .78f, .28f, .08f), L(.42f, .4f, .43f, .78f, .06f),
	L(.58f, .4f, .57f, .78f, .06f),
};
static const struct ds_shape i_qr[] = {
	RECT(.06f, .06f, .34f, .34f, .08f), RECT(.16f, .16f, .14f, .14f, 0),
	RECT(.6f, .06f, .34f, .34f, .08f), RECT(.7f, .16f, .14f, .14f, 0),
	RECT(.06f, .6f, .34f, .34f, .08f), RECT(.16f, .7f, .14f, .14f, 0),
	RECT(.6f, .6f, .12f, .12f, 0), RECT(.82f, .6f, .12f, .12f, 0),
	RECT(.71f, .71f, .12f, .12f, 0), RECT(.6f, .82f, .12f, .12f, 0),
	RECT(.82f, .82f, .12f, .12f, 0), RECT(.46f, .06f, .1f, .1f, 0),
	RECT(.46f, .3f, .1f, .2f, 0), RECT(.06f, .46f, .2f, .1f, 0),
};
static const struct ds_shape i_camera[] = {
	RECT(.06f, .28f, .88f, .58f, .08f), RECT(.32f, .16f, .36f, .14f, 0),
	RING(.5f, .57f, .17f, .08f), DISC(.8f, .4f, .04f),
};
static const struct ds_shape i_scanner[] = {
	TRI(.1f, .2f, .72f, .12f, .72f, .46f), TRI(.1f, .2f, .72f, .46f,
					      .14f, .44f),
	TRI(.45f, .4f, .7f, .4f, .62f, .92f), TRI(.45f, .4f, .62f, .92f,
						 .4f, .9f),
	L(.74f, .16f, .96f, .04f, .04f), L(.74f, .29f, .98f, .29f, .04f),
	L(.74f, .42f, .96f, .54f, .04f),
};
static const struct ds_shape i_check[] = {
	L(.14f, .52f, .4f, .78f, .13f), L(.4f, .78f, .88f, .24f, .13f),
};
static const struct ds_shape i_alert[] = {
	TRI(.5f, .06f, .96f, .9f, .04f, .9f), RECT(.45f, .32f, .1f, .32f, 0),
	RECT(.45f, .7f, .1f, .1f, 0),
};
static const struct ds_shape i_space[] = {
	L(.12f, .45f, .12f, .7f, .09f), L(.12f, .7f, .88f, .7f, .09f),
	L(.88f, .7f, .88f, .45f, .09f),
};

/* Faces: a ring, two eyes and a mouth whose corners rise with the
 * rating; drawn, never emoticons typed in a font. */
#define FACE RING(.5f, .5f, .44f, .07f), DISC(.35f, .4f, .06f), \
	DISC(.65f, .4f, .06f)
static const struct ds_shape i_face1[] = {
	FACE, L(.3f, .76f, .5f, .64f, .07f), L(.5f, .64f, .7f, .76f, .07f),
};
static const struct ds_shape i_face2[] = {
	FACE, L(.32f, .72f, .5f, .67f, .07f), L(.5f, .67f, .68f, .72f, .07f),
};
static const struct ds_shape i_face3[] = {
	FACE, L(.32f, .69f, .68f, .69f, .07f),
};
static const struct ds_shape i_face4[] = {
	FACE, L(.32f, .65f, .5f, .72f, .07f), L(.5f, .72f, .68f, .65f, .07f),
};
static const struct ds_shape i_face5[] = {
	FACE, L(.26f, .58f, .5f, .8f, .08f), L(.5f, .8f, .74f, .58f, .08f),
};

#define N(a) (int)(sizeof(a) / sizeof(a[0]))
#define ICON(id, a) [id] = { a, N(a) }

const struct ds_shape *design_icon(enum ds_icon icon, int *n)
{
	static const struct {
		const struct ds_shape *s;
		int n;
	} icons[ICON_COUNT] = {
		ICON(ICON_OK, i_ok), ICON(ICON_ALREADY, i_already),
		ICON(ICON_REFUSED, i_refused), ICON(ICON_BACK, i_back),
		ICON(ICON_NEXT, i_next), ICON(ICON_UP, i_up),
		ICON(ICON_DOWN, i_down), ICON(ICON_STAFF, i_staff),
		ICON(ICON_REGISTER, i_register), ICON(ICON_LANG, i_lang),
		ICON(ICON_CLOCK, i_clock), ICON(ICON_SEARCH, i_search),
		ICON(ICON_LIST, i_list), ICON(ICON_PLACE, i_place),
		ICON(ICON_EXPORT, i_export), ICON(ICON_EXIT, i_exit),
		ICON(ICON_POWER, i_power), ICON(ICON_PRINT, i_print),
		ICON(ICON_VOID, i_void), ICON(ICON_QR, i_qr),
		ICON(ICON_CAMERA, i_camera), ICON(ICON_SCANNER, i_scanner),
		ICON(ICON_CHECK, i_check), ICON(ICON_ALERT, i_alert),
		ICON(ICON_SPACE, i_space), ICON(ICON_FACE1, i_face1),
		ICON(ICON_FACE2, i_face2), ICON(ICON_FACE3, i_face3),
		ICON(ICON_FACE4, i_face4), ICON(ICON_FACE5, i_face5),
	};

	if ((unsigned)icon >= ICON_COUNT || !icons[icon].s) {
		*n = 0;
		return NULL;
	}
	*n = icons[icon].n;
	return icons[icon].s;
}
