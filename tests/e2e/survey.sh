#!/bin/sh
# End to end: the five-day tour's before-and-after survey. The questions
# set from a file (an unknown 種別 refuses it by row, changing nothing),
# the answers on paper imported (an unknown student or answer refuses the
# file by row), then `fairsync export survey`: per question the answers
# before and after, and the paired change of the students who answered
# both, checked against a computation made here in Python; small counts
# shown as <N.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
F="$PWD/$B/fairsync"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$OLDPWD/tests/e2e/lib/check.sh"
is() { # description, expected, actual
	if [ "$2" = "$3" ]; then echo "ok: $1"
	else echo "FAIL: $1: wanted '$2', got '$3'"; fails=$((fails + 1)); fi
}
has() { # description, file, fixed string
	if grep -qF -- "$3" "$2"; then echo "ok: $1"
	else echo "FAIL: $1: '$3' not in $2:"; sed 's/^/    /' "$2"
		fails=$((fails + 1)); fi
}

run_ok "init a five-day tour" "$F" init --db ev.db \
	--name 'ぎふ シゴトリップ' --start 2026-12-07 --end 2026-12-11 \
	2>/dev/null
python3 - <<'PY'
import csv, random
r = random.Random(7)
with open('students.csv', 'w') as f:
    f.write('受付番号,氏名\n')
    for i in range(30):
        f.write(f'S{i:03d},学生 {i}\n')
with open('survey.csv', 'w', encoding='utf-8-sig') as f:
    f.write('設問,種別\n')
    f.write('地元の中小企業に魅力を感じる,5段階\n')
    f.write('地元で働きたい,５段階\n')        # full-width digit
    f.write('一番知りたいこと,選択:仕事内容/給与/社風\n')
# answers: 20 both, 5 before only, 3 after only, 2 none; some blanks
rows = []
for i in range(30):
    sid = f'S{i:03d}'
    both, pre, post = i < 20, 20 <= i < 25, 25 <= i < 28
    if both or pre:
        rows.append([sid, '事前', str(r.randint(1, 3)), str(r.randint(1, 5)),
                     r.choice(['仕事内容', '給与', '社風', '1', ''])])
    if both or post:
        rows.append([sid, '事後', str(r.randint(2, 5)),
                     '' if i % 7 == 0 else str(r.randint(1, 5)),
                     r.choice(['仕事内容', '給与', '社風'])])
with open('answers.csv', 'w', encoding='utf-8-sig', newline='') as f:
    w = csv.writer(f)
    w.writerow(['学生ID', '時期', 'Q1', 'Q2', 'Q3'])
    w.writerows(rows)
PY
run_ok "students" "$F" import students students.csv --db ev.db >/dev/null

# a survey with an unknown type: the row named, nothing changed
printf '設問,種別\n魅力を感じる,5段階\n好きな色,自由記述\n' >bad_survey.csv
run_fails "an unknown 種別: exit 1" "$F" settings --db ev.db \
	--survey bad_survey.csv >bad.out 2>bad.err
has "the row named" bad.err "bad_survey.csv:3: 種別 (type) '自由記述'"
is "no survey stored" "" "$(sqlite3 ev.db "SELECT value FROM settings WHERE key = 'survey'")"

run_ok "settings --survey" "$F" settings --db ev.db --survey survey.csv >set.out
has "the questions listed" set.out "survey Q3 = 一番知りたいこと (選択)"

# answers naming an unknown student or an answer that is none
{ cat answers.csv; printf 'S999,事前,3,3,給与\r\nS001,事前,9,3,給与\r\nS002,途中,1,1,1\r\n'; } >bad_answers.csv
n=$(wc -l <answers.csv)
run_fails "bad answers: exit 1" "$F" import survey bad_answers.csv \
	--db ev.db >ba.out 2>ba.err
has "the unknown student by row" ba.err "bad_answers.csv:$((n + 1)): ID 'S999'"
has "the answer out of range by row" ba.err "bad_answers.csv:$((n + 2)): Q1 '9'"
has "an unknown 時期 by row" ba.err "bad_answers.csv:$((n + 3)): 時期 '途中'"
is "no answer recorded" 0 "$(sqlite3 ev.db "SELECT count(*) FROM facts WHERE kind = 'survey'")"

