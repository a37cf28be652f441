/* test_config.c: kiosk.ini parsing: defaults, every value type, and errors
 * that name FILE:LINE. */
#include "testutil.h"

#include "fair/config.h"

static void test_defaults_and_values(void **state)
{
	struct kiosk_config c;
	struct fair_err err = { "" };
	const char *ini =
		"; a booth kiosk\n"
		"[kiosk]\n"
		"name = booth-7\n"
		"role = booth\n"
		"place = booth:C007\n"
		"db = data/kiosk.db\n"
		"language = en\n"
		"demo = yes\n"
		"[rules]\n"
		"dedupe_seconds = 120\n"
		"direction = out\n"
		"[inputs]\n"
		"camera = file:/tmp/frames\n"
		"serial_baud = 115200\n"
		"[screen]\n"
		"fullscreen = off\n"
		"[sound]\n"
		"voice = on\n"
		"voice_file = voices/mei.htsvoice\n";

	(void)state;
	assert_int_equal(config_parse(ini, "k.ini", "/media/usb", &c, &err),
			 0);
	assert_string_equal(c.name, "booth-7");
	assert_int_equal(c.role, KIOSK_BOOTH);
	assert_string_equal(c.place, "booth:C007");
	assert_string_equal(c.db, "/media/usb/data/kiosk.db");
	assert_string_equal(c.language, "en");
	assert_true(c.demo);
	assert_int_equal(c.rules.dedupe_s, 120);
	assert_int_equal(c.rules.grace_s, RULES_DEFAULT_GRACE_S);
	assert_int_equal(c.rules.direction, -1);
	assert_string_equal(c.camera, "file:/tmp/frames");
	assert_int_equal(c.serial_baud, 115200);
	assert_false(c.fullscreen);
	assert_int_equal(c.result_ms, 2000);
	assert_true(c.voice);
	assert_string_equal(c.voice_file, "/media/usb/voices/mei.htsvoice");
	assert_int_equal(config_parse("[kiosk]\nplace = x\n[inputs]\n"
				      "camera = file:frames\n", "k.ini",
				      "/media/usb", &c, &err), 0);
	assert_string_equal(c.camera, "file:/media/usb/frames");
	assert_false(c.voice); /* the voice is asked for, never assumed */
	assert_string_equal(c.voice_file, "");
}

static void expect_error(const char *ini, const char *needle)
{
	struct kiosk_config c;
	struct fair_err err = { "" };

	assert_int_equal(config_parse(ini, "kiosk.ini", ".", &c, &err),
			 FAIR_EINVAL);
	if (!strstr(err.msg, needle))
		fail_msg("error '%s' lacks '%s'", err.msg, needle);
}

static void test_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("[kiosk]\nrole = booth\nplace = x\ncolour = red\n",
		     "kiosk.ini:4: unknown key 'colour' in [kiosk]");
	expect_error("[kiosk]\nplace = x\n[audio]\nvolume = 3\n",
		     "kiosk.ini:4: unknown section [audio]");
	expect_error("[kiosk]\nplace = x\n[sound]\nvolume = 3\n",
		     "kiosk.ini:4: unknown key 'volume' in [sound]");
	expect_error("[kiosk]\nplace = x\n[sound]\nvoice = loud\n",
		     "kiosk.ini:4: 'voice' must be true or false");
	expect_error("[kiosk]\nrole = cashier\n",
		     "kiosk.ini:2: 'role' must be entrance, booth or door");
	expect_error("[kiosk]\nplace = x\n[rules]\ndedupe_seconds = ten\n",
		     "kiosk.ini:4:");
	expect_error("[kiosk]\nplace = x\n[rules]\ndedupe_seconds = -5\n",
		     "0..86400");
	expect_error("[kiosk]\nplace = x\n[screen]\nfullscreen = maybe\n",
		     "true or false");
	expect_error("[kiosk]\nplace = x\nthis line has no equals\n",
		     "kiosk.ini:3:");
	expect_error("[kiosk]\nrole = booth\n", "place is required");
	expect_error("[kiosk]\nplace = x\nlanguage = fr\n", "ja or en");
}

