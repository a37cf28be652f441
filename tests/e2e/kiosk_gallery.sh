#!/bin/sh
# End to end: the gallery of real screens. A small real event (make_event)
# is packed for every role (entrance, booth, door, visit, rollcall), and
# the real fairkiosk runs each bundle with a --script through its screens
# (idle, results, registration, badge, PIN, staff screens, leads, visit
# and feedback, roll-call) at 1920x1080, 1080x1920, 1280x800 and 800x480.
# Every screenshot's text (FILE.json) must be whole: each widget's lines,
# joined, are its text, none cut with "…". Every screenshot must look like
# its approved image in tests/screens/ (halved, small tolerance). A change
# to the look updates those images in the same commit: make approve-screens
# (tests/e2e/lib/screens.sh), which runs this same script with APPROVE=1.
# The fresh screens (and diff-*.png for those that differ) stay in
# $OUT/shots for a person to see.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
APPROVE=${APPROVE:-}
. "$(dirname "$0")/lib/kiosk.sh"

SIZES=${GALLERY_SIZES:-1920x1080 1080x1920 1280x800 800x480}
SHOTS=$OUT/shots
mkdir -p "$SHOTS"

# --- the event: two students, a third whose badge is revoked, staff, a
# booth with lead tags, two sessions (one open with one seat, one over),
# a tour day at C001 expecting S001, and a roll-call group.
make_event ev.db || exit 1
now=$TEST_NOW_MS
sqlite3 ev.db "
  INSERT INTO attendees (id, ext_id, name, kana, school)
  VALUES (4, 'S003', '鈴木 一郎', 'スズキ イチロウ', '岐阜大学');
  UPDATE attendees SET consent = 1 WHERE ext_id = 'S001';
  INSERT INTO places (ext_id, kind, name, room, starts_ms, ends_ms, capacity)
  VALUES ('session:S01', 'session', 'ものづくりセミナー', '第1会議室',
          $((now - 600000)), $((now + 3000000)), 1),
         ('session:S02', 'session', '朝のセミナー', '第2会議室',
          $((now - 14400000)), $((now - 10800000)), 0);" || exit 1
printf '企業ID,日付,定員\nC001,%s,1\n' "$TEST_DAY" >hosts.csv
printf 'attendee,date,company\nS001,%s,C001\n' "$TEST_DAY" >plan.csv
printf 'グループ,学生ID\n1号車,S001\n1号車,S002\n1号車,S003\n' >groups.csv
run_ok "import hosts" "$FS" import hosts hosts.csv --db ev.db >/dev/null &&
run_ok "import assignments" "$FS" import assignments plan.csv --db ev.db \
	--visits 1 >/dev/null &&
run_ok "import groups" "$FS" import groups groups.csv --db ev.db \
	>/dev/null &&
run_ok "settings: tags" "$FS" settings --db ev.db \
	--lead-tags '理系,面接希望,インターン希望' \
	--feedback-tags '仕事内容が分かった,社員と話せた' >/dev/null || exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)
T3=$(token ev.db S003)
TS=$(token ev.db T001)
run_ok "revoke S003" "$FS" revoke --db ev.db --attendee S003 >/dev/null ||
	exit 1
