#!/bin/sh
# End to end: the user's language. Under LANG=ja_JP.UTF-8 fairsync says
# in Japanese what went wrong (a wrong roster, an unknown option, a
# missing file, a wrong company, a refused kiosk file, the KPI export's
# refusals), the sentence first and the file, row or id after it, with
# the same exit codes as in English, and reports in Japanese (status, the
# merge summary, every --help); under LANG=C and en_US.UTF-8 it speaks
# English. The console answers in Japanese unless asked for English
# (?lang=en, X-Lang: en), whatever the server's own LANG. Numbers never
# follow the locale: an Excel roster's times read the same under a
# decimal-comma locale, and exports are byte for byte the same in every
# language. po/ja.po passes msgfmt --check.
. "$(dirname "$0")/lib/fairsync.sh"
PY=/usr/bin/python3
export LSAN_OPTIONS="suppressions=$REPO/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

command -v msgfmt >/dev/null || skip_all "no msgfmt (gettext)"
command -v curl >/dev/null || skip_all "no curl"
for l in ja_JP en_US de_DE; do
	locale -a | grep -qx "$l.utf8" ||
		skip_all "no $l.UTF-8 locale (scripts/install-deps.sh makes it)"
done
# the catalog of this build tree, whatever is installed; LANG alone decides
export FAIR_LOCALEDIR="$B/locale"
unset LC_ALL LANGUAGE LC_MESSAGES
JA=ja_JP.UTF-8

check "po/ja.po: msgfmt --check (formats match their English)" \
	msgfmt --check -o /dev/null "$REPO/po/ja.po"
check "the build compiled the catalog" \
	test -s "$B/locale/ja/LC_MESSAGES/fairkiosk.mo"

run_ok "init" env LANG=$JA "$F" init --db ev.db --name "合同企業説明会" \
	--start 2026-12-05 >/dev/null 2>&1
printf '企業ID,企業名\nC001,ミノ精工\n' > companies.csv
run_ok "import companies" env LANG=$JA "$F" import companies companies.csv \
	--db ev.db >/dev/null 2>&1

# each refusal in both languages: STATUS, then the words of each
# say LANG ERRFILE STATUS ARGS...: runs fairsync, checks its exit status
say() {
	l=$1 e=$2 want=$3; shift 3
	RUN_FAILS_RC=$want run_fails "fairsync $1 under LANG=$l exits $want" \
		env LANG="$l" "$F" "$@" >/dev/null 2>"$e"
}
for l in $JA C en_US.UTF-8; do
	say "$l" "roster-$l.err" 1 import students companies.csv --db ev.db
	say "$l" "option-$l.err" 2 import students companies.csv --db ev.db \
		--colour
	say "$l" "missing-$l.err" 1 import companies nosuch.csv --db ev.db
	say "$l" "company-$l.err" 1 export leads --company C999 --db ev.db \
		--out leads.csv
	say "$l" "command-$l.err" 2 exprot
done
printf 'not a database at all' > kiosk.db
say $JA merge-ja.err 1 merge --db ev.db kiosk.db
say C merge-C.err 1 merge --db ev.db kiosk.db

# Japanese: the sentence, then what it is about
check "ja: a wrong roster says which columns are missing, file:row after" \
	grep -q "^fairsync: companies.csv:1: 名簿（students）に必要な列がありません: 受付番号 (ID), 氏名 (name)" \
	"roster-$JA.err"
check "ja: an unknown option is a usage error in Japanese" sh -c \
	"grep -q 'オプションが正しくありません' 'option-$JA.err' && grep -q \"使い方は 'fairsync import --help'\" 'option-$JA.err'"
check "ja: a missing file is named after the sentence" \
	grep -q "^fairsync: 開けません: 'nosuch.csv'" "missing-$JA.err"
check "ja: a wrong company, then the companies there are" sh -c \
	"grep -q \"その企業は登録されていません: 'C999'\" 'company-$JA.err' && grep -q '登録されている企業' 'company-$JA.err' && grep -q 'C001 .*ミノ精工' 'company-$JA.err'"
check "ja: an unknown command" \
	grep -q "そのコマンドはありません: 'exprot'" "command-$JA.err"
check "ja: a kiosk file that is no database is refused in Japanese" sh -c \
	"grep -q \"統合できません: 'kiosk.db'\" merge-ja.err && grep -q 'fairkiosk のデータベースではありません' merge-ja.err"
check "ja: --help lists the commands in Japanese" sh -c \
	"LANG=$JA '$F' --help | grep -q '^  merge         キオスクのデータをイベントに統合する'"
