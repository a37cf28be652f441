/* render.c: the only file that draws with SDL. Window, fonts found through
 * fontconfig, a text texture cache, the layout's widgets, the QR, the
 * camera preview, screenshots, badge images and (the speaker being an
 * output too) the sounds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>

#include "fair/design.h"
#include "fair/qr.h"
#include "kiosk.h"

#define TEXT_CACHE 256     /* rendered strings kept as textures */
#define PREVIEW_MAX (1920 * 1080)

/* One open face per weight, set to the size last asked for. Opening a
 * face per size cost a first frame most of its time: SDL_ttf reads a face
 * through a stream, so FreeType and HarfBuzz copied megabytes of the CJK
 * collection's tables for every size. Changing a face's size is
 * microseconds; what is drawn at a size is kept as a texture (texts[]). */
struct face {
	TTF_Font *font;        /* NULL until first used */
	int px;                /* its current pixel size */
};

struct text_slot {
	char text[LAYOUT_TEXT + 8]; /* a line, perhaps with an ellipsis */
	int px;
	bool bold;
	int wrap;              /* wrap width, 0 for one line */
	SDL_Color fg;
	SDL_Texture *tex;      /* NULL = unused */
	int w, h;
	int above;             /* font ascent less the em's top (0.88 em) */
	unsigned long used;    /* for least-recently-used eviction */
};

/* A font file mapped once, for the faces opened from it. */
struct font_map {
	void *p;               /* NULL until mapped, or if mapping failed */
	size_t len;
};

struct render {
	SDL_Window *win;
	SDL_Renderer *ren;
	char font_path[4096];
	int font_index;
	char bold_path[4096];  /* the bold face; "" = embolden the regular */
	int bold_index;
	struct font_map maps[2]; /* regular, bold */
	SDL_Texture *logo;     /* the event's logo, loaded once */
	char logo_path[4096];
	struct face faces[2];  /* regular, bold */
	char font_error[256];  /* why the regular face did not open */
	int64_t video_us;      /* when SDL_Init(VIDEO) began, for the trace */
	struct text_slot texts[TEXT_CACHE];
	unsigned long tick;
	SDL_Texture *qr_tex;   /* the QR of qr_token */
	char qr_token[TOKEN_TEXT_MAX];
	SDL_Texture *preview;
	int preview_w, preview_h;
	uint8_t *preview_buf;  /* gray frame = the Y plane */
	uint8_t *uv_buf;       /* neutral chroma planes (128) */
	SDL_AudioDeviceID audio; /* 0 = silent */
	bool tones;              /* [screen] sound: the result's tones */
	SDL_AudioSpec spec;
	Uint8 *wav[SOUND_COUNT];
	Uint32 wav_len[SOUND_COUNT];
};

/* ---- fonts ---------------------------------------------------------- */

static bool font_try(FcConfig *fc, const char *name, char *path, size_t cap,
		     int *index)
{
	FcPattern *p = FcNameParse((const FcChar8 *)name);
	FcPattern *m;
	FcResult res;
	FcCharSet *cs = NULL;
	FcChar8 *file = NULL;
	bool ok = false;

	if (!p)
		return false;
	FcConfigSubstitute(fc, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	m = FcFontMatch(fc, p, &res);
	/* fontconfig always matches something: insist on kana and kanji */
	if (m && FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) == FcResultMatch &&
	    FcCharSetHasChar(cs, 0x30A2) && FcCharSetHasChar(cs, 0x65E5) &&
	    FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
		snprintf(path, cap, "%s", (const char *)file);
		if (FcPatternGetInteger(m, FC_INDEX, 0, index) != FcResultMatch)
			*index = 0;
		ok = true;
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(p);
	return ok;
}

static int font_find(struct render *r, struct fair_err *err)
{
	static const char *const names[] = {
		"Noto Sans CJK JP:lang=ja", "IPAexGothic:lang=ja",
		"IPAGothic:lang=ja", "sans-serif:lang=ja",
	};
	static const char *const bold[] = {
		"Noto Sans CJK JP:style=Bold:lang=ja",
		"sans-serif:weight=bold:lang=ja",
	};
	const char *env = getenv("FAIRKIOSK_FONT");
	FcConfig *fc;
	bool ok = false, bok = false;

	if (env && env[0]) {
		snprintf(r->font_path, sizeof(r->font_path), "%s", env);
		r->font_index = 0;
		return 0;
	}
	fc = FcInitLoadConfigAndFonts();
	for (size_t i = 0; !ok && fc && i < sizeof(names) / sizeof(names[0]);
	     i++)
		ok = font_try(fc, names[i], r->font_path,
			      sizeof(r->font_path), &r->font_index);
	for (size_t i = 0; ok && !bok && i < sizeof(bold) / sizeof(bold[0]);
	     i++)
		bok = font_try(fc, bold[i], r->bold_path,
			       sizeof(r->bold_path), &r->bold_index) &&
		      strcmp(r->bold_path, r->font_path);
	if (!bok)
		r->bold_path[0] = '\0';
	if (fc)
		FcConfigDestroy(fc);
	if (!ok)
		return fair_fail(err, FAIR_ENOENT,
				 "no Japanese font found through fontconfig:"
				 " install the package fonts-noto-cjk (or"
				 " fonts-ipaexfont), see fonts/README.md");
	return 0;
}

static void font_map(struct font_map *m, const char *path)
{
	struct stat st;
	int fd;

	if (m->p)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		m->p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			    fd, 0);
		m->len = (size_t)st.st_size;
		if (m->p == MAP_FAILED)
			m->p = NULL;
	}
	close(fd);
}

