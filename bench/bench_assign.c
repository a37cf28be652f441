/* bench_assign.c: the tour planner (tours_solve) on 2,000 students, 300
 * companies, 5 days, 3 visits (BENCH_STUDENTS, BENCH_COMPANIES to change),
 * beside a baseline that only fills seats first-fit per student (no shares,
 * no randomness, no max-flow) on the same event. Target: under 10 s. */
#define BENCH_NAME "bench_assign"
#include <stdint.h>
#include <string.h>

#include "bench_util.h"
#include "fair/tours.h"

/* First fit: each student takes, day by day, the first host day with a
 * seat in an industry it has not had. Only a yardstick for the cost. */
static int baseline(const struct tours_problem *p, int *load)
{
	int placed = 0;
	uint8_t *ind = calloc((size_t)p->nindustries, 1);

	memset(load, 0, sizeof(int) * (size_t)p->nslots);
	for (int s = 0; s < p->nstudents; s++) {
		int got = 0;

		memset(ind, 0, (size_t)p->nindustries);
		for (int d = (s % p->ndays), k = 0; k < p->ndays &&
		     got < p->visits; k++, d = (d + 1) % p->ndays)
			for (int v = 0; v < p->nslots; v++)
				if (p->slot[v].day == d &&
				    !ind[p->slot[v].industry] &&
				    load[v] < p->slot[v].capacity) {
					load[v]++;
					ind[p->slot[v].industry] = 1;
					got++;
					break;
				}
		placed += got;
	}
	free(ind);
	return placed;
}

int main(void)
{
	int students = (int)env_long("BENCH_STUDENTS", 2000);
	int companies = (int)env_long("BENCH_COMPANIES", 300);
	int days = 5, visits = 3, nslots = 0;
	struct tours_slot *slot = calloc((size_t)companies * 2, sizeof(*slot));
	int *load = calloc((size_t)companies * 2, sizeof(int));
	struct tours_problem p = { 0 };
	struct tours_plan plan;
	struct fair_err err = { "" };
	uint64_t r = 12345;
	double t0, t_solve, t_base;
	long seats = 0;
	int placed;

	if (!slot || !load)
		die("memory", "out of memory");
	/* each company hosts 2 of the 5 days; 12 industries; capacities
	 * 6..16, about 1.4 seats per needed visit */
	for (int c = 0; c < companies; c++) {
		int first = c % days;

		for (int h = 0; h < 2; h++) {
			r = r * 6364136223846793005ull + 1442695040888963407ull;
			slot[nslots] = (struct tours_slot){
				.day = (first + h * 2) % days,
				.industry = c % 12, .company = c,
				.capacity = 6 + (int)((r >> 33) % 11) };
			seats += slot[nslots++].capacity;
		}
	}
	p = (struct tours_problem){ .nstudents = students, .nslots = nslots,
				    .ndays = days, .nindustries = 12,
				    .visits = visits, .slot = slot,
				    .seed = 7 };
	t0 = now_s();
	if (tours_solve(&p, &plan, &err))
		die("tours_solve", err.msg);
	t_solve = now_s() - t0;
	t0 = now_s();
	placed = baseline(&p, load);
	t_base = now_s() - t0;
	printf("assign %d students, %d companies, %d host days, %ld seats, "
	       "%d days, %d visits\n", students, companies, nslots, seats,
	       days, visits);
	printf("  tours_solve: %.3f s (%d visits; target < 10 s)\n", t_solve,
	       plan.n);
	printf("  first-fit baseline: %.3f s (%d of %d visits placed)\n",
	       t_base, placed, students * visits);
	printf("  ratio %.1f\n", t_base > 0 ? t_solve / t_base : 0.0);
	tours_plan_free(&plan);
	free(slot);
	free(load);
	return t_solve < 10.0 ? 0 : 1;
}
