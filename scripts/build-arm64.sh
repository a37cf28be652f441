#!/bin/sh
# Builds the arm64 (Raspberry Pi) package on an amd64 Debian 12 machine,
# checks it with lintian and runs the arm64 binaries under qemu.
#   usage: build-arm64.sh              (or: make deb-arm64)
#   FAIR_ARM64_CACHE=dir   where the arm64 sysroot is kept (build/arm64)
#   FAIR_ARM64_TESTS=no    skip the unit tests and fuzz corpora under qemu
# Writes build/deb-arm64/fairkiosk_<version>_arm64.deb.
#
# Why a sysroot: Debian's multiarch cross-building (dpkg --add-architecture
# arm64, then lib*-dev:arm64) cannot work here, as libzinnia-dev, libpq-dev,
# libunibreak-dev and libzbar-dev are not co-installable with their amd64
# versions, and trying it breaks the machine's amd64 development packages.
# So the arm64 build dependencies are downloaded with a private apt
# configuration and unpacked (dpkg-deb -x, no maintainer scripts) into a
# folder of their own; the machine's dpkg database is never touched. The
# cross compiler (crossbuild-essential-arm64) and pkg-config are pointed at
# that folder by small wrappers, dpkg-buildpackage -aarm64 builds the
# package as `make deb` does, and dpkg-shlibdeps derives Depends from a
# dpkg database written for the sysroot from the unpacked packages' own
# control files (shlibs, symbols).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${FAIR_ARM64_CACHE:-$ROOT/build/arm64}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
SYSROOT=$CACHE/sysroot
ADMIN=$CACHE/dpkg
APTDIR=$CACHE/apt
WRAP=$CACHE/bin
OUT=$ROOT/build/deb-arm64
TRIPLET=aarch64-linux-gnu
MIRROR=${FAIR_ARM64_MIRROR:-http://deb.debian.org/debian}
VERSION=$(sed -n 's/^VERSION *:= *//p' "$ROOT/Makefile")
START=$(date +%s)

say() { echo "build-arm64: $*" >&2; }
die() { echo "build-arm64: $*" >&2; exit 1; }

# --- 1. host tools (co-installable amd64 packages only) -------------------
HOST_PACKAGES="crossbuild-essential-arm64 qemu-user-static dpkg-dev
debhelper lintian fakeroot apt"
missing=""
for p in $HOST_PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	say "installing:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends $missing >/dev/null
fi

# --- 2. the arm64 sysroot ----------------------------------------------
# Build-Depends of debian/control (less the host tools), what a C/C++
# build needs (build-essential:arm64), what the unit tests link, and the
# data the package depends on that the tests read under qemu (which sees
# the sysroot's /usr/share/fonts, not the machine's).
GCCVER=$($TRIPLET-gcc -dumpversion | cut -d. -f1)
build_depends() {
	sed -n '/^Build-Depends:/,/^[A-Z][A-Za-z-]*:/p' "$ROOT/debian/control" |
		sed -e 's/^Build-Depends://' -e '/^[A-Z][A-Za-z-]*:/d' |
		tr ',' '\n' | sed -e 's/[[(].*//' -e 's/[[:space:]]//g' |
		grep -v -e '^$' -e '^debhelper' -e '^pkg-config$' -e '^pkgconf$'
}
TARGET_PACKAGES="$(build_depends | tr '\n' ' ')libc6-dev libstdc++-$GCCVER-dev
libcmocka-dev fonts-noto-cjk tegaki-zinnia-japanese"
WANT=$(echo "$TARGET_PACKAGES $MIRROR" | tr -s ' \n' '  ' | md5sum | cut -c1-32)

if [ "$(cat "$SYSROOT/.fairkiosk-sysroot" 2>/dev/null)" != "$WANT" ]; then
	say "preparing the arm64 sysroot in $SYSROOT"
	rm -rf "$SYSROOT" "$ADMIN" "$APTDIR/state"
	mkdir -p "$APTDIR/etc/apt.conf.d" "$APTDIR/etc/preferences.d" \
		"$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" \
		"$SYSROOT" "$ADMIN/info" "$ADMIN/updates"
	: >"$APTDIR/state/status"
	KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
	SECURITY=$(echo "$MIRROR" | sed 's,/debian$,/debian-security,')
	cat >"$APTDIR/sources.list" <<-EOF
	deb [arch=arm64 signed-by=$KEYRING] $MIRROR bookworm main
	deb [arch=arm64 signed-by=$KEYRING] $MIRROR bookworm-updates main
	deb [arch=arm64 signed-by=$KEYRING] $SECURITY bookworm-security main
	EOF
	# Everything apt reads or writes is under $APTDIR, with an empty
	# "installed" list, so the whole dependency closure is downloaded.
	cat >"$APTDIR/apt.conf" <<-EOF
	APT::Architecture "arm64";
	APT::Architectures { "arm64"; };
	APT::Install-Recommends "false";
	Dir::State "$APTDIR/state";
	Dir::State::status "$APTDIR/state/status";
	Dir::Cache "$APTDIR/cache";
	Dir::Etc::SourceList "$APTDIR/sources.list";
	Dir::Etc::SourceParts "$APTDIR/etc/sources.list.d";
	Dir::Etc::Parts "$APTDIR/etc/apt.conf.d";
	Dir::Etc::Preferences "$APTDIR/etc/preferences";
	Dir::Etc::PreferencesParts "$APTDIR/etc/preferences.d";
	Dir::Log "$APTDIR/log";
	EOF
	mkdir -p "$APTDIR/etc/sources.list.d" "$APTDIR/log"
	# apt's download methods run as the user _apt: give them a
	# temporary folder they can write whatever /tmp allows.
	mkdir -p "$APTDIR/tmp"
	chmod 1777 "$APTDIR/tmp"
	export APT_CONFIG="$APTDIR/apt.conf"
	export TMPDIR="$APTDIR/tmp"
	apt-get -qq update
	# shellcheck disable=SC2086
	apt-get -qq install --download-only -y $TARGET_PACKAGES >/dev/null
	# The packages of this closure only (the cache may hold older
	# versions from a previous run): name and version, as apt chose.
	# shellcheck disable=SC2086
	apt-get -s install $TARGET_PACKAGES |
		awk '/^Inst / { v = $3; sub(/^\(/, "", v); print $2, v }' \
		>"$APTDIR/closure"
	unset APT_CONFIG TMPDIR

	# Unpack every package (no maintainer scripts run) and record it in
	# a dpkg database of the sysroot's own, for dpkg-shlibdeps: file
	# lists name the files where they are in the sysroot, control files
	# bring each library's shlibs and symbols.
	echo arm64 >"$ADMIN/arch"
	echo 1 >"$ADMIN/info/format"	# info files of M-A: same are pkg:arch.*
	: >"$ADMIN/status"
	: >"$ADMIN/available"
	n=0
	while read -r name ver; do
		ver=$(echo "$ver" | sed 's/:/%3a/')
		deb=$(ls "$APTDIR/cache/archives/${name}_${ver}_"*.deb) ||
			die "$name $ver was not downloaded"
		dpkg-deb -x "$deb" "$SYSROOT"
		pkg=$(dpkg-deb -f "$deb" Package)
		name=$pkg
		[ "$(dpkg-deb -f "$deb" Multi-Arch)" != same ] ||
			name="$pkg:$(dpkg-deb -f "$deb" Architecture)"
		dpkg-deb -f "$deb" | sed '/^Status:/d' |
			awk 'NR == 2 { print "Status: install ok installed" } 1' \
			>>"$ADMIN/status"
		echo >>"$ADMIN/status"
		dpkg-deb -c "$deb" | awk '{ print $6 }' |
			sed -e 's,^\./,/,' -e 's,/$,,' -e '/^$/d' |
			sed "s,^,$SYSROOT," >"$ADMIN/info/$name.list"
		ctrl=$(mktemp -d)
		dpkg-deb -e "$deb" "$ctrl"
		for f in shlibs symbols; do
			[ ! -f "$ctrl/$f" ] || cp "$ctrl/$f" "$ADMIN/info/$name.$f"
		done
		rm -rf "$ctrl"
		n=$((n + 1))
	done <"$APTDIR/closure"
	say "sysroot: $n packages, $(du -sh "$SYSROOT" | cut -f1)"
	echo "$WANT" >"$SYSROOT/.fairkiosk-sysroot"
fi
# Some -dev packages link libfoo.so to an absolute path (libexpat.so ->
# /lib/aarch64-linux-gnu/libexpat.so.1...): outside a chroot that points at
# the build machine, the linker would silently take libexpat.a instead
# (lintian: embedded-library). Point them inside the sysroot.
find "$SYSROOT" -type l -lname '/*' | while read -r link; do
	to=$(readlink "$link")
	ln -sfn "$(realpath -s -m --relative-to="$(dirname "$link")" \
		"$SYSROOT$to")" "$link"
done

# --- 3. the cross tools, pointed at the sysroot --------------------------
# Named as Debian's cross tools are, so debian/rules (through dpkg's
# buildtools.mk) calls them as it would in any arm64 cross build.
mkdir -p "$WRAP"
for tool in gcc g++ cpp; do
	cat >"$WRAP/$TRIPLET-$tool" <<-EOF
	#!/bin/sh
	exec /usr/bin/$TRIPLET-$tool --sysroot="$SYSROOT" "\$@"
	EOF
done
PCDIRS=$SYSROOT/usr/lib/$TRIPLET/pkgconfig:$SYSROOT/usr/share/pkgconfig
PCDIRS=$PCDIRS:$SYSROOT/usr/lib/pkgconfig
cat >"$WRAP/$TRIPLET-pkg-config" <<EOF
#!/bin/sh
PKG_CONFIG_SYSROOT_DIR="$SYSROOT" PKG_CONFIG_LIBDIR="$PCDIRS" \\
PKG_CONFIG_PATH= exec pkg-config "\$@"
EOF
chmod 755 "$WRAP"/*
PATH=$WRAP:$PATH
export PATH

# --- 4. the package, as `make deb` builds it ------------------------------
# From a copy of the tree (dpkg-buildpackage writes beside its source).
# -d: the Build-Depends are in the sysroot, not installed on this machine.
# dpkg-shlibdeps finds the libraries in the sysroot and their packages,
# shlibs and symbols in the sysroot's dpkg database.
# Not all in the multiarch folder: Debian 12's libunibreak is in /usr/lib.
SRC=$OUT/fairkiosk-$VERSION
SHLIBDEPS_DIRS=""
for d in usr/lib/$TRIPLET lib/$TRIPLET usr/lib lib; do
	SHLIBDEPS_DIRS="$SHLIBDEPS_DIRS -l$SYSROOT/$d"
done
rm -rf "$OUT"
mkdir -p "$SRC"
(cd "$ROOT" && tar -c --exclude='./build*' --exclude=./.git .) |
	tar -x -C "$SRC"
say "building the package (log: $OUT/build.log)"
t0=$(date +%s)
(cd "$SRC" && CC=$TRIPLET-gcc \
	DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
	DEB_BUILD_PROFILES="cross nocheck" \
	FAIR_SHLIBDEPS_SYSROOT="$SHLIBDEPS_DIRS --admindir=$ADMIN" \
	dpkg-buildpackage -aarm64 -d -b -us -uc >../build.log 2>&1) ||
	{ tail -40 "$OUT/build.log"; die "dpkg-buildpackage failed"; }
BUILD_S=$(($(date +%s) - t0))
DEB=$OUT/fairkiosk_${VERSION}_arm64.deb
[ -f "$DEB" ] || die "no $DEB"
say "built $DEB in ${BUILD_S}s"
dpkg-deb -f "$DEB" Architecture Depends | sed 's/^/  /' >&2

# --- 5. lintian --------------------------------------------------------
lintian --fail-on error "$DEB" >"$OUT/lintian.txt" 2>&1 ||
	{ cat "$OUT/lintian.txt"; die "lintian reports errors"; }
say "lintian: $(grep -c . "$OUT/lintian.txt") tags, no errors"
sed 's/^/  /' "$OUT/lintian.txt" >&2

# --- 6. the arm64 binaries under qemu ----------------------------------
# qemu-aarch64-static -L runs them against the sysroot's libraries (no
# binfmt registration needed): the packaged programs first, then the unit
# tests, built in the package's build tree with the same cross tools.
RUNROOT=$OUT/root
dpkg-deb -x "$DEB" "$RUNROOT"
for prog in fairkiosk fairsync; do
	v=$(qemu-aarch64-static -L "$SYSROOT" "$RUNROOT/usr/bin/$prog" \
		--version) ||
		die "$prog --version failed under qemu"
	[ "$v" = "$prog $VERSION" ] || die "$prog --version: '$v'"
	say "qemu: $v"
done

[ "${FAIR_ARM64_TESTS:-yes}" != no ] || exit 0
# Known to differ under qemu only: qemu-user answers an ioctl it does not
# translate (EVIOCGBIT on /dev/null) with ENOSYS where the kernel says
# ENOTTY, so the evdev worker's "not an input device" notice reads "not
# found" there. A Pi's kernel gives ENOTTY.
QEMU_KNOWN="test_evdev"
cd "$SRC"
tests=$(ls tests/test_*.c | sed 's,^tests/\(.*\)\.c$,build/tests/\1,')
fuzzers=$(ls tests/fuzz/fuzz_*.c |
	sed 's,^tests/fuzz/\(.*\)\.c$,build/fuzz/\1,')
# shellcheck disable=SC2086
make -s NO_DEPS=1 PREFIX=/usr CC=$TRIPLET-gcc CXX=$TRIPLET-g++ \
	AR=$TRIPLET-ar PKG_CONFIG=$TRIPLET-pkg-config -j"$(nproc)" \
	$tests $fuzzers \
	>"$OUT/tests-build.log" 2>&1 ||
	{ tail -40 "$OUT/tests-build.log"; die "unit tests do not build"; }
mkdir -p "$OUT/test-output"
passed=0 failed=0 known=0 failures=""
t0=$(date +%s)
for t in $tests; do
	n=$(basename "$t")
	if timeout 600 qemu-aarch64-static -L "$SYSROOT" "$t" \
		>"$OUT/test-output/$n.log" 2>&1; then
		passed=$((passed + 1))
		printf 'ok    %s\n' "$n"
	elif echo " $QEMU_KNOWN " | grep -q " $n "; then
		known=$((known + 1))
		printf 'known %s (differs under qemu only; log: %s)\n' "$n" \
			"$OUT/test-output/$n.log"
	else
		failed=$((failed + 1))
		failures="$failures $n"
		printf 'FAIL  %s (log: %s)\n' "$n" "$OUT/test-output/$n.log"
		tail -n 20 "$OUT/test-output/$n.log" | sed 's/^/      /'
	fi
done
# The parsers of untrusted input on their fuzz corpora (char is unsigned
# on arm64: what a byte >= 0x80 does differs from amd64 there first).
for f in $fuzzers; do
	n=$(basename "$f")
	if timeout 600 qemu-aarch64-static -L "$SYSROOT" "$f" \
		"tests/fuzz/corpus/${n#fuzz_}" \
		>"$OUT/test-output/$n.log" 2>&1; then
		passed=$((passed + 1))
		printf 'ok    %s\n' "$n"
	else
		failed=$((failed + 1))
		failures="$failures $n"
		printf 'FAIL  %s (log: %s)\n' "$n" "$OUT/test-output/$n.log"
		tail -n 20 "$OUT/test-output/$n.log" | sed 's/^/      /'
	fi
done
say "unit tests and fuzz corpora under qemu: $passed passed," \
	"$known known to differ," \
	"$failed failed in $(($(date +%s) - t0))s;" \
	"all in $(($(date +%s) - START))s"
[ "$failed" -eq 0 ] || die "failed under qemu:$failures"
