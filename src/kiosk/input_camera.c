/* input_camera.c: placeholder worker until the real one lands. */
#include "input_priv.h"

void *input_camera_main(void *arg)
{
	struct inputs *in = arg;

	inputs_set_status(in, INPUT_CAMERA, "camera input not built yet");
	return NULL;
}
