#!/bin/sh
# End to end: staff export to a USB drive. The copy lands in
# DRIVE/KIOSKNAME/kiosk.db (the README's `fairsync merge --db fair.db
# usb/*/kiosk.db` merges it) with a readable summary.txt; it is mode 0600,
# holds no byte of the event's signing secret key (an entrance kiosk has
# it), and was read back before the kiosk said so. A later export replaces
# it. With no removable drive the kiosk says so in large type, writes
# nothing anywhere and claims nothing; it never falls back to its own disk.
# [export] usb_root stands for the drive here (tests and special setups).
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role entrance --pin 2468 --out ent >/dev/null ||
	exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)
SECRET=$(sqlite3 ev.db "SELECT hex(secret) FROM keys WHERE secret IS NOT NULL")
has_secret() { # FILE: exit 0 if the secret key's bytes are in it
	python3 -c "
import sys
sys.exit(0 if bytes.fromhex(sys.argv[1]) in open(sys.argv[2], 'rb').read()
         else 1)" "$SECRET" "$1"
}
set_root() { # DIR: kiosk.ini's [export] usb_root
	sed -i '/^usb_root *=/d' ent/kiosk.ini
	grep -q '^\[export\]' ent/kiosk.ini || printf '\n[export]\n' >>ent/kiosk.ini
	sed -i "s|^\[export\]|[export]\nusb_root = $1|" ent/kiosk.ini
}
check "the entrance kiosk's own file holds the secret key" has_secret ent/kiosk.db

mkdir usb
set_root "$OUT/usb"
cat >s.txt <<EOT
scan $T1
wait 2100
$(staff_login)
wait 50
press USBへ書き出し
wait 100
screenshot exported.png
press 受付画面に戻る
wait 50
scan $T2
wait 2100
$(staff_login)
wait 50
press USBへ書き出し
wait 100
quit
EOT
run_kiosk ent s.txt
check "kiosk exits 0" test $? -eq 0
cat ent.err
f=usb/entrance/kiosk.db
check "the copy is DRIVE/KIOSKNAME/kiosk.db" test -f $f
check "one folder on the drive (the second export replaced the first)" \
	test "$(ls usb | wc -l)" -eq 1
check "no temporary file left" test -z "$(ls -A usb/entrance | grep -v -x -e kiosk.db -e summary.txt)"
check "mode 0600" test "$(stat -c %a $f)" = 600
python3 -c "
import sys
sys.exit(1 if bytes.fromhex(sys.argv[1]) in open(sys.argv[2], 'rb').read()
         else 0)" "$SECRET" $f
check "no byte of the secret key in the copy" test $? -eq 0
check "its keys table has no secret" \
	test "$(sqlite3 $f 'SELECT count(*) FROM keys WHERE secret IS NOT NULL')" = 0
check "but still the public key" \
	test "$(sqlite3 $f 'SELECT count(*) FROM keys')" -ge 1
check "integrity_check ok" test "$(sqlite3 $f 'PRAGMA integrity_check')" = ok
check "both check-ins in it" test "$(sqlite3 $f "SELECT count(*) FROM facts
	WHERE kind = 'checkin'")" = 2
check "one self-contained file (no -wal, -journal)" \
	test ! -e $f-wal -a ! -e $f-journal
check "stderr: read back and checked" grep -q "export done: 2 facts in .*usb/entrance/kiosk.db, read back" ent.err
check "summary.txt counts the check-ins" grep -q "check-ins: 2" usb/entrance/summary.txt
check "summary.txt says when in venue time (+09:00)" \
	grep -Eq '^書き出し exported: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+09:00$' usb/entrance/summary.txt
ok_red=$($PNG exported.png count $RED)
"$FS" merge --db ev.db usb/*/kiosk.db >merge.out 2>&1
check "the README's merge glob merges it" test $? -eq 0
check "the check-ins reached the event database" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM facts WHERE kind = 'checkin'")" = 2

# no removable drive: nothing written, nothing claimed
rm -rf usb nousb export ent/export
set_root "$OUT/nousb"
cat >n.txt <<EOT
$(staff_login)
wait 50
press USBへ書き出し
wait 100
screenshot nodrive.png
quit
EOT
run_kiosk ent n.txt
check "no drive: kiosk exits 0" test $? -eq 0
check "no drive: stderr says so" grep -q "export failed: no removable drive" ent.err
check "no drive: nothing claimed" test -z "$(grep 'export done' ent.err)"
check "no drive: nothing created" test ! -e nousb -a ! -e ent/export
red=$($PNG nodrive.png count $RED)
check "no drive: the failure shows in red ($red px, $ok_red after a good export)" \
	test "$red" -gt $((ok_red + 1000))

# and without the setting: this machine's real drives (none here)
if grep -q ' /dev/sd\| /dev/mmcblk[1-9]' /proc/self/mountinfo; then
	skip_part "no setting: a removable drive may be mounted on this machine"
else
	set_root ""
	run_kiosk ent n.txt
	check "no setting, no drive: export refused" \
		grep -q "export failed: no removable drive" ent.err
	check "no setting: nothing written beside the kiosk" \
		test -z "$(find ent -newer ent/kiosk.ini -name '*.db' ! -path ent/kiosk.db)"
fi
finish
