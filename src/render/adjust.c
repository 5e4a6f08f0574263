/* Per-pixel operations: color matrices (brightness, contrast, saturation,
 * hue, tint), seeded grain, luma-to-alpha for luma mattes. Colors are
 * unpremultiplied to [0, 1], transformed in double precision (the build uses
 * -ffp-contract=off, so every machine computes the same bits), and rounded
 * back to the pixel's alpha. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "render/pixels.h"

void px_clear(uint8_t *data, int stride, px_rect r)
{
    if (r.x1 <= r.x0)
        return;
    for (int y = r.y0; y < r.y1; y++)
        memset(data + (size_t)y * (size_t)stride + (size_t)r.x0 * 4, 0, (size_t)(r.x1 - r.x0) * 4);
}

/* Whether n bytes are all 0: one OR over the row, which the compiler
 * vectorizes (a loop that stops at the first hit would not be). */
static bool row_empty(const uint8_t *row, size_t n)
{
    uint8_t any = 0;
    for (size_t i = 0; i < n; i++)
        any |= row[i];
    return any == 0;
}

px_rect px_ink_rect(const uint8_t *data, int stride, px_rect r, int bytes_per_pixel)
{
    px_rect ink = {r.x1, r.y1, r.x0, r.y0};
    size_t bpp = (size_t)bytes_per_pixel;
    for (int y = r.y0; y < r.y1 && r.x1 > r.x0; y++) {
        const uint8_t *row = data + (size_t)y * (size_t)stride + (size_t)r.x0 * bpp;
        size_t n = (size_t)(r.x1 - r.x0) * bpp;
        if (row_empty(row, n))
            continue;
        size_t first = 0, last = n - 1;
        while (!row[first])
            first++;
        while (!row[last])
            last--;
        int x0 = r.x0 + (int)(first / bpp), x1 = r.x0 + (int)(last / bpp) + 1;
        ink.x0 = x0 < ink.x0 ? x0 : ink.x0;
        ink.x1 = x1 > ink.x1 ? x1 : ink.x1;
        ink.y0 = y < ink.y0 ? y : ink.y0;
        ink.y1 = y + 1;
    }
    if (ink.y1 <= ink.y0)
        ink = (px_rect){r.x0, r.y0, r.x0, r.y0};
    return ink;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

void px_color_matrix(uint8_t *data, int stride, px_rect r, const double m[12])
{
    for (int y = r.y0; y < r.y1; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = r.x0; x < r.x1; x++) {
            uint32_t px = row[x], a = px >> 24;
            if (a == 0)
                continue;
            double c[3] = {(double)((px >> 16) & 0xFF) / a, (double)((px >> 8) & 0xFF) / a, (double)(px & 0xFF) / a};
            uint32_t out = a << 24;
            for (int i = 0; i < 3; i++) {
                double v = clamp01(m[4 * i] * c[0] + m[4 * i + 1] * c[1] + m[4 * i + 2] * c[2] + m[4 * i + 3]);
                out |= (uint32_t)lround(v * a) << (16 - 8 * i);
            }
            row[x] = out;
        }
    }
}

static uint64_t splitmix64(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void px_noise(uint8_t *data, int stride, px_rect r, double amount, uint64_t seed, int64_t frame)
{
    int32_t amp = (int32_t)lround(amount * 255);
    if (amp <= 0)
        return;
    uint64_t base = splitmix64(seed ^ splitmix64((uint64_t)frame));
    for (int y = r.y0; y < r.y1; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = r.x0; x < r.x1; x++) {
            uint32_t px = row[x];
            int32_t a = (int32_t)(px >> 24);
            if (a == 0)
                continue;
            uint64_t h = splitmix64(base ^ ((uint64_t)(uint32_t)y << 32 | (uint32_t)x));
            /* Uniform in [-amp, amp], scaled by alpha (premultiplied). */
            int32_t n = (int32_t)(((int64_t)(h >> 48) - 32768) * amp / 32768);
            int32_t d = n * a / 255;
            uint32_t out = (uint32_t)a << 24;
            for (int c = 0; c < 3; c++) {
                int32_t v = (int32_t)((px >> (8 * c)) & 0xFF) + d;
                out |= (uint32_t)(v < 0 ? 0 : v > a ? a : v) << (8 * c);
            }
            row[x] = out;
        }
    }
}

void px_luma_to_alpha(uint8_t *data, int stride, px_rect r)
{
    for (int y = r.y0; y < r.y1; y++) {
        uint32_t *row = (uint32_t *)(data + (size_t)y * (size_t)stride);
        for (int x = r.x0; x < r.x1; x++) {
            uint32_t px = row[x];
            uint32_t l = (54 * ((px >> 16) & 0xFF) + 183 * ((px >> 8) & 0xFF) + 19 * (px & 0xFF) + 128) >> 8;
            row[x] = l << 24;
        }
    }
}
