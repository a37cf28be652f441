#!/bin/sh
# End to end: central schema 7 (issues 26, 27, 22). A server made at
# schema 6 holding an event is upgraded: the event gets its window from
# C's calendar, and the kiosk check uses it. Two fairs with the roster
# fields funders ask about, groups and settings, and a joint training with
# employees, pushed; pulled into new files they come back whole (pull
# dropped employees and groups before). The season's KPI (export kpi --db
# URL, --season) equals counts made here in SQL on the server over both
# fairs; the training's KPI counts companies and employees, checked
# against SQL over its event file. Then a purge of the server: nothing
# personal is left, and neither a pull nor a push brings it back.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
. "$REPO/tests/e2e/lib/pg.sh"
export LSAN_OPTIONS="suppressions=$REPO/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
PY=/usr/bin/python3
is() { # description, expected, actual
	if [ "$2" = "$3" ]; then echo "ok: $1"
	else echo "FAIL: $1: wanted '$2', got '$3'"; fails=$((fails + 1)); fi
}
pgq() { psql_q "$PG_URL" "$1"; }
# kpi CSV INDICATOR: the 実績 of one indicator (first row naming it)
kpi() {
	$PY - "$1" "$2" <<'PYEOF'
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    for row in csv.DictReader(f):
        if row['指標'] == sys.argv[2]:
            print(row['実績']); break
PYEOF
}
ms() { echo $(( $(date -u -d "$1" +%s) * 1000 )); }

# ---- a server of schema 6 with an event on it, upgraded -----------------
run_ok "a server of schema 6" "$FS" central init --url "$PG_URL" --schema 6 \
	2>/dev/null
pgq "INSERT INTO events VALUES (77, 'old', '2026-06-01', '2026-06-02', 540)" ||
	exit 1
"$FS" central init --url "$PG_URL" 2>mig.err
check "central init migrates it to schema 7" grep -q 'migrated to version 7' mig.err
# 2026-06-01 00:00 in UTC+9 to 2026-06-03 00:00 in UTC+9
is "the old event's window, from C's calendar" \
	"$(ms '2026-05-31 15:00:00Z')..$(ms '2026-06-02 15:00:00Z')" \
	"$(pgq "SELECT window_lo_ms || '..' || window_hi_ms FROM events
		WHERE event_id = 77")"

# ---- two fairs --------------------------------------------------------
cat >companies.csv <<'EOT'
企業ID,企業名,業種,従業員数,所在市町村
C1,ミノ精工,製造業,120名,岐阜市
C2,飛騨ソフト,IT,50〜99,高山市
C3,東濃商事,商社,,
EOT
fair() { # DB NAME START PREFECTURE-OF-EVEN-STUDENTS N
	run_ok "init $1" "$FS" init --db "$1" --name "$2" --start "$3" \
		>/dev/null 2>&1
	run_ok "settings $1" "$FS" settings --db "$1" --prefecture 岐阜県 \
		>/dev/null
	run_ok "companies $1" "$FS" import companies --db "$1" companies.csv \
		>/dev/null 2>&1
	{
		echo "受付番号,氏名,学校名,学年,出身地,メールアドレス"
		i=1
		while [ $i -le "$5" ]; do
			case $((i % 2)) in 0) p=$4;; *) p=岐阜;; esac
			case $((i % 3)) in 0) s=岐阜大学;; 1) s=岐阜工業高等専門学校;; *) s=中部短期大学;; esac
			printf 'S%02d,学生%d,%s,%d年,%s,s%d@x.jp\n' $i $i $s \
				$((i % 4 + 1)) "$p" $i
			i=$((i + 1))
		done
	} >students-$1.csv
	run_ok "students $1" "$FS" import students --db "$1" \
		students-$1.csv >/dev/null 2>&1
	printf 'グループ,学生ID\n1号車,S01\n1号車,S02\n2号車,S03\n' >groups.csv
	run_ok "groups $1" "$FS" import groups groups.csv --db "$1" >/dev/null
	T0=$(ms "$3 01:00:00Z")
	# every student but the last three comes; booths by number
	i=1
	while [ $i -le $(($5 - 3)) ]; do
		for pl in entrance $( [ $((i % 2)) -eq 0 ] && echo booth:C1 ) \
			$( [ $((i % 3)) -eq 0 ] && echo booth:C2 ); do
			sqlite3 "$1" "INSERT INTO facts (uuid, kind, kiosk,
			  place_id, attendee_id, serial, direction, source,
			  wall_ms) VALUES (randomblob(16), 'checkin', 'k',
			  (SELECT id FROM places WHERE ext_id = '$pl'),
			  (SELECT id FROM attendees WHERE ext_id =
			  '$(printf 'S%02d' $i)'), 1, 1, 'camera',
			  $T0 + $i * 60000)" || exit 1
		done
		i=$((i + 1))
	done
	# one scan voided: that student did not come
	sqlite3 "$1" "INSERT INTO facts (uuid, kind, kiosk, wall_ms, voids)
	  SELECT randomblob(16), 'void', 'k', wall_ms + 1000, uuid FROM facts
	  WHERE attendee_id = (SELECT id FROM attendees WHERE ext_id = 'S01')
	  AND kind = 'checkin'" || exit 1
}
fair a.db "ぎふ合同企業説明会 冬" 2026-12-05 愛知県 20
fair b.db "ぎふ合同企業説明会 春" 2027-03-10 三重県 12
# a feedback answer, so the per-tag rows are exercised across events
sqlite3 a.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
  serial, direction, source, wall_ms, rating, tags) SELECT randomblob(16),
  'feedback', 'k', (SELECT id FROM places WHERE ext_id = 'booth:C1'), id, 1,
  1, 'camera', $(ms '2026-12-05 02:00:00Z'), 4, '社員と話せた' FROM
  attendees WHERE ext_id = 'S02'" || exit 1

