/* Video footage through libavformat + libavcodec + libswscale.
 *
 * One reader owns one demuxer and one single-threaded decoder and keeps two
 * decoded frames: the current one and the next in presentation order. The
 * next frame's timestamp closes the current frame's interval, so choosing the
 * frame for a time needs no frame rate and works for variable rates. Requests
 * are turned into a stream timestamp by exact 128-bit integer arithmetic.
 *
 * Forward requests decode forward. A seek (to the keyframe at or before the
 * target) happens only for a request behind the current frame, or when the
 * demuxer's index shows a keyframe at or before the target and more than a
 * few frames past everything decoded so far (decoding from it is less work);
 * without a usable index, for a jump of more than two seconds. Demuxers that
 * land after the target are asked again further back, and a reopen from the
 * start is the last resort, so a seek never returns a wrong frame. Streams
 * whose frames lack timestamps of their own (raw H.264, MPEG-PS) are timed by
 * guesses that depend on where decoding began; for them going back reopens
 * and decodes from the start, so answers match a sequential read exactly.
 *
 * House rules as in image_decode.c: only the file protocol, the decoder's log
 * lines demoted through its own log_level_offset, errors returned in a buffer,
 * no global state. The first frame is decoded with strict error detection (it
 * proves the file decodes); later damaged frames are dropped instead of
 * stopping playback. Conversion honors the frame's matrix and range: 8-bit
 * 4:2:0, 4:2:2, 4:4:4 and NV12 frames at the stream's size go through the
 * exact integer converter of yuv_to_rgb.c (which also honors the chroma
 * siting), everything else through swscale in bit-exact mode; alpha is
 * premultiplied here, exactly. */
#include "media/media_errors.h"
#include "media/video_source.h"
#include "media/bgra_rotate.h"
#include "media/decode_buffers.h"
#include "media/yuv_to_rgb.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/mathematics.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "util/big_buffer.h"

__extension__ typedef __int128 i128;

/* Consecutive decoder errors tolerated without any progress. */
enum { MAX_ERROR_RUN = 64 };

/* Packet statistics gathered while demuxing, for video_probe. */
typedef struct packet_scan {
    int64_t count;
    bool have_pts, have_prev, have_delay;
    int64_t max_pts, max_dur;       /* the latest packet and its duration */
    int64_t prev_pts;               /* the latest before it, for a missing duration */
    int64_t delay;                  /* pts - dts of the last packet with both */
    bool truncated;
} packet_scan;

struct video_reader {
    char *path;
    AVFormatContext *fc;
    AVCodecContext *dec;
    decode_buffers *buffers;  /* dec's frame memory (NULL: libavcodec's) */
    AVPacket *pkt;
    bool pkt_pending;               /* pkt holds a packet the decoder has not taken */
    bool flushed;                   /* end of input sent to the decoder */
    bool strict;                    /* before the first frame: any error is fatal */
    bool broken;                    /* a failed seek or decode left no usable state */
    int stream;
    AVRational tb;
    int64_t origin;                 /* first frame's timestamp: source time 0 */
    int64_t period;                 /* average frame duration, for untimed frames */
    bool sparse;                    /* some frames carry no timestamp of their own */

    AVFrame *cur, *next;
    int64_t cur_pts, next_pts;
    bool have_next, at_end;         /* at_end: nothing follows cur */
    bool have_prev;
    int64_t prev_ts;                /* last timestamp handed out since open or seek */

    int width, height;
    bool alpha;
    uint8_t *bgra;
    int stride;
    bool bgra_valid;                /* bgra holds cur */
    int rotation;                   /* clockwise degrees that turn it upright (stream_rotation) */
    uint8_t *upright;               /* bgra turned by rotation (when not 0) */
    int upright_w, upright_h, upright_stride;
    bool upright_valid;             /* upright holds bgra's picture */
    struct SwsContext *sws;
    int sws_w, sws_h, sws_fmt, sws_cs, sws_full;

    packet_scan *scan;              /* set during video_probe only */
    video_stats stats;
};

static int stream_rotation(const AVStream *st);

static int fail(char *err, size_t errsize, const char *path, const char *what, int rc)
{
    return media_fail(err, errsize, path, what, rc);
}

