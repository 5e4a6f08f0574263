/* Video sources: clips are made at test time with the ffmpeg CLI, each frame a
 * flat color that encodes its own index, encoded losslessly (or nearly) so the
 * decoded frame identifies itself. Frame choice is checked against the real packet
 * timestamps (read with ffprobe) at frame starts, just before them and between
 * them, for constant and variable rates; streaming is checked through the
 * reader's seek and decode counters; colors and alpha against known values;
 * probe against ffprobe and against broken files. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L     /* popen, mkdtemp */
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "scratch_dir.h"
#include "media/video_source.h"

static const char *tmp(const char *name)
{
    static char paths[64][256];     /* a ring: enough for any one test */
    static int next;
    char *p = paths[next++ % 64];
    snprintf(p, 256, "%s/%s", scratch_dir, name);
    return p;
}

/* The color of frame n: 4 bits of n per channel, in the middle of a 16-wide
 * bucket so that encoding error never moves it to a neighbour. */
#define INDEX_GEQ_FROM(first) "geq=r='mod(N+" first ",16)*16+8':g='mod(floor((N+" first ")/16),16)*16+8'" \
    ":b='mod(floor((N+" first ")/256),16)*16+8'"
#define INDEX_GEQ INDEX_GEQ_FROM("0")
#define FF "timeout -k 5 120 ffmpeg -nostdin -v error -y "

/* An input of `frames` frames at `rate` that show their own index (for
 * -f lavfi). Every input must end: ffmpeg runs until all inputs do. */
#define INDEX_SRC(rate, frames) "\"color=black:s=64x36:r=" rate ",trim=end_frame=" frames ",format=rgb24," INDEX_GEQ "\""

static int frame_index(const video_frame *f)
{
    const uint8_t *p = f->bgra + (size_t)(f->height / 2) * (size_t)f->stride + 4 * (size_t)(f->width / 2);
    return p[2] / 16 + 16 * (p[1] / 16) + 256 * (p[0] / 16);
}

/* Packet timestamps of the video stream, as ffprobe sees them, sorted. */
typedef struct pts_list {
    int64_t tb_num, tb_den;
    int64_t pts[4096], dur[4096];
    int n;
} pts_list;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static bool probe_pts(const char *path, pts_list *out)
{
    static int64_t pd[4096][2];         /* (pts, duration), sorted together */
    char cmd[1024];
    memset(out, 0, sizeof *out);
    snprintf(cmd, sizeof cmd, "timeout -k 5 60 ffprobe -v error -select_streams v:0 "
             "-show_entries stream=time_base:packet=pts,duration,flags -of csv \"%s\"", path);
    FILE *f = popen(cmd, "r");
    if (!f)
        return false;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char a[64] = "", b[64] = "", c[64] = "";
        long long num, den;
        if (sscanf(line, "stream,%lld/%lld", &num, &den) == 2) {
            out->tb_num = num;
            out->tb_den = den;
        } else if (out->n < 4096 && sscanf(line, "packet,%63[^,],%63[^,],%63s", a, b, c) == 3
                   && !strchr(c, 'D') && strcmp(a, "N/A") != 0) {
            pd[out->n][0] = strtoll(a, NULL, 10);
            pd[out->n][1] = strcmp(b, "N/A") == 0 ? 0 : strtoll(b, NULL, 10);
            out->n++;
        }
    }
    pclose(f);
    qsort(pd, (size_t)out->n, sizeof pd[0], cmp_i64);
    for (int i = 0; i < out->n; i++) {
        out->pts[i] = pd[i][0];
        out->dur[i] = pd[i][1];
    }
    return out->n > 0 && out->tb_num > 0 && out->tb_den > 0;
}

/* Source time of timestamp ts, minus eps_den'ths of a time-base unit. */
static rational at_ts(const pts_list *p, int64_t ts, int64_t eps_den)
{
    int64_t num = (ts - p->pts[0]) * p->tb_num;
    if (eps_den)
        return (rational){ num * eps_den - 1, p->tb_den * eps_den };
    return (rational){ num, p->tb_den };
}

static bool rat_eq(rational a, rational b)
{
    return __extension__ (__int128)a.num * b.den == (__int128)b.num * a.den;
}

/* The expected end: last pts + its duration, or the last gap without one. */
static rational expected_end(const pts_list *p)
{
    int64_t last = p->pts[p->n - 1], dur = p->dur[p->n - 1];
    if (dur <= 0 && p->n > 1)
        dur = last - p->pts[p->n - 2];
    return at_ts(p, last + dur, 0);
}

typedef struct query {
    rational t;
    int expect;
} query;

/* Frame starts, just before them, and midpoints, plus out-of-range times. */
static int build_queries(const pts_list *p, query *q)
{
    int n = 0;
    q[n++] = (query){ { -1, 1 }, 0 };
    q[n++] = (query){ { -1, 1000000007 }, 0 };
    for (int i = 0; i < p->n; i++) {
        if (i > 0)
            q[n++] = (query){ at_ts(p, p->pts[i], 1000003), i - 1 };
        q[n++] = (query){ at_ts(p, p->pts[i], 0), i };
        if (i + 1 < p->n)
            q[n++] = (query){ { (p->pts[i] + p->pts[i + 1] - 2 * p->pts[0]) * p->tb_num, 2 * p->tb_den }, i };
    }
    q[n++] = (query){ expected_end(p), p->n - 1 };
    q[n++] = (query){ { 1000000, 1 }, p->n - 1 };
    return n;
}

