#!/bin/sh
# End to end: kiosk bundles are untrusted input (issue 21). Each attack of
# tests/e2e/hostile/bundles.sh against a real installed bundle: refused by
# `fairkiosk --install-bundle` in one line naming the file and the rule,
# exit 1, the working bundle byte-identical, nothing left in the data
# folder (no bundle.new-PID) and nothing written outside it. A kiosk
# database carrying a trigger is never run (no green over a fact the
# trigger deleted). `fairsync pack --update` and the console's
# POST /api/pack-update refuse a kiosk file with a trigger within 10 s,
# before the trigger can fire (a marker, and one that never ends); pack
# and the console refuse kiosk names that are not plain.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
HOSTILE="$(pwd)/tests/e2e/hostile/bundles.sh"
. "$(dirname "$0")/lib/kiosk.sh"
. "$HOSTILE"
PY=/usr/bin/python3
mkdir -p tmp && export TMPDIR="$PWD/tmp"

make_event ev.db || exit 1
mkdir -p usb data
"$FS" pack --db ev.db --role entrance --pin 2468 --out usb/ent >/dev/null &&
"$FS" pack --db ev.db --role booth --place booth:C001 --pin 2468 \
	--out usb/booth >/dev/null || exit 1
"$FK" --install-bundle usb/ent --data-dir data >/dev/null 2>&1 || exit 1
# the working kiosk records a check-in, which a refused install must keep
printf 'scan %s\nwait 300\nquit\n' "$(token ev.db S001)" >s.txt
SDL_VIDEODRIVER=dummy "$FK" --config data/bundle/kiosk.ini --windowed \
	--script s.txt >run.log 2>run.err
check "the working kiosk recorded a check-in" \
	grep -q '"outcome":"accepted"' run.log

# state DIR: every file under DIR with its checksum (what "nothing
# changed" means)
state() { (cd "$1" && find . -type f -print0 | sort -z |
	xargs -0 -r sha256sum; find . | sort); }
state data >before.txt

# refused NAME SRC RULE: the install of SRC is refused in one line naming
# a file of SRC and RULE, exit 1, in under 10 s, and nothing changed.
refused() {
	n=$1 src=$2 rule=$3
	timeout 10 "$FK" --install-bundle "$src" --data-dir data \
		>"$n.out" 2>"$n.err"
	rc=$?
	check "$n: refused with exit 1" test "$rc" -eq 1
	check "$n: one line" test "$(wc -l <"$n.err")" -eq 1
	check "$n: the line names the file" grep -qF "$src" "$n.err"
	check "$n: and the rule ($rule)" grep -q -- "$rule" "$n.err"
	state data >"$n.after"
	check "$n: the working bundle and data folder unchanged" \
		cmp -s before.txt "$n.after"
	check "$n: no bundle.new-PID left" \
		sh -c '! ls -d data/bundle.new-* 2>/dev/null'
}

# ---- the kiosk's name climbs out ---------------------------------------
hostile_name usb/booth usb/esc
refused name usb/esc "not a plain kiosk name"
check "name: nothing written beside the stick" test ! -e escape -a ! -e ../escape
# a bundle with such a name already installed (by an older fairkiosk):
# the next install never writes outside the stick nor the data folder
mkdir -p old/usb old/data && cp -r data/bundle old/data/bundle &&
	hostile_ini_set old/data/bundle name ../../escape &&
	cp -r usb/booth old/usb/booth
"$FK" --install-bundle old/usb/booth --data-dir old/data >old.out 2>old.err
check "an installed bad name: the next install succeeds" test $? -eq 0
check "an installed bad name: nothing written outside" \
	test ! -e escape -a ! -e old/escape -a ! -e "$OUT/../escape"
check "an installed bad name: the old bundle kept in previous/" \
	sh -c 'ls -d old/data/previous/unknown-kiosk-*/kiosk.db >/dev/null'

