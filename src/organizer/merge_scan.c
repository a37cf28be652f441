/* merge_scan.c: read and check each input before anything is written.
 *
 * A kiosk file is untrusted input. Each is opened without ever writing
 * beside it (immutable in place, or a private copy when a -wal or
 * -journal lies beside it), on a connection that runs none of the file's
 * SQL: defensive, untrusted schema, no extensions, views or triggers, and
 * hard limits on value sizes and work. Then checked: ours, this event, not
 * newer; its schema text equal to a fresh store's (no views, triggers,
 * generated columns, other types); integrity_check; then every value,
 * read once in key order (types, sizes, ranges, known kinds). Facts naming
 * an attendee or place the event does not know (walk-ins registered in the
 * same file are known) are flagged, as are the flags that depend on the
 * file alone: clock outside the event, clock running backwards within a
 * boot. A fact the event already holds must hold the same content.
 * Inputs are independent, so this runs on a few threads, each with its
 * own connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fair/grow.h"
#include "merge_int.h"

#define MAX_THREADS 4
#define MAX_KIOSKS 32  /* distinct kiosk names counted per file */
#define MSCHEMA_MAX 10000 /* tables and indexes of a store: a few dozen */

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

static int copy_file(const char *from, const char *to, struct fair_err *err)
{
	char buf[1 << 16];
	int in, out, rc = 0;
	ssize_t n;

	struct stat sb;

	/* O_NONBLOCK: a FIFO put there since the check must not hang us */
	in = open(from, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (in < 0)
		return fair_fail(err, FAIR_EIO, "cannot read '%s': %s", from,
				 strerror(errno));
	if (fstat(in, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(in);
		return fair_fail(err, FAIR_EINVAL, "'%s' is not a regular "
				 "file", from);
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		   0600);
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
	if (!rc && store_path_uri(s->uri, sizeof(s->uri), s->copy, ""))
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

	if (access(path, R_OK) != 0) {
		int e = errno;

		return fair_fail(err, FAIR_ENOENT, "%s", strerror(e));
	}
	snprintf(side, sizeof(side), "%s-wal", path);
	extra = file_nonempty(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	extra = extra || file_nonempty(side);
	s->copy[0] = '\0';
	if (extra)
		return source_copy(s, i, path, tmpdir, err);
	if (store_path_uri(s->uri, sizeof(s->uri), path, "?immutable=1"))
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
static int check_identity(sqlite3 *db, const struct mscan_event *e,
			  uint32_t *event_id, struct fair_err *err)
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
		/* the real cause: an empty table, or a damaged file */
		return fair_fail(err, FAIR_ENOTOURS, "holds no event%s%s%s",
				 sqlite3_errcode(db) == SQLITE_OK ? "" : " (",
				 sqlite3_errcode(db) == SQLITE_OK ? ""
				 : sqlite3_errmsg(db),
				 sqlite3_errcode(db) == SQLITE_OK ? "" : ")");
	*event_id = (uint32_t)ev;
	if (!e->any_event && (uint32_t)ev != e->event_id)
		return fair_fail(err, FAIR_EINVAL,
				 "belongs to another event (id %u, this "
				 "event is %u)", (unsigned)ev,
				 (unsigned)e->event_id);
	return 0;
}

/* Work budget: a file of this size needs far less; a file that makes
 * SQLite loop (a schema it should never have) is stopped. */
static int budget_spent(void *ctx)
{
	long *left = ctx;

	return --*left < 0;
}

/* A connection that runs nothing the file carries: no triggers, views,
 * extensions or untrusted functions in its schema, and no value larger
 * than MERGE_VALUE_BYTES_MAX. */
static int open_input(const char *uri, sqlite3 **out, long *budget,
		      struct fair_err *err)
{
	static const int limits[][2] = {
		{ SQLITE_LIMIT_LENGTH, MERGE_VALUE_BYTES_MAX },
		{ SQLITE_LIMIT_SQL_LENGTH, 100000 },
		{ SQLITE_LIMIT_COLUMN, 200 },
		{ SQLITE_LIMIT_EXPR_DEPTH, 100 },
		{ SQLITE_LIMIT_COMPOUND_SELECT, 8 },
		{ SQLITE_LIMIT_FUNCTION_ARG, 8 },
		{ SQLITE_LIMIT_ATTACHED, 1 },       /* the event, to compare */
		{ SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100 },
		{ SQLITE_LIMIT_VARIABLE_NUMBER, 10 },
		{ SQLITE_LIMIT_TRIGGER_DEPTH, 1 },
		{ SQLITE_LIMIT_WORKER_THREADS, 0 },
	};
	sqlite3 *db = NULL;

	*out = NULL;
	/* NOMUTEX: one thread uses it; a mutex around each of the ~50
	 * column calls a fact costs would double the scan */
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fair_fail(err, FAIR_EIO, "%s", db ? sqlite3_errmsg(db)
						  : "out of memory");
		sqlite3_close(db);
		return FAIR_EIO;
	}
	if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
			      NULL) ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL) ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL)) {
		sqlite3_close(db);
		return fair_fail(err, FAIR_EIO, "cannot make SQLite safe for "
				 "untrusted files");
	}
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		sqlite3_limit(db, limits[i][0], limits[i][1]);
	sqlite3_progress_handler(db, 10000, budget_spent, budget);
	*out = db;
	return 0;
}

