#!/bin/sh
# VM test: staff export onto a USB stick through the kernel. A FAT image
# (mkfs.vfat) is QEMU's usb-storage on the guest's xhci; udevd runs in the
# guest and the stick is mounted as a desktop's automounter would. A badge
# is scanned, staff log in and press USBへ書き出し: the kiosk finds the
# stick as a removable drive (udev's ID_BUS=usb) and writes
# KIOSKNAME/kiosk.db on it. On the host the file is read from the image with
# mtools and `fairsync merge` merges its check-in. Figure: export seconds.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib.sh"

vm_prepare
for t in mkfs.vfat mcopy mdir; do
	command -v $t >/dev/null || vm_skip "$t is not installed"
done
make_event ev.db || vm_fail "cannot make the event"
"$FS" pack --db ev.db --role entrance --pin 2468 --out k >/dev/null ||
	vm_fail "fairsync pack failed"
T1=$(token ev.db S001) || vm_fail "fairsync token issue failed"
rm -f stick.img
truncate -s 64M stick.img && mkfs.vfat -n FAIRUSB stick.img >/dev/null ||
	vm_fail "cannot make the FAT image"

cat >s.txt <<EOT
scan $T1
wait 2100
$(staff_login)
wait 50
press USBへ書き出し
wait 3600000
EOT
VM_BEFORE='n=0
while [ ! -b /dev/sda ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done
udevadm settle --timeout=60
udevadm info --query=property --name=/dev/sda |
	grep -E "^ID_(BUS|FS_TYPE)=" >"$W/sda.udev"
# owned by the kiosk user, as an automounter mounts it for its user
o=utf8,uid=$(id -u fairkiosk),gid=$(id -g fairkiosk)
mkdir -p /run/media/usb && mount -t vfat -o $o /dev/sda /run/media/usb' \
VM_AFTER='umount /run/media/usb && echo unmounted >"$W/umount"' \
	vm_guest_kiosk k --script "$OUT/s.txt"
vm_boot -drive "if=none,id=stick,format=raw,file=$OUT/stick.img" \
	-device usb-storage,bus=xhci.0,drive=stick,removable=on
vm_wait_for "$VM_BOOT_S" has_line console.log "vm-init: ready"
vm_wait_for 300 has_line times first-frame
t0=$(date +%s)
vm_wait_for 300 has_line kiosk.err "fairkiosk: export"
secs=$(($(date +%s) - t0))
vm_stop
grep -v frame-us kiosk.err | grep -i export
check "udev calls the stick a USB vfat drive" \
	test "$(sort sda.udev | tr '\n' ' ')" = "ID_BUS=usb ID_FS_TYPE=vfat "
check "the stick was unmounted cleanly" test -f umount
vm_check_user
check "the kiosk wrote to the stick" \
	has_line kiosk.err \
	"export done: 1 facts in /run/media/usb/entrance/kiosk.db, read back"
mdir -i stick.img ::entrance >mdir.txt 2>&1
cat mdir.txt
mcopy -n -i stick.img ::entrance/kiosk.db usb-kiosk.db
check "mtools reads entrance/kiosk.db off the image" test -s usb-kiosk.db
check "its integrity_check is ok" \
	test "$(sqlite3 usb-kiosk.db 'PRAGMA integrity_check')" = ok
"$FS" merge --db ev.db usb-kiosk.db >merge.out 2>&1
check "fairsync merge takes it" test $? -eq 0
cat merge.out
check "the check-in is in the organizer's file" test "$(sqlite3 ev.db \
	"SELECT count(*) FROM facts f JOIN attendees a ON a.id = f.attendee_id
	 WHERE f.kind = 'checkin' AND a.ext_id = 'S001'")" = 1
figure "usb export onto usb-storage (vfat, udev ID_BUS=usb):" \
	"entrance/kiosk.db merged on the host, ${secs} s from first frame"
[ "$fails" -eq 0 ]