# ---- a trigger that deletes each fact ----------------------------------
hostile_delete_trigger usb/booth usb/trig
refused trigger usb/trig "trigger"
# a kiosk whose own database carries one (copied there by hand, or by an
# older installer) refuses to run: it never shows green over nothing
cp -r usb/trig trig-run
printf 'scan %s\nwait 300\nscan %s\nwait 300\nscan %s\nwait 300\nquit\n' \
	"$(token ev.db S001)" "$(token ev.db S002)" "$(token ev.db S001)" \
	>s3.txt
SDL_VIDEODRIVER=dummy timeout 20 "$FK" --config trig-run/kiosk.ini \
	--windowed --script s3.txt >trig-run.log 2>trig-run.err
rc=$?
check "a kiosk on a database with a trigger exits 1" test "$rc" -eq 1
check "it says why, naming its database" \
	grep -q "'trig-run/kiosk.db': holds a trigger" trig-run.err
check "it never shows a check-in accepted" \
	sh -c '! grep -q "\"outcome\":\"accepted\"" trig-run.log'

# ---- a symlinked kiosk.db, databases outside the bundle ---------------
hostile_symlink usb/booth usb/link
refused symlink usb/link "link"
check "symlink: the kiosk is still the entrance" \
	grep -q '^role = entrance' data/bundle/kiosk.ini
hostile_abs_db usb/booth usb/abs "$OUT/outside.db"
refused abs-db usb/abs "not a file beside kiosk.ini"
hostile_up_db usb/booth usb/up
refused up-db usb/up "not a file beside kiosk.ini"

# ---- values merge refuses, a view --------------------------------------
hostile_bad_value usb/booth usb/kind
refused bad-value usb/kind "unknown kind"
hostile_view usb/booth usb/view
refused view usb/view "view"

# ---- size: over the cap, and more than the card holds -------------------
hostile_big usb/booth usb/big
refused big usb/big "more than the 1 GB"
if [ "$(id -u)" -eq 0 ] && mkdir -p card &&
	mount -t tmpfs -o size=48m fairtest-card card 2>/dev/null; then
	trap 'umount card 2>/dev/null' EXIT
	"$FK" --install-bundle usb/ent --data-dir card >/dev/null 2>&1
	check "card: a first bundle installs on a 48 MB card" \
		test -f card/bundle/kiosk.db
	state card >card.before
	hostile_sized usb/booth usb/fat 30
	timeout 10 "$FK" --install-bundle usb/fat --data-dir card \
		>card.out 2>card.err
	check "card: a 30 MB bundle on a nearly full card: exit 1" test $? -eq 1
	check "card: the line says how much room there is" \
		grep -q "MB free" card.err
	state card >card.after
	check "card: nothing copied, the bundle unchanged" \
		cmp -s card.before card.after
	check "card: no bundle.new-PID" \
		sh -c '! ls -d card/bundle.new-* 2>/dev/null'
	umount card
	trap - EXIT
else
	echo "note: not root or no tmpfs: the full-card case is not run" >&2
fi

# a refused install leaves nothing; a killed one is swept by the next
mkdir data/bundle.new-999999 && : >data/bundle.new-999999/kiosk.db
check "a good bundle still installs after all that" \
	"$FK" --install-bundle usb/booth --data-dir data
check "and a killed install's folder is swept" \
	test ! -e data/bundle.new-999999
check "the working kiosk's check-in was saved onto the stick" \
	test "$(sqlite3 usb/entrance/kiosk.db 'SELECT count(*) FROM facts')" = 1

# ---- pack --update: the file's triggers never run ----------------------
# upd ID SETUP: a recorded booth bundle spoiled by SETUP, updated.
upd() {
	rm -rf "$1" && cp -r usb/booth "$1" && "$2" "$1" &&
	cp "$1/kiosk.db" "$1.orig"
	start=$(date +%s)
	timeout 10 "$FS" pack --db ev.db --update "$1" >"$1.out" 2>"$1.err"
	rc=$?
	took=$(( $(date +%s) - start ))
	check "pack --update $1: exit 1 within 10 s (took ${took}s)" \
		test "$rc" -eq 1
	check "pack --update $1: one line naming the file and the trigger" \
		sh -c "test \$(wc -l <'$1.err') -eq 1 &&
		       grep -q \"'$1/kiosk.db'.*trigger\" '$1.err'"
	check "pack --update $1: the file unchanged" cmp -s "$1/kiosk.db" "$1.orig"
}
upd marker hostile_marker_trigger
check "pack --update: the marker trigger never fired" \
	test "$(sqlite3 marker/kiosk.db 'SELECT count(*) FROM marker')" = 0
