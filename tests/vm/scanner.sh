#!/bin/sh
# VM test: a keyboard-wedge scanner through the kernel, with the console's
# keyboard layout US and then Japanese (jp106, loaded with loadkeys before
# the kiosk starts, as a Japanese kiosk's console-setup does at boot). The
# kiosk is configured as a deployment with a handheld scanner is
# (kiosk.ini scanner = name:SUBSTRING) and started before the scanner is
# plugged in: QEMU's usb-kbd is then hot-plugged (QMP device_add) and types
# a badge token as a US scanner does (shift for capitals, then Enter). The
# kiosk finds it by name, grabs it, decodes its key codes (never the
# layout's text) and checks the student in, under either layout: the
# outcome log says accepted, from the scanner. Figure: plug to outcome.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib.sh"

vm_prepare
command -v loadkeys >/dev/null && command -v dumpkeys >/dev/null ||
	vm_skip "no loadkeys (install-deps.sh --with-vm: kbd)"
[ -f /usr/share/keymaps/i386/qwerty/jp106.kmap.gz ] ||
	vm_skip "no jp106 keymap (install-deps.sh --with-vm: console-data)"
make_event ev.db || vm_fail "cannot make the event"
"$FS" pack --db ev.db --role entrance --pin 2468 --out k >/dev/null ||
	vm_fail "fairsync pack failed"
sed -i 's/^scanner = .*/scanner = name:QEMU USB Keyboard/' k/kiosk.ini
printf 'wait 3600000\n' >s.txt

figs=""
# LAYOUT ATTENDEE: one boot with the console's keymap LAYOUT
one_layout() {
	layout=$1
	tok=$(token ev.db "$2") || vm_fail "fairsync token issue failed"
	rm -f stop times kiosk.log kiosk.err keymap id hwm guest-kiosk.db
	load=""
	[ "$layout" = us ] ||
		load="loadkeys -C /dev/tty1 $layout >\"\$W/loadkeys.log\" 2>&1"
	# keycode 3 is 2 with shift: @ on US, a double quote on jp106
	VM_BEFORE="$load
dumpkeys -C /dev/tty1 | grep -E '^keycode +3 =' >\"\$W/keymap\"" \
		vm_guest_kiosk k --script "$OUT/s.txt"
	vm_boot
	vm_wait_for "$VM_BOOT_S" has_line console.log "vm-init: ready"
	vm_wait_for 300 has_line times first-frame
	t0=$(date +%s)
	$QMP run device_add \
		'{"driver": "usb-kbd", "bus": "xhci.0", "id": "scanner",
		  "display": "vga"}' >/dev/null ||
		vm_fail "QMP device_add usb-kbd failed"
	# the kiosk looks for its scanner every second: typed once grabbed
	vm_wait_for 120 has_line kiosk.err \
		"scanner: 'QEMU QEMU USB Keyboard' grabbed"
	$QMP type "$tok" vga || vm_fail "QMP typing failed"
	vm_wait_for 120 has_line kiosk.log '"outcome"'
	secs=$(($(date +%s) - t0))
	vm_stop
	cat kiosk.log
	echo "console keymap: $(cat keymap)"
	if [ "$layout" = us ]; then
		check "the console's layout is US (2 with shift is @)" \
			has_line keymap "= two *at"
	else
		check "the console's layout is $layout (2 with shift is \")" \
			has_line keymap "= two *quotedbl"
	fi
	check "$layout: check-in accepted from the scanner" has_line kiosk.log \
		"\"outcome\":\"accepted\",\"source\":\"scanner\".*\"attendee\":\"$2\""
	check "$layout: one outcome" test "$(wc -l <kiosk.log)" -eq 1
	check "$layout: the kiosk exits 0 on SIGTERM" \
		has_line times "kiosk-exit 0"
	vm_check_user
	check "$layout: the check-in is in the kiosk's file" test "$(sqlite3 \
		guest-kiosk.db "SELECT count(*) FROM facts
		WHERE kind = 'checkin'")" = 1
	figs="$figs${figs:+, }$layout accepted $2 ${secs} s from plug"
}
one_layout us S001
one_layout jp106 S002
figure "scanner usb-kbd hot-plugged, console layout US then jp106:" \
	"$figs"
[ "$fails" -eq 0 ]
