#!/usr/bin/env python3
"""make-hostile-dbs.py: kiosk files as a hostile tester would bring them.

usage: make-hostile-dbs.py BASE.db OUTDIR [--big]

BASE.db is a sound kiosk file of the event (our schema, a few check-ins
by kiosk 'booth-c1' at known places of known attendees). Every file
written to OUTDIR starts as a copy of it and is then broken in one way.
Prints one line per file: NAME EXPECT, where EXPECT is
  refuse            fairsync merge must refuse it, naming it, changing
                    nothing
  flag:REASON       merged, the bad fact flagged REASON (merge.h)
  after:NAME        refused once NAME (a sound file) is merged first, or
                    when both are in one list
  clean             merged (a sound file, or only its text is hostile:
                    printed safely)
--big adds the 50 MB string (generated at test time, never committed).
Only Python's own sqlite3: the files are made the way any tool could.
"""
import os
import shutil
import sqlite3
import sys

BIG = "--big" in sys.argv[1:]
args = [a for a in sys.argv[1:] if a != "--big"]
if len(args) != 2:
    sys.exit(__doc__)
BASE, OUT = args
os.makedirs(OUT, exist_ok=True)
expect = []


def fresh(name):
    path = os.path.join(OUT, name)
    for side in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + side):
            os.unlink(path + side)
    shutil.copyfile(BASE, path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = DELETE")
    return path, db


def done(db, name, what):
    db.close()
    expect.append((name, what))


def first_fact(db):
    return db.execute("SELECT uuid, kind, kiosk, place_id, attendee_id, "
                      "serial, direction, source, wall_ms, boot_id, mono_ms "
                      "FROM facts ORDER BY uuid LIMIT 1").fetchone()


def add_fact(db, uuid=None, kind="checkin", kiosk="booth-c1", place=None,
             attendee=None, wall=None, mono=1000, voids=None, direction=1):
    f = first_fact(db)
    db.execute("INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id,"
               " serial, direction, source, wall_ms, boot_id, mono_ms, voids)"
               " VALUES (coalesce(?, randomblob(16)), ?, ?, ?, ?, 1, ?,"
               " 'camera', ?, 'boot-hostile', ?, ?)",
               (uuid, kind, kiosk, f[3] if place is None else place,
                f[4] if attendee is None else attendee, direction,
                f[8] if wall is None else wall, mono, voids))


def schema_sql(db, name):
    return db.execute("SELECT sql FROM sqlite_schema WHERE name = ?",
                      (name,)).fetchone()[0]


def unstrict(db, fn):
    """Runs fn(db) with facts not STRICT, then puts our schema text back:
    what a hand-edited file holds while its schema still reads as ours."""
    sql = schema_sql(db, "facts")
    loose = sql.replace(") STRICT, WITHOUT ROWID", ") WITHOUT ROWID")
    ver = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_schema SET sql = ? WHERE name = 'facts'",
               (loose,))
    db.execute("PRAGMA schema_version = %d" % (ver + 1))
    db.execute("PRAGMA writable_schema = OFF")
    path = db.execute("PRAGMA database_list").fetchone()[2]
    db.close()
    db = sqlite3.connect(path, isolation_level=None)
    fn(db)
    ver = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_schema SET sql = ? WHERE name = 'facts'",
               (sql,))
    db.execute("PRAGMA schema_version = %d" % (ver + 1))
    db.execute("PRAGMA writable_schema = OFF")
    return db


FACT_COLS = ("uuid, kind, kiosk, place_id, attendee_id, serial, direction, "
             "source, wall_ms, boot_id, mono_ms, voids, flags, rating, tags, "
             "note")


def replace_facts(db, create):
    """facts replaced by another object of the same name, rows kept."""
    db.execute("CREATE TABLE facts_old AS SELECT * FROM facts")
    db.execute("DROP TABLE facts")
    db.execute(create)


# ---- the schema is not ours ---------------------------------------------
p, db = fresh("view-random.db")
replace_facts(db, "CREATE VIEW facts AS SELECT randomblob(16) AS uuid, "
              "'checkin' AS kind, 'booth-c1' AS kiosk, abs(random()) % 5 AS "
              "place_id, abs(random()) % 11 AS attendee_id, 1 AS serial, 1 "
              "AS direction, 'camera' AS source, 1796432400000 AS wall_ms, "
              "'' AS boot_id, 0 AS mono_ms, NULL AS voids, 0 AS flags, 0 AS "
              "rating, '' AS tags, '' AS note FROM facts_old")
