#!/bin/sh
# End to end: kiosk files are untrusted input to `fairsync merge`. A corpus
# of hostile files (tests/fuzz/make-hostile-dbs.py), each merged alone and
# as the 12th of a list: refused by name with the event database's dump
# byte-identical, or merged with the bad fact flagged. Files that are no
# kiosk file at all (the event itself, links to it, a FIFO, a folder, a
# device); private copies after SIGTERM and SIGKILL; pack --update and
# walk-ins; pack for an entrance without a signing key.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
GEN="$PWD/tests/fuzz/make-hostile-dbs.py"
F="$PWD/$B/fairsync"
PY=/usr/bin/python3
# Sanitizer builds: cairo's own leak in PDF finishing is not ours.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$(dirname "$GEN")/../e2e/lib/check.sh"
q() { sqlite3 "$@"; }
# Private copies must never land in the shared temporary folder.
mkdir -p tmp && export TMPDIR="$PWD/tmp"

# ---- an event, a booth kiosk with three check-ins --------------------
"$F" init --db ev0.db --name "合同企業説明会" --start 2026-12-05 >/dev/null || exit 1
q ev0.db "INSERT INTO companies VALUES (1, 'C1', 'ミノ精工', '製造業', 'A-1');
  INSERT INTO places (id, ext_id, kind, name, company_id) VALUES
  (2, 'booth:C1', 'booth', 'ミノ精工', 1);"
for i in 1 2 3 4; do
	q ev0.db "INSERT INTO attendees (id, ext_id, name, kana, school, email,
	  consent) VALUES ($i, 'S$i', '学生 $i号', 'ガクセイ', '岐阜大学',
	  's$i@example.jp', 1)"
done
"$F" pack --db ev0.db --role booth --place C1 --out k1 >/dev/null || exit 1
T0=$(( $(date -u -d 2026-12-05T01:00:00Z +%s) * 1000 ))
for i in 1 2 3; do
	q k1/kiosk.db "INSERT INTO facts (uuid, kind, kiosk, place_id,
	  attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms)
	  VALUES (randomblob(16), 'checkin', 'booth-c1', 2, $i, 1, 1, 'camera',
	  $T0 + $i * 60000, 'boot-1', $i * 60000)"
done
cp k1/kiosk.db base.db
$PY "$GEN" base.db hostile --big > manifest.txt
check "corpus generated" test "$(wc -l < manifest.txt)" -ge 40
# the event as the organizer has it: base.db already merged
cp ev0.db ev-merged.db
check "base merges" sh -c "'$F' merge --db ev-merged.db base.db >/dev/null 2>&1"
LIST=""
for i in 01 02 03 04 05 06 07 08 09 10 11; do LIST="$LIST hostile/valid-$i.db"; done

# merge_case EVENT EXPECT FILE...: runs merge, checks the outcome
refused() { # event name files...
	ev=$1; name=$2; shift 2
	q "$ev" .dump > before.sql
	timeout 60 "$F" merge --db "$ev" "$@" >out.txt 2>err.txt; rc=$?
	q "$ev" .dump > after.sql
	[ "$rc" -eq 1 ] && grep -q "cannot merge 'hostile/$name'" err.txt &&
		cmp -s before.sql after.sql
}
flagged() { # event reason files...
	ev=$1; why=$2; shift 2
	timeout 60 "$F" merge --db "$ev" "$@" >out.txt 2>err.txt &&
		test "$(q "$ev" "SELECT count(*) FROM merge_flags WHERE reason = '$why'")" -ge 1
}
while read -r name what; do
	case $what in
	refuse)
		cp ev-merged.db ev.db
		check "$name refused alone, named, event unchanged" refused ev.db "$name" "hostile/$name"
		check "$name refused as 12th of a list, event unchanged" refused ev.db "$name" $LIST "hostile/$name"
		;;
	flag:*)
		why=${what#flag:}
		cp ev-merged.db ev.db
		check "$name merged alone, flagged $why" flagged ev.db "$why" "hostile/$name"
		cp ev-merged.db ev.db
		check "$name merged in a list of 12, flagged $why" flagged ev.db "$why" $LIST "hostile/$name"
		;;
	after:*)
		cp ev-merged.db ev.db
		check "$name refused after its twin was merged" refused ev.db "$name" "hostile/$name"
		cp ev0.db ev.db
		check "$name refused beside its twin in one list" refused ev.db "$name" $LIST base.db "hostile/$name"
		;;
	clean)
		cp ev-merged.db ev.db
		check "$name merges" sh -c "timeout 60 '$F' merge --db ev.db 'hostile/$name' >out.txt 2>&1"
		check "$name: no control character reaches the terminal" \
			$PY -c "import sys; d = open('out.txt','rb').read(); sys.exit(any(b < 32 and b != 10 for b in d) or b'\xe2\x80\xae' in d)"
		;;
	esac
