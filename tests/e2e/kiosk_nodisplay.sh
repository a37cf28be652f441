#!/bin/sh
# End to end: with no display at all (no DISPLAY, no WAYLAND_DISPLAY, no
# KMSDRM device) fairkiosk exits 1 at once saying "no display", instead of
# running on SDL's offscreen driver where nobody sees it. Without a
# Japanese font it exits 1 naming the package to install.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --out booth >/dev/null ||
	exit 1
if ls /dev/dri/card* >/dev/null 2>&1; then
	echo "skip: this machine has a KMSDRM device (/dev/dri)"
	finish
	exit $?
fi
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 20 "$FK" \
	--config booth/kiosk.ini >nd.log 2>nd.err
rc=$?
cat nd.err
check "no display: exit status 1 (not killed by the timeout: $rc)" \
	test "$rc" -eq 1
check "no display: the message says so" grep -q "fairkiosk: no display" nd.err
check "no display: nothing on the outcome log" test ! -s nd.log
# a driver asked for by name (benchmarks) is still allowed to show nothing
printf 'quit\n' >q.txt
SDL_VIDEODRIVER=dummy timeout 20 "$FK" --config booth/kiosk.ini \
	--script q.txt >/dev/null 2>dummy.err
check "SDL_VIDEODRIVER=dummy still runs" test $? -eq 0
# fontconfig that knows no font at all
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/nofonts</dir>\n<cachedir>%s/nofonts</cachedir></fontconfig>\n' \
	"$OUT" "$OUT" >nofonts.conf
mkdir -p nofonts
FONTCONFIG_FILE="$OUT/nofonts.conf" SDL_VIDEODRIVER=dummy timeout 20 "$FK" \
	--config booth/kiosk.ini --script q.txt >nf.log 2>nf.err
rc=$?
cat nf.err
check "no font: exit status 1 ($rc)" test "$rc" -eq 1
check "no font: the message names the package" grep -q \
	"no Japanese font found.*fonts-noto-cjk" nf.err
check "no font: nothing on the outcome log" test ! -s nf.log
finish
