/* Encoding the mix (see audio_encode.h). */
#include "media/audio_encode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/channel_layout.h>

#include "media/audio_mix.h"
#include "media/audio_source.h"
#include "reel.h"

const char *audio_codec_for_container(const char *container)
{
    if (!container)
        return NULL;
    if (!strcmp(container, "mp4") || !strcmp(container, "mov") || !strcmp(container, "ipod"))
        return "aac";
    if (!strcmp(container, "webm"))
        return "libopus";
    if (!strcmp(container, "matroska") || !strcmp(container, "wav"))
        return "pcm_s16le";
    return NULL;
}

int16_t audio_to_s16(float x)
{
    double v = floor((double)x * 32768.0 + 0.5);
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

int audio_encoder_open(const char *codec_name, AVCodecContext **out, char *err, size_t errsize)
{
    *out = NULL;
    const AVCodec *codec = avcodec_find_encoder_by_name(codec_name);
    if (!codec) {
        snprintf(err, errsize, "this FFmpeg build has no %s audio encoder", codec_name);
        return AVERROR_ENCODER_NOT_FOUND;
    }
    AVCodecContext *c = avcodec_alloc_context3(codec);
    if (!c) {
        snprintf(err, errsize, "out of memory");
        return AVERROR(ENOMEM);
    }
    c->sample_rate = AUDIO_RATE;
    av_channel_layout_default(&c->ch_layout, AUDIO_CHANNELS);
    c->time_base = (AVRational){1, AUDIO_RATE};
    c->thread_count = 1;
    c->flags |= AV_CODEC_FLAG_BITEXACT;
    if (codec->id == AV_CODEC_ID_AAC) {
        c->sample_fmt = AV_SAMPLE_FMT_FLTP;
        c->bit_rate = 192000;
    } else if (codec->id == AV_CODEC_ID_OPUS) {
        c->sample_fmt = AV_SAMPLE_FMT_FLT;
        c->bit_rate = 128000;
    } else {
        c->sample_fmt = AV_SAMPLE_FMT_S16;
    }
    int rc = avcodec_open2(c, codec, NULL);
    if (rc < 0) {
        char buf[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(rc, buf, sizeof buf);
        snprintf(err, errsize, "cannot open the %s audio encoder: %s", codec_name, buf);
        avcodec_free_context(&c);
        return rc;
    }
    *out = c;
    return 0;
}

/* A sample rounded to the 16-bit value the PCM outputs hold, as a float
 * (exact: every 16-bit value over 32768 is one). */
static float as_16_bit(float x)
{
    return (float)audio_to_s16(x) * (1.0f / 32768.0f);
}

/* Copies n interleaved stereo floats into the frame in the encoder's format.
 * Every encoder gets the mix at 16 bits, so a compressed track is the WAV
 * output's samples encoded. That also spares FFmpeg's AAC encoder the mix's
 * detail below the 16-bit step (a decoded source's residue), on which it
 * spent 2.5 times the CPU for a sound no one can hear. */
static void fill_frame(AVFrame *f, const float *src, int n)
{
    switch (f->format) {
    case AV_SAMPLE_FMT_FLTP: {
        float *l = (float *)(void *)f->data[0], *r = (float *)(void *)f->data[1];
        for (int i = 0; i < n; i++) {
            l[i] = as_16_bit(src[2 * i]);
            r[i] = as_16_bit(src[2 * i + 1]);
        }
        break;
    }
    case AV_SAMPLE_FMT_FLT: {
        float *d = (float *)(void *)f->data[0];
        for (int i = 0; i < n * AUDIO_CHANNELS; i++)
            d[i] = as_16_bit(src[i]);
        break;
    }
    default: {
        int16_t *d = (int16_t *)(void *)f->data[0];
        for (int i = 0; i < n * AUDIO_CHANNELS; i++)
            d[i] = audio_to_s16(src[i]);
        break;
    }
    }
}

static int drain(AVCodecContext *c, AVPacket *pkt, packet_list *out, audio_flush_fn flush, void *user)
{
    for (;;) {
        int rc = avcodec_receive_packet(c, pkt);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return 0;
        if (rc < 0)
            return rc;
        pkt->stream_index = 1;
        if ((rc = packet_list_push(out, pkt)) < 0)
            return rc;
        if (flush && out->count >= 64) {
            if ((rc = flush(user, out)) < 0)
                return rc;
            packet_list_clear(out);
        }
    }
}

int audio_encode_scene(const scene *s, int64_t first_frame, int64_t frame_count, const char *codec,
                       packet_list *out, char *err, size_t errsize)
{
    return audio_encode_scene_to(s, first_frame, frame_count, codec, out, NULL, NULL, err, errsize);
}

int audio_encode_scene_to(const scene *s, int64_t first_frame, int64_t frame_count, const char *codec,
                          packet_list *out, audio_flush_fn flush, void *user, char *err, size_t errsize)
{
    AVCodecContext *c = NULL;
    audio_mix *mix = NULL;
    AVFrame *f = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    float *buf = NULL;
    int rc = f && pkt ? 0 : REEL_ENOMEM;
    if (rc == 0 && audio_encoder_open(codec, &c, err, errsize) < 0)
        rc = REEL_EIO;
    if (rc == 0)
        rc = audio_mix_open(&mix, s, first_frame, frame_count, err, errsize);
    int frame_size = c && c->frame_size > 0 ? c->frame_size : 1024;
    bool small_last = c && (c->codec->capabilities & (AV_CODEC_CAP_SMALL_LAST_FRAME | AV_CODEC_CAP_VARIABLE_FRAME_SIZE));
    if (rc == 0 && !(buf = malloc((size_t)frame_size * AUDIO_CHANNELS * sizeof *buf)))
        rc = REEL_ENOMEM;
    int64_t pts = 0;
    while (rc == 0) {
        int n = audio_mix_read(mix, buf, frame_size, err, errsize);
        if (n < 0) {
            rc = n;
            break;
        }
        if (n == 0)
            break;
        if (n < frame_size && !small_last) {
            memset(buf + (size_t)n * AUDIO_CHANNELS, 0, (size_t)(frame_size - n) * AUDIO_CHANNELS * sizeof *buf);
            n = frame_size;
        }
        av_frame_unref(f);
        f->format = c->sample_fmt;
        f->nb_samples = n;
        f->sample_rate = AUDIO_RATE;
        if (av_channel_layout_copy(&f->ch_layout, &c->ch_layout) < 0 || av_frame_get_buffer(f, 0) < 0) {
            rc = REEL_ENOMEM;
            break;
        }
        fill_frame(f, buf, n);
        f->pts = pts;
        pts += n;
        if (avcodec_send_frame(c, f) < 0 || drain(c, pkt, out, flush, user) < 0) {
            snprintf(err, errsize, "audio encoding failed");
            rc = REEL_EIO;
        }
    }
    if (rc == 0 && (avcodec_send_frame(c, NULL) < 0 || drain(c, pkt, out, flush, user) < 0 ||
                    (flush && out->count > 0 && flush(user, out) < 0))) {
        snprintf(err, errsize, "audio encoding or writing failed");
        rc = REEL_EIO;
    }
    if (flush)
        packet_list_clear(out);
    if (rc == REEL_ENOMEM)
        snprintf(err, errsize, "out of memory");
    free(buf);
    audio_mix_free(&mix);
    av_frame_free(&f);
    av_packet_free(&pkt);
    avcodec_free_context(&c);
    if (rc)
        packet_list_clear(out);
    return rc;
}
