/* Tiny unit-test helpers. Each test file's main() calls RUN(fn) for each test;
 * a test passes when none of its CHECKs fails. The runner (tests/run.py) reads
 * the "PASS name" / "FAIL name" lines and counts them. */
#ifndef REEL_TEST_CHECK_H
#define REEL_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failed_;
static int check_total_failed_;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    check_failed_ = 1; } } while (0)

#define CHECK_EQ_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); if (a_ != b_) { \
    fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
    check_failed_ = 1; } } while (0)

#define CHECK_NEAR(a, b, eps) do { double a_ = (a), b_ = (b); if (!(fabs(a_ - b_) <= (eps))) { \
    fprintf(stderr, "  %s:%d: %s == %.17g, expected %.17g (+-%g)\n", __FILE__, __LINE__, #a, a_, b_, (double)(eps)); \
    check_failed_ = 1; } } while (0)

#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); if (!a_ || !b_ || strcmp(a_, b_) != 0) { \
    fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
    check_failed_ = 1; } } while (0)

#define CHECK_CONTAINS(hay, needle) do { const char *h_ = (hay), *n_ = (needle); if (!h_ || !strstr(h_, n_)) { \
    fprintf(stderr, "  %s:%d: %s == \"%s\", expected to contain \"%s\"\n", __FILE__, __LINE__, #hay, h_ ? h_ : "(null)", n_); \
    check_failed_ = 1; } } while (0)

#define RUN(fn) do { check_failed_ = 0; fn(); \
    printf("%s %s\n", check_failed_ ? "FAIL" : "PASS", #fn); fflush(stdout); \
    check_total_failed_ |= check_failed_; } while (0)

#define CHECK_EXIT() (check_total_failed_ ? 1 : 0)

#endif
