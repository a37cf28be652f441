#!/bin/sh
# End to end for what funders and the rules ask (issue 26): a roster with
# prefectures, school types and grades (some rows without them), scans at
# booths and a session, feedback and a tour; the KPI workbook read back by
# openpyxl and LibreOffice and every figure checked against a count made
# here in SQL over the event database; targets and their refusal; the
# internship type refusing leads.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
PY=/usr/bin/python3  # Debian's, which has python3-openpyxl
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"
for tool in sqlite3 soffice pdftotext; do
	command -v $tool >/dev/null || { echo "kpi.sh: needs $tool" >&2; exit 77; }
done
$PY -c 'import openpyxl' 2>/dev/null ||
	{ echo "kpi.sh: needs python3-openpyxl" >&2; exit 77; }
q() { sqlite3 ev.db "$@"; }

# ---- the event -------------------------------------------------------
"$F" init --db ev.db --name "ぎふ合同企業説明会" --start 2026-12-05 >/dev/null || exit 1
check "settings --prefecture" sh -c "'$F' settings --db ev.db --prefecture gifu | grep -q '^prefecture = 岐阜県$'"
"$F" settings --db ev.db --prefecture 火星 2>err.txt; rc=$?
check "an unknown prefecture setting is refused" sh -c "test $rc -eq 2 && grep -q '火星' err.txt"

cat > companies.csv <<'EOF'
企業ID,企業名,業種,従業員数,所在市町村
C1,ミノ精工,製造業,120名,岐阜市
C2,飛騨ソフト,IT,１５,高山市
C3,東濃商事,商社,,
C4,誰も来ない製作所,製造業,350,岐阜市
EOF
"$F" import companies --db ev.db companies.csv > imp-c.txt 2>&1
check "companies with 従業員数 and 所在市町村 import" test $? -eq 0
check "head counts folded" test "$(q "SELECT group_concat(employees, ',') FROM (SELECT employees FROM company_profile ORDER BY company_id)")" = "120,15,350"
printf 'ID,セミナー名,開始,終了,企業ID\nS1,ミノ精工 説明会,10:00,11:00,C1\n' > sessions.csv
check "a session imports" "$F" import sessions --db ev.db sessions.csv

# 30 students: prefectures, school types and grades written as people
# write them; every third without a prefecture, most without a type
{
	echo "受付番号,氏名,学校名,学年,出身地,学校種別,メールアドレス,同意"
	i=1
	while [ $i -le 30 ]; do
		case $((i % 3)) in 0) p=愛知県;; 1) p=岐阜;; *) p=;; esac
		[ $i -eq 24 ] && p=ムー大陸
		case $((i % 4)) in 0) t=短大;; *) t=;; esac
		case $((i % 2)) in 0) s=岐阜大学;; *) s=岐阜工業高等専門学校;; esac
		case $((i % 4)) in 1) g=1年;; 2) g=２;; 3) g=3年生;; *) g=B4;; esac
		printf 'S%02d,学生%d,%s,%s,%s,%s,s%d@example.jp,%s\n' \
			$i $i $s $g "$p" "$t" $i $((i % 2))
		i=$((i + 1))
	done
} > students.csv
"$F" import students --db ev.db students.csv > imp-s.txt 2>&1
check "students with the new columns import" test $? -eq 0
check "all 30" grep -q "imported 30 students" imp-s.txt
check "an unknown prefecture is a warning at its line, with the forms" \
	grep -q "^students.csv:25: 都道府県 (prefecture) 'ムー大陸' is not a prefecture (47都道府県" imp-s.txt
