/* fairsync badges: A4 sheets of badges (PDF) and one PNG per student,
 * each with a QR of the signed badge token. PNGs are drawn by a pool of
 * threads, one per core, while the main thread draws the PDF. */
#include <errno.h>
#include <setjmp.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <png.h>
#include <sodium.h>

#include "badges.h"
#include "cli.h"
#include "commands.h"
#include "fair/qr.h"
#include "paper.h"

const char usage_badges[] = N_(
	"usage: fairsync badges --db EVENT.db --out FILE.pdf [--png DIR]\n"
	"         [--attendee ID]... [--jobs N]\n\n"
	"Writes A4 sheets, six badges a page (95 x 90 mm, cut along the grey\n"
	"lines): event, name, kana, school and a 50 mm QR code that scans from\n"
	"about 20 cm. Sorted by school then kana. With --png, also writes one\n"
	"image per attendee into the folder DIR (named by roster id) for\n"
	"e-mailing; either --out or --png may be left out.\n"
	"--attendee ID (repeatable) prints only these attendees' current\n"
	"badges, in the order given: a reprint. ID is the roster id or the\n"
	"badge number. After a lost badge use 'fairsync revoke --out', which\n"
	"also revokes the old one.\n"
	"--jobs N draws the images on N threads (default: every core).\n"
	"Needs the event's signing key (the event database from init).\n");

#define COLS 2
#define ROWS 3
#define PER_PAGE (COLS * ROWS)
#define BADGE_W (95 * PAPER_MM)
#define BADGE_H (90 * PAPER_MM)
#define QR_SIDE (50 * PAPER_MM) /* quiet zone included */
#define EVENT_LINE_H (3.6 * PAPER_MM)
#define PNG_SCALE 4.0           /* pixels per point: about 290 dpi */
#define MAX_JOBS 64
#define MAX_IDS 1000000L

/* What every badge needs; read-only once set up, so threads share it. */
struct badges {
	struct event_info ev;
	uint8_t sk[TOKEN_SK_BYTES];
	cairo_font_face_t *regular, *bold;
};

/* Vector modules: crisp at any printer resolution. */
static int draw_qr(cairo_t *cr, const char *text, double x, double y,
		   double side)
{
	struct qr_code q;
	double m;

	if (qr_encode(text, &q))
		return -1;
	m = side / (q.width + 8);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* one rectangle per horizontal run: a smaller, faster PDF */
	for (int r = 0; r < q.width; r++) {
		for (int c = 0; c < q.width; c++) {
			int run = 0;

			while (c + run < q.width &&
			       q.modules[r * q.width + c + run])
				run++;
			if (run)
				cairo_rectangle(cr, x + (c + 4) * m,
						y + (r + 4) * m, run * m, m);
			c += run;
		}
	}
	cairo_fill(cr);
	qr_free(&q);
	return 0;
}

static void draw_text(const struct badges *b, cairo_t *cr, const struct attendee *a,
		      double x, double y)
{
	double cx = x + BADGE_W / 2, w = BADGE_W - 10 * PAPER_MM;
	double ey = y + 8 * PAPER_MM;

	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	cairo_set_font_face(cr, b->regular);
	/* a long event name on two lines, starting higher, above the name */
	if (paper_text_lines(cr, b->ev.name, 9, w) > 1)
		ey = y + 5 * PAPER_MM;
	paper_text_wrapped_centred(cr, b->ev.name, cx, ey, 9, w, 2,
				   EVENT_LINE_H);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_face(cr, b->bold);
	paper_text_centred(cr, a->name, cx, y + 18 * PAPER_MM, 20, w);
	cairo_set_font_face(cr, b->regular);
	paper_text_centred(cr, a->kana, cx, y + 24 * PAPER_MM, 10, w);
	paper_text_centred(cr, a->role == TOKEN_ROLE_STAFF ? "STAFF / スタッフ"
			   : a->school, cx, y + 31 * PAPER_MM, 11, w);
}

