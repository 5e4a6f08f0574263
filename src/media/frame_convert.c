/* Rendered frame (cairo ARGB32, premultiplied BGRA bytes) -> encoder frame.
 *
 * What: one entry point for every pixel format the output formats use.
 *  - YUV formats yuv.c knows are converted by yuv.c (exact integer BT.709).
 *  - yuv422p10le (ProRes 422), which yuv.c has no layout for, is made with
 *    yuv.c's 4:2:0 path applied to each row paired with itself: a 2x2 block
 *    of two identical rows has the mean color of one horizontal pair, so the
 *    chroma is exactly the matrix applied to the pair's mean, rounded once,
 *    the same rule yuv.c uses for 4:2:0. The frame is written in place
 *    through a view of one output row (no scratch memory).
 *  - Packed RGB: formats with alpha get straight color, un-premultiplied
 *    exactly, c = (c * 255 + a / 2) / a (a = 0 gives 0); opaque formats take
 *    the premultiplied color as it is (the picture over black), as the
 *    opaque YUV formats do.
 *  - PAL8 (GIF): each pixel maps to the nearest palette entry by squared RGB
 *    distance, ties to the lowest index. With a transparent entry, alpha below
 *    128 maps to it and other pixels use their straight color; without one,
 *    pixels use the premultiplied color. Optional ordered dithering adds an 8x8
 *    Bayer offset to the color before the search, except for colors that are
 *    in the palette exactly, so flat brand colors never get speckled.
 *
 * Why: everything is integer arithmetic with fixed tie rules, so the same
 * frame gives the same bytes on every CPU, which the segmented encoder relies
 * on. The palette goes into data[1] as 256 native-endian 0xAARRGGBB words,
 * the layout libavcodec's PAL8 expects; unused entries are opaque black, so
 * the GIF encoder (which takes the entry with the lowest alpha below 128 as
 * its transparent color) never mistakes one for transparency. */
#include "media/frame_convert.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/buffer.h>
#include <libavutil/pixfmt.h>

#include "media/yuv.h"
#include "util/big_buffer.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "frame_convert.c reads cairo ARGB32 as BGRA bytes: little-endian only"
#endif

/* ---- packed RGB ---------------------------------------------------------------- */

typedef struct rgb_layout {
    int r, g, b, a;           /* byte offsets in a pixel; a < 0: no alpha byte */
    int size;                 /* bytes per pixel */
    bool pad;                 /* a 4th byte that is not alpha (written as 255) */
} rgb_layout;

static bool rgb_layout_of(int fmt, rgb_layout *l)
{
    switch (fmt) {
    case AV_PIX_FMT_BGRA:  *l = (rgb_layout){ 2, 1, 0, 3, 4, false }; return true;
    case AV_PIX_FMT_RGBA:  *l = (rgb_layout){ 0, 1, 2, 3, 4, false }; return true;
    case AV_PIX_FMT_BGR0:  *l = (rgb_layout){ 2, 1, 0, 3, 4, true }; return true;
    case AV_PIX_FMT_RGB0:  *l = (rgb_layout){ 0, 1, 2, 3, 4, true }; return true;
    case AV_PIX_FMT_BGR24: *l = (rgb_layout){ 2, 1, 0, -1, 3, false }; return true;
    case AV_PIX_FMT_RGB24: *l = (rgb_layout){ 0, 1, 2, -1, 3, false }; return true;
    default: return false;
    }
}

/* round(c * 255 / a), half up; a = 0 gives 0; clamped for invalid c > a. */
static inline uint32_t unpremultiply(uint32_t c, uint32_t a)
{
    if (a == 0)
        return 0;
    uint32_t v = (c * 255 + a / 2) / a;
    return v < 255 ? v : 255;
}

