#!/bin/sh
# End to end: a kiosk bundle installed from a USB stick with
# `fairkiosk --install-bundle` (docs/deploy.md): the first install, then a
# new bundle over a kiosk that recorded check-ins: those are saved onto the
# stick first (as KIOSKNAME/kiosk.db, without the signing secret, mode
# 0600, where `fairsync merge usb/*/kiosk.db` finds them) and the old
# bundle is kept in previous/; a damaged bundle changes nothing.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
mkdir -p usb data
"$FS" pack --db ev.db --role entrance --pin 2468 --out usb/ent >/dev/null &&
"$FS" pack --db ev.db --role booth --place booth:C001 --pin 2468 \
	--out usb/booth >/dev/null || exit 1

check "a first bundle installs" \
	"$FK" --install-bundle usb/ent --data-dir data
check "it is the kiosk's bundle" test -f data/bundle/kiosk.ini
check "no WAL files copied from the stick" \
	test ! -e data/bundle/kiosk.db-wal -a ! -e data/bundle/kiosk.db-shm

# the entrance kiosk records a check-in
printf 'scan %s\nwait 300\nquit\n' "$(token ev.db S001)" >s.txt
SDL_VIDEODRIVER=dummy "$FK" --config data/bundle/kiosk.ini --windowed \
	--script s.txt >run.log 2>run.err
check "the kiosk accepted the scan" grep -q '"outcome":"accepted"' run.log

# a damaged bundle from a stick is refused and changes nothing
mkdir bad && cp usb/booth/kiosk.ini bad/ &&
	head -c 5000 usb/booth/kiosk.db >bad/kiosk.db
check "a damaged bundle is refused" \
	sh -c '! "$1" --install-bundle bad --data-dir data 2>bad.err' _ "$FK"
check "the refusal names the file" grep -q 'bad/kiosk.db' bad.err
check "the bundle in use is untouched" \
	grep -q '^role = entrance' data/bundle/kiosk.ini

check "a new bundle installs over it" \
	"$FK" --install-bundle usb/booth --data-dir data 2>swap.err
check "the kiosk now runs the booth" \
	grep -q '^role = booth' data/bundle/kiosk.ini
check "the previous bundle is kept" \
	sh -c 'ls -d data/previous/entrance-*/kiosk.db >/dev/null'
check "its check-in was saved onto the stick" \
	test "$(sqlite3 usb/entrance/kiosk.db 'SELECT count(*) FROM facts')" = 1
check "without the signing secret" \
	test "$(sqlite3 usb/entrance/kiosk.db \
		'SELECT count(*) FROM keys WHERE secret IS NOT NULL')" = 0
check "readable by its owner only" \
	test "$(stat -c %a usb/entrance/kiosk.db)" = 600
check "fairsync merge takes it with the README's glob" \
	"$FS" merge --db ev.db usb/*/kiosk.db

# again: the stick already holds entrance/kiosk.db, which is never
# overwritten; the next save goes beside it
run_ok "fairkiosk --install-bundle" \
	"$FK" --install-bundle usb/ent --data-dir data 2>/dev/null
SDL_VIDEODRIVER=dummy "$FK" --config data/bundle/kiosk.ini --windowed \
	--script s.txt >run2.log 2>run2.err
check "a second install succeeds" \
	"$FK" --install-bundle usb/booth --data-dir data
check "an earlier save on the stick is never overwritten" \
	sh -c 'ls usb/entrance-*/kiosk.db >/dev/null'
[ "$fails" -eq 0 ]