/* Opens path at px from its mapping (or, if it could not be mapped, from
 * the file). */
static TTF_Font *font_open_at(struct font_map *m, const char *path,
			      int index, int px)
{
	SDL_RWops *rw;

	font_map(m, path);
	if (!m->p)
		return TTF_OpenFontIndex(path, px, index);
	rw = SDL_RWFromConstMem(m->p, (int)m->len);
	return rw ? TTF_OpenFontIndexRW(rw, 1, px, index) : NULL;
}

static TTF_Font *font_open(struct render *r, int px, bool bold)
{
	TTF_Font *f;

	if (bold && r->bold_path[0])
		return font_open_at(&r->maps[1], r->bold_path, r->bold_index,
				    px);
	f = font_open_at(&r->maps[0], r->font_path, r->font_index, px);
	if (f && bold) /* no bold face installed: embolden the regular */
		TTF_SetFontStyle(f, TTF_STYLE_BOLD);
	return f;
}

static TTF_Font *font_get(struct render *r, int px, bool bold)
{
	struct face *f = &r->faces[bold ? 1 : 0];

	if (px < 8)
		px = 8;
	if (!f->font) {
		f->font = font_open(r, px, bold);
		f->px = px;
	} else if (f->px != px) {
		if (TTF_SetFontSize(f->font, px))
			return NULL;
		f->px = px;
	}
	return f->font;
}

/* Opens both faces (at any size: font_get sets the size asked for);
 * run on a thread of its own by render_open. */
static int faces_open(void *arg)
{
	struct render *r = arg;

	if (!font_get(r, 24, false))
		snprintf(r->font_error, sizeof(r->font_error), "%s",
			 TTF_GetError());
	font_get(r, 24, true);
	return 0;
}

/* ---- text ----------------------------------------------------------- */

