/* RGB -> YUV with the BT.709 matrix, exact to the last bit.
 *
 * Every output sample is the exact value of the textbook formula rounded half
 * up, e.g. 8-bit limited luma is round(16 + 219 * (0.2126 R + 0.7152 G +
 * 0.0722 B) / 255). A 32-bit fixed-point version of that formula cannot get
 * there: colors whose exact value lies within ~1e-6 of a .5 boundary come out
 * wrong (25 of the 2^24 colors at 24 fractional bits). So the arithmetic is
 * done in two exact steps instead:
 *
 *  1. an integer numerator: with the matrix weights written as integers
 *     (2126, 7152, 722 out of 10000) luma is offset + scale * n / 2550000 for
 *     n = 2126 R + 7152 G + 722 B, and each chroma sample is an integer sum of
 *     the same kind over a constant denominator;
 *  2. floor((a * u + c) / d) for that integer u, computed as
 *     (u * mul + add) >> shift with a reciprocal chosen so the result is exact
 *     for every u the numerator can take (see exact_div_make).
 *
 * Both steps are multiplies, adds and shifts on integers, so the result does
 * not depend on the CPU or on which vector width the compiler picked; the row
 * loops are plain C that GCC and Clang auto-vectorize.
 *
 * 4:2:0 chroma is the matrix applied to the exact mean of the 2x2 block's RGB
 * (the four pixels are summed and the 1/4 goes into the denominator). Because
 * the matrix is linear this is the same value as the mean of the four
 * per-pixel chroma values, with a single rounding at the end instead of two.
 *
 * Alpha formats un-premultiply first, c = (c * 255 + a / 2) / a, and convert
 * that straight color. Their 4:2:0 chroma comes from the block's
 * alpha-weighted color (the summed premultiplied color un-premultiplied by the
 * summed alpha), so transparent pixels, whose color is meaningless, do not
 * pull the chroma of edge blocks toward black. */
#include "media/yuv.h"
#include "media/row_kernel.h"

#include <stddef.h>
#include <string.h>

#include <libavutil/pixfmt.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "yuv.c reads cairo ARGB32 as BGRA bytes and writes *LE formats natively: little-endian only"
#endif

/* BT.709 luma weights, scaled to integers summing to 10000. */
enum { WR = 2126, WG = 7152, WB = 722, WSUM = 10000 };
/* 2(1 - Kb) and 2(1 - Kr) on the same scale: Pb = (B - Y) / 1.8556, Pr = (R - Y) / 1.5748.
 * 10000 (B - Y) = CB_B B - WR R - WG G with CB_B = WSUM - WB, likewise for Pr. */
enum { CB_B = WSUM - WB, CR_R = WSUM - WR, CB_DEN = 2 * CB_B, CR_DEN = 2 * CR_R };

/* floor((a * u + c) / d) for 0 <= u <= umax, as (u * mul + add) >> shift. */
typedef struct exact_div {
    uint64_t mul, add;
    int shift;
} exact_div;

static uint64_t gcd_u64(uint64_t x, uint64_t y)
{
    while (y) {
        uint64_t t = x % y;
        x = y;
        y = t;
    }
    return x;
}

/* ceil(x * 2^shift / d) by long division, so nothing wider than 64 bits is
 * needed (the result itself fits, as exact_div_make's bounds guarantee). */
static uint64_t ceil_shifted_div(uint64_t x, int shift, uint64_t d)
{
    uint64_t q = x / d, r = x % d;
    for (int i = 0; i < shift; i++) {
        q <<= 1;
        r <<= 1;
        if (r >= d) {
            r -= d;
            q |= 1;
        }
    }
    return q + (r != 0);
}

/* Why this is exact: the true value x = (a u + c) / d has a fractional part
 * that is a multiple of 1/d. With mul = ceil(a 2^s / d) and add =
 * ceil(c 2^s / d) the estimate (u mul + add) / 2^s lies in [x, x + (u + 1) / 2^s),
 * and 2^s >= (umax + 1) d keeps that below x + 1/d, which never reaches the next
 * integer. The numbers stay small: a, c, d are reduced by their common
 * divisor first; for the tables below mul needs at most 33 bits and
 * umax * mul + add stays under 2^58. (tests/unit/test_yuv.c checks every 8-bit
 * color in every mode against the formula, so a bound broken by an edit shows.) */