static int check_size(int w, int h, const char *path, char *err, size_t errsize)
{
    return media_check_size("video", w, h, VIDEO_MAX_SIDE, path, err, errsize);
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* num/den reduced, den > 0; values beyond 64 bits (absurd timestamps) are
 * approximated rather than wrapped. */
static rational make_rational(i128 num, i128 den)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    const i128 lim = INT64_MAX;
    while (num > lim || num < -lim || den > lim) {
        num /= 2;
        den /= 2;
    }
    if (den == 0)
        return (rational){ 0, 1 };
    int64_t n = (int64_t)num, d = (int64_t)den;
    int64_t g = gcd64(n, d);
    if (g > 1) {
        n /= g;
        d /= g;
    }
    return (rational){ n, d };
}

static i128 floor_div(i128 a, i128 b)
{
    i128 q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* Source time t -> the largest stream timestamp not after it. Frame i
 * contains t exactly when pts_i <= this < pts_i+1, since timestamps are
 * integers: pts * tb <= t  <=>  pts <= floor(t / tb). */
static int64_t source_to_ts(const video_reader *r, rational t)
{
    i128 q = floor_div((i128)t.num * r->tb.den, (i128)t.den * r->tb.num) + r->origin;
    const i128 lim = INT64_MAX / 4;
    return q > lim ? (int64_t)lim : q < -lim ? (int64_t)-lim : (int64_t)q;
}

static rational ts_to_source(const video_reader *r, int64_t ts)
{
    return make_rational(((i128)ts - r->origin) * r->tb.num, r->tb.den);
}

/* ---- demuxing and decoding ---------------------------------------------- */

static void close_input(video_reader *r)
{
    avformat_close_input(&r->fc);
}

/* The best video stream that is real footage (not cover art), or -1. */
static int pick_stream(AVFormatContext *fc)
{
    int best = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    const int still = AV_DISPOSITION_ATTACHED_PIC | AV_DISPOSITION_TIMED_THUMBNAILS;
    if (best >= 0 && !(fc->streams[best]->disposition & still))
        return best;
    for (unsigned i = 0; i < fc->nb_streams; i++) {
        const AVStream *st = fc->streams[i];
        if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !(st->disposition & still))
            return (int)i;
    }
    return -1;
}

/* Opens the container and picks the stream (r->stream, or checks that a
 * reopen finds the same one). */
