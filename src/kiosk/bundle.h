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

/* Checks src (its kiosk.ini parses, its kiosk.db is a fairkiosk database
 * that passes an integrity check), saves and moves aside the current
 * bundle, then copies src into data_dir/bundle (a fresh folder renamed into
 * place, so a half-copied bundle is never run). On success fills report
 * with what happened, one line a step, for the operator. Fails with the
 * reason in err, the current bundle untouched. */
int bundle_install(const char *src, const char *data_dir, char *report,
		   size_t cap, struct fair_err *err);

#endif
