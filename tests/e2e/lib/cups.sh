# lib/cups.sh: a private cupsd for the tests that print (sourced after
# check.sh or kiosk.sh): its own ServerRoot and socket in a folder of the
# test's, so a system cupsd, running or not, is never touched. cupsd runs
# its backends as lp and wants root; the folder must be 0755 (lp reads it).
PATH="$PATH:/usr/sbin:/sbin"
CUPSD_PID=""

# cups_conf DIR: DIR/cupsd.conf (listening on DIR/cups.sock only, open to
# every local client) and DIR/cups-files.conf (all cupsd keeps, in DIR).
# A test appends what its queue needs (LogLevel, FileDevice).
cups_conf() {
	cat >"$1/cupsd.conf" <<EOT
Listen $1/cups.sock
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
EOT
	cat >"$1/cups-files.conf" <<EOT
ServerRoot $1
RequestRoot $1/spool
CacheDir $1/cache
StateDir $1/state
ErrorLog $1/error_log
AccessLog $1/access_log
PageLog $1/page_log
User lp
Group lp
SystemGroup root
EOT
}

# cups_start DIR LOG: cupsd on DIR's configuration (CUPSD_PID), its output
# in LOG; 0 once it answers on DIR/cups.sock, else (15 s) it shows LOG and
# the end of the error log and returns 1: a private server that does not
# start is a failure, not a skip.
cups_start() {
	cupsd -f -c "$1/cupsd.conf" -s "$1/cups-files.conf" >"$2" 2>&1 &
	CUPSD_PID=$!
	# lpstat -r says "not running" with status 0: its words are what counts
	wait_for 15 sh -c 'CUPS_SERVER="$1" LC_ALL=C lpstat -r |
		grep -qx "scheduler is running"' - "$1/cups.sock" && return 0
	cat "$2"
	tail -n 20 "$1/error_log" 2>/dev/null
	return 1
}

# cups_stop: stops the private cupsd, if one runs; one deaf to TERM gets
# KILL in 10 s (reaped by wait, so the test never hangs on it).
cups_stop() {
	[ -n "$CUPSD_PID" ] || return 0
	kill "$CUPSD_PID" 2>/dev/null
	(sleep 10; kill -9 "$CUPSD_PID" 2>/dev/null) &
	killer_=$!
	wait "$CUPSD_PID" 2>/dev/null
	kill "$killer_" 2>/dev/null
	CUPSD_PID=""
}
