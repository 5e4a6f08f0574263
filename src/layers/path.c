/* Path-like layers: path (SVG path data, morphable), polygon, star, line and
 * polyline. They share one set of rows for painting the outline (fill,
 * stroke, caps, joins, dashes) and trimming it (trim_start, trim_end,
 * trim_offset: fractions of the total length), then add their geometry.
 *
 * Geometry is in layer coordinates. A path, line or polyline's box reaches
 * from the origin to the right and bottom of its outline; a polygon or star
 * is centered in a box of twice its (outer) radius. */
#include <math.h>
#include <stdlib.h>

#include "layers/layers.h"
#include "render/draw.h"
#include "render/ink_bound.h"
#include "render/path_measure.h"
#include "scene/load_ctx.h"
#include "util/numparse.h"
#include "util/svg_path.h"

enum {
    P_FILL = COMMON_SLOT_COUNT, P_FILL_RULE, P_STROKE, P_STROKE_WIDTH, P_CAP, P_JOIN, P_MITER, P_DASH,
    P_DASH_OFFSET, P_TRIM_START, P_TRIM_END, P_TRIM_OFFSET,
    P_OWN       /* the type's geometry rows start here */
};
enum { PATH_D = P_OWN };
enum { POLY_SIDES = P_OWN, POLY_RADIUS, POLY_ROUNDNESS };
enum { STAR_POINTS = P_OWN, STAR_OUTER, STAR_INNER, STAR_ROUNDNESS };
enum { LINE_FROM = P_OWN, LINE_TO };
enum { POLYLINE_POINTS = P_OWN, POLYLINE_CLOSED };

static const char *const cap_values[] = {"butt", "round", "square", NULL};
static const char *const join_values[] = {"miter", "round", "bevel", NULL};
static const char *const fill_rule_values[] = {"nonzero", "evenodd", NULL};

#define ANY -INFINITY, INFINITY
#define OUTLINE_ROWS(fill_default, stroke_default) \
    {"fill", PROP_PAINT, true, ANY, false, fill_default, NULL, \
     "Fill: a color, a gradient object, or \"none\"."}, \
    {"fill_rule", PROP_ENUM, false, ANY, false, "\"nonzero\"", fill_rule_values, \
     "Which areas a self-crossing outline fills: nonzero or evenodd."}, \
    {"stroke", PROP_PAINT, true, ANY, false, stroke_default, NULL, \
     "Outline paint: a color, a gradient object, or \"none\"."}, \
    {"stroke_width", PROP_NUMBER, true, 0, 1e4, false, "2", NULL, \
     "Outline width in pixels, centered on the path."}, \
    {"line_cap", PROP_ENUM, false, ANY, false, "\"butt\"", cap_values, \
     "Ends of open lines and dashes: butt, round or square."}, \
    {"line_join", PROP_ENUM, false, ANY, false, "\"miter\"", join_values, \
     "Corners of the outline: miter, round or bevel."}, \
    {"miter_limit", PROP_NUMBER, false, 1, 1000, false, "4", NULL, \
     "Longest miter, in stroke widths, before a corner is beveled."}, \
    {"dash", PROP_NUMBERS, false, 0, 1e6, false, "[]", NULL, \
     "Dash pattern: lengths of dashes and gaps in pixels, alternating; [] for a solid line."}, \
    {"dash_offset", PROP_NUMBER, true, -1e7, 1e7, false, "0", NULL, \
     "How far into the dash pattern the outline starts, in pixels (animate it to march the dashes)."}, \
    {"trim_start", PROP_NUMBER, true, 0, 1, false, "0", NULL, \
     "Start of the drawn part of the outline, as a fraction of its length."}, \
    {"trim_end", PROP_NUMBER, true, 0, 1, false, "1", NULL, \
     "End of the drawn part of the outline, as a fraction of its length (animate 0 to 1 to draw on)."}, \
    {"trim_offset", PROP_NUMBER, true, -1e6, 1e6, false, "0", NULL, \
     "Shifts the drawn part along the outline, as a fraction of its length; wraps around the end."}

