#!/bin/sh
# Runs the VM tests (`make test-vm`): each boots Debian's kernel under QEMU
# (TCG) with this machine's system as the guest's root, arm64 with the arm64
# sysroot and package (scripts/build-arm64.sh); see tests/vm/lib.sh.
# Logs go to $B/test-output/vm/NAME.log. The closing line counts them and
# names each with its figure; a skipped test (exit 77: a prerequisite is
# missing) is counted and named, never silent.
#   usage: B=build tests/vm/run.sh [NAME...]
B=${B:-build}
OUT="$B/test-output/vm"
mkdir -p "$OUT"
passed=0
failed=0
skipped=0
figures=""
t0=$(date +%s)

for n in ${*:-kmsdrm touch scanner hotplug usb arm64}; do
	s=$(date +%s)
	B="$B" OUT="$OUT/$n" sh "tests/vm/$n.sh" >"$OUT/$n.log" 2>&1
	rc=$?
	took=$(($(date +%s) - s))
	fig=$(cat "$OUT/$n/figure" 2>/dev/null)
	case $rc in
	0)
		passed=$((passed + 1))
		printf 'ok    vm_%s (%d s): %s\n' "$n" "$took" "$fig" ;;
	77)
		skipped=$((skipped + 1))
		fig="skipped: $(tail -n 1 "$OUT/$n.log")"
		printf 'skip  vm_%s: %s\n' "$n" "$fig" ;;
	*)
		failed=$((failed + 1))
		fig="FAILED"
		printf 'FAIL  vm_%s (%d s, log: %s)\n' "$n" "$took" "$OUT/$n.log"
		tail -n 30 "$OUT/$n.log" | sed 's/^/      /' ;;
	esac
	figures="$figures; $n: $fig"
done

echo "$passed passed, $failed failed, $skipped skipped in" \
	"$(($(date +%s) - t0)) s${figures}"
# CI installs every prerequisite: a skip there is a missing install
if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ]; then
	echo "CI=true: $skipped skipped VM tests count as failures"
	exit 1
fi
[ "$failed" -eq 0 ]
