/* Drawing a text layer piece by piece: every unit's glyph run with its own
 * transform, opacity, color and blur from the animators, and the outline and
 * soft shadow that follow the units. Pieces come from text_units.c, cut once per
 * layout; nothing here lays out text. */
#include <math.h>
#include <string.h>

#include "layers/text_internal.h"
#include "render/blur_a8.h"
#include "render/draw.h"
#include "render/ink_bound.h"
#include "util/stage_clock.h"

bool text_has_shadow(const layer *l)
{
    return l->values[TEXT_SHADOW_COLOR].given;
}

bool text_has_stroke(const layer *l)
{
    return l->values[TEXT_STROKE].paint.type != PAINT_NONE;
}

/* This frame's transform, opacity and color of every piece. */
static void compute_states(const layer *l, const text_cache *c, double t, double fps)
{
    const text_resource *res = l->resource;
    for (size_t i = 0; i < c->units.piece_count; i++) {
        const text_piece *p = &c->units.pieces[i];
        piece_state *st = &c->states[i];
        cairo_matrix_init_identity(&st->m);
        st->opacity = 1;
        st->color_weight = 0;
        st->blur = 0;
        for (size_t a = 0; a < res->animator_count; a++) {
            const text_animator *an = &res->animators[a];
            int u = p->unit[an->unit];
            if (u < 0) {
                st->opacity = 0;        /* white space: draws nothing anyway */
                break;
            }
            unit_pose pose = {.scale = {1, 1}, .opacity = 1};
            animator_apply(an, c->ranks[a][u], t, fps, &pose);
            st->opacity *= pose.opacity;
            st->blur = fmax(0, st->blur + pose.blur);
            if (pose.color_weight > 0) {
                memcpy(st->color, pose.color, sizeof st->color);
                st->color_weight = 1 - (1 - st->color_weight) * (1 - pose.color_weight);
            }
            if (pose.offset[0] == 0 && pose.offset[1] == 0 && pose.rotation == 0 && pose.scale[0] == 1 &&
                pose.scale[1] == 1)
                continue;
            /* Scale and rotate about the unit's center, then offset. */
            const double *center = &c->units.center[an->unit][u * 2];
            cairo_matrix_t m;
            cairo_matrix_init_translate(&m, center[0] + pose.offset[0], center[1] + pose.offset[1]);
            cairo_matrix_rotate(&m, pose.rotation * (M_PI / 180.0));
            cairo_matrix_scale(&m, pose.scale[0], pose.scale[1]);
            cairo_matrix_translate(&m, -center[0], -center[1]);
            if (pose.scale[0] == 0 || pose.scale[1] == 0)
                st->opacity = 0;
            cairo_matrix_multiply(&st->m, &st->m, &m);
        }
    }
}

/* Fill or outline in the text's paint, or in black for the shadow's mask. */
enum piece_mode { PIECE_FILL, PIECE_STROKE, PIECE_MASK, PIECE_MASK_STROKE };

/* Sets the fill source of piece p; false when it draws nothing. */
static bool fill_source(const layer *l, cairo_t *cr, const text_resource *res, const text_piece *p,
                        const piece_state *st, double t, double fps, double w, double h, double alpha)
{
    const paint *fill = &l->values[TEXT_COLOR].paint;
    double base[4];
    if (p->span >= 0) {
        memcpy(base, res->markup.spans[p->span].color, sizeof base);
    } else if (fill->type == PAINT_SOLID) {
        track_eval(&fill->color, t, fps, base);
    } else {
        return paint_set_source(cr, fill, t, fps, w, h, alpha * st->opacity);
    }
    double k = st->color_weight, c[4];
    for (int i = 0; i < 4; i++)
        c[i] = base[i] + k * (st->color[i] - base[i]);
    if (c[3] * alpha * st->opacity <= 0)
        return false;
    cairo_set_source_rgba(cr, c[0], c[1], c[2], c[3] * alpha * st->opacity);
    return true;
}

/* The device pixels [box[0], box[2]) x [box[1], box[3]) that the user-space
 * rectangle u (x0, y0, x1, y1) covers under cr's transform, grown by `grow`
 * pixels and clipped to fw x fh. False when nothing is left. */
static bool device_pixels(cairo_t *cr, const double u[4], int grow, int fw, int fh, int box[4])
{
    px_rect r = px_rect_intersect(ink_device_rect(cr, NULL, u, grow), (px_rect){0, 0, fw, fh});
    box[0] = r.x0, box[1] = r.y0, box[2] = r.x1, box[3] = r.y1;
    return r.x1 > r.x0 && r.y1 > r.y0;
}

/* The glyphs of p (filled, or outlined with line_width) in cr's current
 * source, under cr's transform. */
