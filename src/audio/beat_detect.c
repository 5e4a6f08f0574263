/* Beat grid detection: FFmpeg decodes, libswresample converts to mono float at
 * a fixed rate, aubio estimates the tempo, and a search plus a least-squares
 * fit over the attacks turn it into one straight grid.
 *
 * Why a fitted grid and not aubio's beats as they come: aubio's beat tracker
 * needs a few seconds to lock on, reports beats on a 11.6 ms hop grid, and may
 * skip a beat or land an octave off. Its tempo is a good first guess; the
 * attacks actually heard are sharper. So:
 *   1. an envelope of attacks: the energy of the first-differenced signal per
 *      64 samples (1.45 ms), and its rise from block to block;
 *   2. for aubio's period and its octave and third relatives, the period
 *      (within 4 %) and phase whose grid lines best hit the rises in the first
 *      minute (summed strength times mean strength: neither a half nor a
 *      double period scores as well as the true one);
 *   3. over the whole file, the strongest rise within an eighth of a beat of
 *      each grid line (if it is at least a fifth of the loudest) and a least
 *      squares line through them, twice;
 *   4. beat 1 is the first grid line with such an attack.
 * Everything runs on the calling thread in a fixed order, single-threaded
 * decoder, so the result is the same on every run. */
#include "audio/beat_detect.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <aubio/aubio.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>

#include "media/media_errors.h"

#define HOP 512
#define TEMPO_WIN 1024
#define BLOCK 64                            /* envelope resolution: 1.45 ms */
#define BLOCK_S ((double)BLOCK / BEAT_RATE)
#define SEARCH_SECONDS 60.0                 /* the coarse grid search looks at the first minute */
#define MIN_PERIOD 0.25                     /* 240 bpm */
#define MAX_PERIOD 2.0                      /* 30 bpm */
#define SILENCE_PEAK 1e-4                   /* -80 dBFS: nothing to hear */
#define MAX_SECONDS (3 * 3600)              /* longer files are refused, not analysed for minutes */
#define MIN_BEATS 4

/* Growable lists. */
typedef struct dlist { double *v; size_t n, cap; } dlist;
typedef struct flist { float *v; size_t n, cap; } flist;

static bool dlist_push(dlist *l, double x)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        double *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = x;
    return true;
}

static bool flist_push(flist *l, float x)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4096;
        float *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = x;
    return true;
}

/* Decoder, resampler and the two aubio detectors of one analysis. */
typedef struct analyser {
    AVFormatContext *fc;
    AVCodecContext *dec;
    SwrContext *swr;
    AVPacket *pkt;
    AVFrame *frame;
    int stream;
    aubio_tempo_t *tempo;
    fvec_t *in, *out_tempo;
    float *conv;                /* resampler output */
    int conv_cap;
    size_t fill;                /* samples waiting in `in` */
    int64_t total;              /* samples fed so far */
    double peak;
    dlist beats;                /* aubio's beats, seconds */
    flist energy;               /* energy of the differenced signal per BLOCK samples */
    float prev, block_energy;
    int block_fill;
    int in_format, in_rate, in_channels;    /* what the resampler was made for */
} analyser;

static void analyser_close(analyser *a)
{
    if (a->tempo) del_aubio_tempo(a->tempo);
    if (a->in) del_fvec(a->in);
    if (a->out_tempo) del_fvec(a->out_tempo);
    free(a->conv);
    swr_free(&a->swr);
    av_frame_free(&a->frame);
    av_packet_free(&a->pkt);
    avcodec_free_context(&a->dec);
    avformat_close_input(&a->fc);
    free(a->beats.v);
    free(a->energy.v);
    memset(a, 0, sizeof *a);
}

