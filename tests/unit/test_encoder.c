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
#include "media/heap_fill.h"
#include "media/formats.h"
#include "media/frame_convert.h"
#include "media/muxer.h"
#include "media/palette.h"
#include "media/packet_list.h"
#include "media/yuv.h"

/* libx265 3.5 leaks about 1.2 KB inside every x265_encoder_open (its copy
 * of the parameters, and the strdup'ed "pools" string), which no caller can
 * free. LeakSanitizer reads this hook in sanitized builds; elsewhere it is
 * an unused function. */
const char *__lsan_default_suppressions(void);
__attribute__((used, visibility("default"))) const char *__lsan_default_suppressions(void)
{
    return "leak:libx265.so\n";
}

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
        /* x264 states its settings in an SEI at the start of every segment:
         * three frame threads, fixed (encode_settings_threads), no slices */
        CHECK(contains(da, na, " threads=3 "));
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
        CHECK_EQ_INT(c1->thread_count, 3);
        CHECK_EQ_INT(encode_settings_threads(&s), 3);
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

/* ---- Every output format, end to end ------------------------------------------
 * For each row of the format table (and the alpha variant where the row has
 * one): small frames (flat #FF5A1F with a moving #0B1F3A square; with alpha,
 * the left half transparent) go through frame_convert, one fresh encoder per
 * segment and the row's container, and come back through libavformat and
 * libavcodec. Checked: frame count and timestamps, codec, decoded pixel
 * format (with or without alpha), color tags (YUV: BT.709 limited; RGB:
 * none), the decoded colors with the row's tolerance, and identical bytes
 * for two runs and for segments encoded in parallel threads. */

enum { RW = 64, RH = 48, RFRAMES = 9 };
static const int rt_segments[] = { 4, 3, 2 };
enum { RT_SEGMENTS = sizeof rt_segments / sizeof rt_segments[0] };

typedef struct rt_case {
    const char *ext, *codec;  /* the format table row */
    bool alpha;               /* transparent background: the row's alpha_pix_fmt */
    int decoded_fmt;          /* what the decoder gives back */
    const char *decoder;      /* NULL: the default decoder for the codec */
    int tol;                  /* per channel, 8-bit scale, flat areas */
    int alpha_tol;
    int detail_tol;           /* the moving 8x8 square's middle */
} rt_case;

typedef struct rt_video {
    const rt_case *c;
    const output_format *fmt;
    encode_settings s;
    convert_options conv;
    palette pal;
    const char *container;
} rt_video;

static const int orange[3] = { 255, 90, 31 }, navy[3] = { 11, 31, 58 };

/* Frame f: premultiplied BGRA. Square of 8x8 at x = 4 + 4f, y = 8. */
static void rt_render(uint8_t *bgra, int f, bool alpha)
{
    for (int y = 0; y < RH; y++)
        for (int x = 0; x < RW; x++) {
            uint8_t *p = bgra + 4 * (y * RW + x);
            bool sq = x >= 4 + 4 * f && x < 12 + 4 * f && y >= 8 && y < 16;
            const int *c = sq ? navy : orange;
            if (alpha && !sq && x < RW / 2) {
                p[0] = p[1] = p[2] = p[3] = 0;
                continue;
            }
            p[0] = (uint8_t)c[2];
            p[1] = (uint8_t)c[1];
            p[2] = (uint8_t)c[0];
            p[3] = 255;
        }
}

static int rt_start(int k)
{
    int f = 0;
    for (int i = 0; i < k; i++)
        f += rt_segments[i];
    return f;
}

static bool rt_setup(rt_video *v, const rt_case *c)
{
    char err[300] = "";
    memset(v, 0, sizeof *v);
    v->c = c;
    v->fmt = output_format_find(c->ext, c->codec, err, sizeof err);
    if (!v->fmt) {
        fprintf(stderr, "  %s/%s: %s\n", c->ext, c->codec, err);
        return false;
    }
    v->s.codec = v->fmt->encoder;
    v->s.width = RW;
    v->s.height = RH;
    v->s.fps = (rational){ 30, 1 };
    v->s.pix_fmt = c->alpha ? v->fmt->alpha_pix_fmt : v->fmt->pix_fmt;
    v->s.crf = 18;
    v->s.preset = "medium";
    v->s.lossless = v->fmt->lossless;
    v->container = v->fmt->container ? v->fmt->container : "image2";
    if (v->s.pix_fmt == AV_PIX_FMT_PAL8) {
        palette_builder *b = palette_builder_new();
        uint8_t *bgra = malloc(RW * RH * 4);
        for (int f = 0; b && bgra && f < RFRAMES; f++) {
            rt_render(bgra, f, c->alpha);
            palette_builder_add(b, bgra, RW * 4, RW, RH);
        }
        palette_builder_build(b, 256, c->alpha, &v->pal);
        palette_builder_free(&b);
        free(bgra);
        v->conv.pal = &v->pal;
    }
    return true;
}

