#!/bin/sh
# End to end: `fairsync scanner-test` prints the self-test text and writes
# its QR code as a PNG that zbarimg reads back byte for byte.
# Until main.c's command table lists scanner-test this script says so and
# passes (see docs/scanners.md, "Scanner self-test").
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
F="$PWD/$B/fairsync"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
fails=0
check() { # description, then a command that must succeed
	d=$1; shift
	if "$@"; then echo "ok: $d"; else echo "FAIL: $d"; fails=$((fails + 1)); fi
}

if ! "$F" --help | grep -q 'scanner-test'; then
	echo "not registered yet: fairsync scanner-test (nothing to test)"
	exit 0
fi
want='FKTEST-Yz09+@:*[]_=^~/aQ'
check "prints the test text" sh -c "'$F' scanner-test | grep -qxF '$want'"
check "writes a PNG" "$F" scanner-test --out test.png --scale 6
check "zbarimg reads it back exactly" sh -c \
	"zbarimg --nodbus -q --raw test.png | grep -qxF '$want'"
"$F" scanner-test --scale 99 2>err.txt; rc=$?
check "bad scale exits 2" test "$rc" -eq 2
check "bad scale is named" grep -q "bad --scale '99'" err.txt
"$F" scanner-test --out /nonexistent/dir/t.png 2>err.txt; rc=$?
check "unwritable file exits 1" test "$rc" -eq 1
check "unwritable file is named" grep -q "/nonexistent/dir/t.png" err.txt
check "--help" sh -c "'$F' scanner-test --help | grep -q 'usage: fairsync scanner-test'"
[ "$fails" -eq 0 ]
