/* Audio played faster or slower at the same pitch, for video layers with a
 * playback rate (WSOLA: waveform-similarity overlap-add).
 *
 * Output frame m (AUDIO_STRETCH_FRAME samples, Hann-windowed, every
 * AUDIO_STRETCH_HOP samples) is taken from the input near m x hop x rate,
 * moved by up to AUDIO_STRETCH_SEARCH samples to where the input looks most
 * like the natural continuation of frame m - 1, so that overlapping frames
 * add up in phase. The first half of frame 0 is unwindowed: output starts
 * exactly like the input. N input samples give floor(N / rate) output
 * samples.
 *
 * Deterministic: a fixed search order, double sums in a fixed order, no
 * state but the input. Reading in chunks of any size gives the same samples. */
#ifndef REEL_AUDIO_STRETCH_H
#define REEL_AUDIO_STRETCH_H

#include <stddef.h>
#include <stdint.h>

#define AUDIO_STRETCH_FRAME 1920    /* 40 ms at 48 kHz */
#define AUDIO_STRETCH_HOP 960
#define AUDIO_STRETCH_SEARCH 480    /* +-10 ms */

/* Supplies up to n interleaved stereo frames; returns how many (0 at the
 * end, for good) or a negative error with a message in err. */
typedef int (*audio_pull_fn)(void *ctx, float *dst, int n, char *err, size_t errsize);

typedef struct audio_stretch audio_stretch;

/* rate_micro: the playback rate x 1e6 (250000 to 4000000). NULL when out of
 * memory. */
audio_stretch *audio_stretch_new(int64_t rate_micro, audio_pull_fn pull, void *ctx);

/* Reads up to n stereo frames. Returns how many (less only at the end) or a
 * negative error from the source. */
int audio_stretch_read(audio_stretch *s, float *dst, int n, char *err, size_t errsize);

void audio_stretch_free(audio_stretch **s);

#endif
