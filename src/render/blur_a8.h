/* Blurs an alpha mask in place (see blur_a8.c); radius <= 0 does nothing. */
#ifndef REEL_BLUR_A8_H
#define REEL_BLUR_A8_H

#include <cairo.h>

#include "render/pixels.h"

/* scratch: working memory kept between calls (a render thread's). */
void blur_a8_surface(cairo_surface_t *s, int radius, px_scratch *scratch);

#endif
