#!/bin/sh
# Rebuilds the hostile part of tests/fuzz/corpus/dbfile/: a sound kiosk file
# of the fuzz event (event_id 4242, what fuzz_dbfile.c merges into) and
# every hostile variant make-hostile-dbs.py makes of it, in 512-byte pages
# so the corpus stays small. The 50 MB string is made at test time only
# (tests/e2e/merge_hostile.sh). usage: B=build sh tests/fuzz/make-dbfile-corpus.sh
set -eu
B=${B:-build}
F="$PWD/$B/fairsync"
C="$PWD/tests/fuzz/corpus/dbfile"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
"$F" init --db ev.db --name fuzz --start 2026-12-05 >/dev/null
sqlite3 ev.db "UPDATE event SET event_id = 4242;
  INSERT INTO companies VALUES (1, 'C1', 'fuzz', '', '');
  INSERT INTO places (id, ext_id, kind, name, company_id) VALUES
  (2, 'booth:C1', 'booth', 'fuzz booth', 1);
  INSERT INTO attendees (id, ext_id, name) VALUES (1, 'S1', 'a'),
  (2, 'S2', 'b'), (3, 'S3', 'c');"
"$F" pack --db ev.db --role booth --place C1 --out k >/dev/null
sqlite3 k/kiosk.db "PRAGMA journal_mode = DELETE; PRAGMA page_size = 512;
  VACUUM;"
for i in 1 2 3; do
	sqlite3 k/kiosk.db "INSERT INTO facts (uuid, kind, kiosk, place_id,
	  attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms)
	  VALUES (randomblob(16), 'checkin', 'booth-c1', 2, $i, 1, 1, 'camera',
	  1796432400000 + $i * 60000, 'boot-1', $i * 60000)"
done
cp k/kiosk.db "$C/hostile-base.db"
python3 "$C/../../make-hostile-dbs.py" k/kiosk.db out >/dev/null
for f in out/*.db; do
	case $f in */valid-0[2-9].db|*/valid-1?.db) continue ;; esac
	cp "$f" "$C/hostile-$(basename "$f")"
done