static int open_input(video_reader *r, char *err, size_t errsize)
{
    const char *path = r->path;
    int rc = media_open_probed(&r->fc, path, "video", false, err, errsize);
    if (rc < 0)
        return rc;

    int stream = pick_stream(r->fc);
    if (stream < 0) {
        bool audio = av_find_best_stream(r->fc, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
        return fail(err, errsize, path, audio ? "no video stream (the file holds only audio)"
                                              : "no video stream", AVERROR_STREAM_NOT_FOUND);
    }
    if (r->dec && stream != r->stream)
        return fail(err, errsize, path, "the file changed while it was read", AVERROR_INVALIDDATA);
    r->stream = stream;
    const AVStream *vs = r->fc->streams[stream];
    r->tb = vs->time_base;
    if (r->tb.num <= 0 || r->tb.den <= 0)
        return fail(err, errsize, path, "the video stream has no time base", AVERROR_INVALIDDATA);
    /* Other streams' packets are never wanted: let the demuxer skip them. */
    for (unsigned i = 0; i < r->fc->nb_streams; i++)
        if ((int)i != stream)
            r->fc->streams[i]->discard = AVDISCARD_ALL;
    return 0;
}

/* FFmpeg's native VP9 decoder ignores the alpha plane that WebM carries in
 * BlockAdditional side data; libvpx decodes it. */
static const AVCodec *pick_decoder(const AVStream *st)
{
    const AVCodecParameters *par = st->codecpar;
    if (par->codec_id == AV_CODEC_ID_VP9) {
        const AVDictionaryEntry *e = av_dict_get(st->metadata, "alpha_mode", NULL, 0);
        if (e && strcmp(e->value, "0") != 0) {
            const AVCodec *c = avcodec_find_decoder_by_name("libvpx-vp9");
            if (c)
                return c;
        }
    }
    return avcodec_find_decoder(par->codec_id);
}

static int open_decoder(video_reader *r, char *err, size_t errsize)
{
    const AVStream *st = r->fc->streams[r->stream];
    const AVCodecParameters *par = st->codecpar;
    const char *path = r->path;
    int rc;
    /* Refuse oversized video before decoding it when the header says so. */
    if (par->width > 0 && par->height > 0 && (rc = check_size(par->width, par->height, path, err, errsize)) < 0)
        return rc;
    const AVCodec *codec = pick_decoder(st);
    if (!codec) {
        char what[160];
        snprintf(what, sizeof what, "no decoder for the video codec \"%s\"", avcodec_get_name(par->codec_id));
        return fail(err, errsize, path, what, AVERROR_DECODER_NOT_FOUND);
    }
    if (!(r->dec = avcodec_alloc_context3(codec)))
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    if ((rc = avcodec_parameters_to_context(r->dec, par)) < 0)
        return fail(err, errsize, path, "the first video frame does not decode", rc);
    r->dec->pkt_timebase = st->time_base;
    r->dec->thread_count = 1;
    r->buffers = decode_buffers_attach(r->dec);
    r->dec->err_recognition = AV_EF_CRCCHECK | AV_EF_BITSTREAM | AV_EF_BUFFER | AV_EF_EXPLODE;
    r->dec->log_level_offset = MEDIA_QUIET_LOG_OFFSET;
    if ((rc = avcodec_open2(r->dec, codec, NULL)) < 0)
        return fail(err, errsize, path, "the first video frame does not decode", rc);
    return 0;
}

static int64_t packet_time(const AVPacket *p)
{
    return p->pts != AV_NOPTS_VALUE ? p->pts : p->dts;
}

static void scan_packet(packet_scan *s, const AVPacket *p)
{
    s->count++;
    /* Where only some packets carry a presentation time (MPEG-PS), the
     * others' decode times are shifted by the latest known pts - dts. */
    if (p->pts != AV_NOPTS_VALUE && p->dts != AV_NOPTS_VALUE) {
        s->delay = p->pts - p->dts;
        s->have_delay = true;
    }
    int64_t ts = packet_time(p);
    if (ts == AV_NOPTS_VALUE)
        return;
    if (p->pts == AV_NOPTS_VALUE && s->have_delay)
        ts += s->delay;
    if (!s->have_pts || ts > s->max_pts) {
        if (s->have_pts) {
            s->prev_pts = s->max_pts;
            s->have_prev = true;
        }
        s->max_pts = ts;
        s->max_dur = p->duration;
        s->have_pts = true;
    } else if (ts < s->max_pts && (!s->have_prev || ts > s->prev_pts)) {
        s->prev_pts = ts;
        s->have_prev = true;
    }
}

/* Next packet of the video stream into r->pkt. Packets cut short by the end
 * of the file are dropped (they would decode as damaged frames), and the
 * packets an edit list marks as discarded are decoded but not counted. */
static int read_packet(video_reader *r)
{
    for (;;) {
        int rc = av_read_frame(r->fc, r->pkt);
        if (rc < 0) {
            if (r->scan && rc != AVERROR_EOF)
                r->scan->truncated = true;
            return rc;
        }
        if (r->pkt->stream_index == r->stream) {
            if (r->pkt->flags & AV_PKT_FLAG_CORRUPT) {
                if (r->scan)
                    r->scan->truncated = true;
            } else {
                if (r->scan && !(r->pkt->flags & AV_PKT_FLAG_DISCARD))
                    scan_packet(r->scan, r->pkt);
                return 0;
            }
        }
        av_packet_unref(r->pkt);
    }
}

/* The frame's timestamp, kept strictly increasing in output order so that
 * every frame has a non-empty interval. A frame without a presentation time
 * of its own is placed by libavcodec's guess from decode times, or one frame
 * period after the previous frame; such guesses depend on where decoding
 * started, so the stream is marked sparse and never seeks (see seek_to). */
static int64_t frame_time(video_reader *r, const AVFrame *f)
{
    int64_t ts = f->best_effort_timestamp;
    if (f->pts == AV_NOPTS_VALUE)
        r->sparse = true;
    if (ts == AV_NOPTS_VALUE)
        ts = r->have_prev ? r->prev_ts + r->period : 0;
    if (r->have_prev && ts <= r->prev_ts)
        ts = r->prev_ts + 1;
    r->prev_ts = ts;
    r->have_prev = true;
    return ts;
}

/* Decodes the next frame in presentation order into dst. Returns 0,
 * AVERROR_EOF when the stream is over, or a fatal error (any error while
 * r->strict). Read errors end the stream like the end of the file. */
static int decode_next(video_reader *r, AVFrame *dst, int64_t *ts)
{
    int error_run = 0;
    for (;;) {
        int rc = avcodec_receive_frame(r->dec, dst);
        if (rc == 0) {
            r->stats.frames_decoded++;
            *ts = frame_time(r, dst);
            return 0;
        }
        if (rc == AVERROR_EOF)
            return AVERROR_EOF;
        if (rc != AVERROR(EAGAIN)) {
            /* A damaged frame: the decoder has consumed its packet. */
            if (r->strict || rc == AVERROR(ENOMEM) || ++error_run > MAX_ERROR_RUN)
                return rc;
            continue;
        }
        if (r->flushed)
            return AVERROR_EOF;
        if (!r->pkt_pending) {
            if (read_packet(r) < 0) {
                r->flushed = true;
                avcodec_send_packet(r->dec, NULL);
                continue;
            }
            r->pkt_pending = true;
        }
        rc = avcodec_send_packet(r->dec, r->pkt);
        if (rc == AVERROR(EAGAIN))
            continue;
        av_packet_unref(r->pkt);
        r->pkt_pending = false;
        if (rc < 0) {
            if (r->strict || rc == AVERROR(ENOMEM) || ++error_run > MAX_ERROR_RUN)
                return rc;
        } else {
            error_run = 0;
        }
    }
}

/* Forgets all decoding state after the demuxer has been repositioned. */
static void reset_decoding(video_reader *r)
{
    avcodec_flush_buffers(r->dec);
    av_packet_unref(r->pkt);
    r->pkt_pending = false;
    r->flushed = false;
    r->have_next = false;
    r->at_end = false;
    r->have_prev = false;
    r->bgra_valid = false;
    av_frame_unref(r->cur);
    av_frame_unref(r->next);
}

/* Makes r->next the frame after r->cur, unless the stream ends with cur. */
static int ensure_next(video_reader *r, char *err, size_t errsize)
{
    if (r->have_next || r->at_end)
        return 0;
    int rc = decode_next(r, r->next, &r->next_pts);
    if (rc == AVERROR_EOF) {
        r->at_end = true;
        return 0;
    }
    if (rc < 0)
        return fail(err, errsize, r->path, rc == AVERROR(ENOMEM) ? "out of memory" : "cannot decode the video", rc);
    r->have_next = true;
    return 0;
}

static void advance(video_reader *r)
{
    AVFrame *t = r->cur;
    r->cur = r->next;
    r->next = t;
    av_frame_unref(r->next);
    r->cur_pts = r->next_pts;
    r->have_next = false;
    r->bgra_valid = false;
}

/* Back to the first frame by opening the file again: works for every
 * demuxer, seekable or not. */
static int restart(video_reader *r, char *err, size_t errsize)
{
    r->stats.seeks++;
    close_input(r);
    int rc = open_input(r, err, errsize);
    if (rc < 0)
        return rc;
    reset_decoding(r);
    rc = decode_next(r, r->cur, &r->cur_pts);
    if (rc < 0)
        return fail(err, errsize, r->path, "the first video frame no longer decodes",
                    rc == AVERROR_EOF ? AVERROR_INVALIDDATA : rc);
    return 0;
}

/* Positions cur on the frame containing ts (ts >= origin), or on a frame
 * before it, from the keyframe at or before ts. */
static int seek_to(video_reader *r, int64_t ts, char *err, size_t errsize)
{
    /* Guessed timestamps after a seek would differ from those of a decode
     * from the start (the guess is anchored elsewhere): exact beats fast. */
    if (r->sparse)
        return restart(r, err, errsize);
    int64_t target = ts;
    int64_t back = av_rescale_q(1, (AVRational){ 1, 1 }, r->tb);
    if (back < 1)
        back = 1;
    /* A demuxer that indexes decode times, or seeks coarsely, may land on a
     * keyframe shown after ts: ask again further back, a few times. */
    for (int attempt = 0; attempt < 4; attempt++) {
        r->stats.seeks++;
        if (av_seek_frame(r->fc, r->stream, target, AVSEEK_FLAG_BACKWARD) < 0)
            break;
        reset_decoding(r);
        int rc = decode_next(r, r->cur, &r->cur_pts);
        if (rc < 0 && rc != AVERROR_EOF)
            return fail(err, errsize, r->path, "cannot decode after seeking", rc);
        if (rc == AVERROR_EOF || r->sparse)   /* nothing there, or untimed frames */
            break;
        if (r->cur_pts <= ts || r->cur_pts <= r->origin)
            return 0;
        target = (r->cur_pts < target ? r->cur_pts : target) - back;
        back *= 2;
    }
    return restart(r, err, errsize);
}

/* Whether to reach ts (after r->next) by seeking instead of decoding on. */
static bool worth_seeking(const video_reader *r, int64_t ts)
{
    if (r->sparse)
        return false;
    int64_t decoded = r->have_next ? r->next_pts : r->cur_pts;
    /* A seek discards the frames in flight in the decoder: it pays only when
     * it skips a few frames, here four of the latest frame period. */
    int64_t margin = r->have_next ? 4 * (r->next_pts - r->cur_pts) : 0;
    AVStream *st = r->fc->streams[r->stream];
    int n = avformat_index_get_entries_count(st);
    if (n > 0) {
        const AVIndexEntry *key = avformat_index_get_entry_from_timestamp(st, ts, AVSEEK_FLAG_BACKWARD);
        const AVIndexEntry *last = avformat_index_get_entry(st, n - 1);
        /* A keyframe well past the decoded frames: decoding from it skips
         * work. (Index times may be decode times, a little early: harmless.) */
        if (key && key->timestamp > decoded + margin)
            return true;
        /* The index is the whole stream's, or reaches past ts: no keyframe
         * worth it lies between, so decoding on is the least work. An index
         * built while reading (AVFMT_GENERIC_INDEX) may not reach ts yet. */
        if (!(r->fc->iformat->flags & AVFMT_GENERIC_INDEX) || (last && last->timestamp > ts))
            return false;
    }
    return ts - decoded > av_rescale_q(2, (AVRational){ 1, 1 }, r->tb);
}

/* ---- conversion ------------------------------------------------------- */

static bool is_yuv(enum AVPixelFormat fmt)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmt);
    return d && !(d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) && d->nb_components >= 3;
}

