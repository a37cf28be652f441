/* kioskfile.c: see kioskfile.h. The checks themselves are merge's
 * (merge_scan.c), run on one file with no event to compare with. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fair/kioskfile.h"
#include "merge_int.h"

static const char *const sides[] = { "-wal", "-journal", "-shm" };

static bool side_nonempty(const char *path, const char *suffix)
{
	char p[PATH_MAX + 16];
	struct stat sb;

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return lstat(p, &sb) == 0 && sb.st_size > 0;
}

/* A private folder for copies of a file that has a -wal or -journal. */
static int make_tmpdir(const char *tmpdir, char *out, size_t cap,
		       struct fair_err *err)
{
	const char *base = tmpdir ? tmpdir : getenv("TMPDIR");
	int n;

	if (!base || !base[0])
		base = "/tmp";
	n = snprintf(out, cap, "%s/fair-kioskfile-XXXXXX", base);
	if (n < 0 || (size_t)n >= cap)
		return fair_fail(err, FAIR_EINVAL, "path too long");
	if (!mkdtemp(out))
		return fair_fail(err, FAIR_EIO, "cannot create a folder in "
				 "'%s': %s", base, strerror(errno));
	return 0;
}

/* The checks, err without the path (callers name the file). */
static int check_file(const char *path, const char *tmpdir,
		      struct kioskfile_info *out, struct fair_err *err)
{
	struct mscan_event ev = { .any_event = true, .lo_ms = INT64_MIN,
				  .hi_ms = INT64_MAX };
	struct mschema *schema = NULL;
	struct mscan s = { 0 };
	char dir[PATH_MAX] = "";
	struct stat sb;
	int n = 0, rc;

	if (lstat(path, &sb))
		return fair_fail(err, FAIR_ENOENT, "%s", strerror(errno));
	if (S_ISLNK(sb.st_mode))
		return fair_fail(err, FAIR_ENOTOURS, "is a symbolic link; a "
				 "kiosk file is a plain file");
	if (!S_ISREG(sb.st_mode))
		return fair_fail(err, FAIR_ENOTOURS, "is not a regular file");
	rc = mschema_load(&schema, &n, err);
	if (!rc && (side_nonempty(path, "-wal") ||
		    side_nonempty(path, "-journal")))
		rc = make_tmpdir(tmpdir, dir, sizeof(dir), err);
	if (rc)
		goto out;
	ev.schema = schema;
	ev.nschema = n;
	ev.tmpdir = dir;
	rc = mscan_one(&s, path, &ev, err);
	if (!rc && out) {
		out->event_id = s.event_id;
		out->facts = s.facts;
		out->walkins = s.nwalkin;
	}
	mscan_release(&s, 1);
	if (dir[0])
		rmdir(dir);
out:
	mschema_free(schema, n);
	return rc;
}

int kioskfile_check(const char *path, const char *tmpdir,
		    struct kioskfile_info *out, struct fair_err *err)
{
	struct fair_err e = { "" };
	int rc = check_file(path, tmpdir, out, &e);

	return rc ? fair_fail(err, rc, "'%s': %s", path, e.msg) : 0;
}

/* ---- copying -------------------------------------------------------- */

int kioskfile_copy_plain(const char *from, const char *to, long long *left,
			 struct fair_err *err)
{
	char buf[1 << 16];
	struct stat sb;
	int in, fd, rc = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (in < 0 && errno == ELOOP)
		return fair_fail(err, FAIR_ENOTOURS, "'%s' is a symbolic link;"
				 " a bundle holds plain files", from);
	if (in < 0)
		return fair_fail(err, FAIR_EIO, "cannot read '%s': %s", from,
				 strerror(errno));
	if (fstat(in, &sb) || !S_ISREG(sb.st_mode)) {
		close(in);
		return fair_fail(err, FAIR_ENOTOURS, "'%s' is not a regular "
				 "file", from);
	}
	if (sb.st_size > *left) {
		close(in);
		return fair_fail(err, FAIR_EINVAL, "'%s' is larger than what "
				 "is left to copy here (%lld MB)", from,
				 *left >> 20);
	}
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", to,
			       strerror(errno));
		goto out_in;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		*left -= n;
		if (*left < 0) {
			rc = fair_fail(err, FAIR_EINVAL, "'%s' grew while it "
				       "was copied", from);
			break;
		}
		if (write(fd, buf, (size_t)n) != n) {
			rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s",
				       to, errno ? strerror(errno)
						 : "disk full");
			break;
		}
	}
	if (!rc && n < 0)
		rc = fair_fail(err, FAIR_EIO, "cannot read '%s': %s", from,
			       strerror(errno));
	if (!rc && fsync(fd))
		rc = fair_fail(err, FAIR_EIO, "cannot write '%s': %s", to,
			       strerror(errno));
	close(fd);