static void piece_glyphs(cairo_t *cr, const text_piece *p, enum piece_mode mode, double line_width)
{
    cairo_move_to(cr, p->x, p->y);
    if (mode == PIECE_STROKE || mode == PIECE_MASK_STROKE) {
        cairo_new_path(cr);
        cairo_move_to(cr, p->x, p->y);
        pango_cairo_glyph_string_path(cr, p->font, p->glyphs);
        cairo_set_line_width(cr, line_width);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    } else {
        pango_cairo_show_glyph_string(cr, p->font, p->glyphs);
    }
}

/* A blurred unit: its coverage goes into an A8 mask of its device-space
 * area (ink grown by the blur's reach), is blurred like a text shadow (three
 * box passes of radius blur / 2) and paints cr's source through it. False
 * when the blur is under a pixel, to draw the piece as it is. */
static bool piece_blurred(draw_ctx *dc, cairo_t *cr, const text_piece *p, const piece_state *st,
                          enum piece_mode mode, double line_width)
{
    int radius = (int)lround(st->blur * dc->scale / 2);
    if (radius < 1)
        return false;
    PangoRectangle ink;
    pango_glyph_string_extents(p->glyphs, p->font, &ink, NULL);
    double grow = line_width / 2 + 1;
    double u[4] = {p->x + (double)ink.x / PANGO_SCALE - grow, p->y + (double)ink.y / PANGO_SCALE - grow};
    u[2] = u[0] + (double)ink.width / PANGO_SCALE + 2 * grow;
    u[3] = u[1] + (double)ink.height / PANGO_SCALE + 2 * grow;
    cairo_surface_t *target = cairo_get_target(cr);
    cairo_save(cr);
    cairo_transform(cr, &st->m);
    int box[4];
    bool inside = device_pixels(cr, u, 3 * radius + 1, cairo_image_surface_get_width(target),
                                cairo_image_surface_get_height(target), box);
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    cairo_restore(cr);
    if (!inside)
        return true;                /* wholly outside: nothing to draw */
    int ix0 = box[0], iy0 = box[1], ix1 = box[2], iy1 = box[3];
    cairo_surface_t *mask = draw_ctx_unit_mask(dc, ix1 - ix0, iy1 - iy0);
    if (!mask)
        return false;
    cairo_t *mc = cairo_create(mask);
    m.x0 -= ix0;
    m.y0 -= iy0;
    cairo_set_matrix(mc, &m);
    piece_glyphs(mc, p, mode, line_width);
    cairo_destroy(mc);
    blur_a8_surface(mask, radius, &dc->blur_scratch);
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_mask_surface(cr, mask, ix0, iy0);
    cairo_restore(cr);
    cairo_surface_finish(mask);     /* its memory is reused: nothing may keep reading it */
    cairo_surface_destroy(mask);
    return true;
}

static void draw_pieces(const layer *l, draw_ctx *dc, cairo_t *cr, const text_cache *c, enum piece_mode mode,
                        double t, double fps, double w, double h, double alpha, double line_width)
{
    const text_resource *res = l->resource;
    for (size_t i = 0; i < c->units.piece_count; i++) {
        const text_piece *p = &c->units.pieces[i];
        const piece_state *st = &c->states[i];
        if (st->opacity <= 0)
            continue;
        cairo_save(cr);
        /* The source is set before the piece's transform so that gradients
         * stay fixed to the text box while units move. */
        bool draw = mode == PIECE_FILL ? fill_source(l, cr, res, p, st, t, fps, w, h, alpha)
                  : mode == PIECE_STROKE ? paint_set_source(cr, &l->values[TEXT_STROKE].paint, t, fps, w, h,
                                                            alpha * st->opacity)
                  : (cairo_set_source_rgba(cr, 0, 0, 0, st->opacity), true);
        if (draw && !(st->blur > 0 && piece_blurred(dc, cr, p, st, mode, line_width))) {
            cairo_transform(cr, &st->m);
            piece_glyphs(cr, p, mode, line_width);
        }
        cairo_restore(cr);
    }
}

/* The outline width as drawn: twice the visible width when the fill covers
 * the inner half. */
static double stroke_line_width(const layer *l, double t, double fps)
{
    double sw = layer_number(l, TEXT_STROKE_WIDTH, t, fps);
    return l->values[TEXT_STROKE_POSITION].integer == 0 ? 2 * sw : sw;
}

/* Draws the glyphs' coverage (and outline) into an A8 picture of the text's
 * device-space area, blurs it and paints it through the shadow color. */
