/* Drawing a captions page: background box, highlight box, blurred shadow,
 * outline and letters, and the spoken word (recolored or scaled).
 *
 * The page's layout is built once per page in each worker. The highlighted
 * word is cut out of the page with a clip and drawn again on its own, so its
 * pixels never blend with the unhighlighted letters underneath. The shadow is
 * a mask drawn in device pixels and blurred with three integer box blurs (a
 * close, exactly reproducible approximation of a Gaussian). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layers/captions.h"
#include "render/blur_a8.h"
#include "render/draw.h"
#include "render/ink_bound.h"
#include "util/stage_clock.h"

typedef struct captions_cache {
    const caption_page *page;
    PangoLayout *layout;
} captions_cache;

void captions_cache_free(void *cache)
{
    captions_cache *c = cache;
    if (c->layout)
        g_object_unref(c->layout);
    free(c);
}

static PangoLayout *page_layout(const layer *l, draw_ctx *dc, const caption_page *page)
{
    captions_cache *c = dc->caches[l->index];
    if (!c) {
        if (!(c = calloc(1, sizeof *c)))
            return NULL;
        dc->caches[l->index] = c;
    }
    if (c->page != page) {
        if (c->layout)
            g_object_unref(c->layout);
        c->layout = captions_layout_new(l, dc->pango, page->text);
        c->page = page;
    }
    return c->layout;
}

static void padding(const layer *l, int slot, double pad[2])
{
    track_eval(&l->values[slot].track, 0, 1, pad);
}

void captions_box(const layer *l, draw_ctx *dc, double t, double *w, double *h)
{
    const caption_page *page = captions_page_at(l->resource, t);
    PangoLayout *layout = page ? page_layout(l, dc, page) : NULL;
    double pad[2];
    padding(l, CAP_PADDING, pad);
    *w = track_eval1(&l->values[CAP_MAX_WIDTH].track, 0, 1);
    *h = 0;
    if (layout) {
        PangoRectangle logical;
        pango_layout_get_extents(layout, NULL, &logical);
        *h = (double)logical.height / PANGO_SCALE + 2 * pad[1];
    }
}

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
    r = fmax(0, fmin(r, fmin(w, h) / 2));
    if (r <= 0) {
        cairo_rectangle(cr, x, y, w, h);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

/* The word's logical rectangle in layout coordinates: x, y, w, h. */
static void word_rect(PangoLayout *layout, const caption_word *w, double r[4])
{
    const char *text = pango_layout_get_text(layout);
    const char *last = g_utf8_prev_char(text + w->offset + w->len);
    PangoRectangle a, b;
    pango_layout_index_to_pos(layout, (int)w->offset, &a);
    pango_layout_index_to_pos(layout, (int)(last - text), &b);
    double xs[4] = {a.x, a.x + a.width, b.x, b.x + b.width};
    double lo = xs[0], hi = xs[0];
    for (int i = 1; i < 4; i++) {
        lo = fmin(lo, xs[i]);
        hi = fmax(hi, xs[i]);
    }
    r[0] = lo / PANGO_SCALE;
    r[1] = (double)a.y / PANGO_SCALE;
    r[2] = (hi - lo) / PANGO_SCALE;
    r[3] = (double)a.height / PANGO_SCALE;
}

/* The highlighted word: the last timed word that has started by t. */
static const caption_word *spoken_word(const caption_page *page, double t, size_t *index)
{
    const caption_word *found = NULL;
    for (size_t i = 0; i < page->word_count; i++) {
        const caption_word *w = &page->words[i];
        if (w->start_f >= 0 && (double)w->start_f <= t) {
            found = w;
            *index = i;
        }
    }
    return found;
}

/* How the spoken word is set apart: cut out of the page (color, scale) and,
 * for scale, drawn larger with the rest of its line pushed aside to make room. */
typedef struct word_cut {
    bool active, scale;
    double clip[4];             /* x, y, w, h around the word, in layout coordinates */
    double center[2];
    double k, dx;               /* scale, and how far each side of the line moves */
} word_cut;

/* The outline (stroke) or the letters (fill) of the whole layout. */
static void draw_part(cairo_t *cr, PangoLayout *layout, bool outline, double stroke_width)
{
    cairo_new_path(cr);
    cairo_move_to(cr, 0, 0);
    if (outline) {
        pango_cairo_layout_path(cr, layout);
        cairo_set_line_width(cr, 2 * stroke_width);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    } else {
        pango_cairo_show_layout(cr, layout);
    }
}

/* Everything but the spoken word: the other lines as they are, and the
 * word's line in two pieces, moved apart by dx each. */
