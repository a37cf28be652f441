/* bundle.h: installs a kiosk bundle (the folder `fairsync pack` writes:
 * kiosk.ini + kiosk.db) from a USB stick as the kiosk's own, for the
 * packaged service (/var/lib/fairkiosk/bundle). The bundle it replaces is
 * never overwritten: it is moved to previous/, and when its database holds
 * facts a copy is first written onto the stick, beside the new bundle, as
 * KIOSKNAME/kiosk.db (the folder `fairsync merge usb/[star]/kiosk.db`
 * reads). No SDL. */
#ifndef FAIRKIOSK_BUNDLE_H
#define FAIRKIOSK_BUNDLE_H

#include <stddef.h>

#include "fair/err.h"

/* Where the packaged service looks: DATA_DIR/bundle/kiosk.ini. */
#define BUNDLE_DATA_DIR "/var/lib/fairkiosk"

/* src is untrusted. Checks it before writing anything: kiosk.ini a plain
 * file that parses, with a plain kiosk name (kiosk_name_plain) and a db
 * beside it in src (kioskfile_db_in_bundle); kiosk.db a plain file, no
 * link; the whole at most 1 GB, and room for it on data_dir's disk with
 * 32 MB to spare. Then copies src into data_dir/bundle.new-PID (files
 * opened with O_NOFOLLOW; kiosk.db through kioskfile_copy, so the copy
 * is what merge's checks passed), re-reads the copy's kiosk.ini, saves
 * and moves aside the current bundle, and renames the copy into place
 * (a half-copied bundle is never run). A bundle.new-PID left by a killed
 * install is removed. On success fills report with what happened, one
 * line a step, for the operator. Fails with the reason in err (one line
 * naming the file and the rule), the current bundle untouched and
 * nothing of the refused copy left. */
int bundle_install(const char *src, const char *data_dir, char *report,
		   size_t cap, struct fair_err *err);

#endif