static exact_div exact_div_make(uint64_t a, uint64_t c, uint64_t d, uint64_t umax)
{
    uint64_t g = gcd_u64(gcd_u64(a, c), d);
    a /= g;
    c /= g;
    d /= g;
    int shift = 0;
    while ((UINT64_C(1) << shift) < (umax + 1) * d)
        shift++;
    exact_div k = { ceil_shifted_div(a, shift, d), ceil_shifted_div(c, shift, d), shift };
    return k;
}

typedef struct conv_consts {
    bool avx512;              /* the row kernels' AVX-512 versions (chosen once per conversion) */
    exact_div y;              /* u = n = WR R + WG G + WB B */
    exact_div cb1, cr1;       /* one pixel: u = e + bias */
    exact_div cb4, cr4;       /* sum of a 2x2 block */
    uint32_t maxv;            /* 255 or 1023; full-range chroma can round to maxv + 1 */
} conv_consts;

/* Chroma difference terms, offset to be non-negative:
 * eb = CB_B B - WR R - WG G lies in [-CB_B 255, CB_B 255], likewise er. */
#define CB_BIAS (CB_B * 255)
#define CR_BIAS (CR_R * 255)

/* One chroma channel over count pixels: out = round_half_up(off + scale * e_sum / D)
 * with D = count * den * 255, i.e. floor((2 scale e_sum + (2 off + 1) D) / 2D).
 * The kernels pass u = e_sum + count * bias, and 2 * bias = den * 255, so the
 * numerator is 2 scale u + (2 off + 1 - scale) D, with a non-negative constant
 * since scale <= 2 off + 1 for every range. */
static exact_div chroma_div(uint64_t off, uint64_t scale, uint64_t den, uint64_t bias, uint64_t count)
{
    uint64_t D = count * den * 255;
    return exact_div_make(2 * scale, (2 * off + 1 - scale) * D, 2 * D, count * 2 * bias);
}

static bool portable_only;

void yuv_portable_kernels(bool on)
{
    portable_only = on;
}

static conv_consts conv_consts_make(int bits, bool full_range)
{
    uint64_t maxv = (UINT64_C(1) << bits) - 1;
    uint64_t y_off = full_range ? 0 : UINT64_C(16) << (bits - 8);
    uint64_t y_scale = full_range ? maxv : UINT64_C(219) << (bits - 8);
    uint64_t c_off = UINT64_C(1) << (bits - 1);
    uint64_t c_scale = full_range ? maxv : UINT64_C(224) << (bits - 8);
    uint64_t n_den = (uint64_t)WSUM * 255;
    conv_consts k;
    k.avx512 = !portable_only && avx512_usable();
    /* luma = round_half_up(y_off + y_scale * n / n_den) */
    k.y = exact_div_make(2 * y_scale, (2 * y_off + 1) * n_den, 2 * n_den, n_den);
    k.cb1 = chroma_div(c_off, c_scale, CB_DEN, CB_BIAS, 1);
    k.cr1 = chroma_div(c_off, c_scale, CR_DEN, CR_BIAS, 1);
    k.cb4 = chroma_div(c_off, c_scale, CB_DEN, CB_BIAS, 4);
    k.cr4 = chroma_div(c_off, c_scale, CR_DEN, CR_BIAS, 4);
    k.maxv = (uint32_t)maxv;
    return k;
}

/* ---- Row kernels ------------------------------------------------------------
 * Straight loops over one row; no calls, no divisions, no branches except the
 * clamp, so they vectorize. Pixels are read with memcpy into a uint32_t (one
 * vector load once vectorized, and no aliasing questions). In that word, B is
 * bits 0-7, G 8-15, R 16-23, A 24-31. */

