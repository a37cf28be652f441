#!/bin/sh
# End to end: a joint employee training (合同社員研修) over two days with
# three companies. Employees imported (an unknown company refuses the whole
# file by row), an employee's badge scanned at a session door by the real
# kiosk, the other attendance from door kiosks' files merged; then each
# employee's rate and sessions missed, certificates of completion only for
# those at 80 % or more, an Excel file per company for its HR, and no
# employee in the student exports.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
export LSAN_OPTIONS="suppressions=$REPO/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
PY=/usr/bin/python3  # Debian's, which has python3-openpyxl
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

# Day one is TEST_DAY, the kiosk's day (lib/kiosk.sh: its clock reads
# 12:00 venue time), with the first session running then, so a door kiosk
# admits; the other three sessions are the day after.
today=$TEST_DAY
tomorrow=$(date -u -d "$TEST_DAY + 1 day" +%F)
t1s="$TEST_DAY 11:50"
t1e="$TEST_DAY 12:50"

RUN_FAILS_RC=2 run_fails "an unknown --kind is a usage error" "$FS" init \
	--db ev.db --name 'ぎふ合同社員研修 2026' --start "$today" \
	--kind bazaar 2>kind.err
has "the kinds named" kind.err "--kind is fair or training"
run_ok "init --kind training" "$FS" init --db ev.db \
	--name 'ぎふ合同社員研修 2026' --start "$today" --end "$tomorrow" \
	--kind training
is "the event's kind is stored" training \
	"$(sqlite3 ev.db 'SELECT kind FROM event')"

cat >companies.csv <<EOT
企業ID,企業名
A,株式会社アルファ
B,ベータ工業
C,シー商事
EOT
cat >sessions.csv <<EOT
ID,セミナー名,開始,終了
T1,安全講習,$t1s,$t1e
T2,品質管理,$tomorrow 08:00,$tomorrow 09:00
T3,リーダー研修,$tomorrow 10:00,$tomorrow 11:00
T4,振り返り,$tomorrow 13:00,$tomorrow 14:00
EOT
# E01-E02 at A, E03-E04 at B, E05 at C
cat >employees.csv <<EOT
社員番号,氏名,フリガナ,企業ID,部署,役職,メール
E01,青木 一,あおき はじめ,A,製造部,主任,e01@a.example
E02,井上 二郎,イノウエ ジロウ,A,総務部,,
E03,上田 三奈,ウエダ ミナ,B,品質保証部,係長,
E04,江藤 四郎,エトウ シロウ,B,営業部,,
E05,小川 五月,オガワ サツキ,C,技術部,,
EOT
run_ok "companies" "$FS" import companies companies.csv --db ev.db
run_ok "sessions over two days" "$FS" import sessions sessions.csv --db ev.db

# one employee of an unknown company: the row named, nothing imported
{ cat employees.csv; printf 'E06,謎 六郎,,Z,,,\n'; } >bad.csv
run_fails "employees with an unknown company: exit 1" "$FS" import \
	employees bad.csv --db ev.db >bad.out 2>bad.err
has "the row and the company named" bad.err "bad.csv:7: 企業ID (company) 'Z'"
has "nothing imported, said" bad.err "nothing imported"
is "no employee stored" 0 "$(sqlite3 ev.db 'SELECT count(*) FROM attendees')"

# the same roster as an Excel workbook, into another event
$PY - <<'PYEOF'
import csv, openpyxl
wb = openpyxl.Workbook()
for row in csv.reader(open("employees.csv", encoding="utf-8")):
    wb.active.append(row)
wb.save("employees.xlsx")
PYEOF
run_ok "init another" "$FS" init --db x.db --name x --start "$today" \
	--kind training 2>/dev/null
run_ok "companies of another" "$FS" import companies companies.csv \
	--db x.db >/dev/null
run_ok "employees from .xlsx" "$FS" import employees employees.xlsx \
	--db x.db >x.out 2>x.err
has "five from the workbook" x.out "imported 5 employees"

run_ok "employees" "$FS" import employees employees.csv --db ev.db
is "employees are role 2 with their company" "5 5 ベータ工業" \
	"$(sqlite3 ev.db "SELECT count(*), (SELECT count(*) FROM employees),
	  (SELECT school FROM attendees WHERE ext_id = 'E03')
	  FROM attendees WHERE role = 2" | tr '|' ' ')"

# badges show name and company
run_ok "badges" "$FS" badges --db ev.db --out badges.pdf
pdftotext badges.pdf badges.txt
has "a badge shows the name" badges.txt "上田 三奈"
has "a badge shows the company" badges.txt "ベータ工業"

# ---- the door of session T1: the real kiosk admits an employee --------
run_ok "pack the door of T1" "$FS" pack --db ev.db --role door \
	--place session:T1 --out door1 >/dev/null
capture_ok TE "token issue --attendee E01" token ev.db E01
printf 'scan %s\nwait 300\nscreenshot in.png\nquit\n' "$TE" >s.txt
run_ok "door kiosk" run_kiosk door1 s.txt
check "the employee admitted at the session door" \
	grep -q '"outcome":"accepted".*"E01"' door1.log

# the rest of the attendance, as the door kiosks recorded it
run_ok "pack a second door" "$FS" pack --db ev.db --role door \
	--place session:T3 --out door2 >/dev/null
