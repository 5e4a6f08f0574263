/* Time expressions: the parser (bases, edges, offsets, errors) and exact sums
 * rounded once to frames. */
#include "check.h"
#include "scene/time_expr.h"

#include <stdbool.h>
#include <stdint.h>

static const rational FPS30 = {30, 1}, NTSC = {30000, 1001};

static time_expr parse(const char *text, rational fps)
{
    time_expr x;
    char err[300] = "";
    bool ok = time_expr_parse(text, fps, &x, err, sizeof err);
    if (!ok)
        fprintf(stderr, "  \"%s\" rejected: %s\n", text, err);
    CHECK(ok);
    return x;
}

static const char *parse_err(const char *text)
{
    static char err[300];
    time_expr x;
    err[0] = '\0';
    CHECK(!time_expr_parse(text, FPS30, &x, err, sizeof err));
    return err;
}

static int64_t frame_of(exact_time t, rational fps)
{
    int64_t f = INT64_MIN;
    CHECK(exact_time_to_frame(t, fps, &f));
    return f;
}

static exact_time secs(const char *text, rational fps)
{
    exact_time t = {0, 1};
    char err[300];
    CHECK(exact_time_parse(text, fps, false, &t, err, sizeof err));
    return t;
}

static void test_detects_expressions(void)
{
    CHECK(time_expr_is_expression("drop"));
    CHECK(time_expr_is_expression("  @title.end"));
    CHECK(time_expr_is_expression("beat:4"));
    CHECK(time_expr_is_expression("_x"));
    CHECK(!time_expr_is_expression("1.5s"));
    CHECK(!time_expr_is_expression("-1s"));
    CHECK(!time_expr_is_expression("00:00:01.500"));
    CHECK(!time_expr_is_expression(".5"));
}

static void test_marker_forms(void)
{
    time_expr x = parse("drop", FPS30);
    CHECK_EQ_INT(x.base, TIME_BASE_MARKER);
    CHECK_STR(x.name, "drop");
    CHECK(!x.edge_given);
    CHECK_EQ_INT(x.offset.num, 0);
    x = parse("intro.end", FPS30);
    CHECK(x.edge_given && x.edge_end);
    x = parse("intro.start+250ms", FPS30);
    CHECK(x.edge_given && !x.edge_end);
    CHECK_EQ_INT(x.offset.num, 1);
    CHECK_EQ_INT(x.offset.den, 4);
}

static void test_offsets_sum_exactly(void)
{
    /* 10f at 30000/1001 is 10010/30000 s exactly, not a rounded decimal. */
    time_expr x = parse("drop-10f", NTSC);
    CHECK_EQ_INT(x.offset.num, -1001);
    CHECK_EQ_INT(x.offset.den, 3000);
    /* Several terms and an exponent whose sign is not an operator. */
    x = parse("drop + 1s - 250ms + 5e-1s", FPS30);
    CHECK_EQ_INT(x.offset.num, 5);
    CHECK_EQ_INT(x.offset.den, 4);
    /* Timecode and SMPTE offsets. */
    x = parse("drop+00:00:01.500", FPS30);
    CHECK_EQ_INT(x.offset.num, 3);
    CHECK_EQ_INT(x.offset.den, 2);
    x = parse("drop+00:00:01:15", FPS30);
    CHECK_EQ_INT(x.offset.num, 3);
    CHECK_EQ_INT(x.offset.den, 2);
}

static void test_layer_and_music_forms(void)
{
    time_expr x = parse("@title.end+0.2s", FPS30);
    CHECK_EQ_INT(x.base, TIME_BASE_LAYER);
    CHECK_STR(x.name, "title");
    CHECK(x.edge_end);
    x = parse("@title", FPS30);
    CHECK(!x.edge_given);
    x = parse("beat:16+0.1s", FPS30);
    CHECK_EQ_INT(x.base, TIME_BASE_BEAT);
    CHECK_EQ_INT(x.count.num, 16);
    CHECK_EQ_INT(x.count.den, 1);
    x = parse("bar:2.5", FPS30);
    CHECK_EQ_INT(x.base, TIME_BASE_BAR);
    CHECK_EQ_INT(x.count.num, 5);
    CHECK_EQ_INT(x.count.den, 2);
}

