/* Gaussian blur as three box blurs (the box widths chosen so the variance
 * matches sigma^2, as in W3C filter effects), and a max filter for shadow
 * spread. Both use running windows, so cost is O(pixels) whatever the radius.
 * Division by the box width is a multiply by a 32-bit reciprocal with
 * rounding, exact integer arithmetic on every machine. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "media/row_kernel.h"
#include "render/pixels.h"

void px_scratch_free(px_scratch *s)
{
    free(s->lines);
    free(s->plane);
    *s = (px_scratch){0};
}

int px_scratch_reserve(px_scratch *s, size_t lines, size_t plane)
{
    if (s->lines_cap < lines) {
        uint32_t *p = realloc(s->lines, lines * sizeof *p);
        if (!p)
            return -1;
        s->lines = p;
        s->lines_cap = lines;
    }
    if (s->plane_cap < plane) {
        uint8_t *p = realloc(s->plane, plane);
        if (!p)
            return -1;
        s->plane = p;
        s->plane_cap = plane;
    }
    return 0;
}

/* Box widths (odd) of three passes approximating a gaussian of sigma. */
static void box_widths(double sigma, int w[3])
{
    double ideal = sqrt(12 * sigma * sigma / 3 + 1);
    int wl = (int)floor(ideal);
    if (wl % 2 == 0)
        wl--;
    int wu = wl + 2;
    double m_ideal = (12 * sigma * sigma - 3.0 * wl * wl - 12.0 * wl - 9) / (-4.0 * wl - 4);
    long m = lround(m_ideal);
    for (int i = 0; i < 3; i++)
        w[i] = i < m ? wl : wu;
}

/* One box pass over n packed 4x8-bit pixels, zero outside. */
static void box_line4(const uint32_t *in, uint32_t *out, int n, int r)
{
    uint32_t w = (uint32_t)(2 * r + 1);
    uint64_t inv = ((1ull << 32) + w / 2) / w;
    uint32_t sum[4] = {0, 0, 0, 0};
    for (int j = 0; j <= r && j < n; j++)
        for (int c = 0; c < 4; c++)
            sum[c] += (in[j] >> (8 * c)) & 0xFF;
    /* The window's edges leave the line only near its ends: the middle runs
     * without a test per pixel. */
    int mid0 = r < n ? r : n, mid1 = n - r - 1 > mid0 ? n - r - 1 : mid0;
    for (int i = 0; i < n; i++) {
        uint32_t px = 0;
        for (int c = 0; c < 4; c++)
            px |= (uint32_t)(((uint64_t)sum[c] * inv + (1ull << 31)) >> 32) << (8 * c);
        out[i] = px;
        uint32_t add, sub;
        if (i >= mid0 && i < mid1) {
            add = in[i + r + 1];
            sub = in[i - r];
        } else {
            add = i + r + 1 < n ? in[i + r + 1] : 0;
            sub = i - r >= 0 ? in[i - r] : 0;
        }
        for (int c = 0; c < 4; c++)
            sum[c] = sum[c] + ((add >> (8 * c)) & 0xFF) - ((sub >> (8 * c)) & 0xFF);
    }
}

/* One row of box_columns4: writes the window's averages, then moves the
 * window down a row (add: the row entering, drop: the row leaving, either
 * NULL). The reciprocal fits 32 bits (windows of 3 and more), so each
 * product is one 32x32 -> 64-bit multiply in every vector width. */
static ROW_KERNEL void sweep_row(uint8_t *out, uint32_t *sum, const uint8_t *add, const uint8_t *drop, size_t n,
                                 uint32_t inv)
{
    for (size_t x = 0; x < n; x++)
        out[x] = (uint8_t)(((uint64_t)sum[x] * inv + (1ull << 31)) >> 32);
    if (add)
        for (size_t x = 0; x < n; x++)
            sum[x] += add[x];
    if (drop)
        for (size_t x = 0; x < n; x++)
            sum[x] -= drop[x];
}

/* box_line4 down every column of region r at once, byte by byte (each byte
 * of a pixel is one channel): a row of running sums, so the work runs along
 * the rows, contiguous and vectorized, rather than down each column. Same
 * sums, same rounding: the same bytes. copy holds the region (w x h x 4
 * bytes), sum 4 w words. rad >= 1. */
