# lib/kiosk.sh: shared set-up for the kiosk end-to-end tests (sourced).
# Needs B (build dir, absolute or relative to the repo) and OUT.
set -u
REPO=$(pwd)
case $B in /*) ;; *) B="$REPO/$B" ;; esac
case $OUT in /*) ;; *) OUT="$REPO/$OUT" ;; esac
FS="$B/fairsync"
FK_BIN="$B/fairkiosk"
PNG="python3 $REPO/tests/e2e/lib/png.py"
rm -rf "$OUT" && mkdir -p "$OUT" && cd "$OUT" || exit 1
# Colours the renderer fills result screens with (render.c style_colours).
GREEN="30 142 62"
AMBER="249 168 37"
RED="198 40 40"
export SDL_RENDER_DRIVER=software   # screenshots read back reliably
export SDL_AUDIODRIVER=dummy
# Under SANITIZE=address the kiosk is still checked for memory errors, but
# not for leaks: D-Bus, X11 and the GL driver SDL loads (and unloads) leak a
# few blocks at exit that are not ours. Core code's leaks are caught by the
# unit tests (test_brain, test_layout), which run with LeakSanitizer on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0"

. "$REPO/tests/e2e/lib/check.sh"

# The tests' day: one fixed date, never "today in Japan" (a run spanning
# 15:00 UTC would change the day under a test). The event is on TEST_DAY,
# and the kiosk's clock reads TEST_DAY about noon venue time (TEST_NOW_MS)
# through the file the kiosk keeps staff's clock corrections in, DB.clock
# ("BOOT-ID OFFSET-MS", src/kiosk/host.c): $FK writes it beside the
# kiosk's database before the kiosk's first start, and never over one the
# kiosk wrote itself (tests/e2e/kiosk_clock.sh corrects the clock).
TEST_DAY=2031-03-14
TEST_NOW_MS=$(($(date -u -d "${TEST_DAY}T03:00:00Z" +%s) * 1000))

# test_clock DB: the kiosk of database DB starts at TEST_NOW_MS.
test_clock() {
	[ -e "$1.clock" ] && return 0
	echo "$(cat /proc/sys/kernel/random/boot_id)" \
		"$((TEST_NOW_MS - $(date +%s%3N)))" >"$1.clock"
}

# $FK: the kiosk, its clock set by test_clock for the database its
# --config names (kiosk.ini's db, relative to the ini's folder).
FK="$OUT/.fairkiosk"
cat >"$FK" <<EOT
#!/bin/sh
cfg=""
prev=""
for a in "\$@"; do
	[ "\$prev" = --config ] && cfg=\$a
	prev=\$a
done
if [ -f "\$cfg" ]; then
	db=\$(sed -n 's/^db *= *//p' "\$cfg" | tail -n 1)
	case \$db in
	/*) ;;
	*) db="\$(dirname "\$cfg")/\${db:-kiosk.db}" ;;
	esac
	[ -e "\$db.clock" ] || [ ! -w "\$(dirname "\$db")" ] ||
		echo "\$(cat /proc/sys/kernel/random/boot_id)" \
		"\$(($TEST_NOW_MS - \$(date +%s%3N)))" >"\$db.clock"
fi
exec "$FK_BIN" "\$@"
EOT
chmod 755 "$FK"

# make_event DB [START]: an event on TEST_DAY with a small roster:
# S001 山田 太郎, S002 佐藤 花子 (students), T001 係員 (staff), one booth.
make_event() {
	start=${2:-$TEST_DAY}
	"$FS" init --db "$1" --name '合同企業説明会' --start "$start" >/dev/null &&
	sqlite3 "$1" "
	  INSERT INTO attendees (id, ext_id, name, kana, school, grade, email)
	  VALUES (1, 'S001', '山田 太郎', 'ヤマダ タロウ', '岐阜大学', '3', 'a@x.jp'),
	         (2, 'S002', '佐藤 花子', 'サトウ ハナコ', '名古屋大学', '2', 'b@x.jp');
	  INSERT INTO attendees (id, ext_id, name, role) VALUES (3, 'T001', '係員', 1);
	  INSERT INTO companies VALUES (1, 'C001', 'ミノ精工', '製造業', 'A-1');
	  INSERT INTO places (ext_id, kind, name, company_id)
	  VALUES ('booth:C001', 'booth', 'ミノ精工', 1);"
}

# run_kiosk DIR SCRIPT [SIZE]: runs the kiosk of DIR/kiosk.ini fullscreen
# (as on a fair's screen, no --windowed) in an Xvfb of SIZE with no window
# manager, with SCRIPT; stdout (the outcome log) to DIR.log, stderr to
# DIR.err.
run_kiosk() {
	size=${3:-1280x800}
	# A booth keeps a student's result up to kiosk.ini consent_offer_ms
	# (8 s) for 「この企業に連絡先を伝える」; scripts timed on result_ms
	# alone keep it within result_ms, unless KIOSK_OFFER=pack (as packed:
	# kiosk_consent.sh tests the offer's own time).
	[ "${KIOSK_OFFER:-}" = pack ] || [ ! -e "$1/kiosk.ini" ] ||
		sed -i 's/^consent_offer_ms = .*/consent_offer_ms = 1000/' \
			"$1/kiosk.ini"
	timeout 60 xvfb-run -a -s "-screen 0 ${size}x24" "$FK" \
		--config "$1/kiosk.ini" --script "$2" ${KIOSK_ARGS:-} \
		>"$1.log" 2>"$1.err"
}

