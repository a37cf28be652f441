/* bundle.c: see bundle.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "fair/caltime.h"
#include "fair/config.h"
#include "fair/kioskfile.h"
#include "fair/stats.h"
#include "fair/store.h"

#define BUNDLE_BYTES_MAX (1024LL * 1024 * 1024) /* a bundle is MBs */
/* room left on the card after an install: SQLite's journal, the logs */
#define BUNDLE_SPARE_BYTES (32LL * 1024 * 1024)

struct report {
	char *buf;
	size_t cap, len;
};

static void say(struct report *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->len >= r->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, r->cap - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len += (size_t)n < r->cap - r->len ? (size_t)n
						      : r->cap - r->len - 1;
}

static int join(char *out, size_t cap, const char *dir, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* The folder part of path ("." for a bare name), without trailing '/'. */
static void parent_dir(const char *path, char *out, size_t cap)
{
	const char *slash;
	size_t len = strlen(path);

	while (len > 1 && path[len - 1] == '/')
		len--;
	slash = memrchr(path, '/', len);
	if (!slash)
		snprintf(out, cap, ".");
	else if (slash == path)
		snprintf(out, cap, "/");
	else
		snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

/* Now in the venue's time as "YYYYMMDD-HHMMSS", for folder names staff
 * read: the event's offset from cfg's database (540, Japan, when it
 * cannot be read), never the kiosk system's zone. */
static void stamp(const struct kiosk_config *cfg, char *out, size_t cap)
{
	struct store *st = store_open(cfg->db, STORE_READONLY, NULL);
	struct event_info ev = { .utc_offset_min = 540 };
	struct cal_civil c;

	if (st && store_event_get(st, &ev, NULL))
		ev.utc_offset_min = 540;
	store_close(st);
	c = cal_local((int64_t)time(NULL) * 1000, ev.utc_offset_min);
	snprintf(out, cap, "%04d%02d%02d-%02d%02d%02d", c.y, c.mo, c.d, c.h,
		 c.mi, c.s);
}

/* A bundle from a stick is untrusted: before anything is written, its
 * kiosk.ini must be a plain file that parses (a plain kiosk name among
 * its values: config_load checks it) and name a database beside it, and
 * that database must be a plain file, no link. The database itself is
 * checked as the copy that is installed (copy_bundle). */
static int check_bundle(const char *dir, struct kiosk_config *cfg,
			struct fair_err *err)
{
	char ini[PATH_MAX];
	struct stat sb;

	if (join(ini, sizeof(ini), dir, "kiosk.ini"))
		return fair_fail(err, FAIR_EINVAL, "'%s': path too long", dir);
	if (lstat(ini, &sb) == 0 && !S_ISREG(sb.st_mode))
		return fair_fail(err, FAIR_EINVAL, "'%s' is not a plain file "
				 "(a link?); a bundle holds plain files", ini);
	if (config_load(ini, cfg, err) ||
	    kioskfile_db_in_bundle(ini, cfg, err))
		return FAIR_EINVAL;
	if (lstat(cfg->db, &sb))
		return fair_fail(err, FAIR_EINVAL, "'%s': %s", cfg->db,
				 strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return fair_fail(err, FAIR_EINVAL, "'%s' is not a plain file "
				 "(a link?); a bundle holds plain files",
				 cfg->db);
	return 0;
}

/* Facts this kiosk recorded itself (a fresh bundle holds none). */
static long own_facts(const struct kiosk_config *cfg)
{
	struct fair_err e = { "" };
	struct store *st = store_open(cfg->db, STORE_READONLY, &e);
	long n;

	if (!st)
		return -1;
	n = stats_kiosk_facts(st, cfg->name);
	store_close(st);
	return (long)n;
}

/* A copy of the database for the stick: without the event's signing
 * secret (an entrance kiosk holds it; whoever finds the stick must not be
 * able to forge badges) in any page or journal, mode 0600, read back
 * before it counts as written (store_copy_for_stick). */
static int copy_for_stick(struct store *st, const char *path,
			  struct fair_err *err)
{
	long facts;

	return store_copy_for_stick(st, path, &facts, err);
}

/* Copies the outgoing bundle's database onto the stick, beside the new
 * bundle, as NAME/kiosk.db, or NAME-TIME/kiosk.db when the stick already
 * holds an export of that kiosk: an earlier export is never overwritten. */
static int save_to_stick(const struct kiosk_config *cur, const char *stick,
			 struct report *r, struct fair_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX], when[32];
	struct store *st;
	const char *rule;
	int rc, n;

	if (!kiosk_name_plain(cur->name, &rule))
		return fair_fail(err, FAIR_EINVAL, "the current bundle's kiosk "
				 "name is not a plain kiosk name (%s)", rule);
	n = snprintf(dir, sizeof(dir), "%s/%s", stick, cur->name);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	if (mkdir(dir, 0700) && errno != EEXIST)
		return fair_fail(err, FAIR_EIO, "cannot create '%s': %s", dir,
				 strerror(errno));
	if (join(path, sizeof(path), dir, "kiosk.db"))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	if (access(path, F_OK) == 0) {
		stamp(cur, when, sizeof(when));
		n = snprintf(dir, sizeof(dir), "%s/%s-%s", stick, cur->name,
			     when);
		if (n < 0 || (size_t)n >= sizeof(dir) ||
		    join(path, sizeof(path), dir, "kiosk.db"))
			return fair_fail(err, FAIR_EINVAL, "path too long");
		if (mkdir(dir, 0700))
			return fair_fail(err, FAIR_EIO, "cannot create '%s': "
					 "%s", dir, strerror(errno));
	}
	st = store_open(cur->db, STORE_READONLY, err);
	if (!st)
		return FAIR_EIO;
	rc = copy_for_stick(st, path, err);
	store_close(st);
	if (!rc)
		say(r, "saved the previous bundle's check-ins to '%s'\n", path);
	return rc;
}

/* Gives a file made by root (sudo fairkiosk --install-bundle) to the
 * owner of the data folder, the service's user, who must write to it. */
static void give_to(const char *path, const struct stat *owner)
{
	if (geteuid() == 0 && owner->st_uid != 0 &&
	    chown(path, owner->st_uid, owner->st_gid))
		(void)0; /* the service then reports the file read-only */
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

/* The database: copied with its -wal folded in, never through a link,
 * and checked as merge checks a kiosk file, on the copy itself (what is
 * installed is what was checked). */
static int copy_db(const char *from, const char *to, long long *budget,
		   struct fair_err *err)
{
	struct stat sb;
	int rc = kioskfile_copy(from, to, *budget, NULL, err);

	if (!rc && stat(to, &sb) == 0)
		*budget -= sb.st_size;
	return rc;
}

/* Every regular file at the top of src (kiosk.ini, kiosk.db, a logo...)
 * into dst; folders and links on the stick are not part of a bundle, and
 * SQLite's -wal/-shm/-journal files are folded in by copy_db. */
static int copy_bundle(const char *src, const char *dst, const char *db,
		       const struct stat *owner, struct fair_err *err)
{
	char from[PATH_MAX], to[PATH_MAX];
	long long budget = BUNDLE_BYTES_MAX;
	struct dirent *d;
	struct stat sb;
	DIR *dir;
	int rc = 0;

	if (mkdir(dst, 0750))
		return fair_fail(err, FAIR_EIO, "cannot create '%s': %s", dst,
				 strerror(errno));
	give_to(dst, owner);
	dir = opendir(src);
	if (!dir)
		return fair_fail(err, FAIR_EIO, "cannot read '%s': %s", src,
				 strerror(errno));
	while (!rc && (d = readdir(dir))) {
		if (d->d_name[0] == '.' || join(from, sizeof(from), src,
						d->d_name) ||
		    lstat(from, &sb) || !S_ISREG(sb.st_mode) ||
		    ends_with(d->d_name, "-wal") ||
		    ends_with(d->d_name, "-shm") ||
		    ends_with(d->d_name, "-journal"))
			continue;
		if (join(to, sizeof(to), dst, d->d_name))
			rc = fair_fail(err, FAIR_EINVAL, "path too long");
		else if (!strcmp(d->d_name, db))
			rc = copy_db(from, to, &budget, err);
		else
			rc = kioskfile_copy_plain(from, to, &budget, err);
		if (!rc)
			give_to(to, owner);
	}
	closedir(dir);
	return rc;
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Moves data_dir/bundle to data_dir/previous/NAME-TIME, after saving its
 * check-ins onto the stick. */
static int retire_current(const char *data_dir, const char *stick,
			  struct report *r, struct fair_err *err)
{
	char cur[PATH_MAX], prev[PATH_MAX], dest[PATH_MAX], when[32];
	struct kiosk_config cfg;
	struct fair_err e2 = { "" };
	long facts;
	int n;

	if (join(cur, sizeof(cur), data_dir, "bundle") ||
	    join(prev, sizeof(prev), data_dir, "previous"))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	if (access(cur, F_OK))
		return 0;
	if (join(dest, sizeof(dest), cur, "kiosk.ini") ||
	    config_load(dest, &cfg, &e2)) {
		config_defaults(&cfg);
		snprintf(cfg.name, sizeof(cfg.name), "unknown-kiosk");
		say(r, "the current bundle's kiosk.ini is unreadable (%s): "
		    "its folder is kept as it is\n", e2.msg);
	} else {
		facts = own_facts(&cfg);
		if (facts > 0 && save_to_stick(&cfg, stick, r, err))
			return FAIR_EIO; /* keep the old bundle in place */
		if (facts < 0)
			say(r, "the current database could not be read: it "
			    "is kept in previous/\n");
	}
	if (mkdir(prev, 0750) && errno != EEXIST)
		return fair_fail(err, FAIR_EIO, "cannot create '%s': %s", prev,
				 strerror(errno));
	stamp(&cfg, when, sizeof(when));
	n = snprintf(dest, sizeof(dest), "%s/%s-%s", prev, cfg.name, when);
	if (n < 0 || (size_t)n >= sizeof(dest))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	if (rename(cur, dest))
		return fair_fail(err, FAIR_EIO, "cannot move '%s' to '%s': %s",
				 cur, dest, strerror(errno));
	say(r, "kept the previous bundle in '%s'\n", dest);
	return 0;
}

/* Bytes the bundle's files take (what copy_bundle copies, the
 * database's -wal included), before anything is written: a bundle over
 * the cap is refused without a byte copied. */
static int bundle_bytes(const char *src, long long *total,
			struct fair_err *err)
{
	char from[PATH_MAX];
	struct dirent *d;
	struct stat sb;
	DIR *dir = opendir(src);

	*total = 0;
	if (!dir)
		return fair_fail(err, FAIR_EIO, "cannot read '%s': %s", src,
				 strerror(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || join(from, sizeof(from), src,
						d->d_name) ||
		    lstat(from, &sb) || !S_ISREG(sb.st_mode) ||
		    ends_with(d->d_name, "-shm") ||
		    ends_with(d->d_name, "-journal"))
			continue;
		*total += sb.st_size;
	}
	closedir(dir);
	if (*total > BUNDLE_BYTES_MAX)
		return fair_fail(err, FAIR_EINVAL, "'%s': the bundle holds "
				 "%lld MB, more than the 1 GB a bundle may; "
				 "not a bundle", src, *total >> 20);
	return 0;
}

/* The data folder must hold the bundle with room to spare: a card filled
 * by an install leaves the kiosk unable to record. */
static int check_room(const char *data_dir, long long need,
		      struct fair_err *err)
{
	struct statvfs vf;
	long long room;

	if (statvfs(data_dir, &vf))
		return fair_fail(err, FAIR_EIO, "cannot read the free space of "
				 "'%s': %s", data_dir, strerror(errno));
	room = (long long)vf.f_bavail * (long long)vf.f_frsize;
	if (room < need + BUNDLE_SPARE_BYTES)
		return fair_fail(err, FAIR_EIO, "'%s': %lld MB free, the "
				 "bundle needs %lld MB and %lld MB to spare; "
				 "nothing was copied", data_dir, room >> 20,
				 (need + (1 << 20) - 1) >> 20,
				 BUNDLE_SPARE_BYTES >> 20);
	return 0;
}

/* Removes a folder copy_bundle made (plain files at its top only). */
static void remove_fresh(const char *path)
{
	char p[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir(path);

	while (dir && (d = readdir(dir)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
		    !join(p, sizeof(p), path, d->d_name))
			unlink(p);
	if (dir)
		closedir(dir);
	rmdir(path);
}

/* Folders bundle.new-PID that an install killed midway left behind
 * (its process is gone): they hold nothing anyone needs. */
static void sweep_stale(const char *data_dir)
{
	char p[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir(data_dir);
	long pid;
	char *end;

	while (dir && (d = readdir(dir))) {
		if (strncmp(d->d_name, "bundle.new-", 11))
			continue;
		pid = strtol(d->d_name + 11, &end, 10);
		if (*end || pid <= 0 || (pid != (long)getpid() &&
					 !(kill((pid_t)pid, 0) &&
					   errno == ESRCH)))
			continue; /* another install at work */
		if (!join(p, sizeof(p), data_dir, d->d_name))
			remove_fresh(p);
	}
	if (dir)
		closedir(dir);
}

/* The copy is what runs: its kiosk.ini must read back as the one
 * checked, naming the database beside it, which copy_db checked. */
static int check_copy(const char *fresh, const struct kiosk_config *want,
		      struct fair_err *err)
{
	char ini[PATH_MAX];
	struct kiosk_config cfg;
	struct stat sb;

	if (join(ini, sizeof(ini), fresh, "kiosk.ini"))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	if (config_load(ini, &cfg, err) ||
	    kioskfile_db_in_bundle(ini, &cfg, err))
		return FAIR_EINVAL;
	if (strcmp(cfg.name, want->name) || cfg.role != want->role ||
	    lstat(cfg.db, &sb) || !S_ISREG(sb.st_mode))
		return fair_fail(err, FAIR_EINVAL, "the bundle changed while it "
				 "was copied; not installed");
	return 0;
}

/* Everything up to a checked copy in data_dir/bundle.new-PID (fresh);
 * on failure nothing of it is left. */
static int stage(const char *src, const char *data_dir, const char *fresh,
		 struct kiosk_config *cfg, struct fair_err *err)
{
	struct stat owner;
	long long bytes;
	const char *db_name;

	if (stat(data_dir, &owner) || !S_ISDIR(owner.st_mode))
		return fair_fail(err, FAIR_ENOENT, "no data folder '%s'",
				 data_dir);
	if (check_bundle(src, cfg, err) || bundle_bytes(src, &bytes, err))
		return FAIR_EINVAL;
	sweep_stale(data_dir);
	if (check_room(data_dir, bytes, err))
		return FAIR_EIO;
	db_name = strrchr(cfg->db, '/') + 1; /* kioskfile_db_in_bundle */
	if (copy_bundle(src, fresh, db_name, &owner, err) ||
	    check_copy(fresh, cfg, err)) {
		remove_fresh(fresh);
		return FAIR_EINVAL;
	}
	return 0;
}

int bundle_install(const char *src, const char *data_dir, char *report,
		   size_t cap, struct fair_err *err)
{
	char stick[PATH_MAX], fresh[PATH_MAX], cur[PATH_MAX];
	struct report r = { report, cap, 0 };
	struct kiosk_config cfg;
	int n;

	if (cap)
		report[0] = '\0';
	n = snprintf(fresh, sizeof(fresh), "%s/bundle.new-%ld", data_dir,
		     (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(fresh) ||
	    join(cur, sizeof(cur), data_dir, "bundle"))
		return fair_fail(err, FAIR_EINVAL, "path too long");
	if (stage(src, data_dir, fresh, &cfg, err))
		return FAIR_EINVAL;
	parent_dir(src, stick, sizeof(stick));
	if (retire_current(data_dir, stick, &r, err)) {
		remove_fresh(fresh);
		return FAIR_EIO;
	}
	if (rename(fresh, cur) || fsync_dir(data_dir))
		return fair_fail(err, FAIR_EIO, "cannot install '%s': %s", cur,
				 strerror(errno));
	say(&r, "installed kiosk '%s' (%s) from '%s'\n", cfg.name,
	    kiosk_role_name(cfg.role), src);
	return 0;
}
