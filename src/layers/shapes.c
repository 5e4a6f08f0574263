/* Shape layers: rect (with rounded corners) and ellipse. Both have a box,
 * a fill and an optional stroke centered on the outline. */
#include <math.h>

#include "layers/layers.h"
#include "render/draw.h"

/* Slots shared by both shapes; rect adds its corner radius after them. */
enum {
    SHAPE_WIDTH = COMMON_SLOT_COUNT, SHAPE_HEIGHT, SHAPE_FILL, SHAPE_STROKE, SHAPE_STROKE_WIDTH,
    RECT_RADIUS
};

#define SHAPE_ROWS(what) \
    {"width", PROP_NUMBER, true, 0, 1e6, false, "100", NULL, "Width of the " what " in pixels."}, \
    {"height", PROP_NUMBER, true, 0, 1e6, false, "100", NULL, "Height of the " what " in pixels."}, \
    {"fill", PROP_PAINT, true, -INFINITY, INFINITY, false, "\"#FFFFFF\"", NULL, \
     "Fill: a color, a gradient object, or \"none\"."}, \
    {"stroke", PROP_PAINT, true, -INFINITY, INFINITY, false, "null", NULL, \
     "Outline paint: a color or gradient; none by default."}, \
    {"stroke_width", PROP_NUMBER, true, 0, 1e4, false, "2", NULL, \
     "Outline width in pixels, centered on the edge."}

static const prop_desc rect_props[] = {
    SHAPE_ROWS("rectangle"),
    {"corner_radius", PROP_NUMBER, true, 0, 1e6, false, "0", NULL,
     "Radius of the rounded corners in pixels (limited to half the shorter side)."},
};

static const prop_desc ellipse_props[] = {
    SHAPE_ROWS("ellipse"),
};

static void shape_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    *w = layer_number(l, SHAPE_WIDTH, t, dc->fps);
    *h = layer_number(l, SHAPE_HEIGHT, t, dc->fps);
}

static double shape_reach(const layer *l, double t, double fps)
{
    /* A stroke is centered on the outline; a rectangle's mitered corner
     * reaches sqrt(2) half-widths out, so a whole width is enough. */
    if (l->values[SHAPE_STROKE].paint.type == PAINT_NONE)
        return 0;
    return layer_number(l, SHAPE_STROKE_WIDTH, t, fps);
}

static bool has_fill_and_stroke(const layer *l)
{
    return l->values[SHAPE_FILL].paint.type != PAINT_NONE &&
           l->values[SHAPE_STROKE].paint.type != PAINT_NONE;
}

static bool shape_draws_alpha(const layer *l)
{
    /* One paint operation: alpha can be folded into it. */
    return !has_fill_and_stroke(l);
}

static void rect_path(cairo_t *cr, double w, double h, double r)
{
    r = fmin(r, fmin(w, h) / 2);
    if (r <= 0) {
        cairo_rectangle(cr, 0, 0, w, h);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, w - r, r, r, -M_PI / 2, 0);
    cairo_arc(cr, w - r, h - r, r, 0, M_PI / 2);
    cairo_arc(cr, r, h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, r, r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

static void ellipse_path(cairo_t *cr, double w, double h)
{
    cairo_save(cr);
    cairo_translate(cr, w / 2, h / 2);
    cairo_scale(cr, w / 2, h / 2);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
    cairo_close_path(cr);
    cairo_restore(cr);
}

static bool shape_draw(const layer *l, draw_ctx *dc, double t, double alpha, bool rounded_rect)
{
    cairo_t *cr = dc->cr;
    double w, h;
    shape_box(l, dc, t, &w, &h);
    if (w <= 0 || h <= 0)
        return true;
    if (rounded_rect)
        rect_path(cr, w, h, layer_number(l, RECT_RADIUS, t, dc->fps));
    else
        ellipse_path(cr, w, h);
    if (paint_set_source(cr, &l->values[SHAPE_FILL].paint, t, dc->fps, w, h, alpha))
        cairo_fill_preserve(cr);
    double sw = layer_number(l, SHAPE_STROKE_WIDTH, t, dc->fps);
    if (sw > 0 && paint_set_source(cr, &l->values[SHAPE_STROKE].paint, t, dc->fps, w, h, alpha)) {
        cairo_set_line_width(cr, sw);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
    return true;
}

static bool rect_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    return shape_draw(l, dc, t, alpha, true);
}

static bool ellipse_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    return shape_draw(l, dc, t, alpha, false);
}

const layer_type rect_layer_type = {
    .name = "rect",
    .doc = "A rectangle, optionally with rounded corners.",
    .props = rect_props,
    .prop_count = sizeof rect_props / sizeof rect_props[0],
    .box = shape_box,
    .draw = rect_draw,
    .draws_alpha = shape_draws_alpha,
    .reach = shape_reach,
};

const layer_type ellipse_layer_type = {
    .name = "ellipse",
    .doc = "An ellipse (a circle when width equals height) filling its box.",
    .props = ellipse_props,
    .prop_count = sizeof ellipse_props / sizeof ellipse_props[0],
    .box = shape_box,
    .draw = ellipse_draw,
    .draws_alpha = shape_draws_alpha,
    .reach = shape_reach,
};
