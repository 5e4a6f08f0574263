/* The frame renderer: background, then each visible layer with its transform
 * and opacity, in paint order. Everything it reads is the immutable scene and
 * the frame index; everything it writes is the worker's own draw_ctx. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reel.h"
#include "render/big_surface.h"
#include "render/draw.h"
#include "render/effects.h"
#include "render/fonts.h"
#include "render/group_surface.h"
#include "render/ink_bound.h"
#include "util/stage_clock.h"

int draw_ctx_init(draw_ctx *dc, const scene *s, double scale)
{
    *dc = (draw_ctx){.scene = s, .scale = scale, .fps = scene_fps(s), .static_first = 1, .static_last = 0,
                     .last_frame = -1, .drawn = -1, .footage.ready_all = true};
    int w = (int)lround(s->width * scale), h = (int)lround(s->height * scale);
    dc->target = big_surface_new(w < 1 ? 1 : w, h < 1 ? 1 : h);
    dc->cr = cairo_create(dc->target);
    dc->font_map = font_map_new(s->fonts);
    dc->pango = dc->font_map ? font_context_new(dc->font_map) : NULL;
    dc->caches = calloc((size_t)s->total_layers + 1, sizeof *dc->caches);
    if (cairo_status(dc->cr) != CAIRO_STATUS_SUCCESS || !dc->pango || !dc->caches) {
        draw_ctx_destroy(dc);
        return REEL_ENOMEM;
    }
    return 0;
}

static void free_caches(draw_ctx *dc, layer *const *layers, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const layer *l = layers[i];
        if (dc->caches[l->index] && l->type->cache_free)
            l->type->cache_free(dc->caches[l->index]);
        dc->caches[l->index] = NULL;
        free_caches(dc, l->children, l->child_count);
        if (l->fx && l->fx->mask)
            free_caches(dc, &l->fx->mask, 1);
    }
}

void draw_ctx_destroy(draw_ctx *dc)
{
    if (dc->caches)
        free_caches(dc, dc->scene->layers, dc->scene->layer_count);
    free(dc->caches);
    if (dc->pango)
        g_object_unref(dc->pango);
    font_map_free(dc->font_map);
    if (dc->static_picture)
        cairo_surface_destroy(dc->static_picture);
    fx_pool_free(dc->fx_pool);
    free(dc->mask_mem);
    free(dc->unit_mask_mem);
    px_scratch_free(&dc->blur_scratch);
    footage_base_free(&dc->footage);
    if (dc->cr)
        cairo_destroy(dc->cr);
    if (dc->target)
        cairo_surface_destroy(dc->target);
    *dc = (draw_ctx){0};
}

void draw_layer(draw_ctx *dc, const layer *l, double parent_t)
{
    if (!l->matte_source)
        draw_layer_unmatted(dc, l, parent_t);
}

/* A layer's values at one instant: what places it on its parent. */
typedef struct placement {
    double opacity, pos[2], anchor[2], scale[2], rotation, w, h;
    preset_motion motion;     /* presets' share, when has_motion */
    bool has_motion;
} placement;

/* Evaluates l at local time t; false when it shows nothing this frame. */
static bool evaluate_placement(draw_ctx *dc, const layer *l, double t, placement *p)
{
    double clock = stage_clock_begin(STAGE_EVALUATE), fps = dc->fps;
    p->opacity = layer_number(l, SLOT_OPACITY, t, fps);
    layer_point(l, SLOT_SCALE, t, fps, p->scale);
    /* Presets combine with the layer's own values: offsets add, factors multiply. */
    p->has_motion = l->fx && l->fx->has_presets;
    preset_motion *m = &p->motion;
    if (p->has_motion) {
        preset_motion_identity(m);
        fx_presets_eval(l->fx, t, fps, m);
        p->opacity *= m->opacity;
        p->scale[0] *= m->sx;
        p->scale[1] *= m->sy;
    }
    if (p->opacity <= 0 || p->scale[0] == 0 || p->scale[1] == 0) {
        stage_clock_end(STAGE_EVALUATE, clock);
        return false;
    }
    layer_point(l, SLOT_POSITION, t, fps, p->pos);
    layer_point(l, SLOT_ANCHOR, t, fps, p->anchor);
    p->rotation = layer_number(l, SLOT_ROTATION, t, fps);
    if (p->has_motion) {
        p->pos[0] += m->dx;
        p->pos[1] += m->dy;
        p->rotation += m->rotation;
    }
    l->type->box(l, dc, t, &p->w, &p->h);
    stage_clock_end(STAGE_EVALUATE, clock);
    return true;
}

