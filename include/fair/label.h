/* label.h: the paper a kiosk prints walk-in badges on, chosen in
 * kiosk.ini ([printer] label). Each kind has a page size in millimetres,
 * the CUPS media name that asks the printer for it, and the badge's
 * layout on it at the print resolution: pure geometry, no drawing, so the
 * renderer and the print job agree by construction.
 *
 * Kinds: A6 card (105 x 148 mm, the default: any office printer),
 * 62 mm continuous tape cut at 100 mm (Brother QL with
 * printer-driver-ptouch), 4 x 6 inch shipping labels (Zebra-style and
 * most label printers). */
#ifndef FAIR_LABEL_H
#define FAIR_LABEL_H

enum label_kind {
	LABEL_A6 = 0,
	LABEL_62MM,
	LABEL_4X6IN,
	LABEL_COUNT,
};

struct label_geom {
	double width_mm, height_mm;   /* the page, portrait */
	const char *media;            /* CUPS/PWG media name for the job */
	int dpi;                      /* the badge image's resolution */
	int width_px, height_px;      /* the image: the whole page */
	int qr_px;                    /* the QR's side, quiet zone included */
	int qr_x, qr_y;               /* its top-left corner */
	int name_px;                  /* text height of the student's name */
	int name_y;                   /* top of the name line */
	int margin_px;                /* around everything */
};

/* "a6", "62mm", "4x6in" -> kind; -1 for anything else. */
int label_parse(const char *s);

/* The kind's name as kiosk.ini spells it. */
const char *label_name(enum label_kind k);

/* The layout of a badge on kind k for a QR of `modules` modules (quiet
 * zone included): the QR as large as fits above the name, each module a
 * whole number of pixels so that it prints sharp. */
struct label_geom label_geometry(enum label_kind k, int modules);

#endif