static void test_write_then_load_roundtrip(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct kiosk_config a, b;
	struct fair_err err = { "" };

	(void)state;
	config_defaults(&a);
	a.role = KIOSK_DOOR;
	snprintf(a.place, sizeof(a.place), "session:S01");
	snprintf(a.pin_hash, sizeof(a.pin_hash),
		 "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
	a.rules.direction = -1;
	tu_path(path, sizeof(path), dir, "kiosk.ini");
	assert_int_equal(config_write(path, &a, &err), 0);
	assert_int_equal(config_load(path, &b, &err), 0);
	assert_int_equal(b.role, KIOSK_DOOR);
	assert_string_equal(b.place, "session:S01");
	assert_string_equal(b.pin_hash, a.pin_hash);
	assert_int_equal(b.rules.direction, -1);
	assert_non_null(strstr(b.db, dir)); /* resolved next to the ini */
	tu_path(path, sizeof(path), dir, "absent.ini");
	assert_int_equal(config_load(path, &b, &err), FAIR_EIO);
	assert_non_null(strstr(err.msg, "absent.ini"));
	tu_rmdir(dir);
}

/* One rule for a kiosk's name (a folder on a stick, a line of
 * kiosk.ini): each case refused names the rule it breaks. */
static void test_name_rule(void **state)
{
	static const char *const plain[] = {
		"entrance", "booth-C001", "door-S01", "visit-C1", "kiosk_2",
		"受付-1", "ブース A", "a.b", "x",
		"123456789012345678901234567890123456789012345678901234567890123",
	};
	static const struct {
		const char *name, *rule;
	} bad[] = {
		{ "", "empty" },
		{ "../../escape", "starts with '.'" },
		{ ".hidden", "starts with '.'" },
		{ "a..b", "'..'" },
		{ "a/b", "'/'" },
		{ "/abs", "'/'" },
		{ "a\nb", "control character" },
		{ "a\rb", "control character" },
		{ "a\tb", "control character" },
		{ "a\x7f", "control character" },
		{ "a\\b", "USB stick" },
		{ "a:b", "USB stick" },
		{ "a*b", "USB stick" },
		{ "\xff\xfe", "UTF-8" },
		{ "\xc0\xaf", "UTF-8" },        /* an overlong '/' */
		{ "\xed\xa0\x80", "UTF-8" },   /* a surrogate */
		{ "\xe3\x81", "UTF-8" },        /* cut short */
		{ "1234567890123456789012345678901234567890123456789012345678901"
		  "234", "longer than 63" },
	};
	const char *rule = "unset";

	(void)state;
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
		if (!kiosk_name_plain(plain[i], &rule))
			fail_msg("'%s' refused: %s", plain[i], rule);
		assert_null(rule);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (kiosk_name_plain(bad[i].name, &rule))
			fail_msg("case %zu accepted", i);
		if (!rule || !strstr(rule, bad[i].rule))
			fail_msg("case %zu: rule '%s' lacks '%s'", i,
				 rule ? rule : "(null)", bad[i].rule);
	}
	assert_false(kiosk_name_plain(NULL, NULL));
}

/* kiosk.ini refuses such a name with FILE:LINE; config_write never
 * writes one, nor a value with a newline, which would start a key. */
static void test_name_rule_in_ini(void **state)
{
	char *dir = tu_tmpdir(), path[512];
	struct kiosk_config c;
	struct fair_err err = { "" };

	(void)state;
	expect_error("[kiosk]\nname = ../../escape\n", "kiosk.ini:2");
	expect_error("[kiosk]\nname = ../../escape\n", "plain kiosk name");
	expect_error("[kiosk]\nname = a/b\n", "'/'");
	config_defaults(&c);
	tu_path(path, sizeof(path), dir, "kiosk.ini");
	snprintf(c.name, sizeof(c.name), "a\ndb = /tmp/outside.db");
	assert_int_equal(config_write(path, &c, &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "control character"));
	assert_int_equal(access(path, F_OK), -1);
	config_defaults(&c);
	snprintf(c.place, sizeof(c.place), "x\ndb = /tmp/outside.db");
	assert_int_equal(config_write(path, &c, &err), FAIR_EINVAL);
	assert_non_null(strstr(err.msg, "place"));
	assert_int_equal(access(path, F_OK), -1);
	tu_rmdir(dir);
}

/* The documented example must itself be a valid kiosk.ini. */
static void test_example_ini_loads(void **state)
{
	struct kiosk_config c;
	struct fair_err err = { "" };

	(void)state;
	if (config_load("config/kiosk.example.ini", &c, &err))
		fail_msg("%s", err.msg);
	assert_string_equal(c.place, "booth:C001");
	assert_string_equal(c.pin_hash, "");
	assert_int_equal(c.rules.dedupe_s, 900);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_write_then_load_roundtrip),
		cmocka_unit_test(test_example_ini_loads),
		cmocka_unit_test(test_name_rule),
		cmocka_unit_test(test_name_rule_in_ini),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