# a survey answer before and after, and a roll-call departure (facts since
# schema 6): they travel as facts
sqlite3 a.db "INSERT INTO facts (uuid, kind, kiosk, attendee_id, direction,
  wall_ms, rating, tags) SELECT randomblob(16), 'survey', 'k', id, d,
  $(ms '2026-12-05 03:00:00Z') + d, 2 + d, 'Q1' FROM attendees, (SELECT 1
  AS d UNION SELECT -1) WHERE ext_id = 'S02';
  INSERT INTO facts (uuid, kind, kiosk, wall_ms, tags, note) SELECT
  randomblob(16), 'departure', 'k', $(ms '2026-12-05 04:00:00Z'), '1号車',
  'present=' || (SELECT id FROM attendees WHERE ext_id = 'S02') ||
  ';missing=' || (SELECT id FROM attendees WHERE ext_id = 'S01')" || exit 1

run_ok "push a.db" "$FS" push --db a.db --to "$PG_URL" 2>/dev/null
run_ok "push b.db" "$FS" push --db b.db --to "$PG_URL" 2>/dev/null
EVA=$(sqlite3 a.db 'SELECT event_id FROM event')
is "the server holds a.db's prefectures" \
	"$(sqlite3 a.db 'SELECT count(*) FROM attendee_profile')" \
	"$(pgq "SELECT count(*) FROM attendee_profile WHERE event_id = $EVA")"
is "head counts as number and as text" "120|50〜99|" \
	"$(pgq "SELECT string_agg(coalesce(employees::text, employees_text, ''),
		'|' ORDER BY company_id) FROM company_profile
		WHERE event_id = $EVA")"
is "groups and members" "2 3" "$(pgq "SELECT (SELECT count(*) FROM groups
	WHERE event_id = $EVA) || ' ' || (SELECT count(*) FROM group_members
	WHERE event_id = $EVA)")"
is "settings" "岐阜県" "$(pgq "SELECT value FROM settings WHERE
	event_id = $EVA AND key = 'prefecture'")"
is "the window from C's calendar" \
	"$(ms '2026-12-04 15:00:00Z')..$(ms '2026-12-05 15:00:00Z')" \
	"$(pgq "SELECT window_lo_ms || '..' || window_hi_ms FROM events
		WHERE event_id = $EVA")"

