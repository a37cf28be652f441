#!/bin/sh
# End to end: `fairsync scanner-test` prints the self-test text and writes
# its QR code as a PNG that zbarimg reads back byte for byte.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
LIB="$PWD/tests/e2e/lib"
F="$PWD/$B/fairsync"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$LIB/check.sh"

check "fairsync --help lists scanner-test" sh -c "'$F' --help | grep -q scanner-test"
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
