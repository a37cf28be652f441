#!/bin/sh
# Runs every benchmark: build/bench/bench_* binaries and bench/*.sh
# scripts. Each prints its own baseline, measured in the same run, and the
# ratio. Sizes can be overridden through the environment (see each bench).
B=${B:-build}
status=0
for b in "$B"/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b" || status=1
done
for s in bench/*.sh; do
	[ -f "$s" ] || continue
	echo "== $(basename "$s" .sh)"
	B="$B" sh "$s" || status=1
done
exit $status
