/* Pixel operations behind the effects, on premultiplied ARGB32 (cairo's
 * format) inside a rectangle of a surface. All arithmetic is exactly
 * specified (integers, or doubles without contraction), so results do not
 * depend on the machine's thread count or the order frames are drawn in. */
#ifndef REEL_PIXELS_H
#define REEL_PIXELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct px_rect { int x0, y0, x1, y1; } px_rect;   /* half-open */

/* The common part of a and b (empty, with x1 = x0 or y1 = y0, when none). */
static inline bool px_rect_empty(px_rect r)
{
    return r.x1 <= r.x0 || r.y1 <= r.y0;
}

static inline px_rect px_rect_intersect(px_rect a, px_rect b)
{
    px_rect r = {a.x0 > b.x0 ? a.x0 : b.x0, a.y0 > b.y0 ? a.y0 : b.y0, a.x1 < b.x1 ? a.x1 : b.x1,
                 a.y1 < b.y1 ? a.y1 : b.y1};
    if (r.x1 < r.x0)
        r.x1 = r.x0;
    if (r.y1 < r.y0)
        r.y1 = r.y0;
    return r;
}

/* The parts of r outside cut, as up to 4 rectangles (bands above and below
 * cut, then the pieces left and right of it); returns how many. */
static inline int px_rect_subtract(px_rect r, px_rect cut, px_rect out[4])
{
    px_rect c = px_rect_intersect(r, cut);
    if (px_rect_empty(r))
        return 0;
    if (px_rect_empty(c)) {
        out[0] = r;
        return 1;
    }
    int n = 0;
    if (c.y0 > r.y0)
        out[n++] = (px_rect){r.x0, r.y0, r.x1, c.y0};
    if (c.y1 < r.y1)
        out[n++] = (px_rect){r.x0, c.y1, r.x1, r.y1};
    if (c.x0 > r.x0)
        out[n++] = (px_rect){r.x0, c.y0, c.x0, c.y1};
    if (c.x1 < r.x1)
        out[n++] = (px_rect){c.x1, c.y0, r.x1, c.y1};
    return n;
}

/* An area as a few rectangles (which may overlap). */
enum { PX_AREAS_MAX = 16 };
typedef struct px_areas {
    px_rect r[PX_AREAS_MAX];
    int count;
} px_areas;

/* The parts of r outside every rectangle of cut, as up to `cap` pieces in
 * out (cap >= 1); returns how many, or -1 when they would be more than cap
 * (out then holds nothing meaningful). */
static inline int px_rect_minus_areas(px_rect r, const px_areas *cut, px_rect *out, int cap)
{
    enum { MOST = 64 };
    px_rect a[MOST], b[MOST], *pieces = a, *next = b;
    int n = px_rect_empty(r) ? 0 : 1, limit = cap < MOST ? cap : MOST;
    pieces[0] = r;
    for (int j = 0; j < cut->count && n > 0; j++) {
        int kept = 0;
        for (int k = 0; k < n; k++) {
            if (kept + 4 > MOST)
                return -1;
            kept += px_rect_subtract(pieces[k], cut->r[j], next + kept);
        }
        px_rect *t = pieces;
        pieces = next;
        next = t;
        n = kept;
    }
    if (n > limit)
        return -1;
    for (int k = 0; k < n; k++)
        out[k] = pieces[k];
    return n;
}

/* Working memory reused between calls (per worker). */
typedef struct px_scratch {
    uint32_t *lines;                /* 3 lines of max(w, h) + padding */
    size_t lines_cap;
    uint8_t *plane;                 /* one byte per pixel of a rectangle */
    size_t plane_cap;
} px_scratch;

void px_scratch_free(px_scratch *s);

/* Grows s to at least `lines` words of lines and `plane` bytes of plane
 * (contents not kept meaningful). Returns 0, or -1 when out of memory. */
int px_scratch_reserve(px_scratch *s, size_t lines, size_t plane);

/* Gaussian blur of standard deviation sigma (pixels), as three box blurs;
 * pixels outside r count as transparent. O(pixels) for any sigma. Returns -1
 * when out of memory. */
int px_blur(px_scratch *s, uint8_t *data, int stride, px_rect r, double sigma);

/* Draws a shadow of the picture's alpha under it: the alpha moved by (dx, dy),
 * grown by spread pixels, blurred by sigma, multiplied by strength and
 * colored with the premultiplied color, then the picture composited over it. */
int px_shadow(px_scratch *s, uint8_t *data, int stride, px_rect r, const double color[4], int dx, int dy,
              int spread, double sigma, double strength);

/* c' = m[0..2]·c + m[3] per channel row (m is 3x4 over straight-alpha sRGB in
 * [0, 1]), clamped; alpha kept. */
void px_color_matrix(uint8_t *data, int stride, px_rect r, const double m[12]);

/* Adds monochrome grain of up to +-amount (fraction of full scale), from
 * splitmix64 keyed by (seed, frame, pixel x, y). */
void px_noise(uint8_t *data, int stride, px_rect r, double amount, uint64_t seed, int64_t frame);

/* Replaces alpha by luma (BT.709 weights) of the premultiplied color. */
void px_luma_to_alpha(uint8_t *data, int stride, px_rect r);

/* Zeroes the rectangle. */
void px_clear(uint8_t *data, int stride, px_rect r);

/* The smallest rectangle inside r holding every pixel that is not 0 (any of
 * its bytes_per_pixel bytes: 4 for ARGB32, 1 for A8); empty (x1 <= x0) when
 * there is none. */
px_rect px_ink_rect(const uint8_t *data, int stride, px_rect r, int bytes_per_pixel);

#endif
