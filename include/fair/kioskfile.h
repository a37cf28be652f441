/* kioskfile.h: a kiosk file (kiosk.db) from outside, checked as untrusted
 * input before anything opens it to write.
 *
 * A kiosk database comes back from a USB stick, an upload to the console
 * or a bundle folder anyone could have edited. Merge checks such files
 * (merge_scan.c); the same checks serve every other door through which
 * one comes in: `fairkiosk --install-bundle`, `fairsync pack --update`
 * and the console's bundle update. The file is read on a defensive
 * connection that runs none of its SQL (SQLITE_DBCONFIG_DEFENSIVE,
 * trusted_schema off, no extensions, triggers or views, limits on sizes
 * and on work), never written: ours and of a known schema version, its
 * schema text equal to a fresh store's (no view, trigger, virtual table,
 * generated column or index of its own), integrity_check ok, then every
 * fact and walk-in read once, each value's type, size and range checked
 * as merge checks it. A hostile file is refused within seconds; nothing
 * it carries runs.
 */
#ifndef FAIR_KIOSKFILE_H
#define FAIR_KIOSKFILE_H

#include <stdint.h>

#include "fair/config.h"
#include "fair/err.h"

/* What a checked file holds. */
struct kioskfile_info {
	uint32_t event_id;       /* the event it belongs to */
	long facts;              /* facts it holds */
	long walkins;            /* walk-ins it registered */
};

/* Checks the kiosk file at path as above. A file with a -wal or -journal
 * beside it is read from a private copy of them in a folder made in
 * tmpdir (NULL: $TMPDIR or /tmp), removed before returning. Returns 0
 * and fills *out (may be NULL); else FAIR_ENOENT, FAIR_ENOTOURS (not a
 * kiosk file, or a schema not ours), FAIR_ENEWER, FAIR_EINVAL (damaged,
 * a bad value) or FAIR_EIO/FAIR_ENOMEM, with err naming path and the
 * rule broken in one line. */
int kioskfile_check(const char *path, const char *tmpdir,
		    struct kioskfile_info *out, struct fair_err *err);

/* Copies an untrusted kiosk file from `from` (with its -wal, folded in)
 * to `to`, which must not exist, and checks the copy with
 * kioskfile_check: what is installed is what was checked, whatever
 * happens to `from` meanwhile. Refuses a `from` that is a symbolic link
 * or not a regular file, and one larger than max_bytes, before writing.
 * The copy is one file in rollback-journal mode, mode 0600, fsynced.
 * On failure nothing is left at `to`. Returns 0 or the codes above. */
int kioskfile_copy(const char *from, const char *to, long long max_bytes,
		   struct kioskfile_info *out, struct fair_err *err);

/* The copy kioskfile_copy() makes, for any file that comes with a kiosk
 * file from outside (a bundle's kiosk.ini, its logo): `from` must be a
 * regular file, no symbolic link (FAIR_ENOTOURS) and no larger than
 * *left, which counts down by the bytes copied (FAIR_EINVAL, also if it
 * grows meanwhile); `to` is created (it must not exist), mode 0600, and
 * fsynced. 0, else FAIR_EIO too; on failure a part may be left at `to`
 * for the caller to remove. */
int kioskfile_copy_plain(const char *from, const char *to, long long *left,
			 struct fair_err *err);

/* A bundle's kiosk.ini must name a database beside it: c, as
 * config_load(ini) read it, must have c->db = INIFOLDER/FILE with FILE a
 * plain file name (kiosk_name_plain's rule). A db elsewhere
 * (`db = /abs/outside`, `db = ../x.db`) would make the kiosk or pack
 * --update write outside the bundle. 0, or FAIR_EINVAL with err naming
 * ini and the rule. */
int kioskfile_db_in_bundle(const char *ini, const struct kiosk_config *c,
			   struct fair_err *err);

#endif