static const struct mschema *schema_find(const struct mscan_event *ev,
					 const char *name)
{
	int lo = 0, hi = ev->nschema;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(ev->schema[mid].name, name);

		if (!c)
			return &ev->schema[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool our_table(const struct mscan_event *ev, const char *tbl)
{
	const struct mschema *r = schema_find(ev, tbl);

	return r && !strcmp(r->type, "table");
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The schema itself, before any of the file's tables is read: every
 * object of ours present with exactly our SQL (so our columns, types,
 * STRICT, no generated columns), no view, trigger or virtual table at
 * all, no index of its own on our tables. Other tables are ignored. */
static int check_schema(sqlite3 *db, const struct mscan_event *ev,
			struct fair_err *err)
{
	sqlite3_stmt *q;
	int seen = 0, rc = 0, step;

	if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM "
			       "sqlite_schema", -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_ENOTOURS, "unreadable schema: %s",
				 sqlite3_errmsg(db));
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(q, 0);
		const char *name = (const char *)sqlite3_column_text(q, 1);
		const char *tbl = (const char *)sqlite3_column_text(q, 2);
		const char *sql = (const char *)sqlite3_column_text(q, 3);
		const struct mschema *r;

		type = type ? type : "";
		name = name ? name : "";
		r = schema_find(ev, name);
		if (!strcmp(type, "view") || !strcmp(type, "trigger"))
			rc = fair_fail(err, FAIR_ENOTOURS, "holds a %s "
				       "('%.60s'); kiosk files have none",
				       type, name);
		else if (r && (strcmp(r->type, type) ||
			       strcmp(r->tbl, tbl ? tbl : "") ||
			       !same_text(r->sql, sql)))
			rc = fair_fail(err, FAIR_ENOTOURS, "its %s '%.60s' is "
				       "not ours (different definition)",
				       type, name);
		else if (r)
			seen++;
		else if (sql && !strncmp(sql, "CREATE VIRTUAL", 14))
			rc = fair_fail(err, FAIR_ENOTOURS, "holds a virtual "
				       "table ('%.60s')", name);
		else if (our_table(ev, tbl ? tbl : ""))
			rc = fair_fail(err, FAIR_ENOTOURS, "holds an index of "
				       "its own ('%.60s') on %.60s", name,
				       tbl);
	}
	if (!rc && step != SQLITE_DONE)
		rc = fair_fail(err, FAIR_ENOTOURS, "unreadable schema: %s",
			       sqlite3_errmsg(db));
	sqlite3_finalize(q);
	if (!rc && seen != ev->nschema) {
		for (int i = 0; i < ev->nschema; i++) {
			char sql[128];
			int64_t n = 0;

			snprintf(sql, sizeof(sql), "SELECT count(*) FROM "
				 "sqlite_schema WHERE name = '%s'",
				 ev->schema[i].name);
			if (!query_i64(db, sql, &n) && !n)
				return fair_fail(err, FAIR_ENOTOURS, "has no "
						 "%s '%s'", ev->schema[i].type,
						 ev->schema[i].name);
		}
		rc = fair_fail(err, FAIR_ENOTOURS, "schema is not ours");
	}
	return rc;
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
	size_t cap;
	struct kcount k[MAX_KIOSKS];
	int nk;
};

static int flag_add(struct mscan *s, uint32_t idx, const char *why)
{
	/* two arrays side by side: each grows to the same cap */
	size_t ci = s->capflags, cw = s->capflags, need = (size_t)s->nflags + 1;

	if (fair_grow((void **)&s->flag_idx, &ci, need, sizeof(*s->flag_idx),
		      MERGE_FILE_FACTS_MAX) ||
	    fair_grow((void **)&s->flag_why, &cw, need, sizeof(*s->flag_why),
		      MERGE_FILE_FACTS_MAX))
		return FAIR_ENOMEM;
	s->capflags = ci;
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
	/* three arrays side by side: each grows to the same cap */
	size_t cf = r->cap, cu = r->cap, ch = r->cap, need = r->cap + 1;

	if (fair_grow((void **)&r->f, &cf, need, sizeof(*r->f),
		      MERGE_FILE_FACTS_MAX) ||
	    fair_grow((void **)&r->s->uuid, &cu, need, sizeof(*r->s->uuid),
		      MERGE_FILE_FACTS_MAX) ||
	    fair_grow((void **)&r->s->hash, &ch, need, sizeof(*r->s->hash),
		      MERGE_FILE_FACTS_MAX))
		return FAIR_ENOMEM;
	r->cap = cf;
	return 0;
}

/* ---- values ---------------------------------------------------------- */

enum fcol {
	C_UUID, C_KIND, C_KIOSK, C_PLACE, C_ATT, C_SERIAL, C_DIR, C_SOURCE,
	C_WALL, C_BOOT, C_MONO, C_VOIDS, C_FLAGS, C_RATING, C_TAGS, C_NOTE,
	C_COUNT
};

#define FACTS_SELECT \
	"SELECT uuid, kind, kiosk, place_id, attendee_id, serial, direction," \
	" source, wall_ms, boot_id, mono_ms, voids, flags, rating, tags, note" \
	" FROM facts ORDER BY uuid"

/* What each column may hold: its type, and the range of an integer or
 * the byte length of a text or blob. */
struct vrule {
	const char *name;
	int type;
	int64_t lo, hi;
};

static const struct vrule fact_rules[C_COUNT] = {
	[C_UUID] = { "uuid", SQLITE_BLOB, 16, 16 },
	[C_KIND] = { "kind", SQLITE_TEXT, 1, 16 },
	[C_KIOSK] = { "kiosk", SQLITE_TEXT, 0, 63 },
	[C_PLACE] = { "place_id", SQLITE_INTEGER, 0, UINT32_MAX },
	[C_ATT] = { "attendee_id", SQLITE_INTEGER, 0, UINT32_MAX },
	[C_SERIAL] = { "serial", SQLITE_INTEGER, 0, UINT16_MAX },
	[C_DIR] = { "direction", SQLITE_INTEGER, -1, 1 },
	[C_SOURCE] = { "source", SQLITE_TEXT, 0, 31 },
	[C_WALL] = { "wall_ms", SQLITE_INTEGER, FAIR_TIME_MIN_MS,
		     FAIR_TIME_MAX_MS },
	[C_BOOT] = { "boot_id", SQLITE_TEXT, 0, 39 },
	[C_MONO] = { "mono_ms", SQLITE_INTEGER, 0, MERGE_MONO_MAX_MS },
	[C_VOIDS] = { "voids", SQLITE_BLOB, 16, 16 },
	[C_FLAGS] = { "flags", SQLITE_INTEGER, 0, UINT16_MAX },
	[C_RATING] = { "rating", SQLITE_INTEGER, 0, 5 },
	[C_TAGS] = { "tags", SQLITE_TEXT, 0, FACT_TAGS_MAX - 1 },
	[C_NOTE] = { "note", SQLITE_TEXT, 0, FACT_NOTE_MAX - 1 },
};

enum { W_ID, W_EXT, W_NAME, W_KANA, W_SCHOOL, W_FACULTY, W_GRADE, W_EMAIL,
       W_PHONE, W_CONSENT, W_CVER, W_ROLE, W_SERIAL, W_COUNT };

#define WALKINS_SELECT \
	"SELECT id, ext_id, name, kana, school, faculty, grade, email, phone," \
	" consent, consent_version, role, serial FROM attendees" \
	" WHERE id >= 2147483648 ORDER BY id"

static const struct vrule walkin_rules[W_COUNT] = {
	[W_ID] = { "id", SQLITE_INTEGER, 2147483648LL, UINT32_MAX },
	[W_EXT] = { "ext_id", SQLITE_TEXT, 0, 63 },
	[W_NAME] = { "name", SQLITE_TEXT, 0, STORE_TEXT - 1 },
	[W_KANA] = { "kana", SQLITE_TEXT, 0, STORE_TEXT - 1 },
	[W_SCHOOL] = { "school", SQLITE_TEXT, 0, STORE_TEXT - 1 },
	[W_FACULTY] = { "faculty", SQLITE_TEXT, 0, STORE_TEXT - 1 },
	[W_GRADE] = { "grade", SQLITE_TEXT, 0, 15 },
	[W_EMAIL] = { "email", SQLITE_TEXT, 0, STORE_TEXT - 1 },
	[W_PHONE] = { "phone", SQLITE_TEXT, 0, 31 },
	[W_CONSENT] = { "consent", SQLITE_INTEGER, 0, 1 },
	[W_CVER] = { "consent_version", SQLITE_TEXT, 0, 31 },
	[W_ROLE] = { "role", SQLITE_INTEGER, 0, 255 },
	[W_SERIAL] = { "serial", SQLITE_INTEGER, 0, UINT16_MAX },
};

static const char *const fact_kinds[] = {
	"checkin", "void", "register", "feedback", "lead", "assign",
	"consent", "departure", "survey",
};
enum { K_CHECKIN, K_VOID, K_REGISTER, K_CONSENT = 6, K_COUNT = 9 };

static const char *type_name(int t)
{
	switch (t) {
	case SQLITE_INTEGER: return "an integer";
	case SQLITE_FLOAT: return "a real number";
	case SQLITE_TEXT: return "text";
	case SQLITE_BLOB: return "a blob";
	default: return "NULL";
	}
}

/* A content hash, eight bytes a step (the scan reads every fact): equal
 * content, equal hash; different content collides once in 2^64. */
static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t v;

	for (; n >= 8; b += 8, n -= 8) {
		memcpy(&v, b, 8);
		h = mix(h, v);
	}
	v = 0;
	memcpy(&v, b, n);
	return mix(h, v ^ ((uint64_t)n << 56));
}

