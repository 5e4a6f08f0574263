/* The "evaluate" stage of `--stats`: every interpolated keyframe value is
 * timed where it is computed (anim/track.c), so values that layer types read
 * inside their own drawing (shape sizes, effect parameters) count as
 * evaluate, not rasterize. Held values are not timed, nested steps count once,
 * and a thread that has not switched the clock on sums nothing. */
#include "check.h"
#include "anim/track.h"
#include "util/stage_clock.h"

static track two_keys(void)
{
    static keyframe keys[2];
    keys[0] = (keyframe){.time = 0, .value = {0}, .ease = {.kind = EASING_SPRING,
        .stiffness = 100, .damping = 10, .mass = 1}};
    keys[1] = (keyframe){.time = 30, .value = {100}, .ease = {.kind = EASING_LINEAR}};
    return (track){.components = 1, .count = 2, .keys = keys};
}

static double evaluate_seconds(void)
{
    double sums[STAGE_COUNT] = {0};
    stage_clock_take(sums);
    CHECK(sums[STAGE_DECODE] == 0);
    return sums[STAGE_EVALUATE];
}

static double eval_many(const track *tr, double t0, double t1)
{
    double acc = 0;
    for (int i = 0; i < 20000; i++)
        acc += track_eval1(tr, t0 + (t1 - t0) * (i % 100) / 100.0, 30);
    return acc;
}

static void interpolation_is_timed(void)
{
    track tr = two_keys();
    stage_clock_enable(true);
    CHECK(eval_many(&tr, 1, 29) > 0);
    CHECK(evaluate_seconds() > 0);
    CHECK(evaluate_seconds() == 0); /* taking clears */
    stage_clock_enable(false);
}

static void held_values_are_not_timed(void)
{
    track tr = two_keys();
    track constant = {.components = 1, .constant = {7}};
    stage_clock_enable(true);
    CHECK_NEAR(eval_many(&constant, 0, 30), 7 * 20000, 0);
    eval_many(&tr, -10, 0);   /* before the first key */
    eval_many(&tr, 30, 40);   /* after the last */
    CHECK(evaluate_seconds() == 0);
    stage_clock_enable(false);
}

static void nested_steps_count_once(void)
{
    track tr = two_keys();
    stage_clock_enable(true);
    double outer = stage_clock_begin(STAGE_EVALUATE);
    CHECK(outer >= 0);
    eval_many(&tr, 1, 29);
    /* Inside the outer step the interpolations add nothing of their own. */
    CHECK(evaluate_seconds() == 0);
    stage_clock_end(STAGE_EVALUATE, outer);
    CHECK(evaluate_seconds() > 0);
    stage_clock_enable(false);
}

static void off_sums_nothing(void)
{
    track tr = two_keys();
    stage_clock_enable(false);
    eval_many(&tr, 1, 29);
    CHECK(evaluate_seconds() == 0);
}

int main(void)
{
    RUN(interpolation_is_timed);
    RUN(held_values_are_not_timed);
    RUN(nested_steps_count_once);
    RUN(off_sums_nothing);
    return CHECK_EXIT();
}
