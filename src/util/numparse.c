/* Locale-independent number text <-> double.
 *
 * Parsing checks the JSON number grammar itself, then lets strtod_l convert the
 * text under a private "C" locale object: glibc's conversion is correctly
 * rounded, and the locale object keeps LC_NUMERIC (a ',' decimal point in
 * de_DE) out of it. Formatting asks printf for 1, 2, ... 17 significant digits
 * under that same locale (switched on for the calling thread only) and keeps the
 * first digit string that reads back to the identical double, then lays the
 * digits out the way JavaScript does: plain decimals for everyday magnitudes,
 * exponent form only for very large or very small ones. */
#include "util/numparse.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Created once, never freed: a process-lifetime constant ((locale_t)0 when
 * newlocale failed, in which case we fall back to the global locale and
 * translate the decimal point by hand). */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void create_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t get_c_locale(void)
{
    pthread_once(&c_locale_once, create_c_locale);
    return c_locale;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the run of ASCII digits at s[i..len). */
static size_t digit_run(const char *s, size_t i, size_t len)
{
    size_t start = i;
    while (i < len && is_digit(s[i]))
        i++;
    return i - start;
}

static bool matches_number_grammar(const char *s, size_t len, bool allow_plus)
{
    size_t i = 0;
    if (i < len && (s[i] == '-' || (allow_plus && s[i] == '+')))
        i++;
    if (i >= len)
        return false;
    if (s[i] == '0') {
        i++;                        /* a leading zero stands alone: "01" is not a number */
    } else {
        size_t n = digit_run(s, i, len);
        if (n == 0)
            return false;
        i += n;
    }
    if (i < len && s[i] == '.') {
        size_t n = digit_run(s, i + 1, len);
        if (n == 0)
            return false;
        i += 1 + n;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t n = digit_run(s, i, len);
        if (n == 0)
            return false;
        i += n;
    }
    return i == len;
}

/* Converts validated, NUL-terminated number text. Without a C locale object the
 * '.' is swapped for the current locale's decimal point before strtod sees it. */
static double convert_validated(char *text, size_t len, bool *ok)
{
    locale_t loc = get_c_locale();
    char *end = NULL;
    double v;
    if (loc != (locale_t)0) {
        v = strtod_l(text, &end, loc);
        *ok = end == text + len;
        return v;
    }
    const char *point = localeconv()->decimal_point;
    char *dot = strchr(text, '.');
    if (dot && point && point[0] && point[1] == '\0')
        *dot = point[0];
    v = strtod(text, &end);
    *ok = end == text + len;
    return v;
}

bool num_parse(const char *s, size_t len, bool allow_plus, double *out)
{
    if (!s || !out || !matches_number_grammar(s, len, allow_plus))
        return false;

    /* s[len] need not be a terminator, so convert a NUL-terminated copy. */
    char small[64];
    char *copy = small;
    if (len >= sizeof small) {
        copy = malloc(len + 1);
        if (!copy)
            return false;
    }
    memcpy(copy, s, len);
    copy[len] = '\0';

    bool ok = false;
    double v = convert_validated(copy, len, &ok);
    if (copy != small)
        free(copy);

    /* Overflow is an error; underflow rounds to a subnormal or zero, which is
     * the correctly rounded value. */
    if (!ok || isinf(v))
        return false;
    *out = v;
    return true;
}

bool num_parse_css(const char *s, size_t len, double *out)
{
    /* Rewrite into the JSON grammar ("+.5" -> "0.5", "5." -> "5.0", "007" -> "7"),
     * then read it with num_parse. */
    if (!s || len == 0 || len > 512)
        return false;
    char buf[520];
    size_t n = 0, i = 0;
    if (s[i] == '+' || s[i] == '-') {
        if (s[i] == '-')
            buf[n++] = '-';
        i++;
    }
    while (i + 1 < len && s[i] == '0' && is_digit(s[i + 1]))
        i++;
    if (i < len && s[i] == '.') {
        if (i + 1 >= len || !is_digit(s[i + 1]))
            return false;                   /* "." alone, or ".e5" */
        buf[n++] = '0';
    }
    size_t start = i;
    while (i < len && (is_digit(s[i]) || s[i] == '.')) {
        buf[n++] = s[i];
        i++;
    }
    if (i > start && s[i - 1] == '.')
        buf[n++] = '0';
    while (i < len)
        buf[n++] = s[i++];
    return num_parse(buf, n, false, out);
}

/* The decimal significand and exponent of printf's "%.*e" rendering of |v|:
 * |v| ~= 0.d1d2...dk * 10^point. Trailing zeros are dropped. */
typedef struct decimal_digits {
    char digits[24];
    int count;
    int point;
} decimal_digits;

static bool digits_with_precision(double magnitude, int precision, decimal_digits *d)
{
    char text[48];
    locale_t loc = get_c_locale();
    locale_t previous = (locale_t)0;
    if (loc != (locale_t)0)
        previous = uselocale(loc);
    int n = snprintf(text, sizeof text, "%.*e", precision - 1, magnitude);
    if (loc != (locale_t)0 && previous != (locale_t)0)
        uselocale(previous);
    if (n <= 0 || (size_t)n >= sizeof text)
        return false;

    /* "d.ddde+XX": digits, then whatever the decimal point is, then the exponent. */
    const char *c = text;
    d->count = 0;
    while (*c && *c != 'e') {
        if (is_digit(*c) && d->count < (int)sizeof d->digits)
            d->digits[d->count++] = *c;
        c++;
    }
    if (*c != 'e' || d->count == 0)
        return false;
    int exponent = atoi(c + 1);
    while (d->count > 1 && d->digits[d->count - 1] == '0')
        d->count--;
    d->point = exponent + 1;
    return true;
}

/* ECMAScript Number::toString layout of the digits; returns the length. */
static int layout_digits(char *out, bool negative, const decimal_digits *d)
{
    int k = d->count, n = d->point, len = 0;
    if (negative)
        out[len++] = '-';
    if (k <= n && n <= 21) {
        memcpy(out + len, d->digits, (size_t)k);
        len += k;
        for (int i = k; i < n; i++)
            out[len++] = '0';
    } else if (0 < n && n <= 21) {
        memcpy(out + len, d->digits, (size_t)n);
        len += n;
        out[len++] = '.';
        memcpy(out + len, d->digits + n, (size_t)(k - n));
        len += k - n;
    } else if (-6 < n && n <= 0) {
        out[len++] = '0';
        out[len++] = '.';
        for (int i = 0; i < -n; i++)
            out[len++] = '0';
        memcpy(out + len, d->digits, (size_t)k);
        len += k;
    } else {
        out[len++] = d->digits[0];
        if (k > 1) {
            out[len++] = '.';
            memcpy(out + len, d->digits + 1, (size_t)(k - 1));
            len += k - 1;
        }
        len += sprintf(out + len, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
    }
    out[len] = '\0';
    return len;
}

static int copy_out(char *buf, size_t size, const char *text, int len)
{
    if (buf && size > 0) {
        size_t n = (size_t)len < size - 1 ? (size_t)len : size - 1;
        memcpy(buf, text, n);
        buf[n] = '\0';
    }
    return len;
}

/* Lays out v with `precision` significant digits into text (room for 64
 * bytes); true if that text reads back as exactly v. */
static bool format_with_precision(double v, int precision, char *text, int *len)
{
    decimal_digits d;
    if (!digits_with_precision(fabs(v), precision, &d))
        return false;
    *len = layout_digits(text, signbit(v) != 0, &d);
    double back;
    return num_parse(text, (size_t)*len, false, &back) && memcmp(&back, &v, sizeof v) == 0;
}

int num_format(char *buf, size_t size, double v)
{
    if (isnan(v))
        return copy_out(buf, size, "nan", 3);
    if (isinf(v))
        return v < 0 ? copy_out(buf, size, "-inf", 4) : copy_out(buf, size, "inf", 3);
    if (v == 0)
        return signbit(v) ? copy_out(buf, size, "-0", 2) : copy_out(buf, size, "0", 1);

    /* The fewest significant digits that read back exactly. If p correctly
     * rounded digits round-trip, so do p + 1 (they are at least as close), so
     * a binary search over 1..17 finds the same precision as trying each in
     * turn; 17 digits always round-trip. */
    char best[64], trial[64];
    int best_len = 0, trial_len = 0;
    int lo = 1, hi = 17;
    bool have_best = false;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (format_with_precision(v, mid, trial, &trial_len)) {
            hi = mid;
            memcpy(best, trial, (size_t)trial_len + 1);
            best_len = trial_len;
            have_best = true;
        } else {
            lo = mid + 1;
        }
    }
    if (!have_best)
        format_with_precision(v, 17, best, &best_len);
    return copy_out(buf, size, best, best_len);
}
