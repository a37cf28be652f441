/* central_sync.c: a kiosk's live link to the central server (central.h):
 * its facts up, revocations and the stamp rally's counts down. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "central_int.h"

struct central_sync {
	char url[1024];
	uint32_t event_id;
	PGconn *pg;          /* NULL until connected, and after a failure */
	char kiosk[64];      /* the login's kiosk name, as the server says */
	bool scoped;         /* the server named it (schema 4 and later) */
	sqlite3 *db;         /* the kiosk's database + the side file as s */
	uint8_t batch[CENTRAL_SYNC_BATCH][16]; /* UUIDs of the round's facts */
};

struct central_sync *central_sync_open(const char *url, const char *kiosk_db,
				       uint32_t event_id,
				       struct fair_err *err)
{
	struct central_sync *s = calloc(1, sizeof(*s));
	char side[4096];
	sqlite3_stmt *q = NULL;
	int rc;

	if (!s) {
		fair_fail(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	snprintf(s->url, sizeof(s->url), "%s", url);
	s->event_id = event_id;
	snprintf(side, sizeof(side), "%s-sync", kiosk_db);
	/* CREATE is for the side file ATTACH makes; the kiosk's own file
	 * must already be there. */
	rc = access(kiosk_db, W_OK) ? SQLITE_CANTOPEN :
	     sqlite3_open_v2(kiosk_db, &s->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		/* never make a check-in wait: a busy kiosk wins, we retry */
		sqlite3_busy_timeout(s->db, 20);
		rc = sqlite3_prepare_v2(s->db, "ATTACH ?1 AS s", -1, &q, NULL);
	}
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, side, -1, SQLITE_STATIC);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(s->db, "CREATE TABLE IF NOT EXISTS s.sent "
				  "(uuid BLOB PRIMARY KEY) WITHOUT ROWID;"
				  "CREATE TABLE IF NOT EXISTS s.refused "
				  "(uuid BLOB PRIMARY KEY, why TEXT NOT NULL) "
				  "WITHOUT ROWID", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fair_fail(err, FAIR_EIO, "live sync: '%s': %s", side,
			  s->db ? sqlite3_errmsg(s->db) : "no memory");
		central_sync_close(s);
		return NULL;
	}
	return s;
}

void central_sync_close(struct central_sync *s)
{
	if (!s)
		return;
	PQfinish(s->pg);
	sqlite3_close(s->db);
	free(s);
}

/* A login granted for another name than the kiosk's own (its facts
 * would never be sent, and nothing would say so): the kiosk's facts,
 * other than the organizer's plan a visit kiosk carries, must bear the
 * login's kiosk name. */
static int name_matches(struct central_sync *s, const char *login,
			struct fair_err *err)
{
	sqlite3_stmt *q = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT kiosk FROM main.facts WHERE "
			       "kind <> 'assign' AND kiosk <> ?1 LIMIT 1", -1,
			       &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "live sync: %s",
				 sqlite3_errmsg(s->db));
	sqlite3_bind_text(q, 1, s->kiosk, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		rc = fair_fail(err, FAIR_EIO, "live sync: login '%s' belongs to "
			       "kiosk '%s', but this kiosk records as '%.63s'; "
			       "grant a login for that name", login, s->kiosk,
			       (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return rc;
}

/* The login's event and kiosk name as the server knows them (schema 4):
 * only facts of that name are this kiosk's to send (a visit kiosk's file
 * also holds the organizer's plan). A login of another event is a setup
 * mistake, told and retried; an older server names no kiosk. */
static int sync_whoami(struct central_sync *s, struct fair_err *err)
{
	PGresult *r = PQexec(s->pg, "SELECT event_id, kiosk FROM fk_login()");
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	unsigned long ev;
	int rc = 0;

	s->scoped = false;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		struct central c = { s->pg };

		if (!state || strcmp(state, "42883")) /* undefined_function */
			rc = central_pg_fail(&c, err, "live sync: the central "
					     "database refused this login");
	} else if (PQntuples(r) != 1) {
		rc = fair_fail(err, FAIR_EIO, "live sync: login '%s' is no "
			       "kiosk login of an event; make one with "
			       "'fairsync central grant --db'", PQuser(s->pg));
	} else if ((ev = strtoul(PQgetvalue(r, 0, 0), NULL, 10)) !=
		   s->event_id) {
		rc = fair_fail(err, FAIR_EIO, "live sync: login '%s' belongs "
			       "to event %lu, this kiosk to event %u",
			       PQuser(s->pg), ev, (unsigned)s->event_id);
	} else {
		snprintf(s->kiosk, sizeof(s->kiosk), "%s",
			 PQgetvalue(r, 0, 1));
		rc = name_matches(s, PQuser(s->pg), err);
		s->scoped = rc == 0;
	}
	PQclear(r);
	if (rc) {
		PQfinish(s->pg);
		s->pg = NULL;
	}
	return rc;
}

/* Short timeouts: a venue network that drops must not hang the thread. */
static int sync_connect(struct central_sync *s, struct fair_err *err)
{
	const char *keys[] = { "dbname", "connect_timeout", "tcp_user_timeout",
			       "options", "application_name", NULL };
	const char *vals[] = { s->url, "3", "5000",
			       "-c statement_timeout=10000", "fairkiosk",
			       NULL };

	if (s->pg && PQstatus(s->pg) == CONNECTION_OK)
		return 0;
	PQfinish(s->pg);
	s->pg = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(s->pg) != CONNECTION_OK) {
		struct central c = { s->pg };

		central_pg_fail(&c, err, "central database unreachable");
		PQfinish(s->pg);
		s->pg = NULL;
		return FAIR_EIO;
	}
	return sync_whoami(s, err);
}

static int sync_drop(struct central_sync *s, struct fair_err *err,
		     const char *what)
{
	struct central c = { s->pg };

	central_pg_fail(&c, err, what);
	PQfinish(s->pg);
	s->pg = NULL;
	return FAIR_EIO;
}

#define SYNC_COLS "uuid, event_id, kind, kiosk, place_id, attendee_id, " \
	"serial, direction, source, wall_ms, boot_id, mono_ms, voids, flags, " \
	"rating, tags, note"

/* One fact, its columns as PostgreSQL parameters: text (SQLite renders
 * integers as their digits), uuid and voids as binary. 0 when sent; 1
 * when the server refused the fact itself (its time, its values: SQLSTATE
 * classes 22 and 23), with the reason in why; -1 for anything else (the
 * link, the login), which the next round retries. */
static int send_fact(struct central_sync *s, sqlite3_stmt *q, char *why,
		     size_t cap)
{
	const char *v[17], *state, *msg;
	int len[17] = { 0 }, fmt[17] = { 0 };
	char event[16];
	PGresult *r;
	int rc = 0;

	snprintf(event, sizeof(event), "%u", (unsigned)s->event_id);
	for (int i = 2; i < 17; i++)
		v[i] = (const char *)sqlite3_column_text(q, i - 1);
	v[0] = sqlite3_column_blob(q, 0);
	len[0] = sqlite3_column_bytes(q, 0);
	fmt[0] = 1;
	v[1] = event;
	v[12] = sqlite3_column_blob(q, 11); /* NULL stays NULL */
	len[12] = sqlite3_column_bytes(q, 11);
	fmt[12] = 1;
	r = PQexecParams(s->pg, "INSERT INTO facts (" SYNC_COLS ") VALUES ($1, "
			 "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
			 "$14, $15, $16, $17) ON CONFLICT (uuid) DO NOTHING",
			 17, NULL, v, len, fmt, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
		/* data exceptions and integrity violations are the fact's
		 * own: sent again, they would stop every later one */
		rc = state && (!strncmp(state, "22", 2) ||
			       !strncmp(state, "23", 2)) ? 1 : -1;
		snprintf(why, cap, "%s", msg ? msg : "refused");
	}
	PQclear(r);
	return rc;
}

static int pg_simple(struct central_sync *s, const char *sql)
{
	PGresult *r = PQexec(s->pg, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	PQclear(r);
	return ok ? 0 : -1;
}

/* Marks the UUIDs the server committed as sent, in the side file. */
static int mark_sent(struct central_sync *s, const uint8_t (*uuid)[16],
		     int n, struct fair_err *err)
{
	sqlite3_stmt *mark = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO s.sent VALUES "
			       "(?1)", -1, &mark, NULL) ||
	    sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL))
		rc = fair_fail(err, FAIR_EIO, "live sync: %s",
			       sqlite3_errmsg(s->db));
	for (int i = 0; !rc && i < n; i++) {
		sqlite3_bind_blob(mark, 1, uuid[i], 16, SQLITE_STATIC);
		if (sqlite3_step(mark) != SQLITE_DONE)
			rc = fair_fail(err, FAIR_EIO, "live sync: %s",
				       sqlite3_errmsg(s->db));
		sqlite3_reset(mark);
	}
	if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL))
		rc = fair_fail(err, FAIR_EIO, "live sync: %s",
			       sqlite3_errmsg(s->db));
	if (rc)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(mark);
	return rc;
}

