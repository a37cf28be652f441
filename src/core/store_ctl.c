/* store_ctl.c: stopping a store's work from outside (store.h), beside
 * store.c, which is at its size limit. */
#include <sqlite3.h>

#include "fair/store.h"

void store_progress(struct store *st, int steps, int (*stop)(void *),
		    void *ctx)
{
	sqlite3_progress_handler(store_db(st), steps, stop, ctx);
}

void store_interrupt(struct store *st)
{
	sqlite3_interrupt(store_db(st));
}
