#!/bin/sh
# End to end: the gallery of real screens. A small real event (make_event)
# is packed for every role (entrance, booth, door, visit, rollcall), and
# the real fairkiosk runs each bundle with a --script through its screens
# (idle, results, registration, badge, PIN, staff screens, leads, visit
# and feedback, roll-call, the survey, a training's door) at 1920x1080,
# 1080x1920, 1280x800 and 800x480. Screens a fair meets only when
# something goes wrong are reached through the kiosk's real code paths:
# the clock on another day (set by staff), a card whose fsync fails
# (tests/fsync_shim.so, FSYNC_SHIM_FAIL=1: the store refuses the check-in),
# scans arriving while a result shows (queued), a badge printed through a
# private cupsd to a file: queue and one to a queue that does not exist
# (as root; else those two are skipped), the stamp rally.
# A 40-character session title and a long company name may end in "…"
# only as titles do (layout_text.c), the JSON keeping them whole.
# Every screenshot's text (FILE.json) must be whole: each widget's lines,
# joined, are its text, none cut with "…" (but those two titles). Every screenshot must look like
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

pack_db() { # DB DIR ARGS...: a bundle of DB in DIR, its status checked
	db=$1
	d=$2
	shift 2
	run_ok "pack $d" "$FS" pack --db "$db" "$@" --out "$d" >/dev/null
}
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
# a copy of the event with a stamp rally of two booths: its entrance
# shows the rally, queued scans, a badge printed, and not-today
cp ev.db rally.db &&
run_ok "rally" "$FS" rally --db rally.db --booths 2 >/dev/null &&
pack_db rally.db more --role entrance --pin 2468 &&
pack_db rally.db prn --role entrance --pin 2468 &&
pack_db rally.db noq --role entrance --pin 2468 &&
pack broken --role entrance --pin 2468 || exit 1
sed -i 's/^name = *$/name = gallery_q/' prn/kiosk.ini
sed -i 's/^name = *$/name = gallery_missing/' noq/kiosk.ini
# a 40-character session title and a long company name (issue 23.4)
LONG='東海オートサービス 仕事体験ワークショップ（整備士・営業・'\
'事務の三職種合同見学会）'
LONGCO='株式会社ミノ精密工業ホールディングス岐阜本社工場'
# the tour's pre-training (研修) session with its survey (issue 27)
make_event sv.db || exit 1
printf 'ID,セミナー名,開始,終了,種別\nPRE,事前研修,%s 11:50,%s 12:50,研修\n' \
	"$TEST_DAY" "$TEST_DAY" >sessions.csv
cat >survey.csv <<EOT
設問,種別
地元の中小企業に魅力を感じる,5段階
一番知りたいこと,選択:仕事内容/給与/社風
EOT
run_ok "survey sessions" "$FS" import sessions sessions.csv --db sv.db \
	>/dev/null &&
run_ok "survey" "$FS" settings --db sv.db --survey survey.csv >/dev/null &&
sqlite3 sv.db "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,
  wall_ms) SELECT randomblob(16), 'assign', 'fairsync', 1, id,
  $now FROM attendees WHERE role = 0;
  INSERT INTO companies VALUES (2, 'C002', '$LONGCO', '製造業', 'B-2');
  INSERT INTO places (ext_id, kind, name, company_id)
  VALUES ('booth:C002', 'booth', '$LONGCO', 2);" &&
pack_db sv.db sv --role door --place session:PRE &&
pack_db sv.db longco --role booth --place booth:C002 --pin 2468 || exit 1
TV=$(token sv.db S001)
# joint employee training (issue 27): a session door with a 40-character
# title admits an employee of a member company
run_ok "init training" "$FS" init --db tr.db --name 'ぎふ合同社員研修' \
	--start "$TEST_DAY" --kind training >/dev/null || exit 1
printf '企業ID,企業名\nA,株式会社アルファ\n' >companies.csv
printf 'ID,セミナー名,開始,終了\nT1,%s,%s 11:50,%s 12:50\n' "$LONG" \
	"$TEST_DAY" "$TEST_DAY" >tsessions.csv
