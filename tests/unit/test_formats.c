/* The output format table: lookups by extension and codec, the exact error
 * messages, the table's own consistency, and that every row's encoder and
 * muxer exist in this FFmpeg and accept the row's pixel formats. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>

#include "check.h"
#include "media/encoder.h"
#include "media/formats.h"
#include "media/frame_convert.h"

/* libx265 3.5 leaks about 1.2 KB inside every x265_encoder_open (its copy
 * of the parameters, and the strdup'ed "pools" string), which no caller can
 * free. LeakSanitizer reads this hook in sanitized builds; elsewhere it is
 * an unused function. */
const char *__lsan_default_suppressions(void);
__attribute__((used, visibility("default"))) const char *__lsan_default_suppressions(void)
{
    return "leak:libx265.so\n";
}

static const output_format *find(const char *ext, const char *codec)
{
    char err[300] = "";
    const output_format *f = output_format_find(ext, codec, err, sizeof err);
    if (!f)
        fprintf(stderr, "  %s/%s: %s\n", ext, codec ? codec : "(default)", err);
    return f;
}

static void test_defaults(void)
{
    static const struct {
        const char *ext, *codec, *container, *encoder;
        int pix_fmt, alpha_pix_fmt;
    } want[] = {
        { "mp4", "h264", "mp4", "libx264", AV_PIX_FMT_YUV420P, AV_PIX_FMT_NONE },
        { "mov", "prores", "mov", "prores_ks", AV_PIX_FMT_YUV422P10LE, AV_PIX_FMT_YUVA444P10LE },
        { "webm", "vp9", "webm", "libvpx-vp9", AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVA420P },
        { "mkv", "ffv1", "matroska", "ffv1", AV_PIX_FMT_BGR0, AV_PIX_FMT_BGRA },
        { "gif", "gif", "gif", "gif", AV_PIX_FMT_PAL8, AV_PIX_FMT_PAL8 },
        { "png", "png", NULL, "png", AV_PIX_FMT_RGB24, AV_PIX_FMT_RGBA },
        { "y4m", "y4m", "yuv4mpegpipe", "rawvideo", AV_PIX_FMT_YUV420P, AV_PIX_FMT_NONE },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const output_format *f = find(want[i].ext, NULL);
        CHECK(f != NULL);
        if (!f)
            continue;
        CHECK_STR(f->codec_name, want[i].codec);
        CHECK_STR(f->extension, want[i].ext);
        if (want[i].container)
            CHECK_STR(f->container, want[i].container);
        else
            CHECK(f->container == NULL);
        CHECK_STR(f->encoder, want[i].encoder);
        CHECK_EQ_INT(f->pix_fmt, want[i].pix_fmt);
        CHECK_EQ_INT(f->alpha_pix_fmt, want[i].alpha_pix_fmt);
        CHECK(f->default_for_extension);
        /* the same row when the codec is named */
        CHECK(find(want[i].ext, want[i].codec) == f);
    }
}

static void test_named_codecs(void)
{
    const output_format *f = find("mp4", "h265");
    CHECK(f && strcmp(f->encoder, "libx265") == 0 && f->is_yuv && !f->lossless);
    f = find("mp4", "h264rgb");
    CHECK(f && strcmp(f->encoder, "libx264rgb") == 0 && !f->is_yuv && f->lossless);
    CHECK(f && f->pix_fmt == AV_PIX_FMT_BGR0);
    f = find("mov", "h264");
    CHECK(f && strcmp(f->encoder, "libx264") == 0 && strcmp(f->container, "mov") == 0);
    f = find("mov", "prores4444");
    CHECK(f && strcmp(f->encoder, "prores_ks") == 0);
    CHECK(f && f->pix_fmt == AV_PIX_FMT_YUV444P10LE && f->alpha_pix_fmt == AV_PIX_FMT_YUVA444P10LE);
    f = find("webm", "av1");
    CHECK(f && strcmp(f->encoder, "libaom-av1") == 0 && f->alpha_pix_fmt == AV_PIX_FMT_NONE);
    f = find("mkv", "ffv1");
    CHECK(f && f->lossless && !f->is_yuv);
}

