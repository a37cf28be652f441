#!/bin/sh
# End to end for consent to one company (issue 26): a student taps
# 「この企業に連絡先を伝える」 at a booth (the fact as the kiosk writes it),
# the kiosk file merges, and that company's leads list the student even
# without the general consent, and only that company's; withdrawal at the
# console's command; provision records; the internship type's refusal;
# a kiosk file with a malformed consent refused at merge.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"
command -v sqlite3 >/dev/null || { echo "consent.sh: needs sqlite3" >&2; exit 77; }
q() { sqlite3 "$@"; }

"$F" init --db ev.db --name "合同企業説明会" --start 2026-12-05 >/dev/null || exit 1
printf '企業ID,企業名\nC1,ミノ精工\nC2,飛騨ソフト\n' > companies.csv
printf '受付番号,氏名,メールアドレス,同意,同意バージョン\nS1,学生一,s1@example.jp,はい,v3\nS2,学生二,s2@example.jp,いいえ,v3\nS3,学生三,s3@example.jp,いいえ,v3\nS4,学生四,s4@example.jp,はい,v3\n' > students.csv
"$F" import companies --db ev.db companies.csv >/dev/null 2>&1 &&
	"$F" import students --db ev.db students.csv >/dev/null 2>&1 || exit 1
check "pack booth C1" "$F" pack --db ev.db --role booth --place C1 --out k1 >/dev/null
check "pack booth C2" "$F" pack --db ev.db --role booth --place C2 --out k2 >/dev/null
check "booth kiosks hold no contact data" test "$(q k1/kiosk.db "SELECT count(*) FROM attendees WHERE email <> '' OR phone <> ''")" = 0

T0=$(( $(date -u -d 2026-12-05T01:00:00Z +%s) * 1000 ))
fact() { # db kind booth student minutes direction [version]
	q "$1" "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
	  serial, direction, source, wall_ms, note) VALUES (randomblob(16),
	  '$2', 'booth-$3', (SELECT id FROM places WHERE ext_id = 'booth:$3'),
	  (SELECT id FROM attendees WHERE ext_id = '$4'), 1, $6, 'manual',
	  $T0 + $5 * 60000, '${7:-}')"
}
for s in S1 S2 S3 S4; do fact k1/kiosk.db checkin C1 $s 1 1; done
for s in S2 S3; do fact k2/kiosk.db checkin C2 $s 2 1; done
# the result screen's button, as the kiosk records it
fact k1/kiosk.db consent C1 S2 3 1 v3
fact k2/kiosk.db consent C2 S3 4 1 v3
"$F" merge --db ev.db k1/kiosk.db k2/kiosk.db > merge.txt 2>&1
check "merge accepts consent facts" test $? -eq 0
check "both are in the event" test "$(q ev.db "SELECT count(*) FROM facts WHERE kind = 'consent'")" = 2

ids() { tail -n +2 "$1" | cut -d, -f1 | tr -d '"\r' | sort | tr '\n' ' '; }
check "leads C1" "$F" export leads --db ev.db --company C1 --out c1.csv
check "C1: the general consents and S2, who consented to C1 only" test "$(ids c1.csv)" = "S1 S2 S4 "
check "S2's row names the consent to this company" grep -q 'S2.*v3 (この企業への同意)' c1.csv
check "leads C2" "$F" export leads --db ev.db --company C2 --out c2.csv
check "C2: only S3 (S2 consented to C1, not C2)" test "$(ids c2.csv)" = "S3 "
check "the handover to C1 is recorded, S2 in it, on their consent to C1" test "$(q ev.db "SELECT count(*) FROM provisions WHERE recipient = 'C1' AND ',' || attendees || ',' LIKE '%,S2,%' AND basis LIKE '%この企業への同意%'")" = 1
check "consent --show" sh -c "'$F' consent --db ev.db --attendee S2 --company C1 --show | grep -q 'v3'"

