/* config.c: kiosk.ini through inih, one table describing every key so
 * parsing, defaults and writing cannot drift apart. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <strings.h>

#include <ini.h>

#include "fair/config.h"

enum key_type {
	KEY_TEXT,   /* char array of field size */
	KEY_PATH,   /* text resolved against the ini's directory */
	KEY_BOOL,   /* true/false, yes/no, on/off, 1/0 */
	KEY_INT,    /* integer within [min, max] */
	KEY_ROLE,   /* entrance|booth|door|visit */
	KEY_DIRECTION, /* in|out stored as +1/-1 */
	KEY_LABEL,  /* a6|62mm|4x6in (label.h) */
	KEY_CAMERA, /* text; a relative "file:PATH" resolves like KEY_PATH */
	KEY_MM,     /* WxH in millimetres, two ints; "" = unset */
	KEY_NAME,   /* text that must be a plain kiosk name */
};

struct key_spec {
	const char *section;
	const char *name;
	enum key_type type;
	size_t offset;
	size_t size;   /* KEY_TEXT/PATH: field size */
	int min, max;  /* KEY_INT */
};

#define F(field) offsetof(struct kiosk_config, field), \
	sizeof(((struct kiosk_config *)0)->field)

static const struct key_spec keys[] = {
	{ "kiosk", "name", KEY_NAME, F(name), 0, 0 },
	{ "kiosk", "role", KEY_ROLE, F(role), 0, 0 },
	{ "kiosk", "place", KEY_TEXT, F(place), 0, 0 },
	{ "kiosk", "db", KEY_PATH, F(db), 0, 0 },
	{ "kiosk", "language", KEY_TEXT, F(language), 0, 0 },
	{ "kiosk", "pin_hash", KEY_TEXT, F(pin_hash), 0, 0 },
	{ "kiosk", "pin_tries", KEY_INT, F(pin_tries), 1, 20 },
	{ "kiosk", "demo", KEY_BOOL, F(demo), 0, 0 },
	{ "kiosk", "consent_version", KEY_TEXT, F(consent_version), 0, 0 },
	{ "kiosk", "feedback", KEY_BOOL, F(feedback), 0, 0 },
	{ "rules", "dedupe_seconds", KEY_INT, F(rules.dedupe_s), 0, 86400 },
	{ "rules", "grace_seconds", KEY_INT, F(rules.grace_s), 0, 86400 },
	{ "rules", "direction", KEY_DIRECTION, F(rules.direction), 0, 0 },
	{ "inputs", "camera", KEY_CAMERA, F(camera), 0, 0 },
	{ "inputs", "scanner", KEY_TEXT, F(scanner), 0, 0 },
	{ "inputs", "serial", KEY_TEXT, F(serial), 0, 0 },
	{ "inputs", "serial_baud", KEY_INT, F(serial_baud), 1200, 921600 },
	{ "screen", "fullscreen", KEY_BOOL, F(fullscreen), 0, 0 },
	{ "screen", "result_ms", KEY_INT, F(result_ms), 300, 30000 },
	{ "screen", "consent_offer_ms", KEY_INT, F(consent_offer_ms), 1000,
	  30000 },
	{ "screen", "sound", KEY_BOOL, F(sound), 0, 0 },
	{ "screen", "screen_mm", KEY_MM, F(screen_mm), 20, 5000 },
	{ "sound", "voice", KEY_BOOL, F(voice), 0, 0 },
	{ "sound", "voice_file", KEY_PATH, F(voice_file), 0, 0 },
	{ "printer", "name", KEY_TEXT, F(printer), 0, 0 },
	{ "printer", "label", KEY_LABEL, F(label), 0, 0 },
	{ "export", "usb_root", KEY_PATH, F(usb_root), 0, 0 },
	{ "sync", "central", KEY_TEXT, F(central), 0, 0 },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

void config_defaults(struct kiosk_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "kiosk");
	c->role = KIOSK_BOOTH;
	snprintf(c->db, sizeof(c->db), "kiosk.db");
	snprintf(c->language, sizeof(c->language), "ja");
	snprintf(c->consent_version, sizeof(c->consent_version), "1");
	c->rules.dedupe_s = RULES_DEFAULT_DEDUPE_S;
	c->rules.grace_s = RULES_DEFAULT_GRACE_S;
	c->rules.direction = 1;
	c->serial_baud = 9600;
	c->fullscreen = true;
	c->result_ms = 2000;
	c->consent_offer_ms = 8000;
	c->pin_tries = 3;
	c->sound = true;
}

