/* fuzz_framesrc.c: any file given as recorded frames (as a Y4M file, and as
 * the only frame of a directory) is played or refused with a message,
 * never a crash or an over-read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fair/framesrc.h"

static void play(const char *path)
{
	struct fair_err err = { "" };
	struct framesrc_frame fr;
	struct framesrc *fs = framesrc_open(path, &err);
	unsigned sum = 0;
	int rc;

	if (!fs) {
		if (!err.msg[0])
			__builtin_trap();
		return;
	}
	while ((rc = framesrc_next(fs, &fr, &err)) == 1)
		for (int i = 0; i < fr.w * fr.h; i += 97)
			sum += fr.gray[i];
	if (rc < 0 && !err.msg[0])
		__builtin_trap();
	framesrc_close(fs);
	(void)sum;
}

static void save(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return;
	fwrite(data, 1, size, f);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[] = "/tmp/fair-fuzz-frames-XXXXXX";
	char y4m[64], pgm[64], png[64];

	if (!mkdtemp(dir))
		return 0;
	snprintf(y4m, sizeof(y4m), "%s/a.y4m", dir);
	save(y4m, data, size);
	play(y4m);
	unlink(y4m);
	snprintf(pgm, sizeof(pgm), "%s/a.pgm", dir);
	save(pgm, data, size);
	play(dir);
	unlink(pgm);
	snprintf(png, sizeof(png), "%s/a.png", dir);
	save(png, data, size);
	play(dir);
	unlink(png);
	rmdir(dir);
	return 0;
}
