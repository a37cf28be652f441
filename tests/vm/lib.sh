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
#
# VM_ARCH=arm64: the same on `qemu-system-aarch64 -M virt -cpu cortex-a72`
# with virtio-gpu, booting the kernel of linux-image-arm64; the guest's
# root is then the arm64 sysroot scripts/build-arm64.sh unpacks, with the
# arm64 .deb it builds unpacked into a copy of it (vm_arm64_root). Every
# arm64 package comes through that script's own apt configuration (arm64
# is never added to this machine's dpkg).
# The kiosk tests' set-up (make_event, token, staff_login, check; cd OUT).
. "$(pwd)/tests/e2e/lib/kiosk.sh"
VMDIR="$B/vm"
VM_ARCH=${VM_ARCH:-amd64}
QMP="python3 $REPO/tests/vm/qmp.py $OUT/qmp.sock"
# The guest under TCG on a shared 2-core machine: generous, always polled.
VM_BOOT_S=${VM_BOOT_S:-240}
mkdir -p "$VMDIR" || exit 1

# Modules the guest loads, dependencies first (resolved from the package's
# modules.dep): 9p for the host's root, the DRM driver of QEMU's standard
# VGA (bochs), USB (xhci) with HID (touch, keyboards) and mass storage, and
# FAT for the stick.
VM_MODULES="virtio_pci 9pnet_virtio 9p overlay bochs xhci-pci usbhid
hid-generic evdev usb-storage sd_mod vfat nls_cp437 nls_ascii nls_utf8"
# The kiosk as the guest runs it (the arm64 one is the package's).
FK_GUEST=$FK
VM_ROOT=/
VM_BUSYBOX=/bin/busybox
VM_QEMU=qemu-system-x86_64
if [ "$VM_ARCH" = arm64 ]; then
	# virt's DRM device is virtio-gpu; its PCI host and UART are built in
	VM_MODULES="virtio_pci 9pnet_virtio 9p overlay virtio-gpu xhci-pci
usbhid hid-generic evdev"
	VM_QEMU=qemu-system-aarch64
	# where scripts/build-arm64.sh keeps its sysroot, apt and package
	ARM64_CACHE=${FAIR_ARM64_CACHE:-$REPO/build/arm64}
	ARM64_VERSION=$(sed -n 's/^VERSION *:= *//p' "$REPO/Makefile")
	ARM64_DEB=$REPO/build/deb-arm64/fairkiosk_${ARM64_VERSION}_arm64.deb
	VM_ROOT=$VMDIR/arm64-root
	VM_BUSYBOX=$VM_ROOT/bin/busybox
	FK_GUEST="$OUT/.fairkiosk-arm64"
	sed "s,^exec .*,exec /usr/bin/fairkiosk \"\$@\"," "$FK" >"$FK_GUEST" &&
		chmod 755 "$FK_GUEST" || exit 1
fi

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
	for t in "$VM_QEMU" cpio apt-get dpkg-deb depmod python3 \
		qemu-aarch64-static; do
		command -v "$t" >/dev/null 2>&1 ||
			vm_skip "$t is not installed (install-deps.sh --with-vm)"
	done
	# ldd fails on a static executable
	[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 ||
		vm_skip "no static /bin/busybox (package busybox-static)"
	[ -x "$FK" ] && [ -x "$FS" ] || vm_fail "build $FK and $FS first"
}

# vm_apt COMMAND ARGS...: apt-get or apt-cache for the guest's
# architecture; for arm64 with scripts/build-arm64.sh's own configuration.
vm_apt() {
	if [ "$VM_ARCH" = arm64 ]; then
		APT_CONFIG="$ARM64_CACHE/apt/apt.conf" \
			TMPDIR="$ARM64_CACHE/apt/tmp" "$@"
	else
		"$@"
	fi
}

