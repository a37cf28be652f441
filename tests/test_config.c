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
		"fullscreen = off\n";

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
	assert_int_equal(config_parse("[kiosk]\nplace = x\n[inputs]\n"
				      "camera = file:frames\n", "k.ini",
				      "/media/usb", &c, &err), 0);
	assert_string_equal(c.camera, "file:/media/usb/frames");
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
	expect_error("[kiosk]\nplace = x\n[sound]\nvolume = 3\n",
		     "kiosk.ini:4: unknown section [sound]");
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
