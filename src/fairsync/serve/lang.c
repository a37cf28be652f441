/* lang.c: the console's messages in the page's language. Japanese unless
 * the request asks for English with ?lang=en or the header X-Lang: en
 * (app.js sends it after the English button); the answer's words come
 * from po/ja.po through gettext, like the command line's.
 *
 * gettext follows the calling thread's LC_MESSAGES, and one thread
 * answers requests of both languages (the server's, the worker's), so a
 * request sets its thread's locale with uselocale() before anything is
 * formatted: the library's fair_fail(), the in-process commands'
 * cli_error() and reply_error() then all speak its language. The two
 * locales are made once and never freed: they live as long as the
 * process and nothing changes them.
 */
#include <locale.h>
#include <pthread.h>
#include <string.h>

#include <microhttpd.h>

#include "console.h"

static locale_t ja_locale, en_locale;
static pthread_once_t made = PTHREAD_ONCE_INIT;

/* LC_MESSAGES of name on top of the program's own locale (its LC_CTYPE
 * and the "C" numbers main set), or 0 if the system lacks name. */
static locale_t messages_locale(const char *name)
{
	locale_t base = duplocale(LC_GLOBAL_LOCALE), l;

	if (!base)
		return (locale_t)0;
	l = newlocale(LC_MESSAGES_MASK, name, base);
	if (!l)
		freelocale(base);
	return l;
}

static void make_locales(void)
{
	/* the names Debian's locale-gen and locales-all give Japanese;
	 * messages come out UTF-8 in any of them (fair_i18n_bind) */
	static const char *const ja[] = { "ja_JP.UTF-8", "ja_JP.utf8",
					  "ja_JP.eucJP", "ja_JP" };

	for (size_t i = 0; !ja_locale && i < sizeof(ja) / sizeof(ja[0]); i++)
		ja_locale = messages_locale(ja[i]);
	en_locale = messages_locale("C");
}

bool console_lang_en(void *conn)
{
	const char *q = MHD_lookup_connection_value(conn,
						    MHD_GET_ARGUMENT_KIND,
						    "lang");

	if (!q)
		q = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						"X-Lang");
	return q && !strncmp(q, "en", 2);
}

void console_lang_use(void *conn)
{
	locale_t l;

	pthread_once(&made, make_locales);
	l = console_lang_en(conn) ? en_locale : ja_locale;
	/* no Japanese locale on this system: the server's own language */
	uselocale(l ? l : LC_GLOBAL_LOCALE);
}
