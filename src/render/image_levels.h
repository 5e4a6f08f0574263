/* Halved copies of a picture, for drawing it small.
 *
 * Cairo draws a picture shrunk below 3/4 of its size with a box filter over
 * every source pixel it covers, at every frame: a 12-megapixel photo fitted
 * to a 1080p frame costs about 150 ms per frame while it moves. So a picture
 * shown below 3/4 of its size is drawn bilinearly from a copy halved k times
 * (each pixel the rounded mean of 2 x 2, premultiplied): the smallest copy
 * still at least as large as the picture appears, so the bilinear filter
 * shrinks by half at most and every pixel of that copy counts. At 3/4 of its
 * size or more, a picture is drawn from itself with cairo's own filter, as
 * before. Copies are made on first use, per worker, from the picture's
 * bytes alone (footage: from each new frame). */
#ifndef REEL_IMAGE_LEVELS_H
#define REEL_IMAGE_LEVELS_H

#include <cairo.h>

enum { IMAGE_LEVELS_MAX = 16 };

typedef struct image_levels {
    cairo_surface_t *level[IMAGE_LEVELS_MAX];  /* [0]: the picture; [k]: halved k times (owned, k > 0) */
    int made;                                   /* levels made so far, level 0 included */
} image_levels;

/* Starts with the picture itself as level 0 (a reference is taken). */
void image_levels_init(image_levels *lv, cairo_surface_t *picture);
void image_levels_free(image_levels *lv);

/* How to draw a picture that appears at (sx, sy) device pixels per picture
 * pixel: from level `level`, with `filter`. Below 3/4 (on the larger of the
 * two), the most halvings k with 2^-k >= both, bilinearly; else level 0 with
 * CAIRO_FILTER_GOOD. */
typedef struct image_pick {
    int level;
    cairo_filter_t filter;
} image_pick;

image_pick image_level_choose(double sx, double sy);

/* Level k (made now if needed), or the last one where a picture of 1 x 1
 * pixel cannot be halved that often (*k says which). NULL when out of
 * memory: a different level would be different pixels. */
cairo_surface_t *image_level_get(image_levels *lv, int *k);

/* One halving of an ARGB32 picture: ceil(w / 2) x ceil(h / 2), each pixel
 * the rounded mean of its 2 x 2 (the last row or column repeats at odd
 * sizes). Exposed for tests; on failure, a surface in an error state. */
cairo_surface_t *image_halve(cairo_surface_t *src);

#endif