/* Keeps a fact the server refused for good out of later rounds; it
 * stays in the kiosk's file, for merge. */
static int mark_refused(struct central_sync *s, const uint8_t uuid[16],
			const char *why, struct fair_err *err)
{
	sqlite3_stmt *q = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO s.refused "
			       "VALUES (?1, ?2)", -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "live sync: %s",
				 sqlite3_errmsg(s->db));
	sqlite3_bind_blob(q, 1, uuid, 16, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, why, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = fair_fail(err, FAIR_EIO, "live sync: %s",
			       sqlite3_errmsg(s->db));
	sqlite3_finalize(q);
	return rc;
}

/* This kiosk's facts not yet on the server (nor refused by it). ?1 the
 * kiosk's name, NULL when the server named none. */
#define UNSENT "FROM main.facts WHERE uuid NOT IN (SELECT uuid FROM " \
	"s.sent) AND uuid NOT IN (SELECT uuid FROM s.refused) AND " \
	"(?1 IS NULL OR kiosk = ?1)"

/* Sends up to a batch of facts in one server transaction, then marks
 * exactly those sent (a check-in stored meanwhile waits for the next
 * round). Unmarked facts are sent again; the server ignores a UUID it
 * holds, so nothing doubles. A fact the server refuses for good rolls
 * the round back and is marked refused; the next round sends the rest. */