static const prop_desc path_props[] = {
    OUTLINE_ROWS("\"#FFFFFF\"", "null"),
    {"d", PROP_PATH, true, ANY, false, NULL, NULL,
     "SVG path data (M L H V C S Q T A Z, absolute and relative); keyframes of paths with the same "
     "commands morph."},
};

static const prop_desc polygon_props[] = {
    OUTLINE_ROWS("\"#FFFFFF\"", "null"),
    {"sides", PROP_NUMBER, false, 3, 1000, false, "6", NULL, "Number of sides (an integer)."},
    {"radius", PROP_NUMBER, true, 0, 1e6, false, "50", NULL,
     "Distance from the center to each corner, in pixels; the first corner points up."},
    {"roundness", PROP_NUMBER, true, 0, 1, false, "0", NULL,
     "Rounds the corners: 0 sharp, 1 as round as the sides allow."},
};

static const prop_desc star_props[] = {
    OUTLINE_ROWS("\"#FFFFFF\"", "null"),
    {"points", PROP_NUMBER, false, 3, 1000, false, "5", NULL, "Number of points (an integer)."},
    {"outer_radius", PROP_NUMBER, true, 0, 1e6, false, "50", NULL,
     "Distance from the center to the tips, in pixels; the first tip points up."},
    {"inner_radius", PROP_NUMBER, true, 0, 1e6, false, "25", NULL,
     "Distance from the center to the inner corners, in pixels."},
    {"roundness", PROP_NUMBER, true, 0, 1, false, "0", NULL,
     "Rounds the corners: 0 sharp, 1 as round as the edges allow."},
};

static const prop_desc line_props[] = {
    OUTLINE_ROWS("\"none\"", "\"#FFFFFF\""),
    {"from", PROP_POINT, true, -1e6, 1e6, false, "[0, 0]", NULL, "Start point in layer pixels."},
    {"to", PROP_POINT, true, -1e6, 1e6, false, "[100, 0]", NULL, "End point in layer pixels."},
};

static const prop_desc polyline_props[] = {
    OUTLINE_ROWS("\"none\"", "\"#FFFFFF\""),
    {"points", PROP_POINTS, false, -1e6, 1e6, false, NULL, NULL,
     "The corners in order, [[x, y], ...] in layer pixels (at least 2)."},
    {"closed", PROP_BOOL, false, ANY, false, "false", NULL,
     "Joins the last point back to the first (a closed outline)."},
};

/* Per worker, per layer: buffers reused from frame to frame. */
typedef struct path_cache {
    flat_path flat;
    path_data morph;            /* the interpolated path of a morph */
} path_cache;

static void path_cache_free(void *p)
{
    path_cache *c = p;
    flat_path_free(&c->flat);
    path_data_free(&c->morph);
    free(c);
}

static path_cache *get_cache(const layer *l, draw_ctx *dc)
{
    path_cache *c = dc->caches[l->index];
    if (!c && (c = calloc(1, sizeof *c)))
        dc->caches[l->index] = c;
    return c;
}

/* ---- geometry ---- */

/* The path's value at local time t: a keyframe, or an interpolation written
 * into the cache. NULL when out of memory. */
static const path_data *path_at(const layer *l, draw_ctx *dc, double t)
{
    const prop_value *pv = &l->values[PATH_D];
    const path_anim *an = pv->path;
    const track *tr = &pv->track;
    if (an->count == 1 || t <= tr->keys[0].time)
        return &an->keys[0];
    if (t >= tr->keys[tr->count - 1].time)
        return &an->keys[an->count - 1];
    size_t k = 0;
    while (k + 1 < tr->count && tr->keys[k + 1].time <= t)
        k++;
    /* The track holds k at keyframe k: its eased value minus k is the progress. */
    double u = track_eval1(tr, t, dc->fps) - (double)k;
    path_cache *c = get_cache(l, dc);
    if (!c)
        return NULL;
    if (!c->morph.segs && !(c->morph.segs = calloc(an->keys[0].count, sizeof *c->morph.segs)))
        return NULL;
    path_data_lerp(&an->keys[k], &an->keys[k + 1], u, &c->morph);
    return &c->morph;
}

