/* Tests for util/numparse: the JSON number grammar, correct rounding, shortest
 * round-trip formatting, independence from LC_NUMERIC, and thread safety. */
#include "check.h"

#include "util/numparse.h"

#include <float.h>
#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static double bits_to_double(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* Parses a NUL-terminated string; reports the text when the outcome differs. */
static void expect_parse(const char *text, bool allow_plus, double expected, int line)
{
    double got = 12345.0;
    if (!num_parse(text, strlen(text), allow_plus, &got)) {
        fprintf(stderr, "  %s:%d: num_parse(\"%s\") failed\n", __FILE__, line, text);
        check_failed_ = 1;
    } else if (!same_bits(got, expected)) {
        fprintf(stderr, "  %s:%d: num_parse(\"%s\") == %.17g, expected %.17g\n", __FILE__, line,
                text, got, expected);
        check_failed_ = 1;
    }
}

static void expect_reject(const char *text, bool allow_plus, int line)
{
    double got = 12345.0;
    if (num_parse(text, strlen(text), allow_plus, &got)) {
        fprintf(stderr, "  %s:%d: num_parse(\"%s\") accepted it as %.17g\n", __FILE__, line, text,
                got);
        check_failed_ = 1;
    } else if (got != 12345.0) {
        fprintf(stderr, "  %s:%d: num_parse(\"%s\") wrote *out on failure\n", __FILE__, line, text);
        check_failed_ = 1;
    }
}

static void expect_format(double v, const char *expected, int line)
{
    char buf[64];
    int n = num_format(buf, sizeof buf, v);
    if (strcmp(buf, expected) != 0 || n != (int)strlen(expected)) {
        fprintf(stderr, "  %s:%d: num_format(%.17g) == \"%s\" (%d), expected \"%s\"\n", __FILE__,
                line, v, buf, n, expected);
        check_failed_ = 1;
    }
}

#define EXPECT_PARSE(text, plus, value) expect_parse(text, plus, value, __LINE__)
#define EXPECT_REJECT(text, plus) expect_reject(text, plus, __LINE__)
#define EXPECT_FORMAT(value, text) expect_format(value, text, __LINE__)

static void test_parse_values(void)
{
    EXPECT_PARSE("0", false, 0.0);
    EXPECT_PARSE("-0", false, -0.0);
    EXPECT_PARSE("0.1", false, 0.1);
    EXPECT_PARSE("1.5", false, 1.5);
    EXPECT_PARSE("-3", false, -3.0);
    EXPECT_PARSE("100", false, 100.0);
    EXPECT_PARSE("-12.5e3", false, -12500.0);
    EXPECT_PARSE("1E2", false, 100.0);
    EXPECT_PARSE("1e+2", false, 100.0);
    EXPECT_PARSE("25e-2", false, 0.25);
    EXPECT_PARSE("0e999999", false, 0.0);
    EXPECT_PARSE("1e308", false, 1e308);
    EXPECT_PARSE("1.7976931348623157e308", false, DBL_MAX);
    EXPECT_PARSE("-1.7976931348623157e308", false, -DBL_MAX);
    EXPECT_PARSE("2.2250738585072014e-308", false, DBL_MIN);
    EXPECT_PARSE("5e-324", false, bits_to_double(1));
    EXPECT_PARSE("4.9406564584124654e-324", false, bits_to_double(1));
    EXPECT_PARSE("+3", true, 3.0);
    EXPECT_PARSE("+0.5e1", true, 5.0);
    EXPECT_PARSE("-0.0", true, -0.0);
}