check "kept as given" test "$(q "SELECT prefecture FROM attendee_profile p JOIN attendees a ON a.id = p.attendee_id WHERE a.ext_id = 'S24'")" = "ムー大陸"
check "岐阜 is 岐阜県" test "$(q "SELECT prefecture FROM attendee_profile p JOIN attendees a ON a.id = p.attendee_id WHERE a.ext_id = 'S01'")" = "岐阜県"
check "grades normalised" test "$(q "SELECT group_concat(grade, ',') FROM (SELECT grade FROM attendees WHERE ext_id IN ('S01','S02','S03','S04') ORDER BY ext_id)")" = "1年,2年,3年,4年"
check "school type read from the name when absent" test "$(q "SELECT school_type FROM attendee_profile p JOIN attendees a ON a.id = p.attendee_id WHERE a.ext_id = 'S01'")" = "高専"
check "school type given wins" test "$(q "SELECT school_type FROM attendee_profile p JOIN attendees a ON a.id = p.attendee_id WHERE a.ext_id = 'S04'")" = "短大"
printf '受付番号,氏名,学校名\nS31,学生31,岐阜大学\nS32,学生32,岐阜大学\nS33,学生33,岐阜大学\nS34,学生34,岐阜大学\nS35,学生35,岐阜大学\n' > students2.csv
check "a roster without the new columns still imports" "$F" import students --db ev.db students2.csv
printf '受付番号,氏名,学年,学校種別\nS36,学生36,7年,塾\n' > students3.csv
"$F" import students --db ev.db students3.csv > imp-3.txt 2>&1
check "unknown grade and school type: warnings, row imported" sh -c "grep -q 'imported 1 student' imp-3.txt &&
	grep -q \"^students3.csv:2: 学年 (grade) '7年' is not one of 1年..6年\" imp-3.txt &&
	grep -q \"^students3.csv:2: 学校種別 (school_type) '塾' is not one of 大学, 短大, 高専, 専門学校, 高校\" imp-3.txt"
# two walk-ins registered at a kiosk: no roster profile
q "INSERT INTO attendees (id, name, school, grade, consent) VALUES
   (2147483649, '当日一郎', '中部短期大学', '1', 0),
   (2147483650, '当日二郎', '岐阜大学', 'other', 0)"

# ---- what happened ---------------------------------------------------
T0=$(( $(date -u -d 2026-12-05T01:00:00Z +%s) * 1000 ))
fact() { # kind place attendee minutes [rating tags note]
	q "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
	  serial, direction, source, wall_ms, rating, tags, note) VALUES
	  (randomblob(16), '$1', 'k', (SELECT id FROM places WHERE ext_id =
	  '$2'), (SELECT id FROM attendees WHERE ext_id = '$3' OR
	  (ext_id IS NULL AND name = '$3')), 1, 1, 'camera',
	  $T0 + $4 * 60000, ${5:-0}, '${6:-}', '${7:-}')"
}
i=1
while [ $i -le 24 ]; do
	s=$(printf 'S%02d' $i)
	fact checkin entrance $s $i
	[ $((i % 2)) -eq 0 ] && fact checkin booth:C1 $s $((i + 1))
	[ $((i % 3)) -eq 0 ] && fact checkin booth:C2 $s $((i + 2))
	[ $((i % 5)) -eq 0 ] && fact checkin booth:C3 $s $((i + 3))
	[ $((i % 4)) -eq 0 ] && fact checkin session:S1 $s $((i + 4))
	i=$((i + 1))
done
fact checkin booth:C1 S02 40              # a second scan, same booth
fact register entrance 当日一郎 5
fact register entrance 当日二郎 6
fact checkin booth:C2 当日一郎 7
# S26's only scan was a mistake, voided by staff: S26 did not come
fact checkin booth:C1 S26 8
q "INSERT INTO facts (uuid, kind, kiosk, wall_ms, voids) SELECT
   randomblob(16), 'void', 'k', wall_ms + 1000, uuid FROM facts WHERE
   attendee_id = (SELECT id FROM attendees WHERE ext_id = 'S26')"
# feedback at C1; S02 changed their mind (the latest answer counts)
fact feedback booth:C1 S02 20 1 '社員と話せた'
fact feedback booth:C1 S02 50 5 '社員と話せた|仕事内容が分かった'
n=4
for r in 4 5 3 4 5; do
	fact feedback booth:C1 $(printf 'S%02d' $n) 30 $r '社員と話せた'
	n=$((n + 2))
done
fact feedback booth:C2 S03 30 2 '仕事内容が分かった' 'もっと話したかった'
# a tour: S03 assigned C2 and C3 (did not reach C3), S06 C1 and C2
fact assign booth:C2 S03 0
fact assign booth:C3 S03 0
fact assign booth:C1 S06 0
fact assign booth:C2 S06 0

# ---- counted here, independently --------------------------------------
VALID="CREATE TEMP VIEW ok AS SELECT * FROM facts f WHERE kind IN
  ('checkin', 'register') AND NOT EXISTS (SELECT 1 FROM facts x WHERE
  x.kind = 'void' AND x.voids = f.uuid);
  CREATE TEMP VIEW came AS SELECT DISTINCT a.id, a.ext_id, a.school,
  coalesce(p.prefecture, '') AS pref, coalesce(p.school_type, '') AS st
  FROM ok JOIN attendees a ON a.id = ok.attendee_id AND a.role = 0
  LEFT JOIN attendee_profile p ON p.attendee_id = a.id;"
