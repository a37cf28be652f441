/* print.c: badges to a CUPS queue. No SDL: render.c makes the image. */
#include <cups/cups.h>

#include "kiosk.h"

/* libcups reports both a missing queue and a stopped cupsd as "No such
 * file or directory"; staff at the kiosk need to know which one to fix. */
static int print_check_queue(const char *queue, struct fair_err *err)
{
	http_t *http;
	cups_dest_t *dest;

	http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC,
			    cupsEncryption(), 1, 5000, NULL);
	if (!http)
		return fair_fail(err, FAIR_EIO,
				 "printer '%s': no CUPS server at %s", queue,
				 cupsServer());
	dest = cupsGetNamedDest(http, queue, NULL);
	httpClose(http);
	if (!dest)
		return fair_fail(err, FAIR_ENOENT,
				 "printer '%s': no such CUPS queue", queue);
	cupsFreeDests(1, dest);
	return 0;
}

int print_badge(const char *queue, const char *png_path,
		enum label_kind label, int *job, struct fair_err *err)
{
	struct label_geom g = label_geometry(label, 21);
	cups_option_t *opts = NULL;
	int rc, nopts = 0;

	if (!queue[0])
		return fair_fail(err, FAIR_EINVAL, "no printer configured");
	rc = print_check_queue(queue, err);
	if (rc)
		return rc;
	/* The image is the whole label at its resolution: the media picks
	 * the paper (a label printer's driver cuts 62 mm tape at the page
	 * length), fit-to-page keeps a driver's margins from cropping it. */
	nopts = cupsAddOption("media", g.media, nopts, &opts);
	nopts = cupsAddOption("fit-to-page", "true", nopts, &opts);
	*job = cupsPrintFile(queue, png_path, "fairkiosk badge", nopts, opts);
	cupsFreeOptions(nopts, opts);
	if (*job == 0)
		return fair_fail(err, FAIR_EIO, "printer '%s': %s", queue,
				 cupsLastErrorString());
	return 0;
}