# a group re-imported locally: the server's members follow the push
printf 'グループ,学生ID\n1号車,S04\n2号車,S03\n' >groups2.csv
run_ok "groups again" "$FS" import groups groups2.csv --db a.db >/dev/null
run_ok "push a.db again" "$FS" push --db a.db --to "$PG_URL" 2>/dev/null
is "a pushed group's members replace the server's" "1号車:S04|2号車:S03" \
	"$(pgq "SELECT string_agg(g.name || ':' || a.ext_id, '|' ORDER BY g.name)
	FROM group_members m JOIN groups g ON g.event_id = m.event_id AND
	g.id = m.group_id JOIN attendees a ON a.event_id = m.event_id AND
	a.id = m.attendee_id WHERE m.event_id = $EVA")"

# ---- pull brings it all back ------------------------------------------
run_ok "pull into a new file" "$FS" pull --db fresh.db --from "$PG_URL" \
	--event "$EVA" 2>/dev/null
for t in "attendee_profile" "company_profile" "employees" \
	"groups" "group_members" "settings"; do
	is "pulled $t equals the pushed one" \
		"$(sqlite3 a.db "SELECT * FROM $t ORDER BY 1, 2")" \
		"$(sqlite3 fresh.db "SELECT * FROM $t ORDER BY 1, 2")"
done
PF="SELECT kind, attendee_id, direction, rating, tags, note FROM facts
  WHERE kind IN ('survey', 'departure') ORDER BY 1, 3"
is "survey answers and the departure come back" "$(sqlite3 a.db "$PF")" \
	"$(sqlite3 fresh.db "$PF")"
is "three of them" 3 "$(sqlite3 fresh.db "$PF" | wc -l)"
is "a head count's type survives" "integer|text|null" \
	"$(sqlite3 fresh.db "SELECT group_concat(t, '|') FROM (SELECT
	typeof(employees) AS t FROM company_profile ORDER BY company_id)")"

# ---- the kiosk check uses the stored window ---------------------------
capture_ok KURL "central grant" "$FS" central grant --url "$PG_URL" \
	--kiosk booth-C1 --db a.db 2>/dev/null
kfact() { # wall_ms: a kiosk's check-in
	psql -X -q -t -A -v ON_ERROR_STOP=1 "$KURL" -c "INSERT INTO facts
	(uuid, event_id, kind, kiosk, place_id, attendee_id, serial, direction,
	source, wall_ms, boot_id, mono_ms, flags) VALUES
	(decode(md5(random()::text), 'hex'), $EVA, 'checkin', 'booth-C1', 1,
	1, 1, 1, 'camera', $1, 'b', 0, 0)"
}
check "a kiosk's fact on the event's first instant is taken" \
	kfact "$(ms '2026-12-04 15:00:00Z')"
check "one a millisecond before is refused" sh -c "! $(command -v psql) -X -q \
	-v ON_ERROR_STOP=1 '$KURL' -c \"INSERT INTO facts (uuid, event_id, kind,
	kiosk, place_id, attendee_id, serial, direction, source, wall_ms,
	boot_id, mono_ms, flags) VALUES (decode(md5('x'), 'hex'), $EVA,
	'checkin', 'booth-C1', 1, 1, 1, 1, 'camera',
	$(( $(ms '2026-12-04 15:00:00Z') - 1 )), 'b', 0, 0)\" 2>early.err"
check "saying it is outside the event's days" grep -q 'outside the days' early.err
check "and one at the window's end" sh -c "! $(command -v psql) -X -q \
	-v ON_ERROR_STOP=1 '$KURL' -c \"INSERT INTO facts (uuid, event_id, kind,
	kiosk, place_id, attendee_id, serial, direction, source, wall_ms,
	boot_id, mono_ms, flags) VALUES (decode(md5('y'), 'hex'), $EVA,
	'checkin', 'booth-C1', 1, 1, 1, 1, 'camera',
	$(ms '2026-12-05 15:00:00Z'), 'b', 0, 0)\" 2>/dev/null"
# the kiosk's check-in above is attendee 1 at place 1: remove it so the
# counts below are the two files' own
pgq "DELETE FROM facts WHERE kiosk = 'booth-C1'" >/dev/null || exit 1
pgq "DELETE FROM events WHERE event_id = 77" >/dev/null || exit 1