check "ja: a command's --help starts with its summary in Japanese" sh -c \
	"LANG=$JA '$F' import --help | head -1 | grep -q '^fairsync import: 学生・企業・セッションの名簿を取り込む'"
# English, in the C locale and in an English one
for l in C en_US.UTF-8; do
	check "$l: a wrong roster in English" grep -q \
		"^fairsync: companies.csv:1: missing required columns for students" \
		"roster-$l.err"
	check "$l: an unknown option in English" \
		grep -q "^fairsync import: bad option" "option-$l.err"
	check "$l: a missing file in English" \
		grep -q "^fairsync: cannot open 'nosuch.csv'" "missing-$l.err"
	check "$l: a wrong company in English" \
		grep -q "no company 'C999' in 'ev.db'" "company-$l.err"
	check "$l: no Japanese sentence" sh -c \
		"! grep -q 'ません' 'roster-$l.err' 'option-$l.err' 'missing-$l.err' 'company-$l.err'"
done
check "C: a kiosk file refused in English" \
	grep -q "not a fairkiosk database" merge-C.err
# Japanese messages on an ASCII terminal locale: the system's words
# (strerror) come out UTF-8 too, not as '?'
RUN_FAILS_RC=1 run_fails "missing file, LANG=C LC_MESSAGES=ja" env LANG=C \
	LC_MESSAGES=$JA "$F" import companies nosuch.csv --db ev.db 2>mixed.err
check "LC_MESSAGES=ja under LANG=C: the system's reason in Japanese" sh -c \
	"grep -q '開けません' mixed.err && ! grep -q '??' mixed.err"

# ---- what fairsync reports, and its --help -----------------------------
# The status lines, the merge summary, the KPI export's refusals and the
# commands' --help in Japanese under LANG=ja, in English under LANG=C;
# the same exit codes in both, and what a script reads (the data in a
# status line, a merge row, the KPI file) the same in both.
run_ok "pack a booth kiosk under LANG=$JA" env LANG=$JA "$F" pack --db ev.db \
	--role booth --place C001 --out k1 >/dev/null 2>&1
for l in $JA C; do
	run_ok "status under LANG=$l" env LANG=$l "$F" status --db ev.db \
		>"status-$l.out" 2>&1
	run_ok "merge under LANG=$l" env LANG=$l "$F" merge --db ev.db \
		k1/kiosk.db >"merge-$l.out" 2>&1
	RUN_FAILS_RC=2 run_fails "export kpi without --out, LANG=$l: usage" \
		env LANG=$l "$F" export kpi --db ev.db >/dev/null \
		2>"kpi-out-$l.err"
	RUN_FAILS_RC=2 run_fails "export kpi --format doc, LANG=$l: usage" \
		env LANG=$l "$F" export kpi --db ev.db --format doc \
		--out x.doc >/dev/null 2>"kpi-format-$l.err"
	: > targets.csv
	run_fails "export kpi with an empty --targets, LANG=$l: refused" \
		env LANG=$l "$F" export kpi --db ev.db --targets targets.csv \
		--out k.csv >/dev/null 2>"kpi-targets-$l.err"
	run_ok "export kpi under LANG=$l" env LANG=$l "$F" export kpi \
		--db ev.db --out "kpi-$l.csv" >/dev/null 2>"kpi-$l.err"
	run_ok "pack --help under LANG=$l" env LANG=$l "$F" pack --help \
		>"pack-help-$l.out" 2>&1
done
# Japanese: each line's title translated, padded by the columns a title
# takes on a terminal (kanji are two), so the values line up
check "ja: status titles in Japanese, values in one column" sh -c "
grep -qx 'イベント     合同企業説明会' status-$JA.out &&
grep -qx '日程         2026-12-05 から 2026-12-05 まで（UTC+09:00）' status-$JA.out &&
grep -qx '企業         1' status-$JA.out &&
grep -qx '場所         booth                    1' status-$JA.out &&
grep -qx '参加者       名簿 0 人、当日登録 0 人、スタッフ 0 人' status-$JA.out"
check "C: status in English" sh -c "
grep -qx 'event        合同企業説明会' status-C.out &&
grep -qx 'dates        2026-12-05 to 2026-12-05 (UTC+09:00)' status-C.out &&
grep -qx 'places       booth                    1' status-C.out &&
! grep -q '日程\|参加者' status-C.out"
check "ja: the merge summary's header and total in Japanese" sh -c "
grep -q '^キオスク  *ファイル  *記録  *新規  *既存  *要確認  *当日参加\$' merge-$JA.out &&
grep -q '^合計  *0  *0  *0  *0  *0\$' merge-$JA.out &&
grep -q '^イベント全体の要確認: なし' merge-$JA.out"
check "C: the merge summary in English" sh -c "
grep -q '^kiosk  *file  *facts  *new  *known  *flagged  *walk-ins\$' merge-C.out &&
grep -q '^total  *0' merge-C.out && grep -q '^flagged in the event: none' merge-C.out"
grep 'k1/kiosk.db' "merge-$JA.out" > row-ja
grep 'k1/kiosk.db' merge-C.out > row-C
check "the merge summary's row for the kiosk file is the same in both" \
	sh -c "test -s row-ja && cmp -s row-ja row-C"
