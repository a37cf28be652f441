#!/bin/sh
# A 1,000-badge PDF (A4, six a page, a QR each): seconds printed (no
# baseline). Then badge images per second, the thread pool beside one
# thread.
#   env BENCH_BADGES (1000), BENCH_BADGE_PNGS (400), B (build dir)
set -eu
B=${B:-build}
N=${BENCH_BADGES:-1000}
F="$PWD/$B/fairsync"
D=$(mktemp -d "${TMPDIR:-/tmp}/bench_badgesXXXXXX")
trap 'rm -rf "$D"' EXIT
"$F" init --db "$D/ev.db" --name "合同企業説明会 2026" --start 2026-12-05 >/dev/null 2>&1
sqlite3 "$D/ev.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1
  FROM n WHERE i < $N) INSERT INTO attendees (id, ext_id, name, kana, school)
  SELECT i, 'S' || i, '山田 太郎' || i, 'ヤマダ タロウ', '岐阜大学 工学部' FROM n"
t0=$(date +%s.%N)
"$F" badges --db "$D/ev.db" --out "$D/badges.pdf" 2>/dev/null
t1=$(date +%s.%N)
pages=$(pdfinfo "$D/badges.pdf" | sed -n 's/^Pages: *//p')
size=$(du -k "$D/badges.pdf" | cut -f1)
secs=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")
echo "badges: $N badges, $pages pages, ${size} KB in $secs s"

# Badge images (--png): the thread pool beside one thread, same run.
NP=${BENCH_BADGE_PNGS:-400}
sqlite3 "$D/ev.db" "DELETE FROM attendees WHERE id > $NP"
png_rate() { # jobs dir -> images per second
	t0=$(date +%s.%N)
	"$F" badges --db "$D/ev.db" --png "$D/$2" --jobs "$1" 2>/dev/null
	t1=$(date +%s.%N)
	awk "BEGIN { printf \"%.1f\", $NP / ($t1 - $t0) }"
}
one=$(png_rate 1 png1)
cores=$(getconf _NPROCESSORS_ONLN)
all=$(png_rate 0 pngN)
ratio=$(awk "BEGIN { printf \"%.2f\", $all / $one }")
echo "badge images: $NP PNGs, $one/s on 1 thread, $all/s on $cores (pool); ratio ${ratio}x"
