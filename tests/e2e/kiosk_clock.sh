#!/bin/sh
# End to end: a kiosk whose clock lies outside the event's dates starts on
# an amber warning and takes no check-in until staff confirm the time; a
# scan made meanwhile waits and is answered afterwards.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db 2031-05-01 || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --pin 2468 --out booth \
	>/dev/null || exit 1
T1=$(token ev.db S001)

cat >s.txt <<EOT
screenshot warn.png
scan $T1
wait 300
screenshot still-warn.png
$(staff_login)
wait 50
screenshot clock.png
press +1h
press この時刻で確定
wait 50
press 受付画面に戻る
wait 100
screenshot answered.png
quit
EOT
run_kiosk booth s.txt
check "kiosk exits 0" test $? -eq 0
check "a warning for staff on stderr" grep -q "outside the event's dates" booth.err
check "starts on the amber clock warning" $PNG warn.png near 0.02 0.5 $AMBER
check "a scan does not get past the warning" $PNG still-warn.png near 0.02 0.5 $AMBER
check "nothing logged before staff confirmed" sh -c \
	"test \$(grep -c . booth.log) -eq 1"
check "the waiting scan is answered after: not today" \
	grep -q '"outcome":"not-today"' booth.log
check "and shown as a refusal" $PNG answered.png near 0.02 0.02 $RED
check "nothing stored" test "$(sqlite3 booth/kiosk.db \
	"SELECT count(*) FROM facts")" = 0

# A board whose clock is a day behind: staff add a day, the kiosk takes
# check-ins, and a restart in the same boot keeps the correction. The
# kiosk starts on TEST_DAY ($FK's correction file); its event is the day
# after, so staff's day is added to the correction already loaded.
make_event ev2.db "$(date -u -d "$TEST_DAY + 1 day" +%F)" || exit 1
run_ok "fairsync pack ev2.db" "$FS" pack --db ev2.db --role booth \
	--place booth:C001 --pin 2468 --out late >/dev/null
T2=$(token ev2.db S001)
T3=$(token ev2.db S002)
cat >fix.txt <<EOT
$(staff_login)
wait 50
press +1d
press この時刻で確定
wait 50
press 受付画面に戻る
wait 100
scan $T2
wait 300
quit
EOT
run_kiosk late fix.txt
check "a day added by staff: accepted" grep -q '"outcome":"accepted"' late.log
check "the correction is kept beside the database" test -s late/kiosk.db.clock
printf 'scan %s\nwait 300\nquit\n' "$T3" >again.txt
cp late.err late-first.err
run_kiosk late again.txt
check "restarted in the same boot: no warning" sh -c \
	"! grep -q \"outside the event's dates\" late.err"
check "and says the clock is corrected" grep -q "clock corrected" late.err
check "the restarted kiosk accepts at once" \
	grep -q '"outcome":"accepted"' late.log
sed -i 's/^[^ ]*/another-boot/' late/kiosk.db.clock
run_kiosk late again.txt
check "a correction from another boot is ignored" \
	grep -q "outside the event's dates" late.err
finish
