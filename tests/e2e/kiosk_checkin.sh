#!/bin/sh
# End to end: the real fairkiosk in Xvfb, driven by --script. Check-ins land
# in kiosk.db and in the JSON outcome log; screenshots show green, amber and
# red where the result is drawn; Japanese text is really drawn.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

make_event ev.db || exit 1
"$FS" pack --db ev.db --role booth --place booth:C001 --out booth >/dev/null ||
	exit 1
T1=$(token ev.db S001)
T2=$(token ev.db S002)
# a forged badge: the same token with one signature character changed
# (in the middle: the last character also carries base32 padding bits)
FORGED=$(python3 -c "
import sys
t = sys.argv[1]
print(t[:100] + ('B' if t[100] == 'A' else 'A') + t[101:])" "$T1")

cat >s.txt <<EOT
screenshot idle-ja.png
scan $T1
screenshot accepted.png
wait 2300
scan $T1
screenshot already.png
wait 2300
scan not-a-badge
screenshot refused.png
wait 2300
scan $FORGED
wait 2300
scan $T2
scan $T1
wait 3800
screenshot idle-after.png
press English
screenshot idle-en.png
key Escape
wait 100
screenshot still-idle.png
quit
EOT
run_kiosk booth s.txt
check "kiosk exits 0 on the script's quit" test $? -eq 0
cat booth.err

n=$(sqlite3 booth/kiosk.db "SELECT count(*) FROM facts WHERE kind='checkin'")
check "two check-ins stored (S001, S002), repeats not stored" test "$n" = 2
ids=$(sqlite3 booth/kiosk.db "SELECT group_concat(attendee_id) FROM
  (SELECT attendee_id FROM facts WHERE kind='checkin' ORDER BY wall_ms)")
check "stored in scan order" test "$ids" = "1,2"
src=$(sqlite3 booth/kiosk.db "SELECT DISTINCT source FROM facts")
check "source recorded as script" test "$src" = script

check "log: 6 JSON lines, one a scan" test "$(wc -l <booth.log)" -eq 6
check "log: accepted S001" grep -q '"outcome":"accepted".*"attendee":"S001"' booth.log
check "log: already" grep -q '"outcome":"already"' booth.log
check "log: malformed" grep -q '"outcome":"malformed"' booth.log
check "log: forged, naming nobody" grep -q '"outcome":"forged","source":"script"}' booth.log
check "log: kiosk and place" grep -q '"kiosk":"booth-C001","place":"booth:C001"' booth.log
check "log: queued scans all answered" test "$(grep -c '"attendee":"S00' booth.log)" -eq 4
check "log is valid JSON" python3 -c "
import json,sys
[json.loads(l) for l in open('booth.log')]"

check "accepted is green" $PNG accepted.png near 0.02 0.02 $GREEN
check "already is amber" $PNG already.png near 0.02 0.02 $AMBER
check "refused is red" $PNG refused.png near 0.02 0.02 $RED
check "idle again after the results" $PNG idle-after.png near 0.02 0.5 250 250 250
check "escape does not leave the app" $PNG still-idle.png near 0.02 0.5 250 250 250

# Japanese really drawn: ink where the Japanese prompt is, none in a blank
# band, and a different picture from the English one.
ink=$($PNG idle-ja.png ink 0.03 0.25 0.97 0.41)
check "Japanese prompt drawn ($ink px)" test "$ink" -gt 2000
blank=$($PNG idle-ja.png ink 0.03 0.68 0.97 0.8)
check "blank band stays blank ($blank px)" test "$blank" -eq 0
d=$($PNG idle-ja.png idle-en.png diff 0.03 0.25 0.97 0.41)
check "English toggle changes the prompt ($d px)" test "$d" -gt 2000
ink=$($PNG refused.png ink 0.05 0.6 0.95 0.73)
check "refusal reason drawn in words ($ink px)" test "$ink" -gt 1500

cp booth.log checkins.log
# the chime really plays: SDL's disk audio driver records what is played
printf 'scan %s\nwait 700\nquit\n' "$T2" >snd.txt
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$OUT/audio.raw" run_kiosk booth snd.txt
peak=$(python3 -c "
import array
a = array.array('h', open('audio.raw', 'rb').read()[:1 << 20])
print(max([abs(x) for x in a] or [0]))")
check "a sound was played (peak $peak)" test "$peak" -gt 5000
# and with no audio device at all the kiosk still works
printf 'scan %s\nquit\n' "$T2" >snd2.txt
SDL_AUDIODRIVER=none run_kiosk booth snd2.txt
check "no audio device: still works" grep -q '"outcome":"already"' booth.log

finish