static bool has_alpha(enum AVPixelFormat fmt)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(fmt);
    return d && (d->flags & AV_PIX_FMT_FLAG_ALPHA);
}

/* The deprecated "yuvj" formats (full-range YUV) as their plain equivalents;
 * swscale warns about the former. */
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

/* The YUV matrix (an SWS_CS_* value, equal to the AVCOL_SPC_* numbering):
 * the frame's own, else BT.601 below 720 lines and BT.709 from there, as
 * players guess for untagged video. */
static int frame_matrix(const AVFrame *f)
{
    switch (f->colorspace) {
    case AVCOL_SPC_BT709:
    case AVCOL_SPC_FCC:
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
    case AVCOL_SPC_SMPTE240M:
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
        return (int)f->colorspace;
    default:
        return f->height < 720 ? SWS_CS_ITU601 : SWS_CS_ITU709;
    }
}

/* Straight alpha -> premultiplied, c * a / 255 rounded half up (exactly). */
static void premultiply(uint8_t *pixels, int stride, int w, int h)
{
    for (int y = 0; y < h; y++) {
        uint8_t *p = pixels + (size_t)y * (size_t)stride;
        for (int x = 0; x < w; x++, p += 4) {
            unsigned a = p[3];
            if (a == 255)
                continue;
            p[0] = (uint8_t)((p[0] * a + 127) / 255);
            p[1] = (uint8_t)((p[1] * a + 127) / 255);
            p[2] = (uint8_t)((p[2] * a + 127) / 255);
        }
    }
}

