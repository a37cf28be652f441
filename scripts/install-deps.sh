#!/bin/sh
# Installs every Debian 12 package fairkiosk needs to build, run and
# benchmark; with --with-tests also what only the tests use (LibreOffice,
# about 80 MB, so `make run` on a new machine does not wait for it).
# Idempotent: packages already present are skipped, so `make run` and
# `make test` can call it whenever something is missing.
#   usage: install-deps.sh [--with-tests]
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
"
TEST_PACKAGES="
libreoffice-calc-nogui
cage grim xwayland sway
chromium chromium-driver python3-selenium
postgresql
dpkg-dev debhelper lintian fakeroot
python3-zxing-cpp python3-numpy python3-pil
"
case "${1:-}" in
--with-tests) PACKAGES="$PACKAGES $TEST_PACKAGES" ;;
"") ;;
*) echo "usage: install-deps.sh [--with-tests]" >&2; exit 2 ;;
esac

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "install-deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps: done" >&2