run_ok "import survey" "$F" import survey answers.csv --db ev.db >imp.out
run_ok "export survey" "$F" export survey --db ev.db --out s.csv 2>/dev/null
run_ok "export survey --min-count 5" "$F" export survey --db ev.db \
	--min-count 5 --out s5.csv 2>/dev/null

check "the figures match an independent computation" python3 - <<'PY'
import csv
qs = ['地元の中小企業に魅力を感じる', '地元で働きたい', '一番知りたいこと']
choices = ['仕事内容', '給与', '社風']
ans = {}   # (student, when) -> [v1, v2, v3] as numbers or None
for row in list(csv.reader(open('answers.csv', encoding='utf-8-sig')))[1:]:
    vals = []
    for k, v in enumerate(row[2:]):
        if v == '':
            vals.append(None)
        elif k == 2 and v in choices:
            vals.append(choices.index(v) + 1)
        else:
            vals.append(int(v))
    ans[(row[0], row[1])] = vals
students = sorted({s for s, _ in ans})

def expected(min_count):
    out = []
    for k, q in enumerate(qs):
        labels = [str(v) for v in range(1, 6)] if k < 2 else choices
        nv = len(labels)
        dist = {w: [0] * (nv + 1) for w in ('事前', '事後')}
        for (s, w), vals in ans.items():
            if vals[k] is not None:
                dist[w][vals[k]] += 1
        small = lambda n: 0 < n < min_count
        show = lambda n: f'<{min_count}' if small(n) else str(n)
        for v in range(1, nv + 1):
            out.append([f'Q{k+1}', q, labels[v - 1], show(dist['事前'][v]),
                        show(dist['事後'][v])])
        # one hidden count and its total shown would give it away
        total = lambda d: ('(非表示)' if sum(map(small, d[1:])) == 1 else
                           show(sum(d)))
        out.append([f'Q{k+1}', q, '回答者数', total(dist['事前']),
                    total(dist['事後'])])
        pairs = [(ans[(s, '事前')][k], ans[(s, '事後')][k]) for s in students
                 if (s, '事前') in ans and (s, '事後') in ans
                 and ans[(s, '事前')][k] is not None
                 and ans[(s, '事後')][k] is not None]
        n = len(pairs)
        if n < min_count:
            out.append([f'Q{k+1}', q, '両方に回答', f'<{min_count}', ''])
            continue
        out.append([f'Q{k+1}', q, '両方に回答', str(n), ''])
        if n and k < 2:
            out.append([f'Q{k+1}', q, '平均の変化',
                        '%+.2f' % (sum(a - b for b, a in pairs) / n), ''])
            out.append([f'Q{k+1}', q, '上がった割合',
                        '%.0f%%' % (100 * sum(a > b for b, a in pairs) / n), ''])
        elif n:
            out.append([f'Q{k+1}', q, '回答が変わった割合',
                        '%.0f%%' % (100 * sum(a != b for b, a in pairs) / n), ''])
    return out

for path, m in (('s.csv', 0), ('s5.csv', 5)):
    got = list(csv.reader(open(path, encoding='utf-8-sig')))
    assert got[0] == ['設問番号', '設問', '回答', '事前', '事後'], got[0]
    want = expected(m)
    for g, w in zip(got[1:], want):
        assert g == w, (path, g, w)
    assert len(got) - 1 == len(want), (path, len(got), len(want))
# the paired change is there, and some small count was hidden
assert any(r[2] == '上がった割合' for r in expected(0))
assert any(c.startswith('<5') for r in expected(5) for c in r[3:])
PY
has "the paired students counted" s.csv '"Q1","地元の中小企業に魅力を感じる","両方に回答","20",""'

# answering again (a corrected sheet): the latest answer counts
printf '学生ID,時期,Q1\nS000,事後,5\n' >fix.csv
run_ok "a corrected answer" "$F" import survey fix.csv --db ev.db >/dev/null
is "still one answer of S000 after, the latest" 5 "$(sqlite3 ev.db "
  SELECT rating FROM facts f JOIN attendees a ON a.id = f.attendee_id
  WHERE f.kind = 'survey' AND a.ext_id = 'S000' AND f.tags = 'Q1'
  AND f.direction = -1 ORDER BY f.wall_ms DESC, f.uuid DESC LIMIT 1")"
[ "$fails" -eq 0 ]
