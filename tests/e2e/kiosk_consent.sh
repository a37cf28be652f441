#!/bin/sh
# End to end: consent to one company at its booth (issue 26). S001, who
# gave no general consent, checks in at C001's booth and taps 「この企業に
# 連絡先を伝える」 below the name; the screen says 連絡先を伝えました. S002
# checks in and lets the offer pass: it stays past result_ms (a few
# seconds, kiosk.ini consent_offer_ms) and a next scan is answered at
# once. The kiosk's file merges; C001's leads list S001 (never S002),
# C002's list nobody. The offer never shows for a staff badge, at the
# entrance, or at an internship type 1 event.
# Then staff: on the booth's lead note S002 is asked and says yes; on the
# staff menu's 同意の取り消し S001's badge is scanned (no check-in) and
# their consent to C001 withdrawn, asked first: C001's leads list S002
# only. At the entrance S002 withdraws from every company: C001's leads
# leave them out even with the registration's consent. At type 1 the
# lead note asks nothing and says why.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
KIOSK_OFFER=pack # the booth's consent offer as packed (8 s)
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
wait 3000
screenshot offer2-late.png
scan $T1
wait 400
screenshot next.png
wait 9000
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
check "the offer stays past result_ms (3.4 s in)" has offer2-late.json "$BTN"
check "... with S002's name" has offer2-late.json '佐藤 花子'
check "a scan meanwhile is answered at once" has next.json '山田 太郎'
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

# ---- staff: the lead note asks, the staff menu withdraws -------------
ASK=連絡先の提供を本人に尋ねる
WD=同意の取り消し
cat >l1.txt <<EOT
scan $TS
wait 400
press リードを記録
wait 200
screenshot leads.png
quit
EOT
run_kiosk bk l1.txt
check "booth kiosk (staff's lead list) exits 0" test $? -eq 0
ROW=$(python3 - leads.json <<'PY'
import json, sys
def walk(o):
    if isinstance(o, dict):
        if "佐藤 花子" in str(o.get("text", "")):
            print(o["text"]); sys.exit(0)
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.load(open(sys.argv[1])))
PY
)
check "S002 is among the last scans ($ROW)" test -n "$ROW"
CHECKINS=$(q "SELECT count(*) FROM facts WHERE kind = 'checkin'")
cat >l2.txt <<EOT
scan $TS
wait 400
press リードを記録
wait 200
press $ROW
wait 100
screenshot lead-ask.png
press $ASK
wait 100
screenshot lead-question.png
press はい、伝える
wait 400
screenshot lead-answered.png
press 戻る
wait 50
press 戻る
wait 200
screenshot menu.png
press $WD
wait 100
screenshot wd.png
scan $T1
wait 400
screenshot wd-who.png
press この企業への同意を取り消す
wait 100
screenshot wd-ask.png
press やめる
wait 100
press この企業への同意を取り消す
wait 100
press 取り消す
wait 400
screenshot wd-done.png
press 戻る
wait 100
press 受付画面に戻る
quit
EOT
run_kiosk bk l2.txt
check "booth kiosk (staff's consent screens) exits 0" test $? -eq 0
cat bk.err
check "the lead note offers to ask the visitor" has lead-ask.json "$ASK"
check "the question is the visitor's, with their name" sh -c \
	"grep -q 'この企業にあなたの連絡先を伝えてよいですか' lead-question.json && grep -q '佐藤 花子' lead-question.json"
check "the lead note says it is recorded" has lead-answered.json 連絡先を伝えました
check "the staff menu offers $WD" has menu.json "$WD"
check "the withdraw screen asks for the badge" has wd.json 学生の名札のQRコードをかざしてください
check "the badge scanned shows whose" has wd-who.json '山田 太郎'
check "a booth withdraws its own company's or every one's" sh -c \
	"grep -q この企業への同意を取り消す wd-who.json && grep -q すべての企業への同意を取り消す wd-who.json"
check "asked first" has wd-ask.json 同意を取り消しますか
check "then said" has wd-done.json 同意を取り消しました
check "the withdraw scan checked nobody in" \
	test "$(q "SELECT count(*) FROM facts WHERE kind = 'checkin'")" = "$CHECKINS"
