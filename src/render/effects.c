/* Drawing a layer through its effects, mask, matte and blend mode.
 *
 * The layer is drawn into a scratch surface the size of the output (from a
 * per-worker pool, one per nesting level in use), in the same device space as
 * the target, so no resampling happens. Only the region the layer can reach
 * (its box, plus what its effects spread) is cleared and processed, which
 * keeps small layers with effects cheap on big canvases. The result is then
 * painted onto the target with the blend operator and the layer's opacity. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers/layers.h"
#include "render/big_surface.h"
#include "render/draw.h"
#include "render/effects.h"
#include "render/ink_bound.h"
#include "render/pixels.h"

#define FX_POOL_MAX 48

struct fx_pool {
    cairo_surface_t *surf[FX_POOL_MAX];
    px_rect dirty[FX_POOL_MAX];     /* surf[i] is 0 outside dirty[i] */
    int used;
    px_scratch scratch;
    uint32_t *motion_sums;          /* motion blur's per-byte sums, kept between frames */
    size_t motion_cap;
};

void fx_pool_free(fx_pool *p)
{
    if (!p)
        return;
    for (int i = 0; i < FX_POOL_MAX; i++)
        if (p->surf[i])
            cairo_surface_destroy(p->surf[i]);
    px_scratch_free(&p->scratch);
    free(p->motion_sums);
    free(p);
}

static const cairo_operator_t blend_ops[] = {
    CAIRO_OPERATOR_OVER, CAIRO_OPERATOR_MULTIPLY, CAIRO_OPERATOR_SCREEN, CAIRO_OPERATOR_OVERLAY,
    CAIRO_OPERATOR_DARKEN, CAIRO_OPERATOR_LIGHTEN, CAIRO_OPERATOR_ADD, CAIRO_OPERATOR_COLOR_DODGE,
    CAIRO_OPERATOR_COLOR_BURN, CAIRO_OPERATOR_HARD_LIGHT, CAIRO_OPERATOR_SOFT_LIGHT, CAIRO_OPERATOR_DIFFERENCE,
    CAIRO_OPERATOR_EXCLUSION};

void fx_presets_eval(const layer_fx *fx, double t, double fps, preset_motion *m)
{
    for (int i = 0; i < 3; i++)
        preset_apply(&fx->presets[i], t, fps, m);
}

void fx_clip_wipe(cairo_t *cr, const preset_motion *m, double w, double h)
{
    if (!m || (m->clip[0] <= 0 && m->clip[1] <= 0 && m->clip[2] >= 1 && m->clip[3] >= 1))
        return;
    double x0 = m->clip[0] * w, y0 = m->clip[1] * h;
    cairo_rectangle(cr, x0, y0, fmax(0, m->clip[2] * w - x0), fmax(0, m->clip[3] * h - y0));
    cairo_clip(cr);
}

static double fx_number(const effect *e, int row, double t, double fps)
{
    return track_eval1(&e->values[row].track, t, fps);
}

/* Device pixels an effect can spread content by. */
static double effect_reach(const effect *e, double t, double fps, double scale)
{
    double v[2];
    switch (e->kind) {
    case FX_BLUR:
        return 3 * fx_number(e, BLUR_RADIUS, t, fps) * scale;
    case FX_DROP_SHADOW:
        track_eval(&e->values[SHADOW_OFFSET].track, t, fps, v);
        return (fmax(fabs(v[0]), fabs(v[1])) + 3 * fx_number(e, SHADOW_BLUR, t, fps) +
                fx_number(e, SHADOW_SPREAD, t, fps)) * scale;
    case FX_GLOW:
        return 3 * fx_number(e, GLOW_RADIUS, t, fps) * scale;
    default:
        return 0;
    }
}

/* Types that draw only in and near their box say how near (their reach);
 * others (groups, text, any new type) may draw anywhere, so they get the
 * whole canvas. */
static bool is_boxed(const layer *l)
{
    return l->type->reach != NULL;
}

