/* One libavcodec video encoder per segment.
 *
 * Determinism comes from three settings made here: a thread count fixed per
 * encoder library, never taken from the machine (x264 runs three frame threads,
 * whose output it keeps identical from run to run; the other encoders run one
 * thread, since their threaded modes can depend on timing), a fresh instance
 * per segment (each segment starts with an IDR frame and refers to nothing
 * before it), and identical parameters for every instance (so all segments
 * share one set of codec headers, checked through the extradata).
 *
 * Why x264 gets three threads: one x264 instance holds its lookahead frames
 * (about 390 MiB at 1080p, 1.4 GiB at 2160p). One instance with several frame
 * threads keeps two cores busy with half the memory of two single-thread
 * instances side by side, and fresh memory costs time too (the kernel zeroes
 * every page). Three is what x264 itself picks on two cores (1.5 per core):
 * its serial steps leave two threads short of two cores, and a third is
 * about 3% faster for 5% more memory (25 MiB at 1080p).
 *
 * Timestamps: frames carry their index in the whole video as pts, in a 1/fps
 * time base, and the frames of one segment are consecutive. With B-frames the
 * decode timestamps have to start before the first pts: x264 gives packet k of
 * a segment the dts "pts of input frame k minus the reorder delay", where it
 * measures that delay (2 frames with the default B-pyramid) once it has seen
 * delay + 1 frames. A segment shorter than that (the tail of a video can be)
 * gets no delay at all, so its dts jump ahead of the previous segment's by
 * the delay: still increasing, but MP4 turns dts steps into sample durations,
 * and the frame rate read back from such a file is wrong (225/8 instead of 30
 * for a 30-frame test video whose last segment has one frame). So the dts are
 * set here, by the same rule for every segment: packet k of a segment that
 * starts at frame f gets dts f + k - delay, with the delay the encoder
 * declares (has_b_frames). That is exactly what x264 writes for segments long
 * enough, and it makes the dts of consecutive segments continue one another
 * with one-frame steps. It is valid because each input frame yields one
 * packet, in decode order, reordered by at most has_b_frames; a packet whose
 * pts would precede its dts is reported as an error rather than written.
 *
 * The same rule covers the other encoders: intra-only ones (ProRes, FFV1 at
 * gop 1, PNG, GIF, rawvideo) and those that pack hidden reference frames
 * into the packet of the next shown frame (libvpx-vp9 superframes, libaom
 * temporal units) emit one packet per frame in presentation order with
 * has_b_frames 0, so dts = pts. Where a wrapper does not declare its reorder
 * delay (libx265 in FFmpeg 5.1), the codec table states it.
 *
 * Everything specific to one encoder library is in the codec_options table
 * below; the rest is common to all libavcodec video encoders. */
#include "media/encoder.h"
#include "media/frame_convert.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>

struct segment_encoder {
    AVCodecContext *ctx;
    AVPacket *pkt;
    int64_t first_pts;        /* of the segment's first frame */
    int64_t frames_in, packets_out;
};

