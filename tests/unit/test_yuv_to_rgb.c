/* YUV -> BGRA checked against the textbook formula.
 *
 * The reference computes the formula of yuv_to_rgb.c's header in double
 * precision and rounds half up. Where the double lands within 1e-6 of a
 * rounding boundary it cannot tell an exact tie (which rounds up) from a value
 * just below one, so there an exact integer version of the same formula
 * decides. The converter must equal the reference everywhere: every Y, Cb, Cr
 * triple of 4:4:4 for every matrix and range, every luma and chroma numerator
 * of the interpolated cases along full sweeps plus a dense random sample, and
 * whole frames in every layout and siting against an independent bilinear
 * interpolation written from the sample positions. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <libavutil/frame.h>
#include <libavutil/mem.h>
#include <libavutil/pixfmt.h>

#include "check.h"
#include "media/yuv.h"
#include "media/row_kernel.h"
#include "media/yuv_to_rgb.h"

/* Set while the checks run again on the plain C loops (see the end). */
static bool portable;

__extension__ typedef __int128 i128;

/* The matrices with Kr, Kb in units of 1/10000. */
typedef struct matrix {
    int id;
    int kr, kb;
    const char *name;
} matrix;

static const matrix matrices[] = {
    { AVCOL_SPC_BT709, 2126, 722, "bt709" },
    { AVCOL_SPC_BT470BG, 2990, 1140, "bt470bg" },
    { AVCOL_SPC_SMPTE170M, 2990, 1140, "smpte170m" },
    { AVCOL_SPC_FCC, 3000, 1100, "fcc" },
    { AVCOL_SPC_SMPTE240M, 2120, 870, "smpte240m" },
    { AVCOL_SPC_BT2020_NCL, 2627, 593, "bt2020nc" },
};
enum { N_MATRICES = sizeof matrices / sizeof matrices[0] };

static long ties_seen;

/* ---- Reference ------------------------------------------------------------ */

