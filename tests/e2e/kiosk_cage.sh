#!/bin/sh
# End to end: the kiosk fullscreen (no --windowed) under cage, the Wayland
# kiosk compositor, in its headless mode, once with SDL's X11 driver
# through Xwayland (what fairkiosk.service runs) and once with SDL's native
# Wayland driver. grim, a client of the same compositor run inside cage's
# session, screenshots the output; it must equal the kiosk's own frame (so
# the kiosk drew, filled the output and laid out for its size).
# X11: a scan, its result, back to idle; the idle frame is compared.
# Wayland: only that the kiosk's first frame reaches the output. Known:
# under headless cage 0.1.4 (wlroots 0.15, pixman) the frames the kiosk
# presents after its first never reach the output there (grim keeps
# showing the first one, laid out for the window's size before cage made
# it fullscreen), so the native Wayland path is not usable yet and the
# unit runs X11 through Xwayland; docs/kiosk.md.
# cage refuses to run as root: the kiosk runs as an unprivileged user
# (fairtest, created here if missing) with its own XDG_RUNTIME_DIR.
# Needs root (runuser), cage, grim and Xwayland; skipped without them.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

for tool in cage grim Xwayland runuser; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "skip: $tool is not installed"
		exit 0
	fi
done
if [ "$(id -u)" -ne 0 ]; then
	echo "skip: runs cage as another user, needs root"
	exit 0
fi
U=fairtest
id -u "$U" >/dev/null 2>&1 ||
	useradd --system --no-create-home --shell /usr/sbin/nologin "$U" ||
	{ echo "cannot create the user $U"; exit 1; }

make_event ev.db || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --out k \
	>/dev/null || exit 1
T1=$(token ev.db S001)
chmod 0755 "$OUT"
chown -R "$U" k

# cage_kiosk NAME ENV...: the kiosk under cage; its screenshot NAME-kiosk.png
# of the idle screen, grim's NAME-grim.png while the same screen shows.
cage_kiosk() {
	name=$1; shift
	run="$OUT/run-$name"
	rm -rf "$run" && mkdir -m 0700 "$run" && chown "$U" "$run" || return 1
	if [ "$name" = x11 ]; then
		printf 'scan %s\nwait 2600\n' "$T1"
	else
		printf 'wait 500\n'
	fi >"$name.txt"
	printf 'screenshot %s\nwait 1500\nquit\n' "$OUT/$name-kiosk.png" \
		>>"$name.txt"
	chmod 0644 "$name.txt"
	chmod 0777 "$OUT"
	# grim runs inside cage's session once the kiosk has its screenshot
	timeout 60 runuser -u "$U" -- env -i PATH=/usr/bin:/bin \
		XDG_RUNTIME_DIR="$run" WLR_BACKENDS=headless \
		WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy "$@" \
		cage -- sh -c '"$1" --config "$2" --script "$3" &
			i=0
			while [ ! -s "$4" ] && [ $i -lt 300 ]; do
				sleep 0.1; i=$((i + 1))
			done
			grim "$5"
			wait' _ "$FK" "$OUT/k/kiosk.ini" "$OUT/$name.txt" \
		"$OUT/$name-kiosk.png" "$OUT/$name-grim.png" \
		>"$name.log" 2>&1
}

same() { # KIOSK GRIM: equal within a small tolerance
	/usr/bin/python3 - "$1" "$2" <<'PY'
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
}

for drv in x11 wayland; do
	if [ $drv = x11 ]; then
		cage_kiosk $drv SDL_VIDEODRIVER=x11 \
			SDL_FRAMEBUFFER_ACCELERATION=0
	else
		cage_kiosk $drv SDL_VIDEODRIVER=wayland
	fi
	check "$drv: the kiosk under cage ran its script" test $? -eq 0
	[ $drv = x11 ] && check "$drv: checked in" \
		grep -q '"outcome":"accepted"' $drv.log
	check "$drv: the kiosk's frame fills cage's 1280x720 output" \
		/usr/bin/python3 -c "
import sys; from PIL import Image
sys.exit(Image.open('$drv-kiosk.png').size != (1280, 720))"
	[ $drv = x11 ] && check "$drv: grim's output equals the kiosk's frame" \
		same "$drv-kiosk.png" "$drv-grim.png"
	ink=$($PNG "$drv-grim.png" ink 0 0 1 1)
	check "$drv: the output is not blank ($ink px)" test "$ink" -gt 2000
done
finish
