#include "media/decode_buffers.h"

#include <stdbool.h>
#include <stdlib.h>

#include <libavutil/buffer.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>

#include "media/frame_convert.h"

/* Bytes after each plane that SIMD code may read or write past its end. */
enum { PLANE_PADDING = 128, PLANE_ALIGN = 64 };

struct decode_buffers {
    AVBufferPool *pool;
    int format, width, height;          /* what the pool's layout is for */
    int planes;
    int linesize[4];
    size_t offset[4];
};

static AVBufferRef *alloc_big(void *opaque, size_t size)
{
    (void)opaque;
    return frame_buffer_new(size);
}

/* The layout libavcodec's default pool would use (its alignment of width,
 * height and line sizes for this codec), with all planes in one buffer. */
static int make_layout(decode_buffers *b, AVCodecContext *c, const AVFrame *f)
{
    int w = f->width, h = f->height;
    int align[AV_NUM_DATA_POINTERS];
    avcodec_align_dimensions2(c, &w, &h, align);
    int linesize[4];
    for (;;) {
        /* Widen w rather than each line size: some decoders count on the
         * planes' line sizes keeping their ratios. */
        int rc = av_image_fill_linesizes(linesize, (enum AVPixelFormat)f->format, w);
        if (rc < 0)
            return rc;
        bool aligned = true;
        for (int i = 0; i < 4; i++)
            aligned = aligned && (align[i] <= 0 || linesize[i] % align[i] == 0);
        if (aligned)
            break;
        w += w & -w;
    }
    ptrdiff_t strides[4];
    size_t sizes[4];
    for (int i = 0; i < 4; i++)
        strides[i] = linesize[i];
    int rc = av_image_fill_plane_sizes(sizes, (enum AVPixelFormat)f->format, h, strides);
    if (rc < 0)
        return rc;
    size_t total = 0;
    b->planes = 0;
    for (int i = 0; i < 4 && sizes[i] > 0; i++) {
        b->linesize[i] = linesize[i];
        b->offset[i] = total;
        total += (sizes[i] + PLANE_PADDING + PLANE_ALIGN - 1) / PLANE_ALIGN * PLANE_ALIGN;
        b->planes = i + 1;
    }
    av_buffer_pool_uninit(&b->pool);    /* buffers still in frames stay valid */
    if (!(b->pool = av_buffer_pool_init2(total, NULL, alloc_big, NULL)))
        return AVERROR(ENOMEM);
    b->format = f->format;
    b->width = f->width;
    b->height = f->height;
    return 0;
}

static bool plain_planes(int format)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(format);
    return d && !(d->flags & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BITSTREAM));
}

static int get_buffer(AVCodecContext *c, AVFrame *f, int flags)
{
    decode_buffers *b = c->opaque;
    if (!b || c->hw_frames_ctx || c->codec_type != AVMEDIA_TYPE_VIDEO || !plain_planes(f->format))
        return avcodec_default_get_buffer2(c, f, flags);
    if (!b->pool || b->format != f->format || b->width != f->width || b->height != f->height) {
        int rc = make_layout(b, c, f);
        if (rc < 0)
            return rc;
    }
    AVBufferRef *buf = av_buffer_pool_get(b->pool);
    if (!buf)
        return AVERROR(ENOMEM);
    f->buf[0] = buf;
    for (int i = 0; i < b->planes; i++) {
        f->data[i] = buf->data + b->offset[i];
        f->linesize[i] = b->linesize[i];
    }
    f->extended_data = f->data;
    return 0;
}

decode_buffers *decode_buffers_attach(AVCodecContext *c)
{
    if (!c->codec || !(c->codec->capabilities & AV_CODEC_CAP_DR1))
        return NULL;        /* such decoders must use libavcodec's buffers */
    decode_buffers *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    c->opaque = b;
    c->get_buffer2 = get_buffer;
    return b;
}

void decode_buffers_free(decode_buffers *b)
{
    if (!b)
        return;
    av_buffer_pool_uninit(&b->pool);
    free(b);
}
