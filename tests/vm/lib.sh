# tests/vm/lib.sh: boots Debian's own kernel under QEMU (TCG) with the
# host's installed system as the guest's root, for the tests in tests/vm/
# (sourced). Needs B (build dir) and OUT (this test's folder, shared
# read-write with the guest at the same path).
#
# The guest: the kernel of the package linux-image-amd64 depends on, fetched
# with `apt-get download` (never from anywhere else) into $B/vm; an
# initramfs of busybox and that package's own modules; the host's / shared
# read-only over 9p and chrooted into, so the kiosk runs with exactly the
# libraries installed here. The guest runs $OUT/guest.sh inside the chroot
# and powers off when it returns. QMP on $OUT/qmp.sock drives the display
# and the USB devices; files in $OUT carry everything else both ways.
# The kiosk tests' set-up (make_event, token, staff_login, check; cd OUT).
. "$(pwd)/tests/e2e/lib/kiosk.sh"
VMDIR="$B/vm"
QMP="python3 $REPO/tests/vm/qmp.py $OUT/qmp.sock"
# The guest under TCG on a shared 2-core machine: generous, always polled.
VM_BOOT_S=${VM_BOOT_S:-240}
mkdir -p "$VMDIR" || exit 1

# Modules the guest loads, dependencies first (resolved from the package's
# modules.dep): 9p for the host's root, the DRM driver of QEMU's standard
# VGA (bochs), USB (xhci) with HID (touch, keyboards) and mass storage, and
# FAT for the stick.
VM_MODULES="virtio_pci 9pnet_virtio 9p bochs xhci-pci usbhid hid-generic
evdev usb-storage sd_mod vfat nls_cp437 nls_ascii nls_utf8"

vm_fail() { # REASON: the test cannot go on
	echo "FAIL: $*" >&2
	exit 1
}

vm_skip() { # REASON: a prerequisite is truly absent
	echo "skip: $*" >&2
	exit 77
}

# vm_tools: QEMU, busybox and cpio (scripts/install-deps.sh --with-vm).
vm_tools() {
	for t in qemu-system-x86_64 cpio apt-get dpkg-deb depmod python3; do
		command -v "$t" >/dev/null 2>&1 ||
			vm_skip "$t is not installed (install-deps.sh --with-vm)"
	done
	# ldd fails on a static executable
	[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 ||
		vm_skip "no static /bin/busybox (package busybox-static)"
	[ -x "$FK" ] && [ -x "$FS" ] || vm_fail "build $FK and $FS first"
}

# vm_kernel: sets KVER and KROOT (the package unpacked) for the one kernel
# package linux-image-amd64 depends on.
vm_kernel() {
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' |
		head -n 1)
	[ -n "$pkg" ] || vm_fail "apt knows no kernel package for" \
		"linux-image-amd64 (run apt-get update)"
	KVER=${pkg#linux-image-}
	KROOT="$VMDIR/$pkg"
	[ -f "$KROOT/lib/modules/$KVER/modules.dep" ] && return 0
	(cd "$VMDIR" && rm -f "$pkg"_*.deb &&
		apt-get download "$pkg" >apt.log 2>&1) ||
		vm_fail "apt-get download $pkg failed: $(tail -n 1 \
			"$VMDIR/apt.log")"
	# modules.dep is made at install time: depmod makes it here
	rm -rf "$KROOT.tmp" && dpkg-deb -x "$VMDIR/$pkg"_*.deb "$KROOT.tmp" &&
		depmod -b "$KROOT.tmp" "$KVER" &&
		rm -rf "$KROOT" && mv "$KROOT.tmp" "$KROOT" || vm_fail "cannot unpack $pkg"
	[ -f "$KROOT/boot/vmlinuz-$KVER" ] ||
		vm_fail "$pkg holds no boot/vmlinuz-$KVER"
}

# Prints the module file NAME.ko (relative to lib/modules/KVER) after its
# dependencies, each once.
vm_module_closure() {
	dep="$KROOT/lib/modules/$KVER/modules.dep"
	for m in $VM_MODULES; do
		p=$(grep -E "/$m\.ko:" "$dep" | cut -d: -f1)
		[ -n "$p" ] || vm_fail "module $m is not in $dep"
		vm_module_visit "$p"
	done
}
vm_module_visit() { # PATH
	case " $vm_seen " in *" $1 "*) return 0 ;; esac
	for d in $(grep -E "^$1:" "$dep" | cut -d: -f2); do
		vm_module_visit "$d"
	done
	vm_seen="$vm_seen $1"
	echo "$1"
}

