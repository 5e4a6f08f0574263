/* Converts a rendered frame (cairo ARGB32: premultiplied BGRA bytes) into the
 * encoder's pixel format: YUV through yuv.c, packed RGB(A) formats by exact
 * un-premultiplying, PAL8 (GIF) by mapping onto a fixed palette with optional
 * ordered dithering. Pure integer code: the same bytes on every CPU. */
#ifndef REEL_FRAME_CONVERT_H
#define REEL_FRAME_CONVERT_H

#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

typedef struct palette {
    uint32_t colors[256];       /* 0xAARRGGBB, straight alpha */
    int count;                  /* used entries */
    int transparent_index;      /* -1: none */
} palette;

typedef struct convert_options {
    bool full_range;            /* YUV formats */
    const palette *pal;         /* PAL8 */
    bool dither;                /* PAL8: ordered (Bayer 8x8) dithering */
} convert_options;

/* av_frame_get_buffer with every byte zeroed, padding included: encoders may
 * read past a plane's width or height (alignment, SIMD), and what they read
 * must not be left over from earlier allocations, or output bytes would vary
 * between runs. FFmpeg's layout, moved into a big buffer (util/big_buffer.h)
 * when all planes share one. Returns 0 or a negative AVERROR. */
int frame_alloc_zeroed(AVFrame *f);

/* size zeroed bytes in a big buffer (util/big_buffer.h), as a reference that
 * frees it; NULL when out of memory. */
AVBufferRef *frame_buffer_new(size_t size);

/* A new frame of that format and size with zeroed buffers (frame_alloc_zeroed);
 * NULL when out of memory. */
AVFrame *frame_new_zeroed(int fmt, int width, int height);

/* true when frame_convert can produce fmt (an enum AVPixelFormat). */
bool frame_convert_supported(int fmt);

/* Fills dst (format, width, height and buffers already set) from the w x h
 * BGRA source. */
void frame_convert(const uint8_t *bgra, int stride, int w, int h, const convert_options *o, AVFrame *dst);

/* true when frame_convert_area can convert part of a frame into fmt: the
 * YUV formats without alpha. */
bool frame_convert_area_supported(int fmt);

/* Converts only columns [x0, x1) of rows [y0, y1) (widened to whole chroma
 * blocks), writing exactly what frame_convert writes there; the rest of dst
 * is left as it is. For frames that differ from a converted picture only
 * inside that area. */
void frame_convert_area(const uint8_t *bgra, int stride, int w, int h, const convert_options *o, AVFrame *dst,
                        int x0, int y0, int x1, int y1);

/* Copies that same area of src, an encoder frame of the same format and size
 * (the converted picture the area was drawn over), into dst. */
void frame_copy_area(AVFrame *dst, const AVFrame *src, int x0, int y0, int x1, int y1);

#endif
