/* Audio sources (see audio_source.h): demux + decode + libswresample to 48 kHz
 * interleaved stereo float, streamed through a small buffer. */
#include "media/audio_source.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>

#include "media/media_errors.h"

/* Consecutive undecodable packets tolerated before the stream counts as broken. */
enum { MAX_ERROR_RUN = 64 };

struct audio_reader {
    char *path;
    AVFormatContext *fc;
    AVCodecContext *dec;
    SwrContext *swr;
    AVPacket *pkt;
    AVFrame *frame;
    int stream;
    bool demux_done, decoder_done, swr_flushed;
    int64_t first_pts;          /* the first decoded frame's, in the stream's time base */
    float *buf;                 /* converted frames not yet read: buf[pos..count) (stereo) */
    int buf_pos, buf_count, buf_cap;
};

static int fail(char *err, size_t errsize, const char *path, const char *what, int rc)
{
    return media_fail(err, errsize, path, what, rc);
}

/* Opens the container and decoder; picks the best audio stream. */
static int open_input(audio_reader *r, char *err, size_t errsize)
{
    const char *path = r->path;
    int rc = media_open_probed(&r->fc, path, "media", true, err, errsize);
    if (rc < 0)
        return rc;
    r->stream = av_find_best_stream(r->fc, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    if (r->stream < 0)
        return fail(err, errsize, path, "no audio stream", AVERROR_STREAM_NOT_FOUND);
    for (unsigned i = 0; i < r->fc->nb_streams; i++)
        if ((int)i != r->stream)
            r->fc->streams[i]->discard = AVDISCARD_ALL;
    const AVCodecParameters *par = r->fc->streams[r->stream]->codecpar;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
        return fail(err, errsize, path, "the audio codec is not supported", AVERROR_DECODER_NOT_FOUND);
    if (!(r->dec = avcodec_alloc_context3(codec)) || avcodec_parameters_to_context(r->dec, par) < 0)
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    r->dec->thread_count = 1;
    /* With it, dropped priming samples move the first frame's timestamp. */
    r->dec->pkt_timebase = r->fc->streams[r->stream]->time_base;
    r->dec->log_level_offset = MEDIA_QUIET_LOG_OFFSET;
    if ((rc = avcodec_open2(r->dec, codec, NULL)) < 0)
        return fail(err, errsize, path, "the audio does not decode", rc);
    if (!(r->pkt = av_packet_alloc()) || !(r->frame = av_frame_alloc()))
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    return 0;
}

/* The resampler, set up from the first decoded frame's format. */
static int open_resampler(audio_reader *r, const AVFrame *f, char *err, size_t errsize)
{
    AVChannelLayout in = {0}, out = AV_CHANNEL_LAYOUT_STEREO;
    if (f->ch_layout.nb_channels <= 0 || f->sample_rate <= 0)
        return fail(err, errsize, r->path, "the audio has no channels or sample rate", AVERROR_INVALIDDATA);
    if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
        av_channel_layout_default(&in, f->ch_layout.nb_channels);
    else if (av_channel_layout_copy(&in, &f->ch_layout) < 0)
        return fail(err, errsize, r->path, "out of memory", AVERROR(ENOMEM));
    int rc = swr_alloc_set_opts2(&r->swr, &out, AV_SAMPLE_FMT_FLT, AUDIO_RATE, &in, f->format, f->sample_rate,
                                 0, NULL);
    if (rc >= 0 && in.nb_channels == 1) {
        /* Mono is one signal meant for both speakers: full level on each,
         * not the -3 dB a center channel gets. */
        static const double both[2] = {1.0, 1.0};
        rc = swr_set_matrix(r->swr, both, 1);
    }
    av_channel_layout_uninit(&in);
    if (rc >= 0)
        rc = swr_init(r->swr);
    if (rc < 0)
        return fail(err, errsize, r->path, "cannot convert the audio to 48 kHz stereo", rc);
    return 0;
}

static int ensure_capacity(audio_reader *r, int frames)
{
    if (frames <= r->buf_cap)
        return 0;
    float *b = realloc(r->buf, (size_t)frames * AUDIO_CHANNELS * sizeof *b);
    if (!b)
        return AVERROR(ENOMEM);
    r->buf = b;
    r->buf_cap = frames;
    return 0;
}

/* Converts f (or, with f NULL, what the resampler still holds) into the buffer. */
static int convert(audio_reader *r, const AVFrame *f, char *err, size_t errsize)
{
    if (!r->swr) {
        if (!f)
            return 0;
        int rc = open_resampler(r, f, err, errsize);
        if (rc < 0)
            return rc;
    }
    int room = swr_get_out_samples(r->swr, f ? f->nb_samples : 0);
    if (room < 0 || ensure_capacity(r, room + 16) < 0)
        return fail(err, errsize, r->path, "out of memory", AVERROR(ENOMEM));
    uint8_t *dst = (uint8_t *)r->buf;
    int got = swr_convert(r->swr, &dst, r->buf_cap, f ? (const uint8_t **)f->extended_data : NULL,
                          f ? f->nb_samples : 0);
    if (got < 0)
        return fail(err, errsize, r->path, "cannot convert the audio to 48 kHz stereo", got);
    r->buf_pos = 0;
    r->buf_count = got;
    return 0;
}

/* Refills the buffer with the next converted samples; buf_count == 0 at the end. */
static int refill(audio_reader *r, char *err, size_t errsize)
{
    r->buf_pos = r->buf_count = 0;
    int error_run = 0;
    while (r->buf_count == 0) {
        if (r->decoder_done) {
            if (r->swr_flushed)
                return 0;
            r->swr_flushed = true;
            int rc = convert(r, NULL, err, errsize);
            if (rc < 0)
                return rc;
            continue;
        }
        int rc = avcodec_receive_frame(r->dec, r->frame);
        if (rc == 0) {
            if (r->first_pts == AV_NOPTS_VALUE)
                r->first_pts = r->frame->pts != AV_NOPTS_VALUE ? r->frame->pts : r->frame->best_effort_timestamp;
            rc = convert(r, r->frame, err, errsize);
            av_frame_unref(r->frame);
            if (rc < 0)
                return rc;
            continue;
        }
        if (rc == AVERROR_EOF) {
            r->decoder_done = true;
            continue;
        }
        if (rc != AVERROR(EAGAIN))
            return fail(err, errsize, r->path, "the audio does not decode", rc);
        if (r->demux_done)
            return fail(err, errsize, r->path, "the audio decoder stalled", AVERROR_BUG);
        rc = av_read_frame(r->fc, r->pkt);
        if (rc < 0) {
            /* The end, or a read error: the stream ends there, as a
             * truncated file does (audio_probe refuses truncated files). */
            r->demux_done = true;
            avcodec_send_packet(r->dec, NULL);
            continue;
        }
        if (r->pkt->stream_index == r->stream) {
            rc = avcodec_send_packet(r->dec, r->pkt);
            if (rc < 0 && rc != AVERROR(EAGAIN) && ++error_run > MAX_ERROR_RUN) {
                av_packet_unref(r->pkt);
                return fail(err, errsize, r->path, "the audio does not decode", rc);
            }
        }
        av_packet_unref(r->pkt);
    }
    return 0;
}

int audio_reader_open(audio_reader **out, const char *path, char *err, size_t errsize)
{
    *out = NULL;
    audio_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        free(r);
        return fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    }
    r->first_pts = AV_NOPTS_VALUE;
    int rc = open_input(r, err, errsize);
    if (rc < 0) {
        audio_reader_close(&r);
        return rc;
    }
    *out = r;
    return 0;
}