static void build_path(const layer *l, draw_ctx *dc, double t, cairo_t *cr)
{
    const path_data *p = path_at(l, dc, t);
    if (p)
        path_data_emit(cr, p);
}

/* A closed outline through n corners with rounded corners: each corner is cut
 * back by roundness × half the shorter adjacent edge and bridged by a cubic
 * that approximates a circular arc. */
static void rounded_outline(cairo_t *cr, const double (*v)[2], size_t n, double roundness)
{
    const double k = 0.5522847498;     /* 4/3 (sqrt 2 - 1): quarter-circle control length */
    for (size_t i = 0; i < n; i++) {
        const double *p = v[(i + n - 1) % n], *c = v[i], *q = v[(i + 1) % n];
        double lp = hypot(p[0] - c[0], p[1] - c[1]), lq = hypot(q[0] - c[0], q[1] - c[1]);
        double cut = roundness * fmin(lp, lq) / 2;
        if (cut <= 0 || lp <= 0 || lq <= 0) {
            if (i == 0)
                cairo_move_to(cr, c[0], c[1]);
            else
                cairo_line_to(cr, c[0], c[1]);
            continue;
        }
        double ax = c[0] + (p[0] - c[0]) * cut / lp, ay = c[1] + (p[1] - c[1]) * cut / lp;
        double bx = c[0] + (q[0] - c[0]) * cut / lq, by = c[1] + (q[1] - c[1]) * cut / lq;
        if (i == 0)
            cairo_move_to(cr, ax, ay);
        else
            cairo_line_to(cr, ax, ay);
        cairo_curve_to(cr, ax + (c[0] - ax) * k, ay + (c[1] - ay) * k, bx + (c[0] - bx) * k,
                       by + (c[1] - by) * k, bx, by);
    }
    cairo_close_path(cr);
}

/* n corners alternating between radii r0 and r1 around (r, r), first one up. */
static void radial_outline(cairo_t *cr, size_t n, double r0, double r1, double center, double roundness)
{
    double small[128][2];       /* no allocation for common corner counts */
    double (*v)[2] = n <= 128 ? small : malloc(n * sizeof *v);
    if (!v)
        return;
    for (size_t i = 0; i < n; i++) {
        double a = -M_PI / 2 + 2 * M_PI * (double)i / (double)n, r = i % 2 ? r1 : r0;
        v[i][0] = center + r * cos(a);
        v[i][1] = center + r * sin(a);
    }
    rounded_outline(cr, (const double (*)[2])v, n, roundness);
    if (v != small)
        free(v);
}

static void build_polygon(const layer *l, draw_ctx *dc, double t, cairo_t *cr)
{
    double r = layer_number(l, POLY_RADIUS, t, dc->fps);
    size_t n = (size_t)layer_number(l, POLY_SIDES, t, dc->fps);
    radial_outline(cr, n, r, r, r, layer_number(l, POLY_ROUNDNESS, t, dc->fps));
}

static void build_star(const layer *l, draw_ctx *dc, double t, cairo_t *cr)
{
    double ro = layer_number(l, STAR_OUTER, t, dc->fps), ri = layer_number(l, STAR_INNER, t, dc->fps);
    size_t n = (size_t)layer_number(l, STAR_POINTS, t, dc->fps);
    radial_outline(cr, 2 * n, ro, ri, fmax(ro, ri), layer_number(l, STAR_ROUNDNESS, t, dc->fps));
}

static void build_line(const layer *l, draw_ctx *dc, double t, cairo_t *cr)
{
    double a[2], b[2];
    layer_point(l, LINE_FROM, t, dc->fps, a);
    layer_point(l, LINE_TO, t, dc->fps, b);
    cairo_move_to(cr, a[0], a[1]);
    cairo_line_to(cr, b[0], b[1]);
}

