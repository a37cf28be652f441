# lib/fairsync.sh: the set-up of the end-to-end tests that drive fairsync
# without a kiosk (sourced first, from the repository's top; the kiosk
# tests have lib/kiosk.sh). B, the build folder, made absolute; F, the
# fairsync under test; REPO, the tree; the working folder OUT emptied and
# entered; then check.sh's assertions.
set -u
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
REPO=$PWD
case $B in /*) ;; *) B="$REPO/$B" ;; esac
F="$B/fairsync"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
. "$REPO/tests/e2e/lib/check.sh"
