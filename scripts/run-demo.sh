#!/bin/sh
# make run: builds, provisions the demo event into demo/ (gitignored) and
# opens the kiosk in a window on the display you are using.
#   ROLE=booth make run     the booth kiosk instead of the entrance
# Staff PIN of the demo kiosks: 2468. The purple [DEMO ONLY] button presents
# a demo badge when no camera or scanner is attached.
set -eu
B=${B:-build}
ROLE=${ROLE:-entrance}
FS="$B/fairsync"
D=${DEMO_DIR:-demo}

[ -x "$FS" ] && [ -x "$B/fairkiosk" ] || make -s all
rm -rf "$D"
mkdir -p "$D"
today=$(TZ=Asia/Tokyo date +%F)
"$FS" init --db "$D/event.db" --name '岐阜 合同企業説明会 (デモ)' \
	--start "$today" >&2

for kind in companies sessions students; do
	"$FS" import "$kind" "config/demo/$kind.csv" --db "$D/event.db" >&2
done

booth=$(sqlite3 "$D/event.db" \
	"SELECT ext_id FROM places WHERE kind = 'booth' ORDER BY id LIMIT 1")
"$FS" pack --db "$D/event.db" --role entrance --pin 2468 --demo \
	--out "$D/entrance" >&2
"$FS" pack --db "$D/event.db" --role booth --place "$booth" --pin 2468 \
	--demo --out "$D/booth" >&2
# booth kiosks carry no signing key: their demo button reads this badge
student=$(sqlite3 "$D/event.db" \
	"SELECT ext_id FROM attendees WHERE role = 0 ORDER BY id LIMIT 1")
"$FS" token issue --db "$D/event.db" --attendee "$student" \
	>"$D/booth/demo-badge.txt"
"$FS" token issue --db "$D/event.db" --attendee "$student" \
	>"$D/badge-$student.txt"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
	cat >&2 <<MSG
run-demo: the demo event is ready in $D/, but there is no display.
  Set DISPLAY (or run from a desktop session), or run it off-screen:
    xvfb-run -a make run
  Then: $B/fairkiosk --config $D/$ROLE/kiosk.ini --windowed
MSG
	exit 1
fi
echo "run-demo: opening the $ROLE kiosk; staff PIN 2468" >&2
exec "$B/fairkiosk" --config "$D/$ROLE/kiosk.ini" --windowed "$@"
