#!/bin/sh
# VM test: touch through the kernel. QEMU's usb-tablet is an absolute
# pointer reporting 0..32767 on each axis; on the bare console the kiosk
# reads it itself (input_touch.c) and scales it by that range. Taps sent
# through QMP where the kiosk's own layout puts the staff button and the
# PIN keys (the kiosk's script command `where`) open the PIN screen, type
# 2468 and open staff mode: each screen QEMU shows is compared with the
# kiosk's own screenshot of that state, taken by its script beforehand.
# Figure: the first tap to staff mode, seconds.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib.sh"

vm_prepare
make_event ev.db || vm_fail "cannot make the event"
"$FS" pack --db ev.db --role entrance --pin 2468 --out k >/dev/null ||
	vm_fail "fairsync pack failed"
# The guest kiosk first walks the screens itself (the script's synthetic
# taps) to say where each key is and how each screen looks, back to idle.
cat >s.txt <<EOT
where スタッフ
screenshot $OUT/idle.png
press スタッフ
wait 300
screenshot $OUT/pin0.png
where 2
where 4
where 6
where 8
where OK
press 2
press 4
press 6
press 8
wait 300
screenshot $OUT/pin4.png
press OK
wait 1000
screenshot $OUT/staff.png
press 受付画面に戻る
wait 300
screenshot $OUT/ready.png
wait 3600000
EOT
at() { sed -n "s/^where $1 //p" kiosk.err; }
vm_guest_kiosk k --script "$OUT/s.txt"
vm_boot -device usb-tablet,bus=xhci.0
vm_wait_for "$VM_BOOT_S" has_line console.log "vm-init: ready"
vm_wait_for 300 has_line times first-frame
vm_wait_for 300 test -s ready.png
check "the kiosk found the tablet" \
	has_line kiosk.err "touch: .*QEMU.*x 0..32767, y 0..32767"
vm_wait_for 60 vm_dump_like idle.png 30000
check "back on the idle screen, but for the clock ($(cat same.txt))" true

t0=$(date +%s)
# shellcheck disable=SC2046
$QMP tap $(at スタッフ) || vm_fail "QMP tap failed"
vm_wait_for 120 vm_dump_like pin0.png 0
check "a tap on the staff button opens the PIN screen ($(cat same.txt))" true
for d in 2 4 6 8; do
	# shellcheck disable=SC2046
	$QMP tap $(at $d) || vm_fail "QMP tap failed"
done
vm_wait_for 120 vm_dump_like pin4.png 0
check "four taps type four digits ($(cat same.txt))" true
# shellcheck disable=SC2046
$QMP tap $(at OK) || vm_fail "QMP tap failed"
vm_wait_for 300 vm_dump_like staff.png 30000
secs=$(($(date +%s) - t0))
check "OK opens staff mode ($(cat same.txt))" true
vm_stop
check "the kiosk exits 0 on SIGTERM" has_line times "kiosk-exit 0"
vm_check_user
figure "touch usb-tablet 0..32767 scaled to 1280x800: staff button," \
	"PIN 2468, OK landed; staff mode ${secs} s after the first tap"
[ "$fails" -eq 0 ]
