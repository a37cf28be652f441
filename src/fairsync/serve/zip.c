/* zip.c: kiosk bundles and per-company folders as one zip download,
 * through minizip (zlib's contrib, libminizip). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <zip.h>

#include "console.h"

static int add_file(zipFile zf, const char *path, const char *name)
{
	zip_fileinfo zi = { 0 };
	char buf[65536];
	struct stat sb;
	struct tm tm;
	size_t n;
	FILE *f;
	int rc = 0;

	if (stat(path, &sb))
		return -1;
	localtime_r(&sb.st_mtime, &tm);
	zi.tmz_date.tm_sec = (unsigned)tm.tm_sec;
	zi.tmz_date.tm_min = (unsigned)tm.tm_min;
	zi.tmz_date.tm_hour = (unsigned)tm.tm_hour;
	zi.tmz_date.tm_mday = (unsigned)tm.tm_mday;
	zi.tmz_date.tm_mon = (unsigned)tm.tm_mon;
	zi.tmz_date.tm_year = (unsigned)tm.tm_year + 1900;
	zi.external_fa = (unsigned long)(sb.st_mode & 0777) << 16;
	f = fopen(path, "rb");
	if (!f)
		return -1;
	/* zip64 on: a kiosk database may pass 4 GB on a long event */
	if (zipOpenNewFileInZip64(zf, name, &zi, NULL, 0, NULL, 0, NULL,
				  Z_DEFLATED, Z_DEFAULT_COMPRESSION,
				  1) != ZIP_OK) {
		fclose(f);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (zipWriteInFileInZip(zf, buf, (unsigned)n) != ZIP_OK) {
			rc = -1;
			break;
		}
	if (ferror(f))
		rc = -1;
	fclose(f);
	if (zipCloseFileInZip(zf) != ZIP_OK)
		rc = -1;
	return rc;
}

static int add_dir(zipFile zf, const char *dir, const char *prefix,
		   int depth)
{
	struct dirent *e;
	struct stat sb;
	char path[4096], name[1024];
	DIR *d = opendir(dir);
	int rc = 0;

	if (!d)
		return -1;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(name, sizeof(name), "%s%s%s", prefix,
			 prefix[0] ? "/" : "", e->d_name);
		if (lstat(path, &sb))
			rc = -1;
		else if (S_ISREG(sb.st_mode))
			rc = add_file(zf, path, name);
		else if (S_ISDIR(sb.st_mode) && depth < 1)
			rc = add_dir(zf, path, name, depth + 1);
	}
	closedir(d);
	return rc;
}

int console_zip_dir(const char *dir, const char *prefix, const char *zip)
{
	zipFile zf = zipOpen64(zip, APPEND_STATUS_CREATE);
	int rc;

	if (!zf)
		return -1;
	rc = add_dir(zf, dir, prefix, 0);
	if (zipClose(zf, NULL) != ZIP_OK)
		rc = -1;
	return rc;
}