static void build_polyline(const layer *l, draw_ctx *dc, double t, cairo_t *cr)
{
    (void)dc;
    (void)t;
    const prop_value *pv = &l->values[POLYLINE_POINTS];
    for (size_t i = 0; i < pv->list_len; i += 2) {
        if (i == 0)
            cairo_move_to(cr, pv->list[0], pv->list[1]);
        else
            cairo_line_to(cr, pv->list[i], pv->list[i + 1]);
    }
    if (l->values[POLYLINE_CLOSED].integer)
        cairo_close_path(cr);
}

typedef void (*build_fn)(const layer *l, draw_ctx *dc, double t, cairo_t *cr);

static build_fn builder(const layer *l)
{
    if (l->type == &path_layer_type)
        return build_path;
    if (l->type == &polygon_layer_type)
        return build_polygon;
    if (l->type == &star_layer_type)
        return build_star;
    if (l->type == &line_layer_type)
        return build_line;
    return build_polyline;
}

/* ---- box ---- */

static void outline_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    cairo_t *cr = dc->cr;
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_new_path(cr);
    builder(l)(l, dc, t, cr);
    double x1, y1, x2, y2;
    cairo_path_extents(cr, &x1, &y1, &x2, &y2);
    cairo_new_path(cr);
    cairo_restore(cr);
    *w = fmax(x2, 0);
    *h = fmax(y2, 0);
}

static void polygon_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    *w = *h = 2 * layer_number(l, POLY_RADIUS, t, dc->fps);
}

static void star_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    *w = *h = 2 * fmax(layer_number(l, STAR_OUTER, t, dc->fps), layer_number(l, STAR_INNER, t, dc->fps));
}

/* ---- drawing ---- */

static bool outline_draws_alpha(const layer *l)
{
    /* One paint operation: alpha can be folded into it. */
    return l->values[P_FILL].paint.type == PAINT_NONE || l->values[P_STROKE].paint.type == PAINT_NONE;
}

static bool trimmed(const layer *l, double t, double fps)
{
    return layer_number(l, P_TRIM_START, t, fps) != 0 || layer_number(l, P_TRIM_END, t, fps) != 1;
}

