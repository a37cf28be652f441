#!/bin/sh
# End to end for `fairsync report`: the PDF read back by pdftotext (words,
# numbers, ticks) and pdftoppm (bar lengths measured in pixels) on a fair
# with a full session, a half-full one, an empty one, a company nobody
# visited; then a fair without sessions and one without check-ins, whose
# "nothing to show" messages must be the true ones.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
PY=/usr/bin/python3  # Debian's, which has PIL
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"
q() { sqlite3 "$@"; }

"$F" init --db ev.db --name "合同企業説明会" --start 2026-12-05 >/dev/null || exit 1
q ev.db "INSERT INTO companies VALUES (1, 'C1', 'ミノ精工', '製造業', 'A-1'),
  (2, 'C2', '飛騨ソフト', 'IT', 'A-2'), (3, 'C3', '誰も来ない商事', '商社', 'A-3');
  INSERT INTO places (id, ext_id, kind, name, company_id) VALUES
  (2, 'booth:C1', 'booth', 'ミノ精工', 1),
  (3, 'booth:C2', 'booth', '飛騨ソフト', 2),
  (4, 'booth:C3', 'booth', '誰も来ない商事', 3);
  INSERT INTO places (id, ext_id, kind, name, company_id, starts_ms, capacity)
  VALUES (5, 'session:S1', 'session', '満席セッション', 1, 1, 2),
  (6, 'session:S2', 'session', '半分セッション', 2, 2, 4),
  (7, 'session:S3', 'session', '空席セッション', 1, 3, 120);"
i=1
while [ $i -le 8 ]; do
	q ev.db "INSERT INTO attendees (id, ext_id, name, kana, school)
	  VALUES ($i, 'S$i', '学生 $i号', 'ガクセイ', '岐阜大学')"
	i=$((i + 1))
done
T0=$(( $(date -u -d 2026-12-05T01:00:00Z +%s) * 1000 ))  # 10:00 JST
fact() { # place attendee minutes-after-10:00
	q ev.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
	  serial, direction, source, wall_ms, boot_id, mono_ms) VALUES
	  (randomblob(16), 'checkin', 'k', $1, $2, 1, 1, 'camera',
	  $T0 + $3 * 60000, 'b', $3)"
}
for i in 1 2 3 4 5 6; do fact 2 $i $((40 + i * 10)); done   # C1: 6
for i in 1 2 3; do fact 3 $i $((130 + i)); done             # C2: 3
fact 5 1 140; fact 5 2 141                                  # S1: 2 of 2
fact 6 3 150                                                # S2: 1 of 4... 
fact 6 4 151                                                # ... 2 of 4

"$F" report --db ev.db --out r.pdf --per-company 2>err.txt
check "report" test $? -eq 0
check "pages: overview, booths, schools, sessions, C1, C2, the table" \
	sh -c "pdfinfo r.pdf | grep -q '^Pages: *7$'"
check "page count said, plural" grep -q "7 pages in 'r.pdf'" err.txt
pdftotext -layout r.pdf r.txt
check "fill rate of the full session printed" grep -q "2/2 *100%" r.txt
check "fill rate of the half session printed" grep -q "2/4 *50%" r.txt
check "fill rate of the empty session printed" grep -q "0/120 *0%" r.txt
check "a booth nobody visited is in the booth chart" grep -q "誰も来ない商事 *0" r.txt
check "the unvisited company is a table line" grep -q "C3 *誰も来ない商事 *0" r.txt
check "under its own heading" grep -q "来訪者のいなかった企業" r.txt
pdftotext -f 1 -l 1 -layout r.pdf p1.txt
check "arrivals axis: hour ticks" sh -c "grep -q '10:00' p1.txt && grep -q '11:00' p1.txt"
check "arrivals axis: the date" grep -q "12/05" p1.txt
check "arrivals axis: no quarter-hour labels" sh -c "! grep -q '10:45' p1.txt"
check "no false 'no data' message" sh -c "! grep -q 'まだ受付' r.txt"