typedef struct rt_job {
    const rt_video *v;
    int k;
    const AVCodecContext *ref;
    packet_list packets;
    bool same_extradata, starts_with_key;
    int rc;
} rt_job;

static void *rt_segment(void *arg)
{
    rt_job *j = arg;
    const rt_video *v = j->v;
    char err[300] = "";
    segment_encoder *enc = NULL;
    j->rc = segment_encoder_open(&enc, &v->s, err, sizeof err);
    if (j->rc < 0) {
        fprintf(stderr, "  %s: %s\n", v->s.codec, err);
        return NULL;
    }
    const AVCodecContext *c = segment_encoder_context(enc);
    j->same_extradata = c->extradata_size == j->ref->extradata_size &&
                        (c->extradata_size == 0 ||
                         memcmp(c->extradata, j->ref->extradata, (size_t)c->extradata_size) == 0);
    /* a bare frame, as the pipeline allocates it: no color tags of its own */
    AVFrame *frame = av_frame_alloc();
    if (frame) {
        frame->format = v->s.pix_fmt;
        frame->width = RW;
        frame->height = RH;
        if (av_frame_get_buffer(frame, 0) < 0)
            av_frame_free(&frame);
    }
    uint8_t *bgra = malloc(RW * RH * 4);
    int rc = frame && bgra ? 0 : -1;
    for (int f = rt_start(j->k); rc >= 0 && f < rt_start(j->k) + rt_segments[j->k]; f++) {
        rt_render(bgra, f, v->c->alpha);
        if ((rc = av_frame_make_writable(frame)) < 0)
            break;
        frame_convert(bgra, RW * 4, RW, RH, &v->conv, frame);
        frame->pts = f;
        rc = segment_encoder_send(enc, frame, &j->packets);
    }
    if (rc >= 0)
        rc = segment_encoder_finish(enc, &j->packets);
    j->starts_with_key = j->packets.count > 0 && (j->packets.items[0]->flags & AV_PKT_FLAG_KEY);
    j->rc = rc;
    free(bgra);
    av_frame_free(&frame);
    segment_encoder_free(&enc);
    return NULL;
}

/* Encodes and muxes the video to path; segments in sequence or in threads. */
static int rt_encode(const rt_video *v, const char *path, bool parallel)
{
    char err[300] = "";
    segment_encoder *ref = NULL;
    muxer *mx = NULL;
    muxer_options mo = { .gif_loop = 0 };
    int rc = segment_encoder_open(&ref, &v->s, err, sizeof err);
    if (rc >= 0)
        rc = muxer_open(&mx, path, v->container, segment_encoder_context(ref), v->s.fps, &mo, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "  %s/%s: %s\n", v->c->ext, v->c->codec, err);
        segment_encoder_free(&ref);
        return -1;
    }
    rt_job jobs[RT_SEGMENTS];
    memset(jobs, 0, sizeof jobs);
    pthread_t th[RT_SEGMENTS];
    for (int k = 0; k < RT_SEGMENTS; k++) {
        jobs[k] = (rt_job){ .v = v, .k = k, .ref = segment_encoder_context(ref) };
        if (!parallel)
            rt_segment(&jobs[k]);
        else
            pthread_create(&th[k], NULL, rt_segment, &jobs[k]);
    }
    for (int k = 0; parallel && k < RT_SEGMENTS; k++)
        pthread_join(th[k], NULL);
    for (int k = 0; k < RT_SEGMENTS; k++) {
        CHECK_EQ_INT(jobs[k].rc, 0);
        CHECK(jobs[k].same_extradata);
        CHECK(jobs[k].starts_with_key);
        CHECK_EQ_INT(jobs[k].packets.count, rt_segments[k]);
        if (rc >= 0 && jobs[k].rc >= 0 && (rc = muxer_write(mx, &jobs[k].packets, err, sizeof err)) < 0)
            fprintf(stderr, "  muxer_write: %s\n", err);
        packet_list_clear(&jobs[k].packets);
    }
    if (rc >= 0 && (rc = muxer_finish(mx, err, sizeof err)) < 0)
        fprintf(stderr, "  muxer_finish: %s\n", err);
    muxer_free(&mx);
    segment_encoder_free(&ref);
    return rc < 0 ? -1 : 0;
}