# ---- a training, in another fiscal year --------------------------------
run_ok "init --kind training" "$FS" init --db t.db --name 合同社員研修 \
	--start 2026-03-10 --end 2026-03-11 --kind training >/dev/null 2>&1
printf '企業ID,企業名\nA,アルファ\nB,ベータ工業\nC,シー商事\n' >tco.csv
cat >tses.csv <<'EOT'
ID,セミナー名,開始,終了
T1,安全講習,2026-03-10 10:00,2026-03-10 11:00
T2,品質管理,2026-03-10 13:00,2026-03-10 14:00
T3,リーダー研修,2026-03-11 10:00,2026-03-11 11:00
T4,振り返り,2026-03-11 13:00,2026-03-11 14:00
T5,修了式,2026-03-11 15:00,2026-03-11 16:00
EOT
{
	echo "社員番号,氏名,フリガナ,企業ID,部署,役職,メール"
	for i in 01 02 03 04 05 06 07; do
		case $i in 0[1-3]) c=A;; 0[4-6]) c=B;; *) c=C;; esac
		echo "E$i,社員$i,シャイン,$c,製造部,課長,e$i@x.jp"
	done
} >temp.csv
run_ok "training companies" "$FS" import companies tco.csv --db t.db >/dev/null 2>&1
run_ok "training sessions" "$FS" import sessions tses.csv --db t.db >/dev/null 2>&1
run_ok "employees" "$FS" import employees temp.csv --db t.db >/dev/null 2>&1
# E01 all 5, E02 4 (80 %: completes), E03 3, E04 5, E05 1, E06 none,
# E07 4 with one of them voided (3)
att() { # employee sessions...
	e=$1; shift
	for s in "$@"; do
		sqlite3 t.db "INSERT INTO facts (uuid, kind, kiosk, place_id,
		  attendee_id, serial, direction, source, wall_ms) SELECT
		  randomblob(16), 'checkin', 'door', p.id, a.id, 1, 1, 'camera',
		  p.starts_ms + 60000 FROM places p, attendees a WHERE
		  p.ext_id = 'session:$s' AND a.ext_id = '$e'" || exit 1
	done
}
att E01 T1 T2 T3 T4 T5; att E02 T1 T2 T3 T4; att E03 T1 T2 T3
att E04 T1 T2 T3 T4 T5; att E05 T5; att E07 T1 T2 T3 T4
sqlite3 t.db "INSERT INTO facts (uuid, kind, kiosk, wall_ms, voids) SELECT
  randomblob(16), 'void', 'door', f.wall_ms + 1, f.uuid FROM facts f JOIN
  attendees a ON a.id = f.attendee_id JOIN places p ON p.id = f.place_id
  WHERE a.ext_id = 'E07' AND p.ext_id = 'session:T4'" || exit 1
sqlite3 t.db "SELECT count(*) FROM places WHERE kind = 'session'" |
	grep -qx 5 || { echo "FAIL: the sessions did not import"; exit 1; }

run_ok "export kpi of the training" "$FS" export kpi --db t.db \
	--min-count 1 --format csv --out t.csv 2>/dev/null
# counted here, independently
TV="WITH ok AS (SELECT f.* FROM facts f WHERE f.kind = 'checkin' AND
  f.direction = 1 AND NOT EXISTS (SELECT 1 FROM facts v WHERE v.kind =
  'void' AND v.voids = f.uuid)), per AS (SELECT a.id, e.company_id,
  (SELECT count(DISTINCT ok.place_id) FROM ok JOIN places p ON p.id =
  ok.place_id AND p.kind = 'session' WHERE ok.attendee_id = a.id) AS n
  FROM attendees a JOIN employees e ON e.attendee_id = a.id WHERE
  a.role = 2), ses AS (SELECT count(*) AS s FROM places WHERE kind =
  'session')"
tq() { sqlite3 t.db "$TV $1"; }
is "training: companies" "$(tq "SELECT count(*) FROM companies")" \
	"$(kpi t.csv 参加企業数)"
is "training: companies with employees" \
	"$(tq "SELECT count(DISTINCT company_id) FROM per")" \
	"$(kpi t.csv 社員を登録した企業数)"
is "training: employees registered" "$(tq "SELECT count(*) FROM per")" \
	"$(kpi t.csv 登録社員数)"
