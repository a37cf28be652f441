#!/bin/sh
# End to end: `fairsync serve` stays up for everyone (docs/console.md,
# "Limits"). Against a real console on loopback:
#   - 70 connections from one address and 70 from 70 addresses trickling
#     header bytes without the token, and an upload with the token at
#     1 KB/s: the per-address limit holds the first group to 16, every one
#     of them is cut at its deadline, and the organizer's GET /api/status
#     answers all the while (about 13 s, bounded);
#   - a 60 MB kiosk file uploaded and merged while /api/status answers;
#   - a 150 KB workbook of 1,040,000 rows being imported (seconds of
#     parsing) while /api/status answers;
#   - SIGTERM during that import, during a merge, and during a bundle
#     update stuck in a looping trigger: the console exits within 2 s, its
#     private folder gone, the event database whole.
# Probes: tests/e2e/hostile/console_probe.py.
. "$(dirname "$0")/lib/fairsync.sh"
PY=/usr/bin/python3
PROBE="$REPO/tests/e2e/hostile/console_probe.py"
export LSAN_OPTIONS="suppressions=$REPO/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

for tool in sqlite3 curl; do
	command -v $tool >/dev/null || { echo "console_hostile: needs $tool" >&2; exit 77; }
done
# the attackers come from other loopback addresses than the organizer
if ! $PY -c 'import socket; socket.socket().bind(("127.0.1.70", 0))' 2>/dev/null; then
	echo "console_hostile: cannot bind 127.0.1.70 (loopback is not 127/8)" >&2
	exit 77
fi

"$F" init --db ev0.db --name "合同企業説明会" --start 2026-12-05 >/dev/null 2>&1 || exit 1
printf '企業ID,企業名\nC1,ミノ精工\n' > companies.csv
printf '受付番号,氏名,フリガナ,学校名\nS1,山田 太郎,ヤマダ タロウ,岐阜大学\n' > students.csv
"$F" import companies companies.csv --db ev0.db >/dev/null || exit 1
"$F" import students students.csv --db ev0.db >/dev/null || exit 1
"$F" pack --db ev0.db --role booth --place C1 --out big >/dev/null 2>&1 || exit 1
# a booth's kiosk file of 500,000 check-ins: about 60 MB
T0=$(( $(date -u -d 2026-12-05T01:00:00Z +%s) * 1000 ))
sqlite3 big/kiosk.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT
  i + 1 FROM n WHERE i < 500000) INSERT INTO facts (uuid, kind, kiosk,
  place_id, attendee_id, serial, direction, source, wall_ms, boot_id,
  mono_ms) SELECT randomblob(16), 'checkin', 'booth-c1', 2, 1, 1, 1,
  'camera', $T0 + i * 40, 'boot-1', i * 40 FROM n" || exit 1