/* Checks column c of the row against its rule; adds it to *hash. */
static int check_value(sqlite3_stmt *q, int c, const struct vrule *rule,
		       bool nullable, uint64_t *hash, const char *what,
		       struct fair_err *err)
{
	int type = sqlite3_column_type(q, c);
	unsigned char t = (unsigned char)type;
	int64_t v;
	int n;

	*hash = fnv(*hash, &t, 1);
	if (type == SQLITE_NULL && nullable)
		return 0;
	if (type != rule->type)
		return fair_fail(err, FAIR_EINVAL, "%s: %s is %s, not %s",
				 what, rule->name, type_name(type),
				 type_name(rule->type));
	if (type == SQLITE_INTEGER) {
		v = sqlite3_column_int64(q, c);
		*hash = fnv(*hash, &v, sizeof(v));
		if (v < rule->lo || v > rule->hi)
			return fair_fail(err, FAIR_EINVAL, "%s: %s %lld is "
					 "out of range", what, rule->name,
					 (long long)v);
		return 0;
	}
	{
		const void *p = type == SQLITE_TEXT
			? (const void *)sqlite3_column_text(q, c)
			: sqlite3_column_blob(q, c);

		n = sqlite3_column_bytes(q, c);
		if (n < rule->lo || n > rule->hi)
			return fair_fail(err, FAIR_EINVAL, "%s: %s is %d bytes"
					 " long (%lld to %lld allowed)", what,
					 rule->name, n, (long long)rule->lo,
					 (long long)rule->hi);
		if (n && !p)
			return fair_fail(err, FAIR_ENOMEM, "out of memory");
		if (type == SQLITE_TEXT && n && memchr(p, 0, (size_t)n))
			return fair_fail(err, FAIR_EINVAL, "%s: %s holds a NUL"
					 " byte", what, rule->name);
		*hash = fnv(*hash, &n, sizeof(n));
		*hash = fnv(*hash, p, (size_t)n);
	}
	return 0;
}

