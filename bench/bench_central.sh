#!/bin/sh
# bench_central.sh: the central PostgreSQL store, each figure beside its
# baseline in the same run (a private server, fsync off for both):
#   push        `fairsync push` of N facts (BENCH_FACTS, 1,000,000) into an
#               empty central database; baseline: PostgreSQL's own COPY of
#               the same rows from a file into a table with the same
#               primary key                                  target 1.5
#   re-push     the same push again (nothing new); baseline: the first
#   live lag    10 booth kiosks, one scan a second each for BENCH_LAG_S
#               (20) seconds, [sync] central set (each its own login, so
#               row security checks each fact): from the kiosk's commit
#               to the server's commit, p50/p99; baseline: the kiosks'
#               own sync tick (1 s)
#   many kiosks BENCH_KIOSKS (200) simulated kiosks, each its own login
#               and kiosk file, a check-in a second each for
#               BENCH_KIOSKS_S (60) seconds through the kiosk's own link
#               code (bench_central_kiosks): from the kiosk's commit to
#               the server's, p50/p99 (target p99 < 1 s); every check-in
#               on the server once, none lost
# Needs root (PostgreSQL runs as postgres), PostgreSQL 15.
set -u
B=${B:-build}
case $B in /*) ;; *) B="$(pwd)/$B" ;; esac
REPO=$(pwd)
N=${BENCH_FACTS:-1000000}
LAG_S=${BENCH_LAG_S:-20}
T=$(mktemp -d /tmp/fairkiosk-bench-central.XXXXXX)
chmod 0755 "$T"
NK=${BENCH_KIOSKS:-200}
PG_OPTS="-c max_connections=$((NK + 50))"
. "$REPO/tests/e2e/lib/pg.sh"
trap 'pg_cleanup; rm -rf "$T"' EXIT
cd "$T" || exit 1
FS="$B/fairsync"
now_ms() { date +%s%3N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }

"$FS" central init --url "$PG_URL" 2>/dev/null || exit 1
"$FS" init --db ev.db --name bench --start "$(TZ=Asia/Tokyo date +%F)" \
	>/dev/null 2>&1 || exit 1
sqlite3 ev.db "
  INSERT INTO places (ext_id, kind, name) VALUES ('booth:X', 'booth', 'X');
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
  INSERT INTO attendees (id, ext_id, name) SELECT i, 'S' || i, '学生' FROM n;
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
  INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, serial,
    wall_ms, boot_id, mono_ms)
  SELECT randomblob(16), 'checkin', 'k' || (i % 20),
    (SELECT id FROM places WHERE ext_id = 'booth:X'), 1 + i % 1000, 1,
    strftime('%s', 'now') * 1000 + i, 'b' || (i % 20), i FROM n;" || exit 1
EVENT=$(sqlite3 ev.db 'SELECT event_id FROM event')

# baseline: the same rows as COPY reads them, into a twin of facts
sqlite3 -separator "$(printf '\t')" ev.db "SELECT '\\\\x' || lower(hex(uuid)),
  $EVENT, kind, kiosk, place_id, attendee_id, serial, direction, source,
  wall_ms, boot_id, mono_ms, '\\N', flags, rating, tags, note FROM facts" \
	>facts.tsv
psql_q "$PG_URL" "CREATE TABLE base (LIKE facts INCLUDING ALL)" || exit 1
t0=$(now_ms)
psql -X -q -v ON_ERROR_STOP=1 "$PG_URL" -c "\\copy base (uuid, event_id,
  kind, kiosk, place_id, attendee_id, serial, direction, source, wall_ms,
  boot_id, mono_ms, voids, flags, rating, tags, note) FROM 'facts.tsv'" ||
	exit 1
copy_ms=$(( $(now_ms) - t0 ))

t0=$(now_ms)
"$FS" push --db ev.db --to "$PG_URL" 2>/dev/null || exit 1
push_ms=$(( $(now_ms) - t0 ))
t0=$(now_ms)
"$FS" push --db ev.db --to "$PG_URL" 2>/dev/null || exit 1
again_ms=$(( $(now_ms) - t0 ))
echo "push $N facts: ${push_ms} ms; PostgreSQL COPY of the same rows:" \
	"${copy_ms} ms; ratio $(ratio "$push_ms" "$copy_ms") (target <= 1.5)"
echo "push again, nothing new: ${again_ms} ms; ratio to the first" \
	"$(ratio "$again_ms" "$push_ms")"

# live lag: 10 kiosks, a scan a second each, each with its own login
for k in 0 1 2 3 4 5 6 7 8 9; do
	KURL=$("$FS" central grant --url "$PG_URL" --kiosk "lag-$k" --db ev.db \
		2>/dev/null) || exit 1
	"$FS" pack --db ev.db --role booth --place booth:X --out "k$k" \
		>/dev/null 2>&1 || exit 1
	sed -i "s/^name = .*/name = lag-$k/" "k$k/kiosk.ini"
	sed -i "s|^central = .*|central = $KURL|" "k$k/kiosk.ini"
	: >"k$k/s.txt"
	i=1
	while [ $i -le "$LAG_S" ]; do
		printf 'scan %s\nwait 1000\n' "$("$FS" token issue --db ev.db \
			--attendee "S$((k * 50 + i))")" >>"k$k/s.txt"
		i=$((i + 1))
	done
	echo "wait 3000" >>"k$k/s.txt"
	echo quit >>"k$k/s.txt"
