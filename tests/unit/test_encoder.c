/* Segment encoders and the muxer, end to end: flat color frames go through
 * yuv_convert, libx264 in separate per-segment encoders and the MP4 muxer, and
 * come back through libavformat/libavcodec with the colors, timestamps and
 * color tags intact. Two encodes, and an encode whose segments ran in
 * parallel threads, must give the same bytes. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>

#include "check.h"
#include "media/encoder.h"
#include "media/muxer.h"
#include "media/packet_list.h"
#include "media/yuv.h"

enum { W = 320, H = 240, FRAMES = 30 };

/* Segment lengths of the test video: uneven, with short tail segments so the
 * B-frame reorder delay is exercised where a segment is too short for it. */
static const int segment_lengths[] = { 12, 12, 5, 1 };
enum { SEGMENTS = sizeof segment_lengths / sizeof segment_lengths[0] };

typedef struct rgb8 {
    int r, g, b;
} rgb8;

/* #FF5A1F for frames 0-9, white 10-19, black 20-29. */
static rgb8 color_of_frame(int f)
{
    if (f < 10)
        return (rgb8){ 255, 90, 31 };
    if (f < 20)
        return (rgb8){ 255, 255, 255 };
    return (rgb8){ 0, 0, 0 };
}

static encode_settings test_settings(void)
{
    encode_settings s = { 0 };
    s.codec = "libx264";
    s.width = W;
    s.height = H;
    s.fps = (rational){ 30, 1 };
    s.pix_fmt = AV_PIX_FMT_YUV420P;
    s.full_range = false;
    s.crf = 18;
    s.preset = "medium";
    return s;
}

static void fill_flat(uint8_t *bgra, rgb8 c)
{
    for (int i = 0; i < W * H; i++) {
        bgra[4 * i] = (uint8_t)c.b;
        bgra[4 * i + 1] = (uint8_t)c.g;
        bgra[4 * i + 2] = (uint8_t)c.r;
        bgra[4 * i + 3] = 255;
    }
}

static int segment_start(int k)
{
    int start = 0;
    for (int i = 0; i < k; i++)
        start += segment_lengths[i];
    return start;
}

/* Encodes segment k into out with its own encoder; 0 on success. Also reports
 * whether its extradata matched ref's. */
static int encode_segment(int k, const AVCodecContext *ref, packet_list *out, bool *same_extradata)
{
    char err[256] = "";
    encode_settings s = test_settings();
    segment_encoder *enc = NULL;
    if (segment_encoder_open(&enc, &s, err, sizeof err) < 0) {
        fprintf(stderr, "  segment_encoder_open: %s\n", err);
        return -1;
    }
    const AVCodecContext *c = segment_encoder_context(enc);
    *same_extradata = c->extradata_size > 0 && c->extradata_size == ref->extradata_size &&
                      memcmp(c->extradata, ref->extradata, (size_t)c->extradata_size) == 0;
    AVFrame *frame = segment_encoder_alloc_frame(enc);
    uint8_t *bgra = malloc((size_t)W * H * 4);
    int rc = frame && bgra ? 0 : -1;
    int first = segment_start(k);
    for (int f = first; f < first + segment_lengths[k] && rc >= 0; f++) {
        fill_flat(bgra, color_of_frame(f));
        if ((rc = av_frame_make_writable(frame)) < 0)
            break;
        yuv_convert(bgra, W * 4, W, H, false, frame);
        frame->pts = f;
        rc = segment_encoder_send(enc, frame, out);
    }
    if (rc >= 0)
        rc = segment_encoder_finish(enc, out);
    free(bgra);
    av_frame_free(&frame);
    segment_encoder_free(&enc);
    return rc;
}

typedef struct segment_job {
    int k;
    const AVCodecContext *ref;
    packet_list packets;
    bool same_extradata;
    int rc;
} segment_job;

static void *segment_thread(void *arg)
{
    segment_job *j = arg;
    j->rc = encode_segment(j->k, j->ref, &j->packets, &j->same_extradata);
    return NULL;
}

/* Writes the whole test video to path; segments encoded one after another, or
 * all at once in threads. Returns 0 on success. */