static bool id_in(const uint32_t *v, long n, uint32_t id)
{
	long lo = 0, hi = n;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;

		if (v[mid] == id)
			return true;
		if (v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The file's walk-ins (ids with the top bit set): checked like facts,
 * their ids remembered so facts naming them are known. */
static int read_walkins(sqlite3 *db, struct mscan *s, struct fair_err *err)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc = 0, step;

	if (sqlite3_prepare_v2(db, WALKINS_SELECT, -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_ENOTOURS, "unreadable attendees: "
				 "%s", sqlite3_errmsg(db));
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		char what[48];
		uint64_t h = 0;

		snprintf(what, sizeof(what), "walk-in %lld",
			 (long long)sqlite3_column_int64(q, W_ID));
		for (int c = 0; !rc && c < W_COUNT; c++)
			rc = check_value(q, c, &walkin_rules[c], c == W_EXT,
					 &h, what, err);
		if (rc)
			break;
		if (s->nwalkin >= MERGE_FILE_WALKINS_MAX) {
			rc = fair_fail(err, FAIR_EINVAL, "more than %ld "
				       "walk-ins", MERGE_FILE_WALKINS_MAX);
			break;
		}
		if (fair_grow((void **)&s->walkin, &cap,
			      (size_t)s->nwalkin + 1, sizeof(*s->walkin),
			      MERGE_FILE_WALKINS_MAX)) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		s->walkin[s->nwalkin++] =
			(uint32_t)sqlite3_column_int64(q, W_ID);
	}
	if (!rc && step != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EINVAL, "unreadable attendees: %s",
			       sqlite3_errmsg(db));
	sqlite3_finalize(q);
	return rc;
}

static bool attendee_known(const struct reader *r, uint32_t id)
{
	return id_in(r->ev->att, r->ev->natt, id) ||
	       id_in(r->s->walkin, r->s->nwalkin, id);
}

/* Every value checked; then the flags this fact raises on its own. */
static int read_row(struct reader *r, sqlite3_stmt *q, struct fair_err *err)
{
	struct mscan *s = r->s;
	const char *boot, *kiosk, *kind;
	char what[64] = "a fact";
	uint64_t h = 1469598103934665603ULL;
	struct sfact *f;
	uint32_t att, place;
	int k, rc = 0;

	if (s->nuuid == MERGE_FILE_FACTS_MAX)
		return fair_fail(err, FAIR_EINVAL, "more than %ld facts",
				 MERGE_FILE_FACTS_MAX);
	if ((size_t)s->nuuid == r->cap && grow(r))
		return fair_fail(err, FAIR_ENOMEM, "too many facts to hold "
				 "in memory");
	if (sqlite3_column_type(q, C_UUID) == SQLITE_BLOB &&
	    sqlite3_column_bytes(q, C_UUID) == FACT_UUID_BYTES) {
		char hex[33];

		fact_uuid_hex(sqlite3_column_blob(q, C_UUID), hex);
		snprintf(what, sizeof(what), "fact %s", hex);
	}
	for (int c = 0; !rc && c < C_COUNT; c++)
		rc = check_value(q, c, &fact_rules[c], c == C_VOIDS, &h, what,
				 err);
	if (rc)
		return rc;
	kind = (const char *)sqlite3_column_text(q, C_KIND);
	for (k = 0; k < K_COUNT && strcmp(kind, fact_kinds[k]); k++)
		;
	if (k == K_COUNT)
		return fair_fail(err, FAIR_EINVAL, "%s: unknown kind '%.16s'",
				 what, kind);
	if (sqlite3_column_int64(q, C_DIR) == 0)
		return fair_fail(err, FAIR_EINVAL, "%s: direction 0", what);
	if ((k == K_VOID) != (sqlite3_column_type(q, C_VOIDS) != SQLITE_NULL))
		return fair_fail(err, FAIR_EINVAL, "%s: %s", what, k == K_VOID
				 ? "a void naming no fact"
				 : "names a fact to void but is no void");
	/* a consent to one company says who, which company and which
	 * consent text (fair/consent.h) */
	if (k == K_CONSENT && (!sqlite3_column_int64(q, C_ATT) ||
			       !sqlite3_column_int64(q, C_PLACE) ||
			       sqlite3_column_bytes(q, C_NOTE) < 1 ||
			       sqlite3_column_bytes(q, C_NOTE) > 31))
		return fair_fail(err, FAIR_EINVAL, "%s: a consent must name "
				 "a student, a company's booth and the "
				 "consent text's version (1 to 31 bytes)",
				 what);
	memcpy(s->uuid[s->nuuid], sqlite3_column_blob(q, C_UUID), 16);
	s->hash[s->nuuid] = h;
	if (s->nuuid && memcmp(s->uuid[s->nuuid - 1], s->uuid[s->nuuid],
			       16) >= 0)
		return fair_fail(err, FAIR_EINVAL, "%s: facts out of order",
				 what);
	boot = (const char *)sqlite3_column_text(q, C_BOOT);
	kiosk = (const char *)sqlite3_column_text(q, C_KIOSK);
	f = &r->f[s->nuuid];
	f->boot = boot && *boot ? merge_hash(boot) : 0;
	f->mono = sqlite3_column_int64(q, C_MONO);
	f->wall = sqlite3_column_int64(q, C_WALL);
	f->idx = (uint32_t)s->nuuid++;
	kiosk_count(r, kiosk ? kiosk : "");
	att = (uint32_t)sqlite3_column_int64(q, C_ATT);
	place = (uint32_t)sqlite3_column_int64(q, C_PLACE);
	/* a check-in or a registration names both; other kinds may name
	 * none (0), but what they name must be known */
	if ((att || k == K_CHECKIN || k == K_REGISTER) &&
	    !attendee_known(r, att))
		rc = flag_add(s, f->idx, MERGE_FLAG_UNKNOWN_ATTENDEE);
	if (!rc && (place || k == K_CHECKIN || k == K_REGISTER) &&
	    !id_in(r->ev->place, r->ev->nplace, place))
		rc = flag_add(s, f->idx, MERGE_FLAG_UNKNOWN_PLACE);
	if (!rc && (f->wall < r->ev->lo_ms || f->wall >= r->ev->hi_ms)) {
		s->repair = s->repair || f->boot;
		rc = flag_add(s, f->idx, "clock-outside");
	}
	if (rc)
		return fair_fail(err, rc, "out of memory");
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
 * more than a second before an earlier fact's means the clock went back.
 * Times are within FAIR_TIME_* here, so the sums cannot overflow. */
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
		else if (max - r->f[i].wall > MERGE_BACKWARDS_MS)
			rc = flag_add(r->s, r->f[i].idx, "clock-backwards");
		if (r->f[i].wall > max)
			max = r->f[i].wall;
	}
	return rc;
}

