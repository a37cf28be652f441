#!/bin/sh
# End to end: `fairsync serve` and its JSON API with curl. The access token
# (401 without it, cookie after ?token=, Bearer), CSRF (403), upload caps
# (413), a hostile kiosk file refused with the CLI's own message, a good one
# merged, roster import errors by line, a kiosk bundle as a zip, downloads
# read back, nothing left in the private folder, and the folder gone on
# SIGTERM.
. "$(dirname "$0")/lib/fairsync.sh"
PY=/usr/bin/python3
export LSAN_OPTIONS="suppressions=$REPO/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# The console answers in Japanese unless asked; this test reads its English
# (every curl sends X-Lang: en; i18n.sh checks the Japanese default).
mkdir -p curl-home && echo 'header = "X-Lang: en"' > curl-home/.curlrc
export CURL_HOME="$PWD/curl-home"

check "serve --help" sh -c "'$F' serve --help | grep -q '^usage: fairsync serve'"
"$F" serve >/dev/null 2>&1; rc=$?
check "serve without --db exits 2" test "$rc" -eq 2
"$F" serve --db missing.db >/dev/null 2>&1; rc=$?
check "serve of a missing database exits 1" test "$rc" -eq 1

"$F" init --db ev.db --name "合同企業説明会" --start 2026-12-05 >/dev/null 2>&1 || exit 1
printf '企業ID,企業名\nC1,ミノ精工\nC2,飛騨ソフト\n' > companies.csv
"$F" import companies companies.csv --db ev.db >/dev/null || exit 1

# the server in another zone than the venue's: every time it shows must
# still be the venue's
TZ=America/Los_Angeles "$F" serve --db ev.db --listen 127.0.0.1:0 >url.txt 2>serve.err &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
trap stop EXIT
i=0
while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat url.txt)
check "one line on stdout, the URL with a 64-hex token" sh -c \
	"test \$(wc -l < url.txt) -eq 1 && grep -Eq '^http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{64}$' url.txt"
BASE=${URL%%/\?token=*}
TOK=${URL##*token=}
AUTH="Authorization: Bearer $TOK"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# zipdir ZIP DIR PATH: zips DIR/PATH (as a file manager does), into ZIP
unzipto() { $PY -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$@"; }
zipdir() { $PY -c 'import sys, shutil; shutil.make_archive(sys.argv[1][:-4], "zip", sys.argv[2], sys.argv[3])' "$@"; }

# ---- access ----------------------------------------------------------
check "no token: 401" test "$(code "$BASE/api/status")" = 401
check "no token, page: 401" test "$(code "$BASE/")" = 401
check "wrong token: 401" test "$(code -H 'Authorization: Bearer 00' "$BASE/api/status")" = 401
check "wrong cookie: 401" test "$(code -b "fairsync_token=$(echo "$TOK" | tr 0-9a-f 1-9a-f0)" "$BASE/api/status")" = 401
check "wrong ?token: 401" test "$(code "$BASE/?token=abc")" = 401
curl -s -D login.h -o /dev/null -c jar "$URL"
check "?token: 303 to the page, token gone from the address" \
	grep -q '^Location: /\s*$' login.h
check "cookie HttpOnly, SameSite=Strict" \
	grep -qi '^Set-Cookie: fairsync_token=[0-9a-f]*; Path=/; HttpOnly; SameSite=Strict' login.h
check "?token never redirects off this server" sh -c \
	"curl -s -D - -o /dev/null --path-as-is '$BASE//evil.example/?token=$TOK' | grep -q '^Location: /\s*\$'"
check "cookie opens the page" test "$(code -b jar "$BASE/")" = 200
check "Bearer opens the API" test "$(code -H "$AUTH" "$BASE/api/status")" = 200
curl -s -H "$AUTH" "$BASE/api/status" > status.json
CSRF=$($PY -c 'import json;print(json.load(open("status.json"))["csrf"])')
check "status: event name, dates, counts" $PY -c '
import json; s = json.load(open("status.json"))
assert s["event"]["name"] == "合同企業説明会", s
assert s["event"]["start_date"] == "2026-12-05"
assert s["companies"] == 2 and s["places"] == 3 and s["checkins"] == 0
assert s["students"] == 0 and s["flags"] == []'
check "page carries the CSRF token" sh -c \
	"curl -s -b jar '$BASE/roster' | grep -q 'name=\"csrf\" content=\"$CSRF\"'"
check "CSP forbids inline script" sh -c \
	"curl -s -D - -o /dev/null -b jar '$BASE/' | grep -qi \"^Content-Security-Policy: default-src 'self'\""

# ---- CSRF and caps ---------------------------------------------------
printf '受付番号,氏名,フリガナ,学校名,同意\nS1,山田 太郎,やまだ たろう,岐阜大学,はい\nS2,,サトウ,名古屋大学,はい\nS3,鈴木 一郎,スズキ,岐阜大学,たぶん\nS4,"田中 <b>&""花""",タナカ,岐阜大学,いいえ\n' > students.csv
post() { # PATH FILE [HEADERS...]
	p=$1 f=$2; shift 2
	curl -s -H "$AUTH" "$@" --data-binary "@$f" "$BASE$p"
}
check "POST without CSRF: 403" test "$(code -H "$AUTH" --data-binary @students.csv "$BASE/api/import?kind=students&name=s.csv")" = 403
check "POST with a wrong CSRF: 403" test "$(code -H "$AUTH" -H "X-CSRF-Token: $(echo "$CSRF" | rev)" --data-binary @students.csv "$BASE/api/import?kind=students&name=s.csv")" = 403
check "POST from another origin: 403" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" -H 'Origin: http://evil.example' --data-binary @students.csv "$BASE/api/import?kind=students&name=s.csv")" = 403
check "nothing imported by refused POSTs" test "$(sqlite3 ev.db 'SELECT count(*) FROM attendees')" -eq 0
head -c $((8 * 1024 * 1024 + 1)) /dev/zero > big.csv
check "roster over 8 MB: 413" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @big.csv "$BASE/api/import?kind=students&name=big.csv")" = 413
check "chunked roster over 8 MB: 413" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" -H 'Transfer-Encoding: chunked' --data-binary @big.csv "$BASE/api/import?kind=students&name=big.csv")" = 413
head -c $((64 * 1024 * 1024 + 1)) /dev/zero > big.db
check "kiosk file over 64 MB: 413" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @big.db "$BASE/api/merge?name=big.db")" = 413
rm -f big.db big.csv

