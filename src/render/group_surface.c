/* See group_surface.h. */
#include "render/group_surface.h"

#include <string.h>

#include "render/effects.h"

static px_rect canvas_of(const draw_ctx *dc)
{
    return (px_rect){0, 0, cairo_image_surface_get_width(dc->target), cairo_image_surface_get_height(dc->target)};
}

/* Whether cr draws onto a frame-sized surface without offset (the frame, or
 * a surface of the pool) and without a clip: where cairo's own group would
 * be a new frame-sized surface, which a pool surface can stand for. */
static bool unclipped_on_frame(const draw_ctx *dc, cairo_t *cr)
{
    cairo_surface_t *s = cairo_get_group_target(cr);
    double ox, oy;
    cairo_surface_get_device_offset(s, &ox, &oy);
    px_rect canvas = canvas_of(dc);
    if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE || cairo_image_surface_get_width(s) != canvas.x1 ||
        cairo_image_surface_get_height(s) != canvas.y1 || ox != 0 || oy != 0)
        return false;
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_rectangle_list_t *clip = cairo_copy_clip_rectangle_list(cr);
    cairo_restore(cr);
    bool whole = clip->status == CAIRO_STATUS_SUCCESS && clip->num_rectangles == 1 &&
                 clip->rectangles[0].x <= 0 && clip->rectangles[0].y <= 0 &&
                 clip->rectangles[0].x + clip->rectangles[0].width >= canvas.x1 &&
                 clip->rectangles[0].y + clip->rectangles[0].height >= canvas.y1;
    cairo_rectangle_list_destroy(clip);
    return whole;
}

/* The transform of what is being drawn, built on cr as the renderer built it:
 * the frame's scale, then each step. */
static void replay_steps(const draw_ctx *dc, cairo_t *cr)
{
    if (dc->scale != 1)
        cairo_scale(cr, dc->scale, dc->scale);
    for (int i = 0; i < dc->placed_depth; i++)
        draw_step_apply(cr, &dc->placed[i]);
}

/* Whether a and b map between user and device space to the same bits both
 * ways: cairo keeps the inverse it built step by step, not recomputed. */
static bool same_transform(cairo_t *a, cairo_t *b)
{
    cairo_matrix_t ma, mb;
    cairo_get_matrix(a, &ma);
    cairo_get_matrix(b, &mb);
    double pa[6] = {0, 0, 1, 0, 0, 1}, pb[6] = {0, 0, 1, 0, 0, 1};
    cairo_device_to_user(a, &pa[0], &pa[1]);
    cairo_device_to_user_distance(a, &pa[2], &pa[3]);
    cairo_device_to_user_distance(a, &pa[4], &pa[5]);
    cairo_device_to_user(b, &pb[0], &pb[1]);
    cairo_device_to_user_distance(b, &pb[2], &pb[3]);
    cairo_device_to_user_distance(b, &pb[4], &pb[5]);
    return !memcmp(&ma, &mb, sizeof ma) && !memcmp(pa, pb, sizeof pa);
}

/* A context on a pool surface with the transform cr would have after the
 * shift, or NULL (nothing taken) where that cannot be had. */
static cairo_t *pooled_context(draw_ctx *dc, cairo_t *cr, const draw_shift *shift, cairo_surface_t **own)
{
    *own = NULL;
    if (dc->whole_groups || dc->placed_depth > DRAW_PLACED_MAX || !unclipped_on_frame(dc, cr))
        return NULL;
    px_rect canvas = canvas_of(dc);
    cairo_surface_t *s = fx_scratch_take(dc, canvas);
    if (!s)
        return NULL;
    cairo_t *on_own = cairo_create(s);
    replay_steps(dc, on_own);
    cairo_save(cr);
    if (shift)
        draw_step_apply(cr, &(draw_step){.shift = shift});
    bool same = same_transform(on_own, cr);
    cairo_restore(cr);
    if (!same) {
        cairo_destroy(on_own);
        fx_scratch_narrow(dc, (px_rect){0, 0, 0, 0});   /* unused: nothing to clear */
        fx_scratch_give_back(dc);
        return NULL;
    }
    *own = s;
    return on_own;
}

void group_begin(draw_ctx *dc, group_surface *g, const draw_shift *shift)
{
    cairo_t *cr = dc->cr;
    *g = (group_surface){.outer = cr};
    if (shift) {
        if (dc->placed_depth < DRAW_PLACED_MAX)
            dc->placed[dc->placed_depth] = (draw_step){.shift = shift};
        dc->placed_depth++;
        g->shifted = true;
    }
    cairo_t *on_own = pooled_context(dc, cr, shift, &g->own);
    if (on_own) {
        dc->cr = on_own;
    } else {
        cairo_push_group(cr);
        if (shift)
            draw_step_apply(cr, &(draw_step){.shift = shift});
    }
    ink_begin(dc, &g->ink);
}

cairo_pattern_t *group_end(draw_ctx *dc, group_surface *g)
{
    const px_rect everywhere = {-INK_FAR, -INK_FAR, INK_FAR, INK_FAR};
    px_rect b = g->bound = ink_end(dc, &g->ink, everywhere);
    g->known = b.x0 > -INK_FAR || b.y0 > -INK_FAR || b.x1 < INK_FAR || b.y1 < INK_FAR;
    if (g->shifted)
        dc->placed_depth--;
    cairo_pattern_t *group;
    if (g->own) {
        cairo_destroy(dc->cr);
        dc->cr = g->outer;
        cairo_surface_flush(g->own);
        /* As cairo_pop_group sets its group: the pattern matrix is the outer
         * transform (which a paint there undoes), to the same bits. */
        cairo_matrix_t m;
        cairo_get_matrix(g->outer, &m);
        group = cairo_pattern_create_for_surface(g->own);
        cairo_pattern_set_matrix(group, &m);
        dc->groups_pooled++;
    } else {
        group = cairo_pop_group(g->outer);
    }
    /* Whoever gathers around the group learns the same. */
    if (g->known)
        ink_add(dc, g->bound);
    else
        ink_add_unknown(dc);
    return group;
}

void group_release(draw_ctx *dc, group_surface *g)
{
    if (!g->own)
        return;
    fx_scratch_narrow(dc, g->known ? px_rect_intersect(g->bound, canvas_of(dc)) : canvas_of(dc));
    fx_scratch_give_back(dc);
    g->own = NULL;
}