cnt() { q "$VALID $1"; }
CAME=$(cnt "SELECT count(*) FROM came")
ROSTER=$(cnt "SELECT count(*) FROM attendees WHERE role = 0 AND ext_id IS NOT NULL")
WALKINS=$(cnt "SELECT count(*) FROM attendees WHERE ext_id IS NULL")
# a prefecture kept as given (ムー大陸) is neither inside nor outside
OUTSIDE=$(cnt "SELECT count(*) FROM came WHERE pref GLOB '*[県都府道]' AND pref != '岐阜県'")
INSIDE=$(cnt "SELECT count(*) FROM came WHERE pref = '岐阜県'")
UNIV=$(cnt "SELECT count(*) FROM came WHERE st = '大学' OR (st = '' AND school LIKE '%大学' AND school NOT LIKE '%短期大学')")
KOSEN=$(cnt "SELECT count(*) FROM came WHERE st = '高専'")
BOOTHS=$(cnt "SELECT avg(n) FROM (SELECT c.id, count(DISTINCT CASE WHEN p.kind = 'booth' THEN p.id END) AS n FROM came c JOIN ok ON ok.attendee_id = c.id JOIN places p ON p.id = ok.place_id GROUP BY c.id)")
PERCO=$(cnt "SELECT avg(n) || ',' || min(n) || ',' || max(n) FROM (SELECT c.id, (SELECT count(DISTINCT ok.attendee_id) FROM ok JOIN places p ON p.id = ok.place_id WHERE p.company_id = c.id) AS n FROM companies c)")
SATIS=$(q "SELECT avg(rating) FROM (SELECT f.attendee_id, p.company_id, f.rating FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'feedback' AND f.wall_ms = (SELECT max(g.wall_ms) FROM facts g JOIN places h ON h.id = g.place_id WHERE g.kind = 'feedback' AND g.attendee_id = f.attendee_id AND h.company_id = p.company_id))")
check "the scenario is what it should be" test "$CAME $ROSTER $WALKINS $OUTSIDE" = "26 36 2 7"
echo "independent: came=$CAME roster=$ROSTER walkins=$WALKINS outside=$OUTSIDE inside=$INSIDE univ=$UNIV kosen=$KOSEN booths=$BOOTHS percompany=$PERCO satisfaction=$SATIS"

# ---- targets ----------------------------------------------------------
cat > targets.csv <<'EOF'
指標,目標
来場学生数,40
事前登録学生数,１００人
県外からの来場学生数,10
学校種別:大学,20
1人あたり訪問ブース数（平均）,3
来場率（事前登録者）,80%
EOF
cat > bad-targets.csv <<'EOF'
指標,目標
来場学生数,40
来場者満足度,4
ほげ,1
EOF

check "export --help tells of kpi" sh -c "'$F' export --help | grep -q '^       fairsync export kpi --db EVENT.db \\[--targets'"
"$F" export kpi --db ev.db --targets bad-targets.csv --out bad.xlsx 2>err.txt; rc=$?
check "unknown indicators are refused, exit 1" test "$rc" -eq 1
check "... naming each" sh -c "grep -q \"2 unknown indicators: '来場者満足度', 'ほげ'\" err.txt"
check "... and nothing written" test ! -e bad.xlsx
printf '指標,目標\n来場学生数,たくさん\n' > nan.csv
"$F" export kpi --db ev.db --targets nan.csv --out nan.xlsx 2>err.txt; rc=$?
check "a target that is not a number is refused at its line" sh -c "test $rc -eq 1 && grep -q \"^fairsync: nan.csv:2: 目標 (target) 'たくさん'\" err.txt"

check "export kpi xlsx" "$F" export kpi --db ev.db --targets targets.csv --format xlsx --out kpi.xlsx
check "the workbook's figures are the independent counts" env CAME=$CAME ROSTER=$ROSTER \
	WALKINS=$WALKINS OUTSIDE=$OUTSIDE INSIDE=$INSIDE UNIV=$UNIV KOSEN=$KOSEN BOOTHS=$BOOTHS \
	PERCO=$PERCO SATIS=$SATIS $PY - <<'PYEOF'
