/* Time strings and frame rates, resolved to whole frames.
 *
 * A time of s seconds lands on frame round_half_up(s * fps). Doing that in
 * binary floating point would make "0.1s" at 30000/1001 fps depend on how 0.1
 * happens to round, so the product is formed exactly from the decimal digits
 * as written: the integer seconds are multiplied out in 128-bit integers and
 * the fractional digits are folded in by long multiplication from the right,
 * keeping only a carry and a "something was left over" flag. That needs no
 * big-number arithmetic and works for any number of digits. */
#include "scene/timeparse.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* __extension__: GCC and Clang provide 128-bit integers on 64-bit targets. */
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

#define EXPECTED_TIME "expected a time like 1.5s, 45f, 250ms or 00:00:01.500"
#define EXPECTED_FPS "expected a frame rate like 30, 29.97 or 30000/1001"

static bool fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

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

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) { (*s)++; (*len)--; }
    while (*len > 0 && is_space((*s)[*len - 1])) (*len)--;
}

static size_t count_digits(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && is_digit(s[i])) i++;
    return i;
}

/* Value of a run of digits, or false when it exceeds limit. */
static bool digits_value(const char *s, size_t len, u128 limit, u128 *out)
{
    u128 v = 0;
    for (size_t i = 0; i < len; i++) {
        v = v * 10 + (u128)(s[i] - '0');
        if (v > limit) return false;
    }
    *out = v;
    return true;
}

/* ---- exact decimal times -------------------------------------------------- */

/* A non-negative decimal: the digits ip[0..nip) then fp[0..nfp), with the
 * decimal point exp places to the right of where it was written. */
typedef struct decimal {
    const char *ip, *fp;
    size_t nip, nfp;
    long long exp;
} decimal;

#define EXP_LIMIT 1000000000000LL   /* beyond this every value is out of range or zero */

static int dec_digit(const decimal *d, long long i)
{
    if (i < 0) return 0;
    size_t u = (size_t)i;
    if (u < d->nip) return d->ip[u] - '0';
    if (u - d->nip < d->nfp) return d->fp[u - d->nip] - '0';
    return 0;
}

/* Reads "digits[.digits][e[+-]digits]" filling all of s[0..len). */
static bool dec_parse(const char *s, size_t len, decimal *d)
{
    size_t i = count_digits(s, len);
    if (i == 0) return false;
    d->ip = s;
    d->nip = i;
    d->fp = s + i;
    d->nfp = 0;
    d->exp = 0;
    if (i < len && s[i] == '.') {
        i++;
        size_t n = count_digits(s + i, len - i);
        if (n == 0) return false;
        d->fp = s + i;
        d->nfp = n;
        i += n;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool neg = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        size_t n = count_digits(s + i, len - i);
        if (n == 0) return false;
        long long e = 0;
        for (size_t k = 0; k < n; k++)
            if (e < EXP_LIMIT) e = e * 10 + (s[i + k] - '0');
        if (e > EXP_LIMIT) e = EXP_LIMIT;
        d->exp = neg ? -e : e;
        i += n;
    }
    return i == len;
}

/* For x = A + 0.f1 f2 ... fk (f_i supplied by frac digits of d from index
 * fstart on, after lead_zeros implied zeros) computes m = floor(x*num/den + 1/2)
 * and whether x*num/den + 1/2 is exactly an integer (a tie). Returns false
 * when m does not fit in int64.
 *
 * With T = 2*num, x*num/den + 1/2 = (T*x + den) / (2*den). T*0.f1...fk is built
 * by long multiplication from the last digit: each step keeps the carry
 * floor(partial/10) and notes any non-zero remainder, so the carry ends as
 * floor(T*0.f) exactly and the flag says whether T*0.f had a fractional part.
 * Flooring the numerator before dividing by the integer 2*den does not change
 * the quotient. */
