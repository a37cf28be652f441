#!/bin/sh
# End to end: a walk-in registers at an entrance kiosk whose kiosk.ini names
# a real CUPS queue; the badge goes through a private cupsd to a cups-pdf
# virtual printer, and the QR in the PDF it writes (rendered by pdftoppm,
# read by ZBar) is the badge on screen and verifies on the kiosk. Then the
# queue rejects jobs, is missing, or no cupsd answers: the failure says
# which, and the walk-in is stored.
#
# The cupsd is our own (private ServerRoot and socket in a temporary
# folder), so a system cupsd, running or not, is never touched. cups-pdf
# reads its settings only from /etc/cups/cups-pdf-INSTANCE.conf, so one such
# file, named after our queue, exists while the test runs.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
. "$REPO/tests/e2e/lib/cups.sh"

[ "$(id -u)" -eq 0 ] ||
	skip_all "not root: cupsd and the cups-pdf backend (mode 0700) need root"
for t in cupsd lpadmin lpstat cupsreject pdftoppm zbarimg; do
	command -v "$t" >/dev/null && continue
	echo "FAIL: $t missing; run scripts/install-deps.sh"
	exit 1
done
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
[ -x /usr/lib/cups/backend/cups-pdf ] && [ -f "$PPD" ] ||
	{ echo "FAIL: cups-pdf missing; run scripts/install-deps.sh"; exit 1; }

