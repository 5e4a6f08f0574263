/* Masks for text shadows and blurred text units over a render thread's
 * reused memory (draw.h). A mask the size of a title's shadow is a few
 * hundred kilobytes; allocating it per frame meant fresh pages, which the
 * kernel zeroes and maps on every frame. */
#include <stdlib.h>
#include <string.h>

#include "render/draw.h"

static cairo_surface_t *mask_over(uint8_t **mem, size_t *cap, int w, int h)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, w);
    if (stride <= 0 || h <= 0)
        return NULL;
    size_t need = (size_t)stride * (size_t)h;
    if (*cap < need) {
        uint8_t *m = realloc(*mem, need);
        if (!m)
            return NULL;
        *mem = m;
        *cap = need;
    }
    memset(*mem, 0, need);
    cairo_surface_t *s = cairo_image_surface_create_for_data(*mem, CAIRO_FORMAT_A8, w, h, stride);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}

cairo_surface_t *draw_ctx_mask(draw_ctx *dc, int w, int h)
{
    return mask_over(&dc->mask_mem, &dc->mask_cap, w, h);
}

cairo_surface_t *draw_ctx_unit_mask(draw_ctx *dc, int w, int h)
{
    return mask_over(&dc->unit_mask_mem, &dc->unit_mask_cap, w, h);
}
