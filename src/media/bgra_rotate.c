/* See bgra_rotate.h. Each output row gathers one input column (90, 270) or
 * the mirrored input row (180); pixels move as whole 32-bit words. */
#include "media/bgra_rotate.h"

#include <stdbool.h>
#include <string.h>

void bgra_rotated_size(int w, int h, int degrees, int *out_w, int *out_h)
{
    bool quarter = degrees == 90 || degrees == 270;
    *out_w = quarter ? h : w;
    *out_h = quarter ? w : h;
}

static uint32_t pixel(const uint8_t *src, int stride, int x, int y)
{
    uint32_t p;
    memcpy(&p, src + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
    return p;
}

void bgra_rotate(const uint8_t *src, int src_stride, int w, int h, int degrees, uint8_t *dst, int dst_stride)
{
    int ow, oh;
    bgra_rotated_size(w, h, degrees, &ow, &oh);
    for (int y = 0; y < oh; y++) {
        uint8_t *row = dst + (size_t)y * (size_t)dst_stride;
        for (int x = 0; x < ow; x++) {
            /* Where output pixel (x, y) comes from: turning clockwise by 90
             * sends input (sx, sy) to (h - 1 - sy, sx). */
            int sx, sy;
            if (degrees == 90) {
                sx = y;
                sy = h - 1 - x;
            } else if (degrees == 180) {
                sx = w - 1 - x;
                sy = h - 1 - y;
            } else {
                sx = w - 1 - y;
                sy = x;
            }
            uint32_t p = pixel(src, src_stride, sx, sy);
            memcpy(row + (size_t)x * 4, &p, 4);
        }
    }
}