static void test_errors_say_what_was_expected(void)
{
    CHECK_STR(parse_err("beat:0"), "beats count from 1 (beat:1 is the first), got \"beat:0\"");
    CHECK_STR(parse_err("bar:0.5"), "bars count from 1 (bar:1 is the first), got \"bar:0.5\"");
    CHECK_STR(parse_err("beat:-2"), "expected a beat number like beat:16 after \"beat:\" in \"beat:-2\"");
    CHECK_STR(parse_err("beat:"), "expected a beat number like beat:16 after \"beat:\" in \"beat:\"");
    CHECK_STR(parse_err("drop*2"), "expected + or - and an offset after \"drop\", got \"*2\"");
    CHECK_STR(parse_err("drop+"), "expected an offset like 0.5s or 10f after \"+\" in \"drop+\"");
    CHECK_STR(parse_err("drop+intro"), "an offset must be a plain time like 0.5s or 10f, got \"intro\" in \"drop+intro\"");
    CHECK_STR(parse_err("intro.middle"), "expected .start or .end after \"intro\", got \".middle\"");
    CHECK_STR(parse_err("@"), "expected a layer id after \"@\" (letters, digits and _), got \"@\"");
    CHECK_STR(parse_err("beats:4"), "unknown time unit \"beats:\" (expected beat:N or bar:N)");
    CHECK_CONTAINS(parse_err("drop+1.5x"), "offset in \"drop+1.5x\": expected a time like 1.5s");
    CHECK_CONTAINS(parse_err("drop+2.5f"), "frame count must be a whole number");
}

static void test_rounds_once(void)
{
    /* 0.02 s + 0.02 s at 30 fps: each alone is 0.6 frames (rounds to 1), the
     * sum 1.2 frames rounds to 1, not 2. */
    exact_time a = secs("0.02s", FPS30), b = secs("20ms", FPS30), s;
    CHECK(exact_time_add(a, b, &s));
    CHECK_EQ_INT(frame_of(s, FPS30), 1);
    /* Ties round up on both sides of zero, like timeparse. */
    CHECK_EQ_INT(frame_of(exact_time_from_ratio(1, 60), FPS30), 1);
    CHECK_EQ_INT(frame_of(exact_time_from_ratio(-1, 60), FPS30), 0);
    CHECK_EQ_INT(frame_of(exact_time_from_ratio(-1, 20), FPS30), -1);
    /* Agrees with time_parse on plain times. */
    const char *plain[] = {"0.1s", "1.5", "250ms", "45f", "00:00:01.500", "01:30.250", "00:00:01:15", "7.15125s"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        int64_t direct;
        char err[300];
        CHECK(time_parse(plain[i], NTSC, false, &direct, err, sizeof err));
        CHECK_EQ_INT(frame_of(secs(plain[i], NTSC), NTSC), direct);
    }
}

static void test_beat_arithmetic(void)
{
    /* beat 16 at 128 bpm from 0.12 s: 0.12 + 15 x 60/128 = 7.15125 s = frame 214.5375 -> 215. */
    exact_time period, t, n = exact_time_from_ratio(15, 1);
    CHECK(exact_time_div(exact_time_from_ratio(60, 1), exact_time_from_ratio(128, 1), &period));
    CHECK(exact_time_mul(n, period, &t));
    CHECK(exact_time_add(t, secs("0.12s", FPS30), &t));
    CHECK_EQ_INT(t.num, 5721);
    CHECK_EQ_INT(t.den, 800);
    CHECK_EQ_INT(frame_of(t, FPS30), 215);
    CHECK(exact_time_cmp(t, exact_time_from_ratio(7, 1)) > 0);
}

static void test_overflow_is_refused(void)
{
    exact_time big = {(exact_int)1 << 120, 1}, out;
    CHECK(!exact_time_mul(big, big, &out));
    int64_t f;
    CHECK(!exact_time_to_frame(big, FPS30, &f));
}

int main(void)
{
    RUN(test_detects_expressions);
    RUN(test_marker_forms);
    RUN(test_offsets_sum_exactly);
    RUN(test_layer_and_music_forms);
    RUN(test_errors_say_what_was_expected);
    RUN(test_rounds_once);
    RUN(test_beat_arithmetic);
    RUN(test_overflow_is_refused);
    return CHECK_EXIT();
}
