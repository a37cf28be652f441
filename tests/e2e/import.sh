#!/bin/sh
# End to end: fairsync init, then `fairsync import` of the demo event (one
# file in each encoding), re-import, a CP932 roster made with iconv, and
# bad rows, bad files and bad usage, asserted with sqlite3.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
DEMO="$PWD/config/demo"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"
q() { sqlite3 ev.db "$1"; }
is() { # description, expected, actual
	if [ "$2" = "$3" ]; then echo "ok: $1"
	else echo "FAIL: $1: wanted '$2', got '$3'"; fails=$((fails + 1)); fi
}
has() { # description, file, fixed string
	if grep -qF -- "$3" "$2"; then echo "ok: $1"
	else echo "FAIL: $1: '$3' not in $2:"; sed 's/^/    /' "$2"
		fails=$((fails + 1)); fi
}

check "init" "$F" init --db ev.db --name "岐阜 合同企業説明会" --start 2026-12-05

# The demo event: companies (CP932), sessions (UTF-8), students (BOM).
"$F" import companies "$DEMO/companies.csv" --db ev.db >out.txt 2>err.txt
is "companies exit 0" 0 $?
is "companies summary" "imported 12 companies (0 updated), 0 rows skipped" "$(cat out.txt)"
has "CP932 detected" err.txt "as Shift_JIS (CP932)"
is "12 companies" 12 "$(q "SELECT count(*) FROM companies")"
is "CP932 name decoded" "株式会社ミノ精工" "$(q "SELECT name FROM companies WHERE ext_id = 'C001'")"
is "a booth per company" 12 "$(q "SELECT count(*) FROM places p JOIN companies c ON p.company_id = c.id AND p.ext_id = 'booth:' || c.ext_id WHERE p.kind = 'booth'")"

"$F" import sessions "$DEMO/sessions.csv" --db ev.db >out.txt 2>err.txt
is "sessions exit 0" 0 $?
is "sessions summary" "imported 5 sessions (0 updated), 0 rows skipped" "$(cat out.txt)"
is "5 session places" 5 "$(q "SELECT count(*) FROM places WHERE kind = 'session' AND ext_id LIKE 'session:S0_'")"
# 10:00 in Japan (UTC+9) on the event's day is 01:00 UTC.
start=$(( $(date -u -d '2026-12-05 01:00' +%s) * 1000 ))
is "HH:MM is the event's day, venue time" "$start" "$(q "SELECT starts_ms FROM places WHERE ext_id = 'session:S01'")"
is "quoted title with commas" "Webエンジニアの1日: 設計, 開発, 運用" "$(q "SELECT name FROM places WHERE ext_id = 'session:S02'")"
is "small session" 3 "$(q "SELECT capacity FROM places WHERE ext_id = 'session:S04'")"
is "session run by its company" C008 "$(q "SELECT c.ext_id FROM places p JOIN companies c ON c.id = p.company_id WHERE p.ext_id = 'session:S04'")"

"$F" import students "$DEMO/students.csv" --db ev.db >out.txt 2>err.txt
is "students exit 0" 0 $?
has "form columns we do not use are listed" err.txt "ignored columns in '$DEMO/students.csv': タイムスタンプ"
is "students summary" "imported 42 students (0 updated), 0 rows skipped" "$(cat out.txt)"
is "40 students, 2 staff" "40|2" "$(q "SELECT sum(role = 0), sum(role = 1) FROM attendees")"
is "mixed consent" 1 "$(q "SELECT count(DISTINCT consent) = 2 FROM attendees")"
is "kana stored" "ヤマダ ハナコ" "$(q "SELECT kana FROM attendees WHERE ext_id = 'S0001'")"

# Re-import: updates by id, no duplicates, ids kept.
before=$(q "SELECT group_concat(id) FROM attendees ORDER BY id")
"$F" import students "$DEMO/students.csv" --db ev.db >out.txt 2>err.txt
is "re-import exit 0" 0 $?
is "re-import summary" "imported 42 students (42 updated), 0 rows skipped" "$(cat out.txt)"
is "no duplicates" 42 "$(q "SELECT count(*) FROM attendees")"
is "ids kept" "$before" "$(q "SELECT group_concat(id) FROM attendees ORDER BY id")"
run_ok "fairsync import companies" \
	"$F" import companies "$DEMO/companies.csv" --db ev.db >out.txt 2>/dev/null
is "companies re-import" "imported 12 companies (12 updated), 0 rows skipped" "$(cat out.txt)"
is "no duplicate booths" 12 "$(q "SELECT count(*) FROM places WHERE kind = 'booth'")"

