#!/bin/sh
# End to end for the organizer: badges (PDF -> pdftoppm -> zbarimg -> every
# token verifies), merge of kiosk databases, exports read back by real
# readers (python3 csv, openpyxl, LibreOffice), revoke.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
PY=/usr/bin/python3  # Debian's, which has python3-openpyxl
# Sanitizer builds: cairo's own leak in PDF finishing is not ours.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"
q() { sqlite3 "$@"; }

for c in badges merge export report revoke; do
	check "$c --help" sh -c "'$F' $c --help | grep -q '^usage: fairsync $c'"
	"$F" $c --bogus >/dev/null 2>&1; rc=$?
	check "$c with a bad option exits 2" test "$rc" -eq 2
done

# ---- init takes dates as rosters write them -------------------------
for d in 2026/12/05 2026-12-5 "２０２６／１２／５" "令和8年12月5日" "2026年12月5日(土)"; do
	rm -f d.db
	check "init --start '$d'" sh -c "'$F' init --db d.db --name x --start '$d' --end '令和8年12月6日' 2>/dev/null &&
		'$F' status --db d.db | grep -q '^dates *2026-12-05 to 2026-12-06'"
done
rm -f d.db
"$F" init --db d.db --name x --start 2026-02-30 2>err.txt; rc=$?
check "an impossible date says so" sh -c "test $rc -eq 2 && grep -q 'no such day' err.txt && test ! -e d.db"
"$F" init --db d.db --name x --start tomorrow 2>err.txt; rc=$?
check "a non-date says so" sh -c "test $rc -eq 2 && grep -q 'not a date' err.txt"
"$F" init --db d.db --name x --start 2026-12-05 --end 2026/12/4 2>err.txt; rc=$?
check "an end before the start is refused" sh -c "test $rc -eq 2 && grep -q 'before --start' err.txt"

# ---- an event with two companies, a session and ten students ----------
"$F" init --db ev.db --name "合同企業説明会" --start 2026-12-05 >/dev/null || exit 1
q ev.db "INSERT INTO companies VALUES (1, 'C1', 'ミノ精工', '製造業', 'A-1'),
  (2, 'C2', '飛騨ソフト', 'IT', 'A-2');
  INSERT INTO places (id, ext_id, kind, name, company_id) VALUES
  (2, 'booth:C1', 'booth', 'ミノ精工', 1),
  (3, 'booth:C2', 'booth', '飛騨ソフト', 2),
  (4, 'session:S1', 'session', 'ミノ精工 説明会', 1);"
i=1
while [ $i -le 10 ]; do
	q ev.db "INSERT INTO attendees (id, ext_id, name, kana, school, email,
	  phone, consent, consent_version) VALUES ($i, 'S$i', '学生 $i号',
	  'ガクセイ $i', CASE $i % 3 WHEN 0 THEN '岐阜大学' WHEN 1 THEN
	  '名古屋大学' ELSE '=cmd|calc' END, 's$i@example.jp', '090-$i',
	  $i % 2, 'v1')"
	i=$((i + 1))
done

# ---- badges ----------------------------------------------------------
check "badges" "$F" badges --db ev.db --out badges.pdf --png png
check "one png per student" test "$(ls png | wc -l)" -eq 10
check "pdf renders" pdftoppm -r 150 -png badges.pdf page
zbarimg --nodbus -q --raw page-*.png | sort -u > tokens.txt
check "every badge scans" test "$(wc -l < tokens.txt)" -eq 10
# a second decoder, not the one the kiosk was tuned with: ZXing-C++
check "ZXing-C++ reads the same 10 badges" $PY - <<'PYEOF'
import glob, zxingcpp
from PIL import Image
got = sorted({r.text for f in glob.glob("page-*.png")
              for r in zxingcpp.read_barcodes(Image.open(f))})
want = sorted(open("tokens.txt").read().split())
assert got == want and len(got) == 10, (got, want)
PYEOF
bad=0
while read -r t; do
	"$F" token verify --db ev.db "$t" >/dev/null 2>&1 || bad=$((bad + 1))