static void set_error(char *err, size_t errsize, const char *what, int averr)
{
    if (!err || errsize == 0)
        return;
    if (averr) {
        char buf[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(averr, buf, sizeof buf);
        snprintf(err, errsize, "%s: %s", what, buf);
    } else {
        snprintf(err, errsize, "%s", what);
    }
}

/* Sets a private option of the encoder, naming it in the error. */
static int set_private_option(AVCodecContext *ctx, const char *name, const char *value,
                              char *err, size_t errsize)
{
    int rc = av_opt_set(ctx->priv_data, name, value, 0);
    if (rc < 0) {
        char what[160];
        snprintf(what, sizeof what, "%s rejected %s=%s", ctx->codec->name, name, value);
        set_error(err, errsize, what, rc);
    }
    return rc;
}

/* ---- Codec specifics ----------------------------------------------------------
 * One function per encoder library, and one table row naming it. Each sets
 * what makes that encoder deterministic in one thread, and the quality knobs
 * that reel exposes (crf, preset, lossless). */

static int set_int_option(AVCodecContext *ctx, const char *name, int value, char *err, size_t errsize)
{
    char v[24];
    snprintf(v, sizeof v, "%d", value);
    return set_private_option(ctx, name, v, err, errsize);
}

/* x264 and x265 share these preset names. The libraries would print an
 * unknown one to stderr; it is named here instead. */
static int check_x26x_preset(const AVCodecContext *ctx, const char *preset, char *err, size_t errsize)
{
    static const char *const presets[] = { "ultrafast", "superfast", "veryfast", "faster", "fast",
                                           "medium", "slow", "slower", "veryslow", "placebo" };
    if (!preset || !*preset)
        return 0;
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
        if (strcmp(preset, presets[i]) == 0)
            return 0;
    char what[240];
    snprintf(what, sizeof what, "%s has no preset \"%s\" (ultrafast, superfast, veryfast, "
             "faster, fast, medium, slow, slower, veryslow, placebo)", ctx->codec->name, preset);
    set_error(err, errsize, what, 0);
    return AVERROR(EINVAL);
}

/* libx264 and libx264rgb: quality by CRF (or qp 0, lossless) and speed by
 * preset, both private options. The color tags need nothing extra: FFmpeg's
 * libx264 wrapper copies color_range, colorspace, color_primaries, color_trc
 * and chroma_sample_location from the context into x264's VUI. thread_count
 * = 1 becomes x264's threads=1, which also means lookahead_threads=1 and
 * sliced_threads=0 (the options string x264 writes into its SEI shows all
 * three). libx264rgb codes RGB as 4:4:4 with the identity matrix (x264 writes
 * that matrix into the VUI itself); with qp 0 it is exact.
 *
 * cpu-independent: x264 computes its macroblock-tree statistics in floating
 * point with code chosen by the CPU, and its AVX-512 code rounds differently
 * from its AVX2 code, so the bytes followed the machine's vector extensions.
 * This option makes x264 use its portable code for those two functions only
 * (all its other vector code gives the C code's results); W1 encodes no
 * slower with it. */
static int configure_x264(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    int rc = check_x26x_preset(ctx, s->preset, err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "x264-params", "cpu-independent=1", err, errsize);
    if (rc >= 0)
        rc = s->lossless ? set_private_option(ctx, "qp", "0", err, errsize)
                         : set_int_option(ctx, "crf", s->crf, err, errsize);
    if (rc >= 0 && s->preset && *s->preset)
        rc = set_private_option(ctx, "preset", s->preset, err, errsize);
    return rc;
}

/* libx265 ignores thread_count and starts thread pools, frame threads,
 * wavefront and lookahead slices of its own, whose decisions can depend on
 * timing; all are turned off. info=0 drops the SEI with x265's version and
 * build string, which would otherwise sit in every file (in the extradata).
 * x265 logs with its own printf; log-level=error keeps the per-instance
 * banner off stderr. The wrapper puts the color tags into the VUI.
 * B-frames stay on, as a pyramid (pinned: b-pyramid=1; every preset uses
 * B-frames). FFmpeg 5.1's wrapper leaves has_b_frames at 0, so the table
 * below states the reorder delay: 2, the delay x265 itself subtracts for its
 * dts with B-pyramid (1 without). A larger delay than the stream needs would
 * still be valid; a smaller one is caught as pts < dts. The muxer tags the
 * stream hvc1 (parameter sets only in the extradata: without
 * AV_CODEC_FLAG_GLOBAL_HEADER the wrapper would repeat them in-band). */
static int configure_x265(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    int rc = check_x26x_preset(ctx, s->preset, err, errsize);
    const char *params = s->lossless
        ? "pools=none:frame-threads=1:wpp=0:lookahead-slices=0:b-pyramid=1:info=0:log-level=error:lossless=1"
        : "pools=none:frame-threads=1:wpp=0:lookahead-slices=0:b-pyramid=1:info=0:log-level=error";
    if (rc >= 0)
        rc = set_private_option(ctx, "x265-params", params, err, errsize);
    if (rc >= 0 && !s->lossless)
        rc = set_int_option(ctx, "crf", s->crf, err, errsize);
    if (rc >= 0 && s->preset && *s->preset)
        rc = set_private_option(ctx, "preset", s->preset, err, errsize);
    return rc;
}

/* libvpx-vp9: constant quality (crf with no target bitrate), the "good"
 * deadline at cpu-used 4 (close to the quality of slower settings at a
 * fraction of the time; cpu-used 5 and up switch to real-time-like search),
 * one thread (thread_count becomes g_threads) and no row multithreading.
 * Look-ahead and alternate reference frames stay at libvpx's defaults: the
 * hidden alt-ref frames are packed by libvpx with the next shown frame into
 * one superframe, so every input frame still gives exactly one packet, in
 * presentation order (has_b_frames is 0 and dts = pts). With yuva420p the
 * wrapper runs a second libvpx instance for the alpha plane and attaches it
 * to each packet as Matroska BlockAdditional side data. */
static int configure_vp9(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    ctx->bit_rate = 0;
    int rc = s->lossless ? set_private_option(ctx, "lossless", "1", err, errsize)
                         : set_int_option(ctx, "crf", s->crf, err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "deadline", "good", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "cpu-used", "4", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "row-mt", "0", err, errsize);
    return rc;
}

/* libaom-av1: constant quality (crf, no target bitrate), "good" usage at
 * cpu-used 6, its fastest setting for that usage; one thread, no row
 * multithreading, one tile. Like VP9, hidden frames are packed into the
 * temporal unit of the next shown frame: one packet per frame, in order. */
static int configure_aom(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    ctx->bit_rate = 0;
    int rc = s->lossless ? set_private_option(ctx, "aom-params", "lossless=1", err, errsize)
                         : set_int_option(ctx, "crf", s->crf, err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "usage", "good", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "cpu-used", "6", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "row-mt", "0", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "tile-columns", "0", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "tile-rows", "0", err, errsize);
    return rc;
}

/* prores_ks: intra-only. The profile follows the pixel format: 4:2:2 is 422
 * HQ, 4:4:4 (with or without alpha) is 4444 (16-bit alpha). The frame header
 * carries a 4-byte vendor code, pinned to "apl0" (what Apple's encoders
 * write, which some players check) rather than FFmpeg's default. Quality is
 * the profile's; crf does not apply. */
static int configure_prores(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get((enum AVPixelFormat)s->pix_fmt);
    const char *profile = d && d->log2_chroma_w == 0 ? "4444" : "hq";
    int rc = set_private_option(ctx, "profile", profile, err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "vendor", "apl0", err, errsize);
    return rc;
}

/* ffv1: version 3 (checksummed slices, parameters in the extradata), range
 * coder with the large context model, and every frame a keyframe (gop 1), so
 * each frame decodes on its own and dts = pts. The slice count is FFV1's
 * default for the frame size (not for the thread count). Always lossless. */
static int configure_ffv1(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    (void)s;
    ctx->level = 3;
    ctx->gop_size = 1;
    int rc = set_private_option(ctx, "coder", "range_def", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "context", "1", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "slicecrc", "1", err, errsize);
    return rc;
}

/* gif: FFmpeg's GIF encoder with its default frame differencing (each frame
 * after the first of an instance is cropped to what changed, unchanged pixels
 * transparent), stated here so a default change cannot alter files. Every
 * instance's first packet starts with the GIF header and global palette; the
 * muxer keeps only the first segment's. */
static int configure_gif(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    (void)s;
    int rc = set_private_option(ctx, "gifflags", "offsetting+transdiff", err, errsize);
    if (rc >= 0)
        rc = set_private_option(ctx, "global_palette", "1", err, errsize);
    return rc;
}

/* png: one complete PNG file per frame, Paeth prediction (a good size/speed
 * balance). No color chunks: RGB frames carry no color tags. */
static int configure_png(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    (void)s;
    return set_private_option(ctx, "pred", "paeth", err, errsize);
}

/* rawvideo: the planes, packed without padding (for YUV4MPEG2). */
static int configure_rawvideo(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize)
{
    (void)ctx;
    (void)s;
    (void)err;
    (void)errsize;
    return 0;
}

enum lossless_support { LOSSLESS_NO, LOSSLESS_OPTION, LOSSLESS_ALWAYS };

typedef struct codec_options {
    const char *encoder;
    int (*configure)(AVCodecContext *ctx, const encode_settings *s, char *err, size_t errsize);
    enum lossless_support lossless;
    int reorder_delay;        /* for the dts rule; -1: what the encoder declares in has_b_frames */
    int threads;              /* the encoder's own threads: part of what determines the bytes */
} codec_options;

/* Encoders not listed here get only the common settings (crf and preset are
 * not meaningful to all of them) and cannot be asked for lossless output. */
static const codec_options codec_table[] = {
    { "libx264", configure_x264, LOSSLESS_OPTION, -1, 3 },
    { "libx264rgb", configure_x264, LOSSLESS_OPTION, -1, 3 },
    { "libx265", configure_x265, LOSSLESS_OPTION, 2, 1 },
    { "libvpx-vp9", configure_vp9, LOSSLESS_OPTION, -1, 1 },
    { "libaom-av1", configure_aom, LOSSLESS_OPTION, -1, 1 },
    { "prores_ks", configure_prores, LOSSLESS_NO, -1, 1 },
    { "ffv1", configure_ffv1, LOSSLESS_ALWAYS, -1, 1 },
    { "gif", configure_gif, LOSSLESS_NO, -1, 1 },
    { "png", configure_png, LOSSLESS_ALWAYS, -1, 1 },
    { "rawvideo", configure_rawvideo, LOSSLESS_ALWAYS, -1, 1 },
};

static const codec_options *codec_options_for(const char *name)
{
    for (size_t i = 0; i < sizeof codec_table / sizeof codec_table[0]; i++)
        if (strcmp(codec_table[i].encoder, name) == 0)
            return &codec_table[i];
    return NULL;
}

/* ---- Common part ---------------------------------------------------------------- */

int encode_settings_threads(const encode_settings *s)
{
    const codec_options *opts = s->codec ? codec_options_for(s->codec) : NULL;
    return opts ? opts->threads : 1;
}

static bool codec_supports_pix_fmt(const AVCodec *codec, enum AVPixelFormat fmt)
{
    if (!codec->pix_fmts)
        return true;
    for (const enum AVPixelFormat *p = codec->pix_fmts; *p != AV_PIX_FMT_NONE; p++)
        if (*p == fmt)
            return true;
    return false;
}

static int check_settings(const encode_settings *s, const AVCodec **codec, char *err, size_t errsize)
{
    char what[200];
    if (!s->codec || !*s->codec) {
        set_error(err, errsize, "no video encoder given", 0);
        return AVERROR(EINVAL);
    }
    *codec = avcodec_find_encoder_by_name(s->codec);
    if (!*codec || (*codec)->type != AVMEDIA_TYPE_VIDEO) {
        snprintf(what, sizeof what, "video encoder \"%s\" is not available in this FFmpeg build", s->codec);
        set_error(err, errsize, what, 0);
        return AVERROR_ENCODER_NOT_FOUND;
    }
    if (s->width <= 0 || s->height <= 0) {
        snprintf(what, sizeof what, "video size %dx%d is not positive", s->width, s->height);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    if (s->fps.num <= 0 || s->fps.den <= 0 || s->fps.num > INT_MAX || s->fps.den > INT_MAX) {
        snprintf(what, sizeof what, "frame rate %lld/%lld is not usable", (long long)s->fps.num,
                 (long long)s->fps.den);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get((enum AVPixelFormat)s->pix_fmt);
    if (!desc) {
        snprintf(what, sizeof what, "pixel format %d is not a known format", s->pix_fmt);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    if (!codec_supports_pix_fmt(*codec, (enum AVPixelFormat)s->pix_fmt)) {
        snprintf(what, sizeof what, "%s cannot encode pixel format %s", s->codec, desc->name);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    /* Subsampled formats need whole chroma samples: 4:2:0 needs even sizes. */
    int wmask = (1 << desc->log2_chroma_w) - 1, hmask = (1 << desc->log2_chroma_h) - 1;
    if ((s->width & wmask) || (s->height & hmask)) {
        snprintf(what, sizeof what, "%s video must have even width and height, got %dx%d",
                 desc->name, s->width, s->height);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    return 0;
}

int segment_encoder_open(segment_encoder **out, const encode_settings *s, char *err, size_t errsize)
{
    *out = NULL;
    const AVCodec *codec = NULL;
    int rc = check_settings(s, &codec, err, errsize);
    if (rc < 0)
        return rc;
    segment_encoder *e = av_mallocz(sizeof *e);
    if (!e || !(e->ctx = avcodec_alloc_context3(codec)) || !(e->pkt = av_packet_alloc())) {
        segment_encoder_free(&e);
        set_error(err, errsize, "out of memory opening the video encoder", 0);
        return AVERROR(ENOMEM);
    }
    AVCodecContext *c = e->ctx;
    c->width = s->width;
    c->height = s->height;
    c->pix_fmt = (enum AVPixelFormat)s->pix_fmt;
    c->time_base = (AVRational){ (int)s->fps.den, (int)s->fps.num };
    c->framerate = (AVRational){ (int)s->fps.num, (int)s->fps.den };
    c->sample_aspect_ratio = (AVRational){ 1, 1 };
    /* A fixed thread count: the encoder's choices must not depend on the machine. */
    c->thread_count = encode_settings_threads(s);
    /* Codec headers go into extradata (MP4/MOV need them there), and no
     * library version strings where the encoder honors BITEXACT. */
    c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER | AV_CODEC_FLAG_BITEXACT;
    /* Per-segment banners and statistics (libx264 logs several lines at info
     * level for every instance) go to the verbose level; warnings and errors
     * stay visible. This is a field of this context, not a global setting. */
    c->log_level_offset = AV_LOG_VERBOSE - AV_LOG_INFO;
    /* YUV gets BT.709 tags and its range; RGB and palette formats get none
     * (their samples are the colors themselves). */
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(c->pix_fmt);
    if (!(desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL))) {
        c->colorspace = AVCOL_SPC_BT709;
        c->color_primaries = AVCOL_PRI_BT709;
        c->color_trc = AVCOL_TRC_BT709;
        c->color_range = s->full_range ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
        /* yuv.c averages each 2x2 block, so 4:2:0 chroma sits at the block center. */
        if (desc->log2_chroma_w == 1 && desc->log2_chroma_h == 1)
            c->chroma_sample_location = AVCHROMA_LOC_CENTER;
    }

    const codec_options *opts = codec_options_for(codec->name);
    if (s->lossless && (!opts || opts->lossless == LOSSLESS_NO)) {
        char what[160];
        snprintf(what, sizeof what, "%s cannot encode losslessly", codec->name);
        set_error(err, errsize, what, 0);
        segment_encoder_free(&e);
        return AVERROR(EINVAL);
    }
    if (opts && (rc = opts->configure(c, s, err, errsize)) < 0) {
        segment_encoder_free(&e);
        return rc;
    }
    if ((rc = avcodec_open2(c, codec, NULL)) < 0) {
        char what[160];
        snprintf(what, sizeof what, "cannot open video encoder %s", codec->name);
        set_error(err, errsize, what, rc);
        segment_encoder_free(&e);
        return rc;
    }
    if (opts && opts->reorder_delay >= 0)
        c->has_b_frames = opts->reorder_delay;
    *out = e;
    return 0;
}

const AVCodecContext *segment_encoder_context(const segment_encoder *e)
{
    return e->ctx;
}

AVFrame *segment_encoder_alloc_frame(const segment_encoder *e)
{
    AVFrame *f = frame_new_zeroed(e->ctx->pix_fmt, e->ctx->width, e->ctx->height);
    if (!f)
        return NULL;
    f->color_range = e->ctx->color_range;
    f->colorspace = e->ctx->colorspace;
    f->color_primaries = e->ctx->color_primaries;
    f->color_trc = e->ctx->color_trc;
    f->chroma_location = e->ctx->chroma_sample_location;
    f->sample_aspect_ratio = e->ctx->sample_aspect_ratio;
    return f;
}

/* Moves every packet the encoder has ready into out, with the dts rule from
 * the top of this file. Returns 0 when the encoder wants more input (or,
 * draining, has finished), else a negative AVERROR. */
static int collect_packets(segment_encoder *e, packet_list *out)
{
    for (;;) {
        int rc = avcodec_receive_packet(e->ctx, e->pkt);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return 0;
        if (rc < 0)
            return rc;
        if (e->packets_out >= e->frames_in || e->pkt->pts == AV_NOPTS_VALUE) {
            av_packet_unref(e->pkt);
            return AVERROR_BUG;     /* not one packet per frame: cannot number them */
        }
        e->pkt->dts = e->first_pts + e->packets_out - e->ctx->has_b_frames;
        e->packets_out++;
        if (e->pkt->pts < e->pkt->dts) {
            av_packet_unref(e->pkt);
            return AVERROR_BUG;     /* reordered deeper than the encoder declared */
        }
        /* Every frame lasts one tick; containers need it for the last frame. */
        if (e->pkt->duration <= 0)
            e->pkt->duration = 1;
        e->pkt->time_base = e->ctx->time_base;
        rc = packet_list_push(out, e->pkt);
        av_packet_unref(e->pkt);
        if (rc < 0)
            return rc;
    }
}

int segment_encoder_send(segment_encoder *e, AVFrame *frame, packet_list *out)
{
    if (!frame)
        return segment_encoder_finish(e, out);
    /* Frames of a segment are consecutive: the dts rule relies on it. */
    if (e->frames_in > 0 && frame->pts != e->first_pts + e->frames_in)
        return AVERROR(EINVAL);
    if (e->frames_in == 0)
        e->first_pts = frame->pts;
    /* Some encoders (prores_ks) write the color tags of each frame into its
     * header rather than the context's: give every frame the context's, so
     * the stream says the same as the container whoever allocated the frame. */
    frame->color_range = e->ctx->color_range;
    frame->colorspace = e->ctx->colorspace;
    frame->color_primaries = e->ctx->color_primaries;
    frame->color_trc = e->ctx->color_trc;
    frame->chroma_location = e->ctx->chroma_sample_location;
    frame->sample_aspect_ratio = e->ctx->sample_aspect_ratio;
    int rc = avcodec_send_frame(e->ctx, frame);
    if (rc < 0)
        return rc;
    e->frames_in++;
    /* The caller refills this frame next. If libavcodec kept a reference to
     * its buffers (no current encoder does), give the caller fresh ones so
     * the queued picture is not overwritten. */
    if (!av_frame_is_writable(frame) && (rc = av_frame_make_writable(frame)) < 0)
        return rc;
    return collect_packets(e, out);
}

int segment_encoder_finish(segment_encoder *e, packet_list *out)
{
    int rc = avcodec_send_frame(e->ctx, NULL);
    if (rc < 0 && rc != AVERROR_EOF)
        return rc;
    return collect_packets(e, out);
}

void segment_encoder_free(segment_encoder **e)
{
    if (!e || !*e)
        return;
    avcodec_free_context(&(*e)->ctx);
    av_packet_free(&(*e)->pkt);
    av_freep(e);
}