static int sync_send(struct central_sync *s, struct central_sync_state *out,
		     struct fair_err *err)
{
	uint8_t (*uuid)[16] = s->batch;
	sqlite3_stmt *q = NULL;
	int rc = 0, n = 0, res = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT uuid, kind, kiosk, place_id, "
			       "attendee_id, serial, direction, source, "
			       "wall_ms, boot_id, mono_ms, voids, flags, "
			       "rating, tags, note " UNSENT " LIMIT ?2",
			       -1, &q, NULL) != SQLITE_OK)
		return fair_fail(err, FAIR_EIO, "live sync: %s",
				 sqlite3_errmsg(s->db));
	if (s->scoped)
		sqlite3_bind_text(q, 1, s->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, CENTRAL_SYNC_BATCH);
	if (pg_simple(s, "BEGIN"))
		rc = sync_drop(s, err, "central database unreachable");
	while (!rc && !res && n < CENTRAL_SYNC_BATCH &&
	       sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 0) != 16)
			continue; /* not a fact of ours; merge will say so */
		memcpy(uuid[n++], sqlite3_column_blob(q, 0), 16);
		res = send_fact(s, q, out->why, sizeof(out->why));
		if (res < 0)
			rc = sync_drop(s, err, "the central database refused "
				       "a check-in");
	}
	sqlite3_finalize(q);
	if (!rc && res > 0) {
		if (pg_simple(s, "ROLLBACK"))
			rc = sync_drop(s, err, "central database unreachable");
		if (!rc)
			rc = mark_refused(s, uuid[n - 1], out->why, err);
		if (!rc)
			out->refused = 1;
		return rc;
	}
	if (!rc && pg_simple(s, n ? "COMMIT" : "ROLLBACK"))
		rc = sync_drop(s, err, "central commit failed");
	if (!rc && n)
		rc = mark_sent(s, (const uint8_t (*)[16])uuid, n, err);
	if (!rc)
		out->sent = n;
	return rc;
}