done < tokens.txt
check "every scanned token verifies" test "$bad" -eq 0
check "png scans too" sh -c "zbarimg --nodbus -q --raw png/S1.png | grep -q '^FK'"
# a long event name: on two lines of the badge, whole, never shrunk away
LONG_EVENT='ぎふ合同企業説明会2026冬、岐阜県内のものづくり企業とIT企業（約120社）が集まる就職フェア'
cp ev.db long.db
q long.db "UPDATE event SET name = '$LONG_EVENT'"
check "badges with a long event name" "$F" badges --db long.db --out long.pdf --attendee S1 --attendee S2
pdftotext -f 1 -l 1 long.pdf long.txt
check "the long event name whole on the badge" sh -c "tr -d '\n' < long.txt | grep -qF -- '$LONG_EVENT'"
check "on two lines" sh -c "! grep -qF -- '$LONG_EVENT' long.txt"
check "no badge line starts with 、or ）" sh -c "! grep -qE '^(、|）|。)' long.txt"
pdftoppm -r 150 -png long.pdf longpg
check "those badges still scan" test "$(zbarimg --nodbus -q --raw longpg-*.png | sort -u | wc -l)" -eq 2

# ---- kiosks record, organizer merges ---------------------------------
check "pack booth C1" "$F" pack --db ev.db --role booth --place C1 --out k1 >/dev/null
check "pack booth C2" "$F" pack --db ev.db --role booth --place C2 --out k2 >/dev/null
T0=$(( $(date -u -d 2026-12-05T01:00:00Z +%s) * 1000 ))
fact() { # db kiosk place attendee minutes direction
	q "$1" "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
	  serial, direction, source, wall_ms, boot_id, mono_ms) VALUES
	  (randomblob(16), 'checkin', '$2', $3, $4, 1, $6, 'camera',
	  $T0 + $5 * 60000, 'boot-$2', $5 * 60000)"
}
for i in 1 2 3 4 5 6; do fact k1/kiosk.db booth-c1 2 $i $((i * 2)) 1; done
fact k1/kiosk.db booth-c1 2 1 30 -1
for i in 5 6 7 8; do fact k2/kiosk.db booth-c2 3 $i $((i * 3)) 1; done
"$F" merge --db ev.db k1/kiosk.db k2/kiosk.db > merge1.txt 2>&1
check "merge" test $? -eq 0
check "summary names the kiosk" grep -q "^booth-c1 .* 7 .* 7 .* 0 " merge1.txt
check "summary totals" grep -q "^total .* 11 .* 11 " merge1.txt
run_ok "re-merge" "$F" merge --db ev.db k2/kiosk.db k1/kiosk.db \
	>merge2.txt 2>&1
check "re-merge adds nothing" grep -q "^total .* 11 .* 0 .* 11 " merge2.txt
echo "just text" > junk.db
cp ev.db ev-before.db
"$F" merge --db ev.db k1/kiosk.db junk.db > merge3.txt 2>&1; rc=$?
check "junk refused, exit 1" test "$rc" -eq 1
check "junk named" grep -q "cannot merge 'junk.db': not a fairkiosk" merge3.txt
check "nothing merged" test "$(q ev.db 'SELECT count(*) FROM facts')" -eq 11
check "merge prints the flag list" grep -q "^flagged in the event: " merge1.txt

"$F" merge --db ev.db 2>/dev/null; rc=$?
check "merge without files is a usage error" test "$rc" -eq 2

# ---- exports ---------------------------------------------------------
check "export attendance xlsx" "$F" export attendance --db ev.db --format xlsx --out att.xlsx
check "xlsx read back by openpyxl" $PY - <<'PYEOF'
import openpyxl, datetime, sys
wb = openpyxl.load_workbook("att.xlsx")
ws = wb.active
rows = list(ws.iter_rows(values_only=True))
# Japanese headers and sheet name by default (Japanese HR staff read it)
assert rows[0][:5] == ("バッジ番号", "名簿ID", "氏名", "フリガナ", "学校名"), rows[0]
assert ws.title == "出席", ws.title
assert len(rows) == 1 + 10, len(rows)          # 6 at C1 + 4 at C2
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:K"), ws.auto_filter.ref
assert ws.column_dimensions["C"].width >= 8
hdr = rows[0]
r = [x for x in rows[1:] if x[1] == "S1"][0]
assert r[2] == "学生 1号", r
assert isinstance(r[hdr.index("最初の受付")], datetime.datetime)
assert r[hdr.index("最初の受付")] == datetime.datetime(2026, 12, 5, 10, 2), r
assert r[hdr.index("滞在分")] == 28, r
assert r[hdr.index("スキャン数")] == 2, r
PYEOF
check "export attendance csv" "$F" export attendance --db ev.db --out att.csv
# LibreOffice, as an organizer without Excel opens it: same cells as the
# CSV, times and counts typed (unquoted), the formula-like school as text
check "LibreOffice converts the xlsx" sh -c "soffice -env:UserInstallation=file://$PWD/lo-profile \
	--headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir lo att.xlsx >lo.txt 2>&1"
