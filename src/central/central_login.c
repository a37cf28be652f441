/* central_login.c: kiosk logins on the central server (central.h): one
 * PostgreSQL role per kiosk of an event, noted in fk_logins, which the
 * server's row security and fk_kiosk_fact() read (central_schema.c, step
 * 4). Grants take fk_logins' lock, so two at once cannot both take a
 * role. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "central_int.h"

#define ROLE_MAX 63       /* PostgreSQL's NAMEDATALEN - 1 */
#define KIOSK_NAME_MAX 63 /* bytes of a fact's kiosk, as merge allows */

/* fk_k_EVENT_NAME: lowercase letters and digits kept, anything else '_',
 * cut at 63 bytes. Names that map alike are told apart by fk_logins. */
static void role_name(const char *kiosk, uint32_t event_id,
		      char out[ROLE_MAX + 1])
{
	int n = snprintf(out, ROLE_MAX + 1, "fk_k_%u_", (unsigned)event_id);

	for (const char *p = kiosk; *p && n < ROLE_MAX; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char)(ch + 'a' - 'A');
		else if (!(ch >= 'a' && ch <= 'z') && !(ch >= '0' && ch <= '9'))
			ch = '_';
		out[n++] = (char)ch;
	}
	out[n] = '\0';
}

/* 1 to KIOSK_NAME_MAX bytes, none a control character. */
static bool kiosk_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > KIOSK_NAME_MAX)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Runs sql with text parameters; NULL with err when it fails. */
static PGresult *query(struct central *c, const char *sql, int n,
		       const char *const *v, struct fair_err *err)
{
	PGresult *r = PQexecParams(c->pg, sql, n, NULL, v, NULL, NULL, 0);
	int st = PQresultStatus(r);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return r;
	PQclear(r);
	central_pg_fail(c, err, "the central database refused");
	return NULL;
}

static int grant_url(struct central *c, const char *role, const char *pass,
		     char *url, size_t cap)
{
	const char *host = PQhost(c->pg), *port = PQport(c->pg);

	if (host && host[0] == '/')
		snprintf(url, cap, "postgresql://%s:%s@/%s?host=%s&port=%s",
			 role, pass, PQdb(c->pg), host, port);
	else
		snprintf(url, cap, "postgresql://%s:%s@%s:%s/%s", role, pass,
			 host && host[0] ? host : "localhost", port,
			 PQdb(c->pg));
	return 0;
}

/* Creates the role, or sets its new password, with pass hashed here so
 * the clear password never reaches the server's logs. */
static int set_role(struct central *c, const char *role, const char *pass,
		    bool create, struct fair_err *err)
{
	char *hash = PQencryptPasswordConn(c->pg, pass, role, NULL);
	char *qrole = PQescapeIdentifier(c->pg, role, strlen(role));
	char *qhash = hash ? PQescapeLiteral(c->pg, hash, strlen(hash)) : NULL;
	char sql[1024];
	int rc;

	if (!hash || !qrole || !qhash) {
		rc = central_pg_fail(c, err, "cannot make the login");
		goto out;
	}
	if (create)
		/* one connection is a kiosk's; a few spare for restarts */
		snprintf(sql, sizeof(sql), "CREATE ROLE %s LOGIN PASSWORD %s "
			 "CONNECTION LIMIT 4 IN ROLE fk_kiosk; ALTER ROLE %s "
			 "SET statement_timeout = '10s'; ALTER ROLE %s SET "
			 "idle_in_transaction_session_timeout = '60s'", qrole,
			 qhash, qrole, qrole);
	else
		snprintf(sql, sizeof(sql), "ALTER ROLE %s LOGIN PASSWORD %s",
			 qrole, qhash);
	rc = central_pg_exec(c, sql, err);
out:
	if (hash)
		sodium_memzero(hash, strlen(hash));
	PQfreemem(hash);
	PQfreemem(qrole);
	PQfreemem(qhash);
	return rc;
}

/* Judges the grant inside its transaction: *create when the role is new.
 * A refusal names the kiosk, the login and the rule. */
