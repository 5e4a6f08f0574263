/* The audio mix (see audio_mix.h for the rules): collects the voices of the
 * scene tree, then mixes chunk by chunk, each voice streaming its source. */
#include "media/audio_mix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/audio_source.h"
#include "media/audio_stretch.h"
#include "reel.h"

typedef struct voice {
    audio_clip clip;
    const char *pointer;        /* the layer, for messages */
    int64_t origin;             /* mix sample of the layer's start (local sample 0) */
    int64_t lo, hi;             /* audible mix samples [lo, hi) */
    int64_t lead;               /* output samples of silence that start each pass */
    int64_t skip;               /* source samples before the clip (trim_start) */
    int64_t clip_len;           /* output samples per pass; INT64_MAX: until the source ends */
    int64_t fade_in, fade_out;  /* samples */
    audio_reader *reader;
    audio_stretch *stretch;     /* at a rate other than 1: reads the reader */
    int64_t pos;                /* clip sample the reader gives next */
    bool ended;                 /* the source ran out in this pass */
    bool constant_gain;
    double gain;                /* when constant */
} voice;

struct audio_mix {
    rational fps;
    double fps_value;
    int64_t length, next;       /* samples in all, next to produce */
    voice *voices;
    size_t voice_count;
    float *scratch;
    int scratch_cap;
};

static int64_t floor_div(__int128 a, __int128 b)
{
    __int128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return (int64_t)q;
}

int64_t audio_sample_at_frame(int64_t f, rational fps)
{
    /* round_half_up(f x 48000 x den / num) = floor((2 f 48000 den + num) / (2 num)) */
    __int128 num = (__int128)2 * f * AUDIO_RATE * fps.den + fps.num;
    return floor_div(num, (__int128)2 * fps.num);
}

float audio_soft_clip(float x)
{
    float a = x < 0 ? -x : x;
    if (a <= AUDIO_CLIP_KNEE)
        return x;
    float head = 1.0f - AUDIO_CLIP_KNEE;
    float d = (a - AUDIO_CLIP_KNEE) / head;
    float y = AUDIO_CLIP_KNEE + head * (d / (1.0f + d));
    return x < 0 ? -y : y;
}

static bool layer_sounds(const layer *l)
{
    audio_clip c;
    return l->type->audio && l->type->audio(l, &c);
}

static bool any_sound(layer *const *layers, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (layer_sounds(layers[i]) || any_sound(layers[i]->children, layers[i]->child_count))
            return true;
    return false;
}

bool audio_mix_has_sources(const scene *s)
{
    return any_sound(s->layers, s->layer_count);
}

/* ---- collecting voices ---- */

typedef struct collect {
    audio_mix *m;
    int64_t base;               /* absolute sample of the mix's first sample */
    size_t cap;
} collect;

static bool stretched(const audio_clip *clip)
{
    return clip->rate_micro > 0 && clip->rate_micro != 1000000;
}

/* Output samples for n source samples: floor(n / rate), as audio_stretch gives. */
static int64_t played_length(const audio_clip *clip, int64_t n)
{
    return stretched(clip) ? (int64_t)((__int128)n * 1000000 / clip->rate_micro) : n;
}

static int add_voice(collect *c, const layer *l, const audio_clip *clip, int64_t start_frame, int64_t lo_frame,
                     int64_t hi_frame)
{
    audio_mix *m = c->m;
    rational fps = m->fps;
    voice v = {.clip = *clip, .pointer = l->pointer};
    v.origin = audio_sample_at_frame(start_frame, fps) - c->base;
    v.lo = audio_sample_at_frame(lo_frame, fps) - c->base;
    v.hi = audio_sample_at_frame(hi_frame, fps) - c->base;
    v.skip = audio_us_to_samples(clip->trim_start_us);
    int64_t end_us = clip->trim_end_us >= 0 ? clip->trim_end_us : clip->source_end_us;
    v.lead = played_length(clip, audio_us_to_samples(clip->lead_us));
    v.clip_len = v.lead + played_length(clip, audio_us_to_samples(end_us) - v.skip);
    if (v.clip_len <= 0)
        return 0;
    if (!clip->loop && clip->trim_end_us < 0) {
        /* Without a trim, the clip ends where the decoded source ends; the
         * probed length only places the fade-out. */
        if (v.hi > v.origin + v.clip_len)
            v.hi = v.origin + v.clip_len;
        v.clip_len = INT64_MAX;
    } else if (!clip->loop && v.hi > v.origin + v.clip_len) {
        v.hi = v.origin + v.clip_len;
    }
    if (v.lo < 0)
        v.lo = 0;
    if (v.hi > m->length)
        v.hi = m->length;
    if (v.lo < v.origin)
        v.lo = v.origin;
    if (v.lo >= v.hi)
        return 0;
    v.fade_in = audio_us_to_samples(clip->fade_in_us);
    v.fade_out = audio_us_to_samples(clip->fade_out_us);
    bool vol_const = !clip->volume || clip->volume->count == 0;
    bool db_const = !clip->volume_db || clip->volume_db->count == 0;
    v.constant_gain = vol_const && db_const;
    if (v.constant_gain) {
        double g = clip->volume ? clip->volume->constant[0] : 1.0;
        double db = clip->volume_db ? clip->volume_db->constant[0] : 0.0;
        v.gain = g * pow(10.0, db / 20.0);
    }
    if (m->voice_count == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        voice *grown = realloc(m->voices, cap * sizeof *grown);
        if (!grown)
            return REEL_ENOMEM;
        m->voices = grown;
        c->cap = cap;
    }
    m->voices[m->voice_count++] = v;
    return 0;
}