static inline uint32_t load_px(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* The kernels are also compiled for AVX2 and AVX-512 machines (ROW_KERNEL,
 * see row_kernel.h); every version writes the same bytes. A 1080p frame to
 * yuv420p took about 3.8 ms with the baseline (SSE2) version, 2.0 ms with AVX2
 * and 0.6 ms with AVX-512 on one core of the machine this was written on. On
 * an Intel Xeon with AVX-512 the compiled loops took 1.6 ms and the
 * intrinsics versions below (8-bit luma and 4:2:0 chroma) 1.1 ms. */

#define CH_B(v) ((v) & 0xffu)
#define CH_G(v) (((v) >> 8) & 0xffu)
#define CH_R(v) (((v) >> 16) & 0xffu)

/* Luma and single-pixel chroma multipliers fit in 32 bits (at most 3.4e9),
 * so the 64-bit product is one widening 32x32 multiply. */
#define DEFINE_LUMA_ROW(name, T)                                                   \
    ROW_KERNEL static void name(const uint8_t *restrict bgra, int w, exact_div k, T *restrict out) \
    {                                                                              \
        const uint32_t mul = (uint32_t)k.mul;                                      \
        const uint64_t add = k.add;                                                \
        const int shift = k.shift;                                                 \
        for (int x = 0; x < w; x++) {                                              \
            uint32_t v = load_px(bgra + 4 * (size_t)x);                            \
            uint32_t n = WR * CH_R(v) + WG * CH_G(v) + WB * CH_B(v);               \
            out[x] = (T)(((uint64_t)n * mul + add) >> shift);                      \
        }                                                                          \
    }

/* One chroma sample per pixel (4:4:4, and the alpha paths' block colors). */
#define DEFINE_CHROMA444_ROW(name, T)                                              \
    ROW_KERNEL static void name(const uint8_t *restrict bgra, int w, exact_div kb, exact_div kr, \
                     uint32_t maxv, T *restrict cb, T *restrict cr)                \
    {                                                                              \
        const uint32_t mb = (uint32_t)kb.mul, mr = (uint32_t)kr.mul;               \
        const uint64_t ab = kb.add, ar = kr.add;                                   \
        const int sb = kb.shift, sr = kr.shift;                                    \
        for (int x = 0; x < w; x++) {                                              \
            uint32_t v = load_px(bgra + 4 * (size_t)x);                            \
            uint32_t b = CH_B(v), g = CH_G(v), r = CH_R(v);                        \
            uint32_t ub = CB_B * b + CB_BIAS - WR * r - WG * g;                    \
            uint32_t ur = CR_R * r + CR_BIAS - WG * g - WB * b;                    \
            uint32_t qb = (uint32_t)(((uint64_t)ub * mb + ab) >> sb);              \
            uint32_t qr = (uint32_t)(((uint64_t)ur * mr + ar) >> sr);              \
            cb[x] = (T)(qb < maxv ? qb : maxv);                                    \
            cr[x] = (T)(qr < maxv ? qr : maxv);                                    \
        }                                                                          \
    }

/* One chroma sample per 2x2 block of rows r0 and r1; cw blocks, both columns
 * present. MUL_T is uint32_t where the multiplier fits (8-bit), else uint64_t
 * (10-bit full-range Cb needs 33 bits). */
#define DEFINE_CHROMA420_ROW(name, T, MUL_T)                                       \
    ROW_KERNEL static void name(const uint8_t *restrict r0, const uint8_t *restrict r1, int cw, \
                     exact_div kb, exact_div kr, uint32_t maxv,                    \
                     T *restrict cb, T *restrict cr)                               \
    {                                                                              \
        const MUL_T mb = (MUL_T)kb.mul, mr = (MUL_T)kr.mul;                        \
        const uint64_t ab = kb.add, ar = kr.add;                                   \
        const int sb = kb.shift, sr = kr.shift;                                    \
        for (int x = 0; x < cw; x++) {                                             \
            uint32_t v0 = load_px(r0 + 8 * (size_t)x), v1 = load_px(r0 + 8 * (size_t)x + 4); \
            uint32_t v2 = load_px(r1 + 8 * (size_t)x), v3 = load_px(r1 + 8 * (size_t)x + 4); \
            uint32_t b = CH_B(v0) + CH_B(v1) + CH_B(v2) + CH_B(v3);                \
            uint32_t g = CH_G(v0) + CH_G(v1) + CH_G(v2) + CH_G(v3);                \
            uint32_t r = CH_R(v0) + CH_R(v1) + CH_R(v2) + CH_R(v3);                \
            uint32_t ub = CB_B * b + 4 * CB_BIAS - WR * r - WG * g;                \
            uint32_t ur = CR_R * r + 4 * CR_BIAS - WG * g - WB * b;                \
            uint32_t qb = (uint32_t)(((uint64_t)ub * mb + ab) >> sb);              \
            uint32_t qr = (uint32_t)(((uint64_t)ur * mr + ar) >> sr);              \
            cb[x] = (T)(qb < maxv ? qb : maxv);                                    \
            cr[x] = (T)(qr < maxv ? qr : maxv);                                    \
        }                                                                          \
    }

DEFINE_LUMA_ROW(luma_row8_portable, uint8_t)
DEFINE_LUMA_ROW(luma_row16, uint16_t)
DEFINE_CHROMA444_ROW(chroma444_row8, uint8_t)
DEFINE_CHROMA444_ROW(chroma444_row16, uint16_t)
DEFINE_CHROMA420_ROW(chroma420_row8_portable, uint8_t, uint32_t)
DEFINE_CHROMA420_ROW(chroma420_row16, uint16_t, uint64_t)

/* The 8-bit luma and 4:2:0 chroma loops again, with AVX-512 intrinsics. On
 * AVX-512 machines compilers vectorize the portable loops' 32x32->64 products
 * as VPMULLQ, three times the cost of VPMULUDQ on Intel's cores, and the
 * weighted sums as VPMULLD; here the sums are VPMADDWD on 16-bit channel
 * pairs and each product one VPMULUDQ. Same integers, same bytes. */
#if REEL_AVX512_KERNELS

/* B | R << 16 and G | A << 16 of each pixel: channel pairs for VPMADDWD. */
#define PAIRS_BR(px) _mm512_and_si512(px, _mm512_set1_epi32(0x00ff00ff))
#define PAIRS_GA(px) _mm512_and_si512(_mm512_srli_epi32(px, 8), _mm512_set1_epi32(0x00ff00ff))

/* Two signed 16-bit weights as one 32-bit lane for VPMADDWD: lo, then hi. */
static inline int weight_pair(int lo, int hi)
{
    int32_t v;
    uint32_t bits = (uint32_t)(uint16_t)lo | (uint32_t)(uint16_t)hi << 16;
    memcpy(&v, &bits, 4);
    return v;
}

/* (u mul + add) >> shift for the u in the low half of each 64-bit lane. */
AVX512_KERNEL static inline __m512i exact_div_avx512(__m512i u, exact_div k)
{
    __m512i p = _mm512_mul_epu32(u, _mm512_set1_epi64((long long)(uint32_t)k.mul));
    return _mm512_srl_epi64(_mm512_add_epi64(p, _mm512_set1_epi64((long long)k.add)),
                            _mm_cvtsi32_si128(k.shift));
}

AVX512_KERNEL static void luma_row8_avx512(const uint8_t *restrict bgra, int w, exact_div k,
                                           uint8_t *restrict out)
{
    const __m512i wbr = _mm512_set1_epi32(weight_pair(WB, WR)), wg = _mm512_set1_epi32(weight_pair(WG, 0));
    int x = 0;
    for (; x + 16 <= w; x += 16) {
        __m512i px = _mm512_loadu_si512(bgra + 4 * (size_t)x);
        __m512i n = _mm512_add_epi32(_mm512_madd_epi16(PAIRS_BR(px), wbr),
                                     _mm512_madd_epi16(PAIRS_GA(px), wg));
        __m512i even = exact_div_avx512(n, k), odd = exact_div_avx512(_mm512_srli_epi64(n, 32), k);
        __m512i q = _mm512_or_si512(even, _mm512_slli_epi64(odd, 32));
        _mm_storeu_si128((__m128i *)(void *)(out + x), _mm512_cvtepi32_epi8(q));
    }
    if (x < w)
        luma_row8_portable(bgra + 4 * (size_t)x, w - x, k, out + x);
}

/* Eight 2x2 blocks per step: the pixel pairs of both rows are summed per
 * 16-bit channel field, then each 64-bit lane holds one block's sums. */
AVX512_KERNEL static void chroma420_row8_avx512(const uint8_t *restrict r0, const uint8_t *restrict r1,
                                                int cw, exact_div kb, exact_div kr, uint32_t maxv,
                                                uint8_t *restrict cb, uint8_t *restrict cr)
{
    /* ub = CB_B b - WR r - WG g + 4 CB_BIAS, ur = CR_R r - WB b - WG g + 4 CR_BIAS;
     * every partial sum fits 32 bits signed, and the totals are positive. */
    const __m512i wb_br = _mm512_set1_epi32(weight_pair(CB_B, -WR));
    const __m512i wr_br = _mm512_set1_epi32(weight_pair(-WB, CR_R));
    const __m512i w_g = _mm512_set1_epi32(weight_pair(-WG, 0));
    const __m512i max = _mm512_set1_epi64(maxv);
    int x = 0;
    for (; x + 8 <= cw; x += 8) {
        __m512i a = _mm512_loadu_si512(r0 + 8 * (size_t)x), b = _mm512_loadu_si512(r1 + 8 * (size_t)x);
        __m512i br = _mm512_add_epi32(PAIRS_BR(a), PAIRS_BR(b));
        __m512i ga = _mm512_add_epi32(PAIRS_GA(a), PAIRS_GA(b));
        br = _mm512_add_epi32(br, _mm512_srli_epi64(br, 32));
        ga = _mm512_add_epi32(ga, _mm512_srli_epi64(ga, 32));
        __m512i g = _mm512_madd_epi16(ga, w_g);
        __m512i ub = _mm512_add_epi32(_mm512_add_epi32(_mm512_madd_epi16(br, wb_br), g),
                                      _mm512_set1_epi32(4 * CB_BIAS));
        __m512i ur = _mm512_add_epi32(_mm512_add_epi32(_mm512_madd_epi16(br, wr_br), g),
                                      _mm512_set1_epi32(4 * CR_BIAS));
        __m512i qb = _mm512_min_epu64(exact_div_avx512(ub, kb), max);
        __m512i qr = _mm512_min_epu64(exact_div_avx512(ur, kr), max);
        _mm_storel_epi64((__m128i *)(void *)(cb + x), _mm512_cvtepi64_epi8(qb));
        _mm_storel_epi64((__m128i *)(void *)(cr + x), _mm512_cvtepi64_epi8(qr));
    }
    if (x < cw)
        chroma420_row8_portable(r0 + 8 * (size_t)x, r1 + 8 * (size_t)x, cw - x, kb, kr, maxv,
                                cb + x, cr + x);
}
#undef PAIRS_BR
#undef PAIRS_GA
#endif

static void luma_row8(bool avx512, const uint8_t *bgra, int w, exact_div k, uint8_t *out)
{
#if REEL_AVX512_KERNELS
    if (avx512) {
        luma_row8_avx512(bgra, w, k, out);
        return;
    }
#else
    (void)avx512;
#endif
    luma_row8_portable(bgra, w, k, out);
}

static void chroma420_row8(bool avx512, const uint8_t *r0, const uint8_t *r1, int cw, exact_div kb,
                           exact_div kr, uint32_t maxv, uint8_t *cb, uint8_t *cr)
{
#if REEL_AVX512_KERNELS
    if (avx512) {
        chroma420_row8_avx512(r0, r1, cw, kb, kr, maxv, cb, cr);
        return;
    }
#else
    (void)avx512;
#endif
    chroma420_row8_portable(r0, r1, cw, kb, kr, maxv, cb, cr);
}

/* ---- Formats ---------------------------------------------------------------- */

typedef struct layout {
    int bits;                 /* 8 or 10 */
    bool subsampled;          /* 4:2:0 */
    bool alpha;
} layout;

static bool layout_of(int fmt, layout *out)
{
    switch (fmt) {
    case AV_PIX_FMT_YUV420P:     *out = (layout){ 8, true, false }; return true;
    case AV_PIX_FMT_YUV444P:     *out = (layout){ 8, false, false }; return true;
    case AV_PIX_FMT_YUV420P10LE: *out = (layout){ 10, true, false }; return true;
    case AV_PIX_FMT_YUV444P10LE: *out = (layout){ 10, false, false }; return true;
    case AV_PIX_FMT_YUVA420P:    *out = (layout){ 8, true, true }; return true;
    case AV_PIX_FMT_YUVA444P10LE: *out = (layout){ 10, false, true }; return true;
    default: return false;
    }
}

bool yuv_format_supported(int fmt)
{
    layout l;
    return layout_of(fmt, &l);
}

static uint8_t *plane_row(const AVFrame *f, int plane, int row)
{
    return f->data[plane] + (ptrdiff_t)row * f->linesize[plane];
}

/* Opaque formats: premultiplied color is used as it is (over black).
 * Converts columns [x0, x1) of rows [y0, y1); for 4:2:0, x0 is even and x1
 * even or w, so every chroma block written lies wholly inside. */
static void convert_opaque(const uint8_t *bgra, int stride, int w, int h, layout l,
                           const conv_consts *k, AVFrame *dst, int x0, int y0, int x1, int y1)
{
    int n = x1 - x0;
    for (int y = y0; y < y1; y++) {
        const uint8_t *src = bgra + (ptrdiff_t)y * stride;
        const uint8_t *px = src + 4 * (size_t)x0;
        if (l.bits == 8)
            luma_row8(k->avx512, px, n, k->y, plane_row(dst, 0, y) + x0);
        else
            luma_row16(px, n, k->y, (uint16_t *)(void *)plane_row(dst, 0, y) + x0);
        if (!l.subsampled) {
            if (l.bits == 8)
                chroma444_row8(px, n, k->cb1, k->cr1, k->maxv,
                               plane_row(dst, 1, y) + x0, plane_row(dst, 2, y) + x0);
            else
                chroma444_row16(px, n, k->cb1, k->cr1, k->maxv,
                                (uint16_t *)(void *)plane_row(dst, 1, y) + x0,
                                (uint16_t *)(void *)plane_row(dst, 2, y) + x0);
            continue;
        }
        if (y & 1)
            continue;
        /* An odd last row pairs with itself; an odd last column likewise. */
        const uint8_t *r0 = src, *r1 = y + 1 < h ? src + stride : src;
        int b0 = x0 / 2, full = x1 / 2 - b0;
        bool tail = x1 == w && (w & 1);
        uint8_t tail0[8], tail1[8];
        if (tail) {
            memcpy(tail0, r0 + 4 * (size_t)(w - 1), 4);
            memcpy(tail0 + 4, tail0, 4);
            memcpy(tail1, r1 + 4 * (size_t)(w - 1), 4);
            memcpy(tail1 + 4, tail1, 4);
        }
        r0 += 8 * (size_t)b0;
        r1 += 8 * (size_t)b0;
        if (l.bits == 8) {
            uint8_t *cb = plane_row(dst, 1, y / 2) + b0, *cr = plane_row(dst, 2, y / 2) + b0;
            chroma420_row8(k->avx512, r0, r1, full, k->cb4, k->cr4, k->maxv, cb, cr);
            if (tail)
                chroma420_row8(k->avx512, tail0, tail1, 1, k->cb4, k->cr4, k->maxv, cb + full, cr + full);
        } else {
            uint16_t *cb = (uint16_t *)(void *)plane_row(dst, 1, y / 2) + b0;
            uint16_t *cr = (uint16_t *)(void *)plane_row(dst, 2, y / 2) + b0;
            chroma420_row16(r0, r1, full, k->cb4, k->cr4, k->maxv, cb, cr);
            if (tail)
                chroma420_row16(tail0, tail1, 1, k->cb4, k->cr4, k->maxv, cb + full, cr + full);
        }
    }
}

/* ---- Alpha formats ------------------------------------------------------------
 * Un-premultiplying divides by alpha. Instead of a division per channel,
 * x / s = (x * recip[s]) >> RECIP_SHIFT with recip[s] = ceil(2^28 / s), which
 * is exact for x < 2^18 and s < 2^10 (the error x * (recip[s] s - 2^28) / (s 2^28)
 * stays below 1/s). Block sums need s up to 4 * 255 and x up to 1020 * 255 + 510. */

enum { RECIP_SHIFT = 28, RECIP_MAX = 4 * 255, CHUNK = 256 };

static void recip_table(uint32_t *recip)
{
    recip[0] = 0;             /* alpha 0: color is 0 as well, and stays 0 */
    for (uint32_t s = 1; s <= RECIP_MAX; s++)
        recip[s] = (uint32_t)(((UINT64_C(1) << RECIP_SHIFT) + s - 1) / s);
}

/* round_half_up(c * 255 / s), clamped for invalid input where c > s. */
static inline uint32_t unpremultiply(uint32_t c, uint32_t s, const uint32_t *recip)
{
    uint32_t q = (uint32_t)(((uint64_t)(c * 255 + s / 2) * recip[s]) >> RECIP_SHIFT);
    return q < 255 ? q : 255;
}

/* Straight (un-premultiplied) copy of n pixels; alpha kept in byte 3.
 * Branch-free so that it vectorizes (with gathers for the table on AVX2). */
ROW_KERNEL static void unpremultiply_row(const uint8_t *restrict src, int n,
                                         const uint32_t *restrict recip, uint8_t *restrict out)
{
    for (int x = 0; x < n; x++) {
        uint32_t v = load_px(src + 4 * (size_t)x);
        uint32_t a = v >> 24, m = recip[a], half = a / 2;
        uint32_t b = (uint32_t)(((uint64_t)(CH_B(v) * 255 + half) * m) >> RECIP_SHIFT);
        uint32_t g = (uint32_t)(((uint64_t)(CH_G(v) * 255 + half) * m) >> RECIP_SHIFT);
        uint32_t r = (uint32_t)(((uint64_t)(CH_R(v) * 255 + half) * m) >> RECIP_SHIFT);
        b = b < 255 ? b : 255;
        g = g < 255 ? g : 255;
        r = r < 255 ? r : 255;
        uint32_t o = b | g << 8 | r << 16 | a << 24;
        memcpy(out + 4 * (size_t)x, &o, 4);
    }
}

/* The alpha-weighted color of blocks [b0, b0 + n) of rows r0/r1, straight. */
static void block_colors(const uint8_t *r0, const uint8_t *r1, int w, int b0, int n,
                         const uint32_t *recip, uint8_t *out)
{
    for (int i = 0; i < n; i++) {
        int x0 = 2 * (b0 + i), x1 = x0 + 1 < w ? x0 + 1 : x0;
        const uint8_t *p0 = r0 + 4 * (size_t)x0, *p1 = r0 + 4 * (size_t)x1;
        const uint8_t *p2 = r1 + 4 * (size_t)x0, *p3 = r1 + 4 * (size_t)x1;
        uint32_t sa = (uint32_t)p0[3] + p1[3] + p2[3] + p3[3];
        uint8_t *o = out + 4 * (size_t)i;
        for (int c = 0; c < 3; c++) {
            uint32_t sc = (uint32_t)p0[c] + p1[c] + p2[c] + p3[c];
            /* opaque block: sc * 255 / 1020 rounded is just (sc + 2) / 4 */
            o[c] = (uint8_t)(sa == 4 * 255 ? (sc + 2) >> 2 : unpremultiply(sc, sa, recip));
        }
        o[3] = 255;
    }
}

static void convert_alpha(const uint8_t *bgra, int stride, int w, int h, layout l,
                          const conv_consts *k, AVFrame *dst, int y0, int y1)
{
    uint32_t recip[RECIP_MAX + 1];
    uint8_t straight[CHUNK * 4];
    recip_table(recip);
    for (int y = y0; y < y1; y++) {
        const uint8_t *src = bgra + (ptrdiff_t)y * stride;
        for (int x0 = 0; x0 < w; x0 += CHUNK) {
            int n = w - x0 < CHUNK ? w - x0 : CHUNK;
            unpremultiply_row(src + 4 * (size_t)x0, n, recip, straight);
            if (l.bits == 8) {
                uint8_t *ya = plane_row(dst, 3, y) + x0;
                luma_row8(k->avx512, straight, n, k->y, plane_row(dst, 0, y) + x0);
                for (int x = 0; x < n; x++)
                    ya[x] = straight[4 * x + 3];
            } else {
                uint16_t *ya = (uint16_t *)(void *)plane_row(dst, 3, y) + x0;
                luma_row16(straight, n, k->y, (uint16_t *)(void *)plane_row(dst, 0, y) + x0);
                for (int x = 0; x < n; x++)  /* alpha is always full range */
                    ya[x] = (uint16_t)((straight[4 * x + 3] * 1023u + 127) / 255);
            }
            if (!l.subsampled) {
                if (l.bits == 8)
                    chroma444_row8(straight, n, k->cb1, k->cr1, k->maxv,
                                   plane_row(dst, 1, y) + x0, plane_row(dst, 2, y) + x0);
                else
                    chroma444_row16(straight, n, k->cb1, k->cr1, k->maxv,
                                    (uint16_t *)(void *)plane_row(dst, 1, y) + x0,
                                    (uint16_t *)(void *)plane_row(dst, 2, y) + x0);
            }
        }
        if (!l.subsampled || (y & 1))
            continue;
        const uint8_t *r1 = y + 1 < h ? src + stride : src;
        int cw = (w + 1) / 2;
        for (int b0 = 0; b0 < cw; b0 += CHUNK) {
            int n = cw - b0 < CHUNK ? cw - b0 : CHUNK;
            block_colors(src, r1, w, b0, n, recip, straight);
            if (l.bits == 8)
                chroma444_row8(straight, n, k->cb1, k->cr1, k->maxv,
                               plane_row(dst, 1, y / 2) + b0, plane_row(dst, 2, y / 2) + b0);
            else
                chroma444_row16(straight, n, k->cb1, k->cr1, k->maxv,
                                (uint16_t *)(void *)plane_row(dst, 1, y / 2) + b0,
                                (uint16_t *)(void *)plane_row(dst, 2, y / 2) + b0);
        }
    }
}

void yuv_convert_rows(const uint8_t *bgra, int stride, int w, int h, bool full_range,
                      AVFrame *dst, int y0, int y1)
{
    layout l;
    if (!layout_of(dst->format, &l) || w <= 0 || h <= 0)
        return;
    if (y0 < 0)
        y0 = 0;
    if (y1 > h)
        y1 = h;
    if (y0 >= y1)
        return;
    conv_consts k = conv_consts_make(l.bits, full_range);
    if (l.alpha)
        convert_alpha(bgra, stride, w, h, l, &k, dst, y0, y1);
    else
        convert_opaque(bgra, stride, w, h, l, &k, dst, 0, y0, w, y1);
}

bool yuv_area_supported(int fmt)
{
    layout l;
    return layout_of(fmt, &l) && !l.alpha;
}

/* Clips [x0, x1) x [y0, y1) to the frame and, for 4:2:0, widens it to whole
 * 2x2 blocks (out to even edges, or to the frame's own edge). False when it
 * is empty. */
static bool area_in_blocks(layout l, int w, int h, int *x0, int *y0, int *x1, int *y1)
{
    if (*x0 >= *x1 || *y0 >= *y1)
        return false;
    *x0 = *x0 < 0 ? 0 : *x0;
    *y0 = *y0 < 0 ? 0 : *y0;
    *x1 = *x1 > w ? w : *x1;
    *y1 = *y1 > h ? h : *y1;
    if (l.subsampled) {
        *x0 &= ~1;
        *y0 &= ~1;
        *x1 = *x1 + (*x1 & 1) > w ? w : *x1 + (*x1 & 1);
        *y1 = *y1 + (*y1 & 1) > h ? h : *y1 + (*y1 & 1);
    }
    return *x0 < *x1 && *y0 < *y1;
}

void yuv_convert_area(const uint8_t *bgra, int stride, int w, int h, bool full_range,
                      AVFrame *dst, int x0, int y0, int x1, int y1)
{
    layout l;
    if (!layout_of(dst->format, &l) || l.alpha || w <= 0 || h <= 0 ||
        !area_in_blocks(l, w, h, &x0, &y0, &x1, &y1))
        return;
    conv_consts k = conv_consts_make(l.bits, full_range);
    convert_opaque(bgra, stride, w, h, l, &k, dst, x0, y0, x1, y1);
}

void yuv_copy_area(AVFrame *dst, const AVFrame *src, int x0, int y0, int x1, int y1)
{
    layout l;
    if (!layout_of(dst->format, &l) || l.alpha || !area_in_blocks(l, dst->width, dst->height, &x0, &y0, &x1, &y1))
        return;
    int bytes = l.bits > 8 ? 2 : 1;
    for (int p = 0; p < 3; p++) {
        int sh = p > 0 && l.subsampled ? 1 : 0;
        /* Halved edges round up: an odd frame edge is a whole block. */
        int px0 = x0 >> sh, py0 = y0 >> sh, px1 = (x1 + sh) >> sh, py1 = (y1 + sh) >> sh;
        for (int y = py0; y < py1; y++)
            memcpy(plane_row(dst, p, y) + (size_t)px0 * bytes, src->data[p] + (ptrdiff_t)y * src->linesize[p] +
                   (size_t)px0 * bytes, (size_t)(px1 - px0) * bytes);
    }
}

void yuv_convert(const uint8_t *bgra, int stride, int w, int h, bool full_range, AVFrame *dst)
{
    yuv_convert_rows(bgra, stride, w, h, full_range, dst, 0, h);
}
