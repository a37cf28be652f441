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
"$F" assign --db ev_copy.db --seed 7 --out plan_again.csv >/dev/null 2>&1
check "same seed, same plan" cmp -s plan.csv plan_again.csv
cp ev.db before.db
"$F" assign --db ev.db --seed 8 --out plan2.csv >out.txt 2>&1
check "assigned students keep their visits" cmp -s plan.csv plan2.csv
has "kept" out.txt "planned 0 visits for 150 students (150 kept their visits)"
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

echo "$fails failed"
[ "$fails" -eq 0 ]
