#!/bin/sh
# The README's "Running a real fair", start to finish on the demo event:
# init, import (CP932 and UTF-8 with BOM), badges, pack, three real kiosks
# under Xvfb scanning printed badges, merge, exports, report. If this
# passes, the walkthrough a new organizer follows works.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
DEMO="$PWD/config/demo"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
. tests/e2e/lib/kiosk.sh
PY=/usr/bin/python3
q() { sqlite3 "$@"; }
today=$TEST_DAY

# 1. Before: the event, its roster and badges
check "init" "$FS" init --db fair.db --name '岐阜 合同企業説明会' --start "$today"
for kind in companies sessions students; do
	check "import $kind" "$FS" import "$kind" "$DEMO/$kind.csv" --db fair.db
done
check "42 attendees, 12 companies, 5 sessions" test \
	"$(q fair.db "SELECT (SELECT count(*) FROM attendees) || ' ' ||
	  (SELECT count(*) FROM companies) || ' ' ||
	  (SELECT count(*) FROM places WHERE kind = 'session')")" = "42 12 5"
check "badges" "$FS" badges --db fair.db --out badges.pdf --png badges
check "one badge image per attendee" test "$(ls badges | wc -l)" -ge 40

# A printed badge, read back the way a kiosk camera would see it.
pdftoppm -r 150 -png -f 1 -l 1 badges.pdf page >/dev/null 2>&1
zbarimg --nodbus -q --raw page*.png 2>/dev/null | head -3 >scanned.txt
check "badges on page 1 scan" test "$(wc -l <scanned.txt)" -eq 3

# 2. One bundle per kiosk
check "pack entrance" "$FS" pack --db fair.db --role entrance --pin 2468 \
	--out kiosk-entrance
check "pack booth C001" "$FS" pack --db fair.db --role booth --place C001 \
	--pin 2468 --out kiosk-c001
check "pack booth C002" "$FS" pack --db fair.db --role booth --place C002 \
	--pin 2468 --out kiosk-c002

# 3. The day: every badge scanned at the entrance, then booth visits.
{ while read -r t; do echo "scan $t"; echo "wait 40"; done <scanned.txt
  echo quit; } >entrance.script
head -4 entrance.script >c001.script; echo quit >>c001.script
sed -n 3,6p entrance.script >c002.script; echo quit >>c002.script
for k in entrance c001 c002; do
	check "kiosk $k runs" run_kiosk "kiosk-$k" "$k.script"
done
check "entrance accepted 3" test "$(grep -c '"outcome":"accepted"' kiosk-entrance.log)" -eq 3
check "booth C001 accepted 2" test "$(grep -c '"outcome":"accepted"' kiosk-c001.log)" -eq 2
check "booth C002 accepted 2" test "$(grep -c '"outcome":"accepted"' kiosk-c002.log)" -eq 2

# 4. After: merge (twice: nothing new), export, report
check "merge" "$FS" merge --db fair.db kiosk-*/kiosk.db
check "7 check-ins in the event" test "$(q fair.db "SELECT count(*) FROM facts WHERE kind = 'checkin'")" -eq 7
run_ok "fairsync merge fair.db" \
	"$FS" merge --db fair.db kiosk-c001/kiosk.db >remerge.txt 2>&1
check "re-merge adds nothing" test "$(q fair.db "SELECT count(*) FROM facts WHERE kind = 'checkin'")" -eq 7
check "export attendance xlsx" "$FS" export attendance --db fair.db --format xlsx --out attendance.xlsx
check "xlsx opens with 7 rows" test "$($PY -c "
import openpyxl; ws = openpyxl.load_workbook('attendance.xlsx').active
print(ws.max_row - 1)")" -eq 7
check "export leads C001" "$FS" export leads --db fair.db --company C001 --out leads.csv
consented=$(q fair.db "SELECT count(DISTINCT f.attendee_id) FROM facts f
  JOIN places p ON p.id = f.place_id JOIN attendees a ON a.id = f.attendee_id
  WHERE p.ext_id = 'booth:C001' AND a.consent = 1")
check "leads hold exactly the consenting visitors" test "$(($(wc -l <leads.csv) - 1))" -eq "$consented"
check "export leads for every company" "$FS" export leads --db fair.db --per-company --out companies
check "an Excel file for every company" test "$(ls companies/*.xlsx | wc -l)" -eq "$(q fair.db "SELECT count(*) FROM companies")"
check "C001's file holds the same leads" test "$($PY -c "
import glob, openpyxl; ws = openpyxl.load_workbook(glob.glob('companies/C001_*.xlsx')[0]).active
print(ws.max_row - 1)")" -eq "$consented"
check "report" "$FS" report --db fair.db --out report.pdf --per-company
visited=$(q fair.db "SELECT count(DISTINCT p.company_id) FROM facts f JOIN places p
  ON p.id = f.place_id WHERE f.kind = 'checkin' AND p.company_id > 0")
check "report: 4 pages, one per visited company, a table of the others" \
	test "$(pdfinfo report.pdf | awk '/^Pages/ {print $2}')" -eq $((4 + visited + 1))
finish