static void draw_shadow(const layer *l, draw_ctx *dc, const text_cache *c, double t, double w, double h,
                        double alpha)
{
    cairo_t *cr = dc->cr;
    double fps = dc->fps, off[2], color[4];
    layer_point(l, TEXT_SHADOW_OFFSET, t, fps, off);
    layer_color(l, TEXT_SHADOW_COLOR, t, fps, color);
    double blur = layer_number(l, TEXT_SHADOW_BLUR, t, fps);
    if (color[3] * alpha <= 0)
        return;
    /* The area: the box grown by what can reach outside it (animated units
     * move, outlines and blur spread), clipped to the frame. */
    double size = layer_number(l, TEXT_SIZE, t, fps);
    double margin = 2 * size + stroke_line_width(l, t, fps) + 3 * blur;
    double u[4] = {-margin + fmin(0, off[0]), -margin + fmin(0, off[1]), w + margin + fmax(0, off[0]),
                   h + margin + fmax(0, off[1])};
    int box[4];
    if (!device_pixels(cr, u, 0, cairo_image_surface_get_width(dc->target),
                       cairo_image_surface_get_height(dc->target), box))
        return;
    int ix0 = box[0], iy0 = box[1], ix1 = box[2], iy1 = box[3];
    cairo_surface_t *mask = draw_ctx_mask(dc, ix1 - ix0, iy1 - iy0);
    if (!mask)
        return;
    cairo_t *mc = cairo_create(mask);
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    m.x0 -= ix0;
    m.y0 -= iy0;
    cairo_set_matrix(mc, &m);
    cairo_translate(mc, off[0], off[1]);
    draw_pieces(l, dc, mc, c, PIECE_MASK, t, fps, w, h, 1, 0);
    if (text_has_stroke(l))     /* the outline casts a shadow too */
        draw_pieces(l, dc, mc, c, PIECE_MASK_STROKE, t, fps, w, h, 1, stroke_line_width(l, t, fps));
    cairo_destroy(mc);
    blur_a8_surface(mask, (int)lround(blur * dc->scale / 2), &dc->blur_scratch);
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_set_source_rgba(cr, color[0], color[1], color[2], color[3] * alpha);
    cairo_mask_surface(cr, mask, ix0, iy0);
    cairo_restore(cr);
    cairo_surface_finish(mask);     /* its memory is reused: nothing may keep reading it */
    cairo_surface_destroy(mask);
}

px_rect pieces_ink_bound(const layer *l, draw_ctx *dc, const text_cache *c, double t)
{
    double fps = dc->fps, lw = text_has_stroke(l) ? stroke_line_width(l, t, fps) : 0;
    double off[2] = {0, 0};
    int shadow_radius = -1;
    if (text_has_shadow(l)) {
        layer_point(l, TEXT_SHADOW_OFFSET, t, fps, off);
        shadow_radius = (int)lround(layer_number(l, TEXT_SHADOW_BLUR, t, fps) * dc->scale / 2);
    }
    cairo_matrix_t shift;
    cairo_matrix_init_translate(&shift, off[0], off[1]);
    px_rect acc = {0, 0, 0, 0};
    for (size_t i = 0; i < c->units.piece_count; i++) {
        const text_piece *p = &c->units.pieces[i];
        const piece_state *st = &c->states[i];
        if (st->opacity <= 0)
            continue;
        PangoRectangle ink;
        pango_glyph_string_extents(p->glyphs, p->font, &ink, NULL);
        double u[4];
        ink_pango_rect(&ink, p->x, p->y, lw / 2, u);
        /* A blurred unit spreads as far as piece_blurred's mask. */
        int radius = (int)lround(st->blur * dc->scale / 2);
        double grow = 2 + (st->blur > 0 && radius >= 1 ? 3 * radius + 1 : 0);
        acc = ink_unite(acc, ink_device_rect(dc->cr, &st->m, u, grow));
        if (shadow_radius >= 0) {
            cairo_matrix_t m;
            cairo_matrix_multiply(&m, &st->m, &shift);
            acc = ink_unite(acc, ink_device_rect(dc->cr, &m, u, grow + 3 * shadow_radius));
        }
    }
    return acc;
}

void pieces_draw(const layer *l, draw_ctx *dc, text_cache *c, double t, double w, double h, double alpha)
{
    double fps = dc->fps;
    double clock = stage_clock_begin(STAGE_EVALUATE);
    compute_states(l, c, t, fps);
    stage_clock_end(STAGE_EVALUATE, clock);
    if (text_has_shadow(l))
        draw_shadow(l, dc, c, t, w, h, alpha);
    bool outside = l->values[TEXT_STROKE_POSITION].integer == 0;
    double lw = stroke_line_width(l, t, fps);
    if (text_has_stroke(l) && outside && lw > 0)
        draw_pieces(l, dc, dc->cr, c, PIECE_STROKE, t, fps, w, h, alpha, lw);
    draw_pieces(l, dc, dc->cr, c, PIECE_FILL, t, fps, w, h, alpha, 0);
    if (text_has_stroke(l) && !outside && lw > 0)
        draw_pieces(l, dc, dc->cr, c, PIECE_STROKE, t, fps, w, h, alpha, lw);
}
