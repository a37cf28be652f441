#!/bin/sh
# End to end for `fairsync report`: the PDF read back by pdftotext (words,
# numbers, ticks), pdftotext -bbox-layout (every word's size: none under
# 8 pt) and pdftoppm (bar lengths measured in pixels) on a fair with a
# full session, a half-full one with a long name, an empty one, a company
# nobody visited, a long school name; then a fair without sessions and one
# without check-ins, which have no page for what does not exist; then a
# tour (host days, no booth scans): no booth or session page, each host
# company once per day with its date.
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

# long enough that the old report shrank them to about 4 pt
LONG_CO='飛騨ソフトウェア・システムズ・アンド・ネットワーク・ソリューションズ株式会社'
LONG_SESSION='半分セッション：就職活動のための自己分析ワークショップ、強みと価値観を言葉にする実践編（午後の部）'
LONG_SCHOOL='国立大学法人東海国立大学機構 岐阜大学大学院 自然科学技術研究科 生命科学・化学専攻'
"$F" init --db ev.db --name "合同企業説明会" --start 2026-12-05 >/dev/null || exit 1
q ev.db "INSERT INTO companies VALUES (1, 'C1', 'ミノ精工', '製造業', 'A-1'),
  (2, 'C2', '$LONG_CO', 'IT', 'A-2'), (3, 'C3', '誰も来ない商事', '商社', 'A-3');
  INSERT INTO places (id, ext_id, kind, name, company_id) VALUES
  (2, 'booth:C1', 'booth', 'ミノ精工', 1),
  (3, 'booth:C2', 'booth', '$LONG_CO', 2),
  (4, 'booth:C3', 'booth', '誰も来ない商事', 3);
  INSERT INTO places (id, ext_id, kind, name, company_id, starts_ms, capacity)
  VALUES (5, 'session:S1', 'session', '満席セッション', 1, 1, 2),
  (6, 'session:S2', 'session', '$LONG_SESSION', 2, 2, 4),
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
q ev.db "UPDATE attendees SET school = '$LONG_SCHOOL' WHERE id >= 7"
fact 1 7 185; fact 1 8 330                                  # 13:05, 15:30
# first check-ins per hour: 10:00 1, 11:00 5, 12:00 0, 13:00 1, 14:00 0,
# 15:00 1

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
check "arrivals axis: a tick label every hour" \
	grep -q "10:00 *11:00 *12:00 *13:00 *14:00 *15:00" p1.txt
check "arrivals axis: the day, 12月5日 style" grep -q "12月5日" p1.txt
check "arrivals axis: no quarter-hour labels" sh -c "! grep -q '10:45' p1.txt"
pdftotext -bbox-layout r.pdf bbox.html
# the count printed over each hour's bar: the word centred above its label
check "arrivals: the value on every bar, 0 included" $PY - <<'PYEOF'
import re
words = []
page = 0
for line in open("bbox.html", encoding="utf-8"):
    if "<page " in line:
        page += 1
    m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                  r'yMax="([\d.]+)">([^<]*)</word>', line)
    if m and page == 1:
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        words.append(((x0 + x1) / 2, y0, m.group(5)))
want = {"10:00": "1", "11:00": "5", "12:00": "0", "13:00": "1",
        "14:00": "0", "15:00": "1"}
got = {}
for cx, y, w in words:
    if w in want:
        above = [(y - v[1], v[2]) for v in words if v[1] < y
                 and abs(v[0] - cx) < 3 and v[2].isdigit()]
        got[w] = min(above)[1] if above else None
assert got == want, got
PYEOF
pdftotext r.pdf plain.txt
# labels wrap onto lines of their own: whole once the lines are joined
joined() { tr -d '\n ' < plain.txt | grep -qF "$(printf %s "$1" | tr -d ' ')"; }
check "the long session name whole, wrapped" joined "$LONG_SESSION"
check "the long school name whole, wrapped" joined "$LONG_SCHOOL"
check "the long company name whole, wrapped" joined "$LONG_CO"
check "no text under 8 pt (word heights, scaled by a 9 pt page number)" \
	$PY "$LIB/pdf_min_pt.py" bbox.html 8
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
# no page for what does not exist: no "no sessions" page, no empty charts
cp ev.db nosess.db
q nosess.db "DELETE FROM facts WHERE place_id >= 5; DELETE FROM places WHERE kind = 'session'"
check "report without sessions" "$F" report --db nosess.db --out ns.pdf --lang en
pdftotext ns.pdf ns.txt
check "no sessions: overview, booths, schools only" \
	sh -c "pdfinfo ns.pdf | grep -q '^Pages: *3$'"