fact() { # kiosk-db kiosk session employee
	sqlite3 "$1" "INSERT INTO facts (uuid, kind, kiosk, place_id,
	  attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms)
	  SELECT randomblob(16), 'checkin', '$2', p.id, a.id, 1, 1, 'camera',
	  p.starts_ms + 60000, 'boot-$2', p.starts_ms - 1700000000000
	  FROM places p, attendees a WHERE p.ext_id = 'session:$3'
	  AND a.ext_id = '$4'"
}
# E01 all four, E02 three (misses T2), E03 T1 T3 T4 and T2: four,
# E04 one, E05 none: so A 2, B 2, C 1 employees
for s in T1 T2 T3 T4; do
	for e in E02 E03; do fact door2/kiosk.db door-2 $s $e; done
	[ $s = T1 ] || fact door2/kiosk.db door-2 $s E01
done
sqlite3 door2/kiosk.db "DELETE FROM facts WHERE kiosk = 'door-2' AND
  place_id = (SELECT id FROM places WHERE ext_id = 'session:T2') AND
  attendee_id = (SELECT id FROM attendees WHERE ext_id = 'E02')"
fact door2/kiosk.db door-2 T4 E04
run_ok "merge the doors" "$FS" merge --db ev.db door1/kiosk.db \
	door2/kiosk.db >merge.txt 2>&1

# ---- attendance per employee ------------------------------------------
run_ok "export training" "$FS" export training --db ev.db >att.tsv
is "E01 all four" "E01	青木 一	A	4/4	100%	" "$(grep '^E01' att.tsv)"
is "E02 missed 品質管理" "E02	井上 二郎	A	3/4	75%	品質管理" \
	"$(grep '^E02' att.tsv)"
is "E04 missed three, in time order" \
	"E04	江藤 四郎	B	1/4	25%	安全講習、品質管理、リーダー研修" \
	"$(grep '^E04' att.tsv)"
is "E05 none" "E05	小川 五月	C	0/4	0%	安全講習、品質管理、リーダー研修、振り返り" \
	"$(grep '^E05' att.tsv)"

# ---- certificates: only at 80 % or more --------------------------------
run_ok "certificates" "$FS" certificates --db ev.db --min-rate 0.8 \
	--out cert.pdf 2>cert.err
has "two certificates, three below" cert.err "2 certificates in 'cert.pdf' (3 below 80%)"
is "two pages" 2 "$(pdfinfo cert.pdf | sed -n 's/^Pages: *//p')"
pdftotext cert.pdf cert.txt
has "E01 certified" cert.txt "青木 一 様"
has "E03 certified" cert.txt "上田 三奈 様"
hasnt "E02 at 75% is not" cert.txt "井上 二郎"
has "a certificate of completion, in Japanese" cert.txt "修了証"
run_ok "certificates at 70%" "$FS" certificates --db ev.db --min-rate 0.7 \
	--out cert70.pdf 2>/dev/null
is "at 70% E02 too" 3 "$(pdfinfo cert70.pdf | sed -n 's/^Pages: *//p')"
RUN_FAILS_RC=2 run_fails "--min-rate above 1 is a usage error" "$FS" \
	certificates --db ev.db --min-rate 1.5 --out x.pdf 2>rate.err
check "and writes nothing" test ! -e x.pdf

# ---- an Excel file per company for its HR ------------------------------
run_ok "export training --per-company" "$FS" export training --db ev.db \
	--per-company --out hr 2>hr.err
is "three company files" 3 "$(ls hr | wc -l)"
check "each file read back by openpyxl" $PY - <<'PYEOF'
import openpyxl, sys
def rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return [[c.value for c in r] for r in ws.iter_rows()]
a = rows("hr/A_株式会社アルファ.xlsx", "出席状況")
assert a[0][:9] == ["社員番号", "氏名", "フリガナ", "部署", "役職", "出席数",
                    "セッション数", "出席率", "欠席したセッション"], a[0]
assert [r[0] for r in a[1:]] == ["E01", "E02"], a      # A's employees only
assert a[2][5:9] == [3, 4, 0.75, "品質管理"], a[2]
assert a[2][9:] == ["○", "×", "○", "○"], a[2]
b = rows("hr/B_ベータ工業.xlsx", "出席状況")
assert [r[0] for r in b[1:]] == ["E03", "E04"], b
s = rows("hr/B_ベータ工業.xlsx", "セッション別")
assert [r[1:] for r in s[1:]] == [["安全講習", 2, 1], ["品質管理", 2, 1],
                                  ["リーダー研修", 2, 1], ["振り返り", 2, 2]], s
c = rows("hr/C_シー商事.xlsx", "出席状況")
assert [r[0] for r in c[1:]] == ["E05"] and c[1][7] == 0, c
PYEOF
check "the HR files are readable by their owner only" \
	test "$(stat -c %a hr/A_株式会社アルファ.xlsx)" = 600

# ---- employees are never students -------------------------------------
run_ok "export attendance" "$FS" export attendance --db ev.db --out att.csv
hasnt "no employee in the student attendance" att.csv "E01"
run_ok "export summary" "$FS" export summary --db ev.db --out sum.csv
hasnt "no company counted as a school" sum.csv "ベータ工業"
finish
