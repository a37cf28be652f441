#!/bin/sh
# End to end: [sound] voice = on. The real fairkiosk in Xvfb, driven by
# --script, says each result aloud with Open JTalk: the words of the
# screen (its JSON), the name read from the roster's furigana; the WAV is
# speech of a plausible length (sox); the samples really reach the audio
# device (SDL's disk driver records them) after the tone; English keeps
# the tone alone; a slow synthesis never delays the result's frame; a
# newer result supersedes one being synthesised; without the voice the
# kiosk says so once and keeps the tone.
B=${B:-build}
OUT=${OUT:-$(mktemp -d)}
. "$(dirname "$0")/lib/kiosk.sh"

for t in open_jtalk sox; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "skip: $t is not installed" >&2; exit 77; }
done
VOICE=/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice
[ -r "$VOICE" ] || { echo "skip: no Open JTalk voice at $VOICE" \
	"(hts-voice-nitech-jp-atr503-m001)" >&2; exit 77; }

make_event ev.db || exit 1
run_ok "pack the booth" "$FS" pack --db ev.db --role booth \
	--place booth:C001 --out booth >/dev/null || exit 1
sed -i 's/^voice = .*/voice = true/' booth/kiosk.ini
check "kiosk.ini has [sound] voice = true" grep -qx 'voice = true' \
	booth/kiosk.ini
T1=$(token ev.db S001)
T2=$(token ev.db S002)
export FAIRKIOSK_TRACE=1

# what the screen's JSON says is in what was spoken: every title, heading,
# body and name text (the name as its reading) -- SPOKEN JSON
said_as_shown() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
spoken, j = sys.argv[1], json.load(open(sys.argv[2]))
read = {'山田 太郎': 'ヤマダ タロウ', '佐藤 花子': 'サトウ ハナコ'}
texts = [w['text'] for w in j['widgets']
         if w['role'] in ('title', 'heading', 'body', 'name', 'notice')]
if not texts:
    sys.exit('no text on screen')
for t in texts:
    for k, v in read.items():
        t = t.replace(k, v)
    if t not in spoken:
        sys.exit('not said: %s (said: %s)' % (t, spoken))
EOF
}

# spoken_text ERRFILE N: the text of the Nth synthesis traced
spoken_text() {
	sed -n 's/^trace voice-ready-us [0-9]* synth-ms [0-9]* text //p' \
		"$1" | sed -n "${2}p"
}

# speech FILE TEXT: a WAV of speech for TEXT: 0.8 s at least, 0.08 to
# 0.4 s a character (a word of the screen takes time to say; Open JTalk
# adds about 0.5 s of quiet at each end), and not silent
speech() {
	len_=$(sox --i -D "$1") || return 1
	rms_=$(sox "$1" -n stat 2>&1 | sed -n 's/^RMS *amplitude: *//p')
	echo "  $1: $len_ s, RMS $rms_ for $2"
	python3 -c "import sys
d, r, n = float(sys.argv[1]), float(sys.argv[2]), len(sys.argv[3])
sys.exit(not (d >= 0.8 and 0.08 * n <= d - 1 and d - 1 <= 0.4 * n
              and r > 0.01))" "$len_" "$rms_" "$2"
}

# loud_s RAW: seconds of audio above a whisper in SDL's disk recording
# (the device's format: the tones' 22050 Hz, 16-bit, mono)
loud_s() {
	python3 -c "
import array, sys
a = array.array('h', open(sys.argv[1], 'rb').read())
print('%.2f' % (sum(1 for x in a if abs(x) > 300) / 22050))" "$1"
}

# 1. accepted and refused, said aloud and recorded by the audio device
cat >s1.txt <<EOT
scan $T1
wait 300
screenshot accepted.png
wait 5000
voice-save accepted.wav
scan not-a-badge
wait 300
screenshot refused.png
wait 6000
voice-save refused.wav
quit
EOT
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$OUT/audio.raw" \
	run_kiosk booth s1.txt
check "kiosk exits 0 (voice on)" test $? -eq 0
cat booth.err >run1.err
said1=$(spoken_text run1.err 1)
said2=$(spoken_text run1.err 2)
echo "  said: $said1 / $said2"
check "accepted: the name read from the furigana, then the screen's word" \
	test "$said1" = "ヤマダ タロウ さん、受付しました"
check "accepted: what the screen shows is what is said" \
	said_as_shown "$said1" accepted.json
check "accepted: the kanji name is not what is read" \
	sh -c "! printf %s '$said1' | grep -q 山田"
check "refused: what the screen shows is what is said" \
	said_as_shown "$said2" refused.json
check "accepted: the WAV is speech of a plausible length" \
	speech accepted.wav "$said1"
check "refused: the WAV is speech of a plausible length" \
	speech refused.wav "$said2"
