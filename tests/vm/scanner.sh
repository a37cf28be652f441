#!/bin/sh
# VM test: a keyboard-wedge scanner through the kernel. The kiosk is
# configured as a deployment with a handheld scanner is (kiosk.ini
# scanner = name:SUBSTRING) and started before the scanner is plugged in:
# QEMU's usb-kbd is then hot-plugged (QMP device_add) and types a badge
# token with the US layout (shift for capitals, then Enter). The kiosk finds
# it by name, grabs it, decodes its key codes and checks the student in:
# the outcome log says accepted, from the scanner. Figure: plug to outcome.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib.sh"

vm_prepare
make_event ev.db || vm_fail "cannot make the event"
"$FS" pack --db ev.db --role entrance --pin 2468 --out k >/dev/null ||
	vm_fail "fairsync pack failed"
sed -i 's/^scanner = .*/scanner = name:QEMU USB Keyboard/' k/kiosk.ini
T1=$(token ev.db S001) || vm_fail "fairsync token issue failed"

printf 'wait 3600000\n' >s.txt
vm_guest_kiosk k --script "$OUT/s.txt"
vm_boot
vm_wait_for "$VM_BOOT_S" has_line console.log "vm-init: ready"
vm_wait_for 300 has_line times first-frame
t0=$(date +%s)
$QMP run device_add \
	'{"driver": "usb-kbd", "bus": "xhci.0", "id": "scanner",
	  "display": "vga"}' >/dev/null ||
	vm_fail "QMP device_add usb-kbd failed"
# the kiosk looks for its scanner every second: typed once it is grabbed
vm_wait_for 120 has_line kiosk.err "scanner: 'QEMU QEMU USB Keyboard' grabbed"
$QMP type "$T1" vga || vm_fail "QMP typing failed"
vm_wait_for 120 has_line kiosk.log '"outcome"'
secs=$(($(date +%s) - t0))
vm_stop
cat kiosk.log
check "check-in accepted from the scanner" has_line kiosk.log \
	'"outcome":"accepted","source":"scanner".*"attendee":"S001"'
check "one outcome" test "$(wc -l <kiosk.log)" -eq 1
check "the kiosk exits 0 on SIGTERM" has_line times "kiosk-exit 0"
check "the check-in is in the kiosk's file" test "$(sqlite3 \
	guest-kiosk.db "SELECT count(*) FROM facts WHERE kind = 'checkin'")" = 1
figure "scanner usb-kbd hot-plugged, US layout: accepted S001," \
	"${secs} s from plug to outcome"
[ "$fails" -eq 0 ]
