#!/bin/sh
# End to end for rosters in Excel workbooks and TSV: `fairsync import`
# reads a workbook openpyxl made (the first sheet or --sheet NAME, Excel
# dates in session times, a row error named FILE:ROW), one libxlsxwriter
# made (our own leads export, read back), TSV files, and refuses what is
# not a workbook with a reason.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
PY=/usr/bin/python3  # Debian's, which has python3-openpyxl
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"
q() { sqlite3 "$@"; }

"$F" init --db ev.db --name "合同企業説明会" --start "令和8年12月5日" --end 2026/12/6 >/dev/null 2>&1 || exit 1
$PY - <<'PYEOF' || exit 1
import datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "学生"
ws.append(["受付番号", "氏名", "フリガナ", "学校名", "同意", "メールアドレス"])
ws.append(["S001", "山田 太郎", "やまだ たろう", "岐阜大学", "はい", "t@example.jp"])
ws.append([1002, "鈴木 花子", "スズキ ハナコ", "名古屋大学", True, "h@example.jp"])
ws.append([])
ws.append(["S004", None, "ナシ", "岐阜大学", "はい", None])
ws.append(["S005", "佐藤 次郎", "サトウ ジロウ", "岐阜大学", "いいえ", "not-mail"])
co = wb.create_sheet("企業一覧")
co.append(["企業ID", "企業名", "業種", "ブース"])
co.append(["C001", "ミノ精工", "製造業", "A-1"])
se = wb.create_sheet("セミナー")
se.append(["ID", "セミナー名", "開始", "終了", "定員", "企業ID"])
se.append(["X1", "会社説明会", datetime.datetime(2026, 12, 5, 10, 0),
           datetime.datetime(2026, 12, 5, 11, 30), 40, "C001"])
se.append(["X2", "午後の部", datetime.time(13, 0), datetime.time(14, 0), 20, "C001"])
se.append(["X3", "二日目", "令和8年12月6日 15:00", "2026/12/6 16:00", 20, "C001"])
wb.save("roster.xlsx")
PYEOF

"$F" import students roster.xlsx --db ev.db >out.txt 2>err.txt; rc=$?
check "the first sheet imports, a bad row makes exit 1" test $rc -eq 1
check "good rows imported" grep -q "imported 2 students (0 updated), 2 rows skipped" out.txt
check "a row error names FILE:ROW (row 5, after an empty row 4)" \
	grep -q "^roster.xlsx:5: 氏名 (name) is empty" err.txt
check "and the next one its row" grep -q "^roster.xlsx:6: .*not-mail" err.txt
check "a number id and a boolean consent read as text" test \
	"$(q ev.db "SELECT name || '|' || kana || '|' || consent FROM attendees WHERE ext_id = '1002'")" = "鈴木 花子|スズキ ハナコ|1"
check "hiragana kana folded as from CSV" test \
	"$(q ev.db "SELECT kana FROM attendees WHERE ext_id = 'S001'")" = "ヤマダ タロウ"
check "another sheet with --sheet" sh -c "'$F' import companies roster.xlsx --sheet 企業一覧 --db ev.db >/dev/null 2>&1"
check "sessions: Excel dates and times, Japanese dates" sh -c \
	"'$F' import sessions roster.xlsx --sheet セミナー --db ev.db >/dev/null 2>&1"
check "session times in venue time" test "$(q ev.db "SELECT group_concat(ext_id || '=' ||
  strftime('%Y-%m-%d %H:%M', starts_ms / 1000 + 32400, 'unixepoch'), ' ') FROM
  (SELECT * FROM places WHERE kind = 'session' ORDER BY ext_id)")" = \
	"session:X1=2026-12-05 10:00 session:X2=2026-12-05 13:00 session:X3=2026-12-06 15:00"
"$F" import companies roster.xlsx --sheet 企業 --db ev.db 2>err.txt; rc=$?
check "a missing sheet is named, with the sheets there are" sh -c \
	"test $rc -eq 1 && grep -q \"no sheet '企業' (the sheets are '学生', '企業一覧', 'セミナー')\" err.txt"

# our own export (libxlsxwriter, Japanese headers) reads back as a roster
q ev.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
  direction, source, wall_ms, boot_id, mono_ms) SELECT randomblob(16),
  'checkin', 'k', p.id, a.id, 1, 1, 'camera', 1796432400000, 'b', 1
  FROM places p, attendees a WHERE p.ext_id = 'booth:C001' AND a.consent = 1"
check "leads export" sh -c "'$F' export leads --db ev.db --company C001 --out leads.xlsx 2>/dev/null"
run_ok "fairsync init ev2.db" \
	"$F" init --db ev2.db --name x --start 2026-12-05 >/dev/null 2>&1
check "an exported workbook imports as a roster" sh -c \
	"'$F' import students leads.xlsx --db ev2.db | grep -q 'imported 2 students'"

# TSV: by extension, and by its first line whatever the name
printf '受付番号\t氏名\t学校名\r\nT1\t田中, 一郎\t岐阜大学\r\nT2\t\t岐阜大学\r\n' > roster.tsv
"$F" import students roster.tsv --db ev.db >out.txt 2>err.txt; rc=$?
check "TSV read as TSV" sh -c "test $rc -eq 1 && grep -q 'imported 1 student ' out.txt &&
	grep -q \"read 'roster.tsv' as TSV\" err.txt && grep -q '^roster.tsv:3: ' err.txt"
check "a comma inside a TSV cell stays" test \
	"$(q ev.db "SELECT name FROM attendees WHERE ext_id = 'T1'")" = "田中, 一郎"
cp roster.tsv roster-tab.txt
check "tab-separated .txt sniffed" sh -c "'$F' import students roster-tab.txt --db ev.db 2>&1 | grep -q 'as TSV'"

# what is not a workbook, refused with a reason and nothing imported
printf '\320\317\021\340\241\261\032\341' > old.xls
"$F" import students old.xls --db ev.db 2>err.txt; rc=$?
check ".xls refused with a hint" sh -c "test $rc -eq 1 && grep -q 'save it as .xlsx' err.txt"
head -c 300 roster.xlsx > cut.xlsx
"$F" import students cut.xlsx --db ev.db 2>err.txt; rc=$?
check "a damaged workbook refused" sh -c "test $rc -eq 1 && grep -q 'cut.xlsx: .*nothing imported' err.txt"
"$F" import students roster.tsv --sheet x --db ev.db 2>err.txt; rc=$?
check "--sheet on a TSV refused" sh -c "test $rc -eq 1 && grep -q 'not a workbook' err.txt"
# other date options read the same dates
check "purge --before 令和8年12月7日" sh -c "'$F' purge --db ev.db --before 令和8年12月7日 --dry-run >/dev/null 2>&1"
"$F" purge --db ev.db --before 2026-02-30 --dry-run 2>err.txt; rc=$?
check "purge --before an impossible day says so" sh -c "test $rc -eq 2 && grep -q 'no such day' err.txt"
check "the fuzz corpus replays" "$OLDPWD/$B/fuzz/fuzz_xlsx" "$OLDPWD/tests/fuzz/corpus/xlsx"

[ "$fails" -eq 0 ]