# walkin_script FILE SHOT [KANA]: a walk-in registering through the
# entrance kiosk's touch form (katakana name, school, grade, e-mail), then
# a screenshot of the badge screen to SHOT.
walkin_script() {
	cat >"$1" <<EOT
press 当日参加の登録
text ${3:-ミノ}
press 次へ
press 次へ
text 岐阜大学
press 次へ
press 1
press 次へ
text m@example.jp
press 次へ
press 登録する
wait 300
screenshot $2
quit
EOT
}

# compositor_booth TOOL...: the setting of the tests that run the kiosk
# under a Wayland compositor (cage, sway), which refuse to run as root.
# Skips the test (exit 77) without the TOOLs or without root; makes the
# unprivileged user $U (fairtest, removed again on exit if made here), the
# event ev.db and a booth bundle k/ owned by $U whose result shows 6 s
# (time for grim to catch it on a loaded machine); T1 and T2 are two
# students' badges.
compositor_booth() {
	for tool in "$@" runuser; do
		command -v "$tool" >/dev/null 2>&1 ||
			skip_all "$tool is not installed"
	done
	[ "$(id -u)" -eq 0 ] || skip_all "runs $1 as another user, needs root"
	U=fairtest
	if ! id -u "$U" >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin \
			"$U" || { echo "FAIL: cannot create the user $U"; exit 1; }
		trap 'userdel -f "$U" 2>/dev/null' EXIT
		trap 'exit 1' INT TERM HUP
	fi
	make_event ev.db || exit 1
	"$FS" pack --db ev.db --role booth --place booth:C001 --out k \
		>/dev/null || exit 1
	sed -i 's/^result_ms = .*/result_ms = 6000/' k/kiosk.ini
	T1=$(token ev.db S001)
	T2=$(token ev.db S002)
	chown -R "$U" k
}

# staff_login: script lines that open staff mode with the PIN the tests
# pack (2468), for $(staff_login) inside a kiosk script's here-document.
staff_login() {
	printf 'press スタッフ\npress 2\npress 4\npress 6\npress 8\npress OK\n'
}

# token DB ATTENDEE: the badge's token, for T=$(token ...): a failure is
# noted in .token-fails (a subshell cannot count it) and fails `finish`.
token() {
	"$FS" token issue --db "$1" --attendee "$2" && return 0
	echo "FAIL: token issue for $2 in $1" | tee -a "$OUT/.token-fails" >&2
	return 1
}

# finish: the script's last command: 1 if a check failed, 77 if a part
# was skipped (skip_part), else 0.
finish() {
	echo "screenshots and logs kept in $OUT"
	if [ -s "$OUT/.token-fails" ]; then
		fails=$((fails + $(wc -l <"$OUT/.token-fails")))
	fi
	check_end
}