# withdrawal: S2 takes it back; S1 says no to C1 despite the general one
check "withdraw S2 from C1" "$F" consent --db ev.db --attendee S2 --company C1 --withdraw
check "withdraw S1 from C1" "$F" consent --db ev.db --attendee S1 --company C1 --withdraw
check "leads C1 again" "$F" export leads --db ev.db --company C1 --out c1b.csv
check "C1 now: S4 only" test "$(ids c1b.csv)" = "S4 "
check "C2 unchanged" sh -c "'$F' export leads --db ev.db --company C2 --out c2b.csv && test \"\$(tail -n +2 c2b.csv | wc -l)\" -eq 1"
check "given again at the desk" "$F" consent --db ev.db --attendee S2 --company C1 --give --version v4
check "S2 back in C1's leads" sh -c "'$F' export leads --db ev.db --company C1 --out c1c.csv && grep -q 'S2.*v4 (この企業への同意)' c1c.csv"
"$F" consent --db ev.db --attendee S2 --company C1 --give 2>/dev/null; rc=$?
check "--give without --version is a usage error" test "$rc" -eq 2

# every company at once, as the kiosk's staff screen can: S3 consents to
# C1 too, so both companies' leads list them; --all --withdraw takes S3
# out of both
check "S3 consents to C1 as well" "$F" consent --db ev.db --attendee S3 --company C1 --give --version v4
check "S3 in C1's and C2's leads" sh -c "'$F' export leads --db ev.db --company C1 --out a1.csv && '$F' export leads --db ev.db --company C2 --out a2.csv && grep -q S3 a1.csv && grep -q S3 a2.csv"
N=$(q ev.db "SELECT count(*) FROM facts")
for bad in "--company C1 --all --withdraw" "--all --give --version v5" "--all --show" "--all"; do
	# shellcheck disable=SC2086 # the options, split on purpose
	"$F" consent --db ev.db --attendee S3 $bad 2>err.txt; rc=$?
	check "consent $bad: a usage error" sh -c "test $rc -eq 2 && grep -q -- '--all' err.txt"
done
"$F" consent --db ev.db --attendee S9 --all --withdraw 2>err.txt; rc=$?
check "--all for an unknown student: refused, naming them" sh -c "test $rc -eq 1 && grep -q S9 err.txt"
check "... and none of it wrote anything" test "$(q ev.db "SELECT count(*) FROM facts")" = "$N"
# in Japanese, from this build's catalog (as i18n.sh)
env -u LC_ALL -u LANGUAGE -u LC_MESSAGES FAIR_LOCALEDIR="${F%/fairsync}/locale" \
	LANG=ja_JP.UTF-8 "$F" consent --db ev.db --attendee S3 --all --withdraw 2>all.txt
check "withdraw S3 from every company" test $? -eq 0
check "... said in Japanese, with the count" grep -q 'S3 の 2 社への同意を取り消しました' all.txt
check "one withdrawal per company" test "$(q ev.db "SELECT count(*) FROM facts WHERE kind = 'consent' AND direction = -1 AND attendee_id = (SELECT id FROM attendees WHERE ext_id = 'S3')")" = 2
for co in C1 C2; do
	check "S3 out of $co's leads" sh -c "'$F' export leads --db ev.db --company $co --out b$co.csv && ! grep -q S3 b$co.csv"
done
N=$(q ev.db "SELECT count(*) FROM facts")
check "again: nothing left to withdraw" "$F" consent --db ev.db --attendee S3 --all --withdraw
check "... and nothing written" test "$(q ev.db "SELECT count(*) FROM facts")" = "$N"