typedef struct rt_readback {
    AVFrame *frames[RFRAMES];
    int frames_seen, packets;
    bool dts_increasing, bad_timestamp;
    AVCodecParameters *par;
    AVRational frame_rate;
} rt_readback;

static void rt_readback_free(rt_readback *rb)
{
    for (int i = 0; i < RFRAMES; i++)
        av_frame_free(&rb->frames[i]);
    avcodec_parameters_free(&rb->par);
}

static void rt_receive(rt_readback *rb, AVCodecContext *dec, AVRational tb, bool by_order)
{
    AVFrame *fr = av_frame_alloc();
    while (fr && avcodec_receive_frame(dec, fr) == 0) {
        int64_t idx = by_order ? rb->frames_seen
                               : av_rescale_q(fr->best_effort_timestamp, tb, (AVRational){ 1, 30 });
        if (idx >= 0 && idx < RFRAMES && !rb->frames[idx]) {
            rb->frames[idx] = av_frame_clone(fr);
            rb->frames_seen++;
        } else {
            fprintf(stderr, "  unexpected frame timestamp %lld\n", (long long)idx);
            rb->bad_timestamp = true;
        }
        av_frame_unref(fr);
    }
    av_frame_free(&fr);
}

static int rt_read(const char *path, const rt_case *c, bool by_order, rt_readback *rb)
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
    const AVCodec *codec = c->decoder ? avcodec_find_decoder_by_name(c->decoder)
                                      : avcodec_find_decoder(st->codecpar->codec_id);
    AVCodecContext *dec = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!dec || avcodec_parameters_to_context(dec, st->codecpar) < 0) {
        avcodec_free_context(&dec);
        avformat_close_input(&fc);
        return -1;
    }
    dec->thread_count = 1;
    dec->log_level_offset = AV_LOG_VERBOSE - AV_LOG_INFO;   /* no decoder banners */
    if (avcodec_open2(dec, codec, NULL) < 0) {
        avcodec_free_context(&dec);
        avformat_close_input(&fc);
        return -1;
    }
    AVPacket *pkt = av_packet_alloc();
    int64_t last_dts = INT64_MIN;
    while (av_read_frame(fc, pkt) >= 0) {
        if (pkt->dts == AV_NOPTS_VALUE || pkt->dts <= last_dts)
            rb->dts_increasing = false;
        last_dts = pkt->dts;
        rb->packets++;
        avcodec_send_packet(dec, pkt);
        av_packet_unref(pkt);
        rt_receive(rb, dec, st->time_base, by_order);
    }
    avcodec_send_packet(dec, NULL);
    rt_receive(rb, dec, st->time_base, by_order);
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    avformat_close_input(&fc);
    return 0;
}

/* Straight RGBA (8-bit scale) of a decoded pixel: RGB formats as they are,
 * YUV through BT.709 limited range in double precision. */
static void rt_pixel(const AVFrame *f, int x, int y, int out[4])
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(f->format);
    if (d->flags & AV_PIX_FMT_FLAG_RGB) {
        for (int c = 0; c < d->nb_components; c++) {
            const AVComponentDescriptor *k = &d->comp[c];
            out[c] = f->data[k->plane][y * f->linesize[k->plane] + x * k->step + k->offset];
        }
        if (!(d->flags & AV_PIX_FMT_FLAG_ALPHA))
            out[3] = 255;
        return;
    }
    int depth = d->comp[0].depth;
    double v[4];
    for (int c = 0; c < d->nb_components; c++) {
        const AVComponentDescriptor *k = &d->comp[c];
        int sx = c == 1 || c == 2 ? x >> d->log2_chroma_w : x;
        int sy = c == 1 || c == 2 ? y >> d->log2_chroma_h : y;
        const uint8_t *row = f->data[k->plane] + sy * f->linesize[k->plane];
        v[c] = depth > 8 ? (double)(row[2 * sx] | row[2 * sx + 1] << 8) : (double)row[sx];
    }
    double scale = (double)(1 << (depth - 8));
    double yn = (v[0] / scale - 16) / 219.0, pb = (v[1] / scale - 128) / 224.0, pr = (v[2] / scale - 128) / 224.0;
    double r = yn + 1.5748 * pr, b = yn + 1.8556 * pb;
    double g = (yn - 0.2126 * r - 0.0722 * b) / 0.7152;
    double rgb[3] = { r, g, b };
    for (int c = 0; c < 3; c++) {
        double q = floor(rgb[c] * 255 + 0.5);
        out[c] = q < 0 ? 0 : q > 255 ? 255 : (int)q;
    }
    out[3] = d->nb_components == 4 ? (int)floor(v[3] * 255 / ((1 << depth) - 1) + 0.5) : 255;
}