check "ja: export kpi's refusals in Japanese, the file after the sentence" sh -c "
grep -q '^fairsync export: kpi には --db と --out が必要です' kpi-out-$JA.err &&
grep -q \"kpi の --format は xlsx、csv、pdf のどれかです（'doc' は使えません）\" kpi-format-$JA.err &&
grep -q '^fairsync: 目標のファイルが空です。.*: targets.csv\$' kpi-targets-$JA.err &&
grep -q \"^fairsync: 実績報告（[0-9]* 項目）を書き出しました: 'kpi-$JA.csv'\" kpi-$JA.err"
check "C: export kpi's refusals in English" sh -c "
grep -q 'kpi needs --db and --out' kpi-out-C.err &&
grep -q \"kpi --format is xlsx, csv or pdf, not 'doc'\" kpi-format-C.err &&
grep -q 'targets.csv: empty; write a header' kpi-targets-C.err &&
grep -q \"wrote the KPI report ([0-9]* figures) to 'kpi-C.csv'\" kpi-C.err"
check "the KPI file is byte for byte the same in Japanese and C" \
	cmp -s "kpi-$JA.csv" kpi-C.csv
check "ja: pack --help in Japanese, options and examples as they are" sh -c "
head -1 pack-help-$JA.out | grep -q '^fairsync pack: キオスク用のセットを書き出す' &&
grep -q '^使い方: fairsync pack --db EVENT.db --role entrance|booth|door|visit' pack-help-$JA.out &&
grep -q \"^  --place ID  場所の ID: 'booth:C001'、'session:S01'\" pack-help-$JA.out &&
grep -q '^  --update DIR  DIR/kiosk.db の名簿' pack-help-$JA.out"
check "C: pack --help in English" sh -c "
head -1 pack-help-C.out | grep -q '^usage: fairsync pack --db EVENT.db' &&
grep -q '^  --place ID  a place id' pack-help-C.out && ! grep -q '使い方' pack-help-C.out"
# the most used commands' whole --help in Japanese (a usage text changed
# without its translation shows in English here), within 80 columns
for c in init import badges pack merge export report status serve consent \
	settings; do
	capture_ok h "$c --help under LANG=$JA" env LANG=$JA "$F" $c --help
	printf '%s\n' "$h" > "help-$c.out"
	check "ja: $c --help is Japanese" sh -c "grep -q '^使い方: fairsync $c ' \
		help-$c.out && ! grep -q '^usage:' help-$c.out"
	check "ja: $c --help fits 80 columns" $PY -c '
import sys, unicodedata
def cols(l):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in l)
sys.exit(max(map(cols, open(sys.argv[1]).read().split("\n"))) > 80)' \
		"help-$c.out"
done
capture_ok h "export kpi --help under LANG=$JA" env LANG=$JA "$F" export kpi \
	--help
printf '%s\n' "$h" > help-kpi.out
check "ja: export kpi --help describes kpi in Japanese" \
	grep -q '^kpi         助成元への実績報告の表' help-kpi.out

# ---- numbers stay "C" -------------------------------------------------
# An Excel time is a fraction of a day (46361.4166...): read under a
# decimal-comma locale it must still be 10:00, not midnight or an error.
$PY - <<'PYEOF' || exit 1
import datetime, openpyxl
wb = openpyxl.Workbook()
se = wb.active
se.append(["ID", "セミナー名", "開始", "終了", "定員"])
se.append(["X1", "会社説明会", datetime.datetime(2026, 12, 5, 10, 0),
           datetime.datetime(2026, 12, 5, 11, 30), 40])
wb.save("sessions.xlsx")
PYEOF
session_times() {
	sqlite3 ev.db "SELECT strftime('%H:%M', starts_ms / 1000 + 32400,
	  'unixepoch') || '-' || strftime('%H:%M', ends_ms / 1000 + 32400,
	  'unixepoch') FROM places WHERE ext_id = 'session:X1'"
}
run_ok "sessions.xlsx under LANG=de_DE.UTF-8" env LANG=de_DE.UTF-8 \
	"$F" import sessions sessions.xlsx --db ev.db >/dev/null 2>de.err
