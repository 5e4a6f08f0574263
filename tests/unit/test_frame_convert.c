/* frame_convert: exact un-premultiplying into packed RGB, YUV through yuv.c
 * (and 4:2:2 made from it, checked against the BT.709 formula), and PAL8:
 * nearest color with its tie rule (against a brute-force search),
 * transparency, the palette in data[1], and deterministic ordered dithering
 * that leaves exact palette colors alone. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>

#include "check.h"
#include "media/frame_convert.h"
#include "media/yuv.h"

static AVFrame *alloc_frame(int fmt, int w, int h)
{
    AVFrame *f = av_frame_alloc();
    if (!f)
        return NULL;
    f->format = fmt;
    f->width = w;
    f->height = h;
    if (av_frame_get_buffer(f, 0) < 0)
        av_frame_free(&f);
    return f;
}

static void put(uint8_t *bgra, int w, int x, int y, int r, int g, int b, int a)
{
    uint8_t *p = bgra + 4 * (y * w + x);
    p[0] = (uint8_t)b;
    p[1] = (uint8_t)g;
    p[2] = (uint8_t)r;
    p[3] = (uint8_t)a;
}

static void test_supported(void)
{
    static const int yes[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVA420P, AV_PIX_FMT_YUV422P10LE,
                               AV_PIX_FMT_YUV444P10LE, AV_PIX_FMT_YUVA444P10LE, AV_PIX_FMT_BGRA,
                               AV_PIX_FMT_BGR0, AV_PIX_FMT_RGBA, AV_PIX_FMT_RGB24, AV_PIX_FMT_BGR24,
                               AV_PIX_FMT_PAL8 };
    static const int no[] = { AV_PIX_FMT_NV12, AV_PIX_FMT_GBRP, AV_PIX_FMT_RGB48BE, AV_PIX_FMT_NONE };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        CHECK(frame_convert_supported(yes[i]));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        CHECK(!frame_convert_supported(no[i]));
}

/* Every premultiplied (c, a) pair, c <= a: straight color is c*255/a rounded
 * half up, here computed as floor((2*255c + a) / 2a). */
static void test_rgb_unpremultiply_exact(void)
{
    enum { W = 256, H = 256 };
    uint8_t *bgra = malloc(W * H * 4);
    /* row a, column c: b = c, g = a - c, r = c / 2 (all <= a) */
    for (int a = 0; a < H; a++)
        for (int c = 0; c < W; c++) {
            int cc = c <= a ? c : a;
            put(bgra, W, c, a, cc / 2, a - cc, cc, a);
        }
    static const int fmts[] = { AV_PIX_FMT_BGRA, AV_PIX_FMT_RGBA };
    for (size_t k = 0; k < 2; k++) {
        AVFrame *f = alloc_frame(fmts[k], W, H);
        frame_convert(bgra, W * 4, W, H, &(convert_options){ 0 }, f);
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmts[k]);
        long bad = 0;
        for (int a = 0; a < H; a++)
            for (int c = 0; c < W; c++) {
                const uint8_t *p = f->data[0] + a * f->linesize[0] + 4 * c;
                int cc = c <= a ? c : a;
                int src[3] = { cc / 2, a - cc, cc };     /* r, g, b */
                for (int ch = 0; ch < 3; ch++) {
                    int want = a == 0 ? 0 : (2 * 255 * src[ch] + a) / (2 * a);
                    bad += p[d->comp[ch].offset] != want;
                }
                bad += p[d->comp[3].offset] != a;
            }
        CHECK_EQ_INT(bad, 0);
        av_frame_free(&f);
    }
    free(bgra);
}

