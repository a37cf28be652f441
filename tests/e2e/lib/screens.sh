#!/bin/sh
# screens.sh approve B: draws every screen with B/kiosk-gallery and stores
# them as the approved images in tests/screens/ (make approve-screens).
# Commit the images with the change to the look that made them.
set -eu
[ "$1" = approve ] || { echo "usage: screens.sh approve BUILD" >&2; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$2/kiosk-gallery" "$T"
/usr/bin/python3 tests/e2e/lib/screens.py approve "$T" tests/screens
