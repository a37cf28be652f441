/* input_serial.c: placeholder worker until the real one lands. */
#include "input_priv.h"

void *input_serial_main(void *arg)
{
	struct inputs *in = arg;

	inputs_set_status(in, INPUT_SERIAL, "serial input not built yet");
	return NULL;
}
