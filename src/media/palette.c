/* A GIF palette by median cut.
 *
 * What: palette_builder_add counts the colors of sample frames;
 * palette_builder_build splits them into at most max_colors boxes and takes
 * one color per box.
 *
 * Counting. Each pixel is classified the way frame_convert maps PAL8 pixels:
 * alpha >= 128 counts its straight (exactly un-premultiplied) color; alpha
 * below 128 counts its premultiplied color under a "low alpha" mark, which a
 * palette with transparency leaves out (those pixels become the transparent
 * entry) and one without counts as ordinary color. Exact 24-bit colors are
 * counted in a hash table while there are at most 65536 distinct ones;
 * beyond that the counts move into a 5-bit-per-channel histogram (32768 bins,
 * twice: normal and low alpha) that keeps each bin's pixel count, the sum of
 * its exact 8-bit colors, and whether it holds a single exact color. Runs of
 * equal pixels are counted at once, so flat areas cost little.
 *
 * Median cut. The points are the exact colors (or the bins). The box to split
 * next is the one with the largest weighted squared deviation of its points
 * from their mean (ties: the earlier box); it is cut on the channel with the
 * largest deviation (ties: R, G, B) at the weighted median, points ordered by
 * that channel and then by a unique key. A box's color is its single point's
 * exact color when it has one, the exact color of a point that holds more
 * than half of its pixels, or else the rounded mean of all its pixels' exact
 * colors.
 *
 * Why this way: reel videos are mostly flat brand colors plus anti-aliased
 * edges. With at most max_colors distinct colors every color gets its own box
 * and comes out exact; with more, a dominant flat color still comes out
 * exact, and the rest gets the median cut's even spread. Everything is
 * integer counting plus IEEE double arithmetic in a fixed order (no fast-math,
 * no contraction), and all ties have rules, so the palette depends only on
 * the pixels added and their order. */
#include "media/palette.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum {
    TABLE_BITS = 17,
    TABLE_SIZE = 1 << TABLE_BITS,
    TABLE_MAX = 1 << 16,          /* distinct colors counted exactly */
    BIN_COUNT = 32768,
};

#define LOW_ALPHA (UINT32_C(1) << 24)

typedef struct bin {
    uint64_t count;
    uint64_t sum[3];              /* R, G, B of every pixel, 8-bit */
    uint32_t first;               /* the first exact color seen */
    bool mixed;                   /* more than one exact color */
} bin;

struct palette_builder {
    uint32_t *keys;               /* color (with LOW_ALPHA) + 1; 0: empty slot */
    uint64_t *counts;
    size_t used;
    bool binned;                  /* counting in bins since the table overflowed */
    bin *bins;                    /* [2 * BIN_COUNT]: normal, then low alpha */
};

palette_builder *palette_builder_new(void)
{
    palette_builder *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->keys = calloc(TABLE_SIZE, sizeof *b->keys);
    b->counts = calloc(TABLE_SIZE, sizeof *b->counts);
    b->bins = calloc(2 * BIN_COUNT, sizeof *b->bins);
    if (!b->keys || !b->counts || !b->bins)
        palette_builder_free(&b);
    return b;
}

void palette_builder_free(palette_builder **b)
{
    if (!b || !*b)
        return;
    free((*b)->keys);
    free((*b)->counts);
    free((*b)->bins);
    free(*b);
    *b = NULL;
}

static inline uint32_t channel(uint32_t rgb, int c)
{
    return rgb >> (16 - 8 * c) & 0xff;
}

static void bin_add(palette_builder *b, uint32_t key, uint64_t n)
{
    uint32_t rgb = key & 0xFFFFFFu;
    size_t i = (size_t)(channel(rgb, 0) >> 3) << 10 | (size_t)(channel(rgb, 1) >> 3) << 5 |
               (size_t)(channel(rgb, 2) >> 3);
    bin *x = &b->bins[(key & LOW_ALPHA ? BIN_COUNT : 0) + i];
    if (x->count == 0)
        x->first = rgb;
    else if (x->first != rgb)
        x->mixed = true;
    x->count += n;
    for (int c = 0; c < 3; c++)
        x->sum[c] += n * channel(rgb, c);
}

static inline size_t slot_of(uint32_t key)
{
    return (size_t)((key * 0x9E3779B1u) >> (32 - TABLE_BITS));
}

static void add_key(palette_builder *b, uint32_t key, uint64_t n)
{
    if (b->binned) {
        bin_add(b, key, n);
        return;
    }
    size_t s = slot_of(key);
    while (b->keys[s] && b->keys[s] != key + 1)
        s = (s + 1) & (TABLE_SIZE - 1);
    if (b->keys[s]) {
        b->counts[s] += n;
        return;
    }
    if (b->used == TABLE_MAX) {
        /* Too many colors to count exactly: move everything into bins, in
         * slot order (a fixed order, so the bins' first colors are too). */
        for (size_t i = 0; i < TABLE_SIZE; i++)
            if (b->keys[i])
                bin_add(b, b->keys[i] - 1, b->counts[i]);
        b->binned = true;
        bin_add(b, key, n);
        return;
    }
    b->keys[s] = key + 1;
    b->counts[s] = n;
    b->used++;
}

