/* fuzz_console.c: what the web console (fairsync serve) parses or writes
 * by hand from outside input, on arbitrary bytes. libmicrohttpd parses
 * the request and its query arguments; the console's own code reads the
 * urlencoded body of small POSTs (console_form_get) and writes roster
 * text (names, file names) into JSON, HTML and a Content-Disposition
 * header. Those files are compiled in here (they are not in libfair.a),
 * with the one libmicrohttpd call reply.c makes stubbed out.
 *
 * Promises checked: a form value is decoded into at most cap - 1 bytes
 * and NUL-terminated, whatever the body; a JSON string holds no control
 * character, no < > & and no U+2028/2029 raw, is valid UTF-8 and, for
 * valid UTF-8 input, decodes back to the input; HTML text holds no
 * < > & " ' raw; a download's Content-Disposition is one header line
 * (no control character) of printable ASCII. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/fairsync/serve/json.c"
#include "../../src/fairsync/serve/reply.c"

#include "fair/csv.h"
#include "fair/jtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind,
					const char *key)
{
	(void)connection;
	(void)kind;
	(void)key;
	return NULL;
}

static void check_form(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "role", "place", "attendee",
					    "visits", "a", "" };
	char path[64], out[32];
	struct console_req r = { .body_path = path };
	int fd = memfd_create("form", 0);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		for (size_t cap = 1; cap <= sizeof(out); cap += 15) {
			memset(out, 'x', sizeof(out));
			console_form_get(&r, keys[k], out, cap);
			if (!memchr(out, '\0', cap) ||
			    (cap < sizeof(out) && out[cap] != 'x'))
				abort(); /* terminated, within cap */
		}
	}
	close(fd);
}

static uint32_t hex4(const char *p)
{
	char h[5] = { p[0], p[1], p[2], p[3], 0 };

	return (uint32_t)strtoul(h, NULL, 16);
}

/* Decodes the JSON string at s (its quotes included) into out. */
static size_t json_decode(const char *s, size_t n, char *out)
{
	size_t o = 0;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		abort();
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&')
			abort();
		if (c == '"')
			abort(); /* unescaped quote inside */
		if (c != '\\') {
			out[o++] = (char)c;
			continue;
		}
		switch (s[++i]) {
		case '"': case '\\': case '/': out[o++] = s[i]; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'u': {
			uint32_t cp = hex4(s + i + 1);
			size_t len = 0;

			i += 4;
			if (!cp)
				out[o++] = '\0';
			else if (!jtext_put(out + o, 8, &len, cp))
				abort();
			o += len;
			break;
		}
		default:
			abort();
		}
	}
	return o;
}

static void check_json(const uint8_t *data, size_t size)
{
	struct jbuf b = { 0 };
	char *back;
	size_t n;

	json_strn(&b, (const char *)data, size);
	if (b.failed)
		abort();
	if (csv_utf8_valid_prefix(b.p, b.len) != b.len ||
	    strstr(b.p, "\xe2\x80\xa8") || strstr(b.p, "\xe2\x80\xa9"))
		abort();
	back = malloc(b.len * 2 + 8);
	if (!back)
		abort();
	n = json_decode(b.p, b.len, back);
	if (csv_utf8_valid_prefix((const char *)data, size) == size &&
	    !memchr(data, '\0', size) &&
	    (n != size || memcmp(back, data, size)))
		abort(); /* valid text comes back as it was */
	free(back);
	jbuf_free(&b);
}

static void check_html_and_name(const uint8_t *data, size_t size)
{
	struct console_reply out = { .fd = -1 };
	struct jbuf b = { 0 };
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	jbuf_html(&b, s);
	if (b.p && strpbrk(b.p, "<>\"'"))
		abort();
	for (const char *a = b.p ? strchr(b.p, '&') : NULL; a;
	     a = strchr(a + 1, '&'))
		if (strncmp(a, "&amp;", 5) && strncmp(a, "&lt;", 4) &&
		    strncmp(a, "&gt;", 4) && strncmp(a, "&quot;", 6) &&
		    strncmp(a, "&#39;", 5))
			abort();
	jbuf_free(&b);
	set_disposition(&out, s, s);
	for (const unsigned char *p = (const unsigned char *)out.disposition;
	     *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			abort(); /* one header line of ASCII */
	if (!memchr(out.disposition, '\0', sizeof(out.disposition)))
		abort();
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_form(data, size);
	check_json(data, size);
	check_html_and_name(data, size);
	return 0;
}
