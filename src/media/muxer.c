/* Writes encoded video packets into a container with libavformat.
 *
 * The file must depend on nothing but the packets: AVFMT_FLAG_BITEXACT keeps
 * libavformat's version string and random identifiers out (MP4 "encoder" tag,
 * Matroska muxing/writing app version and segment UID; Matroska then writes
 * just "Lavf" as the app name), and no creation time is set, so the MP4
 * header times stay 0 and Matroska writes no date. MP4/MOV get +faststart
 * (index before the data) so players can start before the whole file has
 * arrived.
 *
 * Per container:
 *  - MP4/MOV: the encoder's codec tag is kept where the container knows it
 *    (ProRes: apch for 422 HQ, ap4h for 4444); HEVC is tagged hvc1, the tag
 *    Apple players require (parameter sets in the sample description only).
 *  - WebM/Matroska: VP8/VP9 with an alpha plane get the track's AlphaMode
 *    flag (the "alpha_mode" stream tag); the alpha itself travels as the
 *    BlockAdditional side data libvpx-vp9 attaches to each packet.
 *  - GIF: the loop count from muxer_options. Every segment's encoder starts
 *    its first packet with a GIF header and global palette; the first
 *    segment's header opens the file, later segments' identical headers are
 *    cut off (a different one is an error: the palette must be shared).
 *  - YUV4MPEG2: libavformat's writer takes frames, not packets (codec
 *    "wrapped_avframe"), so each rawvideo packet is handed to it as a frame
 *    that points into the packet's bytes; the bytes are unchanged.
 * Color tags go from the encoder to the container for YUV formats; RGB and
 * palette formats get none.
 *
 * Timestamps arrive in 1/fps units and are rescaled to whatever time base the
 * container picked in avformat_write_header. Decode timestamps must increase
 * strictly across the whole file; libavformat would reject a violation with a
 * message on stderr, so it is checked here first and reported through err. */
#include "media/muxer.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>

enum mux_kind { KIND_PLAIN, KIND_GIF, KIND_Y4M };