static void draw_rest(cairo_t *cr, PangoLayout *layout, const word_cut *c, bool outline, double sw)
{
    if (!c->active) {
        draw_part(cr, layout, outline, sw);
        return;
    }
    const double big = 1e6, top = c->clip[1], bottom = c->clip[1] + c->clip[3];
    cairo_save(cr);
    cairo_rectangle(cr, -big, -big, 2 * big, big + top);
    cairo_rectangle(cr, -big, bottom, 2 * big, big);
    cairo_clip(cr);
    draw_part(cr, layout, outline, sw);
    cairo_restore(cr);
    for (int side = -1; side <= 1; side += 2) {
        cairo_save(cr);
        cairo_translate(cr, side * c->dx, 0);
        if (side < 0)
            cairo_rectangle(cr, -big, top, big + c->clip[0], c->clip[3]);
        else
            cairo_rectangle(cr, c->clip[0] + c->clip[2], top, big, c->clip[3]);
        cairo_clip(cr);
        draw_part(cr, layout, outline, sw);
        cairo_restore(cr);
    }
}

static void draw_word(cairo_t *cr, PangoLayout *layout, const word_cut *c, bool outline, double sw)
{
    cairo_save(cr);
    if (c->scale) {
        cairo_translate(cr, c->center[0], c->center[1]);
        cairo_scale(cr, c->k, c->k);
        cairo_translate(cr, -c->center[0], -c->center[1]);
    }
    cairo_rectangle(cr, c->clip[0], c->clip[1], c->clip[2], c->clip[3]);
    cairo_clip(cr);
    draw_part(cr, layout, outline, sw);
    cairo_restore(cr);
}

static double device_scale_of(const cairo_matrix_t *m)
{
    return sqrt(fabs(m->xx * m->yy - m->xy * m->yx));
}

/* How far past the page's box (area[3] high) the shadow's mask reaches:
 * three box passes of radius r (returned) spread it by 3r, blur being 2
 * sigma; then the outline, the push dx of the spoken word's line, and half
 * the box's height for the scaled word. */
static double shadow_margin(double blur, double device_scale, double stroke_width, double dx, double height,
                            int *r)
{
    *r = (int)lround(blur / 2 * device_scale * 0.85);
    return 3 * *r / fmax(device_scale, 1e-9) + stroke_width + dx + 0.5 * height + 2;
}

/* The shadow: the letters (with outline) as drawn, shifted by the offset,
 * blurred, in color. area is the page's box in layout coordinates. */
static void draw_shadow(const layer *l, draw_ctx *dc, PangoLayout *layout, const word_cut *cut, double t,
                        const double area[4], double stroke_width, double alpha)
{
    cairo_t *cr = dc->cr;
    double color[4], off[2];
    layer_color(l, CAP_SHADOW, t, dc->fps, color);
    layer_point(l, CAP_SHADOW_OFFSET, t, dc->fps, off);
    double blur = layer_number(l, CAP_SHADOW_BLUR, t, dc->fps);
    cairo_matrix_t ctm;
    cairo_get_matrix(cr, &ctm);
    int r;
    double margin = shadow_margin(blur, device_scale_of(&ctm), stroke_width, cut->dx, area[3], &r);
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int k = 0; k < 4; k++) {
        double x = area[0] + off[0] + ((k & 1) ? area[2] + margin : -margin);
        double y = area[1] + off[1] + ((k & 2) ? area[3] + margin : -margin);
        cairo_user_to_device(cr, &x, &y);
        x0 = fmin(x0, x); y0 = fmin(y0, y); x1 = fmax(x1, x); y1 = fmax(y1, y);
    }
    int tw = cairo_image_surface_get_width(dc->target), th = cairo_image_surface_get_height(dc->target);
    int ix0 = (int)fmax(0, floor(x0)), iy0 = (int)fmax(0, floor(y0));
    int ix1 = (int)fmin(tw, ceil(x1)), iy1 = (int)fmin(th, ceil(y1));
    if (ix1 <= ix0 || iy1 <= iy0 || color[3] <= 0)
        return;
    cairo_surface_t *mask = draw_ctx_mask(dc, ix1 - ix0, iy1 - iy0);
    if (!mask)
        return;
    cairo_t *mc = cairo_create(mask);
    cairo_matrix_t shifted = ctm;
    shifted.x0 -= ix0;
    shifted.y0 -= iy0;
    cairo_set_matrix(mc, &shifted);
    cairo_translate(mc, off[0], off[1]);
    for (int outline = stroke_width > 0; outline >= 0; outline--) {
        draw_rest(mc, layout, cut, outline, stroke_width);
        if (cut->active)
            draw_word(mc, layout, cut, outline, stroke_width);
    }
    cairo_destroy(mc);
    if (r > 0)
        blur_a8_surface(mask, r, &dc->blur_scratch);
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_set_source_rgba(cr, color[0], color[1], color[2], color[3] * alpha);
    cairo_mask_surface(cr, mask, ix0, iy0);
    cairo_restore(cr);
    cairo_surface_finish(mask);     /* its memory is reused: nothing may keep reading it */
    cairo_surface_destroy(mask);
}