check "an Excel time read under a decimal-comma locale is still 10:00" \
	test "$(session_times)" = "10:00-11:30"
run_ok "sessions.xlsx under LANG=$JA" env LANG=$JA \
	"$F" import sessions sessions.xlsx --db ev.db >/dev/null 2>&1
check "and under Japanese" test "$(session_times)" = "10:00-11:30"
printf '受付番号,氏名,同意\nS1,山田 太郎,はい\nS2,鈴木 花子,いいえ\n' > students.csv
run_ok "import students" "$F" import students students.csv --db ev.db \
	>/dev/null 2>&1
for l in C $JA de_DE.UTF-8; do
	for x in attendance.csv attendance.json summary.csv; do
		run_ok "export ${x%.*} under $l" env LANG="$l" "$F" export \
			"${x%.*}" --db ev.db --out "$l-$x" >/dev/null 2>&1
	done
done
for x in attendance.csv attendance.json summary.csv; do
	check "$x: byte for byte the same in Japanese and C" \
		cmp -s "C-$x" "$JA-$x"
	check "$x: the same under a decimal-comma locale" \
		cmp -s "C-$x" "de_DE.UTF-8-$x"
done

# ---- the console: Japanese unless asked -------------------------------
LANG=en_US.UTF-8 "$F" serve --db ev.db --listen 127.0.0.1:0 >url.txt \
	2>serve.err &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
trap stop EXIT
check "the console starts" wait_for 10 test -s url.txt
URL=$(cat url.txt)
BASE=${URL%%/\?token=*}
TOK=${URL##*token=}
AUTH="Authorization: Bearer $TOK"
check "no token: Japanese by default, even on an English server" sh -c \
	"curl -s '$BASE/api/status' | grep -q '\"error\":\"アクセス用のトークンが必要です\"'"
check "no token, ?lang=en: English" sh -c \
	"curl -s '$BASE/api/status?lang=en' | grep -q '\"error\":\"token required\"'"
check "an unknown API path: Japanese" sh -c \
	"curl -s -H '$AUTH' '$BASE/api/nothing' | grep -q '見つかりません'"
check "an unknown API path, X-Lang: en (the English button): English" sh -c \
	"curl -s -H '$AUTH' -H 'X-Lang: en' '$BASE/api/nothing' | grep -q '\"error\":\"not found\"'"
curl -s -H "$AUTH" "$BASE/api/status" > status.json
CSRF=$($PY -c 'import json;print(json.load(open("status.json"))["csrf"])')
# a job: a fairsync command run in-process on the worker
curl -s -H "$AUTH" -H "X-CSRF-Token: $CSRF" -d 'role=booth&place=NOPE' \
	"$BASE/api/pack" > pack-ja.json
curl -s -H "$AUTH" -H "X-CSRF-Token: $CSRF" -d 'role=booth&place=NOPE' \
	"$BASE/api/pack?lang=en" > pack-en.json
check "pack with a wrong place: the command's refusal in Japanese" \
	grep -q "その場所はありません: 'NOPE'" pack-ja.json
check "pack with a wrong place, ?lang=en: in English" \
	grep -q "no place 'NOPE'" pack-en.json
# the library's refusal, formatted on the worker
curl -s -H "$AUTH" -H "X-CSRF-Token: $CSRF" --data-binary @kiosk.db \
	"$BASE/api/merge?name=kiosk.db" > merge-ja.json
curl -s -H "$AUTH" -H "X-CSRF-Token: $CSRF" -H 'X-Lang: en' \
	--data-binary @kiosk.db "$BASE/api/merge?name=kiosk.db" > merge-en.json
check "merge of a foreign file: refused in Japanese" \
	grep -q "fairkiosk のデータベースではありません" merge-ja.json
check "merge of a foreign file, X-Lang: en: in English" \
	grep -q "not a fairkiosk database" merge-en.json
check "the page sends its language with every API call" \
	sh -c "curl -s -H '$AUTH' '$BASE/static/app.js' | grep -q \"'X-Lang': lang\""
# a download is a job run in the request's language: its data is not
check "the console's export is the same file in both languages" sh -c \
	"curl -s -H '$AUTH' -o ja.csv '$BASE/export/attendance.csv' && curl -s -H '$AUTH' -o en.csv '$BASE/export/attendance.csv?lang=en' && test -s ja.csv && cmp -s ja.csv en.csv && cmp -s ja.csv C-attendance.csv"

[ "$fails" -eq 0 ]
