/* RGB -> YUV conversion checked against the BT.709 formulas in double
 * precision, rounded half up.
 *
 * The reference writes the luma weights as the integers 2126, 7152, 722 (out of
 * 10000), so every numerator below is an exact integer in a double and the
 * only rounding is one correctly rounded division. That keeps exact ties
 * (values ending in .5, which do occur, e.g. luma of rgb(10,51,54) is exactly
 * 52.5) on the right side; the textbook form with Kr = 0.2126 as a double can
 * land just below such a tie, and test_textbook_formula_differs_only_at_ties
 * shows that this is the only way the two forms differ. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <libavutil/frame.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include <libavutil/pixfmt.h>

#include "check.h"
#include "media/row_kernel.h"
#include "media/yuv.h"

typedef struct mode {
    int bits;
    bool full;
} mode;

static const mode all_modes[4] = { { 8, false }, { 8, true }, { 10, false }, { 10, true } };

static long round_clamp(double v, long maxv)
{
    double r = floor(v + 0.5);
    if (r < 0)
        r = 0;
    if (r > (double)maxv)
        r = (double)maxv;
    return (long)r;
}

static long maxv_of(mode m) { return (1L << m.bits) - 1; }
static double scale8(mode m) { return (double)(1 << (m.bits - 8)); }

/* Sums over count pixels of R, G, B (count 1 for one pixel, 4 for a 2x2 block). */
static long ref_y(mode m, long r, long g, long b, int count)
{
    double off = m.full ? 0 : 16 * scale8(m), scale = m.full ? (double)maxv_of(m) : 219 * scale8(m);
    double n = 2126.0 * r + 7152.0 * g + 722.0 * b;
    return round_clamp(off + scale * n / (2550000.0 * count), maxv_of(m));
}

static long ref_cb(mode m, long r, long g, long b, int count)
{
    double off = (double)(1 << (m.bits - 1)), scale = m.full ? (double)maxv_of(m) : 224 * scale8(m);
    double e = 9278.0 * b - 2126.0 * r - 7152.0 * g;     /* 10000 (B - Y) */
    return round_clamp(off + scale * e / (255.0 * 18556.0 * count), maxv_of(m));
}

static long ref_cr(mode m, long r, long g, long b, int count)
{
    double off = (double)(1 << (m.bits - 1)), scale = m.full ? (double)maxv_of(m) : 224 * scale8(m);
    double e = 7874.0 * r - 7152.0 * g - 722.0 * b;      /* 10000 (R - Y) */
    return round_clamp(off + scale * e / (255.0 * 15748.0 * count), maxv_of(m));
}

/* A frame whose planes are exactly as large as the format needs, no padding,
 * so AddressSanitizer sees any write past the end. */
static AVFrame *frame_exact(int fmt, int w, int h)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmt);
    AVFrame *f = av_frame_alloc();
    f->format = fmt;
    f->width = w;
    f->height = h;
    int bytes = d->comp[0].depth > 8 ? 2 : 1;
    for (int p = 0; p < d->nb_components; p++) {
        bool chroma = p == 1 || p == 2;
        int pw = chroma ? -((-w) >> d->log2_chroma_w) : w;
        int ph = chroma ? -((-h) >> d->log2_chroma_h) : h;
        f->linesize[p] = pw * bytes;
        f->data[p] = av_malloc((size_t)f->linesize[p] * (size_t)ph);
        memset(f->data[p], 0xEE, (size_t)f->linesize[p] * (size_t)ph);
    }
    return f;
}

static void frame_exact_free(AVFrame **f)
{
    for (int p = 0; p < 4; p++)
        av_freep(&(*f)->data[p]);
    av_frame_free(f);
}

static long sample(const AVFrame *f, int plane, int x, int y)
{
    const uint8_t *row = f->data[plane] + (ptrdiff_t)y * f->linesize[plane];
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(f->format);
    if (d->comp[0].depth > 8) {
        uint16_t v;
        memcpy(&v, row + 2 * x, 2);
        return v;
    }
    return row[x];
}

static int fmt_for(mode m, bool subsampled)
{
    if (m.bits == 8)
        return subsampled ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_YUV444P;
    return subsampled ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV444P10LE;
}