static bool color_eq(SDL_Color a, SDL_Color b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static struct text_slot *text_get(struct render *r, const char *text, int px,
				  bool bold, SDL_Color fg)
{
	struct text_slot *victim = &r->texts[0];
	TTF_Font *font;
	SDL_Surface *s;

	r->tick++;
	for (int i = 0; i < TEXT_CACHE; i++) {
		struct text_slot *t = &r->texts[i];

		if (t->tex && t->px == px && t->bold == bold &&
		    color_eq(t->fg, fg) && !strcmp(t->text, text)) {
			t->used = r->tick;
			return t;
		}
		if (!t->tex || t->used < victim->used)
			victim = t;
	}
	font = font_get(r, px, bold);
	if (!font)
		return NULL;
	s = TTF_RenderUTF8_Blended(font, text, fg);
	if (!s)
		return NULL;
	if (victim->tex)
		SDL_DestroyTexture(victim->tex);
	victim->tex = SDL_CreateTextureFromSurface(r->ren, s);
	victim->w = s->w;
	victim->h = s->h;
	/* CJK faces put the em's top 0.88 em above the baseline */
	victim->above = TTF_FontAscent(font) - px * 88 / 100;
	SDL_FreeSurface(s);
	snprintf(victim->text, sizeof(victim->text), "%s", text);
	victim->px = px;
	victim->bold = bold;
	victim->wrap = 0;
	victim->fg = fg;
	victim->used = r->tick;
	return victim->tex ? victim : NULL;
}

/* One line with its em box's top at y, in the box [x, x + w): centred,
 * or from x when left. The layout measured it; if the real font is wider
 * (another face than Noto), it is narrowed to fit rather than cut. */
static void draw_line(struct render *r, const char *text, int px, bool bold,
		      SDL_Rect box, int y, bool left, SDL_Color fg)
{
	struct text_slot *t;
	SDL_Rect d;

	if (!text[0])
		return;
	t = text_get(r, text, px, bold, fg);
	if (!t)
		return;
	d.w = t->w < box.w + px / 4 ? t->w : box.w + px / 4;
	d.h = t->h;
	d.x = left ? box.x : box.x + (box.w - d.w) / 2;
	d.y = y - t->above;
	SDL_RenderCopy(r->ren, t->tex, NULL, &d);
}

/* The layout's lines of w, in its text box. */
static void draw_text(struct render *r, const struct widget *w, SDL_Color fg)
{
	SDL_Rect box = { w->text_r.x, w->text_r.y, w->text_r.w, w->text_r.h };
	char line[LAYOUT_TEXT + 4];
	int pitch = design_line_pitch(w->px);

	for (int i = 0; i < w->n_lines; i++) {
		int len = (int)w->line[i].len;
		bool last = i == w->n_lines - 1;

		snprintf(line, sizeof(line), "%.*s%s", len,
			 w->text + w->line[i].start,
			 last && w->clipped ? "…" : "");
		draw_line(r, line, w->px, w->bold, box, box.y + i * pitch,
			  w->left, fg);
	}
}

/* ---- colours -------------------------------------------------------- */

static SDL_Color sdl_colour(struct ds_colour c)
{
	SDL_Color s = { c.r, c.g, c.b, 255 };

	return s;
}

static void fill(struct render *r, SDL_Rect rect, SDL_Color c)
{
	SDL_SetRenderDrawColor(r->ren, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(r->ren, &rect);
}

/* ---- shapes --------------------------------------------------------- */

#define ARC_STEPS 24

static void tri(struct render *r, SDL_Color c, float x0, float y0, float x1,
		float y1, float x2, float y2)
{
	SDL_Vertex v[3] = {
		{ { x0, y0 }, c, { 0, 0 } },
		{ { x1, y1 }, c, { 0, 0 } },
		{ { x2, y2 }, c, { 0, 0 } },
	};

	SDL_RenderGeometry(r->ren, NULL, v, 3, NULL, 0);
}

static void disc(struct render *r, SDL_Color c, float x, float y, float rad)
{
	for (int i = 0; i < ARC_STEPS; i++) {
		float a0 = (float)(2 * M_PI * i / ARC_STEPS);
		float a1 = (float)(2 * M_PI * (i + 1) / ARC_STEPS);

		tri(r, c, x, y, x + rad * cosf(a0), y + rad * sinf(a0),
		    x + rad * cosf(a1), y + rad * sinf(a1));
	}
}

static void thick_line(struct render *r, SDL_Color c, float x0, float y0,
		       float x1, float y1, float wd)
{
	float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
	float nx, ny;

	if (len <= 0)
		return;
	nx = -dy / len * wd / 2;
	ny = dx / len * wd / 2;
	tri(r, c, x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny);
	tri(r, c, x0 + nx, y0 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny);
	disc(r, c, x0, y0, wd / 2); /* round joints */
	disc(r, c, x1, y1, wd / 2);
}

static void ring(struct render *r, SDL_Color c, float x, float y, float rad,
		 float wd)
{
	for (int i = 0; i < ARC_STEPS * 2; i++) {
		float a0 = (float)(M_PI * i / ARC_STEPS);
		float a1 = (float)(M_PI * (i + 1) / ARC_STEPS);
		float ro = rad + wd / 2, ri = rad - wd / 2;

		tri(r, c, x + ro * cosf(a0), y + ro * sinf(a0),
		    x + ro * cosf(a1), y + ro * sinf(a1), x + ri * cosf(a0),
		    y + ri * sinf(a0));
		tri(r, c, x + ri * cosf(a0), y + ri * sinf(a0),
		    x + ro * cosf(a1), y + ro * sinf(a1), x + ri * cosf(a1),
		    y + ri * sinf(a1));
	}
}

/* A box with rounded corners: the design's one button shape. */
static void fill_round(struct render *r, SDL_Rect b, int rad, SDL_Color c)
{
	SDL_Rect mid = { b.x + rad, b.y, b.w - 2 * rad, b.h };
	SDL_Rect side = { b.x, b.y + rad, b.w, b.h - 2 * rad };

	if (rad <= 0 || b.w < 2 * rad || b.h < 2 * rad) {
		fill(r, b, c);
		return;
	}
	fill(r, mid, c);
	fill(r, side, c);
	disc(r, c, b.x + rad, b.y + rad, rad);
	disc(r, c, b.x + b.w - rad, b.y + rad, rad);
	disc(r, c, b.x + rad, b.y + b.h - rad, rad);
	disc(r, c, b.x + b.w - rad, b.y + b.h - rad, rad);
}

static void draw_icon(struct render *r, struct lrect at, enum ds_icon icon,
		      SDL_Color c)
{
	int n;
	const struct ds_shape *sh = design_icon(icon, &n);
	float s = (float)(at.w < at.h ? at.w : at.h);
	float ox = at.x + (at.w - s) / 2, oy = at.y + (at.h - s) / 2;

	for (int i = 0; i < n; i++) {
		const struct ds_shape *p = &sh[i];
		float a = ox + p->a * s, b = oy + p->b * s;

		switch (p->kind) {
		case DS_LINE:
			thick_line(r, c, a, b, ox + p->c * s, oy + p->d * s,
				   p->e * s);
			break;
		case DS_DISC:
			disc(r, c, a, b, p->c * s);
			break;
		case DS_RING:
			ring(r, c, a, b, p->c * s, p->e * s);
			break;
		case DS_RECT:
			if (p->e > 0) {
				float w = p->c * s, h = p->d * s, t = p->e * s;

				thick_line(r, c, a, b, a + w, b, t);
				thick_line(r, c, a + w, b, a + w, b + h, t);
				thick_line(r, c, a + w, b + h, a, b + h, t);
				thick_line(r, c, a, b + h, a, b, t);
			} else {
				SDL_Rect q = { (int)a, (int)b,
					       (int)(p->c * s + 0.5f),
					       (int)(p->d * s + 0.5f) };

				fill(r, q, c);
			}
			break;
		case DS_TRI:
			tri(r, c, a, b, ox + p->c * s, oy + p->d * s,
			    ox + p->e * s, oy + p->f * s);
			break;
		}
	}
}

/* ---- widgets -------------------------------------------------------- */

static SDL_Rect sdl_rect(const struct lrect *l)
{
	SDL_Rect s = { l->x, l->y, l->w, l->h };

	return s;
}

static void draw_demo_stripes(struct render *r, SDL_Rect b)
{
	SDL_Color y = { 255, 235, 59, 255 };
	int t = b.h / 12 + 2;
	SDL_Rect top = { b.x, b.y, b.w, t };
	SDL_Rect bot = { b.x, b.y + b.h - t, b.w, t };

	fill(r, top, y);
	fill(r, bot, y);
}

static void draw_box(struct render *r, const struct widget *w, int radius)
{
	struct ds_colours c = design_colours(w->style);
	SDL_Rect b = sdl_rect(&w->r);
	SDL_Color fg = sdl_colour(c.fg);

	fill_round(r, b, w->kind == W_KEY ? radius / 2 : radius,
		   sdl_colour(c.bg));
	if (w->style == ST_DEMO)
		draw_demo_stripes(r, b);
	if (w->icon != ICON_NONE && w->icon_r.w > 0)
		draw_icon(r, w->icon_r, w->icon, fg);
	draw_text(r, w, fg);
}

static void draw_field(struct render *r, const struct widget *w, int radius)
{
	SDL_Rect b = sdl_rect(&w->r);
	SDL_Rect in = { b.x + 3, b.y + 3, b.w - 6, b.h - 6 };

	fill_round(r, b, radius, sdl_colour(design_colours(ST_PRIMARY).bg));
	fill_round(r, in, radius, sdl_colour(design_colours(ST_SURFACE).bg));
	draw_text(r, w, sdl_colour(design_colours(ST_SURFACE).fg));
}

static void draw_qr(struct render *r, const struct widget *w)
{
	SDL_Rect b = sdl_rect(&w->r);
	int side = b.w < b.h ? b.w : b.h;
	SDL_Rect d = { b.x, b.y, side, side };

	if (!w->text[0])
		return;
	if (!r->qr_tex || strcmp(r->qr_token, w->text)) {
		struct qr_code q;
		uint8_t *px = NULL;
		int n = 0;
		SDL_Surface *s;

		if (r->qr_tex)
			SDL_DestroyTexture(r->qr_tex);
		r->qr_tex = NULL;
		if (qr_encode(w->text, &q))
			return;
		if (qr_render_gray(&q, 1, &px, &n) == 0) {
			s = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32,
						 SDL_PIXELFORMAT_ARGB8888);
			for (int i = 0; s && i < n * n; i++)
				((Uint32 *)s->pixels)[(i / n) * (s->pitch / 4) +
						      i % n] =
					0xFF000000u | px[i] * 0x010101u;
			if (s) {
				r->qr_tex = SDL_CreateTextureFromSurface(r->ren,
									 s);
				SDL_FreeSurface(s);
			}
			free(px);
		}
		qr_free(&q);
		snprintf(r->qr_token, sizeof(r->qr_token), "%s", w->text);
	}
	if (r->qr_tex) /* scaled with nearest pixels: crisp modules */
		SDL_RenderCopy(r->ren, r->qr_tex, NULL, &d);
}

static void draw_preview(struct render *r, const struct widget *w,
			 struct inputs *in)
{
	SDL_Rect b = sdl_rect(&w->r);
	int pw, ph;

	fill(r, b, sdl_colour(design_colours(ST_MUTED).bg));
	if (in && r->preview_buf && r->uv_buf &&
	    inputs_preview(in, r->preview_buf, PREVIEW_MAX, &pw, &ph)) {
		if (!r->preview || pw != r->preview_w || ph != r->preview_h) {
			if (r->preview)
				SDL_DestroyTexture(r->preview);
			r->preview = SDL_CreateTexture(
				r->ren, SDL_PIXELFORMAT_IYUV,
				SDL_TEXTUREACCESS_STREAMING, pw, ph);
			r->preview_w = pw;
			r->preview_h = ph;
		}
		if (r->preview)
			SDL_UpdateYUVTexture(r->preview, NULL, r->preview_buf,
					     pw, r->uv_buf, pw / 2, r->uv_buf,
					     pw / 2);
	}
	if (r->preview)
		SDL_RenderCopy(r->ren, r->preview, NULL, &b);
	else
		draw_text(r, w, sdl_colour(design_colours(ST_MUTED).fg));
}

/* The event's logo (a PNG or JPEG from the bundle), kept while shown. */
static void draw_image(struct render *r, const struct widget *w)
{
	SDL_Rect b = sdl_rect(&w->r), d;
	int tw, th;

	if (!r->logo || strcmp(r->logo_path, w->text)) {
		if (r->logo)
			SDL_DestroyTexture(r->logo);
		r->logo = IMG_LoadTexture(r->ren, w->text);
		snprintf(r->logo_path, sizeof(r->logo_path), "%s", w->text);
	}
	if (!r->logo || SDL_QueryTexture(r->logo, NULL, NULL, &tw, &th) ||
	    tw <= 0 || th <= 0)
		return;
	d.w = b.w - 8;
	d.h = d.w * th / tw;
	if (d.h > b.h - 8) {
		d.h = b.h - 8;
		d.w = d.h * tw / th;
	}
	d.x = b.x + (b.w - d.w) / 2;
	d.y = b.y + (b.h - d.h) / 2;
	SDL_RenderCopy(r->ren, r->logo, NULL, &d);
}

/* The handwriting pad: a framed square with a centre cross (writers
 * size a kanji to the box) and the ink, 3 px wide, in pad units scaled
 * to the widget; the hint while it is empty. */
static void draw_pad(struct render *r, const struct widget *w, int radius,
		     const struct hw_ink *ink)
{
	SDL_Color ink_c = sdl_colour(design_colours(ST_SURFACE).text);
	SDL_Color guide = sdl_colour(design_colours(ST_MUTED).bg);
	SDL_Rect in;

	in = (SDL_Rect){ w->r.x + 3, w->r.y + 3, w->r.w - 6, w->r.h - 6 };
	fill_round(r, sdl_rect(&w->r), radius,
		   sdl_colour(design_colours(ST_PRIMARY).bg));
	fill_round(r, in, radius, sdl_colour(design_colours(ST_SURFACE).bg));
	fill(r, (SDL_Rect){ in.x + in.w / 2, in.y, 1, in.h }, guide);
	fill(r, (SDL_Rect){ in.x, in.y + in.h / 2, in.w, 1 }, guide);
	if (!ink || ink->n == 0) {
		draw_text(r, w, sdl_colour(design_colours(ST_MUTED).text));
		return;
	}
	SDL_SetRenderDrawColor(r->ren, ink_c.r, ink_c.g, ink_c.b, 255);
	for (int i = 1; i < ink->n; i++) {
		const struct hw_point *p = &ink->p[i - 1], *q = &ink->p[i];
		int x0 = in.x + p->x * in.w / HW_SIDE;
		int y0 = in.y + p->y * in.h / HW_SIDE;
		int x1 = in.x + q->x * in.w / HW_SIDE;
		int y1 = in.y + q->y * in.h / HW_SIDE;

		if (p->stroke != q->stroke)
			continue;
		for (int d = -1; d <= 1; d++) {
			SDL_RenderDrawLine(r->ren, x0 + d, y0, x1 + d, y1);
			SDL_RenderDrawLine(r->ren, x0, y0 + d, x1, y1 + d);
		}
	}
}

static void draw_widget(struct render *r, const struct layout *l,
			const struct widget *w, struct inputs *in)
{
	SDL_Rect b = sdl_rect(&w->r);
	struct ds_colours c = design_colours(w->style);

	switch (w->kind) {
	case W_FILL:
		fill(r, b, sdl_colour(c.bg));
		break;
	case W_TITLE:
	case W_TEXT:
		if (w->icon != ICON_NONE && w->icon_r.w > 0)
			draw_icon(r, w->icon_r, w->icon, sdl_colour(c.text));
		draw_text(r, w, sdl_colour(c.text));
		break;
	case W_ICON:
		draw_icon(r, w->icon_r, w->icon, sdl_colour(c.text));
		break;
	case W_BUTTON:
	case W_KEY:
	case W_ROW:
		draw_box(r, w, l->ds.radius);
		break;
	case W_FIELD:
		draw_field(r, w, l->ds.radius);
		break;
	case W_QR:
		draw_qr(r, w);
		break;
	case W_PREVIEW:
		draw_preview(r, w, in);
		break;
	case W_IMAGE:
		draw_image(r, w);
		break;
	case W_PAD:
		draw_pad(r, w, l->ds.radius, l->ink);
		break;
	default:
		break;
	}
}

static void draw_frame(struct render *r, const struct layout *l,
		       struct inputs *in)
{
	struct ds_colour bg = design_colours(ST_SURFACE).bg;

	SDL_SetRenderDrawColor(r->ren, bg.r, bg.g, bg.b, 255);
	SDL_RenderClear(r->ren);
	for (int i = 0; i < l->n; i++)
		draw_widget(r, l, &l->w[i], in);
}

void render_frame(struct render *r, const struct layout *l,
		  struct inputs *in)
{
	draw_frame(r, l, in);
	SDL_RenderPresent(r->ren);
}

bool render_bare_console(const struct render *r)
{
	const char *d = SDL_GetCurrentVideoDriver();

	(void)r;
	return d && !strcasecmp(d, "kmsdrm"); /* SDL says KMSDRM */
}

int64_t render_video_start_us(const struct render *r)
{
	return r->video_us;
}

void render_describe(const struct render *r, char *out, size_t n)
{
	SDL_RendererInfo info = { 0 };

	if (SDL_GetRendererInfo(r->ren, &info) != 0)
		info.name = "?";
	/* SDL_RENDER_DRIVER=software is a wish: without a framebuffer of
	 * its own (KMSDRM in SDL 2.26) SDL falls back to a GL renderer */
	snprintf(out, n, "%s/%s", SDL_GetCurrentVideoDriver(), info.name);
}

void render_size(struct render *r, int *w, int *h)
{
	if (SDL_GetRendererOutputSize(r->ren, w, h))
		SDL_GetWindowSize(r->win, w, h);
}

int render_screenshot(struct render *r, const struct layout *l,
		      struct inputs *in, const char *path,
		      struct fair_err *err)
{
	int w, h, rc = 0;
	SDL_Surface *s;

	/* Drawn again and read before it is presented: after a present a
	 * GL back buffer (Wayland) holds nothing defined. */
	draw_frame(r, l, in);
	render_size(r, &w, &h);
	s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
					   SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return fair_fail(err, FAIR_ENOMEM,
				 "no memory for a screenshot");
	if (SDL_RenderReadPixels(r->ren, NULL, SDL_PIXELFORMAT_ARGB8888,
				 s->pixels, s->pitch) ||
	    IMG_SavePNG(s, path))
		rc = fair_fail(err, FAIR_EIO, "cannot save '%s': %s", path,
			       SDL_GetError());
	SDL_FreeSurface(s);
	SDL_RenderPresent(r->ren);
	return rc;
}

/* ---- badge image for the printer ------------------------------------ */

/* The student's name under the badge's QR, centred: at the label's size
 * on one or two lines broken where a reader expects (design_wrap: kinsoku,
 * after the space between family and given name, never inside 印刷 or a
 * katakana word), so a long name on 62 mm tape stays at reading size
 * instead of shrinking to one thin line. Only a name two lines cannot hold
 * is set smaller, down to a third of the size. */
static void badge_name(struct render *r, SDL_Surface *s,
		       const struct label_geom *g, const char *name)
{
	SDL_Color black = { 0, 0, 0, 255 };
	int max_w = g->width_px - 2 * g->margin_px;
	int px = g->name_px, n;
	struct lb_line ln[2];
	TTF_Font *font;

	while ((n = design_wrap(name, px, max_w, ln, 2)) > 2 &&
	       px > g->name_px / 3)
		px = px * 9 / 10;
	font = font_get(r, px, true);
	if (!font)
		return;
	for (int i = 0; i < n && i < 2; i++) {
		char line[BRAIN_FIELD_MAX];
		SDL_Surface *t;
		SDL_Rect d;

		snprintf(line, sizeof(line), "%.*s", (int)ln[i].len,
			 name + ln[i].start);
		t = TTF_RenderUTF8_Blended(font, line, black);
		if (!t)
			continue;
		d.w = t->w < max_w ? t->w : max_w; /* another face: narrowed */
		d.h = t->h;
		d.x = (g->width_px - d.w) / 2;
		d.y = g->name_y + i * design_line_pitch(px);
		SDL_BlitScaled(t, NULL, s, &d);
		SDL_FreeSurface(t);
	}
}

/* The badge as printed: the label's page at its print resolution, the QR
 * as large as fits with whole pixels per module, the name below it. The
 * geometry is label.c's, so image and print job agree on the paper. */
int render_badge_png(struct render *r, const char *token, const char *name,
		     enum label_kind label, const char *path,
		     struct fair_err *err)
{
	struct qr_code q;
	struct label_geom g;
	uint8_t *px = NULL;
	int n = 0, modules, rc = 0;
	SDL_Surface *s = NULL;

	if (qr_encode(token, &q) || qr_render_gray(&q, 1, &px, &modules)) {
		qr_free(&q);
		return fair_fail(err, FAIR_EINVAL, "cannot encode the badge");
	}
	free(px);
	px = NULL;
	g = label_geometry(label, modules);
	if (qr_render_gray(&q, g.qr_px / modules, &px, &n)) {
		rc = fair_fail(err, FAIR_ENOMEM, "no memory for the badge");
		goto out_free;
	}
	s = SDL_CreateRGBSurfaceWithFormat(0, g.width_px, g.height_px, 32,
					   SDL_PIXELFORMAT_ARGB8888);
	if (!s) {
		rc = fair_fail(err, FAIR_ENOMEM, "no memory for the badge");
		goto out_free;
	}
	SDL_FillRect(s, NULL, 0xFFFFFFFFu);
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++)
			((Uint32 *)s->pixels)[(g.qr_y + y) * (s->pitch / 4) +
					      g.qr_x + x] =
				0xFF000000u | px[y * n + x] * 0x010101u;
	badge_name(r, s, &g, name);
	if (IMG_SavePNG(s, path))
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s'", path);
	SDL_FreeSurface(s);
out_free:
	free(px);
	qr_free(&q);
	return rc;
}