/* Through swscale: any format, scaled to the reader's size. */
static int convert_swscale(video_reader *r, enum AVPixelFormat fmt, bool yuv, int cs, bool full,
                           char *err, size_t errsize)
{
    const AVFrame *f = r->cur;
    if (!r->sws || r->sws_w != f->width || r->sws_h != f->height || r->sws_fmt != (int)fmt
        || r->sws_cs != cs || r->sws_full != (int)full) {
        sws_freeContext(r->sws);
        int flags = SWS_BILINEAR | SWS_BITEXACT | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP;
        r->sws = sws_getContext(f->width, f->height, fmt, r->width, r->height, AV_PIX_FMT_BGRA,
                                flags, NULL, NULL, NULL);
        if (!r->sws)
            return fail(err, errsize, r->path, "cannot convert this video's pixel format", AVERROR(ENOSYS));
        if (yuv) {
            int *inv_table, src_range, *table, dst_range, brightness, contrast, saturation;
            sws_getColorspaceDetails(r->sws, &inv_table, &src_range, &table, &dst_range,
                                     &brightness, &contrast, &saturation);
            sws_setColorspaceDetails(r->sws, sws_getCoefficients(cs), full ? 1 : 0, table, 1,
                                     brightness, contrast, saturation);
        }
        r->sws_w = f->width;
        r->sws_h = f->height;
        r->sws_fmt = (int)fmt;
        r->sws_cs = cs;
        r->sws_full = (int)full;
    }
    uint8_t *dst[4] = { r->bgra, NULL, NULL, NULL };
    int dst_stride[4] = { r->stride, 0, 0, 0 };
    if (sws_scale(r->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, dst_stride) != r->height)
        return fail(err, errsize, r->path, "cannot convert this video's pixel format", AVERROR(ENOSYS));
    if (has_alpha(fmt))
        premultiply(r->bgra, r->stride, r->width, r->height);
    return 0;
}

