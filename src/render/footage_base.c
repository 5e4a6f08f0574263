/* See footage_base.h. */
#include "render/footage_base.h"

#include "media/footage_planes.h"
#include "render/draw.h"
#include "render/ink_bound.h"

void footage_base_free(footage_base *b)
{
    av_frame_free(&b->frame);
    b->set = false;
}

void footage_base_frame_start(footage_base *b)
{
    if (b->frame)
        av_frame_unref(b->frame);
    b->set = false;
}

bool footage_base_possible(const draw_ctx *dc)
{
    return dc->footage.enabled && dc->footage.open && dc->ink_depth == 1 && dc->ink_top;
}

bool footage_base_take(draw_ctx *dc, AVFrame *ref, const yuv_rgb_params *p)
{
    footage_base *b = &dc->footage;
    if (!footage_base_possible(dc) || !footage_planes_fit(p, b->out_format, b->out_full_range) ||
        ref->width != b->out_width || ref->height != b->out_height ||
        cairo_image_surface_get_width(dc->target) != b->out_width ||
        cairo_image_surface_get_height(dc->target) != b->out_height || !cairo_image_surface_get_data(dc->target))
        return false;
    if (!b->frame && !(b->frame = av_frame_alloc()))
        return false;
    uint8_t *pixels = cairo_image_surface_get_data(dc->target);
    int stride = cairo_image_surface_get_stride(dc->target);
    cairo_surface_flush(dc->target);
    if (b->ready_all) {
        yuv_to_rgb(ref, p, pixels, stride);
    } else {
        for (int i = 0; i < b->ready.count; i++) {
            px_rect r = b->ready.r[i];
            yuv_to_rgb_area(ref, p, pixels, stride, r.x0, r.y0, r.x1, r.y1);
        }
    }
    cairo_surface_mark_dirty(dc->target);
    /* Whatever was drawn before is under the footage now. */
    ink_areas_restart(dc);
    av_frame_unref(b->frame);
    av_frame_move_ref(b->frame, ref);
    b->params = *p;
    b->set = true;
    return true;
}

/* r widened to whole 2 x 2 blocks (the pipeline converts areas so), grown by
 * `margin`, within the frame. */
static px_rect blocks_around(px_rect r, int margin, int w, int h)
{
    px_rect g = {(r.x0 & ~1) - margin, (r.y0 & ~1) - margin, r.x1 + (r.x1 & 1) + margin,
                 r.y1 + (r.y1 & 1) + margin};
    return px_rect_intersect(g, (px_rect){0, 0, w, h});
}

/* Whether r lies within the union of the ready rectangles (one too cut up
 * to tell counts as outside). */
static bool within_ready(const footage_base *b, px_rect r)
{
    px_rect rest[1];
    return px_rect_minus_areas(r, &b->ready, rest, 1) == 0;
}

void footage_base_guess(footage_base *b, const px_areas *drawn)
{
    b->ready.count = 0;
    for (int i = 0; i < drawn->count; i++)
        b->ready.r[b->ready.count++] = blocks_around(drawn->r[i], FOOTAGE_MARGIN, b->out_width, b->out_height);
    b->ready_all = false;
}

bool footage_base_missed(footage_base *b, const px_areas *drawn, bool second)
{
    if (b->ready_all)
        return false;
    for (int i = 0; i < drawn->count; i++) {
        if (!within_ready(b, blocks_around(drawn->r[i], 0, b->out_width, b->out_height))) {
            footage_base_guess(b, drawn);
            b->ready_all = second;
            return true;
        }
    }
    return false;
}