static int read_facts(sqlite3 *db, struct reader *r, struct fair_err *err)
{
	sqlite3_stmt *q;
	int rc = 0, step;

	if (sqlite3_prepare_v2(db, FACTS_SELECT, -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_ENOTOURS, "unreadable facts: %s",
				 sqlite3_errmsg(db));
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW)
		rc = read_row(r, q, err);
	if (!rc && step != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EINVAL, "unreadable facts: %s",
			       sqlite3_errmsg(db));
	sqlite3_finalize(q);
	r->s->facts = r->s->nuuid;
	if (!rc && flag_backwards(r))
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
	kiosk_pick(r);
	return rc;
}

/* A fact the event already holds must be the same fact: a uuid is a
 * name, and two contents under one name are a conflict, refused. */
static int check_known(sqlite3 *db, const struct mscan_event *ev,
		       struct fair_err *err)
{
	sqlite3_stmt *q;
	int rc = 0, step;
	long n = 0;
	char hex[33] = "";

	if (!ev->event_uri || !ev->known_sql)
		return 0;
	if (sqlite3_prepare_v2(db, "ATTACH ?1 AS ev", -1, &q, NULL) !=
	    SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
	sqlite3_bind_text(q, 1, ev->event_uri, -1, SQLITE_STATIC);
	step = sqlite3_step(q);
	sqlite3_finalize(q);
	if (step != SQLITE_DONE)
		return fair_fail(err, FAIR_EIO, "cannot read the event "
				 "database: %s", sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db, ev->known_sql, -1, &q, NULL) != SQLITE_OK) {
		rc = fair_fail(err, FAIR_EIO, "%s", sqlite3_errmsg(db));
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (!n++ && sqlite3_column_bytes(q, 0) == FACT_UUID_BYTES)
			fact_uuid_hex(sqlite3_column_blob(q, 0), hex);
	}
	if (step != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "comparing with the event: %s",
			       sqlite3_errmsg(db));
	else if (n)
		rc = fair_fail(err, FAIR_EINVAL, "conflict: %ld fact%s already"
			       " in the event with different content (first "
			       "%s)", n, n > 1 ? "s" : "", hex);
	sqlite3_finalize(q);
out:
	sqlite3_exec(db, "DETACH ev", NULL, NULL, NULL);
	return rc;
}

