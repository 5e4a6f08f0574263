/* YUV -> BGRA with the textbook formula, exact to the last bit.
 *
 * The formula, for a matrix with luma weights Kr, Kb (Kg = 1 - Kr - Kb):
 *   limited range: y = (Y - 16) / 219, pb = (Cb - 128) / 224, pr = (Cr - 128) / 224
 *   full range:    y = Y / 255,        pb = (Cb - 128) / 255, pr = (Cr - 128) / 255
 *   R = y + 2 (1 - Kr) pr
 *   G = y - (2 Kb (1 - Kb) pb + 2 Kr (1 - Kr) pr) / Kg
 *   B = y + 2 (1 - Kb) pb
 * and each output byte is round_half_up(255 X), clamped to 0..255.
 *
 * Subsampled chroma is first interpolated bilinearly at the luma sample's
 * position (see "Siting" below): Cb = n / W with n a small integer sum of
 * weighted chroma samples and W = 1, 2, 4, 8 or 16. The numerator n stays an
 * integer and 1/W goes into the matrix coefficients, so interpolation adds no
 * rounding of its own: there is exactly one, at the end.
 *
 * Exactness. Per channel, 255 X = a Y + b nb + c nr + d for the luma sample
 * Y, the chroma numerators nb, nr and rationals a, b, c, d (Kr, Kb are
 * decimals, e.g. 2126/10000). With x = 255 X + 1/2 + BIAS the output is
 * floor(x) - BIAS, clamped. Every x is a multiple of 1/D, D the least common
 * multiple of the denominators: below 2^40 (BT.2020, limited range, G,
 * W = 16). The converter computes E = Y ky + nb kb + nr kr + k0 (mod 2^64)
 * with 54 fractional bits, each multiplier rounded up where its term is added
 * and down where it is subtracted (G's chroma terms), and k0 rounded up. So
 * x 2^54 <= E < x 2^54 + err with err <= 255 + 2 * 255 W + 1 < 2^13.1 (less
 * at full range, where the luma multiplier is exact). As err D < 2^54 for
 * every matrix, range and W (the largest ratio is 0.28; the unit test
 * recomputes them all), E / 2^54 stays below the next multiple of 1/D above
 * x, so floor(E / 2^54) = floor(x): the exactly rounded value, ties included.
 * BIAS = 300 keeps x between 0 and 2^10 for all 8-bit inputs (255 X ranges
 * over -293..551), so E fits 64 bits. Only integer multiplies, adds and
 * shifts: the bytes do not depend on the CPU, compiler or vector width.
 *
 * Siting (AVFrame.chroma_location). Horizontally, chroma sample i sits at
 * luma x = 2i (LEFT, TOPLEFT, BOTTOMLEFT, and UNSPECIFIED, the MPEG-2/H.264
 * default) or x = 2i + 1/2 (CENTER, TOP, BOTTOM). Cosited: even x takes
 * 2 c[i], odd x c[i] + c[i+1] (W 2). Centered: x = 2i takes 3 c[i] + c[i-1],
 * x = 2i + 1 takes 3 c[i] + c[i+1] (W 4). Vertically (4:2:0), chroma row j
 * sits at y = 2j + 1/2 (LEFT, CENTER, UNSPECIFIED): row 2j mixes
 * 3 c[j] + c[j-1], row 2j + 1 3 c[j] + c[j+1] (W 4); at y = 2j (TOPLEFT,
 * TOP): 2 c[j] and c[j] + c[j+1] (W 2); at y = 2j + 1 (BOTTOMLEFT, BOTTOM):
 * c[j-1] + c[j] and 2 c[j]. Outside the plane the border sample repeats. */
#include "media/yuv_to_rgb.h"
#include "media/row_kernel.h"

#include <stddef.h>
#include <string.h>

#include <libavutil/pixfmt.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "yuv_to_rgb.c writes BGRA pixels as little-endian words"
#endif

__extension__ typedef unsigned __int128 u128;

enum { SHIFT = YUV_RGB_FRACTION_BITS, BIAS = YUV_RGB_BIAS, CHUNK = 512, KSCALE = 10000 };

/* Kr and Kb of the matrix, in units of 1/KSCALE. */
static bool matrix_weights(int matrix, int *kr, int *kb)
{
    switch (matrix) {
    case AVCOL_SPC_BT709:      *kr = 2126; *kb = 722; return true;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:  *kr = 2990; *kb = 1140; return true;
    case AVCOL_SPC_FCC:        *kr = 3000; *kb = 1100; return true;
    case AVCOL_SPC_SMPTE240M:  *kr = 2120; *kb = 870; return true;
    case AVCOL_SPC_BT2020_NCL: *kr = 2627; *kb = 593; return true;
    default: return false;
    }
}

