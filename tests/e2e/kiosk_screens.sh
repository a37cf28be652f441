#!/bin/sh
# End to end: every screen at the four screen sizes the layout supports
# (1920x1080, 1080x1920 portrait, 1280x800, 800x480), kept in $OUT as a
# gallery for a person to look at; each must show text (not a blank or a
# crashed window), and its text (FILE.json beside each screenshot) must be
# whole: every widget's lines, joined, are its text, none cut with "…",
# and the JSON's size is the screen's.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role entrance --pin 2468 --demo --out ent \
	>/dev/null || exit 1
T1=$(token ev.db S001)
# the screen's text: its size, and no widget's text cut or lost
WHOLE='import json, sys
s = json.load(open(sys.argv[1]))
assert "x".join(map(str, s["size_px"])) == sys.argv[2], s["size_px"]
cut = lambda t: "".join(t.split())
for w in s["widgets"]:
    if not w["lines"]:
        continue  # a key too narrow for its word shows its icon alone
    got, want = cut("".join(w["lines"])), cut(w["text"])
    assert got == want and not got.endswith("…"), (w["text"], w["lines"])'

for size in 1920x1080 1080x1920 1280x800 800x480; do
	cat >s-$size.txt <<EOT
screenshot $size-1-idle.png
scan $T1
screenshot $size-2-accepted.png
wait 2100
scan nonsense
screenshot $size-3-refused.png
wait 2100
press 当日参加の登録
text ヤマダ
screenshot $size-4-reg-kana.png
press 次へ
press カナ/ABC
screenshot $size-5-reg-latin.png
press 次へ
text 大学
wait 50
screenshot $size-6-reg-school.png
press 岐阜大学
press 次へ
screenshot $size-7-reg-grade.png
press 3
press 次へ
text y@example.jp
press 次へ
screenshot $size-8-reg-consent.png
press 登録する
wait 100
screenshot $size-9-badge.png
press 完了
press スタッフ
screenshot $size-10-pin.png
text 2468
key Return
wait 50
screenshot $size-11-staff.png
press 最近の受付・取消
wait 50
screenshot $size-12-recent.png
press 戻る
press 名前で検索・手動受付
text ヤ
wait 50
screenshot $size-13-find.png
press 戻る
press 時計の設定
screenshot $size-14-clock.png
press 戻る
press 場所・セッション切替
wait 50
screenshot $size-15-places.png
quit
EOT
	run_kiosk ent s-$size.txt "$size"
	check "$size: all screens reached" test $? -eq 0
	cat ent.err
	for f in "$size"-*.png; do
		ink=$($PNG "$f" ink 0 0 1 1)
		check "$f has content ($ink px)" test "$ink" -gt 2000
		check "${f%.png}.json: every text whole, at $size" \
			python3 -c "$WHOLE" "${f%.png}.json" "$size"
	done
	rm -f ent/kiosk.db-shm
done
finish
