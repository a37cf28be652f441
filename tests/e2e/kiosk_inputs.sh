#!/bin/sh
# End to end: badges reaching the real fairkiosk (in Xvfb) through its
# inputs, not through --script: a camera playing recorded frames
# (camera = file:DIR, made by scripts/make-badge-frames.py) and a serial
# scanner on a pseudo-terminal (serial = a symlink to the pty). Each badge
# is checked in exactly once, with its source recorded; the camera preview
# is drawn on the idle screen; a missing device shows a notice.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
if [ ! -f tests/e2e/lib/kiosk.sh ] || [ ! -x "$B/fairkiosk" ]; then
	echo "FAIL: no fairkiosk in $B (build it first: make)"
	exit 1
fi
FRAMES_SCRIPT="$(pwd)/scripts/make-badge-frames.py"
. "$(dirname "$0")/lib/kiosk.sh"
HERE=$(pwd) # lib/kiosk.sh moved us into OUT, which may be relative

make_event ev.db || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --out booth >/dev/null ||
	exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)

# The camera: 0.5 s empty, the badge held up for 1.5 s, 1 s empty.
python3 "$FRAMES_SCRIPT" --before 15 --show 45 --after 30 --angle 25 \
	"$T1" frames || exit 1

# The serial scanner: a pty whose slave the kiosk opens through a symlink;
# one scan after 2.5 s (the kiosk is up by then), then it stays plugged in
# until the kiosk has quit.
cat >fakeserial.py <<'EOT'
import os, pty, sys, time
master, slave = pty.openpty()
link = sys.argv[1]
if os.path.lexists(link):
    os.unlink(link)
os.symlink(os.ttyname(slave), link)
os.close(slave)
time.sleep(2.5)
os.write(master, (sys.argv[2] + "\r\n").encode())
time.sleep(float(sys.argv[3]))
EOT
python3 fakeserial.py "$HERE/ttyScanner" "$T2" 6 &
ptypid=$!

sed -i "s|^camera = .*|camera = file:$HERE/frames|; \
s|^serial = .*|serial = $HERE/ttyScanner|; \
s|^serial_baud = .*|serial_baud = 115200|; \
s|^scanner = .*|scanner = /dev/input/by-id/usb-none-event-kbd|" booth/kiosk.ini

cat >s.txt <<'EOT'
wait 6500
screenshot idle.png
quit
EOT
run_kiosk booth s.txt
check "kiosk exits 0" test $? -eq 0
kill "$ptypid" 2>/dev/null
wait "$ptypid" 2>/dev/null
cat booth.err

q() { sqlite3 booth/kiosk.db "$1"; }
check "camera badge checked in once" test "$(q "SELECT count(*) FROM facts
  WHERE kind='checkin' AND source='camera' AND attendee_id=1")" = 1
check "serial badge checked in once" test "$(q "SELECT count(*) FROM facts
  WHERE kind='checkin' AND source='serial' AND attendee_id=2")" = 1
check "nothing else stored" test "$(q "SELECT count(*) FROM facts
  WHERE kind='checkin'")" = 2
check "log: camera accepted S001" \
	grep -q '"outcome":"accepted".*"source":"camera"' booth.log
check "log: serial accepted S002" \
	grep -q '"outcome":"accepted".*"source":"serial"' booth.log
check "log: two scans, no repeats" test "$(wc -l <booth.log)" -eq 2

# The last camera frame (the empty scene: a grey gradient) is the preview,
# beside the prompt; the missing evdev scanner is a notice on the screen.
ink=$($PNG idle.png ink 0.64 0.22 0.96 0.78)
check "camera preview drawn ($ink px)" test "$ink" -gt 20000
l=$($PNG idle.png rgb 0.64 0.5 | cut -d' ' -f1)
r=$($PNG idle.png rgb 0.96 0.5 | cut -d' ' -f1)
check "preview is the scene's gradient ($l < $r)" test "$l" -lt "$r"
ink=$($PNG idle.png ink 0.03 0.66 0.6 0.71)
check "missing scanner notice drawn ($ink px)" test "$ink" -gt 300
finish
