#!/bin/sh
# End to end: the central PostgreSQL store against a real server started by
# the test (lib/pg.sh). Schema created and re-run; a push repeated changes
# nothing; two copies of an event converge through push and pull; a pull
# into a new file yields the same event (keys, roster, check-ins); a fact
# with other content under a known UUID, and a server row a kiosk file
# could never hold, are refused with nothing changed; a kiosk's login may
# add check-ins and read names but not contact details, nor delete.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
. "$REPO/tests/e2e/lib/pg.sh"

facts() { sqlite3 "$1" 'SELECT count(*) FROM facts'; }
pg_facts() { psql_q "$PG_URL" 'SELECT count(*) FROM facts'; }

check "central init creates the schema" "$FS" central init --url "$PG_URL"
check "and again finds it up to date" sh -c \
	'"$1" central init --url "$2" 2>&1 | grep -q "up to date"' _ "$FS" "$PG_URL"

# an event with check-ins from two kiosks, each merged into its own copy
make_event ev.db || exit 1
"$FS" pack --db ev.db --role entrance --out ent >/dev/null &&
"$FS" pack --db ev.db --role booth --place booth:C001 --out booth >/dev/null ||
	exit 1
printf 'scan %s\nwait 300\nscan %s\nwait 300\nquit\n' \
	"$(token ev.db S001)" "$(token ev.db S002)" >s.txt
SDL_VIDEODRIVER=dummy "$FK" --config ent/kiosk.ini --windowed --script s.txt \
	>ent.log 2>&1
SDL_VIDEODRIVER=dummy "$FK" --config booth/kiosk.ini --windowed \
	--script s.txt >booth.log 2>&1
cp ev.db ev2.db
run_ok "fairsync merge ev.db" \
	"$FS" merge --db ev.db ent/kiosk.db >/dev/null 2>&1
run_ok "fairsync merge ev2.db" \
	"$FS" merge --db ev2.db booth/kiosk.db >/dev/null 2>&1
check "each copy holds its kiosk's check-ins" \
	test "$(facts ev.db) $(facts ev2.db)" = "2 2"

check "push sends the event" "$FS" push --db ev.db --to "$PG_URL"
check "the server holds its check-ins" test "$(pg_facts)" = 2
check "and its roster" test "$(psql_q "$PG_URL" \
	"SELECT name FROM attendees WHERE ext_id = 'S001'")" = "山田 太郎"
run_ok "fairsync push ev.db" "$FS" push --db ev.db --to "$PG_URL" 2>push2.err
check "a repeated push adds nothing" grep -q '2 check-ins, 0 new' push2.err
check "from the other copy the union" "$FS" push --db ev2.db --to "$PG_URL"
check "the server holds 4" test "$(pg_facts)" = 4

check "pull brings the other copy's check-ins" \
	"$FS" pull --db ev.db --from "$PG_URL"
check "both copies converge" sh -c '"$1" pull --db ev2.db --from "$2" &&
	test "$(sqlite3 ev.db "SELECT count(*) FROM facts")" = 4 &&
	test "$(sqlite3 ev2.db "SELECT count(*) FROM facts")" = 4' \
	_ "$FS" "$PG_URL"
run_ok "fairsync pull ev.db" "$FS" pull --db ev.db --from "$PG_URL" 2>pull2.err
check "a repeated pull adds nothing" grep -q '4 check-ins, 0 new' pull2.err

EVENT=$(sqlite3 ev.db 'SELECT event_id FROM event')
check "a new file without --event is refused" \
	sh -c '! "$1" pull --db fresh.db --from "$2" 2>/dev/null' _ "$FS" "$PG_URL"
check "pull into a new file" \
	"$FS" pull --db fresh.db --from "$PG_URL" --event "$EVENT"
check "holds the same check-ins" test "$(facts fresh.db)" = 4
check "and can sign badges" sh -c \
	'"$1" token issue --db fresh.db --attendee S002 | grep -q .' _ "$FS"
check "which verify on the first copy's kiosks" sh -c \
	'test "$("$1" token verify --db ev.db \
		"$("$1" token issue --db fresh.db --attendee S002)")" = ok' \
	_ "$FS"