check "LibreOffice reads the cells the CSV has" $PY - <<'PYEOF'
import csv
lo = list(csv.reader(open("lo/att.csv", encoding="utf-8", newline="")))
ours = list(csv.reader(open("att.csv", encoding="utf-8-sig", newline="")))
ours = [[c[1:] if c.startswith("'=") else c for c in r] for r in ours]
assert sorted(lo) == sorted(ours), (lo, ours)
PYEOF
check "LibreOffice sees times and counts as values" grep -q \
	'"ミノ精工",2026-12-05 10:02:00,2026-12-05 10:30:00,28,2$' lo/att.csv
# An oracle that is not our code: the scans per student and place counted
# by sqlite3 straight from the facts, against the workbook as openpyxl
# and as LibreOffice read it.
q ev.db "SELECT a.ext_id, count(*) FROM facts f JOIN attendees a
  ON a.id = f.attendee_id WHERE f.kind = 'checkin'
  GROUP BY f.attendee_id, f.place_id" | sort >sql-scans.txt
check "sqlite3 counts 10 student-place pairs" test "$(wc -l <sql-scans.txt)" -eq 10
check "openpyxl's scans per row equal sqlite3's count" $PY - <<'PYEOF'
import openpyxl
rows = list(openpyxl.load_workbook("att.xlsx").active.iter_rows(values_only=True))
h = rows[0]
got = sorted("%s|%d" % (r[h.index("名簿ID")], r[h.index("スキャン数")])
             for r in rows[1:])
want = sorted(open("sql-scans.txt", encoding="utf-8").read().split())
assert got == want, (got, want)
PYEOF
check "LibreOffice's scans per row equal sqlite3's count" $PY - <<'PYEOF'
import csv
rows = list(csv.reader(open("lo/att.csv", encoding="utf-8", newline="")))
h = rows[0]
got = sorted("%s|%s" % (r[h.index("名簿ID")], r[h.index("スキャン数")])
             for r in rows[1:])