/* Moves cr's user space from the parent's onto the layer's box. */
static void apply_placement(cairo_t *cr, const placement *p)
{
    cairo_translate(cr, p->pos[0], p->pos[1]);
    if (p->rotation != 0)
        cairo_rotate(cr, p->rotation * (M_PI / 180.0));
    if (p->scale[0] != 1 || p->scale[1] != 1)
        cairo_scale(cr, p->scale[0], p->scale[1]);
    cairo_translate(cr, -p->anchor[0] * p->w, -p->anchor[1] * p->h);
}

static bool shows_at(const layer *l, double parent_t)
{
    return !l->type->no_picture && parent_t >= (double)l->start && parent_t < (double)l->end;
}

bool layer_place(draw_ctx *dc, const layer *l, double parent_t, double *w, double *h)
{
    placement p;
    if (!shows_at(l, parent_t) || !evaluate_placement(dc, l, parent_t - (double)l->start, &p))
        return false;
    apply_placement(dc->cr, &p);
    *w = p.w;
    *h = p.h;
    return true;
}

void draw_step_apply(cairo_t *cr, const draw_step *step)
{
    if (step->placement) {
        apply_placement(cr, step->placement);
        return;
    }
    const draw_shift *sh = step->shift;
    cairo_translate(cr, sh->ox, sh->oy);
    if (sh->s != 1) {
        cairo_translate(cr, sh->w / 2, sh->h / 2);
        cairo_scale(cr, sh->s, sh->s);
        cairo_translate(cr, -sh->w / 2, -sh->h / 2);
    }
}

/* Draws l into a group (render/group_surface.h) and composites it at
 * `opacity`. The group covers the frame, so the layer draws exactly as it
 * would onto the frame itself (a clip would move where pixman starts its
 * gradient and image steps, and change a few samples by one). The composite
 * is limited to where the layer said it drew: elsewhere the group is
 * transparent, and painting transparent samples changes nothing, so a title
 * fading in composites its own area instead of the frame. */
static void draw_as_group(draw_ctx *dc, const layer *l, double t, double opacity, double w, double h)
{
    group_surface g;
    group_begin(dc, &g, NULL);
    l->type->draw(l, dc, t, 1.0);
    ink_after_draw(dc, l, t, w, h);
    cairo_pattern_t *group = group_end(dc, &g);
    cairo_t *cr = dc->cr;
    cairo_save(cr);
    cairo_set_source(cr, group);
    cairo_pattern_destroy(group);
    if (g.known && !dc->whole_groups) {
        dc->groups_limited++;
        cairo_matrix_t m;
        cairo_get_matrix(cr, &m);
        cairo_identity_matrix(cr);
        cairo_rectangle(cr, g.bound.x0, g.bound.y0, g.bound.x1 - g.bound.x0, g.bound.y1 - g.bound.y0);
        cairo_clip(cr);
        cairo_set_matrix(cr, &m);
    }
    cairo_paint_with_alpha(cr, opacity);
    cairo_restore(cr);
    group_release(dc, &g);
}

void draw_layer_unmatted(draw_ctx *dc, const layer *l, double parent_t)
{
    if (l->fx && l->fx->motion_samples > 1 && !dc->motion_sampling && fx_motion_blur(dc, l, parent_t))
        return;
    placement place;
    double t = parent_t - (double)l->start;
    if (!shows_at(l, parent_t) || !evaluate_placement(dc, l, t, &place))
        return;
    double opacity = place.opacity, w = place.w, h = place.h;
    preset_motion *m = place.has_motion ? &place.motion : NULL;

    cairo_t *cr = dc->cr;
    cairo_save(cr);
    cairo_matrix_t parent;
    cairo_get_matrix(cr, &parent);
    apply_placement(cr, &place);
    if (dc->placed_depth < DRAW_PLACED_MAX)
        dc->placed[dc->placed_depth] = (draw_step){.placement = &place};
    dc->placed_depth++;
    if (!(l->fx && fx_draw(dc, l, t, parent_t, &parent, opacity, w, h, m))) {
        fx_clip_wipe(cr, m, w, h);
        if (opacity >= 1 || l->type->draws_alpha(l)) {
            l->type->draw(l, dc, t, opacity);
            ink_after_draw(dc, l, t, w, h);
        } else {
            /* Opacity applies to the layer as a whole (overlapping parts do not
             * show through each other), so composite it as a group (which
             * also says where the layer drew). */
            draw_as_group(dc, l, t, opacity, w, h);
        }
    }
    dc->placed_depth--;
    cairo_restore(cr);
}