static int open_audio(analyser *a, const char *path, char *err, size_t errsize)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        char what[160];
        snprintf(what, sizeof what, "cannot open: %s", strerror(e));
        return media_fail(err, errsize, path, what, AVERROR(e));
    }
    if (!S_ISREG(st.st_mode))
        return media_fail(err, errsize, path, "not a regular file", AVERROR(EINVAL));
    if (st.st_size == 0)
        return media_fail(err, errsize, path, "the file is empty", AVERROR_INVALIDDATA);
    int rc = media_open_file(&a->fc, path);
    if (rc < 0)
        return media_fail(err, errsize, path, "not an audio file FFmpeg can read", rc);
    AVDictionary **opts = a->fc->nb_streams ? calloc(a->fc->nb_streams, sizeof *opts) : NULL;
    for (unsigned i = 0; opts && i < a->fc->nb_streams; i++)
        av_dict_set(&opts[i], "threads", "1", 0);
    rc = avformat_find_stream_info(a->fc, opts);
    for (unsigned i = 0; opts && i < a->fc->nb_streams; i++)
        av_dict_free(&opts[i]);
    free(opts);
    if (rc < 0)
        return media_fail(err, errsize, path, "not an audio file FFmpeg can read", rc);
    a->stream = av_find_best_stream(a->fc, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    if (a->stream < 0)
        return media_fail(err, errsize, path, "no audio stream", AVERROR_STREAM_NOT_FOUND);
    const AVCodecParameters *par = a->fc->streams[a->stream]->codecpar;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
        return media_fail(err, errsize, path, "no decoder for its audio codec", AVERROR_DECODER_NOT_FOUND);
    if (!(a->dec = avcodec_alloc_context3(codec)))
        return media_fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));
    if ((rc = avcodec_parameters_to_context(a->dec, par)) < 0)
        return media_fail(err, errsize, path, "the audio does not decode", rc);
    a->dec->thread_count = 1;
    a->dec->pkt_timebase = a->fc->streams[a->stream]->time_base;
    if ((rc = avcodec_open2(a->dec, codec, NULL)) < 0)
        return media_fail(err, errsize, path, "the audio does not decode", rc);
    for (unsigned i = 0; i < a->fc->nb_streams; i++)
        if ((int)i != a->stream)
            a->fc->streams[i]->discard = AVDISCARD_ALL;
    if (!(a->pkt = av_packet_alloc()) || !(a->frame = av_frame_alloc()))
        return media_fail(err, errsize, path, "out of memory", AVERROR(ENOMEM));

    a->tempo = new_aubio_tempo("default", TEMPO_WIN, HOP, BEAT_RATE);
    a->in = new_fvec(HOP);
    a->out_tempo = new_fvec(2);
    if (!a->tempo || !a->in || !a->out_tempo)
        return media_fail(err, errsize, path, "cannot set up beat detection", AVERROR(ENOMEM));
    /* aubio drops a beat when the hop it arrives in is quiet; a detection
     * arrives a few hops after its attack, so short sounds (clicks, staccato
     * hits) would be lost. Only true digital silence is skipped. */
    aubio_tempo_set_silence(a->tempo, -140);
    return 0;
}

/* Makes the resampler for the decoder's current format (it may only be known
 * from the first frame). */
static int open_resampler(analyser *a, const AVFrame *f)
{
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    AVChannelLayout in;
    int rc;
    if (f->ch_layout.nb_channels > 0)
        rc = av_channel_layout_copy(&in, &f->ch_layout);
    else {
        av_channel_layout_default(&in, 1);
        rc = 0;
    }
    if (rc < 0)
        return rc;
    rc = swr_alloc_set_opts2(&a->swr, &mono, AV_SAMPLE_FMT_FLT, BEAT_RATE, &in, (enum AVSampleFormat)f->format,
                             f->sample_rate, 0, NULL);
    av_channel_layout_uninit(&in);
    if (rc < 0)
        return rc;
    a->in_format = f->format;
    a->in_rate = f->sample_rate;
    a->in_channels = f->ch_layout.nb_channels;
    return swr_init(a->swr);
}

static bool feed(analyser *a, const float *s, int n)
{
    for (int i = 0; i < n; i++) {
        double m = fabs((double)s[i]);
        if (m > a->peak)
            a->peak = m;
        /* The first difference weights the attack's high frequencies. */
        float d = s[i] - a->prev;
        a->prev = s[i];
        a->block_energy += d * d;
        if (++a->block_fill == BLOCK) {
            if (!flist_push(&a->energy, a->block_energy))
                return false;
            a->block_energy = 0;
            a->block_fill = 0;
        }
        a->in->data[a->fill++] = s[i];
        if (a->fill < HOP)
            continue;
        a->fill = 0;
        a->total += HOP;
        aubio_tempo_do(a->tempo, a->in, a->out_tempo);
        if (a->out_tempo->data[0] != 0 &&
            !dlist_push(&a->beats, (double)aubio_tempo_get_last(a->tempo) / BEAT_RATE))
            return false;
    }
    return true;
}

/* Converts (or, with f NULL, drains) and feeds the detectors. */
static int convert_and_feed(analyser *a, const AVFrame *f)
{
    /* A stream that changes format midway would be misread by the resampler. */
    if (f && (f->format != a->in_format || f->sample_rate != a->in_rate || f->ch_layout.nb_channels != a->in_channels))
        return AVERROR_INVALIDDATA;
    int want = swr_get_out_samples(a->swr, f ? f->nb_samples : 0);
    if (want <= 0)
        return want;
    if (want > a->conv_cap) {
        float *c = realloc(a->conv, (size_t)want * sizeof *c);
        if (!c)
            return AVERROR(ENOMEM);
        a->conv = c;
        a->conv_cap = want;
    }
    uint8_t *out[1] = {(uint8_t *)a->conv};
    int got = swr_convert(a->swr, out, want, f ? (const uint8_t **)f->extended_data : NULL,
                          f ? f->nb_samples : 0);
    if (got < 0)
        return got;
    if (!feed(a, a->conv, got))
        return AVERROR(ENOMEM);
    return 0;
}