/* r->cur's format, matrix, range and chroma siting in *p; true when the
 * exact converter takes it: opaque 8-bit YUV at the first frame's size, the
 * common case, several times faster than swscale's bit-exact path. */
static bool exact_conversion(const video_reader *r, yuv_rgb_params *p)
{
    const AVFrame *f = r->cur;
    bool full = f->color_range == AVCOL_RANGE_JPEG;
    enum AVPixelFormat fmt = plain_yuv((enum AVPixelFormat)f->format, &full);
    int cs = is_yuv(fmt) ? frame_matrix(f) : 0;
    *p = (yuv_rgb_params){ fmt, cs, full, f->chroma_location, false };
    return f->width == r->width && f->height == r->height && yuv_to_rgb_supported(fmt, cs);
}

/* r->cur -> premultiplied BGRA in r->bgra, at the first frame's size (a
 * stream that changes size midway is scaled back to it). */
static int convert_current(video_reader *r, char *err, size_t errsize)
{
    yuv_rgb_params p;
    if (exact_conversion(r, &p)) {
        yuv_to_rgb(r->cur, &p, r->bgra, r->stride);
    } else {
        int rc = convert_swscale(r, p.format, is_yuv(p.format), p.matrix, p.full_range, err, errsize);
        if (rc < 0)
            return rc;
    }
    r->bgra_valid = true;
    r->stats.frames_converted++;
    return 0;
}

/* ---- public ----------------------------------------------------------- */

void video_reader_close(video_reader *r)
{
    if (!r)
        return;
    sws_freeContext(r->sws);
    big_buffer_free(r->bgra);
    big_buffer_free(r->upright);
    av_frame_free(&r->cur);
    av_frame_free(&r->next);
    av_packet_free(&r->pkt);
    avcodec_free_context(&r->dec);
    decode_buffers_free(r->buffers);
    close_input(r);
    free(r->path);
    free(r);
}

/* One frame at the stream's average rate, in its time base (at least 1). */
static int64_t frame_period(const AVStream *st, AVRational tb)
{
    AVRational fps = st->avg_frame_rate;
    if (fps.num <= 0 || fps.den <= 0)
        fps = st->r_frame_rate;
    int64_t p = fps.num > 0 && fps.den > 0 ? av_rescale_q(1, av_inv_q(fps), tb) : 1;
    return p > 0 ? p : 1;
}

/* Opens path and decodes its first frame; scan (may be NULL) gathers the
 * statistics of every packet read from then on. */
