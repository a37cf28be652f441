/* usb.c: removable drives from /proc/self/mountinfo and udev; see usb.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <libudev.h>

#include "usb.h"

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static bool removable(struct udev *udev, dev_t dev)
{
	struct udev_device *d, *disk;
	const char *v;
	bool yes = false;

	d = udev ? udev_device_new_from_devnum(udev, 'b', dev) : NULL;
	if (!d)
		return false;
	v = udev_device_get_property_value(d, "ID_BUS");
	if (v && !strcmp(v, "usb"))
		yes = true;
	disk = udev_device_get_parent_with_subsystem_devtype(d, "block",
							     "disk");
	if (!strcmp(udev_device_get_devtype(d) ? udev_device_get_devtype(d)
					       : "", "disk"))
		disk = d;
	v = disk ? udev_device_get_sysattr_value(disk, "removable") : NULL;
	if (v && !strcmp(v, "1"))
		yes = true;
	/* without udevd's database: the device sits under a USB controller */
	v = udev_device_get_syspath(d);
	if (v && strstr(v, "/usb"))
		yes = true;
	udev_device_unref(d);
	return yes;
}

static bool has_word(const char *opts, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = opts; (p = strstr(p, w)) != NULL; p += n)
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

int usb_find(const char *root_override, const char *own_db,
	     struct usb_drive *out, int max)
{
	struct stat sb;
	dev_t own = 0, root = 0, seen[USB_DRIVES_MAX];
	struct udev *udev;
	char line[8192];
	FILE *f;
	int n = 0;

	if (root_override && root_override[0]) {
		if (max < 1 || stat(root_override, &sb) != 0 ||
		    !S_ISDIR(sb.st_mode))
			return 0;
		snprintf(out[0].mount, sizeof(out[0].mount), "%s",
			 root_override);
		return 1;
	}
	if (own_db && stat(own_db, &sb) == 0)
		own = sb.st_dev;
	if (stat("/", &sb) == 0)
		root = sb.st_dev;
	f = fopen("/proc/self/mountinfo", "r");
	if (!f)
		return 0;
	udev = udev_new();
	while (n < max && n < USB_DRIVES_MAX && fgets(line, sizeof(line), f)) {
		unsigned maj, min;
		char mnt[4096], opts[1024], *dash;
		dev_t dev;
		bool dup = false;

		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - TYPE SRC */
		if (sscanf(line, "%*s %*s %u:%u %*s %4095s %1023s", &maj, &min,
			   mnt, opts) != 4)
			continue;
		dash = strstr(line, " - ");
		dev = makedev(maj, min);
		if (!dash || maj == 0 || dev == own || dev == root ||
		    has_word(opts, "ro"))
			continue;
		for (int i = 0; i < n; i++)
			dup |= seen[i] == dev; /* a bind mount of one seen */
		unescape(mnt);
		if (dup || !removable(udev, dev) || access(mnt, W_OK) != 0)
			continue;
		seen[n] = dev;
		snprintf(out[n].mount, sizeof(out[n].mount), "%s", mnt);
		n++;
	}
	udev_unref(udev);
	fclose(f);
	return n;
}
