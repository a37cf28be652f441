#!/bin/sh
# End to end: badges a real camera sees, through the real fairkiosk (in
# Xvfb) with camera = file:DIR playing frames from
# scripts/gen-camera-set.py: a phone in dark mode showing the badge PNG
# (light modules on black, screen pixel grid, glare), a printed badge bent
# round a lanyard (cylinder), and a phone in light mode (pixel grid seen as
# moire, glare, maybe a cracked screen), each held up for 0.7 s. Each is
# checked in exactly once, from the camera; nothing else is stored.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
if [ ! -f tests/e2e/lib/kiosk.sh ] || [ ! -x "$B/fairkiosk" ]; then
	echo "FAIL: no fairkiosk in $B (build it first: make)"
	exit 1
fi
GEN="$(pwd)/scripts/gen-camera-set.py"
. "$(dirname "$0")/lib/kiosk.sh"
HERE=$(pwd)

make_event ev.db || exit 1
sqlite3 ev.db "INSERT INTO attendees (id, ext_id, name, kana, school, grade)
  VALUES (4, 'S003', '鈴木 一郎', 'スズキ イチロウ', '岐阜大学', '1');" || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --out booth >/dev/null ||
	exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)
T3=$(token ev.db S003)

# 30 fps: 0.2 s empty, the phone for 0.7 s, 0.5 s empty; then the curved
# badge and the light phone the same way (file names a..., b..., c...
# play in that order). The seeds
# pick views the decoder reads (it reads about half of all curved views at
# this bend, as many as ZXing; see docs/scanners.md).
/usr/bin/python3 "$GEN" seq dark "$T1" frames --prefix a --before 6 \
	--show 20 --after 15 --seed 3 || exit 1
/usr/bin/python3 "$GEN" seq curved "$T2" frames --prefix b --before 6 \
	--show 20 --after 15 --seed 4 || exit 1
/usr/bin/python3 "$GEN" seq phone "$T3" frames --prefix c --before 6 \
	--show 20 --after 15 --seed 1 || exit 1

sed -i "s|^camera = .*|camera = file:$HERE/frames|" booth/kiosk.ini
cat >s.txt <<'EOT'
wait 6500
quit
EOT
run_kiosk booth s.txt
check "kiosk exits 0" test $? -eq 0
cat booth.err

q() { sqlite3 booth/kiosk.db "$1"; }
check "phone (dark mode) badge checked in once" test "$(q "SELECT count(*)
  FROM facts WHERE kind='checkin' AND source='camera' AND attendee_id=1")" = 1
check "curved badge checked in once" test "$(q "SELECT count(*) FROM facts
  WHERE kind='checkin' AND source='camera' AND attendee_id=2")" = 1
check "phone (light mode) badge checked in once" test "$(q "SELECT count(*)
  FROM facts WHERE kind='checkin' AND source='camera' AND attendee_id=4")" = 1
check "nothing else stored" test "$(q "SELECT count(*) FROM facts")" = 3
check "log: three camera scans accepted, no repeats" test \
	"$(grep -c '"outcome":"accepted".*"source":"camera"' booth.log)" -eq 3
check "log: nothing else" test "$(wc -l <booth.log)" -eq 3
finish