check "the refusal is said in more words than the welcome" python3 -c "
import subprocess, sys
d = [float(subprocess.check_output(['sox', '--i', '-D', f]))
     for f in ('accepted.wav', 'refused.wav')]
sys.exit(not d[1] > d[0])"
loud=$(loud_s audio.raw)
tone=$(sox --i -D "$REPO/assets/chime.wav")
echo "  audio device played ${loud} s of sound; a chime is ${tone} s"
check "the speech reached the audio device after the tones" python3 -c "
import sys; sys.exit(not float(sys.argv[1]) > 2 * float(sys.argv[2]) + 1.5)
" "$loud" "$tone"

# 2. English: no English voice, the tone alone (said once on stderr); a
# result turns the screen back to Japanese, so each student presses it
cat >s2.txt <<EOT
press English
scan $T2
wait 3000
press English
scan $T2
wait 3000
quit
EOT
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$OUT/audio-en.raw" \
	run_kiosk booth s2.txt
check "kiosk exits 0 (English)" test $? -eq 0
cp booth.err run2.err
check "English: said once that there is no English voice" \
	test "$(grep -c 'no English voice' run2.err)" -eq 1
check "English: nothing synthesised" \
	sh -c "! grep -q voice-ready run2.err"
loud=$(loud_s audio-en.raw)
echo "  English: ${loud} s of sound for two results"
check "English: the tones alone reach the audio device" python3 -c "
import sys; sys.exit(not float(sys.argv[1]) < 2 * float(sys.argv[2]) + 0.3)
" "$loud" "$tone"

# 3. a slow synthesis (open_jtalk behind a 2 s delay, first on PATH)
# never delays the result's frame
mkdir -p slow
cat >slow/open_jtalk <<EOT
#!/bin/sh
sleep 2
exec $(command -v open_jtalk) "\$@"
EOT
chmod 755 slow/open_jtalk
cat >s3.txt <<EOT
scan $T1
wait 300
screenshot slow.png
wait 5000
voice-save already.wav
quit
EOT
PATH="$OUT/slow:$PATH" run_kiosk booth s3.txt
check "kiosk exits 0 (slow voice)" test $? -eq 0
cp booth.err run3.err
frame=$(sed -n 's/^trace scan-to-frame-us //p' run3.err | head -n 1)
asked=$(sed -n 's/^trace voice-asked-us //p' run3.err | head -n 1)
ready=$(sed -n 's/^trace voice-ready-us \([0-9]*\) .*/\1/p' run3.err |
	head -n 1)
echo "  scan to frame ${frame} us; synthesis ${asked} -> ${ready} us"
check "the result's frame came within 1 s of the scan" \
	test "${frame:-99999999}" -lt 1000000
check "the voice was asked after the frame and ready 2 s later" \
	test "$((${ready:-0} - ${asked:-0}))" -ge 2000000
check "the result shows while the voice is being made" \
	$PNG slow.png near 0.02 0.02 $AMBER
worst=$(sed -n 's/^trace frame-us //p' run3.err | sort -n | tail -n 1)
check "no frame waited for the voice (slowest ${worst} us)" \
	test "${worst:-99999999}" -lt 1000000
said=$(spoken_text run3.err 1)
echo "  said: $said"
check "already: the time read as a time" sh -c \
	"printf %s '$said' | grep -q '^ヤマダ タロウ さん  [0-9]*時.*、受付済みです'"
check "already: the WAV is speech" speech already.wav "$said"

# 4. a newer result supersedes one being synthesised: only the newest
# is said
cat >s4.txt <<EOT
scan $T2
scan not-a-badge
wait 6000
quit
EOT
PATH="$OUT/slow:$PATH" run_kiosk booth s4.txt
check "kiosk exits 0 (superseded)" test $? -eq 0
cp booth.err run4.err
check "two results shown" test "$(wc -l <booth.log)" -eq 2
check "two voices asked" test "$(grep -c voice-asked run4.err)" -eq 2
check "one voice made: the newest" \
	test "$(grep -c voice-ready run4.err)" -eq 1
check "and it is the refusal" sh -c "! grep voice-ready run4.err |
	grep -q サトウ"
check "the superseded synthesis is no failure" \
	sh -c "! grep -q 'open_jtalk failed' run4.err"

# 5. without the voice: said once, the tone alone, the kiosk works
sed -i "s|^voice_file = .*|voice_file = $OUT/none.htsvoice|" \
	booth/kiosk.ini
printf 'scan %s\nwait 300\nscan %s\nwait 2500\nquit\n' "$T2" "$T1" >s5.txt
run_kiosk booth s5.txt
check "kiosk exits 0 (no voice)" test $? -eq 0
cp booth.err run5.err
check "no voice: said once, naming the file and the package" \
	test "$(grep -c "voice: no voice at '$OUT/none.htsvoice'.*hts-voice-nitech" \
	run5.err)" -eq 1
check "no voice: results still shown" test "$(wc -l <booth.log)" -eq 2

finish
