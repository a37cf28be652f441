/* render.c: the only file that draws with SDL. Window, fonts found through
 * fontconfig, a text texture cache, the layout's widgets, the QR, the
 * camera preview, screenshots, badge images and (the speaker being an
 * output too) the sounds. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>

#include "fair/qr.h"
#include "kiosk.h"

#define FONT_SIZES 24      /* distinct pixel sizes kept open */
#define TEXT_CACHE 256     /* rendered strings kept as textures */
#define PREVIEW_MAX (1920 * 1080)

struct font_slot {
	int px;                /* pixel size; 0 = unused */
	TTF_Font *font;
};

struct text_slot {
	char text[LAYOUT_TEXT];
	int px;
	int wrap;              /* wrap width, 0 for one line */
	SDL_Color fg;
	SDL_Texture *tex;      /* NULL = unused */
	int w, h;
	unsigned long used;    /* for least-recently-used eviction */
};

struct render {
	SDL_Window *win;
	SDL_Renderer *ren;
	char font_path[4096];
	int font_index;
	struct font_slot fonts[FONT_SIZES];
	struct text_slot texts[TEXT_CACHE];
	unsigned long tick;
	SDL_Texture *qr_tex;   /* the QR of qr_token */
	char qr_token[TOKEN_TEXT_MAX];
	SDL_Texture *preview;
	int preview_w, preview_h;
	uint8_t *preview_buf;  /* gray frame = the Y plane */
	uint8_t *uv_buf;       /* neutral chroma planes (128) */
	SDL_AudioDeviceID audio; /* 0 = silent */
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
	const char *env = getenv("FAIRKIOSK_FONT");
	FcConfig *fc;
	bool ok = false;

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
	if (fc)
		FcConfigDestroy(fc);
	if (!ok)
		return fair_fail(err, FAIR_ENOENT,
				 "no Japanese font found through fontconfig:"
				 " install the package fonts-noto-cjk (or"
				 " fonts-ipaexfont), see fonts/README.md");
	return 0;
}

static TTF_Font *font_get(struct render *r, int px)
{
	struct font_slot *free_slot = NULL;

	if (px < 8)
		px = 8;
	for (int i = 0; i < FONT_SIZES; i++) {
		if (r->fonts[i].px == px)
			return r->fonts[i].font;
		if (!r->fonts[i].px && !free_slot)
			free_slot = &r->fonts[i];
	}
	if (!free_slot) { /* all sizes in use: drop one */
		free_slot = &r->fonts[r->tick % FONT_SIZES];
		TTF_CloseFont(free_slot->font);
		free_slot->px = 0;
		for (int i = 0; i < TEXT_CACHE; i++)
			if (r->texts[i].tex && r->texts[i].px == px)
				r->texts[i].used = 0;
	}
	free_slot->font = TTF_OpenFontIndex(r->font_path, px, r->font_index);
	if (!free_slot->font)
		return NULL;
	free_slot->px = px;
	return free_slot->font;
}

/* ---- text ----------------------------------------------------------- */