check "consent facts: S001 given, S002 given, S001 withdrawn (v7)" \
	test "$(q "SELECT group_concat(attendee_id || ':' || direction || ':' || note, ' ') FROM (SELECT * FROM facts WHERE kind = 'consent' ORDER BY wall_ms, uuid)")" = "1:1:v7 2:1:v7 1:-1:v7"
check "merge the staff's facts" "$FS" merge --db ev.db bk/kiosk.db
run_ok "export leads C001 after the withdrawal" \
	"$FS" export leads --db ev.db --company C001 --out c1b.csv
check "C001's leads: S002 (asked on the lead note), not S001 (withdrew)" \
	test "$(ids c1b.csv)" = "S002 "

# the entrance: no company to tell
sqlite3 ev.db "UPDATE attendees SET consent = 1 WHERE ext_id = 'S002'" || exit 1
check "pack entrance" "$FS" pack --db ev.db --role entrance --pin 2468 --out ent
# one clock for both kiosks (each test kiosk's starts at noon): the
# entrance's withdrawal comes after the booth's consent, as it does here
cp bk/kiosk.db.clock ent/kiosk.db.clock
cat >e.txt <<EOT
scan $T1
wait 400
screenshot ent.png
wait 2500
scan $TS
wait 400
press $WD
wait 100
scan $T2
wait 400
screenshot ent-who.png
press すべての企業への同意を取り消す
wait 100
screenshot ent-ask.png
press 取り消す
wait 400
screenshot ent-done.png
quit
EOT
run_kiosk ent e.txt
check "entrance kiosk exits 0" test $? -eq 0
check "the entrance shows the result" has ent.json '山田 太郎'
check "no offer at the entrance" sh -c "! grep -q '$BTN' ent.json"
check "the entrance withdraws from every company only" sh -c \
	"grep -q すべての企業への同意を取り消す ent-who.json && ! grep -q この企業への同意を取り消す ent-who.json"
check "... asked first, saying the registration's consent goes too" \
	has ent-ask.json 登録時の同意も取り消します
check "... then said" has ent-done.json 同意を取り消しました
check "a withdrawal for each company with a booth (C001, C002)" \
	test "$(sqlite3 ent/kiosk.db "SELECT group_concat(p.ext_id, ' ') FROM (SELECT * FROM facts WHERE kind = 'consent' AND attendee_id = 2 AND direction = -1 ORDER BY place_id) f JOIN places p ON p.id = f.place_id")" = "booth:C001 booth:C002"
check "merge the entrance" "$FS" merge --db ev.db ent/kiosk.db
run_ok "export leads C001 after withdrawing from all" \
	"$FS" export leads --db ev.db --company C001 --out c1c.csv
check "C001's leads: nobody, S002's registration consent withdrawn too" \
	test "$(ids c1c.csv)" = ""

# internship type 1: no student information goes to companies
make_event ev1.db || exit 1
check "type 1" "$FS" settings --db ev1.db --internship-type 1
check "pack type 1 booth" "$FS" pack --db ev1.db --role booth \
	--place booth:C001 --out b1
U1=$(token ev1.db S001)
US=$(token ev1.db T001)
cat >t1.txt <<EOT
scan $U1
wait 400
screenshot type1.png
wait 2500
scan $US
wait 400
press リードを記録
wait 200
tap 0.5 0.21
wait 100
screenshot type1-lead.png
quit
EOT
run_kiosk b1 t1.txt
check "type 1 booth kiosk exits 0" test $? -eq 0
check "type 1: the result shows" has type1.json '山田 太郎'
check "type 1: no offer" sh -c "! grep -q '$BTN' type1.json"
check "type 1: the lead note cannot ask" sh -c "grep -q '見込み' type1-lead.json && ! grep -q '連絡先の提供を本人に尋ねる' type1-lead.json"
check "... and says why, citing the rule" has type1-lead.json 類型1・2のため連絡先は尋ねません（三省合意）
check "type 1: no consent fact" test "$(sqlite3 b1/kiosk.db "SELECT count(*) FROM facts WHERE kind = 'consent'")" = 0
finish