static int receive_frames(analyser *a)
{
    for (;;) {
        int rc = avcodec_receive_frame(a->dec, a->frame);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return 0;
        if (rc < 0)
            return rc;
        if (!a->swr && (rc = open_resampler(a, a->frame)) < 0) {
            av_frame_unref(a->frame);
            return rc;
        }
        rc = convert_and_feed(a, a->frame);
        av_frame_unref(a->frame);
        if (rc < 0)
            return rc;
        if (a->total > (int64_t)MAX_SECONDS * BEAT_RATE)
            return AVERROR(E2BIG);
    }
}

static int decode_all(analyser *a)
{
    int rc;
    while ((rc = av_read_frame(a->fc, a->pkt)) >= 0) {
        if (a->pkt->stream_index == a->stream) {
            rc = avcodec_send_packet(a->dec, a->pkt);
            av_packet_unref(a->pkt);
            if (rc < 0 && rc != AVERROR(EAGAIN))
                return rc;
            if ((rc = receive_frames(a)) < 0)
                return rc;
        } else {
            av_packet_unref(a->pkt);
        }
    }
    if (rc != AVERROR_EOF)
        return rc;
    if ((rc = avcodec_send_packet(a->dec, NULL)) < 0)
        return rc;
    if ((rc = receive_frames(a)) < 0)
        return rc;
    if (a->swr && (rc = convert_and_feed(a, NULL)) < 0)
        return rc;
    return 0;
}

/* ---- grid fitting ---- */

/* Onset strength per envelope block: the rise in energy from the block before
 * (silence before the file). */
static float strength(const analyser *a, size_t i)
{
    if (i >= a->energy.n)
        return 0;
    float d = a->energy.v[i] - (i ? a->energy.v[i - 1] : 0);
    return d > 0 ? d : 0;
}

/* Strength at time t, tolerating one block either side (coarse search). */
static float strength_near(const analyser *a, double t)
{
    long i = lround(t / BLOCK_S);
    float m = 0;
    for (long j = i - 1; j <= i + 1; j++)
        if (j >= 0) {
            float v = strength(a, (size_t)j);
            if (v > m)
                m = v;
        }
    return m;
}

/* How well the grid phase + k * period fits the envelope up to `limit`
 * seconds: the summed strength on its lines times their mean. The sum alone
 * cannot tell a period from its half (the extra lines add nothing), the mean
 * alone not from its double; the product prefers the true period. */
static double grid_score(const analyser *a, double phase, double period, double limit)
{
    double sum = 0;
    long lines = 0;
    for (double t = phase; t < limit; t = phase + (double)(++lines) * period)
        sum += strength_near(a, t);
    return lines ? sum * sum / (double)lines : 0;
}

/* Best (phase, period) for periods near `guess` (within 4%), by exhaustive
 * search over phases at envelope resolution. */
static double search_grid(const analyser *a, double guess, double limit, double *phase, double *period)
{
    double best = -1;
    for (int j = -40; j <= 40; j++) {
        double p = guess * (1 + 0.001 * j);
        long phases = (long)(p / BLOCK_S);
        for (long q = 0; q < phases; q++) {
            double sc = grid_score(a, (double)q * BLOCK_S, p, limit);
            if (sc > best) {
                best = sc;
                *phase = (double)q * BLOCK_S;
                *period = p;
            }
        }
    }
    return best;
}

/* Least-squares line t = a + k * p through (k[i], t[i]); false when the ks do not
 * spread (fewer than two distinct beat numbers). */
static bool fit_line(const double *k, const double *t, size_t n, double *a, double *p)
{
    if (n < 2)
        return false;
    double sk = 0, st = 0;
    for (size_t i = 0; i < n; i++) {
        sk += k[i];
        st += t[i];
    }
    double mk = sk / (double)n, mt = st / (double)n, skk = 0, skt = 0;
    for (size_t i = 0; i < n; i++) {
        skk += (k[i] - mk) * (k[i] - mk);
        skt += (k[i] - mk) * (t[i] - mt);
    }
    if (skk <= 0)
        return false;
    *p = skt / skk;
    *a = mt - *p * mk;
    return *p > 0;
}

/* Finds the attack nearest each grid line (the strongest rise within an
 * eighth of a beat) over the whole file and fits the line to them; *first_k
 * is the earliest line that has one. */
