/* Decoded footage written straight into an encoder frame.
 *
 * Where footage covers the whole frame and nothing is drawn over it, the
 * frame's samples can be the footage's own instead of a conversion of their
 * conversion to RGB: the same picture without the round trip's rounding and
 * clipping, and without its cost (two full-frame conversions per frame).
 * That holds when the footage's samples mean what the encoder's do: 8-bit
 * 4:2:0 into 4:2:0, the BT.709 matrix and the same range. Luma is copied;
 * chroma sited at the left of its pixel pair (the H.264 default) is moved to
 * the center the encoder's frames declare (media/encoder.c), by the
 * interpolation the round trip applied horizontally: 3/4 of a sample and 1/4
 * of its right neighbour, rounded half up. */
#ifndef REEL_FOOTAGE_PLANES_H
#define REEL_FOOTAGE_PLANES_H

#include <stdbool.h>

#include <libavutil/frame.h>

#include "media/yuv_to_rgb.h"

/* true when frames with these parameters can be copied into frames of
 * out_format (an enum AVPixelFormat) at that range. */
bool footage_planes_fit(const yuv_rgb_params *p, int out_format, bool out_full_range);

/* Writes src's samples into dst, a frame of the same size (for parameters
 * that fit). */
void footage_planes_copy(const AVFrame *src, const yuv_rgb_params *p, AVFrame *dst);

#endif
