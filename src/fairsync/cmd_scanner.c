/* fairsync scanner-test: the scanner self-test code. Scanned at a kiosk,
 * it is not checked in: the kiosk's notice line says whether the scanner
 * is set up right, or what is wrong (keyscan_test_diagnose()). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "cli.h"
#include "commands.h"
#include "fair/keyscan.h"
#include "fair/qr.h"

const char usage_scanner_test[] = N_(
	"usage: fairsync scanner-test [--out FILE.png] [--scale N]\n\n"
	"Prints the scanner self-test text and, with --out, writes its QR\n"
	"code as a PNG to print or show on a phone. Scanned at a kiosk, the\n"
	"kiosk's notice line names any fault: keyboard layout, caps lock,\n"
	"IME, missing Enter, wrong serial speed.\n\n"
	"  --out FILE  write the QR code here (PNG)\n"
	"  --scale N   pixels per module, 2-40 (default 8)\n");

static int scanner_write_png(const char *path, int scale)
{
	struct qr_code q;
	png_image img;
	uint8_t *px;
	int side, ok;

	if (qr_encode(keyscan_test_text(), &q) != 0)
		return cli_error("cannot encode the test code");
	if (qr_render_gray(&q, scale, &px, &side) != 0) {
		qr_free(&q);
		return cli_error("out of memory");
	}
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)side;
	img.height = (png_uint_32)side;
	img.format = PNG_FORMAT_GRAY;
	ok = png_image_write_to_file(&img, path, 0, px, 0, NULL);
	free(px);
	qr_free(&q);
	if (!ok)
		return cli_error("cannot write '%s': %s", path, img.message);
	return EXIT_OK;
}

int cmd_scanner_test(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "scale", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *me = cli_command("scanner-test");
	const char *out = NULL;
	char *end;
	long scale = 8;
	int c;

	if (me && cli_wants_help(argc, argv, me))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o') {
			out = optarg;
		} else if (c == 's') {
			scale = strtol(optarg, &end, 10);
			if (*end || scale < 2 || scale > 40)
				return cli_usage_error("scanner-test", "bad "
						       "--scale '%s'", optarg);
		} else {
			return cli_usage_error("scanner-test", "unknown "
					       "option");
		}
	}
	if (optind < argc)
		return cli_usage_error("scanner-test", "unexpected '%s'",
				       argv[optind]);
	printf("%s\n", keyscan_test_text());
	if (out && cli_out_file("scanner-test", "--out", out,
				(const char *const[]){ ".png", NULL }))
		return EXIT_USAGE;
	return out ? scanner_write_png(out, (int)scale) : EXIT_OK;
}
