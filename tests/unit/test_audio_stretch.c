/* Time stretching at the same pitch (src/media/audio_stretch.c): lengths,
 * pitch, level, an exact start, and the same samples whatever the chunking. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "media/audio_stretch.h"

/* A source of `len` stereo samples: a sine of `hz` at amplitude 0.5 on the
 * left, the same an octave up on the right. Serves at most `chunk` per pull. */
typedef struct sine_src {
    int64_t pos, len;
    double hz;
    int chunk;
    int64_t step_at;            /* from this sample on, 1.5 x hz; 0: never */
} sine_src;

static float sine_at(const sine_src *s, int64_t i, int c)
{
    double hz = s->step_at && i >= s->step_at ? 1.5 * s->hz : s->hz;
    return (float)(0.5 * sin(2.0 * M_PI * hz * (c + 1) * (double)i / 48000.0));
}

static int pull_sine(void *ctx, float *dst, int n, char *err, size_t errsize)
{
    (void)err;
    (void)errsize;
    sine_src *s = ctx;
    if (n > s->chunk)
        n = s->chunk;
    if (n > s->len - s->pos)
        n = (int)(s->len - s->pos);
    for (int i = 0; i < n; i++) {
        dst[2 * i] = sine_at(s, s->pos + i, 0);
        dst[2 * i + 1] = sine_at(s, s->pos + i, 1);
    }
    s->pos += n;
    return n;
}

/* Stretches a whole source, reading `read` samples at a time. */
static float *stretch_steps(int64_t rate_micro, int64_t len, double hz, int chunk, int read, int64_t step_at,
                           int64_t *out_len)
{
    sine_src src = { 0, len, hz, chunk, step_at };
    audio_stretch *s = audio_stretch_new(rate_micro, pull_sine, &src);
    int64_t cap = len * 4 + 4096, n = 0;
    float *out = malloc((size_t)cap * 2 * sizeof *out);
    char err[100];
    for (;;) {
        int want = read;
        if (n + want > cap)
            want = (int)(cap - n);
        int got = audio_stretch_read(s, out + 2 * n, want, err, sizeof err);
        CHECK(got >= 0);
        if (got <= 0)
            break;
        n += got;
        if (got < want)
            break;
    }
    audio_stretch_free(&s);
    *out_len = n;
    return out;
}

static float *stretch_all(int64_t rate_micro, int64_t len, double hz, int chunk, int read, int64_t *out_len)
{
    return stretch_steps(rate_micro, len, hz, chunk, read, 0, out_len);
}

/* Upward zero crossings per second of channel c over [from, to). */
static double crossings_hz(const float *x, int c, int64_t from, int64_t to)
{
    int count = 0;
    for (int64_t i = from + 1; i < to; i++)
        count += x[2 * (i - 1) + c] < 0 && x[2 * i + c] >= 0;
    return count * 48000.0 / (double)(to - from);
}

static double rms(const float *x, int c, int64_t from, int64_t to)
{
    double sum = 0;
    for (int64_t i = from; i < to; i++)
        sum += (double)x[2 * i + c] * x[2 * i + c];
    return sqrt(sum / (double)(to - from));
}

static void test_length_pitch_and_level(void)
{
    static const int64_t rates[] = { 250000, 500000, 750000, 1500000, 2000000, 4000000 };
    const int64_t len = 48000 * 4;
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
        int64_t n;
        float *out = stretch_all(rates[k], len, 440.0, 4096, 777, &n);
        CHECK_EQ_INT(n, len * 1000000 / rates[k]);
        /* Pitch: both tones keep their frequency (within 1%). */
        int64_t from = 4800, to = n - 4800;
        CHECK_NEAR(crossings_hz(out, 0, from, to), 440.0, 4.4);
        CHECK_NEAR(crossings_hz(out, 1, from, to), 880.0, 8.8);
        /* Level: a sine of amplitude 0.5 has an RMS of 0.354 (within 5%). */
        CHECK_NEAR(rms(out, 0, from, to), 0.5 / sqrt(2.0), 0.018);
        CHECK_NEAR(rms(out, 1, from, to), 0.5 / sqrt(2.0), 0.018);
        free(out);
    }
}

/* Time moves at the rate: a tone that rises at input second 2 rises at
 * output second 2 / rate. */
static void test_events_move_with_the_rate(void)
{
    static const int64_t rates[] = { 500000, 2000000, 3000000 };
    for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
        int64_t n;
        float *out = stretch_steps(rates[k], 48000 * 4, 400.0, 4096, 1000, 48000 * 2, &n);
        int64_t at = 48000LL * 2 * 1000000 / rates[k], margin = 2400;
        CHECK_NEAR(crossings_hz(out, 0, at / 4, at - margin), 400.0, 4.0);
        CHECK_NEAR(crossings_hz(out, 0, at + margin, n - margin), 600.0, 6.0);
        free(out);
    }
}

/* The first half frame is the input itself. */
static void test_starts_exactly_like_the_input(void)
{
    int64_t n;
    float *out = stretch_all(2000000, 48000, 300.0, 4096, 4096, &n);
    sine_src ref = { 0, 48000, 300.0, 1, 0 };
    int same = 0;
    for (int i = 0; i < AUDIO_STRETCH_HOP; i++)
        same += out[2 * i] == sine_at(&ref, i, 0) && out[2 * i + 1] == sine_at(&ref, i, 1);
    CHECK_EQ_INT(same, AUDIO_STRETCH_HOP);
    free(out);
}

/* Pulls and reads of any size give the same samples. */
static void test_chunking_does_not_matter(void)
{
    int64_t na, nb;
    float *a = stretch_all(1337000, 48000 * 2, 523.25, 4096, 4096, &na);
    float *b = stretch_all(1337000, 48000 * 2, 523.25, 333, 1, &nb);
    CHECK_EQ_INT(na, nb);
    CHECK(na == nb && memcmp(a, b, (size_t)na * 2 * sizeof *a) == 0);
    free(a);
    free(b);
}

/* An empty source gives nothing; a short one floor(len / rate). */
static void test_short_sources(void)
{
    int64_t n;
    float *out = stretch_all(500000, 0, 440.0, 4096, 100, &n);
    CHECK_EQ_INT(n, 0);
    free(out);
    out = stretch_all(3000000, 1000, 440.0, 4096, 100, &n);
    CHECK_EQ_INT(n, 333);
    free(out);
}

int main(void)
{
    RUN(test_length_pitch_and_level);
    RUN(test_events_move_with_the_rate);
    RUN(test_starts_exactly_like_the_input);
    RUN(test_chunking_does_not_matter);
    RUN(test_short_sources);
    return CHECK_EXIT();
}
