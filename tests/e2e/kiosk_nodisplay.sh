#!/bin/sh
# End to end: with no display at all (no DISPLAY, no WAYLAND_DISPLAY, no
# KMSDRM device: hidden where the machine has one) fairkiosk exits 1 at
# once saying "no display", instead of running on SDL's offscreen driver
# where nobody sees it. Without a
# Japanese font it exits 1 naming the package to install.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --out booth >/dev/null ||
	exit 1
# no_display COMMAND...: runs COMMAND where no display is reachable: no
# DISPLAY or WAYLAND_DISPLAY, an empty XDG_RUNTIME_DIR (libwayland would
# try wayland-0 there), and, on a machine with a KMSDRM device, an empty
# /dev/dri in a mount namespace of its own (a user namespace when not root).
mkdir -m 0700 -p noruntime
no_display() {
	set -- env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER \
		XDG_RUNTIME_DIR="$OUT/noruntime" "$@"
	if ! ls /dev/dri/card* >/dev/null 2>&1; then
		"$@"
		return
	fi
	ns=-m
	[ "$(id -u)" -eq 0 ] || ns=-rm
	unshare $ns sh -c 'mount -t tmpfs none /dev/dri && exec "$@"' sh "$@"
}
no_display timeout 20 "$FK" --config booth/kiosk.ini >nd.log 2>nd.err
rc=$?
if [ "$rc" -ne 1 ] && grep -q 'unshare\|mount' nd.err; then
	cat nd.err
	skip_all "cannot hide /dev/dri here (no mount namespace)"
fi
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
