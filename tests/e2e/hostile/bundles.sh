# hostile/bundles.sh: kiosk bundles as an attacker leaves them on a USB
# stick, for tests/e2e/bundle_hostile.sh (sourced). Each function copies a
# good bundle GOOD (kiosk.ini + kiosk.db, as `fairsync pack` wrote it) to
# a new folder DST and spoils it one way.

# hostile_copy GOOD DST: a plain copy to spoil.
hostile_copy() {
	rm -rf "$2" && mkdir -p "$2" && cp "$1/kiosk.ini" "$1/kiosk.db" "$2/"
}

# hostile_ini_set DST KEY VALUE: kiosk.ini's [kiosk] KEY set to VALUE
# (the first KEY: [kiosk] comes first, [printer] has a name too).
hostile_ini_set() {
	if grep -q "^$2 *=" "$1/kiosk.ini"; then
		sed -i "0,/^$2 *=.*/s||$2 = $3|" "$1/kiosk.ini"
	else
		sed -i "s|^\[kiosk\]\$|[kiosk]\n$2 = $3|" "$1/kiosk.ini"
	fi
}

# The kiosk's name climbs out of the stick and of the data folder.
hostile_name() {
	hostile_copy "$1" "$2" && hostile_ini_set "$2" name ../../escape
}

# A trigger deletes each fact as the kiosk confirms it: green on screen,
# nothing on disk.
hostile_delete_trigger() {
	hostile_copy "$1" "$2" && sqlite3 "$2/kiosk.db" "
	  CREATE TRIGGER eat AFTER INSERT ON facts BEGIN
	    DELETE FROM facts WHERE uuid = NEW.uuid; END;"
}

# kiosk.db is a link (to a good database elsewhere).
hostile_symlink() {
	hostile_copy "$1" "$2" && rm "$2/kiosk.db" &&
	cp "$1/kiosk.db" "$2.target.db" &&
	ln -s "$(cd "$(dirname "$2")" && pwd)/$(basename "$2").target.db" \
		"$2/kiosk.db"
}

# db = ABSOLUTE path outside the bundle (facts would go there).
hostile_abs_db() {
	hostile_copy "$1" "$2" && cp "$1/kiosk.db" "$3" &&
	hostile_ini_set "$2" db "$3"
}

# db = ../kiosk.db: beside the bundle, not in it.
hostile_up_db() {
	hostile_copy "$1" "$2" && cp "$1/kiosk.db" "$(dirname "$2")/up.db" &&
	hostile_ini_set "$2" db ../up.db
}

# A 1.1 GB file in the bundle (sparse: costs nothing on the test's disk).
hostile_big() {
	hostile_copy "$1" "$2" && truncate -s 1100M "$2/logo.png"
}

# A bundle of SIZE MB (for a card with less room than that).
hostile_sized() {
	hostile_copy "$1" "$2" && head -c "$3M" /dev/zero >"$2/logo.png"
}

# A value merge refuses (a fact of an unknown kind), and a view.
hostile_bad_value() {
	hostile_copy "$1" "$2" && sqlite3 "$2/kiosk.db" "
	  PRAGMA ignore_check_constraints = 1;
	  INSERT INTO facts (uuid, kind, kiosk, wall_ms)
	  VALUES (randomblob(16), 'teleport', 'k', 1);"
}
hostile_view() {
	hostile_copy "$1" "$2" && sqlite3 "$2/kiosk.db" "
	  CREATE VIEW v AS SELECT * FROM facts;"
}

# For pack --update: a trigger that marks that it ran, and one that never
# ends; both fire on the first write pack --update makes (the event row).
hostile_marker_trigger() {
	sqlite3 "$1/kiosk.db" "
	  CREATE TABLE marker (x);
	  CREATE TRIGGER mark AFTER DELETE ON event BEGIN
	    INSERT INTO marker VALUES (1); END;"
}
hostile_loop_trigger() {
	sqlite3 "$1/kiosk.db" "
	  CREATE TRIGGER spin AFTER DELETE ON event BEGIN
	    INSERT INTO attendees (id, name) SELECT -count(*), 'x' FROM
	    (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
	     SELECT x FROM c); END;"
}
