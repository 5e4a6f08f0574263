/* RGB -> YUV conversion for encoding, bit-exact on every CPU.
 *
 * Input is what the renderer produces: cairo ARGB32, i.e. premultiplied BGRA
 * bytes in memory on little-endian machines. Output is written into an AVFrame
 * whose format, width, height and buffers are already set. The matrix is
 * BT.709; range is limited (16-235/240) unless full_range. Chroma for 4:2:0 is
 * the rounded mean of each 2x2 block. Pure integer arithmetic, so the result does
 * not depend on the CPU, compiler flags or thread count. Formats with alpha
 * (yuva420p, yuva444p10le) get the alpha plane and un-premultiplied color. */
#ifndef REEL_YUV_H
#define REEL_YUV_H

#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

/* true when convert can produce fmt (an enum AVPixelFormat). */
bool yuv_format_supported(int fmt);

/* Converts rows [y0, y1) of the w x h source (y0, y1 even for 4:2:0) into dst.
 * Converting in row bands lets callers split a frame across threads. */
void yuv_convert_rows(const uint8_t *bgra, int stride, int w, int h, bool full_range,
                      AVFrame *dst, int y0, int y1);

/* true when yuv_convert_area can produce fmt: the formats without alpha. */
bool yuv_area_supported(int fmt);

/* Converts only columns [x0, x1) of rows [y0, y1), widened to whole 2x2
 * blocks for 4:2:0 (odd edges of the frame are whole blocks too); the rest
 * of dst is left as it is. Every sample written is the one yuv_convert would
 * write. */
void yuv_convert_area(const uint8_t *bgra, int stride, int w, int h, bool full_range,
                      AVFrame *dst, int x0, int y0, int x1, int y1);

/* Copies the same area (widened the same way) from src, a frame of the
 * same format and size, into dst. */
void yuv_copy_area(AVFrame *dst, const AVFrame *src, int x0, int y0, int x1, int y1);

/* For tests: true makes every conversion use the plain C loops even where
 * the CPU runs their AVX-512 versions (both write the same bytes). Set it
 * only while no conversion runs. */
void yuv_portable_kernels(bool on);

/* Converts the whole frame. */
void yuv_convert(const uint8_t *bgra, int stride, int w, int h, bool full_range, AVFrame *dst);

#endif
