#!/bin/sh
# End to end: every import names a bad row the same way (fair/rowmsg.h),
# in the reader's language: the roster (a row left out, a value kept with
# a warning), roll-call groups, the survey's questions and a tour's host
# days. Under LANG=ja_JP.UTF-8 the reason is Japanese, under LANG=C
# English; in both it follows "FILE:ROW: " with ROW as Excel numbers it,
# and the all-or-nothing imports change nothing.
. "$(dirname "$0")/lib/fairsync.sh"

locale -a | grep -qx "ja_JP.utf8" ||
	skip_all "no ja_JP.UTF-8 locale (scripts/install-deps.sh makes it)"
# the catalog of this build tree; LANG alone picks the language
export FAIR_LOCALEDIR="$B/locale"
unset LC_ALL LANGUAGE LC_MESSAGES
JA=ja_JP.UTF-8

run_ok "init" "$F" init --db ev.db --name "説明会" --start 2026-12-07 \
	--end 2026-12-08 >/dev/null 2>&1
printf '受付番号,氏名,学年\nS001,山田 太郎,3\nS002,,2\nS003,佐藤 花子,七年\n' \
	>students.csv
printf 'グループ,学生ID\n1号車,S001\n1号車,S404\n' >groups.csv
printf '設問,種別\n魅力を感じる,5段階\n好きな色,自由記述\n' >survey.csv
printf '企業ID,企業名\nC001,ミノ精工\n' >companies.csv
run_ok "import companies" "$F" import companies companies.csv --db ev.db \
	>/dev/null 2>&1
printf '企業ID,日付,定員\nC001,2026-12-07,5\nC001,2026-12-09,5\n' >hosts.csv

for l in $JA C; do
	run_fails "students under LANG=$l: a bad row, exit 1" env LANG=$l \
		"$F" import students students.csv --db ev.db >/dev/null \
		2>"students-$l.err"
	run_fails "groups under LANG=$l: refused" env LANG=$l "$F" import \
		groups groups.csv --db ev.db >/dev/null 2>"groups-$l.err"
	run_fails "survey under LANG=$l: refused" env LANG=$l "$F" settings \
		--db ev.db --survey survey.csv >/dev/null 2>"survey-$l.err"
	run_fails "hosts under LANG=$l: refused" env LANG=$l "$F" import \
		hosts hosts.csv --db ev.db >/dev/null 2>"hosts-$l.err"
done

# has FILE TEXT: a line of FILE holds TEXT (fixed)
has() { grep -qF -- "$2" "$1" || { sed 's/^/    /' "$1"; false; }; }
check "ja: a roster row left out" \
	has "students-$JA.err" "students.csv:3: 氏名（name）が空です"
check "ja: a roster value kept, warned" \
	has "students-$JA.err" "students.csv:4: 学年 '七年' は"
check "ja: a group's unknown member" \
	has "groups-$JA.err" "groups.csv:3: ID 'S404' は名簿にありません"
check "ja: a survey's unknown type" \
	has "survey-$JA.err" "survey.csv:3: 種別 '自由記述' は 5段階 か"
check "ja: a host day outside the event" \
	has "hosts-$JA.err" "hosts.csv:3: 日付 (date) がイベントの期間外です"
check "C: a roster row left out" \
	has students-C.err "students.csv:3: 氏名 (name) is empty"
check "C: a roster value kept, warned" \
	has students-C.err "students.csv:4: 学年 (grade) '七年' is not one of"
check "C: a group's unknown member" \
	has groups-C.err "groups.csv:3: ID 'S404' is not on the roster"
check "C: a survey's unknown type" \
	has survey-C.err "survey.csv:3: 種別 (type) '自由記述' must be"
check "C: a host day outside the event" \
	has hosts-C.err "hosts.csv:3: 日付 (date) 2026-12-09 is outside"
check "ja: the file refused, nothing imported" has "groups-$JA.err" \
	"1 行に誤りがあります: groups.csv（何も取り込んでいません）"
check "C: the file refused, nothing imported" has groups-C.err \
	"groups.csv: 1 bad row (nothing imported)"
check "C: no Japanese sentence" sh -c "! grep -q 'ません' students-C.err \
	groups-C.err survey-C.err hosts-C.err"
check "nothing of the refused files stored" test "$(sqlite3 ev.db \
	"SELECT (SELECT count(*) FROM groups) +
	        (SELECT count(*) FROM settings WHERE key = 'survey')")" = 0
check "the good roster rows stored" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM attendees WHERE ext_id IN ('S001', 'S003')")" = 2
[ "$fails" -eq 0 ]