done
for k in 0 1 2 3 4 5 6 7 8 9; do
	SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software SDL_AUDIODRIVER=dummy \
		"$B/fairkiosk" --config "k$k/kiosk.ini" --windowed \
		--script "k$k/s.txt" >"k$k.log" 2>"k$k.err" &
done
wait
psql_q "$PG_URL" "SELECT round(extract(epoch FROM received) * 1000) -
	wall_ms FROM facts WHERE kiosk LIKE 'lag-%'" | sort -n >lag.txt
n=$(wc -l <lag.txt)
p50=$(awk -v n="$n" 'NR == int((n + 1) / 2) {print}' lag.txt)
p99=$(awk -v n="$n" 'NR == int(n * 0.99 + 0.999) {print}' lag.txt)
echo "live lag, 10 kiosks x $LAG_S scans ($n reached the server of" \
	"$((10 * LAG_S))): p50 ${p50:-?} ms, p99 ${p99:-?} ms; the kiosks' sync" \
	"tick 1000 ms"

# many kiosks, each its own login: row security on every fact
"$FS" pack --db ev.db --role booth --place booth:X --out sim >/dev/null 2>&1 ||
	exit 1
: >kiosks.txt
i=0
while [ $i -lt "$NK" ]; do
	url=$("$FS" central grant --url "$PG_URL" --kiosk "sim-$i" --db ev.db \
		2>/dev/null) || exit 1
	echo "sim-$i $url" >>kiosks.txt
	i=$((i + 1))
done
mkdir -p sims
BENCH_KIOSKS_LIST=kiosks.txt BENCH_KIOSKS_DB=sim/kiosk.db BENCH_KIOSKS_DIR=sims \
	"$B/bench/bench_central_kiosks" >sims.out || exit 1
recorded=$(sed -n 's/^recorded \([0-9]*\) .*/\1/p' sims.out)
psql_q "$PG_URL" "SELECT round(extract(epoch FROM received) * 1000) -
	wall_ms FROM facts WHERE kiosk LIKE 'sim-%'" | sort -n >sims-lag.txt
n=$(wc -l <sims-lag.txt)
p50=$(awk -v n="$n" 'NR == int((n + 1) / 2) {print}' sims-lag.txt)
p99=$(awk -v n="$n" 'NR == int(n * 0.99 + 0.999) {print}' sims-lag.txt)
files=0
for f in sims/*.db; do
	files=$((files + $(sqlite3 "$f" 'SELECT count(*) FROM facts')))
done
echo "live lag, $NK kiosks with their own logins x ${BENCH_KIOSKS_S:-60}" \
	"s: $n of $recorded check-ins on the server ($files in the kiosks'" \
	"files, $(sed -n 's/.*sync-failures //p' sims.out) failed rounds):" \
	"p50 ${p50:-?} ms, p99 ${p99:-?} ms (target p99 < 1000)"
[ "$n" -eq "$recorded" ] && [ "$files" -eq "$recorded" ]
