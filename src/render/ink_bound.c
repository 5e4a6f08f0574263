/* See ink_bound.h. */
#include "render/ink_bound.h"

#include <math.h>
#include <stdint.h>

#define FAR INK_FAR

px_rect ink_unite(px_rect a, px_rect b)
{
    if (px_rect_empty(a))
        return b;
    if (px_rect_empty(b))
        return a;
    return (px_rect){a.x0 < b.x0 ? a.x0 : b.x0, a.y0 < b.y0 ? a.y0 : b.y0, a.x1 > b.x1 ? a.x1 : b.x1,
                     a.y1 > b.y1 ? a.y1 : b.y1};
}

void ink_begin(draw_ctx *dc, ink_saved *saved)
{
    *saved = (ink_saved){dc->ink, dc->ink_unknown};
    dc->ink = (px_rect){0, 0, 0, 0};
    dc->ink_unknown = false;
    dc->ink_depth++;
}

px_rect ink_end(draw_ctx *dc, const ink_saved *saved, px_rect limit)
{
    px_rect r = limit;
    if (!dc->ink_unknown) {
        /* One pixel more than any type claims, against rounding. */
        px_rect g = {dc->ink.x0 - 1, dc->ink.y0 - 1, dc->ink.x1 + 1, dc->ink.y1 + 1};
        r = px_rect_intersect(g, limit);
        if (px_rect_empty(dc->ink) || px_rect_empty(r))
            r = (px_rect){limit.x0, limit.y0, limit.x0, limit.y0};
    }
    dc->ink = saved->ink;
    dc->ink_unknown = saved->unknown;
    dc->ink_depth--;
    return r;
}

static int64_t area_of(px_rect r)
{
    return px_rect_empty(r) ? 0 : (int64_t)(r.x1 - r.x0) * (r.y1 - r.y0);
}

static void areas_add(px_areas *a, px_rect r)
{
    if (px_rect_empty(r))
        return;
    for (int i = 0; i < a->count; i++)
        if (area_of(ink_unite(a->r[i], r)) == area_of(a->r[i]))
            return;                     /* already inside one */
    if (a->count < PX_AREAS_MAX) {
        a->r[a->count++] = r;
        return;
    }
    int best = 0;
    int64_t best_growth = INT64_MAX;
    for (int i = 0; i < a->count; i++) {
        int64_t growth = area_of(ink_unite(a->r[i], r)) - area_of(a->r[i]);
        if (growth < best_growth) {
            best_growth = growth;
            best = i;
        }
    }
    a->r[best] = ink_unite(a->r[best], r);
}

void ink_add(draw_ctx *dc, px_rect r)
{
    if (dc->ink_depth > 0)
        dc->ink = ink_unite(dc->ink, r);
    if (dc->ink_depth == 1 && dc->ink_top)
        areas_add(dc->ink_top, r);
}

void ink_areas_begin(draw_ctx *dc, ink_saved *saved, px_areas *a)
{
    a->count = 0;
    ink_begin(dc, saved);
    dc->ink_top = a;
}

void ink_areas_end(draw_ctx *dc, const ink_saved *saved, px_areas *a, px_rect limit)
{
    bool unknown = dc->ink_unknown;
    dc->ink_top = NULL;
    ink_end(dc, saved, limit);
    if (unknown) {
        a->r[0] = limit;
        a->count = 1;
        return;
    }
    int n = 0;
    for (int i = 0; i < a->count; i++) {
        px_rect g = {a->r[i].x0 - 1, a->r[i].y0 - 1, a->r[i].x1 + 1, a->r[i].y1 + 1};
        g = px_rect_intersect(g, limit);
        if (!px_rect_empty(g))
            a->r[n++] = g;
    }
    a->count = n;
}

void ink_areas_restart(draw_ctx *dc)
{
    if (dc->ink_depth != 1 || !dc->ink_top)
        return;
    dc->ink_top->count = 0;
    dc->ink = (px_rect){0, 0, 0, 0};
    dc->ink_unknown = false;
}

void ink_add_unknown(draw_ctx *dc)
{
    if (dc->ink_depth > 0)
        dc->ink_unknown = true;
}

px_rect ink_device_rect(cairo_t *cr, const cairo_matrix_t *m, const double u[4], double grow)
{
    double xs[4] = {u[0], u[2], u[0], u[2]}, ys[4] = {u[1], u[1], u[3], u[3]};
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int i = 0; i < 4; i++) {
        if (m)
            cairo_matrix_transform_point(m, &xs[i], &ys[i]);
        cairo_user_to_device(cr, &xs[i], &ys[i]);
        x0 = fmin(x0, xs[i]); y0 = fmin(y0, ys[i]);
        x1 = fmax(x1, xs[i]); y1 = fmax(y1, ys[i]);
    }
    x0 -= grow, y0 -= grow, x1 += grow, y1 += grow;
    if (!(x0 > -FAR) || !(y0 > -FAR) || !(x1 < FAR) || !(y1 < FAR))
        return (px_rect){-FAR, -FAR, FAR, FAR};
    return (px_rect){(int)floor(x0), (int)floor(y0), (int)ceil(x1), (int)ceil(y1)};
}

void ink_pango_rect(const PangoRectangle *r, double x, double y, double grow, double u[4])
{
    u[0] = x + (double)r->x / PANGO_SCALE - grow;
    u[1] = y + (double)r->y / PANGO_SCALE - grow;
    u[2] = x + (double)(r->x + r->width) / PANGO_SCALE + grow;
    u[3] = y + (double)(r->y + r->height) / PANGO_SCALE + grow;
}

px_rect ink_box_rect(cairo_t *cr, const layer *l, double t, double fps, double w, double h)
{
    double r = l->type->reach(l, t, fps);
    return ink_device_rect(cr, NULL, (double[4]){-r, -r, w + r, h + r}, 2);
}

void ink_after_draw(draw_ctx *dc, const layer *l, double t, double w, double h)
{
    if (dc->ink_depth == 0 || dc->ink_unknown || l->type->draws_children || l->type->reports_ink)
        return;
    px_rect b;
    if (l->type->reach)
        ink_add(dc, ink_box_rect(dc->cr, l, t, dc->fps, w, h));
    else if (l->type->ink_bound && l->type->ink_bound(l, dc, t, w, h, &b))
        ink_add(dc, b);
    else
        dc->ink_unknown = true;
}
