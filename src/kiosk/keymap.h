/* keymap.h: key codes for a keyboard-wedge scanner read through SDL. */
#ifndef KIOSK_KEYMAP_H
#define KIOSK_KEYMAP_H

/* A USB HID usage code (= SDL scancode) of a key a badge scanner types
 * (US layout) to its Linux KEY_* code, or -1 for keys scanners never send. */
int hid_to_linux_keycode(int hid);

#endif