/* The key a premultiplied BGRA pixel counts under (see the top of the file). */
static inline uint32_t key_of(uint32_t v)
{
    uint32_t a = v >> 24, r = v >> 16 & 0xff, g = v >> 8 & 0xff, bl = v & 0xff;
    if (a < 128)
        return LOW_ALPHA | r << 16 | g << 8 | bl;
    if (a != 255) {
        r = (r * 255 + a / 2) / a;
        g = (g * 255 + a / 2) / a;
        bl = (bl * 255 + a / 2) / a;
        r = r < 255 ? r : 255;
        g = g < 255 ? g : 255;
        bl = bl < 255 ? bl : 255;
    }
    return r << 16 | g << 8 | bl;
}

void palette_builder_add(palette_builder *b, const uint8_t *bgra, int stride, int w, int h)
{
    if (!b || !bgra || w <= 0 || h <= 0)
        return;
    for (int y = 0; y < h; y++) {
        const uint8_t *row = bgra + (ptrdiff_t)y * stride;
        uint32_t run_px = 0;
        uint64_t run = 0;
        for (int x = 0; x < w; x++) {
            uint32_t v;
            memcpy(&v, row + 4 * (size_t)x, 4);
            if (run > 0 && v == run_px) {
                run++;
                continue;
            }
            if (run > 0)
                add_key(b, key_of(run_px), run);
            run_px = v;
            run = 1;
        }
        add_key(b, key_of(run_px), run);
    }
}

/* ---- median cut ------------------------------------------------------------------ */

typedef struct point {
    uint32_t rgb;                 /* representative color: exact, or the bin's mean */
    uint32_t key;                 /* unique, for a total order */
    bool exact;                   /* every pixel of the point has color rgb */
    uint64_t weight;              /* pixels */
    uint64_t sum[3];              /* of the pixels' exact colors */
} point;

typedef struct box {
    size_t start, end;            /* points [start, end) */
    double score;                 /* weighted squared deviation; 0: nothing to split */
    int axis;
} box;

static int cmp_axis(const point *x, const point *y, int c)
{
    uint32_t a = channel(x->rgb, c), b = channel(y->rgb, c);
    if (a != b)
        return a < b ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}
static int cmp_r(const void *x, const void *y) { return cmp_axis(x, y, 0); }
static int cmp_g(const void *x, const void *y) { return cmp_axis(x, y, 1); }
static int cmp_b(const void *x, const void *y) { return cmp_axis(x, y, 2); }

static int cmp_key(const void *x, const void *y)
{
    const point *p = x, *q = y;
    return p->key < q->key ? -1 : p->key > q->key;
}

static void box_measure(box *bx, const point *pts)
{
    double dev[3];
    uint64_t w = 0;
    uint64_t s[3] = { 0, 0, 0 }, sq[3] = { 0, 0, 0 };
    for (size_t i = bx->start; i < bx->end; i++) {
        w += pts[i].weight;
        for (int c = 0; c < 3; c++) {
            uint64_t v = channel(pts[i].rgb, c);
            s[c] += pts[i].weight * v;
            sq[c] += pts[i].weight * v * v;
        }
    }
    bx->score = 0;
    bx->axis = 0;
    for (int c = 0; c < 3; c++) {
        double m = (double)s[c];
        dev[c] = (double)sq[c] - m * m / (double)w;
        if (dev[c] < 0)
            dev[c] = 0;
        if (dev[c] > dev[bx->axis])
            bx->axis = c;
        bx->score += dev[c];
    }
    if (bx->end - bx->start < 2)
        bx->score = 0;
}

/* Splits bx at the weighted median of its axis into bx and nb. */
static void box_split(box *bx, box *nb, point *pts)
{
    static int (*const cmp[3])(const void *, const void *) = { cmp_r, cmp_g, cmp_b };
    size_t n = bx->end - bx->start;
    qsort(pts + bx->start, n, sizeof *pts, cmp[bx->axis]);
    uint64_t total = 0, acc = 0;
    for (size_t i = bx->start; i < bx->end; i++)
        total += pts[i].weight;
    size_t m = bx->start + 1;
    for (size_t i = bx->start; i < bx->end; i++) {
        acc += pts[i].weight;
        if (acc * 2 >= total) {
            m = i + 1;
            break;
        }
    }
    if (m >= bx->end)
        m = bx->end - 1;
    if (m <= bx->start)
        m = bx->start + 1;
    *nb = (box){ .start = m, .end = bx->end };
    bx->end = m;
    box_measure(bx, pts);
    box_measure(nb, pts);
}

