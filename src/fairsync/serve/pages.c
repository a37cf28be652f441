/* pages.c: the console's pages: one layout (header, navigation, the
 * page's own HTML from assets/) and the static stylesheet and script.
 * Data comes from the JSON API, fetched by app.js. */
#include <string.h>

#include "assets.h"
#include "console.h"

struct page {
	const char *path;
	const char *id;          /* body data-page, for app.js */
	const char *ja, *en;     /* navigation label */
	const char *html;
};

static const struct page pages[] = {
	{ "/", "glance", "概要", "Overview", asset_glance },
	{ "/roster", "roster", "名簿", "Roster", asset_roster },
	{ "/badges", "badges", "バッジ", "Badges", asset_badges },
	{ "/kiosks", "kiosks", "キオスク", "Kiosks", asset_kiosks },
	{ "/merge", "merge", "統合", "Merge", asset_merge },
	{ "/exports", "exports", "出力", "Exports", asset_exports },
	{ "/tours", "tours", "ツアー・アンケート", "Tours & feedback",
	  asset_tours },
};

#define N_PAGES (sizeof(pages) / sizeof(pages[0]))

static void render(struct console *c, const struct page *p, struct jbuf *b)
{
	jbuf_puts(b, "<!doctype html>\n<html lang=\"ja\"><head>"
		  "<meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, "
		  "initial-scale=1\">"
		  "<meta name=\"csrf\" content=\"");
	jbuf_puts(b, c->csrf);
	jbuf_puts(b, "\"><title>");
	jbuf_html(b, p->ja);
	jbuf_puts(b, " - fairsync</title>"
		  "<link rel=\"icon\" href=\"data:,\">"
		  "<link rel=\"stylesheet\" href=\"/static/app.css\">"
		  "</head>\n<body data-page=\"");
	jbuf_puts(b, p->id);
	jbuf_puts(b, "\"><header><span class=\"event\" id=\"event-name\">"
		  "</span><span class=\"dates\" id=\"event-dates\"></span>"
		  "<button id=\"lang\" type=\"button\">English</button>"
		  "</header>\n<nav>");
	for (size_t i = 0; i < N_PAGES; i++) {
		jbuf_printf(b, "<a href=\"%s\"%s data-en=\"", pages[i].path,
			    &pages[i] == p ? " class=\"here\"" : "");
		jbuf_html(b, pages[i].en);
		jbuf_puts(b, "\">");
		jbuf_html(b, pages[i].ja);
		jbuf_puts(b, "</a>");
	}
	jbuf_puts(b, "</nav>\n<main>\n");
	jbuf_puts(b, p->html);
	jbuf_puts(b, "</main>\n<script src=\"/static/app.js\"></script>"
		  "</body></html>\n");
}

bool console_pages(struct console *c, const struct console_req *r,
		   struct console_reply *out)
{
	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
		return false;
	if (!strcmp(r->path, "/static/app.css")) {
		jbuf_puts(&out->body, asset_app_css);
		out->type = "text/css; charset=utf-8";
	} else if (!strcmp(r->path, "/static/app.js")) {
		jbuf_puts(&out->body, asset_app_js);
		out->type = "text/javascript; charset=utf-8";
	} else {
		size_t i;

		for (i = 0; i < N_PAGES; i++)
			if (!strcmp(r->path, pages[i].path))
				break;
		if (i == N_PAGES)
			return false;
		render(c, &pages[i], &out->body);
		out->type = "text/html; charset=utf-8";
	}
	out->status = out->body.failed ? 500 : 200;
	return true;
}
