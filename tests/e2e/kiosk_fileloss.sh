#!/bin/sh
# End to end: the kiosk's kiosk.db deleted, renamed away (and back),
# replaced by a rename and overwritten in place while scans arrive. After
# the change no scan is `accepted` and the result is red; staff see a red
# notice naming the file; nothing confirmed before it is lost from a file
# renamed away, even after kill -9; a file put in its place is left
# intact. A file that cannot be written at start: the kiosk starts, says
# why, and stores nothing.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
sqlite3 ev.db "INSERT INTO attendees (id, ext_id, name, kana) VALUES
  (4, 'S004', '鈴木 一郎', 'スズキ イチロウ'),
  (5, 'S005', '高橋 次郎', 'タカハシ ジロウ')" || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --out pristine \
	>/dev/null || exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)
T4=$(token ev.db S004)
T5=$(token ev.db S005)

# start_kiosk DIR SCRIPT: in the background, its pid in DIR.pid
start_kiosk() {
	rm -f "$1.pid" "$1.log" "$1.err"
	timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" sh -c "'$FK' \
		--config '$1/kiosk.ini' --windowed --size 1280x800 \
		--script '$2' >'$1.log' 2>'$1.err' & echo \$! >'$1.pid';
		wait \$!" &
	RUNNER=$!
}
# wait_lines FILE PATTERN N: until N lines of FILE match (15 s at most)
wait_lines() {
	i=0
	while [ $i -lt 300 ]; do
		n=$(grep -c "$2" "$1" 2>/dev/null)
		[ "${n:-0}" -ge "$3" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
kill_kiosk() { # DIR: kill -9, as a power cut or a crash would
	kill -9 "$(cat "$1.pid")" 2>/dev/null
	wait "$RUNNER" 2>/dev/null
}
test_clock pristine/kiosk.db
fresh() { rm -rf "$1" && cp -r pristine "$1"; }
q() { sqlite3 "$1" "$2"; }
accepted_after() { # LOG N: accepted lines after the first N lines
	tail -n +$(($2 + 1)) "$1" | grep -c '"outcome":"accepted"'
}

# --- deleted ----------------------------------------------------------
fresh del
cat >del.txt <<EOT
screenshot del-before.png
scan $T1
wait 3000
scan $T2
wait 400
screenshot del-result.png
wait 2200
screenshot del-idle.png
scan $T4
wait 300
quit
EOT
start_kiosk del del.txt
wait_lines del.log accepted 1
rm del/kiosk.db
wait "$RUNNER"
check "deleted: kiosk exits 0" test $? -eq 0
check "deleted: the scan before was accepted" \
	grep -q '"outcome":"accepted".*"S001"' del.log
check "deleted: no accepted after it" test "$(accepted_after del.log 1)" = 0
check "deleted: later scans are not-stored" \
	test "$(grep -c '"outcome":"not-stored"' del.log)" = 2
check "deleted: the result is red" $PNG del-result.png near 0.02 0.02 $RED
check "deleted: the student's screen names no file nor disk error" \
	sh -c '! grep -q "kiosk.db" del-result.json'
check "deleted: it asks for staff once" test "$(python3 -c 'import json
print(sum("スタッフ" in w["text"]
          for w in json.load(open("del-result.json"))["widgets"]))')" = 1
check "deleted: stderr names the file" grep -q "del/kiosk.db.*gone" del.err
red=$($PNG del-before.png count $RED)
check "before: no red on the idle screen ($red px)" test "$red" -lt 50
red=$($PNG del-idle.png count $RED)
check "deleted: the idle screen shows a red notice ($red px)" test "$red" -gt 300
check "deleted: nothing made a new kiosk.db" test ! -e del/kiosk.db

# --- renamed away, then kill -9 ----------------------------------------
fresh away
cat >away.txt <<EOT
scan $T1
wait 2500
scan $T2
wait 3000
scan $T4
wait 20000
quit
EOT
start_kiosk away away.txt
wait_lines away.log accepted 2
mv away/kiosk.db away/moved.db
wait_lines away.log not-stored 1
kill_kiosk away
check "renamed: no accepted after it" test "$(accepted_after away.log 2)" = 0
check "renamed: S004 not stored" \
	grep -q '"outcome":"not-stored".*"S004"' away.log
check "renamed: the moved file passes integrity_check" \
	test "$(q away/moved.db 'PRAGMA integrity_check')" = ok
check "renamed: the moved file holds both confirmed check-ins" \
	test "$(q away/moved.db "SELECT group_concat(attendee_id) FROM (SELECT
	  attendee_id FROM facts WHERE kind = 'checkin' ORDER BY wall_ms)")" = 1,2
check "renamed: S004 is nowhere" test "$(q away/moved.db "SELECT count(*)
	FROM facts WHERE attendee_id = 4")" = 0

# --- renamed away and back: green again ---------------------------------
fresh back
cat >back.txt <<EOT
scan $T1
wait 2500
scan $T2
wait 2500
scan $T4
wait 20000
quit
EOT
start_kiosk back back.txt
wait_lines back.log accepted 1
mv back/kiosk.db back/moved.db
wait_lines back.log not-stored 1
mv back/moved.db back/kiosk.db
wait_lines back.log '"accepted".*"S004"' 1
kill_kiosk back
check "back: S002 not stored while away" \
	grep -q '"outcome":"not-stored".*"S002"' back.log
check "back: S004 accepted once the file is back" \
	grep -q '"outcome":"accepted".*"S004"' back.log
check "back: the file holds S001 and S004 after kill -9" \
	test "$(q back/kiosk.db "SELECT group_concat(attendee_id) FROM (SELECT
	  attendee_id FROM facts WHERE kind = 'checkin' ORDER BY wall_ms)")" = 1,4
check "back: stderr says it is back" grep -q "is back" back.err

# --- replaced by a rename, then kill -9 ---------------------------------
fresh over
cp pristine/kiosk.db over-new.db
cat >over.txt <<EOT
scan $T1
wait 3000
scan $T2
wait 20000
quit
EOT
start_kiosk over over.txt
wait_lines over.log accepted 1
mv over-new.db over/kiosk.db
wait_lines over.log not-stored 1
kill_kiosk over
check "renamed over: no accepted after it" \
	test "$(accepted_after over.log 1)" = 0
check "renamed over: stderr names the file" \
	grep -q "over/kiosk.db.*another file" over.err
check "renamed over: the new file is intact" \
	test "$(q over/kiosk.db 'PRAGMA integrity_check')" = ok
check "renamed over: none of the old kiosk's pages went into it" \
	test "$(q over/kiosk.db 'SELECT count(*) FROM facts')" = 0

# --- overwritten in place, then kill -9 ---------------------------------
fresh inplace
cat >inplace.txt <<EOT
scan $T1
wait 3000
scan $T2
wait 2500
scan $T5
wait 20000
quit
EOT
start_kiosk inplace inplace.txt
wait_lines inplace.log accepted 1
cat pristine/kiosk.db >inplace/kiosk.db
wait_lines inplace.log not-stored 2
kill_kiosk inplace
check "overwritten: no accepted after it" \
	test "$(accepted_after inplace.log 1)" = 0
check "overwritten: stderr names the file" \
	grep -q "inplace/kiosk.db.*another program" inplace.err
check "overwritten: the new content is intact" \
	test "$(q inplace/kiosk.db 'PRAGMA integrity_check')" = ok
check "overwritten: our pages were not applied to it" \
	test "$(q inplace/kiosk.db 'SELECT count(*) FROM facts')" = 0

# --- read-only at start -------------------------------------------------
mkdir -p rom
if mount -t tmpfs -o size=8m tmpfs rom 2>/dev/null; then
	cp -r pristine rom/k
	mount -o remount,ro rom
	printf 'scan %s\nwait 400\nscreenshot ro-result.png\nwait 2200\nscreenshot ro-idle.png\nquit\n' \
		"$T1" >ro.txt
	timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" "$FK" \
		--config rom/k/kiosk.ini --windowed --size 1280x800 \
		--script ro.txt >ro.log 2>ro.err
	rc=$?
	umount rom
	check "read-only: the kiosk starts and quits with 0" test $rc -eq 0
	check "read-only: stderr says why" grep -q "kiosk.db.*read-only" ro.err
	check "read-only: the scan is not stored" \
		grep -q '"outcome":"not-stored"' ro.log
	check "read-only: the result is red" $PNG ro-result.png near 0.02 0.02 $RED
	red=$($PNG ro-idle.png count $RED)
	check "read-only: a red notice on screen ($red px)" test "$red" -gt 300
else
	skip_part "read-only at start (cannot mount a tmpfs here: not root?)"
fi

finish
