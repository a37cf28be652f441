#!/bin/sh
# bench_cage.sh: the kiosk as a small board runs it, under the cage Wayland
# compositor (headless here: WLR_BACKENDS=headless, pixman), software
# rendering. Each figure beside its baseline in the same run:
#   memory      peak resident set of the kiosk showing a scan's result;
#               baseline: `fairkiosk --version` (the binary and its
#               libraries, no window)                           target 64 MB
#   first frame the kiosk's start to its first frame, and cage's start to
#               the kiosk's first frame; baseline: the dummy video driver
# Two paths: SDL's native Wayland driver (its window framebuffer is a GL
# texture, so Mesa's llvmpipe is loaded) and SDL's X11 driver through
# Xwayland with SDL_FRAMEBUFFER_ACCELERATION=0 (an XShm framebuffer, no GL),
# which is what fairkiosk.service runs.
# cage refuses to run as root: the kiosk runs as an unprivileged user
# (fairkiosk when the package is installed, else fairbench, created here).
# Needs root (runuser), cage and Xwayland.
set -u
B=${B:-build}
case $B in /*) ;; *) B="$(pwd)/$B" ;; esac
FK="$B/fairkiosk"
RUNS=${BENCH_RUNS:-3}
U=fairkiosk
id -u "$U" >/dev/null 2>&1 || U=fairbench
id -u "$U" >/dev/null 2>&1 ||
	useradd --system --no-create-home --shell /usr/sbin/nologin "$U" ||
	{ echo "bench_cage: cannot create the user $U"; exit 1; }
T=$(mktemp -d /tmp/fairkiosk-bench.XXXXXX)
RUN="$T/run"
mkdir -m 0700 "$RUN" && chown "$U" "$RUN" && chmod 0755 "$T" || exit 1
cd "$T" || exit 1
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$B/fairsync" init --db ev.db --name bench --start "$(TZ=Asia/Tokyo date +%F)" \
	>/dev/null 2>&1 || exit 1
sqlite3 ev.db "INSERT INTO attendees (id, ext_id, name, kana)
  VALUES (1, 'S1', '山田 太郎', 'ヤマダ タロウ');
  INSERT INTO places (ext_id, kind, name) VALUES ('booth:X', 'booth', 'X');"
"$B/fairsync" pack --db ev.db --role booth --place booth:X --out k \
	>/dev/null 2>&1 || exit 1
printf 'scan %s\nwait 1500\nquit\n' \
	"$("$B/fairsync" token issue --db ev.db --attendee S1)" >s.txt
chown -R "$U" k && chmod 0644 s.txt

# cage_run DRIVER_ENV...: one kiosk under cage; prints "RSS_KB FF_US CAGE_US"
cage_run() {
	rm -f t0 t1 out.txt
	date +%s%N >t0
	runuser -u "$U" -- env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$RUN" \
		WLR_BACKENDS=headless WLR_RENDERER=pixman \
		WLR_LIBINPUT_NO_DEVICES=1 SDL_RENDER_DRIVER=software \
		SDL_AUDIODRIVER=dummy FAIRKIOSK_TRACE=1 "$@" \
		cage -- sh -c 'date +%s%N >"$0/t1"; exec /usr/bin/time -f \
		"maxrss_kb %M" "$1" --config "$0/k/kiosk.ini" --script \
		"$0/s.txt"' "$T" "$FK" >out.txt 2>&1
	chmod 0777 "$T"
	rss=$(sed -n 's/^maxrss_kb //p' out.txt)
	ff=$(awk '/first-frame-us/ {print $3}' out.txt)
	t0=$(cat t0)
	t1=$(cat t1 2>/dev/null || echo "$t0")
	echo "${rss:-0} ${ff:-0} $(( (t1 - t0) / 1000 + ${ff:-0} ))"
}

chmod 0777 "$T"
for i in $(seq "$RUNS"); do
	cage_run SDL_VIDEODRIVER=wayland >>wl.txt
	cage_run SDL_VIDEODRIVER=x11 SDL_FRAMEBUFFER_ACCELERATION=0 >>x.txt
	SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software FAIRKIOSK_TRACE=1 \
		"$FK" --config k/kiosk.ini --windowed --script s.txt \
		2>&1 >/dev/null | awk '/first-frame-us/ {print $3}' >>dummy.txt
	/usr/bin/time -f "%M" "$FK" --version 2>>ver.txt >/dev/null
done

ver=$(med <ver.txt)
dummy=$(med <dummy.txt)
report() { # name file
	rss=$(awk '{print $1}' "$2" | med)
	ff=$(awk '{print $2}' "$2" | med)
	cage=$(awk '{print $3}' "$2" | med)
	awk -v n="$1" -v r="$rss" -v v="$ver" -v f="$ff" -v c="$cage" \
		-v d="$dummy" 'BEGIN {
		printf "%-30s peak RSS %6.1f MB (--version %.1f MB, x%.1f) %s\n",
			n, r / 1024, v / 1024, r / v, (r <= 65536 ? "meets 64 MB" : "OVER 64 MB")
		printf "%-30s first frame %6.0f ms from the kiosk'"'"'s start, %.0f ms from cage'"'"'s (dummy driver %.0f ms, x%.1f)\n",
			"", f / 1000, c / 1000, d / 1000, (d > 0 ? f / d : 0) }'
}
echo "median of $RUNS runs, 1280x720 headless output"
report "wayland (SDL native, GL fb)" wl.txt
report "x11 via Xwayland (the unit)" x.txt
rm -rf "$T"
