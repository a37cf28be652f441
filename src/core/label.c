/* label.c: see label.h. */
#include <string.h>

#include "fair/label.h"

static const struct {
	const char *name;
	double w_mm, h_mm;
	const char *media;
} kinds[LABEL_COUNT] = {
	[LABEL_A6] = { "a6", 105.0, 148.0, "iso_a6_105x148mm" },
	[LABEL_62MM] = { "62mm", 62.0, 100.0, "Custom.62x100mm" },
	[LABEL_4X6IN] = { "4x6in", 101.6, 152.4, "na_index-4x6_4x6in" },
};

#define LABEL_DPI 300

int label_parse(const char *s)
{
	for (int i = 0; i < LABEL_COUNT; i++)
		if (!strcmp(s, kinds[i].name))
			return i;
	return -1;
}

const char *label_name(enum label_kind k)
{
	return k < LABEL_COUNT ? kinds[k].name : "?";
}

static int mm_to_px(double mm)
{
	return (int)(mm * LABEL_DPI / 25.4 + 0.5);
}

struct label_geom label_geometry(enum label_kind k, int modules)
{
	struct label_geom g = { 0 };
	int side, module;

	if (k >= LABEL_COUNT)
		k = LABEL_A6;
	if (modules < 21)
		modules = 21;
	g.width_mm = kinds[k].w_mm;
	g.height_mm = kinds[k].h_mm;
	g.media = kinds[k].media;
	g.dpi = LABEL_DPI;
	g.width_px = mm_to_px(g.width_mm);
	g.height_px = mm_to_px(g.height_mm);
	g.margin_px = mm_to_px(4.0);
	/* Name text 7 mm tall (readable across a booth table), below the QR;
	 * the QR takes the page's width less the margins, whole pixels per
	 * module, and at most what is left above the name. */
	g.name_px = mm_to_px(7.0);
	side = g.width_px - 2 * g.margin_px;
	if (side > g.height_px - 3 * g.margin_px - 2 * g.name_px)
		side = g.height_px - 3 * g.margin_px - 2 * g.name_px;
	module = side / modules;
	if (module < 1)
		module = 1;
	g.qr_px = module * modules;
	g.qr_x = (g.width_px - g.qr_px) / 2;
	g.qr_y = g.margin_px;
	g.name_y = g.qr_y + g.qr_px + g.margin_px;
	return g;
}