# vm_initramfs: $VMDIR/initrd-KVER.gz, busybox, the modules and the init.
vm_initramfs() {
	INITRD="$VMDIR/initrd-$KVER.gz"
	root="$VMDIR/initrd-root"
	rm -rf "$root" && mkdir -p "$root/bin" "$root/lib/modules" \
		"$root/proc" "$root/sys" "$root/dev" "$root/host" || exit 1
	cp /bin/busybox "$root/bin/busybox"
	for a in sh mount insmod mkdir sed sleep poweroff sync chroot cat \
		echo; do
		ln -s busybox "$root/bin/$a"
	done
	vm_seen=""
	vm_module_closure >"$root/vm-modules" || exit 1
	while read -r p; do
		mkdir -p "$root/lib/modules/$(dirname "$p")"
		cp "$KROOT/lib/modules/$KVER/$p" "$root/lib/modules/$p"
	done <"$root/vm-modules"
	cp "$REPO/tests/vm/init" "$root/init" && chmod 755 "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) \
		>"$INITRD" || vm_fail "cannot build $INITRD"
}

vm_prepare() {
	vm_tools
	vm_kernel
	vm_initramfs
}

# vm_boot [QEMU ARGS...]: starts the guest in the background (QEMU_PID);
# it runs $OUT/guest.sh (write it first). Its console goes to console.log.
vm_boot() {
	[ -f "$OUT/guest.sh" ] || vm_fail "no $OUT/guest.sh to run"
	VM_T0=$(date +%s%N)
	# without multidevs=remap the guest's /proc is hidden after chroot
	ro=readonly=on,multidevs=remap
	qemu-system-x86_64 -nodefaults -machine pc -accel tcg -smp 2 \
		-m 1024 -device VGA,id=vga -display none -no-reboot \
		-kernel "$KROOT/boot/vmlinuz-$KVER" -initrd "$INITRD" \
		-append "console=ttyS0 panic=-1 loglevel=4 vm.work=$OUT" \
		-serial "file:$OUT/console.log" \
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,$ro" \
		-virtfs "local,path=$OUT,mount_tag=work,security_model=none,multidevs=remap" \
		-device qemu-xhci,id=xhci \
		-qmp "unix:$OUT/qmp.sock,server=on,wait=off" \
		"$@" >"$OUT/qemu.log" 2>&1 &
	QEMU_PID=$!
	trap 'vm_kill' EXIT
}

vm_kill() {
	[ -n "${QEMU_PID:-}" ] && kill "$QEMU_PID" 2>/dev/null
	QEMU_PID=""
}

vm_alive() {
	[ -n "${QEMU_PID:-}" ] && kill -0 "$QEMU_PID" 2>/dev/null
}

# vm_wait_for SECS COMMAND...: polls COMMAND every half second while the
# guest runs; fails with the console's last lines if the guest stopped or
# the time ran out.
vm_wait_for() {
	secs=$1
	shift
	end=$(($(date +%s) + secs))
	while ! "$@"; do
		if ! vm_alive; then
			vm_console_tail
			vm_fail "the guest stopped while waiting for: $*"
		fi
		if [ "$(date +%s)" -ge "$end" ]; then
			vm_console_tail
			vm_fail "not within $secs s: $*"
		fi
		sleep 0.5
	done
}

vm_console_tail() {
	echo "--- guest console (last lines)"
	tail -n 25 "$OUT/console.log" 2>/dev/null
	echo "--- guest.log (last lines)"
	tail -n 25 "$OUT/guest.log" 2>/dev/null
	echo "--- qemu"
	tail -n 5 "$OUT/qemu.log" 2>/dev/null
}

# Seconds since vm_boot, one decimal.
vm_elapsed() {
	echo "$(date +%s%N) $VM_T0" |
		awk '{ printf "%.1f", ($1 - $2) / 1e9 }'
}

# vm_stop: tells guest.sh to finish (the file stop) and waits for the
# guest to power off.
vm_stop() {
	: >"$OUT/stop"
	end=$(($(date +%s) + 120))
	while vm_alive && [ "$(date +%s)" -lt "$end" ]; do
		sleep 0.5
	done
	if vm_alive; then
		vm_console_tail
		vm_kill
		vm_fail "the guest did not power off"
	fi
	wait "$QEMU_PID" 2>/dev/null
	QEMU_PID=""
}

