/* bench_layout.c: every kiosk screen laid out (layout_build: wrapping
 * every text, MeCab finding its words and phrases) beside the same
 * layout without MeCab (FAIR_LINEBREAK=scripts, run in a child so both
 * are measured in one run). Screens at 1920x1080, 1080x1920, 1280x800
 * and 800x480, both languages, lists of 10 rows. Prints p50/p99 per
 * screen and the ratio; the target is a full screen in under 5 ms.
 *   usage: bench_layout [ROUNDS]   (default 20) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_NAME "bench_layout"
#include "bench_util.h"
#include "fair/layout.h"
#include "fair/linebreak.h"

static const int sizes[4][2] = {
	{ 1920, 1080 }, { 1080, 1920 }, { 1280, 800 }, { 800, 480 }
};

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A state of screen s with real texts: a school list, a long place. */
static void state(struct brain *b, int s, enum lang lang)
{
	struct brain_config c = { .entrance = true, .demo = true,
				  .clock_ok = true, .result_ms = 2000,
				  .utc_offset_min = 540, .lang = lang };

	snprintf(c.place_name, sizeof(c.place_name), "東海オートサービス "
		 "仕事体験ワークショップ（整備士・営業）");
	brain_init(b, &c, 0);
	b->screen = (enum brain_screen)s;
	b->outcome = OUTCOME_FORGED;
	b->n_rows = 10;
	for (int i = 0; i < 10; i++)
		snprintf(b->rows[i].text, sizeof(b->rows[i].text),
			 "ヤマダ タロウ  山田 太郎  岐阜大学工学部 %d", i);
	b->selected = -1;
}

/* ms per screen, every screen and size once a round, into t[]. */
static int run(int rounds, double *t)
{
	static struct brain b;
	static struct layout l;
	struct layout_info info = { .status = "" };
	int n = 0;

	for (int r = 0; r < rounds; r++)
		for (int s = 0; s < SCREEN_COUNT; s++)
			for (int z = 0; z < 4; z++)
				for (int lang = 0; lang < LANG_COUNT; lang++) {
					double t0;

					state(&b, s, (enum lang)lang);
					t0 = now_s();
					layout_build(&b, &info, sizes[z][0],
						     sizes[z][1], &l);
					t[n++] = (now_s() - t0) * 1e3;
				}
	qsort(t, (size_t)n, sizeof(*t), cmp_d);
	return n;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20;
	double *t, p50, p99, b50 = 0, b99 = 0;
	struct fair_err err = { "" };
	char cmd[4200];
	FILE *child;
	int n;

	if (rounds < 1)
		rounds = 20;
	t = malloc(sizeof(*t) * (size_t)rounds * SCREEN_COUNT * 4 *
		   LANG_COUNT);
	if (!t)
		die("memory", "out of memory");
	if (getenv("BENCH_LAYOUT_CHILD")) { /* the baseline */
		n = run(rounds, t);
		printf("%f %f\n", t[n / 2], t[(int)(0.99 * (n - 1))]);
		return 0;
	}
	if (linebreak_init(&err))
		die("MeCab", err.msg);
	snprintf(cmd, sizeof(cmd), "BENCH_LAYOUT_CHILD=1 FAIR_LINEBREAK="
		 "scripts '%s' %d", argv[0], rounds);
	child = popen(cmd, "r");
	if (!child || fscanf(child, "%lf %lf", &b50, &b99) != 2)
		die("baseline", "the child printed nothing");
	pclose(child);
	run(1, t); /* warm: MeCab's dictionary paged in */
	n = run(rounds, t);
	p50 = t[n / 2];
	p99 = t[(int)(0.99 * (n - 1))];
	printf("layout of a screen, MeCab words and phrases: p50 %.2f ms, "
	       "p99 %.2f ms (%d screens)\n", p50, p99, n);
	printf("layout of a screen without MeCab:             p50 %.2f ms, "
	       "p99 %.2f ms\n", b50, b99);
	printf("ratio with/without: p50 %.2f, p99 %.2f (target: p99 < 5 ms "
	       "a screen: %s)\n", p50 / b50, p99 / b99,
	       p99 < 5.0 ? "met" : "MISSED");
	free(t);
	return 0;
}