static void put_px(uint8_t *buf, int stride, int x, int y, int r, int g, int b, int a)
{
    uint8_t *p = buf + (ptrdiff_t)y * stride + 4 * x;
    p[0] = (uint8_t)b;
    p[1] = (uint8_t)g;
    p[2] = (uint8_t)r;
    p[3] = (uint8_t)a;
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* Converts one opaque color with the 4:4:4 format of mode m. */
static void convert_one(mode m, int r, int g, int b, long out[3])
{
    uint8_t px[4];
    put_px(px, 4, 0, 0, r, g, b, 255);
    AVFrame *f = frame_exact(fmt_for(m, false), 1, 1);
    yuv_convert(px, 4, 1, 1, m.full, f);
    for (int p = 0; p < 3; p++)
        out[p] = sample(f, p, 0, 0);
    frame_exact_free(&f);
}

static void test_supported_formats(void)
{
    CHECK(yuv_format_supported(AV_PIX_FMT_YUV420P));
    CHECK(yuv_format_supported(AV_PIX_FMT_YUV444P));
    CHECK(yuv_format_supported(AV_PIX_FMT_YUV420P10LE));
    CHECK(yuv_format_supported(AV_PIX_FMT_YUV444P10LE));
    CHECK(yuv_format_supported(AV_PIX_FMT_YUVA420P));
    CHECK(yuv_format_supported(AV_PIX_FMT_YUVA444P10LE));
    CHECK(!yuv_format_supported(AV_PIX_FMT_NV12));
    CHECK(!yuv_format_supported(AV_PIX_FMT_RGB24));
    CHECK(!yuv_format_supported(AV_PIX_FMT_YUV422P));
    CHECK(!yuv_format_supported(AV_PIX_FMT_NONE));
}

static void test_known_colors(void)
{
    long v[3];
    /* #FF5A1F: n = 2126*255 + 7152*90 + 722*31 = 1208192,
     * Y = 16 + 219 n / 2550000 = 119.76, Cb = 85.48, Cr = 202.85 */
    convert_one((mode){ 8, false }, 255, 90, 31, v);
    CHECK_EQ_INT(v[0], 120);
    CHECK_EQ_INT(v[1], 85);
    CHECK_EQ_INT(v[2], 203);
    CHECK_EQ_INT(v[0], ref_y((mode){ 8, false }, 255, 90, 31, 1));
    CHECK_EQ_INT(v[1], ref_cb((mode){ 8, false }, 255, 90, 31, 1));
    CHECK_EQ_INT(v[2], ref_cr((mode){ 8, false }, 255, 90, 31, 1));
    /* full range: Y = 255 n / 2550000 = 120.82, Cb = 128 + 255 (-898192) / 4731780 = 79.60,
     * Cr = 128 + 255 * 1341808 / 4015740 = 213.21 */
    convert_one((mode){ 8, true }, 255, 90, 31, v);
    CHECK_EQ_INT(v[0], 121);
    CHECK_EQ_INT(v[1], 80);
    CHECK_EQ_INT(v[2], 213);

    convert_one((mode){ 8, false }, 255, 255, 255, v);
    CHECK_EQ_INT(v[0], 235); CHECK_EQ_INT(v[1], 128); CHECK_EQ_INT(v[2], 128);
    convert_one((mode){ 8, false }, 0, 0, 0, v);
    CHECK_EQ_INT(v[0], 16); CHECK_EQ_INT(v[1], 128); CHECK_EQ_INT(v[2], 128);
    convert_one((mode){ 8, true }, 255, 255, 255, v);
    CHECK_EQ_INT(v[0], 255); CHECK_EQ_INT(v[1], 128); CHECK_EQ_INT(v[2], 128);
    convert_one((mode){ 8, true }, 0, 0, 0, v);
    CHECK_EQ_INT(v[0], 0); CHECK_EQ_INT(v[1], 128); CHECK_EQ_INT(v[2], 128);

    /* 10-bit limited is the 8-bit scale times 4: Y 64..940, C 64..960 */
    convert_one((mode){ 10, false }, 255, 255, 255, v);
    CHECK_EQ_INT(v[0], 940); CHECK_EQ_INT(v[1], 512); CHECK_EQ_INT(v[2], 512);
    convert_one((mode){ 10, false }, 0, 0, 0, v);
    CHECK_EQ_INT(v[0], 64); CHECK_EQ_INT(v[1], 512); CHECK_EQ_INT(v[2], 512);
    convert_one((mode){ 10, true }, 255, 255, 255, v);
    CHECK_EQ_INT(v[0], 1023); CHECK_EQ_INT(v[1], 512); CHECK_EQ_INT(v[2], 512);
    /* #FF5A1F at 10 bits keeps the extra precision: 64 + 876 n / 2550000 = 479.05 */
    convert_one((mode){ 10, false }, 255, 90, 31, v);
    CHECK_EQ_INT(v[0], 479);

    /* Pure blue and red reach the chroma extremes: 240 limited; full range
     * 128 + 127.5 rounds to 256 and is clamped. */
    convert_one((mode){ 8, false }, 0, 0, 255, v);
    CHECK_EQ_INT(v[1], 240);
    convert_one((mode){ 8, false }, 255, 0, 0, v);
    CHECK_EQ_INT(v[2], 240);
    convert_one((mode){ 8, true }, 0, 0, 255, v);
    CHECK_EQ_INT(v[1], 255);
    convert_one((mode){ 10, true }, 0, 0, 255, v);
    CHECK_EQ_INT(v[1], 1023);
    convert_one((mode){ 10, false }, 0, 0, 255, v);
    CHECK_EQ_INT(v[1], 960);

    /* An exact tie: luma of rgb(10,51,54) is 16 + 219 * 425000 / 2550000 = 52.5 */
    convert_one((mode){ 8, false }, 10, 51, 54, v);
    CHECK_EQ_INT(v[0], 53);
}

/* Every 8-bit color in every mode, through the 4:4:4 formats (4096 x 256 strips). */
static void test_every_color_every_mode(void)
{
    enum { W = 4096, H = 256 };
    uint8_t *bgra = malloc((size_t)W * H * 4);
    for (int mi = 0; mi < 4; mi++) {
        mode m = all_modes[mi];
        AVFrame *f = frame_exact(fmt_for(m, false), W, H);
        long bad = 0;
        for (uint32_t strip = 0; strip < (1u << 24) / (W * H); strip++) {
            for (uint32_t i = 0; i < W * H; i++) {
                uint32_t rgb = strip * W * H + i;
                put_px(bgra, W * 4, (int)(i % W), (int)(i / W),
                       (int)(rgb >> 16), (int)(rgb >> 8 & 255), (int)(rgb & 255), 255);
            }
            yuv_convert(bgra, W * 4, W, H, m.full, f);
            for (uint32_t i = 0; i < W * H; i++) {
                uint32_t rgb = strip * W * H + i;
                long r = rgb >> 16, g = rgb >> 8 & 255, b = rgb & 255;
                int x = (int)(i % W), y = (int)(i / W);
                long want[3] = { ref_y(m, r, g, b, 1), ref_cb(m, r, g, b, 1), ref_cr(m, r, g, b, 1) };
                for (int p = 0; p < 3; p++) {
                    long got = sample(f, p, x, y);
                    if (got != want[p] && bad++ < 5)
                        fprintf(stderr, "  bits %d full %d rgb(%ld,%ld,%ld) plane %d: %ld, expected %ld\n",
                                m.bits, m.full, r, g, b, p, got, want[p]);
                }
            }
        }
        CHECK_EQ_INT(bad, 0);
        frame_exact_free(&f);
    }
    free(bgra);
}

/* The textbook form (Kr = 0.2126 etc. as doubles) agrees with the converter
 * on 100000 random colors in each mode, except at exact ties, where floating
 * point may land on either side and the converter rounds up. */
static void test_textbook_formula_differs_only_at_ties(void)
{
    uint32_t seed = 12345;
    for (int mi = 0; mi < 4; mi++) {
        mode m = all_modes[mi];
        long maxv = maxv_of(m), mismatches = 0, non_ties = 0;
        double yo = m.full ? 0 : 16 * scale8(m), ys = m.full ? (double)maxv : 219 * scale8(m);
        double co = (double)(1 << (m.bits - 1)), cs = m.full ? (double)maxv : 224 * scale8(m);
        for (int i = 0; i < 100000; i++) {
            uint32_t rgb = lcg(&seed) & 0xffffff;
            int r = (int)(rgb >> 16), g = (int)(rgb >> 8 & 255), b = (int)(rgb & 255);
            double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            long want[3] = { round_clamp(yo + ys * y / 255, maxv),
                             round_clamp(co + cs * (b - y) / (1.8556 * 255), maxv),
                             round_clamp(co + cs * (r - y) / (1.5748 * 255), maxv) };
            /* ties, decided in integers: 2 * scale * num is an odd multiple of den */
            int64_t s_y = m.full ? maxv : 219 << (m.bits - 8), s_c = m.full ? maxv : 224 << (m.bits - 8);
            int64_t ny = 2126LL * r + 7152LL * g + 722LL * b;
            int64_t eb = 9278LL * b - 2126LL * r - 7152LL * g, er = 7874LL * r - 7152LL * g - 722LL * b;
            int64_t num[3] = { 2 * s_y * ny, 2 * s_c * eb, 2 * s_c * er };
            int64_t den[3] = { 2550000, 255LL * 18556, 255LL * 15748 };
            long got[3];
            convert_one(m, r, g, b, got);
            for (int p = 0; p < 3; p++) {
                if (got[p] == want[p])
                    continue;
                mismatches++;
                int64_t rem = ((num[p] % (2 * den[p])) + 2 * den[p]) % (2 * den[p]);
                if (rem != den[p] || got[p] != want[p] + 1)
                    non_ties++;
            }
        }
        CHECK_EQ_INT(non_ties, 0);
        CHECK(mismatches < 100);
    }
}

/* 4:2:0 chroma is the formula applied to the exact mean of the 2x2 block. */
static void test_420_chroma_is_block_mean(void)
{
    enum { W = 256, H = 128 };
    uint8_t *bgra = malloc((size_t)W * H * 4);
    uint32_t seed = 777;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t v = lcg(&seed);
            put_px(bgra, W * 4, x, y, (int)(v & 255), (int)(v >> 8 & 255), (int)(v >> 16 & 255), 255);
        }
    for (int mi = 0; mi < 4; mi++) {
        mode m = all_modes[mi];
        AVFrame *f = frame_exact(fmt_for(m, true), W, H);
        yuv_convert(bgra, W * 4, W, H, m.full, f);
        long bad = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                const uint8_t *p = bgra + (ptrdiff_t)y * W * 4 + 4 * x;
                bad += sample(f, 0, x, y) != ref_y(m, p[2], p[1], p[0], 1);
            }
        for (int cy = 0; cy < H / 2; cy++)
            for (int cx = 0; cx < W / 2; cx++) {
                long s[3] = { 0, 0, 0 };
                for (int j = 0; j < 4; j++) {
                    const uint8_t *p = bgra + (ptrdiff_t)(2 * cy + j / 2) * W * 4 + 4 * (2 * cx + j % 2);
                    for (int c = 0; c < 3; c++)
                        s[c] += p[c];
                }
                bad += sample(f, 1, cx, cy) != ref_cb(m, s[2], s[1], s[0], 4);
                bad += sample(f, 2, cx, cy) != ref_cr(m, s[2], s[1], s[0], 4);
            }
        CHECK_EQ_INT(bad, 0);
        frame_exact_free(&f);
    }
    free(bgra);
}