static void convert_rgb(const uint8_t *bgra, int stride, int w, int h, rgb_layout l, AVFrame *dst)
{
    bool straight = l.a >= 0 && !l.pad;
    for (int y = 0; y < h; y++) {
        const uint8_t *src = bgra + (ptrdiff_t)y * stride;
        uint8_t *out = dst->data[0] + (ptrdiff_t)y * dst->linesize[0];
        for (int x = 0; x < w; x++, src += 4, out += l.size) {
            uint32_t b = src[0], g = src[1], r = src[2], a = src[3];
            if (straight && a != 255) {
                b = unpremultiply(b, a);
                g = unpremultiply(g, a);
                r = unpremultiply(r, a);
            }
            out[l.r] = (uint8_t)r;
            out[l.g] = (uint8_t)g;
            out[l.b] = (uint8_t)b;
            if (l.a >= 0)
                out[l.a] = (uint8_t)(l.pad ? 255 : a);
        }
    }
}

/* ---- 4:2:2 through yuv.c ------------------------------------------------------- */

static void convert_422_10(const uint8_t *bgra, int stride, int w, int h, bool full_range, AVFrame *dst)
{
    /* A 2-row 4:2:0 frame whose rows both land on output row y (linesize 0),
     * fed a source whose two rows are both input row y (stride 0). */
    AVFrame view;
    memset(&view, 0, sizeof view);
    view.format = AV_PIX_FMT_YUV420P10LE;
    view.width = w;
    view.height = 2;
    for (int y = 0; y < h; y++) {
        for (int p = 0; p < 3; p++) {
            view.data[p] = dst->data[p] + (ptrdiff_t)y * dst->linesize[p];
            view.linesize[p] = 0;
        }
        yuv_convert_rows(bgra + (ptrdiff_t)y * stride, 0, w, 2, full_range, &view, 0, 2);
    }
}

/* ---- PAL8 ------------------------------------------------------------------------ */

/* Bayer 8x8 threshold matrix (0..63). */
static const uint8_t bayer8[8][8] = {
    {  0, 32,  8, 40,  2, 34, 10, 42 },
    { 48, 16, 56, 24, 50, 18, 58, 26 },
    { 12, 44,  4, 36, 14, 46,  6, 38 },
    { 60, 28, 52, 20, 62, 30, 54, 22 },
    {  3, 35, 11, 43,  1, 33,  9, 41 },
    { 51, 19, 59, 27, 49, 17, 57, 25 },
    { 15, 47,  7, 39, 13, 45,  5, 37 },
    { 63, 31, 55, 23, 61, 29, 53, 21 },
};

/* The dither offset for a threshold t in 0..63: -8..7, evenly spread. */
static inline int dither_offset(int t)
{
    return (2 * t + 1) * 16 / 128 - 8;
}

/* Nearest-entry search. The candidates (every entry but the transparent one)
 * are sorted by green; a search starts at the query's green and walks both
 * ways, stopping on a side once the green difference alone exceeds the best
 * distance found. Entries at an equal distance are compared by index, so the
 * answer is exactly the brute-force one: the lowest index among the nearest.
 * A direct-mapped cache in front holds only correct answers, so hits and
 * misses give the same result. */
enum { CACHE_BITS = 14, CACHE_SIZE = 1 << CACHE_BITS };

typedef struct candidate {
    int r, g, b, index;
} candidate;

typedef struct pal_search {
    candidate cand[256];      /* by green, then index */
    int count;
    uint32_t *cache_key;      /* rgb + 1; 0: empty. NULL: no cache (out of memory) */
    uint8_t *cache_index;
} pal_search;

static int cmp_candidate(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->g != b->g)
        return a->g < b->g ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void pal_search_init(pal_search *s, const palette *pal, int count, int trans)
{
    s->count = 0;
    for (int i = 0; i < count; i++) {
        if (i == trans)
            continue;
        uint32_t c = pal->colors[i];
        s->cand[s->count++] = (candidate){ (int)(c >> 16 & 0xff), (int)(c >> 8 & 0xff), (int)(c & 0xff), i };
    }
    if (s->count == 0)          /* only a transparent entry: everything maps to it */
        s->cand[s->count++] = (candidate){ 0, 0, 0, trans };
    qsort(s->cand, (size_t)s->count, sizeof s->cand[0], cmp_candidate);
    s->cache_key = calloc(CACHE_SIZE, sizeof *s->cache_key);
    s->cache_index = malloc(CACHE_SIZE);
    if (!s->cache_key || !s->cache_index) {
        free(s->cache_key);
        free(s->cache_index);
        s->cache_key = NULL;
        s->cache_index = NULL;
    }
}

