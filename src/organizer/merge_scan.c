/* merge_scan.c: read and check each input before anything is written.
 *
 * Each input is opened without ever writing beside it (immutable in place,
 * or a private copy when a -wal or -journal lies beside it), checked (ours,
 * this event, not newer, integrity_check), then read once in key order to
 * learn its UUIDs and the flags that depend on the file alone: clock
 * outside the event, clock running backwards within a boot. Inputs are
 * independent, so this runs on a few threads, each with its own
 * connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "merge_int.h"

#define MAX_THREADS 4
#define MAX_KIOSKS 32  /* distinct kiosk names counted per file */

uint64_t merge_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* ---- opening without writing ----------------------------------------- */

static bool file_nonempty(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && sb.st_size > 0;
}

/* "file:" + path percent-encoded where URI syntax needs it, + query. */
static int make_uri(char *out, size_t cap, const char *path,
		    const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 5, q = strlen(query);

	if (cap < 6)
		return -1;
	memcpy(out, "file:", 5);
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (o + 4 >= cap)
			return -1;
		if (c > 0x20 && c < 0x7f && !strchr("?#%\"'", c)) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (o + q + 1 > cap)
		return -1;
	memcpy(out + o, query, q + 1);
	return 0;
}

static int copy_file(const char *from, const char *to, struct fair_err *err)
{
	char buf[1 << 16];
	int in, out, rc = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return fair_fail(err, FAIR_EIO, "cannot read '%s': %s", from,
				 strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", to,
			       strerror(errno));
		goto out_close_in;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s",
				       to, strerror(errno));
			goto out_close_out;
		}
	}
	if (n < 0)
		rc = fair_fail(err, FAIR_EIO, "cannot read '%s': %s", from,
			       strerror(errno));
out_close_out:
	close(out);
out_close_in:
	close(in);
	return rc;
}

/* Copies path and its -wal or -journal to tmpdir/<i>.db, so SQLite applies
 * them to the copy: commits only in the -wal are not lost. */
static int source_copy(struct mscan *s, int i, const char *path,
		       const char *tmpdir, struct fair_err *err)
{
	static const char *const side[] = { "-wal", "-journal" };
	char from[MERGE_URI_MAX + 16], to[MERGE_URI_MAX + 16];
	int rc;

	if (snprintf(s->copy, sizeof(s->copy), "%s/%d.db", tmpdir, i) >=
	    (int)sizeof(s->copy))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	rc = copy_file(path, s->copy, err);
	for (int k = 0; !rc && k < 2; k++) {
		snprintf(from, sizeof(from), "%s%s", path, side[k]);
		snprintf(to, sizeof(to), "%s%s", s->copy, side[k]);
		if (file_nonempty(from))
			rc = copy_file(from, to, err);
	}
	if (!rc && make_uri(s->uri, sizeof(s->uri), s->copy, ""))
		rc = fair_fail(err, FAIR_EINVAL, "path too long");
	return rc;
}

/* In place as immutable when the main file is all there is (nothing
 * written, not even a -shm: read-only media work), else a copy. */