static void rt_expect(const rt_case *c, const AVFrame *f, int frame, int x, int y, const int *rgb, int alpha)
{
    int got[4];
    rt_pixel(f, x, y, got);
    bool ok = abs(got[3] - alpha) <= c->alpha_tol;
    for (int i = 0; alpha > 0 && i < 3; i++)
        ok = ok && abs(got[i] - rgb[i]) <= c->tol;
    if (!ok) {
        fprintf(stderr, "  %s/%s%s frame %d (%d,%d): %d,%d,%d a%d, expected %d,%d,%d a%d (+-%d, a+-%d)\n",
                c->ext, c->codec, c->alpha ? "+alpha" : "", frame, x, y, got[0], got[1], got[2], got[3],
                rgb[0], rgb[1], rgb[2], alpha, c->tol, c->alpha_tol);
        check_failed_ = 1;
    }
}

/* y4m: the decoded planes must be exactly what frame_convert made. */
static void rt_expect_exact_yuv(const rt_video *v, const AVFrame *f, int frame)
{
    AVFrame *want = av_frame_alloc();
    uint8_t *bgra = malloc(RW * RH * 4);
    want->format = v->s.pix_fmt;
    want->width = RW;
    want->height = RH;
    CHECK(av_frame_get_buffer(want, 0) == 0 && bgra);
    rt_render(bgra, frame, v->c->alpha);
    frame_convert(bgra, RW * 4, RW, RH, &v->conv, want);
    long diff = 0;
    for (int p = 0; p < 3; p++) {
        int h = p ? RH / 2 : RH, w = p ? RW / 2 : RW;
        for (int y = 0; y < h; y++)
            diff += memcmp(f->data[p] + y * f->linesize[p], want->data[p] + y * want->linesize[p], (size_t)w) != 0;
    }
    CHECK_EQ_INT(diff, 0);
    free(bgra);
    av_frame_free(&want);
}

typedef struct rt_files {
    char dir[64];
    char path[128];           /* a file, or a %03d pattern for image sequences */
} rt_files;

static bool rt_files_make(rt_files *t, const rt_video *v, const char *tag)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/reel-test-fmt-XXXXXX");
    if (!mkdtemp(t->dir))
        return false;
    if (v->fmt->container)
        snprintf(t->path, sizeof t->path, "%s/%s.%s", t->dir, tag, v->fmt->extension);
    else
        snprintf(t->path, sizeof t->path, "%s/%s-%%03d.%s", t->dir, tag, v->fmt->extension);
    return true;
}

/* All bytes written: the file, or the sequence's files in order. */
static uint8_t *rt_slurp(const rt_files *t, size_t *size)
{
    if (!strchr(t->path, '%'))
        return read_file(t->path, size);
    uint8_t *all = NULL;
    *size = 0;
    for (int i = 1; i <= RFRAMES; i++) {
        char name[160];
        size_t n = 0;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(name, sizeof name, t->path, i);
#pragma GCC diagnostic pop
        uint8_t *one = read_file(name, &n);
        if (!one)
            break;
        uint8_t *grown = realloc(all, *size + n + 1);
        if (grown) {
            memcpy(grown + *size, one, n);
            all = grown;
            *size += n;
        }
        free(one);
    }
    return all;
}

static void rt_files_remove(const rt_files *t)
{
    char cmd[200];
    /* only our own mkdtemp directory */
    if (strncmp(t->dir, "/tmp/reel-test-fmt-", 19) == 0 && !strchr(t->dir, '\'')) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "  could not remove %s\n", t->dir);
    }
}

