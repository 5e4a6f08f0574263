/* Blur of an A8 (alpha-only) cairo surface: three box passes of radius r
 * along rows and columns, integer arithmetic with rounding, so a shadow or
 * glow mask is the same on every machine. Pixels outside count as 0. */
#include <stdint.h>
#include <stdlib.h>

#include "render/blur_a8.h"

/* One box pass of radius r along a line of n samples spaced by step bytes. */
static void box_line(uint8_t *p, int n, int step, int r, uint8_t *tmp)
{
    int window = 2 * r + 1;
    uint32_t sum = 0;
    for (int i = -r; i <= r; i++)
        sum += i >= 0 && i < n ? p[(size_t)i * (size_t)step] : 0;
    for (int i = 0; i < n; i++) {
        tmp[i] = (uint8_t)((sum + (uint32_t)window / 2) / (uint32_t)window);
        int out = i - r, in = i + r + 1;
        sum -= out >= 0 ? p[(size_t)out * (size_t)step] : 0;
        sum += in < n ? p[(size_t)in * (size_t)step] : 0;
    }
    for (int i = 0; i < n; i++)
        p[(size_t)i * (size_t)step] = tmp[i];
}

void blur_a8_surface(cairo_surface_t *s, int radius)
{
    if (radius <= 0)
        return;
    cairo_surface_flush(s);
    uint8_t *data = cairo_image_surface_get_data(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    uint8_t *tmp = malloc((size_t)(w > h ? w : h));
    if (!data || !tmp) {
        free(tmp);
        return;
    }
    for (int pass = 0; pass < 3; pass++) {
        for (int y = 0; y < h; y++)
            box_line(data + (size_t)y * (size_t)stride, w, 1, radius, tmp);
        for (int x = 0; x < w; x++)
            box_line(data + x, h, stride, radius, tmp);
    }
    free(tmp);
    cairo_surface_mark_dirty(s);
}
