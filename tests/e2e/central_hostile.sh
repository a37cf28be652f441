#!/bin/sh
# End to end: a kiosk's central login tried as an attacker would, against a
# real PostgreSQL server (lib/pg.sh) holding two organizers' events. Starts
# from a server of schema 3 (the last release), where an unscoped kiosk
# login stored a fact no kiosk file could hold and every pull failed:
# `central init` migrates it, sets that fact aside and ends the old login.
# Then every attack in hostile/central_kiosk_login.sh is refused by the
# server, naming its rule, and both organizers' pulls still work. A grant
# names an event; colliding kiosk names and repeated grants are refused,
# --rotate re-passwords on purpose, revoke-kiosk ends a lost kiosk's login
# and its open connection; a kiosk whose file holds a fact the server
# refuses still syncs the others.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
. "$REPO/tests/e2e/lib/pg.sh"

NOW=$TEST_NOW_MS # the events are on TEST_DAY (lib/kiosk.sh)
facts_sql() { # N KIOSK: N check-ins of KIOSK a second apart, ending now
	echo "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	  WHERE i < $1) INSERT INTO facts (uuid, kind, kiosk, place_id,
	  attendee_id, serial, wall_ms, boot_id, mono_ms) SELECT randomblob(16),
	  'checkin', '$2', (SELECT id FROM places WHERE ext_id = 'booth:C001'),
	  1 + i % 2, 1, $NOW - i * 1000, 'boot-$2', 100000 - i * 1000 FROM n"
}
make_event a.db && make_event b.db || exit 1
sqlite3 a.db "$(facts_sql 2 entrance)" && sqlite3 b.db "$(facts_sql 10 \
	booth-C001)" || exit 1
EVA=$(sqlite3 a.db 'SELECT event_id FROM event')
EVB=$(sqlite3 b.db 'SELECT event_id FROM event')

# the last release's server, and its login for every event: it could
# store a fact no kiosk file can hold, on which every pull failed
check "a server of schema 3" "$FS" central init --url "$PG_URL" --schema 3
psql_q "$PG_URL" "INSERT INTO events VALUES ($EVA, 'A', '2026-01-01',
	'2026-01-01', 540)" || exit 1
OLDPW=old$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
psql_q "$PG_URL" "CREATE ROLE fk_k_booth_c001 LOGIN PASSWORD '$OLDPW'
	IN ROLE fk_kiosk" || exit 1
OLDURL="postgresql://fk_k_booth_c001:$OLDPW@127.0.0.1:$PG_PORT/postgres"
check "there, an unscoped login stored a hostile fact" psql_q "$OLDURL" \
	"INSERT INTO facts (uuid, event_id, kind, kiosk, place_id,
	attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms,
	flags, note) VALUES (decode(md5('pwned'), 'hex'), $EVA, 'pwned',
	'booth-C001', 1, 1, 1, 9, '', -1, '', 0, 0, repeat('x', 10485760))"
"$FS" central init --url "$PG_URL" 2>migrate.err
check "central init migrates it to schema 7" \
	grep -q 'migrated to version 7' migrate.err
check "telling that old kiosk logins must be granted again" \
	grep -q 'grant each kiosk again' migrate.err
check "the hostile row is set aside" test "$(psql_q "$PG_URL" \
	"SELECT (SELECT count(*) FROM facts WHERE kind = 'pwned') || '/' ||
	 (SELECT count(*) FROM facts_refused WHERE kind = 'pwned')")" = 0/1
check "the old login can no longer log in" sh -c \
	'! psql -X -q -c "SELECT 1" "$1" 2>/dev/null' _ "$OLDURL"
"$FS" push --db a.db --to "$PG_URL" 2>/dev/null &&
	"$FS" push --db b.db --to "$PG_URL" 2>/dev/null || exit 1
check "and the event pulls" "$FS" pull --db a.db --from "$PG_URL"

# grants
check "a grant naming no event is refused" sh -c '! "$1" central grant \
	--url "$2" --kiosk booth-C001 2>noev.err' _ "$FS" "$PG_URL"
check "saying a login belongs to one event" \
	grep -q "kiosk 'booth-C001': a login belongs to one event" noev.err
check "one for an event the server lacks is refused" sh -c '! "$1" central \
	grant --url "$2" --kiosk x --event 12345 2>noserver.err &&
	grep -q "event 12345 is not on the central database" noserver.err' \
	_ "$FS" "$PG_URL"