static void test_parse_correct_rounding(void)
{
    /* 2^53 + 1 lies halfway between two doubles: ties go to the even one. */
    EXPECT_PARSE("9007199254740993", false, 9007199254740992.0);
    EXPECT_PARSE("9007199254740995", false, 9007199254740996.0);
    EXPECT_PARSE("0.30000000000000004", false, 0.1 + 0.2);
    EXPECT_PARSE("2.2250738585072011e-308", false, bits_to_double(0x000FFFFFFFFFFFFFu));
    /* Just above half of the smallest subnormal rounds up to it. */
    EXPECT_PARSE("2.4703282292062328e-324", false, bits_to_double(1));
    /* Below half rounds to zero: underflow gives the rounded value, not an error. */
    EXPECT_PARSE("2e-324", false, 0.0);
    EXPECT_PARSE("1e-400", false, 0.0);
    EXPECT_PARSE("-1e-400", false, -0.0);

    /* A long significand: 0.1 written with 800 digits of trailing zeros and
     * then a 1 still rounds to the double nearest 0.1. */
    char longtext[1024] = "0.1";
    size_t n = strlen(longtext);
    memset(longtext + n, '0', 800);
    longtext[n + 800] = '1';
    longtext[n + 801] = '\0';
    EXPECT_PARSE(longtext, false, 0.1);

    /* Only s[0..len) is read, even when digits follow. */
    double d = 0;
    CHECK(num_parse("12345", 2, false, &d));
    CHECK(d == 12.0);
    CHECK(num_parse("1.5e3xyz", 5, false, &d));
    CHECK(d == 1500.0);
}

static void test_parse_rejections(void)
{
    EXPECT_REJECT("1.", false);
    EXPECT_REJECT(".5", false);
    EXPECT_REJECT("01", false);
    EXPECT_REJECT("-01", false);
    EXPECT_REJECT("00", false);
    EXPECT_REJECT("1e", false);
    EXPECT_REJECT("1e+", false);
    EXPECT_REJECT("1E-", false);
    EXPECT_REJECT("+1", false);
    EXPECT_REJECT(" 1", false);
    EXPECT_REJECT("1 ", false);
    EXPECT_REJECT("0x10", false);
    EXPECT_REJECT("inf", false);
    EXPECT_REJECT("-inf", false);
    EXPECT_REJECT("infinity", true);
    EXPECT_REJECT("nan", false);
    EXPECT_REJECT("NaN", true);
    EXPECT_REJECT("1,5", false);
    EXPECT_REJECT("", false);
    EXPECT_REJECT("-", false);
    EXPECT_REJECT("+", true);
    EXPECT_REJECT("--1", false);
    EXPECT_REJECT("+-1", true);
    EXPECT_REJECT("++1", true);
    EXPECT_REJECT("0.e1", false);
    EXPECT_REJECT("1.5.2", false);
    EXPECT_REJECT("1e1.5", false);
    EXPECT_REJECT("1e309", false);
    EXPECT_REJECT("-1e309", false);
    EXPECT_REJECT("1.8e308", false);
    EXPECT_REJECT("1e99999999999999999999", false);

    double d = 7;
    CHECK(!num_parse(NULL, 0, false, &d));
    CHECK(!num_parse("1", 1, false, NULL));
    /* An embedded NUL ends nothing early: the whole length must be a number. */
    CHECK(!num_parse("1\0" "2", 3, false, &d));
    CHECK(d == 7);
}

static void test_format_shortest(void)
{
    EXPECT_FORMAT(0.1, "0.1");
    EXPECT_FORMAT(1.5, "1.5");
    EXPECT_FORMAT(-3.0, "-3");
    EXPECT_FORMAT(1e21, "1e+21");
    EXPECT_FORMAT(100.0, "100");
    EXPECT_FORMAT(0.1 + 0.2, "0.30000000000000004");
    EXPECT_FORMAT(bits_to_double(1), "5e-324");
    EXPECT_FORMAT(0.0, "0");
    EXPECT_FORMAT(-0.0, "-0");
    EXPECT_FORMAT(1e20, "100000000000000000000");
    EXPECT_FORMAT(123456789012.0, "123456789012");
    EXPECT_FORMAT(9007199254740992.0, "9007199254740992");
    EXPECT_FORMAT(0.000001, "0.000001");
    EXPECT_FORMAT(0.0000001, "1e-7");
    EXPECT_FORMAT(0.000123, "0.000123");
    EXPECT_FORMAT(1.5e-10, "1.5e-10");
    EXPECT_FORMAT(123.456, "123.456");
    EXPECT_FORMAT(-0.5, "-0.5");
    EXPECT_FORMAT(1e100, "1e+100");
    EXPECT_FORMAT(1.25e22, "1.25e+22");
    EXPECT_FORMAT(DBL_MAX, "1.7976931348623157e+308");
    EXPECT_FORMAT(DBL_MIN, "2.2250738585072014e-308");
    EXPECT_FORMAT(1.0 / 3.0, "0.3333333333333333");
    EXPECT_FORMAT(2.0 / 3.0, "0.6666666666666666");
    EXPECT_FORMAT(29.97, "29.97");
    EXPECT_FORMAT(1920.0, "1920");
}