static int encode_video(const char *path, bool parallel)
{
    char err[256] = "";
    encode_settings s = test_settings();
    segment_encoder *reference = NULL;
    muxer *mx = NULL;
    segment_job jobs[SEGMENTS];
    memset(jobs, 0, sizeof jobs);
    int rc = segment_encoder_open(&reference, &s, err, sizeof err);
    if (rc >= 0)
        rc = muxer_open(&mx, path, "mp4", segment_encoder_context(reference), s.fps, NULL, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "  %s\n", err);
        segment_encoder_free(&reference);
        return -1;
    }
    for (int k = 0; k < SEGMENTS; k++) {
        jobs[k].k = k;
        jobs[k].ref = segment_encoder_context(reference);
    }
    if (parallel) {
        pthread_t threads[SEGMENTS];
        for (int k = 0; k < SEGMENTS; k++)
            pthread_create(&threads[k], NULL, segment_thread, &jobs[k]);
        for (int k = 0; k < SEGMENTS; k++)
            pthread_join(threads[k], NULL);
    } else {
        for (int k = 0; k < SEGMENTS; k++)
            segment_thread(&jobs[k]);
    }
    for (int k = 0; k < SEGMENTS; k++) {
        CHECK_EQ_INT(jobs[k].rc, 0);
        CHECK(jobs[k].same_extradata);
        if (rc >= 0 && jobs[k].rc >= 0 && (rc = muxer_write(mx, &jobs[k].packets, err, sizeof err)) < 0)
            fprintf(stderr, "  muxer_write: %s\n", err);
        packet_list_clear(&jobs[k].packets);
    }
    if (rc >= 0 && (rc = muxer_finish(mx, err, sizeof err)) < 0)
        fprintf(stderr, "  muxer_finish: %s\n", err);
    muxer_free(&mx);
    segment_encoder_free(&reference);
    return rc < 0 ? -1 : 0;
}