static px_rect canvas_rect(cairo_surface_t *s)
{
    return (px_rect){0, 0, cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
}

static px_rect grow(px_rect r, double by)
{
    int g = by > 1e6 ? 1000000 : (int)ceil(by);
    return (px_rect){r.x0 - g, r.y0 - g, r.x1 + g, r.y1 + g};
}

/* Where a mask or matte, placed by matrix m at time t, can have any alpha:
 * within its box when it is a boxed layer without effects of its own (which
 * could spread it). False when that is not known. */
static bool alpha_source_bound(draw_ctx *dc, const layer *src, double t, const cairo_matrix_t *m, px_rect *out)
{
    if (!is_boxed(src) || src->fx)
        return false;
    cairo_t *cr = dc->cr;
    cairo_save(cr);
    cairo_set_matrix(cr, m);
    double w, h;
    *out = layer_place(dc, src, t, &w, &h) ? ink_box_rect(cr, src, t - (double)src->start, dc->fps, w, h)
                                           : (px_rect){0, 0, 0, 0};
    cairo_restore(cr);
    return true;
}

/* The next pool surface, all 0 (only what its last use may have written is
 * cleared), to be written within `use`. */
static cairo_surface_t *acquire(draw_ctx *dc, px_rect use)
{
    fx_pool *p = dc->fx_pool;
    if (p->used >= FX_POOL_MAX)
        return NULL;
    cairo_surface_t **s = &p->surf[p->used];
    if (!*s) {
        *s = big_surface_new(cairo_image_surface_get_width(dc->target),
                             cairo_image_surface_get_height(dc->target));
        if (cairo_surface_status(*s) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(*s);
            *s = NULL;
            return NULL;
        }
    }
    p->used++;
    cairo_surface_flush(*s);
    px_clear(cairo_image_surface_get_data(*s), cairo_image_surface_get_stride(*s), p->dirty[p->used - 1]);
    p->dirty[p->used - 1] = use;
    cairo_surface_mark_dirty(*s);
    return *s;
}

/* The most recently acquired surface is 0 outside r (r within its `use`). */
static void narrow_last(draw_ctx *dc, px_rect r)
{
    dc->fx_pool->dirty[dc->fx_pool->used - 1] = r;
}

static void release(draw_ctx *dc)
{
    dc->fx_pool->used--;
}

cairo_surface_t *fx_scratch_take(draw_ctx *dc, px_rect use)
{
    if (!dc->fx_pool && !(dc->fx_pool = calloc(1, sizeof *dc->fx_pool)))
        return NULL;
    return acquire(dc, use);
}

void fx_scratch_narrow(draw_ctx *dc, px_rect r)
{
    narrow_last(dc, r);
}

void fx_scratch_give_back(draw_ctx *dc)
{
    release(dc);
}

/* A context on s with the same transform as dc->cr, clipped to r. */
static cairo_t *context_like(cairo_surface_t *s, const cairo_matrix_t *m, px_rect r)
{
    cairo_t *cr = cairo_create(s);
    cairo_rectangle(cr, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    cairo_clip(cr);
    cairo_set_matrix(cr, m);
    return cr;
}

/* dst = dst x alpha(src), or x (1 - alpha(src)) when inverted, inside r. */
static void apply_alpha(cairo_surface_t *dst, cairo_surface_t *src, px_rect r, bool invert)
{
    cairo_t *cr = cairo_create(dst);
    cairo_rectangle(cr, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    cairo_clip(cr);
    cairo_set_source_surface(cr, src, 0, 0);
    cairo_set_operator(cr, invert ? CAIRO_OPERATOR_DEST_OUT : CAIRO_OPERATOR_DEST_IN);
    cairo_paint(cr);
    cairo_destroy(cr);
}

static void color_matrix_for(const effect *e, double t, double fps, double m[12])
{
    static const double identity[12] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    for (int i = 0; i < 12; i++)
        m[i] = identity[i];
    double v = fx_number(e, ADJUST_AMOUNT, t, fps);
    switch (e->kind) {
    case FX_BRIGHTNESS:
        m[0] = m[5] = m[10] = v;
        break;
    case FX_CONTRAST:
        m[0] = m[5] = m[10] = v;
        m[3] = m[7] = m[11] = 0.5 - 0.5 * v;
        break;
    case FX_SATURATION: {
        /* The W3C saturate matrix. */
        const double s[12] = {0.213 + 0.787 * v, 0.715 - 0.715 * v, 0.072 - 0.072 * v, 0,
                              0.213 - 0.213 * v, 0.715 + 0.285 * v, 0.072 - 0.072 * v, 0,
                              0.213 - 0.213 * v, 0.715 - 0.715 * v, 0.072 + 0.928 * v, 0};
        for (int i = 0; i < 12; i++)
            m[i] = s[i];
        break;
    }
    case FX_HUE: {
        /* The W3C hueRotate matrix. */
        double a = v * M_PI / 180, c = cos(a), sn = sin(a);
        const double h[12] = {
            0.213 + c * 0.787 - sn * 0.213, 0.715 - c * 0.715 - sn * 0.715, 0.072 - c * 0.072 + sn * 0.928, 0,
            0.213 - c * 0.213 + sn * 0.143, 0.715 + c * 0.285 + sn * 0.140, 0.072 - c * 0.072 - sn * 0.283, 0,
            0.213 - c * 0.213 - sn * 0.787, 0.715 - c * 0.715 + sn * 0.715, 0.072 + c * 0.928 + sn * 0.072, 0};
        for (int i = 0; i < 12; i++)
            m[i] = h[i];
        break;
    }
    case FX_TINT: {
        double col[4];
        track_eval(&e->values[TINT_COLOR].track, t, fps, col);
        double k = fx_number(e, TINT_AMOUNT, t, fps) * col[3];
        for (int i = 0; i < 3; i++) {
            m[5 * i] = 1 - k;
            m[4 * i + 3] = col[i] * k;
        }
        break;
    }
    default:
        break;
    }
}

static int apply_effect(draw_ctx *dc, const effect *e, double t, cairo_surface_t *s, px_rect r)
{
    double fps = dc->fps, sc = dc->scale;
    uint8_t *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    px_scratch *ps = &dc->fx_pool->scratch;
    double col[4], off[2];
    switch (e->kind) {
    case FX_BLUR:
        return px_blur(ps, data, stride, r, fx_number(e, BLUR_RADIUS, t, fps) * sc);
    case FX_DROP_SHADOW:
        track_eval(&e->values[SHADOW_COLOR].track, t, fps, col);
        track_eval(&e->values[SHADOW_OFFSET].track, t, fps, off);
        return px_shadow(ps, data, stride, r, col, (int)lround(off[0] * sc), (int)lround(off[1] * sc),
                         (int)lround(fx_number(e, SHADOW_SPREAD, t, fps) * sc), fx_number(e, SHADOW_BLUR, t, fps) * sc,
                         1.0);
    case FX_GLOW:
        track_eval(&e->values[GLOW_COLOR].track, t, fps, col);
        return px_shadow(ps, data, stride, r, col, 0, 0, 0, fx_number(e, GLOW_RADIUS, t, fps) * sc,
                         fx_number(e, GLOW_STRENGTH, t, fps));
    case FX_NOISE: {
        bool animated = e->values[NOISE_ANIMATED].integer;
        px_noise(data, stride, r, fx_number(e, NOISE_AMOUNT, t, fps), (uint64_t)e->values[NOISE_SEED].track.constant[0],
                 animated ? (int64_t)floor(t) : 0);
        return 0;
    }
    default: {
        double m[12];
        color_matrix_for(e, t, fps, m);
        px_color_matrix(data, stride, r, m);
        return 0;
    }
    }
}

bool fx_draw(draw_ctx *dc, const layer *l, double t, double parent_t, const cairo_matrix_t *parent,
             double opacity, double w, double h, const preset_motion *m)
{
    const layer_fx *fx = l->fx;
    double preset_blur = m ? m->blur * dc->scale : 0;
    if (!fx->effect_count && !fx->mask && !fx->matte && fx->blend == 0 && !(preset_blur >= 0.5))
        return false;
    if (!dc->fx_pool && !(dc->fx_pool = calloc(1, sizeof *dc->fx_pool))) {
        snprintf(dc->error, sizeof dc->error, "%s: out of memory for effects", l->pointer);
        return true;
    }
    cairo_t *cr = dc->cr;
    cairo_matrix_t own;
    cairo_get_matrix(cr, &own);
    px_rect canvas = canvas_rect(dc->target);
    px_rect content = is_boxed(l) ? px_rect_intersect(ink_box_rect(cr, l, t, dc->fps, w, h), canvas) : canvas;
    /* A mask or matte that keeps only what is inside it bounds the content
     * too: a card masked to its rounded rectangle, whatever it holds. */
    px_rect keep;
    if (fx->mask && !fx->mask_invert && alpha_source_bound(dc, fx->mask, t, &own, &keep))
        content = px_rect_intersect(content, keep);
    if (fx->matte && !fx->matte_invert && alpha_source_bound(dc, fx->matte, parent_t, parent, &keep))
        content = px_rect_intersect(content, keep);
    double reach = 3 * preset_blur;
    for (size_t i = 0; i < fx->effect_count; i++)
        reach += effect_reach(&fx->effects[i], t, dc->fps, dc->scale);
    px_rect region = px_rect_intersect(grow(content, reach + 2), canvas);
    content = px_rect_intersect(content, region);
    if (px_rect_empty(region))
        return true;

    cairo_surface_t *s = acquire(dc, region);
    if (!s) {
        snprintf(dc->error, sizeof dc->error, "%s: effects nested too deeply or out of memory", l->pointer);
        return true;
    }
    cairo_t *sub = context_like(s, &own, content);
    fx_clip_wipe(sub, m, w, h);
    ink_saved outer_ink;
    ink_begin(dc, &outer_ink);
    dc->cr = sub;
    l->type->draw(l, dc, t, 1.0);
    ink_after_draw(dc, l, t, w, h);
    dc->cr = cr;
    cairo_destroy(sub);
    px_rect scan = ink_end(dc, &outer_ink, content);

    /* From here on only the ink and what the effects can spread it to:
     * every later step keeps a transparent pixel transparent (masks multiply,
     * color and grain skip alpha 0, blurs and shadows reach no further), and
     * a transparent pixel painted with any blend mode leaves the target as
     * it is. Text and groups get the whole canvas above, and a title's
     * shadow would otherwise be computed over all of it. Each blur's three
     * boxes can reach up to 3 pixels past 3 sigma. */
    cairo_surface_flush(s);
    px_rect ink = px_ink_rect(cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s), scan, 4);
    if (ink.x1 <= ink.x0) {
        narrow_last(dc, ink);
        release(dc);
        return true;
    }
    region = px_rect_intersect(grow(ink, reach + 2 + 3 * (double)(fx->effect_count + 1)), region);
    narrow_last(dc, region);

    if (fx->mask || fx->matte) {
        int depth = dc->ink_depth;  /* they draw only into ms, not where the enclosing effect looks */
        dc->ink_depth = 0;
        cairo_surface_t *ms = acquire(dc, region);
        if (!ms) {
            dc->ink_depth = depth;
            release(dc);
            snprintf(dc->error, sizeof dc->error, "%s: effects nested too deeply or out of memory", l->pointer);
            return true;
        }
        if (fx->mask) {
            dc->cr = context_like(ms, &own, region);
            draw_layer(dc, fx->mask, t);
            cairo_destroy(dc->cr);
            dc->cr = cr;
            cairo_surface_flush(ms);
            apply_alpha(s, ms, region, fx->mask_invert);
        }
        if (fx->matte) {
            if (fx->mask)
                px_clear(cairo_image_surface_get_data(ms), cairo_image_surface_get_stride(ms), region);
            cairo_surface_mark_dirty(ms);
            dc->cr = context_like(ms, parent, region);
            draw_layer_unmatted(dc, fx->matte, parent_t);
            cairo_destroy(dc->cr);
            dc->cr = cr;
            cairo_surface_flush(ms);
            if (fx->matte_mode == MATTE_LUMA) {
                px_luma_to_alpha(cairo_image_surface_get_data(ms), cairo_image_surface_get_stride(ms), region);
                cairo_surface_mark_dirty(ms);
            }
            apply_alpha(s, ms, region, fx->matte_invert);
        }
        release(dc);
        dc->ink_depth = depth;
    }

    cairo_surface_flush(s);
    int rc = 0;
    for (size_t i = 0; i < fx->effect_count && rc == 0; i++)
        rc = apply_effect(dc, &fx->effects[i], t, s, region);
    if (rc == 0 && preset_blur >= 0.5)
        rc = px_blur(&dc->fx_pool->scratch, cairo_image_surface_get_data(s), cairo_image_surface_get_stride(s),
                     region, preset_blur);
    cairo_surface_mark_dirty(s);
    if (rc)
        snprintf(dc->error, sizeof dc->error, "%s: out of memory for effects", l->pointer);

    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_rectangle(cr, region.x0, region.y0, region.x1 - region.x0, region.y1 - region.y0);
    cairo_clip(cr);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_set_operator(cr, blend_ops[fx->blend]);
    cairo_paint_with_alpha(cr, opacity);
    cairo_restore(cr);
    ink_add(dc, region);
    release(dc);
    return true;
}

static bool values_static(const prop_value *v, size_t n, double t0, double t1)
{
    for (size_t i = 0; i < n; i++)
        if (!track_is_constant_over(&v[i].track, t0, t1))
            return false;
    return true;
}

bool fx_is_static(const layer *l, double t0, double t1, double f0, double f1)
{
    const layer_fx *fx = l->fx;
    for (size_t i = 0; i < fx->effect_count; i++) {
        const effect *e = &fx->effects[i];
        if (!values_static(e->values, effect_types[e->kind].prop_count, t0, t1))
            return false;
        if (e->kind == FX_NOISE && e->values[NOISE_ANIMATED].integer && e->values[NOISE_AMOUNT].track.constant[0] > 0)
            return false;
        if (e->kind == FX_NOISE && e->values[NOISE_ANIMATED].integer && e->values[NOISE_AMOUNT].track.count)
            return false;
    }
    if (fx->mask && !layer_is_static(fx->mask, t0, t1))
        return false;
    if (fx->matte && !layer_is_static(fx->matte, f0, f1))
        return false;
    for (int i = 0; i < 3; i++)
        if (!preset_is_static(&fx->presets[i], t0, t1))
            return false;
    return true;
}

/* Motion blur: the layer drawn at `samples` instants spread evenly over the
 * shutter (centered on the frame), averaged with exact integer rounding. */
bool fx_motion_blur(draw_ctx *dc, const layer *l, double parent_t)
{
    const layer_fx *fx = l->fx;
    double span = fx->shutter / 360.0;
    if (span <= 0 || layer_is_static(l, parent_t - span / 2, parent_t + span / 2))
        return false;
    if (!dc->fx_pool && !(dc->fx_pool = calloc(1, sizeof *dc->fx_pool)))
        return false;
    px_rect canvas = canvas_rect(dc->target);
    /* The sums are kept: a 1080p frame's are 33 MB, which fresh every frame
     * cost more in page faults than the sampling itself. */
    fx_pool *pool = dc->fx_pool;
    size_t n = (size_t)canvas.x1 * (size_t)canvas.y1 * 4;
    if (pool->motion_cap < n) {
        free(pool->motion_sums);
        pool->motion_sums = malloc(n * sizeof *pool->motion_sums);
        pool->motion_cap = pool->motion_sums ? n : 0;
    }
    uint32_t *acc = pool->motion_sums;
    cairo_surface_t *s = acc ? acquire(dc, canvas) : NULL;
    if (!s) {
        snprintf(dc->error, sizeof dc->error, "%s: out of memory for motion blur", l->pointer);
        return true;
    }
    memset(acc, 0, n * sizeof *acc);
    cairo_t *cr = dc->cr;
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    uint8_t *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    dc->motion_sampling = true;
    for (int i = 0; i < fx->motion_samples; i++) {
        double at = parent_t + span * ((i + 0.5) / fx->motion_samples - 0.5);
        px_clear(data, stride, canvas);
        cairo_surface_mark_dirty(s);
        dc->cr = context_like(s, &m, canvas);
        draw_layer_unmatted(dc, l, at);
        cairo_destroy(dc->cr);
        dc->cr = cr;
        cairo_surface_flush(s);
        for (int y = 0; y < canvas.y1; y++)
            for (int x = 0; x < canvas.x1 * 4; x++)
                acc[(size_t)y * (size_t)canvas.x1 * 4 + (size_t)x] += data[(size_t)y * (size_t)stride + (size_t)x];
    }
    dc->motion_sampling = false;
    uint32_t k = (uint32_t)fx->motion_samples;
    for (int y = 0; y < canvas.y1; y++)
        for (int x = 0; x < canvas.x1 * 4; x++)
            data[(size_t)y * (size_t)stride + (size_t)x] =
                (uint8_t)((acc[(size_t)y * (size_t)canvas.x1 * 4 + (size_t)x] + k / 2) / k);
    cairo_surface_mark_dirty(s);
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    ink_add_unknown(dc);
    release(dc);
    return true;
}