/* The clip around a word: its line's height, and sideways its outline plus
 * a little overhang, well short of the neighbours across the spaces. */
static void word_clip_rect(const double r[4], double size, double stroke_width, double out[4])
{
    double side = stroke_width + 0.04 * size, up = stroke_width + 1;
    out[0] = r[0] - side;
    out[1] = r[1] - up;
    out[2] = r[2] + 2 * side;
    out[3] = r[3] + 2 * up;
}

static void draw_highlight_box(const layer *l, draw_ctx *dc, PangoLayout *layout, const caption_page *page,
                               size_t index, double t, double alpha)
{
    double r[4], color[4], pad[2];
    word_rect(layout, &page->words[index], r);
    double slide = (double)l->values[CAP_HIGHLIGHT_SLIDE].frame * dc->fps / 1e6;
    double since = t - (double)page->words[index].start_f;
    if (index > 0 && page->words[index - 1].start_f >= 0 && slide > 0 && since < slide) {
        double prev[4];
        word_rect(layout, &page->words[index - 1], prev);
        double p = 1 - pow(1 - fmax(0, since / slide), 3);   /* ease-out cubic */
        for (int k = 0; k < 4; k++)
            r[k] = prev[k] + (r[k] - prev[k]) * p;
    }
    padding(l, CAP_HIGHLIGHT_PADDING, pad);
    layer_color(l, CAP_HIGHLIGHT_COLOR, t, dc->fps, color);
    double radius = track_eval1(&l->values[CAP_HIGHLIGHT_RADIUS].track, 0, 1);
    rounded_rect(dc->cr, r[0] - pad[0], r[1] - pad[1], r[2] + 2 * pad[0], r[3] + 2 * pad[1], radius);
    cairo_set_source_rgba(dc->cr, color[0], color[1], color[2], color[3] * alpha);
    cairo_fill(dc->cr);
}

bool captions_draw(const layer *l, draw_ctx *dc, double t, double alpha)
{
    double clock = stage_clock_begin(STAGE_EVALUATE);
    const caption_page *page = captions_page_at(l->resource, t);
    PangoLayout *layout = page ? page_layout(l, dc, page) : NULL;
    stage_clock_end(STAGE_EVALUATE, clock);
    if (!layout)
        return true;
    cairo_t *cr = dc->cr;
    double fps = dc->fps, pad[2];
    padding(l, CAP_PADDING, pad);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double lx = (double)logical.x / PANGO_SCALE, lw = (double)logical.width / PANGO_SCALE;
    double lh = (double)logical.height / PANGO_SCALE;
    cairo_save(cr);
    if (l->values[CAP_BACKGROUND].given) {
        double bg[4];
        layer_color(l, CAP_BACKGROUND, t, fps, bg);
        rounded_rect(cr, lx, 0, lw + 2 * pad[0], lh + 2 * pad[1], layer_number(l, CAP_CORNER_RADIUS, t, fps));
        cairo_set_source_rgba(cr, bg[0], bg[1], bg[2], bg[3] * alpha);
        cairo_fill(cr);
    }
    cairo_translate(cr, pad[0], pad[1]);

    int mode = l->values[CAP_HIGHLIGHT].integer;
    size_t index = 0;
    const caption_word *spoken = mode != HIGHLIGHT_NONE ? spoken_word(page, t, &index) : NULL;
    double sw = l->values[CAP_STROKE].given ? layer_number(l, CAP_STROKE_WIDTH, t, fps) : 0;
    word_cut cut = {.active = spoken && (mode == HIGHLIGHT_COLOR || mode == HIGHLIGHT_SCALE),
                    .scale = mode == HIGHLIGHT_SCALE, .k = 1};
    if (cut.active) {
        double wr[4];
        word_rect(layout, spoken, wr);
        word_clip_rect(wr, track_eval1(&l->values[CAP_SIZE].track, 0, 1), sw, cut.clip);
        cut.center[0] = wr[0] + wr[2] / 2;
        cut.center[1] = wr[1] + wr[3] / 2;
        if (cut.scale) {
            cut.k = track_eval1(&l->values[CAP_HIGHLIGHT_SCALE].track, 0, 1);
            cut.dx = (cut.k - 1) * cut.clip[2] / 2;
        }
    }
    if (spoken && mode == HIGHLIGHT_BOX)
        draw_highlight_box(l, dc, layout, page, index, t, alpha);
    if (l->values[CAP_SHADOW].given) {
        double area[4] = {lx, 0, lw, lh};
        draw_shadow(l, dc, layout, &cut, t, area, sw, alpha);
    }

    double color[4], stroke[4], hl[4];
    layer_color(l, CAP_COLOR, t, fps, color);
    layer_color(l, CAP_HIGHLIGHT_COLOR, t, fps, hl);
    /* Outline first, then letters over it: the outline shows only outside.
     * In color mode the outline is drawn whole; only the letters change. */
    if (sw > 0) {
        layer_color(l, CAP_STROKE, t, fps, stroke);
        cairo_set_source_rgba(cr, stroke[0], stroke[1], stroke[2], stroke[3] * alpha);
        if (cut.scale) {
            draw_rest(cr, layout, &cut, true, sw);
            draw_word(cr, layout, &cut, true, sw);
        } else {
            draw_part(cr, layout, true, sw);
        }
    }
    cairo_set_source_rgba(cr, color[0], color[1], color[2], color[3] * alpha);
    draw_rest(cr, layout, &cut, false, sw);
    if (cut.active) {
        cairo_set_source_rgba(cr, hl[0], hl[1], hl[2], hl[3] * alpha);
        draw_word(cr, layout, &cut, false, sw);
    }
    cairo_restore(cr);
    return true;
}

