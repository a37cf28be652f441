/* usb.h: the removable drives staff export onto.
 *
 * A drive is the mounted, writable filesystem of a removable block device:
 * udev's ID_BUS=usb, or the disk's sysfs removable=1, or a device path
 * under a USB controller; found in /proc/self/mountinfo. The filesystem
 * holding the kiosk's own database and the root filesystem never count,
 * even on a kiosk that boots from USB. */
#ifndef KIOSK_USB_H
#define KIOSK_USB_H

#include <limits.h>
#include <sys/types.h>

#define USB_DRIVES_MAX 8

struct usb_drive {
	char mount[PATH_MAX];   /* where it is mounted */
};

/* Fills out[] with up to max drives and returns how many (0: none).
 * root_override, when not "" (kiosk.ini [export] usb_root or
 * --export-dir: tests and special setups), is the only drive if it is a
 * folder, and there is none otherwise. own_db is the kiosk's database. */
int usb_find(const char *root_override, const char *own_db,
	     struct usb_drive *out, int max);

#endif
