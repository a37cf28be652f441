/* rollcall.c: the roll-call kiosk's pure state: marks, who is missing and
 * the departure fact (fair/rollcall.h). No SQLite, no SDL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/rollcall.h"

enum rollcall_mark rollcall_mark(struct rollcall *rc, uint32_t attendee_id,
				 bool manual)
{
	for (int i = 0; i < rc->n; i++) {
		struct rollcall_member *m = &rc->m[i];

		if (m->attendee_id != attendee_id)
			continue;
		if (m->present)
			return ROLLCALL_ALREADY;
		m->present = true;
		m->manual = manual;
		return ROLLCALL_MARKED;
	}
	return ROLLCALL_NOT_MEMBER;
}

int rollcall_missing(const struct rollcall *rc)
{
	int n = 0;

	for (int i = 0; i < rc->n; i++)
		n += !rc->m[i].present;
	return n;
}

/* Appends "ID" (or "IDm") with a ',' before all but the first. */
static size_t put_id(char *out, size_t len, size_t cap, uint32_t id,
		     bool manual, bool first)
{
	int w = snprintf(out + len, cap - len, "%s%u%s", first ? "" : ",",
			 id, manual ? "m" : "");

	return w < 0 ? len : len + (size_t)w;
}

int rollcall_depart(struct rollcall *rc, struct fact *out)
{
	size_t len, cap = sizeof(out->note);
	bool first = true;

	if (!rc->group[0])
		return FAIR_EINVAL;
	memset(out, 0, sizeof(*out));
	out->kind = FACT_DEPARTURE;
	out->direction = 1;
	out->source = SOURCE_MANUAL;
	snprintf(out->tags, sizeof(out->tags), "%s", rc->group);
	len = (size_t)snprintf(out->note, cap, "present=");
	for (int i = 0; i < rc->n; i++)
		if (rc->m[i].present) {
			len = put_id(out->note, len, cap, rc->m[i].attendee_id,
				     rc->m[i].manual, first);
			first = false;
		}
	len += (size_t)snprintf(out->note + len, cap - len, ";missing=");
	first = true;
	for (int i = 0; i < rc->n; i++)
		if (!rc->m[i].present) {
			len = put_id(out->note, len, cap, rc->m[i].attendee_id,
				     false, first);
			first = false;
		}
	for (int i = 0; i < rc->n; i++)
		rc->m[i].present = rc->m[i].manual = false;
	return 0;
}

/* Reads "ID[m],ID[m]..." up to end into ids; 0 or FAIR_EINVAL. */
static int parse_list(const char *p, const char *end, uint32_t *ids,
		      bool *manual, int *n)
{
	*n = 0;
	while (p < end) {
		char *next;
		unsigned long v;

		if (*p < '0' || *p > '9' || *n >= ROLLCALL_MEMBERS_MAX)
			return FAIR_EINVAL;
		v = strtoul(p, &next, 10);
		if (v > UINT32_MAX)
			return FAIR_EINVAL;
		ids[*n] = (uint32_t)v;
		if (manual)
			manual[*n] = *next == 'm';
		else if (*next == 'm')
			return FAIR_EINVAL;
		next += *next == 'm';
		(*n)++;
		if (next < end && *next != ',')
			return FAIR_EINVAL;
		p = next + (next < end);
	}
	return 0;
}

int rollcall_parse(const char *note, struct rollcall_departure *out)
{
	const char *miss;

	memset(out, 0, sizeof(*out));
	if (strncmp(note, "present=", 8))
		return FAIR_EINVAL;
	miss = strstr(note, ";missing=");
	if (!miss)
		return FAIR_EINVAL;
	if (parse_list(note + 8, miss, out->present, out->manual,
		       &out->npresent))
		return FAIR_EINVAL;
	miss += 9;
	return parse_list(miss, miss + strlen(miss), out->missing, NULL,
			  &out->nmissing);
}