/* off: absolute frame of the parent's timeline origin; [plo, phi): the
 * absolute frames in which the parent is shown. */
static int collect_layers(collect *c, layer *const *layers, size_t n, int64_t off, int64_t plo, int64_t phi)
{
    for (size_t i = 0; i < n; i++) {
        const layer *l = layers[i];
        int64_t start = off + l->start, end = off + l->end;
        int64_t lo = start > plo ? start : plo, hi = end < phi ? end : phi;
        if (lo >= hi)
            continue;
        audio_clip clip;
        int rc = 0;
        if (l->type->audio && l->type->audio(l, &clip))
            rc = add_voice(c, l, &clip, start, lo, hi);
        if (rc == 0)
            rc = collect_layers(c, l->children, l->child_count, start, lo, hi);
        if (rc)
            return rc;
    }
    return 0;
}

int audio_mix_open(audio_mix **out, const scene *s, int64_t first_frame, int64_t frame_count, char *err,
                   size_t errsize)
{
    *out = NULL;
    audio_mix *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errsize, "out of memory");
        return REEL_ENOMEM;
    }
    m->fps = s->fps;
    m->fps_value = (double)s->fps.num / (double)s->fps.den;
    int64_t base = audio_sample_at_frame(first_frame, s->fps);
    m->length = audio_sample_at_frame(first_frame + frame_count, s->fps) - base;
    collect c = {.m = m, .base = base};
    int rc = collect_layers(&c, s->layers, s->layer_count, 0, first_frame, first_frame + frame_count);
    if (rc) {
        snprintf(err, errsize, "out of memory");
        audio_mix_free(&m);
        return rc;
    }
    /* A looping clip without trim_end repeats the decoded source exactly:
     * count its samples once (the container's length can differ by the
     * codec's padding). */
    for (size_t i = 0; i < m->voice_count; i++) {
        voice *v = &m->voices[i];
        if (!v->clip.loop || v->clip.trim_end_us >= 0)
            continue;
        audio_reader *r;
        char e[400];
        int64_t total = -1;
        if (audio_reader_open(&r, v->clip.path, e, sizeof e) == 0) {
            total = audio_reader_skip(r, INT64_MAX, e, sizeof e);
            audio_reader_close(&r);
        }
        if (total < 0) {
            snprintf(err, errsize, "%s: %s", v->pointer, e);
            audio_mix_free(&m);
            return REEL_EINPUT;
        }
        v->clip_len = v->lead + played_length(&v->clip, total - v->skip);
        if (v->clip_len <= 0)
            v->hi = v->lo;      /* nothing after the trim: silent */
    }
    *out = m;
    return 0;
}

int64_t audio_mix_length(const audio_mix *m)
{
    return m->length;
}

static void close_voice(voice *v)
{
    audio_stretch_free(&v->stretch);
    audio_reader_close(&v->reader);
}

static int pull_reader(void *reader, float *dst, int n, char *err, size_t errsize)
{
    return audio_reader_read(reader, dst, n, err, errsize);
}

/* Up to n samples of the clip from where the voice stands. */
static int read_voice(voice *v, float *dst, int n, char *err, size_t errsize)
{
    return v->stretch ? audio_stretch_read(v->stretch, dst, n, err, errsize)
                      : audio_reader_read(v->reader, dst, n, err, errsize);
}

/* Drops n samples of the clip; returns how many there were. */
static int64_t skip_voice(voice *v, int64_t n, char *err, size_t errsize)
{
    if (!v->stretch)
        return audio_reader_skip(v->reader, n, err, errsize);
    float sink[2 * 1024];
    int64_t done = 0;
    while (done < n) {
        int want = n - done < 1024 ? (int)(n - done) : 1024;
        int got = audio_stretch_read(v->stretch, sink, want, err, errsize);
        if (got < 0)
            return got;
        done += got;
        if (got < want)
            break;
    }
    return done;
}

void audio_mix_free(audio_mix **mp)
{
    if (!mp || !*mp)
        return;
    audio_mix *m = *mp;
    for (size_t i = 0; i < m->voice_count; i++)
        close_voice(&m->voices[i]);
    free(m->voices);
    free(m->scratch);
    free(m);
    *mp = NULL;
}

/* ---- mixing ---- */

