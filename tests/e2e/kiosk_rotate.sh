#!/bin/sh
# End to end: the kiosk follows its output being turned while it runs
# (a screen rotated, the size change a monitor swap brings), fullscreen,
# once with SDL's X11 driver through Xwayland (what fairkiosk.service
# runs) and once with SDL's native Wayland driver. The output starts
# 1280x720, is turned to portrait (720x1280) after the kiosk's first
# frame, then a scan is answered. grim screenshots the output after each
# of the kiosk's own frames (before, turned, result); each pair must be
# equal, and the turned frames must be 720x1280.
# Why sway, not cage: cage 0.1.4 (Debian 12) has no
# wlr-output-management ("compositor doesn't support
# wlr-output-management-unstable-v1"; added in cage 0.1.5) and no other
# way to change its output while it runs. sway 1.7 runs on the same
# wlroots 0.15 and Xwayland, headless, and turns its output at run time
# (`swaymsg output ... transform`; wlr-randr talks to it too, but sway
# 1.7 reports its headless output as disabled with a 0x0 mode, so
# wlr-randr's apply fails).
# The output starts turned 180 degrees (still 1280x720), then 90: as in
# kiosk_cage.sh's header, a turned output never scans the client's
# buffer out, so the compositor composites every frame and grim sees
# what the kiosk presented (upright, wlroots 0.15 would drop damage
# while scanning out and grim would see stale frames).
# Runs as the unprivileged user fairtest. Needs root (runuser), sway,
# swaymsg, grim and Xwayland; skipped without them.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

compositor_booth sway swaymsg grim Xwayland
chmod 0777 "$OUT"

# turned NAME TOKEN ENV...: under headless sway, the kiosk's frames
# NAME-kiosk-{before,turned,result}.png and grim's NAME-grim-*.png.
turned() {
	name=$1 tok=$2; shift 2
	run="$OUT/run-$name"
	rm -rf "$run" && mkdir -m 0700 "$run" && chown "$U" "$run" || return 1
	cat >"$name.txt" <<EOT
wait 800
screenshot $OUT/$name-kiosk-before.png
wait 2500
screenshot $OUT/$name-kiosk-turned.png
wait 1500
scan $tok
wait 300
screenshot $OUT/$name-kiosk-result.png
wait 1500
quit
EOT
	# the session: the kiosk, grim after each of its frames, the turn
	cat >"$name.sh" <<EOT
"$FK" --config "$OUT/k/kiosk.ini" --script "$OUT/$name.txt" &
shoot() { # WHAT
	i=0
	while [ ! -s "$OUT/$name-kiosk-\$1.png" ] && [ \$i -lt 300 ]; do
		sleep 0.1; i=\$((i + 1))
	done
	sleep 0.3 # the kiosk has presented it
	grim "$OUT/$name-grim-\$1.png"
}
shoot before
swaymsg -q output HEADLESS-1 transform 90 || echo "cannot turn" >&2
shoot turned
shoot result
wait
swaymsg -q exit
EOT
	cat >"$name.cfg" <<EOT
output HEADLESS-1 transform 180
default_border none
exec sh $OUT/$name.sh
EOT
	chmod 0644 "$name.txt" "$name.sh" "$name.cfg"
	timeout 90 runuser -u "$U" -- env -i PATH=/usr/bin:/bin \
		XDG_RUNTIME_DIR="$run" WLR_BACKENDS=headless \
		WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy \
		ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$@" \
		sway -c "$OUT/$name.cfg" >"$name.log" 2>&1
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

size() { # PNG W H
	/usr/bin/python3 -c "
import sys; from PIL import Image
s = Image.open(sys.argv[1]).size
print(sys.argv[1], s); sys.exit(s != (int(sys.argv[2]), int(sys.argv[3])))" "$@"
}

for drv in x11 wayland; do
	if [ $drv = x11 ]; then
		turned $drv "$T1" SDL_VIDEODRIVER=x11 \
			SDL_FRAMEBUFFER_ACCELERATION=0
	else
		turned $drv "$T2" SDL_VIDEODRIVER=wayland
	fi
	check "$drv: the kiosk under sway ran its script" test $? -eq 0
	check "$drv: landscape before the turn (1280x720)" \
		size "$drv-kiosk-before.png" 1280 720
	check "$drv: grim's output equals the kiosk's frame before" \
		same "$drv-kiosk-before.png" "$drv-grim-before.png"
	check "$drv: laid out for portrait after the turn (720x1280)" \
		size "$drv-kiosk-turned.png" 720 1280
	check "$drv: grim's turned output equals the kiosk's frame" \
		same "$drv-kiosk-turned.png" "$drv-grim-turned.png"
	ink=$($PNG "$drv-grim-turned.png" ink 0 0 1 1)
	check "$drv: the turned output is not blank ($ink px)" \
		test "$ink" -gt 2000
	check "$drv: a scan after the turn is accepted" \
		grep -q '"outcome":"accepted"' $drv.log
	px=$($PNG "$drv-kiosk-result.png" count $GREEN)
	check "$drv: the result shows in portrait ($px green px)" \
		test "$px" -gt 100000
	check "$drv: the result is 720x1280" \
		size "$drv-kiosk-result.png" 720 1280
	check "$drv: grim's output equals the kiosk's result frame" \
		same "$drv-kiosk-result.png" "$drv-grim-result.png"
done
finish