is "training: employees who attended" \
	"$(tq "SELECT count(*) FROM per WHERE n > 0")" "$(kpi t.csv 出席社員数)"
is "training: attendance rate" \
	"$(tq "SELECT printf('%.1f%%', 100.0 * sum(n) / (count(*) * (SELECT s FROM ses))) FROM per")" \
	"$(kpi t.csv 出席率)"
is "training: completions at 80 %" \
	"$(tq "SELECT count(*) FROM per WHERE n * 5 >= 4 * (SELECT s FROM ses)")" \
	"$(kpi t.csv '修了者数（出席率80%以上）')"
is "the scenario: 3 of 7 complete" 3 "$(kpi t.csv '修了者数（出席率80%以上）')"
is "training: per company, ベータ工業's attended" \
	"$(tq "SELECT count(*) FROM per JOIN companies c ON c.id = per.company_id WHERE c.ext_id = 'B' AND n > 0")" \
	"$(kpi t.csv 出席社員数:ベータ工業)"
is "training: per company, アルファ's completions" \
	"$(tq "SELECT count(*) FROM per JOIN companies c ON c.id = per.company_id WHERE c.ext_id = 'A' AND n * 5 >= 4 * (SELECT s FROM ses)")" \
	"$(kpi t.csv 修了者数:アルファ)"
check "no student rows in a training's KPI" sh -c \
	"! grep -q '学生' t.csv"
run_ok "--min-rate 0.6" "$FS" export kpi --db t.db --min-count 1 \
	--min-rate 0.6 --format csv --out t6.csv 2>/dev/null
is "training: completions at 60 %" \
	"$(tq "SELECT count(*) FROM per WHERE n * 5 >= 3 * (SELECT s FROM ses)")" \
	"$(kpi t6.csv '修了者数（出席率60%以上）')"
run_ok "export kpi of the training as xlsx" "$FS" export kpi --db t.db \
	--out t.xlsx 2>/dev/null
is "its sheets: no student sheets" "実績報告,企業,社員" "$($PY -c "
import openpyxl, sys
print(','.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))" t.xlsx)"
is "small counts suppressed by default" "<5" "$($PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1])['社員']
for r in ws.iter_rows(values_only=True):
    if r[1] == '登録社員数:アルファ': print(r[2])" t.xlsx)"

run_ok "push the training" "$FS" push --db t.db --to "$PG_URL" 2>/dev/null
EVT=$(sqlite3 t.db 'SELECT event_id FROM event')
is "the server knows it is a training" training \
	"$(pgq "SELECT kind FROM events WHERE event_id = $EVT")"
run_ok "pull the training into a new file" "$FS" pull --db tfresh.db \
	--from "$PG_URL" --event "$EVT" 2>/dev/null
is "pulled: the kind" training "$(sqlite3 tfresh.db 'SELECT kind FROM event')"
is "pulled: the employees" "$(sqlite3 t.db 'SELECT * FROM employees')" \
	"$(sqlite3 tfresh.db 'SELECT * FROM employees')"
run_ok "the pulled training's KPI" "$FS" export kpi --db tfresh.db \
	--min-count 1 --format csv --out tf.csv 2>/dev/null
is "equals the original's" "$(sed 1,5d t.csv)" "$(sed 1,5d tf.csv)"

# ---- the season --------------------------------------------------------
run_ok "export kpi --season 2026" "$FS" export kpi --db "$PG_URL" \
	--season 2026 --min-count 1 --format csv --out s.csv 2>s.err
# counted on the server, over the two fairs of 2026年度
SV="WITH ev AS (SELECT event_id FROM events WHERE start_date BETWEEN
  '2026-04-01' AND '2027-03-31'), ok AS (SELECT f.* FROM facts f JOIN ev
  USING (event_id) WHERE f.kind IN ('checkin', 'register') AND NOT EXISTS
  (SELECT 1 FROM facts v WHERE v.kind = 'void' AND v.voids = f.uuid)),
  came AS (SELECT DISTINCT ok.event_id, ok.attendee_id FROM ok JOIN
  attendees a ON a.event_id = ok.event_id AND a.id = ok.attendee_id AND
  a.role = 0)"
