#!/bin/sh
# End to end: the Debian package as CI installs it on a machine (as root,
# or through sudo). `make deb` (lintian without errors), dpkg -i, the
# unit verified by systemd-analyze, a bundle installed, the kiosk run as
# the service user under cage in its headless mode with the unit's own
# command line (grim's screenshot of the output equals the kiosk's own
# frame; the watchdog is kicked), then `dpkg -r`: nothing left but the
# data folder with its facts.
# The package goes into the live system, so whatever happens the test takes
# it out again on exit: the package purged, the data folder and the service
# user removed when they were not there before, the runtime folder deleted.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
UNIT=/lib/systemd/system/fairkiosk.service
DATA=/var/lib/fairkiosk

# A machine that already has the package (or its leftovers) is not ours to
# change: refused rather than cleaned up after.
if dpkg-query -W -f='${Status}' fairkiosk 2>/dev/null | grep -q installed ||
	[ -e "$DATA" ] || id -u fairkiosk >/dev/null 2>&1; then
	echo "FAIL: fairkiosk is installed here, or its data folder or user"
	echo "is left: this test installs and removes it, on a machine without"
	exit 1
fi
RUN=""
cleanup() {
	$SUDO dpkg --purge fairkiosk >/dev/null 2>&1
	$SUDO rm -rf "$DATA"
	id -u fairkiosk >/dev/null 2>&1 && $SUDO userdel fairkiosk 2>/dev/null
	[ -z "$RUN" ] || $SUDO rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The package is the normal build even when the suite runs under
# SANITIZE (make passes its command line down through MAKEFLAGS).
rm -rf "$REPO/build/deb"
check "make deb builds a package lintian accepts" \
	sh -c 'cd "$1" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SANITIZE make -s deb >"$2/deb.log" 2>&1' _ "$REPO" "$OUT"
DEB=$(ls "$REPO/build/deb/"fairkiosk_*_*.deb 2>/dev/null | head -1)
[ -n "$DEB" ] || { cat deb.log; echo "FAIL: no package built"; exit 1; }
# (no apt-get -f install: a missing dependency is a missing line in
# scripts/install-deps.sh, not something to install from here)
check "the package installs" sh -c "$SUDO dpkg -i '$DEB' >dpkg.log 2>&1"
check "with both programs and their man pages" \
	sh -c 'test -x /usr/bin/fairkiosk && test -x /usr/bin/fairsync &&
	       man -w fairkiosk && man -w fairsync &&
	       man -w 5 kiosk.ini >/dev/null'
check "systemd-analyze verifies the unit" \
	sh -c "systemd-analyze verify '$UNIT' >verify.log 2>&1 &&
	       ! grep -i fairkiosk verify.log"
check "the service user exists, unprivileged" \
	sh -c 'id -u fairkiosk >/dev/null && [ "$(id -u fairkiosk)" -ne 0 ]'
check "the unit is not enabled on install" \
	sh -c '! ls /etc/systemd/system/*/fairkiosk.service 2>/dev/null'

# a bundle, installed the way docs/deploy.md says
make_event ev.db || exit 1
run_ok "pack the booth" "$FS" pack --db ev.db --role booth \
	--place booth:C001 --pin 2468 --out stick-booth >/dev/null || exit 1
check "a bundle installs into the service's data folder" \
	$SUDO /usr/bin/fairkiosk --install-bundle stick-booth
check "owned by the service user" \
	test "$(stat -c %U "$DATA/bundle/kiosk.db")" = fairkiosk
# the installed kiosk's clock on the event's day (lib/kiosk.sh, test_clock)
echo "$(cat /proc/sys/kernel/random/boot_id)" \
	"$((TEST_NOW_MS - $(date +%s%3N)))" |
	$SUDO tee "$DATA/bundle/kiosk.db.clock" >/dev/null

# The unit's own command line and environment, run as its user under
# headless cage (cage refuses root). A script shows one scan and takes
# the kiosk's own screenshot; grim, a client of the same compositor,
# takes the output's.
RUN=$(mktemp -d /tmp/fairkiosk-run.XXXXXX)
chmod 0700 "$RUN" && $SUDO chown fairkiosk "$RUN"
# cage's output turned 180 degrees (-r -r, still 1280x720): upright,
# headless cage 0.1.4 scans the kiosk's buffers out and grim sees only the
# last frame it composited (tests/e2e/kiosk_cage.sh, docs/kiosk.md)
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT" |
	sed 's|^/usr/bin/cage -- |/usr/bin/cage -r -r -- |')