KURL=$("$FS" central grant --url "$PG_URL" --kiosk booth-C001 --db a.db \
	2>grant.err)
check "grant --db makes the kiosk's login for event A" sh -c \
	'echo "$1" | grep -q "^postgresql://fk_k_$2_booth_c001:"' _ "$KURL" \
	"$EVA"
FACT_B=$(psql_q "$PG_URL" "SELECT encode(uuid, 'hex') FROM facts WHERE
	event_id = $EVB LIMIT 1")
FACT_E=$(psql_q "$PG_URL" "SELECT encode(uuid, 'hex') FROM facts WHERE
	event_id = $EVA AND kiosk = 'entrance' LIMIT 1")
BEFORE=$(psql_q "$PG_URL" "SELECT md5(string_agg(f::text, ',' ORDER BY
	uuid)) FROM facts f WHERE kiosk <> 'booth-C001' OR event_id <> $EVA")

. "$REPO/tests/e2e/hostile/central_kiosk_login.sh"

check "nothing of other events or kiosks changed" test "$(psql_q "$PG_URL" \
	"SELECT md5(string_agg(f::text, ',' ORDER BY uuid)) FROM facts f
	 WHERE kiosk <> 'booth-C001' OR event_id <> $EVA")" = "$BEFORE"
check "event A's organizer pulls" "$FS" pull --db a.db --from "$PG_URL"
check "with the kiosk's check-in and its void" test "$(sqlite3 a.db \
	"SELECT count(*) FROM facts WHERE kiosk = 'booth-C001'")" = 2
check "event B's organizer pulls" "$FS" pull --db b.db --from "$PG_URL"
check "all 10 of its check-ins, none voided" test "$(sqlite3 b.db \
	"SELECT count(*) FROM facts WHERE kind = 'checkin' AND uuid NOT IN
	 (SELECT voids FROM facts WHERE voids IS NOT NULL)")" = 10

# names that make one login; re-grants
sqlite3 -batch a.db .dump >a.before
ROLES=$(psql_q "$PG_URL" "SELECT string_agg(rolname, ',' ORDER BY 1) FROM
	pg_roles WHERE rolname LIKE 'fk_k_%'")
"$FS" central grant --url "$PG_URL" --kiosk BOOTH_c001 --db a.db \
	>collide.out 2>collide.err
check "a colliding kiosk name is refused (exit 1)" test $? -eq 1
check "naming both kiosks and the login" grep -q \
	"kiosk 'BOOTH_c001' would share the login fk_k_${EVA}_booth_c001 with kiosk 'booth-C001'" \
	collide.err
check "in one line" test "$(wc -l <collide.err)" -eq 1
check "printing no URL" test ! -s collide.out
"$FS" central grant --url "$PG_URL" --kiosk booth-C001 --db a.db \
	>again.out 2>again.err
check "a second grant of the same kiosk is refused" test $? -eq 1
check "pointing to --rotate" grep -q "has a login (fk_k_${EVA}_booth_c001) already; --rotate" again.err
check "nothing changed: the same roles" test "$(psql_q "$PG_URL" \
	"SELECT string_agg(rolname, ',' ORDER BY 1) FROM pg_roles WHERE
	 rolname LIKE 'fk_k_%'")" = "$ROLES"
check "and the kiosk's URL still works" kq_ok "SELECT 1"
check "the same kiosk name of event B is its own login" sh -c \
	'"$1" central grant --url "$2" --kiosk booth-C001 --db b.db |
	 grep -q "^postgresql://fk_k_$3_booth_c001:"' _ "$FS" "$PG_URL" "$EVB"
NEWURL=$("$FS" central grant --url "$PG_URL" --kiosk booth-C001 \
	--event "$EVA" --rotate 2>/dev/null)
check "--rotate gives a new password" test -n "$NEWURL" -a "$NEWURL" != "$KURL"
check "the new URL works" sh -c 'psql -X -q -c "SELECT 1" "$1" >/dev/null' \
	_ "$NEWURL"
check "the old one no longer" sh -c \
	'! psql -X -q -c "SELECT 1" "$1" 2>/dev/null' _ "$KURL"

# a lost kiosk, connected at the time
psql -X -q "$NEWURL" -c "SELECT pg_sleep(60)" >/dev/null 2>&1 &
sleeper=$!
i=0
while [ "$(psql_q "$PG_URL" "SELECT count(*) FROM pg_stat_activity WHERE
	usename = 'fk_k_${EVA}_booth_c001'")" = 0 ] && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1)); done