static long clamp255(long v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

static i128 floor_div(i128 a, i128 b)
{
    i128 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Exact: each channel times den = yd 10000 kg cd w is an integer. */
static void ref_exact(const matrix *m, bool full, int w, int y, int nb, int nr, long out[3])
{
    const i128 T = 10000, kr = m->kr, kb = m->kb, kg = T - kr - kb;
    const i128 yd = full ? 255 : 219, cd = full ? 255 : 224, yo = full ? 0 : 16;
    const i128 den = yd * T * kg * cd * w;
    i128 yt = (y - yo) * T * kg * cd * w, pb = (i128)nb - 128 * w, pr = (i128)nr - 128 * w;
    i128 num[3] = {
        255 * (yt + 2 * (T - kb) * kg * yd * pb),
        255 * (yt - 2 * kb * (T - kb) * yd * pb - 2 * kr * (T - kr) * yd * pr),
        255 * (yt + 2 * (T - kr) * kg * yd * pr),
    };
    for (int c = 0; c < 3; c++)
        out[c] = clamp255((long)floor_div(2 * num[c] + den, 2 * den));
}

/* B, G, R of luma y and chroma nb / w, nr / w. */
static void ref_bgr(const matrix *m, bool full, int w, int y, int nb, int nr, long out[3])
{
    double kr = m->kr / 10000.0, kb = m->kb / 10000.0, kg = 1 - kr - kb;
    double yy = full ? y / 255.0 : (y - 16) / 219.0, cs = full ? 255.0 : 224.0;
    double pb = ((double)nb / w - 128) / cs, pr = ((double)nr / w - 128) / cs;
    double v[3] = { yy + 2 * (1 - kb) * pb, yy - (2 * kb * (1 - kb) * pb + 2 * kr * (1 - kr) * pr) / kg,
                    yy + 2 * (1 - kr) * pr };
    bool near_tie = false;
    for (int c = 0; c < 3; c++) {
        double t = 255 * v[c] + 0.5, f = floor(t);
        near_tie |= t - f < 1e-6 || f + 1 - t < 1e-6;
        out[c] = clamp255((long)f);
    }
    if (near_tie) {
        ties_seen++;
        ref_exact(m, full, w, y, nb, nr, out);
    }
}

/* ---- Frames --------------------------------------------------------------- */

/* A frame whose planes are exactly as large as the format needs, no padding,
 * so AddressSanitizer sees any read past the end. */
static AVFrame *frame_exact(int fmt, int w, int h)
{
    AVFrame *f = av_frame_alloc();
    f->format = fmt;
    f->width = w;
    f->height = h;
    int cw = fmt == AV_PIX_FMT_YUV444P ? w : (w + 1) / 2;
    int ch = fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_NV12 ? (h + 1) / 2 : h;
    int planes = fmt == AV_PIX_FMT_NV12 ? 2 : 3;
    for (int p = 0; p < planes; p++) {
        f->linesize[p] = p == 0 ? w : fmt == AV_PIX_FMT_NV12 ? 2 * cw : cw;
        size_t size = (size_t)f->linesize[p] * (size_t)(p == 0 ? h : ch);
        f->data[p] = av_malloc(size);
        memset(f->data[p], 0, size);
    }
    return f;
}

static void frame_exact_free(AVFrame **f)
{
    for (int p = 0; p < 4; p++)
        av_freep(&(*f)->data[p]);
    av_frame_free(f);
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* Converts one pixel of 4:4:4; out is B, G, R, A. */
static void convert_one(int matrix_id, bool full, int y, int cb, int cr, uint8_t out[4])
{
    AVFrame *f = frame_exact(AV_PIX_FMT_YUV444P, 1, 1);
    f->data[0][0] = (uint8_t)y;
    f->data[1][0] = (uint8_t)cb;
    f->data[2][0] = (uint8_t)cr;
    yuv_rgb_params p = { AV_PIX_FMT_YUV444P, matrix_id, full, AVCHROMA_LOC_UNSPECIFIED, portable };
    CHECK(yuv_to_rgb(f, &p, out, 4));
    frame_exact_free(&f);
}

#define CHECK_BGRA(px, b, g, r) do { CHECK_EQ_INT((px)[0], (b)); CHECK_EQ_INT((px)[1], (g)); \
    CHECK_EQ_INT((px)[2], (r)); CHECK_EQ_INT((px)[3], 255); } while (0)

/* ---- Tests ---------------------------------------------------------------- */

static void test_supported(void)
{
    CHECK(yuv_to_rgb_supported(AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709));
    CHECK(yuv_to_rgb_supported(AV_PIX_FMT_YUV422P, AVCOL_SPC_SMPTE170M));
    CHECK(yuv_to_rgb_supported(AV_PIX_FMT_YUV444P, AVCOL_SPC_BT2020_NCL));
    CHECK(yuv_to_rgb_supported(AV_PIX_FMT_NV12, AVCOL_SPC_FCC));
    CHECK(!yuv_to_rgb_supported(AV_PIX_FMT_YUV420P, AVCOL_SPC_BT2020_CL));
    CHECK(!yuv_to_rgb_supported(AV_PIX_FMT_YUV420P, AVCOL_SPC_UNSPECIFIED));
    CHECK(!yuv_to_rgb_supported(AV_PIX_FMT_YUV420P, AVCOL_SPC_YCGCO));
    CHECK(!yuv_to_rgb_supported(AV_PIX_FMT_YUVJ420P, AVCOL_SPC_BT709));   /* callers map it */
    CHECK(!yuv_to_rgb_supported(AV_PIX_FMT_YUVA420P, AVCOL_SPC_BT709));
    CHECK(!yuv_to_rgb_supported(AV_PIX_FMT_YUV420P10LE, AVCOL_SPC_BT709));
    CHECK(!yuv_to_rgb_supported(AV_PIX_FMT_RGB24, AVCOL_SPC_BT709));
    uint8_t px[4];
    AVFrame *f = frame_exact(AV_PIX_FMT_YUV444P, 1, 1);
    yuv_rgb_params p = { AV_PIX_FMT_YUV420P10LE, AVCOL_SPC_BT709, false, 0, portable };
    CHECK(!yuv_to_rgb(f, &p, px, 4));
    frame_exact_free(&f);
}

static void test_black_white_gray(void)
{
    uint8_t px[4];
    for (size_t i = 0; i < N_MATRICES; i++) {
        int id = matrices[i].id;
        convert_one(id, false, 16, 128, 128, px);
        CHECK_BGRA(px, 0, 0, 0);
        convert_one(id, false, 235, 128, 128, px);
        CHECK_BGRA(px, 255, 255, 255);
        convert_one(id, true, 0, 128, 128, px);
        CHECK_BGRA(px, 0, 0, 0);
        convert_one(id, true, 255, 128, 128, px);
        CHECK_BGRA(px, 255, 255, 255);
        /* limited mid gray 126: 255 * 110 / 219 = 128.08 */
        convert_one(id, false, 126, 128, 128, px);
        CHECK_BGRA(px, 128, 128, 128);
        convert_one(id, true, 128, 128, 128, px);
        CHECK_BGRA(px, 128, 128, 128);
        /* limited range footroom and headroom clamp */
        convert_one(id, false, 0, 128, 128, px);
        CHECK_BGRA(px, 0, 0, 0);
        convert_one(id, false, 255, 128, 128, px);
        CHECK_BGRA(px, 255, 255, 255);
    }
    /* 255 * (17 - 16) / 219 = 1.16 and 255 * 234 / 219 ... = 253.84 */
    convert_one(AVCOL_SPC_BT709, false, 17, 128, 128, px);
    CHECK_BGRA(px, 1, 1, 1);
    convert_one(AVCOL_SPC_BT709, false, 234, 128, 128, px);
    CHECK_BGRA(px, 254, 254, 254);
}

/* Primaries and secondaries encoded with the forward textbook formula
 * (BT.709 limited: red is Y 63, Cb 102, Cr 240) decode back to within one:
 * quantizing Y, Cb and Cr to 8 bits moves a channel by up to one. */
static void test_primaries(void)
{
    static const int rgb[][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 }, { 255, 255, 0 },
                                  { 0, 255, 255 }, { 255, 0, 255 }, { 255, 90, 31 } };
    for (int mi = 0; mi < 2; mi++) {
        const matrix *m = &matrices[mi];       /* BT.709, BT.601 */
        double kr = m->kr / 10000.0, kb = m->kb / 10000.0, kg = 1 - kr - kb;
        for (int full = 0; full < 2; full++)
            for (size_t i = 0; i < sizeof rgb / sizeof rgb[0]; i++) {
                double r = rgb[i][0] / 255.0, g = rgb[i][1] / 255.0, b = rgb[i][2] / 255.0;
                double y = kr * r + kg * g + kb * b;
                double pb = (b - y) / (2 * (1 - kb)), pr = (r - y) / (2 * (1 - kr));
                int Y = (int)floor((full ? 255 * y : 16 + 219 * y) + 0.5);
                int U = (int)clamp255((long)floor(128 + (full ? 255 : 224) * pb + 0.5));
                int V = (int)clamp255((long)floor(128 + (full ? 255 : 224) * pr + 0.5));
                if (mi == 0 && !full && i == 0) {
                    CHECK_EQ_INT(Y, 63);
                    CHECK_EQ_INT(U, 102);
                    CHECK_EQ_INT(V, 240);
                }
                uint8_t px[4];
                convert_one(m->id, full != 0, Y, U, V, px);
                for (int c = 0; c < 3; c++)
                    if (abs(px[2 - c] - rgb[i][c]) > 1) {
                        fprintf(stderr, "  %s full %d rgb(%d,%d,%d) -> YUV(%d,%d,%d) -> %d,%d,%d\n", m->name,
                                full, rgb[i][0], rgb[i][1], rgb[i][2], Y, U, V, px[2], px[1], px[0]);
                        CHECK(false);
                        break;
                    }
            }
    }
    /* by hand, BT.709 limited Y 63 Cb 102 Cr 240: R = 255 (47 / 219 + 1.5748 * 112 / 224)
     * = 255.51 -> 255; G = 255 (47 / 219 - (0.18732 * -26 + 0.46812 * 112) / 224) = 0.59 -> 1;
     * B = 255 (47 / 219 + 1.8556 * -26 / 224) = -0.20 -> 0 */
    uint8_t px[4];
    convert_one(AVCOL_SPC_BT709, false, 63, 102, 240, px);
    CHECK_BGRA(px, 0, 1, 255);
}

/* Every 8-bit color through yuv.c's BT.709 encoder and back comes within
 * one quantization step: 2 at limited range (Cb's step is 255 * 1.8556 / 224
 * = 2.1 in blue), 1 at full range. */
static void test_round_trip_through_encoder(void)
{
    enum { W = 4096, H = 256 };
    uint8_t *bgra = malloc((size_t)W * H * 4), *back = malloc((size_t)W * H * 4);
    for (int full = 0; full < 2; full++) {
        AVFrame *f = frame_exact(AV_PIX_FMT_YUV444P, W, H);
        int maxd = 0;
        for (uint32_t strip = 0; strip < (1u << 24) / (W * H); strip++) {
            for (uint32_t i = 0; i < W * H; i++) {
                uint32_t rgb = strip * W * H + i;
                uint8_t *p = bgra + 4 * (size_t)i;
                p[0] = (uint8_t)rgb;
                p[1] = (uint8_t)(rgb >> 8);
                p[2] = (uint8_t)(rgb >> 16);
                p[3] = 255;
            }
            yuv_convert(bgra, W * 4, W, H, full != 0, f);
            yuv_rgb_params p = { AV_PIX_FMT_YUV444P, AVCOL_SPC_BT709, full != 0, 0, portable };
            CHECK(yuv_to_rgb(f, &p, back, W * 4));
            for (size_t i = 0; i < (size_t)W * H * 4; i++) {
                int d = abs(back[i] - bgra[i]);
                maxd = d > maxd ? d : maxd;
            }
        }
        CHECK_EQ_INT(maxd, full ? 1 : 2);
        frame_exact_free(&f);
    }
    free(bgra);
    free(back);
}

/* All 2^24 Y, Cb, Cr triples of 4:4:4 in every matrix and range. */
static void test_every_444_triple(void)
{
    enum { W = 4096, H = 256 };
    AVFrame *f = frame_exact(AV_PIX_FMT_YUV444P, W, H);
    uint8_t *out = malloc((size_t)W * H * 4);
    long bad = 0;
    ties_seen = 0;
    for (size_t mi = 0; mi < N_MATRICES; mi++) {
        if (matrices[mi].id == AVCOL_SPC_SMPTE170M)
            continue;                   /* the same weights as BT470BG */
        for (int full = 0; full < 2; full++) {
            yuv_rgb_params p = { AV_PIX_FMT_YUV444P, matrices[mi].id, full != 0, 0, portable };
            for (uint32_t strip = 0; strip < (1u << 24) / (W * H); strip++) {
                for (uint32_t i = 0; i < W * H; i++) {
                    uint32_t t = strip * W * H + i;
                    f->data[0][i] = (uint8_t)(t >> 16);
                    f->data[1][i] = (uint8_t)(t >> 8);
                    f->data[2][i] = (uint8_t)t;
                }
                CHECK(yuv_to_rgb(f, &p, out, W * 4));
                for (uint32_t i = 0; i < W * H; i++) {
                    long want[3];
                    ref_bgr(&matrices[mi], full != 0, 1, f->data[0][i], f->data[1][i], f->data[2][i], want);
                    for (int c = 0; c < 3; c++)
                        if (out[4 * (size_t)i + c] != want[c] && bad++ < 5)
                            fprintf(stderr, "  %s full %d YUV(%d,%d,%d) channel %d: %d, expected %ld\n",
                                    matrices[mi].name, full, f->data[0][i], f->data[1][i], f->data[2][i],
                                    c, out[4 * (size_t)i + c], want[c]);
                    bad += out[4 * (size_t)i + 3] != 255;
                }
            }
        }
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(ties_seen > 0);               /* the exact tie-breaking path was exercised */
    frame_exact_free(&f);
    free(out);
}

/* The matrix on interpolated chroma (numerators over w = 2..16): every luma
 * value against every chroma numerator (Cb rising while Cr falls), then
 * random triples. */
static void test_interpolated_numerators(void)
{
    enum { N = 4096, RANDOM = 1 << 18 };
    uint8_t y[N], out[4 * N];
    uint16_t cb[N], cr[N];
    uint32_t seed = 2024;
    long bad = 0;
    for (size_t mi = 0; mi < N_MATRICES; mi++)
        for (int full = 0; full < 2; full++)
            for (int w = 2; w <= 16; w *= 2) {
                const matrix *m = &matrices[mi];
                int nmax = 255 * w;
                for (int yv = 0; yv < 256; yv++)
                    for (int n0 = 0; n0 <= nmax; n0 += N) {
                        int n = nmax + 1 - n0 < N ? nmax + 1 - n0 : N;
                        for (int i = 0; i < n; i++) {
                            y[i] = (uint8_t)yv;
                            cb[i] = (uint16_t)(n0 + i);
                            cr[i] = (uint16_t)(nmax - n0 - i);
                        }
                        CHECK(yuv_to_rgb_matrix_row(m->id, full != 0, w, portable, y, cb, cr, n, out));
                        for (int i = 0; i < n; i++) {
                            long want[3];
                            ref_bgr(m, full != 0, w, y[i], cb[i], cr[i], want);
                            for (int c = 0; c < 3; c++)
                                bad += out[4 * i + c] != want[c];
                        }
                    }
                for (int r0 = 0; r0 < RANDOM; r0 += N) {
                    for (int i = 0; i < N; i++) {
                        y[i] = (uint8_t)lcg(&seed);
                        cb[i] = (uint16_t)(lcg(&seed) % (uint32_t)(nmax + 1));
                        cr[i] = (uint16_t)(lcg(&seed) % (uint32_t)(nmax + 1));
                    }
                    CHECK(yuv_to_rgb_matrix_row(m->id, full != 0, w, portable, y, cb, cr, N, out));
                    for (int i = 0; i < N; i++) {
                        long want[3];
                        ref_bgr(m, full != 0, w, y[i], cb[i], cr[i], want);
                        for (int c = 0; c < 3; c++)
                            bad += out[4 * i + c] != want[c];
                    }
                }
            }
    CHECK_EQ_INT(bad, 0);
    CHECK(!yuv_to_rgb_matrix_row(AVCOL_SPC_BT709, false, 3, portable, y, cb, cr, 1, out));
    CHECK(!yuv_to_rgb_matrix_row(AVCOL_SPC_BT709, false, 32, portable, y, cb, cr, 1, out));
}

static i128 gcd128(i128 a, i128 b)
{
    a = a < 0 ? -a : a;
    b = b < 0 ? -b : b;
    while (b) {
        i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static i128 lcm_den(i128 l, i128 num, i128 den)
{
    i128 d = den / gcd128(num, den);
    return l / gcd128(l, d) * d;
}

/* yuv_to_rgb.c's argument, recomputed with its parameters: with err the
 * bound on the fixed-point error in units of 2^-bits and D the common
 * denominator of all exact values, err * D < 2^bits for every matrix, range
 * and interpolation weight; and the biased values stay in 0 .. 2^(64 - bits). */
static void test_exactness_margin(void)
{
    const int bits = YUV_RGB_FRACTION_BITS;
    double worst = 0;
    for (size_t mi = 0; mi < N_MATRICES; mi++)
        for (int full = 0; full < 2; full++)
            for (int w = 1; w <= 16; w *= 2) {
                const i128 T = 10000, kr = matrices[mi].kr, kb = matrices[mi].kb, kg = T - kr - kb;
                const i128 yd = full ? 255 : 219, cd = full ? 255 : 224, yo = full ? 0 : 16;
                /* coefficients of Y, nb, nr in output units, and the constant
                 * (with the 1/2 of rounding), per channel B, G, R */
                i128 cnum[3][3] = {
                    { 255 * cd * T * kg * w, 255 * 2 * (T - kb) * kg * yd, 0 },
                    { 255 * cd * T * kg * w, -255 * 2 * kb * (T - kb) * yd, -255 * 2 * kr * (T - kr) * yd },
                    { 255 * cd * T * kg * w, 0, 255 * 2 * (T - kr) * kg * yd },
                };
                i128 den = yd * cd * T * kg * w;
                for (int c = 0; c < 3; c++) {
                    i128 k2 = -2 * cnum[c][0] * yo - 256 * (i128)w * (cnum[c][1] + cnum[c][2]) + den;
                    i128 D = 1;
                    for (int t = 0; t < 3; t++)
                        if (cnum[c][t])
                            D = lcm_den(D, cnum[c][t], den);
                    D = lcm_den(D, k2, 2 * den);
                    long err = (full ? 0 : 255) + (cnum[c][1] ? 255 * w : 0) + (cnum[c][2] ? 255 * w : 0) + 1;
                    CHECK(err * D < (i128)1 << bits);
                    double ratio = (double)(err * D) / (double)((i128)1 << bits);
                    worst = ratio > worst ? ratio : worst;
                    /* the value's extremes (times den) at the corners of the input cube */
                    i128 lo = -cnum[c][0] * yo, hi = cnum[c][0] * (255 - yo);
                    for (int t = 1; t < 3; t++) {
                        i128 a = cnum[c][t] * -128 * w, b = cnum[c][t] * 127 * w;
                        lo += a < b ? a : b;
                        hi += a < b ? b : a;
                    }
                    CHECK(lo + YUV_RGB_BIAS * den > 0);
                    CHECK(hi + (YUV_RGB_BIAS + 1) * den < ((i128)1 << (64 - bits)) * den);
                }
            }
    CHECK(worst > 0.2 && worst < 0.3);      /* BT.2020 limited G at w = 16 */
}

/* 4x4 4:2:0, chroma rows (10, 50), (90, 250) for Cb and (200, 20), (120, 0)
 * for Cr; the numerators worked out by hand from the sample positions. */
static void test_siting_by_hand(void)
{
    static const uint16_t left_cb[4][4] = {    /* over 8 */
        { 80, 240, 400, 400 }, { 240, 520, 800, 800 }, { 560, 1080, 1600, 1600 }, { 720, 1360, 2000, 2000 } };
    static const uint16_t left_cr[4][4] = {
        { 1600, 880, 160, 160 }, { 1440, 780, 120, 120 }, { 1120, 580, 40, 40 }, { 960, 480, 0, 0 } };
    static const uint16_t center_cb[4][4] = {  /* over 16 */
        { 160, 320, 640, 800 }, { 480, 760, 1320, 1600 }, { 1120, 1640, 2680, 3200 }, { 1440, 2080, 3360, 4000 } };
    static const uint16_t center_cr[4][4] = {
        { 3200, 2480, 1040, 320 }, { 2880, 2220, 900, 240 }, { 2240, 1700, 620, 80 }, { 1920, 1440, 480, 0 } };
    static const uint16_t topleft_cb[4][4] = { /* over 4 */
        { 40, 120, 200, 200 }, { 200, 400, 600, 600 }, { 360, 680, 1000, 1000 }, { 360, 680, 1000, 1000 } };
    static const uint16_t topleft_cr[4][4] = {
        { 800, 440, 80, 80 }, { 640, 340, 40, 40 }, { 480, 240, 0, 0 }, { 480, 240, 0, 0 } };
    static const struct { int loc, w; const uint16_t (*cb)[4], (*cr)[4]; } cases[] = {
        { AVCHROMA_LOC_LEFT, 8, left_cb, left_cr },
        { AVCHROMA_LOC_UNSPECIFIED, 8, left_cb, left_cr },
        { AVCHROMA_LOC_CENTER, 16, center_cb, center_cr },
        { AVCHROMA_LOC_TOPLEFT, 4, topleft_cb, topleft_cr },
    };
    AVFrame *f = frame_exact(AV_PIX_FMT_YUV420P, 4, 4);
    memset(f->data[0], 128, 16);
    const uint8_t cb[4] = { 10, 50, 90, 250 }, cr[4] = { 200, 20, 120, 0 };
    memcpy(f->data[1], cb, 4);
    memcpy(f->data[2], cr, 4);
    const uint8_t luma[4] = { 128, 128, 128, 128 };
    for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
        uint8_t out[4 * 16], want[4 * 4];
        yuv_rgb_params p = { AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, true, cases[ci].loc, portable };
        CHECK(yuv_to_rgb(f, &p, out, 16));
        for (int y = 0; y < 4; y++) {
            CHECK(yuv_to_rgb_matrix_row(AVCOL_SPC_BT709, true, cases[ci].w, portable, luma, cases[ci].cb[y],
                                        cases[ci].cr[y], 4, want));
            CHECK(memcmp(out + 16 * y, want, 16) == 0);
        }
    }
    /* LEFT at (1, 1): Cb = 520 / 8 = 65, Cr = 780 / 8 = 97.5, Y 128, full range:
     * B = 128 + 1.8556 (65 - 128) = 11.10, R = 128 + 1.5748 (97.5 - 128) = 79.97,
     * G = 128 - 0.18732 (65 - 128) - 0.46812 (97.5 - 128) = 154.08 */
    uint8_t out[4 * 16];
    yuv_rgb_params p = { AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, true, AVCHROMA_LOC_LEFT, portable };
    CHECK(yuv_to_rgb(f, &p, out, 16));
    CHECK_BGRA(out + 16 + 4, 11, 154, 80);
    frame_exact_free(&f);
}

/* Chroma numerator over 16 at luma (x, y) from plane c (cw x ch), by the
 * sample positions: chroma column i sits at luma x = 2i + hoff (hoff 0 or
 * 1/2), row j at y = 2j + voff (voff 0, 1/2 or 1); bilinear weights in
 * quarters, positions outside the plane clamped to its border. */
static int interp16(const uint8_t *c, ptrdiff_t stride, int step, int cw, int ch, bool sub_w, bool sub_h,
                    int hoff4, int voff4, int x, int y)
{
    int xs[2], ys[2], wx[2], wy[2];
    if (sub_w) {
        int t4 = 2 * x - hoff4 / 2, i0 = t4 >= 0 ? t4 / 4 : -((3 - t4) / 4), f4 = t4 - 4 * i0;
        xs[0] = i0; xs[1] = i0 + 1; wx[0] = 4 - f4; wx[1] = f4;
    } else {
        xs[0] = xs[1] = x; wx[0] = 4; wx[1] = 0;
    }
    if (sub_h) {
        int t4 = 2 * y - voff4 / 2, j0 = t4 >= 0 ? t4 / 4 : -((3 - t4) / 4), f4 = t4 - 4 * j0;
        ys[0] = j0; ys[1] = j0 + 1; wy[0] = 4 - f4; wy[1] = f4;
    } else {
        ys[0] = ys[1] = y; wy[0] = 4; wy[1] = 0;
    }
    int sum = 0;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            int xx = xs[b] < 0 ? 0 : xs[b] >= cw ? cw - 1 : xs[b];
            int yy = ys[a] < 0 ? 0 : ys[a] >= ch ? ch - 1 : ys[a];
            sum += wy[a] * wx[b] * c[(ptrdiff_t)yy * stride + (ptrdiff_t)xx * step];
        }
    return sum;
}

/* Whole frames: every layout and siting, odd sizes and widths across the
 * converter's 512-pixel chunks, random samples. */
static void test_frames_against_reference(void)
{
    static const int fmts[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUV444P, AV_PIX_FMT_NV12 };
    static const int sizes[][2] = { { 1, 1 }, { 2, 2 }, { 5, 3 }, { 3, 5 }, { 17, 9 }, { 513, 3 }, { 1030, 4 } };
    uint32_t seed = 7;
    long bad = 0, frames = 0;
    for (size_t fi = 0; fi < sizeof fmts / sizeof fmts[0]; fi++)
        for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
            for (int loc = AVCHROMA_LOC_UNSPECIFIED; loc < AVCHROMA_LOC_NB; loc++) {
                int fmt = fmts[fi], w = sizes[si][0], h = sizes[si][1];
                bool sub_w = fmt != AV_PIX_FMT_YUV444P, sub_h = fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_NV12;
                bool nv12 = fmt == AV_PIX_FMT_NV12;
                int cw = sub_w ? (w + 1) / 2 : w, ch = sub_h ? (h + 1) / 2 : h;
                /* horizontal: 0 cosited, 2 (= 1/2 in quarters) centered;
                 * vertical: 0 top, 2 center, 4 bottom (in quarters) */
                bool centered = loc == AVCHROMA_LOC_CENTER || loc == AVCHROMA_LOC_TOP || loc == AVCHROMA_LOC_BOTTOM;
                int hoff4 = centered ? 2 : 0;
                int voff4 = loc == AVCHROMA_LOC_TOPLEFT || loc == AVCHROMA_LOC_TOP ? 0
                          : loc == AVCHROMA_LOC_BOTTOMLEFT || loc == AVCHROMA_LOC_BOTTOM ? 4 : 2;
                const matrix *m = &matrices[frames % N_MATRICES];
                bool full = (frames / N_MATRICES) % 2;
                frames++;
                AVFrame *f = frame_exact(fmt, w, h);
                for (int p = 0; p < (nv12 ? 2 : 3); p++) {
                    size_t size = (size_t)f->linesize[p] * (size_t)(p == 0 ? h : ch);
                    for (size_t i = 0; i < size; i++)
                        f->data[p][i] = (uint8_t)lcg(&seed);
                }
                int stride = 4 * w + 8;
                uint8_t *out = malloc((size_t)stride * h);
                memset(out, 0xAB, (size_t)stride * h);
                yuv_rgb_params par = { fmt, m->id, full, loc, portable };
                CHECK(yuv_to_rgb(f, &par, out, stride));
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        const uint8_t *cbp = f->data[1], *crp = nv12 ? f->data[1] + 1 : f->data[2];
                        int step = nv12 ? 2 : 1;
                        int nb = interp16(cbp, f->linesize[1], step, cw, ch, sub_w, sub_h, hoff4, voff4, x, y);
                        int nr = interp16(crp, nv12 ? f->linesize[1] : f->linesize[2], step, cw, ch, sub_w,
                                          sub_h, hoff4, voff4, x, y);
                        long want[3];
                        ref_bgr(m, full, 16, f->data[0][(ptrdiff_t)y * f->linesize[0] + x], nb, nr, want);
                        const uint8_t *px = out + (ptrdiff_t)y * stride + 4 * x;
                        bool ok = px[0] == want[0] && px[1] == want[1] && px[2] == want[2] && px[3] == 255;
                        if (!ok && bad++ < 5)
                            fprintf(stderr, "  fmt %d %dx%d loc %d (%d,%d): %d,%d,%d expected %ld,%ld,%ld\n", fmt,
                                    w, h, loc, x, y, px[0], px[1], px[2], want[0], want[1], want[2]);
                    }
                for (int y = 0; y < h; y++)     /* nothing written past the width */
                    for (int i = 4 * w; i < stride; i++)
                        bad += out[(ptrdiff_t)y * stride + i] != 0xAB;
                free(out);
                frame_exact_free(&f);
            }
    CHECK_EQ_INT(bad, 0);
}

/* NV12 is 4:2:0 with interleaved chroma: the same pixels. */
static void test_nv12_equals_420(void)
{
    enum { W = 37, H = 21 };
    AVFrame *a = frame_exact(AV_PIX_FMT_YUV420P, W, H), *b = frame_exact(AV_PIX_FMT_NV12, W, H);
    uint32_t seed = 3;
    for (int i = 0; i < W * H; i++)
        a->data[0][i] = b->data[0][i] = (uint8_t)lcg(&seed);
    for (int i = 0; i < ((W + 1) / 2) * ((H + 1) / 2); i++) {
        a->data[1][i] = b->data[1][2 * i] = (uint8_t)lcg(&seed);
        a->data[2][i] = b->data[1][2 * i + 1] = (uint8_t)lcg(&seed);
    }
    uint8_t *oa = malloc(W * H * 4), *ob = malloc(W * H * 4);
    for (int loc = 0; loc < AVCHROMA_LOC_NB; loc++) {
        yuv_rgb_params pa = { AV_PIX_FMT_YUV420P, AVCOL_SPC_BT709, false, loc, portable }, pb = pa;
        pb.format = AV_PIX_FMT_NV12;
        CHECK(yuv_to_rgb(a, &pa, oa, W * 4));
        CHECK(yuv_to_rgb(b, &pb, ob, W * 4));
        CHECK(memcmp(oa, ob, W * H * 4) == 0);
    }
    free(oa);
    free(ob);
    frame_exact_free(&a);
    frame_exact_free(&b);
}

/* Areas: each pixel inside an area (its left edge made even) is the whole
 * conversion's, and nothing outside is written. Odd widths and heights,
 * areas crossing chunk edges (512 pixels), reaching past the frame, odd
 * corners and empty ones; every format and siting. */
static void test_areas_match_the_whole_frame(void)
{
    static const int fmts[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUV444P, AV_PIX_FMT_NV12 };
    static const int areas[][4] = { { 0, 0, 1031, 7 }, { 3, 1, 4, 2 }, { 511, 2, 1027, 5 }, { 1030, 0, 1031, 7 },
                                    { -5, -3, 9, 3 }, { 600, 4, 2000, 99 }, { 7, 5, 7, 6 }, { 1, 6, 520, 7 } };
    enum { W = 1031, H = 7, STRIDE = 4 * W + 12 };
    uint32_t seed = 11;
    long bad = 0;
    uint8_t *whole = malloc((size_t)STRIDE * H), *part = malloc((size_t)STRIDE * H);
    for (size_t fi = 0; fi < sizeof fmts / sizeof fmts[0]; fi++) {
        AVFrame *f = frame_exact(fmts[fi], W, H);
        bool sub_h = fmts[fi] == AV_PIX_FMT_YUV420P || fmts[fi] == AV_PIX_FMT_NV12;
        for (int p = 0; p < 3 && f->data[p]; p++)
            for (size_t i = 0; i < (size_t)f->linesize[p] * (p > 0 && sub_h ? (H + 1) / 2 : H); i++)
                f->data[p][i] = (uint8_t)lcg(&seed);
        for (int loc = AVCHROMA_LOC_UNSPECIFIED; loc < AVCHROMA_LOC_NB; loc++) {
            yuv_rgb_params par = { fmts[fi], AVCOL_SPC_BT709, loc & 1, loc, portable };
            CHECK(yuv_to_rgb(f, &par, whole, STRIDE));
            for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++) {
                const int *r = areas[a];
                memset(part, 0xAB, (size_t)STRIDE * H);
                CHECK(yuv_to_rgb_area(f, &par, part, STRIDE, r[0], r[1], r[2], r[3]));
                int x0 = r[0] < 0 ? 0 : r[0] & ~1, x1 = r[2] > W ? W : r[2] + (r[2] & 1);
                if (x1 > W)
                    x1 = W;
                for (int y = 0; y < H; y++)
                    for (int x = 0; x < STRIDE / 4; x++) {
                        bool in = y >= r[1] && y < r[3] && x >= x0 && x < x1 && r[2] > r[0];
                        const uint8_t *got = part + (ptrdiff_t)y * STRIDE + 4 * x;
                        const uint8_t *want = whole + (ptrdiff_t)y * STRIDE + 4 * x;
                        bad += in ? memcmp(got, want, 4) != 0
                                  : got[0] != 0xAB || got[1] != 0xAB || got[2] != 0xAB || got[3] != 0xAB;
                    }
            }
        }
        frame_exact_free(&f);
    }
    free(whole);
    free(part);
    CHECK_EQ_INT(bad, 0);
}

/* Every check that converts, again on the plain C loops: where the CPU has
 * AVX-512 the runs above took its version of the matrix. */
static void test_portable_loops_alone(void)
{
    if (!REEL_AVX512_KERNELS || !avx512_usable())
        fprintf(stderr, "  (no AVX-512 here: the runs above took the portable loops too)\n");
    portable = true;
    test_black_white_gray();
    test_primaries();
    test_every_444_triple();
    test_interpolated_numerators();
    test_siting_by_hand();
    test_frames_against_reference();
    test_nv12_equals_420();
    test_areas_match_the_whole_frame();
    portable = false;
}

int main(void)
{
    RUN(test_supported);
    RUN(test_black_white_gray);
    RUN(test_primaries);
    RUN(test_round_trip_through_encoder);
    RUN(test_every_444_triple);
    RUN(test_interpolated_numerators);
    RUN(test_exactness_margin);
    RUN(test_siting_by_hand);
    RUN(test_frames_against_reference);
    RUN(test_nv12_equals_420);
    RUN(test_areas_match_the_whole_frame);
    RUN(test_portable_loops_alone);
    return CHECK_EXIT();
}
