/* tmp.c: the console's private folder for uploads and downloads, beside
 * the event database (same disk, so a roster never lands in a shared
 * /tmp), 0700, each file in it 0600. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console.h"

int console_tmp_init(struct console *c)
{
	char copy[4096], *dir;

	snprintf(copy, sizeof(copy), "%s", c->db);
	dir = dirname(copy);
	if (snprintf(c->tmpdir, sizeof(c->tmpdir), "%s/.fairsync-serve-XXXXXX",
		     dir) >= (int)sizeof(c->tmpdir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!mkdtemp(c->tmpdir)) /* mkdtemp makes it 0700 */
		return -1;
	return 0;
}

void console_tmp_path(struct console *c, const char *suffix, char *out,
		      size_t cap)
{
	/* the server's thread names uploads, the worker everything else */
	unsigned long n = atomic_fetch_add(&c->tmp_seq, 1) + 1;

	snprintf(out, cap, "%s/%lu-%ld%s", c->tmpdir, n, (long)getpid(),
		 suffix ? suffix : "");
}

void console_tmp_remove(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char sub[4096];

	if (lstat(path, &sb))
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) <
		    (int)sizeof(sub))
			console_tmp_remove(sub);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

void console_tmp_cleanup(struct console *c)
{
	if (c->tmpdir[0])
		console_tmp_remove(c->tmpdir);
	c->tmpdir[0] = '\0';
}
