#!/bin/sh
# Installs every Debian 12 package fairkiosk needs to build, run and
# benchmark; with --with-tests also what only the tests use (LibreOffice,
# about 80 MB, so `make run` on a new machine does not wait for it).
# With --with-vm, what `make test-vm` needs (QEMU, busybox, udev, the USB
# stick's FAT tools; the guest kernel itself is fetched by tests/vm/).
# Idempotent: packages already present are skipped, so `make run` and
# `make test` can call it whenever something is missing.
#   usage: install-deps.sh [--with-tests] [--with-vm]
set -eu

PACKAGES="
build-essential pkg-config clang libclang-rt-14-dev
libsqlite3-dev sqlite3
libsodium-dev
libinih-dev
libcmocka-dev
libqrencode-dev qrencode
libzbar-dev zbar-tools libpng-dev
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
libfontconfig-dev fonts-noto-cjk
libcairo2-dev
libxlsxwriter-dev
libevdev-dev
libcups2-dev cups cups-client cups-filters printer-driver-cups-pdf
xvfb xauth
poppler-utils
python3 python3-openpyxl
libunibreak-dev libanthy-dev anthy libzinnia-dev tegaki-zinnia-japanese
libmecab-dev mecab-ipadic-utf8
libmicrohttpd-dev libpq-dev libglpk-dev libminizip-dev libexpat1-dev
libudev-dev libsystemd-dev libzxing-dev
gettext locales
open-jtalk open-jtalk-mecab-naist-jdic hts-voice-nitech-jp-atr503-m001
"
# Every tool an end-to-end test calls (the Makefile's TEST_TOOLS checks
# them): curl and unzip (console), man-db and systemd (systemd-analyze:
# the package test), util-linux (unshare, mount: kiosk_nodisplay).
TEST_PACKAGES="
curl unzip man-db systemd util-linux
libreoffice-calc-nogui
cage grim xwayland sway
chromium chromium-driver python3-selenium
postgresql
dpkg-dev debhelper lintian fakeroot
python3-zxing-cpp python3-numpy python3-pil
sox
"
VM_PACKAGES="
qemu-system-x86 qemu-system-arm qemu-user-static qemu-utils busybox-static cpio
kmod socat udev dosfstools mtools kbd console-data
"
for a in "$@"; do
	case "$a" in
	--with-tests) PACKAGES="$PACKAGES $TEST_PACKAGES" ;;
	--with-vm) PACKAGES="$PACKAGES $VM_PACKAGES" ;;
	*) echo "usage: install-deps.sh [--with-tests] [--with-vm]" >&2
	   exit 2 ;;
	esac
done

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

# fairsync speaks the locale's language (po/); the console answers in
# Japanese whatever the server's LANG, and the tests switch between both:
# ja_JP.UTF-8 and en_US.UTF-8 must exist, and de_DE.UTF-8 (a decimal
# comma) for tests/e2e/i18n.sh to prove numbers stay "C". Generated once,
# then skipped.
ensure_locales() {
	want=""
	for l in ja_JP en_US de_DE; do
		locale -a 2>/dev/null | grep -qx "$l.utf8" || want="$want $l"
	done
	[ -z "$want" ] && return 0
	s=""
	[ "$(id -u)" -eq 0 ] || s="sudo"
	for l in $want; do
		grep -q "^$l.UTF-8 UTF-8" /etc/locale.gen 2>/dev/null ||
			echo "$l.UTF-8 UTF-8" | $s tee -a /etc/locale.gen >/dev/null
	done
	$s locale-gen >/dev/null
}

# The kiosk's voice ([sound] voice, docs/kiosk.md) speaks with Open JTalk's
# only Debian voice, hts-voice-nitech-jp-atr503-m001, which Debian ships in
# its contrib component (open-jtalk itself is in main; the voice is not in
# non-free either). A machine whose apt sources list only main gets one
# more sources file naming contrib for the same release; nothing else is
# installed from it. Once, then skipped.
CONTRIB=/etc/apt/sources.list.d/fairkiosk-contrib.sources
ensure_contrib() {
	case " $missing " in *" hts-voice-nitech-jp-atr503-m001 "*) ;;
	*) return 0 ;; esac
	[ -e "$CONTRIB" ] && return 0
	grep -rqsE '^(Components:|deb ).*[[:space:]]contrib([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
	. /etc/os-release
	[ "${ID:-}" = debian ] && [ -n "${VERSION_CODENAME:-}" ] || return 0
	printf '%s\n' "# fairkiosk: the voice hts-voice-nitech-jp-atr503-m001" \
		"# (scripts/install-deps.sh)" "Types: deb" \
		"URIs: http://deb.debian.org/debian" \
		"Suites: $VERSION_CODENAME" "Components: contrib" \
		"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
		$SUDO tee "$CONTRIB" >/dev/null
}

if [ -z "$missing" ]; then
	ensure_locales
	exit 0
fi

echo "install-deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
ensure_contrib
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
ensure_locales
echo "install-deps: done" >&2