typedef struct layout {
    bool sub_w, sub_h;          /* chroma halved horizontally, vertically */
    bool nv12;                  /* Cb and Cr interleaved in plane 1 */
} layout;

static bool layout_of(int fmt, layout *l)
{
    switch (fmt) {
    case AV_PIX_FMT_YUV420P: *l = (layout){ true, true, false }; return true;
    case AV_PIX_FMT_YUV422P: *l = (layout){ true, false, false }; return true;
    case AV_PIX_FMT_YUV444P: *l = (layout){ false, false, false }; return true;
    case AV_PIX_FMT_NV12:    *l = (layout){ true, true, true }; return true;
    default: return false;
    }
}

bool yuv_to_rgb_supported(int format, int matrix)
{
    layout l;
    int kr, kb;
    return layout_of(format, &l) && matrix_weights(matrix, &kr, &kb);
}

/* ---- Coefficients ------------------------------------------------------------ */

/* A 64-bit multiplier as two 32-bit halves: u * k is then two 32x32->64
 * multiplies (one instruction per vector each) where a 64x64 product takes
 * three without AVX-512. The halves are stored, not split in the kernels, or
 * the compiler folds them back into one 64-bit product. */
typedef struct mul64 {
    uint32_t lo, hi;
} mul64;

static inline uint64_t mul(uint32_t u, mul64 k)
{
    return (uint64_t)u * k.lo + ((uint64_t)u * k.hi << 32);
}

typedef struct rgb_coeffs {
    mul64 ky;                   /* luma, added */
    mul64 kr, kb;               /* Cr to R and Cb to B, added */
    mul64 kgb, kgr;             /* Cb and Cr to G, subtracted */
    uint64_t r0, g0, b0;        /* offsets, BIAS and the 1/2 of rounding */
} rgb_coeffs;

/* num * 2^SHIFT / den, rounded up or down (num < 2^74, so 128 bits hold it). */
static uint64_t fixed(u128 num, u128 den, bool up)
{
    u128 p = num << SHIFT, q = p / den;
    return (uint64_t)(q + (up && q * den != p));
}

static mul64 fixed_mul(u128 num, u128 den, bool up)
{
    uint64_t k = fixed(num, den, up);
    return (mul64){ (uint32_t)k, (uint32_t)(k >> 32) };
}

/* All terms over one denominator Q = yd cd KSCALE kg W, where luma is
 * 255 (Y - yo) / yd and chroma 255 (n / W - 128) / cd. The constants are
 * over 2Q to hold the 1/2. All numerators are positive: x > 0 (see top). */
static rgb_coeffs coeffs_make(int kr, int kb, bool full, int weight)
{
    const u128 T = KSCALE, kg = (u128)(KSCALE - kr - kb), W = (u128)weight;
    const u128 yd = full ? 255 : 219, cd = full ? 255 : 224, yo = full ? 0 : 16;
    const u128 Q = yd * cd * T * kg * W;
    u128 a = 255 * cd * T * kg * W;                     /* 255 / yd */
    u128 r = 2 * 255 * (T - (u128)kr) * yd * kg;        /* 255 * 2 (1 - Kr) / (cd W) */
    u128 b = 2 * 255 * (T - (u128)kb) * yd * kg;
    u128 gb = 2 * 255 * (u128)kb * (T - (u128)kb) * yd; /* 255 * 2 Kb (1 - Kb) / (Kg cd W) */
    u128 gr = 2 * 255 * (u128)kr * (T - (u128)kr) * yd;
    u128 base = (2 * BIAS + 1) * Q - 2 * a * yo;
    rgb_coeffs k;
    k.ky = fixed_mul(a, Q, true);
    k.kr = fixed_mul(r, Q, true);
    k.kb = fixed_mul(b, Q, true);
    k.kgb = fixed_mul(gb, Q, false);
    k.kgr = fixed_mul(gr, Q, false);
    k.r0 = fixed(base - 256 * W * r, 2 * Q, true);
    k.b0 = fixed(base - 256 * W * b, 2 * Q, true);
    k.g0 = fixed(base + 256 * W * (gb + gr), 2 * Q, true);
    return k;
}