static void rt_run(const rt_case *c)
{
    rt_video v;
    if (!rt_setup(&v, c)) {
        CHECK(!"format row found");
        return;
    }
    const AVCodec *enc = avcodec_find_encoder_by_name(v.s.codec);
    if (!enc) {
        fprintf(stderr, "  encoder %s is not in this FFmpeg build\n", v.s.codec);
        CHECK(enc != NULL);
        return;
    }
    heap_fill_prepare(v.s.codec);
    rt_files a, b, p;
    if (!rt_files_make(&a, &v, "a") || !rt_files_make(&b, &v, "b") || !rt_files_make(&p, &v, "p")) {
        CHECK(!"temporary directories");
        return;
    }
    CHECK_EQ_INT(rt_encode(&v, a.path, false), 0);
    CHECK_EQ_INT(rt_encode(&v, b.path, false), 0);
    CHECK_EQ_INT(rt_encode(&v, p.path, true), 0);

    size_t na = 0, nb = 0, np = 0;
    uint8_t *da = rt_slurp(&a, &na), *db = rt_slurp(&b, &nb), *dp = rt_slurp(&p, &np);
    CHECK(da && na > 0);
    CHECK(da && db && na == nb && memcmp(da, db, na) == 0);
    CHECK(da && dp && na == np && memcmp(da, dp, na) == 0);
    if (da) {
        /* no library version strings, no encoder banners */
        CHECK(!contains(da, na, "Lavf5"));
        CHECK(!contains(da, na, "Lavc5"));
        CHECK(!contains(da, na, "x265 (build"));
        CHECK(!contains(da, na, "libaom"));
        CHECK(!contains(da, na, "libvpx"));
    }
    free(da);
    free(db);
    free(dp);

    rt_readback rb;
    bool by_order = v.fmt->container == NULL;
    CHECK_EQ_INT(rt_read(a.path, c, by_order, &rb), 0);
    CHECK_EQ_INT(rb.frames_seen, RFRAMES);
    CHECK(!rb.bad_timestamp);
    CHECK_EQ_INT(rb.packets, RFRAMES);
    CHECK(rb.dts_increasing);
    if (rb.par) {
        CHECK_EQ_INT(rb.par->codec_id, enc->id);
        CHECK_EQ_INT(rb.par->width, RW);
        CHECK_EQ_INT(rb.par->height, RH);
        if (v.fmt->is_yuv) {
            CHECK_EQ_INT(rb.par->color_range, AVCOL_RANGE_MPEG);
            if (strcmp(c->ext, "y4m") != 0) {   /* YUV4MPEG2 stores only the range and siting */
                CHECK_EQ_INT(rb.par->color_space, AVCOL_SPC_BT709);
                CHECK_EQ_INT(rb.par->color_primaries, AVCOL_PRI_BT709);
                CHECK_EQ_INT(rb.par->color_trc, AVCOL_TRC_BT709);
            }
        } else {
            CHECK(rb.par->color_space == AVCOL_SPC_UNSPECIFIED || rb.par->color_space == AVCOL_SPC_RGB);
            CHECK_EQ_INT(rb.par->color_primaries, AVCOL_PRI_UNSPECIFIED);
            CHECK_EQ_INT(rb.par->color_trc, AVCOL_TRC_UNSPECIFIED);
        }
    }
    for (int i = 0; i < RFRAMES; i++) {
        const AVFrame *f = rb.frames[i];
        if (!f)
            continue;
        if (f->format != c->decoded_fmt) {
            fprintf(stderr, "  %s/%s frame %d decoded as %s, expected %s\n", c->ext, c->codec, i,
                    av_get_pix_fmt_name(f->format), av_get_pix_fmt_name(c->decoded_fmt));
            check_failed_ = 1;
            continue;
        }
        if (v.fmt->is_yuv && strcmp(c->ext, "y4m") != 0) {   /* the tags in the stream itself */
            CHECK_EQ_INT(f->colorspace, AVCOL_SPC_BT709);
            CHECK_EQ_INT(f->color_primaries, AVCOL_PRI_BT709);
            CHECK_EQ_INT(f->color_trc, AVCOL_TRC_BT709);
        }
        if (strcmp(c->ext, "y4m") == 0) {
            rt_expect_exact_yuv(&v, f, i);
            continue;
        }
        rt_expect(c, f, i, 56, 40, orange, 255);              /* flat background, far from the square */
        rt_case detail = *c;
        detail.tol = c->detail_tol;
        rt_expect(&detail, f, i, 8 + 4 * i, 12, navy, 255);   /* the square's middle */
        if (c->alpha)
            rt_expect(c, f, i, 30, 40, orange, 0);             /* transparent half */
        else if (c->tol == 0)
            for (int y = 0; y < RH; y++)                       /* exact formats: every pixel */
                for (int x = 0; x < RW; x++) {
                    bool sq = x >= 4 + 4 * i && x < 12 + 4 * i && y >= 8 && y < 16;
                    rt_expect(c, f, i, x, y, sq ? navy : orange, 255);
                }
    }
    rt_readback_free(&rb);
    rt_files_remove(&a);
    rt_files_remove(&b);
    rt_files_remove(&p);
}

