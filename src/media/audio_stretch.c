/* See audio_stretch.h. Input is kept in one buffer of absolute sample
 * indexes [base, base + len); what no later frame can reach is dropped. */
#include "media/audio_stretch.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = AUDIO_STRETCH_FRAME, HOP = AUDIO_STRETCH_HOP, SEARCH = AUDIO_STRETCH_SEARCH, COARSE = 4 };

struct audio_stretch {
    int64_t rate_micro;
    audio_pull_fn pull;
    void *ctx;
    float window[N];
    float *in;                  /* interleaved stereo */
    int64_t base, len, cap;     /* in holds input samples [base, base + len) */
    bool eof;
    int64_t limit;              /* once eof: floor(input length / rate) */
    int64_t frame;              /* next frame m */
    int64_t prev;               /* input start of frame m - 1 */
    float acc[2 * N];           /* output samples [m x HOP, m x HOP + N), partly summed */
    float ready[2 * HOP];       /* finished output */
    int ready_pos, ready_len;
    int64_t emitted;
};

audio_stretch *audio_stretch_new(int64_t rate_micro, audio_pull_fn pull, void *ctx)
{
    audio_stretch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->rate_micro = rate_micro;
    s->pull = pull;
    s->ctx = ctx;
    /* Periodic Hann: frames HOP apart sum to 1. */
    for (int i = 0; i < N; i++)
        s->window[i] = (float)(0.5 - 0.5 * cos(2.0 * M_PI * i / N));
    return s;
}

void audio_stretch_free(audio_stretch **sp)
{
    if (!sp || !*sp)
        return;
    free((*sp)->in);
    free(*sp);
    *sp = NULL;
}

/* Input start of frame m before the search: floor(m x HOP x rate), exactly. */
static int64_t nominal(const audio_stretch *s, int64_t m)
{
    return (int64_t)((__int128)m * HOP * s->rate_micro / 1000000);
}

/* Pulls input until sample `upto` (exclusive) is held or the input ends. */
static int fill(audio_stretch *s, int64_t upto, char *err, size_t errsize)
{
    while (!s->eof && s->base + s->len < upto) {
        int64_t want = upto - (s->base + s->len);
        if (want < 4096)
            want = 4096;
        if (s->len + want > s->cap) {
            int64_t cap = s->cap ? s->cap : 8192;
            while (cap < s->len + want)
                cap *= 2;
            float *grown = realloc(s->in, (size_t)cap * 2 * sizeof *grown);
            if (!grown) {
                snprintf(err, errsize, "out of memory");
                return -1;
            }
            s->in = grown;
            s->cap = cap;
        }
        int got = s->pull(s->ctx, s->in + 2 * s->len, (int)want, err, errsize);
        if (got < 0)
            return got;
        s->len += got;
        if (got == 0) {
            s->eof = true;
            s->limit = (int64_t)((__int128)(s->base + s->len) * 1000000 / s->rate_micro);
        }
    }
    return 0;
}

/* Drops input before sample `from`. */
static void drop(audio_stretch *s, int64_t from)
{
    int64_t n = from - s->base;
    if (n <= 0)
        return;
    if (n > s->len)
        n = s->len;
    memmove(s->in, s->in + 2 * n, (size_t)(s->len - n) * 2 * sizeof *s->in);
    s->base += n;
    s->len -= n;
}

/* Input sample i of channel c; zero past the end. */
static inline float at(const audio_stretch *s, int64_t i, int c)
{
    int64_t k = i - s->base;
    return k >= 0 && k < s->len ? s->in[2 * k + c] : 0.0f;
}

/* How alike the HOP samples from `cand` are to those from `target` (mono,
 * every step-th sample): correlation over the candidate's energy. */
static double likeness(const audio_stretch *s, int64_t cand, int64_t target, int step)
{
    double xy = 0, xx = 1e-9;
    for (int i = 0; i < HOP; i += step) {
        double x = (double)at(s, cand + i, 0) + at(s, cand + i, 1);
        double y = (double)at(s, target + i, 0) + at(s, target + i, 1);
        xy += x * y;
        xx += x * x;
    }
    return xy / sqrt(xx);
}

/* The best start within [lo, hi] by `step`, the first of equals. */
static int64_t best_start(const audio_stretch *s, int64_t lo, int64_t hi, int64_t target, int step)
{
    int64_t best = lo;
    double best_score = -INFINITY;
    for (int64_t c = lo; c <= hi; c += step) {
        double score = likeness(s, c, target, step);
        if (score > best_score) {
            best_score = score;
            best = c;
        }
    }
    return best;
}

/* Adds frame m to the output and moves HOP finished samples to ready. */
static int next_frame(audio_stretch *s, char *err, size_t errsize)
{
    int64_t m = s->frame, a = nominal(s, m);
    /* Enough input for the search and for knowing, before emitting this
     * frame's samples, whether the input ends under them. */
    int64_t need = a + SEARCH + N, next = nominal(s, m + 1) + 1;
    int rc = fill(s, need > next ? need : next, err, errsize);
    if (rc < 0)
        return rc;
    int64_t start = 0;
    if (m > 0) {
        int64_t target = s->prev + HOP;
        int64_t lo = a - SEARCH < 0 ? 0 : a - SEARCH, hi = a + SEARCH;
        int64_t coarse = best_start(s, lo, hi, target, COARSE);
        int64_t flo = coarse - COARSE + 1 < lo ? lo : coarse - COARSE + 1;
        int64_t fhi = coarse + COARSE - 1 > hi ? hi : coarse + COARSE - 1;
        start = best_start(s, flo, fhi, target, 1);
    }
    for (int i = 0; i < N; i++) {
        float w = m == 0 && i < HOP ? 1.0f : s->window[i];
        s->acc[2 * i] += w * at(s, start + i, 0);
        s->acc[2 * i + 1] += w * at(s, start + i, 1);
    }
    memcpy(s->ready, s->acc, sizeof s->ready);
    memmove(s->acc, s->acc + 2 * HOP, (size_t)(N - HOP) * 2 * sizeof *s->acc);
    memset(s->acc + 2 * (N - HOP), 0, (size_t)HOP * 2 * sizeof *s->acc);
    s->ready_pos = 0;
    s->ready_len = HOP;
    s->prev = start;
    s->frame = m + 1;
    /* The next frame reads from its search window and from start + HOP. */
    int64_t keep = nominal(s, m + 1) - SEARCH;
    drop(s, keep < start + HOP ? keep : start + HOP);
    return 0;
}

int audio_stretch_read(audio_stretch *s, float *dst, int n, char *err, size_t errsize)
{
    int got = 0;
    while (got < n) {
        if (s->eof && s->emitted >= s->limit)
            break;
        if (s->ready_pos == s->ready_len) {
            int rc = next_frame(s, err, errsize);
            if (rc < 0)
                return rc;
            continue;
        }
        int64_t take = s->ready_len - s->ready_pos;
        if (take > n - got)
            take = n - got;
        if (s->eof && take > s->limit - s->emitted)
            take = s->limit - s->emitted;
        memcpy(dst + 2 * got, s->ready + 2 * s->ready_pos, (size_t)take * 2 * sizeof *dst);
        s->ready_pos += (int)take;
        s->emitted += take;
        got += (int)take;
    }
    return got;
}
