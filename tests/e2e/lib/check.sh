# lib/check.sh: the one assertion every end-to-end script uses (sourced).
# check DESCRIPTION COMMAND...: runs COMMAND, prints "ok:" or "FAIL:", and
# counts failures in $fails; a script ends with [ "$fails" -eq 0 ] (or
# `finish` in the kiosk tests, or `check_end`).
fails=0
# fairsync speaks the locale's language (po/) and these scripts read its
# English, whatever the machine's LANG; i18n.sh picks its languages itself.
export LC_MESSAGES=C
# FAIL lines of run_ok and friends go to the script's own stdout (fd 9),
# never into a file the checked command's output is redirected to.
exec 9>&1
# Returns the command's status, so `check ... || exit 1` stops a test whose
# later checks would only repeat the failure.
check() {
	d=$1; shift
	if "$@"; then
		echo "ok: $d"
	else
		echo "FAIL: $d"
		fails=$((fails + 1))
		return 1
	fi
}

# run_ok DESCRIPTION COMMAND...: runs a program the test drives (fairsync,
# fairkiosk, a tool) and counts a failure if it exits non-zero, naming its
# status. Its output goes where the caller redirects it, so
#   run_ok "pack the booth" "$FS" pack ... >/dev/null
# still keeps stderr for the log. Returns COMMAND's status.
run_ok() {
	d=$1; shift
	"$@"
	rc_=$?
	if [ "$rc_" -ne 0 ]; then
		echo "FAIL: $d (exit $rc_)" >&9
		fails=$((fails + 1))
	fi
	return "$rc_"
}

# capture_ok VAR DESCRIPTION COMMAND...: VAR=$(COMMAND), with COMMAND's
# status checked as run_ok does (a failure inside $(...) would be counted
# in a subshell and lost).
capture_ok() {
	v_=$1 d=$2; shift 2
	out_=$("$@")
	rc_=$?
	eval "$v_=\$out_"
	if [ "$rc_" -ne 0 ]; then
		echo "FAIL: $d (exit $rc_)" >&9
		fails=$((fails + 1))
	fi
	return "$rc_"
}

# run_fails DESCRIPTION COMMAND...: as run_ok for a call that must be
# refused: exit 1 (the house's refusal), never 0, never a crash (>= 126).
# RUN_FAILS_RC=2 asks for another status (usage errors).
run_fails() {
	d=$1; shift
	"$@"
	rc_=$?
	if [ "$rc_" -ne "${RUN_FAILS_RC:-1}" ]; then
		echo "FAIL: $d (exit $rc_, wanted ${RUN_FAILS_RC:-1})" >&9
		fails=$((fails + 1))
		return 1
	fi
	return 0
}

# A test that cannot run here (a missing tool, no root) says why and exits
# 77: scripts/run-tests.sh counts it as skipped (a failure under CI=true).
skip_all() { # REASON
	echo "skip: $*" >&2
	exit 77
}

# skip_part REASON: a part of the test cannot run here; the rest runs, and
# check_end then exits 77 unless something failed.
skipped_parts=""
skip_part() {
	echo "skip: $*" >&2
	skipped_parts="$skipped_parts${skipped_parts:+; }$*"
}

# check_end: the status a script ends with: 1 if a check failed, 77 if a
# part was skipped, else 0. Use as the script's last command.
check_end() {
	[ "$fails" -eq 0 ] || return 1
	if [ -n "$skipped_parts" ]; then
		echo "skip: parts not run: $skipped_parts" >&2
		return 77
	fi
	return 0
}

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds
# or the time is up (status 1); for waits on something to happen, instead
# of a fixed sleep.
wait_for() {
	deadline_=$(($(date +%s) + $1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(date +%s)" -le "$deadline_" ] || return 1
		sleep 0.1
	done
}