sq() { pgq "$SV $1"; }
is "the season has two events" 2 "$(sq "SELECT count(*) FROM ev")"
is "season: students who came" "$(sq "SELECT count(*) FROM came")" \
	"$(kpi s.csv 来場学生数)"
is "season: roster students" "$(sq "SELECT count(*) FROM attendees a JOIN ev
	USING (event_id) WHERE a.role = 0 AND a.ext_id IS NOT NULL")" \
	"$(kpi s.csv 事前登録学生数)"
is "season: companies (per event)" "$(sq "SELECT count(*) FROM companies
	JOIN ev USING (event_id)")" "$(kpi s.csv 参加企業数)"
is "season: from outside the prefecture" "$(sq "SELECT count(*) FROM came c
	JOIN attendee_profile p ON p.event_id = c.event_id AND
	p.attendee_id = c.attendee_id WHERE p.prefecture <> '岐阜県'")" \
	"$(kpi s.csv 県外からの来場学生数)"
is "season: 高専 students who came" "$(sq "SELECT count(*) FROM came c
	JOIN attendee_profile p ON p.event_id = c.event_id AND
	p.attendee_id = c.attendee_id WHERE p.school_type = '高専'")" \
	"$(kpi s.csv 学校種別:高専)"
is "season: mean booths per student" "$(sq "SELECT to_char(avg(n),
	'FM990.00') FROM (SELECT c.event_id, c.attendee_id, (SELECT
	count(DISTINCT ok.place_id) FROM ok JOIN places p ON p.event_id =
	ok.event_id AND p.id = ok.place_id AND p.kind = 'booth' WHERE
	ok.event_id = c.event_id AND ok.attendee_id = c.attendee_id) AS n FROM
	came c) x")" "$(kpi s.csv '1人あたり訪問ブース数（平均）')"
is "season: visitors at the busiest company" "$(sq "SELECT max(n) FROM
	(SELECT co.event_id, co.id, (SELECT count(DISTINCT ok.attendee_id) FROM
	ok JOIN places p ON p.event_id = ok.event_id AND p.id = ok.place_id
	WHERE p.company_id = co.id AND ok.event_id = co.event_id) AS n FROM
	companies co JOIN ev USING (event_id)) x")" \
	"$(kpi s.csv '企業あたり来訪学生数（最大）')"
is "season: feedback answers" 1 "$(kpi s.csv 評価の回答数)"
is "season: the name" "2026年度 の全イベント（2件）" "$(kpi s.csv 事業名)"
is "season: the shared prefecture" "岐阜県" "$(kpi s.csv 開催地の都道府県)"
is "the one computation: a.db's own KPI and the season's of a.db alone" \
	"$("$FS" export kpi --db a.db --min-count 1 --list 2>/dev/null |
		grep -v '^指標' | cut -f1,3)" \
	"$("$FS" export kpi --db "$PG_URL#$EVA" --min-count 1 --list \
		2>/dev/null | grep -v '^指標' | cut -f1,3)"

run_ok "export kpi of every event" "$FS" export kpi --db "$PG_URL" \
	--min-count 1 --format csv --out all.csv 2>/dev/null
is "all events: three" "全イベント（3件）" "$(kpi all.csv 事業名)"
is "all events: the training's companies count too" \
	"$(pgq "SELECT count(*) FROM companies")" "$(kpi all.csv 参加企業数)"
is "all events: employees are no students" "$(sq "SELECT count(*) FROM came")" \
	"$(kpi all.csv 来場学生数)"
run_ok "a season as PDF" "$FS" export kpi --db "$PG_URL" --season 2026年度 \
	--out s.pdf 2>/dev/null
check "the PDF names the season" sh -c \
	"pdftotext s.pdf - | grep -q '2026年度 の全イベント'"
RUN_FAILS_RC=1 run_fails "a season with no event" "$FS" export kpi \
	--db "$PG_URL" --season 2030 --out none.csv 2>none.err
check "says so" grep -q '2030年度' none.err
check "and writes nothing" test ! -e none.csv
RUN_FAILS_RC=2 run_fails "--season of a file is a usage error" "$FS" export \
	kpi --db a.db --season 2026 --out x.csv 2>/dev/null