static int scan_one(struct mscan *s, int i, const char *path,
		    const struct mscan_event *ev, struct fair_err *err)
{
	struct reader r = { .s = s, .ev = ev };
	sqlite3 *db = NULL;
	struct stat sb;
	long budget;
	int rc;

	rc = source_prepare(s, i, path, ev->tmpdir, err);
	if (rc)
		return rc;
	if (stat(s->copy[0] ? s->copy : path, &sb) != 0)
		sb.st_size = 0;
	/* progress calls (every 10,000 steps): generous for what a file of
	 * this size needs */
	budget = 10000 + (long)(sb.st_size / 1000);
	rc = open_input(s->uri, &db, &budget, err);
	if (!rc)
		rc = check_identity(db, ev, &s->event_id, err);
	if (!rc)
		rc = check_schema(db, ev, err);
	if (!rc)
		rc = check_integrity(db, err);
	if (!rc)
		rc = read_walkins(db, s, err);
	if (!rc)
		rc = read_facts(db, &r, err);
	if (!rc)
		rc = check_known(db, ev, err);
	if (rc && budget < 0)
		rc = fair_fail(err, FAIR_EINVAL, "stopped: reading it took "
			       "far more work than a kiosk file of its size "
			       "needs");
	free(r.f);
	sqlite3_close(db);
	return rc;
}