/* ---- Row kernels ----------------------------------------------------------------
 * Straight loops without calls or branches (the clamps become min/max), so
 * they vectorize; ROW_KERNEL adds AVX2 and AVX-512 versions. A 1080p 4:2:0
 * frame took about 6.5 ms with the baseline (SSE2) version, 3.3 ms with AVX2
 * and 1.5 ms with AVX-512 on one core of the machine this was written on,
 * where swscale's bit-exact path took 10 ms. The matrix dominates: five
 * 64-bit products per pixel. On an Intel Xeon with AVX-512, where the
 * compiled AVX-512 matrix multiplies with VPMULLQ, it took 3.4 ms of a frame's
 * 4.4 ms, and the intrinsics version below 2.0 ms. */

static inline uint32_t to_byte(uint64_t e)
{
    uint32_t q = (uint32_t)(e >> SHIFT);
    q = q > BIAS ? q - BIAS : 0;
    return q < 255 ? q : 255;
}

/* The matrix for one row; CT is the chroma numerators' type. */
#define DEFINE_MATRIX_ROW(name, CT)                                                \
    ROW_KERNEL static void name(const uint8_t *restrict y, const CT *restrict cb,  \
                                const CT *restrict cr, int n, rgb_coeffs k,        \
                                uint8_t *restrict bgra)                            \
    {                                                                              \
        for (int x = 0; x < n; x++) {                                              \
            uint32_t u = cb[x], v = cr[x];                                         \
            uint64_t yt = mul(y[x], k.ky);                                         \
            uint32_t r = to_byte(yt + mul(v, k.kr) + k.r0);                        \
            uint32_t g = to_byte(yt + k.g0 - mul(u, k.kgb) - mul(v, k.kgr));       \
            uint32_t b = to_byte(yt + mul(u, k.kb) + k.b0);                        \
            uint32_t o = b | g << 8 | r << 16 | UINT32_C(0xff000000);              \
            memcpy(bgra + 4 * (size_t)x, &o, 4);                                   \
        }                                                                          \
    }

DEFINE_MATRIX_ROW(matrix_row8_portable, uint8_t)
DEFINE_MATRIX_ROW(matrix_row16_portable, uint16_t)

/* The same matrix written with AVX-512 intrinsics. Compilers turn the
 * portable loop's 32x32->64 products into VPMULLQ on AVX-512 machines, a full
 * 64-bit multiply that costs three times VPMULUDQ on Intel's cores; here each
 * product is one VPMULUDQ, and the high halves' products are summed before
 * the one shift by 32. The sums are the portable loop's, mod 2^64. */
#if REEL_AVX512_KERNELS

/* Eight pixels from their channel sums: bits 54-63 of each sum (the channel
 * plus BIAS, below 2^10) move to 16-bit fields 0-2 of the lane, where
 * saturating arithmetic does to_byte's clamps for all three at once. */
AVX512_KERNEL static inline __m256i pack_avx512(__m512i eb, __m512i eg, __m512i er)
{
    __m512i b = _mm512_srli_epi64(eb, SHIFT);
    __m512i g = _mm512_srli_epi64(eg, SHIFT - 16);
    __m512i r = _mm512_srli_epi64(er, SHIFT - 32);
    /* 0xF8 is A | (B & C): the masks drop the bits shifted in below each field. */
    __m512i o = _mm512_ternarylogic_epi64(b, g, _mm512_set1_epi64(INT64_C(0x3ff) << 16), 0xF8);
    o = _mm512_ternarylogic_epi64(o, r, _mm512_set1_epi64(INT64_C(0x3ff) << 32), 0xF8);
    o = _mm512_subs_epu16(o, _mm512_set1_epi64(BIAS | (int64_t)BIAS << 16 | (int64_t)BIAS << 32));
    o = _mm512_min_epu16(o, _mm512_set1_epi16(255));
    return _mm256_or_si256(_mm512_cvtepi16_epi8(o), _mm256_set1_epi32((int)0xff000000u));
}