import os, openpyxl
e = os.environ
wb = openpyxl.load_workbook("kpi.xlsx")
assert wb.sheetnames == ["実績報告", "企業", "学生", "回遊", "評価", "ツアー"], wb.sheetnames
ws = wb["実績報告"]
rows = list(ws.iter_rows(values_only=True))
assert rows[0][0] == "実績報告", rows[0]
info = {r[0]: r[1] for r in rows[1:8] if r[0]}
assert info["事業名"] == "ぎふ合同企業説明会", info
assert info["開催地の都道府県"] == "岐阜県", info
assert info["実施形態"].startswith("設定なし"), info
hdr = next(i for i, r in enumerate(rows) if r[0] == "No.")
assert rows[hdr][:5] == ("No.", "指標", "目標", "実績", "達成率"), rows[hdr]
summ = {r[1]: r for r in rows[hdr + 1:] if r[1]}
def val(name): return summ[name][3]
came = int(e["CAME"])
assert val("来場学生数") == came, summ["来場学生数"]
assert summ["来場学生数"][2] == 40
assert abs(summ["来場学生数"][4] - came / 40) < 1e-9, summ["来場学生数"]
assert val("事前登録学生数") == int(e["ROSTER"]) and summ["事前登録学生数"][2] == 100
assert val("当日登録学生数") == int(e["WALKINS"])
assert val("県外からの来場学生数") == int(e["OUTSIDE"])
assert val("県内の来場学生数") == int(e["INSIDE"])
assert abs(val("1人あたり訪問ブース数（平均）") - float(e["BOOTHS"])) < 1e-9
mean, lo, hi = (float(x) for x in e["PERCO"].split(","))
assert abs(val("企業あたり来訪学生数（平均）") - mean) < 1e-9
assert abs(val("満足度（平均評価）") - float(e["SATIS"])) < 1e-9
assert val("ツアー完了率") == 0.5, summ["ツアー完了率"]
assert summ["来場率（事前登録者）"][2] == 0.8
# a targeted breakdown row comes to the summary too
assert val("学校種別:大学") == int(e["UNIV"]) and summ["学校種別:大学"][2] == 20
det = {r[1]: r for r in wb["学生"].iter_rows(values_only=True)}
assert det["学校種別:高専"][2] == int(e["KOSEN"]), det["学校種別:高専"]
# one student came from ムー大陸: a small count, suppressed
assert det["都道府県:ムー大陸"][2] == "<5", det["都道府県:ムー大陸"]
assert det["学年:1年"][2] not in (None, ""), det["学年:1年"]
vis = {r[1]: r for r in wb["回遊"].iter_rows(values_only=True)}
assert vis["企業あたり来訪学生数（最小）"][2] == lo and vis["企業あたり来訪学生数（最大）"][2] == hi
co = {r[1]: r for r in wb["企業"].iter_rows(values_only=True)}
assert co["参加企業数"][2] == 4
assert co["従業員規模:101〜300人"][2] == 1 and co["従業員規模:301人以上"][2] == 1
assert co["従業員規模:20人以下"][2] == 1 and co["従業員規模:不明"][2] == 1
assert co["業種:製造業"][2] == 2 and co["所在市町村:岐阜市"][2] == 2
fb = {r[1]: r for r in wb["評価"].iter_rows(values_only=True)}
assert fb["評価の回答数"][2] == 7, fb["評価の回答数"]
assert fb["タグ:社員と話せた"][2] == 6, fb["タグ:社員と話せた"]
assert fb["タグ:仕事内容が分かった"][2] == "<5"
PYEOF

# the counts are not made up: one more student at a booth moves them
cp ev.db ev-more.db
sqlite3 ev-more.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, direction, wall_ms)
  VALUES (randomblob(16), 'checkin', 'k', (SELECT id FROM places WHERE ext_id = 'booth:C4'),
  (SELECT id FROM attendees WHERE ext_id = 'S30'), 1, $T0)"
check "export kpi csv" "$F" export kpi --db ev-more.db --out more.csv
check "one more student came, and C4 now has one" $PY - "$CAME" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open("more.csv", encoding="utf-8-sig", newline="")))
assert rows[0] == ["シート", "区分", "指標", "目標", "実績", "達成率"], rows[0]
d = {(r[0], r[2]): r for r in rows[1:]}
assert d[("実績報告", "来場学生数")][4] == str(int(sys.argv[1]) + 1), d[("実績報告", "来場学生数")]
assert d[("回遊", "企業あたり来訪学生数（最小）")][4] == "1"
PYEOF

check "LibreOffice converts the summary sheet" sh -c "soffice -env:UserInstallation=file://$PWD/lo-profile \
	--headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir lo kpi.xlsx >lo.txt 2>&1"
