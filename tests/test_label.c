/* test_label.c: every label kind lays a badge out inside its page: the
 * QR whole-pixel per module and at least 0.33 mm a module (what label
 * printers at 300 dpi print sharp and phones read), the name below it, and
 * kiosk.ini names the kinds both ways. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fair/config.h"
#include "fair/label.h"

static void test_every_kind_fits(void **state)
{
	(void)state;
	for (int k = 0; k < LABEL_COUNT; k++) {
		/* QR versions 1..10 with the 4-module quiet zones */
		for (int modules = 29; modules <= 65; modules += 4) {
			struct label_geom g = label_geometry(k, modules);

			assert_int_equal(g.qr_px % modules, 0);
			assert_true(g.qr_px / modules * 25.4 / g.dpi >= 0.33);
			assert_true(g.qr_x >= g.margin_px);
			assert_true(g.qr_x + g.qr_px <= g.width_px -
				    g.margin_px);
			assert_true(g.name_y >= g.qr_y + g.qr_px);
			assert_true(g.name_y + g.name_px <= g.height_px -
				    g.margin_px);
			assert_non_null(g.media);
		}
	}
}

static void test_page_sizes(void **state)
{
	struct label_geom g;

	(void)state;
	g = label_geometry(LABEL_62MM, 41);
	assert_int_equal(g.width_px, 732);   /* 62 mm at 300 dpi */
	assert_int_equal(g.height_px, 1181); /* 100 mm */
	g = label_geometry(LABEL_4X6IN, 41);
	assert_int_equal(g.width_px, 1200);
	assert_int_equal(g.height_px, 1800);
}

static void test_config_names(void **state)
{
	struct kiosk_config c;
	struct fair_err e = { "" };

	(void)state;
	assert_int_equal(config_parse("[kiosk]\nplace = b\n[printer]\nlabel = 62mm\n", "k.ini", "",
				      &c, &e), 0);
	assert_int_equal(c.label, LABEL_62MM);
	assert_int_equal(config_parse("[kiosk]\nplace = b\n[printer]\nlabel = 4x6in\n", "k.ini",
				      "", &c, &e), 0);
	assert_int_equal(c.label, LABEL_4X6IN);
	assert_int_equal(config_parse("[kiosk]\nplace = b\n[printer]\nname = q\n", "k.ini", "", &c, &e), 0);
	assert_int_equal(c.label, LABEL_A6);
	assert_int_not_equal(config_parse("[kiosk]\nplace = b\n[printer]\nlabel = A4\n", "k.ini",
					  "", &c, &e), 0);
	assert_non_null(strstr(e.msg, "k.ini:4: 'label' must be a6, 62mm or "
			       "4x6in, not 'A4'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_fits),
		cmocka_unit_test(test_page_sizes),
		cmocka_unit_test(test_config_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
