#!/bin/sh
# End to end: the kiosk fullscreen (no --windowed) under cage, the Wayland
# kiosk compositor, in its headless mode, once with SDL's X11 driver
# through Xwayland (what fairkiosk.service runs) and once with SDL's native
# Wayland driver. For each: a scan, its result, back to idle. grim, a
# client of the same compositor run inside cage's session, screenshots the
# output while the result shows and again once the kiosk is idle; each
# must equal the kiosk's own frame of that moment (so the kiosk drew,
# filled the output, laid out for its size, and its later frames reach
# the output too).
# cage runs with its output turned 180 degrees (-r -r: still 1280x720).
# Upright, cage 0.1.4 scans a fullscreen client's buffer out directly,
# and the headless backend takes any buffer for that; a screenshot makes
# cage composite instead, and wlroots 0.15's damage tracking drops what
# changed while buffers were scanned out, so grim sees the last frame
# cage composited (the kiosk's first, or black), whatever the kiosk
# presented since. A turned output cannot scan a client buffer out, so
# cage composites every frame, as it does on a DRM output with the
# kiosk's shared-memory buffers. docs/kiosk.md, "The display".
# cage refuses to run as root: the kiosk runs as an unprivileged user
# (fairtest, created here if missing) with its own XDG_RUNTIME_DIR.
# Needs root (runuser), cage, grim and Xwayland; skipped without them.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

compositor_booth cage grim Xwayland

# cage_kiosk NAME TOKEN ENV...: the kiosk under cage scans TOKEN; its own
# frames NAME-kiosk-result.png (the result) and NAME-kiosk-idle.png (back
# to idle), grim's NAME-grim-result.png and NAME-grim-idle.png taken while
# the same screens show.
cage_kiosk() {
	name=$1 tok=$2; shift 2
	run="$OUT/run-$name"
	rm -rf "$run" && mkdir -m 0700 "$run" && chown "$U" "$run" || return 1
	cat >"$name.txt" <<EOT
wait 500
scan $tok
wait 300
screenshot $OUT/$name-kiosk-result.png
wait 3000
wait 3500
screenshot $OUT/$name-kiosk-idle.png
wait 2000
quit
EOT
	chmod 0644 "$name.txt"
	chmod 0777 "$OUT"
	# grim runs inside cage's session once the kiosk has each screenshot
	timeout 90 runuser -u "$U" -- env -i PATH=/usr/bin:/bin \
		XDG_RUNTIME_DIR="$run" WLR_BACKENDS=headless \
		WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$@" \
		cage -r -r -- sh -c '"$1" --config "$2" --script "$3" &
			shoot() { # KIOSK_PNG GRIM_PNG
				i=0
				while [ ! -s "$1" ] && [ $i -lt 300 ]; do
					sleep 0.1; i=$((i + 1))
				done
				sleep 0.3 # the kiosk has presented it
				grim "$2"
			}
			shoot "$4-kiosk-result.png" "$4-grim-result.png"
			shoot "$4-kiosk-idle.png" "$4-grim-idle.png"
			wait' _ "$FK" "$OUT/k/kiosk.ini" "$OUT/$name.txt" \
		"$OUT/$name" >"$name.log" 2>&1
}

same() { # KIOSK GRIM: equal but for a few pixels (the clock may turn)
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
sys.exit(bad > a.size[0] * a.size[1] // 1000)
PY
}

for drv in x11 wayland; do
	if [ $drv = x11 ]; then
		cage_kiosk $drv "$T1" SDL_VIDEODRIVER=x11 \
			SDL_FRAMEBUFFER_ACCELERATION=0
	else
		cage_kiosk $drv "$T2" SDL_VIDEODRIVER=wayland
	fi
	check "$drv: the kiosk under cage ran its script" test $? -eq 0
	check "$drv: checked in" grep -q '"outcome":"accepted"' $drv.log
	check "$drv: the kiosk's frame fills cage's 1280x720 output" \
		/usr/bin/python3 -c "
import sys; from PIL import Image
sys.exit(Image.open('$drv-kiosk-idle.png').size != (1280, 720))"
	px=$($PNG "$drv-kiosk-result.png" count $GREEN)
	check "$drv: the kiosk showed the accepted result ($px green px)" \
		test "$px" -gt 100000
	check "$drv: grim's output equals the kiosk's result frame" \
		same "$drv-kiosk-result.png" "$drv-grim-result.png"
	check "$drv: grim's output equals the kiosk's idle frame after it" \
		same "$drv-kiosk-idle.png" "$drv-grim-idle.png"
	ink=$($PNG "$drv-grim-idle.png" ink 0 0 1 1)
	check "$drv: the output is not blank ($ink px)" test "$ink" -gt 2000
done
finish