# values COPY's text format must escape, and a negative number, arrive as
# they are
sqlite3 ev.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
  serial, direction, source, wall_ms, boot_id, mono_ms, rating, note)
  SELECT randomblob(16), 'lead', 'booth-C001', place_id, attendee_id, 1, -1,
  'manual', wall_ms + 1, 'b9', 5, 3, 'C:\\tmp\\x ＼ 要連絡'
  FROM facts WHERE kiosk = 'booth-C001' LIMIT 1" || exit 1
run_ok "fairsync push ev.db" \
	"$FS" push --db ev.db --to "$PG_URL" >/dev/null 2>&1
check "a note with backslashes and a negative number arrive unchanged" \
	test "$(psql_q "$PG_URL" "SELECT note || '|' || direction || '|' ||
	mono_ms FROM facts WHERE kind = 'lead'")" = 'C:\tmp\x ＼ 要連絡|-1|5'
psql_q "$PG_URL" "DELETE FROM facts WHERE kind = 'lead'"
sqlite3 ev.db "DELETE FROM facts WHERE kind = 'lead'"


# a copy whose fact differs from the server's under the same UUID
cp ev.db bad.db
sqlite3 bad.db "UPDATE facts SET wall_ms = wall_ms + 60000 WHERE rowid IN
	(SELECT rowid FROM facts LIMIT 1)" 2>/dev/null ||
	sqlite3 bad.db "UPDATE facts SET wall_ms = wall_ms + 60000 WHERE uuid =
	(SELECT uuid FROM facts ORDER BY uuid LIMIT 1)"
check "a conflicting push is refused" \
	sh -c '! "$1" push --db bad.db --to "$2" 2>conflict.err' _ "$FS" "$PG_URL"
check "naming the fact" grep -q 'differs from the central' conflict.err
check "and nothing changed on the server" test "$(pg_facts)" = 4

# the server refuses a row no kiosk file could hold (a kind we do not
# know), even from the organizer
psql -X -q "$PG_URL" -c "INSERT INTO facts SELECT decode(md5('x'), 'hex'),
	event_id, 'bogus', kiosk, place_id, attendee_id, serial, direction,
	source, wall_ms, boot_id, mono_ms, voids, flags FROM facts LIMIT 1" \
	2>bogus.err
check "the server refuses a fact of an unknown kind" \
	grep -q 'violates check constraint "fact_kind"' bogus.err
# with that rule dropped by hand it holds one: pull refuses it, the event
# file is unchanged
psql_q "$PG_URL" "ALTER TABLE facts DROP CONSTRAINT fact_kind;
	INSERT INTO facts SELECT decode(md5('x'), 'hex'),
	event_id, 'bogus', kiosk, place_id, attendee_id, serial, direction,
	source, wall_ms, boot_id, mono_ms, voids, flags FROM facts LIMIT 1"
sqlite3 ev.db .dump >before.sql
check "a hostile server row is refused" \
	sh -c '! "$1" pull --db ev.db --from "$2" 2>hostile.err' _ "$FS" "$PG_URL"
sqlite3 ev.db .dump >after.sql
check "and the event file is unchanged" cmp -s before.sql after.sql
check "no private file is left beside it" sh -c '! ls ev.db.pull-* 2>/dev/null'
psql_q "$PG_URL" "DELETE FROM facts WHERE kind = 'bogus';
	ALTER TABLE facts ADD CONSTRAINT fact_kind CHECK (kind IN ('checkin',
	'void', 'register', 'feedback', 'lead', 'assign'))"

# exports and the season straight from the server
check "an export reads the central event" "$FS" export attendance \
	--db "$PG_URL#$EVENT" --out central-att.csv
check "with every check-in" test "$(tail -n +2 central-att.csv | wc -l)" -eq 4
check "status of the central event" sh -c '"$1" status --db "$2" |
	grep -q "合同企業説明会"' _ "$FS" "$PG_URL#$EVENT"
