#!/bin/sh
# End to end: `make run`'s script provisions the demo event and opens a
# kiosk whose demo-only button presents a demo badge that checks in (the
# entrance kiosk signs one, the booth kiosk reads demo-badge.txt).
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
REPO=$(pwd)
case $B in /*) ;; *) B="$REPO/$B" ;; esac
rm -rf "$OUT" && mkdir -p "$OUT" || exit 1
. "$LIB/check.sh"
export SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy
# leaks of SDL's D-Bus/X11/GL stack are not ours (see lib/kiosk.sh)
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0"

DISPLAY= DEMO_DIR="$OUT/nodisplay" B="$B" ./scripts/run-demo.sh \
	>/dev/null 2>"$OUT/nodisplay.err"
check "without a display it says how to run it" \
	grep -q 'xvfb-run -a make run' "$OUT/nodisplay.err"
for role in entrance booth; do
	printf 'screenshot %s\npress 【デモ専用】デモバッジ\nwait 50\nscreenshot %s\nquit\n' \
		"$OUT/$role-idle.png" "$OUT/$role-demo.png" >"$OUT/$role.txt"
	ROLE=$role DEMO_DIR="$OUT/demo-$role" B="$B" timeout 60 xvfb-run -a \
		./scripts/run-demo.sh --script "$OUT/$role.txt" \
		>"$OUT/$role.log" 2>"$OUT/$role.err"
	check "$role: demo kiosk runs" test $? -eq 0
	check "$role: demo badge accepted" grep -q '"outcome":"accepted"' \
		"$OUT/$role.log"
	check "$role: green" python3 tests/e2e/lib/png.py "$OUT/$role-demo.png" \
		near 0.02 0.02 30 142 62
	purple=$(python3 tests/e2e/lib/png.py "$OUT/$role-idle.png" count \
		106 27 154)
	check "$role: demo button drawn in its own colour ($purple px)" \
		test "$purple" -gt 2000
done
[ "$fails" -eq 0 ]