static bool frame_round(u128 a, const decimal *d, long long fstart, long long lead_zeros,
                        rational fps, int64_t *m, bool *tie)
{
    u128 twice_num = (u128)fps.num * 2;
    u128 carry = 0;
    bool inexact = false;
    long long n = (long long)(d->nip + d->nfp);
    for (long long i = n - 1; i >= fstart; i--) {
        u128 t = (u128)dec_digit(d, i) * twice_num + carry;   /* carry < twice_num */
        if (t % 10) inexact = true;
        carry = t / 10;
    }
    for (long long z = 0; z < lead_zeros && carry != 0; z++) {
        if (carry % 10) inexact = true;
        carry /= 10;
    }
    if (a > ((u128)1 << 126) / twice_num) return false;
    u128 s = a * twice_num + carry + (u128)fps.den;
    u128 q = s / ((u128)fps.den * 2);
    if (q > (u128)INT64_MAX) return false;
    *m = (int64_t)q;
    *tie = !inexact && s % ((u128)fps.den * 2) == 0;
    return true;
}

/* Frame of the decimal d (seconds, non-negative), negated when neg. */
static bool decimal_frame(const decimal *d, bool neg, rational fps, int64_t *frame)
{
    long long n = (long long)(d->nip + d->nfp);
    long long first = 0;   /* first non-zero digit */
    while (first < n && dec_digit(d, first) == 0) first++;
    if (first == n) { *frame = 0; return true; }

    long long point = (long long)d->nip + d->exp;   /* digits before the point */
    /* A with more than 38 digits cannot give a frame that fits in int64. */
    if (point - first > 38) return false;
    u128 a = 0;
    for (long long i = first; i < point; i++) a = a * 10 + (u128)dec_digit(d, i);

    long long fstart = point > 0 ? point : 0;
    long long lead_zeros = point < 0 ? -point : 0;
    int64_t m;
    bool tie;
    if (!frame_round(a, d, fstart, lead_zeros, fps, &m, &tie)) return false;
    /* round half up on the negative side: floor(-w + 1/2) = -(ceil(w - 1/2)) */
    *frame = neg ? -(tie ? m - 1 : m) : m;
    return true;
}

/* ---- timecode ------------------------------------------------------------- */

typedef struct field { const char *s; size_t len; } field;

static bool timecode_frame(const char *text, const char *s, size_t len, bool neg, rational fps,
                           int64_t *frame, char *err, size_t errsize)
{
    field f[5];
    size_t nf = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == ':') {
            if (nf == 5) return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);
            f[nf].s = s + start;
            f[nf].len = i - start;
            nf++;
            start = i + 1;
        }
    }
    if (nf < 2 || nf > 4) return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);

    /* The last field may carry a fraction (except SMPTE frames); every other
     * field is a plain run of digits. */
    field *last = &f[nf - 1];
    size_t last_int = count_digits(last->s, last->len);
    decimal frac = { 0 };
    bool has_frac = false;
    if (last_int < last->len) {
        if (nf == 4 || last->s[last_int] != '.') return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);
        size_t nd = count_digits(last->s + last_int + 1, last->len - last_int - 1);
        if (nd == 0 || last_int + 1 + nd != last->len) return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);
        frac.ip = last->s + last_int + 1;
        frac.nip = 0;
        frac.fp = frac.ip;
        frac.nfp = nd;
        has_frac = true;
        last->len = last_int;
    }
    for (size_t i = 0; i < nf; i++)
        if (f[i].len == 0 || count_digits(f[i].s, f[i].len) != f[i].len)
            return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);
    if (nf == 2 && !has_frac)
        return fail(err, errsize, "ambiguous time \"%s\": write HH:MM:SS (00:%.*s) or MM:SS.fff (%.*s.000)",
                    text, (int)len, s, (int)len, s);

    /* Field roles: [HH:]MM:SS[:FF]; hours may have any number of digits, the
     * others are two digits in timecode but one is tolerated when leading. */
    const field *hh = nf >= 3 ? &f[0] : NULL;
    const field *mm = nf >= 3 ? &f[1] : &f[0];
    const field *ss = nf >= 3 ? &f[2] : &f[1];
    const field *ff = nf == 4 ? &f[3] : NULL;
    if ((hh && mm->len != 2) || (!hh && mm->len > 2) || ss->len != 2)
        return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);

    u128 h = 0, mi = 0, se = 0;
    if (hh && !digits_value(hh->s, hh->len, (u128)1 << 100, &h)) return fail(err, errsize, "time out of range");
    digits_value(mm->s, mm->len, 99, &mi);
    digits_value(ss->s, ss->len, 99, &se);
    if (mi >= 60) return fail(err, errsize, "timecode minutes must be below 60, got \"%s\"", text);
    if (se >= 60) return fail(err, errsize, "timecode seconds must be below 60, got \"%s\"", text);
    u128 secs = h * 3600 + mi * 60 + se;

    if (ff) {
        /* Non-drop SMPTE: every timecode second holds ceil(fps) frames. */
        u128 base = ((u128)fps.num + (u128)fps.den - 1) / (u128)fps.den;
        u128 fr;
        if (!digits_value(ff->s, ff->len, (u128)1 << 64, &fr) || fr >= base)
            return fail(err, errsize, "timecode frames must be below %lld at this frame rate, got \"%s\"",
                        (long long)base, text);
        if (secs > ((u128)INT64_MAX - fr) / base) return fail(err, errsize, "time out of range");
        int64_t v = (int64_t)(secs * base + fr);
        *frame = neg ? -v : v;
        return true;
    }

    frac.exp = 0;
    int64_t m;
    bool tie;
    if (!frame_round(secs, &frac, 0, 0, fps, &m, &tie)) return fail(err, errsize, "time out of range");
    *frame = neg ? -(tie ? m - 1 : m) : m;
    return true;
}

