/* central_schema.c: the central server's schema, one step per version, and
 * `central init`, which creates it or migrates an older one (central.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/merge.h"
#include "fair/store.h"
#include "fair/types.h"
#include "central_int.h"

/* What merge_scan.c refuses in a kiosk file, as CHECK constraints on the
 * server's facts (step 4): a row the server holds always fits a kiosk
 * file, so `pull` cannot fail on one. The figures are merge's. */
#define CK_KIND "kind IN ('checkin', 'void', 'register', 'feedback', " \
	"'lead', 'assign')"
/* step 5: a student's consent to one company (fair/consent.h) */
#define CK_KIND5 "kind IN ('checkin', 'void', 'register', 'feedback', " \
	"'lead', 'assign', 'consent')"
#define CK_CONSENT "kind <> 'consent' OR (attendee_id > 0 AND place_id > " \
	"0 AND octet_length(note) BETWEEN 1 AND 31)"
/* step 6: a group's roll-call at departure and survey answers (issue 27) */
#define CK_KIND6 "kind IN ('checkin', 'void', 'register', 'feedback', " \
	"'lead', 'assign', 'consent', 'departure', 'survey')"
#define CK_DIRECTION "direction IN (-1, 1)"
#define CK_NUMBERS "place_id BETWEEN 0 AND 4294967295 AND attendee_id " \
	"BETWEEN 0 AND 4294967295 AND serial BETWEEN 0 AND 65535 AND flags " \
	"BETWEEN 0 AND 65535 AND rating BETWEEN 0 AND 5"
#define CK_TIMES "wall_ms BETWEEN 0 AND 253402214399999 AND mono_ms " \
	"BETWEEN 0 AND 3153600000000"
#define CK_TEXTS "octet_length(kind) <= 16 AND octet_length(kiosk) <= 63 " \
	"AND octet_length(source) <= 31 AND octet_length(boot_id) <= 39 AND " \
	"octet_length(tags) <= 255"
#define CK_NOTE "octet_length(note) <= 1023"
#define CK_VOIDS "(kind = 'void') = (voids IS NOT NULL) AND " \
	"coalesce(octet_length(voids), 16) = 16"

_Static_assert(FAIR_TIME_MIN_MS == 0 && FAIR_TIME_MAX_MS ==
	       253402214399999LL && MERGE_MONO_MAX_MS == 3153600000000LL &&
	       FACT_NOTE_MAX == 1024 && FACT_TAGS_MAX == 256,
	       "CK_TIMES, CK_NOTE and CK_TEXTS repeat merge's limits");

/* Version N of the server's schema is steps[N-1]; never edit a shipped
 * step, add one. fk_kiosk is the group every kiosk's login role joins. */