# A roster as Excel in Japan saves it: CP932, CRLF, half-width kana,
# a quoted line break, then bad rows that must be named by row.
printf '%s\r\n' \
	'申込番号,お名前,フリガナ,大学名,学年,メール,同意' \
	'W01,能見 ソラ,ﾉｳﾐ ｿﾗ,岐阜大学,2年,sora@example.jp,はい' \
	'W02,"表 十兵衛",おもて じゅうべえ,"岐阜工業' \
	'高等専門学校",1年,,×' \
	'W03,山田 一,ヤマダ ハジメ,岐阜大学,3年,hajime@,はい' \
	'W04,,ナナシ,岐阜大学,1年,,いいえ' \
	'W01,重複 太郎,ジュウフク,岐阜大学,1年,,はい' \
	'W05,佐藤 二郎,サトウ ジロウ,岐阜大学,1年,,たぶん' \
	'W06,"引用"外,イン,岐阜大学,1年,,はい' \
	'W07,鈴木, 三郎,スズキ,岐阜大学,1年,,はい' |
	iconv -f UTF-8 -t CP932 >roster.csv
check "roster.csv is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 roster.csv >/dev/null 2>&1'
"$F" import students roster.csv --db ev.db >out.txt 2>err.txt
is "bad rows: exit 1" 1 $?
is "bad rows: summary" "imported 2 students (0 updated), 6 rows skipped" "$(cat out.txt)"
# W02's school spans two lines: from there on each message names the row
# Excel shows (the header is row 1) and the file's line beside it
has "bad e-mail named by row and line" err.txt "roster.csv: 4行目 (line 5): メールアドレス (email) 'hajime@' is not an e-mail address"
has "empty name" err.txt "roster.csv: 5行目 (line 6): 氏名 (name) is empty"
has "duplicate id: row 6 in Excel, line 7 in the file" err.txt "roster.csv: 6行目 (line 7): 受付番号 (ID) 'W01' is already on row 2"
has "unknown consent" err.txt "roster.csv: 7行目 (line 8): 同意 (consent) must be はい/いいえ (yes/no), not 'たぶん'"
has "stray quote" err.txt "roster.csv: 8行目 (line 9): field 2: text after the closing quote"
has "unquoted comma" err.txt "roster.csv: 9行目 (line 10): 8 fields but the header has 7"
is "6 error lines" 6 "$(grep -c '^roster.csv:' err.txt)"
is "good rows imported" "ノウミ ソラ|オモテ ジュウベエ" "$(q "SELECT group_concat(kana, '|') FROM (SELECT kana FROM attendees WHERE ext_id IN ('W01','W02') ORDER BY ext_id)")"
is "quoted line break kept as a space" "岐阜工業 高等専門学校" "$(q "SELECT school FROM attendees WHERE ext_id = 'W02'")"
is "bad rows not imported" 0 "$(q "SELECT count(*) FROM attendees WHERE ext_id IN ('W03','W04','W05','W06','W07')")"

# Whole-file errors import nothing.
printf 'フリガナ,学校名\nヤマダ,岐阜大学\n' >nocols.csv
"$F" import students nocols.csv --db ev.db >out.txt 2>err.txt
is "missing columns: exit 1" 1 $?
has "missing columns named in both languages" err.txt "nocols.csv:1: missing required columns for students: 受付番号 (ID), 氏名 (name)"
printf 'ID,氏名\nX1,a\nX2,\200\377\n' >junk.csv
"$F" import students junk.csv --db ev.db >out.txt 2>err.txt
is "undecodable: exit 1" 1 $?
has "undecodable names the line" err.txt "junk.csv:3: invalid"
is "undecodable imports nothing" 0 "$(q "SELECT count(*) FROM attendees WHERE ext_id LIKE 'X_'")"
printf 'ID,name\r\n1,a\r\n' | iconv -f UTF-8 -t UTF-16 >u16.csv
run_fails "fairsync import students" \
	"$F" import students u16.csv --db ev.db >/dev/null 2>err.txt
has "UTF-16 refused with a hint" err.txt "UTF-16"
"$F" import students nothere.csv --db ev.db 2>err.txt
is "missing file: exit 1" 1 $?
has "missing file named" err.txt "cannot open 'nothere.csv'"
printf 'ID,セミナー名,開始,終了\nZ1,朝,9:00,8:00\n' >s.csv
run_fails "fairsync import sessions" \
	"$F" import sessions s.csv --db ev.db >/dev/null 2>err.txt
has "session end before start" err.txt "s.csv:2: 終了 (end) '8:00' is not after 開始 (start) '9:00'"

# Usage.
"$F" import people roster.csv --db ev.db 2>err.txt
is "unknown kind: exit 2" 2 $?
"$F" import students roster.csv 2>err.txt
is "no --db: exit 2" 2 $?
has "no --db named" err.txt "--db EVENT.db is required"
"$F" import students 2>/dev/null
is "no file: exit 2" 2 $?
"$F" import students roster.csv --db nothere.db 2>err.txt
is "missing database: exit 1" 1 $?
check "--help" sh -c "'$F' import --help | grep -q 'companies before'"
check "listed in fairsync --help" sh -c "'$F' --help | grep -q '^  import'"

echo "$fails failed"
[ "$fails" -eq 0 ]