/* ---- public --------------------------------------------------------------- */

static bool fps_valid(rational fps)
{
    return fps.num > 0 && fps.den > 0;
}

bool time_parse(const char *text, rational fps, bool allow_negative,
                int64_t *frame, char *err, size_t errsize)
{
    if (!text) return fail(err, errsize, EXPECTED_TIME ", got nothing");
    if (!fps_valid(fps)) return fail(err, errsize, "invalid frame rate");
    const char *s = text;
    size_t len = strlen(text);
    trim(&s, &len);

    bool neg = len > 0 && s[0] == '-';
    if (neg) {
        if (!allow_negative) return fail(err, errsize, "negative time \"%s\" is not allowed here", text);
        s++;
        len--;
    }
    if (len == 0) return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);

    if (memchr(s, ':', len)) return timecode_frame(text, s, len, neg, fps, frame, err, errsize);

    if (s[len - 1] == 'f') {
        size_t n = len - 1;
        if (n == 0) return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);
        if (count_digits(s, n) != n) {
            decimal d;
            if (dec_parse(s, n, &d)) return fail(err, errsize, "frame count must be a whole number, got \"%s\"", text);
            return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);
        }
        u128 v;
        if (!digits_value(s, n, (u128)INT64_MAX, &v)) return fail(err, errsize, "time out of range");
        *frame = neg ? -(int64_t)v : (int64_t)v;
        return true;
    }

    long long shift = 0;
    if (len >= 2 && s[len - 2] == 'm' && s[len - 1] == 's') { len -= 2; shift = -3; }
    else if (s[len - 1] == 's') len -= 1;

    decimal d;
    if (!dec_parse(s, len, &d)) return fail(err, errsize, EXPECTED_TIME ", got \"%s\"", text);
    d.exp += shift;
    if (!decimal_frame(&d, neg, fps, frame)) return fail(err, errsize, "time out of range");
    return true;
}

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;   /* written once under pthread_once, then read-only */