/* Opaque RGB formats take the premultiplied color as it is (over black). */
static void test_rgb_opaque_formats(void)
{
    enum { W = 3, H = 1 };
    uint8_t bgra[W * H * 4];
    put(bgra, W, 0, 0, 255, 90, 31, 255);
    put(bgra, W, 1, 0, 100, 50, 25, 128);     /* half transparent: stays 100, 50, 25 */
    put(bgra, W, 2, 0, 0, 0, 0, 0);
    static const struct {
        int fmt, size, r, g, b, pad;
    } f[] = {
        { AV_PIX_FMT_BGR0, 4, 2, 1, 0, 3 }, { AV_PIX_FMT_RGB0, 4, 0, 1, 2, 3 },
        { AV_PIX_FMT_RGB24, 3, 0, 1, 2, -1 }, { AV_PIX_FMT_BGR24, 3, 2, 1, 0, -1 },
    };
    static const int want[W][3] = { { 255, 90, 31 }, { 100, 50, 25 }, { 0, 0, 0 } };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        AVFrame *fr = alloc_frame(f[k].fmt, W, H);
        memset(fr->data[0], 0x55, (size_t)fr->linesize[0]);
        frame_convert(bgra, W * 4, W, H, &(convert_options){ 0 }, fr);
        for (int x = 0; x < W; x++) {
            const uint8_t *p = fr->data[0] + x * f[k].size;
            CHECK_EQ_INT(p[f[k].r], want[x][0]);
            CHECK_EQ_INT(p[f[k].g], want[x][1]);
            CHECK_EQ_INT(p[f[k].b], want[x][2]);
            if (f[k].pad >= 0)
                CHECK_EQ_INT(p[f[k].pad], 255);
        }
        av_frame_free(&fr);
    }
}

/* YUV formats are yuv.c's output, byte for byte. */
static void test_yuv_delegates(void)
{
    enum { W = 34, H = 18 };
    uint8_t bgra[W * H * 4];
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int a = (x * 37 + y * 11) % 256;
            put(bgra, W, x, y, (x * 7) % (a + 1), (y * 13) % (a + 1), (x * y) % (a + 1), a);
        }
    static const int fmts[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVA420P, AV_PIX_FMT_YUV444P10LE,
                                AV_PIX_FMT_YUVA444P10LE };
    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
        for (int full = 0; full < 2; full++) {
            AVFrame *a = alloc_frame(fmts[k], W, H), *b = alloc_frame(fmts[k], W, H);
            frame_convert(bgra, W * 4, W, H, &(convert_options){ .full_range = full }, a);
            yuv_convert(bgra, W * 4, W, H, full, b);
            const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmts[k]);
            long diff = 0;
            for (int p = 0; p < d->nb_components; p++) {
                int sub = p == 1 || p == 2;
                int ph = sub ? AV_CEIL_RSHIFT(H, d->log2_chroma_h) : H;
                int pw = (sub ? AV_CEIL_RSHIFT(W, d->log2_chroma_w) : W) * (d->comp[p].depth > 8 ? 2 : 1);
                for (int y = 0; y < ph; y++)
                    diff += memcmp(a->data[p] + y * a->linesize[p], b->data[p] + y * b->linesize[p], (size_t)pw) != 0;
            }
            CHECK_EQ_INT(diff, 0);
            av_frame_free(&a);
            av_frame_free(&b);
        }
}

static int sample16(const AVFrame *f, int plane, int x, int y)
{
    const uint8_t *p = f->data[plane] + y * f->linesize[plane] + 2 * x;
    return p[0] | p[1] << 8;
}

/* 4:2:2 10-bit: luma is yuv.c's, chroma is the BT.709 matrix applied to the
 * mean of each horizontal pair, correctly rounded (checked with the formula
 * in double precision: the result must be within 1/2 of the exact value). */