static int draw_badge(const struct badges *b, cairo_t *cr, const struct attendee *a,
		      double x, double y)
{
	char token[TOKEN_TEXT_MAX];
	struct token t = { .version = TOKEN_VERSION, .role = a->role,
			   .event_id = b->ev.event_id, .attendee_id = a->id,
			   .serial = a->serial };

	if (token_encode(&t, b->sk, token))
		return -1;
	cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, x, y, BADGE_W, BADGE_H);
	cairo_stroke(cr);
	draw_text(b, cr, a, x, y);
	return draw_qr(cr, token, x + (BADGE_W - QR_SIDE) / 2,
		       y + BADGE_H - QR_SIDE - 3 * PAPER_MM, QR_SIDE);
}

static bool name_char(char c, size_t at)
{
	if (c == '.')
		return at > 0; /* never a hidden file */
	return c == '-' || c == '_' || (c >= '0' && c <= '9') ||
	       ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static void png_name(const struct attendee *a, char *out, size_t cap,
		     const char *dir)
{
	char base[80];
	size_t n = 0;

	for (const char *p = a->ext_id; *p && n + 5 < sizeof(base); p++) {
		base[n] = name_char(*p, n) ? *p : '_';
		n++;
	}
	base[n] = '\0';
	if (!n)
		snprintf(base, sizeof(base), "%u", (unsigned)a->id);
	memcpy(base + strlen(base), ".png", 5);
	if (!cli_path_join(out, cap, dir, base))
		out[0] = '\0';
}

/* The badge is drawn in greys only, so it is saved as an 8-bit grey PNG
 * with light filtering: a third of cairo's RGB data to compress, which
 * is most of an image's cost. 0, or -1 with errno-style failure. */
static int save_grey_png(cairo_surface_t *s, const char *path)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *px;
	png_structp png = NULL;
	png_infop info = NULL;
	png_bytep row = NULL;
	FILE *f;
	int rc = -1;

	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	row = malloc((size_t)w);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (png)
		info = png_create_info_struct(png);
	if (!row || !png || !info)
		goto out;
	if (setjmp(png_jmpbuf(png)))
		goto out;
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
		     PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
	png_set_compression_level(png, 6);
	/* 290 dpi, so a printed image is the badge's real size */
	png_set_pHYs(png, info, (png_uint_32)(PNG_SCALE * 72 / 0.0254),
		     (png_uint_32)(PNG_SCALE * 72 / 0.0254),
		     PNG_RESOLUTION_METER);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const uint32_t *src = (const uint32_t *)(const void *)
				      (px + (size_t)y * (size_t)stride);

		for (int x = 0; x < w; x++) /* green: the grey's value */
			row[x] = (png_byte)((src[x] >> 8) & 0xff);
		png_write_row(png, row);
	}
	png_write_end(png, info);
	rc = 0;
out:
	png_destroy_write_struct(&png, &info);
	free(row);
	if (fclose(f))
		rc = -1;
	if (rc)
		unlink(path);
	return rc;
}

/* One badge as an image at path; 0 or -1 with why filled. */
static int write_png(const struct badges *b, const struct attendee *a,
		     const char *path, char *why, size_t why_cap)
{
	int w = (int)(BADGE_W * PNG_SCALE), h = (int)(BADGE_H * PNG_SCALE);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
							w, h);
	cairo_t *cr = cairo_create(s);
	int rc = 0;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, PNG_SCALE, PNG_SCALE);
	if (!path[0] || draw_badge(b, cr, a, 0, 0)) {
		snprintf(why, why_cap, "cannot draw the badge of '%s'",
			 a->ext_id);
		rc = -1;
	} else if (cairo_status(cr) != CAIRO_STATUS_SUCCESS ||
		   save_grey_png(s, path)) {
		snprintf(why, why_cap, "cannot write '%s': %s", path,
			 strerror(errno ? errno : EIO));
		rc = -1;
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}