static int grant_check(struct central *c, const char *kiosk,
		       uint32_t event_id, const char *role, unsigned flags,
		       bool *create, struct fair_err *err)
{
	char ev[16];
	const char *v[2] = { role, ev };
	PGresult *r;
	int rc = 0;

	snprintf(ev, sizeof(ev), "%u", (unsigned)event_id);
	r = query(c, "SELECT (SELECT count(*) FROM events WHERE event_id = "
		  "$2::bigint), (SELECT kiosk FROM fk_logins WHERE role = $1), "
		  "(SELECT count(*) FROM pg_roles WHERE rolname = $1)", 2, v,
		  err);
	if (!r)
		return FAIR_EIO;
	*create = PQgetisnull(r, 0, 1);
	if (!strcmp(PQgetvalue(r, 0, 0), "0"))
		rc = fair_fail(err, FAIR_ENOENT, "kiosk '%s': event %u is not "
			       "on the central database; push it first",
			       kiosk, (unsigned)event_id);
	else if (!*create && strcmp(PQgetvalue(r, 0, 1), kiosk))
		rc = fair_fail(err, FAIR_EINVAL, "kiosk '%s' would share the "
			       "login %s with kiosk '%s' of event %u (names "
			       "that differ only in case or punctuation make "
			       "one login); rename one of them", kiosk, role,
			       PQgetvalue(r, 0, 1), (unsigned)event_id);
	else if (!*create && !(flags & CENTRAL_GRANT_ROTATE))
		rc = fair_fail(err, FAIR_EINVAL, "kiosk '%s' of event %u has "
			       "a login (%s) already; --rotate gives it a new "
			       "password (its old URL stops working)", kiosk,
			       (unsigned)event_id, role);
	else if (*create && (flags & CENTRAL_GRANT_ROTATE))
		rc = fair_fail(err, FAIR_ENOENT, "kiosk '%s' of event %u has "
			       "no login to rotate; grant one without "
			       "--rotate", kiosk, (unsigned)event_id);
	else if (*create && strcmp(PQgetvalue(r, 0, 2), "0"))
		rc = fair_fail(err, FAIR_EINVAL, "kiosk '%s': a role named "
			       "%s exists and is no kiosk login of this "
			       "database; it is not taken over", kiosk, role);
	PQclear(r);
	return rc;
}

int central_grant(struct central *c, const char *kiosk, uint32_t event_id,
		  unsigned flags, char *url, size_t cap, struct fair_err *err)
{
	unsigned char raw[18];
	char role[ROLE_MAX + 1], pass[40], ev[16];
	const char *v[3] = { role, ev, kiosk };
	bool create = false;
	PGresult *r;
	int rc;

	if (!event_id)
		return fair_fail(err, FAIR_EINVAL, "kiosk '%s': a login "
				 "belongs to one event; name it (--db "
				 "EVENT.db or --event ID)", kiosk);
	if (!kiosk_name_ok(kiosk))
		return fair_fail(err, FAIR_EINVAL, "kiosk name '%.80s': 1 to "
				 "%d bytes without control characters",
				 kiosk, KIOSK_NAME_MAX);
	rc = central_require_schema(c, err);
	if (rc)
		return rc;
	role_name(kiosk, event_id, role);
	snprintf(ev, sizeof(ev), "%u", (unsigned)event_id);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pass, sizeof(pass), raw, sizeof(raw));
	rc = central_pg_exec(c, "BEGIN; LOCK TABLE fk_logins IN EXCLUSIVE "
			     "MODE", err);
	if (!rc)
		rc = grant_check(c, kiosk, event_id, role, flags, &create,
				 err);
	if (!rc)
		rc = set_role(c, role, pass, create, err);
	if (!rc && create) {
		r = query(c, "INSERT INTO fk_logins (role, event_id, kiosk) "
			  "VALUES ($1, $2::bigint, $3)", 3, v, err);
		rc = r ? 0 : FAIR_EIO;
		PQclear(r);
	}
	if (!rc)
		rc = central_pg_exec(c, "COMMIT", err);
	if (rc)
		central_pg_rollback(c);
	else
		grant_url(c, role, pass, url, cap);
	sodium_memzero(pass, sizeof(pass));
	return rc;
}