static void test_yuv422_10bit(void)
{
    enum { W = 64, H = 5 };
    uint8_t bgra[W * H * 4];
    uint32_t seed = 12345;
    for (int i = 0; i < W * H; i++) {
        seed = seed * 1664525u + 1013904223u;
        put(bgra, W, i % W, i / W, (int)(seed >> 24), (int)(seed >> 16 & 0xff), (int)(seed >> 8 & 0xff), 255);
    }
    for (int full = 0; full < 2; full++) {
        AVFrame *f = alloc_frame(AV_PIX_FMT_YUV422P10LE, W, H), *ref = alloc_frame(AV_PIX_FMT_YUV444P10LE, W, H);
        frame_convert(bgra, W * 4, W, H, &(convert_options){ .full_range = full }, f);
        yuv_convert(bgra, W * 4, W, H, full, ref);
        long bad = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++)
                bad += sample16(f, 0, x, y) != sample16(ref, 0, x, y);
            for (int cx = 0; cx < W / 2; cx++) {
                double rgb[3] = { 0, 0, 0 };
                for (int k = 0; k < 2; k++) {
                    const uint8_t *p = bgra + 4 * (y * W + 2 * cx + k);
                    rgb[0] += p[2] / 510.0;
                    rgb[1] += p[1] / 510.0;
                    rgb[2] += p[0] / 510.0;
                }
                double yv = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
                double pb = (rgb[2] - yv) / 1.8556, pr = (rgb[0] - yv) / 1.5748;
                double scale = full ? 1023.0 : 896.0;
                double cb = 512 + scale * pb, cr = 512 + scale * pr;
                bad += fabs(sample16(f, 1, cx, y) - cb) > 0.5 + 1e-9;
                bad += fabs(sample16(f, 2, cx, y) - cr) > 0.5 + 1e-9;
            }
        }
        CHECK_EQ_INT(bad, 0);
        av_frame_free(&f);
        av_frame_free(&ref);
    }
}

/* ---- PAL8 ---- */

static int brute_nearest(const palette *p, int r, int g, int b)
{
    long best = -1;
    int bi = 0;
    for (int i = 0; i < p->count; i++) {
        if (i == p->transparent_index)
            continue;
        uint32_t c = p->colors[i];
        long dr = r - (int)(c >> 16 & 255), dg = g - (int)(c >> 8 & 255), db = b - (int)(c & 255);
        long d = dr * dr + dg * dg + db * db;
        if (best < 0 || d < best) {
            best = d;
            bi = i;
        }
    }
    return bi;
}

static void test_pal8_nearest_and_ties(void)
{
    palette p = { .count = 5, .transparent_index = -1 };
    p.colors[0] = 0xFFFF5A1Fu;    /* brand orange */
    p.colors[1] = 0xFF0B1F3Au;    /* brand navy */
    p.colors[2] = 0xFF000000u;
    p.colors[3] = 0xFF020000u;
    p.colors[4] = 0xFF000000u;    /* duplicate of 2: never chosen */
    enum { W = 6, H = 1 };
    uint8_t bgra[W * H * 4];
    put(bgra, W, 0, 0, 255, 90, 31, 255);
    put(bgra, W, 1, 0, 11, 31, 58, 255);
    put(bgra, W, 2, 0, 1, 0, 0, 255);      /* 1 from both 2 and 3: the lower index */
    put(bgra, W, 3, 0, 2, 0, 0, 255);
    put(bgra, W, 4, 0, 250, 100, 40, 255);
    put(bgra, W, 5, 0, 0, 0, 0, 0);        /* transparent, but no transparent entry: black */
    AVFrame *f = alloc_frame(AV_PIX_FMT_PAL8, W, H);
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p }, f);
    static const int want[W] = { 0, 1, 2, 3, 0, 2 };
    for (int x = 0; x < W; x++)
        CHECK_EQ_INT(f->data[0][x], want[x]);
    /* the palette as libavcodec wants it: ARGB words, unused entries opaque black */
    const uint32_t *pal = (const uint32_t *)(void *)f->data[1];
    for (int i = 0; i < 256; i++)
        CHECK_EQ_INT(pal[i], i < p.count ? p.colors[i] : 0xFF000000u);
    /* the tie goes to the lower index whichever color it is */
    p.colors[2] = 0xFF020000u;
    p.colors[3] = 0xFF000000u;
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p }, f);
    CHECK_EQ_INT(f->data[0][2], 2);
    CHECK_EQ_INT(f->data[0][3], 2);
    CHECK_EQ_INT(f->data[0][5], 3);
    av_frame_free(&f);
}

