#!/bin/sh
# End to end: the console in Debian's headless chromium, driven by Selenium
# (console_browser.py): the guided overview of an empty event, companies
# dropped as students and recognised, roster import with an error shown
# beside its row, badges, a kiosk bundle run by the real kiosk under Xvfb,
# its file merged by drag and drop, the XLSX downloaded and read back; then
# a tour: host days, assignment, a move, a visit bundle, feedback export
# and certificates. Screenshots at 1280x800 and 1920x1080 stay in $OUT.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
REPO=$PWD
case $B in /*) ;; *) B="$REPO/$B" ;; esac
case $OUT in /*) ;; *) OUT="$REPO/$OUT" ;; esac
F="$B/fairsync"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
export LSAN_OPTIONS="suppressions=$REPO/tests/lsan-cairo.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# the kiosk under ASan: SDL's and X11's own leaks at exit are not ours
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0"

# An event today (the kiosk accepts badges on the event's days only).
"$F" init --db ev.db --name '合同企業説明会' \
	--start "$(TZ=Asia/Tokyo date +%F)" >/dev/null 2>&1 || exit 1
# companies as an Excel workbook, imported through the page
/usr/bin/python3 -c '
import openpyxl; wb = openpyxl.Workbook(); ws = wb.active
ws.append(["企業ID", "企業名", "業種", "ブース"])
ws.append(["C1", "ミノ精工", "製造", "A-1"])
ws.append(["C2", "飛騨ソフト", "IT", "A-2"])
wb.save("companies.xlsx")' || exit 1
# tour host days today, two companies, as the organizer's Excel has them
/usr/bin/python3 -c '
import openpyxl, sys; wb = openpyxl.Workbook(); ws = wb.active
ws.append(["企業ID", "日付", "定員"])
ws.append(["C1", sys.argv[1], 5]); ws.append(["C2", sys.argv[1], 5])
wb.save("hosts.xlsx")' "$(TZ=Asia/Tokyo date +%F)" || exit 1
printf '受付番号,氏名,フリガナ,学校名\nS1,山田 太郎,ヤマダ タロウ,岐阜大学\nS2,,サトウ ハナコ,名古屋大学\nS3,佐藤 花子,サトウ ハナコ,名古屋大学\n' > students.csv

"$F" serve --db ev.db --listen 127.0.0.1:0 >url.txt 2>serve.err &
SERVER=$!
i=0
while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
# the browser in another zone than the venue's: the pages still show
# Japan's time
TZ=America/Los_Angeles /usr/bin/python3 "$REPO/tests/e2e/console_browser.py" "$(cat url.txt)" \
	"$OUT" "$F" "$B/fairkiosk"
rc=$?
kill "$SERVER"
wait "$SERVER" || rc=1
if grep -Ev '^-+$|Suppressions used|count +bytes|libcairo|^$' serve.err; then
	echo "FAIL: the server said the above"; rc=1
fi
echo "screenshots kept in $OUT"
exit $rc