# ---- roster import ---------------------------------------------------
post "/api/import?kind=students&name=students.csv" students.csv \
	-H "X-CSRF-Token: $CSRF" > import.json
check "import: good rows in, bad rows by line, rows to show them by" $PY -c '
import json; j = json.load(open("import.json"))
assert j["imported"] == 2 and j["skipped"] == 2, j
lines = {m["line"]: m["text"] for m in j["messages"]}
assert set(lines) == {3, 4}, lines
assert lines[3].startswith("students.csv:3: "), lines
assert [r["line"] for r in j["rows"]] == [1, 2, 3, 4, 5]
assert j["rows"][4]["cells"][1] == "田中 <b>&\"花\"", j["rows"][4]'
check "import: JSON escapes < > & (no raw markup in the answer)" \
	sh -c "! grep -q '<b>' import.json && grep -q '\\\\u003cb\\\\u003e' import.json"
check "import: the students are in the event" \
	test "$(sqlite3 ev.db "SELECT group_concat(ext_id) FROM attendees ORDER BY ext_id")" = "S1,S4"
# an Excel roster: the same import, errors named by the sheet's row
$PY -c '
import openpyxl; wb = openpyxl.Workbook(); ws = wb.active; ws.title = "名簿"
ws.append(["受付番号", "氏名", "フリガナ", "学校名"])
ws.append(["S5", "高橋 健", "タカハシ ケン", "岐阜大学"])
ws.append(["S6", None, "イトウ", "岐阜大学"])
wb.save("students.xlsx")'
post "/api/import?kind=students&name=students.xlsx" students.xlsx \
	-H "X-CSRF-Token: $CSRF" > xlsx.json
check "XLSX roster: imported, the bad row named by its sheet row, rows shown" $PY -c '
import json; j = json.load(open("xlsx.json"))
assert j["format"] == "XLSX" and j["imported"] == 1 and j["skipped"] == 1, j
assert j["messages"][0]["line"] == 3, j["messages"]
assert j["messages"][0]["text"].startswith("students.xlsx:3: "), j["messages"]
assert [r["line"] for r in j["rows"]] == [1, 2, 3], j["rows"]
assert j["rows"][1]["cells"][1] == "高橋 健"'
# a cell spanning two lines: messages carry the row Excel shows beside
# the file's line, and so do the rows shown
# (both rows bad, so the roster the tour below plans stays as it was)
printf '受付番号,氏名,フリガナ,学校名\n"S7",,モリ,"岐阜\n大学"\nS8,,ナナシ,岐阜大学\n' > multi.csv
post "/api/import?kind=students&name=multi.csv" multi.csv \
	-H "X-CSRF-Token: $CSRF" > multi.json
check "import: a bad row after a two-line cell: row 3, line 4" $PY -c '
import json; j = json.load(open("multi.json"))
assert j["messages"][0]["row"] == 2 and j["messages"][0]["line"] == 2, j
m = j["messages"][1]
assert m["row"] == 3 and m["line"] == 4, m
assert m["text"].startswith("multi.csv: 3行目 (line 4): "), m
assert [(r["row"], r["line"]) for r in j["rows"]] == [(1, 1), (2, 2), (3, 4)], j["rows"]'
post "/api/import?kind=students&name=students.xlsx&sheet=nope" students.xlsx \
	-H "X-CSRF-Token: $CSRF" > sheet.json
check "XLSX with a missing sheet: refused, saying which sheets exist" \
	grep -q '名簿' sheet.json
