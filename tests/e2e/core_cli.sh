#!/bin/sh
# End to end: fairsync init, token issue/verify, pack and pack --update
# driven through the CLI, with bad input at every step.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"
q() { sqlite3 "$@"; }

check "--help lists commands" sh -c "'$F' --help | grep -q 'pack'"
check "--version" sh -c "'$F' --version | grep -q '^fairsync '"
"$F" frobnicate >/dev/null 2>err.txt; rc=$?
check "unknown command exits 2" test "$rc" -eq 2
check "init" "$F" init --db ev.db --name "合同企業説明会" --start 2026-12-05 --end 2026-12-06
"$F" init --db ev.db --name x --start 2026-12-05 2>err.txt; rc=$?
check "init refuses an existing file" test "$rc" -eq 1
check "init names the file" grep -q "'ev.db' already exists" err.txt
"$F" init --db bad.db --name x --start 05/12/2026 2>err.txt; rc=$?
check "init refuses a bad date" sh -c "test $rc -eq 2 && grep -q \"not a date: .05/12/2026.\" err.txt"
check "bad date leaves no file" test ! -e bad.db

q ev.db "INSERT INTO attendees (id, ext_id, name, kana, email, phone)
  VALUES (1, 'S1', '山田 太郎', 'ヤマダ タロウ', 'taro@example.jp', '090');
  INSERT INTO attendees (id, ext_id, name, role) VALUES (2, 'T1', '係員', 1);
  INSERT INTO companies VALUES (1, 'C1', 'ミノ精工', '製造業', 'A-1');
  INSERT INTO places (ext_id, kind, name, company_id)
  VALUES ('booth:C1', 'booth', 'ミノ精工', 1);"
capture_ok TOKEN "token issue" "$F" token issue --db ev.db --attendee S1
check "token is 124 chars" test "${#TOKEN}" -eq 124
check "token verifies" sh -c "'$F' token verify --db ev.db '$TOKEN' | grep -qx ok"
lower=$(printf '%s' "$TOKEN" | tr 'A-Z' 'a-z')
check "lowercase verifies" "$F" token verify --db ev.db "  $lower  "
"$F" token verify --db ev.db "hello" >out.txt 2>/dev/null; rc=$?
check "garbage is malformed, exit 1" sh -c "test $rc -eq 1 && grep -qx malformed out.txt"
"$F" token issue --db ev.db --attendee NOPE 2>err.txt; rc=$?
check "unknown attendee named" sh -c "test $rc -eq 1 && grep -q \"no attendee 'NOPE'\" err.txt"

check "pack booth" "$F" pack --db ev.db --role booth --place C1 --out booth1
check "booth bundle has no e-mail" test "$(q booth1/kiosk.db "SELECT count(*) FROM attendees WHERE email != '' OR phone != ''")" = 0
check "booth bundle has names" test "$(q booth1/kiosk.db "SELECT name FROM attendees WHERE ext_id='S1'")" = "山田 太郎"
check "booth bundle has no signing key" test "$(q booth1/kiosk.db "SELECT count(secret) FROM keys")" = 0
check "token verifies on the booth kiosk" "$F" token verify --db booth1/kiosk.db "$TOKEN"
check "pack entrance has signing key" sh -c "'$F' pack --db ev.db --role entrance --out ent --pin 2468 && test \$(sqlite3 ent/kiosk.db 'SELECT count(secret) FROM keys') = 1"
check "kiosk.ini names the place" grep -q "place = booth:C1" booth1/kiosk.ini
"$F" pack --db ev.db --role door --place C1 --out door1 2>err.txt; rc=$?
check "door on a booth refused" sh -c "test $rc -eq 1 && grep -q 'not a place for a door kiosk' err.txt"
"$F" pack --db ev.db --role booth --place C1 --out booth1 2>err.txt; rc=$?
check "pack refuses to overwrite a kiosk db" grep -q -- "--update" err.txt

# A kiosk records a fact; the organizer revokes and re-packs with --update.
q booth1/kiosk.db "INSERT INTO facts (uuid, kind, kiosk, wall_ms)
  VALUES (randomblob(16), 'checkin', 'booth1', 1)"
q ev.db "INSERT INTO revocations VALUES (1, 1); UPDATE attendees SET serial = 2 WHERE id = 1;
  INSERT INTO attendees (id, ext_id, name) VALUES (3, 'S3', '新しい 学生')"
check "pack --update" "$F" pack --db ev.db --update booth1
check "update kept the kiosk's facts" test "$(q booth1/kiosk.db 'SELECT count(*) FROM facts')" = 1
check "update brought new students" test "$(q booth1/kiosk.db "SELECT count(*) FROM attendees WHERE ext_id='S3'")" = 1
run_fails "fairsync token verify" \
	"$F" token verify --db booth1/kiosk.db "$TOKEN" >out.txt 2>/dev/null
check "update brought the revocation" grep -qx revoked out.txt
"$F" init --db other.db --name other --start 2026-12-05 2>/dev/null
"$F" pack --db other.db --update booth1 2>err.txt; rc=$?
check "update from another event refused" sh -c "test $rc -eq 1 && grep -q 'another event' err.txt"
echo "not a db" > junk.db
"$F" token verify --db junk.db "$TOKEN" 2>err.txt; rc=$?
check "foreign file named" grep -q "cannot open 'junk.db': not a fairkiosk database" err.txt

run_ok "fairsync status booth1/kiosk.db" \
	"$F" status --db booth1/kiosk.db >status.txt
check "status shows the bundle" sh -c "grep -q '0 signing' status.txt && grep -q 'booth1  *1' status.txt"

[ "$fails" -eq 0 ]
