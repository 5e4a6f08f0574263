/* Writes encoded video packets into a container with libavformat.
 *
 * The file must depend on nothing but the packets: AVFMT_FLAG_BITEXACT keeps
 * libavformat's version string and random identifiers out (MP4 "encoder" tag,
 * Matroska muxing app and segment UID), and no creation time is set, so the
 * MP4 header times stay 0. MP4/MOV get +faststart (index before the data) so
 * players can start before the whole file has arrived.
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

struct muxer {
    AVFormatContext *fc;
    AVStream *st;
    AVPacket *pkt;
    AVRational in_tb;         /* 1/fps: the packets' time base */
    int64_t last_dts;         /* in in_tb; valid once any packet was written */
    int64_t last_out_dts;     /* after rescaling */
    bool any_written, header_written, finished;
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

int muxer_open(muxer **out, const char *path, const char *format_name,
               const AVCodecContext *enc, rational fps, const muxer_options *options,
               char *err, size_t errsize)
{
    (void)options;
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

    if (!(m->st = avformat_new_stream(m->fc, NULL))) {
        set_error(err, errsize, "out of memory adding the video stream", 0);
        muxer_free(&m);
        return AVERROR(ENOMEM);
    }
    if ((rc = avcodec_parameters_from_context(m->st->codecpar, enc)) < 0) {
        set_error(err, errsize, "cannot copy the encoder parameters", rc);
        muxer_free(&m);
        return rc;
    }
    /* Let the muxer pick the tag that fits the container (avc1 for H.264 in MP4). */
    m->st->codecpar->codec_tag = 0;
    m->st->time_base = m->in_tb;      /* a hint; the muxer may choose another */
    m->st->avg_frame_rate = (AVRational){ (int)fps.num, (int)fps.den };
    m->st->r_frame_rate = m->st->avg_frame_rate;

    if (!(m->fc->oformat->flags & AVFMT_NOFILE) &&
        (rc = avio_open(&m->fc->pb, path, AVIO_FLAG_WRITE)) < 0) {
        snprintf(what, sizeof what, "cannot open \"%s\" for writing", path);
        set_error(err, errsize, what, rc);
        muxer_free(&m);
        return rc;
    }

    AVDictionary *opts = NULL;
    if (is_mov_family(m->fc->oformat) && (rc = av_dict_set(&opts, "movflags", "+faststart", 0)) < 0) {
        set_error(err, errsize, "out of memory setting muxer options", rc);
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

int muxer_write(muxer *m, const packet_list *pkts, char *err, size_t errsize)
{
    if (!m->header_written || m->finished) {
        set_error(err, errsize, "the output file is not open for writing", 0);
        return AVERROR(EINVAL);
    }
    for (size_t i = 0; i < pkts->count; i++) {
        const AVPacket *in = pkts->items[i];
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

int muxer_finish(muxer *m, char *err, size_t errsize)
{
    if (!m->header_written || m->finished) {
        set_error(err, errsize, "the output file is not open for writing", 0);
        return AVERROR(EINVAL);
    }
    m->finished = true;
    int rc = av_write_trailer(m->fc);
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
    if (m->fc) {
        if (!(m->fc->oformat->flags & AVFMT_NOFILE))
            avio_closep(&m->fc->pb);
        avformat_free_context(m->fc);
    }
    av_packet_free(&m->pkt);
    av_freep(mp);
}