want = sorted(open("sql-scans.txt", encoding="utf-8").read().split())
assert got == want, (got, want)
PYEOF
check "LibreOffice keeps =cmd|calc as text" grep -q '"=cmd|calc"' lo/att.csv
check "csv read back by python csv" $PY - <<'PYEOF'
import csv
raw = open("att.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
rows = list(csv.reader(open("att.csv", encoding="utf-8-sig", newline="")))
assert len(rows) == 11
school = rows[0].index("学校名")
assert all(not r[school].startswith("=") for r in rows[1:])
assert any(r[school] == "'=cmd|calc" for r in rows[1:])
PYEOF
check "export cp932" "$F" export attendance --db ev.db --encoding cp932 --out sjis.csv
check "cp932 decodes" $PY -c "open('sjis.csv', encoding='cp932').read().index('名古屋大学')"
check "export leads C1 (English headers)" "$F" export leads --db ev.db --company C1 --headers en --out leads-en.csv
check "export leads C1" "$F" export leads --db ev.db --company C1 --out leads.csv
check "English headers on request" sh -c "head -1 leads-en.csv | grep -q '^.roster_id,name,kana,school,'"
check "Japanese headers by default" sh -c "head -1 leads.csv | grep -q '^.名簿ID,氏名,フリガナ,学校名,'"
check "leads only consenting" $PY - <<'PYEOF'
import csv, sqlite3
rows = list(csv.DictReader(open("leads-en.csv", encoding="utf-8-sig", newline="")))
db = sqlite3.connect("ev.db")
ok = {r[0] for r in db.execute("SELECT ext_id FROM attendees WHERE consent = 1")}
got = {r["roster_id"] for r in rows}
assert got == {"S1", "S3", "S5"}, got        # odd ids consented, 1-6 visited C1
assert got <= ok
assert rows[0]["email"].endswith("@example.jp")
PYEOF
check "leads readable by the owner only" test "$(stat -c %a leads.csv)" = 600
check "export leads per company" sh -c "'$F' export leads --db ev.db --per-company --out companies 2>pc.txt"
check "a file for every company" test "$(ls companies | wc -l)" -eq 2
check "files named by id and name" test -f "companies/C2_飛騨ソフト.xlsx"
check "per-company summary line" grep -q "C1_ミノ精工.xlsx .* 3 leads of 6 visitors" pc.txt
check "per-company leads match --company" $PY - <<'PYEOF'
import csv, openpyxl
want = list(csv.reader(open("leads.csv", encoding="utf-8-sig", newline="")))
ws = openpyxl.load_workbook("companies/C1_ミノ精工.xlsx").active
got = [["" if c is None else str(c) for c in r] for r in ws.iter_rows(values_only=True)]
# CSV guards a formula-like cell with a leading '; XLSX stores it as text
want = [[c[1:] if c.startswith("'=") else c for c in r] for r in want]
assert got == want, (got, want)
assert all(c.data_type == "s" for r in ws.iter_rows() for c in r if c.value == "=cmd|calc")
PYEOF
"$F" export leads --db ev.db --per-company --company C1 --out x 2>err.txt; rc=$?
check "--per-company with --company is a usage error" test "$rc" -eq 2
"$F" export attendance --db ev.db --per-company --out x 2>err.txt; rc=$?
check "--per-company is for leads" test "$rc" -eq 2
"$F" export leads --db ev.db --per-company --out leads.csv 2>err.txt; rc=$?
check "--per-company into a file is refused, named" sh -c \
	"test $rc -eq 2 && grep -q \"'leads.csv' is a file; it must name a folder\" err.txt"
"$F" export leads --db ev.db --per-company --out leads.xlsx 2>err.txt; rc=$?
check "--per-company into a file name is refused, no folder made" sh -c \
	"test $rc -eq 2 && test ! -e leads.xlsx && grep -q 'must name a folder' err.txt"
"$F" export attendance --db ev.db --out companies 2>err.txt; rc=$?
check "a single export into a folder is refused" sh -c \
	"test $rc -eq 2 && grep -q \"'companies' is a folder\" err.txt"
"$F" export attendance --db ev.db --out att/ 2>err.txt; rc=$?
check "a single export into a name ending in / is refused" test $rc -eq 2
"$F" export attendance --db ev.db --format xlsx --out att2.csv 2>err.txt; rc=$?
check "an extension other than the format's is refused" sh -c \
	"test $rc -eq 2 && grep -q 'must end in .xlsx' err.txt && test ! -e att2.csv"
check "per-company into companies/: no doubled slash" sh -c \
	"'$F' export leads --db ev.db --per-company --out companies/ 2>pc2.txt && ! grep -q '//' pc2.txt"
check "plural counts" grep -q "wrote 2 company files to" pc.txt
check "export summary json" "$F" export summary --db ev.db --min-count 3 --out sum.jsonl
check "json lines parse" $PY -c "
import json
rows = [json.loads(l) for l in open('sum.jsonl', encoding='utf-8')]
assert any(r['section'] == 'hour' for r in rows)
assert all(r['students'] == '<3' or r['students'] >= 3 for r in rows if r['section'] == 'school')
"
"$F" export leads --db ev.db --out x.csv 2>err.txt; rc=$?
check "leads without --company is a usage error" sh -c "test $rc -eq 2 && grep -q company err.txt"
"$F" export attendance --db ev.db --format xlsx --encoding cp932 --out x.xlsx 2>/dev/null; rc=$?
check "cp932 xlsx refused" test "$rc" -eq 2

# ---- report ----------------------------------------------------------
check "report" "$F" report --db ev.db --out report.pdf --per-company
check "report has overview, booths, schools, sessions + 2 companies" \
	sh -c "pdfinfo report.pdf | grep -q '^Pages: *6$'"
pdftotext report.pdf report.txt
check "report text in Japanese: booth chart" grep -q "ブース別 来訪者数" report.txt
check "report text in Japanese: fill rates" grep -q "セッション 充足率" report.txt
check "report text in Japanese: totals" grep -q "来場: 8 人" report.txt
check "report in English" "$F" report --db ev.db --out report-en.pdf --lang en
pdftotext report-en.pdf report-en.txt
check "report text: booth chart" grep -q "Unique visitors per booth" report-en.txt
check "report text: fill rates" grep -q "Session fill rates" report-en.txt
check "report text: totals" grep -q "attended: 8" report-en.txt
check "report text: a company page" grep -q "飛騨ソフト" report.txt
# A three-day event with nobody on the second day: a chart per day with
# arrivals (no 24 h of empty bars), each under its date.
cp ev.db ev3.db
q ev3.db "UPDATE event SET end_date = '2026-12-07';
  INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
    direction, source, wall_ms, boot_id, mono_ms)
  VALUES (randomblob(16), 'checkin', 'booth-c2', 3, 9, 1, 1, 'camera',
    $T0 + 2 * 86400000 + 30 * 60000, 'boot-day3', 1),
   (randomblob(16), 'checkin', 'booth-c2', 3, 10, 1, 1, 'camera',
    $T0 + 2 * 86400000 + 50 * 60000, 'boot-day3', 2)"