int audio_reader_read(audio_reader *r, float *dst, int n, char *err, size_t errsize)
{
    int done = 0;
    while (done < n) {
        if (r->buf_pos == r->buf_count) {
            int rc = refill(r, err, errsize);
            if (rc < 0)
                return rc;
            if (r->buf_count == 0)
                break;
        }
        int take = r->buf_count - r->buf_pos;
        if (take > n - done)
            take = n - done;
        memcpy(dst + (size_t)done * AUDIO_CHANNELS, r->buf + (size_t)r->buf_pos * AUDIO_CHANNELS,
               (size_t)take * AUDIO_CHANNELS * sizeof *dst);
        r->buf_pos += take;
        done += take;
    }
    return done;
}

int64_t audio_reader_skip(audio_reader *r, int64_t n, char *err, size_t errsize)
{
    int64_t done = 0;
    while (done < n) {
        if (r->buf_pos == r->buf_count) {
            int rc = refill(r, err, errsize);
            if (rc < 0)
                return rc;
            if (r->buf_count == 0)
                break;
        }
        int64_t take = r->buf_count - r->buf_pos;
        if (take > n - done)
            take = n - done;
        r->buf_pos += (int)take;
        done += take;
    }
    return done;
}

void audio_reader_close(audio_reader **rp)
{
    if (!rp || !*rp)
        return;
    audio_reader *r = *rp;
    swr_free(&r->swr);
    avcodec_free_context(&r->dec);
    avformat_close_input(&r->fc);
    av_packet_free(&r->pkt);
    av_frame_free(&r->frame);
    free(r->buf);
    free(r->path);
    free(r);
    *rp = NULL;
}

/* FFmpeg's WAV reader quietly shortens a data chunk that runs past the end
 * of the file; a cut WAV is caught here from the chunk sizes. Returns the
 * bytes missing (0: complete, or sizes that do not say: streamed WAVs write
 * 0 or 0xFFFFFFFF). */
