/* Time expressions and exact time arithmetic (see time_expr.h).
 *
 * Exact sums need exact terms. Decimal seconds are read through time_parse at
 * a "frame rate" of 10^12, i.e. to the picosecond (a thousand million times
 * finer than any frame, so in practice exact); frames and SMPTE timecode are
 * read at the scene's rate and kept as frames / fps. Values are reduced
 * fractions in 128-bit integers; every operation checks for overflow, which
 * only absurd times reach. */
#include "scene/time_expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/numparse.h"

#define PICO 1000000000000LL

static bool fail(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errsize, const char *fmt, ...)
{
    if (err && errsize > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* ---- exact arithmetic ---- */

static exact_int iabs(exact_int x) { return x < 0 ? -x : x; }

static exact_int gcd(exact_int a, exact_int b)
{
    a = iabs(a);
    b = iabs(b);
    while (b) {
        exact_int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static exact_time reduce(exact_int num, exact_int den)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    exact_int g = gcd(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    return (exact_time){num, den};
}

exact_time exact_time_from_ratio(int64_t num, int64_t den) { return reduce(num, den); }

exact_time exact_time_from_frames(int64_t frames, rational fps)
{
    return reduce((exact_int)frames * fps.den, fps.num);
}

bool exact_time_add(exact_time a, exact_time b, exact_time *out)
{
    exact_int g = gcd(a.den, b.den), x, y, n, d;
    if (__builtin_mul_overflow(a.num, b.den / g, &x) || __builtin_mul_overflow(b.num, a.den / g, &y) ||
        __builtin_add_overflow(x, y, &n) || __builtin_mul_overflow(a.den / g, b.den, &d))
        return false;
    *out = reduce(n, d);
    return true;
}

bool exact_time_mul(exact_time a, exact_time b, exact_time *out)
{
    /* Cross-reduce first so that the products stay small. */
    exact_int g1 = gcd(a.num, b.den), g2 = gcd(b.num, a.den);
    if (g1 == 0) g1 = 1;
    if (g2 == 0) g2 = 1;
    exact_int n, d;
    if (__builtin_mul_overflow(a.num / g1, b.num / g2, &n) || __builtin_mul_overflow(a.den / g2, b.den / g1, &d))
        return false;
    *out = reduce(n, d);
    return true;
}

bool exact_time_div(exact_time a, exact_time b, exact_time *out)
{
    if (b.num == 0)
        return false;
    return exact_time_mul(a, reduce(b.den, b.num), out);
}

int exact_time_cmp(exact_time a, exact_time b)
{
    exact_time d;
    if (!exact_time_add(a, (exact_time){-b.num, b.den}, &d))
        return a.num < 0 ? -1 : 1;   /* only absurd values overflow; order by sign */
    return (d.num > 0) - (d.num < 0);
}

static exact_int floor_div(exact_int a, exact_int b)   /* b > 0 */
{
    exact_int q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

bool exact_time_to_frame(exact_time t, rational fps, int64_t *frame)
{
    /* floor(t * fps + 1/2) = floor((2 * num * fps.num + den * fps.den) / (2 * den * fps.den)) */
    exact_int a, b, n, d;
    if (__builtin_mul_overflow(t.num, (exact_int)2 * fps.num, &a) || __builtin_mul_overflow(t.den, (exact_int)fps.den, &b) ||
        __builtin_add_overflow(a, b, &n) || __builtin_mul_overflow(b, (exact_int)2, &d))
        return false;
    exact_int q = floor_div(n, d);
    if (q > INT64_MAX || q < -INT64_MAX)
        return false;
    *frame = (int64_t)q;
    return true;
}

/* ---- plain times as exact values ---- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool exact_time_parse(const char *text, rational fps, bool allow_negative, exact_time *out,
                      char *err, size_t errsize)
{
    size_t len = strlen(text), colons = 0;
    while (len > 0 && is_space(text[len - 1]))
        len--;
    for (size_t i = 0; i < len; i++)
        colons += text[i] == ':';
    int64_t v;
    /* Frames and SMPTE timecode count frames of the scene. */
    if ((len > 0 && text[len - 1] == 'f') || colons == 3) {
        if (!time_parse(text, fps, allow_negative, &v, err, errsize))
            return false;
        *out = exact_time_from_frames(v, fps);
        return true;
    }
    if (!time_parse(text, (rational){PICO, 1}, allow_negative, &v, err, errsize))
        return false;
    *out = reduce(v, PICO);
    return true;
}

bool exact_time_from_seconds(double seconds, bool allow_negative, exact_time *out, char *err, size_t errsize)
{
    int64_t v;
    if (!time_from_seconds(seconds, (rational){PICO, 1}, allow_negative, &v, err, errsize))
        return false;
    *out = reduce(v, PICO);
    return true;
}

/* ---- expressions ---- */

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_name_char(char c) { return is_alpha(c) || is_digit(c); }

bool time_expr_is_expression(const char *text)
{
    while (*text && is_space(*text))
        text++;
    return is_alpha(*text) || *text == '@';
}

/* Reads "digits[.digits]" at *p as an exact number. */
static bool read_count(const char **p, exact_time *out)
{
    const char *s = *p;
    exact_int num = 0, den = 1;
    size_t n = 0;
    while (is_digit(*s)) {
        if (++n > 12)
            return false;
        num = num * 10 + (*s++ - '0');
    }
    if (n == 0)
        return false;
    if (*s == '.') {
        s++;
        size_t f = 0;
        while (is_digit(*s)) {
            if (++f > 9)
                return false;
            num = num * 10 + (*s++ - '0');
            den *= 10;
        }
        if (f == 0)
            return false;
    }
    *out = reduce(num, den);
    *p = s;
    return true;
}

/* Where the offset starting at s ends: at the next + or - that is not the
 * sign of an exponent ("1e-3s"). */
static const char *term_end(const char *s)
{
    for (const char *c = s; *c; c++)
        if ((*c == '+' || *c == '-') && !(c > s && (c[-1] == 'e' || c[-1] == 'E') && c - 1 > s && is_digit(c[-2])))
            return c;
    return s + strlen(s);
}

bool time_expr_parse(const char *text, rational fps, time_expr *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    out->offset = (exact_time){0, 1};
    const char *p = text;
    while (is_space(*p))
        p++;
    const char *base_start = p;
    if (strncmp(p, "beat:", 5) == 0 || strncmp(p, "bar:", 4) == 0) {
        bool beat = p[1] == 'e';
        out->base = beat ? TIME_BASE_BEAT : TIME_BASE_BAR;
        p += beat ? 5 : 4;
        if (!read_count(&p, &out->count))
            return fail(err, errsize, "expected a %s number like %s:%s after \"%s:\" in \"%s\"", beat ? "beat" : "bar",
                        beat ? "beat" : "bar", beat ? "16" : "4", beat ? "beat" : "bar", text);
        if (exact_time_cmp(out->count, (exact_time){1, 1}) < 0)
            return fail(err, errsize, "%ss count from 1 (%s:1 is the first), got \"%s\"", beat ? "beat" : "bar",
                        beat ? "beat" : "bar", text);
    } else {
        bool layer = *p == '@';
        if (layer)
            p++;
        out->base = layer ? TIME_BASE_LAYER : TIME_BASE_MARKER;
        const char *name = p;
        if (!is_name_char(*p))
            return fail(err, errsize, "expected a layer id after \"@\" (letters, digits and _), got \"%s\"", text);
        while (is_name_char(*p))
            p++;
        size_t n = (size_t)(p - name);
        if (n > TIME_EXPR_NAME_MAX)
            return fail(err, errsize, "name in \"%.80s\" is longer than %d characters", text, TIME_EXPR_NAME_MAX);
        memcpy(out->name, name, n);
        out->name[n] = '\0';
        if (*p == '.') {
            if (strncmp(p, ".start", 6) == 0 && !is_name_char(p[6])) {
                p += 6;
            } else if (strncmp(p, ".end", 4) == 0 && !is_name_char(p[4])) {
                out->edge_end = true;
                p += 4;
            } else {
                return fail(err, errsize, "expected .start or .end after \"%.*s\", got \"%s\"", (int)(p - base_start),
                            base_start, p);
            }
            out->edge_given = true;
        } else if (*p == ':') {
            return fail(err, errsize, "unknown time unit \"%s:\" (expected beat:N or bar:N)", out->name);
        }
    }
    int base_len = (int)(p - base_start);
    for (;;) {
        while (is_space(*p))
            p++;
        if (!*p)
            return true;
        if (*p != '+' && *p != '-')
            return fail(err, errsize, "expected + or - and an offset after \"%.*s\", got \"%s\"", base_len, base_start, p);
        bool minus = *p++ == '-';
        const char *end = term_end(p);
        char term[80];
        size_t n = (size_t)(end - p);
        if (n >= sizeof term)
            return fail(err, errsize, "offset \"%.40s...\" is too long", p);
        memcpy(term, p, n);
        term[n] = '\0';
        const char *t = term;
        while (is_space(*t))
            t++;
        if (!*t)
            return fail(err, errsize, "expected an offset like 0.5s or 10f after \"%c\" in \"%s\"", minus ? '-' : '+', text);
        if (time_expr_is_expression(t))
            return fail(err, errsize, "an offset must be a plain time like 0.5s or 10f, got \"%s\" in \"%s\"", t, text);
        exact_time v;
        char e2[300];
        if (!exact_time_parse(t, fps, false, &v, e2, sizeof e2))
            return fail(err, errsize, "offset in \"%s\": %s", text, e2);
        if (minus)
            v.num = -v.num;
        if (!exact_time_add(out->offset, v, &out->offset))
            return fail(err, errsize, "time out of range");
        p = end;
    }
}