cat >employees.csv <<EOT
社員番号,氏名,フリガナ,企業ID,部署,役職,メール
E01,青木 一,アオキ ハジメ,A,製造部,主任,
EOT
run_ok "training companies" "$FS" import companies companies.csv \
	--db tr.db >/dev/null &&
run_ok "training sessions" "$FS" import sessions tsessions.csv --db tr.db \
	>/dev/null &&
run_ok "employees" "$FS" import employees employees.csv --db tr.db \
	>/dev/null &&
pack_db tr.db train --role door --place session:T1 || exit 1
TE=$(token tr.db E01)
# the other event was yesterday: its kiosk warns of the clock; its camera
# is missing, as a notice on the idle screen says
sed -i 's|^camera = .*|camera = /dev/video-gallery-none|' warn/kiosk.ini
# a second scan a second later is the visit's exit; results show 1.2 s
# (the run's time is mostly waiting for them to end)
sed -i 's/^dedupe_seconds = .*/dedupe_seconds = 1/' visit/kiosk.ini
ROLES="ent booth door late visit rc warn more broken sv train longco"
PRINT_ROLES="prn noq"
for d in $ROLES $PRINT_ROLES; do
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
scan $T1
wait 100
$(shot rollcall-already)
press 出発
wait 200
$(shot rollcall-departed)
wait 1500
press 山田 太郎
press 佐藤 花子
press 鈴木 一郎
wait 100
$(shot rollcall-all-here)
quit
EOT
cat >more.txt <<EOT
$(res "$T1" result-rally)
scan $T2
scan $T1
wait 300
$(shot result-queued)
wait 2600
$(staff_login)
press 時計の設定
press +1d
press この時刻で確定
press 受付画面に戻る
$(res "$T2" result-not-today)
quit
EOT
# a walk-in's badge, printed (prn) or not (noq: no such queue)
walkin() {
	printf 'press 当日参加の登録\ntext ミノ\npress 次へ\npress 次へ\n'
	printf 'text 岐阜大学\npress 次へ\npress 1\npress 次へ\n'
	printf 'text m@example.jp\npress 次へ\npress 登録する\nwait 300\n'
}
printf '%s\n%s\nquit\n' "$(walkin)" "$(shot badge-printed)" >prn.txt
printf '%s\n%s\nquit\n' "$(walkin)" "$(shot badge-print-failed)" >noq.txt
cat >broken.txt <<EOT
$(res "$T1" result-not-stored)
$(staff_login)
wait 50
$(shot staff-not-stored)
quit
EOT
cat >sv.txt <<EOT
$(shot idle-survey-door)
scan $TV
wait 1600
$(shot survey-scale)
press 4
wait 100
$(shot survey-choice)
press 給与
wait 100
quit
EOT
cat >train.txt <<EOT
$(shot idle-training-door)
$(res "$TE" result-employee)
quit
EOT
cat >longco.txt <<EOT
$(shot idle-booth-long)
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
SHIM="$B/tests/fsync_shim.so"
[ -f "$SHIM" ] || { echo "FAIL: no $SHIM (make test builds it)"; exit 1; }
. "$REPO/tests/e2e/lib/cups.sh"
XPIDS=""
CD=""
cleanup() {
	for p in $XPIDS; do kill "$p" 2>/dev/null; done
	cups_stop
	[ -z "$CD" ] || rm -rf "$CD"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The printed badge: a private cupsd (its own ServerRoot and socket, a
# system cupsd never touched) with a raw queue to file:/dev/null. cupsd
# runs its backends as lp and wants root: without root the two printing
# screens are skipped (CUPS itself missing is a failure, as in
# kiosk_print.sh).
if [ "$(id -u)" -ne 0 ]; then
	skip_part "the printed badge: cupsd needs root"
	PRINT_ROLES=""
elif ! command -v cupsd >/dev/null || ! command -v lpadmin >/dev/null; then
	echo "FAIL: cupsd or lpadmin missing; run scripts/install-deps.sh"
	exit 1
else
	CD=$(mktemp -d /tmp/fairkiosk-gallery-cups.XXXXXX) || exit 1
	chmod 755 "$CD"
	cups_conf "$CD"
	echo "FileDevice Yes" >>"$CD/cups-files.conf" # for the file: queue
	cups_start "$CD" cupsd.out || {
		echo "FAIL: a private cupsd could not be started (see above)"
		exit 1
	}
	# lpadmin warns that raw queues are deprecated; a file: queue is one
	CUPS_SERVER="$CD/cups.sock" lpadmin -p gallery_q -v file:///dev/null \
		-E 2>lpadmin.err
	check "lpadmin adds the queue gallery_q" \
		env CUPS_SERVER="$CD/cups.sock" lpstat -p gallery_q
fi

run_size() { # SIZE: its kiosks one after another; exit statuses to SIZE.rc
	for role in $ROLES $PRINT_ROLES; do
		r=$role-$1
		rm -rf "$r"
		cp -r "$role" "$r"
		sed "s/%S%/$1/g" "$role.txt" >"$r.txt"
		# broken: its card fails every fsync once it has started
		case $role in
		broken) set -- "$1" env FSYNC_SHIM_FAIL=1 LD_PRELOAD="$SHIM" \
			ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" ;;
		prn|noq) set -- "$1" env CUPS_SERVER="$CD/cups.sock" ;;
		*) set -- "$1" env ;;
		esac
		size=$1
		shift
		DISPLAY=:$(cat "$size.display") timeout 60 "$@" "$FK" \
			--config "$r/kiosk.ini" --script "$r.txt" \
			>"$r.log" 2>"$r.err"
		echo "$role $?" >>"$size.rc"
		set -- "$size"
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
	for role in $ROLES $PRINT_ROLES; do
		check "$size $role: every screen reached" \
			grep -qx "$role 0" "$size.rc" || cat "$role-$size.err"
	done
	# the real paths, not the look alone: the kiosk's own outcome log
	check "$size: a check-in the card refused is not-stored" \
		grep -q '"outcome":"not-stored"' "broken-$size.log"
	check "$size: a scan on another day is not-today" \
		grep -q '"outcome":"not-today"' "more-$size.log"
	[ -z "$PRINT_ROLES" ] && continue
	check "$size: the badge went to the queue" \
		grep -q '印刷しました' "$SHOTS/$size-badge-printed.json"
	check "$size: a missing queue is said" \
		grep -q '印刷できませんでした' \
		"$SHOTS/$size-badge-print-failed.json"
	check "$size: in the student's words, CUPS's reason left to staff" \
		sh -c '! grep -q gallery_missing "$1" &&
			grep -q gallery_missing "$2"' - \
		"$SHOTS/$size-badge-print-failed.json" "noq-$size.err"
