#!/bin/sh
# End to end: one event, one set of figures (stats.h). A visit kiosk where
# two students are planned sees one planned and one unplanned student
# arrive: its idle screen says 到着 2 / 予定 2 (予定外 1) and never 満席
# (the second planned student still has a seat), and its staff menu shows
# the same figures. An entrance kiosk counts a walk-in who registered there
# (as the exports do) and a roster student who scanned. The visit kiosk's
# figures are read again at 1920x1080, 1080x1920 and 800x480. Merged
# back, the kiosks' counters (read from the screens' text, FILE.json),
# `fairsync status`, the console's /api/status and the attendance export
# agree per place.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
PY=python3

make_event ev.db || exit 1
sqlite3 ev.db "INSERT INTO attendees (id, ext_id, name, kana, school, grade)
  VALUES (4, 'S003', '鈴木 一郎', 'スズキ イチロウ', '岐阜大学', '1')" ||
	exit 1
today=$TEST_DAY # the kiosks run on the fixed test day (lib/kiosk.sh)
printf '企業ID,日付,定員\nC001,%s,2\n' "$today" >hosts.csv
printf 'attendee,date,company\nS001,%s,C001\nS003,%s,C001\n' \
	"$today" "$today" >plan.csv
"$FS" import hosts hosts.csv --db ev.db >/dev/null || exit 1
"$FS" import assignments plan.csv --db ev.db --visits 1 >/dev/null || exit 1
"$FS" pack --db ev.db --role visit --place C001 --pin 2468 --out vk \
	2>/dev/null || exit 1
"$FS" pack --db ev.db --role entrance --pin 2468 --out ent >/dev/null || exit 1
T1=$(token ev.db S001) || exit 1
T2=$(token ev.db S002) || exit 1

# jq-like reads of a screen's text: the widgets of ROLE, one text a line
TEXTS='import json, sys
for w in json.load(open(sys.argv[1]))["widgets"]:
    if w["role"] == sys.argv[2]: print(w["text"])'
texts() { # FILE.json ROLE
	$PY -c "$TEXTS" "$1" "$2"
}
has_text() { # FILE.json TEXT: some widget says exactly TEXT
	$PY -c 'import json, sys
sys.exit(not any(w["text"] == sys.argv[2]
                 for w in json.load(open(sys.argv[1]))["widgets"]))' "$1" "$2"
}

cat >v.txt <<EOT
scan $T1
wait 2300
scan $T2
wait 2300
screenshot v-idle.png
$(staff_login)
wait 300
screenshot v-staff.png
quit
EOT
run_kiosk vk v.txt
check "visit kiosk exits 0" test $? -eq 0
check "the screen's text is written beside the screenshot" \
	test -s v-idle.json
check "visit idle: 到着 2 / 予定 2 (予定外 1)" \
	test "$(texts v-idle.json counter)" = "到着 2 / 予定 2  (予定外 1)"
check "visit idle: not full for the planned student on the way" \
	sh -c "! grep -q '満席' v-idle.json"
check "visit staff menu: the same figures" \
	has_text v-staff.json "到着 2 / 予定 2  (予定外 1)"
check "visit staff menu: 2 people here today" \
	has_text v-staff.json "この場所の本日の受付（人）: 2"
# the same figures on the other screen sizes the kiosk supports
for size in 1920x1080 1080x1920 800x480; do
	cat >v-$size.txt <<EOT
screenshot v-idle-$size.png
$(staff_login)
wait 300
screenshot v-staff-$size.png
quit
EOT
	run_kiosk vk v-$size.txt "$size"
	check "$size: visit kiosk exits 0" test $? -eq 0
	check "$size: idle 到着 2 / 予定 2 (予定外 1), not full" sh -c "
		test \"\$(python3 -c '$TEXTS' v-idle-$size.json counter)\" = \
		'到着 2 / 予定 2  (予定外 1)' && ! grep -q 満席 v-idle-$size.json"
	check "$size: staff menu the same" \
		has_text v-staff-$size.json "到着 2 / 予定 2  (予定外 1)"
done

cat >e.txt <<EOT
press 当日参加の登録
text ミノ
press 次へ
press 次へ
text 岐阜大学
press 次へ
press 1
press 次へ
text m@example.jp
press 次へ
press 登録する
wait 300
press 完了
wait 300
screenshot e-walkin.png
scan $T1
wait 2300
screenshot e-idle.png
$(staff_login)
wait 300
screenshot e-staff.png
quit
EOT
run_kiosk ent e.txt
check "entrance kiosk exits 0" test $? -eq 0
check "the entrance counts the walk-in who registered there" \
	test "$(texts e-walkin.json counter)" = "本日の受付: 1"
check "... and the student who scanned" \
	test "$(texts e-idle.json counter)" = "本日の受付: 2"
check "entrance staff menu: the same figure" \
	has_text e-staff.json "この場所の本日の受付（人）: 2"
check "entrance staff menu: one walk-in" \
	has_text e-staff.json "本日の当日登録（人）: 1"

check "merge the visit kiosk" "$FS" merge --db ev.db vk/kiosk.db
check "merge the entrance kiosk" "$FS" merge --db ev.db ent/kiosk.db
run_ok "fairsync status" "$FS" status --db ev.db >status.txt
visit="visit:C001:$today"
st_place() { # EXT_ID: visitors by place in fairsync status
	awk -v p="$1" '$1 == "by" && $2 == "place" && $3 == p { print $4 }' \
		status.txt
}
check "status: 2 at the entrance" test "$(st_place entrance)" = 2
check "status: 2 at the visit" test "$(st_place "$visit")" = 2
check "status: 3 visitors in all" grep -q '^visitors     3 ' status.txt

run_ok "fairsync export attendance" "$FS" export attendance --db ev.db \
	--out att.csv --headers en >/dev/null
ex_place() { # EXT_ID: distinct attendees of the place in the export
	$PY -c 'import csv, sys
print(len({r["attendee_id"] for r in csv.DictReader(open(sys.argv[1],
           encoding="utf-8-sig")) if r["place_id"] == sys.argv[2]}))' \
		att.csv "$1"
}
check "export: 2 at the entrance" test "$(ex_place entrance)" = 2
check "export: 2 at the visit" test "$(ex_place "$visit")" = 2

"$FS" serve --db ev.db --listen 127.0.0.1:0 >url.txt 2>serve.err &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
trap stop EXIT
i=0
while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "the console starts" test -s url.txt
URL=$(cat url.txt)
curl -s -H "Authorization: Bearer ${URL##*token=}" \
	"${URL%%/\?token=*}/api/status" >status.json
check "the console's status is read" test -s status.json
api_place() { # EXT_ID: students of the place in /api/status
	$PY -c 'import json, sys
s = json.load(open(sys.argv[1]))
print([p["students"] for p in s["by_place"] if p["ext_id"] == sys.argv[2]]
      [0])' status.json "$1"
}
check "console: 2 at the entrance" test "$(api_place entrance)" = 2
check "console: 2 at the visit" test "$(api_place "$visit")" = 2
check "console: 3 visitors" test "$($PY -c 'import json, sys
print(json.load(open(sys.argv[1]))["visitors"])' status.json)" = 3
finish