static void draw_background(draw_ctx *dc, int64_t frame)
{
    cairo_t *cr = dc->cr;
    double bg[4];
    track_eval(&dc->scene->background, (double)frame, dc->fps, bg);
    cairo_identity_matrix(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_rgba(cr, bg[0], bg[1], bg[2], bg[3]);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
}

static void draw_layers(draw_ctx *dc, int64_t frame, size_t from, size_t to)
{
    cairo_identity_matrix(dc->cr);
    if (dc->scale != 1)
        cairo_scale(dc->cr, dc->scale, dc->scale);
    for (size_t i = from; i < to; i++)
        draw_layer(dc, dc->scene->layers[i], (double)frame);
}

void render_frame(draw_ctx *dc, int64_t frame)
{
    draw_background(dc, frame);
    draw_layers(dc, frame, 0, dc->scene->layer_count);
    cairo_surface_flush(dc->target);
    dc->last_frame = -1;
    dc->changed_known = false;
}

static px_rect whole(cairo_surface_t *s)
{
    return (px_rect){0, 0, cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
}

/* Copies rectangle r (within both) of src over dst, surfaces of one size. */
static void copy_picture(cairo_surface_t *dst, cairo_surface_t *src, px_rect r)
{
    if (px_rect_empty(r) || !cairo_image_surface_get_data(dst) || !cairo_image_surface_get_data(src))
        return;                         /* an error surface (out of memory) has no pixels */
    cairo_surface_flush(src);
    cairo_surface_flush(dst);
    int stride = cairo_image_surface_get_stride(dst);
    uint8_t *d = cairo_image_surface_get_data(dst) + (ptrdiff_t)r.y0 * stride + 4 * (ptrdiff_t)r.x0;
    const uint8_t *s = cairo_image_surface_get_data(src) + (ptrdiff_t)r.y0 * stride + 4 * (ptrdiff_t)r.x0;
    if (r.x0 == 0 && r.x1 == cairo_image_surface_get_width(dst))
        memcpy(d, s, (size_t)(r.y1 - r.y0) * (size_t)stride);
    else
        for (int y = r.y0; y < r.y1; y++, d += stride, s += stride)
            memcpy(d, s, 4 * (size_t)(r.x1 - r.x0));
    cairo_surface_mark_dirty_rectangle(dst, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
}

/* Draws layer `index`, a group, with only children [from, to). */
static void draw_group_part(draw_ctx *dc, int64_t frame, size_t index, size_t from, size_t to)
{
    const layer *g = dc->scene->layers[index];
    dc->part_group = g;
    dc->part_from = from;
    dc->part_to = to;
    draw_layers(dc, frame, index, index + 1);
    dc->part_group = NULL;
}

/* Whether frame f draws exactly what frame f - 1 drew: the background and
 * every layer are static over the two (the test the static spans make over
 * a whole run, here over one step). A slide held for two seconds, or a
 * title card after its animation, is then drawn once, not every frame. */
static bool same_as_previous(const scene *s, int64_t f)
{
    if (!track_is_constant_over(&s->background, (double)(f - 1), (double)f))
        return false;
    for (size_t i = 0; i < s->layer_count; i++)
        if (!layer_is_static(s->layers[i], (double)(f - 1), (double)f))
            return false;
    return true;
}

/* render_frame, for a pipeline whose frames can take footage's own samples
 * (render/footage_base.h): where the layers drew over footage that covers
 * the frame is gathered in dc->changed, and the frame drawn again while the
 * footage's guess of it missed. */
static void draw_over_footage(draw_ctx *dc, int64_t frame)
{
    footage_base *b = &dc->footage;
    for (int pass = 0; pass < 4; pass++) {
        footage_base_frame_start(b);
        bool background = !b->last_set;
        ink_saved outer;
        ink_areas_begin(dc, &outer, &dc->changed);
        b->open = true;
        if (background)
            draw_background(dc, frame);
        draw_layers(dc, frame, 0, dc->scene->layer_count);
        b->open = false;
        ink_areas_end(dc, &outer, &dc->changed, whole(dc->target));
        cairo_surface_flush(dc->target);
        b->last_set = b->set;
        if (!b->set) {
            if (background)
                break;
            continue;                   /* drawn without its background: again, with it */
        }
        if (!footage_base_missed(b, &dc->changed, pass > 0))
            break;
    }
    if (b->set)
        footage_base_guess(b, &dc->changed);
    dc->last_frame = -1;
    dc->changed_known = false;
}

bool render_frame_in_run(draw_ctx *dc, int64_t frame, int64_t first, int64_t last)
{
    const scene *s = dc->scene;
    if (dc->drawn == frame - 1 && frame > first && frame <= last && dc->static_first == first &&
        dc->static_last == last && same_as_previous(s, frame)) {
        dc->drawn = frame;
        return true;
    }
    dc->drawn = -1;
    if (dc->static_first != first || dc->static_last != last) {
        dc->static_first = first;
        dc->static_last = last;
        bool background_static = track_is_constant_over(&s->background, (double)first, (double)last);
        dc->static_count = static_prefix(s, first, last);
        dc->static_children = background_static && dc->static_count < s->layer_count
                                  ? static_group_prefix(s->layers[dc->static_count], first, last) : 0;
        dc->static_all = dc->static_count == s->layer_count && background_static;
        dc->last_frame = -1;
        if ((dc->static_count > 0 || dc->static_children > 0) && dc->static_count < s->layer_count) {
            /* Draw the static part once, then keep a copy of it. */
            draw_background(dc, first);
            draw_layers(dc, first, 0, dc->static_count);
            if (dc->static_children > 0)
                draw_group_part(dc, first, dc->static_count, 0, dc->static_children);
            cairo_surface_flush(dc->target);
            if (!dc->static_picture)
                dc->static_picture = big_surface_new(cairo_image_surface_get_width(dc->target),
                                                     cairo_image_surface_get_height(dc->target));
            copy_picture(dc->static_picture, dc->target, whole(dc->target));
            dc->static_generation++;
            dc->changed_known = true;       /* target is the static picture itself */
            dc->changed.count = 0;
        }
    }
    footage_base_frame_start(&dc->footage);
    if (dc->static_all) {
        if (dc->last_frame >= first && dc->last_frame <= last)
            return true;
        dc->footage.last_set = false;   /* painted whole: see draw_over_footage */
        render_frame(dc, frame);
        dc->last_frame = frame;
        dc->drawn = frame;
        return false;
    }
    if ((dc->static_count == 0 && dc->static_children == 0) ||
        cairo_surface_status(dc->static_picture) != CAIRO_STATUS_SUCCESS) {
        if (dc->footage.enabled)
            draw_over_footage(dc, frame);
        else
            render_frame(dc, frame);
        dc->drawn = frame;
        return false;
    }
    dc->footage.last_set = false;
    /* Outside where the last frame's moving layers reached, target still
     * holds the static picture; they draw unclipped on top of it, and where
     * they reach now becomes the next frame's area to restore. */
    px_rect canvas = whole(dc->target);
    if (!dc->changed_known)
        copy_picture(dc->target, dc->static_picture, canvas);
    for (int i = 0; dc->changed_known && i < dc->changed.count; i++)
        copy_picture(dc->target, dc->static_picture, dc->changed.r[i]);
    ink_saved outer;
    ink_areas_begin(dc, &outer, &dc->changed);
    size_t next = dc->static_count;
    if (dc->static_children > 0) {
        const layer *g = s->layers[next];
        draw_group_part(dc, frame, next, dc->static_children, g->child_count);
        next++;
    }
    draw_layers(dc, frame, next, s->layer_count);
    ink_areas_end(dc, &outer, &dc->changed, canvas);
    dc->changed_known = true;
    cairo_surface_flush(dc->target);
    dc->last_frame = -1;
    dc->drawn = frame;
    return false;
}