/* Odd sizes: the last column and row are used twice for their chroma block,
 * and nothing is written outside the (unpadded) planes. */
static void test_odd_sizes(void)
{
    static const int sizes[][2] = { { 1, 1 }, { 5, 3 }, { 3, 5 }, { 17, 9 }, { 2, 1 }, { 1, 2 } };
    uint32_t seed = 99;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        int w = sizes[si][0], h = sizes[si][1];
        uint8_t *bgra = malloc((size_t)w * h * 4);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                uint32_t v = lcg(&seed);
                put_px(bgra, w * 4, x, y, (int)(v & 255), (int)(v >> 8 & 255), (int)(v >> 16 & 255), 255);
            }
        for (int mi = 0; mi < 4; mi++) {
            mode m = all_modes[mi];
            AVFrame *f = frame_exact(fmt_for(m, true), w, h);
            yuv_convert(bgra, w * 4, w, h, m.full, f);
            long bad = 0;
            for (int cy = 0; cy < (h + 1) / 2; cy++)
                for (int cx = 0; cx < (w + 1) / 2; cx++) {
                    long s[3] = { 0, 0, 0 };
                    for (int j = 0; j < 4; j++) {
                        int x = 2 * cx + j % 2, y = 2 * cy + j / 2;
                        x = x < w ? x : w - 1;
                        y = y < h ? y : h - 1;
                        const uint8_t *p = bgra + (ptrdiff_t)y * w * 4 + 4 * x;
                        for (int c = 0; c < 3; c++)
                            s[c] += p[c];
                    }
                    bad += sample(f, 1, cx, cy) != ref_cb(m, s[2], s[1], s[0], 4);
                    bad += sample(f, 2, cx, cy) != ref_cr(m, s[2], s[1], s[0], 4);
                }
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    const uint8_t *p = bgra + (ptrdiff_t)y * w * 4 + 4 * x;
                    bad += sample(f, 0, x, y) != ref_y(m, p[2], p[1], p[0], 1);
                }
            if (bad)
                fprintf(stderr, "  %dx%d bits %d full %d\n", w, h, m.bits, m.full);
            CHECK_EQ_INT(bad, 0);
            frame_exact_free(&f);
        }
        free(bgra);
    }
}

