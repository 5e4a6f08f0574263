/* Per-worker drawing state and the frame renderer.
 *
 * Each worker owns one draw_ctx: its own cairo surface, pango font map and
 * caches. Workers share only the immutable scene, so frames render in parallel
 * without locks, and a frame's pixels depend only on the scene and its index. */
#ifndef REEL_DRAW_H
#define REEL_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "scene/scene.h"

struct draw_ctx {
    const scene *scene;
    cairo_surface_t *target;    /* ARGB32, width x height of the output */
    cairo_t *cr;
    double scale;               /* output pixels per scene pixel */
    double fps;
    PangoFontMap *font_map;
    PangoContext *pango;
    void **caches;              /* per layer index, owned by the layer type */
};

/* Sets up a context drawing into its own surface of the scene's size times
 * scale. Returns 0 or REEL_ENOMEM. */
int draw_ctx_init(draw_ctx *dc, const scene *s, double scale);
void draw_ctx_destroy(draw_ctx *dc);

/* Draws frame `frame` of the scene into dc->target (flushed on return). */
void render_frame(draw_ctx *dc, int64_t frame);

/* Draws one layer at time t on its parent's timeline (used by groups). */
void draw_layer(draw_ctx *dc, const layer *l, double parent_t);

/* Sets the source to paint p over a w x h box at local time t, with alpha
 * multiplied in. Returns false for PAINT_NONE (nothing to draw). */
bool paint_set_source(cairo_t *cr, const paint *p, double t, double fps, double w, double h,
                      double alpha);

/* Whether p is a single color (so alpha can be folded into it). */
bool paint_is_solid_or_none(const paint *p);

#endif
