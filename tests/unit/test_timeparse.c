/* Time strings and frame rates: exact frames under the documented rounding
 * rule (round half up of seconds x fps, from the decimal digits), and errors. */
#include "check.h"
#include "scene/timeparse.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>

static const rational FPS30 = { 30, 1 }, FPS25 = { 25, 1 }, FPS24 = { 24, 1 }, FPS60 = { 60, 1 };
static const rational NTSC = { 30000, 1001 }, FILM = { 24000, 1001 }, FPS2997 = { 2997, 100 };

static int64_t frame_of(const char *text, rational fps, bool neg_ok)
{
    int64_t f = INT64_MIN;
    char err[256] = "";
    bool ok = time_parse(text, fps, neg_ok, &f, err, sizeof err);
    if (!ok) fprintf(stderr, "  \"%s\" rejected: %s\n", text, err);
    CHECK(ok);
    return f;
}

static const char *time_err(const char *text, rational fps, bool neg_ok)
{
    static char err[256];
    int64_t f = 12345;
    err[0] = '\0';
    CHECK(!time_parse(text, fps, neg_ok, &f, err, sizeof err));
    CHECK_EQ_INT(f, 12345);   /* untouched on failure */
    return err;
}

static int64_t frame_of_seconds(double s, rational fps, bool neg_ok)
{
    int64_t f = INT64_MIN;
    char err[256] = "";
    bool ok = time_from_seconds(s, fps, neg_ok, &f, err, sizeof err);
    if (!ok) fprintf(stderr, "  %.17g rejected: %s\n", s, err);
    CHECK(ok);
    return f;
}