int central_sync_rally(struct central_sync *s, const char *kinds,
		       void (*each)(uint32_t attendee, int stamps, void *ctx),
		       void *ctx, struct fair_err *err)
{
	char event[16];
	const char *v[2] = { event, kinds };
	PGresult *r;

	if (sync_connect(s, err))
		return FAIR_EIO;
	snprintf(event, sizeof(event), "%u", (unsigned)s->event_id);
	r = PQexecParams(s->pg, "SELECT attendee_id, stamps FROM "
			 "fk_rally_stamps($1, $2)", 2, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		struct central c = { s->pg };

		PQclear(r);
		if (PQstatus(s->pg) != CONNECTION_OK)
			return sync_drop(s, err, "central database "
					 "unreachable");
		/* an older server (schema 1) keeps its link for facts */
		return central_pg_fail(&c, err, "the central database cannot count "
			       "the stamp rally");
	}
	for (int i = 0; i < PQntuples(r); i++)
		each((uint32_t)strtoul(PQgetvalue(r, i, 0), NULL, 10),
		     (int)strtol(PQgetvalue(r, i, 1), NULL, 10), ctx);
	PQclear(r);
	return 0;
}

/* Revocations and badge serials from the server into the kiosk's own
 * tables (the only writes this link makes there; short, and skipped when
 * the kiosk is busy). */
static int sync_revocations(struct central_sync *s, long *added,
			    struct fair_err *err)
{
	char id[16];
	const char *v[1] = { id };
	sqlite3_stmt *ins = NULL, *bump = NULL;
	PGresult *r;
	int rc = 0;

	*added = 0;
	snprintf(id, sizeof(id), "%u", (unsigned)s->event_id);
	r = PQexecParams(s->pg, "SELECT attendee_id, serial FROM revocations "
			 "WHERE event_id = $1", 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		return sync_drop(s, err, "cannot read revocations");
	}
	if (PQntuples(r) == 0 ||
	    sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO main.revocations "
			       "VALUES (?1, ?2)", -1, &ins, NULL) ||
	    sqlite3_prepare_v2(s->db, "UPDATE main.attendees SET serial = ?2 "
			       "WHERE id = ?1 AND serial <= ?2", -1, &bump,
			       NULL) ||
	    sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
		goto out;
	for (int i = 0; i < PQntuples(r); i++) {
		long long a = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		long long n = strtoll(PQgetvalue(r, i, 1), NULL, 10);

		sqlite3_bind_int64(ins, 1, a);
		sqlite3_bind_int64(ins, 2, n);
		if (sqlite3_step(ins) == SQLITE_DONE)
			*added += sqlite3_changes(s->db);
		sqlite3_reset(ins);
		/* the revoked serial's successor is the badge now valid */
		sqlite3_bind_int64(bump, 1, a);
		sqlite3_bind_int64(bump, 2, n + 1);
		sqlite3_step(bump);
		sqlite3_reset(bump);
	}
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		*added = 0;
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(bump);
	PQclear(r);
	return rc;
}

int central_sync_step(struct central_sync *s, struct central_sync_state *out,
		      struct fair_err *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sync_connect(s, err);
	if (!rc)
		rc = sync_send(s, out, err);
	if (!rc)
		rc = sync_revocations(s, &out->revoked, err);
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) " UNSENT, -1, &q,
			       NULL) == SQLITE_OK &&
	    (!s->scoped || sqlite3_bind_text(q, 1, s->kiosk, -1,
					     SQLITE_STATIC) == SQLITE_OK) &&
	    sqlite3_step(q) == SQLITE_ROW)
		out->waiting = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc;
}
