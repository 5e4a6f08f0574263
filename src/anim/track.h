/* Keyframe tracks: the value of an animatable property over a layer's local time.
 *
 * A track has 1 (number), 2 (point) or 4 (color) components. With no keyframes
 * it is a constant. Keyframe times are local frames (relative to the layer's
 * start), strictly increasing. Before the first keyframe the value is the first
 * keyframe's; after the last, the last's. The easing stored on keyframe k shapes
 * the segment from k to k+1 (as in CSS @keyframes). */
#ifndef REEL_TRACK_H
#define REEL_TRACK_H

#include <stdbool.h>
#include <stddef.h>

#include "anim/easing.h"

#define TRACK_MAX_COMPONENTS 4

typedef struct keyframe {
    double time;                        /* local frame */
    double value[TRACK_MAX_COMPONENTS];
    easing ease;                        /* toward the next keyframe */
} keyframe;

typedef struct track {
    int components;
    size_t count;                       /* 0: constant */
    keyframe *keys;                     /* owned */
    double constant[TRACK_MAX_COMPONENTS];
} track;

/* Writes the value at local time t (frames, may be fractional) into out[components].
 * fps is frames per second, used by springs (which run on seconds). */
void track_eval(const track *tr, double t, double fps, double *out);

/* Convenience for one-component tracks. */
double track_eval1(const track *tr, double t, double fps);

/* true when the value cannot change over local frames [t0, t1]. */
bool track_is_constant_over(const track *tr, double t0, double t1);

void track_clear(track *tr);

#endif
