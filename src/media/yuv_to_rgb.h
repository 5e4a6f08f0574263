/* YUV -> BGRA for decoded video frames, bit-exact on every CPU.
 *
 * Converts 8-bit planar YUV 4:2:0, 4:2:2, 4:4:4 and NV12 at the same size
 * (no scaling) to opaque BGRA (alpha 255). Each output byte is the textbook
 * formula for the frame's matrix and range applied to the luma sample and the
 * bilinearly interpolated chroma, rounded once, half up, and clamped to 0..255.
 * Pure integer arithmetic, so the result does not depend on the CPU, compiler
 * flags or vector width. */
#ifndef REEL_YUV_TO_RGB_H
#define REEL_YUV_TO_RGB_H

#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

/* The fixed-point format of yuv_to_rgb.c: 54 fractional bits and values
 * offset by 300. Public so that the unit test can recheck the exactness
 * argument of yuv_to_rgb.c's header with the real parameters. */
enum { YUV_RGB_FRACTION_BITS = 54, YUV_RGB_BIAS = 300 };

typedef struct yuv_rgb_params {
    int format;         /* AV_PIX_FMT_YUV420P, _YUV422P, _YUV444P or _NV12 */
    int matrix;         /* an AVCOL_SPC_* value, see yuv_to_rgb_supported */
    bool full_range;    /* 0-255 codes; else limited (16-235 luma, 16-240 chroma) */
    int chroma_loc;     /* an AVCHROMA_LOC_* value; unspecified means left */
    bool portable;      /* the plain C loops even where AVX-512 is there (tests) */
} yuv_rgb_params;

/* true when yuv_to_rgb handles this pixel format (enum AVPixelFormat) and
 * matrix (enum AVColorSpace): BT.709, BT.601 (BT470BG, SMPTE170M), FCC,
 * SMPTE240M and BT.2020 non-constant luminance. */
bool yuv_to_rgb_supported(int format, int matrix);

/* Converts f's f->width x f->height planes into bgra (rows stride bytes
 * apart). Returns false, writing nothing, for unsupported parameters. */
bool yuv_to_rgb(const AVFrame *f, const yuv_rgb_params *p, uint8_t *bgra, int stride);

/* The same for the pixels of columns [x0, x1) and rows [y0, y1) only
 * (clamped to the frame, widened to even columns), each the byte yuv_to_rgb
 * writes there; the rest of bgra is left as it is. */
bool yuv_to_rgb_area(const AVFrame *f, const yuv_rgb_params *p, uint8_t *bgra, int stride, int x0, int y0, int x1,
                     int y1);

/* The matrix step alone (exposed for tests): pixel i has luma y[i] and chroma
 * cb[i] / weight, cr[i] / weight, for weight 1, 2, 4, 8 or 16 (the
 * interpolation's denominator; cb[i], cr[i] <= 255 * weight). portable as in
 * yuv_rgb_params. */
bool yuv_to_rgb_matrix_row(int matrix, bool full_range, int weight, bool portable, const uint8_t *y,
                           const uint16_t *cb, const uint16_t *cr, int n, uint8_t *bgra);

#endif