/* Eight pixels; y, u, v hold one sample per 64-bit lane. */
AVX512_KERNEL static inline __m256i matrix8_avx512(__m512i y, __m512i u, __m512i v, const rgb_coeffs *k)
{
#define LO(m) _mm512_set1_epi64((m).lo)
#define HI(m) _mm512_set1_epi64((m).hi)
    const __m512i yl = _mm512_mul_epu32(y, LO(k->ky)), yh = _mm512_mul_epu32(y, HI(k->ky));
    __m512i rl = _mm512_add_epi64(yl, _mm512_mul_epu32(v, LO(k->kr)));
    __m512i rh = _mm512_add_epi64(yh, _mm512_mul_epu32(v, HI(k->kr)));
    __m512i bl = _mm512_add_epi64(yl, _mm512_mul_epu32(u, LO(k->kb)));
    __m512i bh = _mm512_add_epi64(yh, _mm512_mul_epu32(u, HI(k->kb)));
    __m512i gl = _mm512_sub_epi64(_mm512_sub_epi64(yl, _mm512_mul_epu32(u, LO(k->kgb))),
                                  _mm512_mul_epu32(v, LO(k->kgr)));
    __m512i gh = _mm512_sub_epi64(_mm512_sub_epi64(yh, _mm512_mul_epu32(u, HI(k->kgb))),
                                  _mm512_mul_epu32(v, HI(k->kgr)));
#undef LO
#undef HI
#define SUM(l, h, c) _mm512_add_epi64(_mm512_add_epi64(l, _mm512_set1_epi64((long long)(c))), _mm512_slli_epi64(h, 32))
    return pack_avx512(SUM(bl, bh, k->b0), SUM(gl, gh, k->g0), SUM(rl, rh, k->r0));
#undef SUM
}

/* A row in steps of eight pixels; LOAD widens eight chroma numerators of
 * type CT to 64-bit lanes (LOAD_U8 the luma). The tail goes to the portable
 * loop. */
#define DEFINE_MATRIX_ROW_AVX512(name, portable, CT, LOAD)                             \
    AVX512_KERNEL static void name(const uint8_t *restrict y, const CT *restrict cb,     \
                                   const CT *restrict cr, int n, rgb_coeffs k,           \
                                   uint8_t *restrict bgra)                               \
    {                                                                                    \
        int x = 0;                                                                       \
        for (; x + 8 <= n; x += 8) {                                                     \
            __m512i yv = LOAD_U8(y + x), u = LOAD(cb + x), v = LOAD(cr + x);             \
            _mm256_storeu_si256((__m256i *)(void *)(bgra + 4 * (size_t)x), matrix8_avx512(yv, u, v, &k)); \
        }                                                                                \
        if (x < n)                                                                       \
            portable(y + x, cb + x, cr + x, n - x, k, bgra + 4 * (size_t)x);             \
    }

#define LOAD_U8(p) _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(p)))
#define LOAD_U16(p) _mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)(const void *)(p)))
DEFINE_MATRIX_ROW_AVX512(matrix_row8_avx512, matrix_row8_portable, uint8_t, LOAD_U8)
DEFINE_MATRIX_ROW_AVX512(matrix_row16_avx512, matrix_row16_portable, uint16_t, LOAD_U16)
#undef LOAD_U8
#undef LOAD_U16

#endif

/* The kernel pair a conversion uses: AVX-512 where the CPU has it, unless the
 * caller asks for the portable loops (tests compare the two). */
typedef struct matrix_kernels {
    void (*row8)(const uint8_t *, const uint8_t *, const uint8_t *, int, rgb_coeffs, uint8_t *);
    void (*row16)(const uint8_t *, const uint16_t *, const uint16_t *, int, rgb_coeffs, uint8_t *);
} matrix_kernels;

static matrix_kernels pick_kernels(bool portable)
{
#if REEL_AVX512_KERNELS
    if (!portable && avx512_usable())
        return (matrix_kernels){ matrix_row8_avx512, matrix_row16_avx512 };
#else
    (void)portable;
#endif
    return (matrix_kernels){ matrix_row8_portable, matrix_row16_portable };
}

/* Vertical interpolation: out[i] = wa a[i] + wb b[i] (a and b may be the same row). */
ROW_KERNEL static void vmix_row(const uint8_t *a, const uint8_t *b, unsigned wa, unsigned wb,
                                int n, uint16_t *restrict out)
{
    for (int i = 0; i < n; i++)
        out[i] = (uint16_t)(wa * a[i] + wb * b[i]);
}

/* The same for NV12's interleaved Cb, Cr pairs. */
ROW_KERNEL static void vmix_nv12_row(const uint8_t *a, const uint8_t *b, unsigned wa, unsigned wb,
                                     int n, uint16_t *restrict cb, uint16_t *restrict cr)
{
    for (int i = 0; i < n; i++) {
        cb[i] = (uint16_t)(wa * a[2 * i] + wb * b[2 * i]);
        cr[i] = (uint16_t)(wa * a[2 * i + 1] + wb * b[2 * i + 1]);
    }
}