static bool refine_grid(const analyser *a, double *phase, double *period, double *first_k)
{
    float peak = 0;
    for (size_t i = 0; i < a->energy.n; i++)
        if (strength(a, i) > peak)
            peak = strength(a, i);
    double dur = (double)a->energy.n * BLOCK_S;
    size_t cap = (size_t)(dur / *period) + 2, m = 0;
    double *ks = malloc(cap * sizeof *ks), *ts = malloc(cap * sizeof *ts);
    bool ok = ks && ts;
    /* From line -1: the search's phase may sit just below a whole period. */
    for (long k = -1; ok && k < (long)cap - 1; k++) {
        double t = *phase + (double)k * *period;
        long lo = lround((t - *period / 8) / BLOCK_S), hi = lround((t + *period / 8) / BLOCK_S);
        float best = 0;
        long at = -1;
        for (long i = lo < 0 ? 0 : lo; i <= hi && (size_t)i < a->energy.n; i++)
            if (strength(a, (size_t)i) > best) {
                best = strength(a, (size_t)i);
                at = i;
            }
        if (at >= 0 && best >= 0.2f * peak) {
            ks[m] = (double)k;
            ts[m] = (double)at * BLOCK_S;      /* where block `at` begins */
            m++;
        }
    }
    if (ok && m >= MIN_BEATS && fit_line(ks, ts, m, phase, period))
        *first_k = ks[0];
    else
        ok = false;
    free(ks);
    free(ts);
    return ok;
}

static int fit_grid(analyser *a, beat_analysis *out, const char *path, char *err, size_t errsize)
{
    double bpm = aubio_tempo_get_bpm(a->tempo);
    if (!(bpm >= 20 && bpm <= 400))
        return media_fail(err, errsize, path, "no steady beat found", AVERROR_INVALIDDATA);
    double dur = (double)a->energy.n * BLOCK_S;
    double limit = dur < SEARCH_SECONDS ? dur : SEARCH_SECONDS;
    /* aubio's tempo may be off by an octave or a third; try the related ones. */
    static const double ratio[] = {1, 0.5, 2, 2.0 / 3, 1.5};
    double best = -1, phase = 0, period = 0;
    for (size_t i = 0; i < sizeof ratio / sizeof ratio[0]; i++) {
        double guess = 60.0 / bpm * ratio[i], ph = 0, pe = 0;
        if (guess < MIN_PERIOD || guess > MAX_PERIOD)
            continue;
        double sc = search_grid(a, guess, limit, &ph, &pe);
        if (sc > best * 1.05) {         /* a clear win, else aubio's own guess stays */
            best = sc;
            phase = ph;
            period = pe;
        }
    }
    double first_k = 0;
    if (!(best > 0) || !refine_grid(a, &phase, &period, &first_k) || !refine_grid(a, &phase, &period, &first_k))
        return media_fail(err, errsize, path, "no steady beat found", AVERROR_INVALIDDATA);
    /* The fitted line may put an attack at the very start a hair below 0. */
    double first = phase + first_k * period;
    if (first < 0)
        first = first > -period / 4 ? 0 : first + period;
    out->first_beat_ns = llround(first * 1e9);
    out->period_ns = llround(period * 1e9);
    out->duration_ns = (int64_t)((double)a->total * 1e9 / BEAT_RATE);
    out->detected = a->beats.v;
    out->detected_count = a->beats.n;
    a->beats.v = NULL;          /* now owned by out */
    return 0;
}

int beat_detect_file(const char *path, beat_analysis *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    analyser a = {0};
    int rc = open_audio(&a, path, err, errsize);
    if (rc >= 0 && (rc = decode_all(&a)) < 0)
        rc = media_fail(err, errsize, path,
                        rc == AVERROR(E2BIG) ? "the audio is longer than 3 hours" : "the audio does not decode", rc);
    if (rc >= 0 && a.total < BEAT_RATE)
        rc = media_fail(err, errsize, path, "the audio is shorter than one second", AVERROR_INVALIDDATA);
    if (rc >= 0 && a.peak < SILENCE_PEAK)
        rc = media_fail(err, errsize, path, "the audio is silent", AVERROR_INVALIDDATA);
    if (rc >= 0)
        rc = fit_grid(&a, out, path, err, errsize);
    analyser_close(&a);
    return rc < 0 ? rc : 0;
}

void beat_analysis_clear(beat_analysis *a)
{
    free(a->detected);
    memset(a, 0, sizeof *a);
}

double beat_analysis_bpm(const beat_analysis *a)
{
    return a->period_ns > 0 ? 60e9 / (double)a->period_ns : 0;
}
