#!/bin/sh
# VM test: the arm64 package in an arm64 guest. Debian's arm64 kernel
# (linux-image-arm64) under qemu-system-aarch64 -M virt -cpu cortex-a72
# (TCG) with virtio-gpu; the guest's root is the arm64 sysroot
# scripts/build-arm64.sh unpacks, with the arm64 .deb it builds unpacked
# into it (tests/vm/lib.sh, vm_arm64_root). The package's own
# /usr/bin/fairkiosk starts as the unit would, on the bare console
# (SDL's KMSDRM): QEMU's screendump equals the kiosk's own screenshot; then
# a USB keyboard hot-plugged as a scanner (kiosk.ini scanner = name:...)
# types a badge token and the check-in is accepted. Figures: boot to first
# frame, the kiosk's own part, peak RSS, plug to outcome.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
VM_ARCH=arm64 # read by lib.sh
. "$(dirname "$0")/lib.sh"

vm_prepare
make_event ev.db || vm_fail "cannot make the event"
"$FS" pack --db ev.db --role entrance --pin 2468 --out k >/dev/null ||
	vm_fail "fairsync pack failed"
sed -i 's/^scanner = .*/scanner = name:QEMU USB Keyboard/' k/kiosk.ini
T1=$(token ev.db S001) || vm_fail "fairsync token issue failed"
printf 'screenshot %s/shot.png\nwait 3600000\n' "$OUT" >s.txt
vm_guest_kiosk k --script "$OUT/s.txt"
vm_boot
vm_wait_for "$VM_BOOT_S" has_line console.log "vm-init: ready"
echo "guest ready after $(vm_elapsed) s"
vm_wait_for 900 has_line times first-frame
ff_host=$(vm_elapsed)
echo "first frame after $ff_host s"
vm_wait_for 120 test -s shot.png

vm_check_screendump

t0=$(date +%s)
$QMP run device_add \
	'{"driver": "usb-kbd", "bus": "xhci.0", "id": "scanner",
	  "display": "vga"}' >/dev/null ||
	vm_fail "QMP device_add usb-kbd failed"
vm_wait_for 300 has_line kiosk.err "scanner: 'QEMU QEMU USB Keyboard' grabbed"
$QMP type "$T1" vga || vm_fail "QMP typing failed"
vm_wait_for 300 has_line kiosk.log '"outcome"'
secs=$(($(date +%s) - t0))
vm_stop
grep -v '^trace frame-us' kiosk.err
cat kiosk.log
check "check-in accepted from the scanner" has_line kiosk.log \
	'"outcome":"accepted","source":"scanner".*"attendee":"S001"'
check "the kiosk exits 0 on SIGTERM" has_line times "kiosk-exit 0"
vm_check_user
check "the check-in is in the kiosk's file" test "$(sqlite3 \
	guest-kiosk.db "SELECT count(*) FROM facts WHERE kind = 'checkin'")" = 1
check "the guest is an arm64 machine ($(cat uname))" \
	test "$(cat uname)" = aarch64

start=$(sed -n 's/^kiosk-start //p' times)
seen=$(sed -n 's/^first-frame //p' times)
whole=$(echo "$seen $start" | awk '{ printf "%.1f", $1 - $2 }')
video_ms=$(sed -n 's/^trace sdl-init-to-frame-us //p' kiosk.err |
	awk '{ printf "%d", $1 / 1000 }')
hwm=$(cat hwm)
ren=$(sed -n 's/^trace renderer //p' kiosk.err)
check "peak RSS $((hwm / 1024)) MB under 160 MB ($ren)" \
	test "$hwm" -lt $((160 * 1024))
figure "arm64 virt cortex-a72 virtio-gpu $size ($ren): screendump" \
	"identical; boot to first frame ${ff_host} s (${whole} s after exec," \
	"${video_ms:-?} ms from SDL_Init); peak RSS $((hwm / 1024)) MB;" \
	"usb-kbd scanner accepted S001 ${secs} s from plug"
[ "$fails" -eq 0 ]