check "LibreOffice reads 来場学生数 with its target and ratio" grep -q \
	"^[0-9]*,\"来場学生数\",40,$CAME,[0-9.]*%" lo/kpi.csv

check "export kpi pdf" "$F" export kpi --db ev.db --targets targets.csv --out kpi.pdf
pdftotext kpi.pdf kpi.txt
check "the PDF's summary holds the figure" sh -c "grep -q '実績報告' kpi.txt && grep -q '来場学生数' kpi.txt && grep -qx '$CAME' kpi.txt"

$PY -c '
import openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["指標", "目標"]); ws.append(["来場学生数", 40]); ws.append(["ツアー完了率", "60%"])
wb.save("targets.xlsx")'
check "targets from an Excel workbook" sh -c "'$F' export kpi --db ev.db --targets targets.xlsx --out tx.csv &&
	grep -q '^\"実績報告\",\"\",\"来場学生数\",\"40\",\"$CAME\",\"65.0%\"' tx.csv &&
	grep -q '^\"実績報告\",\"\",\"ツアー完了率\",\"60.0%\",\"50.0%\",\"83.3%\"' tx.csv"
check "--list names the indicators" sh -c "'$F' export kpi --db ev.db --list | grep -q '^県外からの来場学生数	実績報告\|^県外からの来場学生数	学生'"