static const char *const role_names[] = { "entrance", "booth", "door",
					   "visit", "rollcall" };

const char *kiosk_role_name(enum kiosk_role r)
{
	return (unsigned)r <= KIOSK_ROLLCALL ? role_names[r] : "booth";
}

int kiosk_role_parse(const char *s)
{
	for (int i = 0; i <= KIOSK_ROLLCALL; i++)
		if (!strcmp(s, role_names[i]))
			return i;
	return -1;
}

/* What inih hands the handler: where we are and the first error. */
struct parse_state {
	struct kiosk_config *c;
	const char *dir;
	char msg[400];  /* first error, without file:line */
};

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (int i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i]) || !strcasecmp(v, no[i])) {
			*out = !strcasecmp(v, yes[i]);
			return true;
		}
	}
	return false;
}

static bool parse_int(const char *v, int min, int max, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < min || n > max)
		return false;
	*out = (int)n;
	return true;
}

static int bad(struct parse_state *ps, const char *fmt, const char *a,
	       const char *b)
{
	snprintf(ps->msg, sizeof(ps->msg), fmt, a, b);
	return 0;
}

/* "WxH" in millimetres, each in min..max; "" leaves the key unset. */
static int set_mm(struct parse_state *ps, const struct key_spec *k,
		  int *field, const char *v)
{
	char w[16], *x = strchr(v, 'x');

	field[0] = field[1] = 0;
	if (!v[0])
		return 1;
	if (x && (size_t)(x - v) < sizeof(w)) {
		snprintf(w, sizeof(w), "%.*s", (int)(x - v), v);
		if (parse_int(w, k->min, k->max, &field[0]) &&
		    parse_int(x + 1, k->min, k->max, &field[1]))
			return 1;
	}
	field[0] = field[1] = 0;
	return bad(ps, "'%s' must be WIDTHxHEIGHT in millimetres, e.g. "
		   "154x86, not '%s'", k->name, v);
}

/* Length of the UTF-8 sequence at s (1-4), 0 if it is not valid UTF-8
 * (overlong forms, surrogates and values past U+10FFFF included). */