static const char *const steps[] = {
	"CREATE TABLE events (event_id bigint PRIMARY KEY, name text NOT NULL,"
	" start_date text NOT NULL, end_date text NOT NULL,"
	" utc_offset_min integer NOT NULL);"
	"CREATE TABLE keys (event_id bigint NOT NULL REFERENCES events,"
	" public bytea NOT NULL, secret bytea, created_ms bigint NOT NULL,"
	" PRIMARY KEY (event_id, public));"
	"CREATE TABLE companies (event_id bigint NOT NULL REFERENCES events,"
	" id bigint NOT NULL, ext_id text NOT NULL, name text NOT NULL,"
	" industry text NOT NULL, booth text NOT NULL,"
	" PRIMARY KEY (event_id, id), UNIQUE (event_id, ext_id));"
	"CREATE TABLE places (event_id bigint NOT NULL REFERENCES events,"
	" id bigint NOT NULL, ext_id text NOT NULL, kind text NOT NULL,"
	" name text NOT NULL, company_id bigint, room text NOT NULL,"
	" starts_ms bigint NOT NULL, ends_ms bigint NOT NULL,"
	" capacity integer NOT NULL, exit_tracking integer NOT NULL,"
	" PRIMARY KEY (event_id, id), UNIQUE (event_id, ext_id));"
	"CREATE TABLE attendees (event_id bigint NOT NULL REFERENCES events,"
	" id bigint NOT NULL, ext_id text, name text NOT NULL,"
	" kana text NOT NULL, school text NOT NULL, faculty text NOT NULL,"
	" grade text NOT NULL, email text NOT NULL, phone text NOT NULL,"
	" consent integer NOT NULL, consent_version text NOT NULL,"
	" role integer NOT NULL, serial integer NOT NULL,"
	" PRIMARY KEY (event_id, id), UNIQUE (event_id, ext_id));"
	"CREATE TABLE revocations (event_id bigint NOT NULL REFERENCES events,"
	" attendee_id bigint NOT NULL, serial integer NOT NULL,"
	" PRIMARY KEY (event_id, attendee_id, serial));"
	"CREATE TABLE facts (uuid bytea PRIMARY KEY"
	" CHECK (octet_length(uuid) = 16),"
	" event_id bigint NOT NULL REFERENCES events, kind text NOT NULL,"
	" kiosk text NOT NULL, place_id bigint NOT NULL,"
	" attendee_id bigint NOT NULL, serial integer NOT NULL,"
	" direction integer NOT NULL, source text NOT NULL,"
	" wall_ms bigint NOT NULL, boot_id text NOT NULL,"
	" mono_ms bigint NOT NULL, voids bytea, flags integer NOT NULL,"
	" rating integer NOT NULL DEFAULT 0, tags text NOT NULL DEFAULT '',"
	" note text NOT NULL DEFAULT '',"
	" received timestamptz NOT NULL DEFAULT now());"
	"CREATE INDEX facts_event ON facts (event_id, wall_ms);"
	"CREATE TABLE provisions (event_id bigint NOT NULL REFERENCES events,"
	" made_ms bigint NOT NULL, recipient text NOT NULL,"
	" attendees text NOT NULL, items text NOT NULL, basis text NOT NULL,"
	" operator text NOT NULL, command text NOT NULL,"
	" PRIMARY KEY (event_id, made_ms, recipient, operator));"
	"DO $$ BEGIN CREATE ROLE fk_kiosk NOLOGIN;"
	" EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
	"GRANT SELECT ON events, places, companies, revocations TO fk_kiosk;"
	"GRANT SELECT (event_id, id, ext_id, name, kana, school, grade, role,"
	" serial) ON attendees TO fk_kiosk;"
	/* ON CONFLICT (uuid) needs to read the key it checks */
	"GRANT INSERT, SELECT (uuid) ON facts TO fk_kiosk;",
	/* 2: the stamp rally counted from every kiosk's scans, for kiosks,
	 * which may not read facts: counts only, no names */
	"CREATE FUNCTION fk_rally_stamps(ev bigint, kinds text)"
	" RETURNS TABLE (attendee_id bigint, stamps bigint)"
	" LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT"
	" AS $$ SELECT f.attendee_id, count(DISTINCT f.place_id)"
	" FROM facts f JOIN places p ON p.event_id = f.event_id AND"
	" p.id = f.place_id WHERE f.event_id = ev AND"
	" f.kind IN ('checkin', 'register') AND f.direction = 1 AND"
	" position(',' || p.kind || ',' IN ',' || kinds || ',') > 0 AND"
	" f.uuid NOT IN (SELECT v.voids FROM facts v WHERE v.event_id = ev"
	" AND v.kind = 'void' AND v.voids IS NOT NULL)"
	" GROUP BY f.attendee_id ORDER BY 1 $$;"
	"REVOKE ALL ON FUNCTION fk_rally_stamps(bigint, text) FROM PUBLIC;"
	"GRANT EXECUTE ON FUNCTION fk_rally_stamps(bigint, text) TO fk_kiosk;",
	/* 3: a foreign key's lookup per row made a push's COPY twice as slow
	 * as the rows alone. The organizer's push and pull write the event
	 * first, in the same transaction; the untrusted writer is a kiosk, so
	 * a kiosk's row must name an event the server holds (row security:
	 * the table's owner is not subject to it, other roles see no change).
	 * Events are never deleted. */
	"ALTER TABLE facts DROP CONSTRAINT IF EXISTS facts_event_id_fkey;"
	"ALTER TABLE facts ENABLE ROW LEVEL SECURITY;"
	"CREATE POLICY facts_as_before ON facts USING (true) WITH CHECK (true);"
	"CREATE POLICY kiosk_event ON facts AS RESTRICTIVE FOR INSERT"
	" TO fk_kiosk WITH CHECK (EXISTS (SELECT 1 FROM events e"
	" WHERE e.event_id = facts.event_id));",
	/* 4: a kiosk's login belongs to one event and one kiosk name
	 * (fk_logins, written by central_grant). Row security on every table
	 * shows a kiosk its own event only, and facts of its own name; what
	 * it inserts is checked by fk_kiosk_fact() (event, name, the event's
	 * days, voids of its own facts only) and, for everyone, by CHECK
	 * constraints holding merge_scan.c's rules, so a row the server took
	 * can always be pulled. Rows already there that break them move to
	 * facts_refused. Logins made before this named no event: they lose
	 * the kiosk group and their login. Kiosks may not create temporary
	 * tables, objects in public or large objects. */
	"CREATE TABLE fk_logins (role name PRIMARY KEY,"
	" event_id bigint NOT NULL REFERENCES events, kiosk text NOT NULL,"
	" granted timestamptz NOT NULL DEFAULT now(),"
	" UNIQUE (event_id, kiosk));"
	"REVOKE ALL ON fk_logins FROM PUBLIC;"
	"CREATE TABLE facts_refused (LIKE facts);"
	"ALTER TABLE facts_refused ADD COLUMN refused timestamptz NOT NULL"
	" DEFAULT now();"
	"REVOKE ALL ON facts_refused FROM PUBLIC;"
	"WITH bad AS (DELETE FROM facts WHERE NOT coalesce(" CK_KIND " AND "
	CK_DIRECTION " AND " CK_NUMBERS " AND " CK_TIMES " AND " CK_TEXTS
	" AND " CK_NOTE " AND " CK_VOIDS ", false) RETURNING *)"
	" INSERT INTO facts_refused SELECT * FROM bad;"
	"ALTER TABLE facts"
	" ADD CONSTRAINT fact_kind CHECK (" CK_KIND "),"
	" ADD CONSTRAINT fact_direction CHECK (" CK_DIRECTION "),"
	" ADD CONSTRAINT fact_numbers CHECK (" CK_NUMBERS "),"
	" ADD CONSTRAINT fact_times CHECK (" CK_TIMES "),"
	" ADD CONSTRAINT fact_text_lengths CHECK (" CK_TEXTS "),"
	" ADD CONSTRAINT fact_note_length CHECK (" CK_NOTE "),"
	" ADD CONSTRAINT fact_voids CHECK (" CK_VOIDS ");"
	"CREATE FUNCTION fk_login_event() RETURNS bigint LANGUAGE sql STABLE"
	" SECURITY DEFINER SET search_path FROM CURRENT AS $$"
	" SELECT event_id FROM fk_logins WHERE role = session_user $$;"
	"CREATE FUNCTION fk_login() RETURNS TABLE (event_id bigint, kiosk text)"
	" LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT"
	" AS $$ SELECT l.event_id, l.kiosk FROM fk_logins l"
	" WHERE l.role = session_user $$;"
	/* identity refusals are insufficient_privilege (the link's setup is
	 * wrong: retried); a fact's own are check_violation (that fact stays
	 * in the kiosk's file, for merge) */
	"CREATE FUNCTION fk_kiosk_fact(ev bigint, k text, wall bigint,"
	" v bytea) RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER"
	" SET search_path FROM CURRENT AS $$"
	" DECLARE l fk_logins%ROWTYPE; e events%ROWTYPE; lo bigint; hi bigint;"
	" BEGIN"
	" SELECT * INTO l FROM fk_logins WHERE role = session_user;"
	" IF NOT FOUND THEN RAISE EXCEPTION 'login %: not a kiosk login of"
	" this database; grant it again with --db', session_user"
	" USING ERRCODE = 'insufficient_privilege'; END IF;"
	" IF ev IS DISTINCT FROM l.event_id THEN RAISE EXCEPTION"
	" 'kiosk % (login %): may add facts of event % only, not of %',"
	" l.kiosk, session_user, l.event_id, ev"
	" USING ERRCODE = 'insufficient_privilege'; END IF;"
	" IF k IS DISTINCT FROM l.kiosk THEN RAISE EXCEPTION"
	" 'kiosk % (login %): may add facts under its own name only, not as"
	" %', l.kiosk, session_user, k"
	" USING ERRCODE = 'insufficient_privilege'; END IF;"
	" SELECT * INTO e FROM events WHERE event_id = ev;"
	" lo := (extract(epoch FROM e.start_date::date::timestamp)"
	" - e.utc_offset_min * 60)::bigint * 1000;"
	" hi := (extract(epoch FROM (e.end_date::date + 1)::timestamp)"
	" - e.utc_offset_min * 60)::bigint * 1000;"
	" IF wall IS NULL OR wall < lo OR wall >= hi THEN RAISE EXCEPTION"
	" 'kiosk %: a fact at % ms is outside the days of event % (% to %)',"
	" l.kiosk, wall, ev, e.start_date, e.end_date"
	" USING ERRCODE = 'check_violation'; END IF;"
	" IF v IS NOT NULL AND EXISTS (SELECT 1 FROM facts f WHERE f.uuid = v"
	" AND (f.event_id <> ev OR f.kiosk <> k)) THEN RAISE EXCEPTION"
	" 'kiosk %: may void its own facts only', l.kiosk"
	" USING ERRCODE = 'check_violation'; END IF;"
	" RETURN true; END $$;"
	"REVOKE ALL ON FUNCTION fk_login_event(), fk_login(),"
	" fk_kiosk_fact(bigint, text, bigint, bytea) FROM PUBLIC;"
	"GRANT EXECUTE ON FUNCTION fk_login_event(), fk_login(),"
	" fk_kiosk_fact(bigint, text, bigint, bytea) TO fk_kiosk;"
	"DROP POLICY kiosk_event ON facts;"
	"CREATE POLICY kiosk_insert ON facts AS RESTRICTIVE FOR INSERT"
	" TO fk_kiosk WITH CHECK (fk_kiosk_fact(event_id, kiosk, wall_ms,"
	" voids));"
	"CREATE POLICY kiosk_read ON facts AS RESTRICTIVE FOR SELECT"
	" TO fk_kiosk USING (event_id = (SELECT fk_login_event()) AND"
	" kiosk = (SELECT l.kiosk FROM fk_login() l));"
	"DO $$ DECLARE t text; BEGIN"
	" FOREACH t IN ARRAY ARRAY['events', 'keys', 'companies', 'places',"
	" 'attendees', 'revocations', 'provisions'] LOOP"
	" EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);"
	" EXECUTE format('CREATE POLICY all_rows ON %I USING (true)"
	" WITH CHECK (true)', t);"
	" EXECUTE format('CREATE POLICY kiosk_event ON %I AS RESTRICTIVE"
	" TO fk_kiosk USING (event_id = (SELECT fk_login_event()))"
	" WITH CHECK (false)', t);"
	" END LOOP;"
	" FOREACH t IN ARRAY ARRAY['fk_logins', 'facts_refused',"
	" 'fairkiosk_schema'] LOOP"
	" EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);"
	" EXECUTE format('CREATE POLICY all_rows ON %I USING (true)"
	" WITH CHECK (true)', t);"
	" EXECUTE format('CREATE POLICY no_kiosk ON %I AS RESTRICTIVE"
	" TO fk_kiosk USING (false) WITH CHECK (false)', t);"
	" END LOOP; END $$;"
	/* the rally's counts: of the caller's own event; a void counts only
	 * against its own kiosk's fact, as merge holds a foreign one */
	"CREATE OR REPLACE FUNCTION fk_rally_stamps(ev bigint, kinds text)"
	" RETURNS TABLE (attendee_id bigint, stamps bigint)"
	" LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT"
	" AS $$ BEGIN"
	" IF ev IS DISTINCT FROM fk_login_event() THEN RAISE EXCEPTION"
	" 'login %: may count the stamp rally of its own event only',"
	" session_user USING ERRCODE = 'insufficient_privilege'; END IF;"
	" RETURN QUERY SELECT f.attendee_id, count(DISTINCT f.place_id)"
	" FROM facts f JOIN places p ON p.event_id = f.event_id AND"
	" p.id = f.place_id WHERE f.event_id = ev AND"
	" f.kind IN ('checkin', 'register') AND f.direction = 1 AND"
	" position(',' || p.kind || ',' IN ',' || kinds || ',') > 0 AND"
	" NOT EXISTS (SELECT 1 FROM facts v WHERE v.voids = f.uuid AND"
	" v.event_id = ev AND v.kind = 'void' AND v.kiosk = f.kiosk)"
	" GROUP BY f.attendee_id ORDER BY 1; END $$;"
	"DO $$ DECLARE r text; BEGIN"
	" FOR r IN SELECT m.rolname FROM pg_auth_members a"
	" JOIN pg_roles m ON m.oid = a.member"
	" WHERE a.roleid = 'fk_kiosk'::regrole AND"
	" m.rolname !~ '^fk_k_[0-9]+_' LOOP"
	" EXECUTE format('REVOKE fk_kiosk FROM %I', r);"
	" EXECUTE format('ALTER ROLE %I NOLOGIN', r);"
	" END LOOP;"
	" EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC',"
	" current_database());"
	" EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I',"
	" current_database(), current_user);"
	" IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN"
	" REVOKE EXECUTE ON FUNCTION lo_creat(integer), lo_create(oid),"
	" lo_from_bytea(oid, bytea) FROM PUBLIC; END IF; END $$;"
	"REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
	/* a REVOKE by a role that may not only warns: say so instead */
	"DO $$ BEGIN IF has_database_privilege('fk_kiosk', current_database(),"
	" 'TEMPORARY') OR has_schema_privilege('fk_kiosk', 'public', 'CREATE')"
	" THEN RAISE EXCEPTION 'kiosk logins could still create tables here:"
	" run central init as the database''s owner'; END IF; END $$;",

	/* 5: facts of the kind 'consent' (a student's consent to one
	 * company, issue 26), with merge_scan.c's rule for them */
	"ALTER TABLE facts DROP CONSTRAINT fact_kind,"
	" ADD CONSTRAINT fact_kind CHECK (" CK_KIND5 "),"
	" ADD CONSTRAINT fact_consent CHECK (" CK_CONSENT ");",

	/* 6: the kinds of the seed's other programs (issue 27), as merge
	 * accepts them; consent stays allowed */
	"ALTER TABLE facts DROP CONSTRAINT fact_kind,"
	" ADD CONSTRAINT fact_kind CHECK (" CK_KIND6 ");",

	/* 7: what the newer local features store (local schema 3 and 4):
	 * the event's kind, students' prefecture and school type, companies'
	 * head count and town, employees, roll-call groups and the event's
	 * settings (its prefecture, internship type, survey, tags), so a
	 * pull brings them back and the season's KPI can count them. The
	 * head count is a number or, as the roster gave it, text: two
	 * columns. And the event's window as C's calendar computes it
	 * (caltime.c; push writes it, central_migrate() fills the events
	 * already here): fk_kiosk_fact() compares with it and no longer
	 * does day arithmetic of its own. Kiosks read none of the new
	 * tables. */
	"ALTER TABLE events ADD COLUMN kind text NOT NULL DEFAULT 'fair'"
	" CHECK (kind IN ('fair', 'training')),"
	" ADD COLUMN window_lo_ms bigint, ADD COLUMN window_hi_ms bigint;"
	"CREATE TABLE attendee_profile (event_id bigint NOT NULL"
	" REFERENCES events, attendee_id bigint NOT NULL,"
	" prefecture text NOT NULL, school_type text NOT NULL,"
	" PRIMARY KEY (event_id, attendee_id));"
	"CREATE TABLE company_profile (event_id bigint NOT NULL"
	" REFERENCES events, company_id bigint NOT NULL, employees bigint,"
	" employees_text text, city text NOT NULL,"
	" CHECK (employees IS NULL OR employees_text IS NULL),"
	" PRIMARY KEY (event_id, company_id));"
	"CREATE TABLE employees (event_id bigint NOT NULL REFERENCES events,"
	" attendee_id bigint NOT NULL, company_id bigint NOT NULL,"
	" department text NOT NULL, title text NOT NULL,"
	" PRIMARY KEY (event_id, attendee_id));"
	"CREATE TABLE groups (event_id bigint NOT NULL REFERENCES events,"
	" id bigint NOT NULL, name text NOT NULL, PRIMARY KEY (event_id, id));"
	"CREATE TABLE group_members (event_id bigint NOT NULL"
	" REFERENCES events, group_id bigint NOT NULL,"
	" attendee_id bigint NOT NULL,"
	" PRIMARY KEY (event_id, group_id, attendee_id));"
	"CREATE TABLE settings (event_id bigint NOT NULL REFERENCES events,"
	" key text NOT NULL, value text NOT NULL, PRIMARY KEY (event_id, key));"
	"DO $$ DECLARE t text; BEGIN"
	" FOREACH t IN ARRAY ARRAY['attendee_profile', 'company_profile',"
	" 'employees', 'groups', 'group_members', 'settings'] LOOP"
	" EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', t);"
	" EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);"
	" EXECUTE format('CREATE POLICY all_rows ON %I USING (true)"
	" WITH CHECK (true)', t);"
	" EXECUTE format('CREATE POLICY no_kiosk ON %I AS RESTRICTIVE"
	" TO fk_kiosk USING (false) WITH CHECK (false)', t);"
	" END LOOP; END $$;"
	"CREATE OR REPLACE FUNCTION fk_kiosk_fact(ev bigint, k text,"
	" wall bigint, v bytea) RETURNS boolean LANGUAGE plpgsql STABLE"
	" SECURITY DEFINER SET search_path FROM CURRENT AS $$"
	" DECLARE l fk_logins%ROWTYPE; e events%ROWTYPE;"
	" BEGIN"
	" SELECT * INTO l FROM fk_logins WHERE role = session_user;"
	" IF NOT FOUND THEN RAISE EXCEPTION 'login %: not a kiosk login of"
	" this database; grant it again with --db', session_user"
	" USING ERRCODE = 'insufficient_privilege'; END IF;"
	" IF ev IS DISTINCT FROM l.event_id THEN RAISE EXCEPTION"
	" 'kiosk % (login %): may add facts of event % only, not of %',"
	" l.kiosk, session_user, l.event_id, ev"
	" USING ERRCODE = 'insufficient_privilege'; END IF;"
	" IF k IS DISTINCT FROM l.kiosk THEN RAISE EXCEPTION"
	" 'kiosk % (login %): may add facts under its own name only, not as"
	" %', l.kiosk, session_user, k"
	" USING ERRCODE = 'insufficient_privilege'; END IF;"
	" SELECT * INTO e FROM events WHERE event_id = ev;"
	" IF e.window_lo_ms IS NULL OR e.window_hi_ms IS NULL THEN"
	" RAISE EXCEPTION 'kiosk %: the days of event % are not on the"
	" server; push the event again', l.kiosk, ev"
	" USING ERRCODE = 'check_violation'; END IF;"
	" IF wall IS NULL OR wall < e.window_lo_ms OR wall >= e.window_hi_ms"
	" THEN RAISE EXCEPTION"
	" 'kiosk %: a fact at % ms is outside the days of event % (% to %)',"
	" l.kiosk, wall, ev, e.start_date, e.end_date"
	" USING ERRCODE = 'check_violation'; END IF;"
	" IF v IS NOT NULL AND EXISTS (SELECT 1 FROM facts f WHERE f.uuid = v"
	" AND (f.event_id <> ev OR f.kiosk <> k)) THEN RAISE EXCEPTION"
	" 'kiosk %: may void its own facts only', l.kiosk"
	" USING ERRCODE = 'check_violation'; END IF;"
	" RETURN true; END $$;",
};

