/* Nice ticks for chart axes: 1-2-5 steps, outward rounding, fixed ends,
 * degenerate ranges and floating-point edge cases. */
#include <stdbool.h>

#include "check.h"
#include "layers/chart_ticks.h"

static void test_simple_ranges(void)
{
    chart_ticks t;
    chart_nice_ticks(0, 30, 5, false, false, &t);
    CHECK_NEAR(t.step, 10, 0);
    CHECK_NEAR(t.lo, 0, 0);
    CHECK_NEAR(t.hi, 30, 0);
    CHECK_EQ_INT(t.first, 0);
    CHECK_EQ_INT(t.last, 3);
    CHECK_EQ_INT(t.decimals, 0);

    chart_nice_ticks(0, 97, 5, false, false, &t);
    CHECK_NEAR(t.step, 20, 0);
    CHECK_NEAR(t.hi, 100, 0);

    chart_nice_ticks(0, 7, 5, false, false, &t);
    CHECK_NEAR(t.step, 2, 0);
    CHECK_NEAR(t.hi, 8, 0);

    chart_nice_ticks(0, 1234567, 5, false, false, &t);
    CHECK_NEAR(t.step, 500000, 0);
    CHECK_NEAR(t.hi, 1500000, 0);
}

static void test_negative_and_fractional(void)
{
    chart_ticks t;
    chart_nice_ticks(-12, 25, 5, false, false, &t);
    CHECK_NEAR(t.step, 10, 0);
    CHECK_NEAR(t.lo, -20, 0);
    CHECK_NEAR(t.hi, 30, 0);
    CHECK_EQ_INT(t.first, -2);
    CHECK_EQ_INT(t.last, 3);

    chart_nice_ticks(0, 0.3, 3, false, false, &t);
    CHECK_NEAR(t.step, 0.1, 1e-15);
    CHECK_EQ_INT(t.last, 3);            /* not 4: 0.3 / 0.1 is 2.9999999999999996 */
    CHECK_EQ_INT(t.decimals, 1);
    CHECK(chart_tick_value(&t, 3) == 0.3);

    chart_nice_ticks(0, 0.07, 5, false, false, &t);
    CHECK_NEAR(t.step, 0.02, 1e-15);
    CHECK_EQ_INT(t.decimals, 2);
    CHECK(chart_tick_value(&t, 4) == 0.08);

    chart_nice_ticks(-5, -1, 4, false, false, &t);
    CHECK_NEAR(t.step, 1, 0);
    CHECK_NEAR(t.lo, -5, 0);
    CHECK_NEAR(t.hi, -1, 0);
    CHECK(chart_tick_value(&t, 0) == 0 && !signbit(chart_tick_value(&t, 0)));
}

static void test_degenerate_ranges(void)
{
    chart_ticks t;
    chart_nice_ticks(0, 0, 5, false, false, &t);
    CHECK_NEAR(t.lo, 0, 0);
    CHECK_NEAR(t.hi, 1, 0);
    CHECK_NEAR(t.step, 0.2, 1e-15);

    chart_nice_ticks(42, 42, 5, false, false, &t);   /* one positive value: from zero */
    CHECK_NEAR(t.lo, 0, 0);
    CHECK_NEAR(t.hi, 50, 0);
    CHECK_NEAR(t.step, 10, 0);

    chart_nice_ticks(-3, -3, 5, false, false, &t);
    CHECK_NEAR(t.lo, -3, 0);
    CHECK_NEAR(t.hi, 0, 0);
}

static void test_fixed_ends(void)
{
    chart_ticks t;
    chart_nice_ticks(0, 95, 5, false, true, &t);
    CHECK_NEAR(t.hi, 95, 0);
    CHECK_NEAR(t.step, 20, 0);
    CHECK_EQ_INT(t.last, 4);            /* ticks stop at 80, inside the fixed end */

    chart_nice_ticks(50, 100, 5, true, false, &t);
    CHECK_NEAR(t.lo, 50, 0);
    CHECK_EQ_INT(t.first, 5);
    CHECK_NEAR(t.hi, 100, 0);
}

static void test_targets(void)
{
    chart_ticks t;
    chart_nice_ticks(0, 100, 10, false, false, &t);
    CHECK_NEAR(t.step, 10, 0);
    chart_nice_ticks(0, 100, 2, false, false, &t);
    CHECK_NEAR(t.step, 50, 0);
    chart_nice_ticks(0, 100, 0, false, false, &t);
    CHECK_NEAR(t.step, 100, 0);
}

/* A data transition's axis: a blended range with a keyframe's step. */
static void test_given_step(void)
{
    chart_ticks t;
    chart_ticks_with_step(-2.5, 70, 20, &t);
    CHECK_NEAR(t.lo, -2.5, 0);
    CHECK_NEAR(t.hi, 70, 0);
    CHECK_EQ_INT(t.first, 0);
    CHECK_EQ_INT(t.last, 3);
    CHECK_EQ_INT(t.decimals, 0);
    chart_ticks_with_step(0, 0.45, 0.1, &t);
    CHECK_EQ_INT(t.last, 4);
    CHECK_EQ_INT(t.decimals, 1);
    CHECK_NEAR(chart_tick_value(&t, 3), 0.3, 0);
}

int main(void)
{
    RUN(test_simple_ranges);
    RUN(test_negative_and_fractional);
    RUN(test_degenerate_ranges);
    RUN(test_fixed_ends);
    RUN(test_targets);
    RUN(test_given_step);
    return CHECK_EXIT();
}