"$FS" central revoke-kiosk --url "$PG_URL" booth-C001 2>several.err
check "revoke-kiosk of a name two events have is refused" test $? -eq 1
check "naming both events" grep -q "has logins for events" several.err
check "revoke-kiosk --db ends the login" "$FS" central revoke-kiosk \
	--url "$PG_URL" --db a.db booth-C001
i=0
while kill -0 $sleeper 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1)); done
check "and its open connection at once" sh -c '! kill -0 "$1" 2>/dev/null' \
	_ $sleeper
check "it can no longer log in" sh -c \
	'! psql -X -q -c "SELECT 1" "$1" 2>/dev/null' _ "$NEWURL"
check "its role is gone" test "$(psql_q "$PG_URL" "SELECT count(*) FROM
	pg_roles WHERE rolname = 'fk_k_${EVA}_booth_c001'")" = 0
check "revoking it again is refused" sh -c '! "$1" central revoke-kiosk \
	--url "$2" --db a.db booth-C001 2>/dev/null' _ "$FS" "$PG_URL"

# a kiosk whose file holds a fact the server refuses (its clock was a day
# off): the fact is set aside once, told, and the rest still arrive
"$FS" pack --db a.db --role booth --place booth:C001 --out k >/dev/null 2>&1 ||
	exit 1
LURL=$("$FS" central grant --url "$PG_URL" --kiosk booth-C001 --db a.db \
	2>/dev/null) || exit 1
printf '\n[sync]\ncentral = %s\n' "$LURL" >>k/kiosk.ini
sed -i '/^\[sync\]$/{n;/^central = $/d}' k/kiosk.ini
sqlite3 k/kiosk.db "INSERT INTO facts (uuid, kind, kiosk, place_id,
	attendee_id, serial, wall_ms, boot_id, mono_ms) VALUES
	(x'00000000000070008000000000000001', 'checkin', 'booth-C001',
	(SELECT id FROM places WHERE ext_id = 'booth:C001'), 1, 1,
	$NOW - 86400000, 'old-boot', 5)" || exit 1
printf 'scan %s\nwait 3000\nquit\n' "$(token a.db S002)" >s.txt
SDL_VIDEODRIVER=dummy "$FK" --config k/kiosk.ini --windowed --script s.txt \
	>k.log 2>k.err
check "the kiosk exits 0" test $? -eq 0
check "its scan reached the server" test "$(psql_q "$PG_URL" "SELECT
	count(*) FROM facts WHERE event_id = $EVA AND kiosk = 'booth-C001'
	AND kind = 'checkin' AND boot_id <> 'hostile'")" = 1
check "the day-old fact did not" test "$(psql_q "$PG_URL" "SELECT count(*)
	FROM facts WHERE boot_id = 'old-boot'")" = 0
check "staff were told why" grep -q 'refused a fact: .*outside the days' \
	k.err
check "it is set aside, not sent again" test "$(sqlite3 k/kiosk.db-sync \
	'SELECT count(*) FROM refused')" = 1
check "and stays in the kiosk's file for merge" test "$(sqlite3 k/kiosk.db \
	"SELECT count(*) FROM facts WHERE boot_id = 'old-boot'")" = 1

# a kiosk given another kiosk's login sends nothing, and says why
XURL=$("$FS" central grant --url "$PG_URL" --kiosk booth-X --db a.db \
	2>/dev/null) || exit 1
sed -i "s|^central = .*|central = $XURL|" k/kiosk.ini
printf 'scan %s\nwait 2000\nquit\n' "$(token a.db S001)" >s2.txt
SDL_VIDEODRIVER=dummy "$FK" --config k/kiosk.ini --windowed --script s2.txt \
	>k2.log 2>k2.err
check "a kiosk with another kiosk's login exits 0" test $? -eq 0
check "telling staff the login is for another kiosk" grep -q \
	"login 'fk_k_${EVA}_booth_x' belongs to kiosk 'booth-X', but this kiosk records as 'booth-C001'" \
	k2.err
check "and sending nothing under either name" test "$(psql_q "$PG_URL" \
	"SELECT count(*) FROM facts WHERE event_id = $EVA AND
	 kiosk IN ('booth-C001', 'booth-X') AND boot_id <> 'hostile'")" = 1
finish
