/* input_evdev.c: placeholder worker until the real one lands. */
#include "input_priv.h"

void *input_evdev_main(void *arg)
{
	struct inputs *in = arg;

	inputs_set_status(in, INPUT_SCANNER, "evdev input not built yet");
	return NULL;
}