out_in:
	close(in);
	return rc;
}

/* The copy's -wal or -journal applied to it, leaving one file in
 * rollback-journal mode. A defensive connection: nothing in the file
 * runs, and the file is checked afterwards. */
static int fold_sides(const char *to, struct fair_err *err)
{
	sqlite3 *db = NULL;
	int rc = 0;

	if (sqlite3_open_v2(to, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL) ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL) ||
	    sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL,
			 NULL) != SQLITE_OK)
		rc = fair_fail(err, FAIR_ENOTOURS, "not a fairkiosk database "
			       "(%s)", db ? sqlite3_errmsg(db)
					  : "out of memory");
	sqlite3_close(db);
	return rc;
}

static void remove_copy(const char *to)
{
	char p[PATH_MAX + 16];

	unlink(to);
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", to, sides[i]);
		unlink(p);
	}
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int kioskfile_copy(const char *from, const char *to, long long max_bytes,
		   struct kioskfile_info *out, struct fair_err *err)
{
	char sf[PATH_MAX + 16], st[PATH_MAX + 16];
	struct fair_err e = { "" };
	long long left = max_bytes;
	bool folded = false;
	int rc;

	if (strlen(from) >= PATH_MAX || strlen(to) >= PATH_MAX)
		return fair_fail(err, FAIR_EINVAL, "path too long");
	/* what is removed on failure must be ours: nothing there before */
	for (int i = -1; i < 3; i++) {
		struct stat sb;

		snprintf(st, sizeof(st), "%s%s", to, i < 0 ? "" : sides[i]);
		if (lstat(st, &sb) == 0)
			return fair_fail(err, FAIR_EIO, "cannot write '%s': "
					 "it exists", st);
	}
	rc = kioskfile_copy_plain(from, to, &left, err);
	for (int i = 0; !rc && i < 2; i++) {
		snprintf(sf, sizeof(sf), "%s%s", from, sides[i]);
		snprintf(st, sizeof(st), "%s%s", to, sides[i]);
		if (!side_nonempty(from, sides[i]))
			continue;
		rc = kioskfile_copy_plain(sf, st, &left, err);
		folded = true;
	}
	if (!rc && folded)
		rc = fold_sides(to, &e);
	if (!rc && folded && sync_file(to))
		rc = fair_fail(&e, FAIR_EIO, "cannot write '%s': %s", to,
			       strerror(errno));
	if (!rc)
		rc = check_file(to, NULL, out, &e);
	if (rc && e.msg[0])
		fair_fail(err, rc, "'%s': %s", from, e.msg);
	if (rc)
		remove_copy(to);
	return rc;
}

/* ---- the bundle's kiosk.ini ----------------------------------------- */

/* The ini's folder as config_load resolves paths against it. */
static void ini_dir(const char *ini, char *out, size_t cap)
{
	const char *slash = strrchr(ini, '/');

	if (!slash)
		snprintf(out, cap, ".");
	else if (slash == ini)
		snprintf(out, cap, "/");
	else
		snprintf(out, cap, "%.*s", (int)(slash - ini), ini);
}

int kioskfile_db_in_bundle(const char *ini, const struct kiosk_config *c,
			   struct fair_err *err)
{
	char dir[PATH_MAX], shown[128];
	const char *rule = NULL;
	size_t n;

	ini_dir(ini, dir, sizeof(dir));
	n = strlen(dir);
	if (!strncmp(c->db, dir, n) && c->db[n] == '/' &&
	    kiosk_name_plain(c->db + n + 1, &rule))
		return 0;
	snprintf(shown, sizeof(shown), "%.120s", c->db);
	for (char *p = shown; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = '?';
	return fair_fail(err, FAIR_EINVAL, "'%s': db = '%s' is not a file "
			 "beside kiosk.ini (%s); a bundle's database lives in "
			 "the bundle", ini, shown,
			 rule ? rule : "another folder");
}