struct muxer {
    AVFormatContext *fc;
    AVStream *st;
    AVPacket *pkt;
    AVRational in_tb;         /* 1/fps: the packets' time base */
    int64_t last_dts;         /* in in_tb; valid once any packet was written */
    int64_t last_out_dts;     /* after rescaling */
    bool any_written, header_written, finished;
    enum mux_kind kind;
    /* YUV4MPEG2: the raw frames' layout */
    enum AVPixelFormat raw_format;
    int raw_width, raw_height, raw_size;
    /* Audio (optional): one stream, all packets known before the first video
     * packet, written interleaved by time (see write_audio_until). */
    AVStream *ast;
    const packet_list *audio;
    size_t audio_next;
    /* GIF: the header of the first segment */
    uint8_t *gif_header;
    int gif_header_size;
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

static bool is_mov_family(const AVOutputFormat *of)
{
    /* the muxer names the mov muxer registers itself under */
    static const char *const names[] = { "mp4", "mov", "ipod", "ismv", "f4v", "3gp", "3g2", "psp" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(of->name, names[i]) == 0)
            return true;
    return false;
}

static bool is_matroska_family(const AVOutputFormat *of)
{
    return strcmp(of->name, "matroska") == 0 || strcmp(of->name, "webm") == 0;
}

/* The codec tag to write: the encoder's where the container maps it to the
 * same codec, hvc1 for HEVC in MP4/MOV, else 0 (the muxer's choice, e.g. avc1
 * for H.264 in MP4). */
static unsigned codec_tag_for(const AVOutputFormat *of, const AVCodecContext *enc)
{
    if (enc->codec_id == AV_CODEC_ID_HEVC && is_mov_family(of))
        return MKTAG('h', 'v', 'c', '1');
    if (enc->codec_tag && of->codec_tag && av_codec_get_id(of->codec_tag, enc->codec_tag) == enc->codec_id)
        return enc->codec_tag;
    return 0;
}

/* Sets the stream up from the encoder's parameters, per the rules above. */
static int setup_stream(muxer *m, const AVCodecContext *enc, rational fps, char *err, size_t errsize)
{
    const AVOutputFormat *of = m->fc->oformat;
    AVCodecParameters *par = m->st->codecpar;
    int rc = avcodec_parameters_from_context(par, enc);
    if (rc < 0) {
        set_error(err, errsize, "cannot copy the encoder parameters", rc);
        return rc;
    }
    par->codec_tag = codec_tag_for(of, enc);
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(enc->pix_fmt);
    if (desc && (desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL))) {
        par->color_range = AVCOL_RANGE_UNSPECIFIED;
        par->color_primaries = AVCOL_PRI_UNSPECIFIED;
        par->color_trc = AVCOL_TRC_UNSPECIFIED;
        par->color_space = AVCOL_SPC_UNSPECIFIED;
        par->chroma_location = AVCHROMA_LOC_UNSPECIFIED;
    }
    if (is_matroska_family(of) && desc && (desc->flags & AV_PIX_FMT_FLAG_ALPHA) &&
        (enc->codec_id == AV_CODEC_ID_VP8 || enc->codec_id == AV_CODEC_ID_VP9) &&
        (rc = av_dict_set(&m->st->metadata, "alpha_mode", "1", 0)) < 0) {
        set_error(err, errsize, "out of memory setting stream tags", rc);
        return rc;
    }
    if (strcmp(of->name, "gif") == 0)
        m->kind = KIND_GIF;
    if (strcmp(of->name, "yuv4mpegpipe") == 0) {
        if (enc->codec_id != AV_CODEC_ID_RAWVIDEO) {
            set_error(err, errsize, "YUV4MPEG2 files hold raw video only (codec rawvideo)", 0);
            return AVERROR(EINVAL);
        }
        m->kind = KIND_Y4M;
        /* libavformat writes deeper-than-8-bit YUV4MPEG2 (C420p10, C444p10),
         * which FFmpeg and other readers take, only below normal strictness. */
        m->fc->strict_std_compliance = FF_COMPLIANCE_UNOFFICIAL;
        m->raw_format = enc->pix_fmt;
        m->raw_width = enc->width;
        m->raw_height = enc->height;
        m->raw_size = av_image_get_buffer_size(enc->pix_fmt, enc->width, enc->height, 1);
        if (m->raw_size <= 0) {
            set_error(err, errsize, "YUV4MPEG2: unusable raw frame layout", m->raw_size);
            return m->raw_size < 0 ? m->raw_size : AVERROR(EINVAL);
        }
        par->codec_id = AV_CODEC_ID_WRAPPED_AVFRAME;
        par->codec_tag = 0;
    }
    m->st->time_base = m->in_tb;      /* a hint; the muxer may choose another */
    m->st->avg_frame_rate = (AVRational){ (int)fps.num, (int)fps.den };
    m->st->r_frame_rate = m->st->avg_frame_rate;
    return 0;
}

/* The container options for avformat_write_header. */
static int header_options(const muxer *m, const muxer_options *options, AVDictionary **opts,
                          char *err, size_t errsize)
{
    int rc = 0;
    const AVOutputFormat *of = m->fc->oformat;
    if (is_mov_family(of))
        rc = av_dict_set(opts, "movflags", "+faststart", 0);
    if (m->kind == KIND_GIF) {
        int loop = options ? options->gif_loop : 0;
        if (loop < -1 || loop > 65535) {
            char what[120];
            snprintf(what, sizeof what, "GIF loop count %d is out of range (-1 plays once, 0 loops "
                     "forever, up to 65535)", loop);
            set_error(err, errsize, what, 0);
            return AVERROR(EINVAL);
        }
        rc = av_dict_set_int(opts, "loop", loop, 0);
    }
    if (rc < 0)
        set_error(err, errsize, "out of memory setting muxer options", rc);
    return rc;
}

int muxer_open(muxer **out, const char *path, const char *format_name,
               const AVCodecContext *enc, rational fps, const muxer_options *options,
               char *err, size_t errsize)
{
    return muxer_open_av(out, path, format_name, enc, fps, NULL, options, err, errsize);
}