/* ---- who ------------------------------------------------------------- */

static int people_push(struct attendee **v, long *n, long *cap,
		       const struct attendee *a)
{
	if (*n == *cap) {
		long c = *cap ? *cap * 2 : 256;
		struct attendee *p;

		if (c > MAX_IDS)
			return -1;
		p = realloc(*v, (size_t)c * sizeof(**v));
		if (!p)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = *a;
	return 0;
}

/* The attendees to print, read once here so the threads never touch the
 * database: ids in the order given, or everyone by role, school, kana. */
static int load_people(struct store *st, const struct badge_job *j,
		       struct attendee **out, long *n)
{
	sqlite3_stmt *s = NULL;
	struct attendee a;
	long cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (j->ids) {
		for (long i = 0; !rc && i < j->n_ids; i++) {
			if (store_attendee_get(st, j->ids[i], &a))
				return cli_error("attendee %u vanished",
						 (unsigned)j->ids[i]);
			rc = people_push(out, n, &cap, &a);
		}
		return rc ? cli_error("out of memory") : 0;
	}
	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM attendees ORDER"
			       " BY role, school, kana, id", -1, &s, NULL))
		return cli_error("cannot read attendees in '%s'", j->db);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		uint32_t id = (uint32_t)sqlite3_column_int64(s, 0);

		if (store_attendee_get(st, id, &a))
			rc = cli_error("attendee %u vanished", (unsigned)id);
		else if (people_push(out, n, &cap, &a))
			rc = cli_error("out of memory");
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- the image pool -------------------------------------------------- */

struct pool {
	const struct badges *b;
	const struct attendee *people;
	long n;
	const char *dir;
	atomic_long next;        /* next attendee to draw */
	atomic_long done;        /* images written */
	atomic_int running;      /* threads not yet finished */
	atomic_bool failed;
	pthread_mutex_t lock;    /* guards why */
	char why[600];
};

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
	char path[4200], why[600];

	for (;;) {
		long i = atomic_fetch_add(&p->next, 1);

		if (i >= p->n || atomic_load(&p->failed))
			break;
		png_name(&p->people[i], path, sizeof(path), p->dir);
		if (write_png(p->b, &p->people[i], path, why, sizeof(why))) {
			pthread_mutex_lock(&p->lock);
			if (!atomic_exchange(&p->failed, true))
				snprintf(p->why, sizeof(p->why), "%s", why);
			pthread_mutex_unlock(&p->lock);
			break;
		}
		atomic_fetch_add(&p->done, 1);
	}
	atomic_fetch_sub(&p->running, 1);
	return NULL;
}

static int pool_size(int jobs, long n)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	if (jobs <= 0)
		jobs = cores > 0 ? (int)cores : 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if (jobs > n)
		jobs = n > 0 ? (int)n : 1;
	return jobs;
}

/* Starts up to jobs threads; returns how many started (0: none, draw on
 * this thread). */
static int pool_start(struct pool *p, pthread_t *t, int jobs)
{
	int k;

	atomic_store(&p->running, jobs);
	for (k = 0; k < jobs; k++)
		if (pthread_create(&t[k], NULL, pool_worker, p))
			break;
	atomic_fetch_sub(&p->running, jobs - k);
	return k;
}

/* ---- the sheets ------------------------------------------------------ */

static void progress_to(struct progress *bar, long now)
{
	if (bar && now > bar->done)
		progress_step(bar, now - bar->done);
}

static int draw_sheets(const struct badges *b, const char *out,
		       const struct attendee *people, long n,
		       struct progress *bar, struct pool *p)
{
	double mx = (PAPER_A4_W - COLS * BADGE_W) / 2;
	double my = (PAPER_A4_H - ROWS * BADGE_H) / 2;
	cairo_surface_t *pdf = cairo_pdf_surface_create(out, PAPER_A4_W,
							PAPER_A4_H);
	cairo_t *cr = cairo_create(pdf);
	int rc = 0;