/* Converting in row bands (as worker threads do) gives the same planes. */
static void test_bands_match_whole_frame(void)
{
    enum { W = 37, H = 23 };
    static const int fmts[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV444P10LE, AV_PIX_FMT_YUVA420P,
                                AV_PIX_FMT_YUVA444P10LE };
    uint8_t *bgra = malloc((size_t)W * H * 4);
    uint32_t seed = 5;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t v = lcg(&seed);
            int a = (int)(v >> 16 & 255);
            put_px(bgra, W * 4, x, y, (int)(v & 255) * a / 255, (int)(v >> 8 & 255) * a / 255,
                   (int)(v >> 4 & 255) * a / 255, a);
        }
    for (size_t fi = 0; fi < sizeof fmts / sizeof fmts[0]; fi++) {
        AVFrame *whole = frame_exact(fmts[fi], W, H), *bands = frame_exact(fmts[fi], W, H);
        yuv_convert(bgra, W * 4, W, H, false, whole);
        yuv_convert_rows(bgra, W * 4, W, H, false, bands, 10, H);
        yuv_convert_rows(bgra, W * 4, W, H, false, bands, 0, 4);
        yuv_convert_rows(bgra, W * 4, W, H, false, bands, 4, 10);
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmts[fi]);
        for (int p = 0; p < d->nb_components; p++) {
            int ph = (p == 1 || p == 2) ? -((-H) >> d->log2_chroma_h) : H;
            CHECK(memcmp(whole->data[p], bands->data[p], (size_t)whole->linesize[p] * ph) == 0);
        }
        frame_exact_free(&whole);
        frame_exact_free(&bands);
    }
    free(bgra);
}

