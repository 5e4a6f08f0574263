/* Blur of an A8 (alpha-only) cairo surface: three box passes of radius r
 * along rows and columns, integer arithmetic with rounding, so a shadow or
 * glow mask is the same on every machine. Pixels outside count as 0.
 *
 * Each box output is (sum + window / 2) / window. The division is done as a
 * multiply by a 32-bit reciprocal, which gives the same quotient for every
 * numerator a box can produce (see box_div); columns are summed a row at
 * a time, so the vertical passes walk memory in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/blur_a8.h"

/* floor(n / d) for 0 <= n < 256 d, as (n * m) >> 32 with m = ceil(2^32 / d).
 * With e = m d - 2^32 (0 <= e < d), n m / 2^32 = n / d + n e / (d 2^32), and
 * the quotient is exact when n e < 2^32: true for every n < 256 d when
 * 256 d^2 <= 2^32, i.e. for windows up to 4096 pixels. Wider ones divide. */
typedef struct box_div {
    uint32_t d;
    uint64_t m;
    int exact;
} box_div;

static box_div box_div_make(uint32_t d)
{
    box_div b = {d, ((1ull << 32) + d - 1) / d, d <= 4096};
    return b;
}

static inline uint8_t box_avg(const box_div *b, uint32_t sum)
{
    uint32_t n = sum + b->d / 2;
    return (uint8_t)(b->exact ? (uint32_t)(((uint64_t)n * b->m) >> 32) : n / b->d);
}

/* One box pass of radius r along a row of n samples, in place. */
static void box_row(uint8_t *p, int n, int r, const box_div *b, uint8_t *tmp)
{
    uint32_t sum = 0;
    for (int i = 0; i <= r && i < n; i++)
        sum += p[i];
    for (int i = 0; i < n; i++) {
        tmp[i] = box_avg(b, sum);
        int out = i - r, in = i + r + 1;
        sum -= out >= 0 ? p[out] : 0;
        sum += in < n ? p[in] : 0;
    }
    memcpy(p, tmp, (size_t)n);
}

/* One box pass of radius r down the columns of a w x h plane, from src into
 * dst (rows sstride and dstride bytes apart), with one running sum per column. */
static void box_columns(const uint8_t *src, int sstride, uint8_t *dst, int dstride, int w, int h, int r,
                        const box_div *b, uint32_t *sum)
{
    memset(sum, 0, (size_t)w * sizeof *sum);
    for (int y = 0; y <= r && y < h; y++)
        for (int x = 0; x < w; x++)
            sum[x] += src[(size_t)y * (size_t)sstride + (size_t)x];
    for (int y = 0; y < h; y++) {
        uint8_t *row = dst + (size_t)y * (size_t)dstride;
        for (int x = 0; x < w; x++)
            row[x] = box_avg(b, sum[x]);
        int out = y - r, in = y + r + 1;
        if (out >= 0) {
            const uint8_t *o = src + (size_t)out * (size_t)sstride;
            for (int x = 0; x < w; x++)
                sum[x] -= o[x];
        }
        if (in < h) {
            const uint8_t *a = src + (size_t)in * (size_t)sstride;
            for (int x = 0; x < w; x++)
                sum[x] += a[x];
        }
    }
}

/* Working memory in s: a w x h plane, w column sums and a line of n bytes. */
static int reserve(px_scratch *s, int w, int h, int n)
{
    return px_scratch_reserve(s, (size_t)w + ((size_t)n + 3) / 4, (size_t)w * (size_t)h);
}

/* Rows then columns, three times, alternating between the surface and the
 * plane so that no pass needs a copy; the last lands in the plane.
 *
 * Only the ink's box widened by 3 radii is blurred: three boxes spread ink by
 * at most that much, so everything outside stays 0 through every pass, as it
 * would in the whole surface. Shadow masks are mostly margin. */
void blur_a8_surface(cairo_surface_t *s, int radius, px_scratch *scratch)
{
    if (radius <= 0)
        return;
    cairo_surface_flush(s);
    uint8_t *data = cairo_image_surface_get_data(s);
    int sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    if (!data || sw <= 0 || sh <= 0)
        return;
    px_rect ink = px_ink_rect(data, stride, (px_rect){0, 0, sw, sh}, 1);
    if (ink.x1 <= ink.x0)
        return;
    long spread = 3L * radius;      /* clamped below, to the surface */
    int x0 = (int)(ink.x0 - spread > 0 ? ink.x0 - spread : 0), y0 = (int)(ink.y0 - spread > 0 ? ink.y0 - spread : 0);
    int x1 = (int)(ink.x1 + spread < sw ? ink.x1 + spread : sw), y1 = (int)(ink.y1 + spread < sh ? ink.y1 + spread : sh);
    int w = x1 - x0, h = y1 - y0;
    data += (size_t)y0 * (size_t)stride + (size_t)x0;
    if (reserve(scratch, w, h, w) < 0)
        return;
    uint8_t *plane = scratch->plane, *line = (uint8_t *)(scratch->lines + w);
    uint32_t *sum = scratch->lines;
    box_div div = box_div_make((uint32_t)(2 * radius + 1));
    uint8_t *from = data, *to = plane;
    int from_stride = stride, to_stride = w;
    for (int pass = 0; pass < 3; pass++) {
        for (int y = 0; y < h; y++)
            box_row(from + (size_t)y * (size_t)from_stride, w, radius, &div, line);
        box_columns(from, from_stride, to, to_stride, w, h, radius, &div, sum);
        uint8_t *t = from;
        from = to;
        to = t;
        int ts = from_stride;
        from_stride = to_stride;
        to_stride = ts;
    }
    for (int y = 0; y < h; y++)
        memcpy(data + (size_t)y * (size_t)stride, plane + (size_t)y * (size_t)w, (size_t)w);
    cairo_surface_mark_dirty(s);
}
