# lib/pg.sh: a private PostgreSQL server for one test (sourced): initdb in
# a temporary folder as the postgres user (PostgreSQL refuses root), a free
# port on 127.0.0.1, password logins over TCP, stopped and removed on exit.
# Sets PG_URL (the organizer, a superuser) and PG_PORT; pg_stop stops it.
# PG_OPTS: more server options (e.g. "-c max_connections=300").
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "FAIL: PostgreSQL missing; run scripts/install-deps.sh --with-tests"; exit 1; }
PG_DIR=$(mktemp -d /tmp/fairkiosk-pg.XXXXXX) || exit 1
chmod 0755 "$PG_DIR"
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PG_PASS=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$PG_PASS" >"$PG_DIR/pw"
chown -R postgres "$PG_DIR"
pg_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
pg_as "$PGBIN/initdb" -D "$PG_DIR/data" -U fairadmin --pwfile="$PG_DIR/pw" \
	--auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 ||
	{ cat "$PG_DIR/initdb.log"; echo "FAIL: initdb"; exit 1; }
pg_start() {
	pg_as "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o \
		"-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off ${PG_OPTS:-}" \
		start >/dev/null
}
pg_stop() {
	pg_as "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
}
pg_cleanup() {
	pg_stop
	rm -rf "$PG_DIR"
}
trap pg_cleanup EXIT
trap 'exit 1' INT TERM HUP
pg_start || { cat "$PG_DIR/log"; echo "FAIL: PostgreSQL did not start"; exit 1; }
PG_URL="postgresql://fairadmin:$PG_PASS@127.0.0.1:$PG_PORT/postgres"
psql_q() { # URL SQL: one value, no headers
	psql -X -q -t -A -v ON_ERROR_STOP=1 "$1" -c "$2"
}
