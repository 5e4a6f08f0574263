/* See image_levels.h. */
#include "render/image_levels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

void image_levels_init(image_levels *lv, cairo_surface_t *picture)
{
    memset(lv, 0, sizeof *lv);
    lv->level[0] = cairo_surface_reference(picture);
    lv->made = 1;
}

void image_levels_free(image_levels *lv)
{
    for (int k = 0; k < lv->made; k++)
        cairo_surface_destroy(lv->level[k]);
    memset(lv, 0, sizeof *lv);
}

image_pick image_level_choose(double sx, double sy)
{
    double s = fmax(fabs(sx), fabs(sy));
    if (isnan(sx) || isnan(sy) || !(s < 0.75) || !(s > 0))     /* large enough, or nothing to draw: as cairo does */
        return (image_pick){0, CAIRO_FILTER_GOOD};
    int k = 0;
    while (k + 1 < IMAGE_LEVELS_MAX && ldexp(1.0, -(k + 1)) >= s)
        k++;
    return (image_pick){k, CAIRO_FILTER_BILINEAR};
}

/* The rounded mean of four premultiplied pixels, channel by channel: a
 * channel's mean never exceeds the alpha's, so the result stays valid. */
static inline uint32_t mean4(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
    uint32_t out = 0;
    for (int shift = 0; shift < 32; shift += 8) {
        uint32_t sum = ((a >> shift) & 255) + ((b >> shift) & 255) + ((c >> shift) & 255) + ((d >> shift) & 255);
        out |= ((sum + 2) >> 2) << shift;
    }
    return out;
}

cairo_surface_t *image_halve(cairo_surface_t *src)
{
    cairo_surface_flush(src);
    int w = cairo_image_surface_get_width(src), h = cairo_image_surface_get_height(src);
    int hw = (w + 1) / 2, hh = (h + 1) / 2;
    cairo_surface_t *dst = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, hw, hh);
    if (cairo_surface_status(dst) != CAIRO_STATUS_SUCCESS)
        return dst;
    const uint8_t *in = cairo_image_surface_get_data(src);
    uint8_t *out = cairo_image_surface_get_data(dst);
    int in_stride = cairo_image_surface_get_stride(src), out_stride = cairo_image_surface_get_stride(dst);
    for (int y = 0; y < hh; y++) {
        const uint32_t *r0 = (const uint32_t *)(in + (size_t)(2 * y) * (size_t)in_stride);
        const uint32_t *r1 = (const uint32_t *)(in + (size_t)(2 * y + 1 < h ? 2 * y + 1 : 2 * y) * (size_t)in_stride);
        uint32_t *o = (uint32_t *)(out + (size_t)y * (size_t)out_stride);
        for (int x = 0; x < hw; x++) {
            int x0 = 2 * x, x1 = 2 * x + 1 < w ? 2 * x + 1 : 2 * x;
            o[x] = mean4(r0[x0], r0[x1], r1[x0], r1[x1]);
        }
    }
    cairo_surface_mark_dirty(dst);
    return dst;
}

cairo_surface_t *image_level_get(image_levels *lv, int *k)
{
    while (lv->made <= *k) {
        cairo_surface_t *prev = lv->level[lv->made - 1];
        if (cairo_image_surface_get_width(prev) <= 1 && cairo_image_surface_get_height(prev) <= 1)
            break;
        cairo_surface_t *next = image_halve(prev);
        if (cairo_surface_status(next) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(next);
            return NULL;
        }
        lv->level[lv->made++] = next;
    }
    if (*k >= lv->made)
        *k = lv->made - 1;
    return lv->level[*k];
}
