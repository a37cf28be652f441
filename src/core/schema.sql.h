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
};

#define SCHEMA_STEPS ((int)(sizeof(schema_steps) / sizeof(schema_steps[0])))

#endif
