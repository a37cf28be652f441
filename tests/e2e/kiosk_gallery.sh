#!/bin/sh
# End to end: every screen (idle for each role and state, every result,
# the clock warning, PIN, staff screens, each registration step, the badge)
# at 1920x1080, 1080x1920, 1280x800 and 800x480, drawn by the kiosk's own
# renderer (build/kiosk-gallery), must look like its approved image in
# tests/screens/ (halved, small tolerance). A change to the look updates
# those images in the same commit: make approve-screens. The fresh screens
# (and diff-*.png for those that differ) stay in $OUT for a person to see.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

if [ ! -x "$B/kiosk-gallery" ]; then # make test builds it
	echo "FAIL: no $B/kiosk-gallery: make $B/kiosk-gallery"
	exit 1
fi
"$B/kiosk-gallery" "$OUT"
check "every screen drawn at every size" test $? -eq 0
n=$(ls "$OUT"/*.png | wc -l)
check "the gallery has $n screens (49 at 4 sizes)" test "$n" -eq 196
/usr/bin/python3 "$REPO/tests/e2e/lib/screens.py" compare "$OUT" \
	"$REPO/tests/screens" >compare.txt
check "every screen looks as approved (tests/screens/)" test $? -eq 0
grep -v '^ok' compare.txt
finish