/* The accelerated search gives the brute-force answer for every pixel. */
static void test_pal8_matches_brute_force(void)
{
    enum { W = 256, H = 128 };
    uint32_t seed = 99;
    palette p = { .count = 256, .transparent_index = -1 };
    for (int i = 0; i < 256; i++) {
        seed = seed * 1664525u + 1013904223u;
        /* coarse values, so that exact ties happen */
        uint32_t r = (seed >> 24) & 0xF0, g = (seed >> 16) & 0xF0, b = (seed >> 8) & 0xF0;
        p.colors[i] = 0xFF000000u | r << 16 | g << 8 | b;
    }
    uint8_t *bgra = malloc(W * H * 4);
    for (int i = 0; i < W * H; i++) {
        seed = seed * 1664525u + 1013904223u;
        put(bgra, W, i % W, i / W, (int)(seed >> 24), (int)(seed >> 16 & 0xff), (int)(seed >> 8 & 0xff), 255);
    }
    AVFrame *f = alloc_frame(AV_PIX_FMT_PAL8, W, H);
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p }, f);
    long bad = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            const uint8_t *s = bgra + 4 * (y * W + x);
            bad += f->data[0][y * f->linesize[0] + x] != brute_nearest(&p, s[2], s[1], s[0]);
        }
    CHECK_EQ_INT(bad, 0);
    av_frame_free(&f);
    free(bgra);
}

static void test_pal8_transparency(void)
{
    palette p = { .count = 3, .transparent_index = 0 };
    p.colors[0] = 0x00000000u;
    p.colors[1] = 0xFFFF5A1Fu;
    p.colors[2] = 0xFF0B1F3Au;
    enum { W = 5, H = 1 };
    uint8_t bgra[W * H * 4];
    put(bgra, W, 0, 0, 0, 0, 0, 0);
    put(bgra, W, 1, 0, 5, 2, 1, 127);      /* below 128: transparent */
    put(bgra, W, 2, 0, 128, 45, 16, 128);  /* orange at half alpha: un-premultiplied, orange */
    put(bgra, W, 3, 0, 11, 31, 58, 255);
    put(bgra, W, 4, 0, 0, 0, 0, 255);      /* black: nearer navy than orange; never the transparent entry */
    AVFrame *f = alloc_frame(AV_PIX_FMT_PAL8, W, H);
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p }, f);
    static const int want[W] = { 0, 0, 1, 2, 2 };
    for (int x = 0; x < W; x++)
        CHECK_EQ_INT(f->data[0][x], want[x]);
    const uint32_t *pal = (const uint32_t *)(void *)f->data[1];
    CHECK_EQ_INT(pal[0], 0x00000000u);
    CHECK_EQ_INT(pal[1], 0xFFFF5A1Fu);
    CHECK_EQ_INT(pal[3], 0xFF000000u);
    av_frame_free(&f);
}

/* A horizontal gray ramp, 96 to 159. */
static void ramp_frame(uint8_t *bgra, int w, int h)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int v = 96 + x * 64 / w;
            put(bgra, w, x, y, v, v, v, 255);
        }
}

