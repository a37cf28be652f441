#!/bin/sh
# Runs every test binary, fuzz corpus and end-to-end script, and ends with
# one line totalling them all. Called by `make test` with B=build dir.
# Output of each test goes to $B/test-output/<name>.log; failures print it.
B=${B:-build}
OUT="$B/test-output"
mkdir -p "$OUT"
passed=0
failed=0
failures=""

run_one() { # name, command...
	name=$1
	shift
	if "$@" >"$OUT/$name.log" 2>&1; then
		passed=$((passed + 1))
		printf 'ok    %s\n' "$name"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf 'FAIL  %s (log: %s)\n' "$name" "$OUT/$name.log"
		tail -n 30 "$OUT/$name.log" | sed 's/^/      /'
	fi
}

# house rules first: no banned functions (strcpy, sprintf, atoi, ...)
run_one check make -s check

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done

for f in "$B"/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	n=$(basename "$f")
	run_one "$n" "$f" "tests/fuzz/corpus/${n#fuzz_}"
done

for e in tests/e2e/*.sh; do
	[ -f "$e" ] || continue
	n=$(basename "$e" .sh)
	run_one "e2e_$n" env B="$B" OUT="$OUT/$n" sh "$e"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