# a badge of another event, and one whose signature was changed
make_event other.db 2031-03-13 || exit 1
TO=$(token other.db S001)
# (in the middle: the last character also carries base32 padding bits)
TF=$(python3 -c "
import sys
t = sys.argv[1]
print(t[:100] + ('B' if t[100] == 'A' else 'A') + t[101:])" "$T1")

pack() { # DIR ARGS...: a bundle in DIR, its exit status checked
	d=$1
	shift
	run_ok "pack $d" "$FS" pack --db ev.db "$@" --out "$d" >/dev/null
}
pack ent --role entrance --pin 2468 &&
pack booth --role booth --place booth:C001 --pin 2468 &&
pack door --role door --place session:S01 &&
pack late --role door --place session:S02 &&
pack visit --role visit --place C001 &&
pack rc --role rollcall --name bus-1 &&
run_ok "pack warn" "$FS" pack --db other.db --role booth --place booth:C001 \
	--pin 2468 --out warn >/dev/null || exit 1
# the other event was yesterday: its kiosk warns of the clock; its camera
# is missing, as a notice on the idle screen says
sed -i 's|^camera = .*|camera = /dev/video-gallery-none|' warn/kiosk.ini
# a second scan a second later is the visit's exit; results show 1.2 s
# (the run's time is mostly waiting for them to end)
sed -i 's/^dedupe_seconds = .*/dedupe_seconds = 1/' visit/kiosk.ini
for d in ent booth door late visit rc warn; do
	sed -i 's/^result_ms = .*/result_ms = 1200/' $d/kiosk.ini
done

# --- the scripts, one per role; %S% is the size, prefixed to each shot
shot() { echo "screenshot $SHOTS/%S%-$1.png"; }
res() { # TOKEN NAME: a scan, its result, back to idle
	printf 'scan %s\nwait 300\n%s\nwait 1200\n' "$1" "$(shot "$2")"
}
cat >ent.txt <<EOT
$(shot idle-entrance)
$(res "$T1" result-accepted)
$(res "$T1" result-already)
$(res nonsense result-malformed)
$(res "$TF" result-forged)
$(res "$TO" result-other-event)
$(res "$T3" result-revoked)
scan $TS
wait 100
$(shot staff-from-scan)
press 受付画面に戻る
press English
wait 50
$(shot idle-entrance-en)
press 日本語
press 当日参加の登録
text ヤマダ ハナコ
$(shot reg-1-kana)
press 次へ
press カナ/ABC
$(shot reg-2-name)
press 次へ
text 岐阜
wait 50
$(shot reg-3-school)
press 岐阜大学
press 次へ
$(shot reg-4-grade)
press 3
press 次へ
text h@example.jp
$(shot reg-5-email)
press 次へ
$(shot reg-6-consent)
press 登録する
wait 200
$(shot badge-noprinter)
press 完了
press スタッフ
press 2
press 4
press 1
press 1
press OK
wait 50
$(shot pin)
text 2468
key Return
wait 50
$(shot staff)
press 最近の受付・取消
wait 50
$(shot staff-recent)
press 戻る
press 名前で検索・手動受付
text ヤ
wait 50
$(shot staff-find)
press 戻る
press 時計の設定
$(shot staff-clock)
press 戻る
press 場所・セッション切替
wait 50
$(shot staff-place)
quit
EOT
cat >booth.txt <<EOT
$(shot idle-booth)
$(res "$T2" result-booth-accepted)
$(res "$T2" result-booth-already)
scan $T1
wait 300
press この企業に連絡先を伝える
wait 300
$(shot result-booth-consent-done)
wait 1400
$(staff_login)
wait 50
$(shot staff-booth)
press リードを記録
wait 50
$(shot staff-leads)
press 12:00  山田 太郎  (ミノ精工)
wait 50
$(shot staff-lead)
press 4 見込み高
press 面接希望
press メモ（任意）
text 研究職希望 7月
wait 50
$(shot staff-lead-memo)
press 完了
press 保存
wait 50
$(shot staff-lead-saved)
quit
EOT
cat >door.txt <<EOT
$(shot idle-door)
$(res "$T1" result-door-accepted)
$(shot idle-door-full)
$(res "$T2" result-full)
quit
EOT
cat >late.txt <<EOT
$(shot idle-door-over)
$(res "$T1" result-outside-session)
quit
EOT
cat >visit.txt <<EOT
$(shot idle-visit)
$(res "$T1" result-visit-in)
$(res "$T2" result-not-expected)
$(shot idle-visit-arrived)
scan $T1
wait 100
$(shot result-visit-exit)
wait 1400
$(shot feedback)
press とてもよい
press 社員と話せた
press コメント（任意）
press シ
press ャ
press チ
press ョ
press ウ
wait 50
$(shot feedback-memo)
press 完了
press 送信
wait 300
$(shot idle-visit-after)
quit
EOT
cat >rc.txt <<EOT
wait 200
$(shot rollcall-pick)
press 1号車（3人）
wait 100
$(shot rollcall-empty)
scan $T1
wait 100
press 佐藤 花子
wait 100
$(shot rollcall-one-missing)
press 出発
wait 200
$(shot rollcall-departed)
quit
EOT
cat >warn.txt <<EOT
$(shot clock-warn)
$(staff_login)
wait 50
press -1d
press この時刻で確定
wait 100
$(shot staff-notice)
press 受付画面に戻る
wait 50
$(shot idle-notice)
quit
EOT

# --- every role at every size, each from a fresh copy of its bundle; the
# sizes run side by side (the kiosks mostly wait for results to end)
# Each size has its own Xvfb (no window manager, the kiosk fullscreen as
# on a fair's screen), started here on a free display and stopped on exit.
command -v Xvfb >/dev/null 2>&1 || skip_all "Xvfb is not installed"
XPIDS=""
trap 'for p in $XPIDS; do kill "$p" 2>/dev/null; done' EXIT
trap 'exit 1' INT TERM HUP
run_size() { # SIZE: its kiosks one after another; exit statuses to SIZE.rc
	for role in ent booth door late visit rc warn; do
		r=$role-$1
		rm -rf "$r"
		cp -r "$role" "$r"
		sed "s/%S%/$1/g" "$role.txt" >"$r.txt"
		DISPLAY=:$(cat "$1.display") timeout 60 "$FK" \
			--config "$r/kiosk.ini" --script "$r.txt" \
			>"$r.log" 2>"$r.err"
		echo "$role $?" >>"$1.rc"
	done
}
for size in $SIZES; do
	rm -f "$size.rc" "$size.display"
	Xvfb -displayfd 3 -nolisten tcp -screen 0 "${size}x24" \
		3>"$size.display" 2>"$size.xvfb" &
	XPIDS="$XPIDS $!"
	for i in $(seq 100); do
		[ -s "$size.display" ] && break
		sleep 0.1
	done
	check "Xvfb for $size started" test -s "$size.display" || exit 1
done
RPIDS=""
for size in $SIZES; do
	run_size "$size" &
	RPIDS="$RPIDS $!"
done
wait $RPIDS
for size in $SIZES; do
	for role in ent booth door late visit rc warn; do
		check "$size $role: every screen reached" \
			grep -qx "$role 0" "$size.rc" || cat "$role-$size.err"
	done
done

# --- every screen's text whole, at its size
WHOLE='import json, sys
bad = 0
for path in sys.argv[1:]:
    s = json.load(open(path))
    size = path.rsplit("/", 1)[1].split("-", 1)[0]
    if "x".join(map(str, s["size_px"])) != size:
        print("FAIL: %s: size %s" % (path, s["size_px"])); bad += 1
    for w in s["widgets"]:
        if not w["lines"]:
            continue  # a key too narrow for its word shows its icon alone
        got = "".join("".join(w["lines"]).split())
        want = "".join(w["text"].split())
        if got != want or got.endswith("…"):
            print("FAIL: %s: %r drawn as %r" % (path, w["text"], w["lines"]))
            bad += 1
sys.exit(1 if bad else 0)'
n=$(ls "$SHOTS"/*.png | wc -l)
nj=$(ls "$SHOTS"/*.json | wc -l)
check "the gallery has $n screens (52 at 4 sizes)" test "$n" -eq 208
check "each screen has its text ($nj)" test "$nj" -eq "$n"
check "every screen's text whole" python3 -c "$WHOLE" "$SHOTS"/*.json

if [ -n "$APPROVE" ]; then
	/usr/bin/python3 "$REPO/tests/e2e/lib/screens.py" approve "$SHOTS" \
		"$REPO/tests/screens"
	check "screens approved" test $? -eq 0
else
	/usr/bin/python3 "$REPO/tests/e2e/lib/screens.py" compare "$SHOTS" \
		"$REPO/tests/screens" >compare.txt
	check "every screen looks as approved (tests/screens/)" test $? -eq 0
	grep -v '^ok' compare.txt
fi
finish