/* Runs queries in the given order; every answer must be the expected frame,
 * starting at its real timestamp. Returns the number of wrong answers. */
static int run_queries(video_reader *r, const pts_list *p, const query *q, const int *order, int n)
{
    int wrong = 0;
    char err[256] = "";
    for (int k = 0; k < n; k++) {
        const query *qq = &q[order ? order[k] : k];
        video_frame f;
        int rc = video_reader_frame_at(r, qq->t, &f, err, sizeof err);
        int got = rc < 0 ? -1 : frame_index(&f);
        if (got != qq->expect || !rat_eq(f.start, at_ts(p, p->pts[qq->expect], 0))) {
            if (wrong < 5)
                fprintf(stderr, "  t=%lld/%lld: frame %d, expected %d (%s)\n", (long long)qq->t.num,
                        (long long)qq->t.den, got, qq->expect, rc < 0 ? err : "");
            wrong++;
        }
    }
    return wrong;
}

/* A fixed shuffle, so that failures reproduce. */
static void shuffle(int *order, int n)
{
    uint32_t s = 12345;
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = n - 1; i > 0; i--) {
        s = s * 1664525u + 1013904223u;
        int j = (int)((s >> 8) % (uint32_t)(i + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

/* Probe and reader against ffprobe's packet list: count, end time, and every
 * query in order and shuffled. */
static void check_clip_exact(const char *path, int frames)
{
    static pts_list p;
    static query q[4 * 4096 + 8];
    static int order[4 * 4096 + 8];
    CHECK(probe_pts(path, &p));
    CHECK_EQ_INT(p.n, frames);
    if (p.n != frames)
        return;
    char err[256] = "";
    video_info info;
    int rc = video_probe(path, &info, err, sizeof err);
    CHECK_EQ_INT(rc, 0);
    CHECK_EQ_INT(info.frame_count, frames);
    CHECK(rat_eq(info.end_time, expected_end(&p)));
    CHECK(!info.truncated);
    video_reader *r = NULL;
    CHECK_EQ_INT(video_reader_open(&r, path, err, sizeof err), 0);
    if (!r) {
        fprintf(stderr, "  %s\n", err);
        return;
    }
    int n = build_queries(&p, q);
    CHECK_EQ_INT(run_queries(r, &p, q, NULL, n), 0);
    video_stats st = video_reader_stats(r);
    CHECK_EQ_INT(st.seeks, 0);              /* in order: never a seek */
    CHECK(st.frames_decoded <= frames + 1);
    shuffle(order, n);
    CHECK_EQ_INT(run_queries(r, &p, q, order, n), 0);
    video_reader_close(r);
}

static void test_cfr_exact(void)
{
    const char *x264 = "-c:v libx264 -qp 0 -g 12 -pix_fmt yuv420p";
    const char *p24 = tmp("cfr24.mp4"), *p25 = tmp("cfr25.mkv"), *p2997 = tmp("cfr2997.mp4"), *p60 = tmp("cfr60.mov");
    CHECK(sh(FF "-f lavfi -i " INDEX_SRC("24", "40") " -f lavfi -i " INDEX_SRC("25", "40")
             " -f lavfi -i " INDEX_SRC("30000/1001", "40") " -f lavfi -i " INDEX_SRC("60", "70")
             " -map 0 -frames:v 40 %s \"%s\" -map 1 -frames:v 40 %s \"%s\""
             " -map 2 -frames:v 40 %s \"%s\" -map 3 -frames:v 70 %s \"%s\"",
             x264, p24, x264, p25, x264, p2997, x264, p60));
    check_clip_exact(p24, 40);
    check_clip_exact(p25, 40);
    check_clip_exact(p2997, 40);
    check_clip_exact(p60, 70);

    /* The plain rational times k / fps land on frame k, and a hair before
     * them on frame k - 1: the rate's own arithmetic, no rounding. */
    video_reader *r = NULL;
    char err[256];
    CHECK_EQ_INT(video_reader_open(&r, p2997, err, sizeof err), 0);
    if (!r)
        return;
    int wrong = 0;
    for (int k = 0; k < 40; k++) {
        video_frame f;
        if (k > 0) {
            rational before = { (int64_t)k * 1001 * 1000000000 - 1, (int64_t)30000 * 1000000000 };
            if (video_reader_frame_at(r, before, &f, err, sizeof err) != 0 || frame_index(&f) != k - 1)
                wrong++;
        }
        if (video_reader_frame_at(r, (rational){ (int64_t)k * 1001, 30000 }, &f, err, sizeof err) != 0
            || frame_index(&f) != k || !rat_eq(f.start, (rational){ (int64_t)k * 1001, 30000 }))
            wrong++;
    }
    CHECK_EQ_INT(wrong, 0);
    CHECK_EQ_INT(video_reader_stats(r).seeks, 0);
    video_reader_close(r);
}

/* Frame times 40n + 13 (n mod 3) ms: gaps of 53, 53 and 14 ms. */
#define VFR_SRC "color=black:s=64x36:r=1000,trim=end_frame=60,settb=1/1000,setpts='(40*N+13*mod(N\\,3))/1000/TB',format=rgb24," INDEX_GEQ

static void test_vfr_exact(void)
{
    const char *mkv = tmp("vfr.mkv"), *mp4 = tmp("vfr.mp4"), *cat = tmp("vfr_concat.mp4");
    const char *a = tmp("seg_a.mp4"), *b = tmp("seg_b.mp4"), *c = tmp("seg_c.mp4"), *list = tmp("segs.txt");
    const char *x264 = "-c:v libx264 -qp 0 -bf 2";
    /* Also segments at 24, 60 and 10 fps (frames 0-9, 10-24, 25-29), for the
     * concat demuxer to join. */
    CHECK(sh(FF "-f lavfi -i \"" VFR_SRC "\" -f lavfi -i " INDEX_SRC("24", "10")
             " -f lavfi -i \"color=black:s=64x36:r=60,trim=end_frame=15,format=rgb24," INDEX_GEQ_FROM("10") "\""
             " -f lavfi -i \"color=black:s=64x36:r=10,trim=end_frame=5,format=rgb24," INDEX_GEQ_FROM("25") "\""
             " -map 0 -frames:v 60 -fps_mode passthrough %s \"%s\""
             " -map 0 -frames:v 60 -fps_mode passthrough %s -video_track_timescale 1000 \"%s\""
             " -map 1 -frames:v 10 %s -video_track_timescale 600 \"%s\""
             " -map 2 -frames:v 15 %s -video_track_timescale 600 \"%s\""
             " -map 3 -frames:v 5 %s -video_track_timescale 600 \"%s\"",
             x264, mkv, x264, mp4, x264, a, x264, b, x264, c));
    check_clip_exact(mkv, 60);
    check_clip_exact(mp4, 60);

    FILE *f = fopen(list, "w");
    if (f) {
        fprintf(f, "file '%s'\nfile '%s'\nfile '%s'\n", a, b, c);
        fclose(f);
    }
    CHECK(sh(FF "-f concat -safe 0 -i \"%s\" -c copy \"%s\"", list, cat));
    check_clip_exact(cat, 30);
}

/* Constant-rate clip: frame i at mid-frame time (i + 1/2) / fps, in order and
 * shuffled. Returns the reader's seek count. */
static int64_t check_midpoints(const char *path, int frames, int64_t fps_num, int64_t fps_den)
{
    static int order[4096];
    video_reader *r = NULL;
    char err[256] = "";
    CHECK_EQ_INT(video_reader_open(&r, path, err, sizeof err), 0);
    if (!r)
        return -1;
    int wrong = 0;
    video_frame f;
    shuffle(order, frames);
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < frames; k++) {
            int i = pass ? order[k] : k;
            rational t = { (2 * i + 1) * fps_den, 2 * fps_num };
            if (video_reader_frame_at(r, t, &f, err, sizeof err) != 0 || frame_index(&f) != i)
                wrong++;
        }
    CHECK_EQ_INT(wrong, 0);
    int64_t seeks = video_reader_stats(r).seeks;
    video_reader_close(r);
    return seeks;
}

/* Frames without timestamps of their own: a raw H.264 stream (none at all:
 * timed at its frame rate) and MPEG-PS (a presentation time on some packets
 * only: libavcodec guesses the rest, so going back restarts the decode
 * rather than trusting a guess made after a seek). MPEG-TS for comparison. */
static void test_untimed(void)
{
    const char *h264 = tmp("raw.h264"), *mpg = tmp("ps.mpg"), *ts = tmp("untimed.ts");
    CHECK(sh(FF "-f lavfi -i " INDEX_SRC("25", "60") " -map 0 -c:v libx264 -qp 0 -g 15 \"%s\""
             " -map 0 -c:v mpeg2video -q:v 1 -g 15 \"%s\" -map 0 -c:v libx264 -qp 0 -g 15 \"%s\"", h264, mpg, ts));
    const char *paths[] = { h264, mpg, ts };
    for (int i = 0; i < 3; i++) {
        video_info info;
        char err[256] = "";
        CHECK_EQ_INT(video_probe(paths[i], &info, err, sizeof err), 0);
        CHECK_EQ_INT(info.frame_count, 60);
        CHECK(rat_eq(info.end_time, (rational){ 60, 25 }));
        CHECK(rat_eq(info.avg_fps, (rational){ 25, 1 }));
        CHECK(check_midpoints(paths[i], 60, 25, 1) > 0);
    }
}

static void test_streaming(void)
{
    const char *path = tmp("stream.mp4"), *webm = tmp("stream.webm");
    /* A keyframe every 48 frames exactly (no scene-cut keyframes). */
    CHECK(sh(FF "-f lavfi -i " INDEX_SRC("30", "300") " -map 0 -frames:v 300 -c:v libx264 -qp 0 -g 48 -sc_threshold 0 \"%s\""
             " -map 0 -frames:v 300 -c:v libvpx-vp9 -lossless 1 -g 48 -deadline realtime -cpu-used 8 \"%s\"",
             path, webm));
    const char *paths[] = { path, webm };
    for (int k = 0; k < 2; k++) {
        video_reader *r = NULL;
        char err[256];
        CHECK_EQ_INT(video_reader_open(&r, paths[k], err, sizeof err), 0);
        if (!r)
            return;
        int wrong = 0;
        video_frame f;
        /* Mid-frame times: WebM's millisecond timestamps are not k / 30. */
        for (int i = 0; i < 300; i++)
            if (video_reader_frame_at(r, (rational){ 2 * i + 1, 60 }, &f, err, sizeof err) != 0 || frame_index(&f) != i)
                wrong++;
        CHECK_EQ_INT(wrong, 0);
        video_stats s = video_reader_stats(r);
        CHECK_EQ_INT(s.seeks, 0);          /* sequential: not even one */
        CHECK(s.frames_decoded >= 300 && s.frames_decoded <= 301);
        CHECK_EQ_INT(s.frames_converted, 300);

        /* The same frame again: no decoding, no conversion. */
        CHECK_EQ_INT(video_reader_frame_at(r, (rational){ 599, 60 }, &f, err, sizeof err), 0);
        CHECK_EQ_INT(video_reader_stats(r).frames_converted, 300);

        /* Backward: one seek, then forward from the keyframe before it. */
        CHECK_EQ_INT(video_reader_frame_at(r, (rational){ 201, 60 }, &f, err, sizeof err), 0);
        CHECK_EQ_INT(frame_index(&f), 100);
        s = video_reader_stats(r);
        CHECK_EQ_INT(s.seeks, 1);
        CHECK(s.frames_decoded <= 301 + 1 + (100 - 96) + 1);

        /* A short jump inside the group of pictures decodes on. */
        CHECK_EQ_INT(video_reader_frame_at(r, (rational){ 221, 60 }, &f, err, sizeof err), 0);
        CHECK_EQ_INT(frame_index(&f), 110);
        CHECK_EQ_INT(video_reader_stats(r).seeks, 1);

        /* Far ahead: one seek to the keyframe at 240, not 130 frames decoded. */
        int64_t before = video_reader_stats(r).frames_decoded;
        CHECK_EQ_INT(video_reader_frame_at(r, (rational){ 501, 60 }, &f, err, sizeof err), 0);
        CHECK_EQ_INT(frame_index(&f), 250);
        s = video_reader_stats(r);
        CHECK_EQ_INT(s.seeks, 2);
        CHECK(s.frames_decoded - before <= 12);

        /* Every third frame (a 10 fps output of a 30 fps clip), from the
         * start: one seek back, then decoding on past the keyframes. */
        before = video_reader_stats(r).frames_decoded;
        for (int i = 0; i < 300; i += 3)
            if (video_reader_frame_at(r, (rational){ 2 * i + 1, 60 }, &f, err, sizeof err) != 0 || frame_index(&f) != i)
                wrong++;
        CHECK_EQ_INT(wrong, 0);
        s = video_reader_stats(r);
        CHECK_EQ_INT(s.seeks, 3);
        CHECK(s.frames_decoded - before <= 300);
        video_reader_close(r);
    }
}

/* Center pixel (premultiplied B, G, R, A) of the frame at time 0. */
static bool center_pixel(const char *path, uint8_t px[4], bool *alpha)
{
    video_reader *r = NULL;
    char err[256];
    if (video_reader_open(&r, path, err, sizeof err) != 0) {
        fprintf(stderr, "  %s\n", err);
        return false;
    }
    video_frame f;
    bool ok = video_reader_frame_at(r, (rational){ 0, 1 }, &f, err, sizeof err) == 0;
    if (ok)
        memcpy(px, f.bgra + (size_t)(f.height / 2) * (size_t)f.stride + 4 * (size_t)(f.width / 2), 4);
    if (alpha)
        *alpha = video_reader_has_alpha(r);
    video_reader_close(r);
    return ok;
}

#define CHECK_BGRA(px, b, g, r, a, tol) do { \
    CHECK_NEAR((px)[0], (b), (tol)); CHECK_NEAR((px)[1], (g), (tol)); \
    CHECK_NEAR((px)[2], (r), (tol)); CHECK_NEAR((px)[3], (a), 0); } while (0)

/* Writes one flat frame of straight RGB #FF5A1F as raw yuv420p, exact for
 * the matrix (kr, kb) and range, so that only decoding is under test. */
static bool write_flat_yuv(const char *path, int w, int h, double kr, double kb, bool full)
{
    double r = 255 / 255.0, g = 90 / 255.0, b = 31 / 255.0;
    double y = kr * r + (1 - kr - kb) * g + kb * b;
    double u = (b - y) / (2 * (1 - kb)), v = (r - y) / (2 * (1 - kr));
    int Y = (int)lround(full ? 255 * y : 16 + 219 * y);
    int U = (int)lround(128 + (full ? 255 : 224) * u), V = (int)lround(128 + (full ? 255 : 224) * v);
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    for (int i = 0; i < w * h; i++)
        fputc(Y, f);
    for (int i = 0; i < w * h / 2; i++)
        fputc(i < w * h / 4 ? U : V, f);
    return fclose(f) == 0;
}

static void test_colors(void)
{
    /* #FF5A1F through each matrix and range, tagged and untagged. */
    static const struct { const char *name; int w, h; double kr, kb; bool full; const char *in_fmt, *tags; } clips[] = {
        { "c601.mp4", 64, 36, 0.299, 0.114, false, "yuv420p", "-colorspace smpte170m -color_range tv" },
        { "c601_untagged.mp4", 64, 36, 0.299, 0.114, false, "yuv420p", "" },
        { "c601_full.mp4", 64, 36, 0.299, 0.114, true, "yuv420p", "-colorspace smpte170m -color_range pc" },
        { "cj_untagged.mkv", 64, 36, 0.299, 0.114, true, "yuvj420p", "" },
        { "c709.mp4", 64, 36, 0.2126, 0.0722, false, "yuv420p", "-colorspace bt709 -color_range tv" },
        { "c709_full.mkv", 64, 36, 0.2126, 0.0722, true, "yuv420p", "-colorspace bt709 -color_range pc" },
        { "c709_untagged.mp4", 1280, 720, 0.2126, 0.0722, false, "yuv420p", "" },
        { "c2020.mp4", 64, 36, 0.2627, 0.0593, false, "yuv420p", "-colorspace bt2020nc -color_range tv" },
    };
    enum { N = sizeof clips / sizeof clips[0] };
    char inputs[2048] = "", outputs[2048] = "";
    for (int i = 0; i < N; i++) {
        char raw[32];
        snprintf(raw, sizeof raw, "flat%d.yuv", i);
        const char *raw_path = tmp(raw);
        CHECK(write_flat_yuv(raw_path, clips[i].w, clips[i].h, clips[i].kr, clips[i].kb, clips[i].full));
        size_t n = strlen(inputs), m = strlen(outputs);
        snprintf(inputs + n, sizeof inputs - n, " -f rawvideo -pix_fmt %s -s %dx%d -r 25 -i \"%s\"",
                 clips[i].in_fmt, clips[i].w, clips[i].h, raw_path);
        snprintf(outputs + m, sizeof outputs - m, " -map %d -c:v libx264 -qp 0 %s \"%s\"",
                 i, clips[i].tags, tmp(clips[i].name));
    }
    CHECK(sh(FF "%s%s", inputs, outputs));
    for (int i = 0; i < N; i++) {
        uint8_t px[4] = { 0 };
        CHECK(center_pixel(tmp(clips[i].name), px, NULL));
        if (abs(px[2] - 255) > 2 || abs(px[1] - 90) > 2 || abs(px[0] - 31) > 2)
            fprintf(stderr, "  %s:\n", clips[i].name);
        CHECK_BGRA(px, 31, 90, 255, 255, 2);
    }
}

static void test_alpha(void)
{
    /* Straight #FF5A1F at alpha 128 -> premultiplied (c * 128 + 127) / 255. */
    const char *webm = tmp("alpha.webm"), *mov = tmp("alpha.mov"), *opaque = tmp("opaque.webm");
    CHECK(sh(FF "-f lavfi -i \"color=c=0xFF5A1F80:s=64x36:r=25,trim=end_frame=3,format=rgba\""
             " -f lavfi -i \"color=c=0xFF5A1F:s=64x36:r=25,trim=end_frame=3\""
             " -map 0 -frames:v 3 -c:v libvpx-vp9 -pix_fmt yuva420p -lossless 1 \"%s\""
             " -map 0 -frames:v 3 -c:v prores_ks -profile:v 4444 -pix_fmt yuva444p10le \"%s\""
             " -map 1 -frames:v 3 -c:v libvpx-vp9 -lossless 1 \"%s\"", webm, mov, opaque));
    const char *alpha_paths[] = { webm, mov };
    for (int i = 0; i < 2; i++) {
        uint8_t px[4] = { 0 };
        bool alpha = false;
        CHECK(center_pixel(alpha_paths[i], px, &alpha));
        CHECK(alpha);
        CHECK_NEAR(px[3], 128, 2);
        unsigned a = px[3];
        CHECK_BGRA(px, (31 * a + 127) / 255, (90 * a + 127) / 255, (255 * a + 127) / 255, a, 2);
        video_info info;
        char err[256];
        CHECK_EQ_INT(video_probe(alpha_paths[i], &info, err, sizeof err), 0);
        CHECK(info.has_alpha);
        CHECK_EQ_INT(info.frame_count, 3);
    }
    uint8_t px[4] = { 0 };
    bool alpha = true;
    CHECK(center_pixel(opaque, px, &alpha));
    CHECK(!alpha);
    CHECK_BGRA(px, 31, 90, 255, 255, 2);
}

/* Each codec, near-lossless, identifies every frame in order and shuffled. */
static void test_codecs(void)
{
    static const struct { const char *name, *args, *codec; } clips[] = {
        { "hevc.mp4", "-c:v libx265 -preset ultrafast -x265-params lossless=1:log-level=error:pools=none:frame-threads=1 -tag:v hvc1", "hevc" },
        { "vp9.webm", "-c:v libvpx-vp9 -lossless 1 -deadline realtime -cpu-used 8", "vp9" },
        { "av1.mkv", "-c:v libaom-av1 -aom-params lossless=1 -cpu-used 8 -row-mt 0", "av1" },
        { "prores.mov", "-c:v prores_ks -profile:v 3", "prores" },
        { "ffv1.mkv", "-c:v ffv1", "ffv1" },
    };
    enum { N = sizeof clips / sizeof clips[0] };
    char outputs[2048] = "";
    for (int i = 0; i < N; i++) {
        size_t m = strlen(outputs);
        snprintf(outputs + m, sizeof outputs - m, " -map 0 -frames:v 20 %s \"%s\"", clips[i].args, tmp(clips[i].name));
    }
    CHECK(sh(FF "-f lavfi -i " INDEX_SRC("25", "20") "%s", outputs));
    for (int i = 0; i < N; i++) {
        const char *path = tmp(clips[i].name);
        video_info info;
        char err[256] = "";
        CHECK_EQ_INT(video_probe(path, &info, err, sizeof err), 0);
        CHECK_STR(info.codec, clips[i].codec);
        CHECK_EQ_INT(info.width, 64);
        CHECK_EQ_INT(info.height, 36);
        CHECK(!info.has_alpha);
        check_clip_exact(path, 20);
    }
}

static void test_probe_info(void)
{
    const char *path = tmp("info.mp4"), *rot = tmp("rot.mp4"), *ts = tmp("clip.ts");
    CHECK(sh(FF "-f lavfi -i \"color=c=0xFF5A1F:s=64x36:r=30000/1001,trim=end_frame=45\" -f lavfi -i sine=r=48000:d=1.6"
             " -f lavfi -i " INDEX_SRC("25", "20")
             " -map 0 -map 1 -frames:v 45 -t 1.6 -c:v libx264 -qp 0 -c:a aac \"%s\""
             " -map 2 -frames:v 20 -c:v libx264 -qp 0 -bf 0 \"%s\"", path, ts));
    video_info info;
    char err[256] = "";
    CHECK_EQ_INT(video_probe(path, &info, err, sizeof err), 0);
    CHECK_STR(info.codec, "h264");
    CHECK_EQ_INT(info.width, 64);
    CHECK_EQ_INT(info.height, 36);
    CHECK(info.has_audio);
    CHECK(!info.has_alpha);
    CHECK_EQ_INT(info.frame_count, 45);
    CHECK(rat_eq(info.end_time, (rational){ 45 * 1001, 30000 }));
    CHECK(rat_eq(info.avg_fps, (rational){ 30000, 1001 }));
    CHECK(rat_eq(info.start_offset, (rational){ 0, 1 }));
    CHECK(rat_eq(info.sample_aspect, (rational){ 1, 1 }));
    CHECK_EQ_INT(info.rotation, 0);
    CHECK(!info.truncated);

    /* A rotation tag. FFmpeg 5.1 writes rotate=90 as a display matrix of 90
     * degrees counterclockwise (ffprobe: rotation=90), which ffmpeg itself
     * shows turned 270 degrees clockwise. */
    CHECK(sh(FF "-i \"%s\" -c copy -an -metadata:s:v rotate=90 \"%s\"", path, rot));
    CHECK_EQ_INT(video_probe(rot, &info, err, sizeof err), 0);
    CHECK_EQ_INT(info.rotation, 270);
    CHECK(!info.has_audio);
    CHECK_EQ_INT(info.width, 64);

    /* MPEG-TS starts at 1.4 s in its own timeline; source time still starts
     * at 0 with the first frame. */
    CHECK_EQ_INT(video_probe(ts, &info, err, sizeof err), 0);
    CHECK_EQ_INT(info.frame_count, 20);
    CHECK(info.start_offset.num > 0);
    CHECK(rat_eq(info.end_time, (rational){ 20, 25 }));
    check_clip_exact(ts, 20);
}

/* Rotated footage comes out upright: every pixel of a clip tagged with a
 * rotation is the untagged clip's pixel turned by the declared angle, and the
 * direction agrees with ffmpeg's own autorotation. */
static void test_rotation_is_applied(void)
{
    const char *plain = tmp("turn.mp4"), *q = tmp("turn-q.mp4"), *h = tmp("turn-h.mp4"), *c = tmp("turn-c.mp4");
    const char *ref = tmp("turn-q.rgb");
    CHECK(sh(FF "-f lavfi -i \"testsrc2=s=64x36:r=25\" -frames:v 1 -c:v libx264 -qp 0 -pix_fmt yuv444p \"%s\"", plain));
    CHECK(sh(FF "-i \"%s\" -c copy -metadata:s:v rotate=90 \"%s\"", plain, q));
    CHECK(sh(FF "-i \"%s\" -c copy -metadata:s:v rotate=180 \"%s\"", plain, h));
    CHECK(sh(FF "-i \"%s\" -c copy -metadata:s:v rotate=270 \"%s\"", plain, c));
    CHECK(sh(FF "-i \"%s\" -frames:v 1 -f rawvideo -pix_fmt rgb24 \"%s\"", q, ref));   /* ffmpeg turns it */

    char err[256] = "";
    video_reader *r0 = NULL, *rq = NULL, *rh = NULL, *rc = NULL;
    CHECK_EQ_INT(video_reader_open(&r0, plain, err, sizeof err), 0);
    CHECK_EQ_INT(video_reader_open(&rq, q, err, sizeof err), 0);
    CHECK_EQ_INT(video_reader_open(&rh, h, err, sizeof err), 0);
    CHECK_EQ_INT(video_reader_open(&rc, c, err, sizeof err), 0);
    video_frame f0, fq, fh, fc;
    if (!r0 || !rq || !rh || !rc || video_reader_frame_at(r0, (rational){ 0, 1 }, &f0, err, sizeof err) != 0 ||
        video_reader_frame_at(rc, (rational){ 0, 1 }, &fc, err, sizeof err) != 0 ||
        video_reader_frame_at(rq, (rational){ 0, 1 }, &fq, err, sizeof err) != 0 ||
        video_reader_frame_at(rh, (rational){ 0, 1 }, &fh, err, sizeof err) != 0) {
        CHECK(!"rotated clips read");
    } else {
        int w = 0, hh = 0;
        video_reader_size(rq, &w, &hh);
        CHECK(w == 36 && hh == 64 && fq.width == 36 && fq.height == 64);
        CHECK(fh.width == 64 && fh.height == 36);
        CHECK(fc.width == 36 && fc.height == 64);
        int wrong_q = 0, wrong_h = 0, wrong_c = 0;
        for (int y = 0; y < 36; y++)
            for (int x = 0; x < 64; x++) {
                const uint8_t *p = f0.bgra + y * f0.stride + x * 4;
                /* rotate=90 is stored as 90 degrees counterclockwise: (x, y) -> (y, 63 - x) */
                if (memcmp(p, fq.bgra + (63 - x) * fq.stride + y * 4, 4) != 0)
                    wrong_q++;
                if (memcmp(p, fh.bgra + (35 - y) * fh.stride + (63 - x) * 4, 4) != 0)
                    wrong_h++;
                /* rotate=270: a quarter turn clockwise, (x, y) -> (35 - y, x) */
                if (memcmp(p, fc.bgra + x * fc.stride + (35 - y) * 4, 4) != 0)
                    wrong_c++;
            }
        CHECK_EQ_INT(wrong_q, 0);
        CHECK_EQ_INT(wrong_h, 0);
        CHECK_EQ_INT(wrong_c, 0);
        /* Same picture as ffmpeg's autorotated decode, up to its own YUV to RGB rounding. */
        uint8_t rgb[36 * 64 * 3];
        FILE *in = fopen(ref, "rb");
        CHECK(in && fread(rgb, 1, sizeof rgb, in) == sizeof rgb);
        if (in)
            fclose(in);
        long diff = 0;
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 36; x++)
                for (int c = 0; c < 3; c++)
                    diff += labs((long)fq.bgra[y * fq.stride + x * 4 + 2 - c] - rgb[(y * 36 + x) * 3 + c]);
        CHECK(diff < 36L * 64 * 3 * 3);     /* under 3 per channel on average; a wrong turn is far more */
    }
    video_reader_close(r0);
    video_reader_close(rq);
    video_reader_close(rh);
    video_reader_close(rc);
}

