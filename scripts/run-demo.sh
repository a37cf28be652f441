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

if "$FS" --help | grep -q '^  import ' && [ -f config/demo/students.csv ]
then
	for kind in companies sessions students; do
		"$FS" import "$kind" "config/demo/$kind.csv" --db "$D/event.db" >&2
	done
else
	# until `fairsync import` lands: a small roster straight into SQLite
	echo "run-demo: no 'fairsync import' yet: using a built-in roster" >&2
	sqlite3 "$D/event.db" "
	  INSERT INTO attendees (id, ext_id, name, kana, school, grade, email,
	    consent, consent_version, role) VALUES
	  (1, 'S0001', '山田 花子', 'ヤマダ ハナコ', '岐阜大学', '3',
	   'hanako.yamada@example.jp', 1, '1', 0),
	  (2, 'S0002', '鈴木 一郎', 'スズキ イチロウ', '岐阜工業高等専門学校', '5',
	   'ichiro.suzuki@example.jp', 0, '1', 0),
	  (3, 'S0003', '伊藤 さくら', 'イトウ サクラ', '中部学院大学', '2',
	   'sakura.ito@example.jp', 1, '1', 0),
	  (4, 'T0001', '運営 スタッフ', 'ウンエイ スタッフ', '', '', '', 0, '', 1);
	  INSERT INTO companies VALUES (1, 'C001', '株式会社ミノ精工', '製造業', 'A-01'),
	    (2, 'C002', 'ひだ山ソフトウェア株式会社', '情報通信業', 'A-02');
	  INSERT INTO places (ext_id, kind, name, company_id) VALUES
	    ('booth:C001', 'booth', '株式会社ミノ精工', 1),
	    ('booth:C002', 'booth', 'ひだ山ソフトウェア株式会社', 2);"
fi

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