done < manifest.txt
rm -f hostile/string-50mb.db

# ---- exports leave flagged facts out; a foreign void is not applied ------
cp ev-merged.db ev.db
run_ok "merge of unknown place, attendee and foreign void" "$F" merge \
	--db ev.db hostile/unknown-place.db hostile/unknown-attendee.db \
	hostile/void-foreign.db >/dev/null
check "their facts are flagged" test "$(q ev.db \
	"SELECT count(*) FROM merge_flags")" -ge 2
run_ok "export attendance" "$F" export attendance --db ev.db --out att.csv
check "foreign void not applied: all three check-ins exported" \
	test "$($PY -c "import csv; print(len(list(csv.reader(open('att.csv', encoding='utf-8-sig'))))-1)")" -eq 3
run_ok "export summary" "$F" export summary --db ev.db --out sum.jsonl
check "summary counts no fact of an unknown place or attendee" \
	$PY -c "
import json
rows = [json.loads(l) for l in open('sum.jsonl', encoding='utf-8')]
assert sum(r['scans'] for r in rows if r['section'] == 'hour') == 3, rows"

# ---- a walk-in counts as attendance at the entrance --------------------
cp ev-merged.db ev.db
q ev.db "INSERT INTO places (id, ext_id, kind, name) VALUES (1, 'entrance', 'entrance', '受付')" 2>/dev/null
run_ok "pack the entrance" "$F" pack --db ev.db --role entrance --out ke \
	>/dev/null
check "entrance packed" test -f ke/kiosk.db
q ke/kiosk.db "INSERT INTO attendees (id, name, kana, school, email, phone,
  consent, consent_version) VALUES (3000000007, '飛込 花子', 'トビコミ',
  '岐阜大学', 'h@example.jp', '090-1', 1, 'v2');
  INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
  direction, source, wall_ms, boot_id, mono_ms) VALUES (randomblob(16),
  'register', 'entrance', 1, 3000000007, 1, 1, 'manual', $T0 + 600000,
  'boot-e', 600000)"
check "entrance kiosk merges" sh -c "'$F' merge --db ev.db ke/kiosk.db >/dev/null 2>&1"
run_ok "export attendance" "$F" export attendance --db ev.db --out att.csv
check "walk-in in attendance, at the entrance" grep -q "飛込 花子.*受付" att.csv
run_ok "export visits" "$F" export visits --db ev.db --out visits.csv
check "walk-in in visits" grep -q "飛込 花子" visits.csv
run_ok "export summary" "$F" export summary --db ev.db --out sum.jsonl
check "walk-in in the summary's entrance count" grep -q '"受付"' sum.jsonl
run_ok "report" "$F" report --db ev.db --out report.pdf
run_ok "pdftotext of the report" pdftotext report.pdf report.txt
check "report: walk-in attended" grep -q "来場: 4 人" report.txt
# pack --update keeps what only the kiosk holds of its walk-ins
check "pack --update" sh -c "'$F' pack --db ev.db --update ke >/dev/null 2>&1"
check "walk-in keeps e-mail, phone, consent after --update" test \
	"$(q ke/kiosk.db "SELECT email, phone, consent, consent_version FROM attendees WHERE id = 3000000007")" = "h@example.jp|090-1|1|v2"
check "walk-in merges again without conflict" sh -c "'$F' merge --db ev.db ke/kiosk.db >/dev/null 2>&1"
# a walk-in claiming a student's roster ID (S2): kept as a walk-in, its
# facts flagged and exported as its own, the student untouched
cp ke/kiosk.db claim.db
q claim.db "DELETE FROM attendees WHERE ext_id = 'S2';
  INSERT INTO attendees (id, ext_id, name, school) VALUES (3000000009, 'S2',
  '偽 学生', '岐阜大学');
  INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
  direction, source, wall_ms, boot_id, mono_ms) VALUES (randomblob(16),
  'register', 'entrance', 1, 3000000009, 1, 1, 'manual', $T0 + 700000,
  'boot-e', 700000)"
check "a walk-in claiming S2 merges" sh -c \
	"'$F' merge --db ev.db claim.db >out.txt 2>&1"
check "the summary names the claim and the flag" sh -c \
	"grep -q \"claim.db': 1 walk-in claims the roster ID of a student (S2)\" out.txt && grep -q 'walkin-id-conflict 1' out.txt"
check "the walk-in is kept without the roster ID" test \
	"$(q ev.db "SELECT count(*) FROM attendees WHERE id = 3000000009 AND ext_id IS NULL")" = 1
check "the student keeps S2" test \
	"$(q ev.db "SELECT name FROM attendees WHERE ext_id = 'S2'")" = "学生 2号"