static void c_locale_init(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

bool time_from_seconds(double seconds, rational fps, bool allow_negative,
                       int64_t *frame, char *err, size_t errsize)
{
    if (!fps_valid(fps)) return fail(err, errsize, "invalid frame rate");
    if (isnan(seconds)) return fail(err, errsize, "time is not a number");
    if (isinf(seconds)) return fail(err, errsize, "time out of range");
    if (seconds == 0.0) { *frame = 0; return true; }   /* also -0.0 */

    pthread_once(&c_locale_once, c_locale_init);
    if (c_locale == (locale_t)0) return fail(err, errsize, "cannot create the C locale");

    /* Shortest text that reads back as the same double: the digits the author
     * most likely wrote. printf follows the thread's LC_NUMERIC, so switch this
     * thread to "C" for the duration. */
    char buf[40];
    locale_t old = uselocale(c_locale);
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, seconds);
        if (strtod_l(buf, NULL, c_locale) == seconds) break;
    }
    uselocale(old);

    const char *s = buf;
    bool neg = s[0] == '-';
    if (neg) {
        if (!allow_negative) return fail(err, errsize, "negative time %s is not allowed here", buf);
        s++;
    }
    decimal d;
    if (!dec_parse(s, strlen(s), &d)) return fail(err, errsize, "time out of range");
    if (!decimal_frame(&d, neg, fps, frame)) return fail(err, errsize, "time out of range");
    return true;
}

static u128 gcd_u128(u128 a, u128 b)
{
    while (b) { u128 t = a % b; a = b; b = t; }
    return a;
}

bool fps_parse(const char *text, rational *out, char *err, size_t errsize)
{
    if (!text) return fail(err, errsize, EXPECTED_FPS ", got nothing");
    const char *s = text;
    size_t len = strlen(text);
    trim(&s, &len);

    size_t ni = count_digits(s, len);
    if (ni == 0) return fail(err, errsize, EXPECTED_FPS ", got \"%s\"", text);
    /* Leading zeros carry no value; skipping them keeps the digit limits honest. */
    const char *ip = s;
    size_t nip = ni;
    while (nip > 1 && ip[0] == '0') { ip++; nip--; }

    u128 num, den = 1;
    const u128 lim = (u128)INT64_MAX;
    if (ni == len) {
        if (!digits_value(ip, nip, lim, &num)) return fail(err, errsize, "frame rate must be greater than 0 and at most 1000, got \"%s\"", text);
    } else if (s[ni] == '.') {
        const char *fp = s + ni + 1;
        size_t nfp = count_digits(fp, len - ni - 1);
        if (nfp == 0 || ni + 1 + nfp != len) return fail(err, errsize, EXPECTED_FPS ", got \"%s\"", text);
        while (nfp > 0 && fp[nfp - 1] == '0') nfp--;   /* 29.970 is 2997/100 */
        if (!digits_value(ip, nip, lim, &num)) return fail(err, errsize, "frame rate must be greater than 0 and at most 1000, got \"%s\"", text);
        if (nfp > 18) return fail(err, errsize, "frame rate has too many digits, got \"%s\"", text);
        for (size_t i = 0; i < nfp; i++) {
            num = num * 10 + (u128)(fp[i] - '0');
            den *= 10;
            if (num > lim) return fail(err, errsize, "frame rate has too many digits, got \"%s\"", text);
        }
    } else if (s[ni] == '/') {
        const char *dp = s + ni + 1;
        size_t nd = count_digits(dp, len - ni - 1);
        if (nd == 0 || ni + 1 + nd != len) return fail(err, errsize, EXPECTED_FPS ", got \"%s\"", text);
        while (nd > 1 && dp[0] == '0') { dp++; nd--; }
        if (!digits_value(ip, nip, lim, &num) || !digits_value(dp, nd, lim, &den))
            return fail(err, errsize, "frame rate has too many digits, got \"%s\"", text);
        if (den == 0) return fail(err, errsize, "frame rate denominator must be greater than 0, got \"%s\"", text);
    } else {
        return fail(err, errsize, EXPECTED_FPS ", got \"%s\"", text);
    }

    if (num == 0 || num > den * 1000)
        return fail(err, errsize, "frame rate must be greater than 0 and at most 1000, got \"%s\"", text);
    u128 g = gcd_u128(num, den);
    out->num = (int64_t)(num / g);
    out->den = (int64_t)(den / g);
    return true;
}

double frame_to_seconds(int64_t f, rational fps)
{
    if (!fps_valid(fps)) return 0.0;
    /* Split into whole and fractional seconds so large frame counts keep precision. */
    i128 t = (i128)f * fps.den;
    i128 q = t / fps.num, r = t % fps.num;
    return (double)q + (double)r / (double)fps.num;
}
