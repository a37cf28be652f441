/* serialscan.h: scans from a serial (RS-232 or USB CDC-ACM) scanner.
 *
 * A serial scanner sends each scan as one line of bytes. serialscan_open()
 * sets the tty raw at a given speed; struct serialscan splits what arrives
 * into lines (ending on CR, LF or CRLF, or after an idle gap for scanners
 * set to send no terminator) with the same cap as keyboard scans, dropping
 * overlong lines whole. The splitter is pure and takes time as an argument.
 */
#ifndef FAIR_SERIALSCAN_H
#define FAIR_SERIALSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fair/err.h"
#include "fair/keyscan.h"

/* Opens a tty read-only, non-blocking, raw 8N1 at baud, without making it
 * the controlling terminal and ignoring modem lines. Returns the fd, or a
 * negative FAIR_* code with err set: FAIR_EINVAL for a speed termios does
 * not offer, FAIR_ENOENT for a missing device, FAIR_EIO otherwise (not a
 * tty, permission). */
int serialscan_open(const char *path, int baud, struct fair_err *err);

/* Whether baud is a speed serialscan_open() accepts. */
bool serialscan_baud_ok(int baud);

struct serialscan {
	char buf[KEYSCAN_LINE_MAX + 1]; /* the line being received */
	size_t len;                     /* bytes in buf */
	bool overflow;                  /* line passed the cap: drop it */
	int64_t last_ms;                /* newest byte, or -1 */
	int idle_ms;                    /* gap that ends a line */
};

void serialscan_init(struct serialscan *ss);

/* Consumes bytes from data (n of them) until one line completes: returns
 * how many bytes were used and sets *result (KEYSCAN_LINE with *line,
 * KEYSCAN_DROPPED for an overlong line, or KEYSCAN_NONE when all n bytes
 * were used without completing one). Call again with the rest. NUL bytes
 * are skipped (they would cut the text); other bytes pass unchanged, so a
 * wrong speed shows as garbage the self-test can name. */
size_t serialscan_feed(struct serialscan *ss, const char *data, size_t n,
		       int64_t now_ms, enum keyscan_result *result,
		       struct keyscan_line *line);

/* Ends a line without terminator after the idle gap. */
enum keyscan_result serialscan_tick(struct serialscan *ss, int64_t now_ms,
				    struct keyscan_line *line);

/* When serialscan_tick() should next run, or -1. */
int64_t serialscan_deadline(const struct serialscan *ss);

#endif