#define N_STEPS ((int)(sizeof(steps) / sizeof(steps[0])))
_Static_assert(N_STEPS == CENTRAL_SCHEMA_VERSION,
	       "central.h names the version the steps end at");


/* The schema version on the server; 0 when it has none. */
static int schema_version(struct central *c, int *out, struct fair_err *err)
{
	PGresult *r;

	if (central_pg_exec(c, "CREATE TABLE IF NOT EXISTS fairkiosk_schema "
		    "(version integer NOT NULL);"
		    "LOCK TABLE fairkiosk_schema IN EXCLUSIVE MODE", err))
		return FAIR_EIO;
	r = PQexec(c->pg, "SELECT coalesce(max(version), 0) FROM "
		   "fairkiosk_schema");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return central_pg_fail(c, err, "cannot read the schema version");
	}
	*out = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

int central_init(struct central *c, int *from, struct fair_err *err)
{
	return central_migrate(c, N_STEPS, from, err);
}

int central_migrate(struct central *c, int to, int *from,
		    struct fair_err *err)
{
	char sql[96];
	int v = 0;

	if (to < 1 || to > N_STEPS)
		return fair_fail(err, FAIR_EINVAL, "no central schema version "
				 "%d (1 to %d)", to, N_STEPS);

	if (central_pg_exec(c, "BEGIN", err))
		return FAIR_EIO;
	if (schema_version(c, &v, err))
		goto out_fail;
	*from = v;
	if (v > N_STEPS) {
		central_pg_rollback(c);
		return fair_fail(err, FAIR_ENEWER, "the central schema is "
				 "version %d, newer than this fairsync knows "
				 "(%d); upgrade fairsync", v, N_STEPS);
	}
	if (v > to) {
		central_pg_rollback(c);
		return fair_fail(err, FAIR_EINVAL, "the central schema is "
				 "version %d already; it never goes back to %d",
				 v, to);
	}
	for (; v < to; v++) {
		if (central_pg_exec(c, steps[v], err))
			goto out_fail;
		/* step 7's window bounds, by C's calendar */
		if (v + 1 == 7 && central_fill_windows(c, err))
			goto out_fail;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM fairkiosk_schema; INSERT INTO "
		 "fairkiosk_schema VALUES (%d)", to);
	if (central_pg_exec(c, sql, err) || central_pg_exec(c, "COMMIT", err))
		goto out_fail;
	return 0;
out_fail:
	central_pg_rollback(c);
	return FAIR_EIO;
}

int central_require_schema(struct central *c, struct fair_err *err)
{
	PGresult *r = PQexec(c->pg, "SELECT max(version) FROM "
			     "fairkiosk_schema");
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK &&
		 PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) &&
		 strtol(PQgetvalue(r, 0, 0), NULL, 10) == N_STEPS;

	PQclear(r);
	if (!ok)
		return fair_fail(err, FAIR_ENOTOURS, "the central database "
				 "has no fairkiosk schema of version %d; run "
				 "'fairsync central init' first", N_STEPS);
	return 0;
}