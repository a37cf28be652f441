#!/bin/sh
# End to end: an internship tour from the organizer's side. Host days
# imported (all or nothing), `fairsync assign` (rules checked on plan.csv
# by Python, same seed same plan, impossible requests explained), a plan
# edited by hand loaded back or refused by line, then feedback, leads,
# certificates and the stamp rally.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
# cairo leaks inside its PDF surface (tests/lsan-cairo.supp), not ours
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
F="$PWD/$B/fairsync"
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
hasnt() { # description, file, fixed string
	if grep -qF -- "$3" "$2"; then echo "FAIL: $1: '$3' in $2"
		fails=$((fails + 1)); else echo "ok: $1"; fi
}

check "init" "$F" init --db ev.db --name 'ぎふ シゴトリップ 2026' \
	--start 2026-12-07 --end 2026-12-11
python3 - <<'PY'
import random
r = random.Random(3)
inds = ['製造業', 'IT', '建設', '小売', '医療']
with open('companies.csv', 'w') as f:
    f.write('企業ID,企業名,業種\n')
    for i in range(24):
        # the last company is alone in its industry
        f.write(f'C{i:03d},株式会社{i},{inds[i % 5] if i < 23 else "農業"}\n')
with open('students.csv', 'w') as f:
    f.write('受付番号,氏名,学校名,同意\n')
    for i in range(150):
        f.write(f'S{i:04d},学生 {i},岐阜大学,{"はい" if i % 2 else "いいえ"}\n')
with open('hosts.csv', 'w', encoding='utf-8-sig') as f:
    f.write('企業ID,日付,定員,開始,終了\n')
    for i in range(24):
        for d in r.sample(range(5), 2):
            f.write(f'C{i:03d},2026/12/{7 + d},{r.randint(5, 14)}名,10:00,16:00\n')
PY
check "companies" "$F" import companies companies.csv --db ev.db
check "students" "$F" import students students.csv --db ev.db

# hosts: one bad row and nothing is imported
{ cat hosts.csv; printf 'C999,2026-12-08,5,,\r\nC001,2026-12-20,5,,\r\n'; } >bad_hosts.csv
"$F" import hosts bad_hosts.csv --db ev.db >out.txt 2>err.txt
is "bad hosts exit 1" 1 $?
has "unknown company by line" err.txt "bad_hosts.csv:50: company 'C999' is not imported"
has "date outside the event by line" err.txt "bad_hosts.csv:51: 日付 (date) 2026-12-20 is outside the event's dates"
has "nothing imported" err.txt "2 rows refused; nothing imported"
is "no host day written" 0 "$(q "SELECT count(*) FROM places WHERE kind = 'visit'")"

"$F" import hosts hosts.csv --db ev.db >out.txt 2>err.txt
is "hosts exit 0" 0 $?
is "hosts summary" "imported 48 host days" "$(cat out.txt)"
is "visit places" 48 "$(q "SELECT count(*) FROM places WHERE kind = 'visit' AND capacity > 0 AND exit_tracking = 1")"
# 10:00 JST is 01:00 UTC
is "window from the file" "$(( $(date -u -d '2026-12-07 01:00' +%s) * 1000 ))" \
	"$(q "SELECT min(starts_ms) FROM places WHERE kind = 'visit' AND ext_id LIKE '%:2026-12-07'")"

