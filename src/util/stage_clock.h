/* Time spent in the parts of rendering that `--stats` reports apart from
 * drawing: evaluating values (animated properties, text layout, chart data,
 * caption pages) and decoding footage. Layers evaluate their values as they
 * draw, so these are measured around those steps and around every keyframe
 * interpolation (anim/track.c), on each render thread, only when the thread
 * has switched the clock on. The times never reach the pixels. */
#ifndef REEL_STAGE_CLOCK_H
#define REEL_STAGE_CLOCK_H

#include <stdbool.h>

typedef enum stage_kind { STAGE_EVALUATE, STAGE_DECODE, STAGE_COUNT } stage_kind;

/* Switches timing on or off for the calling thread and clears its sums. */
void stage_clock_enable(bool on);

/* Starts timing stage k; returns the token to pass to stage_clock_end. Nested
 * calls for the same stage count once (the outermost). */
double stage_clock_begin(stage_kind k);
void stage_clock_end(stage_kind k, double token);

/* Adds the calling thread's sums (seconds) to out and clears them. */
void stage_clock_take(double out[STAGE_COUNT]);

#endif
