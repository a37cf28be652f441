#!/bin/sh
# Runs every test binary, fuzz corpus and end-to-end script, and ends with
# one line totalling them all: "N passed, N failed, N skipped". Called by
# `make test` with B=build dir.
#   T='e2e_kiosk_cage test_store'  only the tests of these names (as this
#                                  script prints them)
#   SUITE=unit                     only `make check`, unit tests and fuzz
#                                  replays (`make test-unit`)
#   CI=true                        a skipped test is a failure: CI installs
#                                  everything, so a skip there is a missing
#                                  install or a missing privilege
#   TEST_TIMEOUT=600               seconds a test may run before it is
#                                  killed; an e2e script may ask for more
#                                  with a line "# timeout: SECONDS"
# A test that cannot run (a missing tool, no root) exits 77 with its reason
# on stderr ("skip: REASON"); it is counted and its reason printed.
# Output of each test goes to $B/test-output/<name>.log; failures print it.
B=${B:-build}
OUT="$B/test-output"
T=${T:-}
SUITE=${SUITE:-all}
TEST_TIMEOUT=${TEST_TIMEOUT:-600}
mkdir -p "$OUT"
passed=0
failed=0
skipped=0
failures=""
ran=""

wanted() { # name: is it among T (all when T is empty)?
	[ -z "$T" ] && return 0
	case " $T " in *" $1 "*) return 0 ;; esac
	return 1
}

# The reason a skipped test gave: its last "skip: ..." line, else its last.
skip_reason() { # log
	r=$(grep -i '^skip:' "$1" | tail -n 1)
	[ -n "$r" ] || r=$(tail -n 1 "$1")
	printf '%s' "${r#[Ss][Kk][Ii][Pp]: }"
}

fail_one() { # name, why
	failed=$((failed + 1))
	failures="$failures $1"
	printf 'FAIL  %s (%s; log: %s)\n' "$1" "$2" "$OUT/$1.log"
	tail -n 30 "$OUT/$1.log" | sed 's/^/      /'
}

run_one() { # name, limit (seconds), command...
	name=$1 limit=$2
	shift 2
	wanted "$name" || return 0
	ran="$ran $name"
	# timeout runs the test in its own process group and kills the whole
	# group (servers a script started too); KILL 10 s after TERM.
	timeout -k 10 "$limit" "$@" >"$OUT/$name.log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		printf 'ok    %s\n' "$name"
	elif [ "$rc" -eq 77 ] && [ "$CI" = true ]; then
		fail_one "$name" "skipped, and CI=true allows no skip: \
$(skip_reason "$OUT/$name.log")"
	elif [ "$rc" -eq 77 ]; then
		skipped=$((skipped + 1))
		printf 'skip  %s: %s\n' "$name" "$(skip_reason "$OUT/$name.log")"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		fail_one "$name" "killed after its limit of $limit s"
	else
		fail_one "$name" "exit $rc"
	fi
}

# An e2e script's own limit: a line "# timeout: SECONDS" near its top.
script_limit() { # script
	l=$(sed -n '1,40s/^# timeout: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	echo "${l:-$TEST_TIMEOUT}"
}

CI=${CI:-}

# house rules first: no banned functions (strcpy, sprintf, atoi, ...)
run_one check "$TEST_TIMEOUT" make -s check

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$TEST_TIMEOUT" "$t"
done

for f in "$B"/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	n=$(basename "$f")
	run_one "$n" "$TEST_TIMEOUT" "$f" "tests/fuzz/corpus/${n#fuzz_}"
done

if [ "$SUITE" != unit ]; then
	for e in tests/e2e/*.sh; do
		[ -f "$e" ] || continue
		n=$(basename "$e" .sh)
		run_one "e2e_$n" "$(script_limit "$e")" \
			env B="$B" OUT="$OUT/$n" sh "$e"
	done
fi

# a name in T that matched nothing is a typo, not a pass
for n in $T; do
	case " $ran " in *" $n "*) continue ;; esac
	failed=$((failed + 1))
	printf 'FAIL  %s (no test of that name)\n' "$n"
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