check "report of a three-day event" "$F" report --db ev3.db --out report3.pdf
pdftotext -layout report3.pdf report3.txt
check "its arrivals chart marks the third day" grep -q "12月7日" report3.txt
check "and has no chart for the empty second day" \
	sh -c "! grep -q '12月6日' report3.txt"
check "report names no student" sh -c "! grep -q '学生 1号' report.txt"

# ---- read-only commands leave nothing beside the event file ----------
rm -f ev.db-wal ev.db-shm
check "status reads" sh -c "'$F' status --db ev.db >/dev/null"
check "export reads" sh -c "'$F' export summary --db ev.db --out ro.csv 2>/dev/null"
check "report reads" sh -c "'$F' report --db ev.db --out ro.pdf 2>/dev/null"
check "badges read" sh -c "'$F' badges --db ev.db --out ro-b.pdf 2>/dev/null"
check "token verify reads" sh -c "'$F' token verify --db ev.db \"\$(head -1 tokens.txt)\" >/dev/null"
check "no -wal or -shm left by read-only commands" test ! -e ev.db-wal -a ! -e ev.db-shm
# ... and with a writer's -wal there (a merge running), they still read it
# The writer says when its commit is in the -wal (writer.ready) and holds
# its connection open until told (status.done), at most 30 s.
rm -f writer.ready status.done
$PY - <<'PYEOF' &
import os, sqlite3, time
db = sqlite3.connect("ev.db")
db.execute("PRAGMA wal_autocheckpoint=0")
# (SET name = name writes nothing: two commits that change and restore it)
db.execute("UPDATE event SET name = name || '*'")
db.commit()
db.execute("UPDATE event SET name = substr(name, 1, length(name) - 1)")
db.commit()
open("writer.ready", "w").close()
for _ in range(300):
    if os.path.exists("status.done"):
        break
    time.sleep(0.1)
PYEOF
writer=$!
check "the writer committed" wait_for 30 test -e writer.ready
check "its -wal is there" test -s ev.db-wal
check "status reads beside a live writer" sh -c "'$F' status --db ev.db | grep -q '^event'"
check "the writer was still live" kill -0 "$writer"
touch status.done
check "the writer ends cleanly" wait "$writer"

# ---- revoke ----------------------------------------------------------
capture_ok OLD "S2's token" "$F" token issue --db ev.db --attendee S2
capture_ok NEW "revoke S2" "$F" revoke --db ev.db --attendee S2 \
	--out lost-s2.png 2>revoke.txt
