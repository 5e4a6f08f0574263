/* Blurs an alpha mask in place (see blur_a8.c); radius <= 0 does nothing. */
#ifndef REEL_BLUR_A8_H
#define REEL_BLUR_A8_H

#include <cairo.h>

void blur_a8_surface(cairo_surface_t *s, int radius);

#endif