static void box_columns4(uint8_t *data, int stride, px_rect r, int rad, uint8_t *copy, uint32_t *sum)
{
    int h = r.y1 - r.y0;
    size_t W = 4 * (size_t)(r.x1 - r.x0);
    uint8_t *first = data + (size_t)r.y0 * (size_t)stride + 4 * (size_t)r.x0;
    for (int y = 0; y < h; y++)
        memcpy(copy + (size_t)y * W, first + (size_t)y * (size_t)stride, W);
    uint32_t win = (uint32_t)(2 * rad + 1);
    uint32_t inv = (uint32_t)(((1ull << 32) + win / 2) / win);
    memset(sum, 0, W * sizeof *sum);
    for (int j = 0; j <= rad && j < h; j++)
        for (size_t x = 0; x < W; x++)
            sum[x] += copy[(size_t)j * W + x];
    for (int i = 0; i < h; i++)
        sweep_row(first + (size_t)i * (size_t)stride, sum, i + rad + 1 < h ? copy + (size_t)(i + rad + 1) * W : NULL,
                  i - rad >= 0 ? copy + (size_t)(i - rad) * W : NULL, W, inv);
}

int px_blur(px_scratch *s, uint8_t *data, int stride, px_rect r, double sigma)
{
    int w = r.x1 - r.x0, h = r.y1 - r.y0;
    if (!(sigma >= 0.5) || w <= 0 || h <= 0)
        return 0;
    size_t lines = 4 * (size_t)w > 2 * (size_t)h ? 4 * (size_t)w : 2 * (size_t)h;
    if (px_scratch_reserve(s, lines, 4 * (size_t)w * (size_t)h))
        return -1;
    uint32_t *a = s->lines;
    int widths[3];
    box_widths(sigma, widths);
    for (int pass = 0; pass < 3; pass++) {
        int rad = (widths[pass] - 1) / 2;
        if (rad <= 0)
            continue;
        for (int y = r.y0; y < r.y1; y++) {
            uint32_t *row = (uint32_t *)(data + (size_t)y * (size_t)stride) + r.x0;
            memcpy(a, row, (size_t)w * 4);
            box_line4(a, row, w, rad);
        }
        box_columns4(data, stride, r, rad, s->plane, s->lines);
    }
    return 0;
}

/* One box pass over n bytes (a column or row of the alpha plane, step apart). */
static void box_line1(uint8_t *p, int n, size_t step, int r, uint32_t *tmp)
{
    for (int i = 0; i < n; i++)
        tmp[i] = p[(size_t)i * step];
    uint32_t w = (uint32_t)(2 * r + 1);
    uint64_t inv = ((1ull << 32) + w / 2) / w;
    uint32_t sum = 0;
    for (int j = 0; j <= r && j < n; j++)
        sum += tmp[j];
    /* The window's edges leave the line only near its ends: the middle runs
     * without a test per pixel. */
    int i = 0, mid0 = r < n ? r : n, mid1 = n - r - 1 > mid0 ? n - r - 1 : mid0;
    for (; i < mid0; i++) {
        p[(size_t)i * step] = (uint8_t)(((uint64_t)sum * inv + (1ull << 31)) >> 32);
        sum += (i + r + 1 < n ? tmp[i + r + 1] : 0) - (i - r >= 0 ? tmp[i - r] : 0);
    }
    for (; i < mid1; i++) {
        p[(size_t)i * step] = (uint8_t)(((uint64_t)sum * inv + (1ull << 31)) >> 32);
        sum += tmp[i + r + 1] - tmp[i - r];
    }
    for (; i < n; i++) {
        p[(size_t)i * step] = (uint8_t)(((uint64_t)sum * inv + (1ull << 31)) >> 32);
        sum += (i + r + 1 < n ? tmp[i + r + 1] : 0) - (i - r >= 0 ? tmp[i - r] : 0);
    }
}

/* box_line1 down every column of the w x h plane p at once: a row of
 * running sums, so the work runs along the rows (contiguous, vectorized)
 * rather than down each column. Same sums, same rounding: the same bytes.
 * copy is w x h bytes of scratch, sum w words. */
static void box_columns1(uint8_t *p, int w, int h, int r, uint8_t *copy, uint32_t *sum)
{
    size_t W = (size_t)w;
    memcpy(copy, p, W * (size_t)h);
    uint32_t win = (uint32_t)(2 * r + 1);
    uint64_t inv = ((1ull << 32) + win / 2) / win;
    memset(sum, 0, W * sizeof *sum);
    for (int j = 0; j <= r && j < h; j++)
        for (size_t x = 0; x < W; x++)
            sum[x] += copy[(size_t)j * W + x];
    for (int i = 0; i < h; i++) {
        uint8_t *out = p + (size_t)i * W;
        for (size_t x = 0; x < W; x++)
            out[x] = (uint8_t)(((uint64_t)sum[x] * inv + (1ull << 31)) >> 32);
        if (i + r + 1 < h) {
            const uint8_t *add = copy + (size_t)(i + r + 1) * W;
            for (size_t x = 0; x < W; x++)
                sum[x] += add[x];
        }
        if (i - r >= 0) {
            const uint8_t *drop = copy + (size_t)(i - r) * W;
            for (size_t x = 0; x < W; x++)
                sum[x] -= drop[x];
        }
    }
}

