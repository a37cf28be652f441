# lib/check.sh: the one assertion every end-to-end script uses (sourced).
# check DESCRIPTION COMMAND...: runs COMMAND, prints "ok:" or "FAIL:", and
# counts failures in $fails; a script ends with [ "$fails" -eq 0 ].
fails=0
check() {
	d=$1; shift
	if "$@"; then echo "ok: $d"; else echo "FAIL: $d"; fails=$((fails + 1)); fi
}