/* ---- sound ---------------------------------------------------------- */

static const char *const wav_names[SOUND_COUNT] = {
	[SOUND_CHIME] = "chime.wav",
	[SOUND_NOTICE] = "notice.wav",
	[SOUND_BUZZ] = "buzz.wav",
};

/* assets/ from $FAIRKIOSK_ASSETS, beside the binary's ../assets, the
 * working directory, or the installed data directory. */
static SDL_AudioSpec *wav_load(const char *name, SDL_AudioSpec *spec,
			       Uint8 **buf, Uint32 *len)
{
	const char *env = getenv("FAIRKIOSK_ASSETS");
	char *base = SDL_GetBasePath();
	char path[4200];
	const char *dirs[4] = { env, NULL, "assets", FAIR_DATADIR "/assets" };
	char exe_assets[4096] = "";
	SDL_AudioSpec *got = NULL;

	if (base) {
		snprintf(exe_assets, sizeof(exe_assets), "%s../assets", base);
		dirs[1] = exe_assets;
		SDL_free(base);
	}
	for (int i = 0; i < 4 && !got; i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		got = SDL_LoadWAV(path, spec, buf, len);
	}
	return got;
}

static void sound_open(struct render *r)
{
	SDL_AudioSpec want;

	/* A board with no sound card: stay silent without letting libasound
	 * fill stderr with errors. SDL_AUDIODRIVER (e.g. "disk" in tests)
	 * still wins. */
	if (!SDL_getenv("SDL_AUDIODRIVER") && access("/dev/snd", F_OK) != 0)
		return;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO))
		return; /* no audio: the kiosk works silently */
	for (int i = 0; i < SOUND_COUNT; i++) {
		SDL_AudioSpec s;

		if (!wav_load(wav_names[i], &s, &r->wav[i], &r->wav_len[i]))
			continue;
		if (!r->audio) {
			want = s;
			r->audio = SDL_OpenAudioDevice(NULL, 0, &want, &r->spec,
						       0);
		}
		if (s.freq != r->spec.freq || s.format != r->spec.format ||
		    s.channels != r->spec.channels) {
			SDL_FreeWAV(r->wav[i]); /* generated to one format */
			r->wav[i] = NULL;
		}
	}
	if (r->audio)
		SDL_PauseAudioDevice(r->audio, 0);
}

