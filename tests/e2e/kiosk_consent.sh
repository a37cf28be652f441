#!/bin/sh
# End to end: consent to one company at its booth (issue 26). S001, who
# gave no general consent, checks in at C001's booth and taps 「この企業に
# 連絡先を伝える」 below the name; the screen says 連絡先を伝えました. S002
# checks in and lets the offer pass. The kiosk's file merges; C001's leads
# list S001 (never S002), C002's list nobody. The offer never shows for a
# staff badge, at the entrance, or at an internship type 1 event.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
command -v sqlite3 >/dev/null || { echo "kiosk_consent.sh: needs sqlite3" >&2; exit 77; }
command -v xvfb-run >/dev/null || { echo "kiosk_consent.sh: needs xvfb-run" >&2; exit 77; }

BTN=この企業に連絡先を伝える
make_event ev.db || exit 1
sqlite3 ev.db "UPDATE attendees SET consent = 0;
  INSERT INTO companies VALUES (2, 'C002', '飛騨ソフト', '情報通信', 'A-2');
  INSERT INTO places (ext_id, kind, name, company_id)
  VALUES ('booth:C002', 'booth', '飛騨ソフト', 2);" || exit 1
check "pack booth C001" "$FS" pack --db ev.db --role booth \
	--place booth:C001 --pin 2468 --out bk
sed -i -e '/^consent_version *=/d' \
	-e '/^\[kiosk\]/a consent_version = v7' bk/kiosk.ini
check "the booth kiosk holds no contact data" test "$(sqlite3 bk/kiosk.db "SELECT count(*) FROM attendees WHERE coalesce(email, '') <> '' OR coalesce(phone, '') <> ''")" = 0
T1=$(token ev.db S001)
T2=$(token ev.db S002)
TS=$(token ev.db T001)

cat >s.txt <<EOT
scan $T1
wait 400
screenshot offer.png
press $BTN
wait 400
screenshot shared.png
wait 5500
scan $T2
wait 400
screenshot offer2.png
wait 5500
screenshot idle.png
scan $TS
wait 400
screenshot staff.png
press 受付画面に戻る
quit
EOT
run_kiosk bk s.txt
check "booth kiosk exits 0" test $? -eq 0
cat bk.err

# FILE.json: the screenshot's widgets, each with its text and rect
has() { grep -q "$2" "$1"; }
check "offer.json written" test -s offer.json
check "the offer shows after S001's check-in" has offer.json "$BTN"
check "S001's name shows on the result" has offer.json '山田 太郎'
# the button sits below the name and does not cover it
python3 - offer.json "$BTN" >geom.txt <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ws = []
def walk(o):
    if isinstance(o, dict):
        if "text" in o:
            ws.append(o)
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(d)
def rect(w):
    return [float(v) for v in w["rect"]]  # x, y, w, h in px
btn = [w for w in ws if w["text"] == sys.argv[2]]
name = [w for w in ws if "山田 太郎" in w["text"]]
if not btn or not name:
    print("missing"); sys.exit(0)
bx, by, bw, bh = rect(btn[0]); nx, ny, nw, nh = rect(name[0])
print("below" if by >= ny + nh else "overlaps", by, ny + nh)
PY
check "the button is below the name, not over it ($(cat geom.txt))" grep -q '^below' geom.txt
check "the screen confirms after the tap" has shared.json 連絡先を伝えました
check "no button once confirmed" sh -c "! grep -q '$BTN' shared.json"
check "the offer shows for S002 too" has offer2.json "$BTN"
check "the offer leaves with the result" sh -c "! grep -q '$BTN' idle.json"
check "never for a staff badge" sh -c "! grep -q '$BTN' staff.json"

q() { sqlite3 bk/kiosk.db "$1"; }
check "one consent fact, S001's" test "$(q "SELECT group_concat(attendee_id) FROM facts WHERE kind = 'consent'")" = 1
check "given (direction 1) with kiosk.ini's consent version" test "$(q "SELECT direction || ':' || note FROM facts WHERE kind = 'consent'")" = "1:v7"
check "at C001's booth" test "$(q "SELECT p.ext_id FROM facts f JOIN places p ON p.id = f.place_id WHERE f.kind = 'consent'")" = booth:C001

check "merge back" "$FS" merge --db ev.db bk/kiosk.db
check "the consent is in the event" test "$(sqlite3 ev.db "SELECT count(*) FROM facts WHERE kind = 'consent'")" = 1
ids() { tail -n +2 "$1" | cut -d, -f1 | tr -d '"\r' | sort | tr '\n' ' '; }
run_ok "export leads C001" \
	"$FS" export leads --db ev.db --company C001 --out c1.csv
check "C001's leads: S001, who consented to C001 only" test "$(ids c1.csv)" = "S001 "
check "never S002, who let the offer pass" test "$(grep -c '佐藤' c1.csv)" = 0
run_ok "export leads C002" \
	"$FS" export leads --db ev.db --company C002 --out c2.csv
check "C002's leads: nobody" test "$(ids c2.csv)" = ""

# the entrance: no company to tell
check "pack entrance" "$FS" pack --db ev.db --role entrance --out ent
cat >e.txt <<EOT
scan $T1
wait 400
screenshot ent.png
quit
EOT
run_kiosk ent e.txt
check "entrance kiosk exits 0" test $? -eq 0
check "the entrance shows the result" has ent.json '山田 太郎'
check "no offer at the entrance" sh -c "! grep -q '$BTN' ent.json"

# internship type 1: no student information goes to companies
make_event ev1.db || exit 1
check "type 1" "$FS" settings --db ev1.db --internship-type 1
check "pack type 1 booth" "$FS" pack --db ev1.db --role booth \
	--place booth:C001 --out b1
U1=$(token ev1.db S001)
cat >t1.txt <<EOT
scan $U1
wait 400
screenshot type1.png
quit
EOT
run_kiosk b1 t1.txt
check "type 1 booth kiosk exits 0" test $? -eq 0
check "type 1: the result shows" has type1.json '山田 太郎'
check "type 1: no offer" sh -c "! grep -q '$BTN' type1.json"
check "type 1: no consent fact" test "$(sqlite3 b1/kiosk.db "SELECT count(*) FROM facts WHERE kind = 'consent'")" = 0
finish
