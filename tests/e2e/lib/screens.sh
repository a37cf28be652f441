#!/bin/sh
# screens.sh approve B: runs the real kiosks of tests/e2e/kiosk_gallery.sh
# (B/fairkiosk, B/fairsync) through every screen and stores the
# screenshots as the approved images in tests/screens/ (make
# approve-screens): the same path the test compares by. Commit the images
# with the change to the look that made them.
set -eu
[ "$1" = approve ] || { echo "usage: screens.sh approve BUILD" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
APPROVE=1 B="$2" OUT="$T/gallery" sh tests/e2e/kiosk_gallery.sh