static void test_seconds_forms(void)
{
    CHECK_EQ_INT(frame_of("1.5s", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("1.5", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("0", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("0s", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("0.000", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("2s", FPS30, false), 60);
    CHECK_EQ_INT(frame_of("0.1s", FPS30, false), 3);
    CHECK_EQ_INT(frame_of("0.05s", FPS30, false), 2);          /* 1.5 -> 2 */
    CHECK_EQ_INT(frame_of("0.0166666s", FPS30, false), 0);     /* 0.499998 */
    CHECK_EQ_INT(frame_of("01.5s", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("1.5e-1s", FPS30, false), 5);        /* 4.5 -> 5 */
    CHECK_EQ_INT(frame_of("1e3", FPS30, false), 30000);
    CHECK_EQ_INT(frame_of("  1.5s  ", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("1.5s", FPS25, false), 38);          /* 37.5 */
    CHECK_EQ_INT(frame_of("0.02s", FPS25, false), 1);          /* 0.5 */
    CHECK_EQ_INT(frame_of("0.019999s", FPS25, false), 0);
    CHECK_EQ_INT(frame_of("1s", FPS24, false), 24);
    CHECK_EQ_INT(frame_of("0.0625s", FPS24, false), 2);        /* 1.5 */
    CHECK_EQ_INT(frame_of("1.5s", FPS60, false), 90);
    CHECK_EQ_INT(frame_of("1s", FPS2997, false), 30);          /* 29.97 */
    CHECK_EQ_INT(frame_of("0.5s", FPS2997, false), 15);        /* 14.985 */
}

static void test_binary_float_would_differ(void)
{
    /* 2.05 is 2.04999999999999982236431605997495353221893310546875 as a double;
     * 2.05 x 30 = 61.5 exactly, so the rule gives 62. */
    CHECK_EQ_INT(frame_of("2.05s", FPS30, false), 62);
    CHECK_EQ_INT(frame_of("8.45s", FPS30, false), 254);
    CHECK_EQ_INT(frame_of("16.65s", FPS30, false), 500);
    CHECK_EQ_INT(frame_of_seconds(2.05, FPS30, false), 62);
    CHECK_EQ_INT(frame_of_seconds(16.65, FPS30, false), 500);
    /* Digits far past double precision still decide. */
    CHECK_EQ_INT(frame_of("0.016666666666666666666666666667s", FPS30, false), 1);
    CHECK_EQ_INT(frame_of("0.016666666666666666666666666666s", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("0.01666666666666666666666666666666666666666666666666666666666666667s", FPS30, false), 1);
}

static void test_ntsc_rates(void)
{
    CHECK_EQ_INT(frame_of("0.1s", NTSC, false), 3);             /* 2.997 */
    CHECK_EQ_INT(frame_of("1s", NTSC, false), 30);              /* 29.97 */
    CHECK_EQ_INT(frame_of("60s", NTSC, false), 1798);           /* 1798.2 */
    CHECK_EQ_INT(frame_of("3600s", NTSC, false), 107892);       /* 107892.1 */
    CHECK_EQ_INT(frame_of("0.05005s", NTSC, false), 2);         /* exactly 1.5 */
    CHECK_EQ_INT(frame_of("50.05ms", NTSC, false), 2);
    CHECK_EQ_INT(frame_of("0.050049s", NTSC, false), 1);
    CHECK_EQ_INT(frame_of("-0.05005s", NTSC, true), -1);        /* -1.5 rounds up to -1 */
    CHECK_EQ_INT(frame_of("1.001s", FILM, false), 24);          /* exactly 24 */
    CHECK_EQ_INT(frame_of("0.02085417s", FILM, false), 1);      /* 0.50000...  */
    CHECK_EQ_INT(frame_of("0.0208541s", FILM, false), 0);       /* 0.49999... */
    CHECK_EQ_INT(frame_of_seconds(0.1, NTSC, false), 3);
    CHECK_EQ_INT(frame_of_seconds(0.05005, NTSC, false), 2);
}

static void test_frames_and_ms(void)
{
    CHECK_EQ_INT(frame_of("45f", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("45f", NTSC, false), 45);
    CHECK_EQ_INT(frame_of("0f", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("-3f", FPS30, true), -3);
    CHECK_EQ_INT(frame_of("9223372036854775807f", FPS30, false), INT64_MAX);
    CHECK_EQ_INT(frame_of("250ms", FPS30, false), 8);           /* 7.5 -> 8 */
    CHECK_EQ_INT(frame_of("249ms", FPS30, false), 7);
    CHECK_EQ_INT(frame_of("1000ms", FPS30, false), 30);
    CHECK_EQ_INT(frame_of("16.6666666ms", FPS60, false), 1);
    CHECK_EQ_INT(frame_of("8.3333333ms", FPS60, false), 0);
    CHECK_EQ_INT(frame_of("20.8334ms", FPS24, false), 1);
    CHECK_EQ_INT(frame_of("20.8333ms", FPS24, false), 0);
    CHECK_EQ_INT(frame_of("0.5ms", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("-250ms", FPS30, true), -7);          /* -7.5 rounds up to -7 */
}

static void test_timecode(void)
{
    CHECK_EQ_INT(frame_of("00:00:01.500", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("00:00:01.5", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("00:00:01", FPS30, false), 30);
    CHECK_EQ_INT(frame_of("00:01:00", FPS30, false), 1800);
    CHECK_EQ_INT(frame_of("01:00:00", FPS30, false), 108000);
    CHECK_EQ_INT(frame_of("1:00:00", FPS25, false), 90000);
    CHECK_EQ_INT(frame_of("100:00:00", FPS24, false), 8640000);
    CHECK_EQ_INT(frame_of("01:30.5", FPS30, false), 2715);      /* MM:SS.fff */
    CHECK_EQ_INT(frame_of("1:30.5", FPS30, false), 2715);
    CHECK_EQ_INT(frame_of("00:00.050", FPS30, false), 2);       /* 1.5 */
    CHECK_EQ_INT(frame_of("00:00:10.008", FPS60, false), 600);  /* 600.48 */
    CHECK_EQ_INT(frame_of("00:00:01.000", NTSC, false), 30);
    CHECK_EQ_INT(frame_of("00:01:00.000", NTSC, false), 1798);
    CHECK_EQ_INT(frame_of("-00:00:01.500", FPS30, true), -45);
}

static void test_smpte(void)
{
    CHECK_EQ_INT(frame_of("00:00:01:15", FPS30, false), 45);
    CHECK_EQ_INT(frame_of("00:00:00:00", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("00:00:00:29", FPS30, false), 29);
    CHECK_EQ_INT(frame_of("01:00:00:00", FPS30, false), 108000);
    CHECK_EQ_INT(frame_of("00:00:01:24", FPS25, false), 49);
    CHECK_EQ_INT(frame_of("00:00:01:23", FPS24, false), 47);
    CHECK_EQ_INT(frame_of("00:00:01:59", FPS60, false), 119);
    /* Non-drop at 29.97: 30 frame labels per timecode second. */
    CHECK_EQ_INT(frame_of("00:00:01:15", NTSC, false), 45);
    CHECK_EQ_INT(frame_of("00:00:01:29", NTSC, false), 59);
    CHECK_EQ_INT(frame_of("00:01:00:00", NTSC, false), 1800);
    CHECK_EQ_INT(frame_of("00:00:01:23", FILM, false), 47);
    CHECK_EQ_INT(frame_of("-00:00:01:15", FPS30, true), -45);
}

static void test_negative(void)
{
    CHECK_EQ_INT(frame_of("-1s", FPS30, true), -30);
    CHECK_EQ_INT(frame_of("-0.1s", FPS30, true), -3);
    CHECK_EQ_INT(frame_of("-0.02s", FPS25, true), 0);           /* -0.5 rounds up to 0 */
    CHECK_EQ_INT(frame_of("-0.06s", FPS25, true), -1);          /* -1.5 rounds up to -1 */
    CHECK_EQ_INT(frame_of("-0", FPS30, true), 0);
    CHECK_STR(time_err("-1s", FPS30, false), "negative time \"-1s\" is not allowed here");
    CHECK_STR(time_err("-45f", FPS30, false), "negative time \"-45f\" is not allowed here");
    CHECK_STR(time_err("-00:00:01", FPS30, false), "negative time \"-00:00:01\" is not allowed here");
}

static void test_errors(void)
{
    CHECK_STR(time_err("1.5x", FPS30, false),
              "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"1.5x\"");
    CHECK_STR(time_err("", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"\"");
    CHECK_STR(time_err(".5s", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \".5s\"");
    CHECK_STR(time_err("1.s", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"1.s\"");
    CHECK_STR(time_err("ms", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"ms\"");
    CHECK_STR(time_err("f", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"f\"");
    CHECK_STR(time_err("1.5 s", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"1.5 s\"");
    CHECK_STR(time_err("+1s", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"+1s\"");
    CHECK_STR(time_err("--1s", FPS30, true), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"--1s\"");
    CHECK_STR(time_err("nan", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"nan\"");
    CHECK_STR(time_err("1:2:3", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"1:2:3\"");
    CHECK_STR(time_err("00:00:01:15.5", FPS30, false),
              "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"00:00:01:15.5\"");
    CHECK_STR(time_err("00:00:00:00:00", FPS30, false),
              "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"00:00:00:00:00\"");
    CHECK_STR(time_err("00::01", FPS30, false), "expected a time like 1.5s, 45f, 250ms or 00:00:01.500, got \"00::01\"");
    CHECK_STR(time_err("45.5f", FPS30, false), "frame count must be a whole number, got \"45.5f\"");
    CHECK_STR(time_err("00:60:00", FPS30, false), "timecode minutes must be below 60, got \"00:60:00\"");
    CHECK_STR(time_err("00:00:60.5", FPS30, false), "timecode seconds must be below 60, got \"00:00:60.5\"");
    CHECK_STR(time_err("00:00:01:30", FPS30, false),
              "timecode frames must be below 30 at this frame rate, got \"00:00:01:30\"");
    CHECK_STR(time_err("00:00:01:25", FPS25, false),
              "timecode frames must be below 25 at this frame rate, got \"00:00:01:25\"");
    CHECK_STR(time_err("00:00:01:30", NTSC, false),
              "timecode frames must be below 30 at this frame rate, got \"00:00:01:30\"");
    CHECK_STR(time_err("01:30", FPS30, false),
              "ambiguous time \"01:30\": write HH:MM:SS (00:01:30) or MM:SS.fff (01:30.000)");
    CHECK_STR(time_err("1.5s", (rational){ 0, 1 }, false), "invalid frame rate");
    CHECK_STR(time_err("1.5s", (rational){ 30, 0 }, false), "invalid frame rate");
    CHECK(!time_parse(NULL, FPS30, false, &(int64_t){ 0 }, NULL, 0));
}

static void test_range(void)
{
    /* INT64_MAX / 30 = 307445734561825860.2... */
    CHECK_EQ_INT(frame_of("307445734561825860s", FPS30, false), INT64_C(9223372036854775800));
    CHECK_STR(time_err("307445734561825861s", FPS30, false), "time out of range");
    CHECK_STR(time_err("9223372036854775808f", FPS30, false), "time out of range");
    CHECK_STR(time_err("1e400s", FPS30, false), "time out of range");
    CHECK_STR(time_err("1e999999999999999999999s", FPS30, false), "time out of range");
    CHECK_STR(time_err("100000000000000000000000000000000000000000s", FPS30, false), "time out of range");
    CHECK_STR(time_err("99999999999999999999:00:00", FPS30, false), "time out of range");
    CHECK_STR(time_err("99999999999999999999:00:00:00", FPS30, false), "time out of range");
    CHECK_EQ_INT(frame_of("1e-400s", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("1e-999999999999999999999s", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("0e999999999", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("0.000000000000000000000000000000000000000000000000001e49s", FPS30, false), 0);
    CHECK_EQ_INT(frame_of("0.000000000000000000000000000000000000000000000000001e51s", FPS30, false), 30);
}

static void test_from_seconds(void)
{
    CHECK_EQ_INT(frame_of_seconds(1.5, FPS30, false), 45);
    CHECK_EQ_INT(frame_of_seconds(0.25, FPS30, false), 8);
    CHECK_EQ_INT(frame_of_seconds(1.0 / 3.0, FPS30, false), 10);
    CHECK_EQ_INT(frame_of_seconds(0.1 + 0.2, FPS30, false), 9);
    CHECK_EQ_INT(frame_of_seconds(0.0, FPS30, false), 0);
    CHECK_EQ_INT(frame_of_seconds(-0.0, FPS30, false), 0);
    CHECK_EQ_INT(frame_of_seconds(1e-300, FPS30, false), 0);
    CHECK_EQ_INT(frame_of_seconds(5e-324, FPS30, false), 0);
    CHECK_EQ_INT(frame_of_seconds(1e-5, FPS30, false), 0);
    CHECK_EQ_INT(frame_of_seconds(123456.789, FPS30, false), 3703704);   /* 3703703.67 */
    CHECK_EQ_INT(frame_of_seconds(1e15, FPS30, false), INT64_C(30000000000000000));
    CHECK_EQ_INT(frame_of_seconds(-0.05005, NTSC, true), -1);
    CHECK_EQ_INT(frame_of_seconds(-2.05, FPS30, true), -61);

    int64_t f = 7;
    char err[128];
    CHECK(!time_from_seconds(-1.0, FPS30, false, &f, err, sizeof err));
    CHECK_STR(err, "negative time -1 is not allowed here");
    CHECK(!time_from_seconds(-0.25, FPS30, false, &f, err, sizeof err));
    CHECK_STR(err, "negative time -0.25 is not allowed here");
    CHECK(!time_from_seconds(NAN, FPS30, true, &f, err, sizeof err));
    CHECK_STR(err, "time is not a number");
    CHECK(!time_from_seconds(INFINITY, FPS30, true, &f, err, sizeof err));
    CHECK_STR(err, "time out of range");
    CHECK(!time_from_seconds(1e300, FPS30, true, &f, err, sizeof err));
    CHECK_STR(err, "time out of range");
    CHECK_EQ_INT(f, 7);
}

static void test_from_seconds_matches_strings(void)
{
    /* Every millisecond value from 0 to 10 s agrees with its text form. */
    static const rational rates[] = { { 30, 1 }, { 25, 1 }, { 24, 1 }, { 60, 1 }, { 30000, 1001 }, { 24000, 1001 } };
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        bool all = true;
        for (int ms = 0; ms <= 10000; ms++) {
            char text[32];
            snprintf(text, sizeof text, "%d.%03ds", ms / 1000, ms % 1000);
            double s = (double)ms / 1000.0;
            int64_t a = 0, b = 0;
            bool ok = time_parse(text, rates[r], false, &a, NULL, 0) &&
                      time_from_seconds(s, rates[r], false, &b, NULL, 0);
            if (!ok || a != b) {
                if (all) fprintf(stderr, "  %s: %lld vs %lld\n", text, (long long)a, (long long)b);
                all = false;
            }
        }
        CHECK(all);
    }
}

static void test_fps_parse(void)
{
    rational r = { 0, 0 };
    char err[256];
    static const struct { const char *text; int64_t num, den; } good[] = {
        { "30", 30, 1 }, { "29.97", 2997, 100 }, { "30000/1001", 30000, 1001 },
        { "60000/2002", 30000, 1001 }, { "25.0", 25, 1 }, { "23.976", 2997, 125 },
        { "24000/1001", 24000, 1001 }, { "1000", 1000, 1 }, { "0.5", 1, 2 },
        { "12.50", 25, 2 }, { " 24 ", 24, 1 }, { "030", 30, 1 }, { "1000/1", 1000, 1 },
        { "1/1001", 1, 1001 }, { "59.94", 2997, 50 }, { "1000.000", 1000, 1 },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        bool ok = fps_parse(good[i].text, &r, err, sizeof err);
        if (!ok) fprintf(stderr, "  fps \"%s\" rejected: %s\n", good[i].text, err);
        CHECK(ok);
        CHECK_EQ_INT(r.num, good[i].num);
        CHECK_EQ_INT(r.den, good[i].den);
    }
    CHECK(!fps_parse("abc", &r, err, sizeof err));
    CHECK_STR(err, "expected a frame rate like 30, 29.97 or 30000/1001, got \"abc\"");
    CHECK(!fps_parse("-30", &r, err, sizeof err));
    CHECK_STR(err, "expected a frame rate like 30, 29.97 or 30000/1001, got \"-30\"");
    CHECK(!fps_parse("30fps", &r, err, sizeof err));
    CHECK_STR(err, "expected a frame rate like 30, 29.97 or 30000/1001, got \"30fps\"");
    CHECK(!fps_parse("29.", &r, err, sizeof err));
    CHECK_STR(err, "expected a frame rate like 30, 29.97 or 30000/1001, got \"29.\"");
    CHECK(!fps_parse("", &r, err, sizeof err));
    CHECK_STR(err, "expected a frame rate like 30, 29.97 or 30000/1001, got \"\"");
    CHECK(!fps_parse("0", &r, err, sizeof err));
    CHECK_STR(err, "frame rate must be greater than 0 and at most 1000, got \"0\"");
    CHECK(!fps_parse("0.000", &r, err, sizeof err));
    CHECK_STR(err, "frame rate must be greater than 0 and at most 1000, got \"0.000\"");
    CHECK(!fps_parse("1000.001", &r, err, sizeof err));
    CHECK_STR(err, "frame rate must be greater than 0 and at most 1000, got \"1000.001\"");
    CHECK(!fps_parse("2001/2", &r, err, sizeof err));
    CHECK_STR(err, "frame rate must be greater than 0 and at most 1000, got \"2001/2\"");
    CHECK(!fps_parse("99999999999999999999999", &r, err, sizeof err));
    CHECK_STR(err, "frame rate must be greater than 0 and at most 1000, got \"99999999999999999999999\"");
    CHECK(!fps_parse("30/0", &r, err, sizeof err));
    CHECK_STR(err, "frame rate denominator must be greater than 0, got \"30/0\"");
    CHECK(!fps_parse("29.9700000000000000001", &r, err, sizeof err));
    CHECK_STR(err, "frame rate has too many digits, got \"29.9700000000000000001\"");
    CHECK(!fps_parse(NULL, &r, err, sizeof err));
    CHECK_STR(err, "expected a frame rate like 30, 29.97 or 30000/1001, got nothing");
}

static void test_frame_to_seconds(void)
{
    CHECK(frame_to_seconds(45, FPS30) == 1.5);
    CHECK(frame_to_seconds(0, NTSC) == 0.0);
    CHECK(frame_to_seconds(-30, FPS30) == -1.0);
    CHECK_NEAR(frame_to_seconds(3, NTSC), 0.1001, 1e-15);
    CHECK_NEAR(frame_to_seconds(107892, NTSC), 3599.9964, 1e-9);
    CHECK(frame_to_seconds(INT64_C(30000000000000000), FPS30) == 1e15);
    CHECK(frame_to_seconds(1, FPS2997) == 100.0 / 2997.0);
    /* Round trip through the rule: frame f at time(f) is f again. */
    bool all = true;
    for (int64_t f = 0; f < 5000; f++)
        if (frame_of_seconds(frame_to_seconds(f, NTSC), NTSC, false) != f) all = false;
    CHECK(all);
}

static void test_locale_independent(void)
{
    const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "de_DE" };
    bool set = false;
    for (size_t i = 0; i < 4 && !set; i++) set = setlocale(LC_ALL, locales[i]) != NULL;
    CHECK_EQ_INT(frame_of_seconds(1.5, FPS30, false), 45);
    CHECK_EQ_INT(frame_of("1.5s", FPS30, false), 45);
    if (set) setlocale(LC_ALL, "C");
}

int main(void)
{
    RUN(test_seconds_forms);
    RUN(test_binary_float_would_differ);
    RUN(test_ntsc_rates);
    RUN(test_frames_and_ms);
    RUN(test_timecode);
    RUN(test_smpte);
    RUN(test_negative);
    RUN(test_errors);
    RUN(test_range);
    RUN(test_from_seconds);
    RUN(test_from_seconds_matches_strings);
    RUN(test_fps_parse);
    RUN(test_frame_to_seconds);
    RUN(test_locale_independent);
    return CHECK_EXIT();
}