check "no session page" sh -c "! grep -q 'Session fill rates' ns.txt"
check "no 'no sessions' page either" sh -c "! grep -q 'has no sessions' ns.txt"
check "and not that nobody checked in" sh -c "! grep -q 'No check-ins yet' ns.txt"
check "English hour axis and day" sh -c "grep -q '11:00' ns.txt && grep -q '2026-12-05' ns.txt"
cp ev.db empty.db
q empty.db "DELETE FROM facts"
check "report without check-ins" "$F" report --db empty.db --out e.pdf
pdftotext e.pdf e.txt
check "says no check-ins yet" grep -q "まだ受付の記録がありません" e.txt
check "no check-ins: overview and sessions only" \
	sh -c "pdfinfo e.pdf | grep -q '^Pages: *2$'"
check "no booth page of zeros" sh -c "! grep -q 'ブース別' e.txt"
check "no school page without students" sh -c "! grep -q '学校別' e.txt"
check "sessions still listed at 0 %" grep -q "0/2" e.txt

# ---- a tour: host days, visit check-ins, no booth scans, no sessions ----
"$F" init --db tour.db --name "ぎふ シゴトリップ" --start 2026-12-07 \
	--end 2026-12-09 >/dev/null
check "tour: init" test $? -eq 0
printf '企業ID,企業名,業種\nT1,株式会社ながら,製造業\nT2,%s,IT\n' \
	"$LONG_CO" >companies.csv
{ echo '企業ID,日付,定員,開始,終了'
  for d in 7 8 9; do echo "T1,2026/12/$d,5,10:00,16:00"; done
  echo 'T2,2026/12/8,5,10:00,16:00'; } >hosts.csv
check "tour: companies" "$F" import companies companies.csv --db tour.db
check "tour: host days" "$F" import hosts hosts.csv --db tour.db
i=1
while [ $i -le 6 ]; do
	sqlite3 tour.db "INSERT INTO attendees (id, ext_id, name, school)
	  VALUES ($i, 'S$i', '学生 $i', '岐阜高専')"
	i=$((i + 1))
done
visit() { # company date attendee HH:MM (venue time)
	t=$(( $(date -u -d "$2 $4 +0900" +%s) * 1000 ))
	sqlite3 tour.db "INSERT INTO facts (uuid, kind, kiosk, place_id,
	  attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms)
	  SELECT randomblob(16), 'checkin', 'v', id, $3, 1, 1, 'camera', $t,
	  'b', 0 FROM places WHERE ext_id = 'visit:$1:$2'"
}
visit T1 2026-12-07 1 10:05; visit T1 2026-12-07 2 10:10
visit T1 2026-12-08 3 10:02; visit T1 2026-12-09 4 13:30
visit T2 2026-12-08 5 10:20; visit T2 2026-12-08 6 11:40
"$F" report --db tour.db --out tour.pdf --per-company 2>err.txt
check "tour: report" test $? -eq 0
pdftotext -layout tour.pdf tour.txt
pdftotext tour.pdf tour-plain.txt
check "tour: no booth page (no booth was scanned)" sh -c "! grep -q 'ブース' tour.txt"
check "tour: no session page" sh -c "! grep -q 'セッション' tour.txt"
check "tour: no 'no sessions' page" sh -c "! grep -q 'ありません' tour.txt"
# overview, host days, schools, T1, T2: nothing else
check "tour: 5 pages" sh -c "pdfinfo tour.pdf | grep -q '^Pages: *5$'"
pdftotext -f 2 -l 2 -layout tour.pdf days.txt
check "tour: each host company once per day with its date" $PY - "$LONG_CO" <<'PYEOF'
import re, sys
text = open("days.txt", encoding="utf-8").read()
rows = [re.sub(r"\s+", " ", l.strip()) for l in text.splitlines()]
for day, n in (("12月7日", 2), ("12月8日", 1), ("12月9日", 1)):
    assert rows.count(f"株式会社ながら {day} {n}") == 1, (day, rows)
assert text.count("株式会社ながら") == 3, rows       # once a day, no more
# the long name wraps in its column; its date and count stay on line one
first = [r for r in rows if r.startswith("飛騨ソフトウェア")]
assert len(first) == 1 and first[0].endswith("12月8日 2"), rows
assert text.count("12月8日") == 2, rows
assert sys.argv[1] in re.sub(r"\s|12月8日|\b2\b", "", text), text
PYEOF
check "tour: a company's page lists its days by date, not its name" \
	sh -c "grep -q '受入 12月7日 *2' tour.txt && grep -q '受入 12月9日 *1' tour.txt"
check "tour: its arrivals by day" \
	sh -c "grep -q '12月7日' tour.txt && grep -q '13:00' tour.txt"
pdftotext -bbox-layout tour.pdf tour-bbox.html
check "tour: no text under 8 pt" $PY "$LIB/pdf_min_pt.py" tour-bbox.html 8

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