static int utf8_len(const unsigned char *s)
{
	int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2
		: (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	unsigned cp;

	if (n <= 1)
		return n;
	cp = s[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < (n == 2 ? 0x80u : n == 3 ? 0x800u : 0x10000u) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool kiosk_name_plain(const char *name, const char **rule)
{
	static const char *const fat = "\\:*?\"<>|";
	const char *why = NULL;
	size_t len = name ? strlen(name) : 0;

	if (!len)
		why = "empty";
	else if (len > KIOSK_NAME_MAX)
		why = "longer than 63 bytes";
	else if (name[0] == '.')
		why = "starts with '.'";
	else if (strstr(name, ".."))
		why = "holds '..'";
	for (const char *p = name; !why && *p;) {
		int n = utf8_len((const unsigned char *)p);

		if (*p == '/')
			why = "holds '/'";
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			why = "holds a control character (a newline?)";
		else if (strchr(fat, *p))
			why = "holds one of \\ : * ? \" < > | (not on a USB "
			      "stick)";
		else if (!n)
			why = "is not valid UTF-8";
		p += n ? n : 1;
	}
	if (rule)
		*rule = why;
	return !why;
}

/* Text as written into kiosk.ini: a newline would start another key. */
static bool one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int set_name(struct parse_state *ps, const struct key_spec *k,
		    char *field, const char *v)
{
	const char *rule;

	if (!kiosk_name_plain(v, &rule))
		return bad(ps, "'%s' is not a plain kiosk name: %s",
			   k->name, rule);
	snprintf(field, k->size, "%s", v);
	return 1;
}

static int set_text(struct parse_state *ps, const struct key_spec *k,
		    char *field, const char *v)
{
	int n;

	if (k->type == KEY_PATH && v[0] && v[0] != '/' && ps->dir[0])
		n = snprintf(field, k->size, "%s/%s", ps->dir, v);
	else
		n = snprintf(field, k->size, "%s", v);
	if (n < 0 || (size_t)n >= k->size)
		return bad(ps, "value of '%s' is too long: '%s'", k->name, v);
	return 1;
}

/* Recorded frames ("file:frames/") live beside kiosk.ini like the db. */
static int set_camera(struct parse_state *ps, const struct key_spec *k,
		      char *field, const char *v)
{
	const char *path = v + 5;
	int n;

	if (strncmp(v, "file:", 5) || path[0] == '/' || !ps->dir[0])
		return set_text(ps, k, field, v);
	n = snprintf(field, k->size, "file:%s/%s", ps->dir, path);
	if (n < 0 || (size_t)n >= k->size)
		return bad(ps, "value of '%s' is too long: '%s'", k->name, v);
	return 1;
}

static int set_value(struct parse_state *ps, const struct key_spec *k,
		     const char *v)
{
	char *field = (char *)ps->c + k->offset;
	int role;

	switch (k->type) {
	case KEY_TEXT:
	case KEY_PATH:
		return set_text(ps, k, field, v);
	case KEY_CAMERA:
		return set_camera(ps, k, field, v);
	case KEY_NAME:
		return set_name(ps, k, field, v);
	case KEY_BOOL:
		if (!parse_bool(v, (bool *)field))
			return bad(ps, "'%s' must be true or false, not '%s'",
				   k->name, v);
		return 1;
	case KEY_INT:
		if (!parse_int(v, k->min, k->max, (int *)field)) {
			char range[64];

			snprintf(range, sizeof(range), "%d..%d, not", k->min,
				 k->max);
			snprintf(ps->msg, sizeof(ps->msg), "'%s' must be a "
				 "number in %s '%s'", k->name, range, v);
			return 0;
		}
		return 1;
	case KEY_ROLE:
		role = kiosk_role_parse(v);
		if (role < 0)
			return bad(ps, "'%s' must be entrance, booth or door, "
				   "not '%s'", k->name, v);
		*(enum kiosk_role *)field = (enum kiosk_role)role;
		return 1;
	case KEY_MM:
		return set_mm(ps, k, (int *)field, v);
	case KEY_LABEL:
		role = label_parse(v);
		if (role < 0)
			return bad(ps, "'%s' must be a6, 62mm or 4x6in, not "
				   "'%s'", k->name, v);
		*(enum label_kind *)field = (enum label_kind)role;
		return 1;
	case KEY_DIRECTION:
		if (strcmp(v, "in") && strcmp(v, "out"))
			return bad(ps, "'%s' must be in or out, not '%s'",
				   k->name, v);
		*(int *)field = strcmp(v, "in") ? -1 : 1;
		return 1;
	}
	return 0;
}

static int on_key(void *user, const char *section, const char *name,
		  const char *value)
{
	struct parse_state *ps = user;
	bool section_known = false;

	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcmp(keys[i].section, section))
			continue;
		section_known = true;
		if (!strcmp(keys[i].name, name))
			return set_value(ps, &keys[i], value);
	}
	if (!section_known)
		return bad(ps, "unknown section [%s]%s", section, "");
	return bad(ps, "unknown key '%s' in [%s]", name, section);
}

static int finish(const struct kiosk_config *c, const char *name,
		  struct fair_err *err)
{
	if (strcmp(c->language, "ja") && strcmp(c->language, "en"))
		return fair_fail(err, FAIR_EINVAL, "%s: language must be ja "
				 "or en, not '%s'", name, c->language);
	if (c->role != KIOSK_ENTRANCE && !c->place[0])
		return fair_fail(err, FAIR_EINVAL, "%s: [kiosk] place is "
				 "required for a %s kiosk", name,
				 kiosk_role_name(c->role));
	return 0;
}

static int report(int line, struct parse_state *ps, const char *name,
		  struct fair_err *err)
{
	if (line < 0)
		return fair_fail(err, FAIR_EIO, "cannot read '%s'", name);
	if (!ps->msg[0])
		snprintf(ps->msg, sizeof(ps->msg), "syntax error (expected "
			 "[section] or key = value)");
	return fair_fail(err, FAIR_EINVAL, "%s:%d: %s", name, line, ps->msg);
}

int config_parse(const char *text, const char *name, const char *dir,
		 struct kiosk_config *c, struct fair_err *err)
{
	struct parse_state ps = { .c = c, .dir = dir ? dir : "" };
	int line;

	config_defaults(c);
	if (ps.dir[0] && c->db[0] != '/')
		snprintf(c->db, sizeof(c->db), "%s/kiosk.db", ps.dir);
	line = ini_parse_string(text, on_key, &ps);
	if (line != 0)
		return report(line, &ps, name, err);
	/* a roll-call tablet travels with its group: no place of its own */
	if (c->place[0] == '\0' && (c->role == KIOSK_ENTRANCE ||
				     c->role == KIOSK_ROLLCALL))
		snprintf(c->place, sizeof(c->place), "entrance");
	return finish(c, name, err);
}

/* Reads a whole small file; NULL if unreadable or larger than 1 MB (no
 * kiosk.ini is). Caller frees. */
static char *read_small_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(1 << 20);
	if (buf) {
		n = fread(buf, 1, (1 << 20) - 1, f);
		if (!feof(f) || ferror(f)) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	fclose(f);
	return buf;
}

int config_load(const char *path, struct kiosk_config *c,
		struct fair_err *err)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	char *text;
	int rc;

	snprintf(dir, sizeof(dir), "%.*s",
		 slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	text = read_small_file(path);
	if (!text)
		return fair_fail(err, FAIR_EIO, "cannot read '%s': %s", path,
				 errno ? strerror(errno) : "too large");
	rc = config_parse(text, path, dir, c, err);
	free(text);
	return rc;
}

static void write_value(FILE *f, const struct key_spec *k,
			const struct kiosk_config *c)
{
	const char *field = (const char *)c + k->offset;

	switch (k->type) {
	case KEY_TEXT:
	case KEY_PATH:
	case KEY_CAMERA:
	case KEY_NAME:
		fprintf(f, "%s = %s\n", k->name, field);
		break;
	case KEY_BOOL:
		fprintf(f, "%s = %s\n", k->name,
			*(const bool *)field ? "true" : "false");
		break;
	case KEY_INT:
		fprintf(f, "%s = %d\n", k->name, *(const int *)field);
		break;
	case KEY_ROLE:
		fprintf(f, "%s = %s\n", k->name,
			kiosk_role_name(*(const enum kiosk_role *)field));
		break;
	case KEY_DIRECTION:
		fprintf(f, "%s = %s\n", k->name,
			*(const int *)field < 0 ? "out" : "in");
		break;
	case KEY_LABEL:
		fprintf(f, "%s = %s\n", k->name,
			label_name(*(const enum label_kind *)field));
		break;
	case KEY_MM:
		if (((const int *)field)[0] > 0)
			fprintf(f, "%s = %dx%d\n", k->name,
				((const int *)field)[0],
				((const int *)field)[1]);
		break;
	}
}

/* What config_write refuses to write: a kiosk.ini that would not read
 * back as the same configuration. */
static int check_writable(const char *path, const struct kiosk_config *c,
			  struct fair_err *err)
{
	const char *rule;

	if (!kiosk_name_plain(c->name, &rule))
		return fair_fail(err, FAIR_EINVAL, "'%s': kiosk name is not a "
				 "plain kiosk name: %s", path, rule);
	for (size_t i = 0; i < N_KEYS; i++) {
		const char *field = (const char *)c + keys[i].offset;

		if ((keys[i].type == KEY_TEXT || keys[i].type == KEY_PATH ||
		     keys[i].type == KEY_CAMERA) && !one_line(field))
			return fair_fail(err, FAIR_EINVAL, "'%s': [%s] %s holds "
					 "a control character (a newline?)",
					 path, keys[i].section, keys[i].name);
	}
	return 0;
}

int config_write(const char *path, const struct kiosk_config *c,
		 struct fair_err *err)
{
	const char *section = "";
	FILE *f;

	if (check_writable(path, c, err))
		return FAIR_EINVAL;
	f = fopen(path, "w");
	if (!f)
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
				 strerror(errno));
	fprintf(f, "; fairkiosk kiosk configuration, written by fairsync "
		"pack.\n; Every key: config/kiosk.example.ini\n");
	for (size_t i = 0; i < N_KEYS; i++) {
		if (strcmp(section, keys[i].section)) {
			section = keys[i].section;
			fprintf(f, "\n[%s]\n", section);
		}
		write_value(f, &keys[i], c);
	}
	if (fclose(f) != 0)
		return fair_fail(err, FAIR_EIO, "cannot write '%s': %s", path,
				 strerror(errno));
	return 0;
}