printf 'x' > nul.csv; printf '\000\001' >> nul.csv
check "import of a file with NUL bytes: 422, nothing imported" \
	test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @nul.csv "$BASE/api/import?kind=students&name=nul.csv")" = 422

# ---- kiosks ----------------------------------------------------------
check "pack a booth kiosk: a zip" sh -c "curl -s -D k1.h -H '$AUTH' -H 'X-CSRF-Token: $CSRF' -d 'role=booth&place=C1&pin=2468' -o k1.zip -w '%{http_code} %{content_type}' '$BASE/api/pack' | grep -q '^200 application/zip'"
check "the bundle downloads as kiosk-C1.zip" \
	grep -qi '^Content-Disposition: attachment; filename="kiosk-C1.zip"' k1.h
rm -rf unz && mkdir unz && unzipto k1.zip unz
check "zip holds kiosk.ini and kiosk.db" test -s unz/kiosk-C1/kiosk.ini -a -s unz/kiosk-C1/kiosk.db
check "the bundle is a real one (fairsync status reads it)" \
	sh -c "'$F' status --db unz/kiosk-C1/kiosk.db | grep -q '合同企業説明会'"
check "the PIN is stored hashed" sh -c "grep -q 'pin_hash *= *\\\$argon2' unz/kiosk-C1/kiosk.ini && ! grep -q 2468 unz/kiosk-C1/kiosk.ini"
check "pack with a wrong place: 422 with the CLI's reason" sh -c \
	"curl -s -H '$AUTH' -H 'X-CSRF-Token: $CSRF' -d 'role=booth&place=NOPE' '$BASE/api/pack' | grep -q \"no place 'NOPE'\""
curl -s -H "$AUTH" "$BASE/api/packs" > packs.json
check "packs lists the bundle made, with its time" $PY -c '
import json, time; p = json.load(open("packs.json"))
assert len(p) == 1 and p[0]["kiosk"] == "booth-C1" and p[0]["place"] == "booth:C1", p
assert abs(p[0]["packed_ms"] / 1000 - time.time()) < 120
assert p[0]["path"] == "kiosk-C1.zip"'
check "packs: the time packed in venue time (UTC+9), not the server's" $PY -c '
import json, time; p = json.load(open("packs.json"))
want = time.strftime("%Y-%m-%d %H:%M", time.gmtime(p[0]["packed_ms"] / 1000 + 540 * 60))
assert p[0]["packed"] == want, (p[0], want)'
run_ok "fairsync pack ev.db" \
	"$F" pack --db ev.db --role booth --place C2 --out k2 >/dev/null 2>&1
check "fairsync pack records into packs too" \
	test "$(sqlite3 ev.db "SELECT kiosk || '|' || path FROM packs WHERE kiosk = 'booth-C2'")" = "booth-C2|k2"

# ---- merge -----------------------------------------------------------
# A recorded check-in of S1 at C1 (as the kiosk writes it), then merged.
AID=$(sqlite3 ev.db "SELECT id FROM attendees WHERE ext_id = 'S1'")
PID=$(sqlite3 ev.db "SELECT id FROM places WHERE ext_id = 'booth:C1'")
T0=$(( $(date -u -d 2026-12-05T01:00:00Z +%s) * 1000 ))
sqlite3 unz/kiosk-C1/kiosk.db "INSERT INTO facts (uuid, kind, kiosk, place_id,
  attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms) VALUES
  (randomblob(16), 'checkin', 'booth-C1', $PID, $AID, 1, 1, 'camera', $T0, 'b1', 1000)"
post "/api/merge?name=kiosk.db" unz/kiosk-C1/kiosk.db -H "X-CSRF-Token: $CSRF" > merge.json
check "merge a good kiosk file: its summary" $PY -c '
import json; j = json.load(open("merge.json"))
assert j["ok"] and j["kiosk"] == "booth-C1" and j["facts"] == 1 and j["added"] == 1, j'
post "/api/merge?name=kiosk.db" unz/kiosk-C1/kiosk.db -H "X-CSRF-Token: $CSRF" > merge2.json
check "merge again: nothing new" $PY -c '
import json; j = json.load(open("merge2.json")); assert j["added"] == 0 and j["known"] == 1, j'
curl -s -D status2.h -H "$AUTH" "$BASE/api/status" > status2.json
check "after a merge through the console, the overview is already counted" \
	grep -qi '^X-Cache: hit' status2.h