/* Converting an area: a frame that differs from a converted picture only
 * inside a rectangle, converted there over that picture's conversion, equals
 * the frame's own whole conversion; and nothing outside the rectangle, widened
 * to whole 2x2 blocks, is written. Odd sizes and odd edges exercise the tails. */
static void test_area_matches_whole_frame(void)
{
    enum { W = 37, H = 23 };
    static const int fmts[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV444P, AV_PIX_FMT_YUV420P10LE,
                                AV_PIX_FMT_YUV444P10LE };
    static const int rects[][4] = { { 0, 0, W, H }, { 3, 5, 18, 12 }, { 10, 9, 11, 10 }, { 30, 15, W, H },
                                    { 0, 21, 5, H }, { 36, 0, 37, 1 }, { 7, 7, 7, 12 } };
    uint8_t *base = malloc((size_t)W * H * 4), *frame = malloc((size_t)W * H * 4);
    for (size_t fi = 0; fi < sizeof fmts / sizeof fmts[0]; fi++) {
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmts[fi]);
        bool sub = d->log2_chroma_w > 0;
        for (size_t ri = 0; ri < sizeof rects / sizeof rects[0]; ri++) {
            const int *r = rects[ri];
            uint32_t seed = (uint32_t)(7 + ri);
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    uint32_t v = lcg(&seed), u = lcg(&seed);
                    put_px(base, W * 4, x, y, (int)(v & 255), (int)(v >> 8 & 255), (int)(v >> 4 & 255), 255);
                    bool inside = x >= r[0] && x < r[2] && y >= r[1] && y < r[3];
                    put_px(frame, W * 4, x, y, inside ? (int)(u & 255) : (int)(v & 255),
                           inside ? (int)(u >> 8 & 255) : (int)(v >> 8 & 255), (int)(v >> 4 & 255), 255);
                }
            AVFrame *whole = frame_exact(fmts[fi], W, H), *area = frame_exact(fmts[fi], W, H);
            AVFrame *blank = frame_exact(fmts[fi], W, H);
            yuv_convert(frame, W * 4, W, H, false, whole);
            yuv_convert(base, W * 4, W, H, false, area);
            yuv_convert_area(frame, W * 4, W, H, false, area, r[0], r[1], r[2], r[3]);
            yuv_convert_area(frame, W * 4, W, H, false, blank, r[0], r[1], r[2], r[3]);
            /* The widened rectangle, in luma samples. */
            int x0 = sub ? r[0] & ~1 : r[0], y0 = sub ? r[1] & ~1 : r[1];
            int x1 = sub ? (r[2] + 1) & ~1 : r[2], y1 = sub ? (r[3] + 1) & ~1 : r[3];
            for (int p = 0; p < 3; p++) {
                bool chroma = p > 0 && sub;
                int pw = chroma ? (W + 1) / 2 : W, ph = chroma ? (H + 1) / 2 : H;
                for (int y = 0; y < ph; y++)
                    for (int x = 0; x < pw; x++) {
                        CHECK(sample(area, p, x, y) == sample(whole, p, x, y));
                        int lx = chroma ? 2 * x : x, ly = chroma ? 2 * y : y;
                        bool in = r[2] > r[0] && lx >= x0 && lx < x1 && ly >= y0 && ly < y1;
                        long untouched = d->comp[0].depth > 8 ? 0xEEEE : 0xEE;
                        CHECK((sample(blank, p, x, y) == untouched) == !in ||
                              sample(whole, p, x, y) == untouched);
                    }
            }
            frame_exact_free(&whole);
            frame_exact_free(&area);
            frame_exact_free(&blank);
        }
        CHECK(yuv_area_supported(fmts[fi]));
    }
    CHECK(!yuv_area_supported(AV_PIX_FMT_YUVA420P));
    free(base);
    free(frame);
}

