/* Fills and strokes: a solid color (animatable) or a linear/radial gradient
 * whose geometry is given in fractions of the layer's box, so one paint fits
 * any layer size. */
#include <math.h>

#include "render/draw.h"

bool paint_is_solid_or_none(const paint *p)
{
    return p->type == PAINT_SOLID || p->type == PAINT_NONE;
}

bool paint_set_source(cairo_t *cr, const paint *p, double t, double fps, double w, double h,
                      double alpha)
{
    if (p->type == PAINT_NONE)
        return false;
    if (p->type == PAINT_SOLID) {
        double c[4];
        track_eval(&p->color, t, fps, c);
        if (c[3] * alpha <= 0)
            return false;
        cairo_set_source_rgba(cr, c[0], c[1], c[2], c[3] * alpha);
        return true;
    }
    cairo_pattern_t *pat;
    if (p->type == PAINT_LINEAR) {
        pat = cairo_pattern_create_linear(p->from[0] * w, p->from[1] * h, p->to[0] * w, p->to[1] * h);
    } else {
        double cx = p->center[0] * w, cy = p->center[1] * h, r = p->radius * fmax(w, h);
        pat = cairo_pattern_create_radial(cx, cy, 0, cx, cy, r);
    }
    for (size_t i = 0; i < p->stop_count; i++) {
        const gradient_stop *s = &p->stops[i];
        cairo_pattern_add_color_stop_rgba(pat, s->offset, s->color[0], s->color[1], s->color[2],
                                          s->color[3] * alpha);
    }
    cairo_pattern_set_extend(pat, CAIRO_EXTEND_PAD);
    cairo_set_source(cr, pat);
    cairo_pattern_destroy(pat);
    return true;
}

double picture_reach(const layer *l, double t, double fps)
{
    (void)l, (void)t, (void)fps;
    return 0;
}

fit_placement fit_place(double iw, double ih, double w, double h, int fit)
{
    enum { FIT_CONTAIN, FIT_COVER, FIT_FILL, FIT_NONE };
    fit_placement p = {w / iw, h / ih, 0, 0, false};
    if (fit == FIT_CONTAIN || fit == FIT_COVER) {
        double s = fit == FIT_CONTAIN ? fmin(p.sx, p.sy) : fmax(p.sx, p.sy);
        p.sx = p.sy = s;
        p.clip = fit == FIT_COVER;
    } else if (fit == FIT_NONE) {
        p.sx = p.sy = 1;
        p.clip = true;
    }
    p.tx = (w - iw * p.sx) / 2;
    p.ty = (h - ih * p.sy) / 2;
    return p;
}

void picture_device_scale(cairo_t *cr, double iw, double ih, double w, double h, int fit, double *sx, double *sy)
{
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    fit_placement p = fit_place(iw, ih, w, h, fit);
    *sx = p.sx * hypot(m.xx, m.yx);
    *sy = p.sy * hypot(m.xy, m.yy);
}

void draw_fitted_from(cairo_t *cr, cairo_surface_t *picture, double pw, double ph, double iw, double ih, double w,
                      double h, int fit, double alpha, cairo_filter_t filter)
{
    fit_placement p = fit_place(iw, ih, w, h, fit);
    cairo_save(cr);
    if (p.clip) {
        cairo_rectangle(cr, 0, 0, w, h);
        cairo_clip(cr);
    }
    cairo_translate(cr, p.tx, p.ty);
    cairo_scale(cr, p.sx, p.sy);
    if (pw != iw || ph != ih)
        cairo_scale(cr, iw / pw, ih / ph);
    cairo_set_source_surface(cr, picture, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), filter);
    cairo_rectangle(cr, 0, 0, pw, ph);
    cairo_clip(cr);
    cairo_paint_with_alpha(cr, alpha);
    cairo_restore(cr);
}

void draw_fitted(cairo_t *cr, cairo_surface_t *picture, double iw, double ih, double w, double h, int fit,
                 double alpha)
{
    draw_fitted_from(cr, picture, iw, ih, iw, ih, w, h, fit, alpha, CAIRO_FILTER_GOOD);
}

void picture_box(const layer *l, int width_slot, int height_slot, double own_w, double own_h, double t,
                 double fps, double *w, double *h)
{
    bool gw = l->values[width_slot].given, gh = l->values[height_slot].given;
    *w = gw ? layer_number(l, width_slot, t, fps) : own_w;
    *h = gh ? layer_number(l, height_slot, t, fps) : own_h;
    if (gw && !gh)
        *h = *w * own_h / own_w;
    else if (gh && !gw)
        *w = *h * own_w / own_h;
}