static bool color_eq(SDL_Color a, SDL_Color b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static struct text_slot *text_get(struct render *r, const char *text, int px,
				  int wrap, SDL_Color fg)
{
	struct text_slot *victim = &r->texts[0];
	TTF_Font *font;
	SDL_Surface *s;

	r->tick++;
	for (int i = 0; i < TEXT_CACHE; i++) {
		struct text_slot *t = &r->texts[i];

		if (t->tex && t->px == px && t->wrap == wrap &&
		    color_eq(t->fg, fg) && !strcmp(t->text, text)) {
			t->used = r->tick;
			return t;
		}
		if (!t->tex || t->used < victim->used)
			victim = t;
	}
	font = font_get(r, px);
	if (!font)
		return NULL;
	s = wrap ? TTF_RenderUTF8_Blended_Wrapped(font, text, fg, (Uint32)wrap)
		 : TTF_RenderUTF8_Blended(font, text, fg);
	if (!s)
		return NULL;
	if (victim->tex)
		SDL_DestroyTexture(victim->tex);
	victim->tex = SDL_CreateTextureFromSurface(r->ren, s);
	victim->w = s->w;
	victim->h = s->h;
	SDL_FreeSurface(s);
	snprintf(victim->text, sizeof(victim->text), "%s", text);
	victim->px = px;
	victim->wrap = wrap;
	victim->fg = fg;
	victim->used = r->tick;
	return victim->tex ? victim : NULL;
}

/* One line centred in rect, shrunk until it fits. */
static void text_line(struct render *r, const char *text, SDL_Rect rect,
		      int px, SDL_Color fg)
{
	TTF_Font *font;
	int w = 0, h = 0;
	struct text_slot *t;
	SDL_Rect d;

	if (!text[0])
		return;
	font = font_get(r, px);
	if (font && TTF_SizeUTF8(font, text, &w, &h) == 0 &&
	    w > rect.w * 92 / 100 && w > 0)
		px = px * (rect.w * 92 / 100) / w;
	t = text_get(r, text, px, 0, fg);
	if (!t)
		return;
	d.w = t->w;
	d.h = t->h;
	if (d.w > rect.w || d.h > rect.h) { /* shrink, keeping the shape */
		double sw = (double)rect.w / d.w, sh = (double)rect.h / d.h;
		double s = sw < sh ? sw : sh;

		d.w = (int)(d.w * s);
		d.h = (int)(d.h * s);
	}
	d.x = rect.x + (rect.w - d.w) / 2;
	d.y = rect.y + (rect.h - d.h) / 2;
	SDL_RenderCopy(r->ren, t->tex, NULL, &d);
}

/* Wrapped text: the largest size (from px down) whose lines fit. */
static void text_wrapped(struct render *r, const char *text, SDL_Rect rect,
			 int px, SDL_Color fg)
{
	struct text_slot *t = NULL;
	SDL_Rect d;

	for (; px >= 10; px = px * 85 / 100) {
		t = text_get(r, text, px, rect.w, fg);
		if (t && t->h <= rect.h)
			break;
	}
	if (!t)
		return;
	d.w = t->w < rect.w ? t->w : rect.w;
	d.h = t->h < rect.h ? t->h : rect.h;
	d.x = rect.x + (rect.w - d.w) / 2;
	d.y = rect.y;
	SDL_RenderCopy(r->ren, t->tex, NULL, &d);
}

/* ---- colours -------------------------------------------------------- */

struct colours {
	SDL_Color bg, fg;
};

static const SDL_Color C_SCREEN = { 250, 250, 250, 255 };
static const SDL_Color C_TEXT = { 33, 33, 33, 255 };
static const SDL_Color C_WHITE = { 255, 255, 255, 255 };

/* Result colours are what the e2e test samples: keep in step with
 * tests/e2e/kiosk_lib.sh. */
static struct colours style_colours(enum widget_style st)
{
	static const struct colours c[ST_STYLE_COUNT] = {
		[ST_PLAIN] = { { 224, 224, 224, 255 }, { 33, 33, 33, 255 } },
		[ST_PRIMARY] = { { 21, 101, 192, 255 },
				 { 255, 255, 255, 255 } },
		[ST_DANGER] = { { 198, 40, 40, 255 }, { 255, 255, 255, 255 } },
		[ST_DEMO] = { { 106, 27, 154, 255 }, { 255, 235, 59, 255 } },
		[ST_SELECTED] = { { 255, 179, 0, 255 }, { 33, 33, 33, 255 } },
		[ST_OK] = { { 30, 142, 62, 255 }, { 255, 255, 255, 255 } },
		[ST_WARN] = { { 249, 168, 37, 255 }, { 33, 33, 33, 255 } },
		[ST_BAD] = { { 198, 40, 40, 255 }, { 255, 255, 255, 255 } },
		[ST_BUSY] = { { 96, 96, 96, 255 }, { 255, 255, 255, 255 } },
		[ST_MUTED] = { { 189, 189, 189, 255 }, { 97, 97, 97, 255 } },
		[ST_ERROR] = { { 255, 235, 238, 255 }, { 198, 40, 40, 255 } },
	};

	return c[(unsigned)st < ST_STYLE_COUNT ? st : ST_PLAIN];
}

/* Text colour of a bare text widget (no box of its own). */
static SDL_Color title_fg(enum widget_style st)
{
	if (st == ST_PRIMARY)
		return style_colours(ST_PRIMARY).bg;
	if (st == ST_PLAIN)
		return C_TEXT;
	return style_colours(st).fg;
}

static void fill(struct render *r, SDL_Rect rect, SDL_Color c)
{
	SDL_SetRenderDrawColor(r->ren, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(r->ren, &rect);
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

static void draw_box(struct render *r, const struct widget *w)
{
	struct colours c = style_colours(w->style);
	SDL_Rect b = sdl_rect(&w->r);
	int px = w->kind == W_KEY ? b.h * 55 / 100 : b.h * 38 / 100;

	fill(r, b, c.bg);
	if (w->style == ST_DEMO)
		draw_demo_stripes(r, b);
	text_line(r, w->text, b, px, c.fg);
}

static void draw_field(struct render *r, const struct widget *w)
{
	SDL_Rect b = sdl_rect(&w->r);
	SDL_Rect in = { b.x + 3, b.y + 3, b.w - 6, b.h - 6 };

	fill(r, b, style_colours(ST_PRIMARY).bg);
	fill(r, in, C_WHITE);
	text_line(r, w->text, in, b.h * 55 / 100, C_TEXT);
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

	fill(r, b, style_colours(ST_MUTED).bg);
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
		text_line(r, w->text, b, b.h / 8, style_colours(ST_MUTED).fg);
}

static void draw_widget(struct render *r, const struct widget *w,
			struct inputs *in)
{
	SDL_Rect b = sdl_rect(&w->r);

	switch (w->kind) {
	case W_FILL:
		fill(r, b, style_colours(w->style).bg);
		break;
	case W_TITLE:
		text_line(r, w->text, b, b.h * 80 / 100, title_fg(w->style));
		break;
	case W_TEXT:
		text_wrapped(r, w->text, b, b.h / 4, title_fg(w->style));
		break;
	case W_ICON:
		text_line(r, w->text, b, b.h * 95 / 100, title_fg(w->style));
		break;
	case W_BUTTON:
	case W_KEY:
	case W_ROW:
		draw_box(r, w);
		break;
	case W_FIELD:
		draw_field(r, w);
		break;
	case W_QR:
		draw_qr(r, w);
		break;
	case W_PREVIEW:
		draw_preview(r, w, in);
		break;
	default:
		break;
	}
}

void render_frame(struct render *r, const struct layout *l,
		  struct inputs *in)
{
	SDL_SetRenderDrawColor(r->ren, C_SCREEN.r, C_SCREEN.g, C_SCREEN.b,
			       255);
	SDL_RenderClear(r->ren);
	for (int i = 0; i < l->n; i++)
		draw_widget(r, &l->w[i], in);
	SDL_RenderPresent(r->ren);
}

void render_size(struct render *r, int *w, int *h)
{
	if (SDL_GetRendererOutputSize(r->ren, w, h))
		SDL_GetWindowSize(r->win, w, h);
}

int render_screenshot(struct render *r, const char *path,
		      struct fair_err *err)
{
	int w, h, rc = 0;
	SDL_Surface *s;

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
	return rc;
}

/* ---- badge image for the printer ------------------------------------ */

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
	SDL_Surface *s = NULL, *t = NULL;
	TTF_Font *font;
	SDL_Color black = { 0, 0, 0, 255 };

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
	font = font_get(r, g.name_px);
	t = font ? TTF_RenderUTF8_Blended(font, name, black) : NULL;
	if (t) {
		SDL_Rect d = { (g.width_px - t->w) / 2, g.name_y, t->w, t->h };

		if (d.x < g.margin_px) { /* a very long name: shrink to fit */
			d.x = g.margin_px;
			d.w = g.width_px - 2 * g.margin_px;
			d.h = t->h * d.w / t->w;
			SDL_BlitScaled(t, NULL, s, &d);
		} else {
			SDL_BlitSurface(t, NULL, s, &d);
		}
		SDL_FreeSurface(t);
	}
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
	SDL_ClearQueuedAudio(r->audio);
	SDL_QueueAudio(r->audio, r->wav[s], r->wav_len[s]);
}

/* ---- open and close ------------------------------------------------- */

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

struct render *render_open(const struct kiosk_config *cfg, bool windowed,
			   int w, int h, struct fair_err *err)
{
	struct render *r = calloc(1, sizeof(*r));
	Uint32 flags = SDL_WINDOW_SHOWN;

	if (!r) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	if (font_find(r, err))
		goto out_free;
	if (SDL_Init(SDL_INIT_VIDEO)) {
		fair_fail(err, FAIR_EIO, "no display: cannot start SDL video:"
			  " %s (is DISPLAY set? try xvfb-run)",
			  SDL_GetError());
		goto out_free;
	}
	if (no_display(err)) {
		SDL_Quit();
		goto out_free;
	}
	if (TTF_Init()) {
		fair_fail(err, FAIR_EIO, "cannot start SDL_ttf: %s",
			  TTF_GetError());
		goto out_quit;
	}
	if (!font_get(r, 24)) {
		fair_fail(err, FAIR_EIO, "cannot open font '%s': %s",
			  r->font_path, TTF_GetError());
		goto out_quit;
	}
	if (cfg->fullscreen && !windowed)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
	r->win = SDL_CreateWindow("fairkiosk", SDL_WINDOWPOS_CENTERED,
				  SDL_WINDOWPOS_CENTERED, w, h, flags);
	if (r->win)
		r->ren = SDL_CreateRenderer(r->win, -1, 0);
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
	if (cfg->sound)
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
	for (int i = 0; i < FONT_SIZES; i++)
		if (r->fonts[i].font)
			TTF_CloseFont(r->fonts[i].font);
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