/* Extensions and codec names match without regard to case; a leading dot is fine. */
static void test_case_and_dot(void)
{
    const output_format *mp4 = find("mp4", NULL);
    CHECK(find("MP4", NULL) == mp4);
    CHECK(find(".mp4", NULL) == mp4);
    CHECK(find(".Mp4", "H264") == mp4);
    CHECK(find("WEBM", "AV1") == find("webm", "av1"));
    CHECK(find("mp4", "") == mp4);      /* empty codec: the default */
}

static void expect_error(const char *ext, const char *codec, const char *message)
{
    char err[400] = "unchanged";
    const output_format *f = output_format_find(ext, codec, err, sizeof err);
    CHECK(f == NULL);
    CHECK_STR(err, message);
}

static void test_error_messages(void)
{
    expect_error("avi", NULL,
                 "unsupported output format \".avi\" (expected .mp4, .mov, .webm, .mkv, .gif, .png or .y4m)");
    expect_error(".avi", "h264",
                 "unsupported output format \".avi\" (expected .mp4, .mov, .webm, .mkv, .gif, .png or .y4m)");
    expect_error("", NULL,
                 "the output name has no extension (expected .mp4, .mov, .webm, .mkv, .gif, .png or .y4m)");
    expect_error(NULL, NULL,
                 "the output name has no extension (expected .mp4, .mov, .webm, .mkv, .gif, .png or .y4m)");
    expect_error("mp4", "vp9", "codec \"vp9\" cannot be written to .mp4 (use .webm; .mp4 takes h264, h265 or h264rgb)");
    expect_error("gif", "h264", "codec \"h264\" cannot be written to .gif (use .mp4 or .mov; .gif takes gif)");
    expect_error("mov", "ffv1", "codec \"ffv1\" cannot be written to .mov (use .mkv; .mov takes prores, prores4444 or h264)");
    expect_error("mp4", "xvid",
                 "unknown codec \"xvid\" (expected h264, h265, h264rgb, prores, prores4444, vp9, av1, ffv1, gif, "
                 "png or y4m)");
}

/* No crash and a terminated (truncated) message with small or no buffers. */
static void test_error_buffers(void)
{
    CHECK(output_format_find("avi", NULL, NULL, 0) == NULL);
    CHECK(output_format_find("mp4", "vp9", NULL, 100) == NULL);
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    CHECK(output_format_find("avi", NULL, tiny, sizeof tiny) == NULL);
    CHECK_EQ_INT(strlen(tiny), sizeof tiny - 1);
    CHECK(strncmp(tiny, "unsuppo", 7) == 0);
    char one[1] = { 'x' };
    CHECK(output_format_find("avi", NULL, one, sizeof one) == NULL);
    CHECK_EQ_INT(one[0], 0);
}

/* One default per extension, unique rows, flags that match the pixel formats. */
static void test_table_consistency(void)
{
    int rows = 0;
    for (const output_format *const *f = output_formats; *f; f++, rows++) {
        const output_format *r = *f;
        CHECK(r->codec_name && *r->codec_name && r->extension && *r->extension && r->encoder && r->doc && *r->doc);
        int defaults = 0;
        for (const output_format *const *g = output_formats; *g; g++) {
            if (strcmp((*g)->extension, r->extension) != 0)
                continue;
            defaults += (*g)->default_for_extension;
            if (g != f)
                CHECK(strcmp((*g)->codec_name, r->codec_name) != 0);
        }
        CHECK_EQ_INT(defaults, 1);
        const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(r->pix_fmt);
        CHECK(d != NULL);
        if (!d)
            continue;
        bool yuv = !(d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL));
        CHECK_EQ_INT(r->is_yuv, yuv);
        CHECK(!(d->flags & AV_PIX_FMT_FLAG_ALPHA) || r->pix_fmt == AV_PIX_FMT_PAL8);   /* PAL8 may hold alpha */
        if (r->lossless)        /* lossless means RGB-exact */
            CHECK(d->flags & AV_PIX_FMT_FLAG_RGB);
        if (r->alpha_pix_fmt != AV_PIX_FMT_NONE) {
            const AVPixFmtDescriptor *a = av_pix_fmt_desc_get(r->alpha_pix_fmt);
            CHECK(a && ((a->flags & AV_PIX_FMT_FLAG_ALPHA) || r->alpha_pix_fmt == AV_PIX_FMT_PAL8));
        }
        CHECK((r->container == NULL) == (strcmp(r->extension, "png") == 0));
    }
    CHECK_EQ_INT(rows, 12);
}

