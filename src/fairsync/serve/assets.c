/* assets.c: the console's pages, stylesheet and script, built into the
 * binary (no files to install, nothing fetched: the console works
 * offline). The sources are plain files in assets/, included by the
 * assembler; each is followed by a NUL so it reads as a C string. */
#include "assets.h"

#define ASSET(sym, file)                                              \
	__asm__(".section .rodata\n"                                  \
		".global " #sym "\n"                                  \
		".type " #sym ", @object\n"                           \
		".balign 16\n"                                        \
		#sym ":\n"                                            \
		".incbin \"src/fairsync/serve/assets/" file "\"\n"    \
		".byte 0\n"                                           \
		".size " #sym ", . - " #sym "\n"                      \
		".previous\n")

ASSET(asset_app_css, "app.css");
ASSET(asset_app_js, "app.js");
ASSET(asset_glance, "glance.html");
ASSET(asset_roster, "roster.html");
ASSET(asset_badges, "badges.html");
ASSET(asset_kiosks, "kiosks.html");
ASSET(asset_merge, "merge.html");
ASSET(asset_exports, "exports.html");
ASSET(asset_tours, "tours.html");
