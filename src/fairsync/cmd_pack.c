/* fairsync pack: a kiosk bundle (kiosk.ini + kiosk.db) holding only what
 * the kiosk's role needs; --update refreshes roster and revocations in an
 * existing bundle without touching the facts it recorded. Also `fairsync
 * pin`, which hashes a staff PIN for kiosk.ini. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "commands.h"
#include "fair/config.h"
#include "fair/kioskfile.h"
#include "fair/pack.h"
#include "fair/tourdays.h"
#include "fair/tours.h"

const char usage_pack[] = N_(
	"usage: fairsync pack --db EVENT.db --role "
	"entrance|booth|door|visit|rollcall\n"
	"                     [--place ID]\n"
	"                     [--name KIOSK] [--pin PIN] [--demo] --out DIR\n"
	"       fairsync pack --db EVENT.db --update DIR\n\n"
	"Writes DIR/kiosk.ini and DIR/kiosk.db for one kiosk. Every kiosk gets\n"
	"the event, the verify keys, places, revocations and attendees' names\n"
	"for display, never e-mail addresses or phone numbers. Only entrance\n"
	"kiosks, which issue badges, get the signing key.\n\n"
	"  --place ID  a place id: 'booth:C001', 'session:S01', or just the\n"
	"              company or session id; entrance kiosks default to\n"
	"              'entrance'; a visit kiosk takes the company id and\n"
	"              serves all its host days, with who is expected\n"
	"              a rollcall kiosk (a group's roll-call at departure,\n"
	"              'fairsync import groups') defaults to 'entrance'\n"
	"  --name      the kiosk's name in the data (default: role-place);\n"
	"              1-63 bytes, no '/', '..', leading '.', newline or\n"
	"              \\ : * ? \" < > | (it names a folder on a stick)\n"
	"  --pin PIN   staff PIN (stored hashed); without it staff mode opens\n"
	"              only with a staff badge\n"
	"  --demo      show a demo badge button (demonstrations only)\n"
	"  --update DIR  refresh roster, keys and revocations in DIR/kiosk.db;\n"
	"              the kiosk's recorded facts and walk-ins are kept;\n"
	"              DIR/kiosk.db is checked as merge checks a kiosk file\n"
	"              first (one with a trigger or view is refused)\n");

const char usage_pin[] = N_(
	"usage: fairsync pin PIN\n\n"
	"Prints the hash of a staff PIN for kiosk.ini's pin_hash key.\n");

static int copy_roster(struct store *kiosk, const char *event_db,
		       bool with_secret)
{
	struct fair_err err = { "" };
	int rc = pack_copy_roster(kiosk, event_db, with_secret, &err);

	if (rc && err.msg[0])
		cli_error("%s", err.msg);
	return rc;
}

/* Accepts the exact place id or a bare company/session id. */
static int resolve_place(struct store *st, const char *id, struct place *p)
{
	char key[80];

	if (store_place_by_ext(st, id, p) == 0)
		return 0;
	/* a tour company: its first host day; the kiosk follows the days */
	if (tours_first_visit(st, id, key) == 0 &&
	    store_place_by_ext(st, key, p) == 0)
		return 0;
	snprintf(key, sizeof(key), "booth:%s", id);
	if (store_place_by_ext(st, key, p) == 0)
		return 0;
	snprintf(key, sizeof(key), "session:%s", id);
	return store_place_by_ext(st, key, p);
}

static bool role_fits_place(enum kiosk_role role, const struct place *p)
{
	switch (role) {
	case KIOSK_ENTRANCE: return p->kind == PLACE_ENTRANCE;
	case KIOSK_BOOTH: return p->kind == PLACE_BOOTH;
	case KIOSK_DOOR: return p->kind == PLACE_SESSION;
	case KIOSK_VISIT: return p->kind == PLACE_VISIT;
	case KIOSK_ROLLCALL: return true; /* where the group leaves from */
	}
	return false;
}

/* Tours: a visit kiosk carries its company's share of the plan, so it
 * knows who is expected each day; other kiosks carry none. */