/* Frames of about equal size, so that cutting a file cuts it by frames: the
 * index color in a diamond at the center, noise around it. */
#define IN_DIAMOND "lt(abs(X-32)+abs(Y-18),10)"
#define NOISY_INDEX_GEQ "geq=r='if(" IN_DIAMOND ",mod(N,16)*16+8,random(1)*255)'" \
    ":g='if(" IN_DIAMOND ",mod(floor(N/16),16)*16+8,random(2)*255)':b='if(" IN_DIAMOND ",8,random(3)*255)'"

/* Copies the first `num/den` of src to dst. */
static bool copy_part(const char *src, const char *dst, int num, int den)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    bool ok = in && out;
    if (ok) {
        fseek(in, 0, SEEK_END);
        long n = ftell(in) * num / den;
        fseek(in, 0, SEEK_SET);
        for (long i = 0; i < n; i++)
            fputc(fgetc(in), out);
    }
    if (in)
        fclose(in);
    if (out)
        ok = fclose(out) == 0 && ok;
    return ok;
}

static void test_probe_errors(void)
{
    video_info info;
    video_reader *r = NULL;
    char err[512];

    CHECK(video_probe(tmp("missing.mp4"), &info, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "cannot open: No such file or directory");
    CHECK(video_reader_open(&r, tmp("missing.mp4"), err, sizeof err) < 0 && !r);

    const char *empty = tmp("empty.mp4");
    FILE *f = fopen(empty, "wb");
    if (f)
        fclose(f);
    CHECK(video_probe(empty, &info, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "the file is empty");

    const char *text = tmp("text.mp4");
    if ((f = fopen(text, "w"))) {
        fputs("this is not a video, only a few words of text\n", f);
        fclose(f);
    }
    CHECK(video_probe(text, &info, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "not a video file FFmpeg can read");

    const char *audio = tmp("audio.m4a"), *huge = tmp("huge.mkv");
    const char *whole = tmp("whole.mp4"), *fast = tmp("fast.mp4");
    CHECK(sh(FF "-f lavfi -i sine=r=48000:d=0.5 -f lavfi -i color=s=16400x16:d=0.04 -f lavfi -i " INDEX_SRC("25", "50")
             " -f lavfi -i \"color=black:s=64x36:r=25,trim=end_frame=50,format=rgb24," NOISY_INDEX_GEQ "\""
             " -map 0 -t 0.5 -c:a aac \"%s\" -map 1 -frames:v 1 -c:v ffv1 \"%s\""
             " -map 2 -frames:v 50 -c:v libx264 -qp 0 \"%s\""
             " -map 3 -frames:v 50 -c:v libx264 -qp 0 -g 10 -movflags +faststart \"%s\"",
             audio, huge, whole, fast));
    CHECK(video_probe(audio, &info, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "no video stream");
    CHECK(video_reader_open(&r, audio, err, sizeof err) < 0 && !r);

    CHECK(video_probe(huge, &info, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "larger than the 16384 pixel limit");

    /* Truncated MP4, index at the end (the default): the index is gone and
     * nothing is readable -> error. */
    const char *cut = tmp("cut.mp4"), *fast_cut = tmp("fast_cut.mp4");
    CHECK(copy_part(whole, cut, 1, 2));
    CHECK(video_probe(cut, &info, err, sizeof err) < 0);
    CHECK_CONTAINS(err, "not a video file FFmpeg can read");

    /* Index first (faststart), cut in half: what is there reads; frame count
     * and end time cover the complete frames, and truncated says so. */
    CHECK(copy_part(fast, fast_cut, 1, 2));
    CHECK_EQ_INT(video_probe(fast_cut, &info, err, sizeof err), 0);
    CHECK(info.truncated);
    CHECK(info.frame_count > 5 && info.frame_count < 50);
    CHECK(rat_eq(info.end_time, (rational){ info.frame_count, 25 }));
    CHECK_EQ_INT(video_reader_open(&r, fast_cut, err, sizeof err), 0);
    if (r) {
        video_frame fr;
        CHECK_EQ_INT(video_reader_frame_at(r, (rational){ 10, 1 }, &fr, err, sizeof err), 0);
        /* The last frame that decodes (B-frames may make one complete packet
         * unusable), at or before the last complete one. */
        int last = frame_index(&fr);
        CHECK(last <= info.frame_count - 1 && last >= info.frame_count - 4);
        CHECK_EQ_INT(video_reader_frame_at(r, (rational){ 3, 25 }, &fr, err, sizeof err), 0);
        CHECK_EQ_INT(frame_index(&fr), 3);
        video_reader_close(r);
        r = NULL;
    }

    /* Cut inside the first frame: nothing decodes. */
    const char *tiny = tmp("tiny_cut.mp4");
    CHECK(copy_part(fast, tiny, 1, 60));
    int rc = video_probe(tiny, &info, err, sizeof err);
    CHECK(rc < 0);
    if (rc < 0)
        CHECK_CONTAINS(err, "the first video frame does not decode");

    /* Bad arguments to the reader. */
    CHECK_EQ_INT(video_reader_open(&r, whole, err, sizeof err), 0);
    if (r) {
        video_frame fr;
        CHECK(video_reader_frame_at(r, (rational){ 1, 0 }, &fr, err, sizeof err) < 0);
        CHECK_CONTAINS(err, "invalid time");
        video_reader_close(r);
    }
}

/* Readers on different threads at once give the same frames as alone. */
typedef struct thread_job {
    const char *path;
    int frames;
    int wrong;
} thread_job;

static void *read_all(void *arg)
{
    thread_job *j = arg;
    video_reader *r = NULL;
    char err[256];
    if (video_reader_open(&r, j->path, err, sizeof err) != 0) {
        j->wrong = -1;
        return NULL;
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < j->frames; i++) {
            video_frame f;
            if (video_reader_frame_at(r, (rational){ 2 * i + 1, 60 }, &f, err, sizeof err) != 0 || frame_index(&f) != i)
                j->wrong++;
        }
    video_reader_close(r);
    return NULL;
}

static void test_threads(void)
{
    thread_job jobs[3] = { { tmp("stream.mp4"), 300, 0 }, { tmp("stream.webm"), 300, 0 }, { tmp("stream.mp4"), 300, 0 } };
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(pthread_create(&th[i], NULL, read_all, &jobs[i]), 0);
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        CHECK_EQ_INT(jobs[i].wrong, 0);
    }
}

int main(void)
{
    if (!scratch_make("video"))
        return 1;
    RUN(test_cfr_exact);
    RUN(test_vfr_exact);
    RUN(test_untimed);
    RUN(test_streaming);
    RUN(test_colors);
    RUN(test_alpha);
    RUN(test_codecs);
    RUN(test_probe_info);
    RUN(test_rotation_is_applied);
    RUN(test_probe_errors);
    RUN(test_threads);
    scratch_remove();
    return CHECK_EXIT();
}
