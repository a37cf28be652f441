#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <png.h>

#include "fair/framesrc.h"

#define Y4M_LINE_MAX 256

enum framesrc_kind {
	FRAMESRC_DIR = 0,
	FRAMESRC_Y4M,
};

struct framesrc {
	enum framesrc_kind kind;
	char path[PATH_MAX];   /* the directory or .y4m file */
	char **names;          /* DIR: frame files, sorted */
	int nnames;
	FILE *f;               /* Y4M: the open file */
	int w, h;              /* Y4M: every frame's size */
	long chroma;           /* Y4M: bytes of chroma after each luma plane */
	int num, den;          /* frames a second, num/den */
	uint8_t *buf;          /* the current frame */
	size_t cap;            /* bytes allocated for buf */
	int index;             /* frames returned so far */
};

static bool framesrc_is_frame_name(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.' || n < 5)
		return false;
	return strcasecmp(name + n - 4, ".pgm") == 0 ||
	       strcasecmp(name + n - 4, ".png") == 0;
}

static int framesrc_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int framesrc_add_name(struct framesrc *fs, const char *name)
{
	char **grown;

	if (fs->nnames >= FRAMESRC_MAX_FILES)
		return FAIR_EINVAL;
	grown = realloc(fs->names, (size_t)(fs->nnames + 1) * sizeof(*grown));
	if (!grown)
		return FAIR_ENOMEM;
	fs->names = grown;
	fs->names[fs->nnames] = strdup(name);
	if (!fs->names[fs->nnames])
		return FAIR_ENOMEM;
	fs->nnames++;
	return 0;
}

/* Reads an optional "fps" file: one positive number of frames a second. */
static void framesrc_read_dir_fps(struct framesrc *fs)
{
	char p[PATH_MAX + 8], line[32];
	FILE *f;
	long v;

	fs->num = FRAMESRC_DIR_FPS;
	fs->den = 1;
	snprintf(p, sizeof(p), "%s/fps", fs->path);
	f = fopen(p, "r");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		v = strtol(line, NULL, 10);
		if (v > 0 && v <= 240)
			fs->num = (int)v;
	}
	fclose(f);
}

static int framesrc_open_dir(struct framesrc *fs, struct fair_err *err)
{
	DIR *d = opendir(fs->path);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return fair_fail(err, FAIR_EIO, "cannot read frame directory "
				 "'%s': %s", fs->path, strerror(errno));
	while (rc == 0 && (e = readdir(d)) != NULL)
		if (framesrc_is_frame_name(e->d_name))
			rc = framesrc_add_name(fs, e->d_name);
	closedir(d);
	if (rc != 0)
		return fair_fail(err, rc, "cannot list frame directory '%s': "
				 "out of memory or more than %d frames",
				 fs->path, FRAMESRC_MAX_FILES);
	if (fs->nnames == 0)
		return fair_fail(err, FAIR_ENOENT, "no .pgm or .png frames in "
				 "'%s'", fs->path);
	qsort(fs->names, (size_t)fs->nnames, sizeof(*fs->names),
	      framesrc_cmp_names);
	fs->kind = FRAMESRC_DIR;
	framesrc_read_dir_fps(fs);
	return 0;
}

/* Reads one '\n'-ended line (without it) of at most cap-1 bytes. */
static int framesrc_read_line(FILE *f, char *line, size_t cap)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (n + 1 >= cap)
			return -1;
		line[n++] = (char)c;
	}
	line[n] = '\0';
	return c == EOF && n == 0 ? 0 : 1;
}

/* Chroma bytes per frame for a Y4M colour space tag (after the 'C'). */
static long framesrc_y4m_chroma(const char *cs, int w, int h)
{
	long cw = (w + 1) / 2, ch = (h + 1) / 2;

	/* "420p10", "mono16": more than 8 bits a sample. */
	for (const char *c = cs; *c; c++)
		if (isdigit((unsigned char)c[1]) && (c[0] == 'p' ||
						     c[0] == 'o'))
			return -1;
	if (strncmp(cs, "420", 3) == 0)
		return 2 * cw * ch;
	if (strcmp(cs, "422") == 0)
		return 2 * cw * h;
	if (strcmp(cs, "444") == 0)
		return 2L * w * h;
	if (strcmp(cs, "444alpha") == 0)
		return 3L * w * h;
	if (strcmp(cs, "411") == 0)
		return 2L * ((w + 3) / 4) * h;
	if (strcmp(cs, "mono") == 0)
		return 0;
	return -1;
}