# Bars measured: at 72 dpi a point is a pixel. For each bar row, blue
# pixels against the row's track (blue + the grey 100 % track).
pdftoppm -r 72 -png r.pdf pg
check "session bars are fill rates: 100 %, 50 %, 0 %" $PY - <<'PYEOF'
from PIL import Image
import glob
im = Image.open(sorted(glob.glob("pg-*4.png"))[0]).convert("RGB")
w, h = im.size
px = im.load()
def blue(p): return p[2] > 150 and p[0] < 80 and 80 < p[1] < 130
def track(p): return abs(p[0] - 224) < 6 and p[0] == p[1] == p[2]
rows = []
for y in range(h):
    b = sum(1 for x in range(w) if blue(px[x, y]))
    t = sum(1 for x in range(w) if track(px[x, y]))
    if b + t > 100:
        rows.append((y, b, t))
# group consecutive rows into bars; take each bar's middle row
bars, cur = [], []
for r in rows:
    if cur and r[0] != cur[-1][0] + 1:
        bars.append(cur); cur = []
    cur.append(r)
if cur: bars.append(cur)
frac = [round(m[1] / (m[1] + m[2]), 2) for m in (b[len(b) // 2] for b in bars)]
assert len(frac) == 3 and abs(frac[0] - 1) < 0.02 and abs(frac[1] - 0.5) < 0.03 \
    and frac[2] == 0, frac
PYEOF
check "booth bars proportional: 3 visitors half of 6, 0 none" $PY - <<'PYEOF'
from PIL import Image
import glob
im = Image.open(sorted(glob.glob("pg-*2.png"))[0]).convert("RGB")
w, h = im.size
px = im.load()
def blue(p): return p[2] > 150 and p[0] < 80 and 80 < p[1] < 130
widths = {}
for y in range(h):
    b = sum(1 for x in range(w) if blue(px[x, y]))
    if b:
        widths.setdefault(b, 0)
        widths[b] += 1
lens = sorted(k for k, n in widths.items() if n >= 5)
assert len(lens) == 2 and abs(lens[0] / lens[1] - 0.5) < 0.03, widths
PYEOF

# ---- a fair without sessions, and one without check-ins -------------
cp ev.db nosess.db
q nosess.db "DELETE FROM facts WHERE place_id >= 5; DELETE FROM places WHERE kind = 'session'"
check "report without sessions" "$F" report --db nosess.db --out ns.pdf --lang en
pdftotext ns.pdf ns.txt
check "says there are no sessions" grep -q "This event has no sessions" ns.txt
check "and not that nobody checked in" sh -c "! grep -q 'No check-ins yet' ns.txt"
cp ev.db empty.db
q empty.db "DELETE FROM facts"
check "report without check-ins" "$F" report --db empty.db --out e.pdf
pdftotext e.pdf e.txt
check "says no check-ins yet" grep -q "まだ受付の記録がありません" e.txt
check "sessions still listed at 0 %" grep -q "0/2" e.txt

# ---- progress: on a terminal only --------------------------------------
# script(1), from util-linux: a terminal for the report
run_ok "report on a terminal" script -qec \
	"'$F' report --db ev.db --out tty.pdf --per-company" /dev/null >tty.txt 2>&1
check "progress bar on a terminal" grep -q "report .*100%" tty.txt
run_ok "fairsync report ev.db" \
	"$F" report --db ev.db --out notty.pdf 2>notty.txt
check "no progress bar into a file" sh -c "! grep -q '%' notty.txt"

# ---- --out mistakes and options ---------------------------------------
"$F" report --db ev.db --out r.xlsx 2>err.txt; rc=$?
check "--out of another type refused" sh -c "test $rc -eq 2 && grep -q 'must end in .pdf' err.txt"
"$F" report --db ev.db --out r.pdf --lang fr 2>err.txt; rc=$?
check "--lang other than ja/en refused" test $rc -eq 2
check "no -wal/-shm left" test ! -e ev.db-wal -a ! -e ev.db-shm

[ "$fails" -eq 0 ]