static void test_format_special_and_truncation(void)
{
    EXPECT_FORMAT(NAN, "nan");
    EXPECT_FORMAT(INFINITY, "inf");
    EXPECT_FORMAT(-INFINITY, "-inf");

    /* Like snprintf: the full length comes back, the text is cut to fit. */
    char small[4];
    CHECK_EQ_INT(num_format(small, sizeof small, 0.1 + 0.2), 19);
    CHECK_STR(small, "0.3");
    CHECK_EQ_INT(num_format(NULL, 0, 1e21), 5);
    char one[1] = { 'x' };
    CHECK_EQ_INT(num_format(one, sizeof one, 42.0), 2);
    CHECK_EQ_INT(one[0], '\0');
}

/* A 64-bit LCG (Knuth's MMIX constants) so the sample is the same every run. */
static uint64_t lcg_next(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state;
}

static void test_round_trip_random_bits(void)
{
    uint64_t state = 20240601;
    int checked = 0, failures = 0;
    for (int i = 0; i < 100000; i++) {
        /* The high half of two steps: the low bits of an LCG cycle quickly. */
        uint64_t bits = (lcg_next(&state) & 0xFFFFFFFF00000000u) | (lcg_next(&state) >> 32);
        double v = bits_to_double(bits);
        if (isnan(v) || isinf(v))
            continue;
        char buf[32];
        int n = num_format(buf, sizeof buf, v);
        double back = 0;
        bool ok = n > 0 && n < (int)sizeof buf && num_parse(buf, (size_t)n, false, &back) &&
                  same_bits(back, v);
        if (!ok && failures++ < 5) {
            fprintf(stderr, "  round trip failed for bits %016llx: \"%s\"\n",
                    (unsigned long long)bits, buf);
        }
        checked++;
    }
    CHECK_EQ_INT(failures, 0);
    CHECK(checked > 99000);
}

/* Shortest: the double nearest a short decimal prints as that decimal. */
static void test_format_is_shortest(void)
{
    uint64_t state = 7;
    int failures = 0;
    for (int i = 0; i < 20000; i++) {
        /* Decimals with few digits, the kind scenes contain. */
        double v = (double)((int64_t)(lcg_next(&state) >> 44) - 500000) / 1000.0;
        char buf[32];
        num_format(buf, sizeof buf, v);
        char expect[32];
        /* %.3f then trimmed trailing zeros is the short form for these values. */
        snprintf(expect, sizeof expect, "%.3f", v);
        char *end = expect + strlen(expect) - 1;
        while (*end == '0')
            *end-- = '\0';
        if (*end == '.')
            *end = '\0';
        if (strcmp(expect, "-0") == 0)
            strcpy(expect, "0");
        if (strcmp(buf, expect) != 0 && failures++ < 5)
            fprintf(stderr, "  num_format(%.17g) == \"%s\", expected \"%s\"\n", v, buf, expect);
    }
    CHECK_EQ_INT(failures, 0);
}

/* Finds an installed locale whose decimal point is not '.'; NULL if none. */
static const char *set_comma_locale(void)
{
    static const char *const candidates[] = {
        "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
    };
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (setlocale(LC_NUMERIC, candidates[i]))
            return candidates[i];
    return NULL;
}

