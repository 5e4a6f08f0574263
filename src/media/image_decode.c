/* Still images through libavformat + libavcodec + libswscale.
 *
 * The container is probed from the bytes, so a PNG saved as .jpg still
 * decodes. The decoder runs single-threaded with strict error detection
 * (CRC checks, and "explode" so corruption is an error instead of a warning
 * and a half-grey picture), and its own log lines are demoted below the
 * default level through the context's log_level_offset: the failure comes
 * back as a message instead, and no global log setting is touched.
 *
 * Conversion to BGRA is swscale with bit-exact, accurately rounded, full
 * chroma resolution settings, honoring the frame's YUV matrix and range (JPEG
 * is BT.601 full range). Premultiplying, c * a / 255 rounded, is done here. */
#include "media/media_errors.h"
#include "media/image_decode.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

typedef struct decode_state {
    AVFormatContext *fc;
    AVCodecContext *dec;
    AVPacket *pkt;
    AVFrame *frame;
    struct SwsContext *sws;
} decode_state;

static void decode_state_free(decode_state *s)
{
    sws_freeContext(s->sws);
    av_frame_free(&s->frame);
    av_packet_free(&s->pkt);
    avcodec_free_context(&s->dec);
    avformat_close_input(&s->fc);
}

static int fail(char *err, size_t errsize, const char *path, const char *what, int rc)
{
    return media_fail(err, errsize, path, what, rc);
}

static int check_size(int w, int h, const char *path, char *err, size_t errsize)
{
    return media_check_size("image", w, h, IMAGE_MAX_SIDE, path, err, errsize);
}

/* Opens the file and a decoder for its first video stream. */
static int open_decoder(decode_state *s, const char *path, int *stream, char *err, size_t errsize)
{
    char what[300];
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(what, sizeof what, "cannot open: %s", strerror(errno));
        return fail(err, errsize, path, what, AVERROR(errno));
    }
    if (S_ISREG(st.st_mode) && st.st_size == 0)
        return fail(err, errsize, path, "not an image FFmpeg can decode (the file is empty)",
                    AVERROR_INVALIDDATA);

    /* "file:" so that a ':' in the name is never read as a protocol, and
     * only the file protocol, so no probed playlist can reach elsewhere. */
    int rc = media_open_file(&s->fc, path);
    if (rc == AVERROR(ENOMEM))
        return fail(err, errsize, path, "out of memory", rc);
    if (rc < 0) {
        if (rc == AVERROR_INVALIDDATA)
            return fail(err, errsize, path, "not an image FFmpeg can decode", rc);
        char buf[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(rc, buf, sizeof buf);
        snprintf(what, sizeof what, "cannot open: %s", buf);
        return fail(err, errsize, path, what, rc);
    }
    const AVCodec *codec = NULL;
    rc = av_find_best_stream(s->fc, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (rc < 0 || !codec)
        return fail(err, errsize, path, "not an image FFmpeg can decode", AVERROR_INVALIDDATA);
    *stream = rc;
    const AVCodecParameters *par = s->fc->streams[rc]->codecpar;
    /* Refuse oversized images before decoding them when the header says so. */
    if (par->width > 0 && par->height > 0 && (rc = check_size(par->width, par->height, path, err, errsize)) < 0)
        return rc;

    if (!(s->dec = avcodec_alloc_context3(codec)))
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    if ((rc = avcodec_parameters_to_context(s->dec, par)) < 0)
        return fail(err, errsize, path, "not an image FFmpeg can decode", rc);
    s->dec->thread_count = 1;
    s->dec->err_recognition = AV_EF_CRCCHECK | AV_EF_BITSTREAM | AV_EF_BUFFER | AV_EF_EXPLODE;
    s->dec->log_level_offset = MEDIA_QUIET_LOG_OFFSET;
    if ((rc = avcodec_open2(s->dec, codec, NULL)) < 0)
        return fail(err, errsize, path, "not an image FFmpeg can decode", rc);
    return 0;
}

/* Decodes the first frame of the stream into s->frame. */
static int decode_first_frame(decode_state *s, int stream, const char *path, char *err, size_t errsize)
{
    const char *corrupt = "truncated or corrupt image data";
    if (!(s->pkt = av_packet_alloc()) || !(s->frame = av_frame_alloc()))
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    bool flushing = false;
    for (;;) {
        int rc = avcodec_receive_frame(s->dec, s->frame);
        if (rc == 0)
            return 0;
        if (rc == AVERROR_EOF)
            return fail(err, errsize, path, corrupt, AVERROR_INVALIDDATA);
        if (rc != AVERROR(EAGAIN))
            return fail(err, errsize, path, corrupt, rc);
        if (flushing)   /* drained and still nothing */
            return fail(err, errsize, path, corrupt, AVERROR_INVALIDDATA);
        rc = av_read_frame(s->fc, s->pkt);
        if (rc == AVERROR_EOF) {
            flushing = true;
            rc = avcodec_send_packet(s->dec, NULL);
        } else if (rc < 0) {
            return fail(err, errsize, path, corrupt, rc);
        } else {
            if (s->pkt->stream_index == stream)
                rc = avcodec_send_packet(s->dec, s->pkt);
            av_packet_unref(s->pkt);
        }
        if (rc < 0 && rc != AVERROR_EOF)
            return fail(err, errsize, path, corrupt, rc);
    }
}

static bool is_yuv(enum AVPixelFormat fmt)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmt);
    return d && !(d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) && d->nb_components >= 3;
}

