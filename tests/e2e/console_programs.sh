#!/bin/sh
# End to end: the console's joint training, roll-call and survey (issue 27)
# with curl. Employees and groups imported through /api/import (a bad row
# refuses the whole file, by row), the survey's questions through
# /api/survey, each new download read back (training as Excel and per
# company as a zip, rollcall, survey, days, certificates with --min-rate),
# and a rollcall kiosk packed as a zip whose kiosk.ini says role = rollcall.
. "$(dirname "$0")/lib/fairsync.sh"
PY=/usr/bin/python3  # Debian's, which has python3-openpyxl
export LSAN_OPTIONS="suppressions=$REPO/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
mkdir -p curl-home && echo 'header = "X-Lang: en"' > curl-home/.curlrc
export CURL_HOME="$PWD/curl-home"
$PY -c 'import openpyxl' 2>/dev/null || {
	echo "console_programs: python3-openpyxl missing" >&2; exit 77; }

run_ok "init --kind training" "$F" init --db ev.db --name '合同社員研修' \
	--start 2026-12-05 --end 2026-12-06 --kind training >/dev/null || exit 1
printf '企業ID,企業名\nA,アルファ\nB,ベータ\n' > companies.csv
printf 'ID,セミナー名,開始,終了\nT1,安全講習,2026-12-05 10:00,2026-12-05 11:00\n' \
	> sessions.csv
run_ok "companies" "$F" import companies companies.csv --db ev.db \
	>/dev/null || exit 1
run_ok "sessions" "$F" import sessions sessions.csv --db ev.db \
	>/dev/null || exit 1

"$F" serve --db ev.db --listen 127.0.0.1:0 >url.txt 2>serve.err &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
trap stop EXIT
i=0
while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat url.txt)
[ -n "$URL" ] || { echo "FAIL: the console did not start"; cat serve.err
	exit 1; }