static void pal_search_free(pal_search *s)
{
    free(s->cache_key);
    free(s->cache_index);
}

static inline void consider(const candidate *c, int r, int g, int b, long *best_d, int *best)
{
    long dr = r - c->r, dg = g - c->g, db = b - c->b;
    long d = dr * dr + dg * dg + db * db;
    if (d < *best_d || (d == *best_d && c->index < *best)) {
        *best_d = d;
        *best = c->index;
    }
}

static int nearest_uncached(const pal_search *s, uint32_t rgb)
{
    int r = (int)(rgb >> 16 & 0xff), g = (int)(rgb >> 8 & 0xff), b = (int)(rgb & 0xff);
    /* first candidate with green >= g */
    int lo = 0, hi = s->count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (s->cand[mid].g < g)
            lo = mid + 1;
        else
            hi = mid;
    }
    long best_d = LONG_MAX;
    int best = INT_MAX;
    int up = lo, down = lo - 1;
    while (up < s->count || down >= 0) {
        if (up < s->count) {
            long dg = s->cand[up].g - g;
            if (dg * dg > best_d)
                up = s->count;
            else
                consider(&s->cand[up++], r, g, b, &best_d, &best);
        }
        if (down >= 0) {
            long dg = g - s->cand[down].g;
            if (dg * dg > best_d)
                down = -1;
            else
                consider(&s->cand[down--], r, g, b, &best_d, &best);
        }
    }
    return best;
}

static int nearest(pal_search *s, uint32_t rgb)
{
    if (!s->cache_key)
        return nearest_uncached(s, rgb);
    uint32_t slot = (rgb * 0x9E3779B1u) >> (32 - CACHE_BITS);
    if (s->cache_key[slot] == rgb + 1)
        return s->cache_index[slot];
    int i = nearest_uncached(s, rgb);
    s->cache_key[slot] = rgb + 1;
    s->cache_index[slot] = (uint8_t)i;
    return i;
}

