#!/bin/sh
# End to end: walk-ins register kanji names through the entrance kiosk's
# touch form. 山田 髙子: 山田 by converting the furigana (Anthy), 髙 drawn
# on the handwriting pad (recorded strokes of 高 through Zinnia; 髙 is its
# name variant), 子 by converting コ. 山﨑 花: 山﨑 offered beside Anthy's
# 山崎. The school is found by its reading (ギフ finds 岐阜大学, whose
# reading came from the roster's 学校名カナ column), or typed freely and
# then registered with its own button as a new school. The names reach the store, the badge, a
# check-in, `fairsync merge`, `fairsync status` and the exports.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

"$FS" init --db ev.db --name '合同企業説明会' \
	--start "$TEST_DAY" >/dev/null || exit 1
cat >students.csv <<'EOT'
受付番号,氏名,フリガナ,学校名,学校名カナ,学年,メールアドレス
S001,山田 太郎,ヤマダ タロウ,岐阜大学,ギフダイガク,3,a@x.jp
S002,佐藤 花子,サトウ ハナコ,名古屋大学,なごやだいがく,2,b@x.jp
S003,鈴木 一郎,スズキ イチロウ,ぎふこうせん,,1,c@x.jp
S004,田中 次郎,タナカ ジロウ,静岡大学,,2,d@x.jp
EOT
"$FS" import students students.csv --db ev.db >/dev/null || exit 1
check "the reading column fills the schools table" test "$(sqlite3 ev.db \
	"SELECT reading FROM schools WHERE name = '岐阜大学'")" = ギフダイガク
check "readings are katakana" test "$(sqlite3 ev.db \
	"SELECT reading FROM schools WHERE name = '名古屋大学'")" = ナゴヤダイガク
check "a school written in kana is its own reading" test "$(sqlite3 ev.db \
	"SELECT reading FROM schools WHERE name = 'ぎふこうせん'")" = ギフコウセン
"$FS" pack --db ev.db --role entrance --out ent >/dev/null || exit 1
check "the bundle carries the readings" test "$(sqlite3 ent/kiosk.db \
	"SELECT count(*) FROM schools WHERE reading != ''")" = 3
check "a kanji school without a reading column has none" test "$(sqlite3 \
	ent/kiosk.db "SELECT reading FROM schools WHERE name = '静岡大学'")" = ""

# 山田 髙子: the pad draws 高 stroke by stroke; 髙 comes right after it.
{
	cat <<'EOT'
press 当日参加の登録
press ヤ
press マ
press タ
press ゛
press 空白
press タ
press カ
press コ
press 次へ
screenshot name-convert.png
press 山田
press ←
press ←
press ←
press 手書き
EOT
	grep -v '^#' "$REPO/tests/data/handwriting/taka.txt" | sed 's/^/stroke /'
	cat <<'EOT'
screenshot name-pad.png
press 髙
press キーボード
press コ
press 変換
press 子
screenshot name-done.png
press 次へ
press キ
press ゛
press フ
wait 50
screenshot school-search.png
press 岐阜大学
press 次へ
press 3
press 次へ
text takako@example.jp
press 次へ
press 同意する
press 登録する
wait 200
screenshot badge.png
press 完了
wait 50
quit
EOT
} >s1.txt
run_kiosk ent s1.txt
check "kiosk exits 0 (handwriting)" test $? -eq 0
cat ent.err

q() { sqlite3 ent/kiosk.db "$1"; }
row=$(q "SELECT name, kana, school, grade, email, consent FROM attendees
  WHERE ext_id IS NULL")
echo "walk-in row: $row"
check "山田 髙子 stored with her furigana and school" \
	test "$row" = "山田 髙子|ヤマダ タカコ|岐阜大学|3|takako@example.jp|1"
check "a school from the list is not flagged new" test "$(q "SELECT flags & 8
  FROM facts WHERE kind = 'register'")" = 0
tok=$(zbarimg --nodbus -q --raw badge.png 2>/dev/null | head -n 1)
check "her badge QR on screen decodes" test -n "$tok"
check "her badge verifies" test "$("$FS" token verify --db ent/kiosk.db \
	"$tok")" = ok
ink=$($PNG badge.png ink 0.55 0.15 0.96 0.25)
check "the badge screen shows a name ($ink px)" test "$ink" -gt 500

# 山﨑 花: conversion only. シズオカ finds 静岡大学 (no reading) through
# Anthy's spelling 静岡; she picks it, then changes her mind (editing the
# search drops the pick) and types a school that is not in the list: 次へ
# alone refuses it, its own button registers it as new.
cat >s2.txt <<EOT
press 当日参加の登録
text ヤマサキ ハナ
press 次へ
press 山﨑
press 花
press 次へ
text シズオカ
wait 50
screenshot school-spelled.png
press 静岡大学
press ←
press ←
press ←
press ←
text ミノコウギョウ
wait 50
screenshot school-new.png
press 次へ
press 「ミノコウギョウ」を一覧にない学校として登録
press 1
press 次へ
text hana@example.jp
press 次へ
press 登録する
wait 200
press 完了
wait 50
scan $tok
wait 100
screenshot checkin.png
quit
EOT
run_kiosk ent s2.txt
check "kiosk exits 0 (conversion)" test $? -eq 0
cat ent.err
row=$(q "SELECT name, kana, school FROM attendees WHERE kana = 'ヤマサキ ハナ'")
check "山﨑 花 stored ($row)" test "$row" = "山﨑 花|ヤマサキ ハナ|ミノコウギョウ"
check "the typed school is flagged new for the organizer" test "$(q "
  SELECT f.flags & 8 FROM facts f JOIN attendees a ON a.id = f.attendee_id
  WHERE f.kind = 'register' AND a.kana = 'ヤマサキ ハナ'")" = 8
check "髙子's badge checks in" grep -q '"outcome":"accepted"' ent.log
check "the check-in screen is green" $PNG checkin.png near 0.02 0.02 $GREEN

# The organizer's side: merge, status, exports.
"$FS" merge --db ev.db ent/kiosk.db >merge.out 2>&1
check "merge succeeds" test $? -eq 0
check "the merged event holds 山田 髙子" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM attendees WHERE name = '山田 髙子'")" = 1
check "and 山﨑 花" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM attendees WHERE name = '山﨑 花'")" = 1
run_ok "fairsync status ev.db" "$FS" status --db ev.db >status.out
cat status.out
check "status names the new school" grep -q \
	"^new school *ミノコウギョウ *1" status.out
run_ok "fairsync export attendance" \
	"$FS" export attendance --db ev.db --out att.csv 2>/dev/null
check "the CSV export has 山田 髙子" grep -q "山田 髙子" att.csv
run_ok "fairsync export attendance" "$FS" export attendance --db ev.db --encoding cp932 --out att-sjis.csv \
	2>/dev/null
check "the Shift_JIS export has 山田 髙子 (髙 is in CP932)" sh -c \
	"iconv -f CP932 -t UTF-8 att-sjis.csv | grep -q '山田 髙子'"
run_ok "fairsync export attendance" \
	"$FS" export attendance --db ev.db --format xlsx --out att.xlsx 2>/dev/null
check "the XLSX export has 山田 髙子" sh -c \
	"unzip -p att.xlsx 'xl/*.xml' | grep -q '山田 髙子'"

finish