check "revoke prints a new token" test "${#NEW}" -eq 124
check "new token verifies" sh -c "'$F' token verify --db ev.db '$NEW' | grep -qx ok"
check "old token revoked" sh -c "'$F' token verify --db ev.db '$OLD' | grep -qx revoked"
check "revoke --out writes the new badge" test "$(zbarimg --nodbus -q --raw lost-s2.png)" = "$NEW"
check "status counts the revocation" sh -c "'$F' status --db ev.db | grep -q 'revoked'"
capture_ok NEW2 "second revoke" "$F" revoke --db ev.db --attendee S2 \
	--out lost-s2.pdf
pdftoppm -r 150 -png lost-s2.pdf lostpdf
check "a second loss: the PDF badge scans to the newest token" \
	test "$(zbarimg --nodbus -q --raw lostpdf-*.png)" = "$NEW2"
check "the first replacement is refused as revoked" sh -c \
	"'$F' token verify --db ev.db '$NEW' | grep -qx revoked"
check "one student's reprint" sh -c "'$F' badges --db ev.db --attendee S3 \
	--attendee 4 --out reprint.pdf 2>reprint.txt"
check "singular: 1 page" grep -q "2 badges on 1 page in" reprint.txt
pdftoppm -r 150 -png reprint.pdf reprint
zbarimg --nodbus -q --raw reprint-*.png | sort > reprint-tokens.txt
check "the reprint holds the two badges" test "$(wc -l < reprint-tokens.txt)" -eq 2
check "both reprinted badges verify" sh -c "while read -r t; do \
	'$F' token verify --db ev.db \"\$t\" | grep -qx ok || exit 1; done < reprint-tokens.txt"
run_ok "S5's badge" "$F" badges --db ev.db --attendee S5 --out s5.pdf \
	2>s5.txt
check "one badge, one page" grep -q "1 badge on 1 page in 's5.pdf'" s5.txt
"$F" badges --db ev.db --attendee NOPE --out x.pdf 2>err.txt; rc=$?
check "reprint of an unknown attendee refused" sh -c \
	"test $rc -eq 1 && grep -q \"no attendee 'NOPE'\" err.txt && test ! -e x.pdf"

# ---- every --out mistake refused, nothing written or revoked --------
serial=$(q ev.db "SELECT serial FROM attendees WHERE ext_id = 'S7'")
refused() { # description, expected message, command...
	d=$1; m=$2; shift 2
	"$@" >/dev/null 2>err.txt; rc=$?
	check "$d" sh -c "test $rc -eq 2 && grep -q -- '$m' err.txt"
}
mkdir -p adir
refused "revoke --out with another extension" "must end in .pdf or .png" \
	"$F" revoke --db ev.db --attendee S7 --out new.jpg
refused "revoke --out a folder" "is a folder" \
	"$F" revoke --db ev.db --attendee S7 --out adir
check "nothing revoked by a refused revoke" \
	test "$(q ev.db "SELECT serial FROM attendees WHERE ext_id = 'S7'")" -eq "$serial"
refused "badges --out not a PDF" "must end in .pdf" \
	"$F" badges --db ev.db --out badges.png
refused "badges --out a folder" "is a folder" "$F" badges --db ev.db --out adir/
refused "badges --png a file" "is a file; it must name a folder" \
	"$F" badges --db ev.db --out b2.pdf --png badges.pdf
refused "badges --png a file name" "must name a folder" \
	"$F" badges --db ev.db --png new.png
refused "report --out not a PDF" "must end in .pdf" \
	"$F" report --db ev.db --out report.xlsx
refused "report --out a folder" "is a folder" "$F" report --db ev.db --out adir
refused "scanner-test --out not a PNG" "must end in .png" \
	"$F" scanner-test --out scan.pdf
refused "records --out of another type" "must end in .csv or .txt" \
	"$F" records --db ev.db --out records.pdf
refused "pack --out a file name" "must name a folder" \
	"$F" pack --db ev.db --role booth --place C1 --out kiosk.db
refused "export rally --out a folder" "is a folder" \
	"$F" export rally --db ev.db --out adir
check "no file left by a refusal" test ! -e new.jpg -a ! -e b2.pdf -a ! -e report.xlsx -a ! -e new.png \
	-a ! -e scan.pdf -a ! -e records.pdf -a ! -e kiosk.db
