#!/bin/sh
# End to end: a visit kiosk on a tour day (fairsync pack --role visit).
# The expected student enters green; a student not in the plan enters
# amber, recorded and flagged, not refused; each one's next scan is the
# exit, followed by the feedback screen: the first answers (a face, a
# tag and a comment typed on its keyboard page, its kana converted to
# kanji by Anthy), the second skips. Then the kiosk merges back and the company's
# feedback export holds the answer.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
today=$TEST_DAY
printf '企業ID,日付,定員\nC001,%s,1\n' "$today" >hosts.csv
printf 'attendee,date,company\nS001,%s,C001\n' "$today" >plan.csv
"$FS" import hosts hosts.csv --db ev.db >/dev/null || exit 1
"$FS" import assignments plan.csv --db ev.db --visits 1 >/dev/null || exit 1
run_ok "fairsync settings ev.db" \
	"$FS" settings --db ev.db --feedback-tags '仕事内容が分かった,社員と話せた' >/dev/null
"$FS" pack --db ev.db --role visit --place C001 --out vk 2>/dev/null || exit 1
# a second scan a second later is the exit (the default waits 15 minutes)
sed -i 's/^dedupe_seconds = .*/dedupe_seconds = 1/' vk/kiosk.ini
check "bundle asks for feedback" grep -q '^feedback = true' vk/kiosk.ini
T1=$(token ev.db S001)
T2=$(token ev.db S002)

cat >s.txt <<EOT
screenshot idle.png
scan $T1
wait 50
screenshot in.png
wait 2300
scan $T2
wait 50
screenshot unexpected.png
wait 2300
screenshot idle2.png
scan $T1
wait 50
screenshot out.png
wait 2300
screenshot feedback.png
press とてもよい
press 社員と話せた
press コメント（任意）
press シ
press ャ
press チ
press ョ
press ウ
press 変換
wait 100
press 社長
press 空白
text ヤサシイ
wait 50
screenshot comment.png
press 完了
press 送信
wait 300
scan $T2
wait 2400
press スキップ
wait 300
screenshot end.png
quit
EOT
run_kiosk vk s.txt
check "visit kiosk exits 0" test $? -eq 0
check "expected student accepted" grep -q '"outcome":"accepted".*"S001"' vk.log
check "unexpected student accepted, not refused" grep -q '"outcome":"accepted".*"S002"' vk.log
check "expected is green" $PNG in.png near 0.02 0.02 $GREEN
check "not expected is amber" $PNG unexpected.png near 0.02 0.02 $AMBER
changed=$($PNG idle.png idle2.png diff 0 0.6 1 0.95)
check "idle counts arrivals ($changed px)" test "$changed" -gt 100
q() { sqlite3 vk/kiosk.db "$1"; }
check "entry and exit recorded" test "$(q "SELECT group_concat(direction) FROM (SELECT direction FROM facts WHERE kind = 'checkin' AND attendee_id = 1 ORDER BY wall_ms)")" = "1,-1"
check "not-expected flagged" test "$(q "SELECT flags & 4 FROM facts WHERE kind = 'checkin' AND attendee_id = 2 AND direction = 1")" = 4
check "the plan's student not flagged" test "$(q "SELECT flags & 4 FROM facts WHERE kind = 'checkin' AND attendee_id = 1 AND direction = 1")" = 0
check "feedback given" test "$(q "SELECT rating || ':' || tags FROM facts WHERE kind = 'feedback' AND attendee_id = 1")" = "5:社員と話せた"
check "the comment typed on the kiosk's keys" test "$(q "SELECT note FROM facts WHERE kind = 'feedback' AND attendee_id = 1")" = "社長 ヤサシイ"
check "feedback skipped" test "$(q "SELECT count(*) FROM facts WHERE kind = 'feedback' AND attendee_id = 2")" = 0
check "feedback at today's host day" test "$(q "SELECT p.ext_id FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'feedback'")" = "visit:C001:$today"
check "merge back" "$FS" merge --db ev.db vk/kiosk.db
run_ok "fairsync export feedback" \
	"$FS" export feedback --db ev.db --company C001 --out fb.csv 2>/dev/null
check "the company's feedback" grep -q '評価,5 とてもよかった,1' fb.csv
check "the company reads the comment" grep -q '社長 ヤサシイ' fb.csv
finish