int mscan_one(struct mscan *s, const char *path,
	      const struct mscan_event *ev, struct fair_err *err)
{
	return scan_one(s, 0, path, ev, err);
}

/* sqlite_schema of a store made now: what every input must match. */
int mschema_load(struct mschema **out, int *n, struct fair_err *err)
{
	struct store *ref = store_open(":memory:", STORE_CREATE, err);
	struct mschema *v = NULL, *r;
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!ref)
		return FAIR_EIO;
	if (sqlite3_prepare_v2(store_db(ref), "SELECT type, name, tbl_name, "
			       "sql FROM sqlite_schema ORDER BY name", -1, &q,
			       NULL) != SQLITE_OK)
		rc = fair_fail(err, FAIR_EIO, "%s",
			       sqlite3_errmsg(store_db(ref)));
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(q, 3);

		if (fair_grow((void **)&v, &cap, (size_t)*n + 1, sizeof(*v),
			      MSCHEMA_MAX)) {
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
			break;
		}
		r = &v[(*n)++];
		snprintf(r->type, sizeof(r->type), "%s",
			 (const char *)sqlite3_column_text(q, 0));
		snprintf(r->name, sizeof(r->name), "%s",
			 (const char *)sqlite3_column_text(q, 1));
		snprintf(r->tbl, sizeof(r->tbl), "%s",
			 (const char *)sqlite3_column_text(q, 2));
		r->sql = sql ? strdup(sql) : NULL;
		if (sql && !r->sql)
			rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
	}
	sqlite3_finalize(q);
	store_close(ref);
	*out = v;
	return rc;
}

