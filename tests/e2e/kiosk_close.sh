#!/bin/sh
# End to end: the window manager's close button (WM_DELETE_WINDOW, sent by
# lib/xclose.py) does nothing on the student screens and quits from staff
# mode.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
XCLOSE="$REPO/tests/e2e/lib/xclose.py"

make_event ev.db || exit 1
run_ok "pack the entrance" "$FS" pack --db ev.db --role entrance \
	--pin 2468 --out ent >/dev/null || exit 1

# Each script takes a screenshot (shown.png) once its screen is up; close.sh
# polls for it, then sends the close and notes that it did (close.sent).
# student screen: close is ignored, the script's screenshot still happens
printf 'screenshot %s\nwait 3000\nscreenshot %s\nquit\n' \
	"$OUT/shown.png" "$OUT/after-close.png" >student.txt
# staff mode: close quits before the screenshot
cat >staff.txt <<EOT
press スタッフ
text 2468
key Return
wait 100
screenshot $OUT/shown.png
wait 3000
screenshot $OUT/after-staff-close.png
quit
EOT
cat >close.sh <<EOT
. "$REPO/tests/e2e/lib/check.sh"
rm -f shown.png close.sent
"$FK" --config ent/kiosk.ini --windowed --script "\$1" >/dev/null 2>&1 &
p=\$!
if wait_for 30 test -s shown.png && python3 "$XCLOSE" fairkiosk; then
	touch close.sent
else
	echo "no window" >&2
fi
wait \$p
EOT
timeout 60 xvfb-run -a sh close.sh student.txt
rc=$?
check "close sent to the student screen" test -e close.sent
check "close on the student screen: the kiosk runs on" test -f after-close.png
check "and exits 0 at the script's end" test "$rc" -eq 0
timeout 60 xvfb-run -a sh close.sh staff.txt
rc=$?
check "close sent in staff mode" test -e close.sent
check "close in staff mode quits with 0" test "$rc" -eq 0
check "before the script's end" test ! -e after-staff-close.png
finish