/* Tolerances, per 8-bit channel: exact for the lossless and palette formats
 * (and y4m, compared as YUV planes); in flat areas +-1 for 8-bit 4:2:0
 * H.264/H.265 at crf 18 (the 8-bit YUV round trip alone costs up to 1), +-2
 * for 10-bit ProRes, +-4 for VP9 and AV1 at crf 18 on these tiny frames. The
 * middle of the small moving square is a detail that lossy codecs may blur
 * (4:2:0 chroma of an 8x8 block): +-8. Alpha: exact where it is coded
 * losslessly or with 16 bits (ProRes 4444), +-2 for VP9's lossy alpha. */
static const rt_case rt_cases[] = {
    { "mp4", "h264", false, AV_PIX_FMT_YUV420P, NULL, 1, 0, 8 },
    { "mp4", "h265", false, AV_PIX_FMT_YUV420P, NULL, 1, 0, 8 },
    { "mp4", "h264rgb", false, AV_PIX_FMT_GBRP, NULL, 0, 0, 0 },
    { "mov", "h264", false, AV_PIX_FMT_YUV420P, NULL, 1, 0, 8 },
    /* FFmpeg's ProRes decoder gives 4:4:4 as 12-bit */
    { "mov", "prores", false, AV_PIX_FMT_YUV422P10LE, NULL, 2, 0, 8 },
    { "mov", "prores", true, AV_PIX_FMT_YUVA444P12LE, NULL, 2, 0, 8 },
    { "mov", "prores4444", false, AV_PIX_FMT_YUV444P12LE, NULL, 2, 0, 8 },
    { "mov", "prores4444", true, AV_PIX_FMT_YUVA444P12LE, NULL, 2, 0, 8 },
    { "webm", "vp9", false, AV_PIX_FMT_YUV420P, NULL, 4, 0, 8 },
    /* FFmpeg's own VP9 decoder ignores the alpha; libvpx's reads it */
    { "webm", "vp9", true, AV_PIX_FMT_YUVA420P, "libvpx-vp9", 4, 2, 8 },
    { "webm", "av1", false, AV_PIX_FMT_YUV420P, NULL, 4, 0, 8 },
    { "mkv", "ffv1", false, AV_PIX_FMT_BGR0, NULL, 0, 0, 0 },
    { "mkv", "ffv1", true, AV_PIX_FMT_BGRA, NULL, 0, 0, 0 },
    { "gif", "gif", false, AV_PIX_FMT_BGRA, NULL, 0, 0, 0 },
    { "gif", "gif", true, AV_PIX_FMT_BGRA, NULL, 0, 0, 0 },
    { "png", "png", false, AV_PIX_FMT_RGB24, NULL, 0, 0, 0 },
    { "png", "png", true, AV_PIX_FMT_RGBA, NULL, 0, 0, 0 },
    { "y4m", "y4m", false, AV_PIX_FMT_YUV420P, NULL, 0, 0, 0 },
};

static void rt_run_named(const char *ext, const char *codec, bool alpha)
{
    for (size_t i = 0; i < sizeof rt_cases / sizeof rt_cases[0]; i++)
        if (strcmp(rt_cases[i].ext, ext) == 0 && strcmp(rt_cases[i].codec, codec) == 0 &&
            rt_cases[i].alpha == alpha)
            rt_run(&rt_cases[i]);
}