# ... and at the console (the badges page's form)
if command -v curl >/dev/null && command -v python3 >/dev/null; then
	"$F" serve --db ev.db --listen 127.0.0.1:0 >url.txt 2>serve.err &
	SERVER=$!
	stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
	trap stop EXIT
	i=0
	while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	URL=$(cat url.txt)
	check "the console started" test -n "$URL"
	BASE=${URL%%/\?token=*}
	AUTH="Authorization: Bearer ${URL##*token=}"
	CSRF=$(curl -s -H "$AUTH" "$BASE/api/status" | python3 -c 'import json,sys;print(json.load(sys.stdin)["csrf"])')
	check "the badges page offers the withdrawal" sh -c "curl -s -H '$AUTH' '$BASE/badges' '$BASE/assets/badges.html' | grep -q 'consent-withdraw'"
	R=$(curl -s -o cw.json -w '%{http_code}' -H "$AUTH" -H "X-CSRF-Token: $CSRF" \
		--data 'action=withdraw&attendee=S2&company=C1' "$BASE/api/consent")
	check "POST /api/consent withdraws" sh -c "test $R = 200 && grep -q '\"ok\":true' cw.json"
	R=$(curl -s -o cw2.json -w '%{http_code}' -H "$AUTH" --data 'action=withdraw&attendee=S2&company=C1' "$BASE/api/consent")
	check "... never without the CSRF token" test "$R" = 403
	R=$(curl -s -o cw3.json -w '%{http_code}' -H "$AUTH" -H "X-CSRF-Token: $CSRF" \
		--data 'action=withdraw&attendee=S9&company=C1' "$BASE/api/consent")
	check "an unknown student: 422 saying so" sh -c "test $R = 422 && grep -q 'S9' cw3.json"
	# every company at once: S4, who consented to all at registration
	check "S4 in C1's leads before" sh -c "'$F' export leads --db ev.db --company C1 --out c1s4.csv && grep -q S4 c1s4.csv"
	R=$(curl -s -o wa0.json -w '%{http_code}' -H "$AUTH" --data 'action=withdraw-all&attendee=S4' "$BASE/api/consent")
	check "withdraw-all never without the CSRF token" test "$R" = 403
	R=$(curl -s -o wa1.json -w '%{http_code}' -H "$AUTH" -H "X-CSRF-Token: $CSRF" \
		--data 'action=withdraw-all&attendee=S4&company=C1' "$BASE/api/consent")
	check "withdraw-all naming a company: 400" test "$R" = 400
	R=$(curl -s -o wa2.json -w '%{http_code}' -H "$AUTH" -H "X-CSRF-Token: $CSRF" \
		--data 'action=withdraw-all&attendee=S9' "$BASE/api/consent")
	check "withdraw-all of an unknown student: 422 saying so" sh -c "test $R = 422 && grep -q 'S9' wa2.json"
	check "... none of which wrote anything" test "$(q ev.db "SELECT count(*) FROM facts WHERE kind = 'consent' AND attendee_id = (SELECT id FROM attendees WHERE ext_id = 'S4')")" = 0
	R=$(curl -s -o wa3.json -w '%{http_code}' -H "$AUTH" -H "X-CSRF-Token: $CSRF" \
		--data 'action=withdraw-all&attendee=S4' "$BASE/api/consent")
	check "POST /api/consent action=withdraw-all" sh -c "test $R = 200 && grep -q '\"ok\":true' wa3.json"
	check "one withdrawal per company" test "$(q ev.db "SELECT count(*) FROM facts WHERE kind = 'consent' AND direction = -1 AND attendee_id = (SELECT id FROM attendees WHERE ext_id = 'S4')")" = 2
	stop
	trap - EXIT
	check "S2 is out of C1's leads again" sh -c "'$F' export leads --db ev.db --company C1 --out c1d.csv && ! grep -q S2 c1d.csv"
	check "S4 is out of C1's leads, despite the registration's consent" sh -c "! grep -q S4 c1d.csv"
	check "... and of C2's" sh -c "'$F' export leads --db ev.db --company C2 --out c2d.csv && ! grep -q S4 c2d.csv"
else
	echo "consent.sh: no curl or python3, console part not run" >&2
fi

# a kiosk file whose consent names no version: refused whole, nothing in
"$F" pack --db ev.db --role booth --place C1 --out k3 >/dev/null || exit 1
fact k3/kiosk.db checkin C1 S3 5 1
fact k3/kiosk.db consent C1 S3 6 1 ''
N=$(q ev.db "SELECT count(*) FROM facts")
"$F" merge --db ev.db k3/kiosk.db > merge3.txt 2>&1; rc=$?
check "a consent without its version: the file is refused" sh -c "test $rc -eq 1 && grep -q 'consent text' merge3.txt"
check "... and nothing of it merged" test "$(q ev.db "SELECT count(*) FROM facts")" = "$N"

# internship type 1: no consent to a company can be recorded
"$F" settings --db ev.db --internship-type 2 >/dev/null || exit 1
N=$(q ev.db "SELECT count(*) FROM facts")
"$F" consent --db ev.db --attendee S3 --company C1 --give --version v4 2>err.txt; rc=$?
check "type 2 refuses a consent to a company, citing the rule" sh -c "test $rc -eq 1 && grep -q '三省合意' err.txt"
check "... writing nothing" test "$(q ev.db "SELECT count(*) FROM facts")" = "$N"
check "a withdrawal is still taken" "$F" consent --db ev.db --attendee S3 --company C2 --withdraw

[ "$fails" -eq 0 ]