static bool outline_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    cairo_t *cr = dc->cr;
    double fps = dc->fps, w, h;
    l->type->box(l, dc, t, &w, &h);
    cairo_new_path(cr);
    if (trimmed(l, t, fps)) {
        path_cache *c = get_cache(l, dc);
        if (!c)
            return true;
        /* Flatten in layer units (identity matrix) so the trim does not
         * depend on the output scale, then append the kept part. */
        cairo_save(cr);
        cairo_identity_matrix(cr);
        builder(l)(l, dc, t, cr);
        bool ok = path_flatten_current(cr, &c->flat);
        cairo_restore(cr);
        if (!ok)
            return true;
        flat_path_trim(&c->flat, layer_number(l, P_TRIM_START, t, fps), layer_number(l, P_TRIM_END, t, fps),
                       layer_number(l, P_TRIM_OFFSET, t, fps), cr);
    } else {
        builder(l)(l, dc, t, cr);
    }
    cairo_set_fill_rule(cr, l->values[P_FILL_RULE].integer ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
    if (paint_set_source(cr, &l->values[P_FILL].paint, t, fps, w, h, alpha))
        cairo_fill_preserve(cr);
    double sw = layer_number(l, P_STROKE_WIDTH, t, fps);
    if (sw > 0 && paint_set_source(cr, &l->values[P_STROKE].paint, t, fps, w, h, alpha)) {
        static const cairo_line_cap_t caps[] = {CAIRO_LINE_CAP_BUTT, CAIRO_LINE_CAP_ROUND, CAIRO_LINE_CAP_SQUARE};
        static const cairo_line_join_t joins[] = {CAIRO_LINE_JOIN_MITER, CAIRO_LINE_JOIN_ROUND,
                                                  CAIRO_LINE_JOIN_BEVEL};
        cairo_set_line_width(cr, sw);
        cairo_set_line_cap(cr, caps[l->values[P_CAP].integer]);
        cairo_set_line_join(cr, joins[l->values[P_JOIN].integer]);
        cairo_set_miter_limit(cr, layer_number(l, P_MITER, t, fps));
        const prop_value *dash = &l->values[P_DASH];
        if (dash->list_len > 0)
            cairo_set_dash(cr, dash->list, (int)dash->list_len, layer_number(l, P_DASH_OFFSET, t, fps));
        cairo_stroke_preserve(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    cairo_new_path(cr);
    return true;
}

/* Where outline_draw can have drawn: the whole (untrimmed) outline's extents,
 * grown by the stroke's reach: half its width, times the miter limit at
 * mitered corners (at least 1.5, for square caps). */
static bool outline_ink_bound(const layer *l, draw_ctx *dc, double t, double w, double h, px_rect *out)
{
    (void)w, (void)h;
    cairo_t *cr = dc->cr;
    double fps = dc->fps, u[4];
    cairo_new_path(cr);
    builder(l)(l, dc, t, cr);
    cairo_path_extents(cr, &u[0], &u[1], &u[2], &u[3]);
    cairo_new_path(cr);
    double sw = l->values[P_STROKE].paint.type == PAINT_NONE ? 0 : layer_number(l, P_STROKE_WIDTH, t, fps);
    double k = l->values[P_JOIN].integer == 0 ? fmax(layer_number(l, P_MITER, t, fps), 1.5) : 1.5;
    double g = sw / 2 * k;
    u[0] -= g, u[1] -= g, u[2] += g, u[3] += g;
    *out = ink_device_rect(cr, NULL, u, 2);
    return true;
}

/* ---- loading checks ---- */

static int outline_prepare(layer *l, load_ctx *lc)
{
    const prop_value *dash = &l->values[P_DASH];
    double sum = 0;
    for (size_t i = 0; i < dash->list_len; i++)
        sum += dash->list[i];
    if (dash->list_len > 0 && !(sum > 0)) {
        lc_push_key(lc, "dash");
        return lc_error(lc, "a dash pattern needs at least one length above 0, got only zeros");
    }
    int count_slot = l->type == &polygon_layer_type ? POLY_SIDES : l->type == &star_layer_type ? STAR_POINTS : -1;
    if (count_slot >= 0) {
        double n = l->values[count_slot].track.constant[0];
        if (n != floor(n)) {
            char text[32];
            num_format(text, sizeof text, n);
            lc_push_key(lc, layer_slot_desc(l->type, (size_t)count_slot)->name);
            return lc_error(lc, "expected a whole number, got %s", text);
        }
    }
    if (l->type == &polyline_layer_type && l->values[POLYLINE_POINTS].list_len < 4) {
        lc_push_key(lc, "points");
        return lc_error(lc, "a polyline needs at least 2 points, got %zu", l->values[POLYLINE_POINTS].list_len / 2);
    }
    return 0;
}

#define OUTLINE_TYPE(NAME, DOC, PROPS, BOX) { \
    .name = NAME, .doc = DOC, .props = PROPS, .prop_count = sizeof PROPS / sizeof PROPS[0], \
    .prepare = outline_prepare, .box = BOX, .draw = outline_draw, .draws_alpha = outline_draws_alpha, \
    .ink_bound = outline_ink_bound, .cache_free = path_cache_free }

const layer_type path_layer_type = OUTLINE_TYPE(
    "path", "An outline from SVG path data, filled and/or stroked; trimmable and morphable.", path_props,
    outline_box);
const layer_type polygon_layer_type = OUTLINE_TYPE(
    "polygon", "A regular polygon centered in its box, optionally with rounded corners.", polygon_props,
    polygon_box);
const layer_type star_layer_type = OUTLINE_TYPE(
    "star", "A star centered in its box, with inner and outer radii.", star_props, star_box);
const layer_type line_layer_type = OUTLINE_TYPE(
    "line", "A straight line between two points.", line_props, outline_box);
const layer_type polyline_layer_type = OUTLINE_TYPE(
    "polyline", "Straight lines through a list of points, open or closed.", polyline_props, outline_box);
