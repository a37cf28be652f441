# hostile/central_kiosk_login.sh: what a kiosk's central login must not do,
# each tried with psql as an attacker holding the kiosk's URL would. Sourced
# by central_hostile.sh, which sets KURL (the login of kiosk booth-C001 of
# event $EVA), EVB (another organizer's event on the same server), NOW (a
# time inside both events' days), FACT_B (one of event B's facts) and
# FACT_E (one of event A's entrance kiosk's), both as hex.

kq() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$KURL" -c "$1"; }
kq_ok() { kq "$1" >/dev/null; }

# refused DESCRIPTION RULE SQL: the login's SQL fails, and its error names
# RULE (so the test fails when something else, a typo, refuses it)
refused() {
	if kq "$3" >probe.out 2>probe.err; then
		echo "FAIL: $1 (the server accepted it)"
		fails=$((fails + 1))
	elif ! grep -q -- "$2" probe.err; then
		echo "FAIL: $1 (refused, but not for '$2': $(head -n 1 probe.err))"
		fails=$((fails + 1))
	else
		echo "ok: $1"
	fi
}

# fact EVENT KIOSK KIND DIRECTION WALL [NOTE] [VOIDS] [MONO] [PLACE]: one
# fact's INSERT, every other value valid
fact() {
	echo "INSERT INTO facts (uuid, event_id, kind, kiosk, place_id,
	  attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms,
	  voids, flags, note) VALUES (decode(md5(random()::text), 'hex'), $1,
	  '$3', '$2', ${9:-1}, 1, 1, $4, 'sync', $5, 'hostile', ${8:-7},
	  ${7:-NULL}, 0, ${6:-''})"
}

# reading
check "it reads its own event's names" test "$(kq \
	"SELECT count(*) FROM attendees WHERE event_id = $EVA")" = 3
check "not another event's names, kana or schools" test "$(kq \
	"SELECT count(*) FROM attendees WHERE event_id = $EVB")" = 0
check "nor that the other event exists" test "$(kq \
	"SELECT string_agg(event_id::text, ',') FROM events")" = "$EVA"
check "nor its places, companies or revoked badges" test "$(kq \
	"SELECT (SELECT count(*) FROM places WHERE event_id = $EVB) +
	 (SELECT count(*) FROM companies WHERE event_id = $EVB) +
	 (SELECT count(*) FROM revocations WHERE event_id = $EVB)")" = 0
check "nor any fact's UUID but its own" test "$(kq \
	"SELECT count(*) FROM facts")" = 0
refused "nor e-mail addresses" "permission denied" \
	"SELECT email FROM attendees"
refused "nor the signing keys" "permission denied" "SELECT * FROM keys"
refused "nor the list of logins" "permission denied" \
	"SELECT * FROM fk_logins"
refused "nor the stamp rally of another event" \
	"stamp rally of its own event only" \
	"SELECT * FROM fk_rally_stamps($EVB, 'booth')"

# writing as someone else
refused "no fact of another event" "may add facts of event $EVA only" \
	"$(fact "$EVB" booth-C001 checkin 1 "$NOW")"
refused "no fact under another kiosk's name" "under its own name only" \
	"$(fact "$EVA" entrance checkin 1 "$NOW")"
refused "no void of another event's check-in" "void its own facts only" \
	"$(fact "$EVA" booth-C001 void 1 "$NOW" "''" "'\\x$FACT_B'")"
refused "no void of another kiosk's check-in" "void its own facts only" \
	"$(fact "$EVA" booth-C001 void 1 "$NOW" "''" "'\\x$FACT_E'")"
refused "nor after SET ROLE to the kiosk group" "may add facts of event" \
	"SET ROLE fk_kiosk; $(fact "$EVB" booth-C001 checkin 1 "$NOW")"
refused "no deleting" "permission denied" "DELETE FROM facts"
refused "no editing" "permission denied" \
	"UPDATE attendees SET name = 'x' WHERE event_id = $EVA"

# values no kiosk file could hold: pull would fail on them
refused "no kind 'pwned'" 'check constraint "fact_kind"' \
	"$(fact "$EVA" booth-C001 pwned 1 "$NOW")"
refused "no direction 9" 'check constraint "fact_direction"' \
	"$(fact "$EVA" booth-C001 checkin 9 "$NOW")"
refused "no time -1" "outside the days of event" \
	"$(fact "$EVA" booth-C001 checkin 1 -1)"
refused "no time the day before the event" "outside the days of event" \
	"$(fact "$EVA" booth-C001 checkin 1 "$((NOW - 86400000))")"
refused "no 10 MB note" 'check constraint "fact_note_length"' \
	"$(fact "$EVA" booth-C001 lead 1 "$NOW" "repeat('x', 10485760)")"
refused "no negative monotonic time" 'check constraint "fact_times"' \
	"$(fact "$EVA" booth-C001 checkin 1 "$NOW" "''" NULL -5)"
refused "no place id beyond 32 bits" 'check constraint "fact_numbers"' \
	"$(fact "$EVA" booth-C001 checkin 1 "$NOW" "''" NULL 1 8589934592)"
refused "no 15-byte void" 'check constraint "fact_voids"' \
	"$(fact "$EVA" booth-C001 void 1 "$NOW" "''" "'\\x0011'")"
refused "no check-in naming a fact to void" 'check constraint "fact_voids"' \
	"$(fact "$EVA" booth-C001 checkin 1 "$NOW" "''" \
	"decode(md5('none'), 'hex')")"
refused "no 17-byte UUID" "check constraint" \
	"INSERT INTO facts (uuid, event_id, kind, kiosk, place_id, attendee_id,
	 serial, direction, source, wall_ms, boot_id, mono_ms, flags) VALUES
	 ('\\x00112233445566778899aabbccddeeff00', $EVA, 'checkin',
	 'booth-C001', 1, 1, 1, 1, '', $NOW, '', 0, 0)"

# room of its own
refused "no temporary table" "permission denied to create temporary" \
	"CREATE TEMP TABLE t (x int)"
refused "no table in public" "permission denied for schema public" \
	"CREATE TABLE public.t (x int)"
refused "no function" "permission denied" \
	"CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'"
refused "no large object" "permission denied for function lo_create" \
	"SELECT lo_create(0)"

# what it may do still works
check "its own check-in is taken" kq_ok "$(fact "$EVA" booth-C001 checkin 1 \
	"$NOW")"
check "and its own void" kq_ok "$(fact "$EVA" booth-C001 void 1 "$NOW" "''" \
	"(SELECT uuid FROM facts LIMIT 1)")"
check "which it alone sees" test "$(kq "SELECT count(*) FROM facts")" = 2