	for (long i = 0; i < n && !rc; i++) {
		int slot = (int)(i % PER_PAGE);

		if (i > 0 && slot == 0)
			cairo_show_page(cr);
		if (draw_badge(b, cr, &people[i], mx + slot % COLS * BADGE_W,
			       my + slot / COLS * BADGE_H))
			rc = cli_error("cannot sign the badge of '%s'",
				       people[i].ext_id);
		progress_to(bar, i + 1 + (p ? atomic_load(&p->done) : 0));
	}
	cairo_destroy(cr);
	cairo_surface_finish(pdf);
	if (!rc && cairo_surface_status(pdf) != CAIRO_STATUS_SUCCESS)
		rc = cli_error("cannot write '%s': %s", out,
			       cairo_status_to_string(cairo_surface_status(pdf)));
	cairo_surface_destroy(pdf);
	return rc;
}

/* Waits for the pool, keeping the progress bar moving. */
static int pool_finish(struct pool *p, pthread_t *t, int started,
		       struct progress *bar, long base)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };

	if (!started) /* no thread could start: draw here */
		pool_worker(p);
	while (atomic_load(&p->running) > 0) {
		progress_to(bar, base + atomic_load(&p->done));
		nanosleep(&nap, NULL);
	}
	for (int k = 0; k < started; k++)
		pthread_join(t[k], NULL);
	progress_to(bar, base + atomic_load(&p->done));
	if (atomic_load(&p->failed))
		return cli_error("%s", p->why);
	return 0;
}

static int badges_setup(struct badges *b, struct store *st, const char *db)
{
	struct fair_err err = { "" };
	const char *why = "";

	if (store_event_get(st, &b->ev, &err) ||
	    store_signing_key(st, b->sk, &err))
		return cli_error("cannot sign badges from '%s': %s", db,
				 err.msg);
	b->regular = paper_font(false, &why);
	b->bold = paper_font(true, &why);
	if (!b->regular || !b->bold)
		return cli_error("%s", why);
	return 0;
}

static void badges_teardown(struct badges *b)
{
	if (b->regular)
		cairo_font_face_destroy(b->regular);
	if (b->bold)
		cairo_font_face_destroy(b->bold);
	sodium_memzero(b->sk, sizeof(b->sk));
}

static void summary(const struct badge_job *j, long n, int threads)
{
	long pages = (n + PER_PAGE - 1) / PER_PAGE;

	if (j->quiet)
		return;
	if (j->pdf)
		cli_note(P_("%ld badge on %ld %s in '%s'",
			    "%ld badges on %ld %s in '%s'", n), n, pages,
			 P_("page", "pages", pages), j->pdf);
	if (j->png_dir)
		cli_note(P_("%ld image in '%s' (%d %s)",
			    "%ld images in '%s' (%d %s)", n), n, j->png_dir,
			 threads, P_("thread", "threads", threads));
}

int badges_make(struct store *st, const struct badge_job *j)
{
	struct badges b = { 0 };
	struct attendee *people = NULL;
	pthread_t threads[MAX_JOBS];
	struct pool p = { 0 };
	struct progress bar;
	int rc, started = 0, jobs = 0;
	long n = 0;

	if (j->png_dir && mkdir(j->png_dir, 0777) && errno != EEXIST)
		return cli_error("cannot make '%s': %s", j->png_dir,
				 strerror(errno));
	rc = badges_setup(&b, st, j->db);
	if (!rc)
		rc = load_people(st, j, &people, &n);
	if (rc)
		goto out;
	progress_start(&bar, _("badges"), n * (!!j->pdf + !!j->png_dir));
	if (j->png_dir) {
		p = (struct pool){ .b = &b, .people = people, .n = n,
				   .dir = j->png_dir };
		pthread_mutex_init(&p.lock, NULL);
		jobs = pool_size(j->jobs, n);
		started = pool_start(&p, threads, jobs);
	}
	if (j->pdf)
		rc = draw_sheets(&b, j->pdf, people, n, &bar,
				 j->png_dir ? &p : NULL);
	if (j->png_dir) {
		if (rc) /* stop the pool early */
			atomic_store(&p.next, n);
		if (pool_finish(&p, threads, started, &bar, j->pdf ? n : 0))
			rc = EXIT_FAIL;
		pthread_mutex_destroy(&p.lock);
	}
	progress_end(&bar);
	if (!rc)
		summary(j, n, started ? started : 1);
out:
	free(people);
	badges_teardown(&b);
	paper_release();
	return rc ? EXIT_FAIL : EXIT_OK;
}

