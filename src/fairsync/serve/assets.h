/* assets.h: the files of assets/, NUL-terminated (assets.c). */
#ifndef FAIRSYNC_ASSETS_H
#define FAIRSYNC_ASSETS_H

extern const char asset_app_css[], asset_app_js[];
extern const char asset_glance[], asset_roster[], asset_badges[],
	asset_kiosks[], asset_merge[], asset_exports[], asset_tours[];

#endif