/* Applies one header tag ("W1280", "F30:1", "C420jpeg", ...). */
static int framesrc_y4m_tag(struct framesrc *fs, const char *tag,
			    const char **cs)
{
	char *end;

	if (tag[0] == 'W') {
		fs->w = (int)strtol(tag + 1, &end, 10);
	} else if (tag[0] == 'H') {
		fs->h = (int)strtol(tag + 1, &end, 10);
	} else if (tag[0] == 'F') {
		fs->num = (int)strtol(tag + 1, &end, 10);
		if (*end != ':')
			return -1;
		fs->den = (int)strtol(end + 1, &end, 10);
	} else {
		if (tag[0] == 'C')
			*cs = tag + 1;
		return 0;
	}
	return *end == '\0' ? 0 : -1;
}

static int framesrc_y4m_header(struct framesrc *fs, char *line)
{
	const char *cs = "420jpeg";
	char *save = NULL, *tag;

	fs->num = 25;
	fs->den = 1;
	if (strncmp(line, "YUV4MPEG2 ", 10) != 0)
		return -1;
	for (tag = strtok_r(line + 10, " ", &save); tag;
	     tag = strtok_r(NULL, " ", &save))
		if (framesrc_y4m_tag(fs, tag, &cs) != 0)
			return -1;
	if (fs->w <= 0 || fs->h <= 0 || fs->w > FRAMESRC_MAX_SIDE ||
	    fs->h > FRAMESRC_MAX_SIDE || fs->num <= 0 || fs->den <= 0)
		return -1;
	fs->chroma = framesrc_y4m_chroma(cs, fs->w, fs->h);
	return fs->chroma < 0 ? -1 : 0;
}

static int framesrc_open_y4m(struct framesrc *fs, struct fair_err *err)
{
	char line[Y4M_LINE_MAX];

	fs->f = fopen(fs->path, "rb");
	if (!fs->f)
		return fair_fail(err, FAIR_EIO, "cannot open frames '%s': %s",
				 fs->path, strerror(errno));
	if (framesrc_read_line(fs->f, line, sizeof(line)) != 1 ||
	    framesrc_y4m_header(fs, line) != 0)
		return fair_fail(err, FAIR_EINVAL, "'%s' is not an 8-bit "
				 "YUV4MPEG2 (.y4m) file of at most %dx%d",
				 fs->path, FRAMESRC_MAX_SIDE,
				 FRAMESRC_MAX_SIDE);
	fs->kind = FRAMESRC_Y4M;
	return 0;
}

struct framesrc *framesrc_open(const char *path, struct fair_err *err)
{
	struct framesrc *fs = calloc(1, sizeof(*fs));
	struct stat sb;
	int rc;

	if (!fs) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(fs->path, sizeof(fs->path), "%s", path);
	if (stat(path, &sb) != 0) {
		fair_fail(err, FAIR_ENOENT, "no frames at '%s': %s", path,
			  strerror(errno));
		framesrc_close(fs);
		return NULL;
	}
	if (S_ISDIR(sb.st_mode))
		rc = framesrc_open_dir(fs, err);
	else
		rc = framesrc_open_y4m(fs, err);
	if (rc != 0) {
		framesrc_close(fs);
		return NULL;
	}
	return fs;
}

static int framesrc_reserve(struct framesrc *fs, int w, int h)
{
	size_t need = (size_t)w * (size_t)h;
	uint8_t *p;

	if (need <= fs->cap)
		return 0;
	p = realloc(fs->buf, need);
	if (!p)
		return -1;
	fs->buf = p;
	fs->cap = need;
	return 0;
}

/* Reads one PGM header field: a number after whitespace and comments. */
static long framesrc_pgm_number(FILE *f)
{
	long v = 0;
	int c, digits = 0;

	for (;;) {
		c = getc(f);
		if (c == '#')
			while (c != EOF && c != '\n')
				c = getc(f);
		else if (!isspace(c))
			break;
	}
	while (c != EOF && isdigit(c) && digits < 9) {
		v = v * 10 + (c - '0');
		digits++;
		c = getc(f);
	}
	/* One whitespace byte ends the field (and the header, after maxval). */
	if (digits == 0 || (c != EOF && !isspace(c)))
		return -1;
	return v;
}