# unit_env: the Environment= of debian/fairkiosk.service with SDL's video
# driver set to kmsdrm (a bare console: no cage, no X).
unit_env() {
	sed -n 's/^Environment=//p' "$REPO/debian/fairkiosk.service" |
		tr ' ' '\n' | sed 's/^SDL_VIDEODRIVER=.*/SDL_VIDEODRIVER=kmsdrm/' |
		tr '\n' ' '
}

# vm_guest_kiosk BUNDLE [KIOSK ARGS...]: writes guest.sh, which starts the
# kiosk of $OUT/BUNDLE (copied to the guest's /tmp/k, its working folder)
# as the unit would, on the bare console, once /dev/dri/card0 exists, and
# runs it until the host creates $OUT/stop. With VM_UDEVD=1, udevd runs
# first as at a real boot. VM_BEFORE and VM_AFTER: shell lines run before
# the kiosk starts and after it exits. It leaves in $OUT: kiosk.log
# (outcomes), kiosk.err, times (guest uptimes: kiosk-start, first-frame,
# kiosk-exit STATUS), hwm (peak RSS, kB), modes (the connector's modes).
vm_guest_kiosk() {
	bundle=$1
	shift
	cat >"$OUT/guest.sh" <<EOT
#!/bin/sh
# Written by tests/vm/lib.sh; runs in the guest, chrooted into the host.
W='$OUT'
up() { cut -d' ' -f1 /proc/uptime; }
n=0
while [ ! -e /dev/dri/card0 ] && [ \$n -lt 600 ]; do
	sleep 0.1
	n=\$((n + 1))
done
cat /sys/class/drm/card0-*/modes >"\$W/modes"
if [ "${VM_UDEVD:-0}" = 1 ]; then
	# udevadm refuses to act in a chroot unless told it is meant
	export SYSTEMD_IGNORE_CHROOT=1
	/lib/systemd/systemd-udevd --daemon
	udevadm trigger --action=add
	udevadm settle --timeout=120
fi
ls -l /dev/dri /dev/input
cp -r "\$W/$bundle" /tmp/k && cd /tmp/k || exit 1
${VM_BEFORE:-}
export HOME=/tmp XDG_RUNTIME_DIR=/run XDG_CACHE_HOME=/tmp/.cache
export SDL_AUDIODRIVER=dummy FAIRKIOSK_TRACE=1
export $(unit_env)
echo "kiosk-start \$(up)" >"\$W/times"
'$FK' --config /tmp/k/kiosk.ini $* >"\$W/kiosk.log" 2>"\$W/kiosk.err" &
pid=\$!
st=/proc/\$pid/status
seen=0
while kill -0 \$pid 2>/dev/null && [ ! -e "\$W/stop" ]; do
	if [ \$seen = 0 ] && grep -q first-frame-us "\$W/kiosk.err"; then
		echo "first-frame \$(up)" >>"\$W/times"
		seen=1
	fi
	h=\$(sed -n 's/^VmHWM:[[:space:]]*\\([0-9]*\\).*/\\1/p' "\$st")
	[ -n "\$h" ] && echo "\$h" >"\$W/hwm"
	sleep 0.2
done
kill \$pid 2>/dev/null
wait \$pid
echo "kiosk-exit \$?" >>"\$W/times"
${VM_AFTER:-}
cp /tmp/k/kiosk.db "\$W/guest-kiosk.db"
EOT
}

# vm_dump_like SHOT MAX: true when QEMU's screendump (dump.ppm) differs
# from the PNG SHOT in at most MAX pixels; the count is left in same.txt.
vm_dump_like() {
	$QMP screendump "$OUT/dump.ppm" || vm_fail "QMP screendump failed"
	python3 "$REPO/tests/vm/samepix.py" "$OUT/dump.ppm" "$1" "$2" \
		>"$OUT/same.txt"
}

has_line() { # FILE PATTERN
	grep -q -- "$2" "$1" 2>/dev/null
}

# figure TEXT: the test's measured figure, for the closing line of
# tests/vm/run.sh.
figure() {
	echo "figure: $*"
	echo "$*" >"$OUT/figure"
}