/* Horizontal interpolation of pairs of pixels from v[1..pairs], with v[0] and
 * v[pairs + 1] the neighbours: pixel 2i takes p v[i+1] + q v[i], pixel 2i + 1
 * takes r v[i+1] + s v[i+2]. */
typedef struct hweights {
    unsigned p, q, r, s;
} hweights;

ROW_KERNEL static void hinterp_row(const uint16_t *restrict v, int pairs, hweights h,
                                   uint16_t *restrict out)
{
    for (int i = 0; i < pairs; i++) {
        out[2 * i] = (uint16_t)(h.p * v[i + 1] + h.q * v[i]);
        out[2 * i + 1] = (uint16_t)(h.r * v[i + 1] + h.s * v[i + 2]);
    }
}

/* ---- Siting -------------------------------------------------------------------- */

static bool cosited_horizontally(int loc)
{
    return loc != AVCHROMA_LOC_CENTER && loc != AVCHROMA_LOC_TOP && loc != AVCHROMA_LOC_BOTTOM;
}

typedef enum { V_CENTER, V_TOP, V_BOTTOM } vsiting;

static vsiting vertical_siting(int loc)
{
    if (loc == AVCHROMA_LOC_TOPLEFT || loc == AVCHROMA_LOC_TOP)
        return V_TOP;
    if (loc == AVCHROMA_LOC_BOTTOMLEFT || loc == AVCHROMA_LOC_BOTTOM)
        return V_BOTTOM;
    return V_CENTER;
}

/* The two chroma rows (clamped to 0..ch-1) and weights for luma row y. */
static void vertical_taps(vsiting vs, int y, int ch, int *j0, int *j1, unsigned *w0, unsigned *w1)
{
    int j = y >> 1, other;
    bool even = !(y & 1);
    switch (vs) {
    case V_TOP:
        other = j + 1;
        *w0 = even ? 2 : 1;
        *w1 = even ? 0 : 1;
        break;
    case V_BOTTOM:
        other = j - 1;
        *w0 = even ? 1 : 2;
        *w1 = even ? 1 : 0;
        break;
    default:
        other = even ? j - 1 : j + 1;
        *w0 = 3;
        *w1 = 1;
        break;
    }
    *j0 = j < ch ? j : ch - 1;
    *j1 = other < 0 ? 0 : other < ch ? other : ch - 1;
}

/* ---- Frames --------------------------------------------------------------------- */

typedef struct px_box { int x0, y0, x1, y1; } px_box;   /* half-open, within the frame */

static const uint8_t *plane_row(const AVFrame *f, int plane, int row)
{
    return f->data[plane] + (ptrdiff_t)row * f->linesize[plane];
}

static void convert_444(const AVFrame *f, matrix_kernels mk, const rgb_coeffs *k, uint8_t *bgra, int stride,
                        px_box b)
{
    for (int y = b.y0; y < b.y1; y++)
        mk.row8(plane_row(f, 0, y) + b.x0, plane_row(f, 1, y) + b.x0, plane_row(f, 2, y) + b.x0, b.x1 - b.x0, *k,
                bgra + (ptrdiff_t)y * stride + 4 * (ptrdiff_t)b.x0);
}

/* 4:2:0, 4:2:2 and NV12, in chunks of CHUNK pixels so that the interpolated
 * chroma lives in small buffers on the stack. Chunks start at even columns
 * (b.x0 is even), so each pixel takes the same samples and weights whatever
 * the box. */
