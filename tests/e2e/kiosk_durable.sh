#!/bin/sh
# End to end: "green only once on disk". The real fairkiosk (in Xvfb,
# driven by --script) runs with tests/fsync_shim.c preloaded, which says on
# stderr when each fsync/fdatasync happened and on which file, and when each
# frame was presented; FAIRKIOSK_TRACE gives each scan's time to its result
# frame. Between a scan and its green frame there must be at least one
# fsync of kiosk.db or kiosk.db-wal, for each of two students. (With
# `PRAGMA synchronous = OFF` in src/core/store.c there is none: this test
# fails, as test_store's pragma test does.)
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"
SHIM="$B/tests/fsync_shim.so"
[ -f "$SHIM" ] || { echo "FAIL: no $SHIM (make test builds it)"; exit 1; }
# a sanitizer build's runtime would want to come first in the list
export ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"

run_ok "make the event" make_event ev.db || exit 1
run_ok "pack the booth" "$FS" pack --db ev.db --role booth \
	--place booth:C001 --out booth >/dev/null || exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)

cat >s.txt <<EOT
wait 500
scan $T1
wait 300
screenshot green1.png
wait 2500
scan $T2
wait 300
screenshot green2.png
quit
EOT
FAIRKIOSK_TRACE=1 LD_PRELOAD="$SHIM" run_kiosk booth s.txt
check "kiosk exits 0" test $? -eq 0
check "the shim saw frames" grep -q '^fsync-shim: present' booth.err
check "two check-ins accepted" \
	test "$(grep -c '"outcome":"accepted"' booth.log)" -eq 2
check "the first result is green" $PNG green1.png near 0.02 0.02 $GREEN
check "the second result is green" $PNG green2.png near 0.02 0.02 $GREEN

# For each "trace scan-to-frame-us D": the present just before it (time P)
# is the result frame, the scan came at P - D at the latest; count the
# fsyncs of the kiosk's database or its -wal in between.
python3 - "$OUT/booth.err" "$OUT/booth/kiosk.db" >synced.txt <<'PY'
import os, sys
db = os.path.realpath(sys.argv[2])
present, syncs = None, []
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    w = line.split()
    if line.startswith('fsync-shim: present'):
        present = int(w[2])
    elif line.startswith('fsync-shim: f'):
        path = w[3] if len(w) > 3 else ''
        if os.path.realpath(path) in (db, db + '-wal'):
            syncs.append(int(w[2]))
    elif line.startswith('trace scan-to-frame-us') and present is not None:
        scan = present - int(w[2])
        print(sum(1 for t in syncs if scan <= t <= present))
PY
cat synced.txt
check "two scans timed to their result frames" test "$(wc -l <synced.txt)" -eq 2
n=0
while read -r c; do
	n=$((n + 1))
	check "scan $n: fsyncs of kiosk.db(-wal) before its green frame: $c" \
		test "$c" -ge 1
done <synced.txt
finish