static int framesrc_read_pgm(struct framesrc *fs, FILE *f, int *w, int *h)
{
	long pw, ph, maxval;

	if (getc(f) != 'P' || getc(f) != '5')
		return -1;
	pw = framesrc_pgm_number(f);
	ph = framesrc_pgm_number(f);
	maxval = framesrc_pgm_number(f);
	if (pw <= 0 || ph <= 0 || pw > FRAMESRC_MAX_SIDE ||
	    ph > FRAMESRC_MAX_SIDE || maxval <= 0 || maxval > 255)
		return -1;
	if (framesrc_reserve(fs, (int)pw, (int)ph) != 0)
		return -1;
	if (fread(fs->buf, 1, (size_t)(pw * ph), f) != (size_t)(pw * ph))
		return -1;
	*w = (int)pw;
	*h = (int)ph;
	return 0;
}

static int framesrc_read_png(struct framesrc *fs, const char *path, int *w,
			     int *h)
{
	png_image img;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		return -1;
	img.format = PNG_FORMAT_GRAY;
	if (img.width == 0 || img.height == 0 ||
	    img.width > FRAMESRC_MAX_SIDE || img.height > FRAMESRC_MAX_SIDE ||
	    framesrc_reserve(fs, (int)img.width, (int)img.height) != 0) {
		png_image_free(&img);
		return -1;
	}
	/* Transparent pixels become white paper. */
	memset(fs->buf, 255, (size_t)img.width * img.height);
	if (!png_image_finish_read(&img, NULL, fs->buf, 0, NULL))
		return -1;
	*w = (int)img.width;
	*h = (int)img.height;
	return 0;
}

static int framesrc_next_file(struct framesrc *fs, int *w, int *h,
			      struct fair_err *err)
{
	const char *name = fs->names[fs->index];
	size_t n = strlen(name);
	char p[PATH_MAX * 2];
	FILE *f;
	int rc;

	snprintf(p, sizeof(p), "%s/%s", fs->path, name);
	if (strcasecmp(name + n - 4, ".png") == 0) {
		rc = framesrc_read_png(fs, p, w, h);
	} else {
		f = fopen(p, "rb");
		rc = f ? framesrc_read_pgm(fs, f, w, h) : -1;
		if (f)
			fclose(f);
	}
	if (rc != 0)
		return fair_fail(err, FAIR_EINVAL, "bad frame '%s': not an "
				 "8-bit PGM (P5) or PNG of at most %dx%d", p,
				 FRAMESRC_MAX_SIDE, FRAMESRC_MAX_SIDE);
	return 0;
}

static int framesrc_next_y4m(struct framesrc *fs, struct fair_err *err)
{
	char line[Y4M_LINE_MAX];
	size_t n = (size_t)fs->w * (size_t)fs->h;
	int rc = framesrc_read_line(fs->f, line, sizeof(line));

	if (rc == 0)
		return 0;
	if (rc < 0 || strncmp(line, "FRAME", 5) != 0)
		return fair_fail(err, FAIR_EINVAL, "bad frame %d in '%s': no "
				 "FRAME header", fs->index, fs->path);
	if (framesrc_reserve(fs, fs->w, fs->h) != 0)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	if (fread(fs->buf, 1, n, fs->f) != n ||
	    fseek(fs->f, fs->chroma, SEEK_CUR) != 0)
		return fair_fail(err, FAIR_EINVAL, "frame %d in '%s' is cut "
				 "short", fs->index, fs->path);
	return 1;
}

int framesrc_next(struct framesrc *fs, struct framesrc_frame *out,
		  struct fair_err *err)
{
	int w = fs->w, h = fs->h, rc;

	if (fs->kind == FRAMESRC_DIR) {
		if (fs->index >= fs->nnames)
			return 0;
		rc = framesrc_next_file(fs, &w, &h, err);
		rc = rc == 0 ? 1 : rc;
	} else {
		rc = framesrc_next_y4m(fs, err);
	}
	if (rc <= 0)
		return rc;
	out->gray = fs->buf;
	out->w = w;
	out->h = h;
	out->index = fs->index;
	out->due_ms = (int64_t)fs->index * 1000 * fs->den / fs->num;
	fs->index++;
	return 1;
}

void framesrc_rate(const struct framesrc *fs, int *num, int *den)
{
	*num = fs->num;
	*den = fs->den;
}

void framesrc_close(struct framesrc *fs)
{
	if (!fs)
		return;
	for (int i = 0; i < fs->nnames; i++)
		free(fs->names[i]);
	free(fs->names);
	if (fs->f)
		fclose(fs->f);
	free(fs->buf);
	free(fs);
}
