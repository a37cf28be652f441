#!/bin/sh
# End to end: a door kiosk of a session with one seat: the idle screen
# names the session with its time; the first student is admitted, the
# second is refused as full (red, in words), a session that is over
# refuses as outside the session.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
now=$TEST_NOW_MS # the kiosk's clock (lib/kiosk.sh)
sqlite3 ev.db "INSERT INTO places (ext_id, kind, name, room, starts_ms,
  ends_ms, capacity) VALUES
  ('session:S01', 'session', 'ものづくりセミナー', '第1会議室',
   $((now - 600000)), $((now + 3000000)), 1),
  ('session:S02', 'session', '朝のセミナー', '第2会議室',
   $((now - 14400000)), $((now - 10800000)), 0);" || exit 1
"$FS" pack --db ev.db --role door --place session:S01 --out door >/dev/null ||
	exit 1
"$FS" pack --db ev.db --role door --place session:S02 --out late >/dev/null ||
	exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)

cat >s.txt <<EOT
screenshot idle.png
scan $T1
wait 2300
screenshot after.png
scan $T2
wait 50
screenshot full.png
quit
EOT
run_kiosk door s.txt
check "door kiosk exits 0" test $? -eq 0
check "first student admitted" grep -q '"outcome":"accepted".*"S001"' door.log
check "second refused: full" grep -q '"outcome":"full".*"S002"' door.log
check "full is red" $PNG full.png near 0.02 0.02 $RED
ink=$($PNG full.png ink 0.05 0.6 0.95 0.73)
check "the reason is in words ($ink px)" test "$ink" -gt 1500
changed=$($PNG idle.png after.png diff 0.3 0.76 0.97 0.9)
check "the seats line counts the admission ($changed px)" test "$changed" -gt 100
ink=$($PNG idle.png ink 0.03 0.02 0.75 0.14)
check "idle names the session ($ink px)" test "$ink" -gt 2000

printf 'scan %s\nwait 50\nscreenshot over.png\nquit\n' "$T1" >s2.txt
run_kiosk late s2.txt
check "a session long over refuses" grep -q '"outcome":"outside-session"' late.log
check "outside-session is red" $PNG over.png near 0.02 0.02 $RED
finish
