/* Frame-sized ARGB32 image surfaces whose pixels live in a big buffer
 * (util/big_buffer.h): transparent, like cairo_image_surface_create's. */
#ifndef REEL_BIG_SURFACE_H
#define REEL_BIG_SURFACE_H

#include <cairo.h>

/* A new width x height ARGB32 surface, all 0. Like cairo's own constructors it
 * never returns NULL: check cairo_surface_status. */
cairo_surface_t *big_surface_new(int width, int height);

#endif
