/* See stage_clock.h. Thread-local sums: each render thread times itself, and
 * the pipeline collects a thread's sums from that thread. */
#include "util/stage_clock.h"

#include <time.h>

static _Thread_local bool enabled;
static _Thread_local int depth[STAGE_COUNT];
static _Thread_local double sums[STAGE_COUNT];

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void stage_clock_enable(bool on)
{
    enabled = on;
    for (int k = 0; k < STAGE_COUNT; k++) {
        depth[k] = 0;
        sums[k] = 0;
    }
}

double stage_clock_begin(stage_kind k)
{
    if (!enabled || depth[k]++ > 0)
        return -1;
    return now_seconds();
}

void stage_clock_end(stage_kind k, double token)
{
    if (!enabled)
        return;
    depth[k]--;
    if (token >= 0)
        sums[k] += now_seconds() - token;
}

void stage_clock_take(double out[STAGE_COUNT])
{
    for (int k = 0; k < STAGE_COUNT; k++) {
        out[k] += sums[k];
        sums[k] = 0;
    }
}