check "nothing of it is left in /tmp" sh -c '! ls -d /tmp/fairsync-central-* 2>/dev/null'
check "a command that writes is refused on a URL" sh -c \
	'! "$1" export leads --db "$2" --company C001 --out l.csv 2>w.err &&
	 grep -q "pull the event into a file first" w.err' _ "$FS" "$PG_URL#$EVENT"
check "the season lists each student" "$FS" season --from "$PG_URL" \
	--out season.csv
check "with the events they came to" grep -q '山田 太郎,ヤマダ タロウ,岐阜大学,a@x.jp,1,合同企業説明会' \
	season.csv

# retention on the server
check "a central purge dry run counts and changes nothing" sh -c \
	'"$1" purge --db "$2" --before 2099-01-01 --dry-run 2>&1 |
	 grep -q "would remove the personal data of 3 people" &&
	 test "$(psql -X -q -t -A "$2" -c "SELECT count(*) FROM attendees
	   WHERE email <> '"''"'")" = 2' _ "$FS" "$PG_URL"
check "by day: before the day after the event takes everyone, the never seen too" sh -c \
	'"$1" purge --db "$2" --before "$3" \
	 --dry-run 2>&1 | grep -q "would remove the personal data of 3 people"' \
	_ "$FS" "$PG_URL#$EVENT" "$(date -u -d "$TEST_DAY + 1 day" +%F)"
check "a central purge removes names and contact data" \
	"$FS" purge --db "$PG_URL#$EVENT" --before 2099-01-01
check "none is left on the server" test "$(psql_q "$PG_URL" \
	"SELECT count(*) FROM attendees WHERE email <> '' OR name <> '(削除済み)'")" = 0
check "every check-in stays" test "$(pg_facts)" = 4

# a kiosk's own login, for one event
check "a grant naming no event is refused" sh -c '! "$1" central grant \
	--url "$2" --kiosk booth-C001 2>noev.err &&
	grep -q "belongs to one event" noev.err' _ "$FS" "$PG_URL"
capture_ok KURL "central grant" "$FS" central grant --url "$PG_URL" \
	--kiosk booth-C001 --db ev.db 2>grant.err
check "grant prints a kiosk URL" sh -c \
	'echo "$1" | grep -q "^postgresql://fk_k_$2_booth_c001:"' _ "$KURL" \
	"$EVENT"
check "the kiosk may read names" test "$(psql_q "$KURL" \
	"SELECT count(name) FROM attendees")" = 3
check "not e-mail addresses" sh -c \
	'! psql -X -q -t -A "$1" -c "SELECT email FROM attendees" 2>/dev/null' \
	_ "$KURL"
check "nor delete check-ins" sh -c \
	'! psql -X -q -t -A "$1" -c "DELETE FROM facts" 2>/dev/null' _ "$KURL"
check "it may add one, twice without a duplicate" sh -c 'for i in 1 2; do
	psql -X -q -v ON_ERROR_STOP=1 "$1" -c "INSERT INTO facts (uuid,
	event_id, kind, kiosk, place_id, attendee_id, serial, direction, source,
	wall_ms, boot_id, mono_ms, flags) VALUES (decode(md5('"'k'"'), '"'hex'"'),
	$2, '"'checkin'"', '"'booth-C001'"', 1, 1, 1, 1, '"'sync'"', $3,
	'"''"', 0, 0) ON CONFLICT (uuid) DO NOTHING" || exit 1; done' \
	_ "$KURL" "$EVENT" "$TEST_NOW_MS"
check "the server holds it once" test "$(pg_facts)" = 5
psql -X -q -v ON_ERROR_STOP=1 "$KURL" -c "INSERT INTO facts (uuid, event_id,
	kind, kiosk, place_id, attendee_id, serial, direction, source, wall_ms,
	boot_id, mono_ms, flags) VALUES (decode(md5('k2'), 'hex'), $EVENT + 1,
	'checkin', 'booth-C001', 1, 1, 1, 1, 'sync', 0, '', 0, 0)" 2>fk.err
check "not one of an event the server does not hold" test $? -ne 0
check "the server says so" grep -q 'may add facts of event' fk.err

finish
