#!/bin/sh
# End to end: the before-and-after survey on the kiosk. The door of the
# pre-training (研修) session admits a student, then asks the survey's
# questions one page each (a scale, a choice); the answers are survey
# facts in the kiosk's file, merged, and counted by `fairsync export
# survey` as answers before the training. The door shows arrived out of
# the whole tour.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
is() { # description, expected, actual
	if [ "$2" = "$3" ]; then echo "ok: $1"
	else echo "FAIL: $1: wanted '$2', got '$3'"; fails=$((fails + 1)); fi
}

run_ok "make the event" make_event ev.db || exit 1
# the kiosk's clock reads TEST_DAY 12:00 venue time (lib/kiosk.sh)
printf 'ID,セミナー名,開始,終了,種別\nPRE,事前研修,%s 11:50,%s 12:50,研修\n' \
	"$TEST_DAY" "$TEST_DAY" >sessions.csv
printf '設問,種別\n地元の中小企業に魅力を感じる,5段階\n一番知りたいこと,選択:仕事内容/給与/社風\n' \
	>survey.csv
run_ok "sessions" "$FS" import sessions sessions.csv --db ev.db >/dev/null
run_ok "survey" "$FS" settings --db ev.db --survey survey.csv >/dev/null
# both students are on the tour (a planned visit)
sqlite3 ev.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
  wall_ms) SELECT randomblob(16), 'assign', 'fairsync', 1, id,
  $TEST_NOW_MS FROM attendees WHERE role = 0" || exit 1
run_ok "pack the door of the 研修" "$FS" pack --db ev.db --role door \
	--place session:PRE --out door >/dev/null
capture_ok T1 "token issue S001" token ev.db S001

cat >s.txt <<EOT
screenshot idle.png
scan $T1
wait 2600
screenshot q1.png
press 4
wait 100
screenshot q2.png
press 給与
wait 100
screenshot after.png
quit
EOT
run_ok "door kiosk" run_kiosk door s.txt
check "admitted" grep -q '"outcome":"accepted".*"S001"' door.log
check "the survey answered before the training" \
	grep -q '"survey":"before"' door.log
is "the answers in the kiosk's file" "Q1|4|1 Q2|2|1" "$(sqlite3 door/kiosk.db \
	"SELECT tags, rating, direction FROM facts WHERE kind = 'survey'
	 ORDER BY tags" | tr '\n' ' ' | sed 's/ $//')"
changed=$($PNG q1.png q2.png diff 0.02 0.15 0.98 0.75)
check "a page for each question ($changed px)" test "$changed" -gt 1000
changed=$($PNG idle.png after.png diff 0.3 0.78 0.7 0.88)
check "idle counts the arrival out of the tour ($changed px)" \
	test "$changed" -gt 50

run_ok "merge" "$FS" merge --db ev.db door/kiosk.db >/dev/null 2>&1
run_ok "export survey" "$FS" export survey --db ev.db --out s.csv 2>/dev/null
check "counted before the training" python3 - <<'PY'
import csv
rows = list(csv.reader(open("s.csv", encoding="utf-8-sig")))
r = {(x[0], x[2]): x[3:] for x in rows[1:]}
assert r[("Q1", "4")] == ["1", "0"], r
assert r[("Q2", "給与")] == ["1", "0"], r
assert r[("Q1", "回答者数")] == ["1", "0"], r
PY
finish
