#!/bin/sh
# End to end: a five-day internship tour: a pre-training day, three
# company days planned by `fairsync assign`, a post-training day. The
# training sessions marked 研修 in the sessions file are expected of every
# student on the tour; `export days` shows each student's five days, and
# certificates --require-training withhold the page of a student who
# missed one.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
F="$PWD/$B/fairsync"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
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
q() { sqlite3 ev.db "$1"; }

run_ok "init" "$F" init --db ev.db --name 'ぎふ シゴトリップ' \
	--start 2026-12-07 --end 2026-12-11 2>/dev/null
printf '企業ID,企業名,業種\nC01,ミノ精工,製造業\nC02,ヒダ建設,建設\nC03,ギフ情報,IT\n' \
	>companies.csv
{ echo '受付番号,氏名,学校名'
  for i in 1 2 3 4 5 6; do echo "S00$i,学生 $i,岐阜大学"; done; } >students.csv
{ echo '企業ID,日付,定員,開始,終了'
  for d in 08 09 10; do for c in C01 C02 C03; do
	echo "$c,2026-12-$d,2,10:00,16:00"; done; done; } >hosts.csv
cat >sessions.csv <<EOT
ID,セミナー名,開始,終了,種別
PRE,事前研修,2026-12-07 10:00,2026-12-07 16:00,研修
POST,事後研修,2026-12-11 10:00,2026-12-11 16:00,研修
SEM,企業説明セミナー,2026-12-07 17:00,2026-12-07 18:00,セミナー
ODD,謎の会,2026-12-07 18:00,2026-12-07 19:00,謎
EOT
run_ok "companies" "$F" import companies companies.csv --db ev.db >/dev/null
run_ok "students" "$F" import students students.csv --db ev.db >/dev/null
run_ok "hosts" "$F" import hosts hosts.csv --db ev.db >/dev/null 2>&1
run_fails "a session of an unknown 種別 is a bad row: exit 1" "$F" import \
	sessions sessions.csv --db ev.db >ses.out 2>ses.err
has "named by line" ses.err "sessions.csv:5: 種別 (kind) は 研修 か セミナー です, not '謎'"
is "the two 研修 marked, the seminar not" "session:PRE|session:POST" \
	"$(q "SELECT value FROM settings WHERE key = 'training_sessions'")"
run_ok "assign three company days" "$F" assign --db ev.db --visits 3 \
	--seed 1 --out plan.csv >/dev/null 2>&1
is "18 visits planned" 18 "$(q "SELECT count(*) FROM facts WHERE kind = 'assign'")"

# the days as the kiosks recorded them: everyone at PRE and at every
# planned visit but S002's last one; S006 not at POST
run_ok "pack a door" "$F" pack --db ev.db --role door --place session:PRE \
	--out k >/dev/null
sqlite3 k/kiosk.db "ATTACH 'ev.db' AS ev;
  INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
    direction, source, wall_ms, boot_id, mono_ms)
  SELECT randomblob(16), 'checkin', 'door-1', p.id, a.id, 1, 1, 'camera',
    p.starts_ms + 60000, 'b', 1000
  FROM ev.places p, ev.attendees a
  WHERE (p.ext_id = 'session:PRE' OR (p.ext_id = 'session:POST'
    AND a.ext_id <> 'S006'))
  UNION ALL
  SELECT randomblob(16), 'checkin', 'door-1', f.place_id, f.attendee_id, 1,
    1, 'camera', p.starts_ms + 60000, 'b', 1000
  FROM ev.facts f JOIN ev.places p ON p.id = f.place_id
  JOIN ev.attendees a ON a.id = f.attendee_id
  WHERE f.kind = 'assign' AND NOT (a.ext_id = 'S002' AND p.starts_ms =
    (SELECT max(p2.starts_ms) FROM ev.facts f2 JOIN ev.places p2 ON
     p2.id = f2.place_id WHERE f2.kind = 'assign' AND
     f2.attendee_id = a.id))" || exit 1
is "the door of a 研修 carries the whole tour's plan" 18 \
	"$(sqlite3 k/kiosk.db "SELECT count(*) FROM facts WHERE kind = 'assign'")"
run_ok "pack a seminar's door" "$F" pack --db ev.db --role door \
	--place session:SEM --out ks >/dev/null
is "a seminar's door carries none" 0 \
	"$(sqlite3 ks/kiosk.db "SELECT count(*) FROM facts WHERE kind = 'assign'")"
run_ok "merge" "$F" merge --db ev.db k/kiosk.db >merge.txt 2>&1

run_ok "export days" "$F" export days --db ev.db --out days.csv 2>/dev/null
check "each student's five days" python3 - <<'PY'
import csv, sqlite3
rows = list(csv.reader(open('days.csv', encoding='utf-8-sig')))
assert rows[0] == ['受付番号', '氏名', '学校名', '2026-12-07', '2026-12-08',
                   '2026-12-09', '2026-12-10', '2026-12-11', '研修の欠席'], rows[0]
by = {r[0]: r for r in rows[1:]}
assert sorted(by) == [f'S00{i}' for i in range(1, 7)], by.keys()
db = sqlite3.connect('ev.db')
for sid, r in by.items():
    assert r[3] == '研修 事前研修 ○', r
    assert r[7] == ('研修 事後研修 ×' if sid == 'S006' else '研修 事後研修 ○'), r
    assert r[8] == ('1' if sid == 'S006' else '0'), r
    # the company days: the plan's companies, independently from the db
    plan = dict(db.execute("""SELECT substr(p.ext_id, -10), c.name FROM facts f
      JOIN places p ON p.id = f.place_id JOIN companies c ON c.id = p.company_id
      JOIN attendees a ON a.id = f.attendee_id WHERE f.kind = 'assign'
      AND a.ext_id = ?""", (sid,)))
    for k, day in enumerate(['2026-12-08', '2026-12-09', '2026-12-10']):
        mark = '×' if sid == 'S002' and day == '2026-12-10' else '○'
        assert r[4 + k] == f'{plan[day]} {mark}', (sid, r, plan)
PY

run_ok "certificates: exit 0" "$F" certificates --db ev.db --out all.pdf \
	2>all.err
is "a page for each of the six" 6 "$(pdfinfo all.pdf | sed -n 's/^Pages: *//p')"
run_ok "certificates --require-training: exit 0" "$F" certificates \
	--db ev.db --require-training --out req.pdf 2>req.err
is "five pages" 5 "$(pdfinfo req.pdf | sed -n 's/^Pages: *//p')"
has "the one who missed a 研修 named" req.err "S006: 研修を 1 回欠席"
[ "$fails" -eq 0 ]