check "status counts the check-in, per place and hour" $PY -c '
import json; s = json.load(open("status2.json"))
assert s["checkins"] == 1 and s["visitors"] == 1, s
p = {x["ext_id"]: x for x in s["by_place"]}
assert p["booth:C1"]["students"] == 1
assert s["by_hour"] == [{"hour": "2026-12-05 10:00", "students": 1, "scans": 1}], s["by_hour"]
assert s["by_kiosk"][0]["kiosk"] == "booth-C1"'
# The merge page's kiosks and flags: 01:00 UTC is 10:00 at the venue.
check "merge page: each kiosk's first and last check-in in venue time" $PY -c '
import json; k = json.load(open("status2.json"))["by_kiosk"][0]
assert k["first"] == "2026-12-05 10:00" and k["last"] == "2026-12-05 10:00", k'
sqlite3 ev.db "INSERT INTO merge_flags SELECT uuid, 'conflict' FROM facts"
curl -s -H "$AUTH" "$BASE/api/flags" > flags.json
check "merge page: a flagged check-in at its venue time" $PY -c '
import json, sys; f = json.load(open("flags.json"))
assert len(f) == 1 and f[0]["wall"] == "2026-12-05 10:00", f
assert f[0]["wall_ms"] == int(sys.argv[1]), f' "$T0"
sqlite3 ev.db "DELETE FROM merge_flags"
check "pages show the server's venue time, never the browser's zone" sh -c \
	"curl -s -H '$AUTH' '$BASE/static/app.js' | grep -q 'p.packed' && ! curl -s -H '$AUTH' '$BASE/static/app.js' | grep -Eq 'getHours|getDate\('"

# a change beside the console (the CLI): counted afresh, then cached
run_ok "fairsync settings ev.db" \
	"$F" settings --db ev.db --feedback-tags 'a,b' >/dev/null 2>&1
curl -s -D status3.h -o status3.json -H "$AUTH" "$BASE/api/status"
curl -s -D status4.h -o status4.json -H "$AUTH" "$BASE/api/status"
check "a change made beside the console: counted afresh, then cached" \
	sh -c "! grep -qi '^X-Cache' status3.h && grep -qi '^X-Cache: hit' status4.h && cmp -s status3.json status4.json"

# hostile kiosk files: the CLI's refusal, word for word
sqlite3 view.db "CREATE TABLE x(a); CREATE VIEW facts AS SELECT * FROM x;
  PRAGMA application_id = 1178683730; PRAGMA user_version = 4;"
cp unz/kiosk-C1/kiosk.db other.db
sqlite3 other.db "UPDATE event SET event_id = event_id + 1"
printf 'not a database at all' > text.db
for h in view other text; do
	post "/api/merge?name=$h.db" $h.db -H "X-CSRF-Token: $CSRF" > h-$h.json
	run_fails "fairsync merge ev.db" "$F" merge --db ev.db $h.db 2> h-$h.cli
	want=$(grep "cannot merge '$h.db'" h-$h.cli | sed 's/^fairsync: //')
	check "hostile $h.db refused with the CLI's message ($want)" $PY -c '
import json, sys; j = json.load(open(sys.argv[1]))
assert not j["ok"] and j["message"] == sys.argv[2], (j, sys.argv[2])' h-$h.json "$want"
done
check "hostile files merged nothing" test "$(sqlite3 ev.db "SELECT count(*) FROM facts")" -eq 1
check "merge with no body: 400" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" -X POST "$BASE/api/merge")" = 400

# ---- downloads -------------------------------------------------------
check "attendance.xlsx" test "$(curl -s -w '%{http_code}' -H "$AUTH" -o att.xlsx "$BASE/export/attendance.xlsx")" = 200
check "the XLSX reads back with the check-in" $PY -c '
import openpyxl; ws = openpyxl.load_workbook("att.xlsx").active
rows = [[c.value for c in r] for r in ws.iter_rows()]
assert len(rows) == 2, rows
assert "山田 太郎" in rows[1], rows'
check "attendance.csv: the same row as the CLI writes" sh -c "
curl -s -H '$AUTH' -o att.csv '$BASE/export/attendance.csv' &&
'$F' export attendance --db ev.db --out cli.csv 2>/dev/null && cmp att.csv cli.csv"
check "attendance.csv is served as a download named for what it is" sh -c \
	"curl -s -D - -o /dev/null -H '$AUTH' '$BASE/export/attendance.csv' | grep -qi 'Content-Disposition: attachment; filename=\"attendance-2026-12-05.csv\"'"
curl -s -D att.h -o /dev/null -H "$AUTH" "$BASE/export/attendance.xlsx"
check "attendance.xlsx downloads as 出席一覧-2026-12-05.xlsx (RFC 5987)" $PY -c '
import re, urllib.parse
h = open("att.h", encoding="latin-1").read()
m = re.search(r"(?im)^Content-Disposition: attachment; filename=\"attendance-2026-12-05.xlsx\"; filename\*=UTF-8\x27\x27(\S+)\s*$", h)
assert m, h
assert urllib.parse.unquote(m.group(1)) == "出席一覧-2026-12-05.xlsx", m.group(1)'
check "report.pdf downloads as 報告書-2026-12-05.pdf" sh -c \
	"curl -s -D - -o /dev/null -H '$AUTH' '$BASE/export/report.pdf' | grep -qi \"filename\\*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8-2026-12-05.pdf\""
