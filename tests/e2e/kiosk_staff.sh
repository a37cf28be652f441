#!/bin/sh
# End to end: staff mode behind the PIN, driven by taps: today's counts,
# the last scans and voiding one (asked first, then undone), finding a
# student by kana and checking them in by hand, switching place (places
# named with their kind in Japanese: ミノ精工（ブース）, never "[booth]"),
# exporting the database, quitting.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role entrance --pin 2468 --out ent >/dev/null ||
	exit 1
T1=$(token ev.db S001)
TS=$(token ev.db T001)

cat >s.txt <<EOT
scan $T1
wait 2100
press スタッフ
press 1
press OK
screenshot pin-wrong.png
press 2
press 4
press 6
press 8
press OK
wait 50
screenshot staff.png
press 最近の受付・取消
wait 50
tap 0.5 0.16
press 選択した受付を取消
wait 50
screenshot void-ask.png
press やめる
press 選択した受付を取消
press 取り消す
wait 50
screenshot voided.png
press 取り消しを元に戻す
wait 50
screenshot restored.png
press 戻る
press 名前で検索・手動受付
press サ
press ト
wait 50
screenshot find.png
tap 0.82 0.29
press 選択した人を受付
wait 50
screenshot manual.png
wait 2100
press 戻る
press USBへ書き出し
wait 50
screenshot exported.png
press 場所・セッション切替
wait 50
screenshot places.png
press ミノ精工（ブース）
wait 50
press 受付画面に戻る
wait 50
scan $T1
wait 2100
scan $TS
wait 50
screenshot staff-badge.png
press アプリを終了
press 終了する
wait 5000
screenshot should-not-exist.png
EOT
mkdir usb   # stands for the USB drive (kiosk_usb.sh tests the export)
KIOSK_ARGS="--export-dir $OUT/usb" run_kiosk ent s.txt
check "staff quit ends the kiosk with 0" test $? -eq 0
cat ent.err
check "quit happened before the script's end" test ! -e should-not-exist.png

q() { sqlite3 ent/kiosk.db "$1"; }
check "the voided scan is S001's entrance check-in" test "$(q "
  SELECT count(*) FROM facts v JOIN facts c ON v.voids = c.uuid
  WHERE v.kind = 'void' AND c.kind = 'checkin' AND c.attendee_id = 1
    AND c.place_id = (SELECT id FROM places WHERE ext_id = 'entrance')")" = 1
check "the void was undone: S001's entrance check-in counts again" \
	test "$(q "SELECT count(*) FROM facts c WHERE c.kind = 'checkin'
  AND c.attendee_id = 1 AND c.source = 'manual'
  AND c.place_id = (SELECT id FROM places WHERE ext_id = 'entrance')
  AND NOT EXISTS (SELECT 1 FROM facts v WHERE v.voids = c.uuid)")" = 1
ink=$($PNG void-ask.png ink 0.05 0.12 0.95 0.28)
check "void asks first ($ink px)" test "$ink" -gt 1000
check "S002 checked in by hand" test "$(q "SELECT count(*) FROM facts
  WHERE kind = 'checkin' AND attendee_id = 2 AND source = 'manual'")" = 1
check "log: manual check-in" grep -q '"outcome":"accepted","source":"manual","attendee":"S002"' ent.log
check "manual result was green" $PNG manual.png near 0.02 0.02 $GREEN
check "after the place switch S001 checks in at the booth" \
	grep -q '"place":"booth:C001","outcome":"accepted","source":"script","attendee":"S001"' ent.log
check "a staff badge opens staff mode" grep -q '"outcome":"staff"' ent.log
check "staff mode is not a result colour" $PNG staff-badge.png near 0.02 0.5 250 250 250

n=$(ls usb/*/kiosk.db 2>/dev/null | wc -l)
check "export wrote one database to the stick" test "$n" -eq 1
f=$(ls usb/*/kiosk.db | head -n 1)
check "the export passes integrity_check" test -f "$f" -a "$(sqlite3 "$f" "PRAGMA integrity_check")" = ok
check "the export holds the facts" test "$(sqlite3 "$f" 'SELECT count(*) FROM facts')" -ge 3
check "the export is one file (no WAL left behind)" test ! -e "$f-wal"

ink=$($PNG staff.png ink 0.05 0.12 0.95 0.33)
check "staff screen shows today's counts ($ink px)" test "$ink" -gt 1000
ink=$($PNG pin-wrong.png ink 0.1 0.19 0.9 0.25)
check "a wrong PIN says so ($ink px)" test "$ink" -gt 300

# SIGTERM (systemd stopping the kiosk) quits cleanly
# (signalled once it has drawn its first frame: up.png, polled for)
printf 'screenshot up.png\nwait 20000\nquit\n' >long.txt
rm -f up.png
timeout 60 xvfb-run -a sh -c ". '$REPO/tests/e2e/lib/check.sh' >/dev/null;
	'$FK' --config ent/kiosk.ini --windowed \
	--script long.txt >/dev/null 2>term.err & p=\$!;
	wait_for 30 test -s up.png; kill -TERM \$p; wait \$p" 2>/dev/null
check "SIGTERM quits with 0" test $? -eq 0
check "after its first frame" test -s up.png

finish
