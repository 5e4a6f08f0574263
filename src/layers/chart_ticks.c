/* Nice ticks (see chart_ticks.h). The step is the smallest of 1, 2, 5 x 10^k
 * that is at least range / target; ends round outward to whole steps, with a
 * small tolerance so that 0.30000000000000004 / 0.1 counts as 3 steps. */
#include <math.h>
#include <stdbool.h>

#include "layers/chart_ticks.h"

#define TOLERANCE 1e-9

void chart_nice_ticks(double lo, double hi, int target, bool fix_lo, bool fix_hi, chart_ticks *out)
{
    if (target < 1)
        target = 1;
    if (!(hi > lo)) {
        /* One value (or none): a unit range that contains it. */
        if (lo == 0) {
            hi = 1;
        } else if (lo > 0) {
            hi = lo;
            lo = fix_lo ? lo : 0;
            if (!(hi > lo))
                hi = lo + fabs(lo);
        } else {
            lo = hi;
            hi = fix_hi ? hi : 0;
            if (!(hi > lo))
                lo = hi - fabs(hi);
        }
    }
    double raw = (hi - lo) / target;
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    double step = (norm <= 1 + TOLERANCE ? 1 : norm <= 2 + TOLERANCE ? 2 : norm <= 5 + TOLERANCE ? 5 : 10) * mag;
    out->step = step;
    int decimals = (int)-floor(log10(step) + TOLERANCE);
    out->decimals = decimals > 0 ? decimals : 0;
    out->first = (long)ceil(lo / step - TOLERANCE);
    out->last = (long)floor(hi / step + TOLERANCE);
    if (!fix_lo && (double)out->first * step > lo + TOLERANCE * step)
        out->first--;
    if (!fix_hi && (double)out->last * step < hi - TOLERANCE * step)
        out->last++;
    out->lo = fix_lo ? lo : chart_tick_value(out, out->first);
    out->hi = fix_hi ? hi : chart_tick_value(out, out->last);
}

void chart_ticks_with_step(double lo, double hi, double step, chart_ticks *out)
{
    out->step = step;
    int decimals = (int)-floor(log10(step) + TOLERANCE);
    out->decimals = decimals > 0 ? decimals : 0;
    out->first = (long)ceil(lo / step - TOLERANCE);
    out->last = (long)floor(hi / step + TOLERANCE);
    out->lo = lo;
    out->hi = hi;
}

double chart_tick_value(const chart_ticks *t, long k)
{
    double v = (double)k * t->step;
    if (t->decimals > 0 && t->decimals < 16) {
        double scale = pow(10, t->decimals);
        v = round(v * scale) / scale;
    }
    return v == 0 ? 0 : v;   /* no negative zero */
}