void render_play(struct render *r, enum sound s)
{
	if (!r->audio || (unsigned)s >= SOUND_COUNT || !r->wav[s])
		return;
	SDL_ClearQueuedAudio(r->audio); /* an older voice too */
	if (r->tones)
		SDL_QueueAudio(r->audio, r->wav[s], r->wav_len[s]);
}

bool render_has_audio(const struct render *r)
{
	return r->audio != 0;
}

/* On the voice's thread: SDL_LoadWAV and the conversion keep no state,
 * and r->spec is fixed once the device is open. */
int render_load_speech(void *ctx, const char *path, void **pcm,
		       uint32_t *len)
{
	struct render *r = ctx;
	SDL_AudioSpec s;
	SDL_AudioCVT cvt;
	Uint8 *buf;
	Uint32 n;

	if (!r->audio || !SDL_LoadWAV(path, &s, &buf, &n))
		return -1;
	if (SDL_BuildAudioCVT(&cvt, s.format, s.channels, s.freq,
			      r->spec.format, r->spec.channels,
			      r->spec.freq) < 0) {
		SDL_FreeWAV(buf);
		return -1;
	}
	cvt.len = (int)n;
	cvt.buf = malloc((size_t)n * (size_t)(cvt.len_mult > 0 ?
					      cvt.len_mult : 1));
	if (cvt.buf)
		memcpy(cvt.buf, buf, n);
	SDL_FreeWAV(buf);
	if (!cvt.buf || (cvt.needed && SDL_ConvertAudio(&cvt))) {
		free(cvt.buf);
		return -1;
	}
	*pcm = cvt.buf;
	*len = cvt.needed ? (uint32_t)cvt.len_cvt : n;
	return 0;
}

