/* handwriting.c: Zinnia behind handwriting.h. */
#include <stdlib.h>
#include <string.h>

#include <zinnia.h>

#include "fair/handwriting.h"
#include "fair/jtext.h"

struct handwriting {
	zinnia_recognizer_t *rec;
	zinnia_character_t *ch;
};

int handwriting_open(struct handwriting **out, const char *model,
		     struct fair_err *err)
{
	struct handwriting *hw = calloc(1, sizeof(*hw));

	*out = NULL;
	if (!model)
		model = HANDWRITING_MODEL;
	if (!hw)
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	hw->rec = zinnia_recognizer_new();
	hw->ch = zinnia_character_new();
	if (!hw->rec || !hw->ch) {
		handwriting_close(hw);
		return fair_fail(err, FAIR_ENOMEM, "out of memory");
	}
	if (!zinnia_recognizer_open(hw->rec, model)) {
		handwriting_close(hw);
		return fair_fail(err, FAIR_ENOENT,
				 "cannot load the handwriting model '%s'",
				 model);
	}
	*out = hw;
	return 0;
}

void handwriting_close(struct handwriting *hw)
{
	if (!hw)
		return;
	if (hw->ch)
		zinnia_character_destroy(hw->ch);
	if (hw->rec)
		zinnia_recognizer_destroy(hw->rec);
	free(hw);
}

static int clamp(int v)
{
	return v < 0 ? 0 : v >= HW_SIDE ? HW_SIDE - 1 : v;
}

bool hw_ink_add(struct hw_ink *ink, int x, int y, bool start)
{
	struct hw_point *p;

	if (start && ink->strokes >= HW_STROKES_MAX)
		return false;
	if (!start && ink->strokes == 0)
		return false; /* a move without a press */
	if (ink->n >= HW_POINTS_MAX)
		return false;
	if (start)
		ink->strokes++;
	p = &ink->p[ink->n++];
	p->x = (int16_t)clamp(x);
	p->y = (int16_t)clamp(y);
	p->stroke = (uint8_t)(ink->strokes - 1);
	return true;
}

int handwriting_recognize(struct handwriting *hw, const struct hw_ink *ink,
			  char out[][HW_CHAR], int max, struct fair_err *err)
{
	zinnia_result_t *res;
	int n = 0;

	if (ink->n <= 0 || max <= 0)
		return 0;
	zinnia_character_clear(hw->ch);
	zinnia_character_set_width(hw->ch, HW_SIDE);
	zinnia_character_set_height(hw->ch, HW_SIDE);
	for (int i = 0; i < ink->n && i < HW_POINTS_MAX; i++)
		zinnia_character_add(hw->ch, ink->p[i].stroke, ink->p[i].x,
				     ink->p[i].y);
	res = zinnia_recognizer_classify(hw->rec, hw->ch, (size_t)max);
	if (!res)
		return fair_fail(err, FAIR_EINVAL, "cannot recognise: %s",
				 zinnia_recognizer_strerror(hw->rec));
	for (size_t i = 0; i < zinnia_result_size(res) && n < max; i++) {
		const char *v = zinnia_result_value(res, i);

		if (v && strlen(v) < HW_CHAR)
			jtext_copy(out[n++], HW_CHAR, v);
	}
	zinnia_result_destroy(res);
	return n;
}
