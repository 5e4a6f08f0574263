/* Where drawing reached, for effects. An effect draws its layer into a
 * scratch surface and then looks for the layer's ink, to work only there; a
 * scan of the whole frame for it costs as much as the effect itself. So while
 * an effect draws, every layer says where it drew: types with a reach from
 * their box, others (text, counters) from what they laid out, containers
 * through their children. Anything that cannot say makes the area unknown,
 * and the effect scans what it would have scanned anyway. The bound only
 * narrows the scan: the ink found, and so every pixel, is the same. */
#ifndef REEL_INK_BOUND_H
#define REEL_INK_BOUND_H

#include "render/draw.h"

/* Beyond any frame: a rectangle reaching this far means "anywhere". */
#define INK_FAR 10000000

/* What an enclosing effect had gathered, put aside while a nested one draws. */
typedef struct ink_saved {
    px_rect ink;
    bool unknown;
} ink_saved;

/* Starts gathering for one effect's drawing. */
void ink_begin(draw_ctx *dc, ink_saved *saved);

/* Stops it and gives the area to scan: what was gathered (with a margin)
 * within `limit`, or `limit` when unknown. Restores the enclosing effect's. */
px_rect ink_end(draw_ctx *dc, const ink_saved *saved, px_rect limit);

/* The same for a whole frame's drawing, kept as separate rectangles: a
 * title at the top and a lower third at the bottom are two small areas, not
 * one that spans the frame. Between begin and end, each drawing at the
 * outermost level is listed (up to PX_AREAS_MAX, then merged with the one
 * it grows least). End gives them with the same margin, within `limit`;
 * `limit` alone when anything drew where it could not say. */
void ink_areas_begin(draw_ctx *dc, ink_saved *saved, px_areas *a);
void ink_areas_end(draw_ctx *dc, const ink_saved *saved, px_areas *a, px_rect limit);

/* Empties the outermost list being gathered: everything drawn so far was
 * just covered whole (render/footage_base.h). */
void ink_areas_restart(draw_ctx *dc);

/* Records what layer l's draw, just done at local time t at dc->cr's
 * transform (its box w x h), reached. Cheap when no effect is gathering. */
void ink_after_draw(draw_ctx *dc, const layer *l, double t, double w, double h);

/* Records a device rectangle, or a drawing whose area is not known. */
void ink_add(draw_ctx *dc, px_rect r);
void ink_add_unknown(draw_ctx *dc);

/* The smallest rectangle holding both (an empty one holds nothing). */
px_rect ink_unite(px_rect a, px_rect b);

/* The device rectangle covering the user-space rectangle u (x0, y0, x1, y1)
 * under cr's transform followed by m (NULL: none), grown by `grow` pixels. */
px_rect ink_device_rect(cairo_t *cr, const cairo_matrix_t *m, const double u[4], double grow);

/* The user-space rectangle u of a Pango rectangle (Pango units) placed at
 * (x, y), grown by `grow` on every side. */
void ink_pango_rect(const PangoRectangle *r, double x, double y, double grow, double u[4]);

/* What a layer with a reach (scene.h) can touch at local time t: its w x h
 * box widened by the reach, plus 2 pixels for antialiasing and filtering. */
px_rect ink_box_rect(cairo_t *cr, const layer *l, double t, double fps, double w, double h);

#endif