int muxer_open_av(muxer **out, const char *path, const char *format_name,
                  const AVCodecContext *enc, rational fps, const AVCodecContext *audio_enc,
                  const muxer_options *options, char *err, size_t errsize)
{
    char what[600];
    *out = NULL;
    if (fps.num <= 0 || fps.den <= 0 || fps.num > INT_MAX || fps.den > INT_MAX) {
        snprintf(what, sizeof what, "frame rate %lld/%lld is not usable", (long long)fps.num,
                 (long long)fps.den);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    muxer *m = av_mallocz(sizeof *m);
    if (!m || !(m->pkt = av_packet_alloc())) {
        muxer_free(&m);
        set_error(err, errsize, "out of memory opening the output file", 0);
        return AVERROR(ENOMEM);
    }
    m->in_tb = (AVRational){ (int)fps.den, (int)fps.num };

    /* Looked up first: libavformat would log an unknown name as an error. */
    const AVOutputFormat *of = format_name ? av_guess_format(format_name, NULL, NULL) : NULL;
    int rc = of ? avformat_alloc_output_context2(&m->fc, of, NULL, path) : AVERROR_MUXER_NOT_FOUND;
    if (rc < 0 || !m->fc) {
        snprintf(what, sizeof what, "\"%s\" is not a container format this FFmpeg build can write",
                 format_name ? format_name : "(none)");
        set_error(err, errsize, what, 0);
        muxer_free(&m);
        return rc < 0 ? rc : AVERROR_MUXER_NOT_FOUND;
    }
    m->fc->flags |= AVFMT_FLAG_BITEXACT;

    if (enc && !(m->st = avformat_new_stream(m->fc, NULL))) {
        set_error(err, errsize, "out of memory adding the video stream", 0);
        muxer_free(&m);
        return AVERROR(ENOMEM);
    }
    if (enc && (rc = setup_stream(m, enc, fps, err, errsize)) < 0) {
        muxer_free(&m);
        return rc;
    }
    if (audio_enc) {
        if (!(m->ast = avformat_new_stream(m->fc, NULL)) ||
            (rc = avcodec_parameters_from_context(m->ast->codecpar, audio_enc)) < 0) {
            set_error(err, errsize, "out of memory adding the audio stream", 0);
            muxer_free(&m);
            return AVERROR(ENOMEM);
        }
        m->ast->time_base = audio_enc->time_base;
    }

    AVDictionary *opts = NULL;
    if ((rc = header_options(m, options, &opts, err, errsize)) < 0) {
        av_dict_free(&opts);
        muxer_free(&m);
        return rc;
    }
    if (!(m->fc->oformat->flags & AVFMT_NOFILE) &&
        (rc = avio_open(&m->fc->pb, path, AVIO_FLAG_WRITE)) < 0) {
        snprintf(what, sizeof what, "cannot open \"%s\" for writing", path);
        set_error(err, errsize, what, rc);
        av_dict_free(&opts);
        muxer_free(&m);
        return rc;
    }
    rc = avformat_write_header(m->fc, &opts);
    av_dict_free(&opts);
    if (rc < 0) {
        snprintf(what, sizeof what, "cannot start writing %s file \"%s\"", m->fc->oformat->name, path);
        set_error(err, errsize, what, rc);
        muxer_free(&m);
        return rc;
    }
    m->header_written = true;
    *out = m;
    return 0;
}

/* The checks libavformat would otherwise make noisily, in both time bases. */
static int check_timestamps(muxer *m, const AVPacket *in, int64_t out_dts, char *err, size_t errsize)
{
    char what[200];
    if (in->dts == AV_NOPTS_VALUE || in->pts == AV_NOPTS_VALUE) {
        set_error(err, errsize, "video packet without a timestamp", 0);
        return AVERROR(EINVAL);
    }
    if (in->pts < in->dts) {
        snprintf(what, sizeof what, "video packet presented (pts %" PRId64 ") before it is decoded (dts %" PRId64 ")",
                 in->pts, in->dts);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    if (m->any_written && (in->dts <= m->last_dts || out_dts <= m->last_out_dts)) {
        snprintf(what, sizeof what,
                 "video decode timestamps must increase: dts %" PRId64 " follows dts %" PRId64
                 " (in frames)", in->dts, m->last_dts);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    return 0;
}

/* ---- GIF ------------------------------------------------------------------------ */

/* Size of the GIF header (signature, screen descriptor, global color table)
 * at the start of data, or 0 when data does not start with one. */
static int gif_header_size(const uint8_t *data, int size)
{
    if (size < 13 || (memcmp(data, "GIF89a", 6) != 0 && memcmp(data, "GIF87a", 6) != 0))
        return 0;
    int n = 13;
    if (data[10] & 0x80)
        n += 3 << ((data[10] & 7) + 1);
    return n <= size ? n : 0;
}

/* Cuts the header off the first packet of every segment but the first
 * (m->pkt holds a new reference to the packet). */
static int gif_prepare(muxer *m, bool segment_start, char *err, size_t errsize)
{
    if (!segment_start)
        return 0;
    int n = gif_header_size(m->pkt->data, m->pkt->size);
    if (n == 0)
        return 0;
    if (!m->gif_header) {
        if (!(m->gif_header = av_memdup(m->pkt->data, (size_t)n))) {
            set_error(err, errsize, "out of memory writing a GIF", 0);
            return AVERROR(ENOMEM);
        }
        m->gif_header_size = n;
        return 0;
    }
    if (n != m->gif_header_size || memcmp(m->pkt->data, m->gif_header, (size_t)n) != 0) {
        set_error(err, errsize, "GIF segments differ in size or palette: every segment must use "
                  "the same palette", 0);
        return AVERROR(EINVAL);
    }
    m->pkt->data += n;
    m->pkt->size -= n;
    return 0;
}

/* ---- YUV4MPEG2 -------------------------------------------------------------------- */

static void wrapped_frame_free(void *opaque, uint8_t *data)
{
    (void)opaque;
    av_frame_unref((AVFrame *)(void *)data);
    av_free(data);
}

/* Replaces the rawvideo packet in m->pkt by a packet holding an AVFrame whose
 * planes point into the raw bytes (the layout libavformat's YUV4MPEG2 writer
 * reads, as FFmpeg's wrapped_avframe encoder makes it). */
static int y4m_prepare(muxer *m, char *err, size_t errsize)
{
    AVPacket *raw = m->pkt;
    if (raw->size != m->raw_size || !raw->buf) {
        char what[160];
        snprintf(what, sizeof what, "raw video packet of %d bytes, expected %d", raw->size, m->raw_size);
        set_error(err, errsize, what, 0);
        return AVERROR(EINVAL);
    }
    AVFrame *f = av_frame_alloc();
    size_t size = sizeof(AVFrame) + AV_INPUT_BUFFER_PADDING_SIZE;
    uint8_t *data = av_mallocz(size);
    AVBufferRef *buf = NULL;
    int rc = f && data ? 0 : AVERROR(ENOMEM);
    if (rc >= 0) {
        f->format = m->raw_format;
        f->width = m->raw_width;
        f->height = m->raw_height;
        f->buf[0] = av_buffer_ref(raw->buf);
        rc = f->buf[0] ? av_image_fill_arrays(f->data, f->linesize, raw->data, m->raw_format, m->raw_width,
                                              m->raw_height, 1)
                       : AVERROR(ENOMEM);
    }
    if (rc >= 0) {
        av_frame_move_ref((AVFrame *)(void *)data, f);
        if (!(buf = av_buffer_create(data, size, wrapped_frame_free, NULL, 0))) {
            av_frame_unref((AVFrame *)(void *)data);
            rc = AVERROR(ENOMEM);
        }
    }
    av_frame_free(&f);
    if (rc < 0) {
        if (!buf)
            av_free(data);
        set_error(err, errsize, "cannot prepare a YUV4MPEG2 frame", rc);
        return rc;
    }
    av_buffer_unref(&raw->buf);
    raw->buf = buf;
    raw->data = data;
    raw->size = (int)sizeof(AVFrame);
    return 0;
}

/* ---- writing ------------------------------------------------------------------------ */

void muxer_set_audio(muxer *m, const packet_list *audio)
{
    m->audio = audio;
    m->audio_next = 0;
}

/* Writes the audio packets that start at or before time ts (in tb); all of
 * them when tb.num is 0. The order of calls, and so the file, is then a pure
 * function of the packets: a single render and a join write the same. */
static int write_audio_until(muxer *m, int64_t ts, AVRational tb, char *err, size_t errsize)
{
    if (!m->ast || !m->audio)
        return 0;
    AVRational atb = {1, 48000};
    while (m->audio_next < m->audio->count) {
        const AVPacket *a = m->audio->items[m->audio_next];
        if (tb.num && av_compare_ts(a->dts, atb, ts, tb) > 0)
            break;
        int rc = av_packet_ref(m->pkt, a);
        if (rc < 0) {
            set_error(err, errsize, "out of memory writing an audio packet", rc);
            return rc;
        }
        m->pkt->stream_index = m->ast->index;
        av_packet_rescale_ts(m->pkt, atb, m->ast->time_base);
        m->pkt->time_base = m->ast->time_base;
        m->pkt->pos = -1;
        m->audio_next++;
        if ((rc = av_interleaved_write_frame(m->fc, m->pkt)) < 0) {
            set_error(err, errsize, "writing an audio packet failed", rc);
            return rc;
        }
    }
    return 0;
}

int muxer_write(muxer *m, const packet_list *pkts, char *err, size_t errsize)
{
    if (!m->header_written || m->finished) {
        set_error(err, errsize, "the output file is not open for writing", 0);
        return AVERROR(EINVAL);
    }
    if (!m->st) {
        set_error(err, errsize, "the output file has no video stream", 0);
        return AVERROR(EINVAL);
    }
    for (size_t i = 0; i < pkts->count; i++) {
        const AVPacket *in = pkts->items[i];
        int arc = write_audio_until(m, in->dts, m->in_tb, err, errsize);
        if (arc < 0)
            return arc;
        AVRational out_tb = m->st->time_base;
        int64_t out_dts = in->dts == AV_NOPTS_VALUE ? 0 : av_rescale_q(in->dts, m->in_tb, out_tb);
        int rc = check_timestamps(m, in, out_dts, err, errsize);
        if (rc < 0)
            return rc;
        /* A new reference: the packet data is shared, the caller keeps its packet. */
        if ((rc = av_packet_ref(m->pkt, in)) < 0) {
            set_error(err, errsize, "out of memory writing a video packet", rc);
            return rc;
        }
        if (m->kind == KIND_GIF)
            rc = gif_prepare(m, i == 0, err, errsize);
        else if (m->kind == KIND_Y4M)
            rc = y4m_prepare(m, err, errsize);
        if (rc < 0) {
            av_packet_unref(m->pkt);
            return rc;
        }
        m->pkt->stream_index = m->st->index;
        av_packet_rescale_ts(m->pkt, m->in_tb, out_tb);
        m->pkt->time_base = out_tb;
        m->pkt->pos = -1;
        m->last_dts = in->dts;
        m->last_out_dts = out_dts;
        m->any_written = true;
        rc = av_interleaved_write_frame(m->fc, m->pkt);   /* takes m->pkt's reference */
        if (rc < 0) {
            char what[160];
            snprintf(what, sizeof what, "writing video packet %" PRId64 " failed", in->pts);
            set_error(err, errsize, what, rc);
            return rc;
        }
    }
    return 0;
}

int muxer_write_audio(muxer *m, const packet_list *pkts, char *err, size_t errsize)
{
    if (!m->header_written || m->finished || !m->ast) {
        set_error(err, errsize, "the output file is not open for audio", 0);
        return AVERROR(EINVAL);
    }
    m->audio = pkts;
    m->audio_next = 0;
    int rc = write_audio_until(m, 0, (AVRational){0, 1}, err, errsize);
    m->audio = NULL;
    return rc;
}

int muxer_finish(muxer *m, char *err, size_t errsize)
{
    if (!m->header_written || m->finished) {
        set_error(err, errsize, "the output file is not open for writing", 0);
        return AVERROR(EINVAL);
    }
    int rc = write_audio_until(m, 0, (AVRational){0, 1}, err, errsize);
    if (rc < 0)
        return rc;
    m->finished = true;
    rc = av_write_trailer(m->fc);
    if (rc < 0) {
        set_error(err, errsize, "finishing the output file failed", rc);
        return rc;
    }
    if (!(m->fc->oformat->flags & AVFMT_NOFILE) && (rc = avio_closep(&m->fc->pb)) < 0) {
        set_error(err, errsize, "closing the output file failed", rc);
        return rc;
    }
    return 0;
}

void muxer_free(muxer **mp)
{
    if (!mp || !*mp)
        return;
    muxer *m = *mp;
    /* FFmpeg 5.1's GIF writer holds one packet back (to learn the frame's
     * duration from the next one) and frees it only in its trailer: finish
     * the abandoned file so that packet is not leaked. */
    if (m->fc && m->kind == KIND_GIF && m->header_written && !m->finished)
        av_write_trailer(m->fc);
    if (m->fc) {
        if (!(m->fc->oformat->flags & AVFMT_NOFILE))
            avio_closep(&m->fc->pb);
        avformat_free_context(m->fc);
    }
    av_packet_free(&m->pkt);
    av_freep(&m->gif_header);
    av_freep(mp);
}
