#!/bin/sh
# End to end: the stamp rally across kiosks through a real PostgreSQL
# server (lib/pg.sh). Two booth kiosks scan a student's badge, each on its
# own file, syncing live; the entrance kiosk, whose own file holds no booth
# scan, then shows that student 達成 (2 of 2) and another 1 of 2: it takes
# the server's count (every kiosk's scans). Without the link it can only
# count its own file (0).
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
. "$REPO/tests/e2e/lib/pg.sh"

"$FS" central init --url "$PG_URL" 2>/dev/null || exit 1
make_event ev.db || exit 1
sqlite3 ev.db "INSERT INTO companies VALUES (2, 'C002', '飛騨木工', '製造業', 'A-2');
  INSERT INTO places (ext_id, kind, name, company_id)
  VALUES ('booth:C002', 'booth', '飛騨木工', 2);" || exit 1
"$FS" rally --db ev.db --booths 2 --kinds booth >/dev/null || exit 1
for b in C001 C002; do
	"$FS" pack --db ev.db --role booth --place booth:$b --out b$b \
		>/dev/null 2>&1 || exit 1
done
"$FS" pack --db ev.db --role entrance --out door >/dev/null 2>&1 || exit 1
cp -r door offline
"$FS" push --db ev.db --to "$PG_URL" 2>/dev/null || exit 1
link() { # DIR: the kiosk of DIR syncs live, with a login of its own
	name=$(sed -n 's/^name = //p' "$1/kiosk.ini")
	capture_ok url "central grant for $name" "$FS" central grant \
		--url "$PG_URL" --kiosk "$name" --db ev.db
	sed -i '/^\[sync\]$/,$d' "$1/kiosk.ini"
	printf '\n[sync]\ncentral = %s\n' "$url" >>"$1/kiosk.ini"
}
link bC001
link bC002
link door
check "the kiosks name the server" grep -q "^central = postgresql://" \
	door/kiosk.ini

S1=$(token ev.db S001)
S2=$(token ev.db S002)
printf 'scan %s\nwait 300\nscan %s\nwait 1500\nquit\n' "$S1" "$S2" >b1.txt
printf 'scan %s\nwait 1500\nquit\n' "$S1" >b2.txt
for b in C001 C002; do
	[ $b = C001 ] && s=b1.txt || s=b2.txt
	SDL_VIDEODRIVER=dummy "$FK" --config b$b/kiosk.ini --windowed \
		--script $s >b$b.log 2>b$b.err || exit 1
done
check "the booths' scans are on the server" test "$(psql_q "$PG_URL" \
	"SELECT count(*) FROM facts WHERE kind = 'checkin'")" = 3
check "the entrance's file holds no booth scan" test "$(sqlite3 \
	door/kiosk.db "SELECT count(*) FROM facts")" = 0

# the link asks for the counts on its first round, at start
cat >d.txt <<EOT
wait 3000
scan $S1
wait 2500
scan $S2
wait 2500
quit
EOT
SDL_VIDEODRIVER=dummy "$FK" --config door/kiosk.ini --windowed \
	--script d.txt >door.log 2>door.err
check "the entrance kiosk exits 0" test $? -eq 0
check "two booths visited: 達成 (2 of 2)" \
	grep -q '"attendee":"S001".*"stamps":2,"stamps_need":2' door.log
check "one booth visited: 1 of 2" \
	grep -q '"attendee":"S002".*"stamps":1,"stamps_need":2' door.log
SDL_VIDEODRIVER=dummy "$FK" --config offline/kiosk.ini --windowed \
	--script d.txt >offline.log 2>offline.err
check "without the link, its own file's count" \
	grep -q '"attendee":"S001".*"stamps":0,"stamps_need":2' offline.log
cat door.err
finish