"$F" export attendance --db ev.db --out att.csv 2>/dev/null
check "the walk-in is exported as itself" grep -q "偽 学生.*受付" att.csv
# an entrance kiosk signs badges: a database without the key is refused
cp ev.db nokey.db
q nokey.db "UPDATE keys SET secret = NULL"
"$F" pack --db nokey.db --role entrance --out ke2 >/dev/null 2>err.txt; rc=$?
check "entrance without signing key refused" sh -c "test $rc -eq 1 && grep -q \"'nokey.db' holds no signing key\" err.txt && test ! -e ke2/kiosk.db"

# ---- times: a legal year 9999 prints as 9999 ----------------------------
cp ev-merged.db ev.db
run_ok "merge year 9999" "$F" merge --db ev.db hostile/time-year-9999.db \
	>/dev/null
run_ok "export visits" "$F" export visits --db ev.db --out visits.csv
check "year 9999 printed as 9999" grep -q "9999-12-30 09:00:00" visits.csv
q ev.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
  direction, wall_ms) VALUES (randomblob(16), 'checkin', 'old', 2, 4, 1, 1,
  253402297200000)"
run_ok "export visits past 9999" "$F" export visits --db ev.db \
	--out visits.csv
check "a time past year 9999 (older database) is no year 0000" sh -c \
	"! grep -q '0000-01-01' visits.csv && grep -q '9999-12-31 23:59:59' visits.csv"

# ---- names from a CSV: control and bidi characters refused at FILE:LINE ---
printf '受付番号,氏名,フリガナ,学校名\r\nS9001,普通 太郎,フツウ,岐阜大学\r\nS9002,悪意\033[2J,アクイ,岐阜大学\r\nS9003,abc\342\200\256gpj.exe,エービー,岐阜大学\r\n' > students.csv
cp ev-merged.db ev.db
run_fails "import of names with control characters" \
	"$F" import students students.csv --db ev.db >out.txt 2>err.txt
check "import names FILE:LINE of an ESC in a name" grep -q "students.csv:3: .*control character (U+001B)" err.txt
check "import names FILE:LINE of a bidi override" grep -q "students.csv:4: .*control character (U+202E)" err.txt
check "no control character stored" test "$(q ev.db "SELECT count(*) FROM attendees WHERE name GLOB '*[^ -~]*' AND (instr(name, char(27)) OR instr(name, char(8238)))")" -eq 0
check "the clean row imported" test "$(q ev.db "SELECT count(*) FROM attendees WHERE ext_id = 'S9001'")" -eq 1
# a line past the export's 4 MB limit is named as such, no stale errno
q ev.db "UPDATE attendees SET name = printf('%.*c', 5000000, 'x') WHERE ext_id = 'S1'"
"$F" export attendance --db ev.db --out big.csv >out.txt 2>err.txt; rc=$?
check "a 5 MB name: the real cause, no stale errno" sh -c "test $rc -eq 1 && grep -q 'longer than 4 MB' err.txt && ! grep -q 'No such file\|Inappropriate ioctl' err.txt"
# status shows a kiosk name from a file without its escapes
cp hostile/escape-kiosk-name.db esc.db
run_ok "status of a hostile kiosk name" "$F" status --db esc.db \
	>out.txt 2>&1
check "status strips a kiosk name's escapes" $PY -c "import sys; d = open('out.txt','rb').read(); sys.exit(b'\x1b' in d or b'\x07' in d or b'pwned' not in d)"

# ---- no kiosk file at all: refused by name, at once --------------------
cp ev-merged.db ev.db
q ev.db .dump > before.sql
mkfifo fifo.db
mkdir folder.db
ln -s ev.db link.db
ln ev.db hard.db
for bad in ev.db link.db hard.db fifo.db folder.db /dev/null; do
	timeout 10 "$F" merge --db ev.db base.db "$bad" >out.txt 2>err.txt; rc=$?
	check "$bad refused at once, named" sh -c "test $rc -eq 1 && grep -q \"cannot merge '$bad'\" err.txt"
done
check "... and the reason is the real one" sh -c "grep -q 'device' err.txt"
q ev.db .dump > after.sql
check "event unchanged by them" cmp -s before.sql after.sql
rm -f hard.db

# ---- private copies: never in TMPDIR, gone after a signal or a kill ------
# A kiosk copied while running: its facts only in -wal, so merge copies it.
$PY - <<'PYEOF'
import shutil, sqlite3
shutil.copy("base.db", "big.db")
db = sqlite3.connect("big.db")
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("BEGIN")
for i in range(300000):
    db.execute("INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,"
               " serial, direction, wall_ms, boot_id, mono_ms) VALUES"
               " (randomblob(16), 'checkin', 'booth-big', 2, ?, 1, 1,"
               " 1796432400000 + ?, 'bb', ?)", (i % 4 + 1, i, i))
