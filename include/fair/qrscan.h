/* qrscan.h: badge QR codes from 8-bit gray camera frames, through
 * ZXing-C++ (include/fair/zxing_wrap.h) and ZBar.
 *
 * Measured on realistic frames (docs/scanners.md, bench/bench_qrscan.c):
 * each library reads codes the other loses (ZBar: dotted modules, a glossy
 * band over a finder pattern, a finger over an edge; ZXing: small, grey
 * and tilted codes), and ZBar costs ten times as much, so ZXing reads
 * every frame and ZBar once a cycle. Each frame gets:
 *   - the fast pass: the frame box-downscaled (a 1280x720 frame to
 *     640x360, qrscan_auto_scale()), ZXing, QR only: a badge held up at a
 *     normal size is read on the first frame that shows it;
 *   - one extra pass, in turn over QRSCAN_CYCLE frames: the downscaled
 *     frame inverted (a phone in dark mode); the full-size frame through
 *     ZXing's tryHarder (small, dense and blurred codes the downscale
 *     loses); the downscaled frame with its grey range stretched (grey ink
 *     in dim light); ZBar (QR only, binary, density 1) on the full-size
 *     frame's region round the finder patterns seen in the downscaled
 *     one (none seen, no ZBar). A code any pass reads is therefore read
 *     within QRSCAN_CYCLE frames (133 ms at 30 fps), inside the kiosk's
 *     150 ms confirmation target. The extra pass is skipped when the fast
 *     pass read a code.
 * Payloads are the libraries' raw bytes (no guessed text encoding), kept
 * only when they are printable ASCII of at most QRSCAN_TEXT_MAX bytes: a
 * badge token is letters and digits, and nothing else is fed on as text.
 * Both libraries return only symbols whose Reed-Solomon check passed, so
 * a damaged code is unread, never misread.
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
#define QRSCAN_CYCLE 4           /* frames until every pass has looked */

/* A decoder: scratch frames and the turn of the extra pass. Not
 * thread-safe: one per camera thread. */
struct qrscan;

/* scale: the fast pass's box-downscale factor (1 = none), or 0 to pick
 * one from each frame's size with qrscan_auto_scale(). NULL when out of
 * memory. */
struct qrscan *qrscan_new(int scale);
void qrscan_free(struct qrscan *q);

/* The factor for a w x h frame: height / 360, between 1 and 4. It assumes
 * a badge's QR spans at least a third of the frame's height (a badge held
 * up to a kiosk camera); smaller codes want scale 1. */
int qrscan_auto_scale(int w, int h);

/* Decodes one frame (the next of a stream: which extra pass runs depends
 * on how many came before): gray is w x h bytes (0 black), stride bytes a
 * row. Returns 1 when a QR code was read, with its payload (printable
 * ASCII, at most QRSCAN_TEXT_MAX bytes and cap - 1) in out, NUL-terminated,
 * and its length in *len; 0 when none was (or its payload was refused),
 * *len 0; -1 for a frame of a bad size, cap 0, or out of memory. */
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