static void test_pal8_dither(void)
{
    enum { W = 64, H = 16 };
    /* grays 96, 112, ..., 160 at indices 0-4, orange, and a shade 6 darker */
    palette p = { .count = 7, .transparent_index = -1 };
    for (int i = 0; i < 5; i++) {
        uint32_t v = 96 + 16 * (uint32_t)i;
        p.colors[i] = 0xFF000000u | v << 16 | v << 8 | v;
    }
    p.colors[5] = 0xFFFF5A1Fu;
    p.colors[6] = 0xFFF95419u;
    uint8_t bgra[W * H * 4];
    ramp_frame(bgra, W, H);
    AVFrame *a = alloc_frame(AV_PIX_FMT_PAL8, W, H), *b = alloc_frame(AV_PIX_FMT_PAL8, W, H);
    AVFrame *plain = alloc_frame(AV_PIX_FMT_PAL8, W, H);
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p, .dither = true }, a);
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p, .dither = true }, b);
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p }, plain);
    long same = 0, differs_from_plain = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t ia = a->data[0][y * a->linesize[0] + x], ib = b->data[0][y * b->linesize[0] + x];
            uint8_t ip = plain->data[0][y * plain->linesize[0] + x];
            same += ia == ib;
            differs_from_plain += ia != ip;
            CHECK(ia < 5);
        }
    CHECK_EQ_INT(same, W * H);                  /* deterministic */
    CHECK(differs_from_plain > 0);              /* it does dither */
    /* Each 8x8 block's mean follows the ramp more closely with dithering
     * than without (about half the error here). */
    double err_dither = 0, err_plain = 0;
    for (int by = 0; by < H; by += 8)
        for (int bx = 0; bx < W; bx += 8) {
            double ed = 0, ep = 0;
            for (int y = by; y < by + 8; y++)
                for (int x = bx; x < bx + 8; x++) {
                    int v = 96 + x * 64 / W;
                    ed += 96 + 16 * a->data[0][y * a->linesize[0] + x] - v;
                    ep += 96 + 16 * plain->data[0][y * plain->linesize[0] + x] - v;
                }
            err_dither += fabs(ed / 64);
            err_plain += fabs(ep / 64);
        }
    CHECK(err_dither < err_plain * 0.6);
    /* at gray 124 (column 28) the offsets -8..7 of the Bayer matrix pick 112
     * or 128 row by row: thresholds 2, 50, 14, 62, ... give -8, 4, -5, 7, ... */
    static const int column28[8] = { 1, 2, 1, 2, 1, 2, 1, 2 };
    for (int y = 0; y < 8; y++)
        CHECK_EQ_INT(a->data[0][y * a->linesize[0] + 28], column28[y]);

    /* exact palette colors stay flat under dithering */
    for (int i = 0; i < W * H; i++)
        put(bgra, W, i % W, i / W, 255, 90, 31, 255);
    frame_convert(bgra, W * 4, W, H, &(convert_options){ .pal = &p, .dither = true }, a);
    long orange = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            orange += a->data[0][y * a->linesize[0] + x] == 5;
    CHECK_EQ_INT(orange, W * H);
    av_frame_free(&a);
    av_frame_free(&b);
    av_frame_free(&plain);
}

/* Without a palette, PAL8 maps everything to black rather than failing. */
static void test_pal8_without_palette(void)
{
    uint8_t bgra[4 * 4];
    for (int i = 0; i < 4; i++)
        put(bgra, 4, i, 0, 200, 100, 50, 255);
    AVFrame *f = alloc_frame(AV_PIX_FMT_PAL8, 4, 1);
    frame_convert(bgra, 16, 4, 1, NULL, f);
    for (int x = 0; x < 4; x++)
        CHECK_EQ_INT(f->data[0][x], 0);
    CHECK_EQ_INT(((const uint32_t *)(void *)f->data[1])[0], 0xFF000000u);
    av_frame_free(&f);
}

int main(void)
{
    RUN(test_supported);
    RUN(test_rgb_unpremultiply_exact);
    RUN(test_rgb_opaque_formats);
    RUN(test_yuv_delegates);
    RUN(test_yuv422_10bit);
    RUN(test_pal8_nearest_and_ties);
    RUN(test_pal8_matches_brute_force);
    RUN(test_pal8_transparency);
    RUN(test_pal8_dither);
    RUN(test_pal8_without_palette);
    return CHECK_EXIT();
}
