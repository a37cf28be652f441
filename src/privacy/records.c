/* records.c: see records.h. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fair/records.h"

/* Who ran the export: the person behind sudo, else the login, @host. */
static void operator_name(char *out, size_t cap)
{
	const char *who = getenv("SUDO_USER");
	struct passwd *pw;
	char host[256] = "";

	if (!who || !who[0]) {
		pw = getpwuid(geteuid());
		who = pw ? pw->pw_name : "?";
	}
	if (gethostname(host, sizeof(host) - 1))
		host[0] = '\0';
	snprintf(out, cap, "%s@%s", who, host[0] ? host : "?");
}

int records_add(struct store *st, const struct provision *p,
		struct fair_err *err)
{
	sqlite3_stmt *s = NULL;
	char op[320];
	int rc;

	operator_name(op, sizeof(op));
	rc = sqlite3_prepare_v2(store_db(st),
				"INSERT INTO provisions (made_ms, recipient, "
				"attendees, items, basis, operator, command) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &s,
				NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, p->made_ms);
		sqlite3_bind_text(s, 2, p->recipient, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, p->attendees, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, p->items, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, p->basis, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, op, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, p->command ? p->command : "", -1,
				  SQLITE_STATIC);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fair_fail(err, FAIR_EIO, "cannot write the provision "
				 "record: %s", sqlite3_errmsg(store_db(st)));
	return 0;
}