static int pack_plan(struct store *kiosk, const char *event_db, int role,
		     const struct place *p)
{
	struct fair_err err = { "" };

	/* the door of a 研修 session expects every student on the tour */
	if (role == KIOSK_DOOR && tourdays_is_training(kiosk, p->id) &&
	    tourdays_pack(kiosk, event_db, &err))
		return cli_error("%s", err.msg);
	if (role != KIOSK_VISIT)
		return 0;
	if (tours_pack_plan(kiosk, event_db, p->company_id, &err))
		return cli_error("%s", err.msg);
	return 0;
}

static int pack_plan_update(struct store *kiosk, const char *event_db,
			    const struct kiosk_config *c)
{
	struct place p;

	if (c->role != KIOSK_VISIT)
		return 0;
	if (store_place_by_ext(kiosk, c->place, &p)) {
		cli_error("no place '%s' in the kiosk's database", c->place);
		cli_list_places(kiosk);
		return EXIT_FAIL;
	}
	return pack_plan(kiosk, event_db, c->role, &p);
}

static int hash_pin(const char *pin, char out[128])
{
	if (sodium_init() < 0 || strlen(pin) < 4)
		return -1;
	return crypto_pwhash_str(out, pin, strlen(pin),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/* Notes the bundle in the event's packs table, so the organizer (and the
 * console) sees which kiosks were packed and when. A bundle already
 * written is not undone if this fails: the warning says so. */
static void record_pack(const char *event_db, const char *kiosk,
			const char *role, uint32_t place_id, const char *path)
{
	struct fair_err err = { "" };
	struct store *ev = store_open(event_db, 0, &err);
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	if (!ev || pack_record(ev, kiosk, role, place_id,
			       (int64_t)now.tv_sec * 1000 +
			       now.tv_nsec / 1000000, path, &err))
		fprintf(stderr, _("fairsync: warning: bundle written, but not "
				  "noted in '%s': %s\n"), event_db, err.msg);
	store_close(ev);
}

struct pack_opts {
	const char *db, *out, *place, *name, *pin, *update;
	int role;
	bool demo;
};

/* The kiosk's name becomes a folder on a stick and a line of kiosk.ini:
 * refused unless plain (a newline would write a key of its own). */
static bool name_refused(const char *name, const char *from)
{
	char shown[80];
	const char *rule;

	if (kiosk_name_plain(name, &rule))
		return false;
	snprintf(shown, sizeof(shown), "%.70s", name);
	for (char *p = shown; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	cli_error("kiosk name '%s' (from %s) is not a plain kiosk name: %s%s",
		  shown, from, rule, strcmp(from, "--name")
		  ? "; give one with --name" : "");
	return true;
}

static int write_config(const struct pack_opts *o, const struct place *p,
			const char *ini, char *kiosk_name, size_t cap)
{
	struct kiosk_config c;
	struct fair_err err = { "" };

	config_defaults(&c);
	c.role = (enum kiosk_role)o->role;
	snprintf(c.place, sizeof(c.place), "%s", p->ext_id);
	if (o->name)
		snprintf(c.name, sizeof(c.name), "%s", o->name);
	else if (c.role == KIOSK_ENTRANCE)
		snprintf(c.name, sizeof(c.name), "entrance");
	else /* "booth-C001" rather than "booth-booth:C001" */
		snprintf(c.name, sizeof(c.name), "%s-%.*s",
			 kiosk_role_name(c.role), c.role == KIOSK_VISIT ?
			 (int)strcspn(strchr(p->ext_id, ':') + 1, ":") : 50,
			 strchr(p->ext_id, ':') ? strchr(p->ext_id, ':') + 1
						: p->ext_id);
	if (name_refused(c.name, o->name ? "--name" : "the place's id"))
		return EXIT_FAIL;
	c.feedback = c.role == KIOSK_VISIT;   /* tours: ask at each exit */
	c.demo = o->demo;
	if (o->pin && hash_pin(o->pin, c.pin_hash))
		return cli_error("PIN must have at least 4 characters");
	if (config_write(ini, &c, &err))
		return cli_error("%s", err.msg);
	snprintf(kiosk_name, cap, "%s", c.name);
	return 0;
}

/* An entrance kiosk signs walk-ins' badges: without a signing key it
 * would fail only on the day, at the first registration. */
static int need_signing_key(struct store *ev, const char *db)
{
	struct fair_err err = { "" };
	uint8_t sk[TOKEN_SK_BYTES];
	int rc = store_signing_key(ev, sk, &err);

	sodium_memzero(sk, sizeof(sk));
	if (rc == FAIR_ENOENT)
		return cli_error("'%s' holds no signing key, and an entrance "
				 "kiosk signs walk-ins' badges; pack it from "
				 "the organizer's event database", db);
	if (rc)
		return cli_error("cannot read the signing key of '%s': %s", db,
				 err.msg);
	return 0;
}

static int pack_new(const struct pack_opts *o)
{
	char ini[PATH_MAX], kdb[PATH_MAX], kiosk_name[sizeof(
		((struct kiosk_config *)0)->name)] = "";
	struct store *ev, *kiosk;
	struct place p;
	int rc = EXIT_FAIL;

	snprintf(ini, sizeof(ini), "%s/kiosk.ini", o->out);
	snprintf(kdb, sizeof(kdb), "%s/kiosk.db", o->out);
	if (access(kdb, F_OK) == 0)
		return cli_error("'%s' exists and may hold check-ins; use "
				 "--update '%s' to refresh it", kdb, o->out);
	ev = cli_open_store(o->db, STORE_READONLY);
	if (!ev)
		return EXIT_FAIL;
	if (o->role == KIOSK_ENTRANCE && need_signing_key(ev, o->db))
		goto out_close;
	if (resolve_place(ev, o->place, &p)) {
		cli_error("no place '%s' in '%s' (a place's ID, or a company's "
			  "for its booth)", o->place, o->db);
		cli_list_places(ev);
		goto out_close;
	}
	if (!role_fits_place((enum kiosk_role)o->role, &p)) {
		cli_error("place '%s' is a %s, not a place for a %s kiosk",
			  p.ext_id, place_kind_name(p.kind),
			  kiosk_role_name((enum kiosk_role)o->role));
		goto out_close;
	}
	if (mkdir(o->out, 0755) && errno != EEXIST) {
		cli_error("cannot create '%s': %s", o->out, strerror(errno));
		goto out_close;
	}
	kiosk = cli_open_store(kdb, STORE_CREATE);
	if (!kiosk)
		goto out_close;
	if (copy_roster(kiosk, o->db, o->role == KIOSK_ENTRANCE) == 0 &&
	    pack_plan(kiosk, o->db, o->role, &p) == 0 &&
	    write_config(o, &p, ini, kiosk_name, sizeof(kiosk_name)) == 0)
		rc = EXIT_OK;
	store_close(kiosk);
	if (rc)
		unlink(kdb);
	else
		fprintf(stderr, _("packed %s kiosk for '%s' into '%s'\n"),
			kiosk_role_name((enum kiosk_role)o->role), p.name,
			o->out);
out_close:
	store_close(ev);
	if (rc == EXIT_OK)
		record_pack(o->db, kiosk_name, kiosk_role_name(
			    (enum kiosk_role)o->role), p.id, o->out);
	return rc;
}

/* The id of the place a kiosk.ini names, 0 if unknown. */
static uint32_t place_id_of(const char *event_db, const char *ext_id)
{
	struct store *ev = store_open(event_db, STORE_READONLY, NULL);
	struct place p = { 0 };

	if (ev && store_place_by_ext(ev, ext_id, &p))
		p.id = 0;
	store_close(ev);
	return p.id;
}

static int pack_update(const struct pack_opts *o)
{
	char ini[PATH_MAX], kdb[PATH_MAX];
	struct kiosk_config c;
	struct event_info a, b;
	struct kioskfile_info info = { 0 };
	struct fair_err err = { "" };
	struct store *ev, *kiosk;
	int rc = EXIT_FAIL;

	snprintf(ini, sizeof(ini), "%s/kiosk.ini", o->update);
	if (config_load(ini, &c, &err) ||
	    kioskfile_db_in_bundle(ini, &c, &err))
		return cli_error("%s; not updated", err.msg);
	snprintf(kdb, sizeof(kdb), "%s", c.db);
	ev = cli_open_store(o->db, STORE_READONLY);
	if (!ev)
		return EXIT_FAIL;
	if (store_event_get(ev, &a, &err)) {
		cli_error("%s", err.msg);
		goto out_ev;
	}
	/* untrusted until checked: nothing the file carries may run */
	if (kioskfile_check(kdb, NULL, &info, &err)) {
		cli_error("%s; not updated", err.msg);
		goto out_ev;
	}
	if (info.event_id != a.event_id) {
		cli_error("'%s' belongs to another event; refusing to update "
			  "it", kdb);
		goto out_ev;
	}
	kiosk = cli_open_store(kdb, 0);
	if (!kiosk)
		goto out_ev;
	if (store_event_get(kiosk, &b, &err))
		cli_error("%s", err.msg);
	else if (a.event_id != b.event_id)
		cli_error("'%s' belongs to another event ('%s'); refusing to "
			  "update it", kdb, b.name);
	else if (c.role == KIOSK_ENTRANCE && need_signing_key(ev, o->db))
		;
	else if (copy_roster(kiosk, o->db, c.role == KIOSK_ENTRANCE) == 0 &&
		 pack_plan_update(kiosk, o->db, &c) == 0)
		rc = EXIT_OK;
	if (!rc)
		fprintf(stderr, _("updated roster in '%s'; recorded facts "
				  "kept\n"),
			kdb);
	store_close(kiosk);
out_ev:
	store_close(ev);
	if (rc == EXIT_OK)
		record_pack(o->db, c.name, kiosk_role_name(c.role),
			    place_id_of(o->db, c.place), o->update);
	return rc;
}

int cmd_pack(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "place", required_argument, NULL, 'p' },
		{ "name", required_argument, NULL, 'n' },
		{ "pin", required_argument, NULL, 'P' },
		{ "out", required_argument, NULL, 'o' },
		{ "update", required_argument, NULL, 'u' },
		{ "demo", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct pack_opts o = { .role = -1 };
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'r': o.role = kiosk_role_parse(optarg);
			if (o.role < 0)
				return cli_usage_error("pack", "--role must be "
						       "entrance, booth or "
						       "door");
			break;
		case 'p': o.place = optarg; break;
		case 'n': o.name = optarg; break;
		case 'P': o.pin = optarg; break;
		case 'o': o.out = optarg; break;
		case 'u': o.update = optarg; break;
		case 'D': o.demo = true; break;
		default: return cli_usage_error("pack", "bad option");
		}
	}
	if (!o.db || optind != argc)
		return cli_usage_error("pack", "--db EVENT.db is required");
	if (o.name && name_refused(o.name, "--name"))
		return EXIT_FAIL;
	if (o.update)
		return pack_update(&o);
	if (o.role < 0 || !o.out)
		return cli_usage_error("pack", "--role and --out are required");
	if (cli_out_dir("pack", "--out", o.out, (const char *const[]){
			".db", ".ini", ".pdf", ".csv", ".xlsx", ".zip", NULL }))
		return EXIT_USAGE;
	if (!o.place && o.role != KIOSK_ENTRANCE && o.role != KIOSK_ROLLCALL)
		return cli_usage_error("pack", "a %s kiosk needs --place",
				       kiosk_role_name(o.role));
	if (!o.place)
		o.place = "entrance";
	return pack_new(&o);
}

int cmd_pin(int argc, char **argv)
{
	char hash[128];

	if (argc != 2)
		return cli_usage_error("pin", "give one PIN");
	if (hash_pin(argv[1], hash))
		return cli_error("PIN must have at least 4 characters");
	puts(hash);
	return EXIT_OK;
}