static int64_t wav_missing_bytes(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    uint8_t h[12], c[8];
    int64_t missing = 0;
    if (fread(h, 1, 12, f) == 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4) == 0) {
        int64_t at = 12;
        while (fread(c, 1, 8, f) == 8) {
            uint32_t size = (uint32_t)c[4] | (uint32_t)c[5] << 8 | (uint32_t)c[6] << 16 | (uint32_t)c[7] << 24;
            at += 8;
            if (memcmp(c, "data", 4) == 0) {
                if (size != 0 && size != 0xFFFFFFFFu && fseek(f, 0, SEEK_END) == 0) {
                    int64_t have = ftell(f) - at;
                    missing = have < size ? size - have : 0;
                }
                break;
            }
            at += size + (size & 1);
            if (fseek(f, at, SEEK_SET) != 0)
                break;
        }
    }
    fclose(f);
    return missing;
}

int audio_probe(const char *path, audio_info *info, char *err, size_t errsize)
{
    memset(info, 0, sizeof *info);
    audio_reader *r;
    int rc = audio_reader_open(&r, path, err, errsize);
    if (rc < 0)
        return rc;
    /* Decode the first samples: the stream must really decode. */
    float first[2 * 64];
    rc = audio_reader_read(r, first, 64, err, errsize);
    if (rc == 0)
        rc = fail(err, errsize, path, "the audio does not decode (no samples)", AVERROR_INVALIDDATA);
    if (rc < 0) {
        audio_reader_close(&r);
        return rc;
    }
    const AVStream *st0 = r->fc->streams[r->stream];
    if (r->first_pts != AV_NOPTS_VALUE)
        info->start_us = av_rescale_q(r->first_pts, st0->time_base, (AVRational){1, 1000000});
    snprintf(info->codec, sizeof info->codec, "%s", avcodec_get_name(st0->codecpar->codec_id));
    info->sample_rate = st0->codecpar->sample_rate;
    info->channels = st0->codecpar->ch_layout.nb_channels;
    /* Demux the whole stream again from a fresh open (no seeking, which not
     * every format can do), without decoding, for the length; compare it
     * with what the container declares: a file cut short holds less. */
    audio_reader_close(&r);
    if ((rc = audio_reader_open(&r, path, err, errsize)) < 0)
        return rc;
    const AVStream *st = r->fc->streams[r->stream];
    int64_t first_ts = AV_NOPTS_VALUE, end_ts = AV_NOPTS_VALUE;
    bool read_error = false;
    for (;;) {
        int e = av_read_frame(r->fc, r->pkt);
        if (e < 0) {
            read_error = e != AVERROR_EOF;
            break;
        }
        if (r->pkt->stream_index == r->stream) {
            int64_t ts = r->pkt->pts != AV_NOPTS_VALUE ? r->pkt->pts : r->pkt->dts;
            if (ts != AV_NOPTS_VALUE) {
                if (first_ts == AV_NOPTS_VALUE || ts < first_ts)
                    first_ts = ts;
                int64_t e2 = ts + (r->pkt->duration > 0 ? r->pkt->duration : 0);
                if (end_ts == AV_NOPTS_VALUE || e2 > end_ts)
                    end_ts = e2;
            }
        }
        av_packet_unref(r->pkt);
    }
    AVRational us = {1, 1000000};
    if (first_ts != AV_NOPTS_VALUE && end_ts != AV_NOPTS_VALUE)
        info->end_us = av_rescale_q(end_ts - first_ts, st->time_base, us);
    int64_t declared = st->duration != AV_NOPTS_VALUE ? av_rescale_q(st->duration, st->time_base, us) : -1;
    rc = 0;
    if (read_error) {
        rc = fail(err, errsize, path, "the file is truncated or damaged (reading stopped early)",
                  AVERROR_INVALIDDATA);
    } else if (declared > 0 && info->end_us + 100000 < declared &&
               r->fc->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE) {
        char what[200];
        snprintf(what, sizeof what, "the file is truncated: it declares %.3f s of audio but holds %.3f s",
                 (double)declared / 1e6, (double)info->end_us / 1e6);
        rc = fail(err, errsize, path, what, AVERROR_INVALIDDATA);
    }
    int64_t missing = rc == 0 && strcmp(r->fc->iformat->name, "wav") == 0 ? wav_missing_bytes(path) : 0;
    if (missing > 0) {
        char what[200];
        snprintf(what, sizeof what, "the file is truncated: its audio data lacks %lld bytes", (long long)missing);
        rc = fail(err, errsize, path, what, AVERROR_INVALIDDATA);
    }
    if (rc == 0 && info->end_us <= 0)
        rc = fail(err, errsize, path, "the audio stream is empty", AVERROR_INVALIDDATA);
    audio_reader_close(&r);
    return rc;
}
