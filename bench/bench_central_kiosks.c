/* bench_central_kiosks: many live kiosks, each with its own central login
 * (so row security and fk_kiosk_fact() check every fact), recording a
 * check-in a second each and sending it through the kiosk's own link
 * (central_sync_step, as livesync.c runs it): one thread per kiosk, one
 * kiosk file and one server connection each. bench/bench_central.sh runs
 * it against its private PostgreSQL and reads the lag from the server
 * (received - wall_ms); alone it has no server and says so.
 *   BENCH_KIOSKS_LIST  file of "NAME URL" lines, one per kiosk
 *   BENCH_KIOSKS_DB    a packed kiosk.db, copied for each kiosk
 *   BENCH_KIOSKS_DIR   where the copies go
 *   BENCH_KIOSKS_S     seconds (60)
 * Prints "recorded N sync-failures F". */
#define BENCH_NAME "bench_central_kiosks"
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "fair/central.h"
#include "fair/store.h"

#define MAX_KIOSKS 1000

struct sim {
	char name[64];           /* the kiosk's name, as its login's */
	char url[512];
	char db[4096];           /* its own copy of the kiosk file */
	uint32_t event_id;
	long seconds;
	double t0;               /* shared start, so the load is even */
	long recorded, failed;   /* facts stored; rounds that failed */
};

static void copy_db(const char *from, const char *to)
{
	char buf[1 << 16];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;

	if (!in || !out)
		die("copy", to);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die("copy", to);
	fclose(in);
	if (fclose(out))
		die("copy", to);
}

static void sleep_until(double t)
{
	double d = t - now_s();

	if (d > 0)
		usleep((useconds_t)(d * 1e6));
}

static void *run(void *arg)
{
	struct sim *k = arg;
	struct fair_err err = { "" };
	struct store *st = store_open(k->db, 0, &err);
	struct central_sync *cs;
	struct central_sync_state state;

	if (!st)
		die(k->db, err.msg);
	cs = central_sync_open(k->url, k->db, k->event_id, &err);
	if (!cs)
		die(k->name, err.msg);
	for (long i = 0; i < k->seconds; i++) {
		struct fact f;

		sleep_until(k->t0 + (double)i);
		memset(&f, 0, sizeof(f));
		f.kind = FACT_CHECKIN;
		snprintf(f.kiosk, sizeof(f.kiosk), "%s", k->name);
		f.place_id = 1;
		f.attendee_id = 1 + (uint32_t)(i % 3);
		f.serial = 1;
		f.direction = 1;
		f.source = SOURCE_SCRIPT;
		f.wall_ms = clock_wall_ms();
		f.mono_ms = clock_mono_ms();
		snprintf(f.boot_id, sizeof(f.boot_id), "sim-%.30s", k->name);
		if (store_fact_append(st, &f, &err))
			die(k->name, err.msg);
		k->recorded++;
		if (central_sync_step(cs, &state, &err))
			k->failed++;
	}
	/* what a failed round left: the kiosk's next rounds send it */
	for (int i = 0; i < 30; i++) {
		if (central_sync_step(cs, &state, &err) == 0 &&
		    state.waiting == 0)
			break;
		sleep(1);
	}
	central_sync_close(cs);
	store_close(st);
	return NULL;
}

int main(void)
{
	const char *list = getenv("BENCH_KIOSKS_LIST");
	const char *db = getenv("BENCH_KIOSKS_DB");
	const char *dir = getenv("BENCH_KIOSKS_DIR");
	static struct sim k[MAX_KIOSKS];
	static pthread_t th[MAX_KIOSKS];
	struct fair_err err = { "" };
	struct event_info ev;
	struct store *st;
	long recorded = 0, failed = 0;
	int n = 0;
	FILE *f;

	if (!list || !db || !dir) {
		puts("run by bench/bench_central.sh, which starts its own "
		     "PostgreSQL");
		return 0;
	}
	st = store_open(db, STORE_READONLY, &err);
	if (!st || store_event_get(st, &ev, &err))
		die(db, err.msg);
	store_close(st);
	f = fopen(list, "r");
	if (!f)
		die("cannot read", list);
	while (n < MAX_KIOSKS && fscanf(f, "%63s %511s", k[n].name,
					k[n].url) == 2) {
		snprintf(k[n].db, sizeof(k[n].db), "%.3000s/%.63s.db", dir,
			 k[n].name);
		copy_db(db, k[n].db);
		k[n].event_id = ev.event_id;
		k[n].seconds = env_long("BENCH_KIOSKS_S", 60);
		n++;
	}
	fclose(f);
	for (int i = 0; i < n; i++) {
		k[i].t0 = now_s() + 2.0;
		if (i)
			k[i].t0 = k[0].t0 + (double)i / n; /* spread evenly */
		if (pthread_create(&th[i], NULL, run, &k[i]))
			die("thread", "cannot start");
	}
	for (int i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		recorded += k[i].recorded;
		failed += k[i].failed;
	}
	printf("recorded %ld sync-failures %ld\n", recorded, failed);
	return 0;
}
