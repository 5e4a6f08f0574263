/* Decoders on big buffers: every frame of a clip decodes to the same bytes as
 * with libavcodec's own buffers, for 8-bit 4:2:0 with B-frames at a size that
 * needs padding, 4:4:4, 10-bit 4:2:2, a stream whose size changes midway, and
 * a decoder that cannot take outside buffers (it keeps libavcodec's). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>

#include "check.h"
#include "scratch_dir.h"
#include "media/decode_buffers.h"

#define FF "timeout -k 5 120 ffmpeg -nostdin -v error -y "


/* A decoded clip: every frame's visible bytes, plane by plane, row by row. */
typedef struct decoded {
    uint8_t *bytes;
    size_t size, cap;
    int frames;
    int sizes_seen;             /* distinct frame sizes */
    bool attached;              /* the decoder took the pool */
    bool one_buffer;            /* every frame had all its planes in one buffer */
} decoded;

static bool append(decoded *d, const uint8_t *p, size_t n)
{
    if (d->size + n > d->cap) {
        size_t cap = (d->size + n) * 2;
        uint8_t *b = realloc(d->bytes, cap);
        if (!b)
            return false;
        d->bytes = b;
        d->cap = cap;
    }
    memcpy(d->bytes + d->size, p, n);
    d->size += n;
    return true;
}

static bool keep_frame(decoded *d, const AVFrame *f, int *last_w)
{
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(f->format);
    int planes = av_pix_fmt_count_planes(f->format);
    for (int p = 0; p < planes; p++) {
        int bytes = av_image_get_linesize(f->format, f->width, p);
        int rows = p == 1 || p == 2 ? AV_CEIL_RSHIFT(f->height, desc->log2_chroma_h) : f->height;
        for (int y = 0; y < rows; y++)
            if (!append(d, f->data[p] + (size_t)y * (size_t)f->linesize[p], (size_t)bytes))
                return false;
    }
    /* The pool puts all planes in one buffer; libavcodec's has one per plane. */
    d->one_buffer = d->one_buffer && f->buf[0] && !f->buf[1];
    if (f->width != *last_w)
        d->sizes_seen++;
    *last_w = f->width;
    d->frames++;
    return true;
}

static bool decode_file(const char *path, bool big, decoded *out)
{
    *out = (decoded){ .one_buffer = true };
    AVFormatContext *fc = NULL;
    if (avformat_open_input(&fc, path, NULL, NULL) < 0)
        return false;
    bool ok = avformat_find_stream_info(fc, NULL) >= 0;
    int stream = ok ? av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0) : -1;
    const AVCodec *codec = stream >= 0 ? avcodec_find_decoder(fc->streams[stream]->codecpar->codec_id) : NULL;
    AVCodecContext *c = codec ? avcodec_alloc_context3(codec) : NULL;
    decode_buffers *pool = NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *f = av_frame_alloc();
    ok = c && pkt && f && avcodec_parameters_to_context(c, fc->streams[stream]->codecpar) >= 0;
    if (ok) {
        c->thread_count = 1;
        if (big)
            pool = decode_buffers_attach(c);
        out->attached = pool != NULL;
        ok = avcodec_open2(c, codec, NULL) >= 0;
    }
    int last_w = 0;
    bool draining = false;
    while (ok) {
        if (!draining) {
            int rc = av_read_frame(fc, pkt);
            if (rc < 0) {
                draining = true;
                avcodec_send_packet(c, NULL);
            } else {
                if (pkt->stream_index == stream)
                    ok = avcodec_send_packet(c, pkt) >= 0;
                av_packet_unref(pkt);
            }
        }
        int rc;
        while (ok && (rc = avcodec_receive_frame(c, f)) >= 0) {
            ok = keep_frame(out, f, &last_w);
            av_frame_unref(f);
        }
        if (draining)
            break;
    }
    av_frame_free(&f);
    av_packet_free(&pkt);
    avcodec_free_context(&c);
    decode_buffers_free(pool);
    avformat_close_input(&fc);
    return ok;
}

/* Decodes path both ways; checks the bytes are equal and who gave the frames:
 * with pool_used, the pool (frames in one buffer, where libavcodec's have one
 * per plane), else libavcodec (the pool is not attached). */
static void check_same(const char *path, int frames, int sizes, bool pool_used)
{
    decoded theirs, ours;
    CHECK(decode_file(path, false, &theirs));
    CHECK(decode_file(path, true, &ours));
    CHECK_EQ_INT(ours.frames, frames);
    CHECK_EQ_INT(theirs.frames, frames);
    CHECK_EQ_INT(ours.sizes_seen, sizes);
    CHECK_EQ_INT(ours.size, theirs.size);
    CHECK(ours.size == theirs.size && memcmp(ours.bytes, theirs.bytes, ours.size) == 0);
    CHECK(ours.attached == pool_used);
    CHECK(!theirs.attached);
    if (pool_used) {
        CHECK(ours.one_buffer);
        CHECK(!theirs.one_buffer);
    }
    free(theirs.bytes);
    free(ours.bytes);
}

static const char *tmp(const char *name)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 256, "%s/%s", scratch_dir, name);
    return p;
}

static void test_h264_420_odd_size(void)
{
    CHECK(sh(FF "-f lavfi -i testsrc2=size=250x142:rate=30 -frames:v 40 -c:v libx264 -bf 3 "
             "-pix_fmt yuv420p '%s'", tmp("a.mp4")));
    check_same(tmp("a.mp4"), 40, 1, true);
}

static void test_h264_444_and_10_bit_422(void)
{
    CHECK(sh(FF "-f lavfi -i testsrc2=size=96x64:rate=30 -frames:v 12 -c:v libx264 "
             "-pix_fmt yuv444p '%s'", tmp("b.mp4")));
    check_same(tmp("b.mp4"), 12, 1, true);
    CHECK(sh(FF "-f lavfi -i testsrc2=size=96x64:rate=30 -frames:v 12 -c:v prores_ks "
             "-pix_fmt yuv422p10le '%s'", tmp("c.mov")));
    check_same(tmp("c.mov"), 12, 1, true);
}

static void test_size_change_midway(void)
{
    CHECK(sh(FF "-f lavfi -i testsrc2=size=128x72:rate=30 -frames:v 10 -c:v libx264 '%s'",
             tmp("d1.ts")));
    CHECK(sh(FF "-f lavfi -i testsrc2=size=320x180:rate=30 -frames:v 10 -c:v libx264 '%s'",
             tmp("d2.ts")));
    CHECK(sh("{ cat '%s' '%s' > '%s'; }", tmp("d1.ts"), tmp("d2.ts"), tmp("d.ts")));
    check_same(tmp("d.ts"), 20, 2, true);
}

static void test_decoder_without_outside_buffers(void)
{
    /* rawvideo hands out the packet's own memory (no AV_CODEC_CAP_DR1). */
    CHECK(sh(FF "-f lavfi -i testsrc2=size=64x36:rate=30 -frames:v 5 -c:v rawvideo "
             "-pix_fmt yuv420p '%s'", tmp("e.avi")));
    check_same(tmp("e.avi"), 5, 1, false);
}

int main(void)
{
    /* libavcodec warns about any get_buffer2 of one's own, threads or not. */
    av_log_set_level(AV_LOG_ERROR);
    if (!scratch_make("decbuf"))
        return 1;
    RUN(test_h264_420_odd_size);
    RUN(test_h264_444_and_10_bit_422);
    RUN(test_size_change_midway);
    RUN(test_decoder_without_outside_buffers);
    scratch_remove();
    return CHECK_EXIT();
}