/* Alpha formats: color is un-premultiplied, c = (c * 255 + a / 2) / a, then
 * converted; the alpha plane is a scaled to the bit depth. */
static void test_alpha_444_10bit(void)
{
    static const int px[][4] = {    /* premultiplied r, g, b, a */
        { 0, 0, 0, 0 }, { 255, 90, 31, 255 }, { 64, 64, 64, 128 }, { 128, 45, 16, 128 },
        { 1, 0, 0, 3 }, { 10, 20, 30, 40 }, { 200, 0, 100, 201 }, { 5, 5, 5, 5 },
    };
    enum { N = sizeof px / sizeof px[0] };
    uint8_t bgra[N * 4];
    for (int i = 0; i < N; i++)
        put_px(bgra, N * 4, i, 0, px[i][0], px[i][1], px[i][2], px[i][3]);
    for (int full = 0; full < 2; full++) {
        mode m = { 10, full != 0 };
        AVFrame *f = frame_exact(AV_PIX_FMT_YUVA444P10LE, N, 1);
        yuv_convert(bgra, N * 4, N, 1, m.full, f);
        for (int i = 0; i < N; i++) {
            int a = px[i][3];
            long s[3];
            for (int c = 0; c < 3; c++)
                s[c] = a ? (px[i][c] * 255 + a / 2) / a : 0;
            CHECK_EQ_INT(sample(f, 0, i, 0), ref_y(m, s[0], s[1], s[2], 1));
            CHECK_EQ_INT(sample(f, 1, i, 0), ref_cb(m, s[0], s[1], s[2], 1));
            CHECK_EQ_INT(sample(f, 2, i, 0), ref_cr(m, s[0], s[1], s[2], 1));
            CHECK_EQ_INT(sample(f, 3, i, 0), round_clamp(a * 1023.0 / 255.0, 1023));
        }
        /* half-transparent #FF5A1F un-premultiplies back to #FF5A1F */
        CHECK_EQ_INT(sample(f, 0, 3, 0), sample(f, 0, 1, 0));
        CHECK_EQ_INT(sample(f, 3, 0, 0), 0);
        CHECK_EQ_INT(sample(f, 3, 1, 0), 1023);
        CHECK_EQ_INT(sample(f, 3, 2, 0), 514);     /* 128 * 1023 / 255 = 513.5 */
        frame_exact_free(&f);
    }
}