# ---- the console's exports page offers it ------------------------------
if command -v curl >/dev/null; then
	"$F" serve --db ev.db --listen 127.0.0.1:0 >url.txt 2>serve.err &
	SERVER=$!
	stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }
	trap stop EXIT
	i=0
	while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	URL=$(cat url.txt)
	check "the console started" test -n "$URL"
	BASE=${URL%%/\?token=*}
	TOK=${URL##*token=}
	check "the exports page links the KPI workbook" sh -c \
		"curl -s -H 'Authorization: Bearer $TOK' '$BASE/assets/exports.html' '$BASE/exports' | grep -q '/export/kpi.xlsx'"
	check "the console sends the KPI workbook" sh -c \
		"curl -sf -H 'Authorization: Bearer $TOK' -o console-kpi.xlsx '$BASE/export/kpi.xlsx'"
	check "... with the same figures" $PY - "$CAME" <<'PYEOF'
import openpyxl, sys
ws = openpyxl.load_workbook("console-kpi.xlsx")["実績報告"]
v = {r[1]: r[3] for r in ws.iter_rows(values_only=True)}
assert v["来場学生数"] == int(sys.argv[1]), v
PYEOF
	curl -s -H "Authorization: Bearer $TOK" "$BASE/api/status" > status.json
	CSRF=$($PY -c 'import json;print(json.load(open("status.json"))["csrf"])')
	# targets uploaded on the page, read as --targets reads them
	check "the exports page takes a targets file" sh -c \
		"curl -s -H 'Authorization: Bearer $TOK' '$BASE/assets/exports.html' '$BASE/exports' | grep -q 'input id=.kpi-targets. name=.targets. type=.file.'"
	kpost() { # QUERY FILE OUT -> the status
		curl -s -H "Authorization: Bearer $TOK" -H "X-CSRF-Token: $CSRF" \
			-o "$3" -w '%{http_code}' --data-binary "@$2" \
			"$BASE/api/kpi?$1"
	}
	check "the console's KPI report with uploaded targets: 200" test \
		"$(kpost 'format=xlsx&name=targets.csv' targets.csv console-kpi-t.xlsx)" = 200
	check "... each figure beside its target" $PY - "$CAME" <<'PYEOF'
import openpyxl, sys
came = int(sys.argv[1])
rows = list(openpyxl.load_workbook("console-kpi-t.xlsx")["実績報告"].iter_rows(values_only=True))
hdr = next(i for i, r in enumerate(rows) if r[0] == "No.")
summ = {r[1]: r for r in rows[hdr + 1:] if r[1]}
assert summ["来場学生数"][2] == 40 and summ["来場学生数"][3] == came, summ["来場学生数"]
assert abs(summ["来場学生数"][4] - came / 40) < 1e-9, summ["来場学生数"]
assert summ["事前登録学生数"][2] == 100, summ["事前登録学生数"]
PYEOF
	check "targets for a CSV: 200" test \
		"$(kpost 'format=csv&name=targets.csv' targets.csv console-kpi-t.csv)" = 200
	check "... its 来場学生数 row with the target 40" \
		grep -q '^"実績報告","[^"]*","来場学生数","40",' console-kpi-t.csv
	check "targets for a PDF" test \
		"$(kpost 'format=pdf&name=targets.csv' targets.csv console-kpi-t.pdf)" = 200
	check "... a PDF" sh -c "head -c 5 console-kpi-t.pdf | grep -q '%PDF-'"
	check "unknown indicators refused: 422" test \
		"$(kpost 'format=xlsx&name=my-targets.csv' bad-targets.csv bad-t.json)" = 422
	check "... naming each, and the file by the name it was sent as" $PY - <<'PYEOF'
import json
e = json.load(open("bad-t.json"))["error"]
assert "'来場者満足度'" in e and "'ほげ'" in e and "my-targets.csv" in e, e
assert "/tmp" not in e and ".csv.part" not in e, e
PYEOF
	check "a bad format refused: 400" test \
		"$(kpost 'format=doc&name=targets.csv' targets.csv bad-f.json)" = 400
	: > empty.csv
	check "no targets sent: 400" test \
		"$(kpost 'format=xlsx&name=targets.csv' empty.csv bad-e.json)" = 400
	printf '受付番号,氏名,学年\nS37,学生37,学部9年\n' > warn.csv
	curl -s -H "Authorization: Bearer $TOK" -H "X-CSRF-Token: $CSRF" \
		--data-binary @warn.csv "$BASE/api/import?kind=students&name=warn.csv" > warn.json
	check "the console's import says the warning at its line, row imported" $PY - <<'PYEOF'
import json
j = json.load(open("warn.json"))
assert j["imported"] == 1 and j["skipped"] == 0, j
w = j["warnings"]
assert len(w) == 1 and w[0]["line"] == 2 and "'学部9年'" in w[0]["text"], w
PYEOF
	stop
	trap - EXIT
else
	echo "kpi.sh: no curl, console part not run" >&2
fi

# ---- internship types -------------------------------------------------
check "leads export at a recruiting fair" "$F" export leads --db ev.db --company C1 --out leads.csv
"$F" export feedback --db ev.db --company C2 --out fb0.csv 2>/dev/null
check "feedback of a consenting student is named at a fair" grep -q '学生3' fb0.csv
P0=$(q "SELECT count(*) FROM provisions")
check "settings --internship-type 1" sh -c "'$F' settings --db ev.db --internship-type 1 | grep -q '^internship_type = 1$'"
"$F" settings --db ev.db --internship-type 5 2>/dev/null; rc=$?
check "type 5 is a usage error" test "$rc" -eq 2
"$F" export leads --db ev.db --company C1 --out leads1.csv 2>err.txt; rc=$?
check "type 1 refuses leads, exit 1" test "$rc" -eq 1
check "... citing the rule" grep -q "三省合意により類型1・2の取組は学生の情報を企業に渡せない" err.txt
check "... writing nothing" sh -c "test ! -e leads1.csv && test $(q 'SELECT count(*) FROM provisions') -eq $P0"
"$F" export leads --db ev.db --per-company --out leadsdir 2>err.txt; rc=$?
check "type 1 refuses --per-company too" sh -c "test $rc -eq 1 && test ! -e leadsdir"
"$F" export feedback --db ev.db --company C2 --out fb.csv 2>err.txt; rc=$?
check "type 1 refuses named feedback, exit 1" test "$rc" -eq 1
check "... citing the rule" grep -q "三省合意により類型1・2の取組は学生の情報を企業に渡せない" err.txt
check "... naming the act and the way out" sh -c "grep -q '氏名付きの感想の出力' err.txt && grep -q -- '--anonymous' err.txt"
check "... writing nothing" sh -c "test ! -e fb.csv && test $(q 'SELECT count(*) FROM provisions') -eq $P0"
check "type 1: anonymous feedback goes out" "$F" export feedback --db ev.db --company C2 --anonymous --out fb.csv
check "... its comments without a name" sh -c "grep -q 'もっと話したかった' fb.csv && ! grep -q '学生3' fb.csv && grep -q '匿名' fb.csv"
check "... no handover recorded" test "$(q 'SELECT count(*) FROM provisions')" -eq "$P0"
check "the KPI report records the type" sh -c "'$F' export kpi --db ev.db --out t1.csv &&
	grep -q '\"実施形態\",\"\",\"類型1 オープン・カンパニー\"' t1.csv"
check "type 3 allows leads again" sh -c "'$F' settings --db ev.db --internship-type 3 >/dev/null &&
	'$F' export leads --db ev.db --company C1 --out leads3.csv"

[ "$fails" -eq 0 ]
