/* qrscan.h: badge QR codes from 8-bit gray camera frames, through ZBar.
 *
 * Tuned as docs/scanners.md and the field notes explain: only QR enabled
 * (every other symbology off), ZBAR_CFG_BINARY on (no guessed text
 * encodings, no Shift_JIS mojibake), scan density 1 (denser scanning misses
 * tilted badges), and each frame box-downscaled first while QR modules stay
 * at least about 3 px: a 1280x720 frame is decoded at 640x360, about four
 * times faster than at full size with every tilt 0-45 degrees still read.
 * The downscaled frame's grey range is then mapped onto 48 levels, which
 * puts sensor noise under ZBar's edge threshold (see qrscan_level()).
 *
 * struct qrscan_dedupe makes a badge held in view count once, not once a
 * frame; it takes time as an argument so tests use a fake clock.
 */
#ifndef FAIR_QRSCAN_H
#define FAIR_QRSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QRSCAN_TEXT_MAX 512      /* longest payload kept (TOKEN_INPUT_MAX) */
#define QRSCAN_MAX_SIDE 4096     /* larger frames are refused */
#define QRSCAN_FORGET_MS 1500    /* a badge gone this long counts again */
#define QRSCAN_DEDUPE_SLOTS 4    /* badges remembered at once */

/* A decoder: a configured ZBar scanner plus the scratch frame it scales
 * into. Not thread-safe: one per camera thread. */
struct qrscan;

/* scale: the box-downscale factor (1 = none), or 0 to pick one from each
 * frame's size with qrscan_auto_scale(). NULL when out of memory. */
struct qrscan *qrscan_new(int scale);
void qrscan_free(struct qrscan *q);

/* The factor for a w x h frame: height / 360, between 1 and 4. It assumes
 * a badge's QR spans at least a third of the frame's height (a badge held
 * up to a kiosk camera); smaller codes want scale 1. */
int qrscan_auto_scale(int w, int h);

/* Decodes one frame: gray is w x h bytes (0 black), stride bytes a row.
 * Returns how many QR symbols were read (0 for none, or -1 for a frame of
 * a bad size), and copies the first one whose payload fits (at most
 * QRSCAN_TEXT_MAX bytes, no NUL byte) into out (cap bytes, NUL-terminated)
 * with its length in *len; *len is 0 when none fits. */
int qrscan_frame(struct qrscan *q, const uint8_t *gray, int w, int h,
		 int stride, char *out, size_t cap, size_t *len);

/* Box-downscales src (w x h, stride) by factor into dst, which holds
 * (w / factor) * (h / factor) bytes, rows packed. */
void qrscan_downscale(const uint8_t *src, int w, int h, int stride,
		      int factor, uint8_t *dst);

struct qrscan_seen {
	char text[QRSCAN_TEXT_MAX + 1]; /* a payload recently in view */
	size_t len;                     /* 0 for a free slot */
	int64_t last_ms;                /* the last frame it was in */
};

/* Recently seen payloads. Caller-owned, no resources. */
struct qrscan_dedupe {
	struct qrscan_seen slot[QRSCAN_DEDUPE_SLOTS];
	int forget_ms;                  /* absence that makes it new again */
};

void qrscan_dedupe_init(struct qrscan_dedupe *d, int forget_ms);

/* Call for every payload read in a frame at now_ms. True when it is a new
 * scan: not seen within forget_ms before. A badge that stays in view (even
 * with a few unreadable frames in between) stays false; taken away for
 * forget_ms and shown again, it is true once more. */
bool qrscan_dedupe_seen(struct qrscan_dedupe *d, const char *text, size_t len,
			int64_t now_ms);

#endif