/* Positions the voice's reader at clip sample c (reopening for a new pass). */
static int seek_voice(voice *v, int64_t c, char *err, size_t errsize)
{
    char e[400];
    if (!v->reader || c < v->pos) {
        close_voice(v);
        v->pos = 0;
        v->ended = false;
        if (audio_reader_open(&v->reader, v->clip.path, e, sizeof e) < 0) {
            snprintf(err, errsize, "%s: %s", v->pointer, e);
            return REEL_EINPUT;
        }
        int64_t got = audio_reader_skip(v->reader, v->skip, e, sizeof e);
        if (got < 0) {
            snprintf(err, errsize, "%s: %s", v->pointer, e);
            return REEL_EINPUT;
        }
        v->ended = got < v->skip;
        if (stretched(&v->clip) && !(v->stretch = audio_stretch_new(v->clip.rate_micro, pull_reader, v->reader))) {
            snprintf(err, errsize, "out of memory");
            return REEL_ENOMEM;
        }
    }
    if (c > v->pos && !v->ended) {
        int64_t got = skip_voice(v, c - v->pos, e, sizeof e);
        if (got < 0) {
            snprintf(err, errsize, "%s: %s", v->pointer, e);
            return REEL_EINPUT;
        }
        v->ended = got < c - v->pos;
    }
    v->pos = c;
    return 0;
}

static double voice_gain(const voice *v, const audio_mix *m, int64_t s)
{
    int64_t k = s - v->origin;
    double g;
    if (v->constant_gain) {
        g = v->gain;
    } else {
        /* The sample's local time in frames. */
        double t = (double)k * (double)m->fps.num / ((double)AUDIO_RATE * (double)m->fps.den);
        g = v->clip.volume ? track_eval1(v->clip.volume, t, m->fps_value) : 1.0;
        if (v->clip.volume_db)
            g *= pow(10.0, track_eval1(v->clip.volume_db, t, m->fps_value) / 20.0);
    }
    int64_t in = s - v->lo, left = v->hi - s;
    if (v->fade_in > 0 && in < v->fade_in)
        g *= (double)in / (double)v->fade_in;
    if (v->fade_out > 0 && left <= v->fade_out)
        g *= (double)(left - 1) / (double)v->fade_out;
    return g;
}

static int mix_voice(audio_mix *m, voice *v, float *dst, int64_t s0, int n, char *err, size_t errsize)
{
    int64_t a = s0 > v->lo ? s0 : v->lo, b = s0 + n < v->hi ? s0 + n : v->hi;
    while (a < b) {
        int64_t k = a - v->origin;
        int64_t c = v->clip_len == INT64_MAX ? k : k % v->clip_len;
        int64_t run = b - a;
        if (v->clip_len != INT64_MAX && run > v->clip_len - c)
            run = v->clip_len - c;
        if (c < v->lead) {          /* before the source's first sample: silence */
            a += run < v->lead - c ? run : v->lead - c;
            continue;
        }
        c -= v->lead;
        int rc = seek_voice(v, c, err, errsize);
        if (rc)
            return rc;
        int got = 0;
        if (!v->ended) {
            char e[400];
            got = read_voice(v, m->scratch, (int)run, e, sizeof e);
            if (got < 0) {
                snprintf(err, errsize, "%s: %s", v->pointer, e);
                return REEL_EINPUT;
            }
            v->ended = got < run;
        }
        v->pos += got;
        float *out = dst + (size_t)(a - s0) * AUDIO_CHANNELS;
        for (int i = 0; i < got; i++) {
            float g = (float)voice_gain(v, m, a + i);
            out[2 * i] += g * m->scratch[2 * i];
            out[2 * i + 1] += g * m->scratch[2 * i + 1];
        }
        /* A source shorter than its clip is silent for the rest. */
        if (got < run)
            v->pos = c + run;
        a += run;
    }
    return 0;
}

int audio_mix_read(audio_mix *m, float *dst, int n, char *err, size_t errsize)
{
    int64_t left = m->length - m->next;
    if (n > left)
        n = (int)left;
    if (n <= 0)
        return 0;
    if (n > m->scratch_cap) {
        float *s = realloc(m->scratch, (size_t)n * AUDIO_CHANNELS * sizeof *s);
        if (!s) {
            snprintf(err, errsize, "out of memory");
            return REEL_ENOMEM;
        }
        m->scratch = s;
        m->scratch_cap = n;
    }
    memset(dst, 0, (size_t)n * AUDIO_CHANNELS * sizeof *dst);
    for (size_t i = 0; i < m->voice_count; i++) {
        voice *v = &m->voices[i];
        if (v->hi <= m->next || v->lo >= m->next + n)
            continue;
        int rc = mix_voice(m, v, dst, m->next, n, err, errsize);
        if (rc)
            return rc;
        if (v->hi <= m->next + n)
            close_voice(v);     /* done: free its decoder early */
    }
    for (int i = 0; i < n * AUDIO_CHANNELS; i++)
        dst[i] = audio_soft_clip(dst[i]);
    m->next += n;
    return n;
}