void render_speak(struct render *r, const void *pcm, uint32_t len)
{
	if (r->audio)
		SDL_QueueAudio(r->audio, pcm, len); /* after the tone */
}

/* ---- open and close ------------------------------------------------- */

/* On X11 the kiosk draws with SDL's software renderer into a shared-memory
 * framebuffer: SDL's default there is a GL renderer (or a GL texture
 * behind the window), which loads Mesa and LLVM without a GPU: 250 ms
 * more to the first frame and 100 MB more memory, for screens that are
 * flat colours and text. At default priority, so SDL_RENDER_DRIVER and
 * SDL_FRAMEBUFFER_ACCELERATION in the environment still decide. Wayland
 * and KMSDRM in SDL 2.26 have no such framebuffer: they keep SDL's
 * default. */
static void x11_software(void)
{
	const char *drv = SDL_GetCurrentVideoDriver();

	if (!drv || strcmp(drv, "x11"))
		return;
	SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software",
				SDL_HINT_DEFAULT);
	SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0",
				SDL_HINT_DEFAULT);
}

/* With no X11, Wayland or KMSDRM display SDL falls back to its offscreen
 * driver and the kiosk would run with nobody seeing it. Only a driver
 * asked for by name (SDL_VIDEODRIVER=dummy in benchmarks) may be one that
 * shows nothing. */