bool captions_ink_bound(const layer *l, draw_ctx *dc, double t, double w, double h, px_rect *out)
{
    (void)w, (void)h;
    const caption_page *page = captions_page_at(l->resource, t);
    PangoLayout *layout = page ? page_layout(l, dc, page) : NULL;
    *out = (px_rect){0, 0, 0, 0};
    if (!layout)
        return true;
    double fps = dc->fps, pad[2], hpad[2];
    padding(l, CAP_PADDING, pad);
    padding(l, CAP_HIGHLIGHT_PADDING, hpad);
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);
    double lx = (double)logical.x / PANGO_SCALE, lw = (double)logical.width / PANGO_SCALE;
    double lh = (double)logical.height / PANGO_SCALE;
    double sw = l->values[CAP_STROKE].given ? layer_number(l, CAP_STROKE_WIDTH, t, fps) : 0;
    int mode = l->values[CAP_HIGHLIGHT].integer;
    /* The letters and their outline; the spoken word's box; a scaled word
     * and its line pushed aside, at most the scale's growth of the page. */
    double size = track_eval1(&l->values[CAP_SIZE].track, 0, 1);
    double k = track_eval1(&l->values[CAP_HIGHLIGHT_SCALE].track, 0, 1);
    double push = mode == HIGHLIGHT_SCALE && k > 1 ? (k - 1) * (fmax(lw, lh) + 2 * sw + 0.08 * size + 4) : 0;
    double grow = sw + 2 + push + (mode == HIGHLIGHT_BOX ? fmax(hpad[0], hpad[1]) : 0);
    double u[4];
    ink_pango_rect(&logical, pad[0], pad[1], grow, u);
    px_rect b = ink_device_rect(dc->cr, NULL, u, 2);
    ink_pango_rect(&ink, pad[0], pad[1], grow, u);
    b = ink_unite(b, ink_device_rect(dc->cr, NULL, u, 2));
    if (l->values[CAP_BACKGROUND].given) {
        double box[4] = {lx, 0, lx + lw + 2 * pad[0], lh + 2 * pad[1]};
        b = ink_unite(b, ink_device_rect(dc->cr, NULL, box, 2));
    }
    if (l->values[CAP_SHADOW].given) {
        double off[2];
        layer_point(l, CAP_SHADOW_OFFSET, t, fps, off);
        cairo_matrix_t ctm;
        cairo_get_matrix(dc->cr, &ctm);
        int r;
        double m = shadow_margin(layer_number(l, CAP_SHADOW_BLUR, t, fps), device_scale_of(&ctm), sw, push, lh, &r);
        double x = pad[0] + lx + off[0], y = pad[1] + off[1];
        double area[4] = {x - m, y - m, x + lw + m, y + lh + m};
        b = ink_unite(b, ink_device_rect(dc->cr, NULL, area, 2));
    }
    *out = b;
    return true;
}