# vm_kernel: sets KVER and KROOT (the package unpacked) for the one kernel
# package linux-image-$VM_ARCH depends on.
vm_kernel() {
	a=$VM_ARCH
	pkg=$(vm_apt apt-cache depends "linux-image-$a" 2>/dev/null |
		sed -n "s/^ *Depends: \(linux-image-[0-9][^ ]*-$a\)\$/\1/p" |
		head -n 1)
	[ -n "$pkg" ] || vm_fail "apt knows no kernel package for" \
		"linux-image-$a (run apt-get update)"
	KVER=${pkg#linux-image-}
	KROOT="$VMDIR/$pkg"
	[ -f "$KROOT/lib/modules/$KVER/modules.dep" ] && return 0
	# the mirror keeps only the newest: once more after apt-get update
	(cd "$VMDIR" && rm -f "$pkg"_*.deb &&
		{ vm_apt apt-get download "$pkg" >apt.log 2>&1 ||
		{ vm_apt apt-get -qq update && vm_apt apt-get download "$pkg"; } \
		>>apt.log 2>&1; }) ||
		vm_fail "apt-get download $pkg failed: $(tail -n 1 \
			"$VMDIR/apt.log")"
	# modules.dep is made at install time: depmod makes it here
	rm -rf "$KROOT.tmp" && dpkg-deb -x "$VMDIR/$pkg"_*.deb "$KROOT.tmp" &&
		depmod -b "$KROOT.tmp" "$KVER" &&
		rm -rf "$KROOT" && mv "$KROOT.tmp" "$KROOT" || vm_fail "cannot unpack $pkg"
	[ -f "$KROOT/boot/vmlinuz-$KVER" ] ||
		vm_fail "$pkg holds no boot/vmlinuz-$KVER"
}

# vm_arm64_root: $VM_ROOT, the arm64 guest's root: a copy (hard links) of
# the sysroot scripts/build-arm64.sh unpacks, with what the package needs
# at run time that a build does not (apt's own closure of the .deb, less
# the sysroot's packages; what a Debian system holds anyway: its shell,
# coreutils, base-passwd, libc-bin, login, udev, util-linux; busybox for
# the rest)
# and the arm64 .deb itself unpacked into it. The sysroot and package are built by that
# script when missing or older than the sources; the copy is remade when
# either changed.
vm_arm64_root() {
	sys=$ARM64_CACHE/sysroot
	if [ ! -f "$ARM64_DEB" ] || [ ! -f "$sys/.fairkiosk-sysroot" ] ||
		[ -n "$(find "$REPO/src" "$REPO/include" "$REPO/debian" \
			"$REPO/po" "$REPO/Makefile" -newer "$ARM64_DEB" \
			-type f 2>/dev/null | head -n 1)" ]; then
		echo "building the arm64 package: scripts/build-arm64.sh" \
			"(log: $OUT/build-arm64.log)"
		s=$(date +%s)
		FAIR_ARM64_TESTS=no FAIR_ARM64_CACHE="$ARM64_CACHE" \
			sh "$REPO/scripts/build-arm64.sh" \
			>"$OUT/build-arm64.log" 2>&1 ||
			vm_fail "scripts/build-arm64.sh failed: $(tail -n 1 \
				"$OUT/build-arm64.log")"
		echo "built in $(($(date +%s) - s)) s"
	fi
	[ -f "$ARM64_DEB" ] || vm_fail "no $ARM64_DEB after build-arm64.sh"
	stamp="$(cat "$sys/.fairkiosk-sysroot") $(cat "$ARM64_DEB" \
		"$REPO/tests/vm/lib.sh" | md5sum)"
	[ "$(cat "$VM_ROOT/.vm-root" 2>/dev/null)" = "$stamp" ] && return 0
	echo "making the arm64 guest's root in $VM_ROOT"
	new=$VM_ROOT.tmp
	rm -rf "$VM_ROOT" "$new" && cp -al "$sys" "$new" ||
		vm_fail "cannot copy $sys"
	# What apt would install with the .deb (from an empty system),
	# downloaded to build-arm64.sh's cache; the sysroot's are there.
	extra="busybox-static coreutils dash base-passwd libc-bin login udev
util-linux"
	# (the mirror keeps only the newest: once more after apt-get update)
	# shellcheck disable=SC2086
	{ vm_apt apt-get -qq install --download-only -y "$ARM64_DEB" $extra ||
		{ vm_apt apt-get -qq update && vm_apt apt-get -qq install \
			--download-only -y "$ARM64_DEB" $extra; }; } \
		>"$OUT/apt-extra.log" 2>&1 ||
		vm_fail "apt cannot fetch the .deb's dependencies:" \
			"$(tail -n 1 "$OUT/apt-extra.log")"
	# shellcheck disable=SC2086
	vm_apt apt-get -s install "$ARM64_DEB" $extra |
		awk '/^Inst / { v = $3; sub(/^\(/, "", v); print $2, v }' |
		sort >"$OUT/closure"
	sort "$ARM64_CACHE/apt/closure" | comm -13 - "$OUT/closure" |
		while read -r name ver; do
			[ "$name" = fairkiosk ] && continue
			v=$(echo "$ver" | sed 's/:/%3a/')
			echo "  + $name $ver"
			dpkg-deb -x "$ARM64_CACHE/apt/cache/archives/${name}_${v}_"*.deb \
				"$new" || exit 1
		done || vm_fail "cannot unpack the .deb's dependencies"
	dpkg-deb -x "$ARM64_DEB" "$new" || vm_fail "cannot unpack $ARM64_DEB"
	# base-passwd's first install: its master files become /etc's
	for f in passwd group; do
		rm -f "$new/etc/$f" &&
			cp "$new/usr/share/base-passwd/$f.master" "$new/etc/$f" ||
			vm_fail "no base-passwd $f.master"
	done
	# What mecab-ipadic-utf8's postinst does (no maintainer script runs
	# in an unpacked root): the dictionary compiled by the arm64
	# mecab-dict-index (under qemu-user), chosen as the alternative
	d=/var/lib/mecab/dic
	echo "  compiling MeCab's dictionary as mecab-ipadic-utf8's postinst does"
	mkdir -p "$new$d/ipadic-utf8" "$new/etc/alternatives" &&
		qemu-aarch64-static -L "$new" "$new/usr/lib/mecab/mecab-dict-index" \
		-d "$new/usr/share/mecab/dic/ipadic" -o "$new$d/ipadic-utf8" \
		-f EUC-JP -t UTF-8 >"$OUT/mecab-dict-index.log" 2>&1 &&
		sed 's,EUC-JP,UTF-8,g' "$new/usr/share/mecab/dic/ipadic/dicrc" \
			>"$new$d/ipadic-utf8/dicrc" &&
		ln -sfn "$d/ipadic-utf8" "$new/etc/alternatives/mecab-dictionary" &&
		ln -sfn /etc/alternatives/mecab-dictionary "$new$d/debian" ||
		vm_fail "mecab-dict-index failed: $(tail -n 1 \
			"$OUT/mecab-dict-index.log")"
	# dpkg's own record of the package: its maintainer scripts, and
	# those of libpam-runtime, whose PAM stack adduser needs
	mkdir -p "$new/var/lib/dpkg/info" &&
		dpkg-deb -e "$ARM64_DEB" "$new/var/lib/dpkg/info/fairkiosk" ||
		vm_fail "cannot read $ARM64_DEB's control files"
	v=$(sed -n 's/^libpam-runtime //p' "$ARM64_CACHE/apt/closure")
	dpkg-deb -e "$ARM64_CACHE/apt/cache/archives/libpam-runtime_${v}_all.deb" \
		"$new/var/lib/dpkg/info/libpam-runtime" ||
		vm_fail "cannot read libpam-runtime's control files"
	# /bin/sh as dash's postinst makes it (busybox's own sh would run
	# its applets before coreutils'), busybox's applets where Debian's
	# other essential packages would be
	[ -x "$new/bin/busybox" ] || vm_fail "busybox-static has no /bin/busybox"
	[ -e "$new/bin/sh" ] || ln -s dash "$new/bin/sh" || vm_fail "no /bin/sh"
	for a in $(/bin/busybox --list); do
		for d in bin usr/bin sbin usr/sbin; do
			[ -e "$new/$d/$a" ] || [ -L "$new/$d/$a" ] && continue 2
		done
		ln -s busybox "$new/bin/$a"
	done
	mkdir -p "$new/proc" "$new/sys" "$new/dev" "$new/tmp" "$new/run" \
		"$new/root" || exit 1
	echo "$stamp" >"$new/.vm-root" && mv "$new" "$VM_ROOT" || exit 1
}

# Prints the module file NAME.ko (relative to lib/modules/KVER) after its
# dependencies, each once.
vm_module_closure() {
	dep="$KROOT/lib/modules/$KVER/modules.dep"
	for m in $VM_MODULES; do
		p=$(grep -E "/$m\.ko:" "$dep" | cut -d: -f1)
		# built into this architecture's kernel: nothing to load
		[ -n "$p" ] || ! grep -qE "/$m\.ko\$" \
			"$KROOT/lib/modules/$KVER/modules.builtin" || continue
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
	cp "$VM_BUSYBOX" "$root/bin/busybox" || vm_fail "no $VM_BUSYBOX"
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
	[ "$VM_ARCH" = amd64 ] || vm_arm64_root
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
	if [ "$VM_ARCH" = arm64 ]; then
		# the work folder's mount point, at its host path
		mkdir -p "$VM_ROOT$OUT" || vm_fail "cannot make $VM_ROOT$OUT"
		set -- -M virt -cpu cortex-a72 -device virtio-gpu-pci,id=vga "$@"
		con=ttyAMA0
	else
		set -- -machine pc -device VGA,id=vga "$@"
		con=ttyS0
	fi
	"$VM_QEMU" -nodefaults -accel tcg -smp 2 \
		-m 1024 -display none -no-reboot \
		-kernel "$KROOT/boot/vmlinuz-$KVER" -initrd "$INITRD" \
		-append "console=$con panic=-1 loglevel=4 vm.work=$OUT" \
		-serial "file:$OUT/console.log" \
		-virtfs "local,path=$VM_ROOT,mount_tag=hostroot,security_model=none,$ro" \
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

# vm_guest_kiosk BUNDLE [KIOSK ARGS...]: writes guest.sh, which boots on
# as a kiosk does: the package configured as dpkg would (its postinst
# makes the user fairkiosk; tests/vm/init keeps the root's changes in
# memory), udevd (device
# nodes' groups and modes, hot-plug events), the bundle $OUT/BUNDLE
# installed with `fairkiosk --install-bundle`, then the unit's command as
# the unit starts it (User=fairkiosk, its groups, WorkingDirectory, the
# Environment= with SDL_VIDEODRIVER=kmsdrm instead of cage) until the host
# creates $OUT/stop. VM_BEFORE and VM_AFTER: shell lines run (as root)
# before the kiosk starts and after it exits. It leaves in $OUT:
# kiosk.log (outcomes), kiosk.err, times (guest uptimes: kiosk-start,
# first-frame, kiosk-exit STATUS), hwm (peak RSS, kB), modes (the
# connector's modes), uname, id (the kiosk's user and groups).
vm_guest_kiosk() {
	bundle=$1
	shift
	if [ "$VM_ARCH" = arm64 ]; then
		postinst=/var/lib/dpkg/info/fairkiosk/postinst
		# what the postinsts of packages unpacked before it do:
		# libpam-runtime's (the PAM stack adduser's chfn needs) and
		# the groups udev's adds, which its rules name
		configure="DEBIAN_FRONTEND=noninteractive \\
	sh /var/lib/dpkg/info/libpam-runtime/postinst configure
for g in input sgx kvm render; do addgroup --quiet --system \$g; done"
	else
		postinst=$REPO/debian/fairkiosk.postinst
		configure=""
	fi
	# the kiosk writes its screenshots here through 9p
	chmod 1777 "$OUT" || exit 1
	cat >"$OUT/guest.sh" <<EOT
#!/bin/sh
# Written by tests/vm/lib.sh; runs in the guest, chrooted into its root.
W='$OUT'
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
up() { cut -d' ' -f1 /proc/uptime; }
n=0
while [ ! -e /dev/dri/card0 ] && [ \$n -lt 600 ]; do
	sleep 0.1
	n=\$((n + 1))
done
cat /sys/class/drm/card0-*/modes >"\$W/modes"
uname -m >"\$W/uname"
# dpkg's configure step (the root's overlay keeps what it writes in memory)
{
$configure
DPKG_MAINTSCRIPT_PACKAGE=fairkiosk DPKG_MAINTSCRIPT_NAME=postinst \\
	sh '$postinst' configure || echo "postinst configure failed: \$?"
} >"\$W/postinst.log" 2>&1
# udevadm refuses to act in a chroot unless told it is meant
export SYSTEMD_IGNORE_CHROOT=1
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle --timeout=120
ls -l /dev/dri /dev/input
$FK_GUEST --install-bundle "\$W/$bundle" >"\$W/install.log" 2>&1 ||
	echo "install-bundle failed: \$?" >>"\$W/install.log"
cd /var/lib/fairkiosk || exit 1
${VM_BEFORE:-}
echo "kiosk-start \$(up)" >"\$W/times"
# as the unit: its user with the groups /etc/group gives it, its
# Environment= (cage replaced by SDL's KMSDRM), the variables systemd sets,
# its TTYPath= as standard input and controlling terminal (StandardInput=
# tty-fail: SDL's evdev reads the console's keymap through it)
setsid --ctty setpriv --reuid=fairkiosk --regid=fairkiosk --init-groups \\
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/var/lib/fairkiosk \\
	USER=fairkiosk LOGNAME=fairkiosk SHELL=/usr/sbin/nologin \\
	SDL_AUDIODRIVER=dummy FAIRKIOSK_TRACE=1 $(unit_env) \\
	'$FK_GUEST' --config /var/lib/fairkiosk/bundle/kiosk.ini $* \\
	<>/dev/tty1 >"\$W/kiosk.log" 2>"\$W/kiosk.err" &
pid=\$!
st=/proc/\$pid/status
seen=0
while kill -0 \$pid 2>/dev/null && [ ! -e "\$W/stop" ]; do
	if [ \$seen = 0 ] && grep -q first-frame-us "\$W/kiosk.err"; then
		echo "first-frame \$(up)" >>"\$W/times"
		seen=1
		sed -n 's/^\\(Uid\\|Groups\\):/\\1/p' "\$st" >"\$W/id"
		echo "unit \$(id -u fairkiosk) \$(id -G fairkiosk)" >>"\$W/id"
	fi
	h=\$(sed -n 's/^VmHWM:[[:space:]]*\\([0-9]*\\).*/\\1/p' "\$st")
	[ -n "\$h" ] && echo "\$h" >"\$W/hwm"
	sleep 0.2
done
kill \$pid 2>/dev/null
wait \$pid
echo "kiosk-exit \$?" >>"\$W/times"
${VM_AFTER:-}
cp /var/lib/fairkiosk/bundle/kiosk.db "\$W/guest-kiosk.db"
EOT
}

# vm_check_user: a check that the kiosk ran as the unit's user fairkiosk
# (not root), with the groups its postinst gave it.
vm_check_user() {
	uid=$(awk '$1 == "Uid" { print $2 }' "$OUT/id" 2>/dev/null)
	groups=$(sed -n 's/^Groups[[:space:]]*//p' "$OUT/id" 2>/dev/null | xargs)
	unit=$(sed -n 's/^unit //p' "$OUT/id")
	check "the kiosk ran as fairkiosk (uid $uid, groups $groups)" \
		test -n "$uid" -a "$uid" != 0 -a "$uid" = "${unit%% *}"
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

# vm_check_screendump: QEMU's screendump of the guest equals the kiosk's
# own screenshot (shot.png) and fills the connector's first mode. The dump
# may catch a frame in flight: compared until equal, five times at most.
# Leaves same.txt (the comparison's words) for the caller's figures.
vm_check_screendump() {
	same=""
	for i in 1 2 3 4 5; do
		$QMP screendump "$OUT/dump.ppm" ||
			vm_fail "QMP screendump failed"
		if python3 "$REPO/tests/vm/samepix.py" dump.ppm shot.png \
			>same.txt
		then
			same=yes
			break
		fi
		sleep 1
	done
	size=$(cut -d' ' -f1 same.txt)
	check "screendump equals the kiosk's own screenshot ($(cat same.txt))" \
		test "$same" = yes
	check "fullscreen at the connector's mode ($(head -n 1 modes))" \
		test "$size" = "$(head -n 1 modes)"
}