done(db, "view-random.db", "refuse")

p, db = fresh("view-billion.db")
replace_facts(db, "CREATE VIEW facts AS WITH RECURSIVE n(i) AS (SELECT 1 "
              "UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT "
              "randomblob(16) AS uuid, 'checkin' AS kind, 'x' AS kiosk, 1 AS "
              "place_id, 1 AS attendee_id, 1 AS serial, 1 AS direction, '' "
              "AS source, 1796432400000 AS wall_ms, '' AS boot_id, i AS "
              "mono_ms, NULL AS voids, 0 AS flags, 0 AS rating, '' AS tags, "
              "'' AS note FROM n")
done(db, "view-billion.db", "refuse")

p, db = fresh("generated-column.db")
sql = schema_sql(db, "facts").replace(
    "note TEXT NOT NULL DEFAULT '')",
    "note TEXT NOT NULL DEFAULT '', x TEXT GENERATED ALWAYS AS "
    "(hex(uuid) || kiosk) VIRTUAL)")
db.execute("ALTER TABLE facts RENAME TO facts_old")
db.execute(sql.replace('"facts"', "facts"))
db.execute("INSERT INTO facts (%s) SELECT %s FROM facts_old" %
           (FACT_COLS, FACT_COLS))
db.execute("DROP TABLE facts_old")
done(db, "generated-column.db", "refuse")

p, db = fresh("trigger.db")
db.execute("CREATE TRIGGER t AFTER INSERT ON facts BEGIN "
           "DELETE FROM attendees; END")
done(db, "trigger.db", "refuse")

p, db = fresh("extra-index.db")
db.execute("CREATE INDEX facts_x ON facts(abs(place_id))")
done(db, "extra-index.db", "refuse")

p, db = fresh("virtual-table.db")
try:
    db.execute("CREATE VIRTUAL TABLE notes USING fts5(x)")
    done(db, "virtual-table.db", "refuse")
except sqlite3.OperationalError:
    db.close()
    os.unlink(p)

p, db = fresh("missing-table.db")
db.execute("DROP TABLE revocations")
done(db, "missing-table.db", "refuse")

p, db = fresh("nonstrict-facts.db")
sql = schema_sql(db, "facts")
db.execute("ALTER TABLE facts RENAME TO facts_old")
db.execute(sql.replace('"facts"', "facts").replace(
    ") STRICT, WITHOUT ROWID", ") WITHOUT ROWID"))
db.execute("INSERT INTO facts SELECT * FROM facts_old")
db.execute("DROP TABLE facts_old")
done(db, "nonstrict-facts.db", "refuse")

p, db = fresh("newer-schema.db")
db.execute("PRAGMA user_version = 99")
done(db, "newer-schema.db", "refuse")

p, db = fresh("older-schema.db")
db.execute("PRAGMA user_version = 1")
done(db, "older-schema.db", "refuse")

p, db = fresh("wrong-event.db")
db.execute("UPDATE event SET event_id = event_id + 1")
done(db, "wrong-event.db", "refuse")

p, db = fresh("not-ours.db")
db.execute("PRAGMA application_id = 1")
done(db, "not-ours.db", "refuse")

with open(os.path.join(OUT, "text.db"), "w") as f:
    f.write("attendee_id,name\n1,山田\n")
expect.append(("text.db", "refuse"))
open(os.path.join(OUT, "empty.db"), "w").close()
expect.append(("empty.db", "refuse"))

# ---- values of the wrong type, size or range ------------------------------
p, db = fresh("text-in-integer.db")
db = unstrict(db, lambda d: d.execute(
    "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, wall_ms)"
    " VALUES (randomblob(16), 'checkin', 'booth-c1', 'two', 1,"
    " '2026-12-05 10:00')"))
done(db, "text-in-integer.db", "refuse")

p, db = fresh("text-uuid.db")
db = unstrict(db, lambda d: d.execute(
    "INSERT INTO facts SELECT '0123456789abcdef', kind, kiosk, place_id,"
    " attendee_id, serial, direction, source, wall_ms, boot_id, mono_ms,"
    " voids, flags, rating, tags, note FROM facts LIMIT 1"))
done(db, "text-uuid.db", "refuse")

