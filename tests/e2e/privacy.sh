#!/bin/sh
# End to end: APPI. A company's leads hold only students who consented,
# and every such export leaves a provision record (recipient, whose data,
# items, consent and its version, who, when) that `fairsync records` lists;
# `fairsync purge` removes names and contact data after the retention date
# (dry run first), keeping the check-ins and the counts.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
sqlite3 ev.db "UPDATE attendees SET consent = 1, consent_version = 'v2'
	WHERE ext_id = 'S001'"
"$FS" pack --db ev.db --role booth --place booth:C001 --out booth \
	>/dev/null || exit 1
printf 'scan %s\nwait 300\nscan %s\nwait 300\nquit\n' \
	"$(token ev.db S001)" "$(token ev.db S002)" >s.txt
SDL_VIDEODRIVER=dummy "$FK" --config booth/kiosk.ini --windowed \
	--script s.txt >booth.log 2>&1
run_ok "fairsync merge ev.db" \
	"$FS" merge --db ev.db booth/kiosk.db >/dev/null 2>&1

check "leads export for the company" "$FS" export leads --db ev.db \
	--company C001 --out leads.csv
check "holds the student who consented" grep -q 'a@x.jp' leads.csv
check "not the one who did not" sh -c '! grep -q "b@x.jp" leads.csv'
check "the handover is recorded" "$FS" records --db ev.db --out rec.csv
check "naming the company, the student, the items and the consent" \
	grep -q 'C001,ミノ精工,1,S001,.*メールアドレス.*本人の同意 (同意文の版 v2)' \
	rec.csv
check "and who ran it" grep -q "$(id -un)@" rec.csv
check "a second export, a second record" sh -c '"$1" export leads \
	--db ev.db --company C001 --out leads2.csv 2>/dev/null &&
	"$1" records --db ev.db --out rec2.csv --headers en 2>/dev/null &&
	test "$(grep -c C001 rec2.csv)" -eq 2' _ "$FS"
check "records since a later day list none" sh -c '"$1" records \
	--db ev.db --since 2099-01-01 --out none.csv 2>&1 |
	grep -q "0 provision records"' _ "$FS"

check "purge --dry-run counts" sh -c '"$1" purge --db ev.db \
	--before 2099-01-01 --dry-run 2>&1 | grep -q "would remove the \
personal data of 3 people"' _ "$FS"
check "and changes nothing" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM attendees WHERE email != ''")" = 2
check "purge removes names and contact data" \
	"$FS" purge --db ev.db --before 2099-01-01
check "no name, e-mail or phone is left" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM attendees WHERE email != '' OR phone != ''
	 OR name NOT LIKE '(削除済み)'")" = 0
check "nor in the file's free pages" sh -c \
	'! grep -q "a@x.jp" ev.db && ! grep -q "山田" ev.db'
check "the check-ins stay" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM facts WHERE kind = 'checkin'")" = 2
check "as do the schools, for the statistics" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM attendees WHERE school != ''")" = 2
check "leads after the purge hold nobody" sh -c '"$1" export leads \
	--db ev.db --company C001 --out leads3.csv 2>/dev/null &&
	! grep -q "@" leads3.csv' _ "$FS"
check "the provision records stay (3 years)" \
	test "$(sqlite3 ev.db 'SELECT count(*) FROM provisions')" = 2

# purge by day, in the venue's time: "before the 7th" after an event whose
# last day is the 6th takes those seen on the 6th and those never seen;
# a check-in at 00:30 on the 7th (the 6th in UTC) keeps its person.
make_event day.db 2026-12-06 || exit 1
sqlite3 day.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
  wall_ms) VALUES
  (randomblob(16), 'checkin', 'k', 1, 1, 1796536800000),
  (randomblob(16), 'checkin', 'k', 1, 3, 1796571000000)"
check "purge --before the day after the last day" \
	"$FS" purge --db day.db --before 2026-12-07
check "takes the one seen on the last day and the one never seen" \
	test "$(sqlite3 day.db "SELECT group_concat(id) FROM attendees
	  WHERE email = '' AND name = '(削除済み)' ORDER BY id")" = "1,2"
check "keeps the one seen at 00:30 on the 7th" test "$(sqlite3 day.db \
	"SELECT name FROM attendees WHERE ext_id = 'T001'")" = "係員"
finish
