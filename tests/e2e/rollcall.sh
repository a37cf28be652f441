#!/bin/sh
# End to end: roll-call for groups. Groups imported (an unknown student
# refuses the whole file by row), a rollcall kiosk packed with its groups
# and driven by --script: a group picked, one badge scanned, one member
# marked by hand, 出発 with one student missing; the departure fact merged
# and listed by `fairsync export rollcall`: group, venue time, present,
# missing by name.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
is() { # description, expected, actual
	if [ "$2" = "$3" ]; then echo "ok: $1"
	else echo "FAIL: $1: wanted '$2', got '$3'"; fails=$((fails + 1)); fi
}
has() { # description, file, fixed string
	if grep -qF -- "$3" "$2"; then echo "ok: $1"
	else echo "FAIL: $1: '$3' not in $2:"; sed 's/^/    /' "$2"
		fails=$((fails + 1)); fi
}

run_ok "make the event" make_event ev.db || exit 1
sqlite3 ev.db "INSERT INTO attendees (id, ext_id, name, kana, school)
  VALUES (4, 'S003', '鈴木 一郎', 'スズキ イチロウ', '岐阜大学')" || exit 1

printf 'グループ,学生ID\n1号車,S001\n1号車,S404\n2号車,S002\n1号車,S001\n' \
	>bad.csv
run_fails "groups naming an unknown student: exit 1" "$FS" import groups \
	bad.csv --db ev.db >bad.out 2>bad.err
has "the unknown one by row" bad.err "bad.csv:3: ID 'S404'"
has "a member twice by row" bad.err "bad.csv:5: ID 'S001'"
has "nothing imported, said" bad.err "nothing imported"
is "no group stored" 0 "$(sqlite3 ev.db 'SELECT count(*) FROM groups')"

printf 'グループ,学生ID\n1号車,S001\n1号車,S002\n1号車,S003\n2号車,S002\n' \
	>groups.csv
run_ok "import groups" "$FS" import groups groups.csv --db ev.db >imp.out
has "two groups, four members" imp.out "imported 2 groups with 4 members"

run_ok "pack a rollcall kiosk" "$FS" pack --db ev.db --role rollcall \
	--name bus-1 --out rc >/dev/null
has "its role in kiosk.ini" rc/kiosk.ini "role = rollcall"
is "its groups in the bundle" "1号車|3" "$(sqlite3 rc/kiosk.db \
	"SELECT g.name, count(*) FROM groups g JOIN group_members m
	 ON m.group_id = g.id WHERE g.name = '1号車'")"

# the roll-call on the kiosk: pick 1号車, 山田 scans his badge, 佐藤 is
# marked by hand, 鈴木 is missing at 出発
capture_ok T1 "token issue S001" token ev.db S001
cat >rc.txt <<EOT
wait 200
screenshot pick.png
press 1号車（3人）
wait 100
screenshot empty.png
scan $T1
wait 100
press 佐藤 花子
wait 100
screenshot one-missing.png
press 出発
wait 200
screenshot departed.png
quit
EOT
run_ok "rollcall kiosk" run_kiosk rc rc.txt
check "the badge verified, not stored as a check-in" \
	grep -q '"rollcall":"scan","outcome":"accepted","attendee":"S001"' rc.log
is "no check-in fact on the roll-call kiosk" 0 \
	"$(sqlite3 rc/kiosk.db "SELECT count(*) FROM facts WHERE kind = 'checkin'")"
check "the departure logged with who was missing" \
	grep -q '"group":"1号車","note":"present=2m,1;missing=4"' rc.log
ink=$($PNG one-missing.png ink 0.03 0.2 0.97 0.75)
check "the missing list is drawn ($ink px)" test "$ink" -gt 2000
changed=$($PNG empty.png one-missing.png diff 0.03 0.1 0.97 0.75)
check "marking two changes the list and the count ($changed px)" \
	test "$changed" -gt 500
run_ok "merge" "$FS" merge --db ev.db rc/kiosk.db >merge.txt 2>&1
is "the departure fact merged" "1号車|present=2m,1;missing=4|bus-1" \
	"$(sqlite3 ev.db "SELECT tags, note, kiosk FROM facts
	   WHERE kind = 'departure'")"

run_ok "export rollcall" "$FS" export rollcall --db ev.db --out rc.csv
# the departure's time in venue time (JST), computed apart from fairsync
WHEN=$(sqlite3 ev.db "SELECT strftime('%Y-%m-%d %H:%M', wall_ms / 1000
  + 9 * 3600, 'unixepoch') FROM facts WHERE kind = 'departure'")
export WHEN
check "read back as Excel would" python3 - <<'PYEOF'
import os
import csv
rows = list(csv.reader(open("rc.csv", encoding="utf-8-sig")))
assert rows[0] == ["グループ", "出発時刻", "端末", "出席", "不在", "手動",
                   "不在者", "出席者"], rows[0]
assert len(rows) == 2, rows
r = rows[1]
assert r[0] == "1号車" and r[1] == os.environ["WHEN"] and r[2] == "bus-1", r
assert r[3:6] == ["2", "1", "1"], r
assert r[6] == "鈴木 一郎", r
assert r[7] == "佐藤 花子(手動)、山田 太郎", r
PYEOF

# a departure whose note is not a roll-call's: its values are valid, so
# it merges, but the export leaves it out rather than guess
at=$(( $(date -u -d "${TEST_DAY}T01:05:00Z" +%s) * 1000 )) # 10:05 JST
run_ok "pack another" "$FS" pack --db ev.db --role rollcall --name bus-2 \
	--out rc2 >/dev/null
sqlite3 rc2/kiosk.db "INSERT INTO facts (uuid, kind, kiosk, wall_ms,
  boot_id, tags, note) VALUES (randomblob(16), 'departure', 'bus-2', $at,
  'b', '2号車', 'whatever')" || exit 1
run_ok "merge the odd one" "$FS" merge --db ev.db rc2/kiosk.db >m2.txt 2>&1
run_ok "export again" "$FS" export rollcall --db ev.db --out rc2.csv
is "the odd note is left out" 2 "$(python3 -c 'import csv; print(len(list(csv.reader(open("rc2.csv", encoding="utf-8-sig")))))')"

# a kind merge does not know is still refused, the file named
cp rc2/kiosk.db odd.db
sqlite3 odd.db "INSERT INTO facts (uuid, kind, kiosk, wall_ms) VALUES
  (randomblob(16), 'depart', 'bus-2', $at)" 2>/dev/null
is "the kiosk's own schema refuses an unknown kind" 0 \
	"$(sqlite3 odd.db "SELECT count(*) FROM facts WHERE kind = 'depart'")"
finish