check "report.pdf" sh -c "curl -s -H '$AUTH' -o r.pdf '$BASE/export/report.pdf' && pdftotext r.pdf - | grep -q ."
check "badges.pdf" sh -c "curl -s -H '$AUTH' -o b.pdf '$BASE/export/badges.pdf' && pdfinfo b.pdf | grep -q '^Pages: *1'"
curl -s -H "$AUTH" -o l.zip "$BASE/export/leads.zip"
check "leads.zip holds a file per company" $PY -c "import zipfile; assert any(n.startswith('C1_') for n in zipfile.ZipFile('l.zip').namelist())"
check "unknown export: 404" test "$(code -H "$AUTH" "$BASE/export/secrets.txt")" = 404
check "path tricks: 404" test "$(code -H "$AUTH" "$BASE/export/../../ev.db")" = 404
# a merge stopped between its batches: downloads of facts refuse, saying
# which file waits and how to finish; the badges (roster only) do not
sqlite3 ev.db "INSERT INTO merge_state VALUES ('pending', '1/2' || char(10) || 'k2.db')"
check "unfinished merge: attendance.csv refused (409), naming the file and fairsync merge" sh -c "
test \"\$(curl -s -w '%{http_code}' -o refused.json -H '$AUTH' '$BASE/export/attendance.csv')\" = 409 &&
grep -q 'マージが途中で止まっています' refused.json && grep -q 'fairsync merge' refused.json && grep -q \"'k2.db'\" refused.json"
check "unfinished merge: report.pdf refused too" test "$(code -H "$AUTH" "$BASE/export/report.pdf")" = 409
check "unfinished merge: badges.pdf still served" test "$(code -H "$AUTH" "$BASE/export/badges.pdf")" = 200
sqlite3 ev.db "DELETE FROM merge_state WHERE key = 'pending'"
check "merge finished: attendance.csv again" test "$(code -H "$AUTH" "$BASE/export/attendance.csv")" = 200

# ---- a bundle updated: roster and revocations refreshed, facts kept -----
run_ok "fairsync revoke ev.db" \
	"$F" revoke --db ev.db --attendee S4 >/dev/null 2>&1
zipdir k1-rec.zip unz kiosk-C1
check "update a bundle: a zip back" sh -c "curl -s -H '$AUTH' -H 'X-CSRF-Token: $CSRF' --data-binary @k1-rec.zip -o k1-new.zip -w '%{http_code} %{content_type}' '$BASE/api/pack-update?name=kiosk-C1.zip' | grep -q '^200 application/zip'"
rm -rf upd && mkdir upd && unzipto k1-new.zip upd
check "updated bundle keeps the recorded check-in" \
	test "$(sqlite3 upd/kiosk-C1/kiosk.db "SELECT count(*) FROM facts")" -eq 1
check "updated bundle knows the revocation" \
	test "$(sqlite3 upd/kiosk-C1/kiosk.db "SELECT count(*) FROM revocations")" -ge 1
check "the update is listed in packs" sh -c \
	"curl -s -H '$AUTH' '$BASE/api/packs' | grep -q '\"path\":\"kiosk-C1.zip\"'"
# a bundle whose kiosk.ini names another database: refused, that file untouched
cp ev.db victim.db
sed "s|^db *=.*|db = $PWD/victim.db|" unz/kiosk-C1/kiosk.ini > evil.ini
grep -q '^db = ' evil.ini || echo "db = $PWD/victim.db" >> evil.ini
rm -rf evil && mkdir -p evil/x && cp evil.ini evil/x/kiosk.ini && cp unz/kiosk-C1/kiosk.db evil/x/kiosk.db
zipdir evil.zip evil x
before=$(sha256sum victim.db)
check "a bundle naming another database is refused" sh -c "curl -s -H '$AUTH' -H 'X-CSRF-Token: $CSRF' --data-binary @evil.zip '$BASE/api/pack-update?name=evil.zip' | grep -q 'names another database'"
check "that database is untouched" test "$(sha256sum victim.db)" = "$before"
printf 'not a zip' > nz.zip
check "not a zip: 422" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @nz.zip "$BASE/api/pack-update?name=nz.zip")" = 422
zipdir half.zip unz kiosk-C1/kiosk.ini
check "a zip without kiosk.db: 422" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @half.zip "$BASE/api/pack-update?name=half.zip")" = 422

# ---- reprint ---------------------------------------------------------
if "$F" revoke --help | grep -q -- '--out'; then
	check "reprint: a PDF" sh -c "curl -s -H '$AUTH' -H 'X-CSRF-Token: $CSRF' -d attendee=S1 -o re.pdf -w '%{content_type}' '$BASE/api/reprint' | grep -q application/pdf"
	check "reprint downloads as S4-badge.pdf" sh -c "curl -s -D - -o /dev/null -H '$AUTH' -H 'X-CSRF-Token: $CSRF' -d attendee=S4 '$BASE/api/reprint' | grep -qi '^Content-Disposition: attachment; filename=\"S4-badge.pdf\"'"
	check "reprint revoked the old badge" test "$(sqlite3 ev.db "SELECT serial FROM attendees WHERE ext_id = 'S1'")" -eq 2