# assign: rules checked on the plan itself
cat >check_plan.py <<'PY'
import csv, sqlite3, sys
plan, db, visits = sys.argv[1], sys.argv[2], int(sys.argv[3])
raw = open(plan, 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
rows = list(csv.DictReader(open(plan, encoding='utf-8-sig')))
assert list(rows[0].keys())[:3] == ['attendee', 'date', 'company'], rows[0].keys()
c = sqlite3.connect(db)
cap, ind = {}, {}
for ext, capacity, industry in c.execute(
        "SELECT p.ext_id, p.capacity, c.industry FROM places p JOIN companies c"
        " ON c.id = p.company_id WHERE p.kind = 'visit'"):
    _, comp, date = ext.split(':')
    cap[(comp, date)] = capacity
    ind[comp] = industry or comp
per, load = {}, {}
for r in rows:
    per.setdefault(r['attendee'], []).append((r['date'], r['company']))
    load[(r['company'], r['date'])] = load.get((r['company'], r['date']), 0) + 1
students = [s for (s,) in c.execute("SELECT ext_id FROM attendees WHERE role = 0")]
for s in students:
    v = per.get(s, [])
    assert len(v) == visits, (s, v)
    assert len({d for d, _ in v}) == visits, (s, v)
    assert len({ind[co] for _, co in v}) == visits, (s, v)
for k, n in load.items():
    assert n <= cap[k], (k, n, cap[k])
loads = [(load.get(k, 0), cap[k]) for k in cap]
lo = min(l for l, c in loads if l < c) if any(l < c for l, c in loads) else 0
assert all(l <= lo + 1 for l, c in loads), sorted(loads)
facts = c.execute("SELECT count(*) FROM facts f WHERE kind = 'assign' AND NOT EXISTS"
                  " (SELECT 1 FROM facts v WHERE v.voids = f.uuid)").fetchone()[0]
assert facts == len(rows), (facts, len(rows))
print('plan ok')
PY
cp ev.db ev_copy.db
"$F" assign --db ev.db --seed 7 --out plan.csv >out.txt 2>err.txt
is "assign exit 0" 0 $?
has "assign summary" out.txt "planned 450 visits for 150 students (0 kept their visits) over 48 host days; 450 rows in plan.csv"
check "every rule holds in plan.csv" python3 check_plan.py plan.csv ev.db 3
run_ok "fairsync assign ev_copy.db" \
	"$F" assign --db ev_copy.db --seed 7 --out plan_again.csv >/dev/null 2>&1
check "same seed, same plan" cmp -s plan.csv plan_again.csv
cp ev.db before.db
run_ok "fairsync assign ev.db" \
	"$F" assign --db ev.db --seed 8 --out plan2.csv >out.txt 2>&1
check "assigned students keep their visits" cmp -s plan.csv plan2.csv
has "kept" out.txt "planned 0 visits for 150 students (150 kept their visits)"
run_ok "fairsync assign ev_copy.db" \
	"$F" assign --db ev_copy.db --seed 8 --reassign --out plan3.csv >/dev/null 2>&1
check "another seed, another plan" sh -c "! cmp -s plan.csv plan3.csv"
check "reassigned plan holds every rule" python3 check_plan.py plan3.csv ev_copy.db 3

# impossible: five visits each need five industries and seats
"$F" assign --db ev_copy.db --visits 5 --reassign --seed 1 --out x.csv >out.txt 2>err.txt
is "impossible exit 1" 1 $?
has "explained in numbers" err.txt "no plan fits:"
has "seats counted" err.txt "visits needed"
check "nothing written" test ! -e x.csv

# a plan edited by hand
python3 - <<'PY'
import csv, sqlite3
rows = list(csv.reader(open('plan.csv', encoding='utf-8-sig')))
head, body = rows[0], rows[1:]
# S0000's second visit moved to another host on its first visit's day
day = body[0][1]
other = [e.split(':')[1] for (e,) in sqlite3.connect('ev.db').execute(
    "SELECT ext_id FROM places WHERE kind = 'visit' AND ext_id LIKE ?",
    ('%:' + day,)) if e.split(':')[1] != body[0][2]]
body[1][1], body[1][2] = day, other[0]
w = csv.writer(open('edited.csv', 'w', encoding='utf-8-sig', newline=''))
w.writerow(head); w.writerows(body)
PY
"$F" import assignments edited.csv --db ev.db >out.txt 2>err.txt
is "broken plan exit 1" 1 $?
has "refused by line" err.txt "edited.csv:3: S0000 already visits on"
has "nothing imported" err.txt "nothing imported"
"$F" import assignments plan.csv --db ev.db >out.txt 2>err.txt
is "unchanged plan loads" 0 $?
has "no new assignments" out.txt "loaded 450 plan rows: 0 new assignments"
check "import --help" sh -c "'$F' import --help | grep -q 'import hosts'"
check "assign --help" sh -c "'$F' assign --help | grep -q -- '--reassign'"


# ---- after the visits: feedback and leads from two kiosks, merged ----
check "settings" "$F" settings --db ev.db --organizer 'NPO法人 ぎふ人事部' \
	--feedback-tags '仕事内容が分かった,社員と話せた、社風が合いそう' \
	--lead-tags '積極的,理系'
run_ok "fairsync settings ev.db" "$F" settings --db ev.db >out.txt
has "tags stored as a list" out.txt "feedback_tags = 仕事内容が分かった|社員と話せた|社風が合いそう"
check "pack kiosk A" "$F" pack --db ev.db --role booth --place booth:C001 --out kA
check "pack kiosk B" "$F" pack --db ev.db --role booth --place booth:C002 --out kB
# Each kiosk records, for the first student planned at C001 and C002:
# entry and exit at the visit, the student's feedback, and on the booth
# kiosk a lead note by the company's staff.
# 120 characters with 、。（）: the report must show it whole, wrapped
LONG_COMMENT='説明が大変分かりやすく、社員の方の話から仕事内容がよく分かりました。工場見学では実際の製造ラインを見せていただき（特に検査工程）、品質へのこだわりを感じました。質問にも丁寧に答えていただき、働くイメージが持てました。ありがとうございました。'
export LONG_COMMENT
python3 - <<'PY'
import csv, os, sqlite3, uuid, time
rows = list(csv.DictReader(open('plan.csv', encoding='utf-8-sig')))
ev = sqlite3.connect('ev.db')
def aid(ext): return ev.execute("SELECT id FROM attendees WHERE ext_id = ?", (ext,)).fetchone()[0]
def pid(ext): return ev.execute("SELECT id FROM places WHERE ext_id = ?", (ext,)).fetchone()[0]
base = 1796605200000   # 2026-12-07 10:00 JST
def fact(db, kind, kiosk, place, att, direction=1, rating=0, tags='', note='', t=0):
    db.execute("INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,"
               " serial, direction, source, wall_ms, boot_id, mono_ms, rating,"
               " tags, note) VALUES (?,?,?,?,?,1,?,'scanner',?,'b',?,?,?,?)",
               (uuid.uuid4().bytes, kind, kiosk, place, att, direction,
                base + t, t, rating, tags, note))
for kio, comp in (('kA', 'C001'), ('kB', 'C002')):
    db = sqlite3.connect(kio + '/kiosk.db')
    mine = [r for r in rows if r['company'] == comp]
    # the first two: one who consented (odd ids), one who did not
    yes = next(r for r in mine if int(r['attendee'][1:]) % 2)
    no = next(r for r in mine if not int(r['attendee'][1:]) % 2)
    mine = [yes, no] + [r for r in mine if r not in (yes, no)]
    if comp == 'C001':
        open('firsts.txt', 'w').write(yes['attendee'] + ' ' + no['attendee'])
    for i, r in enumerate(mine):
        a = aid(r['attendee']); v = pid('visit:%s:%s' % (comp, r['date']))
        fact(db, 'checkin', kio, v, a, 1, t=i * 1000)
        fact(db, 'checkin', kio, v, a, -1, t=i * 1000 + 500)
        note = '=SUM(A1) とても勉強になった' if i == 0 else ('説明が早かった' if i == 1 else '')
        if i == 2 and comp == 'C001':
            note = os.environ['LONG_COMMENT']
        if 3 <= i <= 7 and comp == 'C001': # more than a page of comments
            note = '%d人目: %s' % (i, os.environ['LONG_COMMENT'] * 2)
        fact(db, 'feedback', kio, v, a, rating=5 - i % 2, tags='仕事内容が分かった|社員と話せた' if i % 2 == 0 else '社員と話せた', note=note, t=i * 1000 + 600)
        fact(db, 'lead', kio, pid('booth:' + comp), a, rating=4, tags='積極的', note='二次面談へ %s' % r['attendee'], t=i * 1000 + 700)
    # a booth entry for the rally
    fact(db, 'checkin', kio, pid('booth:' + comp), aid('S0001'), 1, t=99000)
    db.commit()
PY
# a visit kiosk for C001: all its host days, with who is expected
check "pack visit kiosk" "$F" pack --db ev.db --role visit --place C001 --out kV
has "role visit" kV/kiosk.ini "role = visit"
has "first host day" kV/kiosk.ini "place = $(q "SELECT ext_id FROM places WHERE kind = 'visit' AND ext_id LIKE 'visit:C001:%' ORDER BY starts_ms LIMIT 1")"
has "named after the company" kV/kiosk.ini "name = visit-C001"
is "the company's plan travels with it" "$(q "SELECT count(*) FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'assign' AND p.ext_id LIKE 'visit:C001:%' AND NOT EXISTS (SELECT 1 FROM facts v WHERE v.voids = f.uuid)")" \
	"$(sqlite3 kV/kiosk.db "SELECT count(*) FROM facts WHERE kind = 'assign'")"
is "no other company's plan" 0 "$(sqlite3 kV/kiosk.db "SELECT count(*) FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'assign' AND p.ext_id NOT LIKE 'visit:C001:%'")"
is "a booth kiosk gets no plan" 0 "$(sqlite3 kA/kiosk.db "SELECT count(*) FROM facts WHERE kind = 'assign'")"
is "and no contact details" 0 "$(sqlite3 kV/kiosk.db "SELECT count(*) FROM attendees WHERE email <> '' OR phone <> ''")"
check "pack --update keeps the plan current" "$F" pack --db ev.db --update kV
check "the visit kiosk merges back cleanly" sh -c "cp ev.db evV.db && '$F' merge --db evV.db kV/kiosk.db >/dev/null && [ \"\$(sqlite3 evV.db \"SELECT count(*) FROM facts WHERE kind = 'assign'\")\" = \"\$(sqlite3 ev.db \"SELECT count(*) FROM facts WHERE kind = 'assign'\")\" ]"
cp ev.db evAB.db; cp ev.db evBA.db
check "merge A then B" "$F" merge --db evAB.db kA/kiosk.db kB/kiosk.db
check "merge B then A" "$F" merge --db evBA.db kB/kiosk.db kA/kiosk.db
check "merge again (idempotent)" "$F" merge --db evAB.db kB/kiosk.db kA/kiosk.db
fb() { sqlite3 "$1" "SELECT kind, place_id, attendee_id, rating, tags, note FROM facts WHERE kind IN ('feedback', 'lead') ORDER BY 1, 2, 3, 6"; }
is "feedback and leads merged" "$(fb evAB.db | wc -l)" "$(sqlite3 kA/kiosk.db "SELECT count(*) FROM facts WHERE kind IN ('feedback', 'lead')" | awk -v b="$(sqlite3 kB/kiosk.db "SELECT count(*) FROM facts WHERE kind IN ('feedback', 'lead')")" '{print $1 + b}')"
check "same facts in either order, twice" sh -c "[ \"\$(sqlite3 evAB.db \"SELECT kind, place_id, attendee_id, rating, tags, note FROM facts WHERE kind IN ('feedback', 'lead') ORDER BY 1, 2, 3, 6\")\" = \"\$(sqlite3 evBA.db \"SELECT kind, place_id, attendee_id, rating, tags, note FROM facts WHERE kind IN ('feedback', 'lead') ORDER BY 1, 2, 3, 6\")\" ]"
cp evAB.db ev.db

set -- $(cat firsts.txt)
first=$1 second=$2
fname=$(q "SELECT name FROM attendees WHERE ext_id = '$first'")
sname=$(q "SELECT name FROM attendees WHERE ext_id = '$second'")
fcons=$(q "SELECT consent FROM attendees WHERE ext_id = '$first'")
"$F" export feedback --db ev.db --company C001 --out fb.csv 2>err.txt
is "export feedback exit 0" 0 $?
has "answers counted" fb.csv "C001,株式会社1,回答数,,"
has "rating rows" fb.csv "評価,5 とてもよかった"
has "tag counts" fb.csv "タグ,社員と話せた"
has "formula guarded" fb.csv "'=SUM(A1) とても勉強になった"
is "first is the consenting one" 1 "$fcons"
named=$fname anon=$sname
has "a consenting student's comment is named" fb.csv "$named"
hasnt "a student without consent is never named" fb.csv "$anon"
has "anonymous marked" fb.csv "匿名"
hasnt "only C001's feedback" fb.csv "C002"
run_ok "fairsync export feedback" \
	"$F" export feedback --db ev.db --company C001 --min-count 100 --format json --out fb.json 2>/dev/null
has "counts below --min-count suppressed" fb.json '"count":"<100"'
hasnt "no comments under --min-count" fb.json "コメント"
check "json parses" python3 -c "import json; [json.loads(l) for l in open('fb.json')]"
run_ok "fairsync export feedback" \
	"$F" export feedback --db ev.db --format xlsx --out fb.xlsx 2>/dev/null
check "xlsx written" test -s fb.xlsx
"$F" export leads --db ev.db --company C001 --format csv --out leads.csv 2>/dev/null
is "export leads exit 0" 0 $?
has "lead note column" leads.csv "メモ"
consented=$first refused=$second
has "lead note of a consenting visitor" leads.csv "二次面談へ $consented"
hasnt "no lead note of a visitor without consent" leads.csv "二次面談へ $refused"
hasnt "no name without consent in leads" leads.csv "$(q "SELECT name FROM attendees WHERE ext_id = '$refused'")"

"$F" report --db ev.db --per-company --out report.pdf 2>/dev/null
is "report exit 0" 0 $?
pdftotext report.pdf report.txt
has "feedback page in the report" report.txt "学生からのフィードバック: 株式会社1"
is "the long comment is 120 characters" 120 "$(printf %s "$LONG_COMMENT" | python3 -c 'import sys; print(len(sys.stdin.read()))')"
tr -d '\n' < report.txt > report-joined.txt
has "the long comment whole, wrapped" report-joined.txt "$LONG_COMMENT"
hasnt "on several lines, not cut to one" report.txt "$LONG_COMMENT"
for i in 3 4 5 6 7; do
	has "a 240-character comment whole ($i)" report-joined.txt "${i}人目: $LONG_COMMENT$LONG_COMMENT"
done
has "comments go on over a page" report.txt "学生からのフィードバック: 株式会社1（続き）"
check "no line starts with 。、）" sh -c "! grep -nE '^(。|、|）)' report.txt"
hasnt "no names in the report" report.txt "$fname"

"$F" certificates --db ev.db --out certs.pdf 2>err.txt
is "certificates exit 0" 0 $?
has "certificates counted" err.txt "certificates in 'certs.pdf'"
pdftotext certs.pdf certs.txt
has "certificate title" certs.txt "参加証明書"
has "organizer on it" certs.txt "NPO法人 ぎふ人事部"
has "the student's visit" certs.txt "企業訪問"
pages=$(pdfinfo certs.pdf | awk '/^Pages:/ {print $2}')
is "one page per student who attended" "$(q "SELECT count(DISTINCT attendee_id) FROM facts WHERE kind = 'checkin' AND direction = 1")" "$pages"
run_ok "fairsync certificates ev.db" \
	"$F" certificates --db ev.db --out one.pdf --attendee "$first" 2>/dev/null
is "one student's page" 1 "$(pdfinfo one.pdf | awk '/^Pages:/ {print $2}')"
# a long program and company name, a long event name: wrapped, whole
LONG_PLACE='製造現場の一日体験と若手社員座談会（午前の部・午後の部、昼食付き）'
LONG_CO='株式会社ぎふものづくりテクノロジーホールディングス'
cp ev.db longc.db
sqlite3 longc.db "UPDATE places SET name = '$LONG_PLACE' WHERE ext_id LIKE 'visit:C001:%'; UPDATE companies SET name = '$LONG_CO' WHERE ext_id = 'C001'; UPDATE event SET name = 'ぎふ シゴトリップ 2026 冬 高校生・大学生のための岐阜県内企業インターンシップ体験ツアー'"
run_ok "fairsync certificates longc.db" \
	"$F" certificates --db longc.db --out longc.pdf --attendee "$first" 2>/dev/null
pdftotext -layout longc.pdf longc.txt
is "long names: one page" 1 "$(pdfinfo longc.pdf | awk '/^Pages:/ {print $2}')"
# -layout keeps the columns apart; the name column's lines joined back
awk '/企業訪問/ { sub(/^.*企業訪問 */, ""); printf "%s", $0; on = 1; next }
	on && /^ +[^ ]/ { sub(/^ +/, ""); printf "%s", $0; next } { on = 0 }' \
	longc.txt > longc-joined.txt
has "the long program and company whole" longc-joined.txt "$LONG_PLACE（$LONG_CO）"
hasnt "on two lines, not shrunk onto one" longc.txt "$LONG_PLACE（$LONG_CO）"
pdftotext longc.pdf longc-raw.txt
check "the long event name whole" sh -c "tr -d '\n' < longc-raw.txt | grep -qF 'インターンシップ体験ツアー（2026-12-07〜2026-12-11）'"
check "no certificate line starts with 、）" sh -c "! grep -qE '^(、|）|。)' longc-raw.txt"
"$F" certificates --db ev.db --out none.pdf --attendee S0149 >/dev/null 2>err.txt
is "nothing attended, exit 1" 1 $?
check "no empty PDF left" test ! -e none.pdf

# ---- stamp rally ----
"$F" export rally --db ev.db --out rally.csv >/dev/null 2>err.txt
is "no rally yet, exit 1" 1 $?
check "rally set" "$F" rally --db ev.db --booths 2 --kinds booth,visit
run_ok "fairsync rally ev.db" "$F" rally --db ev.db >out.txt
has "rally shown" out.txt "stamp rally: 2 stamps from booth,visit"
"$F" rally --db ev.db --booths 2 --kinds booth,hall >/dev/null 2>err.txt
is "unknown kind refused" 2 $?
"$F" export rally --db ev.db --out rally.csv 2>/dev/null
is "export rally exit 0" 0 $?
has "rally header" rally.csv "受付番号,氏名,学校名,スタンプ数,達成日時"
want=$(q "SELECT count(*) FROM (SELECT attendee_id FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'checkin' AND f.direction = 1 AND p.kind IN ('booth', 'visit') GROUP BY attendee_id HAVING count(DISTINCT place_id) >= 2)")
is "who completed it" "$want" "$(($(wc -l <rally.csv) - 1))"
check "rally --help" sh -c "'$F' rally --help | grep -q 'stamp rally'"
check "certificates --help" sh -c "'$F' certificates --help | grep -q 'never the tour plan'"

echo "$fails failed"
[ "$fails" -eq 0 ]