case $exec_start in
*"cage -r -r -- "*) ;;
*) echo "the unit's ExecStart is not '/usr/bin/cage -- ...'"; exit 1 ;;
esac
unit_env=$(sed -n 's/^Environment=//p' "$UNIT")
# the result shows 2 s, then idle: both screenshots are of the idle screen
printf 'scan %s\nwait 2600\nscreenshot %s/kiosk.png\nwait 3000\nquit\n' \
	"$(token ev.db S001)" "$RUN" >"$RUN/s.txt"
chmod 0644 "$RUN/s.txt"
cat >"$RUN/notify.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)  # for the kiosk to start; then 3 s after its last word
with open(sys.argv[2], "w") as out:
    try:
        while True:
            out.write(s.recv(4096).decode() + "\n")
            out.flush()
            s.settimeout(3)
    except socket.timeout:
        pass
PY
$SUDO runuser -u fairkiosk -- python3 "$RUN/notify.py" "$RUN/notify.sock" \
	"$RUN/notify.log" &
notify_pid=$!
check "the notify socket is up" wait_for 10 test -S "$RUN/notify.sock"
# shellcheck disable=SC2086
$SUDO runuser -u fairkiosk -- env -i PATH=/usr/bin:/bin HOME="$DATA" \
	XDG_RUNTIME_DIR="$RUN" WLR_BACKENDS=headless WLR_RENDERER=pixman \
	WLR_LIBINPUT_NO_DEVICES=1 NOTIFY_SOCKET="$RUN/notify.sock" \
	WATCHDOG_USEC=2000000 $unit_env \
	sh -c 'cd "$1" && shift && exec "$@"' _ "$DATA" \
	$exec_start --script "$RUN/s.txt" >cage.log 2>&1 &
cage_pid=$!
check "the kiosk took its screenshot" wait_for 30 test -s "$RUN/kiosk.png"
$SUDO runuser -u fairkiosk -- env XDG_RUNTIME_DIR="$RUN" \
	WAYLAND_DISPLAY=wayland-0 grim "$RUN/grim.png" 2>grim.err
wait $cage_pid
check "the kiosk under cage exits cleanly when its script quits" \
	test $? -eq 0
wait "$notify_pid"
cp "$RUN/kiosk.png" "$RUN/grim.png" "$RUN/notify.log" . 2>/dev/null
check "the scan was stored by the service user's kiosk" \
	test "$(sqlite3 "$DATA/bundle/kiosk.db" \
		"SELECT count(*) FROM facts WHERE kind = 'checkin'")" = 1
check "the kiosk told systemd it is ready" grep -qx 'READY=1' notify.log
check "and kicked the watchdog" grep -qx 'WATCHDOG=1' notify.log
check "grim's screenshot of the output equals the kiosk's own frame" \
	/usr/bin/python3 - kiosk.png grim.png <<'PY'
import sys
from PIL import Image, ImageChops
a = Image.open(sys.argv[1]).convert("RGB")
b = Image.open(sys.argv[2]).convert("RGB")
if a.size != b.size:
    sys.exit("sizes differ: kiosk %s, output %s" % (a.size, b.size))
diff = ImageChops.difference(a, b).convert("L").point(lambda v: v > 24)
bad = sum(diff.histogram()[1:])
print("pixels that differ: %d of %d" % (bad, a.size[0] * a.size[1]))
sys.exit(bad > a.size[0] * a.size[1] // 200)
PY
check "the output is not blank" \
	sh -c 'test "$($1 grim.png ink 0 0 1 1)" -gt 1000' _ "$PNG"
$SUDO rm -rf "$RUN"
RUN=""

check "the package removes cleanly" sh -c "$SUDO dpkg -r fairkiosk >rm.log 2>&1"
check "its programs are gone" test ! -e /usr/bin/fairkiosk -a ! -e "$UNIT"
check "the data folder with its facts stays" \
	test "$(sqlite3 "$DATA/bundle/kiosk.db" \
		'SELECT count(*) FROM facts')" = 1
dpkg -L fairkiosk >left.txt 2>&1
check "only its conffiles are left until purge" \
	sh -c '! grep -v -e "^/etc" -e "^/\.\$" left.txt'
check "purge removes them, and keeps the facts" \
	sh -c "$SUDO dpkg --purge fairkiosk >purge.log 2>&1 &&
	       test ! -e /etc/pam.d/fairkiosk && test -s '$DATA/bundle/kiosk.db'"
[ "$fails" -eq 0 ]
