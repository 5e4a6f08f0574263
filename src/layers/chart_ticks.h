/* "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, covering the
 * data range with about the requested number of intervals. Pure arithmetic,
 * unit-tested on its own. */
#ifndef REEL_CHART_TICKS_H
#define REEL_CHART_TICKS_H

#include <stdbool.h>

typedef struct chart_ticks {
    double lo, hi;      /* the axis range: multiples of step unless fixed by the caller */
    double step;
    long first, last;   /* tick k is k * step, for k in [first, last] */
    int decimals;       /* fraction digits that show every tick exactly */
} chart_ticks;

/* Ticks for data in [lo, hi] (lo <= hi; equal values get a unit range) with
 * about `target` intervals (>= 1). fix_lo / fix_hi keep that end exactly where
 * given instead of rounding it outward to a tick. */
void chart_nice_ticks(double lo, double hi, int target, bool fix_lo, bool fix_hi, chart_ticks *out);

/* Ticks every `step` within the fixed range [lo, hi] (lo < hi, step > 0). */
void chart_ticks_with_step(double lo, double hi, double step, chart_ticks *out);

/* The tick value k * step, snapped to the step's decimals so that 3 * 0.1 is
 * exactly the double nearest 0.3. */
double chart_tick_value(const chart_ticks *t, long k);

#endif