static bool encoder_takes(const AVCodec *c, int fmt)
{
    if (!c->pix_fmts)
        return true;
    for (const enum AVPixelFormat *p = c->pix_fmts; *p != AV_PIX_FMT_NONE; p++)
        if (*p == fmt)
            return true;
    return false;
}

/* Encoders from external libraries may be missing from other FFmpeg builds:
 * those are reported; FFmpeg's own must be there. */
static bool is_external(const char *encoder)
{
    return strncmp(encoder, "lib", 3) == 0;
}

static void test_encoders_and_muxers_exist(void)
{
    for (const output_format *const *f = output_formats; *f; f++) {
        const output_format *r = *f;
        const AVCodec *c = avcodec_find_encoder_by_name(r->encoder);
        if (!c) {
            fprintf(stderr, "  NOTE: encoder %s (.%s %s) is not in this FFmpeg build\n", r->encoder,
                    r->extension, r->codec_name);
            CHECK(is_external(r->encoder));
            continue;
        }
        CHECK(encoder_takes(c, r->pix_fmt));
        CHECK(frame_convert_supported(r->pix_fmt));
        if (r->alpha_pix_fmt != AV_PIX_FMT_NONE) {
            CHECK(encoder_takes(c, r->alpha_pix_fmt));
            CHECK(frame_convert_supported(r->alpha_pix_fmt));
        }
        if (r->container) {
            const AVOutputFormat *of = av_guess_format(r->container, NULL, NULL);
            CHECK(of != NULL);
            if (of)
                CHECK_STR(of->name, r->container);
        }
        /* and it opens with reel's settings for the row, in both pixel formats */
        for (int k = 0; k < 2; k++) {
            int fmt = k ? r->alpha_pix_fmt : r->pix_fmt;
            if (fmt == AV_PIX_FMT_NONE)
                continue;
            encode_settings s = { .codec = r->encoder, .width = 64, .height = 48, .fps = { 30, 1 },
                                  .pix_fmt = fmt, .crf = 23, .preset = "fast", .lossless = r->lossless };
            char err[300] = "";
            segment_encoder *e = NULL;
            int rc = segment_encoder_open(&e, &s, err, sizeof err);
            if (rc < 0)
                fprintf(stderr, "  %s %s: %s\n", r->encoder, av_get_pix_fmt_name(fmt), err);
            CHECK_EQ_INT(rc, 0);
            if (e)
                CHECK_EQ_INT(segment_encoder_context(e)->codec_id, c->id);
            segment_encoder_free(&e);
        }
    }
}

/* Lossless is refused by encoders that have no such mode, with a message. */
static void test_lossless_refused(void)
{
    const output_format *f = find("mov", "prores");
    if (!f)
        return;
    encode_settings s = { .codec = f->encoder, .width = 64, .height = 48, .fps = { 30, 1 },
                          .pix_fmt = f->pix_fmt, .crf = 23, .lossless = true };
    char err[300] = "";
    segment_encoder *e = NULL;
    CHECK(segment_encoder_open(&e, &s, err, sizeof err) < 0);
    CHECK(e == NULL);
    CHECK_STR(err, "prores_ks cannot encode losslessly");
}

int main(void)
{
    RUN(test_defaults);
    RUN(test_named_codecs);
    RUN(test_case_and_dot);
    RUN(test_error_messages);
    RUN(test_error_buffers);
    RUN(test_table_consistency);
    RUN(test_encoders_and_muxers_exist);
    RUN(test_lossless_refused);
    return CHECK_EXIT();
}
