#!/bin/sh
# The console's pages and API on an event of 5,000 students, 40 companies,
# 60 places and 500,000 check-ins: p50/p99 per page, each beside a static
# file (the stylesheet) served by the same server in the same run, and the
# ratio. /api/status is also timed cold (right after another program wrote
# to the database, so its cache is rebuilt). Target: every page < 100 ms.
# Then /api/status while a booth's 60 MB kiosk file (BENCH_MERGE_FACTS
# check-ins) is uploaded and merged, beside the same server idle: p99 <
# 100 ms.
#   env BENCH_STUDENTS (5000), BENCH_CHECKINS (500000), BENCH_N (200),
#       BENCH_MERGE_FACTS (500000), B (build dir), BENCH_KEEP=DIR keeps the
#       event database there
set -eu
B=${B:-build}
S=${BENCH_STUDENTS:-5000}
C=${BENCH_CHECKINS:-500000}
N=${BENCH_N:-200}
M=${BENCH_MERGE_FACTS:-500000}
F="$PWD/$B/fairsync"
D=${BENCH_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/bench_consoleXXXXXX")}
mkdir -p "$D"
SERVER=
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" || :
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$D"
}
trap cleanup EXIT
rm -rf "$D/ev.db" "$D/ev.db-wal" "$D/ev.db-shm" "$D/k0" "$D/k1"
"$F" init --db "$D/ev.db" --name "岐阜 合同企業説明会 2026" --start 2026-12-05 \
	--end 2026-12-06 >/dev/null 2>&1
# The merge tables exist once a kiosk file was merged: merge an empty one.
"$F" pack --db "$D/ev.db" --role entrance --out "$D/k0" >/dev/null 2>&1
"$F" merge --db "$D/ev.db" "$D/k0/kiosk.db" >/dev/null
T0=$(( $(date -u -d 2026-12-05T00:00:00Z +%s) * 1000 ))
sqlite3 "$D/ev.db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO companies (id, ext_id, name, industry, booth)
  SELECT i, printf('C%03d', i), '株式会社 サンプル' || i, '製造業', 'A-' || i FROM n;
INSERT INTO places (ext_id, kind, name, company_id)
  SELECT 'booth:' || ext_id, 'booth', name, id FROM companies;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
INSERT INTO places (ext_id, kind, name, company_id, capacity)
  SELECT printf('session:S%02d', i), 'session', 'セミナー ' || i, i, 80 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $S)
INSERT INTO attendees (id, ext_id, name, kana, school, grade, email, consent)
  SELECT i, printf('S%05d', i), '学生 ' || i, 'ガクセイ ' || i,
  CASE i % 7 WHEN 0 THEN '岐阜大学' WHEN 1 THEN '名古屋大学' WHEN 2 THEN
  '中部大学' WHEN 3 THEN '岐阜聖徳学園大学' WHEN 4 THEN '朝日大学' WHEN 5 THEN
  '愛知大学' ELSE '岐阜工業高等専門学校' END, 1 + i % 4, 's' || i || '@example.jp',
  i % 2 FROM n;
-- check-ins over two days, 9:00-17:00 JST, more in the morning and at
-- the first booths (as at a real fair), from 20 kiosks
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $C)
INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
  direction, source, wall_ms, boot_id, mono_ms)
  SELECT randomblob(16), 'checkin', 'kiosk-' || (i % 20),
  1 + (i * 7919) % 60 * ((i * 31) % 100 + 20) / 120,
  1 + (i * 104729) % $S, 1, 1, 'camera',
  $T0 + (i % 2) * 86400000 + (i * 48271) % 28800000 *
  ((i * 16807) % 1000 + 300) / 1300, 'boot' || (i % 20), i FROM n;
COMMIT;
SQL
sqlite3 "$D/ev.db" "INSERT INTO merge_flags SELECT uuid, 'conflict' FROM facts
  WHERE kind = 'checkin' LIMIT 40"
# a booth's kiosk file of $M check-ins (500,000: about 60 MB), to merge
# through the console while the overview is asked
"$F" pack --db "$D/ev.db" --role booth --place booth:C001 --out "$D/k1" \
	>/dev/null 2>&1
sqlite3 "$D/k1/kiosk.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT
  i + 1 FROM n WHERE i < $M) INSERT INTO facts (uuid, kind, kiosk, place_id,
  attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms) SELECT
  randomblob(16), 'checkin', 'booth-big', 1, 1 + i % $S, 1, 1, 'camera',
  $T0 + 3600000 + i * 50, 'boot-big', i * 50 FROM n"
"$F" serve --db "$D/ev.db" --listen 127.0.0.1:0 >"$D/url.txt" 2>"$D/serve.err" &
SERVER=$!
i=0
while [ ! -s "$D/url.txt" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
/usr/bin/python3 "$PWD/bench/console_client.py" "$(cat "$D/url.txt")" \
	"$D/ev.db" "$N" "$S" "$C" "$D/k1/kiosk.db"