/* ---- revoking ------------------------------------------------------- */

/* The one login named kiosk (its kiosk name or role) of event_id (0:
 * any); its role's name into role. */
static int find_login(struct central *c, const char *kiosk,
		      uint32_t event_id, char role[ROLE_MAX + 1],
		      struct fair_err *err)
{
	char ev[16], events[128] = "";
	const char *v[2] = { kiosk, ev };
	PGresult *r;
	int rc = 0, n;

	snprintf(ev, sizeof(ev), "%u", (unsigned)event_id);
	r = query(c, "SELECT role, event_id FROM fk_logins WHERE (kiosk = $1 "
		  "OR role = $1) AND ($2::bigint = 0 OR event_id = "
		  "$2::bigint) ORDER BY event_id", 2, v, err);
	if (!r)
		return FAIR_EIO;
	n = PQntuples(r);
	for (int i = 0; i < n && strlen(events) < sizeof(events) - 16; i++)
		snprintf(events + strlen(events), sizeof(events) -
			 strlen(events), "%s%s", i ? ", " : "",
			 PQgetvalue(r, i, 1));
	if (n == 0 && event_id)
		rc = fair_fail(err, FAIR_ENOENT, "kiosk '%s' has no login for "
			       "event %u on the central database", kiosk,
			       (unsigned)event_id);
	else if (n == 0)
		rc = fair_fail(err, FAIR_ENOENT, "kiosk '%s' has no login on "
			       "the central database", kiosk);
	else if (n > 1)
		rc = fair_fail(err, FAIR_EINVAL, "kiosk '%s' has logins for "
			       "events %s: name one (--event ID or --db "
			       "EVENT.db)", kiosk, events);
	else
		snprintf(role, ROLE_MAX + 1, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

/* The row first, in one transaction: from its commit on, row security
 * finds no login and the role is in no group, so an open session can do
 * nothing; then its sessions are ended and the role dropped. */
int central_revoke_kiosk(struct central *c, const char *kiosk,
			 uint32_t event_id, long *ended,
			 struct fair_err *err)
{
	char role[ROLE_MAX + 1], sql[256], *q = NULL;
	const char *v[1] = { role };
	PGresult *r;
	int rc;

	*ended = 0;
	rc = central_require_schema(c, err);
	if (!rc)
		rc = central_pg_exec(c, "BEGIN; LOCK TABLE fk_logins IN "
				     "EXCLUSIVE MODE", err);
	if (!rc)
		rc = find_login(c, kiosk, event_id, role, err);
	q = rc ? NULL : PQescapeIdentifier(c->pg, role, strlen(role));
	if (!rc && !q)
		rc = central_pg_fail(c, err, "cannot name the login");
	if (!rc) {
		r = query(c, "DELETE FROM fk_logins WHERE role = $1", 1, v,
			  err);
		rc = r ? 0 : FAIR_EIO;
		PQclear(r);
	}
	if (!rc) {
		snprintf(sql, sizeof(sql), "REVOKE fk_kiosk FROM %s; ALTER "
			 "ROLE %s NOLOGIN; COMMIT", q, q);
		rc = central_pg_exec(c, sql, err);
	}
	if (rc) {
		central_pg_rollback(c);
		PQfreemem(q);
		return rc;
	}
	r = query(c, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, "
		  "5000)) FROM pg_stat_activity WHERE usename = $1", 1, v,
		  err);
	if (r)
		*ended = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	snprintf(sql, sizeof(sql), "DROP ROLE %s", q);
	if (!r || central_pg_exec(c, sql, err)) {
		char why[160];

		snprintf(why, sizeof(why), "%.150s", err->msg);
		rc = fair_fail(err, FAIR_EIO, "kiosk '%s': login %s can no "
			       "longer log in or read, but %s (%s)", kiosk,
			       role, r ? "its role was not dropped" :
			       "its open sessions were not ended", why);
	}
	PQfreemem(q);
	return rc;
}