/* yuva420p: chroma of a block is its alpha-weighted color, so transparent
 * pixels (black once premultiplied) do not darken the chroma of edge blocks. */
static void test_alpha_420_8bit(void)
{
    enum { W = 6, H = 3 };
    uint8_t bgra[W * H * 4];
    memset(bgra, 0, sizeof bgra);
    /* block 0: two opaque red pixels on top, two transparent below */
    put_px(bgra, W * 4, 0, 0, 255, 0, 0, 255);
    put_px(bgra, W * 4, 1, 0, 255, 0, 0, 255);
    /* block 1: all opaque #FF5A1F */
    for (int j = 0; j < 4; j++)
        put_px(bgra, W * 4, 2 + j % 2, j / 2, 255, 90, 31, 255);
    /* block 2: mixed alpha */
    put_px(bgra, W * 4, 4, 0, 100, 50, 0, 100);
    put_px(bgra, W * 4, 5, 0, 0, 0, 200, 200);
    put_px(bgra, W * 4, 4, 1, 30, 30, 30, 255);
    /* last row (odd height): one semi-transparent pixel */
    put_px(bgra, W * 4, 1, 2, 64, 0, 64, 128);
    mode m = { 8, false };
    AVFrame *f = frame_exact(AV_PIX_FMT_YUVA420P, W, H);
    yuv_convert(bgra, W * 4, W, H, false, f);
    CHECK_EQ_INT(sample(f, 1, 0, 0), ref_cb(m, 255, 0, 0, 1));
    CHECK_EQ_INT(sample(f, 2, 0, 0), ref_cr(m, 255, 0, 0, 1));
    CHECK_EQ_INT(sample(f, 0, 0, 0), ref_y(m, 255, 0, 0, 1));
    CHECK_EQ_INT(sample(f, 0, 0, 1), 16);
    CHECK_EQ_INT(sample(f, 3, 0, 0), 255);
    CHECK_EQ_INT(sample(f, 3, 0, 1), 0);
    CHECK_EQ_INT(sample(f, 1, 1, 0), 85);
    CHECK_EQ_INT(sample(f, 2, 1, 0), 203);
    /* block 2: sums r 130, g 80, b 230 over alpha 555 -> straight (60, 37, 106) */
    long r = (130 * 255 + 555 / 2) / 555, g = (80 * 255 + 555 / 2) / 555, b = (230 * 255 + 555 / 2) / 555;
    CHECK_EQ_INT(r, 60);
    CHECK_EQ_INT(g, 37);
    CHECK_EQ_INT(b, 106);
    CHECK_EQ_INT(sample(f, 1, 2, 0), ref_cb(m, r, g, b, 1));
    CHECK_EQ_INT(sample(f, 2, 2, 0), ref_cr(m, r, g, b, 1));
    /* pixel (4,0): straight (255, 128, 0) */
    CHECK_EQ_INT(sample(f, 0, 4, 0), ref_y(m, 255, 128, 0, 1));
    CHECK_EQ_INT(sample(f, 3, 4, 0), 100);
    /* last row: block (0,1) pairs row 2 with itself; only pixel (1,2) has
     * alpha, so the chroma is its straight color (128, 0, 128) */
    CHECK_EQ_INT(sample(f, 1, 0, 1), ref_cb(m, 128, 0, 128, 1));
    CHECK_EQ_INT(sample(f, 2, 0, 1), ref_cr(m, 128, 0, 128, 1));
    CHECK_EQ_INT(sample(f, 1, 1, 1), 128);    /* fully transparent block */
    CHECK_EQ_INT(sample(f, 3, 1, 2), 128);
    frame_exact_free(&f);
}

/* Opaque formats use the premultiplied values as they are (the frame over
 * black), even where alpha is below 255. */