static inline uint32_t clamp_add(uint32_t c, int d)
{
    int v = (int)c + d;
    return (uint32_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static void convert_pal8(const uint8_t *bgra, int stride, int w, int h, const convert_options *o, AVFrame *dst)
{
    static const palette black = { .colors = { 0xFF000000u }, .count = 1, .transparent_index = -1 };
    const palette *pal = o && o->pal && o->pal->count > 0 ? o->pal : &black;
    int count = pal->count < 256 ? pal->count : 256;
    int trans = pal->transparent_index >= 0 && pal->transparent_index < count ? pal->transparent_index : -1;

    uint32_t *out_pal = (uint32_t *)(void *)dst->data[1];
    if (out_pal)
        for (int i = 0; i < 256; i++)
            out_pal[i] = i < count ? pal->colors[i] : 0xFF000000u;

    pal_search s;
    pal_search_init(&s, pal, count, trans);
    bool dither = o && o->dither;

    for (int y = 0; y < h; y++) {
        const uint8_t *src = bgra + (ptrdiff_t)y * stride;
        uint8_t *out = dst->data[0] + (ptrdiff_t)y * dst->linesize[0];
        for (int x = 0; x < w; x++, src += 4) {
            uint32_t b = src[0], g = src[1], r = src[2], a = src[3];
            if (trans >= 0) {
                if (a < 128) {
                    out[x] = (uint8_t)trans;
                    continue;
                }
                if (a != 255) {
                    b = unpremultiply(b, a);
                    g = unpremultiply(g, a);
                    r = unpremultiply(r, a);
                }
            }
            uint32_t rgb = r << 16 | g << 8 | b;
            int i = nearest(&s, rgb);
            if (dither && (pal->colors[i] & 0xFFFFFFu) != rgb) {
                int d = dither_offset(bayer8[y & 7][x & 7]);
                i = nearest(&s, clamp_add(r, d) << 16 | clamp_add(g, d) << 8 | clamp_add(b, d));
            }
            out[x] = (uint8_t)i;
        }
    }
    pal_search_free(&s);
}

/* ---- entry points ----------------------------------------------------------------- */

bool frame_convert_supported(int fmt)
{
    rgb_layout l;
    return yuv_format_supported(fmt) || fmt == AV_PIX_FMT_YUV422P10LE || rgb_layout_of(fmt, &l) ||
           fmt == AV_PIX_FMT_PAL8;
}

void frame_convert(const uint8_t *bgra, int stride, int w, int h, const convert_options *o, AVFrame *dst)
{
    bool full_range = o && o->full_range;
    rgb_layout l;
    if (w <= 0 || h <= 0)
        return;
    if (yuv_format_supported(dst->format))
        yuv_convert(bgra, stride, w, h, full_range, dst);
    else if (dst->format == AV_PIX_FMT_YUV422P10LE)
        convert_422_10(bgra, stride, w, h, full_range, dst);
    else if (rgb_layout_of(dst->format, &l))
        convert_rgb(bgra, stride, w, h, l, dst);
    else if (dst->format == AV_PIX_FMT_PAL8)
        convert_pal8(bgra, stride, w, h, o, dst);
}

bool frame_convert_area_supported(int fmt)
{
    return yuv_area_supported(fmt);
}

void frame_convert_area(const uint8_t *bgra, int stride, int w, int h, const convert_options *o, AVFrame *dst,
                        int x0, int y0, int x1, int y1)
{
    yuv_convert_area(bgra, stride, w, h, o && o->full_range, dst, x0, y0, x1, y1);
}

void frame_copy_area(AVFrame *dst, const AVFrame *src, int x0, int y0, int x1, int y1)
{
    yuv_copy_area(dst, src, x0, y0, x1, y1);
}

static void free_big(void *opaque, uint8_t *data)
{
    (void)opaque;
    big_buffer_free(data);
}

AVBufferRef *frame_buffer_new(size_t size)
{
    uint8_t *mem = big_buffer_alloc(size);
    AVBufferRef *ref = mem ? av_buffer_create(mem, size, free_big, NULL, 0) : NULL;
    if (mem && !ref)
        big_buffer_free(mem);
    return ref;
}

/* Moves a frame whose planes all lie in buf[0] (how FFmpeg lays out a video
 * frame) into a big buffer: the same layout at a new address, already zero.
 * Returns false when the frame is laid out otherwise or memory is short. */
static bool move_to_big_buffer(AVFrame *f)
{
    AVBufferRef *old = f->buf[0];
    if (!old || f->buf[1] || f->extended_buf)
        return false;
    AVBufferRef *big = frame_buffer_new(old->size);
    if (!big)
        return false;
    for (int i = 0; i < AV_NUM_DATA_POINTERS; i++)
        if (f->data[i])
            f->data[i] = big->data + (f->data[i] - old->data);
    f->buf[0] = big;
    av_buffer_unref(&old);
    return true;
}

int frame_alloc_zeroed(AVFrame *f)
{
    int rc = av_frame_get_buffer(f, 0);
    if (rc < 0)
        return rc;
    if (move_to_big_buffer(f))
        return 0;
    for (int i = 0; i < AV_NUM_DATA_POINTERS && f->buf[i]; i++)
        memset(f->buf[i]->data, 0, f->buf[i]->size);
    return 0;
}

AVFrame *frame_new_zeroed(int fmt, int width, int height)
{
    AVFrame *f = av_frame_alloc();
    if (!f)
        return NULL;
    f->format = fmt;
    f->width = width;
    f->height = height;
    if (frame_alloc_zeroed(f) < 0)
        av_frame_free(&f);
    return f;
}
