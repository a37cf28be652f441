#!/bin/sh
# End to end: lead notes at a booth. Two students scan in; company staff
# open staff mode (PIN), 「リードを記録」, pick each from the last scans,
# rate, tick a lead tag, type a memo (its own keyboard page) and save (a third is opened and
# left with 戻る: nothing stored). The kiosk merges back; the company's
# leads export shows the rating, tags and note of the student who
# consented, and never the name of the one who did not.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
sqlite3 ev.db "UPDATE attendees SET consent = 1 WHERE ext_id = 'S001';
  UPDATE attendees SET consent = 0 WHERE ext_id = 'S002'"
"$FS" settings --db ev.db --lead-tags '理系,面接希望' >/dev/null || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --pin 2468 \
	--out bk >/dev/null || exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)

# S001 scans last: the top row of the last scans
cat >s.txt <<EOT
scan $T2
wait 2100
scan $T1
wait 2100
$(staff_login)
wait 50
screenshot staff.png
press リードを記録
wait 50
screenshot leads.png
tap 0.5 0.21
wait 50
screenshot lead-open.png
press 3 やや高
press メモ（任意）
text ア
press 完了
press 戻る
wait 50
tap 0.5 0.21
press 4 見込み高
press 面接希望
press メモ（任意）
text 研究職希望 7月
wait 50
screenshot memo.png
press 完了
wait 50
screenshot lead.png
press 保存
wait 50
screenshot saved.png
tap 0.5 0.30
press 2 やや低
press 理系
press 保存
wait 50
press 戻る
press 受付画面に戻る
quit
EOT
run_kiosk bk s.txt
check "booth kiosk exits 0" test $? -eq 0
cat bk.err
q() { sqlite3 bk/kiosk.db "$1"; }
check "S001's lead: rating, tag, note" test "$(q "SELECT rating || ':' || tags || ':' || note FROM facts WHERE kind = 'lead' AND attendee_id = 1")" = "4:面接希望:研究職希望 7月"
check "the lead left with 戻る stored nothing: one lead each" test "$(q "SELECT count(*) FROM facts WHERE kind = 'lead'")" = 2
check "the lead is at the booth" test "$(q "SELECT p.ext_id FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'lead' AND f.attendee_id = 2")" = booth:C001
ink=$($PNG memo.png ink 0.1 0.13 0.9 0.21)
check "the note shows in its field ($ink px)" test "$ink" -gt 300
check "merge back" "$FS" merge --db ev.db bk/kiosk.db
check "merge twice changes nothing" "$FS" merge --db ev.db bk/kiosk.db
check "one lead fact per note after two merges" test "$(sqlite3 ev.db "SELECT count(*) FROM facts WHERE kind = 'lead'")" = 2
run_ok "fairsync export leads" \
	"$FS" export leads --db ev.db --company C001 --out leads.csv 2>/dev/null
check "export leads runs" test -s leads.csv
check "the consenting student's lead note" grep -q '山田 太郎.*,4,面接希望,研究職希望 7月' leads.csv
check "never the name of a student who did not consent" test "$(grep -c '佐藤' leads.csv)" = 0
finish