static void test_opaque_formats_ignore_alpha(void)
{
    uint8_t px[4];
    put_px(px, 4, 0, 0, 128, 45, 16, 128);
    AVFrame *f = frame_exact(AV_PIX_FMT_YUV444P, 1, 1);
    yuv_convert(px, 4, 1, 1, false, f);
    mode m = { 8, false };
    CHECK_EQ_INT(sample(f, 0, 0, 0), ref_y(m, 128, 45, 16, 1));
    CHECK_EQ_INT(sample(f, 1, 0, 0), ref_cb(m, 128, 45, 16, 1));
    CHECK_EQ_INT(sample(f, 2, 0, 0), ref_cr(m, 128, 45, 16, 1));
    frame_exact_free(&f);
}

/* A pixel that favors the extremes: each channel 0, 1, 254, 255 or random. */
static void put_edgy_px(uint8_t *buf, int stride, int x, int y, uint32_t *seed)
{
    static const int edges[4] = { 0, 1, 254, 255 };
    int c[3];
    for (int i = 0; i < 3; i++) {
        uint32_t v = lcg(seed);
        c[i] = (v & 7) < 4 ? edges[v & 3] : (int)(v >> 3 & 255);
    }
    put_px(buf, stride, x, y, c[0], c[1], c[2], 255);
}

static bool planes_equal(const AVFrame *a, const AVFrame *b, int w, int h)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(a->format);
    for (int p = 0; p < 3; p++) {
        int pw = p ? -((-w) >> d->log2_chroma_w) : w, ph = p ? -((-h) >> d->log2_chroma_h) : h;
        for (int y = 0; y < ph; y++)
            for (int x = 0; x < pw; x++)
                if (sample(a, p, x, y) != sample(b, p, x, y))
                    return false;
    }
    return true;
}

/* The AVX-512 kernels, where this CPU runs them, write the portable loops'
 * bytes: widths 1-80 and 1920 (every tail of the 16-pixel and 8-block steps),
 * odd and even heights, pixels favoring the extremes, every mode. */
static void test_vector_kernels_match_portable(void)
{
    if (!REEL_AVX512_KERNELS || !avx512_usable())
        fprintf(stderr, "  (no AVX-512 here: only the portable loops run)\n");
    uint32_t seed = 4242;
    long bad = 0, frames = 0;
    for (int w = 1; w <= 1920; w = w < 80 ? w + 1 : 1920 + (w == 1920)) {
        for (int h = 2; h <= 3; h++) {
            uint8_t *bgra = malloc((size_t)w * h * 4);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    put_edgy_px(bgra, w * 4, x, y, &seed);
            for (int mi = 0; mi < 4; mi++)
                for (int sub = 0; sub < 2; sub++) {
                    mode m = all_modes[mi];
                    AVFrame *fast = frame_exact(fmt_for(m, sub != 0), w, h);
                    AVFrame *slow = frame_exact(fmt_for(m, sub != 0), w, h);
                    yuv_convert(bgra, w * 4, w, h, m.full, fast);
                    yuv_portable_kernels(true);
                    yuv_convert(bgra, w * 4, w, h, m.full, slow);
                    yuv_portable_kernels(false);
                    if (!planes_equal(fast, slow, w, h) && bad++ < 5)
                        fprintf(stderr, "  %dx%d bits %d full %d sub %d differs\n", w, h, m.bits, m.full, sub);
                    frames++;
                    frame_exact_free(&fast);
                    frame_exact_free(&slow);
                }
            free(bgra);
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(frames, 81 * 2 * 8);
}

/* The exhaustive and reference checks again on the portable loops alone. */
static void test_portable_kernels_alone(void)
{
    yuv_portable_kernels(true);
    test_every_color_every_mode();
    test_420_chroma_is_block_mean();
    test_odd_sizes();
    yuv_portable_kernels(false);
}

int main(void)
{
    RUN(test_supported_formats);
    RUN(test_known_colors);
    RUN(test_every_color_every_mode);
    RUN(test_textbook_formula_differs_only_at_ties);
    RUN(test_420_chroma_is_block_mean);
    RUN(test_odd_sizes);
    RUN(test_bands_match_whole_frame);
    RUN(test_area_matches_whole_frame);
    RUN(test_alpha_444_10bit);
    RUN(test_alpha_420_8bit);
    RUN(test_opaque_formats_ignore_alpha);
    RUN(test_vector_kernels_match_portable);
    RUN(test_portable_kernels_alone);
    return CHECK_EXIT();
}
