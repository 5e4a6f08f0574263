/* Lottie timing, shared by the lottie layer and its tests. */
#ifndef REEL_LOTTIE_H
#define REEL_LOTTIE_H

#include <stdbool.h>
#include <stdint.h>

#include "scene/timeparse.h"

/* The Lottie frame (counted from the animation's in-point) shown at local
 * video frame n: offset + floor(n × rate × lottie_fps / video_fps), exactly,
 * then wrapped into [0, total) when loop, else held at total - 1. */
int64_t lottie_frame_for(int64_t n, rational video_fps, rational rate, rational lottie_fps, int64_t offset,
                         int64_t total, bool loop);

#endif