upd loop hostile_loop_trigger
rm -rf plain && cp -r usb/booth plain
check "pack --update of a plain bundle still works" \
	"$FS" pack --db ev.db --update plain
hostile_abs_db usb/booth upd-abs "$OUT/victim.db"
cp victim.db victim.orig
"$FS" pack --db ev.db --update upd-abs >upd-abs.out 2>upd-abs.err
check "pack --update: db outside the bundle refused, exit 1" test $? -eq 1
check "pack --update: that database untouched" cmp -s victim.db victim.orig

# ---- pack: names that are not plain -------------------------------------
for n in '../../escape' 'a/b' "$(printf 'a\ndb = /tmp/x')" '.hidden'; do
	"$FS" pack --db ev.db --role booth --place booth:C001 --name "$n" \
		--out badname >badname.out 2>badname.err
	rc=$?
	check "pack --name '$n': exit 1, one line" \
		sh -c "test $rc -eq 1 && test \$(wc -l <badname.err) -eq 1"
	check "pack --name '$n': names the rule" \
		grep -q "not a plain kiosk name" badname.err
	check "pack --name '$n': nothing written" test ! -e badname
done

# ---- the console: pack-update with a trigger, pack with a bad name -----
"$FS" serve --db ev.db --listen 127.0.0.1:0 >url.txt 2>serve.err &
SERVER=$!
# a console hung by a file (the attack) may ignore SIGTERM: never wait on it
stop() {
	kill "$SERVER" 2>/dev/null
	i=0
	while kill -0 "$SERVER" 2>/dev/null && [ $i -lt 30 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill -9 "$SERVER" 2>/dev/null
	wait "$SERVER" 2>/dev/null
}
trap stop EXIT
i=0
while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(cat url.txt)
check "the console started" test -n "$URL"
BASE=${URL%%/\?token=*}
AUTH="Authorization: Bearer ${URL##*token=}"
curl -s -H "$AUTH" "$BASE/api/status" >status.json
CSRF=$($PY -c 'import json;print(json.load(open("status.json"))["csrf"])')
zipdir() { $PY -c 'import sys, shutil; shutil.make_archive(sys.argv[1][:-4], "zip", sys.argv[2], sys.argv[3])' "$@"; }
for t in marker loop; do
	rm -rf z && mkdir z && cp -r usb/booth z/kiosk-C001 &&
		"hostile_${t}_trigger" z/kiosk-C001 && zipdir "c-$t.zip" z kiosk-C001
	start=$(date +%s)
	code=$(curl -s -m 15 -o "c-$t.json" -w '%{http_code}' -H "$AUTH" \
		-H "X-CSRF-Token: $CSRF" -H 'X-Lang: en' --data-binary "@c-$t.zip" \
		"$BASE/api/pack-update?name=kiosk-C001.zip")
	took=$(( $(date +%s) - start ))
	check "console pack-update ($t trigger): 422 within 10 s (${took}s)" \
		sh -c "test '$code' = 422 && test $took -le 10"
	check "console pack-update ($t trigger): names the bundle's file" \
		grep -q "'kiosk-C001/kiosk.db': holds a trigger" "c-$t.json"
done
check "the console still answers" \
	test "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H "$AUTH" \
		"$BASE/api/status")" = 200
code=$(curl -s -o cname.json -w '%{http_code}' -H "$AUTH" \
	-H "X-CSRF-Token: $CSRF" -H 'X-Lang: en' --data-urlencode role=booth \
	--data-urlencode place=booth:C001 --data-urlencode "name=a
db = /tmp/x" "$BASE/api/pack")
check "console pack with a newline in the name: 422" test "$code" = 422
check "console pack: says the rule" grep -q "not a plain kiosk name" cname.json
[ "$fails" -eq 0 ]