static char *temp_path(void)
{
    static const char templ[] = "/tmp/reel-test-encoder-XXXXXX";
    char *p = malloc(sizeof templ);
    memcpy(p, templ, sizeof templ);
    int fd = mkstemp(p);
    if (fd < 0) {
        free(p);
        return NULL;
    }
    close(fd);
    return p;
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    *size = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

static bool contains(const uint8_t *hay, size_t n, const char *needle)
{
    return memmem(hay, n, needle, strlen(needle)) != NULL;
}

/* BT.709 limited range back to 8-bit RGB, in double precision. */
static void yuv709_to_rgb(int y, int cb, int cr, int rgb[3])
{
    double yn = (y - 16) / 219.0, pb = (cb - 128) / 224.0, pr = (cr - 128) / 224.0;
    double r = yn + 1.5748 * pr, b = yn + 1.8556 * pb;
    double g = (yn - 0.2126 * r - 0.0722 * b) / 0.7152;
    double v[3] = { r, g, b };
    for (int i = 0; i < 3; i++) {
        double x = floor(v[i] * 255 + 0.5);
        rgb[i] = x < 0 ? 0 : x > 255 ? 255 : (int)x;
    }
}

typedef struct readback {
    int frames;
    bool seen[FRAMES];
    bool dts_increasing;
    int packets;
    long bad_pixels;          /* farther than 1 from the expected color */
    AVCodecParameters *par;
    AVRational frame_rate;
} readback;

static void check_frame(readback *rb, const AVFrame *fr, int index)
{
    rgb8 want = color_of_frame(index);
    int w[3] = { want.r, want.g, want.b };
    for (int y = 0; y < fr->height; y++)
        for (int x = 0; x < fr->width; x++) {
            int rgb[3];
            yuv709_to_rgb(fr->data[0][y * fr->linesize[0] + x], fr->data[1][y / 2 * fr->linesize[1] + x / 2],
                          fr->data[2][y / 2 * fr->linesize[2] + x / 2], rgb);
            for (int c = 0; c < 3; c++)
                if (abs(rgb[c] - w[c]) > 1) {
                    if (rb->bad_pixels++ < 5)
                        fprintf(stderr, "  frame %d (%d,%d) channel %d: %d, expected %d\n", index, x, y, c,
                                rgb[c], w[c]);
                }
        }
}

static void receive_frames(readback *rb, AVCodecContext *dec, AVRational tb)
{
    AVFrame *fr = av_frame_alloc();
    while (avcodec_receive_frame(dec, fr) == 0) {
        int64_t idx = av_rescale_q(fr->best_effort_timestamp, tb, (AVRational){ 1, 30 });
        if (idx >= 0 && idx < FRAMES && !rb->seen[idx]) {
            rb->seen[idx] = true;
            rb->frames++;
        } else {
            fprintf(stderr, "  unexpected frame timestamp %lld\n", (long long)idx);
            rb->frames = -1000;
        }
        CHECK_EQ_INT(fr->format, AV_PIX_FMT_YUV420P);
        check_frame(rb, fr, (int)idx);
        av_frame_unref(fr);
    }
    av_frame_free(&fr);
}

/* Demuxes and decodes path with libavformat/libavcodec. */
static int read_back(const char *path, readback *rb)
{
    memset(rb, 0, sizeof *rb);
    rb->dts_increasing = true;
    AVFormatContext *fc = NULL;
    if (avformat_open_input(&fc, path, NULL, NULL) < 0)
        return -1;
    if (avformat_find_stream_info(fc, NULL) < 0 || fc->nb_streams != 1) {
        avformat_close_input(&fc);
        return -1;
    }
    AVStream *st = fc->streams[0];
    rb->par = avcodec_parameters_alloc();
    avcodec_parameters_copy(rb->par, st->codecpar);
    rb->frame_rate = st->avg_frame_rate;
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    AVCodecContext *dec = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(dec, st->codecpar);
    dec->thread_count = 1;
    avcodec_open2(dec, codec, NULL);
    AVPacket *pkt = av_packet_alloc();
    int64_t last_dts = INT64_MIN;
    while (av_read_frame(fc, pkt) >= 0) {
        if (pkt->dts == AV_NOPTS_VALUE || pkt->dts <= last_dts)
            rb->dts_increasing = false;
        last_dts = pkt->dts;
        rb->packets++;
        avcodec_send_packet(dec, pkt);
        av_packet_unref(pkt);
        receive_frames(rb, dec, st->time_base);
    }
    avcodec_send_packet(dec, NULL);
    receive_frames(rb, dec, st->time_base);
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    avformat_close_input(&fc);
    return 0;
}

static void test_round_trip(void)
{
    char *a = temp_path(), *b = temp_path(), *p = temp_path();
    CHECK(a && b && p);
    if (!a || !b || !p)
        goto done;
    CHECK_EQ_INT(encode_video(a, false), 0);
    CHECK_EQ_INT(encode_video(b, false), 0);
    CHECK_EQ_INT(encode_video(p, true), 0);

    readback rb;
    CHECK_EQ_INT(read_back(a, &rb), 0);
    CHECK_EQ_INT(rb.frames, FRAMES);
    CHECK_EQ_INT(rb.packets, FRAMES);
    for (int i = 0; i < FRAMES; i++)
        CHECK(rb.seen[i]);
    CHECK(rb.dts_increasing);
    CHECK_EQ_INT(rb.bad_pixels, 0);
    if (rb.par) {
        CHECK_EQ_INT(rb.par->codec_id, AV_CODEC_ID_H264);
        CHECK_EQ_INT(rb.par->format, AV_PIX_FMT_YUV420P);
        CHECK_EQ_INT(rb.par->width, W);
        CHECK_EQ_INT(rb.par->height, H);
        CHECK_EQ_INT(rb.par->color_space, AVCOL_SPC_BT709);
        CHECK_EQ_INT(rb.par->color_primaries, AVCOL_PRI_BT709);
        CHECK_EQ_INT(rb.par->color_trc, AVCOL_TRC_BT709);
        CHECK_EQ_INT(rb.par->color_range, AVCOL_RANGE_MPEG);
        CHECK_EQ_INT(rb.par->chroma_location, AVCHROMA_LOC_CENTER);
    }
    CHECK_EQ_INT(rb.frame_rate.num, 30);
    CHECK_EQ_INT(rb.frame_rate.den, 1);
    avcodec_parameters_free(&rb.par);

    size_t na = 0, nb = 0, np = 0;
    uint8_t *da = read_file(a, &na), *db = read_file(b, &nb), *dp = read_file(p, &np);
    CHECK(da && db && dp && na > 1000);
    if (da && db && dp) {
        CHECK(na == nb && memcmp(da, db, na) == 0);
        CHECK(na == np && memcmp(da, dp, na) == 0);
        /* x264 states its settings in an SEI at the start of every segment */
        CHECK(contains(da, na, " threads=1 "));
        CHECK(contains(da, na, " lookahead_threads=1 "));
        CHECK(contains(da, na, " sliced_threads=0 "));
        CHECK(contains(da, na, " crf=18.0 "));
        /* no libavformat version string, no encoder tag */
        CHECK(!contains(da, na, "Lavf"));
        CHECK(!contains(da, na, "Lavc"));
        /* faststart: the index (moov) comes before the media data (mdat) */
        const uint8_t *moov = memmem(da, na, "moov", 4), *mdat = memmem(da, na, "mdat", 4);
        CHECK(moov && mdat && moov < mdat);
    }
    free(da);
    free(db);
    free(dp);
done:
    if (a)
        remove(a);
    if (b)
        remove(b);
    if (p)
        remove(p);
    free(a);
    free(b);
    free(p);
}

/* Every instance with the same settings has the same codec headers. */
static void test_extradata_identical_across_instances(void)
{
    char err[256] = "";
    encode_settings s = test_settings();
    segment_encoder *e1 = NULL, *e2 = NULL;
    CHECK_EQ_INT(segment_encoder_open(&e1, &s, err, sizeof err), 0);
    CHECK_EQ_INT(segment_encoder_open(&e2, &s, err, sizeof err), 0);
    if (e1 && e2) {
        const AVCodecContext *c1 = segment_encoder_context(e1), *c2 = segment_encoder_context(e2);
        CHECK(c1->extradata_size > 0);
        CHECK(c1->extradata_size == c2->extradata_size &&
              memcmp(c1->extradata, c2->extradata, (size_t)c1->extradata_size) == 0);
        CHECK_EQ_INT(c1->thread_count, 1);
        CHECK_EQ_INT(c1->time_base.num, 1);
        CHECK_EQ_INT(c1->time_base.den, 30);
    }
    segment_encoder_free(&e1);
    segment_encoder_free(&e2);
    segment_encoder_free(&e1);   /* NULL is fine */
}

/* Packet pts/dts straight from the encoder, before any container. */
static void test_segment_timestamps(void)
{
    encode_settings s = test_settings();
    char err[256];
    segment_encoder *ref = NULL;
    CHECK_EQ_INT(segment_encoder_open(&ref, &s, err, sizeof err), 0);
    if (!ref)
        return;
    int64_t last_dts = INT64_MIN;
    int count = 0;
    bool seen[FRAMES] = { false };
    for (int k = 0; k < SEGMENTS; k++) {
        packet_list pl = { 0 };
        bool same = false;
        CHECK_EQ_INT(encode_segment(k, segment_encoder_context(ref), &pl, &same), 0);
        CHECK(pl.count == (size_t)segment_lengths[k]);
        CHECK(packet_list_bytes(&pl) > 0);
        for (size_t i = 0; i < pl.count; i++) {
            const AVPacket *p = pl.items[i];
            /* one-frame steps, also from one segment to the next */
            if (last_dts != INT64_MIN)
                CHECK_EQ_INT(p->dts, last_dts + 1);
            else
                CHECK_EQ_INT(p->dts, -segment_encoder_context(ref)->has_b_frames);
            CHECK(p->pts >= p->dts);
            CHECK(p->pts >= segment_start(k) && p->pts < segment_start(k) + segment_lengths[k]);
            if (p->pts >= 0 && p->pts < FRAMES && !seen[p->pts]) {
                seen[p->pts] = true;
                count++;
            }
            last_dts = p->dts;
        }
        /* each segment opens with a keyframe that needs nothing before it */
        CHECK(pl.count > 0 && (pl.items[0]->flags & AV_PKT_FLAG_KEY));
        packet_list_clear(&pl);
        CHECK(pl.count == 0 && pl.items == NULL);
    }
    CHECK_EQ_INT(count, FRAMES);
    segment_encoder_free(&ref);
}

/* The dts rule needs consecutive frames within a segment. */
static void test_gap_in_pts_is_refused(void)
{
    char err[256] = "";
    encode_settings s = test_settings();
    segment_encoder *e = NULL;
    CHECK_EQ_INT(segment_encoder_open(&e, &s, err, sizeof err), 0);
    if (!e)
        return;
    AVFrame *f = segment_encoder_alloc_frame(e);
    uint8_t *bgra = malloc((size_t)W * H * 4);
    fill_flat(bgra, color_of_frame(0));
    yuv_convert(bgra, W * 4, W, H, false, f);
    packet_list pl = { 0 };
    f->pts = 40;
    CHECK_EQ_INT(segment_encoder_send(e, f, &pl), 0);
    f->pts = 42;
    CHECK(segment_encoder_send(e, f, &pl) < 0);
    packet_list_clear(&pl);
    free(bgra);
    av_frame_free(&f);
    segment_encoder_free(&e);
}

static void test_muxer_refuses_non_increasing_dts(void)
{
    char err[256] = "", *path = temp_path();
    encode_settings s = test_settings();
    segment_encoder *ref = NULL;
    muxer *mx = NULL;
    CHECK(path != NULL);
    CHECK_EQ_INT(segment_encoder_open(&ref, &s, err, sizeof err), 0);
    packet_list pl = { 0 };
    bool same;
    CHECK_EQ_INT(encode_segment(0, segment_encoder_context(ref), &pl, &same), 0);
    if (path && ref && pl.count > 0) {
        CHECK_EQ_INT(muxer_open(&mx, path, "mp4", segment_encoder_context(ref), s.fps, NULL, err, sizeof err), 0);
        CHECK_EQ_INT(muxer_write(mx, &pl, err, sizeof err), 0);
        /* the same segment again: its dts go back in time */
        err[0] = '\0';
        CHECK(muxer_write(mx, &pl, err, sizeof err) < 0);
        CHECK_CONTAINS(err, "decode timestamps must increase");
        muxer_free(&mx);   /* without a trailer */
        CHECK(mx == NULL);
    }
    packet_list_clear(&pl);
    segment_encoder_free(&ref);
    if (path)
        remove(path);
    free(path);
}

static void test_errors(void)
{
    char err[256] = "";
    encode_settings s = test_settings();
    segment_encoder *e = NULL;

    s.codec = "no-such-encoder";
    CHECK(segment_encoder_open(&e, &s, err, sizeof err) < 0);
    CHECK(e == NULL);
    CHECK_CONTAINS(err, "no-such-encoder");

    s = test_settings();
    s.width = 321;
    CHECK(segment_encoder_open(&e, &s, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "even width and height");

    s = test_settings();
    s.preset = "warp-speed";
    CHECK(segment_encoder_open(&e, &s, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "libx264");

    s = test_settings();
    s.pix_fmt = AV_PIX_FMT_PAL8;
    CHECK(segment_encoder_open(&e, &s, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "pal8");

    s = test_settings();
    CHECK_EQ_INT(segment_encoder_open(&e, &s, err, sizeof err), 0);
    muxer *mx = NULL;
    if (e) {
        CHECK(muxer_open(&mx, "/tmp/reel-test.out", "no-such-format", segment_encoder_context(e),
                         s.fps, NULL, err, sizeof err) < 0);
        CHECK_CONTAINS(err, "no-such-format");
        CHECK(muxer_open(&mx, "/nonexistent-dir/x.mp4", "mp4", segment_encoder_context(e), s.fps,
                         NULL, err, sizeof err) < 0);
        CHECK_CONTAINS(err, "/nonexistent-dir/x.mp4");
        CHECK(mx == NULL);
    }
    segment_encoder_free(&e);
}

/* The frame from segment_encoder_alloc_frame has the encoder's format, size
 * and color tags, and the 10-bit and 4:4:4 formats open too. */
static void test_alloc_frame_and_other_formats(void)
{
    char err[256] = "";
    static const int fmts[] = { AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV444P, AV_PIX_FMT_YUV420P10LE };
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        encode_settings s = test_settings();
        s.pix_fmt = fmts[i];
        s.full_range = i == 1;
        segment_encoder *e = NULL;
        int rc = segment_encoder_open(&e, &s, err, sizeof err);
        if (rc < 0 && fmts[i] == AV_PIX_FMT_YUV420P10LE)
            continue;   /* an 8-bit-only libx264 build */
        CHECK_EQ_INT(rc, 0);
        if (!e)
            continue;
        AVFrame *f = segment_encoder_alloc_frame(e);
        CHECK(f != NULL);
        if (f) {
            CHECK_EQ_INT(f->format, fmts[i]);
            CHECK_EQ_INT(f->width, W);
            CHECK_EQ_INT(f->height, H);
            CHECK(f->data[0] != NULL);
            CHECK_EQ_INT(f->color_range, s.full_range ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG);
            CHECK_EQ_INT(f->colorspace, AVCOL_SPC_BT709);
        }
        av_frame_free(&f);
        segment_encoder_free(&e);
    }
}

int main(void)
{
    RUN(test_extradata_identical_across_instances);
    RUN(test_segment_timestamps);
    RUN(test_round_trip);
    RUN(test_gap_in_pts_is_refused);
    RUN(test_muxer_refuses_non_increasing_dts);
    RUN(test_errors);
    RUN(test_alloc_frame_and_other_formats);
    return CHECK_EXIT();
}