else
	check "reprint refused (no revoke --out yet), nothing revoked" sh -c \
		"test \"\$(curl -s -o /dev/null -w '%{http_code}' -H '$AUTH' -H 'X-CSRF-Token: $CSRF' -d attendee=S1 '$BASE/api/reprint')\" = 501 && test \"\$(sqlite3 ev.db 'SELECT count(*) FROM revocations')\" -eq 0"
fi
check "reprint of nobody: 422" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" -d attendee=NOBODY "$BASE/api/reprint")" -ge 422

# ---- tours: host days through 'fairsync import hosts', the plan out -----
printf '企業ID,日付,定員\nC1,2026-12-05,5\nC9,2026-12-05,5\n' > hosts.csv
post "/api/import?kind=hosts&name=hosts.csv" hosts.csv -H "X-CSRF-Token: $CSRF" > hosts.json
check "hosts with an unknown company: refused by line, nothing imported" $PY -c '
import json; j = json.load(open("hosts.json"))
assert not j["ok"], j
m = {x["line"]: x["text"] for x in j["messages"]}
assert m[3].startswith("hosts.csv:3: company \x27C9\x27 is not imported"), m
assert [r["line"] for r in j["rows"]] == [1, 2, 3]'
check "no host day written" test "$(sqlite3 ev.db "SELECT count(*) FROM places WHERE kind = 'visit'")" -eq 0
printf '企業ID,日付,定員\nC1,2026-12-05,5\n' > hosts.csv
post "/api/import?kind=hosts&name=hosts.csv" hosts.csv -H "X-CSRF-Token: $CSRF" > hosts2.json
check "good host days imported" sh -c "grep -q '\"ok\":true' hosts2.json && test \"\$(sqlite3 ev.db \"SELECT count(*) FROM places WHERE kind = 'visit'\")\" -eq 1"
for f in feedback.xlsx rally.xlsx certificates.pdf; do
	c=$(curl -s -w '%{http_code}' -o "dl-$f" -H "$AUTH" "$BASE/export/$f")
	"$F" $(echo "$f" | sed 's/\..*//; s/^feedback$/export feedback/; s/^rally$/export rally/') \
		--db ev.db --out "cli-$f" >/dev/null 2>&1; cli=$?
	check "$f answers as the CLI does (HTTP $c, CLI exit $cli)" sh -c \
		"{ test $c = 200 && test $cli = 0; } || { test $c = 422 && test $cli != 0; }"
done
check "tour plan download (CSV with BOM)" sh -c "curl -s -H '$AUTH' '$BASE/export/tour-plan.csv' | head -c 3 | od -An -tx1 | grep -q 'ef bb bf'"

# ---- a roster's kind told by its header --------------------------------
post "/api/import?kind=students&name=companies.csv" companies.csv -H "X-CSRF-Token: $CSRF" > kind.json
check "companies dropped as students: 409 naming both kinds, nothing imported" $PY -c '
import json; j = json.load(open("kind.json"))
assert j["mismatch"] and j["kind"] == "students" and j["detected"] == "companies", j
assert j["detected_ja"] == "企業" and "rows" not in j, j'
check "the mismatch answers 409" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @companies.csv "$BASE/api/import?kind=students&name=c.csv")" = 409
check "nothing imported from it" test "$(sqlite3 ev.db "SELECT count(*) FROM attendees WHERE ext_id LIKE 'C%'")" -eq 0
post "/api/import?kind=students&force=1&name=companies.csv" companies.csv -H "X-CSRF-Token: $CSRF" > force.json
check "force=1 imports as asked: the importer's missing column" \
	grep -q 'missing required column' force.json
post "/api/import?kind=auto&name=companies.csv" companies.csv -H "X-CSRF-Token: $CSRF" > auto.json
check "kind=auto imports by the header: companies" $PY -c '
import json; j = json.load(open("auto.json"))
assert j["ok"] and j["kind"] == "companies" and j["updated"] == 2, j'
printf 'ID,name\n1,x\n' > idname.csv
check "a header fitting two kinds is not guessed (kind=auto: 422)" \
	test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @idname.csv "$BASE/api/import?kind=auto&name=idname.csv")" = 422
post "/api/import?kind=students&name=hosts.csv" hosts.csv -H "X-CSRF-Token: $CSRF" > kind2.json
check "host days dropped as students: detected as hosts" \
	grep -q '"detected":"hosts"' kind2.json