static uint32_t box_color(const box *bx, const point *pts)
{
    uint64_t w = 0, s[3] = { 0, 0, 0 };
    size_t heavy = bx->start;
    for (size_t i = bx->start; i < bx->end; i++) {
        w += pts[i].weight;
        for (int c = 0; c < 3; c++)
            s[c] += pts[i].sum[c];
        if (pts[i].weight > pts[heavy].weight)
            heavy = i;
    }
    if (pts[heavy].exact && (bx->end - bx->start == 1 || pts[heavy].weight * 2 > w))
        return pts[heavy].rgb;
    uint32_t rgb = 0;
    for (int c = 0; c < 3; c++)
        rgb = rgb << 8 | (uint32_t)((s[c] + w / 2) / w);
    return rgb;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* The points to cut: exact colors, or bins. Returns how many (0 on failure too). */
static size_t collect_points(const palette_builder *b, bool with_transparency, point **out)
{
    size_t cap = b->binned ? 2 * (size_t)BIN_COUNT : b->used;
    point *pts = malloc((cap ? cap : 1) * sizeof *pts);
    size_t n = 0;
    *out = pts;
    if (!pts)
        return 0;
    if (!b->binned) {
        for (size_t i = 0; i < TABLE_SIZE; i++) {
            uint32_t key = b->keys[i];
            if (!key--)
                continue;
            if ((key & LOW_ALPHA) && with_transparency)
                continue;
            uint32_t rgb = key & 0xFFFFFFu;
            point p = { .rgb = rgb, .key = rgb, .exact = true, .weight = b->counts[i] };
            for (int c = 0; c < 3; c++)
                p.sum[c] = p.weight * channel(rgb, c);
            pts[n++] = p;
        }
        /* Low-alpha and ordinary counts of one color are one point. */
        qsort(pts, n, sizeof *pts, cmp_key);
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (m > 0 && pts[m - 1].key == pts[i].key) {
                pts[m - 1].weight += pts[i].weight;
                for (int c = 0; c < 3; c++)
                    pts[m - 1].sum[c] += pts[i].sum[c];
            } else {
                pts[m++] = pts[i];
            }
        }
        return m;
    }
    for (size_t i = 0; i < BIN_COUNT; i++) {
        bin x = b->bins[i];
        const bin *lo = &b->bins[BIN_COUNT + i];
        if (!with_transparency && lo->count > 0) {
            if (x.count == 0) {
                x = *lo;
            } else {
                x.mixed = x.mixed || lo->mixed || lo->first != x.first;
                x.count += lo->count;
                for (int c = 0; c < 3; c++)
                    x.sum[c] += lo->sum[c];
            }
        }
        if (x.count == 0)
            continue;
        point p = { .key = (uint32_t)i, .exact = !x.mixed, .weight = x.count };
        for (int c = 0; c < 3; c++) {
            p.sum[c] = x.sum[c];
            p.rgb = p.rgb << 8 | (uint32_t)((x.sum[c] + x.count / 2) / x.count);
        }
        if (p.exact)
            p.rgb = x.first;
        pts[n++] = p;
    }
    return n;
}

void palette_builder_build(const palette_builder *b, int max_colors, bool with_transparency, palette *out)
{
    memset(out, 0, sizeof *out);
    out->transparent_index = -1;
    if (max_colors < 2)
        max_colors = 2;
    if (max_colors > 256)
        max_colors = 256;
    int n_out = 0;
    if (with_transparency) {
        out->colors[n_out++] = 0x00000000u;
        out->transparent_index = 0;
    }
    int target = max_colors - n_out;

    point *pts = NULL;
    size_t npts = b ? collect_points(b, with_transparency, &pts) : 0;
    uint32_t colors[256];
    int ncolors = 0;
    if (npts == 0) {
        colors[ncolors++] = 0;        /* nothing counted: black */
    } else {
        box boxes[256];
        int nboxes = 1;
        boxes[0] = (box){ .start = 0, .end = npts };
        box_measure(&boxes[0], pts);
        while (nboxes < target) {
            int best = -1;
            for (int i = 0; i < nboxes; i++)
                if (boxes[i].score > 0 && (best < 0 || boxes[i].score > boxes[best].score))
                    best = i;
            if (best < 0)
                break;
            box_split(&boxes[best], &boxes[nboxes], pts);
            nboxes++;
        }
        for (int i = 0; i < nboxes; i++)
            colors[ncolors++] = box_color(&boxes[i], pts);
    }
    free(pts);

    /* Entries in ascending color order, each color once. */
    qsort(colors, (size_t)ncolors, sizeof colors[0], cmp_u32);
    for (int i = 0; i < ncolors; i++)
        if (i == 0 || colors[i] != colors[i - 1])
            out->colors[n_out++] = 0xFF000000u | colors[i];
    out->count = n_out;
}
