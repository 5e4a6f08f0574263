/* Keyframe track evaluation (see track.h for the rules). Pure functions of the
 * track and the time, so any worker can evaluate any frame. */
#include "anim/track.h"

#include "util/stage_clock.h"

#include <stdlib.h>
#include <string.h>

static size_t find_segment(const track *tr, double t)
{
    /* Largest k with keys[k].time <= t; binary search keeps long tracks cheap. */
    size_t lo = 0, hi = tr->count - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (tr->keys[mid].time <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

void track_eval(const track *tr, double t, double fps, double *out)
{
    int n = tr->components;
    if (tr->count == 0) {
        memcpy(out, tr->constant, sizeof(double) * (size_t)n);
        return;
    }
    const keyframe *first = &tr->keys[0], *last = &tr->keys[tr->count - 1];
    if (t <= first->time) {
        memcpy(out, first->value, sizeof(double) * (size_t)n);
        return;
    }
    if (t >= last->time) {
        memcpy(out, last->value, sizeof(double) * (size_t)n);
        return;
    }
    /* Only interpolation is timed: a held value costs less than a clock read.
     * This is where layer types' own values (shape sizes, effect parameters)
     * reach the "evaluate" stage; inside a timed step it nests and counts once. */
    double clock = stage_clock_begin(STAGE_EVALUATE);
    size_t k = find_segment(tr, t);
    const keyframe *a = &tr->keys[k], *b = &tr->keys[k + 1];
    double p = (t - a->time) / (b->time - a->time);
    double e = easing_apply(&a->ease, p, (t - a->time) / fps);
    for (int i = 0; i < n; i++)
        out[i] = a->value[i] + (b->value[i] - a->value[i]) * e;
    stage_clock_end(STAGE_EVALUATE, clock);
}

double track_eval1(const track *tr, double t, double fps)
{
    double v[TRACK_MAX_COMPONENTS];
    track_eval(tr, t, fps, v);
    return v[0];
}

bool track_is_constant_over(const track *tr, double t0, double t1)
{
    if (tr->count == 0)
        return true;
    if (t1 <= tr->keys[0].time || t0 >= tr->keys[tr->count - 1].time)
        return true;
    /* Inside the keyed span: constant only if every key in reach holds the
     * same value. A segment ending after t1 reaches toward its end key,
     * unless it holds its start value (exactly: a + (b - a) * 0). */
    size_t k0 = t0 <= tr->keys[0].time ? 0 : find_segment(tr, t0);
    size_t k1 = find_segment(tr, t1);
    if (k1 + 1 < tr->count && tr->keys[k1].time < t1 && tr->keys[k1].ease.kind != EASING_HOLD)
        k1++;
    for (size_t k = k0 + 1; k <= k1; k++)
        if (memcmp(tr->keys[k].value, tr->keys[k0].value, sizeof(double) * (size_t)tr->components) != 0)
            return false;
    return true;
}

void track_clear(track *tr)
{
    free(tr->keys);
    tr->keys = NULL;
    tr->count = 0;
}