# ---- a tour in the browser: host days (Excel), assign, move, pack --------
$PY -c '
import openpyxl; wb = openpyxl.Workbook(); ws = wb.active
ws.append(["企業ID", "日付", "定員"]); ws.append(["C2", "2026-12-05", 1])
wb.save("hosts2.xlsx")'
post "/api/import?kind=hosts&name=hosts2.xlsx" hosts2.xlsx -H "X-CSRF-Token: $CSRF" > hosts3.json
check "host days from an Excel workbook" sh -c "grep -q '\"ok\":true' hosts3.json && test \"\$(sqlite3 ev.db \"SELECT count(*) FROM places WHERE kind = 'visit'\")\" -eq 2"
check "assign: a bad visits is 400" test "$(code -H "$AUTH" -H "X-CSRF-Token: $CSRF" -d 'visits=x' "$BASE/api/assign")" = 400
check "assign: 2 visits on a one-day tour is impossible (422, why in numbers)" sh -c "
curl -s -H '$AUTH' -H 'X-CSRF-Token: $CSRF' -d 'visits=2&seed=7' '$BASE/api/assign' > assign-bad.json
$PY -c '
import json; j = json.load(open(\"assign-bad.json\"))
assert not j[\"ok\"] and j[\"reasons\"], j' &&
test \"\$(sqlite3 ev.db \"SELECT count(*) FROM facts WHERE kind = 'assign'\")\" -eq 0"
curl -s -H "$AUTH" -H "X-CSRF-Token: $CSRF" -d 'visits=1&seed=7' "$BASE/api/assign" > assign.json
check "assign: the plan's summary" $PY -c '
import json; j = json.load(open("assign.json"))
assert j["ok"] and j["students"] == 3 and j["assigned"] == 3, j
assert j["host_days"] == 2 and j["seed"] == 7 and j["visits"] == 1, j'
curl -s -H "$AUTH" "$BASE/api/tour-plan" > plan.json
check "tour-plan: host days by date and company, who visits each" $PY -c '
import json; p = json.load(open("plan.json"))
assert p["visits"] == 1 and p["students"] == 3 and p["planned"] == 3, p
h = {x["company"]: x for x in p["hosts"]}
assert [x["company"] for x in p["hosts"]] == ["C1", "C2"], p
assert h["C2"]["capacity"] == 1 and h["C2"]["assigned"] == 1, h
assert h["C1"]["assigned"] == 2 and len(h["C1"]["students"]) == 2, h'
ON_C1=$($PY -c 'import json; print(json.load(open("plan.json"))["hosts"][0]["students"][0]["id"])')
ON_C2=$($PY -c 'import json; print(json.load(open("plan.json"))["hosts"][1]["students"][0]["id"])')
move() { curl -s -o move.json -w '%{http_code}' -H "$AUTH" -H "X-CSRF-Token: $CSRF" -d "$1" "$BASE/api/tour-move"; }
c=$(move "attendee=$ON_C1&from=2026-12-05&company=C2&date=2026-12-05")
check "move onto a full host day: 422 over its seats ($c)" sh -c \
	"test $c = 422 && grep -q 'C2 on 2026-12-05 is over its 1 seats' move.json"
c=$(move "attendee=$ON_C1&from=2026-12-06&company=C2&date=2026-12-05")
check "move from a day without a visit: 422 ($c)" sh -c \
	"test $c = 422 && grep -q 'has no visit on 2026-12-06' move.json"
c=$(move "attendee=$ON_C1&from=2026-12-05&company=C9&date=2026-12-05")
check "move to a company without that host day: 422 ($c)" test "$c" = 422
check "refused moves changed nothing" test "$(sqlite3 ev.db "SELECT count(*) FROM facts WHERE kind IN ('assign', 'void')")" -eq 3
check "move the C2 student to C1: 200" test "$(move "attendee=$ON_C2&from=2026-12-05&company=C1&date=2026-12-05")" = 200
check "then one from C1 to the freed C2: 200" test "$(move "attendee=$ON_C1&from=2026-12-05&company=C2&date=2026-12-05")" = 200
curl -s -H "$AUTH" "$BASE/api/tour-plan" > plan2.json
check "the plan shows the moves" $PY -c '
import json, sys; p = json.load(open("plan2.json"))
h = {x["company"]: [s["id"] for s in x["students"]] for x in p["hosts"]}
assert h["C2"] == [sys.argv[1]] and sys.argv[2] in h["C1"], h' "$ON_C1" "$ON_C2"
check "the CLI's plan agrees (same facts)" sh -c "
'$F' assign --db ev.db --out cli-plan.csv --visits 1 --seed 1 >/dev/null 2>&1 &&
grep -q '^$ON_C1,2026-12-05,C2,' cli-plan.csv"
check "tour-plan.xlsx: the plan as a workbook" test "$(curl -s -w '%{http_code}' -H "$AUTH" -o plan.xlsx "$BASE/export/tour-plan.xlsx")" = 200
check "the workbook holds the plan's rows" $PY -c '
import openpyxl, sys; ws = openpyxl.load_workbook("plan.xlsx").active
rows = [[c.value for c in r] for r in ws.iter_rows()]
assert rows[0][:3] == ["attendee", "date", "company"], rows
assert len(rows) == 4 and [sys.argv[1], "2026-12-05", "C2"] in [r[:3] for r in rows], rows' "$ON_C1"
post "/api/import?kind=assignments&name=plan.xlsx" plan.xlsx -H "X-CSRF-Token: $CSRF" > plan-in.json
check "the workbook imports back (no change)" grep -q '"ok":true' plan-in.json
curl -s -H "$AUTH" -o plan.csv "$BASE/export/tour-plan.csv"
sed "s/^$ON_C2,2026-12-05,C1,/$ON_C2,2026-12-05,C2,/" plan.csv > plan-full.csv
post "/api/import?kind=assignments&name=plan-full.csv" plan-full.csv -H "X-CSRF-Token: $CSRF" > plan-bad.json
check "an edited CSV plan over a host day's seats: refused by line" $PY -c '
import json; j = json.load(open("plan-bad.json"))
assert not j["ok"] and any("over its 1 seats" in m["text"] for m in j["messages"]), j'
check "a visit kiosk bundle (role=visit)" sh -c "curl -s -H '$AUTH' -H 'X-CSRF-Token: $CSRF' -d 'role=visit&place=C2' -o kv.zip -w '%{http_code} %{content_type}' '$BASE/api/pack' | grep -q '^200 application/zip'"
rm -rf unv && mkdir unv && unzipto kv.zip unv
check "the visit bundle is a visit kiosk knowing who is expected" sh -c "
grep -q '^role *= *visit' unv/kiosk-C2/kiosk.ini &&
test \"\$(sqlite3 unv/kiosk-C2/kiosk.db \"SELECT count(*) FROM facts WHERE kind = 'assign'\")\" -eq 1"
curl -s -H "$AUTH" "$BASE/api/setup" > setup.json
check "setup: counts by name for the guide" $PY -c '
import json; s = json.load(open("setup.json"))
assert s["companies"] == 2 and s["host_days"] == 2 and s["students"] == 3, s
assert s["packs_visit"] == 1 and s["packs_booth"] >= 2 and s["assigned"] == 3, s
assert s["badges_printed"] == 3 and s["badges_ms"] > 0, s'
check "the tours page names no command" sh -c "! curl -s -b jar '$BASE/tours' | grep -q 'fairsync '"

# The overview's one-pass counts equal SQL's GROUP BYs on a busier event
# (written by another program: the cached answer must be dropped).
sqlite3 ev.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
  WHERE i < 3000) INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
  serial, direction, source, wall_ms, boot_id, mono_ms) SELECT randomblob(16),
  'checkin', 'k' || (i % 7),
  1 + i % 3, 1 + (i * 7) % 5, 1, 1, 'camera', $T0 + (i * 7919) % 36000000,
  'b', i FROM n"
curl -s -H "$AUTH" "$BASE/api/status" > status3.json
check "overview counts equal SQL's (places, hours, kiosks, totals)" $PY -c '
import json, sqlite3
s = json.load(open("status3.json")); db = sqlite3.connect("ev.db")
v = ("WITH v AS (SELECT attendee_id AS aid, place_id AS pid, wall_ms AS t "
     "FROM facts WHERE kind = \x27checkin\x27) ")
assert (s["checkins"], s["visitors"]) == db.execute(
    v + "SELECT count(*), count(DISTINCT aid) FROM v").fetchone(), s
pl = {r[0]: r[1:] for r in db.execute(v + "SELECT p.ext_id, "
      "count(DISTINCT aid), count(*) FROM v JOIN places p ON p.id = v.pid "
      "GROUP BY p.id")}
for p in s["by_place"]:
    assert pl.get(p["ext_id"], (0, 0)) == (p["students"], p["scans"]), p
hr = [tuple(r) for r in db.execute(v + "SELECT strftime(\x27%Y-%m-%d "
      "%H:00\x27, t / 1000 + 540 * 60, \x27unixepoch\x27), "
      "count(DISTINCT aid), count(*) FROM v GROUP BY 1 ORDER BY 1")]
assert hr == [(h["hour"], h["students"], h["scans"]) for h in s["by_hour"]]
ks = [tuple(r) for r in db.execute("SELECT kiosk, count(*), "
      "sum(kind = \x27checkin\x27), sum(kind = \x27register\x27) "
      "FROM facts GROUP BY kiosk ORDER BY kiosk")]
assert ks == [(k["kiosk"], k["facts"], k["checkins"], k["walkins"])
              for k in s["by_kiosk"]], (ks, s["by_kiosk"])'

# ---- files -----------------------------------------------------------
TMPD=$(ls -d .fairsync-serve-* 2>/dev/null | head -1)
check "private folder is 0700" test "$(stat -c %a "$TMPD")" = 700
check "nothing left in it" test -z "$(ls -A "$TMPD")"
kill "$SERVER"; wait "$SERVER"; rc=$?
trap - EXIT
check "SIGTERM stops the server cleanly" test "$rc" -eq 0
check "the private folder is removed" test -z "$(ls -d .fairsync-serve-* 2>/dev/null)"
# (LeakSanitizer's list of suppressions used, under SANITIZE, is fine)
check "nothing on stderr" sh -c "! grep -Ev '^-+$|Suppressions used|count +bytes|libcairo|^$' serve.err"
cat serve.err
[ "$fails" -eq 0 ]