static void test_format_y4m(void) { rt_run_named("y4m", "y4m", false); }
static void test_format_ffv1(void) { rt_run_named("mkv", "ffv1", false); }
static void test_format_ffv1_alpha(void) { rt_run_named("mkv", "ffv1", true); }
static void test_format_h264rgb(void) { rt_run_named("mp4", "h264rgb", false); }
static void test_format_png(void) { rt_run_named("png", "png", false); }
static void test_format_png_alpha(void) { rt_run_named("png", "png", true); }
static void test_format_gif(void) { rt_run_named("gif", "gif", false); }
static void test_format_gif_alpha(void) { rt_run_named("gif", "gif", true); }
static void test_format_vp9(void) { rt_run_named("webm", "vp9", false); }
static void test_format_vp9_alpha(void) { rt_run_named("webm", "vp9", true); }
static void test_format_prores(void) { rt_run_named("mov", "prores", false); }
static void test_format_prores_alpha(void) { rt_run_named("mov", "prores", true); }
static void test_format_prores4444(void) { rt_run_named("mov", "prores4444", false); }
static void test_format_prores4444_alpha(void) { rt_run_named("mov", "prores4444", true); }
static void test_format_mov_h264(void) { rt_run_named("mov", "h264", false); }
static void test_format_mp4_h264(void) { rt_run_named("mp4", "h264", false); }
static void test_format_h265(void) { rt_run_named("mp4", "h265", false); }
static void test_format_av1(void) { rt_run_named("webm", "av1", false); }