# a bundle whose kiosk.db loops forever when pack --update writes to it
"$F" pack --db ev0.db --role booth --place C1 --out kiosk-loop >/dev/null 2>&1 || exit 1
for t in attendees revocations settings; do
	for op in INSERT DELETE UPDATE; do
		sqlite3 kiosk-loop/kiosk.db "CREATE TRIGGER loop_${t}_$op AFTER
		  $op ON $t BEGIN SELECT count(*) FROM (WITH RECURSIVE r(i) AS
		  (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r); END"
	done
done
$PY -c 'import shutil; shutil.make_archive("loop", "zip", ".", "kiosk-loop")' || exit 1

SERVER=
CURL=
stop() {
	[ -n "$CURL" ] && kill "$CURL" 2>/dev/null
	[ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null
	wait 2>/dev/null
}
trap stop EXIT
# start DB: the console on a free port; URL, BASE, TOK, AUTH set
start() {
	rm -f url.txt
	"$F" serve --db "$1" --listen 127.0.0.1:0 >url.txt 2>serve.err &
	SERVER=$!
	i=0
	while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	if [ ! -s url.txt ]; then
		echo "FAIL: the console did not start"; cat serve.err
		exit 1
	fi
	URL=$(cat url.txt)
	BASE=${URL%%/\?token=*}
	TOK=${URL##*token=}
	AUTH="Authorization: Bearer $TOK"
}
# term: SIGTERM the console; MS gets how long it took to exit (or 9999:
# then it is killed), RC its exit status
term() {
	t0=$(date +%s%N)
	kill -TERM "$SERVER"
	i=0
	while kill -0 "$SERVER" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.05; i=$((i + 1))
	done
	if kill -0 "$SERVER" 2>/dev/null; then
		MS=9999
		kill -9 "$SERVER"
	else
		MS=$(( ($(date +%s%N) - t0) / 1000000 ))
	fi
	wait "$SERVER"; RC=$?
	SERVER=
}
val() { sed -n "s/^$1 //p" probe.txt; }
facts() { sqlite3 "$1" "SELECT count(*) FROM facts"; }

# ---- slow clients, without the token -----------------------------------
cp ev0.db ev.db
start ev.db
check "no token: 401, and the connection closed" \
	test "$($PY "$PROBE" notoken "$URL")" = "closed HTTP/1.1 401 Unauthorized"
$PY "$PROBE" slow "$URL" 13 >probe.txt
cat probe.txt | sed 's/^/  /'
check "70 trickling from one address: 16 held, the rest refused at once" \
	test "$(val one_kept_over_8s)" -eq 16
check "70 trickling from 70 addresses: each let in, under the total cap" \
	test "$(val many_kept_over_8s)" -eq 70
check "every trickling connection cut by the server" \
	test "$(val one_open_at_end)" -eq 0 -a "$(val many_open_at_end)" -eq 0
check "... at the 10 s header deadline (by 12 s)" sh -c \
	"$PY -c 'import sys; t = list(map(float, sys.argv[1:])); sys.exit(not (0 <= min(t) and max(t) <= 12))' \
	$(val one_last_closed_s) $(val many_last_closed_s)"
check "an upload at 1 KB/s cut (under 16 KB/s after 10 s)" \
	test "$(val body_open_at_end)" -eq 0
check "the organizer's GET /api/status answered every time" \
	test "$(val status_failures)" -eq 0 -a "$(val status_answers)" -ge 20
check "... within 3 s each" test "$(val status_max_ms)" -lt 3000
check "the console still answers after the attack" \
	test "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE/api/status")" = 200
check "the slow upload left nothing in the private folder" \
	test -z "$(ls -A .fairsync-serve-*)"

# ---- a 60 MB kiosk file merged while the overview answers ---------------
$PY "$PROBE" upload "$URL" big/kiosk.db '/api/merge?name=big.db' >probe.txt
cat probe.txt | sed 's/^/  /'
check "the 60 MB kiosk file merged" test "$(val job_status)" = 200
check "GET /api/status answered during the upload and merge" \
	test "$(val status_failures)" -eq 0 -a "$(val status_answers)" -ge 5
check "... within 2 s each" test "$(val status_max_ms)" -lt 2000
curl -s -H "$AUTH" "$BASE/api/status" >status.json
check "the overview counts the merged check-ins afterwards" $PY -c '
import json, sys
s = json.load(open("status.json"))
sys.exit(not any(k["kiosk"] == "booth-c1" and k["facts"] == 500000
                 for k in s["by_kiosk"]))'
term
check "SIGTERM when idle: exit 0" test "$RC" -eq 0
check "... its private folder removed" sh -c '! ls -d .fairsync-serve-* 2>/dev/null'

# ---- a workbook of a million rows imported, then SIGTERM ----------------
$PY "$PROBE" xlsx rows.xlsx 1040000 || exit 1
cp ev0.db ev.db
start ev.db
$PY "$PROBE" upload "$URL" rows.xlsx '/api/import?kind=students&name=rows.xlsx' 5 >probe.txt
cat probe.txt | sed 's/^/  /'
check "GET /api/status answered while the workbook is read" \
	test "$(val status_failures)" -eq 0 -a "$(val status_answers)" -ge 5
check "... within 2 s each" test "$(val status_max_ms)" -lt 2000
term
echo "  exit after SIGTERM during the import: $MS ms"
check "SIGTERM during the import: the console exits within 2 s" test "$MS" -le 2000
check "... its private folder removed" sh -c '! ls -d .fairsync-serve-* 2>/dev/null'
check "... no student imported" test "$(sqlite3 ev.db 'SELECT count(*) FROM attendees')" -eq 1

# ---- SIGTERM during the merge -------------------------------------------
cp ev0.db ev.db
start ev.db
CSRF=$(curl -s -H "$AUTH" "$BASE/api/status" | $PY -c 'import json, sys; print(json.load(sys.stdin)["csrf"])')
curl -s -o merge.json -H "$AUTH" -H "X-CSRF-Token: $CSRF" \
	--data-binary @big/kiosk.db "$BASE/api/merge?name=big.db" &
CURL=$!
# the upload is renamed to *.db in the private folder once the job starts
i=0
while ! ls .fairsync-serve-*/*.db >/dev/null 2>&1 && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
sleep 0.3
check "the merge is running when SIGTERM comes" kill -0 "$CURL"
term
echo "  exit after SIGTERM during a merge: $MS ms"
check "SIGTERM during a merge: the console exits within 2 s" test "$MS" -le 2000
check "... exit status 0" test "$RC" -eq 0
check "... its private folder removed" sh -c '! ls -d .fairsync-serve-* 2>/dev/null'
wait "$CURL"; CURL=
check "... the event database whole" test "$(sqlite3 ev.db 'PRAGMA integrity_check')" = ok
n=$(facts ev.db)
check "... the merge all there or not at all ($n facts)" \
	test "$n" -eq 0 -o "$n" -eq 500000

# ---- SIGTERM during a bundle update stuck in a trigger ------------------
cp ev0.db ev.db
start ev.db
CSRF=$(curl -s -H "$AUTH" "$BASE/api/status" | $PY -c 'import json, sys; print(json.load(sys.stdin)["csrf"])')
curl -s -o update.out -H "$AUTH" -H "X-CSRF-Token: $CSRF" \
	--data-binary @loop.zip "$BASE/api/pack-update?name=kiosk-loop.zip" &
CURL=$!
sleep 1.5
check "GET /api/status answers while the update runs" \
	test "$(curl -s -m 3 -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE/api/status")" = 200
stuck=no
kill -0 "$CURL" 2>/dev/null && stuck=yes
term
echo "  exit after SIGTERM during a bundle update (stuck: $stuck): $MS ms"
check "SIGTERM during a bundle update: the console exits within 2 s" test "$MS" -le 2000
check "... its private folder removed" sh -c '! ls -d .fairsync-serve-* 2>/dev/null'
if [ "$stuck" = yes ]; then
	check "... and it says which job it left unfinished" \
		grep -q "stopped while '/api/pack-update' was still running" serve.err
fi
wait "$CURL"; CURL=
check "... the event database whole" test "$(sqlite3 ev.db 'PRAGMA integrity_check')" = ok

[ "$fails" -eq 0 ]