"$F" revoke --db ev.db --attendee NOPE 2>err.txt; rc=$?
check "unknown attendee named" sh -c "test $rc -eq 1 && grep -q \"no attendee 'NOPE'\" err.txt"

# ---- merge of a running kiosk's copy ------------------------------
# A kiosk copied while running: newest facts only in its -wal, on a
# directory merge must not write to.
check "pack booth C1 again" "$F" pack --db ev.db --role booth --place C1 --out k3 >/dev/null
mkdir -p usb
$PY - <<'PYEOF'
import shutil, sqlite3
db = sqlite3.connect("k3/kiosk.db")
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
for i in range(5):
    # the first: student S1 at booth C2 5 s after booth C1 scanned S1
    db.execute("INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,"
               " serial, direction, wall_ms) VALUES (randomblob(16),"
               " 'checkin', 'booth-c1b', ?, ?, 1, 1, 1796432400000 + ?)",
               (3 if i == 0 else 2, i + 1, 125000 if i == 0 else i * 1000))
db.commit()
shutil.copy("k3/kiosk.db", "usb/kiosk.db")
shutil.copy("k3/kiosk.db-wal", "usb/kiosk.db-wal")
db.close()
PYEOF
check "copy has facts only in -wal" test "$(wc -c < usb/kiosk.db-wal)" -gt 0
chmod a-w usb
run_ok "merge of a copy with its -wal" "$F" merge --db ev.db usb/kiosk.db \
	>merge4.txt 2>&1
# flagged: S1 at two places at once, and S2's old badge (revoked above)
check "wal-only facts merged" grep -q "^booth-c1b .* 5 .* 5 .* 0 .* 2 " merge4.txt
check "two places at once flagged on both facts" \
	grep -q "^flagged in the event: conflict 2, revoked 2;" merge4.txt
check "nothing written beside the copy" test ! -e usb/kiosk.db-shm
chmod u+w usb

# ---- a wrong company or place: the valid ones listed, by ID and name ----
rm -f ch.db
"$F" init --db ch.db --name x --start 2026-12-05 >/dev/null 2>&1 || exit 1
printf '企業ID,企業名\nC001,ミノ精工\nC002,飛騨ソフト\n' > ch.csv
"$F" import companies ch.csv --db ch.db >/dev/null 2>&1 || exit 1
"$F" export feedback --db ch.db --company C009 --out ch-fb.csv 2>ch1.txt; rc=$?
check "export feedback --company C009: exit 1, one reason, the companies listed" sh -c \
	"test $rc -eq 1 && grep -q \"no company 'C009'\" ch1.txt && ! grep -q 'must be a number' ch1.txt &&
	 grep -q '^  C001 *ミノ精工' ch1.txt && grep -q '^  C002 *飛騨ソフト' ch1.txt"
"$F" export feedback --db ch.db --company C002 --out ch-fb.csv 2>/dev/null; rc=$?
check "export feedback --company takes the company's ID" test "$rc" -eq 0
"$F" export leads --db ch.db --company 9999 --out ch-l.csv 2>ch2.txt; rc=$?
check "export leads --company 9999: the companies listed" sh -c \
	"test $rc -eq 1 && grep -q '^  C001 *ミノ精工' ch2.txt"
"$F" pack --db ch.db --role booth --place C009 --out ch-k 2>ch3.txt; rc=$?
check "pack --place with no such place: the places listed by ID and name" sh -c \
	"test $rc -eq 1 && grep -q \"no place 'C009'\" ch3.txt &&
	 grep -q '^  entrance ' ch3.txt && grep -q '^  booth:C002 *飛騨ソフト' ch3.txt"
for c in rally settings certificates assign; do
	"$F" $c --db ch.db --bogus >/dev/null 2>&1; rc=$?
	check "$c with a bad option exits 2 (getopt_long)" test "$rc" -eq 2
done
"$F" settings --db=ch.db --organizer=NPO >ch4.txt 2>&1
check "settings --opt=value" grep -q '^organizer = NPO' ch4.txt

[ "$fails" -eq 0 ]