static int source_prepare(struct mscan *s, int i, const char *path,
			  const char *tmpdir, struct fair_err *err)
{
	char side[MERGE_URI_MAX + 16];
	bool extra;

	if (access(path, R_OK) != 0)
		return fair_fail(err, FAIR_ENOENT, "%s", strerror(errno));
	snprintf(side, sizeof(side), "%s-wal", path);
	extra = file_nonempty(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	extra = extra || file_nonempty(side);
	s->copy[0] = '\0';
	if (extra)
		return source_copy(s, i, path, tmpdir, err);
	if (make_uri(s->uri, sizeof(s->uri), path, "?immutable=1"))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	return 0;
}

/* ---- checks ---------------------------------------------------------- */

static int query_i64(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The same judgements as store_open(), made on a read-only handle. */
static int check_identity(sqlite3 *db, uint32_t event_id,
			  struct fair_err *err)
{
	int64_t app = 0, ver = 0, ev = -1;

	if (query_i64(db, "PRAGMA application_id", &app))
		return fair_fail(err, FAIR_ENOTOURS,
				 "not a fairkiosk database (%s)",
				 sqlite3_errmsg(db));
	if (app != STORE_APPLICATION_ID)
		return fair_fail(err, FAIR_ENOTOURS,
				 "not a fairkiosk database");
	if (query_i64(db, "PRAGMA user_version", &ver))
		return fair_fail(err, FAIR_ENOTOURS, "%s", sqlite3_errmsg(db));
	if (ver > STORE_SCHEMA_VERSION)
		return fair_fail(err, FAIR_ENEWER,
				 "made by a newer fairkiosk (schema %lld, "
				 "this one reads %d); upgrade fairkiosk",
				 (long long)ver, STORE_SCHEMA_VERSION);
	if (ver < STORE_SCHEMA_VERSION)
		return fair_fail(err, FAIR_ENOTOURS,
				 "schema %lld is too old (expected %d)",
				 (long long)ver, STORE_SCHEMA_VERSION);
	if (query_i64(db, "SELECT event_id FROM event", &ev) || ev < 0)
		return fair_fail(err, FAIR_ENOTOURS, "holds no event");
	if ((uint32_t)ev != event_id)
		return fair_fail(err, FAIR_EINVAL,
				 "belongs to another event (id %u, this "
				 "event is %u)", (unsigned)ev,
				 (unsigned)event_id);
	return 0;
}

static int check_integrity(sqlite3 *db, struct fair_err *err)
{
	sqlite3_stmt *s;
	const char *txt;
	int rc = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &s,
			       NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EINVAL, "damaged: %s",
				 sqlite3_errmsg(db));
	txt = sqlite3_step(s) == SQLITE_ROW
		      ? (const char *)sqlite3_column_text(s, 0) : NULL;
	if (!txt || strcmp(txt, "ok"))
		rc = fair_fail(err, FAIR_EINVAL, "fails integrity check: %s",
			       txt ? txt : sqlite3_errmsg(db));
	sqlite3_finalize(s);
	return rc;
}

/* ---- reading the facts ----------------------------------------------- */

/* A fact as the per-file flags need it. */
struct sfact {
	uint64_t boot;           /* merge_hash(boot_id); 0 when unknown */
	int64_t mono, wall;
	uint32_t idx;            /* index into mscan.uuid */
};

struct kcount {
	char name[64];
	long n;
};

struct reader {
	struct mscan *s;
	const struct mscan_event *ev;
	struct sfact *f;
	long cap;
	struct kcount k[MAX_KIOSKS];
	int nk;
};

static int flag_add(struct mscan *s, uint32_t idx, const char *why)
{
	if (s->nflags == s->capflags) {
		long cap = s->capflags ? s->capflags * 2 : 64;
		uint32_t *i = realloc(s->flag_idx, (size_t)cap * sizeof(*i));
		const char **w;

		if (!i)
			return FAIR_ENOMEM;
		s->flag_idx = i;
		w = realloc(s->flag_why, (size_t)cap * sizeof(*w));
		if (!w)
			return FAIR_ENOMEM;
		s->flag_why = w;
		s->capflags = cap;
	}
	s->flag_idx[s->nflags] = idx;
	s->flag_why[s->nflags++] = why;
	return 0;
}

static void kiosk_count(struct reader *r, const char *name)
{
	for (int i = 0; i < r->nk; i++) {
		if (!strcmp(r->k[i].name, name)) {
			r->k[i].n++;
			return;
		}
	}
	if (r->nk < MAX_KIOSKS) {
		snprintf(r->k[r->nk].name, sizeof(r->k[0].name), "%s", name);
		r->k[r->nk++].n = 1;
	}
}

static void kiosk_pick(struct reader *r)
{
	int best = -1;

	for (int i = 0; i < r->nk; i++)
		if (best < 0 || r->k[i].n > r->k[best].n ||
		    (r->k[i].n == r->k[best].n &&
		     strcmp(r->k[i].name, r->k[best].name) < 0))
			best = i;
	if (best >= 0)
		memcpy(r->s->kiosk, r->k[best].name, sizeof(r->s->kiosk));
}

static int grow(struct reader *r)
{
	long cap = r->cap ? r->cap * 2 : 4096;
	struct sfact *f;
	uint8_t (*u)[16];

	if (cap > MERGE_FILE_FACTS_MAX)
		return FAIR_ENOMEM;
	f = realloc(r->f, (size_t)cap * sizeof(*f));
	if (!f)
		return FAIR_ENOMEM;
	r->f = f;
	u = realloc(r->s->uuid, (size_t)cap * sizeof(*u));
	if (!u)
		return FAIR_ENOMEM;
	r->s->uuid = u;
	r->cap = cap;
	return 0;
}

static int read_row(struct reader *r, sqlite3_stmt *q)
{
	struct mscan *s = r->s;
	const char *boot = (const char *)sqlite3_column_text(q, 1);
	const char *kiosk = (const char *)sqlite3_column_text(q, 4);
	struct sfact *f;

	if (s->nuuid == r->cap && grow(r))
		return FAIR_ENOMEM;
	memset(s->uuid[s->nuuid], 0, 16);
	if (sqlite3_column_bytes(q, 0) == 16)
		memcpy(s->uuid[s->nuuid], sqlite3_column_blob(q, 0), 16);
	f = &r->f[s->nuuid];
	f->boot = boot && *boot ? merge_hash(boot) : 0;
	f->mono = sqlite3_column_int64(q, 2);
	f->wall = sqlite3_column_int64(q, 3);
	f->idx = (uint32_t)s->nuuid++;
	kiosk_count(r, kiosk ? kiosk : "");
	if (f->wall < r->ev->lo_ms || f->wall >= r->ev->hi_ms) {
		s->repair = s->repair || f->boot;
		return flag_add(s, f->idx, "clock-outside");
	}
	return 0;
}

static int cmp_uuid(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static int cmp_boot_mono(const void *a, const void *b)
{
	const struct sfact *x = a, *y = b;

	if (x->boot != y->boot)
		return x->boot < y->boot ? -1 : 1;
	if (x->mono != y->mono)
		return x->mono < y->mono ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Within one boot, monotonic time orders the facts truly; a wall time
 * more than a second before an earlier fact's means the clock went back. */
static int flag_backwards(struct reader *r)
{
	long n = r->s->nuuid;
	int64_t max = 0;
	int rc = 0;

	if (n)
		qsort(r->f, (size_t)n, sizeof(*r->f), cmp_boot_mono);
	for (long i = 0; i < n && !rc; i++) {
		if (!r->f[i].boot)
			continue;
		if (i == 0 || r->f[i - 1].boot != r->f[i].boot)
			max = r->f[i].wall;
		else if (max > r->f[i].wall + MERGE_BACKWARDS_MS)
			rc = flag_add(r->s, r->f[i].idx, "clock-backwards");
		if (r->f[i].wall > max)
			max = r->f[i].wall;
	}
	return rc;
}

static bool sorted(const struct mscan *s)
{
	for (long i = 1; i < s->nuuid; i++)
		if (memcmp(s->uuid[i - 1], s->uuid[i], 16) > 0)
			return false;
	return true;
}

static int read_facts(sqlite3 *db, struct reader *r, struct fair_err *err)
{
	sqlite3_stmt *q;
	int rc = 0, step;

	if (sqlite3_prepare_v2(db, "SELECT uuid, boot_id, mono_ms, wall_ms, "
			       "kiosk FROM facts ORDER BY uuid", -1, &q,
			       NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_ENOTOURS, "unreadable facts: %s",
				 sqlite3_errmsg(db));
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW)
		rc = read_row(r, q);
	if (!rc && step != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EINVAL, "unreadable facts: %s",
			       sqlite3_errmsg(db));
	else if (rc)
		fair_fail(err, rc, "too many facts to hold in memory");
	sqlite3_finalize(q);
	r->s->facts = r->s->nuuid;
	/* ORDER BY uuid is the table's own order; a file whose index lies
	 * would have failed integrity_check, but binary search must not
	 * depend on it. */
	if (!rc && !sorted(r->s))
		qsort(r->s->uuid, (size_t)r->s->nuuid, 16, cmp_uuid);
	if (!rc)
		rc = flag_backwards(r);
	kiosk_pick(r);
	return rc;
}

static int scan_one(struct mscan *s, int i, const char *path,
		    const struct mscan_event *ev, struct fair_err *err)
{
	struct reader r = { .s = s, .ev = ev };
	sqlite3 *db = NULL;
	int rc;

	rc = source_prepare(s, i, path, ev->tmpdir, err);
	if (rc)
		return rc;
	if (sqlite3_open_v2(s->uri, &db, SQLITE_OPEN_READONLY |
			    SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "%s", db ? sqlite3_errmsg(db)
						       : "out of memory");
		goto out;
	}
	rc = check_identity(db, ev->event_id, err);
	if (!rc)
		rc = check_integrity(db, err);
	if (!rc)
		rc = read_facts(db, &r, err);
out:
	free(r.f);
	sqlite3_close(db);
	return rc;
}

/* ---- the pool -------------------------------------------------------- */

struct pool {
	pthread_mutex_t mu;
	int next, n;
	struct mscan *sc;
	const char *const *paths;
	const struct mscan_event *ev;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct fair_err e = { "" };
		int i;

		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		p->sc[i].status = scan_one(&p->sc[i], i, p->paths[i], p->ev,
					   &e);
		memcpy(p->sc[i].msg, e.msg, sizeof(p->sc[i].msg) - 1);
		pthread_mutex_lock(&p->mu);
		++*p->ev->done;
		if (p->ev->progress)
			p->ev->progress(*p->ev->done, p->ev->total,
					p->ev->ctx);
		pthread_mutex_unlock(&p->mu);
	}
}

static int threads_wanted(int n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int t = cpus > 0 ? (int)cpus : 1;

	t = t > MAX_THREADS ? MAX_THREADS : t;
	return t > n ? n : t;
}

int mscan_all(struct mscan *sc, const char *const *paths, int n,
	      const struct mscan_event *ev)
{
	struct pool p = { .n = n, .sc = sc, .paths = paths, .ev = ev };
	pthread_t th[MAX_THREADS];
	int nt = threads_wanted(n), started = 0;

	pthread_mutex_init(&p.mu, NULL);
	for (int t = 1; t < nt; t++)
		if (pthread_create(&th[started], NULL, worker, &p) == 0)
			started++;
	worker(&p); /* this thread works too */
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&p.mu);
	for (int i = 0; i < n; i++)
		if (sc[i].status)
			return sc[i].status;
	return 0;
}

bool mscan_has(const struct mscan *sc, const uint8_t uuid[16])
{
	return sc->nuuid > 0 &&
	       bsearch(uuid, sc->uuid, (size_t)sc->nuuid, 16, cmp_uuid);
}

void mscan_release(struct mscan *sc, int n)
{
	static const char *const side[] = { "", "-wal", "-journal", "-shm" };
	char p[MERGE_URI_MAX + 16];

	for (int i = 0; i < n; i++) {
		free(sc[i].uuid);
		free(sc[i].flag_idx);
		free(sc[i].flag_why);
		sc[i].uuid = NULL;
		sc[i].flag_idx = NULL;
		sc[i].flag_why = NULL;
		for (int k = 0; sc[i].copy[0] && k < 4; k++) {
			snprintf(p, sizeof(p), "%s%s", sc[i].copy, side[k]);
			unlink(p);
		}
	}
}