done

# --- every screen's text whole, at its size; the long title and company
# name (LONG) may end in "…" as titles do, their JSON text whole
WHOLE='import json, os, sys
LONG = os.environ["LONG"].split("\n")
seen = {}
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
        name = [n for n in LONG if w["text"].startswith(n)]
        if name and w["role"] in ("title", "heading"):
            seen[name[0]] = seen.get(name[0], 0) + 1
            if got.endswith("…") and want.startswith(got[:-1]):
                continue
        if got != want or got.endswith("…"):
            print("FAIL: %s: %r drawn as %r" % (path, w["text"], w["lines"]))
            bad += 1
for name in LONG:
    if not seen.get(name):
        print("FAIL: %r is no title on any screen" % name); bad += 1
sys.exit(1 if bad else 0)'
per=65
[ -z "$PRINT_ROLES" ] || per=$((per + 2))
want=$((per * $(echo $SIZES | wc -w)))
n=$(ls "$SHOTS"/*.png | wc -l)
nj=$(ls "$SHOTS"/*.json | wc -l)
check "the gallery has $n screens ($per at each size)" test "$n" -eq "$want"
check "each screen has its text ($nj)" test "$nj" -eq "$n"
check "every screen's text whole" env LONG="$LONG
$LONGCO" python3 -c "$WHOLE" "$SHOTS"/*.json

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
