#!/bin/sh
# End to end: the staff PIN lock-out outlives kill -9 and a restart, kept
# in the kiosk's own database; the right PIN typed while locked never
# counts, even after the lock ends; kiosk.ini's pin_tries sets when the
# lock starts; the right PIN after the lock opens staff mode and resets it.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --pin 2468 --out k \
	>/dev/null || exit 1
# the lock starts at the first wrong PIN (5 s), the second doubles it
sed -i 's/^pin_tries *=.*/pin_tries = 1/' k/kiosk.ini
grep -q '^pin_tries = 1' k/kiosk.ini || echo 'pin_tries = 1' >>k/kiosk.ini
state() { sqlite3 k/kiosk.db "SELECT value FROM kiosk_state WHERE key='pin'" \
	2>/dev/null | cut -d' ' -f1; }

# 1: two wrong PINs (the second after the first lock), then kill -9
cat >one.txt <<EOT
press スタッフ
press 1
press OK
wait 5300
press 1
press OK
wait 30000
quit
EOT
rm -f k.pid
timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" sh -c "'$FK' \
	--config k/kiosk.ini --windowed --size 1280x800 --script one.txt \
	>one.log 2>one.err & echo \$! >k.pid; wait \$!" &
runner=$!
i=0
until grep -q "locked for 10 s" one.err 2>/dev/null || [ $i -ge 300 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -9 "$(cat k.pid)" 2>/dev/null
wait $runner 2>/dev/null
cat one.err
check "pin_tries = 1: the first wrong PIN locks for 5 s" \
	grep -q "(1 in a row); PIN entry locked for 5 s" one.err
check "the second doubles it" grep -q "(2 in a row); PIN entry locked for 10 s" one.err
check "kept in the kiosk's database: 2 failures" test "$(state)" = 2

# 2: restarted within the lock: the right PIN typed now never counts,
# not even by pressing OK once the lock is over
cat >two.txt <<EOT
$(staff_login)
wait 11000
press OK
wait 100
quit
EOT
run_kiosk k two.txt
check "restart: exits 0 on the script's quit" test $? -eq 0
cat k.err
check "restart: still locked, and says so" grep -q "PIN entry locked for .* s more after 2 wrong PINs" k.err
check "restart: the right PIN typed while locked did not open staff mode" \
	test "$(state)" = 2

# 3: after the lock, the right PIN opens staff mode and resets the count
cat >three.txt <<EOT
$(staff_login)
wait 100
press アプリを終了
press 終了する
wait 5000
screenshot should-not-exist.png
EOT
run_kiosk k three.txt
check "after the lock: staff mode opens and quits with 0" test $? -eq 0
check "quit from staff mode before the script's end" test ! -e should-not-exist.png
check "the right PIN reset the kept count" test "$(state)" = 0
finish
