/* The frame renderer: background, then each visible layer with its transform
 * and opacity, in paint order. Everything it reads is the immutable scene and
 * the frame index; everything it writes is the worker's own draw_ctx. */
#include <math.h>
#include <stdlib.h>

#include "reel.h"
#include "render/draw.h"
#include "render/fonts.h"

int draw_ctx_init(draw_ctx *dc, const scene *s, double scale)
{
    *dc = (draw_ctx){.scene = s, .scale = scale, .fps = scene_fps(s)};
    int w = (int)lround(s->width * scale), h = (int)lround(s->height * scale);
    dc->target = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w < 1 ? 1 : w, h < 1 ? 1 : h);
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
    if (dc->cr)
        cairo_destroy(dc->cr);
    if (dc->target)
        cairo_surface_destroy(dc->target);
    *dc = (draw_ctx){0};
}

void draw_layer(draw_ctx *dc, const layer *l, double parent_t)
{
    if (parent_t < (double)l->start || parent_t >= (double)l->end)
        return;
    double t = parent_t - (double)l->start, fps = dc->fps;
    double opacity = layer_number(l, SLOT_OPACITY, t, fps);
    double scale[2];
    layer_point(l, SLOT_SCALE, t, fps, scale);
    if (opacity <= 0 || scale[0] == 0 || scale[1] == 0)
        return;
    double pos[2], anchor[2], w, h;
    layer_point(l, SLOT_POSITION, t, fps, pos);
    layer_point(l, SLOT_ANCHOR, t, fps, anchor);
    double rotation = layer_number(l, SLOT_ROTATION, t, fps);
    l->type->box(l, dc, t, &w, &h);

    cairo_t *cr = dc->cr;
    cairo_save(cr);
    cairo_translate(cr, pos[0], pos[1]);
    if (rotation != 0)
        cairo_rotate(cr, rotation * (M_PI / 180.0));
    if (scale[0] != 1 || scale[1] != 1)
        cairo_scale(cr, scale[0], scale[1]);
    cairo_translate(cr, -anchor[0] * w, -anchor[1] * h);
    if (opacity >= 1 || l->type->draws_alpha(l)) {
        l->type->draw(l, dc, t, opacity);
    } else {
        /* Opacity applies to the layer as a whole (overlapping parts do not
         * show through each other), so composite it as a group. */
        cairo_push_group(cr);
        l->type->draw(l, dc, t, 1.0);
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, opacity);
    }
    cairo_restore(cr);
}

void render_frame(draw_ctx *dc, int64_t frame)
{
    const scene *s = dc->scene;
    cairo_t *cr = dc->cr;
    double bg[4];
    track_eval(&s->background, (double)frame, dc->fps, bg);
    cairo_identity_matrix(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_set_source_rgba(cr, bg[0], bg[1], bg[2], bg[3]);
    cairo_paint(cr);
    cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    if (dc->scale != 1)
        cairo_scale(cr, dc->scale, dc->scale);
    for (size_t i = 0; i < s->layer_count; i++)
        draw_layer(dc, s->layers[i], (double)frame);
    cairo_surface_flush(dc->target);
}