Q="fairkiosk_pdf_$$"
PDFCONF="/etc/cups/cups-pdf-$Q.conf"
CD=$(mktemp -d /tmp/fairkiosk-cups.XXXXXX) || exit 1
cleanup() {
	[ -z "$CUPSD_PID" ] || lpadmin -x "$Q" 2>/dev/null
	cups_stop
	cp "$CD/error_log" "$OUT/cupsd-error_log" 2>/dev/null
	cp "$CD"/log/* "$OUT/" 2>/dev/null
	rm -f "$PDFCONF"
	rm -rf "$CD"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# lp runs the filters: it must reach every folder it reads.
chmod 755 "$CD" && mkdir -p "$CD/pdf" "$CD/log" "$CD/spool-pdf" || exit 1
cups_conf "$CD"
echo "LogLevel debug" >>"$CD/cupsd.conf"
cat >"$PDFCONF" <<EOT
Out $CD/pdf
Spool $CD/spool-pdf
Log $CD/log
LogType 7
EOT

export CUPS_SERVER="$CD/cups.sock"
cups_start "$CD" "$OUT/cupsd.out" ||
	{ echo "FAIL: a private cupsd could not be started (see above)"; exit 1; }
echo "private cupsd $CUPSD_PID on $CUPS_SERVER"

# lpadmin warns that PPD drivers are deprecated; cups-pdf has no other.
lpadmin -p "$Q" -v "cups-pdf:/$Q" -P "$PPD" -E 2>"$OUT/lpadmin.err"
check "lpadmin adds the cups-pdf queue $Q" lpstat -p "$Q"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role entrance --out ent >/dev/null || exit 1
sed -i "s/^name = *\$/name = $Q/" ent/kiosk.ini
check "kiosk.ini names the queue" grep -q "^name = $Q\$" ent/kiosk.ini

walkin_script s.txt badge.png
run_kiosk ent s.txt
check "kiosk exits 0" test $? -eq 0
cat ent.err
check "no print failure reported" sh -c '! grep -q "printing failed" ent.err'
check "the walk-in is stored" test "$(sqlite3 ent/kiosk.db \
	"SELECT count(*) FROM attendees WHERE kana = 'ミノ'")" = 1
shown=$(zbarimg --nodbus -q --raw badge.png 2>/dev/null | head -n 1)
check "the badge on screen decodes" test -n "$shown"

# The kiosk only hands the job over; cups-pdf writes the PDF later.
check "the job finishes" wait_for 60 sh -c \
	"[ -z \"\$(lpstat -o '$Q')\" ] && ls '$CD'/pdf/*.pdf"
lpstat -W completed -o "$Q"
check "one job completed on $Q" \
	test "$(lpstat -W completed -o "$Q" | wc -l)" -eq 1
check "the job was not aborted" sh -c "! grep -q \
	'Job stopped\\|Printer stopped\\|aborted' '$CD/error_log'"
pdf=$(ls "$CD"/pdf/*.pdf 2>/dev/null | head -n 1)
check "cups-pdf wrote a PDF ($pdf)" test -s "$pdf"
[ -n "$pdf" ] && cp "$pdf" printed.pdf
check "the PDF renders" pdftoppm -r 150 -png -singlefile printed.pdf printed
tok=$(zbarimg --nodbus -q --raw printed.png 2>/dev/null | head -n 1)
check "the printed QR decodes" test -n "$tok"
check "the printed badge is the one on screen" test "$tok" = "$shown"
v=$("$FS" token verify --db ent/kiosk.db "$tok")
check "the printed badge verifies on the kiosk ($v)" test "$v" = ok

# Each label kind kiosk.ini offers: a page of that size, a QR that reads.
# pdfinfo gives points (1/72 in): 62 x 100 mm, 4 x 6 in, A6. The 62 mm
# tape gets a long name (_ is a space), which must wrap onto a second line
# at the label's size rather than shrink to one thin line.
npdf=1
for spec in "62mm 176 283 ヤマモト_ユウイチロウ" "4x6in 288 432 ヨン" \
	"a6 298 420 エー"; do
	set -- $spec
	sed -i "/^label = /d; s/^name = $Q\$/name = $Q\nlabel = $1/" \
		ent/kiosk.ini
	walkin_script "s-$1.txt" "badge-$1.png" "$(echo "$4" | tr _ ' ')"
	run_kiosk ent "s-$1.txt"
	npdf=$((npdf + 1))
	check "a $1 badge job finishes" wait_for 60 sh -c \
		"[ \$(ls '$CD'/pdf | wc -l) -eq $npdf ] && [ -z \"\$(lpstat -o '$Q')\" ]"
	pdf=$(ls -t "$CD"/pdf/*.pdf | head -n 1)
	cp "$pdf" "label-$1.pdf"
	size=$(pdfinfo "label-$1.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p')
	check "the $1 page is $2 x $3 pt ($size)" awk -v s="$size" \
		-v w="$2" -v h="$3" 'BEGIN { split(s, a, " ");
		exit !((a[1] - w)^2 < 4 && (a[2] - h)^2 < 4) }'
	pdftoppm -r 150 -png -singlefile "label-$1.pdf" "label-$1"
	tok=$(zbarimg --nodbus -q --raw "label-$1.png" 2>/dev/null | head -n 1)
	check "its QR decodes and verifies" \
		test "$("$FS" token verify --db ent/kiosk.db "$tok")" = ok
done
# label.c's 62 mm layout at 300 dpi: the name's first line from 0.62 of
# the page's height, the second (one pitch, 1.3 em, lower) from 0.71
ink1=$($PNG label-62mm.png ink 0.05 0.62 0.95 0.69)
ink2=$($PNG label-62mm.png ink 0.05 0.72 0.95 0.78)
check "a long name fills two lines on 62 mm tape ($ink1, $ink2 px)" \
	test "$ink1" -gt 1500 -a "$ink2" -gt 1500
sed -i "/^label = /d" ent/kiosk.ini

# The queue refuses jobs: the kiosk says so, the walk-in is kept.
cupsreject -r "fairkiosk test" "$Q"
sed 's/ミノ/ハナ/' s.txt >s2.txt
run_kiosk ent s2.txt
check "kiosk with a rejecting queue exits 0" test $? -eq 0
cat ent.err
check "the rejection is reported" grep -q "printing failed: printer '$Q'" \
	ent.err
check "and that walk-in is stored too" test "$(sqlite3 ent/kiosk.db \
	"SELECT count(*) FROM attendees WHERE kana = 'ハナ'")" = 1
check "no new PDF" test "$(ls "$CD"/pdf | wc -l)" -eq "$npdf"

# A queue cupsd does not have, then no cupsd at all: each named as such,
# not as libcups' "No such file or directory".
sed -i "s/^name = $Q\$/name = no-such-queue/" ent/kiosk.ini
sed 's/ミノ/ユキ/' s.txt >s3.txt
run_kiosk ent s3.txt
check "kiosk with a missing queue exits 0" test $? -eq 0
cat ent.err
check "a missing queue is named" grep -q \
	"printing failed: printer 'no-such-queue': no such CUPS queue" ent.err
(CUPS_SERVER="$CD/no-cupsd.sock" && export CUPS_SERVER &&
	run_kiosk ent s3.txt)
check "kiosk without cupsd exits 0" test $? -eq 0
cat ent.err
check "a missing cupsd is named" grep -q \
	"printer 'no-such-queue': no CUPS server at $CD/no-cupsd.sock" ent.err
check "those walk-ins are stored" test "$(sqlite3 ent/kiosk.db \
	"SELECT count(*) FROM attendees WHERE kana = 'ユキ'")" = 2
check "a printed badge raised no printer notice" sh -c \
	"! grep -q 'badge print job' ent.err"

# The printer is paused (how CUPS shows a printer out of paper): CUPS takes
# the job and sits on it. After 15 s the kiosk tells staff which job and
# what the printer says; once the printer runs again the job prints and the
# notice goes.
cupsaccept "$Q"
cupsdisable -r "paper out (test)" "$Q"
sed -i "s/^name = no-such-queue\$/name = $Q/" ent/kiosk.ini
walkin_script s4.txt badge-paused.png ノブ
sed -i 's/^quit$/press 完了\nwait 22000\nscreenshot paused.png\nwait 10000\nscreenshot resumed.png\nquit/' s4.txt
run_kiosk ent s4.txt &
kiosk=$!
# the printer runs again once the kiosk has shown the paused state (not
# after a fixed time: a busy machine may take seconds to register)
wait_for 90 test -s paused.png
cupsenable "$Q"
wait $kiosk
check "kiosk with a paused printer exits 0" test $? -eq 0
cat ent.err
check "staff are told the job waits, and why" grep -q \
	"badge print job [0-9]* on '$Q' not printed after 15 s: printer stopped.*paper out (test)" ent.err
check "the notice goes once it prints" grep -q "printer: ok" ent.err
ink=$($PNG paused.png ink 0.03 0.66 0.6 0.71)
check "the notice is on the idle screen ($ink px)" test "$ink" -gt 500
ink=$($PNG resumed.png ink 0.03 0.66 0.6 0.71)
check "and gone from it ($ink px)" test "$ink" -lt 50
check "the paused job printed in the end" wait_for 30 sh -c \
	"[ \$(ls '$CD'/pdf | wc -l) -eq $((npdf + 1)) ]"

finish
