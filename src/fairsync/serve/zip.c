/* zip.c: kiosk bundles and per-company folders as one zip download,
 * through minizip (zlib's contrib, libminizip). */
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <unzip.h>
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

/* ---- reading a bundle back ------------------------------------------- */

/* Copies the current entry to path, at most cap bytes. 0 or -1. */
static int extract(unzFile uf, const char *path, long cap)
{
	char buf[65536];
	long total = 0;
	int n, fd, rc = 0;
	FILE *f;

	if (unzOpenCurrentFile(uf) != UNZ_OK)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		unzCloseCurrentFile(uf);
		return -1;
	}
	while ((n = unzReadCurrentFile(uf, buf, sizeof(buf))) > 0) {
		total += n;
		if (total > cap || fwrite(buf, 1, (size_t)n, f) != (size_t)n) {
			rc = -1;
			break;
		}
	}
	if (n < 0)
		rc = -1;
	if (fclose(f))
		rc = -1;
	if (unzCloseCurrentFile(uf) != UNZ_OK) /* CRC checked here */
		rc = -1;
	return rc;
}

int console_unzip_bundle(const char *zip, const char *dir, long cap,
			 char *folder, size_t folder_cap, char *why,
			 size_t why_cap)
{
	static const char *const wanted[] = { "kiosk.ini", "kiosk.db",
					      "kiosk.db-wal" };
	unzFile uf = unzOpen64(zip);
	bool seen[3] = { false, false, false };
	int rc = -1, step;

	folder[0] = '\0';
	if (!uf) {
		snprintf(why, why_cap, "not a zip file");
		return -1;
	}
	for (step = unzGoToFirstFile(uf); step == UNZ_OK;
	     step = unzGoToNextFile(uf)) {
		unz_file_info64 info;
		char name[1024], path[4200];
		const char *base;
		size_t i;

		if (unzGetCurrentFileInfo64(uf, &info, name, sizeof(name), NULL,
					    0, NULL, 0) != UNZ_OK)
			break;
		/* only the names a bundle has, wherever they sit in the zip:
		 * never a path of the zip's choosing */
		base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		for (i = 0; i < 3 && strcmp(base, wanted[i]); i++)
			;
		if (i == 3)
			continue;
		if (seen[i]) {
			snprintf(why, why_cap, "the zip holds two %s", base);
			goto out;
		}
		if ((long)info.uncompressed_size > cap) {
			snprintf(why, why_cap, "%s is larger than %ld MB", base,
				 cap >> 20);
			goto out;
		}
		seen[i] = true;
		if (i == 0 && base > name) { /* the folder kiosk.ini is in */
			const char *f = base - 1;

			while (f > name && f[-1] != '/')
				f--;
			snprintf(folder, folder_cap, "%.*s",
				 (int)(base - 1 - f), f);
		}
		snprintf(path, sizeof(path), "%s/%s", dir, base);
		if (extract(uf, path, cap)) {
			snprintf(why, why_cap, "cannot read %s from the zip",
				 base);
			goto out;
		}
	}
	if (step != UNZ_END_OF_LIST_OF_FILE)
		snprintf(why, why_cap, "the zip is damaged");
	else if (!seen[0] || !seen[1])
		snprintf(why, why_cap, "a kiosk bundle holds kiosk.ini and "
			 "kiosk.db");
	else
		rc = 0;
out:
	unzClose(uf);
	return rc;
}