static int no_display(struct fair_err *err)
{
	const char *drv = SDL_GetCurrentVideoDriver();
	const char *want = SDL_getenv("SDL_VIDEODRIVER");

	if (!drv || (want && want[0]) ||
	    (strcmp(drv, "offscreen") && strcmp(drv, "dummy")))
		return 0;
	return fair_fail(err, FAIR_EIO, "no display: SDL found no X11, "
			 "Wayland or KMSDRM display to open (DISPLAY and "
			 "WAYLAND_DISPLAY unset or unreachable, no /dev/dri)");
}

/* True when an X server has a window manager (one that says so, through
 * _NET_SUPPORTING_WM_CHECK on the root window): only then does SDL's
 * fullscreen request do anything. */
static bool x11_has_wm(void)
{
	Display *d = XOpenDisplay(NULL);
	Atom check, type;
	int format;
	unsigned long n = 0, left;
	unsigned char *data = NULL;
	bool wm = false;

	if (!d)
		return true; /* cannot tell: trust SDL */
	check = XInternAtom(d, "_NET_SUPPORTING_WM_CHECK", True);
	if (check != None &&
	    XGetWindowProperty(d, DefaultRootWindow(d), check, 0, 1, False,
			       XA_WINDOW, &type, &format, &n, &left,
			       &data) == Success)
		wm = n > 0;
	if (data)
		XFree(data);
	XCloseDisplay(d);
	return wm;
}

/* Fullscreen. With a window manager or a compositor (cage, Xwayland, a
 * desktop) SDL's desktop fullscreen asks it for the whole output. X with
 * no window manager (xinit fairkiosk) ignores that request, so there the
 * window is placed over the display's bounds itself. Elsewhere the window
 * starts at the display's size too: cage shows a surface at the size of
 * its first frame until its fullscreen configure comes (once the surface
 * is mapped), so the first frame is already laid out for the output
 * instead of showing 1280x800 cut off. The layout never trusts either
 * size: it asks the renderer before every frame (render_size) and
 * relayouts on size events. */