static void test_locale_independence(void)
{
    const char *name = set_comma_locale();
    if (!name) {
        printf("note: no de_DE/fr_FR locale installed; locale check ran in the C locale only\n");
    } else {
        /* Prove the locale is really active: the C library now uses ','. */
        CHECK_STR(localeconv()->decimal_point, ",");
    }

    EXPECT_PARSE("0.5", false, 0.5);
    EXPECT_PARSE("-12.5e3", false, -12500.0);
    EXPECT_REJECT("0,5", false);
    EXPECT_REJECT("1,5", false);
    EXPECT_FORMAT(1.5, "1.5");
    EXPECT_FORMAT(0.1, "0.1");
    EXPECT_FORMAT(0.1 + 0.2, "0.30000000000000004");
    EXPECT_FORMAT(1.25e22, "1.25e+22");

    /* Round trips hold under the foreign locale too. */
    uint64_t state = 99;
    int failures = 0;
    for (int i = 0; i < 2000; i++) {
        double v = bits_to_double(lcg_next(&state) & 0x7FEFFFFFFFFFFFFFu);
        char buf[32];
        int n = num_format(buf, sizeof buf, v);
        double back;
        if (strchr(buf, ',') || !num_parse(buf, (size_t)n, false, &back) || !same_bits(back, v))
            failures++;
    }
    CHECK_EQ_INT(failures, 0);

    /* The process locale is left as we set it. */
    if (name)
        CHECK_STR(localeconv()->decimal_point, ",");
    setlocale(LC_NUMERIC, "C");
}

typedef struct thread_job {
    uint64_t seed;
    int failures;
} thread_job;

static void *round_trip_worker(void *arg)
{
    thread_job *job = arg;
    uint64_t state = job->seed;
    for (int i = 0; i < 20000; i++) {
        double v = bits_to_double(lcg_next(&state) & 0xFFEFFFFFFFFFFFFFu);
        char buf[32];
        int n = num_format(buf, sizeof buf, v);
        double back;
        if (!num_parse(buf, (size_t)n, false, &back) || !same_bits(back, v))
            job->failures++;
    }
    return NULL;
}

static void test_threads(void)
{
    enum { THREADS = 4 };
    pthread_t threads[THREADS];
    thread_job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i].seed = 1000u + (uint64_t)i;
        jobs[i].failures = 0;
        CHECK_EQ_INT(pthread_create(&threads[i], NULL, round_trip_worker, &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK_EQ_INT(jobs[i].failures, 0);
    }
}

static void test_css_numbers(void)
{
    double v = 0;
    CHECK(num_parse_css(".5", 2, &v) && v == 0.5);
    CHECK(num_parse_css("+.25", 4, &v) && v == 0.25);
    CHECK(num_parse_css("5.", 2, &v) && v == 5.0);
    CHECK(num_parse_css("-007", 4, &v) && v == -7.0);
    CHECK(num_parse_css("1e2", 3, &v) && v == 100.0);
    CHECK(num_parse_css("0.1", 3, &v) && v == 0.1);
    CHECK(!num_parse_css(".", 1, &v));
    CHECK(!num_parse_css("", 0, &v));
    CHECK(!num_parse_css("1,5", 3, &v));
    CHECK(!num_parse_css("0x1", 3, &v));
    CHECK(!num_parse_css("inf", 3, &v));
    CHECK(!num_parse_css("1e", 2, &v));
}

int main(void)
{
    RUN(test_parse_values);
    RUN(test_parse_correct_rounding);
    RUN(test_parse_rejections);
    RUN(test_format_shortest);
    RUN(test_format_special_and_truncation);
    RUN(test_round_trip_random_bits);
    RUN(test_format_is_shortest);
    RUN(test_locale_independence);
    RUN(test_threads);
    RUN(test_css_numbers);
    return CHECK_EXIT();
}
