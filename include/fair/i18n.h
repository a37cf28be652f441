/* i18n.h: the words a user reads, in the reader's language (gettext).
 *
 * Source strings are English; po/ja.po holds their Japanese, compiled to
 * LOCALEDIR/ja/LC_MESSAGES/fairkiosk.mo. Everything, the library too,
 * uses one text domain, so a message is translated where it is formatted:
 * fair_fail() looks its format up before filling it in (the library never
 * prints, but it may speak the reader's language).
 *
 * Which language: the calling thread's LC_MESSAGES. A program sets it
 * with setlocale(LC_ALL, "") and must then put LC_NUMERIC back to "C", so
 * no number written to a CSV, JSON or PDF ever gets a decimal comma; the
 * console picks it per request with uselocale(). A program that never
 * calls setlocale() (the unit tests) reads English.
 */
#ifndef FAIR_I18N_H
#define FAIR_I18N_H

#include <libintl.h>

#define FAIR_TEXTDOMAIN "fairkiosk"

/* A message to translate where it is used; N_ marks one for the catalog
 * (po/fairkiosk.pot) in a table, translated later with _(). */
#define _(s) dgettext(FAIR_TEXTDOMAIN, s)
#define N_(s) s
/* A message whose words follow a count n ("1 page", "2 pages"): one and
 * many are the English forms, the catalog has the language's own (one
 * form in Japanese: 2 枚). */
#define P_(one, many, n) dngettext(FAIR_TEXTDOMAIN, one, many, n)

/* Binds the text domain to dir (the folder holding ja/LC_MESSAGES/) and
 * asks for UTF-8 whatever the locale's own codeset, since every output is
 * UTF-8 (a console thread may run with LC_CTYPE "C"). */
void fair_i18n_bind(const char *dir);

#endif