static SDL_Window *window_open(bool fullscreen, int w, int h, Uint32 flags)
{
	const char *drv = SDL_GetCurrentVideoDriver();
	SDL_Rect db;

	if (!fullscreen)
		return SDL_CreateWindow("fairkiosk", SDL_WINDOWPOS_CENTERED,
					SDL_WINDOWPOS_CENTERED, w, h,
					flags | SDL_WINDOW_RESIZABLE);
	if (drv && !strcmp(drv, "x11") && !x11_has_wm() &&
	    SDL_GetDisplayBounds(0, &db) == 0)
		return SDL_CreateWindow("fairkiosk", db.x, db.y, db.w, db.h,
					flags | SDL_WINDOW_BORDERLESS);
	if (drv && (!strcmp(drv, "wayland") || !strcmp(drv, "x11")) &&
	    SDL_GetDisplayBounds(0, &db) == 0 && db.w > 0 && db.h > 0) {
		w = db.w;
		h = db.h;
	}
	return SDL_CreateWindow("fairkiosk", SDL_WINDOWPOS_CENTERED,
				SDL_WINDOWPOS_CENTERED, w, h,
				flags | SDL_WINDOW_FULLSCREEN_DESKTOP);
}

double render_px_per_mm(struct render *r, const int screen_mm[2])
{
	float ddpi = 0, hdpi = 0, vdpi = 0;
	int w, h, ww = 0, wh = 0;
	int idx = SDL_GetWindowDisplayIndex(r->win);
	double ppm;

	render_size(r, &w, &h);
	if (screen_mm[0] > 0 && screen_mm[1] > 0)
		return design_px_per_mm(w, h, 0, screen_mm[0], screen_mm[1]);
	if (idx < 0 || SDL_GetDisplayDPI(idx, &ddpi, &hdpi, &vdpi) != 0)
		hdpi = 0;
	ppm = design_px_per_mm(w, h, hdpi, 0, 0);
	SDL_GetWindowSize(r->win, &ww, &wh);
	if (ww > 0 && w > ww) /* a HiDPI output: more pixels than points */
		ppm = ppm * w / ww;
	return ppm;
}

struct render *render_open(const struct kiosk_config *cfg, bool windowed,
			   int w, int h, struct fair_err *err)
{
	struct render *r = calloc(1, sizeof(*r));
	Uint32 flags = SDL_WINDOW_SHOWN;
	SDL_Thread *faces;

	if (!r) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	if (font_find(r, err))
		goto out_free;
	/* A fullscreen kiosk has no decorations to draw. Under a compositor
	 * that asks clients to draw their own (cage without -d), SDL 2.26
	 * would switch the window to libdecor: it takes the shell role away
	 * from the surface and gives it back only when the window is created
	 * again, so with the software renderer every frame went to a surface
	 * with no role and the output stayed black. */
	SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
	if (TTF_Init()) {
		fair_fail(err, FAIR_EIO, "cannot start SDL_ttf: %s",
			  TTF_GetError());
		goto out_free;
	}
	/* The faces open while SDL connects to the display and makes the
	 * window: each takes milliseconds of FreeType reading a CJK
	 * collection, and nothing else touches fonts until the join. */
	faces = SDL_CreateThread(faces_open, "fonts", r);
	if (!faces)
		faces_open(r);
	r->video_us = kiosk_now_us();
	if (SDL_Init(SDL_INIT_VIDEO)) {
		fair_fail(err, FAIR_EIO, "no display: cannot start SDL video:"
			  " %s (is DISPLAY set? try xvfb-run)",
			  SDL_GetError());
		SDL_WaitThread(faces, NULL);
		goto out_quit;
	}
	if (no_display(err)) {
		SDL_WaitThread(faces, NULL);
		goto out_quit;
	}
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
	x11_software();
	r->win = window_open(cfg->fullscreen && !windowed, w, h, flags);
	if (r->win)
		r->ren = SDL_CreateRenderer(r->win, -1, 0);
	SDL_WaitThread(faces, NULL);
	if (!r->faces[0].font) {
		fair_fail(err, FAIR_EIO, "cannot open font '%s': %s",
			  r->font_path, r->font_error);
		goto out_quit;
	}
	if (!r->ren) {
		fair_fail(err, FAIR_EIO, "cannot open a window: %s",
			  SDL_GetError());
		goto out_quit;
	}
	if (cfg->camera[0]) { /* only a camera has a preview to show */
		r->preview_buf = malloc(PREVIEW_MAX);
		r->uv_buf = malloc(PREVIEW_MAX / 4);
		if (r->uv_buf)
			memset(r->uv_buf, 128, PREVIEW_MAX / 4);
	}
	r->tones = cfg->sound;
	if (cfg->sound || cfg->voice)
		sound_open(r);
	return r;
out_quit:
	render_close(r);
	return NULL;
out_free:
	free(r);
	return NULL;
}

void render_close(struct render *r)
{
	if (!r)
		return;
	for (int i = 0; i < TEXT_CACHE; i++)
		if (r->texts[i].tex)
			SDL_DestroyTexture(r->texts[i].tex);
	for (int i = 0; i < 2; i++)
		if (r->faces[i].font)
			TTF_CloseFont(r->faces[i].font);
	for (int i = 0; i < 2; i++)
		if (r->maps[i].p)
			munmap(r->maps[i].p, r->maps[i].len);
	if (r->qr_tex)
		SDL_DestroyTexture(r->qr_tex);
	if (r->preview)
		SDL_DestroyTexture(r->preview);
	if (r->audio)
		SDL_CloseAudioDevice(r->audio);
	for (int i = 0; i < SOUND_COUNT; i++)
		if (r->wav[i])
			SDL_FreeWAV(r->wav[i]);
	if (r->ren)
		SDL_DestroyRenderer(r->ren);
	if (r->win)
		SDL_DestroyWindow(r->win);
	free(r->preview_buf);
	free(r->uv_buf);
	if (TTF_WasInit())
		TTF_Quit();
	SDL_Quit();
	free(r);
}