/* Encodes rt frames [first, first + n) of v as one segment. */
static int rt_encode_segment(const rt_video *v, int first, int n, packet_list *out)
{
    char err[300] = "";
    segment_encoder *enc = NULL;
    if (segment_encoder_open(&enc, &v->s, err, sizeof err) < 0)
        return -1;
    AVFrame *frame = segment_encoder_alloc_frame(enc);
    uint8_t *bgra = malloc(RW * RH * 4);
    int rc = frame && bgra ? 0 : -1;
    for (int f = first; rc >= 0 && f < first + n; f++) {
        rt_render(bgra, f, v->c->alpha);
        if ((rc = av_frame_make_writable(frame)) < 0)
            break;
        frame_convert(bgra, RW * 4, RW, RH, &v->conv, frame);
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

/* The GIF loop count, and the errors the container rules give. */
static void test_muxer_container_rules(void)
{
    static const rt_case gif_case = { "gif", "gif", false, AV_PIX_FMT_BGRA, NULL, 0, 0, 0 };
    rt_video v;
    CHECK(rt_setup(&v, &gif_case));
    char path[] = "/tmp/reel-test-gif-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    close(fd);
    char err[300] = "";
    segment_encoder *ref = NULL;
    CHECK_EQ_INT(segment_encoder_open(&ref, &v.s, err, sizeof err), 0);
    if (!ref)
        return;
    const AVCodecContext *rc = segment_encoder_context(ref);
    packet_list a = { 0 }, b = { 0 };
    CHECK_EQ_INT(rt_encode_segment(&v, 0, 2, &a), 0);
    CHECK_EQ_INT(rt_encode_segment(&v, 2, 2, &b), 0);

    /* loop counts: -1 writes no NETSCAPE block, 0 and N write N */
    static const int loops[] = { -1, 0, 3 };
    for (size_t i = 0; i < 3; i++) {
        muxer *mx = NULL;
        muxer_options mo = { .gif_loop = loops[i] };
        CHECK_EQ_INT(muxer_open(&mx, path, "gif", rc, v.s.fps, &mo, err, sizeof err), 0);
        CHECK_EQ_INT(muxer_write(mx, &a, err, sizeof err), 0);
        CHECK_EQ_INT(muxer_write(mx, &b, err, sizeof err), 0);
        CHECK_EQ_INT(muxer_finish(mx, err, sizeof err), 0);
        muxer_free(&mx);
        size_t n = 0;
        uint8_t *d = read_file(path, &n);
        const uint8_t *ns = d ? memmem(d, n, "NETSCAPE2.0", 11) : NULL;
        if (loops[i] < 0) {
            CHECK(ns == NULL);
        } else {
            CHECK(ns != NULL && ns + 15 <= d + n);
            if (ns && ns + 15 <= d + n)   /* "NETSCAPE2.0", 3, 1, count (LE16), 0 */
                CHECK_EQ_INT(ns[13] | ns[14] << 8, loops[i]);
        }
        /* one header for the whole file, although each segment's encoder wrote one */
        CHECK(d && memmem(d, n, "GIF89a", 6) == d && !memmem(d + 6, n - 6, "GIF89a", 6));
        free(d);
    }

    /* out of range loop count */
    muxer *mx = NULL;
    muxer_options bad = { .gif_loop = 70000 };
    CHECK(muxer_open(&mx, path, "gif", rc, v.s.fps, &bad, err, sizeof err) < 0);
    CHECK(mx == NULL);
    CHECK_CONTAINS(err, "GIF loop count 70000 is out of range");

    /* segments with different palettes cannot share the file's header */
    palette other = v.pal;
    other.colors[1] ^= 0x00010000u;
    rt_video w = v;
    w.conv.pal = &other;
    packet_list c = { 0 };
    CHECK_EQ_INT(rt_encode_segment(&w, 2, 2, &c), 0);
    CHECK_EQ_INT(muxer_open(&mx, path, "gif", rc, v.s.fps, NULL, err, sizeof err), 0);
    if (mx) {
        CHECK_EQ_INT(muxer_write(mx, &a, err, sizeof err), 0);
        CHECK(muxer_write(mx, &c, err, sizeof err) < 0);
        CHECK_CONTAINS(err, "every segment must use the same palette");
        muxer_free(&mx);
    }

    /* YUV4MPEG2 takes raw video only */
    encode_settings x = test_settings();
    segment_encoder *x264 = NULL;
    CHECK_EQ_INT(segment_encoder_open(&x264, &x, err, sizeof err), 0);
    if (x264) {
        CHECK(muxer_open(&mx, path, "yuv4mpegpipe", segment_encoder_context(x264), x.fps, NULL, err, sizeof err) < 0);
        CHECK(mx == NULL);
        CHECK_STR(err, "YUV4MPEG2 files hold raw video only (codec rawvideo)");
    }
    segment_encoder_free(&x264);
    packet_list_clear(&a);
    packet_list_clear(&b);
    packet_list_clear(&c);
    segment_encoder_free(&ref);
    remove(path);
}

/* Every row of the format table has a case above. */
static void test_format_rows_covered(void)
{
    for (const output_format *const *f = output_formats; *f; f++) {
        bool opaque = false, alpha = (*f)->alpha_pix_fmt == AV_PIX_FMT_NONE;
        for (size_t i = 0; i < sizeof rt_cases / sizeof rt_cases[0]; i++)
            if (strcmp(rt_cases[i].ext, (*f)->extension) == 0 && strcmp(rt_cases[i].codec, (*f)->codec_name) == 0) {
                opaque = opaque || !rt_cases[i].alpha;
                alpha = alpha || rt_cases[i].alpha;
            }
        if (!opaque || !alpha)
            fprintf(stderr, "  .%s %s has no round-trip case\n", (*f)->extension, (*f)->codec_name);
        CHECK(opaque && alpha);
    }
}

int main(void)
{
    /* As reel_render does for each encoder it opens: x264 (the first tests)
     * gets zeroed tails, the round trips prepare for their own encoder. */
    heap_fill_prepare("libx264");
    RUN(test_extradata_identical_across_instances);
    RUN(test_segment_timestamps);
    RUN(test_round_trip);
    RUN(test_gap_in_pts_is_refused);
    RUN(test_muxer_refuses_non_increasing_dts);
    RUN(test_errors);
    RUN(test_alloc_frame_and_other_formats);
    RUN(test_format_rows_covered);
    RUN(test_muxer_container_rules);
    RUN(test_format_y4m);
    RUN(test_format_ffv1);
    RUN(test_format_ffv1_alpha);
    RUN(test_format_h264rgb);
    RUN(test_format_png);
    RUN(test_format_png_alpha);
    RUN(test_format_gif);
    RUN(test_format_gif_alpha);
    RUN(test_format_vp9);
    RUN(test_format_vp9_alpha);
    RUN(test_format_prores);
    RUN(test_format_prores_alpha);
    RUN(test_format_prores4444);
    RUN(test_format_prores4444_alpha);
    RUN(test_format_mov_h264);
    RUN(test_format_mp4_h264);
    RUN(test_format_h265);
    RUN(test_format_av1);
    return CHECK_EXIT();
}