/* Max over a window of 2r+1 (van Herk / Gil-Werman: two running maxima per
 * block of the window's width), zero outside. */
static void max_line1(uint8_t *p, int n, size_t step, int r, uint32_t *tmp)
{
    int win = 2 * r + 1, len = n + 2 * r;
    uint32_t *pad = tmp, *g = tmp + len, *hh = tmp + 2 * len;
    for (int k = 0; k < len; k++)
        pad[k] = k >= r && k < n + r ? p[(size_t)(k - r) * step] : 0;
    for (int k = 0; k < len; k++)
        g[k] = k % win == 0 ? pad[k] : (pad[k] > g[k - 1] ? pad[k] : g[k - 1]);
    for (int k = len - 1; k >= 0; k--)
        hh[k] = (k + 1) % win == 0 || k == len - 1 ? pad[k] : (pad[k] > hh[k + 1] ? pad[k] : hh[k + 1]);
    for (int i = 0; i < n; i++) {
        uint32_t m1 = hh[i], m2 = g[i + 2 * r];
        p[(size_t)i * step] = (uint8_t)(m1 > m2 ? m1 : m2);
    }
}

int px_shadow(px_scratch *s, uint8_t *data, int stride, px_rect r, const double color[4], int dx, int dy,
              int spread, double sigma, double strength)
{
    int w = r.x1 - r.x0, h = r.y1 - r.y0;
    if (w <= 0 || h <= 0)
        return 0;
    int n = (w > h ? w : h) + 2 * spread;
    if (px_scratch_reserve(s, 3 * (size_t)n, 2 * (size_t)w * (size_t)h))
        return -1;
    uint8_t *pl = s->plane, *copy = s->plane + (size_t)w * (size_t)h;
    /* The alpha, moved. */
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int sx = r.x0 + x - dx, sy = r.y0 + y - dy;
            uint8_t a = 0;
            if (sx >= r.x0 && sx < r.x1 && sy >= r.y0 && sy < r.y1)
                a = (uint8_t)(((uint32_t *)(data + (size_t)sy * (size_t)stride))[sx] >> 24);
            pl[(size_t)y * (size_t)w + (size_t)x] = a;
        }
    if (spread > 0) {
        for (int y = 0; y < h; y++)
            max_line1(pl + (size_t)y * (size_t)w, w, 1, spread, s->lines);
        for (int x = 0; x < w; x++)
            max_line1(pl + x, h, (size_t)w, spread, s->lines);
    }
    if (sigma >= 0.5) {
        int widths[3];
        box_widths(sigma, widths);
        for (int pass = 0; pass < 3; pass++) {
            int rad = (widths[pass] - 1) / 2;
            if (rad <= 0)
                continue;
            for (int y = 0; y < h; y++)
                box_line1(pl + (size_t)y * (size_t)w, w, 1, rad, s->lines);
            box_columns1(pl, w, h, rad, copy, s->lines);
        }
    }
    /* Shadow color premultiplied by (its alpha x strength) in 0..255 x 256 fixed point. */
    double ca = color[3] * strength;
    uint32_t k = (uint32_t)lround(fmin(ca, 64.0) * 256);
    uint32_t cr = (uint32_t)lround(color[0] * 255), cg = (uint32_t)lround(color[1] * 255),
             cb = (uint32_t)lround(color[2] * 255);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)(y + r.y0) * (size_t)stride) + r.x0;
        for (int x = 0; x < w; x++) {
            uint32_t sa = (pl[(size_t)y * (size_t)w + (size_t)x] * k + 128) >> 8;
            if (sa > 255)
                sa = 255;
            if (sa == 0)
                continue;
            uint32_t px = row[x], pa = px >> 24, keep = 255 - pa;
            /* picture over shadow: p + shadow x (1 - alpha of p) */
            uint32_t sh[4] = {(cb * sa + 127) / 255, (cg * sa + 127) / 255, (cr * sa + 127) / 255, sa};
            uint32_t out = 0;
            for (int c = 0; c < 4; c++) {
                uint32_t v = ((px >> (8 * c)) & 0xFF) + (sh[c] * keep + 127) / 255;
                out |= (v > 255 ? 255 : v) << (8 * c);
            }
            row[x] = out;
        }
    }
    return 0;
}
