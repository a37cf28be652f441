/* schema.sql.h: the database schema, version by version. Included only by
 * store.c. Migration N brings user_version N-1 to N; never edit a shipped
 * step, add one. docs/schema.md explains each table. */
#ifndef FAIR_SCHEMA_SQL_H
#define FAIR_SCHEMA_SQL_H

static const char *const schema_steps[] = {
	/* 1: first schema */
	"CREATE TABLE event ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  event_id INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  start_date TEXT NOT NULL,"
	"  end_date TEXT NOT NULL,"
	"  utc_offset_min INTEGER NOT NULL DEFAULT 540);"
	"CREATE TABLE keys ("
	"  id INTEGER PRIMARY KEY,"
	"  public BLOB NOT NULL UNIQUE,"
	"  secret BLOB,"           /* NULL on kiosks that only verify */
	"  created_ms INTEGER NOT NULL);"
	"CREATE TABLE companies ("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  industry TEXT NOT NULL DEFAULT '',"
	"  booth TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE places ("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('entrance','booth','session')),"
	"  name TEXT NOT NULL,"
	"  company_id INTEGER,"
	"  room TEXT NOT NULL DEFAULT '',"
	"  starts_ms INTEGER NOT NULL DEFAULT 0,"
	"  ends_ms INTEGER NOT NULL DEFAULT 0,"
	"  capacity INTEGER NOT NULL DEFAULT 0,"
	"  exit_tracking INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE attendees ("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT UNIQUE,"    /* NULL for walk-ins */
	"  name TEXT NOT NULL,"
	"  kana TEXT NOT NULL DEFAULT '',"
	"  school TEXT NOT NULL DEFAULT '',"
	"  faculty TEXT NOT NULL DEFAULT '',"
	"  grade TEXT NOT NULL DEFAULT '',"
	"  email TEXT NOT NULL DEFAULT '',"
	"  phone TEXT NOT NULL DEFAULT '',"
	"  consent INTEGER NOT NULL DEFAULT 0,"
	"  consent_version TEXT NOT NULL DEFAULT '',"
	"  role INTEGER NOT NULL DEFAULT 0,"
	"  serial INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX attendees_kana ON attendees(kana);"
	"CREATE TABLE revocations ("
	"  attendee_id INTEGER NOT NULL,"
	"  serial INTEGER NOT NULL,"
	"  PRIMARY KEY (attendee_id, serial)) WITHOUT ROWID;"
	"CREATE TABLE facts ("
	"  uuid BLOB PRIMARY KEY CHECK (length(uuid) = 16),"
	"  kind TEXT NOT NULL CHECK (kind IN ('checkin','void','register')),"
	"  kiosk TEXT NOT NULL,"
	"  place_id INTEGER NOT NULL DEFAULT 0,"
	"  attendee_id INTEGER NOT NULL DEFAULT 0,"
	"  serial INTEGER NOT NULL DEFAULT 0,"
	"  direction INTEGER NOT NULL DEFAULT 1,"
	"  source TEXT NOT NULL DEFAULT '',"
	"  wall_ms INTEGER NOT NULL,"
	"  boot_id TEXT NOT NULL DEFAULT '',"
	"  mono_ms INTEGER NOT NULL DEFAULT 0,"
	"  voids BLOB,"
	"  flags INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE INDEX facts_attendee ON facts(attendee_id, place_id, wall_ms);"
	"CREATE INDEX facts_voids ON facts(voids) WHERE voids IS NOT NULL;",

	/* 2: tours and feedback. Places gain the kind 'visit' (a company
	 * hosting tour visits on one day); facts gain the kinds 'feedback'
	 * (a student's rating of a place), 'lead' (company staff's note on a
	 * visitor) and 'assign' (a planned tour visit), with their payload in
	 * rating, tags and note. Both tables become STRICT, so a wrong type is
	 * refused by the database itself. Event settings, school readings,
	 * the kiosk bundles packed and the record of every handover of personal
	 * data get tables of their own. */
	"CREATE TABLE places2 ("
	"  id INTEGER PRIMARY KEY,"
	"  ext_id TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL"
	"    CHECK (kind IN ('entrance','booth','session','visit')),"
	"  name TEXT NOT NULL,"
	"  company_id INTEGER,"
	"  room TEXT NOT NULL DEFAULT '',"
	"  starts_ms INTEGER NOT NULL DEFAULT 0,"
	"  ends_ms INTEGER NOT NULL DEFAULT 0,"
	"  capacity INTEGER NOT NULL DEFAULT 0,"
	"  exit_tracking INTEGER NOT NULL DEFAULT 0) STRICT;"
	"INSERT INTO places2 SELECT * FROM places;"
	"DROP TABLE places;"
	"ALTER TABLE places2 RENAME TO places;"
	"CREATE TABLE facts2 ("
	"  uuid BLOB PRIMARY KEY CHECK (length(uuid) = 16),"
	"  kind TEXT NOT NULL CHECK (kind IN ('checkin','void','register',"
	"    'feedback','lead','assign')),"
	"  kiosk TEXT NOT NULL,"
	"  place_id INTEGER NOT NULL DEFAULT 0,"
	"  attendee_id INTEGER NOT NULL DEFAULT 0,"
	"  serial INTEGER NOT NULL DEFAULT 0,"
	"  direction INTEGER NOT NULL DEFAULT 1,"
	"  source TEXT NOT NULL DEFAULT '',"
	"  wall_ms INTEGER NOT NULL,"
	"  boot_id TEXT NOT NULL DEFAULT '',"
	"  mono_ms INTEGER NOT NULL DEFAULT 0,"
	"  voids BLOB,"
	"  flags INTEGER NOT NULL DEFAULT 0,"
	"  rating INTEGER NOT NULL DEFAULT 0,"  /* feedback 1-5, lead 1-4 */
	"  tags TEXT NOT NULL DEFAULT '',"      /* tag ids, '|'-separated */
	"  note TEXT NOT NULL DEFAULT '') STRICT, WITHOUT ROWID;"
	"INSERT INTO facts2(uuid, kind, kiosk, place_id, attendee_id, serial,"
	"  direction, source, wall_ms, boot_id, mono_ms, voids, flags)"
	"  SELECT uuid, kind, kiosk, place_id, attendee_id, serial, direction,"
	"  source, wall_ms, boot_id, mono_ms, voids, flags FROM facts;"
	"DROP TABLE facts;"
	"ALTER TABLE facts2 RENAME TO facts;"
	"CREATE INDEX facts_attendee ON facts(attendee_id, place_id, wall_ms);"
	"CREATE INDEX facts_voids ON facts(voids) WHERE voids IS NOT NULL;"
	/* key-value event settings: feedback tags, stamp rally, organizer */
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL) STRICT;"
	/* a reading (katakana) per school, for the kiosk's school picker */
	"CREATE TABLE schools ("
	"  name TEXT PRIMARY KEY,"
	"  reading TEXT NOT NULL DEFAULT '') STRICT;"
	/* every kiosk bundle packed from this event database */
	"CREATE TABLE packs ("
	"  kiosk TEXT NOT NULL,"
	"  role TEXT NOT NULL,"
	"  place_id INTEGER NOT NULL DEFAULT 0,"
	"  packed_ms INTEGER NOT NULL,"
	"  path TEXT NOT NULL DEFAULT '') STRICT;"
	/* APPI art. 29: each handover of personal data to a company */
	"CREATE TABLE provisions ("
	"  id INTEGER PRIMARY KEY,"
	"  made_ms INTEGER NOT NULL,"
	"  recipient TEXT NOT NULL,"           /* company ext_id */
	"  attendees TEXT NOT NULL,"           /* attendee ids, ',' separated */
	"  items TEXT NOT NULL,"               /* columns handed over */
	"  basis TEXT NOT NULL,"               /* consent and its version */
	"  operator TEXT NOT NULL DEFAULT '',"
	"  command TEXT NOT NULL DEFAULT '') STRICT;",

	/* 3: what funders ask about (issue 26): a student's prefecture (of
	 * residence or home town) and kind of school, a company's head count
	 * and town. Tables of their own rather than new columns: rosters
	 * and kiosk bundles copy companies and attendees with SELECT * and
	 * positional INSERTs, and kiosks need none of this. fair/roster.h
	 * reads and writes them. */
	"CREATE TABLE attendee_profile ("
	"  attendee_id INTEGER PRIMARY KEY,"
	"  prefecture TEXT NOT NULL DEFAULT '',"
	"  school_type TEXT NOT NULL DEFAULT '') STRICT;"
	"CREATE TABLE company_profile ("
	"  company_id INTEGER PRIMARY KEY,"
	"  employees ANY,"          /* a number; text kept as given; NULL */
	"  city TEXT NOT NULL DEFAULT '') STRICT;"
	/* Facts gain the kind 'consent': a student's consent to one company
	 * (place_id: its booth), given at the booth (direction 1) or
	 * withdrawn (-1), note holding the consent text's version. */
	"CREATE TABLE facts3 ("
	"  uuid BLOB PRIMARY KEY CHECK (length(uuid) = 16),"
	"  kind TEXT NOT NULL CHECK (kind IN ('checkin','void','register',"
	"    'feedback','lead','assign','consent')),"
	"  kiosk TEXT NOT NULL,"
	"  place_id INTEGER NOT NULL DEFAULT 0,"
	"  attendee_id INTEGER NOT NULL DEFAULT 0,"
	"  serial INTEGER NOT NULL DEFAULT 0,"
	"  direction INTEGER NOT NULL DEFAULT 1,"
	"  source TEXT NOT NULL DEFAULT '',"
	"  wall_ms INTEGER NOT NULL,"
	"  boot_id TEXT NOT NULL DEFAULT '',"
	"  mono_ms INTEGER NOT NULL DEFAULT 0,"
	"  voids BLOB,"
	"  flags INTEGER NOT NULL DEFAULT 0,"
	"  rating INTEGER NOT NULL DEFAULT 0,"
	"  tags TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '') STRICT, WITHOUT ROWID;"
	"INSERT INTO facts3 SELECT * FROM facts;"
	"DROP TABLE facts;"
	"ALTER TABLE facts3 RENAME TO facts;"
	"CREATE INDEX facts_attendee ON facts(attendee_id, place_id, wall_ms);"
	"CREATE INDEX facts_voids ON facts(voids) WHERE voids IS NOT NULL;",

	/* 4: the seed's other programs (issue 27). The event gains its kind
	 * (a fair or a joint employee training); employees (attendees of
	 * role 2) their company, department and title; roll-call groups and
	 * their members. Facts gain the kinds 'departure' (a group's
	 * roll-call: tags the group, note who was present and missing) and
	 * 'survey' (a before-and-after answer), so the table is rebuilt;
	 * step 3's 'consent' stays allowed. */
	"ALTER TABLE event ADD COLUMN kind TEXT NOT NULL DEFAULT 'fair'"
	"  CHECK (kind IN ('fair','training'));"
	"CREATE TABLE employees ("
	"  attendee_id INTEGER PRIMARY KEY,"
	"  company_id INTEGER NOT NULL,"
	"  department TEXT NOT NULL DEFAULT '',"
	"  title TEXT NOT NULL DEFAULT '') STRICT;"
	"CREATE TABLE groups ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE) STRICT;"
	"CREATE TABLE group_members ("
	"  group_id INTEGER NOT NULL,"
	"  attendee_id INTEGER NOT NULL,"
	"  PRIMARY KEY (group_id, attendee_id)) STRICT, WITHOUT ROWID;"
	"CREATE TABLE facts4 ("
	"  uuid BLOB PRIMARY KEY CHECK (length(uuid) = 16),"
	"  kind TEXT NOT NULL CHECK (kind IN ('checkin','void','register',"
	"    'feedback','lead','assign','consent','departure','survey')),"
	"  kiosk TEXT NOT NULL,"
	"  place_id INTEGER NOT NULL DEFAULT 0,"
	"  attendee_id INTEGER NOT NULL DEFAULT 0,"
	"  serial INTEGER NOT NULL DEFAULT 0,"
	"  direction INTEGER NOT NULL DEFAULT 1,"
	"  source TEXT NOT NULL DEFAULT '',"
	"  wall_ms INTEGER NOT NULL,"
	"  boot_id TEXT NOT NULL DEFAULT '',"
	"  mono_ms INTEGER NOT NULL DEFAULT 0,"
	"  voids BLOB,"
	"  flags INTEGER NOT NULL DEFAULT 0,"
	"  rating INTEGER NOT NULL DEFAULT 0,"
	"  tags TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '') STRICT, WITHOUT ROWID;"
	"INSERT INTO facts4 SELECT * FROM facts;"
	"DROP TABLE facts;"
	"ALTER TABLE facts4 RENAME TO facts;"
	"CREATE INDEX facts_attendee ON facts(attendee_id, place_id, wall_ms);"
	"CREATE INDEX facts_voids ON facts(voids) WHERE voids IS NOT NULL;",
};

#define SCHEMA_STEPS ((int)(sizeof(schema_steps) / sizeof(schema_steps[0])))

#endif