p, db = fresh("real-in-integer.db")
db = unstrict(db, lambda d: d.execute(
    "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, wall_ms)"
    " VALUES (randomblob(16), 'checkin', 'booth-c1', 1.5, 1,"
    " 1796432400000)"))
done(db, "real-in-integer.db", "refuse")

p, db = fresh("short-uuid.db")
db = unstrict(db, lambda d: d.execute(
    "PRAGMA ignore_check_constraints = ON") and d.execute(
    "INSERT INTO facts (uuid, kind, kiosk, place_id, attendee_id, wall_ms)"
    " VALUES (x'0102', 'checkin', 'booth-c1', 1, 1, 1796432400000)"))
done(db, "short-uuid.db", "refuse")

p, db = fresh("unknown-kind.db")
db.execute("PRAGMA ignore_check_constraints = ON")
add_fact(db, kind="teleport")
done(db, "unknown-kind.db", "refuse")

p, db = fresh("direction-zero.db")
add_fact(db, direction=0)
done(db, "direction-zero.db", "refuse")

p, db = fresh("void-without-target.db")
add_fact(db, kind="void")
done(db, "void-without-target.db", "refuse")

p, db = fresh("long-kiosk-name.db")
add_fact(db, kiosk="k" * 300)
done(db, "long-kiosk-name.db", "refuse")

p, db = fresh("long-walkin-name.db")
db.execute("INSERT INTO attendees (id, name) VALUES (3000000000, ?)",
           ("名" * 4000,))
done(db, "long-walkin-name.db", "refuse")

p, db = fresh("walkin-text-serial.db")
db.execute("INSERT INTO attendees (id, name, serial) VALUES "
           "(3000000001, 'x', 'one')")
done(db, "walkin-text-serial.db", "refuse")

for name, wall, mono in (("time-max.db", 2**63 - 1, 1000),
                         ("time-negative.db", -1, 1000),
                         ("time-year-10000.db", 253402300800000, 1000),
                         ("mono-huge.db", None, 2**62)):
    p, db = fresh(name)
    add_fact(db, wall=wall, mono=mono)
    done(db, name, "refuse")

# legal, if wrong: the last day of year 9999 prints as 9999
p, db = fresh("time-year-9999.db")
add_fact(db, wall=253402128000000, mono=5000)
done(db, "time-year-9999.db", "flag:clock-outside")

if BIG:
    p, db = fresh("string-50mb.db")
    add_fact(db, kiosk="x" * (50 << 20))
    done(db, "string-50mb.db", "refuse")

# ---- sound types, facts the event cannot place ---------------------------
p, db = fresh("unknown-attendee.db")
add_fact(db, attendee=99999)
done(db, "unknown-attendee.db", "flag:unknown-attendee")

p, db = fresh("unknown-place.db")
add_fact(db, place=9999)
done(db, "unknown-place.db", "flag:unknown-place")

# a walk-in registered in the same file is known
p, db = fresh("walkin-same-file.db")
db.execute("INSERT INTO attendees (id, name, email, consent) VALUES "
           "(3000000002, '飛込 花子', 'h@example.jp', 1)")
add_fact(db, kind="register", attendee=3000000002)
done(db, "walkin-same-file.db", "clean")

# one kiosk voiding another kiosk's check-in (the base's first fact)
p, db = fresh("void-foreign.db")
add_fact(db, kind="void", kiosk="booth-evil", voids=first_fact(db)[0])
done(db, "void-foreign.db", "flag:void-foreign")

# a kiosk name that would drive the organizer's terminal
p, db = fresh("escape-kiosk-name.db")
add_fact(db, kiosk="\x1b]0;pwned\x07\x1b[2J\u202eevil")
done(db, "escape-kiosk-name.db", "clean")

# the base's first fact under its own uuid, with other content
p, db = fresh("known-uuid-different.db")
u = first_fact(db)[0]
db.execute("UPDATE facts SET attendee_id = attendee_id + 1, "
           "wall_ms = wall_ms + 1 WHERE uuid = ?", (u,))
done(db, "known-uuid-different.db", "after:" + os.path.basename(BASE))

# sound files, each with a check-in of its own: the company a hostile
# file keeps in a list of 12 (SQLite attaches 10 at most)
for i in range(1, 12):
    name = "valid-%02d.db" % i
    p, db = fresh(name)
    add_fact(db, mono=10000 + i)
    done(db, name, "clean")

for name, what in expect:
    print(name, what)