/* The deprecated "yuvj" formats (full-range YUV, used by the JPEG decoder)
 * as their plain equivalents; swscale warns about the former. */
static enum AVPixelFormat plain_yuv(enum AVPixelFormat fmt, bool *full_range)
{
    switch (fmt) {
    case AV_PIX_FMT_YUVJ420P: *full_range = true; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: *full_range = true; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: *full_range = true; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: *full_range = true; return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P: *full_range = true; return AV_PIX_FMT_YUV411P;
    default: return fmt;
    }
}

/* s->frame -> straight BGRA in out->pixels. */
static int convert_to_bgra(decode_state *s, decoded_image *out, const char *path, char *err, size_t errsize)
{
    const AVFrame *f = s->frame;
    bool full_range = f->color_range == AVCOL_RANGE_JPEG;
    enum AVPixelFormat fmt = plain_yuv((enum AVPixelFormat)f->format, &full_range);
    int flags = SWS_BILINEAR | SWS_BITEXACT | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP;
    s->sws = sws_getContext(f->width, f->height, fmt, f->width, f->height, AV_PIX_FMT_BGRA,
                            flags, NULL, NULL, NULL);
    if (!s->sws)
        return fail(err, errsize, path, "cannot convert this image's pixel format", AVERROR(ENOSYS));
    if (is_yuv(fmt)) {
        /* The frame's own matrix (BT.601 when unspecified, as in JPEG) and range. */
        int *inv_table, src_range, *table, dst_range, brightness, contrast, saturation;
        sws_getColorspaceDetails(s->sws, &inv_table, &src_range, &table, &dst_range,
                                 &brightness, &contrast, &saturation);
        int cs = f->colorspace == AVCOL_SPC_UNSPECIFIED || f->colorspace == AVCOL_SPC_RGB
                     ? SWS_CS_DEFAULT : (int)f->colorspace;
        sws_setColorspaceDetails(s->sws, sws_getCoefficients(cs), full_range ? 1 : 0, table, dst_range,
                                 brightness, contrast, saturation);
    }
    out->width = f->width;
    out->height = f->height;
    out->stride = f->width * 4;
    out->pixels = malloc((size_t)out->stride * (size_t)out->height);
    if (!out->pixels)
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    uint8_t *dst[4] = { out->pixels, NULL, NULL, NULL };
    int dst_stride[4] = { out->stride, 0, 0, 0 };
    if (sws_scale(s->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, dst_stride) != f->height)
        return fail(err, errsize, path, "cannot convert this image's pixel format", AVERROR(ENOSYS));
    return 0;
}

/* Straight alpha -> premultiplied, c * a / 255 rounded half up (exactly). */
static void premultiply(decoded_image *img)
{
    for (int y = 0; y < img->height; y++) {
        uint8_t *p = img->pixels + (size_t)y * (size_t)img->stride;
        for (int x = 0; x < img->width; x++, p += 4) {
            unsigned a = p[3];
            if (a == 255)
                continue;
            p[0] = (uint8_t)((p[0] * a + 127) / 255);
            p[1] = (uint8_t)((p[1] * a + 127) / 255);
            p[2] = (uint8_t)((p[2] * a + 127) / 255);
        }
    }
}

/* FFmpeg's PNG decoder refuses huge sizes before reel could name the problem;
 * a PNG states its size in its first chunk, so check that first. */
static int check_png_header(const char *path, char *err, size_t errsize)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    uint8_t head[24];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got < sizeof head || memcmp(head, sig, 8) != 0 || memcmp(head + 12, "IHDR", 4) != 0)
        return 0;
    uint32_t w = (uint32_t)head[16] << 24 | (uint32_t)head[17] << 16 | (uint32_t)head[18] << 8 | head[19];
    uint32_t h = (uint32_t)head[20] << 24 | (uint32_t)head[21] << 16 | (uint32_t)head[22] << 8 | head[23];
    if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE)
        return check_size(w > INT32_MAX ? INT32_MAX : (int)w, h > INT32_MAX ? INT32_MAX : (int)h, path, err, errsize);
    /* FFmpeg's own limit on a picture's area (av_image_check_size). */
    if ((uint64_t)(w + 128) * (h + 128) >= INT32_MAX / 8) {
        char what[160];
        snprintf(what, sizeof what, "image is %ux%u, more than the decoder's limit of about 268 million pixels",
                 (unsigned)w, (unsigned)h);
        return fail(err, errsize, path, what, AVERROR(ERANGE));
    }
    return 0;
}

int image_decode_file(const char *path, decoded_image *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (!path)
        path = "";
    decode_state s = { 0 };
    int stream = -1;
    int rc = check_png_header(path, err, errsize);
    if (rc >= 0)
        rc = open_decoder(&s, path, &stream, err, errsize);
    if (rc >= 0)
        rc = decode_first_frame(&s, stream, path, err, errsize);
    if (rc >= 0)
        rc = check_size(s.frame->width, s.frame->height, path, err, errsize);
    if (rc >= 0)
        rc = convert_to_bgra(&s, out, path, err, errsize);
    if (rc >= 0)
        premultiply(out);
    else
        decoded_image_free(out);
    decode_state_free(&s);
    return rc < 0 ? rc : 0;
}

void decoded_image_free(decoded_image *img)
{
    if (!img)
        return;
    free(img->pixels);
    memset(img, 0, sizeof *img);
}
