#include <string.h>

#include "fair/keyscan.h"
#include "fair/texthold.h"

_Static_assert(TEXTHOLD_ITEMS == KEYSCAN_BURST_MIN_LEN &&
	       TEXTHOLD_GAP_MS == KEYSCAN_BURST_GAP_MS,
	       "texthold must tell bursts as keyscan does");

void texthold_init(struct texthold *h)
{
	memset(h, 0, sizeof(*h));
}

int texthold_settle(struct texthold *h, int64_t now_ms, bool force,
		    struct texthold_item out[TEXTHOLD_ITEMS])
{
	int n = h->n;

	if (h->run == 0 ||
	    (!force && now_ms - h->last_ms <= TEXTHOLD_GAP_MS))
		return 0;
	memcpy(out, h->item, (size_t)n * sizeof(h->item[0]));
	h->n = 0;
	h->run = 0;
	return n;
}

void texthold_push(struct texthold *h, enum texthold_kind kind,
		   const char *text, int64_t now_ms)
{
	struct texthold_item *it;

	h->last_ms = now_ms;
	h->run++;
	if (h->run >= TEXTHOLD_ITEMS) {
		h->n = 0; /* a scanner: nothing of it reaches the field */
		return;
	}
	it = &h->item[h->n++];
	it->kind = kind;
	it->text[0] = '\0';
	if (kind == TEXTHOLD_TEXT && text) {
		size_t len = strlen(text);

		if (len >= sizeof(it->text))
			len = sizeof(it->text) - 1;
		memcpy(it->text, text, len);
		it->text[len] = '\0';
	}
}

int64_t texthold_deadline(const struct texthold *h)
{
	return h->run ? h->last_ms + TEXTHOLD_GAP_MS + 1 : INT64_MAX;
}
