#include "fair/i18n.h"

void fair_i18n_bind(const char *dir)
{
	bindtextdomain(FAIR_TEXTDOMAIN, dir);
	bind_textdomain_codeset(FAIR_TEXTDOMAIN, "UTF-8");
}
