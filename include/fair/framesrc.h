/* framesrc.h: recorded camera frames, for tests and demos.
 *
 * `camera = file:PATH` in kiosk.ini plays PATH through the same pipeline as
 * a camera: PATH is either a YUV4MPEG2 file (*.y4m, any 8-bit chroma
 * layout; only the luma plane is used) played at the rate in its header, or
 * a directory of 8-bit gray or colour frames (*.pgm binary P5, *.png) played
 * in file-name order at FRAMESRC_DIR_FPS frames a second, or at the rate
 * written in a file named "fps" in that directory.
 */
#ifndef FAIR_FRAMESRC_H
#define FAIR_FRAMESRC_H

#include <stdint.h>

#include "fair/err.h"

#define FRAMESRC_DIR_FPS 10
#define FRAMESRC_MAX_SIDE 4096   /* larger frames are refused */
#define FRAMESRC_MAX_FILES 100000 /* frames in a directory */

struct framesrc;

struct framesrc_frame {
	const uint8_t *gray; /* w*h luma bytes, rows packed; valid until the
			      * next framesrc_next() or framesrc_close() */
	int w, h;
	int index;           /* 0 for the first frame */
	int64_t due_ms;      /* when to show it, from the start of playback */
};

/* Opens a directory of frames or a .y4m file. NULL with err set when PATH
 * is missing, unreadable, an empty directory, or a file that is not Y4M. */
struct framesrc *framesrc_open(const char *path, struct fair_err *err);

/* Reads the next frame into *out. Returns 1, 0 at the end, or a negative
 * FAIR_* code with err naming the file and what is wrong with it (a
 * corrupt frame ends playback; it is not skipped silently). */
int framesrc_next(struct framesrc *fs, struct framesrc_frame *out,
		  struct fair_err *err);

/* Frames a second, as numerator and denominator. */
void framesrc_rate(const struct framesrc *fs, int *num, int *den);

void framesrc_close(struct framesrc *fs);

#endif