BASE=${URL%%/\?token=*}
TOK=${URL##*token=}
AUTH="Authorization: Bearer $TOK"
curl -s -H "$AUTH" "$BASE/api/status" > status.json
CSRF=$($PY -c 'import json;print(json.load(open("status.json"))["csrf"])')
post() { # PATH FILE -> the answer on stdout, its status in $OUT/code
	curl -s -H "$AUTH" -H "X-CSRF-Token: $CSRF" -w '%{http_code}' \
		-o answer.json --data-binary "@$2" "$BASE$1" > code
	cat answer.json
}
get() { # PATH FILE -> "STATUS TYPE"
	curl -s -H "$AUTH" -o "$2" -w '%{http_code} %{content_type}' "$BASE$1"
}
q() { sqlite3 ev.db "$1"; }
XLSX="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# ---- employees: all or nothing, by row --------------------------------
printf '社員番号,氏名,フリガナ,企業ID\nE01,青木 一,あおき,A\nE02,井上 二郎,いのうえ,Z\n' \
	> bad-emp.csv
post "/api/import?kind=employees&name=bad-emp.csv" bad-emp.csv > bad-emp.json
check "employees with an unknown company: 422" test "$(cat code)" = 422
check "the row and the company named, not ok" $PY -c '
import json; j = json.load(open("bad-emp.json"))
assert j["ok"] is False and j["kind"] == "employees", j
m = [x for x in j["messages"] if x["row"] == 3]
assert m and "'"'Z'"'" in m[0]["text"], j
assert j["rows"][0]["cells"][0] == "社員番号", j'
check "no employee stored" test "$(q 'SELECT count(*) FROM attendees')" = 0

printf '社員番号,氏名,フリガナ,企業ID\nE01,青木 一,あおき,A\nE02,井上 二郎,いのうえ,B\nE03,上田 三奈,うえだ,B\n' \
	> employees.csv
post "/api/import?kind=employees&name=employees.csv" employees.csv >emp.json
check "employees imported: 200, ok" sh -c \
	"test \$(cat code) = 200 && grep -q '\"ok\":true' emp.json"
check "three employees stored" test "$(q 'SELECT count(*) FROM attendees')" = 3

# ---- groups: all or nothing, by row -----------------------------------
printf 'グループ,社員ID\n1号車,E01\n1号車,E99\n' > bad-groups.csv
post "/api/import?kind=groups&name=bad-groups.csv" bad-groups.csv \
	> bad-groups.json
check "a group naming an unknown employee: 422, its row" sh -c \
	"test \$(cat code) = 422 && grep -q '\"row\":3' bad-groups.json &&
	 grep -q 'E99' bad-groups.json"
check "no group stored" test "$(q 'SELECT count(*) FROM groups')" = 0
printf 'グループ,社員ID\n1号車,E01\n1号車,E02\n2号車,E03\n' > groups.csv
post "/api/import?kind=groups&name=groups.csv" groups.csv > groups.json
check "groups imported: 200, ok" sh -c \
	"test \$(cat code) = 200 && grep -q '\"ok\":true' groups.json"
check "two groups stored" test "$(q 'SELECT count(*) FROM groups')" = 2
post "/api/import?kind=bazaar&name=x.csv" groups.csv >/dev/null
check "an unknown kind: 400" test "$(cat code)" = 400
check "the refusal in Japanese by default" sh -c "curl -q -s -H '$AUTH' \
	-H 'X-CSRF-Token: $CSRF' --data-binary @groups.csv \
	'$BASE/api/import?kind=bazaar&name=x.csv' | grep -q '名簿の種類'"

# ---- the survey's questions -------------------------------------------
printf '設問,種別\n地元企業の印象,謎\n' > bad-survey.csv
post "/api/survey?name=bad-survey.csv" bad-survey.csv > bad-survey.json
check "a survey of an unknown type: 422 by row, nothing stored" sh -c \
	"test \$(cat code) = 422 && grep -q '\"row\":2' bad-survey.json"
printf '設問,種別\n地元企業の印象,5段階\n働きたい,選択:はい/いいえ\n' \
	> survey.csv
post "/api/survey?name=survey.csv" survey.csv > survey.json
check "the survey stored: 200, ok" sh -c \
	"test \$(cat code) = 200 && grep -q '\"ok\":true' survey.json"

# ---- downloads --------------------------------------------------------
check "training.xlsx: a workbook" test "$(get /export/training.xlsx t.xlsx)" = \
	"200 $XLSX"
check "training.xlsx: a row per employee" $PY -c '
import openpyxl; ws = openpyxl.load_workbook("t.xlsx").active
cells = [c.value for r in ws.iter_rows() for c in r]
assert "E01" in cells and "上田 三奈" in cells, cells
assert not any(isinstance(c, str) and "\ufffd" in c for c in cells)'
check "training.zip: a zip" test \
	"$(get /export/training.zip t.zip)" = "200 application/zip"
check "training.zip: an Excel file per company" $PY -c '
import zipfile; n = sorted(zipfile.ZipFile("t.zip").namelist())
assert len(n) == 2 and n[0].startswith("A_") and n[1].startswith("B_"), n'
check "rollcall.csv: CSV" test "$(get /export/rollcall.csv r.csv)" = \
	"200 text/csv; charset=utf-8"
check "rollcall.csv: its header row" grep -q '"グループ","出発時刻"' r.csv
check "survey.csv: CSV" test "$(get /export/survey.csv s.csv)" = \
	"200 text/csv; charset=utf-8"
check "survey.csv: a row per answer" grep -q '"Q2","働きたい","はい"' s.csv
check "days.csv: CSV" test "$(get /export/days.csv d.csv)" = \
	"200 text/csv; charset=utf-8"
check "certificates for everyone at min-rate 0: a PDF" test \
	"$(get '/export/certificates.pdf?min-rate=0' c.pdf)" = "200 application/pdf"
check "the PDF is one" sh -c "head -c 5 c.pdf | grep -q '%PDF-'"
get '/export/certificates.pdf?min-rate=1' c1.json > c1.code
check "min-rate 1 (nobody attended): 422" grep -q '^422 application/json' c1.code
check "min-rate 1: the reason" grep -q 'no employee attended' c1.json
get '/export/certificates.pdf?min-rate=abc' c2.json > c2.code
check "min-rate not a number: 422" grep -q '^422 application/json' c2.code
check "min-rate not a number: named" grep -q "'abc'" c2.json
check "downloads named in Japanese" sh -c \
	"curl -s -D - -o /dev/null -H '$AUTH' '$BASE/export/rollcall.csv' |
	 grep -q \"filename\\*=UTF-8''%E7%82%B9%E5%91%BC\""

# ---- a rollcall kiosk -------------------------------------------------
check "pack a rollcall kiosk: a zip" sh -c "curl -s -H '$AUTH' \
	-H 'X-CSRF-Token: $CSRF' -d 'role=rollcall&name=bus-1&pin=2468' \
	-o rc.zip -w '%{http_code} %{content_type}' '$BASE/api/pack' |
	grep -q '^200 application/zip'"
$PY -c 'import sys, zipfile; zipfile.ZipFile("rc.zip").extractall("rc")' \
	2>/dev/null
check "its kiosk.ini: role = rollcall" grep -q '^role = rollcall' \
	rc/kiosk-bus-1/kiosk.ini
check "its groups in the bundle" test "$(sqlite3 rc/kiosk-bus-1/kiosk.db \
	'SELECT count(*) FROM groups')" = 2

# ---- the pages carry them --------------------------------------------
check "roster page: 社員 and グループ" sh -c "curl -s -H '$AUTH' \
	'$BASE/roster' | grep -q 'value=\"employees\"' && curl -s -H '$AUTH' \
	'$BASE/roster' | grep -q 'value=\"groups\"'"
check "kiosks page: role 点呼" sh -c "curl -s -H '$AUTH' '$BASE/kiosks' |
	grep -q 'value=\"rollcall\"'"
check "exports page: the new downloads" sh -c "curl -s -H '$AUTH' \
	'$BASE/exports' > exports.html && for p in training.xlsx training.zip \
	rollcall.csv survey.csv days.csv; do grep -q \"/export/\$p\" \
	exports.html || exit 1; done; grep -q 'id=\"min-rate\"' exports.html"
check "tours page: the survey's drop zone" sh -c "curl -s -H '$AUTH' \
	'$BASE/tours' | grep -q 'id=\"survey-drop\"'"

[ "$fails" -eq 0 ]
