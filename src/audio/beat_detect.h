/* Tempo and beat grid of an audio file, detected with aubio.
 *
 * Deterministic by construction: the file is decoded with one decoder thread,
 * converted by libswresample to mono float at BEAT_RATE Hz, and fed to aubio in
 * fixed hops on the calling thread, so the same file gives the same grid on
 * every run. The result is a straight grid (first beat + k x period) fitted to
 * the detected onsets; see beat_detect.c for how. */
#ifndef REEL_BEAT_DETECT_H
#define REEL_BEAT_DETECT_H

#include <stddef.h>
#include <stdint.h>

#define BEAT_RATE 44100

typedef struct beat_analysis {
    int64_t first_beat_ns;      /* beat 1 of the grid, nanoseconds from the file's start */
    int64_t period_ns;          /* one beat, nanoseconds */
    int64_t duration_ns;        /* decoded audio length */
    double *detected;           /* aubio's own beat times, seconds (for inspection) */
    size_t detected_count;
} beat_analysis;

/* Detects the beat grid of the audio file at path. Returns 0, or a negative
 * error with err set to "\"PATH\": what went wrong" (missing, not audio,
 * undecodable, silent, no steady beat). On failure *out holds nothing to free.
 * Safe to call from several threads on different outputs. */
int beat_detect_file(const char *path, beat_analysis *out, char *err, size_t errsize);

/* Frees what beat_detect_file allocated; fine on a zeroed struct. */
void beat_analysis_clear(beat_analysis *a);

/* The grid's tempo in beats per minute. */
double beat_analysis_bpm(const beat_analysis *a);

#endif
