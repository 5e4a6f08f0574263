/* Sequence transitions (docs/compositions.md): each item is drawn into its
 * own group, then the groups are combined with per-frame opacity, transforms,
 * clips or gradient masks. */
#include <math.h>

#include "render/group_surface.h"
#include "render/ink_bound.h"
#include "render/transition.h"

/* An item drawn into its own group (render/group_surface.h). */
typedef struct picture {
    group_surface group;
    cairo_pattern_t *pattern;   /* NULL: not drawn */
} picture;

/* Item x drawn at time t, moved by (ox, oy) and scaled by s about the box
 * center. Pictures are released in the reverse order of their drawing. */
static void picture_draw(draw_ctx *dc, picture *p, const layer *x, double t, double ox, double oy, double s,
                         double w, double h)
{
    draw_shift shift = {ox, oy, s, w, h};
    group_begin(dc, &p->group, &shift);
    draw_layer(dc, x, t);
    p->pattern = group_end(dc, &p->group);
}

static void picture_release(draw_ctx *dc, picture *p)
{
    if (!p->pattern)
        return;
    cairo_pattern_destroy(p->pattern);
    group_release(dc, &p->group);
}

static void paint_pattern(cairo_t *cr, cairo_pattern_t *p, double alpha)
{
    cairo_set_source(cr, p);
    cairo_paint_with_alpha(cr, alpha);
}

/* a x (1 - e) + b x e, summed in a group: for opaque items exactly the mix of
 * their colors, and transparent parts stay transparent. */
static void dissolve(draw_ctx *dc, const picture *a, const picture *b, double e)
{
    group_surface mix;
    group_begin(dc, &mix, NULL);
    cairo_t *cr = dc->cr;
    paint_pattern(cr, a->pattern, 1 - e);
    cairo_set_operator(cr, CAIRO_OPERATOR_ADD);
    paint_pattern(cr, b->pattern, e);
    /* The mix holds ink only where either picture does. */
    if (a->group.known && b->group.known)
        ink_add(dc, ink_unite(a->group.bound, b->group.bound));
    else
        ink_add_unknown(dc);
    cairo_pattern_t *mixed = group_end(dc, &mix);
    cr = dc->cr;
    cairo_set_source(cr, mixed);
    cairo_pattern_destroy(mixed);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    cairo_paint(cr);
    group_release(dc, &mix);
}

static void linear_wipe(cairo_t *cr, const transition *tr, cairo_pattern_t *b, double e, double w, double h)
{
    /* The box's extent along the wipe's direction, then the edge position. */
    double lo = 0, hi = 0, c[4][2] = {{0, 0}, {w, 0}, {0, h}, {w, h}};
    for (int i = 0; i < 4; i++) {
        double d = c[i][0] * tr->dx + c[i][1] * tr->dy;
        lo = i ? fmin(lo, d) : d;
        hi = i ? fmax(hi, d) : d;
    }
    double soft = tr->softness > 1 ? tr->softness : 1;   /* at least a 1 px antialiased edge */
    double front = lo + e * (hi - lo + soft);
    cairo_pattern_t *m = cairo_pattern_create_linear((front - soft) * tr->dx, (front - soft) * tr->dy,
                                                     front * tr->dx, front * tr->dy);
    cairo_pattern_add_color_stop_rgba(m, 0, 0, 0, 0, 1);
    cairo_pattern_add_color_stop_rgba(m, 1, 0, 0, 0, 0);
    cairo_set_source(cr, b);
    cairo_mask(cr, m);
    cairo_pattern_destroy(m);
}

static void shaped_wipe(cairo_t *cr, const transition *tr, cairo_pattern_t *b, double e, double w, double h)
{
    double cx = w / 2, cy = h / 2, r = hypot(w, h) / 2;
    if (e <= 0)
        return;
    cairo_save(cr);
    cairo_new_path(cr);
    if (tr->shape == WIPE_IRIS) {
        cairo_arc(cr, cx, cy, r * e, 0, 2 * M_PI);
    } else {    /* clock: a sector growing clockwise from twelve o'clock */
        cairo_move_to(cr, cx, cy);
        cairo_arc(cr, cx, cy, r + 1, -M_PI / 2, -M_PI / 2 + 2 * M_PI * e);
        cairo_close_path(cr);
    }
    cairo_clip(cr);
    cairo_set_source(cr, b);
    cairo_paint(cr);
    cairo_restore(cr);
}

void transition_draw(draw_ctx *dc, const transition *tr, const layer *a, const layer *b, double t, double e,
                     double w, double h)
{
    cairo_t *cr = dc->cr;
    ink_add_unknown(dc);        /* fills and wipes reach past the items' own drawing */
    cairo_save(cr);
    if (tr->kind == TR_SLIDE || tr->kind == TR_ZOOM) {
        cairo_rectangle(cr, 0, 0, w, h);    /* moving items stay inside the sequence's box */
        cairo_clip(cr);
    }
    picture pa = {0}, pb = {0};
    switch (tr->kind) {
    case TR_FADE:
        /* Out to the color over the first half, in from it over the second. */
        draw_layer(dc, e < 0.5 ? a : b, t);
        cairo_set_source_rgba(cr, tr->color[0], tr->color[1], tr->color[2],
                              tr->color[3] * (e < 0.5 ? 2 * e : 2 * (1 - e)));
        cairo_rectangle(cr, 0, 0, w, h);
        cairo_fill(cr);
        break;
    case TR_SLIDE:
        picture_draw(dc, &pa, a, t, tr->push ? tr->dx * w * e : 0, tr->push ? tr->dy * h * e : 0, 1, w, h);
        picture_draw(dc, &pb, b, t, -tr->dx * w * (1 - e), -tr->dy * h * (1 - e), 1, w, h);
        paint_pattern(cr, pa.pattern, 1);
        paint_pattern(cr, pb.pattern, 1);
        break;
    case TR_WIPE:
        draw_layer(dc, a, t);
        picture_draw(dc, &pb, b, t, 0, 0, 1, w, h);
        if (tr->shape == WIPE_LINEAR)
            linear_wipe(cr, tr, pb.pattern, e, w, h);
        else
            shaped_wipe(cr, tr, pb.pattern, e, w, h);
        break;
    case TR_ZOOM:
        /* The outgoing item grows and fades while the incoming one settles from zoom_in. */
        picture_draw(dc, &pa, a, t, 0, 0, 1 + (tr->zoom_out - 1) * e, w, h);
        picture_draw(dc, &pb, b, t, 0, 0, tr->zoom_in + tr->zoom_in_span * e, w, h);
        dissolve(dc, &pa, &pb, e);
        break;
    case TR_CROSSFADE:
    default:
        picture_draw(dc, &pa, a, t, 0, 0, 1, w, h);
        picture_draw(dc, &pb, b, t, 0, 0, 1, w, h);
        dissolve(dc, &pa, &pb, e);
        break;
    }
    picture_release(dc, &pb);
    picture_release(dc, &pa);
    cairo_restore(cr);
}