RUN_FAILS_RC=2 run_fails "a season that is no year" "$FS" export kpi \
	--db "$PG_URL" --season soon --out x.csv 2>/dev/null

# ---- purge: what the local purge removes goes on the server too ---------
# students' prefecture, school type and grade; employees' name, furigana,
# e-mail, department and title. A pull after it brings none of it back,
# nor does pushing a file that still holds it.
personal() { # [EVENT]: what is left on the server, attendees profiles employees
	w=${1:+"event_id = $1 AND"}
	pgq "SELECT (SELECT count(*) FROM attendees WHERE $w (name <>
	  '(削除済み)' OR kana <> '' OR email <> '' OR grade <> '')) || ' ' ||
	  (SELECT count(*) FROM attendee_profile WHERE $w (prefecture <> '' OR
	  school_type <> '')) || ' ' || (SELECT count(*) FROM employees WHERE
	  $w (department <> '' OR title <> ''))"
}
# purged in its file, b.db pushed clears b's rows on the server
EVB=$(sqlite3 b.db 'SELECT event_id FROM event')
run_ok "purge b.db" "$FS" purge --db b.db --before 2099-01-01 2>/dev/null
run_ok "push the purged b.db" "$FS" push --db b.db --to "$PG_URL" 2>/dev/null
is "the server's rows of b are cleared" "0 0 0" "$(personal "$EVB")"
is "before: the server holds a's and the training's" \
	"$(($(sqlite3 a.db 'SELECT count(*) FROM attendees') + 7)) \
$(sqlite3 a.db "SELECT count(*) FROM attendee_profile WHERE prefecture <> ''") 7" \
	"$(personal)"
is "an employee's title and e-mail are on the server" "課長 e01@x.jp" \
	"$(pgq "SELECT e.title || ' ' || a.email FROM employees e JOIN attendees a
	  ON a.event_id = e.event_id AND a.id = e.attendee_id WHERE
	  a.ext_id = 'E01'")"
FACTS=$(pgq "SELECT count(*) FROM facts")
run_ok "purge the central database" "$FS" purge --db "$PG_URL" \
	--before 2099-01-01 2>/dev/null
is "after: none of it is left" "0 0 0" "$(personal)"
is "the school stays (counts per school), the facts too" \
	"$(sqlite3 a.db "SELECT count(*) FROM attendees WHERE school <> ''") $FACTS" \
	"$(pgq "SELECT (SELECT count(*) FROM attendees WHERE event_id = $EVA AND
	  school <> '') || ' ' || (SELECT count(*) FROM facts)")"
LOCAL="SELECT (SELECT count(*) FROM attendees WHERE name <> '(削除済み)' OR
  kana <> '' OR email <> '' OR grade <> '') || ' ' || (SELECT count(*)
  FROM attendee_profile WHERE prefecture <> '' OR school_type <> '') || ' ' ||
  (SELECT count(*) FROM employees WHERE department <> '' OR title <> '')"
run_ok "pull the purged fair into a new file" "$FS" pull --db pa.db \
	--from "$PG_URL" --event "$EVA" 2>/dev/null
run_ok "pull the purged training into a new file" "$FS" pull --db pt.db \
	--from "$PG_URL" --event "$EVT" 2>/dev/null
is "the pulled fair holds nothing personal" "0 0 0" "$(sqlite3 pa.db "$LOCAL")"
is "the pulled training neither" "0 0 0" "$(sqlite3 pt.db "$LOCAL")"
is "... yet all its rows" "$(sqlite3 t.db 'SELECT count(*) FROM employees')" \
	"$(sqlite3 pt.db 'SELECT count(*) FROM employees')"
run_ok "pull into the fair's own, unpurged file" "$FS" pull --db a.db \
	--from "$PG_URL" --event "$EVA" 2>/dev/null
is "the server's purge reaches it" "0 0 0" "$(sqlite3 a.db "$LOCAL")"
run_ok "push the training's unpurged file again" "$FS" push --db t.db \
	--to "$PG_URL" 2>/dev/null
is "the push brings nothing back to the server" "0 0 0" "$(personal)"
[ "$fails" -eq 0 ]