db.commit()
shutil.copy("big.db", "usb.db")
shutil.copy("big.db-wal", "usb.db-wal")
db.close()
PYEOF
kill_mid_merge() { # signal
	cp ev-merged.db ev.db
	"$F" merge --db ev.db usb.db >/dev/null 2>&1 &
	pid=$!
	n=0
	while [ $n -lt 400 ] && ! ls -d .fairmerge-* >/dev/null 2>&1; do
		sleep 0.01; n=$((n + 1))
	done
	seen=$(ls -d .fairmerge-* 2>/dev/null | wc -l)
	kill "-$1" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$seen" -ge 1 ]
}
check "merge seen with its copies (TERM)" kill_mid_merge TERM
check "after SIGTERM: no copy left" sh -c "! ls -d .fairmerge-* >/dev/null 2>&1"
check "merge seen with its copies (KILL)" kill_mid_merge KILL
check "nothing ever in TMPDIR" test -z "$(ls -A tmp)"
check "the next merge removes what a kill left" sh -c \
	"'$F' merge --db ev.db base.db >/dev/null 2>&1 && ! ls -d .fairmerge-* >/dev/null 2>&1"
check "no fairmerge folder in /tmp from this test" sh -c \
	"! find /tmp -maxdepth 1 -name 'fairmerge-*' -newer base.db 2>/dev/null | grep -q ."
check "the killed merge changed nothing it did not finish" test \
	"$(q ev.db 'PRAGMA integrity_check')" = ok

# ---- a merge killed between its batches: exports refuse until it ends ----
cp ev0.db evb.db
check "a merge of two batches that finishes leaves exports free" sh -c \
	"'$F' merge --db evb.db --batch 1 base.db hostile/valid-01.db >/dev/null 2>&1 && '$F' export summary --db evb.db --out evb.csv >/dev/null 2>&1"
cp ev0.db ev.db
"$F" merge --db ev.db --batch 1 base.db usb.db >/dev/null 2>&1 &
pid=$!
n=0
pending() { [ "$(q ev.db "SELECT count(*) FROM merge_state WHERE key = 'pending'" 2>/dev/null)" = 1 ]; }
while [ $n -lt 3000 ] && ! pending; do sleep 0.01; n=$((n + 1)); done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "killed after its first batch, before its last" pending
for kind in attendance visits summary; do
	"$F" export $kind --db ev.db --out k-$kind.csv >out.txt 2>err.txt; rc=$?
	check "export $kind refused while the merge is unfinished" sh -c \
		"test $rc -eq 1 && test ! -e k-$kind.csv && grep -q \"1 of 2 kiosk files not merged yet ('usb.db')\" err.txt && grep -q \"run 'fairsync merge --db ev.db'\" err.txt"
done
"$F" export feedback --db ev.db --out k-fb.csv >out.txt 2>err.txt; rc=$?
check "export feedback refused too" sh -c "test $rc -eq 1 && grep -q 'fairsync merge' err.txt"
"$F" export leads --db ev.db --company C1 --out k-leads.csv >out.txt 2>err.txt; rc=$?
check "export leads refused too, no record made" sh -c \
	"test $rc -eq 1 && test ! -e k-leads.csv && test \$(sqlite3 ev.db 'SELECT count(*) FROM provisions') -eq 0"
check "merging the same files again finishes it" sh -c \
	"'$F' merge --db ev.db --batch 1 base.db usb.db >/dev/null 2>&1"
check "then export writes every file's facts" sh -c \
	"'$F' export summary --db ev.db --out k-sum.jsonl >/dev/null 2>&1 && grep -q '\"scans\":300003' k-sum.jsonl"

# ---- parts of killed exports (personal data) are swept by the next ------
sh -c 'exit 0' & dead=$!
wait $dead
printf '学生 1号,s1@example.jp\n' > "att.csv.fairsync-$dead.part"
printf 'not ours\n' > "notes.part"
check "export after a killed one" sh -c \
	"'$F' export attendance --db ev.db --out att.csv >/dev/null 2>&1"
check "the killed export's part is gone" test ! -e "att.csv.fairsync-$dead.part"
check "a file not named as ours stays" test -e notes.part
printf '学生 1号\n' > "fb.csv.fairsync-$dead.part"
check "export feedback (a tours table) sweeps them too" sh -c \
	"'$F' export feedback --db ev.db --out fb.csv >/dev/null 2>&1 && test ! -e 'fb.csv.fairsync-$dead.part' && test -e fb.csv"
check "and leaves no part of its own" sh -c "! ls *.part* 2>/dev/null | grep -v '^notes.part$'"

[ "$fails" -eq 0 ]
