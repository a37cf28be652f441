#!/bin/sh
# End to end: a walk-in registers at the entrance kiosk through taps on the
# on-screen katakana and latin keyboards (a latin name: the furigana copied
# in for conversion is dropped on switching to latin); the attendee and a REGISTER fact
# are stored, and the QR on screen (read back by ZBar from the screenshot)
# is a badge that verifies and checks in.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role entrance --out ent >/dev/null || exit 1

cat >s.txt <<'EOT'
press 当日参加の登録
screenshot reg-kana-empty.png
press 次へ
press カ
press ゛
press ワ
press ←
press ハ
press ゜
press ン
press 空白
tap 0.5 0.5
screenshot reg-kana.png
press 次へ
screenshot reg-name-kana.png
press カナ/ABC
press p
press a
press n
screenshot reg-name.png
press 次へ
text 岐阜
wait 50
screenshot reg-school.png
press 岐阜大学
press 次へ
press 3
press 次へ
text walkin@example.jp
wait 50
press 次へ
press 同意する
screenshot reg-consent.png
press 登録する
wait 100
screenshot badge.png
press 完了
wait 50
screenshot idle.png
quit
EOT
run_kiosk ent s.txt
check "kiosk exits 0" test $? -eq 0
cat ent.err

q() { sqlite3 ent/kiosk.db "$1"; }
row=$(q "SELECT kana, name, school, grade, email, consent, consent_version
  FROM attendees WHERE ext_id IS NULL")
echo "walk-in row: $row"
check "walk-in stored with every field, trimmed" \
	test "$row" = "ガパン|pan|岐阜大学|3|walkin@example.jp|1|1"
check "walk-in id has the top bit (never collides with the roster)" \
	test "$(q "SELECT count(*) FROM attendees WHERE id >= 2147483648")" = 1
check "one REGISTER fact" \
	test "$(q "SELECT count(*) FROM facts WHERE kind='register'")" = 1

tok=$(zbarimg --nodbus -q --raw badge.png 2>/dev/null | head -n 1)
check "the badge QR on screen decodes" test -n "$tok"
v=$("$FS" token verify --db ent/kiosk.db "$tok")
check "the badge verifies on the kiosk ($v)" test "$v" = ok
v=$("$FS" token verify --db ev.db "$tok")
check "the badge verifies against the event database ($v)" test "$v" = ok
id=$(q "SELECT id FROM attendees WHERE ext_id IS NULL")
check "the badge names the walk-in" sh -c \
	"'$FS' token verify --db ent/kiosk.db '$tok' >/dev/null"

# the new badge checks in at the same kiosk
printf 'scan %s\nwait 50\nscreenshot checkin.png\nquit\n' "$tok" >s2.txt
run_kiosk ent s2.txt
check "the new badge is accepted" grep -q "\"outcome\":\"accepted\".*\"attendee_id\":$id" ent.log
check "accepted screen is green" $PNG checkin.png near 0.02 0.02 $GREEN
check "the form was cleared on done" $PNG idle.png near 0.02 0.5 250 250 250

# A printer that is not there: the failure is shown on the badge screen
# and the walk-in is stored all the same.
"$FS" pack --db ev.db --role entrance --out ent2 >/dev/null || exit 1
sed -i 's/^name = *$/name = no-such-printer/' ent2/kiosk.ini
walkin_script s3.txt badge-noprinter.png
run_kiosk ent2 s3.txt
check "kiosk with a broken printer exits 0" test $? -eq 0
check "the print failure is reported" grep -q "printing failed" ent2.err
check "the walk-in is stored anyway" test "$(sqlite3 ent2/kiosk.db \
	"SELECT count(*) FROM attendees WHERE kana = 'ミノ'")" = 1
tok=$(zbarimg --nodbus -q --raw badge-noprinter.png 2>/dev/null | head -n 1)
check "and its badge is on screen" test "$("$FS" token verify --db \
	ent2/kiosk.db "$tok")" = ok
ink=$($PNG badge-noprinter.png ink 0.6 0.47 0.96 0.63)
check "the failure is shown on the badge screen ($ink px)" test "$ink" -gt 2000

# Staff scan a badge with a handheld scanner heard through SDL (no scanner
# device configured) while a walk-in types a name: the scanner's keys never
# land in the name, and the scan is answered once the form is done.
"$FS" pack --db ev.db --role entrance --out ent3 >/dev/null || exit 1
walkin_script s4.txt badge-amid-scan.png ヤマ
sed -i -e "s/^text ヤマ\$/text ヤマ\nwedge $(token ev.db S002)\ntext ダ/" \
	-e 's/^quit$/press 完了\nwait 300\nquit/' s4.txt
run_kiosk ent3 s4.txt
check "kiosk with a scan amid typing exits 0" test $? -eq 0
check "the name is only what was typed" test "$(sqlite3 ent3/kiosk.db \
	"SELECT kana FROM attendees WHERE ext_id IS NULL")" = "ヤマダ"
check "the scanner's burst became a scan" grep -q \
	'"outcome":"accepted","source":"scanner","attendee":"S002"' ent3.log

finish