static void convert_subsampled(const AVFrame *f, layout l, int loc, matrix_kernels mk,
                               const rgb_coeffs *k, uint8_t *bgra, int stride, px_box b)
{
    const int w = f->width, h = f->height, cw = (w + 1) >> 1, ch = l.sub_h ? (h + 1) >> 1 : h;
    const hweights hw = cosited_horizontally(loc) ? (hweights){ 2, 0, 1, 1 } : (hweights){ 3, 1, 3, 1 };
    const vsiting vs = vertical_siting(loc);
    uint16_t vcb[CHUNK / 2 + 2], vcr[CHUNK / 2 + 2], hcb[CHUNK], hcr[CHUNK];
    for (int y = b.y0; y < b.y1; y++) {
        int j0 = y, j1 = y;
        unsigned w0 = 1, w1 = 0;
        if (l.sub_h)
            vertical_taps(vs, y, ch, &j0, &j1, &w0, &w1);
        for (int x0 = b.x0; x0 < b.x1; x0 += CHUNK) {
            /* Chroma samples c0 .. c0 + cn - 1 cover the chunk; v[i] holds
             * sample c0 - 1 + i, so v[0] and v[cn + 1] are the neighbours. */
            int n = b.x1 - x0 < CHUNK ? b.x1 - x0 : CHUNK, c0 = x0 >> 1, cn = (n + 1) >> 1;
            int lo = c0 > 0 ? c0 - 1 : 0, hi = c0 + cn < cw ? c0 + cn + 1 : cw;
            int at = lo - (c0 - 1);
            if (l.nv12) {
                vmix_nv12_row(plane_row(f, 1, j0) + 2 * lo, plane_row(f, 1, j1) + 2 * lo, w0, w1,
                              hi - lo, vcb + at, vcr + at);
            } else {
                vmix_row(plane_row(f, 1, j0) + lo, plane_row(f, 1, j1) + lo, w0, w1, hi - lo, vcb + at);
                vmix_row(plane_row(f, 2, j0) + lo, plane_row(f, 2, j1) + lo, w0, w1, hi - lo, vcr + at);
            }
            if (c0 == 0) {
                vcb[0] = vcb[1];
                vcr[0] = vcr[1];
            }
            if (c0 + cn == cw) {
                vcb[cn + 1] = vcb[cn];
                vcr[cn + 1] = vcr[cn];
            }
            hinterp_row(vcb, n >> 1, hw, hcb);
            hinterp_row(vcr, n >> 1, hw, hcr);
            if (n & 1) {            /* odd end (the frame's): the last pixel is even, x = 2 (cn - 1) */
                hcb[n - 1] = (uint16_t)(hw.p * vcb[cn] + hw.q * vcb[cn - 1]);
                hcr[n - 1] = (uint16_t)(hw.p * vcr[cn] + hw.q * vcr[cn - 1]);
            }
            mk.row16(plane_row(f, 0, y) + x0, hcb, hcr, n, *k,
                     bgra + (ptrdiff_t)y * stride + 4 * (ptrdiff_t)x0);
        }
    }
}

bool yuv_to_rgb(const AVFrame *f, const yuv_rgb_params *p, uint8_t *bgra, int stride)
{
    return yuv_to_rgb_area(f, p, bgra, stride, 0, 0, f->width, f->height);
}

bool yuv_to_rgb_area(const AVFrame *f, const yuv_rgb_params *p, uint8_t *bgra, int stride, int x0, int y0, int x1,
                     int y1)
{
    layout l;
    int kr, kb;
    if (!layout_of(p->format, &l) || !matrix_weights(p->matrix, &kr, &kb) || f->width <= 0 || f->height <= 0)
        return false;
    /* Clamped to the frame, the left edge made even (see convert_subsampled),
     * the right edge even or the frame's. */
    px_box b = {x0 < 0 ? 0 : x0 & ~1, y0 < 0 ? 0 : y0, x1 > f->width ? f->width : x1, y1 > f->height ? f->height : y1};
    if (x1 <= x0 || b.x1 <= b.x0 || b.y1 <= b.y0)
        return true;
    if (b.x1 < f->width && (b.x1 & 1))
        b.x1++;
    int weight = 1;
    if (l.sub_w)
        weight *= cosited_horizontally(p->chroma_loc) ? 2 : 4;
    if (l.sub_h)
        weight *= vertical_siting(p->chroma_loc) == V_CENTER ? 4 : 2;
    rgb_coeffs k = coeffs_make(kr, kb, p->full_range, weight);
    matrix_kernels mk = pick_kernels(p->portable);
    if (l.sub_w)
        convert_subsampled(f, l, p->chroma_loc, mk, &k, bgra, stride, b);
    else
        convert_444(f, mk, &k, bgra, stride, b);
    return true;
}

bool yuv_to_rgb_matrix_row(int matrix, bool full_range, int weight, bool portable, const uint8_t *y,
                           const uint16_t *cb, const uint16_t *cr, int n, uint8_t *bgra)
{
    int kr, kb;
    if (!matrix_weights(matrix, &kr, &kb) || weight < 1 || weight > 16 || (weight & (weight - 1)))
        return false;
    pick_kernels(portable).row16(y, cb, cr, n, coeffs_make(kr, kb, full_range, weight), bgra);
    return true;
}