int badges_write_one(struct store *st, const char *db, uint32_t attendee_id,
		     const char *out)
{
	struct badges b = { 0 };
	struct attendee a;
	char why[600];
	int rc;

	if (store_attendee_get(st, attendee_id, &a))
		return cli_error("no attendee %u in '%s'",
				 (unsigned)attendee_id, db);
	rc = badges_setup(&b, st, db);
	if (!rc && cli_has_ext(out, ".pdf"))
		rc = draw_sheets(&b, out, &a, 1, NULL, NULL);
	else if (!rc && write_png(&b, &a, out, why, sizeof(why)))
		rc = cli_error("%s", why);
	badges_teardown(&b);
	paper_release();
	return rc ? EXIT_FAIL : EXIT_OK;
}

static int badges_run(const char *db, struct badge_job *j, char **who,
		      long n_who)
{
	uint32_t *ids = NULL;
	struct store *st;
	struct attendee a;
	int rc = EXIT_OK;

	st = cli_open_store(db, STORE_READONLY);
	if (!st)
		return EXIT_FAIL;
	if (n_who) {
		ids = calloc((size_t)n_who, sizeof(*ids));
		if (!ids)
			rc = cli_error("out of memory");
		for (long i = 0; !rc && i < n_who; i++) {
			if (cli_find_attendee(st, who[i], &a))
				rc = cli_error("no attendee '%s' in '%s'",
					       who[i], db);
			else
				ids[i] = a.id;
		}
		j->ids = ids;
		j->n_ids = n_who;
	}
	if (!rc)
		rc = badges_make(st, j);
	free(ids);
	store_close(st);
	return rc;
}

int cmd_badges(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "png", required_argument, NULL, 'p' },
		{ "attendee", required_argument, NULL, 'a' },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const pdf_ext[] = { ".pdf", NULL };
	static const char *const file_exts[] = { ".pdf", ".png", NULL };
	struct badge_job j = { 0 };
	const char *db = NULL;
	char **who;
	long n_who = 0;
	unsigned jobs = 0;
	int c, rc;

	who = calloc((size_t)argc + 1, sizeof(*who));
	if (!who)
		return cli_error("out of memory");
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': j.pdf = optarg; break;
		case 'p': j.png_dir = optarg; break;
		case 'a': who[n_who++] = optarg; break;
		case 'j':
			if (!cli_parse_u32(optarg, "--jobs", &jobs)) {
				free(who);
				return EXIT_USAGE;
			}
			break;
		default:
			free(who);
			return cli_usage_error("badges", "bad option");
		}
	}
	j.db = db;
	j.jobs = jobs > MAX_JOBS ? MAX_JOBS : (int)jobs;
	if (!db || (!j.pdf && !j.png_dir) || optind != argc)
		rc = cli_usage_error("badges", "needs --db and --out (or "
				     "--png)");
	else if (j.pdf && (rc = cli_out_file("badges", "--out", j.pdf,
					     pdf_ext)))
		;
	else if (j.png_dir && (rc = cli_out_dir("badges", "--png", j.png_dir,
						file_exts)))
		;
	else
		rc = badges_run(db, &j, who, n_who);
	free(who);
	return rc;
}
