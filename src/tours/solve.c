/* solve.c: who visits which company on which day (see fair/tours.h for
 * the steps). Pure: arrays in, arrays out, no database. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/grow.h"
#include "fair/tours.h"

/* ---- random numbers (splitmix64: small, seedable, portable) --------- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int rng_below(uint64_t *s, int n)
{
	return n > 0 ? (int)(rng_next(s) % (uint64_t)n) : 0;
}

static void shuffle(int *a, int n, uint64_t *rng)
{
	for (int i = n - 1; i > 0; i--) {
		int j = rng_below(rng, i + 1), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

/* ---- messages ------------------------------------------------------- */

struct why {
	char text[sizeof(((struct fair_err *)0)->msg)];
	size_t len;
	int n;
};

static void why_add(struct why *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void why_add(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (w->len + 2 >= sizeof(w->text))
		return;
	if (w->n++)
		w->text[w->len++] = '\n';
	va_start(ap, fmt);
	k = vsnprintf(w->text + w->len, sizeof(w->text) - w->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		w->len += (size_t)k;
	if (w->len >= sizeof(w->text))
		w->len = sizeof(w->text) - 1;
	w->text[w->len] = '\0';
}

static const char *day_label(const struct tours_problem *p, int d,
			     char buf[24])
{
	if (p->day_name && p->day_name[d])
		return p->day_name[d];
	snprintf(buf, 24, "day %d", d + 1);
	return buf;
}

static const char *ind_label(const struct tours_problem *p, int i,
			     char buf[24])
{
	if (p->industry_name && p->industry_name[i])
		return p->industry_name[i];
	snprintf(buf, 24, "industry %d", i + 1);
	return buf;
}

/* ---- max-flow (Dinic) ----------------------------------------------- */

struct flow {
	int nodes, nedges, cap_edges;
	int *head, *level, *iter, *queue;
	int *to, *next, *cap;
};

static int flow_init(struct flow *f, int nodes, int edges)
{
	memset(f, 0, sizeof(*f));
	f->nodes = nodes;
	f->cap_edges = edges * 2;
	f->head = malloc(sizeof(int) * (size_t)nodes);
	f->level = malloc(sizeof(int) * (size_t)nodes);
	f->iter = malloc(sizeof(int) * (size_t)nodes);
	f->queue = malloc(sizeof(int) * (size_t)nodes);
	f->to = malloc(sizeof(int) * (size_t)f->cap_edges);
	f->next = malloc(sizeof(int) * (size_t)f->cap_edges);
	f->cap = malloc(sizeof(int) * (size_t)f->cap_edges);
	if (!f->head || !f->level || !f->iter || !f->queue || !f->to ||
	    !f->next || !f->cap)
		return FAIR_ENOMEM;
	for (int i = 0; i < nodes; i++)
		f->head[i] = -1;
	return 0;
}

static void flow_free(struct flow *f)
{
	free(f->head);
	free(f->level);
	free(f->iter);
	free(f->queue);
	free(f->to);
	free(f->next);
	free(f->cap);
}

/* Returns the index of the forward edge. */
static int flow_edge(struct flow *f, int u, int v, int c)
{
	int e = f->nedges;

	f->to[e] = v;
	f->cap[e] = c;
	f->next[e] = f->head[u];
	f->head[u] = e;
	f->to[e + 1] = u;
	f->cap[e + 1] = 0;
	f->next[e + 1] = f->head[v];
	f->head[v] = e + 1;
	f->nedges += 2;
	return e;
}

static bool flow_bfs(struct flow *f, int s, int t)
{
	int qh = 0, qt = 0;

	for (int i = 0; i < f->nodes; i++)
		f->level[i] = -1;
	f->level[s] = 0;
	f->queue[qt++] = s;
	while (qh < qt) {
		int u = f->queue[qh++];

		for (int e = f->head[u]; e >= 0; e = f->next[e])
			if (f->cap[e] > 0 && f->level[f->to[e]] < 0) {
				f->level[f->to[e]] = f->level[u] + 1;
				f->queue[qt++] = f->to[e];
			}
	}
	return f->level[t] >= 0;
}

static int flow_dfs(struct flow *f, int u, int t, int pushed)
{
	if (u == t)
		return pushed;
	for (int *e = &f->iter[u]; *e >= 0; *e = f->next[*e]) {
		int v = f->to[*e], got;

		if (f->cap[*e] <= 0 || f->level[v] != f->level[u] + 1)
			continue;
		got = flow_dfs(f, v, t, pushed < f->cap[*e] ? pushed
						: f->cap[*e]);
		if (got > 0) {
			f->cap[*e] -= got;
			f->cap[*e ^ 1] += got;
			return got;
		}
	}
	return 0;
}

static long flow_run(struct flow *f, int s, int t)
{
	long total = 0;
	int got;

	while (flow_bfs(f, s, t)) {
		memcpy(f->iter, f->head, sizeof(int) * (size_t)f->nodes);
		while ((got = flow_dfs(f, s, t, 1 << 30)) > 0)
			total += got;
	}
	return total;
}

/* ---- the solver state ----------------------------------------------- */

struct solver {
	const struct tours_problem *p;
	int S, V, D, I, N;
	uint8_t *used_day;       /* S x D: the student visits that day */
	uint8_t *used_ind;       /* S x I: ... an industry */
	int *need;               /* visits still to plan, per student */
	int *kept_load;          /* per slot */
	int *room;               /* seats left per slot */
	int *share;              /* students to add per slot */
	int *eligible;           /* per day: students who could come */
	struct tours_plan *out;
	struct why why;
};

static int remaining_seats(const struct solver *sv, int v)
{
	int r = sv->p->slot[v].capacity - sv->kept_load[v];

	return r > 0 ? r : 0;
}

/* Students with something to plan who are free on day d / in industry i,
 * and the seats left there. */
static void group_counts(const struct solver *sv, bool by_day, int g,
			 long *eligible, long *seats)
{
	*eligible = 0;
	*seats = 0;
	for (int s = 0; s < sv->S; s++)
		if (sv->need[s] > 0 &&
		    !(by_day ? sv->used_day[(size_t)s * sv->D + g]
			     : sv->used_ind[(size_t)s * sv->I + g]))
			(*eligible)++;
	for (int v = 0; v < sv->V; v++)
		if ((by_day ? sv->p->slot[v].day : sv->p->slot[v].industry) ==
		    g)
			*seats += sv->room[v];
}

/* What no plan can get around (step 1). Returns the number of reasons. */
static int check_bounds(struct solver *sv, long total)
{
	const struct tours_problem *p = sv->p;
	long seats = 0, *cap_g, *eli_g, *seat_g;
	int ngroups[2] = { sv->D, sv->I }, short_days = 0, short_ind = 0;
	char buf[24];

	for (int v = 0; v < sv->V; v++)
		seats += sv->room[v];
	if (seats < total)
		why_add(&sv->why, "all days: %ld visits needed, %ld seats",
			total, seats);
	/* every student must find enough free days and industries */
	for (int s = 0; s < sv->S; s++) {
		int days = 0, inds = 0;

		if (sv->need[s] <= 0)
			continue;
		for (int d = 0; d < sv->D; d++) {
			bool any = false;

			for (int v = 0; v < sv->V && !any; v++)
				any = p->slot[v].day == d && sv->room[v] > 0;
			days += any && !sv->used_day[(size_t)s * sv->D + d];
		}
		for (int i = 0; i < sv->I; i++) {
			bool any = false;

			for (int v = 0; v < sv->V && !any; v++)
				any = p->slot[v].industry == i &&
				      sv->room[v] > 0;
			inds += any && !sv->used_ind[(size_t)s * sv->I + i];
		}
		short_days += days < sv->need[s];
		short_ind += inds < sv->need[s];
	}
	if (short_days)
		why_add(&sv->why, "days: %d visits each need %d days with "
			"hosts; %d student%s cannot get that many", sv->N,
			sv->N, short_days, short_days == 1 ? "" : "s");
	if (short_ind)
		why_add(&sv->why, "industries: %d visits each need %d "
			"industries; %d student%s cannot get that many",
			sv->N, sv->N, short_ind, short_ind == 1 ? "" : "s");
	if (short_days || short_ind)
		return sv->why.n;
	/* a group g (a day, or an industry) takes each student at most once,
	 * so the others take at most min(seats, students) each; what they
	 * cannot take must fit in g's seats */
	for (int k = 0; k < 2; k++) {
		long sum = 0;
		int G = ngroups[k];

		cap_g = calloc((size_t)G + 1, sizeof(long));
		eli_g = calloc((size_t)G + 1, sizeof(long));
		seat_g = calloc((size_t)G + 1, sizeof(long));
		if (!cap_g || !eli_g || !seat_g) {
			why_add(&sv->why, "out of memory");
			free(cap_g);
			free(eli_g);
			free(seat_g);
			return sv->why.n;
		}
		for (int g = 0; g < G; g++) {
			group_counts(sv, k == 0, g, &eli_g[g], &seat_g[g]);
			cap_g[g] = eli_g[g] < seat_g[g] ? eli_g[g] : seat_g[g];
			sum += cap_g[g];
		}
		for (int g = 0; g < G; g++) {
			long must = total - (sum - cap_g[g]);

			if (must <= seat_g[g] || must <= 0)
				continue;
			if (k == 0)
				why_add(&sv->why, "%s: %ld students, %ld seats",
					day_label(p, g, buf), must, seat_g[g]);
			else
				why_add(&sv->why, "industry %s: %ld students, "
					"%ld seats", ind_label(p, g, buf), must,
					seat_g[g]);
		}
		if (sum < total && !sv->why.n)
			why_add(&sv->why, "%s: %ld visits needed, at most %ld "
				"fit (each student once per %s)",
				k == 0 ? "days" : "industries", total, sum,
				k == 0 ? "day" : "industry");
		free(cap_g);
		free(eli_g);
		free(seat_g);
	}
	return sv->why.n;
}

/* ---- step 2: shares ------------------------------------------------- */

/* The students slot v would hold at level t, minus those it keeps. */
static int level_add(const struct solver *sv, int v, long t)
{
	long kl = sv->kept_load[v], cap = sv->p->slot[v].capacity, f;

	f = t < cap ? t : cap;
	if (f < kl)
		f = kl;
	return (int)(f - kl);
}

/* Spreads total new students over the slots in list (n of them): the
 * highest level t whose loads fit, then one more at t+1 for slots drawn
 * at random. */
static void waterfill(struct solver *sv, const int *list, int n, long total,
		      uint64_t *rng)
{
	long lo = 0, hi = 0, sum;
	int *cand, nc = 0;

	for (int i = 0; i < n; i++)
		if (sv->p->slot[list[i]].capacity > hi)
			hi = sv->p->slot[list[i]].capacity;
	while (lo < hi) {                  /* largest t with sum <= total */
		long mid = (lo + hi + 1) / 2;

		sum = 0;
		for (int i = 0; i < n; i++)
			sum += level_add(sv, list[i], mid);
		if (sum <= total)
			lo = mid;
		else
			hi = mid - 1;
	}
	sum = 0;
	for (int i = 0; i < n; i++) {
		sv->share[list[i]] = level_add(sv, list[i], lo);
		sum += sv->share[list[i]];
	}
	cand = malloc(sizeof(int) * (size_t)(n ? n : 1));
	if (!cand)
		return;
	for (int i = 0; i < n; i++)
		if (level_add(sv, list[i], lo + 1) > sv->share[list[i]])
			cand[nc++] = list[i];
	shuffle(cand, nc, rng);
	for (int i = 0; i < nc && sum < total; i++, sum++)
		sv->share[cand[i]]++;
	free(cand);
}

/* Shares with every day held to the students who can come that day. */
static int make_shares(struct solver *sv, long total, uint64_t *rng)
{
	bool *fixed = calloc((size_t)sv->D, sizeof(bool));
	int *list = malloc(sizeof(int) * (size_t)sv->V), n;
	bool changed = true;

	if (!fixed || !list) {
		free(fixed);
		free(list);
		return FAIR_ENOMEM;
	}
	while (changed) {
		long rest = total;

		changed = false;
		n = 0;
		for (int d = 0; d < sv->D; d++)
			if (fixed[d])
				rest -= sv->eligible[d];
		for (int v = 0; v < sv->V; v++)
			if (!fixed[sv->p->slot[v].day])
				list[n++] = v;
		waterfill(sv, list, n, rest, rng);
		for (int d = 0; d < sv->D; d++) {
			long day = 0;

			if (fixed[d])
				continue;
			for (int v = 0; v < sv->V; v++)
				if (sv->p->slot[v].day == d)
					day += sv->share[v];
			if (day <= sv->eligible[d])
				continue;
			fixed[d] = changed = true;
			n = 0;
			for (int v = 0; v < sv->V; v++)
				if (sv->p->slot[v].day == d)
					list[n++] = v;
			waterfill(sv, list, n, sv->eligible[d], rng);
		}
	}
	free(fixed);
	free(list);
	return 0;
}

/* ---- step 3: days --------------------------------------------------- */

struct rank {
	int key1, key2, idx;
};

static int rank_cmp(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->key1 != y->key1)
		return x->key1 > y->key1 ? -1 : 1;
	if (x->key2 != y->key2)
		return x->key2 < y->key2 ? -1 : 1;
	return x->idx - y->idx;
}

/* day_of[s * N + k]: the k-th day chosen for student s, or -1. */
static int choose_days(struct solver *sv, int *day_of, uint64_t *rng,
		       const char **fail)
{
	int *left = calloc((size_t)sv->D, sizeof(int));
	struct rank *st = malloc(sizeof(*st) * (size_t)sv->S);
	struct rank *dr = malloc(sizeof(*dr) * (size_t)sv->D);
	int rc = 0, n = 0;

	if (!left || !st || !dr) {
		rc = FAIR_ENOMEM;
		goto out;
	}
	for (int v = 0; v < sv->V; v++)
		left[sv->p->slot[v].day] += sv->share[v];
	for (int s = 0; s < sv->S; s++)
		if (sv->need[s] > 0)
			st[n++] = (struct rank){ sv->need[s],
				(int)(rng_next(rng) >> 33), s };
	qsort(st, (size_t)n, sizeof(*st), rank_cmp);
	for (int i = 0; i < n && !rc; i++) {
		int s = st[i].idx, m = 0;

		for (int d = 0; d < sv->D; d++)
			if (left[d] > 0 && !sv->used_day[(size_t)s * sv->D + d])
				dr[m++] = (struct rank){ left[d],
					(int)(rng_next(rng) >> 33), d };
		if (m < sv->need[s]) {
			*fail = "not enough host days left for every student";
			rc = FAIR_EINVAL;
			break;
		}
		qsort(dr, (size_t)m, sizeof(*dr), rank_cmp);
		for (int k = 0; k < sv->need[s]; k++) {
			day_of[(size_t)s * sv->N + k] = dr[k].idx;
			left[dr[k].idx]--;
		}
	}
out:
	free(left);
	free(st);
	free(dr);
	return rc;
}

/* ---- step 4: companies, day by day ---------------------------------- */

/* A plan's rows: indexed by int, and far past a fair's. */
#define PLAN_ROWS_MAX 10000000

static int plan_push(struct tours_plan *pl, size_t *cap, int s, int v)
{
	/* two arrays side by side: each grows to the same cap */
	size_t cs = *cap, cv = *cap, need = (size_t)pl->n + 1;

	if (fair_grow((void **)&pl->student, &cs, need, sizeof(*pl->student),
		      PLAN_ROWS_MAX) ||
	    fair_grow((void **)&pl->slot, &cv, need, sizeof(*pl->slot),
		      PLAN_ROWS_MAX))
		return FAIR_ENOMEM;
	*cap = cs;
	pl->student[pl->n] = s;
	pl->slot[pl->n++] = v;
	return 0;
}

/* Seats the students matched to industry i on day d (list, n) in that
 * industry's host days: each to its share first, then the emptiest. */
static int seat_group(struct solver *sv, int d, int i, int *list, int n,
		      int *load, size_t *plan_cap, uint64_t *rng)
{
	int *slots = malloc(sizeof(int) * (size_t)sv->V), ns = 0, k = 0;
	int rc = 0;

	if (!slots)
		return FAIR_ENOMEM;
	for (int v = 0; v < sv->V; v++)
		if (sv->p->slot[v].day == d && sv->p->slot[v].industry == i)
			slots[ns++] = v;
	shuffle(slots, ns, rng);
	shuffle(list, n, rng);
	for (int j = 0; j < ns && k < n && !rc; j++)
		for (int q = 0; q < sv->share[slots[j]] && k < n && !rc; q++) {
			load[slots[j]]++;
			rc = plan_push(sv->out, plan_cap, list[k++], slots[j]);
		}
	while (k < n && !rc) {
		int best = -1;

		for (int j = 0; j < ns; j++) {
			int v = slots[j];

			if (sv->kept_load[v] + load[v] >=
			    sv->p->slot[v].capacity)
				continue;
			if (best < 0 || sv->kept_load[v] + load[v] <
			    sv->kept_load[best] + load[best])
				best = v;
		}
		if (best < 0) {
			rc = FAIR_EINVAL;
			break;
		}
		load[best]++;
		rc = plan_push(sv->out, plan_cap, list[k++], best);
	}
	free(slots);
	return rc;
}

static int place_day(struct solver *sv, int d, const int *day_of,
		     int *load, size_t *plan_cap, uint64_t *rng, long *unplaced)
{
	int *stu = malloc(sizeof(int) * (size_t)sv->S);
	int *ind = malloc(sizeof(int) * (size_t)sv->I);
	int *inode = malloc(sizeof(int) * (size_t)sv->I);
	int *quota = calloc((size_t)sv->I, sizeof(int));
	int *spare = calloc((size_t)sv->I, sizeof(int));
	int *sink_edge = malloc(sizeof(int) * (size_t)sv->I);
	int *node_ind = malloc(sizeof(int) * (size_t)sv->I);
	int *match = NULL, *grp = NULL;
	int n = 0, k = 0, rc = 0, src, sink;
	struct flow f = { 0 };

	if (!stu || !ind || !inode || !quota || !spare || !sink_edge ||
	    !node_ind) {
		rc = FAIR_ENOMEM;
		goto out;
	}
	for (int s = 0; s < sv->S; s++)
		for (int j = 0; j < sv->need[s]; j++)
			if (day_of[(size_t)s * sv->N + j] == d)
				stu[n++] = s;
	if (!n)
		goto out;
	for (int v = 0; v < sv->V; v++) {
		if (sv->p->slot[v].day != d)
			continue;
		quota[sv->p->slot[v].industry] += sv->share[v];
		spare[sv->p->slot[v].industry] += sv->room[v] - sv->share[v];
	}
	for (int i = 0; i < sv->I; i++) {
		inode[i] = -1;
		if (quota[i] + spare[i] > 0)
			ind[k++] = i;
	}
	shuffle(stu, n, rng);
	src = n + k;
	sink = n + k + 1;
	rc = flow_init(&f, n + k + 2, n + n * k + k);
	if (rc)
		goto out;
	for (int j = 0; j < k; j++) {
		inode[ind[j]] = n + j;
		node_ind[j] = ind[j];
		sink_edge[j] = flow_edge(&f, n + j, sink, quota[ind[j]]);
	}
	for (int a = 0; a < n; a++) {
		int s = stu[a];

		flow_edge(&f, src, a, 1);
		shuffle(ind, k, rng);
		for (int j = 0; j < k; j++)
			if (!sv->used_ind[(size_t)s * sv->I + ind[j]])
				flow_edge(&f, a, inode[ind[j]], 1);
	}
	if (flow_run(&f, src, sink) < n) {
		/* shares cannot all be met: let spare seats take the rest */
		for (int i = 0; i < sv->I; i++)
			if (inode[i] >= 0)
				f.cap[sink_edge[inode[i] - n]] += spare[i];
		flow_run(&f, src, sink);
	}
	match = malloc(sizeof(int) * (size_t)n);
	grp = malloc(sizeof(int) * (size_t)n);
	if (!match || !grp) {
		rc = FAIR_ENOMEM;
		goto out;
	}
	for (int a = 0; a < n; a++) {
		match[a] = -1;
		for (int e = f.head[a]; e >= 0; e = f.next[e])
			if (!(e & 1) && f.cap[e] == 0 && f.to[e] >= n &&
			    f.to[e] < n + k)
				match[a] = node_ind[f.to[e] - n];
		if (match[a] < 0)
			(*unplaced)++;
	}
	if (*unplaced) {
		rc = FAIR_EINVAL;
		goto out;
	}
	for (int i = 0; i < sv->I && !rc; i++) {
		int m = 0;

		if (inode[i] < 0)
			continue;
		for (int a = 0; a < n; a++)
			if (match[a] == i) {
				grp[m++] = stu[a];
				sv->used_ind[(size_t)stu[a] * sv->I + i] = 1;
			}
		if (m)
			rc = seat_group(sv, d, i, grp, m, load, plan_cap, rng);
	}
out:
	flow_free(&f);
	free(stu);
	free(ind);
	free(inode);
	free(quota);
	free(spare);
	free(sink_edge);
	free(node_ind);
	free(match);
	free(grp);
	return rc;
}

/* One attempt with its own order. 0, FAIR_EINVAL (why in sv->why) or
 * FAIR_ENOMEM. sv->used_ind is restored by the caller. */
static int attempt(struct solver *sv, uint64_t *rng)
{
	int *day_of = malloc(sizeof(int) * (size_t)sv->S * (size_t)sv->N);
	int *load = calloc((size_t)sv->V, sizeof(int));
	struct rank *dr = malloc(sizeof(*dr) * (size_t)sv->D);
	const char *fail = NULL;
	int rc;
	size_t plan_cap = 0;
	long total = 0;
	char buf[24];

	if (!day_of || !load || !dr) {
		rc = FAIR_ENOMEM;
		goto out;
	}
	for (int s = 0; s < sv->S; s++)
		total += sv->need[s];
	rc = make_shares(sv, total, rng);
	if (rc)
		goto out;
	rc = choose_days(sv, day_of, rng, &fail);
	if (rc) {
		if (fail)
			why_add(&sv->why, "%s", fail);
		goto out;
	}
	/* the days with the fewest industries first: they bind hardest */
	for (int d = 0; d < sv->D; d++) {
		int inds = 0;

		for (int i = 0; i < sv->I; i++)
			for (int v = 0; v < sv->V; v++)
				if (sv->p->slot[v].day == d &&
				    sv->p->slot[v].industry == i) {
					inds++;
					break;
				}
		dr[d] = (struct rank){ -inds, (int)(rng_next(rng) >> 33), d };
	}
	qsort(dr, (size_t)sv->D, sizeof(*dr), rank_cmp);
	for (int j = 0; j < sv->D && !rc; j++) {
		long unplaced = 0;

		rc = place_day(sv, dr[j].idx, day_of, load, &plan_cap, rng,
			       &unplaced);
		if (rc == FAIR_EINVAL)
			why_add(&sv->why, "%s: %ld student%s could not be "
				"placed without repeating an industry",
				day_label(sv->p, dr[j].idx, buf), unplaced,
				unplaced == 1 ? "" : "s");
	}
out:
	free(day_of);
	free(load);
	free(dr);
	return rc;
}

int tours_solve(const struct tours_problem *p, struct tours_plan *out,
		struct fair_err *err)
{
	struct solver sv = { .p = p, .S = p->nstudents, .V = p->nslots,
			     .D = p->ndays, .I = p->nindustries,
			     .N = p->visits, .out = out };
	size_t sd = (size_t)sv.S * (size_t)(sv.D ? sv.D : 1);
	size_t si = (size_t)sv.S * (size_t)(sv.I ? sv.I : 1);
	uint8_t *kept_ind = NULL;
	long total = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (p->visits < 1 || p->nstudents < 0 || p->nslots < 0)
		return fair_fail(err, FAIR_EINVAL, "bad problem");
	for (int v = 0; v < p->nslots; v++)
		if (p->slot[v].day < 0 || p->slot[v].day >= p->ndays ||
		    p->slot[v].industry < 0 ||
		    p->slot[v].industry >= p->nindustries)
			return fair_fail(err, FAIR_EINVAL, "bad host day %d",
					 v);
	sv.used_day = calloc(sd ? sd : 1, 1);
	sv.used_ind = calloc(si ? si : 1, 1);
	kept_ind = calloc(si ? si : 1, 1);
	sv.need = calloc((size_t)sv.S + 1, sizeof(int));
	sv.kept_load = calloc((size_t)sv.V + 1, sizeof(int));
	sv.room = calloc((size_t)sv.V + 1, sizeof(int));
	sv.share = calloc((size_t)sv.V + 1, sizeof(int));
	sv.eligible = calloc((size_t)sv.D + 1, sizeof(int));
	if (!sv.used_day || !sv.used_ind || !kept_ind || !sv.need ||
	    !sv.kept_load || !sv.room || !sv.share || !sv.eligible) {
		rc = fair_fail(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (int s = 0; s < sv.S; s++)
		sv.need[s] = sv.N;
	for (int k = 0; k < p->nkept; k++) {
		int s = p->kept_student[k], v = p->kept_slot[k];

		if (s < 0 || s >= sv.S || v < 0 || v >= sv.V)
			continue;
		sv.need[s]--;
		sv.kept_load[v]++;
		sv.used_day[(size_t)s * sv.D + p->slot[v].day] = 1;
		sv.used_ind[(size_t)s * sv.I + p->slot[v].industry] = 1;
	}
	memcpy(kept_ind, sv.used_ind, si);
	for (int s = 0; s < sv.S; s++) {
		if (sv.need[s] < 0)
			sv.need[s] = 0;
		total += sv.need[s];
	}
	for (int v = 0; v < sv.V; v++)
		sv.room[v] = remaining_seats(&sv, v);
	for (int d = 0; d < sv.D; d++) {
		long e, seats;

		group_counts(&sv, true, d, &e, &seats);
		sv.eligible[d] = (int)e;
	}
	if (!total)
		goto out;
	if (check_bounds(&sv, total)) {
		rc = fair_fail(err, FAIR_EINVAL, "%s", sv.why.text);
		goto out;
	}
	for (int a = 0; a < TOURS_ATTEMPTS; a++) {
		uint64_t rng = p->seed ^
			       (0x5851f42d4c957f2dull * (uint64_t)(a + 1));

		sv.why.n = 0;
		sv.why.len = 0;
		sv.why.text[0] = '\0';
		memcpy(sv.used_ind, kept_ind, si);
		tours_plan_free(out);
		rc = attempt(&sv, &rng);
		if (rc != FAIR_EINVAL)
			break;
	}
	if (rc == FAIR_ENOMEM)
		fair_fail(err, rc, "out of memory");
	else if (rc)
		fair_fail(err, rc, "%s (tried %d random orders)", sv.why.text,
			  TOURS_ATTEMPTS);
out:
	if (rc)
		tours_plan_free(out);
	free(sv.used_day);
	free(sv.used_ind);
	free(kept_ind);
	free(sv.need);
	free(sv.kept_load);
	free(sv.room);
	free(sv.share);
	free(sv.eligible);
	return rc;
}

void tours_plan_free(struct tours_plan *plan)
{
	free(plan->student);
	free(plan->slot);
	memset(plan, 0, sizeof(*plan));
}