void mschema_free(struct mschema *s, int n)
{
	for (int i = 0; i < n; i++)
		free(s[i].sql);
	free(s);
}

/* ---- the pool -------------------------------------------------------- */

struct pool {
	pthread_mutex_t mu;
	int next, n;
	struct mscan *sc;
	const char *const *paths;
	const struct mscan_event *ev;
	locale_t lang;                   /* the caller's messages (i18n.h) */
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	/* a refusal reads in the caller's language: the console sets it per
	 * request on its own thread, which these threads do not inherit */
	uselocale(p->lang);
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
	struct pool p = { .n = n, .sc = sc, .paths = paths, .ev = ev,
			  .lang = uselocale((locale_t)0) };
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

/* ---- the same fact in two inputs ------------------------------------ */

struct head {
	int file;
	long at;
};

static int head_cmp(const struct mscan *sc, const struct head *a,
		    const struct head *b)
{
	int c = memcmp(sc[a->file].uuid[a->at], sc[b->file].uuid[b->at], 16);

	return c ? c : (a->file > b->file) - (a->file < b->file);
}

static void heap_down(const struct mscan *sc, struct head *h, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, m = i;
		struct head t;

		if (l < n && head_cmp(sc, &h[l], &h[m]) < 0)
			m = l;
		if (l + 1 < n && head_cmp(sc, &h[l + 1], &h[m]) < 0)
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* Walks every input's sorted uuids at once (a heap of their heads): the
 * same uuid met twice must carry the same content hash. */
int mscan_cross(struct mscan *sc, const char *const *paths, int n)
{
	struct head *h = calloc((size_t)(n > 0 ? n : 1), sizeof(*h));
	int nh = 0, rc = 0;
	struct head prev = { -1, 0 };

	if (!h)
		return FAIR_ENOMEM;
	for (int i = 0; i < n; i++)
		if (sc[i].nuuid)
			h[nh++] = (struct head){ i, 0 };
	for (int i = nh / 2 - 1; i >= 0; i--)
		heap_down(sc, h, nh, i);
	while (nh) {
		struct head top = h[0];
		struct mscan *b;

		if (prev.file >= 0 &&
		    !memcmp(sc[prev.file].uuid[prev.at],
			    sc[top.file].uuid[top.at], 16) &&
		    sc[prev.file].hash[prev.at] != sc[top.file].hash[top.at] &&
		    !sc[top.file].status) {
			char hex[33];

			b = &sc[top.file];
			fact_uuid_hex(b->uuid[top.at], hex);
			b->status = FAIR_EINVAL;
			snprintf(b->msg, sizeof(b->msg), "conflict: fact %s "
				 "differs from the same fact in '%.120s'", hex,
				 paths[prev.file]);
			rc = rc ? rc : FAIR_EINVAL;
		}
		prev = top;
		if (++h[0].at < sc[h[0].file].nuuid)
			heap_down(sc, h, nh, 0);
		else if (--nh) {
			h[0] = h[nh];
			heap_down(sc, h, nh, 0);
		}
	}
	free(h);
	return rc;
}

void mscan_release(struct mscan *sc, int n)
{
	static const char *const side[] = { "", "-wal", "-journal", "-shm" };
	char p[MERGE_URI_MAX + 16];

	for (int i = 0; i < n; i++) {
		free(sc[i].uuid);
		free(sc[i].hash);
		free(sc[i].walkin);
		sc[i].hash = NULL;
		sc[i].walkin = NULL;
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
