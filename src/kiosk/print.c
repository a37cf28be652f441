/* print.c: badges to a CUPS queue. No SDL: render.c makes the image. */
#include <cups/cups.h>

#include "kiosk.h"

int print_badge(const char *queue, const char *png_path,
		struct fair_err *err)
{
	int job;

	if (!queue[0])
		return fair_fail(err, FAIR_EINVAL, "no printer configured");
	job = cupsPrintFile(queue, png_path, "fairkiosk badge", 0, NULL);
	if (job == 0)
		return fair_fail(err, FAIR_EIO, "printer '%s': %s", queue,
				 cupsLastErrorString());
	return 0;
}