static int reader_create(video_reader **out, const char *path, packet_scan *scan, char *err, size_t errsize)
{
    *out = NULL;
    if (!path)
        path = "";
    video_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->path = malloc(strlen(path) + 1))) {
        free(r);
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    }
    strcpy(r->path, path);
    r->scan = scan;
    r->strict = true;
    int rc = open_input(r, err, errsize);
    if (rc >= 0) {
        r->period = frame_period(r->fc->streams[r->stream], r->tb);
        rc = open_decoder(r, err, errsize);
    }
    if (rc >= 0 && (!(r->pkt = av_packet_alloc()) || !(r->cur = av_frame_alloc()) || !(r->next = av_frame_alloc())))
        rc = fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    if (rc >= 0) {
        rc = decode_next(r, r->cur, &r->cur_pts);
        if (rc < 0)
            rc = fail(err, errsize, path, "the first video frame does not decode (truncated or corrupt data)",
                      rc == AVERROR_EOF ? AVERROR_INVALIDDATA : rc);
    }
    if (rc >= 0)
        rc = check_size(r->cur->width, r->cur->height, path, err, errsize);
    if (rc >= 0) {
        r->strict = false;
        r->origin = r->cur_pts;
        r->width = r->cur->width;
        r->height = r->cur->height;
        r->alpha = has_alpha((enum AVPixelFormat)r->cur->format);
        r->stride = FFALIGN(r->width * 4, 64);
        if (!(r->bgra = big_buffer_alloc((size_t)r->stride * (size_t)r->height)))
            rc = fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    }
    if (rc >= 0 && (r->rotation = stream_rotation(r->fc->streams[r->stream])) != 0) {
        bgra_rotated_size(r->width, r->height, r->rotation, &r->upright_w, &r->upright_h);
        r->upright_stride = FFALIGN(r->upright_w * 4, 64);
        if (!(r->upright = big_buffer_alloc((size_t)r->upright_stride * (size_t)r->upright_h)))
            rc = fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    }
    if (rc < 0) {
        video_reader_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

int video_reader_open(video_reader **out, const char *path, char *err, size_t errsize)
{
    return reader_create(out, path, NULL, err, errsize);
}

/* Makes cur the frame shown at source time t (see video_reader_frame_at). */
static int position(video_reader *r, rational t, char *err, size_t errsize)
{
    if (t.den <= 0)
        return fail(err, errsize, r->path, "invalid time (denominator <= 0)", AVERROR(EINVAL));
    if (r->broken)
        return fail(err, errsize, r->path, "reading stopped after an earlier error", AVERROR_INVALIDDATA);
    int64_t ts = source_to_ts(r, t);
    int rc = 0;
    if (ts < r->cur_pts) {
        /* Before the first frame is the first frame; otherwise go back. */
        if (r->cur_pts > r->origin)
            rc = seek_to(r, ts > r->origin ? ts : r->origin, err, errsize);
    } else if ((rc = ensure_next(r, err, errsize)) >= 0 && r->have_next && r->next_pts <= ts
               && worth_seeking(r, ts)) {
        rc = seek_to(r, ts, err, errsize);
    }
    while (rc >= 0 && (rc = ensure_next(r, err, errsize)) >= 0 && r->have_next && r->next_pts <= ts)
        advance(r);
    if (rc < 0)
        r->broken = true;
    return rc;
}

int video_reader_frame_at(video_reader *r, rational t, video_frame *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    int rc = position(r, t, err, errsize);
    if (rc < 0)
        return rc;
    if (!r->bgra_valid) {
        if ((rc = convert_current(r, err, errsize)) < 0)
            return rc;
        r->upright_valid = false;
    }
    out->bgra = r->bgra;
    out->width = r->width;
    out->height = r->height;
    out->stride = r->stride;
    if (r->rotation) {
        if (!r->upright_valid)
            bgra_rotate(r->bgra, r->stride, r->width, r->height, r->rotation, r->upright, r->upright_stride);
        r->upright_valid = true;
        out->bgra = r->upright;
        out->width = r->upright_w;
        out->height = r->upright_h;
        out->stride = r->upright_stride;
    }
    out->start = ts_to_source(r, r->cur_pts);
    return 0;
}

int video_reader_frame_into(video_reader *r, rational t, uint8_t *dst, int stride, char *err, size_t errsize)
{
    int rc = position(r, t, err, errsize);
    if (rc < 0)
        return rc;
    yuv_rgb_params p;
    if (r->alpha || r->rotation || !exact_conversion(r, &p))
        return 0;
    if (r->bgra_valid) {
        for (int y = 0; y < r->height; y++)
            memcpy(dst + (ptrdiff_t)y * stride, r->bgra + (ptrdiff_t)y * r->stride, 4 * (size_t)r->width);
        return 1;
    }
    yuv_to_rgb(r->cur, &p, dst, stride);
    r->stats.frames_converted++;
    return 1;
}

int video_reader_planes_at(video_reader *r, rational t, AVFrame *ref, yuv_rgb_params *p, char *err,
                           size_t errsize)
{
    int rc = position(r, t, err, errsize);
    if (rc < 0)
        return rc;
    if (r->alpha || r->rotation || !exact_conversion(r, p))
        return 0;
    if ((rc = av_frame_ref(ref, r->cur)) < 0)
        return fail(err, errsize, r->path, "cannot keep a decoded frame", rc);
    return 1;
}

void video_reader_size(const video_reader *r, int *width, int *height)
{
    bgra_rotated_size(r->width, r->height, r->rotation, width, height);
}

bool video_reader_has_alpha(const video_reader *r)
{
    return r->alpha;
}

video_stats video_reader_stats(const video_reader *r)
{
    return r->stats;
}

/* Clockwise degrees from the stream's display matrix, as ffmpeg applies them. */
static int stream_rotation(const AVStream *st)
{
    const uint8_t *m = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (!m)
        return 0;
    double ccw = av_display_rotation_get((const int32_t *)m);
    if (ccw != ccw)     /* NaN: a degenerate matrix */
        return 0;
    long deg = -lround(ccw / 90.0) * 90;
    deg %= 360;
    return (int)(deg < 0 ? deg + 360 : deg);
}

int video_probe(const char *path, video_info *info, char *err, size_t errsize)
{
    memset(info, 0, sizeof *info);
    packet_scan scan = { 0 };
    video_reader *r = NULL;
    int rc = reader_create(&r, path, &scan, err, errsize);
    if (rc < 0)
        return rc;
    /* The rest of the stream, demuxed but not decoded. */
    if (r->pkt_pending) {
        av_packet_unref(r->pkt);
        r->pkt_pending = false;
    }
    while (read_packet(r) >= 0)
        av_packet_unref(r->pkt);

    const AVStream *st = r->fc->streams[r->stream];
    info->width = r->width;
    info->height = r->height;
    snprintf(info->codec, sizeof info->codec, "%s", avcodec_get_name(st->codecpar->codec_id));
    info->has_alpha = r->alpha;
    info->has_audio = av_find_best_stream(r->fc, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
    AVRational sar = av_guess_sample_aspect_ratio(r->fc, (AVStream *)st, r->cur);
    info->sample_aspect = sar.num > 0 && sar.den > 0 ? make_rational(sar.num, sar.den) : (rational){ 1, 1 };
    info->rotation = stream_rotation(st);
    info->frame_count = scan.count;
    info->truncated = scan.truncated;
    info->start_offset = make_rational((i128)r->origin * r->tb.num, r->tb.den);

    int64_t end;
    if (scan.have_pts) {
        int64_t dur = scan.max_dur;
        if (dur <= 0 && scan.have_prev)
            dur = scan.max_pts - scan.prev_pts;
        if (dur <= 0)
            dur = r->period;
        end = scan.max_pts + dur;
    } else {
        /* No timestamps at all (raw elementary streams): frames are timed
         * at the average rate, as the reader times them. */
        end = r->origin + scan.count * r->period;
    }
    if (end < r->origin)
        end = r->origin;
    info->end_time = ts_to_source(r, end);
    if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0)
        info->avg_fps = make_rational(st->avg_frame_rate.num, st->avg_frame_rate.den);
    else if (info->end_time.num > 0)
        info->avg_fps = make_rational((i128)scan.count * info->end_time.den, info->end_time.num);
    else
        info->avg_fps = (rational){ 0, 1 };
    video_reader_close(r);
    return 0;
}
