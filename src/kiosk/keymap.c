/* keymap.c: USB HID usage codes (what SDL calls scancodes) to Linux key
 * codes, for a keyboard-wedge scanner read through SDL: inputs.h decodes
 * key codes, never layout-dependent text. Kept apart because the Linux
 * header's BTN_* and EV_* macros collide with the brain's names. */
#include <linux/input-event-codes.h>

#include "keymap.h"

int hid_to_linux_keycode(int hid)
{
	static const int letters[26] = {
		KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
		KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
		KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
	};

	if (hid >= 4 && hid <= 29)          /* a..z */
		return letters[hid - 4];
	if (hid >= 30 && hid <= 39)         /* 1..9, 0 */
		return KEY_1 + (hid - 30);
	switch (hid) {
	case 40:
		return KEY_ENTER;
	case 43:
		return KEY_TAB;
	case 44:
		return KEY_SPACE;
	case 45:
		return KEY_MINUS;
	case 46:
		return KEY_EQUAL;
	case 88:
		return KEY_KPENTER;
	default:
		return -1;
	}
}
